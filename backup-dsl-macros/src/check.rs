//! Checking: the model's own rules, each diagnostic rendered on the token it is about.
//!
//! Errors become `compile_error!`s. Warnings use the one stable channel a proc macro has: the use
//! of a `#[deprecated]` item spanned on the offending token, so they show in every build and
//! `#![deny(warnings)]` (in the stack, or `deny(deprecated)` in the crate) turns them into errors.
//! rustc names the item in the message, so the items are named for the reader: a module named
//! after the stack holding a unit struct named after the code (`backup_core::BK028`, then
//! `BK028_2` for a second one), and the note is the message without its code.

use backup_dsl::diag::Target;
use backup_dsl::syntax::lower::SpanMap;
use backup_dsl::syntax::parse::MacroError;
use backup_dsl::{Report, Severity};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

/// At most this many errors, and this many warnings, per component, so a systematic mistake in
/// a loop does not bury the rest. Warnings past the limit are counted in one more warning: a
/// stack that only has warnings still compiles, however many it has.
const MAX_DIAGNOSTICS: usize = 40;

/// The rendered diagnostics of one component.
pub struct Rendered {
    pub errors: TokenStream,
    /// The deprecated unit structs, one per warning, for the stack's warnings module.
    pub warning_items: TokenStream,
    /// A use of each, spanned on its token (`module::BK028`).
    pub warning_uses: TokenStream,
    pub has_errors: bool,
}

fn message(code: &str, text: &str, notes: &[String], help: Option<&str>) -> String {
    let mut m = format!("{code}: {text}");
    for n in notes {
        m.push_str(&format!("\nnote: {n}"));
    }
    if let Some(h) = help {
        m.push_str(&format!("\nhelp: {h}"));
    }
    m
}

/// The findings of one case of a component's conditions.
pub struct Checked {
    /// What the macro itself rejected.
    pub errors: Vec<MacroError>,
    /// The model's rules.
    pub report: Report,
    /// Where each (resource, path) of this case was written.
    pub spans: SpanMap,
    /// The case of the conditions this is.
    pub case: backup_dsl::syntax::cond::Case,
}

