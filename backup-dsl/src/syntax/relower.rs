//! Layer 5, a consumer (the `stack!` syntax outside the compiler).
//!
//! What an edit of a component's source changed in its model, for `synth --watch`.
//!
//! A compiled `synth` holds each component as the Rust `stack!` generated from the source it was
//! built from (the *baseline*). When the source is edited, most edits in practice change a
//! literal (a retention, a schedule, a name): those can be carried into the compiled stack
//! without a rebuild, because a literal field value is the same value at compile time (the
//! macro's lowering) and at run time (the generated code). Everything else (a new field, an
//! expression, a parameter, a condition, a loop bound) needs the compiler.
//!
//! The decision is conservative, in three steps, and any doubt means a rebuild:
//! 1. **Tokens**: the component's tokens in the baseline and the edit are compared one by one.
//!    They must be the same but for literals (and `true`/`false`).
//! 2. **Coverage**: every changed literal must be, by its exact position, the whole value of a
//!    field as the lowering recorded it (not part of a `format!`, an arithmetic expression, a
//!    map, a condition or an attribute), and every value the lowering found changed must come
//!    from such a literal.
//! 3. **Cases**: the component is lowered for every case its conditions distinguish, and each
//!    change records the cases it is found in: a literal in one branch of an `if` on parameters
//!    changes only the instances of those cases (found from their parameters by [`case_of`]);
//!    under an opaque condition (a Rust function or constant) such a change is a rebuild.
//!
//! [`apply`] then writes each change into a stack the compiled code built, after checking that
//! the value found there is the baseline's literal.

use crate::model::{LintLevels, Stack};
use crate::syntax::cond;
use crate::syntax::lower::{lower, SpanMap};
use crate::syntax::parse::{items, lint_attr, signature, StackInput};
use crate::value::Value;
use proc_macro2::{Delimiter, LineColumn, Span, TokenStream, TokenTree};
use syn::ItemFn;

/// One field whose literal the edit changed.
#[derive(Clone, Debug, PartialEq)]
pub struct LiteralChange {
    /// The resource's logical id (as the lowering names it: loop iterations have their own).
    pub resource: String,
    /// The field path in the resource body (`rules[0].lifecycle.delete_after_days`).
    pub path: String,
    /// The baseline's value.
    pub old: Value,
    /// The edited value.
    pub new: Value,
    /// Where the edited literal is (1-based line, 1-based column).
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// The cases of the component's conditions (indices into [`LiteralEdit::cases`]) whose
    /// stack the edit changes: every case, unless the literal is in a branch
    /// (`if env == "prod" { 365 } else { 35 }` changes the `prod` case only).
    pub in_cases: Vec<usize>,
}

/// The literal changes of an edit, and the cases of the component's conditions they were found
/// in (one case for a component without conditions).
#[derive(Clone, Debug, PartialEq)]
pub struct LiteralEdit {
    /// The changes.
    pub changes: Vec<LiteralChange>,
    /// Every case the conditions distinguish, as the macro checks them.
    pub cases: Vec<cond::Case>,
}

/// What an edit means for a compiled component.
#[derive(Clone, Debug, PartialEq)]
pub enum Relowered {
    /// The component's tokens did not change (comments, whitespace, another component).
    Unchanged,
    /// Only literal field values changed: [`apply`] them to the compiled stack.
    Literals(LiteralEdit),
    /// Anything else: the component must be compiled again. Why, for the user.
    Rebuild(String),
}

/// A stable hash of a `stack!` invocation's tokens, the same whether the compiler or `syn` read
/// the source. The macro records it for each invocation; `synth --watch` compares it with the
/// source it reads, to know whether the compiled program is the source's.
///
/// Each top-level token tree (an attribute, `fn`, the parameters, the body) is hashed by its
/// source text where the reader knows it (a handful of calls: hashing token by token took 12%
/// of the macro's time for 4,000 resources), so a comment or a blank line inside the body
/// counts too; else token by token: identifiers, punctuation and delimiters by their text,
/// literals by their text, string literals by their value (a doc comment reaches a macro as
/// `#[doc = ".."]`, whose escaping the compiler and `proc-macro2` write differently).
pub fn fingerprint(tokens: TokenStream) -> u64 {
    use std::hash::Hasher;
    let mut hash = crate::model::Fnv::default();
    for tree in tokens {
        match tree.span().source_text() {
            Some(text) => {
                hash.write_u8(b's');
                hash.write(text.as_bytes());
                hash.write_u8(0);
            }
            None => feed(&mut hash, TokenStream::from(tree)),
        }
    }
    hash.finish()
}

