#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let west_key = kms::Key { region: "us-west-2", description: "copies" };
        let west = backup::Vault { region: "us-west-2", name: "west", kms_key: west_key };
        let east_plan = backup::Plan { name: "east", rules: [Rule { name: "daily", vault: vault, copy: [Copy { to: west }] }] };
        let west_plan = backup::Plan { region: "us-west-2", name: "west", rules: [Rule { name: "daily", vault: west, copy: [Copy { to: vault }] }] };
    }
}

fn main() {}
