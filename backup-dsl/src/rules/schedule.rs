//! Layer 3, the rules.
//!
//! The AWS Backup cron grammar (EventBridge's six-field cron) and time zones.

use crate::codes::*;
use crate::diag::Code;

/// One problem with a schedule: the code, what is wrong, how to fix it.
#[derive(Debug, PartialEq)]
pub struct CronProblem {
    /// The rule broken.
    pub code: &'static Code,
    /// What is wrong.
    pub message: String,
    /// The fix.
    pub help: String,
}

struct FieldSpec {
    name: &'static str,
    lo: u32,
    hi: u32,
    names: &'static [&'static str],
    specials: &'static str,
}

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: [FieldSpec; 6] = [
    FieldSpec {
        name: "minute",
        lo: 0,
        hi: 59,
        names: &[],
        specials: "",
    },
    FieldSpec {
        name: "hour",
        lo: 0,
        hi: 23,
        names: &[],
        specials: "",
    },
    FieldSpec {
        name: "day-of-month",
        lo: 1,
        hi: 31,
        names: &[],
        specials: "?LW",
    },
    FieldSpec {
        name: "month",
        lo: 1,
        hi: 12,
        names: MONTHS,
        specials: "",
    },
    FieldSpec {
        name: "day-of-week",
        lo: 1,
        hi: 7,
        names: DAYS,
        specials: "?L#",
    },
    FieldSpec {
        name: "year",
        lo: 1970,
        hi: 2199,
        names: &[],
        specials: "",
    },
];

fn problem(code: &'static Code, message: String, help: impl Into<String>) -> CronProblem {
    CronProblem {
        code,
        message,
        help: help.into(),
    }
}

/// The six fields inside `cron(...)`, or the problems that stop us from getting them.
fn fields(expr: &str) -> Result<Vec<&str>, CronProblem> {
    let e = expr.trim();
    let Some(inner) = e.strip_prefix("cron(").and_then(|r| r.strip_suffix(')')) else {
        let what = if e.starts_with("rate(") {
            "rate() expressions"
        } else if e.starts_with("at(") {
            "at() expressions"
        } else {
            "anything but cron(...)"
        };
        return Err(problem(&BK020, format!("AWS Backup rejects {what}: `{expr}`"), "write `cron(<minute> <hour> <day-of-month> <month> <day-of-week> <year>)`, e.g. `cron(0 5 ? * * *)`"));
    };
    let parts: Vec<&str> = inner.split_whitespace().collect();
    if parts.len() != 6 {
        return Err(problem(&BK021, format!("cron needs 6 fields (minute hour day-of-month month day-of-week year), got {} in `{expr}`", parts.len()), "add the year field (`*`) or remove the seconds field; e.g. `cron(0 5 ? * * *)`"));
    }
    Ok(parts)
}

fn value_ok(spec: &FieldSpec, v: &str) -> bool {
    if let Ok(n) = v.parse::<u32>() {
        return n >= spec.lo && n <= spec.hi;
    }
    spec.names.iter().any(|n| n.eq_ignore_ascii_case(v))
}

fn item_ok(spec: &FieldSpec, item: &str) -> bool {
    if item == "*" {
        return true;
    }
    if spec.specials.contains('L') && item == "L" {
        return true;
    }
    if spec.name == "day-of-month" {
        if item == "LW" {
            return true;
        }
        if let Some(day) = item.strip_suffix('W') {
            return value_ok(spec, day);
        }
    }
    if spec.name == "day-of-week" {
        if let Some((day, nth)) = item.split_once('#') {
            return value_ok(spec, day) && matches!(nth.parse::<u32>(), Ok(1..=5));
        }
        if let Some(day) = item.strip_suffix('L') {
            return value_ok(spec, day);
        }
    }
    let (range, step) = match item.split_once('/') {
        Some((r, s)) => (r, Some(s)),
        None => (item, None),
    };
    if let Some(step) = step {
        if !matches!(step.parse::<u32>(), Ok(n) if n >= 1) {
            return false;
        }
    }
    if range == "*" {
        return step.is_some();
    }
    match range.split_once('-') {
        Some((a, b)) => value_ok(spec, a) && value_ok(spec, b),
        None => value_ok(spec, range),
    }
}

