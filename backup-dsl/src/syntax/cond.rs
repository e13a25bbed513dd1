//! Layer 5, a consumer (the `stack!` syntax outside the compiler).
//!
//! Conditions on parameters: the cases a component's `if`s distinguish, and the decision of a
//! condition in one case.
//!
//! At compile time a parameter's value is unknown, so every branch is checked: the conditions'
//! comparisons of parameters with literals (`env == "prod"`, `copies > 1`, a `bool` parameter)
//! split each parameter's values into the few classes that decide them (`"prod"` and any other
//! string; `0`, `1`, `2` around `> 1`), and the component is lowered and checked once per
//! combination. A condition of any other shape (a function call, a Rust constant) is an opaque
//! atom, taken both ways; identical text is the same atom, `!atom` its negation. In each case
//! the resources of untaken branches are recorded as excluded, so a reference to one is BK215 on
//! its token, naming the condition, and the case that breaks it is named in a note.

use crate::codes::BK213;
use crate::syntax::parse::{Item, MacroError, ParamInfo};
use crate::{ParamKind, Value};
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{BinOp, Expr, Lit, Stmt, UnOp};

/// More cases than this is an error: every case is a full check of the stack.
pub const MAX_CASES: usize = 256;

/// The value that stands for "any other string" in a case: no literal of a stack equals it.
const OTHER: &str = "\u{0}other";

/// Whether a case's value is the "any other string" class.
pub fn is_other(value: &Value) -> bool {
    matches!(value, Value::Str(s) if s == OTHER)
}

/// One combination of parameter value classes and opaque atoms.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Case {
    /// Parameters the conditions compare, with the value of this case.
    pub params: Vec<(String, Value)>,
    /// Opaque conditions, by their text, with their truth in this case.
    pub atoms: Vec<(String, bool)>,
}

impl Case {
    /// `env = "prod"`, `env = (another string)`, `` `is_big(i)` is false ``.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .params
            .iter()
            .map(|(name, v)| match v {
                Value::Str(s) if s == OTHER => format!("`{name}` is any other string"),
                Value::Str(s) => format!("`{name}` = {s:?}"),
                Value::Int(i) => format!("`{name}` = {i}"),
                Value::Bool(b) => format!("`{name}` = {b}"),
                other => format!("`{name}` = {}", other.describe()),
            })
            .collect();
        parts.extend(
            self.atoms
                .iter()
                .map(|(text, truth)| format!("`{text}` is {truth}")),
        );
        parts.join(", ")
    }

    fn param(&self, name: &str) -> Option<&Value> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    fn atom(&self, text: &str) -> Option<bool> {
        self.atoms.iter().find(|(t, _)| t == text).map(|(_, b)| *b)
    }
}

