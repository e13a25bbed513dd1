//! A complete AWS Backup setup for one environment: locked primary vault, a cross-Region copy
//! with its own key, a logically air-gapped vault, selections, audit and restore testing.

use backup_dsl_macros::stack;

stack! {
    /// Nightly and weekly backups for one environment, copied to a second Region and to a
    /// logically air-gapped vault, audited and restore-tested.
    #[allow(BK009)]
    #[tags(("Project", "backup-dsl"), ("Environment", env))]
    #[outputs(primary, copies, daily, tagged)]
    pub fn backup_core(
        #[default("dev")] env: &str,
        #[default("us-east-1")] region: &str,
        #[default("us-west-2")] copy_region: &str,
    ) {
        let key = kms::Key {
            description: format!("AWS Backup encryption, {env}"),
            rotation: true,
            deletion_window_days: 30,
        };
        let copy_key = kms::Key {
            region: copy_region,
            description: format!("AWS Backup copies, {env}"),
            rotation: true,
        };
        let alerts = sns::Topic {
            name: format!("backup-alerts-{env}"),
            display_name: "AWS Backup alerts",
            kms_key: key,
        };
        let primary = backup::Vault {
            name: format!("primary-{env}"),
            kms_key: key,
            lock: Lock { mode: "compliance", min_retention_days: 7, max_retention_days: 2555, changeable_for_days: 3 },
            notifications: Notifications {
                topic: alerts,
                events: ["BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED", "RESTORE_JOB_COMPLETED"],
            },
            tags: [("Environment", env)],
        };
        let copies = backup::Vault {
            region: copy_region,
            name: format!("copies-{env}"),
            kms_key: copy_key,
            lock: Lock { mode: "governance", min_retention_days: 7, max_retention_days: 365 },
            tags: [("Environment", env)],
        };
        let air_gapped = backup::LogicallyAirGappedVault {
            name: format!("air-gapped-{env}"),
            min_retention_days: 7,
            max_retention_days: 365,
            tags: [("Environment", env)],
        };
        let daily = backup::Plan {
            name: format!("daily-{env}"),
            rules: [
                Rule {
                    name: "daily",
                    vault: primary,
                    schedule: "cron(0 2 * * ? *)",
                    timezone: "Etc/UTC",
                    start_window_minutes: 60,
                    completion_window_minutes: 480,
                    lifecycle: Lifecycle { cold_storage_after_days: 30, delete_after_days: 365 },
                    recovery_point_tags: [("Schedule", "daily")],
                    copy: [
                        Copy { to: copies, lifecycle: Lifecycle { delete_after_days: 120 } },
                        Copy { to: air_gapped, lifecycle: Lifecycle { delete_after_days: 90 } },
                    ],
                },
                Rule {
                    name: "continuous",
                    vault: primary,
                    schedule: "cron(0 * ? * * *)",
                    continuous_backup: true,
                    lifecycle: Lifecycle { delete_after_days: 35 },
                },
            ],
            tags: [("Environment", env)],
        };
        let backup_role = iam::Role {
            name: format!("aws-backup-{env}"),
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: [
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
                "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
                "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
            ],
        };
        let tagged = backup::Selection {
            name: format!("tagged-{env}"),
            plan: daily,
            role: backup_role,
            tags: [("backup", "daily")],
            conditions: Conditions { string_equals: [("aws:ResourceTag/Environment", env)] },
        };
        let audit = backup::Framework {
            name: format!("backup_audit_{env}"),
            description: "Backup policy controls",
            controls: [
                Control {
                    name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                    parameters: [
                        ("requiredFrequencyUnit", "days"),
                        ("requiredFrequencyValue", "1"),
                        ("requiredRetentionDays", "35"),
                    ],
                },
                Control {
                    name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
                    scope: Scope { resource_types: ["DynamoDB", "EBS", "S3"] },
                },
                Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" },
                Control {
                    name: "BACKUP_LAST_RECOVERY_POINT_CREATED",
                    parameters: [("recoveryPointAgeUnit", "days"), ("recoveryPointAgeValue", "1")],
                },
            ],
        };
        let compliance_report = backup::ReportPlan {
            name: format!("backup_compliance_{env}"),
            template: "CONTROL_COMPLIANCE_REPORT",
            bucket: format!("backup-reports-{env}"),
            key_prefix: "compliance",
            formats: ["CSV", "JSON"],
            frameworks: [audit],
        };
        let jobs_report = backup::ReportPlan {
            name: format!("backup_jobs_{env}"),
            template: "BACKUP_JOB_REPORT",
            bucket: format!("backup-reports-{env}"),
            key_prefix: "jobs",
            formats: ["CSV"],
        };
        let restore_tests = backup::RestoreTestingPlan {
            name: format!("weekly_restore_{env}"),
            schedule: "cron(0 6 ? * SUN *)",
            start_window_hours: 24,
            algorithm: "LATEST_WITHIN_WINDOW",
            recovery_point_types: ["SNAPSHOT"],
            include_vaults: [primary],
            selection_window_days: 7,
        };
        let restore_ebs = backup::RestoreTestingSelection {
            name: "ebs_volumes",
            plan: restore_tests,
            resource_type: "EBS",
            role: backup_role,
            resources: ["*"],
            conditions: RestoreConditions { string_equals: [("backup", "daily")] },
            validation_window_hours: 4,
        };
    }
}
