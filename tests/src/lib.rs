//! Helpers shared by the integration tests: synthesizing the bundled stacks and finding the
//! external validators (cfn-lint, terraform).

pub mod every_field;

use backup_dsl::emit::{cfn, terraform};
use backup_dsl::CheckedStack;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds a bundled stack with its default parameters.
pub fn bundled(name: &str) -> CheckedStack {
    let def = stacks::STACKS
        .iter()
        .find(|s| s.name == name)
        .expect("bundled stack");
    def.instantiate(&[])
        .expect("defaults instantiate")
        .build()
        .unwrap_or_else(|r| panic!("{r}"))
}

/// `(file name, pretty JSON)` for every CloudFormation output of a stack.
pub fn cfn_files(stack: &CheckedStack) -> Vec<(String, String)> {
    let out = cfn::emit(stack).unwrap_or_else(|r| panic!("{r}"));
    let mut files: Vec<(String, String)> = out
        .templates
        .iter()
        .map(|t| (t.file_name.clone(), backup_dsl::cli::to_pretty(&t.body)))
        .collect();
    files.push((
        format!("{}.manifest.json", stack.name),
        backup_dsl::cli::to_pretty(&out.manifest),
    ));
    files
}

/// The Terraform document of a stack.
pub fn tf_file(stack: &CheckedStack) -> (String, String) {
    let doc = terraform::emit(stack).unwrap_or_else(|r| panic!("{r}"));
    (
        format!("{}.tf.json", stack.name),
        backup_dsl::cli::to_pretty(&doc),
    )
}

/// A fresh scratch directory under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/test-scratch")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Whether missing validators fail the test (the README's test command sets this).
pub fn validators_required() -> bool {
    std::env::var("BACKUP_DSL_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1")
}

/// Reports a missing tool loudly; panics when validators are required.
pub fn missing_tool(tool: &str, how: &str) {
    let msg = format!(
        "\n!!!!!!!!!!\n!!! {tool} NOT FOUND: this validation did NOT run. {how}\n!!!!!!!!!!\n"
    );
    eprintln!("{msg}");
    assert!(!validators_required(), "{msg}");
}

/// The cfn-lint to run: `$CFN_LINT`, the project venv's, or one on PATH.
pub fn cfn_lint() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CFN_LINT") {
        return Some(PathBuf::from(p));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/cfn-lint");
    if venv.exists() {
        return Some(venv);
    }
    Command::new("cfn-lint")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| PathBuf::from("cfn-lint"))
}

/// `terraform` and a CLI config that installs hashicorp/aws from the local filesystem mirror.
pub fn terraform() -> Option<(PathBuf, PathBuf)> {
    let ok = Command::new("terraform")
        .arg("version")
        .output()
        .ok()
        .is_some_and(|o| o.status.success());
    if !ok {
        return None;
    }
    let mirror = std::env::var("TF_PROVIDER_MIRROR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/opt/tf-plugins"));
    if !mirror.join("registry.terraform.io/hashicorp/aws").exists() {
        return None;
    }
    let config = scratch("tfrc").join("cli.tfrc");
    let text = format!("provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n  direct {{\n    exclude = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n}}\n", mirror.display());
    std::fs::write(&config, text).unwrap();
    Some((PathBuf::from("terraform"), config))
}

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
