//! Layer 5, consumers of a checked stack.
//!
//! The protection report: a row per data store of the stack (S3 buckets, DynamoDB tables) with the
//! rules that back it up, its worst-case RPO, retention, copies (Region, account, air-gapped), lock,
//! restore testing, and each declared objective met or missed; then each control of the stack's
//! frameworks with what Audit Manager will report once deployed ([`crate::rules::verdict`]).
//! What the checker proves, laid out for an auditor before anything is deployed. Text, Markdown
//! or JSON; deterministic.

use crate::build::CheckedStack;
use crate::rules::objectives::{protections, CopyFact, Protection, Rpo, RuleFacts};
use crate::rules::plan::Retention;
use crate::rules::rpo::fmt_hours;
use crate::rules::verdict::{verdicts, Verdict};
use crate::rules::Cx;
use crate::schema::Kind;
use crate::value::Value;
use serde_json::{json, Value as Json};

/// One data store's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The store's logical id.
    pub id: String,
    /// Its name (bucket or table name).
    pub name: String,
    /// `s3::Bucket` or `dynamodb::Table`.
    pub kind: String,
    /// Its Region.
    pub region: String,
    /// `plan/rule` of every rule that backs it up; empty when none does.
    pub rules: Vec<String>,
    /// The best worst-case RPO of those rules (`27 h`, `minutes (continuous)`, `unknown`).
    pub rpo: String,
    /// The longest retention (`365 days`, `forever`).
    pub retention: String,
    /// Where copies go (`us-west-2`, `air-gapped vault air_gapped (us-east-1)`, ..).
    pub copies: Vec<String>,
    /// Whether a rule writes to a locked vault: `yes`, `no`, or `unknown` (a vault by ARN).
    pub locked: String,
    /// Whether a restore testing plan includes a vault its backups go to.
    pub restore_tested: bool,
    /// Each declared objective that is missed, with why (empty: all met, or none declared).
    pub missed: Vec<String>,
    /// How the store is covered: `protected`, `unprotected`, or `unknown` (a selection may
    /// select it; the checker cannot tell).
    pub status: String,
}

/// One framework control's predicted status.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlRow {
    /// The framework's name.
    pub framework: String,
    /// The control.
    pub control: String,
    /// `COMPLIANT`, `NON_COMPLIANT` or `not judged`.
    pub status: String,
    /// Why: each non-compliant resource with its reason, or why it is not judged.
    pub details: Vec<String>,
}

/// The predicted status of every control of every framework of the stack.
pub fn control_rows(stack: &CheckedStack) -> Vec<ControlRow> {
    let cx = Cx::new(stack);
    verdicts(&cx)
        .into_iter()
        .map(|v| {
            let (status, details) = match v.verdict {
                Verdict::Compliant => ("COMPLIANT", Vec::new()),
                Verdict::NonCompliant(findings) => (
                    "NON_COMPLIANT",
                    findings
                        .into_iter()
                        .map(|(id, why)| {
                            let shown = stack
                                .get(&id)
                                .map_or(id.as_str(), |r| r.display())
                                .to_string();
                            format!("{shown}: {why}")
                        })
                        .collect(),
                ),
                Verdict::NotJudged(why) => ("not judged", vec![why]),
            };
            ControlRow {
                framework: v.framework.display().to_string(),
                control: v.name,
                status: status.into(),
                details,
            }
        })
        .collect()
}

/// The rows of a checked stack, in declaration order.
pub fn rows(stack: &CheckedStack) -> Vec<Row> {
    let cx = Cx::new(stack);
    let report = stack.check();
    let tested_vaults = restore_tested_vaults(stack);
    protections(&cx)
        .into_iter()
        .map(|(store, protection)| {
            let missed: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.code.code == "BK414" && d.resource == store.id)
                .map(|d| d.message.clone())
                .collect();
            let region = cx.region_of(store).unwrap_or("?").to_string();
            let base = Row {
                id: store.id.clone(),
                name: store.display().to_string(),
                kind: store.kind.dsl_path().to_string(),
                region,
                rules: Vec::new(),
                rpo: "none".into(),
                retention: "none".into(),
                copies: Vec::new(),
                locked: "no".into(),
                restore_tested: false,
                missed,
                status: "unprotected".into(),
            };
            match protection {
                Protection::Unprotected => base,
                Protection::Unknown => Row {
                    rpo: "unknown".into(),
                    retention: "unknown".into(),
                    locked: "unknown".into(),
                    status: "unknown".into(),
                    ..base
                },
                Protection::By(rules) => protected_row(base, &rules, &tested_vaults),
            }
        })
        .collect()
}

