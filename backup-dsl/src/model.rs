//! Layer 2, the model.
//!
//! The resource graph: a stack of resources with stable logical ids and typed references.

use crate::schema::Kind;
use crate::value::{Object, Value};
use std::path::PathBuf;

/// One declared resource.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// Stable logical id (`primary`, `client_role_3`): the Terraform resource name, and in
    /// UpperCamelCase the CloudFormation logical id.
    pub id: String,
    /// What it is.
    pub kind: Kind,
    /// Its fields.
    pub body: Object,
}

impl Resource {
    /// A resource of `kind` with an empty body.
    pub fn new(kind: Kind, id: impl Into<String>) -> Self {
        Resource {
            id: id.into(),
            kind,
            body: Object::new(kind.dsl_path()),
        }
    }

    /// Sets a field (builder style).
    pub fn with(mut self, field: &str, value: impl Into<Value>) -> Self {
        self.body.set(field, value);
        self
    }

    /// The physical name, when known.
    pub fn name(&self) -> Option<&str> {
        self.kind.name_field().and_then(|f| self.body.str(f))
    }

    /// The name used in messages: the physical name when known, else the logical id.
    pub fn display(&self) -> &str {
        self.name().unwrap_or(&self.id)
    }
}

pub use crate::diag::LintLevels;
pub use crate::hash::{fnv1a, FastMap, Fnv};

/// One resolved asset.
#[derive(Clone, Debug, PartialEq)]
pub struct Asset {
    /// The logical id of the function using it.
    pub resource: String,
    /// The path as written in the stack.
    pub path: String,
    /// Where it was read from: a zip, or a directory.
    pub source: PathBuf,
    /// The zip built from a directory (`None` when `source` is a zip, which is copied as it is);
    /// shared by the instances whose code is the same directory.
    pub zipped: Option<std::sync::Arc<Vec<u8>>>,
    /// SHA-256 of the file, lowercase hex: its content address in the outputs.
    pub sha256_hex: String,
    /// SHA-256, base64: Terraform's `source_code_hash`.
    pub sha256_base64: String,
}

impl Asset {
    /// The file name under the output directory (`assets/<sha256>.zip`).
    pub fn file_name(&self) -> String {
        format!("assets/{}.zip", self.sha256_hex)
    }

    /// The S3 key CloudFormation expects it under in the asset bucket.
    pub fn s3_key(&self) -> String {
        self.file_name()
    }
}

/// A stack: a named, checked-together set of resources with a default Region.
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    /// The stack (instance) name: output file names and the prefix that keeps two instances apart.
    pub name: String,
    /// The default Region of every resource that names none ([`Value::Unknown`] at compile time
    /// when it comes from a parameter).
    pub region: Value,
    /// The account the stack deploys to (`#[account(..)]` or an `account` parameter);
    /// [`Value::Unknown`] when not declared, and the rules that need it stay silent.
    pub account: Value,
    /// Resources in declaration order.
    pub resources: Vec<Resource>,
    /// Lint levels written in the stack.
    pub lints: LintLevels,
    /// Where relative asset paths start: the declaring crate's directory (set by `stack!`).
    pub base_dir: Option<String>,
    /// Lambda code assets, read and hashed by [`Stack::build`]; `None` before (and at compile
    /// time, where the macro reads no files).
    pub assets: Option<Vec<Asset>>,
    /// Resources the stack declares under a condition that does not hold for this instance
    /// (`if env == "prod" { let airgap = .. }` built with `env = "dev"`): a reference to one is
    /// explained by its condition (BK215) instead of as an undeclared name.
    pub excluded: Vec<Excluded>,
    /// The parameters this instance was built with (set by `stack!`): `#[one_of]` is checked
    /// against them (BK217), and a finding in a value built from one names it.
    pub parameters: Vec<Parameter>,
    /// Tags for every resource that takes tags (`#[tags(..)]`, like CDK's `Tags.of(stack)`);
    /// a resource's own tag of the same key wins. Merged into the resources by `build`.
    pub tags: Vec<(String, Value)>,
    /// Resources whose ARN the outputs publish (`#[outputs(..)]`): CloudFormation `Outputs`
    /// (exported as `<stack name>-<LogicalId>Arn`) and Terraform `output`s.
    pub outputs: Vec<String>,
    /// The recovery objectives every data store of the stack must meet (`#[objectives(..)]`).
    pub objectives: Option<Objectives>,
    /// Id -> position, so that looking a resource up is not a scan of the stack.
    index: IdIndex,
}

