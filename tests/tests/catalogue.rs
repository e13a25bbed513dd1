//! Every diagnostic code has a compile-fail case whose snapshot shows it with a `help:` line, and
//! a runtime unit test in `backup-dsl` that names it.

use std::fs;
use std::path::Path;

fn ui_cases() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for family in fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("ui")).unwrap() {
        let family = family.unwrap().path();
        if !family.is_dir() {
            continue;
        }
        for f in fs::read_dir(&family).unwrap() {
            let p = f.unwrap().path();
            if p.extension().is_some_and(|e| e == "stderr") {
                let code = p.file_stem().unwrap().to_string_lossy().to_string();
                out.push((code, fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out
}

fn rule_sources() -> String {
    let mut all = String::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../backup-dsl/src");
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                all.push_str(&fs::read_to_string(p).unwrap());
            }
        }
    }
    all
}

/// Codes the macro reports itself (syntax), whose behaviour the ui cases cover but which no
/// model rule emits, so no `backup-dsl` unit test can name them.
const MACRO_ONLY: &[&str] = &["BK212", "BK213"];

/// Codes no compile-fail case can show, which their unit tests do: BK214 only a stack built
/// through the plain API can raise (the macro's generated code always knows every value at run
/// time); BK305 and BK306 are raised when an output is asked for (`synth --only`, `synth
/// apply`, the member template), not by the checks.
const RUNTIME_ONLY: &[&str] = &["BK214", "BK305", "BK306"];

#[test]
fn every_code_has_a_ui_case_showing_it_with_help() {
    let cases = ui_cases();
    let mut missing = Vec::new();
    for code in backup_dsl::diag::CATALOGUE {
        match cases.iter().find(|(c, _)| c == code.code) {
            None if RUNTIME_ONLY.contains(&code.code) => {}
            None => missing.push(code.code),
            Some((_, stderr)) => {
                assert!(
                    stderr.contains(&format!("{}:", code.code)),
                    "ui case {} does not show its code:\n{stderr}",
                    code.code
                );
                assert!(
                    stderr.contains("help:"),
                    "ui case {} has no help line:\n{stderr}",
                    code.code
                );
                assert!(
                    stderr.contains("-->"),
                    "ui case {} points at no token",
                    code.code
                );
            }
        }
    }
    assert!(missing.is_empty(), "codes without a ui case: {missing:?}");
}

#[test]
fn every_code_has_a_runtime_test() {
    let sources = rule_sources();
    let missing: Vec<&str> = backup_dsl::diag::CATALOGUE
        .iter()
        .map(|c| c.code)
        .filter(|c| !MACRO_ONLY.contains(c) && !sources.contains(&format!("\"{c}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes no backup-dsl test names: {missing:?}"
    );
}

#[test]
fn every_code_explains_itself_with_a_source() {
    for code in backup_dsl::diag::CATALOGUE {
        let text = code.explain();
        assert!(
            text.starts_with(code.code) && text.contains("source: ") && code.source.len() > 5,
            "{text}"
        );
    }
}

#[test]
fn codes_are_unique_and_in_numeric_order() {
    let codes: Vec<&str> = backup_dsl::diag::CATALOGUE.iter().map(|c| c.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted);
}

#[test]
fn every_code_teaches_with_why_a_wrong_and_a_right_example() {
    for code in backup_dsl::diag::CATALOGUE {
        let example = backup_dsl::examples::EXAMPLES
            .iter()
            .find(|e| e.code == code.code)
            .unwrap_or_else(|| panic!("{} has no example in tests/explain.py", code.code));
        assert!(example.why.len() > 20, "{}: why", code.code);
        assert!(
            !example.wrong.is_empty()
                && !example.right.is_empty()
                && example.wrong != example.right,
            "{}: wrong and right",
            code.code
        );
        assert!(
            example.says.contains(&format!("{}:", code.code)),
            "{}: the checker's words quote another code: {}",
            code.code,
            example.says
        );
        let text = code.explain();
        for part in ["why: ", "source: ", "wrong:", "the checker says:", "right:"] {
            assert!(text.contains(part), "{}: no `{part}`:\n{text}", code.code);
        }
    }
}

/// The examples quote the ui cases and their snapshots, and the right examples are compiled by
/// `pass/explained.rs`: all three are generated by `gen_ui.py`, which must leave nothing stale.
#[test]
fn examples_ui_cases_and_fixes_are_generated_from_one_source() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("gen_ui.py");
    let out = std::process::Command::new("python3")
        .arg(&script)
        .arg("--check")
        .output()
        .expect("python3 is needed to check the generated examples (install Python 3)");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
