//! One component, two instances, one Terraform document: distinct ids, one provider per Region.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn core(#[default("dev")] env: &str) {
        let key = kms::Key { description: format!("backups {env}") };
        let west_key = kms::Key { region: "us-west-2", description: format!("copies {env}") };
        let primary = backup::Vault { name: format!("primary-{env}"), kms_key: key };
        let west = backup::Vault { region: "us-west-2", name: format!("west-{env}"), kms_key: west_key };
        let plan = backup::Plan {
            name: format!("daily-{env}"),
            rules: [Rule { name: "daily", vault: primary, lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: west }] }],
        };
    }
}

fn main() {
    let dev = core("dev").named("core-dev").build().unwrap();
    let prod = core("prod").named("core-prod").build().unwrap();
    let doc = backup_dsl::emit::terraform::emit_all(&[&dev, &prod]).unwrap();
    let vaults = doc["resource"]["aws_backup_vault"].as_object().unwrap();
    assert_eq!(vaults.len(), 4);
    assert!(vaults.contains_key("core_dev_primary") && vaults.contains_key("core_prod_primary"));
    assert_eq!(doc["provider"]["aws"].as_array().unwrap().len(), 2, "one default and one us-west-2 provider");
}
