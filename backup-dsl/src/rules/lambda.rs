//! Layer 3, the rules.
//!
//! Lambda functions and permissions, and S3 notifications that invoke them.

use super::names::{chars_within, is_account_id, parse_arn};
use super::Cx;
use crate::codes::*;
use crate::model::Resource;
use crate::schema::Kind;
use crate::value::Value;

/// Runtimes whose function creation AWS has blocked by this release (error), and runtimes that
/// are deprecated but still accept updates (warning) [DOC lambda-runtimes.html].
const BLOCKED_RUNTIMES: &[(&str, &str)] = &[
    ("nodejs12.x", "nodejs22.x"),
    ("nodejs14.x", "nodejs22.x"),
    ("nodejs16.x", "nodejs22.x"),
    ("nodejs18.x", "nodejs22.x"),
    ("python3.7", "python3.13"),
    ("python3.8", "python3.13"),
    ("java8", "java21"),
    ("go1.x", "provided.al2023"),
    ("provided", "provided.al2023"),
    ("ruby2.7", "ruby3.3"),
    ("dotnet6", "dotnet8"),
];
const DEPRECATED_RUNTIMES: &[(&str, &str)] = &[
    ("python3.9", "python3.13"),
    ("ruby3.2", "ruby3.3"),
    ("nodejs20.x", "nodejs22.x"),
    ("provided.al2", "provided.al2023"),
];

const RESERVED_ENV: &[&str] = &[
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
];

/// Runs the Lambda rules.
pub fn check(cx: &mut Cx) {
    for f in cx.of_kind(Kind::LambdaFunction) {
        function(cx, f);
    }
    for b in cx.of_kind(Kind::S3Bucket) {
        notifications_have_permissions(cx, b);
    }
    for p in cx.of_kind(Kind::LambdaPermission) {
        permission_fields(cx, p);
        permission_used(cx, p);
    }
}

/// BK426. What Lambda's `AddPermission` takes [API AddPermission: `FunctionName` a name,
/// `name:qualifier`, a partial ARN `account:function:name` or a function ARN, of
/// `[a-zA-Z0-9-_]` names; `Principal` `[^\s]+`; `SourceAccount` `\d{12}`; `Action`
/// `(lambda:[*]|lambda:[a-zA-Z]+|[*])`]. A function of the stack is referenced, not named.
fn permission_fields(cx: &mut Cx, p: &Resource) {
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let qualified = |rest: &str| match rest.split_once(':') {
        Some((name, qualifier)) => name_ok(name) && (qualifier == "$LATEST" || name_ok(qualifier)),
        None => name_ok(rest),
    };
    let function_ok = |f: &str| {
        if let Some((_, "lambda", _, account, resource)) = parse_arn(f) {
            return is_account_id(account)
                && resource.strip_prefix("function:").is_some_and(qualified);
        }
        match f.split_once(":function:") {
            Some((account, rest)) => is_account_id(account) && qualified(rest),
            None => qualified(f),
        }
    };
    let mut bad = |path: &str, message: String, help: &str| {
        cx.report.error(&BK426, &p.id, path, message).help(help);
    };
    if let Some(f) = p.body.str("function").filter(|f| !function_ok(f)) {
        bad(
            "function",
            format!("`{f}` is not a function name or ARN"),
            "reference a `lambda::Function` of the stack, or give its name or ARN",
        );
    }
    if let Some(pr) = p
        .body
        .str("principal")
        .filter(|pr| pr.is_empty() || pr.chars().any(char::is_whitespace))
    {
        bad(
            "principal",
            format!("principal `{pr}` is empty or has white space"),
            "name the service, e.g. `s3.amazonaws.com`, or an account id",
        );
    }
    if let Some(a) = p
        .body
        .str("source_account")
        .filter(|a| *a != "self" && !is_account_id(a))
    {
        bad(
            "source_account",
            format!("source account `{a}` is not a 12-digit account id"),
            "write `self` (this account) or a 12-digit account id",
        );
    }
    if let Some(a) = p.body.str("action").filter(|a| {
        let name = a.strip_prefix("lambda:");
        !(*a == "*"
            || name == Some("*")
            || name.is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphabetic())))
    }) {
        bad(
            "action",
            format!("action `{a}` is not a Lambda action"),
            "write `lambda:InvokeFunction` (the default), or another `lambda:` action",
        );
    }
}

