//! Conditions inside loops: on the loop variable (decided while unrolling), on a parameter, and a
//! value binding that is an `if`.
use backup_dsl_macros::stack;
stack! {
    #[region("us-east-1")]
    pub fn core(#[default("dev")] env: &str, #[default(2)] clients: u32) {
        let key = kms::Key { description: "k" };
        let days = if env == "prod" { 365 } else { 35 };
        for i in 1..=3 {
            if i <= 2 {
                let vault = backup::Vault { name: format!("vault-{i}-{env}"), kms_key: key };
            }
            if env == "prod" {
                let extra = backup::Vault { name: format!("extra-{i}"), kms_key: key };
            }
        }
        let plan = backup::Plan {
            name: "daily",
            rules: [Rule { name: "daily", vault: vault_1, lifecycle: Lifecycle { delete_after_days: days }, copy: [Copy { to: vault_2 }] }],
        };
    }
}
fn main() {
    let dev = core("dev", 2).build().unwrap();
    assert!(dev.get("vault_1").is_some() && dev.get("vault_3").is_none() && dev.get("extra_1").is_none());
    let prod = core("prod", 2).build().unwrap();
    assert!(prod.get("extra_3").is_some());
    println!("ok");
}
