//! Seed defect D10 in the seed's original form: `filename: 'lambda.zip'`, which nothing builds.
//! The macro reads no files (it stays hermetic), so this compiles; building the stack checks the
//! asset and fails with BK408, naming the path it tried.
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn seed() {
        let lambda_role = iam::Role { name: "backup-verification-lambda-role-dev", assumed_by: ["lambda.amazonaws.com"] };
        let verification_lambda = lambda::Function {
            name: "backup-verification-dev",
            role: lambda_role,
            handler: "index.handler",
            runtime: "python3.13",
            code: "lambda.zip",
        };
    }
}

fn main() {
    let report = seed().build().unwrap_err();
    assert_eq!(report.codes(), vec!["BK408"]);
    let message = &report.diagnostics[0].message;
    assert!(message.starts_with("code `lambda.zip` does not exist (looked for `") && message.ends_with("lambda.zip`)"), "{message}");
}
