//! Layer 3, the rules.
//!
//! Worst-case recovery point objective of a backup rule: the largest gap between two consecutive
//! scheduled runs over a whole year in the rule's time zone (clock changes included), plus the
//! completion window, in which a started job may still be running. AWS's cron dialect is read by
//! this module (six fields: minute, hour, day of month, month, day of week, year; `*`, `?`,
//! lists, ranges, steps, `L`, `W`, `#`); the calendar and the time zones are jiff's, with the
//! time-zone database compiled in, so the answer is the same on every host. A schedule this
//! reader does not take gives no answer, and then no finding (a false error is worse).

use jiff::civil::{date, Date};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

pub use crate::schema::defaults::{
    COMPLETION_WINDOW_MINUTES as DEFAULT_COMPLETION_MINUTES, SCHEDULE as DEFAULT_SCHEDULE,
};

/// The year the runs are laid out over: a fixed one, so that the answer does not depend on the
/// day the stack is checked. Its clock changes are those of the zone's current rules.
pub const REFERENCE_YEAR: i16 = 2026;

/// The largest gap between two consecutive runs, and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// Its length in minutes.
    pub minutes: i64,
    /// The run before the gap, local time (`2026-10-24T02:00:00+02:00[Europe/Berlin]`).
    pub from: String,
    /// The run after it.
    pub to: String,
}

/// One field of a cron expression: the values it allows, within `lo..=hi`.
fn values(field: &str, lo: u32, hi: u32, names: &[&str]) -> Option<Vec<u32>> {
    let number = |s: &str| -> Option<u32> {
        s.parse().ok().or_else(|| {
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(s))
                .map(|i| i as u32 + lo)
        })
    };
    let mut out = Vec::new();
    for item in field.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, s.parse::<u32>().ok().filter(|s| *s > 0)?),
            None => (item, 1),
        };
        let (start, end) = if range == "*" {
            (lo, hi)
        } else if let Some((a, b)) = range.split_once('-') {
            (number(a)?, number(b)?)
        } else {
            let v = number(range)?;
            (v, if item.contains('/') { hi } else { v })
        };
        if start < lo || end > hi || start > end {
            return None;
        }
        out.extend((start..=end).step_by(step as usize));
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// Whether the day-of-month field allows `day` (`L`, `LW`, `15W` included).
fn day_of_month_matches(field: &str, day: Date) -> Option<bool> {
    let last = day.last_of_month().day();
    let weekday = |d: Date| d.weekday().to_monday_one_offset();
    if field == "*" {
        return Some(true);
    }
    if field == "L" {
        return Some(day.day() == last);
    }
    if field == "LW" {
        // The last weekday of the month.
        let mut d = day.last_of_month();
        while weekday(d) > 5 {
            d = d.yesterday().ok()?;
        }
        return Some(day == d);
    }
    if let Some(n) = field.strip_suffix('W') {
        // The weekday nearest to day n, within the month.
        let n: i8 = n.parse().ok()?;
        let target = date(day.year(), day.month(), n.min(last));
        let nearest = match weekday(target) {
            6 if target.day() == 1 => target.checked_add(2.days()).ok()?,
            6 => target.yesterday().ok()?,
            7 if target.day() == last => target.checked_sub(2.days()).ok()?,
            7 => target.tomorrow().ok()?,
            _ => target,
        };
        return Some(day == nearest);
    }
    Some(values(field, 1, 31, &[])?.contains(&(day.day() as u32)))
}

/// Whether the day-of-week field allows `day` (1 = Sunday; `5L`, `2#1` included).
fn day_of_week_matches(field: &str, day: Date) -> Option<bool> {
    let dow = day.weekday().to_sunday_one_offset() as u32;
    if field == "*" {
        return Some(true);
    }
    if let Some(w) = field.strip_suffix('L') {
        // The last such weekday of the month.
        let w = values(w, 1, 7, WEEKDAYS)?;
        return Some(w.contains(&dow) && day.checked_add(7.days()).ok()?.month() != day.month());
    }
    if let Some((w, n)) = field.split_once('#') {
        let w = values(w, 1, 7, WEEKDAYS)?;
        let n: i8 = n.parse().ok()?;
        return Some(w.contains(&dow) && (day.day() - 1) / 7 + 1 == n);
    }
    Some(values(field, 1, 7, WEEKDAYS)?.contains(&dow))
}

