//! Layer 1, diagnostics.
//!
//! Diagnostics: what is wrong, where, the bound and the value, and how to fix it.
//!
//! Rules never stop at the first problem: they push into a [`Report`], and the macro and the
//! runtime render the same report, the macro on the offending token.

use std::fmt;

pub use crate::codes::{lookup, Code, Severity, CATALOGUE};

/// Whether a diagnostic points at a field's value or at the field's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The value (`7` in `min_retention_days: 7`).
    Value,
    /// The name (`min_retention` in `min_retention: 7`).
    Key,
}

/// One finding, made by [`Report::push`] (or `error`, `warning`, `report`).
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The rule.
    pub code: &'static Code,
    /// Error or warning (a denied warning becomes an error).
    pub severity: Severity,
    /// The logical id of the resource concerned (empty for stack-wide findings).
    pub resource: String,
    /// The field path inside the resource (`rules[0].lifecycle.delete_after_days`), empty for the
    /// resource itself.
    pub path: String,
    /// Point at the value or at the field name.
    pub target: Target,
    /// What is wrong, with the bound and the value given.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Other places that explain the finding: (resource, path, note).
    pub related: Vec<(String, String, String)>,
    /// A digest of the code, resource, path and message as reported, taken while they are in
    /// the cache: [`Report::apply_lints`] finds repeated findings by it (and then by equality),
    /// where digesting thousands of findings at the end read each one's strings again.
    digest: u64,
}

/// Equal in every part a reader sees (the digest is only a way to find equal findings).
impl PartialEq for Diagnostic {
    fn eq(&self, other: &Self) -> bool {
        let Diagnostic {
            code,
            severity,
            resource,
            path,
            target,
            message,
            help,
            related,
            digest: _,
        } = self;
        *code == other.code
            && *severity == other.severity
            && *resource == other.resource
            && *path == other.path
            && *target == other.target
            && *message == other.message
            && *help == other.help
            && *related == other.related
    }
}

/// The digest of a finding's parts that a rule gives when it reports it.
fn finding_digest(code: &Code, resource: &str, path: &str, message: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::hash::Fnv::default();
    (code.code, resource, path, message).hash(&mut h);
    h.finish()
}

impl Diagnostic {
    /// Adds the fix.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a related place.
    pub fn note(&mut self, resource: &str, path: &str, note: impl Into<String>) -> &mut Self {
        self.related
            .push((resource.to_string(), path.to_string(), note.into()));
        self
    }

    /// Points at the field name rather than its value.
    pub fn at_key(&mut self) -> &mut Self {
        self.target = Target::Key;
        self
    }

