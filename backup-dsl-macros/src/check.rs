//! Checking: the model's own rules, each diagnostic rendered on the token it is about.
//!
//! Errors become `compile_error!`s. Warnings use the one stable channel a proc macro has: the use
//! of a `#[deprecated]` item spanned on the offending token, so they show in every build and
//! `#![deny(warnings)]` (in the stack, or `deny(deprecated)` in the crate) turns them into errors.

use crate::lower::SpanMap;
use crate::parse::MacroError;
use backup_dsl::diag::Target;
use backup_dsl::{Report, Severity};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote_spanned};

/// At most this many diagnostics per component, so a systematic mistake in a loop does not
/// bury the rest.
const MAX_DIAGNOSTICS: usize = 40;

/// The rendered diagnostics of one component.
pub struct Rendered {
    pub errors: TokenStream,
    pub warnings: TokenStream,
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

/// Renders macro errors and the model report.
pub fn render(
    macro_errors: &[MacroError],
    report: &Report,
    spans: &SpanMap,
    fallback: Span,
) -> Rendered {
    let mut errors = TokenStream::new();
    let mut warnings = TokenStream::new();
    let mut seen: Vec<String> = Vec::new();
    let mut count = 0;
    let mut has_errors = false;
    for e in macro_errors {
        let msg = message(e.code.code, &e.message, &[], e.help.as_deref());
        errors.extend(syn::Error::new(e.span, msg).to_compile_error());
        has_errors = true;
        count += 1;
    }
    let mut suppressed = 0;
    for (i, d) in report.diagnostics.iter().enumerate() {
        let span = spans
            .lookup(&d.resource, &d.path, d.target == Target::Key)
            .unwrap_or(fallback);
        let notes: Vec<String> = d
            .related
            .iter()
            .map(|(r, p, n)| {
                if p.is_empty() {
                    format!("{n} (`{r}`)")
                } else {
                    format!("{n} (`{r}.{p}`)")
                }
            })
            .collect();
        let msg = message(d.code.code, &d.message, &notes, d.help.as_deref());
        let key = format!("{:?}{}", span, msg);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        if count >= MAX_DIAGNOSTICS {
            suppressed += 1;
            continue;
        }
        count += 1;
        match d.severity {
            Severity::Error => {
                has_errors = true;
                errors.extend(syn::Error::new(span, msg).to_compile_error());
            }
            Severity::Warning => {
                let name = format_ident!("{}", d.code.code, span = span);
                let holder = format_ident!("__backup_dsl_warning_{}", i);
                warnings.extend(quote_spanned! {span=>
                    #[allow(non_snake_case)]
                    fn #holder() {
                        #[deprecated(note = #msg)]
                        #[allow(non_camel_case_types, dead_code)]
                        struct #name;
                        let _ = #name;
                    }
                });
            }
        }
    }
    if suppressed > 0 {
        errors.extend(
            syn::Error::new(
                fallback,
                format!("{suppressed} more diagnostics not shown; fix the ones above first"),
            )
            .to_compile_error(),
        );
        has_errors = true;
    }
    Rendered {
        errors,
        warnings,
        has_errors,
    }
}
