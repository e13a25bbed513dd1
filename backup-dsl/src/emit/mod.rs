//! Layer 5, consumers of a checked stack.
//!
//! Emitters: a checked model in, `serde_json::Value` out. Pure and deterministic: the same stack
//! gives the same bytes (objects keep insertion order, nothing reads the clock or the host).

pub mod cfn;
mod chunks;
pub mod graph;
pub mod mapped;
pub mod report;
pub mod terraform;

use crate::build::CheckedStack;
use crate::json_tree::json_tree as json;
use crate::json_tree::{Map, Tree as Json};
use crate::model::{Resource, Stack};
use crate::schema::Kind;
use crate::value::Value;

/// Defaults AWS applies that Terraform does not share; both renderings spell them out so that
/// they deploy the same plan. Declared with the schema, where the fields' places name them.
pub use crate::schema::defaults;

/// Which resources an output holds (`synth --only`): all of them, the supporting ones (keys,
/// roles, buckets, topics, ..) to deploy before `synth apply` writes the AWS Backup part, or the
/// AWS Backup part alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Part {
    /// Every resource.
    #[default]
    All,
    /// Every resource but the AWS Backup ones.
    Supporting,
    /// The AWS Backup resources.
    Backup,
}

impl Part {
    /// Whether the part holds resources of this kind.
    pub fn includes(self, kind: Kind) -> bool {
        match self {
            Part::All => true,
            Part::Supporting => !kind.is_aws_backup(),
            Part::Backup => kind.is_aws_backup(),
        }
    }
}

/// References that cannot be written when the stack is split: from a resource of the part to
/// one outside it whose ARN AWS does not derive from its name (a KMS key's id, a plan's id).
/// Targets with a name-derived ARN are written as that ARN.
pub fn split_problems(stack: &CheckedStack, part: Part) -> Vec<String> {
    let mut problems = Vec::new();
    if part == Part::All {
        // Nothing is in another part.
        return problems;
    }
    for reference in stack.references_by_position().iter() {
        let from = &stack.resources[reference.from];
        let target = &stack.resources[reference.to];
        if part.includes(from.kind) && !part.includes(target.kind) && !target.kind.arn_from_name() {
            problems.push(format!(
                "{} `{}` ({}) references {} `{}`, which is in the other part and has no ARN derived from a name: give its ARN as a string",
                from.kind, from.id, reference.path, target.kind, target.id
            ));
        }
    }
    problems
}

/// A KMS key's tags with the two that let `synth apply` find the key once CloudFormation or
/// Terraform deployed it (a key has no name to derive its ARN from): the stack instance and the
/// logical id, as apply tags what it creates.
pub(crate) fn key_tags(stack: &Stack, key: &Resource) -> Vec<(String, Value)> {
    let mut tags = key.body.map("tags").to_vec();
    for (k, v) in [
        (crate::apply::STACK_TAG, stack.name.as_str()),
        (crate::apply::ID_TAG, key.id.as_str()),
    ] {
        if !tags.iter().any(|(t, _)| t == k) {
            tags.push((k.to_string(), Value::Str(v.to_string())));
        }
    }
    tags
}

/// The Region the resource is emitted in (IAM goes with the stack's default Region).
pub(crate) fn region_of<'a>(stack: &'a Stack, res: &'a Resource) -> &'a str {
    crate::rules::regions::template_region(stack, res)
        .or(stack.region.as_str())
        .unwrap_or("us-east-1")
}

/// A known scalar as JSON; `None` for absent or unknown values.
pub(crate) fn scalar(v: Option<&Value>) -> Option<Json> {
    match v? {
        Value::Str(s) => Some(json!(s.as_str())),
        Value::Int(i) => Some(json!(*i)),
        Value::Bool(b) => Some(json!(*b)),
        _ => None,
    }
}

/// A map value's entries as strings.
pub(crate) fn string_pairs(v: &[(String, Value)]) -> Vec<(String, String)> {
    v.iter()
        .filter_map(|(k, v)| match v {
            Value::Str(s) => Some((k.clone(), s.clone())),
            Value::Int(i) => Some((k.clone(), i.to_string())),
            _ => None,
        })
        .collect()
}

