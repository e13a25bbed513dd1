//! Valid input from the Terraform AWS provider's AWS Backup acceptance tests
//! (`internal/service/backup/*_test.go` in hashicorp/terraform-provider-aws), which deploy it.

use backup_dsl_macros::stack;

stack! {
    /// A vault access policy whose statement names the vault itself. Source:
    /// `TestAccBackupVaultPolicy_basic` (`Resource = aws_backup_vault.test.arn` inside the vault's
    /// own policy).
    #[region("us-west-2")]
    pub fn vault_policy_self() {
        let test = backup::Vault {
            name: "tf-acc-test-vault-policy",
            access_policy: [Statement {
                sid: "default",
                effect: "Allow",
                principals: ["self"],
                actions: [
                    "backup:DescribeBackupVault",
                    "backup:DeleteBackupVault",
                    "backup:PutBackupVaultAccessPolicy",
                    "backup:DeleteBackupVaultAccessPolicy",
                    "backup:GetBackupVaultAccessPolicy",
                    "backup:StartBackupJob",
                    "backup:GetBackupVaultNotifications",
                    "backup:PutBackupVaultNotifications",
                ],
                resources: [test],
            }],
        };
    }
}

stack! {
    /// A restore testing selection with conditions keyed `aws:ResourceTag/<key>`, and one keyed
    /// by the bare tag. Source: `TestAccBackupRestoreTestingSelection_updates`
    /// (`key = "aws:ResourceTag/backup"`).
    #[region("us-west-2")]
    pub fn restore_testing_selection_updates() {
        let vault = backup::Vault { name: "tf_acc_test_restore_vault" };
        let role = iam::Role {
            name: "tf-acc-test-restore",
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"],
        };
        let plan = backup::RestoreTestingPlan {
            name: "tf_acc_test_restore_testing_plan",
            schedule: "cron(0 12 ? * * *)",
            algorithm: "LATEST_WITHIN_WINDOW",
            recovery_point_types: ["SNAPSHOT"],
            include_vaults: ["*"],
        };
        let prefixed = backup::RestoreTestingSelection {
            name: "tf_acc_test_prefixed",
            plan: plan,
            resource_type: "EC2",
            role: role,
            resources: ["*"],
            conditions: RestoreConditions {
                string_equals: [("aws:ResourceTag/backup", "true")],
                string_not_equals: [("aws:ResourceTag/environment", "test")],
            },
            validation_window_hours: 10,
        };
        let bare = backup::RestoreTestingSelection {
            name: "tf_acc_test_bare",
            plan: plan,
            resource_type: "EBS",
            role: role,
            resources: ["*"],
            conditions: RestoreConditions { string_equals: [("backup", "true")] },
        };
    }
}

stack! {
    /// Selections by tag conditions and by resources, with `selection_tag` keys in AWS's prefixed
    /// form. Source: `TestAccBackupSelection_conditionsWithTags`, `_withResources`,
    /// `_withNotResources`.
    #[region("us-west-2")]
    pub fn selection_conditions() {
        let vault = backup::Vault { name: "tf-acc-test-selection" };
        let plan = backup::Plan {
            name: "tf-acc-test-selection",
            rules: [Rule { name: "tf_acc_test_backup_rule", vault: vault, schedule: "cron(0 12 * * ? *)" }],
        };
        let role = iam::Role {
            name: "tf-acc-test-selection",
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"],
        };
        let conditions = backup::Selection {
            name: "tf-acc-test-conditions",
            plan: plan,
            role: role,
            resources: ["*"],
            conditions: Conditions {
                string_equals: [("aws:ResourceTag/Component", "rds")],
                string_like: [("aws:ResourceTag/Application", "app*")],
                string_not_equals: [("aws:ResourceTag/Backup", "false")],
                string_not_like: [("aws:ResourceTag/Environment", "test*")],
            },
        };
        let tagged = backup::Selection {
            name: "tf-acc-test-tagged",
            plan: plan,
            role: role,
            tags: [("aws:ResourceTag/foo", "bar")],
        };
        let with_resources = backup::Selection {
            name: "tf-acc-test-resources",
            plan: plan,
            role: role,
            resources: ["arn:aws:elasticfilesystem:*:*:file-system/*", "arn:aws:ec2:*:*:volume/*"],
            not_resources: ["arn:aws:ec2:*:*:volume/vol-0a1b2c3d4e5f60718"],
        };
    }
}

stack! {
    // The provider's test copies to a second vault of the same Region: valid input, to which
    // BK417 only adds disaster-recovery advice.
    #![allow(BK417)]
    /// A plan with Windows VSS enabled and a copy action to a second vault. Source:
    /// `TestAccBackupPlan_advancedBackupSetting`, `_withCopyAction`.
    #[region("us-west-2")]
    pub fn plan_advanced_settings() {
        let vault = backup::Vault { name: "tf-acc-test-plan" };
        let copies = backup::Vault { name: "tf-acc-test-plan-copies" };
        let plan = backup::Plan {
            name: "tf-acc-test-plan",
            rules: [Rule {
                name: "tf_acc_test_backup_rule",
                vault: vault,
                schedule: "cron(0 12 * * ? *)",
                lifecycle: Lifecycle { cold_storage_after_days: 30, delete_after_days: 180 },
                copy: [Copy { to: copies, lifecycle: Lifecycle { cold_storage_after_days: 30, delete_after_days: 180 } }],
            }],
            advanced_backup_settings: [AdvancedBackupSetting { resource_type: "EC2", options: [("WindowsVSS", "enabled")] }],
        };
    }
}

stack! {
    /// A logically air-gapped vault at the smallest retention bounds. Source:
    /// `TestAccBackupLogicallyAirGappedVault_basic` (`min_retention_days = 7`,
    /// `max_retention_days = 7`).
    #[region("us-west-2")]
    pub fn logically_air_gapped() {
        let airgap = backup::LogicallyAirGappedVault { name: "tf-acc-test-lag", min_retention_days: 7, max_retention_days: 7 };
    }
}
