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
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

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
/// The score of a document's whole ID (`#sla-chat-01`) as a term.
const ID_SCORE: u32 = 1_000;

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

/// The term maps: terms are short and hashed millions of times per build
/// (SipHash, the default, took a tenth of the build's CPU time).
type TermMap<K, V> = crate::fasthash::FastMap<K, V>;

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
        self.end_term(score);
    }

    /// Ends the term written to `text` since the last one.
    fn end_term(&mut self, score: u32) {
        let start = self.ends.last().map_or(0, |&(end, _, _)| end as usize);
        let hash = term_hash(&self.text[start..]);
        self.ends.push((self.text.len() as u32, hash, score));
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
    let title = tokenize::lowercase(&entry.title);
    let id = tokenize::lowercase(&entry.id);
    let tags: Vec<String> = entry
        .tags
        .iter()
        .map(|tag| tokenize::lowercase(tag))
        .collect();
    let text = tokenize::lowercase(&entry.text);
    // Room for the terms of a page of Chinese text (growing the maps was
    // a tenth of the time here).
    let mut scores = Scores {
        words: crate::fasthash::map_with_capacity(text.len() / 32),
        cjk: HashMap::with_capacity_and_hasher(text.len() / 4, Default::default()),
    };
    for (lower, weight) in [(title.as_str(), TITLE_WEIGHT), (id.as_str(), TITLE_WEIGHT)]
        .into_iter()
        .chain(tags.iter().map(|tag| (tag.as_str(), TAG_WEIGHT)))
    {
        tokenize::for_each_token(lower, |token| {
            let score = scores.of(token);
            score.0 = score.0.max(weight);
        });
    }
    tokenize::for_each_token(&text, |token| {
        let score = scores.of(token);
        score.1 = (score.1 + BODY_WEIGHT).min(BODY_CAP);
    });
    let mut terms = Terms {
        text: String::with_capacity(
            scores.words.keys().map(|term| term.len()).sum::<usize>()
                + scores.cjk.len() * 6
                + id.len()
                + 1,
        ),
        ends: Vec::with_capacity(scores.words.len() + scores.cjk.len() + 1),
    };
    for (term, (field, body)) in scores.words {
        terms.push(term, field + body);
    }
    for (key, (field, body)) in scores.cjk {
        Scores::push_cjk(&mut terms, key, field + body);
    }
    // The whole ID as one term, so that searching `SLA-CHAT-01` puts that
    // document first.
    terms.push(&format!("#{id}"), ID_SCORE);
    terms
}

/// A document's (field score, body count) per term while it is tokenized:
/// words by their text, CJK characters and bigrams by their code points
/// (hashing a number, not a string, for the bulk of a Chinese page).
struct Scores<'t> {
    words: TermMap<&'t str, (u32, u32)>,
    /// Keyed by numbers: one multiplication hashes them (`SpreadHasher`).
    cjk: HashMap<u64, (u32, u32), std::hash::BuildHasherDefault<SpreadHasher>>,
}

/// Marks a `Scores::cjk` key as a bigram (code points take 21 bits each).
const BIGRAM_KEY: u64 = 1 << 42;

impl<'t> Scores<'t> {
    fn of(&mut self, token: tokenize::Token<'t>) -> &mut (u32, u32) {
        use tokenize::Token;
        match token {
            Token::Word(word) => self.words.entry(word).or_default(),
            Token::Unigram(c) => self.cjk.entry(u64::from(c)).or_default(),
            Token::Bigram(a, b) => self
                .cjk
                .entry(BIGRAM_KEY | (u64::from(a) << 21) | u64::from(b))
                .or_default(),
        }
    }

    /// Adds the term of a `cjk` key to `terms`.
    fn push_cjk(terms: &mut Terms, key: u64, score: u32) {
        let char_of = |bits: u64| char::from_u32((bits & 0x1f_ffff) as u32).unwrap_or('\u{fffd}');
        if key & BIGRAM_KEY != 0 {
            terms.text.push(char_of(key >> 21));
        }
        terms.text.push(char_of(key));
        terms.end_term(score);
    }
}

/// The files of an index of `entries` (one edition's pages, in order):
/// (path relative to the edition, content), made as `build` makes them.
pub fn build(entries: &[Entry]) -> Result<Vec<(String, String)>, Poisoned> {
    let index = StreamingIndex::new(entries.len());
    let mut files = Vec::new();
    for (doc, entry) in entries.iter().enumerate() {
        files.extend(index.add(doc, entry.clone())?);
    }
    files.extend(index.finish(|path, content| (path, content))?);
    Ok(files)
}

/// One term's entry in a shard: `"term":[doc,score,…]`, escaped like the
/// rest of the file (the escaping is per character, so a shard is the
/// fragments of its terms joined by commas).
fn posting_fragment(term: &str, list: &[u32]) -> String {
    let mut json = String::with_capacity(term.len() + 4 + list.len() * 5);
    push_posting_fragment(&mut json, term, list.iter().copied());
    json
}

