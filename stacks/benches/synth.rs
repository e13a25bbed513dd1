//! In-process benchmark of building (every rule) and emitting, in release mode:
//!
//! - `instances`: N instances of the seed's port in one app, N = 1, 10, 50, 200, 1,000, into one
//!   Terraform document (`tf`) or each instance's CloudFormation templates (`cfn`), as `synth
//!   --instance` makes them (one instance at a time, each rendered to text and dropped);
//! - `resources`: one stack of 10 to 20,000 resources (`stacks::synthetic`).
//!
//! Each scenario runs in a child process of its own, so that its peak memory (VmHWM) is its own:
//! repeated until a second has passed (at least 3 runs, at most 30), reporting the median, min and
//! max, and the time per resource, so that a path that grows faster than linearly shows as a
//! growing per-resource figure. Results go to stdout and `target/bench/synth.json`.
//!
//! `cargo bench -p stacks --bench synth` (all), `... -- quick` (the small sizes only).
//!
//! `... -- profile N FORMAT`: one stack of N resources, again and again until five million
//! resources have passed, to run under `perf record` (sample counts then compare across sizes).
//!
//! `... -- linear`: how one stack's time per resource grows, measured so that a shared machine's
//! slow phases (this project's machine runs 1.6x slower for seconds at a time) hit every size
//! alike: all sizes in one process, in rounds (each size run for about 20,000 resources per
//! round), and per size the 10th percentile and the median of the runs' time per resource, with
//! each one's ratio to the fastest size's. Separate processes per size, as above, can each land in
//! another phase. Results also go to `target/bench/linear.json`.
//!
//! `... -- phases`: the `linear` mode's runs with each phase timed on its own (the model built,
//! checked, emitted, dropped; then the output dropped, after the Terraform document is
//! assembled), to show which phase grows with the size. Results also go to
//! `target/bench/phases.json`.

use std::process::Command;
use std::time::{Duration, Instant};

/// The allocator the `synth` binary uses, so that the figures are its figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("child") {
        child(&args[1], args[2].parse().expect("a size"), &args[3]);
        return;
    }
    if args.first().map(String::as_str) == Some("profile") {
        profile(args[1].parse().expect("a size"), &args[2]);
        return;
    }
    if args.iter().any(|a| a == "linear") {
        linear();
        return;
    }
    if args.iter().any(|a| a == "phases") {
        phases();
        return;
    }
    let quick = args.iter().any(|a| a == "quick");
    let instances: &[usize] = if quick {
        &[1, 10]
    } else {
        &[1, 10, 50, 200, 1000]
    };
    let resources: &[usize] = if quick {
        &[10, 100, 1000]
    } else {
        &[10, 100, 1000, 2000, 5000, 10_000, 20_000]
    };
    let mut rows = Vec::new();
    println!(
        "{:<10} {:>6} {:<4} {:>9} {:>10} {:>19} {:>12} {:>9}",
        "scenario", "n", "fmt", "resources", "median ms", "min-max ms", "us/resource", "peak MiB"
    );
    for (scenario, sizes) in [("instances", instances), ("resources", resources)] {
        for &n in sizes {
            for format in ["tf", "cfn"] {
                let out = Command::new(std::env::current_exe().expect("own path"))
                    .args(["child", scenario, &n.to_string(), format])
                    .output()
                    .expect("the benchmark runs itself");
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
                let row: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
                let f = |k: &str| row[k].as_f64().unwrap_or_default();
                println!(
                    "{:<10} {:>6} {:<4} {:>9} {:>10.2} {:>19} {:>12.2} {:>9.1}",
                    scenario,
                    n,
                    format,
                    f("resources"),
                    f("median_ms"),
                    format!("{:.2}-{:.2}", f("min_ms"), f("max_ms")),
                    f("median_ms") * 1000.0 / f("resources").max(1.0),
                    f("peak_kib") / 1024.0
                );
                rows.push(row);
            }
        }
    }
    write_results("synth", &rows);
}

/// One scenario, measured: prints one JSON line.
fn child(scenario: &str, n: usize, format: &str) {
    let run = || -> (usize, usize) {
        match scenario {
            "instances" => stacks::bench::instances(n, format),
            "resources" => stacks::bench::one_stack(n, format),
            other => panic!("unknown scenario {other}"),
        }
    };
    let (resources, _) = run(); // warm-up: caches, the asset zip's files
    let mut times = Vec::new();
    let started = Instant::now();
    while times.len() < 3 || (started.elapsed() < Duration::from_secs(1) && times.len() < 30) {
        let t = Instant::now();
        let (_, bytes) = run();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(bytes);
    }
    times.sort_by(f64::total_cmp);
    let peak_kib = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or_default();
    println!(
        "{}",
        serde_json::json!({
            "scenario": scenario, "n": n, "format": format, "resources": resources,
            "runs": times.len(), "median_ms": times[times.len() / 2],
            "min_ms": times[0], "max_ms": times[times.len() - 1], "peak_kib": peak_kib,
        })
    );
}

/// The `profile` mode, for `perf record`: one stack of `n` resources built and emitted again and
/// again until 5,000,000 resources have passed, so that every size spends about as long in each
/// function per resource as it costs, and a profile's sample counts compare across sizes.
fn profile(n: usize, format: &str) {
    const RESOURCES: usize = 5_000_000;
    let mut done = 0;
    let started = Instant::now();
    while done < RESOURCES {
        let (resources, bytes) = stacks::bench::one_stack(n, format);
        std::hint::black_box(bytes);
        done += resources;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{n} {format}: {done} resources, {:.3} us each",
        elapsed * 1e6 / done as f64
    );
}

