#![allow(dead_code)]
//! Seed defect D12, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed() {
        let backup_audit_framework = backup::Framework {
            name: "backup_compliance_framework_dev",
            controls: [Control {
                name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                parameters: [("requiredFrequencyUnit", "DAILY"), ("requiredFrequencyValue", "1"), ("requiredRetentionDays", "7")],
            }],
        };
    }
}

fn main() {}
