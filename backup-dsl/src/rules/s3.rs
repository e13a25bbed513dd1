//! Layer 3, the rules.
//!
//! S3 buckets: names, Object Lock, lifecycle rules, access logs, inventories, and buckets that
//! AWS Backup protects.

use super::names::bucket_name_problem;
use super::names::parse_arn;
use super::Cx;
use crate::codes::*;
use crate::diag::Code;
use crate::model::Resource;
use crate::schema::Kind;
use crate::value::{Object, Value};

/// Runs the bucket rules.
pub fn check(cx: &mut Cx) {
    for b in cx.of_kind(Kind::S3Bucket) {
        if let Some(name) = b.body.str("name") {
            if let Some((code, why)) = bucket_name_check(name) {
                cx.report.error(code, &b.id, "name", format!("bucket `{name}`: invalid S3 bucket name ({why})")).help("use 3-63 lowercase letters, digits, `-` and `.`; make it unique with the account, Region and environment, never a timestamp");
            } else if let Some(pair) = [".-", "-."].into_iter().find(|p| name.contains(p)) {
                // The current naming rules allow a dot next to a dash; cfn-lint's pattern for
                // `AWS::S3::Bucket.BucketName` (E1161) and older S3 rules forbid it. The sources
                // disagree, so this warns.
                cx.report
                    .warning(&BK103, &b.id, "name", format!("bucket `{name}` has `{pair}`: the current S3 naming rules allow it, but cfn-lint (E1161) and older tools reject it"))
                    .help("separate dots and dashes, or allow this warning with `#![allow(BK103)]`");
            }
        }
        object_lock_needs_versioning(cx, b);
        for (i, rule) in b.body.list("lifecycle_rules").iter().enumerate() {
            if let Some(rule) = rule.as_object() {
                lifecycle_rule(cx, b, &format!("lifecycle_rules[{i}]"), rule);
            }
        }
        access_logs_not_into_locked_bucket(cx, b);
        inventory_destination_writable(cx, b);
    }
    for sel in cx.of_kind(Kind::Selection) {
        protected_buckets_ready(cx, sel);
    }
}

/// BK103-BK105. The code of an invalid bucket name, and why [DOC bucketnamingrules.html].
pub fn bucket_name_check(name: &str) -> Option<(&'static Code, String)> {
    let why = bucket_name_problem(name)?;
    let code = if why.contains("IP address") {
        &BK104
    } else if why.contains("reserved") {
        &BK105
    } else {
        &BK103
    };
    Some((code, why))
}

/// BK106, BK107. Object Lock needs versioning `Enabled`; a default retention takes exactly one
/// of days or years [DOC object-lock-overview; API DefaultRetention].
fn object_lock_needs_versioning(cx: &mut Cx, b: &Resource) {
    let Some(lock) = b.body.obj("object_lock") else {
        return;
    };
    match b.body.get("versioning") {
        Some(Value::Str(s)) if s == "Enabled" => {}
        Some(v) if v.is_unknown() => {}
        other => {
            let got = other
                .and_then(Value::as_str)
                .map_or("no versioning".to_string(), |s| format!("versioning `{s}`"));
            cx.report
                .error(
                    &BK106,
                    &b.id,
                    "object_lock",
                    format!(
                        "bucket `{}`: Object Lock requires versioning `Enabled`, got {got}",
                        b.display()
                    ),
                )
                .at_key()
                .help("add `versioning: \"Enabled\"`");
        }
    }
    let days = lock.get("days");
    let years = lock.get("years");
    match (days, years) {
        (Some(_), Some(_)) => {
            cx.report
                .error(
                    &BK107,
                    &b.id,
                    "object_lock.years",
                    "a default retention takes days or years, not both",
                )
                .help("keep one of `days` and `years`");
        }
        (None, None) => {
            cx.report
                .error(
                    &BK107,
                    &b.id,
                    "object_lock",
                    "a default retention needs `days` or `years`",
                )
                .at_key()
                .help("add `years: 1` or `days: 30`");
        }
        _ => {
            for (field, v) in [("days", days), ("years", years)] {
                if let Some(n) = v.and_then(Value::as_int).filter(|n| *n < 1) {
                    cx.report
                        .error(
                            &BK107,
                            &b.id,
                            &format!("object_lock.{field}"),
                            format!("default retention {field} must be at least 1, got {n}"),
                        )
                        .help("use 1 or more");
                }
            }
        }
    }
}

