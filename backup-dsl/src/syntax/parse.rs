//! Layer 5, a consumer (the `stack!` syntax outside the compiler).
//!
//! Parsing: the macro input is Rust-shaped (inner attributes, then `fn` items), so syn does the
//! work and every node keeps its span. Here the signature becomes parameters, a Region and lint
//! levels, and the body becomes [`Item`]s, which lowering (compile-time model) and expansion
//! (run-time code) both walk, so the two can never disagree on what a statement means.

use crate::codes::{Code, BK212, BK213, BK217};
use crate::model::LintLevels;
use crate::Kind;
use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, FnArg, Ident, ItemFn, Lit, Pat, Result, Stmt, Token, Type};

/// The whole `stack! { .. }` input.
pub struct StackInput {
    /// `#![deny(warnings)]`, `#![allow(BK009)]`: apply to every component.
    pub inner_attrs: Vec<Attribute>,
    /// The components.
    pub components: Vec<ItemFn>,
}

impl Parse for StackInput {
    fn parse(input: ParseStream) -> Result<Self> {
        let inner_attrs = input.call(Attribute::parse_inner)?;
        let mut components = Vec::new();
        while !input.is_empty() {
            components.push(input.parse()?);
        }
        Ok(StackInput {
            inner_attrs,
            components,
        })
    }
}

/// An error the macro finds itself (syntax the DSL does not take).
#[derive(Clone)]
pub struct MacroError {
    pub span: Span,
    pub code: &'static Code,
    pub message: String,
    pub help: Option<String>,
}

/// A parameter of a component.
pub struct ParamInfo {
    pub ident: Ident,
    pub ty: Type,
    pub kind: crate::ParamKind,
    pub default: Option<String>,
    /// `#[one_of("dev", "prod")]`: the values it accepts (empty: any of its type).
    pub one_of: Vec<String>,
}

/// Where a stack setting (its default Region, its account) comes from.
pub enum Source {
    /// An attribute: `#[region("us-east-1")]`, `#[account("111122223333")]`.
    Literal(syn::LitStr),
    /// A parameter of the same name.
    Param(Ident),
    /// Neither (an error for the Region; for the account, rules that need it stay silent).
    Missing,
}

/// The analysed signature of a component.
pub struct Signature {
    pub params: Vec<ParamInfo>,
    pub region: Source,
    pub account: Source,
    pub lints: LintLevels,
    pub docs: String,
    /// `#[tags(("team", "platform"), ..)]`: tags for every resource that takes tags.
    pub tags: Vec<(Expr, Expr)>,
    /// `#[outputs(primary, daily)]`: resources whose ARN the outputs publish.
    pub outputs: Vec<Ident>,
    /// `#[objectives(rpo_hours = 24, locked_vault)]`: what every data store must get.
    pub objectives: Option<crate::model::Objectives>,
}

