//! Emitters: a checked model in, `serde_json::Value` out. Pure and deterministic: the same stack
//! gives the same bytes (objects keep insertion order, nothing reads the clock or the host).

pub mod cfn;
pub mod terraform;

use crate::model::{Resource, Stack};
use crate::value::Value;
use serde_json::{json, Map, Value as Json};

/// Defaults AWS applies that Terraform does not share; both renderings spell them out so that
/// they deploy the same plan.
pub mod defaults {
    /// AWS's start window (minutes); Terraform's is 60.
    pub const START_WINDOW_MINUTES: i64 = 480;
    /// AWS's completion window (minutes); Terraform's is 180.
    pub const COMPLETION_WINDOW_MINUTES: i64 = 10080;
    /// AWS's schedule when none is given.
    pub const SCHEDULE: &str = "cron(0 5 ? * * *)";
    /// The schedule time zone.
    pub const TIMEZONE: &str = "Etc/UTC";
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
        Value::Str(s) => Some(json!(s)),
        Value::Int(i) => Some(json!(i)),
        Value::Bool(b) => Some(json!(b)),
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

/// Builds a JSON object, skipping `None` values.
pub(crate) struct Obj(Map<String, Json>);

impl Obj {
    pub(crate) fn new() -> Self {
        Obj(Map::new())
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

/// A trust policy letting the given service principals assume a role.
pub(crate) fn trust_policy(principals: &[Value]) -> Json {
    let services: Vec<Json> = strings(principals);
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Service": services },
            "Action": "sts:AssumeRole"
        }]
    })
}

/// Parses a JSON policy string (validated by the rules).
pub(crate) fn policy(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or(Json::String(text.to_string()))
}
