#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key, lock: Lock { mode: "governance", min_retention_days: 30, max_retention_days: 7 } };
    }
}

fn main() {}