const IA: &[&str] = &["STANDARD_IA", "ONEZONE_IA"];

fn rank(class: &str) -> u8 {
    match class {
        "STANDARD_IA" => 1,
        "INTELLIGENT_TIERING" => 2,
        "ONEZONE_IA" => 3,
        "GLACIER_IR" => 4,
        "GLACIER" => 5,
        "DEEP_ARCHIVE" => 6,
        _ => 0,
    }
}

fn transitions(list: &[Value]) -> Vec<(usize, i64, &str)> {
    let mut out: Vec<(usize, i64, &str)> = list
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            Some((
                i,
                t.as_object()?.int("days")?,
                t.as_object()?.str("storage_class")?,
            ))
        })
        .collect();
    out.sort_by_key(|(_, d, _)| *d);
    out
}

/// BK108-BK112 for one lifecycle rule [API Transition, LifecycleExpiration; DOC
/// lifecycle-transition-general-considerations].
fn lifecycle_rule(cx: &mut Cx, b: &Resource, path: &str, rule: &Object) {
    let actions = [
        "transitions",
        "noncurrent_transitions",
        "expiration_days",
        "noncurrent_expiration_days",
        "abort_incomplete_multipart_days",
        "expired_object_delete_marker",
    ];
    let has_action = actions.iter().any(|a| match rule.get(a) {
        Some(Value::List(l)) => !l.is_empty(),
        Some(_) => true,
        None => false,
    });
    if !has_action {
        cx.report
            .error(
                &BK108,
                &b.id,
                path,
                format!(
                    "bucket `{}` rule `{}`: no action; S3 rejects a rule without one",
                    b.display(),
                    rule.str("id").unwrap_or("?")
                ),
            )
            .help("add a transition, an expiration or `abort_incomplete_multipart_days`");
    }
    if rule.has("abort_incomplete_multipart_days")
        && (rule.has("tags")
            || rule.has("object_size_greater_than")
            || rule.has("object_size_less_than"))
    {
        cx.report
            .error(&BK108, &b.id, &format!("{path}.abort_incomplete_multipart_days"), "aborting incomplete multipart uploads cannot be combined with tag or object-size filters (uploads have neither)")
            .help("put `abort_incomplete_multipart_days` in a rule filtered by prefix only");
    }
    if let Some(id) = rule.str("id").filter(|id| id.chars().count() > 255) {
        cx.report
            .error(
                &BK108,
                &b.id,
                &format!("{path}.id"),
                format!("rule id is {} characters; at most 255", id.chars().count()),
            )
            .help("shorten the id");
    }
    for field in ["transitions", "noncurrent_transitions"] {
        let list = transitions(rule.list(field));
        for (i, days, class) in &list {
            if IA.contains(class) && *days < 30 {
                cx.report
                    .error(
                        &BK109,
                        &b.id,
                        &format!("{path}.{field}[{i}].days"),
                        format!("a transition to {class} needs at least 30 days, got {days}"),
                    )
                    .help("use 30 days or more");
            }
        }
        if let Some((_, ia_days, ia_class)) = list.iter().find(|(_, _, c)| IA.contains(c)) {
            for (i, days, class) in &list {
                if matches!(*class, "GLACIER" | "DEEP_ARCHIVE")
                    && i128::from(*days) < i128::from(*ia_days) + 30
                    && days >= ia_days
                {
                    cx.report
                        .error(&BK110, &b.id, &format!("{path}.{field}[{i}].days"), format!("{class} transition at day {days} must be at least 30 days after the {ia_class} transition at day {ia_days}"))
                        .help(format!("move it to day {} or later", i128::from(*ia_days) + 30));
                }
            }
        }
        for w in list.windows(2) {
            let ((_, _, from), (i, _, to)) = (w[0], w[1]);
            if from == to {
                cx.report
                    .error(
                        &BK111,
                        &b.id,
                        &format!("{path}.{field}[{i}]"),
                        format!("storage class {to} appears twice in one rule"),
                    )
                    .help("keep one transition per storage class");
            } else if rank(to) <= rank(from) {
                cx.report.error(&BK111, &b.id, &format!("{path}.{field}[{i}]"), format!("cannot transition {from} -> {to}: S3 transitions only go down the waterfall")).help("order transitions STANDARD_IA, INTELLIGENT_TIERING, ONEZONE_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE");
            } else if to == "GLACIER_IR" && matches!(from, "INTELLIGENT_TIERING" | "ONEZONE_IA") {
                cx.report
                    .warning(
                        &BK111,
                        &b.id,
                        &format!("{path}.{field}[{i}]"),
                        format!("{from} -> {to} is not in the waterfall this release could verify"),
                    )
                    .help("check the S3 user guide; allow this warning if AWS accepts it");
            }
        }
    }
    let last = |field: &str| transitions(rule.list(field)).last().map(|(_, d, _)| *d);
    if let Some(days) = rule.int("expiration_days") {
        if days < 1 {
            cx.report
                .error(
                    &BK112,
                    &b.id,
                    &format!("{path}.expiration_days"),
                    format!("expiration must be at least 1 day, got {days}"),
                )
                .help("use 1 or more");
        } else if let Some(t) = last("transitions").filter(|t| days <= *t) {
            cx.report
                .error(
                    &BK112,
                    &b.id,
                    &format!("{path}.expiration_days"),
                    format!("expiration at day {days} is not after the last transition at day {t}"),
                )
                .help(format!("expire after day {t}, or drop the transition"));
        }
        if rule.bool("expired_object_delete_marker") == Some(true) {
            cx.report
                .error(
                    &BK112,
                    &b.id,
                    &format!("{path}.expired_object_delete_marker"),
                    "expired_object_delete_marker cannot be combined with expiration_days",
                )
                .help("use a separate rule for delete markers");
        }
    }
    if let (Some(days), Some(t)) = (
        rule.int("noncurrent_expiration_days"),
        last("noncurrent_transitions"),
    ) {
        if days <= t {
            cx.report.error(&BK112, &b.id, &format!("{path}.noncurrent_expiration_days"), format!("noncurrent expiration at day {days} is not after the last noncurrent transition at day {t}")).help(format!("expire after day {t}"));
        }
    }
}

