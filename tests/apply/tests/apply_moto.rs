//! Plan, apply and destroy through the real SDK client against a local AWS emulator (moto's
//! server, pinned in tests/requirements.txt, started here on 127.0.0.1 and stopped after):
//! the wire protocol, each field's round trip through the API, a re-apply without a write,
//! drift, removal, destroy, an interruption at every write, and the `synth` commands.
//! The calls moto lacks are tested with the SDK's mocks in `apply_mocks.rs`.

use aws_config::{BehaviorVersion, Region};
use aws_sdk_backup::config::Credentials;
use backup_dsl::apply::engine::{self, ApplyError, Options};
use backup_dsl::apply::plan::{render_text, Action, Mode};
use backup_dsl::apply::sdk::SdkApi;
use backup_dsl::apply::{Api, ApiError};
use backup_dsl::CheckedStack;
use backup_dsl_tests::moto::MotoServer;
use serde_json::{json, Value as Json};
use std::sync::atomic::{AtomicUsize, Ordering};

const REGION: &str = "eu-west-1";

/// moto's server on 127.0.0.1 (`backup_dsl_tests::moto`), with the SDK clients of these tests.
struct Moto(MotoServer);

impl std::ops::Deref for Moto {
    type Target = MotoServer;
    fn deref(&self) -> &MotoServer {
        &self.0
    }
}

impl Moto {
    fn start() -> Option<Moto> {
        MotoServer::start().map(Moto)
    }

    /// The SDK client, with static test credentials (the default chain would reach for the
    /// instance metadata address) and this server as its endpoint.
    fn api(&self) -> SdkApi {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let config = runtime.block_on(
            aws_config::defaults(BehaviorVersion::latest())
                .region(Region::new(REGION))
                .endpoint_url(self.url())
                .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
                .load(),
        );
        SdkApi::with_config(runtime, config)
    }

    /// A KMS key with the alias the stack finds it by.
    fn key(&self, alias: &str) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let config = aws_config::defaults(BehaviorVersion::latest())
                .region(Region::new(REGION))
                .endpoint_url(self.url())
                .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
                .load()
                .await;
            let kms = aws_sdk_kms::Client::new(&config);
            let key = kms
                .create_key()
                .description("vault key")
                .send()
                .await
                .unwrap();
            let meta = key.key_metadata().unwrap();
            kms.create_alias()
                .alias_name(alias)
                .target_key_id(meta.key_id())
                .send()
                .await
                .unwrap();
            meta.arn().unwrap().to_string()
        })
    }
}

fn emulated(params: &[(&str, &str)]) -> CheckedStack {
    let given: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut stack = backup_dsl_tests::applied::EMULATED
        .instantiate(&given)
        .unwrap();
    stack.name = "emulated".into();
    stack.build().unwrap_or_else(|r| panic!("{r}"))
}

fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

fn run(api: &dyn Api, stack: &CheckedStack, mode: Mode) -> Result<engine::Outcome, ApplyError> {
    engine::run(api, stack.stack(), mode, Options::default(), now(), &|_| {})
}

