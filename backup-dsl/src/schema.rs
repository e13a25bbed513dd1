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
    /// `organizations::Deployment`: the stack deployed to every account of organizational units
    /// (an AWS Organizations backup policy for the plans it names, a CloudFormation StackSet for
    /// the rest: the member-account part).
    OrgDeployment,
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
    pub const ALL: [Kind; 19] = [
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
        Kind::OrgDeployment,
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
            Kind::OrgDeployment => "organizations::Deployment",
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
            Kind::OrgDeployment => "organization deployment",
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
            Kind::OrgDeployment => &ORG_DEPLOYMENT,
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
                | Kind::OrgDeployment
        )
    }

    /// Whether the kind is an AWS Backup resource (what `synth apply` writes); the others are
    /// the supporting resources it references.
    pub fn is_aws_backup(self) -> bool {
        matches!(
            self,
            Kind::Vault
                | Kind::AirGappedVault
                | Kind::Plan
                | Kind::Selection
                | Kind::Framework
                | Kind::ReportPlan
                | Kind::RestoreTestingPlan
                | Kind::RestoreTestingSelection
        )
    }

    /// Whether AWS derives the resource's ARN from its name, Region and account ([`Kind::arn_of`]),
    /// so that it can be referenced from another template, Region or tool without a lookup.
    pub fn arn_from_name(self) -> bool {
        self.arn_of("p", "r", "a", "n", "/").is_some()
    }

    /// The ARN AWS gives a resource of this kind with this name (and IAM path), written with
    /// the given partition, Region and account (real values, or an output's placeholders such as
    /// `${AWS::Partition}`); `None` where the ARN carries an id AWS generates (a KMS key, a plan,
    /// a framework, a restore testing plan).
    pub fn arn_of(
        self,
        partition: &str,
        region: &str,
        account: &str,
        name: &str,
        path: &str,
    ) -> Option<String> {
        let (p, r, a) = (partition, region, account);
        Some(match self {
            Kind::Vault | Kind::AirGappedVault => {
                format!("arn:{p}:backup:{r}:{a}:backup-vault:{name}")
            }
            Kind::SnsTopic => format!("arn:{p}:sns:{r}:{a}:{name}"),
            Kind::IamRole => format!("arn:{p}:iam::{a}:role{path}{name}"),
            Kind::S3Bucket => format!("arn:{p}:s3:::{name}"),
            Kind::DynamoTable => format!("arn:{p}:dynamodb:{r}:{a}:table/{name}"),
            Kind::LambdaFunction => format!("arn:{p}:lambda:{r}:{a}:function:{name}"),
            Kind::LogGroup => format!("arn:{p}:logs:{r}:{a}:log-group:{name}"),
            _ => return None,
        })
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
    /// Where the field lands in each output, declared once: the emitters derive those places
    /// from here, and a test finds every field of the every-field stack at them.
    pub to: Places,
}

/// The three ways out of a stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Output {
    /// A CloudFormation template's resource properties.
    Cfn,
    /// A Terraform JSON resource's arguments.
    Terraform,
    /// An AWS API request (`synth apply`).
    Api,
}

impl Output {
    /// Every output.
    pub const ALL: [Output; 3] = [Output::Cfn, Output::Terraform, Output::Api];
}

/// How a value is written at its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// As it is: a string, number or boolean, a list of them, or a struct whose own fields say
    /// where they land (relative to this place); a list of structs is a list of such objects.
    Value,
    /// As [`How::Value`], or this default when the field is absent (AWS's defaults that the
    /// outputs spell out).
    Or(DefaultValue),
    /// A struct as a one-element list (a Terraform nested block).
    Block,
    /// A reference (or an ARN given as a string) rendered as the target's ARN.
    Arn,
    /// A reference rendered as the target's name.
    Name,
    /// A reference rendered as the target's id (a plan's id, a key's id).
    Id,
    /// String pairs as a list of `{"Key": k, "Value": v}` (CloudFormation's usual tags).
    TagList,
    /// String pairs as an object (Terraform's tags, AWS Backup's API and CloudFormation tags).
    TagMap,
    /// Written by the emitter's own code: real structure (a policy document, tag conditions,
    /// a value rewritten for the output). The place is still declared, and tested.
    Built,
}

/// A default value an output writes for an absent field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultValue {
    /// A string.
    Str(&'static str),
    /// An integer.
    Int(i64),
}

/// Where a field lands in one output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Not declared yet: the kind's emitters still map this field by hand only.
    Undeclared,
    /// At a member path of the resource's main unit (its CloudFormation properties, its
    /// Terraform resource, its create request), or of the enclosing struct's place for a nested
    /// field. Dots separate members; `name[]` is a one-element list (a Terraform block).
    At(&'static str, How),
    /// At a member path of another unit: a companion resource (Terraform's
    /// `aws_backup_vault_lock_configuration`) or another API call
    /// (`PutBackupVaultLockConfiguration`).
    In(&'static str, &'static str, How),
    /// Not in this output, and why (the Region chooses the template; the provider has no
    /// argument for it, which a BK3xx rule reports).
    Absent(&'static str),
}

/// A field's places in the three outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Places {
    /// In a CloudFormation template.
    pub cfn: Place,
    /// In a Terraform document.
    pub terraform: Place,
    /// In an AWS API request.
    pub api: Place,
}

impl Places {
    /// Not declared in any output.
    pub const UNDECLARED: Places = Places {
        cfn: Place::Undeclared,
        terraform: Place::Undeclared,
        api: Place::Undeclared,
    };

    /// The place in one output.
    pub fn get(&self, output: Output) -> Place {
        match output {
            Output::Cfn => self.cfn,
            Output::Terraform => self.terraform,
            Output::Api => self.api,
        }
    }
}

impl FieldDef {
    /// The field's places in CloudFormation, Terraform and the API.
    const fn to(self, cfn: Place, terraform: Place, api: Place) -> FieldDef {
        FieldDef {
            to: Places {
                cfn,
                terraform,
                api,
            },
            ..self
        }
    }

    /// The same member name in CloudFormation and the API (they share AWS's names), written as
    /// it is, and this Terraform argument.
    const fn aws(self, member: &'static str, terraform: &'static str) -> FieldDef {
        self.to(at(member), at(terraform), at(member))
    }
}

/// The API place of a supporting kind's fields: apply does not write those resources.
const SUPPORTING: Place = absent(
    "deployed with CloudFormation or Terraform (`synth --only supporting`); apply references it",
);

/// `Place::At(path, How::Value)`.
const fn at(path: &'static str) -> Place {
    Place::At(path, How::Value)
}
/// `Place::At(path, how)`.
const fn at_as(path: &'static str, how: How) -> Place {
    Place::At(path, how)
}
/// `Place::In(unit, path, how)`.
const fn in_unit(unit: &'static str, path: &'static str, how: How) -> Place {
    Place::In(unit, path, how)
}
/// `Place::Absent(why)`.
const fn absent(why: &'static str) -> Place {
    Place::Absent(why)
}

/// A struct: a resource body or a nested block.
#[derive(Debug)]
pub struct StructDef {
    /// The struct name written in the DSL (`Lock`, `Rule`); for resources the kind's path.
    pub name: &'static str,
    /// Its fields.
    pub fields: &'static [FieldDef],
}

/// Every struct of the schema: each kind's, and every struct nested in one (once each).
pub fn every_struct() -> Vec<&'static StructDef> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        nested_structs(kind.schema(), &mut out);
    }
    out
}

