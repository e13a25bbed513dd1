#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let topic = sns::Topic { name: "backup-notifications", kms_key: key };
        let restore_test = iam::Role { name: "restore_test", assumed_by: ["self"], policies: [Policy { name: "p", statements: [Statement { effect: "Allow", actions: ["sns:Publish"], resources: [topic] }] }] };
    }
}

fn main() {}