/// The cases among `all` that have a finding (`having`, indices into `all`), described by what
/// they have in common: a parameter or condition that takes every one of its values within them
/// is left out (`env = "prod"` rather than each combination with the other conditions).
pub fn summarize(all: &[Case], having: &[usize]) -> Vec<String> {
    let Some(first) = having.first().map(|&i| &all[i]) else {
        return Vec::new();
    };
    let dims = first.params.len() + first.atoms.len();
    let value_of = |c: &Case, d: usize| -> Value {
        if d < c.params.len() {
            c.params[d].1.clone()
        } else {
            Value::Bool(c.atoms[d - c.params.len()].1)
        }
    };
    // A dimension is free when, for each case having the finding, every case differing only in
    // that dimension has it too.
    let free: Vec<bool> = (0..dims)
        .map(|d| {
            having.iter().all(|&i| {
                all.iter().enumerate().all(|(j, other)| {
                    let same_elsewhere = (0..dims)
                        .filter(|&e| e != d)
                        .all(|e| value_of(other, e) == value_of(&all[i], e));
                    !same_elsewhere || having.contains(&j)
                })
            })
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    for &i in having {
        let c = &all[i];
        let reduced = Case {
            params: c
                .params
                .iter()
                .enumerate()
                .filter(|(d, _)| !free[*d])
                .map(|(_, p)| p.clone())
                .collect(),
            atoms: c
                .atoms
                .iter()
                .enumerate()
                .filter(|(d, _)| !free[c.params.len() + d])
                .map(|(_, a)| a.clone())
                .collect(),
        }
        .describe();
        if !out.contains(&reduced) {
            out.push(reduced);
        }
    }
    out
}

/// What the conditions of a component compare.
#[derive(Default)]
struct Domains {
    /// (parameter, kind, literals it is compared with in order of appearance, the values its
    /// `#[one_of]` accepts).
    params: Vec<(String, ParamKind, Vec<Value>, Vec<String>)>,
    atoms: Vec<String>,
}

impl Domains {
    fn param(&mut self, info: &ParamInfo, literal: Option<Value>) {
        let name = info.ident.to_string();
        let i = match self.params.iter().position(|(n, ..)| *n == name) {
            Some(i) => i,
            None => {
                self.params
                    .push((name, info.kind, Vec::new(), info.one_of.clone()));
                self.params.len() - 1
            }
        };
        if let Some(l) = literal {
            if !self.params[i].2.contains(&l) {
                self.params[i].2.push(l);
            }
        }
    }

    fn atom(&mut self, text: String) {
        if !self.atoms.contains(&text) {
            self.atoms.push(text);
        }
    }

    /// The value classes of a parameter: enough values that every comparison with one of its
    /// literals takes each outcome it can take; a parameter with `#[one_of]` takes exactly those.
    fn classes(kind: ParamKind, literals: &[Value], one_of: &[String]) -> Vec<Value> {
        if !one_of.is_empty() && kind != ParamKind::Bool {
            return one_of
                .iter()
                .map(|v| match kind {
                    ParamKind::Int => v.parse().map(Value::Int).unwrap_or(Value::Unknown),
                    _ => Value::Str(v.clone()),
                })
                .collect();
        }
        match kind {
            ParamKind::Bool => vec![Value::Bool(true), Value::Bool(false)],
            ParamKind::Str => {
                let mut v: Vec<Value> = literals
                    .iter()
                    .filter(|l| matches!(l, Value::Str(_)))
                    .cloned()
                    .collect();
                v.push(Value::Str(OTHER.into()));
                v
            }
            ParamKind::Int => {
                let mut points: Vec<i64> = Vec::new();
                for l in literals {
                    if let Value::Int(i) = l {
                        points.extend(
                            [i.checked_sub(1), Some(*i), i.checked_add(1)]
                                .into_iter()
                                .flatten(),
                        );
                    }
                }
                points.sort_unstable();
                points.dedup();
                points.into_iter().map(Value::Int).collect()
            }
        }
    }
}

/// Every case the conditions of `items` distinguish (one empty case without conditions), or an
/// error when there are too many to check.
pub fn cases(items: &[Item], params: &[ParamInfo], errors: &mut Vec<MacroError>) -> Vec<Case> {
    let mut walk = Walk {
        params,
        domains: Domains::default(),
        loops: Vec::new(),
        bool_locals: Vec::new(),
        first: None,
        errors,
    };
    walk.items(items);
    let Walk { domains, first, .. } = walk;
    let mut out = vec![Case::default()];
    for (name, kind, literals, one_of) in &domains.params {
        let classes = Domains::classes(*kind, literals, one_of);
        out = out
            .into_iter()
            .flat_map(|case| {
                classes.iter().map(move |v| {
                    let mut c = case.clone();
                    c.params.push((name.clone(), v.clone()));
                    c
                })
            })
            .collect();
        if out.len() > MAX_CASES {
            break;
        }
    }
    for atom in &domains.atoms {
        if out.len() > MAX_CASES {
            break;
        }
        out = out
            .into_iter()
            .flat_map(|case| {
                [true, false].map(|b| {
                    let mut c = case.clone();
                    c.atoms.push((atom.clone(), b));
                    c
                })
            })
            .collect();
    }
    if out.len() > MAX_CASES {
        errors.push(MacroError {
            span: first.unwrap_or_else(Span::call_site),
            code: &BK213,
            message: format!(
                "the conditions of this stack distinguish more than {MAX_CASES} cases, and every case is checked"
            ),
            help: Some("compare fewer parameters, or split the stack into components".into()),
        });
        return vec![Case::default()];
    }
    out
}

struct Walk<'a, 'e> {
    params: &'a [ParamInfo],
    domains: Domains,
    /// Loop variables in scope: conditions on them are decided while unrolling.
    loops: Vec<String>,
    /// Locals bound to a condition (`let prod = env == "prod";`).
    bool_locals: Vec<String>,
    first: Option<Span>,
    errors: &'e mut Vec<MacroError>,
}

impl<'a> Walk<'a, '_> {
    fn items(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Resource { body, .. } => {
                    for f in &body.fields {
                        self.value(&f.expr);
                    }
                }
                Item::Value { ident, expr } => {
                    if is_condition(expr) {
                        self.cond(expr);
                        self.bool_locals.push(ident.to_string());
                    } else {
                        self.value(expr);
                    }
                }
                Item::Loop { var, body, .. } => {
                    self.loops.push(var.to_string());
                    self.items(body);
                    self.loops.pop();
                }
                Item::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    self.cond(cond);
                    self.items(then);
                    self.items(otherwise);
                }
            }
        }
    }

    /// Conditions inside a field value (`copy: if env == "prod" { [..] } else { [] }`).
    fn value(&mut self, expr: &Expr) {
        match expr {
            Expr::If(i) => {
                self.cond(&i.cond);
                match branch_value(&i.then_branch) {
                    Some(v) => self.value(v),
                    None => self.branch_error(i.then_branch.span()),
                }
                match i.else_branch.as_ref().map(|(_, e)| &**e) {
                    None => {}
                    Some(Expr::Block(b)) => match branch_value(&b.block) {
                        Some(v) => self.value(v),
                        None => self.branch_error(b.span()),
                    },
                    Some(other) => self.value(other),
                }
            }
            Expr::Struct(s) => s.fields.iter().for_each(|f| self.value(&f.expr)),
            Expr::Array(a) => a.elems.iter().for_each(|e| self.value(e)),
            Expr::Tuple(t) => t.elems.iter().for_each(|e| self.value(e)),
            Expr::Paren(p) => self.value(&p.expr),
            Expr::Group(g) => self.value(&g.expr),
            Expr::Reference(r) => self.value(&r.expr),
            _ => {}
        }
    }

    fn branch_error(&mut self, span: Span) {
        self.errors.push(MacroError {
            span,
            code: &BK213,
            message:
                "a conditional value is `if cond { value } else { value }`, one value per branch"
                    .into(),
            help: Some(
                "declare resources in a statement `if`; a field takes one value per branch".into(),
            ),
        });
    }

    fn cond(&mut self, expr: &Expr) {
        self.first.get_or_insert_with(|| expr.span());
        match expr {
            Expr::Lit(_) => {}
            Expr::Paren(p) => self.cond(&p.expr),
            Expr::Group(g) => self.cond(&g.expr),
            Expr::Unary(u) if matches!(u.op, UnOp::Not(_)) => self.cond(&u.expr),
            Expr::Binary(b) if matches!(b.op, BinOp::And(_) | BinOp::Or(_)) => {
                self.cond(&b.left);
                self.cond(&b.right);
            }
            Expr::Binary(b) if is_comparison(&b.op) => {
                if let Some((param, lit)) = self.param_comparison(&b.left, &b.right) {
                    self.domains.param(param, Some(lit));
                } else if !self.decidable(&b.left) || !self.decidable(&b.right) {
                    self.domains.atom(text(expr));
                }
            }
            Expr::Path(p) if p.path.get_ident().is_some() => {
                let name = p
                    .path
                    .get_ident()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                match self.params.iter().find(|i| i.ident == name) {
                    Some(info) if info.kind == ParamKind::Bool => self.domains.param(info, None),
                    _ if self.loops.contains(&name) || self.bool_locals.contains(&name) => {}
                    _ => self.domains.atom(text(expr)),
                }
            }
            _ => self.domains.atom(text(expr)),
        }
    }

    /// `param == literal` (either way round, `param.as_str()` too) with a literal of the
    /// parameter's kind.
    fn param_comparison(&self, left: &Expr, right: &Expr) -> Option<(&'a ParamInfo, Value)> {
        let (name, lit) = match (param_name(left), literal(right)) {
            (Some(n), Some(l)) => (n, l),
            _ => (param_name(right)?, literal(left)?),
        };
        let info = self.params.iter().find(|i| i.ident == name)?;
        match (info.kind, &lit) {
            (ParamKind::Str, Value::Str(_)) | (ParamKind::Int, Value::Int(_)) => Some((info, lit)),
            _ => None,
        }
    }

    /// A side of a comparison the unrolling decides: a literal or a loop variable.
    fn decidable(&self, expr: &Expr) -> bool {
        literal(expr).is_some() || param_name(expr).is_some_and(|n| self.loops.contains(&n))
    }
}