/// Resource-tag conditions as `(condition key, value)`: a bare tag key gets AWS's
/// `aws:ResourceTag/` prefix, which selection and restore testing conditions require.
pub(crate) fn tag_condition_pairs(v: &[(String, Value)]) -> Vec<(String, String)> {
    string_pairs(v)
        .into_iter()
        .map(|(k, v)| {
            (
                crate::schema::resource_tag_condition_key(&k).into_owned(),
                v,
            )
        })
        .collect()
}

/// Builds a JSON object, skipping `None` values.
pub(crate) struct Obj(Map);

impl Obj {
    pub(crate) fn new() -> Self {
        Obj(Map::new())
    }
    /// Continues from members already rendered (by [`mapped::derive`]).
    pub(crate) fn from_map(members: Map) -> Self {
        Obj(members)
    }
    pub(crate) fn set(mut self, k: &str, v: impl Into<Option<Json>>) -> Self {
        if let Some(v) = v.into() {
            self.0.insert(k.to_string(), v);
        }
        self
    }
    pub(crate) fn set_nonempty(self, k: &str, v: Vec<Json>) -> Self {
        if v.is_empty() {
            self
        } else {
            self.set(k, Json::Array(v))
        }
    }
    pub(crate) fn build(self) -> Json {
        Json::Object(self.0)
    }
}

/// Known strings of a list.
pub(crate) fn strings(v: &[Value]) -> Vec<Json> {
    v.iter()
        .filter_map(|x| x.as_str().map(|s| json!(s)))
        .collect()
}

/// How an emitter writes references; shared policy and map rendering is built on it.
pub(crate) trait Render {
    /// A resource's ARN.
    fn arn(&self, target: &Resource) -> Json;
    /// A resource's usual string form (a bucket's or table's name, a topic's ARN).
    fn text(&self, target: &Resource) -> Json;
    /// String concatenation of rendered parts.
    fn concat(&self, parts: Vec<Json>) -> Json;
    /// `arn:<partition>:iam::<account>:root`, for `self` (this account) or an account id.
    fn account_root(&self, account: Option<&str>) -> Json;
    /// The stack.
    fn stack(&self) -> &Stack;
}

/// A value that may be a reference, rendered as a string (environment variables, dimensions).
pub(crate) fn text_value(r: &dyn Render, v: &Value) -> Option<Json> {
    match v {
        Value::Ref(id) => r.stack().get(id).map(|t| r.text(t)),
        other => scalar(Some(other)).map(|j| match j {
            Json::String(_) => j,
            other => json!(other.to_string()),
        }),
    }
}

/// A reference or ARN string as an ARN.
pub(crate) fn arn_value(r: &dyn Render, v: &Value) -> Option<Json> {
    match v {
        Value::Ref(id) => r.stack().get(id).map(|t| r.arn(t)),
        Value::Str(s) => Some(json!(s.as_str())),
        Value::Object(o) => {
            let target = o.get("resource").and_then(|t| r.stack().target(t));
            let base = match (target, o.get("resource")) {
                (Some(t), _) => r.arn(t),
                (None, Some(Value::Str(s))) => json!(s.as_str()),
                _ => return None,
            };
            Some(r.concat(vec![base, json!(o.str("suffix").unwrap_or(""))]))
        }
        _ => None,
    }
}

/// A principal: service principals by name, `self` and account ids as account roots, roles and
/// role ARNs as AWS principals. Returns ("Service" | "AWS", value).
pub(crate) fn principal(r: &dyn Render, v: &Value) -> Option<(&'static str, Json)> {
    match v {
        Value::Str(s) if s.ends_with(".amazonaws.com") || s.ends_with(".amazonaws.com.cn") => {
            Some(("Service", json!(s.as_str())))
        }
        Value::Str(s) if s == "self" => Some(("AWS", r.account_root(None))),
        Value::Str(s) if s.len() == 12 && s.chars().all(|c| c.is_ascii_digit()) => {
            Some(("AWS", r.account_root(Some(s))))
        }
        Value::Str(s) if s == "*" => Some(("AWS", json!("*"))),
        Value::Str(s) => Some(("AWS", json!(s.as_str()))),
        Value::Ref(_) => arn_value(r, v).map(|a| ("AWS", a)),
        _ => None,
    }
}

