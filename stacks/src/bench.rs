//! What the benchmarks share. Measuring whole processes for `bench/compare.sh`: ours and theirs
//! alternately (so that a slower phase of the machine hits both), medians with min and max, and
//! the ratios. On 64-bit Linux the kernel's own account of each child is read (`wait4`: CPU to
//! the microsecond, peak memory); elsewhere GNU time's report, whose parsing is tested. The
//! script needs npm and is not part of the test command. The in-process scenarios (`instances`,
//! `one_stack`), which `benches/synth.rs` times and `bench_counts` has callgrind count
//! (`bench/counts.sh`), and the reading of callgrind's totals.

use std::process::{Command, Stdio};

/// One run of a command: wall and CPU seconds, peak resident memory.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// Elapsed wall-clock seconds.
    pub wall: f64,
    /// User plus system CPU seconds.
    pub cpu: f64,
    /// Peak resident set size, KiB.
    pub peak_kib: f64,
}

/// The format GNU time is asked for: `%e %U %S %M` (wall, user, system, peak KiB).
pub const TIME_FORMAT: &str = "%e %U %S %M";

/// Parses GNU time's report in [`TIME_FORMAT`]: its last line (a command that fails makes GNU
/// time print a "Command exited with non-zero status" line first).
pub fn parse_time(report: &str) -> Option<Sample> {
    let line = report.lines().rev().find(|l| !l.trim().is_empty())?;
    let fields: Vec<f64> = line
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match fields.as_slice() {
        [wall, user, sys, peak] => Some(Sample {
            wall: *wall,
            cpu: user + sys,
            peak_kib: *peak,
        }),
        _ => None,
    }
}

/// Median, min and max of one measure over runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// The median.
    pub median: f64,
    /// The smallest.
    pub min: f64,
    /// The largest.
    pub max: f64,
}

/// The spread of `values` (at least one).
pub fn spread(values: &[f64]) -> Spread {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let median = if v.len() % 2 == 1 {
        v[v.len() / 2]
    } else {
        (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
    };
    Spread {
        median,
        min: v[0],
        max: v[v.len() - 1],
    }
}

/// The kernel's account of a finished child (`struct rusage` on 64-bit Linux): CPU times to the
/// microsecond and the peak resident set, which GNU time rounds to 10 ms.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod rusage {
    #[repr(C)]
    #[derive(Default)]
    struct Timeval {
        sec: i64,
        usec: i64,
    }

    #[repr(C)]
    #[derive(Default)]
    struct Rusage {
        utime: Timeval,
        stime: Timeval,
        maxrss: i64,
        rest: [i64; 13],
    }

    extern "C" {
        fn wait4(pid: i32, status: *mut i32, options: i32, usage: *mut Rusage) -> i32;
    }

    /// Waits for `pid`: (exit status ok, CPU seconds, peak KiB).
    pub fn wait(pid: u32) -> Result<(bool, f64, f64), String> {
        let mut status = 0i32;
        let mut usage = Rusage::default();
        let pid = i32::try_from(pid).map_err(|e| e.to_string())?;
        // SAFETY: `status` and `usage` are valid, writable and laid out as the kernel's
        // `int` and `struct rusage` on 64-bit Linux; `pid` is our own unreaped child.
        let got = unsafe { wait4(pid, &mut status, 0, &mut usage) };
        if got != pid {
            return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
        }
        let seconds = |t: &Timeval| t.sec as f64 + t.usec as f64 / 1e6;
        let exited_zero = status & 0x7f == 0 && (status >> 8) & 0xff == 0;
        Ok((
            exited_zero,
            seconds(&usage.utime) + seconds(&usage.stime),
            usage.maxrss as f64,
        ))
    }
}

/// Runs `argv` once, its output discarded, and measures it: wall time from the start to the
/// kernel's reaping, CPU time and peak memory from the kernel's account (`wait4`).
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
pub fn measure_precisely(argv: &[String]) -> Result<Sample, String> {
    let (program, args) = argv.split_first().ok_or("an empty command")?;
    let started = std::time::Instant::now();
    let child = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let (ok, cpu, peak_kib) = rusage::wait(child.id())?;
    let wall = started.elapsed().as_secs_f64();
    if !ok {
        return Err(format!("`{}` failed", argv.join(" ")));
    }
    Ok(Sample {
        wall,
        cpu,
        peak_kib,
    })
}

