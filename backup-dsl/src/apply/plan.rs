//! Layer 5, consumers of a checked stack.
//!
//! A plan: the stack's wanted resources ([`Desired`]) compared with what AWS has ([`Live`]),
//! resource by resource and field by field. Only the members the stack sets are compared
//! (AWS fills in others); lists of plain values compare as sets, policies as JSON.

use super::desired::{tags_member, Call, Desired, UNKNOWN};
use super::live::{Live, Observed};
use super::DIGEST_TAG;
use crate::schema::{How, Kind, Place, StructDef, Ty};
use serde_json::{json, Value as Json};
use std::fmt::Write as _;

/// What a run does to one resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Nothing to do.
    NoChange,
    /// Create it.
    Create,
    /// Change it in place.
    Update,
    /// Delete it and create it again (a field AWS cannot change in place).
    Replace,
    /// Delete it.
    Delete,
    /// Leave it in AWS although the stack no longer has it, or destroy runs (a retained vault).
    Keep,
}

impl Action {
    /// The symbol plans print, as Terraform's.
    pub fn symbol(self) -> &'static str {
        match self {
            Action::NoChange => " ",
            Action::Create => "+",
            Action::Update => "~",
            Action::Replace => "-/+",
            Action::Delete => "-",
            Action::Keep => "=",
        }
    }

    /// The word plans print.
    pub fn word(self) -> &'static str {
        match self {
            Action::NoChange => "no change",
            Action::Create => "create",
            Action::Update => "update",
            Action::Replace => "replace",
            Action::Delete => "delete",
            Action::Keep => "keep",
        }
    }
}

/// One field that differs.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    /// The call the member belongs to.
    pub operation: &'static str,
    /// The member path (`BackupPlan.Rules[0].ScheduleExpression`); empty for a whole call.
    pub path: String,
    /// What AWS has (`None`: absent).
    pub before: Option<Json>,
    /// What the stack wants (`None`: to be removed).
    pub after: Option<Json>,
}

/// What a run does to one resource, and why.
#[derive(Clone, Debug)]
pub struct Change {
    /// The logical id (for a resource the stack no longer has: the id its tags name).
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its Region.
    pub region: String,
    /// Its name.
    pub name: String,
    /// What happens.
    pub action: Action,
    /// Why a replace or keep (the field AWS cannot change in place).
    pub why: Option<String>,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
    /// The resource was changed outside the stack: it differs while its digest says it was
    /// last applied from this same stack.
    pub drift: bool,
    /// Why this change cannot be undone (a compliance-mode vault lock), if so.
    pub irreversible: Option<String>,
    /// What the stack wants (absent for a delete).
    pub desired: Option<Desired>,
    /// What AWS has (absent for a create).
    pub live: Option<Live>,
}

/// A plan for the whole stack.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The stack instance.
    pub stack: String,
    /// Every resource's change, creates and updates in dependency order, then deletes in
    /// reverse order.
    pub changes: Vec<Change>,
    /// Resources of the stack's names that it does not own: apply never takes one over.
    pub conflicts: Vec<String>,
    /// What could not be read.
    pub warnings: Vec<String>,
}

impl Plan {
    /// Whether applying it would write anything.
    pub fn has_changes(&self) -> bool {
        self.changes
            .iter()
            .any(|c| !matches!(c.action, Action::NoChange | Action::Keep))
    }

    /// Counts of creates, updates, replaces, deletes and keeps.
    pub fn counts(&self) -> [usize; 5] {
        let n = |a| self.changes.iter().filter(|c| c.action == a).count();
        [
            n(Action::Create),
            n(Action::Update),
            n(Action::Replace),
            n(Action::Delete),
            n(Action::Keep),
        ]
    }
}

/// Whether a plan applies the stack or destroys it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Make AWS match the stack.
    Apply,
    /// Delete what the stack owns (but retained vaults).
    Destroy,
}

/// The parent a selection belongs to (its plan's logical id).
pub fn parent_of(desired: &Desired) -> Option<&str> {
    match desired.kind {
        Kind::Selection | Kind::RestoreTestingSelection => {
            desired.depends_on.first().map(String::as_str)
        }
        _ => None,
    }
}

