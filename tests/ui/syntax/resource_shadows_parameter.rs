#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn shadow(#[default("dev")] env: &str) {
        let env = kms::Key { description: "backups" };
    }
}

fn main() {}