/// BK128-BK131, BK407, BK408 for one function.
fn function(cx: &mut Cx, f: &Resource) {
    if let Some(name) = f.body.str("name").filter(|n| {
        !chars_within(n, 1, 64, |c| {
            c.is_ascii_alphanumeric() || c == '-' || c == '_'
        })
    }) {
        cx.report
            .error(
                &BK128,
                &f.id,
                "name",
                format!("function name `{name}` must be 1-64 of letters, digits, `-`, `_`"),
            )
            .help("rename the function");
    }
    if let Some(t) = f.body.int("timeout_seconds") {
        cx.in_range(
            &BK129,
            f,
            "timeout_seconds",
            "function timeout (seconds)",
            t,
            1,
            900,
        );
    }
    if let Some(m) = f.body.int("memory_mb") {
        cx.in_range(
            &BK130,
            f,
            "memory_mb",
            "function memory (MB)",
            m,
            128,
            10240,
        );
    }
    if let Some(h) = f.body.str("handler") {
        if h.chars().count() > 128 || h.chars().any(char::is_whitespace) || h.is_empty() {
            cx.report
                .error(
                    &BK131,
                    &f.id,
                    "handler",
                    format!("handler `{h}` must be 1-128 characters without spaces"),
                )
                .help("write `file.function`, e.g. `index.handler`");
        }
    }
    for (k, _) in f.body.map("environment") {
        if RESERVED_ENV.contains(&k.as_str()) {
            cx.report
                .error(
                    &BK131,
                    &f.id,
                    "environment",
                    format!("`{k}` is reserved by the Lambda runtime and cannot be set"),
                )
                .help("rename the variable");
        }
    }
    let layers = f.body.list("layers").len();
    if layers > 5 {
        cx.report
            .error(
                &BK131,
                &f.id,
                "layers",
                format!("a function takes at most 5 layers, got {layers}"),
            )
            .help("merge layers");
    }
    if let Some(mb) = f.body.int("ephemeral_storage_mb") {
        cx.in_range(
            &BK131,
            f,
            "ephemeral_storage_mb",
            "ephemeral storage (MB)",
            mb,
            512,
            10240,
        );
    }
    if let Some(rt) = f.body.str("runtime") {
        if let Some((_, instead)) = BLOCKED_RUNTIMES.iter().find(|(r, _)| *r == rt) {
            cx.report
                .error(
                    &BK407,
                    &f.id,
                    "runtime",
                    format!(
                        "runtime `{rt}` is deprecated and Lambda blocks creating functions with it"
                    ),
                )
                .help(format!("use `{instead}`"));
        } else if let Some((_, instead)) = DEPRECATED_RUNTIMES.iter().find(|(r, _)| *r == rt) {
            cx.report.warning(&BK407, &f.id, "runtime", format!("runtime `{rt}` is deprecated; AWS will block creating and then updating functions with it")).help(format!("move to `{instead}`"));
        }
    }
    if let Some(code) = f.body.str("code") {
        // A name with an extension other than .zip is a file, not a package (`index.py`);
        // anything else may be a directory, which only the build can look at.
        let file_name = code.rsplit('/').next().unwrap_or(code);
        let other_file = file_name
            .rsplit_once('.')
            .is_some_and(|(stem, ext)| !stem.is_empty() && ext != "zip");
        if other_file {
            cx.report
                .error(
                    &BK408,
                    &f.id,
                    "code",
                    format!("code `{code}` must be a .zip deployment package or a directory"),
                )
                .help(format!(
                    "point `code` at the directory holding `{file_name}` (it is zipped when the stack is built), or at a zip"
                ));
        } else if cx.stack.assets.is_some() && cx.stack.asset(&f.id).is_none() {
            let tried = cx.stack.asset_source(code);
            cx.report
                .error(&BK408, &f.id, "code", format!("code `{code}` does not exist (looked for `{}`)", tried.display()))
                .help("point `code` at a directory or a zip; relative paths start at the crate that declares the stack");
        }
    }
}

