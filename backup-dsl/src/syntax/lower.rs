//! Layer 5, a consumer (the `stack!` syntax outside the compiler).
//!
//! Lowering: the syntax of one component to the `backup-dsl` model, with a map from every
//! (resource, field path) to the tokens it came from.
//!
//! What the macro cannot evaluate (a parameter, an arbitrary Rust expression) lowers to
//! `Value::Unknown`: the rules skip it now and check it when the stack is built. `for` loops over
//! literal ranges are unrolled so that every iteration's resources are checked.

use crate::codes::{BK203, BK213};
use crate::model::join;
use crate::syntax::cond::{self, Case};
use crate::syntax::parse::{path_text, resource_loops, Item, MacroError, Signature, Source};
use crate::{Kind, Object, Resource, Stack, Value};
use proc_macro2::Span;
use std::collections::HashMap;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Ident, ItemFn, Lit, Token};

/// Where a diagnostic can point.
#[derive(Clone, Copy)]
pub struct Spans {
    /// The value's first token (a struct's type name, an array's bracket).
    pub value: Span,
    /// The field name, when the value is a field.
    pub key: Option<Span>,
}

/// (resource id, field path) -> tokens.
#[derive(Default)]
pub struct SpanMap {
    entries: HashMap<(String, String), Spans>,
}

impl SpanMap {
    fn value(&mut self, res: &str, path: &str, span: Span) {
        self.entries
            .entry((res.to_string(), path.to_string()))
            .and_modify(|s| s.value = span)
            .or_insert(Spans {
                value: span,
                key: None,
            });
    }

    fn key(&mut self, res: &str, path: &str, span: Span) {
        self.entries
            .entry((res.to_string(), path.to_string()))
            .and_modify(|s| s.key = Some(span))
            .or_insert(Spans {
                value: span,
                key: Some(span),
            });
    }

    /// The value tokens recorded for exactly this (resource, path), no parent's.
    pub fn exact_value(&self, res: &str, path: &str) -> Option<Span> {
        self.entries
            .get(&(res.to_string(), path.to_string()))
            .map(|s| s.value)
    }

    /// The closest recorded tokens for a diagnostic: the path itself, else its parents.
    pub fn lookup(&self, res: &str, path: &str, want_key: bool) -> Option<Span> {
        let mut p = path.to_string();
        loop {
            if let Some(s) = self.entries.get(&(res.to_string(), p.clone())) {
                return Some(if want_key && p == path {
                    s.key.unwrap_or(s.value)
                } else {
                    s.value
                });
            }
            if p.is_empty() {
                return None;
            }
            p = parent(&p);
        }
    }
}

fn parent(path: &str) -> String {
    if path.ends_with(']') {
        if let Some(i) = path.rfind('[') {
            return path[..i].to_string();
        }
    }
    match path.rfind('.') {
        Some(i) => path[..i].to_string(),
        None => String::new(),
    }
}

/// What a bare identifier in a field value means.
pub enum IdentKind {
    LoopVar,
    Param,
    Local,
    Resource,
    /// Anything else in scope of the generated function: a Rust constant or static. Its value
    /// is known at run time; rustc checks its type against the field's.
    Rust,
}

/// Names in scope while walking a component body.
#[derive(Default)]
pub struct Scope {
    pub params: Vec<String>,
    pub locals: Vec<(String, Value)>,
    pub loops: Vec<(String, i64)>,
    /// Resource binding -> the loop variables it is declared under.
    pub resource_loops: HashMap<String, Vec<String>>,
    /// The case of the parameters' conditions being lowered.
    pub case: Case,
    /// The conditions of the enclosing taken branches.
    pub guards: Vec<String>,
    /// Locals bound to a condition (`let prod = env == "prod";`), decided where used.
    pub local_conditions: Vec<(String, Expr)>,
    /// Whether a decision took an opaque condition's truth from the case.
    pub used_atom: std::cell::Cell<bool>,
    /// How many of `guards` were decided by an opaque condition.
    pub opaque_guards: usize,
}

