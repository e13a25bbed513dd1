//! Per error-level rule with a bound, the largest valid value (`largest_valid`) and the
//! strangest valid name (`strangest_names`): a rule whose bound is off by one rejects these.

use backup_dsl_macros::stack;

stack! {
    // The compliance lock is the point of the test; so are the framework's largest parameters,
    // which the stack's own plan does not meet (a true BK416 prediction, not a rejection), and a
    // copy to a vault of the same Region (BK417's advice, not a rejection).
    #![allow(BK009, BK416, BK417)]
    /// The largest (or smallest) value each bound accepts.
    #[region("eu-west-1")]
    pub fn largest_valid() {
        // BK116 deletion window 30, BK117 rotation period 2560.
        let key = kms::Key { description: "bounds", rotation: true, rotation_period_days: 2560, deletion_window_days: 30 };
        // BK115: `alias/` and 250 characters.
        let alias = kms::Alias { name: "alias/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", key: key };
        // BK001 50 characters; BK006/BK007 lock 1..36500.
        let vault = backup::Vault {
            name: "vaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            kms_key: key,
            lock: Lock { mode: "governance", min_retention_days: 1, max_retention_days: 36500 },
        };
        // BK008: the shortest grace time, 3 days.
        let compliance = backup::Vault {
            name: "compliance-bounds",
            kms_key: key,
            lock: Lock { mode: "compliance", min_retention_days: 1, max_retention_days: 36500, changeable_for_days: 3 },
        };
        // BK013: 7 <= min <= max <= 36500.
        let airgap = backup::LogicallyAirGappedVault { name: "airgap-bounds", min_retention_days: 7, max_retention_days: 36500 };
        // BK015/BK017 50 characters; BK027 start 60; BK028 completion 52560000; BK030-BK032
        // cold 36410 and delete 36500 (90 days apart); BK037 continuous 35; BK049 tags 128/256.
        let plan = backup::Plan {
            name: "paaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            rules: [
                Rule {
                    name: "raaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                    vault: vault,
                    schedule: "cron(59 23 L * ? *)",
                    start_window_minutes: 60,
                    completion_window_minutes: 52560000,
                    lifecycle: Lifecycle { cold_storage_after_days: 36410, delete_after_days: 36500 },
                    recovery_point_tags: [("kaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "vaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")],
                    copy: [Copy { to: compliance, lifecycle: Lifecycle { delete_after_days: 36500 } }],
                },
                Rule {
                    name: "continuous",
                    vault: vault,
                    schedule: "cron(0 * * * ? *)",
                    continuous_backup: true,
                    lifecycle: Lifecycle { delete_after_days: 35 },
                },
            ],
        };
        // BK127: a 64-character name, 12-hour sessions.
        let role = iam::Role {
            name: "roleaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            assumed_by: ["backup.amazonaws.com"],
            managed_policies: ["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup", "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"],
            max_session_seconds: 43200,
        };
        // BK055: 50 characters.
        let selection = backup::Selection { name: "saaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", plan: plan, role: role, tags: [("backup", "bounds")] };
        // BK064 256 characters; BK065 1024; BK070 24 hours; BK075 100 ids.
        let framework = backup::Framework {
            name: "Faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            description: "daaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            controls: [
                Control {
                    name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                    parameters: [("requiredFrequencyUnit", "hours"), ("requiredFrequencyValue", "24"), ("requiredRetentionDays", "36500")],
                },
                Control {
                    name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
                    scope: Scope { resource_types: ["EBS"], resource_ids: ["vol-00000000000000000", "vol-00000000000000001", "vol-00000000000000002", "vol-00000000000000003", "vol-00000000000000004", "vol-00000000000000005", "vol-00000000000000006", "vol-00000000000000007", "vol-00000000000000008", "vol-00000000000000009", "vol-0000000000000000a", "vol-0000000000000000b", "vol-0000000000000000c", "vol-0000000000000000d", "vol-0000000000000000e", "vol-0000000000000000f", "vol-00000000000000010", "vol-00000000000000011", "vol-00000000000000012", "vol-00000000000000013", "vol-00000000000000014", "vol-00000000000000015", "vol-00000000000000016", "vol-00000000000000017", "vol-00000000000000018", "vol-00000000000000019", "vol-0000000000000001a", "vol-0000000000000001b", "vol-0000000000000001c", "vol-0000000000000001d", "vol-0000000000000001e", "vol-0000000000000001f", "vol-00000000000000020", "vol-00000000000000021", "vol-00000000000000022", "vol-00000000000000023", "vol-00000000000000024", "vol-00000000000000025", "vol-00000000000000026", "vol-00000000000000027", "vol-00000000000000028", "vol-00000000000000029", "vol-0000000000000002a", "vol-0000000000000002b", "vol-0000000000000002c", "vol-0000000000000002d", "vol-0000000000000002e", "vol-0000000000000002f", "vol-00000000000000030", "vol-00000000000000031", "vol-00000000000000032", "vol-00000000000000033", "vol-00000000000000034", "vol-00000000000000035", "vol-00000000000000036", "vol-00000000000000037", "vol-00000000000000038", "vol-00000000000000039", "vol-0000000000000003a", "vol-0000000000000003b", "vol-0000000000000003c", "vol-0000000000000003d", "vol-0000000000000003e", "vol-0000000000000003f", "vol-00000000000000040", "vol-00000000000000041", "vol-00000000000000042", "vol-00000000000000043", "vol-00000000000000044", "vol-00000000000000045", "vol-00000000000000046", "vol-00000000000000047", "vol-00000000000000048", "vol-00000000000000049", "vol-0000000000000004a", "vol-0000000000000004b", "vol-0000000000000004c", "vol-0000000000000004d", "vol-0000000000000004e", "vol-0000000000000004f", "vol-00000000000000050", "vol-00000000000000051", "vol-00000000000000052", "vol-00000000000000053", "vol-00000000000000054", "vol-00000000000000055", "vol-00000000000000056", "vol-00000000000000057", "vol-00000000000000058", "vol-00000000000000059", "vol-0000000000000005a", "vol-0000000000000005b", "vol-0000000000000005c", "vol-0000000000000005d", "vol-0000000000000005e", "vol-0000000000000005f", "vol-00000000000000060", "vol-00000000000000061", "vol-00000000000000062", "vol-00000000000000063"] },
                },
            ],
        };
        // BK088 50 characters; BK090 168 hours; BK094 365 days.
        let restore_plan = backup::RestoreTestingPlan {
            name: "taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            schedule: "cron(0 3 ? * SUN *)",
            start_window_hours: 168,
            algorithm: "RANDOM_WITHIN_WINDOW",
            recovery_point_types: ["SNAPSHOT", "CONTINUOUS"],
            include_vaults: [vault],
            selection_window_days: 365,
        };
        // BK096 50 characters; BK100 168 hours.
        let restore_selection = backup::RestoreTestingSelection {
            name: "uaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            plan: restore_plan,
            resource_type: "EBS",
            role: role,
            resources: ["*"],
            validation_window_hours: 168,
        };
        // BK103 63 characters; BK108 a 255-character rule id; BK109 IA at 30 days; BK110
        // GLACIER 30 days after it; BK107 one year of Object Lock.
        let bucket = s3::Bucket {
            name: "baaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            versioning: "Enabled",
            object_lock: ObjectLock { mode: "GOVERNANCE", years: 1 },
            lifecycle_rules: [LifecycleRule {
                id: "iaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                transitions: [Transition { days: 30, storage_class: "STANDARD_IA" }, Transition { days: 60, storage_class: "GLACIER" }],
                expiration_days: 36500,
            }],
        };
        // BK122 255 characters; BK125 35 days.
        let table = dynamodb::Table {
            name: "Taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            hash_key: "id",
            attributes: [("id", "S")],
            point_in_time_recovery: true,
            recovery_period_days: 35,
        };
        // BK126: 256 characters.
        let topic = sns::Topic { name: "taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
        // BK128 64 characters; BK129 900 s; BK130 10240 MB; BK131 a 128-character handler and
        // 10240 MB of /tmp.
        let function_role = iam::Role { name: "bounds-function", assumed_by: ["lambda.amazonaws.com"] };
        let function = lambda::Function {
            name: "faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            runtime: "python3.13",
            handler: "haaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.handler",
            code: "../stacks/lambda/verification",
            role: function_role,
            timeout_seconds: 900,
            memory_mb: 10240,
            ephemeral_storage_mb: 10240,
        };
        // BK132 the longest retention; BK133 512 characters.
        let logs = logs::LogGroup { name: "/laaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", retention_days: 3653 };
        // BK134 255 characters; BK135 x 23 with width 1, height 1000; BK136 period 60.
        let dashboard = cloudwatch::Dashboard {
            name: "Daaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            widgets: [Widget {
                kind: "metric",
                x: 23,
                y: 0,
                width: 1,
                height: 1000,
                period: 60,
                metrics: [Metric { namespace: "AWS/Backup", name: "NumberOfBackupJobsFailed", stat: "p100" }],
            }],
        };
    }
}

