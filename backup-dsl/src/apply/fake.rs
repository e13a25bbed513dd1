//! Layer 5, consumers of a checked stack.
//!
//! An in-memory AWS Backup for tests of plan, apply and destroy: every operation apply uses,
//! with AWS's documented behavior where it matters to apply (names unique per Region, a plan
//! with selections cannot be deleted, an immutable lock cannot change, a soft-deleted plan is
//! listed with its deletion date), a log of every call, and a fault that fails the Nth write.
//! The real wire protocol is tested against the local emulator and with the SDK's mocks.

use super::{is_write, Api, ApiError};
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// One Region's resources.
#[derive(Clone, Debug, Default)]
struct Region {
    vaults: BTreeMap<String, Json>,
    notifications: BTreeMap<String, Json>,
    policies: BTreeMap<String, Json>,
    plans: BTreeMap<String, Json>,
    selections: BTreeMap<String, Json>,
    frameworks: BTreeMap<String, Json>,
    report_plans: BTreeMap<String, Json>,
    restore_plans: BTreeMap<String, Json>,
    restore_selections: BTreeMap<String, Json>,
    keys: BTreeMap<String, Json>,
    tagged_keys: Vec<Json>,
    tags: BTreeMap<String, Map<String, Json>>,
}

/// The fake's state and log.
#[derive(Debug, Default)]
struct State {
    regions: BTreeMap<String, Region>,
    log: Vec<(String, String, Json)>,
    counter: u64,
    writes: usize,
    fail_write: Option<usize>,
    now: f64,
}

/// An in-memory AWS Backup (and the STS and KMS calls apply makes).
#[derive(Debug, Default)]
pub struct FakeBackup {
    state: Mutex<State>,
    account: String,
}

fn err(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(code, message)
}

fn s<'a>(input: &'a Json, member: &str) -> Result<&'a str, ApiError> {
    input.get(member).and_then(Json::as_str).ok_or_else(|| {
        err(
            "InvalidParameterValueException",
            format!("{member} is required"),
        )
    })
}

impl FakeBackup {
    /// An empty account `111122223333`.
    pub fn new() -> Self {
        FakeBackup {
            state: Mutex::new(State::default()),
            account: "111122223333".into(),
        }
    }

    /// Makes the `n`th write call from now (1-based) fail with a `ServiceUnavailable` error,
    /// as an interrupted run would; later calls succeed.
    pub fn fail_write(&self, n: usize) {
        let mut st = self.state.lock().unwrap();
        st.fail_write = Some(st.writes + n);
    }

    /// Sets the clock (seconds since the epoch) that vault lock dates compare with.
    pub fn set_now(&self, now: f64) {
        self.state.lock().unwrap().now = now;
    }

    /// Every call so far: (Region, operation, input).
    pub fn log(&self) -> Vec<(String, String, Json)> {
        self.state.lock().unwrap().log.clone()
    }

    /// The write calls so far.
    pub fn writes(&self) -> usize {
        self.state.lock().unwrap().writes
    }

    /// A KMS key reachable by its alias.
    pub fn add_key(&self, region: &str, alias: &str) -> String {
        let mut st = self.state.lock().unwrap();
        let arn = format!("arn:aws:kms:{region}:{}:key/{alias}-key", self.account);
        let r = st.regions.entry(region.into()).or_default();
        r.keys.insert(
            alias.into(),
            json!({"Arn": arn, "KeyId": format!("{alias}-key")}),
        );
        arn
    }

    /// A KMS key with the ownership tags the emitters put on keys (found by them, not by an
    /// alias).
    pub fn add_tagged_key(&self, region: &str, stack: &str, id: &str) -> String {
        let mut st = self.state.lock().unwrap();
        let key_id = format!("{stack}-{id}-key");
        let arn = format!("arn:aws:kms:{region}:{}:key/{key_id}", self.account);
        let r = st.regions.entry(region.into()).or_default();
        r.tagged_keys
            .push(json!({"KeyId": key_id, "KeyArn": arn, "Tags": [
                {"TagKey": super::STACK_TAG, "TagValue": stack},
                {"TagKey": super::ID_TAG, "TagValue": id},
            ]}));
        arn
    }

