#![allow(dead_code)]
//! One build reports every mistake, each on its own token.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn many(#[default("dev")] env: &str) {
        let key = kms::Key { description: "backups", rotaton: true };
        let primary = backup::Vault {
            name: "primary.vault",
            kms_key: key,
            lock: Lock { mode: "governance", min_retention_days: 7, max_retention_days: 2555 },
        };
        let west = backup::Vault { region: "us-west-2", name: format!("west-{env}"), kms_key: key };
        let daily = backup::Plan {
            name: format!("daily-{env}"),
            rules: [Rule {
                name: "daily",
                vault: primary,
                schedule: "cron(0 2 * * * *)",
                lifecycle: Lifecycle { delete_after_days: 3 },
                copy: [Copy { to: west, lifecycle: Lifecycle { cold_storage_after_days: 30, delete_after_days: 60 } }],
            }],
        };
        let audit = backup::Framework {
            name: format!("backup-compliance-{env}"),
            controls: [Control {
                name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                parameters: [("requiredFrequencyUnit", "DAILY")],
            }],
        };
    }
}

fn main() {}
