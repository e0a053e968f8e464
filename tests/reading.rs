//! The handbook reads as its UI language writes (spec section 9), checked
//! on every page of every edition of the example and of the reading
//! fixture (both Simplified Chinese): in the text a reader sees (not in
//! attributes, scripts or styles, nor in `<code>` and `<pre>`, which show
//! source as written) there is no raw duration (`52s`, `1h30m`), no time
//! zone ID (`Asia/Shanghai`), no half-width punctuation beside Chinese
//! text (`状态: 已批准`, `(越低越好)`), and no lower-case English word in a
//! Chinese sentence (`credit 字段`). Also: the edition is named in the
//! header, the `<title>` and on the print cover; internal pages are marked.

mod common;
mod site;

use std::collections::BTreeMap;

type Tree = BTreeMap<String, Vec<u8>>;

fn build(root: &std::path::Path) -> (tempfile::TempDir, Tree, Tree) {
    let out = tempfile::tempdir().unwrap();
    site::build_ok(root, out.path(), &[]);
    let company = site::read_tree(&out.path().join("company"));
    let vendor = site::read_tree(&out.path().join("vendor"));
    (out, company, vendor)
}

/// The text a reader sees: elements' text without `<script>`, `<style>`,
/// `<code>`, `<pre>` and `<head>` (the `<title>` is checked on its own),
/// entities decoded, each tag a space.
fn visible_text(html: &str) -> String {
    let mut html = html.to_string();
    for tag in ["head", "script", "style", "code", "pre"] {
        html = without_elements(&html, tag);
    }
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#10;", "\n")
        .replace("&amp;", "&")
}

fn without_elements(html: &str, tag: &str) -> String {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        // `<code` but not `<codex`: the next character ends the name.
        let after = rest[at + open.len()..].chars().next();
        if !matches!(after, Some(' ' | '>' | '\n')) {
            out.push_str(&rest[..at + open.len()]);
            rest = &rest[at + open.len()..];
            continue;
        }
        out.push_str(&rest[..at]);
        match rest[at..].find(&close) {
            Some(end) => rest = &rest[at + end + close.len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// The characters before and after `at..end`, skipping one space.
fn neighbours(chars: &[char], at: usize, end: usize) -> (Option<char>, Option<char>) {
    let before = match at.checked_sub(1).map(|i| chars[i]) {
        Some(' ') => at.checked_sub(2).map(|i| chars[i]),
        other => other,
    };
    let after = match chars.get(end) {
        Some(' ') => chars.get(end + 1).copied(),
        other => other.copied(),
    };
    (before, after)
}

/// What a zh-Hans page's visible text must not hold, with some context.
fn problems_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let context = |at: usize, end: usize| -> String {
        chars[at.saturating_sub(12)..(end + 12).min(chars.len())]
            .iter()
            .collect::<String>()
            .replace('\n', " ")
    };
    let mut problems = Vec::new();
    let word_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@' | '/' | ':');
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // A token of ASCII letters and digits (and what joins them in
        // addresses and names).
        if c.is_ascii_alphanumeric() && (i == 0 || !word_char(chars[i - 1])) {
            let start = i;
            while i < chars.len() && word_char(chars[i]) {
                i += 1;
            }
            let mut end = i;
            while end > start && matches!(chars[end - 1], '.' | ':' | '/' | '-') {
                end -= 1;
            }
            let token: String = chars[start..end].iter().collect();
            if is_raw_duration(&token) {
                problems.push(format!("raw duration `{token}`: …{}…", context(start, end)));
            }
            if is_timezone_id(&token) {
                problems.push(format!("time-zone ID `{token}`: …{}…", context(start, end)));
            }
            let (before, after) = neighbours(&chars, start, end);
            let plain_word = token.len() >= 2 && token.chars().all(|c| c.is_ascii_lowercase());
            if plain_word && (before.is_some_and(is_chinese) || after.is_some_and(is_chinese)) {
                problems.push(format!(
                    "English word `{token}` in Chinese text: …{}…",
                    context(start, end)
                ));
            }
            continue;
        }
        if matches!(c, ':' | ';' | ',' | '(' | ')' | '!' | '?') {
            let (before, after) = neighbours(&chars, i, i + 1);
            if before.is_some_and(is_chinese) || after.is_some_and(is_chinese) {
                problems.push(format!(
                    "half-width `{c}` beside Chinese: …{}…",
                    context(i, i + 1)
                ));
            }
        }
        i += 1;
    }
    problems
}

/// `52s`, `5m`, `1h30m`, `2d`: digits and a unit letter, repeated.
fn is_raw_duration(token: &str) -> bool {
    let mut rest = token;
    let mut parts = 0;
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        match rest.chars().next() {
            Some('d' | 'h' | 'm' | 's') => rest = &rest[1..],
            _ => return false,
        }
        parts += 1;
    }
    parts > 0
}

