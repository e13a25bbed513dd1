//! Layer 5, consumers of a checked stack.
//!
//! CloudFormation: one template per Region (stacks are regional) and a manifest listing them in
//! deploy order. Within a template, references are `Ref`/`Fn::GetAtt` as each property expects
//! (a vault's `Ref` is its name, a plan's its id); across templates, ARNs are written out from
//! Region, account and name with `Fn::Sub`, which the rules guarantee is possible.

use super::chunks::{Chunks, EntryAt};
use super::mapped::{self, Renderer};
use super::{
    backup_publish_statement, key_service_grants, key_tags, policy_document, ref_map, region_of,
    scalar, split_problems, string_pairs, strings, tag_condition_pairs, trust_document, Facts, Obj,
    Part, Render,
};
use crate::build::CheckedStack;
use crate::codes::{BK301, BK302, BK305, BK306};
use crate::diag::Report;
use crate::json_tree::json_tree as json;
use crate::json_tree::{Map, Tree as Json};
use crate::model::{logical_id, Resource, Stack};
use crate::rules::org;
use crate::schema::{FieldDef, How, Kind, Output, StructDef};
use crate::value::{Object, Value};

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
    pub body: serde_json::Value,
}

/// Every template of a stack, in deploy order, and the manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct CfnOutput {
    /// Templates in deploy order.
    pub templates: Vec<Template>,
    /// `manifest.json`: the templates, their Regions and dependencies in deploy order, and the
    /// Lambda code assets to upload to the `AssetBucket` parameter's bucket first.
    pub manifest: serde_json::Value,
}

/// What a property expects of a reference.
#[derive(Clone, Copy, PartialEq)]
enum Want {
    Arn,
    Name,
    Id,
}

#[derive(Clone, Copy)]
struct Cx<'a> {
    stack: &'a Stack,
    region: &'a str,
    /// Render references as `${..}` placeholders inside an `Fn::Sub` string (dashboard bodies).
    in_sub: bool,
    /// The resource being rendered. A reference to it from its own properties (a vault access
    /// policy naming its vault) cannot be `Fn::GetAtt` of itself, a circular dependency
    /// (cfn-lint E3004): its name-derived ARN is written instead.
    own: Option<&'a str>,
    /// What the stack as a whole says about each resource, computed once.
    facts: &'a Facts,
    /// The resources this output holds; a reference to one outside it is written as its
    /// name-derived ARN, as across Regions.
    part: Part,
    /// The home Region when rendering an organization deployment's member part: one template
    /// for every Region, where a resource exists per [`org::presence`] and a reference is local
    /// where its target exists wherever the referencing resource does.
    member_home: Option<&'a str>,
}

fn arn_attr(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::Vault | Kind::AirGappedVault => "BackupVaultArn",
        Kind::RestoreTestingPlan => "RestoreTestingPlanArn",
        Kind::Plan => "BackupPlanArn",
        Kind::KmsKey
        | Kind::IamRole
        | Kind::S3Bucket
        | Kind::DynamoTable
        | Kind::LambdaFunction
        | Kind::LogGroup => "Arn",
        _ => return None,
    })
}

impl Cx<'_> {
    fn local(&self, target: &Resource) -> bool {
        if let Some(home) = self.member_home {
            let here = match self.own.and_then(|id| self.stack.get(id)) {
                Some(own) => org::presence(self.stack, own),
                None => org::Presence::Everywhere,
            };
            return here.within(&org::presence(self.stack, target), home);
        }
        region_of(self.stack, target) == self.region && self.part.includes(target.kind)
    }

    fn get_att(&self, lid: &str, attr: &str) -> Json {
        if self.in_sub {
            json!(format!("${{{lid}.{attr}}}"))
        } else {
            json!({"Fn::GetAtt": [lid, attr]})
        }
    }

    fn ref_(&self, lid: &str) -> Json {
        if self.in_sub {
            json!(format!("${{{lid}}}"))
        } else {
            json!({"Ref": lid})
        }
    }

    fn reference(&self, v: Option<&Value>, want: Want) -> Option<Json> {
        match v? {
            Value::Str(s) => Some(json!(s.as_str())),
            Value::Ref(id) => {
                let target = self.stack.get(id)?;
                let own_predictable = self.own == Some(id.as_str())
                    && crate::rules::regions::arn_is_predictable(target).is_ok();
                if !self.local(target)
                    || (target.kind == Kind::S3Bucket && !self.in_sub)
                    || own_predictable
                {
                    let arn = self.remote(target, want);
                    // Inside an `Fn::Sub` string the template itself is the reference.
                    return Some(match arn.get("Fn::Sub") {
                        Some(template) if self.in_sub => template.clone(),
                        _ => arn,
                    });
                }
                let lid = logical_id(&target.id);
                Some(match (want, arn_attr(target.kind)) {
                    (Want::Arn, Some(attr)) => self.get_att(&lid, attr),
                    (Want::Arn, None) if target.kind == Kind::KmsAlias => {
                        json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:kms:${{AWS::Region}}:${{AWS::AccountId}}:${{{lid}}}")})
                    }
                    _ => self.ref_(&lid),
                })
            }
            _ => None,
        }
    }

    /// A reference into another Region's template (or another part, `synth --only`), from what
    /// is predictable: its name, or the ARN AWS derives from it ([`Kind::arn_of`]).
    fn remote(&self, target: &Resource, want: Want) -> Json {
        let region = match org::presence(self.stack, target) {
            // In a member template, what exists in every Region is in this stack's Region.
            org::Presence::Everywhere if self.member_home.is_some() => "${AWS::Region}".to_string(),
            _ => region_of(self.stack, target).to_string(),
        };
        let name = target.body.str("name").unwrap_or_default();
        let path = target.body.str("path").unwrap_or("/");
        let arn = target.kind.arn_of(
            "${AWS::Partition}",
            &region,
            "${AWS::AccountId}",
            name,
            path,
        );
        match (want, arn) {
            (Want::Name, _) | (_, None) => json!(name),
            (_, Some(arn)) => json!({"Fn::Sub": arn}),
        }
    }
}

/// A resource's properties as the schema's field places declare them.
fn mapped(cx: &Cx, res: &Resource) -> Obj {
    Obj::from_map(mapped::derive(
        res.kind.schema(),
        &res.body,
        Output::Cfn,
        None,
        cx,
    ))
}

impl Renderer for Cx<'_> {
    fn reference(&self, v: &Value, how: How) -> Option<Json> {
        let want = match how {
            How::Name => Want::Name,
            How::Id => Want::Id,
            _ => Want::Arn,
        };
        Cx::reference(self, Some(v), want)
    }

    fn built(&self, def: &StructDef, field: &FieldDef, body: &Object) -> Option<Json> {
        match (def.name, field.name) {
            ("backup::Vault" | "backup::LogicallyAirGappedVault", "access_policy") => {
                let statements = body.list(field.name);
                (!statements.is_empty())
                    .then(|| policy_document(self, statements, true, Vec::new()))
            }
            ("backup::Selection", "tags") => nonempty(
                string_pairs(body.map("tags"))
                    .into_iter()
                    .map(|(k, v)| json!({"ConditionType": "STRINGEQUALS", "ConditionKey": k, "ConditionValue": v}))
                    .collect(),
            ),
            ("Conditions", operator) => nonempty(tag_condition_list(body.map(operator), "ConditionKey", "ConditionValue")),
            ("RestoreConditions", operator) => nonempty(tag_condition_list(body.map(operator), "Key", "Value")),
            ("Control", "parameters") => nonempty(key_value_list(
                body.map(field.name),
                "ParameterName",
                "ParameterValue",
            )),
            ("backup::RestoreTestingSelection", "resources") => {
                nonempty(strings(body.list(field.name)))
            }
            ("sns::Topic", "subscriptions") => nonempty(
                body.list(field.name)
                    .iter()
                    .filter_map(Value::as_object)
                    .map(|s| json!({"Protocol": scalar(s.get("protocol")), "Endpoint": Cx::reference(self, s.get("endpoint"), Want::Arn)}))
                    .collect(),
            ),
            _ => None,
        }
    }
}

