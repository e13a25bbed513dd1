//! Organization deployments end to end: the management template and the member template pass
//! cfn-lint, the Terraform document `terraform validate`; the backup policy matches its golden
//! file, passes the project's own rules and reads back into the plans it was made from; and the
//! StackSet deploys to every account of an OU, in every Region, on the local AWS emulator (moto
//! on 127.0.0.1), with what names a Region only there and the IAM role once per account.

use backup_dsl::emit::{cfn, terraform};
use backup_dsl::rules::org;
use backup_dsl::{CheckedStack, Kind, Value};
use backup_dsl_tests::*;
use serde_json::Value as Json;
use std::path::Path;
use std::process::Command;

fn seed_organization(params: &[(&str, &str)]) -> CheckedStack {
    let given: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    stacks::SEED_ORGANIZATION
        .instantiate(&given)
        .unwrap()
        .build()
        .unwrap_or_else(|r| panic!("{r}"))
}

fn control_tower() -> CheckedStack {
    organization::CONTROL_TOWER
        .instantiate(&[])
        .unwrap()
        .build()
        .unwrap_or_else(|r| panic!("{r}"))
}

/// The management template and the member template, as cfn-lint sees them.
fn both_templates(stack: &CheckedStack) -> cfn::CfnOutput {
    let mut out = cfn::emit(stack).unwrap_or_else(|r| panic!("{r}"));
    let member = cfn::member_template(stack.stack()).unwrap();
    let home = out.templates[0].region.clone();
    out.templates.push(cfn::Template {
        region: home,
        file_name: format!("{}.member.template.json", stack.name),
        stack_name: String::new(),
        body: member,
    });
    out
}

#[test]
fn cfn_lint_accepts_the_management_and_member_templates() {
    let outputs: Vec<(String, cfn::CfnOutput)> = [seed_organization(&[]), control_tower()]
        .iter()
        .map(|s| (s.name.clone(), both_templates(s)))
        .collect();
    // The StackSet carries the member template as text, which cfn-lint does not open.
    for (_, out) in &outputs {
        let management = &out.templates[0].body;
        let body = management["Resources"]
            .as_object()
            .unwrap()
            .values()
            .find(|r| r["Type"] == "AWS::CloudFormation::StackSet")
            .unwrap()["Properties"]["TemplateBody"]
            .as_str()
            .unwrap();
        let parsed: Json = serde_json::from_str(body).unwrap();
        assert_eq!(&parsed, &out.templates[1].body);
    }
    cfn_lint_outputs("organization templates", &outputs);
}

#[test]
fn terraform_validate_accepts_the_organization_documents() {
    for stack in [seed_organization(&[]), control_tower()] {
        let doc = terraform::emit(&stack).unwrap_or_else(|r| panic!("{r}"));
        let resources = &doc["resource"];
        let dep = org::deployment(stack.stack()).unwrap();
        let name = dep.id.as_str();
        // The deployment's fields at the places its schema declares for Terraform.
        let policy = &resources["aws_organizations_policy"][name];
        assert_eq!(policy["name"], Json::from(dep.body.str("name").unwrap()));
        assert_eq!(
            policy["description"],
            Json::from(dep.body.str("description").unwrap())
        );
        assert_eq!(policy["type"], "BACKUP_POLICY");
        for (k, v) in dep.body.map("tags") {
            assert_eq!(policy["tags"][k], Json::from(v.as_str().unwrap()));
        }
        let call_as = (dep.body.bool("delegated_admin") == Some(true)).then_some("DELEGATED_ADMIN");
        assert_eq!(
            resources["aws_cloudformation_stack_set"][name]["call_as"].as_str(),
            call_as
        );
        let content: Json = serde_json::from_str(policy["content"].as_str().unwrap()).unwrap();
        assert_eq!(content, org::backup_policy(stack.stack(), dep));
        let targets: Vec<&Json> = resources["aws_organizations_policy_attachment"]
            .as_object()
            .unwrap()
            .values()
            .map(|a| &a["target_id"])
            .collect();
        assert_eq!(targets.len(), dep.body.list("targets").len());
        let regions: Vec<&str> = resources["aws_cloudformation_stack_set_instance"]
            .as_object()
            .unwrap()
            .values()
            .map(|i| i["region"].as_str().unwrap())
            .collect();
        assert_eq!(regions, org::regions(dep).unwrap());
        // Terraform reads `${` as an interpolation: the template's `Fn::Sub`s are escaped.
        let body = resources["aws_cloudformation_stack_set"][name]["template_body"]
            .as_str()
            .unwrap();
        let member = cfn::member_template(stack.stack()).unwrap().to_string();
        assert_eq!(body.replace("$${", "${"), member);
        // Cross-account copies need AWS Backup's organization setting (Control Tower's topology).
        let cross_account = dep.body.has("central_account");
        assert_eq!(
            resources.get("aws_backup_global_settings").is_some(),
            cross_account
        );
        terraform_validate(
            &format!("tf-org-{}", stack.name),
            &backup_dsl::cli::to_pretty(&doc),
        );
    }
}

#[test]
fn the_policy_matches_its_golden_file() {
    let stack = seed_organization(&[]);
    let doc = org::backup_policy(stack.stack(), org::deployment(stack.stack()).unwrap());
    let text = backup_dsl::cli::to_pretty(&doc);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("golden/seed_organization.policy.json");
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &text).unwrap();
    }
    let want =
        std::fs::read_to_string(&path).expect("missing golden policy; run with UPDATE_GOLDEN=1");
    assert!(
        want == text,
        "the policy differs from its golden file; rerun with UPDATE_GOLDEN=1 and review the diff"
    );
    // Within the documented limit, with room to spare.
    assert!(doc.to_string().len() < org::MAX_POLICY_CHARS);
}

