#![allow(dead_code)]
//! A huge literal range is measured, not iterated: the macro refuses it at once.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn huge() {
        for i in 0..=9223372036854775807 {
            let role = iam::Role { name: format!("client-{i}"), assumed_by: ["backup.amazonaws.com"] };
        }
    }
}

fn main() {}