stack! {
    // Weekday runs kept one day leave the weekend without a recovery point: valid, and the
    // warning says so (BK415); this stack is about names.
    #![allow(BK415)]
    /// The strangest names each pattern accepts.
    #[region("eu-west-1")]
    pub fn strangest_names() {
        // BK001: two characters, `-` and `_`.
        let vault = backup::Vault { name: "-_" };
        // BK015/BK017/BK055: `.`, `-`, `_` anywhere.
        let plan = backup::Plan { name: ".-_", rules: [Rule { name: "_.-", vault: vault, schedule: "cron(0 0 ? * MON-FRI *)", lifecycle: Lifecycle { delete_after_days: 1 } }] };
        // BK127: every punctuation mark a role name takes.
        let role = iam::Role { name: "+=,.@_-", assumed_by: ["backup.amazonaws.com"], path: "/a/b-c/" };
        let selection = backup::Selection { name: "...", plan: plan, role: role, tags: [("aws:ResourceTag/aws:cloudformation:stack-name", "x")] };
        // BK064/BK078: one letter.
        let framework = backup::Framework { name: "F", controls: [Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" }] };
        // BK088/BK096: underscores at both ends.
        let restore_plan = backup::RestoreTestingPlan { name: "_", schedule: "cron(0 3 ? * SUN *)", algorithm: "LATEST_WITHIN_WINDOW", recovery_point_types: ["SNAPSHOT"], include_vaults: ["*"] };
        let restore_selection = backup::RestoreTestingSelection { name: "_edge_", plan: restore_plan, resource_type: "S3", role: role, resources: ["*"] };
        // BK103: dots and dashes, three characters (a dot next to a dash only warns: cfn-lint
        // rejects it, the current naming rules allow it).
        let dotted = s3::Bucket { name: "my.bucket-1.example" };
        let short = s3::Bucket { name: "a-1" };
        let reports = backup::ReportPlan { name: "R", template: "BACKUP_JOB_REPORT", bucket: "a.b" };
        // BK115: slashes, `_` and `-` after `alias/`.
        let key = kms::Key { description: "names" };
        let alias = kms::Alias { name: "alias/a/b_c-d", key: key };
        // BK122: three characters of `.-_`.
        let table = dynamodb::Table { name: "._-", hash_key: "id", attributes: [("id", "S")] };
        // BK126: `-` and `_` only.
        let topic = sns::Topic { name: "-_" };
        let fifo = sns::Topic { name: "-_.fifo", fifo: true };
        // BK128: `-` and `_`; BK131: a handler of one character.
        let function_role = iam::Role { name: "names-function", assumed_by: ["lambda.amazonaws.com"] };
        let function = lambda::Function { name: "-_", runtime: "provided.al2023", handler: "h", code: "../stacks/lambda/verification", role: function_role };
        // BK133: every punctuation mark a log group name takes.
        let logs = logs::LogGroup { name: "/.-_#" };
        // BK134: `-` and `_`.
        let dashboard = cloudwatch::Dashboard { name: "-_", widgets: [Widget { kind: "text", markdown: "# ${not an interpolation}" }] };
    }
}
