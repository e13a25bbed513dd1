//! Valid input from AWS's own documentation.

use backup_dsl_macros::stack;

stack! {
    /// Wildcards anywhere in a selection ARN, and tag conditions written bare and in AWS's
    /// `aws:ResourceTag/` form. Source: AWS Backup developer guide, "Assign resources with AWS
    /// CLI" (`arn:aws:ec2:*:*:volume/*`); AWS knowledge center "backup-assign-resources"
    /// (`arn:aws:rds:*:*:cluster:*`, `arn:aws:rds:*:*:db:*`); API `Conditions` examples.
    #[region("us-east-1")]
    pub fn assign_resources_cli() {
        let key = kms::Key { description: "backups", rotation: true };
        let vault = backup::Vault { name: "docs-vault", kms_key: key };
        let plan = backup::Plan {
            name: "docs-plan",
            rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 5 ? * * *)", lifecycle: Lifecycle { delete_after_days: 35 } }],
        };
        let role = iam::Role {
            name: "docs-backup",
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"],
        };
        let volumes_and_databases = backup::Selection {
            name: "volumes-and-databases",
            plan: plan,
            role: role,
            resources: ["arn:aws:ec2:*:*:volume/*", "arn:aws:rds:*:*:cluster:*", "arn:aws:rds:*:*:db:*"],
            not_resources: ["arn:aws:ec2:*:*:volume/vol-0123456789abcdef0"],
            conditions: Conditions {
                string_equals: [("aws:ResourceTag/backup", "true")],
                string_not_equals: [("environment", "sandbox")],
                string_like: [("aws:ResourceTag/team", "platform-*")],
                string_not_like: [],
            },
        };
        let by_tag = backup::Selection {
            name: "by-tag",
            plan: plan,
            role: role,
            tags: [("aws:ResourceTag/backup", "daily"), ("backup-tier", "gold")],
        };
        let all_instances = backup::Selection {
            name: "all-instances",
            plan: plan,
            role: role,
            resources: ["arn:aws:ec2:*:*:instance/*"],
            tags: [],
        };
    }
}

stack! {
    /// AWS's example framework: the manual-deletion control scoped to the `default` vault by its
    /// AWS Config type, and controls with their documented parameters. Source: AWS Backup
    /// developer guide, "Creating frameworks using the AWS Backup API".
    #[region("us-east-1")]
    pub fn framework_api() {
        let framework = backup::Framework {
            name: "MyFramework",
            description: "Framework from the API example",
            controls: [
                Control {
                    name: "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
                    scope: Scope { resource_types: ["AWS::Backup::BackupVault"], resource_ids: ["default"] },
                },
                Control {
                    name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                    parameters: [("requiredFrequencyUnit", "hours"), ("requiredRetentionDays", "35"), ("requiredFrequencyValue", "1")],
                },
                Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" },
                Control {
                    name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                    parameters: [("requiredRetentionDays", "35")],
                },
            ],
            tags: [],
        };
    }
}

stack! {
    /// A report plan whose delivery bucket lets the reports service-linked role write, with the
    /// account written through `format!`. Source: AWS Backup developer guide, "Creating report
    /// plans" (bucket policy for `AWSServiceRoleForBackupReports`).
    #[region("us-east-1")]
    pub fn report_plan_bucket_policy(#[default("111122223333")] account: &str) {
        let reports = s3::Bucket {
            name: format!("backup-reports-{account}"),
            versioning: "Enabled",
            policy: [Statement {
                effect: "Allow",
                principals: [format!("arn:aws:iam::{account}:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports")],
                actions: ["s3:PutObject"],
                resources: [ArnOf { resource: reports, suffix: "/*" }],
                conditions: [Condition { test: "StringEquals", key: "s3:x-amz-acl", values: ["bucket-owner-full-control"] }],
            }],
        };
        let jobs = backup::ReportPlan { name: "backup_jobs", template: "BACKUP_JOB_REPORT", bucket: reports, formats: ["CSV", "JSON"] };
    }
}

