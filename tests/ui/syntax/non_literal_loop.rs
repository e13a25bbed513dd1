#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn roles(#[default(3)] count: u32) {
        for i in 0..count {
            let role = iam::Role { name: format!("client-{i}"), assumed_by: ["backup.amazonaws.com"] };
        }
    }
}

fn main() {}
