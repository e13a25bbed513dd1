//! Layer 3, the rules.
//!
//! Restore testing plans and selections.

use super::names::{chars_within, parse_arn};
use super::selection::role_trusts_backup;
use super::Cx;
use crate::codes::*;
use crate::model::Resource;
use crate::schema::Kind;
use crate::value::Value;

/// Runs the restore testing rules.
pub fn check(cx: &mut Cx) {
    let plans = cx.of_kind(Kind::RestoreTestingPlan);
    if plans.len() > 100 {
        cx.report
            .error(
                &BK095,
                &plans[100].id,
                "",
                format!(
                    "{} restore testing plans; at most 100 per account",
                    plans.len()
                ),
            )
            .help("merge plans");
    }
    for plan in &plans {
        restore_plan(cx, plan);
        tests_what_is_backed_up(cx, plan);
    }
    for sel in cx.of_kind(Kind::RestoreTestingSelection) {
        restore_selection(cx, sel);
    }
    for plan in &plans {
        let count = cx
            .of_kind(Kind::RestoreTestingSelection)
            .into_iter()
            .filter(|s| s.body.reference("plan") == Some(plan.id.as_str()))
            .count();
        if count > 30 {
            cx.report
                .error(
                    &BK097,
                    &plan.id,
                    "",
                    format!(
                        "restore testing plan `{}` has {count} selections; at most 30 are allowed",
                        plan.display()
                    ),
                )
                .help("split the plan");
        }
    }
}

/// BK418. A restore testing plan picks recovery points from its `include_vaults`; when they
/// are all vaults of the stack and no rule of the stack writes to any of them (as target,
/// air-gapped target or copy destination), it tests nothing the stack backs up [API
/// `RestoreTestingRecoveryPointSelection.IncludeVaults`]. A vault given by ARN or pattern may
/// hold anything: not judged.
fn tests_what_is_backed_up(cx: &mut Cx, plan: &Resource) {
    let vaults = plan.body.list("include_vaults");
    if vaults.is_empty() || !vaults.iter().all(|v| matches!(v, Value::Ref(_))) {
        return;
    }
    let mut written: Vec<&str> = Vec::new();
    for backup_plan in cx.of_kind(Kind::Plan) {
        for rule in backup_plan
            .body
            .list("rules")
            .iter()
            .filter_map(Value::as_object)
        {
            written.extend(rule.reference("vault"));
            written.extend(rule.reference("air_gapped_vault"));
            for copy in rule.list("copy").iter().filter_map(Value::as_object) {
                match copy.get("to") {
                    Some(Value::Ref(id)) => written.push(id),
                    // Whatever a rule only known at run time writes to: not judged.
                    Some(v) if v.is_unknown() => return,
                    _ => {}
                }
            }
            if rule.get("vault").is_some_and(Value::is_unknown) {
                return;
            }
        }
    }
    if vaults
        .iter()
        .filter_map(Value::as_ref_id)
        .any(|id| written.contains(&id))
    {
        return;
    }
    let names: Vec<String> = vaults
        .iter()
        .filter_map(Value::as_ref_id)
        .map(|id| format!("`{id}`"))
        .collect();
    cx.report
        .warning(
            &BK418,
            &plan.id,
            "include_vaults",
            format!(
                "restore testing plan `{}` picks recovery points from {}, which no backup rule of the stack writes to; it tests nothing this stack backs up",
                plan.display(),
                names.join(", ")
            ),
        )
        .help("include the vaults the stack's rules back up to (or copy to)");
}