/// `def` and the structs its fields take (through lists and either-types), depth first, each
/// appended to `out` once.
pub fn nested_structs(def: &'static StructDef, out: &mut Vec<&'static StructDef>) {
    if out.iter().any(|d| d.name == def.name) {
        return;
    }
    out.push(def);
    for f in def.fields {
        let mut ty = &f.ty;
        while let Ty::List(inner) = ty {
            ty = inner;
        }
        let sides: &[&Ty] = match ty {
            Ty::Either(a, b) => &[a, b],
            other => &[other],
        };
        for side in sides {
            if let Ty::Struct(inner) = side {
                nested_structs(inner, out);
            }
        }
    }
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
        to: Places::UNDECLARED,
    }
}
const fn req(name: &'static str, ty: Ty, doc: &'static str) -> FieldDef {
    FieldDef {
        name,
        ty,
        required: true,
        doc,
        to: Places::UNDECLARED,
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

/// AWS's defaults for fields a stack may leave out, which the outputs write out where a tool's own
/// default differs (Terraform's start window is 60 minutes, its completion window 180).
pub mod defaults {
    /// AWS Backup's start window when a rule gives none (minutes) [API `BackupRule`
    /// `StartWindowMinutes`]; Terraform's is 60.
    pub const START_WINDOW_MINUTES: i64 = 480;
    /// AWS Backup's completion window when a rule gives none: 7 days [API `BackupRule`
    /// `CompletionWindowMinutes`]; Terraform's is 180.
    pub const COMPLETION_WINDOW_MINUTES: i64 = 10_080;
    /// AWS Backup's schedule when a rule gives none [API `BackupRule` `ScheduleExpression`].
    pub const SCHEDULE: &str = "cron(0 5 ? * * *)";
    /// The schedule time zone when none is given.
    pub const TIMEZONE: &str = "Etc/UTC";
}
use defaults::{COMPLETION_WINDOW_MINUTES, SCHEDULE, START_WINDOW_MINUTES, TIMEZONE};

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
        f("description", Ty::Str, "what the key is for").to(at("Description"), at("description"), SUPPORTING),
        f("region", Ty::Str, REGION_DOC).to(absent("the Region chooses the template"), absent("the Region chooses the provider alias"), absent("the Region chooses the client's endpoint")),
        f("rotation", Ty::Bool, "automatic rotation (`EnableKeyRotation`)").to(at("EnableKeyRotation"), at("enable_key_rotation"), SUPPORTING),
        f("rotation_period_days", Ty::Int, "rotation period, 90-2560 days").to(at("RotationPeriodInDays"), at("rotation_period_in_days"), SUPPORTING),
        f("deletion_window_days", Ty::Int, "pending deletion window, 7-30 days").to(at("PendingWindowInDays"), at("deletion_window_in_days"), SUPPORTING),
        f("multi_region", Ty::Bool, "a multi-Region primary key").to(at("MultiRegion"), at("multi_region"), SUPPORTING),
        f("policy", Ty::List(&Ty::Struct(&STATEMENT)), "the key policy; default: this account administers the key, plus the grants the stack's own services need").to(at_as("KeyPolicy", How::Built), at_as("policy", How::Built), SUPPORTING),
        TAGS.to(at_as("Tags", How::TagList), at_as("tags", How::TagMap), SUPPORTING),
    ],
};

/// `iam::Role`.
pub static IAM_ROLE: StructDef = StructDef {
    name: "iam::Role",
    fields: &[
        f("name", Ty::Str, "the role name (1-64 of `[\\w+=,.@-]`)").to(at("RoleName"), at("name"), SUPPORTING),
        req("assumed_by", Ty::List(&Ty::Ref(&[Kind::IamRole])), "who may assume it: service principals (`backup.amazonaws.com`), `self` (this account), account ids or role ARNs").to(at_as("AssumeRolePolicyDocument", How::Built), at_as("assume_role_policy", How::Built), SUPPORTING),
        f("external_id", Ty::Str, "required `sts:ExternalId` for account principals").to(at_as("AssumeRolePolicyDocument", How::Built), at_as("assume_role_policy", How::Built), SUPPORTING),
        f("managed_policies", Ty::List(&Ty::Str), "managed policy ARNs to attach").to(at("ManagedPolicyArns"), in_unit("aws_iam_role_policy_attachment", "policy_arn", How::Built), SUPPORTING),
        f("policies", Ty::List(&Ty::Struct(&POLICY)), "inline policies").to(at_as("Policies", How::Built), in_unit("aws_iam_role_policy", "policy", How::Built), SUPPORTING),
        f("path", Ty::Str, "the role path, `/` or `/a/b/`").to(at("Path"), at("path"), SUPPORTING),
        f("description", Ty::Str, "description").to(at("Description"), at("description"), SUPPORTING),
        f("max_session_seconds", Ty::Int, "maximum session duration, 3600-43200").to(at("MaxSessionDuration"), at("max_session_duration"), SUPPORTING),
        TAGS.to(at_as("Tags", How::TagList), at_as("tags", How::TagMap), SUPPORTING),
    ],
};

/// `sns::Topic`.
pub static SNS_TOPIC: StructDef = StructDef {
    name: "sns::Topic",
    fields: &[
        f("name", Ty::Str, "the topic name").to(at("TopicName"), at("name"), SUPPORTING),
        f("region", Ty::Str, REGION_DOC).to(absent("the Region chooses the template"), absent("the Region chooses the provider alias"), absent("the Region chooses the client's endpoint")),
        f("display_name", Ty::Str, "display name").to(at("DisplayName"), at("display_name"), SUPPORTING),
        f("kms_key", Ty::Ref(&[Kind::KmsKey]), "server-side encryption key").to(at_as("KmsMasterKeyId", How::Arn), at_as("kms_master_key_id", How::Arn), SUPPORTING),
        f("fifo", Ty::Bool, "a FIFO topic (AWS Backup cannot notify those)").to(at("FifoTopic"), at("fifo_topic"), SUPPORTING),
        f("subscriptions", Ty::List(&Ty::Struct(&SUBSCRIPTION)), "subscriptions").to(at_as("Subscription", How::Built), in_unit("aws_sns_topic_subscription", "endpoint", How::Built), SUPPORTING),
        f("policy", Ty::List(&Ty::Struct(&STATEMENT)), "extra topic policy statements (AWS Backup's publish grant is added for notifying vaults)").to(in_unit("AWS::SNS::TopicPolicy", "PolicyDocument", How::Built), in_unit("aws_sns_topic_policy", "policy", How::Built), SUPPORTING),
        TAGS.to(at_as("Tags", How::TagList), at_as("tags", How::TagMap), SUPPORTING),
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
        )
        .to(
            absent("compliance mode is `ChangeableForDays`; governance its absence"),
            absent("compliance mode is `changeable_for_days`"),
            absent("compliance mode is `ChangeableForDays`"),
        ),
        f(
            "min_retention_days",
            Ty::Int,
            "shortest retention a job may set, >= 1 (required by CloudFormation)",
        )
        .to(
            at("MinRetentionDays"),
            at("min_retention_days"),
            at("MinRetentionDays"),
        ),
        f(
            "max_retention_days",
            Ty::Int,
            "longest retention a job may set, <= 36500",
        )
        .to(
            at("MaxRetentionDays"),
            at("max_retention_days"),
            at("MaxRetentionDays"),
        ),
        f(
            "changeable_for_days",
            Ty::Int,
            "compliance mode: grace days before the lock is immutable, >= 3",
        )
        .to(
            at("ChangeableForDays"),
            at("changeable_for_days"),
            at("ChangeableForDays"),
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
        )
        .to(
            at_as("SNSTopicArn", How::Arn),
            at_as("sns_topic_arn", How::Arn),
            at_as("SNSTopicArn", How::Arn),
        ),
        req(
            "events",
            Ty::List(&Ty::Enum(VAULT_EVENTS)),
            "the vault events to publish",
        )
        .to(
            at("BackupVaultEvents"),
            at("backup_vault_events"),
            at("BackupVaultEvents"),
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
        )
        .to(at("BackupVaultName"), at("name"), at("BackupVaultName")),
        f("region", Ty::Str, REGION_DOC).to(
            absent("the Region chooses the template"),
            absent("the Region chooses the provider alias"),
            absent("the Region chooses the client's endpoint"),
        ),
        f(
            "kms_key",
            Ty::Ref(&[Kind::KmsKey]),
            "encryption key, in the vault's Region",
        )
        .to(
            at_as("EncryptionKeyArn", How::Arn),
            at_as("kms_key_arn", How::Arn),
            at_as("EncryptionKeyArn", How::Arn),
        ),
        f("lock", Ty::Struct(&LOCK), "vault lock").to(
            at("LockConfiguration"),
            in_unit("aws_backup_vault_lock_configuration", "", How::Value),
            in_unit("PutBackupVaultLockConfiguration", "", How::Value),
        ),
        f(
            "notifications",
            Ty::Struct(&NOTIFICATIONS),
            "SNS notifications",
        )
        .to(
            at("Notifications"),
            in_unit("aws_backup_vault_notifications", "", How::Value),
            in_unit("PutBackupVaultNotifications", "", How::Value),
        ),
        f(
            "access_policy",
            Ty::List(&Ty::Struct(&STATEMENT)),
            "vault access policy statements (no wildcard actions)",
        )
        .to(
            at_as("AccessPolicy", How::Built),
            in_unit("aws_backup_vault_policy", "policy", How::Built),
            in_unit("PutBackupVaultAccessPolicy", "Policy", How::Built),
        ),
        DELETION_POLICY.to(
            absent("the resource's `DeletionPolicy` attribute"),
            absent("`lifecycle.prevent_destroy` when retained"),
            absent("`destroy` keeps a retained resource"),
        ),
        TAGS.to(
            at_as("BackupVaultTags", How::TagMap),
            at_as("tags", How::TagMap),
            at_as("BackupVaultTags", How::TagMap),
        ),
    ],
};

