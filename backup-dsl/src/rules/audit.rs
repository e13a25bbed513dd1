//! Layer 3, the rules.
//!
//! Audit Manager: frameworks and their controls, report plans.

use super::names::{
    audit_name_fix, bucket_name_problem, is_account_id, is_audit_name, looks_like_region, parse_arn,
};
use super::Cx;
use crate::codes::*;
use crate::model::Resource;
use crate::schema::{Kind, BACKUP_RESOURCE_TYPES};
use crate::value::{Object, Value};

/// How a control may be scoped.
#[derive(Clone, Copy, PartialEq)]
enum ScopeKind {
    Tags,
    Types,
    Single,
}

/// Parameters and scopes of a control [DOC controls-and-remediation.html]. The last flag marks
/// parameter names the catalogue could not verify against the Backup documentation: an unknown
/// parameter there is a warning, not an error.
fn control_spec(name: &str) -> Option<(&'static [&'static str], &'static [ScopeKind], bool)> {
    use ScopeKind::*;
    const ALL: &[ScopeKind] = &[Tags, Types, Single];
    Some(match name {
        "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN" => (&[], ALL, false),
        "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK" => (
            &[
                "requiredFrequencyUnit",
                "requiredFrequencyValue",
                "requiredRetentionDays",
            ],
            &[Tags, Single],
            false,
        ),
        "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED" => {
            (&["principalArnList"], &[Tags, Single], false)
        }
        "BACKUP_RECOVERY_POINT_ENCRYPTED" => (&[], &[Tags], false),
        "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK" => {
            (&["requiredRetentionDays"], &[Tags], false)
        }
        "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION" => (&["crossRegionList"], ALL, true),
        "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT" => (&["crossAccountList"], ALL, true),
        "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK" => {
            (&["minRetentionDays", "maxRetentionDays"], ALL, true)
        }
        "BACKUP_LAST_RECOVERY_POINT_CREATED" => (
            &["recoveryPointAgeUnit", "recoveryPointAgeValue"],
            ALL,
            false,
        ),
        "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET" => (&["maxRestoreTime"], ALL, false),
        "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT" => (
            &["recoveryPointAgeUnit", "recoveryPointAgeValue"],
            &[Types, Single],
            false,
        ),
        _ => return None,
    })
}

/// Runs the framework and report plan rules.
pub fn check(cx: &mut Cx) {
    let mut total_controls: Vec<(String, usize)> = Vec::new();
    for fw in cx.of_kind(Kind::Framework) {
        audit_name(cx, fw, &BK064, "framework");
        description(cx, fw);
        let controls = fw.body.list("controls");
        if matches!(fw.body.get("controls"), Some(Value::List(c)) if c.is_empty()) {
            cx.report
                .error(
                    &BK066,
                    &fw.id,
                    "controls",
                    format!("framework `{}` needs at least one control", fw.display()),
                )
                .help("add a `Control { name: .. }`");
        }
        let mut seen: Vec<&Object> = Vec::new();
        for (i, c) in controls.iter().enumerate() {
            let Some(c) = c.as_object() else { continue };
            let path = format!("controls[{i}]");
            if seen.contains(&c) {
                cx.report
                    .error(
                        &BK066,
                        &fw.id,
                        &path,
                        "this control is listed twice with the same parameters and scope",
                    )
                    .help("remove the duplicate");
            }
            seen.push(c);
            control(cx, fw, &path, c);
        }
        let region = cx.region_of(fw).unwrap_or("").to_string();
        match total_controls.iter_mut().find(|(r, _)| *r == region) {
            Some((_, n)) => *n += controls.len(),
            None => total_controls.push((region, controls.len())),
        }
    }
    for (region, n) in total_controls {
        if n > 50 {
            let shown = if region.is_empty() {
                "one Region".to_string()
            } else {
                format!("`{region}`")
            };
            cx.report.error(&BK077, "", "", format!("the stack declares {n} framework controls in {shown}; the limit is 50 per account and Region")).help("merge frameworks or drop controls");
        }
    }
    for rp in cx.of_kind(Kind::ReportPlan) {
        report_plan(cx, rp);
    }
    for fw in cx.of_kind(Kind::Framework) {
        scope_types_protected(cx, fw);
    }
}

/// The AWS Backup resource type of a stack resource, if it can be backed up.
fn backup_type(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::S3Bucket => Some("S3"),
        Kind::DynamoTable => Some("DynamoDB"),
        _ => None,
    }
}