/// BK088-BK095 for one plan [API `RestoreTestingPlanForCreate`; DOC restore-testing.html].
fn restore_plan(cx: &mut Cx, plan: &Resource) {
    if let Some(name) = plan.body.str("name") {
        if !chars_within(name, 1, 50, |c| c.is_ascii_alphanumeric() || c == '_') {
            cx.report
                .error(
                    &BK088,
                    &plan.id,
                    "name",
                    format!(
                        "restore testing plan name `{name}` must be 1-50 letters, digits or `_`"
                    ),
                )
                .help(format!("use `{}`", name.replace(['-', '.', ' '], "_")));
        }
    }
    super::plan::schedule_fields(cx, plan, "", &plan.body);
    if let Some(h) = plan.body.int("start_window_hours") {
        cx.in_range(
            &BK090,
            plan,
            "start_window_hours",
            "restore testing start window (hours)",
            h,
            1,
            168,
        );
    }
    let types = plan.body.list("recovery_point_types");
    if matches!(plan.body.get("recovery_point_types"), Some(Value::List(t)) if t.is_empty()) {
        cx.report
            .error(
                &BK091,
                &plan.id,
                "recovery_point_types",
                "recovery point types must not be empty",
            )
            .help("write `[\"SNAPSHOT\"]`, `[\"CONTINUOUS\"]` or both");
    }
    for (i, t) in types.iter().enumerate() {
        if types[..i].contains(t) {
            cx.report
                .error(
                    &BK091,
                    &plan.id,
                    &format!("recovery_point_types[{i}]"),
                    format!("{} is listed twice", t.describe()),
                )
                .help("list each type once");
        }
    }
    let include = plan.body.list("include_vaults");
    if matches!(plan.body.get("include_vaults"), Some(Value::List(v)) if v.is_empty())
        || include.len() > 30
    {
        cx.report
            .error(
                &BK093,
                &plan.id,
                "include_vaults",
                format!("include_vaults needs 1-30 entries, got {}", include.len()),
            )
            .help("list the vaults to test, or `\"*\"`");
    }
    for field in ["include_vaults", "exclude_vaults"] {
        for (i, v) in plan.body.list(field).iter().enumerate() {
            if let Value::Str(s) = v {
                let ok = s == "*"
                    || matches!(parse_arn(s), Some((_, "backup", _, _, r)) if r.starts_with("backup-vault:"));
                if !ok {
                    cx.report.error(&BK093, &plan.id, &format!("{field}[{i}]"), format!("`{s}` is neither `*` nor a backup-vault ARN")).help("reference a vault, or give `arn:aws:backup:<region>:<account>:backup-vault:<name>` (wildcards allowed)");
                }
            }
        }
    }
    if let Some(d) = plan.body.int("selection_window_days") {
        cx.in_range(
            &BK094,
            plan,
            "selection_window_days",
            "selection window (days)",
            d,
            1,
            365,
        );
    }
    let tags = plan.body.map("tags").len();
    if tags > 50 {
        cx.report
            .error(
                &BK095,
                &plan.id,
                "tags",
                format!("{tags} tags; at most 50 are allowed"),
            )
            .help("drop tags");
    }
    continuous_points_exist(cx, plan);
}

/// BK092. Asking for CONTINUOUS recovery points from vaults no continuous rule writes to finds
/// nothing to test.
fn continuous_points_exist(cx: &mut Cx, plan: &Resource) {
    let wants = plan
        .body
        .list("recovery_point_types")
        .iter()
        .any(|t| t.as_str() == Some("CONTINUOUS"));
    if !wants {
        return;
    }
    let include = plan.body.list("include_vaults");
    if include.is_empty() || include.iter().any(|v| !matches!(v, Value::Ref(_))) {
        return;
    }
    let continuous_targets: Vec<&str> = cx
        .of_kind(Kind::Plan)
        .into_iter()
        .flat_map(|p| p.body.list("rules").iter())
        .filter_map(Value::as_object)
        .filter(|r| r.bool("continuous_backup") == Some(true))
        .filter_map(|r| r.reference("vault"))
        .collect();
    if !include
        .iter()
        .filter_map(Value::as_ref_id)
        .any(|v| continuous_targets.contains(&v))
    {
        cx.report
            .warning(&BK092, &plan.id, "recovery_point_types", format!("restore testing plan `{}` asks for CONTINUOUS recovery points, but no rule writes continuous backups to its vaults", plan.display()))
            .help("drop `CONTINUOUS`, or include the vault of a `continuous_backup: true` rule");
    }
}