/// A lookup from logical id to position in `resources`, built on first use and rebuilt when the
/// number of resources changes. `resources` is public and may be edited in place, so a hit is
/// verified against the resource found and a miss falls back to a scan: the index can only make
/// a lookup faster, never wrong.
#[derive(Default)]
struct IdIndex(std::sync::RwLock<Option<(usize, IdMap)>>);

/// The FNV-1a hash of an id -> the position of the first resource with that hash. The map holds
/// no copy of the ids: a hit is verified against the resource itself, which a lookup reads
/// anyway, so two ids of one hash only cost a scan.
type IdMap = std::collections::HashMap<u64, usize, std::hash::BuildHasherDefault<Prehashed>>;

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed with this hasher; anything else is folded in all the same.
        for b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Clone for IdIndex {
    fn clone(&self) -> Self {
        IdIndex::default()
    }
}

impl PartialEq for IdIndex {
    /// A cache: two stacks are equal whatever their caches hold.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdIndex")
    }
}

impl IdIndex {
    /// The position of `id` by the index, if the index is current for `resources`.
    fn position(&self, resources: &[Resource], id: &str) -> Option<Option<usize>> {
        let guard = self.0.read().unwrap_or_else(|e| e.into_inner());
        let (len, map) = guard.as_ref()?;
        if *len != resources.len() {
            return None;
        }
        match map.get(&fnv1a(id.as_bytes())) {
            Some(&i) if resources.get(i).is_some_and(|r| r.id == id) => Some(Some(i)),
            Some(_) => None,
            None => Some(None),
        }
    }

    fn rebuild(&self, resources: &[Resource]) {
        let mut map = IdMap::with_capacity_and_hasher(resources.len(), Default::default());
        for (i, r) in resources.iter().enumerate() {
            map.entry(fnv1a(r.id.as_bytes())).or_insert(i);
        }
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Some((resources.len(), map));
    }
}

/// A reference from one resource of a stack to another, as a [`ReferenceTable`] lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference<'a> {
    /// The position of the referencing resource in `resources`.
    pub from: usize,
    /// The field path of the reference (`rules[0].copy[1].to`).
    pub path: &'a str,
    /// The position of the resource referred to.
    pub to: usize,
}

/// Every reference between the resources of a stack (`Stack::reference_table`), in the order
/// of the referring resources and, within one, of its fields. Positions in rows of their own,
/// the field paths one after another in one text: a table of 10,000 references was 10,000
/// strings of its own, written by the check, read by every pass over the table and freed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReferenceTable {
    rows: Vec<ReferenceRow>,
    paths: String,
}

/// A row of a [`ReferenceTable`]: its path ends at `path_end` in the table's text, and starts
/// where the row before it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ReferenceRow {
    from: u32,
    to: u32,
    path_end: u32,
}

impl ReferenceTable {
    /// An empty table with room for `rows` references.
    pub fn with_capacity(rows: usize) -> Self {
        ReferenceTable {
            rows: Vec::with_capacity(rows),
            paths: String::new(),
        }
    }

    /// Appends a reference (in the table's order: by `from`, then by field).
    pub fn push(&mut self, from: usize, path: &str, to: usize) {
        let position = |p: usize| u32::try_from(p).expect("fewer than 2^32 resources");
        self.paths.push_str(path);
        self.rows.push(ReferenceRow {
            from: position(from),
            to: position(to),
            path_end: u32::try_from(self.paths.len()).expect("under 4 GiB of field paths"),
        });
    }

    /// How many references.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The reference at `at`.
    pub fn get(&self, at: usize) -> Option<Reference<'_>> {
        let row = self.rows.get(at)?;
        let start = match at {
            0 => 0,
            _ => self.rows[at - 1].path_end as usize,
        };
        Some(Reference {
            from: row.from as usize,
            path: &self.paths[start..row.path_end as usize],
            to: row.to as usize,
        })
    }

    /// The references in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Reference<'_>> + '_ {
        let mut start = 0;
        self.rows.iter().map(move |row| {
            let end = row.path_end as usize;
            let reference = Reference {
                from: row.from as usize,
                path: &self.paths[start..end],
                to: row.to as usize,
            };
            start = end;
            reference
        })
    }

    /// The position of the resource the reference at `at` refers to, without its path.
    pub fn target_at(&self, at: usize) -> Option<usize> {
        self.rows.get(at).map(|row| row.to as usize)
    }

    /// The position of the resource whose reference is at `at`, without its path.
    pub fn source_at(&self, at: usize) -> Option<usize> {
        self.rows.get(at).map(|row| row.from as usize)
    }
}

