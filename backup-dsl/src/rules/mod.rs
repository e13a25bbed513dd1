//! Layer 3, the rules.
//!
//! Every rule, as pure functions over the model. The macro runs them at compile time on what it
//! can evaluate; [`crate::Stack::build`] runs them again at run time on everything.
//!
//! Values the macro cannot know are [`crate::Value::Unknown`]; the accessors of
//! [`crate::value::Object`] return `None` for them, so a rule quietly waits for the run-time check
//! instead of guessing.

pub mod audit;
pub mod dynamo;
pub mod iam;
pub mod lambda;
pub mod names;
pub mod objectives;
pub mod observe;
pub mod org;
pub mod plan;
pub mod regions;
pub mod restore;
pub mod rpo;
pub mod s3;
pub mod schedule;
pub mod schema;
pub mod selection;
pub mod vault;
pub mod verdict;

use crate::diag::{Code, Report};
use crate::model::{Reference, Resource, Stack};
use crate::schema::Kind;

/// The checking context: the stack and the report every rule writes into.
pub struct Cx<'a> {
    /// The stack under check.
    pub stack: &'a Stack,
    /// Findings so far.
    pub report: Report,
    /// The resources of each kind (by `Kind as usize`), in declaration order: the stack cannot
    /// change while it is checked, so rules that ask "every selection of this plan" for each
    /// plan stay linear.
    by_kind: Vec<Vec<&'a Resource>>,
    /// Every reference between resources of the stack, found on first use and shared by the
    /// rules that follow references: one walk of every resource's fields instead of one per rule.
    references: std::cell::OnceCell<std::rc::Rc<[Reference]>>,
}

impl<'a> Cx<'a> {
    /// A fresh context.
    pub fn new(stack: &'a Stack) -> Self {
        let mut by_kind: Vec<Vec<&'a Resource>> = vec![Vec::new(); Kind::ALL.len()];
        for r in &stack.resources {
            by_kind[r.kind as usize].push(r);
        }
        Cx {
            stack,
            report: Report::default(),
            by_kind,
            references: std::cell::OnceCell::new(),
        }
    }

    /// The stack's references between its resources (`Stack::reference_table`), computed once
    /// per check. A shared handle, so that a rule can report while it goes through them.
    pub fn references(&self) -> std::rc::Rc<[Reference]> {
        self.references
            .get_or_init(|| self.stack.reference_table().into())
            .clone()
    }

    /// A resource's Region for the rules that compare Regions: `None` for a Region BK208 already
    /// reports as a likely typo of a listed one (`eu-centrl-1`), so that the typo is reported once,
    /// on its token, and not spread into key, target and cross-Region errors whose help would
    /// build around it.
    pub fn region_of(&self, res: &'a Resource) -> Option<&'a str> {
        self.stack
            .region_of(res)
            .filter(|r| !names::likely_region_typo(r))
    }

    /// Reports `value` outside `[lo, hi]` under `code`; returns whether it was in range.
    #[allow(clippy::too_many_arguments)]
    pub fn in_range(
        &mut self,
        code: &'static Code,
        res: &Resource,
        path: &str,
        what: &str,
        value: i64,
        lo: i64,
        hi: i64,
    ) -> bool {
        if value < lo || value > hi {
            self.report
                .error(
                    code,
                    &res.id,
                    path,
                    format!("{what} must be {lo}-{hi}, got {value}"),
                )
                .help(format!(
                    "set `{}` to a value from {lo} to {hi}",
                    last_segment(path)
                ));
            false
        } else {
            true
        }
    }

    /// Resources of a kind, in declaration order.
    pub fn of_kind(&self, kind: Kind) -> Vec<&'a Resource> {
        self.by_kind[kind as usize].clone()
    }
}

/// The last field name of a path (`rules[0].lifecycle.delete_after_days` -> `delete_after_days`).
pub fn last_segment(path: &str) -> &str {
    let tail = path.rsplit('.').next().unwrap_or(path);
    tail.split('[').next().unwrap_or(tail)
}