fn nonempty(items: Vec<Json>) -> Option<Json> {
    (!items.is_empty()).then_some(Json::Array(items))
}

impl Render for Cx<'_> {
    fn arn(&self, target: &Resource) -> Json {
        self.reference(Some(&Value::Ref(target.id.clone())), Want::Arn)
            .unwrap_or(Json::Null)
    }

    fn text(&self, target: &Resource) -> Json {
        let want = match target.kind {
            Kind::KmsKey | Kind::IamRole => Want::Arn,
            _ => Want::Name,
        };
        self.reference(Some(&Value::Ref(target.id.clone())), want)
            .unwrap_or(Json::Null)
    }

    fn concat(&self, parts: Vec<Json>) -> Json {
        if self.in_sub || parts.iter().all(Json::is_string) {
            return json!(parts
                .iter()
                .map(|p| p.as_str().unwrap_or_default().to_string())
                .collect::<String>());
        }
        // A name-derived ARN is an `Fn::Sub` template: literal suffixes join the template.
        let sub_template = |p: &Json| {
            p.get("Fn::Sub")
                .and_then(Json::as_str)
                .map(str::to_string)
                .or_else(|| p.as_str().map(|s| s.replace("${", "${!")))
        };
        if let Some(templates) = parts
            .iter()
            .map(sub_template)
            .collect::<Option<Vec<String>>>()
        {
            return json!({"Fn::Sub": templates.concat()});
        }
        json!({"Fn::Join": ["", parts]})
    }

    fn account_root(&self, account: Option<&str>) -> Json {
        let account = account.unwrap_or("${AWS::AccountId}");
        json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:iam::{account}:root")})
    }

    fn stack(&self) -> &Stack {
        self.stack
    }
}

fn tag_list(body: &Object) -> Vec<Json> {
    string_pairs(body.map("tags"))
        .into_iter()
        .map(|(k, v)| json!({"Key": k, "Value": v}))
        .collect()
}

fn key_value_list(pairs: &[(String, Value)], k: &'static str, v: &'static str) -> Vec<Json> {
    string_pairs(pairs)
        .into_iter()
        .map(|(a, b)| json!({k: a, v: b}))
        .collect()
}

fn tag_condition_list(pairs: &[(String, Value)], k: &'static str, v: &'static str) -> Vec<Json> {
    tag_condition_pairs(pairs)
        .into_iter()
        .map(|(a, b)| json!({k: a, v: b}))
        .collect()
}

/// A CloudFormation stack name for an instance in a Region: `^[A-Za-z][-A-Za-z0-9]*$`, at most
/// 128 characters [CFN `CreateStack.StackName`].
pub fn cloudformation_stack_name(instance: &str, region: &str) -> String {
    let mut name: String = format!("{instance}-{region}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 's');
    }
    name.truncate(128);
    name
}

/// The resource with every literal `${` written `${!`, as `Fn::Sub` reads it.
fn sub_literals(res: &Resource) -> Resource {
    fn escape(v: &mut Value) {
        match v {
            Value::Str(s) if s.contains("${") => *s = s.replace("${", "${!"),
            Value::List(items) => items.iter_mut().for_each(escape),
            Value::Map(pairs) => pairs.iter_mut().for_each(|(_, v)| escape(v)),
            Value::Object(o) => o.fields.iter_mut().for_each(|(_, v)| escape(v)),
            _ => {}
        }
    }
    let mut res = res.clone();
    res.body.fields.iter_mut().for_each(|(_, v)| escape(v));
    res
}

fn default_key_admin() -> Json {
    json!({
        "Sid": "AccountAdministers",
        "Effect": "Allow",
        "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
        "Action": "kms:*",
        "Resource": "*"
    })
}

fn s3_bucket(cx: &Cx, res: &Resource, out: &mut Map) -> Obj {
    let b = &res.body;
    let lock = b.obj("object_lock").map(|l| {
        let retention = Obj::new()
            .set("Mode", scalar(l.get("mode")))
            .set("Days", scalar(l.get("days")))
            .set("Years", scalar(l.get("years")))
            .build();
        json!({"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": retention}})
    });
    let transitions = |list: &[Value]| -> Vec<Json> {
        list.iter().filter_map(Value::as_object).map(|t| json!({"StorageClass": scalar(t.get("storage_class")), "TransitionInDays": scalar(t.get("days"))})).collect()
    };
    let rules: Vec<Json> = b
        .list("lifecycle_rules")
        .iter()
        .filter_map(Value::as_object)
        .map(|r| {
            Obj::new()
                .set("Id", scalar(r.get("id")))
                .set(
                    "Status",
                    json!(if r.bool("enabled") == Some(false) {
                        "Disabled"
                    } else {
                        "Enabled"
                    }),
                )
                .set("Prefix", scalar(r.get("prefix")))
                .set_nonempty("TagFilters", key_value_list(r.map("tags"), "Key", "Value"))
                .set(
                    "ObjectSizeGreaterThan",
                    r.int("object_size_greater_than")
                        .map(|n| json!(n.to_string())),
                )
                .set(
                    "ObjectSizeLessThan",
                    r.int("object_size_less_than").map(|n| json!(n.to_string())),
                )
                .set_nonempty("Transitions", transitions(r.list("transitions")))
                .set_nonempty(
                    "NoncurrentVersionTransitions",
                    transitions(r.list("noncurrent_transitions")),
                )
                .set("ExpirationInDays", scalar(r.get("expiration_days")))
                .set(
                    "NoncurrentVersionExpiration",
                    scalar(r.get("noncurrent_expiration_days"))
                        .map(|d| json!({"NoncurrentDays": d})),
                )
                .set(
                    "AbortIncompleteMultipartUpload",
                    scalar(r.get("abort_incomplete_multipart_days"))
                        .map(|d| json!({"DaysAfterInitiation": d})),
                )
                .set(
                    "ExpiredObjectDeleteMarker",
                    scalar(r.get("expired_object_delete_marker")),
                )
                .build()
        })
        .collect();
    let encryption = b.obj("encryption").map(|e| {
        json!({"ServerSideEncryptionConfiguration": [{
            "ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": cx.reference(e.get("kms_key"), Want::Arn)},
            "BucketKeyEnabled": e.bool("bucket_key").unwrap_or(true)
        }]})
    });
    let inventories: Vec<Json> = b
        .list("inventories")
        .iter()
        .filter_map(Value::as_object)
        .map(|i| {
            let destination = Obj::new()
                .set("BucketArn", cx.reference(i.get("destination"), Want::Arn))
                .set("Format", json!(i.str("format").unwrap_or("CSV")))
                .set("Prefix", scalar(i.get("prefix")))
                .build();
            json!({
                "Id": scalar(i.get("name")),
                "Enabled": true,
                "Destination": destination,
                "IncludedObjectVersions": i.str("versions").unwrap_or("Current"),
                "ScheduleFrequency": i.str("frequency").unwrap_or("Daily"),
            })
        })
        .collect();
    let mut lambda_configs = Vec::new();
    for n in b.list("notifications").iter().filter_map(Value::as_object) {
        let mut rules = Vec::new();
        if let Some(p) = n.str("prefix") {
            rules.push(json!({"Name": "prefix", "Value": p}));
        }
        if let Some(s) = n.str("suffix") {
            rules.push(json!({"Name": "suffix", "Value": s}));
        }
        for e in strings(n.list("events")) {
            let mut c = json!({"Event": e, "Function": cx.reference(n.get("function"), Want::Arn)});
            if !rules.is_empty() {
                c["Filter"] = json!({"S3Key": {"Rules": rules.clone()}});
            }
            lambda_configs.push(c);
        }
    }
    let logging = b.obj("access_logs").map(|l| {
        Obj::new()
            .set(
                "DestinationBucketName",
                cx.reference(l.get("bucket"), Want::Name),
            )
            .set("LogFilePrefix", scalar(l.get("prefix")))
            .build()
    });
    let public = b.bool("block_public_access") != Some(false);
    let lid = logical_id(&res.id);
    if !b.list("policy").is_empty() {
        out.insert(
            format!("{lid}Policy"),
            json!({"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": lid}, "PolicyDocument": policy_document(cx, b.list("policy"), true, Vec::new())}}),
        );
    }
    Obj::new()
        .set("BucketName", scalar(b.get("name")))
        .set("VersioningConfiguration", scalar(b.get("versioning")).map(|s| json!({"Status": s})))
        .set("ObjectLockEnabled", if lock.is_some() { Some(json!(true)) } else { None })
        .set("ObjectLockConfiguration", lock)
        .set("LifecycleConfiguration", if rules.is_empty() { None } else { Some(json!({"Rules": rules})) })
        .set(
            "PublicAccessBlockConfiguration",
            json!({"BlockPublicAcls": public, "BlockPublicPolicy": public, "IgnorePublicAcls": public, "RestrictPublicBuckets": public}),
        )
        .set("BucketEncryption", encryption)
        .set_nonempty("InventoryConfigurations", inventories)
        .set("NotificationConfiguration", if lambda_configs.is_empty() { None } else { Some(json!({"LambdaConfigurations": lambda_configs})) })
        .set("LoggingConfiguration", logging)
        .set_nonempty("Tags", tag_list(b))
}

