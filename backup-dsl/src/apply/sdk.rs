//! Layer 5, consumers of a checked stack.
//!
//! The AWS SDK behind [`Api`]: each operation's JSON members (named as in the API reference)
//! converted to the SDK's request types, and its response back to JSON. Reading a request is
//! strict: a member the conversion does not take is an error (`UnmappedMember`), so a field
//! place that names a member the API does not have fails the tests instead of vanishing.
//!
//! Credentials and Region come from the standard chain (`aws-config`), with `--profile`,
//! `--region` and `--endpoint-url` on top. Retries of throttling and transient errors are the
//! SDK's standard retry configuration. Nothing here prints; errors carry AWS's code and
//! message, never a credential.

use super::{Api, ApiError};
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_backup::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_backup::primitives::DateTime;
use aws_sdk_backup::types as t;
use aws_sdk_backup::Client;
use serde_json::{json, Map, Value as Json};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Mutex;

/// Where the SDK client points.
#[derive(Clone, Debug, Default)]
pub struct Target {
    /// A named profile of the shared config files (`--profile`).
    pub profile: Option<String>,
    /// The Region when the stack names none (`--region`).
    pub region: Option<String>,
    /// Another endpoint (`--endpoint-url`), such as a local emulator.
    pub endpoint_url: Option<String>,
}

/// The AWS API through the SDK: one client per Region, a runtime of its own, calls made
/// blocking (apply's engine runs them on its own bounded threads).
pub struct SdkApi {
    runtime: tokio::runtime::Runtime,
    config: SdkConfig,
    clients: Mutex<HashMap<String, Client>>,
    /// One client for every Region (the SDK's mocked client in tests).
    fixed: Option<Client>,
}

impl SdkApi {
    /// Loads the configuration from the standard chain.
    pub fn connect(target: &Target) -> Result<Self, ApiError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| ApiError::new("Runtime", e.to_string()))?;
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(p) = &target.profile {
            loader = loader.profile_name(p);
        }
        if let Some(r) = &target.region {
            loader = loader.region(Region::new(r.clone()));
        }
        if let Some(u) = &target.endpoint_url {
            loader = loader.endpoint_url(u);
        }
        let config = runtime.block_on(loader.load());
        Ok(Self::with_config(runtime, config))
    }

    /// An API over a configuration made elsewhere (tests pass static credentials, a local
    /// endpoint, or the SDK's mocked HTTP client).
    pub fn with_config(runtime: tokio::runtime::Runtime, config: SdkConfig) -> Self {
        SdkApi {
            runtime,
            config,
            clients: Mutex::new(HashMap::new()),
            fixed: None,
        }
    }

    /// An API whose AWS Backup calls all go to one client, whatever the Region: tests pass the
    /// SDK's mocked client (`aws-smithy-mocks`) to check each request's members.
    pub fn with_client(runtime: tokio::runtime::Runtime, client: Client) -> Self {
        let config = SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .build();
        SdkApi {
            runtime,
            config,
            clients: Mutex::new(HashMap::new()),
            fixed: Some(client),
        }
    }

    fn client(&self, region: &str) -> Client {
        if let Some(c) = &self.fixed {
            return c.clone();
        }
        let mut clients = self.clients.lock().unwrap();
        clients
            .entry(region.to_string())
            .or_insert_with(|| {
                let conf = aws_sdk_backup::config::Builder::from(&self.config)
                    .region(Region::new(region.to_string()))
                    .build();
                Client::from_conf(conf)
            })
            .clone()
    }

    fn region_config(&self, region: &str) -> SdkConfig {
        self.config
            .to_builder()
            .region(Region::new(region.to_string()))
            .build()
    }
}

impl Api for SdkApi {
    fn call(&self, region: &str, operation: &str, input: &Json) -> Result<Json, ApiError> {
        match operation {
            "GetCallerIdentity" => {
                let sts = aws_sdk_sts::Client::new(&self.region_config(region));
                let out = self
                    .runtime
                    .block_on(sts.get_caller_identity().send())
                    .map_err(error)?;
                Ok(json!({"Account": out.account()}))
            }
            "DescribeKey" => {
                let kms = aws_sdk_kms::Client::new(&self.region_config(region));
                let i = In::new(input);
                let key = i.s("KeyId");
                i.done()?;
                let out = self
                    .runtime
                    .block_on(kms.describe_key().set_key_id(key).send())
                    .map_err(error)?;
                let meta = out.key_metadata();
                Ok(json!({"KeyMetadata": {
                    "Arn": meta.and_then(|m| m.arn()),
                    "KeyId": meta.map(|m| m.key_id()),
                }}))
            }
            "ListKeys" => {
                let kms = aws_sdk_kms::Client::new(&self.region_config(region));
                let i = In::new(input);
                let marker = i.s("Marker");
                i.done()?;
                let out = self
                    .runtime
                    .block_on(kms.list_keys().set_marker(marker).send())
                    .map_err(error)?;
                let keys: Vec<Json> = out
                    .keys()
                    .iter()
                    .map(|k| json!({"KeyId": k.key_id(), "KeyArn": k.key_arn()}))
                    .collect();
                Ok(
                    json!({"Keys": keys, "NextMarker": out.next_marker(), "Truncated": out.truncated()}),
                )
            }
            "ListResourceTags" => {
                let kms = aws_sdk_kms::Client::new(&self.region_config(region));
                let i = In::new(input);
                let key = i.s("KeyId");
                i.done()?;
                let out = self
                    .runtime
                    .block_on(kms.list_resource_tags().set_key_id(key).send())
                    .map_err(error)?;
                let tags: Vec<Json> = out
                    .tags()
                    .iter()
                    .map(|t| json!({"TagKey": t.tag_key(), "TagValue": t.tag_value()}))
                    .collect();
                Ok(json!({"Tags": tags}))
            }
            _ => {
                let client = self.client(region);
                self.runtime.block_on(backup(&client, operation, input))
            }
        }
    }
}

