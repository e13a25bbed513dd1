#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let plan = backup::Plan { name: "weekly", rules: [Rule { name: "weekly", vault: vault, schedule: "cron(0 2 ? * SUN *)", lifecycle: Lifecycle { delete_after_days: 3 } }] };
    }
}

fn main() {}
