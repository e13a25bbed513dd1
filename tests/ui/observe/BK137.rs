#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let dashboard = cloudwatch::Dashboard { name: "backups", widgets: [Widget { kind: "metric", metrics: [Metric { namespace: "AWS/S3", name: "BucketSizeBytes", dimensions: [("BucketName", "backup-storage-dev")] }] }] };
    }
}

fn main() {}