fn is_comparison(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq(_) | BinOp::Ne(_) | BinOp::Lt(_) | BinOp::Le(_) | BinOp::Gt(_) | BinOp::Ge(_)
    )
}

/// Whether a value binding is a condition (`let prod = env == "prod";`).
fn is_condition(expr: &Expr) -> bool {
    match expr {
        Expr::Binary(b) => is_comparison(&b.op) || matches!(b.op, BinOp::And(_) | BinOp::Or(_)),
        Expr::Unary(u) => matches!(u.op, UnOp::Not(_)),
        Expr::Paren(p) => is_condition(&p.expr),
        _ => false,
    }
}

/// The identifier of `name` or `name.as_str()`.
fn param_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().map(ToString::to_string),
        Expr::MethodCall(m) if m.method == "as_str" && m.args.is_empty() => param_name(&m.receiver),
        Expr::Paren(p) => param_name(&p.expr),
        Expr::Reference(r) => param_name(&r.expr),
        _ => None,
    }
}

/// A string or integer literal (a negative integer too).
fn literal(expr: &Expr) -> Option<Value> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Some(Value::Str(s.value())),
            Lit::Int(i) => i.base10_parse().ok().map(Value::Int),
            _ => None,
        },
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => match literal(&u.expr)? {
            Value::Int(i) => i.checked_neg().map(Value::Int),
            _ => None,
        },
        Expr::Paren(p) => literal(&p.expr),
        _ => None,
    }
}

