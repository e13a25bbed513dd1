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
use crate::model::{ReferenceTable, Resource, Stack};
use crate::schema::Kind;
use crate::value::Value;

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
    /// Each resource's kind by position: the rules that follow every reference ask the kind of
    /// both ends, and a resource read for its kind alone is a cache miss in a large stack.
    kinds: Vec<Kind>,
    /// Every reference between resources of the stack, found on first use and shared by the
    /// rules that follow references: one walk of every resource's fields instead of one per rule.
    references: std::cell::OnceCell<std::rc::Rc<ReferenceTable>>,
    /// The table's rows as the schema walk finds them, resource by resource, while each
    /// resource's fields are in the cache; they become `references` when the walk ends.
    found: ReferenceTable,
    /// What the schema walk learned of every resource for the rules and the build after it.
    learned: Learned,
    /// Each resource's Region (`Stack::region_of`) by position, found once. The rules ask for
    /// the Region of a vault, a key or a plan many times, and each time read its fields: at
    /// 10,000 resources, a cache miss each (BENCHMARKS.md).
    /// Kept as where the Region is written ([`RegionAt`]), not as text: a cache of `&'a str`
    /// behind a cell would make `Cx` invariant in `'a`, which the rules' signatures rely on not
    /// being.
    regions: Vec<std::cell::Cell<RegionAt>>,
    /// The last ids resolved, by the address and length of the id's text in the stack: the
    /// rules of one plan rule resolve its vault four times over, and each lookup in the stack's
    /// index is a miss in a table of every id once the stack is large. Exact: the stack is
    /// borrowed unchanged for `'a`, so one address and length always hold the same text.
    resolved: Vec<std::cell::Cell<(usize, usize, Option<usize>)>>,
    /// The last Region text `region_of` judged (address, length) and whether it is a typo.
    last_region_typo: std::cell::Cell<Option<((usize, usize), bool)>>,
}

/// What one walk of every resource learns for the passes after it, each of which would otherwise
/// read every resource's fields again: at 10,000 resources the model no longer fits in the
/// cache, and a pass that touches every resource costs a cache miss or more per resource
/// (BENCHMARKS.md, "one stack").
#[derive(Debug, Default)]
pub(crate) struct Learned {
    /// Whether the schema walk saw every resource (the rules' unit tests call families alone).
    pub complete: bool,
    /// The positions of the resources holding a value not known yet (`Unknown`, `Partial`),
    /// which a build reports (BK214).
    pub unknown: Vec<usize>,
    /// The positions of the resources that mention the placeholder account in a principal or
    /// policy field (BK406 looks at those only).
    pub placeholder_account: Vec<usize>,
    /// The positions of the resources whose `name` is a formatted string only partly known
    /// (`Partial`), whose literal parts BK4xx name rules judge (`names::name_skeletons`).
    pub partial_names: Vec<usize>,
    /// Whether any string of the stack holds `${` or `%{`, which Terraform reads as a template.
    pub template_sequences: bool,
    /// The stack's reference table (`Stack::reference_table`), which the emitters follow too.
    pub references: ReferenceTable,
    /// What Terraform cannot express (BK080, BK303), in resource order: reported by the Region
    /// rules, and kept for the Terraform emitter, which refuses it even where a lint allowed the
    /// warning.
    pub terraform_limits: Vec<regions::Limit>,
}

/// The findings of the vault and plan rules that run in the schema walk, kept apart by the
/// part of `vault::check` and `plan::check` that would have reported them.
#[derive(Default)]
struct WalkedFamilies {
    /// `vault::key_same_region` of the resources that are not vaults.
    keys: Report,
    /// `vault::check_vault` of the vaults.
    vaults: Report,
    /// `vault::check_vault` of the air-gapped vaults.
    air_gapped: Report,
    /// `plan::check_plan` of the plans.
    plans: Report,
}

