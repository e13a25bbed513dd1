use backup_dsl_macros::stack;

stack! {
    /// Nightly backups of everything tagged `backup = daily`, copied to a second Region.
    #[region("us-east-1")]
    pub fn backup_core(#[default("dev")] #[one_of("dev", "prod")] env: &str) {
        let key = kms::Key { description: "backup encryption", rotation: true };
        let west_key = kms::Key { region: "us-west-2", description: "copies", rotation: true };
        let primary = backup::Vault {
            name: format!("primary-{env}"),
            kms_key: key,
            lock: Lock { mode: "governance", min_retention_days: 7, max_retention_days: 2555 },
        };
        let west = backup::Vault { region: "us-west-2", name: format!("west-{env}"), kms_key: west_key };
        let daily = backup::Plan {
            name: format!("daily-{env}"),
            rules: [Rule {
                name: "daily",
                vault: primary,
                schedule: "cron(0 2 * * ? *)",
                lifecycle: Lifecycle { cold_storage_after_days: 90, delete_after_days: 2555 },
                copy: [Copy { to: west, lifecycle: Lifecycle { delete_after_days: 120 } }],
            }],
        };
        let backup_role = iam::Role {
            name: format!("backup-{env}"),
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: [
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
            ],
        };
        let tagged = backup::Selection {
            name: "tagged",
            plan: daily,
            role: backup_role,
            tags: [("backup", "daily")],
        };
    }
}

fn main() -> std::process::ExitCode {
    backup_dsl::cli::main_with(&[BACKUP_CORE])
}
