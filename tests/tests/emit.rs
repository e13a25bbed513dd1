//! Emitters: golden outputs, byte-for-byte determinism, and the real validators on every output
//! (cfn-lint for CloudFormation, `terraform validate` for Terraform JSON).

use backup_dsl_tests::*;
use std::path::Path;
use std::process::Command;

fn golden_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("golden")
}

fn check_golden(files: &[(String, String)]) {
    let update = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    for (name, text) in files {
        let path = golden_dir().join(name);
        if update {
            std::fs::write(&path, text).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("missing golden {name}; run with UPDATE_GOLDEN=1"));
        assert!(
            want == *text,
            "{name} differs from its golden file; rerun with UPDATE_GOLDEN=1 and review the diff"
        );
    }
}

const BUNDLED: &[&str] = &["backup_infrastructure", "backup_core", "seed_organization"];

#[test]
fn cloudformation_matches_golden() {
    for name in BUNDLED {
        check_golden(&cfn_files(&bundled(name)));
    }
}

#[test]
fn terraform_matches_golden() {
    for name in BUNDLED {
        check_golden(&[tf_file(&bundled(name))]);
    }
}

#[test]
fn output_is_deterministic() {
    for name in BUNDLED {
        let a = (cfn_files(&bundled(name)), tf_file(&bundled(name)));
        let b = (cfn_files(&bundled(name)), tf_file(&bundled(name)));
        assert_eq!(a, b);
    }
}

#[test]
fn synth_binary_is_deterministic_across_runs() {
    fn walk(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push((
                    p.file_name().unwrap().to_string_lossy().to_string(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    let bin = env!("CARGO_BIN_EXE_synth_for_tests");
    let mut outputs = Vec::new();
    for run in 0..2 {
        let dir = scratch(&format!("det-{run}"));
        for format in ["cfn", "tf"] {
            let st = Command::new(bin)
                .args(["--format", format, "--out"])
                .arg(&dir)
                .output()
                .unwrap();
            assert!(
                st.status.success(),
                "{}",
                String::from_utf8_lossy(&st.stderr)
            );
        }
        let mut files = Vec::new();
        walk(&dir, &mut files);
        files.sort();
        outputs.push(files);
    }
    assert_eq!(
        outputs[0].len(),
        7,
        "two templates, a manifest, a Terraform document, the Lambda asset, and each format's list of what it wrote"
    );
    assert_eq!(outputs[0], outputs[1]);
    // The Lambda code directory's zip is a valid zip holding the source, for Python's reader too.
    let (_, zip) = outputs[0]
        .iter()
        .find(|(name, _)| name.ends_with(".zip"))
        .expect("the asset");
    let path = scratch("det-zip").join("code.zip");
    std::fs::write(&path, zip).unwrap();
    let listed = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.namelist())",
        ])
        .arg(&path)
        .output()
        .expect("python3 is needed to read the zip back (install Python 3)");
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout).trim(),
        "['index.py']"
    );
}

#[test]
fn terraform_spells_out_aws_defaults() {
    let (_, text) = tf_file(&bundled("backup_core"));
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    for rule in doc["resource"]["aws_backup_plan"]["daily"]["rule"]
        .as_array()
        .unwrap()
    {
        assert!(
            rule["start_window"].is_number() && rule["completion_window"].is_number(),
            "{rule}"
        );
        assert!(rule["schedule_expression_timezone"].is_string());
    }
    let continuous = &doc["resource"]["aws_backup_plan"]["daily"]["rule"][1];
    assert_eq!(
        continuous["start_window"], 480,
        "AWS's default, not Terraform's 60"
    );
    assert_eq!(
        continuous["completion_window"], 10080,
        "AWS's default, not Terraform's 180"
    );
}

#[test]
fn cloudformation_uses_getatt_for_arns_and_sub_across_regions() {
    let out = backup_dsl::emit::cfn::emit(&bundled("backup_core")).unwrap();
    let east = out
        .templates
        .iter()
        .find(|t| t.region == "us-east-1")
        .unwrap();
    let rule = &east.body["Resources"]["Daily"]["Properties"]["BackupPlan"]["BackupPlanRule"][0];
    assert_eq!(
        rule["TargetBackupVault"],
        serde_json::json!({"Ref": "Primary"})
    );
    assert_eq!(
        rule["CopyActions"][0]["DestinationBackupVaultArn"],
        serde_json::json!({"Fn::Sub": "arn:${AWS::Partition}:backup:us-west-2:${AWS::AccountId}:backup-vault:copies-dev"})
    );
    assert_eq!(
        rule["CopyActions"][1]["DestinationBackupVaultArn"],
        serde_json::json!({"Fn::GetAtt": ["AirGapped", "BackupVaultArn"]})
    );
    assert_eq!(
        out.templates[0].region, "us-west-2",
        "the copy Region deploys first"
    );
}

