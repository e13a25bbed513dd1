#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn case() {
        let report = backup::ReportPlan { name: "jobs", template: "SCAN_JOB_REPORT", bucket: "backup-reports", formats: ["CSV"] };
    }
}

fn main() {}
