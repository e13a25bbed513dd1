//! Fuzzing `Stack::check`, `Stack::build` and both emitters through the plain API on hostile
//! generated models (`backup_dsl::fuzz`). The property: a `Report` or an output, never a panic;
//! every diagnostic names a known code and a resource of the stack (or the stack itself).
//!
//! The test command runs a bounded number of cases (`BACKUP_DSL_FUZZ_CASES`, default 300); a long
//! campaign is the same test with a larger number (README, "Fuzzing").

use backup_dsl::emit::{cfn, terraform};
use backup_dsl::fuzz::stack_from_seed;
use backup_dsl::Stack;
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("BACKUP_DSL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

/// Checks, builds and emits; returns whether the stack built.
fn exercise(stack: &Stack) -> Result<bool, String> {
    let report = stack.check();
    for d in &report.diagnostics {
        if backup_dsl::codes::lookup(d.code.code).is_none() {
            return Err(format!("unknown code {}", d.code.code));
        }
        if !d.resource.is_empty() && stack.get(&d.resource).is_none() {
            return Err(format!(
                "{} names no resource of the stack: {d}",
                d.code.code
            ));
        }
    }
    match stack.clone().build() {
        Ok(checked) => {
            let _ = cfn::emit(&checked);
            let _ = terraform::emit(&checked);
            Ok(true)
        }
        Err(r) if r.has_errors() => Ok(false),
        Err(r) => Err(format!("build failed without an error:\n{r}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn build_and_emit_never_panic(seed in any::<u64>(), size in 1usize..16) {
        let stack = stack_from_seed(seed, size);
        let outcome = exercise(&stack);
        prop_assert!(outcome.is_ok(), "seed {seed}, size {size}: {}", outcome.unwrap_err());
    }
}

/// Regressions: inputs that once crashed or overflowed.
#[test]
fn regressions() {
    use backup_dsl::{Kind, Resource, Value};
    // A selection whose plan is itself recursed forever in `Stack::region_of`.
    let selfish = Stack::new("selfish", "us-east-1")
        .with(
            Resource::new(Kind::Selection, "s")
                .with("name", "s")
                .with("plan", Value::Ref("s".into()))
                .with("role", "arn:aws:iam::111122223333:role/r"),
        )
        .with(
            Resource::new(Kind::RestoreTestingSelection, "t")
                .with("name", "t")
                .with("plan", Value::Ref("t".into()))
                .with("role", "arn:aws:iam::111122223333:role/r")
                .with("resource_type", "EBS"),
        );
    let report = selfish.check();
    assert!(report.has("BK140"), "{report}");
    // Lifecycle arithmetic on i64::MAX overflowed.
    let lifecycle = backup_dsl::Object::new("Lifecycle")
        .with("cold_storage_after_days", i64::MAX)
        .with("delete_after_days", 180);
    let rule = backup_dsl::Object::new("Rule")
        .with("name", "r")
        .with("vault", Value::Ref("v".into()))
        .with("lifecycle", Value::Object(lifecycle));
    let huge = Stack::new("huge", "us-east-1")
        .with(Resource::new(Kind::Vault, "v").with("name", "vault"))
        .with(
            Resource::new(Kind::Plan, "p")
                .with("name", "p")
                .with("rules", Value::List(vec![Value::Object(rule)])),
        );
    let report = huge.check();
    assert!(report.has("BK031"), "{report}");
    assert!(exercise(&huge).is_ok());
}

/// A share of generated stacks builds, so that the emitters are exercised too (not only the
/// checks): measured over fixed seeds, so the test cannot pass by accident.
#[test]
fn some_generated_stacks_build() {
    let built = (0..400u64)
        .filter(|seed| exercise(&stack_from_seed(*seed, 3)) == Ok(true))
        .count();
    eprintln!("{built} of 400 generated stacks built");
    assert!(
        built > 0,
        "no generated stack builds: the emitters are not fuzzed"
    );
}

/// Output that builds validates: the generated stacks that build (over fixed seeds) go through
/// cfn-lint and `terraform validate` like every bundled stack.
#[test]
fn generated_stacks_that_build_validate() {
    let built: Vec<backup_dsl::CheckedStack> = (0..1500u64)
        .filter_map(|seed| stack_from_seed(seed, 3).build().ok())
        .take(25)
        .collect();
    assert!(!built.is_empty());
    // Some may not render for CloudFormation at all (a BK304 limit): those are skipped.
    let renderable: Vec<&backup_dsl::CheckedStack> =
        built.iter().filter(|s| cfn::emit(s).is_ok()).collect();
    backup_dsl_tests::cfn_lint_stacks("generated stacks", renderable);
    let expressible: Vec<&backup_dsl::CheckedStack> = built
        .iter()
        .filter(|s| backup_dsl::rules::regions::terraform_limits(s).is_empty())
        .collect();
    let doc = terraform::emit_all(&expressible).unwrap_or_else(|r| panic!("{r}"));
    backup_dsl_tests::terraform_validate("tf-fuzz", &backup_dsl::cli::to_pretty(&doc));
}
