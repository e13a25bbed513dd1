//! Stacks built through the plain Rust API get the same rules as `stack!` does at compile time.

use backup_dsl::{Kind, Resource, Stack, Value};

fn vault(id: &str, name: &str) -> Resource {
    Resource::new(Kind::Vault, id).with("name", name)
}

#[test]
fn plain_api_stacks_are_checked_on_build() {
    let lock = backup_dsl::Object::new("Lock")
        .with("mode", "governance")
        .with("min_retention_days", 7);
    let lifecycle = backup_dsl::Object::new("Lifecycle").with("delete_after_days", 3);
    let rule = backup_dsl::Object::new("Rule")
        .with("name", "daily")
        .with("vault", Value::Ref("primary".into()))
        .with("lifecycle", lifecycle);
    let stack = Stack::new("api", "us-east-1")
        .with(vault("primary", "primary").with("lock", lock))
        .with(
            Resource::new(Kind::Plan, "daily")
                .with("name", "daily")
                .with("rules", vec![Value::Object(rule)]),
        );
    let report = stack.build().unwrap_err();
    assert_eq!(report.codes(), vec!["BK050"]);
    let d = &report.diagnostics[0];
    assert_eq!(d.location(), "daily.rules[0].lifecycle.delete_after_days");
    assert_eq!(
        d.help.as_deref(),
        Some("set `delete_after_days` to at least 7, or target another vault")
    );
}

#[test]
fn values_unknown_at_compile_time_are_checked_when_built() {
    let bad = stacks::backup_core("dev", "us-east-1", "eu-west-1").build();
    assert!(bad.is_ok(), "a valid Region pair");
    let report = stacks::backup_core("dev", "eu-west-1", "eu-west-1")
        .build()
        .map(|_| ())
        .err();
    assert!(
        report.is_none(),
        "copies into the same Region are allowed (not cross-Region protection, but valid)"
    );
    let report = stacks::backup_core("dev.test", "us-east-1", "us-west-2")
        .build()
        .unwrap_err();
    assert!(
        report.has("BK001") && report.has("BK064") && report.has("BK078"),
        "{report}"
    );
}

#[test]
fn denied_warnings_become_errors_at_run_time_too() {
    let mut stack =
        Stack::new("lints", "us-east-1").with(vault("v", "v1").with("deletion_policy", "Delete"));
    assert!(stack.clone().build().is_ok());
    stack.lints.deny_warnings = true;
    let report = stack.clone().build().unwrap_err();
    assert_eq!(report.codes(), vec!["BK142"]);
    stack.lints.allowed.push("BK142".into());
    assert!(stack.build().is_ok());
}
