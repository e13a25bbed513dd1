//! Layer 3, the rules.
//!
//! DynamoDB tables: key attributes, indexes, billing and point-in-time recovery.

use super::names::chars_within;
use super::Cx;
use crate::codes::*;
use crate::model::Resource;
use crate::schema::Kind;
use crate::value::Value;

/// Runs the table rules.
pub fn check(cx: &mut Cx) {
    for t in cx.of_kind(Kind::DynamoTable) {
        names_and_types(cx, t);
        attributes_match_keys(cx, t);
        indexes(cx, t);
        billing(cx, t);
        if let Some(d) = t.body.int("recovery_period_days") {
            cx.in_range(
                &BK125,
                t,
                "recovery_period_days",
                "point-in-time recovery period (days)",
                d,
                1,
                35,
            );
        }
    }
}

fn table_name_ok(s: &str) -> bool {
    chars_within(s, 3, 255, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
    })
}

/// BK122. Attribute types S/N/B; table and index names 3-255 of `[A-Za-z0-9_.-]` [API].
fn names_and_types(cx: &mut Cx, t: &Resource) {
    if let Some(name) = t.body.str("name").filter(|n| !table_name_ok(n)) {
        cx.report
            .error(
                &BK122,
                &t.id,
                "name",
                format!("table name `{name}` must be 3-255 of letters, digits, `_`, `.`, `-`"),
            )
            .help("rename the table");
    }
    for (k, v) in t.body.map("attributes") {
        if let Some(ty) = v.as_str().filter(|ty| !matches!(*ty, "S" | "N" | "B")) {
            cx.report
                .error(
                    &BK122,
                    &t.id,
                    "attributes",
                    format!("attribute `{k}` has type `{ty}`; key attributes are `S`, `N` or `B`"),
                )
                .help("use S (string), N (number) or B (binary)");
        }
    }
    for field in ["global_indexes", "local_indexes"] {
        for (i, idx) in t
            .body
            .list(field)
            .iter()
            .filter_map(Value::as_object)
            .enumerate()
        {
            if let Some(name) = idx.str("name").filter(|n| !table_name_ok(n)) {
                cx.report
                    .error(
                        &BK122,
                        &t.id,
                        &format!("{field}[{i}].name"),
                        format!(
                            "index name `{name}` must be 3-255 of letters, digits, `_`, `.`, `-`"
                        ),
                    )
                    .help("rename the index");
            }
        }
    }
}

/// Every key attribute with where it is used.
fn key_attributes(t: &Resource) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in ["hash_key", "range_key"] {
        if let Some(a) = t.body.str(f) {
            out.push((a.to_string(), f.to_string()));
        }
    }
    for field in ["global_indexes", "local_indexes"] {
        for (i, idx) in t
            .body
            .list(field)
            .iter()
            .filter_map(Value::as_object)
            .enumerate()
        {
            for f in ["hash_key", "range_key"] {
                if let Some(a) = idx.str(f) {
                    out.push((a.to_string(), format!("{field}[{i}].{f}")));
                }
            }
        }
    }
    out
}

/// BK120, BK121. Every key attribute is declared, and every declared attribute is a key
/// [API KeySchema; cfn-lint E3039].
fn attributes_match_keys(cx: &mut Cx, t: &Resource) {
    if t.body.get("attributes").is_some_and(Value::is_unknown) {
        return;
    }
    let declared: Vec<&str> = t
        .body
        .map("attributes")
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    let keys = key_attributes(t);
    for (attr, path) in &keys {
        if !declared.contains(&attr.as_str()) {
            cx.report
                .error(
                    &BK120,
                    &t.id,
                    path,
                    format!(
                        "table `{}`: key attribute `{attr}` is not declared in `attributes`",
                        t.display()
                    ),
                )
                .help(format!(
                    "add `(\"{attr}\", \"S\")` (or N, B) to `attributes`"
                ));
        }
    }
    for attr in declared {
        if !keys.iter().any(|(k, _)| k == attr) {
            cx.report
                .error(&BK121, &t.id, "attributes", format!("table `{}`: attribute `{attr}` is declared but no key or index uses it; DynamoDB rejects non-key attribute definitions", t.display()))
                .help(format!("remove `{attr}` from `attributes` (items can still carry it), or index it"));
        }
    }
}