#[test]
fn every_model_resource_appears_in_both_outputs() {
    for name in BUNDLED {
        every_resource_in_both(name);
    }
}

fn every_resource_in_both(name: &str) {
    let stack = bundled(name);
    let mut cfn = backup_dsl::emit::cfn::emit(&stack).unwrap();
    let tf = backup_dsl::emit::terraform::emit(&stack).unwrap();
    let org = backup_dsl::rules::org::deployment(stack.stack());
    if let Some(dep) = org {
        // An organization: the member part is the StackSet's template, in both outputs; the
        // policy's plans and selections are in the policy, the same in both.
        let member = backup_dsl::emit::cfn::member_template(stack.stack()).unwrap();
        let tf_body = tf["resource"]["aws_cloudformation_stack_set"][&dep.id]["template_body"]
            .as_str()
            .unwrap()
            .replace("$${", "${");
        assert_eq!(tf_body, member.to_string());
        let policy = backup_dsl::rules::org::backup_policy(stack.stack(), dep);
        for r in &stack.resources {
            if r.kind == backup_dsl::Kind::Plan
                && !backup_dsl::rules::org::in_member_part(stack.stack(), r)
            {
                assert!(
                    policy["plans"].get(r.body.str("name").unwrap()).is_some(),
                    "{} missing from the policy",
                    r.id
                );
            }
        }
        cfn.templates.push(backup_dsl::emit::cfn::Template {
            region: String::new(),
            file_name: String::new(),
            stack_name: String::new(),
            body: member,
        });
    }
    for r in &stack.resources {
        let lid = backup_dsl::model::logical_id(&r.id);
        // In an organization, the policy's plans and selections are in the policy (above).
        if org.is_some()
            && r.kind != backup_dsl::Kind::OrgDeployment
            && !backup_dsl::rules::org::in_member_part(stack.stack(), r)
        {
            continue;
        }
        assert!(
            cfn.templates
                .iter()
                .any(|t| t.body["Resources"].get(&lid).is_some()),
            "{} missing from CloudFormation",
            r.id
        );
        // Terraform holds an organization's member part inside the StackSet (compared above).
        if org.is_some() {
            continue;
        }
        assert!(
            tf["resource"]
                .as_object()
                .unwrap()
                .values()
                .any(|by_type| by_type.get(&r.id).is_some()),
            "{} missing from Terraform",
            r.id
        );
    }
}

#[test]
fn cfn_lint_reports_no_error() {
    let stacks: Vec<_> = BUNDLED.iter().map(|n| bundled(n)).collect();
    cfn_lint_stacks("bundled stacks", &stacks);
}

#[test]
fn terraform_validate_accepts_the_bundled_stacks() {
    for name in BUNDLED {
        terraform_validate(&format!("tf-{name}"), &tf_file(&bundled(name)).1);
    }
}

#[test]
fn terraform_validate_accepts_two_instances_in_one_document() {
    let def = stacks::BACKUP_CORE;
    let dev = def
        .instantiate(&[("env".into(), "dev".into())])
        .unwrap()
        .named("core-dev")
        .build()
        .unwrap();
    let prod = def
        .instantiate(&[("env".into(), "prod".into())])
        .unwrap()
        .named("core-prod")
        .build()
        .unwrap();
    let doc = backup_dsl::emit::terraform::emit_all(&[&dev, &prod]).unwrap();
    let providers = doc["provider"]["aws"].as_array().unwrap();
    assert_eq!(
        providers.len(),
        2,
        "providers are declared once per Region, not per instance"
    );
    terraform_validate("tf-two", &backup_dsl::cli::to_pretty(&doc));
}

