#![allow(dead_code)]
use backup_dsl_macros::stack;

// `vault_3` is never declared: its condition `i <= 2` fails for i = 3.
stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "k" };
        for i in 1..=3 {
            if i <= 2 {
                let vault = backup::Vault { name: format!("vault-{i}"), kms_key: key };
            }
        }
        let plan = backup::Plan {
            name: "daily",
            rules: [Rule { name: "daily", vault: vault_3, lifecycle: Lifecycle { delete_after_days: 35 } }],
        };
    }
}

fn main() {}
