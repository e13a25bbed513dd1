//! Layer 5, consumers of a checked stack.
//!
//! What the stack wants of each AWS Backup resource, as the API requests that would create it:
//! the main call (`CreateBackupVault`) and its companions (`PutBackupVaultLockConfiguration`),
//! derived from the schema's field places with `emit::mapped::derive`, the same walk the
//! emitters use. References render from [`Known`]: what is derivable (a role's ARN from its name
//! and the account), what was looked up (a KMS key by its alias), what AWS returned (a plan's
//! id). A reference not known yet renders as [`UNKNOWN`] and is listed, so that nothing
//! unresolved is ever sent.

use super::{DIGEST_TAG, ID_TAG, STACK_TAG};
use crate::emit::mapped::{self, Renderer};
use crate::emit::{policy_document, string_pairs, strings, tag_condition_pairs, Render};
use crate::json_tree::{json_tree as tree, Map as TreeMap, Tree};
use crate::model::{fnv1a, Resource, Stack};
use crate::schema::{FieldDef, How, Kind, Output, Place, StructDef};
use crate::value::{Object, Value};
use serde_json::{json, Map, Value as Json};
use std::cell::RefCell;
use std::collections::HashMap;

/// How a reference that apply cannot know before an earlier write renders in a plan.
pub const UNKNOWN: &str = "(known after apply)";

/// Whether apply creates resources of this kind: the AWS Backup kinds. The others (keys, roles,
/// buckets, ..) are deployed with CloudFormation or Terraform first (`synth --only supporting`)
/// and only referenced.
pub fn is_applied(kind: Kind) -> bool {
    kind.is_aws_backup()
}

/// The API operation that creates a resource of an applied kind.
pub fn create_operation(kind: Kind) -> &'static str {
    match kind {
        Kind::Vault => "CreateBackupVault",
        Kind::AirGappedVault => "CreateLogicallyAirGappedBackupVault",
        Kind::Plan => "CreateBackupPlan",
        Kind::Selection => "CreateBackupSelection",
        Kind::Framework => "CreateFramework",
        Kind::ReportPlan => "CreateReportPlan",
        Kind::RestoreTestingPlan => "CreateRestoreTestingPlan",
        Kind::RestoreTestingSelection => "CreateRestoreTestingSelection",
        _ => "",
    }
}

/// The request member that carries a kind's tags, as the schema declares it for the API.
pub fn tags_member(kind: Kind) -> Option<&'static str> {
    match kind.schema().field("tags")?.to.api {
        Place::At(path, How::TagMap) => Some(path),
        _ => None,
    }
}

/// What is known of a resource that others reference.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attrs {
    /// Its ARN.
    pub arn: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// Its id (a plan's `BackupPlanId`, a key's id, a selection's `SelectionId`).
    pub id: Option<String>,
}

/// What apply knows of the stack's resources so far, and where it runs.
#[derive(Clone, Debug, Default)]
pub struct Known {
    /// The account (`#[account]` or STS).
    pub account: String,
    /// Logical id -> attributes.
    pub attrs: HashMap<String, Attrs>,
}

impl Known {
    /// Nothing known yet but the account.
    pub fn new(account: impl Into<String>) -> Self {
        Known {
            account: account.into(),
            attrs: HashMap::new(),
        }
    }

    /// Records what is known of a resource (later facts add to earlier ones).
    pub fn learn(&mut self, id: &str, attrs: Attrs) {
        let slot = self.attrs.entry(id.to_string()).or_default();
        slot.arn = attrs.arn.or(slot.arn.take());
        slot.name = attrs.name.or(slot.name.take());
        slot.id = attrs.id.or(slot.id.take());
    }
}

pub use crate::rules::names::partition;

/// The attributes AWS derives from a resource's name alone: its ARN where [`Kind::arn_of`] knows
/// it (a role's from its account, path and name), else only its name; `None` without a name.
pub fn derivable(stack: &Stack, res: &Resource, account: &str) -> Option<Attrs> {
    let name = res.body.str("name")?.to_string();
    let region = stack.region_of(res).unwrap_or("us-east-1");
    let arn = res.kind.arn_of(
        partition(region),
        region,
        account,
        &name,
        res.body.str("path").unwrap_or("/"),
    );
    Some(Attrs {
        arn,
        name: Some(name),
        id: None,
    })
}

