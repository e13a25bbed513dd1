#![allow(dead_code)]
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn case() {
        let key = kms::Key { description: "backups" };
        let vault = backup::Vault { name: "primary", kms_key: key };
        let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 } }] };
        let tests = backup::RestoreTestingPlan { name: "weekly", schedule: "cron(0 6 ? * SUN *)", algorithm: "LATEST_WITHIN_WINDOW", recovery_point_types: ["SNAPSHOT"], include_vaults: [vault], tags: [("k0", "v"), ("k1", "v"), ("k2", "v"), ("k3", "v"), ("k4", "v"), ("k5", "v"), ("k6", "v"), ("k7", "v"), ("k8", "v"), ("k9", "v"), ("k10", "v"), ("k11", "v"), ("k12", "v"), ("k13", "v"), ("k14", "v"), ("k15", "v"), ("k16", "v"), ("k17", "v"), ("k18", "v"), ("k19", "v"), ("k20", "v"), ("k21", "v"), ("k22", "v"), ("k23", "v"), ("k24", "v"), ("k25", "v"), ("k26", "v"), ("k27", "v"), ("k28", "v"), ("k29", "v"), ("k30", "v"), ("k31", "v"), ("k32", "v"), ("k33", "v"), ("k34", "v"), ("k35", "v"), ("k36", "v"), ("k37", "v"), ("k38", "v"), ("k39", "v"), ("k40", "v"), ("k41", "v"), ("k42", "v"), ("k43", "v"), ("k44", "v"), ("k45", "v"), ("k46", "v"), ("k47", "v"), ("k48", "v"), ("k49", "v"), ("k50", "v")] };
    }
}

fn main() {}
