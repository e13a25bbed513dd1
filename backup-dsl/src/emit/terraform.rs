//! Layer 5, consumers of a checked stack.
//!
//! Terraform JSON: one document, one `aws` provider alias per extra Region, references as
//! `${type.name.attr}`, and AWS's defaults written out where Terraform's differ (start window
//! 480 vs 60, completion window 10080 vs 180).
//!
//! Several stack instances can share one document ([`emit_all`]): resource names are prefixed
//! with the instance name and providers are declared once, so two instances of one component
//! never clash (the seed's tool declared its provider inside the component: seed defect D14).

use super::chunks::{push_joined, Chunks};
use super::mapped::{self, Renderer};
use super::{
    backup_publish_statement, key_service_grants, key_tags, policy_document, ref_map, region_of,
    scalar, split_problems, string_pairs, strings, tag_condition_pairs, trust_document, Facts, Obj,
    Part, Render,
};
use crate::build::CheckedStack;
use crate::codes::{BK301, BK305};
use crate::diag::Report;
use crate::json_tree::json_tree as json;
use crate::json_tree::{Map, Tree as Json};
use crate::model::{ReferenceTable, Resource, Stack};
use crate::rules::org;
use crate::schema::{FieldDef, How, Kind, Output, StructDef};
use crate::value::{Object, Value};
use std::cell::Cell;

/// The provider versions the output is for: 5.100 or a later 5.x, the major version it is
/// validated against (`terraform validate` with hashicorp/aws 5.100.0). Major versions change
/// arguments, so 6.x is not accepted until it is tested.
pub const AWS_PROVIDER_VERSION: &str = "~> 5.100";

struct Cx<'a> {
    stack: &'a Stack,
    prefix: String,
    needs_identity: &'a Cell<bool>,
    /// What the stack as a whole says about each resource, computed once.
    facts: &'a Facts,
    /// The resources this document holds; a reference to one outside it is written as its
    /// name-derived ARN (or its name).
    part: Part,
    /// The stack's references as the check resolved them (`CheckedStack::references_by_position`).
    reference_table: &'a ReferenceTable,
    /// The rows of `reference_table` of the resource being rendered: its targets are found
    /// among these few instead of through the stack's id index, whose table at 10,000 resources
    /// no longer stays in the cache (a miss or two per lookup).
    references: Cell<(usize, usize)>,
}

impl<'a> Cx<'a> {
    /// The resource `id` refers to: one of the current resource's resolved references, else
    /// (a reference the table does not hold) by the stack's index.
    fn target(&self, id: &str) -> Option<&'a Resource> {
        let stack = self.stack;
        let (first, end) = self.references.get();
        (first..end)
            .filter_map(|at| self.reference_table.target_at(at))
            .map(|to| &stack.resources[to])
            .find(|t| t.id == id)
            .or_else(|| stack.get(id))
    }
}

fn tf_type(kind: Kind) -> &'static str {
    match kind {
        Kind::KmsKey => "aws_kms_key",
        Kind::KmsAlias => "aws_kms_alias",
        Kind::IamRole => "aws_iam_role",
        Kind::SnsTopic => "aws_sns_topic",
        Kind::Vault => "aws_backup_vault",
        Kind::AirGappedVault => "aws_backup_logically_air_gapped_vault",
        Kind::Plan => "aws_backup_plan",
        Kind::Selection => "aws_backup_selection",
        Kind::Framework => "aws_backup_framework",
        Kind::ReportPlan => "aws_backup_report_plan",
        Kind::RestoreTestingPlan => "aws_backup_restore_testing_plan",
        Kind::RestoreTestingSelection => "aws_backup_restore_testing_selection",
        Kind::S3Bucket => "aws_s3_bucket",
        Kind::DynamoTable => "aws_dynamodb_table",
        Kind::LambdaFunction => "aws_lambda_function",
        Kind::LambdaPermission => "aws_lambda_permission",
        Kind::LogGroup => "aws_cloudwatch_log_group",
        Kind::Dashboard => "aws_cloudwatch_dashboard",
        Kind::OrgDeployment => "aws_organizations_policy",
    }
}

impl Cx<'_> {
    fn name(&self, id: &str) -> String {
        format!("{}{id}", self.prefix)
    }

    fn address(&self, target: &Resource) -> String {
        format!("{}.{}", tf_type(target.kind), self.name(&target.id))
    }

    /// A resource another output deploys (`synth --only`), by what AWS derives from its name
    /// ([`Kind::arn_of`]).
    fn outside(&self, target: &Resource, attr: &str) -> Json {
        self.needs_identity.set(true);
        let name = target.body.str("name").unwrap_or_default();
        let arn = target.kind.arn_of(
            "${data.aws_partition.current.partition}",
            region_of(self.stack, target),
            "${data.aws_caller_identity.current.account_id}",
            name,
            target.body.str("path").unwrap_or("/"),
        );
        match (attr, arn) {
            ("arn", Some(arn)) => json!(arn),
            _ => json!(name),
        }
    }

    fn attr(&self, target: &Resource, attr: &str) -> Json {
        if !self.part.includes(target.kind) {
            return self.outside(target, attr);
        }
        // `${<type>.<prefix><id>.<attr>}`, written into one string: this is the most frequent
        // piece of text the emitter makes (two `format!`s were 2% of synthesizing).
        let ty = tf_type(target.kind);
        let mut text =
            String::with_capacity(ty.len() + self.prefix.len() + target.id.len() + attr.len() + 5);
        text.push_str("${");
        text.push_str(ty);
        text.push('.');
        text.push_str(&self.prefix);
        text.push_str(&target.id);
        text.push('.');
        text.push_str(attr);
        text.push('}');
        Json::String(text)
    }

    fn reference(&self, v: Option<&Value>, attr: &str) -> Option<Json> {
        match v? {
            Value::Str(s) => Some(json!(s.as_str())),
            Value::Ref(id) => self.target(id).map(|t| self.attr(t, attr)),
            _ => None,
        }
    }
}

/// A resource's arguments as the schema's field places declare them.
fn mapped(cx: &Cx, res: &Resource) -> Obj {
    Obj::from_map(mapped::derive(
        res.kind.schema(),
        &res.body,
        Output::Terraform,
        None,
        cx,
    ))
}

