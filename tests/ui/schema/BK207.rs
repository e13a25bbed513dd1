#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let a = sns::Topic { name: "a", kms_key: b };
        let b = sns::Topic { name: "b", kms_key: a };
    }
}

fn main() {}
