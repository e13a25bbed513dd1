//! Layer 5, consumers of a checked stack.
//!
//! Carries a plan out: references to supporting resources resolved before any write, then
//! creates and updates in dependency order (independent resources concurrently, bounded),
//! deletes children first, and a second read that verifies AWS now matches the stack. Every
//! write is safe to repeat after an interruption: a resource is found again by its tags, never
//! created twice.

use super::desired::{
    self, create_operation, derivable, desired_all, is_applied, tags_member, Attrs, Desired, Known,
    UNKNOWN,
};
use super::live::{observe, Live};
use super::plan::{plan, Action, Change, Mode, Plan};
use super::{Api, ApiError, DIGEST_TAG};
use crate::model::{fnv1a, Stack};
use crate::schema::Kind;
use serde_json::{json, Map, Value as Json};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// How a run may proceed.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Create a compliance-mode vault lock, or change its grace time, although it cannot be
    /// undone (`--allow-irreversible`).
    pub allow_irreversible: bool,
    /// At most this many resources are written at once.
    pub concurrency: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            allow_irreversible: false,
            concurrency: 4,
        }
    }
}

/// Why a run stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum ApplyError {
    /// A supporting resource the stack references cannot be found: deploy it first.
    Unresolved(Vec<String>),
    /// Resources of the stack's names exist and are not the stack's.
    Conflicts(Vec<String>),
    /// The plan holds changes that cannot be undone, and `--allow-irreversible` was not given.
    Irreversible(Vec<String>),
    /// An operation failed.
    Api {
        /// The resource (`backup::Plan \`daily\``).
        resource: String,
        /// The operation.
        operation: String,
        /// What AWS said.
        error: ApiError,
    },
    /// After the writes, AWS still differs from the stack.
    Verify(Vec<String>),
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApplyError::Unresolved(v) => write!(f, "nothing was written: {}", v.join("; ")),
            ApplyError::Conflicts(v) => write!(f, "nothing was written: {}", v.join("; ")),
            ApplyError::Irreversible(v) => write!(
                f,
                "nothing was written: {}; run again with --allow-irreversible to proceed",
                v.join("; ")
            ),
            ApplyError::Api {
                resource,
                operation,
                error,
            } => write!(f, "{resource}: {operation} failed: {error}"),
            ApplyError::Verify(v) => write!(
                f,
                "applied, but AWS still differs from the stack: {}",
                v.join("; ")
            ),
        }
    }
}

impl std::error::Error for ApplyError {}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The plan it carried out.
    pub plan: Plan,
    /// Write calls made.
    pub writes: usize,
    /// All calls made (reads included).
    pub calls: usize,
}

/// Counts calls, and write calls, through to an inner API.
struct Counting<'a> {
    inner: &'a dyn Api,
    calls: AtomicUsize,
    writes: AtomicUsize,
}

impl Api for Counting<'_> {
    fn call(&self, region: &str, operation: &str, input: &Json) -> Result<Json, ApiError> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        if super::is_write(operation) {
            self.writes.fetch_add(1, Ordering::Relaxed);
        }
        self.inner.call(region, operation, input)
    }
}

/// The account apply runs in: the stack's `#[account]`, else STS.
pub fn account(api: &dyn Api, stack: &Stack) -> Result<String, ApplyError> {
    if let Some(a) = stack.account.as_str() {
        return Ok(a.to_string());
    }
    let region = stack.region.as_str().unwrap_or("us-east-1");
    api.call(region, "GetCallerIdentity", &json!({}))
        .map_err(|error| ApplyError::Api {
            resource: "the account".into(),
            operation: "GetCallerIdentity".into(),
            error,
        })
        .map(|out| {
            out.get("Account")
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_string()
        })
}

