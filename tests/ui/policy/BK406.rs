#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let client = iam::Role { name: "client-1", assumed_by: ["arn:aws:iam::123456789012:root"] };
    }
}

fn main() {}
