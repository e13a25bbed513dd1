#![allow(dead_code)]
//! Seed defect D16, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn seed() {
        let kms_key = kms::Key { description: "KMS key for backup encryption" };
        let airgapped_vault = backup::Vault {
            name: "airgapped-backup-vault-dev",
            kms_key: kms_key,
            lock: Lock { mode: "governance", min_retention_days: 30, max_retention_days: 365 },
        };
        let backup_plan = backup::Plan {
            name: "daily-backup-plan-dev",
            rules: [Rule {
                name: "critical-backup-rule",
                vault: airgapped_vault,
                schedule: "cron(0 4 * * ? *)",
                lifecycle: Lifecycle { delete_after_days: 365 },
                copy: [Copy { to: airgapped_vault, lifecycle: Lifecycle { delete_after_days: 30 } }],
            }],
        };
    }
}

fn main() {}