/// Whether a `lambda::Permission` of the stack may let S3 invoke `function` for `bucket`: its
/// source is the bucket (by reference or by ARN string), or absent (the permission then covers
/// every bucket: valid, if broad), or only known at run time. A false error is worse than a
/// missing one, so anything undecidable counts as a grant.
fn permission_for<'a>(cx: &Cx<'a>, bucket: &Resource, function: &str) -> Option<&'a Resource> {
    cx.of_kind(Kind::LambdaPermission).into_iter().find(|p| {
        let principal_is_s3 = match p.body.get("principal") {
            Some(v) if v.is_unknown() => true,
            Some(v) => v.as_str() == Some("s3.amazonaws.com"),
            None => false,
        };
        p.body.reference("function") == Some(function)
            && principal_is_s3
            && source_may_be(p.body.get("source"), bucket)
    })
}

/// Whether a permission's `source` may name `bucket`.
fn source_may_be(source: Option<&Value>, bucket: &Resource) -> bool {
    match source {
        None => true,
        Some(Value::Ref(id)) => *id == bucket.id,
        Some(Value::Str(arn)) => match (parse_arn(arn), bucket.body.get("name")) {
            (Some((_, "s3", _, _, name)), Some(Value::Str(bucket_name))) => name == bucket_name,
            // The bucket's name is generated or only known at run time: the ARN may be it.
            (Some((_, "s3", _, _, _)), _) => true,
            _ => false,
        },
        Some(v) => v.is_unknown(),
    }
}

/// BK409. S3 validates at `PutBucketNotificationConfiguration` that it may invoke the function.
fn notifications_have_permissions(cx: &mut Cx, b: &Resource) {
    for (i, n) in b
        .body
        .list("notifications")
        .iter()
        .filter_map(Value::as_object)
        .enumerate()
    {
        let Some(function) = n.reference("function") else {
            continue;
        };
        if permission_for(cx, b, function).is_none() {
            cx.report
                .error(&BK409, &b.id, &format!("notifications[{i}].function"), format!("bucket `{}` notifies `{function}`, but no `lambda::Permission` lets s3.amazonaws.com invoke it for this bucket; S3 rejects the notification", b.display()))
                .help(format!("declare `lambda::Permission {{ function: {function}, principal: \"s3.amazonaws.com\", source: {}, source_account: \"self\" }}`", b.id));
        }
    }
}

