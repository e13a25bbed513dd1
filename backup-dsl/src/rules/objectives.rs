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
use super::rpo::{fmt_hours, rule_gap, DEFAULT_COMPLETION_MINUTES};
use super::Cx;
use crate::codes::BK414;
use crate::model::{Objectives, Resource};
use crate::schema::{Kind, RESOURCE_TAG_PREFIX};
use crate::value::{Object, Value};

/// How the selections of the stack cover a data store.
enum Coverage<'a> {
    /// No selection of the stack can select it.
    None,
    /// A selection may select it; the checker cannot tell.
    Unknown,
    /// The rules that back it up: (plan, rule index, rule).
    Rules(Vec<(&'a Resource, usize, &'a Object)>),
}

/// BK414. Runs when the stack declares objectives. `stores` is [`protections`] of the stack,
/// which `check_all` finds once for this rule and the audit verdicts.
pub fn check(cx: &mut Cx, stores: &[(&Resource, Protection)]) {
    let Some(objectives) = cx.stack.objectives.clone() else {
        return;
    };
    for (store, protection) in stores {
        match protection {
            Protection::Unknown => {}
            Protection::Unprotected => {
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
            Protection::By(rules) => prove(cx, store, rules, &objectives),
        }
    }
}

/// The tags a resource carries: its own, and the stack's where its own do not say.
pub(crate) fn tags_of<'a>(cx: &Cx<'a>, res: &'a Resource) -> Vec<(&'a str, &'a Value)> {
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
            .and_then(|p| cx.target(p))
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

/// A backup rule's worst-case RPO.
#[derive(Clone, Debug, PartialEq)]
pub enum Rpo {
    /// Continuous backups: minutes.
    Continuous,
    /// Minutes, and how they come about.
    Minutes(i64, String),
    /// Not known before the stack is built, or a schedule the reader does not take.
    Unknown,
}

/// Where a copy action lands.
#[derive(Clone, Debug, PartialEq)]
pub struct CopyFact {
    /// The destination: a vault of the stack by id, or an ARN.
    pub to: String,
    /// Its Region, when known.
    pub region: Option<String>,
    /// Its account when given by ARN (`None`: this stack's account, or not known).
    pub account: Option<String>,
    /// Whether it is a logically air-gapped vault (`None`: a vault outside the stack).
    pub air_gapped: Option<bool>,
    /// Whether it is locked (`None`: a vault outside the stack).
    pub locked: Option<bool>,
}

/// What one rule gives a store it protects.
#[derive(Clone, Debug)]
pub struct RuleFacts<'a> {
    /// The plan.
    pub plan: &'a Resource,
    /// The rule's index in the plan.
    pub index: usize,
    /// The rule's name.
    pub name: String,
    /// Its worst-case RPO.
    pub rpo: Rpo,
    /// How long its recovery points are kept.
    pub retention: Retention,
    /// Whether its target vault is locked or air-gapped (`None`: a vault given by ARN).
    pub locked: Option<bool>,
    /// Whether it also writes to a logically air-gapped vault.
    pub air_gapped_target: bool,
    /// Its copy actions.
    pub copies: Vec<CopyFact>,
}

/// How a data store is protected.
pub enum Protection<'a> {
    /// No selection can select it.
    Unprotected,
    /// A selection may select it; the checker cannot tell.
    Unknown,
    /// The rules that back it up.
    By(Vec<RuleFacts<'a>>),
}

/// Every data store of the stack (buckets, tables) with its protection, in declaration order.
pub fn protections<'a>(cx: &Cx<'a>) -> Vec<(&'a Resource, Protection<'a>)> {
    cx.of_kind(Kind::S3Bucket)
        .into_iter()
        .chain(cx.of_kind(Kind::DynamoTable))
        .map(|store| {
            let protection = match coverage(cx, store) {
                Coverage::None => Protection::Unprotected,
                Coverage::Unknown => Protection::Unknown,
                Coverage::Rules(rules) => Protection::By(
                    rules
                        .into_iter()
                        .map(|(plan, i, rule)| rule_facts(cx, plan, i, rule))
                        .collect(),
                ),
            };
            (store, protection)
        })
        .collect()
}

