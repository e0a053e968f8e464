//! Editions: the vendor edition holds no trace of an internal document (no
//! page, title, ID, URL or JSON entry), in any encoding a page or the JSON
//! export could use; references to left-out documents become plain text;
//! `playbook.json` describes exactly the edition; `--edition` selects.
//!
//! Fixtures: `tests/fixtures/publish/editions/` (zh-Hans, shared and internal
//! documents of every kind referencing each other in every way the format
//! allows) and `tests/fixtures/publish/editions-en/` (en).

mod common;
mod site;

use std::collections::BTreeMap;

use serde_json::Value;

/// An internal document of a fixture and what must never reach the vendor.
struct Secret {
    id: &'static str,
    title: &'static str,
    url: &'static str,
    /// Text only its body (or its title) holds.
    markers: &'static [&'static str],
}

const ZH_SECRETS: &[Secret] = &[
    Secret {
        id: "VEN-ZETA",
        title: "泽塔外包 Zeta Outsourcing 有限公司 庚号",
        url: "vendor/ven-zeta.html",
        markers: &["庚号机密正文", "Zeta Outsourcing"],
    },
    Secret {
        id: "PG-PRICING-X9",
        title: "成本 & <利润> \"机密\" '报价' 内部定价",
        url: "page/pg-pricing-x9.html",
        markers: &["甲号机密正文", "内部定价", "每通电话"],
    },
    Secret {
        id: "FAQ-HIDDEN-Q7",
        title: "供应商能否私下加价？「戊号机密问答」",
        url: "faq/faq-hidden-q7.html",
        markers: &["戊号机密正文", "私下加价"],
    },
    Secret {
        id: "SLA-HIDDEN-K3",
        title: "丙号隐藏服务水平：内部聊天解决率",
        url: "sla/sla-hidden-k3.html",
        markers: &["丙号机密正文", "内部聊天解决率"],
    },
    Secret {
        id: "REQ-HIDDEN-R5",
        title: "乙号隐藏需求：夜间电话回拨",
        url: "requirement/req-hidden-r5.html",
        markers: &["乙号机密正文", "夜间电话回拨"],
    },
    Secret {
        id: "TRN-HIDDEN-T2",
        title: "丁号隐藏培训：供应商管理层",
        url: "training/trn-hidden-t2.html",
        markers: &["丁号机密正文", "丁号内部模块"],
    },
    Secret {
        id: "KPI-HIDDEN-M4",
        title: "己号隐藏指标：供应商利润率",
        url: "kpi/kpi-hidden-m4.html",
        markers: &["己号机密正文", "供应商利润率"],
    },
];

const EN_SECRETS: &[Secret] = &[
    Secret {
        id: "VEN-OMEGA",
        title: "Omega Contact Services Ltd",
        url: "vendor/ven-omega.html",
        markers: &["omega-vendor-body"],
    },
    Secret {
        id: "PG-RATES",
        title: "Rates & \"margins\" <confidential> O'Brien's sheet",
        url: "page/pg-rates.html",
        markers: &["omega-confidential-body", "Night rates", "night-rates"],
    },
    Secret {
        id: "FAQ-SECRET",
        title: "Can the vendor subcontract without telling us?",
        url: "faq/faq-secret.html",
        markers: &["omega-faq-body", "subcontract"],
    },
];

/// HTML escapes of `text`, with every spelling a writer might choose for
/// `"`, `'` and `/`.
fn html_forms(text: &str) -> Vec<String> {
    let mut forms = Vec::new();
    for quot in ["&quot;", "&#34;", "&#x22;"] {
        for apos in ["&#39;", "&#x27;", "&apos;", "'"] {
            for slash in ["/", "&#x2F;", "&#47;"] {
                let mut escaped = String::new();
                for c in text.chars() {
                    match c {
                        '&' => escaped.push_str("&amp;"),
                        '<' => escaped.push_str("&lt;"),
                        '>' => escaped.push_str("&gt;"),
                        '"' => escaped.push_str(quot),
                        '\'' => escaped.push_str(apos),
                        '/' => escaped.push_str(slash),
                        c => escaped.push(c),
                    }
                }
                forms.push(escaped);
            }
        }
    }
    forms
}