fn protected_row(base: Row, rules: &[RuleFacts], tested_vaults: &[String]) -> Row {
    let names = rules
        .iter()
        .map(|r| format!("{}/{}", r.plan.display(), r.name))
        .collect();
    let rpo = if rules.iter().any(|r| r.rpo == Rpo::Continuous) {
        "minutes (continuous)".to_string()
    } else if rules.iter().any(|r| r.rpo == Rpo::Unknown) {
        "unknown".to_string()
    } else {
        rules
            .iter()
            .filter_map(|r| match r.rpo {
                Rpo::Minutes(m, _) => Some(m),
                _ => None,
            })
            .min()
            .map_or("unknown".into(), |m| format!("{} h", fmt_hours(m)))
    };
    let retention = if rules
        .iter()
        .any(|r| matches!(r.retention, Retention::Forever))
    {
        "forever".to_string()
    } else {
        rules
            .iter()
            .filter_map(|r| match r.retention {
                Retention::Days(d) => Some(d),
                _ => None,
            })
            .max()
            .map_or("unknown".into(), |d| format!("{d} days"))
    };
    let copies = rules
        .iter()
        .flat_map(|r| &r.copies)
        .map(copy_text)
        .collect();
    let locked = if rules
        .iter()
        .any(|r| r.locked == Some(true) || r.air_gapped_target)
        || rules
            .iter()
            .flat_map(|r| &r.copies)
            .any(|c| c.locked == Some(true))
    {
        "yes"
    } else if rules.iter().any(|r| r.locked.is_none())
        || rules
            .iter()
            .flat_map(|r| &r.copies)
            .any(|c| c.locked.is_none())
    {
        "unknown"
    } else {
        "no"
    };
    let restore_tested = tested_vaults.iter().any(|v| v == "*")
        || rules.iter().any(|r| {
            let written = r
                .plan
                .body
                .list("rules")
                .get(r.index)
                .and_then(Value::as_object)
                .and_then(|rule| rule.reference("vault"))
                .map(str::to_string);
            written.is_some_and(|v| tested_vaults.contains(&v))
                || r.copies.iter().any(|c| tested_vaults.contains(&c.to))
        });
    Row {
        rules: names,
        rpo,
        retention,
        copies,
        locked: locked.into(),
        restore_tested,
        status: "protected".into(),
        ..base
    }
}

fn copy_text(c: &CopyFact) -> String {
    let mut text = match c.air_gapped {
        Some(true) => format!("air-gapped vault {}", c.to),
        _ => c.to.clone(),
    };
    if let Some(region) = &c.region {
        text.push_str(&format!(" ({region})"));
    }
    if let Some(account) = &c.account {
        text.push_str(&format!(", account {account}"));
    }
    text
}

/// The vaults restore testing plans include (by id, or `*`).
fn restore_tested_vaults(stack: &CheckedStack) -> Vec<String> {
    stack
        .of_kind(Kind::RestoreTestingPlan)
        .flat_map(|p| p.body.list("include_vaults").iter())
        .filter_map(|v| match v {
            Value::Ref(id) => Some(id.clone()),
            Value::Str(s) if s == "*" => Some("*".into()),
            _ => None,
        })
        .collect()
}

fn objectives_text(row: &Row) -> String {
    if row.missed.is_empty() {
        "met".into()
    } else {
        format!("{} missed", row.missed.len())
    }
}

/// A plain-text table, then each missed objective in full.
pub fn text(stack: &CheckedStack) -> String {
    let rows = rows(stack);
    let header = [
        "store",
        "region",
        "status",
        "rules",
        "worst-case RPO",
        "retention",
        "copies",
        "locked",
        "restore tested",
        "objectives",
    ];
    let cells: Vec<[String; 10]> = rows
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                r.region.clone(),
                r.status.clone(),
                r.rules.join(", "),
                r.rpo.clone(),
                r.retention.clone(),
                r.copies.join(", "),
                r.locked.clone(),
                if r.restore_tested { "yes" } else { "no" }.into(),
                objectives_text(r),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |values: Vec<&str>| -> String {
        let mut out = values
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v:<w$}"))
            .collect::<Vec<_>>()
            .join("  ");
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    };
    let mut out = format!("protection report of stack `{}`\n\n", stack.name);
    out.push_str(&line(header.to_vec()));
    for row in &cells {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    for r in &rows {
        for m in &r.missed {
            out.push_str(&format!("\nmissed: {m}"));
        }
    }
    if rows.iter().any(|r| !r.missed.is_empty()) {
        out.push('\n');
    }
    let controls = control_rows(stack);
    if !controls.is_empty() {
        out.push_str("\nframework controls, as Audit Manager will report them once deployed\n\n");
        for c in &controls {
            out.push_str(&format!("{}  {}  {}\n", c.framework, c.control, c.status));
            for d in &c.details {
                out.push_str(&format!("    {d}\n"));
            }
        }
    }
    out
}

