//! The corpus of valid input (`backup_dsl_tests::corpus`): every stack compiled (this file would
//! not build otherwise), builds without an error or an unexpected warning, and its output passes
//! cfn-lint and `terraform validate`.

use backup_dsl::emit::{cfn, terraform};
use backup_dsl::CheckedStack;
use backup_dsl_tests::corpus::CORPUS;
use backup_dsl_tests::*;

fn built() -> Vec<(CheckedStack, &'static str)> {
    CORPUS
        .iter()
        .map(|(def, source)| {
            let stack = def
                .instantiate(&[])
                .unwrap_or_else(|e| panic!("{}: {e}", def.name))
                .build()
                .unwrap_or_else(|r| {
                    panic!("{} ({source}) is valid input but fails:\n{r}", def.name)
                });
            (stack, *source)
        })
        .collect()
}

#[test]
fn corpus_builds_without_errors_or_warnings() {
    for (stack, source) in built() {
        assert!(
            stack.warnings.diagnostics.is_empty(),
            "{} ({source}) warns:\n{}",
            stack.name,
            stack.warnings
        );
    }
}

#[test]
fn corpus_covers_every_source_family() {
    let sources: Vec<&str> = CORPUS.iter().map(|(_, s)| *s).collect();
    for family in [
        "AWS Backup developer guide",
        "terraform-provider-aws",
        "aws-cdk-lib",
    ] {
        assert!(
            sources.iter().any(|s| s.contains(family)),
            "no corpus stack from {family}"
        );
    }
}

#[test]
fn corpus_passes_cfn_lint() {
    let stacks = built();
    cfn_lint_stacks("corpus", stacks.iter().map(|(s, _)| s));
}

#[test]
fn corpus_passes_terraform_validate() {
    let stacks = built();
    let mut expressible: Vec<&CheckedStack> = Vec::new();
    for (stack, source) in &stacks {
        if backup_dsl::rules::regions::terraform_limits(stack).is_empty() {
            expressible.push(stack);
        } else {
            // Allowed as a warning in the stack; the emitter must refuse rather than drop it.
            let err = terraform::emit(stack).expect_err(source);
            assert!(err.has("BK303"), "{}: {err}", stack.name);
        }
    }
    let doc = terraform::emit_all(&expressible).unwrap_or_else(|r| panic!("{r}"));
    let text = backup_dsl::cli::to_pretty(&doc);
    assert!(
        text.contains("arn:aws:s3:::restores-example/$${aws:username}/*")
            && text.contains("%%{literal}"),
        "IAM policy variables must be escaped for Terraform"
    );
    terraform_validate("tf-corpus", &text);
}

#[test]
fn vault_policy_naming_its_vault_is_not_a_cycle_in_cloudformation() {
    let (stack, _) = built()
        .into_iter()
        .find(|(s, _)| s.name == "vault_policy_self")
        .unwrap();
    let out = cfn::emit(&stack).unwrap();
    let vault = &out.templates[0].body["Resources"]["Test"]["Properties"];
    let resource = &vault["AccessPolicy"]["Statement"][0]["Resource"][0];
    assert_eq!(
        resource,
        &serde_json::json!({"Fn::Sub": "arn:${AWS::Partition}:backup:us-west-2:${AWS::AccountId}:backup-vault:tf-acc-test-vault-policy"}),
    );
}

#[test]
fn bare_restore_condition_keys_get_aws_prefix() {
    let (stack, _) = built()
        .into_iter()
        .find(|(s, _)| s.name == "restore_testing_selection_updates")
        .unwrap();
    let out = cfn::emit(&stack).unwrap();
    let bare = &out.templates[0].body["Resources"]["Bare"]["Properties"];
    assert_eq!(
        bare["ProtectedResourceConditions"]["StringEquals"][0]["Key"],
        "aws:ResourceTag/backup"
    );
    let prefixed = &out.templates[0].body["Resources"]["Prefixed"]["Properties"];
    assert_eq!(
        prefixed["ProtectedResourceConditions"]["StringEquals"][0]["Key"], "aws:ResourceTag/backup",
        "an already prefixed key is not prefixed twice"
    );
    let tf = terraform::emit(&stack).unwrap();
    assert_eq!(
        tf["resource"]["aws_backup_restore_testing_selection"]["bare"]
            ["protected_resource_conditions"][0]["string_equals"][0]["key"],
        "aws:ResourceTag/backup"
    );
}

#[test]
fn air_gapped_vault_key_is_emitted_for_cloudformation() {
    let (stack, _) = built()
        .into_iter()
        .find(|(s, _)| s.name == "air_gapped_vault_cmk")
        .unwrap();
    let out = cfn::emit(&stack).unwrap();
    assert_eq!(
        out.templates[0].body["Resources"]["Airgap"]["Properties"]["EncryptionKeyArn"],
        serde_json::json!({"Fn::GetAtt": ["Key", "Arn"]})
    );
}