/// An SDK error as AWS's code and message; without a code, the HTTP status or the transport
/// error.
fn error<E>(e: SdkError<E, aws_sdk_backup::config::http::HttpResponse>) -> ApiError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    if let Some(code) = e.code() {
        return ApiError::new(code, e.message().unwrap_or_default());
    }
    match e.raw_response() {
        Some(raw) => ApiError::new(
            format!("Http{}", raw.status().as_u16()),
            "the endpoint answered without an AWS error (an operation it does not implement?)",
        ),
        None => ApiError::new(
            "RequestFailed",
            aws_sdk_backup::error::DisplayErrorContext(&e).to_string(),
        ),
    }
}

/// A request's members, read strictly: [`In::done`] fails on any member not taken.
struct In<'a> {
    v: &'a Json,
    taken: RefCell<Vec<String>>,
}

impl<'a> In<'a> {
    fn new(v: &'a Json) -> Self {
        In {
            v,
            taken: RefCell::new(Vec::new()),
        }
    }

    fn get(&self, name: &str) -> Option<&'a Json> {
        self.taken.borrow_mut().push(name.to_string());
        self.v.get(name).filter(|v| !v.is_null())
    }

    fn s(&self, name: &str) -> Option<String> {
        self.get(name).and_then(|v| match v {
            Json::String(s) => Some(s.clone()),
            Json::Number(n) => Some(n.to_string()),
            _ => None,
        })
    }

    fn i64(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(Json::as_i64)
    }

    fn i32(&self, name: &str) -> Option<i32> {
        self.i64(name).and_then(|n| i32::try_from(n).ok())
    }

    fn b(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(Json::as_bool)
    }

    fn strings(&self, name: &str) -> Option<Vec<String>> {
        self.get(name).and_then(Json::as_array).map(|items| {
            items
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
    }

    fn map(&self, name: &str) -> Option<HashMap<String, String>> {
        self.get(name).and_then(Json::as_object).map(|o| {
            o.iter()
                .map(|(k, v)| {
                    let v = v.as_str().map(str::to_string).unwrap_or(v.to_string());
                    (k.clone(), v)
                })
                .collect()
        })
    }

    fn obj(&self, name: &str) -> Option<In<'a>> {
        self.get(name).map(In::new)
    }

    fn objs(&self, name: &str) -> Option<Vec<In<'a>>> {
        self.get(name)
            .and_then(Json::as_array)
            .map(|items| items.iter().map(In::new).collect())
    }

    /// Fails on a member nobody took: a field place naming a member this operation lacks.
    fn done(&self) -> Result<(), ApiError> {
        let taken = self.taken.borrow();
        let left: Vec<&String> = self
            .v
            .as_object()
            .map(|o| o.keys().filter(|k| !taken.contains(k)).collect())
            .unwrap_or_default();
        if left.is_empty() {
            Ok(())
        } else {
            Err(ApiError::new(
                "UnmappedMember",
                format!("the request has members the API does not take here: {left:?}"),
            ))
        }
    }
}

fn build_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::new("InvalidRequest", e.to_string())
}

fn lifecycle(i: In) -> Result<t::Lifecycle, ApiError> {
    let l = t::Lifecycle::builder()
        .set_move_to_cold_storage_after_days(i.i64("MoveToColdStorageAfterDays"))
        .set_delete_after_days(i.i64("DeleteAfterDays"))
        .set_opt_in_to_archive_for_supported_resources(i.b("OptInToArchiveForSupportedResources"))
        .build();
    i.done()?;
    Ok(l)
}

fn all<T>(
    items: Option<Vec<In>>,
    f: impl Fn(In) -> Result<T, ApiError>,
) -> Result<Option<Vec<T>>, ApiError> {
    items.map(|v| v.into_iter().map(f).collect()).transpose()
}

fn rule(i: In) -> Result<t::BackupRuleInput, ApiError> {
    let r = t::BackupRuleInput::builder()
        .set_rule_name(i.s("RuleName"))
        .set_target_backup_vault_name(i.s("TargetBackupVaultName"))
        .set_target_logically_air_gapped_backup_vault_arn(
            i.s("TargetLogicallyAirGappedBackupVaultArn"),
        )
        .set_schedule_expression(i.s("ScheduleExpression"))
        .set_schedule_expression_timezone(i.s("ScheduleExpressionTimezone"))
        .set_start_window_minutes(i.i64("StartWindowMinutes"))
        .set_completion_window_minutes(i.i64("CompletionWindowMinutes"))
        .set_lifecycle(i.obj("Lifecycle").map(lifecycle).transpose()?)
        .set_recovery_point_tags(i.map("RecoveryPointTags"))
        .set_enable_continuous_backup(i.b("EnableContinuousBackup"))
        .set_copy_actions(all(i.objs("CopyActions"), |c| {
            let a = t::CopyAction::builder()
                .set_destination_backup_vault_arn(c.s("DestinationBackupVaultArn"))
                .set_lifecycle(c.obj("Lifecycle").map(lifecycle).transpose()?)
                .build()
                .map_err(build_error)?;
            c.done()?;
            Ok(a)
        })?)
        .set_index_actions(all(i.objs("IndexActions"), |a| {
            let x = t::IndexAction::builder()
                .set_resource_types(a.strings("ResourceTypes"))
                .build();
            a.done()?;
            Ok(x)
        })?)
        .set_scan_actions(all(i.objs("ScanActions"), |a| {
            let x = t::ScanAction::builder()
                .set_malware_scanner(
                    a.s("MalwareScanner")
                        .map(|s| t::MalwareScanner::from(s.as_str())),
                )
                .set_scan_mode(a.s("ScanMode").map(|s| t::ScanMode::from(s.as_str())))
                .build();
            a.done()?;
            Ok(x)
        })?)
        .build()
        .map_err(build_error)?;
    i.done()?;
    Ok(r)
}