impl Scope {
    pub fn classify(&self, name: &str) -> IdentKind {
        if self.loops.iter().any(|(v, _)| v == name) {
            IdentKind::LoopVar
        } else if self.locals.iter().any(|(v, _)| v == name) {
            IdentKind::Local
        } else if self.params.iter().any(|p| p == name) {
            IdentKind::Param
        } else if self.names_a_resource(name) {
            IdentKind::Resource
        } else {
            IdentKind::Rust
        }
    }

    /// Whether `name` is, or could be meant as, a resource of the stack: a declared one, one
    /// declared in a loop with its suffix (`client_3`), or a near miss of a declared name (kept a
    /// resource so that BK204 suggests the right one, instead of a type error from rustc).
    fn names_a_resource(&self, name: &str) -> bool {
        if self.resource_loops.contains_key(name) {
            return true;
        }
        let looped = self.resource_loops.iter().any(|(r, vars)| {
            !vars.is_empty()
                && name.strip_prefix(r.as_str()).is_some_and(|rest| {
                    rest.starts_with('_')
                        && rest[1..].split('_').all(|n| {
                            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '-')
                        })
                })
        });
        looped
            || crate::diag::did_you_mean(
                name,
                self.resource_loops
                    .keys()
                    .map(String::as_str)
                    .chain(self.params.iter().map(String::as_str))
                    .chain(self.locals.iter().map(|(l, _)| l.as_str())),
            )
            .is_some()
    }

    /// Decides a condition in this scope's case.
    pub fn decide(&self, cond: &Expr) -> Option<bool> {
        let mut used = false;
        let decision = cond::decide(
            cond,
            &self.case,
            &|e| evaluate(e, self),
            &|name| {
                self.local_conditions
                    .iter()
                    .rev()
                    .find(|(n, _)| n == name)
                    .map(|(_, e)| e.clone())
            },
            &mut used,
        );
        if used {
            self.used_atom.set(true);
        }
        decision
    }

    /// The value an `if` chain takes in this case: `None` when it takes a branch-less `else`
    /// (the field or element is absent). An undecidable condition takes its first branch.
    pub fn choose<'e>(&self, mut expr: &'e Expr) -> Option<&'e Expr> {
        loop {
            let Expr::If(i) = expr else {
                return Some(expr);
            };
            if self.decide(&i.cond).unwrap_or(true) {
                expr = cond::branch_value(&i.then_branch)?;
            } else {
                match i.else_branch.as_ref().map(|(_, e)| &**e) {
                    None => return None,
                    Some(Expr::Block(b)) => expr = cond::branch_value(&b.block)?,
                    Some(other) => expr = other,
                }
            }
        }
    }

    /// The loop variables a resource's id is suffixed with, when all are in scope.
    pub fn id_loops(&self, name: &str) -> Vec<String> {
        match self.resource_loops.get(name) {
            Some(vars) if vars.iter().all(|v| self.loops.iter().any(|(l, _)| l == v)) => {
                vars.clone()
            }
            _ => Vec::new(),
        }
    }

    fn resource_id(&self, name: &str) -> String {
        let mut id = name.to_string();
        for var in self.id_loops(name) {
            let value = self
                .loops
                .iter()
                .rev()
                .find(|(l, _)| *l == var)
                .map(|(_, v)| *v)
                .unwrap_or_default();
            id.push_str(&format!("_{value}"));
        }
        id
    }
}

/// The lowering context of one component.
pub struct LowerCx {
    pub stack: Stack,
    pub spans: SpanMap,
    pub errors: Vec<MacroError>,
    pub resource_spans: Vec<(String, Span)>,
    /// Resources whose presence or values rest on an opaque condition in this case (then a
    /// reference that dangles is not proven to, and is a warning).
    pub opaque: std::collections::HashSet<String>,
}

