#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let restore_test = iam::Role { name: "restore_test", assumed_by: ["self"], policies: [Policy { name: "p", statements: [Statement { effect: "Allow", actions: ["backup:StartRestoreJob", "backup:DescribeRestoreJob"], resources: ["*"] }] }] };
    }
}

fn main() {}