/// Runs `argv` once under GNU time (`time_bin`), its output discarded.
pub fn measure(time_bin: &str, argv: &[String]) -> Result<Sample, String> {
    let report = std::env::temp_dir().join(format!("bench-time-{}", std::process::id()));
    let status = Command::new(time_bin)
        .arg("-f")
        .arg(TIME_FORMAT)
        .arg("-o")
        .arg(&report)
        .args(argv)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run {time_bin}: {e}"))?;
    let text = std::fs::read_to_string(&report).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&report);
    if !status.success() {
        return Err(format!("`{}` failed: {text}", argv.join(" ")));
    }
    parse_time(&text).ok_or_else(|| format!("cannot read GNU time's report: {text:?}"))
}

// The scenarios of the in-process benchmark (`benches/synth.rs`), shared with the counting
// binary (`bench_counts`, `bench/counts.sh`) so that both measure the same work.

/// N instances of the seed's port, built and emitted the way `synth --instance` does it, one
/// instance at a time (on one core here): each instance's output rendered to text and its model
/// dropped, the Terraform texts joined into one document. (resources, output bytes).
pub fn instances(n: usize, format: &str) -> (usize, usize) {
    let several = n > 1;
    let mut resources = 0;
    let mut bytes = 0;
    let mut rendered = Vec::new();
    for i in 0..n {
        let env = format!("e{i}");
        let checked = crate::backup_infrastructure(
            &env,
            "us-east-1",
            "us-west-2",
            "acme",
            "self",
            "backup-alerts@example.com",
        )
        .named(format!("backup_infrastructure-{env}"))
        .build()
        .expect("the seed's port builds");
        resources += checked.resources.len();
        if format == "tf" {
            rendered.push(
                backup_dsl::emit::terraform::render_instance(&checked, several, "us-east-1")
                    .expect("renders"),
            );
        } else {
            bytes += render_cfn(&checked).len();
        }
    }
    if format == "tf" {
        // As `synth` writes it: the pieces of the document, not joined.
        bytes = backup_dsl::emit::terraform::assemble_pieces("us-east-1", rendered)
            .iter()
            .map(String::len)
            .sum();
    }
    (resources, bytes)
}

/// One stack of `n` resources, built and emitted.
pub fn one_stack(n: usize, format: &str) -> (usize, usize) {
    one_stack_marked(n, format, &mut |_| {})
}

/// The phases of [`one_stack`], in order: the model built (`stacks::synthetic`), checked
/// (`Stack::build`), emitted (rendered to text), the checked stack dropped, and the output
/// dropped, after the Terraform document's pieces are assembled (both formats drop their text in
/// the same phase, so that the emit phases compare).
pub const PHASES: [&str; 5] = ["model", "check", "emit", "drop", "assemble"];

/// [`one_stack`], calling `mark(i)` as phase `i` of [`PHASES`] ends (the benchmark's `phases`
/// mode times each, to show which of them grows with the stack's size).
pub fn one_stack_marked(n: usize, format: &str, mark: &mut dyn FnMut(usize)) -> (usize, usize) {
    let stack = crate::synthetic(n);
    mark(0);
    let checked = stack.build().expect("the synthetic stack builds");
    mark(1);
    let resources = checked.resources.len();
    if format == "tf" {
        // As `synth` writes one stack: each resource rendered to text as it is emitted.
        let region = checked.region.as_str().unwrap_or("us-east-1").to_string();
        let rendered = backup_dsl::emit::terraform::render_instance(&checked, false, &region)
            .expect("renders");
        mark(2);
        drop(checked);
        mark(3);
        let pieces = backup_dsl::emit::terraform::assemble_pieces(&region, vec![rendered]);
        let bytes = pieces.iter().map(String::len).sum();
        drop(pieces);
        mark(4);
        return (resources, bytes);
    }
    let rendered = render_cfn(&checked);
    mark(2);
    drop(checked);
    mark(3);
    let bytes = rendered.len();
    drop(rendered);
    mark(4);
    (resources, bytes)
}