/// Whether some selection of the stack protects the resource: by reference, by an ARN naming it,
/// or by a tag the resource carries.
fn protected(cx: &Cx, res: &Resource) -> Option<bool> {
    let mut unknown = false;
    for sel in cx.of_kind(Kind::Selection) {
        for item in sel.body.list("resources") {
            match item {
                Value::Ref(id) if *id == res.id => return Some(true),
                Value::Str(s) if s == "*" => return Some(true),
                Value::Str(s)
                    if res.name().is_some_and(|n| {
                        s.ends_with(&format!(":{n}")) || s.ends_with(&format!("/{n}"))
                    }) =>
                {
                    return Some(true)
                }
                v if v.is_unknown() => unknown = true,
                _ => {}
            }
        }
        if sel.body.get("tags").is_some_and(Value::is_unknown) || sel.body.has("conditions") {
            unknown = true;
        }
        for (k, v) in sel.body.map("tags") {
            if res
                .body
                .map("tags")
                .iter()
                .any(|(rk, rv)| rk == k && rv == v)
            {
                return Some(true);
            }
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

/// BK410. A control scoped to resource types the stack declares but no selection protects
/// reports them non-compliant from day one [seed defect D24].
fn scope_types_protected(cx: &mut Cx, fw: &Resource) {
    for (i, c) in fw
        .body
        .list("controls")
        .iter()
        .filter_map(Value::as_object)
        .enumerate()
    {
        if c.str("name") != Some("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN") {
            continue;
        }
        let types: Vec<&str> = c
            .obj("scope")
            .map(|s| {
                s.list("resource_types")
                    .iter()
                    .filter_map(Value::as_str)
                    .collect()
            })
            .unwrap_or_default();
        for res in &cx.stack.resources {
            let Some(ty) = backup_type(res.kind) else {
                continue;
            };
            if !(types.is_empty() || types.contains(&ty)) {
                continue;
            }
            if protected(cx, res) == Some(false) {
                cx.report
                    .warning(&BK410, &fw.id, &format!("controls[{i}]"), format!("`{}` ({ty}) is in the scope of BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN, but no selection protects it; the control reports it non-compliant", res.display()))
                    .note(&res.id, "", "the unprotected resource")
                    .help(format!("add `{}` to a selection's `resources`", res.id));
            }
        }
    }
}

/// BK064, BK078. Audit names start with a letter and hold only letters, digits and `_`: no
/// hyphens (seed defects D4, D5) [TF validFrameworkName/validReportPlanName; API].
fn audit_name(cx: &mut Cx, res: &Resource, code: &'static crate::diag::Code, what: &str) {
    if let Some(name) = res.body.str("name") {
        if !is_audit_name(name) {
            cx.report
                .error(code, &res.id, "name", format!("{what} name `{name}` must start with a letter and contain only letters, digits and `_` (max 256)"))
                .help(format!("use `{}`", audit_name_fix(name)));
        }
    }
}

/// BK065. Descriptions: at most 1024 characters, with a non-space character [API `.*\S.*`].
fn description(cx: &mut Cx, res: &Resource) {
    if let Some(d) = res.body.str("description") {
        let n = d.chars().count();
        if n > 1024 || d.trim().is_empty() {
            cx.report
                .error(&BK065, &res.id, "description", format!("description must be 1-1024 characters with a non-space character, got {n} characters"))
                .help("shorten the description, or remove an empty one");
        }
    }
}

fn param_text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// BK068-BK076 for one control.
fn control(cx: &mut Cx, fw: &Resource, path: &str, c: &Object) {
    let Some(name) = c.str("name") else { return };
    let Some((allowed, scopes, unverified)) = control_spec(name) else {
        return;
    };
    let params = c.map("parameters");
    let ppath = format!("{path}.parameters");
    for (i, (k, _)) in params.iter().enumerate() {
        if params[..i].iter().any(|(p, _)| p == k) {
            cx.report
                .error(
                    &BK068,
                    &fw.id,
                    &ppath,
                    format!("control `{name}`: parameter `{k}` is given twice"),
                )
                .help("keep one");
        } else if !allowed.contains(&k.as_str()) {
            let list = if allowed.is_empty() {
                "none".to_string()
            } else {
                crate::schema::quote_list(allowed)
            };
            let d = if unverified {
                cx.report.warning(&BK068, &fw.id, &ppath, format!("control `{name}`: unknown parameter `{k}` (known: {list}; these names are unverified, so this is a warning)"))
            } else {
                cx.report.error(
                    &BK068,
                    &fw.id,
                    &ppath,
                    format!("control `{name}`: unknown parameter `{k}` (allowed: {list})"),
                )
            };
            match crate::diag::did_you_mean(k, allowed.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help("remove the parameter"),
            };
        }
    }
    let get = |p: &str| {
        params
            .iter()
            .find(|(k, _)| k == p)
            .and_then(|(_, v)| param_text(v))
    };
    let int = |p: &str| get(p).map(|s| s.trim().parse::<i64>().map_err(|_| s));
    for unit_param in ["requiredFrequencyUnit", "recoveryPointAgeUnit"] {
        if let Some(u) = get(unit_param) {
            if u != "hours" && u != "days" {
                let fix = match u.to_ascii_lowercase().as_str() {
                    "hourly" | "hour" | "h" => "hours",
                    _ => "days",
                };
                cx.report
                    .error(
                        &BK069,
                        &fw.id,
                        &ppath,
                        format!(
                            "control `{name}`: `{unit_param}` must be `hours` or `days`, got `{u}`"
                        ),
                    )
                    .help(format!("write `(\"{unit_param}\", \"{fix}\")`"));
            }
        }
    }
    let unit = get("requiredFrequencyUnit").unwrap_or_else(|| "days".into());
    if let Some(v) = int("requiredFrequencyValue") {
        let hi = if unit == "hours" { 24 } else { 31 };
        match v {
            Ok(v) if (1..=hi).contains(&v) => {}
            Ok(v) => {
                cx.report.error(&BK070, &fw.id, &ppath, format!("control `{name}`: requiredFrequencyValue must be 1-{hi} for `{unit}`, got {v}")).help(format!("use a value from 1 to {hi}"));
            }
            Err(s) => {
                cx.report.error(&BK072, &fw.id, &ppath, format!("control `{name}`: requiredFrequencyValue must be an integer, got `{s}`")).help("write a whole number");
            }
        }
    }
    let age_unit = get("recoveryPointAgeUnit").unwrap_or_else(|| "days".into());
    if let Some(v) = int("recoveryPointAgeValue") {
        let (lo, hi) = match (name, age_unit.as_str()) {
            ("RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT", "hours") => (24, 2184),
            ("RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT", _) => (1, 91),
            (_, "hours") => (1, 744),
            _ => (1, 31),
        };
        match v {
            Ok(v) if (lo..=hi).contains(&v) => {}
            Ok(v) => {
                cx.report.error(&BK071, &fw.id, &ppath, format!("control `{name}`: recoveryPointAgeValue must be {lo}-{hi} for `{age_unit}`, got {v}")).help(format!("use a value from {lo} to {hi}"));
            }
            Err(s) => {
                cx.report
                    .error(
                        &BK072,
                        &fw.id,
                        &ppath,
                        format!(
                            "control `{name}`: recoveryPointAgeValue must be an integer, got `{s}`"
                        ),
                    )
                    .help("write a whole number");
            }
        }
    }
    for p in [
        "requiredRetentionDays",
        "maxRestoreTime",
        "minRetentionDays",
        "maxRetentionDays",
    ] {
        match int(p) {
            Some(Ok(v)) if v >= 1 => {}
            Some(Ok(v)) => {
                cx.report
                    .error(
                        &BK072,
                        &fw.id,
                        &ppath,
                        format!("control `{name}`: `{p}` must be a positive integer, got {v}"),
                    )
                    .help("use 1 or more");
            }
            Some(Err(s)) => {
                cx.report
                    .error(
                        &BK072,
                        &fw.id,
                        &ppath,
                        format!("control `{name}`: `{p}` must be a positive integer, got `{s}`"),
                    )
                    .help("write a whole number");
            }
            None => {}
        }
    }
    if let (Some(Ok(min)), Some(Ok(max))) = (int("minRetentionDays"), int("maxRetentionDays")) {
        if min > max {
            cx.report.error(&BK072, &fw.id, &ppath, format!("control `{name}`: minRetentionDays ({min}) exceeds maxRetentionDays ({max})")).help("swap or fix the bounds");
        }
    }
    list_param(
        cx,
        fw,
        &ppath,
        name,
        get("principalArnList"),
        "principalArnList",
        |e| matches!(parse_arn(e), Some((_, "iam", _, _, r)) if r.starts_with("role/")),
        "an IAM role ARN",
    );
    list_param(
        cx,
        fw,
        &ppath,
        name,
        get("crossAccountList"),
        "crossAccountList",
        is_account_id,
        "a 12-digit account id",
    );
    if let Some(list) = get("crossRegionList") {
        for e in list.split(',').map(str::trim) {
            if !looks_like_region(e) {
                cx.report
                    .error(
                        &BK073,
                        &fw.id,
                        &ppath,
                        format!("control `{name}`: `crossRegionList` has an invalid entry `{e}`"),
                    )
                    .help("list Region codes separated by commas");
            }
        }
    }
    if let Some(scope) = c.obj("scope") {
        control_scope(cx, fw, &format!("{path}.scope"), name, scope, scopes);
    }
}

#[allow(clippy::too_many_arguments)]
fn list_param(
    cx: &mut Cx,
    fw: &Resource,
    path: &str,
    control: &str,
    value: Option<String>,
    param: &str,
    valid: impl Fn(&str) -> bool,
    what: &str,
) {
    let Some(list) = value else { return };
    let entries: Vec<&str> = list.split(',').map(str::trim).collect();
    if entries.len() > 5 {
        cx.report
            .error(
                &BK073,
                &fw.id,
                path,
                format!(
                    "control `{control}`: `{param}` has {} entries; at most 5 are allowed",
                    entries.len()
                ),
            )
            .help("keep five");
    }
    for e in entries {
        if !valid(e) {
            cx.report.error(&BK073, &fw.id, path, format!("control `{control}`: `{param}` has an invalid entry `{e}` (expected {what})")).help(format!("list each entry as {what}, separated by commas"));
        }
    }
}

/// The AWS Config resource types of AWS Backup that the vault and recovery point controls
/// evaluate. AWS's own example scopes `BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED` with
/// `ComplianceResourceTypes: ["AWS::Backup::BackupVault"]` and `ComplianceResourceIds:
/// ["default"]` [DOC "Creating frameworks using the AWS Backup API"].
const CONFIG_BACKUP_TYPES: &[&str] = &[
    "AWS::Backup::BackupVault",
    "AWS::Backup::RecoveryPoint",
    "AWS::Backup::BackupPlan",
    "AWS::Backup::BackupSelection",
];

/// Whether `t` has the shape of an AWS Config / CloudFormation type (`AWS::Service::Type`).
fn looks_like_config_type(t: &str) -> bool {
    let parts: Vec<&str> = t.split("::").collect();
    parts.len() == 3
        && parts[0] == "AWS"
        && parts[1..]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// BK074-BK076. Scope kinds per control; ids need exactly one type; one tag at most.
fn control_scope(
    cx: &mut Cx,
    fw: &Resource,
    path: &str,
    control: &str,
    scope: &Object,
    allowed: &[ScopeKind],
) {
    let types = scope.list("resource_types");
    let ids = scope.list("resource_ids");
    let tags = scope.map("tags");
    for (i, t) in types.iter().enumerate() {
        if let Some(t) = t.as_str() {
            if BACKUP_RESOURCE_TYPES.contains(&t) || CONFIG_BACKUP_TYPES.contains(&t) {
                continue;
            }
            let tpath = format!("{path}.resource_types[{i}]");
            if looks_like_config_type(t) {
                cx.report
                    .warning(&BK076, &fw.id, &tpath, format!("control `{control}`: `{t}` is not a resource type this release knows a control to evaluate"))
                    .help("AWS Backup's vault and recovery point controls take `AWS::Backup::BackupVault` or `AWS::Backup::RecoveryPoint`; allow this warning if the type is right");
                continue;
            }
            let d = cx.report.error(
                &BK076,
                &fw.id,
                &tpath,
                format!("control `{control}`: unknown resource type `{t}`"),
            );
            match crate::diag::did_you_mean(t, BACKUP_RESOURCE_TYPES.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!(
                    "use one of {}, or an AWS Backup resource type such as `AWS::Backup::BackupVault`",
                    crate::schema::quote_list(BACKUP_RESOURCE_TYPES)
                )),
            };
        }
    }
    if !ids.is_empty() && (types.len() != 1 || ids.len() > 100) {
        cx.report.error(&BK075, &fw.id, path, format!("control `{control}`: resource_ids need exactly one resource type and at most 100 ids (got {} types, {} ids)", types.len(), ids.len())).help("scope by one resource type and its ids");
    }
    if tags.len() > 1 {
        cx.report
            .error(
                &BK075,
                &fw.id,
                &format!("{path}.tags"),
                format!(
                    "control `{control}`: a scope takes at most one tag, got {}",
                    tags.len()
                ),
            )
            .help("keep one tag pair");
    }
    if !tags.is_empty() && (!types.is_empty() || !ids.is_empty()) {
        cx.report
            .error(
                &BK075,
                &fw.id,
                path,
                format!("control `{control}`: scope by tag, or by resource type/ids, not both"),
            )
            .help("keep one way of scoping");
    }
    let kind = if !tags.is_empty() {
        Some((ScopeKind::Tags, "tags"))
    } else if !ids.is_empty() {
        Some((ScopeKind::Single, "a single resource"))
    } else if !types.is_empty() {
        Some((ScopeKind::Types, "resource types"))
    } else {
        None
    };
    if let Some((k, label)) = kind {
        if !allowed.contains(&k) {
            let names: Vec<&str> = allowed
                .iter()
                .map(|a| match a {
                    ScopeKind::Tags => "tags",
                    ScopeKind::Types => "resource types",
                    ScopeKind::Single => "a single resource (one type + ids)",
                })
                .collect();
            cx.report
                .error(
                    &BK074,
                    &fw.id,
                    path,
                    format!("control `{control}` cannot be scoped by {label}"),
                )
                .help(format!("scope it by {}", names.join(" or ")));
        }
    }
}

const COMPLIANCE_TEMPLATES: &[&str] = &["RESOURCE_COMPLIANCE_REPORT", "CONTROL_COMPLIANCE_REPORT"];

/// BK078-BK087 and BK413 for one report plan.
fn report_plan(cx: &mut Cx, rp: &Resource) {
    audit_name(cx, rp, &BK078, "report plan");
    description(cx, rp);
    let template = rp.body.str("template");
    let frameworks = rp.body.list("frameworks");

    if let Some(t) = template {
        let compliance = COMPLIANCE_TEMPLATES.contains(&t);
        if !compliance && rp.body.has("frameworks") {
            cx.report
                                .warning(&BK081, &rp.id, "frameworks", format!("report plan `{}`: template `{t}` ignores frameworks; they apply only to RESOURCE_COMPLIANCE_REPORT and CONTROL_COMPLIANCE_REPORT (whether AWS rejects them is unverified, hence a warning)", rp.display()))
                .at_key()
                .help("remove `frameworks`, or use a compliance template in a second report plan");
        }
        if compliance
            && frameworks.is_empty()
            && !rp.body.get("frameworks").is_some_and(Value::is_unknown)
        {
            cx.report
                .warning(
                    &BK082,
                    &rp.id,
                    "template",
                    format!(
                        "report plan `{}`: compliance report covers no frameworks",
                        rp.display()
                    ),
                )
                .help("add `frameworks: [..]`");
        }
    }
    for (i, f) in frameworks.iter().enumerate() {
        if let Value::Str(s) = f {
            if !matches!(parse_arn(s), Some((_, "backup", _, _, r)) if r.starts_with("framework:"))
            {
                cx.report.error(&BK083, &rp.id, &format!("frameworks[{i}]"), format!("`{s}` is not a framework ARN")).help("reference a `backup::Framework` of the stack, or give `arn:aws:backup:<region>:<account>:framework:<name>-<id>`");
            }
        }
    }
    let formats = rp.body.list("formats");
    for (i, f) in formats.iter().enumerate() {
        if formats[..i].contains(f) {
            cx.report
                .error(
                    &BK084,
                    &rp.id,
                    &format!("formats[{i}]"),
                    format!("format {} is listed twice", f.describe()),
                )
                .help("list each format once");
        }
    }
    let stack_region = cx.region_of(rp).map(str::to_string);
    let cross = !rp.body.list("accounts").is_empty()
        || !rp.body.list("organization_units").is_empty()
        || rp.body.list("regions").iter().any(|r| {
            r.as_str()
                .is_some_and(|r| Some(r) != stack_region.as_deref())
        });
    if cross {
        if let Some(i) = formats.iter().position(|f| f.as_str() == Some("JSON")) {
            cx.report
                .error(&BK085, &rp.id, &format!("formats[{i}]"), format!("report plan `{}`: JSON is only available for current-account, current-Region reports", rp.display()))
                .help("use CSV for cross-account or cross-Region reports");
        }
    }
    for (i, a) in rp.body.list("accounts").iter().enumerate() {
        if let Some(a) = a.as_str().filter(|a| *a != "ROOT" && !is_account_id(a)) {
            cx.report
                .error(
                    &BK086,
                    &rp.id,
                    &format!("accounts[{i}]"),
                    format!("invalid account `{a}`: use `ROOT` or a 12-digit id"),
                )
                .help("fix the entry");
        }
    }
    for (i, r) in rp.body.list("regions").iter().enumerate() {
        if let Some(r) = r.as_str().filter(|r| *r != "*" && !looks_like_region(r)) {
            cx.report
                .error(
                    &BK086,
                    &rp.id,
                    &format!("regions[{i}]"),
                    format!("invalid Region `{r}`: use `*` or a Region code"),
                )
                .help("fix the entry");
        }
    }
    for (i, o) in rp.body.list("organization_units").iter().enumerate() {
        if let Some(o) = o
            .as_str()
            .filter(|o| !(o.starts_with("ou-") || o.starts_with("r-")))
        {
            cx.report
                .error(
                    &BK086,
                    &rp.id,
                    &format!("organization_units[{i}]"),
                    format!("invalid organizational unit `{o}`: use `ou-...` or `r-...` ids"),
                )
                .help("fix the entry");
        }
    }
    if let Some(bucket) = rp.body.str("bucket") {
        if let Some(p) = bucket_name_problem(bucket) {
            cx.report
                .error(
                    &BK087,
                    &rp.id,
                    "bucket",
                    format!("bucket `{bucket}`: invalid S3 bucket name ({p})"),
                )
                .help("give the bucket's name, not its ARN");
        }
    }
    if let Some(bucket) = rp.body.get("bucket").and_then(|b| cx.target(b)) {
        reports_bucket_grants_reports_role(cx, rp, bucket);
    }
}

/// Whether `v` names the reports service-linked role: `Some(true)` or `Some(false)` when that is
/// known, `None` when only the run time knows (a parameter, or a `format!` whose literal parts do
/// not name the role: `format!("{role_arn}")` may still be it).
fn names_reports_role(v: &Value) -> Option<bool> {
    const ROLE: &str = "AWSServiceRoleForBackupReports";
    match v {
        Value::Str(s) => Some(s.contains(ROLE)),
        Value::Partial(parts) => {
            if parts.iter().flatten().any(|p| p.contains(ROLE)) {
                Some(true)
            } else {
                None
            }
        }
        Value::Unknown => None,
        _ => Some(false),
    }
}

/// BK413. AWS Backup Audit Manager writes reports as the `AWSServiceRoleForBackupReports`
/// service-linked role; a delivery bucket of the stack whose policy does not let it put objects
/// gets no reports [DOC create-report-plan-console.html, "Amazon S3 bucket policy"]. A warning: a
/// grant may come from outside the stack.
fn reports_bucket_grants_reports_role(cx: &mut Cx, rp: &Resource, bucket: &Resource) {
    if bucket.body.get("policy").is_some_and(Value::is_unknown) {
        return;
    }
    let mut undecided = false;
    let mut granted = false;
    for s in bucket.body.list("policy") {
        let Some(s) = s.as_object() else {
            undecided = true;
            continue;
        };
        let puts = s
            .list("actions")
            .iter()
            .any(|a| matches!(a.as_str(), Some("s3:PutObject" | "s3:*")) || a.is_unknown());
        if s.str("effect") != Some("Allow") || !puts {
            continue;
        }
        let named = s.list("principals").iter().map(names_reports_role).chain(
            s.list("conditions")
                .iter()
                .filter_map(Value::as_object)
                .flat_map(|c| c.list("values").iter().map(names_reports_role)),
        );
        for n in named {
            match n {
                Some(true) => granted = true,
                None => undecided = true,
                Some(false) => {}
            }
        }
    }
    if !granted && !undecided {
        cx.report
            .warning(&BK413, &rp.id, "bucket", format!("report plan `{}`: bucket `{}` has no policy letting the AWSServiceRoleForBackupReports role put reports", rp.display(), bucket.display()))
            .note(&bucket.id, "", "the delivery bucket")
            .help("add a `Statement` allowing `s3:PutObject` to `arn:aws:iam::<account>:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports`");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    fn fw(controls: Vec<Value>) -> crate::Resource {
        res(
            Kind::Framework,
            "fw",
            vec![("name", "fw".into()), ("controls", list(controls))],
        )
    }

    fn control(name: &str, params: &[(&str, &str)]) -> Value {
        obj(
            "Control",
            vec![("name", name.into()), ("parameters", map(params))],
        )
    }

    fn scoped(name: &str, scope: Value) -> Value {
        obj("Control", vec![("name", name.into()), ("scope", scope)])
    }

    #[test]
    fn bk064_bk065_bk066() {
        let c = codes(&stack(vec![fw(vec![])
            .with("name", "backup-compliance-framework-dev")
            .with("description", " ")]));
        assert!(c.contains(&"BK064") && c.contains(&"BK065") && c.contains(&"BK066"));
    }

    #[test]
    fn bk068_to_bk073_parameters() {
        let min_freq = "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK";
        assert!(codes(&stack(vec![fw(vec![control(
            min_freq,
            &[("requiredFrequency", "1")]
        )])]))
        .contains(&"BK068"));
        assert!(codes(&stack(vec![fw(vec![control(
            min_freq,
            &[("requiredFrequencyUnit", "DAILY")]
        )])]))
        .contains(&"BK069"));
        assert!(codes(&stack(vec![fw(vec![control(
            min_freq,
            &[
                ("requiredFrequencyUnit", "hours"),
                ("requiredFrequencyValue", "48")
            ]
        )])]))
        .contains(&"BK070"));
        assert!(codes(&stack(vec![fw(vec![control(
            "BACKUP_LAST_RECOVERY_POINT_CREATED",
            &[("recoveryPointAgeValue", "45")]
        )])]))
        .contains(&"BK071"));
        assert!(codes(&stack(vec![fw(vec![control(
            min_freq,
            &[("requiredRetentionDays", "0")]
        )])]))
        .contains(&"BK072"));
        assert!(codes(&stack(vec![fw(vec![control(
            "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
            &[("crossAccountList", "12345")]
        )])]))
        .contains(&"BK073"));
    }

    #[test]
    fn bk068_unverified_names_warn() {
        let s = stack(vec![fw(vec![control(
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
            &[("minRetention", "7")],
        )])]);
        assert!(s.check().warnings().any(|d| d.code.code == "BK068"));
    }

    #[test]
    fn bk074_to_bk077_scope() {
        let types = obj("Scope", vec![("resource_types", list(vec!["S3".into()]))]);
        assert!(codes(&stack(vec![fw(vec![scoped(
            "BACKUP_RECOVERY_POINT_ENCRYPTED",
            types
        )])]))
        .contains(&"BK074"));
        let ids = obj("Scope", vec![("resource_ids", list(vec!["a".into()]))]);
        assert!(codes(&stack(vec![fw(vec![scoped(
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
            ids
        )])]))
        .contains(&"BK075"));
        let bad = obj(
            "Scope",
            vec![("resource_types", list(vec!["Dynamo".into()]))],
        );
        assert!(codes(&stack(vec![fw(vec![scoped(
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
            bad
        )])]))
        .contains(&"BK076"));
        // AWS's own example ("Creating frameworks using the AWS Backup API").
        let vault_scope = obj(
            "Scope",
            vec![
                (
                    "resource_types",
                    list(vec!["AWS::Backup::BackupVault".into()]),
                ),
                ("resource_ids", list(vec!["default".into()])),
            ],
        );
        let rep = stack(vec![fw(vec![scoped(
            "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
            vault_scope,
        )])])
        .check();
        assert!(rep.diagnostics.is_empty(), "{rep}");
        let unknown_config_type = obj(
            "Scope",
            vec![("resource_types", list(vec!["AWS::Backup::Future".into()]))],
        );
        let rep = stack(vec![fw(vec![scoped(
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
            unknown_config_type,
        )])])
        .check();
        assert!(
            rep.warnings().any(|d| d.code.code == "BK076") && !rep.has_errors(),
            "{rep}"
        );
        let many: Vec<Value> = (0..51)
            .map(|_| control("BACKUP_RECOVERY_POINT_ENCRYPTED", &[]))
            .collect();
        assert!(codes(&stack(vec![fw(many)])).contains(&"BK077"));
    }

    fn rp(fields: Vec<(&str, Value)>) -> crate::Resource {
        let mut f = vec![
            ("name", Value::from("report")),
            ("template", "BACKUP_JOB_REPORT".into()),
            ("bucket", "reports-bucket".into()),
        ];
        f.extend(fields);
        res(Kind::ReportPlan, "rp", f)
    }

    #[test]
    fn bk078_to_bk087_report_plans() {
        assert!(codes(&stack(vec![rp(vec![(
            "name",
            "backup-compliance-report-dev".into()
        )])]))
        .contains(&"BK078"));
        assert!(
            stack(vec![rp(vec![("template", "SCAN_JOB_REPORT".into())])])
                .check()
                .warnings()
                .any(|d| d.code.code == "BK080")
        );
        assert!(codes(&stack(vec![
            fw(vec![control("BACKUP_RECOVERY_POINT_ENCRYPTED", &[])]),
            rp(vec![("frameworks", list(vec![r("fw")]))])
        ]))
        .contains(&"BK081"));
        assert!(stack(vec![rp(vec![(
            "template",
            "CONTROL_COMPLIANCE_REPORT".into()
        )])])
        .check()
        .warnings()
        .any(|d| d.code.code == "BK082"));
        assert!(codes(&stack(vec![rp(vec![
            ("template", "CONTROL_COMPLIANCE_REPORT".into()),
            ("frameworks", list(vec!["fw-arn".into()]))
        ])]))
        .contains(&"BK083"));
        assert!(codes(&stack(vec![rp(vec![(
            "formats",
            list(vec!["CSV".into(), "CSV".into()])
        )])]))
        .contains(&"BK084"));
        assert!(codes(&stack(vec![rp(vec![
            ("formats", list(vec!["JSON".into()])),
            ("regions", list(vec!["*".into()]))
        ])]))
        .contains(&"BK085"));
        assert!(codes(&stack(vec![rp(vec![(
            "accounts",
            list(vec!["123".into()])
        )])]))
        .contains(&"BK086"));
        assert!(
            codes(&stack(vec![rp(vec![("bucket", "arn:aws:s3:::x".into())])])).contains(&"BK087")
        );
    }

    #[test]
    fn bk410_scope_not_protected() {
        let table = res(
            Kind::DynamoTable,
            "catalog",
            vec![
                ("name", "catalog".into()),
                ("hash_key", "id".into()),
                ("attributes", map(&[("id", "S")])),
            ],
        );
        let scope = obj(
            "Scope",
            vec![("resource_types", list(vec!["DynamoDB".into()]))],
        );
        let f = fw(vec![scoped(
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
            scope,
        )]);
        assert!(stack(vec![table.clone(), f.clone()])
            .check()
            .warnings()
            .any(|d| d.code.code == "BK410"));
        let sel = selection("sel", "p", vec![r("catalog")]);
        let s = stack(vec![
            table,
            f,
            vault("v", "vv"),
            plan("p", vec![crate::rules::testing::rule("d", "v", None)]),
            backup_role("role"),
            sel,
        ]);
        assert!(!s.check().has("BK410"));
    }

    fn reports_bucket(principal: Value) -> crate::Resource {
        let statement = obj(
            "Statement",
            vec![
                ("effect", "Allow".into()),
                ("principals", list(vec![principal])),
                ("actions", list(vec!["s3:PutObject".into()])),
                (
                    "resources",
                    list(vec!["arn:aws:s3:::reports-bucket/*".into()]),
                ),
            ],
        );
        res(
            Kind::S3Bucket,
            "reports",
            vec![
                ("name", "reports-bucket".into()),
                ("policy", list(vec![statement])),
            ],
        )
    }

    #[test]
    fn bk413_report_bucket_policy() {
        let warns = |bucket: crate::Resource| {
            stack(vec![bucket, rp(vec![("bucket", r("reports"))])])
                .check()
                .warnings()
                .any(|d| d.code.code == "BK413")
        };
        let bare = res(
            Kind::S3Bucket,
            "reports",
            vec![("name", "reports-bucket".into())],
        );
        assert!(warns(bare));
        assert!(warns(reports_bucket(
            "arn:aws:iam::111122223333:role/other".into()
        )));
        let role = "arn:aws:iam::111122223333:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports";
        assert!(!warns(reports_bucket(role.into())));
        // `format!("arn:aws:iam::{account}:role/.../AWSServiceRoleForBackupReports")` at compile time.
        let partial = Value::Partial(vec![
            Some("arn:aws:iam::".into()),
            None,
            Some(":role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports".into()),
        ]);
        assert!(!warns(reports_bucket(partial)));
        // A principal only the run time knows: silent until then.
        assert!(!warns(reports_bucket(Value::Partial(vec![None]))));
        assert!(!warns(reports_bucket(Value::Unknown)));
    }

    // Boundaries: the largest valid value is clean, the smallest invalid one fires.

    fn one(name: &str, params: &[(&str, &str)]) -> crate::Stack {
        stack(vec![fw(vec![control(name, params)])])
    }

    fn is_error(s: &crate::Stack, code: &str) -> bool {
        s.check().errors().any(|d| d.code.code == code)
    }

    fn is_warning(s: &crate::Stack, code: &str) -> bool {
        s.check().warnings().any(|d| d.code.code == code)
    }

    #[test]
    fn every_control_knows_its_parameters() {
        // (control, a valid parameter set, whether an unknown name only warns)
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], bool);
        let cases: &[Case] = &[
            ("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", &[], false),
            (
                "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                &[
                    ("requiredFrequencyUnit", "hours"),
                    ("requiredFrequencyValue", "24"),
                    ("requiredRetentionDays", "35"),
                ],
                false,
            ),
            (
                "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
                &[("principalArnList", "arn:aws:iam::111122223333:role/admin")],
                false,
            ),
            ("BACKUP_RECOVERY_POINT_ENCRYPTED", &[], false),
            (
                "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                &[("requiredRetentionDays", "35")],
                false,
            ),
            (
                "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
                &[("crossRegionList", "us-west-2")],
                true,
            ),
            (
                "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
                &[("crossAccountList", "111122223333")],
                true,
            ),
            (
                "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
                &[("minRetentionDays", "7"), ("maxRetentionDays", "365")],
                true,
            ),
            (
                "BACKUP_LAST_RECOVERY_POINT_CREATED",
                &[
                    ("recoveryPointAgeUnit", "days"),
                    ("recoveryPointAgeValue", "1"),
                ],
                false,
            ),
            (
                "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
                &[("maxRestoreTime", "60")],
                false,
            ),
            (
                "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT",
                &[
                    ("recoveryPointAgeUnit", "hours"),
                    ("recoveryPointAgeValue", "24"),
                ],
                false,
            ),
        ];
        for (name, valid, unverified) in cases {
            assert_clean(&one(name, valid));
            let mut with_unknown = valid.to_vec();
            with_unknown.push(("noSuchParameter", "1"));
            let s = one(name, &with_unknown);
            if *unverified {
                assert!(is_warning(&s, "BK068") && !is_error(&s, "BK068"), "{name}");
            } else {
                assert!(is_error(&s, "BK068"), "{name}");
            }
        }
        // Parameters given twice.
        let twice = one(
            "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
            &[
                ("requiredRetentionDays", "35"),
                ("requiredRetentionDays", "36"),
            ],
        );
        assert!(is_error(&twice, "BK068"));
    }

    #[test]
    fn bk069_to_bk072_parameter_values() {
        let freq = |unit: &str, value: &str| {
            one(
                "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                &[
                    ("requiredFrequencyUnit", unit),
                    ("requiredFrequencyValue", value),
                ],
            )
        };
        assert_clean(&freq("hours", "24"));
        assert_clean(&freq("days", "31"));
        assert_clean(&freq("hours", "1"));
        assert!(is_error(&freq("hours", "25"), "BK070"));
        assert!(is_error(&freq("days", "32"), "BK070"));
        assert!(is_error(&freq("days", "0"), "BK070"));
        assert!(is_error(&freq("days", "x"), "BK072"));
        let unit_help = |unit: &str| {
            freq(unit, "1")
                .check()
                .errors()
                .find(|d| d.code.code == "BK069")
                .and_then(|d| d.help.clone())
                .unwrap_or_default()
        };
        assert!(unit_help("DAILY").contains("\"days\""));
        assert!(unit_help("hour").contains("\"hours\""));
        assert!(unit_help("weekly").contains("\"days\""));
        // Without a unit, a frequency value is in days.
        let no_unit = one(
            "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
            &[("requiredFrequencyValue", "31")],
        );
        assert_clean(&no_unit);
        let age = |control: &str, unit: &str, value: &str| {
            one(
                control,
                &[
                    ("recoveryPointAgeUnit", unit),
                    ("recoveryPointAgeValue", value),
                ],
            )
        };
        let last = "BACKUP_LAST_RECOVERY_POINT_CREATED";
        let lag = "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT";
        for (control, unit, lo, hi) in [
            (last, "hours", 1, 744),
            (last, "days", 1, 31),
            (lag, "hours", 24, 2184),
            (lag, "days", 1, 91),
        ] {
            assert_clean(&age(control, unit, &lo.to_string()));
            assert_clean(&age(control, unit, &hi.to_string()));
            assert!(
                is_error(&age(control, unit, &(lo - 1).to_string()), "BK071"),
                "{control} {unit}"
            );
            assert!(
                is_error(&age(control, unit, &(hi + 1).to_string()), "BK071"),
                "{control} {unit}"
            );
        }
        assert!(is_error(&age(last, "days", "soon"), "BK072"));
        let retention = |v: &str| {
            one(
                "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                &[("requiredRetentionDays", v)],
            )
        };
        assert_clean(&retention("1"));
        assert!(is_error(&retention("0"), "BK072"));
        assert!(is_error(&retention("a week"), "BK072"));
        assert!(is_error(
            &one(
                "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
                &[("maxRestoreTime", "0")]
            ),
            "BK072"
        ));
        // Integer values are accepted as well as strings.
        let as_int = stack(vec![fw(vec![obj(
            "Control",
            vec![
                (
                    "name",
                    "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK".into(),
                ),
                (
                    "parameters",
                    Value::Map(vec![("requiredRetentionDays".into(), Value::Int(35))]),
                ),
            ],
        )])]);
        assert_clean(&as_int);
        let zero = stack(vec![fw(vec![obj(
            "Control",
            vec![
                (
                    "name",
                    "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK".into(),
                ),
                (
                    "parameters",
                    Value::Map(vec![("requiredRetentionDays".into(), Value::Int(0))]),
                ),
            ],
        )])]);
        assert!(is_error(&zero, "BK072"));
        let lock = |min: &str, max: &str| {
            one(
                "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
                &[("minRetentionDays", min), ("maxRetentionDays", max)],
            )
        };
        assert_clean(&lock("7", "7"));
        assert!(is_error(&lock("8", "7"), "BK072"));
    }

    #[test]
    fn bk073_lists() {
        let roles = |n: usize| {
            (0..n)
                .map(|i| format!("arn:aws:iam::111122223333:role/r{i}"))
                .collect::<Vec<_>>()
                .join(",")
        };
        let deletion = |list: &str| {
            one(
                "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
                &[("principalArnList", list)],
            )
        };
        assert_clean(&deletion(&roles(5)));
        assert!(is_error(&deletion(&roles(6)), "BK073"));
        assert!(is_error(
            &deletion("arn:aws:iam::111122223333:user/u"),
            "BK073"
        ));
        let regions = |list: &str| {
            one(
                "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
                &[("crossRegionList", list)],
            )
        };
        assert_clean(&regions("us-west-2, eu-west-1"));
        assert!(is_error(&regions("us-west-2,westeurope"), "BK073"));
        let accounts = |list: &str| {
            one(
                "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
                &[("crossAccountList", list)],
            )
        };
        assert_clean(&accounts("111122223333,444455556666"));
        assert!(is_error(&accounts("1111"), "BK073"));
    }

    #[test]
    fn bk065_description_edges() {
        let with = |d: String| {
            stack(vec![fw(vec![control(
                "BACKUP_RECOVERY_POINT_ENCRYPTED",
                &[],
            )])
            .with("description", d)])
        };
        assert_clean(&with("d".repeat(1024)));
        assert_clean(&with(" x ".into()));
        assert!(fires(&with("d".repeat(1025)), "BK065"));
        assert!(fires(&with("   ".into()), "BK065"));
    }

    #[test]
    fn bk077_controls_per_region() {
        let controls = |n: usize| {
            (0..n)
                .map(|_| control("BACKUP_RECOVERY_POINT_ENCRYPTED", &[]))
                .collect::<Vec<_>>()
        };
        let frameworks = |a: usize, b: usize, other_region: bool| {
            let first = fw(controls(a));
            let mut second = fw(controls(b));
            second.id = "fw2".into();
            second.body.set("name", "fw2");
            if other_region {
                second.body.set("region", "us-west-2");
            }
            stack(vec![first, second])
        };
        // Duplicates within one framework are BK066; across frameworks they count.
        assert!(!frameworks(25, 25, false).check().has("BK077"));
        assert!(frameworks(25, 26, false).check().has("BK077"));
        assert!(!frameworks(26, 26, true).check().has("BK077"));
    }

    #[test]
    fn bk075_scope_edges() {
        let ids = |n: usize| list((0..n).map(|i| Value::from(format!("vol-{i}"))).collect());
        let scope = |fields: Vec<(&str, Value)>| {
            stack(vec![fw(vec![scoped(
                "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
                obj("Scope", fields),
            )])])
        };
        let ebs = || list(vec!["EBS".into()]);
        assert!(!fires(
            &scope(vec![("resource_types", ebs()), ("resource_ids", ids(100))]),
            "BK075"
        ));
        assert!(fires(
            &scope(vec![("resource_types", ebs()), ("resource_ids", ids(101))]),
            "BK075"
        ));
        let two = list(vec!["EBS".into(), "EFS".into()]);
        assert!(fires(
            &scope(vec![("resource_types", two), ("resource_ids", ids(1))]),
            "BK075"
        ));
        assert!(!fires(&scope(vec![("tags", map(&[("a", "b")]))]), "BK075"));
        assert!(fires(
            &scope(vec![("tags", map(&[("a", "b"), ("c", "d")]))]),
            "BK075"
        ));
        assert!(fires(
            &scope(vec![
                ("tags", map(&[("a", "b")])),
                ("resource_types", ebs())
            ]),
            "BK075"
        ));
        assert!(fires(
            &scope(vec![("tags", map(&[("a", "b")])), ("resource_ids", ids(1))]),
            "BK075"
        ));
    }

    #[test]
    fn bk076_type_shapes() {
        let types = |t: &str| {
            stack(vec![fw(vec![scoped(
                "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
                obj("Scope", vec![("resource_types", list(vec![t.into()]))]),
            )])])
        };
        assert!(is_warning(&types("AWS::Backup::Future"), "BK076"));
        for bad in [
            "AWS::Backup",
            "aws::backup::vault",
            "AWS::Back-up::Vault",
            "AWS::::Vault",
            "AWS::Backup::Vault::X",
        ] {
            assert!(is_error(&types(bad), "BK076"), "{bad}");
        }
        for ok in [
            "EBS",
            "AWS::Backup::RecoveryPoint",
            "AWS::Backup::BackupPlan",
        ] {
            assert!(!fires(&types(ok), "BK076"), "{ok}");
        }
    }

    #[test]
    fn bk410_what_protects_a_resource() {
        let table = res(
            Kind::DynamoTable,
            "catalog",
            vec![
                ("name", "catalog".into()),
                ("hash_key", "id".into()),
                ("attributes", map(&[("id", "S")])),
                ("tags", map(&[("backup", "daily")])),
            ],
        );
        let bucket = res(Kind::S3Bucket, "b", vec![("name", "data-bucket".into())]);
        let f = fw(vec![control(
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
            &[],
        )]);
        let warned = |sel: Option<crate::Resource>, target: &str| {
            let mut v = vec![
                table.clone(),
                bucket.clone(),
                f.clone(),
                vault("v", "vv"),
                plan("p", vec![crate::rules::testing::rule("d", "v", None)]),
                backup_role("role"),
            ];
            v.extend(sel);
            stack(v)
                .check()
                .warnings()
                .any(|d| d.code.code == "BK410" && d.related.iter().any(|(r, _, _)| r == target))
        };
        assert!(warned(None, "catalog") && warned(None, "b"));
        let sel = |fields: Vec<(&str, Value)>| {
            let mut s = selection("sel", "p", vec![]);
            for (k, v) in fields {
                s.body.set(k, v);
            }
            Some(s)
        };
        assert!(!warned(
            sel(vec![("resources", list(vec!["*".into()]))]),
            "catalog"
        ));
        // A selection of the bucket protects the bucket, not the table.
        assert!(!warned(sel(vec![("resources", list(vec![r("b")]))]), "b"));
        assert!(warned(
            sel(vec![("resources", list(vec![r("b")]))]),
            "catalog"
        ));
        assert!(!warned(
            sel(vec![(
                "resources",
                list(vec![
                    "arn:aws:dynamodb:us-east-1:111122223333:table/catalog".into()
                ])
            )]),
            "catalog"
        ));
        assert!(!warned(
            sel(vec![(
                "resources",
                list(vec!["arn:aws:s3:::data-bucket".into()])
            )]),
            "b"
        ));
        assert!(warned(
            sel(vec![(
                "resources",
                list(vec!["arn:aws:s3:::other-bucket".into()])
            )]),
            "b"
        ));
        assert!(!warned(
            sel(vec![("resources", list(vec![Value::Unknown]))]),
            "catalog"
        ));
        assert!(!warned(
            sel(vec![("tags", map(&[("backup", "daily")]))]),
            "catalog"
        ));
        assert!(warned(
            sel(vec![("tags", map(&[("backup", "weekly")]))]),
            "catalog"
        ));
        assert!(!warned(sel(vec![("tags", Value::Unknown)]), "catalog"));
        assert!(!warned(
            sel(vec![(
                "conditions",
                obj("Conditions", vec![("string_equals", map(&[("x", "y")]))])
            )]),
            "catalog"
        ));
        // Scoped to S3: the table is out of scope.
        let s3_only = fw(vec![scoped(
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
            obj("Scope", vec![("resource_types", list(vec!["S3".into()]))]),
        )]);
        let rep = stack(vec![table.clone(), bucket.clone(), s3_only]).check();
        assert!(rep
            .warnings()
            .any(|d| d.code.code == "BK410" && d.related.iter().any(|(r, _, _)| r == "b")));
        assert!(!rep
            .warnings()
            .any(|d| d.code.code == "BK410" && d.related.iter().any(|(r, _, _)| r == "catalog")));
    }

    #[test]
    fn report_plan_edges() {
        assert_clean(&stack(vec![rp(vec![])]));
        let compliance = |fields: Vec<(&str, Value)>| {
            let mut v = vec![("template", Value::from("CONTROL_COMPLIANCE_REPORT"))];
            v.extend(fields);
            stack(vec![rp(v)])
        };
        assert!(is_warning(&compliance(vec![]), "BK082"));
        assert!(!fires(
            &compliance(vec![("frameworks", Value::Unknown)]),
            "BK082"
        ));
        assert!(!fires(
            &compliance(vec![(
                "frameworks",
                list(vec![
                    "arn:aws:backup:us-east-1:111122223333:framework:f-1".into()
                ])
            )]),
            "BK082"
        ));
        assert!(is_warning(
            &stack(vec![rp(vec![("frameworks", list(vec![]))])]),
            "BK081"
        ));
        assert!(!fires(&stack(vec![rp(vec![])]), "BK081"));
        for ok in ["ROOT", "111122223333"] {
            assert!(!fires(
                &stack(vec![rp(vec![("accounts", list(vec![ok.into()]))])]),
                "BK086"
            ));
        }
        assert!(fires(
            &stack(vec![rp(vec![("accounts", list(vec!["1234".into()]))])]),
            "BK086"
        ));
        for ok in ["*", "us-west-2"] {
            assert!(!fires(
                &stack(vec![rp(vec![("regions", list(vec![ok.into()]))])]),
                "BK086"
            ));
        }
        assert!(fires(
            &stack(vec![rp(vec![("regions", list(vec!["westus".into()]))])]),
            "BK086"
        ));
        for ok in ["ou-ab12-cdef3456", "r-ab12"] {
            assert!(!fires(
                &stack(vec![rp(vec![(
                    "organization_units",
                    list(vec![ok.into()])
                )])]),
                "BK086"
            ));
        }
        assert!(fires(
            &stack(vec![rp(vec![(
                "organization_units",
                list(vec!["ab12".into()])
            )])]),
            "BK086"
        ));
        let json = |fields: Vec<(&str, Value)>| {
            let mut v = vec![("formats", list(vec!["JSON".into()]))];
            v.extend(fields);
            stack(vec![rp(v)])
        };
        assert!(!fires(&json(vec![]), "BK085"));
        assert!(!fires(
            &json(vec![("regions", list(vec!["us-east-1".into()]))]),
            "BK085"
        ));
        assert!(fires(
            &json(vec![("regions", list(vec!["us-west-2".into()]))]),
            "BK085"
        ));
        assert!(fires(
            &json(vec![("accounts", list(vec!["ROOT".into()]))]),
            "BK085"
        ));
        assert!(fires(
            &json(vec![(
                "organization_units",
                list(vec!["ou-ab12-cdef3456".into()])
            )]),
            "BK085"
        ));
    }

    #[test]
    fn bk413_only_allow_statements_that_put() {
        let statement = |effect: &str, action: &str| {
            obj(
                "Statement",
                vec![
                    ("effect", effect.into()),
                    ("principals", list(vec!["arn:aws:iam::111122223333:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports".into()])),
                    ("actions", list(vec![action.into()])),
                ],
            )
        };
        let warns = |st: Value| {
            let bucket = res(
                Kind::S3Bucket,
                "reports",
                vec![
                    ("name", "reports-bucket".into()),
                    ("policy", list(vec![st])),
                ],
            );
            stack(vec![bucket, rp(vec![("bucket", r("reports"))])])
                .check()
                .warnings()
                .any(|d| d.code.code == "BK413")
        };
        assert!(!warns(statement("Allow", "s3:PutObject")));
        assert!(!warns(statement("Allow", "s3:*")));
        assert!(warns(statement("Deny", "s3:PutObject")));
        assert!(warns(statement("Allow", "s3:GetObject")));
    }
}
