#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let alerts = sns::Topic { region: "us-west-2" };
        let vault = backup::Vault { name: "primary", kms_key: key, notifications: Notifications { topic: alerts, events: ["BACKUP_JOB_COMPLETED"] } };
    }
}

fn main() {}
