//! Plan, apply and destroy against the in-memory AWS Backup (`apply::fake`): every kind apply
//! writes, re-apply without a write, drift, a stack change, removal, ownership, an
//! interruption at every write, irreversible locks, conflicts and unresolved references.
//! The same engine runs against the local emulator in `apply_moto.rs`.

use backup_dsl::apply::engine::{self, ApplyError, Options};
use backup_dsl::apply::fake::FakeBackup;
use backup_dsl::apply::plan::{render_text, Action, Mode};
use backup_dsl::apply::Api;
use backup_dsl::{CheckedStack, Kind};
use serde_json::json;

const REGION: &str = "eu-west-1";
const NOW: f64 = 1_800_000_000.0;

fn applied(params: &[(&str, &str)]) -> CheckedStack {
    let given: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut stack = backup_dsl_tests::applied::APPLIED
        .instantiate(&given)
        .unwrap();
    // One instance whatever its parameters (`synth apply --name applied`), as a user changing
    // a parameter of a deployed stack has.
    stack.name = "applied".into();
    stack.build().unwrap_or_else(|r| panic!("{r}"))
}

fn account() -> FakeBackup {
    let fake = FakeBackup::new();
    fake.set_now(NOW);
    fake.add_key(REGION, "alias/applied");
    fake
}

fn run(
    fake: &FakeBackup,
    stack: &CheckedStack,
    mode: Mode,
    options: Options,
) -> Result<engine::Outcome, ApplyError> {
    engine::run(fake, stack.stack(), mode, options, NOW, &|_| {})
}

