//! Layer 5, consumers of a checked stack.
//!
//! What AWS has: the AWS Backup resources of the stack's Regions, their tags (which say which
//! stack instance and logical id own them), and each one's configuration read back into the
//! shape of the requests that create it ([`super::desired::Call`]), so that a plan compares
//! like with like.

use super::desired::{create_operation, tags_member, Call, Desired};
use super::{Api, ApiError, ID_TAG, STACK_TAG};
use crate::schema::Kind;
use serde_json::{json, Map, Value as Json};

/// One resource AWS has.
#[derive(Clone, Debug, PartialEq)]
pub struct Live {
    /// Its kind.
    pub kind: Kind,
    /// Its Region.
    pub region: String,
    /// Its name.
    pub name: String,
    /// Its ARN, where it has one.
    pub arn: Option<String>,
    /// Its id (a plan's, a selection's).
    pub id: Option<String>,
    /// Its tags.
    pub tags: Map<String, Json>,
    /// For a selection or restore testing selection: the logical id of the owned plan it
    /// belongs to (selections carry no tags).
    pub parent: Option<String>,
    /// Its configuration as the requests that would create it; empty until read in full.
    pub calls: Vec<Call>,
    /// A vault lock's date (seconds since the epoch) after which it can no longer change.
    pub lock_date: Option<f64>,
}

impl Live {
    /// The stack instance and logical id that own it, from its tags.
    pub fn owner(&self) -> Option<(&str, &str)> {
        Some((
            self.tags.get(STACK_TAG)?.as_str()?,
            self.tags.get(ID_TAG)?.as_str()?,
        ))
    }

    /// Whether the given stack instance owns it as the given logical id.
    pub fn owned_as(&self, stack: &str, id: &str) -> bool {
        self.owner() == Some((stack, id))
    }

    /// A call of its configuration by operation.
    pub fn call(&self, operation: &str) -> Option<&Call> {
        self.calls.iter().find(|c| c.operation == operation)
    }
}

/// What a read of the stack's Regions found.
#[derive(Clone, Debug, Default)]
pub struct Observed {
    /// Resources this stack instance owns, and resources of the names the stack wants.
    pub resources: Vec<Live>,
    /// What could not be read (an operation the endpoint does not implement), said in the plan.
    pub warnings: Vec<String>,
}

/// Every page of a list operation's `member`.
fn list_all(
    api: &dyn Api,
    region: &str,
    operation: &str,
    input: Json,
    member: &str,
) -> Result<Vec<Json>, ApiError> {
    let mut items = Vec::new();
    let mut input = input;
    // A bounded loop: a service that keeps answering with a token is not followed forever.
    for _ in 0..1000 {
        let out = api.call(region, operation, &input)?;
        items.extend(
            out.get(member)
                .and_then(Json::as_array)
                .cloned()
                .unwrap_or_default(),
        );
        match out.get("NextToken").and_then(Json::as_str) {
            Some(token) if !token.is_empty() => input["NextToken"] = json!(token),
            _ => return Ok(items),
        }
    }
    Ok(items)
}

fn text(v: &Json, member: &str) -> Option<String> {
    v.get(member).and_then(Json::as_str).map(str::to_string)
}

fn tags_of(api: &dyn Api, region: &str, arn: &str) -> Result<Map<String, Json>, ApiError> {
    let out = api.call(region, "ListTags", &json!({"ResourceArn": arn}))?;
    Ok(out
        .get("Tags")
        .and_then(Json::as_object)
        .cloned()
        .unwrap_or_default())
}

/// A top-level kind AWS lists, and the members of its list items.
#[derive(Clone, Copy)]
struct Listing {
    kind: Kind,
    operation: &'static str,
    member: &'static str,
    name: &'static str,
}

/// The response members that carry a resource's ARN and id, in list items and create
/// responses alike.
pub fn identity_members(kind: Kind) -> (Option<&'static str>, Option<&'static str>) {
    match kind {
        Kind::Vault | Kind::AirGappedVault => (Some("BackupVaultArn"), None),
        Kind::Plan => (Some("BackupPlanArn"), Some("BackupPlanId")),
        Kind::Selection => (None, Some("SelectionId")),
        Kind::Framework => (Some("FrameworkArn"), None),
        Kind::ReportPlan => (Some("ReportPlanArn"), None),
        Kind::RestoreTestingPlan => (Some("RestoreTestingPlanArn"), None),
        _ => (None, None),
    }
}