/// A Markdown table.
pub fn markdown(stack: &CheckedStack) -> String {
    let escape = |s: &str| s.replace('|', "\\|");
    let mut out = format!(
        "# Protection report of `{}`\n\n| store | Region | status | rules | worst-case RPO | retention | copies | locked | restore tested | objectives |\n|---|---|---|---|---|---|---|---|---|---|\n",
        stack.name
    );
    for r in rows(stack) {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            escape(&r.name),
            r.region,
            r.status,
            escape(&r.rules.join(", ")),
            r.rpo,
            r.retention,
            escape(&r.copies.join(", ")),
            r.locked,
            if r.restore_tested { "yes" } else { "no" },
            if r.missed.is_empty() {
                "met".to_string()
            } else {
                escape(&r.missed.join("; "))
            }
        ));
    }
    let controls = control_rows(stack);
    if !controls.is_empty() {
        out.push_str("\n## Framework controls, as Audit Manager will report them once deployed\n\n| framework | control | predicted | why |\n|---|---|---|---|\n");
        for c in controls {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                escape(&c.framework),
                c.control,
                c.status,
                escape(&c.details.join("; "))
            ));
        }
    }
    out
}

/// The rows as JSON.
pub fn json(stack: &CheckedStack) -> Json {
    let rows: Vec<Json> = rows(stack)
        .into_iter()
        .map(|r| {
            json!({
                "id": r.id, "name": r.name, "kind": r.kind, "region": r.region, "status": r.status,
                "rules": r.rules, "worst_case_rpo": r.rpo, "retention": r.retention,
                "copies": r.copies, "locked": r.locked, "restore_tested": r.restore_tested,
                "objectives_missed": r.missed,
            })
        })
        .collect();
    let controls: Vec<Json> = control_rows(stack)
        .into_iter()
        .map(|c| json!({"framework": c.framework, "control": c.control, "predicted": c.status, "details": c.details}))
        .collect();
    json!({"stack": stack.name, "stores": rows, "controls": controls})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn a_row_per_data_store() {
        let mut daily = rule("daily", "v", Some(lifecycle(None, Some(35))));
        if let Value::Object(o) = &mut daily {
            o.set("schedule", "cron(0 2 * * ? *)");
            o.set("completion_window_minutes", 60);
            o.set(
                "copy",
                list(vec![
                    obj(
                        "Copy",
                        vec![(
                            "to",
                            "arn:aws:backup:us-west-2:444455556666:backup-vault:dr".into(),
                        )],
                    ),
                    obj(
                        "Copy",
                        vec![(
                            "to",
                            "arn:aws:backup:*:444455556666:backup-vault:any".into(),
                        )],
                    ),
                ]),
            );
        }
        let table = |id: &str, name: &str| {
            res(
                Kind::DynamoTable,
                id,
                vec![
                    ("name", name.into()),
                    ("hash_key", "id".into()),
                    ("attributes", map(&[("id", "S")])),
                ],
            )
        };
        let checked = stack(vec![
            key("k"),
            vault("v", "primary").with("kms_key", r("k")),
            plan("p", vec![daily]),
            backup_role("role"),
            table("catalog", "catalog"),
            table("scratch", "scratch"),
            selection("sel", "p", vec![r("catalog")]),
            selection("again", "p", vec![r("catalog")]),
        ])
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
        let rows = rows(&checked);
        assert_eq!(rows.len(), 2);
        let catalog = &rows[0];
        assert_eq!(catalog.status, "protected");
        assert_eq!(
            catalog.rpo, "25 h",
            "24 h between runs plus a 60-minute window"
        );
        assert_eq!(catalog.retention, "35 days");
        assert_eq!(
            catalog.copies,
            [
                "arn:aws:backup:us-west-2:444455556666:backup-vault:dr (us-west-2), account 444455556666",
                "arn:aws:backup:*:444455556666:backup-vault:any, account 444455556666"
            ]
        );
        assert_eq!(
            catalog.rules,
            ["p/daily"],
            "two selections of one plan: one rule"
        );
        assert_eq!(catalog.locked, "unknown", "a copy to a vault by ARN");
        assert!(!catalog.restore_tested);
        assert_eq!(rows[1].status, "unprotected");
        let t = text(&checked);
        assert!(
            t.contains("catalog") && t.contains("25 h") && t.contains("unprotected"),
            "{t}"
        );
        let m = markdown(&checked);
        assert!(
            m.contains("| `catalog` | us-east-1 | protected | p/daily | 25 h |"),
            "{m}"
        );
        assert_eq!(json(&checked)["stores"][1]["status"], "unprotected");
    }
}
