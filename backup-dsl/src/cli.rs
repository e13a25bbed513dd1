//! Layer 5, consumers of a checked stack.
//!
//! The `synth` command line, ready for a user's own crate:
//!
//! ```no_run
//! fn main() -> std::process::ExitCode {
//!     # const MY_STACKS: &[backup_dsl::StackDef] = &[];
//!     backup_dsl::cli::main_with(MY_STACKS)
//! }
//! ```
//!
//! `synth --format cfn|tf [--stack NAME] [--param KEY=VALUE]... [--name INSTANCE] [--out DIR]`,
//! `synth --format tf --instance env=dev --instance env=prod` (several instances in one run),
//! `synth graph [--stack NAME] [--param KEY=VALUE]... [--format dot|mermaid]`,
//! `synth report [--stack NAME] [--param KEY=VALUE]... [--format text|markdown|json]`,
//! `synth list`, `synth check [--stack NAME] [--param KEY=VALUE]... [--name INSTANCE]`, `synth explain [BKxxx]`,
//! `synth --only supporting|backup` (half of the stack), `synth --watch` (feature `watch`: again
//! on every save of the stack's source, literal edits without a rebuild), and with the `aws` feature
//! `synth plan|apply|destroy [--stack NAME] [--param KEY=VALUE]... [--region R] [--endpoint-url URL]`
//! ([`crate::apply`]). Exit 0 on success, 1 when the stack fails its checks (or apply fails),
//! 2 on usage errors (and from `plan --detailed-exitcode` when there are changes).

use crate::diag::{Report, Severity};
use crate::emit;
use crate::registry::StackDef;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[cfg(feature = "watch")]
mod watch;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// CloudFormation: one template per Region and a manifest.
    Cfn,
    /// Terraform JSON: one document.
    Tf,
}

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// An aligned table.
    Text,
    /// A Markdown table.
    Markdown,
    /// JSON.
    Json,
}

/// Picture formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz.
    Dot,
    /// Mermaid.
    Mermaid,
}

#[derive(Parser, Debug)]
#[command(
    name = "synth",
    version,
    about = "Synthesize backup-dsl stacks as CloudFormation or Terraform JSON",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    synth: SynthArgs,
}

#[derive(clap::Args, Clone, Debug)]
struct SynthArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "cfn")]
    format: Format,
    /// The stack to synthesize (default: the first one).
    #[arg(long)]
    stack: Option<String>,
    /// A stack parameter, `KEY=VALUE` (repeatable).
    #[arg(long = "param", value_parser = parse_param)]
    params: Vec<(String, String)>,
    /// The instance name (default: the stack's name and the parameters that differ from their
    /// defaults, e.g. `backup_core-prod`): output files, CloudFormation stack names.
    #[arg(long)]
    name: Option<String>,
    /// One instance per use, with these parameters (`KEY=VALUE,KEY=VALUE`) on top of `--param`:
    /// Terraform gets one document holding every instance, CloudFormation each instance's
    /// templates and an `<instance>.manifest.json`.
    #[arg(long = "instance", value_parser = parse_param_list, conflicts_with = "name")]
    instances: Vec<Vec<(String, String)>>,
    /// Output directory. `synth` owns what it writes there: a file an earlier run of the same
    /// format wrote and this one does not (the template of a Region the stack no longer has) is
    /// removed; other files are left alone.
    #[arg(long, default_value = "synth.out")]
    out: PathBuf,
    /// Only part of the stack: `supporting` (keys, roles, buckets, topics, ..: deploy these
    /// first, then `synth apply` the AWS Backup part) or `backup` (the AWS Backup resources).
    /// References to the other part are written as the ARNs AWS derives from names; the
    /// instance name gets `-supporting` or `-backup`, so the files and stacks stay apart.
    #[arg(long, value_enum)]
    only: Option<OnlyPart>,
    /// Keep running: synthesize again whenever the stack's source file changes. An edit that
    /// changes only literal field values (a retention, a schedule, a name) is carried into the
    /// compiled stack and checked and written in milliseconds; any other edit rebuilds this
    /// program with cargo (`cargo build --bin <this program>`, in the stack's crate, plus the
    /// arguments in `SYNTH_WATCH_CARGO_ARGS`) and restarts it.
    #[cfg(feature = "watch")]
    #[arg(long)]
    watch: bool,
    /// With `--watch`: stop after this many syntheses that follow an edit (for scripts and tests).
    #[cfg(feature = "watch")]
    #[arg(long, hide = true)]
    watch_exit_after: Option<usize>,
    /// With `--watch`: read this file as the stack's source instead of the one it was compiled
    /// from (a copy with the same contents; for tests that must not edit the real one).
    #[cfg(feature = "watch")]
    #[arg(long, hide = true)]
    watch_source: Option<PathBuf>,
    /// Literal edits `--watch` carries into the compiled stacks.
    #[arg(skip)]
    patch: Patch,
}

/// A change applied to every instance right after the compiled code builds it (`--watch`'s
/// literal edits); none outside `--watch`.
#[derive(Clone, Default)]
struct Patch(Option<std::sync::Arc<PatchFn>>);

type PatchFn = dyn Fn(&mut crate::Stack) -> Result<(), String> + Send + Sync;