fn resource(cx: &Cx, res: &Resource, out: &mut Map) {
    let cx = &Cx {
        own: Some(&res.id),
        ..*cx
    };
    let b = &res.body;
    let lid = logical_id(&res.id);
    let mut depends_on: Vec<Json> = Vec::new();
    let (ty, props, retain) = match res.kind {
        // Rendered as the management account's policy and StackSet (`management_template`).
        Kind::OrgDeployment => return,
        Kind::KmsKey => {
            let mut statements = vec![default_key_admin()];
            statements.extend(key_service_grants(cx.facts, res));
            let key_policy = if b.list("policy").is_empty() {
                json!({"Version": "2012-10-17", "Statement": statements})
            } else {
                policy_document(
                    cx,
                    b.list("policy"),
                    true,
                    key_service_grants(cx.facts, res),
                )
            };
            let p = Obj::new()
                .set("Description", scalar(b.get("description")))
                .set("EnableKeyRotation", scalar(b.get("rotation")))
                .set(
                    "RotationPeriodInDays",
                    scalar(b.get("rotation_period_days")),
                )
                .set("PendingWindowInDays", scalar(b.get("deletion_window_days")))
                .set("MultiRegion", scalar(b.get("multi_region")))
                .set("KeyPolicy", key_policy)
                .set_nonempty(
                    "Tags",
                    string_pairs(&key_tags(cx.stack, res))
                        .into_iter()
                        .map(|(k, v)| json!({"Key": k, "Value": v}))
                        .collect(),
                );
            ("AWS::KMS::Key", p, true)
        }
        Kind::KmsAlias => ("AWS::KMS::Alias", mapped(cx, res), false),
        Kind::IamRole => {
            let policies: Vec<Json> = b
                .list("policies")
                .iter()
                .filter_map(Value::as_object)
                .map(|p| json!({"PolicyName": scalar(p.get("name")), "PolicyDocument": policy_document(cx, p.list("statements"), false, Vec::new())}))
                .collect();
            let p = Obj::new()
                .set("RoleName", scalar(b.get("name")))
                .set(
                    "AssumeRolePolicyDocument",
                    trust_document(cx, b.list("assumed_by"), b.str("external_id")),
                )
                .set_nonempty("ManagedPolicyArns", strings(b.list("managed_policies")))
                .set_nonempty("Policies", policies)
                .set("Path", scalar(b.get("path")))
                .set("Description", scalar(b.get("description")))
                .set("MaxSessionDuration", scalar(b.get("max_session_seconds")))
                .set_nonempty("Tags", tag_list(b));
            ("AWS::IAM::Role", p, false)
        }
        Kind::SnsTopic => {
            let p = mapped(cx, res);
            let notified = cx.facts.notified_topics.contains(&res.id);
            if notified || !b.list("policy").is_empty() {
                let extra = if notified {
                    vec![backup_publish_statement(json!({"Ref": lid.as_str()}))]
                } else {
                    Vec::new()
                };
                out.insert(
                    format!("{lid}Policy"),
                    json!({"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": [{"Ref": lid.as_str()}], "PolicyDocument": policy_document(cx, b.list("policy"), true, extra)}}),
                );
            }
            ("AWS::SNS::Topic", p, false)
        }
        Kind::Vault | Kind::AirGappedVault => {
            let ty = if res.kind == Kind::Vault {
                "AWS::Backup::BackupVault"
            } else {
                "AWS::Backup::LogicallyAirGappedBackupVault"
            };
            (
                ty,
                mapped(cx, res),
                b.str("deletion_policy") != Some("Delete"),
            )
        }
        Kind::Plan => ("AWS::Backup::BackupPlan", mapped(cx, res), false),
        Kind::Selection => ("AWS::Backup::BackupSelection", mapped(cx, res), false),
        Kind::Framework => ("AWS::Backup::Framework", mapped(cx, res), false),
        Kind::ReportPlan => ("AWS::Backup::ReportPlan", mapped(cx, res), false),
        Kind::RestoreTestingPlan => ("AWS::Backup::RestoreTestingPlan", mapped(cx, res), false),
        Kind::RestoreTestingSelection => {
            let mut p = mapped(cx, res);
            // Conditions alone select every resource of the type that matches them; the
            // property is required, so the wildcard is written out.
            if !b.has("resources") && b.has("conditions") {
                p = p.set("ProtectedResourceArns", json!(["*"]));
            }
            ("AWS::Backup::RestoreTestingSelection", p, false)
        }
        Kind::S3Bucket => {
            let mut destinations: Vec<&str> = b
                .list("inventories")
                .iter()
                .filter_map(Value::as_object)
                .filter_map(|i| i.reference("destination"))
                .collect();
            destinations.extend(b.obj("access_logs").and_then(|l| l.reference("bucket")));
            for d in destinations {
                if d != res.id && cx.stack.get(d).is_some_and(|t| cx.local(t)) {
                    depends_on.push(json!(logical_id(d)));
                }
            }
            for perm in cx
                .facts
                .permissions_by_source
                .get(&res.id)
                .into_iter()
                .flatten()
            {
                depends_on.push(json!(logical_id(perm)));
            }
            (
                "AWS::S3::Bucket",
                s3_bucket(cx, res, out),
                b.str("deletion_policy") != Some("Delete"),
            )
        }
        Kind::DynamoTable => {
            let attributes: Vec<Json> = string_pairs(b.map("attributes"))
                .into_iter()
                .map(|(k, v)| json!({"AttributeName": k, "AttributeType": v}))
                .collect();
            let key_schema = |hash: Option<&Value>, range: Option<&Value>| -> Json {
                let mut k = vec![json!({"AttributeName": scalar(hash), "KeyType": "HASH"})];
                if let Some(r) = scalar(range) {
                    k.push(json!({"AttributeName": r, "KeyType": "RANGE"}));
                }
                Json::Array(k)
            };
            let index = |i: &Object, hash: Option<&Value>| -> Json {
                let projection = Obj::new()
                    .set(
                        "ProjectionType",
                        json!(i.str("projection").unwrap_or("ALL")),
                    )
                    .set_nonempty("NonKeyAttributes", strings(i.list("non_key_attributes")))
                    .build();
                json!({"IndexName": scalar(i.get("name")), "KeySchema": key_schema(hash, i.get("range_key")), "Projection": projection})
            };
            let gsis: Vec<Json> = b
                .list("global_indexes")
                .iter()
                .filter_map(Value::as_object)
                .map(|i| index(i, i.get("hash_key")))
                .collect();
            let lsis: Vec<Json> = b
                .list("local_indexes")
                .iter()
                .filter_map(Value::as_object)
                .map(|i| index(i, b.get("hash_key")))
                .collect();
            let billing = b.str("billing").unwrap_or("PAY_PER_REQUEST");
            let throughput = (billing == "PROVISIONED").then(|| json!({"ReadCapacityUnits": scalar(b.get("read_capacity")), "WriteCapacityUnits": scalar(b.get("write_capacity"))}));
            let pitr = scalar(b.get("point_in_time_recovery")).map(|e| {
                Obj::new()
                    .set("PointInTimeRecoveryEnabled", e)
                    .set(
                        "RecoveryPeriodInDays",
                        scalar(b.get("recovery_period_days")),
                    )
                    .build()
            });
            let sse = cx
                .reference(b.get("kms_key"), Want::Arn)
                .map(|k| json!({"SSEEnabled": true, "SSEType": "KMS", "KMSMasterKeyId": k}));
            let p = Obj::new()
                .set("TableName", scalar(b.get("name")))
                .set("AttributeDefinitions", Json::Array(attributes))
                .set(
                    "KeySchema",
                    key_schema(b.get("hash_key"), b.get("range_key")),
                )
                .set("BillingMode", json!(billing))
                .set("ProvisionedThroughput", throughput)
                .set_nonempty("GlobalSecondaryIndexes", gsis)
                .set_nonempty("LocalSecondaryIndexes", lsis)
                .set("PointInTimeRecoverySpecification", pitr)
                .set("SSESpecification", sse)
                .set(
                    "DeletionProtectionEnabled",
                    scalar(b.get("deletion_protection")),
                )
                .set_nonempty("Tags", tag_list(b));
            (
                "AWS::DynamoDB::Table",
                p,
                b.str("deletion_policy") != Some("Delete"),
            )
        }
        Kind::LambdaFunction => {
            let asset = cx.stack.asset(&res.id);
            let code =
                asset.map(|a| json!({"S3Bucket": {"Ref": "AssetBucket"}, "S3Key": a.s3_key()}));
            let p = Obj::new()
                .set("FunctionName", scalar(b.get("name")))
                .set("Description", scalar(b.get("description")))
                .set("Runtime", scalar(b.get("runtime")))
                .set("Handler", scalar(b.get("handler")))
                .set("Role", cx.reference(b.get("role"), Want::Arn))
                .set("Code", code)
                .set("MemorySize", scalar(b.get("memory_mb")))
                .set("Timeout", scalar(b.get("timeout_seconds")))
                .set(
                    "Environment",
                    ref_map(cx, b.map("environment")).map(|v| json!({"Variables": v})),
                )
                .set(
                    "Architectures",
                    scalar(b.get("architecture")).map(|a| json!([a])),
                )
                .set(
                    "ReservedConcurrentExecutions",
                    scalar(b.get("reserved_concurrency")),
                )
                .set("KmsKeyArn", cx.reference(b.get("kms_key"), Want::Arn))
                .set(
                    "TracingConfig",
                    scalar(b.get("tracing")).map(|m| json!({"Mode": m})),
                )
                .set_nonempty("Layers", strings(b.list("layers")))
                .set(
                    "EphemeralStorage",
                    scalar(b.get("ephemeral_storage_mb")).map(|n| json!({"Size": n})),
                )
                .set(
                    "LoggingConfig",
                    cx.reference(b.get("log_group"), Want::Name)
                        .map(|g| json!({"LogGroup": g, "LogFormat": "Text"})),
                )
                .set_nonempty("Tags", tag_list(b));
            ("AWS::Lambda::Function", p, false)
        }
        Kind::LambdaPermission => {
            let account = match b.str("source_account") {
                Some("self") => Some(json!({"Ref": "AWS::AccountId"})),
                _ => scalar(b.get("source_account")),
            };
            let p = Obj::new()
                .set("FunctionName", cx.reference(b.get("function"), Want::Arn))
                .set(
                    "Action",
                    scalar(b.get("action")).unwrap_or(json!("lambda:InvokeFunction")),
                )
                .set("Principal", scalar(b.get("principal")))
                .set("SourceArn", cx.reference(b.get("source"), Want::Arn))
                .set("SourceAccount", account);
            ("AWS::Lambda::Permission", p, false)
        }
        Kind::LogGroup => ("AWS::Logs::LogGroup", mapped(cx, res), false),
        Kind::Dashboard => {
            // The body is one `Fn::Sub` string: references become `${Lid}` placeholders, and a
            // literal `${` the user wrote is escaped as `${!` so that it stays text.
            let sub = Cx {
                in_sub: true,
                ..*cx
            };
            let body = super::to_compact_string(&super::dashboard_body(
                &sub,
                &sub_literals(res),
                cx.region,
            ));
            let body = if body.contains("${") {
                json!({"Fn::Sub": body})
            } else {
                json!(body)
            };
            let p = Obj::new()
                .set("DashboardName", scalar(b.get("name")))
                .set("DashboardBody", body);
            ("AWS::CloudWatch::Dashboard", p, false)
        }
    };
    let mut entry = Obj::new().set("Type", json!(ty));
    if retain {
        entry = entry
            .set("DeletionPolicy", json!("Retain"))
            .set("UpdateReplacePolicy", json!("Retain"));
    }
    if !depends_on.is_empty() {
        entry = entry.set("DependsOn", Json::Array(depends_on));
    }
    out.insert(lid, entry.set("Properties", props.build()).build());
}

