//! Layer 0, values and schema.
//!
//! The catalogue of diagnostic codes. A code never changes meaning once published.
//!
//! Codes `BK001`-`BK142` carry the number of the rule in the project's rule catalogue
//! (`spec/backup-rules.md`, section 13), so a code leads straight to its sources. `BK2xx` are the
//! model's own checks (fields, types, references), `BK3xx` the emitters'.

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// AWS would accept it, but it is probably not what was meant. Deniable.
    Warning,
    /// AWS (or the deploy) would reject it, or it can never work.
    Error,
}

/// A rule's identity and documentation, printed by `synth explain`.
#[derive(Debug, PartialEq, Eq)]
pub struct Code {
    /// `BK050`.
    pub code: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// The invariant, in one line.
    pub summary: &'static str,
    /// Where AWS (or CloudFormation, Terraform) states it.
    pub source: &'static str,
}

impl Code {
    /// The text `synth explain` prints.
    pub fn explain(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => {
                "warning (deniable with `#![deny(warnings)]`, silenced with `#![allow(CODE)]`)"
            }
        };
        let mut text = format!("{}: {}\n\nlevel: {level}\n", self.code, self.summary);
        let example = crate::examples::EXAMPLES
            .iter()
            .find(|e| e.code == self.code);
        if let Some(e) = example {
            text.push_str(&format!("why: {}\n", e.why));
        }
        text.push_str(&format!("source: {}\n", self.source));
        if let Some(e) = example {
            let indent = |s: &str| s.lines().map(|l| format!("    {l}\n")).collect::<String>();
            if !e.given.is_empty() {
                text.push_str(&format!("\ngiven:\n{}", indent(e.given)));
            }
            text.push_str(&format!("\nwrong:\n{}", indent(e.wrong)));
            if !e.says.is_empty() {
                text.push_str(&format!("\nthe checker says:\n{}", indent(e.says)));
            }
            text.push_str(&format!("\nright:\n{}", indent(e.right)));
        }
        text
    }
}

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $id:ident $sev:ident $summary:literal $source:literal;)*) => {
        $(
            $(#[doc = $doc])*
            #[doc = ""]
            #[doc = concat!("```text\nrule:   ", $summary, "\nsource: ", $source, "\n```")]
            pub static $id: Code = Code {
                code: stringify!($id),
                severity: Severity::$sev,
                summary: $summary,
                source: $source,
            };
        )*
        /// Every code, in numeric order.
        pub static CATALOGUE: &[&Code] = &[$(&$id),*];
    };
}

/// The code with this name (`"BK050"`), case-insensitively.
pub fn lookup(code: &str) -> Option<&'static Code> {
    CATALOGUE
        .iter()
        .copied()
        .find(|c| c.code.eq_ignore_ascii_case(code))
}