fn principal_block(r: &dyn Render, values: &[Value]) -> Option<Json> {
    let mut service = Vec::new();
    let mut aws = Vec::new();
    for v in values {
        match principal(r, v) {
            Some(("Service", j)) => service.push(j),
            Some((_, j)) => aws.push(j),
            None => {}
        }
    }
    if service.is_empty() && aws.is_empty() {
        return None;
    }
    let one_or_many = |mut v: Vec<Json>| {
        if v.len() == 1 {
            v.remove(0)
        } else {
            Json::Array(v)
        }
    };
    let mut m = Map::new();
    if !aws.is_empty() {
        m.insert("AWS", one_or_many(aws));
    }
    if !service.is_empty() {
        m.insert("Service", one_or_many(service));
    }
    Some(Json::Object(m))
}

/// One policy statement.
pub(crate) fn statement(r: &dyn Render, s: &crate::value::Object, resource_policy: bool) -> Json {
    let resources: Vec<Json> = s
        .list("resources")
        .iter()
        .filter_map(|v| arn_value(r, v))
        .collect();
    let resources = if resources.is_empty() {
        json!("*")
    } else {
        Json::Array(resources)
    };
    let mut conditions = Map::new();
    for c in s.list("conditions").iter().filter_map(Value::as_object) {
        let (Some(test), Some(key)) = (c.str("test"), c.str("key")) else {
            continue;
        };
        let entry = conditions
            .entry(test.to_string())
            .or_insert_with(|| Json::Object(Map::new()));
        // Invariant: every entry of `conditions` is inserted as an object just above.
        entry
            .as_object_mut()
            .expect("object")
            .insert(key.to_string(), Json::Array(strings(c.list("values"))));
    }
    let mut o = Obj::new()
        .set("Sid", scalar(s.get("sid")))
        .set("Effect", scalar(s.get("effect")));
    if resource_policy {
        o = o.set("Principal", principal_block(r, s.list("principals")));
    }
    o.set("Action", Json::Array(strings(s.list("actions"))))
        .set("Resource", resources)
        .set(
            "Condition",
            if conditions.is_empty() {
                None
            } else {
                Some(Json::Object(conditions))
            },
        )
        .build()
}

/// A policy document from typed statements (plus extra rendered statements).
pub(crate) fn policy_document(
    r: &dyn Render,
    statements: &[Value],
    resource_policy: bool,
    extra: Vec<Json>,
) -> Json {
    let mut all: Vec<Json> = statements
        .iter()
        .filter_map(Value::as_object)
        .map(|s| statement(r, s, resource_policy))
        .collect();
    all.extend(extra);
    json!({"Version": "2012-10-17", "Statement": all})
}

