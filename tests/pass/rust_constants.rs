//! Rust constants as field values: checked by rustc against the field's type, and by the rules
//! when the stack is built.
use backup_dsl_macros::stack;

const DAILY_RETENTION_DAYS: u32 = 35;
const VAULT_NAME: &str = "primary-vault";
static COPY_DAYS: i64 = 120;

stack! {
    #[region("us-east-1")]
    pub fn constants(#[default("dev")] env: &str) {
        let vault = backup::Vault { name: VAULT_NAME };
        let copies = backup::Vault { region: "us-west-2", name: format!("copies-{env}") };
        let plan = backup::Plan {
            name: "daily",
            rules: [Rule {
                name: "daily",
                vault: vault,
                schedule: "cron(0 2 * * ? *)",
                lifecycle: Lifecycle { delete_after_days: DAILY_RETENTION_DAYS },
                copy: [Copy { to: copies, lifecycle: Lifecycle { delete_after_days: COPY_DAYS } }],
            }],
        };
    }
}

fn main() {
    let stack = constants("dev").build().expect("valid");
    assert_eq!(stack.get("vault").unwrap().body.str("name"), Some("primary-vault"));
    let plan = stack.get("plan").unwrap();
    let rule = plan.body.list("rules")[0].as_object().unwrap();
    assert_eq!(rule.obj("lifecycle").unwrap().int("delete_after_days"), Some(35));
}