codes! {
    /// Vault names are 2-50 letters, digits, `-` or `_`.
    BK001 Error "a vault name must match ^[A-Za-z0-9_-]{2,50}$" "API BackupVaultName shape; CFN BackupVaultNamePattern; CDK vault.ts";
    /// Vault names are unique per account and Region; `Default` exists already.
    BK002 Error "a vault name must be unique in its account and Region (and `Default` already exists: warning)" "API CreateBackupVault AlreadyExistsException";
    /// A vault's key given as a string must be a KMS key ARN.
    BK003 Error "a vault's encryption key must be a KMS key ARN, not an alias" "API CreateBackupVault EncryptionKeyArn";
    /// KMS keys are regional.
    BK004 Error "a vault's KMS key must be in the vault's Region" "DOC cross-region-backup.html; KMS keys are Regional";
    /// CloudFormation requires MinRetentionDays in a lock.
    BK005 Error "a vault lock needs min_retention_days" "CFN AWS::Backup::BackupVault LockConfiguration.MinRetentionDays (required)";
    /// 1 <= MinRetentionDays <= 36500.
    BK006 Error "a vault lock's min_retention_days must be 1-36500" "API PutBackupVaultLockConfiguration; CDK LockConfiguration";
    /// MaxRetentionDays <= 36500 and >= MinRetentionDays.
    BK007 Error "a vault lock's max_retention_days must be >= min_retention_days and <= 36500" "API PutBackupVaultLockConfiguration; CDK requires max > min";
    /// ChangeableForDays >= 3.
    BK008 Error "a vault lock's changeable_for_days must be 3-36500" "API PutBackupVaultLockConfiguration (72-hour cooling-off); TF IntAtLeast(3)";
    /// Compliance mode is irreversible after the grace time.
    BK009 Warning "a compliance-mode lock becomes immutable after changeable_for_days" "DOC vault-lock.html";
    /// Vault access policies take no wildcard actions.
    BK010 Error "a vault access policy cannot use wildcard actions" "CDK vault.ts grant(): AWS Backup access policies don't support a wildcard in the Action key";
    /// Some events are no longer emitted.
    BK011 Warning "a vault notification event is no longer emitted by AWS Backup" "DOC sns-notifications.html; CDK vault.ts";
    /// AWS Backup cannot publish to FIFO topics.
    BK012 Error "vault notifications need a Standard (non-FIFO) topic" "DOC backup-notifications.html";
    /// LAG vault retention bounds.
    BK013 Error "an air-gapped vault needs 7 <= min_retention_days <= max_retention_days <= 36500" "API CreateLogicallyAirGappedBackupVault";
    /// Plan names.
    BK015 Error "a plan name must be 1-50 letters, digits, `-`, `_`, `.`" "API BackupPlanName doc";
    /// At least one rule.
    BK016 Error "a plan needs at least one rule" "API CreateBackupPlan Rules (required); CDK plan.ts";
    /// Rule names, unique per plan.
    BK017 Error "a rule name must match ^[A-Za-z0-9_.-]{1,50}$ and be unique in its plan" "API BackupRuleName; TF plan.go";
    /// Target vault is a name in the plan's Region.
    BK018 Error "a rule's target vault must be in the plan's Region" "API BackupRuleInput.TargetBackupVaultName";
    /// LAG target is in the plan's Region.
    BK019 Error "a rule's air-gapped target must be in the plan's Region" "API BackupRuleInput.TargetLogicallyAirGappedBackupVaultArn";
    /// Only cron.
    BK020 Error "AWS Backup schedules must be cron(...) expressions; rate() and at() are rejected" "terraform-provider-aws#8269; CDK rule.ts";
    /// Six fields.
    BK021 Error "a cron expression has 6 fields: minute hour day-of-month month day-of-week year" "DOC eventbridge eb-cron-expressions.html";
    /// Per-field values.
    BK022 Error "a cron field uses a value or wildcard its position does not allow" "DOC eventbridge eb-cron-expressions.html; cfn-lint E3027";
    /// Exactly one `?`.
    BK023 Error "exactly one of day-of-month and day-of-week must be `?`" "DOC eventbridge eb-cron-expressions.html";
    /// One `#` expression.
    BK024 Error "`#` allows a single day-of-week expression" "DOC eventbridge eb-cron-expressions.html";
    /// Hourly at most.
    BK025 Error "AWS Backup schedules run at most once per hour (the minute field must be one value)" "DOC point-in-time-recovery.html";
    /// IANA time zone.
    BK026 Error "a schedule time zone must be an IANA time-zone name" "API BackupRuleInput.ScheduleExpressionTimezone";
    /// Start window.
    BK027 Error "a start window must be 60-52560000 minutes" "API BackupRuleInput.StartWindowMinutes";
    /// Completion window.
    BK028 Error "a completion window is at most 52560000 minutes, and should be longer than the start window (warning)" "API StartBackupJobInput.CompleteWindowMinutes (counts from the scheduled time)";
    /// DeleteAfterDays range.
    BK030 Error "delete_after_days must be 1-36500" "API Lifecycle; terraform-provider-aws#24960";
    /// MoveToColdStorageAfterDays range.
    BK031 Error "cold_storage_after_days must be at most 36500" "API Lifecycle";
    /// +90 days in cold storage.
    BK032 Error "delete_after_days must be at least 90 days after cold_storage_after_days" "API Lifecycle; cfn-lint E3504";
    /// Zero is not 'never'.
    BK033 Error "lifecycle days must be >= 1 (omit the field for never)" "TF expandLifecycle drops 0 values";
    /// Archive without cold storage.
    BK034 Warning "archive has no effect without cold_storage_after_days" "API Lifecycle.OptInToArchiveForSupportedResources";
    /// Ignored cold storage.
    BK035 Warning "cold storage is ignored for resource types that cannot go cold (S3, RDS, Aurora, ...)" "API Lifecycle: AWS Backup ignores this expression for other resource types";
    /// Continuous needs a lifecycle.
    BK036 Error "continuous backup needs lifecycle.delete_after_days" "CFN: Lifecycle must be specified for backup rule enabled continuous backup";
    /// Continuous 1-35.
    BK037 Error "continuous backup retention must be 1-35 days" "DOC point-in-time-recovery-retention-period.html; CDK rule.ts";
    /// No cold storage for continuous.
    BK038 Error "cold storage is unavailable for continuous backups" "API ERROR_3015 MoveToColdStorageAfterDays is unavailable";
    /// Retention vs frequency.
    BK039 Warning "continuous retention is shorter than the schedule interval" "DOC point-in-time-recovery-retention-period.html";
    /// S3 continuous backups.
    BK040 Warning "an S3 bucket's continuous backups belong to one plan, and its continuous and periodic backups to one vault" "DOC s3-backups.html";
    /// Copy destination ARN.
    BK041 Error "a copy destination must be a backup-vault ARN" "API CopyAction.DestinationBackupVaultArn";
    /// Copy into its own vault.
    BK042 Warning "a copy action targets its own source vault" "seed defect D16";
    /// RDS copy chains.
    BK044 Warning "RDS and Aurora copies can be cross-account or cross-Region, not both (needs the stack's account)" "DOC recov-point-create-a-copy.html";
    /// Cross-account copies need a CMK.
    BK045 Warning "cross-account copies need a customer managed key on the source vault (needs the stack's account)" "DOC blog create-and-share-encrypted-backups-across-accounts-and-regions";
    /// Advanced settings.
    BK046 Error "invalid advanced backup option for the resource type" "API AdvancedBackupSetting";
    /// Index actions.
    BK047 Error "a rule allows one index action with exactly one resource type" "API BackupRuleInput.IndexActions";
    /// Recovery point tags.
    BK049 Error "recovery point tags: keys 1-128, values <= 256, no `aws:` prefix" "API Tags; TF IgnoreAWS";
    /// Lock minimum.
    BK050 Error "a rule's retention is below the target vault lock's minimum (every backup job fails)" "API PutBackupVaultLockConfiguration MinRetentionDays";
    /// Lock maximum.
    BK051 Error "a rule's retention exceeds the target vault lock's maximum (every backup job fails)" "API PutBackupVaultLockConfiguration MaxRetentionDays";
    /// Copy vs destination lock.
    BK052 Error "a copy's retention is outside the destination vault lock's range (every copy job fails)" "API PutBackupVaultLockConfiguration; CopyAction.Lifecycle inherits the rule's";
    /// Continuous into a long-minimum lock.
    BK053 Error "continuous backups (<= 35 days) cannot satisfy a lock minimum above 35 days" "API PutBackupVaultLockConfiguration; DOC point-in-time-recovery";
    /// LAG range.
    BK054 Error "retention outside the air-gapped vault's range" "API CreateLogicallyAirGappedBackupVault";
    /// Selection name.
    BK055 Error "a selection name must match ^[A-Za-z0-9_.-]{1,50}$" "API BackupSelectionName";
    /// Selection plan.
    BK056 Error "a selection's plan must be a plan of the stack (CloudFormation needs its id)" "CFN BackupSelection.BackupPlanId";
    /// Role trust.
    BK057 Error "the selection's role must trust backup.amazonaws.com" "TF selection.go: IAM Role cannot be assumed by AWS Backup";
    /// Condition keys.
    BK059 Error "selection condition keys name resource tags: a bare tag key (`backup`, written `aws:ResourceTag/backup` for you) or `aws:ResourceTag/<key>`; no other `aws:` key" "API ConditionParameter";
    /// Resource ARNs.
    BK060 Error "selection resources: at most 500 ARNs, or 30 when any has a wildcard (wildcards may stand anywhere in an ARN)" "API BackupSelection.Resources; DOC assigning-resources-json.html (catalogue rule 60 corrected)";
    /// Selects everything.
    BK061 Warning "a selection with no resources, tags or conditions selects every opted-in resource" "API BackupSelection";
    /// Framework name.
    BK064 Error "a framework name must start with a letter and hold only letters, digits, `_` (max 256)" "TF validFrameworkName; API [a-zA-Z][_a-zA-Z0-9]*";
    /// Descriptions.
    BK065 Error "a description must be at most 1024 characters with a non-space character" "API FrameworkDescription .*\\S.*";
    /// Controls.
    BK066 Error "a framework needs at least one control, each at most once" "CFN FrameworkControls uniqueItems; TF MinItems 1";
    /// Parameters per control.
    BK068 Error "a control takes only its own parameters, each once" "DOC controls-and-remediation.html; creating-frameworks-api.html";
    /// Units.
    BK069 Error "requiredFrequencyUnit and recoveryPointAgeUnit are `hours` or `days`" "DOC controls-and-remediation.html (seed defect D12)";
    /// Frequency value.
    BK070 Error "requiredFrequencyValue is 1-24 hours or 1-31 days" "DOC controls-and-remediation.html";
    /// Age value.
    BK071 Error "recoveryPointAgeValue out of range for the control and unit" "DOC controls-and-remediation.html";
    /// Integer parameters.
    BK072 Error "day and minute parameters must be positive integers, minRetentionDays <= maxRetentionDays" "DOC controls-and-remediation.html";
    /// Lists.
    BK073 Error "principalArnList/crossAccountList/crossRegionList entries invalid or too many" "DOC controls-and-remediation.html";
    /// Scope kinds.
    BK074 Error "the control cannot be scoped this way" "DOC controls-and-remediation.html";
    /// Scope shape.
    BK075 Error "invalid control scope: ids need exactly one resource type, 1-100 ids, at most one tag" "API ControlScope";
    /// Scope types.
    BK076 Error "unknown resource type in a control scope: an AWS Backup service name (`EBS`) or an AWS Backup Config type (`AWS::Backup::BackupVault`); an unlisted `AWS::X::Y` type is a warning" "API GetSupportedResourceTypes; DOC Creating frameworks using the AWS Backup API";
    /// 50 controls.
    BK077 Error "at most 50 framework controls per account and Region" "DOC controls-and-remediation.html";
    /// Report plan name.
    BK078 Error "a report plan name must start with a letter and hold only letters, digits, `_`" "TF validReportPlanName";
    /// SCAN_JOB_REPORT.
    BK080 Warning "SCAN_JOB_REPORT cannot be rendered for Terraform (the provider rejects it)" "TF consts.go";
    /// Frameworks on non-compliance templates.
    BK081 Warning "frameworks are only used by compliance report templates (others ignore them)" "DOC create-report-plan-api.html (seed defect D25)";
    /// Compliance without frameworks.
    BK082 Warning "a compliance report covers no frameworks" "DOC create-report-plan-api.html";
    /// Framework ARNs.
    BK083 Error "a report plan framework must be a framework of the stack or a framework ARN" "API ReportSetting.FrameworkArns";
    /// Formats.
    BK084 Error "report formats are CSV or JSON, each once" "API ReportDeliveryChannel.Formats";
    /// JSON coverage.
    BK085 Error "JSON reports are only available for current-account, current-Region reports" "DOC working-with-audit-reports";
    /// Coverage entries.
    BK086 Error "invalid report coverage entry (accounts: ROOT or 12 digits; regions: * or codes; OUs ou-/r-)" "API ReportSetting";
    /// Report bucket.
    BK087 Error "a report plan's bucket must be a valid S3 bucket name" "DOC bucketnamingrules.html";
    /// RTP name.
    BK088 Error "a restore testing plan name must be 1-50 letters, digits or `_`" "API RestoreTestingPlanForCreate";
    /// RTP start window.
    BK090 Error "a restore testing start window must be 1-168 hours" "DOC restore-testing.html quotas";
    /// Recovery point types.
    BK091 Error "recovery point types must be non-empty and unique" "API RestoreTestingRecoveryPointSelection";
    /// Continuous requested.
    BK092 Warning "CONTINUOUS recovery points requested but no included vault receives continuous backups" "API RestoreTestingRecoveryPointSelection";
    /// Include vaults.
    BK093 Error "include_vaults needs 1-30 entries, each `*` or a backup-vault ARN" "API RestoreTestingRecoveryPointSelection";
    /// Selection window.
    BK094 Error "a selection window must be 1-365 days" "API RestoreTestingRecoveryPointSelection.SelectionWindowDays";
    /// Counts.
    BK095 Error "at most 100 restore testing plans per account and 50 tags per plan" "DOC restore-testing.html quotas";
    /// RTS name.
    BK096 Error "a restore testing selection name must be 1-50 letters, digits or `_`" "API RestoreTestingSelectionForCreate (`^[0-9A-Za-z_]{1,50}$`); TF restore_testing_selection.go";
    /// 30 selections.
    BK097 Error "at most 30 restore testing selections per plan" "DOC restore-testing.html quotas";
    /// ARNs vs conditions.
    BK098 Error "a restore testing selection uses specific ARNs or `*` with conditions, not both" "API ProtectedResourceArns/ProtectedResourceConditions";
    /// Conditions.
    BK099 Error "restore testing conditions: at most 30; keys a tag key of 1-128 characters, bare or as `aws:ResourceTag/<key>`; values <= 256" "API KeyValue; TF docs and TestAccBackupRestoreTestingSelection_updates (the prefixed form is deployed)";
    /// Validation window.
    BK100 Error "a validation window must be 0-168 hours (Terraform takes 1-168: 0 is BK303 there)" "API RestoreTestingSelectionForCreate.ValidationWindowHours";
    /// Restore role.
    BK101 Error "the restore role must trust backup.amazonaws.com" "DOC restore-testing.html troubleshooting";
    /// Bucket names.
    BK103 Error "an S3 bucket name is 3-63 of a-z, 0-9, `.`, `-`, starting and ending with a letter or digit, without `..` (`.-` and `-.` are allowed by the current rules)" "DOC bucketnamingrules.html; cfn-lint E1161";
    /// IP-like bucket names.
    BK104 Error "an S3 bucket name must not look like an IP address" "DOC bucketnamingrules.html";
    /// Reserved bucket prefixes and suffixes.
    BK105 Error "an S3 bucket name must not use a reserved prefix (xn--, sthree-, amzn-s3-demo-) or suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)" "DOC bucketnamingrules.html";
    /// Object Lock needs versioning.
    BK106 Error "Object Lock requires versioning `Enabled`" "DOC object-lock-overview; CFN ObjectLockConfiguration";
    /// Default retention.
    BK107 Error "an Object Lock default retention needs exactly one of days or years, at least 1" "API DefaultRetention: You cannot specify Days and Years at the same time";
    /// Lifecycle rule actions.
    BK108 Error "an S3 lifecycle rule needs at least one action and an id of at most 255 characters" "S3: At least one action needs to be specified in a rule";
    /// IA minimum.
    BK109 Error "transitions to STANDARD_IA or ONEZONE_IA need at least 30 days" "API Transition.Days; DOC lifecycle-transition-general-considerations";
    /// Glacier after IA.
    BK110 Error "GLACIER/DEEP_ARCHIVE transitions must come at least 30 days after an IA transition in the same rule" "DOC lifecycle-transition-general-considerations";
    /// Waterfall.
    BK111 Error "S3 lifecycle transitions must follow the storage-class waterfall, each class at most once" "DOC lifecycle-transition-general-considerations (supported transitions)";
    /// Expiration.
    BK112 Error "an S3 expiration is at least 1 day and after every transition; the delete-marker cleanup cannot be combined with days" "API LifecycleExpiration";
    /// Object Lock and access logs.
    BK113 Error "an Object Lock bucket cannot receive server access logs" "DOC object-lock-overview";
    /// KMS aliases.
    BK115 Error "a KMS alias is `alias/` then 1-250 of `[A-Za-z0-9/_-]`, not `alias/aws/`" "API CreateAlias; TF validNameForResource";
    /// KMS deletion window.
    BK116 Error "a KMS key's deletion window must be 7-30 days" "CFN AWS::KMS::Key PendingWindowInDays";
    /// Rotation period.
    BK117 Error "a KMS key's rotation period must be 90-2560 days" "CFN AWS::KMS::Key RotationPeriodInDays";
    /// Alias Region.
    BK118 Error "a KMS alias and its key must be in the same Region" "API CreateAlias: The KMS key must be in the same AWS Region";
    /// Key attributes declared.
    BK120 Error "every key attribute of a table and its indexes must be declared in attributes" "API KeySchema; cfn-lint E3039";
    /// Declared attributes used.
    BK121 Error "every declared attribute must be a key of the table or an index (DynamoDB rejects other attribute definitions)" "cfn-lint E3039 AttributeMismatch";
    /// Types and names.
    BK122 Error "attribute types are S, N or B; table and index names are 3-255 of `[A-Za-z0-9_.-]`" "API AttributeDefinition, TableName";
    /// Indexes.
    BK123 Error "local indexes need a table sort key, reuse its partition key, at most 5; at most 20 global indexes" "API LocalSecondaryIndex; CFN";
    /// Billing.
    BK124 Error "PAY_PER_REQUEST takes no capacity; PROVISIONED needs read and write capacity >= 1" "API BillingMode; cfn-lint";
    /// PITR window.
    BK125 Error "a table's point-in-time recovery period must be 1-35 days" "CFN PointInTimeRecoverySpecification.RecoveryPeriodInDays";
    /// SNS names.
    BK126 Error "a topic name must be 1-256 of letters, digits, `-`, `_`; FIFO topics end in `.fifo`" "API CreateTopic";
    /// IAM role names.
    BK127 Error "a role name must be 1-64 of `[A-Za-z0-9+=,.@_-]`, unique ignoring case; path `/` or `/a/`; session 3600-43200" "API CreateRole";
    /// Function names.
    BK128 Error "a function name is 1-64 of letters, digits, `-`, `_`" "API CreateFunction.FunctionName";
    /// Timeout.
    BK129 Error "a function timeout must be 1-900 seconds" "API CreateFunction.Timeout; TF IntBetween(1,900)";
    /// Memory.
    BK130 Error "a function's memory must be 128-10240 MB" "TF IntBetween(128,10240)";
    /// Handler and environment.
    BK131 Error "a handler is at most 128 characters without spaces; reserved environment variables cannot be set" "CFN; cfn-lint environment_variable_keys";
    /// Log retention.
    BK132 Error "a log group retention must be one of the values CloudWatch Logs accepts" "CFN AWS::Logs::LogGroup RetentionInDays enum";
    /// Log group names.
    BK133 Error "a log group name is 1-512 of `[.-_/#A-Za-z0-9]`; its key a KMS key ARN (an alias ARN is a warning: the CloudFormation pattern takes it, the Logs API asks for a key)" "API CreateLogGroup; cfn-lint E1155; CFN AWS::Logs::LogGroup KmsKeyId pattern";
    /// Dashboard names.
    BK134 Error "a dashboard name is at most 255 of `[A-Za-z0-9_-]`" "API PutDashboard.DashboardName";
    /// Widget layout.
    BK135 Error "a widget's x is 0-23, y >= 0, width 1-24, height 1-1000, and x and y come together" "DOC CloudWatch-Dashboard-Body-Structure";
    /// Metric widgets.
    BK136 Error "a metric widget has 1-500 metrics, and periods are multiples of 60" "DOC CloudWatch-Dashboard-Body-Structure";
    /// Metric entries.
    BK137 Error "a metric is a namespace and a name (with dimension pairs), or an expression" "DOC CloudWatch-Dashboard-Body-Structure (seed defect D13)";
    /// Metric ids.
    BK138 Error "metric ids start with a lowercase letter, hold letters, digits, `_`, and are unique per widget" "DOC CloudWatch-Dashboard-Body-Structure";
    /// Statistics.
    BK139 Error "a statistic is SampleCount, Average, Sum, Minimum, Maximum, IQM, pNN, tmNN, wmNN, tcNN, tsNN, or a range form (TM(10%:90%), PR(:300))" "DOC CloudWatch-Dashboard-Body-Structure; DOC Statistics-definitions.html";
    /// Wrong kind.
    BK140 Error "a reference names a resource of the wrong kind" "CFN Ref/GetAtt semantics (vault name vs ARN vs plan id)";
    /// Tags.
    BK141 Error "tag keys are 1-128 characters, values at most 256, and keys must not start with `aws:`; a selection's `tags` are conditions and may be written `aws:ResourceTag/<key>`" "API Tags; CFN tag definitions; API Condition (ListOfTags)";
    /// Deleting vaults.
    BK142 Warning "a vault deleted with the stack fails while it holds recovery points" "DOC: a vault must be empty to delete";
    /// Unknown field.
    BK201 Error "unknown field" "the schema in backup_dsl::schema";
    /// Missing field.
    BK202 Error "missing required field" "the schema in backup_dsl::schema (AWS/CloudFormation required properties)";
    /// Wrong type.
    BK203 Error "a value of the wrong type, or not one of the allowed values (an unlisted value of a growing set, such as a new Lambda runtime, is a warning)" "the schema in backup_dsl::schema; DOC lambda-runtimes.html";
    /// Unknown identifier.
    BK204 Error "a reference to an identifier the stack does not declare" "the stack's declarations";
    /// Duplicate ids.
    BK206 Error "two resources share a logical id (also after conversion to CloudFormation's alphanumeric ids)" "CFN logical ids are unique, alphanumeric";
    /// Cycles.
    BK207 Error "resources reference each other in a cycle" "CFN and Terraform reject circular dependencies";
    /// Regions.
    BK208 Error "unknown AWS Region (a well-formed but unlisted code is a warning)" "AWS Regions list";
    /// Physical names.
    BK209 Error "two resources of one kind share a physical name in one account and Region" "AlreadyExistsException";
    /// Struct names.
    BK210 Error "the struct written is not the one this field takes" "the schema in backup_dsl::schema";
    /// Lock mode.
    BK211 Error "a compliance lock needs changeable_for_days; a governance lock takes none" "DOC vault-lock.html";
    /// Unknown kind.
    BK212 Error "unknown resource kind" "the kinds in backup_dsl::schema::Kind";
    /// Syntax.
    BK213 Error "syntax the stack! macro does not accept" "the DSL reference in README.md";
    /// Unknown at build time.
    BK214 Error "every value is known when a stack is built" "backup-dsl (plain API stacks)";
    /// Conditional resources.
    BK215 Error "a reference to a resource declared under a condition must only be reachable where that condition holds" "the stack's `if` conditions (a resource under a false condition does not exist)";
    /// Selection resource strings.
    BK216 Error "a selection's resources given as strings are ARNs or `*` (a regional ARN of another Region than the plan's selects nothing: warning)" "API BackupSelection.Resources; DOC assigning-resources.html (a plan protects resources in its Region)";
    /// Parameter values.
    BK217 Error "a parameter declared with #[one_of(..)] takes one of those values" "the stack's parameter declaration (as Terraform's variable validation)";
    /// Cross-region reference.
    BK301 Error "a reference across Regions needs a predictable ARN (give the target a name)" "CFN stacks are regional; Fn::ImportValue does not cross Regions";
    /// Template cycle.
    BK302 Error "templates of two Regions reference each other; no deploy order exists" "CFN stacks deploy one at a time";
    /// Terraform limits.
    BK303 Warning "a field the Terraform provider (hashicorp/aws 5.100) cannot express" "terraform providers schema of hashicorp/aws 5.100.0";
    /// CloudFormation limits.
    BK304 Warning "a field CloudFormation cannot express" "CloudFormation resource schemas";
    /// An organization deployment is deployed whole.
    BK305 Error "a stack with an organization deployment is synthesized whole, from the management account: no `--only` part, no `synth apply` of one account" "DOC orgs_manage_policies_backup (policies are created in the management account); CFN AWS::CloudFormation::StackSet";
    /// The member template's size.
    BK306 Error "an organization's member template must fit a StackSet: its TemplateBody at most 51,200 bytes, at most 500 resources" "API CloudFormation CreateStackSet.TemplateBody (1-51,200 bytes); CloudFormation quotas (500 resources per stack)";
    /// S3 selections.
    BK401 Error "a bucket AWS Backup protects needs versioning, and the backup role the S3 backup and restore policies (or AdministratorAccess/PowerUserAccess)" "DOC s3-backups.html (seed defect D18)";
    /// Action vs resource type.
    BK403 Error "an action granted on a resource type it does not apply to has no effect" "Service Authorization Reference (seed defect D28)";
    /// PassRole.
    BK404 Error "a role that starts restore jobs needs iam:PassRole for the restore role" "DOC restore-testing / StartRestoreJob (seed defect D19)";
    /// Encrypted topics.
    BK405 Error "publishing to a KMS-encrypted topic needs kms:GenerateDataKey* and kms:Decrypt on its key" "DOC sns-key-management (seed defect D20)";
    /// Placeholder account.
    BK406 Error "a principal (of a role's trust, or a role, key, bucket or vault access policy) names the documentation placeholder account 123456789012 (a selected resource ARN in it selects nothing: warning)" "AWS documentation placeholder (seed defect D11)";
    /// Deprecated runtimes.
    BK407 Error "the Lambda runtime is deprecated: creating or updating functions with it is blocked" "DOC lambda-runtimes.html#runtimes-deprecated (seed defect D9)";
    /// Code assets.
    BK408 Error "a function's code must be an existing .zip file or a directory (zipped deterministically when the stack is built)" "seed defect D10";
    /// Notifications and permissions.
    BK409 Error "an S3 notification needs a lambda::Permission for S3 (its source the bucket, by reference or ARN, or absent); a permission no notification uses never fires (warning)" "S3 PutBucketNotificationConfiguration: Unable to validate destination (seed defect D22)";
    /// Framework scope vs selections.
    BK410 Warning "a framework control covers resource types no selection of the stack protects" "seed defect D24";
    /// Inventory destination.
    BK411 Warning "an inventory destination bucket needs a policy letting s3.amazonaws.com write" "DOC configure-inventory (seed defect D21)";
    /// Confused deputy.
    BK412 Warning "an S3 invoke permission without source_account allows a confused deputy" "DOC lambda permissions: SourceAccount for S3 (seed defect D33)";
    /// Report delivery.
    BK413 Warning "a report plan's delivery bucket of the stack needs a policy letting the AWSServiceRoleForBackupReports role put objects" "DOC create-report-plan-console.html (Amazon S3 bucket policy); split from BK087, which is the bucket name alone";
    /// Recovery objectives.
    BK414 Error "a data store of the stack misses a declared recovery objective (worst-case RPO, retention, a copy in another Region or account or an air-gapped vault, a locked vault), or no plan protects it" "the stack's #[objectives]; worst-case RPO: the largest gap between scheduled runs over a year in the rule's time zone plus the completion window (API BackupRule ScheduleExpression, ScheduleExpressionTimezone, CompletionWindowMinutes)";
    /// Retention gaps.
    BK415 Warning "a rule keeps recovery points for less time than the longest gap between its runs, so for a while there is none" "API BackupRule Lifecycle.DeleteAfterDays and ScheduleExpression (worst gap over a year in the rule's time zone)";
    /// A control of a framework of the stack will report one of the stack's resources
    /// NON_COMPLIANT once deployed, by the control's definition.
    BK416 Warning "a framework control will report a resource of the stack NON_COMPLIANT once deployed" "AWS Config managed rules of the controls' identifiers (backup-plan-min-frequency-and-min-retention-check, backup-recovery-point-manual-deletion-disabled, backup-recovery-point-minimum-retention-check, ..); DOC controls-and-remediation.html";
    /// Every copy of a rule stays in its source vault's Region and account.
    BK417 Warning "every copy of a rule stays in the source vault's Region and account, so a Region outage takes them all" "DOC cross-region-backup.html (copies to other Regions for disaster recovery)";
    /// A restore testing plan that tests nothing the stack backs up.
    BK418 Warning "a restore testing plan picks recovery points only from vaults no backup rule of the stack writes to" "API RestoreTestingRecoveryPointSelection.IncludeVaults";
    /// A plan of an organization backup policy uses what the policy syntax cannot express.
    BK419 Error "a plan of an organization backup policy uses a feature the backup policy syntax cannot express" "DOC orgs_manage_policies_backup_syntax (the elements of a plan, a rule and a selection)";
    /// The backup policy names a vault or role the member-account part does not deploy.
    BK420 Error "a backup policy's target vault and IAM role must be deployed by the member-account part, in every Region the plan runs in" "DOC orgs_manage_policies_backup_syntax (the vault and the role must already exist)";
    /// A policy copy destination no account has.
    BK421 Error "a backup policy's copy destination must be a vault the member part deploys, in a Region of the deployment, in the same account (`$account`) or the declared central account" "DOC orgs_manage_policies_backup_syntax (copy_actions, $account)";
    /// What AWS Organizations and CloudFormation StackSets accept of a deployment.
    BK422 Error "an organization deployment's name, description, targets, Regions and policy size must be what Organizations and StackSets accept" "DOC orgs_reference_limits (10,000 characters); API CreatePolicy, AttachPolicy; CFN AWS::CloudFormation::StackSet";
    /// The member part is one template in every account and Region.
    BK423 Error "the member-account part is one template in every account and Region of the deployment: Regions it names must be deployment Regions, and its references must resolve wherever it exists" "CFN AWS::CloudFormation::StackSet; DOC stacksets-concepts";
    /// A bucket name in the member part.
    BK424 Error "an S3 bucket cannot be in the member-account part: bucket names are global, and every account would create the same one" "DOC bucketnamingrules (unique across all accounts)";
    /// The central vault of cross-account copies.
    BK425 Error "the central vault must let the organization copy in (`backup:CopyIntoBackupVault` under `aws:PrincipalOrgID`); cross-account copies want customer managed keys" "DOC create-cross-account-backup; AWS Control Tower AWS Backup integration";
    /// Lambda permission fields.
    BK426 Error "a Lambda permission's function, principal, source account and action must be what AddPermission takes" "API Lambda AddPermission (FunctionName, Principal, SourceAccount, Action patterns); cfn-lint E3031";
    /// IAM role description and managed policies.
    BK427 Error "a role's description is at most 1000 characters of printable Latin-1, and its managed policies are policy ARNs" "API CreateRole.Description, AttachRolePolicy.PolicyArn";
}
