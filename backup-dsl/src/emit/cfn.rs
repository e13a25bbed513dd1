//! CloudFormation: one template per Region (stacks are regional) and a manifest listing them in
//! deploy order. Within a template, references are `Ref`/`Fn::GetAtt` as each property expects
//! (a vault's `Ref` is its name, a plan's its id); across templates, ARNs are written out from
//! Region, account and name with `Fn::Sub`, which the rules guarantee is possible.

use super::{defaults, policy, region_of, scalar, string_pairs, strings, trust_policy, Obj};
use crate::codes::BK302;
use crate::diag::Report;
use crate::model::{logical_id, CheckedStack, Resource, Stack};
use crate::schema::Kind;
use crate::value::{Object, Value};
use serde_json::{json, Map, Value as Json};

/// One template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// Its Region.
    pub region: String,
    /// `<stack>.<region>.template.json`.
    pub file_name: String,
    /// The CloudFormation stack name to deploy it as.
    pub stack_name: String,
    /// The template.
    pub body: Json,
}

/// Every template of a stack, in deploy order, and the manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct CfnOutput {
    /// Templates in deploy order.
    pub templates: Vec<Template>,
    /// `manifest.json`: the templates, their Regions and dependencies, in deploy order.
    pub manifest: Json,
}

/// What a property expects of a reference.
#[derive(Clone, Copy, PartialEq)]
enum Want {
    Arn,
    Name,
    Id,
}

struct Cx<'a> {
    stack: &'a Stack,
    region: &'a str,
}

impl Cx<'_> {
    fn reference(&self, v: Option<&Value>, want: Want) -> Option<Json> {
        match v? {
            Value::Str(s) => Some(json!(s)),
            Value::Ref(id) => {
                let target = self.stack.get(id)?;
                let lid = logical_id(&target.id);
                if region_of(self.stack, target) == self.region {
                    Some(match (target.kind, want) {
                        (Kind::Vault | Kind::AirGappedVault, Want::Arn) => {
                            json!({"Fn::GetAtt": [lid, "BackupVaultArn"]})
                        }
                        (Kind::RestoreTestingPlan, Want::Arn) => {
                            json!({"Fn::GetAtt": [lid, "RestoreTestingPlanArn"]})
                        }
                        (Kind::KmsKey | Kind::IamRole, Want::Arn) => {
                            json!({"Fn::GetAtt": [lid, "Arn"]})
                        }
                        _ => json!({"Ref": lid}),
                    })
                } else {
                    Some(self.remote(target, want))
                }
            }
            _ => None,
        }
    }

    /// A reference into another Region's template, from what is predictable.
    fn remote(&self, target: &Resource, want: Want) -> Json {
        let region = region_of(self.stack, target);
        let name = target.body.str("name").unwrap_or_default();
        match (target.kind, want) {
            (_, Want::Name) => json!(name),
            (Kind::Vault | Kind::AirGappedVault, _) => {
                json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:backup:{region}:${{AWS::AccountId}}:backup-vault:{name}")})
            }
            (Kind::SnsTopic, _) => {
                json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:sns:{region}:${{AWS::AccountId}}:{name}")})
            }
            (Kind::IamRole, _) => {
                let path = target.body.str("path").unwrap_or("/");
                json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role{path}{name}")})
            }
            _ => json!(name),
        }
    }

    fn refs(&self, v: &[Value], want: Want) -> Vec<Json> {
        v.iter()
            .filter_map(|x| self.reference(Some(x), want))
            .collect()
    }
}

fn tag_list(body: &Object) -> Vec<Json> {
    string_pairs(body.map("tags"))
        .into_iter()
        .map(|(k, v)| json!({"Key": k, "Value": v}))
        .collect()
}

fn tag_map(pairs: &[(String, Value)]) -> Option<Json> {
    if pairs.is_empty() {
        return None;
    }
    let mut m = Map::new();
    for (k, v) in string_pairs(pairs) {
        m.insert(k, json!(v));
    }
    Some(Json::Object(m))
}

