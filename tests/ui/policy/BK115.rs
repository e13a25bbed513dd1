#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let alias = kms::Alias { name: "alias/aws/backup", key: key };
    }
}

fn main() {}
