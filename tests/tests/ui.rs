//! Compile-fail cases: every rule shows its error on the offending token, with a `help:` line.
//! Regenerate snapshots with `TRYBUILD=overwrite` and read the diff before committing.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*/*.rs");
    t.compile_fail("ui/*.rs");
    t.pass("pass/*.rs");
}
