//! The stacks backup-dsl ships. `synth` runs [`BACKUP_INFRASTRUCTURE`], the seed's port, by
//! default.

pub mod bench;
pub mod core;
pub mod seed;

pub use crate::core::{backup_core, BACKUP_CORE};
pub use crate::seed::{backup_infrastructure, BACKUP_INFRASTRUCTURE};

/// Every stack `synth` knows, the default first.
pub const STACKS: &[backup_dsl::StackDef] = &[BACKUP_INFRASTRUCTURE, BACKUP_CORE];

/// A stack of about `resources` resources for measuring how the checks and emitters grow: groups
/// of a KMS key, a vault encrypted with it, and a plan backing up into the vault with a copy to
/// the previous group's vault (so references reach across the stack, not only within a group).
/// Built through the plain API: what a generated `stack!` builds at run time.
pub fn synthetic(resources: usize) -> backup_dsl::Stack {
    use backup_dsl::{Kind, Object, Resource, Stack, Value};
    let mut stack = Stack::new(format!("synthetic_{resources}"), "us-east-1");
    let groups = resources.div_ceil(3).max(1);
    for i in 0..groups {
        stack.add(
            Resource::new(Kind::KmsKey, format!("key_{i}")).with("description", format!("key {i}")),
        );
        stack.add(
            Resource::new(Kind::Vault, format!("vault_{i}"))
                .with("name", format!("vault-{i}"))
                .with("kms_key", Value::Ref(format!("key_{i}"))),
        );
        let mut lifecycle = Object::new("Lifecycle");
        lifecycle.set("delete_after_days", 35);
        let mut rule = Object::new("Rule");
        rule.set("name", "daily");
        rule.set("vault", Value::Ref(format!("vault_{i}")));
        rule.set("schedule", "cron(0 2 * * ? *)");
        rule.set("lifecycle", Value::Object(lifecycle));
        if i > 0 {
            let mut copy = Object::new("Copy");
            copy.set("to", Value::Ref(format!("vault_{}", i - 1)));
            rule.set("copy", Value::List(vec![Value::Object(copy)]));
        }
        stack.add(
            Resource::new(Kind::Plan, format!("plan_{i}"))
                .with("name", format!("plan-{i}"))
                .with("rules", Value::List(vec![Value::Object(rule)])),
        );
    }
    stack
}
