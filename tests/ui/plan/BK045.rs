#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    #[account("111122223333")]
    pub fn case() {
        let vault = backup::Vault { name: "primary" };
        let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: "arn:aws:backup:us-east-1:444455556666:backup-vault:dr" }] }] };
    }
}

fn main() {}
