//! `synth`: emit the bundled stacks as CloudFormation or Terraform JSON.

/// Building and emitting is small allocations above all (model values, JSON trees, text):
/// mimalloc serves them in about half the time glibc's allocator takes (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    backup_dsl::cli::main_with(stacks::STACKS)
}
