#!/usr/bin/env python3
"""Writes tests/ui/<family>/<CODE>.rs: one mistake per file, the stack AWS would reject; with
explain.py, tests/pass/explained.rs (every mistake fixed, which must compile without a diagnostic)
and backup-dsl/src/examples.rs (what `synth explain` teaches: why, wrong, what the checker says,
right).

Regenerate with `python3 tests/gen_ui.py`, then `TRYBUILD=overwrite cargo test -p backup-dsl-tests --test ui`,
read the .stderr diff, and run `python3 tests/gen_ui.py` once more so that examples.rs quotes the
new snapshots. A test checks that examples.rs is current.
"""
import os, re, sys, textwrap
from explain import WHY, FIXES, SIGNATURE_FIXES, API_EXAMPLES

HERE = os.path.dirname(os.path.abspath(__file__))
# `--check`: write nothing, fail when a generated file differs from what is committed.
CHECK = "--check" in sys.argv
stale = []

def emit(path, text):
    if CHECK:
        if not os.path.exists(path) or open(path).read() != text:
            stale.append(os.path.relpath(path, HERE))
        return
    with open(path, "w") as f:
        f.write(text)
KEY = 'let key = kms::Key { description: "backups" };'
ROLE = 'let role = iam::Role { name: "backup", assumed_by: ["backup.amazonaws.com"], managed_policies: ["arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup", "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore"] };'
VAULT = 'let vault = backup::Vault { name: "primary", kms_key: key };'
def vault_lock(lock):
    return f'let vault = backup::Vault {{ name: "primary", kms_key: key, lock: Lock {{ {lock} }} }};'
def plan(rule_extra, vault="vault", name="daily"):
    return f'let plan = backup::Plan {{ name: "{name}", rules: [Rule {{ name: "daily", vault: {vault}, schedule: "cron(0 2 * * ? *)", {rule_extra} }}] }};'
def fw(controls, name="audit"):
    return f'let audit = backup::Framework {{ name: "{name}", controls: [{controls}] }};'
def report(extra, name="jobs", template="BACKUP_JOB_REPORT"):
    return f'let report = backup::ReportPlan {{ name: "{name}", template: "{template}", bucket: "backup-reports", {extra} }};'
def rtp(extra, name="weekly"):
    base = {"name": f'"{name}"', "schedule": '"cron(0 6 ? * SUN *)"', "algorithm": '"LATEST_WITHIN_WINDOW"', "recovery_point_types": '["SNAPSHOT"]', "include_vaults": "[vault]"}
    for k, v in extra.items():
        base[k] = v
    fields = ", ".join(f"{k}: {v}" for k, v in base.items())
    return f'let tests = backup::RestoreTestingPlan {{ {fields} }};'
def rts(extra, id="ebs"):
    base = {"name": '"ebs"', "plan": "tests", "resource_type": '"EBS"', "role": "role", "resources": '["*"]'}
    for k, v in extra.items():
        base[k] = v
    fields = ", ".join(f"{k}: {v}" for k, v in base.items())
    return f'let {id} = backup::RestoreTestingSelection {{ {fields} }};'
def sel(extra):
    base = {"name": '"tagged"', "plan": "plan", "role": "role"}
    for k, v in extra.items():
        base[k] = v
    fields = ", ".join(f"{k}: {v}" for k, v in base.items())
    return f'let selection = backup::Selection {{ {fields} }};'

B = [KEY, VAULT]          # base: key + vault
BP = B + [plan("lifecycle: Lifecycle { delete_after_days: 35 }")]
DENY = "#![deny(warnings)]"

