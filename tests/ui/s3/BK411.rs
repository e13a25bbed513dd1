#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn case() {
        let reports = s3::Bucket { name: "inventory-dev" };
        let bucket = s3::Bucket { name: "backup-storage-dev", inventories: [Inventory { name: "daily", destination: reports }] };
    }
}

fn main() {}
