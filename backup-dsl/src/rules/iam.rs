//! Layer 3, the rules.
//!
//! KMS keys and aliases, SNS topics, IAM roles and what their policies can actually do.

use super::names::chars_within;
use super::Cx;
use crate::codes::*;
use crate::model::Resource;
use crate::schema::Kind;
use crate::value::{Object, Value};

/// Runs the rules.
pub fn check(cx: &mut Cx) {
    for alias in cx.of_kind(Kind::KmsAlias) {
        alias_name(cx, alias);
    }
    match cx.learned() {
        // Only the resources the schema walk saw mention the placeholder: reading every
        // resource's fields again is a cache miss each in a large stack.
        Some(learned) => {
            let stack = cx.stack;
            for i in learned.placeholder_account.clone() {
                placeholder_account(cx, &stack.resources[i]);
            }
        }
        None => {
            for res in &cx.stack.resources {
                placeholder_account(cx, res);
            }
        }
    }
    for role in cx.of_kind(Kind::IamRole) {
        for (i, p) in role
            .body
            .list("policies")
            .iter()
            .filter_map(Value::as_object)
            .enumerate()
        {
            for (j, st) in p
                .list("statements")
                .iter()
                .filter_map(Value::as_object)
                .enumerate()
            {
                action_applies_to_resources(cx, role, (i, j), st);
            }
        }
        restore_needs_pass_role(cx, role);
        encrypted_topic_publish(cx, role);
    }
    for key in cx.of_kind(Kind::KmsKey) {
        if let Some(days) = key.body.int("rotation_period_days") {
            cx.in_range(
                &BK117,
                key,
                "rotation_period_days",
                "KMS key rotation period",
                days,
                90,
                2560,
            );
        }
        if let Some(days) = key.body.int("deletion_window_days") {
            cx.in_range(
                &BK116,
                key,
                "deletion_window_days",
                "KMS key deletion window",
                days,
                7,
                30,
            );
        }
    }
    for topic in cx.of_kind(Kind::SnsTopic) {
        let Some(name) = topic.body.str("name") else {
            continue;
        };
        let fifo = topic.body.bool("fifo") == Some(true);
        let base = name.strip_suffix(".fifo").unwrap_or(name);
        if !chars_within(base, 1, if fifo { 251 } else { 256 }, |c| {
            c.is_ascii_alphanumeric() || c == '-' || c == '_'
        }) {
            cx.report
                .error(
                    &BK126,
                    &topic.id,
                    "name",
                    format!("topic name `{name}` must be 1-256 of letters, digits, `-`, `_`"),
                )
                .help("rename the topic");
        } else if fifo != name.ends_with(".fifo") {
            cx.report
                .error(
                    &BK126,
                    &topic.id,
                    "name",
                    format!(
                        "topic `{name}`: FIFO topics must end in `.fifo`, and only FIFO topics may"
                    ),
                )
                .help(if fifo {
                    "add the `.fifo` suffix"
                } else {
                    "drop the `.fifo` suffix or set `fifo: true`"
                });
        }
    }
    for role in cx.of_kind(Kind::IamRole) {
        if let Some(name) = role.body.str("name") {
            if !chars_within(name, 1, 64, |c| {
                c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)
            }) {
                cx.report
                    .error(
                        &BK127,
                        &role.id,
                        "name",
                        format!("role name `{name}` must be 1-64 of letters, digits and `+=,.@_-`"),
                    )
                    .help("shorten or rename the role");
            }
        }
        if let Some(path) = role.body.str("path") {
            if !(path.starts_with('/') && path.ends_with('/') && path.len() <= 512) {
                cx.report
                    .error(
                        &BK127,
                        &role.id,
                        "path",
                        format!(
                            "role path `{path}` must be `/` or `/a/b/`, at most 512 characters"
                        ),
                    )
                    .help("start and end the path with `/`");
            }
        }
        role_description_and_policies(cx, role);
        if let Some(s) = role.body.int("max_session_seconds") {
            cx.in_range(
                &BK127,
                role,
                "max_session_seconds",
                "max session duration",
                s,
                3600,
                43200,
            );
        }
    }
}

/// BK115. `alias/` then `[A-Za-z0-9/_-]`, 1-256 characters, never `alias/aws/` [API CreateAlias;
/// TF forbids `:`, so the intersection does too].
fn alias_name(cx: &mut Cx, alias: &Resource) {
    let Some(name) = alias.body.str("name") else {
        return;
    };
    let rest = name.strip_prefix("alias/");
    let ok = rest.is_some_and(|r| {
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/_-".contains(c))
    }) && name.len() <= 256
        && !name.starts_with("alias/aws/");
    if !ok {
        let why = if name.starts_with("alias/aws/") {
            "`alias/aws/` is reserved for AWS managed keys"
        } else {
            "it must be `alias/` followed by letters, digits, `/`, `_`, `-`"
        };
        cx.report
            .error(&BK115, &alias.id, "name", format!("alias `{name}`: {why}"))
            .help("write e.g. `alias/backup-dev`");
    }
}

/// The fields BK406 looks into.
const PLACEHOLDER_FIELDS: [&str; 4] = ["assumed_by", "policies", "policy", "access_policy"];

/// Whether the placeholder appears anywhere under `v`: most stacks never write it, and then no
/// path is built.
fn mentions(v: &Value) -> bool {
    match v {
        Value::Str(s) => holds_placeholder(s),
        Value::Partial(parts) => parts.iter().flatten().any(|p| holds_placeholder(p)),
        Value::List(items) => items.iter().any(mentions),
        Value::Map(items) => items.iter().any(|(_, x)| mentions(x)),
        Value::Object(o) => o.fields.iter().any(|(_, x)| mentions(x)),
        _ => false,
    }
}