/// Renders the macro errors and model reports of every case of a component: a finding is shown
/// once, and one that only some cases have says in which.
pub fn render(cases: &[Checked], fallback: Span, module: &syn::Ident) -> Rendered {
    let mut errors = TokenStream::new();
    let mut warning_items = TokenStream::new();
    let mut warning_uses = TokenStream::new();
    let mut warnings_per_code: Vec<(&str, usize)> = Vec::new();
    // Sets, not lists: a generated stack of thousands of resources has thousands of findings.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let (mut error_count, mut warning_count) = (0, 0);
    let (mut errors_suppressed, mut warnings_suppressed) = (0, 0);
    let mut has_errors = false;
    let mut macro_seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for e in cases.iter().flat_map(|c| &c.errors) {
        let msg = message(e.code.code, &e.message, &[], e.help.as_deref());
        let key = format!("{:?}{}", e.span, msg);
        if !macro_seen.insert(key) {
            continue;
        }
        errors.extend(syn::Error::new(e.span, msg).to_compile_error());
        has_errors = true;
        error_count += 1;
    }
    // Each finding with its token and the cases that have it, in first-seen order.
    let mut findings: Vec<(Span, &backup_dsl::Diagnostic, Vec<usize>)> = Vec::new();
    let mut finding_at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (index, case) in cases.iter().enumerate() {
        for d in &case.report.diagnostics {
            let span = case
                .spans
                .lookup(&d.resource, &d.path, d.target == Target::Key)
                .unwrap_or(fallback);
            let key = format!("{:?}{}{}", span, d.code.code, d.message);
            match finding_at.get(&key) {
                Some(&at) => findings[at].2.push(index),
                None => {
                    finding_at.insert(key, findings.len());
                    findings.push((span, d, vec![index]));
                }
            }
        }
    }
    let all: Vec<backup_dsl::syntax::cond::Case> = cases.iter().map(|c| c.case.clone()).collect();
    for (span, d, in_cases) in findings {
        // A note about another place says where it is: compile errors carry one span, so the
        // line goes into the text.
        let case_spans = &cases[in_cases[0]].spans;
        let line = |r: &str, p: &str| {
            case_spans
                .lookup(r, p, false)
                .map(|s| s.start().line)
                .filter(|l| *l > 0)
                .map(|l| format!(", line {l}"))
                .unwrap_or_default()
        };
        let mut notes: Vec<String> = d
            .related
            .iter()
            .map(|(r, p, n)| {
                if r.is_empty() {
                    n.clone()
                } else if p.is_empty() {
                    format!("{n} (`{r}`{})", line(r, p))
                } else {
                    format!("{n} (`{r}.{p}`{})", line(r, p))
                }
            })
            .collect();
        if in_cases.len() < cases.len() {
            let named = backup_dsl::syntax::cond::summarize(&all, &in_cases);
            let shown = named.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
            let more = match named.len() {
                0..=3 => String::new(),
                n => format!(" and {} more", n - 3),
            };
            notes.push(format!("when {shown}{more}"));
        }
        let msg = message(d.code.code, &d.message, &notes, d.help.as_deref());
        let key = format!("{:?}{}", span, msg);
        if !seen.insert(key) {
            continue;
        }
        match d.severity {
            Severity::Error if error_count >= MAX_DIAGNOSTICS => errors_suppressed += 1,
            Severity::Warning if warning_count >= MAX_DIAGNOSTICS => warnings_suppressed += 1,
            Severity::Error => {
                error_count += 1;
                has_errors = true;
                errors.extend(syn::Error::new(span, msg).to_compile_error());
            }
            Severity::Warning => {
                warning_count += 1;
                let nth = match warnings_per_code
                    .iter_mut()
                    .find(|(c, _)| *c == d.code.code)
                {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        warnings_per_code.push((d.code.code, 1));
                        1
                    }
                };
                let name = if nth == 1 {
                    format_ident!("{}", d.code.code, span = span)
                } else {
                    format_ident!("{}_{}", d.code.code, nth, span = span)
                };
                let note = message_without_code(&msg, d.code.code);
                let warning = warning(module, &name, &note, span);
                warning_items.extend(warning.0);
                warning_uses.extend(warning.1);
            }
        }
    }
    if errors_suppressed > 0 {
        errors.extend(
            syn::Error::new(
                fallback,
                format!("{errors_suppressed} more errors not shown; fix the ones above first"),
            )
            .to_compile_error(),
        );
        has_errors = true;
    }
    if warnings_suppressed > 0 {
        // One more warning, on the component's name: the count, and where to see them all.
        let note = format!(
            "{warnings_suppressed} more warnings not shown; `synth check` lists every finding"
        );
        let name = format_ident!("more_warnings", span = fallback);
        let warning = warning(module, &name, &note, fallback);
        warning_items.extend(warning.0);
        warning_uses.extend(warning.1);
    }
    Rendered {
        errors,
        warning_items,
        warning_uses,
        has_errors,
    }
}

/// One warning: the deprecated unit struct `name` (its note the message) for the stack's
/// warnings module, and its use on the token at `span`.
fn warning(
    module: &syn::Ident,
    name: &syn::Ident,
    note: &str,
    span: Span,
) -> (TokenStream, TokenStream) {
    let item = quote! {
        #[deprecated(note = #note)]
        pub(super) struct #name;
    };
    let module = syn::Ident::new(&module.to_string(), span);
    let used = quote_spanned! {span=>
        let _ = #module::#name;
    };
    (item, used)
}

/// The message as a warning's note: the item's name already says the code.
fn message_without_code(msg: &str, code: &str) -> String {
    msg.strip_prefix(code)
        .and_then(|m| m.strip_prefix(": "))
        .unwrap_or(msg)
        .to_string()
}

impl Rendered {
    /// The stack's warnings: a module named after the stack holding one deprecated unit struct
    /// per warning, and a use of each on its token. Nothing when there is no warning.
    pub fn warnings(&self, module: &syn::Ident) -> TokenStream {
        if self.warning_items.is_empty() {
            return TokenStream::new();
        }
        let (items, uses) = (&self.warning_items, &self.warning_uses);
        quote! {
            /// The warnings `stack!` found in this stack, as deprecated items whose uses show
            /// each warning on its token.
            #[doc(hidden)]
            #[allow(non_snake_case, non_camel_case_types, dead_code)]
            mod #module { #items }
            const _: () = {
                #[allow(dead_code)]
                fn __backup_dsl_warnings() { #uses }
            };
        }
    }
}
