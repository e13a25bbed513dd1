#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let bucket = s3::Bucket { name: "backup-storage-dev", lifecycle_rules: [LifecycleRule { id: "tiers", transitions: [Transition { days: 90, storage_class: "GLACIER" }, Transition { days: 180, storage_class: "STANDARD_IA" }] }] };
    }
}

fn main() {}
