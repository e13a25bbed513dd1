#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let bucket = s3::Bucket { name: "acme-backup-storage-dev", versioning: "Enabled" };
        let client = iam::Role { name: "client", assumed_by: ["self"], policies: [Policy { name: "p", statements: [Statement { effect: "Allow", actions: ["s3:ListBucket"], resources: [ArnOf { resource: bucket, suffix: "/client-1/*" }] }] }] };
    }
}

fn main() {}