fn lifecycle(l: Option<&Object>) -> Option<Json> {
    let l = l?;
    Some(
        Obj::new()
            .set(
                "MoveToColdStorageAfterDays",
                scalar(l.get("cold_storage_after_days")),
            )
            .set("DeleteAfterDays", scalar(l.get("delete_after_days")))
            .set(
                "OptInToArchiveForSupportedResources",
                scalar(l.get("archive")),
            )
            .build(),
    )
}

fn key_value_list(pairs: &[(String, Value)], k: &str, v: &str) -> Vec<Json> {
    string_pairs(pairs)
        .into_iter()
        .map(|(a, b)| json!({k: a, v: b}))
        .collect()
}

fn topics_notified_by_vaults(stack: &Stack) -> Vec<String> {
    let mut out = Vec::new();
    for v in stack
        .resources
        .iter()
        .filter(|r| matches!(r.kind, Kind::Vault | Kind::AirGappedVault))
    {
        if let Some(id) = v
            .body
            .obj("notifications")
            .and_then(|n| n.reference("topic"))
        {
            if !out.iter().any(|o| o == id) {
                out.push(id.to_string());
            }
        }
    }
    out
}

fn default_key_policy(stack: &Stack, key: &Resource) -> Json {
    let mut statements = vec![json!({
        "Sid": "AccountAdministers",
        "Effect": "Allow",
        "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
        "Action": "kms:*",
        "Resource": "*"
    })];
    let notified = topics_notified_by_vaults(stack);
    let encrypts_notified_topic = stack
        .of_kind(Kind::SnsTopic)
        .any(|t| notified.contains(&t.id) && t.body.reference("kms_key") == Some(key.id.as_str()));
    if encrypts_notified_topic {
        statements.push(json!({
            "Sid": "BackupPublishesToEncryptedTopic",
            "Effect": "Allow",
            "Principal": {"Service": "backup.amazonaws.com"},
            "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
            "Resource": "*"
        }));
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

fn resource(cx: &Cx, res: &Resource, out: &mut Map<String, Json>) {
    let b = &res.body;
    let lid = logical_id(&res.id);
    let (ty, props, retain) = match res.kind {
        Kind::KmsKey => {
            let key_policy = b
                .str("policy")
                .map(policy)
                .unwrap_or_else(|| default_key_policy(cx.stack, res));
            let p = Obj::new()
                .set("Description", scalar(b.get("description")))
                .set("EnableKeyRotation", scalar(b.get("rotation")))
                .set("PendingWindowInDays", scalar(b.get("deletion_window_days")))
                .set("MultiRegion", scalar(b.get("multi_region")))
                .set("KeyPolicy", key_policy)
                .set_nonempty("Tags", tag_list(b));
            ("AWS::KMS::Key", p, true)
        }
        Kind::IamRole => {
            let p = Obj::new()
                .set("RoleName", scalar(b.get("name")))
                .set(
                    "AssumeRolePolicyDocument",
                    trust_policy(b.list("assumed_by")),
                )
                .set_nonempty("ManagedPolicyArns", strings(b.list("managed_policies")))
                .set("Path", scalar(b.get("path")))
                .set("Description", scalar(b.get("description")))
                .set("MaxSessionDuration", scalar(b.get("max_session_seconds")))
                .set_nonempty("Tags", tag_list(b));
            ("AWS::IAM::Role", p, false)
        }
        Kind::SnsTopic => {
            let p = Obj::new()
                .set("TopicName", scalar(b.get("name")))
                .set("DisplayName", scalar(b.get("display_name")))
                .set("KmsMasterKeyId", cx.reference(b.get("kms_key"), Want::Arn))
                .set("FifoTopic", scalar(b.get("fifo")))
                .set_nonempty("Tags", tag_list(b));
            ("AWS::SNS::Topic", p, false)
        }
        Kind::Vault | Kind::AirGappedVault => {
            let notifications = b.obj("notifications").map(|n| {
                Obj::new()
                    .set("BackupVaultEvents", Json::Array(strings(n.list("events"))))
                    .set("SNSTopicArn", cx.reference(n.get("topic"), Want::Arn))
                    .build()
            });
            let mut p = Obj::new().set("BackupVaultName", scalar(b.get("name")));
            if res.kind == Kind::Vault {
                let lock = b.obj("lock").map(|l| {
                    Obj::new()
                        .set("MinRetentionDays", scalar(l.get("min_retention_days")))
                        .set("MaxRetentionDays", scalar(l.get("max_retention_days")))
                        .set("ChangeableForDays", scalar(l.get("changeable_for_days")))
                        .build()
                });
                p = p
                    .set(
                        "EncryptionKeyArn",
                        cx.reference(b.get("kms_key"), Want::Arn),
                    )
                    .set("LockConfiguration", lock);
            } else {
                p = p
                    .set("MinRetentionDays", scalar(b.get("min_retention_days")))
                    .set("MaxRetentionDays", scalar(b.get("max_retention_days")));
            }
            let p = p
                .set("AccessPolicy", b.str("access_policy").map(policy))
                .set("Notifications", notifications)
                .set("BackupVaultTags", tag_map(b.map("tags")));
            let ty = if res.kind == Kind::Vault {
                "AWS::Backup::BackupVault"
            } else {
                "AWS::Backup::LogicallyAirGappedBackupVault"
            };
            (ty, p, b.str("deletion_policy") != Some("Delete"))
        }
        Kind::Plan => {
            let rules: Vec<Json> = b
                .list("rules")
                .iter()
                .filter_map(Value::as_object)
                .map(|r| plan_rule(cx, r))
                .collect();
            let settings: Vec<Json> = b
                .list("advanced_backup_settings")
                .iter()
                .filter_map(Value::as_object)
                .map(|s| json!({"ResourceType": scalar(s.get("resource_type")), "BackupOptions": tag_map(s.map("options")).unwrap_or(json!({}))}))
                .collect();
            let plan = Obj::new()
                .set("BackupPlanName", scalar(b.get("name")))
                .set("BackupPlanRule", Json::Array(rules))
                .set_nonempty("AdvancedBackupSettings", settings)
                .build();
            (
                "AWS::Backup::BackupPlan",
                Obj::new()
                    .set("BackupPlan", plan)
                    .set("BackupPlanTags", tag_map(b.map("tags"))),
                false,
            )
        }
        Kind::Selection => {
            let list_of_tags: Vec<Json> = string_pairs(b.map("tags")).into_iter().map(|(k, v)| json!({"ConditionType": "STRINGEQUALS", "ConditionKey": k, "ConditionValue": v})).collect();
            let conditions = b.obj("conditions").map(|c| {
                Obj::new()
                    .set_nonempty(
                        "StringEquals",
                        key_value_list(c.map("string_equals"), "ConditionKey", "ConditionValue"),
                    )
                    .set_nonempty(
                        "StringNotEquals",
                        key_value_list(
                            c.map("string_not_equals"),
                            "ConditionKey",
                            "ConditionValue",
                        ),
                    )
                    .set_nonempty(
                        "StringLike",
                        key_value_list(c.map("string_like"), "ConditionKey", "ConditionValue"),
                    )
                    .set_nonempty(
                        "StringNotLike",
                        key_value_list(c.map("string_not_like"), "ConditionKey", "ConditionValue"),
                    )
                    .build()
            });
            let sel = Obj::new()
                .set("SelectionName", scalar(b.get("name")))
                .set("IamRoleArn", cx.reference(b.get("role"), Want::Arn))
                .set_nonempty("Resources", strings(b.list("resources")))
                .set_nonempty("NotResources", strings(b.list("not_resources")))
                .set_nonempty("ListOfTags", list_of_tags)
                .set("Conditions", conditions)
                .build();
            (
                "AWS::Backup::BackupSelection",
                Obj::new()
                    .set("BackupPlanId", cx.reference(b.get("plan"), Want::Id))
                    .set("BackupSelection", sel),
                false,
            )
        }
        Kind::Framework => {
            let controls: Vec<Json> = b
                .list("controls")
                .iter()
                .filter_map(Value::as_object)
                .map(|c| {
                    let params =
                        key_value_list(c.map("parameters"), "ParameterName", "ParameterValue");
                    let scope = c.obj("scope").map(|s| {
                        Obj::new()
                            .set_nonempty("ComplianceResourceIds", strings(s.list("resource_ids")))
                            .set_nonempty(
                                "ComplianceResourceTypes",
                                strings(s.list("resource_types")),
                            )
                            .set_nonempty("Tags", key_value_list(s.map("tags"), "Key", "Value"))
                            .build()
                    });
                    Obj::new()
                        .set("ControlName", scalar(c.get("name")))
                        .set_nonempty("ControlInputParameters", params)
                        .set("ControlScope", scope)
                        .build()
                })
                .collect();
            let p = Obj::new()
                .set("FrameworkName", scalar(b.get("name")))
                .set("FrameworkDescription", scalar(b.get("description")))
                .set("FrameworkControls", Json::Array(controls))
                .set_nonempty("FrameworkTags", tag_list(b));
            ("AWS::Backup::Framework", p, false)
        }
        Kind::ReportPlan => {
            let channel = Obj::new()
                .set("S3BucketName", scalar(b.get("bucket")))
                .set("S3KeyPrefix", scalar(b.get("key_prefix")))
                .set_nonempty("Formats", strings(b.list("formats")))
                .build();
            let setting = Obj::new()
                .set("ReportTemplate", scalar(b.get("template")))
                .set_nonempty("FrameworkArns", cx.refs(b.list("frameworks"), Want::Arn))
                .set_nonempty("Accounts", strings(b.list("accounts")))
                .set_nonempty("OrganizationUnits", strings(b.list("organization_units")))
                .set_nonempty("Regions", strings(b.list("regions")))
                .build();
            let p = Obj::new()
                .set("ReportPlanName", scalar(b.get("name")))
                .set("ReportPlanDescription", scalar(b.get("description")))
                .set("ReportDeliveryChannel", channel)
                .set("ReportSetting", setting)
                .set_nonempty("ReportPlanTags", tag_list(b));
            ("AWS::Backup::ReportPlan", p, false)
        }
        Kind::RestoreTestingPlan => {
            let selection = Obj::new()
                .set("Algorithm", scalar(b.get("algorithm")))
                .set(
                    "RecoveryPointTypes",
                    Json::Array(strings(b.list("recovery_point_types"))),
                )
                .set(
                    "IncludeVaults",
                    Json::Array(cx.refs(b.list("include_vaults"), Want::Arn)),
                )
                .set_nonempty(
                    "ExcludeVaults",
                    cx.refs(b.list("exclude_vaults"), Want::Arn),
                )
                .set(
                    "SelectionWindowDays",
                    scalar(b.get("selection_window_days")),
                )
                .build();
            let p = Obj::new()
                .set("RestoreTestingPlanName", scalar(b.get("name")))
                .set("ScheduleExpression", scalar(b.get("schedule")))
                .set(
                    "ScheduleExpressionTimezone",
                    scalar(b.get("timezone")).or(Some(json!(defaults::TIMEZONE))),
                )
                .set("StartWindowHours", scalar(b.get("start_window_hours")))
                .set("RecoveryPointSelection", selection)
                .set_nonempty("Tags", tag_list(b));
            ("AWS::Backup::RestoreTestingPlan", p, false)
        }
        Kind::RestoreTestingSelection => {
            let conditions = b.obj("conditions").map(|c| {
                Obj::new()
                    .set_nonempty(
                        "StringEquals",
                        key_value_list(c.map("string_equals"), "Key", "Value"),
                    )
                    .set_nonempty(
                        "StringNotEquals",
                        key_value_list(c.map("string_not_equals"), "Key", "Value"),
                    )
                    .build()
            });
            let mut arns = strings(b.list("resources"));
            if arns.is_empty() && conditions.is_some() {
                arns.push(json!("*"));
            }
            let p = Obj::new()
                .set(
                    "RestoreTestingPlanName",
                    cx.reference(b.get("plan"), Want::Name),
                )
                .set("RestoreTestingSelectionName", scalar(b.get("name")))
                .set("ProtectedResourceType", scalar(b.get("resource_type")))
                .set("IamRoleArn", cx.reference(b.get("role"), Want::Arn))
                .set_nonempty("ProtectedResourceArns", arns)
                .set("ProtectedResourceConditions", conditions)
                .set(
                    "ValidationWindowHours",
                    scalar(b.get("validation_window_hours")),
                )
                .set(
                    "RestoreMetadataOverrides",
                    tag_map(b.map("metadata_overrides")),
                );
            ("AWS::Backup::RestoreTestingSelection", p, false)
        }
    };
    let mut entry = Obj::new().set("Type", json!(ty));
    if retain {
        entry = entry
            .set("DeletionPolicy", json!("Retain"))
            .set("UpdateReplacePolicy", json!("Retain"));
    }
    out.insert(lid.clone(), entry.set("Properties", props.build()).build());
    if res.kind == Kind::SnsTopic && topics_notified_by_vaults(cx.stack).contains(&res.id) {
        out.insert(
            format!("{lid}BackupPublishPolicy"),
            json!({
                "Type": "AWS::SNS::TopicPolicy",
                "Properties": {
                    "Topics": [{"Ref": lid}],
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Sid": "AwsBackupPublishes",
                            "Effect": "Allow",
                            "Principal": {"Service": "backup.amazonaws.com"},
                            "Action": "SNS:Publish",
                            "Resource": {"Ref": lid}
                        }]
                    }
                }
            }),
        );
    }
}