    /// Everything the fake holds, as one JSON document (sorted, comparable between runs).
    pub fn snapshot(&self) -> Json {
        let st = self.state.lock().unwrap();
        let mut out = Map::new();
        for (name, r) in &st.regions {
            // Ids and ARNs with counters differ between runs; what matters is what exists.
            let plans: Vec<Json> = r
                .plans
                .values()
                .filter(|p| p.get("DeletionDate").is_none())
                .map(|p| p["BackupPlan"].clone())
                .collect();
            let selections: Vec<Json> = r
                .selections
                .values()
                .map(|s| s["BackupSelection"].clone())
                .collect();
            out.insert(
                name.clone(),
                json!({
                    "vaults": r.vaults.keys().collect::<Vec<_>>(),
                    "locks": r.vaults.values().filter(|v| v["Locked"] == json!(true)).map(|v| json!([v["BackupVaultName"], v.get("MinRetentionDays"), v.get("MaxRetentionDays")])).collect::<Vec<_>>(),
                    "notifications": r.notifications,
                    "policies": r.policies,
                    "plans": plans,
                    "selections": selections,
                    "frameworks": r.frameworks.values().map(|f| json!([f["FrameworkName"], f["FrameworkControls"]])).collect::<Vec<_>>(),
                    "report_plans": r.report_plans.keys().collect::<Vec<_>>(),
                    "restore_plans": r.restore_plans.keys().collect::<Vec<_>>(),
                    "restore_selections": r.restore_selections.keys().collect::<Vec<_>>(),
                    "tags": r.tags.values().filter(|t| !t.is_empty()).count(),
                }),
            );
        }
        Json::Object(out)
    }

    /// Changes a vault's notifications behind the stack's back (for drift tests).
    pub fn tamper_notifications(&self, region: &str, vault: &str, events: &[&str]) {
        let mut st = self.state.lock().unwrap();
        let r = st.regions.entry(region.into()).or_default();
        if let Some(n) = r.notifications.get_mut(vault) {
            n["BackupVaultEvents"] = json!(events);
        }
    }

    /// Changes a plan's first rule's schedule behind the stack's back (for drift tests).
    pub fn tamper_schedule(&self, region: &str, plan_name: &str, schedule: &str) {
        let mut st = self.state.lock().unwrap();
        let r = st.regions.entry(region.into()).or_default();
        for p in r.plans.values_mut() {
            if p["BackupPlan"]["BackupPlanName"] == json!(plan_name) {
                p["BackupPlan"]["Rules"][0]["ScheduleExpression"] = json!(schedule);
            }
        }
    }