/// `backup::LogicallyAirGappedVault`.
pub static AIR_GAPPED_VAULT: StructDef = StructDef {
    name: "backup::LogicallyAirGappedVault",
    fields: &[
        req("name", Ty::Str, "the vault name").to(at("BackupVaultName"), at("name"), at("BackupVaultName")),
        f("region", Ty::Str, REGION_DOC).to(absent("the Region chooses the template"), absent("the Region chooses the provider alias"), absent("the Region chooses the client's endpoint")),
        req("min_retention_days", Ty::Int, "minimum retention, >= 7").aws("MinRetentionDays", "min_retention_days"),
        req("max_retention_days", Ty::Int, "maximum retention, <= 36500").aws("MaxRetentionDays", "max_retention_days"),
        f(
            "kms_key",
            Ty::Ref(&[Kind::KmsKey]),
            "customer managed key (`EncryptionKeyArn`, since late 2025); absent: an AWS owned key. CloudFormation only: hashicorp/aws 5.100 has no argument for it",
        ).to(at_as("EncryptionKeyArn", How::Arn), absent("hashicorp/aws 5.100 has no argument for it (BK303)"), at_as("EncryptionKeyArn", How::Arn)),
        f(
            "notifications",
            Ty::Struct(&NOTIFICATIONS),
            "SNS notifications",
        ).to(at("Notifications"), in_unit("aws_backup_vault_notifications", "", How::Value), in_unit("PutBackupVaultNotifications", "", How::Value)),
        f(
            "access_policy",
            Ty::List(&Ty::Struct(&STATEMENT)),
            "vault access policy statements (no wildcard actions)",
        ).to(at_as("AccessPolicy", How::Built), in_unit("aws_backup_vault_policy", "policy", How::Built), in_unit("PutBackupVaultAccessPolicy", "Policy", How::Built)),
        DELETION_POLICY.to(absent("the resource's `DeletionPolicy` attribute"), absent("`lifecycle.prevent_destroy` when retained"), absent("`destroy` keeps a retained resource")),
        TAGS.to(at_as("BackupVaultTags", How::TagMap), at_as("tags", How::TagMap), at_as("BackupVaultTags", How::TagMap)),
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
        )
        .aws("MoveToColdStorageAfterDays", "cold_storage_after"),
        f(
            "delete_after_days",
            Ty::Int,
            "delete after this many days; absent keeps forever",
        )
        .aws("DeleteAfterDays", "delete_after"),
        f(
            "archive",
            Ty::Bool,
            "opt in to archive tier for supported resources",
        )
        .aws(
            "OptInToArchiveForSupportedResources",
            "opt_in_to_archive_for_supported_resources",
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
        )
        .to(
            at_as("DestinationBackupVaultArn", How::Arn),
            at_as("destination_vault_arn", How::Arn),
            at_as("DestinationBackupVaultArn", How::Arn),
        ),
        f(
            "lifecycle",
            Ty::Struct(&LIFECYCLE),
            "lifecycle of the copy; absent inherits the rule's",
        )
        .to(
            at("Lifecycle"),
            at_as("lifecycle", How::Block),
            at("Lifecycle"),
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
    )
    .to(
        at("ResourceTypes"),
        absent("hashicorp/aws 5.100 has no argument for it (BK303)"),
        at("ResourceTypes"),
    )],
};

/// `ScanAction { .. }` of a rule.
pub static SCAN_ACTION: StructDef = StructDef {
    name: "ScanAction",
    fields: &[
        req("scanner", Ty::Enum(&["GUARDDUTY"]), "the malware scanner").to(
            at("MalwareScanner"),
            absent("hashicorp/aws 5.100 has no argument for it (BK303)"),
            at("MalwareScanner"),
        ),
        req(
            "mode",
            Ty::Enum(&["FULL_SCAN", "INCREMENTAL_SCAN"]),
            "the scan mode",
        )
        .to(
            at("ScanMode"),
            absent("hashicorp/aws 5.100 has no argument for it (BK303)"),
            at("ScanMode"),
        ),
    ],
};

