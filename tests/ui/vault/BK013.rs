#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let air_gapped = backup::LogicallyAirGappedVault { name: "air-gapped", min_retention_days: 3, max_retention_days: 30 };
    }
}

fn main() {}