/// JSON string escapes of `text` (without the quotes): serde_json's, and
/// `\uXXXX` for every non-ASCII character (and, in a stricter variant, for
/// `<`, `>`, `&`, `'` and `"` too), in both hex cases.
fn json_forms(text: &str) -> Vec<String> {
    let plain = serde_json::to_string(text).unwrap();
    let mut forms = vec![plain[1..plain.len() - 1].to_string()];
    for strict in [false, true] {
        for upper in [false, true] {
            let mut escaped = String::new();
            for c in text.chars() {
                let special = strict && matches!(c, '<' | '>' | '&' | '\'' | '"');
                if c.is_ascii() && !special {
                    match c {
                        '"' => escaped.push_str("\\\""),
                        '\\' => escaped.push_str("\\\\"),
                        c => escaped.push(c),
                    }
                } else {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        if upper {
                            escaped.push_str(&format!("\\u{unit:04X}"));
                        } else {
                            escaped.push_str(&format!("\\u{unit:04x}"));
                        }
                    }
                }
            }
            forms.push(escaped);
        }
    }
    forms
}

/// Percent-encodings of `text` (as a URL or query would carry it).
fn percent_forms(text: &str) -> Vec<String> {
    let mut forms = Vec::new();
    for upper in [true, false] {
        let mut encoded = String::new();
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~' | b'/') {
                encoded.push(byte as char);
            } else if upper {
                encoded.push_str(&format!("%{byte:02X}"));
            } else {
                encoded.push_str(&format!("%{byte:02x}"));
            }
        }
        forms.push(encoded);
    }
    forms
}

