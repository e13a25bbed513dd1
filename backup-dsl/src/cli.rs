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
//! `synth list`, `synth check [--stack NAME] [--param KEY=VALUE]... [--name INSTANCE]`, `synth explain [BKxxx]`. Exit 0 on success, 1 when the stack fails its checks, 2 on usage errors.

use crate::diag::{Report, Severity};
use crate::emit;
use crate::registry::StackDef;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// CloudFormation: one template per Region and a manifest.
    Cfn,
    /// Terraform JSON: one document.
    Tf,
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

#[derive(clap::Args, Debug)]
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
    /// Explain a diagnostic code, or list them all.
    Explain {
        /// The code, e.g. BK050; without it, every code with its summary.
        code: Option<String>,
    },
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
        None => synth(&cli.synth, stacks, out, err),
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
    let def = match stack {
        None => stacks.first(),
        Some(name) => stacks.iter().find(|s| s.name == name),
    };
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
    if let Some(instance) = instance {
        unchecked = unchecked.named(instance);
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

fn synth(args: &SynthArgs, stacks: &[StackDef], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    // One instance from `--param` (and `--name`), or one per `--instance`.
    let parameter_sets: Vec<Vec<(String, String)>> = if args.instances.is_empty() {
        vec![args.params.clone()]
    } else {
        args.instances
            .iter()
            .map(|own| args.params.iter().chain(own).cloned().collect())
            .collect()
    };
    let several = parameter_sets.len() > 1;
    let mut instances = Vec::new();
    let mut name = "";
    for params in &parameter_sets {
        match checked(
            args.stack.as_deref(),
            params,
            args.name.as_deref(),
            stacks,
            err,
        ) {
            Ok((c, n)) => {
                name = n;
                instances.push(c);
            }
            Err(code) => return code,
        }
    }
    for (i, a) in instances.iter().enumerate() {
        if let Some(b) = instances[..i].iter().find(|b| b.name == a.name) {
            let _ = writeln!(
                err,
                "error: two `--instance`s are both named `{}`; give them different parameters",
                b.name
            );
            return 2;
        }
    }
    let written = match args.format {
        Format::Cfn => instances
            .iter()
            .map(|checked| {
                emit::cfn::emit(checked).map(|o| {
                    let manifest = if several {
                        format!("{}.manifest.json", checked.name)
                    } else {
                        "manifest.json".to_string()
                    };
                    let mut files: Vec<(String, serde_json::Value)> = o
                        .templates
                        .into_iter()
                        .map(|t| (t.file_name, t.body))
                        .collect();
                    files.push((manifest, o.manifest));
                    files
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|f| (f.concat(), false)),
        Format::Tf => {
            let refs: Vec<&crate::CheckedStack> = instances.iter().collect();
            let file = if several {
                format!("{name}.tf.json")
            } else {
                format!("{}.tf.json", instances[0].name)
            };
            emit::terraform::emit_all(&refs).map(|doc| (vec![(file, doc)], true))
        }
    };
    let (files, print_first) = match written {
        Ok(w) => w,
        Err(report) => {
            render(&report, name, err);
            return 1;
        }
    };
    // One asset per content (instances share their code), then the models and documents are
    // no longer needed: each file is rendered once, for the disk and for stdout alike.
    let mut assets: Vec<crate::model::Asset> = instances
        .iter()
        .flat_map(|c| c.assets.iter().flatten().cloned())
        .collect();
    assets.sort_by(|a, b| a.sha256_hex.cmp(&b.sha256_hex));
    assets.dedup_by(|a, b| a.sha256_hex == b.sha256_hex);
    drop(instances);
    let files: Vec<(String, String)> = files
        .into_iter()
        .map(|(name, doc)| {
            let text = to_pretty(&doc);
            (name, text)
        })
        .collect();
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
    if print_first {
        // Invariant: only the Terraform branch prints, and it always yields one document.
        let _ = out.write_all(files[0].1.as_bytes());
    } else {
        for (name, _) in &files {
            let _ = writeln!(err, "wrote {}", args.out.join(name).display());
        }
    }
    0
}

/// Pretty JSON with a trailing newline: the bytes every output file gets.
pub fn to_pretty(doc: &serde_json::Value) -> String {
    // Invariant: a `serde_json::Value` has string keys only, so it always serializes.
    let mut s = serde_json::to_string_pretty(doc).expect("a JSON value serializes");
    s.push('\n');
    s
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
    files: &[(String, String)],
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
    for (name, text) in files {
        std::fs::write(dir.join(name), text)?;
        written.push(name.clone());
    }
    for asset in assets {
        let name = asset.file_name();
        let target = dir.join(&name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        match &asset.zipped {
            Some(zip) => std::fs::write(target, zip.as_slice())?,
            None => {
                std::fs::copy(&asset.source, target)?;
            }
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
    std::fs::write(dir.join(&list), written_list)?;
    Ok(removed)
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
