//! The stacks backup-dsl ships. `synth` runs [`BACKUP_INFRASTRUCTURE`], the seed's port, by
//! default.

pub mod core;
pub mod seed;

pub use crate::core::{backup_core, BACKUP_CORE};
pub use crate::seed::{backup_infrastructure, BACKUP_INFRASTRUCTURE};

/// Every stack `synth` knows, the default first.
pub const STACKS: &[backup_dsl::StackDef] = &[BACKUP_INFRASTRUCTURE, BACKUP_CORE];