/// Compares the stack with what AWS has. `now` (seconds since the epoch) tells whether a
/// vault lock's grace time is over.
pub fn plan(stack: &str, desired: &[Desired], observed: &Observed, mode: Mode, now: f64) -> Plan {
    let mut plan = Plan {
        stack: stack.to_string(),
        warnings: observed.warnings.clone(),
        ..Plan::default()
    };
    let mut matched = vec![false; observed.resources.len()];
    let mut deletes = Vec::new();
    for d in desired {
        let found = observed.resources.iter().position(|l| match parent_of(d) {
            Some(parent) => {
                l.kind == d.kind && l.parent.as_deref() == Some(parent) && l.name == d.name
            }
            None => l.kind == d.kind && l.owned_as(stack, &d.id),
        });
        let clash = observed.resources.iter().position(|l| {
            parent_of(d).is_none()
                && l.kind == d.kind
                && l.region == d.region
                && l.name == d.name
                && !l.owned_as(stack, &d.id)
        });
        if let (None, Some(i)) = (found, clash) {
            let l = &observed.resources[i];
            let owner = match l.owner() {
                Some((s, id)) => format!("stack `{s}` as `{id}`"),
                None => "nothing apply made (no backup-dsl tags)".into(),
            };
            plan.conflicts.push(format!(
                "{} `{}` ({}): a {} named `{}` already exists in {}, owned by {owner}; apply never takes over a resource it did not create: rename it in the stack, or delete the existing one",
                d.kind, d.id, d.region, d.kind.noun(), d.name, d.region
            ));
            matched[i] = true;
            continue;
        }
        if let Some(i) = found {
            matched[i] = true;
        }
        let live = found.map(|i| &observed.resources[i]);
        let change = match mode {
            Mode::Apply => compare(stack, d, live, now),
            Mode::Destroy => match live {
                Some(l) => removal(d.id.clone(), l, d.retained),
                None => continue,
            },
        };
        plan.changes.push(change);
    }
    // What the stack owns but no longer has, or all of it on destroy.
    for (i, l) in observed.resources.iter().enumerate() {
        if matched[i] {
            continue;
        }
        let owned_id = match (&l.parent, l.owner()) {
            (Some(parent), _) => Some(format!("{parent}/{}", l.name)),
            (None, Some((s, id))) if s == stack => Some(id.to_string()),
            _ => None,
        };
        if let Some(id) = owned_id {
            // A vault the stack no longer declares keeps its recovery points: retained.
            let retained = matches!(l.kind, Kind::Vault | Kind::AirGappedVault);
            deletes.push(removal(id, l, retained));
        }
    }
    if mode == Mode::Destroy {
        // Destroy: the resources matched above, in reverse dependency order.
        plan.changes.reverse();
    }
    // Children before parents: selections before their plans.
    deletes.sort_by_key(|c| !matches!(c.kind, Kind::Selection | Kind::RestoreTestingSelection));
    plan.changes.extend(deletes);
    if mode == Mode::Destroy {
        plan.changes
            .sort_by_key(|c| !matches!(c.kind, Kind::Selection | Kind::RestoreTestingSelection));
    }
    plan
}

fn removal(id: String, live: &Live, retained: bool) -> Change {
    Change {
        id,
        kind: live.kind,
        region: live.region.clone(),
        name: live.name.clone(),
        action: if retained {
            Action::Keep
        } else {
            Action::Delete
        },
        why: retained.then(|| {
            "a retained vault (`deletion_policy: \"Retain\"`, the default) keeps its recovery points; delete it by hand".to_string()
        }),
        fields: Vec::new(),
        drift: false,
        irreversible: None,
        desired: None,
        live: Some(live.clone()),
    }
}

