#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let report = backup::ReportPlan { name: "jobs", template: "BACKUP_JOB_REPORT", bucket: "Backup_Reports" };
    }
}

fn main() {}
