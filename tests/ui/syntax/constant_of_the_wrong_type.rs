#![allow(dead_code)]
use backup_dsl_macros::stack;

const DAILY_RETENTION: &str = "35 days";
const RETENTION_DAYS: u32 = 35;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let vault = backup::Vault { name: RETENTION_DAYS };
        let plan = backup::Plan {
            name: "daily",
            rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: DAILY_RETENTION } }],
        };
    }
}

fn main() {}
