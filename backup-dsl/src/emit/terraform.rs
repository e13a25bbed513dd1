//! Terraform JSON: one document, one `aws` provider alias per extra Region, references as
//! `${type.name.attr}`, and AWS's defaults written out where Terraform's differ (start window
//! 480 vs 60, completion window 10080 vs 180).
//!
//! Several stack instances can share one document ([`emit_all`]): resource names are prefixed
//! with the instance name and providers are declared once, so two instances of one component
//! never clash (the seed's tool declared its provider inside the component: seed defect D14).

use super::{defaults, region_of, scalar, string_pairs, strings, trust_policy, Obj};
use crate::codes::{BK080, BK303};
use crate::diag::Report;
use crate::model::{CheckedStack, Resource, Stack};
use crate::schema::Kind;
use crate::value::{Object, Value};
use serde_json::{json, Map, Value as Json};

/// The provider version the output is validated against.
pub const AWS_PROVIDER_VERSION: &str = ">= 5.100.0";

struct Cx<'a> {
    stack: &'a Stack,
    prefix: String,
}

impl Cx<'_> {
    fn name(&self, id: &str) -> String {
        format!("{}{id}", self.prefix)
    }

    fn attr(&self, target: &Resource, attr: &str) -> Json {
        json!(format!(
            "${{{}.{}.{attr}}}",
            tf_type(target.kind),
            self.name(&target.id)
        ))
    }

    fn reference(&self, v: Option<&Value>, attr: &str) -> Option<Json> {
        match v? {
            Value::Str(s) => Some(json!(s)),
            Value::Ref(id) => self.stack.get(id).map(|t| self.attr(t, attr)),
            _ => None,
        }
    }

    fn refs(&self, v: &[Value], attr: &str) -> Vec<Json> {
        v.iter()
            .filter_map(|x| self.reference(Some(x), attr))
            .collect()
    }
}

