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
//! each one's ratio to the smallest. Separate processes per size, as above, can each land in
//! another phase. Results also go to `target/bench/linear.json`.

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

/// The `linear` mode: one stack of each size, both formats, sizes interleaved in rounds.
fn linear() {
    const SIZES: [usize; 6] = [10, 100, 1_000, 2_000, 5_000, 10_000];
    const ROUNDS: usize = 15;
    let mut rows = Vec::new();
    println!(
        "{:<4} {:>7} {:>6} {:>14} {:>8} {:>14} {:>8}",
        "fmt", "size", "runs", "p10 us/res", "ratio", "median us/res", "ratio"
    );
    for format in ["tf", "cfn"] {
        let per_resource = |n: usize| {
            let started = Instant::now();
            let (resources, bytes) = stacks::bench::one_stack(n, format);
            std::hint::black_box(bytes);
            started.elapsed().as_secs_f64() * 1e6 / resources as f64
        };
        SIZES.iter().for_each(|&n| {
            per_resource(n); // warm-up
        });
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); SIZES.len()];
        for _ in 0..ROUNDS {
            for (at, &n) in SIZES.iter().enumerate() {
                for _ in 0..(20_000 / n).max(1) {
                    times[at].push(per_resource(n));
                }
            }
        }
        let quantile = |v: &[f64], q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
        let mut stats = Vec::new();
        for v in &mut times {
            v.sort_by(f64::total_cmp);
            stats.push((quantile(v, 0.1), quantile(v, 0.5), v.len()));
        }
        let least = |pick: fn(&(f64, f64, usize)) -> f64| {
            stats.iter().map(pick).fold(f64::INFINITY, f64::min)
        };
        let (p10_min, median_min) = (least(|s| s.0), least(|s| s.1));
        for (&n, &(p10, median, runs)) in SIZES.iter().zip(&stats) {
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
