//! Layer 3, the rules.
//!
//! Backup plans: rules, schedules, windows, lifecycles, copy actions, and every rule's retention
//! against the lock of the vault it writes to.

use super::names::{is_dotted_name, is_vault_name, parse_arn, tag_problem};
use super::schedule::{cron_problems, min_interval_days, timezone_problem};
use super::Cx;
use crate::codes::*;
use crate::model::Resource;
use crate::schema::Kind;
use crate::value::{Object, Value};

/// How long recovery points are kept.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Retention {
    /// Deleted after this many days.
    Days(i64),
    /// Never deleted (no `delete_after_days`).
    Forever,
    /// Not known before the stack is built.
    Unknown,
}

impl Retention {
    /// The retention a lifecycle field gives; `None` lifecycle means forever.
    pub fn of(lifecycle: Option<&Value>) -> Retention {
        match lifecycle {
            None => Retention::Forever,
            Some(Value::Object(o)) => match o.get("delete_after_days") {
                None => Retention::Forever,
                Some(Value::Int(d)) => Retention::Days(*d),
                Some(_) => Retention::Unknown,
            },
            Some(_) => Retention::Unknown,
        }
    }

    fn describe(self) -> String {
        match self {
            Retention::Days(d) => format!("{d} days"),
            Retention::Forever => "forever (no delete_after_days)".into(),
            Retention::Unknown => "unknown".into(),
        }
    }
}

/// A vault's retention bounds: the lock of a vault, or the range of an air-gapped vault.
#[derive(Debug)]
struct Bounds<'a> {
    vault: &'a Resource,
    min: Option<i64>,
    max: Option<i64>,
    air_gapped: bool,
}

fn bounds(vault: &Resource) -> Option<Bounds<'_>> {
    match vault.kind {
        Kind::Vault => vault.body.obj("lock").map(|l| Bounds {
            vault,
            min: l.int("min_retention_days"),
            max: l.int("max_retention_days"),
            air_gapped: false,
        }),
        Kind::AirGappedVault => Some(Bounds {
            vault,
            min: vault.body.int("min_retention_days"),
            max: vault.body.int("max_retention_days"),
            air_gapped: true,
        }),
        _ => None,
    }
}

/// Runs the plan rules.
pub fn check(cx: &mut Cx) {
    for plan in cx.of_kind(Kind::Plan) {
        check_plan(cx, plan);
    }
    after_plans(cx);
}

/// The rules of one plan, in the order [`check`] runs them (the checker runs them during its
/// walk of every resource, `super::check_and_learn`).
pub fn check_plan<'a>(cx: &mut Cx<'a>, plan: &'a Resource) {
    plan_name(cx, plan);
    let rules = plan.body.list("rules");
    if matches!(plan.body.get("rules"), Some(Value::List(items)) if items.is_empty()) {
        cx.report
            .error(
                &BK016,
                &plan.id,
                "rules",
                format!(
                    "plan `{}` has no rules; a backup plan must have at least 1 rule",
                    plan.display()
                ),
            )
            .help("add a `Rule { name, vault, schedule, .. }`");
    }
    let mut names: Vec<&str> = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let Some(rule) = rule.as_object() else {
            continue;
        };
        let path = format!("rules[{i}]");
        rule_name(cx, plan, &path, rule, &mut names);
        rule_target_same_region(cx, plan, &path, rule);
        rule_schedule(cx, plan, &path, rule);
        rule_windows(cx, plan, &path, rule);
        if let Some(l) = rule.obj("lifecycle") {
            lifecycle_valid(
                cx,
                plan,
                &format!("{path}.lifecycle"),
                l,
                rule.bool("continuous_backup") == Some(true),
            );
        }
        continuous_backup(cx, plan, &path, rule);
        retention_covers_gaps(cx, plan, &path, rule);
        cold_storage_ignored(cx, plan, &path, rule);
        retention_within_lock_bounds(cx, plan, &path, rule);
        copy_actions(cx, plan, &path, rule);
        copies_leave_the_region(cx, plan, &path, rule);
        cross_account_copies(cx, plan, &path, rule);
        index_actions(cx, plan, &path, rule);
        recovery_point_tags(cx, plan, &path, rule);
    }
    advanced_settings(cx, plan);
}

/// The plan rules across plans, after every plan's own ([`check_plan`]).
pub fn after_plans(cx: &mut Cx) {
    s3_continuous_consistency(cx);
}

/// BK040. Continuous backups of an S3 bucket belong to one plan, and its continuous and periodic
/// recovery points to one vault [DOC s3-backups.html].
fn s3_continuous_consistency(cx: &mut Cx) {
    let mut uses: Vec<(String, &Resource, &Object)> = Vec::new();
    for sel in cx.of_kind(Kind::Selection) {
        let Some(plan) = sel.body.get("plan").and_then(|p| cx.target(p)) else {
            continue;
        };
        for item in sel.body.list("resources") {
            let key = match item {
                Value::Ref(id) if cx.get(id).is_some_and(|t| t.kind == Kind::S3Bucket) => {
                    id.clone()
                }
                Value::Str(a) if a.contains(":s3:::") && !a.contains('*') => a.clone(),
                _ => continue,
            };
            for rule in plan.body.list("rules").iter().filter_map(Value::as_object) {
                uses.push((key.clone(), plan, rule));
            }
        }
    }
    let mut buckets: Vec<&String> = uses.iter().map(|(k, _, _)| k).collect();
    buckets.dedup();
    for bucket in buckets {
        let here: Vec<&(String, &Resource, &Object)> =
            uses.iter().filter(|(k, _, _)| k == bucket).collect();
        let continuous: Vec<&&(String, &Resource, &Object)> = here
            .iter()
            .filter(|(_, _, r)| r.bool("continuous_backup") == Some(true))
            .collect();
        let mut plans: Vec<&str> = continuous.iter().map(|(_, p, _)| p.id.as_str()).collect();
        plans.dedup();
        if plans.len() > 1 {
            cx.report
                .warning(&BK040, plans[1], "rules", format!("bucket `{bucket}` gets continuous backups from plans `{}` and `{}`; configure them in one plan", plans[0], plans[1]))
                .at_key()
                .help("keep continuous_backup for this bucket in a single plan");
        }
        let continuous_vaults: Vec<&str> = continuous
            .iter()
            .filter_map(|(_, _, r)| r.reference("vault"))
            .collect();
        for (_, plan, rule) in here
            .iter()
            .filter(|(_, _, r)| r.bool("continuous_backup") != Some(true))
        {
            if let Some(v) = rule
                .reference("vault")
                .filter(|v| !continuous_vaults.is_empty() && !continuous_vaults.contains(v))
            {
                cx.report
                    .warning(&BK040, &plan.id, "rules", format!("bucket `{bucket}`: periodic backups go to `{v}` but continuous ones to `{}`; S3 needs both in the same vault", continuous_vaults[0]))
                    .at_key()
                    .help("target the same vault with the periodic and the continuous rule");
            }
        }
    }
}

/// BK015. Plan names: 1-50 alphanumerics or `-_.` [API `BackupPlanName` doc].
fn plan_name(cx: &mut Cx, plan: &Resource) {
    if let Some(name) = plan.body.str("name") {
        if !is_dotted_name(name) {
            cx.report
                .error(&BK015, &plan.id, "name", format!("plan name `{name}` must be 1-50 characters of letters, digits, `-`, `_`, `.` (got {})", name.chars().count()))
                .help("shorten the name or drop the other characters");
        }
    }
}

/// BK017. Rule names match `^[A-Za-z0-9_.-]{1,50}$` and are unique in the plan [API `BackupRuleName`].
fn rule_name<'a>(
    cx: &mut Cx,
    plan: &Resource,
    path: &str,
    rule: &'a Object,
    names: &mut Vec<&'a str>,
) {
    let Some(name) = rule.str("name") else { return };
    if !is_dotted_name(name) {
        cx.report
            .error(
                &BK017,
                &plan.id,
                &format!("{path}.name"),
                format!(
                    "rule name `{name}` must be 1-50 characters of letters, digits, `-`, `_`, `.`"
                ),
            )
            .help("rename the rule");
    } else if names.contains(&name) {
        cx.report
            .error(
                &BK017,
                &plan.id,
                &format!("{path}.name"),
                format!(
                    "rule name `{name}` is used twice in plan `{}`",
                    plan.display()
                ),
            )
            .help("give every rule of a plan its own name");
    }
    names.push(name);
}

