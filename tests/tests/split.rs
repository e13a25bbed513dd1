//! `synth --only supporting|backup`: the stack split in two outputs, each valid on its own
//! (cfn-lint, `terraform validate`), together holding every resource once, references across
//! the split written as the ARNs AWS derives from names.

use backup_dsl::emit::{cfn, split_problems, terraform, Part};
use backup_dsl::{CheckedStack, Kind};
use backup_dsl_tests::{cfn_lint_outputs, terraform_validate};
use serde_json::Value as Json;

fn stacks() -> Vec<CheckedStack> {
    let mut defs: Vec<backup_dsl::StackDef> = stacks::STACKS.to_vec();
    defs.extend(backup_dsl_tests::corpus::CORPUS.iter().map(|(d, _)| *d));
    defs.push(backup_dsl_tests::applied::MOCKED);
    defs.into_iter()
        .map(|d| {
            d.instantiate(&[])
                .unwrap()
                .build()
                .unwrap_or_else(|r| panic!("{r}"))
        })
        .collect()
}

fn tf_part(stack: &CheckedStack, part: Part) -> Option<String> {
    // A part with nothing in it is not written (`synth --only` says so).
    if !stack.resources.iter().any(|r| part.includes(r.kind)) {
        return None;
    }
    let region = stack.region.as_str().unwrap_or("us-east-1").to_string();
    let rendered = terraform::render_instance_part(stack, false, &region, part).ok()?;
    Some(terraform::assemble(&region, vec![rendered]))
}

#[test]
fn each_part_holds_its_kinds_and_together_every_resource_once() {
    for stack in stacks() {
        let (Ok(supporting), Ok(all)) =
            (cfn::emit_part(&stack, Part::Supporting), cfn::emit(&stack))
        else {
            continue;
        };
        let types = |o: &cfn::CfnOutput| -> Vec<String> {
            o.templates
                .iter()
                .flat_map(|t| {
                    t.body["Resources"]
                        .as_object()
                        .unwrap()
                        .values()
                        .map(|r| r["Type"].as_str().unwrap().to_string())
                })
                .collect()
        };
        assert!(
            types(&supporting)
                .iter()
                .all(|t| !t.starts_with("AWS::Backup::")),
            "{}",
            stack.name
        );
        if let Ok(backup) = cfn::emit_part(&stack, Part::Backup) {
            assert!(
                types(&backup)
                    .iter()
                    .all(|t| t.starts_with("AWS::Backup::")),
                "{}",
                stack.name
            );
            let mut both = types(&supporting);
            both.extend(types(&backup));
            both.sort();
            let mut whole = types(&all);
            whole.sort();
            assert_eq!(
                both, whole,
                "{}: the parts hold every resource once",
                stack.name
            );
        }
    }
}

#[test]
fn the_supporting_part_is_valid_on_its_own() {
    let mut cfn_outputs = Vec::new();
    for stack in stacks() {
        if !split_problems(&stack, Part::Supporting).is_empty() {
            continue;
        }
        if let Ok(o) = cfn::emit_part(&stack, Part::Supporting) {
            cfn_outputs.push((format!("{}-supporting", stack.name), o));
        }
        if let Some(doc) = tf_part(&stack, Part::Supporting) {
            terraform_validate(&format!("tf-supporting-{}", stack.name), &doc);
        }
    }
    assert!(
        cfn_outputs.len() >= 10,
        "only {} stacks split",
        cfn_outputs.len()
    );
    cfn_lint_outputs("supporting parts", &cfn_outputs);
}