/// Lowers a component's body.
pub fn lower(
    func: &ItemFn,
    sig: &Signature,
    items: &[Item],
    errors: Vec<MacroError>,
    case: &Case,
) -> LowerCx {
    let region = match &sig.region {
        Source::Literal(l) => Value::Str(l.value()),
        _ => Value::Unknown,
    };
    let mut stack = Stack::new(func.sig.ident.to_string(), region);
    stack.lints = sig.lints.clone();
    if let Source::Literal(l) = &sig.account {
        stack.account = Value::Str(l.value());
    }
    let mut cx = LowerCx {
        stack,
        spans: SpanMap::default(),
        errors,
        resource_spans: Vec::new(),
        opaque: std::collections::HashSet::new(),
    };
    if let Source::Literal(l) = &sig.region {
        cx.spans.value("", "", l.span());
    } else {
        cx.spans.value("", "", func.sig.ident.span());
    }
    let mut scope = Scope {
        params: sig.params.iter().map(|p| p.ident.to_string()).collect(),
        case: case.clone(),
        ..Scope::default()
    };
    resource_loops(items, &mut Vec::new(), &mut scope.resource_loops);
    for (i, (key, value)) in sig.tags.iter().enumerate() {
        let path = format!("tags[{i}]");
        cx.spans.value("", &path, point_span(value));
        cx.spans.key("", &path, point_span(key));
        let key = match evaluate(key, &scope) {
            Value::Str(k) => k,
            _ => continue,
        };
        cx.stack.tags.push((key, evaluate(value, &scope)));
    }
    cx.stack.objectives = sig.objectives.clone();
    for (i, output) in sig.outputs.iter().enumerate() {
        cx.spans.value("", &format!("outputs[{i}]"), output.span());
        cx.stack.outputs.push(output.to_string());
    }
    lower_items(items, &mut scope, &mut cx);
    cx
}

/// Runs `f`, telling whether a decision in it rested on an opaque condition.
fn tracking_atoms<T>(scope: &mut Scope, f: impl FnOnce(&mut Scope) -> T) -> (T, bool) {
    let before = scope.used_atom.replace(false);
    let out = f(scope);
    let used = scope.used_atom.get();
    scope.used_atom.set(before || used);
    (out, used)
}

fn lower_items(items: &[Item], scope: &mut Scope, cx: &mut LowerCx) {
    let locals_before = (scope.locals.len(), scope.local_conditions.len());
    for item in items {
        match item {
            Item::Resource { ident, kind, body } => lower_resource(ident, *kind, body, scope, cx),
            Item::Value { ident, expr } => {
                let v = evaluate(expr, scope);
                if v.is_unknown() {
                    scope
                        .local_conditions
                        .push((ident.to_string(), (*expr).clone()));
                }
                scope.locals.push((ident.to_string(), v));
            }
            Item::Loop { var, range, body } => {
                for i in range.clone() {
                    scope.loops.push((var.to_string(), i));
                    lower_items(body, scope, cx);
                    scope.loops.pop();
                }
            }
            Item::If {
                cond,
                then,
                otherwise,
            } => {
                let text = cond::text(cond);
                let not = cond::negation(&text);
                let (decision, opaque) =
                    tracking_atoms(scope, |scope| scope.decide(cond).unwrap_or(true));
                let (taken, untaken, guard, other_guard) = if decision {
                    (then, otherwise, text, not)
                } else {
                    (otherwise, then, not, text)
                };
                scope.opaque_guards += usize::from(opaque);
                exclude_items(untaken, other_guard, scope, cx);
                scope.guards.push(guard);
                lower_items(taken, scope, cx);
                scope.guards.pop();
                scope.opaque_guards -= usize::from(opaque);
            }
        }
    }
    scope.locals.truncate(locals_before.0);
    scope.local_conditions.truncate(locals_before.1);
}