impl std::fmt::Debug for Patch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Patch(..)"
        } else {
            "Patch(none)"
        })
    }
}

/// The parts `--only` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OnlyPart {
    /// Every resource but the AWS Backup ones.
    Supporting,
    /// The AWS Backup resources.
    Backup,
}

impl OnlyPart {
    fn part(self) -> emit::Part {
        match self {
            OnlyPart::Supporting => emit::Part::Supporting,
            OnlyPart::Backup => emit::Part::Backup,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            OnlyPart::Supporting => "supporting",
            OnlyPart::Backup => "backup",
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List the stacks and their parameters.
    List,
    /// Run every rule on a stack and report, without writing anything.
    Check {
        /// The stack to check (default: the first one).
        #[arg(long)]
        stack: Option<String>,
        /// A stack parameter, `KEY=VALUE` (repeatable).
        #[arg(long = "param", value_parser = parse_param)]
        params: Vec<(String, String)>,
        /// The instance name.
        #[arg(long)]
        name: Option<String>,
    },
    /// Print the stack as a picture: resources grouped by Region, an arrow per reference, copy
    /// actions and what selections protect drawn apart.
    Graph {
        /// The stack (default: the first one).
        #[arg(long)]
        stack: Option<String>,
        /// A stack parameter, `KEY=VALUE` (repeatable).
        #[arg(long = "param", value_parser = parse_param)]
        params: Vec<(String, String)>,
        /// Graphviz `dot` (render with `dot -Tsvg`) or a Mermaid flowchart.
        #[arg(long, value_enum, default_value = "dot")]
        format: GraphFormat,
    },
    /// The protection report: a row per bucket and table with the rules that back it up, its
    /// worst-case RPO, retention, copies, lock, restore testing and objectives.
    Report {
        /// The stack (default: the first one).
        #[arg(long)]
        stack: Option<String>,
        /// A stack parameter, `KEY=VALUE` (repeatable).
        #[arg(long = "param", value_parser = parse_param)]
        params: Vec<(String, String)>,
        /// A table (`text`), Markdown, or JSON.
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Read what AWS has of the stack's AWS Backup resources and print what `apply` would
    /// create, update, replace or delete, field by field (feature `aws`).
    #[cfg(feature = "aws")]
    Plan(AwsArgs),
    /// Make AWS match the stack's AWS Backup resources: create, update, replace and delete in
    /// dependency order, then read back and verify (feature `aws`).
    #[cfg(feature = "aws")]
    Apply(AwsArgs),
    /// Delete the AWS Backup resources this stack instance owns, children first; retained vaults
    /// are kept and listed (feature `aws`).
    #[cfg(feature = "aws")]
    Destroy(AwsArgs),
    /// Explain a diagnostic code, or list them all.
    Explain {
        /// The code, e.g. BK050; without it, every code with its summary.
        code: Option<String>,
    },
}

/// The stack, and where and how to reach AWS, for `plan`, `apply` and `destroy`.
#[cfg(feature = "aws")]
#[derive(clap::Args, Debug)]
struct AwsArgs {
    /// The stack (default: the first one).
    #[arg(long)]
    stack: Option<String>,
    /// A stack parameter, `KEY=VALUE` (repeatable).
    #[arg(long = "param", value_parser = parse_param)]
    params: Vec<(String, String)>,
    /// The instance name: what the ownership tags say (default: as `synth` names it).
    #[arg(long)]
    name: Option<String>,
    /// The Region for calls the stack does not place (default: the standard chain's).
    #[arg(long)]
    region: Option<String>,
    /// Another endpoint for every call, such as a local emulator.
    #[arg(long)]
    endpoint_url: Option<String>,
    /// A named profile of the shared AWS config files.
    #[arg(long)]
    profile: Option<String>,
    /// Print the plan as JSON.
    #[arg(long)]
    json: bool,
    /// Exit 0 when nothing changes, 2 when something would, 1 on errors (`plan`).
    #[arg(long)]
    detailed_exitcode: bool,
    /// Create a compliance-mode vault lock, or change its grace time, although it cannot be
    /// undone.
    #[arg(long)]
    allow_irreversible: bool,
    /// At most this many resources written at once.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
}

fn parse_param_list(s: &str) -> Result<Vec<(String, String)>, String> {
    s.split(',').map(parse_param).collect()
}

fn parse_param(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| format!("expected KEY=VALUE, got `{s}`"))
}

/// Runs the CLI on the process arguments and exits with its code.
pub fn main_with(stacks: &[StackDef]) -> ExitCode {
    let code = run(
        std::env::args_os(),
        stacks,
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    ExitCode::from(code)
}

/// Runs the CLI on `args` (the first is the program name); returns the exit code.
pub fn run<I, T>(args: I, stacks: &[StackDef], out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = e.exit_code();
            let target: &mut dyn Write = if code == 0 { out } else { err };
            let _ = write!(target, "{}", e.render());
            return code as u8;
        }
    };
    match cli.command {
        Some(Command::List) => {
            for s in stacks {
                let params: Vec<String> = s
                    .params
                    .iter()
                    .map(|p| match p.default {
                        Some(d) => format!("{}={d}", p.name),
                        None => format!("{}=<required>", p.name),
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}",
                    s.name,
                    params.join(" "),
                    s.doc.lines().next().unwrap_or("")
                );
            }
            0
        }
        Some(Command::Explain { code: None }) => {
            for c in crate::codes::CATALOGUE {
                let level = if c.severity == Severity::Error {
                    "error"
                } else {
                    "warning"
                };
                let _ = writeln!(out, "{}\t{level}\t{}", c.code, c.summary);
            }
            0
        }
        Some(Command::Explain { code: Some(code) }) => {
            match crate::codes::lookup(&code) {
                Some(c) => {
                    let _ = write!(out, "{}", c.explain());
                    0
                }
                None => {
                    let suggestion = crate::diag::did_you_mean(
                        &code,
                        crate::codes::CATALOGUE.iter().map(|c| c.code),
                    )
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                    let _ = writeln!(err, "error: unknown code `{code}`{suggestion} (`synth explain` lists every code)");
                    2
                }
            }
        }
        Some(Command::Graph {
            stack,
            params,
            format,
        }) => match checked(stack.as_deref(), &params, None, stacks, err) {
            Ok((c, _)) => {
                let text = match format {
                    GraphFormat::Dot => emit::graph::dot(&c),
                    GraphFormat::Mermaid => emit::graph::mermaid(&c),
                };
                let _ = out.write_all(text.as_bytes());
                0
            }
            Err(code) => code,
        },
        Some(Command::Report {
            stack,
            params,
            format,
        }) => match checked(stack.as_deref(), &params, None, stacks, err) {
            Ok((c, _)) => {
                let text = match format {
                    ReportFormat::Text => emit::report::text(&c),
                    ReportFormat::Markdown => emit::report::markdown(&c),
                    ReportFormat::Json => to_pretty(&emit::report::json(&c)),
                };
                let _ = out.write_all(text.as_bytes());
                0
            }
            Err(code) => code,
        },
        Some(Command::Check {
            stack,
            params,
            name,
        }) => match checked(stack.as_deref(), &params, name.as_deref(), stacks, err) {
            Ok((c, name)) => {
                let _ = writeln!(
                    out,
                    "stack `{name}`: {} resources, no errors, {} warning(s)",
                    c.resources.len(),
                    c.warnings.warnings().count()
                );
                0
            }
            Err(code) => code,
        },
        #[cfg(feature = "aws")]
        Some(Command::Plan(args)) => aws_command(AwsCommand::Plan, &args, stacks, out, err),
        #[cfg(feature = "aws")]
        Some(Command::Apply(args)) => aws_command(AwsCommand::Apply, &args, stacks, out, err),
        #[cfg(feature = "aws")]
        Some(Command::Destroy(args)) => aws_command(AwsCommand::Destroy, &args, stacks, out, err),
        #[cfg(feature = "watch")]
        None if cli.synth.watch => watch::watch(&cli.synth, stacks, out, err),
        None => synth(&cli.synth, stacks, out, err),
    }
}

#[cfg(feature = "aws")]
#[derive(Clone, Copy, PartialEq, Eq)]
enum AwsCommand {
    Plan,
    Apply,
    Destroy,
}

/// `plan`, `apply` and `destroy`.
#[cfg(feature = "aws")]
fn aws_command(
    command: AwsCommand,
    args: &AwsArgs,
    stacks: &[StackDef],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    use crate::apply::engine::{self, Options};
    use crate::apply::plan::{render_json, render_text, Mode};
    use crate::apply::sdk::{SdkApi, Target};
    let (c, _) = match checked(
        args.stack.as_deref(),
        &args.params,
        args.name.as_deref(),
        stacks,
        err,
    ) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let target = Target {
        profile: args.profile.clone(),
        region: args
            .region
            .clone()
            .or_else(|| c.stack().region.as_str().map(str::to_string)),
        endpoint_url: args.endpoint_url.clone(),
    };
    let api = match SdkApi::connect(&target) {
        Ok(api) => api,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 1;
        }
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let mode = if command == AwsCommand::Destroy {
        Mode::Destroy
    } else {
        Mode::Apply
    };
    let options = Options {
        allow_irreversible: args.allow_irreversible,
        concurrency: args.concurrency.max(1),
    };
    let (known, plan) = match engine::prepare(&api, c.stack(), mode, now) {
        Ok(prepared) => prepared,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 1;
        }
    };
    if args.json {
        let _ = writeln!(out, "{}", to_pretty(&render_json(&plan)));
    } else {
        let _ = write!(out, "{}", render_text(&plan));
    }
    if command == AwsCommand::Plan {
        if !plan.conflicts.is_empty() {
            return 1;
        }
        return if args.detailed_exitcode && plan.has_changes() {
            2
        } else {
            0
        };
    }
    if !plan.has_changes() {
        return 0;
    }
    // Written as each resource goes, from whichever worker runs it.
    let progress = |line: &str| eprintln!("{line}");
    match engine::carry_out(&api, c.stack(), known, plan, mode, options, now, &progress) {
        Ok(outcome) => {
            let _ = writeln!(
                out,
                "{} complete: {} write call(s), {} call(s) after the plan.",
                if mode == Mode::Destroy {
                    "Destroy"
                } else {
                    "Apply"
                },
                outcome.writes,
                outcome.calls
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            1
        }
    }
}

/// Finds, instantiates and builds a stack; on failure, the exit code after reporting.
fn checked(
    stack: Option<&str>,
    params: &[(String, String)],
    instance: Option<&str>,
    stacks: &[StackDef],
    err: &mut dyn Write,
) -> Result<(crate::CheckedStack, &'static str), u8> {
    checked_part(
        stack,
        params,
        instance,
        None,
        &Patch::default(),
        stacks,
        err,
    )
}

/// The stack `--stack` names, or the first one.
fn find_def<'s>(stacks: &'s [StackDef], name: Option<&str>) -> Option<&'s StackDef> {
    match name {
        None => stacks.first(),
        Some(name) => stacks.iter().find(|s| s.name == name),
    }
}

