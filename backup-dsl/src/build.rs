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
        let (mut report, learned) = crate::rules::check_and_learn(&self);
        unresolved_values(&self, &learned.unknown, &mut report);
        if report.has_errors() {
            Err(report)
        } else {
            self.apply_stack_tags();
            let template_sequences = learned.template_sequences
                || self.tags.iter().any(|(_, v)| v.holds_template_sequence());
            Ok(CheckedStack {
                stack: self,
                warnings: report,
                terraform_limits: learned.terraform_limits,
                template_sequences,
                references: learned.references,
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
    /// What Terraform cannot express, as the check found it (kept whatever the lints say).
    terraform_limits: Vec<crate::rules::regions::Limit>,
    /// Whether a string holds `${` or `%{`, which the Terraform emitter escapes.
    template_sequences: bool,
    /// The reference table, as the check found it.
    references: crate::model::ReferenceTable,
}

impl CheckedStack {
    /// The stack.
    pub fn stack(&self) -> &Stack {
        &self.stack
    }

    /// What the stack holds that Terraform cannot express (BK080, BK303), which the
    /// Terraform emitter refuses.
    pub fn terraform_limits(&self) -> &[crate::rules::regions::Limit] {
        &self.terraform_limits
    }

    /// The stack's reference table ([`Stack::reference_table`]) as the check found it: the
    /// emitters follow it without walking every resource's fields again. The stack's tags,
    /// added after the check, are strings and refer to nothing.
    pub fn references_by_position(&self) -> &crate::model::ReferenceTable {
        &self.references
    }

    /// Whether any string of the stack (its tags included) holds `${` or `%{`.
    pub fn template_sequences(&self) -> bool {
        self.template_sequences
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
///
/// `unknown`: the positions of the resources holding such a value, which the check learned as it
/// walked them (reading every resource's fields again costs a cache miss each in a large stack).
fn unresolved_values(stack: &Stack, unknown: &[usize], report: &mut Report) {
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
    fn fields<K: AsRef<str>>(items: &[(K, Value)], path: &mut String, out: &mut Vec<String>) {
        for (k, x) in items {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k.as_ref());
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
    for &i in unknown {
        let r = &stack.resources[i];
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
    fn template_sequences_in_the_stacks_tags_are_escaped_for_terraform() {
        // The check learns whether a resource's strings need escaping; the stack's tags join
        // the resources after it, and count too.
        let mut s = stack(vec![vault("v", "vv")]);
        s.tags = vec![("team".into(), "${team}".into())];
        let checked = s.build().expect("builds");
        assert!(checked.template_sequences());
        let text = crate::emit::terraform::emit(&checked)
            .expect("emits")
            .to_string();
        assert!(text.contains(r#""team":"$${team}""#), "{text}");
        let plain = stack(vec![vault("v", "vv")]).build().expect("builds");
        assert!(!plain.template_sequences());
    }

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