CASES = {
 "schema": [
  ("BK201", [KEY, 'let vault = backup::Vault { name: "primary", kms_kye: key };']),
  ("BK202", [KEY, 'let vault = backup::Vault { kms_key: key };']),
  ("BK203", [KEY, 'let vault = backup::Vault { name: 42, kms_key: key };']),
  ("BK204", ['let backup_key = kms::Key { description: "backups" };', 'let vault = backup::Vault { name: "primary", kms_key: backup_kye };']),
  ("BK206", B + ['let vault = backup::Vault { name: "secondary", kms_key: key };']),
  ("BK207", ['let a = sns::Topic { name: "a", kms_key: b };', 'let b = sns::Topic { name: "b", kms_key: a };']),
  ("BK208", B + ['let west = backup::Vault { region: "us-west", name: "west" };']),
  ("BK209", ['let a = iam::Role { name: "backup", assumed_by: ["backup.amazonaws.com"] };', 'let b = iam::Role { name: "Backup", assumed_by: ["backup.amazonaws.com"] };']),
  ("BK210", [KEY, vault_lock('mode: "governance", min_retention_days: 7').replace("Lock {", "Lok {")]),
  ("BK212", ['let vault = backup::Vaul { name: "primary" };']),
  ("BK213", B + ['println!("not a declaration");']),
  ("BK140", B + [plan('copy: [Copy { to: key }]')]),
  ("BK141", [KEY, 'let vault = backup::Vault { name: "primary", kms_key: key, tags: [("aws:owner", "me")] };']),
 ],
 "vault": [
  ("BK001", [KEY, 'let vault = backup::Vault { name: "primary.vault", kms_key: key };']),
  ("BK002", B + ['let again = backup::Vault { name: "primary" };']),
  ("BK003", ['let vault = backup::Vault { name: "primary", kms_key: "arn:aws:kms:us-east-1:111122223333:alias/backup" };']),
  ("BK004", [KEY, 'let west = backup::Vault { region: "us-west-2", name: "west", kms_key: key };']),
  ("BK005", [KEY, vault_lock('mode: "governance", max_retention_days: 365')]),
  ("BK006", [KEY, vault_lock('mode: "governance", min_retention_days: 0')]),
  ("BK007", [KEY, vault_lock('mode: "governance", min_retention_days: 30, max_retention_days: 7')]),
  ("BK008", [KEY, vault_lock('mode: "compliance", min_retention_days: 7, changeable_for_days: 2')], "#![allow(BK009)]"),
  ("BK009", [KEY, vault_lock('mode: "compliance", min_retention_days: 7, changeable_for_days: 3')], DENY),
  ("BK010", [KEY, 'let vault = backup::Vault { name: "primary", kms_key: key, access_policy: [Statement { effect: "Deny", principals: ["*"], actions: ["backup:*"], resources: ["*"] }] };']),
  ("BK011", [KEY, 'let alerts = sns::Topic { name: "alerts" };', 'let vault = backup::Vault { name: "primary", kms_key: key, notifications: Notifications { topic: alerts, events: ["BACKUP_JOB_FAILED"] } };'], DENY),
  ("BK012", [KEY, 'let alerts = sns::Topic { name: "alerts.fifo", fifo: true };', 'let vault = backup::Vault { name: "primary", kms_key: key, notifications: Notifications { topic: alerts, events: ["BACKUP_JOB_COMPLETED"] } };']),
  ("BK013", ['let air_gapped = backup::LogicallyAirGappedVault { name: "air-gapped", min_retention_days: 3, max_retention_days: 30 };']),
  ("BK142", [KEY, 'let vault = backup::Vault { name: "primary", kms_key: key, deletion_policy: "Delete" };'], DENY),
  ("BK211", [KEY, vault_lock('mode: "compliance", min_retention_days: 7')]),
 ],
 "plan": [
  ("BK015", B + [plan('lifecycle: Lifecycle { delete_after_days: 35 }', name="daily plan")]),
  ("BK016", B + ['let plan = backup::Plan { name: "daily", rules: [] };']),
  ("BK017", B + ['let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault }, Rule { name: "daily", vault: vault }] };']),
  ("BK018", B + ['let west = backup::Vault { region: "us-west-2", name: "west" };', plan("", vault="west")]),
  ("BK019", B + ['let air_gapped = backup::LogicallyAirGappedVault { region: "eu-west-1", name: "air-gapped", min_retention_days: 7, max_retention_days: 90 };', plan("air_gapped_vault: air_gapped, lifecycle: Lifecycle { delete_after_days: 30 }")], "#![allow(BK303)]"),
  ("BK020", B + ['let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "rate(1 day)" }] };']),
  ("BK021", B + ['let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 5 * * ?)" }] };']),
  ("BK022", B + ['let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 25 ? * * *)" }] };']),
  ("BK023", B + ['let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 5 * * * *)" }] };']),
  ("BK024", B + ['let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 5 ? * 2#1,3#2 *)" }] };']),
  ("BK025", B + ['let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(*/15 * ? * * *)" }] };']),
  ("BK026", B + [plan('timezone: "Europe/Pairs"')]),
  ("BK027", B + [plan('start_window_minutes: 30')]),
  ("BK028", B + [plan('start_window_minutes: 60, completion_window_minutes: 60')], DENY),
  ("BK030", B + [plan('lifecycle: Lifecycle { delete_after_days: 40000 }')]),
  ("BK031", B + [plan('lifecycle: Lifecycle { cold_storage_after_days: 40000 }')]),
  ("BK032", B + [plan('lifecycle: Lifecycle { cold_storage_after_days: 30, delete_after_days: 60 }')]),
  ("BK033", B + [plan('lifecycle: Lifecycle { delete_after_days: 0 }')]),
  ("BK034", B + [plan('lifecycle: Lifecycle { delete_after_days: 35, archive: true }')], DENY),
  ("BK035", B + [ROLE, plan('lifecycle: Lifecycle { cold_storage_after_days: 90, delete_after_days: 365 }'), sel({"resources": '["arn:aws:s3:::backup-storage-dev"]'})], DENY),
  ("BK036", B + [plan('continuous_backup: true')]),
  ("BK037", B + [plan('continuous_backup: true, lifecycle: Lifecycle { delete_after_days: 84 }')]),
  ("BK038", B + [plan('continuous_backup: true, lifecycle: Lifecycle { cold_storage_after_days: 1, delete_after_days: 35 }')]),
  ("BK039", B + ['let plan = backup::Plan { name: "weekly", rules: [Rule { name: "weekly", vault: vault, schedule: "cron(0 2 ? * SUN *)", continuous_backup: true, lifecycle: Lifecycle { delete_after_days: 3 } }] };'], DENY),
  ("BK040", B + [ROLE, 'let bucket = s3::Bucket { name: "backup-storage-dev", versioning: "Enabled" };', 'let pitr = backup::Plan { name: "pitr", rules: [Rule { name: "pitr", vault: vault, continuous_backup: true, lifecycle: Lifecycle { delete_after_days: 35 } }] };', 'let pitr_again = backup::Plan { name: "pitr-again", rules: [Rule { name: "pitr", vault: vault, continuous_backup: true, lifecycle: Lifecycle { delete_after_days: 35 } }] };', 'let a = backup::Selection { name: "a", plan: pitr, role: role, resources: [bucket] };', 'let b = backup::Selection { name: "b", plan: pitr_again, role: role, resources: [bucket] };'], DENY),
  ("BK415", B + ['let plan = backup::Plan { name: "weekly", rules: [Rule { name: "weekly", vault: vault, schedule: "cron(0 2 ? * SUN *)", lifecycle: Lifecycle { delete_after_days: 3 } }] };'], DENY),
  ("BK417", B + ['let local = backup::Vault { name: "local-copies", kms_key: key };', plan('lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: local }]')], DENY),
  ("BK041", B + [plan('copy: [Copy { to: "arn:aws:backup:us-west-2:111122223333:vault:dr" }]')]),
  ("BK042", B + [plan('lifecycle: Lifecycle { delete_after_days: 365 }, copy: [Copy { to: vault, lifecycle: Lifecycle { delete_after_days: 30 } }]')], DENY),
  ("BK044", B + [ROLE, plan('lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: "arn:aws:backup:eu-west-1:444455556666:backup-vault:dr" }]'), sel({"resources": '["arn:aws:rds:us-east-1:111122223333:db:orders"]'})], DENY, '\n    #[account("111122223333")]'),
  ("BK045", ['let vault = backup::Vault { name: "primary" };', plan('lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: "arn:aws:backup:us-east-1:444455556666:backup-vault:dr" }]')], DENY, '\n    #[account("111122223333")]'),
  ("BK046", B + ['let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault }], advanced_backup_settings: [AdvancedBackupSetting { resource_type: "EC2", options: [("WindowsVSS", "on")] }] };']),
  ("BK047", B + [plan('index_actions: [IndexAction { resource_types: ["EBS", "S3"] }]')], "#![allow(BK303)]"),
  ("BK049", B + [plan('recovery_point_tags: [("aws:backup", "daily")]')]),
  ("BK050", [KEY, vault_lock('mode: "governance", min_retention_days: 7, max_retention_days: 2555'), plan('lifecycle: Lifecycle { delete_after_days: 3 }')]),
  ("BK051", [KEY, vault_lock('mode: "governance", min_retention_days: 7, max_retention_days: 365'), plan('')]),
  ("BK052", B + ['let west_key = kms::Key { region: "us-west-2", description: "copies" };', 'let west = backup::Vault { region: "us-west-2", name: "west", kms_key: west_key, lock: Lock { mode: "governance", min_retention_days: 7, max_retention_days: 365 } };', plan('lifecycle: Lifecycle { delete_after_days: 400 }, copy: [Copy { to: west }]')]),
  ("BK053", [KEY, vault_lock('mode: "governance", min_retention_days: 60'), plan('continuous_backup: true, lifecycle: Lifecycle { delete_after_days: 35 }')]),
  ("BK054", B + ['let air_gapped = backup::LogicallyAirGappedVault { name: "air-gapped", min_retention_days: 30, max_retention_days: 365 };', plan('lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: air_gapped, lifecycle: Lifecycle { delete_after_days: 7 } }]')]),
 ],
 "selection": [
  ("BK055", BP + [ROLE, sel({"name": '"tagged selection"', "tags": '[("backup", "daily")]'})]),
  ("BK056", BP + [ROLE, sel({"plan": '"7f1a2b3c-plan-id"', "tags": '[("backup", "daily")]'})]),
  ("BK057", BP + ['let role = iam::Role { name: "lambda", assumed_by: ["lambda.amazonaws.com"] };', sel({"tags": '[("backup", "daily")]'})]),
  ("BK059", BP + [ROLE, sel({"conditions": 'Conditions { string_equals: [("aws:PrincipalTag/backup", "daily")] }'})]),
  ("BK060", BP + [ROLE, sel({"resources": "[\n" + "".join(f'            "{a}",\n' for a in ["arn:aws:ec2:*:*:volume/*"] + ["arn:aws:ec2:us-east-1:111122223333:volume/vol-%017x" % i for i in range(30)]) + "        ]"})]),
  ("BK061", BP + [ROLE, sel({})], DENY),
  ("BK216", BP + [ROLE, sel({"resources": '["orders-db"]'})]),
 ],
 "framework": [
  ("BK064", [fw('Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" }', name="backup-compliance-framework-dev")]),
  ("BK065", ['let audit = backup::Framework { name: "audit", description: "   ", controls: [Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" }] };']),
  ("BK066", [fw('')]),
  ("BK068", [fw('Control { name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", parameters: [("requiredRetention", "7")] }')]),
  ("BK069", [fw('Control { name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", parameters: [("requiredFrequencyUnit", "DAILY"), ("requiredFrequencyValue", "1"), ("requiredRetentionDays", "7")] }')]),
  ("BK070", [fw('Control { name: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", parameters: [("requiredFrequencyUnit", "hours"), ("requiredFrequencyValue", "48")] }')]),
  ("BK071", [fw('Control { name: "BACKUP_LAST_RECOVERY_POINT_CREATED", parameters: [("recoveryPointAgeUnit", "days"), ("recoveryPointAgeValue", "45")] }')]),
  ("BK072", [fw('Control { name: "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK", parameters: [("requiredRetentionDays", "0")] }')]),
  ("BK073", [fw('Control { name: "BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT", parameters: [("crossAccountList", "12345")] }')]),
  ("BK074", [fw('Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED", scope: Scope { resource_types: ["S3"] } }')]),
  ("BK075", [fw('Control { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", scope: Scope { resource_ids: ["backup-catalog-dev"] } }')]),
  ("BK076", [fw('Control { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", scope: Scope { resource_types: ["Dynamo"] } }')]),
  ("BK077", [fw(", ".join(['Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED", scope: Scope { tags: [("tier", "%d")] } }' % i for i in range(51)]))]),
 ],
 "report": [
  ("BK078", [report('formats: ["CSV"]', name="backup-compliance-report-dev")]),
  ("BK080", [report('formats: ["CSV"]', template="SCAN_JOB_REPORT")], DENY),
  ("BK081", [fw('Control { name: "BACKUP_RECOVERY_POINT_ENCRYPTED" }'), report('formats: ["CSV"], frameworks: [audit]')], DENY),
  ("BK082", [report('formats: ["CSV"]', template="CONTROL_COMPLIANCE_REPORT")], DENY),
  ("BK083", [report('frameworks: ["backup-compliance-framework"]', template="CONTROL_COMPLIANCE_REPORT")]),
  ("BK084", [report('formats: ["CSV", "CSV"]')]),
  ("BK085", [report('formats: ["CSV", "JSON"], regions: ["*"]')]),
  ("BK086", [report('accounts: ["123"]')]),
  ("BK087", ['let report = backup::ReportPlan { name: "jobs", template: "BACKUP_JOB_REPORT", bucket: "Backup_Reports" };']),
  ("BK413", ['let reports = s3::Bucket { name: "backup-reports-dev" };', 'let report = backup::ReportPlan { name: "jobs", template: "BACKUP_JOB_REPORT", bucket: reports };'], DENY),
 ],
 "conditions": [
  ("BK215", ['let key = kms::Key { description: "backups" };', 'let primary = backup::Vault { name: format!("primary-{env}"), kms_key: key };', 'if env == "prod" {', '    let airgap = backup::LogicallyAirGappedVault { name: "airgap", min_retention_days: 7, max_retention_days: 365 };', '}', 'let plan = backup::Plan {', '    name: "daily",', '    rules: [Rule { name: "daily", vault: primary, lifecycle: Lifecycle { delete_after_days: 35 }, copy: [Copy { to: airgap }] }],', '};'], "", "", '#[default("dev")] env: &str'),
  ("BK217", ['let key = kms::Key { description: format!("backups {env}") };'], "", "", '#[default("dev")] #[one_of("staging", "prod")] env: &str'),
 ],
 "restore": [
  ("BK418", B + ['let other = backup::Vault { name: "other", kms_key: key };', plan('lifecycle: Lifecycle { delete_after_days: 35 }'), rtp({"include_vaults": "[other]"})], DENY),
  ("BK088", BP + [rtp({}, name="weekly-restore")]),
  ("BK090", BP + [rtp({"start_window_hours": "0"})]),
  ("BK091", BP + [rtp({"recovery_point_types": "[]"})]),
  ("BK092", BP + [rtp({"recovery_point_types": '["CONTINUOUS"]'})], DENY),
  ("BK093", BP + [rtp({"include_vaults": '["primary"]'})]),
  ("BK094", BP + [rtp({"selection_window_days": "400"})]),
  ("BK095", BP + [rtp({"tags": "[" + ", ".join('("k%d", "v")' % i for i in range(51)) + "]"})]),
  ("BK096", BP + [ROLE, rtp({}), rts({"name": '"ebs-tests"'})]),
  ("BK097", BP + [ROLE, rtp({}), "for i in 0..31 {\n            " + rts({"name": 'format!("ebs{i}")'}) + "\n        }"]),
  ("BK098", BP + [ROLE, rtp({}), rts({"resources": '["arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc"]', "conditions": 'RestoreConditions { string_equals: [("backup", "daily")] }'})]),
  ("BK099", BP + [ROLE, rtp({}), rts({"conditions": 'RestoreConditions { string_equals: [("aws:backup", "daily")] }'})]),
  ("BK100", BP + [ROLE, rtp({}), rts({"validation_window_hours": "200"})]),
  ("BK101", BP + ['let role = iam::Role { name: "lambda", assumed_by: ["lambda.amazonaws.com"] };', rtp({}), rts({})]),
 ],
 "iam": [
  ("BK116", ['let key = kms::Key { description: "backups", deletion_window_days: 3 };']),
  ("BK126", ['let alerts = sns::Topic { name: "alerts.fifo" };']),
  ("BK127", ['let role = iam::Role { name: "aws backup", assumed_by: ["backup.amazonaws.com"] };']),
  ("BK427", ['let role = iam::Role { name: "backup", assumed_by: ["backup.amazonaws.com"], managed_policies: ["AWSBackupServiceRolePolicyForBackup"] };']),
 ],
 "regions": [
  ("BK301", [KEY, 'let alerts = sns::Topic { region: "us-west-2" };', 'let vault = backup::Vault { name: "primary", kms_key: key, notifications: Notifications { topic: alerts, events: ["BACKUP_JOB_COMPLETED"] } };']),
  ("BK302", B + ['let west_key = kms::Key { region: "us-west-2", description: "copies" };', 'let west = backup::Vault { region: "us-west-2", name: "west", kms_key: west_key };',
               'let east_plan = backup::Plan { name: "east", rules: [Rule { name: "daily", vault: vault, copy: [Copy { to: west }] }] };',
               'let west_plan = backup::Plan { region: "us-west-2", name: "west", rules: [Rule { name: "daily", vault: west, copy: [Copy { to: vault }] }] };']),
  ("BK303", B + [plan('index_actions: [IndexAction { resource_types: ["EBS"] }]')], DENY),
 ],
}

