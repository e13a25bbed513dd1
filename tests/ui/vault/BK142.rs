#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key, deletion_policy: "Delete" };
    }
}

fn main() {}
