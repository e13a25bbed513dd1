//! Layer 3, the rules.
//!
//! Multi-Region stacks: what crosses a Region boundary must be resolvable without a live lookup,
//! and the Regions' templates need a deploy order.

use super::Cx;
use crate::codes::*;
use crate::diag::Code;
use crate::model::Resource;
use crate::schema::Kind;
use crate::value::Value;

/// The Region whose template holds the resource: IAM (global) goes with the stack's default.
/// `None` when not known yet.
pub fn template_region<'a>(stack: &'a crate::Stack, res: &'a Resource) -> Option<&'a str> {
    template_region_of(stack, res.kind, stack.region_of(res))
}

/// [`template_region`] of a resource of `kind`, given its own Region (`Stack::region_of`, which
/// the checker finds once per resource).
fn template_region_of<'a>(
    stack: &'a crate::Stack,
    kind: Kind,
    own: Option<&'a str>,
) -> Option<&'a str> {
    match kind {
        Kind::IamRole => stack.region.as_str(),
        _ => own,
    }
}

/// Whether the ARN of `target` can be written down from its Region, the account and its name.
pub fn arn_is_predictable(target: &Resource) -> Result<(), &'static str> {
    match target.kind {
        kind if kind.arn_from_name() => {
            if target.body.has("name") {
                Ok(())
            } else {
                Err("it has no `name`, so its ARN is generated at deploy time")
            }
        }
        Kind::KmsKey => Err("KMS key ARNs carry a generated key id"),
        Kind::Framework | Kind::ReportPlan | Kind::RestoreTestingPlan => {
            Err("its ARN carries a generated id")
        }
        // The name-derived kinds were answered above.
        _ => Err("its id is generated at deploy time"),
    }
}

/// Runs the Region rules.
pub fn check(cx: &mut Cx) {
    let stack = cx.stack;
    let mut edges: Vec<(String, String, String)> = Vec::new();
    let references = cx.references();
    for reference in references.iter() {
        // By position: the kinds and Regions the check learned, not the resources themselves
        // (each read for its kind alone is a cache miss in a large stack), until the two differ.
        if cx.kind_at(reference.to) == Kind::KmsKey {
            // A key in another Region is already BK004: keys cannot be used across Regions at all.
            continue;
        }
        // The Region of the template that holds it. A Region BK208 reports as a typo is not
        // spread into cross-Region findings.
        let region = |i: usize| {
            template_region_of(stack, cx.kind_at(i), cx.region_at(i)).filter(|r| !cx.region_typo(r))
        };
        let (Some(rf), Some(rt)) = (region(reference.from), region(reference.to)) else {
            continue;
        };
        if rf == rt {
            continue;
        }
        let (from, path) = (&stack.resources[reference.from], &reference.path);
        let to = &stack.resources[reference.to];
        if let Err(why) = arn_is_predictable(to) {
            cx.report
                .error(
                    &BK301,
                    &from.id,
                    path,
                    format!(
                        "`{}` in `{rf}` references `{}` in `{rt}`, but {why}",
                        from.id, to.id
                    ),
                )
                .note(&to.id, "", format!("declared in `{rt}`"))
                .help(if to.kind.name_field().is_some() && !to.body.has("name") {
                    "give the target a `name`"
                } else {
                    "declare the resources in one Region, or pass the target's ARN as a string"
                });
        }
        if !edges.iter().any(|(a, b, _)| a == rf && b == rt) {
            edges.push((rf.to_string(), rt.to_string(), from.id.clone()));
        }
    }
    for (a, b, res) in &edges {
        if a < b && edges.iter().any(|(x, y, _)| x == b && y == a) {
            cx.report
                .error(&BK302, res, "", format!("the `{a}` and `{b}` templates reference each other; there is no order to deploy them in"))
                .help("move the resources that point back into one Region, or reference them by ARN string");
        }
    }
    // Learned resource by resource by the check's walk, else (a family's own unit test) here.
    let terraform = match cx.learned() {
        Some(_) => std::mem::take(&mut cx.learned.terraform_limits),
        None => terraform_limits(stack),
    };
    for limit in terraform
        .iter()
        .cloned()
        // The buckets by the check's list of each kind: finding them among the resources reads
        // every resource, a cache miss each in a large stack.
        .chain(cloudformation_limits_of(
            cx.of_kind(Kind::S3Bucket).into_iter(),
        ))
    {
        cx.report
            .warning(limit.code, &limit.resource, &limit.path, limit.message)
            .help(limit.help);
    }
    cx.learned.terraform_limits = terraform;
}