fn feed(hash: &mut crate::model::Fnv, tokens: TokenStream) {
    use std::hash::Hasher;
    for token in tokens {
        match token {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => (b'(', b')'),
                    Delimiter::Brace => (b'{', b'}'),
                    Delimiter::Bracket => (b'[', b']'),
                    // Invisible groups (from `macro_rules!`) are not in source text; their
                    // contents are.
                    Delimiter::None => (b' ', b' '),
                };
                hash.write_u8(open);
                feed(hash, g.stream());
                hash.write_u8(close);
            }
            TokenTree::Ident(i) => {
                hash.write_u8(b'i');
                hash.write(i.to_string().as_bytes());
            }
            TokenTree::Punct(p) => {
                hash.write_u8(b'p');
                hash.write(p.as_char().to_string().as_bytes());
            }
            TokenTree::Literal(l) => {
                hash.write_u8(b'l');
                // (`Lit::new` reads the token as it is; no second lexing.)
                let text = match syn::Lit::new(l) {
                    syn::Lit::Str(s) => s.value(),
                    other => quote::ToTokens::to_token_stream(&other).to_string(),
                };
                hash.write(text.as_bytes());
            }
        }
        hash.write_u8(0);
    }
}

/// The `stack!` invocation declaring `component` in a source file: its tokens and the
/// component. `Ok(None)` when the file declares no such component.
pub fn find_component(
    source: &str,
    component: &str,
) -> syn::Result<Option<(TokenStream, ItemFn, LintLevels)>> {
    let file = syn::parse_file(source)?;
    let mut found = None;
    visit_items(&file.items, &mut |mac| {
        let Some(last) = mac.path.segments.last() else {
            return;
        };
        if found.is_some() || last.ident != "stack" {
            return;
        }
        let Ok(input) = syn::parse2::<StackInput>(mac.tokens.clone()) else {
            return;
        };
        if let Some(func) = input.components.iter().find(|f| f.sig.ident == component) {
            let mut lints = LintLevels::default();
            let mut ignored = Vec::new();
            for attr in &input.inner_attrs {
                lint_attr(attr, &mut lints, &mut ignored);
            }
            found = Some((mac.tokens.clone(), func.clone(), lints));
        }
    });
    Ok(found)
}

/// Every item macro of a file, in inline modules too.
fn visit_items(items: &[syn::Item], f: &mut dyn FnMut(&syn::Macro)) {
    for item in items {
        match item {
            syn::Item::Macro(m) => f(&m.mac),
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    visit_items(inner, f);
                }
            }
            _ => {}
        }
    }
}

/// The source a component was compiled from, read once: its tokens, and its model in every
/// case of its conditions, to compare each edit with.
pub struct Baseline {
    component: String,
    tokens: TokenStream,
    /// The invocation's `#![allow(..)]` and `#![deny(warnings)]`, which every component takes.
    lints: LintLevels,
    cases: Vec<cond::Case>,
    /// Each case's model: its resources, and the rest of the stack without them.
    lowered: Vec<(Stack, Vec<crate::Resource>)>,
}

impl Baseline {
    /// Reads `component` from the source it was compiled from.
    pub fn read(source: &str, component: &str) -> Result<Baseline, String> {
        let (_, func, lints) = match find_component(source, component) {
            Ok(Some(found)) => found,
            Ok(None) => return Err(format!("the compiled source declares no `{component}`")),
            Err(e) => return Err(format!("the compiled source does not parse: {e}")),
        };
        let mut errors = Vec::new();
        let sig = signature(&func, &lints, &mut errors);
        let body = items(&func.block.stmts, &mut errors);
        let cases = cond::cases(&body, &sig.params, &mut errors);
        let lowered = cases
            .iter()
            .map(|case| split(lower(&func, &sig, &body, Vec::new(), case).stack))
            .collect();
        Ok(Baseline {
            component: component.to_string(),
            tokens: quote::ToTokens::to_token_stream(&func),
            lints,
            cases,
            lowered,
        })
    }

    /// What changed in the component from this baseline to the source `edited`.
    pub fn relower(&self, edited: &str) -> Relowered {
        let component = &self.component;
        let (_, func, lints) = match find_component(edited, component) {
            Ok(Some(found)) => found,
            Ok(None) => {
                return Relowered::Rebuild(format!("the source no longer declares `{component}`"))
            }
            Err(e) => return Relowered::Rebuild(format!("the source does not parse: {e}")),
        };
        if lints != self.lints {
            return Relowered::Rebuild("the edit changes the lints of the `stack!`".to_string());
        }
        let mut changed = Vec::new();
        if let Err(why) = changed_literals(
            self.tokens.clone(),
            quote::ToTokens::to_token_stream(&func),
            &mut changed,
        ) {
            return Relowered::Rebuild(why);
        }
        if changed.is_empty() {
            return Relowered::Unchanged;
        }
        self.literal_changes(&func, &lints, &changed)
    }
}

/// What changed in `component` from the source `baseline` (the one compiled) to `edited`
/// ([`Baseline::read`] once and [`Baseline::relower`] for each edit, in one call).
pub fn relower(baseline: &str, edited: &str, component: &str) -> Relowered {
    match Baseline::read(baseline, component) {
        Ok(baseline) => baseline.relower(edited),
        Err(why) => Relowered::Rebuild(why),
    }
}

/// A scalar value as it is written in the source (`365`, `true`, `"GLACIER"`).
pub fn source_text(value: &Value) -> String {
    match value {
        Value::Str(s) => format!("{s:?}"),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        other => other.describe(),
    }
}

