#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let catalog = dynamodb::Table { name: "backup-catalog", hash_key: "backupId", attributes: [("backupId", "S")], point_in_time_recovery: true, recovery_period_days: 90 };
    }
}

fn main() {}