/// Every form in which `text` could appear in a file of an edition.
fn forms(text: &str) -> Vec<String> {
    let mut all = vec![text.to_string()];
    all.extend(html_forms(text));
    all.extend(json_forms(text));
    all.extend(percent_forms(text));
    // An HTML attribute holding JSON, or JSON holding HTML.
    for json in json_forms(text) {
        all.extend(html_forms(&json));
    }
    for html in html_forms(text) {
        all.extend(json_forms(&html));
    }
    all.sort();
    all.dedup();
    all.retain(|form| !form.is_empty());
    all
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The needles of one secret: (what, text).
fn needles(secret: &Secret) -> Vec<(String, String)> {
    let mut needles = vec![
        ("ID".to_string(), secret.id.to_string()),
        ("lower-case ID".to_string(), secret.id.to_lowercase()),
        ("title".to_string(), secret.title.to_string()),
        ("URL".to_string(), secret.url.to_string()),
    ];
    for marker in secret.markers {
        needles.push(("text".to_string(), marker.to_string()));
    }
    needles
}

/// Where in an edition (file contents or file names) a form of `text` occurs.
fn occurrences(edition: &BTreeMap<String, Vec<u8>>, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for form in forms(text) {
        for (path, bytes) in edition {
            if contains(bytes, form.as_bytes()) {
                found.push(format!("`{form}` in {path}"));
            }
            if path.contains(&form) {
                found.push(format!("`{form}` in the file name {path}"));
            }
        }
    }
    found
}

/// The files of one edition, by path.
type Tree = BTreeMap<String, Vec<u8>>;

/// Builds a fixture; returns the output folder (kept alive) and both editions.
fn build_both(fixture: &str) -> (tempfile::TempDir, Tree, Tree) {
    let out = tempfile::tempdir().unwrap();
    let stderr = site::build_ok(&common::fixture(fixture), out.path(), &[]);
    assert!(
        stderr.contains("warning[link-to-left-out]"),
        "shared → internal links are warned about:\n{stderr}"
    );
    let company = site::read_tree(&out.path().join("company"));
    let vendor = site::read_tree(&out.path().join("vendor"));
    assert!(!company.is_empty() && !vendor.is_empty());
    (out, company, vendor)
}

fn assert_no_trace(fixture: &str, secrets: &[Secret]) {
    let (_out, company, vendor) = build_both(fixture);
    let mut leaks = Vec::new();
    let mut missing = Vec::new();
    for secret in secrets {
        for (what, text) in needles(secret) {
            for found in occurrences(&vendor, &text) {
                leaks.push(format!("{} ({what} {text:?}): {found}", secret.id));
            }
            if occurrences(&company, &text).is_empty() {
                missing.push(format!("{} ({what} {text:?})", secret.id));
            }
        }
        assert!(
            company.contains_key(secret.url),
            "the company edition has the page of {}",
            secret.id
        );
    }
    assert!(
        missing.is_empty(),
        "the company edition should show every internal document, but lacks:\n{}",
        missing.join("\n")
    );
    assert!(
        leaks.is_empty(),
        "the vendor edition leaks internal documents:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn the_vendor_edition_holds_no_trace_of_internal_documents_zh() {
    assert_no_trace("publish/editions", ZH_SECRETS);
}

/// Not even a part of an internal ID (as a search index would split
/// `VEN-ZETA` or `PG-PRICING-X9` into words), in any letter case, in any
/// file or file name: no shared document of the fixture uses these words.
#[test]
fn the_vendor_edition_holds_no_word_of_an_internal_id() {
    let (_out, company, vendor) = build_both("publish/editions");
    for word in ["zeta", "pricing"] {
        let found: Vec<&String> = vendor
            .iter()
            .filter(|(path, bytes)| {
                path.to_ascii_lowercase().contains(word)
                    || contains(&bytes.to_ascii_lowercase(), word.as_bytes())
            })
            .map(|(path, _)| path)
            .collect();
        assert!(
            found.is_empty(),
            "`{word}` in the vendor edition: {found:?}"
        );
        assert!(
            company
                .values()
                .any(|bytes| contains(&bytes.to_ascii_lowercase(), word.as_bytes())),
            "the company edition has `{word}`"
        );
    }
}

#[test]
fn the_vendor_edition_holds_no_trace_of_internal_documents_en() {
    assert_no_trace("publish/editions-en", EN_SECRETS);
}

/// The search for a needle does find it when it is there in any form (the
/// leak test would otherwise pass for the wrong reason).
#[test]
fn the_leak_search_finds_escaped_forms() {
    let title = "成本 & <利润> \"机密\" '报价' 内部定价";
    let mut tree = BTreeMap::new();
    tree.insert(
        "a.html".to_string(),
        "<title>成本 &amp; &lt;利润&gt; &quot;机密&quot; &#x27;报价&#x27; 内部定价</title>"
            .as_bytes()
            .to_vec(),
    );
    assert!(!occurrences(&tree, title).is_empty());
    tree.insert(
        "a.html".to_string(),
        br#"{"t":"\u6210\u672c & <\u5229\u6da6> \"\u673a\u5bc6\" '\u62a5\u4ef7' \u5185\u90e8\u5b9a\u4ef7"}"#.to_vec(),
    );
    assert!(!occurrences(&tree, title).is_empty());
    tree.insert(
        "a.html".to_string(),
        b"<a href=\"vendor&#x2F;ven-zeta.html\">".to_vec(),
    );
    assert!(!occurrences(&tree, "vendor/ven-zeta.html").is_empty());
    tree.insert("a.html".to_string(), b"nothing here".to_vec());
    assert!(occurrences(&tree, title).is_empty());
}

/// Is every occurrence of `text` in `html` outside any `<a>` element?
fn never_inside_a_link(html: &str, text: &str) -> bool {
    // The page's own contents list links its headings, whatever they say
    // (a heading that names a left-out document has a neutral id).
    let html = match (html.find("<nav class=\"page-toc\""), html.find("</nav>")) {
        (Some(start), Some(_)) => {
            let end = start + html[start..].find("</nav>").unwrap_or(0);
            format!("{}{}", &html[..start], &html[end..])
        }
        _ => html.to_string(),
    };
    let html = html.as_str();
    html.match_indices(text).all(|(at, _)| {
        let before = &html[..at];
        let open = before.rfind("<a ").or_else(|| before.rfind("<a>"));
        let close = before.rfind("</a>");
        match (open, close) {
            (Some(open), Some(close)) => close > open,
            (Some(_), None) => false,
            _ => true,
        }
    })
}

/// The text of the `<li>` that starts with `label`.
fn list_item(html: &str, label: &str) -> String {
    let start = html
        .find(&format!("<li>{label}"))
        .unwrap_or_else(|| panic!("no list item starting with {label:?}"));
    let end = start + html[start..].find("</li>").unwrap();
    site::strip_tags(&html[start..end])
}

#[test]
fn references_to_left_out_documents_become_plain_text_zh() {
    let (_out, company, vendor) = build_both("publish/editions");
    let page = site::text(&vendor, "page/pg-overview.html");
    // `[[ID]]` → the neutral label, as text, not a link.
    for label in [
        "供应商：",
        "定价页：",
        "定价页锚点：",
        "内部问答：",
        "内部 SLA：",
        "内部需求：",
        "内部培训：",
        "内部 KPI：",
    ] {
        assert_eq!(list_item(page, label), format!("{label}内部文档"));
    }
    assert!(never_inside_a_link(page, "内部文档"));
    // A shared target stays a link with its title.
    assert!(page.contains("<a href=\"../sla/sla-chat-first.html\">在线聊天首次响应</a>"));
    // `[text](@ID)`, `[text](@ID#anchor)`, reference-style and relative
    // `.md` links keep the author's text, without a link.
    for number in [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十四",
    ] {
        let text = format!("作者文字{number}号");
        assert!(page.contains(&text), "{text} is kept");
        assert!(never_inside_a_link(page, &text), "{text} is not a link");
    }
    assert!(
        !page.contains("悬停提示"),
        "the link title is dropped with the link"
    );
    // Elsewhere too: FAQ body, requirement body, training body, home page.
    for (path, text) in [
        ("faq/faq-refund.html", "作者文字十三号"),
        ("requirement/req-chat.html", "作者文字十一号"),
        ("training/trn-onboard.html", "作者文字十二号"),
        ("index.html", "供应商说明文字"),
        ("page/pg-home.html", "供应商说明文字"),
    ] {
        let html = site::text(&vendor, path);
        assert!(html.contains(text), "{path} keeps {text}");
        assert!(
            never_inside_a_link(html, text),
            "{path}: {text} is not a link"
        );
    }
    assert!(site::text(&vendor, "index.html").contains("<span class=\"left-out\">内部文档</span>"));
    // Front-matter references: the neutral label in the facts.
    for path in [
        "sla/sla-chat-first.html",
        "kpi/kpi-csat.html",
        "faq/faq-refund.html",
        "training/trn-onboard.html",
    ] {
        assert!(
            site::text(&vendor, path).contains("内部文档"),
            "{path} shows the neutral label for its left-out references"
        );
    }

    // The company edition links all of them.
    let page = site::text(&company, "page/pg-overview.html");
    assert!(page.contains("<a href=\"../vendor/ven-zeta.html\">作者文字一号</a>"));
    assert!(page.contains(
        "<a href=\"../vendor/ven-zeta.html\">泽塔外包 Zeta Outsourcing 有限公司 庚号</a>"
    ));
    assert!(page.contains("<a href=\"../page/pg-pricing-x9.html\">作者文字五号</a>"));
    assert!(page.contains("<a href=\"../sla/sla-hidden-k3.html\">作者文字八号</a>"));
    assert!(!page.contains("内部文档"));
}

#[test]
fn references_to_left_out_documents_become_plain_text_en() {
    let (_out, company, vendor) = build_both("publish/editions-en");
    let page = site::text(&vendor, "page/pg-guide.html");
    let body = site::strip_tags(page);
    assert!(
        body.contains("Our provider is internal document."),
        "{body}"
    );
    assert!(
        body.contains("Common question: internal document."),
        "{body}"
    );
    assert!(page.contains("<span class=\"left-out\">internal document</span>"));
    for text in ["the account team", "the price list", "the rates page"] {
        assert!(page.contains(text), "{text} is kept");
        assert!(never_inside_a_link(page, text), "{text} is not a link");
    }
    let page = site::text(&company, "page/pg-guide.html");
    assert!(page.contains("<a href=\"../vendor/ven-omega.html\">the account team</a>"));
    assert!(page.contains("<a href=\"../page/pg-rates.html#night-rates\">the price list</a>"));
    assert!(page.contains(">Omega Contact Services Ltd</a>"));
    assert!(!page.contains("internal document"));
}

/// The vendor edition has exactly the shared documents' pages.
#[test]
fn the_vendor_edition_has_exactly_the_shared_pages() {
    let (_out, company, vendor) = build_both("publish/editions");
    let pages = |tree: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        tree.keys()
            .filter(|path| {
                path.ends_with(".html")
                    && path.contains('/')
                    && !path.ends_with("/index.html")
                    // The service review's months are not document pages.
                    && !path.starts_with("review/")
            })
            .cloned()
            .collect()
    };
    assert_eq!(
        pages(&vendor),
        [
            "faq/faq-refund.html",
            "kpi/kpi-csat.html",
            "page/pg-home.html",
            "page/pg-overview.html",
            "requirement/req-chat.html",
            "sla/sla-chat-first.html",
            "training/trn-onboard.html",
        ]
    );
    assert_eq!(pages(&company).len(), 14);
    // No vendor document is shared, so the vendor edition has no vendor section.
    assert!(!vendor.contains_key("vendor/index.html"));
    assert!(company.contains_key("vendor/index.html"));
    for root_file in [
        "index.html",
        "404.html",
        "playbook.json",
        "assets/style.css",
        "logo.txt",
    ] {
        assert!(vendor.contains_key(root_file), "vendor has {root_file}");
        assert!(company.contains_key(root_file), "company has {root_file}");
    }
}

fn json_documents(tree: &BTreeMap<String, Vec<u8>>) -> Vec<Value> {
    let value: Value =
        serde_json::from_slice(&tree["playbook.json"]).expect("playbook.json is JSON");
    let object = value.as_object().expect("an object");
    assert_eq!(
        object.keys().collect::<Vec<_>>(),
        ["documents"],
        "the only key is `documents`"
    );
    value["documents"]
        .as_array()
        .expect("documents is a list")
        .clone()
}

fn by_id<'a>(documents: &'a [Value], id: &str) -> &'a Value {
    documents
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("playbook.json lists {id}"))
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{value} is a list"))
        .iter()
        .map(|v| v.as_str().expect("a string"))
        .collect()
}

