//! `bench_compare`: runs two commands alternately under GNU time and prints medians (min-max) of
//! wall time, CPU time and peak memory, and how many times more the second takes.
//!
//! `bench_compare --runs 5 --label N=200 [--json FILE] --ours CMD... --theirs CMD...`

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
use stacks::bench::measure_precisely;
use stacks::bench::{measure, spread, Sample, Spread};

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn measure_precisely(_: &[String]) -> Result<Sample, String> {
    Err("no kernel account here".into())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 5;
    let mut label = String::from("run");
    let mut json = None;
    // The kernel's account where there is one (`--time PATH` for GNU time instead).
    let mut time_bin = String::from(
        if cfg!(all(target_os = "linux", target_pointer_width = "64")) {
            "kernel"
        } else {
            "/usr/bin/time"
        },
    );
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let mut target: Option<&mut Vec<String>> = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().and_then(|v| v.parse().ok()).ok_or("--runs N")?,
            "--label" => label = it.next().ok_or("--label TEXT")?,
            "--json" => json = Some(it.next().ok_or("--json FILE")?),
            "--time" => time_bin = it.next().ok_or("--time PATH")?,
            "--ours" => target = Some(&mut ours),
            "--theirs" => target = Some(&mut theirs),
            _ => target
                .as_mut()
                .ok_or("give --ours CMD... --theirs CMD...")?
                .push(a),
        }
    }
    if ours.is_empty() || theirs.is_empty() || runs == 0 {
        return Err("usage: bench_compare --runs N --label L --ours CMD... --theirs CMD...".into());
    }
    let (mut a, mut b): (Vec<Sample>, Vec<Sample>) = (Vec::new(), Vec::new());
    let once = |argv: &[String]| {
        if cfg!(all(target_os = "linux", target_pointer_width = "64")) && time_bin == "kernel" {
            measure_precisely(argv)
        } else {
            measure(&time_bin, argv)
        }
    };
    for _ in 0..runs {
        a.push(once(&ours)?);
        b.push(once(&theirs)?);
    }
    let of = |s: &[Sample], f: fn(&Sample) -> f64| spread(&s.iter().map(f).collect::<Vec<_>>());
    type Measure = fn(&Sample) -> f64;
    let (wall, cpu, peak): (Measure, Measure, Measure) =
        (|s| s.wall, |s| s.cpu, |s| s.peak_kib / 1024.0);
    let show = |s: Spread| format!("{:.3} ({:.3}-{:.3})", s.median, s.min, s.max);
    let ratio = |x: Spread, y: Spread| y.median / x.median.max(1e-9);
    println!(
        "{label}: wall s ours {} theirs {} = {:.1}x | cpu s ours {} theirs {} = {:.1}x | peak MiB ours {} theirs {} = {:.1}x",
        show(of(&a, wall)),
        show(of(&b, wall)),
        ratio(of(&a, wall), of(&b, wall)),
        show(of(&a, cpu)),
        show(of(&b, cpu)),
        ratio(of(&a, cpu), of(&b, cpu)),
        show(of(&a, peak)),
        show(of(&b, peak)),
        ratio(of(&a, peak), of(&b, peak)),
    );
    if let Some(path) = json {
        let row = serde_json::json!({
            "label": label, "runs": runs,
            "ours": {"wall_s": of(&a, wall).median, "cpu_s": of(&a, cpu).median, "peak_mib": of(&a, peak).median},
            "theirs": {"wall_s": of(&b, wall).median, "cpu_s": of(&b, cpu).median, "peak_mib": of(&b, peak).median},
        });
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        text.push_str(&row.to_string());
        text.push('\n');
        std::fs::write(&path, text).map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(())
}
