#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case(#[default("dev")] env: &str) {
        let key = kms::Key { description: "backups" };
        let primary = backup::Vault { name: "primary", kms_key: if env == "prod" { let k = key; k } else { key } };
    }
}

fn main() {}
