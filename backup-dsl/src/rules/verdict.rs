//! Layer 3, the rules.
//!
//! BK416: the audit framework's verdict before deploy. For each control of each
//! `backup::Framework` of the stack, what AWS Backup Audit Manager will report for the stack's
//! own resources once deployed, read from the control's definition (each control is an AWS Config
//! managed rule of the same identifier; the definitions quoted below are that guide's). A control
//! that will report NON_COMPLIANT is a warning on the control, naming the resource and the
//! reason; `#![deny(BK416)]` makes "our framework passes" a compile-time guarantee.
//!
//! Only what the definition decides is judged. A value known at run time only, a vault given by
//! ARN, a scope the stack cannot resolve (resource ids of recovery points), or a definition that
//! leaves the case open gives [`Verdict::NotJudged`] with the reason, never a guess.

use super::objectives::{protections, tags_of, CopyFact, Protection, RuleFacts};
use super::plan::Retention;
use super::rpo::{fmt_hours, rule_gap, worst_gap};
use super::Cx;
use crate::codes::BK416;
use crate::model::Resource;
use crate::schema::Kind;
use crate::value::{Object, Value};

/// What Audit Manager will report for one control.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Every resource of the stack it evaluates is compliant (or it evaluates none).
    Compliant,
    /// These resources will be NON_COMPLIANT: (resource id, reason).
    NonCompliant(Vec<(String, String)>),
    /// The checker cannot tell, and why.
    NotJudged(String),
}

/// One control's predicted verdict.
#[derive(Clone, Debug)]
pub struct ControlVerdict<'a> {
    /// The framework.
    pub framework: &'a Resource,
    /// The control's index in `controls`.
    pub index: usize,
    /// The control's name.
    pub name: String,
    /// The verdict.
    pub verdict: Verdict,
}

/// BK416 for every control of every framework of the stack; `stores` is
/// `objectives::protections` of the stack (see `objectives::check`).
pub fn check(cx: &mut Cx, stores: &[(&Resource, Protection)]) {
    for v in verdicts_of(cx, stores) {
        // BK410 reports this control's findings already, with its own help.
        if v.name == "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN" {
            continue;
        }
        let Verdict::NonCompliant(findings) = &v.verdict else {
            continue;
        };
        for (resource, reason) in findings {
            let shown = cx
                .stack
                .get(resource)
                .map_or(resource.as_str(), Resource::display);
            cx.report
                .warning(
                    &BK416,
                    &v.framework.id,
                    &format!("controls[{}]", v.index),
                    format!(
                        "control `{}` will report `{shown}` NON_COMPLIANT: {reason}",
                        v.name
                    ),
                )
                .note(resource, "", "the resource the control evaluates")
                .help(help(&v.name));
        }
    }
}

fn help(control: &str) -> &'static str {
    match control {
        "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK" => "give the plan a rule that runs at least as often and keeps recovery points at least as long as the control requires",
        "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED" => "give the vault an `access_policy` statement with `effect: \"Deny\"`, `principals: [\"*\"]`, `resources: [\"*\"]` and the actions backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy",
        "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK" => "keep the rule's (or copy's) recovery points at least as long as `requiredRetentionDays`",
        "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION" => "add a `Copy` to a vault in another Region (one of `crossRegionList` when given) to a rule that backs the resource up",
        "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT" => "add a `Copy` to a vault of another account (one of `crossAccountList` when given) to a rule that backs the resource up",
        "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK" => "back the resource up into (or copy it to) a vault with a `lock`, or a logically air-gapped vault",
        "BACKUP_LAST_RECOVERY_POINT_CREATED" => "run a rule that backs the resource up at least as often as `recoveryPointAgeValue`",
        "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT" => "copy the resource's recovery points to a `backup::LogicallyAirGappedVault`, at least as often as `recoveryPointAgeValue`",
        _ => "change the stack so that the control's definition holds, or remove the control",
    }
}

/// A control parameter as text.
fn param<'a>(control: &'a Object, name: &str) -> Option<ParamValue<'a>> {
    let (_, v) = control.map("parameters").iter().find(|(k, _)| k == name)?;
    Some(match v {
        Value::Str(s) => ParamValue::Text(s),
        Value::Int(i) => ParamValue::Int(*i),
        _ => ParamValue::Unknown,
    })
}

enum ParamValue<'a> {
    Text(&'a str),
    Int(i64),
    Unknown,
}

impl ParamValue<'_> {
    fn int(&self) -> Option<i64> {
        match self {
            ParamValue::Int(i) => Some(*i),
            ParamValue::Text(s) => s.trim().parse().ok(),
            ParamValue::Unknown => None,
        }
    }

    fn text(&self) -> Option<String> {
        match self {
            ParamValue::Int(i) => Some(i.to_string()),
            ParamValue::Text(s) => Some(s.to_string()),
            ParamValue::Unknown => None,
        }
    }

    fn list(&self) -> Option<Vec<String>> {
        self.text().map(|t| {
            t.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
    }
}

/// An integer parameter with its documented default; `Err` when it is only known at run time.
fn int_param(control: &Object, name: &str, default: i64) -> Result<i64, String> {
    match param(control, name) {
        None => Ok(default),
        Some(v) => v
            .int()
            .ok_or_else(|| format!("`{name}` is not known before the stack is built")),
    }
}

/// A duration parameter pair (`recoveryPointAgeUnit` / `recoveryPointAgeValue`, or the
/// frequency pair) in minutes.
fn duration_param(
    control: &Object,
    unit: &str,
    value: &str,
    default_value: i64,
) -> Result<i64, String> {
    let n = int_param(control, value, default_value)?;
    let unit = match param(control, unit) {
        None => "days".to_string(),
        Some(v) => v
            .text()
            .ok_or_else(|| format!("`{unit}` is not known before the stack is built"))?,
    };
    match unit.as_str() {
        "hours" => Ok(n * 60),
        "days" => Ok(n * 24 * 60),
        // BK069 reports it; the control cannot be evaluated with it.
        other => Err(format!("`{other}` is not a unit the control takes")),
    }
}

/// How a control is scoped.
enum Scope<'a> {
    All,
    Types(Vec<&'a str>),
    Tags(Vec<(&'a str, &'a Value)>),
    Ids(Vec<&'a str>),
}

fn scope(control: &Object) -> Scope<'_> {
    let Some(s) = control.obj("scope") else {
        return Scope::All;
    };
    let ids: Vec<&str> = s
        .list("resource_ids")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if !ids.is_empty() {
        return Scope::Ids(ids);
    }
    let tags: Vec<(&str, &Value)> = s.map("tags").iter().map(|(k, v)| (k.as_str(), v)).collect();
    if !tags.is_empty() {
        return Scope::Tags(tags);
    }
    let types: Vec<&str> = s
        .list("resource_types")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if types.is_empty() {
        Scope::All
    } else {
        Scope::Types(types)
    }
}

/// Whether a resource is in a control's scope; `None` when the checker cannot tell.
fn in_scope(cx: &Cx, scope: &Scope, res: &Resource, backup_type: &str) -> Option<bool> {
    match scope {
        Scope::All => Some(true),
        Scope::Types(types) => Some(types.contains(&backup_type)),
        Scope::Tags(wanted) => {
            let have = tags_of(cx, res);
            let mut unknown = false;
            for (k, v) in wanted {
                match have.iter().find(|(hk, _)| hk == k) {
                    Some((_, hv)) if hv.is_unknown() || v.is_unknown() => unknown = true,
                    Some((_, hv)) if hv == v => {}
                    _ => return Some(false),
                }
            }
            (!unknown).then_some(true)
        }
        Scope::Ids(ids) => res.name().map(|name| ids.contains(&name)),
    }
}

fn store_type(kind: Kind) -> &'static str {
    if kind == Kind::S3Bucket {
        "S3"
    } else {
        "DynamoDB"
    }
}