/// The CloudFormation templates, rendered as `synth` writes them: each resource as it is
/// emitted.
fn render_cfn(checked: &backup_dsl::CheckedStack) -> backup_dsl::emit::cfn::RenderedCfn {
    backup_dsl::emit::cfn::render_part(checked, backup_dsl::emit::Part::All).expect("emits")
}

/// The totals of a callgrind output file (`events:` names, `totals:` or `summary:` counts), by
/// event name: what `bench/counts.sh` reads of each run.
pub fn callgrind_totals(text: &str) -> Option<Vec<(String, u64)>> {
    let line = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|rest| rest.split_whitespace().collect::<Vec<_>>())
    };
    let events = line("events:")?;
    let counts = line("totals:").or_else(|| line("summary:"))?;
    if events.is_empty() || counts.len() > events.len() {
        return None;
    }
    // Trailing zero counts may be left out.
    events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let n = counts.get(i).map_or(Ok(0), |c| c.parse::<u64>())?;
            Ok((e.to_string(), n))
        })
        .collect::<Result<Vec<_>, std::num::ParseIntError>>()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callgrind_totals_are_read_by_event_name() {
        let out = "version: 1\ncreator: callgrind-3.19.0\nevents: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\nfl=(1) a.rs\nfn=(1) f\n1 5 2\nsummary: 293457877 71163800 48806604 1150668 1507228 662457 6714 727736 389852\ntotals: 293457877 71163800 48806604 1150668 1507228 662457 6714 727736 389852\n";
        let totals = callgrind_totals(out).expect("read");
        assert_eq!(totals.len(), 9);
        assert_eq!(totals[0], ("Ir".to_string(), 293_457_877));
        assert_eq!(totals[7], ("DLmr".to_string(), 727_736));
        // Trailing zeros left out, and `summary:` when there is no `totals:`.
        let short = "events: Ir DLmr\nsummary: 12\n";
        assert_eq!(
            callgrind_totals(short),
            Some(vec![("Ir".into(), 12), ("DLmr".into(), 0)])
        );
        assert_eq!(callgrind_totals("events: Ir\n"), None);
        assert_eq!(callgrind_totals("events: Ir\ntotals: x\n"), None);
        assert_eq!(callgrind_totals("events: Ir\ntotals: 1 2\n"), None);
    }

    #[test]
    fn gnu_time_reports_are_read() {
        assert_eq!(
            parse_time("8.66 6.52 0.61 356060\n"),
            Some(Sample {
                wall: 8.66,
                cpu: 7.13,
                peak_kib: 356060.0
            })
        );
        assert_eq!(
            parse_time("Command exited with non-zero status 2\n0.01 0.00 0.00 3968\n")
                .map(|s| s.peak_kib),
            Some(3968.0)
        );
        assert_eq!(parse_time("garbage"), None);
        assert_eq!(parse_time(""), None);
        assert_eq!(parse_time("1 2 3"), None, "four fields");
    }

    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    #[test]
    fn a_child_is_measured_by_the_kernel() {
        let busy = [
            "sh",
            "-c",
            "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done",
        ]
        .map(String::from)
        .to_vec();
        let s = measure_precisely(&busy).unwrap();
        assert!(s.cpu > 0.0 && s.wall >= s.cpu * 0.5, "{s:?}");
        assert!(s.peak_kib > 100.0, "{s:?}");
        let failing = ["sh", "-c", "exit 3"].map(String::from).to_vec();
        assert!(measure_precisely(&failing).is_err());
    }

    #[test]
    fn spreads_are_medians_with_min_and_max() {
        let s = spread(&[3.0, 1.0, 2.0]);
        assert_eq!((s.median, s.min, s.max), (2.0, 1.0, 3.0));
        assert_eq!(spread(&[1.0, 2.0, 3.0, 10.0]).median, 2.5);
    }
}