/// The sizes of the `linear` and `phases` modes.
const LINEAR_SIZES: [usize; 6] = [10, 100, 1_000, 2_000, 5_000, 10_000];

/// Runs `measure(n)` for every size of [`LINEAR_SIZES`] in 15 rounds, each size about 20,000
/// resources per round (after one warm-up run of each), so that a shared machine's slow phases
/// hit every size alike; returns each size's results, in the order of the sizes.
fn interleaved<T>(mut measure: impl FnMut(usize) -> T) -> Vec<Vec<T>> {
    const ROUNDS: usize = 15;
    LINEAR_SIZES.iter().for_each(|&n| {
        measure(n); // warm-up
    });
    let mut results: Vec<Vec<T>> = LINEAR_SIZES.iter().map(|_| Vec::new()).collect();
    for _ in 0..ROUNDS {
        for (at, &n) in LINEAR_SIZES.iter().enumerate() {
            for _ in 0..(20_000 / n).max(1) {
                results[at].push(measure(n));
            }
        }
    }
    results
}

/// The `q` quantile of `v` (sorted in place).
fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}

/// The `linear` mode: one stack of each size, both formats, sizes interleaved in rounds.
fn linear() {
    let mut rows = Vec::new();
    println!(
        "{:<4} {:>7} {:>6} {:>14} {:>8} {:>14} {:>8}",
        "fmt", "size", "runs", "p10 us/res", "ratio", "median us/res", "ratio"
    );
    for format in ["tf", "cfn"] {
        let mut times = interleaved(|n| {
            let started = Instant::now();
            let (resources, bytes) = stacks::bench::one_stack(n, format);
            std::hint::black_box(bytes);
            started.elapsed().as_secs_f64() * 1e6 / resources as f64
        });
        let stats: Vec<(f64, f64, usize)> = times
            .iter_mut()
            .map(|v| (quantile(v, 0.1), quantile(v, 0.5), v.len()))
            .collect();
        let least = |pick: fn(&(f64, f64, usize)) -> f64| {
            stats.iter().map(pick).fold(f64::INFINITY, f64::min)
        };
        let (p10_min, median_min) = (least(|s| s.0), least(|s| s.1));
        for (&n, &(p10, median, runs)) in LINEAR_SIZES.iter().zip(&stats) {
            println!(
                "{format:<4} {n:>7} {runs:>6} {p10:>14.2} {:>8.2} {median:>14.2} {:>8.2}",
                p10 / p10_min,
                median / median_min
            );
            rows.push(serde_json::json!({
                "format": format, "n": n, "runs": runs, "p10_us_per_resource": p10,
                "median_us_per_resource": median, "p10_ratio": p10 / p10_min,
                "median_ratio": median / median_min,
            }));
        }
    }
    write_results("linear", &rows);
}

/// The `phases` mode: the `linear` mode's runs, each phase of `stacks::bench::PHASES` timed on
/// its own, so that the growth of the whole shows where it comes from. Per size and phase, the
/// 10th percentile of the runs' time per resource, and the whole run's.
fn phases() {
    let phases = stacks::bench::PHASES;
    let mut rows = Vec::new();
    print!("{:<4} {:>7}", "fmt", "size");
    for phase in phases.iter().chain(&["whole"]) {
        print!(" {phase:>9}");
    }
    println!("   (us per resource, 10th percentiles)");
    for format in ["tf", "cfn"] {
        let mut runs = interleaved(|n| {
            let mut ends = [Duration::ZERO; stacks::bench::PHASES.len()];
            let started = Instant::now();
            let (resources, bytes) =
                stacks::bench::one_stack_marked(n, format, &mut |i| ends[i] = started.elapsed());
            std::hint::black_box(bytes);
            let per_resource = |d: Duration| d.as_secs_f64() * 1e6 / resources as f64;
            let mut times: Vec<f64> = (0..phases.len())
                .map(|i| per_resource(ends[i] - if i == 0 { Duration::ZERO } else { ends[i - 1] }))
                .collect();
            times.push(per_resource(ends[phases.len() - 1]));
            times
        });
        for (&n, size_runs) in LINEAR_SIZES.iter().zip(&mut runs) {
            let p10: Vec<f64> = (0..=phases.len())
                .map(|i| quantile(&mut size_runs.iter().map(|t| t[i]).collect::<Vec<_>>(), 0.1))
                .collect();
            print!("{format:<4} {n:>7}");
            p10.iter().for_each(|t| print!(" {t:>9.3}"));
            println!();
            let mut row = serde_json::json!({"format": format, "n": n, "runs": size_runs.len()});
            for (name, t) in phases.iter().chain(&["whole"]).zip(&p10) {
                row[format!("{name}_p10_us_per_resource")] = serde_json::json!(t);
            }
            rows.push(row);
        }
    }
    write_results("phases", &rows);
}

/// Writes `rows` to `target/bench/<name>.json`.
fn write_results(name: &str, rows: &[serde_json::Value]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&dir).expect("target/bench");
    std::fs::write(
        dir.join(format!("{name}.json")),
        serde_json::to_string_pretty(rows).expect("json"),
    )
    .expect("results");
}
