//! A corpus of valid input, each stack written from a public source that shows AWS (or the
//! Terraform provider, or the AWS CDK) accepting it. Every stack here must compile without an
//! error, build without an error, and emit output that cfn-lint and `terraform validate` accept
//! (`tests/tests/corpus.rs`). A false error is worse than a missing one: when a rule rejects
//! something here, the rule is wrong, not the corpus.
//!
//! Sources are named in a comment above each stack. The `boundaries` module holds, per
//! error-level rule with a numeric or name bound, the largest valid value and the strangest valid
//! name.

pub mod aws_docs;
pub mod boundaries;
pub mod cdk;
pub mod terraform_provider;

use backup_dsl::StackDef;

/// Every corpus stack, with the source it was written from.
pub const CORPUS: &[(StackDef, &str)] = &[
    (aws_docs::ASSIGN_RESOURCES_CLI, "AWS Backup developer guide, \"Assign resources with AWS CLI\"; knowledge center backup-assign-resources"),
    (aws_docs::FRAMEWORK_API, "AWS Backup developer guide, \"Creating frameworks using the AWS Backup API\""),
    (aws_docs::REPORT_PLAN_BUCKET_POLICY, "AWS Backup developer guide, \"Creating report plans\" (S3 bucket policy for AWSServiceRoleForBackupReports)"),
    (aws_docs::LAMBDA_ADD_PERMISSION, "Lambda API AddPermission example (source ARN of a bucket); a statement without source"),
    (aws_docs::IAM_POLICY_VARIABLES, "IAM user guide, \"IAM policy elements: variables and tags\""),
    (aws_docs::CLOUDWATCH_STATISTICS, "CloudWatch user guide, \"CloudWatch statistics definitions\""),
    (aws_docs::SOVEREIGN_CLOUD_REGION, "AWS SDKs' partition metadata (aws-eusc: eusc-de-east-1)"),
    (aws_docs::CURRENT_RUNTIMES, "Lambda developer guide, \"Lambda runtimes\""),
    (aws_docs::AIR_GAPPED_VAULT_CMK, "AWS::Backup::LogicallyAirGappedBackupVault EncryptionKeyArn (CloudFormation resource reference)"),
    (terraform_provider::VAULT_POLICY_SELF, "hashicorp/terraform-provider-aws, TestAccBackupVaultPolicy_basic"),
    (terraform_provider::RESTORE_TESTING_SELECTION_UPDATES, "hashicorp/terraform-provider-aws, TestAccBackupRestoreTestingSelection_updates"),
    (terraform_provider::SELECTION_CONDITIONS, "hashicorp/terraform-provider-aws, TestAccBackupSelection_conditionsWithTags and _withResources"),
    (terraform_provider::PLAN_ADVANCED_SETTINGS, "hashicorp/terraform-provider-aws, TestAccBackupPlan_advancedBackupSetting and _withCopyAction"),
    (terraform_provider::LOGICALLY_AIR_GAPPED, "hashicorp/terraform-provider-aws, TestAccBackupLogicallyAirGappedVault_basic"),
    (cdk::DAILY_WEEKLY_MONTHLY, "aws-cdk-lib/aws-backup test/plan.test.ts (dailyWeeklyMonthly5YearRetention)"),
    (cdk::VAULT_LOCK, "aws-cdk-lib/aws-backup test/vault.test.ts (lockConfiguration)"),
    (cdk::SELECTION_FROM_TAGS, "aws-cdk-lib/aws-backup test/selection.test.ts (BackupResource.fromTag, fromArn, fromDynamoDbTable)"),
    (boundaries::LARGEST_VALID, "the bounds of each rule (spec/backup-rules.md with its sources)"),
    (boundaries::STRANGEST_NAMES, "the name patterns of each rule (API patterns)"),
];
