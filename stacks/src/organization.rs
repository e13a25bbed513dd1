//! The seed's backup plan for every account of an organizational unit, in two Regions: an AWS
//! Organizations backup policy for the plan, and a CloudFormation StackSet for what the plan
//! needs in each account (the encryption keys, the locked vaults, the backup role), checked
//! together at compile time.

use backup_dsl_macros::stack;

stack! {
    /// The seed's daily, critical and cross-Region backups in every account of an OU: the plan
    /// is an AWS Organizations backup policy (backups in the primary Region, copies to the
    /// second Region and to an air-gapped vault); a StackSet deploys the keys, vaults and role
    /// it names to every account of the OU, and to accounts that join it later.
    #[region("us-east-1")]
    pub fn seed_organization(
        #[default("prod")] env: &str,
        #[default("ou-ab12-cdef3456")] ou: &str,
    ) {
        // The member part: in every account of the OU. What names no Region is deployed in both
        // Regions of the deployment; the copy key and vault in the second Region only; the role
        // once per account (IAM is global).
        let backup_key = kms::Key {
            description: format!("AWS Backup encryption, {env}"),
            rotation: true,
            deletion_window_days: 30,
        };
        let copy_key = kms::Key {
            region: "us-west-2",
            description: format!("AWS Backup cross-Region copies, {env}"),
            rotation: true,
            deletion_window_days: 30,
        };
        let primary_vault = backup::Vault {
            name: format!("primary-backup-vault-{env}"),
            kms_key: backup_key,
            lock: Lock { mode: "governance", min_retention_days: 7, max_retention_days: 2555 },
        };
        let cross_region_vault = backup::Vault {
            region: "us-west-2",
            name: format!("cross-region-backup-vault-{env}"),
            kms_key: copy_key,
            lock: Lock { mode: "governance", min_retention_days: 7, max_retention_days: 365 },
        };
        let airgapped_vault = backup::LogicallyAirGappedVault {
            name: format!("airgapped-backup-vault-{env}"),
            min_retention_days: 30,
            max_retention_days: 365,
        };
        let backup_service_role = iam::Role {
            name: format!("backup-service-role-{env}"),
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: [
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
                "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
                "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
            ],
        };

        // The policy: the seed's three rules, in the primary Region of every account.
        let daily_backup_plan = backup::Plan {
            name: format!("daily-backup-plan-{env}"),
            region: "us-east-1",
            rules: [
                Rule {
                    name: "daily-backup-rule",
                    vault: primary_vault,
                    schedule: "cron(0 2 * * ? *)",
                    start_window_minutes: 60,
                    completion_window_minutes: 180,
                    lifecycle: Lifecycle { delete_after_days: 35 },
                    recovery_point_tags: [("Type", "Daily"), ("Environment", env)],
                },
                Rule {
                    name: "critical-backup-rule",
                    vault: primary_vault,
                    schedule: "cron(0 4 * * ? *)",
                    start_window_minutes: 60,
                    completion_window_minutes: 180,
                    lifecycle: Lifecycle { delete_after_days: 365 },
                    copy: [Copy { to: airgapped_vault, lifecycle: Lifecycle { delete_after_days: 365 } }],
                    recovery_point_tags: [("Type", "Critical"), ("Environment", env)],
                },
                Rule {
                    name: "cross-region-backup-rule",
                    vault: primary_vault,
                    schedule: "cron(0 6 * * ? *)",
                    start_window_minutes: 60,
                    completion_window_minutes: 240,
                    lifecycle: Lifecycle { delete_after_days: 90 },
                    copy: [Copy { to: cross_region_vault, lifecycle: Lifecycle { delete_after_days: 90 } }],
                    recovery_point_tags: [("Type", "CrossRegion"), ("Environment", env)],
                },
            ],
            tags: [("Environment", env)],
        };
        // A policy selects by tag: every resource of the account tagged `Backup = true`.
        let backup_selection = backup::Selection {
            name: format!("backup-resources-{env}"),
            plan: daily_backup_plan,
            role: backup_service_role,
            tags: [("Backup", "true")],
        };

        let organization = organizations::Deployment {
            name: format!("seed-backup-{env}"),
            description: "The seed's backup plan in every account of the OU",
            targets: [ou],
            regions: ["us-east-1", "us-west-2"],
            policy: [daily_backup_plan],
        };
    }
}
