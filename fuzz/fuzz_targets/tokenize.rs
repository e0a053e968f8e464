//! The search tokenizer (index side and query side), the document terms
//! built from it, the index files of an edition, and the HTML-to-text step
//! the index reads pages through.
//!
//! Properties: no token is empty; a word is letters and digits of
//! alphabetic scripts; a unigram is one CJK character and a bigram two; the
//! terms of a query are among the tokens of the same text (so a page that
//! contains a query's text is found by it); and the index files are scripts
//! whose JSON cannot end the script (`<`, `>`, `&`, U+2028/9 escaped) and
//! reads back to what was indexed.

#![no_main]

mod common;

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use playbook::search::tokenize::{TokenKind, is_cjk, query_terms, tokenize};
use playbook::search::{self, Entry};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    common::init_rayon();
    run(text);
});

fn run(text: &str) {
    let tokens = tokenize(text);
    for (token, kind) in &tokens {
        assert!(!token.is_empty(), "empty token from {text:?}");
        let chars: Vec<char> = token.chars().collect();
        match kind {
            TokenKind::Word => assert!(
                chars.iter().all(|&c| c.is_alphanumeric() && !is_cjk(c)),
                "word {token:?} from {text:?}"
            ),
            TokenKind::Unigram => assert!(
                chars.len() == 1 && is_cjk(chars[0]),
                "unigram {token:?} from {text:?}"
            ),
            TokenKind::Bigram => assert!(
                chars.len() == 2 && chars.iter().all(|&c| is_cjk(c)),
                "bigram {token:?} from {text:?}"
            ),
        }
    }
    let known: HashSet<&str> = tokens.iter().map(|(token, _)| token.as_str()).collect();
    for term in query_terms(text) {
        assert!(
            known.contains(term.as_str()),
            "query term {term:?} is not a token of {text:?}"
        );
    }

    let plain = search::html_to_text(text);
    assert!(!plain.contains("  ") && plain.trim() == plain, "{plain:?}");

    let entry = Entry {
        id: "SLA-CHAT-FIRST".to_string(),
        title: text.chars().take(200).collect(),
        kind_label: "SLA".to_string(),
        url: "sla/sla-chat-first.html".to_string(),
        tags: vec![text.chars().take(30).collect()],
        text: text.to_string(),
    };
    let terms = search::document_terms(&entry);
    assert!(
        terms
            .iter()
            .all(|(term, score)| !term.is_empty() && score > 0)
    );
    let files = search::build(std::slice::from_ref(&entry)).expect("no index thread panicked");
    for (name, content) in files {
        assert!(
            !content.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "{name} can end its script: {content:?}"
        );
        let json = content
            .split_once('(')
            .and_then(|(_, rest)| rest.strip_suffix(");\n"))
            .unwrap_or_else(|| panic!("{name} is not a call: {content:?}"));
        // `PlaybookSearch.docs(0,[…])`: the JSON follows the index (the
        // meta file has only the JSON).
        let json = if name.ends_with("meta.js") {
            json
        } else {
            json.split_once(',').map_or(json, |(_, json)| json)
        };
        let value: serde_json::Value =
            serde_json::from_str(json).unwrap_or_else(|error| panic!("{name}: {error}: {json:?}"));
        if name == "search/docs-0.js" {
            assert_eq!(value[0][1], serde_json::Value::from(entry.title.as_str()));
        }
    }
}
