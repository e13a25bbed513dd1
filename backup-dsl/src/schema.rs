//! The schema of every resource kind: field names, types, which kinds a reference may name.
//!
//! Declared once, it drives the macro's parsing (which struct names and fields exist), the type
//! checks of [`crate::rules::schema`], the emitters' reference rendering and `synth explain`'s
//! field reference in the README.

use std::fmt;

/// Every resource kind a stack can declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `kms::Key`: a KMS key (regional unless multi-Region).
    KmsKey,
    /// `iam::Role`: an IAM role (global).
    IamRole,
    /// `sns::Topic`: an SNS topic.
    SnsTopic,
    /// `backup::Vault`: a backup vault, with its optional lock, notifications and access policy.
    Vault,
    /// `backup::LogicallyAirGappedVault`: a logically air-gapped vault (always compliance-locked).
    AirGappedVault,
    /// `backup::Plan`: a backup plan with its rules.
    Plan,
    /// `backup::Selection`: the resources a plan protects.
    Selection,
    /// `backup::Framework`: an audit framework of controls.
    Framework,
    /// `backup::ReportPlan`: an audit report plan.
    ReportPlan,
    /// `backup::RestoreTestingPlan`: a restore testing plan.
    RestoreTestingPlan,
    /// `backup::RestoreTestingSelection`: the resources a restore testing plan restores.
    RestoreTestingSelection,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 11] = [
        Kind::KmsKey,
        Kind::IamRole,
        Kind::SnsTopic,
        Kind::Vault,
        Kind::AirGappedVault,
        Kind::Plan,
        Kind::Selection,
        Kind::Framework,
        Kind::ReportPlan,
        Kind::RestoreTestingPlan,
        Kind::RestoreTestingSelection,
    ];

    /// The path users write in the DSL (`backup::Vault`).
    pub fn dsl_path(self) -> &'static str {
        match self {
            Kind::KmsKey => "kms::Key",
            Kind::IamRole => "iam::Role",
            Kind::SnsTopic => "sns::Topic",
            Kind::Vault => "backup::Vault",
            Kind::AirGappedVault => "backup::LogicallyAirGappedVault",
            Kind::Plan => "backup::Plan",
            Kind::Selection => "backup::Selection",
            Kind::Framework => "backup::Framework",
            Kind::ReportPlan => "backup::ReportPlan",
            Kind::RestoreTestingPlan => "backup::RestoreTestingPlan",
            Kind::RestoreTestingSelection => "backup::RestoreTestingSelection",
        }
    }

    /// A noun for messages ("vault", "plan").
    pub fn noun(self) -> &'static str {
        match self {
            Kind::KmsKey => "KMS key",
            Kind::IamRole => "IAM role",
            Kind::SnsTopic => "SNS topic",
            Kind::Vault => "vault",
            Kind::AirGappedVault => "air-gapped vault",
            Kind::Plan => "plan",
            Kind::Selection => "selection",
            Kind::Framework => "framework",
            Kind::ReportPlan => "report plan",
            Kind::RestoreTestingPlan => "restore testing plan",
            Kind::RestoreTestingSelection => "restore testing selection",
        }
    }

    /// The kind for a DSL path; accepts the full path or the last segment when unambiguous.
    pub fn from_path(path: &str) -> Option<Kind> {
        let compact: String = path.chars().filter(|c| !c.is_whitespace()).collect();
        Kind::ALL.into_iter().find(|k| k.dsl_path() == compact)
    }

    /// The fields of the kind's body.
    pub fn schema(self) -> &'static StructDef {
        match self {
            Kind::KmsKey => &KMS_KEY,
            Kind::IamRole => &IAM_ROLE,
            Kind::SnsTopic => &SNS_TOPIC,
            Kind::Vault => &VAULT,
            Kind::AirGappedVault => &AIR_GAPPED_VAULT,
            Kind::Plan => &PLAN,
            Kind::Selection => &SELECTION,
            Kind::Framework => &FRAMEWORK,
            Kind::ReportPlan => &REPORT_PLAN,
            Kind::RestoreTestingPlan => &RESTORE_TESTING_PLAN,
            Kind::RestoreTestingSelection => &RESTORE_TESTING_SELECTION,
        }
    }

    /// Whether the kind has a Region of its own (IAM is global; selections live with their plan).
    pub fn has_region_field(self) -> bool {
        !matches!(
            self,
            Kind::IamRole | Kind::Selection | Kind::RestoreTestingSelection
        )
    }

    /// The field that names the resource physically, if any.
    pub fn name_field(self) -> Option<&'static str> {
        match self {
            Kind::KmsKey => None,
            _ => Some("name"),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.dsl_path())
    }
}

