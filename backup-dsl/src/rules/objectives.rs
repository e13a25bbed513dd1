//! Layer 3, the rules.
//!
//! BK414: the recovery objectives a stack declares (`#[objectives(..)]`), proven for every data
//! store of the stack (S3 buckets, DynamoDB tables) from the backup rules that protect it. A
//! store is protected by a rule when a selection of the rule's plan names it (by reference or by
//! its ARN) or selects a tag it carries; when a selection may select it but the checker cannot
//! tell (`*`, a wildcard ARN of its service, conditions, values only known at run time), the
//! store's objectives are not judged: a false error is worse than a missing one.

use super::names::parse_arn;
use super::plan::Retention;
use super::rpo::worst_gap;
use super::Cx;
use crate::codes::BK414;
use crate::model::{Objectives, Resource};
use crate::schema::{Kind, RESOURCE_TAG_PREFIX};
use crate::value::{Object, Value};

/// AWS Backup's completion window when a rule gives none: 7 days [API `BackupRule`
/// `CompletionWindowMinutes`].
const DEFAULT_COMPLETION_MINUTES: i64 = 10_080;
/// AWS Backup's schedule when a rule gives none [API `BackupRule` `ScheduleExpression`].
const DEFAULT_SCHEDULE: &str = "cron(0 5 ? * * *)";

/// How the selections of the stack cover a data store.
enum Coverage<'a> {
    /// No selection of the stack can select it.
    None,
    /// A selection may select it; the checker cannot tell.
    Unknown,
    /// The rules that back it up: (plan, rule index, rule).
    Rules(Vec<(&'a Resource, usize, &'a Object)>),
}

/// BK414. Runs when the stack declares objectives.
pub fn check(cx: &mut Cx) {
    let Some(objectives) = cx.stack.objectives.clone() else {
        return;
    };
    for store in cx
        .of_kind(Kind::S3Bucket)
        .into_iter()
        .chain(cx.of_kind(Kind::DynamoTable))
    {
        match coverage(cx, store) {
            Coverage::Unknown => {}
            Coverage::None => {
                cx.report
                    .error(
                        &BK414,
                        &store.id,
                        "",
                        format!(
                            "`{}` holds data, but no selection of a plan protects it, so no recovery objective of the stack is met",
                            store.display()
                        ),
                    )
                    .help(format!(
                        "add `{}` to a selection's `resources`, or give it a tag a selection selects",
                        store.id
                    ));
            }
            Coverage::Rules(rules) => prove(cx, store, &rules, &objectives),
        }
    }
}

/// The tags a resource carries: its own, and the stack's where its own do not say.
fn tags_of<'a>(cx: &Cx<'a>, res: &'a Resource) -> Vec<(&'a str, &'a Value)> {
    let mut out: Vec<(&str, &Value)> = match res.body.get("tags") {
        Some(Value::Map(pairs)) => pairs.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        _ => Vec::new(),
    };
    for (k, v) in &cx.stack.tags {
        if !out.iter().any(|(o, _)| *o == k) {
            out.push((k, v));
        }
    }
    out
}

/// Whether an ARN string names the store: an S3 bucket by `arn:<partition>:s3:::<name>`, a table
/// by `...:table/<name>`. `None` when it may (a wildcard in the store's service).
fn arn_names(arn: &str, store: &Resource) -> Option<bool> {
    let name = store.name()?;
    let (_, service, _, _, resource) = parse_arn(arn)?;
    let own_service = if store.kind == Kind::S3Bucket {
        "s3"
    } else {
        "dynamodb"
    };
    if service != own_service && service != "*" {
        return Some(false);
    }
    if arn.contains('*') {
        return None;
    }
    Some(match store.kind {
        Kind::S3Bucket => resource == name,
        _ => resource == format!("table/{name}"),
    })
}

