//! The stacks backup-dsl ships. `synth` runs [`BACKUP_CORE`] by default.

pub mod core;

pub use crate::core::{backup_core, BACKUP_CORE};

/// Every stack `synth` knows, the default first.
pub const STACKS: &[backup_dsl::StackDef] = &[BACKUP_CORE];