/// One API call with its request members.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The operation (`PutBackupVaultLockConfiguration`).
    pub operation: &'static str,
    /// Its request members, named as in the API reference.
    pub members: Json,
}

/// What the stack wants of one resource.
#[derive(Clone, Debug, PartialEq)]
pub struct Desired {
    /// Its logical id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its Region.
    pub region: String,
    /// Its name (for a selection, its `SelectionName`).
    pub name: String,
    /// The create call first, then the companions that configure it.
    pub calls: Vec<Call>,
    /// The logical ids of applied resources it references (created first).
    pub depends_on: Vec<String>,
    /// References not known yet (rendered [`UNKNOWN`]): the resources they name are created
    /// first, and the requests rendered again.
    pub unknown: Vec<String>,
    /// Whether destroy keeps it (`deletion_policy` `Retain`, a vault's default).
    pub retained: bool,
}

impl Desired {
    /// The create call.
    pub fn create(&self) -> &Call {
        &self.calls[0]
    }

    /// A companion call by operation.
    pub fn companion(&self, operation: &str) -> Option<&Call> {
        self.calls[1..].iter().find(|c| c.operation == operation)
    }

    /// The tags the create call carries.
    pub fn tags(&self) -> Map<String, Json> {
        tags_member(self.kind)
            .and_then(|m| self.create().members.get(m))
            .and_then(Json::as_object)
            .cloned()
            .unwrap_or_default()
    }

    /// A digest of what apply writes (every member but the tags, which carry the digest), for
    /// drift detection.
    pub fn digest(&self) -> String {
        let mut text = String::new();
        for call in &self.calls {
            let mut members = call.members.clone();
            if let (Some(m), Some(o)) = (tags_member(self.kind), members.as_object_mut()) {
                o.remove(m);
            }
            text.push_str(call.operation);
            text.push_str(&members.to_string());
        }
        format!("{:016x}", fnv1a(text.as_bytes()))
    }
}

/// Every applied resource of the stack, in dependency order.
pub fn desired_all(stack: &Stack, known: &Known) -> Vec<Desired> {
    stack
        .dependency_order()
        .into_iter()
        .filter(|r| is_applied(r.kind))
        .map(|r| desired(stack, r, known))
        .collect()
}

/// The requests that create and configure one applied resource.
pub fn desired(stack: &Stack, res: &Resource, known: &Known) -> Desired {
    let region = stack.region_of(res).unwrap_or("us-east-1").to_string();
    let cx = ApiCx {
        stack,
        known,
        region: &region,
        unknown: RefCell::new(Vec::new()),
    };
    let def = res.kind.schema();
    let body = &res.body;
    let mut create = mapped::derive(def, body, Output::Api, None, &cx);
    if res.kind == Kind::RestoreTestingSelection && !body.has("resources") && body.has("conditions")
    {
        mapped::set_path(
            &mut create,
            "RestoreTestingSelection.ProtectedResourceArns",
            tree!(["*"]),
        );
    }
    let name = body.str("name").unwrap_or_default().to_string();
    let mut calls = vec![Call {
        operation: create_operation(res.kind),
        members: Tree::Object(create).into(),
    }];
    for unit in mapped::units_used(def, body, Output::Api) {
        let mut members = TreeMap::new();
        members.insert("BackupVaultName", tree!(name.as_str()));
        members.extend(mapped::derive(def, body, Output::Api, Some(unit), &cx));
        calls.push(Call {
            operation: unit,
            members: Tree::Object(members).into(),
        });
    }
    let depends_on = stack
        .references()
        .into_iter()
        .filter(|(from, _, to)| {
            from.id == res.id && *to != res.id && stack.get(to).is_some_and(|t| is_applied(t.kind))
        })
        .map(|(_, _, to)| to.to_string())
        .fold(Vec::new(), |mut v, id| {
            if !v.contains(&id) {
                v.push(id);
            }
            v
        });
    let unknown = cx.unknown.into_inner();
    let mut desired = Desired {
        id: res.id.clone(),
        kind: res.kind,
        region,
        name,
        calls,
        depends_on,
        unknown,
        retained: matches!(res.kind, Kind::Vault | Kind::AirGappedVault)
            && body.str("deletion_policy") != Some("Delete"),
    };
    if let Some(member) = tags_member(res.kind) {
        let digest = desired.digest();
        let tags = desired.calls[0].members.as_object_mut().and_then(|o| {
            o.entry(member.to_string())
                .or_insert_with(|| json!({}))
                .as_object_mut()
        });
        if let Some(tags) = tags {
            tags.insert(STACK_TAG.into(), json!(stack.name));
            tags.insert(ID_TAG.into(), json!(res.id));
            tags.insert(DIGEST_TAG.into(), json!(digest));
        }
    }
    desired
}