/// What the stack's applied resources reference outside apply (roles, buckets, topics, keys):
/// derived from names where AWS derives ARNs, a KMS key looked up by its alias. Run before any
/// write; a reference that cannot be resolved stops the run and names what to deploy first.
pub fn resolve_supporting(
    api: &dyn Api,
    stack: &Stack,
    account: &str,
) -> Result<Known, ApplyError> {
    let mut known = Known::new(account);
    let mut missing = Vec::new();
    let mut referenced: Vec<&str> = Vec::new();
    for (from, _, to) in stack.references() {
        if is_applied(from.kind) && !referenced.contains(&to) {
            referenced.push(to);
        }
    }
    for res in &stack.resources {
        if let Some(attrs) = derivable(stack, res, account) {
            known.learn(&res.id, attrs);
        }
    }
    for id in referenced {
        let Some(target) = stack.get(id) else {
            continue;
        };
        if target.kind != Kind::KmsKey {
            continue;
        }
        let region = stack.region_of(target).unwrap_or("us-east-1");
        let alias = stack
            .resources
            .iter()
            .find(|a| {
                a.kind == Kind::KmsAlias && a.body.reference("key") == Some(target.id.as_str())
            })
            .and_then(|a| a.body.str("name"));
        let found = match alias {
            Some(alias) => key_by_alias(api, region, alias),
            None => Ok(None),
        };
        // Without an alias, or when the alias is not there: the tags the emitters put on every
        // key (the stack instance and the logical id).
        let found = match found {
            Ok(None) => key_by_tags(api, region, &stack.name, id),
            other => other,
        };
        match found {
            Ok(Some(attrs)) => known.learn(id, attrs),
            Ok(None) => missing.push(format!(
                "kms::Key `{id}` was not found in {region} (by {}its tags `{}` = `{}`, `{}` = `{id}`): deploy the supporting resources first (`synth --only supporting`)",
                alias.map(|a| format!("its alias `{a}` or ")).unwrap_or_default(),
                super::STACK_TAG,
                stack.name,
                super::ID_TAG
            )),
            Err(e) => missing.push(format!("kms::Key `{id}` could not be looked up in {region}: {e}")),
        }
    }
    if missing.is_empty() {
        Ok(known)
    } else {
        Err(ApplyError::Unresolved(missing))
    }
}

fn key_attrs(meta: &Json) -> Attrs {
    Attrs {
        arn: meta.get("Arn").and_then(Json::as_str).map(str::to_string),
        name: None,
        id: meta.get("KeyId").and_then(Json::as_str).map(str::to_string),
    }
}

/// A key by its alias; `None` when the alias does not exist.
fn key_by_alias(api: &dyn Api, region: &str, alias: &str) -> Result<Option<Attrs>, ApiError> {
    match api.call(region, "DescribeKey", &json!({"KeyId": alias})) {
        Ok(out) => Ok(Some(key_attrs(&out["KeyMetadata"]))),
        Err(e) if e.is_not_found() || e.code == "NotFoundException" => Ok(None),
        Err(e) => Err(e),
    }
}

/// A key by the ownership tags the emitters put on it: the Region's keys, each one's tags
/// (a key apply may not read is skipped).
fn key_by_tags(
    api: &dyn Api,
    region: &str,
    stack: &str,
    id: &str,
) -> Result<Option<Attrs>, ApiError> {
    let mut marker: Option<String> = None;
    // Bounded: at most 1,000 pages of keys.
    for _ in 0..1000 {
        let mut input = json!({});
        if let Some(m) = &marker {
            input["Marker"] = json!(m);
        }
        let page = api.call(region, "ListKeys", &input)?;
        for key in page["Keys"].as_array().into_iter().flatten() {
            let Some(key_id) = key["KeyId"].as_str() else {
                continue;
            };
            let Ok(tags) = api.call(region, "ListResourceTags", &json!({"KeyId": key_id})) else {
                continue;
            };
            let tag = |k: &str| {
                tags["Tags"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|t| t["TagKey"] == k)
                    .and_then(|t| t["TagValue"].as_str())
            };
            if tag(super::STACK_TAG) == Some(stack) && tag(super::ID_TAG) == Some(id) {
                return Ok(Some(Attrs {
                    arn: key["KeyArn"].as_str().map(str::to_string),
                    name: None,
                    id: Some(key_id.to_string()),
                }));
            }
        }
        match page["NextMarker"].as_str() {
            Some(m) if page["Truncated"] == json!(true) => marker = Some(m.to_string()),
            _ => return Ok(None),
        }
    }
    Ok(None)
}