#[test]
fn playbook_json_describes_each_edition() {
    let (_out, company, vendor) = build_both("publish/editions");
    for (name, tree, count) in [("company", &company, 14), ("vendor", &vendor, 7)] {
        let documents = json_documents(tree);
        assert_eq!(documents.len(), count, "{name}: one entry per document");
        let ids: Vec<&str> = documents
            .iter()
            .map(|d| d["id"].as_str().unwrap())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted, "{name}: sorted by ID");
        let in_edition: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        for document in &documents {
            let id = document["id"].as_str().unwrap();
            // SLAs and KPIs: `status` is the measured status (spec
            // section 6: met, missed or null) and the lifecycle is
            // `document_status`; other kinds keep the lifecycle `status`.
            let measured = matches!(document["kind"].as_str(), Some("sla" | "kpi"));
            let lifecycle = if measured {
                "document_status"
            } else {
                "status"
            };
            for field in ["id", "kind", "title", "url", "audience", lifecycle] {
                assert!(
                    document[field].is_string(),
                    "{name} {id}: `{field}` is a string"
                );
            }
            if measured {
                assert!(
                    document["status"].is_null()
                        || ["met", "missed"].contains(&document["status"].as_str().unwrap_or("")),
                    "{name} {id}: `status` is met, missed or null"
                );
                assert!(document["actuals"].is_array(), "{name} {id}: `actuals`");
            }
            let url = document["url"].as_str().unwrap();
            assert_eq!(
                url,
                format!(
                    "{}/{}.html",
                    document["kind"].as_str().unwrap(),
                    id.to_lowercase()
                ),
                "{name} {id}: url relative to the edition root"
            );
            assert!(tree.contains_key(url), "{name} {id}: {url} exists");
            for list in ["references", "referenced_by"] {
                let ids = strings(&document[list]);
                let mut sorted = ids.clone();
                sorted.sort_unstable();
                sorted.dedup();
                assert_eq!(ids, sorted, "{name} {id}: `{list}` sorted, no repeats");
                for other in ids {
                    assert!(
                        in_edition.contains(other),
                        "{name} {id}: `{list}` names {other}, not in the edition"
                    );
                }
            }
            for field in ["satisfies", "measures", "related"] {
                if let Some(list) = document.get(field) {
                    for other in strings(list) {
                        assert!(
                            in_edition.contains(other),
                            "{name} {id}: `{field}` names {other}"
                        );
                    }
                }
            }
            // Backlinks are symmetric within the edition.
            for other in strings(&document["references"]) {
                let target = by_id(&documents, other);
                assert!(
                    strings(&target["referenced_by"]).contains(&id),
                    "{name}: {other}.referenced_by lists {id}"
                );
            }
        }
    }

    let documents = json_documents(&company);
    // Defaults filled in: a page with no audience is shared, a vendor with
    // no audience internal, no status is approved.
    let home = by_id(&documents, "PG-HOME");
    assert_eq!(home["audience"], "shared");
    assert_eq!(home["status"], "approved");
    assert_eq!(home["kind"], "page");
    assert_eq!(home["title"], "首页：外包手册");
    assert_eq!(home["url"], "page/pg-home.html");
    let vendor_doc = by_id(&documents, "VEN-ZETA");
    assert_eq!(vendor_doc["audience"], "internal");
    assert_eq!(vendor_doc["status"], "approved");
    assert_eq!(vendor_doc["kind"], "vendor");
    let as_text = |value: &Value| {
        value
            .as_str()
            .map(String::from)
            .unwrap_or_else(|| value.to_string())
    };
    assert_eq!(as_text(&vendor_doc["experience_years"]), "7");
    assert_eq!(as_text(&vendor_doc["rating"]), "4.2");
    assert_eq!(as_text(&vendor_doc["selected"]), "true");
    assert_eq!(vendor_doc["quality"], "high");
    // A title with `&`, `<`, quotes is the plain string in JSON.
    assert_eq!(
        by_id(&documents, "PG-PRICING-X9")["title"],
        "成本 & <利润> \"机密\" '报价' 内部定价"
    );
    // Other front-matter fields, as written.
    let sla = by_id(&documents, "SLA-CHAT-FIRST");
    assert_eq!(sla["channel"], "chat");
    assert_eq!(sla["metric"], "first_response");
    assert_eq!(sla["target"], "2m");
    assert_eq!(sla["attainment"], "90%");
    assert_eq!(sla["credit"], "2%");
    assert_eq!(strings(&sla["satisfies"]), ["REQ-CHAT", "REQ-HIDDEN-R5"]);
    let training = by_id(&documents, "TRN-ONBOARD");
    assert_eq!(training["pass_mark"], "85%");
    assert_eq!(training["schedule"]["start"], "2026-03-02");
    assert_eq!(training["schedule"]["refresh"], "quarterly");
    assert_eq!(training["modules"][0]["title"], "聊天服务标准");
    assert_eq!(training["modules"][0]["duration"], "3h");
    assert_eq!(training["modules"][0]["format"], "simulation");
    assert_eq!(
        strings(&training["modules"][0]["covers"]),
        ["SLA-CHAT-FIRST", "SLA-HIDDEN-K3"]
    );
    assert_eq!(
        strings(&training["modules"][1]["covers"]),
        ["VEN-ZETA", "PG-PRICING-X9", "FAQ-HIDDEN-Q7"]
    );
    let kpi = by_id(&documents, "KPI-CSAT");
    assert_eq!(kpi["actuals"][1]["period"], "2026-02");
    assert_eq!(kpi["actuals"][1]["value"], "92%");
    assert_eq!(
        strings(&kpi["measures"]),
        ["SLA-CHAT-FIRST", "SLA-HIDDEN-K3"]
    );

    // Cross-checked by hand against the fixture.
    let faq = by_id(&documents, "FAQ-REFUND");
    assert_eq!(
        strings(&faq["references"]),
        [
            "FAQ-HIDDEN-Q7",
            "PG-OVERVIEW",
            "PG-PRICING-X9",
            "SLA-CHAT-FIRST"
        ]
    );
    assert_eq!(strings(&faq["referenced_by"]), ["FAQ-HIDDEN-Q7", "PG-HOME"]);
    assert_eq!(
        strings(&faq["related"]),
        ["FAQ-HIDDEN-Q7", "PG-PRICING-X9", "SLA-CHAT-FIRST"]
    );
    assert_eq!(
        strings(&sla["references"]),
        ["REQ-CHAT", "REQ-HIDDEN-R5", "SLA-HIDDEN-K3"]
    );
    assert_eq!(
        strings(&sla["referenced_by"]),
        [
            "FAQ-REFUND",
            "KPI-CSAT",
            "KPI-HIDDEN-M4",
            "PG-OVERVIEW",
            "SLA-HIDDEN-K3",
            "TRN-HIDDEN-T2",
            "TRN-ONBOARD"
        ]
    );

    // The vendor edition: the same documents, with only IDs it holds.
    let documents = json_documents(&vendor);
    assert_eq!(
        documents
            .iter()
            .map(|d| d["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [
            "FAQ-REFUND",
            "KPI-CSAT",
            "PG-HOME",
            "PG-OVERVIEW",
            "REQ-CHAT",
            "SLA-CHAT-FIRST",
            "TRN-ONBOARD"
        ]
    );
    let faq = by_id(&documents, "FAQ-REFUND");
    assert_eq!(
        strings(&faq["references"]),
        ["PG-OVERVIEW", "SLA-CHAT-FIRST"]
    );
    assert_eq!(strings(&faq["referenced_by"]), ["PG-HOME"]);
    assert_eq!(strings(&faq["related"]), ["SLA-CHAT-FIRST"]);
    let sla = by_id(&documents, "SLA-CHAT-FIRST");
    assert_eq!(strings(&sla["references"]), ["REQ-CHAT"]);
    assert_eq!(strings(&sla["satisfies"]), ["REQ-CHAT"]);
    assert_eq!(
        strings(&sla["referenced_by"]),
        ["FAQ-REFUND", "KPI-CSAT", "PG-OVERVIEW", "TRN-ONBOARD"]
    );
    let overview = by_id(&documents, "PG-OVERVIEW");
    assert_eq!(
        strings(&overview["references"]),
        ["REQ-CHAT", "SLA-CHAT-FIRST"]
    );
    assert_eq!(
        strings(&overview["referenced_by"]),
        ["FAQ-REFUND", "PG-HOME"]
    );
    // `weight: 1` as written (a number, or its text: scalars are text).
    assert_eq!(as_text(&overview["weight"]), "1");
    assert_eq!(strings(&overview["tags"]), ["总览"]);
}

