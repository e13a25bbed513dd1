#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key, access_policy: [Statement { effect: "Deny", principals: ["*"], actions: ["backup:*"], resources: ["*"] }] };
    }
}

fn main() {}
