//! The bundled `synth`, built inside this package so integration tests can run it as a process.

fn main() -> std::process::ExitCode {
    backup_dsl::cli::main_with(stacks::STACKS)
}