fn coverage<'a>(cx: &Cx<'a>, store: &'a Resource) -> Coverage<'a> {
    let mut unknown = false;
    let mut plans: Vec<&'a Resource> = Vec::new();
    let tags = tags_of(cx, store);
    for sel in cx.of_kind(Kind::Selection) {
        let Some(plan) = sel
            .body
            .get("plan")
            .and_then(|p| cx.stack.target(p))
            .filter(|p| p.kind == Kind::Plan)
        else {
            unknown = true;
            continue;
        };
        // Left out by `not_resources`: this selection does not protect it.
        let excluded = sel.body.list("not_resources").iter().any(|v| match v {
            Value::Ref(id) => *id == store.id,
            Value::Str(arn) => arn_names(arn, store) == Some(true),
            _ => false,
        });
        if excluded {
            continue;
        }
        let mut covers = false;
        for item in sel.body.list("resources") {
            match item {
                Value::Ref(id) if *id == store.id => covers = true,
                Value::Str(s) if s == "*" => unknown = true,
                Value::Str(arn) => match arn_names(arn, store) {
                    Some(true) => covers = true,
                    Some(false) => {}
                    None => unknown = true,
                },
                v if v.is_unknown() => unknown = true,
                _ => {}
            }
        }
        if sel.body.get("resources").is_some_and(Value::is_unknown) {
            unknown = true;
        }
        match sel.body.get("tags") {
            Some(Value::Map(pairs)) => {
                for (k, v) in pairs {
                    let key = k.strip_prefix(RESOURCE_TAG_PREFIX).unwrap_or(k);
                    if v.is_unknown() {
                        unknown = true;
                    } else if tags.iter().any(|(tk, tv)| *tk == key && *tv == v) {
                        covers = true;
                    } else if tags.iter().any(|(tk, tv)| *tk == key && tv.is_unknown()) {
                        unknown = true;
                    }
                }
            }
            Some(v) if v.is_unknown() => unknown = true,
            _ => {}
        }
        // Conditions narrow or widen what is selected in ways the checker does not model.
        if sel.body.has("conditions") && !covers {
            unknown = true;
        }
        if covers && !plans.iter().any(|p| p.id == plan.id) {
            plans.push(plan);
        }
    }
    if plans.is_empty() {
        return if unknown {
            Coverage::Unknown
        } else {
            Coverage::None
        };
    }
    let rules = plans
        .into_iter()
        .flat_map(|plan| {
            plan.body
                .list("rules")
                .iter()
                .enumerate()
                .filter_map(move |(i, r)| r.as_object().map(|r| (plan, i, r)))
        })
        .collect();
    Coverage::Rules(rules)
}