/// Reads AWS and plans: the account, the supporting references, what AWS has, the comparison.
pub fn prepare(
    api: &dyn Api,
    stack: &Stack,
    mode: Mode,
    now: f64,
) -> Result<(Known, Plan), ApplyError> {
    if let Some(dep) = crate::rules::org::deployment(stack) {
        // BK305: one account's apply cannot write an organization's policy and StackSet.
        return Err(ApplyError::Unresolved(vec![format!(
            "BK305: `{}` is an organization deployment; synthesize it with `synth --format cfn|tf` and deploy it from the management account",
            dep.id
        )]));
    }
    let account = account(api, stack)?;
    let mut known = resolve_supporting(api, stack, &account)?;
    let wanted = desired_all(stack, &known);
    let observed = observe(api, &stack.name, &wanted).map_err(|error| ApplyError::Api {
        resource: format!("stack `{}`", stack.name),
        operation: "read".into(),
        error,
    })?;
    // What exists is known: its ARN, its id.
    for d in &wanted {
        if let Some(l) = observed.resources.iter().find(|l| {
            l.kind == d.kind
                && match super::plan::parent_of(d) {
                    Some(p) => l.parent.as_deref() == Some(p) && l.name == d.name,
                    None => l.owned_as(&stack.name, &d.id),
                }
        }) {
            learn_live(&mut known, &d.id, l);
        }
    }
    let wanted = desired_all(stack, &known);
    Ok((
        known.clone(),
        plan(&stack.name, &wanted, &observed, mode, now),
    ))
}

fn learn_live(known: &mut Known, id: &str, l: &Live) {
    known.learn(
        id,
        Attrs {
            arn: l.arn.clone(),
            name: Some(l.name.clone()),
            id: l.id.clone(),
        },
    );
}

