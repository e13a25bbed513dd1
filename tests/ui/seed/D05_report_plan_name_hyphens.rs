#![allow(dead_code)]
//! Seed defect D05, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed(#[default("dev")] env: &str) {
        let backup_report_plan = backup::ReportPlan {
            name: format!("backup-compliance-report-{env}"),
            template: "BACKUP_JOB_REPORT",
            bucket: "backup-audit-reports-dev",
            formats: ["CSV", "JSON"],
            key_prefix: "audit-reports/",
        };
    }
}

fn main() {}