/// [`checked`], the instance name ending in `-<suffix>` (`--only`).
fn checked_part(
    stack: Option<&str>,
    params: &[(String, String)],
    instance: Option<&str>,
    suffix: Option<&str>,
    patch: &Patch,
    stacks: &[StackDef],
    err: &mut dyn Write,
) -> Result<(crate::CheckedStack, &'static str), u8> {
    let def = find_def(stacks, stack);
    let Some(def) = def else {
        let names: Vec<&str> = stacks.iter().map(|s| s.name).collect();
        let _ = writeln!(
            err,
            "error: no stack `{}`; stacks: {}",
            stack.unwrap_or(""),
            names.join(", ")
        );
        return Err(2);
    };
    let mut unchecked = def.instantiate(params).map_err(|e| {
        let _ = writeln!(err, "error: {e}");
        2u8
    })?;
    if let Some(patch) = &patch.0 {
        patch(&mut unchecked).map_err(|e| {
            let _ = writeln!(err, "error: {e}");
            1u8
        })?;
    }
    if let Some(instance) = instance {
        unchecked = unchecked.named(instance);
    }
    if let Some(suffix) = suffix {
        let name = format!("{}-{suffix}", unchecked.name);
        unchecked = unchecked.named(name);
    }
    match unchecked.build() {
        Ok(c) => {
            render(&c.warnings, def.name, err);
            Ok((c, def.name))
        }
        Err(report) => {
            render(&report, def.name, err);
            Err(1)
        }
    }
}

