//! Layer 5, a consumer: the `stack!` syntax read outside the compiler.
//!
//! The `stack!` macro (`backup-dsl-macros`) and `synth --watch` share this code: `parse` reads
//! the DSL, `lower` turns a component into the model (with [`crate::Value::Unknown`] for values
//! only known at run time) and a map from every (resource, field path) to its tokens, and
//! `relower` finds what an edit of a component's source changed in its model. Behind the
//! `syntax` feature (it needs `syn`); an implementation detail of those two front ends, with no
//! stability promise, hence hidden from the documentation.

#![allow(missing_docs)]

pub mod cond;
pub mod lower;
pub mod parse;
pub mod relower;