#[test]
fn cfn_lint_accepts_every_field_of_every_kind() {
    let Some(lint) = cfn_lint() else {
        return missing_tool(
            "cfn-lint",
            "Install it with the README's test command (pinned, in .venv).",
        );
    };
    let stack = backup_dsl_tests::every_field::every_field()
        .build()
        .unwrap_or_else(|r| panic!("{r}"));
    let out = backup_dsl::emit::cfn::emit(&stack).unwrap();
    assert_eq!(out.templates.len(), 1);
    let dir = scratch("cfn-lint-every");
    let path = dir.join("every.json");
    std::fs::write(&path, backup_dsl::cli::to_pretty(&out.templates[0].body)).unwrap();
    let st = Command::new(&lint)
        .args(["--regions", "eu-west-1", "--"])
        .arg(&path)
        .output()
        .unwrap();
    let code = st.status.code().unwrap_or(-1);
    assert!(
        code >= 0 && code & 3 == 0,
        "cfn-lint (exit {code}):\n{}",
        String::from_utf8_lossy(&st.stdout)
    );
}

#[test]
fn terraform_refuses_fields_it_cannot_express() {
    let stack = backup_dsl_tests::every_field::every_field()
        .build()
        .unwrap();
    let report = backup_dsl::emit::terraform::emit(&stack).unwrap_err();
    assert!(report.has("BK303"), "{report}");
}

#[test]
fn terraform_validate_accepts_every_field_terraform_can_express() {
    let mut stack = backup_dsl_tests::every_field::every_field();
    for r in &mut stack.resources {
        if let Some(backup_dsl::Value::List(rules)) = r
            .body
            .fields
            .iter_mut()
            .find(|(k, _)| k == "rules")
            .map(|(_, v)| v)
        {
            for rule in rules {
                if let backup_dsl::Value::Object(o) = rule {
                    o.fields.retain(|(k, _)| {
                        !matches!(
                            k.as_str(),
                            "air_gapped_vault" | "index_actions" | "scan_actions"
                        )
                    });
                }
            }
        }
    }
    let stack = stack.build().unwrap_or_else(|r| panic!("{r}"));
    let doc = backup_dsl::emit::terraform::emit(&stack).unwrap_or_else(|r| panic!("{r}"));
    terraform_validate("tf-every", &backup_dsl::cli::to_pretty(&doc));
}

#[test]
fn bundled_stacks_build_without_warnings() {
    for name in BUNDLED {
        let stack = bundled(name);
        assert!(
            stack.warnings.diagnostics.is_empty(),
            "{name}: {}",
            stack.warnings
        );
    }
}

/// `synth --instance` renders each instance's resources in its own worker and joins the texts:
/// the file must be byte for byte the document `emit_all` builds for the same instances.
#[test]
fn synth_of_several_instances_is_the_emit_all_document() {
    let build = |env: &str| {
        let def = stacks::STACKS
            .iter()
            .find(|s| s.name == "backup_core")
            .unwrap();
        def.instantiate(&[("env".to_string(), env.to_string())])
            .unwrap()
            .build()
            .unwrap()
    };
    let envs = ["dev", "prod", "qa", "e4", "e5", "e6", "e7", "e8", "e9"];
    let checked: Vec<_> = envs.iter().map(|e| build(e)).collect();
    let refs: Vec<_> = checked.iter().collect();
    let want = backup_dsl::cli::to_pretty(&backup_dsl::emit::terraform::emit_all(&refs).unwrap());
    let dir = scratch("several-instances");
    let mut args: Vec<String> = ["--format", "tf", "--stack", "backup_core"]
        .map(String::from)
        .to_vec();
    for e in &envs {
        args.push("--instance".into());
        args.push(format!("env={e}"));
    }
    let o = Command::new(env!("CARGO_BIN_EXE_synth_for_tests"))
        .args(&args)
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = std::fs::read_to_string(dir.join("backup_core.tf.json")).unwrap();
    assert!(file == want, "the joined document differs from emit_all's");
    assert_eq!(String::from_utf8_lossy(&o.stdout), want);
    // One instance: the same as `emit`.
    let one = Command::new(env!("CARGO_BIN_EXE_synth_for_tests"))
        .args(["--format", "tf", "--stack", "backup_core", "--out"])
        .arg(scratch("one-instance"))
        .output()
        .unwrap();
    let single = backup_dsl::cli::to_pretty(
        &backup_dsl::emit::terraform::emit(&bundled("backup_core")).unwrap(),
    );
    assert!(String::from_utf8_lossy(&one.stdout) == single);
}