/// The type of a field.
#[derive(Debug)]
pub enum Ty {
    /// A string.
    Str,
    /// An integer.
    Int,
    /// A boolean.
    Bool,
    /// One of a fixed set of strings.
    Enum(&'static [&'static str]),
    /// A reference to a resource of one of these kinds, or an existing resource given by ARN/name.
    Ref(&'static [Kind]),
    /// An array of the inner type.
    List(&'static Ty),
    /// String keys to string values, written `[("key", "value"), ...]`.
    Map,
    /// A nested struct.
    Struct(&'static StructDef),
    /// A policy document given as a JSON string.
    Json,
}

impl Ty {
    /// How the type is named in messages.
    pub fn describe(&self) -> String {
        match self {
            Ty::Str => "a string".into(),
            Ty::Int => "an integer".into(),
            Ty::Bool => "a boolean".into(),
            Ty::Enum(values) => format!("one of {}", quote_list(values)),
            Ty::Ref(kinds) => {
                let names: Vec<_> = kinds
                    .iter()
                    .map(|k| format!("`{}`", k.dsl_path()))
                    .collect();
                format!("a reference to a {} or an ARN string", names.join(" or "))
            }
            Ty::List(inner) => format!(
                "an array of {}",
                inner
                    .describe()
                    .trim_start_matches("a ")
                    .trim_start_matches("an ")
            ),
            Ty::Map => "a map `[(\"key\", \"value\"), ..]`".into(),
            Ty::Struct(def) => format!("a `{} {{ .. }}` struct", def.name),
            Ty::Json => "a JSON policy string".into(),
        }
    }
}

/// Formats `["a", "b"]` as `` `a`, `b` ``.
pub fn quote_list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One field of a struct.
#[derive(Debug)]
pub struct FieldDef {
    /// The DSL name.
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
    /// Whether AWS (or CloudFormation) requires it.
    pub required: bool,
    /// One line for the DSL reference.
    pub doc: &'static str,
}

/// A struct: a resource body or a nested block.
#[derive(Debug)]
pub struct StructDef {
    /// The struct name written in the DSL (`Lock`, `Rule`); for resources the kind's path.
    pub name: &'static str,
    /// Its fields.
    pub fields: &'static [FieldDef],
}

impl StructDef {
    /// The definition of a field.
    pub fn field(&self, name: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const fn f(name: &'static str, ty: Ty, doc: &'static str) -> FieldDef {
    FieldDef {
        name,
        ty,
        required: false,
        doc,
    }
}
const fn req(name: &'static str, ty: Ty, doc: &'static str) -> FieldDef {
    FieldDef {
        name,
        ty,
        required: true,
        doc,
    }
}

/// `BackupVaultEvent` values accepted by the API.
pub const VAULT_EVENTS: &[&str] = &[
    "BACKUP_JOB_STARTED",
    "BACKUP_JOB_COMPLETED",
    "BACKUP_JOB_SUCCESSFUL",
    "BACKUP_JOB_FAILED",
    "BACKUP_JOB_EXPIRED",
    "RESTORE_JOB_STARTED",
    "RESTORE_JOB_COMPLETED",
    "RESTORE_JOB_SUCCESSFUL",
    "RESTORE_JOB_FAILED",
    "COPY_JOB_STARTED",
    "COPY_JOB_SUCCESSFUL",
    "COPY_JOB_FAILED",
    "RECOVERY_POINT_MODIFIED",
    "BACKUP_PLAN_CREATED",
    "BACKUP_PLAN_MODIFIED",
    "S3_BACKUP_OBJECT_FAILED",
    "S3_RESTORE_OBJECT_FAILED",
    "CONTINUOUS_BACKUP_INTERRUPTED",
    "RECOVERY_POINT_INDEX_COMPLETED",
    "RECOVERY_POINT_INDEX_DELETED",
    "RECOVERY_POINT_INDEXING_FAILED",
    "EKS_RESTORE_OBJECT_FAILED",
    "EKS_RESTORE_OBJECT_SKIPPED",
    "EKS_BACKUP_OBJECT_FAILED",
    "ACCESS_POINT_AVAILABLE",
    "ACCESS_POINT_CREATION_FAILED",
    "ACCESS_POINT_DELETED",
    "ACCESS_POINT_DELETION_FAILED",
    "ACCESS_POINT_EXPIRED",
    "ACCESS_POINT_DISASSOCIATED",
];

/// The eleven AWS Backup Audit Manager controls.
pub const CONTROLS: &[&str] = &[
    "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
    "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
    "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
    "BACKUP_RECOVERY_POINT_ENCRYPTED",
    "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
    "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
    "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
    "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
    "BACKUP_LAST_RECOVERY_POINT_CREATED",
    "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
    "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT",
];

/// Report templates.
pub const REPORT_TEMPLATES: &[&str] = &[
    "RESOURCE_COMPLIANCE_REPORT",
    "CONTROL_COMPLIANCE_REPORT",
    "BACKUP_JOB_REPORT",
    "COPY_JOB_REPORT",
    "RESTORE_JOB_REPORT",
    "SCAN_JOB_REPORT",
];

/// AWS Backup resource-type strings (`GetSupportedResourceTypes`).
pub const BACKUP_RESOURCE_TYPES: &[&str] = &[
    "Aurora",
    "CloudFormation",
    "DocumentDB",
    "DynamoDB",
    "EBS",
    "EC2",
    "EFS",
    "EKS",
    "FSx",
    "Neptune",
    "RDS",
    "Redshift",
    "S3",
    "SAP HANA on Amazon EC2",
    "Storage Gateway",
    "Timestream",
    "VirtualMachine",
];

/// Resource types restore testing can restore.
pub const RESTORE_TESTING_TYPES: &[&str] = &[
    "Aurora",
    "DocumentDB",
    "DynamoDB",
    "EBS",
    "EC2",
    "EFS",
    "FSx",
    "Neptune",
    "RDS",
    "S3",
];

const TAGS: FieldDef = f("tags", Ty::Map, "resource tags");
const REGION_DOC: &str = "the Region; defaults to the stack's Region";

/// `kms::Key`.
pub static KMS_KEY: StructDef = StructDef {
    name: "kms::Key",
    fields: &[
        f("description", Ty::Str, "what the key is for"),
        f("region", Ty::Str, REGION_DOC),
        f(
            "rotation",
            Ty::Bool,
            "yearly automatic rotation (`EnableKeyRotation`)",
        ),
        f(
            "deletion_window_days",
            Ty::Int,
            "pending deletion window, 7-30 days",
        ),
        f("multi_region", Ty::Bool, "a multi-Region primary key"),
        f("policy", Ty::Json, "the key policy as JSON"),
        TAGS,
    ],
};

/// `iam::Role`.
pub static IAM_ROLE: StructDef = StructDef {
    name: "iam::Role",
    fields: &[
        f("name", Ty::Str, "the role name (1-64 of `[\\w+=,.@-]`)"),
        req(
            "assumed_by",
            Ty::List(&Ty::Str),
            "service principals trusted to assume the role",
        ),
        f(
            "managed_policies",
            Ty::List(&Ty::Str),
            "managed policy ARNs to attach",
        ),
        f("path", Ty::Str, "the role path, `/` or `/a/b/`"),
        f("description", Ty::Str, "description"),
        f(
            "max_session_seconds",
            Ty::Int,
            "maximum session duration, 3600-43200",
        ),
        TAGS,
    ],
};

/// `sns::Topic`.
pub static SNS_TOPIC: StructDef = StructDef {
    name: "sns::Topic",
    fields: &[
        f("name", Ty::Str, "the topic name"),
        f("region", Ty::Str, REGION_DOC),
        f("display_name", Ty::Str, "display name"),
        f(
            "kms_key",
            Ty::Ref(&[Kind::KmsKey]),
            "server-side encryption key",
        ),
        f(
            "fifo",
            Ty::Bool,
            "a FIFO topic (AWS Backup cannot notify those)",
        ),
        TAGS,
    ],
};

/// `Lock { .. }` of a vault.
pub static LOCK: StructDef = StructDef {
    name: "Lock",
    fields: &[
        req(
            "mode",
            Ty::Enum(&["governance", "compliance"]),
            "`governance` (removable) or `compliance` (immutable after the grace time)",
        ),
        f(
            "min_retention_days",
            Ty::Int,
            "shortest retention a job may set, >= 1 (required by CloudFormation)",
        ),
        f(
            "max_retention_days",
            Ty::Int,
            "longest retention a job may set, <= 36500",
        ),
        f(
            "changeable_for_days",
            Ty::Int,
            "compliance mode: grace days before the lock is immutable, >= 3",
        ),
    ],
};

/// `Notifications { .. }` of a vault.
pub static NOTIFICATIONS: StructDef = StructDef {
    name: "Notifications",
    fields: &[
        req(
            "topic",
            Ty::Ref(&[Kind::SnsTopic]),
            "the Standard SNS topic of the same account",
        ),
        req(
            "events",
            Ty::List(&Ty::Enum(VAULT_EVENTS)),
            "the vault events to publish",
        ),
    ],
};

/// `backup::Vault`.
pub static VAULT: StructDef = StructDef {
    name: "backup::Vault",
    fields: &[
        req(
            "name",
            Ty::Str,
            "the vault name, 2-50 of letters, digits, `-`, `_`",
        ),
        f("region", Ty::Str, REGION_DOC),
        f(
            "kms_key",
            Ty::Ref(&[Kind::KmsKey]),
            "encryption key, in the vault's Region",
        ),
        f("lock", Ty::Struct(&LOCK), "vault lock"),
        f(
            "notifications",
            Ty::Struct(&NOTIFICATIONS),
            "SNS notifications",
        ),
        f("access_policy", Ty::Json, "vault access policy JSON"),
        f(
            "deletion_policy",
            Ty::Enum(&["Retain", "Delete"]),
            "what deleting the stack does to the vault; default `Retain`",
        ),
        TAGS,
    ],
};

/// `backup::LogicallyAirGappedVault`.
pub static AIR_GAPPED_VAULT: StructDef = StructDef {
    name: "backup::LogicallyAirGappedVault",
    fields: &[
        req("name", Ty::Str, "the vault name"),
        f("region", Ty::Str, REGION_DOC),
        req("min_retention_days", Ty::Int, "minimum retention, >= 7"),
        req("max_retention_days", Ty::Int, "maximum retention, <= 36500"),
        f(
            "notifications",
            Ty::Struct(&NOTIFICATIONS),
            "SNS notifications",
        ),
        f("access_policy", Ty::Json, "vault access policy JSON"),
        f(
            "deletion_policy",
            Ty::Enum(&["Retain", "Delete"]),
            "default `Retain`",
        ),
        TAGS,
    ],
};

/// `Lifecycle { .. }` of a rule or copy action.
pub static LIFECYCLE: StructDef = StructDef {
    name: "Lifecycle",
    fields: &[
        f(
            "cold_storage_after_days",
            Ty::Int,
            "move to cold storage after this many days",
        ),
        f(
            "delete_after_days",
            Ty::Int,
            "delete after this many days; absent keeps forever",
        ),
        f(
            "archive",
            Ty::Bool,
            "opt in to archive tier for supported resources",
        ),
    ],
};

/// `Copy { .. }` of a rule.
pub static COPY: StructDef = StructDef {
    name: "Copy",
    fields: &[
        req(
            "to",
            Ty::Ref(&[Kind::Vault, Kind::AirGappedVault]),
            "destination vault (any Region or account)",
        ),
        f(
            "lifecycle",
            Ty::Struct(&LIFECYCLE),
            "lifecycle of the copy; absent inherits the rule's",
        ),
    ],
};

/// `IndexAction { .. }` of a rule.
pub static INDEX_ACTION: StructDef = StructDef {
    name: "IndexAction",
    fields: &[req(
        "resource_types",
        Ty::List(&Ty::Enum(&["EBS", "S3"])),
        "exactly one of `EBS`, `S3`",
    )],
};

/// `ScanAction { .. }` of a rule.
pub static SCAN_ACTION: StructDef = StructDef {
    name: "ScanAction",
    fields: &[
        req("scanner", Ty::Enum(&["GUARDDUTY"]), "the malware scanner"),
        req(
            "mode",
            Ty::Enum(&["FULL_SCAN", "INCREMENTAL_SCAN"]),
            "the scan mode",
        ),
    ],
};

/// `Rule { .. }` of a plan.
pub static RULE: StructDef = StructDef {
    name: "Rule",
    fields: &[
        req("name", Ty::Str, "rule name, unique in the plan"),
        req(
            "vault",
            Ty::Ref(&[Kind::Vault]),
            "target vault, in the plan's Region",
        ),
        f(
            "air_gapped_vault",
            Ty::Ref(&[Kind::AirGappedVault]),
            "target logically air-gapped vault, same Region",
        ),
        f("schedule", Ty::Str, "`cron(min hour dom month dow year)`"),
        f(
            "timezone",
            Ty::Str,
            "IANA time zone of the schedule; default `Etc/UTC`",
        ),
        f(
            "start_window_minutes",
            Ty::Int,
            ">= 60; emitted explicitly (default 480)",
        ),
        f(
            "completion_window_minutes",
            Ty::Int,
            "> start window; emitted explicitly (default 10080)",
        ),
        f(
            "lifecycle",
            Ty::Struct(&LIFECYCLE),
            "retention of the recovery points",
        ),
        f(
            "continuous_backup",
            Ty::Bool,
            "point-in-time recovery (retention 1-35 days)",
        ),
        f(
            "recovery_point_tags",
            Ty::Map,
            "tags put on the recovery points",
        ),
        f("copy", Ty::List(&Ty::Struct(&COPY)), "copy actions"),
        f(
            "index_actions",
            Ty::List(&Ty::Struct(&INDEX_ACTION)),
            "backup search indexes",
        ),
        f(
            "scan_actions",
            Ty::List(&Ty::Struct(&SCAN_ACTION)),
            "malware scans",
        ),
    ],
};

/// `AdvancedBackupSetting { .. }` of a plan.
pub static ADVANCED_SETTING: StructDef = StructDef {
    name: "AdvancedBackupSetting",
    fields: &[
        req("resource_type", Ty::Enum(&["EC2", "S3"]), "`EC2` or `S3`"),
        req(
            "options",
            Ty::Map,
            "EC2: `WindowsVSS`; S3: `BackupACLs`, `BackupObjectTags`",
        ),
    ],
};

/// `backup::Plan`.
pub static PLAN: StructDef = StructDef {
    name: "backup::Plan",
    fields: &[
        req("name", Ty::Str, "plan name, 1-50 of letters, digits, `-_.`"),
        f("region", Ty::Str, REGION_DOC),
        req(
            "rules",
            Ty::List(&Ty::Struct(&RULE)),
            "the rules, at least one",
        ),
        f(
            "advanced_backup_settings",
            Ty::List(&Ty::Struct(&ADVANCED_SETTING)),
            "per-type backup options",
        ),
        TAGS,
    ],
};

/// `Conditions { .. }` of a selection.
pub static SELECTION_CONDITIONS: StructDef = StructDef {
    name: "Conditions",
    fields: &[
        f("string_equals", Ty::Map, "`aws:ResourceTag/<key>` equals"),
        f(
            "string_not_equals",
            Ty::Map,
            "`aws:ResourceTag/<key>` does not equal",
        ),
        f(
            "string_like",
            Ty::Map,
            "`aws:ResourceTag/<key>` matches (`*` wildcards)",
        ),
        f(
            "string_not_like",
            Ty::Map,
            "`aws:ResourceTag/<key>` does not match",
        ),
    ],
};

/// `backup::Selection`.
pub static SELECTION: StructDef = StructDef {
    name: "backup::Selection",
    fields: &[
        req(
            "name",
            Ty::Str,
            "selection name, 1-50 of letters, digits, `-_.`",
        ),
        req(
            "plan",
            Ty::Ref(&[Kind::Plan]),
            "the plan (by reference: CloudFormation needs its id)",
        ),
        req("role", Ty::Ref(&[Kind::IamRole]), "role AWS Backup assumes"),
        f(
            "resources",
            Ty::List(&Ty::Str),
            "resource ARNs (`*` only at the end)",
        ),
        f("not_resources", Ty::List(&Ty::Str), "ARNs to exclude"),
        f("tags", Ty::Map, "tag key = value (STRINGEQUALS), OR'ed"),
        f(
            "conditions",
            Ty::Struct(&SELECTION_CONDITIONS),
            "tag conditions, AND'ed",
        ),
    ],
};

/// `Scope { .. }` of a control.
pub static CONTROL_SCOPE: StructDef = StructDef {
    name: "Scope",
    fields: &[
        f(
            "resource_types",
            Ty::List(&Ty::Str),
            "AWS Backup resource types",
        ),
        f(
            "resource_ids",
            Ty::List(&Ty::Str),
            "1-100 resource ids, with exactly one resource type",
        ),
        f("tags", Ty::Map, "at most one tag pair"),
    ],
};

/// `Control { .. }` of a framework.
pub static CONTROL: StructDef = StructDef {
    name: "Control",
    fields: &[
        req("name", Ty::Enum(CONTROLS), "the control"),
        f(
            "parameters",
            Ty::Map,
            "input parameters (values are strings to AWS)",
        ),
        f(
            "scope",
            Ty::Struct(&CONTROL_SCOPE),
            "what the control evaluates",
        ),
    ],
};

/// `backup::Framework`.
pub static FRAMEWORK: StructDef = StructDef {
    name: "backup::Framework",
    fields: &[
        req(
            "name",
            Ty::Str,
            "starts with a letter; letters, digits, `_` (no hyphens)",
        ),
        f("region", Ty::Str, REGION_DOC),
        f("description", Ty::Str, "up to 1024 characters"),
        req(
            "controls",
            Ty::List(&Ty::Struct(&CONTROL)),
            "the controls, at least one",
        ),
        TAGS,
    ],
};

/// `backup::ReportPlan`.
pub static REPORT_PLAN: StructDef = StructDef {
    name: "backup::ReportPlan",
    fields: &[
        req(
            "name",
            Ty::Str,
            "starts with a letter; letters, digits, `_`",
        ),
        f("region", Ty::Str, REGION_DOC),
        f("description", Ty::Str, "up to 1024 characters"),
        req(
            "template",
            Ty::Enum(REPORT_TEMPLATES),
            "the report template",
        ),
        req("bucket", Ty::Str, "S3 bucket name for delivery"),
        f("key_prefix", Ty::Str, "S3 key prefix"),
        f(
            "formats",
            Ty::List(&Ty::Enum(&["CSV", "JSON"])),
            "report formats; default CSV",
        ),
        f(
            "frameworks",
            Ty::List(&Ty::Ref(&[Kind::Framework])),
            "frameworks (compliance templates only)",
        ),
        f("accounts", Ty::List(&Ty::Str), "`ROOT` or account ids"),
        f("organization_units", Ty::List(&Ty::Str), "OU ids"),
        f("regions", Ty::List(&Ty::Str), "`*` or Region codes"),
        TAGS,
    ],
};

/// `backup::RestoreTestingPlan`.
pub static RESTORE_TESTING_PLAN: StructDef = StructDef {
    name: "backup::RestoreTestingPlan",
    fields: &[
        req("name", Ty::Str, "1-50 letters, digits, `_`"),
        f("region", Ty::Str, REGION_DOC),
        req("schedule", Ty::Str, "cron schedule"),
        f("timezone", Ty::Str, "IANA time zone"),
        f("start_window_hours", Ty::Int, "1-168"),
        req(
            "algorithm",
            Ty::Enum(&["LATEST_WITHIN_WINDOW", "RANDOM_WITHIN_WINDOW"]),
            "recovery point choice",
        ),
        req(
            "recovery_point_types",
            Ty::List(&Ty::Enum(&["SNAPSHOT", "CONTINUOUS"])),
            "recovery point types",
        ),
        req(
            "include_vaults",
            Ty::List(&Ty::Ref(&[Kind::Vault, Kind::AirGappedVault])),
            "vaults (or `*`, vault ARN patterns)",
        ),
        f(
            "exclude_vaults",
            Ty::List(&Ty::Ref(&[Kind::Vault, Kind::AirGappedVault])),
            "vaults to exclude",
        ),
        f("selection_window_days", Ty::Int, "1-365"),
        TAGS,
    ],
};

/// `RestoreConditions { .. }` of a restore testing selection.
pub static RESTORE_CONDITIONS: StructDef = StructDef {
    name: "RestoreConditions",
    fields: &[
        f("string_equals", Ty::Map, "recovery point tag equals"),
        f(
            "string_not_equals",
            Ty::Map,
            "recovery point tag does not equal",
        ),
    ],
};

/// `backup::RestoreTestingSelection`.
pub static RESTORE_TESTING_SELECTION: StructDef = StructDef {
    name: "backup::RestoreTestingSelection",
    fields: &[
        req(
            "name",
            Ty::Str,
            "1-50 letters, digits, `_`, not starting or ending with `_`",
        ),
        req(
            "plan",
            Ty::Ref(&[Kind::RestoreTestingPlan]),
            "the restore testing plan",
        ),
        req(
            "resource_type",
            Ty::Enum(RESTORE_TESTING_TYPES),
            "the protected resource type",
        ),
        req(
            "role",
            Ty::Ref(&[Kind::IamRole]),
            "role AWS Backup assumes to restore",
        ),
        f("resources", Ty::List(&Ty::Str), "up to 30 ARNs, or `*`"),
        f(
            "conditions",
            Ty::Struct(&RESTORE_CONDITIONS),
            "conditions on recovery point tags",
        ),
        f("validation_window_hours", Ty::Int, "1-168"),
        f("metadata_overrides", Ty::Map, "restore metadata overrides"),
    ],
};

/// The DSL field reference in Markdown, generated from the schema (the README embeds it).
pub fn reference_markdown() -> String {
    fn ty_text(ty: &Ty) -> String {
        match ty {
            Ty::Str => "string".into(),
            Ty::Int => "integer".into(),
            Ty::Bool => "bool".into(),
            Ty::Enum(v) if v.len() > 6 => {
                format!("one of {} values (see `synth explain BK203`)", v.len())
            }
            Ty::Enum(v) => v
                .iter()
                .map(|x| format!("`\"{x}\"`"))
                .collect::<Vec<_>>()
                .join(" \\| "),
            Ty::Ref(kinds) => {
                kinds
                    .iter()
                    .map(|k| format!("`{}`", k.dsl_path()))
                    .collect::<Vec<_>>()
                    .join(" \\| ")
                    + " or ARN string"
            }
            Ty::List(inner) => format!("[{}]", ty_text(inner)),
            Ty::Map => "`[(\"key\", \"value\"), ..]`".into(),
            Ty::Struct(def) => format!("`{} {{ .. }}`", def.name),
            Ty::Json => "JSON string".into(),
        }
    }
    fn structs(
        def: &'static StructDef,
        seen: &mut Vec<&'static str>,
        out: &mut Vec<&'static StructDef>,
    ) {
        if seen.contains(&def.name) {
            return;
        }
        seen.push(def.name);
        out.push(def);
        for f in def.fields {
            let mut ty = &f.ty;
            while let Ty::List(inner) = ty {
                ty = inner;
            }
            if let Ty::Struct(inner) = ty {
                structs(inner, seen, out);
            }
        }
    }
    let mut out = String::new();
    let mut seen = Vec::new();
    for kind in Kind::ALL {
        let mut defs = Vec::new();
        structs(kind.schema(), &mut seen, &mut defs);
        for def in defs {
            out.push_str(&format!(
                "#### `{}`\n\n| field | type | required | meaning |\n|---|---|---|---|\n",
                def.name
            ));
            for f in def.fields {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    f.name,
                    ty_text(&f.ty),
                    if f.required { "yes" } else { "" },
                    f.doc.replace('|', "\\|")
                ));
            }
            out.push('\n');
        }
    }
    out
}