#[test]
fn apply_reapply_drift_removal_and_destroy_against_the_emulator() {
    let Some(moto) = Moto::start() else { return };
    let api = moto.api();
    let key_arn = moto.key("alias/emulated");
    let stack = emulated(&[]);

    let (_, plan) = engine::prepare(&api, stack.stack(), Mode::Apply, now()).unwrap();
    assert_eq!(plan.counts(), [4, 0, 0, 0, 0], "{}", render_text(&plan));

    // The first apply verifies by reading everything back: each field's round trip.
    let first = run(&api, &stack, Mode::Apply).unwrap_or_else(|e| panic!("{e}"));
    assert!(first.writes >= 5, "{}", first.writes);
    let vault = api
        .call(
            REGION,
            "DescribeBackupVault",
            &json!({"BackupVaultName": "emulated-primary"}),
        )
        .unwrap();
    assert_eq!(vault["EncryptionKeyArn"], json!(key_arn));
    assert_eq!(vault["Locked"], json!(true));
    assert_eq!(
        (
            vault["MinRetentionDays"].as_i64(),
            vault["MaxRetentionDays"].as_i64()
        ),
        (Some(7), Some(365))
    );
    let plans = api.call(REGION, "ListBackupPlans", &json!({})).unwrap();
    let plan_id = plans["BackupPlansList"][0]["BackupPlanId"]
        .as_str()
        .unwrap()
        .to_string();
    let got = api
        .call(REGION, "GetBackupPlan", &json!({"BackupPlanId": plan_id}))
        .unwrap();
    let daily = &got["BackupPlan"]["Rules"][0];
    assert_eq!(daily["ScheduleExpression"], json!("cron(0 3 * * ? *)"));
    assert_eq!(daily["ScheduleExpressionTimezone"], json!("Europe/Dublin"));
    assert_eq!(
        (
            daily["StartWindowMinutes"].as_i64(),
            daily["CompletionWindowMinutes"].as_i64()
        ),
        (Some(60), Some(720))
    );
    assert_eq!(daily["RecoveryPointTags"], json!({"schedule": "daily"}));
    assert_eq!(
        daily["CopyActions"][0]["DestinationBackupVaultArn"],
        json!("arn:aws:backup:eu-west-1:123456789012:backup-vault:emulated-archive")
    );
    assert_eq!(
        got["BackupPlan"]["Rules"][1]["Lifecycle"]["MoveToColdStorageAfterDays"].as_i64(),
        Some(30)
    );
    let tags = api
        .call(
            REGION,
            "ListTags",
            &json!({"ResourceArn": got["BackupPlanArn"]}),
        )
        .unwrap();
    assert_eq!(tags["Tags"]["backup-dsl:stack"], json!("emulated"));
    assert_eq!(tags["Tags"]["backup-dsl:id"], json!("plan"));
    let report = api
        .call(
            REGION,
            "DescribeReportPlan",
            &json!({"ReportPlanName": "emulated_jobs"}),
        )
        .unwrap();
    assert_eq!(
        report["ReportPlan"]["ReportDeliveryChannel"]["Formats"],
        json!(["CSV", "JSON"])
    );

    // Unchanged: not one write.
    let again = run(&api, &stack, Mode::Apply).unwrap();
    assert_eq!(again.writes, 0, "{}", render_text(&again.plan));

    // Drift: the lock changed behind the stack's back.
    api.call(REGION, "PutBackupVaultLockConfiguration", &json!({"BackupVaultName": "emulated-primary", "MinRetentionDays": 1, "MaxRetentionDays": 30})).unwrap();
    let (_, drifted) = engine::prepare(&api, stack.stack(), Mode::Apply, now()).unwrap();
    let vault_change = drifted.changes.iter().find(|c| c.id == "vault").unwrap();
    assert_eq!(
        (vault_change.action, vault_change.drift),
        (Action::Update, true),
        "{}",
        render_text(&drifted)
    );
    run(&api, &stack, Mode::Apply).unwrap();
    let vault = api
        .call(
            REGION,
            "DescribeBackupVault",
            &json!({"BackupVaultName": "emulated-primary"}),
        )
        .unwrap();
    assert_eq!(vault["MaxRetentionDays"].as_i64(), Some(365), "repaired");

    // Removed from the stack: deleted.
    let without = emulated(&[("with_report", "false")]);
    run(&api, &without, Mode::Apply).unwrap();
    let reports = api.call(REGION, "ListReportPlans", &json!({})).unwrap();
    assert_eq!(reports["ReportPlans"], json!([]));

    // Somebody else's vault stays; the retained archive stays; the rest goes.
    api.call(
        REGION,
        "CreateBackupVault",
        &json!({"BackupVaultName": "not-ours"}),
    )
    .unwrap();
    let destroyed = run(&api, &without, Mode::Destroy).unwrap();
    assert_eq!(
        destroyed.plan.counts(),
        [0, 0, 0, 2, 1],
        "{}",
        render_text(&destroyed.plan)
    );
    let vaults = api.call(REGION, "ListBackupVaults", &json!({})).unwrap();
    let mut names: Vec<&str> = vaults["BackupVaultList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["BackupVaultName"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["emulated-archive", "not-ours"]);
    let plans = api.call(REGION, "ListBackupPlans", &json!({})).unwrap();
    assert_eq!(
        plans["BackupPlansList"],
        json!([]),
        "the plan is (soft) deleted"
    );
}

/// Fails the Nth write call, as an interrupted run would.
struct FailAt<'a> {
    inner: &'a dyn Api,
    writes: AtomicUsize,
    at: usize,
}

