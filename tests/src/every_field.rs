//! A stack that sets every field of every kind, so the validators see all of the emitters' output.

use backup_dsl_macros::stack;

stack! {
    #![allow(BK009, BK303, BK142, BK416)]
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
            access_policy: [Statement {
                sid: "NoDeletes",
                effect: "Deny",
                principals: ["*"],
                actions: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"],
                resources: ["*"],
            }],
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
        let key_alias = kms::Alias { name: "alias/every-field", key: key };
        let rotating_key = kms::Key { description: "rotating", rotation: true, rotation_period_days: 180, multi_region: true, deletion_window_days: 30 };
        let log_bucket = s3::Bucket {
            name: "every-field-access-logs",
            versioning: "Enabled",
            block_public_access: true,
            lifecycle_rules: [LifecycleRule { id: "expire", expiration_days: 30, abort_incomplete_multipart_days: 1 }],
            policy: [Statement {
                effect: "Allow",
                principals: ["logging.s3.amazonaws.com", "s3.amazonaws.com"],
                actions: ["s3:PutObject"],
                resources: [ArnOf { resource: log_bucket, suffix: "/*" }],
                conditions: [Condition { test: "StringEquals", key: "aws:SourceAccount", values: ["111122223333"] }],
            }],
            deletion_policy: "Delete",
        };
        let data_bucket = s3::Bucket {
            name: "every-field-data",
            versioning: "Enabled",
            object_lock: ObjectLock { mode: "GOVERNANCE", days: 30 },
            encryption: Encryption { kms_key: key, bucket_key: true },
            access_logs: AccessLogs { bucket: log_bucket, prefix: "data/" },
            lifecycle_rules: [
                LifecycleRule {
                    id: "tiers",
                    prefix: "archive/",
                    transitions: [
                        Transition { days: 30, storage_class: "STANDARD_IA" },
                        Transition { days: 90, storage_class: "GLACIER_IR" },
                        Transition { days: 180, storage_class: "DEEP_ARCHIVE" },
                    ],
                    noncurrent_transitions: [Transition { days: 30, storage_class: "GLACIER" }],
                    expiration_days: 3650,
                    noncurrent_expiration_days: 365,
                    abort_incomplete_multipart_days: 7,
                },
                LifecycleRule { id: "markers", enabled: false, expired_object_delete_marker: true },
                LifecycleRule { id: "large-cold", prefix: "media/", tags: [("tier", "cold")], object_size_greater_than: 1048576, transitions: [Transition { days: 0, storage_class: "GLACIER" }] },
                LifecycleRule { id: "tagged", tags: [("scratch", "true")], expiration_days: 7 },
                LifecycleRule { id: "small", object_size_less_than: 1024, expiration_days: 30 },
            ],
            inventories: [Inventory { name: "weekly", destination: log_bucket, frequency: "Weekly", versions: "All", format: "Parquet", prefix: "inventory" }],
            notifications: [Notify { function: handler, events: ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"], prefix: "incoming/", suffix: ".json" }],
            tags: [("team", "platform")],
        };
        let table = dynamodb::Table {
            name: "every-field-table",
            hash_key: "pk",
            range_key: "sk",
            attributes: [("pk", "S"), ("sk", "S"), ("gsi_pk", "N"), ("lsi_sk", "B")],
            global_indexes: [Index { name: "byNumber", hash_key: "gsi_pk", projection: "INCLUDE", non_key_attributes: ["payload"] }],
            local_indexes: [Index { name: "byBinary", hash_key: "pk", range_key: "lsi_sk", projection: "KEYS_ONLY" }],
            billing: "PROVISIONED",
            read_capacity: 5,
            write_capacity: 5,
            point_in_time_recovery: true,
            recovery_period_days: 14,
            kms_key: key,
            deletion_protection: false,
            tags: [("team", "platform")],
        };
        let handler_role = iam::Role {
            name: "every-field-handler",
            assumed_by: ["lambda.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
            policies: [Policy {
                name: "data",
                statements: [
                    Statement { sid: "Read", effect: "Allow", actions: ["s3:GetObject"], resources: [ArnOf { resource: data_bucket, suffix: "/incoming/*" }] },
                    Statement { effect: "Allow", actions: ["dynamodb:PutItem"], resources: [table, ArnOf { resource: table, suffix: "/index/*" }] },
                    Statement { effect: "Allow", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [key] },
                ],
            }],
        };
        let handler_logs = logs::LogGroup { name: "/aws/lambda/every-field-handler", retention_days: 14, kms_key: key, class: "STANDARD", tags: [("team", "platform")] };
        let handler = lambda::Function {
            name: "every-field-handler",
            description: "Handles new objects",
            runtime: "python3.13",
            handler: "index.handler",
            code: "../stacks/lambda/verification",
            role: handler_role,
            memory_mb: 512,
            timeout_seconds: 30,
            environment: [("TABLE", table), ("BUCKET", data_bucket), ("TOPIC", topic), ("MODE", "strict")],
            log_group: handler_logs,
            architecture: "arm64",
            reserved_concurrency: 2,
            kms_key: key,
            tracing: "PassThrough",
            ephemeral_storage_mb: 1024,
            layers: ["arn:aws:lambda:eu-west-1:111122223333:layer:shared:3"],
            tags: [("team", "platform")],
        };
        let invoke = lambda::Permission { function: handler, principal: "s3.amazonaws.com", action: "lambda:InvokeFunction", source: data_bucket, source_account: "self" };
        let alerts = sns::Topic {
            name: "every-field-alerts",
            subscriptions: [Subscription { protocol: "lambda", endpoint: handler }, Subscription { protocol: "email", endpoint: "ops@example.com" }],
            policy: [Statement { sid: "Owner", effect: "Allow", principals: ["self"], actions: ["SNS:Publish"], resources: [alerts] }],
        };
        let dashboard = cloudwatch::Dashboard {
            name: "every-field",
            widgets: [
                Widget { kind: "text", x: 0, y: 0, width: 24, height: 2, markdown: "# Every field" },
                Widget {
                    kind: "metric",
                    x: 0,
                    y: 2,
                    width: 12,
                    height: 6,
                    title: "Failures",
                    region: "eu-west-1",
                    view: "timeSeries",
                    stat: "Sum",
                    period: 300,
                    metrics: [
                        Metric { namespace: "AWS/Backup", name: "NumberOfBackupJobsFailed", dimensions: [("BackupVaultName", vault)], id: "failed", stat: "Sum", period: 300, label: "failed" },
                        Metric { namespace: "AWS/Backup", name: "NumberOfBackupJobsCompleted", dimensions: [("BackupVaultName", vault)], id: "done" },
                        Metric { expression: "100 * failed / (failed + done)", id: "ratio", label: "failure %" },
                    ],
                },
            ],
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