/// The default Region of the stack `stack` instantiated with `params` (`us-east-1` when it
/// names none), or `None` when it does not instantiate (building it then reports why).
fn first_region(
    stack: Option<&str>,
    params: &[(String, String)],
    stacks: &[StackDef],
) -> Option<String> {
    let def = find_def(stacks, stack)?;
    let model = def.instantiate(params).ok()?;
    Some(model.region.as_str().unwrap_or("us-east-1").to_string())
}

/// What a worker makes of one built instance.
type Made<T> = Result<T, u8>;

/// Turns a built instance into what the output needs, writing diagnostics to the buffer.
type Make<'a, T> = &'a (dyn Fn(crate::CheckedStack, &'static str, &mut Vec<u8>) -> Made<T> + Sync);

/// Builds every parameter set's instance on every core and hands each to `make` in the worker,
/// so that a big model can be turned into its output and dropped there. Each instance's
/// diagnostics are collected and printed in the instances' order, so the output does not depend
/// on timing. The first failure's exit code, after all diagnostics.
fn build_all<T: Send>(
    args: &SynthArgs,
    stacks: &[StackDef],
    sets: &[Vec<(String, String)>],
    make: Make<'_, T>,
    err: &mut dyn Write,
) -> Result<Vec<T>, u8> {
    if sets.is_empty() {
        return Ok(Vec::new());
    }
    // (Asking for the cores reads the cgroup's CPU quota: not for one instance.)
    let threads = match sets.len() {
        1 => 1,
        n => std::thread::available_parallelism().map_or(1, |c| c.get().min(n)),
    };
    let one = |params: &Vec<(String, String)>| {
        let mut diagnostics = Vec::new();
        let result = checked_part(
            args.stack.as_deref(),
            params,
            args.name.as_deref(),
            args.only.map(OnlyPart::suffix),
            &args.patch,
            stacks,
            &mut diagnostics,
        )
        .and_then(|(c, name)| make(c, name, &mut diagnostics));
        (result, diagnostics)
    };
    // Each worker takes the next instance not taken yet, so that a slow instance (or a core
    // shared with another process) does not leave the other workers idle; results are put
    // back in instance order.
    let next = std::sync::atomic::AtomicUsize::new(0);
    // (instance position, (what was made, its diagnostics)).
    type Built<T> = (usize, (Made<T>, Vec<u8>));
    let mut built: Vec<Built<T>> = if threads == 1 {
        // One instance (or one core): no thread to start, and no second heap to fill.
        sets.iter().map(one).enumerate().collect()
    } else {
        // The workers read code assets as the calling thread's run does.
        let snapshot = crate::assets::Snapshot::active();
        let work = || {
            let _assets = snapshot.then(crate::assets::Snapshot::start);
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(params) = sets.get(i) else { break };
                done.push((i, one(params)));
            }
            done
        };
        std::thread::scope(|scope| {
            // The calling thread is one of the workers.
            let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
            let mut all = work();
            for other in others {
                // Invariant: building a stack does not panic; if it did, the panic is shown.
                all.extend(
                    other
                        .join()
                        .unwrap_or_else(|p| std::panic::resume_unwind(p)),
                );
            }
            all
        })
    };
    built.sort_by_key(|(i, _)| *i);
    let built = built.into_iter().map(|(_, b)| b);
    let mut made = Vec::with_capacity(sets.len());
    let mut failed = None;
    for (result, diagnostics) in built {
        let _ = err.write_all(&diagnostics);
        match result {
            Ok(t) => made.push(t),
            Err(code) => {
                failed.get_or_insert(code);
            }
        }
    }
    failed.map_or(Ok(made), Err)
}

/// An instance turned into its files: (instance name, files, code assets).
type Instance = (String, Vec<(String, Pieces)>, Vec<crate::model::Asset>);

/// A file's text as pieces written one after another (a Terraform document of many instances
/// is its rendered resources, never joined into one string).
type Pieces = Vec<String>;

/// One instance from `--param` (and `--name`), or one per `--instance`.
fn parameter_sets(args: &SynthArgs) -> Vec<Vec<(String, String)>> {
    if args.instances.is_empty() {
        vec![args.params.clone()]
    } else {
        args.instances
            .iter()
            .map(|own| args.params.iter().chain(own).cloned().collect())
            .collect()
    }
}

fn synth(args: &SynthArgs, stacks: &[StackDef], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    // Each code asset is read once in a run, whatever the number of instances.
    let _assets = crate::assets::Snapshot::start();
    let parameter_sets = parameter_sets(args);
    let several = parameter_sets.len() > 1;
    if let Some(only) = args.only {
        // A part with nothing in it would be an empty output: say so instead.
        let def = find_def(stacks, args.stack.as_deref());
        if let Some(def) = def {
            if let Ok(stack) = def.instantiate(&parameter_sets[0]) {
                if !stack.resources.iter().any(|r| only.part().includes(r.kind)) {
                    let _ = writeln!(
                        err,
                        "error: stack `{}` has no {} resources; there is nothing to write",
                        def.name,
                        only.suffix()
                    );
                    return 2;
                }
            }
        }
    }
    let assets_of = |c: &crate::CheckedStack| c.assets.iter().flatten().cloned().collect();
    let made: Result<(Vec<Instance>, Option<String>), u8> = match args.format {
        // Each instance's templates are rendered in its worker, and its model dropped there.
        Format::Cfn => build_all(
            args,
            stacks,
            &parameter_sets,
            &|c, name, diagnostics| {
                let part = args.only.map_or(emit::Part::All, OnlyPart::part);
                let o = emit::cfn::render_part(&c, part).map_err(|report| {
                    render(&report, name, diagnostics);
                    1u8
                })?;
                let manifest = if several {
                    format!("{}.manifest.json", c.name)
                } else {
                    "manifest.json".to_string()
                };
                let mut files: Vec<(String, Pieces)> = o.templates;
                files.push((manifest, vec![to_pretty(&o.manifest)]));
                // An organization's member part, as its StackSet carries it, to read and lint.
                if crate::rules::org::deployment(c.stack()).is_some() {
                    if let Ok(member) = emit::cfn::member_tree(c.stack()) {
                        files.push((
                            format!("{}.member.template.json", c.name),
                            vec![emit::to_pretty_file(&member)],
                        ));
                    }
                }
                Ok((c.name.clone(), files, assets_of(&c)))
            },
            err,
        )
        .map(|m| (m, None)),
        // One document: the first instance sets its default Region, then each instance's
        // resources are rendered to text in its worker and the texts joined.
        Format::Tf => {
            let render_one = |default_region: &str| {
                let default_region = default_region.to_string();
                move |c: crate::CheckedStack, name: &'static str, diagnostics: &mut Vec<u8>| {
                    let part = args.only.map_or(emit::Part::All, OnlyPart::part);
                    let text =
                        emit::terraform::render_instance_part(&c, several, &default_region, part)
                            .map_err(|report| {
                            render(&report, name, diagnostics);
                            1u8
                        })?;
                    Ok((c.name.clone(), text, assets_of(&c)))
                }
            };
            // The document's default Region is the first instance's, known from the model
            // before any checks: every instance is then built and rendered in one parallel
            // pass. If the first instance does not even instantiate, building it reports why.
            let region = first_region(args.stack.as_deref(), &parameter_sets[0], stacks);
            let built = match region {
                Some(region) => build_all(args, stacks, &parameter_sets, &render_one(&region), err)
                    .map(|all| (all, region)),
                // (The first instance alone: it reports why it does not instantiate.)
                None => build_all(
                    args,
                    stacks,
                    &parameter_sets[..1],
                    &|c, name, d| {
                        let region = c.region.as_str().unwrap_or("us-east-1").to_string();
                        render_one(&region)(c, name, d).map(|r| (r, region))
                    },
                    err,
                )
                .map(|mut one| {
                    let (first, region) = one.remove(0);
                    (vec![first], region)
                }),
            };
            built.map(|(all, region)| {
                let mut names = Vec::with_capacity(all.len());
                let mut assets = Vec::new();
                let mut texts = Vec::with_capacity(all.len());
                for (n, t, a) in all {
                    names.push(n);
                    texts.push(t);
                    assets.extend(a);
                }
                let file = if several {
                    format!(
                        "{}.tf.json",
                        args.stack
                            .as_deref()
                            .unwrap_or(stacks.first().map(|s| s.name).unwrap_or("stack"))
                    )
                } else {
                    format!("{}.tf.json", names[0])
                };
                let doc = emit::terraform::assemble_pieces(&region, texts);
                let mut instances: Vec<Instance> = names
                    .into_iter()
                    .map(|n| (n, Vec::new(), Vec::new()))
                    .collect();
                instances[0].1.push((file.clone(), doc));
                instances[0].2 = assets;
                (instances, Some(file))
            })
        }
    };
    let (instances, printed) = match made {
        Ok(m) => m,
        Err(code) => return code,
    };
    for (i, (a, ..)) in instances.iter().enumerate() {
        if instances[..i].iter().any(|(b, ..)| b == a) {
            let _ = writeln!(
                err,
                "error: two `--instance`s are both named `{a}`; give them different parameters"
            );
            return 2;
        }
    }
    // One asset per content: instances share their code.
    let mut assets: Vec<crate::model::Asset> = Vec::new();
    let mut files: Vec<(String, Pieces)> = Vec::new();
    for (_, f, a) in instances {
        files.extend(f);
        assets.extend(a);
    }
    assets.sort_by(|a, b| a.sha256_hex.cmp(&b.sha256_hex));
    assets.dedup_by(|a, b| a.sha256_hex == b.sha256_hex);
    match write_owned(&args.out, args.format, &files, &assets) {
        Ok(removed) => {
            for file in removed {
                let _ = writeln!(
                    err,
                    "removed {} (written by an earlier synth, not by this one)",
                    args.out.join(file).display()
                );
            }
        }
        Err(e) => {
            let _ = writeln!(err, "error: cannot write to `{}`: {e}", args.out.display());
            return 1;
        }
    }
    if printed.is_some() {
        // The Terraform document, the only file of that format.
        let _ = write_pieces(out, &files[0].1);
        let _ = out.flush();
    } else {
        for (name, _) in &files {
            let _ = writeln!(err, "wrote {}", args.out.join(name).display());
        }
    }
    0
}