impl Renderer for Cx<'_> {
    fn reference(&self, v: &Value, how: How) -> Option<Json> {
        let Value::Ref(id) = v else {
            return scalar(Some(v));
        };
        let target = self.target(id)?;
        let attr = match (how, target.kind) {
            (How::Arn, _) => return Some(self.arn(target)),
            (How::Name, Kind::S3Bucket) => "bucket",
            (How::Name, Kind::LambdaFunction) => "function_name",
            (How::Name, Kind::Dashboard) => "dashboard_name",
            (How::Name, _) => "name",
            (How::Id, Kind::KmsKey) => "key_id",
            _ => "id",
        };
        Some(self.attr(target, attr))
    }

    fn built(&self, def: &StructDef, field: &FieldDef, body: &Object) -> Option<Json> {
        let nonempty = |items: Vec<Json>| (!items.is_empty()).then_some(Json::Array(items));
        match (def.name, field.name) {
            ("backup::Vault" | "backup::LogicallyAirGappedVault", "access_policy") => {
                let statements = body.list(field.name);
                (!statements.is_empty()).then(|| {
                    json_text_argument(policy_document(self, statements, true, Vec::new()))
                })
            }
            ("backup::Selection", "tags") => nonempty(
                string_pairs(body.map("tags"))
                    .into_iter()
                    .map(|(k, v)| json!({"type": "STRINGEQUALS", "key": k, "value": v}))
                    .collect(),
            ),
            ("Conditions" | "RestoreConditions", operator) => {
                nonempty(tag_condition_values(body.map(operator)))
            }
            ("Control", "parameters") => nonempty(
                string_pairs(body.map(field.name))
                    .into_iter()
                    .map(|(k, v)| json!({"name": k, "value": v}))
                    .collect(),
            ),
            // With conditions, the provider wants the ARNs without the `*` that CloudFormation
            // requires.
            ("backup::RestoreTestingSelection", "resources") => nonempty(
                strings(body.list(field.name))
                    .into_iter()
                    .filter(|a| !(body.has("conditions") && a == "*"))
                    .collect(),
            ),
            _ => None,
        }
    }
}

impl Render for Cx<'_> {
    fn arn(&self, target: &Resource) -> Json {
        let attr = match target.kind {
            Kind::Dashboard => "dashboard_arn",
            Kind::Selection | Kind::RestoreTestingSelection | Kind::LambdaPermission => "id",
            _ => "arn",
        };
        self.attr(target, attr)
    }

    fn text(&self, target: &Resource) -> Json {
        let attr = match target.kind {
            Kind::KmsKey | Kind::IamRole | Kind::SnsTopic | Kind::Framework => "arn",
            Kind::S3Bucket => "bucket",
            Kind::LambdaFunction => "function_name",
            Kind::Dashboard => "dashboard_name",
            Kind::Plan | Kind::Selection | Kind::LambdaPermission => "id",
            _ => "name",
        };
        self.attr(target, attr)
    }

    fn concat(&self, parts: Vec<Json>) -> Json {
        json!(parts
            .iter()
            .map(|p| p.as_str().unwrap_or_default().to_string())
            .collect::<String>())
    }

    fn account_root(&self, account: Option<&str>) -> Json {
        self.needs_identity.set(true);
        let account = account
            .map(str::to_string)
            .unwrap_or_else(|| "${data.aws_caller_identity.current.account_id}".into());
        json!(format!(
            "arn:${{data.aws_partition.current.partition}}:iam::{account}:root"
        ))
    }

    fn stack(&self) -> &Stack {
        self.stack
    }
}

fn provider_alias(region: &str) -> String {
    region.replace('-', "_")
}

fn tags(pairs: &[(String, Value)]) -> Option<Json> {
    if pairs.is_empty() {
        return None;
    }
    let mut m = Map::new();
    for (k, v) in string_pairs(pairs) {
        m.insert(k, json!(v));
    }
    Some(Json::Object(m))
}

fn tag_condition_values(pairs: &[(String, Value)]) -> Vec<Json> {
    tag_condition_pairs(pairs)
        .into_iter()
        .map(|(k, v)| json!({"key": k, "value": v}))
        .collect()
}

/// What the check found that Terraform cannot express, refused here even where a lint allowed
/// the check's warning.
fn unsupported(s: &CheckedStack) -> Report {
    crate::rules::regions::limits_report(s.terraform_limits().to_vec())
}

