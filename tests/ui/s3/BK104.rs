#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let bucket = s3::Bucket { name: "192.168.10.20" };
    }
}

fn main() {}