BUCKET = 'let bucket = s3::Bucket { name: "acme-backup-storage-dev", versioning: "Enabled" };'
LROLE = 'let lambda_role = iam::Role { name: "verify", assumed_by: ["lambda.amazonaws.com"] };'
def fn(extra=""):
    return f'let verify = lambda::Function {{ name: "verify", runtime: "python3.13", handler: "index.handler", code: "lambda/verify.zip", role: lambda_role{", " + extra if extra else ""} }};'
def table(extra="", attrs='[("backupId", "S")]'):
    return f'let catalog = dynamodb::Table {{ name: "backup-catalog", hash_key: "backupId", attributes: {attrs}{", " + extra if extra else ""} }};'
def widget(metrics, extra=""):
    return f'let dashboard = cloudwatch::Dashboard {{ name: "backups", widgets: [Widget {{ kind: "metric", metrics: [{metrics}]{", " + extra if extra else ""} }}] }};'
OKMETRIC = 'Metric { namespace: "AWS/Backup", name: "NumberOfBackupJobsFailed" }'
def policy_role(statements, name="client"):
    return f'let {name} = iam::Role {{ name: "{name}", assumed_by: ["self"], policies: [Policy {{ name: "p", statements: [{statements}] }}] }};'

CASES.update({
 "s3": [
  ("BK103", ['let bucket = s3::Bucket { name: "Backup_Storage" };']),
  ("BK104", ['let bucket = s3::Bucket { name: "192.168.10.20" };']),
  ("BK105", ['let bucket = s3::Bucket { name: "amzn-s3-demo-backups" };']),
  ("BK106", ['let bucket = s3::Bucket { name: "backup-storage-dev", object_lock: ObjectLock { mode: "COMPLIANCE", years: 7 } };']),
  ("BK107", ['let bucket = s3::Bucket { name: "backup-storage-dev", versioning: "Enabled", object_lock: ObjectLock { mode: "COMPLIANCE", days: 30, years: 7 } };']),
  ("BK108", ['let bucket = s3::Bucket { name: "backup-storage-dev", lifecycle_rules: [LifecycleRule { id: "nothing", prefix: "logs/" }] };']),
  ("BK109", ['let bucket = s3::Bucket { name: "backup-storage-dev", lifecycle_rules: [LifecycleRule { id: "ia", transitions: [Transition { days: 7, storage_class: "STANDARD_IA" }] }] };']),
  ("BK110", ['let bucket = s3::Bucket { name: "backup-storage-dev", lifecycle_rules: [LifecycleRule { id: "tiers", transitions: [Transition { days: 30, storage_class: "STANDARD_IA" }, Transition { days: 45, storage_class: "GLACIER" }] }] };']),
  ("BK111", ['let bucket = s3::Bucket { name: "backup-storage-dev", lifecycle_rules: [LifecycleRule { id: "tiers", transitions: [Transition { days: 90, storage_class: "GLACIER" }, Transition { days: 180, storage_class: "STANDARD_IA" }] }] };']),
  ("BK112", ['let bucket = s3::Bucket { name: "backup-storage-dev", lifecycle_rules: [LifecycleRule { id: "tiers", transitions: [Transition { days: 90, storage_class: "GLACIER" }], expiration_days: 60 }] };']),
  ("BK113", ['let locked = s3::Bucket { name: "locked-dev", versioning: "Enabled", object_lock: ObjectLock { mode: "GOVERNANCE", days: 30 } };', 'let bucket = s3::Bucket { name: "backup-storage-dev", access_logs: AccessLogs { bucket: locked } };']),
  ("BK304", ['let key = kms::Key { description: "inventory" };', 'let reports = s3::Bucket { name: "inventory-dev", policy: [Statement { effect: "Allow", principals: ["s3.amazonaws.com"], actions: ["s3:PutObject"], resources: [ArnOf { resource: reports, suffix: "/*" }] }] };', 'let bucket = s3::Bucket { name: "backup-storage-dev", inventories: [Inventory { name: "daily", destination: reports, kms_key: key }] };'], DENY),
  ("BK401", B + [BUCKET.replace(', versioning: "Enabled"', ''), ROLE, plan('lifecycle: Lifecycle { delete_after_days: 35 }'), sel({"resources": "[bucket]"})]),
  ("BK411", ['let reports = s3::Bucket { name: "inventory-dev" };', 'let bucket = s3::Bucket { name: "backup-storage-dev", inventories: [Inventory { name: "daily", destination: reports }] };'], DENY),
 ],
 "dynamo": [
  ("BK120", [table('range_key: "clientId"')]),
  ("BK121", [table(attrs='[("backupId", "S"), ("size", "N")]')]),
  ("BK122", [table(attrs='[("backupId", "STRING")]')]),
  ("BK123", [table('local_indexes: [Index { name: "byTime", hash_key: "backupId", range_key: "backupId" }]')]),
  ("BK124", [table('read_capacity: 5')]),
  ("BK125", [table('point_in_time_recovery: true, recovery_period_days: 90')]),
 ],
 "lambda": [
  ("BK128", [LROLE, fn().replace('name: "verify"', 'name: "verify backups"', 1)]),
  ("BK129", [LROLE, fn("timeout_seconds: 3600")]),
  ("BK130", [LROLE, fn("memory_mb: 64")]),
  ("BK131", [LROLE, fn('environment: [("AWS_REGION", "us-east-1")]')]),
  ("BK407", [LROLE, fn().replace('python3.13', 'nodejs18.x')]),
  ("BK408", [LROLE, fn().replace('lambda/verify.zip', 'lambda/verify.py')]),
  ("BK409", [LROLE, fn(), 'let bucket = s3::Bucket { name: "backup-storage-dev", notifications: [Notify { function: verify, events: ["s3:ObjectCreated:*"] }] };']),
  ("BK412", [LROLE, fn(), 'let bucket = s3::Bucket { name: "backup-storage-dev", notifications: [Notify { function: verify, events: ["s3:ObjectCreated:*"] }] };', 'let invoke = lambda::Permission { function: verify, principal: "s3.amazonaws.com", source: bucket };'], DENY),
  ("BK426", [LROLE, fn(), 'let invoke = lambda::Permission { function: "aws:ResourceTag/backup", principal: "events.amazonaws.com" };']),
 ],
 "observe": [
  ("BK132", ['let logs = logs::LogGroup { name: "/aws/lambda/verify", retention_days: 31 };']),
  ("BK133", ['let logs = logs::LogGroup { name: "verify logs" };']),
  ("BK134", ['let dashboard = cloudwatch::Dashboard { name: "backup monitoring", widgets: [Widget { kind: "text", markdown: "# Backups" }] };']),
  ("BK135", [widget(OKMETRIC, "x: 0, y: 0, width: 48")]),
  ("BK136", [widget(OKMETRIC, "period: 90")]),
  ("BK137", [widget('Metric { namespace: "AWS/S3", name: "BucketSizeBytes", dimensions: [("BucketName", "backup-storage-dev")] }')]),
  ("BK138", [widget('Metric { namespace: "AWS/Backup", name: "NumberOfBackupJobsFailed", id: "Failed" }')]),
  ("BK139", [widget('Metric { namespace: "AWS/Backup", name: "NumberOfBackupJobsFailed", stat: "Mean" }')]),
 ],
 "policy": [
  ("BK115", ['let key = kms::Key { description: "backups" };', 'let alias = kms::Alias { name: "alias/aws/backup", key: key };']),
  ("BK117", ['let key = kms::Key { description: "backups", rotation: true, rotation_period_days: 30 };']),
  ("BK118", ['let key = kms::Key { description: "backups" };', 'let alias = kms::Alias { region: "us-west-2", name: "alias/backup", key: key };']),
  ("BK403", [BUCKET, policy_role('Statement { effect: "Allow", actions: ["s3:ListBucket"], resources: [ArnOf { resource: bucket, suffix: "/client-1/*" }] }')]),
  ("BK404", [policy_role('Statement { effect: "Allow", actions: ["backup:StartRestoreJob", "backup:DescribeRestoreJob"], resources: ["*"] }', name="restore_test")]),
  ("BK405", ['let key = kms::Key { description: "backups" };', 'let topic = sns::Topic { name: "backup-notifications", kms_key: key };', policy_role('Statement { effect: "Allow", actions: ["sns:Publish"], resources: [topic] }', name="restore_test")]),
  ("BK406", ['let client = iam::Role { name: "client-1", assumed_by: ["arn:aws:iam::123456789012:root"] };']),
 ],
 "framework_scope": [
  ("BK410", ['let catalog = dynamodb::Table { name: "backup-catalog", hash_key: "backupId", attributes: [("backupId", "S")] };', fw('Control { name: "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN", scope: Scope { resource_types: ["S3", "DynamoDB"] } }')], DENY),
  ("BK416", B + [fw('Control { name: "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED" }')], DENY),
 ],
})

