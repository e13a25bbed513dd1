#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    pub fn regionless() {
        let key = kms::Key { description: "backups" };
    }
}

fn main() {}