/// Pretty JSON with a trailing newline: the bytes every output file gets, the same as
/// `serde_json::to_string_pretty` (two-space indent).
pub fn to_pretty(doc: &serde_json::Value) -> String {
    emit::to_pretty_file(&crate::json_tree::Tree::from(doc.clone()))
}

/// The list of the files `synth` wrote into its output folder in one format, one relative path a
/// line: `.synth-files.cfn`, `.synth-files.tf`.
pub fn owned_files(format: Format) -> String {
    match format {
        Format::Cfn => ".synth-files.cfn".into(),
        Format::Tf => ".synth-files.tf".into(),
    }
}

/// Writes the documents and copies every Lambda code asset to `DIR/assets/<sha256>.zip` (where
/// both outputs expect it), then removes the files an earlier run of the same format listed
/// that this one did not write, unless the other format's list still names them (a shared
/// asset). Returns the removed paths. Files `synth` never wrote stay.
fn write_owned(
    dir: &Path,
    format: Format,
    files: &[(String, Pieces)],
    assets: &[crate::model::Asset],
) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let list = owned_files(format);
    let earlier = std::fs::read_to_string(dir.join(&list)).unwrap_or_default();
    let other = [Format::Cfn, Format::Tf]
        .into_iter()
        .filter(|f| *f != format)
        .map(|f| std::fs::read_to_string(dir.join(owned_files(f))).unwrap_or_default())
        .collect::<String>();
    let mut written = Vec::new();
    for (name, pieces) in files {
        write_if_changed(&dir.join(name), pieces)?;
        written.push(name.clone());
    }
    for asset in assets {
        let name = asset.file_name();
        let target = dir.join(&name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        match &asset.zipped {
            Some(zip) => write_if_changed(&target, &[zip.as_slice()])?,
            None => write_if_changed(&target, &[std::fs::read(&asset.source)?])?,
        }
        written.push(name);
    }
    written.sort();
    written.dedup();
    let mut removed = Vec::new();
    for old in earlier.lines() {
        // Only plain relative paths inside the folder: the list is ours, but a hand-edited one
        // must not reach outside.
        let safe = !old.is_empty()
            && Path::new(old)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        let still_owned = written.iter().any(|w| w == old) || other.lines().any(|o| o == old);
        if safe && !still_owned && dir.join(old).is_file() {
            std::fs::remove_file(dir.join(old))?;
            removed.push(old.to_string());
        }
    }
    let mut written_list = written.join("\n");
    written_list.push('\n');
    write_if_changed(&dir.join(&list), &[written_list])?;
    Ok(removed)
}