fn apply(fake: &FakeBackup, stack: &CheckedStack) -> engine::Outcome {
    run(fake, stack, Mode::Apply, Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn plan(fake: &FakeBackup, stack: &CheckedStack, mode: Mode) -> backup_dsl::apply::plan::Plan {
    engine::prepare(fake, stack.stack(), mode, NOW).unwrap().1
}

#[test]
fn first_plan_creates_every_applied_resource_with_its_fields() {
    let fake = account();
    let stack = applied(&[]);
    let p = plan(&fake, &stack, Mode::Apply);
    let kinds: Vec<(Kind, Action)> = p.changes.iter().map(|c| (c.kind, c.action)).collect();
    assert_eq!(p.counts(), [8, 0, 0, 0, 0], "{kinds:?}");
    assert_eq!(fake.writes(), 0, "a plan writes nothing");
    let text = render_text(&p);
    assert!(text.contains("+ create backup::Vault `vault`"), "{text}");
    assert!(text.contains("\"cron(0 3 * * ? *)\""), "{text}");
    assert!(text.contains("Plan: 8 to create, 0 to update"), "{text}");
    // Dependencies first: vaults before the plan, the plan before its selection.
    let position = |id: &str| p.changes.iter().position(|c| c.id == id).unwrap();
    assert!(position("vault") < position("plan"));
    assert!(position("archive") < position("plan"));
    assert!(position("plan") < position("selection"));
    assert!(position("framework") < position("report"));
    assert!(position("restores") < position("tables"));
}

#[test]
fn apply_then_reapply_writes_nothing() {
    let fake = account();
    let stack = applied(&[]);
    let first = apply(&fake, &stack);
    assert!(first.writes >= 8, "{}", first.writes);
    let log = fake.log();
    // The requests carry what the stack says, references resolved.
    let create_vault = log
        .iter()
        .find(|(_, op, input)| {
            op == "CreateBackupVault" && input["BackupVaultName"] == "applied-primary"
        })
        .unwrap();
    assert_eq!(
        create_vault.2["EncryptionKeyArn"],
        json!("arn:aws:kms:eu-west-1:111122223333:key/alias/applied-key")
    );
    assert_eq!(
        create_vault.2["BackupVaultTags"]["backup-dsl:stack"],
        json!("applied")
    );
    assert_eq!(
        create_vault.2["BackupVaultTags"]["backup-dsl:id"],
        json!("vault")
    );
    let selection = log
        .iter()
        .find(|(_, op, _)| op == "CreateBackupSelection")
        .unwrap();
    assert!(selection.2["BackupPlanId"]
        .as_str()
        .unwrap()
        .starts_with("plan-"));
    assert_eq!(
        selection.2["BackupSelection"]["IamRoleArn"],
        json!("arn:aws:iam::111122223333:role/applied-backup")
    );
    let report = log
        .iter()
        .find(|(_, op, _)| op == "CreateReportPlan")
        .unwrap();
    assert!(report.2["ReportSetting"]["FrameworkArns"][0]
        .as_str()
        .unwrap()
        .contains(":framework:applied_controls-"));
    let notifications = log
        .iter()
        .find(|(_, op, _)| op == "PutBackupVaultNotifications")
        .unwrap();
    assert_eq!(
        notifications.2["SNSTopicArn"],
        json!("arn:aws:sns:eu-west-1:111122223333:applied-events")
    );

    let before = fake.writes();
    let second = apply(&fake, &stack);
    assert_eq!(
        second.writes, 0,
        "a re-apply of an unchanged stack writes nothing"
    );
    assert_eq!(fake.writes(), before);
    assert!(!second.plan.has_changes(), "{}", render_text(&second.plan));
}

#[test]
fn a_change_behind_the_stacks_back_is_drift_and_apply_repairs_it() {
    let fake = account();
    let stack = applied(&[]);
    apply(&fake, &stack);
    fake.tamper_schedule(REGION, "applied-daily", "cron(0 12 * * ? *)");
    fake.tamper_notifications(REGION, "applied-primary", &["BACKUP_JOB_FAILED"]);
    let p = plan(&fake, &stack, Mode::Apply);
    let changed: Vec<_> = p
        .changes
        .iter()
        .filter(|c| c.action != Action::NoChange)
        .collect();
    assert_eq!(changed.len(), 2, "{}", render_text(&p));
    assert!(
        changed
            .iter()
            .all(|c| c.drift && c.action == Action::Update),
        "{}",
        render_text(&p)
    );
    let text = render_text(&p);
    assert!(
        text.contains("[drift: changed outside the stack]"),
        "{text}"
    );
    assert!(text.contains("BackupPlan.Rules[0].ScheduleExpression: \"cron(0 12 * * ? *)\" -> \"cron(0 3 * * ? *)\""), "{text}");
    let repaired = apply(&fake, &stack);
    assert!(repaired.writes > 0);
    assert!(!plan(&fake, &stack, Mode::Apply).has_changes());
}

#[test]
fn a_stack_change_updates_in_place_and_is_not_drift() {
    let fake = account();
    apply(&fake, &applied(&[]));
    let changed = applied(&[("schedule", "cron(0 1 * * ? *)")]);
    let p = plan(&fake, &changed, Mode::Apply);
    let update: Vec<_> = p
        .changes
        .iter()
        .filter(|c| c.action != Action::NoChange)
        .collect();
    assert_eq!(update.len(), 1, "{}", render_text(&p));
    assert_eq!(
        (update[0].kind, update[0].action, update[0].drift),
        (Kind::Plan, Action::Update, false)
    );
    let before = fake.log().len();
    apply(&fake, &changed);
    let ops: Vec<String> = fake.log()[before..]
        .iter()
        .map(|(_, op, _)| op.clone())
        .filter(|op| backup_dsl::apply::is_write(op))
        .collect();
    assert_eq!(
        ops,
        ["UpdateBackupPlan", "TagResource"],
        "an in-place update, then the new digest"
    );
    assert!(!plan(&fake, &changed, Mode::Apply).has_changes());
}

#[test]
fn a_resource_removed_from_the_stack_is_deleted() {
    let fake = account();
    apply(&fake, &applied(&[]));
    let without = applied(&[("with_report", "false")]);
    let p = plan(&fake, &without, Mode::Apply);
    let deletes: Vec<_> = p
        .changes
        .iter()
        .filter(|c| c.action == Action::Delete)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(deletes, ["report"], "{}", render_text(&p));
    apply(&fake, &without);
    assert_eq!(fake.snapshot()[REGION]["report_plans"], json!([]));
}

#[test]
fn destroy_deletes_what_the_stack_owns_keeps_retained_vaults_and_nothing_else() {
    let fake = account();
    let stack = applied(&[]);
    apply(&fake, &stack);
    // Somebody else's vault and plan in the same account and Region.
    fake.call(
        REGION,
        "CreateBackupVault",
        &json!({"BackupVaultName": "not-ours"}),
    )
    .unwrap();
    fake.call(
        REGION,
        "CreateBackupPlan",
        &json!({"BackupPlan": {"BackupPlanName": "not-ours", "Rules": []}}),
    )
    .unwrap();
    let p = plan(&fake, &stack, Mode::Destroy);
    let text = render_text(&p);
    assert_eq!(p.counts(), [0, 0, 0, 7, 1], "{text}");
    assert!(text.contains("= keep backup::Vault `archive`"), "{text}");
    let outcome = run(&fake, &stack, Mode::Destroy, Options::default()).unwrap();
    assert!(outcome.writes >= 7);
    let left = fake.snapshot();
    assert_eq!(
        left[REGION]["vaults"],
        json!(["applied-archive", "not-ours"]),
        "{left}"
    );
    assert_eq!(
        left[REGION]["plans"],
        json!([{"BackupPlanName": "not-ours", "Rules": []}])
    );
    assert_eq!(left[REGION]["selections"], json!([]));
    assert_eq!(left[REGION]["frameworks"], json!([]));
    assert_eq!(left[REGION]["restore_plans"], json!([]));
    // Destroy again: nothing of ours is left to delete.
    let again = run(&fake, &stack, Mode::Destroy, Options::default()).unwrap();
    assert_eq!(again.writes, 0);
}

#[test]
fn an_apply_interrupted_at_any_write_converges_without_duplicates() {
    let clean = account();
    let stack = applied(&[]);
    let total = apply(&clean, &stack).writes;
    let expected = clean.snapshot();
    for n in 1..=total {
        let fake = account();
        fake.fail_write(n);
        let err = run(&fake, &stack, Mode::Apply, Options::default()).unwrap_err();
        assert!(
            matches!(&err, ApplyError::Api { error, .. } if error.code == "ServiceUnavailable"),
            "write {n}: {err}"
        );
        apply(&fake, &stack);
        assert_eq!(
            fake.snapshot(),
            expected,
            "interrupted at write {n} of {total}"
        );
        assert_eq!(
            apply(&fake, &stack).writes,
            0,
            "interrupted at write {n}: a third run writes nothing"
        );
    }
}

#[test]
fn a_compliance_lock_needs_allow_irreversible() {
    let fake = account();
    let stack = applied(&[("compliance", "true")]);
    let p = plan(&fake, &stack, Mode::Apply);
    assert!(
        render_text(&p).contains("IRREVERSIBLE: a compliance-mode vault lock"),
        "{}",
        render_text(&p)
    );
    let refused = run(&fake, &stack, Mode::Apply, Options::default()).unwrap_err();
    assert!(matches!(refused, ApplyError::Irreversible(_)), "{refused}");
    assert!(refused.to_string().contains("--allow-irreversible"));
    assert_eq!(fake.writes(), 0, "refused before any write");
    let allowed = Options {
        allow_irreversible: true,
        ..Options::default()
    };
    run(&fake, &stack, Mode::Apply, allowed).unwrap();
    let lock = fake
        .log()
        .into_iter()
        .find(|(_, op, _)| op == "PutBackupVaultLockConfiguration")
        .unwrap();
    assert_eq!(lock.2["ChangeableForDays"], json!(3));
    // After the grace time, the lock cannot change, even with the flag.
    fake.set_now(NOW + 4.0 * 86400.0);
    let governance = applied(&[]);
    let err = engine::run(
        &fake,
        governance.stack(),
        Mode::Apply,
        allowed,
        NOW + 4.0 * 86400.0,
        &|_| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("immutable"), "{err}");
}

#[test]
fn a_resource_of_the_same_name_that_apply_did_not_create_is_a_conflict() {
    let fake = account();
    fake.call(
        REGION,
        "CreateBackupVault",
        &json!({"BackupVaultName": "applied-primary"}),
    )
    .unwrap();
    let writes = fake.writes();
    let err = run(&fake, &applied(&[]), Mode::Apply, Options::default()).unwrap_err();
    assert!(
        matches!(&err, ApplyError::Conflicts(c) if c.len() == 1),
        "{err}"
    );
    assert!(err.to_string().contains("never takes over"), "{err}");
    assert_eq!(fake.writes(), writes, "nothing written");
}

#[test]
fn a_supporting_resource_not_deployed_stops_before_any_write() {
    let fake = FakeBackup::new();
    let err = run(&fake, &applied(&[]), Mode::Apply, Options::default()).unwrap_err();
    assert!(matches!(err, ApplyError::Unresolved(_)), "{err}");
    assert!(err.to_string().contains("kms::Key `key`"), "{err}");
    assert!(err.to_string().contains("--only supporting"), "{err}");
    assert_eq!(fake.writes(), 0);
}

#[test]
fn progress_says_each_resource_as_it_goes() {
    let fake = account();
    let stack = applied(&[]);
    let lines = std::sync::Mutex::new(Vec::new());
    engine::run(
        &fake,
        stack.stack(),
        Mode::Apply,
        Options::default(),
        NOW,
        &|l| lines.lock().unwrap().push(l.to_string()),
    )
    .unwrap();
    let lines = lines.into_inner().unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("creating backup::Vault `vault`")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("created backup::Plan `plan`") && l.ends_with(" s")),
        "{lines:?}"
    );
}