/// The policy read back into plans and selections, put in place of the originals: the same
/// rules pass, and the same policy comes out.
#[test]
fn the_policy_reads_back_into_the_plans_and_passes_the_rules() {
    for stack in [seed_organization(&[]), control_tower()] {
        let model = stack.stack();
        let dep = org::deployment(model).unwrap();
        let doc = org::backup_policy(model, dep);
        let back = org::read_policy(&doc, &org::member_stack(model)).unwrap();
        for original in org::policy_plans(model, dep) {
            let plan = back
                .iter()
                .find(|r| r.kind == Kind::Plan && r.body.str("name") == original.body.str("name"))
                .unwrap();
            assert_eq!(plan.body.map("tags"), original.body.map("tags"));
            let (got, want) = (plan.body.list("rules"), original.body.list("rules"));
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(want) {
                let (g, w) = (g.as_object().unwrap(), w.as_object().unwrap());
                for (field, value) in &w.fields {
                    assert_eq!(
                        g.get(field),
                        Some(value),
                        "{}: rule field `{field}`",
                        stack.name
                    );
                }
            }
        }
        // The read-back plans in place of the originals.
        let mut rebuilt = model.clone();
        rebuilt.resources.retain(|r| org::in_member_part(model, r));
        let plan_ids: Vec<Value> = back
            .iter()
            .filter(|r| r.kind == Kind::Plan)
            .map(|r| Value::Ref(r.id.clone()))
            .collect();
        rebuilt.resources.extend(back.iter().cloned());
        let mut dep = dep.clone();
        dep.body.set("policy", Value::List(plan_ids));
        rebuilt.resources.push(dep);
        let report = rebuilt.check();
        assert!(!report.has_errors(), "{}: {report}", stack.name);
        let again = org::backup_policy(&rebuilt, org::deployment(&rebuilt).unwrap());
        assert_eq!(again, doc, "{}", stack.name);
    }
}

fn python(args: &[&str]) -> Json {
    let python = moto::python().expect("checked before");
    let out = Command::new(python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("stackset_moto.py"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "stackset_moto.py {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_stack_set_deploys_to_every_account_of_the_ou_on_the_emulator() {
    let Some(server) = moto::MotoServer::start() else {
        return;
    };
    let url = server.url();
    let org = python(&["setup", &url]);
    let ou = org["ou"].as_str().unwrap();
    let accounts: Vec<&str> = org["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    // The stack for this organization's OU, synthesized as `synth` writes it.
    let stack = seed_organization(&[("ou", ou)]);
    let out = cfn::emit(&stack).unwrap();
    let dir = scratch("org-moto");
    let template = dir.join(&out.templates[0].file_name);
    std::fs::write(
        &template,
        backup_dsl::cli::to_pretty(&out.templates[0].body),
    )
    .unwrap();
    let got = python(&["deploy", &url, template.to_str().unwrap()]);
    assert_eq!(got["operations"], serde_json::json!(["SUCCEEDED"]));
    assert_eq!(got["permission_model"], "SERVICE_MANAGED");
    assert_eq!(got["template_body_matches"], true);
    // Every account of the OU, in both Regions.
    let mut instances: Vec<(String, String, String)> = got["instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["account"].as_str().unwrap().to_string(),
                i["region"].as_str().unwrap().to_string(),
                i["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    instances.sort();
    let mut want: Vec<(String, String, String)> = accounts
        .iter()
        .flat_map(|a| {
            ["us-east-1", "us-west-2"].map(|r| (a.to_string(), r.to_string(), "CURRENT".into()))
        })
        .collect();
    want.sort();
    assert_eq!(instances, want);
    // In each account: the backup key in both Regions and the copy key in us-west-2 only (its
    // Region condition), and the role once (created in the home Region).
    for account in accounts {
        let a = &got["accounts"][account];
        assert_eq!(a["kms_keys"]["us-east-1"], 1, "{account}: {a}");
        assert_eq!(a["kms_keys"]["us-west-2"], 2, "{account}: {a}");
        let roles: Vec<&str> = a["roles"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Json::as_str)
            .filter(|r| r.starts_with("backup-service-role"))
            .collect();
        assert_eq!(roles, ["backup-service-role-prod"], "{account}: {a}");
    }
}

/// `synth` writes the member template next to the management template, and refuses a part of
/// an organization (BK305).
#[test]
fn synth_writes_the_organization_and_refuses_a_part_of_it() {
    let dir = scratch("org-synth");
    let synth = env!("CARGO_BIN_EXE_synth_for_tests");
    let run = |args: &[&str]| {
        Command::new(synth)
            .args(args)
            .arg("--out")
            .arg(&dir)
            .output()
            .unwrap()
    };
    let ok = run(&["--stack", "seed_organization"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    for file in [
        "seed_organization.us-east-1.template.json",
        "seed_organization.member.template.json",
        "manifest.json",
    ] {
        assert!(dir.join(file).exists(), "{file}");
    }
    let part = run(&["--stack", "seed_organization", "--only", "supporting"]);
    assert!(!part.status.success());
    assert!(String::from_utf8_lossy(&part.stderr).contains("BK305"));
}
