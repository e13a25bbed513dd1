//! Layer 5, consumers of a checked stack.
//!
//! `synth plan`, `apply` and `destroy`: the stack's AWS Backup resources applied through the AWS
//! API, with no state file. What apply owns is written on the resources themselves (tags naming
//! the stack instance and the logical id; selections belong to their plan), so a plan is a
//! comparison of the stack with what AWS says, never a guess from names.
//!
//! The parts, in the order a run uses them:
//! - [`desired`]: each resource's API requests, derived from the schema's field places (the same
//!   table the CloudFormation and Terraform emitters use), with references resolved from what
//!   is known so far.
//! - [`live`]: what AWS has, read through an [`Api`] and put in the shape of those requests.
//! - [`plan`]: the comparison, resource by resource and field by field.
//! - [`engine`]: carries a plan out in dependency order, then verifies.
//! - [`fake`]: an in-memory AWS Backup for tests of the engine; `sdk` (feature `aws`): the real
//!   client.
//!
//! Every operation goes through [`Api::call`] with JSON members named as in the AWS API
//! reference, so the engine is the same against AWS, the local emulator and the fake.

pub mod desired;
pub mod engine;
pub mod fake;
pub mod live;
pub mod plan;
#[cfg(feature = "aws")]
pub mod sdk;

use serde_json::Value as Json;
use std::fmt;

/// The tag that names the stack instance owning a resource.
pub const STACK_TAG: &str = "backup-dsl:stack";
/// The tag that names the resource's logical id in its stack.
pub const ID_TAG: &str = "backup-dsl:id";
/// The tag that holds a digest of the requests last applied: a live resource that differs from
/// the stack while its digest matches was changed outside the stack (drift).
pub const DIGEST_TAG: &str = "backup-dsl:digest";

/// An error an AWS operation returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The AWS error code (`ResourceNotFoundException`, `AlreadyExistsException`, ..), or a
    /// transport error's kind.
    pub code: String,
    /// The message.
    pub message: String,
}

impl ApiError {
    /// An error with a code and message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            code: code.into(),
            message: message.into(),
        }
    }

    /// Whether AWS says the resource does not exist.
    pub fn is_not_found(&self) -> bool {
        self.code == "ResourceNotFoundException"
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// The AWS API as apply uses it: an operation by its API name, with request and response
/// members as JSON (`{"BackupVaultName": ".."}`). Implementations: the SDK client (feature
/// `aws`) and [`fake::FakeBackup`].
pub trait Api: Sync {
    /// Calls `operation` in `region`.
    fn call(&self, region: &str, operation: &str, input: &Json) -> Result<Json, ApiError>;
}

/// Whether an operation changes anything (the rest only read). A re-apply of an unchanged
/// stack makes none of these.
pub fn is_write(operation: &str) -> bool {
    !["List", "Get", "Describe"]
        .iter()
        .any(|prefix| operation.starts_with(prefix))
}