/// Whether BK406 has anything to look at in `res`: the placeholder account under one of the
/// fields it checks (what the schema walk learns for it, `rules::Learned`).
pub fn mentions_placeholder_account(res: &Resource) -> bool {
    res.body
        .fields
        .iter()
        .any(|(name, v)| PLACEHOLDER_FIELDS.contains(&name.as_str()) && mentions(v))
}

/// BK406. `123456789012` is the AWS documentation placeholder: trusting it either fails or hands
/// the role to a stranger [seed defect D11]. Principals are read (a role's `assumed_by`, the
/// `principals` of role, key, bucket and vault access policies); the same digits in a resource
/// ARN of a policy, a condition or a description grant nobody anything. A selection naming the
/// account in a resource ARN selects nothing: `selection::resource_strings`.
fn placeholder_account(cx: &mut Cx, res: &Resource) {
    fn walk(v: &Value, path: String, in_principals: bool, found: &mut Vec<String>) {
        match v {
            Value::Str(s) if in_principals && s.contains(PLACEHOLDER_ACCOUNT) => found.push(path),
            Value::Partial(parts)
                if in_principals
                    && parts
                        .iter()
                        .flatten()
                        .any(|p| p.contains(PLACEHOLDER_ACCOUNT)) =>
            {
                found.push(path)
            }
            Value::List(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, x)| walk(x, format!("{path}[{i}]"), in_principals, found)),
            Value::Object(o) => o
                .fields
                .iter()
                .for_each(|(k, x)| walk(x, crate::model::join(&path, k), k == "principals", found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    for field in PLACEHOLDER_FIELDS {
        if let Some(v) = res.body.get(field).filter(|v| mentions(v)) {
            walk(v, field.to_string(), field == "assumed_by", &mut found);
        }
    }
    for path in found {
        cx.report
            .error(
                &BK406,
                &res.id,
                &path,
                "`123456789012` is the AWS documentation placeholder account, not a real principal",
            )
            .help("name the real account id (a stack parameter), or `self` for this account");
    }
}

/// Whether `s` holds the placeholder account id. Every string of every policy is asked: a scan
/// for its first digit before comparing costs a fraction of a substring search's setup, which
/// took a twentieth of checking the seed's port.
fn holds_placeholder(s: &str) -> bool {
    let (bytes, wanted) = (s.as_bytes(), PLACEHOLDER_ACCOUNT.as_bytes());
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|&b| b == wanted[0]) {
        if bytes[from + at..].starts_with(wanted) {
            return true;
        }
        from += at + 1;
    }
    false
}

/// The account id AWS's documentation uses in examples.
pub const PLACEHOLDER_ACCOUNT: &str = "123456789012";

fn is_bucket_level(action: &str) -> bool {
    action.starts_with("s3:ListBucket")
        || action.starts_with("s3:GetBucket")
        || action.starts_with("s3:PutBucket")
        || action.starts_with("s3:DeleteBucket")
        || matches!(
            action,
            "s3:GetLifecycleConfiguration"
                | "s3:PutLifecycleConfiguration"
                | "s3:GetEncryptionConfiguration"
                | "s3:GetInventoryConfiguration"
        )
}

fn is_object_level(action: &str) -> bool {
    action.starts_with("s3:GetObject")
        || action.starts_with("s3:PutObject")
        || action.starts_with("s3:DeleteObject")
        || action.starts_with("s3:RestoreObject")
        || matches!(
            action,
            "s3:AbortMultipartUpload" | "s3:ListMultipartUploadParts"
        )
}

/// What an S3 resource entry names: a bucket, objects, or something else.
#[derive(PartialEq)]
enum S3Target {
    Bucket,
    Objects,
    Other,
}

fn s3_target(cx: &Cx, v: &Value) -> S3Target {
    match v {
        Value::Ref(_) => match cx.target(v) {
            Some(t) if t.kind == Kind::S3Bucket => S3Target::Bucket,
            _ => S3Target::Other,
        },
        Value::Object(o) => match o.get("resource").and_then(|r| cx.target(r)) {
            Some(t) if t.kind == Kind::S3Bucket => match o.str("suffix") {
                Some(s) if s.starts_with('/') => S3Target::Objects,
                Some("") => S3Target::Bucket,
                _ => S3Target::Other,
            },
            _ => S3Target::Other,
        },
        Value::Str(s) => match s.strip_prefix("arn:aws:s3:::") {
            Some(rest) if rest.contains('/') => S3Target::Objects,
            Some(rest) if !rest.contains('*') => S3Target::Bucket,
            _ => S3Target::Other,
        },
        _ => S3Target::Other,
    }
}

/// BK403. An S3 action granted only on resources of the other level (bucket vs object) has no
/// effect: IAM accepts it silently [Service Authorization Reference; seed defect D28].
/// `at`: the statement's position (policy, statement), made into its path only for a finding.
fn action_applies_to_resources(cx: &mut Cx, role: &Resource, at: (usize, usize), st: &Object) {
    if st.str("effect") != Some("Allow") {
        return;
    }
    let targets: Vec<S3Target> = st
        .list("resources")
        .iter()
        .map(|r| s3_target(cx, r))
        .collect();
    if targets.is_empty()
        || targets.contains(&S3Target::Other)
        || st.list("resources").iter().any(Value::is_unknown)
    {
        return;
    }
    for action in st.list("actions").iter().filter_map(Value::as_str) {
        let (needs, has, what, fix) = if is_bucket_level(action) {
            (
                S3Target::Bucket,
                targets.contains(&S3Target::Bucket),
                "a bucket ARN",
                "add the bucket itself to `resources` (and scope it with an `s3:prefix` condition)",
            )
        } else if is_object_level(action) {
            (
                S3Target::Objects,
                targets.contains(&S3Target::Objects),
                "object ARNs",
                "add `ArnOf { resource: <bucket>, suffix: \"/*\" }` to `resources`",
            )
        } else {
            continue;
        };
        let _ = needs;
        if !has {
            cx.report
                .error(&BK403, &role.id, &format!("policies[{}].statements[{}].actions", at.0, at.1), format!("`{action}` applies to {what}, but this statement grants it on none; the grant has no effect"))
                .help(fix);
        }
    }
}

fn role_statements(role: &Resource) -> Vec<&Object> {
    role.body
        .list("policies")
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|p| p.list("statements").iter().filter_map(Value::as_object))
        .filter(|s| s.str("effect") == Some("Allow"))
        .collect()
}

fn allows(statements: &[&Object], action: &str) -> bool {
    statements.iter().any(|s| {
        s.list("actions")
            .iter()
            .filter_map(Value::as_str)
            .any(|a| action_matches(a, action))
    })
}

/// BK427. A role's description is at most 1,000 characters of tab, line feed, carriage return
/// and printable Latin-1 [API CreateRole.Description: `[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*`],
/// and each managed policy is a policy ARN, AWS's (`arn:aws:iam::aws:policy/..`) or an
/// account's [API AttachRolePolicy.PolicyArn; CFN AWS::IAM::Role.ManagedPolicyArns].
fn role_description_and_policies(cx: &mut Cx, role: &Resource) {
    if let Some(d) = role.body.str("description") {
        let ok = d.chars().count() <= 1000
            && d.chars().all(
                |c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{a1}'..='\u{ff}'),
            );
        if !ok {
            cx.report
                .error(&BK427, &role.id, "description", format!("role description `{d}` must be at most 1000 characters of printable Latin-1, tab and line breaks"))
                .help("write the description in plain ASCII");
        }
    }
    for (i, p) in role.body.list("managed_policies").iter().enumerate() {
        let Some(arn) = p.as_str() else { continue };
        let ok = match super::names::parse_arn(arn) {
            Some((_, "iam", "", account, resource)) => {
                (account == "aws" || super::names::is_account_id(account))
                    && resource.strip_prefix("policy/").is_some_and(|name| {
                        !name.is_empty()
                            && name
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || "+=,.@-_/".contains(c))
                    })
            }
            _ => false,
        };
        if !ok {
            cx.report
                .error(&BK427, &role.id, &format!("managed_policies[{i}]"), format!("`{arn}` is not a managed policy ARN"))
                .help("write `arn:aws:iam::aws:policy/<name>` (AWS managed) or `arn:aws:iam::<account>:policy/<path><name>`");
        }
    }
}

