//! Layer 5, a consumer of the checked stack.
//!
//! `synth --watch`: synthesize again on every save of the stack's source.
//!
//! The program running is a compiled stack; its source may move ahead of it. Each save is
//! compared with the source as compiled (the baseline, verified against the fingerprint the
//! macro recorded) by [`crate::syntax::relower`]: when only literal field values changed, they
//! are written into the stack the compiled code builds, and the stack is checked and emitted
//! as any synth does (every rule runs: a literal that breaks one is reported and nothing is
//! written). Any other edit needs the compiler: cargo rebuilds this program and it starts
//! again in place, with the same arguments. A build that fails leaves the last output alone
//! and the watch waiting for the next save.

use super::{find_def, parameter_sets, synth, Patch, SynthArgs};
use crate::registry::{SourceRef, StackDef};
use crate::syntax::relower::{self, Relowered};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

/// How often the source file's modification time and length are read.
const POLL: Duration = Duration::from_millis(10);

/// The Lambda code is polled every this many polls of the source (a directory is walked).
const CODE_EVERY: u32 = 10;

/// Set on the program started after a rebuild: the fingerprint of the source it was rebuilt
/// for, so that a program that still does not match (a source the fingerprint reads
/// differently from the compiler) does not rebuild itself in a loop.
const REBUILT_FOR: &str = "BACKUP_DSL_WATCH_REBUILT_FOR";

/// Set on the program started after a rebuild: the edits synthesized before it, so that
/// `--watch-exit-after` counts across restarts.
const EDITS_DONE: &str = "BACKUP_DSL_WATCH_EDITS_DONE";