/// Records the resources of an untaken branch as excluded, with the condition under which
/// they would exist.
fn exclude_items(items: &[Item], guard: String, scope: &mut Scope, cx: &mut LowerCx) {
    scope.guards.push(guard);
    for item in items {
        match item {
            Item::Resource { ident, .. } => {
                let id = scope.resource_id(&ident.to_string());
                if scope.opaque_guards > 0 {
                    cx.opaque.insert(id.clone());
                }
                cx.stack.exclude(id, cond::conjunction(&scope.guards));
            }
            Item::Value { .. } => {}
            Item::Loop { var, range, body } => {
                for i in range.clone() {
                    scope.loops.push((var.to_string(), i));
                    // No condition of its own: the loop repeats the enclosing one.
                    exclude_items(body, String::new(), scope, cx);
                    scope.loops.pop();
                }
            }
            Item::If {
                cond,
                then,
                otherwise,
            } => {
                let text = cond::text(cond);
                exclude_items(then, text.clone(), scope, cx);
                exclude_items(otherwise, cond::negation(&text), scope, cx);
            }
        }
    }
    scope.guards.pop();
}

fn lower_resource(
    ident: &Ident,
    kind: Kind,
    s: &syn::ExprStruct,
    scope: &mut Scope,
    cx: &mut LowerCx,
) {
    let name = ident.to_string();
    if scope.params.contains(&name)
        || scope.loops.iter().any(|(v, _)| *v == name)
        || scope.locals.iter().any(|(v, _)| *v == name)
    {
        cx.errors.push(MacroError {
            span: ident.span(),
            code: &BK213,
            message: format!("`{name}` is already a parameter, loop variable or value of this stack; a resource cannot shadow it"),
            help: Some(format!("name the resource differently, e.g. `{name}_resource`")),
        });
        return;
    }
    let id = scope.resource_id(&name);
    cx.spans.value(&id, "", ident.span());
    cx.spans.key(&id, "", type_name_span(&s.path));
    cx.resource_spans.push((id.clone(), ident.span()));
    let (body, opaque) = tracking_atoms(scope, |scope| lower_object(s, &id, "", scope, cx));
    if opaque || scope.opaque_guards > 0 {
        cx.opaque.insert(id.clone());
    }
    cx.stack.resources.push(Resource { id, kind, body });
}

fn lower_object(
    s: &syn::ExprStruct,
    res: &str,
    path: &str,
    scope: &Scope,
    cx: &mut LowerCx,
) -> Object {
    let mut obj = Object::new(path_text(&s.path));
    if let Some(rest) = &s.rest {
        cx.errors.push(MacroError {
            span: rest.span(),
            code: &BK213,
            message: "`..` is not supported in stack!".into(),
            help: Some("write every field".into()),
        });
    }
    for field in &s.fields {
        let syn::Member::Named(name) = &field.member else {
            cx.errors.push(MacroError {
                span: field.member.span(),
                code: &BK213,
                message: "fields are named".into(),
                help: None,
            });
            continue;
        };
        // `field: if cond { value }` without `else`: absent where `cond` does not hold.
        let Some(expr) = scope.choose(&field.expr) else {
            continue;
        };
        let fpath = join(path, &name.to_string());
        cx.spans.key(res, &fpath, name.span());
        let value = lower_value(expr, res, &fpath, scope, cx);
        obj.fields.push((name.to_string().into(), value));
    }
    obj
}

/// The token a diagnostic about a value points at: a struct's type name (`Selection` of
/// `backup::Selection`), an array's bracket, a `format!`'s string (where the literal part that
/// breaks a pattern is), else the expression.
pub fn point_span(expr: &Expr) -> Span {
    match expr {
        Expr::Struct(s) => type_name_span(&s.path),
        Expr::Array(a) => a.bracket_token.span.open(),
        Expr::Macro(m) if m.mac.path.is_ident("format") => m
            .mac
            .tokens
            .clone()
            .into_iter()
            .next()
            .map_or_else(|| m.mac.path.span(), |t| t.span()),
        Expr::Macro(m) => m.mac.path.span(),
        other => other.span(),
    }
}

/// The last segment of a struct's path: spans do not join on stable Rust, and the type name is
/// what a missing or unknown field is about.
pub fn type_name_span(path: &syn::Path) -> Span {
    path.segments
        .last()
        .map_or_else(|| path.span(), |s| s.ident.span())
}