/// Whether the IAM action pattern `pattern` (`s3:*`, `kms:GenerateDataKey*`, `*`) covers
/// `action`. IAM action names are case-insensitive.
pub(crate) fn action_matches(pattern: &str, action: &str) -> bool {
    let (p, a) = (pattern.to_ascii_lowercase(), action.to_ascii_lowercase());
    match p.strip_suffix('*') {
        Some(prefix) => a.starts_with(prefix),
        None => p == a,
    }
}

/// What an AWS managed policy grants, for the rules that prove a permission is missing.
enum ManagedGrants {
    /// Every action except these patterns (`PowerUserAccess`: all but IAM, Organizations,
    /// Account; `AdministratorAccess`: all).
    AllExcept(&'static [&'static str]),
    /// These action patterns (on any resource, for the actions the rules ask about).
    Only(&'static [&'static str]),
}

/// The AWS managed policies whose grants the rules know, by name [AWS Managed Policy
/// Reference]. A policy not listed here may grant anything: the rules stay silent then.
const KNOWN_MANAGED_POLICIES: &[(&str, ManagedGrants)] = &[
    ("AdministratorAccess", ManagedGrants::AllExcept(&[])),
    (
        "PowerUserAccess",
        ManagedGrants::AllExcept(&["iam:*", "organizations:*", "account:*"]),
    ),
    (
        "AWSBackupFullAccess",
        ManagedGrants::Only(&["backup:*", "backup-storage:*", "iam:PassRole"]),
    ),
    (
        "AWSBackupOperatorAccess",
        ManagedGrants::Only(&[
            "backup:StartBackupJob",
            "backup:StartRestoreJob",
            "backup:StartCopyJob",
            "iam:PassRole",
        ]),
    ),
    (
        "AWSBackupServiceRolePolicyForRestores",
        ManagedGrants::Only(&["iam:PassRole"]),
    ),
    (
        "AWSBackupServiceRolePolicyForBackup",
        ManagedGrants::Only(&[]),
    ),
    (
        "AWSBackupServiceRolePolicyForS3Backup",
        ManagedGrants::Only(&[]),
    ),
    (
        "AWSBackupServiceRolePolicyForS3Restore",
        ManagedGrants::Only(&[]),
    ),
    (
        "AWSLambdaBasicExecutionRole",
        ManagedGrants::Only(&[
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
        ]),
    ),
];

/// The grants of an AWS managed policy by ARN, if the rules know it.
fn known_managed_policy(arn: &str) -> Option<&'static ManagedGrants> {
    if !arn.contains(":iam::aws:policy/") {
        return None;
    }
    let name = arn.rsplit('/').next()?;
    KNOWN_MANAGED_POLICIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, g)| g)
}

