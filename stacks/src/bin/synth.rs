//! `synth`: emit the bundled stacks as CloudFormation or Terraform JSON.

fn main() -> std::process::ExitCode {
    backup_dsl::cli::main_with(stacks::STACKS)
}