/// Terraform resources in the order they are emitted: type, name, arguments. A flat list, not
/// a map of maps: a resource's entries are grouped by type once per document (or rendered one by
/// one), and two maps with their hashed keys per resource were 2% of synthesizing.
type Entries = Vec<(&'static str, String, Json)>;

fn put(out: &mut Entries, ty: &'static str, name: String, body: Json) {
    out.push((ty, name, body));
}

/// A document as the JSON text a Terraform argument takes (policies, a dashboard's body):
/// written as a string in one pass when rendered ([`Json::Encoded`]).
fn json_text_argument(doc: Json) -> Json {
    Json::Encoded(Box::new(doc))
}

/// A lifecycle rule's filter: Terraform wants one criterion directly, several under `and`, and
/// always a filter (a rule without one is deprecated: seed defect D6).
fn lifecycle_filter(r: &Object) -> Json {
    let rule_tags = tags(r.map("tags"));
    let sizes = [
        (
            "object_size_greater_than",
            scalar(r.get("object_size_greater_than")),
        ),
        (
            "object_size_less_than",
            scalar(r.get("object_size_less_than")),
        ),
    ];
    let criteria = usize::from(r.has("prefix"))
        + usize::from(rule_tags.is_some())
        + sizes.iter().filter(|(_, v)| v.is_some()).count();
    if criteria > 1 || (criteria == 1 && r.map("tags").len() > 1) {
        let mut and = Obj::new()
            .set("prefix", scalar(r.get("prefix")))
            .set("tags", rule_tags);
        for (k, v) in sizes {
            and = and.set(k, v);
        }
        return json!([{"and": [and.build()]}]);
    }
    if let Some((k, v)) = string_pairs(r.map("tags")).into_iter().next() {
        return json!([{"tag": [{"key": k, "value": v}]}]);
    }
    let mut single = Obj::new().set(
        "prefix",
        scalar(r.get("prefix")).or(if criteria == 0 { Some(json!("")) } else { None }),
    );
    for (k, v) in sizes {
        single = single.set(k, v);
    }
    json!([single.build()])
}

fn s3_bucket(cx: &Cx, res: &Resource, with_provider: &dyn Fn(Obj) -> Obj, out: &mut Entries) {
    let b = &res.body;
    let name = cx.name(&res.id);
    let id = cx.attr(res, "id");
    let mut o = Obj::new()
        .set("bucket", scalar(b.get("name")))
        .set(
            "object_lock_enabled",
            if b.has("object_lock") {
                Some(json!(true))
            } else {
                None
            },
        )
        .set("tags", tags(b.map("tags")));
    if b.str("deletion_policy") != Some("Delete") {
        o = o.set("lifecycle", json!({"prevent_destroy": true}));
    }
    put(out, "aws_s3_bucket", name.clone(), with_provider(o).build());
    let versioning_address = format!("aws_s3_bucket_versioning.{name}_versioning");
    if let Some(status) = scalar(b.get("versioning")) {
        let o = Obj::new()
            .set("bucket", id.clone())
            .set("versioning_configuration", json!([{"status": status}]));
        put(
            out,
            "aws_s3_bucket_versioning",
            format!("{name}_versioning"),
            with_provider(o).build(),
        );
    }
    if let Some(l) = b.obj("object_lock") {
        let retention = Obj::new()
            .set("mode", scalar(l.get("mode")))
            .set("days", scalar(l.get("days")))
            .set("years", scalar(l.get("years")))
            .build();
        let mut o = Obj::new()
            .set("bucket", id.clone())
            .set("rule", json!([{"default_retention": [retention]}]));
        if b.has("versioning") {
            o = o.set("depends_on", json!([versioning_address.as_str()]));
        }
        put(
            out,
            "aws_s3_bucket_object_lock_configuration",
            format!("{name}_object_lock"),
            with_provider(o).build(),
        );
    }
    let transitions = |list: &[Value], days_key: &'static str| -> Vec<Json> {
        list.iter().filter_map(Value::as_object).map(|t| json!({days_key: scalar(t.get("days")), "storage_class": scalar(t.get("storage_class"))})).collect()
    };
    let rules: Vec<Json> = b
        .list("lifecycle_rules")
        .iter()
        .filter_map(Value::as_object)
        .map(|r| {
            let expiration = if r.has("expiration_days") || r.has("expired_object_delete_marker") {
                Some(json!([Obj::new()
                    .set("days", scalar(r.get("expiration_days")))
                    .set(
                        "expired_object_delete_marker",
                        scalar(r.get("expired_object_delete_marker"))
                    )
                    .build()]))
            } else {
                None
            };
            Obj::new()
                .set("id", scalar(r.get("id")))
                .set(
                    "status",
                    json!(if r.bool("enabled") == Some(false) {
                        "Disabled"
                    } else {
                        "Enabled"
                    }),
                )
                .set("filter", lifecycle_filter(r))
                .set_nonempty("transition", transitions(r.list("transitions"), "days"))
                .set_nonempty(
                    "noncurrent_version_transition",
                    transitions(r.list("noncurrent_transitions"), "noncurrent_days"),
                )
                .set("expiration", expiration)
                .set(
                    "noncurrent_version_expiration",
                    scalar(r.get("noncurrent_expiration_days"))
                        .map(|d| json!([{"noncurrent_days": d}])),
                )
                .set(
                    "abort_incomplete_multipart_upload",
                    scalar(r.get("abort_incomplete_multipart_days"))
                        .map(|d| json!([{"days_after_initiation": d}])),
                )
                .build()
        })
        .collect();
    if !rules.is_empty() {
        let mut o = Obj::new()
            .set("bucket", id.clone())
            .set("rule", Json::Array(rules));
        if b.has("versioning") {
            o = o.set("depends_on", json!([versioning_address.as_str()]));
        }
        put(
            out,
            "aws_s3_bucket_lifecycle_configuration",
            format!("{name}_lifecycle"),
            with_provider(o).build(),
        );
    }
    let public = b.bool("block_public_access") != Some(false);
    let o = Obj::new()
        .set("bucket", id.clone())
        .set("block_public_acls", json!(public))
        .set("block_public_policy", json!(public))
        .set("ignore_public_acls", json!(public))
        .set("restrict_public_buckets", json!(public));
    put(
        out,
        "aws_s3_bucket_public_access_block",
        format!("{name}_public_access"),
        with_provider(o).build(),
    );
    if let Some(e) = b.obj("encryption") {
        let rule = json!([{
            "apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": cx.reference(e.get("kms_key"), "arn")}],
            "bucket_key_enabled": e.bool("bucket_key").unwrap_or(true)
        }]);
        let o = Obj::new().set("bucket", id.clone()).set("rule", rule);
        put(
            out,
            "aws_s3_bucket_server_side_encryption_configuration",
            format!("{name}_encryption"),
            with_provider(o).build(),
        );
    }
    for i in b.list("inventories").iter().filter_map(Value::as_object) {
        let inv_name = i
            .str("name")
            .unwrap_or("inventory")
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_");
        let encryption = cx
            .reference(i.get("kms_key"), "arn")
            .map(|k| json!([{"sse_kms": [{"key_id": k}]}]));
        let destination = Obj::new()
            .set("bucket_arn", cx.reference(i.get("destination"), "arn"))
            .set("format", json!(i.str("format").unwrap_or("CSV")))
            .set("prefix", scalar(i.get("prefix")))
            .set("encryption", encryption)
            .build();
        let o = Obj::new()
            .set("bucket", id.clone())
            .set("name", scalar(i.get("name")))
            .set(
                "included_object_versions",
                json!(i.str("versions").unwrap_or("Current")),
            )
            .set(
                "schedule",
                json!([{"frequency": i.str("frequency").unwrap_or("Daily")}]),
            )
            .set("destination", json!([{"bucket": [destination]}]));
        put(
            out,
            "aws_s3_bucket_inventory",
            format!("{name}_{inv_name}"),
            with_provider(o).build(),
        );
    }
    if !b.list("policy").is_empty() {
        let o = Obj::new().set("bucket", id.clone()).set(
            "policy",
            json_text_argument(policy_document(cx, b.list("policy"), true, Vec::new())),
        );
        put(
            out,
            "aws_s3_bucket_policy",
            format!("{name}_policy"),
            with_provider(o).build(),
        );
    }
    let notifications: Vec<Json> = b
        .list("notifications")
        .iter()
        .filter_map(Value::as_object)
        .map(|n| {
            Obj::new()
                .set(
                    "lambda_function_arn",
                    cx.reference(n.get("function"), "arn"),
                )
                .set("events", Json::Array(strings(n.list("events"))))
                .set("filter_prefix", scalar(n.get("prefix")))
                .set("filter_suffix", scalar(n.get("suffix")))
                .build()
        })
        .collect();
    if !notifications.is_empty() {
        let permissions: Vec<Json> = cx
            .facts
            .permissions_by_source
            .get(&res.id)
            .into_iter()
            .flatten()
            .filter_map(|id| cx.stack.get(id))
            .map(|p| json!(cx.address(p)))
            .collect();
        let o = Obj::new()
            .set("bucket", id.clone())
            .set("lambda_function", Json::Array(notifications))
            .set_nonempty("depends_on", permissions);
        put(
            out,
            "aws_s3_bucket_notification",
            format!("{name}_notification"),
            with_provider(o).build(),
        );
    }
    if let Some(l) = b.obj("access_logs") {
        let o = Obj::new()
            .set("bucket", id)
            .set("target_bucket", cx.reference(l.get("bucket"), "id"))
            .set(
                "target_prefix",
                scalar(l.get("prefix")).unwrap_or(json!("")),
            );
        put(
            out,
            "aws_s3_bucket_logging",
            format!("{name}_logging"),
            with_provider(o).build(),
        );
    }
}