/// The largest gap between consecutive runs of `cron(..)` in `timezone` over
/// [`REFERENCE_YEAR`] (the gap across New Year included), or `None` when the expression or the
/// zone is one this reader does not take, or it runs fewer than twice a year.
pub fn worst_gap(schedule: &str, timezone: &str) -> Option<Gap> {
    // A year of runs in a time zone is the rules' most expensive computation, and every
    // instance of a component (200 environments of one stack) asks it for the same few
    // schedules: the answer, a pure function of its two inputs, is kept for the process.
    // The keys are schedules and zones written in stacks, a handful per stack, and an entry is a
    // few hundred bytes: the cache needs no bound.
    type Cache = std::collections::HashMap<(String, String), Option<Gap>>;
    static CACHE: std::sync::OnceLock<std::sync::Mutex<Cache>> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (schedule.to_string(), timezone.to_string());
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return hit.clone();
    }
    let gap = year_of_runs_worst_gap(schedule, timezone);
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, gap.clone());
    gap
}

/// [`worst_gap`], computed.
fn year_of_runs_worst_gap(schedule: &str, timezone: &str) -> Option<Gap> {
    let inner = schedule.strip_prefix("cron(")?.strip_suffix(')')?;
    let f: Vec<&str> = inner.split_whitespace().collect();
    let [minute, hour, dom, month, dow, year] = f.as_slice() else {
        return None;
    };
    let tz = TimeZone::get(timezone).ok()?;
    let minutes = values(minute, 0, 59, &[])?;
    let hours = values(hour, 0, 23, &[])?;
    let months = values(month, 1, 12, MONTHS)?;
    let years_ok = |y: i16| -> Option<bool> {
        Some(*year == "*" || values(year, 1970, 2199, &[])?.contains(&(y as u32)))
    };
    // Every run from the year's first day to the next year's end of January, so that the gap
    // from the last run of the year to the first of the next one counts.
    let mut runs: Vec<Timestamp> = Vec::new();
    let mut day = date(REFERENCE_YEAR, 1, 1);
    let stop = date(REFERENCE_YEAR + 1, 2, 1);
    while day < stop {
        let by_dom = *dom != "?";
        let matches = months.contains(&(day.month() as u32))
            && years_ok(day.year())?
            && if by_dom {
                day_of_month_matches(dom, day)?
            } else {
                day_of_week_matches(dow, day)?
            };
        if matches {
            for &h in &hours {
                for &m in &minutes {
                    // A time the clock skips runs at the shifted time; a repeated one, the first.
                    let local = day.at(h as i8, m as i8, 0, 0);
                    runs.push(tz.to_ambiguous_zoned(local).compatible().ok()?.timestamp());
                }
            }
        }
        day = day.tomorrow().ok()?;
    }
    runs.sort_unstable();
    runs.dedup();
    let year_end = date(REFERENCE_YEAR + 1, 1, 1)
        .to_zoned(tz.clone())
        .ok()?
        .timestamp();
    let mut best: Option<(i64, Timestamp, Timestamp)> = None;
    for pair in runs.windows(2) {
        if pair[0] >= year_end {
            break;
        }
        let minutes = (pair[1].as_second() - pair[0].as_second()) / 60;
        if best.is_none_or(|(b, ..)| minutes > b) {
            best = Some((minutes, pair[0], pair[1]));
        }
    }
    let (minutes, from, to) = best?;
    let show = |t: Timestamp| t.to_zoned(tz.clone()).to_string();
    Some(Gap {
        minutes,
        from: show(from),
        to: show(to),
    })
}

/// A rule's schedule and time zone (AWS's defaults where it gives none) and the worst gap
/// between its runs; `None` when either is only known at run time or the reader does not take it.
pub fn rule_gap(rule: &crate::value::Object) -> Option<(&str, &str, Gap)> {
    let field = |name: &str, default: &'static str| match rule.get(name) {
        None => Some(default),
        Some(v) => v.as_str(),
    };
    let schedule = field("schedule", DEFAULT_SCHEDULE)?;
    let timezone = field("timezone", "Etc/UTC")?;
    let gap = worst_gap(schedule, timezone)?;
    Some((schedule, timezone, gap))
}

