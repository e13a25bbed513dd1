#![allow(dead_code)]
//! Seed defect D22, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn seed() {
        let lambda_role = iam::Role { name: "backup-verification-lambda-role-dev", assumed_by: ["lambda.amazonaws.com"] };
        let backup_bucket = s3::Bucket { name: "backup-storage-dev", versioning: "Enabled" };
        let verification_lambda = lambda::Function { name: "backup-verification-dev", role: lambda_role, handler: "index.handler", runtime: "python3.13", code: "lambda.zip" };
        let s3_invoke_lambda = lambda::Permission {
            function: verification_lambda,
            principal: "s3.amazonaws.com",
            source: backup_bucket,
            source_account: "self",
        };
    }
}

fn main() {}