def stack(stmts, inner="", attrs="", sig="", name="case"):
    body = "\n".join("        " + s for s in stmts)
    inner_line = f"    {inner}\n" if inner else ""
    return f"""stack! {{
{inner_line}    #[region("us-east-1")]{attrs}
    pub fn {name}({sig}) {{
{body}
    }}
}}
"""

def render(stmts, inner="", attrs="", sig=""):
    return f"""#![allow(dead_code)]
use backup_dsl_macros::stack;

{stack(stmts, inner, attrs, sig)}
fn main() {{}}
"""

CASES["objectives"] = [
  ("BK414", [KEY, VAULT, 'let catalog = dynamodb::Table { name: "backup-catalog", hash_key: "backupId", attributes: [("backupId", "S")] };', ROLE,
             'let plan = backup::Plan { name: "daily", rules: [Rule { name: "daily", vault: vault, schedule: "cron(0 2 * * ? *)", timezone: "Europe/Berlin", start_window_minutes: 60, completion_window_minutes: 120, lifecycle: Lifecycle { delete_after_days: 35 } }] };',
             sel({"resources": "[catalog]"})], "", '\n    #[objectives(rpo_hours = 24)]'),
]

CASES["framework"] += CASES.pop("framework_scope")

DEP = 'let org = organizations::Deployment { name: "org-backup", targets: ["ou-ab12-cdef3456"], regions: ["us-east-1", "us-west-2"], policy: [plan] };'
TAGGED = sel({"tags": '[("backup", "daily")]'})
ORG = [KEY, VAULT, ROLE]
DAYS = 'lifecycle: Lifecycle { delete_after_days: 35 }'
CENTRAL = 'let central = backup::Vault { name: "central", kms_key: key };'
CENTRAL_COPY = plan(DAYS + ', copy: [Copy { to: "arn:aws:backup:us-east-1:111122223333:backup-vault:central" }]')
CENTRAL_DEP = DEP.replace(' };', ', organization_id: "o-abcdef1234", central_account: "111122223333" };')
CASES["organization"] = [
  ("BK419", ORG + [plan('timezone: "Europe/Berlin", ' + DAYS), TAGGED, DEP]),
  ("BK420", ORG + [plan(DAYS), sel({"role": '"arn:aws:iam::111122223333:role/backup"', "tags": '[("backup", "daily")]'}), DEP]),
  ("BK421", ORG + [plan(DAYS + ', copy: [Copy { to: "arn:aws:backup:eu-west-1:$account:backup-vault:primary" }]'), TAGGED, DEP]),
  ("BK422", ORG + [plan(DAYS), TAGGED, DEP.replace('["ou-ab12-cdef3456"]', '["111122223333"]')]),
  ("BK423", ORG + ['let eu = backup::Vault { region: "eu-west-1", name: "eu" };', plan(DAYS), TAGGED, DEP]),
  ("BK424", ORG + ['let bucket = s3::Bucket { name: "acme-backups", versioning: "Enabled" };', plan(DAYS), TAGGED, DEP]),
  ("BK425", ORG + [CENTRAL, CENTRAL_COPY, TAGGED, CENTRAL_DEP]),
]