/// The top-level kinds with a list operation.
const LISTS: &[Listing] = &[
    Listing {
        kind: Kind::Vault,
        operation: "ListBackupVaults",
        member: "BackupVaultList",
        name: "BackupVaultName",
    },
    Listing {
        kind: Kind::Plan,
        operation: "ListBackupPlans",
        member: "BackupPlansList",
        name: "BackupPlanName",
    },
    Listing {
        kind: Kind::Framework,
        operation: "ListFrameworks",
        member: "Frameworks",
        name: "FrameworkName",
    },
    Listing {
        kind: Kind::ReportPlan,
        operation: "ListReportPlans",
        member: "ReportPlans",
        name: "ReportPlanName",
    },
    Listing {
        kind: Kind::RestoreTestingPlan,
        operation: "ListRestoreTestingPlans",
        member: "RestoreTestingPlans",
        name: "RestoreTestingPlanName",
    },
];

/// Reads the Regions the stack uses: every resource of the applied kinds that this instance
/// owns or whose name a desired resource has, read in full.
pub fn observe(api: &dyn Api, stack: &str, desired: &[Desired]) -> Result<Observed, ApiError> {
    let mut regions: Vec<&str> = desired.iter().map(|d| d.region.as_str()).collect();
    regions.sort_unstable();
    regions.dedup();
    let mut observed = Observed::default();
    for region in regions {
        for listing in LISTS {
            let Listing {
                kind,
                operation: op,
                member,
                name: name_m,
            } = *listing;
            let (arn_m, id_m) = identity_members(kind);
            let used = desired
                .iter()
                .any(|d| d.region == region && same_list(d.kind, kind));
            let items = match list_all(api, region, op, json!({}), member) {
                Ok(items) => items,
                // An endpoint without the operation (the local emulator lacks some) cannot
                // hold such resources of ours unless the stack wants them.
                Err(e) if !used => {
                    observed
                        .warnings
                        .push(format!("{region}: {op} failed ({e}); resources of that kind removed from the stack are not seen"));
                    continue;
                }
                Err(e) => return Err(e),
            };
            for item in items {
                let Some(name) = text(&item, name_m) else {
                    continue;
                };
                // A plan AWS deleted is kept for a while (a soft delete) and listed with its
                // deletion date.
                if item.get("DeletionDate").is_some_and(|d| !d.is_null()) {
                    continue;
                }
                let kind = match (kind, item.get("VaultType").and_then(Json::as_str)) {
                    (Kind::Vault, Some("LOGICALLY_AIR_GAPPED_BACKUP_VAULT")) => {
                        Kind::AirGappedVault
                    }
                    (Kind::Vault, Some(t)) if t != "BACKUP_VAULT" => continue,
                    _ => kind,
                };
                let arn = arn_m.and_then(|m| text(&item, m));
                let tags = match &arn {
                    Some(arn) => tags_of(api, region, arn)?,
                    None => Map::new(),
                };
                let wanted = desired
                    .iter()
                    .any(|d| d.region == region && d.kind == kind && d.name == name);
                let ours = tags.get(STACK_TAG).and_then(Json::as_str) == Some(stack);
                if !wanted && !ours {
                    continue;
                }
                let mut live = Live {
                    kind,
                    region: region.to_string(),
                    name,
                    arn,
                    id: id_m.and_then(|m| text(&item, m)),
                    tags,
                    parent: None,
                    calls: Vec::new(),
                    lock_date: None,
                };
                read(api, &mut live, desired)?;
                let children = if ours {
                    match children(api, &live) {
                        Ok(children) => children,
                        // An endpoint that cannot list them (the local emulator lacks selections)
                        // holds none of ours unless the stack wants some here.
                        Err(e) if !desired.iter().any(|d| child_of(d, &live)) => {
                            observed.warnings.push(format!(
                                "{region}: the children of {} `{}` could not be listed ({e}); any removed from the stack are not seen",
                                live.kind, live.name
                            ));
                            Vec::new()
                        }
                        Err(e) => return Err(e),
                    }
                } else {
                    Vec::new()
                };
                observed.resources.push(live);
                observed.resources.extend(children);
            }
        }
    }
    Ok(observed)
}

