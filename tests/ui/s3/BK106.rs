#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let bucket = s3::Bucket { name: "backup-storage-dev", object_lock: ObjectLock { mode: "COMPLIANCE", years: 7 } };
    }
}

fn main() {}
