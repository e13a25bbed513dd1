//! The stacks backup-dsl ships. `synth` runs [`BACKUP_INFRASTRUCTURE`], the seed's port, by
//! default.

pub mod bench;
pub mod core;
pub mod organization;
pub mod seed;

pub use crate::core::{backup_core, BACKUP_CORE};
pub use crate::organization::{seed_organization, SEED_ORGANIZATION};
pub use crate::seed::{backup_infrastructure, BACKUP_INFRASTRUCTURE};

/// Every stack `synth` knows, the default first.
pub const STACKS: &[backup_dsl::StackDef] =
    &[BACKUP_INFRASTRUCTURE, BACKUP_CORE, SEED_ORGANIZATION];

/// A stack of about `resources` resources for measuring how the checks and emitters grow: groups
/// of a KMS key, a vault encrypted with it, and a plan backing up into the vault with a copy to
/// the previous group's vault (so references reach across the stack, not only within a group).
/// Built through the plain API: what a generated `stack!` builds at run time.
pub fn synthetic(resources: usize) -> backup_dsl::Stack {
    use backup_dsl::{Kind, Object, Resource, Stack, Value};
    let mut stack = Stack::new(format!("synthetic_{resources}"), "us-east-1");
    let groups = resources.div_ceil(3).max(1);
    stack.reserve(groups * 3);
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

/// The part of a stack that the local AWS emulator (moto) implements, for `bench/apply.sh`:
/// vaults (with their locks), plans and report plans without frameworks. What the emulator
/// lacks goes: other kinds, vault notifications, the encryption keys (the emulator's vaults take
/// the default key), and every reference to something removed (a copy to the air-gapped vault).
/// The same subset is applied by `synth apply` and by `terraform apply`, so they compare.
pub fn emulator_subset(mut stack: backup_dsl::Stack) -> backup_dsl::Stack {
    use backup_dsl::{Kind, Value};
    fn refers_to(v: &Value, gone: &[String]) -> bool {
        match v {
            Value::Ref(id) => gone.contains(id),
            Value::Object(o) => o.fields.iter().any(|(_, v)| refers_to(v, gone)),
            _ => false,
        }
    }
    fn prune(v: &mut Value, gone: &[String]) {
        match v {
            Value::List(items) => {
                items.retain(|i| !refers_to(i, gone));
                items.iter_mut().for_each(|i| prune(i, gone));
            }
            Value::Object(o) => {
                o.fields
                    .retain(|(_, v)| !matches!(v, Value::Ref(id) if gone.contains(id)));
                o.fields.iter_mut().for_each(|(_, v)| prune(v, gone));
            }
            _ => {}
        }
    }
    let kept = |r: &backup_dsl::Resource| {
        matches!(r.kind, Kind::Vault | Kind::Plan)
            || (r.kind == Kind::ReportPlan && r.body.list("frameworks").is_empty())
    };
    let gone: Vec<String> = stack
        .resources
        .iter()
        .filter(|r| !kept(r))
        .map(|r| r.id.clone())
        .collect();
    stack.resources.retain(kept);
    stack.outputs.retain(|id| !gone.contains(id));
    for r in &mut stack.resources {
        r.body.fields.retain(|(name, v)| {
            name != "notifications"
                && name != "kms_key"
                && !matches!(v, Value::Ref(id) if gone.contains(id))
        });
        r.body.fields.iter_mut().for_each(|(_, v)| prune(v, &gone));
    }
    stack
}