/// Whether one of the role's (known) AWS managed policies grants `action`.
fn managed_allows(role: &Resource, action: &str) -> bool {
    role.body
        .list("managed_policies")
        .iter()
        .filter_map(Value::as_str)
        .filter_map(known_managed_policy)
        .any(|g| match g {
            ManagedGrants::AllExcept(not) => !not.iter().any(|p| action_matches(p, action)),
            ManagedGrants::Only(actions) => actions.iter().any(|p| action_matches(p, action)),
        })
}

/// Whether an AWS managed policy of the role grants every action (`AdministratorAccess`,
/// `PowerUserAccess`), so that a rule asking for a service's permissions is satisfied.
pub fn has_broad_managed_policy(role: &Resource) -> bool {
    role.body
        .list("managed_policies")
        .iter()
        .filter_map(Value::as_str)
        .filter_map(known_managed_policy)
        .any(|g| matches!(g, ManagedGrants::AllExcept(_)))
}

/// Whether the role's permissions are not all visible to the checker: values only known at run
/// time, customer managed policies (their documents live outside the stack) or AWS managed
/// policies whose grants the rules do not know. Rules that prove a permission is missing stay
/// silent then: a false error would block a valid deploy.
fn has_unknowns(role: &Resource) -> bool {
    role.body.get("policies").is_some_and(Value::is_unknown)
        || role
            .body
            .get("managed_policies")
            .is_some_and(Value::is_unknown)
        || role
            .body
            .list("managed_policies")
            .iter()
            .any(|p| p.as_str().and_then(known_managed_policy).is_none())
}

/// BK404. `backup:StartRestoreJob` passes the restore role to AWS Backup, which needs
/// `iam:PassRole` on it [seed defect D19]. The AWS managed restore policies include it.
fn restore_needs_pass_role(cx: &mut Cx, role: &Resource) {
    if has_unknowns(role) {
        return;
    }
    let statements = role_statements(role);
    let may = |action: &str| allows(&statements, action) || managed_allows(role, action);
    if may("backup:StartRestoreJob") && !may("iam:PassRole") {
        cx.report
            .error(&BK404, &role.id, "policies", format!("role `{}` may call backup:StartRestoreJob but not iam:PassRole, so every restore it starts fails", role.display()))
            .at_key()
            .help("add `Statement { effect: \"Allow\", actions: [\"iam:PassRole\"], resources: [<restore role>], conditions: [Condition { test: \"StringEquals\", key: \"iam:PassedToService\", values: [\"backup.amazonaws.com\"] }] }`");
    }
}

/// BK405. Publishing to a topic encrypted with a customer managed key needs
/// `kms:GenerateDataKey*` and `kms:Decrypt` on that key [DOC sns-key-management; seed defect D20].
fn encrypted_topic_publish(cx: &mut Cx, role: &Resource) {
    if has_unknowns(role) {
        return;
    }
    let statements = role_statements(role);
    for st in &statements {
        if !allows(&[st], "sns:Publish") {
            continue;
        }
        for topic in st
            .list("resources")
            .iter()
            .filter_map(|r| cx.stack.target(r))
            .filter(|t| t.kind == Kind::SnsTopic)
        {
            let Some(key) = topic.body.get("kms_key").and_then(|k| cx.target(k)) else {
                continue;
            };
            let on_key = |action: &str| {
                statements.iter().any(|s| {
                    allows(&[s], action)
                        && s.list("resources").iter().any(|r| {
                            r.as_ref_id() == Some(key.id.as_str())
                                || r.as_str() == Some("*")
                                || matches!(r, Value::Str(a) if a.contains(":kms:"))
                        })
                })
            };
            let key_policy_grants = |action: &str| {
                key.body.get("policy").is_some_and(Value::is_unknown)
                    || key
                        .body
                        .list("policy")
                        .iter()
                        .filter_map(Value::as_object)
                        .any(|s| {
                            s.str("effect") == Some("Allow")
                                && s.list("principals")
                                    .iter()
                                    .any(|p| principal_may_be_role(p, role))
                                && allows(&[s], action)
                        })
            };
            let missing: Vec<&str> = ["kms:GenerateDataKey", "kms:Decrypt"]
                .into_iter()
                .filter(|a| !on_key(a) && !key_policy_grants(a) && !managed_allows(role, a))
                .collect();
            if !missing.is_empty() {
                cx.report
                    .error(&BK405, &role.id, "policies", format!("role `{}` publishes to `{}`, which key `{}` encrypts, without {} on the key; sns:Publish fails", role.display(), topic.display(), key.id, missing.join(" and ")))
                    .at_key()
                    .note(&topic.id, "kms_key", "the topic's key")
                    .help(format!("add `Statement {{ effect: \"Allow\", actions: [\"kms:GenerateDataKey*\", \"kms:Decrypt\"], resources: [{}] }}`", key.id));
            }
        }
    }
}

