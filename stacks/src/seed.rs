//! The seed stack (a CDK-for-Terraform construct) ported to backup-dsl, with every defect of
//! `spec/seed-defects.md` fixed. Each fix names its defect (`D7`, `D18`, ..).

use backup_dsl_macros::stack;

stack! {
    /// Backup infrastructure for one environment: immutable S3 storage with inventory, a
    /// DynamoDB catalog, locked primary, logically air-gapped and cross-Region vaults, verified
    /// backups, AWS Backup restore testing, audit framework and reports, 10 client roles and a
    /// dashboard. The seed's intent, with its 33 defects fixed.
    // What the seed's comments ask of its backups ("daily backups", "cross-region copies",
    // "air-gapped", "immutable"), proven for every bucket and table (BK414): the daily rule at
    // 02:00 UTC with its 3-hour completion window gives a worst-case RPO of 27 hours.
    #[objectives(
        rpo_hours = 30,
        retention_days = 35,
        copy_to_another_region,
        copy_to_air_gapped_vault,
        locked_vault
    )]
    pub fn backup_infrastructure(
        #[default("dev")] env: &str,
        #[default("us-east-1")] region: &str,
        #[default("us-west-2")] copy_region: &str,
        #[default("acme")] org: &str,
        #[default("self")] client_account: &str,
        #[default("backup-alerts@example.com")] alert_email: &str,
    ) {
        // D8: a key in each Region that holds a vault; D31: explicit key policies (generated:
        // the account administers, and AWS Backup, S3 inventory and CloudWatch Logs get the
        // grants this stack's wiring needs: D20, D21, D23).
        let backup_key = kms::Key {
            description: format!("AWS Backup and storage encryption, {env}"),
            rotation: true,
            deletion_window_days: 30,
            tags: [("Environment", env)],
        };
        let backup_key_alias = kms::Alias { name: format!("alias/backup-encryption-{env}"), key: backup_key };
        let copy_key = kms::Key {
            region: copy_region,
            description: format!("AWS Backup cross-Region copies, {env}"),
            rotation: true,
            deletion_window_days: 30,
            tags: [("Environment", env)],
        };

        // D15: deterministic names (organization, environment, Region), no timestamps.
        // D29: GOVERNANCE default retention: privileged principals can remove mistaken or
        // abusive writes; client roles get no s3:BypassGovernanceRetention.
        let backup_bucket = s3::Bucket {
            name: format!("{org}-backup-storage-{env}-{region}"),
            versioning: "Enabled",
            object_lock: ObjectLock { mode: "GOVERNANCE", years: 7 },
            encryption: Encryption { kms_key: backup_key },
            lifecycle_rules: [LifecycleRule {
                id: "transition-to-glacier",
                transitions: [Transition { days: 90, storage_class: "GLACIER" }],
                noncurrent_transitions: [Transition { days: 30, storage_class: "GLACIER" }],
                noncurrent_expiration_days: 2555,
                abort_incomplete_multipart_days: 7,
            }],
            inventories: [Inventory {
                name: "daily-inventory",
                destination: inventory_bucket,
                frequency: "Daily",
                versions: "Current",
                format: "CSV",
            }],
            notifications: [Notify { function: verification, events: ["s3:ObjectCreated:*"] }],
            tags: [("Purpose", "Backup Storage"), ("Environment", env)],
        };
        // D21: the inventory bucket lets S3 write reports; reports are encrypted by the
        // bucket's default key. D31: versioned and public access blocked.
        let inventory_bucket = s3::Bucket {
            name: format!("{org}-backup-inventory-{env}-{region}"),
            versioning: "Enabled",
            encryption: Encryption { kms_key: backup_key },
            lifecycle_rules: [LifecycleRule {
                id: "expire-inventory",
                expiration_days: 90,
                noncurrent_expiration_days: 30,
                abort_incomplete_multipart_days: 7,
            }],
            policy: [Statement {
                sid: "S3InventoryWrites",
                effect: "Allow",
                principals: ["s3.amazonaws.com"],
                actions: ["s3:PutObject"],
                resources: [ArnOf { resource: inventory_bucket, suffix: "/*" }],
                conditions: [
                    Condition { test: "ArnLike", key: "aws:SourceArn", values: [format!("arn:aws:s3:::{org}-backup-storage-{env}-{region}")] },
                    Condition { test: "StringEquals", key: "s3:x-amz-acl", values: ["bucket-owner-full-control"] },
                ],
            }],
            tags: [("Purpose", "Backup Inventory"), ("Environment", env)],
        };
        let audit_report_bucket = s3::Bucket {
            name: format!("{org}-backup-audit-reports-{env}-{region}"),
            versioning: "Enabled",
            lifecycle_rules: [LifecycleRule {
                id: "expire-reports",
                expiration_days: 365,
                noncurrent_expiration_days: 30,
                abort_incomplete_multipart_days: 7,
            }],
            policy: [Statement {
                sid: "BackupReportsWrite",
                effect: "Allow",
                principals: ["self"],
                actions: ["s3:PutObject"],
                resources: [ArnOf { resource: audit_report_bucket, suffix: "/*" }],
                conditions: [Condition {
                    test: "ArnLike",
                    key: "aws:PrincipalArn",
                    values: ["arn:aws:iam::*:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports"],
                }],
            }],
            tags: [("Purpose", "Backup Audit Reports"), ("Environment", env)],
        };

        // D24: the catalog is protected by the selection below and has point-in-time recovery.
        let backup_catalog = dynamodb::Table {
            name: format!("backup-catalog-{env}"),
            hash_key: "backupId",
            range_key: "clientId",
            attributes: [("backupId", "S"), ("clientId", "S"), ("timestamp", "N")],
            global_indexes: [Index { name: "ClientIdIndex", hash_key: "clientId", range_key: "timestamp", projection: "ALL" }],
            point_in_time_recovery: true,
            kms_key: backup_key,
            deletion_protection: true,
            tags: [("Purpose", "Backup Catalog"), ("Environment", env)],
        };

        // D23: vault notifications feed the topic (its policy and key grant AWS Backup), and
        // someone is subscribed.
        let backup_notifications = sns::Topic {
            name: format!("backup-notifications-{env}"),
            display_name: "Backup System Notifications",
            kms_key: backup_key,
            subscriptions: [Subscription { protocol: "email", endpoint: alert_email }],
            tags: [("Environment", env)],
        };

        let verification_role = iam::Role {
            name: format!("backup-verification-lambda-role-{env}"),
            assumed_by: ["lambda.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
            policies: [Policy {
                name: format!("backup-verification-lambda-policy-{env}"),
                statements: [
                    // D28: object actions on objects, bucket actions on the bucket.
                    Statement { effect: "Allow", actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: [ArnOf { resource: backup_bucket, suffix: "/*" }] },
                    Statement { effect: "Allow", actions: ["s3:ListBucket"], resources: [backup_bucket] },
                    Statement { effect: "Allow", actions: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem"], resources: [backup_catalog] },
                    Statement { effect: "Allow", actions: ["sns:Publish"], resources: [backup_notifications] },
                    Statement { effect: "Allow", actions: ["kms:Decrypt", "kms:GenerateDataKey*"], resources: [backup_key] },
                    Statement { effect: "Allow", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] },
                ],
            }],
        };
        let verification_logs = logs::LogGroup {
            name: format!("/aws/lambda/backup-verification-{env}"),
            retention_days: 365,
            kms_key: backup_key,
        };
        // D9: a supported runtime. D10: the code's directory, zipped deterministically when the
        // stack is built and hashed, so a code change redeploys and no prebuilt zip falls behind.
        // D22: the bucket notification above triggers it.
        let verification = lambda::Function {
            name: format!("backup-verification-{env}"),
            runtime: "python3.13",
            handler: "index.handler",
            code: "lambda/verification",
            role: verification_role,
            memory_mb: 256,
            timeout_seconds: 60,
            reserved_concurrency: 10,
            kms_key: backup_key,
            tracing: "Active",
            log_group: verification_logs,
            environment: [
                ("DYNAMODB_TABLE", backup_catalog),
                ("SNS_TOPIC_ARN", backup_notifications),
                ("BACKUP_BUCKET", backup_bucket),
            ],
            tags: [("Environment", env)],
        };
        // D33: the source account is pinned.
        let s3_invoke_verification = lambda::Permission {
            function: verification,
            principal: "s3.amazonaws.com",
            source: backup_bucket,
            source_account: "self",
        };

        // D18: the S3 backup and restore policies.
        let backup_service_role = iam::Role {
            name: format!("aws-backup-service-role-{env}"),
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: [
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
                "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
                "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
            ],
        };

        // D17: a real logically air-gapped vault (compliance-locked by AWS) instead of an
        // ordinary vault with a removable governance lock.
        let primary_vault = backup::Vault {
            name: format!("primary-backup-vault-{env}"),
            kms_key: backup_key,
            lock: Lock { mode: "governance", min_retention_days: 7, max_retention_days: 2555 },
            notifications: Notifications {
                topic: backup_notifications,
                events: ["BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED", "RESTORE_JOB_COMPLETED", "RECOVERY_POINT_MODIFIED"],
            },
            // The framework's BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED control wants a Deny
            // of these three actions to every principal on every resource of the vault (BK416).
            access_policy: [Statement {
                sid: "DenyManualDeletion",
                effect: "Deny",
                principals: ["*"],
                actions: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy"],
                resources: ["*"],
            }],
            tags: [("Type", "Primary"), ("Environment", env)],
        };
        let airgapped_vault = backup::LogicallyAirGappedVault {
            name: format!("airgapped-backup-vault-{env}"),
            min_retention_days: 30,
            max_retention_days: 365,
            notifications: Notifications { topic: backup_notifications, events: ["BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED"] },
            // The framework's BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED control wants a Deny
            // of these three actions to every principal on every resource of the vault (BK416).
            access_policy: [Statement {
                sid: "DenyManualDeletion",
                effect: "Deny",
                principals: ["*"],
                actions: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy"],
                resources: ["*"],
            }],
            tags: [("Type", "AirGapped"), ("Environment", env)],
        };
        // D1, D8, D14, D32: the copy Region is a parameter, with its own key; providers are
        // declared once per document, not inside the component.
        let cross_region_vault = backup::Vault {
            region: copy_region,
            name: format!("cross-region-backup-vault-{env}"),
            kms_key: copy_key,
            lock: Lock { mode: "governance", min_retention_days: 7, max_retention_days: 365 },
            // The framework's BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED control wants a Deny
            // of these three actions to every principal on every resource of the vault (BK416).
            access_policy: [Statement {
                sid: "DenyManualDeletion",
                effect: "Deny",
                principals: ["*"],
                actions: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy"],
                resources: ["*"],
            }],
            tags: [("Type", "CrossRegion"), ("Environment", env)],
        };

        let daily_backup_plan = backup::Plan {
            name: format!("daily-backup-plan-{env}"),
            rules: [
                // D27: no cold storage: the plan protects S3 and DynamoDB, which ignore it.
                Rule {
                    name: "daily-backup-rule",
                    vault: primary_vault,
                    schedule: "cron(0 2 * * ? *)",
                    start_window_minutes: 60,
                    completion_window_minutes: 180,
                    lifecycle: Lifecycle { delete_after_days: 35 },
                    recovery_point_tags: [("Type", "Daily"), ("Environment", env)],
                },
                // D16: the critical copy goes to the air-gapped vault, not back into its source.
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
                // D7: delete >= cold + 90 no longer applies: copies keep no cold storage.
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
        // D24: the catalog table is selected too, and every bucket the framework's S3 scope
        // covers.
        let backup_selection = backup::Selection {
            name: format!("backup-resources-{env}"),
            plan: daily_backup_plan,
            role: backup_service_role,
            resources: [backup_bucket, inventory_bucket, audit_report_bucket, backup_catalog],
            tags: [("Backup", "true")],
        };

        // D4, D12, D2: valid name, `days` unit, `resource_types` scope.
        let backup_audit_framework = backup::Framework {
            name: format!("backup_compliance_framework_{env}"),
            description: "Compliance framework for backup audit and governance",
            controls: [
                Control {
                    name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                    parameters: [("requiredFrequencyUnit", "days"), ("requiredFrequencyValue", "1"), ("requiredRetentionDays", "7")],
                },
                Control { name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", parameters: [("requiredRetentionDays", "7")] },
                Control { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", scope: Scope { resource_types: ["S3", "DynamoDB"] } },
                Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" },
                Control { name: "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED" },
                Control { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK", parameters: [("minRetentionDays", "7"), ("maxRetentionDays", "2555")] },
            ],
            tags: [("Purpose", "BackupAudit"), ("Environment", env)],
        };
        // D5, D25: valid names; the framework goes to a compliance report, the job report
        // takes none.
        let backup_compliance_report = backup::ReportPlan {
            name: format!("backup_compliance_report_{env}"),
            description: "Daily backup compliance audit report",
            template: "CONTROL_COMPLIANCE_REPORT",
            bucket: audit_report_bucket,
            key_prefix: "audit-reports/compliance",
            formats: ["CSV", "JSON"],
            frameworks: [backup_audit_framework],
            tags: [("Purpose", "ComplianceReporting"), ("Environment", env)],
        };
        let backup_job_report = backup::ReportPlan {
            name: format!("backup_job_report_{env}"),
            description: "Daily backup job report",
            template: "BACKUP_JOB_REPORT",
            bucket: audit_report_bucket,
            key_prefix: "audit-reports/jobs",
            formats: ["CSV", "JSON"],
            tags: [("Purpose", "ComplianceReporting"), ("Environment", env)],
        };

        // D19, D20, D3: AWS Backup restore testing replaces the hand-written restore Lambda.
        let restore_role = iam::Role {
            name: format!("aws-backup-restore-testing-role-{env}"),
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: [
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
                "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
            ],
        };
        let restore_testing = backup::RestoreTestingPlan {
            name: format!("weekly_restore_test_{env}"),
            schedule: "cron(0 8 ? * SUN *)",
            start_window_hours: 24,
            algorithm: "LATEST_WITHIN_WINDOW",
            recovery_point_types: ["SNAPSHOT"],
            include_vaults: [primary_vault],
            selection_window_days: 7,
            tags: [("Environment", env)],
        };
        let restore_catalog = backup::RestoreTestingSelection {
            name: "catalog_table",
            plan: restore_testing,
            resource_type: "DynamoDB",
            role: restore_role,
            resources: ["*"],
            conditions: RestoreConditions { string_equals: [("Environment", env)] },
            validation_window_hours: 4,
        };

        // D11: clients are this account's (or a named account's) principals, never the
        // documentation placeholder. D28: ListBucket on the bucket, scoped by prefix.
        for i in 1..=10 {
            let client_role = iam::Role {
                name: format!("backup-client-{i}-{env}"),
                assumed_by: [client_account],
                external_id: format!("backup-client-{i}-{env}"),
                policies: [Policy {
                    name: format!("backup-client-{i}-policy-{env}"),
                    statements: [
                        Statement { effect: "Allow", actions: ["s3:PutObject", "s3:GetObject"], resources: [ArnOf { resource: backup_bucket, suffix: format!("/client-{i}/*") }] },
                        Statement {
                            effect: "Allow",
                            actions: ["s3:ListBucket"],
                            resources: [backup_bucket],
                            conditions: [Condition { test: "StringLike", key: "s3:prefix", values: [format!("client-{i}/*")] }],
                        },
                        Statement { effect: "Allow", actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [backup_key] },
                    ],
                }],
            };
        }

        // D13: metrics as [namespace, name, dimension, value, ..]; S3 storage metrics with
        // their StorageType. D32: the dashboard follows the stack's Region.
        let backup_dashboard = cloudwatch::Dashboard {
            name: format!("backup-monitoring-{env}"),
            widgets: [
                Widget {
                    kind: "metric",
                    x: 0, y: 0, width: 12, height: 6,
                    title: "Backup jobs",
                    metrics: [
                        Metric { namespace: "AWS/Backup", name: "NumberOfBackupJobsCompleted", dimensions: [("BackupVaultName", primary_vault)], stat: "Sum" },
                        Metric { namespace: "AWS/Backup", name: "NumberOfBackupJobsFailed", dimensions: [("BackupVaultName", primary_vault)], stat: "Sum" },
                    ],
                    period: 86400,
                },
                Widget {
                    kind: "metric",
                    x: 12, y: 0, width: 12, height: 6,
                    title: "Backup bucket",
                    metrics: [
                        Metric { namespace: "AWS/S3", name: "BucketSizeBytes", dimensions: [("BucketName", backup_bucket), ("StorageType", "StandardStorage")], stat: "Average" },
                        Metric { namespace: "AWS/S3", name: "NumberOfObjects", dimensions: [("BucketName", backup_bucket), ("StorageType", "AllStorageTypes")], stat: "Average" },
                    ],
                    period: 86400,
                },
                Widget {
                    kind: "metric",
                    x: 0, y: 6, width: 12, height: 6,
                    title: "Verification",
                    metrics: [
                        Metric { namespace: "AWS/Lambda", name: "Invocations", dimensions: [("FunctionName", verification)], stat: "Sum" },
                        Metric { namespace: "AWS/Lambda", name: "Errors", dimensions: [("FunctionName", verification)], stat: "Sum" },
                    ],
                    period: 300,
                },
            ],
        };
    }
}
