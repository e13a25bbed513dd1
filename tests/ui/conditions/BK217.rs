#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case(#[default("dev")] #[one_of("staging", "prod")] env: &str) {
        let key = kms::Key { description: format!("backups {env}") };
    }
}

fn main() {}
