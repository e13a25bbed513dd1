//! Layer 3, the rules.
//!
//! Backup selections: names, plans, roles, resources and tag conditions.

use super::iam::PLACEHOLDER_ACCOUNT;
use super::names::{is_dotted_name, parse_arn};
use super::Cx;
use crate::codes::*;
use crate::model::Resource;
use crate::schema::Kind;
use crate::value::Value;

/// Runs the selection rules.
pub fn check(cx: &mut Cx) {
    for sel in cx.of_kind(Kind::Selection) {
        selection_name(cx, sel);
        plan_is_reference(cx, sel);
        role_trusts_backup(cx, sel, "role", &BK057);
        condition_keys(cx, sel);
        resource_arns(cx, sel);
        resource_strings(cx, sel);
        selects_something(cx, sel);
    }
}

/// BK055. `^[A-Za-z0-9_.-]{1,50}$` [API `BackupSelectionName`].
fn selection_name(cx: &mut Cx, sel: &Resource) {
    if let Some(name) = sel.body.str("name") {
        if !is_dotted_name(name) {
            cx.report.error(&BK055, &sel.id, "name", format!("selection name `{name}` must be 1-50 characters of letters, digits, `-`, `_`, `.`")).help("rename the selection");
        }
    }
}

/// BK056. CloudFormation wants the plan's id (`Ref`), which only a plan of the stack provides.
fn plan_is_reference(cx: &mut Cx, sel: &Resource) {
    if let Some(Value::Str(s)) = sel.body.get("plan") {
        cx.report
            .error(&BK056, &sel.id, "plan", format!("selection plan must reference a `backup::Plan` of the stack, got the string `{s}`"))
            .help("declare the plan in this stack and write its identifier");
    }
}

/// BK057, BK101. A role of the stack used by AWS Backup must trust `backup.amazonaws.com`.
pub fn role_trusts_backup(
    cx: &mut Cx,
    res: &Resource,
    field: &str,
    code: &'static crate::diag::Code,
) {
    let Some(role) = res.body.get(field).and_then(|v| cx.target(v)) else {
        return;
    };
    if role.kind != Kind::IamRole || !role.body.has("assumed_by") {
        return;
    }
    let Some(Value::List(principals)) = role.body.get("assumed_by") else {
        return;
    };
    if principals.iter().any(Value::is_unknown) {
        return;
    }
    if !principals
        .iter()
        .any(|p| p.as_str() == Some("backup.amazonaws.com"))
    {
        cx.report
            .error(
                code,
                &res.id,
                field,
                format!(
                    "role `{}` does not trust backup.amazonaws.com, so AWS Backup cannot assume it",
                    role.display()
                ),
            )
            .note(&role.id, "assumed_by", "trusted principals are listed here")
            .help(format!(
                "add \"backup.amazonaws.com\" to `assumed_by` of `{}`",
                role.id
            ));
    }
}

/// BK059. Condition keys name resource tags [API `ConditionParameter`]. The field only takes
/// resource tags, so a bare tag key (`backup`) is written `aws:ResourceTag/backup` by the emitters
/// ([`crate::schema::resource_tag_condition_key`]); only another `aws:` key, or the prefix with no
/// tag after it, is wrong.
fn condition_keys(cx: &mut Cx, sel: &Resource) {
    let Some(conds) = sel.body.obj("conditions") else {
        return;
    };
    for (op, _) in &conds.fields {
        for (k, _) in conds.map(op) {
            if let Err(problem) = crate::schema::check_resource_tag_condition_key(k) {
                cx.report
                    .error(
                        &BK059,
                        &sel.id,
                        &format!("conditions.{op}"),
                        format!("condition key `{k}` {problem}"),
                    )
                    .help("write the tag key alone (`backup`) or as `aws:ResourceTag/backup`");
            }
        }
    }
}

