#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 } }] };
        let tests = backup::RestoreTestingPlan { name: "weekly", schedule: "cron(0 6 ? * SUN *)", algorithm: "LATEST_WITHIN_WINDOW", recovery_point_types: ["CONTINUOUS"], include_vaults: [vault] };
    }
}

fn main() {}
