//! Per-environment stacks: resources and field values under `if` on parameters. Every case is
//! checked at compile time; at build time only the taken branch exists.
#![deny(deprecated)] // a warning of the stack fails this case
use backup_dsl_macros::stack;

const DAILY_RETENTION_DAYS: u32 = 35;

stack! {
    // Outside staging and prod, the copy goes to a second vault of the same Region, on purpose.
    #![allow(BK417)]
    #[region("us-east-1")]
    pub fn core(
        #[default("dev")] #[one_of("dev", "staging", "prod")] env: &str,
        #[default(1)] copies: u32,
        #[default(false)] audit: bool,
    ) {
        let key = kms::Key { description: format!("backups {env}") };
        let primary = backup::Vault { name: format!("primary-{env}"), kms_key: key };
        let prod = env == "prod";
        if prod {
            let airgap = backup::LogicallyAirGappedVault { name: format!("airgap-{env}"), min_retention_days: 7, max_retention_days: 365 };
        }
        if env == "prod" || env == "staging" {
            let west_key = kms::Key { region: "us-west-2", description: "copies" };
            let west = backup::Vault { region: "us-west-2", name: format!("west-{env}"), kms_key: west_key };
        } else {
            let west = backup::Vault { name: format!("second-{env}"), kms_key: key };
        }
        let plan = backup::Plan {
            name: format!("daily-{env}"),
            rules: [Rule {
                name: "daily",
                vault: primary,
                lifecycle: Lifecycle { delete_after_days: if prod { 365 } else { DAILY_RETENTION_DAYS } },
                copy: if env == "prod" {
                    [Copy { to: west }, Copy { to: airgap }]
                } else if copies > 1 {
                    [Copy { to: west }]
                } else {
                    []
                },
            }],
            tags: [("env", env), if prod { ("tier", "critical") }],
        };
        if audit {
            let framework = backup::Framework {
                name: "audit",
                controls: [Control { name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", parameters: [("requiredRetentionDays", "35")] }],
            };
        }
    }
}

fn main() {
    let dev = core("dev", 1, false).build().unwrap();
    assert!(dev.get("airgap").is_none() && dev.get("west_key").is_none());
    assert_eq!(dev.get("west").unwrap().name(), Some("second-dev"));
    let copies = |s: &backup_dsl::CheckedStack| {
        let plan = s.get("plan").unwrap();
        let backup_dsl::Value::List(rules) = plan.body.get("rules").unwrap() else { panic!() };
        match rules[0].as_object().unwrap().get("copy").unwrap() {
            backup_dsl::Value::List(copies) => copies.len(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(copies(&dev), 0);
    assert_eq!(copies(&core("dev", 2, false).build().unwrap()), 1);
    let prod = core("prod", 1, true).build().unwrap();
    assert!(prod.get("airgap").is_some() && prod.get("framework").is_some());
    assert_eq!(copies(&prod), 2);
    let tags = prod.get("plan").unwrap().body.get("tags").unwrap().clone();
    assert_eq!(
        tags,
        backup_dsl::Value::Map(vec![("env".into(), "prod".into()), ("tier".into(), "critical".into())])
    );
    let dev_tags = dev.get("plan").unwrap().body.get("tags").unwrap().clone();
    assert_eq!(dev_tags, backup_dsl::Value::Map(vec![("env".into(), "dev".into())]));
    // A value `#[one_of]` does not list fails the build, naming the parameter.
    let wrong = core("prdo", 1, false).build().unwrap_err();
    let d = wrong.diagnostics.iter().find(|d| d.code.code == "BK217").unwrap();
    assert_eq!(d.message, "parameter `env` is one of `dev`, `staging`, `prod`; got `prdo`");
    let defs = [CORE];
    assert_eq!(defs[0].params[0].one_of, ["dev", "staging", "prod"]);
    // Both outputs of both instances.
    backup_dsl::emit::terraform::emit_all(&[&dev, &prod]).unwrap();
    backup_dsl::emit::cfn::emit(&prod).unwrap();
}