fn same_list(desired: Kind, listed: Kind) -> bool {
    desired == listed
        || (listed == Kind::Vault && desired == Kind::AirGappedVault)
        || (listed == Kind::Plan && desired == Kind::Selection)
        || (listed == Kind::RestoreTestingPlan && desired == Kind::RestoreTestingSelection)
}

/// Whether a desired resource is a selection of this live parent.
fn child_of(d: &Desired, parent: &Live) -> bool {
    matches!(d.kind, Kind::Selection | Kind::RestoreTestingSelection)
        && parent
            .owner()
            .is_some_and(|(_, id)| d.depends_on.first().is_some_and(|p| p == id))
}

/// The selections of an owned plan, the restore testing selections of an owned restore testing
/// plan: they carry no tags and belong to their parent.
fn children(api: &dyn Api, parent: &Live) -> Result<Vec<Live>, ApiError> {
    let Some((_, parent_id)) = parent.owner() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let region = parent.region.as_str();
    match parent.kind {
        Kind::Plan => {
            let plan_id = parent.id.clone().unwrap_or_default();
            let items = list_all(
                api,
                region,
                "ListBackupSelections",
                json!({"BackupPlanId": plan_id}),
                "BackupSelectionsList",
            )?;
            for item in items {
                let Some(selection_id) = text(&item, "SelectionId") else {
                    continue;
                };
                let got = api.call(
                    region,
                    "GetBackupSelection",
                    &json!({"BackupPlanId": plan_id, "SelectionId": selection_id}),
                )?;
                let selection = got.get("BackupSelection").cloned().unwrap_or(json!({}));
                out.push(Live {
                    kind: Kind::Selection,
                    region: region.to_string(),
                    name: text(&selection, "SelectionName").unwrap_or_default(),
                    arn: None,
                    id: Some(selection_id),
                    tags: Map::new(),
                    parent: Some(parent_id.to_string()),
                    calls: vec![Call {
                        operation: create_operation(Kind::Selection),
                        members: json!({"BackupPlanId": plan_id, "BackupSelection": selection}),
                    }],
                    lock_date: None,
                });
            }
        }
        Kind::RestoreTestingPlan => {
            let items = list_all(
                api,
                region,
                "ListRestoreTestingSelections",
                json!({"RestoreTestingPlanName": parent.name}),
                "RestoreTestingSelections",
            )?;
            for item in items {
                let Some(name) = text(&item, "RestoreTestingSelectionName") else {
                    continue;
                };
                let got = api.call(
                    region,
                    "GetRestoreTestingSelection",
                    &json!({"RestoreTestingPlanName": parent.name, "RestoreTestingSelectionName": name}),
                )?;
                let selection = got
                    .get("RestoreTestingSelection")
                    .cloned()
                    .unwrap_or(json!({}));
                out.push(Live {
                    kind: Kind::RestoreTestingSelection,
                    region: region.to_string(),
                    name,
                    arn: None,
                    id: None,
                    tags: Map::new(),
                    parent: Some(parent_id.to_string()),
                    calls: vec![Call {
                        operation: create_operation(Kind::RestoreTestingSelection),
                        members: json!({"RestoreTestingPlanName": parent.name, "RestoreTestingSelection": selection}),
                    }],
                    lock_date: None,
                });
            }
        }
        _ => {}
    }
    Ok(out)
}