/// BK113. Object Lock buckets cannot be server access log destinations [DOC object-lock-overview].
fn access_logs_not_into_locked_bucket(cx: &mut Cx, b: &Resource) {
    let Some(dest) = b
        .body
        .obj("access_logs")
        .and_then(|l| l.get("bucket"))
        .and_then(|v| cx.target(v))
    else {
        return;
    };
    if dest.body.has("object_lock") {
        cx.report
            .error(
                &BK113,
                &b.id,
                "access_logs.bucket",
                format!(
                    "bucket `{}` has Object Lock and cannot receive server access logs",
                    dest.display()
                ),
            )
            .note(&dest.id, "object_lock", "Object Lock is enabled here")
            .help("send access logs to a bucket without Object Lock");
    }
}

fn grants_s3_put(statements: &[Value]) -> bool {
    statements.iter().filter_map(Value::as_object).any(|s| {
        s.str("effect") == Some("Allow")
            && s.list("principals")
                .iter()
                .any(|p| p.as_str() == Some("s3.amazonaws.com"))
            && s.list("actions")
                .iter()
                .filter_map(Value::as_str)
                .any(|a| a == "s3:PutObject" || a == "s3:*")
    })
}

/// BK411. S3 writes inventory reports only where the destination's bucket policy lets
/// `s3.amazonaws.com` put objects; otherwise no report is ever delivered [seed defect D21].
fn inventory_destination_writable(cx: &mut Cx, b: &Resource) {
    for (i, inv) in b
        .body
        .list("inventories")
        .iter()
        .filter_map(Value::as_object)
        .enumerate()
    {
        let Some(dest) = inv.get("destination").and_then(|d| cx.target(d)) else {
            continue;
        };
        if dest.kind == Kind::S3Bucket
            && !dest.body.get("policy").is_some_and(Value::is_unknown)
            && !grants_s3_put(dest.body.list("policy"))
        {
            cx.report
                .warning(&BK411, &b.id, &format!("inventories[{i}].destination"), format!("inventory destination `{}` has no bucket policy letting s3.amazonaws.com write; no report will be delivered", dest.display()))
                .note(&dest.id, "", "the destination bucket")
                .help("add a `Statement { effect: \"Allow\", principals: [\"s3.amazonaws.com\"], actions: [\"s3:PutObject\"], resources: [ArnOf { resource: <dest>, suffix: \"/*\" }] }` to its policy");
        }
    }
}

