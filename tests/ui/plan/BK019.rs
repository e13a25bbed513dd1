#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![allow(BK303)]
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let air_gapped = backup::LogicallyAirGappedVault { region: "eu-west-1", name: "air-gapped", min_retention_days: 7, max_retention_days: 90 };
        let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 2 * * ? *)", air_gapped_vault: air_gapped, lifecycle: Lifecycle { delete_after_days: 30 } }] };
    }
}

fn main() {}