fn rule_facts<'a>(cx: &Cx<'a>, plan: &'a Resource, index: usize, rule: &Object) -> RuleFacts<'a> {
    let name = rule.str("name").unwrap_or("?").to_string();
    let rpo = if rule.bool("continuous_backup") == Some(true) {
        Rpo::Continuous
    } else {
        let completion = match rule.get("completion_window_minutes") {
            None => Some(DEFAULT_COMPLETION_MINUTES),
            Some(v) => v.as_int(),
        };
        match (rule_gap(rule), completion) {
            (Some((schedule, timezone, gap)), Some(completion)) => Rpo::Minutes(
                gap.minutes + completion,
                format!(
                    "rule `{name}`, `{schedule}` in {timezone}: {} h from {} to {}, plus its {completion}-minute completion window",
                    fmt_hours(gap.minutes),
                    gap.from,
                    gap.to
                ),
            ),
            _ => Rpo::Unknown,
        }
    };
    let vault = |v: &Value| -> (Option<bool>, Option<bool>, Option<String>, String) {
        match v {
            Value::Ref(_) => match cx.target(v) {
                Some(t) => (
                    Some(t.kind == Kind::AirGappedVault),
                    Some(t.kind == Kind::AirGappedVault || t.body.has("lock")),
                    cx.region_of(t).map(str::to_string),
                    t.id.clone(),
                ),
                None => (None, None, None, String::new()),
            },
            Value::Str(arn) => (
                None,
                None,
                parse_arn(arn)
                    .map(|(_, _, r, _, _)| r.to_string())
                    .filter(|r| !r.is_empty() && !r.contains('*')),
                arn.clone(),
            ),
            _ => (None, None, None, String::new()),
        }
    };
    let locked = rule.get("vault").map_or(Some(false), |v| vault(v).1);
    let copies = rule
        .list("copy")
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|c| c.get("to"))
        .map(|to| {
            let (air_gapped, locked, region, shown) = vault(to);
            let account = to
                .as_str()
                .and_then(parse_arn)
                .and_then(|(_, _, _, a, _)| super::names::arn_account(a))
                .map(str::to_string);
            CopyFact {
                to: shown,
                region,
                account,
                air_gapped,
                locked,
            }
        })
        .collect();
    RuleFacts {
        plan,
        index,
        name,
        rpo,
        retention: Retention::of(rule.get("lifecycle")),
        locked,
        air_gapped_target: rule.has("air_gapped_vault"),
        copies,
    }
}

