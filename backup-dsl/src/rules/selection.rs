//! Backup selections: names, plans, roles, resources and tag conditions.

use super::names::is_dotted_name;
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
    let Some(role) = res.body.get(field).and_then(|v| cx.stack.target(v)) else {
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

/// BK059. Condition keys are `aws:ResourceTag/<key>` [API `ConditionParameter`].
fn condition_keys(cx: &mut Cx, sel: &Resource) {
    let Some(conds) = sel.body.obj("conditions") else {
        return;
    };
    for (op, _) in &conds.fields {
        for (k, _) in conds.map(op) {
            if !k.starts_with("aws:ResourceTag/") || k.len() == "aws:ResourceTag/".len() {
                cx.report
                    .error(
                        &BK059,
                        &sel.id,
                        &format!("conditions.{op}"),
                        format!("condition key `{k}` must be `aws:ResourceTag/<key>`"),
                    )
                    .help(format!(
                        "write `aws:ResourceTag/{}`",
                        k.trim_start_matches("aws:")
                    ));
            }
        }
    }
}

/// BK060. `*` only at the end of an ARN; at most 500 ARNs, or 30 with wildcards
/// [API `BackupSelection.Resources`].
fn resource_arns(cx: &mut Cx, sel: &Resource) {
    for field in ["resources", "not_resources"] {
        let items = sel.body.list(field);
        let mut wildcards = 0;
        for (i, v) in items.iter().enumerate() {
            let Some(arn) = v.as_str() else { continue };
            if arn.contains('*') {
                wildcards += 1;
                if arn.find('*') != Some(arn.len() - 1) {
                    cx.report
                        .error(
                            &BK060,
                            &sel.id,
                            &format!("{field}[{i}]"),
                            format!("`{arn}`: a wildcard is allowed only as the last character"),
                        )
                        .help("match by prefix (`arn:aws:s3:::logs-*`), or select by tag");
                }
            }
        }
        let (limit, what) = if wildcards > 0 {
            (30, "with wildcards")
        } else {
            (500, "without wildcards")
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

/// BK061. Nothing selected means everything opted in [API `BackupSelection`].
fn selects_something(cx: &mut Cx, sel: &Resource) {
    let conditions_given = sel.body.obj("conditions").is_some_and(|c| {
        c.fields
            .iter()
            .any(|(_, v)| !matches!(v, Value::Map(m) if m.is_empty()))
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

    #[test]
    fn bk059_condition_key() {
        let c = obj(
            "Conditions",
            vec![("string_equals", map(&[("backup", "true")]))],
        );
        assert!(codes(&base(sel(vec![("conditions", c)]))).contains(&"BK059"));
    }

    #[test]
    fn bk060_wildcards() {
        assert!(codes(&base(sel(vec![(
            "resources",
            list(vec!["arn:aws:s3:::*-logs".into()])
        )])))
        .contains(&"BK060"));
        assert!(!codes(&base(sel(vec![(
            "resources",
            list(vec!["arn:aws:s3:::logs-*".into()])
        )])))
        .contains(&"BK060"));
    }

    #[test]
    fn bk061_selects_everything() {
        assert!(base(sel(vec![]))
            .check()
            .warnings()
            .any(|d| d.code.code == "BK061"));
    }
}
