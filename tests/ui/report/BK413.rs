#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn case() {
        let reports = s3::Bucket { name: "backup-reports-dev" };
        let report = backup::ReportPlan { name: "jobs", template: "BACKUP_JOB_REPORT", bucket: reports };
    }
}

fn main() {}
