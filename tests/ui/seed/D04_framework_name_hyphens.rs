#![allow(dead_code)]
//! Seed defect D04, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed(#[default("dev")] env: &str) {
        let backup_audit_framework = backup::Framework {
            name: format!("backup-compliance-framework-{env}"),
            description: "Compliance framework for backup audit and governance",
            controls: [Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" }],
        };
    }
}

fn main() {}