/// Whether an array literal is a map: every element a pair.
pub fn is_map(a: &syn::ExprArray) -> bool {
    !a.elems.is_empty() && a.elems.iter().all(is_pair)
}

/// A map entry: a pair, or a conditional whose branches are pairs.
fn is_pair(e: &Expr) -> bool {
    match e {
        Expr::Tuple(t) => t.elems.len() == 2,
        Expr::If(i) => {
            cond::branch_value(&i.then_branch).is_some_and(is_pair)
                && match i.else_branch.as_ref().map(|(_, e)| &**e) {
                    None => true,
                    Some(Expr::Block(b)) => cond::branch_value(&b.block).is_some_and(is_pair),
                    Some(other) => is_pair(other),
                }
        }
        _ => false,
    }
}

fn lower_value(expr: &Expr, res: &str, path: &str, scope: &Scope, cx: &mut LowerCx) -> Value {
    let Some(expr) = scope.choose(expr) else {
        return Value::Unknown;
    };
    cx.spans.value(res, path, point_span(expr));
    match expr {
        Expr::Struct(s) => Value::Object(lower_object(s, res, path, scope, cx)),
        Expr::Array(a) if is_map(a) => {
            let mut pairs = Vec::new();
            for e in a.elems.iter().filter_map(|e| scope.choose(e)) {
                let Expr::Tuple(t) = e else { continue };
                let key = evaluate(&t.elems[0], scope);
                let Some(value) = scope.choose(&t.elems[1]) else {
                    continue;
                };
                let value = lower_value(value, res, path, scope, cx);
                cx.spans.value(res, path, a.bracket_token.span.open());
                match key {
                    Value::Str(k) => pairs.push((k, value)),
                    Value::Int(i) => pairs.push((i.to_string(), value)),
                    v if v.is_unknown() => return Value::Unknown,
                    other => {
                        cx.errors.push(MacroError {
                            span: t.elems[0].span(),
                            code: &BK203,
                            message: format!("map keys are strings, found {}", other.describe()),
                            help: None,
                        });
                    }
                }
            }
            Value::Map(pairs)
        }
        Expr::Array(a) => Value::List(
            a.elems
                .iter()
                .filter_map(|e| scope.choose(e))
                .enumerate()
                .map(|(i, e)| lower_value(e, res, &format!("{path}[{i}]"), scope, cx))
                .collect(),
        ),
        Expr::Paren(p) => lower_value(&p.expr, res, path, scope, cx),
        Expr::Group(g) => lower_value(&g.expr, res, path, scope, cx),
        Expr::Reference(r) => lower_value(&r.expr, res, path, scope, cx),
        other => evaluate(other, scope),
    }
}

/// Evaluates a scalar expression, or `Unknown`.
pub fn evaluate(expr: &Expr, scope: &Scope) -> Value {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Value::Str(s.value()),
            Lit::Int(i) => i
                .base10_parse::<i64>()
                .map(Value::Int)
                .unwrap_or(Value::Unknown),
            Lit::Bool(b) => Value::Bool(b.value),
            _ => Value::Unknown,
        },
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => match evaluate(expr, scope) {
            // `-i64::MIN` does not exist: such a number is left to rustc and the run time.
            Value::Int(i) => i.checked_neg().map_or(Value::Unknown, Value::Int),
            _ => Value::Unknown,
        },
        Expr::Path(p) if p.qself.is_none() && p.path.get_ident().is_some() => {
            // Invariant: the match guard checked that the path is one identifier.
            let name = p.path.get_ident().expect("checked").to_string();
            match scope.classify(&name) {
                IdentKind::LoopVar => Value::Int(
                    scope
                        .loops
                        .iter()
                        .rev()
                        .find(|(v, _)| *v == name)
                        .map(|(_, i)| *i)
                        .unwrap_or_default(),
                ),
                IdentKind::Param | IdentKind::Rust => Value::Unknown,
                IdentKind::Local => scope
                    .locals
                    .iter()
                    .rev()
                    .find(|(v, _)| *v == name)
                    .map(|(_, v)| v.clone())
                    .unwrap_or(Value::Unknown),
                IdentKind::Resource => Value::Ref(scope.resource_id(&name)),
            }
        }
        Expr::Macro(m) if m.mac.path.is_ident("format") => format_value(&m.mac, scope),
        Expr::If(_) => scope
            .choose(expr)
            .map_or(Value::Unknown, |e| evaluate(e, scope)),
        Expr::Paren(p) => evaluate(&p.expr, scope),
        Expr::Group(g) => evaluate(&g.expr, scope),
        Expr::Reference(r) => evaluate(&r.expr, scope),
        Expr::Array(a) if !is_map(a) => Value::List(
            a.elems
                .iter()
                .filter_map(|e| scope.choose(e))
                .map(|e| evaluate(e, scope))
                .collect(),
        ),
        _ => Value::Unknown,
    }
}

