#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let catalog = dynamodb::Table { name: "backup-catalog", hash_key: "backupId", attributes: [("backupId", "S")], read_capacity: 5 };
    }
}

fn main() {}