/// Minutes as hours, with one decimal when not whole (`25`, `24.5`).
pub fn fmt_hours(minutes: i64) -> String {
    if minutes % 60 == 0 {
        (minutes / 60).to_string()
    } else {
        format!("{:.1}", minutes as f64 / 60.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(schedule: &str, tz: &str) -> f64 {
        worst_gap(schedule, tz)
            .unwrap_or_else(|| panic!("{schedule} in {tz}"))
            .minutes as f64
            / 60.0
    }

    #[test]
    fn the_remembered_gap_is_the_computed_one_for_each_schedule_and_zone() {
        for (schedule, tz) in [
            ("cron(0 2 * * ? *)", "Europe/Berlin"),
            ("cron(0 2 * * ? *)", "Etc/UTC"),
            ("cron(0 5 ? * SUN *)", "Europe/Berlin"),
            ("cron(0 2 * * ?)", "Etc/UTC"),
        ] {
            let computed = year_of_runs_worst_gap(schedule, tz);
            assert_eq!(worst_gap(schedule, tz), computed, "{schedule} {tz}");
            assert_eq!(worst_gap(schedule, tz), computed, "{schedule} {tz}, again");
        }
        // Keyed by both: the same schedule in two zones differs.
        assert_ne!(
            worst_gap("cron(0 2 * * ? *)", "Europe/Berlin"),
            worst_gap("cron(0 2 * * ? *)", "Etc/UTC")
        );
    }

    #[test]
    fn daily_runs_across_clock_changes() {
        // Berlin: the autumn change (25 October 2026) makes one day 25 hours long.
        assert_eq!(hours("cron(0 2 * * ? *)", "Europe/Berlin"), 25.0);
        let gap = worst_gap("cron(0 2 * * ? *)", "Europe/Berlin").unwrap();
        assert!(gap.from.starts_with("2026-10-25T02:00:00+02:00"), "{gap:?}");
        assert!(gap.to.starts_with("2026-10-26T02:00:00+01:00"), "{gap:?}");
        // New York changes on 1 November; Sydney (southern hemisphere) on 5 April.
        assert_eq!(hours("cron(30 1 * * ? *)", "America/New_York"), 25.0);
        let sydney = worst_gap("cron(0 2 * * ? *)", "Australia/Sydney").unwrap();
        assert_eq!(sydney.minutes, 25 * 60);
        assert!(sydney.from.starts_with("2026-04-05"), "{sydney:?}");
        // No daylight saving: exactly a day. UTC too.
        assert_eq!(hours("cron(0 2 * * ? *)", "Asia/Kolkata"), 24.0);
        assert_eq!(hours("cron(0 2 * * ? *)", "Etc/UTC"), 24.0);
    }

    #[test]
    fn a_time_the_clock_skips_runs_at_the_shifted_time() {
        // 02:30 does not exist in Berlin on 29 March 2026: that run is at 03:30 summer time,
        // 24 hours after the day before's and 23 before the next; the autumn change still gives
        // the longest gap.
        assert_eq!(hours("cron(30 2 * * ? *)", "Europe/Berlin"), 25.0);
        // Hourly: the repeated autumn hour runs once (its first 02:00), a two-hour gap.
        assert_eq!(hours("cron(0 * ? * * *)", "Europe/Berlin"), 2.0);
        assert_eq!(hours("cron(0 * ? * * *)", "Etc/UTC"), 1.0);
    }

    #[test]
    fn weekly_monthly_and_lists() {
        assert_eq!(hours("cron(0 5 ? * SUN *)", "Etc/UTC"), 168.0);
        assert_eq!(hours("cron(0 5 ? * 1 *)", "Europe/Berlin"), 169.0);
        // Monthly on the 1st: the longest gap is a 31-day month.
        assert_eq!(hours("cron(0 5 1 * ? *)", "Etc/UTC"), 31.0 * 24.0);
        // Twice a day.
        assert_eq!(hours("cron(0 2,14 * * ? *)", "Etc/UTC"), 12.0);
        // Weekdays only: Friday to Monday.
        assert_eq!(hours("cron(0 5 ? * MON-FRI *)", "Etc/UTC"), 72.0);
        // The last day of the month, and the first Monday.
        assert_eq!(hours("cron(0 5 L * ? *)", "Etc/UTC"), 31.0 * 24.0);
        assert!(hours("cron(0 5 ? * 2#1 *)", "Etc/UTC") >= 28.0 * 24.0);
        // Every six hours.
        assert_eq!(hours("cron(0 0/6 * * ? *)", "Etc/UTC"), 6.0);
    }

    #[test]
    fn days_of_the_month_and_of_the_week() {
        let dom = |f: &str, d: &str| day_of_month_matches(f, d.parse().unwrap()).unwrap();
        let dow = |f: &str, d: &str| day_of_week_matches(f, d.parse().unwrap()).unwrap();
        assert!(dom("L", "2026-02-28") && !dom("L", "2026-02-27"));
        // 31 January 2026 is a Saturday: the last weekday is Friday the 30th.
        assert!(dom("LW", "2026-01-30") && !dom("LW", "2026-01-31") && !dom("LW", "2026-01-29"));
        // The weekday nearest the 15th: Saturday 15 August -> Friday 14th; Sunday 15 November
        // -> Monday 16th; Thursday 15 January -> itself.
        assert!(dom("15W", "2026-08-14") && !dom("15W", "2026-08-15"));
        assert!(dom("15W", "2026-11-16") && !dom("15W", "2026-11-15"));
        assert!(dom("15W", "2026-01-15"));
        // Within the month: Saturday 1 August -> Monday 3rd; Sunday 31 May -> Friday 29th.
        assert!(dom("1W", "2026-08-03") && !dom("1W", "2026-07-31"));
        assert!(dom("31W", "2026-05-29") && !dom("31W", "2026-06-01"));
        assert!(dom("1-5", "2026-03-05") && !dom("1-5", "2026-03-06"));
        // The last Friday (6), the first and second Monday (2).
        assert!(dow("6L", "2026-01-30") && !dow("6L", "2026-01-23"));
        assert!(dow("2#1", "2026-02-02") && !dow("2#1", "2026-02-09"));
        assert!(dow("2#2", "2026-02-09") && !dow("2#2", "2026-02-16"));
        // The first Monday on the 6th and on the 7th of its month.
        assert!(dow("2#1", "2026-04-06") && dow("2#1", "2026-09-07"));
        assert!(!dow("2#2", "2026-04-06") && !dow("2#2", "2026-09-07"));
        assert!(dow("MON-FRI", "2026-02-02") && !dow("MON-FRI", "2026-02-01"));
    }

    #[test]
    fn a_rules_gap_uses_awss_defaults() {
        let rule = |fields: Vec<(&str, crate::value::Value)>| {
            let mut o = crate::value::Object::new("Rule");
            for (k, v) in fields {
                o.set(k, v);
            }
            o
        };
        let defaults = rule(vec![]);
        let (schedule, timezone, gap) = rule_gap(&defaults).unwrap();
        assert_eq!(
            (schedule, timezone, gap.minutes),
            (DEFAULT_SCHEDULE, "Etc/UTC", 24 * 60)
        );
        let berlin = rule(vec![("timezone", "Europe/Berlin".into())]);
        assert_eq!(rule_gap(&berlin).unwrap().2.minutes, 25 * 60);
        let unknown = rule(vec![("schedule", crate::value::Value::Unknown)]);
        assert!(rule_gap(&unknown).is_none());
        assert_eq!(
            (fmt_hours(1500), fmt_hours(90)),
            ("25".to_string(), "1.5".to_string())
        );
    }

    #[test]
    fn what_this_reader_does_not_take_gives_no_answer() {
        assert_eq!(worst_gap("rate(1 day)", "Etc/UTC"), None);
        assert_eq!(worst_gap("cron(0 2 * * ?)", "Etc/UTC"), None);
        assert_eq!(worst_gap("cron(0 2 * * ? *)", "Europe/Pairs"), None);
        assert_eq!(
            worst_gap("cron(0 2 1 1 ? 2020)", "Etc/UTC"),
            None,
            "never in the year"
        );
        // Out of range, or a range that runs backwards.
        assert_eq!(worst_gap("cron(0 24 * * ? *)", "Etc/UTC"), None);
        assert_eq!(worst_gap("cron(60 2 * * ? *)", "Etc/UTC"), None);
        assert_eq!(worst_gap("cron(0 5-3 * * ? *)", "Etc/UTC"), None);
        assert_eq!(worst_gap("cron(0 2 0 * ? *)", "Etc/UTC"), None);
        assert_eq!(
            worst_gap("cron(0/0 2 * * ? *)", "Etc/UTC"),
            None,
            "a step of 0"
        );
        // Equal gaps: the first is the one shown.
        let utc = worst_gap("cron(0 2 * * ? *)", "Etc/UTC").unwrap();
        assert!(utc.from.starts_with("2026-01-01T02:00:00"), "{utc:?}");
        // A one-value range is that value.
        assert_eq!(hours("cron(0 5-5 * * ? *)", "Etc/UTC"), 24.0);
        assert_eq!(
            worst_gap("cron(0 2 * * ? 2026)", "Etc/UTC")
                .unwrap()
                .minutes,
            24 * 60
        );
    }
}
