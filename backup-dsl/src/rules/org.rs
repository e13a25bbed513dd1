//! Layer 3, the rules.
//!
//! Organization deployments (`organizations::Deployment`): the stack in every account of
//! organizational units. The plans the deployment names become an AWS Organizations backup policy;
//! every other resource is the member-account part, one CloudFormation template that a StackSet
//! with service-managed permissions deploys to every account of the targets, in every Region of
//! the deployment. The policy can only name what that template creates (its vaults, its backup
//! role), so both are checked together here, and the policy document is written here too: the
//! rules measure it (10,000 characters) and the emitters embed it, from one function.
//!
//! Sources: [DOC orgs_manage_policies_backup_syntax] (the policy's elements, `$account`, "the
//! vault must already exist", "the IAM role must exist"), [DOC orgs_reference_limits] (document
//! size), [API Organizations CreatePolicy, AttachPolicy] (names, target ids),
//! [CFN AWS::CloudFormation::StackSet] (StackSet names, service-managed deployment targets).

use super::names::{is_account_id, looks_like_region, parse_arn, REGIONS};
use super::Cx;
use crate::codes::*;
use crate::model::{Resource, Stack};
use crate::schema::{defaults, Kind};
use crate::value::{Object, Value};
use serde_json::{json, Map, Value as Json};

/// The documented maximum size of a backup policy document, in characters
/// [DOC orgs_reference_limits: "Backup policies: 10,000 characters"].
pub const MAX_POLICY_CHARS: usize = 10_000;

/// The organization deployment of the stack, if it declares one.
pub fn deployment(stack: &Stack) -> Option<&Resource> {
    stack.of_kind(Kind::OrgDeployment).next()
}

/// The plans of the deployment's policy, by logical id.
pub fn policy_plans<'a>(stack: &'a Stack, deployment: &'a Resource) -> Vec<&'a Resource> {
    deployment
        .body
        .list("policy")
        .iter()
        .filter_map(|v| stack.target(v))
        .filter(|p| p.kind == Kind::Plan)
        .collect()
}

/// The selections of a plan.
fn selections_of<'a>(stack: &'a Stack, plan: &Resource) -> Vec<&'a Resource> {
    stack
        .of_kind(Kind::Selection)
        .filter(|s| s.body.reference("plan") == Some(plan.id.as_str()))
        .collect()
}

/// Whether the resource is in the member-account part of a stack with an organization deployment:
/// everything but the deployment, its policy plans and their selections. In a stack without one,
/// every resource is.
pub fn in_member_part(stack: &Stack, res: &Resource) -> bool {
    let Some(dep) = deployment(stack) else {
        return true;
    };
    if res.kind == Kind::OrgDeployment {
        return false;
    }
    let in_policy = |id: &str| {
        dep.body
            .list("policy")
            .iter()
            .any(|v| v.as_ref_id() == Some(id))
    };
    match res.kind {
        Kind::Plan => !in_policy(&res.id),
        Kind::Selection => !res.body.reference("plan").is_some_and(in_policy),
        _ => true,
    }
}

/// The member-account part as a stack of its own (same name, Region, tags and lints): what the
/// StackSet deploys.
pub fn member_stack(stack: &Stack) -> Stack {
    let mut member = stack.clone();
    member.resources = stack
        .resources
        .iter()
        .filter(|r| in_member_part(stack, r))
        .cloned()
        .collect();
    member
        .outputs
        .retain(|o| member.resources.iter().any(|r| r.id == *o));
    member
}

/// Where a member-part resource exists once the StackSet has deployed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Presence {
    /// In every Region of the deployment: it names no Region.
    Everywhere,
    /// In this Region only: it names it.
    Region(String),
    /// Once per account, in the home Region (the stack's default): IAM is global, and a role of
    /// one name can be created once.
    Home,
    /// Its Region is known at run time only.
    Unknown,
}

impl Presence {
    /// Whether everywhere `self` exists, `other` exists too.
    pub fn within(&self, other: &Presence, home: &str) -> bool {
        match (self, other) {
            (_, Presence::Everywhere) => true,
            (Presence::Region(a), Presence::Region(b)) => a == b,
            (Presence::Home, Presence::Home) => true,
            (Presence::Home, Presence::Region(b)) => b == home,
            (Presence::Unknown, _) | (_, Presence::Unknown) => true,
            _ => false,
        }
    }
}

/// Where a member-part resource exists: selections and permissions follow their parent.
pub fn presence(stack: &Stack, res: &Resource) -> Presence {
    match res.kind {
        Kind::IamRole => Presence::Home,
        Kind::Selection | Kind::RestoreTestingSelection => stack
            .plan_of(res)
            .map_or(Presence::Unknown, |p| presence(stack, p)),
        Kind::LambdaPermission => stack
            .target(res.body.get("function").unwrap_or(&Value::Unknown))
            .filter(|f| f.kind == Kind::LambdaFunction)
            .map_or(Presence::Unknown, |f| presence(stack, f)),
        _ => match res.body.get("region") {
            None => Presence::Everywhere,
            Some(Value::Str(r)) => Presence::Region(r.clone()),
            Some(_) => Presence::Unknown,
        },
    }
}

