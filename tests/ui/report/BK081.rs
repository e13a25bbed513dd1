#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn case() {
        let audit = backup::Framework { name: "audit", controls: [Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" }] };
        let report = backup::ReportPlan { name: "jobs", template: "BACKUP_JOB_REPORT", bucket: "backup-reports", formats: ["CSV"], frameworks: [audit] };
    }
}

fn main() {}