fn plan_rule(cx: &Cx, r: &Object) -> Json {
    let copies: Vec<Json> = r
        .list("copy")
        .iter()
        .filter_map(Value::as_object)
        .map(|c| {
            Obj::new()
                .set(
                    "DestinationBackupVaultArn",
                    cx.reference(c.get("to"), Want::Arn),
                )
                .set("Lifecycle", lifecycle(c.obj("lifecycle")))
                .build()
        })
        .collect();
    let index: Vec<Json> = r
        .list("index_actions")
        .iter()
        .filter_map(Value::as_object)
        .map(|a| json!({"ResourceTypes": strings(a.list("resource_types"))}))
        .collect();
    let scans: Vec<Json> = r.list("scan_actions").iter().filter_map(Value::as_object).map(|a| json!({"MalwareScanner": scalar(a.get("scanner")), "ScanMode": scalar(a.get("mode"))})).collect();
    Obj::new()
        .set("RuleName", scalar(r.get("name")))
        .set(
            "TargetBackupVault",
            cx.reference(r.get("vault"), Want::Name),
        )
        .set(
            "TargetLogicallyAirGappedBackupVaultArn",
            cx.reference(r.get("air_gapped_vault"), Want::Arn),
        )
        .set(
            "ScheduleExpression",
            scalar(r.get("schedule")).unwrap_or(json!(defaults::SCHEDULE)),
        )
        .set(
            "ScheduleExpressionTimezone",
            scalar(r.get("timezone")).unwrap_or(json!(defaults::TIMEZONE)),
        )
        .set(
            "StartWindowMinutes",
            scalar(r.get("start_window_minutes")).unwrap_or(json!(defaults::START_WINDOW_MINUTES)),
        )
        .set(
            "CompletionWindowMinutes",
            scalar(r.get("completion_window_minutes"))
                .unwrap_or(json!(defaults::COMPLETION_WINDOW_MINUTES)),
        )
        .set("Lifecycle", lifecycle(r.obj("lifecycle")))
        .set("EnableContinuousBackup", scalar(r.get("continuous_backup")))
        .set("RecoveryPointTags", tag_map(r.map("recovery_point_tags")))
        .set_nonempty("CopyActions", copies)
        .set_nonempty("IndexActions", index)
        .set_nonempty("ScanActions", scans)
        .build()
}

