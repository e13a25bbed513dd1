#![allow(dead_code)]
//! Seed defect D25, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn seed() {
        let backup_audit_framework = backup::Framework {
            name: "backup_compliance_framework_dev",
            controls: [Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" }],
        };
        let backup_report_plan = backup::ReportPlan {
            name: "backup_compliance_report_dev",
            description: "Daily backup compliance audit report",
            template: "BACKUP_JOB_REPORT",
            bucket: "backup-audit-reports-dev",
            formats: ["CSV", "JSON"],
            frameworks: [backup_audit_framework],
        };
    }
}

fn main() {}
