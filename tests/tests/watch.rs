//! `synth --watch`: literal edits carried into the compiled stack must give what the compiler
//! gives for the edited source (the oracle: both versions of a fixture, compiled here), the
//! fingerprint must read a source as the compiler did, and the running watch must patch,
//! report, and rebuild through cargo for anything else.

use backup_dsl::syntax::relower::{self, Relowered};
use backup_dsl::StackDef;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

mod base {
    include!("../fixtures/watch/base.rs");
}
mod edited {
    include!("../fixtures/watch/edited.rs");
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/watch")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// The compiled component's stack for `env`.
fn instance(def: &StackDef, env: &str) -> backup_dsl::Stack {
    def.instantiate(&[("env".to_string(), env.to_string())])
        .unwrap()
}

#[test]
fn patched_stacks_equal_the_compiled_edit_in_every_case() {
    let Relowered::Literals(edit) =
        relower::relower(&fixture("base.rs"), &fixture("edited.rs"), "watched")
    else {
        panic!("the fixtures differ in literals only");
    };
    // Every edited literal is found (the loop's literal once per iteration).
    assert_eq!(edit.changes.len(), 10, "{:#?}", edit.changes);
    for env in ["dev", "prod", "staging"] {
        let mut patched = instance(&base::WATCHED, env);
        relower::apply(&mut patched, &edit).unwrap();
        let compiled = instance(&edited::WATCHED, env);
        assert_eq!(patched, compiled, "env = {env}");
        // And so the output: checked and emitted the same.
        let (patched, compiled) = (patched.build().unwrap(), compiled.build().unwrap());
        assert_eq!(
            backup_dsl::emit::terraform::emit(&patched).unwrap(),
            backup_dsl::emit::terraform::emit(&compiled).unwrap()
        );
    }
    // The branch's edit (`{ 365 }` -> `{ 400 }` under `env == "prod"`) reaches prod only.
    let retention = |env: &str| {
        let mut stack = instance(&base::WATCHED, env);
        relower::apply(&mut stack, &edit).unwrap();
        let plan = stack.get("daily").unwrap();
        plan.body
            .at_path("rules[0].lifecycle.delete_after_days")
            .cloned()
    };
    assert_eq!(retention("prod"), Some(400.into()));
    assert_eq!(retention("dev"), Some(35.into()));
}

#[test]
fn the_fingerprint_reads_every_source_as_the_compiler_did() {
    let mut defs: Vec<&StackDef> = stacks::STACKS.iter().collect();
    defs.push(&base::WATCHED);
    defs.push(&edited::WATCHED);
    for def in defs {
        let source = def.source.expect("declared with stack!");
        let path = source.path();
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (tokens, ..) = relower::find_component(&text, def.name).unwrap().unwrap();
        assert_eq!(
            relower::fingerprint(tokens),
            source.fingerprint,
            "`{}` in {}",
            def.name,
            path.display()
        );
    }
    // And tells the two fixtures apart.
    assert_ne!(
        base::WATCHED.source.unwrap().fingerprint,
        edited::WATCHED.source.unwrap().fingerprint
    );
}

/// A running `synth --watch` on a copy of the seed port, its output lines on a channel.
#[cfg(unix)]
struct Watch {
    child: Child,
    lines: Receiver<String>,
    source: PathBuf,
    out: PathBuf,
}

#[cfg(unix)]
impl Watch {
    fn start(name: &str, edits: usize, cargo: Option<&Path>) -> Watch {
        let dir = backup_dsl_tests::scratch(name);
        let source = dir.join("seed.rs");
        let compiled = stacks::seed::BACKUP_INFRASTRUCTURE.source.unwrap().path();
        std::fs::copy(compiled, &source).unwrap();
        let out = dir.join("out");
        let mut command = Command::new(env!("CARGO_BIN_EXE_synth_for_tests"));
        command
            .args([
                "--watch",
                "--format",
                "tf",
                "--stack",
                "backup_infrastructure",
            ])
            .arg("--watch-source")
            .arg(&source)
            .arg("--out")
            .arg(&out)
            .args(["--watch-exit-after", &edits.to_string()])
            .env_remove("BACKUP_DSL_WATCH_REBUILT_FOR")
            .env_remove("BACKUP_DSL_WATCH_EDITS_DONE")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Never the real cargo: a test must not build the workspace it runs in.
        let failing = fake_cargo(&format!("{name}-cargo"), false);
        command.env("CARGO", cargo.unwrap_or(&failing));
        let mut child = command.spawn().unwrap();
        let (send, lines) = mpsc::channel();
        // stdout and stderr, each line as it comes, on one channel.
        let out_send = send.clone();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = out_send.send(line);
            }
        });
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = send.send(format!("stderr: {line}"));
            }
        });
        Watch {
            child,
            lines,
            source,
            out,
        }
    }

    /// The lines up to the first containing `wanted` (at most 60 s: the test fails, never hangs).
    fn until(&self, wanted: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            match self.lines.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => {
                    let done = line.contains(wanted);
                    seen.push(line);
                    if done {
                        return seen;
                    }
                }
                Err(e) => panic!("no line with {wanted:?} ({e}); saw {seen:#?}"),
            }
        }
    }

    fn edit(&self, from: &str, to: &str) {
        let text = std::fs::read_to_string(&self.source).unwrap();
        assert!(text.contains(from), "the seed has {from:?}");
        // Saved as editors save: written aside, then renamed over the file.
        let aside = self.source.with_extension("rs.saving");
        std::fs::write(&aside, text.replacen(from, to, 1)).unwrap();
        std::fs::rename(&aside, &self.source).unwrap();
    }

    fn document(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(self.out.join("backup_infrastructure.tf.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn finish(mut self) -> i32 {
        let status = match self.child.wait_timeout_secs(60) {
            Some(status) => status,
            None => {
                let _ = self.child.kill();
                panic!("the watch did not stop after its edits");
            }
        };
        status.code().unwrap_or(-1)
    }
}

trait WaitTimeout {
    fn wait_timeout_secs(&mut self, secs: u64) -> Option<std::process::ExitStatus>;
}

impl WaitTimeout for Child {
    fn wait_timeout_secs(&mut self, secs: u64) -> Option<std::process::ExitStatus> {
        for _ in 0..secs * 20 {
            if let Some(status) = self.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

/// A `cargo` that records its arguments and succeeds or fails.
#[cfg(unix)]
fn fake_cargo(dir: &str, succeed: bool) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = backup_dsl_tests::scratch(dir);
    let path = dir.join("cargo");
    let log = dir.join("cargo.log");
    let code = if succeed { 0 } else { 1 };
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\necho \"$@\" >> '{}'\necho 'fake cargo: exit {code}' >&2\nexit {code}\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn the_watch_patches_literal_edits_reports_errors_and_rebuilds_for_the_rest() {
    let cargo = fake_cargo("watch-cargo-fails", false);
    let watch = Watch::start("watch-edits", 3, Some(&cargo));
    watch.until("synthesized (as compiled)");
    let first = watch.document();

    // A literal: patched, and the document differs by that value alone.
    watch.edit("retention_days: 365,", "retention_days: 400,");
    let lines = watch.until("synthesized (1 literal edit on the compiled stack)");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("`verification_logs.retention_days` 365 -> 400")),
        "{lines:#?}"
    );
    let mut expected = first.clone();
    expected["resource"]["aws_cloudwatch_log_group"]["verification_logs"]["retention_in_days"] =
        400.into();
    assert_eq!(watch.document(), expected);

    // A literal that breaks a rule: the rule's error, and the output left alone.
    watch.edit("retention_days: 400,", "retention_days: 17,");
    let lines = watch.until("errors above; the output was left as it was");
    // (stdout and stderr are read apart: the error may come after the summary.)
    if !lines.iter().any(|l| l.starts_with("stderr: error[BK")) {
        watch.until("stderr: error[BK");
    }
    assert_eq!(watch.document(), expected);

    // Anything else: cargo is asked to rebuild this program; its failure is survived.
    watch.edit("storage encryption, {env}", "storage encryption for {env}");
    let lines = watch.until("the build failed; waiting for the next save");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("`backup_key.description` beyond a literal value: rebuilding")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("fake cargo: exit 1")),
        "{lines:#?}"
    );
    assert_eq!(watch.finish(), 0);
    let log = std::fs::read_to_string(cargo.with_file_name("cargo.log")).unwrap();
    assert_eq!(
        log.trim(),
        "build --bin synth_for_tests",
        "the running program, in its profile"
    );
}