fn param_kind(ty: &Type) -> Option<crate::ParamKind> {
    let text = quote::quote!(#ty).to_string().replace(' ', "");
    match text.as_str() {
        "&str" | "&'staticstr" | "String" => Some(crate::ParamKind::Str),
        "bool" => Some(crate::ParamKind::Bool),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "isize" | "usize" => {
            Some(crate::ParamKind::Int)
        }
        _ => None,
    }
}

fn lit_text(lit: &Lit) -> Option<String> {
    match lit {
        Lit::Str(s) => Some(s.value()),
        Lit::Int(i) => Some(i.base10_digits().to_string()),
        Lit::Bool(b) => Some(b.value.to_string()),
        _ => None,
    }
}

/// Reads `allow(..)`/`deny(warnings)` attributes into lint levels; returns whether it was one.
pub fn lint_attr(
    attr: &syn::Attribute,
    lints: &mut LintLevels,
    errors: &mut Vec<MacroError>,
) -> bool {
    let is_allow = attr.path().is_ident("allow");
    let is_deny = attr.path().is_ident("deny");
    if !is_allow && !is_deny {
        return false;
    }
    match attr.parse_args_with(Punctuated::<Ident, Token![,]>::parse_terminated) {
        Ok(names) => {
            for name in names {
                let text = name.to_string();
                if is_deny && text == "warnings" {
                    lints.deny_warnings = true;
                } else if is_allow && crate::codes::lookup(&text).is_some() {
                    lints.allowed.push(text.to_ascii_uppercase());
                } else {
                    errors.push(MacroError {
                        span: name.span(),
                        code: &BK213,
                        message: format!("`{text}` is not a lint of stack!"),
                        help: Some(if is_deny {
                            "write `deny(warnings)`".into()
                        } else {
                            "write a diagnostic code, e.g. `allow(BK009)`".into()
                        }),
                    });
                }
            }
        }
        Err(e) => errors.push(MacroError {
            span: e.span(),
            code: &BK213,
            message: e.to_string(),
            help: None,
        }),
    }
    true
}

/// The objectives a stack declares: `rpo_hours = N` and `retention_days = N` (integer literals),
/// and the flags `copy_to_another_region`, `copy_to_another_account`, `copy_to_air_gapped_vault`,
/// `locked_vault` (alone, or `= true`/`= false`).
fn objectives_attr(attr: &Attribute, errors: &mut Vec<MacroError>) -> crate::model::Objectives {
    const NAMES: &[&str] = &[
        "rpo_hours",
        "retention_days",
        "copy_to_another_region",
        "copy_to_another_account",
        "copy_to_air_gapped_vault",
        "locked_vault",
    ];
    let mut o = crate::model::Objectives::default();
    let list = match attr.parse_args_with(Punctuated::<syn::Meta, Token![,]>::parse_terminated) {
        Ok(l) => l,
        Err(e) => {
            errors.push(MacroError {
                span: e.span(),
                code: &BK213,
                message: "expected `#[objectives(rpo_hours = 24, retention_days = 35, copy_to_another_region, ..)]`".into(),
                help: None,
            });
            return o;
        }
    };
    for meta in list {
        let (name, value) = match &meta {
            syn::Meta::Path(p) => (p, None),
            syn::Meta::NameValue(nv) => (&nv.path, Some(&nv.value)),
            syn::Meta::List(l) => (&l.path, None),
        };
        let text = path_text(name);
        let literal = |v: Option<&Expr>| match v {
            Some(Expr::Lit(syn::ExprLit { lit, .. })) => Some(lit.clone()),
            _ => None,
        };
        let flag = match literal(value) {
            None if value.is_none() => Some(true),
            Some(Lit::Bool(b)) => Some(b.value),
            _ => None,
        };
        let number = match literal(value) {
            Some(Lit::Int(i)) => i.base10_parse::<i64>().ok().filter(|n| *n >= 1),
            _ => None,
        };
        let ok = match text.as_str() {
            "rpo_hours" => number.map(|n| o.rpo_hours = Some(n)).is_some(),
            "retention_days" => number.map(|n| o.retention_days = Some(n)).is_some(),
            "copy_to_another_region" => flag.map(|f| o.copy_to_another_region = f).is_some(),
            "copy_to_another_account" => flag.map(|f| o.copy_to_another_account = f).is_some(),
            "copy_to_air_gapped_vault" => flag.map(|f| o.copy_to_air_gapped_vault = f).is_some(),
            "locked_vault" => flag.map(|f| o.locked_vault = f).is_some(),
            _ => {
                let help = match crate::diag::did_you_mean(&text, NAMES.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("objectives: {}", NAMES.join(", ")),
                };
                errors.push(MacroError {
                    span: name.span(),
                    code: &BK213,
                    message: format!("unknown objective `{text}`"),
                    help: Some(help),
                });
                continue;
            }
        };
        if !ok {
            let want = if text.ends_with("_hours") || text.ends_with("_days") {
                format!("`{text} = <a positive integer>`")
            } else {
                format!("`{text}` (or `{text} = false`)")
            };
            errors.push(MacroError {
                span: meta.span(),
                code: &BK213,
                message: format!("write {want}"),
                help: None,
            });
        }
    }
    o
}

/// Reads a component's signature: parameters with defaults, its Region, lints and docs.
pub fn signature(
    func: &ItemFn,
    inner_lints: &LintLevels,
    errors: &mut Vec<MacroError>,
) -> Signature {
    let mut lints = inner_lints.clone();
    let mut region = Source::Missing;
    let mut account = Source::Missing;
    let mut docs = Vec::new();
    let mut tags = Vec::new();
    let mut outputs = Vec::new();
    let mut objectives = None;
    for attr in &func.attrs {
        if attr.path().is_ident("doc") {
            if let syn::Meta::NameValue(nv) = &attr.meta {
                if let Expr::Lit(syn::ExprLit {
                    lit: Lit::Str(s), ..
                }) = &nv.value
                {
                    docs.push(s.value().trim().to_string());
                }
            }
        } else if attr.path().is_ident("account") {
            match attr.parse_args::<syn::LitStr>() {
                Ok(l) => account = Source::Literal(l),
                Err(e) => errors.push(MacroError {
                    span: e.span(),
                    code: &BK213,
                    message: "expected `#[account(\"111122223333\")]`".into(),
                    help: None,
                }),
            }
        } else if attr.path().is_ident("tags") {
            let pairs = attr
                .parse_args_with(Punctuated::<Expr, Token![,]>::parse_terminated)
                .ok()
                .and_then(|list| {
                    list.into_iter()
                        .map(|e| match e {
                            Expr::Tuple(t) if t.elems.len() == 2 => {
                                Some((t.elems[0].clone(), t.elems[1].clone()))
                            }
                            _ => None,
                        })
                        .collect::<Option<Vec<_>>>()
                });
            match pairs {
                Some(p) => tags.extend(p),
                None => errors.push(MacroError {
                    span: attr.span(),
                    code: &BK213,
                    message: "expected `#[tags((\"key\", \"value\"), ..)]`".into(),
                    help: Some(
                        "every resource that takes tags gets these; its own tags win".into(),
                    ),
                }),
            }
        } else if attr.path().is_ident("objectives") {
            objectives = Some(objectives_attr(attr, errors));
        } else if attr.path().is_ident("outputs") {
            match attr.parse_args_with(Punctuated::<Ident, Token![,]>::parse_terminated) {
                Ok(list) => outputs.extend(list),
                Err(e) => errors.push(MacroError {
                    span: e.span(),
                    code: &BK213,
                    message: "expected `#[outputs(resource, ..)]`".into(),
                    help: Some("name the resources whose ARNs the outputs publish".into()),
                }),
            }
        } else if attr.path().is_ident("region") {
            match attr.parse_args::<syn::LitStr>() {
                Ok(l) => region = Source::Literal(l),
                Err(e) => errors.push(MacroError {
                    span: e.span(),
                    code: &BK213,
                    message: "expected `#[region(\"us-east-1\")]`".into(),
                    help: None,
                }),
            }
        } else if !lint_attr(attr, &mut lints, errors) {
            errors.push(MacroError { span: attr.span(), code: &BK213, message: "stack! components take doc comments, `#[region(..)]`, `#[account(..)]`, `#[tags(..)]`, `#[outputs(..)]`, `#[objectives(..)]`, `#[allow(..)]` and `#[deny(warnings)]` only".into(), help: None });
        }
    }
    let mut params = Vec::new();
    for arg in &func.sig.inputs {
        let FnArg::Typed(pt) = arg else {
            errors.push(MacroError {
                span: arg.span(),
                code: &BK213,
                message: "a stack component takes no `self`".into(),
                help: None,
            });
            continue;
        };
        let Pat::Ident(pi) = &*pt.pat else {
            errors.push(MacroError {
                span: pt.pat.span(),
                code: &BK213,
                message: "parameters must be plain identifiers".into(),
                help: None,
            });
            continue;
        };
        let Some(kind) = param_kind(&pt.ty) else {
            errors.push(MacroError {
                span: pt.ty.span(),
                code: &BK213,
                message: "stack parameters are `&str`, `String`, `bool` or an integer type".into(),
                help: Some("the synth runner passes parameters as `--param KEY=VALUE`".into()),
            });
            continue;
        };
        let mut default = None;
        let mut one_of = Vec::new();
        for attr in &pt.attrs {
            if attr.path().is_ident("one_of") {
                let parsed = attr
                    .parse_args_with(Punctuated::<Lit, Token![,]>::parse_terminated)
                    .ok()
                    .map(|lits| lits.iter().map(lit_text).collect::<Option<Vec<String>>>());
                match parsed.flatten() {
                    Some(values) if !values.is_empty() => one_of = values,
                    _ => errors.push(MacroError {
                        span: attr.span(),
                        code: &BK213,
                        message: "expected `#[one_of(<literal>, ..)]`".into(),
                        help: Some(
                            "list the values the parameter accepts: `#[one_of(\"dev\", \"prod\")]`"
                                .into(),
                        ),
                    }),
                }
            } else if attr.path().is_ident("default") {
                match attr.parse_args::<Lit>().ok().and_then(|l| lit_text(&l)) {
                    Some(d) => default = Some(d),
                    None => errors.push(MacroError {
                        span: attr.span(),
                        code: &BK213,
                        message: "expected `#[default(<literal>)]`".into(),
                        help: None,
                    }),
                }
            } else {
                errors.push(MacroError {
                    span: attr.span(),
                    code: &BK213,
                    message: "parameters take only `#[default(..)]` and `#[one_of(..)]`".into(),
                    help: None,
                });
            }
        }
        if let (Some(d), false) = (&default, one_of.is_empty()) {
            if !one_of.contains(d) {
                errors.push(MacroError {
                    span: pi.ident.span(),
                    code: &BK217,
                    message: format!(
                        "the default `{d}` is not one of the values `{}` accepts",
                        pi.ident
                    ),
                    help: Some(format!(
                        "add {d:?} to `#[one_of(..)]`, or default to one of {}",
                        one_of
                            .iter()
                            .map(|v| format!("{v:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                });
            }
        }
        if pi.ident == "region" {
            region = Source::Param(pi.ident.clone());
        }
        if pi.ident == "account" {
            account = Source::Param(pi.ident.clone());
        }
        params.push(ParamInfo {
            ident: pi.ident.clone(),
            ty: (*pt.ty).clone(),
            kind,
            default,
            one_of,
        });
    }
    if matches!(region, Source::Missing) {
        errors.push(MacroError {
            span: func.sig.ident.span(),
            code: &BK213,
            message: format!("stack `{}` has no default Region", func.sig.ident),
            help: Some(
                "add `#[region(\"us-east-1\")]` above the fn, or a `region: &str` parameter".into(),
            ),
        });
    }
    Signature {
        params,
        region,
        account,
        lints,
        docs: docs.join("\n"),
        tags,
        outputs,
        objectives,
    }
}

const MAX_UNROLL: u128 = 1000;

/// One statement of a component body, parsed once for both lowering and expansion.
pub enum Item<'a> {
    /// `let ident = kind { .. };`
    Resource {
        ident: &'a Ident,
        kind: Kind,
        body: &'a syn::ExprStruct,
    },
    /// `let ident = <expression>;`: a value binding.
    Value { ident: &'a Ident, expr: &'a Expr },
    /// `for var in a..=b { .. }` over a literal range.
    Loop {
        var: &'a Ident,
        range: std::ops::RangeInclusive<i64>,
        body: Vec<Item<'a>>,
    },
    /// `if cond { .. } else { .. }`: resources and values that exist only where `cond` holds
    /// (`otherwise` is empty without `else`; `else if` nests another `If`).
    If {
        cond: &'a Expr,
        then: Vec<Item<'a>>,
        otherwise: Vec<Item<'a>>,
    },
}

/// The most resources `items` can declare: each loop's body as often as its range runs, the
/// larger branch of each `if`.
pub fn most_resources(items: &[Item]) -> usize {
    items
        .iter()
        .map(|item| match item {
            Item::Resource { .. } => 1,
            Item::Value { .. } => 0,
            Item::Loop { range, body, .. } => {
                let runs = usize::try_from(range_len(range)).unwrap_or(usize::MAX);
                runs.saturating_mul(most_resources(body))
            }
            Item::If {
                then, otherwise, ..
            } => most_resources(then).max(most_resources(otherwise)),
        })
        .fold(0, usize::saturating_add)
}

/// The items of an `if` statement, `else if` chains nested in `otherwise`.
fn if_item<'a>(i: &'a syn::ExprIf, errors: &mut Vec<MacroError>) -> Item<'a> {
    let otherwise = match i.else_branch.as_ref().map(|(_, e)| &**e) {
        None => Vec::new(),
        Some(Expr::If(nested)) => vec![if_item(nested, errors)],
        Some(Expr::Block(b)) => items(&b.block.stmts, errors),
        Some(other) => {
            errors.push(MacroError {
                span: other.span(),
                code: &BK213,
                message: "write `else { .. }` or `else if cond { .. }`".into(),
                help: None,
            });
            Vec::new()
        }
    };
    Item::If {
        cond: &i.cond,
        then: items(&i.then_branch.stmts, errors),
        otherwise,
    }
}

/// Parses a body into items; what the DSL does not take becomes an error on its token.
pub fn items<'a>(stmts: &'a [Stmt], errors: &mut Vec<MacroError>) -> Vec<Item<'a>> {
    let mut out = Vec::new();
    for stmt in stmts {
        match stmt {
            Stmt::Local(local) => {
                let (Pat::Ident(p), Some(init)) = (&local.pat, &local.init) else {
                    errors.push(MacroError {
                        span: local.span(),
                        code: &BK213,
                        message: "write `let name = <resource or value>;`".into(),
                        help: None,
                    });
                    continue;
                };
                match &*init.expr {
                    Expr::Struct(s) => {
                        let path = path_text(&s.path);
                        match Kind::from_path(&path) {
                            Some(kind) => out.push(Item::Resource {
                                ident: &p.ident,
                                kind,
                                body: s,
                            }),
                            None => {
                                let all: Vec<&str> =
                                    Kind::ALL.iter().map(|k| k.dsl_path()).collect();
                                let help = match crate::diag::did_you_mean(
                                    &path,
                                    all.iter().copied(),
                                ) {
                                    Some(s) => format!("did you mean `{s}`?"),
                                    None => format!("resource kinds: {}", all.join(", ")),
                                };
                                errors.push(MacroError {
                                    span: s
                                        .path
                                        .segments
                                        .last()
                                        .map_or_else(|| s.path.span(), |seg| seg.ident.span()),
                                    code: &BK212,
                                    message: format!("unknown resource kind `{path}`"),
                                    help: Some(help),
                                });
                            }
                        }
                    }
                    expr => out.push(Item::Value {
                        ident: &p.ident,
                        expr,
                    }),
                }
            }
            Stmt::Expr(Expr::ForLoop(f), _) => {
                let Pat::Ident(var) = &*f.pat else {
                    errors.push(MacroError {
                        span: f.pat.span(),
                        code: &BK213,
                        message: "loop over a plain identifier: `for i in 1..=10`".into(),
                        help: None,
                    });
                    continue;
                };
                let Some(range) = literal_range(&f.expr) else {
                    errors.push(MacroError {
                        span: f.expr.span(),
                        code: &BK213,
                        message: "stack! loops run over literal integer ranges, so every iteration can be checked at compile time".into(),
                        help: Some("write `for i in 1..=10 { .. }`".into()),
                    });
                    continue;
                };
                if range_len(&range) > MAX_UNROLL {
                    errors.push(MacroError {
                        span: f.expr.span(),
                        code: &BK213,
                        message: format!("loops are limited to {MAX_UNROLL} iterations"),
                        help: Some("every iteration is checked at compile time; declare fewer resources per loop".into()),
                    });
                    continue;
                }
                out.push(Item::Loop {
                    var: &var.ident,
                    range,
                    body: items(&f.body.stmts, errors),
                });
            }
            Stmt::Expr(Expr::If(i), _) => out.push(if_item(i, errors)),
            other => errors.push(MacroError {
                span: other.span(),
                code: &BK213,
                message:
                    "a stack body holds `let` declarations, `for` loops over literal ranges and `if` on parameters"
                        .into(),
                help: Some("declare a resource with `let name = backup::Vault { .. };`".into()),
            }),
        }
    }
    out
}

/// `a..b` or `a..=b` with integer literals (`None` for anything else, and for a half-open range
/// whose end cannot be decremented).
pub fn literal_range(expr: &Expr) -> Option<std::ops::RangeInclusive<i64>> {
    let Expr::Range(r) = expr else { return None };
    let int = |e: &Option<Box<Expr>>| -> Option<i64> {
        match e.as_deref()? {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Int(i), ..
            }) => i.base10_parse().ok(),
            _ => None,
        }
    };
    let (start, end) = (int(&r.start)?, int(&r.end)?);
    match r.limits {
        syn::RangeLimits::HalfOpen(_) => Some(start..=end.checked_sub(1)?),
        syn::RangeLimits::Closed(_) => Some(start..=end),
    }
}

