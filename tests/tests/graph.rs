//! `synth graph`: Graphviz accepts the picture of every bundled stack, and the README's picture of
//! the seed's port is the current one.

use backup_dsl_tests::*;
use std::process::{Command, Stdio};

/// Graphviz `dot` renders `source` to SVG; says loudly when it is not installed.
fn dot_accepts(name: &str, source: &str) -> Option<String> {
    let Ok(mut child) = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        missing_tool(
            "dot (Graphviz)",
            "Install Debian's `graphviz` (scripts/test.sh does).",
        );
        return None;
    };
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "dot rejects the graph of {name}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn graphviz_accepts_every_bundled_stack() {
    for def in stacks::STACKS {
        let checked = bundled(def.name);
        let dot = backup_dsl::emit::graph::dot(&checked);
        if let Some(svg) = dot_accepts(def.name, &dot) {
            assert!(
                svg.contains("<svg") && svg.contains("us&#45;west&#45;2"),
                "{svg}"
            );
        }
        let mermaid = backup_dsl::emit::graph::mermaid(&checked);
        assert!(mermaid.starts_with("flowchart LR\n") && mermaid.contains("==>|copy|"));
    }
}

#[test]
fn the_readme_picture_is_the_seed_port_as_it_is() {
    let dot = backup_dsl::emit::graph::dot(&bundled("backup_infrastructure"));
    let Some(svg) = dot_accepts("backup_infrastructure", &dot) else {
        return;
    };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/seed-graph.svg");
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &svg).unwrap();
        return;
    }
    // The SVG's text is what the picture says: compare the labels, not Graphviz's geometry,
    // which may move between its versions.
    let labels = |s: &str| -> Vec<String> {
        let mut v: Vec<String> = s
            .split("<text")
            .skip(1)
            .filter_map(|t| t.split('>').nth(1))
            .map(|t| t.split('<').next().unwrap_or("").to_string())
            .collect();
        v.sort();
        v
    };
    let committed = std::fs::read_to_string(&path).expect("docs/seed-graph.svg");
    assert_eq!(
        labels(&committed),
        labels(&svg),
        "docs/seed-graph.svg is stale; rerun with UPDATE_GOLDEN=1"
    );
}
