#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let lambda_role = iam::Role { name: "verify", assumed_by: ["lambda.amazonaws.com"] };
        let verify = lambda::Function { name: "verify", runtime: "python3.13", handler: "index.handler", code: "lambda/verify.zip", role: lambda_role };
        let invoke = lambda::Permission { function: "aws:ResourceTag/backup", principal: "events.amazonaws.com" };
    }
}

fn main() {}
