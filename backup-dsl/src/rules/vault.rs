//! Layer 3, the rules.
//!
//! Vaults, vault locks, logically air-gapped vaults and their notifications.

use super::names::{is_vault_name, parse_arn};
use super::Cx;
use crate::codes::*;
use crate::model::Resource;
use crate::schema::Kind;
use crate::value::Value;

/// Events the API accepts but AWS Backup no longer delivers: job results arrive as
/// `*_COMPLETED` with a `State` attribute [DOC sns-notifications.html; CDK vault.ts]. Listed
/// explicitly so that newer events (EKS, access points, indexes) are never flagged.
const UNDELIVERED_EVENTS: &[&str] = &[
    "BACKUP_JOB_SUCCESSFUL",
    "BACKUP_JOB_FAILED",
    "BACKUP_JOB_EXPIRED",
    "RESTORE_JOB_SUCCESSFUL",
    "RESTORE_JOB_FAILED",
    "BACKUP_PLAN_CREATED",
    "BACKUP_PLAN_MODIFIED",
];

/// Runs the vault rules.
pub fn check(cx: &mut Cx) {
    for r in &cx.stack.resources {
        if !matches!(r.kind, Kind::Vault | Kind::AirGappedVault) {
            key_same_region(cx, r);
        }
    }
    for v in cx
        .of_kind(Kind::Vault)
        .into_iter()
        .chain(cx.of_kind(Kind::AirGappedVault))
    {
        check_vault(cx, v);
    }
}

/// The rules of one vault (of either kind), in the order [`check`] runs them. For any other
/// resource, [`check`] runs [`key_same_region`] alone, before every vault's rules; the checker
/// runs both during its walk of every resource (`super::check_and_learn`).
pub fn check_vault<'a>(cx: &mut Cx<'a>, v: &'a Resource) {
    vault_name_pattern(cx, v);
    vault_key_is_key_arn(cx, v);
    key_same_region(cx, v);
    notifications_valid(cx, v);
    access_policy_no_wildcard_actions(cx, v);
    deletion_keeps_vault(cx, v);
    if v.kind == Kind::Vault {
        lock_bounds(cx, v);
    } else {
        air_gapped_bounds(cx, v);
    }
}

/// BK001. Vault names match `^[A-Za-z0-9_-]{2,50}$` [API `BackupVaultName`; CFN; CDK vault.ts].
fn vault_name_pattern(cx: &mut Cx, v: &Resource) {
    if let Some(name) = v.body.str("name") {
        if !is_vault_name(name) {
            cx.report
                .error(&BK001, &v.id, "name", format!("vault name `{name}` must be 2-50 characters of letters, digits, `-` or `_` (got {} characters)", name.chars().count()))
                .help("use only letters, digits, `-` and `_`; no dots or spaces");
        }
    }
}

/// BK003. A key given by string must be a KMS key ARN (`arn:..:kms:<region>:<account>:key/<id>`),
/// not an alias [API `CreateBackupVault.EncryptionKeyArn`].
fn vault_key_is_key_arn(cx: &mut Cx, v: &Resource) {
    if let Some(Value::Str(arn)) = v.body.get("kms_key") {
        let ok = matches!(parse_arn(arn), Some((_, "kms", region, _, res)) if !region.is_empty() && res.starts_with("key/"));
        if !ok {
            cx.report
                .error(&BK003, &v.id, "kms_key", format!("`{arn}` is not a KMS key ARN"))
                .help("give `arn:aws:kms:<region>:<account>:key/<key-id>` or reference a `kms::Key` of the stack (aliases are not accepted)");
        }
    }
}