#[cfg(unix)]
#[test]
fn a_successful_rebuild_restarts_the_program_and_a_stale_one_does_not_loop() {
    let cargo = fake_cargo("watch-cargo-succeeds", true);
    let watch = Watch::start("watch-restart", 1, Some(&cargo));
    watch.until("synthesized (as compiled)");
    watch.edit("storage encryption, {env}", "storage encryption for {env}");
    // The restarted program (the same binary: the fake cargo built nothing) finds the source
    // still newer than itself, and says so instead of rebuilding again; it has done its one edit.
    watch.until("every edit will be rebuilt");
    watch.until("synthesized (as compiled)");
    assert_eq!(watch.finish(), 0);
    let log = std::fs::read_to_string(cargo.with_file_name("cargo.log")).unwrap();
    assert_eq!(log.lines().count(), 1, "one rebuild: {log}");
}

#[cfg(unix)]
#[test]
fn a_change_of_the_lambda_code_synthesizes_again() {
    // The function's code moved (a literal edit) to a folder of the test's own, then changed.
    let code = backup_dsl_tests::scratch("watch-code").join("verification");
    std::fs::create_dir_all(&code).unwrap();
    let file = code.join("index.py");
    std::fs::write(&file, "def handler(event, context):\n    return 1\n").unwrap();
    let watch = Watch::start("watch-code-edits", 2, None);
    watch.until("synthesized (as compiled)");
    let hash = |doc: &serde_json::Value| {
        doc["resource"]["aws_lambda_function"]["verification"]["source_code_hash"].clone()
    };
    let compiled = hash(&watch.document());
    watch.edit(
        r#"code: "lambda/verification""#,
        &format!("code: {:?}", code.display().to_string()),
    );
    watch.until("synthesized (1 literal edit on the compiled stack)");
    let moved = hash(&watch.document());
    assert_ne!(moved, compiled, "the test's code is not the bundled code");
    std::fs::write(&file, "def handler(event, context):\n    return 2\n").unwrap();
    // A later modification time than the first version's, whatever the clock's resolution.
    let later = std::time::SystemTime::now() + Duration::from_secs(2);
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(later)
        .unwrap();
    watch.until("the stack's Lambda code changed");
    watch.until("synthesized (1 literal edit on the compiled stack)");
    let changed = hash(&watch.document());
    assert!(changed.is_string(), "{changed}");
    assert_ne!(changed, moved, "the new code's hash");
    assert_eq!(watch.finish(), 0);
}
