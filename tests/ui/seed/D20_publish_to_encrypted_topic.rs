#![allow(dead_code)]
//! Seed defect D20, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed() {
        let kms_key = kms::Key { description: "KMS key for backup encryption" };
        let backup_notification_topic = sns::Topic { name: "backup-notifications-dev", display_name: "Backup System Notifications", kms_key: kms_key };
        let restore_test_role = iam::Role {
            name: "cross-region-restore-test-role-dev",
            assumed_by: ["lambda.amazonaws.com"],
            policies: [Policy {
                name: "cross-region-restore-test-policy-dev",
                statements: [Statement { effect: "Allow", actions: ["sns:Publish"], resources: [backup_notification_topic] }],
            }],
        };
    }
}

fn main() {}
