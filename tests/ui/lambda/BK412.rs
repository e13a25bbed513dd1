#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #![deny(warnings)]
    #[region("us-east-1")]
    pub fn case() {
        let lambda_role = iam::Role { name: "verify", assumed_by: ["lambda.amazonaws.com"] };
        let verify = lambda::Function { name: "verify", runtime: "python3.13", handler: "index.handler", code: "lambda/verify.zip", role: lambda_role };
        let bucket = s3::Bucket { name: "backup-storage-dev", notifications: [Notify { function: verify, events: ["s3:ObjectCreated:*"] }] };
        let invoke = lambda::Permission { function: verify, principal: "s3.amazonaws.com", source: bucket };
    }
}

fn main() {}
