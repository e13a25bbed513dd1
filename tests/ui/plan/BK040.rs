#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let role = iam::Role { name: "backup", assumed_by: ["backup.amazonaws.com"], managed_policies: ["arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup", "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"] };
        let bucket = s3::Bucket { name: "backup-storage-dev", versioning: "Enabled" };
        let pitr = backup::Plan { name: "pitr", rules: [Rule { name: "pitr", vault: vault, continuous_backup: true, lifecycle: Lifecycle { delete_after_days: 35 } }] };
        let pitr_again = backup::Plan { name: "pitr-again", rules: [Rule { name: "pitr", vault: vault, continuous_backup: true, lifecycle: Lifecycle { delete_after_days: 35 } }] };
        let a = backup::Selection { name: "a", plan: pitr, role: role, resources: [bucket] };
        let b = backup::Selection { name: "b", plan: pitr_again, role: role, resources: [bucket] };
    }
}

fn main() {}
