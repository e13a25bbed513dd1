#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let audit = backup::Framework { name: "audit", controls: [Control { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", scope: Scope { resource_types: ["Dynamo"] } }] };
    }
}

fn main() {}
