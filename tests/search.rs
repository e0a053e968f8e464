//! Search: the browser's tokenizer equals the index's (with Node), and,
//! without a browser, the index `build` writes for the example: every
//! document's title found through the shards a query loads, in each
//! edition, and nothing of an internal document in the vendor's.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use playbook::search::shard_of;
use playbook::search::tokenize::{query_terms, tokenize};

const MIXED: &[&str] = &[
    "响应时间",
    "退款多久到账？",
    "Escalation escalates escalating escalated",
    "SLA-CHAT-01 与 KPI-CSAT",
    "CSAT满意度90%",
    "電話首次回應（繁體）",
    "カタカナとひらがな",
    "café naïve façade",
    "ΣΊΣΥΦΟΣ",
    "Straße 24/7 1h30m",
    "a",
    "退",
    "",
    "  multiple   spaces\tand\nnewlines ",
    "emoji 😀 between 中文 words",
    "numbers 12,000 and 1.5%",
    "العربية עברית हिन्दी",
];

#[test]
#[ignore = "needs Node.js; .ci/run runs it"]
fn browser_and_index_tokenize_alike() {
    let mut child = Command::new("node")
        .arg(common::repo_root().join("tests/search/tokenize.cjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(MIXED).unwrap().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let browser: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    for (text, js) in MIXED.iter().zip(browser) {
        let rust_tokens: Vec<String> = tokenize(text).into_iter().map(|(t, _)| t).collect();
        let js_tokens: Vec<String> = serde_json::from_value(js["tokens"].clone()).unwrap();
        assert_eq!(rust_tokens, js_tokens, "tokens of {text:?}");
        let js_query: Vec<String> = serde_json::from_value(js["query"].clone()).unwrap();
        assert_eq!(query_terms(text), js_query, "query terms of {text:?}");
    }
}

/// The JSON argument of a `PlaybookSearch.…(N,…);` file (after the
/// number, when there is one).
fn script_json(text: &str) -> serde_json::Value {
    let inner = text
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a call: {text:.80}"));
    let json = if inner.starts_with('{') {
        inner
    } else {
        inner.split_once(',').map_or(inner, |(_, json)| json)
    };
    serde_json::from_str(json).unwrap_or_else(|error| panic!("{error}: {json:.80}"))
}

/// An edition's index: the documents by number ([id, title, kind, url,
/// snippet]) and the shard count.
fn read_index(edition: &Path) -> (Vec<Vec<String>>, usize) {
    let read = |name: &str| std::fs::read_to_string(edition.join("search").join(name)).unwrap();
    let meta = script_json(&read("meta.js"));
    let chunks = meta["chunks"].as_u64().unwrap() as usize;
    let shards = meta["shards"].as_u64().unwrap() as usize;
    let mut documents = Vec::new();
    for chunk in 0..chunks {
        let docs: Vec<Vec<String>> =
            serde_json::from_value(script_json(&read(&format!("docs-{chunk}.js")))).unwrap();
        documents.extend(docs);
    }
    assert_eq!(documents.len(), meta["count"].as_u64().unwrap() as usize);
    (documents, shards)
}

#[test]
fn every_title_is_found_through_the_shards_a_query_loads() {
    let out = tempfile::tempdir().unwrap();
    let root = common::repo_root();
    let output = common::playbook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for edition in ["company", "vendor"] {
        let folder = out.path().join(edition);
        let (documents, shards) = read_index(&folder);
        assert!(
            documents.len() > 20,
            "{edition}: {} documents",
            documents.len()
        );
        let mut shard_files: BTreeMap<usize, serde_json::Value> = BTreeMap::new();
        for (number, document) in documents.iter().enumerate() {
            let (id, title) = (&document[0], &document[1]);
            // What the browser does: each query term's shard, then the
            // documents in every term's postings.
            for term in query_terms(title) {
                let shard = shard_of(&term, shards);
                let postings = shard_files.entry(shard).or_insert_with(|| {
                    script_json(
                        &std::fs::read_to_string(folder.join(format!("search/shard-{shard}.js")))
                            .unwrap(),
                    )
                });
                let list = postings[&term].as_array().unwrap_or_else(|| {
                    panic!("{edition}: `{term}` of {id}'s title is in no shard")
                });
                let found = list
                    .chunks(2)
                    .any(|pair| pair[0].as_u64() == Some(number as u64));
                assert!(found, "{edition}: {id} is not among `{term}`'s documents");
            }
        }
        ids.insert(
            edition.to_string(),
            documents.into_iter().map(|d| d[0].clone()).collect(),
        );
    }
    // The vendor's index: a part of the company's, and no trace of the
    // rest (IDs, upper or lower case) in any of its files.
    let internal: Vec<&String> = ids["company"]
        .iter()
        .filter(|id| !ids["vendor"].contains(id))
        .collect();
    assert!(!internal.is_empty());
    assert!(ids["vendor"].iter().all(|id| ids["company"].contains(id)));
    for entry in std::fs::read_dir(out.path().join("vendor/search")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for id in &internal {
            assert!(
                !text.contains(id.as_str()) && !text.contains(&id.to_lowercase()),
                "{id} in the vendor's index"
            );
        }
    }
}

/// The search page's snippets mark the words of the text, never the markup
/// that escapes it: searching "amp" put `<mark>` inside `&amp;`.
#[test]
#[ignore = "needs Node.js; .ci/run runs it"]
fn snippets_mark_text_not_entities() {
    let cases: &[(&str, &str, &str)] = &[
        ("Tom & Jerry <b>", "amp", "Tom &amp; Jerry &lt;b&gt;"),
        ("Tom & Jerry <b>", "lt gt", "Tom &amp; Jerry &lt;b&gt;"),
        (
            "a \"quoted\" 'x'",
            "quot 39",
            "a &quot;<mark>quot</mark>ed&quot; &#39;x&#39;",
        ),
        ("Tom & Jerry", "jerry", "Tom &amp; <mark>Jerry</mark>"),
        (
            "R&D <amp> amp",
            "amp",
            "R&amp;D &lt;<mark>amp</mark>&gt; <mark>amp</mark>",
        ),
        ("退款 & 售后", "售后", "退款 &amp; <mark>售后</mark>"),
        (
            "escalation & escalated",
            "escalating",
            "<mark>escal</mark>ation &amp; <mark>escal</mark>ated",
        ),
    ];
    let pairs: Vec<(&str, &str)> = cases
        .iter()
        .map(|(text, query, _)| (*text, *query))
        .collect();
    let mut child = Command::new("node")
        .arg(common::repo_root().join("tests/search/highlight.cjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&pairs).unwrap().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let html: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    for ((text, query, want), got) in cases.iter().zip(html) {
        assert_eq!(&got, want, "{text:?} searched for {query:?}");
    }
}
