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

pub mod apply;
pub mod assets;
pub mod build;
pub mod codes;
pub mod diag;
pub mod emit;
pub mod examples;
#[doc(hidden)]
pub mod hash;
mod json_text;
mod json_tree;
pub mod model;
pub mod registry;
pub mod rules;
pub mod schema;
pub mod tz;
pub mod value;

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(any(test, feature = "fuzz"))]
pub mod fuzz;
#[cfg(feature = "syntax")]
#[doc(hidden)]
pub mod syntax;

pub use build::CheckedStack;
pub use diag::{Diagnostic, Report, Severity};
pub use model::{Resource, Stack};
pub use registry::{Param, ParamKind, StackDef};
pub use schema::Kind;
pub use value::{Name, Object, Value};

#[doc(hidden)]
pub mod __private {
    //! Used by the code `stack!` generates; not a public API.
    pub use crate::model::{LintLevels, Objectives, Parameter, Resource, Stack};
    pub use crate::registry::{Args, Param, ParamKind, SourceRef, StackDef};
    pub use crate::schema::Kind;
    pub use crate::value::{Lit, Name, Object, Value};

    /// A resource as `stack!` writes it: its struct's literal fields and the values of its
    /// slots, computed by the generated code in slot order.
    pub fn resource(
        id: String,
        kind: Kind,
        type_name: &'static str,
        fields: &'static [(&'static str, Lit)],
        slots: Vec<Option<Value>>,
    ) -> Resource {
        let mut slots = slots.into_iter();
        let body = Object::filled(type_name, fields, &mut slots);
        debug_assert!(slots.next().is_none(), "one value per slot");
        Resource { id, kind, body }
    }

    /// An integer field's value from any Rust integer; rustc rejects anything else on the
    /// user's tokens.
    pub fn int_field(v: impl IntField) -> Value {
        Value::Int(v.into_field())
    }

    /// A string field's value (names, enums, ARNs) from `&str` or `String`.
    pub fn str_field(v: impl StrField) -> Value {
        Value::Str(v.into_field())
    }

    /// The Rust types a string field takes.
    #[diagnostic::on_unimplemented(
        message = "BK203: this field takes a string, found `{Self}`",
        label = "expected a string here"
    )]
    pub trait StrField {
        /// The value.
        fn into_field(self) -> String;
    }

    impl StrField for &str {
        fn into_field(self) -> String {
            self.to_string()
        }
    }

    impl StrField for String {
        fn into_field(self) -> String {
            self
        }
    }

    impl StrField for &String {
        fn into_field(self) -> String {
            self.clone()
        }
    }

    /// A boolean field's value.
    pub fn bool_field(v: bool) -> Value {
        Value::Bool(v)
    }

    /// The Rust types an integer field takes.
    #[diagnostic::on_unimplemented(
        message = "BK203: this field takes an integer, found `{Self}`",
        label = "expected an integer here"
    )]
    pub trait IntField {
        /// The value, saturated to `i64` (every bound a rule checks is far below).
        fn into_field(self) -> i64;
    }

    macro_rules! int_field {
        ($($t:ty),*) => {$(
            impl IntField for $t {
                fn into_field(self) -> i64 {
                    Value::from(self).as_int().unwrap_or_default()
                }
            }
        )*};
    }
    int_field!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize, i128, u128);

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

#[cfg(test)]
mod layering {
    //! The crate's layers point one way: a module imports only from its own layer or below.

    /// Each module and its layer: 0 values and schema, 1 diagnostics, 2 the model, 3 the rules,
    /// 4 the checked stack, 5 its consumers.
    const LAYERS: &[(&str, u8)] = &[
        ("value", 0),
        ("hash", 0),
        ("schema", 0),
        ("codes", 0),
        ("examples", 0),
        ("tz", 0),
        ("json_tree", 0),
        ("json_text", 0),
        ("diag", 1),
        ("model", 2),
        ("registry", 2),
        ("rules", 3),
        ("build", 4),
        ("assets", 4),
        ("emit", 5),
        ("apply", 5),
        ("cli", 5),
        ("syntax", 5),
        ("fuzz", 5),
    ];

    fn layer(module: &str) -> u8 {
        LAYERS
            .iter()
            .find(|(m, _)| *m == module)
            .unwrap_or_else(|| panic!("module `{module}` has no layer in LAYERS"))
            .1
    }

    #[test]
    fn imports_point_down() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&src).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                files.extend(std::fs::read_dir(&p).unwrap().flatten().map(|e| e.path()));
            } else if p.file_name().is_some_and(|n| n != "lib.rs") {
                files.push(p);
            }
        }
        let mut upward = Vec::new();
        for file in files {
            let rel = file
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .to_string();
            let module = rel.split(['/', '.']).next().unwrap().to_string();
            let own = layer(&module);
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(
                text.starts_with(&format!("//! Layer {own}")),
                "{rel}: the first comment names the layer (`//! Layer {own}, ..`)"
            );
            // Tests may build fixtures from any layer; only the code itself is held to it.
            let code = text.split("#[cfg(test)]").next().unwrap();
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (i, _) in line.match_indices("crate::") {
                    let name: String = line[i + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if LAYERS.iter().any(|(m, _)| *m == name) && layer(&name) > own {
                        upward.push(format!("{rel} imports crate::{name}: {}", line.trim()));
                    }
                }
            }
        }
        assert!(
            upward.is_empty(),
            "imports pointing up a layer:\n{}",
            upward.join("\n")
        );
    }
}
