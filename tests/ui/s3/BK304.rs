#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "inventory" };
        let reports = s3::Bucket { name: "inventory-dev", policy: [Statement { effect: "Allow", principals: ["s3.amazonaws.com"], actions: ["s3:PutObject"], resources: [ArnOf { resource: reports, suffix: "/*" }] }] };
        let bucket = s3::Bucket { name: "backup-storage-dev", inventories: [Inventory { name: "daily", destination: reports, kms_key: key }] };
    }
}

fn main() {}
