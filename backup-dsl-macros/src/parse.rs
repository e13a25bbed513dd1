//! Parsing: the macro input is Rust-shaped (inner attributes, then `fn` items), so syn does the
//! work and every node keeps its span.

use syn::parse::{Parse, ParseStream};
use syn::{Attribute, ItemFn, Result};

/// The whole `stack! { .. }` input.
pub struct StackInput {
    /// `#![deny(warnings)]`, `#![allow(BK009)]`: apply to every component.
    pub inner_attrs: Vec<Attribute>,
    /// The components.
    pub components: Vec<ItemFn>,
}

impl Parse for StackInput {
    fn parse(input: ParseStream) -> Result<Self> {
        let inner_attrs = input.call(Attribute::parse_inner)?;
        let mut components = Vec::new();
        while !input.is_empty() {
            components.push(input.parse()?);
        }
        Ok(StackInput {
            inner_attrs,
            components,
        })
    }
}