/// Writes a file as `pieces` one after another, unless it holds exactly that already: an
/// output that did not change keeps its modification time (tools that watch it see nothing
/// new), and the file system is spared the truncation and rewrite.
fn write_if_changed<P: AsRef<[u8]> + Sync>(path: &Path, pieces: &[P]) -> std::io::Result<()> {
    let size: usize = pieces.iter().map(|p| p.as_ref().len()).sum();
    let same_size = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == size as u64);
    if same_size && holds_pieces(path, pieces).unwrap_or(false) {
        return Ok(());
    }
    write_pieces(&mut std::fs::File::create(path)?, pieces)
}

/// Writes the concatenation of `pieces` with vectored writes, up to 512 pieces a call: a
/// document of many instances is thousands of pieces, which a buffer would copy (9 MB for 200
/// instances, on the main thread after the workers finish) and single writes would make
/// thousands of calls.
fn write_pieces<P: AsRef<[u8]>>(out: &mut dyn Write, pieces: &[P]) -> std::io::Result<()> {
    const BATCH: usize = 512;
    let mut pieces: Vec<&[u8]> = pieces
        .iter()
        .map(|p| p.as_ref())
        .filter(|p| !p.is_empty())
        .collect();
    let mut next = 0;
    while next < pieces.len() {
        let end = (next + BATCH).min(pieces.len());
        let slices: Vec<std::io::IoSlice> = pieces[next..end]
            .iter()
            .map(|p| std::io::IoSlice::new(p))
            .collect();
        let mut written = match out.write_vectored(&slices) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        // Skip what was written; a piece written in part keeps its rest.
        while written > 0 {
            let piece = pieces[next];
            if written >= piece.len() {
                written -= piece.len();
                next += 1;
            } else {
                pieces[next] = &piece[written..];
                written = 0;
            }
        }
    }
    Ok(())
}

