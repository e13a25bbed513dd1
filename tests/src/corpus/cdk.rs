//! Valid input from the AWS CDK's `aws-backup` unit tests (aws-cdk-lib/aws-backup/test), which
//! synthesize it to CloudFormation.

use backup_dsl_macros::stack;

stack! {
    /// The CDK's `BackupPlan.dailyWeeklyMonthly5YearRetention`: daily for 35 days, weekly for 90,
    /// monthly to cold storage after 90 days and kept five years. Source: test/plan.test.ts.
    #[region("us-east-1")]
    pub fn daily_weekly_monthly() {
        let vault = backup::Vault { name: "cdk-plan-vault" };
        let plan = backup::Plan {
            name: "DailyWeeklyMonthly5YearRetention",
            rules: [
                Rule { name: "Daily", vault: vault, schedule: "cron(0 5 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 } },
                Rule { name: "Weekly", vault: vault, schedule: "cron(0 5 ? * SAT *)", lifecycle: Lifecycle { delete_after_days: 90 } },
                Rule {
                    name: "Monthly5Year",
                    vault: vault,
                    schedule: "cron(0 5 1 * ? *)",
                    lifecycle: Lifecycle { cold_storage_after_days: 90, delete_after_days: 1825 },
                },
            ],
        };
    }
}

stack! {
    #![allow(BK009)] // the compliance lock is the point of the test
    /// A vault lock with a grace time. Source: test/vault.test.ts (`lockConfiguration: {
    /// minRetention: Duration.days(30), maxRetention: Duration.days(365), changeableFor:
    /// Duration.days(7) }`).
    #[region("us-east-1")]
    pub fn vault_lock() {
        let key = kms::Key { description: "cdk vault key" };
        let vault = backup::Vault {
            name: "cdk-locked-vault",
            kms_key: key,
            lock: Lock { mode: "compliance", min_retention_days: 30, max_retention_days: 365, changeable_for_days: 7 },
        };
    }
}

stack! {
    #![allow(BK406)] // CDK's test data selects an ARN in the documentation account (selects nothing)
    /// Selections from a tag with a bare key, from ARNs and from a table of the stack. Source:
    /// test/selection.test.ts (`BackupResource.fromTag('stage', 'prod')`, `fromArn`,
    /// `fromDynamoDbTable`).
    #[region("us-east-1")]
    pub fn selection_from_tags() {
        let vault = backup::Vault { name: "cdk-selection-vault" };
        let plan = backup::Plan {
            name: "cdk-selection-plan",
            rules: [Rule { name: "Daily", vault: vault, schedule: "cron(0 5 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 } }],
        };
        let role = iam::Role {
            name: "cdk-selection",
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"],
        };
        let table = dynamodb::Table { name: "cdk-table", hash_key: "id", attributes: [("id", "S")], point_in_time_recovery: true };
        let selection = backup::Selection {
            name: "cdk-selection",
            plan: plan,
            role: role,
            resources: [table, "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-12345678"],
            tags: [("stage", "prod")],
        };
    }
}
