//! `bench/apply.sh`'s side of ours: the bundled core stack's emulator subset
//! ([`stacks::emulator_subset`]) applied through the SDK against an endpoint, as a whole
//! process (the script times it and counts the endpoint's requests); prints the calls and
//! writes apply counted. `bench_apply tf FILE` writes the subset's Terraform document instead,
//! for `terraform apply`.

use backup_dsl::apply::engine::{self, Options};
use backup_dsl::apply::plan::Mode;
use backup_dsl::apply::sdk::{SdkApi, Target};
use std::time::Instant;

fn subset() -> backup_dsl::CheckedStack {
    let stack = stacks::BACKUP_CORE.instantiate(&[]).expect("defaults");
    stacks::emulator_subset(stack)
        .build()
        .unwrap_or_else(|r| panic!("{r}"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, file] if cmd == "tf" => {
            let doc =
                backup_dsl::emit::terraform::emit(&subset()).unwrap_or_else(|r| panic!("{r}"));
            std::fs::write(file, backup_dsl::cli::to_pretty(&doc)).expect("write");
        }
        [cmd, endpoint] if cmd == "apply" => {
            let stack = subset();
            let api = SdkApi::connect(&Target {
                endpoint_url: Some(endpoint.clone()),
                region: Some("us-east-1".into()),
                profile: None,
            })
            .expect("client");
            // The core stack's primary vault has a compliance lock: the benchmark allows it, as
            // `terraform apply` does without asking.
            let options = Options {
                allow_irreversible: true,
                ..Options::default()
            };
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs_f64();
            let start = Instant::now();
            let outcome = engine::run(&api, stack.stack(), Mode::Apply, options, now, &|_| {})
                .unwrap_or_else(|e| panic!("{e}"));
            println!(
                "{{\"in_process_s\":{:.3},\"calls\":{},\"writes\":{}}}",
                start.elapsed().as_secs_f64(),
                outcome.calls,
                outcome.writes
            );
        }
        _ => {
            eprintln!("usage: bench_apply apply ENDPOINT | bench_apply tf FILE");
            std::process::exit(2);
        }
    }
}