fn resource(cx: &Cx, res: &Resource, provider: Option<String>, out: &mut Entries) {
    let b = &res.body;
    let name = cx.name(&res.id);
    let with_provider = |o: Obj| o.set("provider", provider.clone().map(Json::String));
    match res.kind {
        // Rendered by `organization` as the management account's policy and StackSet.
        Kind::OrgDeployment => {}
        Kind::KmsKey => {
            let statements = b.list("policy");
            let grants = key_service_grants(cx.facts, res);
            let policy = if statements.is_empty() {
                let mut all = vec![
                    json!({"Sid": "AccountAdministers", "Effect": "Allow", "Principal": {"AWS": cx.account_root(None)}, "Action": "kms:*", "Resource": "*"}),
                ];
                all.extend(grants);
                json!({"Version": "2012-10-17", "Statement": all})
            } else {
                policy_document(cx, statements, true, grants)
            };
            let o = Obj::new()
                .set("description", scalar(b.get("description")))
                .set("enable_key_rotation", scalar(b.get("rotation")))
                .set(
                    "rotation_period_in_days",
                    scalar(b.get("rotation_period_days")),
                )
                .set(
                    "deletion_window_in_days",
                    scalar(b.get("deletion_window_days")),
                )
                .set("multi_region", scalar(b.get("multi_region")))
                .set("policy", json_text_argument(policy))
                .set("tags", tags(&key_tags(cx.stack, res)))
                .set("lifecycle", json!({"prevent_destroy": true}));
            put(out, "aws_kms_key", name, with_provider(o).build());
        }
        Kind::KmsAlias | Kind::LogGroup => {
            put(
                out,
                tf_type(res.kind),
                name,
                with_provider(mapped(cx, res)).build(),
            );
        }
        Kind::IamRole => {
            let o = Obj::new()
                .set("name", scalar(b.get("name")))
                .set(
                    "assume_role_policy",
                    json_text_argument(trust_document(
                        cx,
                        b.list("assumed_by"),
                        b.str("external_id"),
                    )),
                )
                .set("path", scalar(b.get("path")))
                .set("description", scalar(b.get("description")))
                .set("max_session_duration", scalar(b.get("max_session_seconds")))
                .set("tags", tags(b.map("tags")));
            put(out, "aws_iam_role", name.clone(), with_provider(o).build());
            for (i, arn) in strings(b.list("managed_policies")).into_iter().enumerate() {
                let o = Obj::new()
                    .set("role", cx.attr(res, "name"))
                    .set("policy_arn", arn);
                put(
                    out,
                    "aws_iam_role_policy_attachment",
                    format!("{name}_managed_{i}"),
                    with_provider(o).build(),
                );
            }
            for (i, p) in b
                .list("policies")
                .iter()
                .filter_map(Value::as_object)
                .enumerate()
            {
                let o = Obj::new()
                    .set("name", scalar(p.get("name")))
                    .set("role", cx.attr(res, "id"))
                    .set(
                        "policy",
                        json_text_argument(policy_document(
                            cx,
                            p.list("statements"),
                            false,
                            Vec::new(),
                        )),
                    );
                put(
                    out,
                    "aws_iam_role_policy",
                    format!("{name}_inline_{i}"),
                    with_provider(o).build(),
                );
            }
        }
        Kind::SnsTopic => {
            put(
                out,
                "aws_sns_topic",
                name.clone(),
                with_provider(mapped(cx, res)).build(),
            );
            let arn = cx.attr(res, "arn");
            for (i, s) in b
                .list("subscriptions")
                .iter()
                .filter_map(Value::as_object)
                .enumerate()
            {
                let o = Obj::new()
                    .set("topic_arn", arn.clone())
                    .set("protocol", scalar(s.get("protocol")))
                    .set("endpoint", cx.reference(s.get("endpoint"), "arn"));
                put(
                    out,
                    "aws_sns_topic_subscription",
                    format!("{name}_subscription_{i}"),
                    with_provider(o).build(),
                );
            }
            let notified = cx.facts.notified_topics.contains(&res.id);
            if notified || !b.list("policy").is_empty() {
                let extra = if notified {
                    vec![backup_publish_statement(arn.clone())]
                } else {
                    Vec::new()
                };
                let o = Obj::new().set("arn", arn).set(
                    "policy",
                    json_text_argument(policy_document(cx, b.list("policy"), true, extra)),
                );
                put(
                    out,
                    "aws_sns_topic_policy",
                    format!("{name}_policy"),
                    with_provider(o).build(),
                );
            }
        }
        Kind::Vault | Kind::AirGappedVault => {
            let mut o = mapped(cx, res);
            if b.str("deletion_policy") != Some("Delete") {
                o = o.set("lifecycle", json!({"prevent_destroy": true}));
            }
            put(
                out,
                tf_type(res.kind),
                name.clone(),
                with_provider(o).build(),
            );
            // The lock, notifications and access policy are resources of their own here, each
            // naming the vault.
            let schema = res.kind.schema();
            for unit in mapped::units_used(schema, b, Output::Terraform) {
                let mut members = Map::new();
                members.insert("backup_vault_name", cx.attr(res, "name"));
                members.extend(mapped::derive(schema, b, Output::Terraform, Some(unit), cx));
                let suffix = match unit {
                    "aws_backup_vault_lock_configuration" => "lock",
                    "aws_backup_vault_notifications" => "notifications",
                    _ => "policy",
                };
                put(
                    out,
                    unit,
                    format!("{name}_{suffix}"),
                    with_provider(Obj::from_map(members)).build(),
                );
            }
        }
        Kind::Plan
        | Kind::Selection
        | Kind::Framework
        | Kind::RestoreTestingPlan
        | Kind::RestoreTestingSelection => {
            put(
                out,
                tf_type(res.kind),
                name,
                with_provider(mapped(cx, res)).build(),
            );
        }
        Kind::ReportPlan => {
            let mut members = mapped::derive(res.kind.schema(), b, Output::Terraform, None, cx);
            // The provider wants the count of framework ARNs beside them.
            let frameworks = b.list("frameworks").len();
            if frameworks > 0 {
                mapped::set_path(
                    &mut members,
                    "report_setting[].number_of_frameworks",
                    json!(frameworks),
                );
            }
            put(
                out,
                "aws_backup_report_plan",
                name,
                with_provider(Obj::from_map(members)).build(),
            );
        }
        Kind::S3Bucket => s3_bucket(cx, res, &with_provider, out),
        Kind::DynamoTable => {
            let attributes: Vec<Json> = string_pairs(b.map("attributes"))
                .into_iter()
                .map(|(k, v)| json!({"name": k, "type": v}))
                .collect();
            let index = |i: &Object, global: bool| -> Json {
                let hash = if global {
                    scalar(i.get("hash_key"))
                } else {
                    None
                };
                Obj::new()
                    .set("name", scalar(i.get("name")))
                    .set("hash_key", hash)
                    .set("range_key", scalar(i.get("range_key")))
                    .set(
                        "projection_type",
                        json!(i.str("projection").unwrap_or("ALL")),
                    )
                    .set_nonempty("non_key_attributes", strings(i.list("non_key_attributes")))
                    .build()
            };
            let gsis: Vec<Json> = b
                .list("global_indexes")
                .iter()
                .filter_map(Value::as_object)
                .map(|i| index(i, true))
                .collect();
            let lsis: Vec<Json> = b
                .list("local_indexes")
                .iter()
                .filter_map(Value::as_object)
                .map(|i| index(i, false))
                .collect();
            let pitr = scalar(b.get("point_in_time_recovery")).map(|e| {
                json!([Obj::new()
                    .set("enabled", e)
                    .set(
                        "recovery_period_in_days",
                        scalar(b.get("recovery_period_days"))
                    )
                    .build()])
            });
            let sse = cx
                .reference(b.get("kms_key"), "arn")
                .map(|k| json!([{"enabled": true, "kms_key_arn": k}]));
            let mut o = Obj::new()
                .set("name", scalar(b.get("name")))
                .set(
                    "billing_mode",
                    json!(b.str("billing").unwrap_or("PAY_PER_REQUEST")),
                )
                .set("read_capacity", scalar(b.get("read_capacity")))
                .set("write_capacity", scalar(b.get("write_capacity")))
                .set("hash_key", scalar(b.get("hash_key")))
                .set("range_key", scalar(b.get("range_key")))
                .set("attribute", Json::Array(attributes))
                .set_nonempty("global_secondary_index", gsis)
                .set_nonempty("local_secondary_index", lsis)
                .set("point_in_time_recovery", pitr)
                .set("server_side_encryption", sse)
                .set(
                    "deletion_protection_enabled",
                    scalar(b.get("deletion_protection")),
                )
                .set("tags", tags(b.map("tags")));
            // A table holds data: like vaults and buckets it outlives the stack unless asked.
            if b.str("deletion_policy") != Some("Delete") {
                o = o.set("lifecycle", json!({"prevent_destroy": true}));
            }
            put(out, "aws_dynamodb_table", name, with_provider(o).build());
        }
        Kind::LambdaFunction => {
            let asset = cx.stack.asset(&res.id);
            let log_group = b.get("log_group").and_then(|g| cx.stack.target(g));
            let o = Obj::new()
                .set("function_name", scalar(b.get("name")))
                .set("description", scalar(b.get("description")))
                .set("runtime", scalar(b.get("runtime")))
                .set("handler", scalar(b.get("handler")))
                .set("role", cx.reference(b.get("role"), "arn"))
                .set("filename", asset.map(|a| json!(a.file_name())))
                .set(
                    "source_code_hash",
                    asset.map(|a| json!(a.sha256_base64.as_str())),
                )
                .set("memory_size", scalar(b.get("memory_mb")))
                .set("timeout", scalar(b.get("timeout_seconds")))
                .set(
                    "environment",
                    ref_map(cx, b.map("environment")).map(|v| json!([{"variables": v}])),
                )
                .set(
                    "architectures",
                    scalar(b.get("architecture")).map(|a| json!([a])),
                )
                .set(
                    "reserved_concurrent_executions",
                    scalar(b.get("reserved_concurrency")),
                )
                .set("kms_key_arn", cx.reference(b.get("kms_key"), "arn"))
                .set(
                    "tracing_config",
                    scalar(b.get("tracing")).map(|m| json!([{"mode": m}])),
                )
                .set_nonempty("layers", strings(b.list("layers")))
                .set(
                    "ephemeral_storage",
                    scalar(b.get("ephemeral_storage_mb")).map(|n| json!([{"size": n}])),
                )
                .set(
                    "logging_config",
                    log_group
                        .map(|g| json!([{"log_format": "Text", "log_group": cx.attr(g, "name")}])),
                )
                .set("tags", tags(b.map("tags")))
                .set("depends_on", log_group.map(|g| json!([cx.address(g)])));
            put(out, "aws_lambda_function", name, with_provider(o).build());
        }
        Kind::LambdaPermission => {
            let account = match b.str("source_account") {
                Some("self") => {
                    cx.needs_identity.set(true);
                    Some(json!("${data.aws_caller_identity.current.account_id}"))
                }
                _ => scalar(b.get("source_account")),
            };
            let o = Obj::new()
                .set(
                    "statement_id",
                    json!(format!("Allow{}", crate::model::logical_id(&res.id))),
                )
                .set(
                    "function_name",
                    cx.reference(b.get("function"), "function_name"),
                )
                .set(
                    "action",
                    scalar(b.get("action")).unwrap_or(json!("lambda:InvokeFunction")),
                )
                .set("principal", scalar(b.get("principal")))
                .set("source_arn", cx.reference(b.get("source"), "arn"))
                .set("source_account", account);
            put(out, "aws_lambda_permission", name, with_provider(o).build());
        }
        Kind::Dashboard => {
            let region = region_of(cx.stack, res);
            let body = super::dashboard_body(cx, res, region);
            let o = Obj::new()
                .set("dashboard_name", scalar(b.get("name")))
                .set("dashboard_body", json_text_argument(body));
            put(
                out,
                "aws_cloudwatch_dashboard",
                name,
                with_provider(o).build(),
            );
        }
    }
}

