#![allow(dead_code)]
use backup_dsl_macros::stack;

// Every branch is checked: prod's retention breaks the air-gapped vault's minimum, and the note
// says in which case.
stack! {
    #[region("us-east-1")]
    pub fn case(#[default("dev")] env: &str, #[default(1)] copies: u32) {
        let key = kms::Key { description: "backups" };
        let primary = backup::Vault { name: "primary", kms_key: key };
        let airgap = backup::LogicallyAirGappedVault { name: "airgap", min_retention_days: 7, max_retention_days: 365 };
        let plan = backup::Plan {
            name: "daily",
            rules: [Rule {
                name: "daily",
                vault: primary,
                lifecycle: Lifecycle { delete_after_days: if env == "prod" { 3 } else { 35 } },
                copy: if copies > 1 { [Copy { to: airgap }] } else { [] },
            }],
        };
    }
}

fn main() {}