pub(super) fn watch(
    args: &SynthArgs,
    stacks: &[StackDef],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let def = find_def(stacks, args.stack.as_deref());
    let Some(def) = def else {
        // The usual message, from the usual path.
        return synth(args, stacks, out, err);
    };
    let Some(source) = def.source else {
        let _ = writeln!(
            err,
            "error: stack `{}` was not declared with `stack!`, so there is no source to watch",
            def.name
        );
        return 2;
    };
    let path = args.watch_source.clone().unwrap_or_else(|| source.path());
    // Taken before reading: a save from now on is seen, even during the first synth.
    let mut seen = stamp(&path);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(
                err,
                "error: cannot read `{}`, the source of stack `{}`: {e}",
                path.display(),
                def.name
            );
            return 2;
        }
    };
    let mut edits_done: usize = std::env::var(EDITS_DONE)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    // The baseline: the file as compiled, or none when this program is older than the file.
    let baseline = match compiled_from(&text, def.name, &source)
        .and_then(|()| relower::Baseline::read(&text, def.name))
    {
        Ok(baseline) => Some(baseline),
        Err(why) => {
            let _ = writeln!(err, "watch: {why}");
            if std::env::var(REBUILT_FOR).ok().as_deref()
                == Some(&file_fingerprint(&text, def.name))
            {
                let _ = writeln!(
                    err,
                    "watch: (this program was just rebuilt from it: every edit will be rebuilt)"
                );
            } else {
                rebuild_and_restart(&source, &text, def.name, edits_done, err);
            }
            None
        }
    };
    let _ = writeln!(out, "watch: `{}`, source {}", def.name, path.display());
    let sets = parameter_sets(args);
    // `started`: when the save was read, so that the time reported includes comparing it.
    let run = |patch: Patch,
               changes: usize,
               started: Instant,
               out: &mut dyn Write,
               err: &mut dyn Write| {
        let args = SynthArgs {
            patch,
            ..args.clone()
        };
        // Code assets are read again, as a new process would: they may have changed too.
        crate::assets::forget();
        // The Terraform document goes to its file only: no screenful on every save.
        let code = synth(&args, stacks, &mut std::io::sink(), err);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let what = match changes {
            0 => "as compiled".to_string(),
            1 => "1 literal edit on the compiled stack".to_string(),
            n => format!("{n} literal edits on the compiled stack"),
        };
        let verdict = if code == 0 {
            format!("wrote {}", args.out.display())
        } else {
            "errors above; the output was left as it was".to_string()
        };
        let _ = writeln!(out, "watch: synthesized ({what}) in {ms:.1} ms: {verdict}");
        let _ = out.flush();
    };
    // The edit in force (a save's literal changes), kept for a synth that code changes cause.
    let mut current: (Patch, usize) = (Patch::default(), 0);
    // Each code version is taken before the synth that reads the code: a change during it is
    // seen at the next poll.
    let mut code = code_versions(def, &sets, &current.0);
    run(Patch::default(), 0, Instant::now(), out, err);
    let mut last = text;
    // Polls of the source until the next poll of the code.
    let mut until_code = CODE_EVERY;
    loop {
        if args.watch_exit_after.is_some_and(|n| edits_done >= n) {
            return 0;
        }
        std::thread::sleep(POLL);
        let now = stamp(&path);
        if now == seen {
            // The Lambda code the stack deploys.
            until_code -= 1;
            if until_code == 0 {
                until_code = CODE_EVERY;
                let versions = code_versions(def, &sets, &current.0);
                if versions != code {
                    code = versions;
                    edits_done += 1;
                    let _ = writeln!(out, "watch: the stack's Lambda code changed");
                    run(current.0.clone(), current.1, Instant::now(), out, err);
                }
            }
            continue;
        }
        seen = now;
        let started = Instant::now();
        let Ok(text) = std::fs::read_to_string(&path) else {
            // Being replaced by an editor: the next poll reads the new file.
            continue;
        };
        if text == last {
            continue;
        }
        last = text.clone();
        edits_done += 1;
        let Some(baseline) = &baseline else {
            if settled(&path, &seen) {
                rebuild_and_restart(&source, &text, def.name, edits_done, err);
            } else {
                edits_done -= 1;
            }
            continue;
        };
        match baseline.relower(&text) {
            Relowered::Unchanged => {
                current = (Patch::default(), 0);
                code = code_versions(def, &sets, &current.0);
                run(Patch::default(), 0, started, out, err);
            }
            Relowered::Literals(edit) => {
                // Every instance must take the edit (the compiled value is the baseline's). An
                // instance that does not instantiate is no reason to rebuild: synth says why.
                let fits = sets
                    .iter()
                    .filter_map(|params| def.instantiate(params).ok())
                    .try_for_each(|mut stack| relower::apply(&mut stack, &edit));
                if let Err(why) = fits {
                    let _ = writeln!(err, "watch: {why}: rebuilding");
                    rebuild_and_restart(&source, &text, def.name, edits_done, err);
                    continue;
                }
                for c in &edit.changes {
                    let _ = writeln!(
                        out,
                        "watch: {}:{}:{}: `{}.{}` {} -> {}",
                        path.display(),
                        c.line,
                        c.column,
                        c.resource,
                        c.path,
                        relower::source_text(&c.old),
                        relower::source_text(&c.new)
                    );
                }
                let changes = edit.changes.len();
                let shared = std::sync::Arc::new(edit);
                let patch = Patch(Some(std::sync::Arc::new(
                    move |stack: &mut crate::Stack| relower::apply(stack, &shared),
                )));
                current = (patch.clone(), changes);
                code = code_versions(def, &sets, &current.0);
                run(patch, changes, started, out, err);
            }
            // A save still being written (an editor that writes in place) reads as a broken
            // file: the rebuild waits for the file to settle, and the next poll reads it whole.
            Relowered::Rebuild(_) if !settled(&path, &seen) => edits_done -= 1,
            Relowered::Rebuild(why) => {
                let _ = writeln!(err, "watch: {why}: rebuilding");
                rebuild_and_restart(&source, &text, def.name, edits_done, err);
            }
        }
    }
}

/// The version of every code asset the instances deploy (see `assets::code_version`).
/// The edit in force applies: it may have changed a function's code path.
fn code_versions(
    def: &StackDef,
    sets: &[Vec<(String, String)>],
    patch: &Patch,
) -> Vec<CodeVersion> {
    let mut out: Vec<CodeVersion> = Vec::new();
    let instances = sets.iter().filter_map(|params| {
        let mut stack = def.instantiate(params).ok()?;
        match &patch.0 {
            Some(patch) => patch(&mut stack).ok().map(|()| stack),
            None => Some(stack),
        }
    });
    for stack in instances {
        for function in stack.of_kind(crate::schema::Kind::LambdaFunction) {
            if let Some(path) = function.body.str("code") {
                let source = stack.asset_source(path);
                if !out.iter().any(|(s, _)| *s == source) {
                    let version = crate::assets::code_version(&source);
                    out.push((source, version));
                }
            }
        }
    }
    out
}