/// `Rule { .. }` of a plan.
pub static RULE: StructDef = StructDef {
    name: "Rule",
    fields: &[
        req("name", Ty::Str, "rule name, unique in the plan").aws("RuleName", "rule_name"),
        req(
            "vault",
            Ty::Ref(&[Kind::Vault]),
            "target vault, in the plan's Region",
        )
        .to(
            at_as("TargetBackupVault", How::Name),
            at_as("target_vault_name", How::Name),
            at_as("TargetBackupVaultName", How::Name),
        ),
        f(
            "air_gapped_vault",
            Ty::Ref(&[Kind::AirGappedVault]),
            "target logically air-gapped vault, same Region",
        )
        .to(
            at_as("TargetLogicallyAirGappedBackupVaultArn", How::Arn),
            absent("hashicorp/aws 5.100 has no argument for it (BK303)"),
            at_as("TargetLogicallyAirGappedBackupVaultArn", How::Arn),
        ),
        f("schedule", Ty::Str, "`cron(min hour dom month dow year)`").to(
            at_as("ScheduleExpression", How::Or(DefaultValue::Str(SCHEDULE))),
            at_as("schedule", How::Or(DefaultValue::Str(SCHEDULE))),
            at_as("ScheduleExpression", How::Or(DefaultValue::Str(SCHEDULE))),
        ),
        f(
            "timezone",
            Ty::Str,
            "IANA time zone of the schedule; default `Etc/UTC`",
        )
        .to(
            at_as(
                "ScheduleExpressionTimezone",
                How::Or(DefaultValue::Str(TIMEZONE)),
            ),
            at_as(
                "schedule_expression_timezone",
                How::Or(DefaultValue::Str(TIMEZONE)),
            ),
            at_as(
                "ScheduleExpressionTimezone",
                How::Or(DefaultValue::Str(TIMEZONE)),
            ),
        ),
        f(
            "start_window_minutes",
            Ty::Int,
            ">= 60; emitted explicitly (default 480)",
        )
        .to(
            at_as(
                "StartWindowMinutes",
                How::Or(DefaultValue::Int(START_WINDOW_MINUTES)),
            ),
            at_as(
                "start_window",
                How::Or(DefaultValue::Int(START_WINDOW_MINUTES)),
            ),
            at_as(
                "StartWindowMinutes",
                How::Or(DefaultValue::Int(START_WINDOW_MINUTES)),
            ),
        ),
        f(
            "completion_window_minutes",
            Ty::Int,
            "> start window; emitted explicitly (default 10080)",
        )
        .to(
            at_as(
                "CompletionWindowMinutes",
                How::Or(DefaultValue::Int(COMPLETION_WINDOW_MINUTES)),
            ),
            at_as(
                "completion_window",
                How::Or(DefaultValue::Int(COMPLETION_WINDOW_MINUTES)),
            ),
            at_as(
                "CompletionWindowMinutes",
                How::Or(DefaultValue::Int(COMPLETION_WINDOW_MINUTES)),
            ),
        ),
        f(
            "lifecycle",
            Ty::Struct(&LIFECYCLE),
            "retention of the recovery points",
        )
        .to(
            at("Lifecycle"),
            at_as("lifecycle", How::Block),
            at("Lifecycle"),
        ),
        f(
            "continuous_backup",
            Ty::Bool,
            "point-in-time recovery (retention 1-35 days)",
        )
        .aws("EnableContinuousBackup", "enable_continuous_backup"),
        f(
            "recovery_point_tags",
            Ty::Map,
            "tags put on the recovery points",
        )
        .to(
            at_as("RecoveryPointTags", How::TagMap),
            at_as("recovery_point_tags", How::TagMap),
            at_as("RecoveryPointTags", How::TagMap),
        ),
        f("copy", Ty::List(&Ty::Struct(&COPY)), "copy actions").aws("CopyActions", "copy_action"),
        f(
            "index_actions",
            Ty::List(&Ty::Struct(&INDEX_ACTION)),
            "backup search indexes",
        )
        .to(
            at("IndexActions"),
            absent("hashicorp/aws 5.100 has no argument for it (BK303)"),
            at("IndexActions"),
        ),
        f(
            "scan_actions",
            Ty::List(&Ty::Struct(&SCAN_ACTION)),
            "malware scans",
        )
        .to(
            at("ScanActions"),
            absent("hashicorp/aws 5.100 has no argument for it (BK303)"),
            at("ScanActions"),
        ),
    ],
};

/// `AdvancedBackupSetting { .. }` of a plan.
pub static ADVANCED_SETTING: StructDef = StructDef {
    name: "AdvancedBackupSetting",
    fields: &[
        req("resource_type", Ty::Enum(&["EC2", "S3"]), "`EC2` or `S3`")
            .aws("ResourceType", "resource_type"),
        req(
            "options",
            Ty::Map,
            "EC2: `WindowsVSS`; S3: `BackupACLs`, `BackupObjectTags`",
        )
        .to(
            at_as("BackupOptions", How::TagMap),
            at_as("backup_options", How::TagMap),
            at_as("BackupOptions", How::TagMap),
        ),
    ],
};

/// `backup::Plan`.
pub static PLAN: StructDef = StructDef {
    name: "backup::Plan",
    fields: &[
        req("name", Ty::Str, "plan name, 1-50 of letters, digits, `-_.`").to(
            at("BackupPlan.BackupPlanName"),
            at("name"),
            at("BackupPlan.BackupPlanName"),
        ),
        f("region", Ty::Str, REGION_DOC).to(
            absent("the Region chooses the template"),
            absent("the Region chooses the provider alias"),
            absent("the Region chooses the client's endpoint"),
        ),
        req(
            "rules",
            Ty::List(&Ty::Struct(&RULE)),
            "the rules, at least one",
        )
        .to(
            at("BackupPlan.BackupPlanRule"),
            at("rule"),
            at("BackupPlan.Rules"),
        ),
        f(
            "advanced_backup_settings",
            Ty::List(&Ty::Struct(&ADVANCED_SETTING)),
            "per-type backup options",
        )
        .to(
            at("BackupPlan.AdvancedBackupSettings"),
            at("advanced_backup_setting"),
            at("BackupPlan.AdvancedBackupSettings"),
        ),
        TAGS.to(
            at_as("BackupPlanTags", How::TagMap),
            at_as("tags", How::TagMap),
            at_as("BackupPlanTags", How::TagMap),
        ),
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
        )
        .to(
            at_as("StringEquals", How::Built),
            at_as("string_equals", How::Built),
            at_as("StringEquals", How::Built),
        ),
        f(
            "string_not_equals",
            Ty::Map,
            "resource tag does not equal (keys as in `string_equals`)",
        )
        .to(
            at_as("StringNotEquals", How::Built),
            at_as("string_not_equals", How::Built),
            at_as("StringNotEquals", How::Built),
        ),
        f(
            "string_like",
            Ty::Map,
            "resource tag matches (`*` wildcards; keys as in `string_equals`)",
        )
        .to(
            at_as("StringLike", How::Built),
            at_as("string_like", How::Built),
            at_as("StringLike", How::Built),
        ),
        f(
            "string_not_like",
            Ty::Map,
            "resource tag does not match (keys as in `string_equals`)",
        )
        .to(
            at_as("StringNotLike", How::Built),
            at_as("string_not_like", How::Built),
            at_as("StringNotLike", How::Built),
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
        ).to(at("BackupSelection.SelectionName"), at("name"), at("BackupSelection.SelectionName")),
        req(
            "plan",
            Ty::Ref(&[Kind::Plan]),
            "the plan (by reference: CloudFormation needs its id)",
        ).to(at_as("BackupPlanId", How::Id), at_as("plan_id", How::Id), at_as("BackupPlanId", How::Id)),
        req("role", Ty::Ref(&[Kind::IamRole]), "role AWS Backup assumes").to(at_as("BackupSelection.IamRoleArn", How::Arn), at_as("iam_role_arn", How::Arn), at_as("BackupSelection.IamRoleArn", How::Arn)),
        f(
            "resources",
            Ty::List(&Ty::Ref(&[Kind::S3Bucket, Kind::DynamoTable])),
            "resources of the stack, or ARNs (`*` wildcards anywhere; at most 500, or 30 with wildcards)",
        ).to(at_as("BackupSelection.Resources", How::Arn), at_as("resources", How::Arn), at_as("BackupSelection.Resources", How::Arn)),
        f(
            "not_resources",
            Ty::List(&Ty::Ref(&[Kind::S3Bucket, Kind::DynamoTable])),
            "resources or ARNs to exclude",
        ).to(at_as("BackupSelection.NotResources", How::Arn), at_as("not_resources", How::Arn), at_as("BackupSelection.NotResources", How::Arn)),
        f("tags", Ty::Map, "tag key = value (STRINGEQUALS), OR'ed; keys bare or `aws:ResourceTag/<key>`").to(at_as("BackupSelection.ListOfTags", How::Built), at_as("selection_tag", How::Built), at_as("BackupSelection.ListOfTags", How::Built)),
        f(
            "conditions",
            Ty::Struct(&SELECTION_CONDITIONS),
            "tag conditions, AND'ed",
        ).to(at("BackupSelection.Conditions"), at_as("condition", How::Block), at("BackupSelection.Conditions")),
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
        )
        .aws("ComplianceResourceTypes", "compliance_resource_types"),
        f(
            "resource_ids",
            Ty::List(&Ty::Str),
            "1-100 resource ids, with exactly one resource type",
        )
        .aws("ComplianceResourceIds", "compliance_resource_ids"),
        f("tags", Ty::Map, "at most one tag pair").to(
            at_as("Tags", How::TagList),
            at_as("tags", How::TagMap),
            at_as("Tags", How::TagMap),
        ),
    ],
};

