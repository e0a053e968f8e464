//! The search tokenizer. The browser runs the same algorithm
//! (`templates/search.js`, function `tokenize`); a test feeds both the same
//! strings and compares their tokens, so index and query always agree.
//!
//! - Letters and digits of alphabetic scripts form words, lower-cased and
//!   reduced by a small suffix stemmer (`escalation`, `escalate` → `escal`).
//! - Han, Hiragana and Katakana characters form runs that are indexed as
//!   overlapping bigrams plus single characters, so `响应时间` is found by
//!   `响应`, by `时间` and by `响`.
//! - Everything else separates tokens.

/// Whether a character is written without spaces between words (Chinese,
/// Japanese): such runs are cut into characters and bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0x20000..=0x2FFFF) // extensions B…
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if matches!(
        c,
        '，' | '。'
            | '、'
            | '：'
            | '；'
            | '！'
            | '？'
            | '（'
            | '）'
            | '《'
            | '》'
            | '“'
            | '”'
            | '—'
    ) {
        // Chinese punctuation, without the look-up in the Unicode tables.
        false
    } else {
        c.is_alphanumeric() && !is_cjk(c)
    }
}

/// `text.to_lowercase()`, made faster for Chinese: std looks every
/// non-ASCII character up in its case tables, and Han and kana characters
/// (`is_cjk`) and the punctuation around them have no case; runs of
/// characters that stay as they are are copied whole. A capital sigma,
/// whose lower case depends on its neighbours, sends the whole text to std.
pub fn lowercase(text: &str) -> String {
    let mut lower = String::with_capacity(text.len());
    // Where the run of characters copied as they are began.
    let mut run = 0;
    for (at, c) in text.char_indices() {
        if c.is_ascii() {
            if !c.is_ascii_uppercase() {
                continue;
            }
        } else if is_caseless(c) {
            continue;
        } else if c == 'Σ' {
            return text.to_lowercase();
        }
        lower.push_str(&text[run..at]);
        if c.is_ascii() {
            lower.push(c.to_ascii_lowercase());
        } else {
            lower.extend(c.to_lowercase());
        }
        run = at + c.len_utf8();
    }
    lower.push_str(&text[run..]);
    lower
}

/// Characters beyond ASCII without a lower case, known without std's
/// case tables: Han and kana (`is_cjk`), general punctuation (U+2000–
/// U+206F), CJK symbols and punctuation (U+3000–U+303F) and the full-width
/// signs and digits before the full-width capitals (U+FF01–U+FF20).
fn is_caseless(c: char) -> bool {
    is_cjk(c) || matches!(c as u32, 0x2000..=0x206F | 0x3000..=0x303F | 0xFF01..=0xFF20)
}

/// Suffixes removed from words, longest first; a stem keeps at least three
/// characters.
const SUFFIXES: [&str; 15] = [
    "ations", "ating", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ates", "ated",
    "ate", "es", "ed", "s",
];

/// The last letters of `SUFFIXES`.
const SUFFIX_ENDINGS: [bool; 256] = {
    let mut endings = [false; 256];
    let mut index = 0;
    while index < SUFFIXES.len() {
        let suffix = SUFFIXES[index].as_bytes();
        endings[suffix[suffix.len() - 1] as usize] = true;
        index += 1;
    }
    endings
};

/// Reduces an English-like word to a stem (a prefix of it). Words with
/// digits or non-ASCII letters are kept whole.
pub fn stem(word: &str) -> &str {
    // Most words end in a letter no suffix ends in, and are not looked
    // at further.
    match word.as_bytes().last() {
        Some(&last) if SUFFIX_ENDINGS[usize::from(last)] => {}
        _ => return word,
    }
    if word.bytes().any(|b| b.is_ascii_digit()) || !word.is_ascii() {
        return word;
    }
    for suffix in SUFFIXES {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.len() >= 3
        {
            return stem;
        }
    }
    word
}

/// How a token came to be, for weighting and for the query side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// A single CJK character.
    Unigram,
    /// Two adjacent CJK characters.
    Bigram,
}

/// Calls `emit` with every token of `lower` (text already lower-cased), in
/// order, as slices of it: no allocation per token, which matters when
/// indexing thousands of pages.
pub fn tokens_of_lowercase<'t>(lower: &'t str, mut emit: impl FnMut(&'t str, TokenKind)) {
    let mut word_start: Option<usize> = None;
    // Byte ranges of the characters of the current CJK run.
    let mut run: Vec<(usize, usize)> = Vec::new();
    let flush_run = |run: &mut Vec<(usize, usize)>, emit: &mut dyn FnMut(&'t str, TokenKind)| {
        for (index, &(start, end)) in run.iter().enumerate() {
            emit(&lower[start..end], TokenKind::Unigram);
            if let Some(&(_, next_end)) = run.get(index + 1) {
                emit(&lower[start..next_end], TokenKind::Bigram);
            }
        }
        run.clear();
    };
    for (offset, c) in lower.char_indices() {
        let end = offset + c.len_utf8();
        if is_cjk(c) {
            if let Some(start) = word_start.take() {
                emit(stem(&lower[start..offset]), TokenKind::Word);
            }
            run.push((offset, end));
        } else if is_word_char(c) {
            flush_run(&mut run, &mut emit);
            word_start.get_or_insert(offset);
        } else {
            if let Some(start) = word_start.take() {
                emit(stem(&lower[start..offset]), TokenKind::Word);
            }
            flush_run(&mut run, &mut emit);
        }
    }
    if let Some(start) = word_start.take() {
        emit(stem(&lower[start..]), TokenKind::Word);
    }
    flush_run(&mut run, &mut emit);
}

