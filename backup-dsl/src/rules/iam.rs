//! The minimum of KMS, IAM and SNS rules the backup resources depend on.

use super::names::chars_within;
use super::Cx;
use crate::codes::*;
use crate::schema::Kind;

/// Runs the rules.
pub fn check(cx: &mut Cx) {
    for key in cx.of_kind(Kind::KmsKey) {
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

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    use crate::schema::Kind;
    use crate::value::Value;

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
}