/// Runs every rule family and applies the stack's lint levels.
pub fn check_all(stack: &Stack) -> Report {
    let mut cx = Cx::new(stack);
    schema::check(&mut cx);
    names::name_skeletons(&mut cx);
    vault::check(&mut cx);
    plan::check(&mut cx);
    selection::check(&mut cx);
    audit::check(&mut cx);
    restore::check(&mut cx);
    iam::check(&mut cx);
    s3::check(&mut cx);
    dynamo::check(&mut cx);
    lambda::check(&mut cx);
    observe::check(&mut cx);
    regions::check(&mut cx);
    // How each data store is protected, found once for the objectives rule and the audit
    // verdicts (each took 2% of synthesizing 200 instances), and only when either needs it.
    let frameworks = !cx.of_kind(Kind::Framework).is_empty();
    if cx.stack.objectives.is_some() || frameworks {
        let stores = objectives::protections(&cx);
        objectives::check(&mut cx, &stores);
        verdict::check(&mut cx, &stores);
    }
    org::check(&mut cx);
    let mut report = cx.report;
    schema::name_parameters(stack, &mut report);
    report.apply_lints(&stack.lints);
    report
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small builders for rule tests.
    use crate::model::{Resource, Stack};
    use crate::schema::Kind;
    use crate::value::{Object, Value};

    pub fn stack(resources: Vec<Resource>) -> Stack {
        let mut s = Stack::new("test", "us-east-1");
        s.resources = resources;
        s
    }

    pub fn obj(type_name: &str, fields: Vec<(&str, Value)>) -> Value {
        let mut o = Object::new(type_name);
        for (k, v) in fields {
            o.set(k, v);
        }
        Value::Object(o)
    }

    pub fn r(id: &str) -> Value {
        Value::Ref(id.to_string())
    }

    pub fn map(pairs: &[(&str, &str)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Value::from(*v)))
                .collect(),
        )
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(items)
    }

    pub fn res(kind: Kind, id: &str, fields: Vec<(&str, Value)>) -> Resource {
        let mut res = Resource::new(kind, id);
        for (k, v) in fields {
            res.body.set(k, v);
        }
        res
    }

    pub fn key(id: &str) -> Resource {
        res(Kind::KmsKey, id, vec![("description", "k".into())])
    }

    pub fn backup_role(id: &str) -> Resource {
        res(
            Kind::IamRole,
            id,
            vec![
                ("name", id.into()),
                ("assumed_by", list(vec!["backup.amazonaws.com".into()])),
            ],
        )
    }

    /// A logically air-gapped vault `id` (named `name`) with these retention bounds.
    pub fn air_gapped(id: &str, name: &str, min_days: i64, max_days: i64) -> Resource {
        res(
            Kind::AirGappedVault,
            id,
            vec![
                ("name", name.into()),
                ("min_retention_days", Value::Int(min_days)),
                ("max_retention_days", Value::Int(max_days)),
            ],
        )
    }

    pub fn vault(id: &str, name: &str) -> Resource {
        res(Kind::Vault, id, vec![("name", name.into())])
    }

    pub fn rule(name: &str, vault: &str, lifecycle: Option<Value>) -> Value {
        let mut fields = vec![
            ("name", Value::from(name)),
            ("vault", r(vault)),
            ("schedule", "cron(0 2 * * ? *)".into()),
        ];
        if let Some(l) = lifecycle {
            fields.push(("lifecycle", l));
        }
        obj("Rule", fields)
    }

    pub fn lifecycle(cold: Option<i64>, delete: Option<i64>) -> Value {
        let mut fields = vec![];
        if let Some(c) = cold {
            fields.push(("cold_storage_after_days", Value::Int(c)));
        }
        if let Some(d) = delete {
            fields.push(("delete_after_days", Value::Int(d)));
        }
        obj("Lifecycle", fields)
    }

    pub fn plan(id: &str, rules: Vec<Value>) -> Resource {
        res(
            Kind::Plan,
            id,
            vec![("name", id.into()), ("rules", list(rules))],
        )
    }

    /// A selection `id` of plan `plan` over `resources`, run by role `role`.
    pub fn selection(id: &str, plan: &str, resources: Vec<Value>) -> Resource {
        res(
            Kind::Selection,
            id,
            vec![
                ("name", id.into()),
                ("plan", r(plan)),
                ("role", r("role")),
                ("resources", list(resources)),
            ],
        )
    }

    /// A selection `id` of plan `plan` over `resources`, run by a role outside the stack.
    pub fn arn_selection(id: &str, plan: &str, resources: Vec<Value>) -> Resource {
        res(
            Kind::Selection,
            id,
            vec![
                ("name", id.into()),
                ("plan", r(plan)),
                ("role", "arn:aws:iam::111122223333:role/r".into()),
                ("resources", list(resources)),
            ],
        )
    }

    pub fn codes(s: &Stack) -> Vec<&'static str> {
        s.check().codes()
    }

    /// Whether `code` is reported (at any severity).
    pub fn fires(s: &Stack, code: &str) -> bool {
        s.check().has(code)
    }

    /// The field paths `code` is reported on, in report order.
    pub fn paths(s: &Stack, code: &str) -> Vec<String> {
        s.check()
            .diagnostics
            .iter()
            .filter(|d| d.code.code == code)
            .map(|d| d.path.clone())
            .collect()
    }

    /// Asserts that the stack gets no diagnostic at all: a valid input at a boundary.
    pub fn assert_clean(s: &Stack) {
        let report = s.check();
        assert!(
            report.diagnostics.is_empty(),
            "expected no diagnostic:\n{report}"
        );
    }

    /// `n` copies of a resource, with ids (and names, if it has a name field) `{id}{i}`.
    pub fn copies(template: &Resource, n: usize) -> Vec<Resource> {
        (0..n)
            .map(|i| {
                let mut r = template.clone();
                r.id = format!("{}{i}", template.id);
                if let Some(field) = r.kind.name_field() {
                    if r.body.has(field) {
                        r.body.set(field, format!("{}{i}", r.display()));
                    }
                }
                r
            })
            .collect()
    }

    /// A map of `n` distinct string pairs.
    pub fn pairs(n: usize) -> Value {
        Value::Map(
            (0..n)
                .map(|i| (format!("k{i}"), Value::from(format!("v{i}"))))
                .collect(),
        )
    }
}