/// A changed literal: its position in the edited source (start and end).
type Position = (LineColumn, LineColumn);

fn position(span: Span) -> Position {
    (span.start(), span.end())
}

/// Compares two token streams; collects the positions (in `new`) of literals that differ, or
/// says why they differ otherwise.
fn changed_literals(
    old: TokenStream,
    new: TokenStream,
    changed: &mut Vec<Position>,
) -> Result<(), String> {
    let mut old = old.into_iter();
    let mut new = new.into_iter();
    loop {
        match (old.next(), new.next()) {
            (None, None) => return Ok(()),
            (Some(TokenTree::Group(a)), Some(TokenTree::Group(b)))
                if a.delimiter() == b.delimiter() =>
            {
                changed_literals(a.stream(), b.stream(), changed)?;
            }
            (Some(TokenTree::Literal(a)), Some(TokenTree::Literal(b))) => {
                if a.to_string() != b.to_string() {
                    changed.push(position(b.span()));
                }
            }
            (Some(TokenTree::Ident(a)), Some(TokenTree::Ident(b))) => {
                if a != b {
                    let boolean = |i: &proc_macro2::Ident| i == "true" || i == "false";
                    if !(boolean(&a) && boolean(&b)) {
                        return Err(at(b.span(), &format!("`{a}` became `{b}`")));
                    }
                    changed.push(position(b.span()));
                }
            }
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == b.as_char() && a.spacing() == b.spacing() => {}
            (_, Some(b)) => return Err(at(b.span(), "more than a literal changed")),
            (Some(_), None) => return Err("tokens were removed".to_string()),
        }
    }
}

fn at(span: Span, what: &str) -> String {
    let start = span.start();
    format!("line {}:{}: {what}", start.line, start.column + 1)
}

impl Baseline {
    /// Steps 2 and 3: lowers the edit in every case and matches the model's changes with the
    /// changed literals.
    fn literal_changes(
        &self,
        new: &ItemFn,
        new_lints: &LintLevels,
        changed: &[Position],
    ) -> Relowered {
        let mut new_errors = Vec::new();
        let new_sig = signature(new, new_lints, &mut new_errors);
        let new_items = items(&new.block.stmts, &mut new_errors);
        if let Some(e) = new_errors.first() {
            return Relowered::Rebuild(format!(
                "the edit does not compile as a stack: {}",
                e.message
            ));
        }
        let cases = cond::cases(&new_items, &new_sig.params, &mut new_errors);
        if cases != self.cases {
            return Relowered::Rebuild("the edit changes the conditions".to_string());
        }
        let mut found: Vec<LiteralChange> = Vec::new();
        let mut used = vec![false; changed.len()];
        for (index, (case, before)) in cases.iter().zip(&self.lowered).enumerate() {
            let after = lower(new, &new_sig, &new_items, Vec::new(), case);
            if let Some(e) = after.errors.first() {
                return Relowered::Rebuild(format!(
                    "the edit does not compile as a stack: {}",
                    e.message
                ));
            }
            let spans = after.spans;
            let (after, after_resources) = split(after.stack);
            let (before, before_resources) = before;
            if after != *before {
                return Relowered::Rebuild("the edit changes the stack's own settings".to_string());
            }
            if before_resources.len() != after_resources.len() {
                return Relowered::Rebuild(
                    "the edit changes which resources there are".to_string(),
                );
            }
            let mut diffs = Vec::new();
            for (a, b) in before_resources.iter().zip(&after_resources) {
                if a.id != b.id || a.kind != b.kind {
                    return Relowered::Rebuild(
                        "the edit changes which resources there are".to_string(),
                    );
                }
                if let Err(path) = diff_objects(&a.body, &b.body, &mut String::new(), &mut diffs) {
                    return Relowered::Rebuild(format!(
                        "the edit changes `{}.{path}` beyond a literal value",
                        a.id
                    ));
                }
                for (path, old_value, new_value) in diffs.drain(..) {
                    let Some(pos) = literal_at(&spans, &a.id, &path, changed) else {
                        return Relowered::Rebuild(format!(
                        "`{}.{path}` changed, but not as a literal of its own (an expression or a value computed from one)",
                        a.id
                    ));
                    };
                    used[pos] = true;
                    let same = |f: &&mut LiteralChange| {
                        f.resource == a.id
                            && f.path == path
                            && f.old == old_value
                            && f.new == new_value
                    };
                    match found.iter_mut().find(same) {
                        Some(f) => f.in_cases.push(index),
                        None => {
                            let (start, _) = changed[pos];
                            found.push(LiteralChange {
                                resource: a.id.clone(),
                                path,
                                old: old_value,
                                new: new_value,
                                line: start.line,
                                column: start.column + 1,
                                in_cases: vec![index],
                            });
                        }
                    }
                }
            }
        }
        if let Some(i) = used.iter().position(|u| !u) {
            let (start, _) = changed[i];
            return Relowered::Rebuild(format!(
            "line {}:{}: the literal is not a field's whole value (a `format!`, an expression, a map, a condition or an attribute)",
            start.line,
            start.column + 1
        ));
        }
        // A change in some cases only is applied to an instance after finding its case, which
        // opaque conditions (a Rust function, a constant) leave open.
        let opaque = cases.iter().any(|c| !c.atoms.is_empty());
        if let Some(partial) = found
            .iter()
            .find(|f| opaque && f.in_cases.len() < cases.len())
        {
            return Relowered::Rebuild(format!(
                "`{}.{}` changes in some cases of conditions the watch cannot decide",
                partial.resource, partial.path
            ));
        }
        Relowered::Literals(LiteralEdit {
            changes: found,
            cases,
        })
    }
}

