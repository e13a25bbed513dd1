#![allow(dead_code)]
//! Seed defect D11, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed() {
        for i in 1..=10 {
            let client_role = iam::Role {
                name: format!("backup-client-role-{i}-dev"),
                assumed_by: ["arn:aws:iam::123456789012:root"],
            };
        }
    }
}

fn main() {}