/// Emits every Region's template of a checked stack.
pub fn emit(stack: &CheckedStack) -> Result<CfnOutput, Report> {
    let stack = stack.stack();
    let default_region = stack.region.as_str().unwrap_or("us-east-1").to_string();
    let mut regions: Vec<String> = vec![default_region.clone()];
    for r in &stack.resources {
        let region = region_of(stack, r);
        if !regions.contains(&region) {
            regions.push(region);
        }
    }
    let mut deps: Vec<(String, Vec<String>)> =
        regions.iter().map(|r| (r.clone(), Vec::new())).collect();
    for (from, _, to) in stack.references() {
        let (rf, rt) = (
            region_of(stack, from),
            region_of(stack, stack.get(to).expect("reference resolves")),
        );
        if rf != rt {
            let entry = deps
                .iter_mut()
                .find(|(r, _)| *r == rf)
                .expect("region listed");
            if !entry.1.contains(&rt) {
                entry.1.push(rt);
            }
        }
    }
    let order = deploy_order(&deps, &default_region).ok_or_else(|| {
        let mut report = Report::default();
        report
            .error(
                &BK302,
                "",
                "",
                "the Regions' templates reference each other; there is no order to deploy them in",
            )
            .help("reference the resources that point back by ARN string");
        report
    })?;
    let mut templates = Vec::new();
    for region in &order {
        let cx = Cx { stack, region };
        let mut resources = Map::new();
        for r in stack
            .resources
            .iter()
            .filter(|r| region_of(stack, r) == *region)
        {
            resource(&cx, r, &mut resources);
        }
        if resources.is_empty() {
            continue;
        }
        let body = json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": format!("backup-dsl stack `{}` in {region}", stack.name),
            "Resources": resources,
        });
        templates.push(Template {
            region: region.clone(),
            file_name: format!("{}.{region}.template.json", stack.name),
            stack_name: format!("{}-{region}", stack.name.replace('_', "-")),
            body,
        });
    }
    let manifest = json!({
        "stack": stack.name,
        "templates": templates.iter().map(|t| {
            let after: Vec<&String> = deps.iter().find(|(r, _)| *r == t.region).map(|(_, d)| d.iter().collect()).unwrap_or_default();
            json!({"region": t.region, "file": t.file_name, "stack_name": t.stack_name, "deploy_after": after})
        }).collect::<Vec<_>>(),
    });
    Ok(CfnOutput {
        templates,
        manifest,
    })
}

/// Kahn's algorithm; among ready Regions the default comes first, then by name.
fn deploy_order(deps: &[(String, Vec<String>)], default_region: &str) -> Option<Vec<String>> {
    let mut done: Vec<String> = Vec::new();
    while done.len() < deps.len() {
        let mut ready: Vec<&String> = deps
            .iter()
            .filter(|(r, d)| !done.contains(r) && d.iter().all(|x| done.contains(x) || x == r))
            .map(|(r, _)| r)
            .collect();
        if ready.is_empty() {
            return None;
        }
        ready.sort_by_key(|r| (r.as_str() != default_region, r.as_str()));
        done.push(ready[0].clone());
    }
    Some(done)
}