/// The stack with every literal string escaped for Terraform's string templates: `${` and `%{`
/// start an interpolation or a directive, so a literal one is written `$${` or `%%{` (an IAM
/// policy variable such as `${aws:username}` would otherwise fail `terraform validate`). The
/// emitter's own references are added afterwards and stay interpolations. Borrowed as it is when
/// nothing needs escaping, which is almost always.
///
/// Whether any string needs it the check learned as it walked the stack (a pass over every
/// string of a large stack is a cache miss per resource), and the build added the stack's tags.
fn literal_strings(s: &CheckedStack) -> std::borrow::Cow<'_, Stack> {
    fn escape(v: &mut Value) {
        match v {
            Value::Str(s) => *s = escape_template(s),
            Value::List(items) => items.iter_mut().for_each(escape),
            Value::Map(pairs) => pairs.iter_mut().for_each(|(_, v)| escape(v)),
            Value::Object(o) => o.fields.iter_mut().for_each(|(_, v)| escape(v)),
            _ => {}
        }
    }
    if !s.template_sequences() {
        return std::borrow::Cow::Borrowed(s.stack());
    }
    let mut owned = s.stack().clone();
    for r in &mut owned.resources {
        r.body.fields.iter_mut().for_each(|(_, v)| escape(v));
    }
    std::borrow::Cow::Owned(owned)
}