fn unsupported(stack: &Stack) -> Report {
    crate::rules::regions::limits_report(crate::rules::regions::cloudformation_limits(stack))
}

/// Emits every Region's template of a checked stack.
pub fn emit(stack: &CheckedStack) -> Result<CfnOutput, Report> {
    emit_part(stack, Part::All)
}

/// Emits the templates of a part of a checked stack (`synth --only`).
pub fn emit_part(stack: &CheckedStack, part: Part) -> Result<CfnOutput, Report> {
    emit_inner(stack, part, false).map(|(output, _)| output)
}

/// The templates of a part of a checked stack as the text `synth` writes (the bytes of
/// `cli::to_pretty` of [`emit_part`]'s bodies), each resource rendered as soon as it is emitted
/// and its JSON dropped: a large stack never holds its template as a tree.
pub fn render_part(stack: &CheckedStack, part: Part) -> Result<RenderedCfn, Report> {
    let (output, texts) = emit_inner(stack, part, true)?;
    let texts = match texts {
        Some(texts) => texts,
        // An organization's management template is small: rendered from its tree.
        None => output
            .templates
            .iter()
            .map(|t| vec![super::to_pretty_file(&Json::from(t.body.clone()))])
            .collect(),
    };
    Ok(RenderedCfn {
        templates: output
            .templates
            .into_iter()
            .zip(texts)
            .map(|(t, text)| (t.file_name, text))
            .collect(),
        manifest: output.manifest,
    })
}