fn plan_input(i: In) -> Result<t::BackupPlanInput, ApiError> {
    let p = t::BackupPlanInput::builder()
        .set_backup_plan_name(i.s("BackupPlanName"))
        .set_rules(all(i.objs("Rules"), rule)?)
        .set_advanced_backup_settings(all(i.objs("AdvancedBackupSettings"), |a| {
            let x = t::AdvancedBackupSetting::builder()
                .set_resource_type(a.s("ResourceType"))
                .set_backup_options(a.map("BackupOptions"))
                .build();
            a.done()?;
            Ok(x)
        })?)
        .build()
        .map_err(build_error)?;
    i.done()?;
    Ok(p)
}

fn condition_parameters(
    items: Option<Vec<In>>,
) -> Result<Option<Vec<t::ConditionParameter>>, ApiError> {
    all(items, |c| {
        let x = t::ConditionParameter::builder()
            .set_condition_key(c.s("ConditionKey"))
            .set_condition_value(c.s("ConditionValue"))
            .build();
        c.done()?;
        Ok(x)
    })
}

fn selection(i: In) -> Result<t::BackupSelection, ApiError> {
    let conditions = i
        .obj("Conditions")
        .map(|c| {
            let x = t::Conditions::builder()
                .set_string_equals(condition_parameters(c.objs("StringEquals"))?)
                .set_string_not_equals(condition_parameters(c.objs("StringNotEquals"))?)
                .set_string_like(condition_parameters(c.objs("StringLike"))?)
                .set_string_not_like(condition_parameters(c.objs("StringNotLike"))?)
                .build();
            c.done()?;
            Ok::<_, ApiError>(x)
        })
        .transpose()?;
    let s = t::BackupSelection::builder()
        .set_selection_name(i.s("SelectionName"))
        .set_iam_role_arn(i.s("IamRoleArn"))
        .set_resources(i.strings("Resources"))
        .set_not_resources(i.strings("NotResources"))
        .set_list_of_tags(all(i.objs("ListOfTags"), |c| {
            let x = t::Condition::builder()
                .set_condition_type(
                    c.s("ConditionType")
                        .map(|s| t::ConditionType::from(s.as_str())),
                )
                .set_condition_key(c.s("ConditionKey"))
                .set_condition_value(c.s("ConditionValue"))
                .build()
                .map_err(build_error)?;
            c.done()?;
            Ok(x)
        })?)
        .set_conditions(conditions)
        .build()
        .map_err(build_error)?;
    i.done()?;
    Ok(s)
}

fn control(i: In) -> Result<t::FrameworkControl, ApiError> {
    let scope = i
        .obj("ControlScope")
        .map(|s| {
            let x = t::ControlScope::builder()
                .set_compliance_resource_ids(s.strings("ComplianceResourceIds"))
                .set_compliance_resource_types(s.strings("ComplianceResourceTypes"))
                .set_tags(s.map("Tags"))
                .build();
            s.done()?;
            Ok::<_, ApiError>(x)
        })
        .transpose()?;
    let c = t::FrameworkControl::builder()
        .set_control_name(i.s("ControlName"))
        .set_control_input_parameters(all(i.objs("ControlInputParameters"), |p| {
            let x = t::ControlInputParameter::builder()
                .set_parameter_name(p.s("ParameterName"))
                .set_parameter_value(p.s("ParameterValue"))
                .build();
            p.done()?;
            Ok(x)
        })?)
        .set_control_scope(scope)
        .build()
        .map_err(build_error)?;
    i.done()?;
    Ok(c)
}

fn delivery_channel(i: In) -> Result<t::ReportDeliveryChannel, ApiError> {
    let c = t::ReportDeliveryChannel::builder()
        .set_s3_bucket_name(i.s("S3BucketName"))
        .set_s3_key_prefix(i.s("S3KeyPrefix"))
        .set_formats(i.strings("Formats"))
        .build()
        .map_err(build_error)?;
    i.done()?;
    Ok(c)
}

fn report_setting(i: In) -> Result<t::ReportSetting, ApiError> {
    let frameworks = i.strings("FrameworkArns");
    let count = frameworks.as_ref().map_or(0, |f| f.len() as i32);
    let s = t::ReportSetting::builder()
        .set_report_template(i.s("ReportTemplate"))
        .set_number_of_frameworks(Some(i.i32("NumberOfFrameworks").unwrap_or(count)))
        .set_framework_arns(frameworks)
        .set_accounts(i.strings("Accounts"))
        .set_organization_units(i.strings("OrganizationUnits"))
        .set_regions(i.strings("Regions"))
        .build()
        .map_err(build_error)?;
    i.done()?;
    Ok(s)
}