/// `s` as a Terraform template that renders to `s` itself.
pub fn escape_template(s: &str) -> String {
    s.replace("${", "$${").replace("%{", "%%{")
}

/// One instance's share of a Terraform document.
struct Parts {
    /// Resource type -> name -> body.
    resources: Map,
    outputs: Map,
    /// Regions other than the default that its resources are in, in order of appearance.
    regions: Vec<String>,
    needs_identity: bool,
}

fn instance_parts(s: &CheckedStack, several: bool, default_region: &str, part: Part) -> Parts {
    let mut resources: Map = Map::new();
    let mut parts = each_resource(s, several, default_region, part, &mut |one| {
        for (ty, name, body) in one {
            let by_type = resources
                .entry(ty)
                .or_insert_with(|| Json::Object(Map::new()));
            // Invariant: every entry of `resources` is inserted as an object just above.
            by_type.as_object_mut().expect("object").insert(name, body);
        }
    });
    parts.resources = resources;
    parts
}

/// Emits the instance's resources one by one, each (with the resources Terraform splits it
/// into) handed to `on` as its entries (type, name, arguments), so that a caller can render and drop
/// it at once; returns the rest of the instance's parts (outputs, Regions, identity).
fn each_resource(
    s: &CheckedStack,
    several: bool,
    default_region: &str,
    part: Part,
    on: &mut dyn FnMut(Entries),
) -> Parts {
    let stack = &*literal_strings(s);
    let prefix = if several {
        format!(
            "{}_",
            stack
                .name
                .replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "_")
        )
    } else {
        String::new()
    };
    let needs_identity = Cell::new(false);
    let facts = Facts::of(stack);
    let cx = Cx {
        stack,
        prefix,
        needs_identity: &needs_identity,
        facts: &facts,
        part,
        reference_table: s.references_by_position(),
        references: Cell::new((0, 0)),
    };
    // The reference table is in the order of the resources that refer.
    let references = s.references_by_position();
    let mut next_reference = 0;
    let mut parts = Parts {
        resources: Map::new(),
        outputs: Map::new(),
        regions: Vec::new(),
        needs_identity: false,
    };
    if let Some(dep) = org::deployment(s.stack()) {
        // The management account's document: the member part travels as the StackSet's
        // CloudFormation template (validated by `org_problems` before).
        on(organization(&cx, s.stack(), dep));
        return parts;
    }
    for (i, r) in stack.resources.iter().enumerate() {
        crate::model::prefetch_ahead(&stack.resources, i);
        let first = next_reference;
        while references.source_at(next_reference) == Some(i) {
            next_reference += 1;
        }
        cx.references.set((first, next_reference));
        if !part.includes(r.kind) {
            continue;
        }
        let region = region_of(stack, r);
        let provider = if region == default_region {
            None
        } else {
            if !parts.regions.iter().any(|known| known == region) {
                parts.regions.push(region.to_string());
            }
            Some(format!("aws.{}", provider_alias(region)))
        };
        let mut one = Entries::new();
        resource(&cx, r, provider, &mut one);
        on(one);
    }
    // The ARN of each output resource (a selection's id), named after its address.
    for id in &stack.outputs {
        let Some(r) = stack.get(id).filter(|r| part.includes(r.kind)) else {
            continue;
        };
        let (suffix, what) = if r.kind == Kind::Selection {
            ("id", "id")
        } else {
            ("arn", "ARN")
        };
        parts.outputs.insert(
            format!("{}{}_{suffix}", cx.prefix, r.id),
            json!({"description": format!("The {what} of `{}`", r.id), "value": cx.arn(r)}),
        );
    }
    parts.needs_identity = needs_identity.get();
    parts
}

