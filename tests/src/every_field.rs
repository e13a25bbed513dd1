//! A stack that sets every field of every kind, so the validators see all of the emitters' output.

use backup_dsl_macros::stack;

stack! {
    #![allow(BK009, BK303, BK142)]
    /// Every field of every kind (CloudFormation only: some fields have no Terraform equivalent).
    #[region("eu-west-1")]
    pub fn every_field() {
        let key = kms::Key {
            description: "every field",
            rotation: true,
            deletion_window_days: 7,
            multi_region: false,
            policy: [Statement { sid: "Root", effect: "Allow", principals: ["self"], actions: ["kms:*"], resources: ["*"] }],
            tags: [("team", "platform")],
        };
        let topic = sns::Topic { name: "every-field", display_name: "Every field", kms_key: key, fifo: false, tags: [("team", "platform")] };
        let role = iam::Role {
            name: "every-field-backup",
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"],
            path: "/backup/",
            description: "AWS Backup service role",
            max_session_seconds: 3600,
            tags: [("team", "platform")],
        };
        let vault = backup::Vault {
            name: "every-field",
            kms_key: key,
            lock: Lock { mode: "governance", min_retention_days: 1, max_retention_days: 3650 },
            notifications: Notifications { topic: topic, events: ["BACKUP_JOB_COMPLETED", "RESTORE_JOB_COMPLETED", "COPY_JOB_FAILED"] },
            access_policy: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":["backup:DeleteRecoveryPoint","backup:UpdateRecoveryPointLifecycle"],"Resource":"*"}]}"#,
            deletion_policy: "Delete",
            tags: [("team", "platform")],
        };
        let air_gapped = backup::LogicallyAirGappedVault {
            name: "every-field-ag",
            min_retention_days: 7,
            max_retention_days: 3650,
            notifications: Notifications { topic: topic, events: ["BACKUP_JOB_COMPLETED"] },
            tags: [("team", "platform")],
        };
        let plan = backup::Plan {
            name: "every-field",
            rules: [
                Rule {
                    name: "daily",
                    vault: vault,
                    schedule: "cron(0 3 ? * MON-FRI *)",
                    timezone: "Europe/Dublin",
                    start_window_minutes: 60,
                    completion_window_minutes: 1440,
                    lifecycle: Lifecycle { cold_storage_after_days: 30, delete_after_days: 365, archive: true },
                    recovery_point_tags: [("schedule", "daily")],
                    copy: [Copy { to: air_gapped, lifecycle: Lifecycle { delete_after_days: 30 } }, Copy { to: "arn:aws:backup:us-east-1:111122223333:backup-vault:dr" }],
                    index_actions: [IndexAction { resource_types: ["EBS"] }],
                    scan_actions: [ScanAction { scanner: "GUARDDUTY", mode: "INCREMENTAL_SCAN" }],
                },
                Rule { name: "pitr", vault: vault, air_gapped_vault: air_gapped, continuous_backup: true, lifecycle: Lifecycle { delete_after_days: 14 } },
            ],
            advanced_backup_settings: [AdvancedBackupSetting { resource_type: "EC2", options: [("WindowsVSS", "enabled")] }],
            tags: [("team", "platform")],
        };
        let selection = backup::Selection {
            name: "every-field",
            plan: plan,
            role: role,
            resources: ["arn:aws:ec2:eu-west-1:111122223333:volume/*"],
            not_resources: ["arn:aws:ec2:eu-west-1:111122223333:volume/vol-0123456789abcdef0"],
            tags: [("backup", "true")],
            conditions: Conditions {
                string_equals: [("aws:ResourceTag/env", "prod")],
                string_not_equals: [("aws:ResourceTag/tier", "scratch")],
                string_like: [("aws:ResourceTag/app", "billing-*")],
                string_not_like: [("aws:ResourceTag/owner", "test-*")],
            },
        };
        let framework = backup::Framework {
            name: "every_field",
            description: "Every control",
            controls: [
                Control { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", scope: Scope { resource_types: ["EBS", "DynamoDB"] } },
                Control { name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", parameters: [("requiredFrequencyUnit", "hours"), ("requiredFrequencyValue", "12"), ("requiredRetentionDays", "35")], scope: Scope { tags: [("backup", "true")] } },
                Control { name: "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED", parameters: [("principalArnList", "arn:aws:iam::111122223333:role/Admin")] },
                Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" },
                Control { name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", parameters: [("requiredRetentionDays", 35)] },
                Control { name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION", parameters: [("crossRegionList", "us-east-1,eu-central-1")] },
                Control { name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT", parameters: [("crossAccountList", "111122223333")] },
                Control { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK", parameters: [("minRetentionDays", "1"), ("maxRetentionDays", "3650")] },
                Control { name: "BACKUP_LAST_RECOVERY_POINT_CREATED", parameters: [("recoveryPointAgeUnit", "hours"), ("recoveryPointAgeValue", "25")], scope: Scope { resource_types: ["EBS"], resource_ids: ["vol-0123456789abcdef0"] } },
                Control { name: "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET", parameters: [("maxRestoreTime", "720")] },
                Control { name: "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT", parameters: [("recoveryPointAgeUnit", "days"), ("recoveryPointAgeValue", "7")] },
            ],
            tags: [("team", "platform")],
        };
        let report = backup::ReportPlan {
            name: "every_field",
            description: "Compliance across the organization",
            template: "RESOURCE_COMPLIANCE_REPORT",
            bucket: "every-field-reports",
            key_prefix: "reports",
            formats: ["CSV"],
            frameworks: [framework],
            accounts: ["ROOT"],
            organization_units: ["ou-abcd-12345678"],
            regions: ["*"],
            tags: [("team", "platform")],
        };
        let restore = backup::RestoreTestingPlan {
            name: "every_field",
            schedule: "cron(0 5 ? * SAT *)",
            timezone: "Europe/Dublin",
            start_window_hours: 12,
            algorithm: "RANDOM_WITHIN_WINDOW",
            recovery_point_types: ["SNAPSHOT", "CONTINUOUS"],
            include_vaults: [vault, air_gapped],
            exclude_vaults: ["arn:aws:backup:eu-west-1:111122223333:backup-vault:scratch-*"],
            selection_window_days: 14,
            tags: [("team", "platform")],
        };
        let restore_rds = backup::RestoreTestingSelection {
            name: "rds",
            plan: restore,
            resource_type: "RDS",
            role: role,
            resources: ["arn:aws:rds:eu-west-1:111122223333:db:billing"],
            validation_window_hours: 2,
            metadata_overrides: [("dbsubnetgroupname", "restore-tests")],
        };
        let restore_ebs = backup::RestoreTestingSelection {
            name: "ebs",
            plan: restore,
            resource_type: "EBS",
            role: role,
            resources: ["*"],
            conditions: RestoreConditions { string_equals: [("backup", "true")], string_not_equals: [("tier", "scratch")] },
        };
    }
}