/// `Control { .. }` of a framework.
pub static CONTROL: StructDef = StructDef {
    name: "Control",
    fields: &[
        req("name", Ty::Enum(CONTROLS), "the control").aws("ControlName", "name"),
        f(
            "parameters",
            Ty::Map,
            "input parameters (values are strings to AWS)",
        )
        .to(
            at_as("ControlInputParameters", How::Built),
            at_as("input_parameter", How::Built),
            at_as("ControlInputParameters", How::Built),
        ),
        f(
            "scope",
            Ty::Struct(&CONTROL_SCOPE),
            "what the control evaluates",
        )
        .to(
            at("ControlScope"),
            at_as("scope", How::Block),
            at("ControlScope"),
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
        )
        .aws("FrameworkName", "name"),
        f("region", Ty::Str, REGION_DOC).to(
            absent("the Region chooses the template"),
            absent("the Region chooses the provider alias"),
            absent("the Region chooses the client's endpoint"),
        ),
        f("description", Ty::Str, "up to 1024 characters")
            .aws("FrameworkDescription", "description"),
        req(
            "controls",
            Ty::List(&Ty::Struct(&CONTROL)),
            "the controls, at least one",
        )
        .aws("FrameworkControls", "control"),
        TAGS.to(
            at_as("FrameworkTags", How::TagList),
            at_as("tags", How::TagMap),
            at_as("FrameworkTags", How::TagMap),
        ),
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
        )
        .aws("ReportPlanName", "name"),
        f("region", Ty::Str, REGION_DOC).to(
            absent("the Region chooses the template"),
            absent("the Region chooses the provider alias"),
            absent("the Region chooses the client's endpoint"),
        ),
        f("description", Ty::Str, "up to 1024 characters")
            .aws("ReportPlanDescription", "description"),
        req(
            "template",
            Ty::Enum(REPORT_TEMPLATES),
            "the report template",
        )
        .aws(
            "ReportSetting.ReportTemplate",
            "report_setting[].report_template",
        ),
        req(
            "bucket",
            Ty::Ref(&[Kind::S3Bucket]),
            "the delivery bucket: a bucket of the stack, or a bucket name",
        )
        .to(
            at_as("ReportDeliveryChannel.S3BucketName", How::Name),
            at_as("report_delivery_channel[].s3_bucket_name", How::Name),
            at_as("ReportDeliveryChannel.S3BucketName", How::Name),
        ),
        f("key_prefix", Ty::Str, "S3 key prefix").aws(
            "ReportDeliveryChannel.S3KeyPrefix",
            "report_delivery_channel[].s3_key_prefix",
        ),
        f(
            "formats",
            Ty::List(&Ty::Enum(&["CSV", "JSON"])),
            "report formats; default CSV",
        )
        .aws(
            "ReportDeliveryChannel.Formats",
            "report_delivery_channel[].formats",
        ),
        f(
            "frameworks",
            Ty::List(&Ty::Ref(&[Kind::Framework])),
            "frameworks (compliance templates only)",
        )
        .to(
            at_as("ReportSetting.FrameworkArns", How::Arn),
            at_as("report_setting[].framework_arns", How::Arn),
            at_as("ReportSetting.FrameworkArns", How::Arn),
        ),
        f("accounts", Ty::List(&Ty::Str), "`ROOT` or account ids")
            .aws("ReportSetting.Accounts", "report_setting[].accounts"),
        f("organization_units", Ty::List(&Ty::Str), "OU ids").aws(
            "ReportSetting.OrganizationUnits",
            "report_setting[].organization_units",
        ),
        f("regions", Ty::List(&Ty::Str), "`*` or Region codes")
            .aws("ReportSetting.Regions", "report_setting[].regions"),
        TAGS.to(
            at_as("ReportPlanTags", How::TagList),
            at_as("tags", How::TagMap),
            at_as("ReportPlanTags", How::TagMap),
        ),
    ],
};

/// `backup::RestoreTestingPlan`.
pub static RESTORE_TESTING_PLAN: StructDef = StructDef {
    name: "backup::RestoreTestingPlan",
    fields: &[
        req("name", Ty::Str, "1-50 letters, digits, `_`").to(
            at("RestoreTestingPlanName"),
            at("name"),
            at("RestoreTestingPlan.RestoreTestingPlanName"),
        ),
        f("region", Ty::Str, REGION_DOC).to(
            absent("the Region chooses the template"),
            absent("the Region chooses the provider alias"),
            absent("the Region chooses the client's endpoint"),
        ),
        req("schedule", Ty::Str, "cron schedule").to(
            at("ScheduleExpression"),
            at("schedule_expression"),
            at("RestoreTestingPlan.ScheduleExpression"),
        ),
        f("timezone", Ty::Str, "IANA time zone").to(
            at_as(
                "ScheduleExpressionTimezone",
                How::Or(DefaultValue::Str(TIMEZONE)),
            ),
            at_as(
                "schedule_expression_timezone",
                How::Or(DefaultValue::Str(TIMEZONE)),
            ),
            at_as(
                "RestoreTestingPlan.ScheduleExpressionTimezone",
                How::Or(DefaultValue::Str(TIMEZONE)),
            ),
        ),
        f("start_window_hours", Ty::Int, "1-168").to(
            at("StartWindowHours"),
            at("start_window_hours"),
            at("RestoreTestingPlan.StartWindowHours"),
        ),
        req(
            "algorithm",
            Ty::Enum(&["LATEST_WITHIN_WINDOW", "RANDOM_WITHIN_WINDOW"]),
            "recovery point choice",
        )
        .to(
            at("RecoveryPointSelection.Algorithm"),
            at("recovery_point_selection[].algorithm"),
            at("RestoreTestingPlan.RecoveryPointSelection.Algorithm"),
        ),
        req(
            "recovery_point_types",
            Ty::List(&Ty::Enum(&["SNAPSHOT", "CONTINUOUS"])),
            "recovery point types",
        )
        .to(
            at("RecoveryPointSelection.RecoveryPointTypes"),
            at("recovery_point_selection[].recovery_point_types"),
            at("RestoreTestingPlan.RecoveryPointSelection.RecoveryPointTypes"),
        ),
        req(
            "include_vaults",
            Ty::List(&Ty::Ref(&[Kind::Vault, Kind::AirGappedVault])),
            "vaults (or `*`, vault ARN patterns)",
        )
        .to(
            at_as("RecoveryPointSelection.IncludeVaults", How::Arn),
            at_as("recovery_point_selection[].include_vaults", How::Arn),
            at_as(
                "RestoreTestingPlan.RecoveryPointSelection.IncludeVaults",
                How::Arn,
            ),
        ),
        f(
            "exclude_vaults",
            Ty::List(&Ty::Ref(&[Kind::Vault, Kind::AirGappedVault])),
            "vaults to exclude",
        )
        .to(
            at_as("RecoveryPointSelection.ExcludeVaults", How::Arn),
            at_as("recovery_point_selection[].exclude_vaults", How::Arn),
            at_as(
                "RestoreTestingPlan.RecoveryPointSelection.ExcludeVaults",
                How::Arn,
            ),
        ),
        f("selection_window_days", Ty::Int, "1-365").to(
            at("RecoveryPointSelection.SelectionWindowDays"),
            at("recovery_point_selection[].selection_window_days"),
            at("RestoreTestingPlan.RecoveryPointSelection.SelectionWindowDays"),
        ),
        TAGS.to(
            at_as("Tags", How::TagList),
            at_as("tags", How::TagMap),
            at_as("Tags", How::TagMap),
        ),
    ],
};

