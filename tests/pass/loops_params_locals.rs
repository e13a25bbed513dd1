//! Loops over literal ranges, `format!` with parameters and loop variables, local value bindings,
//! lints, and an expression only known at run time.
use backup_dsl_macros::stack;

fn retention_for(env: &str) -> i64 {
    if env == "prod" { 365 } else { 35 }
}

stack! {
    #![allow(BK061)]
    /// Ten client roles and a vault per environment.
    #[region("eu-west-1")]
    pub fn clients(#[default("dev")] env: &str, #[default(10)] extra_days: u32) {
        let prefix = format!("backup-{env}");
        let key = kms::Key { description: "backups", rotation: true };
        let vault = backup::Vault { name: format!("{prefix}-vault"), kms_key: key };
        for i in 1..=10 {
            let client = iam::Role { name: format!("client-{i}-{env}"), assumed_by: ["backup.amazonaws.com"] };
        }
        let plan = backup::Plan {
            name: format!("{prefix}-plan"),
            rules: [Rule {
                name: "daily",
                vault: vault,
                schedule: "cron(0 3 * * ? *)",
                lifecycle: Lifecycle { delete_after_days: retention_for(env) + extra_days as i64 },
            }],
        };
        let everything = backup::Selection { name: "everything", plan: plan, role: client_3 };
    }
}

fn main() {
    let stack = clients("prod", 5).build().expect("valid stack");
    assert_eq!(stack.of_kind(backup_dsl::Kind::IamRole).count(), 10);
    assert!(stack.get("client_10").is_some());
    let plan = stack.get("plan").unwrap();
    let rule = plan.body.list("rules")[0].as_object().unwrap();
    assert_eq!(rule.obj("lifecycle").unwrap().int("delete_after_days"), Some(370));
    assert_eq!(CLIENTS.params.len(), 2);
}
