#![allow(dead_code)]
//! Seed defect D28, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed() {
        let backup_bucket = s3::Bucket { name: "backup-storage-dev", versioning: "Enabled" };
        for i in 1..=10 {
            let client_role = iam::Role {
                name: format!("backup-client-role-{i}-dev"),
                assumed_by: ["self"],
                policies: [Policy {
                    name: format!("client-policy-{i}-dev"),
                    statements: [Statement {
                        effect: "Allow",
                        actions: ["s3:PutObject", "s3:GetObject", "s3:ListBucket"],
                        resources: [ArnOf { resource: backup_bucket, suffix: format!("/client-{i}/*") }],
                    }],
                }],
            };
        }
    }
}

fn main() {}