impl WalkedFamilies {
    /// The rules of `res`, each into its report.
    fn visit<'a>(&mut self, cx: &mut Cx<'a>, res: &'a Resource) {
        let into = match res.kind {
            Kind::Vault => &mut self.vaults,
            Kind::AirGappedVault => &mut self.air_gapped,
            _ => &mut self.keys,
        };
        std::mem::swap(&mut cx.report, into);
        match res.kind {
            Kind::Vault | Kind::AirGappedVault => vault::check_vault(cx, res),
            _ => vault::key_same_region(cx, res),
        }
        std::mem::swap(&mut cx.report, into);
        if res.kind == Kind::Plan {
            std::mem::swap(&mut cx.report, &mut self.plans);
            plan::check_plan(cx, res);
            std::mem::swap(&mut cx.report, &mut self.plans);
        }
    }
}

/// Where a resource's Region is written, as [`Cx`] caches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RegionAt {
    /// Not looked up yet.
    Unknown,
    /// No Region (IAM, a selection without a plan, a `region` not known yet).
    Nowhere,
    /// The stack's default Region.
    Stack,
    /// The `region` field of a resource: its position and the field's.
    Field(u32, u32),
}

/// Slots in [`Cx`]'s cache of resolved ids (a power of two).
const RESOLVED_SLOTS: usize = 64;

impl<'a> Cx<'a> {
    /// A fresh context.
    pub fn new(stack: &'a Stack) -> Self {
        let mut by_kind: Vec<Vec<&'a Resource>> = vec![Vec::new(); Kind::ALL.len()];
        let mut kinds = Vec::with_capacity(stack.resources.len());
        for r in &stack.resources {
            by_kind[r.kind as usize].push(r);
            kinds.push(r.kind);
        }
        Cx {
            stack,
            report: Report::default(),
            by_kind,
            kinds,
            references: std::cell::OnceCell::new(),
            // About one reference per resource in a typical stack: grown once, not by doubling.
            found: ReferenceTable::with_capacity(stack.resources.len()),
            learned: Learned::default(),
            regions: (0..stack.resources.len())
                .map(|_| std::cell::Cell::new(RegionAt::Unknown))
                .collect(),
            resolved: (0..RESOLVED_SLOTS)
                .map(|_| std::cell::Cell::new((0, 0, None)))
                .collect(),
            last_region_typo: std::cell::Cell::new(None),
        }
    }

    /// The position of `res` in the stack, when it is one of the stack's resources (and not a
    /// copy): from its address, without a lookup.
    fn index_of(&self, res: &Resource) -> Option<usize> {
        let offset =
            (res as *const Resource as usize).checked_sub(self.stack.resources.as_ptr() as usize)?;
        let i = offset / std::mem::size_of::<Resource>();
        let at = self.stack.resources.get(i)?;
        std::ptr::eq(at, res).then_some(i)
    }

    /// The position of the resource with this id (`Stack::position`), through the cache of
    /// recently resolved ids.
    pub fn position(&self, id: &'a str) -> Option<usize> {
        let (address, len) = (id.as_ptr() as usize, id.len());
        // Fibonacci hashing of the address: small strings sit 16 bytes apart.
        let slot = &self.resolved
            [(address.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58) & (RESOLVED_SLOTS - 1)];
        let (a, l, hit) = slot.get();
        if a == address && l == len {
            return hit;
        }
        let found = self.stack.position(id);
        slot.set((address, len, found));
        found
    }