/// The one value of a branch block `{ value }`.
pub fn branch_value(block: &syn::Block) -> Option<&Expr> {
    match block.stmts.as_slice() {
        [Stmt::Expr(e, None)] => Some(e),
        _ => None,
    }
}

/// A condition as the user wrote it, spaced as Rust is usually written.
pub fn text(expr: &Expr) -> String {
    let raw = quote::quote!(#expr).to_string();
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' => {
                let prev = out.chars().last();
                let next = chars.peek().copied();
                let glue_after = matches!(prev, Some('!' | '.' | '(' | '&' | '[')) && {
                    // `a && b` keeps its spaces: only a lone `&` (a reference) glues.
                    !out.ends_with("&&")
                };
                let glue_before = matches!(next, Some('.' | '(' | ')' | ',' | ']'));
                if !(glue_after || glue_before) {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The decision of a condition in one case: `None` when it depends on something the case does
/// not fix (which `cases` rules out for the conditions it collected).
pub fn decide(
    expr: &Expr,
    case: &Case,
    evaluate: &dyn Fn(&Expr) -> Value,
    local_condition: &dyn Fn(&str) -> Option<Expr>,
    used_atom: &mut bool,
) -> Option<bool> {
    let again = |e: &Expr, used: &mut bool| decide(e, case, evaluate, local_condition, used);
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Bool(b), ..
        }) => Some(b.value),
        Expr::Paren(p) => again(&p.expr, used_atom),
        Expr::Group(g) => again(&g.expr, used_atom),
        Expr::Unary(u) if matches!(u.op, UnOp::Not(_)) => again(&u.expr, used_atom).map(|b| !b),
        Expr::Binary(b) if matches!(b.op, BinOp::And(_)) => match again(&b.left, used_atom) {
            Some(false) => Some(false),
            l => match (l, again(&b.right, used_atom)) {
                (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            },
        },
        Expr::Binary(b) if matches!(b.op, BinOp::Or(_)) => match again(&b.left, used_atom) {
            Some(true) => Some(true),
            l => match (l, again(&b.right, used_atom)) {
                (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            },
        },
        Expr::Binary(b) if is_comparison(&b.op) => {
            // A parameter takes its case's value only against a literal: its classes are
            // built from the literals it is compared with, and from nothing else.
            let case_value = |e: &Expr, other: &Expr| {
                let lit = literal(other)?;
                Some((case.param(&param_name(e)?).cloned()?, lit))
            };
            let (left, right) = match (case_value(&b.left, &b.right), case_value(&b.right, &b.left))
            {
                (Some((param, lit)), _) => (param, lit),
                (_, Some((param, lit))) => (lit, param),
                _ => (evaluate(&b.left), evaluate(&b.right)),
            };
            compare(&b.op, &left, &right).or_else(|| {
                let atom = case.atom(&text(expr));
                *used_atom |= atom.is_some();
                atom
            })
        }
        Expr::Path(p) if p.path.get_ident().is_some() => {
            let name = p
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            if let Some(Value::Bool(b)) = case.param(&name) {
                return Some(*b);
            }
            if let Value::Bool(b) = evaluate(expr) {
                return Some(b);
            }
            if let Some(cond) = local_condition(&name) {
                return again(&cond, used_atom);
            }
            let atom = case.atom(&text(expr));
            *used_atom |= atom.is_some();
            atom
        }
        other => match evaluate(other) {
            Value::Bool(b) => Some(b),
            _ => {
                let atom = case.atom(&text(other));
                *used_atom |= atom.is_some();
                atom
            }
        },
    }
}

fn compare(op: &BinOp, a: &Value, b: &Value) -> Option<bool> {
    use std::cmp::Ordering;
    let ord = match (a, b) {
        (Value::Str(x), Value::Str(y)) => x.cmp(y),
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => return None,
    };
    Some(match op {
        BinOp::Eq(_) => ord == Ordering::Equal,
        BinOp::Ne(_) => ord != Ordering::Equal,
        BinOp::Lt(_) => ord == Ordering::Less,
        BinOp::Le(_) => ord != Ordering::Greater,
        BinOp::Gt(_) => ord == Ordering::Greater,
        BinOp::Ge(_) => ord != Ordering::Less,
        _ => return None,
    })
}

/// The condition under which a branch's resources exist, from the enclosing guards.
pub fn conjunction(guards: &[String]) -> String {
    let guards: Vec<&String> = guards.iter().filter(|g| !g.is_empty()).collect();
    guards
        .iter()
        .map(|g| {
            if guards.len() > 1 && g.contains("||") {
                format!("({g})")
            } else {
                g.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" && ")
}

/// `!cond`, parenthesized unless `cond` is one identifier or call.
pub fn negation(cond: &str) -> String {
    if cond.chars().all(|c| c.is_alphanumeric() || c == '_') {
        format!("!{cond}")
    } else {
        format!("!({cond})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(name: &str, kind: ParamKind) -> ParamInfo {
        ParamInfo {
            ident: syn::Ident::new(name, Span::call_site()),
            ty: syn::parse_str("&str").unwrap(),
            kind,
            default: None,
            one_of: Vec::new(),
        }
    }

    fn cases_of(body: &str, params: &[ParamInfo]) -> (Vec<Case>, usize) {
        let block: syn::Block = syn::parse_str(&format!("{{ {body} }}")).unwrap();
        let mut errors = Vec::new();
        let items = crate::syntax::parse::items(&block.stmts, &mut errors);
        let cases = cases(&items, params, &mut errors);
        (cases, errors.len())
    }

    #[test]
    fn string_parameters_split_into_their_literals_and_the_rest() {
        let env = param("env", ParamKind::Str);
        let (cases, errors) = cases_of(
            r#"if env == "prod" { let a = kms::Key { description: "k" }; } else if "staging" != env.as_str() { }"#,
            &[env],
        );
        assert_eq!(errors, 0);
        let described: Vec<String> = cases.iter().map(Case::describe).collect();
        assert_eq!(
            described,
            [
                r#"`env` = "prod""#,
                r#"`env` = "staging""#,
                "`env` is any other string"
            ]
        );
    }

    #[test]
    fn a_parameter_with_one_of_takes_exactly_its_values() {
        let mut env = param("env", ParamKind::Str);
        env.one_of = vec!["dev".into(), "staging".into(), "prod".into()];
        let (cases, _) = cases_of(r#"if env == "prod" { }"#, &[env]);
        let described: Vec<String> = cases.iter().map(Case::describe).collect();
        assert_eq!(
            described,
            [
                r#"`env` = "dev""#,
                r#"`env` = "staging""#,
                r#"`env` = "prod""#
            ],
            "no `any other string`: the parameter cannot take one"
        );
    }

    #[test]
    fn integer_parameters_split_around_each_bound() {
        let copies = param("copies", ParamKind::Int);
        let (cases, _) = cases_of("if copies > 1 && copies <= 3 { }", &[copies]);
        let values: Vec<Value> = cases.iter().map(|c| c.params[0].1.clone()).collect();
        assert_eq!(values, [0, 1, 2, 3, 4].map(Value::Int));
    }

    #[test]
    fn opaque_conditions_are_atoms_and_loop_conditions_are_decided_by_unrolling() {
        let (cases, _) = cases_of(
            "for i in 1..=3 { if i == 2 { } } if is_big() { } if !is_big() { } let prod = flag(); if prod { }",
            &[],
        );
        assert_eq!(cases.len(), 4, "two atoms: `is_big()` and `prod`");
        assert_eq!(cases[1].describe(), "`is_big()` is true, `prod` is false");
    }

    #[test]
    fn too_many_cases_is_an_error() {
        let params: Vec<ParamInfo> = (0..9)
            .map(|i| param(&format!("p{i}"), ParamKind::Bool))
            .collect();
        let body: String = (0..9).map(|i| format!("if p{i} {{ }} ")).collect();
        let (cases, errors) = cases_of(&body, &params);
        assert_eq!((cases.len(), errors), (1, 1), "512 cases > {MAX_CASES}");
        let body: String = (0..8).map(|i| format!("if p{i} {{ }} ")).collect();
        let (cases, errors) = cases_of(&body, &params[..8]);
        assert_eq!((cases.len(), errors), (256, 0));
    }

    #[test]
    fn a_finding_names_what_its_cases_have_in_common() {
        let env = param("env", ParamKind::Str);
        let (all, _) = cases_of(r#"if env == "prod" { } if is_big() { }"#, &[env]);
        assert_eq!(all.len(), 4);
        let prod: Vec<usize> = (0..4)
            .filter(|&i| all[i].params[0].1 == Value::Str("prod".into()))
            .collect();
        assert_eq!(summarize(&all, &prod), [r#"`env` = "prod""#]);
        assert_eq!(
            summarize(&all, &[0]),
            [r#"`env` = "prod", `is_big()` is true"#]
        );
        assert_eq!(
            summarize(&all, &[0, 3]).len(),
            2,
            "no common part: both named"
        );
    }

    #[test]
    fn decisions_follow_the_case() {
        let case = Case {
            params: vec![
                ("env".into(), Value::Str("prod".into())),
                ("copies".into(), Value::Int(2)),
            ],
            atoms: vec![("is_big()".into(), false)],
        };
        let decide_str = |src: &str| {
            let e: Expr = syn::parse_str(src).unwrap();
            let mut used = false;
            let d = decide(&e, &case, &|_| Value::Unknown, &|_| None, &mut used);
            (d, used)
        };
        assert_eq!(decide_str(r#"env == "prod""#), (Some(true), false));
        assert_eq!(
            decide_str(r#"env != "prod" || copies > 1"#),
            (Some(true), false)
        );
        assert_eq!(
            decide_str(r#"!(env == "prod") && is_big()"#),
            (Some(false), false)
        );
        assert_eq!(decide_str("is_big()"), (Some(false), true));
        assert_eq!(decide_str("unknown()"), (None, false));
    }

    #[test]
    fn conditions_read_as_written() {
        let t = |s: &str| text(&syn::parse_str(s).unwrap());
        assert_eq!(t(r#"env == "prod""#), r#"env == "prod""#);
        assert_eq!(t("!prod && f(a, b)"), "!prod && f(a, b)");
        assert_eq!(t("env.as_str() != \"dev\""), "env.as_str() != \"dev\"");
        assert_eq!(negation("prod"), "!prod");
        assert_eq!(negation(r#"env == "prod""#), r#"!(env == "prod")"#);
        assert_eq!(conjunction(&["a || b".into(), "c".into()]), "(a || b) && c");
    }
}
