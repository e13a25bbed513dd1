#![allow(dead_code)]
//! Seed defect D08, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed() {
        let kms_key = kms::Key { description: "KMS key for backup encryption", rotation: true, deletion_window_days: 30 };
        let cross_region_vault = backup::Vault {
            region: "us-west-2",
            name: "cross-region-backup-vault-dev",
            kms_key: kms_key,
            tags: [("Type", "CrossRegion"), ("Region", "us-west-2")],
        };
    }
}

fn main() {}
