//! The calls the local emulator lacks (selections, UpdateBackupPlan, frameworks, logically
//! air-gapped vaults, restore testing, vault notifications and access policies), tested with the
//! SDK's own mocks (`aws-smithy-mocks`): the requests apply derives from the applied stack reach
//! the SDK with the right members, and AWS's documented responses and errors come back as apply
//! reads them.

use aws_sdk_backup::config::retry::RetryConfig;
use aws_sdk_backup::operation::create_backup_selection::{
    CreateBackupSelectionError, CreateBackupSelectionOutput,
};
use aws_sdk_backup::operation::create_framework::CreateFrameworkOutput;
use aws_sdk_backup::operation::create_logically_air_gapped_backup_vault::CreateLogicallyAirGappedBackupVaultOutput;
use aws_sdk_backup::operation::create_restore_testing_plan::CreateRestoreTestingPlanOutput;
use aws_sdk_backup::operation::create_restore_testing_selection::CreateRestoreTestingSelectionOutput;
use aws_sdk_backup::operation::delete_backup_vault::DeleteBackupVaultError;
use aws_sdk_backup::operation::describe_backup_vault::DescribeBackupVaultOutput;
use aws_sdk_backup::operation::get_backup_plan::GetBackupPlanOutput;
use aws_sdk_backup::operation::get_backup_selection::GetBackupSelectionOutput;
use aws_sdk_backup::operation::get_backup_vault_access_policy::GetBackupVaultAccessPolicyError;
use aws_sdk_backup::operation::get_backup_vault_notifications::GetBackupVaultNotificationsError;
use aws_sdk_backup::operation::list_backup_plans::ListBackupPlansOutput;
use aws_sdk_backup::operation::list_backup_selections::ListBackupSelectionsOutput;
use aws_sdk_backup::operation::list_backup_vaults::ListBackupVaultsOutput;
use aws_sdk_backup::operation::list_frameworks::ListFrameworksOutput;
use aws_sdk_backup::operation::list_report_plans::ListReportPlansOutput;
use aws_sdk_backup::operation::list_restore_testing_plans::ListRestoreTestingPlansOutput;
use aws_sdk_backup::operation::list_tags::ListTagsOutput;
use aws_sdk_backup::operation::put_backup_vault_access_policy::PutBackupVaultAccessPolicyOutput;
use aws_sdk_backup::operation::put_backup_vault_notifications::PutBackupVaultNotificationsOutput;
use aws_sdk_backup::operation::tag_resource::TagResourceOutput;
use aws_sdk_backup::operation::update_backup_plan::UpdateBackupPlanOutput;
use aws_sdk_backup::operation::update_framework::UpdateFrameworkOutput;
use aws_sdk_backup::operation::update_restore_testing_selection::UpdateRestoreTestingSelectionOutput;
use aws_sdk_backup::types::error::{
    AlreadyExistsException, InvalidRequestException, ResourceNotFoundException,
};
use aws_sdk_backup::types::{self as t, BackupVaultEvent, ConditionType};
use aws_sdk_backup::Client;
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};
use backup_dsl::apply::desired::{self, derivable, Attrs, Known};
use backup_dsl::apply::engine::{self, Options};
use backup_dsl::apply::plan::{render_text, Action, Mode};
use backup_dsl::apply::sdk::SdkApi;
use backup_dsl::apply::Api;
use backup_dsl::{CheckedStack, Stack};
use serde_json::{json, Value as Json};
use std::collections::HashMap;

const REGION: &str = "eu-west-1";