    /// `resource.path` as shown to users.
    pub fn location(&self) -> String {
        match (self.resource.is_empty(), self.path.is_empty()) {
            (true, _) => "stack".to_string(),
            (false, true) => self.resource.clone(),
            (false, false) => format!("{}.{}", self.resource, self.path),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{level}[{}]: {}", self.code.code, self.message)?;
        write!(f, "  --> {}", self.location())?;
        for (res, path, note) in &self.related {
            let at = if path.is_empty() {
                res.clone()
            } else {
                format!("{res}.{path}")
            };
            write!(f, "\n  note: {note} ({at})")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every diagnostic of one check.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// In the order the rules found them.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Reports an error of `code` on `resource.path`.
    pub fn error(
        &mut self,
        code: &'static Code,
        resource: &str,
        path: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(code, Severity::Error, resource, path, message.into())
    }

    /// Reports a warning of `code` on `resource.path`.
    pub fn warning(
        &mut self,
        code: &'static Code,
        resource: &str,
        path: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(code, Severity::Warning, resource, path, message.into())
    }

    /// Reports at the code's own severity.
    pub fn report(
        &mut self,
        code: &'static Code,
        resource: &str,
        path: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(code, code.severity, resource, path, message.into())
    }

    /// Reports a diagnostic of `code` at an explicit severity (a rule that can only be sure
    /// of its finding in some cases reports the others as warnings).
    pub fn push(
        &mut self,
        code: &'static Code,
        severity: Severity,
        resource: &str,
        path: &str,
        message: String,
    ) -> &mut Diagnostic {
        let digest = finding_digest(code, resource, path, &message);
        self.diagnostics.push(Diagnostic {
            code,
            severity,
            resource: resource.to_string(),
            path: path.to_string(),
            target: Target::Value,
            message,
            help: None,
            related: Vec::new(),
            digest,
        });
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// The codes reported, in order (handy in tests).
    pub fn codes(&self) -> Vec<&'static str> {
        self.diagnostics.iter().map(|d| d.code.code).collect()
    }

    /// Whether the report has a diagnostic of this code.
    pub fn has(&self, code: &str) -> bool {
        self.diagnostics.iter().any(|d| d.code.code == code)
    }

    /// Drops allowed warnings, turns denied ones into errors, removes exact duplicates.
    pub fn apply_lints(&mut self, lints: &LintLevels) {
        if !lints.allowed.is_empty() {
            self.diagnostics.retain(|d| {
                d.severity == Severity::Error || !lints.allowed.iter().any(|a| a == d.code.code)
            });
        }
        if lints.deny_warnings {
            for d in &mut self.diagnostics {
                d.severity = Severity::Error;
            }
        }
        // The same finding reported twice (by two rules, or twice over a loop) shows once.
        // By the digests taken when the findings were reported, then by equality: nothing
        // different is ever dropped. (A finding whose public parts were edited after it was
        // reported may not be recognized as a repeat, and then shows twice.)
        let mut repeated = repeated_findings(&self.diagnostics, |d| d.digest).into_iter();
        self.diagnostics
            .retain(|_| !repeated.next().expect("one verdict per finding"));
    }
}

/// Which findings repeat an earlier one (equal in every part), found by `digest` (equal findings
/// must have equal digests) and then by equality: linear in the number of findings, and nothing
/// copied (a stack of 10,000 resources has thousands of warnings).
fn repeated_findings(diagnostics: &[Diagnostic], digest: impl Fn(&Diagnostic) -> u64) -> Vec<bool> {
    let mut seen = crate::hash::FirstSeen::with_capacity(diagnostics.len());
    diagnostics
        .iter()
        .enumerate()
        .map(|(at, d)| {
            seen.earlier(digest(d), at, |earlier| diagnostics[earlier] == *d)
                .is_some()
        })
        .collect()
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}\n")?;
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

impl std::error::Error for Report {}

/// The closest candidate by edit distance, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&given.to_lowercase(), &c.to_lowercase());
        let limit = (given.len().max(c.len()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
/// transpositions (`evn` -> `env`) each cost one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// A diagnostic code that the stack allows (`#![allow(BK042)]`) or turns into an error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LintLevels {
    /// Codes whose warnings are dropped.
    pub allowed: Vec<String>,
    /// Whether every warning becomes an error (`#![deny(warnings)]`).
    pub deny_warnings: bool,
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("evn", ["env", "region"]), Some("env"));
        assert_eq!(
            did_you_mean("kms_kye", ["kms_key", "name"]),
            Some("kms_key")
        );
        assert_eq!(did_you_mean("zzz", ["kms_key", "name"]), None);
    }
}

#[cfg(test)]
mod dedup_tests {
    use super::*;

    #[test]
    fn exact_duplicates_show_once_and_near_ones_stay() {
        let code = &crate::codes::BK042;
        let mut report = Report::default();
        for _ in 0..3 {
            report.warning(code, "plan", "rules[0]", "same");
        }
        report.warning(code, "plan", "rules[1]", "same");
        report.warning(code, "plan", "rules[0]", "other words");
        report
            .warning(code, "plan", "rules[0]", "same")
            .note("vault", "", "a related place");
        report.apply_lints(&LintLevels::default());
        let kept: Vec<(&str, &str, usize)> = report
            .diagnostics
            .iter()
            .map(|d| (d.path.as_str(), d.message.as_str(), d.related.len()))
            .collect();
        assert_eq!(
            kept,
            [
                ("rules[0]", "same", 0),
                ("rules[1]", "same", 0),
                ("rules[0]", "other words", 0),
                ("rules[0]", "same", 1)
            ]
        );
    }

    #[test]
    fn findings_that_share_a_digest_are_told_apart_by_equality() {
        // Every finding under one digest: what is repeated is decided by equality alone, with
        // the first of the digest and with every differing one kept after it.
        let code = &crate::codes::BK042;
        let mut report = Report::default();
        for message in ["a", "b", "a", "c", "b", "c", "d"] {
            report.warning(code, "plan", "", message);
        }
        let repeated = repeated_findings(&report.diagnostics, |_| 7);
        assert_eq!(repeated, [false, false, true, false, true, true, false]);
        // And with the real digest, the same verdicts.
        report.apply_lints(&LintLevels::default());
        let kept: Vec<&str> = report
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(kept, ["a", "b", "c", "d"]);
    }

    #[test]
    fn the_digest_is_taken_when_reported_and_is_no_part_of_equality() {
        let code = &crate::codes::BK042;
        let mut report = Report::default();
        report.warning(code, "plan", "rules[0]", "same");
        report
            .warning(code, "plan", "rules[0]", "same")
            .help("a fix");
        report.warning(code, "plan", "rules[1]", "same");
        let [a, b, c] = &report.diagnostics[..] else {
            panic!("three findings")
        };
        // Equal parts as reported, equal digests; the help, added after, is not in it.
        assert_eq!(a.digest, b.digest);
        assert_ne!(a.digest, c.digest);
        assert_eq!(a.digest, finding_digest(code, "plan", "rules[0]", "same"));
        assert_ne!(a, b, "the help differs");
        let mut other_digest = a.clone();
        other_digest.digest ^= 1;
        assert_eq!(*a, other_digest);
        // A finding edited after it was reported may show twice, never drop another.
        report.diagnostics[2].path = "rules[0]".into();
        report.diagnostics[2].help = Some("a fix".into());
        report
            .warning(code, "plan", "rules[0]", "same")
            .help("a fix");
        report.apply_lints(&LintLevels::default());
        let helps: Vec<Option<&str>> = report
            .diagnostics
            .iter()
            .map(|d| d.help.as_deref())
            .collect();
        assert_eq!(helps, [None, Some("a fix"), Some("a fix")]);
    }
}