/// Every problem with a schedule expression (BK020-BK025).
pub fn cron_problems(expr: &str) -> Vec<CronProblem> {
    let parts = match fields(expr) {
        Ok(p) => p,
        Err(p) => return vec![p],
    };
    let mut out = Vec::new();
    for (spec, field) in FIELDS.iter().zip(&parts) {
        if *field == "?" {
            if !spec.specials.contains('?') {
                out.push(problem(
                    &BK022,
                    format!("`?` is not allowed in the {} field of `{expr}`", spec.name),
                    "use `?` only in day-of-month or day-of-week",
                ));
            }
            continue;
        }
        for item in field.split(',') {
            if !item_ok(spec, item) {
                let extra = if spec.names.is_empty() {
                    String::new()
                } else {
                    format!(" or {}-{}", spec.names[0], spec.names[spec.names.len() - 1])
                };
                out.push(problem(
                    &BK022,
                    format!("{} value `{item}` is invalid in `{expr}` (allowed {}-{}{extra}, with `, - * /`{})", spec.name, spec.lo, spec.hi, special_list(spec.specials)),
                    format!("write the {} as a value from {} to {}", spec.name, spec.lo, spec.hi),
                ));
            }
        }
    }
    let (dom, dow) = (parts[2], parts[4]);
    if (dom == "?") == (dow == "?") {
        out.push(problem(
            &BK023,
            format!("exactly one of day-of-month (`{dom}`) and day-of-week (`{dow}`) must be `?` in `{expr}`"),
            if dom == "?" { "give a day-of-week such as `*`" } else { "write `?` in day-of-week (or in day-of-month)" },
        ));
    }
    if dow.contains('#') && dow.contains(',') {
        out.push(problem(
            &BK024,
            format!("`#` allows a single day-of-week expression, got `{dow}`"),
            "use one `weekday#n` expression",
        ));
    }
    let minute = parts[0];
    if out.is_empty() && minute.parse::<u32>().is_err() {
        out.push(problem(&BK025, format!("`{expr}` runs more than once per hour (minute field `{minute}`); AWS Backup runs at most hourly"), "set the minute field to a single value, e.g. `0`"));
    }
    out
}

fn special_list(specials: &str) -> String {
    if specials.is_empty() {
        String::new()
    } else {
        format!(
            " and `{}`",
            specials
                .chars()
                .map(String::from)
                .collect::<Vec<_>>()
                .join(" ")
        )
    }
}

/// The shortest interval in days between two runs, when the schedule is daily or slower and
/// simple enough to tell; `Some(0)` for sub-daily schedules.
pub fn min_interval_days(expr: &str) -> Option<i64> {
    let parts = fields(expr).ok()?;
    let single = |f: &str| f.parse::<u32>().is_ok();
    let every = |f: &str| f == "*" || f == "?";
    if !single(parts[0]) {
        return Some(0);
    }
    if !single(parts[1]) {
        return Some(0);
    }
    let (dom, month, dow) = (parts[2], parts[3], parts[4]);
    if !every(month) {
        return None;
    }
    if every(dom) && every(dow) {
        return Some(1);
    }
    if dom == "?" && (single(dow) || DAYS.iter().any(|d| d.eq_ignore_ascii_case(dow))) {
        return Some(7);
    }
    if dow == "?" && single(dom) {
        return Some(28);
    }
    None
}