#[test]
fn the_bundled_core_stack_applies_its_keys_found_by_the_tags_the_emitters_put_on_them() {
    let core = backup_dsl_tests::bundled("backup_core");
    // What CloudFormation or Terraform deployed first: the keys, tagged by the emitters.
    let templates =
        backup_dsl::emit::cfn::emit_part(&core, backup_dsl::emit::Part::Supporting).unwrap();
    let key = templates
        .templates
        .iter()
        .find_map(|t| t.body["Resources"].get("Key"))
        .unwrap();
    assert!(
        key["Properties"]["Tags"]
            .as_array()
            .unwrap()
            .contains(&json!({"Key": "backup-dsl:id", "Value": "key"})),
        "{key}"
    );
    let fake = FakeBackup::new();
    let key_arn = fake.add_tagged_key("us-east-1", "backup_core", "key");
    fake.add_tagged_key("us-west-2", "backup_core", "copy_key");
    let allowed = Options {
        allow_irreversible: true,
        ..Options::default()
    };
    let outcome = engine::run(&fake, core.stack(), Mode::Apply, allowed, NOW, &|_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        outcome.plan.counts()[0],
        10,
        "{}",
        render_text(&outcome.plan)
    );
    let vault = fake
        .log()
        .into_iter()
        .find(|(_, op, i)| op == "CreateBackupVault" && i["BackupVaultName"] == "primary-dev")
        .unwrap();
    assert_eq!(vault.2["EncryptionKeyArn"], json!(key_arn));
    assert_eq!(
        engine::run(&fake, core.stack(), Mode::Apply, allowed, NOW, &|_| {})
            .unwrap()
            .writes,
        0
    );
}

