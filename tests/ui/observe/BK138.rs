#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let dashboard = cloudwatch::Dashboard { name: "backups", widgets: [Widget { kind: "metric", metrics: [Metric { namespace: "AWS/Backup", name: "NumberOfBackupJobsFailed", id: "Failed" }] }] };
    }
}

fn main() {}
