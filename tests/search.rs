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