/// BK409 (warning), BK412. A permission no notification uses never fires (seed defect D22); an
/// S3 permission without `source_account` is open to a confused deputy (D33).
fn permission_used(cx: &mut Cx, p: &Resource) {
    if p.body.str("principal") != Some("s3.amazonaws.com") {
        return;
    }
    if !p.body.has("source_account") {
        cx.report
            .warning(&BK412, &p.id, "principal", "an S3 invoke permission should name `source_account`: bucket ARNs carry no account, so any account's bucket of that name could invoke the function")
            .help("add `source_account: \"self\"`");
    }
    let (Some(function), Some(bucket)) = (
        p.body.reference("function"),
        p.body.get("source").and_then(|s| cx.target(s)),
    ) else {
        return;
    };
    let used = bucket
        .body
        .list("notifications")
        .iter()
        .filter_map(Value::as_object)
        .any(|n| n.reference("function") == Some(function));
    if !used
        && !bucket
            .body
            .get("notifications")
            .is_some_and(Value::is_unknown)
    {
        cx.report
            .warning(&BK409, &p.id, "source", format!("S3 may invoke `{function}` for bucket `{}`, but the bucket sends it no notification: the function is never triggered", bucket.display()))
            .note(&bucket.id, "", "the bucket")
            .help(format!("add `notifications: [Notify {{ function: {function}, events: [\"s3:ObjectCreated:*\"] }}]` to `{}`, or remove the permission", bucket.id));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

    fn function(fields: Vec<(&str, Value)>) -> crate::Resource {
        let mut f = vec![
            ("name", Value::from("verify")),
            ("runtime", "python3.13".into()),
            ("handler", "index.handler".into()),
            ("code", "lambda/verify.zip".into()),
            ("role", r("role")),
        ];
        f.extend(fields);
        res(Kind::LambdaFunction, "f", f)
    }

    fn base(extra: Vec<crate::Resource>) -> crate::Stack {
        let mut v = vec![res(
            Kind::IamRole,
            "role",
            vec![
                ("name", "r".into()),
                ("assumed_by", list(vec!["lambda.amazonaws.com".into()])),
            ],
        )];
        v.extend(extra);
        stack(v)
    }

    #[test]
    fn bk128_to_bk131() {
        assert!(codes(&base(vec![function(vec![(
            "name",
            "verify backups".into()
        )])]))
        .contains(&"BK128"));
        assert!(codes(&base(vec![function(vec![(
            "timeout_seconds",
            Value::Int(1000)
        )])]))
        .contains(&"BK129"));
        assert!(
            codes(&base(vec![function(vec![("memory_mb", Value::Int(64))])])).contains(&"BK130")
        );
        assert!(codes(&base(vec![function(vec![(
            "environment",
            map(&[("AWS_REGION", "x")])
        )])]))
        .contains(&"BK131"));
    }

    #[test]
    fn bk407_runtimes() {
        assert!(base(vec![function(vec![("runtime", "nodejs18.x".into())])])
            .check()
            .errors()
            .any(|d| d.code.code == "BK407"));
        assert!(base(vec![function(vec![("runtime", "python3.9".into())])])
            .check()
            .warnings()
            .any(|d| d.code.code == "BK407"));
    }

    #[test]
    fn bk408_code() {
        let with_code = |code: &str| base(vec![function(vec![("code", code.into())])]);
        assert!(codes(&with_code("lambda/index.py")).contains(&"BK408"));
        for code in ["does/not/exist.zip", "does/not/exist", "lambda/v1.2/src"] {
            let s = with_code(code);
            assert!(
                !codes(&s).contains(&"BK408"),
                "{code}: a zip or a directory, only checked once assets are resolved"
            );
            assert!(s.build().unwrap_err().has("BK408"), "{code} does not exist");
        }
    }

    #[test]
    fn bk408_a_directory_is_code() {
        let dir = std::env::temp_dir().join(format!("backup-dsl-code-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.py"), "def handler(e, c): pass\n").unwrap();
        let s = base(vec![function(vec![(
            "code",
            dir.display().to_string().into(),
        )])]);
        let checked = s.build().unwrap();
        let asset = checked.asset("f").unwrap();
        assert!(asset.zipped.is_some());
        assert_eq!(
            asset.sha256_hex,
            crate::assets::sha256(&crate::assets::zip_directory(&dir).unwrap())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        // A zip is taken as it is.
        let zip = dir.with_extension("zip");
        std::fs::write(&zip, crate::assets::zip_directory(&dir).unwrap()).unwrap();
        let s = base(vec![function(vec![(
            "code",
            zip.display().to_string().into(),
        )])]);
        let checked = s.build().unwrap();
        let from_zip = checked.asset("f").unwrap();
        assert!(from_zip.zipped.is_none());
        assert_eq!(from_zip.sha256_hex, asset.sha256_hex);
        let _ = std::fs::remove_file(&zip);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn bk409_bk412_notifications() {
        let notify = obj(
            "Notify",
            vec![
                ("function", r("f")),
                ("events", list(vec!["s3:ObjectCreated:*".into()])),
            ],
        );
        let bucket = res(
            Kind::S3Bucket,
            "b",
            vec![
                ("name", "bucket-dev".into()),
                ("notifications", list(vec![notify])),
            ],
        );
        assert!(codes(&base(vec![function(vec![]), bucket])).contains(&"BK409"));
        let quiet = res(Kind::S3Bucket, "b", vec![("name", "bucket-dev".into())]);
        let perm = res(
            Kind::LambdaPermission,
            "p",
            vec![
                ("function", r("f")),
                ("principal", "s3.amazonaws.com".into()),
                ("source", r("b")),
            ],
        );
        let rep = base(vec![function(vec![]), quiet, perm]).check();
        assert!(
            rep.warnings().any(|d| d.code.code == "BK409")
                && rep.warnings().any(|d| d.code.code == "BK412"),
            "{rep}"
        );
    }

    #[test]
    fn bk409_permission_by_arn_or_without_source() {
        let notify = obj(
            "Notify",
            vec![
                ("function", r("f")),
                ("events", list(vec!["s3:ObjectCreated:*".into()])),
            ],
        );
        let bucket = res(
            Kind::S3Bucket,
            "b",
            vec![
                ("name", "bucket-dev".into()),
                ("notifications", list(vec![notify])),
            ],
        );
        let perm = |source: Option<Value>| {
            let mut fields = vec![
                ("function", r("f")),
                ("principal", Value::from("s3.amazonaws.com")),
                ("source_account", "self".into()),
            ];
            if let Some(s) = source {
                fields.push(("source", s));
            }
            res(Kind::LambdaPermission, "p", fields)
        };
        let bk409 = |p| codes(&base(vec![function(vec![]), bucket.clone(), p])).contains(&"BK409");
        // AWS's own AddPermission example names the bucket by ARN.
        assert!(!bk409(perm(Some("arn:aws:s3:::bucket-dev".into()))));
        // A statement without a source is allowed (it covers every bucket).
        assert!(!bk409(perm(None)));
        assert!(!bk409(perm(Some(Value::Unknown))));
        assert!(!bk409(perm(Some(r("b")))));
        // Another bucket's ARN does not let this bucket invoke the function.
        assert!(bk409(perm(Some("arn:aws:s3:::other-bucket".into()))));
    }

    #[test]
    fn bk131_layers_and_ephemeral_storage() {
        let many: Vec<Value> = (0..6)
            .map(|i| {
                Value::from(format!(
                    "arn:aws:lambda:us-east-1:111122223333:layer:l{i}:1"
                ))
            })
            .collect();
        assert!(codes(&base(vec![function(vec![("layers", list(many))])])).contains(&"BK131"));
        assert!(codes(&base(vec![function(vec![(
            "ephemeral_storage_mb",
            Value::Int(100)
        )])]))
        .contains(&"BK131"));
    }

    // Boundaries: the largest valid value is clean, the smallest invalid one fires.

    #[test]
    fn function_bounds_at_their_edges() {
        assert_clean(&base(vec![function(vec![])]));
        let with = |field: &str, v: Value| base(vec![function(vec![(field, v)])]);
        for (field, code, lo, hi) in [
            ("timeout_seconds", "BK129", 1, 900),
            ("memory_mb", "BK130", 128, 10240),
            ("ephemeral_storage_mb", "BK131", 512, 10240),
        ] {
            assert_clean(&with(field, Value::Int(lo)));
            assert_clean(&with(field, Value::Int(hi)));
            assert!(fires(&with(field, Value::Int(lo - 1)), code));
            assert!(fires(&with(field, Value::Int(hi + 1)), code));
        }
        for ok in ["-_", "a", &"f".repeat(64)] {
            assert_clean(&with("name", ok.into()));
        }
        for bad in ["a.b", "", &"f".repeat(65)] {
            assert!(fires(&with("name", bad.into()), "BK128"), "{bad}");
        }
        assert_clean(&with("handler", "h".repeat(128).into()));
        for bad in [
            "h".repeat(129),
            String::new(),
            "index handler".into(),
            "a\tb".into(),
        ] {
            assert!(
                fires(&with("handler", bad.clone().into()), "BK131"),
                "{bad:?}"
            );
        }
        let layers = |n: usize| {
            list(
                (0..n)
                    .map(|i| {
                        Value::from(format!(
                            "arn:aws:lambda:us-east-1:111122223333:layer:l{i}:1"
                        ))
                    })
                    .collect(),
            )
        };
        assert_clean(&with("layers", layers(5)));
        assert!(fires(&with("layers", layers(6)), "BK131"));
        assert_clean(&with("environment", map(&[("TABLE", "t")])));
    }

    #[test]
    fn bk407_only_for_listed_runtimes() {
        for current in ["python3.13", "nodejs22.x", "java21", "provided.al2023"] {
            assert_clean(&base(vec![function(vec![("runtime", current.into())])]));
        }
        for deprecated in ["python3.9", "ruby3.2", "nodejs20.x", "provided.al2"] {
            let rep = base(vec![function(vec![("runtime", deprecated.into())])]).check();
            assert!(
                rep.warnings().any(|d| d.code.code == "BK407") && !rep.has_errors(),
                "{deprecated}: {rep}"
            );
        }
    }

    #[test]
    fn bk409_undecidable_sources_count_as_grants() {
        let notify = obj(
            "Notify",
            vec![
                ("function", r("f")),
                ("events", list(vec!["s3:ObjectCreated:*".into()])),
            ],
        );
        let bucket = |name: Value| {
            res(
                Kind::S3Bucket,
                "b",
                vec![
                    ("name", name),
                    ("notifications", list(vec![notify.clone()])),
                ],
            )
        };
        let perm = |principal: Value, source: Value| {
            res(
                Kind::LambdaPermission,
                "p",
                vec![
                    ("function", r("f")),
                    ("principal", principal),
                    ("source", source),
                    ("source_account", "self".into()),
                ],
            )
        };
        let bk409 = |b, p| fires(&base(vec![function(vec![]), b, p]), "BK409");
        // The bucket's name is only known at run time: any S3 ARN may be it.
        assert!(!bk409(
            bucket(Value::Unknown),
            perm("s3.amazonaws.com".into(), "arn:aws:s3:::whatever".into())
        ));
        // Not an S3 ARN at all.
        assert!(bk409(
            bucket("bucket-dev".into()),
            perm(
                "s3.amazonaws.com".into(),
                "arn:aws:sns:us-east-1:111122223333:t".into()
            )
        ));
        // A principal only the run time knows may be S3.
        assert!(!bk409(
            bucket("bucket-dev".into()),
            perm(Value::Unknown, r("b"))
        ));
        // Another service's permission does not let S3 invoke.
        assert!(bk409(
            bucket("bucket-dev".into()),
            perm("sns.amazonaws.com".into(), r("b"))
        ));
    }

    #[test]
    fn bk426_permission_fields_are_what_add_permission_takes() {
        let permission =
            |fields: Vec<(&str, Value)>| stack(vec![res(Kind::LambdaPermission, "p", fields)]);
        let bk426_paths = |s: &crate::model::Stack| paths(s, "BK426");
        let bad = permission(vec![
            ("function", "backup.amazonaws.com".into()),
            ("principal", "cron(0 2 * * ? *)".into()),
            ("source_account", "Europe/Berlin".into()),
            ("action", "${aws:username}".into()),
        ]);
        assert_eq!(
            bk426_paths(&bad),
            ["function", "principal", "source_account", "action"]
        );
        for f in [
            "verify",
            "verify:$LATEST",
            "verify:live",
            "111122223333:function:verify",
            "arn:aws:lambda:us-east-1:111122223333:function:verify",
            "arn:aws:lambda:us-east-1:111122223333:function:verify:7",
        ] {
            let ok = permission(vec![
                ("function", f.into()),
                ("principal", "s3.amazonaws.com".into()),
                ("source_account", "self".into()),
                ("action", "lambda:InvokeFunction".into()),
            ]);
            assert!(bk426_paths(&ok).is_empty(), "{f}: {:?}", bk426_paths(&ok));
        }
        for f in [
            "aws:ResourceTag/backup",
            "arn:aws:s3:::bucket",
            "verify:",
            "1234:function:verify",
            "arn:aws:lambda:us-east-1:111122223333:layer:x",
        ] {
            assert_eq!(
                bk426_paths(&permission(vec![("function", f.into())])),
                ["function"],
                "{f}"
            );
        }
        for a in ["*", "lambda:*", "lambda:GetFunction"] {
            assert!(
                bk426_paths(&permission(vec![("action", a.into())])).is_empty(),
                "{a}"
            );
        }
        assert_eq!(
            bk426_paths(&permission(vec![("source_account", "111122223333".into())])),
            Vec::<String>::new()
        );
    }

    #[test]
    fn bk426_underscores_in_names_and_empty_actions() {
        let bk426_paths = |fields: Vec<(&str, Value)>| {
            paths(
                &stack(vec![res(Kind::LambdaPermission, "p", fields)]),
                "BK426",
            )
        };
        assert!(bk426_paths(vec![("function", "verify_backups".into())]).is_empty());
        assert_eq!(bk426_paths(vec![("action", "lambda:".into())]), ["action"]);
    }
}
