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
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&dir).expect("target/bench");
    std::fs::write(
        dir.join("synth.json"),
        serde_json::to_string_pretty(&rows).expect("json"),
    )
    .expect("results");
}

/// One scenario, measured: prints one JSON line.
fn child(scenario: &str, n: usize, format: &str) {
    let run = || -> (usize, usize) {
        match scenario {
            "instances" => instances(n, format),
            "resources" => one_stack(n, format),
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

/// N instances of the seed's port, built and emitted the way `synth --instance` does it, one
/// instance at a time (on one core here): each instance's output rendered to text and its model
/// dropped, the Terraform texts joined into one document. (resources, output bytes).
fn instances(n: usize, format: &str) -> (usize, usize) {
    let several = n > 1;
    let mut resources = 0;
    let mut bytes = 0;
    let mut rendered = Vec::new();
    for i in 0..n {
        let env = format!("e{i}");
        let checked = stacks::backup_infrastructure(
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
            bytes += emit_cfn(&checked);
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
fn one_stack(n: usize, format: &str) -> (usize, usize) {
    let checked = stacks::synthetic(n)
        .build()
        .expect("the synthetic stack builds");
    let resources = checked.resources.len();
    if format == "tf" {
        // As `synth` writes one stack: each resource rendered to text as it is emitted.
        let region = checked.region.as_str().unwrap_or("us-east-1").to_string();
        let rendered = backup_dsl::emit::terraform::render_instance(&checked, false, &region)
            .expect("renders");
        drop(checked);
        let pieces = backup_dsl::emit::terraform::assemble_pieces(&region, vec![rendered]);
        return (resources, pieces.iter().map(String::len).sum());
    }
    (resources, emit_cfn(&checked))
}

/// The CloudFormation templates' bytes, rendered as `synth` writes them: each resource as it
/// is emitted.
fn emit_cfn(checked: &backup_dsl::CheckedStack) -> usize {
    let out =
        backup_dsl::emit::cfn::render_part(checked, backup_dsl::emit::Part::All).expect("emits");
    out.templates.iter().map(|(_, t)| t.len()).sum()
}
