#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let air_gapped = backup::LogicallyAirGappedVault { name: "air-gapped", min_retention_days: 30, max_retention_days: 365 };
        let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: air_gapped, lifecycle: Lifecycle { delete_after_days: 7 } }] }] };
    }
}

fn main() {}
