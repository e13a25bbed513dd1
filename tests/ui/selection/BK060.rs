#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 } }] };
        let role = iam::Role { name: "backup", assumed_by: ["backup.amazonaws.com"], managed_policies: ["arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup", "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"] };
        let selection = backup::Selection { name: "tagged", plan: plan, role: role, resources: [
            "arn:aws:ec2:*:*:volume/*",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000000",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000001",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000002",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000003",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000004",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000005",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000006",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000007",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000008",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000009",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-0000000000000000a",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-0000000000000000b",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-0000000000000000c",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-0000000000000000d",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-0000000000000000e",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-0000000000000000f",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000010",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000011",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000012",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000013",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000014",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000015",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000016",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000017",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000018",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-00000000000000019",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-0000000000000001a",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-0000000000000001b",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-0000000000000001c",
            "arn:aws:ec2:us-east-1:111122223333:volume/vol-0000000000000001d",
        ] };
    }
}

fn main() {}