/// BK018, BK019. A rule writes to a vault in the plan's own Region (the target is a vault
/// *name*; the air-gapped target an ARN "in the same account and Region") [API `BackupRuleInput`].
fn rule_target_same_region(cx: &mut Cx, plan: &Resource, path: &str, rule: &Object) {
    let plan_region = cx.region_of(plan).map(str::to_string);
    for (field, code) in [("vault", &BK018), ("air_gapped_vault", &BK019)] {
        let fpath = format!("{path}.{field}");
        match rule.get(field) {
            Some(v @ Value::Ref(_)) => {
                let Some(target) = cx.target(v) else {
                    continue;
                };
                if let (Some(pr), Some(vr)) = (plan_region.as_deref(), cx.region_of(target)) {
                    if pr != vr {
                        cx.report
                            .error(code, &plan.id, &fpath, format!("rule target `{}` is in `{vr}`, but plan `{}` is in `{pr}`", target.display(), plan.display()))
                            .note(&target.id, "", format!("declared in `{vr}`"))
                            .help(format!("target a vault in `{pr}` and reach `{vr}` with a copy action: `copy: [Copy {{ to: {} }}]`", target.id));
                    }
                }
            }
            Some(Value::Str(s)) if field == "vault" => {
                if s.starts_with("arn:") {
                    cx.report
                        .error(
                            &BK140,
                            &plan.id,
                            &fpath,
                            format!("`vault` expects a vault name, got the ARN `{s}`"),
                        )
                        .help(
                            "write the vault's name (CloudFormation's TargetBackupVault is a name)",
                        );
                } else if !is_vault_name(s) {
                    cx.report.error(&BK001, &plan.id, &fpath, format!("vault name `{s}` must be 2-50 characters of letters, digits, `-` or `_`")).help("fix the vault name");
                }
            }
            Some(Value::Str(s)) => {
                let region = parse_arn(s)
                    .filter(|(_, svc, _, _, r)| *svc == "backup" && r.starts_with("backup-vault:"))
                    .map(|(_, _, r, _, _)| r.to_string());
                match region {
                    None => {
                        cx.report.error(code, &plan.id, &fpath, format!("`{s}` is not a backup-vault ARN")).help("give `arn:aws:backup:<region>:<account>:backup-vault:<name>` or reference the vault");
                    }
                    Some(r) if plan_region.as_deref().is_some_and(|pr| pr != r) => {
                        cx.report
                            .error(
                                code,
                                &plan.id,
                                &fpath,
                                format!("air-gapped target is in `{r}`, not in the plan's Region"),
                            )
                            .help("target an air-gapped vault in the plan's Region");
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// BK020-BK026. The schedule is a valid AWS Backup cron and the time zone an IANA name.
fn rule_schedule(cx: &mut Cx, plan: &Resource, path: &str, rule: &Object) {
    if let Some(expr) = rule.str("schedule") {
        for p in cron_problems(expr) {
            cx.report
                .error(
                    p.code,
                    &plan.id,
                    &format!("{path}.schedule"),
                    format!("rule `{}`: {}", rule.str("name").unwrap_or("?"), p.message),
                )
                .help(p.help);
        }
    }
    if let Some(tz) = rule.str("timezone") {
        if let Some(p) = timezone_problem(tz) {
            cx.report
                .error(p.code, &plan.id, &format!("{path}.timezone"), p.message)
                .help(p.help);
        }
    }
}

/// Checks a cron schedule and time zone of any resource (restore testing plans use it too).
pub fn schedule_fields(cx: &mut Cx, res: &Resource, path: &str, obj: &Object) {
    if let Some(expr) = obj.str("schedule") {
        for p in cron_problems(expr) {
            cx.report
                .error(
                    p.code,
                    &res.id,
                    &super::super::model::join(path, "schedule"),
                    p.message,
                )
                .help(p.help);
        }
    }
    if let Some(tz) = obj.str("timezone") {
        if let Some(p) = timezone_problem(tz) {
            cx.report
                .error(
                    p.code,
                    &res.id,
                    &super::super::model::join(path, "timezone"),
                    p.message,
                )
                .help(p.help);
        }
    }
}

const MAX_WINDOW: i64 = 52_560_000;

/// BK027, BK028. Start window >= 60 minutes; completion window longer than the start window,
/// since it counts from the scheduled time [API `BackupRuleInput`, `StartBackupJobInput`].
fn rule_windows(cx: &mut Cx, plan: &Resource, path: &str, rule: &Object) {
    let start = rule.int("start_window_minutes");
    if let Some(s) = start {
        if !(60..=MAX_WINDOW).contains(&s) {
            cx.report
                .error(
                    &BK027,
                    &plan.id,
                    &format!("{path}.start_window_minutes"),
                    format!("start window must be 60-{MAX_WINDOW} minutes, got {s}"),
                )
                .help("set `start_window_minutes` to at least 60");
        }
    }
    if let Some(c) = rule.int("completion_window_minutes") {
        let effective_start = if rule.has("start_window_minutes") {
            start
        } else {
            Some(480)
        };
        if !(1..=MAX_WINDOW).contains(&c) {
            cx.report
                .error(
                    &BK028,
                    &plan.id,
                    &format!("{path}.completion_window_minutes"),
                    format!("completion window must be 1-{MAX_WINDOW} minutes, got {c}"),
                )
                .help("shorten the completion window");
        } else if let Some(s) = effective_start.filter(|s| c <= *s) {
            let default = if rule.has("start_window_minutes") {
                ""
            } else {
                " (the default start window)"
            };
            cx.report
                                .warning(&BK028, &plan.id, &format!("{path}.completion_window_minutes"), format!("completion window ({c} min) is not longer than the start window ({s} min{default}); it counts from the scheduled time, so a job that starts late is cancelled at once (AWS is not known to reject this, hence a warning)"))
                .help(format!("set `completion_window_minutes` above {s}"));
        }
    }
}

/// BK030-BK034. Lifecycle days: delete 1-36500, cold <= 36500, delete >= cold + 90, no zeros,
/// archive only with cold storage [API `Lifecycle`; cfn-lint E3504].
pub fn lifecycle_valid(cx: &mut Cx, res: &Resource, path: &str, l: &Object, continuous: bool) {
    let cold = l.int("cold_storage_after_days");
    let delete = l.int("delete_after_days");
    for (field, value) in [
        ("cold_storage_after_days", cold),
        ("delete_after_days", delete),
    ] {
        if value == Some(0) {
            cx.report
                .error(&BK033, &res.id, &format!("{path}.{field}"), format!("`{field}` is 0; lifecycle days must be >= 1 (Terraform treats 0 as unset, CloudFormation sends it)"))
                .help(format!("omit `{field}` to mean never"));
        }
    }
    if let Some(d) = delete.filter(|d| *d != 0) {
        if !(1..=36500).contains(&d) {
            cx.report
                .error(
                    &BK030,
                    &res.id,
                    &format!("{path}.delete_after_days"),
                    format!("delete_after_days must be 1-36500, got {d}"),
                )
                .help("use at most 36500 days (100 years), or omit it to keep forever");
        }
    }
    if let Some(c) = cold.filter(|c| *c != 0) {
        if !(1..=36500).contains(&c) {
            cx.report
                .error(
                    &BK031,
                    &res.id,
                    &format!("{path}.cold_storage_after_days"),
                    format!("cold_storage_after_days must be 1-36500, got {c}"),
                )
                .help("use at most 36500 days");
        }
        // A cold storage day outside 1-36500 is BK031 already; the 90-day gap is measured from a
        // valid one only (in i128 all the same: `d` may be anywhere in i64).
        if let Some(d) = delete.filter(|d| *d != 0 && !continuous && (1..=36500).contains(&c)) {
            if i128::from(d) < i128::from(c) + 90 {
                cx.report
                    .error(&BK032, &res.id, &format!("{path}.delete_after_days"), format!("delete_after_days ({d}) must be at least 90 days after cold_storage_after_days ({c}); backups stay in cold storage for at least 90 days"))
                    .help(format!("set `delete_after_days` to at least {}, or drop `cold_storage_after_days`", i128::from(c) + 90));
            }
        }
    }
    if l.bool("archive") == Some(true) && !l.has("cold_storage_after_days") {
        cx.report
            .warning(
                &BK034,
                &res.id,
                &format!("{path}.archive"),
                "archive has no effect without cold_storage_after_days",
            )
            .help("add `cold_storage_after_days`, or remove `archive`");
    }
}

/// BK036-BK039. Continuous backup: a lifecycle with 1-35 days, no cold storage
/// [CFN; DOC point-in-time-recovery-retention-period.html; API ERROR_3015].
fn continuous_backup(cx: &mut Cx, plan: &Resource, path: &str, rule: &Object) {
    if rule.bool("continuous_backup") != Some(true) {
        return;
    }
    let name = rule.str("name").unwrap_or("?");
    let lifecycle = rule.get("lifecycle");
    match Retention::of(lifecycle) {
        Retention::Forever => {
            cx.report
                .error(&BK036, &plan.id, &format!("{path}.continuous_backup"), format!("rule `{name}`: continuous backup needs `lifecycle.delete_after_days` (1-35)"))
                .help("add `lifecycle: Lifecycle { delete_after_days: 35 }`");
        }
        Retention::Days(d) if !(1..=35).contains(&d) => {
            cx.report
                .error(&BK037, &plan.id, &format!("{path}.lifecycle.delete_after_days"), format!("rule `{name}`: continuous backup retention must be 1-35 days, got {d}"))
                .help("set `delete_after_days` to at most 35, or turn off `continuous_backup` and keep snapshots longer");
        }
        Retention::Days(d) => {
            if let Some(interval) = rule.str("schedule").and_then(min_interval_days) {
                if d < interval {
                    cx.report
                        .warning(&BK039, &plan.id, &format!("{path}.lifecycle.delete_after_days"), format!("rule `{name}`: continuous retention of {d} days is shorter than the schedule interval of {interval} days"))
                        .help("keep continuous recovery points at least as long as the interval between snapshots");
                }
            }
        }
        Retention::Unknown => {}
    }
    if let Some(Value::Object(l)) = lifecycle {
        if l.has("cold_storage_after_days") {
            cx.report
                .error(
                    &BK038,
                    &plan.id,
                    &format!("{path}.lifecycle.cold_storage_after_days"),
                    format!("rule `{name}`: cold storage is unavailable for continuous backups"),
                )
                .help("remove `cold_storage_after_days`");
        }
    }
}

/// BK415. Recovery points kept for less time than the longest gap between two runs leave hours
/// with no recovery point at all: after a weekly run kept 3 days, 4 days with nothing to restore.
/// The gap is the worst over a year in the rule's time zone (`rpo::worst_gap`). Continuous rules
/// are BK039's.
fn retention_covers_gaps(cx: &mut Cx, plan: &Resource, path: &str, rule: &Object) {
    if rule.bool("continuous_backup") == Some(true) {
        return;
    }
    // Below one day is BK033's error; it is not repeated here.
    let Retention::Days(days @ 1..) = Retention::of(rule.get("lifecycle")) else {
        return;
    };
    let Some((_, _, gap)) = super::rpo::rule_gap(rule) else {
        return;
    };
    let kept = days.saturating_mul(24 * 60);
    if kept >= gap.minutes {
        return;
    }
    let name = rule.str("name").unwrap_or("?");
    let hours = |m: i64| format!("{} h", super::rpo::fmt_hours(m));
    cx.report
        .warning(
            &BK415,
            &plan.id,
            &format!("{path}.lifecycle.delete_after_days"),
            format!(
                "rule `{name}`: recovery points are kept {}, but its runs are up to {} apart (from {} to {}): for {} there is no recovery point at all",
                plural_days(days),
                hours(gap.minutes),
                gap.from,
                gap.to,
                hours(gap.minutes - kept)
            ),
        )
        .help(format!(
            "keep recovery points at least {}, or run the rule more often",
            plural_days((gap.minutes + 1439) / 1440)
        ));
}

fn plural_days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// Resource types (AWS Backup names) a plan's selections protect, by ARN service.
fn selected_types(cx: &Cx, plan: &Resource) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for sel in cx.of_kind(Kind::Selection) {
        if sel.body.reference("plan") != Some(plan.id.as_str()) {
            continue;
        }
        for item in sel.body.list("resources") {
            if let Some(target) = cx.target(item) {
                if target.kind == Kind::S3Bucket && !out.iter().any(|(t, _)| *t == "S3") {
                    out.push(("S3", sel.id.clone()));
                }
                continue;
            }
            let Some(arn) = item.as_str() else { continue };
            let ty = match parse_arn(arn) {
                Some((_, "s3", ..)) => Some("S3"),
                Some((_, "rds", _, _, r)) if r.starts_with("cluster:") => Some("Aurora"),
                Some((_, "rds", ..)) => Some("RDS"),
                Some((_, "fsx", ..)) => Some("FSx"),
                Some((_, "redshift", ..)) => Some("Redshift"),
                Some((_, "ec2", _, _, r)) if r.starts_with("instance/") => Some("EC2"),
                _ => None,
            };
            if let Some(ty) = ty {
                if !out.iter().any(|(t, _)| *t == ty) {
                    out.push((ty, sel.id.clone()));
                }
            }
        }
    }
    out
}

/// BK035. Cold storage is silently ignored for resource types that cannot go cold
/// [API `Lifecycle`: "AWS Backup ignores this expression for other resource types"].
fn cold_storage_ignored(cx: &mut Cx, plan: &Resource, path: &str, rule: &Object) {
    let Some(l) = rule.obj("lifecycle") else {
        return;
    };
    if !l.has("cold_storage_after_days") {
        return;
    }
    for (ty, sel) in selected_types(cx, plan) {
        let hint = if ty == "S3" {
            " (use a TieringConfiguration for S3)"
        } else {
            ""
        };
        cx.report
            .warning(&BK035, &plan.id, &format!("{path}.lifecycle.cold_storage_after_days"), format!("rule `{}`: {ty} backups cannot move to cold storage; the setting is ignored{hint}", rule.str("name").unwrap_or("?")))
            .note(&sel, "resources", format!("selects {ty} resources"))
            .help("remove `cold_storage_after_days`, or protect that type with another plan");
    }
}

/// BK050, BK051, BK053, BK054. A rule's retention within the target vault's lock: AWS does not
/// reject the plan, it fails every backup job [API `PutBackupVaultLockConfiguration`].
fn retention_within_lock_bounds(cx: &mut Cx, plan: &Resource, path: &str, rule: &Object) {
    let retention = Retention::of(rule.get("lifecycle"));
    let name = rule.str("name").unwrap_or("?").to_string();
    for field in ["vault", "air_gapped_vault"] {
        let Some(target) = rule.get(field).and_then(|v| cx.target(v)) else {
            continue;
        };
        let Some(b) = bounds(target) else { continue };
        let at = match rule.get("lifecycle") {
            Some(Value::Object(l)) if l.has("delete_after_days") => {
                format!("{path}.lifecycle.delete_after_days")
            }
            Some(_) => format!("{path}.lifecycle"),
            None => format!("{path}.{field}"),
        };
        if rule.bool("continuous_backup") == Some(true) {
            if let Some(min) = b.min.filter(|m| *m > 35) {
                cx.report
                    .error(&BK053, &plan.id, &format!("{path}.continuous_backup"), format!("rule `{name}`: continuous backups (at most 35 days) can never satisfy vault `{}` minimum of {min} days", b.vault.display()))
                    .note(&b.vault.id, "lock.min_retention_days", "the lock is declared here")
                    .help("target a vault whose lock minimum is at most 35 days, or use snapshot backups");
                continue;
            }
        }
        bound_check(
            cx,
            plan,
            &at,
            &format!("rule `{name}`"),
            retention,
            &b,
            "every backup job would fail",
            if b.air_gapped { &BK054 } else { &BK050 },
            if b.air_gapped { &BK054 } else { &BK051 },
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn bound_check(
    cx: &mut Cx,
    res: &Resource,
    at: &str,
    who: &str,
    retention: Retention,
    b: &Bounds,
    consequence: &str,
    below: &'static crate::diag::Code,
    above: &'static crate::diag::Code,
) {
    let vault = b.vault.display().to_string();
    let (lock_path_min, lock_path_max) = if b.air_gapped {
        ("min_retention_days", "max_retention_days")
    } else {
        ("lock.min_retention_days", "lock.max_retention_days")
    };
    let what = if b.air_gapped {
        "air-gapped vault"
    } else {
        "the lock on vault"
    };
    match retention {
        Retention::Days(d) => {
            if let Some(min) = b.min.filter(|m| d < *m) {
                cx.report
                    .error(below, &res.id, at, format!("{who}: retention of {d} days is below the {min}-day minimum of {what} `{vault}`; {consequence}"))
                    .note(&b.vault.id, lock_path_min, format!("minimum {min} days"))
                    .help(format!("set `delete_after_days` to at least {min}, or target another vault"));
            }
            if let Some(max) = b.max.filter(|m| d > *m) {
                cx.report
                    .error(above, &res.id, at, format!("{who}: retention of {d} days exceeds the {max}-day maximum of {what} `{vault}`; {consequence}"))
                    .note(&b.vault.id, lock_path_max, format!("maximum {max} days"))
                    .help(format!("set `delete_after_days` to at most {max}"));
            }
        }
        Retention::Forever => {
            if let Some(max) = b.max {
                cx.report
                    .error(above, &res.id, at, format!("{who}: retention {} exceeds the {max}-day maximum of {what} `{vault}`; {consequence}", retention.describe()))
                    .note(&b.vault.id, lock_path_max, format!("maximum {max} days"))
                    .help(format!("add `lifecycle: Lifecycle {{ delete_after_days: {max} }}` or less"));
            }
        }
        Retention::Unknown => {}
    }
}

/// BK041, BK042, BK052, BK054 and the lifecycle rules for every copy action. A copy without a
/// lifecycle inherits the rule's [API `CopyAction.Lifecycle`].
fn copy_actions(cx: &mut Cx, plan: &Resource, path: &str, rule: &Object) {
    let name = rule.str("name").unwrap_or("?").to_string();
    let rule_retention = Retention::of(rule.get("lifecycle"));
    for (i, copy) in rule.list("copy").iter().enumerate() {
        let Some(copy) = copy.as_object() else {
            continue;
        };
        let cpath = format!("{path}.copy[{i}]");
        if let Some(l) = copy.obj("lifecycle") {
            lifecycle_valid(cx, plan, &format!("{cpath}.lifecycle"), l, false);
        }
        match copy.get("to") {
            Some(Value::Str(arn)) => {
                let ok = matches!(parse_arn(arn), Some((_, "backup", region, account, res)) if !region.is_empty() && !account.is_empty() && res.starts_with("backup-vault:") && res.len() > "backup-vault:".len());
                if !ok {
                    cx.report
                        .error(&BK041, &plan.id, &format!("{cpath}.to"), format!("rule `{name}`: copy destination `{arn}` is not a backup-vault ARN"))
                        .help("give `arn:aws:backup:<region>:<account>:backup-vault:<name>`, or reference a vault of the stack");
                }
            }
            Some(to @ Value::Ref(_)) => {
                let Some(dest) = cx.target(to) else {
                    continue;
                };
                if [rule.get("vault"), rule.get("air_gapped_vault")]
                    .iter()
                    .flatten()
                    .any(|v| v.as_ref_id() == Some(dest.id.as_str()))
                {
                    cx.report
                        .warning(&BK042, &plan.id, &format!("{cpath}.to"), format!("rule `{name}`: copy action targets its own source vault `{}`", dest.display()))
                        .help("copy to a vault in another Region or account, or remove the copy action");
                }
                if let Some(b) = bounds(dest) {
                    let retention = if copy.has("lifecycle") {
                        Retention::of(copy.get("lifecycle"))
                    } else {
                        rule_retention
                    };
                    let at = match copy.get("lifecycle") {
                        Some(Value::Object(l)) if l.has("delete_after_days") => {
                            format!("{cpath}.lifecycle.delete_after_days")
                        }
                        Some(_) => format!("{cpath}.lifecycle"),
                        None => format!("{cpath}.to"),
                    };
                    let who = format!(
                        "copy `{name}` -> `{}`{}",
                        dest.display(),
                        if copy.has("lifecycle") {
                            ""
                        } else {
                            " (inheriting the rule's lifecycle)"
                        }
                    );
                    let code = if b.air_gapped { &BK054 } else { &BK052 };
                    bound_check(
                        cx,
                        plan,
                        &at,
                        &who,
                        retention,
                        &b,
                        "every copy job would fail",
                        code,
                        code,
                    );
                }
            }
            _ => {}
        }
    }
}

/// BK417. Copies that all stay in the source vault's Region and account, and none in an
/// air-gapped vault, are lost with the Region: a copy protects against a Region outage only when
/// one lands elsewhere [DOC cross-region-backup.html: "copy backups to multiple AWS Regions ...
/// for disaster recovery"]. BK042 reports a copy into the source vault itself.
fn copies_leave_the_region(cx: &mut Cx, plan: &Resource, path: &str, rule: &Object) {
    let copies: Vec<&Value> = rule
        .list("copy")
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|c| c.get("to"))
        .collect();
    let Some(source) = rule.get("vault").and_then(|v| cx.target(v)) else {
        return;
    };
    let Some(region) = cx.region_of(source) else {
        return;
    };
    if copies.is_empty() {
        return;
    }
    let account = cx.stack.account.as_str();
    let stays = |to: &Value| -> bool {
        match to {
            Value::Ref(_) => cx.target(to).is_some_and(|dest| {
                dest.kind == Kind::Vault
                    && dest.id != source.id
                    && cx.region_of(dest) == Some(region)
            }),
            // By ARN: the same Region, and the stack's own account when it declares one.
            Value::Str(arn) => match parse_arn(arn) {
                Some((_, _, r, a, _)) => {
                    r == region
                        && match super::names::arn_account(a) {
                            None => true,
                            Some(a) => account == Some(a),
                        }
                }
                None => false,
            },
            _ => false,
        }
    };
    if copies.iter().all(|to| stays(to)) {
        let name = rule.str("name").unwrap_or("?");
        cx.report
            .warning(
                &BK417,
                &plan.id,
                &format!("{path}.copy"),
                format!(
                    "rule `{name}`: every copy stays in {region}, the Region of its source vault `{}`, and in the same account; a Region outage takes the recovery points and their copies",
                    source.display()
                ),
            )
            .help("copy to a vault in another Region, another account, or a logically air-gapped vault");
    }
}

/// Where a copy given by ARN goes: (account, Region). A vault of the stack is in the stack's own
/// account, so only an ARN can name another one.
fn copy_destination(to: &Value) -> Option<(String, String)> {
    let arn = to.as_str()?;
    parse_arn(arn).map(|(_, _, region, account, _)| {
        let account = super::names::arn_account(account).unwrap_or_default();
        (account.to_string(), region.to_string())
    })
}

/// BK044, BK045. Cross-account copies, decidable once the stack declares its account: RDS and
/// Aurora copies can be cross-account or cross-Region but not both, and cross-account copies
/// need a customer managed key on the source vault [DOC recov-point-create-a-copy.html; DOC
/// create-and-share-encrypted-backups-across-accounts-and-regions].
fn cross_account_copies(cx: &mut Cx, plan: &Resource, path: &str, rule: &Object) {
    let Some(account) = cx.stack.account.as_str().map(str::to_string) else {
        return;
    };
    let plan_region = cx.region_of(plan).map(str::to_string);
    let name = rule.str("name").unwrap_or("?").to_string();
    let rds = selected_types(cx, plan)
        .into_iter()
        .any(|(t, _)| matches!(t, "RDS" | "Aurora"));
    let source = rule.get("vault").and_then(|v| cx.target(v));
    for (i, copy) in rule
        .list("copy")
        .iter()
        .filter_map(Value::as_object)
        .enumerate()
    {
        let Some((dest_account, dest_region)) = copy.get("to").and_then(copy_destination) else {
            continue;
        };
        if dest_account == account || dest_account.is_empty() {
            continue;
        }
        let cpath = format!("{path}.copy[{i}].to");
        if let Some(source) = source.filter(|s| s.kind == Kind::Vault && !s.body.has("kms_key")) {
            cx.report
                .warning(&BK045, &plan.id, &cpath, format!("rule `{name}`: cross-account copy to account {dest_account} from vault `{}`, which has no customer managed key; EBS, EC2, RDS, Aurora and Storage Gateway copies fail", source.display()))
                .note(&source.id, "", "the source vault")
                .help(format!("give `{}` a `kms_key` (a `kms::Key` of the stack) and share it with account {dest_account}", source.id));
        }
        let cross_region =
            matches!(&plan_region, Some(p) if *p != dest_region && !dest_region.is_empty());
        if rds && cross_region {
            cx.report
                .warning(&BK044, &plan.id, &cpath, format!("rule `{name}`: RDS/Aurora copies can be cross-account or cross-Region, not both (this one goes to account {dest_account} in `{dest_region}`)"))
                .help("copy cross-Region within this account, and cross-account within this Region");
        }
    }
}

/// BK047. One index action per rule, with exactly one of EBS, S3 [API `BackupRuleInput.IndexActions`].
fn index_actions(cx: &mut Cx, plan: &Resource, path: &str, rule: &Object) {
    let actions = rule.list("index_actions");
    if actions.len() > 1 {
        cx.report
            .error(
                &BK047,
                &plan.id,
                &format!("{path}.index_actions"),
                format!("a rule allows one index action, got {}", actions.len()),
            )
            .help("keep a single `IndexAction`");
    }
    for (i, a) in actions.iter().enumerate() {
        if let Some(a) = a.as_object() {
            let n = a.list("resource_types").len();
            if a.has("resource_types") && n != 1 {
                cx.report
                    .error(
                        &BK047,
                        &plan.id,
                        &format!("{path}.index_actions[{i}].resource_types"),
                        format!("an index action takes exactly one resource type, got {n}"),
                    )
                    .help("write `resource_types: [\"EBS\"]` or `[\"S3\"]`");
            }
        }
    }
}

/// BK049. Recovery point tags: keys 1-128, values <= 256, no `aws:` prefix.
fn recovery_point_tags(cx: &mut Cx, plan: &Resource, path: &str, rule: &Object) {
    for (k, v) in rule.map("recovery_point_tags") {
        let value = v
            .as_str()
            .map(str::to_string)
            .or_else(|| v.as_int().map(|i| i.to_string()))
            .unwrap_or_default();
        if let Some(p) = tag_problem(k, &value) {
            cx.report
                .error(
                    &BK049,
                    &plan.id,
                    &format!("{path}.recovery_point_tags"),
                    format!("recovery point {p}"),
                )
                .help("fix or remove the tag");
        }
    }
}

/// BK046. Advanced backup options: EC2 `WindowsVSS` enabled/disabled; S3 `BackupACLs`,
/// `BackupObjectTags` = disabled [API `AdvancedBackupSetting`].
fn advanced_settings(cx: &mut Cx, plan: &Resource) {
    for (i, s) in plan
        .body
        .list("advanced_backup_settings")
        .iter()
        .enumerate()
    {
        let Some(s) = s.as_object() else { continue };
        let Some(ty) = s.str("resource_type") else {
            continue;
        };
        for (k, v) in s.map("options") {
            let v = v.as_str().unwrap_or("");
            let ok = match ty {
                "EC2" => k == "WindowsVSS" && matches!(v, "enabled" | "disabled"),
                "S3" => matches!(k.as_str(), "BackupACLs" | "BackupObjectTags") && v == "disabled",
                _ => true,
            };
            if !ok {
                let allowed = if ty == "EC2" {
                    "`WindowsVSS` = `enabled` or `disabled`"
                } else {
                    "`BackupACLs` or `BackupObjectTags` = `disabled`"
                };
                cx.report
                    .error(
                        &BK046,
                        &plan.id,
                        &format!("advanced_backup_settings[{i}].options"),
                        format!(
                            "plan `{}`: invalid backup option `{k}={v}` for `{ty}`",
                            plan.display()
                        ),
                    )
                    .help(format!("{ty} takes {allowed}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    fn locked_vault(id: &str, min: i64, max: i64) -> crate::Resource {
        vault(id, &format!("{id}-vault")).with(
            "lock",
            obj(
                "Lock",
                vec![
                    ("mode", "governance".into()),
                    ("min_retention_days", Value::Int(min)),
                    ("max_retention_days", Value::Int(max)),
                ],
            ),
        )
    }

    /// `rule` with one copy action to `to`.
    fn copy_to(rule: Value, to: Value) -> Value {
        with_rule_field(rule, "copy", list(vec![obj("Copy", vec![("to", to)])]))
    }

    fn with_rule_field(mut rule: Value, k: &str, v: Value) -> Value {
        if let Value::Object(o) = &mut rule {
            o.set(k, v);
        }
        rule
    }

    #[test]
    fn bk415_retention_shorter_than_the_gap_between_runs() {
        let weekly = |days: i64, schedule: &str, timezone: Option<&str>| {
            let mut fields = vec![
                ("name", Value::from("weekly")),
                ("vault", r("v")),
                ("schedule", schedule.into()),
                ("lifecycle", lifecycle(None, Some(days))),
            ];
            if let Some(tz) = timezone {
                fields.push(("timezone", tz.into()));
            }
            stack(vec![
                key("k"),
                vault("v", "vv").with("kms_key", r("k")),
                plan("p", vec![obj("Rule", fields)]),
            ])
        };
        let s = weekly(3, "cron(0 2 ? * SUN *)", None);
        let rep = s.check();
        let d = rep.warnings().find(|d| d.code.code == "BK415").unwrap();
        assert_eq!(
            d.message,
            "rule `weekly`: recovery points are kept 3 days, but its runs are up to 168 h apart (from 2026-01-04T02:00:00+00:00[Etc/UTC] to 2026-01-11T02:00:00+00:00[Etc/UTC]): for 96 h there is no recovery point at all"
        );
        assert_eq!(
            d.help.as_deref(),
            Some("keep recovery points at least 7 days, or run the rule more often")
        );
        assert!(
            !fires(&weekly(7, "cron(0 2 ? * SUN *)", None), "BK415"),
            "7 days cover a week"
        );
        // Over the autumn clock change a Sunday run in Berlin is 169 hours after the last.
        assert!(fires(
            &weekly(7, "cron(0 2 ? * SUN *)", Some("Europe/Berlin")),
            "BK415"
        ));
        assert!(!fires(
            &weekly(8, "cron(0 2 ? * SUN *)", Some("Europe/Berlin")),
            "BK415"
        ));
        // Daily in UTC, kept one day: exactly covered.
        assert!(!fires(&weekly(1, "cron(0 2 * * ? *)", None), "BK415"));
        // Zero days is BK033's error, not repeated; one day over a clock change is one day.
        assert!(!fires(&weekly(0, "cron(0 2 * * ? *)", None), "BK415"));
        let berlin = weekly(1, "cron(0 2 * * ? *)", Some("Europe/Berlin")).check();
        let d = berlin.warnings().find(|d| d.code.code == "BK415").unwrap();
        assert!(
            d.message.contains("kept 1 day, but") && d.message.contains("for 1 h there"),
            "{}",
            d.message
        );
        assert_eq!(
            d.help.as_deref(),
            Some("keep recovery points at least 2 days, or run the rule more often")
        );
        // The default schedule is daily at 05:00 UTC.
        let mut default = weekly(1, "x", None);
        if let Some(p) = default.resources.iter_mut().find(|r| r.id == "p") {
            if let Some(Value::List(rules)) = p.body.get("rules").cloned() {
                let mut rule = rules[0].as_object().unwrap().clone();
                rule.fields.retain(|(k, _)| k != "schedule");
                p.body.set("rules", Value::List(vec![Value::Object(rule)]));
            }
        }
        assert!(!fires(&default, "BK415"));
    }

    #[test]
    fn bk015_bk016_bk017() {
        let s = stack(vec![
            vault("v", "vv"),
            plan("p", vec![]).with("name", "bad name"),
        ]);
        let c = codes(&s);
        assert!(c.contains(&"BK015") && c.contains(&"BK016"));
        let s = stack(vec![
            vault("v", "vv"),
            plan("p", vec![rule("r", "v", None), rule("r", "v", None)]),
        ]);
        assert!(codes(&s).contains(&"BK017"));
    }

    #[test]
    fn bk018_target_region() {
        let s = stack(vec![
            vault("v", "vv").with("region", "us-west-2"),
            plan("p", vec![rule("r", "v", None)]),
        ]);
        assert!(codes(&s).contains(&"BK018"));
    }

    #[test]
    fn bk019_air_gapped_region() {
        let ag = res(
            Kind::AirGappedVault,
            "ag",
            vec![
                ("name", "ag".into()),
                ("region", "eu-west-1".into()),
                ("min_retention_days", Value::Int(7)),
                ("max_retention_days", Value::Int(90)),
            ],
        );
        let rl = with_rule_field(
            rule("r", "v", Some(lifecycle(None, Some(30)))),
            "air_gapped_vault",
            r("ag"),
        );
        assert!(codes(&stack(vec![vault("v", "vv"), ag, plan("p", vec![rl])])).contains(&"BK019"));
    }

    #[test]
    fn bk027_bk028_windows() {
        let rl = with_rule_field(rule("r", "v", None), "start_window_minutes", Value::Int(30));
        assert!(codes(&stack(vec![vault("v", "vv"), plan("p", vec![rl])])).contains(&"BK027"));
        let rl = with_rule_field(
            with_rule_field(rule("r", "v", None), "start_window_minutes", Value::Int(60)),
            "completion_window_minutes",
            Value::Int(60),
        );
        assert!(codes(&stack(vec![vault("v", "vv"), plan("p", vec![rl])])).contains(&"BK028"));
        let rl = with_rule_field(
            rule("r", "v", None),
            "completion_window_minutes",
            Value::Int(120),
        );
        assert!(
            codes(&stack(vec![vault("v", "vv"), plan("p", vec![rl])])).contains(&"BK028"),
            "default start window is 480"
        );
    }

    #[test]
    fn bk030_to_bk034_lifecycle() {
        let c = codes(&stack(vec![
            vault("v", "vv"),
            plan(
                "p",
                vec![rule("r", "v", Some(lifecycle(None, Some(40000))))],
            ),
        ]));
        assert!(c.contains(&"BK030"));
        let c = codes(&stack(vec![
            vault("v", "vv"),
            plan(
                "p",
                vec![rule("r", "v", Some(lifecycle(Some(40000), None)))],
            ),
        ]));
        assert!(c.contains(&"BK031"));
        let c = codes(&stack(vec![
            vault("v", "vv"),
            plan(
                "p",
                vec![rule("r", "v", Some(lifecycle(Some(30), Some(60))))],
            ),
        ]));
        assert!(c.contains(&"BK032"));
        let c = codes(&stack(vec![
            vault("v", "vv"),
            plan("p", vec![rule("r", "v", Some(lifecycle(None, Some(0))))]),
        ]));
        assert!(c.contains(&"BK033"));
        let c = codes(&stack(vec![
            vault("v", "vv"),
            plan(
                "p",
                vec![rule(
                    "r",
                    "v",
                    Some(obj("Lifecycle", vec![("archive", Value::Bool(true))])),
                )],
            ),
        ]));
        assert!(c.contains(&"BK034"));
    }

    #[test]
    fn bk035_cold_storage_for_s3() {
        let sel = selection("sel", "p", vec!["arn:aws:s3:::my-bucket".into()]);
        let s = stack(vec![
            backup_role("role"),
            vault("v", "vv"),
            plan(
                "p",
                vec![rule("r", "v", Some(lifecycle(Some(90), Some(365))))],
            ),
            sel,
        ]);
        assert!(s.check().warnings().any(|d| d.code.code == "BK035"));
    }

    #[test]
    fn bk036_to_bk039_continuous() {
        let cont = |l: Option<Value>| {
            with_rule_field(rule("r", "v", l), "continuous_backup", Value::Bool(true))
        };
        assert!(
            codes(&stack(vec![vault("v", "vv"), plan("p", vec![cont(None)])])).contains(&"BK036")
        );
        assert!(codes(&stack(vec![
            vault("v", "vv"),
            plan("p", vec![cont(Some(lifecycle(None, Some(84))))])
        ]))
        .contains(&"BK037"));
        assert!(codes(&stack(vec![
            vault("v", "vv"),
            plan("p", vec![cont(Some(lifecycle(Some(1), Some(35))))])
        ]))
        .contains(&"BK038"));
        let weekly = with_rule_field(
            cont(Some(lifecycle(None, Some(3)))),
            "schedule",
            "cron(0 2 ? * SUN *)".into(),
        );
        assert!(codes(&stack(vec![vault("v", "vv"), plan("p", vec![weekly])])).contains(&"BK039"));
    }

    #[test]
    fn bk041_bk042_copy() {
        let rl = with_rule_field(
            rule("r", "v", None),
            "copy",
            list(vec![obj(
                "Copy",
                vec![("to", "arn:aws:backup:us-west-2:111122223333:vault:x".into())],
            )]),
        );
        assert!(codes(&stack(vec![vault("v", "vv"), plan("p", vec![rl])])).contains(&"BK041"));
        let rl = with_rule_field(
            rule("r", "v", None),
            "copy",
            list(vec![obj("Copy", vec![("to", r("v"))])]),
        );
        assert!(codes(&stack(vec![vault("v", "vv"), plan("p", vec![rl])])).contains(&"BK042"));
    }

    #[test]
    fn bk046_bk047_bk049() {
        let p = plan("p", vec![rule("r", "v", None)]).with(
            "advanced_backup_settings",
            list(vec![obj(
                "AdvancedBackupSetting",
                vec![
                    ("resource_type", "EC2".into()),
                    ("options", map(&[("WindowsVSS", "on")])),
                ],
            )]),
        );
        assert!(codes(&stack(vec![vault("v", "vv"), p])).contains(&"BK046"));
        let rl = with_rule_field(
            rule("r", "v", None),
            "index_actions",
            list(vec![obj(
                "IndexAction",
                vec![("resource_types", list(vec!["EBS".into(), "S3".into()]))],
            )]),
        );
        assert!(codes(&stack(vec![vault("v", "vv"), plan("p", vec![rl])])).contains(&"BK047"));
        let rl = with_rule_field(
            rule("r", "v", None),
            "recovery_point_tags",
            map(&[("aws:x", "y")]),
        );
        assert!(codes(&stack(vec![vault("v", "vv"), plan("p", vec![rl])])).contains(&"BK049"));
    }

    #[test]
    fn bk050_bk051_rule_vs_lock() {
        let c = codes(&stack(vec![
            locked_vault("v", 7, 2555),
            plan("p", vec![rule("r", "v", Some(lifecycle(None, Some(3))))]),
        ]));
        assert!(c.contains(&"BK050"));
        let c = codes(&stack(vec![
            locked_vault("v", 7, 2555),
            plan("p", vec![rule("r", "v", None)]),
        ]));
        assert!(c.contains(&"BK051"), "forever exceeds any maximum");
        let c = codes(&stack(vec![
            locked_vault("v", 7, 2555),
            plan("p", vec![rule("r", "v", Some(lifecycle(None, Some(30))))]),
        ]));
        assert!(!c.contains(&"BK050") && !c.contains(&"BK051"));
    }

    #[test]
    fn bk052_copy_inherits_rule_lifecycle() {
        let rl = with_rule_field(
            rule("r", "v", Some(lifecycle(None, Some(400)))),
            "copy",
            list(vec![obj("Copy", vec![("to", r("w"))])]),
        );
        let c = codes(&stack(vec![
            vault("v", "vv"),
            locked_vault("w", 7, 365),
            plan("p", vec![rl]),
        ]));
        assert!(c.contains(&"BK052"));
    }

    #[test]
    fn bk053_continuous_into_long_lock() {
        let rl = with_rule_field(
            rule("r", "v", Some(lifecycle(None, Some(35)))),
            "continuous_backup",
            Value::Bool(true),
        );
        assert!(codes(&stack(vec![
            locked_vault("v", 60, 365),
            plan("p", vec![rl])
        ]))
        .contains(&"BK053"));
    }

    #[test]
    fn bk054_air_gapped_range() {
        let ag = air_gapped("ag", "ag", 30, 90);
        let rl = with_rule_field(
            rule("r", "v", Some(lifecycle(None, Some(7)))),
            "copy",
            list(vec![obj("Copy", vec![("to", r("ag"))])]),
        );
        assert!(codes(&stack(vec![vault("v", "vv"), ag, plan("p", vec![rl])])).contains(&"BK054"));
    }

    #[test]
    fn bk040_s3_continuous_in_two_plans() {
        let bucket = res(
            Kind::S3Bucket,
            "b",
            vec![
                ("name", "bucket-dev".into()),
                ("versioning", "Enabled".into()),
            ],
        );
        let cont = |name: &str| {
            with_rule_field(
                rule(name, "v", Some(lifecycle(None, Some(35)))),
                "continuous_backup",
                Value::Bool(true),
            )
        };
        let sel = |id: &str, p: &str| {
            res(
                Kind::Selection,
                id,
                vec![
                    ("name", id.into()),
                    ("plan", r(p)),
                    ("role", r("role")),
                    ("resources", list(vec![r("b")])),
                ],
            )
        };
        let s = stack(vec![
            bucket,
            vault("v", "vv"),
            backup_role("role"),
            plan("p1", vec![cont("a")]),
            plan("p2", vec![cont("b")]),
            sel("s1", "p1"),
            sel("s2", "p2"),
        ]);
        assert!(s.check().warnings().any(|d| d.code.code == "BK040"));
    }

    #[test]
    fn bk044_bk045_cross_account_copies() {
        let dr = "arn:aws:backup:eu-west-1:444455556666:backup-vault:dr";
        let rl = with_rule_field(
            rule("r", "v", Some(lifecycle(None, Some(35)))),
            "copy",
            list(vec![obj("Copy", vec![("to", dr.into())])]),
        );
        let sel = res(
            Kind::Selection,
            "sel",
            vec![
                ("name", "s".into()),
                ("plan", r("p")),
                ("role", r("role")),
                (
                    "resources",
                    list(vec!["arn:aws:rds:us-east-1:111122223333:db:orders".into()]),
                ),
            ],
        );
        let s = stack(vec![
            vault("v", "vv"),
            plan("p", vec![rl.clone()]),
            backup_role("role"),
            sel.clone(),
        ]);
        assert!(
            !codes(&s).contains(&"BK045"),
            "silent without the stack's account"
        );
        let s = s.with_account("111122223333");
        let c = codes(&s);
        assert!(c.contains(&"BK045") && c.contains(&"BK044"), "{c:?}");
        // `$account` (an organization backup policy's) is the account the plan runs in.
        let own = with_rule_field(
            rule("r", "v", Some(lifecycle(None, Some(35)))),
            "copy",
            list(vec![obj(
                "Copy",
                vec![(
                    "to",
                    "arn:aws:backup:eu-west-1:$account:backup-vault:dr".into(),
                )],
            )]),
        );
        let s = stack(vec![
            vault("v", "vv"),
            plan("p", vec![own]),
            backup_role("role"),
            sel,
        ])
        .with_account("111122223333");
        let c = codes(&s);
        assert!(!c.contains(&"BK045") && !c.contains(&"BK044"), "{c:?}");
    }

    // Boundaries: the largest valid value is clean, the smallest invalid one fires.

    fn one_rule(rule: Value) -> crate::Stack {
        stack(vec![vault("v", "vv"), plan("p", vec![rule])])
    }

    fn daily(delete: Option<i64>) -> Value {
        crate::rules::testing::rule("daily", "v", Some(lifecycle(None, delete)))
    }

    #[test]
    fn names_at_their_edges() {
        let named = |n: String| {
            stack(vec![
                vault("v", "vv"),
                plan("p", vec![daily(Some(35))]).with("name", n),
            ])
        };
        assert_clean(&named("p".repeat(50)));
        assert!(fires(&named("p".repeat(51)), "BK015"));
        let rule_named = |n: &str| one_rule(with_rule_field(daily(Some(35)), "name", n.into()));
        assert_clean(&rule_named("._-"));
        assert!(fires(&rule_named("a b"), "BK017"));
        let twice = stack(vec![
            vault("v", "vv"),
            plan("p", vec![daily(Some(35)), daily(Some(35))]),
        ]);
        assert!(fires(&twice, "BK017"));
    }

    #[test]
    fn rule_targets_by_name_or_arn() {
        let target = |field: &str, v: Value| {
            let mut rl = daily(Some(35));
            if field == "air_gapped_vault" {
                rl = with_rule_field(rl, "air_gapped_vault", v);
            } else {
                rl = with_rule_field(rl, "vault", v);
            }
            one_rule(rl)
        };
        assert!(!fires(&target("vault", "existing-vault".into()), "BK001"));
        assert!(fires(&target("vault", "a".into()), "BK001"));
        assert!(fires(
            &target(
                "vault",
                "arn:aws:backup:us-east-1:111122223333:backup-vault:x".into()
            ),
            "BK140"
        ));
        let lag = |arn: &str| target("air_gapped_vault", arn.into());
        assert!(!fires(
            &lag("arn:aws:backup:us-east-1:111122223333:backup-vault:airgap"),
            "BK019"
        ));
        assert!(fires(
            &lag("arn:aws:backup:us-west-2:111122223333:backup-vault:airgap"),
            "BK019"
        ));
        assert!(fires(&lag("arn:aws:s3:::bucket"), "BK019"));
        assert!(fires(
            &lag("arn:aws:backup:us-east-1:111122223333:backup-plan:x"),
            "BK019"
        ));
        // The plan's Region unknown: only the ARN's shape is checked.
        let mut s = lag("arn:aws:backup:us-west-2:111122223333:backup-vault:airgap");
        s.region = Value::Unknown;
        assert!(!fires(&s, "BK019"));
    }

    #[test]
    fn windows_at_their_edges() {
        let windows = |start: Option<i64>, completion: Option<i64>| {
            let mut rl = daily(Some(35));
            if let Some(v) = start {
                rl = with_rule_field(rl, "start_window_minutes", Value::Int(v));
            }
            if let Some(v) = completion {
                rl = with_rule_field(rl, "completion_window_minutes", Value::Int(v));
            }
            one_rule(rl)
        };
        assert_clean(&windows(Some(60), Some(61)));
        assert_clean(&windows(Some(52_560_000), None));
        assert_clean(&windows(None, Some(52_560_000)));
        assert!(fires(&windows(Some(59), None), "BK027"));
        assert!(fires(&windows(Some(52_560_001), None), "BK027"));
        assert!(windows(None, Some(0))
            .check()
            .errors()
            .any(|d| d.code.code == "BK028"));
        assert!(windows(None, Some(52_560_001))
            .check()
            .errors()
            .any(|d| d.code.code == "BK028"));
        // A completion window not longer than the start window warns, the default start too.
        assert!(windows(Some(120), Some(120))
            .check()
            .warnings()
            .any(|d| d.code.code == "BK028"));
        assert!(windows(None, Some(480))
            .check()
            .warnings()
            .any(|d| d.code.code == "BK028"));
        assert!(!windows(None, Some(481)).check().has("BK028"));
    }

    #[test]
    fn lifecycle_edges() {
        let l = |cold: Option<i64>, delete: Option<i64>| {
            one_rule(crate::rules::testing::rule(
                "daily",
                "v",
                Some(lifecycle(cold, delete)),
            ))
        };
        assert_clean(&l(None, Some(1)));
        assert_clean(&l(None, Some(36500)));
        assert_clean(&l(Some(1), Some(91)));
        assert_clean(&l(Some(36410), Some(36500)));
        assert!(fires(&l(None, Some(36501)), "BK030"));
        assert!(fires(&l(None, Some(-1)), "BK030"));
        assert!(fires(&l(Some(36501), None), "BK031"));
        assert!(fires(&l(Some(1), Some(90)), "BK032"));
        assert!(fires(&l(None, Some(0)), "BK033"));
        assert!(fires(&l(Some(0), None), "BK033"));
        let help = l(Some(10), Some(50))
            .check()
            .errors()
            .find(|d| d.code.code == "BK032")
            .and_then(|d| d.help.clone())
            .unwrap();
        assert!(help.contains("at least 100"), "{help}");
        let archive = |cold: bool| {
            let mut fields = vec![
                ("archive", Value::Bool(true)),
                ("delete_after_days", Value::Int(365)),
            ];
            if cold {
                fields.push(("cold_storage_after_days", Value::Int(30)));
            }
            one_rule(crate::rules::testing::rule(
                "daily",
                "v",
                Some(obj("Lifecycle", fields)),
            ))
        };
        assert!(archive(false)
            .check()
            .warnings()
            .any(|d| d.code.code == "BK034"));
        assert!(!archive(true).check().has("BK034"));
    }

    #[test]
    fn continuous_backup_edges() {
        let continuous = |l: Option<Value>, schedule: &str| {
            let mut rl = crate::rules::testing::rule("c", "v", l);
            rl = with_rule_field(rl, "continuous_backup", true.into());
            rl = with_rule_field(rl, "schedule", schedule.into());
            one_rule(rl)
        };
        assert_clean(&continuous(
            Some(lifecycle(None, Some(35))),
            "cron(0 5 * * ? *)",
        ));
        assert_clean(&continuous(
            Some(lifecycle(None, Some(1))),
            "cron(0 5 * * ? *)",
        ));
        assert!(fires(
            &continuous(Some(lifecycle(None, Some(36))), "cron(0 5 * * ? *)"),
            "BK037"
        ));
        assert!(fires(&continuous(None, "cron(0 5 * * ? *)"), "BK036"));
        assert!(fires(
            &continuous(Some(lifecycle(Some(30), Some(35))), "cron(0 5 * * ? *)"),
            "BK038"
        ));
        // Shorter than a weekly interval warns; equal to it does not.
        let weekly = |d: i64| continuous(Some(lifecycle(None, Some(d))), "cron(0 5 ? * MON *)");
        assert!(weekly(6).check().warnings().any(|x| x.code.code == "BK039"));
        assert!(!weekly(7).check().has("BK039"));
    }

    #[test]
    fn lock_bounds_for_rules() {
        let with_lock = |min: i64, max: i64, rule: Value| {
            stack(vec![locked_vault("v", min, max), plan("p", vec![rule])])
        };
        assert_clean(&with_lock(7, 35, daily(Some(7))));
        assert_clean(&with_lock(7, 35, daily(Some(35))));
        assert!(fires(&with_lock(7, 35, daily(Some(6))), "BK050"));
        assert!(fires(&with_lock(7, 35, daily(Some(36))), "BK051"));
        assert!(fires(&with_lock(7, 35, daily(None)), "BK051"));
        let continuous = |min: i64| {
            let rl = with_rule_field(daily(Some(35)), "continuous_backup", true.into());
            with_lock(min, 100, rl)
        };
        assert!(!fires(&continuous(35), "BK053"));
        assert!(fires(&continuous(36), "BK053"));
        // Without a lock: no bound.
        assert_clean(&stack(vec![
            vault("v", "vv"),
            plan("p", vec![daily(Some(36500))]),
        ]));
    }

    #[test]
    fn copy_edges() {
        let copying = |to: Value, copy_lifecycle: Option<Value>| {
            let mut fields = vec![("to", to)];
            if let Some(l) = copy_lifecycle {
                fields.push(("lifecycle", l));
            }
            with_rule_field(daily(Some(35)), "copy", list(vec![obj("Copy", fields)]))
        };
        let s = |rule: Value| {
            stack(vec![
                vault("v", "vv"),
                // In another Region: a copy within the source's Region is BK417's.
                locked_vault("d", 30, 40).with("region", "us-west-2"),
                plan("p", vec![rule]),
            ])
        };
        assert_clean(&s(copying(r("d"), None)));
        assert!(fires(
            &s(copying(r("d"), Some(lifecycle(None, Some(29))))),
            "BK052"
        ));
        assert!(fires(
            &s(copying(r("d"), Some(lifecycle(None, Some(41))))),
            "BK052"
        ));
        assert_clean(&s(copying(r("d"), Some(lifecycle(None, Some(40))))));
        assert!(s(copying(r("v"), None))
            .check()
            .warnings()
            .any(|d| d.code.code == "BK042"));
        let ok = "arn:aws:backup:us-west-2:111122223333:backup-vault:copies";
        assert!(!fires(&s(copying(ok.into(), None)), "BK041"));
        for bad in [
            "arn:aws:backup:us-west-2:111122223333:backup-vault:",
            "arn:aws:backup::111122223333:backup-vault:copies",
            "arn:aws:backup:us-west-2::backup-vault:copies",
            "arn:aws:backup:us-west-2:111122223333:backup-plan:copies",
            "copies",
        ] {
            assert!(fires(&s(copying(bad.into(), None)), "BK041"), "{bad}");
        }
    }

    #[test]
    fn cross_account_copies_need_the_stack_account() {
        let rule = copy_to(
            daily(Some(35)),
            "arn:aws:backup:us-west-2:444455556666:backup-vault:central".into(),
        );
        let rds = arn_selection(
            "sel",
            "p",
            vec!["arn:aws:rds:us-east-1:111122223333:db:orders".into()],
        );
        let mut s = stack(vec![vault("v", "vv"), plan("p", vec![rule]), rds]);
        assert!(!fires(&s, "BK044") && !fires(&s, "BK045"));
        s.account = "111122223333".into();
        let rep = s.check();
        assert!(rep.warnings().any(|d| d.code.code == "BK044"), "{rep}");
        assert!(rep.warnings().any(|d| d.code.code == "BK045"), "{rep}");
        s.account = "444455556666".into();
        assert!(!fires(&s, "BK044") && !fires(&s, "BK045"));
        // Same account, or a source vault with a customer managed key: no BK045.
        s.account = "111122223333".into();
        s.resources[0]
            .body
            .set("kms_key", "arn:aws:kms:us-east-1:111122223333:key/k");
        assert!(!fires(&s, "BK045"));
    }

    #[test]
    fn cold_storage_and_selected_types() {
        let rule = crate::rules::testing::rule("daily", "v", Some(lifecycle(Some(30), Some(365))));
        let with_resource = |arn: Value| {
            let sel = arn_selection("sel", "p", vec![arn]);
            stack(vec![
                vault("v", "vv"),
                res(Kind::S3Bucket, "b", vec![("name", "data-bucket".into())]),
                plan("p", vec![rule.clone()]),
                sel,
            ])
            .check()
            .warnings()
            .filter(|d| d.code.code == "BK035")
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
        };
        for (arn, ty) in [
            ("arn:aws:s3:::data-bucket", "S3"),
            ("arn:aws:rds:us-east-1:111122223333:cluster:c", "Aurora"),
            ("arn:aws:rds:us-east-1:111122223333:db:d", "RDS"),
            ("arn:aws:fsx:us-east-1:111122223333:file-system/fs-1", "FSx"),
            (
                "arn:aws:redshift:us-east-1:111122223333:cluster:r",
                "Redshift",
            ),
            ("arn:aws:ec2:us-east-1:111122223333:instance/i-1", "EC2"),
        ] {
            let w = with_resource(arn.into());
            assert!(
                w.len() == 1 && w[0].contains(&format!(": {ty} backups")),
                "{arn}: {w:?}"
            );
        }
        assert!(with_resource(r("b"))[0].contains("TieringConfiguration"));
        assert!(with_resource("arn:aws:ec2:us-east-1:111122223333:volume/v-1".into()).is_empty());
        assert!(with_resource("arn:aws:dynamodb:us-east-1:111122223333:table/t".into()).is_empty());
    }

    #[test]
    fn s3_continuous_in_one_plan_and_vault() {
        let continuous = |vault_id: &str| {
            with_rule_field(
                crate::rules::testing::rule("c", vault_id, Some(lifecycle(None, Some(35)))),
                "continuous_backup",
                true.into(),
            )
        };
        let sel = |id: &str, plan_id: &str| {
            arn_selection(id, plan_id, vec!["arn:aws:s3:::data-bucket".into()])
        };
        let two_plans = stack(vec![
            vault("v", "vv"),
            plan("p1", vec![continuous("v")]),
            plan("p2", vec![continuous("v")]).with("name", "p2"),
            sel("s1", "p1"),
            sel("s2", "p2"),
        ]);
        assert!(two_plans.check().warnings().any(|d| d.code.code == "BK040"));
        let one_plan = stack(vec![
            vault("v", "vv"),
            plan("p1", vec![continuous("v")]),
            sel("s1", "p1"),
        ]);
        assert!(!fires(&one_plan, "BK040"));
        let split_vaults = stack(vec![
            vault("v", "vv"),
            vault("w", "ww"),
            plan("p1", vec![continuous("v"), daily(Some(35)).clone()]),
            sel("s1", "p1"),
        ]);
        assert!(
            !fires(&split_vaults, "BK040"),
            "the periodic rule writes to `v` too"
        );
        let mut other_vault =
            crate::rules::testing::rule("d", "w", Some(lifecycle(None, Some(35))));
        other_vault = with_rule_field(other_vault, "name", "d".into());
        let split = stack(vec![
            vault("v", "vv"),
            vault("w", "ww"),
            plan("p1", vec![continuous("v"), other_vault]),
            sel("s1", "p1"),
        ]);
        assert!(split.check().warnings().any(|d| d.code.code == "BK040"));
        // A wildcard ARN names no one bucket.
        let wildcard = stack(vec![
            vault("v", "vv"),
            plan("p1", vec![continuous("v")]),
            plan("p2", vec![continuous("v")]).with("name", "p2"),
            arn_selection("s1", "p1", vec!["arn:aws:s3:::data-*".into()]),
        ]);
        assert!(!fires(&wildcard, "BK040"));
        // Only S3 buckets: two plans backing up one database continuously is another matter.
        let rds = |id: &str, plan_id: &str| {
            arn_selection(
                id,
                plan_id,
                vec!["arn:aws:rds:us-east-1:111122223333:db:orders".into()],
            )
        };
        let database = stack(vec![
            vault("v", "vv"),
            plan("p1", vec![continuous("v")]),
            plan("p2", vec![continuous("v")]).with("name", "p2"),
            rds("s1", "p1"),
            rds("s2", "p2"),
        ]);
        assert!(!fires(&database, "BK040"));
        // A table of the stack is no bucket either.
        let table_sel = |id: &str, plan_id: &str| arn_selection(id, plan_id, vec![r("t")]);
        let table = stack(vec![
            vault("v", "vv"),
            res(
                Kind::DynamoTable,
                "t",
                vec![
                    ("name", "table".into()),
                    ("hash_key", "id".into()),
                    ("attributes", map(&[("id", "S")])),
                ],
            ),
            plan("p1", vec![continuous("v")]),
            plan("p2", vec![continuous("v")]).with("name", "p2"),
            table_sel("s1", "p1"),
            table_sel("s2", "p2"),
        ]);
        assert!(!fires(&table, "BK040"));
    }

    #[test]
    fn index_actions_and_options() {
        let indexed = |actions: Vec<Value>| {
            one_rule(with_rule_field(
                daily(Some(35)),
                "index_actions",
                list(actions),
            ))
        };
        let action = |types: Vec<Value>| obj("IndexAction", vec![("resource_types", list(types))]);
        assert!(!indexed(vec![action(vec!["EBS".into()])])
            .check()
            .errors()
            .any(|d| d.code.code == "BK047"));
        assert!(fires(
            &indexed(vec![action(vec!["EBS".into()]), action(vec!["S3".into()])]),
            "BK047"
        ));
        assert!(fires(
            &indexed(vec![action(vec!["EBS".into(), "S3".into()])]),
            "BK047"
        ));
        assert!(fires(&indexed(vec![action(vec![])]), "BK047"));
        let options = |ty: &str, k: &str, v: &str| {
            stack(vec![
                vault("v", "vv"),
                plan("p", vec![daily(Some(35))]).with(
                    "advanced_backup_settings",
                    list(vec![obj(
                        "AdvancedBackupSetting",
                        vec![("resource_type", ty.into()), ("options", map(&[(k, v)]))],
                    )]),
                ),
            ])
        };
        assert_clean(&options("EC2", "WindowsVSS", "enabled"));
        assert_clean(&options("EC2", "WindowsVSS", "disabled"));
        assert_clean(&options("S3", "BackupACLs", "disabled"));
        assert_clean(&options("S3", "BackupObjectTags", "disabled"));
        assert!(fires(&options("EC2", "WindowsVSS", "on"), "BK046"));
        assert!(fires(&options("EC2", "BackupACLs", "disabled"), "BK046"));
        assert!(fires(&options("S3", "BackupACLs", "enabled"), "BK046"));
        assert!(fires(&options("S3", "WindowsVSS", "disabled"), "BK046"));
    }

    #[test]
    fn recovery_point_tag_edges() {
        let tagged = |k: String, v: Value| {
            one_rule(with_rule_field(
                daily(Some(35)),
                "recovery_point_tags",
                Value::Map(vec![(k, v)]),
            ))
        };
        assert_clean(&tagged("k".repeat(128), Value::from("v".repeat(256))));
        assert_clean(&tagged("n".into(), Value::Int(5)));
        assert!(fires(&tagged("k".repeat(129), "v".into()), "BK049"));
        assert!(fires(
            &tagged("k".into(), Value::from("v".repeat(257))),
            "BK049"
        ));
        assert!(fires(&tagged("aws:x".into(), "v".into()), "BK049"));
    }

    #[test]
    fn retention_descriptions() {
        assert_eq!(super::Retention::Days(3).describe(), "3 days");
        assert_eq!(
            super::Retention::Forever.describe(),
            "forever (no delete_after_days)"
        );
        assert_eq!(super::Retention::Unknown.describe(), "unknown");
    }

    #[test]
    fn schedules_and_time_zones_of_rules() {
        assert!(fires(
            &one_rule(with_rule_field(
                daily(Some(35)),
                "schedule",
                "rate(1 day)".into()
            )),
            "BK020"
        ));
        assert!(fires(
            &one_rule(with_rule_field(
                daily(Some(35)),
                "timezone",
                "Mars/Olympus".into()
            )),
            "BK026"
        ));
        assert_clean(&one_rule(with_rule_field(
            daily(Some(35)),
            "timezone",
            "Europe/Berlin".into(),
        )));
    }

    #[test]
    fn the_ninety_day_gap_only_where_it_applies() {
        // Continuous rules have no cold storage gap (BK038 says why cold storage is wrong).
        let continuous = with_rule_field(
            crate::rules::testing::rule("c", "v", Some(lifecycle(Some(10), Some(30)))),
            "continuous_backup",
            true.into(),
        );
        let rep = one_rule(continuous).check();
        assert!(rep.has("BK038") && !rep.has("BK032"), "{rep}");
        // A cold storage day out of range is BK031 alone.
        let rep = one_rule(crate::rules::testing::rule(
            "d",
            "v",
            Some(lifecycle(Some(36501), Some(100))),
        ))
        .check();
        assert!(rep.has("BK031") && !rep.has("BK032"), "{rep}");
        let rep = one_rule(crate::rules::testing::rule(
            "d",
            "v",
            Some(lifecycle(Some(0), Some(50))),
        ))
        .check();
        assert!(rep.has("BK033") && !rep.has("BK032"), "{rep}");
    }

    #[test]
    fn diagnostics_point_at_the_retention_or_the_lifecycle() {
        let path_of = |s: crate::Stack, code: &str| {
            s.check()
                .errors()
                .find(|d| d.code.code == code)
                .map(|d| d.path.clone())
                .unwrap_or_default()
        };
        let locked = |rule: Value| stack(vec![locked_vault("v", 7, 35), plan("p", vec![rule])]);
        assert_eq!(
            path_of(locked(daily(Some(3))), "BK050"),
            "rules[0].lifecycle.delete_after_days"
        );
        assert_eq!(path_of(locked(daily(None)), "BK051"), "rules[0].lifecycle");
        let no_lifecycle = crate::rules::testing::rule("d", "v", None);
        assert_eq!(path_of(locked(no_lifecycle), "BK051"), "rules[0].vault");
        let copying = |l: Option<Value>| {
            let mut fields = vec![("to", r("d"))];
            if let Some(l) = l {
                fields.push(("lifecycle", l));
            }
            stack(vec![
                vault("v", "vv"),
                locked_vault("d", 7, 35),
                plan(
                    "p",
                    vec![with_rule_field(
                        daily(Some(100)),
                        "copy",
                        list(vec![obj("Copy", fields)]),
                    )],
                ),
            ])
        };
        assert_eq!(
            path_of(copying(Some(lifecycle(None, Some(3)))), "BK052"),
            "rules[0].copy[0].lifecycle.delete_after_days"
        );
        assert_eq!(
            path_of(copying(Some(lifecycle(None, None))), "BK052"),
            "rules[0].copy[0].lifecycle"
        );
        assert_eq!(path_of(copying(None), "BK052"), "rules[0].copy[0].to");
    }

    #[test]
    fn cold_storage_warnings_once_per_type() {
        let rule = crate::rules::testing::rule("daily", "v", Some(lifecycle(Some(30), Some(365))));
        let with = |resources: Vec<Value>| {
            stack(vec![
                vault("v", "vv"),
                res(Kind::S3Bucket, "b1", vec![("name", "data-bucket-1".into())]),
                res(Kind::S3Bucket, "b2", vec![("name", "data-bucket-2".into())]),
                res(
                    Kind::DynamoTable,
                    "t",
                    vec![
                        ("name", "table".into()),
                        ("hash_key", "id".into()),
                        ("attributes", map(&[("id", "S")])),
                    ],
                ),
                plan("p", vec![rule.clone()]),
                arn_selection("sel", "p", resources),
            ])
            .check()
            .warnings()
            .filter(|d| d.code.code == "BK035")
            .count()
        };
        assert_eq!(with(vec![r("b1"), r("b2")]), 1);
        assert_eq!(with(vec![r("t")]), 0, "DynamoDB can go cold");
        assert_eq!(
            with(vec![
                "arn:aws:rds:us-east-1:111122223333:db:a".into(),
                "arn:aws:rds:us-east-1:111122223333:db:b".into()
            ]),
            1
        );
        // Selections of another plan do not count.
        let other = stack(vec![
            vault("v", "vv"),
            plan("p", vec![rule.clone()]),
            plan("q", vec![daily(Some(35))]).with("name", "q"),
            arn_selection(
                "sel",
                "q",
                vec!["arn:aws:rds:us-east-1:111122223333:db:a".into()],
            ),
        ]);
        assert!(!fires(&other, "BK035"));
    }

    #[test]
    fn bk044_only_for_databases() {
        let rule = copy_to(
            daily(Some(35)),
            "arn:aws:backup:us-west-2:444455556666:backup-vault:central".into(),
        );
        let selecting = |arn: &str| {
            let mut s = stack(vec![
                vault("v", "vv").with("kms_key", "arn:aws:kms:us-east-1:111122223333:key/k"),
                plan("p", vec![rule.clone()]),
                arn_selection("sel", "p", vec![arn.into()]),
            ]);
            s.account = "111122223333".into();
            s
        };
        assert!(!fires(
            &selecting("arn:aws:ec2:us-east-1:111122223333:volume/v-1"),
            "BK044"
        ));
        assert!(fires(
            &selecting("arn:aws:rds:us-east-1:111122223333:cluster:c"),
            "BK044"
        ));
        // Same Region, other account: fine for RDS.
        let mut same_region = selecting("arn:aws:rds:us-east-1:111122223333:db:d");
        if let Some(Value::List(rules)) = same_region.resources[1]
            .body
            .fields
            .iter_mut()
            .find(|(k, _)| k == "rules")
            .map(|(_, v)| v)
        {
            rules[0] = copy_to(
                daily(Some(35)),
                "arn:aws:backup:us-east-1:444455556666:backup-vault:central".into(),
            );
        }
        assert!(!fires(&same_region, "BK044"));
    }

    #[test]
    fn bk046_help_names_the_options_of_the_type() {
        let help = |ty: &str, k: &str| {
            stack(vec![
                vault("v", "vv"),
                plan("p", vec![daily(Some(35))]).with(
                    "advanced_backup_settings",
                    list(vec![obj(
                        "AdvancedBackupSetting",
                        vec![("resource_type", ty.into()), ("options", map(&[(k, "x")]))],
                    )]),
                ),
            ])
            .check()
            .errors()
            .find(|d| d.code.code == "BK046")
            .and_then(|d| d.help.clone())
            .unwrap_or_default()
        };
        assert!(help("EC2", "WindowsVSS").contains("`WindowsVSS`"));
        assert!(help("S3", "BackupACLs").contains("`BackupACLs`"));
    }

    #[test]
    fn bk417_copies_that_all_stay_in_the_source_region() {
        let with_copies = |to: Vec<Value>| {
            let mut rl = rule("daily", "v", Some(lifecycle(None, Some(35))));
            if let Value::Object(o) = &mut rl {
                o.set(
                    "copy",
                    list(
                        to.into_iter()
                            .map(|t| obj("Copy", vec![("to", t)]))
                            .collect(),
                    ),
                );
            }
            rl
        };
        let local = vault("local", "local-copies");
        let west = res(
            Kind::Vault,
            "west",
            vec![("name", "west".into()), ("region", "us-west-2".into())],
        );
        let fires = |copies: Vec<Value>, account: Option<&str>| {
            let mut s = stack(vec![
                vault("v", "vv"),
                local.clone(),
                west.clone(),
                plan("p", vec![with_copies(copies)]),
            ]);
            if let Some(a) = account {
                s.account = a.into();
            }
            codes(&s).contains(&"BK417")
        };
        assert!(fires(vec![r("local")], None));
        assert!(!fires(vec![r("west")], None));
        assert!(
            !fires(vec![r("local"), r("west")], None),
            "one copy leaving the Region is enough"
        );
        // By ARN: the same Region and the stack's own account stays; another account leaves.
        assert!(fires(
            vec!["arn:aws:backup:us-east-1:111122223333:backup-vault:dr".into()],
            Some("111122223333")
        ));
        assert!(!fires(
            vec!["arn:aws:backup:us-east-1:444455556666:backup-vault:dr".into()],
            Some("111122223333")
        ));
        assert!(
            !fires(
                vec!["arn:aws:backup:us-east-1:111122223333:backup-vault:dr".into()],
                None
            ),
            "the account is not known"
        );
        assert!(!fires(
            vec!["arn:aws:backup:eu-west-1:111122223333:backup-vault:dr".into()],
            Some("111122223333")
        ));
        // `$account` (an organization backup policy's placeholder) is the plan's own account,
        // whether the stack declares one or not.
        for account in [None, Some("111122223333")] {
            assert!(fires(
                vec!["arn:aws:backup:us-east-1:$account:backup-vault:dr".into()],
                account
            ));
        }
        // A copy into the source vault itself is BK042's, and no rule without copies fires.
        assert!(!fires(vec![r("v")], None));
        assert!(!fires(vec![], None));
        let ag = air_gapped("ag", "ag", 7, 365);
        let s = stack(vec![
            vault("v", "vv"),
            ag,
            plan("p", vec![with_copies(vec![r("ag")])]),
        ]);
        assert!(
            !codes(&s).contains(&"BK417"),
            "an air-gapped copy is worth having"
        );
    }
}