/// Something one output format cannot express. The checker reports it as a (deniable) warning,
/// since the other format may be all the user emits; the emitter of that format refuses it, since
/// dropping a field silently would deploy something else than what was checked.
#[derive(Clone, Debug)]
pub struct Limit {
    /// BK080, BK303 or BK304.
    pub code: &'static Code,
    /// The resource.
    pub resource: String,
    /// The field.
    pub path: String,
    /// What cannot be rendered.
    pub message: String,
    /// What to do.
    pub help: &'static str,
}

/// The Lambda runtimes hashicorp/aws 5.100 accepts (`aws_lambda_function.runtime` validation,
/// read from `terraform validate`'s message); Lambda's newer runtimes fail there.
pub const TERRAFORM_LAMBDA_RUNTIMES: &[&str] = &[
    "nodejs",
    "nodejs4.3",
    "nodejs6.10",
    "nodejs8.10",
    "nodejs10.x",
    "nodejs12.x",
    "nodejs14.x",
    "nodejs16.x",
    "java8",
    "java8.al2",
    "java11",
    "python2.7",
    "python3.6",
    "python3.7",
    "python3.8",
    "python3.9",
    "dotnetcore1.0",
    "dotnetcore2.0",
    "dotnetcore2.1",
    "dotnetcore3.1",
    "dotnet6",
    "dotnet8",
    "nodejs4.3-edge",
    "go1.x",
    "ruby2.5",
    "ruby2.7",
    "provided",
    "provided.al2",
    "nodejs18.x",
    "python3.10",
    "java17",
    "ruby3.2",
    "ruby3.3",
    "ruby3.4",
    "python3.11",
    "nodejs20.x",
    "provided.al2023",
    "python3.12",
    "java21",
    "python3.13",
    "nodejs22.x",
];

/// What hashicorp/aws 5.100 cannot express [`terraform providers schema`; TF consts.go].
pub fn terraform_limits(stack: &crate::Stack) -> Vec<Limit> {
    let mut out = Vec::new();
    for r in &stack.resources {
        terraform_limits_of(r, &mut out);
    }
    out
}

/// [`terraform_limits`] of one resource, appended to `out`: the check learns them resource by
/// resource in its walk, while each resource's fields are in the cache.
pub(crate) fn terraform_limits_of(r: &Resource, out: &mut Vec<Limit>) {
    let help =
        "emit CloudFormation for this stack, or allow this warning if you only emit CloudFormation";
    if r.kind == Kind::ReportPlan && r.body.str("template") == Some("SCAN_JOB_REPORT") {
        out.push(Limit {
            code: &BK080,
            resource: r.id.clone(),
            path: "template".into(),
            message: "SCAN_JOB_REPORT cannot be rendered for Terraform: the provider rejects it"
                .into(),
            help,
        });
    }
    // The kind first: a field lookup reads the resource's fields, a cache miss for every
    // resource of a large stack.
    if let Some(runtime) = (r.kind == Kind::LambdaFunction)
        .then(|| r.body.str("runtime"))
        .flatten()
        .filter(|rt| !TERRAFORM_LAMBDA_RUNTIMES.contains(rt))
    {
        out.push(Limit {
            code: &BK303,
            resource: r.id.clone(),
            path: "runtime".into(),
            message: format!("runtime `{runtime}` cannot be rendered for Terraform: hashicorp/aws 5.100 validates runtimes against its own list, which lacks it"),
            help,
        });
    }
    if r.kind == Kind::AirGappedVault && r.body.has("kms_key") {
        out.push(Limit {
            code: &BK303,
            resource: r.id.clone(),
            path: "kms_key".into(),
            message: "a customer managed key of a logically air-gapped vault cannot be rendered for Terraform (hashicorp/aws 5.100 has no `encryption_key_arn`)".into(),
            help,
        });
    }
    // The API takes 0-168 hours; the provider validates 1-168.
    if r.kind == Kind::RestoreTestingSelection && r.body.int("validation_window_hours") == Some(0) {
        out.push(Limit {
            code: &BK303,
            resource: r.id.clone(),
            path: "validation_window_hours".into(),
            message: "a validation window of 0 hours cannot be rendered for Terraform (hashicorp/aws 5.100 validates 1-168)".into(),
            help,
        });
    }
    if r.kind != Kind::Plan {
        return;
    }
    for (i, rule) in r.body.list("rules").iter().enumerate() {
        let Some(rule) = rule.as_object() else {
            continue;
        };
        for (field, what) in [
            ("air_gapped_vault", "an air-gapped target"),
            ("index_actions", "index actions"),
            ("scan_actions", "scan actions"),
        ] {
            if rule.has(field) && !matches!(rule.get(field), Some(Value::List(l)) if l.is_empty()) {
                out.push(Limit {
                    code: &BK303,
                    resource: r.id.clone(),
                    path: format!("rules[{i}].{field}"),
                    message: format!("{what} cannot be rendered for Terraform (hashicorp/aws 5.100 has no such argument)"),
                    help,
                });
            }
        }
    }
}

