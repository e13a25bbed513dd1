#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let bucket = s3::Bucket { name: "backup-storage-dev", lifecycle_rules: [LifecycleRule { id: "ia", transitions: [Transition { days: 7, storage_class: "STANDARD_IA" }] }] };
    }
}

fn main() {}