/// [`render_part`]'s output: each template's file name and text, in deploy order, and the
/// manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderedCfn {
    /// (file name, text) of each template, in deploy order: the text as pieces, written one
    /// after another (a large template's resources are chunks of up to 256 KiB, never copied
    /// into one block); [`RenderedCfn::text`] joins them.
    pub templates: Vec<(String, Vec<String>)>,
    /// `manifest.json`, as [`CfnOutput::manifest`].
    pub manifest: serde_json::Value,
}

/// A text as pieces, written one after another.
type Pieces = Vec<String>;

impl RenderedCfn {
    /// The text of the `i`th template, in one string.
    ///
    /// # Panics
    ///
    /// When there is no `i`th template (`templates.len()` of them).
    pub fn text(&self, i: usize) -> String {
        self.templates[i].1.concat()
    }

    /// The bytes of every template's text, without joining any.
    pub fn len(&self) -> usize {
        self.templates
            .iter()
            .flat_map(|(_, pieces)| pieces)
            .map(String::len)
            .sum()
    }

    /// Whether there is no template text at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The templates (with empty `Resources` in their bodies when `text`), and when `text` each
/// template's text, as pieces.
fn emit_inner(
    checked: &CheckedStack,
    part: Part,
    text: bool,
) -> Result<(CfnOutput, Option<Vec<Pieces>>), Report> {
    let stack = checked.stack();
    if let Some(dep) = org::deployment(stack) {
        if part != Part::All {
            let mut report = Report::default();
            report
                .error(&BK305, &dep.id, "", "an organization deployment is synthesized whole: its StackSet carries the member part and its policy the plans")
                .help("drop `--only`");
            return Err(report);
        }
        return management_template(stack, dep).map(|o| (o, None));
    }
    let mut report = unsupported(stack);
    // A reference out of the part is a reference across templates, as across Regions: it
    // needs an ARN derived from a name (BK301).
    for problem in split_problems(checked, part) {
        report
            .error(&BK301, "", "", problem)
            .help("emit the whole stack, or write the reference as an ARN string");
    }
    if report.has_errors() {
        return Err(report);
    }
    let default_region = stack.region.as_str().unwrap_or("us-east-1").to_string();
    // Each resource's Region, found once: the Regions' order, the references between them and
    // each template's resources all ask (a field lookup, a cache miss per resource when the
    // stack is large).
    let home: Vec<&str> = stack
        .resources
        .iter()
        .map(|r| region_of(stack, r))
        .collect();
    let mut regions: Vec<String> = vec![default_region.clone()];
    for region in &home {
        if !regions.iter().any(|r| r == region) {
            regions.push(region.to_string());
        }
    }
    let mut deps: Vec<(String, Vec<String>)> =
        regions.iter().map(|r| (r.clone(), Vec::new())).collect();
    for reference in checked.references_by_position().iter() {
        let (rf, rt) = (home[reference.from], home[reference.to]);
        if rf != rt {
            // Invariant: `deps` lists every Region a resource of the stack is in.
            let entry = deps
                .iter_mut()
                .find(|(r, _)| *r == rf)
                .expect("region listed");
            if !entry.1.iter().any(|r| r == rt) {
                entry.1.push(rt.to_string());
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
    let mut texts = Vec::new();
    let facts = Facts::of(stack);
    for region in &order {
        let cx = Cx {
            stack,
            region,
            in_sub: false,
            own: None,
            facts: &facts,
            part,
            member_home: None,
        };
        let mut resources = Map::new();
        let here: Vec<&Resource> = stack
            .resources
            .iter()
            .zip(&home)
            .filter(|(r, home)| *home == region && part.includes(r.kind))
            .map(|(r, _)| r)
            .collect();
        // The members before `Resources`, known before any resource is rendered, so that the
        // text can be written from its start.
        let mut body = json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": format!("backup-dsl stack `{}` in {region}", stack.name),
        });
        if here.iter().any(|r| r.kind == Kind::LambdaFunction) {
            body["Parameters"] = json!({"AssetBucket": {"Type": "String", "Description": "Bucket in this Region holding the Lambda code assets listed in manifest.json"}});
        }
        let mut rendered = text.then(|| TemplateText::new(&body));
        for (i, r) in here.iter().enumerate() {
            crate::model::prefetch_ahead(&here, i);
            match &mut rendered {
                Some(rendered) => {
                    let mut one = Map::new();
                    resource(&cx, r, &mut one);
                    rendered.add(one);
                }
                None => resource(&cx, r, &mut resources),
            }
        }
        let empty = match &rendered {
            Some(rendered) => rendered.is_empty(),
            None => resources.is_empty(),
        };
        if empty {
            continue;
        }
        body["Resources"] = Json::Object(resources);
        let outputs = outputs_here(&cx, &here);
        if !outputs.is_empty() {
            body["Outputs"] = Json::Object(outputs);
        }
        if let Some(rendered) = rendered {
            texts.push(rendered.finish(&body));
        }
        templates.push(Template {
            region: region.clone(),
            file_name: format!("{}.{region}.template.json", stack.name),
            stack_name: cloudformation_stack_name(&stack.name, region),
            body: body.into(),
        });
    }
    let assets: Vec<Json> = stack.assets.iter().flatten().map(|a| json!({"resource": a.resource.as_str(), "file": a.file_name(), "s3_key": a.s3_key(), "sha256": a.sha256_hex.as_str()})).collect();
    let manifest = json!({
        "stack": stack.name.as_str(),
        "templates": templates.iter().map(|t| {
            let after: Vec<&str> = deps.iter().find(|(r, _)| *r == t.region).map(|(_, d)| d.iter().map(String::as_str).collect()).unwrap_or_default();
            json!({"region": t.region.as_str(), "file": t.file_name.as_str(), "stack_name": t.stack_name.as_str(), "deploy_after": after})
        }).collect::<Vec<_>>(),
        "assets": assets,
    });
    Ok((
        CfnOutput {
            templates,
            manifest: manifest.into(),
        },
        text.then_some(texts),
    ))
}

/// A template's text, written as its resources are rendered: the members before `Resources`
/// first, then each resource's `"LogicalId": {..}` entry straight into the chunks of
/// [`Chunks`] as soon as it is rendered, so that a large template is written once and never
/// held in one block (it was a text reserved for the whole template, some 7 MB at 10,000
/// resources, its every byte first touched where no cache holds it). A logical id emitted again
/// replaces the earlier entry where it stands, as the JSON object of [`emit_part`] replaces the
/// value.
struct TemplateText {
    /// The text before the entries: `{`, the members before `Resources`, `"Resources": {`.
    head: String,
    /// How many members of the body were written before `Resources`.
    head_members: usize,
    entries: Chunks,
    /// Where each logical id's entry stands.
    at: crate::model::FastMap<String, EntryAt>,
}

impl TemplateText {
    /// A template whose body starts with the members of `head` (an object).
    fn new(head: &Json) -> Self {
        let mut text = String::new();
        // Invariant: a template body is an object.
        let members = head.as_object().expect("object");
        super::write_document_head(&mut text, members);
        text.push_str("\n  ");
        super::write_json_string(&mut text, "Resources");
        text.push_str(": {\n");
        TemplateText {
            head: text,
            head_members: members.len(),
            entries: Chunks::default(),
            at: Default::default(),
        }
    }

    fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// Adds one resource's entries (most resources have one).
    fn add(&mut self, resources: Map) {
        for (id, body) in resources {
            let written = self.entries.write(&id, &body, 2);
            let Some(old) = self.at.get(id.as_ref()).cloned() else {
                self.at.insert(id.into_owned(), written);
                continue;
            };
            // Rare (the checker keeps logical ids apart): the entry goes where the id's first
            // one stands, and the entries after that one in its chunk move.
            let entry = self.entries.take_last(&written);
            let moved = self.entries.replace(&old, &entry);
            for place in self.at.values_mut() {
                if place.chunk == old.chunk && place.bytes.start >= old.bytes.end {
                    // `start >= old.end`, and the chunk grew or shrank by `moved` before it.
                    let shift = |at: usize| (at as isize + moved) as usize;
                    place.bytes = shift(place.bytes.start)..shift(place.bytes.end);
                }
            }
            let bytes = old.bytes.start..old.bytes.start + entry.len();
            self.at.insert(
                id.into_owned(),
                EntryAt {
                    chunk: old.chunk,
                    bytes,
                },
            );
        }
    }

    /// The template's text, as pieces written one after another: `body`'s members after
    /// `Resources` (whose own value, empty when rendering text, is the entries written) end it.
    fn finish(self, body: &Json) -> Vec<String> {
        let mut pieces = vec![self.head];
        super::chunks::push_joined(&mut pieces, self.entries.finish());
        let mut tail = String::from("\n  }");
        // Invariant: a template body is an object, and `Resources` follows the head.
        let members = body.as_object().expect("object");
        for (key, value) in members.iter().skip(self.head_members + 1) {
            tail.push_str(",\n");
            super::write_member(&mut tail, key, value, 1);
        }
        tail.push_str("\n}\n");
        pieces.push(tail);
        pieces
    }
}

/// The stack's outputs for the resources of this template: each resource's ARN (a selection's
/// id), exported as `<stack name>-<LogicalId>Arn` for other stacks to import.
fn outputs_here(cx: &Cx, here: &[&Resource]) -> Map {
    let mut outputs = Map::new();
    for id in &cx.stack.outputs {
        let Some(r) = here.iter().find(|r| r.id == *id) else {
            continue;
        };
        let (suffix, what) = if r.kind == Kind::Selection {
            ("Id", "id")
        } else {
            ("Arn", "ARN")
        };
        let name = format!("{}{suffix}", logical_id(&r.id));
        outputs.insert(
            name.clone(),
            json!({
                "Description": format!("The {what} of `{}`", r.id),
                "Value": cx.arn(r),
                "Export": {"Name": {"Fn::Sub": format!("${{AWS::StackName}}-{name}")}},
            }),
        );
    }
    outputs
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

/// The member-account part of a stack with an organization deployment, as the one template its
/// StackSet deploys to every account and Region: every resource but the deployment, its policy
/// plans and their selections. A resource that names a Region gets a `Condition` on
/// `AWS::Region`, an IAM role one on the home Region (created once per account), and a reference
/// whose target may be absent where the referencing resource is is written as the target's
/// name-derived ARN (BK423 rejects the others).
pub fn member_template(stack: &Stack) -> Result<serde_json::Value, Report> {
    member_tree(stack).map(Into::into)
}

/// [`member_template`] as the emitter's own tree.
pub(crate) fn member_tree(stack: &Stack) -> Result<Json, Report> {
    let member = org::member_stack(stack);
    let report = unsupported(&member);
    if report.has_errors() {
        return Err(report);
    }
    let home = member.region.as_str().unwrap_or("us-east-1").to_string();
    // Several Regions, or not known: roles are created in the home Region only.
    let several = !matches!(org::deployment(stack).and_then(org::regions), Some(r) if r.len() <= 1);
    let facts = Facts::of(&member);
    let cx = Cx {
        stack: &member,
        region: &home,
        in_sub: false,
        own: None,
        facts: &facts,
        part: Part::All,
        member_home: Some(&home),
    };
    let mut resources = Map::new();
    let mut conditions = Map::new();
    let condition_name = |region: &str| {
        let camel: String = region
            .split('-')
            .map(|p| {
                let mut c = p.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect();
        format!("In{camel}")
    };
    for r in &member.resources {
        let before: Vec<String> = resources.keys().map(str::to_string).collect();
        resource(&cx, r, &mut resources);
        let region = match org::presence(&member, r) {
            org::Presence::Region(region) => Some(region),
            org::Presence::Home if several => Some(home.clone()),
            _ => None,
        };
        let Some(region) = region else { continue };
        let name = condition_name(&region);
        conditions.insert(
            name.clone(),
            json!({"Fn::Equals": [{"Ref": "AWS::Region"}, region]}),
        );
        for (lid, entry) in resources.iter_mut() {
            if !before.iter().any(|b| b == lid) {
                if let Some(o) = entry.as_object_mut() {
                    // `Condition` right after `Type`, the rest in its order.
                    let mut with = Map::new();
                    for (k, v) in std::mem::take(o) {
                        let after_type = k == "Type";
                        with.insert(k, v);
                        if after_type {
                            with.insert("Condition", json!(name.as_str()));
                        }
                    }
                    *o = with;
                }
            }
        }
    }
    let mut body = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!("backup-dsl stack `{}`: the member-account part of its organization deployment, deployed by a StackSet to every account and Region", stack.name),
    });
    if member
        .resources
        .iter()
        .any(|r| r.kind == Kind::LambdaFunction)
    {
        body["Parameters"] = json!({"AssetBucket": {"Type": "String", "Description": "Bucket holding the Lambda code assets listed in manifest.json, readable by the organization's accounts"}});
    }
    if !conditions.is_empty() {
        body["Conditions"] = Json::Object(conditions);
    }
    let count = resources.len();
    body["Resources"] = Json::Object(resources);
    // The StackSet takes the template inline, as one string.
    let bytes = body.to_string().len();
    if bytes > MAX_TEMPLATE_BODY_BYTES || count > MAX_STACK_RESOURCES {
        let dep = org::deployment(stack).map_or("", |d| d.id.as_str());
        let mut report = Report::default();
        report
            .error(
                &BK306,
                dep,
                "",
                format!("the member template has {count} resources and {bytes} bytes; a StackSet takes at most {MAX_STACK_RESOURCES} resources and {MAX_TEMPLATE_BODY_BYTES} bytes"),
            )
            .help("split the member part over two stacks, each with its deployment (its own StackSet)");
        return Err(report);
    }
    Ok(body)
}

/// A StackSet's `TemplateBody`, at most [API CloudFormation `CreateStackSet.TemplateBody`].
pub const MAX_TEMPLATE_BODY_BYTES: usize = 51_200;
/// Resources in one stack, at most [CloudFormation quotas].
pub const MAX_STACK_RESOURCES: usize = 500;

/// The management account's template of a stack with an organization deployment: the StackSet
/// (service-managed permissions, automatic deployment to accounts that join the targets, the
/// member template as its body, one stack instance per target and Region, the home Region
/// first) and the AWS Organizations `BACKUP_POLICY` with the plans, attached to the targets
/// once the StackSet has deployed the vaults and roles it names.
fn management_template(stack: &Stack, dep: &Resource) -> Result<CfnOutput, Report> {
    let member = member_tree(stack)?;
    let home = stack.region.as_str().unwrap_or("us-east-1").to_string();
    let b = &dep.body;
    let mut regions = org::regions(dep).unwrap_or_default();
    // The home Region first: it creates the IAM roles the other Regions' resources name.
    regions.sort_by_key(|r| *r != home);
    let lid = logical_id(&dep.id);
    let policy = org::backup_policy(stack, dep);
    let tags: Vec<Json> = string_pairs(b.map("tags"))
        .into_iter()
        .map(|(k, v)| json!({"Key": k, "Value": v}))
        .collect();
    let mut stack_set = Obj::new()
        .set("StackSetName", scalar(b.get("name")))
        .set("Description", scalar(b.get("description")))
        .set("PermissionModel", Some(json!("SERVICE_MANAGED")))
        .set(
            "AutoDeployment",
            Some(json!({"Enabled": true, "RetainStacksOnAccountRemoval": false})),
        )
        .set("Capabilities", Some(json!(["CAPABILITY_NAMED_IAM"])))
        .set(
            "OperationPreferences",
            Some(json!({"RegionConcurrencyType": "SEQUENTIAL", "RegionOrder": regions.clone(), "FailureToleranceCount": 0, "MaxConcurrentCount": 1})),
        )
        .set(
            "StackInstancesGroup",
            Some(json!([{"DeploymentTargets": {"OrganizationalUnitIds": strings(b.list("targets"))}, "Regions": regions}])),
        )
        .set("TemplateBody", Some(json!(member.to_string())))
        .set("CallAs", call_as(b));
    if member.get("Parameters").is_some() {
        stack_set = stack_set.set(
            "Parameters",
            Some(
                json!([{"ParameterKey": "AssetBucket", "ParameterValue": {"Ref": "AssetBucket"}}]),
            ),
        );
    }
    stack_set = stack_set.set_nonempty("Tags", tags.clone());
    let policy_props = Obj::new()
        .set("Name", scalar(b.get("name")))
        .set("Description", scalar(b.get("description")))
        .set("Type", Some(json!("BACKUP_POLICY")))
        .set("Content", Some(Json::from(policy)))
        .set("TargetIds", Some(Json::Array(strings(b.list("targets")))))
        .set_nonempty("Tags", tags);
    let mut resources = Map::new();
    resources.insert(
        format!("{lid}StackSet"),
        json!({"Type": "AWS::CloudFormation::StackSet", "Properties": stack_set.build()}),
    );
    // The policy carries the deployment's logical id; its StackSet is named after it.
    resources.insert(
        lid.clone(),
        json!({"Type": "AWS::Organizations::Policy", "DependsOn": format!("{lid}StackSet"), "Properties": policy_props.build()}),
    );
    let mut body = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!("backup-dsl stack `{}`: organization deployment `{}` (backup policy and StackSet), from the management or a delegated administrator account", stack.name, dep.id),
    });
    if member.get("Parameters").is_some() {
        body["Parameters"] = json!({"AssetBucket": {"Type": "String", "Description": "Bucket holding the member part's Lambda code assets, readable by the organization's accounts"}});
    }
    body["Resources"] = Json::Object(resources);
    let template = Template {
        region: home.clone(),
        file_name: format!("{}.{home}.template.json", stack.name),
        stack_name: cloudformation_stack_name(&stack.name, &home),
        body: body.into(),
    };
    let manifest = json!({
        "stack": stack.name.as_str(),
        "templates": [{"region": home.as_str(), "file": template.file_name.as_str(), "stack_name": template.stack_name.as_str(), "deploy_after": []}],
        "assets": stack.assets.iter().flatten().map(|a| json!({"resource": a.resource.as_str(), "file": a.file_name(), "s3_key": a.s3_key(), "sha256": a.sha256_hex.as_str()})).collect::<Vec<_>>(),
        "organization": {"deployment": dep.id.as_str(), "member_template": format!("{}.member.template.json", stack.name), "prerequisites": ORG_PREREQUISITES.to_vec()},
    });
    Ok(CfnOutput {
        templates: vec![template],
        manifest: manifest.into(),
    })
}

/// `CallAs` of a StackSet: `DELEGATED_ADMIN` when the deployment says it is deployed from a
/// delegated administrator account (CloudFormation's default, `SELF`, is the management account).
pub(crate) fn call_as(deployment: &Object) -> Option<Json> {
    (deployment.bool("delegated_admin") == Some(true)).then(|| json!("DELEGATED_ADMIN"))
}

/// What the organization must have before the management template deploys (README).
pub const ORG_PREREQUISITES: &[&str] = &[
    "all features enabled in AWS Organizations, and the BACKUP_POLICY type enabled on the root",
    "trusted access for CloudFormation StackSets (service-managed permissions)",
    "for copies to another account: cross-account backup enabled in AWS Backup's settings of the management account",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stack;
    use crate::value::Object;

    #[test]
    fn a_large_template_is_written_in_chunks_and_held_once() {
        // Each entry written once, into chunks of at most 256 KiB that are not copied to grow:
        // the pieces hold little more than the text, and join to the tree pretty-printed.
        let resources = 2_000;
        let head = json!({"Description": "d"});
        let mut text = TemplateText::new(&head);
        let mut tree = Map::new();
        for i in 0..resources {
            let mut one = Map::new();
            let name = "v".repeat(10 + i % 97);
            let body = json!({"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": name}});
            one.insert(format!("Vault{i}"), body.clone());
            tree.insert(format!("Vault{i}"), body);
            text.add(one);
        }
        // Logical ids emitted again, in the first chunk and in later ones, longer and shorter:
        // replaced where they stand, and the entries after them in their chunk move.
        for (i, name) in [
            (5, "longer".repeat(40)),
            (1_500, "s".into()),
            (5, "x".into()),
            (6, "y".into()),
        ] {
            let mut one = Map::new();
            let body = json!({"Type": "AWS::Backup::BackupVault", "Properties": {"BackupVaultName": name}});
            one.insert(format!("Vault{i}"), body.clone());
            tree.insert(format!("Vault{i}"), body);
            text.add(one);
        }
        let pieces = text.finish(&json!({"Description": "d", "Resources": {}}));
        let written: usize = pieces.iter().map(String::len).sum();
        let held: usize = pieces.iter().map(String::capacity).sum();
        assert!(written > 100 * resources, "{written}");
        assert!(pieces.len() > 8, "{} pieces", pieces.len());
        assert!(pieces
            .iter()
            .all(|p| p.capacity() <= super::super::chunks::CHUNK));
        assert!(
            held <= written + written / 10,
            "{held} bytes held for {written}"
        );
        let whole = json!({"Description": "d", "Resources": Json::Object(tree)});
        assert_eq!(pieces.concat(), crate::json_text::to_pretty_file(&whole));
    }

