#![allow(dead_code)]
//! Seed defect D24, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn seed() {
        let kms_key = kms::Key { description: "KMS key for backup encryption" };
        let backup_bucket = s3::Bucket { name: "backup-storage-dev", versioning: "Enabled" };
        let backup_table = dynamodb::Table {
            name: "backup-catalog-dev",
            hash_key: "backupId",
            range_key: "clientId",
            attributes: [("backupId", "S"), ("clientId", "S")],
        };
        let primary_vault = backup::Vault { name: "primary-backup-vault-dev", kms_key: kms_key };
        let backup_plan = backup::Plan { name: "daily-backup-plan-dev", rules: [Rule { name: "daily-backup-rule", vault: primary_vault, lifecycle: Lifecycle { delete_after_days: 35 } }] };
        let backup_role = iam::Role {
            name: "aws-backup-service-role-dev",
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: [
                "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
                "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
                "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
            ],
        };
        let backup_selection = backup::Selection { name: "backup-resources-dev", plan: backup_plan, role: backup_role, resources: [backup_bucket], tags: [("Backup", "true")] };
        let backup_audit_framework = backup::Framework {
            name: "backup_compliance_framework_dev",
            controls: [Control { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", scope: Scope { resource_types: ["S3", "DynamoDB"] } }],
        };
    }
}

fn main() {}