/// `RestoreConditions { .. }` of a restore testing selection.
pub static RESTORE_CONDITIONS: StructDef = StructDef {
    name: "RestoreConditions",
    fields: &[
        f("string_equals", Ty::Map, "recovery point tag equals; keys bare (`backup`, written `aws:ResourceTag/backup`) or prefixed").to(at_as("StringEquals", How::Built), at_as("string_equals", How::Built), at_as("StringEquals", How::Built)),
        f(
            "string_not_equals",
            Ty::Map,
            "recovery point tag does not equal",
        ).to(at_as("StringNotEquals", How::Built), at_as("string_not_equals", How::Built), at_as("StringNotEquals", How::Built)),
    ],
};

/// `backup::RestoreTestingSelection`.
pub static RESTORE_TESTING_SELECTION: StructDef = StructDef {
    name: "backup::RestoreTestingSelection",
    fields: &[
        req("name", Ty::Str, "1-50 letters, digits, `_`").to(
            at("RestoreTestingSelectionName"),
            at("name"),
            at("RestoreTestingSelection.RestoreTestingSelectionName"),
        ),
        req(
            "plan",
            Ty::Ref(&[Kind::RestoreTestingPlan]),
            "the restore testing plan",
        )
        .to(
            at_as("RestoreTestingPlanName", How::Name),
            at_as("restore_testing_plan_name", How::Name),
            at_as("RestoreTestingPlanName", How::Name),
        ),
        req(
            "resource_type",
            Ty::Enum(RESTORE_TESTING_TYPES),
            "the protected resource type",
        )
        .to(
            at("ProtectedResourceType"),
            at("protected_resource_type"),
            at("RestoreTestingSelection.ProtectedResourceType"),
        ),
        req(
            "role",
            Ty::Ref(&[Kind::IamRole]),
            "role AWS Backup assumes to restore",
        )
        .to(
            at_as("IamRoleArn", How::Arn),
            at_as("iam_role_arn", How::Arn),
            at_as("RestoreTestingSelection.IamRoleArn", How::Arn),
        ),
        f("resources", Ty::List(&Ty::Str), "up to 30 ARNs, or `*`").to(
            at_as("ProtectedResourceArns", How::Built),
            at_as("protected_resource_arns", How::Built),
            at_as("RestoreTestingSelection.ProtectedResourceArns", How::Built),
        ),
        f(
            "conditions",
            Ty::Struct(&RESTORE_CONDITIONS),
            "conditions on recovery point tags",
        )
        .to(
            at("ProtectedResourceConditions"),
            at_as("protected_resource_conditions", How::Block),
            at("RestoreTestingSelection.ProtectedResourceConditions"),
        ),
        f(
            "validation_window_hours",
            Ty::Int,
            "0-168 (Terraform: 1-168)",
        )
        .to(
            at("ValidationWindowHours"),
            at("validation_window_hours"),
            at("RestoreTestingSelection.ValidationWindowHours"),
        ),
        f("metadata_overrides", Ty::Map, "restore metadata overrides").to(
            at_as("RestoreMetadataOverrides", How::TagMap),
            at_as("restore_metadata_overrides", How::TagMap),
            at_as(
                "RestoreTestingSelection.RestoreMetadataOverrides",
                How::TagMap,
            ),
        ),
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
    let mut out = String::new();
    let mut seen = Vec::new();
    for kind in Kind::ALL {
        let first_new = seen.len();
        nested_structs(kind.schema(), &mut seen);
        for &def in &seen[first_new..] {
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
        req("name", Ty::Str, "`alias/...`, not `alias/aws/...`").to(
            at("AliasName"),
            at("name"),
            SUPPORTING,
        ),
        f("region", Ty::Str, REGION_DOC).to(
            absent("the Region chooses the template"),
            absent("the Region chooses the provider alias"),
            absent("the Region chooses the client's endpoint"),
        ),
        req(
            "key",
            Ty::Ref(&[Kind::KmsKey]),
            "the key, in the same Region",
        )
        .to(
            at_as("TargetKeyId", How::Id),
            at_as("target_key_id", How::Id),
            SUPPORTING,
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
        )
        .to(at("BucketName"), at("bucket"), SUPPORTING),
        f("region", Ty::Str, REGION_DOC).to(
            absent("the Region chooses the template"),
            absent("the Region chooses the provider alias"),
            absent("the Region chooses the client's endpoint"),
        ),
        f(
            "versioning",
            Ty::Enum(&["Enabled", "Suspended"]),
            "versioning status",
        )
        .to(
            at_as("VersioningConfiguration.Status", How::Value),
            in_unit(
                "aws_s3_bucket_versioning",
                "versioning_configuration[].status",
                How::Value,
            ),
            SUPPORTING,
        ),
        f(
            "object_lock",
            Ty::Struct(&OBJECT_LOCK),
            "Object Lock with a default retention (needs versioning)",
        )
        .to(
            at_as("ObjectLockConfiguration", How::Built),
            in_unit(
                "aws_s3_bucket_object_lock_configuration",
                "rule",
                How::Built,
            ),
            SUPPORTING,
        ),
        f(
            "lifecycle_rules",
            Ty::List(&Ty::Struct(&S3_LIFECYCLE_RULE)),
            "lifecycle rules",
        )
        .to(
            at_as("LifecycleConfiguration.Rules", How::Built),
            in_unit("aws_s3_bucket_lifecycle_configuration", "rule", How::Built),
            SUPPORTING,
        ),
        f(
            "block_public_access",
            Ty::Bool,
            "all four public access blocks; default true",
        )
        .to(
            at_as("PublicAccessBlockConfiguration", How::Built),
            in_unit(
                "aws_s3_bucket_public_access_block",
                "block_public_acls",
                How::Built,
            ),
            SUPPORTING,
        ),
        f(
            "encryption",
            Ty::Struct(&S3_ENCRYPTION),
            "default encryption with a KMS key (default SSE-S3)",
        )
        .to(
            at_as("BucketEncryption", How::Built),
            in_unit(
                "aws_s3_bucket_server_side_encryption_configuration",
                "rule",
                How::Built,
            ),
            SUPPORTING,
        ),
        f(
            "inventories",
            Ty::List(&Ty::Struct(&INVENTORY)),
            "inventory reports",
        )
        .to(
            at_as("InventoryConfigurations", How::Built),
            in_unit("aws_s3_bucket_inventory", "destination", How::Built),
            SUPPORTING,
        ),
        f(
            "policy",
            Ty::List(&Ty::Struct(&STATEMENT)),
            "bucket policy statements",
        )
        .to(
            in_unit("AWS::S3::BucketPolicy", "PolicyDocument", How::Built),
            in_unit("aws_s3_bucket_policy", "policy", How::Built),
            SUPPORTING,
        ),
        f(
            "notifications",
            Ty::List(&Ty::Struct(&BUCKET_NOTIFICATION)),
            "event notifications to Lambda",
        )
        .to(
            at_as("NotificationConfiguration.LambdaConfigurations", How::Built),
            in_unit("aws_s3_bucket_notification", "lambda_function", How::Built),
            SUPPORTING,
        ),
        f(
            "access_logs",
            Ty::Struct(&ACCESS_LOGS),
            "server access logging",
        )
        .to(
            at_as("LoggingConfiguration", How::Built),
            in_unit("aws_s3_bucket_logging", "target_bucket", How::Built),
            SUPPORTING,
        ),
        DELETION_POLICY.to(
            absent("the resource's `DeletionPolicy` attribute"),
            absent("`lifecycle.prevent_destroy` when retained"),
            absent("`destroy` keeps a retained resource"),
        ),
        TAGS.to(
            at_as("Tags", How::TagList),
            at_as("tags", How::TagMap),
            SUPPORTING,
        ),
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
        req("name", Ty::Str, "table name, 3-255 of `[A-Za-z0-9_.-]`").to(
            at("TableName"),
            at("name"),
            SUPPORTING,
        ),
        f("region", Ty::Str, REGION_DOC).to(
            absent("the Region chooses the template"),
            absent("the Region chooses the provider alias"),
            absent("the Region chooses the client's endpoint"),
        ),
        req("hash_key", Ty::Str, "partition key attribute").to(
            at_as("KeySchema", How::Built),
            at("hash_key"),
            SUPPORTING,
        ),
        f("range_key", Ty::Str, "sort key attribute").to(
            at_as("KeySchema", How::Built),
            at("range_key"),
            SUPPORTING,
        ),
        req(
            "attributes",
            Ty::Map,
            "key attributes and their types (`S`, `N`, `B`)",
        )
        .to(
            at_as("AttributeDefinitions", How::Built),
            at_as("attribute", How::Built),
            SUPPORTING,
        ),
        f(
            "global_indexes",
            Ty::List(&Ty::Struct(&TABLE_INDEX)),
            "global secondary indexes",
        )
        .to(
            at_as("GlobalSecondaryIndexes", How::Built),
            at_as("global_secondary_index", How::Built),
            SUPPORTING,
        ),
        f(
            "local_indexes",
            Ty::List(&Ty::Struct(&TABLE_INDEX)),
            "local secondary indexes",
        )
        .to(
            at_as("LocalSecondaryIndexes", How::Built),
            at_as("local_secondary_index", How::Built),
            SUPPORTING,
        ),
        f(
            "billing",
            Ty::Enum(&["PAY_PER_REQUEST", "PROVISIONED"]),
            "default PAY_PER_REQUEST",
        )
        .to(at("BillingMode"), at("billing_mode"), SUPPORTING),
        f("read_capacity", Ty::Int, "PROVISIONED only").to(
            at("ProvisionedThroughput.ReadCapacityUnits"),
            at("read_capacity"),
            SUPPORTING,
        ),
        f("write_capacity", Ty::Int, "PROVISIONED only").to(
            at("ProvisionedThroughput.WriteCapacityUnits"),
            at("write_capacity"),
            SUPPORTING,
        ),
        f("point_in_time_recovery", Ty::Bool, "continuous backups").to(
            at("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled"),
            at("point_in_time_recovery[].enabled"),
            SUPPORTING,
        ),
        f("recovery_period_days", Ty::Int, "PITR window, 1-35 days").to(
            at("PointInTimeRecoverySpecification.RecoveryPeriodInDays"),
            at("point_in_time_recovery[].recovery_period_in_days"),
            SUPPORTING,
        ),
        f(
            "kms_key",
            Ty::Ref(&[Kind::KmsKey]),
            "customer managed encryption key",
        )
        .to(
            at_as("SSESpecification.KMSMasterKeyId", How::Arn),
            at_as("server_side_encryption[].kms_key_arn", How::Arn),
            SUPPORTING,
        ),
        f("deletion_protection", Ty::Bool, "deletion protection").to(
            at("DeletionProtectionEnabled"),
            at("deletion_protection_enabled"),
            SUPPORTING,
        ),
        DELETION_POLICY.to(
            absent("the resource's `DeletionPolicy` attribute"),
            absent("`lifecycle.prevent_destroy` when retained"),
            absent("`destroy` keeps a retained resource"),
        ),
        TAGS.to(
            at_as("Tags", How::TagList),
            at_as("tags", How::TagMap),
            SUPPORTING,
        ),
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
        req("name", Ty::Str, "function name, 1-64 of `[A-Za-z0-9_-]`").to(at("FunctionName"), at("function_name"), SUPPORTING),
        f("region", Ty::Str, REGION_DOC).to(absent("the Region chooses the template"), absent("the Region chooses the provider alias"), absent("the Region chooses the client's endpoint")),
        req(
            "runtime",
            Ty::OpenEnum(LAMBDA_RUNTIMES, looks_like_lambda_runtime),
            "the runtime (blocked ones are rejected, deprecated ones warned about, unlisted ones of a runtime's shape warned about)",
        ).to(at("Runtime"), at("runtime"), SUPPORTING),
        req("handler", Ty::Str, "the handler, e.g. `index.handler`").to(at("Handler"), at("handler"), SUPPORTING),
        req(
            "code",
            Ty::Str,
            "the code: a directory (zipped deterministically when the stack is built) or a deployment zip, relative to the crate declaring the stack",
        ).to(at_as("Code", How::Built), at_as("filename", How::Built), SUPPORTING),
        req("role", Ty::Ref(&[Kind::IamRole]), "execution role").to(at_as("Role", How::Arn), at_as("role", How::Arn), SUPPORTING),
        f("memory_mb", Ty::Int, "128-10240").to(at("MemorySize"), at("memory_size"), SUPPORTING),
        f("timeout_seconds", Ty::Int, "1-900").to(at("Timeout"), at("timeout"), SUPPORTING),
        f(
            "environment",
            Ty::RefMap,
            "environment variables; references render as names or ARNs",
        ).to(at_as("Environment.Variables", How::Built), at_as("environment", How::Built), SUPPORTING),
        f(
            "log_group",
            Ty::Ref(&[Kind::LogGroup]),
            "its log group (created first)",
        ).to(at_as("LoggingConfig.LogGroup", How::Built), at_as("logging_config", How::Built), SUPPORTING),
        f(
            "architecture",
            Ty::Enum(&["x86_64", "arm64"]),
            "default x86_64",
        ).to(at_as("Architectures", How::Built), at_as("architectures", How::Built), SUPPORTING),
        f(
            "reserved_concurrency",
            Ty::Int,
            "reserved concurrent executions",
        ).to(at("ReservedConcurrentExecutions"), at("reserved_concurrent_executions"), SUPPORTING),
        f(
            "kms_key",
            Ty::Ref(&[Kind::KmsKey]),
            "encrypts the environment variables",
        ).to(at_as("KmsKeyArn", How::Arn), at_as("kms_key_arn", How::Arn), SUPPORTING),
        f(
            "tracing",
            Ty::Enum(&["Active", "PassThrough"]),
            "X-Ray tracing mode",
        ).to(at("TracingConfig.Mode"), at("tracing_config[].mode"), SUPPORTING),
        f(
            "layers",
            Ty::List(&Ty::Str),
            "layer version ARNs, at most 5",
        ).to(at("Layers"), at("layers"), SUPPORTING),
        f("ephemeral_storage_mb", Ty::Int, "/tmp size, 512-10240 MB").to(at("EphemeralStorage.Size"), at("ephemeral_storage[].size"), SUPPORTING),
        f("description", Ty::Str, "description").to(at("Description"), at("description"), SUPPORTING),
        TAGS.to(at_as("Tags", How::TagList), at_as("tags", How::TagMap), SUPPORTING),
    ],
};

/// `lambda::Permission`.
pub static LAMBDA_PERMISSION: StructDef = StructDef {
    name: "lambda::Permission",
    fields: &[
        req("function", Ty::Ref(&[Kind::LambdaFunction]), "the function").to(
            at_as("FunctionName", How::Arn),
            at_as("function_name", How::Name),
            SUPPORTING,
        ),
        req("principal", Ty::Str, "the service, e.g. `s3.amazonaws.com`").to(
            at("Principal"),
            at("principal"),
            SUPPORTING,
        ),
        f("action", Ty::Str, "default `lambda:InvokeFunction`").to(
            at("Action"),
            at("action"),
            SUPPORTING,
        ),
        f(
            "source",
            Ty::Ref(&[Kind::S3Bucket]),
            "the source resource (bucket) or its ARN",
        )
        .to(
            at_as("SourceArn", How::Arn),
            at_as("source_arn", How::Arn),
            SUPPORTING,
        ),
        f(
            "source_account",
            Ty::Str,
            "`self` or an account id (confused-deputy protection)",
        )
        .to(
            at_as("SourceAccount", How::Built),
            at_as("source_account", How::Built),
            SUPPORTING,
        ),
    ],
};

/// `logs::LogGroup`.
pub static LOG_GROUP: StructDef = StructDef {
    name: "logs::LogGroup",
    fields: &[
        req("name", Ty::Str, "1-512 of `[.-_/#A-Za-z0-9]`").to(
            at("LogGroupName"),
            at("name"),
            SUPPORTING,
        ),
        f("region", Ty::Str, REGION_DOC).to(
            absent("the Region chooses the template"),
            absent("the Region chooses the provider alias"),
            absent("the Region chooses the client's endpoint"),
        ),
        f(
            "retention_days",
            Ty::Int,
            "one of the retention values CloudWatch Logs accepts",
        )
        .to(at("RetentionInDays"), at("retention_in_days"), SUPPORTING),
        f("kms_key", Ty::Ref(&[Kind::KmsKey]), "encryption key").to(
            at_as("KmsKeyId", How::Arn),
            at_as("kms_key_id", How::Arn),
            SUPPORTING,
        ),
        f(
            "class",
            Ty::Enum(&["STANDARD", "INFREQUENT_ACCESS"]),
            "log group class",
        )
        .to(at("LogGroupClass"), at("log_group_class"), SUPPORTING),
        TAGS.to(
            at_as("Tags", How::TagList),
            at_as("tags", How::TagMap),
            SUPPORTING,
        ),
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
        req("name", Ty::Str, "at most 255 of `[A-Za-z0-9_-]`").to(
            at("DashboardName"),
            at("dashboard_name"),
            SUPPORTING,
        ),
        f("region", Ty::Str, REGION_DOC).to(
            absent("the Region chooses the template"),
            absent("the Region chooses the provider alias"),
            absent("the Region chooses the client's endpoint"),
        ),
        req("widgets", Ty::List(&Ty::Struct(&WIDGET)), "the widgets").to(
            at_as("DashboardBody", How::Built),
            at_as("dashboard_body", How::Built),
            SUPPORTING,
        ),
    ],
};

/// What `synth apply` says of an organization deployment's fields: it writes one account.
const ORG_API: Place = absent(
    "apply writes one account; an organization deploys through `synth --format cfn|tf` from its management account",
);
/// What the checks read and no output writes.
const ORG_CHECKED: Place = absent(
    "read by the organization rules (BK423): the central vault's access policy and the copies",
);

/// `organizations::Deployment { .. }`: the stack in every account of organizational units.
/// The plans it names become an AWS Organizations backup policy attached to the targets; every
/// other resource (the member-account part: vaults, keys, locks, the backup role, plans kept
/// local) is the template of a CloudFormation StackSet with service-managed permissions that
/// deploys to the same targets in every Region of `regions`, automatically to accounts that join.
/// [DOC orgs_manage_policies_backup_syntax; CFN AWS::Organizations::Policy,
/// AWS::CloudFormation::StackSet]
pub static ORG_DEPLOYMENT: StructDef = StructDef {
    name: "organizations::Deployment",
    fields: &[
        req(
            "name",
            Ty::Str,
            "the backup policy's and the StackSet's name: a letter, then letters, digits and `-`, at most 128",
        )
        .to(
            in_unit("AWS::Organizations::Policy", "Name", How::Value),
            in_unit("aws_organizations_policy", "name", How::Value),
            ORG_API,
        ),
        f("description", Ty::Str, "the policy's description, at most 512 characters").to(
            in_unit("AWS::Organizations::Policy", "Description", How::Value),
            in_unit("aws_organizations_policy", "description", How::Value),
            ORG_API,
        ),
        req(
            "targets",
            Ty::List(&Ty::Str),
            "where the policy is attached and the StackSet deploys: the root (`r-..`) or organizational units (`ou-..`)",
        )
        .to(
            in_unit("AWS::Organizations::Policy", "TargetIds", How::Value),
            in_unit("aws_organizations_policy_attachment", "target_id", How::Built),
            ORG_API,
        ),
        req(
            "regions",
            Ty::List(&Ty::Str),
            "the Regions of every account: the StackSet's stack instances, and the policy plans' `regions`",
        )
        .to(
            in_unit("AWS::CloudFormation::StackSet", "StackInstancesGroup", How::Built),
            in_unit("aws_cloudformation_stack_set_instance", "region", How::Built),
            ORG_API,
        ),
        req(
            "policy",
            Ty::List(&Ty::Ref(&[Kind::Plan])),
            "the plans that become the backup policy, with their selections; the other plans deploy with the StackSet",
        )
        .to(
            in_unit("AWS::Organizations::Policy", "Content", How::Built),
            in_unit("aws_organizations_policy", "content", How::Built),
            ORG_API,
        ),
        f(
            "organization_id",
            Ty::Str,
            "`o-..`: the organization whose accounts copy into the central vault (`aws:PrincipalOrgID`)",
        )
        .to(ORG_CHECKED, ORG_CHECKED, ORG_API),
        f(
            "central_account",
            Ty::Str,
            "the central backup account member accounts copy into (AWS Control Tower's topology)",
        )
        .to(ORG_CHECKED, ORG_CHECKED, ORG_API),
        f(
            "delegated_admin",
            Ty::Bool,
            "deployed from a delegated administrator account for StackSets, not the management account",
        )
        .to(
            in_unit("AWS::CloudFormation::StackSet", "CallAs", How::Built),
            in_unit("aws_cloudformation_stack_set", "call_as", How::Built),
            ORG_API,
        ),
        TAGS.to(
            in_unit("AWS::Organizations::Policy", "Tags", How::TagList),
            in_unit("aws_organizations_policy", "tags", How::TagMap),
            ORG_API,
        ),
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
