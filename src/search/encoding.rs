//! Writing the index files: postings, shard and documents files as
//! scripts of JSON, escaped so a file can never end its script, with
//! numbers and strings written by hand (an index has millions).

use super::*;
use crate::digits::push_u32;

/// One term's entry in a shard: `"term":[doc,score,…]`, escaped like the
/// rest of the file (the escaping is per character, so a shard is the
/// fragments of its terms joined by commas).
pub(super) fn posting_fragment(term: &str, list: &[u32]) -> String {
    let mut json = String::with_capacity(term.len() + 4 + list.len() * 5);
    push_posting_fragment(&mut json, term, list.iter().copied());
    json
}

/// Writes `posting_fragment` of `term` with these `numbers` into `out`.
pub(super) fn push_posting_fragment(
    out: &mut String,
    term: &str,
    numbers: impl Iterator<Item = u32>,
) {
    push_json_str(out, term);
    out.push_str(":[");
    for (n, number) in numbers.enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_u32(out, number);
    }
    out.push(']');
}

/// The bytes `push_json_str` looks at: control characters, `"`, `\\`,
/// `<`, `>`, `&`, and 0xE2 (which starts U+2028 and U+2029).
pub(super) const JSON_SPECIAL: [bool; 256] = {
    let mut special = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        special[byte] = true;
        byte += 1;
    }
    special[b'"' as usize] = true;
    special[b'\\' as usize] = true;
    special[b'<' as usize] = true;
    special[b'>' as usize] = true;
    special[b'&' as usize] = true;
    special[0xE2] = true;
    special
};

/// Writes `text` as a JSON string, escaped as `to_json` escapes it (JSON's
/// own escapes, then `<`, `>`, `&`, U+2028 and U+2029), in one pass.
pub(super) fn push_json_str(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut clean_from = 0;
    let mut at = 0;
    // Every character that is escaped starts with an ASCII byte or, for
    // U+2028 and U+2029, with 0xE2: the bytes are looked at, not decoded,
    // and the runs between escapes copied whole.
    while at < bytes.len() {
        // Most bytes are none of those: skipped by a table, a few
        // instructions each.
        if !JSON_SPECIAL[usize::from(bytes[at])] {
            at += 1;
            continue;
        }
        let byte = bytes[at];
        let escaped: Option<&str> = match byte {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x08 => Some("\\b"),
            0x0c => Some("\\f"),
            b'<' => Some("\\u003c"),
            b'>' => Some("\\u003e"),
            b'&' => Some("\\u0026"),
            0xE2 if bytes.get(at + 1) == Some(&0x80) && bytes.get(at + 2) == Some(&0xA8) => {
                Some("\\u2028")
            }
            0xE2 if bytes.get(at + 1) == Some(&0x80) && bytes.get(at + 2) == Some(&0xA9) => {
                Some("\\u2029")
            }
            byte if byte < 0x20 => None,
            _ => {
                at += 1;
                continue;
            }
        };
        out.push_str(&text[clean_from..at]);
        let width = match escaped {
            Some(escape) => {
                out.push_str(escape);
                if byte == 0xE2 { 3 } else { 1 }
            }
            None => {
                out.push_str(&format!("\\u{:04x}", byte));
                1
            }
        };
        at += width;
        clean_from = at;
    }
    out.push_str(&text[clean_from..]);
    out.push('"');
}

/// A shard file from the fragments of its terms, in term order.
pub(super) fn shard_file<'f>(index: usize, fragments: impl Iterator<Item = &'f str>) -> String {
    let mut file = format!("PlaybookSearch.shard({index},{{");
    for (n, fragment) in fragments.enumerate() {
        if n > 0 {
            file.push(',');
        }
        file.push_str(fragment);
    }
    file.push_str("});\n");
    file
}

/// A documents file (`docs-N.js`) for a block of entries:
/// `PlaybookSearch.docs(N,[[id,title,kind,url,snippet],…]);`.
pub(super) fn docs_file<D: std::borrow::Borrow<Entry>>(index: usize, chunk: &[D]) -> String {
    let size: usize = chunk
        .iter()
        .map(|e| {
            let e: &Entry = e.borrow();
            e.id.len() + e.title.len() + e.kind_label.len() + e.url.len() + e.text.len() + 16
        })
        .sum();
    let mut file = String::with_capacity(size + 32);
    file.push_str("PlaybookSearch.docs(");
    push_u32(&mut file, index as u32);
    file.push_str(",[");
    for (n, e) in chunk.iter().enumerate() {
        let e: &Entry = e.borrow();
        if n > 0 {
            file.push(',');
        }
        file.push('[');
        for (m, field) in [
            &e.id,
            &e.title,
            &e.kind_label,
            &e.url,
            snippet_text(&e.text),
        ]
        .into_iter()
        .enumerate()
        {
            if m > 0 {
                file.push(',');
            }
            push_json_str(&mut file, field);
        }
        file.push(']');
    }
    file.push_str("]);\n");
    file
}