/// Plans, checks the plan is safe to carry out, carries it out and verifies: `synth apply` and
/// `synth destroy`. `progress` gets a line per resource as it goes.
pub fn run(
    api: &dyn Api,
    stack: &Stack,
    mode: Mode,
    options: Options,
    now: f64,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Outcome, ApplyError> {
    let counting = Counting {
        inner: api,
        calls: AtomicUsize::new(0),
        writes: AtomicUsize::new(0),
    };
    let (known, plan) = prepare(&counting, stack, mode, now)?;
    let mut outcome = carry_out(&counting, stack, known, plan, mode, options, now, progress)?;
    outcome.calls = counting.calls.load(Ordering::Relaxed);
    Ok(outcome)
}

/// Carries out a plan made by [`prepare`]: checks it is safe, writes, then reads AWS again and
/// verifies that it matches the stack.
#[allow(clippy::too_many_arguments)]
pub fn carry_out(
    api: &dyn Api,
    stack: &Stack,
    known: Known,
    plan: Plan,
    mode: Mode,
    options: Options,
    now: f64,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Outcome, ApplyError> {
    let counting = Counting {
        inner: api,
        calls: AtomicUsize::new(0),
        writes: AtomicUsize::new(0),
    };
    check(&plan, options)?;
    execute(&counting, stack, &plan, known, options, progress)?;
    if mode == Mode::Apply && plan.has_changes() {
        let (_, after) = prepare(&counting, stack, mode, now)?;
        let left: Vec<String> = after
            .changes
            .iter()
            .filter(|c| !matches!(c.action, Action::NoChange | Action::Keep))
            .map(|c| {
                let fields: Vec<String> = c
                    .fields
                    .iter()
                    .map(|f| format!("{}.{}", f.operation, f.path))
                    .collect();
                format!(
                    "{} `{}` ({}: {})",
                    c.kind,
                    c.id,
                    c.action.word(),
                    fields.join(", ")
                )
            })
            .collect();
        if !left.is_empty() {
            return Err(ApplyError::Verify(left));
        }
    }
    Ok(Outcome {
        plan,
        writes: counting.writes.load(Ordering::Relaxed),
        calls: counting.calls.load(Ordering::Relaxed),
    })
}

/// Refuses a plan with conflicts, or with irreversible changes unless allowed (a lock whose
/// grace time is over is refused even then: AWS would refuse it).
pub fn check(plan: &Plan, options: Options) -> Result<(), ApplyError> {
    if !plan.conflicts.is_empty() {
        return Err(ApplyError::Conflicts(plan.conflicts.clone()));
    }
    let refused: Vec<String> = plan
        .changes
        .iter()
        .filter(|c| c.action != Action::NoChange)
        .filter_map(|c| {
            let why = c.irreversible.as_ref()?;
            let immutable = why.contains("immutable");
            (immutable || !options.allow_irreversible)
                .then(|| format!("{} `{}`: {why}", c.kind, c.id))
        })
        .collect();
    if refused.is_empty() {
        Ok(())
    } else {
        Err(ApplyError::Irreversible(refused))
    }
}

/// Carries out a checked plan.
pub fn execute(
    api: &dyn Api,
    stack: &Stack,
    plan: &Plan,
    known: Known,
    options: Options,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<(), ApplyError> {
    let known = Mutex::new(known);
    let pending: Vec<&Change> = plan
        .changes
        .iter()
        .filter(|c| matches!(c.action, Action::Create | Action::Update | Action::Replace))
        .collect();
    for c in plan.changes.iter().filter(|c| c.action == Action::Keep) {
        progress(&format!(
            "kept {} `{}` ({}, {}): {}",
            c.kind,
            c.id,
            c.region,
            c.name,
            c.why.as_deref().unwrap_or("retained")
        ));
    }
    // Waves: a change runs once every change it depends on has run.
    let mut done: Vec<&str> = Vec::new();
    let mut left = pending;
    while !left.is_empty() {
        let (ready, blocked): (Vec<&Change>, Vec<&Change>) = left.into_iter().partition(|c| {
            c.desired.as_ref().is_none_or(|d| {
                d.depends_on
                    .iter()
                    .all(|dep| done.contains(&dep.as_str()) || !plan_has(plan, dep))
            })
        });
        // A cycle cannot come from a checked stack; run the rest in order rather than stall.
        let ready = if ready.is_empty() {
            blocked.clone()
        } else {
            ready
        };
        let next = Mutex::new(0usize);
        let failure: Mutex<Option<ApplyError>> = Mutex::new(None);
        std::thread::scope(|scope| {
            for _ in 0..options.concurrency.max(1).min(ready.len()) {
                scope.spawn(|| loop {
                    let i = {
                        let mut n = next.lock().unwrap();
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some(change) = ready.get(i) else { break };
                    if failure.lock().unwrap().is_some() {
                        break;
                    }
                    if let Err(e) = write(api, stack, change, &known, progress) {
                        failure.lock().unwrap().get_or_insert(e);
                        break;
                    }
                });
            }
        });
        if let Some(e) = failure.into_inner().unwrap() {
            return Err(e);
        }
        done.extend(ready.iter().map(|c| c.id.as_str()));
        left = blocked
            .into_iter()
            .filter(|c| !ready.iter().any(|r| std::ptr::eq(*r, *c)))
            .collect();
    }
    for c in plan.changes.iter().filter(|c| c.action == Action::Delete) {
        timed(progress, c, "destroying", "destroyed", || delete(api, c))?;
    }
    Ok(())
}

fn plan_has(plan: &Plan, id: &str) -> bool {
    plan.changes.iter().any(|c| {
        c.id == id && matches!(c.action, Action::Create | Action::Update | Action::Replace)
    })
}

fn label(c: &Change) -> String {
    format!("{} `{}` ({}, {})", c.kind, c.id, c.region, c.name)
}

fn timed(
    progress: &(dyn Fn(&str) + Sync),
    c: &Change,
    doing: &str,
    did: &str,
    f: impl FnOnce() -> Result<(), ApplyError>,
) -> Result<(), ApplyError> {
    progress(&format!("{doing} {}", label(c)));
    let start = Instant::now();
    f()?;
    progress(&format!(
        "{did} {} in {:.1} s",
        label(c),
        start.elapsed().as_secs_f64()
    ));
    Ok(())
}

fn call(api: &dyn Api, c: &Change, operation: &str, input: Json) -> Result<Json, ApplyError> {
    api.call(&c.region, operation, &input)
        .map_err(|error| ApplyError::Api {
            resource: format!("{} `{}`", c.kind, c.id),
            operation: operation.to_string(),
            error,
        })
}

/// One create, update or replace.
fn write(
    api: &dyn Api,
    stack: &Stack,
    c: &Change,
    known: &Mutex<Known>,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<(), ApplyError> {
    let Some(res) = stack.get(&c.id) else {
        return Ok(());
    };
    // Rendered again now: references to resources created earlier in this run are known.
    let d = desired::desired(stack, res, &known.lock().unwrap());
    if !d.unknown.is_empty() {
        return Err(ApplyError::Api {
            resource: format!("{} `{}`", c.kind, c.id),
            operation: d.create().operation.to_string(),
            error: ApiError::new(
                "Unresolved",
                format!("references not known: {}", d.unknown.join(", ")),
            ),
        });
    }
    match c.action {
        Action::Create => timed(progress, c, "creating", "created", || {
            create(api, c, &d, known)
        }),
        Action::Replace => timed(progress, c, "replacing", "replaced", || {
            delete(api, c)?;
            create(api, c, &d, known)
        }),
        _ => timed(progress, c, "updating", "updated", || update(api, c, &d)),
    }
}

/// The create call's idempotency member and a token that repeats for the same request.
fn with_token(d: &Desired, members: &Json) -> Json {
    let member = match d.kind {
        Kind::Framework | Kind::ReportPlan => "IdempotencyToken",
        _ => "CreatorRequestId",
    };
    let mut members = members.clone();
    let token = format!(
        "backup-dsl-{:016x}",
        fnv1a(format!("{}{}", d.id, members).as_bytes())
    );
    members[member] = json!(token);
    members
}

fn create(api: &dyn Api, c: &Change, d: &Desired, known: &Mutex<Known>) -> Result<(), ApplyError> {
    let out = call(
        api,
        c,
        d.create().operation,
        with_token(d, &d.create().members),
    )?;
    let text = |m: Option<&str>| {
        m.and_then(|m| out.get(m))
            .and_then(Json::as_str)
            .map(str::to_string)
    };
    let (arn, id) = super::live::identity_members(d.kind);
    let attrs = Attrs {
        arn: text(arn),
        name: None,
        id: text(id),
    };
    known.lock().unwrap().learn(&d.id, attrs);
    for companion in &d.calls[1..] {
        call(api, c, companion.operation, companion.members.clone())?;
    }
    Ok(())
}

/// The operation that removes a companion's configuration.
fn removal_of(operation: &str) -> &'static str {
    match operation {
        "PutBackupVaultLockConfiguration" => "DeleteBackupVaultLockConfiguration",
        "PutBackupVaultNotifications" => "DeleteBackupVaultNotifications",
        _ => "DeleteBackupVaultAccessPolicy",
    }
}

fn update(api: &dyn Api, c: &Change, d: &Desired) -> Result<(), ApplyError> {
    let live = c.live.as_ref().expect("an update has a live resource");
    let create = &d.create().members;
    let tags_m = tags_member(d.kind);
    let main_changed = c.fields.iter().any(|f| {
        f.operation == create_operation(d.kind) && tags_m.is_none_or(|m| !f.path.starts_with(m))
    });
    if main_changed {
        let pick = |members: &[&str]| -> Json {
            let mut o = Map::new();
            for m in members {
                if let Some(v) = create.get(*m) {
                    o.insert((*m).to_string(), v.clone());
                }
            }
            Json::Object(o)
        };
        let (operation, mut input) = match d.kind {
            Kind::Plan => (
                "UpdateBackupPlan",
                json!({"BackupPlanId": live.id, "BackupPlan": create["BackupPlan"]}),
            ),
            Kind::Framework => (
                "UpdateFramework",
                pick(&["FrameworkName", "FrameworkDescription", "FrameworkControls"]),
            ),
            Kind::ReportPlan => (
                "UpdateReportPlan",
                pick(&[
                    "ReportPlanName",
                    "ReportPlanDescription",
                    "ReportDeliveryChannel",
                    "ReportSetting",
                ]),
            ),
            Kind::RestoreTestingPlan => {
                let mut plan = create["RestoreTestingPlan"].clone();
                if let Some(o) = plan.as_object_mut() {
                    o.remove("RestoreTestingPlanName");
                }
                (
                    "UpdateRestoreTestingPlan",
                    json!({"RestoreTestingPlanName": d.name, "RestoreTestingPlan": plan}),
                )
            }
            Kind::RestoreTestingSelection => {
                let mut selection = create["RestoreTestingSelection"].clone();
                if let Some(o) = selection.as_object_mut() {
                    o.remove("RestoreTestingSelectionName");
                    o.remove("ProtectedResourceType");
                }
                (
                    "UpdateRestoreTestingSelection",
                    json!({"RestoreTestingPlanName": create["RestoreTestingPlanName"], "RestoreTestingSelectionName": d.name, "RestoreTestingSelection": selection}),
                )
            }
            _ => ("", Json::Null),
        };
        if !operation.is_empty() {
            if matches!(d.kind, Kind::Framework | Kind::ReportPlan) {
                input = with_token(d, &input);
            }
            call(api, c, operation, input)?;
        }
    }
    // Companions: set what changed, remove what the stack no longer has.
    for companion in &d.calls[1..] {
        if c.fields.iter().any(|f| f.operation == companion.operation) {
            // A compliance-mode lock still in its grace time becomes a governance one only by
            // removing it first: putting a lock without a grace time leaves the old one's date.
            let was_compliance = live
                .call(companion.operation)
                .is_some_and(|l| l.members.get("ChangeableForDays").is_some());
            if companion.operation == "PutBackupVaultLockConfiguration"
                && was_compliance
                && companion.members.get("ChangeableForDays").is_none()
            {
                call(
                    api,
                    c,
                    removal_of(companion.operation),
                    json!({"BackupVaultName": d.name}),
                )?;
            }
            call(api, c, companion.operation, companion.members.clone())?;
        }
    }
    for f in c
        .fields
        .iter()
        .filter(|f| f.path.is_empty() && f.after.is_none())
    {
        call(
            api,
            c,
            removal_of(f.operation),
            json!({"BackupVaultName": d.name}),
        )?;
    }
    // Tags, with the digest of what is now applied.
    if let (Some(_), Some(arn)) = (tags_m, live.arn.as_deref()) {
        let wanted = d.tags();
        let set: Map<String, Json> = wanted
            .iter()
            .filter(|(k, v)| live.tags.get(*k) != Some(*v) || *k == DIGEST_TAG)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let removed: Vec<&String> = live
            .tags
            .keys()
            .filter(|k| !wanted.contains_key(*k))
            .collect();
        if !removed.is_empty() {
            call(
                api,
                c,
                "UntagResource",
                json!({"ResourceArn": arn, "TagKeyList": removed}),
            )?;
        }
        call(
            api,
            c,
            "TagResource",
            json!({"ResourceArn": arn, "Tags": set}),
        )?;
    }
    Ok(())
}

fn delete(api: &dyn Api, c: &Change) -> Result<(), ApplyError> {
    let live = match &c.live {
        Some(l) => l,
        None => return Ok(()),
    };
    let (operation, input) = match c.kind {
        Kind::Vault | Kind::AirGappedVault => {
            ("DeleteBackupVault", json!({"BackupVaultName": live.name}))
        }
        Kind::Plan => ("DeleteBackupPlan", json!({"BackupPlanId": live.id})),
        Kind::Selection => {
            let plan_id = live
                .calls
                .first()
                .map(|c| c.members["BackupPlanId"].clone());
            (
                "DeleteBackupSelection",
                json!({"BackupPlanId": plan_id, "SelectionId": live.id}),
            )
        }
        Kind::Framework => ("DeleteFramework", json!({"FrameworkName": live.name})),
        Kind::ReportPlan => ("DeleteReportPlan", json!({"ReportPlanName": live.name})),
        Kind::RestoreTestingPlan => (
            "DeleteRestoreTestingPlan",
            json!({"RestoreTestingPlanName": live.name}),
        ),
        Kind::RestoreTestingSelection => {
            let plan = live
                .calls
                .first()
                .map(|c| c.members["RestoreTestingPlanName"].clone());
            (
                "DeleteRestoreTestingSelection",
                json!({"RestoreTestingPlanName": plan, "RestoreTestingSelectionName": live.name}),
            )
        }
        _ => return Ok(()),
    };
    match api.call(&c.region, operation, &input) {
        Ok(_) => Ok(()),
        // Already gone (an interrupted run deleted it): the goal is met.
        Err(e) if e.is_not_found() => Ok(()),
        Err(error) => Err(ApplyError::Api {
            resource: format!("{} `{}`", c.kind, c.id),
            operation: operation.to_string(),
            error,
        }),
    }
}

/// Unknown references left in a request (never sent).
pub fn has_unknown(v: &Json) -> bool {
    match v {
        Json::String(s) => s == UNKNOWN,
        Json::Array(items) => items.iter().any(has_unknown),
        Json::Object(o) => o.values().any(has_unknown),
        _ => false,
    }
}