/// A parameter of the component, with this instance's value.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// The parameter's name (`env`).
    pub name: String,
    /// Its value, as text.
    pub value: String,
    /// Its default, as text.
    pub default: Option<String>,
    /// The values `#[one_of(..)]` accepts (empty: any of its type).
    pub one_of: Vec<String>,
}

/// Recovery objectives: what the backup plans must give every data store (bucket, table) of the
/// stack. Each is proven by the checker from the plans that protect the store (BK418).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Objectives {
    /// The largest acceptable worst-case RPO, in hours.
    pub rpo_hours: Option<i64>,
    /// The shortest acceptable retention, in days.
    pub retention_days: Option<i64>,
    /// A copy in another Region than the store's.
    pub copy_to_another_region: bool,
    /// A copy in another account.
    pub copy_to_another_account: bool,
    /// A copy in (or a backup to) a logically air-gapped vault.
    pub copy_to_air_gapped_vault: bool,
    /// Backups in a locked vault (a vault lock, or an air-gapped vault).
    pub locked_vault: bool,
}

/// A resource declared under a condition that does not hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Excluded {
    /// The logical id it would have.
    pub id: String,
    /// The condition under which it exists, as written (`env == "prod"`).
    pub condition: String,
}

impl Stack {
    /// An empty stack.
    pub fn new(name: impl Into<String>, region: impl Into<Value>) -> Self {
        Stack {
            name: name.into(),
            region: region.into(),
            account: Value::Unknown,
            resources: Vec::new(),
            lints: LintLevels::default(),
            base_dir: None,
            assets: None,
            excluded: Vec::new(),
            parameters: Vec::new(),
            tags: Vec::new(),
            outputs: Vec::new(),
            objectives: None,
            index: IdIndex::default(),
        }
    }

    /// Records that the resource `id` is declared under `condition`, which does not hold here.
    pub fn exclude(&mut self, id: impl Into<String>, condition: impl Into<String>) -> &mut Self {
        self.excluded.push(Excluded {
            id: id.into(),
            condition: condition.into(),
        });
        self
    }

    /// Adds a resource (builder style), its field tables compacted ([`Object::compact`]).
    pub fn with(mut self, mut resource: Resource) -> Self {
        resource.body.compact();
        self.resources.push(resource);
        self
    }

    /// Adds a resource, its field tables compacted ([`Object::compact`]).
    pub fn add(&mut self, mut resource: Resource) -> &mut Self {
        // `Vec::push`'s doubling copies every resource added so far: at 10,000 resources the
        // copies are out of the cache (`reserve` first when the count is known, as `stack!` does).
        resource.body.compact();
        self.resources.push(resource);
        self
    }

    /// Makes room for `additional` more resources, so that adding them copies none of those
    /// already added (`stack!` reserves as many as its declarations can make).
    pub fn reserve(&mut self, additional: usize) {
        self.resources.reserve_exact(additional);
    }

    /// Declares the account the stack deploys to, which lets the cross-account rules decide.
    pub fn with_account(mut self, account: impl Into<Value>) -> Self {
        self.account = account.into();
        self
    }

    /// Renames the stack instance, so that two instances of one component can live in one app.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The resolved code asset of a function.
    pub fn asset(&self, id: &str) -> Option<&Asset> {
        self.assets.iter().flatten().find(|a| a.resource == id)
    }

    /// The resource with this logical id.
    pub fn get(&self, id: &str) -> Option<&Resource> {
        self.position(id).map(|i| &self.resources[i])
    }

