//! Layer 0, values and schema.
//!
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
    /// `kms::Alias`: a friendly name for a key.
    KmsAlias,
    /// `s3::Bucket`: a bucket with its versioning, lock, lifecycle, encryption and policies.
    S3Bucket,
    /// `dynamodb::Table`: a DynamoDB table.
    DynamoTable,
    /// `lambda::Function`: a Lambda function with code from a local zip.
    LambdaFunction,
    /// `lambda::Permission`: lets a service invoke a function.
    LambdaPermission,
    /// `logs::LogGroup`: a CloudWatch Logs log group.
    LogGroup,
    /// `cloudwatch::Dashboard`: a dashboard of typed widgets.
    Dashboard,
}

impl Kind {
    /// The kinds an output can publish: those with an ARN (a selection's is its id).
    pub const HAS_OUTPUT: [Kind; 14] = [
        Kind::Vault,
        Kind::AirGappedVault,
        Kind::Plan,
        Kind::Selection,
        Kind::KmsKey,
        Kind::IamRole,
        Kind::S3Bucket,
        Kind::DynamoTable,
        Kind::SnsTopic,
        Kind::LambdaFunction,
        Kind::LogGroup,
        Kind::Framework,
        Kind::ReportPlan,
        Kind::RestoreTestingPlan,
    ];