def fixed(code, stmts):
    """The case's statements with its FIXES applied, and the indices of the statements changed."""
    out, changed = list(stmts), set()
    for wrong, right in FIXES[code]:
        for i in reversed(range(len(out))):
            if wrong in out[i]:
                out[i] = out[i].replace(wrong, right.replace("\n", "\n        "), 1)
                changed.add(i)
                break
        else:
            raise SystemExit(f"{code}: fix {wrong!r} matches no statement")
    return out, sorted(changed)

def shorten(line, limit=240):
    return line if len(line) <= limit else line[:170] + " … " + line[-60:]

def said(family, code, severity):
    """The diagnostic of the ui case's snapshot, up to its location line."""
    path = os.path.join(HERE, "ui", family, f"{code}.stderr")
    if not os.path.exists(path):
        return ""
    # The snapshot's diagnostics, each up to its location line; the first of this code.
    blocks, lines, inside = [], [], False
    for line in open(path).read().splitlines():
        if line.startswith(("error", "warning")):
            lines, inside = [line], True
        elif line.lstrip().startswith("-->") and inside:
            blocks.append("\n".join(lines))
            inside = False
        elif inside:
            lines.append(line)
    text = next((b for b in blocks if f"{code}:" in b.splitlines()[0]), blocks[0] if blocks else "")
    text = re.sub(r"^(error|warning): use of deprecated unit struct `\w+::(BK\d+)(_\d+)?`: ", r"\1: \2: ", text)
    level = "warning" if severity == "Warning" else "error"
    return re.sub(r"^(error|warning):", level + ":", text)