/// The change that makes `live` (or nothing) what `d` wants.
fn compare(stack: &str, d: &Desired, live: Option<&Live>, now: f64) -> Change {
    let mut change = Change {
        id: d.id.clone(),
        kind: d.kind,
        region: d.region.clone(),
        name: d.name.clone(),
        action: Action::Create,
        why: None,
        fields: Vec::new(),
        drift: false,
        irreversible: irreversible(d, live),
        desired: Some(d.clone()),
        live: live.cloned(),
    };
    let Some(live) = live else {
        for call in &d.calls {
            leaves(
                call.operation,
                &without_digest(d.kind, call),
                String::new(),
                &mut change.fields,
            );
        }
        return change;
    };
    let _ = stack;
    for call in &d.calls {
        match live.call(call.operation) {
            Some(l) => diff(
                call.operation,
                &without_digest(d.kind, call),
                &without_digest(d.kind, l),
                String::new(),
                &mut change.fields,
            ),
            None => change.fields.push(FieldChange {
                operation: call.operation,
                path: String::new(),
                before: None,
                after: Some(call.members.clone()),
            }),
        }
    }
    // Configuration the stack no longer has (a lock, notifications, a policy).
    for l in live.calls.iter().skip(1) {
        if d.companion(l.operation).is_none() {
            change.fields.push(FieldChange {
                operation: l.operation,
                path: String::new(),
                before: Some(l.members.clone()),
                after: None,
            });
        }
    }
    if change.fields.is_empty() {
        change.action = Action::NoChange;
        return change;
    }
    change.drift = live
        .tags
        .get(DIGEST_TAG)
        .and_then(Json::as_str)
        .is_some_and(|digest| digest == d.digest());
    match replaced_by(d.kind, &change.fields) {
        Some(why) => {
            change.action = Action::Replace;
            change.why = Some(why);
        }
        None => change.action = Action::Update,
    }
    if let Some(lock_date) = live.lock_date {
        let lock_changes = change
            .fields
            .iter()
            .any(|f| f.operation == "PutBackupVaultLockConfiguration");
        if lock_date <= now && lock_changes {
            change.irreversible = Some(
                "the vault lock is immutable (its grace time is over): AWS refuses to change or remove it".into(),
            );
        }
    }
    change
}

/// Every member a create sets, one per line: objects by member, lists of objects by index.
fn leaves(operation: &'static str, v: &Json, path: String, out: &mut Vec<FieldChange>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match v {
        Json::Object(o) => {
            for (k, v) in o {
                leaves(operation, v, join(k), out);
            }
        }
        Json::Array(items) if !items.iter().all(is_plain) => {
            for (i, item) in items.iter().enumerate() {
                leaves(operation, item, format!("{path}[{i}]"), out);
            }
        }
        other => out.push(FieldChange {
            operation,
            path,
            before: None,
            after: Some(other.clone()),
        }),
    }
}

/// The tags member without the digest (which changes with every other change and says
/// nothing itself).
fn without_digest(kind: Kind, call: &Call) -> Json {
    let mut members = call.members.clone();
    if let Some(tags) = tags_member(kind)
        .and_then(|m| members.get_mut(m))
        .and_then(Json::as_object_mut)
    {
        tags.remove(DIGEST_TAG);
    }
    members
}

/// Why a change needs the resource deleted and created again, if it does.
fn replaced_by(kind: Kind, fields: &[FieldChange]) -> Option<String> {
    let tags = tags_member(kind).unwrap_or("-");
    fields.iter().find_map(|f| {
        let create = f.operation.starts_with("Create");
        let member = f.path.split(['.', '[']).next().unwrap_or_default();
        let why = match kind {
            _ if !create || member == tags => return None,
            Kind::Vault => format!("AWS cannot change a vault's `{member}` in place"),
            Kind::AirGappedVault => {
                format!("AWS cannot change a logically air-gapped vault's `{member}` in place")
            }
            Kind::Selection => "AWS has no update for a backup selection".into(),
            Kind::Framework if member == "FrameworkName" => "renamed".into(),
            Kind::ReportPlan if member == "ReportPlanName" => "renamed".into(),
            Kind::RestoreTestingPlan if f.path.ends_with("RestoreTestingPlanName") => {
                "renamed".into()
            }
            Kind::RestoreTestingSelection
                if f.path.ends_with("RestoreTestingSelectionName")
                    || f.path.ends_with("ProtectedResourceType")
                    || member == "RestoreTestingPlanName" =>
            {
                format!(
                    "AWS cannot change a restore testing selection's `{}` in place",
                    f.path.rsplit('.').next().unwrap_or_default()
                )
            }
            _ => return None,
        };
        Some(why)
    })
}