    /// The position in `resources` of the first resource with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        let position = match self.index.position(&self.resources, id) {
            Some(p) => p,
            None => {
                self.index.rebuild(&self.resources);
                self.index.position(&self.resources, id).flatten()
            }
        };
        // Not indexed: a resource edited in place since the index was built; the scan is the
        // truth.
        position.or_else(|| self.resources.iter().position(|r| r.id == id))
    }

    /// The resource a field value refers to, if it is a reference to a declared resource.
    pub fn target(&self, value: &Value) -> Option<&Resource> {
        value.as_ref_id().and_then(|id| self.get(id))
    }

    /// Resources of one kind.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Resource> {
        self.resources.iter().filter(move |r| r.kind == kind)
    }

    /// The resource's Region: its own `region`, else its parent's (selections), else the stack's.
    /// `None` when not known yet, and for global resources (IAM).
    pub fn region_of<'a>(&'a self, resource: &'a Resource) -> Option<&'a str> {
        match resource.kind {
            Kind::IamRole => None,
            Kind::Selection | Kind::RestoreTestingSelection => {
                self.plan_of(resource).and_then(|plan| self.region_of(plan))
            }
            _ => match resource.body.get("region") {
                Some(v) => v.as_str(),
                None => self.region.as_str(),
            },
        }
    }

    /// The plan a selection (or restore testing selection) belongs to, which decides its Region.
    /// Only a plan is followed: a `plan` naming the selection itself, or another selection, is a
    /// wrong kind (BK140), and following it would never end.
    pub fn plan_of<'a>(&'a self, selection: &'a Resource) -> Option<&'a Resource> {
        self.target(selection.body.get("plan")?)
            .filter(|plan| matches!(plan.kind, Kind::Plan | Kind::RestoreTestingPlan))
    }

    /// Every reference in the stack to a declared resource: (from resource, field path, to id),
    /// the [`Stack::reference_table`] by resource.
    pub fn references(&self) -> Vec<(&Resource, String, &str)> {
        self.reference_table()
            .iter()
            .map(|r| {
                let to = self.resources[r.to].id.as_str();
                (&self.resources[r.from], r.path.to_string(), to)
            })
            .collect()
    }

    /// Every reference in the stack to a declared resource, by position, in one pass over the
    /// stack: what the rules share instead of each walking every resource's fields again.
    pub fn reference_table(&self) -> ReferenceTable {
        let mut out = ReferenceTable::default();
        let mut path = String::new();
        for from in 0..self.resources.len() {
            self.references_from(from, &mut path, &mut |id| self.position(id), &mut out);
        }
        out
    }

    /// The rows of [`Stack::reference_table`] for the resource at `from`, appended to `out`,
    /// with `resolve` finding the position of an id (the checker passes its cached lookup).
    /// `path` is a scratch buffer. One resource at a time, so that a pass which has the
    /// resource's fields in the cache anyway (the schema check) collects them while they are.
    pub fn references_from<'a>(
        &'a self,
        from: usize,
        path: &mut String,
        resolve: &mut dyn FnMut(&'a str) -> Option<usize>,
        out: &mut ReferenceTable,
    ) {
        path.clear();
        collect_field_refs(&self.resources[from].body.fields, path, &mut |path, id| {
            if let Some(to) = resolve(id) {
                out.push(from, path, to);
            }
        });
    }

    /// Resource ids in dependency order (referenced resources first; ties in declaration order).
    /// Cycles are reported by the checker; here they are broken at the back edge.
    pub fn dependency_order(&self) -> Vec<&Resource> {
        let graph = self.dependency_graph(&self.reference_table());
        let mut order = Vec::with_capacity(self.resources.len());
        depth_first(&graph, |_, _| {}, |i| order.push(&self.resources[i]));
        order
    }

    /// For each resource (by position), the resources it must be created after, each once, in
    /// field order, from the stack's references (`reference_table`).
    ///
    /// Not every reference orders creation: a resource naming itself (a bucket policy granting on
    /// its own bucket) is emitted as a separate policy resource, and S3 buckets are referenced by
    /// name and by their name-derived ARN (bucket names are global and always given), which is
    /// what lets a bucket notify a function whose role may read the bucket.
    pub fn dependency_graph(&self, references: &ReferenceTable) -> Vec<Vec<usize>> {
        let mut graph: Vec<Vec<usize>> = vec![Vec::new(); self.resources.len()];
        for reference in references.iter() {
            let (from, to) = (reference.from, reference.to);
            let target = &self.resources[to];
            if self.resources[from].id != target.id
                && target.kind != crate::schema::Kind::S3Bucket
                && !graph[from].contains(&to)
            {
                graph[from].push(to);
            }
        }
        graph
    }

    /// Where a code path points: relative paths start at the stack's base directory (the
    /// crate that declares it) or the working directory.
    pub fn asset_source(&self, path: &str) -> std::path::PathBuf {
        let p = std::path::Path::new(path);
        match (&self.base_dir, p.is_absolute()) {
            (Some(base), false) => std::path::Path::new(base).join(p),
            _ => p.to_path_buf(),
        }
    }
}