#[test]
fn the_backup_part_references_supporting_resources_by_derived_arn() {
    let mut validated = 0;
    let mut cfn_outputs = Vec::new();
    for stack in stacks() {
        if !split_problems(&stack, Part::Backup).is_empty() {
            assert!(
                cfn::emit_part(&stack, Part::Backup).is_err(),
                "{}",
                stack.name
            );
            continue;
        }
        if let Ok(o) = cfn::emit_part(&stack, Part::Backup) {
            cfn_outputs.push((format!("{}-backup", stack.name), o));
        }
        if let Some(doc) = tf_part(&stack, Part::Backup) {
            terraform_validate(&format!("tf-backup-{}", stack.name), &doc);
            validated += 1;
        }
    }
    assert!(validated >= 3, "only {validated} stacks split");
    cfn_lint_outputs("backup parts", &cfn_outputs);
    // A selection's role, which the other part deploys, by the ARN IAM derives from its name.
    let selection_stack = stacks()
        .into_iter()
        .find(|s| s.name == "selection_from_tags")
        .unwrap();
    let out = cfn::emit_part(&selection_stack, Part::Backup).unwrap();
    let text = serde_json::to_string(&out.templates[0].body).unwrap();
    assert!(
        text.contains("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"),
        "{text}"
    );
    let doc: Json =
        serde_json::from_str(&tf_part(&selection_stack, Part::Backup).unwrap()).unwrap();
    let selection = doc["resource"]["aws_backup_selection"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert!(selection["iam_role_arn"].as_str().unwrap().starts_with("arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/"), "{selection}");
}

#[test]
fn a_reference_to_a_key_across_the_split_is_refused_with_a_reason() {
    let core = backup_dsl_tests::bundled("backup_core");
    let problems = split_problems(&core, Part::Backup);
    assert!(
        problems.iter().any(|p| p.contains("kms::Key")),
        "{problems:?}"
    );
    let report = cfn::emit_part(&core, Part::Backup).unwrap_err();
    assert!(report.has("BK301"));
    assert!(!Kind::KmsKey.is_aws_backup() && !Kind::KmsKey.arn_from_name());
}

#[test]
fn rendered_templates_are_the_bytes_of_the_emitted_ones() {
    // What `synth` writes (each resource rendered as it is emitted) against the templates'
    // trees, pretty-printed: every stack, every part, and a large generated stack (above the
    // 1,000 resources from which the passes ask for memory ahead, so that path runs too).
    let mut all = stacks();
    all.push(
        stacks::synthetic(1_200)
            .build()
            .unwrap_or_else(|r| panic!("{r}")),
    );
    let mut compared = 0;
    for stack in &all {
        for part in [Part::All, Part::Supporting, Part::Backup] {
            let Ok(tree) = cfn::emit_part(stack, part) else {
                assert!(cfn::render_part(stack, part).is_err(), "{}", stack.name);
                continue;
            };
            let text = cfn::render_part(stack, part).unwrap_or_else(|r| panic!("{r}"));
            let want: Vec<(String, String)> = tree
                .templates
                .iter()
                .map(|t| (t.file_name.clone(), backup_dsl::cli::to_pretty(&t.body)))
                .collect();
            let got: Vec<(String, String)> = (0..text.templates.len())
                .map(|i| (text.templates[i].0.clone(), text.text(i)))
                .collect();
            assert_eq!(got, want, "{} {part:?}", stack.name);
            let bytes: usize = want.iter().map(|(_, body)| body.len()).sum();
            assert_eq!(text.len(), bytes, "{} {part:?}", stack.name);
            assert_eq!(text.manifest, tree.manifest, "{} {part:?}", stack.name);
            compared += want.len();
        }
    }
    assert!(compared > 20, "templates compared: {compared}");
}

#[test]
fn rendered_terraform_is_the_bytes_of_the_emitted_document() {
    // What `synth` writes for Terraform (each resource's entries rendered as they are emitted,
    // grouped by type when the document is assembled) against `emit`'s tree, pretty-printed:
    // every stack, and a large generated one (its entries of one type fill several of the
    // rendered chunks, which grow to 256 KiB, and are joined across them). Also holds the
    // emitter to never writing one (type, name) twice, which the tree would merge and the text
    // would repeat.
    let mut all = stacks();
    all.push(
        stacks::synthetic(1_200)
            .build()
            .unwrap_or_else(|r| panic!("{r}")),
    );
    let mut compared = 0;
    for stack in &all {
        let Ok(tree) = terraform::emit(stack) else {
            continue;
        };
        let region = stack.region.as_str().unwrap_or("us-east-1").to_string();
        let rendered = terraform::render_instance(stack, false, &region)
            .unwrap_or_else(|r| panic!("{}: {r}", stack.name));
        let text = terraform::assemble(&region, vec![rendered]);
        assert!(
            text == backup_dsl::cli::to_pretty(&tree),
            "{}: the rendered document differs from the emitted one",
            stack.name
        );
        compared += 1;
    }
    assert!(compared > 10, "documents compared: {compared}");
}
