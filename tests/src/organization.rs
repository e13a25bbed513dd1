//! Organization deployments for the tests: AWS Control Tower's AWS Backup topology (a central
//! backup account's vault that every member account copies into), written as one stack.

use backup_dsl_macros::stack;

stack! {
    /// AWS Control Tower's AWS Backup topology: in every account of the organization, a local
    /// vault with a customer managed key and the backup role; every daily backup copied to the
    /// central backup account's vault, whose access policy lets the organization copy in.
    #[region("us-east-1")]
    pub fn control_tower(
        #[default("111122223333")] central_account: &str,
        #[default("o-abcdef1234")] organization_id: &str,
    ) {
        let key = kms::Key { description: "AWS Backup, local and central vaults", rotation: true };
        let local_vault = backup::Vault {
            name: "aws-controltower-local-vault",
            kms_key: key,
            lock: Lock { mode: "governance", min_retention_days: 1, max_retention_days: 3650 },
        };
        // Deployed to every account, used in the central one: the copies' destination.
        let central_vault = backup::Vault {
            name: "aws-controltower-central-vault",
            kms_key: key,
            access_policy: [Statement {
                sid: "OrganizationCopiesIn",
                effect: "Allow",
                principals: ["*"],
                actions: ["backup:CopyIntoBackupVault"],
                resources: ["*"],
                conditions: [Condition { test: "StringEquals", key: "aws:PrincipalOrgID", values: [organization_id] }],
            }],
        };
        let backup_role = iam::Role {
            name: "aws-controltower-backup-role",
            path: "/service-role/",
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: [
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
            ],
        };
        let daily = backup::Plan {
            name: "aws-controltower-daily",
            rules: [Rule {
                name: "daily",
                vault: local_vault,
                schedule: "cron(0 5 ? * * *)",
                lifecycle: Lifecycle { delete_after_days: 14 },
                copy: [Copy {
                    to: format!("arn:aws:backup:us-east-1:{central_account}:backup-vault:aws-controltower-central-vault"),
                    lifecycle: Lifecycle { delete_after_days: 35 },
                }],
            }],
        };
        let tagged = backup::Selection {
            name: "daily",
            plan: daily,
            role: backup_role,
            tags: [("aws-control-tower-backup", "daily")],
        };
        let organization = organizations::Deployment {
            name: "aws-controltower-backup",
            description: "Daily backups in every account, copied to the central backup account",
            targets: ["r-ab12"],
            regions: ["us-east-1"],
            policy: [daily],
            organization_id: organization_id,
            central_account: central_account,
            // Deployed from the delegated administrator account, as Control Tower's is.
            delegated_admin: true,
            tags: [("owner", "platform")],
        };
    }
}
