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

/// Codes only a stack built through the plain API can raise (the macro's generated code always
/// knows every value at run time), so no compile-fail case can show them; their unit tests do.
const RUNTIME_ONLY: &[&str] = &["BK214"];

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
