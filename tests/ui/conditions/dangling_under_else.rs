#![allow(dead_code)]
use backup_dsl_macros::stack;

// A resource declared in both branches may be referenced everywhere; one declared in a single
// branch of a nested condition may not, and the error names the whole condition.
stack! {
    #[region("us-east-1")]
    pub fn case(#[default("dev")] env: &str, #[default(false)] west: bool) {
        let key = kms::Key { description: "backups" };
        if env == "prod" {
            let primary = backup::Vault { name: "primary-prod", kms_key: key };
            if west {
                let west_key = kms::Key { region: "us-west-2", description: "copies" };
            }
        } else {
            let primary = backup::Vault { name: "primary-dev", kms_key: key };
        }
        let plan = backup::Plan {
            name: "daily",
            rules: [Rule { name: "daily", vault: primary, lifecycle: Lifecycle { delete_after_days: 35 } }],
        };
        if env == "prod" {
            let west_vault = backup::Vault { region: "us-west-2", name: "west", kms_key: west_key };
        }
    }
}

fn main() {}
