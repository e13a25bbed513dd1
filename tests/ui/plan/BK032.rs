#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { cold_storage_after_days: 30, delete_after_days: 60 } }] };
    }
}

fn main() {}
