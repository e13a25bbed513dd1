#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let logs = logs::LogGroup { name: "verify logs" };
    }
}

fn main() {}