/// Evaluates `format!` when every argument is known.
fn format_value(mac: &syn::Macro, scope: &Scope) -> Value {
    let Ok(args) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) else {
        return Value::Unknown;
    };
    let mut it = args.iter();
    let Some(Expr::Lit(syn::ExprLit {
        lit: Lit::Str(fmt), ..
    })) = it.next()
    else {
        return Value::Unknown;
    };
    let mut positional = Vec::new();
    let mut named = Vec::new();
    for a in it {
        match a {
            Expr::Assign(asg) => {
                if let Expr::Path(p) = &*asg.left {
                    if let Some(id) = p.path.get_ident() {
                        named.push((id.to_string(), evaluate(&asg.right, scope)));
                    }
                }
            }
            other => positional.push(evaluate(other, scope)),
        }
    }
    let text = |v: &Value| -> Option<String> {
        match v {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    };
    let fmt = fmt.value();
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    let mut next_positional = 0;
    let mut parts: Vec<Option<String>> = Vec::new();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut inner = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    inner.push(c);
                }
                let (name, spec) = inner.split_once(':').unwrap_or((&inner, ""));
                if !spec.is_empty() {
                    return Value::Unknown;
                }
                let value = if name.is_empty() {
                    next_positional += 1;
                    positional.get(next_positional - 1).cloned()
                } else if let Ok(i) = name.parse::<usize>() {
                    positional.get(i).cloned()
                } else if let Some((_, v)) = named.iter().find(|(n, _)| n == name) {
                    Some(v.clone())
                } else {
                    let ident: Expr = match syn::parse_str(name) {
                        Ok(e) => e,
                        Err(_) => return Value::Unknown,
                    };
                    Some(evaluate(&ident, scope))
                };
                match value.as_ref().and_then(text) {
                    Some(t) => out.push_str(&t),
                    None => {
                        parts.push(Some(std::mem::take(&mut out)));
                        parts.push(None);
                    }
                }
            }
            c => out.push(c),
        }
    }
    if parts.is_empty() {
        return Value::Str(out);
    }
    parts.push(Some(out));
    parts.retain(|p| p.as_ref().is_none_or(|s| !s.is_empty()));
    Value::Partial(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse::{literal_range, range_len};

    fn scope() -> Scope {
        Scope {
            params: vec!["env".into()],
            locals: vec![("prefix".into(), Value::Str("acme".into()))],
            loops: vec![("i".into(), 3)],
            resource_loops: [
                ("primary".to_string(), vec![]),
                ("client".to_string(), vec!["i".to_string()]),
            ]
            .into_iter()
            .collect(),
            ..Scope::default()
        }
    }

    fn eval(src: &str) -> Value {
        evaluate(&syn::parse_str::<Expr>(src).unwrap(), &scope())
    }

    #[test]
    fn format_is_evaluated_when_every_part_is_known() {
        assert_eq!(
            eval(r#"format!("client-{i}")"#),
            Value::Str("client-3".into())
        );
        assert_eq!(
            eval(r#"format!("{prefix}-{}-{{x}}", 7)"#),
            Value::Str("acme-7-{x}".into())
        );
        assert_eq!(eval(r#"format!("{n}", n = i)"#), Value::Str("3".into()));
        assert_eq!(
            eval(r#"format!("primary-{env}")"#),
            Value::Partial(vec![Some("primary-".into()), None]),
            "parameters are known at run time only; the literal parts are kept"
        );
        assert_eq!(
            eval(r#"format!("{i:>4}")"#),
            Value::Unknown,
            "format specs are not evaluated"
        );
    }

    #[test]
    fn identifiers_are_classified() {
        assert_eq!(eval("i"), Value::Int(3));
        assert_eq!(eval("env"), Value::Unknown);
        assert_eq!(eval("prefix"), Value::Str("acme".into()));
        assert_eq!(eval("primary"), Value::Ref("primary".into()));
        assert_eq!(eval("-5"), Value::Int(-5));
        assert_eq!(eval("some_call()"), Value::Unknown);
        // A loop resource with its suffix, and a near miss, are resources (BK204 explains a
        // near miss); anything else is a Rust constant, known at run time.
        assert_eq!(eval("client_3"), Value::Ref("client_3".into()));
        assert_eq!(eval("primray"), Value::Ref("primray".into()));
        assert_eq!(eval("DAILY_RETENTION_DAYS"), Value::Unknown);
        assert_eq!(eval("MAX_COPIES"), Value::Unknown);
    }

    #[test]
    fn conditional_values_take_the_branch_of_the_case() {
        let mut s = scope();
        s.case.params = vec![("env".into(), Value::Str("prod".into()))];
        let eval = |src: &str| evaluate(&syn::parse_str::<Expr>(src).unwrap(), &s);
        assert_eq!(
            eval(r#"if env == "prod" { 365 } else { 35 }"#),
            Value::Int(365)
        );
        assert_eq!(
            eval(r#"if env == "dev" { 1 } else if i == 3 { 2 } else { 3 }"#),
            Value::Int(2),
            "a loop variable is known while unrolling"
        );
        assert_eq!(
            eval(r#"[1, if env == "dev" { 2 }, 3]"#),
            Value::List(vec![Value::Int(1), Value::Int(3)]),
            "an element without `else` is absent where its condition does not hold"
        );
        assert_eq!(eval("if unknown() { 1 } else { 2 }"), Value::Int(1));
        assert!(!s.used_atom.get(), "no atom of the case decided these");
    }

    #[test]
    fn loop_resources_get_the_loop_values_as_suffix() {
        let mut s = scope();
        s.resource_loops.insert("client".into(), vec!["i".into()]);
        assert_eq!(s.resource_id("client"), "client_3");
        assert_eq!(s.resource_id("primary"), "primary");
    }

    #[test]
    fn ranges_must_be_literal() {
        assert_eq!(
            literal_range(&syn::parse_str("1..=10").unwrap()),
            Some(1..=10)
        );
        assert_eq!(literal_range(&syn::parse_str("0..3").unwrap()), Some(0..=2));
        assert_eq!(literal_range(&syn::parse_str("0..n").unwrap()), None);
        let huge = literal_range(&syn::parse_str("0..=9223372036854775807").unwrap()).unwrap();
        assert_eq!(
            range_len(&huge),
            9_223_372_036_854_775_808,
            "measured, not iterated"
        );
        assert_eq!(range_len(&std::ops::RangeInclusive::new(5, 1)), 0);
    }

    #[test]
    fn span_lookup_walks_up_to_the_closest_recorded_parent() {
        let mut spans = SpanMap::default();
        spans.value("plan", "rules[0]", Span::call_site());
        assert!(spans
            .lookup("plan", "rules[0].lifecycle.delete_after_days", false)
            .is_some());
        assert!(spans.lookup("plan", "rules", false).is_none());
        assert!(spans.lookup("other", "rules[0]", false).is_none());
        assert_eq!(parent("rules[0].copy[1]"), "rules[0].copy");
        assert_eq!(parent("rules[0]"), "rules");
        assert_eq!(parent("name"), "");
    }
}
