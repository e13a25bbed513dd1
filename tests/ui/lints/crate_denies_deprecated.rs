#![allow(dead_code)]
//! Warnings are rustc warnings on the offending token; a crate that denies `deprecated` (or
//! `warnings`) turns them into errors without touching the stack.
#![deny(deprecated)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn lints() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key, deletion_policy: "Delete" };
    }
}

fn main() {}