/// BK060. At most 500 ARNs, or 30 when any has a wildcard [API `BackupSelection.Resources`].
/// A wildcard may stand anywhere in an ARN: the developer guide ("Assign resources with AWS CLI")
/// and AWS's knowledge center select `arn:aws:ec2:*:*:volume/*` and `arn:aws:rds:*:*:db:*`, and
/// the provider's selection acceptance test deploys such ARNs. An earlier reading of the
/// catalogue (rule 60: "only at the end") was wrong.
fn resource_arns(cx: &mut Cx, sel: &Resource) {
    for field in ["resources", "not_resources"] {
        let items = sel.body.list(field);
        let wildcards = items
            .iter()
            .filter(|v| v.as_str().is_some_and(|arn| arn.contains('*')))
            .count();
        let (limit, what) = if wildcards > 0 {
            (SELECTION_ARNS_WITH_WILDCARDS, "when any has a wildcard")
        } else {
            (SELECTION_ARNS, "without wildcards")
        };
        if items.len() > limit {
            cx.report
                .error(
                    &BK060,
                    &sel.id,
                    field,
                    format!(
                        "{} ARNs in `{field}`; at most {limit} are allowed {what}",
                        items.len()
                    ),
                )
                .help("select by tag instead, or split the selection");
        }
    }
}

/// BK216. A selection's resources given as strings are ARNs or `*` [API `BackupSelection.Resources`:
/// "a list of Amazon Resource Names (ARNs) to assign to a backup plan"]; anything else selects
/// nothing, so it is an error. A plan backs up resources of its own Region [DOC
/// assigning-resources.html], so the ARN of a regional resource of another Region selects nothing:
/// a warning, since the API accepts it. BK406 (a warning here) for an ARN in the documentation
/// placeholder account.
fn resource_strings(cx: &mut Cx, sel: &Resource) {
    let region = cx.region_of(sel);
    for field in ["resources", "not_resources"] {
        for (i, v) in sel.body.list(field).iter().enumerate() {
            let Some(text) = v.as_str() else { continue };
            let path = format!("{field}[{i}]");
            if text == "*" {
                continue;
            }
            let Some((_, _, arn_region, account, _)) = parse_arn(text) else {
                cx.report
                    .error(&BK216, &sel.id, &path, format!("`{text}` is not an ARN"))
                    .help("write `arn:<partition>:<service>:<region>:<account>:<resource>` (wildcards allowed), `*`, or reference a resource of the stack");
                continue;
            };
            // The API accepts the ARN, and the account could in theory be somebody's: a warning.
            if account == PLACEHOLDER_ACCOUNT {
                cx.report
                    .warning(
                        &BK406,
                        &sel.id,
                        &path,
                        "`123456789012` is the AWS documentation placeholder account; this ARN selects nothing",
                    )
                    .help("write the real account id (a stack parameter), or `*`");
            }
            if let Some(plan_region) = region {
                if !arn_region.is_empty() && !arn_region.contains('*') && arn_region != plan_region
                {
                    cx.report
                        .warning(
                            &BK216,
                            &sel.id,
                            &path,
                            format!("`{text}` is in `{arn_region}`, but the plan backs up resources in `{plan_region}`: it selects nothing"),
                        )
                        .help(format!("select it from a plan in `{arn_region}`, or copy the plan's recovery points there with `copy`"));
                }
            }
        }
    }
}

/// The API's limit on selection ARNs without wildcards.
pub const SELECTION_ARNS: usize = 500;
/// The API's limit on selection ARNs when any has a wildcard.
pub const SELECTION_ARNS_WITH_WILDCARDS: usize = 30;

