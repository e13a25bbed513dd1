//! Fuzzing the macro's front end on stable Rust: `stack!` bodies generated from the schema
//! (`backup_dsl::fuzz`) and mutated token by token from the ui cases, the pass cases and the
//! bundled stacks (fields dropped, duplicated, retyped, nested, identifiers swapped, literals at
//! and past their bounds, huge and negative numbers, empty and non-ASCII strings).
//!
//! The property: the macro returns within a time bound, with code or diagnostics, never a panic;
//! every diagnostic carries a code and lands on a token of the input. The test command runs a
//! bounded number of cases (`BACKUP_DSL_FUZZ_CASES`, default 300); the README's "Fuzzing" section
//! gives the long-campaign command.

use proc_macro2::{Delimiter, Group, Ident, Literal, Span, TokenStream, TokenTree};
use proptest::prelude::*;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

fn cases() -> u32 {
    std::env::var("BACKUP_DSL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

/// How long one expansion may take. The slowest real stack expands in milliseconds.
const TIME_BOUND: Duration = Duration::from_secs(20);

/// The bodies of every `stack! { .. }` in the ui cases, the pass cases and the bundled stacks.
fn seed_corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["tests/ui", "tests/pass", "stacks/src", "tests/src/corpus"] {
        collect_rs(&root.join(dir), &mut files);
    }
    files.sort();
    let mut bodies = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let Ok(file) = syn::parse_file(&text) else {
            continue;
        };
        for item in file.items {
            if let syn::Item::Macro(m) = item {
                if m.mac.path.is_ident("stack") {
                    bodies.push(m.mac.tokens.to_string());
                }
            }
        }
    }
    bodies
}

