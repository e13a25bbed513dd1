//! Counts of work instead of times, for `bench/counts.sh`: one scenario of the in-process
//! benchmark, run once inside [`measured`], which the script has callgrind count alone
//! (instructions executed, and misses of simulated caches of fixed sizes). The counts are the
//! same on any machine whatever else it runs, so they separate how the work grows from how the
//! machine's shared caches treat it.
//!
//! - `bench_counts run SCENARIO N FORMAT`: a warm-up run, then the measured one; prints the number
//!   of resources (`SCENARIO` is `resources` or `instances`, `FORMAT` `tf` or `cfn`).
//! - `bench_counts report (LABEL RESOURCES FILE)...`: reads callgrind's output files and prints
//!   each event per resource.

/// The allocator `synth` uses, so that the counts are its counts.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The work callgrind counts (`--toggle-collect=bench_counts::measured`).
#[inline(never)]
fn measured(scenario: &str, n: usize, format: &str) -> (usize, usize) {
    match scenario {
        "instances" => stacks::bench::instances(n, format),
        "resources" => stacks::bench::one_stack(n, format),
        other => panic!("unknown scenario {other}: `resources` or `instances`"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") if args.len() == 4 => {
            let n: usize = args[2].parse().expect("N is a number");
            // The warm-up outside `measured`: lazily built tables (the time zone database, the
            // schema's indexes) and the allocator's first pages are not the scenario's work.
            let _ = std::hint::black_box(warm_up(&args[1], &args[3]));
            let (resources, bytes) = measured(&args[1], n, &args[3]);
            std::hint::black_box(bytes);
            println!("{resources}");
        }
        Some("report") if args.len() > 1 && args[1..].chunks_exact(3).remainder().is_empty() => {
            report(&args[1..])
        }
        _ => {
            eprintln!(
                "usage: bench_counts run SCENARIO N FORMAT | bench_counts report (LABEL RESOURCES FILE)..."
            );
            std::process::exit(2);
        }
    }
}

/// The smallest run of the scenario, not counted.
#[inline(never)]
fn warm_up(scenario: &str, format: &str) -> (usize, usize) {
    match scenario {
        "instances" => stacks::bench::instances(1, format),
        _ => stacks::bench::one_stack(10, format),
    }
}

/// One line per run: each event's count per resource.
fn report(rows: &[String]) {
    let mut header = false;
    for row in rows.chunks(3) {
        let (label, resources, file) = (&row[0], &row[1], &row[2]);
        let resources: f64 = resources.parse().expect("a resource count");
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let totals = stacks::bench::callgrind_totals(&text)
            .unwrap_or_else(|| panic!("{file}: no callgrind totals"));
        if !header {
            print!("{:<24} {:>9}", "run", "resources");
            for (event, _) in &totals {
                print!(" {:>10}", format!("{event}/res"));
            }
            println!();
            header = true;
        }
        print!("{label:<24} {resources:>9}");
        for (_, count) in &totals {
            print!(" {:>10.1}", *count as f64 / resources.max(1.0));
        }
        println!();
    }
}