/// Depth-first search of a dependency graph (`Stack::dependency_graph`) from every node in
/// order: `back_edge(path, j)` for an edge to `j` on the current `path` (a cycle), `finished(i)`
/// once everything `i` depends on is finished. Iterative: a chain of references as long as the
/// stack is large must not overflow the thread's stack.
pub fn depth_first(
    graph: &[Vec<usize>],
    mut back_edge: impl FnMut(&[usize], usize),
    mut finished: impl FnMut(usize),
) {
    // 0: not seen, 1: on the path, 2: finished.
    let mut state = vec![0u8; graph.len()];
    let mut path: Vec<usize> = Vec::new();
    // For each node on the path, the next of its edges to follow.
    let mut next: Vec<usize> = Vec::new();
    for root in 0..graph.len() {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        path.push(root);
        next.push(0);
        while let (Some(&i), Some(edge)) = (path.last(), next.last_mut()) {
            match graph[i].get(*edge) {
                Some(&j) => {
                    *edge += 1;
                    match state[j] {
                        1 => back_edge(&path, j),
                        0 => {
                            state[j] = 1;
                            path.push(j);
                            next.push(0);
                        }
                        _ => {}
                    }
                }
                None => {
                    state[i] = 2;
                    path.pop();
                    next.pop();
                    finished(i);
                }
            }
        }
    }
}

/// Calls `f(path, id)` for every reference under `fields`. One path buffer is extended and cut
/// back while walking, so a stack's references cost no allocation beyond those found.
fn collect_field_refs<'a, K: AsRef<str>>(
    fields: &'a [(K, Value)],
    path: &mut String,
    f: &mut dyn FnMut(&str, &'a str),
) {
    for (k, v) in fields {
        if !may_hold_refs(v) {
            continue;
        }
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(k.as_ref());
        collect_refs(v, path, f);
        path.truncate(len);
    }
}

/// Whether a reference can be in `v`: the path is extended only for those (most values are
/// scalars, and extending and cutting the path for each was a fifth of the walk).
fn may_hold_refs(v: &Value) -> bool {
    matches!(
        v,
        Value::Ref(_) | Value::List(_) | Value::Map(_) | Value::Object(_)
    )
}

fn collect_refs<'a>(value: &'a Value, path: &mut String, f: &mut dyn FnMut(&str, &'a str)) {
    match value {
        Value::Ref(id) => f(path, id),
        Value::List(items) => {
            for (i, v) in items.iter().enumerate().filter(|(_, v)| may_hold_refs(v)) {
                let len = path.len();
                crate::value::push_index(path, i);
                collect_refs(v, path, f);
                path.truncate(len);
            }
        }
        Value::Map(items) => collect_field_refs(items, path, f),
        Value::Object(o) => collect_field_refs(&o.fields, path, f),
        _ => {}
    }
}

/// Joins a field path and a field name with a dot.
pub fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// `client_role_3` -> `ClientRole3`: CloudFormation logical ids are alphanumeric.
pub fn logical_id(id: &str) -> String {
    logical_id_chars(id).collect()
}

/// The characters of [`logical_id`], for comparing or hashing logical ids without making them.
pub fn logical_id_chars(id: &str) -> impl Iterator<Item = char> + '_ {
    let mut upper = true;
    id.chars().filter_map(move |c| {
        if c.is_ascii_alphanumeric() {
            let c = if upper { c.to_ascii_uppercase() } else { c };
            upper = false;
            Some(c)
        } else {
            upper = true;
            None
        }
    })
}

/// How a pass over many resources keeps the memory it reads next on its way: at resource `i`,
/// resource `i + PREFETCH_STAGES - level` is asked for at nesting `level` (the farthest for its
/// id and field table, the nearest for what is nested deepest), so each stage reads only what an
/// earlier stage asked for. A stack of 10,000
/// resources (its model some 5 MiB) no longer fits a core's cache, and each pass over it (the
/// check's walk, the emitters) would otherwise wait on memory at every resource's first touch:
/// BENCHMARKS.md ("One stack at 10,000 resources"). A hint: it changes no result.
pub(crate) fn prefetch_ahead<R: std::borrow::Borrow<Resource>>(resources: &[R], i: usize) {
    if resources.len() < PREFETCH_FROM {
        return;
    }
    ask_ahead(resources, i, &mut prefetch_bytes);
}

/// The fewest resources a pass asks ahead for: a smaller stack stays in the cache between
/// passes (per resource, one stack of 1,000 resources took the time of 12, BENCHMARKS.md), and
/// the hints would only cost instructions.
const PREFETCH_FROM: usize = 1_000;

/// The nesting levels [`prefetch_ahead`] reaches: a plan's rule, its lifecycle and its copy
/// actions sit three levels below the resource's field table.
const PREFETCH_STAGES: usize = 4;