    #[test]
    fn a_template_written_as_it_is_rendered_is_the_tree_pretty_printed() {
        // A logical id emitted again replaces its entry where it stands, longer or shorter,
        // and the entries after it move with it, as in the tree.
        let mut head = json!({"AWSTemplateFormatVersion": "2010-09-09", "Description": "d"});
        let mut tree = Map::new();
        let mut text = TemplateText::new(&head);
        assert!(text.is_empty());
        for (id, value) in [
            ("A", json!({"Type": "a", "Properties": {"N": 1}})),
            ("B", json!({"Type": "b"})),
            ("C", json!({"Type": "c", "Properties": {"L": [1, 2]}})),
            (
                "B",
                json!({"Type": "b", "Properties": {"Longer": "than before"}}),
            ),
            ("A", json!({"Type": "a"})),
            ("D", json!({"Type": "d"})),
            ("C", json!({"Type": "c2"})),
            ("B", json!({"Type": "b3"})),
        ] {
            let mut one = Map::new();
            one.insert(id, value.clone());
            text.add(one);
            tree.insert(id, value);
        }
        assert!(!text.is_empty());
        head["Resources"] = Json::Object(Map::new());
        head["Outputs"] = json!({"AArn": {"Value": "x"}});
        let written = text.finish(&head).concat();
        head["Resources"] = Json::Object(tree);
        assert_eq!(written, crate::json_text::to_pretty_file(&head));
    }

