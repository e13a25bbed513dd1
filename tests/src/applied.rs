//! Stacks for the apply tests (`tests/tests/apply.rs`): every AWS Backup kind apply writes, with
//! the supporting resources (a key found by its alias, a role, a topic, a bucket) that it only
//! references.

use backup_dsl_macros::stack;

stack! {
    // A compliance lock, a vault that destroy deletes, and a copy within the Region (apply does
    // not care where a copy goes) are what these tests are about.
    #![allow(BK009, BK142, BK417)]
    /// Every kind apply writes. `schedule` changes the plan in place; `compliance` puts a
    /// compliance-mode lock (irreversible) on the primary vault; `with_report` keeps or removes
    /// the report plan.
    #[region("eu-west-1")]
    pub fn applied(
        #[default("cron(0 3 * * ? *)")] schedule: &str,
        #[default(false)] compliance: bool,
        #[default(true)] with_report: bool,
    ) {
        let key = kms::Key { description: "vault key" };
        let alias = kms::Alias { name: "alias/applied", key: key };
        let topic = sns::Topic { name: "applied-events" };
        let role = iam::Role {
            name: "applied-backup",
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"],
        };
        let vault = backup::Vault {
            name: "applied-primary",
            kms_key: key,
            lock: if compliance {
                Lock { mode: "compliance", min_retention_days: 7, max_retention_days: 365, changeable_for_days: 3 }
            } else {
                Lock { mode: "governance", min_retention_days: 7, max_retention_days: 365 }
            },
            notifications: Notifications { topic: topic, events: ["BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED"] },
            access_policy: [Statement {
                sid: "NoDeletes",
                effect: "Deny",
                principals: ["*"],
                actions: ["backup:DeleteRecoveryPoint"],
                resources: ["*"],
            }],
            deletion_policy: "Delete",
            tags: [("team", "platform")],
        };
        let archive = backup::Vault { name: "applied-archive" };
        let plan = backup::Plan {
            name: "applied-daily",
            rules: [Rule {
                name: "daily",
                vault: vault,
                schedule: schedule,
                lifecycle: Lifecycle { delete_after_days: 35 },
                copy: [Copy { to: archive, lifecycle: Lifecycle { delete_after_days: 90 } }],
            }],
            tags: [("team", "platform")],
        };
        let selection = backup::Selection { name: "applied-tagged", plan: plan, role: role, tags: [("backup", "true")] };
        let framework = backup::Framework {
            name: "applied_controls",
            controls: [
                Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" },
                Control { name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", parameters: [("requiredRetentionDays", "35")] },
            ],
        };
        if with_report {
            let report = backup::ReportPlan {
                name: "applied_report",
                template: "CONTROL_COMPLIANCE_REPORT",
                bucket: "applied-reports",
                frameworks: [framework],
            };
        }
        let restores = backup::RestoreTestingPlan {
            name: "applied_restores",
            schedule: "cron(0 5 ? * SAT *)",
            algorithm: "LATEST_WITHIN_WINDOW",
            recovery_point_types: ["SNAPSHOT"],
            include_vaults: [vault],
        };
        let tables = backup::RestoreTestingSelection {
            name: "applied_tables",
            plan: restores,
            resource_type: "DynamoDB",
            role: role,
            resources: ["*"],
        };
    }
}

stack! {
    // Destroy deletes the primary vault (the test account holds no recovery points); the copy
    // stays in the Region, which is all the emulator needs.
    #![allow(BK142, BK417)]
    /// The kinds the local emulator (moto) implements: vaults with a governance lock and tags,
    /// plans, report plans; a key found by its alias. `schedule` changes the plan;
    /// `with_report` removes the report plan.
    #[region("eu-west-1")]
    pub fn emulated(
        #[default("cron(0 3 * * ? *)")] schedule: &str,
        #[default(true)] with_report: bool,
    ) {
        let key = kms::Key { description: "vault key" };
        let alias = kms::Alias { name: "alias/emulated", key: key };
        let vault = backup::Vault {
            name: "emulated-primary",
            kms_key: key,
            lock: Lock { mode: "governance", min_retention_days: 7, max_retention_days: 365 },
            deletion_policy: "Delete",
            tags: [("team", "platform")],
        };
        let archive = backup::Vault { name: "emulated-archive" };
        let plan = backup::Plan {
            name: "emulated-daily",
            rules: [
                Rule {
                    name: "daily",
                    vault: vault,
                    schedule: schedule,
                    timezone: "Europe/Dublin",
                    start_window_minutes: 60,
                    completion_window_minutes: 720,
                    lifecycle: Lifecycle { delete_after_days: 35 },
                    recovery_point_tags: [("schedule", "daily")],
                    copy: [Copy { to: archive, lifecycle: Lifecycle { delete_after_days: 90 } }],
                },
                Rule {
                    name: "monthly",
                    vault: vault,
                    schedule: "cron(0 5 1 * ? *)",
                    lifecycle: Lifecycle { cold_storage_after_days: 30, delete_after_days: 365 },
                },
            ],
            tags: [("team", "platform")],
        };
        if with_report {
            let report = backup::ReportPlan {
                name: "emulated_jobs",
                description: "backup jobs",
                template: "BACKUP_JOB_REPORT",
                bucket: "emulated-reports",
                key_prefix: "jobs",
                formats: ["CSV", "JSON"],
                tags: [("team", "platform")],
            };
        }
    }
}

stack! {
    /// A vault and a plan, in a declared account (no STS call), for the run against the SDK's
    /// mocks.
    #[region("eu-west-1")]
    #[account("111122223333")]
    pub fn mocked() {
        let vault = backup::Vault { name: "mocked-vault" };
        let plan = backup::Plan {
            name: "mocked-daily",
            rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 3 * * ? *)", lifecycle: Lifecycle { delete_after_days: 35 } }],
        };
    }
}
