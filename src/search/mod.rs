//! The client-side search index of an edition, built from that edition's
//! documents only (their rendered text, so nothing a left-out document
//! wrote or was called can get in). The index is split so that one query
//! loads only what it needs:
//!
//! - `search/meta.js`: the number of shards and document chunks;
//! - `search/shard-N.js`: the postings of the terms whose hash falls in
//!   shard N (a query loads one shard per term);
//! - `search/docs-N.js`: titles, URLs and the first 3 000 characters of
//!   text (for snippets) of a block of 20 documents (a query loads the
//!   blocks of the results it shows).
//!
//! Every file is a script calling `PlaybookSearch.…(…)`, so the index loads
//! from `file://` as well as from a server, without `fetch`.

pub mod tokenize;

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use serde::Serialize;

/// What the index knows of one document.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub kind_label: String,
    /// Relative to the edition root.
    pub url: String,
    pub tags: Vec<String>,
    /// Plain text of the summary and body, as the edition shows them.
    pub text: String,
}

impl Entry {
    /// Drops the text the index no longer needs once the terms are made
    /// (all but the snippet text), so an edition's entries stay small.
    pub fn keep_snippet_only(&mut self) {
        let end = snippet_text(&self.text).len();
        self.text.truncate(end);
        self.text.shrink_to_fit();
    }
}

/// Documents per `docs-N.js` file.
pub const DOCS_PER_CHUNK: usize = 20;
/// Text kept per document for snippets.
const SNIPPET_TEXT_CHARS: usize = 3_000;

const TITLE_WEIGHT: u32 = 10;
const TAG_WEIGHT: u32 = 4;
const BODY_WEIGHT: u32 = 1;
/// Body occurrences beyond this add nothing (long pages do not win by length).
const BODY_CAP: u32 = 6;

/// FNV-1a over the UTF-8 bytes: the browser computes the same shard.
pub fn shard_of(term: &str, shards: usize) -> usize {
    (term_hash(term) as usize) % shards.max(1)
}

/// FNV-1a of a term, the hash `shard_of` takes modulo the shard count.
fn term_hash(term: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in term.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// How many shards an index of `documents` gets: about 40 documents per
/// shard, a power of two, at most 256.
pub fn shard_count(documents: usize) -> usize {
    documents.div_ceil(40).next_power_of_two().clamp(1, 256)
}

/// A multiplicative hash for the term maps: terms are short and hashed
/// millions of times per build, and an index has no adversary to resist
/// (SipHash, the default, took a tenth of the build's CPU time).
#[derive(Default, Clone, Copy)]
pub struct TermHasher(u64);

impl Hasher for TermHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type TermMap<K, V> = HashMap<K, V, BuildHasherDefault<TermHasher>>;

/// The terms of one document with their scores, packed into one string and
/// one list (a few allocations per document instead of one per term).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Terms {
    text: String,
    /// (end of the term in `text`, `term_hash` of it, score), in the order
    /// the terms were added.
    ends: Vec<(u32, u32, u32)>,
}

impl Terms {
    fn push(&mut self, term: &str, score: u32) {
        self.text.push_str(term);
        self.ends
            .push((self.text.len() as u32, term_hash(term), score));
    }

    /// The terms and their scores.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        self.iter_hashed().map(|(term, _, score)| (term, score))
    }

    /// The terms with their `term_hash` and score.
    fn iter_hashed(&self) -> impl Iterator<Item = (&str, u32, u32)> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&(end, hash, score)| {
            let term = &self.text[start..end as usize];
            start = end as usize;
            (term, hash, score)
        })
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// The terms of one document with their scores (what `watch` keeps per
/// page, so an unchanged page is not tokenized again).
pub fn document_terms(entry: &Entry) -> Terms {
    let mut scores: TermMap<&str, (u32, u32)> = TermMap::default();
    let title = entry.title.to_lowercase();
    let id = entry.id.to_lowercase();
    let tags: Vec<String> = entry.tags.iter().map(|tag| tag.to_lowercase()).collect();
    let text = entry.text.to_lowercase();
    for (lower, weight) in [(title.as_str(), TITLE_WEIGHT), (id.as_str(), TITLE_WEIGHT)]
        .into_iter()
        .chain(tags.iter().map(|tag| (tag.as_str(), TAG_WEIGHT)))
    {
        tokenize::tokens_of_lowercase(lower, |token, _| {
            let score = scores.entry(token).or_insert((0, 0));
            score.0 = score.0.max(weight);
        });
    }
    tokenize::tokens_of_lowercase(&text, |token, _| {
        let score = scores.entry(token).or_insert((0, 0));
        score.1 = (score.1 + BODY_WEIGHT).min(BODY_CAP);
    });
    let mut terms = Terms {
        text: String::with_capacity(
            scores.keys().map(|term| term.len()).sum::<usize>() + id.len() + 1,
        ),
        ends: Vec::with_capacity(scores.len() + 1),
    };
    for (term, (field, body)) in scores {
        terms.push(term, field + body);
    }
    // The whole ID as one term, so that searching `SLA-CHAT-01` puts that
    // document first.
    terms.push(&format!("#{id}"), 1_000);
    terms
}

