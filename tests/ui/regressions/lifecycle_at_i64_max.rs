//! Once a panic in the macro ("attempt to add with overflow"): lifecycle arithmetic on i64::MAX.
//! Now BK031 on the token.
#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let v = backup::Vault { name: "primary" };
        let p = backup::Plan { name: "p", rules: [Rule { name: "r", vault: v, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { cold_storage_after_days: 9223372036854775807, delete_after_days: 180 } }] };
    }
}

fn main() {}