/// The stages of [`prefetch_ahead`] at resource `i`, each memory range given to `ask` (start,
/// length in bytes).
fn ask_ahead<R: std::borrow::Borrow<Resource>>(
    resources: &[R],
    i: usize,
    ask: &mut impl FnMut(*const u8, usize),
) {
    for level in 0..PREFETCH_STAGES {
        if let Some(next) = resources.get(i + PREFETCH_STAGES - level) {
            ask_resource(next.borrow(), level, ask);
        }
    }
}

/// The memory of `res` at nesting `level` (0: its id and field table; 1: field names and
/// values; deeper: inside lists, maps and objects).
fn ask_resource(res: &Resource, level: usize, ask: &mut impl FnMut(*const u8, usize)) {
    if level == 0 {
        ask(res.id.as_ptr(), res.id.len());
        ask_slice(&res.body.fields, ask);
    } else {
        ask_fields(&res.body.fields, level - 1, ask);
    }
}

fn ask_fields<K: AsRef<str>>(
    fields: &[(K, Value)],
    level: usize,
    ask: &mut impl FnMut(*const u8, usize),
) {
    for (name, value) in fields {
        if level == 0 {
            let name = name.as_ref();
            ask(name.as_ptr(), name.len());
        }
        ask_value(value, level, ask);
    }
}

fn ask_value(value: &Value, level: usize, ask: &mut impl FnMut(*const u8, usize)) {
    match value {
        Value::Str(s) | Value::Ref(s) if level == 0 => ask(s.as_ptr(), s.len()),
        Value::List(items) if level == 0 => ask_slice(items, ask),
        Value::List(items) => items.iter().for_each(|v| ask_value(v, level - 1, ask)),
        Value::Map(pairs) if level == 0 => ask_slice(pairs, ask),
        Value::Map(pairs) => ask_fields(pairs, level - 1, ask),
        Value::Object(o) if level == 0 => ask_slice(&o.fields, ask),
        Value::Object(o) => ask_fields(&o.fields, level - 1, ask),
        _ => {}
    }
}

fn ask_slice<T>(items: &[T], ask: &mut impl FnMut(*const u8, usize)) {
    ask(items.as_ptr().cast(), std::mem::size_of_val(items));
}

/// Asks for every cache line of `len` bytes at `start` (none for an empty range).
fn prefetch_bytes(start: *const u8, len: usize) {
    const LINE: usize = 64;
    let mut offset = 0;
    while offset < len {
        prefetch_line(start.wrapping_add(offset));
        offset += LINE;
    }
}

