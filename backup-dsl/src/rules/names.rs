//! Layer 3, the rules.
//!
//! Name, tag and Region patterns shared by several rules. Hand-written matchers instead of a
//! regex engine: the macro stays small and these patterns are simple character classes.

/// Every character satisfies `allowed` and the length is within `[min, max]`.
pub fn chars_within(s: &str, min: usize, max: usize, allowed: impl Fn(char) -> bool) -> bool {
    let n = s.chars().count();
    n >= min && n <= max && s.chars().all(allowed)
}

/// `^[A-Za-z0-9_-]{2,50}$`: vault names.
pub fn is_vault_name(s: &str) -> bool {
    chars_within(s, 2, 50, |c| {
        c.is_ascii_alphanumeric() || c == '-' || c == '_'
    })
}

/// `^[A-Za-z0-9_.-]{1,50}$`: plan, rule and selection names.
pub fn is_dotted_name(s: &str) -> bool {
    chars_within(s, 1, 50, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
    })
}

/// `^[A-Za-z][A-Za-z0-9_]{0,255}$`: framework and report plan names.
pub fn is_audit_name(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars_within(s, 1, 256, |c| c.is_ascii_alphanumeric() || c == '_')
}

/// A suggestion for an audit name: hyphens and dots become underscores.
pub fn audit_name_fix(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'x');
    }
    out
}

/// Why `name` is not a valid general-purpose S3 bucket name, if it is not.
pub fn bucket_name_problem(name: &str) -> Option<String> {
    let n = name.len();
    if !(3..=63).contains(&n) {
        return Some(format!("length must be 3-63, got {n}"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '.' || *c == '-'))
    {
        return Some(format!(
            "character `{c}` is not allowed (only a-z, 0-9, `.`, `-`)"
        ));
    }
    let first = name.chars().next().unwrap_or('.');
    let last = name.chars().last().unwrap_or('.');
    if !first.is_ascii_alphanumeric() || !last.is_ascii_alphanumeric() {
        return Some("must begin and end with a letter or digit".into());
    }
    // The current rules forbid only two adjacent periods; `.-` and `-.` were forbidden by an
    // older version of the page and are accepted now [DOC bucketnamingrules.html].
    if name.contains("..") {
        return Some("must not contain `..`".into());
    }
    if name.split('.').count() == 4
        && name
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return Some("must not look like an IP address".into());
    }
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if name.starts_with(prefix) {
            return Some(format!("uses reserved prefix `{prefix}`"));
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if name.ends_with(suffix) {
            return Some(format!("uses reserved suffix `{suffix}`"));
        }
    }
    None
}

/// Regions AWS lists as of this release.
pub const REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eusc-de-east-1",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

/// Whether `s` has the shape of a Region code: `xx-name-N`, `us-gov-west-1`, `eusc-de-east-1`.
///
/// The first segment is 2-4 letters: the SDKs' partition metadata (`partitions.json`) matches
/// Regions with `^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$` for `aws` and `^eusc-(de)-\w+-\d+$`
/// for `aws-eusc`, so a two-letter rule would turn a real Region into a hard error.
/// An unlisted Region code close to a listed one: BK208 names the listed one.
pub fn likely_region_typo(region: &str) -> bool {
    !REGIONS.contains(&region)
        && crate::diag::did_you_mean(region, REGIONS.iter().copied()).is_some()
}

/// Whether `s` has the shape of a Region code (`us-east-1`, `eusc-de-east-1`).
pub fn looks_like_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() < 3 || parts.len() > 4 {
        return false;
    }
    let (last, rest) = parts.split_last().expect("len >= 3");
    !last.is_empty()
        && last.chars().all(|c| c.is_ascii_digit())
        && rest
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && (2..=4).contains(&rest[0].len())
}

/// The partition of a Region (`aws`, `aws-cn`, `aws-us-gov`, `aws-eusc`), from its prefix.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("eusc-") {
        "aws-eusc"
    } else {
        "aws"
    }
}

/// The account an ARN names, as the rules compare accounts: `None` for the account the stack
/// deploys to, which is what `$account` means (an organization backup policy's placeholder,
/// replaced by each account's own id) and what an ARN without an account field implies.
pub fn arn_account(account: &str) -> Option<&str> {
    (!account.is_empty() && account != "$account").then_some(account)
}

