//! # backup-dsl
//!
//! Infrastructure as code for AWS Backup, checked by the Rust compiler.
//!
//! A stack is a graph of [`Resource`]s with stable logical ids and typed references. Every rule
//! lives here, as pure functions over that model ([`rules`]); the `stack!` macro of
//! `backup-dsl-macros` lowers its syntax to the same model and runs the same rules at compile
//! time, and [`Stack::build`] runs them at run time on the values only known then. A checked
//! stack is emitted as CloudFormation ([`emit::cfn`]) or Terraform JSON ([`emit::terraform`]).
//!
//! ```
//! use backup_dsl::{Kind, Resource, Stack, Value};
//!
//! let stack = Stack::new("core", "us-east-1")
//!     .with(Resource::new(Kind::KmsKey, "key").with("description", "backups"))
//!     .with(Resource::new(Kind::Vault, "primary").with("name", "primary").with("kms_key", Value::Ref("key".into())));
//! let checked = stack.build().expect("valid");
//! let templates = backup_dsl::emit::cfn::emit(&checked).unwrap();
//! assert_eq!(templates.templates.len(), 1);
//! ```
#![warn(missing_docs)]

pub mod assets;
pub mod codes;
pub mod diag;
pub mod emit;
pub mod model;
pub mod registry;
pub mod rules;
pub mod schema;
pub mod tz;
pub mod value;

#[cfg(feature = "cli")]
pub mod cli;

pub use diag::{Diagnostic, Report, Severity};
pub use model::{CheckedStack, Resource, Stack};
pub use registry::{Param, ParamKind, StackDef};
pub use schema::Kind;
pub use value::{Object, Value};

#[doc(hidden)]
pub mod __private {
    //! Used by the code `stack!` generates; not a public API.
    pub use crate::model::{LintLevels, Resource, Stack};
    pub use crate::registry::{Args, Param, ParamKind, StackDef};
    pub use crate::schema::Kind;
    pub use crate::value::{Object, Value};

    /// A map key from a literal or an expression.
    pub fn map_key(key: impl Into<Value>) -> String {
        match key.into() {
            Value::Str(s) => s,
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            other => other.describe(),
        }
    }
}