const S3_BACKUP_POLICY: &str = "AWSBackupServiceRolePolicyForS3Backup";
const S3_RESTORE_POLICY: &str = "AWSBackupServiceRolePolicyForS3Restore";

/// BK401. AWS Backup for S3 needs bucket versioning, and the selection's role the S3 backup and
/// restore managed policies [DOC s3-backups.html; seed defect D18].
fn protected_buckets_ready(cx: &mut Cx, sel: &Resource) {
    let mut any_s3 = false;
    for (i, r) in sel.body.list("resources").iter().enumerate() {
        match r {
            Value::Ref(_) => {
                let Some(bucket) = cx.target(r).filter(|t| t.kind == Kind::S3Bucket) else {
                    continue;
                };
                any_s3 = true;
                if !bucket.body.get("versioning").is_some_and(Value::is_unknown)
                    && bucket.body.str("versioning") != Some("Enabled")
                {
                    cx.report
                        .error(
                            &BK401,
                            &sel.id,
                            &format!("resources[{i}]"),
                            format!(
                                "bucket `{}` needs versioning `Enabled` for AWS Backup",
                                bucket.display()
                            ),
                        )
                        .note(&bucket.id, "", "the bucket")
                        .help(format!("add `versioning: \"Enabled\"` to `{}`", bucket.id));
                }
            }
            // Any partition (`aws`, `aws-cn`, `aws-us-gov`, `aws-eusc`, ...).
            Value::Str(s) if matches!(parse_arn(s), Some((_, "s3", ..))) => any_s3 = true,
            _ => {}
        }
    }
    if !any_s3 {
        return;
    }
    let Some(role) = sel
        .body
        .get("role")
        .and_then(|r| cx.target(r))
        .filter(|r| r.kind == Kind::IamRole)
    else {
        return;
    };
    if role
        .body
        .get("managed_policies")
        .is_some_and(Value::is_unknown)
        || role
            .body
            .list("managed_policies")
            .iter()
            .any(Value::is_unknown)
    {
        return;
    }
    let policies: Vec<&str> = role
        .body
        .list("managed_policies")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if super::iam::has_broad_managed_policy(role) {
        return;
    }
    let missing: Vec<&str> = [S3_BACKUP_POLICY, S3_RESTORE_POLICY]
        .into_iter()
        .filter(|p| !policies.iter().any(|arn| arn.ends_with(&format!("/{p}"))))
        .collect();
    // Inline or customer managed policies may grant the same S3 permissions: then only warn.
    let other_grants = !role.body.list("policies").is_empty()
        || policies
            .iter()
            .any(|arn| !arn.contains(":iam::aws:policy/"));
    if !missing.is_empty() {
        let severity = if other_grants {
            crate::Severity::Warning
        } else {
            crate::Severity::Error
        };
        cx.report
            .push(&BK401, severity, &sel.id, "role", format!("role `{}` backs up S3 buckets without {}; S3 backup jobs fail with AccessDenied", role.display(), missing.join(" and ")))
            .note(&role.id, "managed_policies", "the role's managed policies")
            .help(format!("add {} to its `managed_policies`", missing.iter().map(|p| format!("\"arn:aws:iam::aws:policy/{p}\"")).collect::<Vec<_>>().join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    fn bucket(id: &str, fields: Vec<(&str, Value)>) -> crate::Resource {
        let mut f = vec![("name", Value::from(format!("{id}-bucket-dev")))];
        f.extend(fields);
        res(Kind::S3Bucket, id, f)
    }

    fn rule(fields: Vec<(&str, Value)>) -> Value {
        let mut f = vec![("id", Value::from("r"))];
        f.extend(fields);
        obj("LifecycleRule", f)
    }

    fn transition(days: i64, class: &str) -> Value {
        obj(
            "Transition",
            vec![("days", Value::Int(days)), ("storage_class", class.into())],
        )
    }

    #[test]
    fn bk103_to_bk105_names() {
        assert!(codes(&stack(vec![bucket(
            "b",
            vec![("name", "Backup_Storage".into())]
        )]))
        .contains(&"BK103"));
        assert!(
            codes(&stack(vec![bucket("b", vec![("name", "10.0.0.1".into())])])).contains(&"BK104")
        );
        assert!(codes(&stack(vec![bucket(
            "b",
            vec![("name", "xn--backups".into())]
        )]))
        .contains(&"BK105"));
    }

    #[test]
    fn bk106_bk107_object_lock() {
        let lock = obj(
            "ObjectLock",
            vec![("mode", "COMPLIANCE".into()), ("years", Value::Int(7))],
        );
        assert!(codes(&stack(vec![bucket(
            "b",
            vec![("object_lock", lock.clone())]
        )]))
        .contains(&"BK106"));
        assert!(!codes(&stack(vec![bucket(
            "b",
            vec![("object_lock", lock), ("versioning", "Enabled".into())]
        )]))
        .contains(&"BK106"));
        let both = obj(
            "ObjectLock",
            vec![
                ("mode", "COMPLIANCE".into()),
                ("years", Value::Int(7)),
                ("days", Value::Int(1)),
            ],
        );
        assert!(codes(&stack(vec![bucket(
            "b",
            vec![("object_lock", both), ("versioning", "Enabled".into())]
        )]))
        .contains(&"BK107"));
    }

    #[test]
    fn bk108_to_bk112_lifecycle() {
        let c = |r: Value| {
            codes(&stack(vec![bucket(
                "b",
                vec![("lifecycle_rules", list(vec![r]))],
            )]))
        };
        assert!(c(rule(vec![])).contains(&"BK108"));
        assert!(c(rule(vec![(
            "transitions",
            list(vec![transition(10, "STANDARD_IA")])
        )]))
        .contains(&"BK109"));
        assert!(c(rule(vec![(
            "transitions",
            list(vec![
                transition(30, "STANDARD_IA"),
                transition(40, "GLACIER")
            ])
        )]))
        .contains(&"BK110"));
        assert!(c(rule(vec![(
            "transitions",
            list(vec![
                transition(90, "GLACIER"),
                transition(180, "STANDARD_IA")
            ])
        )]))
        .contains(&"BK111"));
        assert!(c(rule(vec![
            ("transitions", list(vec![transition(90, "GLACIER")])),
            ("expiration_days", Value::Int(60))
        ]))
        .contains(&"BK112"));
        let ok = c(rule(vec![
            (
                "transitions",
                list(vec![
                    transition(30, "STANDARD_IA"),
                    transition(90, "GLACIER"),
                ]),
            ),
            ("expiration_days", Value::Int(365)),
            ("abort_incomplete_multipart_days", Value::Int(7)),
        ]));
        assert!(ok.is_empty(), "{ok:?}");
    }

    #[test]
    fn bk113_logs_into_locked_bucket() {
        let lock = obj(
            "ObjectLock",
            vec![("mode", "GOVERNANCE".into()), ("days", Value::Int(1))],
        );
        let locked = bucket(
            "locked",
            vec![("object_lock", lock), ("versioning", "Enabled".into())],
        );
        let source = bucket(
            "source",
            vec![(
                "access_logs",
                obj("AccessLogs", vec![("bucket", r("locked"))]),
            )],
        );
        assert!(codes(&stack(vec![locked, source])).contains(&"BK113"));
    }

    #[test]
    fn bk411_inventory_destination() {
        let inv = obj(
            "Inventory",
            vec![("name", "daily".into()), ("destination", r("dest"))],
        );
        let s = stack(vec![
            bucket("dest", vec![]),
            bucket("src", vec![("inventories", list(vec![inv]))]),
        ]);
        assert!(s.check().warnings().any(|d| d.code.code == "BK411"));
    }

    #[test]
    fn bk401_selected_bucket_needs_versioning_and_policies() {
        let sel = selection("sel", "p", vec![r("b")]);
        let s = stack(vec![
            vault("v", "vv"),
            plan("p", vec![rule_in_plan()]),
            backup_role("role"),
            bucket("b", vec![]),
            sel,
        ]);
        let rep = s.check();
        assert_eq!(
            rep.diagnostics
                .iter()
                .filter(|d| d.code.code == "BK401")
                .count(),
            2,
            "{rep}"
        );
    }

    fn rule_in_plan() -> Value {
        crate::rules::testing::rule("daily", "v", Some(lifecycle(None, Some(35))))
    }

    #[test]
    fn bk401_only_warns_when_other_policies_may_grant_s3() {
        let sel = selection("sel", "p", vec![r("b")]);
        let inline = obj(
            "Policy",
            vec![("name", "s3".into()), ("statements", list(vec![]))],
        );
        let role = backup_role("role").with("policies", list(vec![inline]));
        let s = stack(vec![
            vault("v", "vv"),
            plan("p", vec![rule_in_plan()]),
            role,
            bucket("b", vec![("versioning", "Enabled".into())]),
            sel,
        ]);
        let rep = s.check();
        assert!(
            rep.warnings().any(|d| d.code.code == "BK401")
                && !rep.errors().any(|d| d.code.code == "BK401"),
            "{rep}"
        );
    }

    #[test]
    fn bk401_broad_managed_policy_grants_s3() {
        let with = |policy: &str| {
            let role = backup_role("role").with(
                "managed_policies",
                list(vec![format!("arn:aws:iam::aws:policy/{policy}").into()]),
            );
            stack(vec![
                vault("v", "vv"),
                plan("p", vec![rule_in_plan()]),
                role,
                bucket("b", vec![("versioning", "Enabled".into())]),
                selection("sel", "p", vec![r("b")]),
            ])
            .check()
            .has("BK401")
        };
        assert!(!with("AdministratorAccess"));
        assert!(!with("PowerUserAccess"));
        assert!(with("service-role/AWSBackupServiceRolePolicyForBackup"));
    }

    #[test]
    fn bk103_dot_next_to_dash_only_warns() {
        let rep = stack(vec![bucket("b", vec![]).with("name", "my-.bucket")]).check();
        assert!(
            rep.warnings().any(|d| d.code.code == "BK103") && !rep.has_errors(),
            "{rep}"
        );
        assert!(
            !stack(vec![bucket("b", vec![]).with("name", "my.bucket-1")])
                .check()
                .has("BK103")
        );
    }

    #[test]
    fn bk108_abort_with_tag_filter() {
        let r = rule(vec![
            ("tags", map(&[("tier", "cold")])),
            ("abort_incomplete_multipart_days", Value::Int(7)),
        ]);
        assert!(codes(&stack(vec![bucket(
            "b",
            vec![("lifecycle_rules", list(vec![r]))]
        )]))
        .contains(&"BK108"));
    }

    #[test]
    fn object_lock_edges() {
        let locked = |versioning: Option<Value>, lock: Vec<(&str, Value)>| {
            let mut fields = vec![(
                "object_lock",
                obj("ObjectLock", {
                    let mut l = vec![("mode", Value::from("GOVERNANCE"))];
                    l.extend(lock);
                    l
                }),
            )];
            if let Some(v) = versioning {
                fields.push(("versioning", v));
            }
            stack(vec![bucket("b", fields)])
        };
        let enabled = || Some(Value::from("Enabled"));
        assert_clean(&locked(enabled(), vec![("days", Value::Int(1))]));
        assert_clean(&locked(enabled(), vec![("years", Value::Int(1))]));
        assert!(fires(
            &locked(enabled(), vec![("days", Value::Int(0))]),
            "BK107"
        ));
        assert!(fires(
            &locked(enabled(), vec![("years", Value::Int(0))]),
            "BK107"
        ));
        assert!(fires(&locked(enabled(), vec![]), "BK107"));
        assert!(fires(
            &locked(
                enabled(),
                vec![("days", Value::Int(1)), ("years", Value::Int(1))]
            ),
            "BK107"
        ));
        assert!(fires(
            &locked(Some("Suspended".into()), vec![("days", Value::Int(1))]),
            "BK106"
        ));
        assert!(fires(&locked(None, vec![("days", Value::Int(1))]), "BK106"));
        assert!(!fires(
            &locked(Some(Value::Unknown), vec![("days", Value::Int(1))]),
            "BK106"
        ));
    }

    #[test]
    fn the_storage_class_waterfall() {
        const ORDER: [&str; 6] = [
            "STANDARD_IA",
            "INTELLIGENT_TIERING",
            "ONEZONE_IA",
            "GLACIER_IR",
            "GLACIER",
            "DEEP_ARCHIVE",
        ];
        let pair = |a: &str, b: &str| {
            stack(vec![bucket(
                "b",
                vec![(
                    "lifecycle_rules",
                    list(vec![rule(vec![(
                        "transitions",
                        list(vec![transition(30, a), transition(90, b)]),
                    )])]),
                )],
            )])
            .check()
        };
        for (i, from) in ORDER.iter().enumerate() {
            for (j, to) in ORDER.iter().enumerate() {
                let rep = pair(from, to);
                let error = rep.errors().any(|d| d.code.code == "BK111");
                assert_eq!(error, j <= i, "{from} -> {to}: {rep}");
            }
        }
    }

    fn rules_of(rules: Vec<Value>) -> crate::Stack {
        stack(vec![bucket("b", vec![("lifecycle_rules", list(rules))])])
    }

    #[test]
    fn bk108_actions_filters_and_ids() {
        assert!(fires(
            &rules_of(vec![rule(vec![("transitions", list(vec![]))])]),
            "BK108"
        ));
        assert_clean(&rules_of(vec![rule(vec![(
            "expired_object_delete_marker",
            true.into(),
        )])]));
        assert_clean(&rules_of(vec![rule(vec![
            ("abort_incomplete_multipart_days", Value::Int(7)),
            ("prefix", "uploads/".into()),
        ])]));
        for filter in [
            ("tags", map(&[("a", "b")])),
            ("object_size_greater_than", Value::Int(1)),
            ("object_size_less_than", Value::Int(10)),
        ] {
            let r = rule(vec![
                ("abort_incomplete_multipart_days", Value::Int(7)),
                filter,
            ]);
            assert!(fires(&rules_of(vec![r]), "BK108"));
        }
        let id = |n: usize| {
            rule(vec![
                ("id", "i".repeat(n).into()),
                ("expiration_days", Value::Int(30)),
            ])
        };
        assert_clean(&rules_of(vec![id(255)]));
        assert!(fires(&rules_of(vec![id(256)]), "BK108"));
    }

    #[test]
    fn bk110_bk111_transition_edges() {
        let two = |a: (i64, &str), b: (i64, &str)| {
            rules_of(vec![rule(vec![(
                "transitions",
                list(vec![transition(a.0, a.1), transition(b.0, b.1)]),
            )])])
        };
        assert_clean(&two((30, "STANDARD_IA"), (60, "GLACIER")));
        assert!(fires(&two((30, "STANDARD_IA"), (59, "GLACIER")), "BK110"));
        assert!(fires(
            &two((30, "ONEZONE_IA"), (59, "DEEP_ARCHIVE")),
            "BK110"
        ));
        // No IA transition: GLACIER may come at any day.
        assert_clean(&two((1, "GLACIER"), (2, "DEEP_ARCHIVE")));
        for from in ["INTELLIGENT_TIERING", "ONEZONE_IA"] {
            let rep = two((30, from), (120, "GLACIER_IR")).check();
            assert!(
                rep.warnings().any(|d| d.code.code == "BK111") && !rep.has_errors(),
                "{from}: {rep}"
            );
        }
        assert_clean(&two((30, "STANDARD_IA"), (120, "GLACIER_IR")));
        assert!(fires(&two((30, "GLACIER"), (120, "GLACIER")), "BK111"));
    }

    #[test]
    fn bk112_expiration_edges() {
        let exp = |days: i64, last_transition: Option<i64>| {
            let mut f = vec![("expiration_days", Value::Int(days))];
            if let Some(t) = last_transition {
                f.push(("transitions", list(vec![transition(t, "GLACIER")])));
            }
            rules_of(vec![rule(f)])
        };
        assert_clean(&exp(1, None));
        assert!(fires(&exp(0, None), "BK112"));
        assert_clean(&exp(91, Some(90)));
        assert!(fires(&exp(90, Some(90)), "BK112"));
        let noncurrent = |days: i64| {
            rules_of(vec![rule(vec![
                ("noncurrent_expiration_days", Value::Int(days)),
                (
                    "noncurrent_transitions",
                    list(vec![transition(30, "GLACIER")]),
                ),
            ])])
        };
        assert_clean(&noncurrent(31));
        assert!(fires(&noncurrent(30), "BK112"));
        let both = rules_of(vec![rule(vec![
            ("expiration_days", Value::Int(30)),
            ("expired_object_delete_marker", true.into()),
        ])]);
        assert!(fires(&both, "BK112"));
        let marker_off = rules_of(vec![rule(vec![
            ("expiration_days", Value::Int(30)),
            ("expired_object_delete_marker", false.into()),
        ])]);
        assert_clean(&marker_off);
    }

    #[test]
    fn bk411_what_lets_s3_write_inventories() {
        let with_policy = |policy: Option<Value>| {
            let inv = obj(
                "Inventory",
                vec![("name", "daily".into()), ("destination", r("dest"))],
            );
            let mut dest = vec![];
            if let Some(p) = policy {
                dest.push(("policy", p));
            }
            stack(vec![
                bucket("dest", dest),
                bucket("src", vec![("inventories", list(vec![inv]))]),
            ])
            .check()
            .warnings()
            .any(|d| d.code.code == "BK411")
        };
        let st = |effect: &str, principal: &str, action: &str| {
            list(vec![obj(
                "Statement",
                vec![
                    ("effect", effect.into()),
                    ("principals", list(vec![principal.into()])),
                    ("actions", list(vec![action.into()])),
                ],
            )])
        };
        assert!(!with_policy(Some(st(
            "Allow",
            "s3.amazonaws.com",
            "s3:PutObject"
        ))));
        assert!(!with_policy(Some(st("Allow", "s3.amazonaws.com", "s3:*"))));
        assert!(with_policy(None));
        assert!(with_policy(Some(st(
            "Deny",
            "s3.amazonaws.com",
            "s3:PutObject"
        ))));
        assert!(with_policy(Some(st(
            "Allow",
            "lambda.amazonaws.com",
            "s3:PutObject"
        ))));
        assert!(with_policy(Some(st(
            "Allow",
            "s3.amazonaws.com",
            "s3:GetObject"
        ))));
        assert!(!with_policy(Some(Value::Unknown)));
    }

    #[test]
    fn bk401_arns_of_every_partition_and_unknown_policies() {
        let selecting = |arn: &str, policies: Value| {
            let role = backup_role("role").with("managed_policies", policies);
            stack(vec![
                vault("v", "vv"),
                plan("p", vec![rule_in_plan()]),
                role,
                selection("sel", "p", vec![arn.into()]),
            ])
        };
        let none = || list(vec![]);
        for arn in [
            "arn:aws:s3:::b",
            "arn:aws-us-gov:s3:::b",
            "arn:aws-cn:s3:::b",
            "arn:aws-eusc:s3:::b",
        ] {
            assert!(fires(&selecting(arn, none()), "BK401"), "{arn}");
        }
        assert!(!fires(
            &selecting("arn:aws:dynamodb:us-east-1:111122223333:table/t", none()),
            "BK401"
        ));
        assert!(!fires(
            &selecting("arn:aws:s3:::b", Value::Unknown),
            "BK401"
        ));
        assert!(!fires(
            &selecting("arn:aws:s3:::b", list(vec![Value::Unknown])),
            "BK401"
        ));
        let both = list(vec![
            "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup".into(),
            "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore".into(),
        ]);
        assert!(!fires(&selecting("arn:aws:s3:::b", both), "BK401"));
        // A customer managed policy may grant them: a warning.
        let customer = list(vec!["arn:aws:iam::111122223333:policy/s3-backups".into()]);
        let rep = selecting("arn:aws:s3:::b", customer).check();
        assert!(
            rep.warnings().any(|d| d.code.code == "BK401") && !rep.has_errors(),
            "{rep}"
        );
    }
}
