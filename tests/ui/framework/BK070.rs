#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let audit = backup::Framework { name: "audit", controls: [Control { name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", parameters: [("requiredFrequencyUnit", "hours"), ("requiredFrequencyValue", "48")] }] };
    }
}

fn main() {}