/// The changed literal that is exactly the recorded value of (resource, path).
fn literal_at(spans: &SpanMap, resource: &str, path: &str, changed: &[Position]) -> Option<usize> {
    let span = spans.exact_value(resource, path)?;
    let pos = position(span);
    changed.iter().position(|c| *c == pos)
}

/// A stack's resources, and the rest of it without them: compared apart, so that an edit of a
/// resource is told from one of the stack's own settings (every other field of `Stack`).
fn split(mut stack: Stack) -> (Stack, Vec<crate::Resource>) {
    let resources = std::mem::take(&mut stack.resources);
    (stack, resources)
}

/// [`diff`] of two objects (a resource body, a nested struct): the same type and fields.
fn diff_objects(
    x: &crate::Object,
    y: &crate::Object,
    path: &mut String,
    out: &mut Vec<(String, Value, Value)>,
) -> Result<(), String> {
    if x.type_name != y.type_name || x.fields.len() != y.fields.len() {
        return Err(path.clone());
    }
    for ((xn, xv), (yn, yv)) in x.fields.iter().zip(&y.fields) {
        if xn != yn {
            return Err(path.clone());
        }
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(xn);
        diff(xv, yv, path, out)?;
        path.truncate(len);
    }
    Ok(())
}

/// Collects the scalar values that differ between two values of the same shape; `Err(path)`
/// where the shapes differ.
fn diff(
    a: &Value,
    b: &Value,
    path: &mut String,
    out: &mut Vec<(String, Value, Value)>,
) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => diff_objects(x, y, path, out),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Err(path.clone());
            }
            for (i, (xv, yv)) in x.iter().zip(y).enumerate() {
                let len = path.len();
                crate::value::push_index(path, i);
                diff(xv, yv, path, out)?;
                path.truncate(len);
            }
            Ok(())
        }
        (Value::Str(_), Value::Str(_))
        | (Value::Int(_), Value::Int(_))
        | (Value::Bool(_), Value::Bool(_)) => {
            if a != b {
                out.push((path.clone(), a.clone(), b.clone()));
            }
            Ok(())
        }
        // Maps, references, unknown and partly known values: equal or a rebuild (a map's
        // values share the map's position, so an edit in one is not placed exactly).
        _ if a == b => Ok(()),
        _ => Err(path.clone()),
    }
}

/// The case of `cases` an instance is in, from its parameters: `None` when a case compares an
/// integer parameter (its cases are sample points of ranges) or holds an opaque condition.
pub fn case_of(cases: &[cond::Case], parameters: &[crate::model::Parameter]) -> Option<usize> {
    if cases.len() == 1 {
        return Some(0);
    }
    let value = |name: &str| {
        parameters
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.value.as_str())
    };
    // The strings a parameter is compared with: any other value is the "other" class.
    let named = |name: &str| -> Vec<&str> {
        cases
            .iter()
            .flat_map(|c| c.params.iter())
            .filter(|(n, v)| n == name && !cond::is_other(v))
            .filter_map(|(_, v)| v.as_str())
            .collect()
    };
    let matches = |case: &cond::Case| -> Option<bool> {
        if !case.atoms.is_empty() {
            return None;
        }
        let mut all = true;
        for (name, class) in &case.params {
            let given = value(name)?;
            all &= match class {
                v if cond::is_other(v) => !named(name).contains(&given),
                Value::Str(s) => s == given,
                Value::Bool(b) => given == if *b { "true" } else { "false" },
                _ => return None,
            };
        }
        Some(all)
    };
    let mut found = None;
    for (i, case) in cases.iter().enumerate() {
        if matches(case)? && found.replace(i).is_some() {
            return None;
        }
    }
    found
}