fn tf_type(kind: Kind) -> &'static str {
    match kind {
        Kind::KmsKey => "aws_kms_key",
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

fn key_values(pairs: &[(String, Value)]) -> Vec<Json> {
    string_pairs(pairs)
        .into_iter()
        .map(|(k, v)| json!({"key": k, "value": v}))
        .collect()
}

fn lifecycle(l: Option<&Object>) -> Option<Json> {
    let l = l?;
    Some(json!([Obj::new()
        .set(
            "cold_storage_after",
            scalar(l.get("cold_storage_after_days"))
        )
        .set("delete_after", scalar(l.get("delete_after_days")))
        .set(
            "opt_in_to_archive_for_supported_resources",
            scalar(l.get("archive"))
        )
        .build()]))
}

/// What cannot be rendered for the provider: reported as errors, since silently dropping a
/// field would deploy something else than what was checked.
fn unsupported(stack: &Stack) -> Report {
    let mut report = Report::default();
    for r in &stack.resources {
        if r.kind == Kind::ReportPlan && r.body.str("template") == Some("SCAN_JOB_REPORT") {
            report
                .error(
                    &BK080,
                    &r.id,
                    "template",
                    "SCAN_JOB_REPORT cannot be rendered for Terraform",
                )
                .help("emit CloudFormation for this stack");
        }
        if r.kind == Kind::Plan {
            for (i, rule) in r
                .body
                .list("rules")
                .iter()
                .filter_map(Value::as_object)
                .enumerate()
            {
                for field in ["air_gapped_vault", "index_actions", "scan_actions"] {
                    if rule.has(field) && !rule.list(field).is_empty()
                        || rule
                            .get(field)
                            .is_some_and(|v| !matches!(v, Value::List(_)))
                    {
                        report.error(&BK303, &r.id, &format!("rules[{i}].{field}"), format!("`{field}` cannot be rendered for Terraform (hashicorp/aws 5.100)")).help("emit CloudFormation for this stack");
                    }
                }
            }
        }
    }
    report
}

fn put(out: &mut Map<String, Json>, ty: &str, name: String, body: Json) {
    let by_type = out
        .entry(ty.to_string())
        .or_insert_with(|| Json::Object(Map::new()));
    by_type.as_object_mut().expect("object").insert(name, body);
}

fn topics_notified(stack: &Stack) -> Vec<String> {
    stack
        .resources
        .iter()
        .filter(|r| matches!(r.kind, Kind::Vault | Kind::AirGappedVault))
        .filter_map(|v| {
            v.body
                .obj("notifications")
                .and_then(|n| n.reference("topic"))
                .map(str::to_string)
        })
        .collect()
}

fn resource(cx: &Cx, res: &Resource, provider: Option<String>, out: &mut Map<String, Json>) {
    let b = &res.body;
    let name = cx.name(&res.id);
    let with_provider = |o: Obj| o.set("provider", provider.clone().map(Json::String));
    match res.kind {
        Kind::KmsKey => {
            let o = Obj::new()
                .set("description", scalar(b.get("description")))
                .set("enable_key_rotation", scalar(b.get("rotation")))
                .set(
                    "deletion_window_in_days",
                    scalar(b.get("deletion_window_days")),
                )
                .set("multi_region", scalar(b.get("multi_region")))
                .set("policy", scalar(b.get("policy")))
                .set("tags", tags(b.map("tags")));
            put(out, "aws_kms_key", name, with_provider(o).build());
        }
        Kind::IamRole => {
            let o = Obj::new()
                .set("name", scalar(b.get("name")))
                .set(
                    "assume_role_policy",
                    json!(trust_policy(b.list("assumed_by")).to_string()),
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
                    format!("{name}_policy_{i}"),
                    with_provider(o).build(),
                );
            }
        }
        Kind::SnsTopic => {
            let o = Obj::new()
                .set("name", scalar(b.get("name")))
                .set("display_name", scalar(b.get("display_name")))
                .set("kms_master_key_id", cx.reference(b.get("kms_key"), "arn"))
                .set("fifo_topic", scalar(b.get("fifo")))
                .set("tags", tags(b.map("tags")));
            put(out, "aws_sns_topic", name.clone(), with_provider(o).build());
            if topics_notified(cx.stack).contains(&res.id) {
                let arn = cx.attr(res, "arn");
                let doc = json!({
                    "Version": "2012-10-17",
                    "Statement": [{"Sid": "AwsBackupPublishes", "Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}, "Action": "SNS:Publish", "Resource": arn}]
                });
                let o = Obj::new()
                    .set("arn", arn)
                    .set("policy", json!(doc.to_string()));
                put(
                    out,
                    "aws_sns_topic_policy",
                    format!("{name}_backup_publish"),
                    with_provider(o).build(),
                );
            }
        }
        Kind::Vault | Kind::AirGappedVault => {
            let ty = tf_type(res.kind);
            let mut o = Obj::new().set("name", scalar(b.get("name")));
            if res.kind == Kind::Vault {
                o = o.set("kms_key_arn", cx.reference(b.get("kms_key"), "arn"));
            } else {
                o = o
                    .set("min_retention_days", scalar(b.get("min_retention_days")))
                    .set("max_retention_days", scalar(b.get("max_retention_days")));
            }
            o = o.set("tags", tags(b.map("tags")));
            if b.str("deletion_policy") != Some("Delete") {
                o = o.set("lifecycle", json!({"prevent_destroy": true}));
            }
            put(out, ty, name.clone(), with_provider(o).build());
            let vault_name = cx.attr(res, "name");
            if let Some(l) = b.obj("lock") {
                let o = Obj::new()
                    .set("backup_vault_name", vault_name.clone())
                    .set("min_retention_days", scalar(l.get("min_retention_days")))
                    .set("max_retention_days", scalar(l.get("max_retention_days")))
                    .set("changeable_for_days", scalar(l.get("changeable_for_days")));
                put(
                    out,
                    "aws_backup_vault_lock_configuration",
                    format!("{name}_lock"),
                    with_provider(o).build(),
                );
            }
            if let Some(n) = b.obj("notifications") {
                let o = Obj::new()
                    .set("backup_vault_name", vault_name.clone())
                    .set("sns_topic_arn", cx.reference(n.get("topic"), "arn"))
                    .set(
                        "backup_vault_events",
                        Json::Array(strings(n.list("events"))),
                    );
                put(
                    out,
                    "aws_backup_vault_notifications",
                    format!("{name}_notifications"),
                    with_provider(o).build(),
                );
            }
            if let Some(p) = b.str("access_policy") {
                let o = Obj::new()
                    .set("backup_vault_name", vault_name)
                    .set("policy", json!(p));
                put(
                    out,
                    "aws_backup_vault_policy",
                    format!("{name}_policy"),
                    with_provider(o).build(),
                );
            }
        }
        Kind::Plan => {
            let rules: Vec<Json> = b
                .list("rules")
                .iter()
                .filter_map(Value::as_object)
                .map(|r| {
                    let copies: Vec<Json> = r
                        .list("copy")
                        .iter()
                        .filter_map(Value::as_object)
                        .map(|c| {
                            Obj::new()
                                .set("destination_vault_arn", cx.reference(c.get("to"), "arn"))
                                .set("lifecycle", lifecycle(c.obj("lifecycle")))
                                .build()
                        })
                        .collect();
                    Obj::new()
                        .set("rule_name", scalar(r.get("name")))
                        .set("target_vault_name", cx.reference(r.get("vault"), "name"))
                        .set(
                            "schedule",
                            scalar(r.get("schedule")).unwrap_or(json!(defaults::SCHEDULE)),
                        )
                        .set(
                            "schedule_expression_timezone",
                            scalar(r.get("timezone")).unwrap_or(json!(defaults::TIMEZONE)),
                        )
                        .set(
                            "start_window",
                            scalar(r.get("start_window_minutes"))
                                .unwrap_or(json!(defaults::START_WINDOW_MINUTES)),
                        )
                        .set(
                            "completion_window",
                            scalar(r.get("completion_window_minutes"))
                                .unwrap_or(json!(defaults::COMPLETION_WINDOW_MINUTES)),
                        )
                        .set(
                            "enable_continuous_backup",
                            scalar(r.get("continuous_backup")),
                        )
                        .set("lifecycle", lifecycle(r.obj("lifecycle")))
                        .set("recovery_point_tags", tags(r.map("recovery_point_tags")))
                        .set_nonempty("copy_action", copies)
                        .build()
                })
                .collect();
            let settings: Vec<Json> = b
                .list("advanced_backup_settings")
                .iter()
                .filter_map(Value::as_object)
                .map(|s| json!({"resource_type": scalar(s.get("resource_type")), "backup_options": tags(s.map("options")).unwrap_or(json!({}))}))
                .collect();
            let o = Obj::new()
                .set("name", scalar(b.get("name")))
                .set("rule", Json::Array(rules))
                .set_nonempty("advanced_backup_setting", settings)
                .set("tags", tags(b.map("tags")));
            put(out, "aws_backup_plan", name, with_provider(o).build());
        }
        Kind::Selection => {
            let selection_tags: Vec<Json> = string_pairs(b.map("tags"))
                .into_iter()
                .map(|(k, v)| json!({"type": "STRINGEQUALS", "key": k, "value": v}))
                .collect();
            let condition = b.obj("conditions").map(|c| {
                json!([Obj::new()
                    .set_nonempty("string_equals", key_values(c.map("string_equals")))
                    .set_nonempty("string_not_equals", key_values(c.map("string_not_equals")))
                    .set_nonempty("string_like", key_values(c.map("string_like")))
                    .set_nonempty("string_not_like", key_values(c.map("string_not_like")))
                    .build()])
            });
            let o = Obj::new()
                .set("name", scalar(b.get("name")))
                .set("plan_id", cx.reference(b.get("plan"), "id"))
                .set("iam_role_arn", cx.reference(b.get("role"), "arn"))
                .set_nonempty("resources", strings(b.list("resources")))
                .set_nonempty("not_resources", strings(b.list("not_resources")))
                .set_nonempty("selection_tag", selection_tags)
                .set("condition", condition);
            put(out, "aws_backup_selection", name, with_provider(o).build());
        }
        Kind::Framework => {
            let controls: Vec<Json> = b
                .list("controls")
                .iter()
                .filter_map(Value::as_object)
                .map(|c| {
                    let params: Vec<Json> = string_pairs(c.map("parameters"))
                        .into_iter()
                        .map(|(k, v)| json!({"name": k, "value": v}))
                        .collect();
                    let scope = c.obj("scope").map(|s| {
                        json!([Obj::new()
                            .set_nonempty(
                                "compliance_resource_ids",
                                strings(s.list("resource_ids"))
                            )
                            .set_nonempty(
                                "compliance_resource_types",
                                strings(s.list("resource_types"))
                            )
                            .set("tags", tags(s.map("tags")))
                            .build()])
                    });
                    Obj::new()
                        .set("name", scalar(c.get("name")))
                        .set_nonempty("input_parameter", params)
                        .set("scope", scope)
                        .build()
                })
                .collect();
            let o = Obj::new()
                .set("name", scalar(b.get("name")))
                .set("description", scalar(b.get("description")))
                .set("control", Json::Array(controls))
                .set("tags", tags(b.map("tags")));
            put(out, "aws_backup_framework", name, with_provider(o).build());
        }
        Kind::ReportPlan => {
            let channel = Obj::new()
                .set("s3_bucket_name", scalar(b.get("bucket")))
                .set("s3_key_prefix", scalar(b.get("key_prefix")))
                .set_nonempty("formats", strings(b.list("formats")))
                .build();
            let frameworks = cx.refs(b.list("frameworks"), "arn");
            let count = if frameworks.is_empty() {
                None
            } else {
                Some(json!(frameworks.len()))
            };
            let setting = Obj::new()
                .set("report_template", scalar(b.get("template")))
                .set_nonempty("framework_arns", frameworks)
                .set("number_of_frameworks", count)
                .set_nonempty("accounts", strings(b.list("accounts")))
                .set_nonempty("organization_units", strings(b.list("organization_units")))
                .set_nonempty("regions", strings(b.list("regions")))
                .build();
            let o = Obj::new()
                .set("name", scalar(b.get("name")))
                .set("description", scalar(b.get("description")))
                .set("report_delivery_channel", json!([channel]))
                .set("report_setting", json!([setting]))
                .set("tags", tags(b.map("tags")));
            put(
                out,
                "aws_backup_report_plan",
                name,
                with_provider(o).build(),
            );
        }
        Kind::RestoreTestingPlan => {
            let selection = Obj::new()
                .set("algorithm", scalar(b.get("algorithm")))
                .set(
                    "recovery_point_types",
                    Json::Array(strings(b.list("recovery_point_types"))),
                )
                .set(
                    "include_vaults",
                    Json::Array(cx.refs(b.list("include_vaults"), "arn")),
                )
                .set_nonempty("exclude_vaults", cx.refs(b.list("exclude_vaults"), "arn"))
                .set(
                    "selection_window_days",
                    scalar(b.get("selection_window_days")),
                )
                .build();
            let o = Obj::new()
                .set("name", scalar(b.get("name")))
                .set("schedule_expression", scalar(b.get("schedule")))
                .set(
                    "schedule_expression_timezone",
                    scalar(b.get("timezone")).or(Some(json!(defaults::TIMEZONE))),
                )
                .set("start_window_hours", scalar(b.get("start_window_hours")))
                .set("recovery_point_selection", json!([selection]))
                .set("tags", tags(b.map("tags")));
            put(
                out,
                "aws_backup_restore_testing_plan",
                name,
                with_provider(o).build(),
            );
        }
        Kind::RestoreTestingSelection => {
            let conditions = b.obj("conditions").map(|c| {
                json!([Obj::new()
                    .set_nonempty("string_equals", key_values(c.map("string_equals")))
                    .set_nonempty("string_not_equals", key_values(c.map("string_not_equals")))
                    .build()])
            });
            let arns: Vec<Json> = if conditions.is_some() {
                strings(b.list("resources"))
                    .into_iter()
                    .filter(|a| a != "*")
                    .collect()
            } else {
                strings(b.list("resources"))
            };
            let o = Obj::new()
                .set("name", scalar(b.get("name")))
                .set(
                    "restore_testing_plan_name",
                    cx.reference(b.get("plan"), "name"),
                )
                .set("protected_resource_type", scalar(b.get("resource_type")))
                .set("iam_role_arn", cx.reference(b.get("role"), "arn"))
                .set_nonempty("protected_resource_arns", arns)
                .set("protected_resource_conditions", conditions)
                .set(
                    "validation_window_hours",
                    scalar(b.get("validation_window_hours")),
                )
                .set(
                    "restore_metadata_overrides",
                    tags(b.map("metadata_overrides")),
                );
            put(
                out,
                "aws_backup_restore_testing_selection",
                name,
                with_provider(o).build(),
            );
        }
    }
}

/// The Terraform document of one stack.
pub fn emit(stack: &CheckedStack) -> Result<Json, Report> {
    emit_all(&[stack])
}

/// One Terraform document for several stack instances (resource names prefixed by instance).
pub fn emit_all(stacks: &[&CheckedStack]) -> Result<Json, Report> {
    let mut report = Report::default();
    for s in stacks {
        report
            .diagnostics
            .extend(unsupported(s.stack()).diagnostics);
    }
    if report.has_errors() {
        return Err(report);
    }
    let default_region = stacks
        .first()
        .and_then(|s| s.region.as_str())
        .unwrap_or("us-east-1")
        .to_string();
    let mut extra_regions: Vec<String> = Vec::new();
    let mut resources = Map::new();
    for s in stacks {
        let stack = s.stack();
        let prefix = if stacks.len() > 1 {
            format!(
                "{}_",
                stack
                    .name
                    .replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "_")
            )
        } else {
            String::new()
        };
        let cx = Cx { stack, prefix };
        for r in &stack.resources {
            let region = region_of(stack, r);
            let provider = if region == default_region {
                None
            } else {
                if !extra_regions.contains(&region) {
                    extra_regions.push(region.clone());
                }
                Some(format!("aws.{}", provider_alias(&region)))
            };
            resource(&cx, r, provider, &mut resources);
        }
    }
    extra_regions.sort();
    let mut providers = vec![json!({"region": default_region})];
    providers.extend(
        extra_regions
            .iter()
            .map(|r| json!({"alias": provider_alias(r), "region": r})),
    );
    Ok(json!({
        "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws", "version": AWS_PROVIDER_VERSION}}},
        "provider": {"aws": providers},
        "resource": resources,
    }))
}
