//! The README's worked example of `plan`, `apply` and `destroy`: a stack of the AWS Backup kinds
//! the local emulator implements (vaults with a lock, a plan copying across Regions, a report
//! plan), with the same runner a user's crate gets. Run against moto's server:
//!
//! ```text
//! cargo run -p stacks --features aws --example apply_emulator -- plan --endpoint-url http://127.0.0.1:5000
//! ```

use backup_dsl_macros::stack;

stack! {
    /// Nightly backups with a copy in a second Region, and a report of the backup jobs.
    #[region("eu-west-1")]
    pub fn nightly(#[default("cron(0 3 * * ? *)")] schedule: &str) {
        let vault = backup::Vault {
            name: "nightly",
            lock: Lock { mode: "governance", min_retention_days: 7, max_retention_days: 365 },
            tags: [("team", "platform")],
        };
        let copies = backup::Vault { region: "eu-central-1", name: "nightly-copies" };
        let plan = backup::Plan {
            name: "nightly",
            rules: [Rule {
                name: "nightly",
                vault: vault,
                schedule: schedule,
                lifecycle: Lifecycle { delete_after_days: 35 },
                copy: [Copy { to: copies, lifecycle: Lifecycle { delete_after_days: 90 } }],
            }],
        };
        let jobs = backup::ReportPlan {
            name: "nightly_jobs",
            template: "BACKUP_JOB_REPORT",
            bucket: "nightly-reports",
            formats: ["CSV"],
        };
    }
}

fn main() -> std::process::ExitCode {
    backup_dsl::cli::main_with(&[NIGHTLY])
}
