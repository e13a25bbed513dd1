#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    #[account("111122223333")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let role = iam::Role { name: "backup", assumed_by: ["backup.amazonaws.com"], managed_policies: ["arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup", "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"] };
        let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: "arn:aws:backup:eu-west-1:444455556666:backup-vault:dr" }] }] };
        let selection = backup::Selection { name: "tagged", plan: plan, role: role, resources: ["arn:aws:rds:us-east-1:111122223333:db:orders"] };
    }
}

fn main() {}