/// BK004. KMS keys are regional: every key a resource uses must be in its Region (multi-Region
/// keys have a replica per Region, which is a key of its own) [DOC cross-region-backup.html;
/// KMS `CreateAlias`: the KMS key must be in the same AWS Region; seed defect D8].
pub fn key_same_region(cx: &mut Cx, v: &Resource) {
    let Some(region) = cx.region_of(v) else {
        return;
    };
    let mut uses: Vec<(String, &Value)> = Vec::new();
    for field in ["kms_key", "key"] {
        if let Some(k) = v.body.get(field) {
            uses.push((field.to_string(), k));
        }
    }
    if let Some(k) = v.body.obj("encryption").and_then(|e| e.get("kms_key")) {
        uses.push(("encryption.kms_key".into(), k));
    }
    for (i, inv) in v
        .body
        .list("inventories")
        .iter()
        .filter_map(Value::as_object)
        .enumerate()
    {
        if let Some(k) = inv.get("kms_key") {
            uses.push((format!("inventories[{i}].kms_key"), k));
        }
    }
    for (path, key) in uses {
        let key_region = match key {
            Value::Ref(_) => match cx.target(key) {
                Some(k) if k.kind == Kind::KmsKey => cx.region_of(k).map(str::to_string),
                _ => None,
            },
            Value::Str(arn) => parse_arn(arn)
                .map(|(_, _, r, _, _)| r.to_string())
                .filter(|r| !r.is_empty() && !super::names::likely_region_typo(r)),
            _ => None,
        };
        let Some(key_region) = key_region.filter(|k| k != region) else {
            continue;
        };
        let code = if v.kind == Kind::KmsAlias {
            &BK118
        } else {
            &BK004
        };
        let d = cx.report.error(
            code,
            &v.id,
            &path,
            format!(
                "{} `{}` is in `{region}` but its KMS key is in `{key_region}`",
                v.kind.noun(),
                v.display()
            ),
        );
        if let Some(key_id) = key.as_ref_id() {
            d.note(key_id, "", format!("the key is declared in `{key_region}`"));
        }
        d.help(format!(
            "declare a `kms::Key {{ region: \"{region}\", .. }}` and use it for this {}",
            v.kind.noun()
        ));
    }
}

/// BK011, BK012. Deprecated events are never delivered; FIFO topics cannot receive
/// notifications [DOC sns-notifications.html; backup-notifications.html].
fn notifications_valid(cx: &mut Cx, v: &Resource) {
    let Some(n) = v.body.obj("notifications") else {
        return;
    };
    for (i, e) in n.list("events").iter().enumerate() {
        if let Some(event) = e.as_str() {
            if UNDELIVERED_EVENTS.contains(&event) {
                let help = if event.starts_with("BACKUP_PLAN") {
                    "remove it; plan changes are not notified".to_string()
                } else {
                    let instead = if event.starts_with("RESTORE") {
                        "RESTORE_JOB_COMPLETED"
                    } else {
                        "BACKUP_JOB_COMPLETED"
                    };
                    format!("subscribe to `{instead}` and read its `State` attribute")
                };
                cx.report
                    .warning(
                        &BK011,
                        &v.id,
                        &format!("notifications.events[{i}]"),
                        format!("`{event}` is no longer emitted by AWS Backup"),
                    )
                    .help(help);
            }
        }
    }
    if let Some(topic) = n.get("topic").and_then(|t| cx.target(t)) {
        let fifo = topic.body.bool("fifo") == Some(true)
            || topic.body.str("name").is_some_and(|s| s.ends_with(".fifo"));
        if topic.kind == Kind::SnsTopic && fifo {
            cx.report
                .error(
                    &BK012,
                    &v.id,
                    "notifications.topic",
                    format!(
                        "AWS Backup cannot publish to FIFO topic `{}`",
                        topic.display()
                    ),
                )
                .note(&topic.id, "", "declared as a FIFO topic here")
                .help("notify a Standard topic");
        }
    }
    if let (Some(Value::Str(arn)), Some(account)) = (n.get("topic"), cx.stack.account.as_str()) {
        if let Some((_, _, _, topic_account, _)) =
            parse_arn(arn).filter(|(_, _, _, a, _)| !a.is_empty() && *a != account)
        {
            cx.report
                .error(&BK012, &v.id, "notifications.topic", format!("topic `{arn}` belongs to account {topic_account}; AWS Backup only notifies topics of its own account ({account})"))
                .help("notify a topic of this account");
        }
    }
    if let Some(Value::Str(arn)) = n.get("topic") {
        if arn.ends_with(".fifo") {
            cx.report
                .error(
                    &BK012,
                    &v.id,
                    "notifications.topic",
                    format!("AWS Backup cannot publish to FIFO topic `{arn}`"),
                )
                .help("notify a Standard topic");
        }
    }
}