/// A code asset's source and its version.
type CodeVersion = (std::path::PathBuf, Option<Vec<(String, SystemTime)>>);

/// Whether `text` holds the tokens this program was compiled from.
fn compiled_from(text: &str, component: &str, source: &SourceRef) -> Result<(), String> {
    if fingerprint_of(text, component)? == source.fingerprint {
        Ok(())
    } else {
        Err(format!(
            "`{}` changed since this program was built",
            source.file
        ))
    }
}

/// The fingerprint of the `stack!` declaring `component` in `text`, as the macro records it.
fn fingerprint_of(text: &str, component: &str) -> Result<u64, String> {
    match relower::find_component(text, component) {
        Ok(Some((tokens, ..))) => Ok(relower::fingerprint(tokens)),
        Ok(None) => Err(format!("the source no longer declares `{component}`")),
        Err(e) => Err(format!("the source does not parse: {e}")),
    }
}

/// [`fingerprint_of`] as the text [`REBUILT_FOR`] carries (empty for a source without it).
fn file_fingerprint(text: &str, component: &str) -> String {
    fingerprint_of(text, component).map_or_else(|_| String::new(), |f| f.to_string())
}

/// Whether the file is unchanged since `seen`, two polls later.
fn settled(path: &Path, seen: &Option<(SystemTime, u64)>) -> bool {
    std::thread::sleep(POLL * 2);
    stamp(path) == *seen
}

/// The file's modification time and length: a change of either is a save to read.
fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Rebuilds this program with cargo and, when that succeeds, replaces this process with the
/// new program (same arguments). When it fails (the edit does not compile), cargo has printed
/// why, and the watch goes on with the program it has.
fn rebuild_and_restart(
    source: &SourceRef,
    text: &str,
    component: &str,
    edits_done: usize,
    err: &mut dyn Write,
) {
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            let _ = writeln!(err, "watch: cannot find this program to rebuild it: {e}");
            return;
        }
    };
    let Some(name) = exe.file_stem().and_then(|n| n.to_str()) else {
        return;
    };
    let mut cargo =
        std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo.args(["build", "--bin", name]);
    // The profile of the running program, from its folder (`target/<profile>/<name>`).
    match exe
        .parent()
        .and_then(Path::file_name)
        .and_then(|p| p.to_str())
    {
        Some("release") => {
            cargo.arg("--release");
        }
        Some("debug") | None => {}
        Some(profile) => {
            cargo.args(["--profile", profile]);
        }
    }
    if let Ok(extra) = std::env::var("SYNTH_WATCH_CARGO_ARGS") {
        cargo.args(extra.split_whitespace());
    }
    cargo.current_dir(source.crate_dir);
    let _ = writeln!(err, "watch: {cargo:?}");
    let _ = err.flush();
    match cargo.status() {
        Ok(status) if status.success() => {}
        Ok(_) => {
            let _ = writeln!(err, "watch: the build failed; waiting for the next save");
            return;
        }
        Err(e) => {
            let _ = writeln!(err, "watch: cannot run cargo: {e}");
            return;
        }
    }
    let mut again = std::process::Command::new(&exe);
    again
        .args(std::env::args_os().skip(1))
        .env(REBUILT_FOR, file_fingerprint(text, component))
        .env(EDITS_DONE, edits_done.to_string());
    restart(again, err);
}

#[cfg(unix)]
fn restart(mut command: std::process::Command, err: &mut dyn Write) {
    use std::os::unix::process::CommandExt;
    let e = command.exec();
    let _ = writeln!(err, "watch: cannot restart: {e}");
}

#[cfg(not(unix))]
fn restart(mut command: std::process::Command, err: &mut dyn Write) {
    match command.status() {
        Ok(status) => std::process::exit(status.code().unwrap_or(1)),
        Err(e) => {
            let _ = writeln!(err, "watch: cannot restart: {e}");
        }
    }
}
