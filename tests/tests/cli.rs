//! The `synth` command line: exit codes, list, explain, parameters, and run-time checks.

use std::process::{Command, Output};

fn synth(args: &[&str]) -> Output {
    let out = backup_dsl_tests::scratch(&format!(
        "cli-{}",
        args.join("_").replace(['/', '=', ' '], "-")
    ));
    Command::new(env!("CARGO_BIN_EXE_synth_for_tests"))
        .args(args)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap()
}

fn synth_plain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synth_for_tests"))
        .args(args)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

#[test]
fn list_shows_stacks_and_parameters() {
    let o = synth_plain(&["list"]);
    assert_eq!(o.status.code(), Some(0));
    let s = text(&o.stdout);
    let lines: Vec<&str> = s.lines().collect();
    assert!(lines[0].starts_with("backup_infrastructure\tenv=dev region=us-east-1 copy_region=us-west-2 org=acme client_account=self alert_email=backup-alerts@example.com\t"), "{s}");
    assert!(
        lines[1].starts_with("backup_core\tenv=dev region=us-east-1 copy_region=us-west-2\t"),
        "{s}"
    );
}

#[test]
fn explain_prints_the_rule_and_its_source() {
    let o = synth_plain(&["explain", "BK050"]);
    assert_eq!(o.status.code(), Some(0));
    let s = text(&o.stdout);
    assert!(
        s.starts_with("BK050: ") && s.contains("source: API PutBackupVaultLockConfiguration"),
        "{s}"
    );
    // It teaches: why, the mistake, the checker's words on it, and the fix.
    let why = s.find("why: every").or_else(|| s.find("why: ")).unwrap();
    let wrong = s.find("wrong:\n    let plan").unwrap();
    let says = s.find("the checker says:\n    error: BK050: ").unwrap();
    let right = s.find("right:\n    let plan").unwrap();
    assert!(why < wrong && wrong < says && says < right, "{s}");
    assert!(
        s.contains("delete_after_days: 3 }") && s.contains("delete_after_days: 35 }"),
        "{s}"
    );
    assert_eq!(synth_plain(&["explain", "bk999"]).status.code(), Some(2));
    let all = text(&synth_plain(&["explain"]).stdout);
    assert_eq!(all.lines().count(), backup_dsl::diag::CATALOGUE.len());
    assert!(
        all.lines().any(|l| l.starts_with("BK142\twarning\t")),
        "{all}"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(synth(&["--format", "xml"]).status.code(), Some(2));
    let o = synth(&["--param", "evn=prod"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("did you mean `env`?"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(synth(&["--stack", "nope"]).status.code(), Some(2));
    assert_eq!(synth(&["--param", "novalue"]).status.code(), Some(2));
}

#[test]
fn terraform_prints_the_single_document() {
    let o = synth(&["--format", "tf", "--stack", "backup_core"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc["resource"]["aws_backup_vault"]["primary"].is_object());
}

#[test]
fn parameters_are_checked_when_the_stack_is_built() {
    let o = synth(&["--stack", "backup_core", "--param", "env=Prod Env"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("error[BK001]: vault name `primary-Prod Env`"),
        "{err}"
    );
    assert!(err.contains("--> backup_core::primary.name"), "{err}");
    assert!(
        err.contains("error[BK064]") && err.contains("help: use `backup_audit_Prod_Env`"),
        "{err}"
    );
    // The findings name the parameter that caused them.
    assert!(
        err.contains("= note: the value holds parameter `env` = `Prod Env`"),
        "{err}"
    );
}

#[test]
fn a_region_parameter_is_checked_at_run_time() {
    let o = synth(&["--stack", "backup_core", "--param", "copy_region=us-west"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("error[BK208]: `us-west` is not an AWS Region code"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn the_default_stack_is_the_seed_port_with_its_lambda_asset() {
    let dir = backup_dsl_tests::scratch("cli-default");
    let o = Command::new(env!("CARGO_BIN_EXE_synth_for_tests"))
        .args(["--format", "tf", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let function = &doc["resource"]["aws_lambda_function"]["verification"];
    let file = function["filename"].as_str().unwrap();
    assert!(
        dir.join(file).exists(),
        "the asset is copied next to the document"
    );
    assert_eq!(
        function["source_code_hash"].as_str().unwrap().len(),
        44,
        "base64 SHA-256"
    );
}

#[test]
fn a_missing_lambda_zip_fails_the_build_with_the_path_tried() {
    let stack = stacks::backup_infrastructure(
        "dev",
        "us-east-1",
        "us-west-2",
        "acme",
        "self",
        "ops@example.com",
    );
    let mut stack = stack;
    stack.base_dir = Some("/nonexistent".into());
    let report = stack.build().unwrap_err();
    assert!(report.has("BK408"), "{report}");
    assert!(
        report
            .to_string()
            .contains("/nonexistent/lambda/verification`"),
        "{report}"
    );
}

#[test]
fn check_runs_the_rules_without_writing() {
    let o = synth_plain(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).starts_with("stack `backup_infrastructure`: "),
        "{}",
        text(&o.stdout)
    );
    let o = synth_plain(&["check", "--stack", "backup_core", "--param", "env=a.b"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("error[BK001]"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn version_prints_the_version() {
    let out = synth_plain(&["--version"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        format!("synth {}", env!("CARGO_PKG_VERSION"))
    );
}

/// The stack names of the CloudFormation manifest `synth` writes for these arguments.
fn manifest_stack_names(args: &[&str]) -> Vec<String> {
    let dir = backup_dsl_tests::scratch(&format!(
        "cli-names-{}",
        args.join("_").replace(['/', '='], "-")
    ));
    let o = Command::new(env!("CARGO_BIN_EXE_synth_for_tests"))
        .args(args)
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    manifest["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["stack_name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn instances_get_their_own_stack_names() {
    let dev = manifest_stack_names(&["--stack", "backup_core"]);
    let prod = manifest_stack_names(&["--stack", "backup_core", "--param", "env=prod"]);
    assert_eq!(dev, vec!["backup-core-us-west-2", "backup-core-us-east-1"]);
    assert_eq!(
        prod,
        vec!["backup-core-prod-us-west-2", "backup-core-prod-us-east-1"]
    );
    // Giving the default is the default instance.
    let explicit_dev = manifest_stack_names(&["--stack", "backup_core", "--param", "env=dev"]);
    assert_eq!(explicit_dev, dev);
    let named = manifest_stack_names(&[
        "--stack",
        "backup_core",
        "--param",
        "env=prod",
        "--name",
        "acme.prod",
    ]);
    assert_eq!(named, vec!["acme-prod-us-west-2", "acme-prod-us-east-1"]);
}

fn run_in(dir: &std::path::Path, args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_synth_for_tests"))
        .args(args)
        .arg("--out")
        .arg(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    o
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn synth_removes_what_an_earlier_run_wrote_and_nothing_else() {
    let dir = backup_dsl_tests::scratch("cli-owned-folder");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("deploy.sh"), "#!/bin/sh\n").unwrap();
    run_in(&dir, &["--stack", "backup_core", "--param", "env=prod"]);
    assert!(dir
        .join("backup_core-prod.us-west-2.template.json")
        .is_file());
    // Another instance into the same folder: prod's templates would be stale, and a script
    // deploying `*.template.json` would deploy them.
    let o = run_in(&dir, &["--stack", "backup_core"]);
    assert_eq!(
        files_in(&dir),
        [
            ".synth-files.cfn",
            "backup_core.us-east-1.template.json",
            "backup_core.us-west-2.template.json",
            "deploy.sh",
            "manifest.json"
        ],
        "the user's own file stays"
    );
    assert!(
        text(&o.stderr).contains("removed ")
            && text(&o.stderr).contains("backup_core-prod.us-west-2.template.json"),
        "{}",
        text(&o.stderr)
    );
    // A list naming a path outside the folder is not followed.
    let outside_dir = backup_dsl_tests::scratch("cli-owned-outside");
    let outside = outside_dir.join("keep.txt");
    std::fs::write(&outside, "keep").unwrap();
    let relative = format!(
        "../{}/keep.txt",
        outside_dir.file_name().unwrap().to_string_lossy()
    );
    std::fs::write(
        dir.join(".synth-files.cfn"),
        format!("{}\n{relative}\n", outside.display()),
    )
    .unwrap();
    run_in(&dir, &["--stack", "backup_core"]);
    assert!(outside.is_file());
}

#[test]
fn several_instances_in_one_run() {
    let dir = backup_dsl_tests::scratch("cli-instances-tf");
    let o = run_in(
        &dir,
        &[
            "--format",
            "tf",
            "--stack",
            "backup_core",
            "--instance",
            "env=dev",
            "--instance",
            "env=prod",
        ],
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let vaults = doc["resource"]["aws_backup_vault"].as_object().unwrap();
    assert!(
        vaults.keys().any(|k| k.starts_with("backup_core_prod_"))
            && vaults.keys().any(|k| !k.contains("prod")),
        "{:?}",
        vaults.keys().collect::<Vec<_>>()
    );
    assert!(dir.join("backup_core.tf.json").is_file());
    let dir = backup_dsl_tests::scratch("cli-instances-cfn");
    run_in(
        &dir,
        &[
            "--stack",
            "backup_core",
            "--instance",
            "env=dev",
            "--instance",
            "env=prod",
        ],
    );
    for file in [
        "backup_core.manifest.json",
        "backup_core-prod.manifest.json",
        "backup_core-prod.us-east-1.template.json",
    ] {
        assert!(dir.join(file).is_file(), "{file}: {:?}", files_in(&dir));
    }
    let same = synth(&[
        "--stack",
        "backup_core",
        "--instance",
        "env=prod",
        "--instance",
        "env=prod",
    ]);
    assert_eq!(same.status.code(), Some(2), "{}", text(&same.stderr));
    assert!(text(&same.stderr).contains("both named `backup_core-prod`"));
}

#[test]
fn report_and_graph_describe_the_seed_port() {
    let o = synth_plain(&["report"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let report = text(&o.stdout);
    assert!(
        report.contains("backup-catalog-dev") && report.contains("27 h") && report.contains("met"),
        "{report}"
    );
    let o = synth_plain(&["report", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["stores"].as_array().unwrap().len(), 4);
    assert!(doc["stores"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["status"] == "protected" && s["restore_tested"] == true));
    // A parameter that breaks an objective shows in the report as well as in the build.
    let o = synth_plain(&["report", "--param", "copy_region=us-east-1"]);
    assert_eq!(o.status.code(), Some(1), "the build fails (BK414)");
    let o = synth_plain(&["graph", "--format", "mermaid"]);
    assert!(text(&o.stdout).starts_with("flowchart LR\n"));
}
