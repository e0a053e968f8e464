//! Search: the browser's tokenizer equals the index's, and the index of the
//! vendor edition holds nothing internal.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

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
