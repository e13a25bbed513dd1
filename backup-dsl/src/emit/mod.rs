//! Layer 5, consumers of a checked stack.
//!
//! Emitters: a checked model in, `serde_json::Value` out. Pure and deterministic: the same stack
//! gives the same bytes (objects keep insertion order, nothing reads the clock or the host).

pub mod cfn;
pub mod graph;
pub mod mapped;
pub mod report;
pub mod terraform;

use crate::json_tree::json_tree as json;
use crate::model::{Resource, Stack};
use crate::schema::Kind;
use crate::value::Value;
use serde_json::{Map, Value as Json};

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
pub fn split_problems(stack: &Stack, part: Part) -> Vec<String> {
    let mut problems = Vec::new();
    if part == Part::All {
        // Nothing is in another part.
        return problems;
    }
    for (from, path, to) in stack.references() {
        let Some(target) = stack.get(to) else {
            continue;
        };
        if part.includes(from.kind) && !part.includes(target.kind) && !target.kind.arn_from_name() {
            problems.push(format!(
                "{} `{}` ({path}) references {} `{to}`, which is in the other part and has no ARN derived from a name: give its ARN as a string",
                from.kind, from.id, target.kind
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
pub(crate) fn region_of(stack: &Stack, res: &Resource) -> String {
    crate::rules::regions::template_region(stack, res)
        .or(stack.region.as_str())
        .unwrap_or("us-east-1")
        .to_string()
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
pub(crate) struct Obj(Map<String, Json>);

impl Obj {
    pub(crate) fn new() -> Self {
        Obj(Map::new())
    }
    /// Continues from members already rendered (by [`mapped::derive`]).
    pub(crate) fn from_map(members: Map<String, Json>) -> Self {
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
        m.insert("AWS".into(), one_or_many(aws));
    }
    if !service.is_empty() {
        m.insert("Service".into(), one_or_many(service));
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
        let notified_topics = topics_notified(stack);
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

/// Writes `v` as serde_json's pretty printer does (two-space indent), as if nested `depth` levels
/// deep: whole documents, or pieces of one that are joined later (many instances' resources).
/// Written straight into one string, it takes a third of the generic serializer's time.
pub fn write_pretty(out: &mut String, v: &serde_json::Value, depth: usize) {
    use serde_json::Value as J;
    match v {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Number(n) => {
            // Writing into a String cannot fail.
            let _ = std::fmt::Write::write_fmt(out, format_args!("{n}"));
        }
        J::String(text) => write_json_string(out, text),
        J::Array(items) if items.is_empty() => out.push_str("[]"),
        J::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_pretty(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        J::Object(map) if map.is_empty() => out.push_str("{}"),
        J::Object(map) => {
            out.push('{');
            for (i, (key, value)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json_string(out, key);
                out.push_str(": ");
                write_pretty(out, value, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

/// `v` as serde_json's `to_string` writes it (no whitespace), appended to `out`: the policy
/// documents and dashboard bodies that Terraform takes as JSON text. serde_json's `Display`
/// goes through `fmt::Write` one token at a time; this writes strings with
/// [`write_json_string`], which skips text without escapes eight bytes at a time.
pub fn write_compact(out: &mut String, v: &serde_json::Value) {
    use serde_json::Value as J;
    match v {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Number(n) => {
            // Writing into a String cannot fail.
            let _ = std::fmt::Write::write_fmt(out, format_args!("{n}"));
        }
        J::String(text) => write_json_string(out, text),
        J::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(out, item);
            }
            out.push(']');
        }
        J::Object(map) => {
            out.push('{');
            for (i, (key, value)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(out, key);
                out.push(':');
                write_compact(out, value);
            }
            out.push('}');
        }
    }
}

/// `v` as JSON text without whitespace (what serde_json's `to_string` gives), through
/// [`write_compact`].
pub fn to_compact_string(v: &serde_json::Value) -> String {
    let mut out = String::with_capacity(256);
    write_compact(&mut out, v);
    out
}

/// A newline and the indentation of `depth` levels, two spaces each, in one or two copies.
fn newline(out: &mut String, depth: usize) {
    const INDENT: &str = "\n                                                                ";
    let mut width = 2 * depth;
    out.push_str(&INDENT[..1 + width.min(INDENT.len() - 1)]);
    width = width.saturating_sub(INDENT.len() - 1);
    while width > 0 {
        let more = width.min(INDENT.len() - 1);
        out.push_str(&INDENT[1..1 + more]);
        width -= more;
    }
}

/// A JSON string as serde_json writes it: `"` and `\\` escaped, the short escapes for
/// backspace, form feed, newline, return and tab, `\u00XX` for the other control characters.
/// Text without any of those (most of it) is skipped eight bytes at a time.
pub(crate) fn write_json_string(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    // `text[start..i]` is copied as it is when an escape (or the end) is reached.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            let found = bytes_to_escape(u64::from_le_bytes(eight));
            if found == 0 {
                i += 8;
                continue;
            }
            // Straight to the first byte to escape (text that is itself JSON, a policy
            // document, has a quote every few bytes).
            i += (found.trailing_zeros() / 8) as usize;
        }
        let byte = bytes[i];
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => {
                i += 1;
                continue;
            }
        };
        // `i` is at an ASCII byte, so a character boundary.
        out.push_str(&text[start..i]);
        if escape.is_empty() {
            out.push_str(&format!("\\u{byte:04x}"));
        } else {
            out.push_str(escape);
        }
        i += 1;
        start = i;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// Whether any of eight bytes is a control character, `"` or `\\`.
#[cfg(test)]
fn any_byte_to_escape(word: u64) -> bool {
    bytes_to_escape(word) != 0
}

/// The high bits of the bytes of `word` (little-endian) that are control characters, `"` or
/// `\\`: zero exactly when there are none, and the lowest set bit is that of the first one. A
/// byte below the bound borrows from the byte above it only when one below the bound exists
/// already, so bits above the first may be set for bytes that need no escape.
fn bytes_to_escape(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below `n` (n <= 0x80) sets its high bit in `(x - n) & !x`.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    control | quote | backslash
}

#[cfg(test)]
mod tests {
    use super::{any_byte_to_escape, write_json_string};

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        // Every ASCII byte, and multi-byte characters at every offset of an eight-byte word.
        let ascii: String = (0u8..128).map(char::from).collect();
        let mut texts = vec![String::new(), ascii.clone(), ascii.repeat(3)];
        for offset in 0..9 {
            let pad = "a".repeat(offset);
            texts.push(format!("{pad}é\"ü€𝄞\\\n{pad}"));
            texts.push(format!("{pad}{{\"Version\":\"2012-10-17\"}}\u{7}{pad}"));
            texts.push(format!("{pad}plain text without escapes{pad}"));
        }
        for text in texts {
            let mut ours = String::new();
            write_json_string(&mut ours, &text);
            let theirs = serde_json::to_string(&text).expect("a string serializes");
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn documents_are_written_as_serde_json_pretty_prints_them() {
        // Nested deeper than the indentation held in one piece (32 levels), with numbers.
        let mut doc = serde_json::json!({"a": [1, -2, 3.5, u64::MAX], "b": {}, "c": []});
        for depth in 0..40 {
            doc = serde_json::json!({ format!("level{depth}"): [doc, null, true, "x"] });
        }
        let mut ours = String::new();
        super::write_pretty(&mut ours, &doc, 0);
        let theirs = serde_json::to_string_pretty(&doc).expect("a document serializes");
        assert_eq!(ours, theirs);
    }

    #[test]
    fn compact_documents_are_written_as_serde_json_writes_them() {
        let mut doc =
            serde_json::json!({"a": [1, -2, 3.5, u64::MAX], "b": {}, "c": [], "d\"": "\n"});
        for depth in 0..40 {
            doc = serde_json::json!({ format!("level{depth}"): [doc, null, true, "x"] });
        }
        let ours = super::to_compact_string(&doc);
        assert_eq!(ours, doc.to_string());
        assert_eq!(super::to_compact_string(&serde_json::json!([])), "[]");
    }

    #[test]
    fn the_lowest_mark_is_the_first_byte_to_escape() {
        let needs = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        for b in (0..=255u8).filter(|b| needs(*b)) {
            for at in 0..8 {
                // Bytes after it that need escaping, or sit at a bound, do not move the mark.
                for after in [b'a', 0x00, 0x1f, 0x20, b'"', 0x80, 0xff] {
                    let mut eight = *b"abcdefgh";
                    eight[at] = b;
                    for x in eight.iter_mut().skip(at + 1) {
                        *x = after;
                    }
                    let found = super::bytes_to_escape(u64::from_le_bytes(eight));
                    assert_eq!(found.trailing_zeros() / 8, at as u32, "{eight:?}");
                }
            }
        }
    }

    #[test]
    fn a_word_needs_escaping_exactly_when_a_byte_does() {
        let needs = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut eight = *b"abcdefgh";
                eight[at] = b;
                assert_eq!(
                    any_byte_to_escape(u64::from_le_bytes(eight)),
                    needs(b),
                    "byte {b:#x} at {at}"
                );
            }
            // Next to bytes that borrow (0x00) or sit at the bound (0x20, 0x80, 0xff).
            for other in [0x00u8, 0x20, 0x21, 0x80, 0xff] {
                let eight = [b, other, b, other, b, other, b, other];
                assert_eq!(
                    any_byte_to_escape(u64::from_le_bytes(eight)),
                    needs(b) || needs(other),
                    "bytes {b:#x} and {other:#x}"
                );
            }
        }
    }
}
