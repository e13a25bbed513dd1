//! A stack with more warnings than `stack!` shows (40 per component): it still compiles, and one
//! more warning counts the rest (`more_warnings`). Each plan below copies to a vault in its own
//! Region (BK417, a warning).
use backup_dsl_macros::stack;

stack! {
    #[region("us-east-1")]
    pub fn many_warnings() {
        let key = kms::Key { description: "backups" };
        let vault_0 = backup::Vault { name: "vault-0", kms_key: key };
        let vault_1 = backup::Vault { name: "vault-1", kms_key: key };
        let plan_1 = backup::Plan { name: "plan-1", rules: [Rule { name: "daily", vault: vault_1, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_0 }] }] };
        let vault_2 = backup::Vault { name: "vault-2", kms_key: key };
        let plan_2 = backup::Plan { name: "plan-2", rules: [Rule { name: "daily", vault: vault_2, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_1 }] }] };
        let vault_3 = backup::Vault { name: "vault-3", kms_key: key };
        let plan_3 = backup::Plan { name: "plan-3", rules: [Rule { name: "daily", vault: vault_3, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_2 }] }] };
        let vault_4 = backup::Vault { name: "vault-4", kms_key: key };
        let plan_4 = backup::Plan { name: "plan-4", rules: [Rule { name: "daily", vault: vault_4, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_3 }] }] };
        let vault_5 = backup::Vault { name: "vault-5", kms_key: key };
        let plan_5 = backup::Plan { name: "plan-5", rules: [Rule { name: "daily", vault: vault_5, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_4 }] }] };
        let vault_6 = backup::Vault { name: "vault-6", kms_key: key };
        let plan_6 = backup::Plan { name: "plan-6", rules: [Rule { name: "daily", vault: vault_6, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_5 }] }] };
        let vault_7 = backup::Vault { name: "vault-7", kms_key: key };
        let plan_7 = backup::Plan { name: "plan-7", rules: [Rule { name: "daily", vault: vault_7, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_6 }] }] };
        let vault_8 = backup::Vault { name: "vault-8", kms_key: key };
        let plan_8 = backup::Plan { name: "plan-8", rules: [Rule { name: "daily", vault: vault_8, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_7 }] }] };
        let vault_9 = backup::Vault { name: "vault-9", kms_key: key };
        let plan_9 = backup::Plan { name: "plan-9", rules: [Rule { name: "daily", vault: vault_9, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_8 }] }] };
        let vault_10 = backup::Vault { name: "vault-10", kms_key: key };
        let plan_10 = backup::Plan { name: "plan-10", rules: [Rule { name: "daily", vault: vault_10, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_9 }] }] };
        let vault_11 = backup::Vault { name: "vault-11", kms_key: key };
        let plan_11 = backup::Plan { name: "plan-11", rules: [Rule { name: "daily", vault: vault_11, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_10 }] }] };
        let vault_12 = backup::Vault { name: "vault-12", kms_key: key };
        let plan_12 = backup::Plan { name: "plan-12", rules: [Rule { name: "daily", vault: vault_12, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_11 }] }] };
        let vault_13 = backup::Vault { name: "vault-13", kms_key: key };
        let plan_13 = backup::Plan { name: "plan-13", rules: [Rule { name: "daily", vault: vault_13, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_12 }] }] };
        let vault_14 = backup::Vault { name: "vault-14", kms_key: key };
        let plan_14 = backup::Plan { name: "plan-14", rules: [Rule { name: "daily", vault: vault_14, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_13 }] }] };
        let vault_15 = backup::Vault { name: "vault-15", kms_key: key };
        let plan_15 = backup::Plan { name: "plan-15", rules: [Rule { name: "daily", vault: vault_15, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_14 }] }] };
        let vault_16 = backup::Vault { name: "vault-16", kms_key: key };
        let plan_16 = backup::Plan { name: "plan-16", rules: [Rule { name: "daily", vault: vault_16, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_15 }] }] };
        let vault_17 = backup::Vault { name: "vault-17", kms_key: key };
        let plan_17 = backup::Plan { name: "plan-17", rules: [Rule { name: "daily", vault: vault_17, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_16 }] }] };
        let vault_18 = backup::Vault { name: "vault-18", kms_key: key };
        let plan_18 = backup::Plan { name: "plan-18", rules: [Rule { name: "daily", vault: vault_18, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_17 }] }] };
        let vault_19 = backup::Vault { name: "vault-19", kms_key: key };
        let plan_19 = backup::Plan { name: "plan-19", rules: [Rule { name: "daily", vault: vault_19, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_18 }] }] };
        let vault_20 = backup::Vault { name: "vault-20", kms_key: key };
        let plan_20 = backup::Plan { name: "plan-20", rules: [Rule { name: "daily", vault: vault_20, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_19 }] }] };
        let vault_21 = backup::Vault { name: "vault-21", kms_key: key };
        let plan_21 = backup::Plan { name: "plan-21", rules: [Rule { name: "daily", vault: vault_21, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_20 }] }] };
        let vault_22 = backup::Vault { name: "vault-22", kms_key: key };
        let plan_22 = backup::Plan { name: "plan-22", rules: [Rule { name: "daily", vault: vault_22, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_21 }] }] };
        let vault_23 = backup::Vault { name: "vault-23", kms_key: key };
        let plan_23 = backup::Plan { name: "plan-23", rules: [Rule { name: "daily", vault: vault_23, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_22 }] }] };
        let vault_24 = backup::Vault { name: "vault-24", kms_key: key };
        let plan_24 = backup::Plan { name: "plan-24", rules: [Rule { name: "daily", vault: vault_24, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_23 }] }] };
        let vault_25 = backup::Vault { name: "vault-25", kms_key: key };
        let plan_25 = backup::Plan { name: "plan-25", rules: [Rule { name: "daily", vault: vault_25, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_24 }] }] };
        let vault_26 = backup::Vault { name: "vault-26", kms_key: key };
        let plan_26 = backup::Plan { name: "plan-26", rules: [Rule { name: "daily", vault: vault_26, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_25 }] }] };
        let vault_27 = backup::Vault { name: "vault-27", kms_key: key };
        let plan_27 = backup::Plan { name: "plan-27", rules: [Rule { name: "daily", vault: vault_27, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_26 }] }] };
        let vault_28 = backup::Vault { name: "vault-28", kms_key: key };
        let plan_28 = backup::Plan { name: "plan-28", rules: [Rule { name: "daily", vault: vault_28, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_27 }] }] };
        let vault_29 = backup::Vault { name: "vault-29", kms_key: key };
        let plan_29 = backup::Plan { name: "plan-29", rules: [Rule { name: "daily", vault: vault_29, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_28 }] }] };
        let vault_30 = backup::Vault { name: "vault-30", kms_key: key };
        let plan_30 = backup::Plan { name: "plan-30", rules: [Rule { name: "daily", vault: vault_30, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_29 }] }] };
        let vault_31 = backup::Vault { name: "vault-31", kms_key: key };
        let plan_31 = backup::Plan { name: "plan-31", rules: [Rule { name: "daily", vault: vault_31, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_30 }] }] };
        let vault_32 = backup::Vault { name: "vault-32", kms_key: key };
        let plan_32 = backup::Plan { name: "plan-32", rules: [Rule { name: "daily", vault: vault_32, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_31 }] }] };
        let vault_33 = backup::Vault { name: "vault-33", kms_key: key };
        let plan_33 = backup::Plan { name: "plan-33", rules: [Rule { name: "daily", vault: vault_33, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_32 }] }] };
        let vault_34 = backup::Vault { name: "vault-34", kms_key: key };
        let plan_34 = backup::Plan { name: "plan-34", rules: [Rule { name: "daily", vault: vault_34, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_33 }] }] };
        let vault_35 = backup::Vault { name: "vault-35", kms_key: key };
        let plan_35 = backup::Plan { name: "plan-35", rules: [Rule { name: "daily", vault: vault_35, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_34 }] }] };
        let vault_36 = backup::Vault { name: "vault-36", kms_key: key };
        let plan_36 = backup::Plan { name: "plan-36", rules: [Rule { name: "daily", vault: vault_36, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_35 }] }] };
        let vault_37 = backup::Vault { name: "vault-37", kms_key: key };
        let plan_37 = backup::Plan { name: "plan-37", rules: [Rule { name: "daily", vault: vault_37, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_36 }] }] };
        let vault_38 = backup::Vault { name: "vault-38", kms_key: key };
        let plan_38 = backup::Plan { name: "plan-38", rules: [Rule { name: "daily", vault: vault_38, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_37 }] }] };
        let vault_39 = backup::Vault { name: "vault-39", kms_key: key };
        let plan_39 = backup::Plan { name: "plan-39", rules: [Rule { name: "daily", vault: vault_39, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_38 }] }] };
        let vault_40 = backup::Vault { name: "vault-40", kms_key: key };
        let plan_40 = backup::Plan { name: "plan-40", rules: [Rule { name: "daily", vault: vault_40, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_39 }] }] };
        let vault_41 = backup::Vault { name: "vault-41", kms_key: key };
        let plan_41 = backup::Plan { name: "plan-41", rules: [Rule { name: "daily", vault: vault_41, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_40 }] }] };
        let vault_42 = backup::Vault { name: "vault-42", kms_key: key };
        let plan_42 = backup::Plan { name: "plan-42", rules: [Rule { name: "daily", vault: vault_42, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_41 }] }] };
        let vault_43 = backup::Vault { name: "vault-43", kms_key: key };
        let plan_43 = backup::Plan { name: "plan-43", rules: [Rule { name: "daily", vault: vault_43, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_42 }] }] };
        let vault_44 = backup::Vault { name: "vault-44", kms_key: key };
        let plan_44 = backup::Plan { name: "plan-44", rules: [Rule { name: "daily", vault: vault_44, schedule: "cron(0 2 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: vault_43 }] }] };
    }
}

fn main() {
    let stack = many_warnings().build().expect("warnings only");
    assert_eq!(stack.of_kind(backup_dsl::Kind::Plan).count(), 44);
}