fn access_policy_no_wildcard_actions(cx: &mut Cx, v: &Resource) {
    for (i, st) in v.body.list("access_policy").iter().enumerate() {
        let Some(st) = st.as_object() else { continue };
        for (j, action) in st.list("actions").iter().enumerate() {
            if let Some(a) = action.as_str().filter(|a| a.contains('*')) {
                cx.report
                    .error(
                        &BK010,
                        &v.id,
                        &format!("access_policy[{i}].actions[{j}]"),
                        format!(
                            "vault `{}`: access policy action `{a}` uses a wildcard",
                            v.display()
                        ),
                    )
                    .help("list the actions explicitly, e.g. `backup:DeleteRecoveryPoint`");
            }
        }
    }
}

/// BK142. Vaults are retained by default; deleting one that holds recovery points fails.
fn deletion_keeps_vault(cx: &mut Cx, v: &Resource) {
    if v.body.str("deletion_policy") == Some("Delete") {
        cx.report
            .warning(
                &BK142,
                &v.id,
                "deletion_policy",
                format!(
                    "vault `{}` will fail to delete while it holds recovery points",
                    v.display()
                ),
            )
            .help("keep the default `Retain`, or allow this warning for a throw-away stack");
    }
}

/// BK005-BK009, BK211. The lock's bounds and its mode [API `PutBackupVaultLockConfiguration`;
/// CDK `LockConfiguration`; DOC vault-lock.html].
fn lock_bounds(cx: &mut Cx, v: &Resource) {
    let Some(lock) = v.body.obj("lock") else {
        return;
    };
    let name = v.display().to_string();
    if !lock.has("min_retention_days") {
        cx.report
            .error(
                &BK005,
                &v.id,
                "lock",
                format!(
                    "vault `{name}`: lock needs `min_retention_days` (CloudFormation requires it)"
                ),
            )
            .at_key()
            .help("add `min_retention_days: 1` or more");
    }
    let min = lock.int("min_retention_days");
    let max = lock.int("max_retention_days");
    if let Some(min) = min {
        cx.in_range(
            &BK006,
            v,
            "lock.min_retention_days",
            "lock min_retention_days",
            min,
            1,
            36500,
        );
    }
    if let Some(max) = max {
        if !(1..=36500).contains(&max) {
            cx.in_range(
                &BK007,
                v,
                "lock.max_retention_days",
                "lock max_retention_days",
                max,
                1,
                36500,
            );
        } else if let Some(min) = min {
            if max < min {
                cx.report
                    .error(&BK007, v.id.as_str(), "lock.max_retention_days", format!("vault `{name}`: max_retention_days ({max}) is below min_retention_days ({min})"))
                    .help(format!("set `max_retention_days` to at least {min}"));
            } else if max == min {
                cx.report
                    .warning(&BK007, v.id.as_str(), "lock.max_retention_days", format!("vault `{name}`: max_retention_days equals min_retention_days ({min}); the CDK requires max > min"))
                    .help("allow some range, or allow this warning");
            }
        }
    }
    let changeable = lock.get("changeable_for_days");
    if let Some(days) = lock.int("changeable_for_days") {
        cx.in_range(
            &BK008,
            v,
            "lock.changeable_for_days",
            "changeable_for_days",
            days,
            3,
            36500,
        );
    }
    match lock.str("mode") {
        Some("compliance") => match changeable {
            None => {
                cx.report
                    .error(&BK211, &v.id, "lock.mode", format!("vault `{name}`: a compliance lock needs `changeable_for_days`; without it AWS creates a governance lock"))
                    .help("add `changeable_for_days: 3` (or more) to choose when the lock becomes immutable");
            }
            Some(_) => {
                let days = lock
                    .int("changeable_for_days")
                    .map_or("the grace".to_string(), |d| d.to_string());
                cx.report
                    .warning(&BK009, &v.id, "lock.mode", format!("vault `{name}`: compliance-mode lock becomes immutable after {days} days; no one, not even root, can remove it"))
                    .help("this is usually intended; allow the warning with `#![allow(BK009)]`");
            }
        },
        Some("governance") if changeable.is_some() => {
            cx.report
                .error(
                    &BK211,
                    &v.id,
                    "lock.changeable_for_days",
                    format!(
                        "vault `{name}`: `changeable_for_days` turns the lock into compliance mode"
                    ),
                )
                .help("remove `changeable_for_days`, or write `mode: \"compliance\"`");
        }
        _ => {}
    }
}