/// The deployment's Regions, when all are known.
pub fn regions(deployment: &Resource) -> Option<Vec<String>> {
    match deployment.body.get("regions") {
        Some(Value::List(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

/// The Regions a policy plan runs in: its own Region if it names one, else every Region of the
/// deployment.
pub fn plan_regions(plan: &Resource, deployment: &Resource) -> Option<Vec<String>> {
    match plan.body.get("region") {
        None => regions(deployment),
        Some(Value::Str(r)) => Some(vec![r.clone()]),
        Some(_) => None,
    }
}

/// `{"@@assign": value}`: the value-setting operator the policy's elements take.
fn assign(v: Json) -> Json {
    json!({ "@@assign": v })
}

/// A policy's tag collection: entries keyed by the tag key in lower case, as the syntax names
/// them, each with its `tag_key` and `tag_value`.
fn tag_elements(pairs: &[(String, Value)]) -> Map<String, Json> {
    let mut out = Map::new();
    for (k, v) in pairs {
        if let Some(v) = v.as_str() {
            out.insert(
                k.to_ascii_lowercase(),
                json!({"tag_key": assign(json!(k)), "tag_value": assign(json!(v))}),
            );
        }
    }
    out
}

/// The vault ARN a policy writes for a copy destination: the member vault's Region and name with
/// `$account` (the account the policy runs in), or an ARN given as a string.
fn copy_destination(
    stack: &Stack,
    to: &Value,
    partition: &str,
    plan_region: Option<&str>,
) -> Option<String> {
    match to {
        Value::Str(arn) => Some(arn.clone()),
        Value::Ref(_) => {
            let vault = stack.target(to)?;
            let region = match presence(stack, vault) {
                Presence::Region(r) => r,
                Presence::Everywhere => plan_region?.to_string(),
                _ => return None,
            };
            Kind::Vault.arn_of(partition, &region, "$account", vault.body.str("name")?, "/")
        }
        _ => None,
    }
}

fn lifecycle_element(l: &Object) -> Map<String, Json> {
    let mut out = Map::new();
    if let Some(n) = l.int("cold_storage_after_days") {
        out.insert(
            "move_to_cold_storage_after_days".into(),
            assign(json!(n.to_string())),
        );
    }
    if let Some(n) = l.int("delete_after_days") {
        out.insert("delete_after_days".into(), assign(json!(n.to_string())));
    }
    out
}

/// The backup policy document for the deployment's plans, in the documented syntax: plans keyed
/// by name, each with `regions`, `rules` (schedule, windows, target vault name, lifecycle,
/// recovery point tags, copy actions keyed by destination ARN), `selections.tags` (the IAM role
/// with `$account`, a tag key and its values), `advanced_backup_settings` and `backup_plan_tags`,
/// every value under `@@assign`. Numbers are written as strings, as the documentation's examples
/// do. What the syntax cannot express is BK419's, and left out here.
pub fn backup_policy(stack: &Stack, deployment: &Resource) -> Json {
    let home = stack.region.as_str().unwrap_or("us-east-1");
    let partition = super::names::partition(home);
    let mut plans = Map::new();
    for plan in policy_plans(stack, deployment) {
        let Some(name) = plan.body.str("name") else {
            continue;
        };
        let plan_regions = plan_regions(plan, deployment).unwrap_or_default();
        let single_region = (plan_regions.len() == 1).then(|| plan_regions[0].as_str());
        let mut element = Map::new();
        element.insert("regions".into(), assign(json!(plan_regions)));
        let mut rules = Map::new();
        for rule in plan.body.list("rules").iter().filter_map(Value::as_object) {
            let Some(rule_name) = rule.str("name") else {
                continue;
            };
            let mut r = Map::new();
            r.insert(
                "schedule_expression".into(),
                assign(json!(rule.str("schedule").unwrap_or(defaults::SCHEDULE))),
            );
            r.insert(
                "start_backup_window_minutes".into(),
                assign(json!(rule
                    .int("start_window_minutes")
                    .unwrap_or(defaults::START_WINDOW_MINUTES)
                    .to_string())),
            );
            r.insert(
                "complete_backup_window_minutes".into(),
                assign(json!(rule
                    .int("completion_window_minutes")
                    .unwrap_or(defaults::COMPLETION_WINDOW_MINUTES)
                    .to_string())),
            );
            if let Some(vault) = rule.get("vault").and_then(|v| stack.target(v)) {
                if let Some(n) = vault.body.str("name") {
                    r.insert("target_backup_vault_name".into(), assign(json!(n)));
                }
            } else if let Some(n) = rule.str("vault") {
                r.insert("target_backup_vault_name".into(), assign(json!(n)));
            }
            if let Some(l) = rule.obj("lifecycle") {
                let l = lifecycle_element(l);
                if !l.is_empty() {
                    r.insert("lifecycle".into(), Json::Object(l));
                }
            }
            let tags = tag_elements(rule.map("recovery_point_tags"));
            if !tags.is_empty() {
                r.insert("recovery_point_tags".into(), Json::Object(tags));
            }
            let mut copies = Map::new();
            for copy in rule.list("copy").iter().filter_map(Value::as_object) {
                let Some(arn) = copy
                    .get("to")
                    .and_then(|to| copy_destination(stack, to, partition, single_region))
                else {
                    continue;
                };
                let mut c = Map::new();
                c.insert("target_backup_vault_arn".into(), assign(json!(arn)));
                if let Some(l) = copy.obj("lifecycle") {
                    let l = lifecycle_element(l);
                    if !l.is_empty() {
                        c.insert("lifecycle".into(), Json::Object(l));
                    }
                }
                copies.insert(arn, Json::Object(c));
            }
            if !copies.is_empty() {
                r.insert("copy_actions".into(), Json::Object(copies));
            }
            rules.insert(rule_name.to_string(), Json::Object(r));
        }
        element.insert("rules".into(), Json::Object(rules));
        let mut assignments = Map::new();
        for sel in selections_of(stack, plan) {
            let Some(sel_name) = sel.body.str("name") else {
                continue;
            };
            let role = sel
                .body
                .get("role")
                .and_then(|v| stack.target(v))
                .and_then(|role| {
                    Kind::IamRole.arn_of(
                        partition,
                        "",
                        "$account",
                        role.body.str("name")?,
                        role.body.str("path").unwrap_or("/"),
                    )
                });
            // One assignment per tag key, its values OR'ed as `ListOfTags` ORs them.
            let mut by_key: Vec<(String, Vec<String>)> = Vec::new();
            for (k, v) in sel.body.map("tags") {
                let key = k.strip_prefix("aws:ResourceTag/").unwrap_or(k).to_string();
                let Some(v) = v.as_str() else { continue };
                match by_key.iter_mut().find(|(have, _)| *have == key) {
                    Some((_, values)) => values.push(v.to_string()),
                    None => by_key.push((key, vec![v.to_string()])),
                }
            }
            let many = by_key.len() > 1;
            for (i, (key, values)) in by_key.into_iter().enumerate() {
                let id = if many {
                    format!("{}-{}", sel_name.to_ascii_lowercase(), i + 1)
                } else {
                    sel_name.to_ascii_lowercase()
                };
                assignments.insert(
                    id,
                    json!({
                        "iam_role_arn": assign(json!(role)),
                        "tag_key": assign(json!(key)),
                        "tag_value": assign(json!(values)),
                    }),
                );
            }
        }
        element.insert("selections".into(), json!({ "tags": assignments }));
        let mut advanced = Map::new();
        for setting in plan
            .body
            .list("advanced_backup_settings")
            .iter()
            .filter_map(Value::as_object)
        {
            if setting.str("resource_type") != Some("EC2") {
                continue;
            }
            let mut options = Map::new();
            for (k, v) in setting.map("options") {
                if let Some(v) = v.as_str() {
                    options.insert(k.clone(), assign(json!(v)));
                }
            }
            advanced.insert("ec2".into(), Json::Object(options));
        }
        if !advanced.is_empty() {
            element.insert("advanced_backup_settings".into(), Json::Object(advanced));
        }
        let tags = tag_elements(plan.body.map("tags"));
        if !tags.is_empty() {
            element.insert("backup_plan_tags".into(), Json::Object(tags));
        }
        plans.insert(name.to_string(), Json::Object(element));
    }
    json!({ "plans": plans })
}

/// The policy's plans read back into the model: a `backup::Plan` per plan and a
/// `backup::Selection` per tag assignment, with vaults and roles resolved by name against the
/// member part (`member`). The inverse of [`backup_policy`] for everything it writes; the round
/// trip is tested.
pub fn read_policy(doc: &Json, member: &Stack) -> Result<Vec<Resource>, String> {
    let assigned = |v: &Json| v.get("@@assign").cloned().unwrap_or(Json::Null);
    let text = |v: &Json| assigned(v).as_str().map(str::to_string);
    let number = |v: &Json| text(v).and_then(|s| s.parse::<i64>().ok());
    let vault_named = |name: &str, region: Option<&str>| {
        member
            .resources
            .iter()
            .filter(|v| matches!(v.kind, Kind::Vault | Kind::AirGappedVault))
            .find(|v| {
                v.body.str("name") == Some(name)
                    && match (presence(member, v), region) {
                        (Presence::Region(r), Some(want)) => r == want,
                        _ => true,
                    }
            })
            .map(|v| Value::Ref(v.id.clone()))
    };
    let plans = doc
        .get("plans")
        .and_then(Json::as_object)
        .ok_or("the document has no `plans`")?;
    let mut out = Vec::new();
    for (plan_name, p) in plans {
        let mut plan = Resource::new(Kind::Plan, plan_name.clone());
        plan.body.set("name", plan_name.as_str());
        let regions: Vec<String> = assigned(p.get("regions").unwrap_or(&Json::Null))
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if regions.len() == 1 {
            plan.body.set("region", regions[0].as_str());
        }
        let lifecycle = |l: &Json| {
            let mut o = Object::new("Lifecycle");
            if let Some(n) = l.get("move_to_cold_storage_after_days").and_then(number) {
                o.set("cold_storage_after_days", Value::Int(n));
            }
            if let Some(n) = l.get("delete_after_days").and_then(number) {
                o.set("delete_after_days", Value::Int(n));
            }
            Value::Object(o)
        };
        let tags = |t: Option<&Json>| {
            Value::Map(
                t.and_then(Json::as_object)
                    .map(|m| {
                        m.values()
                            .filter_map(|e| {
                                Some((
                                    text(e.get("tag_key")?)?,
                                    Value::Str(text(e.get("tag_value")?)?),
                                ))
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            )
        };
        let mut rules = Vec::new();
        for (rule_name, r) in p
            .get("rules")
            .and_then(Json::as_object)
            .into_iter()
            .flatten()
        {
            let mut rule = Object::new("Rule");
            rule.set("name", rule_name.as_str());
            let vault_name = r
                .get("target_backup_vault_name")
                .and_then(text)
                .ok_or_else(|| format!("rule `{rule_name}` has no target_backup_vault_name"))?;
            rule.set(
                "vault",
                vault_named(
                    &vault_name,
                    regions
                        .first()
                        .map(String::as_str)
                        .filter(|_| regions.len() == 1),
                )
                .unwrap_or(Value::Str(vault_name)),
            );
            if let Some(s) = r.get("schedule_expression").and_then(text) {
                rule.set("schedule", s);
            }
            if let Some(n) = r.get("start_backup_window_minutes").and_then(number) {
                rule.set("start_window_minutes", Value::Int(n));
            }
            if let Some(n) = r.get("complete_backup_window_minutes").and_then(number) {
                rule.set("completion_window_minutes", Value::Int(n));
            }
            if let Some(l) = r.get("lifecycle") {
                rule.set("lifecycle", lifecycle(l));
            }
            if r.get("recovery_point_tags").is_some() {
                rule.set("recovery_point_tags", tags(r.get("recovery_point_tags")));
            }
            let mut copies = Vec::new();
            for (key, c) in r
                .get("copy_actions")
                .and_then(Json::as_object)
                .into_iter()
                .flatten()
            {
                let arn = c
                    .get("target_backup_vault_arn")
                    .and_then(text)
                    .unwrap_or(key.clone());
                let to = match parse_arn(&arn) {
                    Some((_, _, region, "$account", resource)) => resource
                        .strip_prefix("backup-vault:")
                        .and_then(|name| vault_named(name, Some(region)))
                        .unwrap_or(Value::Str(arn.clone())),
                    _ => Value::Str(arn.clone()),
                };
                let mut copy = Object::new("Copy");
                copy.set("to", to);
                if let Some(l) = c.get("lifecycle") {
                    copy.set("lifecycle", lifecycle(l));
                }
                copies.push(Value::Object(copy));
            }
            if !copies.is_empty() {
                rule.set("copy", Value::List(copies));
            }
            rules.push(Value::Object(rule));
        }
        plan.body.set("rules", Value::List(rules));
        if let Some(adv) = p.get("advanced_backup_settings").and_then(Json::as_object) {
            let settings: Vec<Value> = adv
                .iter()
                .filter(|(k, _)| *k == "ec2")
                .map(|(_, options)| {
                    let mut o = Object::new("AdvancedBackupSetting");
                    o.set("resource_type", "EC2");
                    o.set(
                        "options",
                        Value::Map(
                            options
                                .as_object()
                                .into_iter()
                                .flatten()
                                .filter_map(|(k, v)| Some((k.clone(), Value::Str(text(v)?))))
                                .collect(),
                        ),
                    );
                    Value::Object(o)
                })
                .collect();
            plan.body
                .set("advanced_backup_settings", Value::List(settings));
        }
        if p.get("backup_plan_tags").is_some() {
            plan.body.set("tags", tags(p.get("backup_plan_tags")));
        }
        let plan_id = plan.id.clone();
        out.push(plan);
        let assignments = p
            .get("selections")
            .and_then(|s| s.get("tags"))
            .and_then(Json::as_object);
        for (sel_name, a) in assignments.into_iter().flatten() {
            let role_arn = a
                .get("iam_role_arn")
                .and_then(text)
                .ok_or_else(|| format!("selection `{sel_name}` has no iam_role_arn"))?;
            let role = parse_arn(&role_arn)
                .and_then(|(_, _, _, _, resource)| resource.rsplit('/').next().map(str::to_string))
                .and_then(|name| {
                    member
                        .of_kind(Kind::IamRole)
                        .find(|r| r.body.str("name") == Some(name.as_str()))
                        .map(|r| Value::Ref(r.id.clone()))
                })
                .unwrap_or(Value::Str(role_arn));
            let key = a.get("tag_key").and_then(text).unwrap_or_default();
            let values: Vec<String> = assigned(a.get("tag_value").unwrap_or(&Json::Null))
                .as_array()
                .map(|v| {
                    v.iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let mut sel = Resource::new(Kind::Selection, format!("{plan_id}/{sel_name}"));
            sel.body.set("name", sel_name.as_str());
            sel.body.set("plan", Value::Ref(plan_id.clone()));
            sel.body.set("role", role);
            sel.body.set(
                "tags",
                Value::Map(
                    values
                        .into_iter()
                        .map(|v| (key.clone(), Value::Str(v)))
                        .collect(),
                ),
            );
            out.push(sel);
        }
    }
    Ok(out)
}

/// Runs the organization rules.
pub fn check(cx: &mut Cx) {
    let deployments = cx.of_kind(Kind::OrgDeployment);
    let Some(dep) = deployments.first().copied() else {
        return;
    };
    for extra in deployments.iter().skip(1) {
        cx.report
            .error(
                &BK422,
                &extra.id,
                "",
                format!(
                    "`{}` is a second organization deployment; a stack is deployed to an organization once",
                    extra.id
                ),
            )
            .help(format!("declare it in a stack of its own, or merge it into `{}`", dep.id));
    }
    limits(cx, dep);
    expressible(cx, dep);
    policy_names(cx, dep);
    member_layout(cx, dep);
    central_vault(cx, dep);
}

/// BK422. What AWS Organizations and CloudFormation accept of a deployment: the StackSet name
/// `^[a-zA-Z][-a-zA-Z0-9]*$` of at most 128 characters [CFN StackSet.StackSetName], which the
/// policy's name (1-128 characters [API CreatePolicy.Name]) shares; a description of at most
/// 512 characters [API CreatePolicy.Description]; target ids `r-` + 4-32 or
/// `ou-` + 4-32 + `-` + 8-32 lower-case letters and digits [API AttachPolicy.TargetId], which a
/// service-managed StackSet deploys to [CFN DeploymentTargets.OrganizationalUnitIds]; Region
/// codes, the home Region among them; at least one plan; and the policy document within 10,000
/// characters [DOC orgs_reference_limits].
fn limits(cx: &mut Cx, dep: &Resource) {
    if let Some(name) = dep.body.str("name") {
        let ok = name.len() <= 128
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            cx.report
                .error(
                    &BK422,
                    &dep.id,
                    "name",
                    format!("deployment name `{name}` is not a StackSet name: a letter, then letters, digits and `-`, at most 128"),
                )
                .help("the backup policy and the StackSet share this name; e.g. `org-backup`");
        }
    }
    if let Some(d) = dep.body.str("description") {
        if d.chars().count() > 512 {
            cx.report
                .error(
                    &BK422,
                    &dep.id,
                    "description",
                    format!(
                        "description of {} characters; a policy's is at most 512",
                        d.chars().count()
                    ),
                )
                .help("shorten the description");
        }
    }
    if let Some(Value::List(targets)) = dep.body.get("targets") {
        if targets.is_empty() {
            cx.report
                .error(
                    &BK422,
                    &dep.id,
                    "targets",
                    "a deployment needs at least one target",
                )
                .help("name the organization's root (`r-..`) or organizational units (`ou-..`)");
        }
        for (i, t) in targets.iter().enumerate() {
            let Some(t) = t.as_str() else { continue };
            if is_target_id(t) {
                continue;
            }
            let help = if is_account_id(t) {
                "a StackSet with service-managed permissions deploys to organizational units: target the account's OU (or an OU of its own)".to_string()
            } else {
                "write the root id (`r-` and 4-32 letters or digits) or an OU id (`ou-xxxx-xxxxxxxx`)".to_string()
            };
            cx.report
                .error(
                    &BK422,
                    &dep.id,
                    &format!("targets[{i}]"),
                    format!("`{t}` is not a root or organizational unit id"),
                )
                .help(help);
        }
    }
    if let Some(Value::List(regions)) = dep.body.get("regions") {
        if regions.is_empty() {
            cx.report
                .error(&BK422, &dep.id, "regions", "a deployment needs at least one Region")
                .help("list the Regions every account backs up in, e.g. `[\"us-east-1\", \"eu-west-1\"]`");
        }
        let mut seen: Vec<&str> = Vec::new();
        for (i, r) in regions.iter().enumerate() {
            let Some(r) = r.as_str() else { continue };
            if !looks_like_region(r) {
                cx.report
                    .error(
                        &BK422,
                        &dep.id,
                        &format!("regions[{i}]"),
                        format!("`{r}` is not a Region code"),
                    )
                    .help(
                        match crate::diag::did_you_mean(r, REGIONS.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => "write a Region code such as `eu-west-1`".into(),
                        },
                    );
            } else if seen.contains(&r) {
                cx.report
                    .error(
                        &BK422,
                        &dep.id,
                        &format!("regions[{i}]"),
                        format!("Region `{r}` is listed twice"),
                    )
                    .help("list each Region once");
            }
            seen.push(r);
        }
        if let (Some(home), true) = (
            cx.stack.region.as_str(),
            regions.iter().all(|r| r.as_str().is_some()),
        ) {
            if !seen.is_empty() && !seen.contains(&home) {
                cx.report
                    .error(
                        &BK422,
                        &dep.id,
                        "regions",
                        format!("the stack's Region `{home}` is not a Region of the deployment; the StackSet creates IAM roles (global) there, once per account"),
                    )
                    .help(format!("add `{home}` to `regions`, or make the stack's Region one of them"));
            }
        }
    }
    if matches!(dep.body.get("policy"), Some(Value::List(p)) if p.is_empty()) {
        cx.report
            .error(&BK422, &dep.id, "policy", "the deployment names no plan for its backup policy")
            .help("name at least one plan, e.g. `policy: [daily]`; a deployment without a policy is a StackSet alone");
    }
    if let Some(org) = dep.body.str("organization_id") {
        let ok = org.len() >= 12
            && org.len() <= 34
            && org.starts_with("o-")
            && org[2..]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if !ok {
            cx.report
                .error(&BK422, &dep.id, "organization_id", format!("`{org}` is not an organization id"))
                .help("write `o-` and 10-32 lower-case letters or digits (AWS Organizations `DescribeOrganization`)");
        }
    }
    if let Some(account) = dep.body.str("central_account") {
        if !is_account_id(account) {
            cx.report
                .error(
                    &BK422,
                    &dep.id,
                    "central_account",
                    format!("`{account}` is not a 12-digit account id"),
                )
                .help("write the central backup account's 12-digit id");
        }
    }
    if known_policy(cx.stack, dep) {
        let size = backup_policy(cx.stack, dep).to_string().chars().count();
        if size > MAX_POLICY_CHARS {
            cx.report
                .error(
                    &BK422,
                    &dep.id,
                    "policy",
                    format!("the backup policy document is {size} characters; AWS Organizations takes at most {MAX_POLICY_CHARS}"),
                )
                .help("split the plans over two deployments (two policies), or shorten names and rules");
        }
    }
}

/// Whether every value the policy document is made of is known (at compile time a parameter may
/// still be open, and the size is then measured when the stack is built).
fn known_policy(stack: &Stack, dep: &Resource) -> bool {
    let known = |r: &Resource| r.body.fields.iter().all(|(_, v)| v.is_known());
    dep.body.get("regions").is_some_and(Value::is_known)
        && policy_plans(stack, dep)
            .iter()
            .all(|p| known(p) && selections_of(stack, p).into_iter().all(known))
}

/// A root (`r-` + 4-32) or OU (`ou-` + 4-32 + `-` + 8-32) id, lower-case letters and digits.
fn is_target_id(t: &str) -> bool {
    let part = |s: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    if let Some(rest) = t.strip_prefix("r-") {
        return part(rest, 4, 32);
    }
    if let Some(rest) = t.strip_prefix("ou-") {
        if let Some((a, b)) = rest.split_once('-') {
            return part(a, 4, 32) && part(b, 8, 32);
        }
    }
    false
}

/// BK419. A backup policy's plan has the elements the documented syntax lists, and no others
/// [DOC orgs_manage_policies_backup_syntax: rules with `schedule_expression`,
/// `target_backup_vault_name`, `start_backup_window_minutes`, `complete_backup_window_minutes`,
/// `lifecycle` (`move_to_cold_storage_after_days`, `delete_after_days`), `copy_actions`,
/// `recovery_point_tags`; `regions`; `selections` by `tags` with `iam_role_arn`; EC2's
/// `WindowsVSS` as the only advanced setting; `backup_plan_tags`]. A plan feature outside that
/// list cannot go into the policy: the plan stays in the member part (deployed by the StackSet)
/// or drops the feature.
fn expressible(cx: &mut Cx, dep: &Resource) {
    let help = |what: &str| {
        format!("a backup policy cannot express {what}: remove it, or take the plan out of `policy` (the StackSet then deploys it as a plan of each account)")
    };
    for plan in policy_plans(cx.stack, dep) {
        let body = &plan.body;
        for (i, rule) in body.list("rules").iter().enumerate() {
            let Some(rule) = rule.as_object() else {
                continue;
            };
            let at = |f: &str| format!("rules[{i}].{f}");
            if rule.has("air_gapped_vault") {
                cx.report
                    .error(&BK419, &plan.id, &at("air_gapped_vault"), format!("plan `{}` of the backup policy targets a logically air-gapped vault", plan.display()))
                    .help(help("a logically air-gapped target (the syntax has `target_backup_vault_name` only)"));
            }
            if let Some(tz) = rule.str("timezone") {
                if !matches!(tz, "Etc/UTC" | "UTC") {
                    cx.report
                        .error(&BK419, &plan.id, &at("timezone"), format!("plan `{}` of the backup policy schedules in time zone `{tz}`; a policy's `schedule_expression` is in UTC", plan.display()))
                        .help(help("a schedule time zone (its schedules are in UTC: write the cron expression in UTC)"));
                }
            }
            if rule.bool("continuous_backup") == Some(true) {
                cx.report
                    .error(
                        &BK419,
                        &plan.id,
                        &at("continuous_backup"),
                        format!(
                            "plan `{}` of the backup policy asks for continuous backups",
                            plan.display()
                        ),
                    )
                    .help(help(
                        "continuous backup (the syntax has no `EnableContinuousBackup`)",
                    ));
            }
            let archive = |l: Option<&Object>| l.and_then(|l| l.bool("archive")) == Some(true);
            if archive(rule.obj("lifecycle")) {
                cx.report
                    .error(
                        &BK419,
                        &plan.id,
                        &at("lifecycle.archive"),
                        format!(
                            "plan `{}` of the backup policy opts in to the archive tier",
                            plan.display()
                        ),
                    )
                    .help(help("the archive tier opt-in"));
            }
            for (j, copy) in rule.list("copy").iter().enumerate() {
                if archive(copy.as_object().and_then(|c| c.obj("lifecycle"))) {
                    cx.report
                        .error(&BK419, &plan.id, &at(&format!("copy[{j}].lifecycle.archive")), format!("a copy of plan `{}` of the backup policy opts in to the archive tier", plan.display()))
                        .help(help("the archive tier opt-in"));
                }
            }
            for field in ["index_actions", "scan_actions"] {
                if !rule.list(field).is_empty() {
                    cx.report
                        .error(
                            &BK419,
                            &plan.id,
                            &at(field),
                            format!(
                                "plan `{}` of the backup policy has {}",
                                plan.display(),
                                field.replace('_', " ")
                            ),
                        )
                        .help(help(&field.replace('_', " ")));
                }
            }
        }
        for (i, setting) in body.list("advanced_backup_settings").iter().enumerate() {
            let Some(setting) = setting.as_object() else {
                continue;
            };
            if setting.str("resource_type") == Some("S3") {
                cx.report
                    .error(
                        &BK419,
                        &plan.id,
                        &format!("advanced_backup_settings[{i}]"),
                        format!(
                            "plan `{}` of the backup policy has S3 backup options",
                            plan.display()
                        ),
                    )
                    .help(help(
                        "S3 advanced settings (EC2's `WindowsVSS` is the only one the syntax has)",
                    ));
            }
        }
        for sel in selections_of(cx.stack, plan) {
            for field in ["resources", "not_resources", "conditions"] {
                let set = match sel.body.get(field) {
                    Some(Value::List(items)) => !items.is_empty(),
                    Some(_) => true,
                    None => false,
                };
                if set {
                    cx.report
                        .error(&BK419, &sel.id, field, format!("selection `{}` of policy plan `{}` selects by {}", sel.display(), plan.display(), field.replace('_', " ")))
                        .help(help("a selection other than by tags (`selections` has `tags` only): select by `tags`"));
                }
            }
            if sel.body.get("tags").is_none()
                || matches!(sel.body.get("tags"), Some(Value::Map(m)) if m.is_empty())
                || sel.body.get("tags").is_some_and(Value::is_empty_list)
            {
                cx.report
                    .error(&BK419, &sel.id, "", format!("selection `{}` of policy plan `{}` selects no tags; a policy selects resources by tag only", sel.display(), plan.display()))
                    .help("give it `tags: [(\"backup\", \"daily\")]`");
            }
        }
    }
}

/// BK420. Each account's plan from the policy runs in each of the plan's Regions with the
/// vault and role the policy names, which must already exist there
/// [DOC orgs_manage_policies_backup_syntax: "The vault must already exist when the backup plan
/// is launched the first time", "The IAM role must exist when creating a backup plan"]: the
/// target vault is a vault of the member part present in every Region the plan runs in, and the
/// selection's role a role of the member part.
fn policy_names(cx: &mut Cx, dep: &Resource) {
    let home = cx.stack.region.as_str().unwrap_or_default().to_string();
    for plan in policy_plans(cx.stack, dep) {
        let runs_in = plan_regions(plan, dep);
        if let (Some(Value::Str(r)), Some(all)) = (plan.body.get("region"), regions(dep)) {
            if !all.contains(r) {
                cx.report
                    .error(&BK420, &plan.id, "region", format!("policy plan `{}` runs in `{r}`, which is not a Region of the deployment: no vault is deployed there", plan.display()))
                    .help(format!("add `{r}` to the deployment's `regions`"));
            }
        }
        for (i, rule) in plan.body.list("rules").iter().enumerate() {
            let Some(rule) = rule.as_object() else {
                continue;
            };
            let Some(v) = rule.get("vault") else { continue };
            let path = format!("rules[{i}].vault");
            match cx.target(v) {
                Some(vault) => {
                    let here = presence(cx.stack, vault);
                    let plan_presence = match plan.body.get("region") {
                        Some(Value::Str(r)) => Presence::Region(r.clone()),
                        Some(_) => Presence::Unknown,
                        None => Presence::Everywhere,
                    };
                    if !plan_presence.within(&here, &home) {
                        let where_ = match &runs_in {
                            Some(r) => r.join(", "),
                            None => "every Region of the deployment".into(),
                        };
                        cx.report
                            .error(&BK420, &plan.id, &path, format!("policy plan `{}` runs in {where_}, but vault `{}` is deployed in `{}` only", plan.display(), vault.display(), match &here { Presence::Region(r) => r.as_str(), _ => "" }))
                            .help("drop the vault's `region` (it is then deployed in every Region of the deployment), or give the plan the vault's `region`");
                    }
                }
                None if matches!(v, Value::Str(_)) => {
                    cx.report
                        .error(&BK420, &plan.id, &path, format!("policy plan `{}` names vault `{}`, which the member part does not deploy; every account must already have it", plan.display(), v.as_str().unwrap_or_default()))
                        .help("reference a `backup::Vault` of this stack: the StackSet deploys it to every account");
                }
                None => {}
            }
        }
        for sel in selections_of(cx.stack, plan) {
            if let Some(Value::Str(role)) = sel.body.get("role") {
                cx.report
                    .error(&BK420, &sel.id, "role", format!("selection `{}` of policy plan `{}` names role `{role}`, which the member part does not deploy; every account must already have it", sel.display(), plan.display()))
                    .help("reference an `iam::Role` of this stack: the StackSet creates it in every account, and the policy names it with `$account`");
            }
        }
    }
}

/// BK421. A policy copy destination is an ARN written once for every account
/// [DOC orgs_manage_policies_backup_syntax: `copy_actions` keyed by the destination ARN, `$account`
/// for the account the policy runs in, a real account id for another account of the
/// organization]: a vault of the member part in a Region of the deployment, or a vault in the
/// declared central account (`central_account`) whose name the member part deploys. A vault of
/// the member part present in every Region has no one Region the ARN could name unless the plan
/// runs in one Region.
fn copy_destinations(cx: &mut Cx, dep: &Resource, plan: &Resource) {
    let all = regions(dep);
    let runs_in = plan_regions(plan, dep);
    let central = dep.body.str("central_account");
    for (i, rule) in plan.body.list("rules").iter().enumerate() {
        let Some(rule) = rule.as_object() else {
            continue;
        };
        for (j, copy) in rule.list("copy").iter().enumerate() {
            let Some(to) = copy.as_object().and_then(|c| c.get("to")) else {
                continue;
            };
            let path = format!("rules[{i}].copy[{j}].to");
            let (region, name, account) = match to {
                Value::Ref(_) => {
                    let Some(vault) = cx.target(to) else {
                        continue;
                    };
                    let region = match presence(cx.stack, vault) {
                        Presence::Region(r) => r,
                        Presence::Everywhere => match runs_in.as_deref() {
                            Some([one]) => one.clone(),
                            Some(_) => {
                                cx.report
                                    .error(&BK421, &plan.id, &path, format!("copy to vault `{}`, deployed in every Region: plan `{}` runs in several Regions and a policy's copy names one Region", vault.display(), plan.display()))
                                    .help("give the destination vault a `region`, or the plan one Region");
                                continue;
                            }
                            None => continue,
                        },
                        _ => continue,
                    };
                    (region, vault.body.str("name").map(str::to_string), None)
                }
                Value::Str(arn) => {
                    let Some((_, _, region, account, resource)) = parse_arn(arn) else {
                        continue;
                    };
                    let name = resource.strip_prefix("backup-vault:").map(str::to_string);
                    (region.to_string(), name, Some(account.to_string()))
                }
                _ => continue,
            };
            if let Some(all) = &all {
                if !all.contains(&region) {
                    cx.report
                        .error(&BK421, &plan.id, &path, format!("copy destination in `{region}`, which is not a Region of the deployment: no account has a vault there"))
                        .help(format!("add `{region}` to the deployment's `regions`"));
                    continue;
                }
            }
            let Some(name) = name else { continue };
            if let Some(account) = account {
                if account == "$account" {
                    continue;
                }
                if central != Some(account.as_str()) {
                    let help = match central {
                        Some(c) => format!("the deployment's central account is {c}; copy there, or to a vault of the member part"),
                        None => format!("declare `central_account: \"{account}\"` on the deployment, with a vault named `{name}` in the member part"),
                    };
                    cx.report
                        .error(&BK421, &plan.id, &path, format!("copy destination in account {account}, which the deployment does not declare"))
                        .help(help);
                    continue;
                }
                let deployed = cx.stack.of_kind(Kind::Vault).any(|v| {
                    in_member_part(cx.stack, v)
                        && v.body.str("name") == Some(name.as_str())
                        && match presence(cx.stack, v) {
                            Presence::Region(r) => r == region,
                            _ => true,
                        }
                });
                if !deployed {
                    cx.report
                        .error(&BK421, &plan.id, &path, format!("copy destination `{name}` in the central account: the member part deploys no vault of that name in `{region}`"))
                        .help(format!("declare `backup::Vault {{ name: \"{name}\", .. }}` in the stack (the StackSet deploys it to the central account too)"));
                }
            }
        }
    }
}

/// BK423. The member part is one template, deployed to every account of the targets and every
/// Region of the deployment [CFN AWS::CloudFormation::StackSet]: a resource that names a Region
/// exists in that Region only, which must be a Region of the deployment; an IAM role is created
/// once per account, in the home Region; a reference must find its target wherever the
/// referencing resource exists (else its name-derived ARN is written, and a KMS key has none);
/// and nothing in it can reference a policy plan or its selections, which Organizations creates
/// with ids no template knows.
fn member_layout(cx: &mut Cx, dep: &Resource) {
    let home = cx.stack.region.as_str().unwrap_or_default().to_string();
    let all = regions(dep);
    for res in &cx.stack.resources {
        if !in_member_part(cx.stack, res) {
            continue;
        }
        if let (Presence::Region(r), Some(all)) = (presence(cx.stack, res), &all) {
            if res.body.has("region") && !all.contains(&r) {
                cx.report
                    .error(&BK423, &res.id, "region", format!("{} `{}` is in `{r}`, which is not a Region of the organization deployment", res.kind.noun(), res.display()))
                    .help(format!("add `{r}` to the deployment's `regions`, or drop the `region` (the resource is then deployed in every Region of the deployment)"));
            }
        }
    }
    for reference in cx.references().iter() {
        let (from, path) = (&cx.stack.resources[reference.from], &reference.path);
        if from.kind == Kind::OrgDeployment || !in_member_part(cx.stack, from) {
            continue;
        }
        let target = &cx.stack.resources[reference.to];
        if !in_member_part(cx.stack, target) {
            cx.report
                .error(&BK423, &from.id, path, format!("{} `{}` references `{}`, which the backup policy creates in each account with an id no template knows", from.kind.noun(), from.display(), target.display()))
                .help(format!("take `{}` out of the deployment's `policy`, or drop the reference", target.id));
            continue;
        }
        let (here, there) = (presence(cx.stack, from), presence(cx.stack, target));
        if !here.within(&there, &home) {
            if let Err(why) = super::regions::arn_is_predictable(target) {
                let where_ = match &here {
                    Presence::Region(r) => format!("in `{r}`"),
                    Presence::Home => format!("in the home Region `{home}`"),
                    _ => "in every Region of the deployment".into(),
                };
                let there_ = match &there {
                    Presence::Region(r) => format!("in `{r}` only"),
                    Presence::Home => format!("in `{home}` only"),
                    _ => "elsewhere".into(),
                };
                cx.report
                    .error(&BK423, &from.id, path, format!("{} `{}` exists {where_}, but `{}` exists {there_} and the reference cannot be written across Regions: {why}", from.kind.noun(), from.display(), target.display()))
                    .help("give both the same `region`, or drop the `region` of the target");
            }
        }
    }
}

/// BK424. S3 bucket names are global across all accounts [DOC bucketnamingrules: "Bucket names
/// must be unique across all AWS accounts in all the AWS Regions within a partition"]: a member
/// part deployed to several accounts or Regions cannot create a bucket of one name in each.
fn global_names(cx: &mut Cx, dep: &Resource) {
    let many_regions = !matches!(regions(dep), Some(r) if r.len() <= 1);
    for bucket in cx.of_kind(Kind::S3Bucket) {
        if !in_member_part(cx.stack, bucket) {
            continue;
        }
        let copies = match presence(cx.stack, bucket) {
            Presence::Everywhere if many_regions => "every account and Region",
            _ => "every account",
        };
        cx.report
            .error(&BK424, &bucket.id, "name", format!("bucket `{}` is in the member part: {copies} of the deployment would create a bucket of this name, and bucket names are global", bucket.display()))
            .help("declare the bucket in a stack of the account that owns it, and reference it by ARN");
    }
}

/// BK425. Copies from member accounts into the central account's vault are denied unless that
/// vault's access policy lets the organization copy in [DOC create-cross-account-backup:
/// "backup:CopyIntoBackupVault" on the destination vault; AWS Control Tower's central vault
/// policy with `aws:PrincipalOrgID`]: an `Allow` of `backup:CopyIntoBackupVault` (or a wildcard
/// covering it) to principal `*` under a `StringEquals` on `aws:PrincipalOrgID` with the
/// deployment's `organization_id`. Cross-account copies also need a customer managed key on the
/// source vault and the destination vault [DOC blog create-and-share-encrypted-backups-across-accounts-and-regions;
/// AWS Control Tower's AWS Backup integration creates one for each]: a warning, as resource
/// types fully managed by AWS Backup copy without one.
fn central_vault(cx: &mut Cx, dep: &Resource) {
    for plan in policy_plans(cx.stack, dep) {
        copy_destinations(cx, dep, plan);
    }
    global_names(cx, dep);
    let Some(central) = dep.body.str("central_account") else {
        return;
    };
    let mut names: Vec<(String, String, String)> = Vec::new(); // (plan, path, vault name)
    for plan in policy_plans(cx.stack, dep) {
        for (i, rule) in plan.body.list("rules").iter().enumerate() {
            let Some(rule) = rule.as_object() else {
                continue;
            };
            for (j, copy) in rule.list("copy").iter().enumerate() {
                let Some(arn) = copy.as_object().and_then(|c| c.str("to")) else {
                    continue;
                };
                let Some((_, _, _, account, resource)) = parse_arn(arn) else {
                    continue;
                };
                if account != central {
                    continue;
                }
                if let Some(name) = resource.strip_prefix("backup-vault:") {
                    names.push((
                        plan.display().to_string(),
                        format!("rules[{i}].copy[{j}].to"),
                        name.to_string(),
                    ));
                }
                // The source vault of a cross-account copy.
                if let Some(source) = rule.get("vault").and_then(|v| cx.target(v)) {
                    if !source.body.has("kms_key") {
                        cx.report
                            .warning(&BK425, &source.id, "", format!("vault `{}` is the source of cross-account copies to the central account and has no customer managed key", source.display()))
                            .help("give it `kms_key:` a `kms::Key` of the stack whose policy lets the central account use it");
                    }
                }
            }
        }
    }
    let org = dep.body.get("organization_id");
    for (plan_id, path, name) in names {
        let Some(vault) = cx
            .stack
            .of_kind(Kind::Vault)
            .find(|v| in_member_part(cx.stack, v) && v.body.str("name") == Some(name.as_str()))
        else {
            continue;
        };
        if !vault.body.has("kms_key") {
            cx.report
                .warning(&BK425, &vault.id, "", format!("central vault `{}` receives cross-account copies and has no customer managed key", vault.display()))
                .help("give it `kms_key:` a `kms::Key` of the stack");
        }
        let Some(org) = org else {
            cx.report
                .error(&BK425, &dep.id, "", format!("copies go to the central account {central}, but the deployment declares no `organization_id` for the central vault's access policy"))
                .help("add `organization_id: \"o-..\"` (AWS Organizations `DescribeOrganization`)");
            continue;
        };
        let Some(org) = org.as_str() else { continue };
        // A statement, principal or condition value known at run time only: judged then.
        if vault
            .body
            .get("access_policy")
            .is_some_and(|p| !p.is_known())
        {
            continue;
        }
        let statements = vault.body.list("access_policy");
        let lets_org_copy = statements.iter().filter_map(Value::as_object).any(|s| {
            s.str("effect") == Some("Allow")
                && s.list("principals").iter().any(|p| p.as_str() == Some("*"))
                && s.list("actions")
                    .iter()
                    .filter_map(Value::as_str)
                    .any(|a| super::iam::action_matches(a, "backup:CopyIntoBackupVault"))
                && s.list("conditions")
                    .iter()
                    .filter_map(Value::as_object)
                    .any(|c| {
                        c.str("test") == Some("StringEquals")
                            && c.str("key")
                                .is_some_and(|k| k.eq_ignore_ascii_case("aws:PrincipalOrgID"))
                            && c.list("values").iter().any(|v| v.as_str() == Some(org))
                    })
        });
        if !lets_org_copy {
            cx.report
                .error(&BK425, &vault.id, "access_policy", format!("central vault `{}` does not let the organization `{org}` copy in, so every copy of plan `{plan_id}` (`{path}`) is denied", vault.display()))
                .help(format!("add `Statement {{ effect: \"Allow\", principals: [\"*\"], actions: [\"backup:CopyIntoBackupVault\"], resources: [\"*\"], conditions: [Condition {{ test: \"StringEquals\", key: \"aws:PrincipalOrgID\", values: [\"{org}\"] }}] }}` to its `access_policy`"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    /// A deployment whose policy is plan `daily` (rule to vault `primary`, selection by tag run
    /// by `role`), deployed to an OU in two Regions.
    fn org(extra: Vec<Resource>) -> Stack {
        let mut resources = vec![
            key("key"),
            res(
                Kind::Vault,
                "primary",
                vec![("name", "primary".into()), ("kms_key", r("key"))],
            ),
            backup_role("role"),
            plan(
                "daily",
                vec![rule("daily", "primary", Some(lifecycle(None, Some(35))))],
            ),
            res(
                Kind::Selection,
                "sel",
                vec![
                    ("name", "tagged".into()),
                    ("plan", r("daily")),
                    ("role", r("role")),
                    ("tags", map(&[("backup", "daily")])),
                ],
            ),
            res(
                Kind::OrgDeployment,
                "org",
                vec![
                    ("name", "org-backup".into()),
                    ("targets", list(vec!["ou-ab12-cdef3456".into()])),
                    (
                        "regions",
                        list(vec!["us-east-1".into(), "us-west-2".into()]),
                    ),
                    ("policy", list(vec![r("daily")])),
                ],
            ),
        ];
        resources.extend(extra);
        stack(resources)
    }

    fn set(s: &mut Stack, id: &str, field: &str, v: Value) {
        s.resources
            .iter_mut()
            .find(|r| r.id == id)
            .unwrap()
            .body
            .set(field, v);
    }

    /// Rule `daily` copies to vault `central` of the declared central account 111122223333.
    fn copies_to_central(s: &mut Stack) {
        let to = "arn:aws:backup:us-east-1:111122223333:backup-vault:central";
        rule_field(s, "copy", list(vec![obj("Copy", vec![("to", to.into())])]));
        set(s, "org", "central_account", "111122223333".into());
    }

    /// The plan's one advanced setting the policy syntax has: EC2's WindowsVSS.
    fn windows_vss(s: &mut Stack) {
        let setting = obj(
            "AdvancedBackupSetting",
            vec![
                ("resource_type", "EC2".into()),
                ("options", map(&[("WindowsVSS", "enabled")])),
            ],
        );
        set(s, "daily", "advanced_backup_settings", list(vec![setting]));
    }

    /// Plan `daily` with `n` rules to `primary`, kept 35 days: a policy of a chosen size.
    fn many_rules(s: &mut Stack, n: usize) {
        let rules = (0..n)
            .map(|i| {
                rule(
                    &format!("rule-{i}"),
                    "primary",
                    Some(lifecycle(None, Some(35))),
                )
            })
            .collect();
        set(s, "daily", "rules", list(rules));
    }

    fn rule_field(s: &mut Stack, field: &str, v: Value) {
        let plan = s.resources.iter_mut().find(|r| r.id == "daily").unwrap();
        let Some(Value::List(rules)) = plan
            .body
            .fields
            .iter_mut()
            .find(|(n, _)| n == "rules")
            .map(|(_, v)| v)
        else {
            panic!("rules")
        };
        let Value::Object(rule) = &mut rules[0] else {
            panic!("rule")
        };
        rule.set(field, v);
    }

    /// The findings of `code`: (resource, path, severity is error).
    fn found(s: &Stack, code: &str) -> Vec<(String, String, bool)> {
        s.check()
            .diagnostics
            .iter()
            .filter(|d| d.code.code == code)
            .map(|d| {
                (
                    d.resource.clone(),
                    d.path.clone(),
                    d.severity == crate::diag::Severity::Error,
                )
            })
            .collect()
    }

    #[test]
    fn a_valid_deployment_has_no_organization_finding() {
        let s = org(vec![]);
        let codes = codes(&s);
        for c in [
            "BK419", "BK420", "BK421", "BK422", "BK423", "BK424", "BK425",
        ] {
            assert!(!codes.contains(&c), "{c} in {codes:?}");
        }
        assert!(!s.check().has_errors(), "{}", s.check());
    }

    #[test]
    fn bk419_what_a_policy_cannot_express_is_an_error_on_the_field() {
        let mut s = org(vec![]);
        rule_field(&mut s, "timezone", "Europe/Berlin".into());
        assert_eq!(
            found(&s, "BK419"),
            [("daily".into(), "rules[0].timezone".into(), true)]
        );
        // UTC is what the policy's schedules are in.
        rule_field(&mut s, "timezone", "Etc/UTC".into());
        assert!(found(&s, "BK419").is_empty());
        rule_field(&mut s, "continuous_backup", true.into());
        rule_field(
            &mut s,
            "lifecycle",
            obj(
                "Lifecycle",
                vec![
                    ("delete_after_days", Value::Int(35)),
                    ("archive", true.into()),
                ],
            ),
        );
        rule_field(
            &mut s,
            "index_actions",
            list(vec![obj(
                "IndexAction",
                vec![("resource_types", list(vec!["EBS".into()]))],
            )]),
        );
        rule_field(
            &mut s,
            "scan_actions",
            list(vec![obj(
                "ScanAction",
                vec![
                    ("scanner", "GUARDDUTY".into()),
                    ("mode", "FULL_SCAN".into()),
                ],
            )]),
        );
        rule_field(
            &mut s,
            "air_gapped_vault",
            "arn:aws:backup:us-east-1:111122223333:backup-vault:lag".into(),
        );
        rule_field(
            &mut s,
            "copy",
            list(vec![obj(
                "Copy",
                vec![
                    ("to", r("primary")),
                    (
                        "lifecycle",
                        obj("Lifecycle", vec![("archive", true.into())]),
                    ),
                ],
            )]),
        );
        set(
            &mut s,
            "daily",
            "advanced_backup_settings",
            list(vec![obj(
                "AdvancedBackupSetting",
                vec![
                    ("resource_type", "S3".into()),
                    ("options", map(&[("BackupACLs", "enabled")])),
                ],
            )]),
        );
        let paths: Vec<String> = found(&s, "BK419").into_iter().map(|(_, p, _)| p).collect();
        for want in [
            "rules[0].continuous_backup",
            "rules[0].lifecycle.archive",
            "rules[0].index_actions",
            "rules[0].scan_actions",
            "rules[0].air_gapped_vault",
            "rules[0].copy[0].lifecycle.archive",
            "advanced_backup_settings[0]",
        ] {
            assert!(paths.contains(&want.to_string()), "{want} in {paths:?}");
        }
        // The same features in a plan the StackSet deploys are the plan rules' business only.
        set(&mut s, "org", "policy", list(vec![]));
        assert!(found(&s, "BK419").is_empty());
    }

    #[test]
    fn bk419_a_policy_selects_by_tags_only() {
        let mut s = org(vec![]);
        set(
            &mut s,
            "sel",
            "resources",
            list(vec![
                "arn:aws:dynamodb:us-east-1:111122223333:table/t".into()
            ]),
        );
        set(
            &mut s,
            "sel",
            "conditions",
            obj("Conditions", vec![("string_equals", map(&[("team", "a")]))]),
        );
        let found = found(&s, "BK419");
        assert!(
            found.contains(&("sel".into(), "resources".into(), true)),
            "{found:?}"
        );
        assert!(
            found.contains(&("sel".into(), "conditions".into(), true)),
            "{found:?}"
        );
        let mut s = org(vec![]);
        set(&mut s, "sel", "tags", map(&[]));
        assert_eq!(
            super::tests::found(&s, "BK419"),
            [("sel".into(), "".into(), true)]
        );
        // An empty list of resources is no selection by resource.
        let mut s = org(vec![]);
        set(&mut s, "sel", "not_resources", list(vec![]));
        assert!(super::tests::found(&s, "BK419").is_empty());
    }

    #[test]
    fn bk420_the_policy_names_only_what_the_member_part_deploys() {
        let mut s = org(vec![]);
        rule_field(&mut s, "vault", "somebody-elses-vault".into());
        set(
            &mut s,
            "sel",
            "role",
            "arn:aws:iam::111122223333:role/r".into(),
        );
        let found = found(&s, "BK420");
        assert!(
            found.contains(&("daily".into(), "rules[0].vault".into(), true)),
            "{found:?}"
        );
        assert!(
            found.contains(&("sel".into(), "role".into(), true)),
            "{found:?}"
        );
    }

    #[test]
    fn bk420_the_target_vault_exists_in_every_region_the_plan_runs_in() {
        let mut s = org(vec![]);
        set(&mut s, "primary", "region", "us-west-2".into());
        set(&mut s, "key", "region", "us-west-2".into());
        // The plan runs in both Regions; the vault is in one.
        assert_eq!(
            found(&s, "BK420"),
            [("daily".into(), "rules[0].vault".into(), true)]
        );
        // A plan of that Region is fine.
        set(&mut s, "daily", "region", "us-west-2".into());
        assert!(found(&s, "BK420").is_empty(), "{:?}", found(&s, "BK420"));
        // A plan of a Region the deployment does not have has no vault anywhere.
        let mut s = org(vec![]);
        set(&mut s, "daily", "region", "eu-west-1".into());
        assert_eq!(
            found(&s, "BK420"),
            [("daily".into(), "region".into(), true)]
        );
    }

    #[test]
    fn bk421_copy_destinations() {
        let west = res(
            Kind::Vault,
            "west",
            vec![
                ("name", "west".into()),
                ("region", "us-west-2".into()),
                ("kms_key", r("west_key")),
            ],
        );
        let west_key = res(
            Kind::KmsKey,
            "west_key",
            vec![("description", "k".into()), ("region", "us-west-2".into())],
        );
        let copy_to = |to: Value| list(vec![obj("Copy", vec![("to", to)])]);
        // A vault of one Region of the deployment: fine.
        let mut s = org(vec![west.clone(), west_key.clone()]);
        rule_field(&mut s, "copy", copy_to(r("west")));
        assert!(found(&s, "BK421").is_empty(), "{:?}", found(&s, "BK421"));
        // A vault present in every Region has no one Region for a plan of two.
        let mut s = org(vec![res(
            Kind::Vault,
            "second",
            vec![("name", "second".into()), ("kms_key", r("key"))],
        )]);
        rule_field(&mut s, "copy", copy_to(r("second")));
        assert_eq!(
            found(&s, "BK421"),
            [("daily".into(), "rules[0].copy[0].to".into(), true)]
        );
        // ... and the plan's own Region for a plan of one.
        set(&mut s, "daily", "region", "us-east-1".into());
        assert!(found(&s, "BK421").is_empty());
        // An ARN in a Region outside the deployment.
        let mut s = org(vec![]);
        rule_field(
            &mut s,
            "copy",
            copy_to("arn:aws:backup:eu-west-1:$account:backup-vault:primary".into()),
        );
        assert_eq!(
            found(&s, "BK421"),
            [("daily".into(), "rules[0].copy[0].to".into(), true)]
        );
        // Another account: undeclared, then declared without the vault, then with it.
        let mut s = org(vec![]);
        rule_field(
            &mut s,
            "copy",
            copy_to("arn:aws:backup:us-east-1:111122223333:backup-vault:central".into()),
        );
        assert_eq!(found(&s, "BK421").len(), 1);
        set(&mut s, "org", "central_account", "111122223333".into());
        assert_eq!(found(&s, "BK421").len(), 1);
        s.resources.push(res(
            Kind::Vault,
            "central",
            vec![("name", "central".into()), ("kms_key", r("key"))],
        ));
        assert!(found(&s, "BK421").is_empty(), "{:?}", found(&s, "BK421"));
        // The same account, by `$account`.
        let mut s = org(vec![]);
        rule_field(
            &mut s,
            "copy",
            copy_to("arn:aws:backup:us-west-2:$account:backup-vault:anything".into()),
        );
        assert!(found(&s, "BK421").is_empty());
    }

    #[test]
    fn bk422_names_targets_regions_and_size() {
        let mut s = org(vec![]);
        set(&mut s, "org", "name", "1-bad_name".into());
        set(&mut s, "org", "description", "d".repeat(513).into());
        set(
            &mut s,
            "org",
            "targets",
            list(vec![
                "ou-ab12-cdef3456".into(),
                "r-ab12".into(),
                "111122223333".into(),
                "OU-X".into(),
            ]),
        );
        set(
            &mut s,
            "org",
            "regions",
            list(vec!["us-east-1".into(), "us-east-1".into(), "mars".into()]),
        );
        set(&mut s, "org", "organization_id", "org-1".into());
        set(&mut s, "org", "central_account", "1234".into());
        let paths: Vec<String> = found(&s, "BK422").into_iter().map(|(_, p, _)| p).collect();
        assert_eq!(
            paths,
            [
                "name",
                "description",
                "targets[2]",
                "targets[3]",
                "regions[1]",
                "regions[2]",
                "organization_id",
                "central_account"
            ]
        );
        // The home Region must be one of the deployment's, and the lists not empty.
        let mut s = org(vec![]);
        set(&mut s, "org", "regions", list(vec!["us-west-2".into()]));
        assert_eq!(found(&s, "BK422"), [("org".into(), "regions".into(), true)]);
        for field in ["targets", "regions", "policy"] {
            let mut s = org(vec![]);
            set(&mut s, "org", field, list(vec![]));
            assert!(
                found(&s, "BK422").contains(&("org".into(), field.into(), true)),
                "{field}"
            );
        }
        // A second deployment.
        let mut s = org(vec![]);
        let second = s.resources.last().unwrap().clone();
        s.resources.push(Resource {
            id: "org2".into(),
            ..second
        });
        assert_eq!(found(&s, "BK422"), [("org2".into(), "".into(), true)]);
    }

    #[test]
    fn bk422_the_policy_document_fits_in_10000_characters() {
        let mut s = org(vec![]);
        many_rules(&mut s, 20);
        let size = backup_policy(&s, deployment(&s).unwrap()).to_string().len();
        assert!(size < MAX_POLICY_CHARS, "{size}");
        assert!(found(&s, "BK422").is_empty());
        many_rules(&mut s, 60);
        let size = backup_policy(&s, deployment(&s).unwrap()).to_string().len();
        assert!(size > MAX_POLICY_CHARS, "{size}");
        assert_eq!(found(&s, "BK422"), [("org".into(), "policy".into(), true)]);
        // Unknown values wait for the build.
        set(&mut s, "daily", "name", Value::Unknown);
        assert!(found(&s, "BK422").is_empty());
    }

    #[test]
    fn bk423_the_member_part_is_one_template_for_every_region() {
        // A Region the deployment does not have.
        let mut s = org(vec![res(
            Kind::Vault,
            "eu",
            vec![("name", "eu".into()), ("region", "eu-west-1".into())],
        )]);
        assert_eq!(found(&s, "BK423"), [("eu".into(), "region".into(), true)]);
        // A reference to a key that exists in one Region, from a vault in every Region.
        s = org(vec![]);
        set(&mut s, "key", "region", "us-west-2".into());
        assert_eq!(
            found(&s, "BK423"),
            [("primary".into(), "kms_key".into(), true)]
        );
        // A name-derived ARN crosses Regions: a role of the home Region from a vault's policy.
        s = org(vec![]);
        set(
            &mut s,
            "primary",
            "access_policy",
            list(vec![obj(
                "Statement",
                vec![
                    ("effect", "Allow".into()),
                    ("principals", list(vec![r("role")])),
                    ("actions", list(vec!["backup:DescribeBackupVault".into()])),
                    ("resources", list(vec!["*".into()])),
                ],
            )]),
        );
        assert!(found(&s, "BK423").is_empty(), "{:?}", found(&s, "BK423"));
        // A reference into the policy: a plan made by Organizations has no id to reference.
        s = org(vec![res(
            Kind::Framework,
            "audit",
            vec![
                ("name", "audit".into()),
                (
                    "controls",
                    list(vec![obj(
                        "Control",
                        vec![("name", "BACKUP_RECOVERY_POINT_ENCRYPTED".into())],
                    )]),
                ),
            ],
        )]);
        s.resources.push(res(
            Kind::Selection,
            "local_sel",
            vec![
                ("name", "local".into()),
                ("plan", r("daily")),
                ("role", r("role")),
                ("tags", map(&[("a", "b")])),
            ],
        ));
        // `local_sel` belongs to the policy plan, so it is part of the policy, not a reference.
        assert!(found(&s, "BK423").is_empty());
        s.resources.push(res(
            Kind::RestoreTestingSelection,
            "rts",
            vec![
                ("name", "rts".into()),
                ("plan", r("daily")),
                ("role", r("role")),
                ("resource_type", "DynamoDB".into()),
            ],
        ));
        assert!(
            found(&s, "BK423").contains(&("rts".into(), "plan".into(), true)),
            "{:?}",
            found(&s, "BK423")
        );
    }

    #[test]
    fn bk424_buckets_are_global() {
        let bucket = res(
            Kind::S3Bucket,
            "b",
            vec![
                ("name", "acme-backups".into()),
                ("versioning", "Enabled".into()),
            ],
        );
        let s = org(vec![bucket.clone()]);
        assert_eq!(found(&s, "BK424"), [("b".into(), "name".into(), true)]);
        // Without a deployment, a bucket is just a bucket.
        let plain = stack(vec![bucket]);
        assert!(found(&plain, "BK424").is_empty());
    }

    fn central_stack(access_policy: Option<Value>, org_id: Option<&str>) -> Stack {
        let mut central = res(
            Kind::Vault,
            "central",
            vec![("name", "central".into()), ("kms_key", r("key"))],
        );
        if let Some(p) = access_policy {
            central.body.set("access_policy", p);
        }
        let mut s = org(vec![central]);
        copies_to_central(&mut s);
        if let Some(o) = org_id {
            set(&mut s, "org", "organization_id", o.into());
        }
        s
    }

    fn org_copy_statement(action: &str, org: &str) -> Value {
        list(vec![obj(
            "Statement",
            vec![
                ("effect", "Allow".into()),
                ("principals", list(vec!["*".into()])),
                ("actions", list(vec![action.into()])),
                ("resources", list(vec!["*".into()])),
                (
                    "conditions",
                    list(vec![obj(
                        "Condition",
                        vec![
                            ("test", "StringEquals".into()),
                            ("key", "aws:PrincipalOrgID".into()),
                            ("values", list(vec![org.into()])),
                        ],
                    )]),
                ),
            ],
        )])
    }

    #[test]
    fn bk425_the_central_vault_lets_the_organization_copy_in() {
        let org_id = "o-abcdef1234";
        assert_eq!(
            found(&central_stack(None, None), "BK425"),
            [("org".into(), "".into(), true)]
        );
        assert_eq!(
            found(&central_stack(None, Some(org_id)), "BK425"),
            [("central".into(), "access_policy".into(), true)]
        );
        let right = org_copy_statement("backup:CopyIntoBackupVault", org_id);
        assert!(found(&central_stack(Some(right), Some(org_id)), "BK425").is_empty());
        // A wildcard covers the action; another organization does not.
        let wildcard = org_copy_statement("backup:Copy*", org_id);
        assert!(found(&central_stack(Some(wildcard), Some(org_id)), "BK425").is_empty());
        let other = org_copy_statement("backup:CopyIntoBackupVault", "o-zzzzzzzzzz");
        assert_eq!(
            found(&central_stack(Some(other), Some(org_id)), "BK425").len(),
            1
        );
        let unknown = list(vec![Value::Unknown]);
        assert!(found(&central_stack(Some(unknown), Some(org_id)), "BK425").is_empty());
        // The organization id of the condition known at run time only (a constant): judged
        // then, not reported now.
        let mut later = org_copy_statement("backup:CopyIntoBackupVault", org_id);
        if let Value::List(statements) = &mut later {
            if let Value::Object(st) = &mut statements[0] {
                st.set(
                    "conditions",
                    list(vec![obj(
                        "Condition",
                        vec![
                            ("test", "StringEquals".into()),
                            ("key", "aws:PrincipalOrgID".into()),
                            ("values", list(vec![Value::Unknown])),
                        ],
                    )]),
                );
            }
        }
        assert!(found(&central_stack(Some(later), Some(org_id)), "BK425").is_empty());
    }

    #[test]
    fn bk425_cross_account_copies_want_customer_managed_keys() {
        let org_id = "o-abcdef1234";
        let mut s = central_stack(
            Some(org_copy_statement("backup:CopyIntoBackupVault", org_id)),
            Some(org_id),
        );
        for id in ["primary", "central"] {
            s.resources
                .iter_mut()
                .find(|r| r.id == id)
                .unwrap()
                .body
                .fields
                .retain(|(n, _)| n != "kms_key");
        }
        assert_eq!(
            found(&s, "BK425"),
            [
                ("primary".into(), "".into(), false),
                ("central".into(), "".into(), false)
            ]
        );
    }

    #[test]
    fn the_policy_document_in_the_documented_syntax() {
        let mut s = org(vec![]);
        rule_field(&mut s, "recovery_point_tags", map(&[("Owner", "Backup")]));
        rule_field(
            &mut s,
            "copy",
            list(vec![obj(
                "Copy",
                vec![
                    (
                        "to",
                        "arn:aws:backup:us-west-2:$account:backup-vault:x".into(),
                    ),
                    ("lifecycle", lifecycle(Some(30), Some(120))),
                ],
            )]),
        );
        set(&mut s, "daily", "tags", map(&[("Stage", "Beta")]));
        windows_vss(&mut s);
        let doc = backup_policy(&s, deployment(&s).unwrap());
        let plan = &doc["plans"]["daily"];
        assert_eq!(
            plan["regions"]["@@assign"],
            json!(["us-east-1", "us-west-2"])
        );
        let rule = &plan["rules"]["daily"];
        assert_eq!(rule["schedule_expression"]["@@assign"], "cron(0 2 * * ? *)");
        assert_eq!(rule["target_backup_vault_name"]["@@assign"], "primary");
        assert_eq!(rule["start_backup_window_minutes"]["@@assign"], "480");
        assert_eq!(rule["complete_backup_window_minutes"]["@@assign"], "10080");
        assert_eq!(rule["lifecycle"]["delete_after_days"]["@@assign"], "35");
        assert_eq!(
            rule["recovery_point_tags"]["owner"]["tag_key"]["@@assign"],
            "Owner"
        );
        let copy = &rule["copy_actions"]["arn:aws:backup:us-west-2:$account:backup-vault:x"];
        assert_eq!(
            copy["target_backup_vault_arn"]["@@assign"],
            "arn:aws:backup:us-west-2:$account:backup-vault:x"
        );
        assert_eq!(
            copy["lifecycle"]["move_to_cold_storage_after_days"]["@@assign"],
            "30"
        );
        let sel = &plan["selections"]["tags"]["tagged"];
        assert_eq!(
            sel["iam_role_arn"]["@@assign"],
            "arn:aws:iam::$account:role/role"
        );
        assert_eq!(sel["tag_key"]["@@assign"], "backup");
        assert_eq!(sel["tag_value"]["@@assign"], json!(["daily"]));
        assert_eq!(
            plan["advanced_backup_settings"]["ec2"]["WindowsVSS"]["@@assign"],
            "enabled"
        );
        assert_eq!(
            plan["backup_plan_tags"]["stage"]["tag_value"]["@@assign"],
            "Beta"
        );
        // Partitions follow the home Region.
        let mut cn = s.clone();
        cn.region = "cn-north-1".into();
        set(&mut cn, "org", "regions", list(vec!["cn-north-1".into()]));
        let doc = backup_policy(&cn, deployment(&cn).unwrap());
        assert_eq!(
            doc["plans"]["daily"]["selections"]["tags"]["tagged"]["iam_role_arn"]["@@assign"],
            "arn:aws-cn:iam::$account:role/role"
        );
    }

    #[test]
    fn the_policy_reads_back_into_the_plans_it_was_made_from() {
        let mut s = org(vec![]);
        rule_field(&mut s, "recovery_point_tags", map(&[("Owner", "Backup")]));
        rule_field(&mut s, "start_window_minutes", Value::Int(60));
        rule_field(&mut s, "completion_window_minutes", Value::Int(180));
        set(&mut s, "daily", "tags", map(&[("Stage", "Beta")]));
        let doc = backup_policy(&s, deployment(&s).unwrap());
        let member = member_stack(&s);
        let back = read_policy(&doc, &member).unwrap();
        let plan = back.iter().find(|r| r.kind == Kind::Plan).unwrap();
        let original = s.get("daily").unwrap();
        assert_eq!(plan.body.str("name"), original.body.str("name"));
        assert_eq!(plan.body.map("tags"), original.body.map("tags"));
        let (got, want) = (
            plan.body.list("rules")[0].as_object().unwrap(),
            original.body.list("rules")[0].as_object().unwrap(),
        );
        for field in [
            "name",
            "vault",
            "schedule",
            "start_window_minutes",
            "completion_window_minutes",
            "lifecycle",
            "recovery_point_tags",
        ] {
            assert_eq!(got.get(field), want.get(field), "{field}");
        }
        let sel = back.iter().find(|r| r.kind == Kind::Selection).unwrap();
        assert_eq!(sel.body.get("role"), Some(&r("role")));
        assert_eq!(sel.body.map("tags"), s.get("sel").unwrap().body.map("tags"));
        assert!(read_policy(&json!({}), &member).is_err());
    }

    #[test]
    fn presence_and_the_member_part() {
        let mut s = org(vec![]);
        set(&mut s, "key", "region", "us-west-2".into());
        let home = "us-east-1";
        let of = |id: &str| presence(&s, s.get(id).unwrap());
        assert_eq!(of("key"), Presence::Region("us-west-2".into()));
        assert_eq!(of("primary"), Presence::Everywhere);
        assert_eq!(of("role"), Presence::Home);
        assert!(Presence::Home.within(&Presence::Region(home.into()), home));
        assert!(!Presence::Home.within(&Presence::Region("us-west-2".into()), home));
        assert!(!Presence::Everywhere.within(&Presence::Home, home));
        assert!(Presence::Region("x".into()).within(&Presence::Everywhere, home));
        let member_part = member_stack(&s);
        let member: Vec<&str> = member_part
            .resources
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(member, ["key", "primary", "role"]);
        assert!(!in_member_part(&s, s.get("sel").unwrap()));
        assert!(in_member_part(&stack(vec![]), s.get("sel").unwrap()));
    }

    #[test]
    fn presence_follows_parents_and_within_is_a_partial_order() {
        let home = "us-east-1";
        assert!(Presence::Home.within(&Presence::Home, home));
        assert!(Presence::Unknown.within(&Presence::Home, home));
        assert!(Presence::Home.within(&Presence::Unknown, home));
        assert!(!Presence::Region("us-west-2".into()).within(&Presence::Region(home.into()), home));
        let mut s = org(vec![
            res(
                Kind::LambdaFunction,
                "f",
                vec![("name", "f".into()), ("region", "us-west-2".into())],
            ),
            res(
                Kind::LambdaPermission,
                "perm",
                vec![
                    ("function", r("f")),
                    ("principal", "s3.amazonaws.com".into()),
                ],
            ),
            res(
                Kind::LambdaPermission,
                "odd",
                vec![
                    ("function", r("primary")),
                    ("principal", "s3.amazonaws.com".into()),
                ],
            ),
            res(
                Kind::RestoreTestingPlan,
                "rtp",
                vec![("name", "rtp".into()), ("region", "us-west-2".into())],
            ),
            res(
                Kind::RestoreTestingSelection,
                "rts",
                vec![("name", "rts".into()), ("plan", r("rtp"))],
            ),
        ]);
        set(&mut s, "daily", "region", "us-west-2".into());
        let of = |s: &Stack, id: &str| presence(s, s.get(id).unwrap());
        assert_eq!(of(&s, "sel"), Presence::Region("us-west-2".into()));
        assert_eq!(of(&s, "rts"), Presence::Region("us-west-2".into()));
        assert_eq!(of(&s, "perm"), Presence::Region("us-west-2".into()));
        // A permission whose function is not a function has no known place.
        assert_eq!(of(&s, "odd"), Presence::Unknown);
        set(&mut s, "primary", "region", Value::Unknown);
        assert_eq!(of(&s, "primary"), Presence::Unknown);
    }

    #[test]
    fn the_member_stack_keeps_only_its_outputs() {
        let mut s = org(vec![]);
        s.outputs = vec!["primary".into(), "daily".into()];
        assert_eq!(member_stack(&s).outputs, ["primary"]);
    }

    fn without(s: &mut Stack, id: &str, field: &str) {
        s.resources
            .iter_mut()
            .find(|r| r.id == id)
            .unwrap()
            .body
            .fields
            .retain(|(n, _)| n != field);
    }

    #[test]
    fn the_policy_groups_selection_tags_and_writes_copy_destinations() {
        let west = res(
            Kind::Vault,
            "west",
            vec![("name", "west".into()), ("region", "us-west-2".into())],
        );
        let second = res(Kind::Vault, "second", vec![("name", "second".into())]);
        let mut s = org(vec![west, second]);
        set(
            &mut s,
            "sel",
            "tags",
            Value::Map(vec![
                ("backup".into(), "daily".into()),
                ("backup".into(), "weekly".into()),
            ]),
        );
        rule_field(
            &mut s,
            "copy",
            list(vec![
                obj("Copy", vec![("to", r("west"))]),
                obj("Copy", vec![("to", r("second"))]),
            ]),
        );
        set(&mut s, "daily", "region", "us-east-1".into());
        let doc = backup_policy(&s, deployment(&s).unwrap());
        let plan = &doc["plans"]["daily"];
        assert_eq!(
            plan["selections"]["tags"]["tagged"]["tag_value"]["@@assign"],
            json!(["daily", "weekly"])
        );
        let copies: Vec<&String> = plan["rules"]["daily"]["copy_actions"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        // A vault of one Region in that Region; a vault of every Region in the plan's one Region.
        assert_eq!(
            copies,
            [
                "arn:aws:backup:us-west-2:$account:backup-vault:west",
                "arn:aws:backup:us-east-1:$account:backup-vault:second"
            ]
        );
        // Two tag keys: two assignments.
        set(
            &mut s,
            "sel",
            "tags",
            map(&[("backup", "daily"), ("tier", "gold")]),
        );
        let doc = backup_policy(&s, deployment(&s).unwrap());
        let ids: Vec<&String> = doc["plans"]["daily"]["selections"]["tags"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(ids, ["tagged-1", "tagged-2"]);
        // A vault of every Region from a plan of every Region: no one ARN, nothing written
        // (BK421 reports it).
        without(&mut s, "daily", "region");
        let doc = backup_policy(&s, deployment(&s).unwrap());
        let copies: Vec<&String> = doc["plans"]["daily"]["rules"]["daily"]["copy_actions"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(
            copies,
            ["arn:aws:backup:us-west-2:$account:backup-vault:west"]
        );
    }

    #[test]
    fn read_policy_resolves_vaults_by_name_and_region() {
        // Two vaults named `copies`, one per Region; the copy names the us-west-2 one.
        let east = res(
            Kind::Vault,
            "copies_east",
            vec![("name", "copies".into()), ("region", "us-east-1".into())],
        );
        let west = res(
            Kind::Vault,
            "copies_west",
            vec![("name", "copies".into()), ("region", "us-west-2".into())],
        );
        let mut s = org(vec![east, west]);
        set(&mut s, "daily", "region", "us-west-2".into());
        rule_field(&mut s, "vault", r("copies_west"));
        rule_field(
            &mut s,
            "copy",
            list(vec![
                obj(
                    "Copy",
                    vec![
                        ("to", r("copies_east")),
                        ("lifecycle", lifecycle(None, Some(90))),
                    ],
                ),
                obj(
                    "Copy",
                    vec![(
                        "to",
                        "arn:aws:backup:us-east-1:111122223333:backup-vault:central".into(),
                    )],
                ),
            ]),
        );
        windows_vss(&mut s);
        let doc = backup_policy(&s, deployment(&s).unwrap());
        let back = read_policy(&doc, &member_stack(&s)).unwrap();
        let plan = &back[0];
        assert_eq!(plan.body.str("region"), Some("us-west-2"));
        let rule = plan.body.list("rules")[0].as_object().unwrap();
        // The target by name in the plan's one Region, the copy by its ARN's Region.
        assert_eq!(rule.get("vault"), Some(&r("copies_west")));
        let copies = rule.list("copy");
        assert_eq!(
            copies[0].as_object().unwrap().get("to"),
            Some(&r("copies_east"))
        );
        assert_eq!(
            copies[0]
                .as_object()
                .unwrap()
                .obj("lifecycle")
                .and_then(|l| l.int("delete_after_days")),
            Some(90)
        );
        // Another account's vault stays an ARN.
        assert_eq!(
            copies[1].as_object().unwrap().str("to"),
            Some("arn:aws:backup:us-east-1:111122223333:backup-vault:central")
        );
        assert_eq!(
            plan.body.get("advanced_backup_settings"),
            s.get("daily").unwrap().body.get("advanced_backup_settings")
        );
        // A plan of every Region reads back without a Region, and a rule without copies
        // without `copy`.
        let s = org(vec![]);
        let back = read_policy(
            &backup_policy(&s, deployment(&s).unwrap()),
            &member_stack(&s),
        )
        .unwrap();
        assert!(!back[0].body.has("region"));
        assert!(!back[0].body.list("rules")[0]
            .as_object()
            .unwrap()
            .has("copy"));
        // Settings of a type other than EC2 are not read as EC2's.
        let doc = json!({"plans": {"p": {"rules": {"r": {"target_backup_vault_name": {"@@assign": "primary"}}}, "advanced_backup_settings": {"s3": {"BackupACLs": {"@@assign": "enabled"}}}}}});
        let back = read_policy(&doc, &member_stack(&s)).unwrap();
        assert_eq!(back[0].body.list("advanced_backup_settings").len(), 0);
    }

    #[test]
    fn bk422_bounds_of_names_ids_and_descriptions() {
        let paths = |field: &str, v: Value| {
            let mut s = org(vec![]);
            set(&mut s, "org", field, v);
            found(&s, "BK422")
                .into_iter()
                .map(|(_, p, _)| p)
                .collect::<Vec<_>>()
        };
        for bad in [
            "org_backup".to_string(),
            "1org".to_string(),
            "a".repeat(129),
        ] {
            assert_eq!(paths("name", bad.as_str().into()), ["name"], "{bad}");
        }
        for ok in ["Org-Backup-2".to_string(), "a".repeat(128)] {
            assert!(paths("name", ok.as_str().into()).is_empty(), "{ok}");
        }
        assert!(paths("description", "d".repeat(512).into()).is_empty());
        for bad in [
            "o-abc".to_string(),
            "o-ABCDEFGHIJ".to_string(),
            "x-abcdefghij".to_string(),
            format!("o-{}", "a".repeat(33)),
        ] {
            assert_eq!(
                paths("organization_id", bad.as_str().into()),
                ["organization_id"],
                "{bad}"
            );
        }
        for ok in ["o-abcdef1234".to_string(), format!("o-{}", "a".repeat(32))] {
            assert!(
                paths("organization_id", ok.as_str().into()).is_empty(),
                "{ok}"
            );
        }
        for bad in [
            "r-ab1",
            "r-AB12",
            "ou-ab12-cdef345",
            "ou-ab1-cdef3456",
            "ou-ab12",
            "ou-AB12-cdef3456",
        ] {
            assert_eq!(
                paths("targets", list(vec![bad.into()])),
                ["targets[0]"],
                "{bad}"
            );
        }
        for ok in ["r-ab12", "ou-ab12-cdef3456"] {
            assert!(paths("targets", list(vec![ok.into()])).is_empty(), "{ok}");
        }
    }

    #[test]
    fn bk422_the_limit_is_10000_characters_exactly() {
        let mut s = org(vec![]);
        many_rules(&mut s, 30);
        let size = |s: &Stack| backup_policy(s, deployment(s).unwrap()).to_string().len();
        let with_tags = |s: &mut Stack, tags: &[(String, String)]| {
            set(
                s,
                "daily",
                "tags",
                Value::Map(
                    tags.iter()
                        .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                        .collect(),
                ),
            );
        };
        assert!(size(&s) < MAX_POLICY_CHARS - 500, "{}", size(&s));
        // Tags of up to 200 characters pad the document to exactly the limit; each but the
        // last leaves room for another.
        let mut tags: Vec<(String, String)> = Vec::new();
        // Bounded: 50 tags of 100 characters are more than the room there is.
        for _ in 0..50 {
            if size(&s) >= MAX_POLICY_CHARS {
                break;
            }
            let room = MAX_POLICY_CHARS - size(&s);
            tags.push((format!("pad{:02}", tags.len()), String::new()));
            with_tags(&mut s, &tags);
            let cost = size(&s) + room - MAX_POLICY_CHARS;
            let rest = room.checked_sub(cost).expect("room for an empty tag");
            let fill = if rest <= 200 {
                rest
            } else {
                (rest - cost - 10).min(100)
            };
            tags.last_mut().unwrap().1 = "x".repeat(fill);
            with_tags(&mut s, &tags);
        }
        assert_eq!(size(&s), MAX_POLICY_CHARS);
        assert!(found(&s, "BK422").is_empty());
        tags.last_mut().unwrap().1.push('x');
        with_tags(&mut s, &tags);
        assert_eq!(size(&s), MAX_POLICY_CHARS + 1);
        assert_eq!(found(&s, "BK422"), [("org".into(), "policy".into(), true)]);
    }

    #[test]
    fn bk422_the_size_waits_for_values_known_at_build_time() {
        let big = |s: &mut Stack| many_rules(s, 60);
        let mut s = org(vec![]);
        big(&mut s);
        assert_eq!(found(&s, "BK422").len(), 1);
        // An unknown value anywhere the policy reads: a plan field, inside a list, a map, a
        // struct; a selection's field; the Regions.
        type Edit = fn(&mut Stack);
        let unknowns: [Edit; 7] = [
            |s| set(s, "daily", "name", Value::Unknown),
            |s| {
                set(
                    s,
                    "daily",
                    "tags",
                    Value::Map(vec![("k".into(), Value::Unknown)]),
                )
            },
            |s| {
                rule_field(
                    s,
                    "lifecycle",
                    obj("Lifecycle", vec![("delete_after_days", Value::Unknown)]),
                )
            },
            |s| rule_field(s, "copy", list(vec![Value::Unknown])),
            |s| set(s, "sel", "name", Value::Unknown),
            |s| set(s, "org", "regions", Value::Unknown),
            |s| {
                set(
                    s,
                    "daily",
                    "name",
                    Value::Partial(vec![Some("daily-".into()), None]),
                )
            },
        ];
        for (i, unknown) in unknowns.iter().enumerate() {
            let mut s = org(vec![]);
            big(&mut s);
            unknown(&mut s);
            assert!(
                found(&s, "BK422").iter().all(|(_, p, _)| p != "policy"),
                "case {i}"
            );
        }
    }

    #[test]
    fn bk420_an_unknown_vault_waits() {
        let mut s = org(vec![]);
        rule_field(&mut s, "vault", Value::Unknown);
        assert!(found(&s, "BK420").is_empty());
    }

    #[test]
    fn bk421_vaults_of_one_region() {
        // A member vault of a Region outside the deployment, as a copy destination.
        let eu = res(
            Kind::Vault,
            "eu",
            vec![("name", "eu".into()), ("region", "eu-west-1".into())],
        );
        let mut s = org(vec![eu]);
        rule_field(
            &mut s,
            "copy",
            list(vec![obj("Copy", vec![("to", r("eu"))])]),
        );
        assert_eq!(
            found(&s, "BK421"),
            [("daily".into(), "rules[0].copy[0].to".into(), true)]
        );
        // The central account's vault must be deployed in the ARN's Region.
        let central = |region: &str| {
            res(
                Kind::Vault,
                "central",
                vec![("name", "central".into()), ("region", region.into())],
            )
        };
        for (region, errors) in [("us-west-2", 1), ("us-east-1", 0)] {
            let mut s = org(vec![central(region)]);
            copies_to_central(&mut s);
            assert_eq!(found(&s, "BK421").len(), errors, "{region}");
        }
    }

    #[test]
    fn bk423_says_where_each_side_exists() {
        let messages = |s: &Stack| -> Vec<String> {
            s.check()
                .diagnostics
                .iter()
                .filter(|d| d.code.code == "BK423")
                .map(|d| d.message.clone())
                .collect()
        };
        // A vault of every Region, its key in one.
        let mut s = org(vec![]);
        set(&mut s, "key", "region", "us-west-2".into());
        let m = messages(&s);
        assert!(
            m[0].contains("exists in every Region of the deployment")
                && m[0].contains("exists in `us-west-2` only"),
            "{m:?}"
        );
        // A role (home Region only) naming a key of another Region.
        let mut s = org(vec![res(
            Kind::KmsKey,
            "west_key",
            vec![("description", "k".into()), ("region", "us-west-2".into())],
        )]);
        let statement = obj(
            "Statement",
            vec![
                ("effect", "Allow".into()),
                ("actions", list(vec!["kms:Decrypt".into()])),
                ("resources", list(vec![r("west_key")])),
            ],
        );
        set(
            &mut s,
            "role",
            "policies",
            list(vec![obj(
                "Policy",
                vec![("name", "p".into()), ("statements", list(vec![statement]))],
            )]),
        );
        let m = messages(&s);
        assert!(
            m.iter()
                .any(|m| m.contains("exists in the home Region `us-east-1`")
                    && m.contains("in `us-west-2` only")),
            "{m:?}"
        );
        // A vault of us-west-2 whose policy names a role without a name (no ARN to write).
        let policy = obj(
            "Statement",
            vec![
                ("effect", "Allow".into()),
                ("principals", list(vec![r("anonymous")])),
                ("actions", list(vec!["backup:DescribeBackupVault".into()])),
                ("resources", list(vec!["*".into()])),
            ],
        );
        let mut s = org(vec![res(
            Kind::Vault,
            "west",
            vec![
                ("name", "west".into()),
                ("region", "us-west-2".into()),
                ("access_policy", list(vec![policy])),
            ],
        )]);
        s.resources.push(res(
            Kind::IamRole,
            "anonymous",
            vec![("assumed_by", list(vec!["backup.amazonaws.com".into()]))],
        ));
        let m = messages(&s);
        assert!(
            m.iter()
                .any(|m| m.contains("exists in `us-west-2`,") && m.contains("in `us-east-1` only")),
            "{m:?}"
        );
    }

    #[test]
    fn bk424_says_how_many_copies() {
        let bucket = res(
            Kind::S3Bucket,
            "b",
            vec![
                ("name", "acme-backups".into()),
                ("versioning", "Enabled".into()),
            ],
        );
        let message = |s: &Stack| {
            s.check()
                .diagnostics
                .iter()
                .find(|d| d.code.code == "BK424")
                .unwrap()
                .message
                .clone()
        };
        let s = org(vec![bucket.clone()]);
        assert!(message(&s).contains("every account and Region"));
        let mut s = org(vec![bucket]);
        set(&mut s, "org", "regions", list(vec!["us-east-1".into()]));
        let m = message(&s);
        assert!(
            m.contains("every account of") && !m.contains("and Region"),
            "{m}"
        );
    }
}