/// `Asia/Shanghai`, `America/New_York`, `Etc/UTC`.
fn is_timezone_id(token: &str) -> bool {
    let Some((area, place)) = token.split_once('/') else {
        return false;
    };
    matches!(
        area,
        "Africa"
            | "America"
            | "Antarctica"
            | "Asia"
            | "Atlantic"
            | "Australia"
            | "Europe"
            | "Indian"
            | "Pacific"
            | "Etc"
    ) && place.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

fn check_tree(name: &str, tree: &Tree) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, bytes) in tree.iter().filter(|(path, _)| path.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for problem in problems_in(&visible_text(&html)) {
            problems.push(format!("{name}/{path}: {problem}"));
        }
        let title = html
            .split_once("<title>")
            .and_then(|(_, rest)| rest.split_once("</title>"))
            .map(|(title, _)| title.to_string())
            .unwrap_or_default();
        for problem in problems_in(&visible_text(&title)) {
            problems.push(format!("{name}/{path} <title>: {problem}"));
        }
    }
    problems
}

#[test]
fn the_scan_finds_each_class_of_problem() {
    for (text, found) in [
        ("52s · 目标: 1m", 3),
        ("7h30m", 1),
        ("每天 08:00–22:00 Asia/Shanghai", 1),
        ("目标 90% (越高越好)", 2),
        ("状态: 已批准", 1),
        ("写在该 SLA 的 credit 字段", 1),
        ("优先级 should", 1),
        ("52 秒，目标：1 分钟（越低越好），北京时间 08:00–22:00", 0),
        ("邮件 cs-outsourcing@jinghe.example。SLA、KPI、CSAT", 0),
        ("2026-10-08 · 10 月 · 618、双十一", 0),
    ] {
        assert_eq!(
            problems_in(text).len(),
            found,
            "{text}: {:?}",
            problems_in(text)
        );
    }
    assert_eq!(
        visible_text(
            "<head><title>x: y</title></head><p title=\"a: 中\">甲<code>5m</code>乙<script>a(1)</script></p>"
        ),
        " 甲乙 "
    );
}

#[test]
fn example_pages_read_as_chinese() {
    let (_out, company, vendor) = build(&common::repo_root());
    let mut problems = check_tree("company", &company);
    problems.extend(check_tree("vendor", &vendor));
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn fixture_pages_read_as_chinese() {
    let (_out, company, vendor) = build(&common::fixture("reading"));
    let mut problems = check_tree("company", &company);
    problems.extend(check_tree("vendor", &vendor));
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Every page says which edition it belongs to, in its header and its
/// `<title>`; the print cover too; internal documents are marked on their
/// page of the company edition.
#[test]
fn every_page_names_its_edition() {
    let (_out, company, vendor) = build(&common::fixture("reading"));
    for (tree, label) in [(&company, "公司内部版"), (&vendor, "供应商版")] {
        for (path, bytes) in tree.iter().filter(|(path, _)| path.ends_with(".html")) {
            let html = String::from_utf8_lossy(bytes);
            let title = html
                .split_once("<title>")
                .and_then(|(_, r)| r.split_once("</title>"))
                .map(|(t, _)| t)
                .unwrap_or("");
            assert!(
                title.ends_with(&format!("（{label}）")),
                "{path}: <title>{title}</title>"
            );
            if path != "print.html" {
                assert!(
                    html.contains(&format!("<span class=\"edition-badge\">{label}</span>")),
                    "{path}: the header names the edition"
                );
            }
        }
        let print = site::text(tree, "print.html");
        assert!(
            print.contains(&format!("<p class=\"print-edition\">{label}</p>")),
            "print cover"
        );
    }
    let internal = site::text(&company, "page/pg-costs.html");
    assert!(internal.contains("banner-internal") && internal.contains("请勿转发给供应商"));
    let shared = site::text(&company, "page/pg-launch.html");
    assert!(!shared.contains("banner-internal"));
}