/// A 12-digit account id.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.chars().all(|c| c.is_ascii_digit())
}

/// The parts of an ARN: (partition, service, region, account, resource).
pub fn parse_arn(s: &str) -> Option<(&str, &str, &str, &str, &str)> {
    let mut it = s.splitn(6, ':');
    if it.next()? != "arn" {
        return None;
    }
    let partition = it.next()?;
    let service = it.next()?;
    let region = it.next()?;
    let account = it.next()?;
    let resource = it.next()?;
    if partition.is_empty() || service.is_empty() {
        return None;
    }
    Some((partition, service, region, account, resource))
}

/// Why a tag is invalid, if it is.
pub fn tag_problem(key: &str, value: &str) -> Option<String> {
    let k = key.chars().count();
    if !(1..=128).contains(&k) {
        return Some(format!("tag key `{key}` must be 1-128 characters, got {k}"));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Some(format!(
            "tag key `{key}` must not start with `aws:` (reserved)"
        ));
    }
    let v = value.chars().count();
    if v > 256 {
        return Some(format!(
            "tag `{key}` value must be at most 256 characters, got {v}"
        ));
    }
    None
}

/// The character class and first-character rule of a kind's physical name, with its code.
pub struct NamePattern {
    /// The kind named.
    pub kind: crate::Kind,
    /// The rule.
    pub code: &'static crate::diag::Code,
    /// Characters the name may hold.
    pub allowed: fn(char) -> bool,
    /// Whether the first character must be a letter.
    pub starts_with_letter: bool,
    /// The class in words, for messages.
    pub class: &'static str,
    /// The longest name allowed.
    pub max: usize,
}

fn vault_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}
fn dotted_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}
fn bucket_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'
}
fn role_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)
}
fn log_group_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ".-_/#".contains(c)
}

/// Name patterns that can be decided on the literal parts of a `format!` alone.
pub const NAME_PATTERNS: &[NamePattern] = {
    use crate::codes::*;
    use crate::Kind::*;
    &[
        NamePattern {
            kind: Vault,
            code: &BK001,
            allowed: vault_char,
            starts_with_letter: false,
            class: "letters, digits, `-`, `_`",
            max: 50,
        },
        NamePattern {
            kind: AirGappedVault,
            code: &BK001,
            allowed: vault_char,
            starts_with_letter: false,
            class: "letters, digits, `-`, `_`",
            max: 50,
        },
        NamePattern {
            kind: Plan,
            code: &BK015,
            allowed: dotted_char,
            starts_with_letter: false,
            class: "letters, digits, `-`, `_`, `.`",
            max: 50,
        },
        NamePattern {
            kind: Selection,
            code: &BK055,
            allowed: dotted_char,
            starts_with_letter: false,
            class: "letters, digits, `-`, `_`, `.`",
            max: 50,
        },
        NamePattern {
            kind: Framework,
            code: &BK064,
            allowed: word_char,
            starts_with_letter: true,
            class: "letters, digits, `_` (no hyphens)",
            max: 256,
        },
        NamePattern {
            kind: ReportPlan,
            code: &BK078,
            allowed: word_char,
            starts_with_letter: true,
            class: "letters, digits, `_` (no hyphens)",
            max: 256,
        },
        NamePattern {
            kind: RestoreTestingPlan,
            code: &BK088,
            allowed: word_char,
            starts_with_letter: false,
            class: "letters, digits, `_`",
            max: 50,
        },
        NamePattern {
            kind: RestoreTestingSelection,
            code: &BK096,
            allowed: word_char,
            starts_with_letter: false,
            class: "letters, digits, `_`",
            max: 50,
        },
        NamePattern {
            kind: S3Bucket,
            code: &BK103,
            allowed: bucket_char,
            starts_with_letter: false,
            class: "lowercase letters, digits, `.`, `-`",
            max: 63,
        },
        NamePattern {
            kind: DynamoTable,
            code: &BK122,
            allowed: dotted_char,
            starts_with_letter: false,
            class: "letters, digits, `-`, `_`, `.`",
            max: 255,
        },
        NamePattern {
            kind: IamRole,
            code: &BK127,
            allowed: role_char,
            starts_with_letter: false,
            class: "letters, digits and `+=,.@_-`",
            max: 64,
        },
        NamePattern {
            kind: LambdaFunction,
            code: &BK128,
            allowed: vault_char,
            starts_with_letter: false,
            class: "letters, digits, `-`, `_`",
            max: 64,
        },
        NamePattern {
            kind: LogGroup,
            code: &BK133,
            allowed: log_group_char,
            starts_with_letter: false,
            class: "letters, digits and `.-_/#`",
            max: 512,
        },
        NamePattern {
            kind: Dashboard,
            code: &BK134,
            allowed: vault_char,
            starts_with_letter: false,
            class: "letters, digits, `-`, `_`",
            max: 255,
        },
    ]
};