/// Proves each objective from the rules that back the store up, or reports it with the numbers.
fn prove(cx: &mut Cx, store: &Resource, rules: &[RuleFacts], o: &Objectives) {
    let region = cx.region_of(store).map(str::to_string);
    let name = store.display().to_string();
    let first = rules.first().map(|r| (r.plan, r.index));
    let fail = |cx: &mut Cx, message: String, help: &str, at: Option<(&Resource, usize)>| {
        let d = cx.report.error(&BK414, &store.id, "", message);
        if let Some((plan, i)) = at {
            d.note(&plan.id, &format!("rules[{i}]"), "the rule");
        }
        d.help(help);
    };
    if let Some(objective) = o.rpo_hours {
        // The best rule decides; a rule whose RPO is unknown may be the best: no finding then.
        let unknown = rules.iter().any(|r| r.rpo == Rpo::Unknown);
        let continuous = rules.iter().any(|r| r.rpo == Rpo::Continuous);
        let best = rules
            .iter()
            .filter_map(|r| match &r.rpo {
                Rpo::Minutes(m, why) => Some((*m, r, why)),
                _ => None,
            })
            .min_by_key(|(m, ..)| *m);
        if let (false, false, Some((minutes, r, why))) = (unknown, continuous, best) {
            if minutes > objective * 60 {
                fail(
                    cx,
                    format!(
                        "`{name}`: worst-case RPO {} h ({why}) exceeds the objective of {objective} h",
                        fmt_hours(minutes)
                    ),
                    "run the rule more often, shorten `completion_window_minutes` (AWS's default is 7 days), or add `continuous_backup: true` for the store's type",
                    Some((r.plan, r.index)),
                );
            }
        }
    }
    if let Some(objective) = o.retention_days {
        let met = rules.iter().any(|r| match r.retention {
            Retention::Forever | Retention::Unknown => true,
            Retention::Days(d) => d >= objective,
        });
        let longest = rules
            .iter()
            .filter_map(|r| match r.retention {
                Retention::Days(d) => Some((d, r)),
                _ => None,
            })
            .max_by_key(|(d, _)| *d);
        if let (false, Some((days, r))) = (met, longest) {
            fail(
                cx,
                format!("`{name}`: its recovery points are kept {days} days at most; the objective is {objective} days"),
                "raise `lifecycle.delete_after_days` of the rule",
                Some((r.plan, r.index)),
            );
        }
    }
    let copies: Vec<&CopyFact> = rules.iter().flat_map(|r| &r.copies).collect();
    let any_copy_unknown = copies.iter().any(|c| c.to.is_empty());
    // A Region only known at run time (a parameter) cannot be compared: no finding now; the
    // build checks again with every value known.
    if o.copy_to_another_region && !any_copy_unknown {
        let elsewhere = region.is_none()
            || copies.iter().any(|c| {
                c.region
                    .as_deref()
                    .is_none_or(|r| Some(r) != region.as_deref())
            });
        if !elsewhere {
            fail(
                cx,
                format!(
                    "`{name}`: no rule protecting it copies to another Region than `{}`; the objective asks for one",
                    region.as_deref().unwrap_or("?")
                ),
                "add `copy: [Copy { to: <a vault in another Region> }]` to a rule",
                first,
            );
        }
    }
    if o.copy_to_another_account && !any_copy_unknown {
        let account = cx.stack.account.as_str();
        let other = copies.iter().any(|c| {
            c.account
                .as_deref()
                .is_some_and(|a| account.is_none() || a.is_empty() || Some(a) != account)
        });
        if !other {
            fail(
                cx,
                format!("`{name}`: no rule protecting it copies to another account; the objective asks for one"),
                "add `copy: [Copy { to: \"arn:aws:backup:<region>:<account>:backup-vault:<name>\" }]` to a rule",
                first,
            );
        }
    }
    if o.copy_to_air_gapped_vault && !any_copy_unknown {
        // A vault outside the stack may be air-gapped: no finding.
        let air_gapped = rules.iter().any(|r| r.air_gapped_target)
            || copies.iter().any(|c| c.air_gapped != Some(false));
        if !air_gapped {
            fail(
                cx,
                format!("`{name}`: no rule protecting it copies to a logically air-gapped vault; the objective asks for one"),
                "add `copy: [Copy { to: <a backup::LogicallyAirGappedVault> }]` to a rule",
                first,
            );
        }
    }
    if o.locked_vault {
        // A vault given by ARN may be locked: no finding.
        let locked = rules
            .iter()
            .any(|r| r.locked != Some(false) || r.air_gapped_target)
            || copies.iter().any(|c| c.locked != Some(false));
        if !locked {
            fail(
                cx,
                format!("`{name}`: no rule protecting it writes to a locked vault; the objective asks for one"),
                "give the vault a `lock: Lock { .. }`, or copy to a logically air-gapped vault",
                first,
            );
        }
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

    fn bk414(s: &crate::Stack) -> Vec<String> {
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
    fn bk414_rpo_over_the_autumn_clock_change() {
        let by_ref = vec![("resources", list(vec![r("catalog")]))];
        let found = bk414(&stack_with(daily(vec![]), by_ref.clone(), rpo(24)));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("`backup-catalog`: worst-case RPO 27 h (rule `daily`, `cron(0 2 * * ? *)` in Europe/Berlin: 25 h from 2026-10-25T02:00:00+02:00[Europe/Berlin] to 2026-10-26T02:00:00+01:00[Europe/Berlin], plus its 120-minute completion window) exceeds the objective of 24 h"),
            "{found:?}"
        );
        assert!(bk414(&stack_with(daily(vec![]), by_ref.clone(), rpo(27))).is_empty());
        // Continuous backups give minutes.
        let continuous = daily(vec![("continuous_backup", Value::Bool(true))]);
        assert!(bk414(&stack_with(continuous, by_ref, rpo(1))).is_empty());
    }

    #[test]
    fn bk414_coverage_by_reference_arn_and_tag() {
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
                bk414(&stack_with(daily(vec![]), selection.clone(), o.clone())).is_empty(),
                "{selection:?}"
            );
        }
        // Nothing selects it.
        let other = vec![("tags", map(&[("backup", "weekly")]))];
        let found = bk414(&stack_with(daily(vec![]), other, o.clone()));
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
                bk414(&stack_with(daily(vec![]), selection.clone(), rpo(1))).is_empty(),
                "{selection:?}"
            );
        }
        // Left out by `not_resources`.
        let excluded = vec![
            ("tags", map(&[("backup", "daily")])),
            ("not_resources", list(vec![r("catalog")])),
        ];
        assert!(bk414(&stack_with(daily(vec![]), excluded, o))[0].contains("no selection"));
    }

    #[test]
    fn bk414_retention_copies_and_lock() {
        let by_ref = vec![("resources", list(vec![r("catalog")]))];
        let all = Objectives {
            retention_days: Some(90),
            copy_to_another_region: true,
            copy_to_another_account: true,
            copy_to_air_gapped_vault: true,
            locked_vault: true,
            ..Objectives::default()
        };
        let found = bk414(&stack_with(daily(vec![]), by_ref.clone(), all.clone()));
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
        assert!(bk414(&unknown_region).is_empty());
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
        let found = bk414(&s);
        // The vault outside the stack may be air-gapped and locked: not judged.
        assert!(found.is_empty(), "{found:?}");
    }

    fn unprotected(s: &crate::Stack) -> bool {
        bk414(s)
            .iter()
            .any(|m| m.contains("no selection of a plan protects it"))
    }

    #[test]
    fn bk414_coverage_edges() {
        let o = rpo(48);
        let with = |selection: Vec<(&str, Value)>| stack_with(daily(vec![]), selection, o.clone());
        // Another table's ARN, another service's ARN, a bucket wildcard: not this table.
        for arn in [
            "arn:aws:dynamodb:us-east-1:111122223333:table/other",
            "arn:aws:rds:us-east-1:111122223333:db:backup-catalog",
            "arn:aws:s3:::*",
        ] {
            assert!(
                unprotected(&with(vec![("resources", list(vec![arn.into()]))])),
                "{arn}"
            );
        }
        // Not judged: a value only known at run time, in `resources` or as a tag value.
        assert!(bk414(&with(vec![("resources", list(vec![Value::Unknown]))])).is_empty());
        assert!(bk414(&with(vec![("resources", Value::Unknown)])).is_empty());
        assert!(bk414(&with(vec![(
            "tags",
            Value::Map(vec![("backup".into(), Value::Unknown)])
        )]))
        .is_empty());
        // Left out by ARN in `not_resources`.
        let excluded = vec![
            ("tags", map(&[("backup", "daily")])),
            (
                "not_resources",
                list(vec![
                    "arn:aws:dynamodb:us-east-1:111122223333:table/backup-catalog".into(),
                ]),
            ),
        ];
        assert!(unprotected(&with(excluded)));
        // Conditions next to a tag that already selects it: judged.
        let tagged_with_conditions = vec![
            ("tags", map(&[("backup", "daily")])),
            (
                "conditions",
                obj("Conditions", vec![("string_equals", map(&[("team", "a")]))]),
            ),
        ];
        assert!(!bk414(&stack_with(daily(vec![]), tagged_with_conditions, rpo(1))).is_empty());
    }

    #[test]
    fn bk414_buckets_by_arn_and_stack_tags() {
        let bucket = |tags: Option<Value>| {
            let mut b = res(
                Kind::S3Bucket,
                "store",
                vec![("name", "backup-store".into())],
            );
            if let Some(t) = tags {
                b.body.set("tags", t);
            }
            b
        };
        let stack_of = |store: crate::Resource,
                        selection: Vec<(&str, Value)>,
                        stack_tags: Vec<(&str, &str)>| {
            let mut s = stack_with(daily(vec![]), selection, rpo(48));
            s.resources.retain(|r| r.id != "catalog");
            s.resources.push(store);
            s.tags = stack_tags
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.into()))
                .collect();
            s
        };
        let by_arn = vec![("resources", list(vec!["arn:aws:s3:::backup-store".into()]))];
        assert!(bk414(&stack_of(bucket(None), by_arn, vec![])).is_empty());
        let by_other = vec![("resources", list(vec!["arn:aws:s3:::other".into()]))];
        assert!(unprotected(&stack_of(bucket(None), by_other, vec![])));
        let wildcard = vec![("resources", list(vec!["arn:aws:s3:::backup-*".into()]))];
        assert!(
            bk414(&stack_of(bucket(None), wildcard, vec![])).is_empty(),
            "may select it"
        );
        // The stack's tags count, and the store's own tag of the same key wins.
        let by_tag = vec![("tags", map(&[("backup", "daily")]))];
        assert!(bk414(&stack_of(
            bucket(None),
            by_tag.clone(),
            vec![("backup", "daily")]
        ))
        .is_empty());
        let own = Some(map(&[("backup", "weekly")]));
        assert!(unprotected(&stack_of(
            bucket(own),
            by_tag,
            vec![("backup", "daily")]
        )));
    }

    #[test]
    fn bk414_the_best_rule_decides() {
        let by_ref = vec![("resources", list(vec![r("catalog")]))];
        let two = |second: Value| {
            let mut s = stack_with(
                daily(vec![]),
                by_ref.clone(),
                Objectives {
                    rpo_hours: Some(14),
                    retention_days: Some(90),
                    ..Objectives::default()
                },
            );
            if let Some(p) = s.resources.iter_mut().find(|r| r.id == "p") {
                if let Some(Value::List(rules)) = p.body.get("rules").cloned() {
                    let mut rules = rules;
                    rules.push(second);
                    p.body.set("rules", Value::List(rules));
                }
            }
            s
        };
        // Twice a day (12 h apart, 13 over the clock change, plus 60 minutes) and kept 90 days.
        let better = obj(
            "Rule",
            vec![
                ("name", "twice".into()),
                ("vault", r("v")),
                ("schedule", "cron(0 3,15 * * ? *)".into()),
                ("timezone", "Europe/Berlin".into()),
                ("completion_window_minutes", Value::Int(60)),
                ("lifecycle", lifecycle(None, Some(90))),
            ],
        );
        assert!(
            bk414(&two(better)).is_empty(),
            "{:?}",
            bk414(&two(obj("Rule", vec![])))
        );
        // A worse second rule changes nothing: 27 h and 35 days are reported from the first.
        let worse = obj(
            "Rule",
            vec![
                ("name", "weekly".into()),
                ("vault", r("v")),
                ("schedule", "cron(0 3 ? * SUN *)".into()),
                ("lifecycle", lifecycle(None, Some(30))),
            ],
        );
        let found = bk414(&two(worse));
        assert!(
            found.iter().any(|m| m.contains("worst-case RPO 27 h")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|m| m.contains("kept 35 days at most")),
            "{found:?}"
        );
    }

    #[test]
    fn bk414_copies_by_reference() {
        let by_ref = vec![("resources", list(vec![r("catalog")]))];
        let copying_to = |to: &str| {
            let rule = daily(vec![("copy", list(vec![obj("Copy", vec![("to", r(to))])]))]);
            let mut s = stack_with(
                rule,
                by_ref.clone(),
                Objectives {
                    copy_to_another_region: true,
                    copy_to_air_gapped_vault: true,
                    locked_vault: true,
                    ..Objectives::default()
                },
            );
            s.resources
                .push(key("west_key").with("region", "us-west-2"));
            s.resources.push(
                vault("west", "west")
                    .with("region", "us-west-2")
                    .with("kms_key", r("west_key")),
            );
            s.resources.push(air_gapped("gap", "gap", 7, 365));
            bk414(&s)
        };
        let west = copying_to("west");
        assert_eq!(
            west.len(),
            2,
            "another Region, but neither air-gapped nor locked: {west:?}"
        );
        assert!(west[0].contains("air-gapped") && west[1].contains("locked"));
        let gap = copying_to("gap");
        assert_eq!(
            gap.len(),
            1,
            "air-gapped and locked, but in the same Region: {gap:?}"
        );
        assert!(gap[0].contains("another Region"));
    }

    #[test]
    fn bk414_unknown_tags_and_accounts_and_locks() {
        let o = rpo(48);
        // The store's own tag only known at run time, or the selection's whole tag list.
        let mut s = stack_with(
            daily(vec![]),
            vec![("tags", map(&[("backup", "daily")]))],
            o.clone(),
        );
        if let Some(t) = s.resources.iter_mut().find(|r| r.id == "catalog") {
            t.body
                .set("tags", Value::Map(vec![("backup".into(), Value::Unknown)]));
        }
        assert!(bk414(&s).is_empty());
        assert!(bk414(&stack_with(
            daily(vec![]),
            vec![("tags", Value::Unknown)],
            o.clone()
        ))
        .is_empty());
        // An empty tag list selects nothing.
        assert!(unprotected(&stack_with(
            daily(vec![]),
            vec![("tags", list(vec![]))],
            o
        )));
        // Another account: judged against the stack's account.
        let copy_to = |arn: &str| {
            let rule = daily(vec![(
                "copy",
                list(vec![obj("Copy", vec![("to", arn.into())])]),
            )]);
            let mut s = stack_with(
                rule,
                vec![("resources", list(vec![r("catalog")]))],
                Objectives {
                    copy_to_another_account: true,
                    ..Objectives::default()
                },
            );
            s.account = "111122223333".into();
            bk414(&s)
        };
        assert!(copy_to("arn:aws:backup:us-west-2:444455556666:backup-vault:dr").is_empty());
        assert_eq!(
            copy_to("arn:aws:backup:us-west-2:111122223333:backup-vault:dr").len(),
            1,
            "the same account"
        );
        assert_eq!(
            copy_to("arn:aws:backup:us-west-2:$account:backup-vault:dr").len(),
            1,
            "`$account` is the same account"
        );
        // A locked vault meets the lock objective.
        let mut s = stack_with(
            daily(vec![]),
            vec![("resources", list(vec![r("catalog")]))],
            Objectives {
                locked_vault: true,
                ..Objectives::default()
            },
        );
        assert_eq!(bk414(&s).len(), 1);
        if let Some(v) = s.resources.iter_mut().find(|r| r.id == "v") {
            v.body.set(
                "lock",
                obj(
                    "Lock",
                    vec![
                        ("mode", "governance".into()),
                        ("min_retention_days", Value::Int(7)),
                    ],
                ),
            );
        }
        assert!(bk414(&s).is_empty());
    }

    #[test]
    fn no_objectives_no_finding() {
        let mut s = stack_with(daily(vec![]), vec![], rpo(1));
        s.objectives = None;
        assert!(bk414(&s).is_empty());
    }
}