/// Whether the file at `path` holds exactly the concatenation of `pieces` (the caller checked
/// its size), compared in chunks through one buffer per thread: reading the old document whole
/// (9 MB for 200 instances) put every page of it into fresh memory, and those page faults were
/// 5% of the run. A large file is compared in two halves at once: this runs on the main thread
/// after the workers, when every core is free.
fn holds_pieces<P: AsRef<[u8]> + Sync>(path: &Path, pieces: &[P]) -> std::io::Result<bool> {
    holds_pieces_halved_from(path, pieces, 4 << 20)
}

/// [`holds_pieces`], comparing in two halves at once from `halves_from` bytes on.
fn holds_pieces_halved_from<P: AsRef<[u8]> + Sync>(
    path: &Path,
    pieces: &[P],
    halves_from: u64,
) -> std::io::Result<bool> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    let total: u64 = pieces.iter().map(|p| p.as_ref().len() as u64).sum();
    if size != total {
        return Ok(false);
    }
    // Two threads read one file only where reads at an offset leave no shared position
    // (`pread`); elsewhere one thread seeks and reads.
    if !cfg!(unix) || size < halves_from.max(2) {
        return range_holds(&file, pieces, 0, size);
    }
    let middle = size / 2;
    std::thread::scope(|scope| {
        let first = scope.spawn(|| range_holds(&file, pieces, 0, middle));
        let second = range_holds(&file, pieces, middle, size);
        // Invariant: comparing bytes does not panic; if it did, the panic is shown.
        let first = first
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        Ok(first? && second?)
    })
}

/// Whether bytes `start..end` of `file` are those of the concatenated `pieces` at the same
/// offsets.
fn range_holds<P: AsRef<[u8]>>(
    file: &std::fs::File,
    pieces: &[P],
    start: u64,
    end: u64,
) -> std::io::Result<bool> {
    let mut chunk = vec![0u8; (256 << 10).min((end - start) as usize)];
    // The pieces' bytes from `start` on, in order.
    let mut skip = start;
    let mut expected = pieces.iter().map(|p| p.as_ref()).filter_map(move |p| {
        let len = p.len() as u64;
        if skip >= len {
            skip -= len;
            None
        } else {
            let rest = &p[skip as usize..];
            skip = 0;
            Some(rest)
        }
    });
    let mut piece: &[u8] = &[];
    let mut at = start;
    while at < end {
        let want = chunk.len().min((end - at) as usize);
        read_exact_at(file, &mut chunk[..want], at)?;
        at += want as u64;
        let mut old = &chunk[..want];
        while !old.is_empty() {
            if piece.is_empty() {
                match expected.next() {
                    Some(next) => piece = next,
                    // The pieces end before the file: not the same.
                    None => return Ok(false),
                }
            }
            let n = old.len().min(piece.len());
            if old[..n] != piece[..n] {
                return Ok(false);
            }
            old = &old[n..];
            piece = &piece[n..];
        }
    }
    Ok(true)
}

