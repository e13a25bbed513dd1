#![allow(dead_code)]
//! Seed defect D27, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn seed() {
        let kms_key = kms::Key { description: "KMS key for backup encryption" };
        let backup_bucket = s3::Bucket { name: "backup-storage-dev", versioning: "Enabled" };
        let primary_vault = backup::Vault { name: "primary-backup-vault-dev", kms_key: kms_key };
        let backup_plan = backup::Plan {
            name: "daily-backup-plan-dev",
            rules: [Rule { name: "daily-backup-rule", vault: primary_vault, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 2555, cold_storage_after_days: 90 } }],
        };
        let backup_role = iam::Role {
            name: "aws-backup-service-role-dev",
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup", "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"],
        };
        let backup_selection = backup::Selection { name: "backup-resources-dev", plan: backup_plan, role: backup_role, resources: [backup_bucket] };
    }
}

fn main() {}
