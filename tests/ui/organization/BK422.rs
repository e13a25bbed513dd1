#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let role = iam::Role { name: "backup", assumed_by: ["backup.amazonaws.com"], managed_policies: ["arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup", "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"] };
        let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 } }] };
        let selection = backup::Selection { name: "tagged", plan: plan, role: role, tags: [("backup", "daily")] };
        let org = organizations::Deployment { name: "org-backup", targets: ["111122223333"], regions: ["us-east-1", "us-west-2"], policy: [plan] };
    }
}

fn main() {}
