//! Layer 0, beside the values: JSON text, byte for byte as serde_json writes it.
//!
//! The emitters' documents ([`Tree`]) become text here: pretty-printed for the files `synth`
//! writes, compact for the JSON that Terraform takes inside a string (policies, dashboards).
//! Written for speed (strings scanned eight bytes at a time) and tested against serde_json's
//! own output.

use crate::json_tree::Tree;

/// Writes `v` as serde_json's pretty printer does (two-space indent), as if nested `depth` levels
/// deep: whole documents, or pieces of one that are joined later (many instances' resources).
/// Written straight into one string, it takes a third of the generic serializer's time.
pub fn write_pretty(out: &mut String, v: &Tree, depth: usize) {
    match v {
        Tree::Null => out.push_str("null"),
        Tree::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Tree::Number(n) => {
            // Writing into a String cannot fail.
            let _ = std::fmt::Write::write_fmt(out, format_args!("{n}"));
        }
        Tree::String(text) => write_json_string(out, text),
        Tree::Encoded(doc) => write_encoded(out, doc),
        Tree::Array(items) if items.is_empty() => out.push_str("[]"),
        Tree::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_pretty(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Tree::Object(map) if map.is_empty() => out.push_str("{}"),
        Tree::Object(map) => {
            out.push('{');
            for (i, (key, value)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json_string(out, key);
                out.push_str(": ");
                write_pretty(out, value, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

/// `v` as serde_json's `to_string` writes it (no whitespace), appended to `out`: the policy
/// documents and dashboard bodies that Terraform takes as JSON text. serde_json's `Display`
/// goes through `fmt::Write` one token at a time; this writes strings with
/// `write_json_string`, which skips text without escapes eight bytes at a time.
pub fn write_compact(out: &mut String, v: &Tree) {
    compact::<false>(out, v);
}

/// [`write_compact`], or with `NESTED` the same text as the contents of a JSON string (every
/// `"` and `\\` escaped once more), which is how an [`Tree::Encoded`] document is written: in one
/// pass, instead of its compact text first and that text escaped after.
fn compact<const NESTED: bool>(out: &mut String, v: &Tree) {
    match v {
        Tree::Null => out.push_str("null"),
        Tree::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Tree::Number(n) => {
            // Writing into a String cannot fail.
            let _ = std::fmt::Write::write_fmt(out, format_args!("{n}"));
        }
        Tree::String(text) => write_string::<NESTED>(out, text),
        Tree::Encoded(doc) if NESTED => {
            // A document inside a document inside a string: not written by the emitters; its
            // text is made first, then escaped like any other.
            write_string::<NESTED>(out, &to_compact_string(doc));
        }
        Tree::Encoded(doc) => write_encoded(out, doc),
        Tree::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                compact::<NESTED>(out, item);
            }
            out.push(']');
        }
        Tree::Object(map) => {
            out.push('{');
            for (i, (key, value)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string::<NESTED>(out, key);
                out.push(':');
                compact::<NESTED>(out, value);
            }
            out.push('}');
        }
    }
}

/// A JSON string holding `doc`'s compact text.
fn write_encoded(out: &mut String, doc: &Tree) {
    out.push('"');
    compact::<true>(out, doc);
    out.push('"');
}

/// `v` as JSON text without whitespace (what serde_json's `to_string` gives), through
/// [`write_compact`].
pub fn to_compact_string(v: &Tree) -> String {
    let mut out = String::with_capacity(256);
    write_compact(&mut out, v);
    out
}

/// A document as every output file holds it: pretty-printed (two-space indent, as
/// `serde_json::to_string_pretty`) with a trailing newline.
pub fn to_pretty_file(doc: &Tree) -> String {
    let mut out = String::with_capacity(4096);
    write_pretty(&mut out, doc, 0);
    out.push('\n');
    out
}

impl std::fmt::Display for Tree {
    /// Compact JSON, as serde_json's `Display` writes a value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&to_compact_string(self))
    }
}

/// A newline and the indentation of `depth` levels, two spaces each, in one or two copies.
fn newline(out: &mut String, depth: usize) {
    const INDENT: &str = "\n                                                                ";
    let mut width = 2 * depth;
    out.push_str(&INDENT[..1 + width.min(INDENT.len() - 1)]);
    width = width.saturating_sub(INDENT.len() - 1);
    while width > 0 {
        let more = width.min(INDENT.len() - 1);
        out.push_str(&INDENT[1..1 + more]);
        width -= more;
    }
}

/// A JSON string as serde_json writes it: `"` and `\\` escaped, the short escapes for
/// backspace, form feed, newline, return and tab, `\u00XX` for the other control characters.
/// Text without any of those (most of it) is skipped eight bytes at a time.
pub(crate) fn write_json_string(out: &mut String, text: &str) {
    write_string::<false>(out, text);
}

/// [`write_json_string`]; with `NESTED`, that string's text as the contents of another string
/// (`"a\"b"` becomes `\"a\\\"b\"`).
fn write_string<const NESTED: bool>(out: &mut String, text: &str) {
    let quote = if NESTED { "\\\"" } else { "\"" };
    out.push_str(quote);
    let bytes = text.as_bytes();
    // `text[start..i]` is copied as it is when an escape (or the end) is reached.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            let found = bytes_to_escape(u64::from_le_bytes(eight));
            if found == 0 {
                i += 8;
                continue;
            }
            // Straight to the first byte to escape (text that is itself JSON, a policy
            // document, has a quote every few bytes).
            i += (found.trailing_zeros() / 8) as usize;
        }
        let byte = bytes[i];
        let escape = match (byte, NESTED) {
            (b'"', false) => "\\\"",
            (b'"', true) => "\\\\\\\"",
            (b'\\', false) => "\\\\",
            (b'\\', true) => "\\\\\\\\",
            (b'\n', false) => "\\n",
            (b'\n', true) => "\\\\n",
            (b'\r', false) => "\\r",
            (b'\r', true) => "\\\\r",
            (b'\t', false) => "\\t",
            (b'\t', true) => "\\\\t",
            (0x08, false) => "\\b",
            (0x08, true) => "\\\\b",
            (0x0c, false) => "\\f",
            (0x0c, true) => "\\\\f",
            (0x00..=0x1f, _) => "",
            _ => {
                i += 1;
                continue;
            }
        };
        // `i` is at an ASCII byte, so a character boundary.
        out.push_str(&text[start..i]);
        if !escape.is_empty() {
            out.push_str(escape);
        } else if NESTED {
            out.push_str(&format!("\\\\u{byte:04x}"));
        } else {
            out.push_str(&format!("\\u{byte:04x}"));
        }
        i += 1;
        start = i;
    }
    out.push_str(&text[start..]);
    out.push_str(quote);
}

/// Whether any of eight bytes is a control character, `"` or `\\`.
#[cfg(test)]
fn any_byte_to_escape(word: u64) -> bool {
    bytes_to_escape(word) != 0
}

/// The high bits of the bytes of `word` (little-endian) that are control characters, `"` or
/// `\\`: zero exactly when there are none, and the lowest set bit is that of the first one. A
/// byte below the bound borrows from the byte above it only when one below the bound exists
/// already, so bits above the first may be set for bytes that need no escape.
fn bytes_to_escape(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below `n` (n <= 0x80) sets its high bit in `(x - n) & !x`.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    control | quote | backslash
}

#[cfg(test)]
mod tests {
    use super::{any_byte_to_escape, write_json_string};
    use crate::json_tree::Tree;

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        // Every ASCII byte, and multi-byte characters at every offset of an eight-byte word.
        let ascii: String = (0u8..128).map(char::from).collect();
        let mut texts = vec![String::new(), ascii.clone(), ascii.repeat(3)];
        for offset in 0..9 {
            let pad = "a".repeat(offset);
            texts.push(format!("{pad}é\"ü€𝄞\\\n{pad}"));
            texts.push(format!("{pad}{{\"Version\":\"2012-10-17\"}}\u{7}{pad}"));
            texts.push(format!("{pad}plain text without escapes{pad}"));
        }
        for text in texts {
            let mut ours = String::new();
            write_json_string(&mut ours, &text);
            let theirs = serde_json::to_string(&text).expect("a string serializes");
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn documents_are_written_as_serde_json_pretty_prints_them() {
        // Nested deeper than the indentation held in one piece (32 levels), with numbers.
        let mut doc = serde_json::json!({"a": [1, -2, 3.5, u64::MAX], "b": {}, "c": []});
        for depth in 0..40 {
            doc = serde_json::json!({ format!("level{depth}"): [doc, null, true, "x"] });
        }
        let mut ours = String::new();
        super::write_pretty(&mut ours, &Tree::from(doc.clone()), 0);
        let theirs = serde_json::to_string_pretty(&doc).expect("a document serializes");
        assert_eq!(ours, theirs);
    }

    #[test]
    fn compact_documents_are_written_as_serde_json_writes_them() {
        let mut doc =
            serde_json::json!({"a": [1, -2, 3.5, u64::MAX], "b": {}, "c": [], "d\"": "\n"});
        for depth in 0..40 {
            doc = serde_json::json!({ format!("level{depth}"): [doc, null, true, "x"] });
        }
        let ours = super::to_compact_string(&Tree::from(doc.clone()));
        assert_eq!(ours, doc.to_string());
        assert_eq!(super::to_compact_string(&Tree::Array(Vec::new())), "[]");
    }

    #[test]
    fn an_encoded_document_is_its_compact_text_as_a_string() {
        // Every ASCII byte in keys and values, at several offsets, and characters of several
        // bytes: the one-pass writing must equal the text escaped after it is made.
        let ascii: String = (0u8..128).map(char::from).collect();
        let mut texts = vec![String::new(), ascii.clone()];
        for offset in 0..9 {
            let pad = "a".repeat(offset);
            texts.push(format!("{pad}é\"ü€𝄞\\\n{pad}\u{1}\u{1f}"));
        }
        for text in &texts {
            let doc = Tree::from(serde_json::json!({
                "Version": "2012-10-17",
                text.clone(): [text, 1, -2, true, null, {"k": text}],
                "n": {"deep": [[text]]}
            }));
            let text_first = {
                let mut out = String::new();
                write_json_string(&mut out, &super::to_compact_string(&doc));
                out
            };
            let encoded = Tree::Encoded(Box::new(doc.clone()));
            let mut pretty = String::new();
            super::write_pretty(&mut pretty, &encoded, 0);
            assert_eq!(pretty, text_first, "{text:?}");
            assert_eq!(super::to_compact_string(&encoded), text_first);
            // As serde_json sees it: a string holding the document's text.
            let serde = serde_json::Value::from(encoded);
            assert_eq!(
                serde,
                serde_json::Value::String(super::to_compact_string(&doc))
            );
            assert_eq!(serde_json::to_string(&serde).unwrap(), text_first);
            // An encoded document inside one: made first, then escaped.
            let twice = Tree::Encoded(Box::new(Tree::Array(vec![Tree::Encoded(Box::new(doc))])));
            let inner = serde_json::Value::from(twice.clone());
            assert_eq!(
                super::to_compact_string(&twice),
                serde_json::to_string(&inner).unwrap()
            );
        }
    }

    #[test]
    fn the_lowest_mark_is_the_first_byte_to_escape() {
        let needs = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        for b in (0..=255u8).filter(|b| needs(*b)) {
            for at in 0..8 {
                // Bytes after it that need escaping, or sit at a bound, do not move the mark.
                for after in [b'a', 0x00, 0x1f, 0x20, b'"', 0x80, 0xff] {
                    let mut eight = *b"abcdefgh";
                    eight[at] = b;
                    for x in eight.iter_mut().skip(at + 1) {
                        *x = after;
                    }
                    let found = super::bytes_to_escape(u64::from_le_bytes(eight));
                    assert_eq!(found.trailing_zeros() / 8, at as u32, "{eight:?}");
                }
            }
        }
    }

    #[test]
    fn a_word_needs_escaping_exactly_when_a_byte_does() {
        let needs = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut eight = *b"abcdefgh";
                eight[at] = b;
                assert_eq!(
                    any_byte_to_escape(u64::from_le_bytes(eight)),
                    needs(b),
                    "byte {b:#x} at {at}"
                );
            }
            // Next to bytes that borrow (0x00) or sit at the bound (0x20, 0x80, 0xff).
            for other in [0x00u8, 0x20, 0x21, 0x80, 0xff] {
                let eight = [b, other, b, other, b, other, b, other];
                assert_eq!(
                    any_byte_to_escape(u64::from_le_bytes(eight)),
                    needs(b) || needs(other),
                    "bytes {b:#x} and {other:#x}"
                );
            }
        }
    }
}