#[test]
fn a_compliance_lock_in_its_grace_time_becomes_governance_by_removing_it_first() {
    let fake = account();
    let allowed = Options {
        allow_irreversible: true,
        ..Options::default()
    };
    run(
        &fake,
        &applied(&[("compliance", "true")]),
        Mode::Apply,
        allowed,
    )
    .unwrap();
    // A day later, within the 3-day grace time, the stack asks for a governance lock.
    let later = NOW + 86400.0;
    fake.set_now(later);
    let before = fake.log().len();
    let governance = applied(&[]);
    engine::run(
        &fake,
        governance.stack(),
        Mode::Apply,
        Options::default(),
        later,
        &|_| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let writes: Vec<String> = fake.log()[before..]
        .iter()
        .map(|(_, op, _)| op.clone())
        .filter(|op| backup_dsl::apply::is_write(op))
        .collect();
    assert_eq!(
        writes,
        [
            "DeleteBackupVaultLockConfiguration",
            "PutBackupVaultLockConfiguration",
            "TagResource"
        ]
    );
    let vault = fake
        .call(
            REGION,
            "DescribeBackupVault",
            &json!({"BackupVaultName": "applied-primary"}),
        )
        .unwrap();
    assert!(
        vault.get("LockDate").is_none(),
        "no grace time left: {vault}"
    );
    assert_eq!(
        engine::run(
            &fake,
            governance.stack(),
            Mode::Apply,
            Options::default(),
            later,
            &|_| {}
        )
        .unwrap()
        .writes,
        0
    );
}