/// Proves each objective from the rules that back the store up, or reports it with the numbers.
fn prove(cx: &mut Cx, store: &Resource, rules: &[(&Resource, usize, &Object)], o: &Objectives) {
    let region = cx.region_of(store).map(str::to_string);
    let name = store.display().to_string();
    let fail = |cx: &mut Cx, message: String, help: &str, at: Option<(&Resource, usize)>| {
        let d = cx.report.error(&BK414, &store.id, "", message);
        if let Some((plan, i)) = at {
            d.note(&plan.id, &format!("rules[{i}]"), "the rule");
        }
        d.help(help);
    };
    if let Some(objective) = o.rpo_hours {
        // The best rule decides: (minutes, rule, explanation); `None` when one is unknown.
        let mut best: Option<(i64, (&Resource, usize), String)> = None;
        let mut unknown = false;
        for &(plan, i, rule) in rules {
            let rule_name = rule.str("name").unwrap_or("?");
            if rule.bool("continuous_backup") == Some(true) {
                best = Some((0, (plan, i), String::new()));
                break;
            }
            let schedule = match rule.get("schedule") {
                None => Some(DEFAULT_SCHEDULE),
                Some(v) => v.as_str(),
            };
            let timezone = match rule.get("timezone") {
                None => Some("Etc/UTC"),
                Some(v) => v.as_str(),
            };
            let completion = match rule.get("completion_window_minutes") {
                None => Some(DEFAULT_COMPLETION_MINUTES),
                Some(v) => v.as_int(),
            };
            let (Some(schedule), Some(timezone), Some(completion)) =
                (schedule, timezone, completion)
            else {
                unknown = true;
                continue;
            };
            let Some(gap) = worst_gap(schedule, timezone) else {
                unknown = true;
                continue;
            };
            let minutes = gap.minutes + completion;
            if best.as_ref().is_none_or(|(b, ..)| minutes < *b) {
                let why = format!(
                    "rule `{rule_name}`, `{schedule}` in {timezone}: {} h from {} to {}, plus its {completion}-minute completion window",
                    fmt_hours(gap.minutes),
                    gap.from,
                    gap.to
                );
                best = Some((minutes, (plan, i), why));
            }
        }
        match best {
            Some((minutes, at, why)) if !unknown && minutes > objective * 60 => fail(
                cx,
                format!(
                    "`{name}`: worst-case RPO {} h ({why}) exceeds the objective of {objective} h",
                    fmt_hours(minutes)
                ),
                "run the rule more often, shorten `completion_window_minutes` (AWS's default is 7 days), or add `continuous_backup: true` for the store's type",
                Some(at),
            ),
            _ => {}
        }
    }
    if let Some(objective) = o.retention_days {
        let mut longest: Option<(i64, (&Resource, usize))> = None;
        let mut met = false;
        for &(plan, i, rule) in rules {
            match Retention::of(rule.get("lifecycle")) {
                Retention::Forever | Retention::Unknown => met = true,
                Retention::Days(d) if d >= objective => met = true,
                Retention::Days(d) => {
                    if longest.is_none_or(|(l, _)| d > l) {
                        longest = Some((d, (plan, i)));
                    }
                }
            }
        }
        if let (false, Some((days, at))) = (met, longest) {
            fail(
                cx,
                format!("`{name}`: its recovery points are kept {days} days at most; the objective is {objective} days"),
                "raise `lifecycle.delete_after_days` of the rule",
                Some(at),
            );
        }
    }
    let copies: Vec<&Value> = rules
        .iter()
        .flat_map(|(_, _, rule)| rule.list("copy").iter())
        .filter_map(Value::as_object)
        .filter_map(|c| c.get("to"))
        .collect();
    let any_copy_unknown = copies.iter().any(|v| v.is_unknown());
    if o.copy_to_another_region && !any_copy_unknown {
        // A Region only known at run time (a parameter) cannot be compared: no finding now; the
        // build checks again with every value known.
        let elsewhere = region.is_none()
            || copies.iter().any(|to| match to {
                Value::Ref(_) => cx
                    .stack
                    .target(to)
                    .and_then(|v| cx.region_of(v))
                    .is_none_or(|r| Some(r) != region.as_deref()),
                Value::Str(arn) => parse_arn(arn).is_none_or(|(_, _, r, _, _)| {
                    r.is_empty() || r.contains('*') || Some(r) != region.as_deref()
                }),
                _ => true,
            });
        if !elsewhere {
            fail(
                cx,
                format!(
                    "`{name}`: no rule protecting it copies to another Region than `{}`; the objective asks for one",
                    region.as_deref().unwrap_or("?")
                ),
                "add `copy: [Copy { to: <a vault in another Region> }]` to a rule",
                rules.first().map(|(p, i, _)| (*p, *i)),
            );
        }
    }
    if o.copy_to_another_account && !any_copy_unknown {
        let account = cx.stack.account.as_str();
        let other = copies.iter().any(|to| match to {
            Value::Str(arn) => parse_arn(arn).is_none_or(|(_, _, _, a, _)| {
                account.is_none() || a.is_empty() || Some(a) != account
            }),
            _ => false,
        });
        if !other {
            fail(
                cx,
                format!("`{name}`: no rule protecting it copies to another account; the objective asks for one"),
                "add `copy: [Copy { to: \"arn:aws:backup:<region>:<account>:backup-vault:<name>\" }]` to a rule",
                rules.first().map(|(p, i, _)| (*p, *i)),
            );
        }
    }
    let target_of = |v: &Value| cx.stack.target(v);
    if o.copy_to_air_gapped_vault && !any_copy_unknown {
        let air_gapped = rules.iter().any(|(_, _, rule)| {
            rule.has("air_gapped_vault")
                || rule
                    .list("copy")
                    .iter()
                    .filter_map(Value::as_object)
                    .filter_map(|c| c.get("to"))
                    .any(|to| match to {
                        Value::Ref(_) => {
                            target_of(to).is_some_and(|t| t.kind == Kind::AirGappedVault)
                        }
                        // A vault outside the stack may be air-gapped: no finding.
                        _ => true,
                    })
        });
        if !air_gapped {
            fail(
                cx,
                format!("`{name}`: no rule protecting it copies to a logically air-gapped vault; the objective asks for one"),
                "add `copy: [Copy { to: <a backup::LogicallyAirGappedVault> }]` to a rule",
                rules.first().map(|(p, i, _)| (*p, *i)),
            );
        }
    }
    if o.locked_vault {
        let locked = rules.iter().any(|(_, _, rule)| {
            let vault_locked = |v: Option<&Value>| match v {
                Some(Value::Ref(_)) => v
                    .and_then(target_of)
                    .is_some_and(|t| t.kind == Kind::AirGappedVault || t.body.has("lock")),
                // A vault given by ARN may be locked: no finding.
                Some(_) => true,
                None => false,
            };
            vault_locked(rule.get("vault"))
                || rule.has("air_gapped_vault")
                || rule
                    .list("copy")
                    .iter()
                    .filter_map(Value::as_object)
                    .any(|c| vault_locked(c.get("to")))
        });
        if !locked {
            fail(
                cx,
                format!("`{name}`: no rule protecting it writes to a locked vault; the objective asks for one"),
                "give the vault a `lock: Lock { .. }`, or copy to a logically air-gapped vault",
                rules.first().map(|(p, i, _)| (*p, *i)),
            );
        }
    }
}

