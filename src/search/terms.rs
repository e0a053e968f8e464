//! A document's search terms and their scores (`document_terms`): words,
//! CJK characters and bigrams from its title, ID, tags and text, packed
//! into one `Terms`; and which shard a term falls in.

use super::*;

pub(super) const TITLE_WEIGHT: u32 = 10;

pub(super) const TAG_WEIGHT: u32 = 4;

pub(super) const BODY_WEIGHT: u32 = 1;

/// Body occurrences beyond this add nothing (long pages do not win by length).
pub(super) const BODY_CAP: u32 = 6;

/// The score of a document's whole ID (`#sla-chat-01`) as a term.
pub(super) const ID_SCORE: u32 = 1_000;

/// FNV-1a over the UTF-8 bytes: the browser computes the same shard.
pub fn shard_of(term: &str, shards: usize) -> usize {
    (term_hash(term) as usize) % shards.max(1)
}

/// FNV-1a of a term, the hash `shard_of` takes modulo the shard count.
pub(super) fn term_hash(term: &str) -> u32 {
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
pub(super) type TermMap<K, V> = crate::fasthash::FastMap<K, V>;

/// The terms of one document with their scores, packed into one string and
/// one list (a few allocations per document instead of one per term).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Terms {
    pub(super) text: String,
    /// (end of the term in `text`, `term_hash` of it, score), in the order
    /// the terms were added.
    pub(super) ends: Vec<(u32, u32, u32)>,
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
    pub(super) fn iter_hashed(&self) -> impl Iterator<Item = (&str, u32, u32)> + '_ {
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
pub(super) struct Scores<'t> {
    pub(super) words: TermMap<&'t str, (u32, u32)>,
    /// Keyed by numbers: one multiplication hashes them (`SpreadHasher`).
    pub(super) cjk: HashMap<u64, (u32, u32), std::hash::BuildHasherDefault<SpreadHasher>>,
}

/// Marks a `Scores::cjk` key as a bigram (code points take 21 bits each).
pub(super) const BIGRAM_KEY: u64 = 1 << 42;

impl<'t> Scores<'t> {
    // Inlined into the tokenizer's loop: called for each of a page's
    // thousands of tokens, the call itself was a fifth of its cost.
    #[inline(always)]
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

/// The hasher of `ShardPostings::by_hash`, whose keys are already hashes
/// (`term_hash`): one multiplication spreads them over the 64 bits the map
/// uses, where `fasthash` mixes them again.
#[derive(Default)]
pub(super) struct SpreadHasher(u64);

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