/// The error metadata AWS's responses carry (the code apply reads).
fn aws_meta(code: &str, message: &str) -> aws_sdk_backup::error::ErrorMetadata {
    aws_sdk_backup::error::ErrorMetadata::builder()
        .code(code)
        .message(message)
        .build()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn api(rules: &[&Rule]) -> SdkApi {
    let client: Client = mock_client!(aws_sdk_backup, RuleMode::MatchAny, rules);
    SdkApi::with_client(runtime(), client)
}

fn applied() -> CheckedStack {
    let mut stack = backup_dsl_tests::applied::APPLIED.instantiate(&[]).unwrap();
    stack.name = "applied".into();
    stack.build().unwrap_or_else(|r| panic!("{r}"))
}

/// Everything apply would know once the stack's dependencies exist.
fn known(stack: &Stack) -> Known {
    let mut known = Known::new("111122223333");
    for r in &stack.resources {
        let mut attrs = derivable(stack, r, "111122223333").unwrap_or_default();
        attrs.id = Some(format!("{}-id", r.id));
        attrs.arn = attrs.arn.or(Some(format!(
            "arn:aws:backup:eu-west-1:111122223333:framework:{}-1",
            r.id
        )));
        known.learn(&r.id, attrs);
    }
    known.learn(
        "key",
        Attrs {
            arn: Some("arn:aws:kms:eu-west-1:111122223333:key/k-1".into()),
            ..Attrs::default()
        },
    );
    known
}

/// The members apply sends for one call of one resource of the applied stack.
fn request(id: &str, operation: &str) -> Json {
    let checked = applied();
    let stack = checked.stack();
    let d = desired::desired(stack, stack.get(id).unwrap(), &known(stack));
    assert!(d.unknown.is_empty());
    d.calls
        .iter()
        .find(|c| c.operation == operation)
        .unwrap_or_else(|| panic!("{id} has no {operation}"))
        .members
        .clone()
}

#[test]
fn a_selection_reaches_the_sdk_with_its_plan_role_and_tag_conditions() {
    let rule = mock!(Client::create_backup_selection)
        .match_requests(|r| {
            let s = r.backup_selection().unwrap();
            r.backup_plan_id() == Some("plan-id")
                && s.selection_name() == "applied-tagged"
                && s.iam_role_arn() == "arn:aws:iam::111122223333:role/applied-backup"
                && s.list_of_tags().len() == 1
                && s.list_of_tags()[0].condition_type() == &ConditionType::Stringequals
                && s.list_of_tags()[0].condition_key() == "backup"
                && s.list_of_tags()[0].condition_value() == "true"
        })
        .then_output(|| {
            CreateBackupSelectionOutput::builder()
                .selection_id("sel-1")
                .backup_plan_id("plan-id")
                .build()
        });
    let api = api(&[&rule]);
    let out = api
        .call(
            REGION,
            "CreateBackupSelection",
            &request("selection", "CreateBackupSelection"),
        )
        .unwrap();
    assert_eq!(
        out,
        json!({"SelectionId": "sel-1", "BackupPlanId": "plan-id"})
    );
    assert_eq!(rule.num_calls(), 1);
}

#[test]
fn a_selection_that_exists_is_aws_already_exists_error() {
    let rule = mock!(Client::create_backup_selection).then_error(|| {
        CreateBackupSelectionError::AlreadyExistsException(
            AlreadyExistsException::builder()
                .meta(aws_meta(
                    "AlreadyExistsException",
                    "Backup selection with the same name already exists",
                ))
                .build(),
        )
    });
    let err = api(&[&rule])
        .call(
            REGION,
            "CreateBackupSelection",
            &request("selection", "CreateBackupSelection"),
        )
        .unwrap_err();
    assert_eq!(err.code, "AlreadyExistsException");
    assert!(err.message.contains("same name"));
}

#[test]
fn an_air_gapped_vault_and_its_retention_reach_the_sdk() {
    let rule = mock!(Client::create_logically_air_gapped_backup_vault)
        .match_requests(|r| {
            r.backup_vault_name() == Some("ag")
                && r.min_retention_days() == Some(7)
                && r.max_retention_days() == Some(3650)
                && r.backup_vault_tags()
                    .unwrap()
                    .get("backup-dsl:id")
                    .map(String::as_str)
                    == Some("air_gapped")
        })
        .then_output(|| {
            CreateLogicallyAirGappedBackupVaultOutput::builder()
                .backup_vault_name("ag")
                .backup_vault_arn("arn:aws:backup:eu-west-1:111122223333:backup-vault:ag")
                .build()
        });
    let members = json!({"BackupVaultName": "ag", "MinRetentionDays": 7, "MaxRetentionDays": 3650, "BackupVaultTags": {"backup-dsl:stack": "s", "backup-dsl:id": "air_gapped"}});
    let out = api(&[&rule])
        .call(REGION, "CreateLogicallyAirGappedBackupVault", &members)
        .unwrap();
    assert_eq!(
        out["BackupVaultArn"],
        json!("arn:aws:backup:eu-west-1:111122223333:backup-vault:ag")
    );
    // The every-field stack's air-gapped vault: the request apply derives.
    let every = backup_dsl_tests::every_field::EVERY_FIELD
        .instantiate(&[])
        .unwrap()
        .build()
        .unwrap();
    let stack = every.stack();
    let d = desired::desired(stack, stack.get("air_gapped").unwrap(), &known(stack));
    assert_eq!(d.create().operation, "CreateLogicallyAirGappedBackupVault");
    assert_eq!(
        (
            d.create().members["MinRetentionDays"].clone(),
            d.create().members["MaxRetentionDays"].clone()
        ),
        (json!(7), json!(3650))
    );
}

#[test]
fn notifications_and_the_access_policy_reach_the_sdk() {
    let notifications = mock!(Client::put_backup_vault_notifications)
        .match_requests(|r| {
            r.backup_vault_name() == Some("applied-primary")
                && r.sns_topic_arn() == Some("arn:aws:sns:eu-west-1:111122223333:applied-events")
                && r.backup_vault_events()
                    == [
                        BackupVaultEvent::BackupJobCompleted,
                        BackupVaultEvent::CopyJobFailed,
                    ]
        })
        .then_output(|| PutBackupVaultNotificationsOutput::builder().build());
    let policy = mock!(Client::put_backup_vault_access_policy)
        .match_requests(|r| {
            let doc: Json = serde_json::from_str(r.policy().unwrap()).unwrap();
            doc["Statement"][0]["Effect"] == "Deny"
                && doc["Statement"][0]["Action"] == json!(["backup:DeleteRecoveryPoint"])
        })
        .then_output(|| PutBackupVaultAccessPolicyOutput::builder().build());
    let api = api(&[&notifications, &policy]);
    api.call(
        REGION,
        "PutBackupVaultNotifications",
        &request("vault", "PutBackupVaultNotifications"),
    )
    .unwrap();
    api.call(
        REGION,
        "PutBackupVaultAccessPolicy",
        &request("vault", "PutBackupVaultAccessPolicy"),
    )
    .unwrap();
    assert_eq!((notifications.num_calls(), policy.num_calls()), (1, 1));
}

#[test]
fn absent_notifications_are_not_found_and_a_vault_with_recovery_points_says_why() {
    let missing = mock!(Client::get_backup_vault_notifications).then_error(|| {
        GetBackupVaultNotificationsError::ResourceNotFoundException(
            ResourceNotFoundException::builder()
                .meta(aws_meta("ResourceNotFoundException", "no notifications"))
                .build(),
        )
    });
    let full = mock!(Client::delete_backup_vault).then_error(|| {
        DeleteBackupVaultError::InvalidRequestException(
            InvalidRequestException::builder()
                .meta(aws_meta(
                    "InvalidRequestException",
                    "Backup vault cannot be deleted because it contains recovery points",
                ))
                .build(),
        )
    });
    let api = api(&[&missing, &full]);
    let err = api
        .call(
            REGION,
            "GetBackupVaultNotifications",
            &json!({"BackupVaultName": "v"}),
        )
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    let err = api
        .call(
            REGION,
            "DeleteBackupVault",
            &json!({"BackupVaultName": "v"}),
        )
        .unwrap_err();
    assert_eq!(err.code, "InvalidRequestException");
    assert!(err.message.contains("recovery points"));
}

#[test]
fn a_framework_with_parameters_and_scope_reaches_the_sdk() {
    let create = mock!(Client::create_framework)
        .match_requests(|r| {
            let c = r.framework_controls();
            r.framework_name() == Some("applied_controls")
                && c.len() == 2
                && c[1].control_name() == "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK"
                && c[1].control_input_parameters()[0].parameter_name()
                    == Some("requiredRetentionDays")
                && c[1].control_input_parameters()[0].parameter_value() == Some("35")
                && r.idempotency_token().is_some()
        })
        .then_output(|| {
            CreateFrameworkOutput::builder()
                .framework_name("applied_controls")
                .framework_arn("arn:aws:backup:eu-west-1:111122223333:framework:applied_controls-1")
                .build()
        });
    let update = mock!(Client::update_framework)
        .match_requests(|r| {
            r.framework_name() == Some("applied_controls") && r.framework_controls().len() == 2
        })
        .then_output(|| {
            UpdateFrameworkOutput::builder()
                .framework_name("applied_controls")
                .build()
        });
    let frameworks = api(&[&create, &update]);
    let mut members = request("framework", "CreateFramework");
    members["IdempotencyToken"] = json!("token-1");
    let out = frameworks
        .call(REGION, "CreateFramework", &members)
        .unwrap();
    assert_eq!(
        out["FrameworkArn"],
        json!("arn:aws:backup:eu-west-1:111122223333:framework:applied_controls-1")
    );
    let update_members = json!({"FrameworkName": "applied_controls", "FrameworkControls": members["FrameworkControls"]});
    frameworks
        .call(REGION, "UpdateFramework", &update_members)
        .unwrap();
    // A control scope's tags are a map in the API (CloudFormation's are a list).
    let every = backup_dsl_tests::every_field::EVERY_FIELD
        .instantiate(&[])
        .unwrap()
        .build()
        .unwrap();
    let stack = every.stack();
    let d = desired::desired(stack, stack.get("framework").unwrap(), &known(stack));
    assert_eq!(
        d.create().members["FrameworkControls"][1]["ControlScope"]["Tags"],
        json!({"backup": "true"})
    );
    let scoped = mock!(Client::create_framework)
        .match_requests(|r| {
            r.framework_controls()[1]
                .control_scope()
                .unwrap()
                .tags()
                .unwrap()
                .get("backup")
                .map(String::as_str)
                == Some("true")
        })
        .then_output(|| {
            CreateFrameworkOutput::builder()
                .framework_name("every_field")
                .build()
        });
    api(&[&scoped])
        .call(REGION, "CreateFramework", &d.create().members)
        .unwrap();
    assert_eq!(scoped.num_calls(), 1);
}

#[test]
fn restore_testing_plan_and_selection_reach_the_sdk() {
    let plan = mock!(Client::create_restore_testing_plan)
        .match_requests(|r| {
            let p = r.restore_testing_plan().unwrap();
            let s = p.recovery_point_selection().unwrap();
            p.restore_testing_plan_name() == "applied_restores"
                && p.schedule_expression() == "cron(0 5 ? * SAT *)"
                && p.schedule_expression_timezone() == Some("Etc/UTC")
                && s.algorithm()
                    == Some(&t::RestoreTestingRecoveryPointSelectionAlgorithm::LatestWithinWindow)
                && s.include_vaults()
                    == ["arn:aws:backup:eu-west-1:111122223333:backup-vault:applied-primary"]
                && r.tags().unwrap().get("backup-dsl:id").map(String::as_str) == Some("restores")
        })
        .then_output(|| {
            CreateRestoreTestingPlanOutput::builder()
                .restore_testing_plan_name("applied_restores")
                .restore_testing_plan_arn(
                    "arn:aws:backup:eu-west-1:111122223333:restore-testing-plan:applied_restores",
                )
                .creation_time(aws_sdk_backup::primitives::DateTime::from_secs(0))
                .build()
                .unwrap()
        });
    let selection = mock!(Client::create_restore_testing_selection)
        .match_requests(|r| {
            let s = r.restore_testing_selection().unwrap();
            r.restore_testing_plan_name() == Some("applied_restores")
                && s.restore_testing_selection_name() == "applied_tables"
                && s.protected_resource_type() == "DynamoDB"
                && s.protected_resource_arns() == ["*"]
        })
        .then_output(|| {
            CreateRestoreTestingSelectionOutput::builder()
                .restore_testing_selection_name("applied_tables")
                .restore_testing_plan_name("applied_restores")
                .restore_testing_plan_arn(
                    "arn:aws:backup:eu-west-1:111122223333:restore-testing-plan:applied_restores",
                )
                .creation_time(aws_sdk_backup::primitives::DateTime::from_secs(0))
                .build()
                .unwrap()
        });
    let update = mock!(Client::update_restore_testing_selection)
        .match_requests(|r| {
            r.restore_testing_selection()
                .unwrap()
                .validation_window_hours()
                == 4
        })
        .then_output(|| {
            UpdateRestoreTestingSelectionOutput::builder()
                .restore_testing_plan_name("applied_restores")
                .restore_testing_selection_name("applied_tables")
                .restore_testing_plan_arn("arn")
                .creation_time(aws_sdk_backup::primitives::DateTime::from_secs(0))
                .update_time(aws_sdk_backup::primitives::DateTime::from_secs(0))
                .build()
                .unwrap()
        });
    let api = api(&[&plan, &selection, &update]);
    api.call(
        REGION,
        "CreateRestoreTestingPlan",
        &request("restores", "CreateRestoreTestingPlan"),
    )
    .unwrap();
    api.call(
        REGION,
        "CreateRestoreTestingSelection",
        &request("tables", "CreateRestoreTestingSelection"),
    )
    .unwrap();
    api.call(
        REGION,
        "UpdateRestoreTestingSelection",
        &json!({"RestoreTestingPlanName": "applied_restores", "RestoreTestingSelectionName": "applied_tables", "RestoreTestingSelection": {"ValidationWindowHours": 4}}),
    )
    .unwrap();
    assert_eq!(
        (plan.num_calls(), selection.num_calls(), update.num_calls()),
        (1, 1, 1)
    );
}

#[test]
fn a_member_the_api_does_not_take_is_refused_before_any_request() {
    let rule = mock!(Client::create_backup_selection)
        .then_output(|| CreateBackupSelectionOutput::builder().build());
    let api = api(&[&rule]);
    let mut members = request("selection", "CreateBackupSelection");
    members["BackupSelection"]["SelectionNmae"] = json!("typo");
    let err = api
        .call(REGION, "CreateBackupSelection", &members)
        .unwrap_err();
    assert_eq!(err.code, "UnmappedMember");
    assert!(err.message.contains("SelectionNmae"), "{err}");
    assert_eq!(rule.num_calls(), 0, "nothing sent");
}

#[test]
fn throttling_and_unavailability_are_retried_by_the_sdk() {
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    let throttled = || {
        let mut response = aws_smithy_runtime_api::http::Response::new(
            StatusCode::try_from(400).unwrap(),
            SdkBody::from(r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#),
        );
        response
            .headers_mut()
            .insert("x-amzn-ErrorType", "ThrottlingException");
        response
    };
    let flaky = mock!(Client::list_backup_vaults)
        .sequence()
        .http_status(503, None)
        .http_response(throttled)
        .output(|| ListBackupVaultsOutput::builder().build())
        .build();
    let client: Client = mock_client!(aws_sdk_backup, RuleMode::Sequential, &[&flaky], |c| c
        .retry_config(RetryConfig::standard().with_max_attempts(3)));
    let api = SdkApi::with_client(runtime(), client);
    let out = api.call(REGION, "ListBackupVaults", &json!({})).unwrap();
    assert_eq!(out["BackupVaultList"], json!([]));
    assert_eq!(
        flaky.num_calls(),
        3,
        "a 503, a throttling error, then the answer"
    );
}

/// A whole run against mocks: the plan exists with another schedule, so apply updates it in
/// place with UpdateBackupPlan (which the emulator lacks), then verifies.
#[test]
fn a_changed_rule_is_an_update_backup_plan_of_the_whole_plan() {
    let stack = backup_dsl_tests::applied::MOCKED
        .instantiate(&[])
        .unwrap()
        .build()
        .unwrap();
    let vault_arn = "arn:aws:backup:eu-west-1:111122223333:backup-vault:mocked-vault";
    let plan_arn = "arn:aws:backup:eu-west-1:111122223333:backup-plan:p-1";
    let tags = |id: &str| {
        HashMap::from([
            ("backup-dsl:stack".to_string(), "mocked".to_string()),
            ("backup-dsl:id".to_string(), id.to_string()),
        ])
    };
    let vault_tags = tags("vault");
    let plan_tags = tags("plan");
    let rule = |schedule: &str| {
        t::BackupRule::builder()
            .rule_name("daily")
            .target_backup_vault_name("mocked-vault")
            .schedule_expression(schedule)
            .schedule_expression_timezone("Etc/UTC")
            .start_window_minutes(480)
            .completion_window_minutes(10080)
            .lifecycle(t::Lifecycle::builder().delete_after_days(35).build())
            .build()
            .unwrap()
    };
    let plan = |schedule: &str| {
        t::BackupPlan::builder()
            .backup_plan_name("mocked-daily")
            .rules(rule(schedule))
            .build()
            .unwrap()
    };
    let (old, new) = (plan("cron(0 1 * * ? *)"), plan("cron(0 3 * * ? *)"));
    let rules = [
        mock!(Client::list_backup_vaults).then_output(move || {
            ListBackupVaultsOutput::builder()
                .backup_vault_list(
                    t::BackupVaultListMember::builder()
                        .backup_vault_name("mocked-vault")
                        .backup_vault_arn(vault_arn)
                        .vault_type(t::VaultType::BackupVault)
                        .build(),
                )
                .build()
        }),
        mock!(Client::list_tags)
            .match_requests(move |r| r.resource_arn() == Some(vault_arn))
            .then_output(move || {
                ListTagsOutput::builder()
                    .set_tags(Some(vault_tags.clone()))
                    .build()
            }),
        mock!(Client::list_tags)
            .match_requests(move |r| r.resource_arn() == Some(plan_arn))
            .then_output(move || {
                ListTagsOutput::builder()
                    .set_tags(Some(plan_tags.clone()))
                    .build()
            }),
        mock!(Client::describe_backup_vault).then_output(move || {
            DescribeBackupVaultOutput::builder()
                .backup_vault_name("mocked-vault")
                .backup_vault_arn(vault_arn)
                .build()
        }),
        mock!(Client::get_backup_vault_notifications).then_error(|| {
            GetBackupVaultNotificationsError::ResourceNotFoundException(
                ResourceNotFoundException::builder()
                    .meta(aws_meta("ResourceNotFoundException", "not found"))
                    .build(),
            )
        }),
        mock!(Client::get_backup_vault_access_policy).then_error(|| {
            GetBackupVaultAccessPolicyError::ResourceNotFoundException(
                ResourceNotFoundException::builder()
                    .meta(aws_meta("ResourceNotFoundException", "not found"))
                    .build(),
            )
        }),
        mock!(Client::list_backup_plans).then_output(move || {
            ListBackupPlansOutput::builder()
                .backup_plans_list(
                    t::BackupPlansListMember::builder()
                        .backup_plan_id("p-1")
                        .backup_plan_arn(plan_arn)
                        .backup_plan_name("mocked-daily")
                        .build(),
                )
                .build()
        }),
        // The plan before the update, then after it (the verification's read).
        mock!(Client::get_backup_plan)
            .sequence()
            .output(move || {
                GetBackupPlanOutput::builder()
                    .backup_plan_id("p-1")
                    .backup_plan_arn(plan_arn)
                    .backup_plan(old.clone())
                    .build()
            })
            .times(2)
            .output(move || {
                GetBackupPlanOutput::builder()
                    .backup_plan_id("p-1")
                    .backup_plan_arn(plan_arn)
                    .backup_plan(new.clone())
                    .build()
            })
            .repeatedly()
            .build(),
        mock!(Client::list_backup_selections)
            .then_output(|| ListBackupSelectionsOutput::builder().build()),
        mock!(Client::get_backup_selection)
            .then_output(|| GetBackupSelectionOutput::builder().build()),
        mock!(Client::list_frameworks).then_output(|| ListFrameworksOutput::builder().build()),
        mock!(Client::list_report_plans).then_output(|| ListReportPlansOutput::builder().build()),
        mock!(Client::list_restore_testing_plans).then_output(|| {
            ListRestoreTestingPlansOutput::builder()
                .set_restore_testing_plans(Some(Vec::new()))
                .build()
                .unwrap()
        }),
        mock!(Client::update_backup_plan)
            .match_requests(|r| {
                let p = r.backup_plan().unwrap();
                r.backup_plan_id() == Some("p-1")
                    && p.backup_plan_name() == "mocked-daily"
                    && p.rules().len() == 1
                    && p.rules()[0].schedule_expression() == Some("cron(0 3 * * ? *)")
                    && p.rules()[0].lifecycle().and_then(|l| l.delete_after_days()) == Some(35)
            })
            .then_output(|| {
                UpdateBackupPlanOutput::builder()
                    .backup_plan_id("p-1")
                    .build()
            }),
        mock!(Client::tag_resource)
            .match_requests(move |r| {
                r.resource_arn() == Some(plan_arn)
                    && r.tags()
                        .is_some_and(|t| t.contains_key("backup-dsl:digest"))
            })
            .then_output(|| TagResourceOutput::builder().build()),
    ];
    let refs: Vec<&Rule> = rules.iter().collect();
    let api = api(&refs);
    let (_, plan) = engine::prepare(&api, stack.stack(), Mode::Apply, 0.0).unwrap();
    let change = plan.changes.iter().find(|c| c.id == "plan").unwrap();
    assert_eq!(change.action, Action::Update, "{}", render_text(&plan));
    assert!(render_text(&plan).contains("BackupPlan.Rules[0].ScheduleExpression: \"cron(0 1 * * ? *)\" -> \"cron(0 3 * * ? *)\""), "{}", render_text(&plan));
    let outcome = engine::run(
        &api,
        stack.stack(),
        Mode::Apply,
        Options::default(),
        0.0,
        &|_| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome.writes, 2, "UpdateBackupPlan and the digest tag");
    let (update_backup_plan, tag_resource) = (&rules[rules.len() - 2], &rules[rules.len() - 1]);
    assert_eq!(
        (update_backup_plan.num_calls(), tag_resource.num_calls()),
        (1, 1)
    );
}