/// Why creating or changing this resource cannot be undone: a compliance-mode lock (one with a
/// grace time) becomes immutable when the grace time ends.
fn irreversible(d: &Desired, live: Option<&Live>) -> Option<String> {
    let lock = d.companion("PutBackupVaultLockConfiguration")?;
    let days = lock.members.get("ChangeableForDays")?;
    let before = live
        .and_then(|l| l.call("PutBackupVaultLockConfiguration"))
        .and_then(|c| c.members.get("ChangeableForDays"));
    if before == Some(days) {
        return None;
    }
    Some(format!(
        "a compliance-mode vault lock: after {days} days no one, not even the account's root user, can change or remove it, or delete the vault while it holds recovery points"
    ))
}

/// The members of `wanted` that `have` lacks or holds differently.
fn diff(
    operation: &'static str,
    wanted: &Json,
    have: &Json,
    path: String,
    out: &mut Vec<FieldChange>,
) {
    let child = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match (wanted, have) {
        (Json::Object(w), Json::Object(h)) => {
            for (k, v) in w {
                match h.get(k) {
                    Some(hv) if !hv.is_null() => diff(operation, v, hv, child(k), out),
                    _ => out.push(FieldChange {
                        operation,
                        path: child(k),
                        before: None,
                        after: Some(v.clone()),
                    }),
                }
            }
            // Tags are the stack's own, and so is all of a companion call (a lock, the
            // notifications): what the stack no longer has is removed.
            let owned_whole = path.is_empty() && operation.starts_with("Put");
            if owned_whole || is_map_member(&path) {
                for (k, v) in h {
                    if !w.contains_key(k) {
                        out.push(FieldChange {
                            operation,
                            path: child(k),
                            before: Some(v.clone()),
                            after: None,
                        });
                    }
                }
            }
        }
        (Json::Array(w), Json::Array(h)) if w.iter().all(is_plain) && h.iter().all(is_plain) => {
            let mut ws: Vec<String> = w.iter().map(plain_text).collect();
            let mut hs: Vec<String> = h.iter().map(plain_text).collect();
            ws.sort();
            hs.sort();
            if ws != hs {
                out.push(changed(operation, path, have, wanted));
            }
        }
        (Json::Array(w), Json::Array(h)) => {
            if w.len() != h.len() {
                out.push(changed(operation, path, have, wanted));
                return;
            }
            for (i, (wv, hv)) in w.iter().zip(h).enumerate() {
                diff(operation, wv, hv, format!("{path}[{i}]"), out);
            }
        }
        (Json::String(w), Json::String(h)) => {
            let same = w == h
                || matches!(
                    (serde_json::from_str::<Json>(w), serde_json::from_str::<Json>(h)),
                    (Ok(a @ Json::Object(_)), Ok(b @ Json::Object(_))) if a == b
                );
            if !same || w == UNKNOWN {
                out.push(changed(operation, path, have, wanted));
            }
        }
        (w, h) => {
            if plain_text(w) != plain_text(h) {
                out.push(changed(operation, path, have, wanted));
            }
        }
    }
}

/// Whether a request member is one of the stack's maps (tags, recovery point tags, backup
/// options, metadata overrides): the places the schema declares [`How::TagMap`] for the API.
/// A key the stack no longer has is to be removed from those.
fn is_map_member(path: &str) -> bool {
    fn walk(def: &StructDef, out: &mut Vec<&'static str>) {
        for f in def.fields {
            if let Place::At(p, How::TagMap) | Place::In(_, p, How::TagMap) = f.to.api {
                out.push(p.rsplit('.').next().unwrap_or(p));
            }
            match &f.ty {
                Ty::Struct(d) | Ty::List(Ty::Struct(d)) => walk(d, out),
                _ => {}
            }
        }
    }
    static MEMBERS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let members = MEMBERS.get_or_init(|| {
        let mut out = Vec::new();
        for kind in Kind::ALL {
            walk(kind.schema(), &mut out);
        }
        out
    });
    let last = path.rsplit('.').next().unwrap_or(path);
    members.contains(&last)
}

