#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    let key = kms::Key { description: "a body without its fn" };
}

fn main() {}