/// Every control's predicted verdict, frameworks in declaration order.
pub fn verdicts<'a>(cx: &Cx<'a>) -> Vec<ControlVerdict<'a>> {
    if cx.of_kind(Kind::Framework).is_empty() {
        return Vec::new();
    }
    verdicts_of(cx, &protections(cx))
}

/// [`verdicts`] with the stores' protections found already.
fn verdicts_of<'a>(cx: &Cx<'a>, stores: &[(&Resource, Protection)]) -> Vec<ControlVerdict<'a>> {
    let mut out = Vec::new();
    for fw in cx.of_kind(Kind::Framework) {
        for (index, control) in fw
            .body
            .list("controls")
            .iter()
            .filter_map(Value::as_object)
            .enumerate()
        {
            let name = control.str("name").unwrap_or("?").to_string();
            let verdict = evaluate(cx, &name, control, stores);
            out.push(ControlVerdict {
                framework: fw,
                index,
                name,
                verdict,
            });
        }
    }
    out
}

fn evaluate(cx: &Cx, name: &str, control: &Object, stores: &[(&Resource, Protection)]) -> Verdict {
    let scope = scope(control);
    let result = match name {
        "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK" => min_frequency_and_retention(cx, control, &scope),
        "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED" => manual_deletion_disabled(cx, &scope),
        "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK" => minimum_retention(cx, control, &scope),
        "BACKUP_RECOVERY_POINT_ENCRYPTED" => Err("AWS Backup encrypts the recovery points of the stack's S3 buckets and DynamoDB tables with the vault's key; the stack has no setting that decides this control".into()),
        "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET" => Err("restore times are known from restore jobs only".into()),
        _ => per_store(cx, name, control, &scope, stores),
    };
    match result {
        Ok(findings) if findings.is_empty() => Verdict::Compliant,
        Ok(findings) => Verdict::NonCompliant(findings),
        Err(why) => Verdict::NotJudged(why),
    }
}

type Findings = Result<Vec<(String, String)>, String>;

/// BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: "Checks if a backup plan has a backup rule
/// that satisfies the required frequency and retention period" (defaults: 1 day, 35 days) [AWS
/// Config managed rule backup-plan-min-frequency-and-min-retention-check]. A plan none of whose
/// rules satisfies both is NON_COMPLIANT. A rule's frequency is its schedule's longest gap in UTC
/// (its own period; clock changes aside, which the definition does not mention).
fn min_frequency_and_retention(cx: &Cx, control: &Object, scope: &Scope) -> Findings {
    let frequency = duration_param(
        control,
        "requiredFrequencyUnit",
        "requiredFrequencyValue",
        1,
    )?;
    let days = int_param(control, "requiredRetentionDays", 35)?;
    let mut findings = Vec::new();
    for plan in cx.of_kind(Kind::Plan) {
        match scope {
            Scope::All | Scope::Types(_) => {}
            Scope::Tags(_) => match in_scope(cx, scope, plan, "") {
                Some(true) => {}
                Some(false) => continue,
                None => return Err("the scope's tags are known at run time only".into()),
            },
            Scope::Ids(_) => return Err("a plan's id is known once it exists".into()),
        }
        let mut unknown = false;
        let mut ok = false;
        let mut why = Vec::new();
        for rule in plan.body.list("rules").iter().filter_map(Value::as_object) {
            let rule_name = rule.str("name").unwrap_or("?");
            let gap = rule
                .get("schedule")
                .map_or(Some(super::rpo::DEFAULT_SCHEDULE), Value::as_str)
                .and_then(|s| worst_gap(s, "Etc/UTC"));
            let retention = Retention::of(rule.get("lifecycle"));
            let (Some(gap), false) = (gap, retention == Retention::Unknown) else {
                unknown = true;
                continue;
            };
            let keeps = match retention {
                Retention::Days(d) => d >= days,
                _ => true,
            };
            if gap.minutes <= frequency && keeps {
                ok = true;
            } else if gap.minutes > frequency {
                why.push(format!(
                    "rule `{rule_name}` runs every {} h at most, the control asks {} h",
                    fmt_hours(gap.minutes),
                    fmt_hours(frequency)
                ));
            } else if let Retention::Days(d) = retention {
                why.push(format!(
                    "rule `{rule_name}` keeps recovery points {d} days, the control asks {days}"
                ));
            }
        }
        if !ok && !unknown {
            findings.push((
                plan.id.clone(),
                format!("no rule satisfies both ({})", why.join("; ")),
            ));
        }
    }
    Ok(findings)
}

/// BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: "NON_COMPLIANT if the Backup Vault does not
/// have resource-based policies or has policies without a suitable 'Deny' statement (statement
/// with backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle, and
/// backup:PutBackupVaultAccessPolicy permissions)"; "the Resource and Principal of the Deny
/// statement must have a wildcard" [AWS Config managed rule
/// backup-recovery-point-manual-deletion-disabled]. Evaluated for the stack's vaults.
fn manual_deletion_disabled(cx: &Cx, scope: &Scope) -> Findings {
    const ACTIONS: [&str; 3] = [
        "backup:DeleteRecoveryPoint",
        "backup:UpdateRecoveryPointLifecycle",
        "backup:PutBackupVaultAccessPolicy",
    ];
    let mut findings = Vec::new();
    for vault in cx
        .of_kind(Kind::Vault)
        .into_iter()
        .chain(cx.of_kind(Kind::AirGappedVault))
    {
        // Scoped by tags or vault names (BK074 refuses resource types for this control).
        match in_scope(cx, scope, vault, "") {
            Some(true) => {}
            Some(false) => continue,
            None => return Err("the scope is known at run time only".into()),
        }
        let statements: Vec<&Object> = vault
            .body
            .list("access_policy")
            .iter()
            .filter_map(Value::as_object)
            .collect();
        if vault
            .body
            .get("access_policy")
            .is_some_and(|p| !p.is_known())
        {
            return Err(format!(
                "`{}`'s access policy is known at run time only",
                vault.display()
            ));
        }
        let wildcard =
            |s: &Object, field: &str| s.list(field).iter().any(|v| v.as_str() == Some("*"));
        let covers = |s: &Object, action: &str| {
            s.list("actions").iter().filter_map(Value::as_str).any(|a| {
                // `*`, `backup:*` and `backup:Delete*` are prefixes with a wildcard.
                a == action || a.strip_suffix('*').is_some_and(|p| action.starts_with(p))
            })
        };
        let denying: Vec<&&Object> = statements
            .iter()
            .filter(|s| {
                s.str("effect") == Some("Deny")
                    && wildcard(s, "principals")
                    && wildcard(s, "resources")
            })
            .collect();
        let missing: Vec<&str> = ACTIONS
            .iter()
            .copied()
            .filter(|a| !denying.iter().any(|s| covers(s, a)))
            .collect();
        if statements.is_empty() {
            findings.push((vault.id.clone(), "the vault has no access policy".into()));
        } else if !missing.is_empty() {
            findings.push((
                vault.id.clone(),
                format!(
                    "no Deny statement with the wildcard principal and resource covers {}",
                    missing.join(", ")
                ),
            ));
        }
    }
    Ok(findings)
}

/// BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: "Checks if a recovery point expires no
/// earlier than after the specified period. NON_COMPLIANT if the recovery point has a retention
/// point that is less than the required retention period" (default 35 days) [AWS Config managed
/// rule backup-recovery-point-minimum-retention-check]. Every rule and copy action of the stack
/// makes recovery points; a scope by tags (of recovery points) is not judged.
fn minimum_retention(cx: &Cx, control: &Object, scope: &Scope) -> Findings {
    if !matches!(scope, Scope::All | Scope::Types(_)) {
        return Err("the scope selects recovery points by their tags or ids, which the stack does not decide alone".into());
    }
    let days = int_param(control, "requiredRetentionDays", 35)?;
    let mut findings = Vec::new();
    for plan in cx.of_kind(Kind::Plan) {
        for rule in plan.body.list("rules").iter().filter_map(Value::as_object) {
            let rule_name = rule.str("name").unwrap_or("?");
            if let Retention::Days(d) = Retention::of(rule.get("lifecycle")) {
                if d < days {
                    findings.push((plan.id.clone(), format!("rule `{rule_name}` keeps its recovery points {d} days, fewer than {days}")));
                }
            }
            for (i, copy) in rule
                .list("copy")
                .iter()
                .filter_map(Value::as_object)
                .enumerate()
            {
                // A copy without its own lifecycle keeps the rule's, reported above.
                let Some(lifecycle) = copy.get("lifecycle") else {
                    continue;
                };
                if let Retention::Days(d) = Retention::of(Some(lifecycle)) {
                    if d < days {
                        findings.push((plan.id.clone(), format!("rule `{rule_name}`'s copy {i} keeps its recovery points {d} days, fewer than {days}")));
                    }
                }
            }
        }
    }
    Ok(findings)
}