/// BK013. Air-gapped vaults: `7 <= min <= max <= 36500` [API `CreateLogicallyAirGappedBackupVault`].
fn air_gapped_bounds(cx: &mut Cx, v: &Resource) {
    let min = v.body.int("min_retention_days");
    let max = v.body.int("max_retention_days");
    if let Some(min) = min {
        cx.in_range(
            &BK013,
            v,
            "min_retention_days",
            "air-gapped vault min_retention_days",
            min,
            7,
            36500,
        );
    }
    if let Some(max) = max {
        if cx.in_range(
            &BK013,
            v,
            "max_retention_days",
            "air-gapped vault max_retention_days",
            max,
            1,
            36500,
        ) {
            if let Some(min) = min.filter(|m| max < *m) {
                cx.report
                    .error(&BK013, &v.id, "max_retention_days", format!("air-gapped vault `{}`: max_retention_days ({max}) is below min_retention_days ({min})", v.display()))
                    .help(format!("set `max_retention_days` to at least {min}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    fn lock(fields: Vec<(&str, Value)>) -> Value {
        obj("Lock", fields)
    }

    #[test]
    fn bk001_vault_name() {
        assert!(codes(&stack(vec![vault("v", "bad.name")])).contains(&"BK001"));
        assert!(!codes(&stack(vec![vault("v", "good-name")])).contains(&"BK001"));
    }

    #[test]
    fn bk003_alias_is_not_a_key_arn() {
        let s =
            stack(vec![vault("v", "vv").with(
                "kms_key",
                "arn:aws:kms:us-east-1:111122223333:alias/backup",
            )]);
        assert!(codes(&s).contains(&"BK003"));
        let s =
            stack(vec![vault("v", "vv").with(
                "kms_key",
                "arn:aws:kms:us-east-1:111122223333:key/abcd",
            )]);
        assert!(!codes(&s).contains(&"BK003"));
    }

    #[test]
    fn bk004_key_region() {
        let s = stack(vec![
            key("k"),
            vault("v", "vv")
                .with("region", "us-west-2")
                .with("kms_key", r("k")),
        ]);
        let rep = s.check();
        let d = rep
            .diagnostics
            .iter()
            .find(|d| d.code.code == "BK004")
            .unwrap();
        assert!(d.message.contains("us-west-2") && d.message.contains("us-east-1"));
        let s = stack(vec![
            key("k").with("region", "us-west-2"),
            vault("v", "vv")
                .with("region", "us-west-2")
                .with("kms_key", r("k")),
        ]);
        assert!(!codes(&s).contains(&"BK004"));
    }

    #[test]
    fn bk004_does_not_spread_a_region_typo_bk208_names() {
        let s = stack(vec![
            key("k"),
            vault("v", "vv")
                .with("region", "eu-centrl-1")
                .with("kms_key", r("k")),
        ]);
        let rep = s.check();
        let typo = rep.warnings().find(|d| d.code.code == "BK208").unwrap();
        assert_eq!(
            typo.help.as_deref(),
            Some("did you mean `eu-central-1`? if the Region is new, allow this warning with `#![allow(BK208)]`")
        );
        assert!(
            !codes(&s).contains(&"BK004"),
            "no key to declare in `eu-centrl-1`"
        );
        // The same for a key given by ARN, and a key ARN without a Region says nothing.
        for arn in [
            "arn:aws:kms:eu-centrl-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms::111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ] {
            let s = stack(vec![vault("v", "vv").with("kms_key", arn)]);
            assert!(!codes(&s).contains(&"BK004"), "{arn}");
        }
        // A well-formed Region far from every listed one may be new: the rules still apply.
        let mut s = s;
        s.resources[1].body.set("region", "zz-qqqq-8");
        assert!(codes(&s).contains(&"BK004"));
    }

    #[test]
    fn bk004_unknown_region_is_deferred() {
        let mut s = stack(vec![
            key("k"),
            vault("v", "vv")
                .with("region", Value::Unknown)
                .with("kms_key", r("k")),
        ]);
        assert!(!codes(&s).contains(&"BK004"));
        s.resources[1].body.set("region", "eu-west-1");
        assert!(codes(&s).contains(&"BK004"));
    }

    #[test]
    fn bk005_to_bk009_and_bk211() {
        let s = stack(vec![
            vault("v", "vv").with("lock", lock(vec![("mode", "governance".into())]))
        ]);
        assert!(codes(&s).contains(&"BK005"));
        let s = stack(vec![vault("v", "vv").with(
            "lock",
            lock(vec![
                ("mode", "governance".into()),
                ("min_retention_days", Value::Int(0)),
            ]),
        )]);
        assert!(codes(&s).contains(&"BK006"));
        let s = stack(vec![vault("v", "vv").with(
            "lock",
            lock(vec![
                ("mode", "governance".into()),
                ("min_retention_days", Value::Int(30)),
                ("max_retention_days", Value::Int(7)),
            ]),
        )]);
        assert!(codes(&s).contains(&"BK007"));
        let s = stack(vec![vault("v", "vv").with(
            "lock",
            lock(vec![
                ("mode", "compliance".into()),
                ("min_retention_days", Value::Int(1)),
                ("changeable_for_days", Value::Int(2)),
            ]),
        )]);
        let c = codes(&s);
        assert!(c.contains(&"BK008") && c.contains(&"BK009"));
        let s = stack(vec![vault("v", "vv").with(
            "lock",
            lock(vec![
                ("mode", "compliance".into()),
                ("min_retention_days", Value::Int(1)),
            ]),
        )]);
        assert!(codes(&s).contains(&"BK211"));
        let s = stack(vec![vault("v", "vv").with(
            "lock",
            lock(vec![
                ("mode", "governance".into()),
                ("min_retention_days", Value::Int(1)),
                ("changeable_for_days", Value::Int(3)),
            ]),
        )]);
        assert!(codes(&s).contains(&"BK211"));
    }

    #[test]
    fn bk010_wildcard_actions() {
        let st = obj(
            "Statement",
            vec![
                ("effect", "Deny".into()),
                ("principals", list(vec!["*".into()])),
                ("actions", list(vec!["backup:*".into()])),
            ],
        );
        assert!(codes(&stack(vec![
            vault("v", "vv").with("access_policy", list(vec![st]))
        ]))
        .contains(&"BK010"));
    }

    #[test]
    fn bk011_bk012_notifications() {
        let topic = res(
            Kind::SnsTopic,
            "t",
            vec![("name", "t.fifo".into()), ("fifo", Value::Bool(true))],
        );
        let n = obj(
            "Notifications",
            vec![
                ("topic", r("t")),
                ("events", list(vec!["BACKUP_JOB_FAILED".into()])),
            ],
        );
        let c = codes(&stack(vec![
            topic,
            vault("v", "vv").with("notifications", n),
        ]));
        assert!(c.contains(&"BK011") && c.contains(&"BK012"));
    }

    #[test]
    fn bk013_air_gapped() {
        let s = stack(vec![air_gapped("a", "ag", 3, 30)]);
        assert!(codes(&s).contains(&"BK013"));
    }

    #[test]
    fn bk142_delete_policy() {
        assert!(codes(&stack(vec![
            vault("v", "vv").with("deletion_policy", "Delete")
        ]))
        .contains(&"BK142"));
    }

    // Boundaries: the largest valid value is clean, the smallest invalid one fires.

    fn locked(fields: Vec<(&str, Value)>) -> crate::Stack {
        stack(vec![vault("v", "vv").with("lock", lock(fields))])
    }

    #[test]
    fn lock_bounds_at_their_edges() {
        let gov = |min: i64, max: i64| {
            locked(vec![
                ("mode", "governance".into()),
                ("min_retention_days", Value::Int(min)),
                ("max_retention_days", Value::Int(max)),
            ])
        };
        assert_clean(&gov(1, 36500));
        assert_clean(&gov(1, 2));
        assert!(fires(&gov(0, 10), "BK006"));
        assert!(fires(&gov(36501, 36501), "BK006"));
        assert!(fires(&gov(1, 36501), "BK007"));
        assert!(fires(&gov(1, 0), "BK007"));
        assert!(gov(5, 4).check().errors().any(|d| d.code.code == "BK007"));
        let equal = gov(5, 5).check();
        assert!(
            equal.warnings().any(|d| d.code.code == "BK007") && !equal.has_errors(),
            "{equal}"
        );
        let compliance = |days: i64| {
            locked(vec![
                ("mode", "compliance".into()),
                ("min_retention_days", Value::Int(1)),
                ("changeable_for_days", Value::Int(days)),
            ])
        };
        assert!(!fires(&compliance(3), "BK008"));
        assert!(!fires(&compliance(36500), "BK008"));
        assert!(fires(&compliance(2), "BK008"));
        assert!(fires(&compliance(36501), "BK008"));
        assert!(compliance(3)
            .check()
            .warnings()
            .any(|d| d.code.code == "BK009"));
        let governance_with_grace = locked(vec![
            ("mode", "governance".into()),
            ("min_retention_days", Value::Int(1)),
            ("changeable_for_days", Value::Int(3)),
        ]);
        assert!(fires(&governance_with_grace, "BK211"));
        assert!(!fires(&gov(1, 2), "BK211"));
    }

    #[test]
    fn bk013_air_gapped_edges() {
        let lag = |min: i64, max: i64| {
            stack(vec![res(
                Kind::AirGappedVault,
                "a",
                vec![
                    ("name", "airgap".into()),
                    ("min_retention_days", Value::Int(min)),
                    ("max_retention_days", Value::Int(max)),
                ],
            )])
        };
        assert_clean(&lag(7, 7));
        assert_clean(&lag(7, 36500));
        assert!(fires(&lag(6, 10), "BK013"));
        assert!(fires(&lag(7, 36501), "BK013"));
        assert!(fires(&lag(10, 9), "BK013"));
        assert!(fires(&lag(36501, 36501), "BK013"));
    }

    #[test]
    fn bk004_key_by_arn_and_wrong_kind() {
        let by_arn = |arn: &str| {
            stack(vec![vault("v", "vv")
                .with("region", "us-west-2")
                .with("kms_key", arn)])
        };
        assert!(fires(
            &by_arn("arn:aws:kms:us-east-1:111122223333:key/abcd"),
            "BK004"
        ));
        assert!(!fires(
            &by_arn("arn:aws:kms:us-west-2:111122223333:key/abcd"),
            "BK004"
        ));
        // A reference to something that is not a key is BK140, not a Region mismatch.
        let topic = res(Kind::SnsTopic, "t", vec![("name", "t".into())]);
        let s = stack(vec![
            topic,
            vault("v", "vv")
                .with("region", "us-west-2")
                .with("kms_key", r("t")),
        ]);
        assert!(!fires(&s, "BK004"));
    }

    #[test]
    fn bk012_fifo_and_foreign_topics() {
        let notify = |topic: Value| {
            obj(
                "Notifications",
                vec![
                    ("topic", topic),
                    ("events", list(vec!["BACKUP_JOB_COMPLETED".into()])),
                ],
            )
        };
        let with_topic = |fields: Vec<(&str, Value)>| {
            stack(vec![
                res(Kind::SnsTopic, "t", fields),
                vault("v", "vv").with("notifications", notify(r("t"))),
            ])
        };
        assert!(fires(
            &with_topic(vec![("name", "t".into()), ("fifo", true.into())]),
            "BK012"
        ));
        assert!(fires(
            &with_topic(vec![("name", "alerts.fifo".into())]),
            "BK012"
        ));
        assert!(!fires(
            &with_topic(vec![("name", "alerts".into()), ("fifo", false.into())]),
            "BK012"
        ));
        let mut s = stack(vec![vault("v", "vv").with(
            "notifications",
            notify("arn:aws:sns:us-east-1:444455556666:alerts".into()),
        )]);
        assert!(!fires(&s, "BK012"), "the stack's account is not declared");
        s.account = "111122223333".into();
        assert!(fires(&s, "BK012"));
        s.account = "444455556666".into();
        assert!(!fires(&s, "BK012"));
    }
}
