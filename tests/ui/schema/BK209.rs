#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let a = iam::Role { name: "backup", assumed_by: ["backup.amazonaws.com"] };
        let b = iam::Role { name: "Backup", assumed_by: ["backup.amazonaws.com"] };
    }
}

fn main() {}
