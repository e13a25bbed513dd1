//! checkov (pinned in the test venv) on the seed port's Terraform: fewer failures than on the
//! seed's own output, and every failure we keep listed with its reason in
//! `tests/checkov-baseline.json`, so a new failure breaks the build.

use backup_dsl_tests::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn checkov() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("CHECKOV") {
        return Some(PathBuf::from(p));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/checkov");
    venv.exists().then_some(venv)
}

/// Failed (check id, resource) pairs of checkov's `terraform_json` framework on a folder.
fn failures(checkov: &Path, dir: &Path) -> BTreeSet<(String, String)> {
    let out = Command::new(checkov)
        .args(["-d"])
        .arg(dir)
        .args([
            "--framework",
            "terraform_json",
            "--quiet",
            "--compact",
            "-o",
            "json",
            "--skip-download",
        ])
        .env("BC_SKIP_MAPPING", "TRUE")
        .env("CHECKOV_RUN_SCA_PACKAGE_SCAN_V2", "false")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "checkov output is not JSON ({e}):\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let reports = if doc.is_array() {
        doc.as_array().unwrap().clone()
    } else {
        vec![doc]
    };
    let mut set = BTreeSet::new();
    for r in reports {
        for f in r["results"]["failed_checks"]
            .as_array()
            .into_iter()
            .flatten()
        {
            set.insert((
                f["check_id"].as_str().unwrap().to_string(),
                f["resource"].as_str().unwrap().to_string(),
            ));
        }
    }
    set
}

#[test]
fn checkov_failures_are_fewer_than_the_seeds_and_all_accounted_for() {
    let Some(checkov) = checkov() else {
        return missing_tool(
            "checkov",
            "Install it with the README's test command (pinned, in .venv).",
        );
    };
    let dir = scratch("checkov-seed-port");
    let (name, text) = tf_file(&bundled("backup_infrastructure"));
    std::fs::write(dir.join(name), text).unwrap();
    let ours = failures(&checkov, &dir);

    let baseline: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("checkov-baseline.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let accepted: BTreeSet<(String, String)> = baseline["accepted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(
                e["reason"].as_str().is_some_and(|r| r.len() > 20),
                "baseline entry without a reason: {e}"
            );
            (
                e["check_id"].as_str().unwrap().to_string(),
                e["resource"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let new: Vec<_> = ours.difference(&accepted).collect();
    let stale: Vec<_> = accepted.difference(&ours).collect();
    assert!(new.is_empty(), "checkov failures not in tests/checkov-baseline.json (fix them, or add them with a reason): {new:?}");
    assert!(
        stale.is_empty(),
        "baseline entries that no longer fail (remove them): {stale:?}"
    );

    // The seed's own output, kept as a fixture (tests/fixtures/README.md says where from).
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed.cdk.tf.json");
    let ref_dir = scratch("checkov-seed-reference");
    std::fs::copy(&reference, ref_dir.join("seed.cdk.tf.json")).unwrap();
    let theirs = failures(&checkov, &ref_dir);
    assert!(
        ours.len() < theirs.len(),
        "the port fails {} checks, the seed's own output {}",
        ours.len(),
        theirs.len()
    );
    eprintln!(
        "checkov: seed port {} failures, seed's own output {} failures",
        ours.len(),
        theirs.len()
    );
}