/// What CloudFormation cannot express [CloudFormation resource schemas].
pub fn cloudformation_limits(stack: &crate::Stack) -> Vec<Limit> {
    cloudformation_limits_of(stack.of_kind(Kind::S3Bucket))
}

/// [`cloudformation_limits`] of these buckets (the only kind with such a limit).
fn cloudformation_limits_of<'a>(buckets: impl Iterator<Item = &'a Resource>) -> Vec<Limit> {
    let mut out = Vec::new();
    for b in buckets {
        for (i, inv) in b
            .body
            .list("inventories")
            .iter()
            .filter_map(Value::as_object)
            .enumerate()
        {
            if inv.has("kms_key") {
                out.push(Limit {
                    code: &BK304,
                    resource: b.id.clone(),
                    path: format!("inventories[{i}].kms_key"),
                    message: "CloudFormation cannot encrypt inventory reports with SSE-KMS (Terraform can)".into(),
                    help: "encrypt the destination bucket by default with the key instead (`encryption: Encryption { kms_key }`), or allow this warning if you only emit Terraform",
                });
            }
        }
    }
    out
}

/// The limits as errors, for an emitter to refuse.
pub fn limits_report(limits: Vec<Limit>) -> crate::Report {
    let mut report = crate::Report::default();
    for l in limits {
        report
            .error(l.code, &l.resource, &l.path, l.message)
            .help(l.help);
    }
    report
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    #[test]
    fn what_makes_an_arn_predictable() {
        use super::arn_is_predictable;
        let named = |kind: Kind| res(kind, "x", vec![("name", "x".into())]);
        assert_eq!(arn_is_predictable(&named(Kind::Vault)), Ok(()));
        assert_eq!(arn_is_predictable(&named(Kind::IamRole)), Ok(()));
        assert!(arn_is_predictable(&res(Kind::Vault, "x", vec![]))
            .unwrap_err()
            .contains("no `name`"));
        assert!(arn_is_predictable(&named(Kind::KmsKey))
            .unwrap_err()
            .contains("key id"));
        for kind in [Kind::Framework, Kind::ReportPlan, Kind::RestoreTestingPlan] {
            assert_eq!(
                arn_is_predictable(&named(kind)),
                Err("its ARN carries a generated id")
            );
        }
        for kind in [Kind::Plan, Kind::KmsAlias, Kind::Dashboard] {
            assert_eq!(
                arn_is_predictable(&named(kind)),
                Err("its id is generated at deploy time")
            );
        }
    }

    #[test]
    fn bk301_skips_keys_reported_by_bk004() {
        let c = codes(&stack(vec![
            key("k"),
            vault("v", "vv")
                .with("region", "us-west-2")
                .with("kms_key", r("k")),
        ]));
        assert!(c.contains(&"BK004") && !c.contains(&"BK301"));
    }

    #[test]
    fn bk301_unpredictable_cross_region() {
        let topic = res(Kind::SnsTopic, "t", vec![("region", "us-west-2".into())]);
        let n = obj(
            "Notifications",
            vec![
                ("topic", r("t")),
                ("events", list(vec!["BACKUP_JOB_COMPLETED".into()])),
            ],
        );
        assert!(codes(&stack(vec![
            topic,
            vault("v", "vv").with("notifications", n)
        ]))
        .contains(&"BK301"));
    }

    #[test]
    fn bk302_region_cycle() {
        let west = vault("w", "west").with("region", "us-west-2");
        let east_plan = plan("p", vec![rule("r", "v", None)]);
        let mut west_rule = rule("r2", "w", None);
        if let Value::Object(o) = &mut west_rule {
            o.set("copy", list(vec![obj("Copy", vec![("to", r("v"))])]));
        }
        let west_plan = plan("p2", vec![west_rule]).with("region", "us-west-2");
        let mut east_rule = rule("r", "v", None);
        if let Value::Object(o) = &mut east_rule {
            o.set("copy", list(vec![obj("Copy", vec![("to", r("w"))])]));
        }
        let east_plan = east_plan.with("rules", list(vec![east_rule]));
        assert!(
            codes(&stack(vec![vault("v", "vv"), west, east_plan, west_plan])).contains(&"BK302")
        );
    }

    #[test]
    fn bk303_terraform_limits() {
        let mut rl = rule("r", "v", None);
        if let Value::Object(o) = &mut rl {
            o.set(
                "index_actions",
                list(vec![obj(
                    "IndexAction",
                    vec![("resource_types", list(vec!["EBS".into()]))],
                )]),
            );
        }
        assert!(stack(vec![vault("v", "vv"), plan("p", vec![rl])])
            .check()
            .warnings()
            .any(|d| d.code.code == "BK303"));
    }

    #[test]
    fn bk304_cloudformation_limits() {
        let inv = obj(
            "Inventory",
            vec![
                ("name", "daily".into()),
                ("destination", r("dest")),
                ("kms_key", r("k")),
            ],
        );
        let s = stack(vec![
            key("k"),
            res(Kind::S3Bucket, "dest", vec![("name", "dest-bucket".into())]),
            res(
                Kind::S3Bucket,
                "src",
                vec![
                    ("name", "src-bucket".into()),
                    ("inventories", list(vec![inv])),
                ],
            ),
        ]);
        assert!(s.check().warnings().any(|d| d.code.code == "BK304"));
        // The emitter asks the same of the stack alone, without a check's walk.
        let limits = super::cloudformation_limits(&s);
        assert_eq!(limits.len(), 1);
        assert_eq!(
            (
                limits[0].code.code,
                limits[0].resource.as_str(),
                limits[0].path.as_str()
            ),
            ("BK304", "src", "inventories[0].kms_key")
        );
    }

    #[test]
    fn bk301_roles_live_in_the_default_region() {
        // An unnamed role referenced from another Region: its ARN is generated.
        let role = res(
            Kind::IamRole,
            "role",
            vec![("assumed_by", list(vec!["backup.amazonaws.com".into()]))],
        );
        let west_plan = plan("p", vec![rule("r", "w", None)]).with("region", "us-west-2");
        let sel = res(
            Kind::Selection,
            "sel",
            vec![
                ("name", "sel".into()),
                ("plan", r("p")),
                ("role", r("role")),
                ("tags", map(&[("a", "b")])),
            ],
        );
        let s = stack(vec![
            role,
            vault("w", "west").with("region", "us-west-2"),
            west_plan,
            sel,
        ]);
        let rep = s.check();
        let d = rep
            .errors()
            .find(|d| d.code.code == "BK301")
            .unwrap_or_else(|| panic!("{rep}"));
        assert_eq!(d.help.as_deref(), Some("give the target a `name`"));
        // Named, the role's ARN is written from its name: no BK301.
        let mut named = s.clone();
        named.resources[0].body.set("name", "backup-role");
        assert!(!fires(&named, "BK301"));
    }

    #[test]
    fn bk301_help_for_kinds_without_a_name() {
        let plan_east = plan("p", vec![rule("r", "v", None)]);
        let sel_west = res(
            Kind::Selection,
            "sel",
            vec![
                ("name", "sel".into()),
                ("plan", r("p")),
                ("role", "arn:aws:iam::111122223333:role/r".into()),
                ("tags", map(&[("a", "b")])),
                ("region", "us-west-2".into()),
            ],
        );
        // A selection takes its plan's Region (it has no `region` field): nothing crosses.
        assert!(!fires(
            &stack(vec![vault("v", "vv"), plan_east, sel_west]),
            "BK301"
        ));
        let topic = res(Kind::SnsTopic, "t", vec![("region", "us-west-2".into())]);
        let key_topic = stack(vec![
            topic,
            vault("v", "vv").with(
                "notifications",
                obj(
                    "Notifications",
                    vec![
                        ("topic", r("t")),
                        ("events", list(vec!["BACKUP_JOB_COMPLETED".into()])),
                    ],
                ),
            ),
        ]);
        let rep = key_topic.check();
        let d = rep.errors().find(|d| d.code.code == "BK301").unwrap();
        assert_eq!(d.help.as_deref(), Some("give the target a `name`"));
    }

    #[test]
    fn bk302_reported_once_on_the_lower_region_edge() {
        let west = vault("w", "west").with("region", "us-west-2");
        let mut west_rule = rule("r2", "w", None);
        if let Value::Object(o) = &mut west_rule {
            o.set("copy", list(vec![obj("Copy", vec![("to", r("v"))])]));
        }
        let west_plan = plan("p2", vec![west_rule]).with("region", "us-west-2");
        let mut east_rule = rule("r", "v", None);
        if let Value::Object(o) = &mut east_rule {
            o.set("copy", list(vec![obj("Copy", vec![("to", r("w"))])]));
        }
        let east_plan = plan("p", vec![east_rule]);
        let mut second_east_plan = east_plan.clone();
        second_east_plan.id = "p3".into();
        second_east_plan.body.set("name", "p3");
        let rep = stack(vec![
            vault("v", "vv"),
            west,
            east_plan,
            west_plan,
            second_east_plan,
        ])
        .check();
        let bk302: Vec<_> = rep.errors().filter(|d| d.code.code == "BK302").collect();
        assert_eq!(bk302.len(), 1, "one report, however many references: {rep}");
        assert_eq!(bk302[0].resource, "p", "the us-east-1 -> us-west-2 edge");
        // One direction only: an order exists.
        let one_way = stack(vec![
            vault("v", "vv"),
            vault("w", "west").with("region", "us-west-2"),
            plan(
                "p",
                vec![{
                    let mut r1 = rule("r", "v", None);
                    if let Value::Object(o) = &mut r1 {
                        o.set("copy", list(vec![obj("Copy", vec![("to", r("w"))])]));
                    }
                    r1
                }],
            ),
        ]);
        assert!(!fires(&one_way, "BK302"));
    }

    #[test]
    fn terraform_limits_fire_exactly_where_terraform_cannot_follow() {
        let limits = |s: &crate::Stack| {
            super::terraform_limits(s)
                .into_iter()
                .map(|l| (l.code.code, l.resource, l.path))
                .collect::<Vec<_>>()
        };
        let report = |template: &str| {
            res(
                Kind::ReportPlan,
                "rp",
                vec![
                    ("name", "r".into()),
                    ("template", template.into()),
                    ("bucket", "b-bucket".into()),
                ],
            )
        };
        assert_eq!(
            limits(&stack(vec![report("SCAN_JOB_REPORT")])),
            vec![("BK080", "rp".into(), "template".into())]
        );
        assert!(limits(&stack(vec![report("BACKUP_JOB_REPORT")])).is_empty());
        let function = |runtime: &str| {
            res(
                Kind::LambdaFunction,
                "f",
                vec![("name", "f".into()), ("runtime", runtime.into())],
            )
        };
        assert_eq!(
            limits(&stack(vec![function("nodejs24.x")])),
            vec![("BK303", "f".into(), "runtime".into())]
        );
        assert!(limits(&stack(vec![function("nodejs22.x")])).is_empty());
        // A `runtime` field on another kind is not a Lambda runtime.
        assert!(limits(&stack(vec![vault("v", "vv").with("runtime", "nodejs24.x")])).is_empty());
        let lag = |key: bool| {
            let mut f = vec![
                ("name", Value::from("lag")),
                ("min_retention_days", Value::Int(7)),
                ("max_retention_days", Value::Int(30)),
            ];
            if key {
                f.push(("kms_key", r("k")));
            }
            res(Kind::AirGappedVault, "a", f)
        };
        assert_eq!(
            limits(&stack(vec![lag(true)])),
            vec![("BK303", "a".into(), "kms_key".into())]
        );
        assert!(limits(&stack(vec![lag(false)])).is_empty());
        assert!(limits(&stack(vec![vault("v", "vv").with("kms_key", r("k"))])).is_empty());
        let rts = |hours: i64| {
            res(
                Kind::RestoreTestingSelection,
                "s",
                vec![("validation_window_hours", Value::Int(hours))],
            )
        };
        assert_eq!(limits(&stack(vec![rts(0)])).len(), 1);
        assert!(limits(&stack(vec![rts(1)])).is_empty());
        let mut empty_actions = rule("r", "v", None);
        if let Value::Object(o) = &mut empty_actions {
            o.set("index_actions", list(vec![]));
        }
        assert!(limits(&stack(vec![
            vault("v", "vv"),
            plan("p", vec![empty_actions])
        ]))
        .is_empty());
        let limits_as_errors =
            super::limits_report(super::terraform_limits(&stack(vec![function(
                "nodejs24.x",
            )])));
        assert!(limits_as_errors.has_errors() && limits_as_errors.has("BK303"));
    }

    fn copying(id: &str, vault_id: &str, region: &str, to: &str) -> crate::Resource {
        let mut rl = rule("r", vault_id, None);
        if let Value::Object(o) = &mut rl {
            o.set("copy", list(vec![obj("Copy", vec![("to", r(to))])]));
        }
        plan(id, vec![rl]).with("region", region)
    }

    #[test]
    fn bk302_with_three_regions() {
        let vaults = || {
            vec![
                vault("east", "east"),
                vault("west", "west").with("region", "us-west-2"),
                vault("eu", "eu").with("region", "eu-west-1"),
            ]
        };
        // east -> west, east -> eu, eu -> east: the east/eu pair has no order.
        let mut v = vaults();
        v.push(copying("p1", "east", "us-east-1", "west"));
        v.push(copying("p2", "east", "us-east-1", "eu"));
        v.push(copying("p3", "eu", "eu-west-1", "east"));
        let rep = stack(v).check();
        let bk302: Vec<_> = rep.errors().filter(|d| d.code.code == "BK302").collect();
        assert_eq!(bk302.len(), 1, "{rep}");
        assert!(bk302[0].message.contains("eu-west-1") && bk302[0].message.contains("us-east-1"));
        // east -> west and eu -> east: a chain, deployable in order.
        let mut v = vaults();
        v.push(copying("p1", "east", "us-east-1", "west"));
        v.push(copying("p3", "eu", "eu-west-1", "east"));
        assert!(!fires(&stack(v), "BK302"));
    }

    #[test]
    fn bk301_help_for_named_targets_with_generated_arns() {
        let framework = res(
            Kind::Framework,
            "fw",
            vec![
                ("name", "audit".into()),
                ("region", "us-west-2".into()),
                (
                    "controls",
                    list(vec![obj(
                        "Control",
                        vec![("name", "BACKUP_RECOVERY_POINT_ENCRYPTED".into())],
                    )]),
                ),
            ],
        );
        let report = res(
            Kind::ReportPlan,
            "rp",
            vec![
                ("name", "compliance".into()),
                ("template", "CONTROL_COMPLIANCE_REPORT".into()),
                ("bucket", "reports-bucket".into()),
                ("frameworks", list(vec![r("fw")])),
            ],
        );
        let rep = stack(vec![framework, report]).check();
        let d = rep
            .errors()
            .find(|d| d.code.code == "BK301")
            .unwrap_or_else(|| panic!("{rep}"));
        assert_eq!(
            d.help.as_deref(),
            Some("declare the resources in one Region, or pass the target's ARN as a string")
        );
    }
}
