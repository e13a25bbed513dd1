#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let dashboard = cloudwatch::Dashboard { name: "backup monitoring", widgets: [Widget { kind: "text", markdown: "# Backups" }] };
    }
}

fn main() {}