/// The files of an edition's index: (path relative to the edition, content).
pub fn build(entries: &[Entry]) -> Vec<(String, String)> {
    // Tokenizing is the costly part: one document per task.
    let terms: Vec<Terms> = entries.par_iter().map(document_terms).collect();
    build_with_terms(entries, &terms, |path, content| (path, content))
}

/// `build`, with each document's terms already made (`terms[i]` are those
/// of `entries[i]`, as `document_terms` makes them). Each file is handed to
/// `emit` as soon as it is made, from several threads, so the index is
/// never all in memory; what `emit` returns is collected (in no set order).
pub fn build_with_terms<T, R, E>(entries: &[Entry], terms: &[T], emit: E) -> Vec<R>
where
    T: std::borrow::Borrow<Terms> + Sync,
    R: Send,
    E: Fn(String, String) -> R + Sync,
{
    let shards = shard_count(entries.len());
    let postings = postings(terms, shards);
    let chunks = entries.len().div_ceil(DOCS_PER_CHUNK).max(1);
    let mut results = vec![emit(
        "search/meta.js".to_string(),
        format!(
            "PlaybookSearch.meta({});\n",
            serde_json::json!({ "shards": shards, "chunks": chunks, "perChunk": DOCS_PER_CHUNK, "count": entries.len() })
        ),
    )];
    results.par_extend(postings.par_iter().enumerate().map(|(index, shard)| {
        // Sorted terms: the same project gives byte-identical files.
        let sorted: BTreeMap<&str, &Vec<u32>> =
            shard.iter().map(|(term, list)| (*term, list)).collect();
        emit(
            format!("search/shard-{index}.js"),
            format!("PlaybookSearch.shard({index},{});\n", to_json(&sorted)),
        )
    }));
    drop(postings);
    results.par_extend(
        entries
            .par_chunks(DOCS_PER_CHUNK)
            .enumerate()
            .map(|(index, chunk)| {
                #[derive(Serialize)]
                struct Doc<'a>(&'a str, &'a str, &'a str, &'a str, &'a str);
                let docs: Vec<Doc<'_>> = chunk
                    .iter()
                    .map(|e| {
                        Doc(
                            &e.id,
                            &e.title,
                            &e.kind_label,
                            &e.url,
                            snippet_text(&e.text),
                        )
                    })
                    .collect();
                emit(
                    format!("search/docs-{index}.js"),
                    format!("PlaybookSearch.docs({index},{});\n", to_json(&docs)),
                )
            }),
    );
    if entries.is_empty() {
        results.push(emit(
            "search/docs-0.js".to_string(),
            "PlaybookSearch.docs(0,[]);\n".to_string(),
        ));
    }
    results
}

/// The postings of every shard: term → [document, score, document, score,
/// …] in document order. Shards are split among tasks; each task reads
/// every document's terms but keeps only its own shards' (the shard of a
/// term is computed once per term and document, in `Terms`).
fn postings<T: std::borrow::Borrow<Terms> + Sync>(
    terms: &[T],
    shards: usize,
) -> Vec<TermMap<&str, Vec<u32>>> {
    let groups = shards.min(rayon::current_num_threads() * 4).max(1);
    let per_group = shards.div_ceil(groups);
    let grouped: Vec<Vec<TermMap<&str, Vec<u32>>>> = (0..groups)
        .into_par_iter()
        .map(|group| {
            let first = group * per_group;
            let count = per_group.min(shards.saturating_sub(first));
            let mut maps: Vec<TermMap<&str, Vec<u32>>> = vec![TermMap::default(); count];
            for (doc, document_terms) in terms.iter().enumerate() {
                for (term, hash, score) in document_terms.borrow().iter_hashed() {
                    let shard = hash as usize % shards;
                    if shard >= first && shard < first + count {
                        let list = maps[shard - first].entry(term).or_default();
                        list.push(doc as u32);
                        list.push(score);
                    }
                }
            }
            maps
        })
        .collect();
    grouped.into_iter().flatten().collect()
}