def rust_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

severities = dict(re.findall(r"^\s+(BK\d+) (Error|Warning) ", open(os.path.join(HERE, "../backup-dsl/src/codes.rs")).read(), re.M))
examples, explained = [], []
for family, cases in CASES.items():
    os.makedirs(os.path.join(HERE, "ui", family), exist_ok=True)
    for case in cases:
        code, stmts = case[0], case[1]
        inner = case[2] if len(case) > 2 else ""
        attrs = case[3] if len(case) > 3 else ""
        sig = case[4] if len(case) > 4 else ""
        emit(os.path.join(HERE, "ui", family, f"{code}.rs"), render(stmts, inner, attrs, sig))
        right_sig = SIGNATURE_FIXES.get(code, sig)
        right, changed = fixed(code, stmts) if code in FIXES else (list(stmts), [])
        explained.append(stack(right, inner, attrs, right_sig, name=code.lower()))
        # A statement split over lines (an `if`, a long list) is shown whole.
        wrong_text = "\n".join(shorten(stmts[i]) for i in changed)
        right_text = "\n".join(shorten(right[i]) for i in changed)
        given = "\n".join(shorten(stmts[i]) for i in range(len(stmts)) if i not in changed)
        if code in SIGNATURE_FIXES:
            wrong_text, right_text = f"pub fn case({sig})", f"pub fn case({right_sig})"
        if code == "BK215":
            given = "\n".join(stmts[:2])
            wrong_text, right_text = "\n".join(stmts[2:]), "\n".join(right[2:])
        examples.append((code, given, wrong_text, said(family, code, severities[code]), right_text))