/// One instance's resources and outputs, already rendered as pretty JSON text: many instances
/// go into one document without holding all their models or JSON trees at once (`synth
/// --instance`). [`assemble`] joins them into the same bytes as [`emit_all`] rendered.
pub struct RenderedInstance {
    /// Resource type -> its entries (`      "name": {..}`), in order of appearance, in chunks
    /// of up to 256 KiB or so (`emit::chunks`: entries joined by `,\n` within a chunk, and
    /// between chunks).
    resources: Vec<(String, Vec<String>)>,
    /// Output entries (`    "name": {..}`), chunked the same way.
    outputs: Vec<String>,
    regions: Vec<String>,
    needs_identity: bool,
}

/// Renders one instance (`several`: names are prefixed with the instance name) for a document
/// whose default Region is `default_region` (the first instance's).
pub fn render_instance(
    s: &CheckedStack,
    several: bool,
    default_region: &str,
) -> Result<RenderedInstance, Report> {
    render_instance_part(s, several, default_region, Part::All)
}

/// [`render_instance`] of a part of the stack (`synth --only`): references to resources of the
/// other part are written as the ARNs AWS derives from their names.
pub fn render_instance_part(
    s: &CheckedStack,
    several: bool,
    default_region: &str,
    part: Part,
) -> Result<RenderedInstance, Report> {
    if let Some(report) = org_problems(s.stack(), part) {
        return Err(report);
    }
    let mut report = unsupported(s);
    for problem in split_problems(s, part) {
        report
            .error(&BK301, "", "", problem)
            .help("emit the whole stack, or write the reference as an ARN string");
    }
    if report.has_errors() {
        return Err(report);
    }
    // Each resource is rendered as soon as it is emitted and its JSON dropped: a large stack
    // never holds its whole document as a tree. Its text goes straight into its type's chunks.
    let mut resources: Vec<(String, Chunks)> = Vec::new();
    let parts = each_resource(s, several, default_region, part, &mut |one| {
        for (ty, name, body) in one {
            let at = match resources.iter().position(|(t, _)| t == ty) {
                Some(at) => at,
                None => {
                    resources.push((ty.to_string(), Chunks::default()));
                    resources.len() - 1
                }
            };
            resources[at].1.write(&name, &body, 3);
        }
    });
    let mut outputs = Chunks::default();
    for (name, body) in &parts.outputs {
        outputs.write(name, body, 2);
    }
    Ok(RenderedInstance {
        resources: resources
            .into_iter()
            .map(|(ty, chunks)| (ty, chunks.finish()))
            .collect(),
        outputs: outputs.finish(),
        regions: parts.regions,
        needs_identity: parts.needs_identity,
    })
}

/// The document of rendered instances, byte for byte what `emit_all` of the same instances
/// renders to with `cli::to_pretty`.
pub fn assemble(default_region: &str, instances: Vec<RenderedInstance>) -> String {
    assemble_pieces(default_region, instances).concat()
}

/// [`assemble`] as the pieces of text that, written one after another, are the document. The
/// rendered resources are moved into it, not copied: `synth` writes the pieces to the file, so a
/// document of many instances is never held twice (its text and the entries it is made of).
pub fn assemble_pieces(default_region: &str, instances: Vec<RenderedInstance>) -> Vec<String> {
    let mut extra_regions: Vec<String> = Vec::new();
    let mut types: Vec<(String, Vec<String>)> = Vec::new();
    let mut outputs: Vec<String> = Vec::new();
    let mut needs_identity = false;
    for instance in instances {
        for region in instance.regions {
            if !extra_regions.contains(&region) {
                extra_regions.push(region);
            }
        }
        for (ty, entries) in instance.resources {
            match types.iter_mut().find(|(t, _)| *t == ty) {
                Some((_, all)) => all.extend(entries),
                None => types.push((ty, entries)),
            }
        }
        outputs.extend(instance.outputs);
        needs_identity |= instance.needs_identity;
    }
    let head = header(default_region, extra_regions, needs_identity);
    let entries: usize = types.iter().map(|(_, e)| e.len()).sum::<usize>() + outputs.len();
    let mut pieces: Vec<String> = Vec::with_capacity(2 * entries + 2 * types.len() + 8);
    let mut out = String::new();
    // Invariant: the header is an object with the top-level keys before `resource`.
    super::write_document_head(&mut out, head.as_object().expect("object"));
    out.push_str("\n  \"resource\": ");
    if types.is_empty() {
        out.push_str("{}");
    } else {
        out.push('{');
        for (i, (ty, entries)) in types.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("\n    ");
            super::write_json_string(&mut out, &ty);
            out.push_str(": {\n");
            pieces.push(std::mem::take(&mut out));
            push_joined(&mut pieces, entries);
            out.push_str("\n    }");
        }
        out.push_str("\n  }");
    }
    if !outputs.is_empty() {
        out.push_str(",\n  \"output\": {\n");
        pieces.push(std::mem::take(&mut out));
        push_joined(&mut pieces, outputs);
        out.push_str("\n  }");
    }
    out.push_str("\n}\n");
    pieces.push(out);
    pieces
}

/// The document's keys before `resource`: the provider requirement, the providers (the default
/// Region's, then one per other Region, sorted) and the data sources ARNs need.
fn header(default_region: &str, mut extra_regions: Vec<String>, needs_identity: bool) -> Json {
    extra_regions.sort();
    let mut providers = vec![json!({"region": default_region})];
    providers.extend(
        extra_regions
            .iter()
            .map(|r| json!({"alias": provider_alias(r), "region": r.as_str()})),
    );
    let mut doc = json!({
        "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws", "version": AWS_PROVIDER_VERSION}}},
        "provider": {"aws": providers},
    });
    if needs_identity {
        doc["data"] =
            json!({"aws_caller_identity": {"current": {}}, "aws_partition": {"current": {}}});
    }
    doc
}

/// The Terraform document of one stack.
pub fn emit(stack: &CheckedStack) -> Result<serde_json::Value, Report> {
    emit_all(&[stack])
}

/// One Terraform document for several stack instances (resource names prefixed by instance).
pub fn emit_all(stacks: &[&CheckedStack]) -> Result<serde_json::Value, Report> {
    emit_tree(stacks).map(Into::into)
}

