#![allow(dead_code)]
//! Seed defect D21, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn seed() {
        let kms_key = kms::Key { description: "KMS key for backup encryption" };
        let inventory_bucket = s3::Bucket { name: "backup-inventory-dev" };
        let backup_bucket = s3::Bucket {
            name: "backup-storage-dev",
            versioning: "Enabled",
            inventories: [Inventory { name: "daily-inventory", destination: inventory_bucket, versions: "Current", frequency: "Daily", format: "CSV" }],
        };
    }
}

fn main() {}