fn recovery_point_selection(i: In) -> Result<t::RestoreTestingRecoveryPointSelection, ApiError> {
    let s = t::RestoreTestingRecoveryPointSelection::builder()
        .set_algorithm(
            i.s("Algorithm")
                .map(|a| t::RestoreTestingRecoveryPointSelectionAlgorithm::from(a.as_str())),
        )
        .set_include_vaults(i.strings("IncludeVaults"))
        .set_exclude_vaults(i.strings("ExcludeVaults"))
        .set_recovery_point_types(i.strings("RecoveryPointTypes").map(|v| {
            v.iter()
                .map(|s| t::RestoreTestingRecoveryPointType::from(s.as_str()))
                .collect()
        }))
        .set_selection_window_days(i.i32("SelectionWindowDays"))
        .build();
    i.done()?;
    Ok(s)
}

fn protected_conditions(i: In) -> Result<t::ProtectedResourceConditions, ApiError> {
    let pairs = |items: Option<Vec<In>>| {
        all(items, |kv| {
            let x = t::KeyValue::builder()
                .set_key(kv.s("Key"))
                .set_value(kv.s("Value"))
                .build()
                .map_err(build_error)?;
            kv.done()?;
            Ok(x)
        })
    };
    let c = t::ProtectedResourceConditions::builder()
        .set_string_equals(pairs(i.objs("StringEquals"))?)
        .set_string_not_equals(pairs(i.objs("StringNotEquals"))?)
        .build();
    i.done()?;
    Ok(c)
}

