#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![allow(BK999)]
    #[region("us-east-1")]
    pub fn lints() {
        let key = kms::Key { description: "backups" };
    }
}

fn main() {}