fn changed(operation: &'static str, path: String, have: &Json, wanted: &Json) -> FieldChange {
    FieldChange {
        operation,
        path,
        before: Some(have.clone()),
        after: Some(wanted.clone()),
    }
}

fn is_plain(v: &Json) -> bool {
    !matches!(v, Json::Object(_) | Json::Array(_))
}

/// A plain value's text: numbers compare by value (`365` and `365.0`), strings as they are.
fn plain_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// The plan as text, resource by resource and field by field.
pub fn render_text(plan: &Plan) -> String {
    let mut out = String::new();
    for c in &plan.conflicts {
        let _ = writeln!(out, "error: {c}");
    }
    for w in &plan.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    for c in &plan.changes {
        if c.action == Action::NoChange {
            continue;
        }
        let _ = write!(
            out,
            "{:>3} {} {} `{}` ({}, {})",
            c.action.symbol(),
            c.action.word(),
            c.kind,
            c.id,
            c.region,
            c.name
        );
        if c.drift {
            out.push_str(" [drift: changed outside the stack]");
        }
        out.push('\n');
        if let Some(why) = &c.why {
            let _ = writeln!(out, "      because {why}");
        }
        if let Some(why) = &c.irreversible {
            let _ = writeln!(out, "      IRREVERSIBLE: {why}");
        }
        for f in &c.fields {
            let path = if f.path.is_empty() {
                f.operation.to_string()
            } else {
                format!("{}.{}", f.operation, f.path)
            };
            let show = |v: &Option<Json>| match v {
                Some(v) => compact(v),
                None => "(none)".into(),
            };
            let _ = writeln!(
                out,
                "      {path}: {} -> {}",
                show(&f.before),
                show(&f.after)
            );
        }
    }
    let [create, update, replace, delete, keep] = plan.counts();
    if plan.has_changes() || keep > 0 {
        let _ = writeln!(
            out,
            "Plan: {create} to create, {update} to update, {replace} to replace, {delete} to delete, {keep} kept."
        );
    } else {
        let _ = writeln!(out, "No changes: AWS matches the stack.");
    }
    out
}

fn compact(v: &Json) -> String {
    let text = v.to_string();
    if text.len() > 160 {
        format!(
            "{}...",
            &text[..text.char_indices().nth(157).map_or(text.len(), |(i, _)| i)]
        )
    } else {
        text
    }
}

/// The plan as JSON, for machines.
pub fn render_json(plan: &Plan) -> Json {
    let changes: Vec<Json> = plan
        .changes
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "kind": c.kind.dsl_path(),
                "region": c.region,
                "name": c.name,
                "action": c.action.word(),
                "why": c.why,
                "drift": c.drift,
                "irreversible": c.irreversible,
                "fields": c.fields.iter().map(|f| json!({
                    "operation": f.operation,
                    "path": f.path,
                    "before": f.before,
                    "after": f.after,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let [create, update, replace, delete, keep] = plan.counts();
    json!({
        "stack": plan.stack,
        "changes": changes,
        "conflicts": plan.conflicts,
        "warnings": plan.warnings,
        "summary": {"create": create, "update": update, "replace": replace, "delete": delete, "keep": keep},
    })
}

#[cfg(test)]
mod tests {
    use super::is_map_member;

    #[test]
    fn the_maps_are_the_schemas_tag_map_places() {
        for member in [
            "BackupVaultTags",
            "BackupPlanTags",
            "FrameworkTags",
            "ReportPlanTags",
            "Tags",
            "BackupPlan.Rules[0].RecoveryPointTags",
            "BackupPlan.AdvancedBackupSettings[0].BackupOptions",
            "RestoreTestingSelection.RestoreMetadataOverrides",
            "FrameworkControls[1].ControlScope.Tags",
        ] {
            assert!(is_map_member(member), "{member}");
        }
        for member in [
            "BackupPlan.BackupPlanName",
            "BackupPlan.Rules[0].Lifecycle",
            "ListOfTags",
        ] {
            assert!(!is_map_member(member), "{member}");
        }
    }
}