/// Writes `posting_fragment` of `term` with these `numbers` into `out`.
fn push_posting_fragment(out: &mut String, term: &str, numbers: impl Iterator<Item = u32>) {
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

/// Writes `number` in decimal (what `format!` does, without its machinery:
/// an index has millions of numbers).
fn push_u32(out: &mut String, mut number: u32) {
    // Two digits at a time from a table: scores and document numbers are
    // most of an index's bytes.
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";
    let mut digits = [0u8; 10];
    let mut start = digits.len();
    while number >= 100 {
        let pair = (number % 100) as usize * 2;
        number /= 100;
        start -= 2;
        digits[start] = PAIRS[pair];
        digits[start + 1] = PAIRS[pair + 1];
    }
    if number >= 10 {
        let pair = number as usize * 2;
        start -= 2;
        digits[start] = PAIRS[pair];
        digits[start + 1] = PAIRS[pair + 1];
    } else {
        start -= 1;
        digits[start] = b'0' + number as u8;
    }
    // ASCII digits: each byte is its own character.
    for &digit in &digits[start..] {
        out.push(char::from(digit));
    }
}

/// The bytes `push_json_str` looks at: control characters, `"`, `\\`,
/// `<`, `>`, `&`, and 0xE2 (which starts U+2028 and U+2029).
const JSON_SPECIAL: [bool; 256] = {
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
fn push_json_str(out: &mut String, text: &str) {
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
fn shard_file<'f>(index: usize, fragments: impl Iterator<Item = &'f str>) -> String {
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
fn docs_file<D: std::borrow::Borrow<Entry>>(index: usize, chunk: &[D]) -> String {
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

/// What a rendering keeps of an edition's index to update it for the pages
/// that changed, instead of making it again from every page's terms: the
/// postings of each term with its piece of its shard's file, and every
/// file. A rebuild with the same documents in the same order (a body or
/// field edit) patches the postings of the changed pages' terms and
/// rewrites only the shard and document files they touch (`patch`);
/// anything else (a document added, removed or reordered) streams the
/// index whole, as `build` does. The result is the same bytes either way
/// (tested).
pub struct IndexState {
    ids: Vec<String>,
    terms: Vec<Arc<Terms>>,
    /// Per shard: term → (postings, its fragment of the shard file).
    shards: Vec<BTreeMap<String, (Vec<u32>, String)>>,
    files: BTreeMap<String, Arc<[u8]>>,
}

impl IndexState {
    /// Whether this state can be patched into the index of documents with
    /// these `ids`, in this order.
    fn has_documents(&self, ids: &[String]) -> bool {
        self.shards.len() == shard_count(ids.len()) && self.ids == ids
    }

    /// The state of an index streamed whole: its pages' terms (in place
    /// order) and the files written.
    fn of_pages(
        ids: Vec<String>,
        terms: Vec<Arc<Terms>>,
        files: BTreeMap<String, Arc<[u8]>>,
    ) -> IndexState {
        let postings = postings(&terms, shard_count(terms.len()));
        let shards = postings
            .into_par_iter()
            .map(|shard| {
                shard
                    .into_iter()
                    .map(|(term, list)| {
                        let fragment = posting_fragment(term, &list);
                        (term.to_string(), (list, fragment))
                    })
                    .collect()
            })
            .collect();
        IndexState {
            ids,
            terms,
            shards,
            files,
        }
    }
}

/// Updates `state` (whose documents are those of `entries`, in order: see
/// `IndexState::has_documents`) for `entries` with their `terms`, handing
/// every file to `emit`. A page whose terms are the same allocation as
/// last time is unchanged.
fn patch<D: std::borrow::Borrow<Entry>, R>(
    mut state: IndexState,
    entries: &[D],
    terms: &[Arc<Terms>],
    emit: impl Fn(&str, Arc<[u8]>) -> R,
) -> (IndexState, Vec<R>) {
    let shards = state.shards.len();
    let mut dirty_terms: Vec<std::collections::BTreeSet<String>> = vec![Default::default(); shards];
    let mut dirty_chunks = std::collections::BTreeSet::new();
    for (doc, new_terms) in terms.iter().enumerate() {
        let old_terms = &state.terms[doc];
        if Arc::ptr_eq(old_terms, new_terms) {
            continue;
        }
        dirty_chunks.insert(doc / DOCS_PER_CHUNK);
        if old_terms == new_terms {
            continue;
        }
        let old: HashMap<&str, u32> = old_terms.iter().collect();
        let new: HashMap<&str, u32> = new_terms.iter().collect();
        for (&term, &score) in &old {
            if new.get(term) != Some(&score) {
                let shard = shard_of(term, shards);
                if let Some((list, _)) = state.shards[shard].get_mut(term) {
                    remove_posting(list, doc as u32);
                }
                dirty_terms[shard].insert(term.to_string());
            }
        }
        for (&term, &score) in &new {
            if old.get(term) != Some(&score) {
                let shard = shard_of(term, shards);
                let (list, _) = state.shards[shard]
                    .entry(term.to_string())
                    .or_insert_with(|| (Vec::new(), String::new()));
                insert_posting(list, doc as u32, score);
                dirty_terms[shard].insert(term.to_string());
            }
        }
    }
    state.terms = terms.to_vec();
    for (index, (shard, dirty)) in state.shards.iter_mut().zip(&dirty_terms).enumerate() {
        if dirty.is_empty() {
            continue;
        }
        for term in dirty {
            match shard.get(term.as_str()).map(|(list, _)| list.is_empty()) {
                Some(true) => {
                    shard.remove(term.as_str());
                }
                Some(false) => {
                    if let Some((list, fragment)) = shard.get_mut(term.as_str()) {
                        *fragment = posting_fragment(term, list);
                    }
                }
                None => {}
            }
        }
        let file = shard_file(index, shard.values().map(|(_, fragment)| fragment.as_str()));
        state.files.insert(
            format!("search/shard-{index}.js"),
            Arc::from(file.into_bytes()),
        );
    }
    for chunk in dirty_chunks {
        let start = chunk * DOCS_PER_CHUNK;
        let end = (start + DOCS_PER_CHUNK).min(entries.len());
        let file = docs_file(chunk, &entries[start..end]);
        state.files.insert(
            format!("search/docs-{chunk}.js"),
            Arc::from(file.into_bytes()),
        );
    }
    let results = state
        .files
        .iter()
        .map(|(path, bytes)| emit(path, bytes.clone()))
        .collect();
    (state, results)
}

/// Where `doc` is, or would go, in a postings list (`[doc, score, doc,
/// score, …]` in document order), counted in pairs.
fn posting_position(list: &[u32], doc: u32) -> usize {
    let (mut low, mut high) = (0, list.len() / 2);
    while low < high {
        let middle = (low + high) / 2;
        if list[middle * 2] < doc {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// Removes `doc` from a postings list.
fn remove_posting(list: &mut Vec<u32>, doc: u32) {
    let at = posting_position(list, doc);
    if at * 2 < list.len() && list[at * 2] == doc {
        list.drain(at * 2..at * 2 + 2);
    }
}

/// Adds `doc` with `score` to a postings list, keeping document order.
fn insert_posting(list: &mut Vec<u32>, doc: u32, score: u32) {
    remove_posting(list, doc);
    let at = posting_position(list, doc);
    list.splice(at * 2..at * 2, [doc, score]);
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

/// An edition's index built while its pages render (`build`): each page
/// adds its entry and terms as soon as it is made, and neither is kept –
/// the terms go into the shards' postings, the entry into its block of
/// documents, which is written as soon as its 20 pages are in. What
/// `build_with_terms` makes from every page at the end, byte for byte
/// (tested), without holding every page's terms and text at once (about
/// 150 MB at 10 000 documents).
pub struct StreamingIndex {
    shards: usize,
    /// The editions indexed together (`with_lanes`).
    lanes: Vec<Lane>,
    /// Every shard, once per worker thread (and once more for any other
    /// thread), each set behind its own lock, which only its thread
    /// takes: two threads adding to the same shards made the shards'
    /// memory move between the cores at nearly every term (a tenth of a
    /// build's time). `finish` merges a shard's parts.
    parts: Vec<std::sync::Mutex<Vec<ShardPostings>>>,
}

/// One shard's postings while pages are added: each term gets a number
/// the first time it is seen, and each posting is appended to one list as
/// (term number, document, score) packed in a `u64`. Appending to one
/// list per shard, instead of one per term, and finding a term by the
/// hash `Terms` already has, keeps the memory a page touches small: with a
/// list per term, a build spent a tenth of its time waiting for memory.
#[derive(Default)]
struct ShardPostings {
    /// Term `n` is `text[ends[n - 1]..ends[n]]`.
    text: String,
    ends: Vec<u32>,
    /// `term_hash` → the first term with that hash.
    by_hash: HashMap<u32, u32, std::hash::BuildHasherDefault<SpreadHasher>>,
    /// The next term with the same hash (`u32::MAX`: none), for the rare
    /// terms whose hashes collide.
    same_hash: Vec<u32>,
    /// Per lane (edition), in blocks of `POSTING_BLOCK` (the last one
    /// filling): a list grown by doubling leaves the memory of every
    /// smaller copy behind, which for two editions' indexes was tens of
    /// megabytes.
    postings: Vec<Vec<Vec<u64>>>,
}

/// The hasher of `ShardPostings::by_hash`, whose keys are already hashes
/// (`term_hash`): one multiplication spreads them over the 64 bits the map
/// uses, where `fasthash` mixes them again.
#[derive(Default)]
struct SpreadHasher(u64);

impl std::hash::Hasher for SpreadHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, value: u32) {
        // The low bits of a key are its shard, the same for every key of a
        // map: the product's high half, which every bit reaches, is turned
        // to the low bits the map picks its slot with.
        self.0 = u64::from(value)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_right(32);
    }

    fn write_u64(&mut self, value: u64) {
        // As `write_u32`: the product's high half, reached by every bit of
        // a CJK key (two code points of 21 bits and a flag), made the low.
        self.0 = value.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_right(32);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Postings per block of a `ShardPostings`.
const POSTING_BLOCK: usize = 2048;

/// Bits of a packed posting: the term number above `TERM_SHIFT`, the
/// document above `DOC_SHIFT`, the score below (sorting the packed values
/// sorts by term number, then document).
const TERM_SHIFT: u32 = 40;
const DOC_SHIFT: u32 = 10;
/// The most documents a `StreamingIndex` takes (30 bits).
pub const STREAM_MAX_DOCUMENTS: usize = 1 << (TERM_SHIFT - DOC_SHIFT);
/// The most terms one shard of a `StreamingIndex` holds (the 24 bits above
/// `TERM_SHIFT`; a 10 000-document playbook has about 70 per shard): any
/// beyond are not indexed, rather than mixed up with others.
const STREAM_MAX_TERMS: u32 = 1 << (64 - TERM_SHIFT);
const _: () = assert!(ID_SCORE < 1 << DOC_SHIFT && TITLE_WEIGHT + BODY_CAP < 1 << DOC_SHIFT);

impl ShardPostings {
    fn term(&self, number: u32) -> &str {
        let number = number as usize;
        let start = if number == 0 {
            0
        } else {
            self.ends[number - 1] as usize
        };
        &self.text[start..self.ends[number] as usize]
    }

    /// The number of `term` (whose `term_hash` is `hash`), given one if new.
    fn number_of(&mut self, term: &str, hash: u32) -> u32 {
        let mut at = self.by_hash.get(&hash).copied();
        while let Some(number) = at {
            if self.term(number) == term {
                return number;
            }
            at = Some(self.same_hash[number as usize]).filter(|&next| next != u32::MAX);
        }
        let number = self.ends.len() as u32;
        self.text.push_str(term);
        self.ends.push(self.text.len() as u32);
        let previous = self.by_hash.insert(hash, number);
        self.same_hash.push(previous.unwrap_or(u32::MAX));
        number
    }

    /// Adds `term` (whose `term_hash` is `hash`) with `score` to each
    /// (lane, document) of `places`: the term is looked up once for all.
    fn add(&mut self, term: &str, hash: u32, places: &[(usize, usize)], score: u32) {
        let number = self.number_of(term, hash);
        if number >= STREAM_MAX_TERMS {
            return;
        }
        for &(lane, doc) in places {
            let posting =
                (u64::from(number) << TERM_SHIFT) | ((doc as u64) << DOC_SHIFT) | u64::from(score);
            if self.postings.len() <= lane {
                self.postings.resize_with(lane + 1, Vec::new);
            }
            let blocks = &mut self.postings[lane];
            match blocks.last_mut() {
                Some(block) if block.len() < block.capacity() => block.push(posting),
                _ => {
                    let mut block = Vec::with_capacity(POSTING_BLOCK);
                    block.push(posting);
                    blocks.push(block);
                }
            }
        }
    }

    /// The shard's file (`shard_file`) in each of `lanes` lanes, from its
    /// `parts`: terms in order, each with its postings (from every part)
    /// in document order; a lane writes only the terms it has postings of.
    fn into_files(mut parts: Vec<ShardPostings>, index: usize, lanes: usize) -> Vec<String> {
        // Every term of every part, by text (once for all lanes); a term
        // in several parts gets one rank.
        let mut all: Vec<(u32, u32)> = parts
            .iter()
            .enumerate()
            .flat_map(|(part, postings)| {
                (0..postings.ends.len() as u32).map(move |number| (part as u32, number))
            })
            .collect();
        all.sort_unstable_by(|&a, &b| {
            parts[a.0 as usize]
                .term(a.1)
                .cmp(parts[b.0 as usize].term(b.1))
        });
        let mut ranks: Vec<Vec<usize>> =
            parts.iter().map(|part| vec![0; part.ends.len()]).collect();
        // Per rank: the part and number its text is read from.
        let mut distinct: Vec<(u32, u32)> = Vec::with_capacity(all.len());
        for (place, &(part, number)) in all.iter().enumerate() {
            let new_text = place == 0 || {
                let (before_part, before_number) = all[place - 1];
                parts[before_part as usize].term(before_number) != parts[part as usize].term(number)
            };
            if new_text {
                distinct.push((part, number));
            }
            ranks[part as usize][number as usize] = distinct.len() - 1;
        }
        drop(all);
        let text_bytes: usize = parts.iter().map(|part| part.text.len()).sum();
        let mut files = Vec::with_capacity(lanes);
        for lane in 0..lanes {
            // Postings placed by their term's rank (counted first, so each
            // term's run is where it belongs without sorting them all), then
            // each term's run sorted by document: pages came in nearly in
            // order, and a run is short.
            let lane_blocks: Vec<Vec<Vec<u64>>> = parts
                .iter_mut()
                .map(|part| {
                    part.postings
                        .get_mut(lane)
                        .map(std::mem::take)
                        .unwrap_or_default()
                })
                .collect();
            let mut starts = vec![0usize; distinct.len() + 1];
            for (blocks, ranks) in lane_blocks.iter().zip(&ranks) {
                for block in blocks {
                    for posting in block {
                        starts[ranks[(posting >> TERM_SHIFT) as usize] + 1] += 1;
                    }
                }
            }
            for place in 1..starts.len() {
                starts[place] += starts[place - 1];
            }
            let low = (1u64 << TERM_SHIFT) - 1;
            let mut placed = vec![0u64; starts[distinct.len()]];
            let mut next = starts.clone();
            for (blocks, ranks) in lane_blocks.into_iter().zip(&ranks) {
                for block in blocks {
                    for posting in block {
                        let place = &mut next[ranks[(posting >> TERM_SHIFT) as usize]];
                        placed[*place] = posting & low;
                        *place += 1;
                    }
                }
            }
            // `shard_file` of the terms' `posting_fragment`s, written in place.
            let mut file = String::with_capacity(text_bytes + placed.len() * 8 + 64);
            file.push_str("PlaybookSearch.shard(");
            push_u32(&mut file, index as u32);
            file.push_str(",{");
            let mut first = true;
            for (rank, &(part, number)) in distinct.iter().enumerate() {
                let run = &mut placed[starts[rank]..starts[rank + 1]];
                if run.is_empty() {
                    continue;
                }
                run.sort_unstable();
                if !first {
                    file.push(',');
                }
                first = false;
                let numbers = run.iter().flat_map(|posting| {
                    [
                        (posting >> DOC_SHIFT) as u32,
                        (posting & ((1 << DOC_SHIFT) - 1)) as u32,
                    ]
                });
                push_posting_fragment(&mut file, parts[part as usize].term(number), numbers);
            }
            file.push_str("});\n");
            files.push(file);
        }
        files
    }
}

/// A lane of a `StreamingIndex`: one edition's documents.
struct Lane {
    documents: usize,
    /// Blocks of entries waiting for the rest of their pages.
    blocks: Mutex<HashMap<usize, Vec<Option<Arc<Entry>>>>>,
}

impl StreamingIndex {
    /// An index for an edition of `documents` pages (at most
    /// `STREAM_MAX_DOCUMENTS`; any beyond are not indexed).
    pub fn new(documents: usize) -> Self {
        Self::with_lanes(&[documents])
    }

    /// The indexes of several editions of these numbers of `documents`
    /// (lanes), made together: a term a page of several editions has is
    /// looked up once for all, and each shard's terms are sorted once.
    /// The lanes must have the same `shard_count` (`can_share`); the
    /// files of each are those of its own index, byte for byte (tested).
    pub fn with_lanes(documents: &[usize]) -> Self {
        let shards = shard_count(documents.first().copied().unwrap_or(0));
        let parts = (0..=rayon::current_num_threads())
            .map(|_| std::sync::Mutex::new((0..shards).map(|_| ShardPostings::default()).collect()))
            .collect();
        StreamingIndex {
            shards,
            lanes: documents
                .iter()
                .map(|&documents| Lane {
                    documents,
                    blocks: std::sync::Mutex::new(HashMap::new()),
                })
                .collect(),
            parts,
        }
    }

    /// Whether editions of `a` and `b` documents can be lanes of one index.
    pub fn can_share(a: usize, b: usize) -> bool {
        shard_count(a) == shard_count(b)
    }

    /// Adds page number `doc` (its place in the edition's order) of the
    /// one lane (`new`); returns a documents file (path, content) when
    /// this page completes its block.
    pub fn add(&self, doc: usize, mut entry: Entry) -> Result<Option<(String, String)>, Poisoned> {
        self.add_terms(&[(0, doc)], &document_terms(&entry))?;
        entry.keep_snippet_only();
        self.add_entry(0, doc, Arc::new(entry))
    }

    /// Adds `terms` as those of page `doc` of `lane`, for each (lane, doc)
    /// of `places` (the same page in several editions: each term looked up
    /// once).
    pub fn add_terms(&self, places: &[(usize, usize)], terms: &Terms) -> Result<(), Poisoned> {
        let places: Vec<(usize, usize)> = places
            .iter()
            .copied()
            .filter(|&(lane, doc)| lane < self.lanes.len() && doc < STREAM_MAX_DOCUMENTS)
            .collect();
        if places.is_empty() {
            return Ok(());
        }
        // This thread's part (the last one: a thread outside the pool).
        let last = self.parts.len() - 1;
        let part = rayon::current_thread_index()
            .filter(|&part| part < last)
            .unwrap_or(last);
        let mut shards = lock(&self.parts[part])?;
        // A power of two: a mask, not a division, for each of the
        // million terms of an edition.
        let shard_mask = self.shards - 1;
        for (term, hash, score) in terms.iter_hashed() {
            shards[hash as usize & shard_mask].add(term, hash, &places, score);
        }
        Ok(())
    }

    /// Adds the entry of page `doc` of `lane`; returns a documents file
    /// (path, content) when this page completes its block.
    pub fn add_entry(
        &self,
        lane: usize,
        doc: usize,
        entry: Arc<Entry>,
    ) -> Result<Option<(String, String)>, Poisoned> {
        let Some(lane) = self.lanes.get(lane) else {
            return Ok(None);
        };
        let block = doc / DOCS_PER_CHUNK;
        let Some(size) = lane
            .documents
            .checked_sub(block * DOCS_PER_CHUNK)
            .map(|left| left.min(DOCS_PER_CHUNK))
        else {
            return Ok(None);
        };
        let complete = {
            let mut blocks = lock(&lane.blocks)?;
            let entries = blocks.entry(block).or_insert_with(|| vec![None; size]);
            let Some(slot) = entries.get_mut(doc % DOCS_PER_CHUNK) else {
                return Ok(None);
            };
            *slot = Some(entry);
            if entries.iter().all(Option::is_some) {
                blocks.remove(&block)
            } else {
                None
            }
        };
        let Some(complete) = complete else {
            return Ok(None);
        };
        let entries: Vec<Arc<Entry>> = complete.into_iter().flatten().collect();
        Ok(Some((
            format!("search/docs-{block}.js"),
            docs_file(block, &entries),
        )))
    }

    /// The rest of the index of the one lane (`new`): `finish_lanes`.
    pub fn finish<R: Send>(
        self,
        emit: impl Fn(String, String) -> R + Sync,
    ) -> Result<Vec<R>, Poisoned> {
        Ok(self
            .finish_lanes(|_, path, content| emit(path, content))?
            .into_iter()
            .flatten()
            .collect())
    }

    /// The rest of each lane's index: `meta.js` and every shard (and the
    /// empty documents file of an empty edition), each handed to `emit`
    /// with its lane; what `emit` returns, per lane.
    pub fn finish_lanes<R: Send>(
        self,
        emit: impl Fn(usize, String, String) -> R + Sync,
    ) -> Result<Vec<Vec<R>>, Poisoned> {
        let lanes = self.lanes.len();
        let mut results: Vec<Vec<R>> = self
            .lanes
            .iter()
            .enumerate()
            .map(|(number, lane)| {
                let chunks = lane.documents.div_ceil(DOCS_PER_CHUNK).max(1);
                vec![emit(
                    number,
                    "search/meta.js".to_string(),
                    format!(
                        "PlaybookSearch.meta({});\n",
                        serde_json::json!({ "shards": self.shards, "chunks": chunks, "perChunk": DOCS_PER_CHUNK, "count": lane.documents })
                    ),
                )]
            })
            .collect();
        // Each shard's parts, one from each thread's set.
        let mut by_shard: Vec<Vec<ShardPostings>> = (0..self.shards).map(|_| Vec::new()).collect();
        for part in self.parts {
            for (shard, postings) in part
                .into_inner()
                .map_err(|_| Poisoned)?
                .into_iter()
                .enumerate()
            {
                if let Some(parts) = by_shard.get_mut(shard) {
                    parts.push(postings);
                }
            }
        }
        let written: Vec<Vec<(usize, R)>> = by_shard
            .into_par_iter()
            .enumerate()
            .map(|(index, shard)| {
                ShardPostings::into_files(shard, index, lanes)
                    .into_iter()
                    .enumerate()
                    .map(|(lane, file)| {
                        (lane, emit(lane, format!("search/shard-{index}.js"), file))
                    })
                    .collect()
            })
            .collect();
        for (lane, result) in written.into_iter().flatten() {
            results[lane].push(result);
        }
        for (number, lane) in self.lanes.iter().enumerate() {
            if lane.documents == 0 {
                results[number].push(emit(
                    number,
                    "search/docs-0.js".to_string(),
                    "PlaybookSearch.docs(0,[]);\n".to_string(),
                ));
            }
        }
        Ok(results)
    }
}

/// The first `SNIPPET_TEXT_CHARS` characters of a text.
pub fn snippet_text(text: &str) -> &str {
    // A text of no more bytes than that has no more characters; else the
    // characters are counted by their first bytes (every byte but the
    // continuation bytes `10xxxxxx` starts one), without decoding them.
    if text.len() <= SNIPPET_TEXT_CHARS {
        return text;
    }
    let mut count = 0;
    for (at, byte) in text.bytes().enumerate() {
        if (byte as i8) >= -0x40 {
            if count == SNIPPET_TEXT_CHARS {
                return &text[..at];
            }
            count += 1;
        }
    }
    text
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
    let mut in_tag = false;
    let bytes = html.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if in_tag {
            in_tag = byte != b'>';
            at += 1;
            continue;
        }
        match byte {
            b'<' => {
                in_tag = true;
                pending_space = !text.is_empty();
                at += 1;
            }
            b'&' => {
                let (width, decoded) = ENTITIES
                    .iter()
                    .find(|(entity, _)| html[at..].starts_with(entity))
                    .map_or((1, '&'), |(entity, decoded)| (entity.len(), *decoded));
                if decoded == ' ' {
                    pending_space = !text.is_empty();
                } else {
                    if pending_space {
                        text.push(' ');
                        pending_space = false;
                    }
                    text.push(decoded);
                }
                at += width;
            }
            b' ' | b'\t'..=b'\r' => {
                pending_space = !text.is_empty();
                at += 1;
            }
            _ => {
                // A run of visible characters, copied whole: it ends at a
                // tag, an entity or any white space (Chinese text has
                // U+3000, the ideographic space).
                let start = at;
                while at < bytes.len() {
                    let byte = bytes[at];
                    if byte < 0x80 {
                        if matches!(byte, b'<' | b'&' | b' ' | b'\t'..=b'\r') {
                            break;
                        }
                        at += 1;
                    } else {
                        let c = html[at..].chars().next().unwrap_or(' ');
                        if c.is_whitespace() {
                            break;
                        }
                        at += c.len_utf8();
                    }
                }
                if at == start {
                    // A non-ASCII white space character.
                    pending_space = !text.is_empty();
                    at += html[at..].chars().next().map_or(1, char::len_utf8);
                    continue;
                }
                if pending_space {
                    text.push(' ');
                    pending_space = false;
                }
                text.push_str(&html[start..at]);
            }
        }
    }
    text
}

// The one interface `render` calls for the search indexes of the editions
// it renders together: each edition's pages are added as they are made
// (`Indexes::add`), and `Indexes::finish` writes the rest. Behind it,
// editions whose indexes have as many shards are lanes of one streaming
// index (a term of a page they share is looked up once); an edition whose
// last index is kept and has the same documents (a `watch` rebuild after
// a body or field edit) has that index patched instead.

/// What `Indexes::open` is told of one edition's index.
pub struct IndexPlan {
    /// The IDs of the edition's documents, in its order.
    pub ids: Vec<String>,
    /// The index kept from the last rendering of the edition, if any.
    pub previous: Option<IndexState>,
    /// Whether to keep this index for the next rendering.
    pub keep: bool,
}

/// A file of an index: made now, or shared with a kept index.
pub enum IndexFile {
    Made(String),
    Shared(Arc<[u8]>),
}

/// One page of an edition, as `Indexes::add` takes it: the edition's
/// number, the page's place in the edition's order, its entry (the
/// snippet's text is enough, `Entry::keep_snippet_only`) and its terms.
pub type IndexedPage = (usize, usize, Arc<Entry>, Arc<Terms>);

/// A page's entry and terms, kept for the next rendering's index.
type KeptPage = (Arc<Entry>, Arc<Terms>);

/// The search indexes of the editions rendered together.
pub struct Indexes {
    streams: Vec<StreamingIndex>,
    editions: Vec<EditionIndex>,
}

/// How one edition's index is made.
struct EditionIndex {
    ids: Vec<String>,
    how: How,
    /// Each page's entry and terms, by place, while the index is to be
    /// kept or patched.
    pages: Option<Mutex<Vec<Option<KeptPage>>>>,
    /// The files written, while a streamed index is to be kept.
    files: Option<Mutex<BTreeMap<String, Arc<[u8]>>>>,
}

enum How {
    /// Lane `lane` of stream `stream`.
    Stream { stream: usize, lane: usize },
    /// The kept index, patched at the end.
    Patch(IndexState),
}

/// A lock another thread panicked while holding (a bug): reported, never
/// skipped (the index would silently miss pages).
#[derive(Debug)]
pub struct Poisoned;

impl std::fmt::Display for Poisoned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a search index thread stopped unexpectedly")
    }
}

fn lock<T>(mutex: &Mutex<T>) -> Result<std::sync::MutexGuard<'_, T>, Poisoned> {
    mutex.lock().map_err(|_| Poisoned)
}

impl Indexes {
    pub fn open(plans: Vec<IndexPlan>) -> Self {
        let mut stream_documents: Vec<Vec<usize>> = Vec::new();
        let editions = plans
            .into_iter()
            .map(|plan| {
                let documents = plan.ids.len();
                let previous = plan
                    .previous
                    .filter(|previous| previous.has_documents(&plan.ids));
                let kept = plan.keep || previous.is_some();
                let how = match previous {
                    Some(previous) => How::Patch(previous),
                    None => {
                        let shared = stream_documents.iter().position(|lanes| {
                            lanes
                                .first()
                                .is_some_and(|&first| StreamingIndex::can_share(first, documents))
                        });
                        let stream = shared.unwrap_or_else(|| {
                            stream_documents.push(Vec::new());
                            stream_documents.len() - 1
                        });
                        stream_documents[stream].push(documents);
                        How::Stream {
                            stream,
                            lane: stream_documents[stream].len() - 1,
                        }
                    }
                };
                let streamed_and_kept = plan.keep && matches!(how, How::Stream { .. });
                EditionIndex {
                    ids: plan.ids,
                    how,
                    pages: kept.then(|| Mutex::new(vec![None; documents])),
                    files: streamed_and_kept.then(|| Mutex::new(BTreeMap::new())),
                }
            })
            .collect();
        Indexes {
            streams: stream_documents
                .iter()
                .map(|documents| StreamingIndex::with_lanes(documents))
                .collect(),
            editions,
        }
    }

    /// Adds one document's pages in the editions that have it. The same
    /// terms in several lanes of a stream are added once for all of them.
    /// Returns the documents files these pages complete: (edition, path,
    /// file).
    pub fn add(
        &self,
        mut pages: Vec<IndexedPage>,
    ) -> Result<Vec<(usize, String, IndexFile)>, Poisoned> {
        let mut files = Vec::new();
        for (edition, place, entry, terms) in &pages {
            let Some(index) = self.editions.get(*edition) else {
                continue;
            };
            if let Some(kept) = &index.pages
                && let Some(slot) = lock(kept)?.get_mut(*place)
            {
                *slot = Some((entry.clone(), terms.clone()));
            }
            if let How::Stream { stream, lane } = index.how
                && let Some((path, content)) =
                    self.streams[stream].add_entry(lane, *place, entry.clone())?
            {
                files.push((
                    *edition,
                    path.clone(),
                    self.record(*edition, path, content)?,
                ));
            }
        }
        pages.retain(|(edition, ..)| {
            matches!(
                self.editions.get(*edition).map(|index| &index.how),
                Some(How::Stream { .. })
            )
        });
        while let Some((edition, place, _, terms)) = pages.pop() {
            let How::Stream { stream, lane } = self.editions[edition].how else {
                continue;
            };
            let mut lane_places = vec![(lane, place)];
            pages.retain(|(other, place, _, other_terms)| {
                let same = matches!(self.editions[*other].how,
                    How::Stream { stream: s, .. } if s == stream)
                    && Arc::ptr_eq(other_terms, &terms);
                if same && let How::Stream { lane, .. } = self.editions[*other].how {
                    lane_places.push((lane, *place));
                }
                !same
            });
            self.streams[stream].add_terms(&lane_places, &terms)?;
        }
        Ok(files)
    }

    /// A file of a streamed index: kept too, if the index is.
    fn record(&self, edition: usize, path: String, content: String) -> Result<IndexFile, Poisoned> {
        match self
            .editions
            .get(edition)
            .and_then(|index| index.files.as_ref())
        {
            Some(files) => {
                let bytes: Arc<[u8]> = Arc::from(content.into_bytes());
                lock(files)?.insert(path, bytes.clone());
                Ok(IndexFile::Shared(bytes))
            }
            None => Ok(IndexFile::Made(content)),
        }
    }

    /// Writes the rest of each edition's index through `emit` (edition,
    /// path, file): what `emit` returned per edition, and per edition the
    /// index to keep (when asked to keep it, and every page was added).
    #[allow(clippy::type_complexity)]
    pub fn finish<R: Send>(
        self,
        emit: impl Fn(usize, &str, IndexFile) -> R + Sync,
    ) -> Result<(Vec<Vec<R>>, Vec<Option<IndexState>>), Poisoned> {
        let Indexes { streams, editions } = self;
        let mut results: Vec<Vec<R>> = editions.iter().map(|_| Vec::new()).collect();
        let edition_of = |stream: usize, lane: usize| {
            editions.iter().position(|index| {
                matches!(index.how, How::Stream { stream: s, lane: l } if s == stream && l == lane)
            })
        };
        for (number, stream) in streams.into_iter().enumerate() {
            let written = stream.finish_lanes(|lane, path, content| {
                let edition = edition_of(number, lane)?;
                let file = match editions[edition].files.as_ref() {
                    Some(files) => {
                        let bytes: Arc<[u8]> = Arc::from(content.into_bytes());
                        match lock(files) {
                            Ok(mut files) => {
                                files.insert(path.clone(), bytes.clone());
                            }
                            Err(poisoned) => return Some(Err(poisoned)),
                        }
                        IndexFile::Shared(bytes)
                    }
                    None => IndexFile::Made(content),
                };
                Some(Ok((edition, emit(edition, &path, file))))
            })?;
            for written in written.into_iter().flatten().flatten() {
                let (edition, result) = written?;
                results[edition].push(result);
            }
        }
        let mut states = Vec::with_capacity(editions.len());
        for (number, index) in editions.into_iter().enumerate() {
            let pages = match index.pages {
                Some(pages) => pages.into_inner().map_err(|_| Poisoned)?,
                None => {
                    states.push(None);
                    continue;
                }
            };
            // A page that failed to render leaves its slot empty: its
            // error is reported, and no index is kept or patched.
            let Some(pages): Option<Vec<KeptPage>> = pages.into_iter().collect() else {
                states.push(None);
                continue;
            };
            let (entries, terms): (Vec<Arc<Entry>>, Vec<Arc<Terms>>) = pages.into_iter().unzip();
            match index.how {
                How::Patch(previous) => {
                    let (state, written) = patch(previous, &entries, &terms, |path, bytes| {
                        emit(number, path, IndexFile::Shared(bytes))
                    });
                    results[number].extend(written);
                    states.push(Some(state));
                }
                How::Stream { .. } => {
                    let files = match index.files {
                        Some(files) => files.into_inner().map_err(|_| Poisoned)?,
                        None => BTreeMap::new(),
                    };
                    states.push(Some(IndexState::of_pages(index.ids, terms, files)));
                }
            }
        }
        Ok((results, states))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// The index made the plain way, from every page's terms at once: the
    /// model the streaming and patched indexes are held to.
    fn reference(entries: &[Entry]) -> Vec<(String, String)> {
        // Tokenizing is the costly part: one document per task.
        let terms: Vec<Terms> = entries.par_iter().map(document_terms).collect();
        build_with_terms(entries, &terms, |path, content| (path, content))
    }

    /// `build`, with each document's terms already made (`terms[i]` are those
    /// of `entries[i]`, as `document_terms` makes them). Each file is handed to
    /// `emit` as soon as it is made, from several threads, so the index is
    /// never all in memory; what `emit` returns is collected (in no set order).
    fn build_with_terms<D, T, R, E>(entries: &[D], terms: &[T], emit: E) -> Vec<R>
    where
        D: std::borrow::Borrow<Entry> + Sync,
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
            let fragments: Vec<String> = sorted
                .into_iter()
                .map(|(term, list)| posting_fragment(term, list))
                .collect();
            emit(
                format!("search/shard-{index}.js"),
                shard_file(index, fragments.iter().map(String::as_str)),
            )
        }));
        drop(postings);
        results.par_extend(
            entries
                .par_chunks(DOCS_PER_CHUNK)
                .enumerate()
                .map(|(index, chunk)| {
                    emit(format!("search/docs-{index}.js"), docs_file(index, chunk))
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
        let files: BTreeMap<String, String> =
            build(&[entry("SLA-A", "Chat in 2 minutes", "</script> 响应时间")])
                .unwrap()
                .into_iter()
                .collect();
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["search/docs-0.js", "search/meta.js", "search/shard-0.js"]
        );
        assert!(files["search/shard-0.js"].contains("\"#sla-a\":[0,1000]"));
        assert!(!files["search/docs-0.js"].contains("</script>"));
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

    /// Every file of an index, by path.
    fn files_of(
        entries: &[Entry],
        terms: &[Arc<Terms>],
        previous: Option<IndexState>,
    ) -> (IndexState, BTreeMap<String, Vec<u8>>) {
        let bytes_of = |file: IndexFile| match file {
            IndexFile::Made(content) => content.into_bytes(),
            IndexFile::Shared(bytes) => bytes.to_vec(),
        };
        let indexes = Indexes::open(vec![IndexPlan {
            ids: entries.iter().map(|entry| entry.id.clone()).collect(),
            previous,
            keep: true,
        }]);
        let mut files = BTreeMap::new();
        for (place, (entry, terms)) in entries.iter().zip(terms).enumerate() {
            let mut entry = entry.clone();
            entry.keep_snippet_only();
            let page = (0, place, Arc::new(entry), terms.clone());
            for (_, path, file) in indexes.add(vec![page]).unwrap() {
                files.insert(path, bytes_of(file));
            }
        }
        let (written, mut states) = indexes
            .finish(|_, path, file| (path.to_string(), bytes_of(file)))
            .unwrap();
        files.extend(written.into_iter().flatten());
        (states.pop().flatten().unwrap(), files)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// An index updated for changed pages equals one built from
        /// nothing, and the shards equal the plain serialisation.
        #[test]
        fn incremental_index_equals_a_fresh_one(
            texts in proptest::collection::vec("[a-e 中文字<&]{0,30}", 1..70),
            edits in proptest::collection::vec((0usize..70, "[a-f 文字甲]{0,30}"), 0..6),
        ) {
            let make = |texts: &[String]| -> Vec<Entry> {
                texts.iter().enumerate().map(|(n, text)| entry(&format!("FAQ-{n}"), "t", text)).collect()
            };
            let entries = make(&texts);
            let terms: Vec<Arc<Terms>> = entries.iter().map(|e| Arc::new(document_terms(e))).collect();
            let (state, first) = files_of(&entries, &terms, None);
            let plain: BTreeMap<String, Vec<u8>> = reference(&entries).into_iter().map(|(p, c)| (p, c.into_bytes())).collect();
            proptest::prop_assert_eq!(&first, &plain);
            let mut edited = texts.clone();
            let mut new_terms = terms.clone();
            let mut new_entries = entries.clone();
            for (at, text) in edits {
                let at = at % edited.len();
                edited[at] = text;
                new_entries[at] = make(&edited)[at].clone();
                new_terms[at] = Arc::new(document_terms(&new_entries[at]));
            }
            let (_, updated) = files_of(&new_entries, &new_terms, Some(state));
            let fresh: BTreeMap<String, Vec<u8>> = reference(&new_entries).into_iter().map(|(p, c)| (p, c.into_bytes())).collect();
            proptest::prop_assert_eq!(updated, fresh);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// Pages added from several threads in any order give the files
        /// `build` makes from all of them.
        #[test]
        fn streaming_index_equals_the_whole_one(
            texts in proptest::collection::vec("[a-e 中文字<&]{0,30}", 0..90),
            seed in 0u64..1000,
        ) {
            let entries: Vec<Entry> = texts.iter().enumerate().map(|(n, text)| entry(&format!("FAQ-{n}"), "t", text)).collect();
            let whole: BTreeMap<String, String> = reference(&entries).into_iter().collect();
            let index = StreamingIndex::new(entries.len());
            let mut order: Vec<usize> = (0..entries.len()).collect();
            // A shuffled order, as threads would finish pages.
            let mut state = seed;
            for i in (1..order.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (state >> 33) as usize % (i + 1));
            }
            let mut streamed: BTreeMap<String, String> = BTreeMap::new();
            for doc in order {
                if let Some((path, content)) = index.add(doc, entries[doc].clone()).unwrap() {
                    streamed.insert(path, content);
                }
            }
            for (path, content) in index.finish(|path, content| (path, content)).unwrap() {
                streamed.insert(path, content);
            }
            proptest::prop_assert_eq!(streamed, whole);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// Two editions indexed as lanes of one index (pages they share
        /// added once, some pages only in the first, some with other text
        /// in the second) give each the files of its own index.
        #[test]
        fn lanes_equal_their_own_indexes(
            pages in proptest::collection::vec(
                ("[a-e 中文字<&]{0,30}", 0u8..3, "[a-c 字]{0,12}"),
                0..60,
            ),
        ) {
            // Each page: its text, and whether the second edition leaves
            // it out (0), has it the same (1) or with other text (2).
            let first: Vec<Entry> = pages
                .iter()
                .enumerate()
                .map(|(n, (text, _, _))| entry(&format!("FAQ-{n}"), "t", text))
                .collect();
            let second: Vec<(usize, Entry)> = pages
                .iter()
                .enumerate()
                .filter(|(_, (_, how, _))| *how != 0)
                .map(|(n, (text, how, other))| {
                    let text = if *how == 2 { other } else { text };
                    (n, entry(&format!("FAQ-{n}"), "t", text))
                })
                .collect();
            proptest::prop_assume!(StreamingIndex::can_share(first.len(), second.len()));
            let alone = |entries: Vec<Entry>| -> BTreeMap<String, String> {
                let index = StreamingIndex::new(entries.len());
                let mut files: BTreeMap<String, String> = BTreeMap::new();
                for (doc, entry) in entries.into_iter().enumerate() {
                    files.extend(index.add(doc, entry).unwrap());
                }
                files.extend(index.finish(|path, content| (path, content)).unwrap());
                files
            };
            let index = StreamingIndex::with_lanes(&[first.len(), second.len()]);
            let mut together: [BTreeMap<String, String>; 2] = Default::default();
            let place_in_second = |n: usize| second.iter().position(|(m, _)| *m == n);
            for (n, entry) in first.iter().enumerate() {
                let terms = document_terms(entry);
                let mut places = vec![(0, n)];
                if let Some(place) = place_in_second(n) {
                    let other = &second[place].1;
                    if other.text == entry.text {
                        places.push((1, place));
                    } else {
                        index.add_terms(&[(1, place)], &document_terms(other)).unwrap();
                    }
                    together[1].extend(index.add_entry(1, place, Arc::new(other.clone())).unwrap());
                }
                index.add_terms(&places, &terms).unwrap();
                together[0].extend(index.add_entry(0, n, Arc::new(entry.clone())).unwrap());
            }
            for (lane, files) in index
                .finish_lanes(|lane, path, content| (lane, path, content))
                .unwrap()
                .into_iter()
                .enumerate()
            {
                for (at, path, content) in files {
                    proptest::prop_assert_eq!(at, lane);
                    together[lane].insert(path, content);
                }
            }
            let [together_first, together_second] = together;
            proptest::prop_assert_eq!(together_first, alone(first.clone()));
            proptest::prop_assert_eq!(
                together_second,
                alone(second.into_iter().map(|(_, entry)| entry).collect())
            );
        }
    }

    /// The plain form of `document_terms` (std's lower case and map, the
    /// query side's tokenizer), as sorted (term, score) pairs.
    fn document_terms_reference(entry: &Entry) -> Vec<(String, u32)> {
        let mut scores: HashMap<String, (u32, u32)> = HashMap::new();
        let fields = [(&entry.title, TITLE_WEIGHT), (&entry.id, TITLE_WEIGHT)]
            .into_iter()
            .chain(entry.tags.iter().map(|tag| (tag, TAG_WEIGHT)));
        for (field, weight) in fields {
            for (token, _) in tokenize::tokenize(field) {
                let score = scores.entry(token).or_default();
                score.0 = score.0.max(weight);
            }
        }
        for (token, _) in tokenize::tokenize(&entry.text) {
            let score = scores.entry(token).or_default();
            score.1 = (score.1 + BODY_WEIGHT).min(BODY_CAP);
        }
        let mut terms: Vec<(String, u32)> = scores
            .into_iter()
            .map(|(term, (field, body))| (term, field + body))
            .collect();
        terms.push((format!("#{}", entry.id.to_lowercase()), 1_000));
        terms.sort();
        terms
    }

    proptest::proptest! {
        #[test]
        fn document_terms_equal_the_plain_form(
            title in "[A-Za-z 响应时间Σ]{0,12}",
            text in "([a-zA-Z0-9 .-]|[中文响应时间カ]|\\PC){0,60}",
            tags in proptest::collection::vec("[a-z培训]{1,4}", 0..3),
        ) {
            let mut entry = entry("SLA-Chat-01", &title, &text);
            entry.tags = tags;
            let mut terms: Vec<(String, u32)> = document_terms(&entry)
                .iter()
                .map(|(term, score)| (term.to_string(), score))
                .collect();
            terms.sort();
            proptest::prop_assert_eq!(terms, document_terms_reference(&entry));
        }
    }

    /// JSON that is also safe inside a script (what `push_json_str` and the
    /// files of the index were first written with): `<`, `>` and `&` escaped, so a
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

    proptest::proptest! {
        #[test]
        fn hand_written_json_equals_serde_json(
            text in "([a-z\"\\\\<>&/\u{0}-\u{1f}\u{7f}\u{2028}\u{2029}中é]|\\PC){0,30}",
            list in proptest::collection::vec(proptest::num::u32::ANY, 0..6),
            small in proptest::collection::vec(0u32..2000, 0..12),
        ) {
            // Scores and document numbers are mostly small: every length
            // of number is written as `to_json` writes it.
            proptest::prop_assert_eq!(
                posting_fragment("t", &small),
                format!("\"t\":{}", to_json(&small))
            );
            let mut json = String::new();
            push_json_str(&mut json, &text);
            proptest::prop_assert_eq!(&json, &to_json(&text));
            proptest::prop_assert_eq!(
                posting_fragment(&text, &list),
                format!("{}:{}", to_json(&text), to_json(&list))
            );
            let entries = [entry("A", &text, "x"), entry(&text, "t", &text)];
            #[derive(Serialize)]
            struct Doc<'a>(&'a str, &'a str, &'a str, &'a str, &'a str);
            let docs: Vec<Doc<'_>> = entries
                .iter()
                .map(|e| Doc(&e.id, &e.title, &e.kind_label, &e.url, snippet_text(&e.text)))
                .collect();
            proptest::prop_assert_eq!(
                docs_file(7, &entries),
                format!("PlaybookSearch.docs(7,{});\n", to_json(&docs))
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// `snippet_text` counts characters as `char_indices` does, around
        /// the limit and in every width of UTF-8.
        #[test]
        fn snippet_text_keeps_the_first_characters(
            widths in proptest::collection::vec(0usize..4, 2_990..3_010),
        ) {
            let text: String = widths
                .iter()
                .map(|&width| ['a', 'é', '中', '😀'][width])
                .collect();
            let expected = match text.char_indices().nth(SNIPPET_TEXT_CHARS) {
                Some((end, _)) => &text[..end],
                None => text.as_str(),
            };
            proptest::prop_assert_eq!(snippet_text(&text), expected);
        }
    }

    #[test]
    fn terms_whose_hashes_collide_stay_apart() {
        // Two words (with digits: kept whole by the stemmer) with the same
        // `term_hash`, found by trying `w0`, `w1`, … in turn.
        let (first, second) = ("w673879", "w1180600");
        assert_eq!(term_hash(first), term_hash(second));
        let entries = [
            entry("FAQ-1", "t", &format!("{first} {first} {second}")),
            entry("FAQ-2", "t", second),
            entry("FAQ-3", "t", &format!("{second} {first}")),
        ];
        let index = StreamingIndex::new(entries.len());
        let mut streamed: BTreeMap<String, String> = BTreeMap::new();
        for doc in [2, 0, 1] {
            streamed.extend(index.add(doc, entries[doc].clone()).unwrap());
        }
        streamed.extend(index.finish(|path, content| (path, content)).unwrap());
        let whole: BTreeMap<String, String> = reference(&entries).into_iter().collect();
        assert_eq!(streamed, whole);
        let shard = &whole["search/shard-0.js"];
        assert!(shard.contains(&format!("\"{first}\":[0,2,2,1]")), "{shard}");
        assert!(
            shard.contains(&format!("\"{second}\":[0,1,1,1,2,1]")),
            "{shard}"
        );
    }

    #[test]
    fn shard_file_equals_the_map_serialised_whole() {
        let mut map: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        map.insert("a<b", vec![0, 1, 3, 2]);
        map.insert("中文", vec![1, 5]);
        let whole = format!("PlaybookSearch.shard(3,{});\n", to_json(&map));
        let pieces: Vec<String> = map.iter().map(|(t, l)| posting_fragment(t, l)).collect();
        assert_eq!(shard_file(3, pieces.iter().map(String::as_str)), whole);
        let empty: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        assert_eq!(
            shard_file(0, std::iter::empty()),
            format!("PlaybookSearch.shard(0,{});\n", to_json(&empty))
        );
    }

    #[test]
    fn shards_scale_with_documents() {
        assert_eq!(shard_count(30), 1);
        assert_eq!(shard_count(60), 2);
        assert_eq!(shard_count(1_000), 32);
        assert_eq!(shard_count(10_000), 256);
    }
}