/// The first `SNIPPET_TEXT_CHARS` characters of a text.
pub fn snippet_text(text: &str) -> &str {
    match text.char_indices().nth(SNIPPET_TEXT_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// JSON that is also safe inside a script: `<`, `>` and `&` escaped, so a
/// title like `</script>` cannot end the script.
fn to_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    // Most files have nothing to escape: `<`, `>`, `&` or the first byte
    // of U+2028 and U+2029.
    if !json.bytes().any(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2)) {
        return json;
    }
    let mut safe = String::with_capacity(json.len() + json.len() / 32);
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    safe
}

/// Plain text of rendered HTML: tags dropped, the common entities decoded,
/// whitespace collapsed. One pass: each page's text goes through here.
pub fn html_to_text(html: &str) -> String {
    const ENTITIES: [(&str, char); 7] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
        ("&nbsp;", ' '),
        ("&amp;", '&'),
    ];
    let mut text = String::with_capacity(html.len());
    // A space is owed before the next visible character.
    let mut pending_space = false;
    let mut push = |text: &mut String, c: char| {
        if c.is_whitespace() {
            pending_space = !text.is_empty();
        } else {
            if pending_space {
                text.push(' ');
                pending_space = false;
            }
            text.push(c);
        }
    };
    let mut in_tag = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let mut width = c.len_utf8();
        match c {
            '<' => {
                in_tag = true;
                push(&mut text, ' ');
            }
            '>' if in_tag => in_tag = false,
            '&' if !in_tag => match ENTITIES.iter().find(|(entity, _)| rest.starts_with(entity)) {
                Some((entity, decoded)) => {
                    width = entity.len();
                    push(&mut text, *decoded);
                }
                None => push(&mut text, c),
            },
            c if !in_tag => push(&mut text, c),
            _ => {}
        }
        rest = &rest[width..];
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, title: &str, text: &str) -> Entry {
        Entry {
            id: id.into(),
            title: title.into(),
            kind_label: "SLA".into(),
            url: format!("sla/{}.html", id.to_lowercase()),
            tags: vec![],
            text: text.into(),
        }
    }

    #[test]
    fn builds_meta_shards_and_docs() {
        let files = build(&[entry("SLA-A", "Chat in 2 minutes", "</script> 响应时间")]);
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            ["search/meta.js", "search/shard-0.js", "search/docs-0.js"]
        );
        assert!(files[1].1.contains("\"#sla-a\":[0,1000]"));
        assert!(!files[2].1.contains("</script>"));
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(html_to_text("<p>a &amp; <b>b</b></p>\n<p>c</p>"), "a & b c");
        assert_eq!(
            html_to_text("  &amp;lt; x&nbsp;&nbsp;y &#x27;z&#39; "),
            "&lt; x y 'z'"
        );
        assert_eq!(html_to_text("<br>"), "");
        assert_eq!(html_to_text("a<i>b</i>c &unknown; &"), "a b c &unknown; &");
    }

    /// The straightforward form `html_to_text` replaced (several passes).
    fn html_to_text_reference(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => {
                    in_tag = true;
                    text.push(' ');
                }
                '>' if in_tag => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let decoded = text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&nbsp;", " ")
            .replace("&amp;", "&");
        decoded.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest::proptest! {
        #[test]
        fn html_to_text_matches_the_reference(
            html in "([<>&;a-z#x0-9 \n\u{a0}\u{3000}中]|&lt;|&amp;|&nbsp;|&#x27;|&quot;|<b>|</p>){0,40}"
        ) {
            proptest::prop_assert_eq!(html_to_text(&html), html_to_text_reference(&html));
        }
    }

    #[test]
    fn shards_scale_with_documents() {
        assert_eq!(shard_count(30), 1);
        assert_eq!(shard_count(60), 2);
        assert_eq!(shard_count(1_000), 32);
        assert_eq!(shard_count(10_000), 256);
    }
}