impl Api for FailAt<'_> {
    fn call(&self, region: &str, operation: &str, input: &Json) -> Result<Json, ApiError> {
        if backup_dsl::apply::is_write(operation)
            && self.writes.fetch_add(1, Ordering::SeqCst) + 1 == self.at
        {
            return Err(ApiError::new(
                "ServiceUnavailable",
                "injected: the run is interrupted here",
            ));
        }
        self.inner.call(region, operation, input)
    }
}

fn state(api: &dyn Api) -> Json {
    let vaults = api.call(REGION, "ListBackupVaults", &json!({})).unwrap();
    let mut vaults: Vec<Json> = vaults["BackupVaultList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["BackupVaultName"].clone())
        .collect();
    vaults.sort_by_key(|v| v.to_string());
    let plans = api.call(REGION, "ListBackupPlans", &json!({})).unwrap();
    let plans: Vec<Json> = plans["BackupPlansList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["BackupPlanName"].clone())
        .collect();
    let reports = api.call(REGION, "ListReportPlans", &json!({})).unwrap();
    let reports: Vec<Json> = reports["ReportPlans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["ReportPlanName"].clone())
        .collect();
    json!({"vaults": vaults, "plans": plans, "reports": reports})
}

#[test]
fn an_apply_interrupted_at_any_write_converges_against_the_emulator() {
    let Some(moto) = Moto::start() else { return };
    let api = moto.api();
    let stack = emulated(&[]);
    moto.key("alias/emulated");
    let total = run(&api, &stack, Mode::Apply).unwrap().writes;
    let expected = state(&api);
    assert_eq!(expected["plans"], json!(["emulated-daily"]));
    for n in 1..=total {
        moto.reset();
        moto.key("alias/emulated");
        let failing = FailAt {
            inner: &api,
            writes: AtomicUsize::new(0),
            at: n,
        };
        let err = run(&failing, &stack, Mode::Apply).unwrap_err();
        assert!(
            err.to_string().contains("ServiceUnavailable"),
            "write {n}: {err}"
        );
        run(&api, &stack, Mode::Apply)
            .unwrap_or_else(|e| panic!("after an interruption at write {n}: {e}"));
        assert_eq!(
            state(&api),
            expected,
            "interrupted at write {n} of {total}: no duplicate, nothing missing"
        );
        assert_eq!(
            run(&api, &stack, Mode::Apply).unwrap().writes,
            0,
            "interrupted at write {n}"
        );
    }
}

#[test]
fn the_synth_commands_plan_apply_and_destroy_against_the_emulator() {
    let Some(moto) = Moto::start() else { return };
    moto.key("alias/emulated");
    // The standard chain, kept off the host's own files and metadata address.
    for (k, v) in [
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("AWS_CONFIG_FILE", "/nonexistent/aws-config"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/aws-credentials",
        ),
    ] {
        std::env::set_var(k, v);
    }
    let url = moto.url();
    let synth = |args: &[&str]| -> (u8, String, String) {
        let mut argv = vec!["synth"];
        argv.extend_from_slice(args);
        argv.extend_from_slice(&[
            "--name",
            "emulated",
            "--endpoint-url",
            &url,
            "--region",
            REGION,
        ]);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = backup_dsl::cli::run(
            argv,
            &[backup_dsl_tests::applied::EMULATED],
            &mut out,
            &mut err,
        );
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    };
    let (code, out, err) = synth(&["plan", "--detailed-exitcode"]);
    assert_eq!(code, 2, "changes pending: {out}{err}");
    assert!(
        out.contains("+ create backup::Vault `vault` (eu-west-1, emulated-primary)"),
        "{out}"
    );
    assert!(out.contains("Plan: 4 to create"), "{out}");
    let (code, out, err) = synth(&["plan", "--json"]);
    assert_eq!(code, 0, "{err}");
    let plan: Json = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["summary"]["create"], json!(4));
    let (code, out, err) = synth(&["apply"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Apply complete"), "{out}");
    assert!(
        !err.contains("testing") && !out.contains("testing"),
        "no credential is printed"
    );
    let (code, out, _) = synth(&["plan", "--detailed-exitcode"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("No changes"), "{out}");
    let (code, out, err) = synth(&["destroy"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("= keep backup::Vault `archive`"), "{out}");
}
