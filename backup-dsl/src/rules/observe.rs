//! Layer 3, the rules.
//!
//! CloudWatch Logs log groups and dashboards.

use super::names::chars_within;
use super::Cx;
use crate::codes::*;
use crate::model::Resource;
use crate::schema::Kind;
use crate::value::{Object, Value};

/// Retention values CloudWatch Logs accepts [CFN AWS::Logs::LogGroup RetentionInDays].
pub const LOG_RETENTION_DAYS: &[i64] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// Runs the rules.
pub fn check(cx: &mut Cx) {
    for g in cx.of_kind(Kind::LogGroup) {
        if let Some(d) = g.body.int("retention_days") {
            if !LOG_RETENTION_DAYS.contains(&d) {
                let nearest = LOG_RETENTION_DAYS
                    .iter()
                    .copied()
                    .min_by_key(|v| (i128::from(*v) - i128::from(d)).abs())
                    .unwrap_or(30);
                cx.report
                    .error(
                        &BK132,
                        &g.id,
                        "retention_days",
                        format!(
                            "log group `{}`: retention {d} is not one of {}",
                            g.display(),
                            LOG_RETENTION_DAYS
                                .iter()
                                .map(i64::to_string)
                                .collect::<Vec<_>>()
                                .join(",")
                        ),
                    )
                    .help(format!("use {nearest}"));
            }
        }
        if let Some(name) = g.body.str("name").filter(|n| {
            !chars_within(n, 1, 512, |c| {
                c.is_ascii_alphanumeric() || ".-_/#".contains(c)
            })
        }) {
            cx.report
                .error(
                    &BK133,
                    &g.id,
                    "name",
                    format!("log group name `{name}` must be 1-512 of letters, digits and `.-_/#`"),
                )
                .help("rename the log group");
        }
    }
    for g in cx.of_kind(Kind::LogGroup) {
        if let Some(Value::Str(arn)) = g.body.get("kms_key") {
            let parsed = super::names::parse_arn(arn);
            let key_arn = matches!(parsed, Some((_, "kms", r, _, res)) if !r.is_empty() && res.starts_with("key/"));
            // The CloudFormation schema's pattern takes `key/` and `alias/` ARNs; the Logs API
            // reference asks for a key ARN. The sources disagree, so an alias ARN only warns.
            let alias_arn = matches!(parsed, Some((_, "kms", r, _, res)) if !r.is_empty() && res.starts_with("alias/"));
            if alias_arn {
                cx.report
                    .warning(&BK133, &g.id, "kms_key", format!("log group `{}`: `{arn}` is an alias ARN; the CloudWatch Logs API reference asks for a key ARN", g.display()))
                    .help("give the key's ARN, or reference a `kms::Key`; allow this warning if the alias works for you");
            } else if !key_arn {
                cx.report
                    .error(
                        &BK133,
                        &g.id,
                        "kms_key",
                        format!(
                            "log group `{}`: `{arn}` is not a full KMS key ARN",
                            g.display()
                        ),
                    )
                    .help(
                        "give `arn:aws:kms:<region>:<account>:key/<id>`, or reference a `kms::Key`",
                    );
            }
        }
    }
    for d in cx.of_kind(Kind::Dashboard) {
        dashboard(cx, d);
    }
}

const STATS: &[&str] = &["SampleCount", "Average", "Sum", "Minimum", "Maximum"];

