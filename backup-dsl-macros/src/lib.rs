//! The `stack!` procedural macro of backup-dsl.
//!
//! In backup-dsl's layers the macro is a consumer (layer 5): it uses the schema, the model, the
//! rules (through `Stack::check`) and the diagnostics, and nothing uses it in return.
//!
//! A thin shim: `backup_dsl::syntax` parses the DSL and lowers it into the `backup-dsl` model
//! (with `Unknown` for values only known at run time) and a span map (`synth --watch` shares
//! that code), `check` runs the model's own rules and maps every diagnostic back to the
//! offending token, and `expand` writes the Rust that builds the same model at run time. See
//! the `backup-dsl` README for the DSL reference.

mod check;
mod expand;
#[cfg(test)]
mod fuzz;

use proc_macro::TokenStream;

/// Declares one or more stack components.
///
/// ```ignore
/// stack! {
///     /// Nightly backups.
///     #[region("us-east-1")]
///     pub fn core(#[default("dev")] env: &str) {
///         let key = kms::Key { description: "backups", rotation: true };
///         let primary = backup::Vault { name: format!("primary-{env}"), kms_key: key };
///     }
/// }
/// ```
///
/// Each `fn` becomes a function returning the unchecked `backup_dsl::Stack`, and a constant
/// `backup_dsl::StackDef` named after it in upper case for the `synth` runner. Every rule runs at
/// compile time on what the macro can evaluate; `Stack::build()` runs them all again at run time.
#[proc_macro]
pub fn stack(input: TokenStream) -> TokenStream {
    expand::stack(input.into()).into()
}