/// BK026. Whether the time zone is an IANA name.
pub fn timezone_problem(tz: &str) -> Option<CronProblem> {
    if crate::tz::is_iana_zone(tz) {
        return None;
    }
    let help = match crate::diag::did_you_mean(tz, crate::tz::IANA_ZONES.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "use an IANA name such as `Etc/UTC` or `Europe/Paris`".to_string(),
    };
    Some(problem(&BK026, format!("unknown time zone `{tz}`"), help))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(expr: &str) -> Vec<&'static str> {
        cron_problems(expr).iter().map(|p| p.code.code).collect()
    }

    #[test]
    fn accepts_valid_expressions() {
        for e in [
            "cron(0 5 ? * * *)",
            "cron(0 2 * * ? *)",
            "cron(30 */4 ? * MON-FRI *)",
            "cron(0 12 L * ? *)",
            "cron(0 1 ? * 6#3 *)",
            "cron(15 3 15W 1,7 ? 2027)",
            "cron(0 0 ? JAN-MAR SUN *)",
        ] {
            assert!(cron_problems(e).is_empty(), "{e}: {:?}", cron_problems(e));
        }
    }

    #[test]
    fn bk020_rate() {
        assert_eq!(codes("rate(1 day)"), ["BK020"]);
    }

    #[test]
    fn bk021_field_count() {
        assert_eq!(codes("cron(0 5 * * ?)"), ["BK021"]);
    }

    #[test]
    fn bk022_values() {
        assert_eq!(codes("cron(0 25 ? * * *)"), ["BK022"]);
        assert_eq!(codes("cron(0 5 ? 13 * *)"), ["BK022"]);
        assert_eq!(codes("cron(? 5 * * ? *)"), ["BK022"]);
    }

    #[test]
    fn bk023_question_mark() {
        assert_eq!(codes("cron(0 5 * * * *)"), ["BK023"]);
        assert_eq!(codes("cron(0 5 ? * ? *)"), ["BK023"]);
    }

    #[test]
    fn bk024_hash() {
        assert_eq!(codes("cron(0 5 ? * 2#1,3#2 *)"), ["BK024"]);
    }

    #[test]
    fn bk025_hourly() {
        assert_eq!(codes("cron(*/15 * ? * * *)"), ["BK025"]);
    }

    #[test]
    fn bk026_timezone() {
        assert!(timezone_problem("Europe/Paris").is_none());
        assert!(timezone_problem("Etc/UTC").is_none());
        let p = timezone_problem("Europe/Pairs").unwrap();
        assert_eq!(p.code.code, "BK026");
        assert_eq!(p.help, "did you mean `Europe/Paris`?");
    }

    #[test]
    fn intervals() {
        assert_eq!(min_interval_days("cron(0 2 * * ? *)"), Some(1));
        assert_eq!(min_interval_days("cron(0 2 ? * SUN *)"), Some(7));
        assert_eq!(min_interval_days("cron(0 * ? * * *)"), Some(0));
    }

    #[test]
    fn special_items_only_where_they_belong() {
        // `L` and `W` in day-of-month; `L` and `#` in day-of-week.
        for ok in [
            "cron(0 5 L * ? *)",
            "cron(0 5 LW * ? *)",
            "cron(0 5 15W * ? *)",
            "cron(0 5 ? * 6L *)",
            "cron(0 5 ? * FRI#5 *)",
            "cron(0 5 ? * L *)",
            "cron(0 5 1/7 * ? *)",
            "cron(0 5 */2 * ? *)",
            "cron(0 5 ? JAN-MAR MON-FRI *)",
        ] {
            assert!(codes(ok).is_empty(), "{ok}: {:?}", codes(ok));
        }
        for bad in [
            "cron(0 5 ? * LW *)",
            "cron(0 5 ? * 3W *)",
            "cron(0 5 32W * ? *)",
            "cron(0 5 6L * ? *)",
            "cron(0 5 ? * FRI#6 *)",
            "cron(0 5 ? * FRI#0 *)",
            "cron(0 5 ? * 8L *)",
            "cron(0 5 1/0 * ? *)",
            "cron(0 5 * * ? */x)",
            "cron(0 5 L/2 * ? *)",
            "cron(0 24 * * ? *)",
            "cron(0 5 ? * MON-FUN *)",
            "cron(60 5 * * ? *)",
        ] {
            assert!(codes(bad).contains(&"BK022"), "{bad}: {:?}", codes(bad));
        }
    }

    #[test]
    fn day_fields_and_hourly_limit() {
        assert_eq!(codes("cron(0 5 * * * *)"), vec!["BK023"]);
        assert_eq!(codes("cron(0 5 ? * ? *)"), vec!["BK023"]);
        let help = |e: &str| cron_problems(e)[0].help.clone();
        assert!(help("cron(0 5 ? * ? *)").contains("day-of-week"));
        assert!(help("cron(0 5 * * * *)").contains("`?` in day-of-week"));
        assert!(codes("cron(0 5 ? * MON#1,TUE *)").contains(&"BK024"));
        assert!(codes("cron(0/30 5 * * ? *)").contains(&"BK025"));
        assert!(codes("cron(0 5 * * ? *)").is_empty());
        // Another problem first: the hourly limit is not piled on.
        assert_eq!(codes("cron(*/5 25 * * ? *)"), vec!["BK022"]);
    }

    #[test]
    fn messages_name_the_special_characters() {
        let message = |e: &str| cron_problems(e)[0].message.clone();
        assert!(message("cron(0 5 ? * 9 *)").contains("with `, - * /` and `? L #`"));
        assert!(message("cron(0 25 * * ? *)").contains("with `, - * /`)"));
    }

    #[test]
    fn interval_edges() {
        assert_eq!(min_interval_days("cron(0 5 * * ? *)"), Some(1));
        assert_eq!(min_interval_days("cron(0 5 ? * * *)"), Some(1));
        assert_eq!(min_interval_days("cron(0 5 ? * MON *)"), Some(7));
        assert_eq!(min_interval_days("cron(0 5 ? * 2 *)"), Some(7));
        assert_eq!(min_interval_days("cron(0 5 1 * ? *)"), Some(28));
        assert_eq!(min_interval_days("cron(0 * * * ? *)"), Some(0));
        assert_eq!(min_interval_days("cron(0/5 5 * * ? *)"), Some(0));
        assert_eq!(min_interval_days("cron(0 5 ? 1 MON *)"), None);
        assert_eq!(min_interval_days("cron(0 5 1,15 * ? *)"), None);
        assert_eq!(min_interval_days("cron(0 5 ? * MON,THU *)"), None);
        assert_eq!(min_interval_days("cron(0 5 1 * MON *)"), None);
        assert_eq!(min_interval_days("rate(1 day)"), None);
    }
}