/// Hours with one decimal when not whole (`25`, `24.5`).
fn fmt_hours(minutes: i64) -> String {
    if minutes % 60 == 0 {
        (minutes / 60).to_string()
    } else {
        format!("{:.1}", minutes as f64 / 60.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Objectives;
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    fn table() -> crate::Resource {
        res(
            Kind::DynamoTable,
            "catalog",
            vec![
                ("name", "backup-catalog".into()),
                ("hash_key", "id".into()),
                ("attributes", map(&[("id", "S")])),
                ("tags", map(&[("backup", "daily")])),
            ],
        )
    }

    fn daily(extra: Vec<(&str, Value)>) -> Value {
        let mut fields = vec![
            ("name", Value::from("daily")),
            ("vault", r("v")),
            ("schedule", "cron(0 2 * * ? *)".into()),
            ("timezone", "Europe/Berlin".into()),
            ("completion_window_minutes", Value::Int(120)),
            ("lifecycle", lifecycle(None, Some(35))),
        ];
        fields.extend(extra);
        obj("Rule", fields)
    }

    fn stack_with(rule: Value, selection: Vec<(&str, Value)>, o: Objectives) -> crate::Stack {
        let mut sel = vec![
            ("name", Value::from("s")),
            ("plan", r("p")),
            ("role", r("role")),
        ];
        sel.extend(selection);
        let mut s = stack(vec![
            key("k"),
            vault("v", "primary").with("kms_key", r("k")),
            plan("p", vec![rule]),
            backup_role("role"),
            table(),
            res(Kind::Selection, "sel", sel),
        ]);
        s.objectives = Some(o);
        s
    }

    fn bk418(s: &crate::Stack) -> Vec<String> {
        s.check()
            .diagnostics
            .into_iter()
            .filter(|d| d.code.code == "BK414")
            .map(|d| d.message)
            .collect()
    }

    fn rpo(hours: i64) -> Objectives {
        Objectives {
            rpo_hours: Some(hours),
            ..Objectives::default()
        }
    }

    #[test]
    fn bk418_rpo_over_the_autumn_clock_change() {
        let by_ref = vec![("resources", list(vec![r("catalog")]))];
        let found = bk418(&stack_with(daily(vec![]), by_ref.clone(), rpo(24)));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("`backup-catalog`: worst-case RPO 27 h (rule `daily`, `cron(0 2 * * ? *)` in Europe/Berlin: 25 h from 2026-10-25T02:00:00+02:00[Europe/Berlin] to 2026-10-26T02:00:00+01:00[Europe/Berlin], plus its 120-minute completion window) exceeds the objective of 24 h"),
            "{found:?}"
        );
        assert!(bk418(&stack_with(daily(vec![]), by_ref.clone(), rpo(27))).is_empty());
        // Continuous backups give minutes.
        let continuous = daily(vec![("continuous_backup", Value::Bool(true))]);
        assert!(bk418(&stack_with(continuous, by_ref, rpo(1))).is_empty());
    }

    #[test]
    fn bk418_coverage_by_reference_arn_and_tag() {
        let o = rpo(48);
        for selection in [
            vec![("resources", list(vec![r("catalog")]))],
            vec![(
                "resources",
                list(vec![
                    "arn:aws:dynamodb:us-east-1:111122223333:table/backup-catalog".into(),
                ]),
            )],
            vec![("tags", map(&[("backup", "daily")]))],
            vec![("tags", map(&[("aws:ResourceTag/backup", "daily")]))],
        ] {
            assert!(
                bk418(&stack_with(daily(vec![]), selection.clone(), o.clone())).is_empty(),
                "{selection:?}"
            );
        }
        // Nothing selects it.
        let other = vec![("tags", map(&[("backup", "weekly")]))];
        let found = bk418(&stack_with(daily(vec![]), other, o.clone()));
        assert!(
            found[0].contains("no selection of a plan protects it"),
            "{found:?}"
        );
        // A wildcard of its service, or conditions: may select it; not judged.
        for selection in [
            vec![(
                "resources",
                list(vec!["arn:aws:dynamodb:*:*:table/*".into()]),
            )],
            vec![("resources", list(vec!["*".into()]))],
            vec![(
                "conditions",
                obj("Conditions", vec![("string_equals", map(&[("team", "a")]))]),
            )],
        ] {
            assert!(
                bk418(&stack_with(daily(vec![]), selection.clone(), rpo(1))).is_empty(),
                "{selection:?}"
            );
        }
        // Left out by `not_resources`.
        let excluded = vec![
            ("tags", map(&[("backup", "daily")])),
            ("not_resources", list(vec![r("catalog")])),
        ];
        assert!(bk418(&stack_with(daily(vec![]), excluded, o))[0].contains("no selection"));
    }

    #[test]
    fn bk418_retention_copies_and_lock() {
        let by_ref = vec![("resources", list(vec![r("catalog")]))];
        let all = Objectives {
            retention_days: Some(90),
            copy_to_another_region: true,
            copy_to_another_account: true,
            copy_to_air_gapped_vault: true,
            locked_vault: true,
            ..Objectives::default()
        };
        let found = bk418(&stack_with(daily(vec![]), by_ref.clone(), all.clone()));
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(found[0].contains("kept 35 days at most; the objective is 90 days"));
        assert!(found[1].contains("another Region than `us-east-1`"));
        // Regions only known at run time are not compared.
        let mut unknown_region = stack_with(
            daily(vec![]),
            vec![("resources", list(vec![r("catalog")]))],
            Objectives {
                copy_to_another_region: true,
                ..Objectives::default()
            },
        );
        unknown_region.region = Value::Unknown;
        assert!(bk418(&unknown_region).is_empty());
        // A copy to another account's vault in another Region, retention met.
        let copied = daily(vec![
            ("lifecycle", lifecycle(None, Some(120))),
            (
                "copy",
                list(vec![obj(
                    "Copy",
                    vec![(
                        "to",
                        "arn:aws:backup:us-west-2:444455556666:backup-vault:dr".into(),
                    )],
                )]),
            ),
        ]);
        let mut s = stack_with(copied, by_ref, all);
        s.account = "111122223333".into();
        let found = bk418(&s);
        // The vault outside the stack may be air-gapped and locked: not judged.
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn no_objectives_no_finding() {
        let mut s = stack_with(daily(vec![]), vec![], rpo(1));
        s.objectives = None;
        assert!(bk418(&s).is_empty());
    }
}
