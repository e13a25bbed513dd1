//! Expansion: the Rust that builds the same model at run time, where every value is known, plus
//! the component's `StackDef` for the `synth` runner. On errors, a stub of the same shape stands
//! next to the `compile_error!`s so that the user's other code does not drown in follow-on errors.

use crate::check::{render, Checked};
use backup_dsl::model::LintLevels;
use backup_dsl::schema::{StructDef, Ty};
use backup_dsl::syntax::cond::{self, branch_value};
use backup_dsl::syntax::lower::{is_map, lower, IdentKind, Scope, SpanMap};
use backup_dsl::syntax::parse::{
    items, lint_attr, most_resources, path_text, resource_loops, signature, Item, MacroError,
    Signature, Source, StackInput,
};
use backup_dsl::ParamKind;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, ItemFn};

/// Expands a whole `stack! { .. }` invocation.
pub fn stack(input: TokenStream) -> TokenStream {
    let last_token = input.clone().into_iter().last().map(|t| t.span());
    let input_tokens = input.clone();
    let input: StackInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return syntax_errors(e, last_token),
    };
    let mut inner_lints = LintLevels::default();
    let mut errors = Vec::new();
    for attr in &input.inner_attrs {
        if !lint_attr(attr, &mut inner_lints, &mut errors) {
            errors.push(MacroError {
                span: attr.span(),
                code: &backup_dsl::codes::BK213,
                message: "stack! takes `#![allow(BKxxx)]` and `#![deny(warnings)]` only".into(),
                help: None,
            });
        }
    }
    // What `synth --watch` compares with the file, to know whether this build is the source's.
    let fingerprint = backup_dsl::syntax::relower::fingerprint(input_tokens);
    let mut out = TokenStream::new();
    let inner = render(
        &[Checked {
            errors,
            report: backup_dsl::Report::default(),
            spans: SpanMap::default(),
            case: cond::Case::default(),
        }],
        Span::call_site(),
        &proc_macro2::Ident::new("stack", Span::call_site()),
    );
    out.extend(inner.errors);
    for func in &input.components {
        out.extend(component(func, &inner_lints, fingerprint));
    }
    out
}

/// The errors syn reports for input that is no `stack!` at all, with the code every syntax
/// diagnostic carries. "Unexpected end of input" has no token of its own (syn gives it the whole
/// invocation): it goes on the last token, where the input stopped.
fn syntax_errors(e: syn::Error, last_token: Option<proc_macro2::Span>) -> TokenStream {
    e.into_iter()
        .map(|e| {
            let span = match last_token {
                Some(last) if e.to_string().starts_with("unexpected end of input") => last,
                _ => e.span(),
            };
            let msg = format!(
                "{}: {e}\nhelp: a stack is `fn name(params) {{ let id = kind {{ .. }}; .. }}` (see the DSL reference in the README)",
                backup_dsl::codes::BK213.code
            );
            syn::Error::new(span, msg).to_compile_error()
        })
        .collect()
}

fn component(func: &ItemFn, inner_lints: &LintLevels, fingerprint: u64) -> TokenStream {
    let mut errors = Vec::new();
    let sig = signature(func, inner_lints, &mut errors);
    let body_items = items(&func.block.stmts, &mut errors);
    // Every case the conditions on parameters distinguish is lowered and checked.
    let cases = cond::cases(&body_items, &sig.params, &mut errors);
    let checked: Vec<Checked> = cases
        .iter()
        .map(|case| {
            let lowered = lower(func, &sig, &body_items, errors.clone(), case);
            let mut report = lowered.stack.check();
            unproven_references(&mut report, &lowered.opaque);
            Checked {
                errors: lowered.errors,
                report,
                spans: lowered.spans,
                case: case.clone(),
            }
        })
        .collect();
    let rendered = render(&checked, func.sig.ident.span(), &func.sig.ident);
    let def = stack_def(func, &sig, fingerprint);
    let signature_tokens = fn_signature(func, &sig);
    let warnings = rendered.warnings(&func.sig.ident);
    if rendered.has_errors {
        let errors = rendered.errors;
        return quote! {
            #errors
            #signature_tokens { ::core::unreachable!("the stack did not compile") }
            #def
            #warnings
        };
    }
    let body = body(func, &sig, &body_items);
    quote! {
        #signature_tokens { #body }
        #def
        #warnings
    }
}