    /// A deployment of plan `daily` to an OU, its vault and role in the member part.
    fn organization() -> Stack {
        let mut rule = Object::new("Rule");
        rule.set("name", "daily");
        rule.set("vault", Value::Ref("vault".into()));
        Stack::new("org", "us-east-1")
            .with(Resource::new(Kind::Vault, "vault").with("name", "primary"))
            .with(
                Resource::new(Kind::IamRole, "role")
                    .with("name", "backup")
                    .with(
                        "assumed_by",
                        Value::List(vec!["backup.amazonaws.com".into()]),
                    ),
            )
            .with(
                Resource::new(Kind::Plan, "daily")
                    .with("name", "daily")
                    .with("rules", Value::List(vec![Value::Object(rule)])),
            )
            .with(
                Resource::new(Kind::Selection, "sel")
                    .with("name", "tagged")
                    .with("plan", Value::Ref("daily".into()))
                    .with("role", Value::Ref("role".into()))
                    .with("tags", Value::Map(vec![("backup".into(), "daily".into())])),
            )
            .with(
                Resource::new(Kind::OrgDeployment, "org")
                    .with("name", "org-backup")
                    .with("targets", Value::List(vec!["ou-ab12-cdef3456".into()]))
                    .with(
                        "regions",
                        Value::List(vec!["us-east-1".into(), "us-west-2".into()]),
                    )
                    .with("policy", Value::List(vec![Value::Ref("daily".into())])),
            )
    }

