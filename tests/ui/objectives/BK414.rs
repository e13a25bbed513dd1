#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    #[objectives(rpo_hours = 24)]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let catalog = dynamodb::Table { name: "backup-catalog", hash_key: "backupId", attributes: [("backupId", "S")] };
        let role = iam::Role { name: "backup", assumed_by: ["backup.amazonaws.com"], managed_policies: ["arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup", "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"] };
        let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 2 * * ? *)", timezone: "Europe/Berlin", start_window_minutes: 60, completion_window_minutes: 120, lifecycle: Lifecycle { delete_after_days: 35 } }] };
        let selection = backup::Selection { name: "tagged", plan: plan, role: role, resources: [catalog] };
    }
}

fn main() {}