#[test]
fn edition_selects_what_is_built() {
    let root = common::fixture("publish/editions");
    let out = tempfile::tempdir().unwrap();

    // Only the named edition is written.
    site::build_ok(&root, out.path(), &["--edition", "vendor"]);
    assert_eq!(site::entries(out.path()), ["vendor"]);
    let vendor_only = site::read_tree(&out.path().join("vendor"));

    // Both, then one again: the other edition is left as it was.
    site::build_ok(&root, out.path(), &[]);
    assert_eq!(site::entries(out.path()), ["company", "vendor"]);
    let company = site::read_tree(&out.path().join("company"));
    assert_eq!(site::read_tree(&out.path().join("vendor")), vendor_only);
    site::build_ok(&root, out.path(), &["--edition", "vendor"]);
    assert_eq!(site::entries(out.path()), ["company", "vendor"]);
    assert_eq!(site::read_tree(&out.path().join("company")), company);
    site::build_ok(
        &root,
        out.path(),
        &["--edition", "company", "--edition", "vendor"],
    );
    assert_eq!(site::entries(out.path()), ["company", "vendor"]);

    // An unknown edition is a bad command line: exit 2, nothing written.
    let fresh = tempfile::tempdir().unwrap();
    let target = fresh.path().join("out");
    let output = site::build(&root, &target, &["--edition", "nope"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("nope"));
    assert!(!target.join("nope").exists());
    assert!(
        !target.exists() || site::entries(&target).is_empty(),
        "nothing written"
    );
    let output = site::build(
        &root,
        out.path(),
        &["--edition", "vendor", "--edition", "nope"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(site::entries(out.path()), ["company", "vendor"]);
    assert_eq!(site::read_tree(&out.path().join("company")), company);
    assert_eq!(site::read_tree(&out.path().join("vendor")), vendor_only);
}

/// `--deny-warnings` turns the link-to-left-out warnings into a failure and
/// writes nothing.
#[test]
fn deny_warnings_stops_the_build_of_a_leaky_project() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let output = site::build(
        &common::fixture("publish/editions"),
        &target,
        &["--deny-warnings"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(!target.join("vendor").exists() && !target.join("company").exists());
}

/// The text of the element whose `id` is `id` (an `<h2>` of a body).
fn heading_with_id(html: &str, id: &str) -> Option<String> {
    let open = html.find(&format!("<h2 id=\"{id}\">"))?;
    let end = open + html[open..].find("</h2>")?;
    Some(site::strip_tags(&html[open..end]))
}

/// A shared page has `## Escalation [[VEN-OMEGA]]` (internal vendor) and then
/// `## Escalation`; the home page links `@PG-GUIDE#escalation`, which `check`
/// accepts as the anchor of the second heading (the first is
/// `escalation-ven-omega` by the source-text rule). In both editions that
/// link must land on the plain "Escalation" heading – leaving the vendor
/// out must not renumber the anchors of the headings that follow.
#[test]
fn left_out_references_do_not_shift_the_anchors_of_other_headings() {
    let (_out, company, vendor) = build_both("publish/editions-en");
    let mut problems = Vec::new();
    for (name, tree) in [("company", &company), ("vendor", &vendor)] {
        let home = site::text(tree, "index.html");
        assert!(
            home.contains("href=\"page/pg-guide.html#escalation\""),
            "{name}: the link keeps its anchor"
        );
        let guide = site::text(tree, "page/pg-guide.html");
        match heading_with_id(guide, "escalation") {
            Some(text) if text == "Escalation" => {}
            other => problems.push(format!(
                "{name}: #escalation is {other:?}, not the plain \"Escalation\" heading"
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `build` renders the editions in one pass and reuses a body that comes
/// out the same in both; each edition built alone (nothing to share) must
/// be byte for byte the edition built with the other, in both fixtures
/// (whose shared documents link to internal ones, headings included).
#[test]
fn an_edition_built_alone_equals_it_built_with_the_others() {
    for fixture in ["publish/editions", "publish/editions-en"] {
        let (_together_dir, company, vendor) = build_both(fixture);
        for (edition, together) in [("company", &company), ("vendor", &vendor)] {
            let out = tempfile::tempdir().unwrap();
            site::build_ok(
                &common::fixture(fixture),
                out.path(),
                &["--edition", edition],
            );
            assert!(
                !out.path()
                    .join(if edition == "company" {
                        "vendor"
                    } else {
                        "company"
                    })
                    .exists()
            );
            let alone = site::read_tree(&out.path().join(edition));
            let differing: Vec<&String> = together
                .keys()
                .chain(alone.keys())
                .filter(|path| together.get(*path) != alone.get(*path))
                .collect();
            assert!(differing.is_empty(), "{fixture} {edition}: {differing:?}");
        }
    }
}

/// Builds the project at `root` with both editions, then each alone:
/// each must come out byte for byte the same, and the vendor's `pages`
/// must name none of `secrets`.
fn alone_as_together(root: &std::path::Path, pages: &[&str], secrets: &[&str]) {
    let out = root.join("public");
    site::build_ok(root, &out, &[]);
    let vendor = site::read_tree(&out.join("vendor"));
    for path in pages {
        let html = site::text(&vendor, path);
        for secret in secrets {
            assert!(!html.contains(secret), "vendor {path} names {secret}");
        }
    }
    for name in ["company", "vendor"] {
        let alone = root.join(format!("public-{name}"));
        site::build_ok(root, &alone, &["--edition", name]);
        let together = site::read_tree(&out.join(name));
        let by_itself = site::read_tree(&alone.join(name));
        assert_eq!(
            together.keys().collect::<Vec<_>>(),
            by_itself.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &together {
            assert!(
                by_itself[path] == *bytes,
                "{name}/{path} differs when the edition is built alone"
            );
        }
    }
}

fn write_file(root: &std::path::Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn doc(id: &str, kind: &str, title: &str, extra: &str, body: &str) -> String {
    format!("---\nid: {id}\nkind: {kind}\ntitle: {title}\n{extra}---\n{body}\n")
}

/// A document page's fields are made once for the editions where they
/// read the same (`render::pages::MadePage`): its references, the
/// documents that link to it and its neighbours in the guide. Each page
/// here differs between the editions in one of them alone: two guide
/// pages around an internal one (their pager), an FAQ an internal one
/// names as related (its backlinks), an FAQ naming an internal one as
/// related in its front matter, not its body (its facts).
#[test]
fn a_page_shared_by_the_editions_reads_the_same_in_both() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let internal = "audience: internal\n";
    write_file(
        root,
        "playbook.yaml",
        "title: 手册\nlanguage: zh-Hans\ntimezone: Asia/Shanghai\n",
    );
    write_file(
        root,
        "content/a.md",
        &doc("PG-A", "page", "甲页", "weight: 1\n", "甲页正文。"),
    );
    write_file(
        root,
        "content/s.md",
        &doc(
            "PG-S",
            "page",
            "机密乙页",
            &format!("weight: 2\n{internal}"),
            "乙页正文。",
        ),
    );
    write_file(
        root,
        "content/c.md",
        &doc("PG-C", "page", "丙页", "weight: 3\n", "丙页正文。"),
    );
    write_file(
        root,
        "content/faq-b.md",
        &doc("FAQ-B", "faq", "常见问题乙", "", "乙的回答。"),
    );
    write_file(
        root,
        "content/faq-s.md",
        &doc(
            "FAQ-S",
            "faq",
            "机密问题",
            &format!("related: [FAQ-B]\n{internal}"),
            "机密回答。",
        ),
    );
    write_file(
        root,
        "content/faq-r.md",
        &doc(
            "FAQ-R",
            "faq",
            "常见问题丙",
            "related: [FAQ-T]\n",
            "丙的回答。",
        ),
    );
    write_file(
        root,
        "content/faq-t.md",
        &doc("FAQ-T", "faq", "机密问题丁", internal, "机密回答丁。"),
    );
    alone_as_together(
        root,
        &[
            "page/pg-a.html",
            "page/pg-c.html",
            "faq/faq-b.html",
            "faq/faq-r.html",
        ],
        &["机密", "pg-s", "faq-s", "faq-t", "PG-S", "FAQ-S", "FAQ-T"],
    );
}

/// The same for a page's releases: an FAQ internal in the first release
/// and shared since the second is new in the second for the vendor, in
/// the first for the company.
#[test]
fn a_page_shared_by_the_editions_shows_its_editions_releases() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let config = |version: &str| {
        format!("title: 手册\nversion: \"{version}\"\nlanguage: zh-Hans\ntimezone: Asia/Shanghai\n")
    };
    let release = |today: &str| {
        let output = assert_cmd::Command::cargo_bin("playbook")
            .unwrap()
            .args(["release", "--root", root.to_str().unwrap()])
            .env("PLAYBOOK_TODAY", today)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let moved = |extra: &str| doc("FAQ-M", "faq", "常见问题乙", extra, "乙的回答。");
    write_file(root, "playbook.yaml", &config("2026.1"));
    write_file(
        root,
        "content/faq-a.md",
        &doc("FAQ-A", "faq", "常见问题甲", "", "甲的回答。"),
    );
    write_file(root, "content/faq-m.md", &moved("audience: internal\n"));
    release("2026-01-10");
    write_file(root, "playbook.yaml", &config("2026.2"));
    write_file(root, "content/faq-m.md", &moved(""));
    release("2026-02-10");
    // The vendor never held FAQ-M in 2026.1.
    alone_as_together(root, &["faq/faq-m.html"], &["2026.1"]);
}