/// Reads a resource's configuration into the shape of its create and companion requests.
fn read(api: &dyn Api, live: &mut Live, desired: &[Desired]) -> Result<(), ApiError> {
    let region = live.region.clone();
    let region = region.as_str();
    let name = live.name.clone();
    let mut create = Map::new();
    match live.kind {
        Kind::Vault | Kind::AirGappedVault => {
            let d = api.call(
                region,
                "DescribeBackupVault",
                &json!({"BackupVaultName": name}),
            )?;
            create.insert("BackupVaultName".into(), json!(name));
            for m in ["EncryptionKeyArn"] {
                if let Some(v) = d.get(m) {
                    create.insert(m.into(), v.clone());
                }
            }
            if live.kind == Kind::AirGappedVault {
                for m in ["MinRetentionDays", "MaxRetentionDays"] {
                    if let Some(v) = d.get(m) {
                        create.insert(m.into(), v.clone());
                    }
                }
            }
            live.lock_date = d.get("LockDate").and_then(Json::as_f64);
            let mut companions = Vec::new();
            if live.kind == Kind::Vault && d.get("Locked").and_then(Json::as_bool) == Some(true) {
                let mut lock = json!({"BackupVaultName": name});
                for m in ["MinRetentionDays", "MaxRetentionDays"] {
                    if let Some(v) = d.get(m).filter(|v| !v.is_null()) {
                        lock[m] = v.clone();
                    }
                }
                // AWS does not return the grace time, only the date it ends: a lock with a
                // date has the grace time the stack asked for when it was set.
                if live.lock_date.is_some() {
                    let wanted = wanted_companion(desired, live, "PutBackupVaultLockConfiguration")
                        .and_then(|c| c.get("ChangeableForDays").cloned());
                    lock["ChangeableForDays"] = wanted.unwrap_or(json!("(set)"));
                }
                companions.push(Call {
                    operation: "PutBackupVaultLockConfiguration",
                    members: lock,
                });
            }
            for (get, put, members) in [
                (
                    "GetBackupVaultNotifications",
                    "PutBackupVaultNotifications",
                    &["SNSTopicArn", "BackupVaultEvents"][..],
                ),
                (
                    "GetBackupVaultAccessPolicy",
                    "PutBackupVaultAccessPolicy",
                    &["Policy"][..],
                ),
            ] {
                match api.call(region, get, &json!({"BackupVaultName": name})) {
                    Ok(out) => {
                        let mut call = json!({"BackupVaultName": name});
                        for m in members {
                            if let Some(v) = out.get(*m).filter(|v| !v.is_null()) {
                                call[*m] = v.clone();
                            }
                        }
                        if members.iter().any(|m| call.get(*m).is_some()) {
                            companions.push(Call {
                                operation: put,
                                members: call,
                            });
                        }
                    }
                    Err(e) if e.is_not_found() => {}
                    // Not readable here (the emulator lacks it): only an error when the stack
                    // wants that configuration.
                    Err(e) => {
                        if wanted_companion(desired, live, put).is_some() {
                            return Err(e);
                        }
                    }
                }
            }
            live.calls = companions;
        }
        Kind::Plan => {
            let id = live.id.clone().unwrap_or_default();
            let d = api.call(region, "GetBackupPlan", &json!({"BackupPlanId": id}))?;
            create.insert(
                "BackupPlan".into(),
                d.get("BackupPlan").cloned().unwrap_or(json!({})),
            );
        }
        Kind::Framework => {
            let d = api.call(region, "DescribeFramework", &json!({"FrameworkName": name}))?;
            for m in ["FrameworkName", "FrameworkDescription", "FrameworkControls"] {
                if let Some(v) = d.get(m).filter(|v| !v.is_null()) {
                    create.insert(m.into(), v.clone());
                }
            }
        }
        Kind::ReportPlan => {
            let d = api.call(
                region,
                "DescribeReportPlan",
                &json!({"ReportPlanName": name}),
            )?;
            let plan = d.get("ReportPlan").cloned().unwrap_or(json!({}));
            for m in [
                "ReportPlanName",
                "ReportPlanDescription",
                "ReportDeliveryChannel",
                "ReportSetting",
            ] {
                if let Some(v) = plan.get(m).filter(|v| !v.is_null()) {
                    create.insert(m.into(), v.clone());
                }
            }
        }
        Kind::RestoreTestingPlan => {
            let d = api.call(
                region,
                "GetRestoreTestingPlan",
                &json!({"RestoreTestingPlanName": name}),
            )?;
            create.insert(
                "RestoreTestingPlan".into(),
                d.get("RestoreTestingPlan").cloned().unwrap_or(json!({})),
            );
        }
        _ => {}
    }
    if let Some(member) = tags_member(live.kind) {
        create.insert(member.into(), Json::Object(live.tags.clone()));
    }
    live.calls.insert(
        0,
        Call {
            operation: create_operation(live.kind),
            members: Json::Object(create),
        },
    );
    Ok(())
}

/// The members of a companion call that the desired resource of this live one wants.
fn wanted_companion<'a>(desired: &'a [Desired], live: &Live, operation: &str) -> Option<&'a Json> {
    desired
        .iter()
        .find(|d| d.kind == live.kind && d.region == live.region && d.name == live.name)
        .and_then(|d| d.companion(operation))
        .map(|c| &c.members)
}
