#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let alias = kms::Alias { region: "us-west-2", name: "alias/backup", key: key };
    }
}

fn main() {}