/// The skeleton with every disallowed literal character replaced (by `_`, `-` or nothing,
/// whichever the pattern allows), and the unknown parts shown as `{..}`.
fn fixed_skeleton(parts: &[Option<String>], pattern: &NamePattern) -> String {
    let replacement = ['_', '-'].into_iter().find(|c| (pattern.allowed)(*c));
    parts
        .iter()
        .map(|p| match p {
            Some(s) => s
                .chars()
                .filter_map(|c| {
                    if (pattern.allowed)(c) {
                        Some(c)
                    } else {
                        replacement
                    }
                })
                .collect(),
            None => "{..}".to_string(),
        })
        .collect()
}

/// Names written with `format!` over values only known at run time: the literal parts alone can
/// already break the pattern (`format!("backup-compliance-{env}")` for a framework, seed defect
/// D4), and then no parameter can fix it. Full names are checked by each kind's own rule.
pub fn name_skeletons(cx: &mut super::Cx) {
    let stack = cx.stack;
    // The resources with such a name, as the schema walk saw them (reading every resource's
    // fields again is a cache miss each in a large stack), or all of them.
    let candidates: Vec<usize> = match cx.learned() {
        Some(learned) => learned.partial_names.clone(),
        None => (0..stack.resources.len()).collect(),
    };
    for res in candidates.into_iter().map(|i| &stack.resources[i]) {
        let Some(crate::Value::Partial(parts)) = res.body.get("name") else {
            continue;
        };
        let Some(pattern) = NAME_PATTERNS.iter().find(|p| p.kind == res.kind) else {
            continue;
        };
        let shown: String = parts
            .iter()
            .map(|p| p.as_deref().unwrap_or("{..}"))
            .collect();
        let bad: Vec<char> = parts
            .iter()
            .flatten()
            .flat_map(|s| s.chars())
            .filter(|c| !(pattern.allowed)(*c))
            .collect();
        if let Some(c) = bad.first() {
            cx.report
                .error(pattern.code, &res.id, "name", format!("{} name `{shown}` contains `{c}`, whatever the parameters are; names hold only {}", res.kind.noun(), pattern.class))
                                .help(format!("write `{}`", fixed_skeleton(parts, pattern)));
            continue;
        }
        let literal_len: usize = parts.iter().flatten().map(|s| s.chars().count()).sum();
        if literal_len > pattern.max {
            cx.report
                .error(pattern.code, &res.id, "name", format!("{} name `{shown}` has {literal_len} literal characters; at most {} are allowed, whatever the parameters are", res.kind.noun(), pattern.max))
                .help("shorten the literal parts");
            continue;
        }
        if pattern.starts_with_letter {
            if let Some(Some(first)) = parts.first() {
                if !first.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    cx.report
                        .error(
                            pattern.code,
                            &res.id,
                            "name",
                            format!(
                                "{} name `{shown}` must start with a letter",
                                res.kind.noun()
                            ),
                        )
                        .help("start the name with a letter");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names() {
        assert_eq!(bucket_name_problem("my-bucket"), None);
        assert!(bucket_name_problem("My_Bucket").is_some());
        assert!(bucket_name_problem("192.168.1.1").unwrap().contains("IP"));
        assert!(bucket_name_problem("xn--bucket")
            .unwrap()
            .contains("prefix"));
        assert!(bucket_name_problem("ab").is_some());
        assert!(bucket_name_problem("a..b").is_some());
        // Boundaries: 3 and 63 characters, `.-` and `-.` (allowed by the current rules).
        assert_eq!(bucket_name_problem("abc"), None);
        assert_eq!(bucket_name_problem(&"a".repeat(63)), None);
        assert!(bucket_name_problem(&"a".repeat(64)).is_some());
        assert_eq!(bucket_name_problem("my-.bucket"), None);
        assert_eq!(bucket_name_problem("my.-bucket"), None);
        assert!(bucket_name_problem("-bucket").is_some());
        assert!(bucket_name_problem("bucket-").is_some());
    }

    #[test]
    fn region_shapes() {
        assert!(looks_like_region("us-gov-west-1"));
        assert!(looks_like_region("xx-newplace-9"));
        assert!(!looks_like_region("us-west"));
        assert!(!looks_like_region("US-WEST-2"));
        assert!(looks_like_region("eusc-de-east-1"));
        assert!(looks_like_region("eusc-de-newplace-2"));
        assert!(!looks_like_region("europe-de-east-1"));
        assert!(!looks_like_region("e-de-east-1"));
    }

    #[test]
    fn names() {
        assert!(is_vault_name("primary-dev_1"));
        assert!(!is_vault_name("a"));
        assert!(!is_vault_name("with.dot"));
        assert!(is_audit_name("backup_framework_dev"));
        assert!(!is_audit_name("backup-framework-dev"));
        assert!(!is_audit_name("1abc"));
        assert_eq!(
            audit_name_fix("backup-framework-dev"),
            "backup_framework_dev"
        );
    }

    #[test]
    fn name_skeletons_catch_literal_parts() {
        use crate::rules::testing::*;
        use crate::{Kind, Value};
        let fw = res(
            Kind::Framework,
            "fw",
            vec![
                (
                    "name",
                    Value::Partial(vec![Some("backup-compliance-".into()), None]),
                ),
                (
                    "controls",
                    list(vec![obj(
                        "Control",
                        vec![("name", "BACKUP_RECOVERY_POINT_ENCRYPTED".into())],
                    )]),
                ),
            ],
        );
        assert!(codes(&stack(vec![fw])).contains(&"BK064"));
        let ok = res(
            Kind::Framework,
            "fw",
            vec![
                (
                    "name",
                    Value::Partial(vec![Some("backup_compliance_".into()), None]),
                ),
                (
                    "controls",
                    list(vec![obj(
                        "Control",
                        vec![("name", "BACKUP_RECOVERY_POINT_ENCRYPTED".into())],
                    )]),
                ),
            ],
        );
        assert!(!codes(&stack(vec![ok])).contains(&"BK064"));
        let bucket = res(
            Kind::S3Bucket,
            "b",
            vec![("name", Value::Partial(vec![Some("Backup-".into()), None]))],
        );
        assert!(codes(&stack(vec![bucket])).contains(&"BK103"));
    }

    #[test]
    fn name_skeletons_catch_literal_length() {
        use crate::rules::testing::*;
        use crate::{Kind, Value};
        let long = "v".repeat(51);
        let v = res(
            Kind::Vault,
            "v",
            vec![("name", Value::Partial(vec![Some(long), None]))],
        );
        assert!(codes(&stack(vec![v])).contains(&"BK001"));
    }

    #[test]
    fn character_classes() {
        for ok in ["a", "A-b_c.d", &"n".repeat(50)] {
            assert!(is_dotted_name(ok), "{ok}");
        }
        for bad in ["", "a b", "a/b", &"n".repeat(51)] {
            assert!(!is_dotted_name(bad), "{bad}");
        }
        assert!(is_vault_name("a-") && is_vault_name("_1") && !is_vault_name("a.b"));
        assert!(is_audit_name("a") && is_audit_name(&"a".repeat(256)));
        assert!(!is_audit_name(&"a".repeat(257)) && !is_audit_name("_a") && !is_audit_name(""));
    }

    #[test]
    fn ip_addresses_and_region_segments() {
        assert!(bucket_name_problem("10.0.0.1").is_some());
        // Four dotted parts that are not all digits are a name.
        assert_eq!(bucket_name_problem("a.0.0.1"), None);
        assert_eq!(bucket_name_problem("10.0.0"), None);
        assert_eq!(bucket_name_problem("1.2.3.4.5"), None);
        assert!(looks_like_region("us-east-1"));
        assert!(looks_like_region("us-gov-east-1"));
        assert!(!looks_like_region("us-gov-east-west-1"));
        assert!(!looks_like_region("us-1"));
        assert!(!looks_like_region("us-east-"));
        assert!(!looks_like_region("us--1"));
    }

    #[test]
    fn arns_need_a_partition_and_a_service() {
        assert_eq!(
            parse_arn("arn:aws:s3:::bucket/key"),
            Some(("aws", "s3", "", "", "bucket/key"))
        );
        assert_eq!(parse_arn("arn::s3:::bucket"), None);
        assert_eq!(parse_arn("arn:aws::::bucket"), None);
        assert_eq!(parse_arn("arn:aws:s3"), None);
        assert_eq!(parse_arn("urn:aws:s3:::b"), None);
    }

    #[test]
    fn tag_bounds() {
        assert_eq!(tag_problem(&"k".repeat(128), &"v".repeat(256)), None);
        assert!(tag_problem(&"k".repeat(129), "v").is_some());
        assert!(tag_problem("", "v").is_some());
        assert!(tag_problem("k", &"v".repeat(257)).is_some());
        assert!(tag_problem("AWS:x", "v").is_some());
        assert_eq!(tag_problem("k", ""), None);
    }

    #[test]
    fn skeletons_for_every_kind() {
        use crate::rules::testing::*;
        use crate::{Kind, Value};
        // (kind, a literal part only that kind takes, one it does not, the code)
        let cases = [
            (Kind::Vault, "a-_", "a.", "BK001"),
            (Kind::Plan, "a-_.", "a/", "BK015"),
            (Kind::S3Bucket, "a-.0", "a_", "BK103"),
            (Kind::DynamoTable, "a-_.", "a/", "BK122"),
            (Kind::IamRole, "+=,.@_-", "a/", "BK127"),
            (Kind::LambdaFunction, "a-_", "a.", "BK128"),
            (Kind::LogGroup, ".-_/#", "a:", "BK133"),
            (Kind::Dashboard, "a-_", "a.", "BK134"),
            (Kind::Framework, "a_1", "a-", "BK064"),
        ];
        for (kind, good, bad, code) in cases {
            let named = |literal: &str| {
                stack(vec![res(
                    kind,
                    "x",
                    vec![("name", Value::Partial(vec![Some(literal.into()), None]))],
                )])
                .check()
                .diagnostics
                .into_iter()
                .filter(|d| d.code.code == code && d.path == "name")
                .collect::<Vec<_>>()
            };
            assert!(named(good).is_empty(), "{kind:?} {good}");
            assert!(!named(bad).is_empty(), "{kind:?} {bad}");
        }
        // The fix replaces with a character the pattern allows: `-` for buckets.
        let bucket = stack(vec![res(
            Kind::S3Bucket,
            "b",
            vec![("name", Value::Partial(vec![Some("my_".into()), None]))],
        )])
        .check();
        let d = bucket.errors().find(|d| d.code.code == "BK103").unwrap();
        assert_eq!(d.help.as_deref(), Some("write `my-{..}`"));
        let vault = stack(vec![res(
            Kind::Vault,
            "v",
            vec![("name", Value::Partial(vec![Some("my.".into()), None]))],
        )])
        .check();
        let d = vault.errors().find(|d| d.code.code == "BK001").unwrap();
        assert_eq!(d.help.as_deref(), Some("write `my_{..}`"));
        // Literal length: at the maximum is fine, one more is not.
        let vault_len = |n: usize| {
            fires(
                &stack(vec![res(
                    Kind::Vault,
                    "v",
                    vec![("name", Value::Partial(vec![Some("v".repeat(n)), None]))],
                )]),
                "BK001",
            )
        };
        assert!(!vault_len(50) && vault_len(51));
        // Audit names start with a letter, whatever follows.
        let fw = |first: &str| {
            fires(
                &stack(vec![res(
                    Kind::Framework,
                    "f",
                    vec![("name", Value::Partial(vec![Some(first.into()), None]))],
                )]),
                "BK064",
            )
        };
        assert!(fw("1a") && !fw("a1"));
        let unknown_first = stack(vec![res(
            Kind::Framework,
            "f",
            vec![("name", Value::Partial(vec![None, Some("_x".into())]))],
        )]);
        assert!(!fires(&unknown_first, "BK064"));
    }

    #[test]
    fn the_account_placeholder_and_an_empty_account_are_the_stacks_own() {
        use super::arn_account;
        assert_eq!(arn_account("$account"), None);
        assert_eq!(arn_account(""), None);
        assert_eq!(arn_account("111122223333"), Some("111122223333"));
    }
}
