#![allow(dead_code)]
//! Seed defect D07, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed() {
        let kms_key = kms::Key { description: "KMS key for backup encryption", rotation: true, deletion_window_days: 30 };
        let west_key = kms::Key { region: "us-west-2", description: "copies" };
        let primary_vault = backup::Vault { name: "primary-backup-vault-dev", kms_key: kms_key };
        let cross_region_vault = backup::Vault { region: "us-west-2", name: "cross-region-backup-vault-dev", kms_key: west_key };
        let backup_plan = backup::Plan {
            name: "daily-backup-plan-dev",
            rules: [Rule {
                name: "cross-region-backup-rule",
                vault: primary_vault,
                schedule: "cron(0 6 * * ? *)",
                start_window_minutes: 60,
                completion_window_minutes: 180,
                lifecycle: Lifecycle { delete_after_days: 90 },
                copy: [Copy { to: cross_region_vault, lifecycle: Lifecycle { cold_storage_after_days: 30, delete_after_days: 60 } }],
            }],
        };
    }
}

fn main() {}
