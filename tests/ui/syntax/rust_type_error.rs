#![allow(dead_code)]
//! A Rust expression the macro cannot evaluate is type-checked by rustc on the user's tokens.
use backup_dsl_macros::stack;

struct NotAValue;

fn not_a_value() -> NotAValue {
    NotAValue
}

stack! {
    #[region("us-east-1")]
    pub fn typed() {
        let key = kms::Key { description: not_a_value() };
    }
}

fn main() {}
