#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let locked = s3::Bucket { name: "locked-dev", versioning: "Enabled", object_lock: ObjectLock { mode: "GOVERNANCE", days: 30 } };
        let bucket = s3::Bucket { name: "backup-storage-dev", access_logs: AccessLogs { bucket: locked } };
    }
}

fn main() {}