/// How many iterations a range has, computed without iterating (a literal range may be huge).
pub fn range_len(range: &std::ops::RangeInclusive<i64>) -> u128 {
    let (start, end) = (i128::from(*range.start()), i128::from(*range.end()));
    if end < start {
        0
    } else {
        (end - start + 1) as u128
    }
}

/// The DSL path of a struct literal (`backup::Vault`).
pub fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// Records which loop variables each resource binding is declared under.
pub fn resource_loops(
    items: &[Item],
    loops: &mut Vec<String>,
    out: &mut std::collections::HashMap<String, Vec<String>>,
) {
    for item in items {
        match item {
            Item::Resource { ident, .. } => {
                out.insert(ident.to_string(), loops.clone());
            }
            Item::Loop { var, body, .. } => {
                loops.push(var.to_string());
                resource_loops(body, loops, out);
                loops.pop();
            }
            Item::If {
                then, otherwise, ..
            } => {
                resource_loops(then, loops, out);
                resource_loops(otherwise, loops, out);
            }
            Item::Value { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn most_of(body: &str) -> usize {
        let block: syn::Block = syn::parse_str(&format!("{{ {body} }}")).unwrap();
        let mut errors = Vec::new();
        let items = items(&block.stmts, &mut errors);
        assert!(errors.is_empty(), "{body}");
        most_resources(&items)
    }

    #[test]
    fn the_most_resources_count_loops_as_they_run_and_the_larger_branch() {
        let key = "let k = kms::Key { description: \"k\" };";
        assert_eq!(most_of(""), 0);
        assert_eq!(most_of("let n = 3;"), 0);
        assert_eq!(most_of(&format!("{key} {}", key.replace("k =", "j ="))), 2);
        assert_eq!(most_of(&format!("for i in 1..=4 {{ {key} }}")), 4);
        assert_eq!(most_of(&format!("for i in 0..=0 {{ {key} }}")), 1);
        assert_eq!(most_of(&format!("for i in 5..=4 {{ {key} }}")), 0);
        assert_eq!(
            most_of(&format!(
                "for i in 0..=2 {{ for j in 0..=9 {{ {key} {key} }} }}"
            )),
            60
        );
        assert_eq!(
            most_of(&format!(
                "if env == \"prod\" {{ {key} {key} }} else {{ {key} }} {key}"
            )),
            3
        );
        assert_eq!(
            most_of(&format!(
                "if a {{ }} else if b {{ for i in 1..=3 {{ {key} }} }} else {{ {key} }}"
            )),
            3
        );
        // Counted without overflow, however deep the loops nest.
        let mut deep = key.to_string();
        for _ in 0..8 {
            deep = format!("for i in 1..=1000 {{ {deep} }}");
        }
        assert_eq!(most_of(&deep), usize::MAX);
    }
}