for code, (wrong, right, says) in API_EXAMPLES.items():
    examples.append((code, "", wrong, says, right))

missing = set(severities) - set(WHY)
assert not missing, f"codes without WHY: {sorted(missing)}"
assert set(c for c, *_ in examples) == set(severities), sorted(set(severities) - set(c for c, *_ in examples))

emit(os.path.join(HERE, "pass", "explained.rs"), """//! Every ui case with the fix `synth explain` teaches (tests/explain.py): each must compile
//! without a single diagnostic, so every right example is proven right. Generated by
//! tests/gen_ui.py.
#![allow(dead_code)]
#![deny(deprecated)] // a warning of any stack fails this case
use backup_dsl_macros::stack;

""" + "\n".join(explained) + "\nfn main() {}\n")

examples.sort()
out = ("""//! Layer 0, values and schema.
//!
//! What `synth explain` teaches for each code: why AWS cares, a wrong example (the code's ui
//! case), what the checker says about it, and the right one (proven by `tests/pass/explained.rs`).
//! Generated by `tests/gen_ui.py` from `tests/explain.py` and the ui snapshots: do not edit.

/// One code's example.
pub struct Example {
    /// The code.
    pub code: &'static str,
    /// Why AWS (or CloudFormation, Terraform) cares.
    pub why: &'static str,
    /// The rest of the example stack, which the mistake needs (may be empty).
    pub given: &'static str,
    /// The statements that are wrong.
    pub wrong: &'static str,
    /// What the checker says about them.
    pub says: &'static str,
    /// The same statements, right.
    pub right: &'static str,
}

/// Every code's example, in code order.
pub static EXAMPLES: &[Example] = &[
""")
for code, given, wrong, says, right in examples:
    out += (f"    Example {{\n        code: {rust_str(code)},\n        why: {rust_str(WHY[code])},\n        given: {rust_str(given)},\n        wrong: {rust_str(wrong)},\n        says: {rust_str(says)},\n        right: {rust_str(right)},\n    }},\n")
out += "];\n"
emit(os.path.join(HERE, "../backup-dsl/src/examples.rs"), out)
if stale:
    raise SystemExit("generated files are stale (run python3 tests/gen_ui.py): " + ", ".join(stale))
print(sum(len(c) for c in CASES.values()), "cases,", len(examples), "examples")