/// [`emit_all`] as the emitter's own tree.
fn emit_tree(stacks: &[&CheckedStack]) -> Result<Json, Report> {
    let mut report = Report::default();
    for s in stacks {
        report.diagnostics.extend(unsupported(s).diagnostics);
        if let Some(problems) = org_problems(s.stack(), Part::All) {
            report.diagnostics.extend(problems.diagnostics);
        }
    }
    if report.has_errors() {
        return Err(report);
    }
    let default_region = stacks
        .first()
        .and_then(|s| s.region.as_str())
        .unwrap_or("us-east-1")
        .to_string();
    let several = stacks.len() > 1;
    // Each instance is emitted on its own (in parallel for many), then merged in instance order:
    // resource types in order of first appearance, names in instance order, as one pass would.
    let parts: Vec<Parts> = if stacks.len() >= 8 {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(stacks.len());
        let chunk = stacks.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let default_region = &default_region;
            let workers: Vec<_> = stacks
                .chunks(chunk)
                .map(|group| {
                    scope.spawn(move || {
                        group
                            .iter()
                            .map(|s| instance_parts(s, several, default_region, Part::All))
                            .collect::<Vec<Parts>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                // Invariant: emitting does not panic; if it did, the panic is shown.
                .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    } else {
        stacks
            .iter()
            .map(|s| instance_parts(s, several, &default_region, Part::All))
            .collect()
    };
    let mut extra_regions: Vec<String> = Vec::new();
    let mut resources = Map::new();
    let mut outputs = Map::new();
    let mut needs_identity = false;
    for part in parts {
        for region in part.regions {
            if !extra_regions.contains(&region) {
                extra_regions.push(region);
            }
        }
        for (ty, names) in part.resources {
            let Json::Object(names) = names else { continue };
            let by_type = resources
                .entry(ty)
                .or_insert_with(|| Json::Object(Map::new()));
            // Invariant: every entry of `resources` is inserted as an object just above.
            by_type.as_object_mut().expect("object").extend(names);
        }
        outputs.extend(part.outputs);
        needs_identity |= part.needs_identity;
    }
    let mut doc = header(&default_region, extra_regions, needs_identity);
    doc["resource"] = Json::Object(resources);
    if !outputs.is_empty() {
        doc["output"] = Json::Object(outputs);
    }
    Ok(doc)
}

/// Why a stack with an organization deployment cannot be rendered: a part of it asked for, or a
/// member template CloudFormation would not take.
fn org_problems(stack: &Stack, part: Part) -> Option<Report> {
    let dep = org::deployment(stack)?;
    if part != Part::All {
        let mut report = Report::default();
        report
            .error(&BK305, &dep.id, "", "an organization deployment is synthesized whole: its StackSet carries the member part and its policy the plans")
            .help("drop `--only`");
        return Some(report);
    }
    super::cfn::member_tree(stack).err()
}

/// The management account's resources of an organization deployment: the StackSet (the member
/// part's CloudFormation template, service-managed, deploying automatically), one stack instance
/// per Region (the home Region first) for the targets, the `BACKUP_POLICY` with the plans and
/// its attachment to each target once the instances exist, and AWS Backup's cross-account
/// setting when the policy copies to another account.
fn organization(cx: &Cx, stack: &Stack, dep: &Resource) -> Entries {
    let b = &dep.body;
    let name = cx.name(&dep.id);
    let home = stack.region.as_str().unwrap_or("us-east-1").to_string();
    let mut regions = org::regions(dep).unwrap_or_default();
    regions.sort_by_key(|r| *r != home);
    // Invariant: `org_problems` rendered it before.
    let member = super::cfn::member_tree(stack).unwrap_or(Json::Null);
    let policy = org::backup_policy(stack, dep);
    let targets = strings(b.list("targets"));
    let mut out = Entries::new();
    let stack_set = Obj::new()
        .set("name", scalar(b.get("name")))
        .set("description", scalar(b.get("description")))
        .set("permission_model", Some(json!("SERVICE_MANAGED")))
        .set(
            "auto_deployment",
            Some(json!([{"enabled": true, "retain_stacks_on_account_removal": false}])),
        )
        .set("capabilities", Some(json!(["CAPABILITY_NAMED_IAM"])))
        .set(
            "operation_preferences",
            Some(json!([{"region_concurrency_type": "SEQUENTIAL", "region_order": regions.clone(), "failure_tolerance_count": 0, "max_concurrent_count": 1}])),
        )
        .set("template_body", Some(json!(escape_template(&member.to_string()))))
        .set("tags", tags(b.map("tags")))
        .set("call_as", super::cfn::call_as(b))
        // Service-managed StackSets get their administration role from CloudFormation.
        .set("lifecycle", Some(json!([{"ignore_changes": ["administration_role_arn"]}])));
    put(
        &mut out,
        "aws_cloudformation_stack_set",
        name.clone(),
        stack_set.build(),
    );
    let mut instances = Vec::new();
    for region in &regions {
        let instance = format!("{name}_{}", region.replace('-', "_"));
        put(
            &mut out,
            "aws_cloudformation_stack_set_instance",
            instance.clone(),
            Obj::new()
                .set(
                    "stack_set_name",
                    Some(json!(format!(
                        "${{aws_cloudformation_stack_set.{name}.name}}"
                    ))),
                )
                .set("region", Some(json!(region.as_str())))
                .set(
                    "deployment_targets",
                    Some(json!([{"organizational_unit_ids": targets.clone()}])),
                )
                .set("call_as", super::cfn::call_as(b))
                .build(),
        );
        instances.push(json!(format!(
            "aws_cloudformation_stack_set_instance.{instance}"
        )));
    }
    let policy_body = Obj::new()
        .set("name", scalar(b.get("name")))
        .set("description", scalar(b.get("description")))
        .set("type", Some(json!("BACKUP_POLICY")))
        .set("content", Some(json!(escape_template(&policy.to_string()))))
        .set("tags", tags(b.map("tags")));
    put(
        &mut out,
        "aws_organizations_policy",
        name.clone(),
        policy_body.build(),
    );
    for (i, target) in targets.iter().enumerate() {
        put(
            &mut out,
            "aws_organizations_policy_attachment",
            format!("{name}_{}", i + 1),
            json!({
                "policy_id": format!("${{aws_organizations_policy.{name}.id}}"),
                "target_id": target.as_str(),
                // The policy names vaults and roles the stack instances create.
                "depends_on": instances.clone(),
            }),
        );
    }
    let cross_account =
        policy.to_string().contains(":backup-vault:") && b.str("central_account").is_some();
    if cross_account {
        put(
            &mut out,
            "aws_backup_global_settings",
            name,
            json!({"global_settings": {"isCrossAccountBackupEnabled": "true"}}),
        );
    }
    out
}