/// Whether a key-policy principal may be `role`: the role itself, its ARN written as a string
/// (`arn:aws:iam::111122223333:role/<name>`), or a value only the run time knows.
fn principal_may_be_role(p: &Value, role: &Resource) -> bool {
    let suffix = |name: &str| format!(":role/{name}");
    match p {
        Value::Ref(id) => *id == role.id,
        Value::Str(arn) => match role.body.get("name") {
            Some(Value::Str(name)) => arn.ends_with(&suffix(name)),
            // The role's name is generated or only known at run time: any role ARN may be it.
            _ => arn.contains(":role/"),
        },
        Value::Partial(_) | Value::Unknown => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    #[test]
    fn the_placeholder_is_found_wherever_str_contains_finds_it() {
        let cases = [
            "",
            "1",
            "12345678901",
            "123456789012",
            "arn:aws:iam::123456789012:root",
            "arn:aws:iam::111122223333:root",
            "1123456789012",
            "12123456789012x",
            "12345678901 123456789012",
            "1234567890121234567890",
            "no digits at all",
            "ünï-123456789012",
        ];
        for s in cases {
            assert_eq!(
                super::holds_placeholder(s),
                s.contains(super::PLACEHOLDER_ACCOUNT),
                "{s}"
            );
        }
    }

    #[test]
    fn bk116_deletion_window() {
        assert!(codes(&stack(vec![
            key("k").with("deletion_window_days", Value::Int(3))
        ]))
        .contains(&"BK116"));
    }

    #[test]
    fn bk126_topic_names() {
        let t = res(Kind::SnsTopic, "t", vec![("name", "alerts.fifo".into())]);
        assert!(codes(&stack(vec![t])).contains(&"BK126"));
    }

    #[test]
    fn bk127_role_names() {
        assert!(codes(&stack(vec![backup_role("r").with("name", "has space")])).contains(&"BK127"));
        assert!(codes(&stack(vec![backup_role("r").with("path", "noslash")])).contains(&"BK127"));
    }

    fn role_with(statements: Vec<Value>) -> crate::Resource {
        backup_role("role").with(
            "policies",
            list(vec![obj(
                "Policy",
                vec![("name", "p".into()), ("statements", list(statements))],
            )]),
        )
    }

    fn st(actions: &[&str], resources: Vec<Value>) -> Value {
        obj(
            "Statement",
            vec![
                ("effect", "Allow".into()),
                (
                    "actions",
                    list(actions.iter().map(|a| Value::from(*a)).collect()),
                ),
                ("resources", list(resources)),
            ],
        )
    }

    #[test]
    fn bk115_bk117() {
        let alias = res(
            Kind::KmsAlias,
            "a",
            vec![("name", "alias/aws/backup".into()), ("key", r("k"))],
        );
        assert!(codes(&stack(vec![key("k"), alias])).contains(&"BK115"));
        assert!(codes(&stack(vec![
            key("k").with("rotation_period_days", Value::Int(30))
        ]))
        .contains(&"BK117"));
    }

    #[test]
    fn bk118_alias_region() {
        let alias = res(
            Kind::KmsAlias,
            "a",
            vec![
                ("name", "alias/backup".into()),
                ("key", r("k")),
                ("region", "us-west-2".into()),
            ],
        );
        assert!(codes(&stack(vec![key("k"), alias])).contains(&"BK118"));
    }

    #[test]
    fn bk403_list_bucket_on_objects() {
        let bucket = res(Kind::S3Bucket, "b", vec![("name", "backup-dev".into())]);
        let objects = obj(
            "ArnOf",
            vec![("resource", r("b")), ("suffix", "/client-1/*".into())],
        );
        assert!(codes(&stack(vec![
            bucket.clone(),
            role_with(vec![st(&["s3:ListBucket"], vec![objects])])
        ]))
        .contains(&"BK403"));
        assert!(codes(&stack(vec![
            bucket.clone(),
            role_with(vec![st(&["s3:GetObject"], vec![r("b")])])
        ]))
        .contains(&"BK403"));
        let objects = obj("ArnOf", vec![("resource", r("b")), ("suffix", "/*".into())]);
        assert!(!codes(&stack(vec![
            bucket,
            role_with(vec![st(
                &["s3:GetObject", "s3:ListBucket"],
                vec![r("b"), objects]
            )])
        ]))
        .contains(&"BK403"));
    }

    #[test]
    fn bk404_pass_role() {
        assert!(codes(&stack(vec![role_with(vec![st(
            &["backup:StartRestoreJob"],
            vec!["*".into()]
        )])]))
        .contains(&"BK404"));
        assert!(!codes(&stack(vec![role_with(vec![st(
            &["backup:StartRestoreJob", "iam:PassRole"],
            vec!["*".into()]
        )])]))
        .contains(&"BK404"));
    }

    #[test]
    fn bk405_encrypted_topic() {
        let topic = res(
            Kind::SnsTopic,
            "t",
            vec![("name", "alerts".into()), ("kms_key", r("k"))],
        );
        assert!(codes(&stack(vec![
            key("k"),
            topic.clone(),
            role_with(vec![st(&["sns:Publish"], vec![r("t")])])
        ]))
        .contains(&"BK405"));
        let ok = role_with(vec![
            st(&["sns:Publish"], vec![r("t")]),
            st(&["kms:GenerateDataKey*", "kms:Decrypt"], vec![r("k")]),
        ]);
        assert!(!codes(&stack(vec![key("k"), topic, ok])).contains(&"BK405"));
    }

    #[test]
    fn bk406_placeholder_account() {
        let role = res(
            Kind::IamRole,
            "c",
            vec![
                ("name", "client".into()),
                (
                    "assumed_by",
                    list(vec!["arn:aws:iam::123456789012:root".into()]),
                ),
            ],
        );
        assert!(codes(&stack(vec![role])).contains(&"BK406"));
    }

    #[test]
    fn bk406_in_a_vault_access_policy() {
        let statement = |principal: &str| {
            obj(
                "Statement",
                vec![
                    ("effect", "Allow".into()),
                    ("principals", list(vec![principal.into()])),
                    ("actions", list(vec!["backup:CopyIntoBackupVault".into()])),
                    ("resources", list(vec!["*".into()])),
                ],
            )
        };
        let vault_with = |principal: &str| {
            crate::rules::testing::vault("v", "primary")
                .with("access_policy", list(vec![statement(principal)]))
        };
        assert!(fires(
            &stack(vec![vault_with("arn:aws:iam::123456789012:root")]),
            "BK406"
        ));
        assert!(!fires(
            &stack(vec![vault_with("arn:aws:iam::111122223333:root")]),
            "BK406"
        ));
    }

    #[test]
    fn bk404_bk405_stay_silent_when_grants_are_not_visible() {
        let customer = role_with(vec![st(&["backup:StartRestoreJob"], vec!["*".into()])]).with(
            "managed_policies",
            list(vec!["arn:aws:iam::111122223333:policy/restore".into()]),
        );
        assert!(!codes(&stack(vec![customer])).contains(&"BK404"));
        let topic = res(
            Kind::SnsTopic,
            "t",
            vec![("name", "alerts".into()), ("kms_key", r("k"))],
        );
        let grant = obj(
            "Statement",
            vec![
                ("effect", "Allow".into()),
                ("principals", list(vec![r("role")])),
                (
                    "actions",
                    list(vec!["kms:GenerateDataKey*".into(), "kms:Decrypt".into()]),
                ),
            ],
        );
        let k = key("k").with("policy", list(vec![grant]));
        assert!(!codes(&stack(vec![
            k,
            topic,
            role_with(vec![st(&["sns:Publish"], vec![r("t")])])
        ]))
        .contains(&"BK405"));
    }

    fn managed(role: crate::Resource, names: &[&str]) -> crate::Resource {
        role.with(
            "managed_policies",
            list(
                names
                    .iter()
                    .map(|n| Value::from(format!("arn:aws:iam::aws:policy/{n}")))
                    .collect(),
            ),
        )
    }

    #[test]
    fn bk404_bk405_broad_managed_policies_grant() {
        let restore = role_with(vec![st(&["backup:StartRestoreJob"], vec!["*".into()])]);
        for name in [
            "AdministratorAccess",
            "AWSBackupOperatorAccess",
            "AWSBackupFullAccess",
        ] {
            assert!(
                !codes(&stack(vec![managed(restore.clone(), &[name])])).contains(&"BK404"),
                "{name}"
            );
        }
        // PowerUserAccess grants everything but IAM: no iam:PassRole.
        assert!(
            codes(&stack(vec![managed(restore.clone(), &["PowerUserAccess"])])).contains(&"BK404")
        );
        // An AWS managed policy the rules do not know may grant anything.
        assert!(!codes(&stack(vec![managed(restore, &["SomeFuturePolicy"])])).contains(&"BK404"));
        let topic = res(
            Kind::SnsTopic,
            "t",
            vec![("name", "alerts".into()), ("kms_key", r("k"))],
        );
        let publisher = role_with(vec![st(&["sns:Publish"], vec![r("t")])]);
        for name in ["AdministratorAccess", "PowerUserAccess"] {
            assert!(
                !codes(&stack(vec![
                    key("k"),
                    topic.clone(),
                    managed(publisher.clone(), &[name])
                ]))
                .contains(&"BK405"),
                "{name}"
            );
        }
        assert!(codes(&stack(vec![
            key("k"),
            topic,
            managed(publisher, &["AWSLambdaBasicExecutionRole"])
        ]))
        .contains(&"BK405"));
    }

    #[test]
    fn bk405_key_policy_names_the_role_by_arn() {
        let topic = res(
            Kind::SnsTopic,
            "t",
            vec![("name", "alerts".into()), ("kms_key", r("k"))],
        );
        let key_granting = |principal: Value| {
            key("k").with(
                "policy",
                list(vec![obj(
                    "Statement",
                    vec![
                        ("effect", "Allow".into()),
                        ("principals", list(vec![principal])),
                        (
                            "actions",
                            list(vec!["kms:GenerateDataKey*".into(), "kms:Decrypt".into()]),
                        ),
                        ("resources", list(vec!["*".into()])),
                    ],
                )]),
            )
        };
        let bk405 = |k| {
            codes(&stack(vec![
                k,
                topic.clone(),
                role_with(vec![st(&["sns:Publish"], vec![r("t")])]),
            ]))
            .contains(&"BK405")
        };
        assert!(!bk405(key_granting(
            "arn:aws:iam::111122223333:role/role".into()
        )));
        assert!(!bk405(key_granting(Value::Partial(vec![
            Some("arn:aws:iam::".into()),
            None,
            Some(":role/role".into())
        ]))));
        assert!(bk405(key_granting(
            "arn:aws:iam::111122223333:role/someone-else".into()
        )));
    }

    #[test]
    fn bk406_only_principals() {
        let statement = |field: &str| {
            let mut fields = vec![
                ("effect", Value::from("Allow")),
                ("actions", list(vec!["s3:GetObject".into()])),
                ("resources", list(vec!["arn:aws:s3:::b/*".into()])),
            ];
            let v = list(vec!["arn:aws:iam::123456789012:root".into()]);
            if field == "principals" {
                fields.push(("principals", v));
            } else {
                fields.push((
                    "conditions",
                    list(vec![obj(
                        "Condition",
                        vec![
                            ("test", "StringEquals".into()),
                            ("key", "aws:SourceAccount".into()),
                            ("values", list(vec!["123456789012".into()])),
                        ],
                    )]),
                ));
            }
            res(
                Kind::S3Bucket,
                "b",
                vec![
                    ("name", "bucket-dev".into()),
                    ("policy", list(vec![obj("Statement", fields)])),
                ],
            )
        };
        assert!(codes(&stack(vec![statement("principals")])).contains(&"BK406"));
        assert!(!codes(&stack(vec![statement("conditions")])).contains(&"BK406"));
    }

    // Boundaries: the largest valid value is clean, the smallest invalid one fires.

    #[test]
    fn bk126_topic_names_at_their_edges() {
        let topic = |name: String, fifo: Option<bool>| {
            let mut f = vec![("name", Value::from(name))];
            if let Some(b) = fifo {
                f.push(("fifo", b.into()));
            }
            stack(vec![res(Kind::SnsTopic, "t", f)])
        };
        assert_clean(&topic("t".repeat(256), None));
        assert!(fires(&topic("t".repeat(257), None), "BK126"));
        assert_clean(&topic(format!("{}.fifo", "t".repeat(251)), Some(true)));
        assert!(fires(
            &topic(format!("{}.fifo", "t".repeat(252)), Some(true)),
            "BK126"
        ));
        assert!(fires(&topic("a.b".into(), None), "BK126"));
        assert!(fires(&topic("alerts".into(), Some(true)), "BK126"));
        assert!(fires(&topic("alerts.fifo".into(), Some(false)), "BK126"));
        assert!(fires(&topic("alerts.fifo".into(), None), "BK126"));
        assert_clean(&topic("alerts".into(), Some(false)));
        assert_clean(&topic("a-_b".into(), None));
        assert!(fires(&topic(String::new(), None), "BK126"));
    }

    #[test]
    fn bk127_role_names_and_paths() {
        let role = |fields: Vec<(&str, Value)>| {
            let mut r = backup_role("role");
            for (k, v) in fields {
                r.body.set(k, v);
            }
            stack(vec![r])
        };
        assert_clean(&role(vec![("name", "r".repeat(64).into())]));
        assert!(fires(&role(vec![("name", "r".repeat(65).into())]), "BK127"));
        assert!(fires(&role(vec![("name", "a b".into())]), "BK127"));
        assert_clean(&role(vec![("path", "/".into())]));
        assert_clean(&role(vec![(
            "path",
            format!("/{}/", "p".repeat(510)).into(),
        )]));
        assert!(fires(
            &role(vec![("path", format!("/{}/", "p".repeat(511)).into())]),
            "BK127"
        ));
        assert!(fires(&role(vec![("path", "a/".into())]), "BK127"));
        assert!(fires(&role(vec![("path", "/a".into())]), "BK127"));
    }

    #[test]
    fn bk115_alias_names_at_their_edges() {
        let alias = |name: String| {
            stack(vec![
                key("k"),
                res(
                    Kind::KmsAlias,
                    "a",
                    vec![("name", name.into()), ("key", r("k"))],
                ),
            ])
        };
        assert_clean(&alias(format!("alias/{}", "a".repeat(250))));
        assert!(fires(&alias(format!("alias/{}", "a".repeat(251))), "BK115"));
        assert_clean(&alias("alias/a/b_c-d".into()));
        assert!(fires(&alias("alias/".into()), "BK115"));
        assert!(fires(&alias("backup".into()), "BK115"));
        assert!(fires(&alias("alias/a.b".into()), "BK115"));
        assert!(fires(&alias("alias/aws/backup".into()), "BK115"));
    }

    #[test]
    fn bk406_in_formatted_principals() {
        let trusting = |principal: Value| {
            stack(vec![
                backup_role("role").with("assumed_by", list(vec![principal]))
            ])
        };
        assert!(fires(
            &trusting(Value::Partial(vec![
                Some("arn:aws:iam::123456789012:role/".into()),
                None
            ])),
            "BK406"
        ));
        assert!(!fires(
            &trusting(Value::Partial(vec![Some("arn:aws:iam::".into()), None])),
            "BK406"
        ));
        // Outside principals the placeholder grants nothing: a formatted resource is fine too.
        let statement = obj(
            "Statement",
            vec![
                ("effect", "Allow".into()),
                ("actions", list(vec!["s3:GetObject".into()])),
                (
                    "resources",
                    list(vec![Value::Partial(vec![
                        Some("arn:aws:s3:::123456789012-".into()),
                        None,
                    ])]),
                ),
            ],
        );
        assert!(!fires(&stack(vec![role_with(vec![statement])]), "BK406"));
    }

    #[test]
    fn bk403_action_levels() {
        let bucket = res(Kind::S3Bucket, "b", vec![("name", "backup-dev".into())]);
        let on = |actions: &[&str], resources: Vec<Value>| {
            fires(
                &stack(vec![
                    bucket.clone(),
                    role_with(vec![st(actions, resources)]),
                ]),
                "BK403",
            )
        };
        let objects = || obj("ArnOf", vec![("resource", r("b")), ("suffix", "/*".into())]);
        let bucket_arn = || obj("ArnOf", vec![("resource", r("b")), ("suffix", "".into())]);
        for bucket_action in [
            "s3:ListBucket",
            "s3:ListBucketVersions",
            "s3:GetBucketLocation",
            "s3:PutBucketPolicy",
            "s3:DeleteBucket",
            "s3:GetLifecycleConfiguration",
            "s3:PutLifecycleConfiguration",
            "s3:GetEncryptionConfiguration",
            "s3:GetInventoryConfiguration",
        ] {
            assert!(on(&[bucket_action], vec![objects()]), "{bucket_action}");
            assert!(!on(&[bucket_action], vec![r("b")]), "{bucket_action}");
            assert!(!on(&[bucket_action], vec![bucket_arn()]), "{bucket_action}");
        }
        for object_action in [
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:RestoreObject",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
        ] {
            assert!(on(&[object_action], vec![r("b")]), "{object_action}");
            assert!(!on(&[object_action], vec![objects()]), "{object_action}");
        }
        // `ArnOf` with an empty suffix is the bucket itself.
        assert!(on(&["s3:GetObject"], vec![bucket_arn()]));
        // Neither level: no opinion.
        assert!(!on(&["s3:ListAllMyBuckets"], vec![r("b")]));
        // By ARN string.
        assert!(on(
            &["s3:GetObject"],
            vec!["arn:aws:s3:::backup-dev".into()]
        ));
        assert!(!on(
            &["s3:GetObject"],
            vec!["arn:aws:s3:::backup-dev/*".into()]
        ));
        assert!(on(
            &["s3:ListBucket"],
            vec!["arn:aws:s3:::backup-dev/*".into()]
        ));
        // A wildcard bucket name, another service, a suffix that is neither, a non-bucket
        // reference, an unknown value, or nothing: the rule cannot tell, so it stays silent.
        assert!(!on(&["s3:GetObject"], vec!["arn:aws:s3:::backup-*".into()]));
        assert!(!on(
            &["s3:GetObject"],
            vec!["arn:aws:sns:us-east-1:111122223333:t".into()]
        ));
        let odd = obj("ArnOf", vec![("resource", r("b")), ("suffix", "-x".into())]);
        assert!(!on(&["s3:GetObject"], vec![odd]));
        assert!(!on(&["s3:GetObject"], vec![r("role")]));
        let on_topic = obj(
            "ArnOf",
            vec![("resource", r("role")), ("suffix", "/*".into())],
        );
        assert!(!on(&["s3:ListBucket"], vec![on_topic]));
        assert!(!on(&["s3:GetObject"], vec![r("b"), Value::Unknown]));
        assert!(!on(&["s3:GetObject"], vec![]));
        // Deny statements grant nothing to check.
        let deny = obj(
            "Statement",
            vec![
                ("effect", "Deny".into()),
                ("actions", list(vec!["s3:GetObject".into()])),
                ("resources", list(vec![r("b")])),
            ],
        );
        assert!(!fires(
            &stack(vec![bucket.clone(), role_with(vec![deny])]),
            "BK403"
        ));
    }

    #[test]
    fn bk404_bk405_unknown_policies_and_key_resources() {
        let restore = role_with(vec![st(&["backup:StartRestoreJob"], vec!["*".into()])]);
        assert!(!fires(
            &stack(vec![restore.clone().with("policies", Value::Unknown)]),
            "BK404"
        ));
        assert!(!fires(
            &stack(vec![restore
                .clone()
                .with("managed_policies", Value::Unknown)]),
            "BK404"
        ));
        assert!(fires(
            &stack(vec![restore.clone().with("managed_policies", list(vec![]))]),
            "BK404"
        ));
        let topic = res(
            Kind::SnsTopic,
            "t",
            vec![("name", "alerts".into()), ("kms_key", r("k"))],
        );
        let with_key_grant = |resource: Value| {
            stack(vec![
                key("k"),
                topic.clone(),
                role_with(vec![
                    st(&["sns:Publish"], vec![r("t")]),
                    st(&["kms:GenerateDataKey*", "kms:Decrypt"], vec![resource]),
                ]),
            ])
        };
        assert!(!fires(&with_key_grant("*".into()), "BK405"));
        assert!(!fires(
            &with_key_grant("arn:aws:kms:us-east-1:111122223333:key/k".into()),
            "BK405"
        ));
        assert!(fires(
            &with_key_grant("arn:aws:sns:us-east-1:111122223333:t".into()),
            "BK405"
        ));
        // Granted only one of the two actions.
        let half = stack(vec![
            key("k"),
            topic.clone(),
            role_with(vec![
                st(&["sns:Publish"], vec![r("t")]),
                st(&["kms:Decrypt"], vec![r("k")]),
            ]),
        ]);
        assert!(fires(&half, "BK405"));
        // A key policy given only at run time may grant anything.
        assert!(!fires(
            &stack(vec![
                key("k").with("policy", Value::Unknown),
                topic,
                role_with(vec![st(&["sns:Publish"], vec![r("t")])]),
            ]),
            "BK405"
        ));
    }

    #[test]
    fn bk427_role_description_and_managed_policy_arns() {
        let role = |fields: Vec<(&str, Value)>| {
            let mut r = backup_role("r");
            for (k, v) in fields {
                r.body.set(k, v);
            }
            stack(vec![r])
        };
        let bk427_paths = |s: &crate::model::Stack| paths(s, "BK427");
        let bad = role(vec![
            ("description", "ünïcödé-名前".into()),
            (
                "managed_policies",
                list(vec![
                    "us-east-1".into(),
                    "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForBackup".into(),
                    "arn:aws:iam::111122223333:role/x".into(),
                ]),
            ),
        ]);
        assert_eq!(
            bk427_paths(&bad),
            ["description", "managed_policies[0]", "managed_policies[2]"]
        );
        let good = role(vec![
            ("description", "Backups: café\tline".into()),
            (
                "managed_policies",
                list(vec![
                    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"
                        .into(),
                    "arn:aws-cn:iam::111122223333:policy/team/backup-extra".into(),
                ]),
            ),
        ]);
        assert!(bk427_paths(&good).is_empty(), "{:?}", bk427_paths(&good));
        assert_eq!(
            bk427_paths(&role(vec![("description", "x".repeat(1001).into())])),
            ["description"]
        );
    }

    #[test]
    fn bk427_aws_account_with_a_resource_other_than_a_policy() {
        let mut r = backup_role("r");
        r.body.set(
            "managed_policies",
            list(vec!["arn:aws:iam::aws:role/x".into()]),
        );
        assert_eq!(paths(&stack(vec![r]), "BK427"), ["managed_policies[0]"]);
    }

    #[test]
    fn bk427_a_policy_arn_names_a_policy() {
        for arn in [
            "arn:aws:iam::aws:policy/",
            "arn:aws:iam::aws:policy/bad name",
        ] {
            let mut r = backup_role("r");
            r.body.set("managed_policies", list(vec![arn.into()]));
            assert!(fires(&stack(vec![r]), "BK427"), "{arn}");
        }
    }
}
