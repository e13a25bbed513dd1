#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case(#[default("dev")] env: &str) {
        let key = kms::Key { description: "backups" };
        let primary = backup::Vault { name: format!("primary-{env}"), kms_key: key };
        if env == "prod" {
            let airgap = backup::LogicallyAirGappedVault { name: "airgap", min_retention_days: 7, max_retention_days: 365 };
        }
        let plan = backup::Plan {
            name: "daily",
            rules: [Rule { name: "daily", vault: primary, lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: airgap }] }],
        };
    }
}

fn main() {}
