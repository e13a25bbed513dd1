#![allow(dead_code)]
//! Seed defect D19, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed() {
        let restore_test_role = iam::Role {
            name: "cross-region-restore-test-role-dev",
            assumed_by: ["lambda.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
            policies: [Policy {
                name: "cross-region-restore-test-policy-dev",
                statements: [Statement {
                    effect: "Allow",
                    actions: ["backup:DescribeBackupVault", "backup:DescribeRecoveryPoint", "backup:StartRestoreJob", "backup:DescribeRestoreJob", "backup:ListRecoveryPointsByBackupVault"],
                    resources: ["*"],
                }],
            }],
        };
    }
}

fn main() {}