    fn handle(
        &self,
        st: &mut State,
        region: &str,
        op: &str,
        input: &Json,
    ) -> Result<Json, ApiError> {
        let account = self.account.clone();
        st.counter += 1;
        let n = st.counter;
        let now = st.now;
        let r = st.regions.entry(region.to_string()).or_default();
        let arn =
            |kind: &str, name: &str| format!("arn:aws:backup:{region}:{account}:{kind}:{name}");
        let put_tags = |r: &mut Region, arn: &str, tags: Option<&Json>| {
            if let Some(Json::Object(t)) = tags {
                r.tags.entry(arn.to_string()).or_default().extend(t.clone());
            }
        };
        let not_found = |what: &str| err("ResourceNotFoundException", format!("{what} not found"));
        let out = match op {
            "GetCallerIdentity" => json!({"Account": account}),
            "DescribeKey" => {
                let alias = s(input, "KeyId")?;
                let key = r.keys.get(alias).ok_or_else(|| {
                    err("NotFoundException", format!("Alias {alias} is not found"))
                })?;
                json!({"KeyMetadata": key})
            }
            "ListKeys" => {
                json!({"Keys": r.tagged_keys.iter().map(|k| json!({"KeyId": k["KeyId"], "KeyArn": k["KeyArn"]})).collect::<Vec<_>>(), "Truncated": false})
            }
            "ListResourceTags" => {
                let id = s(input, "KeyId")?;
                let key = r
                    .tagged_keys
                    .iter()
                    .find(|k| k["KeyId"] == id)
                    .ok_or_else(|| err("NotFoundException", "no such key"))?;
                json!({"Tags": key["Tags"]})
            }
            "ListTags" => {
                json!({"Tags": r.tags.get(s(input, "ResourceArn")?).cloned().unwrap_or_default()})
            }
            "TagResource" => {
                let a = s(input, "ResourceArn")?.to_string();
                put_tags(r, &a, input.get("Tags"));
                json!({})
            }
            "UntagResource" => {
                let a = s(input, "ResourceArn")?;
                if let (Some(t), Some(keys)) = (r.tags.get_mut(a), input["TagKeyList"].as_array()) {
                    for k in keys {
                        t.remove(k.as_str().unwrap_or_default());
                    }
                }
                json!({})
            }
            "CreateBackupVault" | "CreateLogicallyAirGappedBackupVault" => {
                let name = s(input, "BackupVaultName")?.to_string();
                if r.vaults.contains_key(&name) {
                    return Err(err(
                        "AlreadyExistsException",
                        format!("Backup vault {name} already exists"),
                    ));
                }
                let a = arn("backup-vault", &name);
                let mut v = json!({"BackupVaultName": name, "BackupVaultArn": a, "Locked": false,
                    "VaultType": if op == "CreateBackupVault" { "BACKUP_VAULT" } else { "LOGICALLY_AIR_GAPPED_BACKUP_VAULT" },
                    "EncryptionKeyArn": input.get("EncryptionKeyArn").cloned().unwrap_or(json!(format!("arn:aws:kms:{region}:{account}:key/aws-backup")))});
                if op != "CreateBackupVault" {
                    v["MinRetentionDays"] = input["MinRetentionDays"].clone();
                    v["MaxRetentionDays"] = input["MaxRetentionDays"].clone();
                    v["Locked"] = json!(true);
                }
                r.vaults.insert(name.clone(), v);
                put_tags(r, &a, input.get("BackupVaultTags"));
                json!({"BackupVaultName": name, "BackupVaultArn": a})
            }
            "DescribeBackupVault" => r
                .vaults
                .get(s(input, "BackupVaultName")?)
                .cloned()
                .ok_or_else(|| not_found("vault"))?,
            "ListBackupVaults" => json!({"BackupVaultList": r.vaults.values().collect::<Vec<_>>()}),
            "DeleteBackupVault" => {
                let name = s(input, "BackupVaultName")?;
                let v = r.vaults.remove(name).ok_or_else(|| not_found("vault"))?;
                r.notifications.remove(name);
                r.policies.remove(name);
                r.tags
                    .remove(v["BackupVaultArn"].as_str().unwrap_or_default());
                json!({})
            }
            "PutBackupVaultLockConfiguration" => {
                let v = r
                    .vaults
                    .get_mut(s(input, "BackupVaultName")?)
                    .ok_or_else(|| not_found("vault"))?;
                if v.get("LockDate")
                    .and_then(Json::as_f64)
                    .is_some_and(|d| d <= now)
                {
                    return Err(err(
                        "InvalidRequestException",
                        "Vault Lock configuration is immutable and cannot be modified",
                    ));
                }
                v["Locked"] = json!(true);
                for m in ["MinRetentionDays", "MaxRetentionDays"] {
                    v[m] = input.get(m).cloned().unwrap_or(Json::Null);
                }
                if let Some(days) = input.get("ChangeableForDays").and_then(Json::as_f64) {
                    v["LockDate"] = json!(now + days * 86400.0);
                }
                json!({})
            }
            "DeleteBackupVaultLockConfiguration" => {
                let v = r
                    .vaults
                    .get_mut(s(input, "BackupVaultName")?)
                    .ok_or_else(|| not_found("vault"))?;
                if v.get("LockDate")
                    .and_then(Json::as_f64)
                    .is_some_and(|d| d <= now)
                {
                    return Err(err(
                        "InvalidRequestException",
                        "Vault Lock configuration is immutable and cannot be deleted",
                    ));
                }
                for m in ["MinRetentionDays", "MaxRetentionDays", "LockDate"] {
                    v.as_object_mut().map(|o| o.remove(m));
                }
                v["Locked"] = json!(false);
                json!({})
            }
            "PutBackupVaultNotifications" => {
                let name = s(input, "BackupVaultName")?.to_string();
                r.vaults.get(&name).ok_or_else(|| not_found("vault"))?;
                r.notifications.insert(name, json!({"SNSTopicArn": input["SNSTopicArn"], "BackupVaultEvents": input["BackupVaultEvents"]}));
                json!({})
            }
            "GetBackupVaultNotifications" => r
                .notifications
                .get(s(input, "BackupVaultName")?)
                .cloned()
                .ok_or_else(|| not_found("notifications"))?,
            "DeleteBackupVaultNotifications" => {
                r.notifications.remove(s(input, "BackupVaultName")?);
                json!({})
            }
            "PutBackupVaultAccessPolicy" => {
                let name = s(input, "BackupVaultName")?.to_string();
                r.vaults.get(&name).ok_or_else(|| not_found("vault"))?;
                r.policies.insert(name, json!({"Policy": input["Policy"]}));
                json!({})
            }
            "GetBackupVaultAccessPolicy" => r
                .policies
                .get(s(input, "BackupVaultName")?)
                .cloned()
                .ok_or_else(|| not_found("policy"))?,
            "DeleteBackupVaultAccessPolicy" => {
                r.policies.remove(s(input, "BackupVaultName")?);
                json!({})
            }
            "CreateBackupPlan" => {
                // AWS returns the plan a request with the same CreatorRequestId made.
                if let Some(token) = input.get("CreatorRequestId") {
                    if let Some(p) = r.plans.values().find(|p| {
                        p.get("CreatorRequestId") == Some(token) && p.get("DeletionDate").is_none()
                    }) {
                        return Ok(
                            json!({"BackupPlanId": p["BackupPlanId"], "BackupPlanArn": p["BackupPlanArn"]}),
                        );
                    }
                }
                let id = format!("plan-{n:04}");
                let a = arn("backup-plan", &id);
                r.plans.insert(id.clone(), json!({"BackupPlanId": id, "BackupPlanArn": a, "BackupPlan": input["BackupPlan"], "CreatorRequestId": input.get("CreatorRequestId"), "VersionId": format!("v{n}")}));
                put_tags(r, &a, input.get("BackupPlanTags"));
                json!({"BackupPlanId": id, "BackupPlanArn": a})
            }
            "ListBackupPlans" => {
                json!({"BackupPlansList": r.plans.values().map(|p| json!({"BackupPlanId": p["BackupPlanId"], "BackupPlanArn": p["BackupPlanArn"], "BackupPlanName": p["BackupPlan"]["BackupPlanName"], "DeletionDate": p.get("DeletionDate")})).collect::<Vec<_>>()})
            }
            "GetBackupPlan" => r
                .plans
                .get(s(input, "BackupPlanId")?)
                .cloned()
                .ok_or_else(|| not_found("plan"))?,
            "UpdateBackupPlan" => {
                let p = r
                    .plans
                    .get_mut(s(input, "BackupPlanId")?)
                    .ok_or_else(|| not_found("plan"))?;
                p["BackupPlan"] = input["BackupPlan"].clone();
                p["VersionId"] = json!(format!("v{n}"));
                json!({"BackupPlanId": p["BackupPlanId"], "BackupPlanArn": p["BackupPlanArn"]})
            }
            "DeleteBackupPlan" => {
                let id = s(input, "BackupPlanId")?.to_string();
                if r.selections
                    .values()
                    .any(|sel| sel["BackupPlanId"] == json!(id))
                {
                    return Err(err("InvalidRequestException", "Related backup plan selections must be deleted prior to backup plan deletion"));
                }
                let p = r.plans.get_mut(&id).ok_or_else(|| not_found("plan"))?;
                p["DeletionDate"] = json!(now);
                json!({})
            }
            "CreateBackupSelection" => {
                let plan_id = s(input, "BackupPlanId")?.to_string();
                r.plans.get(&plan_id).ok_or_else(|| not_found("plan"))?;
                let name = &input["BackupSelection"]["SelectionName"];
                if r.selections.values().any(|sel| {
                    sel["BackupPlanId"] == json!(plan_id)
                        && &sel["BackupSelection"]["SelectionName"] == name
                }) {
                    return Err(err(
                        "AlreadyExistsException",
                        "a selection of that name exists in the plan",
                    ));
                }
                let id = format!("selection-{n:04}");
                r.selections.insert(id.clone(), json!({"SelectionId": id, "BackupPlanId": plan_id, "BackupSelection": input["BackupSelection"]}));
                json!({"SelectionId": id, "BackupPlanId": plan_id})
            }
            "ListBackupSelections" => {
                let plan_id = s(input, "BackupPlanId")?;
                json!({"BackupSelectionsList": r.selections.values().filter(|x| x["BackupPlanId"] == json!(plan_id)).map(|x| json!({"SelectionId": x["SelectionId"], "SelectionName": x["BackupSelection"]["SelectionName"], "BackupPlanId": plan_id})).collect::<Vec<_>>()})
            }
            "GetBackupSelection" => r
                .selections
                .get(s(input, "SelectionId")?)
                .cloned()
                .ok_or_else(|| not_found("selection"))?,
            "DeleteBackupSelection" => {
                r.selections
                    .remove(s(input, "SelectionId")?)
                    .ok_or_else(|| not_found("selection"))?;
                json!({})
            }
            "CreateFramework" => {
                let name = s(input, "FrameworkName")?.to_string();
                if r.frameworks.contains_key(&name) {
                    return Err(err(
                        "AlreadyExistsException",
                        format!("framework {name} exists"),
                    ));
                }
                let a = arn("framework", &format!("{name}-{n:04}"));
                let mut f = input.clone();
                f["FrameworkArn"] = json!(a);
                f.as_object_mut().map(|o| {
                    o.remove("FrameworkTags");
                    o.remove("IdempotencyToken")
                });
                r.frameworks.insert(name.clone(), f);
                put_tags(r, &a, input.get("FrameworkTags"));
                json!({"FrameworkName": name, "FrameworkArn": a})
            }
            "ListFrameworks" => {
                json!({"Frameworks": r.frameworks.values().map(|f| json!({"FrameworkName": f["FrameworkName"], "FrameworkArn": f["FrameworkArn"]})).collect::<Vec<_>>()})
            }
            "DescribeFramework" => r
                .frameworks
                .get(s(input, "FrameworkName")?)
                .cloned()
                .ok_or_else(|| not_found("framework"))?,
            "UpdateFramework" => {
                let f = r
                    .frameworks
                    .get_mut(s(input, "FrameworkName")?)
                    .ok_or_else(|| not_found("framework"))?;
                for m in ["FrameworkDescription", "FrameworkControls"] {
                    if let Some(v) = input.get(m) {
                        f[m] = v.clone();
                    }
                }
                json!({"FrameworkName": f["FrameworkName"], "FrameworkArn": f["FrameworkArn"]})
            }
            "DeleteFramework" => {
                let f = r
                    .frameworks
                    .remove(s(input, "FrameworkName")?)
                    .ok_or_else(|| not_found("framework"))?;
                r.tags
                    .remove(f["FrameworkArn"].as_str().unwrap_or_default());
                json!({})
            }
            "CreateReportPlan" => {
                let name = s(input, "ReportPlanName")?.to_string();
                if r.report_plans.contains_key(&name) {
                    return Err(err(
                        "AlreadyExistsException",
                        format!("report plan {name} exists"),
                    ));
                }
                let a = arn("report-plan", &format!("{name}-{n:04}"));
                let mut p = input.clone();
                p["ReportPlanArn"] = json!(a);
                p.as_object_mut().map(|o| {
                    o.remove("ReportPlanTags");
                    o.remove("IdempotencyToken")
                });
                r.report_plans.insert(name.clone(), p);
                put_tags(r, &a, input.get("ReportPlanTags"));
                json!({"ReportPlanName": name, "ReportPlanArn": a})
            }
            "ListReportPlans" => {
                json!({"ReportPlans": r.report_plans.values().collect::<Vec<_>>()})
            }
            "DescribeReportPlan" => {
                json!({"ReportPlan": r.report_plans.get(s(input, "ReportPlanName")?).cloned().ok_or_else(|| not_found("report plan"))?})
            }
            "UpdateReportPlan" => {
                let p = r
                    .report_plans
                    .get_mut(s(input, "ReportPlanName")?)
                    .ok_or_else(|| not_found("report plan"))?;
                for m in [
                    "ReportPlanDescription",
                    "ReportDeliveryChannel",
                    "ReportSetting",
                ] {
                    if let Some(v) = input.get(m) {
                        p[m] = v.clone();
                    }
                }
                json!({"ReportPlanName": p["ReportPlanName"], "ReportPlanArn": p["ReportPlanArn"]})
            }
            "DeleteReportPlan" => {
                let p = r
                    .report_plans
                    .remove(s(input, "ReportPlanName")?)
                    .ok_or_else(|| not_found("report plan"))?;
                r.tags
                    .remove(p["ReportPlanArn"].as_str().unwrap_or_default());
                json!({})
            }
            "CreateRestoreTestingPlan" => {
                let plan = &input["RestoreTestingPlan"];
                let name = s(plan, "RestoreTestingPlanName")?.to_string();
                if r.restore_plans.contains_key(&name) {
                    return Err(err(
                        "ConflictException",
                        format!("restore testing plan {name} exists"),
                    ));
                }
                let a = arn("restore-testing-plan", &name);
                let mut p = plan.clone();
                p["RestoreTestingPlanArn"] = json!(a);
                r.restore_plans.insert(name.clone(), p);
                put_tags(r, &a, input.get("Tags"));
                json!({"RestoreTestingPlanName": name, "RestoreTestingPlanArn": a})
            }
            "ListRestoreTestingPlans" => {
                json!({"RestoreTestingPlans": r.restore_plans.values().map(|p| json!({"RestoreTestingPlanName": p["RestoreTestingPlanName"], "RestoreTestingPlanArn": p["RestoreTestingPlanArn"]})).collect::<Vec<_>>()})
            }
            "GetRestoreTestingPlan" => {
                json!({"RestoreTestingPlan": r.restore_plans.get(s(input, "RestoreTestingPlanName")?).cloned().ok_or_else(|| not_found("restore testing plan"))?})
            }
            "UpdateRestoreTestingPlan" => {
                let p = r
                    .restore_plans
                    .get_mut(s(input, "RestoreTestingPlanName")?)
                    .ok_or_else(|| not_found("restore testing plan"))?;
                if let Some(Json::Object(changes)) = input.get("RestoreTestingPlan") {
                    for (k, v) in changes {
                        p[k] = v.clone();
                    }
                }
                json!({})
            }
            "DeleteRestoreTestingPlan" => {
                let name = s(input, "RestoreTestingPlanName")?.to_string();
                if r.restore_selections
                    .values()
                    .any(|x| x["RestoreTestingPlanName"] == json!(name))
                {
                    return Err(err(
                        "InvalidRequestException",
                        "delete the plan's restore testing selections first",
                    ));
                }
                let p = r
                    .restore_plans
                    .remove(&name)
                    .ok_or_else(|| not_found("restore testing plan"))?;
                r.tags
                    .remove(p["RestoreTestingPlanArn"].as_str().unwrap_or_default());
                json!({})
            }
            "CreateRestoreTestingSelection" => {
                let plan = s(input, "RestoreTestingPlanName")?.to_string();
                r.restore_plans
                    .get(&plan)
                    .ok_or_else(|| not_found("restore testing plan"))?;
                let sel = &input["RestoreTestingSelection"];
                let name = s(sel, "RestoreTestingSelectionName")?.to_string();
                let key = format!("{plan}/{name}");
                if r.restore_selections.contains_key(&key) {
                    return Err(err(
                        "ConflictException",
                        format!("restore testing selection {name} exists"),
                    ));
                }
                let mut x = sel.clone();
                x["RestoreTestingPlanName"] = json!(plan);
                r.restore_selections.insert(key, x);
                json!({"RestoreTestingSelectionName": name})
            }
            "ListRestoreTestingSelections" => {
                let plan = s(input, "RestoreTestingPlanName")?;
                json!({"RestoreTestingSelections": r.restore_selections.values().filter(|x| x["RestoreTestingPlanName"] == json!(plan)).collect::<Vec<_>>()})
            }
            "GetRestoreTestingSelection" => {
                let key = format!(
                    "{}/{}",
                    s(input, "RestoreTestingPlanName")?,
                    s(input, "RestoreTestingSelectionName")?
                );
                json!({"RestoreTestingSelection": r.restore_selections.get(&key).cloned().ok_or_else(|| not_found("restore testing selection"))?})
            }
            "UpdateRestoreTestingSelection" => {
                let key = format!(
                    "{}/{}",
                    s(input, "RestoreTestingPlanName")?,
                    s(input, "RestoreTestingSelectionName")?
                );
                let x = r
                    .restore_selections
                    .get_mut(&key)
                    .ok_or_else(|| not_found("restore testing selection"))?;
                if let Some(Json::Object(changes)) = input.get("RestoreTestingSelection") {
                    for (k, v) in changes {
                        x[k] = v.clone();
                    }
                }
                json!({})
            }
            "DeleteRestoreTestingSelection" => {
                let key = format!(
                    "{}/{}",
                    s(input, "RestoreTestingPlanName")?,
                    s(input, "RestoreTestingSelectionName")?
                );
                r.restore_selections
                    .remove(&key)
                    .ok_or_else(|| not_found("restore testing selection"))?;
                json!({})
            }
            other => {
                return Err(err(
                    "UnknownOperationException",
                    format!("the fake does not implement {other}"),
                ))
            }
        };
        Ok(out)
    }
}

impl Api for FakeBackup {
    fn call(&self, region: &str, operation: &str, input: &Json) -> Result<Json, ApiError> {
        let mut st = self.state.lock().unwrap();
        st.log
            .push((region.to_string(), operation.to_string(), input.clone()));
        if is_write(operation) {
            st.writes += 1;
            if st.fail_write == Some(st.writes) {
                return Err(err(
                    "ServiceUnavailable",
                    "injected failure: the run is interrupted here",
                ));
            }
        }
        self.handle(&mut st, region, operation, input)
    }
}
