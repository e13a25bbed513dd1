#![allow(dead_code)]
use backup_dsl_macros::stack;

// Stack-wide tags follow the tag rules, and outputs name resources with an ARN.
stack! {
    #[region("us-east-1")]
    #[tags(("aws:team", "platform"), ("Environment", env))]
    #[outputs(primary, primray, invoke)]
    pub fn case(#[default("dev")] env: &str) {
        let key = kms::Key { description: "backups" };
        let primary = backup::Vault { name: "primary", kms_key: key };
        let role = iam::Role { name: "verify", assumed_by: ["lambda.amazonaws.com"] };
        let verify = lambda::Function { name: "verify", runtime: "python3.13", handler: "index.handler", code: "lambda", role: role };
        let invoke = lambda::Permission { function: verify, principal: "events.amazonaws.com" };
    }
}

fn main() {}