/// A role's trust policy: service principals, accounts (with an external id) and roles.
pub(crate) fn trust_document(
    r: &dyn Render,
    principals: &[Value],
    external_id: Option<&str>,
) -> Json {
    let mut statements = Vec::new();
    let services: Vec<Value> = principals
        .iter()
        .filter(|p| matches!(principal(r, p), Some(("Service", _))))
        .cloned()
        .collect();
    let others: Vec<Value> = principals
        .iter()
        .filter(|p| matches!(principal(r, p), Some(("AWS", _))))
        .cloned()
        .collect();
    if !services.is_empty() {
        statements.push(json!({"Effect": "Allow", "Principal": principal_block(r, &services), "Action": "sts:AssumeRole"}));
    }
    if !others.is_empty() {
        let mut st = json!({"Effect": "Allow", "Principal": principal_block(r, &others), "Action": "sts:AssumeRole"});
        if let Some(id) = external_id {
            st["Condition"] = json!({"StringEquals": {"sts:ExternalId": id}});
        }
        statements.push(st);
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// Map entries whose values may be references, rendered as strings.
pub(crate) fn ref_map(r: &dyn Render, pairs: &[(String, Value)]) -> Option<Json> {
    if pairs.is_empty() {
        return None;
    }
    let mut m = Map::new();
    for (k, v) in pairs {
        if let Some(j) = text_value(r, v) {
            m.insert(k.clone(), j);
        }
    }
    Some(Json::Object(m))
}

/// Topics a vault notifies (their policies must let AWS Backup publish).
pub(crate) fn topics_notified(stack: &Stack) -> std::collections::HashSet<String> {
    stack
        .resources
        .iter()
        .filter(|r| matches!(r.kind, crate::Kind::Vault | crate::Kind::AirGappedVault))
        .filter_map(|v| {
            v.body
                .obj("notifications")
                .and_then(|n| n.reference("topic"))
        })
        .map(str::to_string)
        .collect()
}

/// What the emitters ask of the whole stack for each resource, computed once per emit so that
/// emitting stays linear in the number of resources.
pub(crate) struct Facts {
    /// Topics a vault notifies (AWS Backup publishes to them).
    pub notified_topics: std::collections::HashSet<String>,
    /// Keys encrypting a notified topic.
    topic_keys: std::collections::HashSet<String>,
    /// Keys encrypting an S3 inventory.
    inventory_keys: std::collections::HashSet<String>,
    /// Keys encrypting a log group.
    log_keys: std::collections::HashSet<String>,
    /// Bucket id -> the `lambda::Permission`s whose `source` it is, in declaration order.
    pub permissions_by_source: std::collections::HashMap<String, Vec<String>>,
}

impl Facts {
    pub(crate) fn of(stack: &Stack) -> Facts {
        // Only a topic's own emission asks whether a vault notifies it: without topics, the
        // vaults' fields are not read (a cache miss per vault in a large stack).
        let notified_topics = if stack.of_kind(crate::Kind::SnsTopic).next().is_some() {
            topics_notified(stack)
        } else {
            std::collections::HashSet::new()
        };
        let key_of = |v: Option<&Value>| v.and_then(Value::as_ref_id).map(str::to_string);
        let topic_keys = stack
            .of_kind(crate::Kind::SnsTopic)
            .filter(|t| notified_topics.contains(&t.id))
            .filter_map(|t| key_of(t.body.get("kms_key")))
            .collect();
        let inventory_keys = stack
            .of_kind(crate::Kind::S3Bucket)
            .flat_map(|b| {
                b.body
                    .list("inventories")
                    .iter()
                    .filter_map(Value::as_object)
                    .filter_map(|i| key_of(i.get("kms_key")))
                    .collect::<Vec<_>>()
            })
            .collect();
        let log_keys = stack
            .of_kind(crate::Kind::LogGroup)
            .filter_map(|g| key_of(g.body.get("kms_key")))
            .collect();
        let mut permissions_by_source: std::collections::HashMap<String, Vec<String>> =
            std::collections::HashMap::new();
        for p in stack.of_kind(crate::Kind::LambdaPermission) {
            if let Some(source) = p.body.reference("source") {
                permissions_by_source
                    .entry(source.to_string())
                    .or_default()
                    .push(p.id.clone());
            }
        }
        Facts {
            notified_topics,
            topic_keys,
            inventory_keys,
            log_keys,
            permissions_by_source,
        }
    }
}

/// The statement letting AWS Backup publish to a topic.
pub(crate) fn backup_publish_statement(topic_arn: Json) -> Json {
    json!({"Sid": "AwsBackupPublishes", "Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}, "Action": "SNS:Publish", "Resource": topic_arn})
}

/// Key policy statements the stack's own wiring needs: AWS Backup publishing to a topic the key
/// encrypts, S3 writing inventory reports the key encrypts, CloudWatch Logs using it.
pub(crate) fn key_service_grants(facts: &Facts, key: &Resource) -> Vec<Json> {
    let mut out = Vec::new();
    if facts.topic_keys.contains(&key.id) {
        out.push(json!({"Sid": "BackupPublishesToEncryptedTopic", "Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}, "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*"}));
    }
    if facts.inventory_keys.contains(&key.id) {
        out.push(json!({"Sid": "S3WritesEncryptedInventory", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*"}));
    }
    if facts.log_keys.contains(&key.id) {
        out.push(json!({"Sid": "CloudWatchLogsEncrypts", "Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"}, "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], "Resource": "*"}));
    }
    out
}

/// The dashboard body: widgets with metrics as `[ns, name, dim, value, .., {options}]`.
pub(crate) fn dashboard_body(r: &dyn Render, dashboard: &Resource, default_region: &str) -> Json {
    let widgets: Vec<Json> = dashboard
        .body
        .list("widgets")
        .iter()
        .filter_map(Value::as_object)
        .map(|w| {
            let kind = w.str("kind").unwrap_or("metric");
            let mut props = Obj::new();
            if kind == "text" {
                props = props.set("markdown", scalar(w.get("markdown")));
            } else {
                let metrics: Vec<Json> = w
                    .list("metrics")
                    .iter()
                    .filter_map(Value::as_object)
                    .map(|m| {
                        let options = Obj::new()
                            .set("id", scalar(m.get("id")))
                            .set("label", scalar(m.get("label")))
                            .set("stat", scalar(m.get("stat")))
                            .set("period", scalar(m.get("period")));
                        if let Some(expr) = m.str("expression") {
                            let o = options.set("expression", json!(expr)).build();
                            return json!([o]);
                        }
                        let mut entry = vec![
                            scalar(m.get("namespace")).unwrap_or(json!("")),
                            scalar(m.get("name")).unwrap_or(json!("")),
                        ];
                        for (k, v) in m.map("dimensions") {
                            entry.push(json!(k.as_str()));
                            entry.push(text_value(r, v).unwrap_or(json!("")));
                        }
                        let o = options.build();
                        if o.as_object().is_some_and(|m| !m.is_empty()) {
                            entry.push(o);
                        }
                        Json::Array(entry)
                    })
                    .collect();
                props = props
                    .set("metrics", Json::Array(metrics))
                    .set(
                        "region",
                        scalar(w.get("region")).unwrap_or(json!(default_region)),
                    )
                    .set("title", scalar(w.get("title")))
                    .set("stat", scalar(w.get("stat")))
                    .set("period", scalar(w.get("period")))
                    .set("view", scalar(w.get("view")));
            }
            if kind == "text" {
                props = props.set("title", None);
            }
            Obj::new()
                .set("type", json!(kind))
                .set("x", scalar(w.get("x")))
                .set("y", scalar(w.get("y")))
                .set("width", scalar(w.get("width")))
                .set("height", scalar(w.get("height")))
                .set("properties", props.build())
                .build()
        })
        .collect();
    json!({ "widgets": widgets })
}

pub(crate) use crate::json_text::write_json_string;
pub(crate) use crate::json_text::{to_compact_string, to_pretty_file, write_pretty};

/// The start of a document whose last member is written in parts: `{`, then each member of
/// `head` (an object) as `"key": value,` on a line of its own, one level deep. The document
/// goes on with `\n  "key": ` of the member written in parts.
pub(crate) fn write_document_head(out: &mut String, head: &Map) {
    out.push('{');
    for (key, value) in head.iter() {
        out.push('\n');
        write_member(out, key, value, 1);
        out.push(',');
    }
}

/// One member of an object pretty-printed at `depth`, `"key": value`, indented as
/// `write_pretty` indents it inside its object: what the emitters write resource by resource
/// into the text of a document they do not hold as a tree.
pub(crate) fn write_member(out: &mut String, key: &str, value: &Json, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
    write_json_string(out, key);
    out.push_str(": ");
    write_pretty(out, value, depth);
}