/// Whether `s` is a CloudWatch statistic [DOC Statistics-definitions.html]: the five basic ones,
/// `IQM`, a percentile or trimmed/winsorized statistic with one percentage (`p99`, `p99.9`,
/// `tm99`, `wm98`, `tc90`, `ts90`), or one of those and the percentile rank with a range
/// (`TM(10%:90%)`, `TM(:95%)`, `tc(0.005:0.030)`, `PR(:300)`, `PR(100:2000)`). Short forms are
/// lowercase and range forms uppercase in the documentation; CloudWatch takes either case.
pub fn stat_ok(s: &str) -> bool {
    fn number(n: &str) -> Option<f64> {
        let digits = n.chars().all(|c| c.is_ascii_digit() || c == '.');
        (digits && !n.is_empty())
            .then(|| n.parse::<f64>().ok())
            .flatten()
    }
    fn percent(n: &str) -> bool {
        number(n).is_some_and(|v| (0.0..=100.0).contains(&v))
    }
    // One end of a range: empty, a percentage `10%`, or an absolute value `150`.
    fn bound(b: &str) -> bool {
        b.is_empty()
            || match b.strip_suffix('%') {
                Some(p) => percent(p),
                None => number(b).is_some(),
            }
    }
    if STATS.contains(&s) || s.eq_ignore_ascii_case("IQM") {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    let range_ok = |name: &str| {
        lower
            .strip_prefix(name)
            .and_then(|r| r.strip_prefix('('))
            .and_then(|r| r.strip_suffix(')'))
            .and_then(|r| r.split_once(':'))
            .is_some_and(|(a, b)| !(a.is_empty() && b.is_empty()) && bound(a) && bound(b))
    };
    ["p", "tm", "wm", "tc", "ts"]
        .iter()
        .any(|name| lower.strip_prefix(name).is_some_and(percent) || range_ok(name))
        || range_ok("pr")
}

/// BK134-BK139 [DOC CloudWatch-Dashboard-Body-Structure].
fn dashboard(cx: &mut Cx, d: &Resource) {
    if let Some(name) = d.body.str("name").filter(|n| {
        !chars_within(n, 1, 255, |c| {
            c.is_ascii_alphanumeric() || c == '-' || c == '_'
        })
    }) {
        cx.report
            .error(
                &BK134,
                &d.id,
                "name",
                format!("dashboard name `{name}` must be at most 255 of letters, digits, `-`, `_`"),
            )
            .help("rename the dashboard");
    }
    for (i, w) in d
        .body
        .list("widgets")
        .iter()
        .filter_map(Value::as_object)
        .enumerate()
    {
        let path = format!("widgets[{i}]");
        layout(cx, d, &path, w);
        if w.str("kind") == Some("metric") {
            metric_widget(cx, d, &path, w);
        }
    }
}

fn layout(cx: &mut Cx, d: &Resource, path: &str, w: &Object) {
    for (field, lo, hi) in [
        ("x", 0, 23),
        ("y", 0, i64::MAX),
        ("width", 1, 24),
        ("height", 1, 1000),
    ] {
        if let Some(v) = w.int(field) {
            if v < lo || v > hi {
                let range = if hi == i64::MAX {
                    format!("at least {lo}")
                } else {
                    format!("{lo}-{hi}")
                };
                cx.report
                    .error(
                        &BK135,
                        &d.id,
                        &format!("{path}.{field}"),
                        format!("widget {field} must be {range}, got {v}"),
                    )
                    .help(format!("set `{field}` within {range}"));
            }
        }
    }
    if w.has("x") != w.has("y") {
        cx.report
            .error(
                &BK135,
                &d.id,
                path,
                "a widget gives both `x` and `y`, or neither",
            )
            .help("add the missing coordinate");
    }
}

fn metric_widget(cx: &mut Cx, d: &Resource, path: &str, w: &Object) {
    let metrics = w.list("metrics");
    if metrics.len() > 500 {
        cx.report
            .error(
                &BK136,
                &d.id,
                path,
                format!(
                    "a metric widget holds at most 500 metrics, got {}",
                    metrics.len()
                ),
            )
            .help("split the widget");
    } else if metrics.is_empty() && !w.get("metrics").is_some_and(Value::is_unknown) {
        // Empty is accepted (a widget may show only alarm annotations), so only a warning.
        cx.report
            .warning(&BK136, &d.id, path, "this metric widget shows no metric")
            .help("add `metrics: [Metric { namespace, name, .. }]`");
    }
    let mut periods: Vec<(String, i64)> = w
        .int("period")
        .map(|p| (format!("{path}.period"), p))
        .into_iter()
        .collect();
    let mut ids: Vec<&str> = Vec::new();
    for (j, m) in metrics.iter().filter_map(Value::as_object).enumerate() {
        let mpath = format!("{path}.metrics[{j}]");
        let named = m.has("namespace") && m.has("name");
        let expression = m.has("expression");
        if named == expression {
            cx.report
                .error(&BK137, &d.id, &mpath, "a metric is a `namespace` and a `name` (with dimension pairs), or an `expression`, not both or neither")
                .help("write `Metric { namespace: \"AWS/Backup\", name: \"NumberOfBackupJobsFailed\", dimensions: [(\"BackupVaultName\", vault)] }`");
        }
        if m.str("namespace") == Some("AWS/S3")
            && matches!(m.str("name"), Some("BucketSizeBytes" | "NumberOfObjects"))
        {
            let dims: Vec<&str> = m
                .map("dimensions")
                .iter()
                .map(|(k, _)| k.as_str())
                .collect();
            let missing: Vec<&str> = ["BucketName", "StorageType"]
                .into_iter()
                .filter(|d| !dims.contains(d))
                .collect();
            if !missing.is_empty() && !m.get("dimensions").is_some_and(Value::is_unknown) {
                cx.report
                    .error(&BK137, &d.id, &format!("{mpath}.dimensions"), format!("S3 storage metric `{}` needs the dimensions BucketName and StorageType; missing {}", m.str("name").unwrap_or(""), missing.join(", ")))
                    .help("add `(\"StorageType\", \"StandardStorage\")` (BucketSizeBytes) or `(\"StorageType\", \"AllStorageTypes\")` (NumberOfObjects)");
            }
        }
        if let Some(p) = m.int("period") {
            periods.push((format!("{mpath}.period"), p));
        }
        if let Some(id) = m.str("id") {
            let ok = id.starts_with(|c: char| c.is_ascii_lowercase())
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !ok {
                cx.report.error(&BK138, &d.id, &format!("{mpath}.id"), format!("metric id `{id}` must start with a lowercase letter and hold letters, digits, `_`")).help("rename the id");
            } else if ids.contains(&id) {
                cx.report
                    .error(
                        &BK138,
                        &d.id,
                        &format!("{mpath}.id"),
                        format!("metric id `{id}` is used twice in this widget"),
                    )
                    .help("give every metric its own id");
            }
            ids.push(id);
        }
        if let Some(s) = m.str("stat").filter(|s| !stat_ok(s)) {
            cx.report
                .error(
                    &BK139,
                    &d.id,
                    &format!("{mpath}.stat"),
                    format!(
                        "statistic `{s}` is not SampleCount, Average, Sum, Minimum, Maximum, IQM, pNN, tmNN, wmNN, tcNN, tsNN or a range form such as TM(10%:90%) or PR(:300)"
                    ),
                )
                .help("use e.g. `Sum` or `p99`");
        }
    }
    for (j, m) in metrics.iter().filter_map(Value::as_object).enumerate() {
        let Some(expr) = m
            .str("expression")
            .filter(|e| !e.to_ascii_uppercase().contains("SELECT "))
        else {
            continue;
        };
        for name in expression_ids(expr) {
            if !ids.contains(&name.as_str()) {
                cx.report
                    .error(&BK138, &d.id, &format!("{path}.metrics[{j}].expression"), format!("expression `{expr}` uses `{name}`, which no metric of this widget has as its id"))
                    .help(format!("give a metric `id: \"{name}\"`, or fix the expression"));
            }
        }
    }
    if let Some(s) = w.str("stat").filter(|s| !stat_ok(s)) {
        cx.report
            .error(
                &BK139,
                &d.id,
                &format!("{path}.stat"),
                format!(
                    "statistic `{s}` is not SampleCount, Average, Sum, Minimum, Maximum, IQM, pNN, tmNN, wmNN, tcNN, tsNN or a range form such as TM(10%:90%) or PR(:300)"
                ),
            )
            .help("use e.g. `Sum` or `p99`");
    }
    for (p, v) in periods {
        if v < 60 || v % 60 != 0 {
            cx.report
                .error(
                    &BK136,
                    &d.id,
                    &p,
                    format!("period must be a multiple of 60 seconds, got {v}"),
                )
                .help("use 60, 300, 3600, ..");
        }
    }
}

/// Identifiers a metric math expression refers to: lowercase-initial words that are not function
/// calls and not inside quotes (`m1 / m2 * 100`, `SUM(METRICS())`).
fn expression_ids(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    let mut quoted = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '\'' {
            quoted = !quoted;
            i += 1;
            continue;
        }
        if !quoted
            && (c.is_ascii_alphabetic() || c == '_')
            && (i == 0
                || !(chars[i - 1].is_ascii_alphanumeric()
                    || chars[i - 1] == '_'
                    || chars[i - 1] == '.'))
        {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let call = chars[i..].iter().find(|c| !c.is_whitespace()) == Some(&'(');
            if word.starts_with(|c: char| c.is_ascii_lowercase()) && !call && !out.contains(&word) {
                out.push(word);
            }
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    #[test]
    fn bk132_bk133_log_groups() {
        let g = |f: Vec<(&str, Value)>| {
            let mut v = vec![("name", Value::from("/aws/lambda/verify"))];
            v.extend(f);
            res(Kind::LogGroup, "g", v)
        };
        assert!(
            codes(&stack(vec![g(vec![("retention_days", Value::Int(31))])])).contains(&"BK132")
        );
        assert!(codes(&stack(vec![g(vec![("name", "bad name".into())])])).contains(&"BK133"));
    }

    fn dashboard(widgets: Vec<Value>) -> crate::Resource {
        res(
            Kind::Dashboard,
            "d",
            vec![("name", "backups".into()), ("widgets", list(widgets))],
        )
    }

    fn metric(fields: Vec<(&str, Value)>) -> Value {
        obj("Metric", fields)
    }

    fn widget(metrics: Vec<Value>, extra: Vec<(&str, Value)>) -> Value {
        let mut f = vec![("kind", Value::from("metric")), ("metrics", list(metrics))];
        f.extend(extra);
        obj("Widget", f)
    }

    #[test]
    fn bk134_to_bk139_dashboards() {
        let ok = metric(vec![
            ("namespace", "AWS/Backup".into()),
            ("name", "NumberOfBackupJobsFailed".into()),
        ]);
        assert!(codes(&stack(vec![dashboard(vec![]).with("name", "bad name")])).contains(&"BK134"));
        assert!(codes(&stack(vec![dashboard(vec![widget(
            vec![ok.clone()],
            vec![("width", Value::Int(30))]
        )])]))
        .contains(&"BK135"));
        assert!(codes(&stack(vec![dashboard(vec![widget(vec![], vec![])])])).contains(&"BK136"));
        assert!(codes(&stack(vec![dashboard(vec![widget(
            vec![ok.clone()],
            vec![("period", Value::Int(90))]
        )])]))
        .contains(&"BK136"));
        assert!(codes(&stack(vec![dashboard(vec![widget(
            vec![metric(vec![("namespace", "AWS/S3".into())])],
            vec![]
        )])]))
        .contains(&"BK137"));
        let id = |i: &str| {
            metric(vec![
                ("namespace", "AWS/S3".into()),
                ("name", "BucketSizeBytes".into()),
                ("id", i.into()),
            ])
        };
        assert!(codes(&stack(vec![dashboard(vec![widget(
            vec![id("m1"), id("m1")],
            vec![]
        )])]))
        .contains(&"BK138"));
        assert!(codes(&stack(vec![dashboard(vec![widget(
            vec![ok],
            vec![("stat", "Mean".into())]
        )])]))
        .contains(&"BK139"));
    }

    #[test]
    fn bk138_expression_references_defined_ids() {
        assert_eq!(super::expression_ids("m1 / m2 * 100"), vec!["m1", "m2"]);
        assert_eq!(
            super::expression_ids("SUM(METRICS())"),
            Vec::<String>::new()
        );
        let m = |id: &str| {
            metric(vec![
                ("namespace", "AWS/Backup".into()),
                ("name", "NumberOfBackupJobsFailed".into()),
                ("id", id.into()),
            ])
        };
        let e = metric(vec![
            ("expression", "failed / total".into()),
            ("id", "ratio".into()),
        ]);
        assert!(codes(&stack(vec![dashboard(vec![widget(
            vec![m("failed"), e.clone()],
            vec![]
        )])]))
        .contains(&"BK138"));
        assert!(!codes(&stack(vec![dashboard(vec![widget(
            vec![m("failed"), m("total"), e],
            vec![]
        )])]))
        .contains(&"BK138"));
    }

    #[test]
    fn bk133_log_group_key_must_be_a_key_arn() {
        let g = res(
            Kind::LogGroup,
            "g",
            vec![
                ("name", "/aws/lambda/x".into()),
                ("kms_key", "alias/logs".into()),
            ],
        );
        assert!(codes(&stack(vec![g])).contains(&"BK133"));
    }

    #[test]
    fn bk139_cloudwatch_statistics() {
        for ok in [
            "Sum",
            "p99",
            "p99.9",
            "p0",
            "p100",
            "tm99",
            "IQM",
            "TM(10%:90%)",
            "tm(:95%)",
            "wm99",
            "tc90",
            "ts(10%:)",
            "PR(:300)",
            "PR(100:2000)",
            "TC(0.005:0.030)",
        ] {
            assert!(super::stat_ok(ok), "{ok}");
        }
        for bad in [
            "Mean",
            "p101",
            "p",
            "tm",
            "PR(:)",
            "PR",
            "TM(10%:90%",
            "p-1",
            "avg",
        ] {
            assert!(!super::stat_ok(bad), "{bad}");
        }
    }

    #[test]
    fn bk133_alias_arn_only_warns() {
        let g = res(
            Kind::LogGroup,
            "g",
            vec![
                ("name", "/backup/jobs".into()),
                (
                    "kms_key",
                    "arn:aws:kms:us-east-1:111122223333:alias/logs".into(),
                ),
            ],
        );
        let rep = stack(vec![g]).check();
        assert!(
            rep.warnings().any(|d| d.code.code == "BK133") && !rep.has_errors(),
            "{rep}"
        );
    }

    // Boundaries: the largest valid value is clean, the smallest invalid one fires.

    fn dash(widgets: Vec<Value>) -> crate::Stack {
        stack(vec![res(
            Kind::Dashboard,
            "d",
            vec![("name", "backups".into()), ("widgets", list(widgets))],
        )])
    }

    fn a_metric(fields: Vec<(&str, Value)>) -> Value {
        let mut f = vec![
            ("namespace", Value::from("AWS/Backup")),
            ("name", "NumberOfBackupJobsFailed".into()),
        ];
        f.extend(fields);
        obj("Metric", f)
    }

    fn a_widget(fields: Vec<(&str, Value)>) -> Value {
        let mut f = vec![
            ("kind", Value::from("metric")),
            ("metrics", list(vec![a_metric(vec![])])),
        ];
        f.extend(fields);
        obj("Widget", f)
    }

    #[test]
    fn bk132_suggests_the_nearest_retention() {
        let help = |d: i64| {
            stack(vec![res(
                Kind::LogGroup,
                "g",
                vec![("name", "/l".into()), ("retention_days", Value::Int(d))],
            )])
            .check()
            .errors()
            .find(|x| x.code.code == "BK132")
            .and_then(|x| x.help.clone())
            .unwrap_or_default()
        };
        assert_eq!(help(100), "use 90");
        assert_eq!(help(110), "use 120");
        assert_eq!(help(4000), "use 3653");
        assert_eq!(help(i64::MIN), "use 1");
    }

    #[test]
    fn bk134_names() {
        let named = |n: String| {
            stack(vec![res(
                Kind::Dashboard,
                "d",
                vec![("name", n.into()), ("widgets", list(vec![]))],
            )])
        };
        assert!(!fires(&named("D".repeat(255)), "BK134"));
        assert!(!fires(&named("a-_".into()), "BK134"));
        assert!(fires(&named("D".repeat(256)), "BK134"));
        assert!(fires(&named("a.b".into()), "BK134"));
        assert!(fires(&named(String::new()), "BK134"));
    }

    #[test]
    fn bk135_layout_edges() {
        let at = |fields: Vec<(&str, Value)>| dash(vec![a_widget(fields)]);
        assert_clean(&at(vec![("x", Value::Int(0)), ("y", Value::Int(0))]));
        assert_clean(&at(vec![
            ("x", Value::Int(23)),
            ("y", Value::Int(i64::MAX)),
        ]));
        assert!(fires(
            &at(vec![("x", Value::Int(24)), ("y", Value::Int(0))]),
            "BK135"
        ));
        assert!(fires(
            &at(vec![("x", Value::Int(-1)), ("y", Value::Int(0))]),
            "BK135"
        ));
        assert!(fires(
            &at(vec![("x", Value::Int(0)), ("y", Value::Int(-1))]),
            "BK135"
        ));
        assert_clean(&at(vec![
            ("width", Value::Int(1)),
            ("height", Value::Int(1000)),
        ]));
        assert_clean(&at(vec![
            ("width", Value::Int(24)),
            ("height", Value::Int(1)),
        ]));
        assert!(fires(&at(vec![("width", Value::Int(25))]), "BK135"));
        assert!(fires(&at(vec![("width", Value::Int(0))]), "BK135"));
        assert!(fires(&at(vec![("height", Value::Int(1001))]), "BK135"));
        assert!(fires(&at(vec![("x", Value::Int(1))]), "BK135"));
        assert!(fires(&at(vec![("y", Value::Int(1))]), "BK135"));
        let msg = at(vec![("x", Value::Int(0)), ("y", Value::Int(-1))])
            .check()
            .errors()
            .find(|d| d.code.code == "BK135")
            .map(|d| d.message.clone())
            .unwrap();
        assert!(msg.contains("at least 0"), "{msg}");
    }

    #[test]
    fn bk136_metric_counts_and_periods() {
        let metrics = |n: usize| list((0..n).map(|_| a_metric(vec![])).collect());
        assert_clean(&dash(vec![a_widget(vec![("metrics", metrics(500))])]));
        assert!(dash(vec![a_widget(vec![("metrics", metrics(501))])])
            .check()
            .errors()
            .any(|d| d.code.code == "BK136"));
        let empty = dash(vec![a_widget(vec![("metrics", metrics(0))])]).check();
        assert!(empty.warnings().any(|d| d.code.code == "BK136") && !empty.has_errors());
        assert!(!fires(
            &dash(vec![a_widget(vec![("metrics", Value::Unknown)])]),
            "BK136"
        ));
        // Text widgets have no metrics.
        assert_clean(&dash(vec![obj(
            "Widget",
            vec![("kind", "text".into()), ("markdown", "# hi".into())],
        )]));
        for ok in [60, 300, 3600] {
            assert_clean(&dash(vec![a_widget(vec![("period", Value::Int(ok))])]));
            assert_clean(&dash(vec![a_widget(vec![(
                "metrics",
                list(vec![a_metric(vec![("period", Value::Int(ok))])]),
            )])]));
        }
        for bad in [0, 59, 61, 90, -60] {
            assert!(
                fires(
                    &dash(vec![a_widget(vec![("period", Value::Int(bad))])]),
                    "BK136"
                ),
                "{bad}"
            );
            assert!(
                fires(
                    &dash(vec![a_widget(vec![(
                        "metrics",
                        list(vec![a_metric(vec![("period", Value::Int(bad))])])
                    )])]),
                    "BK136"
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn bk137_metric_shapes() {
        let one = |m: Value| dash(vec![a_widget(vec![("metrics", list(vec![m]))])]);
        assert!(fires(
            &one(obj("Metric", vec![("namespace", "AWS/Backup".into())])),
            "BK137"
        ));
        assert!(fires(
            &one(a_metric(vec![("expression", "m1".into())])),
            "BK137"
        ));
        assert!(!fires(
            &one(obj("Metric", vec![("expression", "SUM(METRICS())".into())])),
            "BK137"
        ));
        let s3 = |name: &str, dims: &[(&str, &str)]| {
            one(obj(
                "Metric",
                vec![
                    ("namespace", "AWS/S3".into()),
                    ("name", name.into()),
                    ("dimensions", map(dims)),
                ],
            ))
        };
        let both = [("BucketName", "b"), ("StorageType", "StandardStorage")];
        assert_clean(&s3("BucketSizeBytes", &both));
        assert_clean(&s3("NumberOfObjects", &both));
        assert!(fires(
            &s3("BucketSizeBytes", &[("BucketName", "b")]),
            "BK137"
        ));
        assert!(fires(
            &s3("NumberOfObjects", &[("StorageType", "AllStorageTypes")]),
            "BK137"
        ));
        // Other S3 metrics take other dimensions.
        assert_clean(&s3("AllRequests", &[("BucketName", "b")]));
        // Another namespace's metric of the same name is not S3's.
        let other = one(obj(
            "Metric",
            vec![
                ("namespace", "Custom/S3".into()),
                ("name", "BucketSizeBytes".into()),
            ],
        ));
        assert_clean(&other);
        let unknown_dims = one(obj(
            "Metric",
            vec![
                ("namespace", "AWS/S3".into()),
                ("name", "BucketSizeBytes".into()),
                ("dimensions", Value::Unknown),
            ],
        ));
        assert!(!fires(&unknown_dims, "BK137"));
    }

    #[test]
    fn bk138_ids_and_expressions() {
        let with = |metrics: Vec<Value>| dash(vec![a_widget(vec![("metrics", list(metrics))])]);
        let expr = |e: &str| {
            obj(
                "Metric",
                vec![("expression", e.into()), ("id", "e1".into())],
            )
        };
        let m1 = || a_metric(vec![("id", "m1".into())]);
        let m2 = || a_metric(vec![("id", "m2".into())]);
        assert_clean(&with(vec![m1(), m2(), expr("m1 / m2 * 100")]));
        assert_clean(&with(vec![m1(), expr("SUM(METRICS())")]));
        assert_clean(&with(vec![m1(), expr("FILL(m1, 0)")]));
        assert_clean(&with(vec![
            m1(),
            expr("SEARCH('{AWS/Backup} m9', 'Sum', 300)"),
        ]));
        assert_clean(&with(vec![expr("SELECT SUM(x) FROM y")]));
        assert!(fires(&with(vec![m1(), expr("m1 + m3")]), "BK138"));
        assert!(fires(&with(vec![m1(), expr("m1+m3")]), "BK138"));
        assert!(fires(&with(vec![m1(), expr("m3")]), "BK138"));
        // A property after a dot is no id; a word after a digit is part of a number.
        assert_clean(&with(vec![m1(), expr("m1.value")]));
        assert!(fires(
            &with(vec![a_metric(vec![("id", "M1".into())])]),
            "BK138"
        ));
        assert!(fires(
            &with(vec![a_metric(vec![("id", "m-1".into())])]),
            "BK138"
        ));
        assert!(fires(&with(vec![m1(), m1()]), "BK138"));
        assert_eq!(super::expression_ids("m1 + m2 + m1"), vec!["m1", "m2"]);
        assert_eq!(super::expression_ids("\"m1\" + m2"), vec!["m2"]);
        assert_eq!(super::expression_ids("_x + y_1"), vec!["y_1"]);
        assert_eq!(super::expression_ids("2e + x"), vec!["x"]);
        // A call is no id, whatever its case; a word glued to a number is part of it.
        assert_eq!(super::expression_ids("m1 + fill (m2)"), vec!["m1", "m2"]);
        assert_eq!(super::expression_ids("1_x + y"), vec!["y"]);
    }

    #[test]
    fn bk139_on_the_widget_too() {
        assert!(fires(
            &dash(vec![a_widget(vec![("stat", "Mean".into())])]),
            "BK139"
        ));
        assert_clean(&dash(vec![a_widget(vec![("stat", "p99".into())])]));
        let metric_stat = |st: &str| {
            dash(vec![a_widget(vec![(
                "metrics",
                list(vec![a_metric(vec![("stat", st.into())])]),
            )])])
        };
        assert!(fires(&metric_stat("Mean"), "BK139"));
        assert_clean(&metric_stat("p99"));
        assert!(!super::stat_ok("p.5.5"));
        assert!(super::stat_ok("TM(1.5%:)"));
        assert!(!super::stat_ok("TM(101%:)"));
        assert!(!super::stat_ok("TM(a:)"));
        assert!(!super::stat_ok("PR(1%:x)"));
        // Exponents are no CloudWatch number.
        assert!(!super::stat_ok("p1e1"));
        assert!(!super::stat_ok("PR(1e1:)"));
    }
}
