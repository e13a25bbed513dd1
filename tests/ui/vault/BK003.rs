#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let vault = backup::Vault { name: "primary", kms_key: "arn:aws:kms:us-east-1:111122223333:alias/backup" };
    }
}

fn main() {}