/// The controls that evaluate protected resources (the stack's buckets and tables).
///
/// - BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: "NON_COMPLIANT if [the resource is] not
///   protected by a backup plan".
/// - BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: NON_COMPLIANT "if a resource does not have a
///   recovery point copied to a different Region" (`crossRegionList`: one of those).
/// - BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: the same for another account
///   (`crossAccountList`).
/// - BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: NON_COMPLIANT "if the resource is not
///   protected by a backup vault lock"; its `minRetentionDays`/`maxRetentionDays` bounds are not
///   judged (the definition does not say how they compare with the lock's).
/// - BACKUP_LAST_RECOVERY_POINT_CREATED: NON_COMPLIANT "if a recovery point was not created
///   within the specified time period" (default 1 day): the last recovery point is as old as the
///   longest gap between runs (more while a job runs, which is not counted).
/// - RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT: NON_COMPLIANT if the resource has no recovery
///   point in a logically air-gapped vault within `recoveryPointAge`.
///
/// [AWS Config managed rules of the same identifiers; DOC controls-and-remediation.html]
fn per_store(
    cx: &Cx,
    name: &str,
    control: &Object,
    scope: &Scope,
    stores: &[(&Resource, Protection)],
) -> Findings {
    // The recovery point age of the two controls that take one (default: 1 day).
    let age = || duration_param(control, "recoveryPointAgeUnit", "recoveryPointAgeValue", 1);

    let list = |p: &str| -> Result<Option<Vec<String>>, String> {
        match param(control, p) {
            None => Ok(None),
            Some(v) => v
                .list()
                .map(Some)
                .ok_or_else(|| format!("`{p}` is known at run time only")),
        }
    };
    let regions = list("crossRegionList")?;
    let accounts = list("crossAccountList")?;
    let mut findings = Vec::new();
    for (store, protection) in stores {
        match in_scope(cx, scope, store, store_type(store.kind)) {
            Some(true) => {}
            Some(false) => continue,
            None => {
                return Err(format!(
                    "whether `{}` is in the control's scope is known at run time only",
                    store.display()
                ))
            }
        }
        let rules = match protection {
            Protection::Unknown => continue,
            Protection::Unprotected => {
                findings.push((store.id.clone(), "no plan of the stack protects it".into()));
                continue;
            }
            Protection::By(rules) => rules,
        };
        let store_region = cx.region_of(store);
        let finding: Option<String> = match name {
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN" => None,
            "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION" => {
                let good = |c: &CopyFact| match (&c.region, store_region) {
                    (Some(r), Some(own)) => {
                        Some(r != own && regions.as_ref().is_none_or(|l| l.contains(r)))
                    }
                    _ => None,
                };
                decide(
                    rules,
                    good,
                    "no rule that backs it up copies it to another Region",
                )
                .map_err(|_| {
                    format!(
                        "the Region of a copy destination of `{}` is not known",
                        store.display()
                    )
                })?
            }
            "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT" => {
                let own = cx.stack.account.as_str();
                let good = |c: &CopyFact| match (&c.account, own) {
                    (Some(a), Some(own)) => {
                        Some(a != own && accounts.as_ref().is_none_or(|l| l.contains(a)))
                    }
                    (Some(a), None) => accounts.as_ref().map(|l| l.contains(a)),
                    // A vault of the stack is in the stack's account.
                    (None, _) if c.air_gapped.is_some() => Some(false),
                    (None, _) => None,
                };
                decide(
                    rules,
                    good,
                    "no rule that backs it up copies it to another account",
                )
                .map_err(|_| {
                    format!(
                        "the account of a copy destination of `{}` is not known",
                        store.display()
                    )
                })?
            }
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK" => {
                let target_locked = rules
                    .iter()
                    .map(|r| r.locked)
                    .chain(rules.iter().flat_map(|r| r.copies.iter().map(|c| c.locked)));
                let mut unknown = false;
                let mut locked = rules.iter().any(|r| r.air_gapped_target);
                for l in target_locked {
                    match l {
                        Some(true) => locked = true,
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                match (locked, unknown) {
                    (true, _) => None,
                    (false, true) => return Err(format!("whether a vault `{}` is backed up to is locked is not known (a vault given by ARN)", store.display())),
                    (false, false) => Some("no vault it is backed up or copied to has a lock".into()),
                }
            }
            "BACKUP_LAST_RECOVERY_POINT_CREATED" => {
                let age = age()?;
                let mut best: Option<i64> = None;
                for r in rules {
                    if r.rpo == super::objectives::Rpo::Continuous {
                        best = Some(0);
                        continue;
                    }
                    match longest_gap(r) {
                        Some(gap) => best = Some(best.map_or(gap, |b| b.min(gap))),
                        None => {
                            return Err(format!(
                                "a schedule protecting `{}` is not known before the stack is built",
                                store.display()
                            ))
                        }
                    }
                }
                match best {
                    Some(gap) if gap > age => Some(format!(
                        "its most frequent rule leaves up to {} h between recovery points, more than the {} h the control allows",
                        fmt_hours(gap),
                        fmt_hours(age)
                    )),
                    _ => None,
                }
            }
            "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT" => {
                let age = age()?;
                let mut unknown = false;
                let mut best: Option<i64> = None;
                for r in rules {
                    let lands =
                        r.air_gapped_target || r.copies.iter().any(|c| c.air_gapped == Some(true));
                    if !lands {
                        if r.copies.iter().any(|c| c.air_gapped.is_none()) {
                            unknown = true;
                        }
                        continue;
                    }
                    match longest_gap(r) {
                        Some(gap) => best = Some(best.map_or(gap, |b| b.min(gap))),
                        None => unknown = true,
                    }
                }
                match (best, unknown) {
                    (Some(gap), _) if gap <= age => None,
                    (_, true) => return Err(format!("whether `{}` reaches an air-gapped vault often enough is not known (a vault given by ARN, or a schedule known at run time)", store.display())),
                    (Some(gap), false) => Some(format!(
                        "it reaches a logically air-gapped vault every {} h at most, more than the {} h the control allows",
                        fmt_hours(gap),
                        fmt_hours(age)
                    )),
                    (None, false) => Some("no rule that backs it up writes to a logically air-gapped vault".into()),
                }
            }
            other => return Err(format!("`{other}` is not a control this release evaluates")),
        };
        if let Some(reason) = finding {
            findings.push((store.id.clone(), reason));
        }
    }
    Ok(findings)
}

/// The longest gap between a rule's runs in its time zone, in minutes (`None`: a schedule known
/// at run time only).
fn longest_gap(r: &RuleFacts) -> Option<i64> {
    let rule = r.plan.body.list("rules").get(r.index)?.as_object()?;
    rule_gap(rule).map(|(_, _, gap)| gap.minutes)
}

/// Whether some copy of some rule satisfies `good`: `Ok(None)` yes, `Ok(Some(why))` no, `Err`
/// when a copy's fact is not known and none is good.
fn decide(
    rules: &[RuleFacts],
    good: impl Fn(&CopyFact) -> Option<bool>,
    why: &str,
) -> Result<Option<String>, ()> {
    let mut unknown = false;
    for c in rules.iter().flat_map(|r| &r.copies) {
        match good(c) {
            Some(true) => return Ok(None),
            None => unknown = true,
            Some(false) => {}
        }
    }
    if unknown {
        Err(())
    } else {
        Ok(Some(why.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;
    use crate::Stack;

    fn framework(controls: Vec<Value>) -> Resource {
        res(
            Kind::Framework,
            "fw",
            vec![("name", "audit".into()), ("controls", list(controls))],
        )
    }

    fn control(name: &str, parameters: &[(&str, &str)]) -> Value {
        let mut fields = vec![("name", Value::from(name))];
        if !parameters.is_empty() {
            fields.push(("parameters", map(parameters)));
        }
        obj("Control", fields)
    }

    fn verdict_of(s: &Stack, name: &str) -> Verdict {
        let cx = Cx::new(s);
        verdicts(&cx)
            .into_iter()
            .find(|v| v.name == name)
            .unwrap()
            .verdict
    }

    /// A bucket backed up daily by `rule` into vault `v`, and the framework.
    fn protected(rule_value: Value, extra: Vec<Resource>, controls: Vec<Value>) -> Stack {
        let mut resources = vec![
            key("k"),
            vault("v", "vv").with("kms_key", r("k")),
            backup_role("role"),
            res(
                Kind::S3Bucket,
                "data",
                vec![
                    ("name", "data-bucket".into()),
                    ("versioning", "Enabled".into()),
                ],
            ),
            plan("p", vec![rule_value]),
            selection("sel", "p", vec![r("data")]),
            framework(controls),
        ];
        resources.extend(extra);
        stack(resources)
    }

    fn bk416(s: &Stack) -> Vec<String> {
        s.check()
            .warnings()
            .filter(|d| d.code.code == "BK416")
            .map(|d| d.message.clone())
            .collect()
    }

    #[test]
    fn bk416_plan_frequency_and_retention() {
        let weekly = obj(
            "Rule",
            vec![
                ("name", "weekly".into()),
                ("vault", r("v")),
                ("schedule", "cron(0 2 ? * SUN *)".into()),
                ("lifecycle", lifecycle(None, Some(35))),
            ],
        );
        let s = protected(
            weekly,
            vec![],
            vec![control(
                "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                &[],
            )],
        );
        let found = bk416(&s);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("runs every 168 h at most, the control asks 24 h"),
            "{found:?}"
        );
        // A daily rule kept 35 days satisfies the defaults (1 day, 35 days).
        let daily = protected(
            rule("daily", "v", Some(lifecycle(None, Some(35)))),
            vec![],
            vec![control(
                "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                &[],
            )],
        );
        assert!(bk416(&daily).is_empty());
        // Kept 7 days: too short for the default 35.
        let short = protected(
            rule("daily", "v", Some(lifecycle(None, Some(7)))),
            vec![],
            vec![control(
                "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                &[],
            )],
        );
        assert!(bk416(&short)[0].contains("keeps recovery points 7 days, the control asks 35"));
        // The parameters move the bounds.
        let hours = protected(
            rule("daily", "v", Some(lifecycle(None, Some(7)))),
            vec![],
            vec![control(
                "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                &[
                    ("requiredFrequencyUnit", "hours"),
                    ("requiredFrequencyValue", "24"),
                    ("requiredRetentionDays", "7"),
                ],
            )],
        );
        assert!(bk416(&hours).is_empty());
        let twelve = protected(
            rule("daily", "v", Some(lifecycle(None, Some(7)))),
            vec![],
            vec![control(
                "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                &[
                    ("requiredFrequencyUnit", "hours"),
                    ("requiredFrequencyValue", "12"),
                    ("requiredRetentionDays", "7"),
                ],
            )],
        );
        assert_eq!(bk416(&twelve).len(), 1);
    }

    #[test]
    fn bk416_manual_deletion_needs_a_wildcard_deny_of_three_actions() {
        let c = || {
            vec![control(
                "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
                &[],
            )]
        };
        let bare = protected(rule("daily", "v", None), vec![], c());
        assert!(bk416(&bare)[0].contains("the vault has no access policy"));
        let statement = |actions: &[&str], principal: &str| {
            obj(
                "Statement",
                vec![
                    ("effect", "Deny".into()),
                    ("principals", list(vec![principal.into()])),
                    (
                        "actions",
                        list(actions.iter().map(|a| Value::from(*a)).collect()),
                    ),
                    ("resources", list(vec!["*".into()])),
                ],
            )
        };
        let with_policy = |stmt: Value| {
            let mut s = protected(rule("daily", "v", None), vec![], c());
            let v = s.resources.iter_mut().find(|r| r.id == "v").unwrap();
            v.body.set("access_policy", list(vec![stmt]));
            s
        };
        let partial = with_policy(statement(&["backup:DeleteRecoveryPoint"], "*"));
        let found = bk416(&partial);
        assert!(
            found[0].contains(
                "covers backup:UpdateRecoveryPointLifecycle, backup:PutBackupVaultAccessPolicy"
            ),
            "{found:?}"
        );
        let all = with_policy(statement(
            &[
                "backup:DeleteRecoveryPoint",
                "backup:UpdateRecoveryPointLifecycle",
                "backup:PutBackupVaultAccessPolicy",
            ],
            "*",
        ));
        assert!(bk416(&all).is_empty());
        // The definition requires the wildcard principal.
        let one_principal = with_policy(statement(
            &[
                "backup:DeleteRecoveryPoint",
                "backup:UpdateRecoveryPointLifecycle",
                "backup:PutBackupVaultAccessPolicy",
            ],
            "arn:aws:iam::111122223333:root",
        ));
        assert_eq!(bk416(&one_principal).len(), 1);
        // `backup:*` covers them.
        assert!(bk416(&with_policy(statement(&["backup:*"], "*"))).is_empty());
    }

    #[test]
    fn bk416_minimum_retention_of_rules_and_copies() {
        let c = || {
            vec![control(
                "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                &[("requiredRetentionDays", "30")],
            )]
        };
        let short = protected(
            rule("daily", "v", Some(lifecycle(None, Some(14)))),
            vec![],
            c(),
        );
        assert!(bk416(&short)[0].contains("keeps its recovery points 14 days, fewer than 30"));
        let forever = protected(rule("daily", "v", None), vec![], c());
        assert!(bk416(&forever).is_empty());
        let mut copy_rule = rule("daily", "v", Some(lifecycle(None, Some(35))));
        if let Value::Object(o) = &mut copy_rule {
            o.set(
                "copy",
                list(vec![obj(
                    "Copy",
                    vec![
                        (
                            "to",
                            "arn:aws:backup:us-west-2:111122223333:backup-vault:dr".into(),
                        ),
                        ("lifecycle", lifecycle(None, Some(10))),
                    ],
                )]),
            );
        }
        assert!(bk416(&protected(copy_rule, vec![], c()))[0]
            .contains("copy 0 keeps its recovery points 10 days"));
        // A scope by tags selects recovery points the stack does not tag alone: not judged.
        let scoped = protected(
            rule("daily", "v", Some(lifecycle(None, Some(14)))),
            vec![],
            vec![obj(
                "Control",
                vec![
                    (
                        "name",
                        "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK".into(),
                    ),
                    (
                        "scope",
                        obj("Scope", vec![("tags", map(&[("backup", "true")]))]),
                    ),
                ],
            )],
        );
        assert!(matches!(
            verdict_of(&scoped, "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK"),
            Verdict::NotJudged(_)
        ));
    }

    #[test]
    fn bk416_cross_region_cross_account_lock_and_air_gap() {
        let with_copy = |to: &str| {
            let mut rv = rule("daily", "v", Some(lifecycle(None, Some(35))));
            if let Value::Object(o) = &mut rv {
                o.set("copy", list(vec![obj("Copy", vec![("to", to.into())])]));
            }
            rv
        };
        let controls = || {
            vec![
                control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION", &[]),
                control(
                    "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
                    &[("crossAccountList", "444455556666")],
                ),
                control("BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK", &[]),
                control("RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT", &[]),
            ]
        };
        // No copy at all: every one of the four reports the bucket.
        let none = protected(
            rule("daily", "v", Some(lifecycle(None, Some(35)))),
            vec![],
            controls(),
        );
        let found = bk416(&none);
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found
            .iter()
            .any(|m| m.contains("copies it to another Region")));
        assert!(found
            .iter()
            .any(|m| m.contains("copies it to another account")));
        assert!(found.iter().any(|m| m.contains("has a lock")));
        assert!(found
            .iter()
            .any(|m| m.contains("logically air-gapped vault")));
        // A copy to another account's vault in another Region satisfies the first two.
        let copied = protected(
            with_copy("arn:aws:backup:us-west-2:444455556666:backup-vault:dr"),
            vec![],
            controls(),
        );
        let cx = Cx::new(&copied);
        let v = verdicts(&cx);
        assert_eq!(v[0].verdict, Verdict::Compliant);
        assert_eq!(v[1].verdict, Verdict::Compliant);
        // Whether that vault is locked is not known: not judged, not guessed.
        assert!(matches!(v[2].verdict, Verdict::NotJudged(_)));
        // An air-gapped copy of the stack, daily: compliant for the lock and the air gap.
        let ag = air_gapped("ag", "ag", 7, 365);
        let mut rv = rule("daily", "v", Some(lifecycle(None, Some(35))));
        if let Value::Object(o) = &mut rv {
            o.set("copy", list(vec![obj("Copy", vec![("to", r("ag"))])]));
        }
        let air = protected(rv, vec![ag], controls());
        let cx = Cx::new(&air);
        let v = verdicts(&cx);
        assert_eq!(v[2].verdict, Verdict::Compliant);
        assert_eq!(v[3].verdict, Verdict::Compliant);
    }

    #[test]
    fn bk416_last_recovery_point_age_against_the_schedule() {
        let weekly = obj(
            "Rule",
            vec![
                ("name", "weekly".into()),
                ("vault", r("v")),
                ("schedule", "cron(0 2 ? * SUN *)".into()),
            ],
        );
        let s = protected(
            weekly,
            vec![],
            vec![control(
                "BACKUP_LAST_RECOVERY_POINT_CREATED",
                &[
                    ("recoveryPointAgeUnit", "days"),
                    ("recoveryPointAgeValue", "1"),
                ],
            )],
        );
        assert!(bk416(&s)[0].contains("up to 168 h between recovery points, more than the 24 h"));
        let daily = protected(
            rule("daily", "v", None),
            vec![],
            vec![control("BACKUP_LAST_RECOVERY_POINT_CREATED", &[])],
        );
        assert!(bk416(&daily).is_empty());
        // Outside the scope's types, the bucket is not evaluated.
        let scoped = protected(
            obj(
                "Rule",
                vec![
                    ("name", "weekly".into()),
                    ("vault", r("v")),
                    ("schedule", "cron(0 2 ? * SUN *)".into()),
                ],
            ),
            vec![],
            vec![obj(
                "Control",
                vec![
                    ("name", "BACKUP_LAST_RECOVERY_POINT_CREATED".into()),
                    (
                        "scope",
                        obj("Scope", vec![("resource_types", list(vec!["EBS".into()]))]),
                    ),
                ],
            )],
        );
        assert!(bk416(&scoped).is_empty());
    }

    #[test]
    fn bk416_says_what_it_does_not_judge() {
        let s = protected(
            rule("daily", "v", None),
            vec![],
            vec![
                control("BACKUP_RECOVERY_POINT_ENCRYPTED", &[]),
                control(
                    "RESTORE_TIME_FOR_RESOURCES_MEET_TARGET",
                    &[("maxRestoreTime", "720")],
                ),
            ],
        );
        let reason = |name: &str| match verdict_of(&s, name) {
            Verdict::NotJudged(why) => why,
            other => panic!("{name}: {other:?}"),
        };
        assert!(reason("BACKUP_RECOVERY_POINT_ENCRYPTED").contains("encrypts the recovery points"));
        assert!(reason("RESTORE_TIME_FOR_RESOURCES_MEET_TARGET").contains("restore jobs"));
        assert!(bk416(&s).is_empty());
    }

    #[test]
    fn bk416_help_is_the_controls_own() {
        let weekly = obj(
            "Rule",
            vec![
                ("name", "weekly".into()),
                ("vault", r("v")),
                ("schedule", "cron(0 2 ? * SUN *)".into()),
                ("lifecycle", lifecycle(None, Some(7))),
            ],
        );
        let controls = [
            (
                "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
                "runs at least as often",
            ),
            (
                "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
                "backup:PutBackupVaultAccessPolicy",
            ),
            (
                "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                "`requiredRetentionDays`",
            ),
            (
                "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
                "another Region",
            ),
            (
                "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
                "another account",
            ),
            (
                "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK",
                "a vault with a `lock`",
            ),
            (
                "BACKUP_LAST_RECOVERY_POINT_CREATED",
                "run a rule that backs the resource up",
            ),
            (
                "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT",
                "`backup::LogicallyAirGappedVault`",
            ),
        ];
        for (name, phrase) in controls {
            let s = protected(weekly.clone(), vec![], vec![control(name, &[])]);
            let rep = s.check();
            let d = rep
                .warnings()
                .find(|d| d.code.code == "BK416")
                .unwrap_or_else(|| panic!("{name}: no finding"));
            assert!(
                d.help.as_deref().unwrap_or_default().contains(phrase),
                "{name}: {:?}",
                d.help
            );
        }
    }

    #[test]
    fn bk416_parameters_as_integers_and_bounds() {
        let int_param = |name: &str, key: &str, value: i64| {
            obj(
                "Control",
                vec![
                    ("name", Value::from(name)),
                    (
                        "parameters",
                        Value::Map(vec![(key.to_string(), Value::Int(value))]),
                    ),
                ],
            )
        };
        // An integer parameter reads as its number: 14 days meet 14, not 15.
        let at = protected(
            rule("daily", "v", Some(lifecycle(None, Some(14)))),
            vec![],
            vec![int_param(
                "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                "requiredRetentionDays",
                14,
            )],
        );
        assert!(bk416(&at).is_empty());
        let above = protected(
            rule("daily", "v", Some(lifecycle(None, Some(14)))),
            vec![],
            vec![int_param(
                "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                "requiredRetentionDays",
                15,
            )],
        );
        assert_eq!(bk416(&above).len(), 1);
        // A copy's own lifecycle, at and below the bound; a copy without one is the rule's.
        let with_copy = |copy_days: Option<i64>| {
            let mut rv = rule("daily", "v", Some(lifecycle(None, Some(35))));
            let mut fields = vec![(
                "to",
                Value::from("arn:aws:backup:us-west-2:111122223333:backup-vault:dr"),
            )];
            if let Some(d) = copy_days {
                fields.push(("lifecycle", lifecycle(None, Some(d))));
            }
            if let Value::Object(o) = &mut rv {
                o.set("copy", list(vec![obj("Copy", fields)]));
            }
            protected(
                rv,
                vec![],
                vec![control(
                    "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
                    &[("requiredRetentionDays", "30")],
                )],
            )
        };
        assert!(bk416(&with_copy(Some(30))).is_empty());
        assert_eq!(bk416(&with_copy(Some(29))).len(), 1);
        assert!(bk416(&with_copy(None)).is_empty());
        // The age parameters: every other day meets 2 days, not 1.
        let every_other_day = || {
            obj(
                "Rule",
                vec![
                    ("name", "alternate".into()),
                    ("vault", r("v")),
                    ("schedule", "cron(0 2 */2 * ? *)".into()),
                ],
            )
        };
        let age = |days: &str| {
            vec![control(
                "BACKUP_LAST_RECOVERY_POINT_CREATED",
                &[
                    ("recoveryPointAgeUnit", "days"),
                    ("recoveryPointAgeValue", days),
                ],
            )]
        };
        assert!(bk416(&protected(every_other_day(), vec![], age("2"))).is_empty());
        assert_eq!(
            bk416(&protected(every_other_day(), vec![], age("1"))).len(),
            1
        );
        let ag = || air_gapped("ag", "ag", 7, 365);
        let to_ag = |schedule: &str| {
            obj(
                "Rule",
                vec![
                    ("name", "alternate".into()),
                    ("vault", r("v")),
                    ("schedule", schedule.into()),
                    ("copy", list(vec![obj("Copy", vec![("to", r("ag"))])])),
                ],
            )
        };
        let ag_age = |days: &str| {
            vec![control(
                "RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT",
                &[
                    ("recoveryPointAgeUnit", "days"),
                    ("recoveryPointAgeValue", days),
                ],
            )]
        };
        assert!(bk416(&protected(
            to_ag("cron(0 2 */2 * ? *)"),
            vec![ag()],
            ag_age("2")
        ))
        .is_empty());
        let late = bk416(&protected(
            to_ag("cron(0 2 ? * SUN *)"),
            vec![ag()],
            ag_age("1"),
        ));
        assert!(
            late[0].contains("every 168 h at most, more than the 24 h"),
            "{late:?}"
        );
        // A unit the control does not take is not judged.
        let bad_unit = protected(
            rule("daily", "v", None),
            vec![],
            vec![control(
                "BACKUP_LAST_RECOVERY_POINT_CREATED",
                &[("recoveryPointAgeUnit", "weeks")],
            )],
        );
        assert!(matches!(
            verdict_of(&bad_unit, "BACKUP_LAST_RECOVERY_POINT_CREATED"),
            Verdict::NotJudged(_)
        ));
    }

    #[test]
    fn bk416_scopes_by_type_tag_and_id() {
        let weekly = || {
            obj(
                "Rule",
                vec![
                    ("name", "weekly".into()),
                    ("vault", r("v")),
                    ("schedule", "cron(0 2 ? * SUN *)".into()),
                ],
            )
        };
        let scoped = |scope: Value| {
            vec![obj(
                "Control",
                vec![
                    ("name", "BACKUP_LAST_RECOVERY_POINT_CREATED".into()),
                    ("scope", scope),
                ],
            )]
        };
        let types = |t: &str| obj("Scope", vec![("resource_types", list(vec![t.into()]))]);
        // The bucket is S3: in a scope of S3, not of DynamoDB.
        assert_eq!(
            bk416(&protected(weekly(), vec![], scoped(types("S3")))).len(),
            1
        );
        assert!(bk416(&protected(weekly(), vec![], scoped(types("DynamoDB")))).is_empty());
        // By its name.
        let ids = |id: &str| {
            obj(
                "Scope",
                vec![
                    ("resource_types", list(vec!["S3".into()])),
                    ("resource_ids", list(vec![id.into()])),
                ],
            )
        };
        assert_eq!(
            bk416(&protected(weekly(), vec![], scoped(ids("data-bucket")))).len(),
            1
        );
        assert!(bk416(&protected(weekly(), vec![], scoped(ids("other-bucket")))).is_empty());
        // By a tag it carries (its own, or the stack's), or not.
        let tags = |k: &str, v: &str| obj("Scope", vec![("tags", map(&[(k, v)]))]);
        let tagged = |scope: Value| {
            let mut s = protected(weekly(), vec![], scoped(scope));
            let b = s.resources.iter_mut().find(|r| r.id == "data").unwrap();
            b.body.set("tags", map(&[("backup", "weekly")]));
            s
        };
        assert_eq!(bk416(&tagged(tags("backup", "weekly"))).len(), 1);
        assert!(bk416(&tagged(tags("backup", "daily"))).is_empty());
        assert!(bk416(&tagged(tags("tier", "weekly"))).is_empty());
        // A tag value known at run time only: not judged.
        let mut unknown = tagged(tags("backup", "weekly"));
        let b = unknown
            .resources
            .iter_mut()
            .find(|r| r.id == "data")
            .unwrap();
        b.body
            .set("tags", Value::Map(vec![("backup".into(), Value::Unknown)]));
        assert!(matches!(
            verdict_of(&unknown, "BACKUP_LAST_RECOVERY_POINT_CREATED"),
            Verdict::NotJudged(_)
        ));
    }

    #[test]
    fn bk416_manual_deletion_wildcards_and_unknown_policies() {
        let c = || {
            vec![control(
                "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
                &[],
            )]
        };
        let with = |policy: Value| {
            let mut s = protected(rule("daily", "v", None), vec![], c());
            let v = s.resources.iter_mut().find(|r| r.id == "v").unwrap();
            v.body.set("access_policy", policy);
            s
        };
        let deny = |actions: &[&str]| {
            obj(
                "Statement",
                vec![
                    ("effect", "Deny".into()),
                    ("principals", list(vec!["*".into()])),
                    (
                        "actions",
                        list(actions.iter().map(|a| Value::from(*a)).collect()),
                    ),
                    ("resources", list(vec!["*".into()])),
                ],
            )
        };
        // A prefix wildcard covers the actions it prefixes only.
        let found = bk416(&with(list(vec![deny(&["backup:Delete*", "backup:Put*"])])));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].contains("covers backup:UpdateRecoveryPointLifecycle"),
            "{found:?}"
        );
        assert!(
            !found[0].contains("backup:DeleteRecoveryPoint"),
            "{found:?}"
        );
        assert!(bk416(&with(list(vec![deny(&["*"])]))).is_empty());
        // An Allow statement protects nothing.
        let allow = obj(
            "Statement",
            vec![
                ("effect", "Allow".into()),
                ("principals", list(vec!["*".into()])),
                ("actions", list(vec!["backup:*".into()])),
                ("resources", list(vec!["*".into()])),
            ],
        );
        assert_eq!(bk416(&with(list(vec![allow]))).len(), 1);
        // A policy known at run time only, or a statement of one: not judged.
        assert!(matches!(
            verdict_of(
                &with(Value::Unknown),
                "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED"
            ),
            Verdict::NotJudged(_)
        ));
        let partly = obj(
            "Statement",
            vec![
                ("effect", "Deny".into()),
                ("principals", list(vec!["*".into()])),
                ("actions", Value::Unknown),
                ("resources", list(vec!["*".into()])),
            ],
        );
        assert!(matches!(
            verdict_of(
                &with(list(vec![partly])),
                "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED"
            ),
            Verdict::NotJudged(_)
        ));
        // One action of the list known at run time only (a constant of the crate): it may be
        // the missing one, so not judged either.
        let one_unknown = deny(&[
            "backup:DeleteRecoveryPoint",
            "backup:PutBackupVaultAccessPolicy",
        ]);
        let Value::Object(mut one_unknown) = one_unknown else {
            unreachable!()
        };
        if let Some((_, Value::List(actions))) =
            one_unknown.fields.iter_mut().find(|(n, _)| n == "actions")
        {
            actions.push(Value::Unknown);
        }
        assert!(matches!(
            verdict_of(
                &with(list(vec![Value::Object(one_unknown)])),
                "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED"
            ),
            Verdict::NotJudged(_)
        ));
    }

    #[test]
    fn bk416_copies_to_listed_regions_and_accounts() {
        let copy_to = |to: Value| {
            let mut rv = rule("daily", "v", Some(lifecycle(None, Some(35))));
            if let Value::Object(o) = &mut rv {
                o.set("copy", list(vec![obj("Copy", vec![("to", to)])]));
            }
            rv
        };
        let region_list = |l: &str| {
            vec![control(
                "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
                &[("crossRegionList", l)],
            )]
        };
        let west = || copy_to("arn:aws:backup:us-west-2:111122223333:backup-vault:dr".into());
        assert!(bk416(&protected(
            west(),
            vec![],
            region_list("us-west-2,eu-west-1")
        ))
        .is_empty());
        assert_eq!(
            bk416(&protected(west(), vec![], region_list("eu-west-1"))).len(),
            1
        );
        // A copy in the bucket's own Region is no cross-Region copy.
        let same = copy_to("arn:aws:backup:us-east-1:111122223333:backup-vault:dr".into());
        assert_eq!(
            bk416(&protected(
                same,
                vec![],
                vec![control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION", &[])]
            ))
            .len(),
            1
        );
        // Accounts: against the stack's declared account, and the list.
        let account = |s: &mut Stack| s.account = Value::Str("111122223333".into());
        let cross = |to: &str, params: &[(&str, &str)]| {
            let mut s = protected(
                copy_to(to.into()),
                vec![],
                vec![control(
                    "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT",
                    params,
                )],
            );
            account(&mut s);
            s
        };
        assert!(bk416(&cross(
            "arn:aws:backup:us-west-2:444455556666:backup-vault:dr",
            &[]
        ))
        .is_empty());
        assert_eq!(
            bk416(&cross(
                "arn:aws:backup:us-west-2:111122223333:backup-vault:dr",
                &[]
            ))
            .len(),
            1
        );
        assert_eq!(
            bk416(&cross(
                "arn:aws:backup:us-west-2:444455556666:backup-vault:dr",
                &[("crossAccountList", "777788889999")]
            ))
            .len(),
            1
        );
        // A copy to a vault of the stack stays in the stack's account.
        let other = vault("other", "other-vault");
        let mut s = protected(
            copy_to(r("other")),
            vec![other],
            vec![control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT", &[])],
        );
        account(&mut s);
        assert_eq!(bk416(&s).len(), 1);
    }

    #[test]
    fn bk416_a_copy_destination_known_at_run_time_only_is_not_judged() {
        let mut rv = rule("daily", "v", Some(lifecycle(None, Some(35))));
        if let Value::Object(o) = &mut rv {
            o.set(
                "copy",
                list(vec![obj("Copy", vec![("to", Value::Unknown)])]),
            );
        }
        let mut s = protected(
            rv,
            vec![],
            vec![control("BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT", &[])],
        );
        s.account = Value::Str("111122223333".into());
        assert!(matches!(
            verdict_of(&s, "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT"),
            Verdict::NotJudged(_)
        ));
    }
}