/// BK123. Local indexes need the table's sort key; at most 5 local and 20 global indexes.
fn indexes(cx: &mut Cx, t: &Resource) {
    let lsis = t.body.list("local_indexes");
    if !lsis.is_empty() && !t.body.has("range_key") {
        cx.report
            .error(
                &BK123,
                &t.id,
                "local_indexes",
                format!(
                    "table `{}` has local indexes but no `range_key`",
                    t.display()
                ),
            )
            .at_key()
            .help("give the table a sort key, or use a global index");
    }
    if lsis.len() > 5 {
        cx.report
            .error(
                &BK123,
                &t.id,
                "local_indexes",
                format!("{} local indexes; at most 5", lsis.len()),
            )
            .help("drop local indexes");
    }
    for (i, idx) in lsis.iter().filter_map(Value::as_object).enumerate() {
        if let (Some(h), Some(th)) = (idx.str("hash_key"), t.body.str("hash_key")) {
            if h != th {
                cx.report
                    .error(
                        &BK123,
                        &t.id,
                        &format!("local_indexes[{i}].hash_key"),
                        format!("a local index shares the table's partition key `{th}`, got `{h}`"),
                    )
                    .help(format!(
                        "write `hash_key: \"{th}\"`, or make it a global index"
                    ));
            }
        }
        if !idx.has("range_key") {
            cx.report
                .error(
                    &BK123,
                    &t.id,
                    &format!("local_indexes[{i}]"),
                    "a local index needs a `range_key`",
                )
                .at_key()
                .help("add a sort key to the index");
        }
    }
    let gsis = t.body.list("global_indexes").len();
    if gsis > 20 {
        cx.report
            .error(
                &BK123,
                &t.id,
                "global_indexes",
                format!("{gsis} global indexes; at most 20"),
            )
            .help("drop global indexes");
    }
}