/// One AWS Backup operation.
async fn backup(c: &Client, operation: &str, input: &Json) -> Result<Json, ApiError> {
    let i = In::new(input);
    let out = match operation {
        "ListTags" => {
            let req = c
                .list_tags()
                .set_resource_arn(i.s("ResourceArn"))
                .set_next_token(i.s("NextToken"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({"Tags": o.tags(), "NextToken": o.next_token()})
        }
        "TagResource" => {
            let req = c
                .tag_resource()
                .set_resource_arn(i.s("ResourceArn"))
                .set_tags(i.map("Tags"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "UntagResource" => {
            let req = c
                .untag_resource()
                .set_resource_arn(i.s("ResourceArn"))
                .set_tag_key_list(i.strings("TagKeyList"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "CreateBackupVault" => {
            let req = c
                .create_backup_vault()
                .set_backup_vault_name(i.s("BackupVaultName"))
                .set_encryption_key_arn(i.s("EncryptionKeyArn"))
                .set_backup_vault_tags(i.map("BackupVaultTags"))
                .set_creator_request_id(i.s("CreatorRequestId"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({"BackupVaultName": o.backup_vault_name(), "BackupVaultArn": o.backup_vault_arn()})
        }
        "CreateLogicallyAirGappedBackupVault" => {
            let req = c
                .create_logically_air_gapped_backup_vault()
                .set_backup_vault_name(i.s("BackupVaultName"))
                .set_min_retention_days(i.i64("MinRetentionDays"))
                .set_max_retention_days(i.i64("MaxRetentionDays"))
                .set_encryption_key_arn(i.s("EncryptionKeyArn"))
                .set_backup_vault_tags(i.map("BackupVaultTags"))
                .set_creator_request_id(i.s("CreatorRequestId"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({"BackupVaultName": o.backup_vault_name(), "BackupVaultArn": o.backup_vault_arn()})
        }
        "DescribeBackupVault" => {
            let req = c
                .describe_backup_vault()
                .set_backup_vault_name(i.s("BackupVaultName"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({
                "BackupVaultName": o.backup_vault_name(),
                "BackupVaultArn": o.backup_vault_arn(),
                "VaultType": o.vault_type().map(|v| v.as_str()),
                "EncryptionKeyArn": o.encryption_key_arn(),
                "Locked": o.locked(),
                "MinRetentionDays": o.min_retention_days(),
                "MaxRetentionDays": o.max_retention_days(),
                "LockDate": o.lock_date().map(DateTime::as_secs_f64),
            })
        }
        "ListBackupVaults" => {
            let req = c.list_backup_vaults().set_next_token(i.s("NextToken"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            let vaults: Vec<Json> = o
                .backup_vault_list()
                .iter()
                .map(|v| json!({"BackupVaultName": v.backup_vault_name(), "BackupVaultArn": v.backup_vault_arn(), "VaultType": v.vault_type().map(|t| t.as_str())}))
                .collect();
            json!({"BackupVaultList": vaults, "NextToken": o.next_token()})
        }
        "DeleteBackupVault" => {
            let req = c
                .delete_backup_vault()
                .set_backup_vault_name(i.s("BackupVaultName"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "PutBackupVaultLockConfiguration" => {
            let req = c
                .put_backup_vault_lock_configuration()
                .set_backup_vault_name(i.s("BackupVaultName"))
                .set_min_retention_days(i.i64("MinRetentionDays"))
                .set_max_retention_days(i.i64("MaxRetentionDays"))
                .set_changeable_for_days(i.i64("ChangeableForDays"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "DeleteBackupVaultLockConfiguration" => {
            let req = c
                .delete_backup_vault_lock_configuration()
                .set_backup_vault_name(i.s("BackupVaultName"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "PutBackupVaultNotifications" => {
            let req = c
                .put_backup_vault_notifications()
                .set_backup_vault_name(i.s("BackupVaultName"))
                .set_sns_topic_arn(i.s("SNSTopicArn"))
                .set_backup_vault_events(i.strings("BackupVaultEvents").map(|v| {
                    v.iter()
                        .map(|e| t::BackupVaultEvent::from(e.as_str()))
                        .collect()
                }));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "GetBackupVaultNotifications" => {
            let req = c
                .get_backup_vault_notifications()
                .set_backup_vault_name(i.s("BackupVaultName"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            let events: Vec<&str> = o.backup_vault_events().iter().map(|e| e.as_str()).collect();
            json!({"SNSTopicArn": o.sns_topic_arn(), "BackupVaultEvents": events})
        }
        "DeleteBackupVaultNotifications" => {
            let req = c
                .delete_backup_vault_notifications()
                .set_backup_vault_name(i.s("BackupVaultName"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "PutBackupVaultAccessPolicy" => {
            let req = c
                .put_backup_vault_access_policy()
                .set_backup_vault_name(i.s("BackupVaultName"))
                .set_policy(i.s("Policy"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "GetBackupVaultAccessPolicy" => {
            let req = c
                .get_backup_vault_access_policy()
                .set_backup_vault_name(i.s("BackupVaultName"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({"Policy": o.policy()})
        }
        "DeleteBackupVaultAccessPolicy" => {
            let req = c
                .delete_backup_vault_access_policy()
                .set_backup_vault_name(i.s("BackupVaultName"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "CreateBackupPlan" => {
            let req = c
                .create_backup_plan()
                .set_backup_plan(i.obj("BackupPlan").map(plan_input).transpose()?)
                .set_backup_plan_tags(i.map("BackupPlanTags"))
                .set_creator_request_id(i.s("CreatorRequestId"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({"BackupPlanId": o.backup_plan_id(), "BackupPlanArn": o.backup_plan_arn()})
        }
        "UpdateBackupPlan" => {
            let req = c
                .update_backup_plan()
                .set_backup_plan_id(i.s("BackupPlanId"))
                .set_backup_plan(i.obj("BackupPlan").map(plan_input).transpose()?);
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({"BackupPlanId": o.backup_plan_id(), "BackupPlanArn": o.backup_plan_arn()})
        }
        "ListBackupPlans" => {
            let req = c.list_backup_plans().set_next_token(i.s("NextToken"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            let plans: Vec<Json> = o
                .backup_plans_list()
                .iter()
                .map(|p| json!({"BackupPlanId": p.backup_plan_id(), "BackupPlanArn": p.backup_plan_arn(), "BackupPlanName": p.backup_plan_name(), "DeletionDate": p.deletion_date().map(DateTime::as_secs_f64)}))
                .collect();
            json!({"BackupPlansList": plans, "NextToken": o.next_token()})
        }
        "GetBackupPlan" => {
            let req = c.get_backup_plan().set_backup_plan_id(i.s("BackupPlanId"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({"BackupPlanId": o.backup_plan_id(), "BackupPlanArn": o.backup_plan_arn(), "BackupPlan": o.backup_plan().map(plan_json)})
        }
        "DeleteBackupPlan" => {
            let req = c
                .delete_backup_plan()
                .set_backup_plan_id(i.s("BackupPlanId"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "CreateBackupSelection" => {
            let req = c
                .create_backup_selection()
                .set_backup_plan_id(i.s("BackupPlanId"))
                .set_backup_selection(i.obj("BackupSelection").map(selection).transpose()?)
                .set_creator_request_id(i.s("CreatorRequestId"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({"SelectionId": o.selection_id(), "BackupPlanId": o.backup_plan_id()})
        }
        "ListBackupSelections" => {
            let req = c
                .list_backup_selections()
                .set_backup_plan_id(i.s("BackupPlanId"))
                .set_next_token(i.s("NextToken"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            let items: Vec<Json> = o
                .backup_selections_list()
                .iter()
                .map(|s| json!({"SelectionId": s.selection_id(), "SelectionName": s.selection_name(), "BackupPlanId": s.backup_plan_id()}))
                .collect();
            json!({"BackupSelectionsList": items, "NextToken": o.next_token()})
        }
        "GetBackupSelection" => {
            let req = c
                .get_backup_selection()
                .set_backup_plan_id(i.s("BackupPlanId"))
                .set_selection_id(i.s("SelectionId"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({"SelectionId": o.selection_id(), "BackupPlanId": o.backup_plan_id(), "BackupSelection": o.backup_selection().map(selection_json)})
        }
        "DeleteBackupSelection" => {
            let req = c
                .delete_backup_selection()
                .set_backup_plan_id(i.s("BackupPlanId"))
                .set_selection_id(i.s("SelectionId"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "CreateFramework" | "UpdateFramework" => {
            let controls = all(i.objs("FrameworkControls"), control)?;
            let (name, description, token) = (
                i.s("FrameworkName"),
                i.s("FrameworkDescription"),
                i.s("IdempotencyToken"),
            );
            let o = if operation == "CreateFramework" {
                let req = c
                    .create_framework()
                    .set_framework_name(name)
                    .set_framework_description(description)
                    .set_framework_controls(controls)
                    .set_framework_tags(i.map("FrameworkTags"))
                    .set_idempotency_token(token);
                i.done()?;
                let o = req.send().await.map_err(error)?;
                json!({"FrameworkName": o.framework_name(), "FrameworkArn": o.framework_arn()})
            } else {
                let req = c
                    .update_framework()
                    .set_framework_name(name)
                    .set_framework_description(description)
                    .set_framework_controls(controls)
                    .set_idempotency_token(token);
                i.done()?;
                let o = req.send().await.map_err(error)?;
                json!({"FrameworkName": o.framework_name(), "FrameworkArn": o.framework_arn()})
            };
            o
        }
        "ListFrameworks" => {
            let req = c.list_frameworks().set_next_token(i.s("NextToken"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            let items: Vec<Json> = o
                .frameworks()
                .iter()
                .map(|f| json!({"FrameworkName": f.framework_name(), "FrameworkArn": f.framework_arn()}))
                .collect();
            json!({"Frameworks": items, "NextToken": o.next_token()})
        }
        "DescribeFramework" => {
            let req = c
                .describe_framework()
                .set_framework_name(i.s("FrameworkName"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            let controls: Vec<Json> = o.framework_controls().iter().map(control_json).collect();
            json!({"FrameworkName": o.framework_name(), "FrameworkArn": o.framework_arn(), "FrameworkDescription": o.framework_description(), "FrameworkControls": controls})
        }
        "DeleteFramework" => {
            let req = c
                .delete_framework()
                .set_framework_name(i.s("FrameworkName"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "CreateReportPlan" | "UpdateReportPlan" => {
            let channel = i
                .obj("ReportDeliveryChannel")
                .map(delivery_channel)
                .transpose()?;
            let setting = i.obj("ReportSetting").map(report_setting).transpose()?;
            let (name, description, token) = (
                i.s("ReportPlanName"),
                i.s("ReportPlanDescription"),
                i.s("IdempotencyToken"),
            );
            if operation == "CreateReportPlan" {
                let req = c
                    .create_report_plan()
                    .set_report_plan_name(name)
                    .set_report_plan_description(description)
                    .set_report_delivery_channel(channel)
                    .set_report_setting(setting)
                    .set_report_plan_tags(i.map("ReportPlanTags"))
                    .set_idempotency_token(token);
                i.done()?;
                let o = req.send().await.map_err(error)?;
                json!({"ReportPlanName": o.report_plan_name(), "ReportPlanArn": o.report_plan_arn()})
            } else {
                let req = c
                    .update_report_plan()
                    .set_report_plan_name(name)
                    .set_report_plan_description(description)
                    .set_report_delivery_channel(channel)
                    .set_report_setting(setting)
                    .set_idempotency_token(token);
                i.done()?;
                let o = req.send().await.map_err(error)?;
                json!({"ReportPlanName": o.report_plan_name(), "ReportPlanArn": o.report_plan_arn()})
            }
        }
        "ListReportPlans" => {
            let req = c.list_report_plans().set_next_token(i.s("NextToken"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            let items: Vec<Json> = o.report_plans().iter().map(report_plan_json).collect();
            json!({"ReportPlans": items, "NextToken": o.next_token()})
        }
        "DescribeReportPlan" => {
            let req = c
                .describe_report_plan()
                .set_report_plan_name(i.s("ReportPlanName"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({"ReportPlan": o.report_plan().map(report_plan_json)})
        }
        "DeleteReportPlan" => {
            let req = c
                .delete_report_plan()
                .set_report_plan_name(i.s("ReportPlanName"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "CreateRestoreTestingPlan" => {
            let plan = i
                .obj("RestoreTestingPlan")
                .map(|p| {
                    let x = t::RestoreTestingPlanForCreate::builder()
                        .set_restore_testing_plan_name(p.s("RestoreTestingPlanName"))
                        .set_schedule_expression(p.s("ScheduleExpression"))
                        .set_schedule_expression_timezone(p.s("ScheduleExpressionTimezone"))
                        .set_start_window_hours(p.i32("StartWindowHours"))
                        .set_recovery_point_selection(
                            p.obj("RecoveryPointSelection")
                                .map(recovery_point_selection)
                                .transpose()?,
                        )
                        .build()
                        .map_err(build_error)?;
                    p.done()?;
                    Ok::<_, ApiError>(x)
                })
                .transpose()?;
            let req = c
                .create_restore_testing_plan()
                .set_restore_testing_plan(plan)
                .set_tags(i.map("Tags"))
                .set_creator_request_id(i.s("CreatorRequestId"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({"RestoreTestingPlanName": o.restore_testing_plan_name(), "RestoreTestingPlanArn": o.restore_testing_plan_arn()})
        }
        "UpdateRestoreTestingPlan" => {
            let plan = i
                .obj("RestoreTestingPlan")
                .map(|p| {
                    let x = t::RestoreTestingPlanForUpdate::builder()
                        .set_schedule_expression(p.s("ScheduleExpression"))
                        .set_schedule_expression_timezone(p.s("ScheduleExpressionTimezone"))
                        .set_start_window_hours(p.i32("StartWindowHours"))
                        .set_recovery_point_selection(
                            p.obj("RecoveryPointSelection")
                                .map(recovery_point_selection)
                                .transpose()?,
                        )
                        .build();
                    p.done()?;
                    Ok::<_, ApiError>(x)
                })
                .transpose()?;
            let req = c
                .update_restore_testing_plan()
                .set_restore_testing_plan_name(i.s("RestoreTestingPlanName"))
                .set_restore_testing_plan(plan);
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "ListRestoreTestingPlans" => {
            let req = c
                .list_restore_testing_plans()
                .set_next_token(i.s("NextToken"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            let items: Vec<Json> = o
                .restore_testing_plans()
                .iter()
                .map(|p| json!({"RestoreTestingPlanName": p.restore_testing_plan_name(), "RestoreTestingPlanArn": p.restore_testing_plan_arn()}))
                .collect();
            json!({"RestoreTestingPlans": items, "NextToken": o.next_token()})
        }
        "GetRestoreTestingPlan" => {
            let req = c
                .get_restore_testing_plan()
                .set_restore_testing_plan_name(i.s("RestoreTestingPlanName"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            let plan = o.restore_testing_plan().map(|p| {
                json!({
                    "RestoreTestingPlanName": p.restore_testing_plan_name(),
                    "RestoreTestingPlanArn": p.restore_testing_plan_arn(),
                    "ScheduleExpression": p.schedule_expression(),
                    "ScheduleExpressionTimezone": p.schedule_expression_timezone(),
                    "StartWindowHours": p.start_window_hours(),
                    "RecoveryPointSelection": p.recovery_point_selection().map(recovery_point_selection_json),
                })
            });
            json!({"RestoreTestingPlan": plan})
        }
        "DeleteRestoreTestingPlan" => {
            let req = c
                .delete_restore_testing_plan()
                .set_restore_testing_plan_name(i.s("RestoreTestingPlanName"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "CreateRestoreTestingSelection" => {
            let selection = i
                .obj("RestoreTestingSelection")
                .map(|s| {
                    let x = t::RestoreTestingSelectionForCreate::builder()
                        .set_restore_testing_selection_name(s.s("RestoreTestingSelectionName"))
                        .set_protected_resource_type(s.s("ProtectedResourceType"))
                        .set_iam_role_arn(s.s("IamRoleArn"))
                        .set_protected_resource_arns(s.strings("ProtectedResourceArns"))
                        .set_protected_resource_conditions(
                            s.obj("ProtectedResourceConditions")
                                .map(protected_conditions)
                                .transpose()?,
                        )
                        .set_validation_window_hours(s.i32("ValidationWindowHours"))
                        .set_restore_metadata_overrides(s.map("RestoreMetadataOverrides"))
                        .build()
                        .map_err(build_error)?;
                    s.done()?;
                    Ok::<_, ApiError>(x)
                })
                .transpose()?;
            let req = c
                .create_restore_testing_selection()
                .set_restore_testing_plan_name(i.s("RestoreTestingPlanName"))
                .set_restore_testing_selection(selection)
                .set_creator_request_id(i.s("CreatorRequestId"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            json!({"RestoreTestingSelectionName": o.restore_testing_selection_name()})
        }
        "UpdateRestoreTestingSelection" => {
            let selection = i
                .obj("RestoreTestingSelection")
                .map(|s| {
                    let x = t::RestoreTestingSelectionForUpdate::builder()
                        .set_iam_role_arn(s.s("IamRoleArn"))
                        .set_protected_resource_arns(s.strings("ProtectedResourceArns"))
                        .set_protected_resource_conditions(
                            s.obj("ProtectedResourceConditions")
                                .map(protected_conditions)
                                .transpose()?,
                        )
                        .set_validation_window_hours(s.i32("ValidationWindowHours"))
                        .set_restore_metadata_overrides(s.map("RestoreMetadataOverrides"))
                        .build();
                    s.done()?;
                    Ok::<_, ApiError>(x)
                })
                .transpose()?;
            let req = c
                .update_restore_testing_selection()
                .set_restore_testing_plan_name(i.s("RestoreTestingPlanName"))
                .set_restore_testing_selection_name(i.s("RestoreTestingSelectionName"))
                .set_restore_testing_selection(selection);
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        "ListRestoreTestingSelections" => {
            let req = c
                .list_restore_testing_selections()
                .set_restore_testing_plan_name(i.s("RestoreTestingPlanName"))
                .set_next_token(i.s("NextToken"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            let items: Vec<Json> = o
                .restore_testing_selections()
                .iter()
                .map(|s| json!({"RestoreTestingSelectionName": s.restore_testing_selection_name(), "RestoreTestingPlanName": s.restore_testing_plan_name()}))
                .collect();
            json!({"RestoreTestingSelections": items, "NextToken": o.next_token()})
        }
        "GetRestoreTestingSelection" => {
            let req = c
                .get_restore_testing_selection()
                .set_restore_testing_plan_name(i.s("RestoreTestingPlanName"))
                .set_restore_testing_selection_name(i.s("RestoreTestingSelectionName"));
            i.done()?;
            let o = req.send().await.map_err(error)?;
            let selection = o.restore_testing_selection().map(|s| {
                json!({
                    "RestoreTestingSelectionName": s.restore_testing_selection_name(),
                    "RestoreTestingPlanName": s.restore_testing_plan_name(),
                    "ProtectedResourceType": s.protected_resource_type(),
                    "IamRoleArn": s.iam_role_arn(),
                    "ProtectedResourceArns": s.protected_resource_arns(),
                    "ProtectedResourceConditions": s.protected_resource_conditions().map(|c| json!({
                        "StringEquals": c.string_equals().iter().map(|kv| json!({"Key": kv.key(), "Value": kv.value()})).collect::<Vec<_>>(),
                        "StringNotEquals": c.string_not_equals().iter().map(|kv| json!({"Key": kv.key(), "Value": kv.value()})).collect::<Vec<_>>(),
                    })),
                    "ValidationWindowHours": s.validation_window_hours(),
                    "RestoreMetadataOverrides": s.restore_metadata_overrides(),
                })
            });
            json!({"RestoreTestingSelection": selection})
        }
        "DeleteRestoreTestingSelection" => {
            let req = c
                .delete_restore_testing_selection()
                .set_restore_testing_plan_name(i.s("RestoreTestingPlanName"))
                .set_restore_testing_selection_name(i.s("RestoreTestingSelectionName"));
            i.done()?;
            req.send().await.map_err(error)?;
            json!({})
        }
        other => {
            return Err(ApiError::new(
                "UnknownOperation",
                format!("apply does not call {other}"),
            ))
        }
    };
    Ok(strip_nulls(out))
}

/// Responses without the members AWS left out.
fn strip_nulls(v: Json) -> Json {
    match v {
        Json::Object(o) => Json::Object(
            o.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect::<Map<String, Json>>(),
        ),
        Json::Array(items) => Json::Array(items.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

fn lifecycle_json(l: &t::Lifecycle) -> Json {
    json!({
        "MoveToColdStorageAfterDays": l.move_to_cold_storage_after_days(),
        "DeleteAfterDays": l.delete_after_days(),
        "OptInToArchiveForSupportedResources": l.opt_in_to_archive_for_supported_resources(),
    })
}

fn plan_json(p: &t::BackupPlan) -> Json {
    let rules: Vec<Json> = p
        .rules()
        .iter()
        .map(|r| {
            json!({
                "RuleName": r.rule_name(),
                "TargetBackupVaultName": r.target_backup_vault_name(),
                "TargetLogicallyAirGappedBackupVaultArn": r.target_logically_air_gapped_backup_vault_arn(),
                "ScheduleExpression": r.schedule_expression(),
                "ScheduleExpressionTimezone": r.schedule_expression_timezone(),
                "StartWindowMinutes": r.start_window_minutes(),
                "CompletionWindowMinutes": r.completion_window_minutes(),
                "Lifecycle": r.lifecycle().map(lifecycle_json),
                "RecoveryPointTags": r.recovery_point_tags(),
                "EnableContinuousBackup": r.enable_continuous_backup(),
                "CopyActions": r.copy_actions().iter().map(|c| json!({
                    "DestinationBackupVaultArn": c.destination_backup_vault_arn(),
                    "Lifecycle": c.lifecycle().map(lifecycle_json),
                })).collect::<Vec<_>>(),
                "IndexActions": r.index_actions().iter().map(|a| json!({
                    "ResourceTypes": a.resource_types(),
                })).collect::<Vec<_>>(),
                "ScanActions": r.scan_actions().iter().map(|a| json!({
                    "MalwareScanner": a.malware_scanner().map(|m| m.as_str()),
                    "ScanMode": a.scan_mode().map(|m| m.as_str()),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let settings: Vec<Json> = p
        .advanced_backup_settings()
        .iter()
        .map(|s| json!({"ResourceType": s.resource_type(), "BackupOptions": s.backup_options()}))
        .collect();
    json!({"BackupPlanName": p.backup_plan_name(), "Rules": rules, "AdvancedBackupSettings": settings})
}

fn selection_json(s: &t::BackupSelection) -> Json {
    let params = |items: &[t::ConditionParameter]| -> Vec<Json> {
        items
            .iter()
            .map(|c| json!({"ConditionKey": c.condition_key(), "ConditionValue": c.condition_value()}))
            .collect()
    };
    json!({
        "SelectionName": s.selection_name(),
        "IamRoleArn": s.iam_role_arn(),
        "Resources": s.resources(),
        "NotResources": s.not_resources(),
        "ListOfTags": s.list_of_tags().iter().map(|c| json!({
            "ConditionType": c.condition_type().as_str(),
            "ConditionKey": c.condition_key(),
            "ConditionValue": c.condition_value(),
        })).collect::<Vec<_>>(),
        "Conditions": s.conditions().map(|c| json!({
            "StringEquals": params(c.string_equals()),
            "StringNotEquals": params(c.string_not_equals()),
            "StringLike": params(c.string_like()),
            "StringNotLike": params(c.string_not_like()),
        })),
    })
}

fn control_json(c: &t::FrameworkControl) -> Json {
    json!({
        "ControlName": c.control_name(),
        "ControlInputParameters": c.control_input_parameters().iter().map(|p| json!({
            "ParameterName": p.parameter_name(),
            "ParameterValue": p.parameter_value(),
        })).collect::<Vec<_>>(),
        "ControlScope": c.control_scope().map(|s| json!({
            "ComplianceResourceIds": s.compliance_resource_ids(),
            "ComplianceResourceTypes": s.compliance_resource_types(),
            "Tags": s.tags(),
        })),
    })
}

fn report_plan_json(p: &t::ReportPlan) -> Json {
    json!({
        "ReportPlanName": p.report_plan_name(),
        "ReportPlanArn": p.report_plan_arn(),
        "ReportPlanDescription": p.report_plan_description(),
        "ReportDeliveryChannel": p.report_delivery_channel().map(|c| json!({
            "S3BucketName": c.s3_bucket_name(),
            "S3KeyPrefix": c.s3_key_prefix(),
            "Formats": c.formats(),
        })),
        "ReportSetting": p.report_setting().map(|s| json!({
            "ReportTemplate": s.report_template(),
            "FrameworkArns": s.framework_arns(),
            "Accounts": s.accounts(),
            "OrganizationUnits": s.organization_units(),
            "Regions": s.regions(),
        })),
    })
}

fn recovery_point_selection_json(s: &t::RestoreTestingRecoveryPointSelection) -> Json {
    json!({
        "Algorithm": s.algorithm().map(|a| a.as_str()),
        "RecoveryPointTypes": s.recovery_point_types().iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        "IncludeVaults": s.include_vaults(),
        "ExcludeVaults": s.exclude_vaults(),
        "SelectionWindowDays": s.selection_window_days(),
    })
}
