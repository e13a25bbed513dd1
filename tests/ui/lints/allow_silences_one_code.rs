#![allow(dead_code)]
//! `#![allow(BKxxx)]` silences one warning; the other still fails the denied build.
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #![allow(BK142)]
    #[region("us-east-1")]
    pub fn lints() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault {
            name: "primary",
            kms_key: key,
            deletion_policy: "Delete",
            lock: Lock { mode: "compliance", min_retention_days: 7, changeable_for_days: 3 },
        };
    }
}

fn main() {}