stack! {
    /// S3 invokes a function, granted by a permission that names the bucket by ARN string (as the
    /// Lambda API's `AddPermission` example does), and a second permission without any source.
    /// Source: Lambda API reference, AddPermission; Lambda developer guide, "Using resource-based
    /// policies".
    #[region("us-east-1")]
    pub fn lambda_add_permission() {
        let role = iam::Role {
            name: "verify-backups",
            assumed_by: ["lambda.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
        };
        let verify = lambda::Function {
            name: "verify-backups",
            runtime: "python3.13",
            handler: "index.handler",
            code: "../stacks/lambda/verification",
            role: role,
        };
        let uploads = s3::Bucket {
            name: "docs-uploads-example",
            notifications: [Notify { function: verify, events: ["s3:ObjectCreated:*"] }],
        };
        let from_bucket = lambda::Permission {
            function: verify,
            principal: "s3.amazonaws.com",
            source: "arn:aws:s3:::docs-uploads-example",
            source_account: "self",
        };
        let from_any_bucket = lambda::Permission { function: verify, principal: "events.amazonaws.com" };
    }
}

stack! {
    /// An IAM policy variable in a resource ARN: CloudFormation keeps it as is, Terraform needs
    /// `$${` to keep it out of its own interpolation. Source: IAM user guide, "IAM policy elements:
    /// variables and tags" (`arn:aws:s3:::bucket/${aws:username}/*`).
    #[region("us-east-1")]
    pub fn iam_policy_variables() {
        let restore = iam::Role {
            name: "per-user-restores",
            assumed_by: ["self"],
            policies: [Policy {
                name: "home-folders",
                statements: [
                    Statement { effect: "Allow", actions: ["s3:GetObject", "s3:PutObject"], resources: ["arn:aws:s3:::restores-example/${aws:username}/*"] },
                    Statement {
                        effect: "Allow",
                        actions: ["s3:ListBucket"],
                        resources: ["arn:aws:s3:::restores-example"],
                        conditions: [Condition { test: "StringLike", key: "s3:prefix", values: ["${aws:username}/*", "%{literal}"] }],
                    },
                ],
            }],
            description: "reads ${aws:username}/ only",
        };
    }
}

stack! {
    /// Every statistic form CloudWatch documents. Source: CloudWatch user guide, "CloudWatch
    /// statistics definitions" (`tm99`, `IQM`, `TM(10%:90%)`, `wm99`, `PR(:300)`).
    #[region("us-east-1")]
    pub fn cloudwatch_statistics() {
        let dashboard = cloudwatch::Dashboard {
            name: "backup-statistics",
            widgets: [Widget {
                kind: "metric",
                title: "Backup job duration",
                stat: "tm99",
                metrics: [
                    Metric { namespace: "AWS/Backup", name: "NumberOfBackupJobsCompleted", stat: "IQM" },
                    Metric { namespace: "AWS/Backup", name: "NumberOfBackupJobsFailed", stat: "TM(10%:90%)" },
                    Metric { namespace: "AWS/Backup", name: "NumberOfBackupJobsCreated", stat: "wm99" },
                    Metric { namespace: "AWS/Backup", name: "NumberOfRestoreJobsCompleted", stat: "PR(:300)" },
                    Metric { namespace: "AWS/Backup", name: "NumberOfCopyJobsCompleted", stat: "p99.9" },
                ],
            }],
        };
    }
}

stack! {
    /// A stack in the AWS European Sovereign Cloud (partition `aws-eusc`). Source: the AWS SDKs'
    /// partition metadata, Region `eusc-de-east-1`.
    #[region("eusc-de-east-1")]
    pub fn sovereign_cloud_region() {
        let key = kms::Key { description: "sovereign backups", rotation: true };
        let vault = backup::Vault { name: "sovereign", kms_key: key };
    }
}

stack! {
    #![allow(BK303)] // hashicorp/aws 5.100 does not know these runtimes yet: CloudFormation only.
    /// Lambda runtimes newer than some of this release's neighbours. Source: Lambda developer
    /// guide, "Lambda runtimes" (`nodejs24.x`, `python3.14`, `java25`, `ruby3.4`, `dotnet10`).
    #[region("us-east-1")]
    pub fn current_runtimes() {
        let role = iam::Role {
            name: "runtimes",
            assumed_by: ["lambda.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
        };
        let node = lambda::Function { name: "node", runtime: "nodejs24.x", handler: "index.handler", code: "../stacks/lambda/verification", role: role };
        let python = lambda::Function { name: "python", runtime: "python3.14", handler: "index.handler", code: "../stacks/lambda/verification", role: role };
        let java = lambda::Function { name: "java", runtime: "java25", handler: "example.Handler::handleRequest", code: "../stacks/lambda/verification", role: role };
        let ruby = lambda::Function { name: "ruby", runtime: "ruby3.4", handler: "function.handler", code: "../stacks/lambda/verification", role: role };
        let dotnet = lambda::Function { name: "dotnet", runtime: "dotnet10", handler: "Assembly::Namespace.Class::Handler", code: "../stacks/lambda/verification", role: role };
    }
}

stack! {
    #![allow(BK303)] // Terraform's provider 5.100 has no argument for the key: CloudFormation only.
    /// A logically air-gapped vault encrypted with a customer managed key. Source:
    /// CloudFormation resource reference, `AWS::Backup::LogicallyAirGappedBackupVault`
    /// `EncryptionKeyArn`.
    #[region("us-east-1")]
    pub fn air_gapped_vault_cmk() {
        let key = kms::Key { description: "air-gapped vault key", rotation: true };
        let airgap = backup::LogicallyAirGappedVault { name: "airgapped-cmk", min_retention_days: 7, max_retention_days: 365, kms_key: key };
    }
}