/// A token as `for_each_token` gives it: CJK characters as characters,
/// so that indexing does not slice and hash a string for each of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token<'t> {
    /// A stemmed word.
    Word(&'t str),
    Unigram(char),
    Bigram(char, char),
}

/// The tokens of `tokens_of_lowercase`, for indexing: the same tokens,
/// but a run's bigrams come right after their second character
/// (`a`, `b`, `ab`, `c`, `bc`), not between the characters, so that no
/// run has to be held; the index counts tokens and does not mind their
/// order (the query side, which does, uses `tokenize`).
pub fn for_each_token<'t>(lower: &'t str, mut emit: impl FnMut(Token<'t>)) {
    let mut word_start: Option<usize> = None;
    let mut previous_cjk: Option<char> = None;
    for (offset, c) in lower.char_indices() {
        if c.is_ascii() {
            // Most characters of most pages, told apart without the CJK
            // ranges (a third of this loop's instructions).
            previous_cjk = None;
            if c.is_ascii_alphanumeric() {
                word_start.get_or_insert(offset);
            } else if let Some(start) = word_start.take() {
                emit(Token::Word(stem(&lower[start..offset])));
            }
        } else if is_cjk(c) {
            if let Some(start) = word_start.take() {
                emit(Token::Word(stem(&lower[start..offset])));
            }
            emit(Token::Unigram(c));
            if let Some(previous) = previous_cjk {
                emit(Token::Bigram(previous, c));
            }
            previous_cjk = Some(c);
        } else {
            previous_cjk = None;
            if is_word_char(c) {
                word_start.get_or_insert(offset);
            } else if let Some(start) = word_start.take() {
                emit(Token::Word(stem(&lower[start..offset])));
            }
        }
    }
    if let Some(start) = word_start {
        emit(Token::Word(stem(&lower[start..])));
    }
}

/// Splits text into tokens, in order (duplicates kept).
pub fn tokenize(text: &str) -> Vec<(String, TokenKind)> {
    let lower = text.to_lowercase();
    let mut tokens = Vec::new();
    tokens_of_lowercase(&lower, |token, kind| tokens.push((token.to_string(), kind)));
    tokens
}

/// The tokens a query must match: words, and for CJK runs their bigrams
/// (a one-character run: the character itself).
pub fn query_terms(query: &str) -> Vec<String> {
    let tokens = tokenize(query);
    let mut terms: Vec<String> = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let (token, kind) = &tokens[index];
        match kind {
            TokenKind::Word | TokenKind::Bigram => terms.push(token.clone()),
            TokenKind::Unigram => {
                // A unigram stands alone only when no bigram follows it and
                // none precedes it (a one-character run).
                let followed = matches!(tokens.get(index + 1), Some((_, TokenKind::Bigram)));
                let preceded =
                    index > 0 && matches!(tokens.get(index - 1), Some((_, TokenKind::Bigram)));
                if !followed && !preceded {
                    terms.push(token.clone());
                }
            }
        }
        index += 1;
    }
    terms.dedup();
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: Vec<(String, TokenKind)>) -> Vec<String> {
        tokens.into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn chinese_runs_become_characters_and_bigrams() {
        assert_eq!(
            texts(tokenize("响应时间")),
            ["响", "响应", "应", "应时", "时", "时间", "间"]
        );
        assert_eq!(query_terms("响应时间"), ["响应", "应时", "时间"]);
        assert_eq!(query_terms("退"), ["退"]);
    }

    #[test]
    fn words_are_lower_cased_and_stemmed() {
        assert_eq!(
            texts(tokenize("Escalation escalate SLA-CHAT-01")),
            ["escal", "escal", "sla", "chat", "01"]
        );
        assert_eq!(query_terms("escalate"), ["escal"]);
    }

    proptest::proptest! {
        #[test]
        fn lowercase_equals_std(text in "([A-Za-z0-9 ΣσΑÉİẞǅ中文カ\u{20000}，。、：“”—…\u{3000}\u{2000}-\u{206f}\u{3000}-\u{303f}\u{ff01}-\u{ff5a}-]|\\PC){0,40}") {
            proptest::prop_assert_eq!(lowercase(&text), text.to_lowercase());
        }

        #[test]
        fn for_each_token_gives_the_tokens_of_tokenize(text in "([a-zA-Z0-9 -]|[中文响应カ]|\\PC){0,40}") {
            let lower = lowercase(&text);
            let mut streamed: Vec<String> = Vec::new();
            for_each_token(&lower, |token| streamed.push(match token {
                Token::Word(word) => word.to_string(),
                Token::Unigram(c) => c.to_string(),
                Token::Bigram(a, b) => format!("{a}{b}"),
            }));
            let mut whole = texts(tokenize(&text));
            streamed.sort();
            whole.sort();
            proptest::prop_assert_eq!(streamed, whole);
        }
    }

    proptest::proptest! {
        /// `stem` looks only at the suffixes ending in the word's last
        /// letter: the same stem as trying every suffix in order.
        #[test]
        fn stem_equals_trying_every_suffix(word in "[a-z0-9é]{0,3}(ations|ating|ation|ments|ment|ings|ing|ions|ion|ates|ated|ate|es|ed|s|[a-z]){0,2}") {
            let plain = if word.bytes().any(|b| b.is_ascii_digit()) || !word.is_ascii() {
                word.as_str()
            } else {
                SUFFIXES
                    .iter()
                    .find_map(|suffix| word.strip_suffix(suffix).filter(|stem| stem.len() >= 3))
                    .unwrap_or(&word)
            };
            proptest::prop_assert_eq!(stem(&word), plain);
        }
    }

    #[test]
    fn mixed_scripts_split_at_the_boundary() {
        assert_eq!(
            texts(tokenize("CSAT满意度")),
            ["csat", "满", "满意", "意", "意度", "度"]
        );
    }
}