/// Writes an edit into a stack the compiled component built. The instance's case is found from
/// its parameters; each change of its case must find the baseline's literal in its field. On
/// `Err`, the stack is left partly changed: rebuild.
pub fn apply(stack: &mut Stack, edit: &LiteralEdit) -> Result<(), String> {
    let case = case_of(&edit.cases, &stack.parameters);
    for change in &edit.changes {
        let applies = if change.in_cases.len() == edit.cases.len() {
            true
        } else {
            let case = case.ok_or_else(|| {
                format!(
                    "`{}.{}` changes in some cases of the conditions, and this instance's case is not known",
                    change.resource, change.path
                )
            })?;
            change.in_cases.contains(&case)
        };
        if !applies {
            continue;
        }
        let Some(position) = stack.position(&change.resource) else {
            return Err(format!(
                "the compiled stack has no resource `{}`",
                change.resource
            ));
        };
        match stack.resources[position].body.at_path_mut(&change.path) {
            Some(value) if *value == change.old => *value = change.new.clone(),
            Some(value) => {
                return Err(format!(
                    "`{}.{}` is {} in the compiled stack, not the source's {}",
                    change.resource,
                    change.path,
                    source_text(value),
                    source_text(&change.old)
                ))
            }
            None => {
                return Err(format!(
                    "the compiled stack has no `{}.{}`",
                    change.resource, change.path
                ))
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A component with a parameter, a loop, a condition, a map and a `format!`.
    const BASE: &str = r#"
use backup_dsl_macros::stack;

stack! {
    /// Docs.
    #[objectives(rpo_hours = 30)]
    #[region("us-east-1")]
    pub fn core(#[default("dev")] env: &str) {
        let key = kms::Key { description: "backups", rotation: true, deletion_window_days: 30 };
        let primary = backup::Vault {
            name: format!("primary-{env}"),
            kms_key: key,
            lock: Lock { mode: "governance", min_retention_days: 7, max_retention_days: 365 },
            tags: [("Environment", "dev")],
        };
        for i in 0..2 {
            let extra = backup::Vault { name: format!("extra-{i}"), lock: Lock { mode: "governance", min_retention_days: 14 } };
        }
        let daily = backup::Plan {
            name: "daily",
            rules: [Rule {
                name: "daily",
                vault: primary,
                schedule: "cron(0 2 * * ? *)",
                lifecycle: Lifecycle { delete_after_days: if env == "prod" { 365 } else { 35 } },
            }],
        };
    }
}
"#;

    fn edited(from: &str, to: &str) -> String {
        assert!(BASE.contains(from), "the test edits `{from}`");
        BASE.replacen(from, to, 1)
    }

    fn literals(edit: &str) -> Vec<LiteralChange> {
        literal_edit(edit).changes
    }

    fn literal_edit(edit: &str) -> LiteralEdit {
        match relower(BASE, edit, "core") {
            Relowered::Literals(edit) => edit,
            other => panic!("expected literal changes, got {other:?}"),
        }
    }

    fn rebuild(edit: &str) -> String {
        match relower(BASE, edit, "core") {
            Relowered::Rebuild(why) => why,
            other => panic!("expected a rebuild, got {other:?}"),
        }
    }

    #[test]
    fn a_changed_field_literal_is_a_literal_change_at_its_token() {
        let changes = literals(&edited(
            "max_retention_days: 365",
            "max_retention_days: 400",
        ));
        assert_eq!(
            changes,
            vec![LiteralChange {
                resource: "primary".into(),
                path: "lock.max_retention_days".into(),
                old: Value::Int(365),
                new: Value::Int(400),
                line: 13,
                column: 89,
                in_cases: vec![0, 1],
            }]
        );
        let changes = literals(&edited("rotation: true", "rotation: false"));
        assert_eq!(
            (changes[0].old.clone(), changes[0].new.clone()),
            (Value::Bool(true), Value::Bool(false))
        );
        let changes = literals(&edited(
            r#"schedule: "cron(0 2 * * ? *)""#,
            r#"schedule: "cron(0 3 * * ? *)""#,
        ));
        assert_eq!(changes[0].path, "rules[0].schedule");
        assert_eq!(changes[0].resource, "daily");
    }

    #[test]
    fn comments_and_layout_are_no_change() {
        let edit = BASE
            .replace("/// Docs.", "/// Docs.\n    // A comment.")
            .replace("rotation: true,", "rotation:   true ,");
        assert_eq!(relower(BASE, &edit, "core"), Relowered::Unchanged);
        assert_eq!(
            relower(BASE, BASE, "another"),
            Relowered::Rebuild("the compiled source declares no `another`".into())
        );
    }

    #[test]
    fn a_literal_in_a_loop_changes_every_iteration() {
        let changes = literals(&edited("min_retention_days: 14", "min_retention_days: 21"));
        let places: Vec<(&str, &str)> = changes
            .iter()
            .map(|c| (c.resource.as_str(), c.path.as_str()))
            .collect();
        assert_eq!(
            places,
            [
                ("extra_0", "lock.min_retention_days"),
                ("extra_1", "lock.min_retention_days")
            ]
        );
    }

    #[test]
    fn a_literal_in_one_branch_changes_only_the_cases_that_take_it() {
        let edit = literal_edit(&edited("{ 365 }", "{ 400 }"));
        assert_eq!(edit.changes.len(), 1);
        assert_eq!(edit.changes[0].path, "rules[0].lifecycle.delete_after_days");
        let prod = edit
            .cases
            .iter()
            .position(|c| c.params == [("env".to_string(), Value::Str("prod".into()))]);
        assert_eq!(edit.cases.len(), 2);
        assert_eq!(
            edit.changes[0].in_cases,
            vec![prod.unwrap()],
            "the other case keeps 35"
        );
    }

    #[test]
    fn anything_but_a_field_literal_is_a_rebuild() {
        for (from, to, why) in [
            // Part of a `format!`, an attribute, a condition, a loop bound, a map value.
            (
                "primary-{env}",
                "main-{env}",
                "`primary.name` beyond a literal value",
            ),
            (
                "rpo_hours = 30",
                "rpo_hours = 24",
                "the stack's own settings",
            ),
            (
                r#"env == "prod""#,
                r#"env == "production""#,
                "the conditions",
            ),
            ("0..2", "0..3", "which resources there are"),
            (
                r#"("Environment", "dev")"#,
                r#"("Environment", "development")"#,
                "`primary.tags` beyond",
            ),
            // A field added, a reference retargeted, a type changed.
            (
                "rotation: true,",
                "rotation: true, enabled: true,",
                "`deletion_window_days` became `enabled`",
            ),
            ("vault: primary,", "vault: key,", "`primary` became `key`"),
            ("kms::Key", "kms::Alias", "line 9:24: `Key` became `Alias`"),
            // A literal that turns into an expression.
            (
                "deletion_window_days: 30",
                "deletion_window_days: 10 + 20",
                "more than a literal changed",
            ),
        ] {
            let found = rebuild(&edited(from, to));
            assert!(found.contains(why), "{from} -> {to}: {found}");
        }
        assert!(rebuild("fn broken(").contains("does not parse"));
        // The invocation's lints apply to the component, though outside its tokens.
        let allowed = edited("stack! {\n", "stack! {\n    #![allow(BK009)]\n");
        assert_eq!(
            rebuild(&allowed),
            "the edit changes the lints of the `stack!`"
        );
    }

    /// A stack as the compiled component builds it, for `env`.
    fn compiled(env: &str, max_retention: i64, delete_after: i64) -> Stack {
        let lock = crate::Object::new("Lock").with("max_retention_days", max_retention);
        let lifecycle = crate::Object::new("Lifecycle").with("delete_after_days", delete_after);
        let rule = crate::Object::new("Rule").with("lifecycle", lifecycle);
        let mut stack = Stack::new("core", "us-east-1")
            .with(crate::Resource::new(crate::Kind::Vault, "primary").with("lock", lock))
            .with(
                crate::Resource::new(crate::Kind::Plan, "daily")
                    .with("rules", Value::List(vec![Value::Object(rule)])),
            );
        stack.parameters.push(crate::model::Parameter {
            name: "env".into(),
            value: env.into(),
            default: Some("dev".into()),
            one_of: Vec::new(),
        });
        stack
    }

    fn field(stack: &Stack, resource: &str, path: &str) -> Value {
        stack
            .get(resource)
            .unwrap()
            .body
            .at_path(path)
            .unwrap()
            .clone()
    }

    #[test]
    fn changes_apply_where_the_compiled_value_is_the_baselines() {
        let edit = literal_edit(&edited(
            "max_retention_days: 365",
            "max_retention_days: 400",
        ));
        let mut stack = compiled("dev", 365, 35);
        apply(&mut stack, &edit).unwrap();
        assert_eq!(
            field(&stack, "primary", "lock.max_retention_days"),
            Value::Int(400)
        );

        // Another value in the compiled stack: this is not the program of that source.
        let mut other = compiled("dev", 90, 35);
        assert!(apply(&mut other, &edit)
            .unwrap_err()
            .contains("is 90 in the compiled stack, not the source's 365"));
        // A resource the edit changes, missing.
        assert!(apply(&mut Stack::new("core", "us-east-1"), &edit).is_err());
    }

    #[test]
    fn a_branch_edit_applies_to_the_instances_of_its_case_only() {
        let edit = literal_edit(&edited("{ 365 }", "{ 400 }"));
        let path = "rules[0].lifecycle.delete_after_days";
        let mut prod = compiled("prod", 365, 365);
        apply(&mut prod, &edit).unwrap();
        assert_eq!(field(&prod, "daily", path), Value::Int(400));
        for env in ["dev", "staging"] {
            let mut other = compiled(env, 365, 35);
            apply(&mut other, &edit).unwrap();
            assert_eq!(
                field(&other, "daily", path),
                Value::Int(35),
                "{env} takes the else branch"
            );
        }
        // The other branch: every instance but prod.
        let edit = literal_edit(&edited("{ 35 }", "{ 30 }"));
        let mut dev = compiled("dev", 365, 35);
        apply(&mut dev, &edit).unwrap();
        assert_eq!(field(&dev, "daily", path), Value::Int(30));
        let mut prod = compiled("prod", 365, 365);
        apply(&mut prod, &edit).unwrap();
        assert_eq!(field(&prod, "daily", path), Value::Int(365));
        // An instance whose parameters are not the component's: no case, no guess.
        let mut unknown = compiled("dev", 365, 35);
        unknown.parameters.clear();
        assert!(apply(&mut unknown, &edit)
            .unwrap_err()
            .contains("case is not known"));
    }

    #[test]
    fn cases_are_found_from_string_and_boolean_parameters_only() {
        use crate::syntax::cond::Case;
        let case = |params: &[(&str, Value)]| Case {
            params: params
                .iter()
                .map(|(n, v)| (n.to_string(), v.clone()))
                .collect(),
            atoms: Vec::new(),
        };
        let param = |name: &str, value: &str| crate::model::Parameter {
            name: name.into(),
            value: value.into(),
            default: None,
            one_of: Vec::new(),
        };
        let other = Value::Str("\u{0}other".into());
        let cases = [
            case(&[
                ("env", Value::Str("prod".into())),
                ("big", Value::Bool(true)),
            ]),
            case(&[
                ("env", Value::Str("prod".into())),
                ("big", Value::Bool(false)),
            ]),
            case(&[("env", other.clone()), ("big", Value::Bool(true))]),
            case(&[("env", other), ("big", Value::Bool(false))]),
        ];
        assert_eq!(
            case_of(&cases, &[param("env", "prod"), param("big", "false")]),
            Some(1)
        );
        assert_eq!(
            case_of(&cases, &[param("env", "dev"), param("big", "true")]),
            Some(2)
        );
        assert_eq!(
            case_of(&cases, &[param("env", "dev")]),
            None,
            "a parameter missing"
        );
        assert_eq!(
            case_of(&cases[..1], &[]),
            Some(0),
            "one case is every instance's"
        );
        let ints = [
            case(&[("days", Value::Int(29))]),
            case(&[("days", Value::Int(30))]),
        ];
        assert_eq!(
            case_of(&ints, &[param("days", "30")]),
            None,
            "integer cases are sample points"
        );
        let opaque = [
            Case {
                params: Vec::new(),
                atoms: vec![("f()".into(), true)],
            },
            Case::default(),
        ];
        assert_eq!(case_of(&opaque, &[]), None);
    }

    #[test]
    fn the_fingerprint_is_of_the_source_text_where_known() {
        let tokens = |src: &str| match find_component(src, "core") {
            Ok(found) => found.unwrap().0,
            Err(e) => panic!("{e}: {src}"),
        };
        let base = fingerprint(tokens(BASE));
        // Where the invocation is in its file does not matter; its text does.
        let moved = format!("// A header.\nconst X: u8 = 1;\n{BASE}");
        assert_eq!(fingerprint(tokens(&moved)), base);
        let commented = BASE.replace("rotation: true,", "rotation: true, /* yes */");
        assert_ne!(fingerprint(tokens(&commented)), base);
        assert_ne!(
            fingerprint(tokens(&edited("rotation: true", "rotation: false"))),
            base
        );
        assert_ne!(
            fingerprint(tokens(&edited(
                "deletion_window_days: 30",
                "deletion_window_days: 31"
            ))),
            base
        );
    }

    #[test]
    fn without_source_text_the_fingerprint_reads_tokens_and_string_values() {
        // Tokens made by code (a `macro_rules!` expansion, `quote!`) have no source text.
        let a = quote::quote! { #[doc = " Docs."] fn core() { let x = "backups"; let n = 30; } };
        let same =
            quote::quote! { #[doc = r" Docs."] fn core() { let x = r"backups"; let n = 30; } };
        let other =
            quote::quote! { #[doc = " Docs."] fn core() { let x = "backups"; let n = 31; } };
        let bracket =
            quote::quote! { #[doc = " Docs."] fn core() [ let x = "backups"; let n = 30; ] };
        assert_eq!(fingerprint(a.clone()), fingerprint(same));
        assert_ne!(fingerprint(a.clone()), fingerprint(other));
        assert_ne!(fingerprint(a), fingerprint(bracket));
    }
}

/// Edits the first tests did not tell apart (found by mutation testing).
#[cfg(test)]
mod more_tests {
    use super::*;

    /// A local, an opaque condition (a Rust function) and a vault declared after its use.
    const OPAQUE: &str = r#"
stack! {
    #[region("us-east-1")]
    pub fn core(#[default("dev")] env: &str) {
        let days = 30;
        let key = kms::Key { description: "k", deletion_window_days: days };
        let daily = backup::Plan {
            name: "p",
            rules: [Rule {
                name: "r",
                vault: vault,
                schedule: "cron(0 2 * * ? *)",
                lifecycle: Lifecycle { delete_after_days: if big_enough() { 365 } else { 35 } },
            }],
        };
        let vault = backup::Vault { name: "v", kms_key: key };
        for i in 0..2 {
            let extra = backup::Vault { name: "extra", kms_key: key };
        }
    }
}
"#;

    fn opaque(from: &str, to: &str) -> Relowered {
        assert!(OPAQUE.contains(from), "the test edits `{from}`");
        relower(OPAQUE, &OPAQUE.replacen(from, to, 1), "core")
    }

    fn tokens(text: &str) -> TokenStream {
        text.parse().unwrap()
    }

    #[test]
    fn a_literal_bound_to_a_local_is_a_rebuild() {
        let Relowered::Rebuild(why) = opaque("let days = 30;", "let days = 20;") else {
            panic!("the field's tokens are the local's name, not the literal");
        };
        assert!(
            why.contains("`key.deletion_window_days` changed, but not as a literal of its own"),
            "{why}"
        );
    }

    #[test]
    fn under_an_opaque_condition_only_edits_of_every_case_are_carried() {
        assert_eq!(
            opaque("{ 365 }", "{ 400 }"),
            Relowered::Rebuild("`daily.rules[0].lifecycle.delete_after_days` changes in some cases of conditions the watch cannot decide".into())
        );
        let Relowered::Literals(edit) = opaque(r#"name: "v""#, r#"name: "w""#) else {
            panic!("a field outside the condition changes in every case");
        };
        assert_eq!(edit.cases.len(), 2);
        assert_eq!(edit.changes[0].in_cases, vec![0, 1]);
    }

    #[test]
    fn loop_ranges_that_rename_resources_are_a_rebuild() {
        assert_eq!(
            opaque("0..2", "1..3"),
            Relowered::Rebuild("the edit changes which resources there are".into())
        );
    }

    #[test]
    fn the_component_is_found_in_stack_invocations_only_and_in_inline_modules() {
        let decoy = format!("not_a_stack! {{ pub fn core() {{ let x = 1; }} }}\n{OPAQUE}");
        let (_, func, _) = find_component(&decoy, "core").unwrap().unwrap();
        assert_eq!(func.block.stmts.len(), 5, "the `stack!` one");
        let nested = format!("mod inner {{ mod deeper {{ {OPAQUE} }} }}");
        assert!(find_component(&nested, "core").unwrap().is_some());
        let twice = format!("{OPAQUE}\n{}", OPAQUE.replace("let days = 30;", ""));
        let (_, func, _) = find_component(&twice, "core").unwrap().unwrap();
        assert_eq!(func.block.stmts.len(), 5, "the first declaration");
    }

    #[test]
    fn only_literals_may_differ_token_by_token() {
        let compare = |a: &str, b: &str| {
            let mut changed = Vec::new();
            changed_literals(tokens(a), tokens(b), &mut changed).map(|()| changed.len())
        };
        assert_eq!(compare("f(1, true)", "f(2, false)"), Ok(2));
        assert!(compare("f(1)", "f[1]").is_err(), "a delimiter");
        assert!(compare("a + 1", "a - 1").is_err(), "an operator");
        assert!(
            compare("a += 1", "a + = 1").is_err(),
            "spacing that makes another operator"
        );
        assert_eq!(
            compare("a: true", "a: maybe"),
            Err("line 1:4: `true` became `maybe`".into())
        );
        assert_eq!(
            compare("a: maybe", "a: true"),
            Err("line 1:4: `maybe` became `true`".into())
        );
        assert!(compare("f(1)", "f(1) g").is_err(), "a token added");
        assert!(compare("f(1) g", "f(1)").is_err(), "a token removed");
    }

    #[test]
    fn values_differ_in_scalars_only() {
        let object = |type_name: &str, fields: &[(&str, i64)]| {
            let mut o = crate::Object::new(type_name);
            for (name, value) in fields {
                o.set(*name, *value);
            }
            Value::Object(o)
        };
        let base = object("Lock", &[("min", 7), ("max", 365)]);
        let changes = |other: &Value| {
            let mut out = Vec::new();
            diff(&base, other, &mut String::new(), &mut out).map(|()| out)
        };
        assert_eq!(
            changes(&object("Lock", &[("min", 7), ("max", 400)])),
            Ok(vec![("max".to_string(), Value::Int(365), Value::Int(400))])
        );
        for (other, why) in [
            (object("Other", &[("min", 7), ("max", 365)]), "another type"),
            (object("Lock", &[("min", 7)]), "a field fewer"),
            (
                object("Lock", &[("min", 7), ("most", 365)]),
                "another field",
            ),
        ] {
            assert!(changes(&other).is_err(), "{why}");
        }
    }

    #[test]
    fn another_parameters_literal_is_this_ones_other_value() {
        use crate::syntax::cond::Case;
        let other = Value::Str("\u{0}other".into());
        let case = |env: Value, tier: Value| Case {
            params: vec![("env".into(), env), ("tier".into(), tier)],
            atoms: Vec::new(),
        };
        let cases = [
            case(Value::Str("prod".into()), Value::Str("gold".into())),
            case(Value::Str("prod".into()), other.clone()),
            case(other.clone(), Value::Str("gold".into())),
            case(other.clone(), other),
        ];
        let param = |name: &str, value: &str| crate::model::Parameter {
            name: name.into(),
            value: value.into(),
            default: None,
            one_of: Vec::new(),
        };
        // `env = "gold"`: "gold" is a literal of `tier` only.
        assert_eq!(
            case_of(&cases, &[param("env", "gold"), param("tier", "gold")]),
            Some(2)
        );
        assert_eq!(
            case_of(&cases, &[param("env", "prod"), param("tier", "prod")]),
            Some(1)
        );
    }
}
