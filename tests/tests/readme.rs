//! The README's field reference is generated from the schema and must stay current, and its
//! quick start is an example the workspace builds.

#[test]
fn readme_field_reference_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- reference:start -->\n", "<!-- reference:end -->");
    let a = readme.find(start).expect("start marker") + start.len();
    let b = readme.find(end).expect("end marker");
    let want = backup_dsl::schema::reference_markdown();
    if std::env::var("UPDATE_README").is_ok_and(|v| v == "1") {
        let updated = format!("{}{}{}", &readme[..a], want, &readme[b..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        readme[a..b] == want,
        "README field reference is stale; run with UPDATE_README=1"
    );
}

#[test]
fn readme_quick_start_is_the_example_the_workspace_builds() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let example = std::fs::read_to_string(root.join("stacks/examples/quick_start.rs")).unwrap();
    let start =
        readme.find("```rust,no_run\n").expect("quick start block") + "```rust,no_run\n".len();
    let end = start + readme[start..].find("```").unwrap();
    assert_eq!(
        &readme[start..end],
        example,
        "the README's quick start differs from stacks/examples/quick_start.rs"
    );
}