/// In a case decided by an opaque condition (a function call, a Rust constant), a reference
/// that dangles is not proven to: the conditions may be related in ways the macro cannot see.
/// It stays a warning here; the stack's build checks it again with every value known.
fn unproven_references(
    report: &mut backup_dsl::Report,
    opaque: &std::collections::HashSet<String>,
) {
    for d in &mut report.diagnostics {
        // The message names the target first: "`airgap` is declared only when ..".
        let target = d.message.split('`').nth(1).unwrap_or_default();
        if d.code == &backup_dsl::codes::BK215
            && (opaque.contains(&d.resource) || opaque.contains(target))
        {
            d.severity = backup_dsl::Severity::Warning;
            d.help = Some(format!(
                "{}; the conditions are not all comparisons of parameters with literals, so this may be a false alarm",
                d.help.as_deref().unwrap_or_default()
            ));
        }
    }
}

/// `pub fn name(params) -> ::backup_dsl::Stack`, with the docs and without the DSL attributes.
fn fn_signature(func: &ItemFn, sig: &Signature) -> TokenStream {
    let vis = &func.vis;
    let name = &func.sig.ident;
    let docs = func.attrs.iter().filter(|a| a.path().is_ident("doc"));
    let params = sig.params.iter().map(|p| {
        let (ident, ty) = (&p.ident, &p.ty);
        quote!(#ident: #ty)
    });
    quote! {
        #(#docs)*
        #[allow(clippy::too_many_lines, clippy::vec_init_then_push, unused_variables)]
        #vis fn #name(#(#params),*) -> ::backup_dsl::Stack
    }
}

fn stack_def(func: &ItemFn, sig: &Signature, fingerprint: u64) -> TokenStream {
    let vis = &func.vis;
    let name = &func.sig.ident;
    let name_str = name.to_string();
    let const_name = format_ident!("{}", name_str.to_uppercase(), span = name.span());
    let docs = &sig.docs;
    let params = sig.params.iter().map(|p| {
        let pname = p.ident.to_string();
        let kind = match p.kind {
            ParamKind::Str => quote!(Str),
            ParamKind::Int => quote!(Int),
            ParamKind::Bool => quote!(Bool),
        };
        let default = match &p.default {
            Some(d) => quote!(::core::option::Option::Some(#d)),
            None => quote!(::core::option::Option::None),
        };
        let one_of = &p.one_of;
        quote!(::backup_dsl::__private::Param { name: #pname, kind: ::backup_dsl::__private::ParamKind::#kind, default: #default, one_of: &[#(#one_of),*] })
    });
    let args = sig.params.iter().map(|p| {
        let pname = p.ident.to_string();
        let ty = &p.ty;
        let is_ref = matches!(ty, syn::Type::Reference(_));
        match p.kind {
            ParamKind::Str if is_ref => quote!(&__args.string(#pname)?),
            ParamKind::Str => quote!(__args.string(#pname)?),
            ParamKind::Int => quote!(__args.int::<#ty>(#pname)?),
            ParamKind::Bool => quote!(__args.boolean(#pname)?),
        }
    });
    let doc = format!("The `synth` runner's definition of [`{name_str}`].");
    quote! {
        #[doc = #doc]
        #vis const #const_name: ::backup_dsl::__private::StackDef = ::backup_dsl::__private::StackDef {
            name: #name_str,
            doc: #docs,
            params: &[#(#params),*],
            build: |__args| ::core::result::Result::Ok(#name(#(#args),*)),
            source: ::core::option::Option::Some(::backup_dsl::__private::SourceRef {
                file: ::core::file!(),
                crate_dir: ::core::env!("CARGO_MANIFEST_DIR"),
                fingerprint: #fingerprint,
            }),
        };
    }
}

fn body(func: &ItemFn, sig: &Signature, body_items: &[Item]) -> TokenStream {
    let name = func.sig.ident.to_string();
    let region = match &sig.region {
        Source::Literal(l) => quote!(::backup_dsl::__private::Value::from(#l)),
        Source::Param(p) => {
            quote!(::backup_dsl::__private::Value::from(::core::clone::Clone::clone(&#p)))
        }
        Source::Missing => quote!(::backup_dsl::__private::Value::Unknown),
    };
    let account = match &sig.account {
        Source::Literal(l) => quote!(::backup_dsl::__private::Value::from(#l)),
        Source::Param(p) => {
            quote!(::backup_dsl::__private::Value::from(::core::clone::Clone::clone(&#p)))
        }
        Source::Missing => quote!(::backup_dsl::__private::Value::Unknown),
    };
    // Every parameter's value, so that the rules check `#[one_of]` and name the parameter a
    // finding comes from.
    let parameters = sig.params.iter().map(|p| {
        let (ident, name) = (&p.ident, p.ident.to_string());
        let one_of = &p.one_of;
        let default = match &p.default {
            Some(d) => quote!(::core::option::Option::Some(::std::string::String::from(#d))),
            None => quote!(::core::option::Option::None),
        };
        quote! {
            __stack.parameters.push(::backup_dsl::__private::Parameter {
                name: ::std::string::String::from(#name),
                value: ::std::string::ToString::to_string(&#ident),
                default: #default,
                one_of: ::std::vec![#(::std::string::String::from(#one_of)),*],
            });
        }
    });
    let tags = sig.tags.iter().map(|(key, value)| {
        let value = typed(quote!(#value), value.span(), Some(&Ty::Str));
        quote! {
            __stack.tags.push((::backup_dsl::__private::map_key(#key), #value));
        }
    });
    let outputs = sig.outputs.iter().map(|o| {
        let id = o.to_string();
        quote!(__stack.outputs.push(::std::string::String::from(#id));)
    });
    let objectives = sig.objectives.as_ref().map(|o| {
        let opt = |v: Option<i64>| match v {
            Some(n) => quote!(::core::option::Option::Some(#n)),
            None => quote!(::core::option::Option::None),
        };
        let (rpo, retention) = (opt(o.rpo_hours), opt(o.retention_days));
        let (region, account, air_gapped, locked) = (
            o.copy_to_another_region,
            o.copy_to_another_account,
            o.copy_to_air_gapped_vault,
            o.locked_vault,
        );
        quote! {
            __stack.objectives = ::core::option::Option::Some(::backup_dsl::__private::Objectives {
                rpo_hours: #rpo,
                retention_days: #retention,
                copy_to_another_region: #region,
                copy_to_another_account: #account,
                copy_to_air_gapped_vault: #air_gapped,
                locked_vault: #locked,
            });
        }
    });
    let allowed = &sig.lints.allowed;
    let deny = sig.lints.deny_warnings;
    let mut scope = Scope {
        params: sig.params.iter().map(|p| p.ident.to_string()).collect(),
        ..Scope::default()
    };
    resource_loops(body_items, &mut Vec::new(), &mut scope.resource_loops);
    let stmts = expand_items(body_items, &mut scope);
    // Room for every resource at once (`Stack::reserve`), up to a bound: a large loop whose
    // body an `if` mostly leaves out must not ask for memory it never uses.
    let reserve = match most_resources(body_items).min(100_000) {
        0 => TokenStream::new(),
        n => quote!(__stack.reserve(#n);),
    };
    quote! {
        let mut __stack = ::backup_dsl::__private::Stack::new(#name, #region);
        #reserve
        __stack.lints = ::backup_dsl::__private::LintLevels {
            allowed: ::std::vec![#(::std::string::String::from(#allowed)),*],
            deny_warnings: #deny,
        };
        __stack.account = #account;
        __stack.base_dir = ::core::option::Option::Some(::std::string::String::from(::core::env!("CARGO_MANIFEST_DIR")));
        #(#parameters)*
        #(#tags)*
        #(#outputs)*
        #objectives
        #stmts
        __stack
    }
}

fn expand_items(body: &[Item], scope: &mut Scope) -> TokenStream {
    let mut out = TokenStream::new();
    let locals_before = scope.locals.len();
    for item in body {
        match item {
            Item::Resource { ident, kind, body } => {
                let def = Some(kind.schema());
                let kind = format_ident!("{}", format!("{kind:?}"));
                let id = id_expr(&ident.to_string(), scope);
                // What the macro knows is static data; only the Rust expressions are code.
                let mut slots = Vec::new();
                let fields = lit_fields(body, scope, def, &mut slots);
                let type_name = path_text(&body.path);
                let p = quote!(::backup_dsl::__private);
                out.extend(quote! {
                    __stack.add(#p::resource(#id, #p::Kind::#kind, #type_name, {
                        const FIELDS: &[(&str, #p::Lit)] = &[#(#fields),*];
                        FIELDS
                    }, ::std::vec![#(#slots),*]));
                });
            }
            Item::Value { ident, expr } => {
                out.extend(quote!(let #ident = #expr;));
                scope
                    .locals
                    .push((ident.to_string(), backup_dsl::Value::Unknown));
            }
            Item::Loop { var, range, body } => {
                let (start, end) = (*range.start(), *range.end());
                scope.loops.push((var.to_string(), start));
                let inner = expand_items(body, scope);
                scope.loops.pop();
                out.extend(quote! {
                    for #var in #start..=#end {
                        #inner
                    }
                });
            }
            Item::If {
                cond,
                then,
                otherwise,
            } => {
                let text = cond::text(cond);
                let not = cond::negation(&text);
                scope.guards.push(text.clone());
                let then_items = expand_items(then, scope);
                scope.guards.pop();
                scope.guards.push(not.clone());
                let otherwise_items = expand_items(otherwise, scope);
                scope.guards.pop();
                let then_excluded = exclusions(then, text, scope);
                let otherwise_excluded = exclusions(otherwise, not, scope);
                out.extend(quote! {
                    if #cond {
                        #then_items
                        #otherwise_excluded
                    } else {
                        #then_excluded
                        #otherwise_items
                    }
                });
            }
        }
    }
    scope.locals.truncate(locals_before);
    out
}

/// The run-time record of an untaken branch's resources (`Stack::exclude`), so that a reference
/// to one is explained by its condition.
fn exclusions(items: &[Item], guard: String, scope: &mut Scope) -> TokenStream {
    scope.guards.push(guard);
    let mut out = TokenStream::new();
    for item in items {
        match item {
            Item::Resource { ident, .. } => {
                let id = id_expr(&ident.to_string(), scope);
                let condition = cond::conjunction(&scope.guards);
                out.extend(quote!(__stack.exclude(#id, #condition);));
            }
            Item::Value { .. } => {}
            Item::Loop { var, range, body } => {
                let (start, end) = (*range.start(), *range.end());
                scope.loops.push((var.to_string(), start));
                let inner = exclusions(body, String::new(), scope);
                scope.loops.pop();
                out.extend(quote! {
                    for #var in #start..=#end {
                        #inner
                    }
                });
            }
            Item::If {
                cond,
                then,
                otherwise,
                ..
            } => {
                let text = cond::text(cond);
                let not = cond::negation(&text);
                out.extend(exclusions(then, text, scope));
                out.extend(exclusions(otherwise, not, scope));
            }
        }
    }
    scope.guards.pop();
    out
}

/// Code that runs `push` on the value an `if` chain takes at run time (nothing when it ends
/// without `else` and no branch is taken); a plain value is pushed as it is.
fn conditional(expr: &Expr, push: &dyn Fn(&Expr) -> TokenStream) -> TokenStream {
    if_chain(expr, push, &TokenStream::new())
}

/// An `if` chain (or a plain value) with each branch's value turned into code by `leaf`, and
/// `nothing` where a branch has no value or the chain ends without `else` (left out when empty).
fn if_chain(
    expr: &Expr,
    leaf: &dyn Fn(&Expr) -> TokenStream,
    nothing: &TokenStream,
) -> TokenStream {
    let Expr::If(i) = expr else {
        return leaf(expr);
    };
    let branch = |value: Option<&Expr>| {
        value.map_or_else(|| nothing.clone(), |e| if_chain(e, leaf, nothing))
    };
    let cond = &i.cond;
    let then = branch(branch_value(&i.then_branch));
    let otherwise = match i.else_branch.as_ref().map(|(_, e)| &**e) {
        None => nothing.clone(),
        Some(Expr::Block(b)) => branch(branch_value(&b.block)),
        Some(other) => if_chain(other, leaf, nothing),
    };
    if otherwise.is_empty() {
        quote!(if #cond { #then })
    } else {
        quote!(if #cond { #then } else { #otherwise })
    }
}

/// The run-time id of a resource binding: `"key"`, or `format!("role_{}", i)` inside loops.
fn id_expr(name: &str, scope: &Scope) -> TokenStream {
    let loops = scope.id_loops(name);
    if loops.is_empty() {
        quote!(::std::string::String::from(#name))
    } else {
        let fmt = format!("{name}{}", "_{}".repeat(loops.len()));
        let vars = loops.iter().map(|v| format_ident!("{}", v));
        quote!(::std::format!(#fmt, #(#vars),*))
    }
}

fn object(s: &syn::ExprStruct, scope: &Scope, def: Option<&'static StructDef>) -> TokenStream {
    let type_name = path_text(&s.path);
    let pushes = s.fields.iter().filter_map(|f| {
        let syn::Member::Named(name) = &f.member else {
            return None;
        };
        let name = name.to_string();
        let ty = def.and_then(|d| d.field(&name)).map(|f| &f.ty);
        Some(conditional(&f.expr, &|e| {
            let value = value(e, scope, ty);
            quote!(__fields.push((::backup_dsl::__private::Name::from_static(#name), #value));)
        }))
    });
    quote! {
        ::backup_dsl::__private::Object {
            type_name: ::core::option::Option::Some(::backup_dsl::__private::Name::from_static(#type_name)),
            fields: {
                #[allow(unused_mut)]
                let mut __fields = ::std::vec::Vec::new();
                #(#pushes)*
                __fields
            },
        }
    }
}

/// The fields of a struct as [`backup_dsl::value::Lit`] data: `(name, lit)` each, the code of
/// each slot's value pushed onto `slots` in slot order.
fn lit_fields(
    s: &syn::ExprStruct,
    scope: &Scope,
    def: Option<&'static StructDef>,
    slots: &mut Vec<TokenStream>,
) -> Vec<TokenStream> {
    s.fields
        .iter()
        .filter_map(|f| {
            let syn::Member::Named(name) = &f.member else {
                return None;
            };
            let name = name.to_string();
            let ty = def.and_then(|d| d.field(&name)).map(|f| &f.ty);
            let lit = optional_lit(&f.expr, scope, ty, slots);
            Some(quote!((#name, #lit)))
        })
        .collect()
}

/// A field, element or map value that an `if` without a taken branch leaves out: a slot
/// holding `None` then; anything else as [`lit`].
fn optional_lit(
    expr: &Expr,
    scope: &Scope,
    ty: Option<&'static Ty>,
    slots: &mut Vec<TokenStream>,
) -> TokenStream {
    if let Expr::If(_) = expr {
        slots.push(optional(expr, &|e| value(e, scope, ty)));
        quote!(::backup_dsl::__private::Lit::Slot)
    } else {
        lit(expr, scope, ty, slots)
    }
}

/// A value as static data where the macro knows it (string, unsuffixed integer and boolean
/// literals, references, and structs, lists and maps of them), else a slot computed at run
/// time by the code [`value`] writes.
fn lit(
    expr: &Expr,
    scope: &Scope,
    ty: Option<&'static Ty>,
    slots: &mut Vec<TokenStream>,
) -> TokenStream {
    let l = quote!(::backup_dsl::__private::Lit);
    match expr {
        Expr::Lit(syn::ExprLit { lit, .. }) => match lit {
            syn::Lit::Str(s) => return quote!(#l::Str(#s)),
            syn::Lit::Int(n) if n.suffix().is_empty() => return quote!(#l::Int(#n)),
            syn::Lit::Bool(b) => return quote!(#l::Bool(#b)),
            _ => {}
        },
        Expr::Paren(p) => return lit(&p.expr, scope, ty, slots),
        Expr::Group(g) => return lit(&g.expr, scope, ty, slots),
        Expr::Reference(r) => return lit(&r.expr, scope, ty, slots),
        Expr::Path(p) if p.qself.is_none() => {
            if let Some(ident) = p.path.get_ident() {
                let name = ident.to_string();
                if matches!(scope.classify(&name), IdentKind::Resource)
                    && scope.id_loops(&name).is_empty()
                {
                    return quote!(#l::Ref(#name));
                }
            }
        }
        Expr::Struct(s) => {
            let fields = lit_fields(s, scope, struct_of(ty), slots);
            let type_name = path_text(&s.path);
            return quote!(#l::Object(#type_name, &[#(#fields),*]));
        }
        Expr::Array(a) if is_map(a) => {
            let pairs: Option<Vec<_>> = a.elems.iter().map(literal_key).collect();
            if let Some(pairs) = pairs {
                let pairs = pairs.into_iter().map(|(key, v)| {
                    let v = optional_lit(v, scope, None, slots);
                    quote!((#key, #v))
                });
                // Collected first: the slots must be pushed in order.
                let pairs: Vec<TokenStream> = pairs.collect();
                return quote!(#l::Map(&[#(#pairs),*]));
            }
        }
        Expr::Array(a) => {
            let inner = element_of(ty);
            let items: Vec<TokenStream> = a
                .elems
                .iter()
                .map(|e| optional_lit(e, scope, inner, slots))
                .collect();
            return quote!(#l::List(&[#(#items),*]));
        }
        _ => {}
    }
    let v = value(expr, scope, ty);
    slots.push(quote!(::core::option::Option::Some(#v)));
    quote!(#l::Slot)
}

/// A map entry `("key", value)` with a string literal for its key.
fn literal_key(e: &Expr) -> Option<(syn::LitStr, &Expr)> {
    let Expr::Tuple(t) = e else { return None };
    match (t.elems.first(), t.elems.get(1), t.elems.len()) {
        (
            Some(Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(key),
                ..
            })),
            Some(value),
            2,
        ) => Some((key.clone(), value)),
        _ => None,
    }
}

/// The value an `if` chain takes at run time as an `Option` (`None` when it ends without
/// `else` and no branch is taken), each branch's value made by `make`: [`conditional`] as an
/// expression.
fn optional(expr: &Expr, make: &dyn Fn(&Expr) -> TokenStream) -> TokenStream {
    let some = |e: &Expr| {
        let v = make(e);
        quote!(::core::option::Option::Some(#v))
    };
    if_chain(expr, &some, &quote!(::core::option::Option::None))
}

/// The struct a field of type `ty` holds, if any.
fn struct_of(ty: Option<&'static Ty>) -> Option<&'static StructDef> {
    match ty? {
        Ty::Struct(def) => Some(def),
        Ty::Either(a, b) => struct_of(Some(a)).or_else(|| struct_of(Some(b))),
        _ => None,
    }
}

/// The element type of a list field.
fn element_of(ty: Option<&'static Ty>) -> Option<&'static Ty> {
    match ty? {
        Ty::List(inner) => Some(inner),
        Ty::Either(a, b) => element_of(Some(a)).or_else(|| element_of(Some(b))),
        _ => None,
    }
}

/// A Rust expression as the value of a field of type `ty`, converted by a function that only
/// takes what the field takes: rustc checks the expression's type against the field's, and its
/// error lands on the user's tokens (`quote_spanned!`).
fn typed(expr: TokenStream, span: proc_macro2::Span, ty: Option<&'static Ty>) -> TokenStream {
    let private = quote_spanned!(span=> ::backup_dsl::__private);
    match ty {
        Some(Ty::Int) => quote_spanned!(span=> #private::int_field(#expr)),
        Some(Ty::Bool) => quote_spanned!(span=> #private::bool_field(#expr)),
        Some(Ty::Str | Ty::Enum(_) | Ty::OpenEnum(..) | Ty::Ref(_)) => {
            quote_spanned!(span=> #private::str_field(#expr))
        }
        _ => quote_spanned!(span=> #private::Value::from(#expr)),
    }
}

fn value(expr: &Expr, scope: &Scope, ty: Option<&'static Ty>) -> TokenStream {
    let v = quote!(::backup_dsl::__private::Value);
    match expr {
        Expr::Struct(s) => {
            let o = object(s, scope, struct_of(ty));
            quote!(#v::Object(#o))
        }
        Expr::Array(a) if is_map(a) => {
            let pairs = a.elems.iter().map(|e| {
                conditional(e, &|e| {
                    let Expr::Tuple(t) = e else {
                        return TokenStream::new();
                    };
                    let key = &t.elems[0];
                    conditional(&t.elems[1], &|val| {
                        let val = value(val, scope, None);
                        quote_spanned!(key.span()=> __pairs.push((::backup_dsl::__private::map_key(#key), #val));)
                    })
                })
            });
            quote!(#v::Map({
                #[allow(unused_mut)]
                let mut __pairs = ::std::vec::Vec::new();
                #(#pairs)*
                __pairs
            }))
        }
        Expr::Array(a) => {
            let inner = element_of(ty);
            let items = a.elems.iter().map(|e| {
                conditional(e, &|e| {
                    let item = value(e, scope, inner);
                    quote!(__items.push(#item);)
                })
            });
            quote!(#v::List({
                #[allow(unused_mut)]
                let mut __items = ::std::vec::Vec::new();
                #(#items)*
                __items
            }))
        }
        // Fields, elements and map values leave a branch-less `else` out (`conditional`);
        // anywhere else it is a value only known at run time, which the build rejects.
        Expr::If(_) => if_chain(expr, &|e| value(e, scope, ty), &quote!(#v::Unknown)),
        Expr::Paren(p) => value(&p.expr, scope, ty),
        Expr::Group(g) => value(&g.expr, scope, ty),
        Expr::Reference(r) => value(&r.expr, scope, ty),
        Expr::Path(p) if p.qself.is_none() && p.path.get_ident().is_some() => {
            // Invariant: the match guard checked that the path is one identifier.
            let ident = p.path.get_ident().expect("checked");
            match scope.classify(&ident.to_string()) {
                IdentKind::Resource => {
                    let id = id_expr(&ident.to_string(), scope);
                    quote!(#v::Ref(#id))
                }
                _ => typed(
                    quote_spanned!(ident.span()=> ::core::clone::Clone::clone(&#ident)),
                    ident.span(),
                    ty,
                ),
            }
        }
        Expr::Lit(_) | Expr::Macro(_) => quote_spanned!(expr.span()=> #v::from(#expr)),
        other => typed(quote!(#other), other.span(), ty),
    }
}