/// BK096-BK101 for one selection [API `RestoreTestingSelectionForCreate`; DOC restore-testing.html].
fn restore_selection(cx: &mut Cx, sel: &Resource) {
    // `^[0-9A-Za-z_]{1,50}$` [API `RestoreTestingSelectionForCreate`; TF
    // `aws_backup_restore_testing_selection` validation]: `_` is allowed anywhere.
    if let Some(name) = sel.body.str("name") {
        if !chars_within(name, 1, 50, |c| c.is_ascii_alphanumeric() || c == '_') {
            cx.report
                .error(&BK096, &sel.id, "name", format!("restore testing selection name `{name}` must be 1-50 letters, digits or `_`"))
                .help("rename the selection");
        }
    }
    let arns = sel.body.list("resources");
    let wildcard = arns.iter().any(|a| a.as_str() == Some("*"));
    let specific = arns.iter().filter(|a| a.as_str() != Some("*")).count();
    let conditions = sel.body.obj("conditions");
    let condition_count: usize =
        conditions.map_or(0, |c| c.fields.iter().map(|(k, _)| c.map(k).len()).sum());
    if wildcard && specific > 0 {
        cx.report
            .error(
                &BK098,
                &sel.id,
                "resources",
                "`*` cannot be mixed with specific ARNs",
            )
            .help("list specific ARNs, or `*` alone");
    }
    if specific > 0 && conditions.is_some() {
        cx.report
            .error(
                &BK098,
                &sel.id,
                "conditions",
                "a restore testing selection uses specific ARNs or `*` with conditions, not both",
            )
            .at_key()
            .help("drop the conditions, or select `*` with conditions");
    }
    if specific > 30 {
        cx.report
            .error(
                &BK098,
                &sel.id,
                "resources",
                format!("{specific} ARNs; at most 30 are allowed"),
            )
            .help("select `*` with conditions instead");
    }
    if arns.is_empty() && conditions.is_none() && !sel.body.has("resources") {
        cx.report
            .error(
                &BK098,
                &sel.id,
                "",
                "a restore testing selection needs `resources` (ARNs or `*`)",
            )
            .at_key()
            .help("add `resources: [\"*\"]`");
    }
    if let Some(c) = conditions {
        if condition_count > 30 {
            cx.report
                .error(
                    &BK099,
                    &sel.id,
                    "conditions",
                    format!("{condition_count} conditions; at most 30 are allowed"),
                )
                .help("drop conditions");
        }
        for (op, _) in &c.fields {
            for (k, v) in c.map(op) {
                let value = v.as_str().unwrap_or("");
                // The API's `KeyValue` says a key must not start with `aws:`, but the provider
                // documents and deploys `aws:ResourceTag/<key>`
                // (`TestAccBackupRestoreTestingSelection_updates`): the deployed form wins, and a
                // bare key is written with the prefix by the emitters.
                let tag = crate::schema::condition_tag_key(k);
                let allowed = |ch: char| {
                    ch.is_alphanumeric() || ch.is_whitespace() || "_.:/=+-@".contains(ch)
                };
                let key_ok = crate::schema::check_resource_tag_condition_key(k).is_ok()
                    && tag.chars().all(allowed);
                let value_ok = value.chars().count() <= 256 && value.chars().all(allowed);
                if !key_ok || !value_ok {
                    cx.report
                        .error(&BK099, &sel.id, &format!("conditions.{op}"), format!("invalid condition `{k}` = `{value}`: keys are a tag key of 1-128 characters (bare or as `aws:ResourceTag/<key>`), values at most 256; letters, digits, spaces and `_.:/=+-@`"))
                        .help("write the tag key alone (`backup`) or as `aws:ResourceTag/backup`");
                }
            }
        }
    }
    if let Some(h) = sel.body.int("validation_window_hours") {
        cx.in_range(
            &BK100,
            sel,
            "validation_window_hours",
            "validation window (hours)",
            h,
            0,
            168,
        );
    }
    role_trusts_backup(cx, sel, "role", &BK101);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    fn rtp(fields: Vec<(&str, Value)>) -> crate::Resource {
        let mut f = vec![
            ("name", Value::from("restore_tests")),
            ("schedule", "cron(0 3 ? * SUN *)".into()),
            ("algorithm", "LATEST_WITHIN_WINDOW".into()),
            ("recovery_point_types", list(vec!["SNAPSHOT".into()])),
            ("include_vaults", list(vec![r("v")])),
        ];
        f.extend(fields);
        res(Kind::RestoreTestingPlan, "rtp", f)
    }

    fn rts(fields: Vec<(&str, Value)>) -> crate::Resource {
        let mut f = vec![
            ("name", Value::from("s3_tests")),
            ("plan", r("rtp")),
            ("resource_type", "S3".into()),
            ("role", r("role")),
            ("resources", list(vec!["*".into()])),
        ];
        f.extend(fields);
        res(Kind::RestoreTestingSelection, "rts", f)
    }

    /// A vault a plan backs up to, which the restore testing plans include.
    fn base(extra: Vec<crate::Resource>) -> crate::Stack {
        let mut v = vec![
            vault("v", "vv"),
            backup_role("role"),
            plan(
                "p",
                vec![rule("daily", "v", Some(lifecycle(None, Some(35))))],
            ),
        ];
        v.extend(extra);
        stack(v)
    }

    #[test]
    fn bk088_to_bk095_plan() {
        assert!(codes(&base(vec![rtp(vec![("name", "restore-tests".into())])])).contains(&"BK088"));
        assert!(
            codes(&base(vec![rtp(vec![("schedule", "rate(7 days)".into())])])).contains(&"BK020")
        );
        assert!(codes(&base(vec![rtp(vec![(
            "start_window_hours",
            Value::Int(0)
        )])]))
        .contains(&"BK090"));
        assert!(codes(&base(vec![rtp(vec![(
            "recovery_point_types",
            list(vec![])
        )])]))
        .contains(&"BK091"));
        assert!(base(vec![rtp(vec![(
            "recovery_point_types",
            list(vec!["CONTINUOUS".into()])
        )])])
        .check()
        .warnings()
        .any(|d| d.code.code == "BK092"));
        assert!(codes(&base(vec![rtp(vec![(
            "include_vaults",
            list(vec!["vault-name".into()])
        )])]))
        .contains(&"BK093"));
        assert!(codes(&base(vec![rtp(vec![(
            "selection_window_days",
            Value::Int(400)
        )])]))
        .contains(&"BK094"));
        let many: Vec<(String, String)> = (0..51)
            .map(|i| (format!("k{i}"), "v".to_string()))
            .collect();
        let tags = Value::Map(many.into_iter().map(|(k, v)| (k, Value::Str(v))).collect());
        assert!(codes(&base(vec![rtp(vec![("tags", tags)])])).contains(&"BK095"));
    }

    #[test]
    fn bk096_to_bk101_selection() {
        assert!(codes(&base(vec![
            rtp(vec![]),
            rts(vec![("name", "bad-name".into())])
        ]))
        .contains(&"BK096"));
        for good in ["_edge_", &"a".repeat(50)] {
            assert!(
                !codes(&base(vec![rtp(vec![]), rts(vec![("name", good.into())])]))
                    .contains(&"BK096"),
                "{good}"
            );
        }
        assert!(codes(&base(vec![
            rtp(vec![]),
            rts(vec![("name", "a".repeat(51).into())])
        ]))
        .contains(&"BK096"));
        let sels: Vec<crate::Resource> = (0..31)
            .map(|i| rts(vec![("name", format!("s{i}").into())]).with("name", format!("s{i}")))
            .enumerate()
            .map(|(i, mut s)| {
                s.id = format!("rts{i}");
                s
            })
            .collect();
        let mut all = vec![rtp(vec![])];
        all.extend(sels);
        assert!(codes(&base(all)).contains(&"BK097"));
        let arn_and_conditions = rts(vec![
            ("resources", list(vec!["arn:aws:s3:::b".into()])),
            (
                "conditions",
                obj(
                    "RestoreConditions",
                    vec![("string_equals", map(&[("k", "v")]))],
                ),
            ),
        ]);
        assert!(codes(&base(vec![rtp(vec![]), arn_and_conditions])).contains(&"BK098"));
        let bad_cond = rts(vec![(
            "conditions",
            obj(
                "RestoreConditions",
                vec![("string_equals", map(&[("aws:backup", "v")]))],
            ),
        )]);
        assert!(codes(&base(vec![rtp(vec![]), bad_cond])).contains(&"BK099"));
        for good in ["aws:ResourceTag/backup", "backup"] {
            let cond = rts(vec![(
                "conditions",
                obj(
                    "RestoreConditions",
                    vec![("string_equals", map(&[(good, "v")]))],
                ),
            )]);
            assert!(
                !codes(&base(vec![rtp(vec![]), cond])).contains(&"BK099"),
                "{good}"
            );
        }
        let window = |h: i64| {
            codes(&base(vec![
                rtp(vec![]),
                rts(vec![("validation_window_hours", Value::Int(h))]),
            ]))
            .contains(&"BK100")
        };
        assert!(!window(0) && !window(168) && window(169) && window(-1));
        assert!(codes(&base(vec![
            rtp(vec![]),
            rts(vec![("validation_window_hours", Value::Int(200))])
        ]))
        .contains(&"BK100"));
        let lambda_role = res(
            Kind::IamRole,
            "lrole",
            vec![
                ("name", "l".into()),
                ("assumed_by", list(vec!["lambda.amazonaws.com".into()])),
            ],
        );
        assert!(codes(&base(vec![
            lambda_role,
            rtp(vec![]),
            rts(vec![("role", r("lrole"))])
        ]))
        .contains(&"BK101"));
    }

    // Boundaries: the largest valid value is clean, the smallest invalid one fires.

    #[test]
    fn bk095_plan_count_and_tags() {
        let plans = |n: usize| {
            let mut v = vec![vault("v", "vv"), backup_role("role")];
            v.extend(copies(&rtp(vec![]), n));
            stack(v)
        };
        assert!(!fires(&plans(100), "BK095"));
        let rep = plans(101).check();
        assert!(rep
            .errors()
            .any(|d| d.code.code == "BK095" && d.resource == "rtp100"));
        assert!(!fires(&base(vec![rtp(vec![("tags", pairs(50))])]), "BK095"));
        assert!(fires(&base(vec![rtp(vec![("tags", pairs(51))])]), "BK095"));
    }

    #[test]
    fn bk097_selection_count() {
        let with = |n: usize| {
            let mut v = vec![rtp(vec![])];
            v.extend(copies(&rts(vec![]), n));
            base(v)
        };
        assert!(!fires(&with(30), "BK097"));
        assert!(fires(&with(31), "BK097"));
        // Selections of another plan do not count.
        let mut other = copies(&rts(vec![("plan", r("other"))]), 31);
        other.push(rtp(vec![]));
        let mut o = rtp(vec![]);
        o.id = "other".into();
        o.body.set("name", "other");
        other.push(o);
        let rep = base(other).check();
        assert!(rep
            .errors()
            .any(|d| d.code.code == "BK097" && d.resource == "other"));
        assert!(!rep
            .errors()
            .any(|d| d.code.code == "BK097" && d.resource == "rtp"));
    }

    #[test]
    fn bk088_plan_names() {
        for ok in ["a", "_", &"a".repeat(50), "A_1"] {
            assert!(
                !fires(&base(vec![rtp(vec![("name", ok.into())])]), "BK088"),
                "{ok}"
            );
        }
        for bad in ["", "a-b", "a.b", &"a".repeat(51)] {
            assert!(
                fires(&base(vec![rtp(vec![("name", bad.into())])]), "BK088"),
                "{bad}"
            );
        }
    }

    #[test]
    fn bk090_bk094_windows() {
        for (field, code, lo, hi) in [
            ("start_window_hours", "BK090", 1, 168),
            ("selection_window_days", "BK094", 1, 365),
        ] {
            for ok in [lo, hi] {
                assert!(!fires(
                    &base(vec![rtp(vec![(field, Value::Int(ok))])]),
                    code
                ));
            }
            for bad in [lo - 1, hi + 1] {
                assert!(fires(
                    &base(vec![rtp(vec![(field, Value::Int(bad))])]),
                    code
                ));
            }
        }
    }

    #[test]
    fn bk091_recovery_point_types() {
        assert!(fires(
            &base(vec![rtp(vec![("recovery_point_types", list(vec![]))])]),
            "BK091"
        ));
        let twice = list(vec!["SNAPSHOT".into(), "SNAPSHOT".into()]);
        assert!(fires(
            &base(vec![rtp(vec![("recovery_point_types", twice)])]),
            "BK091"
        ));
        let both = list(vec!["SNAPSHOT".into(), "CONTINUOUS".into()]);
        assert!(!fires(
            &base(vec![rtp(vec![("recovery_point_types", both)])]),
            "BK091"
        ));
    }

    #[test]
    fn bk093_include_vaults() {
        let vaults = |n: usize| list((0..n).map(|_| Value::from("*")).collect());
        assert!(!fires(
            &base(vec![rtp(vec![("include_vaults", vaults(30))])]),
            "BK093"
        ));
        assert!(fires(
            &base(vec![rtp(vec![("include_vaults", vaults(31))])]),
            "BK093"
        ));
        assert!(fires(
            &base(vec![rtp(vec![("include_vaults", vaults(0))])]),
            "BK093"
        ));
        for ok in ["*", "arn:aws:backup:*:*:backup-vault:asdf-*"] {
            let v = list(vec![ok.into()]);
            assert!(!fires(
                &base(vec![rtp(vec![("include_vaults", v.clone())])]),
                "BK093"
            ));
            assert!(!fires(
                &base(vec![rtp(vec![("exclude_vaults", v)])]),
                "BK093"
            ));
        }
        for bad in [
            "arn:aws:s3:::bucket",
            "vault-name",
            "arn:aws:backup:us-east-1:1:backup-plan:x",
        ] {
            let v = list(vec![bad.into()]);
            assert!(fires(
                &base(vec![rtp(vec![("include_vaults", v.clone())])]),
                "BK093"
            ));
            assert!(fires(
                &base(vec![rtp(vec![("exclude_vaults", v)])]),
                "BK093"
            ));
        }
    }

    #[test]
    fn bk092_continuous_points() {
        let types = list(vec!["CONTINUOUS".into()]);
        let continuous_rule = obj(
            "Rule",
            vec![
                ("name", "c".into()),
                ("vault", r("v")),
                ("continuous_backup", true.into()),
                ("lifecycle", lifecycle(None, Some(35))),
            ],
        );
        let warns = |extra: Vec<crate::Resource>, include: Value| {
            let mut v = vec![rtp(vec![
                ("recovery_point_types", types.clone()),
                ("include_vaults", include),
            ])];
            v.extend(extra);
            base(v).check().warnings().any(|d| d.code.code == "BK092")
        };
        assert!(warns(vec![], list(vec![r("v")])));
        assert!(!warns(
            vec![plan("p", vec![continuous_rule])],
            list(vec![r("v")])
        ));
        let periodic = crate::rules::testing::rule("d", "v", Some(lifecycle(None, Some(35))));
        assert!(warns(vec![plan("p", vec![periodic])], list(vec![r("v")])));
        // Vaults given by ARN or `*` may hold anything: silent.
        assert!(!warns(vec![], list(vec!["*".into()])));
        assert!(!warns(vec![], list(vec![r("v"), "*".into()])));
    }

    #[test]
    fn bk098_selection_shapes() {
        let conds = || {
            obj(
                "RestoreConditions",
                vec![("string_equals", map(&[("backup", "true")]))],
            )
        };
        let arns = |n: usize| {
            list(
                (0..n)
                    .map(|i| Value::from(format!("arn:aws:s3:::bucket-{i}")))
                    .collect(),
            )
        };
        assert_clean(&base(vec![rtp(vec![]), rts(vec![])]));
        assert_clean(&base(vec![rtp(vec![]), rts(vec![("conditions", conds())])]));
        assert_clean(&base(vec![rtp(vec![]), rts(vec![("resources", arns(30))])]));
        assert!(fires(
            &base(vec![rtp(vec![]), rts(vec![("resources", arns(31))])]),
            "BK098"
        ));
        let mixed = list(vec!["*".into(), "arn:aws:s3:::b".into()]);
        assert!(fires(
            &base(vec![rtp(vec![]), rts(vec![("resources", mixed)])]),
            "BK098"
        ));
        let specific_and_conditions = rts(vec![("resources", arns(1)), ("conditions", conds())]);
        assert!(fires(
            &base(vec![rtp(vec![]), specific_and_conditions]),
            "BK098"
        ));
        let mut nothing = rts(vec![]);
        nothing.body.fields.retain(|(k, _)| k != "resources");
        assert!(fires(&base(vec![rtp(vec![]), nothing.clone()]), "BK098"));
        // Conditions alone select `*` with conditions: fine.
        nothing.body.set("conditions", conds());
        assert!(!fires(&base(vec![rtp(vec![]), nothing]), "BK098"));
    }

    #[test]
    fn bk099_condition_bounds() {
        let with = |pairs: Value| {
            base(vec![
                rtp(vec![]),
                rts(vec![(
                    "conditions",
                    obj("RestoreConditions", vec![("string_equals", pairs)]),
                )]),
            ])
        };
        assert!(!fires(&with(pairs(30)), "BK099"));
        assert!(fires(&with(pairs(31)), "BK099"));
        let split = obj(
            "RestoreConditions",
            vec![
                ("string_equals", pairs(15)),
                ("string_not_equals", pairs(16)),
            ],
        );
        assert!(fires(
            &base(vec![rtp(vec![]), rts(vec![("conditions", split)])]),
            "BK099"
        ));
        let value = |v: String| Value::Map(vec![("backup".into(), Value::from(v))]);
        assert!(!fires(&with(value("v".repeat(256))), "BK099"));
        assert!(fires(&with(value("v".repeat(257))), "BK099"));
        assert!(!fires(&with(value("a b_.:/=+-@1".into())), "BK099"));
        assert!(fires(&with(value("a#b".into())), "BK099"));
        let key = |k: &str| Value::Map(vec![(k.to_string(), Value::from("v"))]);
        assert!(!fires(&with(key(&"k".repeat(128))), "BK099"));
        assert!(fires(&with(key(&"k".repeat(129))), "BK099"));
        assert!(!fires(&with(key("team name")), "BK099"));
        assert!(fires(&with(key("team#1")), "BK099"));
    }

    #[test]
    fn bk418_restore_tests_of_vaults_no_rule_writes_to() {
        let fires = |resources: Vec<crate::Resource>| codes(&stack(resources)).contains(&"BK418");
        // The plan backs up to `v`, which the restore testing plan includes.
        assert!(!fires(vec![
            key("k"),
            vault("v", "vv").with("kms_key", r("k")),
            plan("p", vec![rule("daily", "v", None)]),
            rtp(vec![])
        ]));
        // Another vault no rule writes to.
        let other = vault("other", "other-vault");
        assert!(fires(vec![
            key("k"),
            vault("v", "vv").with("kms_key", r("k")),
            other.clone(),
            plan("p", vec![rule("daily", "v", None)]),
            rtp(vec![("include_vaults", list(vec![r("other")]))])
        ]));
        // A copy destination counts.
        let mut copying = rule("daily", "v", None);
        if let Value::Object(o) = &mut copying {
            o.set("copy", list(vec![obj("Copy", vec![("to", r("other"))])]));
        }
        assert!(!fires(vec![
            key("k"),
            vault("v", "vv").with("kms_key", r("k")),
            other.clone(),
            plan("p", vec![copying]),
            rtp(vec![("include_vaults", list(vec![r("other")]))])
        ]));
        // A vault by ARN or pattern may hold anything: not judged.
        assert!(!fires(vec![
            key("k"),
            vault("v", "vv").with("kms_key", r("k")),
            plan("p", vec![rule("daily", "v", None)]),
            rtp(vec![("include_vaults", list(vec!["*".into()]))])
        ]));
        // A copy by ARN writes elsewhere; one only known at run time might write to `other`.
        let copy_to = |to: Value| {
            let mut rl = rule("daily", "v", None);
            if let Value::Object(o) = &mut rl {
                o.set("copy", list(vec![obj("Copy", vec![("to", to)])]));
            }
            rl
        };
        let other_only = || rtp(vec![("include_vaults", list(vec![r("other")]))]);
        assert!(fires(vec![
            key("k"),
            vault("v", "vv").with("kms_key", r("k")),
            other.clone(),
            plan(
                "p",
                vec![copy_to(
                    "arn:aws:backup:us-west-2:111122223333:backup-vault:dr".into()
                )]
            ),
            other_only()
        ]));
        assert!(!fires(vec![
            key("k"),
            vault("v", "vv").with("kms_key", r("k")),
            other.clone(),
            plan("p", vec![copy_to(Value::Unknown)]),
            other_only()
        ]));
        // No plan writes anywhere: every included vault of the stack is untested.
        assert!(fires(vec![
            key("k"),
            vault("v", "vv").with("kms_key", r("k")),
            rtp(vec![])
        ]));
    }
}
