//! The default build pulls in no AWS SDK crate: apply is the `aws` feature's alone.

use std::process::Command;

fn tree(features: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "tree",
        "--offline",
        "-e",
        "normal,build",
        "--prefix",
        "none",
    ]);
    for package in ["backup-dsl", "backup-dsl-macros", "stacks"] {
        cmd.args(["-p", package]);
    }
    cmd.args(features);
    let out = cmd.output().expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_default_build_compiles_no_sdk_crate() {
    let default = tree(&[]);
    let sdk: Vec<&str> = default
        .lines()
        .filter(|l| l.starts_with("aws-") || l.starts_with("tokio ") || l.starts_with("hyper "))
        .collect();
    assert!(sdk.is_empty(), "the default build depends on {sdk:?}");
    // The check can fail: with the feature, the SDK is there.
    let with_aws = tree(&["--features", "backup-dsl/aws"]);
    assert!(
        with_aws.lines().any(|l| l.starts_with("aws-sdk-backup ")),
        "{with_aws}"
    );
}