/// BK061. Nothing selected means everything opted in [API `BackupSelection`].
fn selects_something(cx: &mut Cx, sel: &Resource) {
    let conditions_given = sel.body.obj("conditions").is_some_and(|c| {
        c.fields
            .iter()
            .any(|(_, v)| !matches!(v, Value::Map(m) if m.is_empty()) && !v.is_empty_list())
    });
    let nothing = sel.body.list("resources").is_empty()
        && !sel.body.get("resources").is_some_and(Value::is_unknown)
        && sel.body.map("tags").is_empty()
        && !sel.body.get("tags").is_some_and(Value::is_unknown)
        && !conditions_given;
    if nothing {
        cx.report
            .warning(
                &BK061,
                &sel.id,
                "",
                format!(
                    "selection `{}` selects every opted-in resource in the Region",
                    sel.display()
                ),
            )
            .help("give `resources`, `tags` or `conditions`");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    fn sel(fields: Vec<(&str, Value)>) -> crate::Resource {
        let mut f = vec![
            ("name", Value::from("sel")),
            ("plan", r("p")),
            ("role", r("role")),
        ];
        f.extend(fields);
        res(Kind::Selection, "sel", f)
    }

    fn base(s: crate::Resource) -> crate::Stack {
        stack(vec![
            vault("v", "vv"),
            plan("p", vec![rule("r", "v", None)]),
            backup_role("role"),
            s,
        ])
    }

    #[test]
    fn bk055_name() {
        assert!(codes(&base(sel(vec![
            ("name", "bad name".into()),
            ("tags", map(&[("a", "b")]))
        ])))
        .contains(&"BK055"));
    }

    #[test]
    fn bk056_plan_string() {
        assert!(codes(&base(sel(vec![
            ("plan", "abc".into()),
            ("tags", map(&[("a", "b")]))
        ])))
        .contains(&"BK056"));
    }

    #[test]
    fn bk057_role_trust() {
        let lambda_role = res(
            Kind::IamRole,
            "role",
            vec![
                ("name", "r".into()),
                ("assumed_by", list(vec!["lambda.amazonaws.com".into()])),
            ],
        );
        let s = stack(vec![
            vault("v", "vv"),
            plan("p", vec![rule("r", "v", None)]),
            lambda_role,
            sel(vec![("tags", map(&[("a", "b")]))]),
        ]);
        assert!(codes(&s).contains(&"BK057"));
    }

    fn conditions(key: &str) -> Value {
        obj("Conditions", vec![("string_equals", map(&[(key, "true")]))])
    }

    #[test]
    fn bk059_condition_key() {
        for bad in ["aws:PrincipalTag/backup", "aws:ResourceTag/", "AWS:backup"] {
            assert!(
                codes(&base(sel(vec![("conditions", conditions(bad))]))).contains(&"BK059"),
                "{bad}"
            );
        }
        for good in ["backup", "aws:ResourceTag/backup", "aws:ResourceTag/a:b"] {
            assert!(
                !codes(&base(sel(vec![("conditions", conditions(good))]))).contains(&"BK059"),
                "{good}"
            );
        }
    }

    fn arns(n: usize, wildcard: bool) -> Value {
        list(
            (0..n)
                .map(|i| {
                    if wildcard && i == 0 {
                        "arn:aws:ec2:*:*:volume/*".into()
                    } else {
                        format!("arn:aws:s3:::bucket-{i}").into()
                    }
                })
                .collect(),
        )
    }

    #[test]
    fn bk060_arn_counts() {
        let bk060 = |field: &str, v: Value| codes(&base(sel(vec![(field, v)]))).contains(&"BK060");
        for field in ["resources", "not_resources"] {
            assert!(
                !bk060(field, arns(500, false)),
                "500 plain ARNs are allowed"
            );
            assert!(bk060(field, arns(501, false)));
            assert!(
                !bk060(field, arns(30, true)),
                "30 with a wildcard are allowed"
            );
            assert!(bk060(field, arns(31, true)));
        }
    }

    #[test]
    fn bk060_wildcards_anywhere() {
        for arn in [
            "arn:aws:ec2:*:*:volume/*",
            "arn:aws:rds:*:*:cluster:*",
            "arn:aws:rds:*:*:db:*",
            "arn:aws:s3:::*-logs",
        ] {
            assert!(
                !codes(&base(sel(vec![("resources", list(vec![arn.into()]))]))).contains(&"BK060"),
                "{arn}"
            );
        }
    }

    #[test]
    fn bk216_resource_strings_are_arns_of_the_plan_region() {
        let one = |arn: &str| {
            let s = base(sel(vec![("resources", list(vec![arn.into()]))]));
            let rep = s.check();
            rep.diagnostics
                .iter()
                .filter(|d| d.code.code == "BK216" || d.code.code == "BK406")
                .map(|d| (d.code.code, d.severity))
                .collect::<Vec<_>>()
        };
        use crate::Severity::{Error, Warning};
        assert_eq!(one("arn1"), [("BK216", Error)]);
        assert_eq!(one("*"), []);
        assert_eq!(one("arn:aws:ec2:*:*:volume/*"), []);
        assert_eq!(
            one("arn:aws:s3:::backup-storage"),
            [],
            "S3 ARNs name no Region"
        );
        assert_eq!(
            one("arn:aws:rds:us-east-1:111122223333:db:orders"),
            [],
            "the plan's Region"
        );
        assert_eq!(
            one("arn:aws:rds:eu-west-1:111122223333:db:orders"),
            [("BK216", Warning)]
        );
        assert_eq!(
            one("arn:aws:rds:us-east-1:123456789012:db:orders"),
            [("BK406", Warning)]
        );
    }

    #[test]
    fn bk061_selects_everything() {
        assert!(base(sel(vec![]))
            .check()
            .warnings()
            .any(|d| d.code.code == "BK061"));
    }

    #[test]
    fn bk061_anything_selects_something() {
        let warns = |fields: Vec<(&str, Value)>| {
            base(sel(fields))
                .check()
                .warnings()
                .any(|d| d.code.code == "BK061")
        };
        assert!(warns(vec![]));
        assert!(warns(vec![("tags", Value::List(vec![]))]));
        assert!(warns(vec![(
            "conditions",
            obj("Conditions", vec![("string_equals", Value::List(vec![]))])
        )]));
        assert!(!warns(vec![(
            "resources",
            list(vec!["arn:aws:s3:::b".into()])
        )]));
        assert!(!warns(vec![("tags", map(&[("a", "b")]))]));
        assert!(!warns(vec![(
            "conditions",
            obj("Conditions", vec![("string_like", map(&[("a", "b*")]))])
        )]));
        // Only the run time knows: silent now.
        assert!(!warns(vec![("resources", Value::Unknown)]));
        assert!(!warns(vec![("tags", Value::Unknown)]));
    }

    #[test]
    fn bk057_only_roles_of_the_stack_with_a_trust_list() {
        let other = res(Kind::SnsTopic, "role", vec![("name", "t".into())]);
        let s = stack(vec![
            vault("v", "vv"),
            plan("p", vec![rule("r", "v", None)]),
            other,
            sel(vec![("tags", map(&[("a", "b")]))]),
        ]);
        assert!(!fires(&s, "BK057"), "a wrong kind is BK140's");
        let unknown_trust = res(
            Kind::IamRole,
            "role",
            vec![("name", "r".into()), ("assumed_by", Value::Unknown)],
        );
        let s = stack(vec![
            vault("v", "vv"),
            plan("p", vec![rule("r", "v", None)]),
            unknown_trust,
            sel(vec![("tags", map(&[("a", "b")]))]),
        ]);
        assert!(!fires(&s, "BK057"));
    }

    #[test]
    fn bk057_reads_only_iam_roles() {
        // A topic given as the role (BK140) with a stray `assumed_by` (BK201): not BK057's.
        let topic = res(
            Kind::SnsTopic,
            "role",
            vec![
                ("name", "t".into()),
                ("assumed_by", list(vec!["lambda.amazonaws.com".into()])),
            ],
        );
        let s = stack(vec![
            vault("v", "vv"),
            plan("p", vec![rule("r", "v", None)]),
            topic,
            sel(vec![("tags", map(&[("a", "b")]))]),
        ]);
        assert!(!fires(&s, "BK057"));
    }
}
