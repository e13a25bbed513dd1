#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups", rotation: true, rotation_period_days: 30 };
    }
}

fn main() {}
