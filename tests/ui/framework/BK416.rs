#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let audit = backup::Framework { name: "audit", controls: [Control { name: "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED" }] };
    }
}

fn main() {}