/// Renders references from [`Known`] and builds what the API wants by hand.
struct ApiCx<'a> {
    stack: &'a Stack,
    known: &'a Known,
    region: &'a str,
    unknown: RefCell<Vec<String>>,
}

impl ApiCx<'_> {
    fn attr(&self, target: &Resource, how: How) -> Json {
        let attrs = self.known.attrs.get(&target.id);
        let value = attrs.and_then(|a| match how {
            How::Name => a.name.clone(),
            How::Id => a.id.clone(),
            _ => a.arn.clone(),
        });
        match value {
            Some(v) => json!(v),
            None => {
                let mut unknown = self.unknown.borrow_mut();
                if !unknown.contains(&target.id) {
                    unknown.push(target.id.clone());
                }
                json!(UNKNOWN)
            }
        }
    }
}

impl Renderer for ApiCx<'_> {
    fn reference(&self, v: &Value, how: How) -> Option<Tree> {
        match v {
            Value::Ref(id) => self.stack.get(id).map(|t| Tree::from(self.attr(t, how))),
            Value::Str(s) => Some(tree!(s.as_str())),
            _ => None,
        }
    }

    fn built(&self, def: &StructDef, field: &FieldDef, body: &Object) -> Option<Tree> {
        let nonempty = |items: Vec<Tree>| (!items.is_empty()).then_some(Tree::Array(items));
        match (def.name, field.name) {
            ("backup::Vault" | "backup::LogicallyAirGappedVault", "access_policy") => {
                let statements = body.list(field.name);
                (!statements.is_empty()).then(|| {
                    tree!(policy_document(self, statements, true, Vec::new()).to_string())
                })
            }
            ("backup::Selection", "tags") => nonempty(
                string_pairs(body.map("tags"))
                    .into_iter()
                    .map(|(k, v)| tree!({"ConditionType": "STRINGEQUALS", "ConditionKey": k, "ConditionValue": v}))
                    .collect(),
            ),
            ("Conditions", operator) => nonempty(
                tag_condition_pairs(body.map(operator))
                    .into_iter()
                    .map(|(k, v)| tree!({"ConditionKey": k, "ConditionValue": v}))
                    .collect(),
            ),
            ("RestoreConditions", operator) => nonempty(
                tag_condition_pairs(body.map(operator))
                    .into_iter()
                    .map(|(k, v)| tree!({"Key": k, "Value": v}))
                    .collect(),
            ),
            ("Control", "parameters") => nonempty(
                string_pairs(body.map(field.name))
                    .into_iter()
                    .map(|(k, v)| tree!({"ParameterName": k, "ParameterValue": v}))
                    .collect(),
            ),
            ("backup::RestoreTestingSelection", "resources") => {
                nonempty(strings(body.list(field.name)))
            }
            _ => None,
        }
    }
}

impl Render for ApiCx<'_> {
    fn arn(&self, target: &Resource) -> Tree {
        self.attr(target, How::Arn).into()
    }

    fn text(&self, target: &Resource) -> Tree {
        match target.kind {
            Kind::KmsKey | Kind::IamRole | Kind::SnsTopic | Kind::Framework => {
                self.attr(target, How::Arn).into()
            }
            _ => self.attr(target, How::Name).into(),
        }
    }

    fn concat(&self, parts: Vec<Tree>) -> Tree {
        tree!(parts
            .iter()
            .map(|p| p.as_str().unwrap_or_default())
            .collect::<String>())
    }

    fn account_root(&self, account: Option<&str>) -> Tree {
        let account = account.unwrap_or(&self.known.account);
        tree!(format!(
            "arn:{}:iam::{account}:root",
            partition(self.region)
        ))
    }

    fn stack(&self) -> &Stack {
        self.stack
    }
}
