#![allow(dead_code)]
//! Seed defect D13, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed() {
        let dashboard = cloudwatch::Dashboard {
            name: "backup-monitoring-dev",
            widgets: [Widget {
                kind: "metric",
                title: "S3 Backup Storage",
                metrics: [
                    Metric { namespace: "AWS/S3", name: "BucketSizeBytes", dimensions: [("BucketName", "backup-storage-dev")], stat: "Average" },
                ],
                period: 86400,
            }],
        };
    }
}

fn main() {}