    #[test]
    fn bk305_an_organization_is_synthesized_whole_and_not_applied() {
        let checked = organization().build().unwrap();
        for part in [Part::Supporting, Part::Backup] {
            let report = emit_part(&checked, part).unwrap_err();
            assert_eq!(report.codes(), ["BK305"]);
            let report =
                crate::emit::terraform::render_instance_part(&checked, false, "us-east-1", part)
                    .err()
                    .unwrap();
            assert_eq!(report.codes(), ["BK305"]);
        }
        let api = crate::apply::fake::FakeBackup::new();
        let err = crate::apply::engine::prepare(
            &api,
            checked.stack(),
            crate::apply::plan::Mode::Apply,
            0.0,
        )
        .err()
        .unwrap();
        assert!(err.to_string().contains("BK305"), "{err}");
        // Whole, it is the management template: the policy named after the deployment and its
        // StackSet, whose member template holds the vault (every Region) and the role (home
        // Region only).
        let out = emit(&checked).unwrap();
        assert_eq!(out.templates.len(), 1);
        let resources = &out.templates[0].body["Resources"];
        assert_eq!(resources["Org"]["Type"], "AWS::Organizations::Policy");
        assert_eq!(resources["Org"]["DependsOn"], "OrgStackSet");
        let member = member_template(checked.stack()).unwrap();
        assert_eq!(member["Resources"]["Role"]["Condition"], "InUsEast1");
        assert!(member["Resources"]["Vault"].get("Condition").is_none());
        assert!(
            member["Resources"].get("Daily").is_none(),
            "the policy's plan is not in the member part"
        );
    }

    #[test]
    fn call_as_is_the_delegated_administrator_only_when_said_so() {
        let with = |v: Option<bool>| {
            let mut o = Object::new("organizations::Deployment");
            if let Some(v) = v {
                o.set("delegated_admin", v);
            }
            call_as(&o)
        };
        assert_eq!(with(Some(true)), Some(json!("DELEGATED_ADMIN")));
        assert_eq!(with(Some(false)), None);
        assert_eq!(with(None), None);
    }

    #[test]
    fn bk306_the_member_template_fits_a_stack_set() {
        let with_logs = |n: usize, digits: usize| {
            let mut s = organization();
            for i in 0..n {
                s.add(
                    Resource::new(Kind::LogGroup, format!("logs_{i}"))
                        .with("name", format!("/b/{i:0>digits$}")),
                );
            }
            s
        };
        // 500 resources under 51,200 bytes: fine; one more resource: BK306.
        let at_limit = member_template(&with_logs(MAX_STACK_RESOURCES - 2, 1)).unwrap();
        assert_eq!(
            at_limit["Resources"].as_object().unwrap().len(),
            MAX_STACK_RESOURCES
        );
        let over = with_logs(MAX_STACK_RESOURCES - 1, 1);
        assert_eq!(member_template(&over).unwrap_err().codes(), ["BK306"]);
        // Bytes: each digit of the names adds a byte per log group; 120 groups, to within 120
        // bytes of the limit, then one digit more.
        let size = |digits| member_template(&with_logs(120, digits)).map(|b| b.to_string().len());
        let base = size(10).unwrap();
        let digits = 10 + (MAX_TEMPLATE_BODY_BYTES - base) / 120;
        let ok = size(digits).unwrap();
        assert!(
            ok <= MAX_TEMPLATE_BODY_BYTES && MAX_TEMPLATE_BODY_BYTES - ok < 120,
            "{ok}"
        );
        let big = with_logs(120, digits + 1);
        assert_eq!(member_template(&big).unwrap_err().codes(), ["BK306"]);
        // The emitters refuse it with that reason.
        let checked = big.build().unwrap();
        assert_eq!(emit(&checked).unwrap_err().codes(), ["BK306"]);
    }
}