    /// Every kind, in declaration order.
    pub const ALL: [Kind; 18] = [
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
        Kind::KmsAlias,
        Kind::S3Bucket,
        Kind::DynamoTable,
        Kind::LambdaFunction,
        Kind::LambdaPermission,
        Kind::LogGroup,
        Kind::Dashboard,
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
            Kind::KmsAlias => "kms::Alias",
            Kind::S3Bucket => "s3::Bucket",
            Kind::DynamoTable => "dynamodb::Table",
            Kind::LambdaFunction => "lambda::Function",
            Kind::LambdaPermission => "lambda::Permission",
            Kind::LogGroup => "logs::LogGroup",
            Kind::Dashboard => "cloudwatch::Dashboard",
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
            Kind::KmsAlias => "KMS alias",
            Kind::S3Bucket => "bucket",
            Kind::DynamoTable => "table",
            Kind::LambdaFunction => "function",
            Kind::LambdaPermission => "Lambda permission",
            Kind::LogGroup => "log group",
            Kind::Dashboard => "dashboard",
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
            Kind::KmsAlias => &KMS_ALIAS,
            Kind::S3Bucket => &S3_BUCKET,
            Kind::DynamoTable => &DYNAMO_TABLE,
            Kind::LambdaFunction => &LAMBDA_FUNCTION,
            Kind::LambdaPermission => &LAMBDA_PERMISSION,
            Kind::LogGroup => &LOG_GROUP,
            Kind::Dashboard => &DASHBOARD,
        }
    }

    /// Whether the kind has a Region of its own (IAM is global; selections live with their plan).
    pub fn has_region_field(self) -> bool {
        !matches!(
            self,
            Kind::IamRole
                | Kind::Selection
                | Kind::RestoreTestingSelection
                | Kind::LambdaPermission
        )
    }

    /// The field that names the resource physically, if any.
    pub fn name_field(self) -> Option<&'static str> {
        match self {
            Kind::KmsKey | Kind::LambdaPermission => None,
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
    /// One of a set AWS keeps adding to (Lambda runtimes): a listed value, or one of the same
    /// shape (the function tells) that this release does not know yet, which is only a warning.
    OpenEnum(&'static [&'static str], fn(&str) -> bool),
    /// A reference to a resource of one of these kinds, or an existing resource given by ARN/name.
    Ref(&'static [Kind]),
    /// An array of the inner type.
    List(&'static Ty),
    /// String keys to string values, written `[("key", "value"), ...]`.
    Map,
    /// A nested struct.
    Struct(&'static StructDef),
    /// Either of two types, chosen by the value's shape (a struct literal takes the struct side).
    Either(&'static Ty, &'static Ty),
    /// A map whose values may also be references (`[("TABLE", table)]`): environment variables,
    /// metric dimensions.
    RefMap,
}

impl Ty {
    /// How the type is named in messages.
    pub fn describe(&self) -> String {
        match self {
            Ty::Str => "a string".into(),
            Ty::Int => "an integer".into(),
            Ty::Bool => "a boolean".into(),
            Ty::Enum(values) => format!("one of {}", quote_list(values)),
            Ty::OpenEnum(values, _) => format!("one of {} (or a newer one)", quote_list(values)),
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
            Ty::Either(a, b) => format!("{} or {}", a.describe(), b.describe()),
            Ty::RefMap => "a map `[(\"KEY\", value or reference), ..]`".into(),
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

    /// The type of the value at a field path (`policy[0].resources[1]`), if the path exists.
    pub fn ty_at(&self, path: &str) -> Option<&'static Ty> {
        let mut def = self;
        let mut ty: Option<&'static Ty> = None;
        for segment in path.split('.') {
            let (name, indexed) = match segment.find('[') {
                Some(i) => (&segment[..i], true),
                None => (segment, false),
            };
            if let Some(t) = ty {
                def = match t {
                    Ty::Struct(d) => d,
                    Ty::Either(a, b) => match (a, b) {
                        (Ty::Struct(d), _) | (_, Ty::Struct(d)) => d,
                        _ => return None,
                    },
                    _ => return None,
                };
            }
            let mut t = &def.field(name)?.ty;
            if indexed {
                t = match t {
                    Ty::List(inner) => inner,
                    Ty::Either(a, b) => match (a, b) {
                        (Ty::List(inner), _) | (_, Ty::List(inner)) => inner,
                        _ => t,
                    },
                    _ => t,
                };
            }
            ty = Some(t);
        }
        ty
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
const DELETION_POLICY: FieldDef = f(
    "deletion_policy",
    Ty::Enum(&["Retain", "Delete"]),
    "what deleting the stack does to it; default `Retain` (it holds data)",
);
const REGION_DOC: &str = "the Region; defaults to the stack's Region";

/// `kms::Key`.
pub static KMS_KEY: StructDef = StructDef {
    name: "kms::Key",
    fields: &[
        f("description", Ty::Str, "what the key is for"),
        f("region", Ty::Str, REGION_DOC),
        f("rotation", Ty::Bool, "automatic rotation (`EnableKeyRotation`)"),
        f("rotation_period_days", Ty::Int, "rotation period, 90-2560 days"),
        f("deletion_window_days", Ty::Int, "pending deletion window, 7-30 days"),
        f("multi_region", Ty::Bool, "a multi-Region primary key"),
        f("policy", Ty::List(&Ty::Struct(&STATEMENT)), "the key policy; default: this account administers the key, plus the grants the stack's own services need"),
        TAGS,
    ],
};

/// `iam::Role`.
pub static IAM_ROLE: StructDef = StructDef {
    name: "iam::Role",
    fields: &[
        f("name", Ty::Str, "the role name (1-64 of `[\\w+=,.@-]`)"),
        req("assumed_by", Ty::List(&Ty::Ref(&[Kind::IamRole])), "who may assume it: service principals (`backup.amazonaws.com`), `self` (this account), account ids or role ARNs"),
        f("external_id", Ty::Str, "required `sts:ExternalId` for account principals"),
        f("managed_policies", Ty::List(&Ty::Str), "managed policy ARNs to attach"),
        f("policies", Ty::List(&Ty::Struct(&POLICY)), "inline policies"),
        f("path", Ty::Str, "the role path, `/` or `/a/b/`"),
        f("description", Ty::Str, "description"),
        f("max_session_seconds", Ty::Int, "maximum session duration, 3600-43200"),
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
        f("kms_key", Ty::Ref(&[Kind::KmsKey]), "server-side encryption key"),
        f("fifo", Ty::Bool, "a FIFO topic (AWS Backup cannot notify those)"),
        f("subscriptions", Ty::List(&Ty::Struct(&SUBSCRIPTION)), "subscriptions"),
        f("policy", Ty::List(&Ty::Struct(&STATEMENT)), "extra topic policy statements (AWS Backup's publish grant is added for notifying vaults)"),
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
        f(
            "access_policy",
            Ty::List(&Ty::Struct(&STATEMENT)),
            "vault access policy statements (no wildcard actions)",
        ),
        DELETION_POLICY,
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
            "kms_key",
            Ty::Ref(&[Kind::KmsKey]),
            "customer managed key (`EncryptionKeyArn`, since late 2025); absent: an AWS owned key. CloudFormation only: hashicorp/aws 5.100 has no argument for it",
        ),
        f(
            "notifications",
            Ty::Struct(&NOTIFICATIONS),
            "SNS notifications",
        ),
        f(
            "access_policy",
            Ty::List(&Ty::Struct(&STATEMENT)),
            "vault access policy statements (no wildcard actions)",
        ),
        DELETION_POLICY,
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
        f(
            "string_equals",
            Ty::Map,
            "resource tag equals; keys bare (`backup`) or `aws:ResourceTag/backup`",
        ),
        f(
            "string_not_equals",
            Ty::Map,
            "resource tag does not equal (keys as in `string_equals`)",
        ),
        f(
            "string_like",
            Ty::Map,
            "resource tag matches (`*` wildcards; keys as in `string_equals`)",
        ),
        f(
            "string_not_like",
            Ty::Map,
            "resource tag does not match (keys as in `string_equals`)",
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
            Ty::List(&Ty::Ref(&[Kind::S3Bucket, Kind::DynamoTable])),
            "resources of the stack, or ARNs (`*` wildcards anywhere; at most 500, or 30 with wildcards)",
        ),
        f(
            "not_resources",
            Ty::List(&Ty::Ref(&[Kind::S3Bucket, Kind::DynamoTable])),
            "resources or ARNs to exclude",
        ),
        f("tags", Ty::Map, "tag key = value (STRINGEQUALS), OR'ed; keys bare or `aws:ResourceTag/<key>`"),
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
        req(
            "bucket",
            Ty::Ref(&[Kind::S3Bucket]),
            "the delivery bucket: a bucket of the stack, or a bucket name",
        ),
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
        f("string_equals", Ty::Map, "recovery point tag equals; keys bare (`backup`, written `aws:ResourceTag/backup`) or prefixed"),
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
        req("name", Ty::Str, "1-50 letters, digits, `_`"),
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
        f(
            "validation_window_hours",
            Ty::Int,
            "0-168 (Terraform: 1-168)",
        ),
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
            Ty::Enum(v) if v.len() > 6 => format!("one of {} values (listed below)", v.len()),
            Ty::OpenEnum(v, _) => {
                format!(
                    "one of {} values (listed below), or a newer one (a warning)",
                    v.len()
                )
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
            Ty::Either(a, b) => format!("{} or {}", ty_text(a), ty_text(b)),
            Ty::RefMap => "`[(\"KEY\", value or reference), ..]`".into(),
        }
    }
    /// The values of a long enumeration, which the table only counts.
    fn long_values(ty: &Ty) -> Option<&'static [&'static str]> {
        match ty {
            Ty::Enum(v) if v.len() > 6 => Some(v),
            Ty::OpenEnum(v, _) => Some(v),
            Ty::List(inner) => long_values(inner),
            _ => None,
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
            let mut sides = vec![ty];
            if let Ty::Either(a, b) = ty {
                sides = vec![a, b];
            }
            for side in sides {
                if let Ty::Struct(inner) = side {
                    structs(inner, seen, out);
                }
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
            for f in def.fields {
                if let Some(values) = long_values(&f.ty) {
                    let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                    out.push_str(&format!(
                        "Values of `{}`: {}.\n\n",
                        f.name,
                        listed.join(", ")
                    ));
                }
            }
        }
    }
    out
}

/// Any kind: what policy statements may name.
pub const ANY_KIND: &[Kind] = &Kind::ALL;

/// `ArnOf { resource, suffix }`: a resource's ARN with a suffix (`bucket` objects: `"/*"`).
pub static ARN_OF: StructDef = StructDef {
    name: "ArnOf",
    fields: &[
        req("resource", Ty::Ref(ANY_KIND), "the resource"),
        req(
            "suffix",
            Ty::Str,
            "appended to its ARN, e.g. `/*` or `/client-1/*`",
        ),
    ],
};

/// `Condition { test, key, values }` of a policy statement.
pub static CONDITION: StructDef = StructDef {
    name: "Condition",
    fields: &[
        req(
            "test",
            Ty::Str,
            "the operator, e.g. `StringEquals`, `StringLike`, `ArnLike`",
        ),
        req("key", Ty::Str, "the condition key, e.g. `s3:prefix`"),
        req("values", Ty::List(&Ty::Str), "the values"),
    ],
};

/// `Statement { .. }`: one statement of an IAM, key, bucket or topic policy.
pub static STATEMENT: StructDef = StructDef {
    name: "Statement",
    fields: &[
        f("sid", Ty::Str, "statement id"),
        req("effect", Ty::Enum(&["Allow", "Deny"]), "`Allow` or `Deny`"),
        f(
            "principals",
            Ty::List(&Ty::Ref(&[Kind::IamRole])),
            "resource policies: service principals, `self`, account ids, role ARNs or roles",
        ),
        req(
            "actions",
            Ty::List(&Ty::Str),
            "actions, e.g. `s3:GetObject`",
        ),
        f(
            "resources",
            Ty::List(&Ty::Either(&Ty::Ref(ANY_KIND), &Ty::Struct(&ARN_OF))),
            "resources of the stack, `ArnOf { .. }`, ARNs or `*`; default `*`",
        ),
        f(
            "conditions",
            Ty::List(&Ty::Struct(&CONDITION)),
            "conditions",
        ),
    ],
};

/// `Policy { name, statements }`: an inline IAM policy.
pub static POLICY: StructDef = StructDef {
    name: "Policy",
    fields: &[
        req("name", Ty::Str, "the policy name"),
        req(
            "statements",
            Ty::List(&Ty::Struct(&STATEMENT)),
            "its statements",
        ),
    ],
};

/// `Subscription { protocol, endpoint }` of a topic.
pub static SUBSCRIPTION: StructDef = StructDef {
    name: "Subscription",
    fields: &[
        req(
            "protocol",
            Ty::Enum(&[
                "email",
                "email-json",
                "http",
                "https",
                "sqs",
                "lambda",
                "sms",
                "application",
                "firehose",
            ]),
            "the protocol",
        ),
        req(
            "endpoint",
            Ty::Ref(&[Kind::LambdaFunction]),
            "the endpoint: an address, URL, ARN or function",
        ),
    ],
};

/// `kms::Alias`.
pub static KMS_ALIAS: StructDef = StructDef {
    name: "kms::Alias",
    fields: &[
        req("name", Ty::Str, "`alias/...`, not `alias/aws/...`"),
        f("region", Ty::Str, REGION_DOC),
        req(
            "key",
            Ty::Ref(&[Kind::KmsKey]),
            "the key, in the same Region",
        ),
    ],
};

/// Storage classes of S3 lifecycle transitions.
pub const S3_STORAGE_CLASSES: &[&str] = &[
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER_IR",
    "GLACIER",
    "DEEP_ARCHIVE",
];

/// `Transition { days, storage_class }`.
pub static TRANSITION: StructDef = StructDef {
    name: "Transition",
    fields: &[
        req(
            "days",
            Ty::Int,
            "days after creation (or after becoming noncurrent)",
        ),
        req(
            "storage_class",
            Ty::Enum(S3_STORAGE_CLASSES),
            "the target storage class",
        ),
    ],
};

/// `LifecycleRule { .. }` of a bucket.
pub static S3_LIFECYCLE_RULE: StructDef = StructDef {
    name: "LifecycleRule",
    fields: &[
        req("id", Ty::Str, "rule id, at most 255 characters"),
        f("enabled", Ty::Bool, "default true"),
        f(
            "prefix",
            Ty::Str,
            "object key prefix filter (empty: the whole bucket)",
        ),
        f("tags", Ty::Map, "only objects with all these tags"),
        f(
            "object_size_greater_than",
            Ty::Int,
            "only objects larger than this many bytes",
        ),
        f(
            "object_size_less_than",
            Ty::Int,
            "only objects smaller than this many bytes",
        ),
        f(
            "transitions",
            Ty::List(&Ty::Struct(&TRANSITION)),
            "current-version transitions",
        ),
        f(
            "noncurrent_transitions",
            Ty::List(&Ty::Struct(&TRANSITION)),
            "noncurrent-version transitions",
        ),
        f(
            "expiration_days",
            Ty::Int,
            "expire current versions after this many days",
        ),
        f(
            "noncurrent_expiration_days",
            Ty::Int,
            "delete noncurrent versions after this many days",
        ),
        f(
            "abort_incomplete_multipart_days",
            Ty::Int,
            "abort incomplete multipart uploads after this many days",
        ),
        f(
            "expired_object_delete_marker",
            Ty::Bool,
            "remove expired delete markers",
        ),
    ],
};

/// `ObjectLock { mode, days | years }` of a bucket.
pub static OBJECT_LOCK: StructDef = StructDef {
    name: "ObjectLock",
    fields: &[
        req(
            "mode",
            Ty::Enum(&["GOVERNANCE", "COMPLIANCE"]),
            "default retention mode",
        ),
        f("days", Ty::Int, "default retention in days"),
        f("years", Ty::Int, "default retention in years"),
    ],
};

/// `Encryption { kms_key, bucket_key }` of a bucket.
pub static S3_ENCRYPTION: StructDef = StructDef {
    name: "Encryption",
    fields: &[
        req("kms_key", Ty::Ref(&[Kind::KmsKey]), "SSE-KMS key"),
        f(
            "bucket_key",
            Ty::Bool,
            "S3 Bucket Keys (fewer KMS calls); default true",
        ),
    ],
};

/// `Inventory { .. }` of a bucket.
pub static INVENTORY: StructDef = StructDef {
    name: "Inventory",
    fields: &[
        req("name", Ty::Str, "inventory id"),
        req(
            "destination",
            Ty::Ref(&[Kind::S3Bucket]),
            "the bucket receiving reports",
        ),
        f("frequency", Ty::Enum(&["Daily", "Weekly"]), "default Daily"),
        f("versions", Ty::Enum(&["All", "Current"]), "default Current"),
        f(
            "format",
            Ty::Enum(&["CSV", "ORC", "Parquet"]),
            "default CSV",
        ),
        f(
            "kms_key",
            Ty::Ref(&[Kind::KmsKey]),
            "encrypt reports with SSE-KMS",
        ),
        f("prefix", Ty::Str, "destination key prefix"),
    ],
};

/// `Notify { function, events }` of a bucket.
pub static BUCKET_NOTIFICATION: StructDef = StructDef {
    name: "Notify",
    fields: &[
        req(
            "function",
            Ty::Ref(&[Kind::LambdaFunction]),
            "the function invoked",
        ),
        req(
            "events",
            Ty::List(&Ty::Str),
            "S3 events, e.g. `s3:ObjectCreated:*`",
        ),
        f("prefix", Ty::Str, "key prefix filter"),
        f("suffix", Ty::Str, "key suffix filter"),
    ],
};

/// `AccessLogs { bucket, prefix }` of a bucket.
pub static ACCESS_LOGS: StructDef = StructDef {
    name: "AccessLogs",
    fields: &[
        req(
            "bucket",
            Ty::Ref(&[Kind::S3Bucket]),
            "the bucket receiving server access logs",
        ),
        f("prefix", Ty::Str, "log key prefix"),
    ],
};

/// `s3::Bucket`.
pub static S3_BUCKET: StructDef = StructDef {
    name: "s3::Bucket",
    fields: &[
        req(
            "name",
            Ty::Str,
            "globally unique, deterministic bucket name",
        ),
        f("region", Ty::Str, REGION_DOC),
        f(
            "versioning",
            Ty::Enum(&["Enabled", "Suspended"]),
            "versioning status",
        ),
        f(
            "object_lock",
            Ty::Struct(&OBJECT_LOCK),
            "Object Lock with a default retention (needs versioning)",
        ),
        f(
            "lifecycle_rules",
            Ty::List(&Ty::Struct(&S3_LIFECYCLE_RULE)),
            "lifecycle rules",
        ),
        f(
            "block_public_access",
            Ty::Bool,
            "all four public access blocks; default true",
        ),
        f(
            "encryption",
            Ty::Struct(&S3_ENCRYPTION),
            "default encryption with a KMS key (default SSE-S3)",
        ),
        f(
            "inventories",
            Ty::List(&Ty::Struct(&INVENTORY)),
            "inventory reports",
        ),
        f(
            "policy",
            Ty::List(&Ty::Struct(&STATEMENT)),
            "bucket policy statements",
        ),
        f(
            "notifications",
            Ty::List(&Ty::Struct(&BUCKET_NOTIFICATION)),
            "event notifications to Lambda",
        ),
        f(
            "access_logs",
            Ty::Struct(&ACCESS_LOGS),
            "server access logging",
        ),
        DELETION_POLICY,
        TAGS,
    ],
};

/// `Index { .. }` of a table.
pub static TABLE_INDEX: StructDef = StructDef {
    name: "Index",
    fields: &[
        req("name", Ty::Str, "index name"),
        req("hash_key", Ty::Str, "partition key attribute"),
        f("range_key", Ty::Str, "sort key attribute"),
        f(
            "projection",
            Ty::Enum(&["ALL", "KEYS_ONLY", "INCLUDE"]),
            "default ALL",
        ),
        f("non_key_attributes", Ty::List(&Ty::Str), "with INCLUDE"),
    ],
};

/// `dynamodb::Table`.
pub static DYNAMO_TABLE: StructDef = StructDef {
    name: "dynamodb::Table",
    fields: &[
        req("name", Ty::Str, "table name, 3-255 of `[A-Za-z0-9_.-]`"),
        f("region", Ty::Str, REGION_DOC),
        req("hash_key", Ty::Str, "partition key attribute"),
        f("range_key", Ty::Str, "sort key attribute"),
        req(
            "attributes",
            Ty::Map,
            "key attributes and their types (`S`, `N`, `B`)",
        ),
        f(
            "global_indexes",
            Ty::List(&Ty::Struct(&TABLE_INDEX)),
            "global secondary indexes",
        ),
        f(
            "local_indexes",
            Ty::List(&Ty::Struct(&TABLE_INDEX)),
            "local secondary indexes",
        ),
        f(
            "billing",
            Ty::Enum(&["PAY_PER_REQUEST", "PROVISIONED"]),
            "default PAY_PER_REQUEST",
        ),
        f("read_capacity", Ty::Int, "PROVISIONED only"),
        f("write_capacity", Ty::Int, "PROVISIONED only"),
        f("point_in_time_recovery", Ty::Bool, "continuous backups"),
        f("recovery_period_days", Ty::Int, "PITR window, 1-35 days"),
        f(
            "kms_key",
            Ty::Ref(&[Kind::KmsKey]),
            "customer managed encryption key",
        ),
        f("deletion_protection", Ty::Bool, "deletion protection"),
        DELETION_POLICY,
        TAGS,
    ],
};

/// Lambda runtimes, current and deprecated. Lambda adds runtimes every year; one that is not
/// listed but has a runtime's shape ([`looks_like_lambda_runtime`]) is a warning, not an error.
pub const LAMBDA_RUNTIMES: &[&str] = &[
    "nodejs24.x",
    "nodejs22.x",
    "nodejs20.x",
    "nodejs18.x",
    "nodejs16.x",
    "nodejs14.x",
    "nodejs12.x",
    "python3.14",
    "python3.13",
    "python3.12",
    "python3.11",
    "python3.10",
    "python3.9",
    "python3.8",
    "python3.7",
    "java25",
    "java21",
    "java17",
    "java11",
    "java8.al2",
    "java8",
    "dotnet10",
    "dotnet8",
    "dotnet6",
    "ruby3.4",
    "ruby3.3",
    "ruby3.2",
    "ruby2.7",
    "provided.al2023",
    "provided.al2",
    "provided",
    "go1.x",
];

/// Whether `s` has the shape of a Lambda runtime identifier: a language and a version
/// (`nodejs24.x`, `python3.14`, `java25`, `java8.al2`, `dotnet10`, `ruby3.4`, `provided.al2025`),
/// as in the Lambda runtimes table [DOC lambda-runtimes.html].
pub fn looks_like_lambda_runtime(s: &str) -> bool {
    const LANGUAGES: &[&str] = &["nodejs", "python", "java", "dotnet", "ruby", "go"];
    if let Some(rest) = s.strip_prefix("provided.al") {
        return !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit());
    }
    LANGUAGES.iter().any(|lang| {
        s.strip_prefix(lang).is_some_and(|version| {
            version.starts_with(|c: char| c.is_ascii_digit())
                && version
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == 'x' || c.is_ascii_lowercase())
        })
    })
}

/// The prefix AWS Backup's tag conditions use: `aws:ResourceTag/<key>`.
pub const RESOURCE_TAG_PREFIX: &str = "aws:ResourceTag/";

/// The condition key for a resource tag written either bare (`backup`) or in AWS's form
/// (`aws:ResourceTag/backup`): fields that only take resource tags let the user leave out AWS's
/// prefix, and the emitters write it.
pub fn resource_tag_condition_key(key: &str) -> std::borrow::Cow<'_, str> {
    if has_resource_tag_prefix(key) {
        std::borrow::Cow::Borrowed(key)
    } else {
        std::borrow::Cow::Owned(format!("{RESOURCE_TAG_PREFIX}{key}"))
    }
}

/// Whether `key` starts with `aws:ResourceTag/` (IAM condition key names are case-insensitive).
pub fn has_resource_tag_prefix(key: &str) -> bool {
    key.get(..RESOURCE_TAG_PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(RESOURCE_TAG_PREFIX))
}

/// The tag key a condition key names: `aws:ResourceTag/backup` and `backup` both name `backup`.
pub fn condition_tag_key(key: &str) -> &str {
    if has_resource_tag_prefix(key) {
        &key[RESOURCE_TAG_PREFIX.len()..]
    } else {
        key
    }
}

/// Why `key` cannot name a resource tag in a condition, if it cannot: another `aws:` condition
/// key, or a tag key outside 1-128 characters.
pub fn check_resource_tag_condition_key(key: &str) -> Result<(), String> {
    let tag = condition_tag_key(key);
    if !has_resource_tag_prefix(key) && key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
    {
        return Err("is an `aws:` condition key other than `aws:ResourceTag/<key>`".into());
    }
    let n = tag.chars().count();
    if !(1..=128).contains(&n) {
        return Err(format!(
            "names a tag key of {n} characters; tag keys are 1-128"
        ));
    }
    Ok(())
}

/// `lambda::Function`.
pub static LAMBDA_FUNCTION: StructDef = StructDef {
    name: "lambda::Function",
    fields: &[
        req("name", Ty::Str, "function name, 1-64 of `[A-Za-z0-9_-]`"),
        f("region", Ty::Str, REGION_DOC),
        req(
            "runtime",
            Ty::OpenEnum(LAMBDA_RUNTIMES, looks_like_lambda_runtime),
            "the runtime (blocked ones are rejected, deprecated ones warned about, unlisted ones of a runtime's shape warned about)",
        ),
        req("handler", Ty::Str, "the handler, e.g. `index.handler`"),
        req(
            "code",
            Ty::Str,
            "the code: a directory (zipped deterministically when the stack is built) or a deployment zip, relative to the crate declaring the stack",
        ),
        req("role", Ty::Ref(&[Kind::IamRole]), "execution role"),
        f("memory_mb", Ty::Int, "128-10240"),
        f("timeout_seconds", Ty::Int, "1-900"),
        f(
            "environment",
            Ty::RefMap,
            "environment variables; references render as names or ARNs",
        ),
        f(
            "log_group",
            Ty::Ref(&[Kind::LogGroup]),
            "its log group (created first)",
        ),
        f(
            "architecture",
            Ty::Enum(&["x86_64", "arm64"]),
            "default x86_64",
        ),
        f(
            "reserved_concurrency",
            Ty::Int,
            "reserved concurrent executions",
        ),
        f(
            "kms_key",
            Ty::Ref(&[Kind::KmsKey]),
            "encrypts the environment variables",
        ),
        f(
            "tracing",
            Ty::Enum(&["Active", "PassThrough"]),
            "X-Ray tracing mode",
        ),
        f(
            "layers",
            Ty::List(&Ty::Str),
            "layer version ARNs, at most 5",
        ),
        f("ephemeral_storage_mb", Ty::Int, "/tmp size, 512-10240 MB"),
        f("description", Ty::Str, "description"),
        TAGS,
    ],
};

/// `lambda::Permission`.
pub static LAMBDA_PERMISSION: StructDef = StructDef {
    name: "lambda::Permission",
    fields: &[
        req("function", Ty::Ref(&[Kind::LambdaFunction]), "the function"),
        req("principal", Ty::Str, "the service, e.g. `s3.amazonaws.com`"),
        f("action", Ty::Str, "default `lambda:InvokeFunction`"),
        f(
            "source",
            Ty::Ref(&[Kind::S3Bucket]),
            "the source resource (bucket) or its ARN",
        ),
        f(
            "source_account",
            Ty::Str,
            "`self` or an account id (confused-deputy protection)",
        ),
    ],
};

/// `logs::LogGroup`.
pub static LOG_GROUP: StructDef = StructDef {
    name: "logs::LogGroup",
    fields: &[
        req("name", Ty::Str, "1-512 of `[.-_/#A-Za-z0-9]`"),
        f("region", Ty::Str, REGION_DOC),
        f(
            "retention_days",
            Ty::Int,
            "one of the retention values CloudWatch Logs accepts",
        ),
        f("kms_key", Ty::Ref(&[Kind::KmsKey]), "encryption key"),
        f(
            "class",
            Ty::Enum(&["STANDARD", "INFREQUENT_ACCESS"]),
            "log group class",
        ),
        TAGS,
    ],
};

/// `Metric { .. }` of a metric widget.
pub static METRIC: StructDef = StructDef {
    name: "Metric",
    fields: &[
        f("namespace", Ty::Str, "e.g. `AWS/Backup`"),
        f("name", Ty::Str, "metric name"),
        f(
            "dimensions",
            Ty::RefMap,
            "dimension name and value pairs (values may be references)",
        ),
        f(
            "expression",
            Ty::Str,
            "a metric math expression instead of namespace and name",
        ),
        f("id", Ty::Str, "id, starting with a lowercase letter"),
        f("label", Ty::Str, "label"),
        f(
            "stat",
            Ty::Str,
            "SampleCount, Average, Sum, Minimum, Maximum or pNN",
        ),
        f("period", Ty::Int, "seconds, a multiple of 60"),
    ],
};

/// `Widget { .. }` of a dashboard.
pub static WIDGET: StructDef = StructDef {
    name: "Widget",
    fields: &[
        req("kind", Ty::Enum(&["metric", "text"]), "widget type"),
        f("x", Ty::Int, "0-23"),
        f("y", Ty::Int, ">= 0"),
        f("width", Ty::Int, "1-24"),
        f("height", Ty::Int, "1-1000"),
        f("title", Ty::Str, "title"),
        f(
            "region",
            Ty::Str,
            "metric widgets: the Region (default: the dashboard's)",
        ),
        f(
            "metrics",
            Ty::List(&Ty::Struct(&METRIC)),
            "metric widgets: the metrics",
        ),
        f("stat", Ty::Str, "default statistic"),
        f("period", Ty::Int, "default period, a multiple of 60"),
        f(
            "view",
            Ty::Enum(&["timeSeries", "singleValue", "gauge", "bar", "pie", "table"]),
            "view",
        ),
        f("markdown", Ty::Str, "text widgets: the Markdown"),
    ],
};

/// `cloudwatch::Dashboard`.
pub static DASHBOARD: StructDef = StructDef {
    name: "cloudwatch::Dashboard",
    fields: &[
        req("name", Ty::Str, "at most 255 of `[A-Za-z0-9_-]`"),
        f("region", Ty::Str, REGION_DOC),
        req("widgets", Ty::List(&Ty::Struct(&WIDGET)), "the widgets"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_at_field_paths() {
        let vault = Kind::Vault.schema();
        assert!(matches!(vault.ty_at("kms_key"), Some(Ty::Ref(k)) if k.contains(&Kind::KmsKey)));
        assert!(matches!(
            vault.ty_at("lock.min_retention_days"),
            Some(Ty::Int)
        ));
        assert!(matches!(
            vault.ty_at("access_policy[0].resources[2]"),
            Some(Ty::Either(..))
        ));
        assert!(matches!(
            vault.ty_at("access_policy[0].resources[2].resource"),
            Some(Ty::Ref(k)) if k.contains(&Kind::Vault)
        ));
        assert!(vault.ty_at("no_such_field").is_none());
        assert!(vault.ty_at("lock.no_such_field").is_none());
        let sel = Kind::Selection.schema();
        assert!(matches!(sel.ty_at("plan"), Some(Ty::Ref(k)) if !k.contains(&Kind::Selection)));
    }
}