fn collect_rs(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_rs(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Literals at and past the bounds the rules and the parser care about.
const HOSTILE_LITERALS: &[&str] = &[
    "0",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "1e400",
    "0.5",
    "\"\"",
    "\"ünïcödé\"",
    "\"${aws:username}\"",
    "'c'",
    "b\"bytes\"",
    "true",
];

/// One mutation of a flat list of token trees, by kind and position.
#[derive(Clone, Debug)]
enum Mutation {
    Drop(usize),
    Duplicate(usize),
    SwapIdents(usize, usize),
    ReplaceLiteral(usize, usize),
    Negate(usize),
    Nest(usize),
    Flatten(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let pos = any::<usize>();
    prop_oneof![
        pos.prop_map(Mutation::Drop),
        pos.prop_map(Mutation::Duplicate),
        (pos, any::<usize>()).prop_map(|(a, b)| Mutation::SwapIdents(a, b)),
        (pos, 0..HOSTILE_LITERALS.len()).prop_map(|(a, b)| Mutation::ReplaceLiteral(a, b)),
        pos.prop_map(Mutation::Negate),
        pos.prop_map(Mutation::Nest),
        pos.prop_map(Mutation::Flatten),
    ]
}

/// Applies `m` at the `at`-th token tree of the stream, counted depth-first.
fn apply(stream: TokenStream, m: &Mutation) -> TokenStream {
    let total = count(&stream).max(1);
    let mut idents = Vec::new();
    collect_idents(&stream, &mut idents);
    let target = match m {
        Mutation::Drop(p)
        | Mutation::Duplicate(p)
        | Mutation::ReplaceLiteral(p, _)
        | Mutation::Negate(p)
        | Mutation::Nest(p)
        | Mutation::Flatten(p)
        | Mutation::SwapIdents(p, _) => p % total,
    };
    let mut n = 0;
    rewrite(stream, target, &mut n, m, &idents)
}

fn count(stream: &TokenStream) -> usize {
    stream
        .clone()
        .into_iter()
        .map(|t| match t {
            TokenTree::Group(g) => 1 + count(&g.stream()),
            _ => 1,
        })
        .sum()
}

fn collect_idents(stream: &TokenStream, out: &mut Vec<Ident>) {
    for t in stream.clone() {
        match t {
            TokenTree::Ident(i) => out.push(i),
            TokenTree::Group(g) => collect_idents(&g.stream(), out),
            _ => {}
        }
    }
}

fn rewrite(
    stream: TokenStream,
    target: usize,
    n: &mut usize,
    m: &Mutation,
    idents: &[Ident],
) -> TokenStream {
    let mut out = Vec::new();
    for t in stream {
        let here = *n;
        *n += 1;
        if here == target {
            out.extend(mutate(t, m, idents));
            continue;
        }
        match t {
            TokenTree::Group(g) => {
                let inner = rewrite(g.stream(), target, n, m, idents);
                let mut ng = Group::new(g.delimiter(), inner);
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

fn mutate(t: TokenTree, m: &Mutation, idents: &[Ident]) -> Vec<TokenTree> {
    let span = t.span();
    match m {
        Mutation::Drop(_) => vec![],
        Mutation::Duplicate(_) => vec![t.clone(), t],
        Mutation::SwapIdents(_, other) if !idents.is_empty() => match t {
            TokenTree::Ident(_) => {
                let mut i = idents[other % idents.len()].clone();
                i.set_span(span);
                vec![TokenTree::Ident(i)]
            }
            other => vec![other],
        },
        Mutation::ReplaceLiteral(_, which) => {
            let mut lit: Literal = HOSTILE_LITERALS[*which]
                .parse()
                .unwrap_or_else(|_| Literal::i64_unsuffixed(0));
            lit.set_span(span);
            vec![TokenTree::Literal(lit)]
        }
        Mutation::Negate(_) => {
            let mut minus = proc_macro2::Punct::new('-', proc_macro2::Spacing::Alone);
            minus.set_span(span);
            vec![TokenTree::Punct(minus), t]
        }
        Mutation::Nest(_) => {
            let mut g = Group::new(Delimiter::Bracket, std::iter::once(t).collect());
            g.set_span(span);
            vec![TokenTree::Group(g)]
        }
        Mutation::Flatten(_) => match t {
            TokenTree::Group(g) => g.stream().into_iter().collect(),
            other => vec![other],
        },
        Mutation::SwapIdents(..) => vec![t],
    }
}

/// Where every token of the input starts, group delimiters included. Outside a compiler,
/// proc-macro2 prints a span as its bytes in the thread's source map (`bytes(12..15)`), which tell
/// two parsed sources apart where lines, columns and file-relative byte ranges do not.
fn token_starts(stream: &TokenStream, out: &mut Vec<String>) {
    for t in stream.clone() {
        let at = |s: Span| span_start(s);
        match &t {
            TokenTree::Group(g) => {
                out.push(at(g.span_open()));
                out.push(at(g.span_close()));
                out.push(at(g.span()));
                token_starts(&g.stream(), out);
            }
            _ => out.push(at(t.span())),
        }
    }
}

/// Every diagnostic of an expansion: `compile_error!`s (message and span) and the uses of the
/// warnings' deprecated items (`module::BKxxx`).
fn diagnostics(stream: &TokenStream, out: &mut Vec<(String, Span)>) {
    let tokens: Vec<TokenTree> = stream.clone().into_iter().collect();
    for (i, t) in tokens.iter().enumerate() {
        match t {
            TokenTree::Ident(id) if id == "compile_error" => {
                if let Some(TokenTree::Group(g)) = tokens.get(i + 2) {
                    let text = g.stream().to_string();
                    let msg = syn::parse_str::<syn::LitStr>(&text)
                        .map(|l| l.value())
                        .unwrap_or(text);
                    out.push((msg, id.span()));
                }
            }
            TokenTree::Ident(id) if id.to_string().starts_with("BK") => {
                let preceded_by_path =
                    i >= 2 && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == ':');
                if preceded_by_path {
                    out.push((id.to_string(), id.span()));
                }
            }
            TokenTree::Group(g) => diagnostics(&g.stream(), out),
            _ => {}
        }
    }
}

/// Expands in a thread, with the time bound; the panic message if it panicked.
fn expand_bounded(input: TokenStream) -> Result<(), String> {
    // Token streams are not `Send`: the thread gets the text.
    let text = input.to_string();
    let text_for_thread = text.clone();
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(|| {
                let input: TokenStream = text_for_thread.parse().expect("printed tokens parse");
                crate::expand::stack(input).to_string()
            });
            let _ = tx.send(result.map_err(|e| {
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            }));
        })
        .expect("thread");
    match rx.recv_timeout(TIME_BOUND) {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(panic)) => Err(format!("the macro panicked: {panic}\ninput: {text}")),
        Err(_) => Err(format!(
            "the macro took longer than {TIME_BOUND:?}\ninput: {text}"
        )),
    }
}

/// The property, on one input.
fn check(input: TokenStream) -> Result<(), String> {
    let mut starts = Vec::new();
    token_starts(&input, &mut starts);
    expand_bounded(input.clone())?;
    // Spans do not survive the round trip through text, so the diagnostics are read from a
    // second expansion, in this thread (the first proved it returns in time).
    verify(&input, &starts, &crate::expand::stack(input.clone()))
}

/// A span's start as an identity across sources: `bytes(12..15)` gives `12`.
fn span_start(s: Span) -> String {
    let text = format!("{s:?}");
    text.trim_start_matches("bytes(")
        .split("..")
        .next()
        .unwrap_or(&text)
        .to_string()
}

/// The property on one expansion: every diagnostic is coded and starts on a token of the input.
fn verify(input: &TokenStream, starts: &[String], output: &TokenStream) -> Result<(), String> {
    let mut found = Vec::new();
    diagnostics(output, &mut found);
    for (msg, span) in found {
        let coded = msg.len() >= 5
            && msg.starts_with("BK")
            && msg[2..5].chars().all(|c| c.is_ascii_digit());
        // The cap's own line is no diagnostic of a rule.
        let cap = msg.ends_with("more errors not shown; fix the ones above first");
        if !coded && !cap {
            return Err(format!(
                "a diagnostic without a code: {msg}\ninput: {input}"
            ));
        }
        let at = span_start(span);
        if !cap && !starts.contains(&at) {
            return Err(format!(
                "`{msg}` lands at byte {at} (line {}, column {}), on no token of the input\ninput: {input}",
                span.start().line,
                span.start().column
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Schema-generated stacks, written as DSL text and mutated.
    #[test]
    fn generated_stacks(seed in any::<u64>(), size in 1usize..10, mutations in proptest::collection::vec(mutation(), 0..3)) {
        let text = backup_dsl::fuzz::to_dsl(&backup_dsl::fuzz::stack_from_seed(seed, size));
        let Ok(mut stream) = text.parse::<TokenStream>() else { return Ok(()) };
        for m in &mutations {
            stream = apply(stream, m);
        }
        let outcome = check(stream);
        prop_assert!(outcome.is_ok(), "{}", outcome.unwrap_err());
    }

    /// The ui cases, pass cases and bundled stacks, mutated.
    #[test]
    fn mutated_corpus(which in any::<usize>(), mutations in proptest::collection::vec(mutation(), 1..4)) {
        let corpus = seed_corpus();
        prop_assume!(!corpus.is_empty());
        let Ok(mut stream) = corpus[which % corpus.len()].parse::<TokenStream>() else { return Ok(()) };
        for m in &mutations {
            stream = apply(stream, m);
        }
        let outcome = check(stream);
        prop_assert!(outcome.is_ok(), "{}", outcome.unwrap_err());
    }
}

#[test]
fn the_seed_corpus_is_found() {
    assert!(seed_corpus().len() > 150, "{}", seed_corpus().len());
}

/// Inputs that once crashed the compiler.
#[test]
fn regressions() {
    for input in [
        // A selection or restore testing selection whose plan is itself: unbounded recursion.
        r#"#[region("us-east-1")] pub fn case() {
            let r = iam::Role { name: "r", assumed_by: ["backup.amazonaws.com"] };
            let s = backup::RestoreTestingSelection { plan: s, role: r, name: "sel", resource_type: "EBS", resources: ["*"] };
            let t = backup::Selection { plan: t, role: r, name: "sel2" };
        }"#,
        // Lifecycle arithmetic on i64::MAX: "attempt to add with overflow".
        r#"#[region("us-east-1")] pub fn case() {
            let v = backup::Vault { name: "vv" };
            let p = backup::Plan { name: "p", rules: [Rule { name: "r", vault: v, lifecycle: Lifecycle { cold_storage_after_days: 9223372036854775807, delete_after_days: 180 } }] };
        }"#,
        // A body cut short: syn's "unexpected end of input" had no token of the input.
        r#"#[region("us-east-1")] pub fn case()"#,
    ] {
        let stream: TokenStream = input.parse().unwrap();
        let outcome = check(stream);
        assert!(outcome.is_ok(), "{}", outcome.unwrap_err());
    }
}

/// The property is not vacuous: it finds the diagnostics of a wrong stack on their tokens, and
/// it rejects a diagnostic that lands on no token of the input.
#[test]
fn the_property_sees_diagnostics() {
    let input: TokenStream = r#"#[region("us-east-1")] pub fn case() {
        let v = backup::Vault { name: "v" };
        let s = backup::Selection { name: "everything", plan: "p", role: "arn:aws:iam::111122223333:role/r" };
    }"#
    .parse()
    .unwrap();
    let mut found = Vec::new();
    diagnostics(&crate::expand::stack(input.clone()), &mut found);
    assert!(
        found.iter().any(|(m, _)| m.starts_with("BK001")),
        "{found:?}"
    );
    assert!(found.iter().any(|(m, _)| m == "BK061"), "{found:?}");
    assert!(check(input.clone()).is_ok());
    let mut starts = Vec::new();
    token_starts(&input, &mut starts);
    // A diagnostic without a code, or on a span that is no token of the input, fails it.
    let uncoded: TokenStream =
        syn::Error::new(input.clone().into_iter().next().unwrap().span(), "oops")
            .to_compile_error();
    assert!(verify(&input, &starts, &uncoded)
        .unwrap_err()
        .contains("without a code"));
    let elsewhere: TokenStream = "x".parse().unwrap();
    let misplaced = syn::Error::new(
        elsewhere.into_iter().next().unwrap().span(),
        "BK001: somewhere else",
    )
    .to_compile_error();
    assert!(verify(&input, &starts, &misplaced)
        .unwrap_err()
        .contains("on no token"));
}
