#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    #[objectives(rpo_hour = 24, retention_days = "35", rpo_hours = 0)]
    pub fn case() {
        let key = kms::Key { description: "backups" };
    }
}

fn main() {}
