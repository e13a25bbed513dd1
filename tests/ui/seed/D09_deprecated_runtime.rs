#![allow(dead_code)]
//! Seed defect D09, written in the seed's original form: the checker rejects it.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed() {
        let lambda_role = iam::Role { name: "backup-verification-lambda-role-dev", assumed_by: ["lambda.amazonaws.com"] };
        let verification_lambda = lambda::Function {
            name: "backup-verification-dev",
            role: lambda_role,
            handler: "index.handler",
            runtime: "nodejs18.x",
            timeout_seconds: 300,
            memory_mb: 1024,
            code: "lambda.zip",
        };
    }
}

fn main() {}