/// BK124. PAY_PER_REQUEST takes no capacity; PROVISIONED needs both capacities >= 1.
fn billing(cx: &mut Cx, t: &Resource) {
    let mode = t.body.str("billing").unwrap_or("PAY_PER_REQUEST");
    let caps = [
        ("read_capacity", t.body.get("read_capacity")),
        ("write_capacity", t.body.get("write_capacity")),
    ];
    if mode == "PAY_PER_REQUEST" {
        for (f, v) in caps {
            if v.is_some() {
                cx.report.error(&BK124, &t.id, f, format!("table `{}` is PAY_PER_REQUEST; `{f}` applies to PROVISIONED tables only", t.display())).at_key().help(format!("remove `{f}`, or set `billing: \"PROVISIONED\"`"));
            }
        }
    } else if t.body.str("billing").is_some() {
        for (f, v) in caps {
            match v {
                None => {
                    cx.report
                        .error(
                            &BK124,
                            &t.id,
                            "billing",
                            format!("a PROVISIONED table needs `{f}`"),
                        )
                        .help(format!("add `{f}: 5` or more"));
                }
                Some(Value::Int(n)) if *n < 1 => {
                    cx.report
                        .error(
                            &BK124,
                            &t.id,
                            f,
                            format!("`{f}` must be at least 1, got {n}"),
                        )
                        .help("use 1 or more");
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    fn table(fields: Vec<(&str, Value)>) -> crate::Resource {
        let mut f = vec![
            ("name", Value::from("catalog")),
            ("hash_key", "backupId".into()),
            ("attributes", map(&[("backupId", "S")])),
        ];
        f.extend(fields);
        res(Kind::DynamoTable, "t", f)
    }

    #[test]
    fn bk120_bk121_attributes() {
        assert!(
            codes(&stack(vec![table(vec![("range_key", "clientId".into())])])).contains(&"BK120")
        );
        assert!(codes(&stack(vec![table(vec![(
            "attributes",
            map(&[("backupId", "S"), ("timestamp", "N")])
        )])]))
        .contains(&"BK121"));
    }

    #[test]
    fn bk122_to_bk125() {
        assert!(codes(&stack(vec![table(vec![("name", "ab".into())])])).contains(&"BK122"));
        assert!(codes(&stack(vec![table(vec![(
            "attributes",
            map(&[("backupId", "X")])
        )])]))
        .contains(&"BK122"));
        let lsi = obj(
            "Index",
            vec![
                ("name", "byTime".into()),
                ("hash_key", "backupId".into()),
                ("range_key", "backupId".into()),
            ],
        );
        assert!(codes(&stack(vec![table(vec![(
            "local_indexes",
            list(vec![lsi])
        )])]))
        .contains(&"BK123"));
        assert!(
            codes(&stack(vec![table(vec![("read_capacity", Value::Int(5))])])).contains(&"BK124")
        );
        assert!(
            codes(&stack(vec![table(vec![("billing", "PROVISIONED".into())])])).contains(&"BK124")
        );
        assert!(codes(&stack(vec![table(vec![(
            "recovery_period_days",
            Value::Int(90)
        )])]))
        .contains(&"BK125"));
    }

    // Boundaries: the largest valid value is clean, the smallest invalid one fires.

    fn index(name: &str, hash: &str, range: Option<&str>) -> Value {
        let mut f = vec![("name", Value::from(name)), ("hash_key", hash.into())];
        if let Some(r) = range {
            f.push(("range_key", r.into()));
        }
        obj("Index", f)
    }

    #[test]
    fn bk122_names_at_their_edges() {
        for ok in ["abc", "._-", &"t".repeat(255)] {
            assert_clean(&stack(vec![table(vec![("name", ok.into())])]));
        }
        for bad in ["ab", "a b", &"t".repeat(256)] {
            assert!(
                fires(&stack(vec![table(vec![("name", bad.into())])]), "BK122"),
                "{bad}"
            );
        }
        let gsi = |name: &str| {
            table(vec![
                ("attributes", map(&[("backupId", "S"), ("vault", "S")])),
                ("global_indexes", list(vec![index(name, "vault", None)])),
            ])
        };
        assert_clean(&stack(vec![gsi("by-vault")]));
        assert!(fires(&stack(vec![gsi("by vault")]), "BK122"));
        assert!(fires(
            &stack(vec![table(vec![("attributes", map(&[("backupId", "X")]))])]),
            "BK122"
        ));
    }

    #[test]
    fn bk120_bk121_every_key_declared_and_used() {
        let with_gsi = |attrs: &[(&str, &str)], hash: &str| {
            stack(vec![table(vec![
                ("attributes", map(attrs)),
                ("global_indexes", list(vec![index("gsi", hash, None)])),
            ])])
        };
        assert_clean(&with_gsi(&[("backupId", "S"), ("vault", "S")], "vault"));
        assert!(fires(&with_gsi(&[("backupId", "S")], "vault"), "BK120"));
        assert!(fires(
            &with_gsi(
                &[("backupId", "S"), ("vault", "S"), ("extra", "N")],
                "vault"
            ),
            "BK121"
        ));
        let sorted = stack(vec![table(vec![
            ("range_key", "createdAt".into()),
            ("attributes", map(&[("backupId", "S"), ("createdAt", "N")])),
        ])]);
        assert_clean(&sorted);
    }

    #[test]
    fn bk123_index_counts_and_keys() {
        let lsis = |n: usize| {
            list(
                (0..n)
                    .map(|i| index(&format!("lsi{i}"), "backupId", Some("createdAt")))
                    .collect(),
            )
        };
        let with_lsis = |n: usize| {
            stack(vec![table(vec![
                ("range_key", "createdAt".into()),
                ("attributes", map(&[("backupId", "S"), ("createdAt", "N")])),
                ("local_indexes", lsis(n)),
            ])])
        };
        assert_clean(&with_lsis(5));
        assert!(fires(&with_lsis(6), "BK123"));
        let without_table_sort_key = stack(vec![table(vec![
            ("attributes", map(&[("backupId", "S"), ("createdAt", "N")])),
            ("local_indexes", lsis(1)),
        ])]);
        assert!(fires(&without_table_sort_key, "BK123"));
        let other_partition = stack(vec![table(vec![
            ("range_key", "createdAt".into()),
            (
                "attributes",
                map(&[("backupId", "S"), ("createdAt", "N"), ("vault", "S")]),
            ),
            (
                "local_indexes",
                list(vec![index("lsi", "vault", Some("createdAt"))]),
            ),
        ])]);
        assert!(fires(&other_partition, "BK123"));
        let no_sort = stack(vec![table(vec![
            ("range_key", "createdAt".into()),
            ("attributes", map(&[("backupId", "S"), ("createdAt", "N")])),
            ("local_indexes", list(vec![index("lsi", "backupId", None)])),
        ])]);
        assert!(fires(&no_sort, "BK123"));
        let gsis = |n: usize| {
            stack(vec![table(vec![
                ("attributes", map(&[("backupId", "S"), ("vault", "S")])),
                (
                    "global_indexes",
                    list(
                        (0..n)
                            .map(|i| index(&format!("gsi{i}"), "vault", None))
                            .collect(),
                    ),
                ),
            ])])
        };
        assert_clean(&gsis(20));
        assert!(fires(&gsis(21), "BK123"));
    }

    #[test]
    fn bk124_capacity_at_its_edge() {
        let provisioned = |read: i64, write: i64| {
            stack(vec![table(vec![
                ("billing", "PROVISIONED".into()),
                ("read_capacity", Value::Int(read)),
                ("write_capacity", Value::Int(write)),
            ])])
        };
        assert_clean(&provisioned(1, 1));
        assert!(fires(&provisioned(0, 1), "BK124"));
        assert!(fires(&provisioned(1, 0), "BK124"));
        let missing = stack(vec![table(vec![
            ("billing", "PROVISIONED".into()),
            ("read_capacity", Value::Int(5)),
        ])]);
        assert!(fires(&missing, "BK124"));
        let on_demand = stack(vec![table(vec![("read_capacity", Value::Int(5))])]);
        assert!(fires(&on_demand, "BK124"));
        assert_clean(&stack(vec![table(vec![(
            "billing",
            "PAY_PER_REQUEST".into(),
        )])]));
    }
}
