//! Stacks for the apply tests (`tests/tests/apply.rs`): every AWS Backup kind apply writes, with
//! the supporting resources (a key found by its alias, a role, a topic, a bucket) that it only
//! references.

use backup_dsl_macros::stack;

stack! {
    #![allow(BK009, BK142)] // a compliance lock and a vault that destroy deletes are what tests are about
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
