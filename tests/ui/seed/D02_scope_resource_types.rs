#![allow(dead_code)]
//! Seed defect D2, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed() {
        let backup_audit_framework = backup::Framework {
            name: "backup_compliance_framework_dev",
            controls: [Control {
                name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
                scope: Scope { resourceTypes: ["S3", "DynamoDB"] },
            }],
        };
    }
}

fn main() {}