/// Reads `buf.len()` bytes of `file` from `offset`, without moving a shared position (two
/// threads read one file).
#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// (One thread only: the clone shares the file's position.)
#[cfg(not(unix))]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    let mut file = file.try_clone()?;
    file.seek(std::io::SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

/// Renders a report rustc-style, with the stack and resource path.
pub fn render(report: &Report, stack: &str, err: &mut dyn Write) {
    for d in &report.diagnostics {
        let level = if d.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let _ = writeln!(err, "{level}[{}]: {}", d.code.code, d.message);
        let _ = writeln!(err, "  --> {stack}::{}", d.location());
        for (res, path, note) in &d.related {
            if res.is_empty() {
                let _ = writeln!(err, "   = note: {note}");
                continue;
            }
            let at = if path.is_empty() {
                res.clone()
            } else {
                format!("{res}.{path}")
            };
            let _ = writeln!(err, "   = note: {note} ({stack}::{at})");
        }
        if let Some(h) = &d.help {
            let _ = writeln!(err, "   = help: {h}");
        }
        let _ = writeln!(err);
    }
    let errors = report.errors().count();
    if errors > 0 {
        let _ = writeln!(err, "error: stack `{stack}` failed with {errors} error(s)");
    }
}

#[cfg(test)]
mod tests {
    use super::to_pretty;
    use serde_json::json;

    #[test]
    fn pretty_output_is_byte_for_byte_serde_json() {
        let doc = json!({
            "empty": {}, "list": [], "nested": {"a": [1, -2, 3.5, 1e300, null, true, false]},
            "text": "quote \" backslash \\ nl \n cr \r tab \t bs \u{8} ff \u{c} nul \u{0} us \u{1f} del \u{7f} é ✓ ${x}",
            "objects": [{"k": {"k": [[], {}]}}, {}],
            "key \"quoted\"\n": "v",
        });
        let mut want = serde_json::to_string_pretty(&doc).unwrap();
        want.push('\n');
        assert_eq!(to_pretty(&doc), want);
        assert_eq!(to_pretty(&json!([])), "[]\n");
        assert_eq!(to_pretty(&json!("x")), "\"x\"\n");
    }

    #[test]
    fn an_unchanged_output_is_left_as_it_was() {
        let dir = std::env::temp_dir().join(format!("backup-dsl-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.json");
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        let stamp = |path: &std::path::Path| std::fs::metadata(path).unwrap().modified().unwrap();
        let set_old = |path: &std::path::Path| {
            std::fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(old)
                .unwrap();
        };
        super::write_if_changed(&path, &["{\n", "  \"a\": 1\n", "}\n"]).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\n  \"a\": 1\n}\n"
        );
        set_old(&path);
        // The same bytes in other pieces: untouched.
        super::write_if_changed(&path, &["{\n  \"a\"", ": 1\n}\n"]).unwrap();
        assert_eq!(stamp(&path), old);
        // The same size, another byte; then another size: written.
        super::write_if_changed(&path, &["{\n  \"a\": 2\n}\n"]).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\n  \"a\": 2\n}\n"
        );
        assert_ne!(stamp(&path), old);
        set_old(&path);
        super::write_if_changed(&path, &["{}\n"]).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}\n");
        assert_ne!(stamp(&path), old);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A writer that takes at most `limit` bytes a call, as a pipe or a slow file may.
    struct Trickle {
        taken: Vec<u8>,
        limit: usize,
        calls: usize,
    }

    impl std::io::Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.calls += 1;
            let n = buf.len().min(self.limit);
            self.taken.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
            self.calls += 1;
            let mut left = self.limit;
            for b in bufs {
                let n = b.len().min(left);
                self.taken.extend_from_slice(&b[..n]);
                left -= n;
                if left == 0 {
                    break;
                }
            }
            Ok(self.limit - left)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn pieces_are_written_whole_in_order_whatever_each_call_takes() {
        let pieces: Vec<String> = (0..1500).map(|i| format!("piece {i};")).collect();
        let mut with_empty = pieces.clone();
        with_empty.insert(3, String::new());
        let whole = pieces.concat();
        for limit in [1, 7, 100, 4096, usize::MAX] {
            let mut w = Trickle {
                taken: Vec::new(),
                limit,
                calls: 0,
            };
            super::write_pieces(&mut w, &with_empty).unwrap();
            assert_eq!(String::from_utf8(w.taken).unwrap(), whole, "limit {limit}");
            if limit == usize::MAX {
                // 512 pieces a call.
                assert_eq!(w.calls, 3);
            }
        }
    }

    #[test]
    fn a_file_holds_pieces_exactly_when_their_bytes_are_its_bytes() {
        let dir = std::env::temp_dir().join(format!("backup-dsl-pieces-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.json");
        // Larger than the comparison's chunk, in pieces that cross its boundaries.
        let text: Vec<u8> = (0..700_000u32).map(|i| b'a' + (i % 23) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        assert!(super::holds_pieces(&path, &[&text]).unwrap());
        // Compared in one pass, and in two halves (the middle, 350,000, falls inside `b`).
        for halves_from in [u64::MAX, 0] {
            let holds = |pieces: &[&[u8]]| {
                super::holds_pieces_halved_from(&path, pieces, halves_from).unwrap()
            };
            let (a, rest) = text.split_at(100_003);
            let (b, c) = rest.split_at(300_001);
            assert!(holds(&[a, b, c]));
            assert!(holds(&[&[], a, &[], b, c, &[]]));
            assert!(holds(&[&text]));
            // A byte changed in either half or at the middle; one missing at the end, one
            // more; the bytes of the two halves swapped over.
            for at in [0, 200_000, 249_999, 250_000, 349_999, 350_000, 699_999] {
                let mut changed = text.clone();
                changed[at] ^= 1;
                assert!(!holds(&[&changed]), "byte {at}, halves from {halves_from}");
            }
            assert!(!holds(&[a, b, &c[..c.len() - 1]]));
            assert!(!holds(&[a, b, c, b"x"]));
            assert!(!holds(&[]));
            let (front, back) = text.split_at(350_000);
            assert!(!holds(&[back, front]));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
