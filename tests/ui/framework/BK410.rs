#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn case() {
        let catalog = dynamodb::Table { name: "backup-catalog", hash_key: "backupId", attributes: [("backupId", "S")] };
        let audit = backup::Framework { name: "audit", controls: [Control { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", scope: Scope { resource_types: ["S3", "DynamoDB"] } }] };
    }
}

fn main() {}