    /// The resource a reference names (`Stack::target`), through the cache of resolved ids.
    pub fn target(&self, value: &'a Value) -> Option<&'a Resource> {
        value.as_ref_id().and_then(|id| self.get(id))
    }

    /// The resource with this id (`Stack::get`), through the cache of resolved ids.
    pub fn get(&self, id: &'a str) -> Option<&'a Resource> {
        self.position(id).map(|i| &self.stack.resources[i])
    }

    /// What the rules ask of every resource, learned for the one at `i` while its fields are
    /// in the cache: its Region, its rows of the reference table, and the [`Learned`] facts.
    /// The schema walk calls it for each resource in order, then [`Cx::learned_all`]; rules
    /// that run without it compute the same on demand.
    pub(crate) fn learn(&mut self, i: usize, path: &mut String) {
        self.region_at(i);
        let stack = self.stack;
        let res = &stack.resources[i];
        if self.references.get().is_none() {
            let mut found = std::mem::take(&mut self.found);
            stack.references_from(i, path, &mut |id| self.position(id), &mut found);
            self.found = found;
        }
        if !res.body.fields.iter().all(|(_, v)| v.is_known()) {
            self.learned.unknown.push(i);
        }
        if matches!(res.body.get("name"), Some(Value::Partial(_))) {
            self.learned.partial_names.push(i);
        }
        if iam::mentions_placeholder_account(res) {
            self.learned.placeholder_account.push(i);
        }
        regions::terraform_limits_of(res, &mut self.learned.terraform_limits);
        if !self.learned.template_sequences {
            self.learned.template_sequences = res
                .body
                .fields
                .iter()
                .any(|(_, v)| v.holds_template_sequence());
        }
    }

    /// Ends the schema walk's [`Cx::learn`]ing: the rows found become the reference table.
    pub(crate) fn learned_all(&mut self) {
        let rows = std::mem::take(&mut self.found);
        let _ = self.references.set(std::rc::Rc::new(rows));
        self.learned.complete = true;
    }

    /// What the schema walk learned ([`Learned`]); `None` when it has not run.
    pub(crate) fn learned(&self) -> Option<&Learned> {
        self.learned.complete.then_some(&self.learned)
    }

    /// The kind of the resource at `i`.
    pub fn kind_at(&self, i: usize) -> Kind {
        self.kinds[i]
    }

    /// `Stack::region_of` of the resource at `i`, found once.
    fn region_at(&self, i: usize) -> Option<&'a str> {
        let stack = self.stack;
        let mut at = self.regions[i].get();
        if at == RegionAt::Unknown {
            at = self.find_region(i);
            self.regions[i].set(at);
        }
        match at {
            RegionAt::Unknown => stack.region_of(&stack.resources[i]),
            RegionAt::Nowhere => None,
            RegionAt::Stack => stack.region.as_str(),
            RegionAt::Field(r, f) => stack.resources[r as usize].body.fields[f as usize]
                .1
                .as_str(),
        }
    }

    /// Where `Stack::region_of` finds the Region of the resource at `i`.
    fn find_region(&self, i: usize) -> RegionAt {
        let res = &self.stack.resources[i];
        match res.kind {
            Kind::IamRole => RegionAt::Nowhere,
            Kind::Selection | Kind::RestoreTestingSelection => {
                let plan = res
                    .body
                    .get("plan")
                    .and_then(Value::as_ref_id)
                    .and_then(|id| self.position(id))
                    .filter(|&p| {
                        matches!(
                            self.stack.resources[p].kind,
                            Kind::Plan | Kind::RestoreTestingPlan
                        )
                    });
                match plan {
                    Some(p) => {
                        self.region_at(p);
                        self.regions[p].get()
                    }
                    None => RegionAt::Nowhere,
                }
            }
            _ => match res.body.fields.iter().position(|(n, _)| n == "region") {
                None => RegionAt::Stack,
                // A `region` not known yet reads as `None` from its field all the same.
                Some(f) => match (u32::try_from(i), u32::try_from(f)) {
                    (Ok(r), Ok(f)) => RegionAt::Field(r, f),
                    // Past 4 billion resources or fields: not cached, the same answer.
                    _ => RegionAt::Unknown,
                },
            },
        }
    }

    /// `Stack::region_of`, found once per resource of the stack.
    pub fn stack_region_of(&self, res: &'a Resource) -> Option<&'a str> {
        match self.index_of(res) {
            Some(i) => self.region_at(i),
            None => self.stack.region_of(res),
        }
    }

    /// The stack's references between its resources (`Stack::reference_table`), computed once
    /// per check. A shared handle, so that a rule can report while it goes through them.
    pub fn references(&self) -> std::rc::Rc<ReferenceTable> {
        self.references
            .get_or_init(|| self.stack.reference_table().into())
            .clone()
    }

    /// A resource's Region for the rules that compare Regions: `None` for a Region BK208 already
    /// reports as a likely typo of a listed one (`eu-centrl-1`), so that the typo is reported once,
    /// on its token, and not spread into key, target and cross-Region errors whose help would
    /// build around it.
    pub fn region_of(&self, res: &'a Resource) -> Option<&'a str> {
        self.stack_region_of(res).filter(|r| !self.region_typo(r))
    }

    /// `names::likely_region_typo`, remembered for the last Region text asked about: nearly
    /// every resource has the stack's Region (one text), and the answer compares it with every
    /// listed Region. Exact for the same reason as `resolved`.
    fn region_typo(&self, region: &'a str) -> bool {
        let key = (region.as_ptr() as usize, region.len());
        match self.last_region_typo.get() {
            Some((k, typo)) if k == key => typo,
            _ => {
                let typo = names::likely_region_typo(region);
                self.last_region_typo.set(Some((key, typo)));
                typo
            }
        }
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
    check_and_learn(stack).0
}

/// [`check_all`], and what its walk of every resource learned for the build that follows.
pub(crate) fn check_and_learn(stack: &Stack) -> (Report, Learned) {
    let mut cx = Cx::new(stack);
    // The vault and plan rules of each resource run in the schema walk, while its fields are
    // in the cache (each family's own pass over a large stack costs a cache miss or more per
    // resource: BENCHMARKS.md), into reports of their own that join the check's in the order
    // the families' own `check`s would report (`fused_families_report_as_the_families_do`).
    let mut walked = WalkedFamilies::default();
    schema::check_visiting(&mut cx, &mut |cx, res| walked.visit(cx, res));
    names::name_skeletons(&mut cx);
    // `vault::check`: every other resource's key, then the vaults, then the air-gapped ones.
    for found in [walked.keys, walked.vaults, walked.air_gapped] {
        cx.report.diagnostics.extend(found.diagnostics);
    }
    cx.report.diagnostics.extend(walked.plans.diagnostics);
    plan::after_plans(&mut cx);
    families_after_plans(&mut cx);
    finish(cx)
}

/// The rule families after the plan rules, each over its own resources.
fn families_after_plans(cx: &mut Cx) {
    selection::check(cx);
    audit::check(cx);
    restore::check(cx);
    iam::check(cx);
    s3::check(cx);
    dynamo::check(cx);
    lambda::check(cx);
    observe::check(cx);
    regions::check(cx);
    // How each data store is protected, found once for the objectives rule and the audit
    // verdicts (each took 2% of synthesizing 200 instances), and only when either needs it.
    let frameworks = !cx.of_kind(Kind::Framework).is_empty();
    if cx.stack.objectives.is_some() || frameworks {
        let stores = objectives::protections(cx);
        objectives::check(cx, &stores);
        verdict::check(cx, &stores);
    }
    org::check(cx);
}

/// The check's report (parameters named, lint levels applied) and what it learned.
fn finish(mut cx: Cx) -> (Report, Learned) {
    let stack = cx.stack;
    // Out of the cell, so that the table is moved, not copied, when no rule kept a handle.
    let references = cx
        .references
        .take()
        .unwrap_or_else(|| std::rc::Rc::new(stack.reference_table()));
    cx.learned.references =
        std::rc::Rc::try_unwrap(references).unwrap_or_else(|shared| shared.as_ref().clone());
    let mut report = cx.report;
    schema::name_parameters(stack, &mut report);
    report.apply_lints(&stack.lints);
    (report, cx.learned)
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

    /// A DynamoDB table `id` (named `id`), keyed by a string `id`.
    pub fn table(id: &str) -> Resource {
        res(
            Kind::DynamoTable,
            id,
            vec![
                ("name", id.into()),
                ("hash_key", "id".into()),
                ("attributes", map(&[("id", "S")])),
            ],
        )
    }

    /// A valid stack across two Regions: keys and vaults in each, a plan copying from one to
    /// the other, a table selected by the plan.
    pub fn two_region_stack() -> Stack {
        let mut west = vault("west", "west-vault").with("region", "us-west-2");
        west.body.set("kms_key", r("west_key"));
        let mut daily_with_copy = rule("daily", "v", Some(lifecycle(None, Some(35))));
        if let Value::Object(o) = &mut daily_with_copy {
            o.set("copy", list(vec![obj("Copy", vec![("to", r("west"))])]));
        }
        stack(vec![
            key("k"),
            key("west_key").with("region", "us-west-2"),
            vault("v", "primary").with("kms_key", r("k")),
            west,
            plan("p", vec![daily_with_copy]),
            table("catalog"),
            backup_role("role"),
            selection("sel", "p", vec![r("catalog")]),
        ])
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

#[cfg(test)]
mod learned_tests {
    //! What the schema walk learns and caches stands for what the rules would compute from the
    //! stack: for random stacks, every cached answer is the direct one.
    use super::*;
    use crate::fuzz::stack_from_seed;

    /// Random stacks, some with values not known yet and duplicate ids.
    fn stacks() -> impl Iterator<Item = Stack> {
        (0..200u64).map(|seed| {
            let mut s = stack_from_seed(seed, 24);
            if seed % 3 == 0 {
                if let Some(r) = s.resources.get_mut(seed as usize % 5) {
                    r.body.set("name", Value::Unknown);
                }
            }
            if seed % 5 == 1 {
                let name = if seed % 2 == 0 {
                    "backup-"
                } else {
                    "bad name!"
                };
                for r in s.resources.iter_mut().step_by(3) {
                    r.body
                        .set("name", Value::Partial(vec![Some(name.into()), None]));
                }
            }
            if seed % 7 == 0 && s.resources.len() > 2 {
                let copy = s.resources[1].clone();
                s.resources.push(copy);
            }
            s
        })
    }

    fn learned(s: &Stack) -> (Cx<'_>, ReferenceTable) {
        let mut cx = Cx::new(s);
        schema::check(&mut cx);
        let table = cx.references().as_ref().clone();
        (cx, table)
    }

    #[test]
    fn the_reference_table_learned_is_the_stacks_own() {
        for s in stacks() {
            let (_, table) = learned(&s);
            assert_eq!(table, s.reference_table(), "{}", s.name);
        }
    }

    #[test]
    fn a_checked_stack_keeps_the_stacks_own_reference_table() {
        // Random stacks rarely pass every rule: a valid one across two Regions, with copies,
        // a selection and stack tags (which the build adds after the check).
        use crate::rules::testing::*;
        let mut s = two_region_stack();
        s.tags = vec![("team".into(), "backup".into())];
        let checked = s.build().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(checked.references_by_position().len(), 7);
        assert_eq!(
            checked.references_by_position(),
            &checked.stack().reference_table()
        );
    }

    #[test]
    fn cached_regions_are_the_stacks_own() {
        for s in stacks() {
            let (cx, _) = learned(&s);
            for res in &s.resources {
                assert_eq!(cx.stack_region_of(res), s.region_of(res), "{}", res.id);
                assert_eq!(
                    cx.region_of(res),
                    s.region_of(res).filter(|r| !names::likely_region_typo(r))
                );
                // A copy that is not in the stack is answered directly, not from the cache.
                let copy = res.clone();
                assert_eq!(cx.stack_region_of(&copy), s.region_of(&copy));
            }
            // Without the schema walk, the same answers on demand.
            let fresh = Cx::new(&s);
            for res in &s.resources {
                assert_eq!(fresh.stack_region_of(res), s.region_of(res));
            }
        }
    }

    /// The vault and plan families one after the other, each with its own pass over its
    /// resources, as the check ran before their rules moved into the schema walk.
    fn check_family_by_family(stack: &Stack) -> Report {
        let mut cx = Cx::new(stack);
        schema::check(&mut cx);
        names::name_skeletons(&mut cx);
        vault::check(&mut cx);
        plan::check(&mut cx);
        families_after_plans(&mut cx);
        finish(cx).0
    }

    #[test]
    fn fused_families_report_as_the_families_do() {
        use crate::rules::testing::*;
        // Random stacks, and one with findings in every part of the walked families: a key
        // in another Region for a vault, an air-gapped vault out of bounds, a plan without
        // rules and one whose cold storage outlasts its retention, in an order that mixes
        // kinds.
        let mut west = vault("west", "west-vault").with("region", "us-west-2");
        west.body.set("kms_key", r("k"));
        let mut mixed = stack(vec![
            key("k"),
            vault("v", "primary").with("kms_key", r("k")),
            west,
            res(
                Kind::AirGappedVault,
                "gap",
                vec![
                    ("name", "gap".into()),
                    ("min_retention_days", 0.into()),
                    ("max_retention_days", 1.into()),
                ],
            ),
            plan(
                "p",
                vec![rule("daily", "v", Some(lifecycle(Some(100), Some(20))))],
            ),
            plan("q", vec![]),
        ]);
        mixed.resources.swap(1, 4);
        // A bucket backed up continuously by two plans (BK040, found across plans after every
        // plan's own rules) next to a plan without rules (BK016, a plan's own).
        let continuous = |name: &str| {
            let mut rule = rule(name, "v", Some(lifecycle(None, Some(35))));
            if let Value::Object(o) = &mut rule {
                o.set("continuous_backup", true);
            }
            rule
        };
        let bucket = res(
            Kind::S3Bucket,
            "b",
            vec![
                ("name", "bucket-dev".into()),
                ("versioning", "Enabled".into()),
            ],
        );
        let across = stack(vec![
            bucket,
            vault("v", "vv"),
            backup_role("role"),
            plan("p1", vec![continuous("a")]),
            plan("p2", vec![continuous("b")]),
            selection("s1", "p1", vec![r("b")]),
            selection("s2", "p2", vec![r("b")]),
            plan("q", vec![]),
        ]);
        assert!(across.check().has("BK040") && across.check().has("BK016"));
        let mut findings = 0;
        for s in stacks().chain([mixed, across]) {
            let walked = check_and_learn(&s).0;
            let alone = check_family_by_family(&s);
            assert_eq!(walked.diagnostics, alone.diagnostics, "{}", s.name);
            findings += alone.diagnostics.len();
        }
        assert!(findings > 1000, "{findings}");
    }

    #[test]
    fn the_region_rules_report_alike_after_the_walk_and_alone() {
        // After the walk, the Region rules read the kinds, Regions and Terraform limits it
        // learned; alone (a family's unit test), they find each from the resources.
        use crate::rules::testing::*;
        let mut indexed = rule("r", "v", None);
        let mut copied = rule("c", "v", None);
        if let Value::Object(o) = &mut indexed {
            let action = obj(
                "IndexAction",
                vec![("resource_types", list(vec!["EBS".into()]))],
            );
            o.set("index_actions", list(vec![action]));
        }
        if let Value::Object(o) = &mut copied {
            o.set("copy", list(vec![obj("Copy", vec![("to", r("west"))])]));
        }
        let inventory = obj(
            "Inventory",
            vec![
                ("name", "daily".into()),
                ("destination", r("b")),
                ("kms_key", r("k")),
            ],
        );
        let limits = stack(vec![
            key("k"),
            vault("v", "vv").with("kms_key", r("k")),
            vault("west", "west-vault").with("region", "us-west-2"),
            plan("p", vec![indexed, copied]),
            res(
                Kind::ReportPlan,
                "rp",
                vec![("name", "r".into()), ("template", "SCAN_JOB_REPORT".into())],
            ),
            res(
                Kind::S3Bucket,
                "b",
                vec![
                    ("name", "b-bucket".into()),
                    ("inventories", list(vec![inventory])),
                ],
            ),
            backup_role("role").with("region", "eu-west-1"),
        ]);
        let found = |limits: &[regions::Limit]| {
            limits
                .iter()
                .map(|l| {
                    (
                        l.code.code,
                        l.resource.clone(),
                        l.path.clone(),
                        l.message.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        let mut compared = 0;
        for s in stacks().chain([limits, two_region_stack()]) {
            let (mut walked, _) = learned(&s);
            walked.report = Report::default();
            regions::check(&mut walked);
            let mut alone = Cx::new(&s);
            regions::check(&mut alone);
            assert!(alone.learned().is_none());
            assert_eq!(
                walked.report.diagnostics, alone.report.diagnostics,
                "{}",
                s.name
            );
            let kept = found(&walked.learned.terraform_limits);
            assert_eq!(kept, found(&alone.learned.terraform_limits), "{}", s.name);
            assert_eq!(kept, found(&regions::terraform_limits(&s)), "{}", s.name);
            compared += walked.report.diagnostics.len();
        }
        assert!(compared >= 4, "{compared}");
    }

    #[test]
    fn a_resource_of_the_stack_is_found_by_its_address_and_a_copy_is_not() {
        for s in stacks().take(20) {
            let (cx, _) = learned(&s);
            for (i, res) in s.resources.iter().enumerate() {
                assert_eq!(cx.index_of(res), Some(i));
                assert_eq!(cx.index_of(&res.clone()), None);
                // The walk learned where each Region is written.
                assert_ne!(cx.regions[i].get(), RegionAt::Unknown, "{}", res.id);
            }
        }
    }

    #[test]
    fn the_region_typo_check_is_remembered_for_the_last_region() {
        let s = crate::rules::testing::stack(vec![
            crate::rules::testing::key("k"),
            crate::rules::testing::key("typo").with("region", "eu-centrl-1"),
        ]);
        let cx = Cx::new(&s);
        assert_eq!(cx.region_of(&s.resources[0]), Some("us-east-1"));
        let stack_region = s.region.as_str().expect("known");
        assert_eq!(
            cx.last_region_typo.get(),
            Some(((stack_region.as_ptr() as usize, stack_region.len()), false))
        );
        assert_eq!(cx.region_of(&s.resources[1]), None, "a likely typo");
        assert_eq!(cx.region_of(&s.resources[0]), Some("us-east-1"));
    }

    #[test]
    fn cached_lookups_remember_and_tell_texts_at_one_address_apart() {
        let s = crate::rules::testing::stack(vec![crate::rules::testing::key("r1")]);
        let cx = Cx::new(&s);
        // `r1` and `r1x` start at the same address.
        let text = String::from("r1x");
        assert_eq!(cx.position(&text[..2]), Some(0));
        assert_eq!(cx.position(&text[..3]), None);
        assert_eq!(cx.position(&text[..2]), Some(0));
        // What was resolved is remembered, by address and length.
        let remembered = |len: usize| {
            cx.resolved
                .iter()
                .any(|slot| slot.get().0 == text.as_ptr() as usize && slot.get().1 == len)
        };
        assert!(remembered(2) || remembered(3));
    }

    #[test]
    fn cached_lookups_are_the_stacks_own() {
        for s in stacks() {
            let (cx, _) = learned(&s);
            // Each id twice, from the stack's text and from a copy at another address, and ids
            // that are not there.
            let copies: Vec<String> = s.resources.iter().map(|r| r.id.clone()).collect();
            for _ in 0..2 {
                for (res, copy) in s.resources.iter().zip(&copies) {
                    assert_eq!(cx.position(&res.id), s.position(&res.id));
                    assert_eq!(cx.position(copy), s.position(copy));
                }
                assert_eq!(cx.position("undeclared"), None);
                assert_eq!(cx.position(""), s.position(""));
            }
        }
    }

    #[test]
    fn learned_facts_are_what_a_walk_of_each_resource_finds() {
        for s in stacks() {
            let (cx, _) = learned(&s);
            let learned = cx.learned().expect("the schema walk ran");
            let unknown: Vec<usize> = (0..s.resources.len())
                .filter(|&i| !s.resources[i].body.fields.iter().all(|(_, v)| v.is_known()))
                .collect();
            assert_eq!(learned.unknown, unknown, "{}", s.name);
            // The oracle: the placeholder as `str::contains` finds it, anywhere under one of
            // the fields BK406 reads.
            fn holds(v: &Value) -> bool {
                match v {
                    Value::Str(t) => t.contains(iam::PLACEHOLDER_ACCOUNT),
                    Value::Partial(parts) => parts
                        .iter()
                        .flatten()
                        .any(|p| p.contains(iam::PLACEHOLDER_ACCOUNT)),
                    Value::List(items) => items.iter().any(holds),
                    Value::Map(pairs) => pairs.iter().any(|(_, v)| holds(v)),
                    Value::Object(o) => o.fields.iter().any(|(_, v)| holds(v)),
                    _ => false,
                }
            }
            let fields = ["assumed_by", "policies", "policy", "access_policy"];
            let placeholder: Vec<usize> = (0..s.resources.len())
                .filter(|&i| {
                    s.resources[i]
                        .body
                        .fields
                        .iter()
                        .any(|(name, v)| fields.contains(&name.as_str()) && holds(v))
                })
                .collect();
            assert_eq!(learned.placeholder_account, placeholder);
            let partial: Vec<usize> = (0..s.resources.len())
                .filter(|&i| matches!(s.resources[i].body.get("name"), Some(Value::Partial(_))))
                .collect();
            assert_eq!(learned.partial_names, partial);
            fn template(v: &Value) -> bool {
                match v {
                    Value::Str(t) => t.contains("${") || t.contains("%{"),
                    Value::List(items) => items.iter().any(template),
                    Value::Map(pairs) => pairs.iter().any(|(_, v)| template(v)),
                    Value::Object(o) => o.fields.iter().any(|(_, v)| template(v)),
                    _ => false,
                }
            }
            let template = s
                .resources
                .iter()
                .any(|r| r.body.fields.iter().any(|(_, v)| template(v)));
            assert_eq!(learned.template_sequences, template);
        }
        // Some stacks exercise each fact.
        let all: Vec<Stack> = stacks().collect();
        let facts: Vec<Learned> = all.iter().map(|s| check_and_learn(s).1).collect();
        assert!(facts.iter().any(|l| !l.unknown.is_empty()));
        assert!(facts.iter().any(|l| !l.placeholder_account.is_empty()));
        assert!(facts.iter().any(|l| l.template_sequences));
        assert!(facts.iter().any(|l| !l.partial_names.is_empty()));
        assert!(facts.iter().any(|l| !l.terraform_limits.is_empty()));
        assert!(Cx::new(&all[0]).learned().is_none());
    }

    #[test]
    fn a_check_reports_the_same_with_the_facts_learned_or_not() {
        // The families that use the learned facts (BK406 through `placeholder_account`) find
        // what they found by walking every resource.
        let mut findings = 0;
        for s in stacks() {
            let mut with = Cx::new(&s);
            schema::check(&mut with);
            with.report = Report::default();
            let mut without = Cx::new(&s);
            for cx in [&mut with, &mut without] {
                names::name_skeletons(cx);
                iam::check(cx);
            }
            let found = |r: &Report| {
                r.diagnostics
                    .iter()
                    .map(|d| {
                        (
                            d.code.code,
                            d.resource.clone(),
                            d.path.clone(),
                            d.message.clone(),
                        )
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(found(&with.report), found(&without.report), "{}", s.name);
            findings += with.report.diagnostics.len();
        }
        assert!(findings > 0);
    }
}
