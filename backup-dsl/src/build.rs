//! Layer 4, the checked stack.
//!
//! [`Stack::check`] runs every rule, [`Stack::build`] also reads the
//! Lambda assets and hands back a [`CheckedStack`], the only thing the emitters (and everything
//! above this layer) take. Below: the rules, the model, diagnostics, values and schema.

use crate::diag::Report;
use crate::model::Stack;
use crate::value::Value;

impl Stack {
    /// Runs every rule; the report holds all diagnostics, errors and warnings alike.
    pub fn check(&self) -> Report {
        crate::rules::check_all(self)
    }

    /// Checks the stack and hands it back when no rule reports an error.
    ///
    /// This is where values the macro could not know at compile time (parameters, Rust
    /// expressions) are checked.
    pub fn build(mut self) -> Result<CheckedStack, Report> {
        self.assets = Some(crate::assets::resolve(&self));
        let mut report = self.check();
        unresolved_values(&self, &mut report);
        if report.has_errors() {
            Err(report)
        } else {
            self.apply_stack_tags();
            Ok(CheckedStack {
                stack: self,
                warnings: report,
            })
        }
    }
}

impl Stack {
    /// Gives every resource that takes tags the stack's tags, its own tags winning per key. A
    /// selection's `tags` choose resources instead, so it gets none.
    fn apply_stack_tags(&mut self) {
        if self.tags.is_empty() {
            return;
        }
        for res in &mut self.resources {
            if res.kind == crate::schema::Kind::Selection
                || res.kind.schema().field("tags").is_none()
            {
                continue;
            }
            let own = match res.body.get("tags") {
                Some(Value::Map(pairs)) => pairs.clone(),
                _ => Vec::new(),
            };
            let mut merged: Vec<(String, Value)> = self
                .tags
                .iter()
                .filter(|(k, _)| !own.iter().any(|(o, _)| o == k))
                .cloned()
                .collect();
            merged.extend(own);
            res.body.set("tags", Value::Map(merged));
        }
    }
}

/// A stack that passed every rule; only these are emitted.
#[derive(Clone, Debug)]
pub struct CheckedStack {
    stack: Stack,
    /// The warnings the check produced.
    pub warnings: Report,
}

impl CheckedStack {
    /// The stack.
    pub fn stack(&self) -> &Stack {
        &self.stack
    }
}

impl std::ops::Deref for CheckedStack {
    type Target = Stack;
    fn deref(&self) -> &Stack {
        &self.stack
    }
}

/// BK214. At build time every value is known: an `Unknown` left in a stack built through the
/// plain API would otherwise be dropped silently by the emitters.
fn unresolved_values(stack: &Stack, report: &mut Report) {
    /// Appends the paths of unknown values under `v` to `out`; `path` is extended and cut back.
    fn walk(v: &Value, path: &mut String, out: &mut Vec<String>) {
        match v {
            Value::Unknown | Value::Partial(_) => out.push(path.clone()),
            Value::List(items) => {
                for (i, x) in items.iter().enumerate() {
                    let len = path.len();
                    crate::value::push_index(path, i);
                    walk(x, path, out);
                    path.truncate(len);
                }
            }
            Value::Map(items) => fields(items, path, out),
            Value::Object(o) => fields(&o.fields, path, out),
            _ => {}
        }
    }
    fn fields(items: &[(String, Value)], path: &mut String, out: &mut Vec<String>) {
        for (k, x) in items {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k);
            walk(x, path, out);
            path.truncate(len);
        }
    }
    if stack.region.is_unknown() {
        report
            .error(
                &crate::codes::BK214,
                "",
                "",
                "the stack's default Region is not known at build time",
            )
            .help("give `Stack::new` a Region");
    }
    let mut paths = Vec::new();
    let mut path = String::new();
    for r in &stack.resources {
        // Nearly every resource is known throughout: paths are only built for one that is not.
        if r.body.fields.iter().all(|(_, x)| x.is_known()) {
            continue;
        }
        paths.clear();
        fields(&r.body.fields, &mut path, &mut paths);
        for unknown in &paths {
            report
                .error(
                    &crate::codes::BK214,
                    &r.id,
                    unknown,
                    format!("`{}.{unknown}` is not known at build time", r.id),
                )
                .help("set a concrete value");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn bk214_unknown_values_fail_the_build() {
        let s = stack(vec![vault("v", "vv").with("name", crate::Value::Unknown)]);
        assert!(
            s.check().errors().next().is_none(),
            "compile time: unknown is fine"
        );
        assert_eq!(s.build().unwrap_err().codes(), vec!["BK214"]);
    }

    #[test]
    fn bk214_a_nested_unknown_is_reported_at_its_path() {
        // Resources known throughout are skipped; one unknown deep inside is still found.
        let nested = crate::Value::List(vec![obj(
            "Rule",
            vec![
                ("name", "daily".into()),
                ("schedule", crate::Value::Unknown),
            ],
        )]);
        let s = stack(vec![
            vault("v", "vv"),
            vault("w", "ww").with("tags", crate::Value::Map(vec![("k".into(), nested)])),
        ]);
        let report = s.build().unwrap_err();
        let found: Vec<(&str, &str)> = report
            .diagnostics
            .iter()
            .filter(|d| d.code.code == "BK214")
            .map(|d| (d.resource.as_str(), d.path.as_str()))
            .collect();
        assert_eq!(found, [("w", "tags.k[0].schedule")]);
    }

    #[test]
    fn only_checked_stacks_are_handed_out() {
        let bad = stack(vec![vault("v", "a")]);
        assert!(bad.build().unwrap_err().codes().contains(&"BK001"));
        let good = stack(vec![vault("v", "vault")]).build().unwrap();
        assert!(good.warnings.diagnostics.is_empty());
    }
}