#[inline(always)]
fn prefetch_line(at: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // Newer compilers call this intrinsic safe (SSE is part of x86-64); older ones do not.
    #[allow(unused_unsafe)]
    // SAFETY: a prefetch is a hint that never faults and reads nothing the program sees, whatever
    // the address: here always one inside or just past a live allocation.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(at.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;
    use crate::schema::Kind;

    #[test]
    fn dependency_order_puts_referenced_resources_first() {
        let s = stack(vec![
            plan("p", vec![rule("daily", "v", None)]),
            vault("v", "vv").with("kms_key", r("k")),
            key("k"),
            res(Kind::S3Bucket, "b", vec![("name", "bucket".into())]),
        ]);
        let order: Vec<&str> = s.dependency_order().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(order, ["k", "v", "p", "b"]);
    }

    #[test]
    fn a_chain_of_references_as_long_as_the_stack_does_not_overflow() {
        // Each role trusts the next: a chain 20,000 deep, walked in the test thread's 2 MiB
        // stack (the recursive searches aborted the process on such a chain).
        let n = 20_000;
        let roles = (0..n)
            .map(|i| {
                let trust = if i + 1 == n {
                    crate::value::Value::from("backup.amazonaws.com")
                } else {
                    r(&format!("role_{}", i + 1))
                };
                crate::model::Resource::new(Kind::IamRole, format!("role_{i}"))
                    .with("name", format!("role-{i}"))
                    .with("assumed_by", list(vec![trust]))
            })
            .collect();
        let s = stack(roles);
        let order: Vec<&str> = s.dependency_order().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(order.len(), n);
        assert_eq!((order[0], order[n - 1]), ("role_19999", "role_0"));
        assert!(!crate::rules::check_all(&s)
            .diagnostics
            .iter()
            .any(|d| d.code.code == "BK207"));
        // Closed into a ring: one cycle, reported once.
        let mut ring = s.clone();
        ring.resources[n - 1]
            .body
            .set("assumed_by", list(vec![r("role_0")]));
        let cycles = crate::rules::check_all(&ring)
            .diagnostics
            .iter()
            .filter(|d| d.message.starts_with("reference cycle"))
            .count();
        assert_eq!(cycles, 1);
    }

    #[test]
    fn lookups_stay_right_when_resources_are_edited_in_place() {
        let mut s = stack(vec![key("a"), key("b")]);
        assert_eq!(s.get("b").unwrap().id, "b");
        // Renamed in place (same length): the stale index must not answer.
        s.resources[1].id = "c".into();
        assert!(s.get("b").is_none());
        assert_eq!(s.get("c").unwrap().id, "c");
        // Swapped (a hit at the wrong position is verified) and grown (rebuilt).
        s.resources.swap(0, 1);
        assert_eq!(s.get("a").unwrap().id, "a");
        s.add(key("d"));
        assert_eq!(s.get("d").unwrap().id, "d");
        // The first of two equal ids, as a scan finds it.
        s.add(key("a").with("description", "second"));
        assert_eq!(s.get("a").unwrap().body.str("description"), Some("k"));
        assert_eq!(s.clone(), s, "the cache takes no part in equality");
    }

    #[test]
    fn a_reference_table_gives_back_each_row_as_pushed() {
        let rows = [
            (0, "rules[0].vault", 1),
            (0, "rules[0].copy[0].to", 3),
            (2, "", 2),
            (4, "kms_key", 0),
            (4, "k", 0),
        ];
        let mut table = ReferenceTable::with_capacity(2);
        assert!(table.is_empty() && table.get(0).is_none() && table.target_at(0).is_none());
        for (from, path, to) in rows {
            table.push(from, path, to);
        }
        let listed: Vec<(usize, &str, usize)> =
            table.iter().map(|r| (r.from, r.path, r.to)).collect();
        assert_eq!(listed, rows);
        assert_eq!((table.len(), table.iter().len()), (5, 5));
        for (at, &(from, path, to)) in rows.iter().enumerate() {
            assert_eq!(table.get(at), Some(Reference { from, path, to }));
            assert_eq!(
                (table.source_at(at), table.target_at(at)),
                (Some(from), Some(to))
            );
        }
        assert_eq!(table.get(5), None);
        assert_eq!(table.source_at(5), None);
    }

    #[test]
    fn the_reference_table_is_references_by_position() {
        let s = stack(vec![
            plan("p", vec![rule("daily", "v", None)]),
            vault("v", "vv").with("kms_key", r("k")),
            key("k"),
            // A reference to nothing declared is no reference between resources.
            vault("w", "ww").with("kms_key", r("missing")),
        ]);
        let table = s.reference_table();
        let table: Vec<(usize, &str, usize)> =
            table.iter().map(|r| (r.from, r.path, r.to)).collect();
        assert_eq!(table, [(0, "rules[0].vault", 1), (1, "kms_key", 2)]);
        // The same by resource and id.
        let by_id: Vec<(&str, String, &str)> = s
            .references()
            .into_iter()
            .map(|(from, path, to)| (from.id.as_str(), path, to))
            .collect();
        assert_eq!(
            by_id,
            [
                ("p", "rules[0].vault".to_string(), "v"),
                ("v", "kms_key".to_string(), "k")
            ]
        );
    }

    #[test]
    fn a_duplicate_id_finds_the_first_and_an_absent_one_nothing() {
        let s = stack(vec![key("a"), key("b"), key("a")]);
        assert_eq!(s.position("a"), Some(0));
        assert_eq!(s.position("b"), Some(1));
        assert_eq!(s.position("c"), None);
    }

    #[test]
    fn logical_ids_are_upper_camel_case() {
        assert_eq!(crate::model::logical_id("client_role_3"), "ClientRole3");
        assert_eq!(crate::model::logical_id("primary"), "Primary");
    }

    #[test]
    fn adding_a_resource_gives_back_the_room_its_tables_were_built_with() {
        let mut rule = Object::new("Rule");
        rule.set("name", "daily");
        rule.set("copy", Value::List(Vec::with_capacity(8)));
        let mut tags = Vec::with_capacity(8);
        tags.push(("team".to_string(), Value::from("backup")));
        let mut res = Resource::new(Kind::Plan, "plan").with("name", "p");
        res.body
            .set("rules", Value::List(vec![Value::Object(rule)]));
        res.body.set("tags", Value::Map(tags));
        let before = res.clone();
        assert!(res.body.fields.capacity() > res.body.fields.len());
        let mut stack = Stack::new("s", "us-east-1");
        stack.add(res);
        let added = &stack.resources[0];
        assert_eq!(*added, before, "the same fields and values");
        fn full<K>(fields: &[(K, Value)], capacity: usize) {
            assert_eq!(capacity, fields.len());
            for (_, v) in fields {
                match v {
                    Value::List(items) => {
                        assert_eq!(items.capacity(), items.len());
                        for item in items {
                            if let Value::Object(o) = item {
                                full(&o.fields, o.fields.capacity());
                            }
                        }
                    }
                    Value::Object(o) => full(&o.fields, o.fields.capacity()),
                    Value::Map(pairs) => full(pairs, pairs.capacity()),
                    _ => {}
                }
            }
        }
        full(&added.body.fields, added.body.fields.capacity());
        let built = Stack::new("s", "us-east-1").with(before.clone());
        assert_eq!(
            built.resources[0].body.fields.capacity(),
            before.body.fields.len()
        );
    }

    #[test]
    fn each_stage_asks_for_one_level_of_the_resource_its_distance_ahead() {
        // Every heap range of a resource, by nesting depth, found independently of the stages:
        // depth 0 its id and field table, 1 field names and what values hold, and so on.
        fn value(v: &Value, depth: usize, out: &mut Vec<(usize, usize, usize)>) {
            fn fields<K: AsRef<str>>(
                pairs: &[(K, Value)],
                depth: usize,
                out: &mut Vec<(usize, usize, usize)>,
            ) {
                out.push((depth, pairs.as_ptr() as usize, std::mem::size_of_val(pairs)));
                for (k, v) in pairs {
                    let k = k.as_ref();
                    out.push((depth + 1, k.as_ptr() as usize, k.len()));
                    value(v, depth + 1, out);
                }
            }
            match v {
                Value::Str(s) | Value::Ref(s) => out.push((depth, s.as_ptr() as usize, s.len())),
                Value::List(items) => {
                    out.push((
                        depth,
                        items.as_ptr() as usize,
                        std::mem::size_of_val(&items[..]),
                    ));
                    items.iter().for_each(|item| value(item, depth + 1, out));
                }
                Value::Map(pairs) => fields(pairs, depth, out),
                Value::Object(o) => fields(&o.fields, depth, out),
                _ => {}
            }
        }
        let ranges = |res: &Resource| {
            let mut out = vec![(0, res.id.as_ptr() as usize, res.id.len())];
            let fields = &res.body.fields;
            out.push((
                0,
                fields.as_ptr() as usize,
                std::mem::size_of_val(&fields[..]),
            ));
            for (k, v) in fields {
                out.push((1, k.as_ptr() as usize, k.len()));
                value(v, 1, &mut out);
            }
            out
        };
        // Plans five levels deep (a copy's `to` is at depth 5), and every kind of value.
        let resources: Vec<Resource> = (0..12)
            .map(|i| {
                let copy = Object::new("Copy").with("to", Value::Ref(format!("vault_{i}")));
                let rule = Object::new("Rule")
                    .with("name", format!("rule-{i}"))
                    .with("copy", Value::List(vec![Value::Object(copy)]));
                Resource::new(Kind::Plan, format!("plan_{i}"))
                    .with("rules", Value::List(vec![Value::Object(rule)]))
                    .with(
                        "tags",
                        Value::Map(vec![("k".into(), format!("t{i}").into())]),
                    )
                    .with("days", i as i64)
                    .with("empty", "")
                    .with("unknown", Value::Unknown)
            })
            .collect();
        let refs: Vec<&Resource> = resources.iter().collect();
        for i in 0..resources.len() + 2 {
            let mut asked = Vec::new();
            ask_ahead(&resources, i, &mut |at, len| asked.push((at as usize, len)));
            let mut by_refs = Vec::new();
            ask_ahead(&refs, i, &mut |at, len| by_refs.push((at as usize, len)));
            assert_eq!(asked, by_refs);
            let mut want: Vec<(usize, usize)> = (0..PREFETCH_STAGES)
                .filter_map(|level| {
                    resources
                        .get(i + PREFETCH_STAGES - level)
                        .map(|r| (level, r))
                })
                .flat_map(|(level, r)| {
                    ranges(r)
                        .into_iter()
                        .filter(move |(depth, ..)| *depth == level)
                        .map(|(_, at, len)| (at, len))
                })
                .collect();
            let mut got = asked;
            got.sort_unstable();
            want.sort_unstable();
            assert_eq!(got, want, "at resource {i}");
            if i + 1 < resources.len() {
                assert!(!want.is_empty(), "something is asked for at {i}");
            }
        }
        // Nothing beyond the stages: the copy's target (depth 5) is never asked for.
        let deepest = ranges(&resources[0]).iter().map(|(d, ..)| *d).max();
        assert_eq!(deepest, Some(5));
    }
}
