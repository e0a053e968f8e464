//! Security of what playbook renders and serves:
//!
//! - (a) front-matter and configuration values (titles, owners, tags,
//!   participants, module titles, channel labels, the site title and
//!   version) holding `<script>`, `"><img onerror>`, `</title>`, `'`, `&`,
//!   `<!--`, U+2028 … are escaped in every place they land: HTML text,
//!   attributes (a project template putting them there), the search index
//!   scripts and `playbook.json` (valid JSON, values round-trip);
//! - (b) raw HTML in bodies is sanitized: a list of XSS vectors leaves no
//!   executable construct in the rendered pages;
//! - (c) Markdown links and images with `javascript:`, `vbscript:` or
//!   `data:` URLs (inline, reference-style, autolinks, obfuscated) are
//!   neutralised;
//! - (d) `watch` listens on loopback by default and never serves anything
//!   but the in-memory site (`..`, encoded and double-encoded forms,
//!   backslashes, absolute paths, symbolic links in `public/`);
//! - (e) `build` never writes outside `--out`: IDs, file and edition names
//!   that try to climb out are refused with a diagnostic, or land inside.

mod common;
mod site;

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use std::time::Duration;

type Tree = BTreeMap<String, Vec<u8>>;

fn write_files(root: &Path, files: &[(&str, String)]) {
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// Builds `root` with the real binary into a fresh folder; both editions.
fn build_both(root: &Path) -> (tempfile::TempDir, Tree, Tree) {
    let out = tempfile::tempdir().unwrap();
    site::build_ok(root, out.path(), &[]);
    let company = site::read_tree(&out.path().join("company"));
    let vendor = site::read_tree(&out.path().join("vendor"));
    (out, company, vendor)
}

fn yaml(text: &str) -> String {
    // A JSON string is a YAML double-quoted scalar (escapes included).
    serde_json::to_string(text).unwrap()
}

// ---------------------------------------------------------------------
// (a) Front-matter values are escaped everywhere.

/// What an attacker would put in a field: ends a script, a title, an
/// attribute; opens tags with handlers, a comment; JS line terminators.
const HOSTILE: &str = "</script><script>alert(1)</script>\"><img src=x onerror=alert(2)>'&amp;<!-- x -->\u{2028}\u{2029}</title><svg onload=alert(3)>";

fn hostile(label: &str) -> String {
    format!("{label} {HOSTILE}")
}

fn hostile_project(root: &Path) {
    let docs = [
        (
            "content/req.md",
            format!(
                "---\nid: REQ-A\nkind: requirement\ntitle: {}\nowner: {}\ntags: [{}]\nchannels: [chat]\nhours: 24/7\n---\nBody.\n",
                yaml(&hostile("req-title")),
                yaml(&hostile("req-owner")),
                yaml(&hostile("req-tag")),
            ),
        ),
        (
            "content/sla.md",
            format!(
                "---\nid: SLA-A\nkind: sla\ntitle: {}\nowner: {}\nchannel: chat\nmetric: first_response\ntarget: 2m\nsatisfies: [REQ-A]\n---\nSee [[REQ-A]].\n",
                yaml(&hostile("sla-title")),
                yaml(&hostile("sla-owner")),
            ),
        ),
        (
            "content/trn.md",
            format!(
                "---\nid: TRN-A\nkind: training\ntitle: {}\nparticipants: [{}]\nmodules:\n  - {{ title: {}, duration: 1h, format: workshop, covers: [SLA-A] }}\n---\n",
                yaml(&hostile("trn-title")),
                yaml(&hostile("trn-participant")),
                yaml(&hostile("trn-module")),
            ),
        ),
        (
            "content/faq.md",
            format!(
                "---\nid: FAQ-A\nkind: faq\ntitle: {}\ntags: [{}]\nrelated: [SLA-A]\n---\nAnswer.\n",
                yaml(&hostile("faq-title")),
                yaml(&hostile("faq-tag")),
            ),
        ),
        (
            "content/ven.md",
            format!(
                "---\nid: VEN-A\nkind: vendor\naudience: shared\ntitle: {}\nexperience_years: 2\nrating: 4\nquality: high\n---\n",
                yaml(&hostile("ven-title")),
            ),
        ),
        (
            "content/kpi.md",
            format!(
                "---\nid: KPI-A\nkind: kpi\ntitle: {}\nunit: percent\ntarget: 90%\nbetter: higher\nmeasures: [SLA-A]\nactuals:\n  - {{ period: 2026-01, value: 95% }}\n---\n",
                yaml(&hostile("kpi-title")),
            ),
        ),
        (
            "content/index.md",
            format!(
                "---\nid: PG-HOME\nkind: page\ntitle: {}\n---\nWelcome, see [[FAQ-A]].\n",
                yaml(&hostile("home-title")),
            ),
        ),
        (
            "content/page.md",
            format!(
                "---\nid: PG-A\nkind: page\ntitle: {}\nowner: {}\n---\nText.\n",
                yaml(&hostile("page-title")),
                yaml(&hostile("page-owner")),
            ),
        ),
        (
            "playbook.yaml",
            format!(
                // A version names a release file, so a hostile one is
                // refused (`config-invalid-value`, see tests/bad_input.rs)
                // before any page could show it.
                "title: {}\nversion: \"2026.1\"\nchannels:\n  chat: {}\n",
                yaml(&hostile("site-title")),
                yaml(&hostile("chat-label")),
            ),
        ),
    ];
    let docs: Vec<(&str, String)> = docs.into_iter().collect();
    write_files(root, &docs);
}

/// Every value the hostile project wrote, by label.
const LABELS: &[&str] = &[
    "req-title",
    "req-owner",
    "req-tag",
    "sla-title",
    "sla-owner",
    "trn-title",
    "trn-participant",
    "trn-module",
    "faq-title",
    "faq-tag",
    "ven-title",
    "kpi-title",
    "home-title",
    "page-title",
    "page-owner",
    "site-title",
    "chat-label",
];

/// What must never appear in an HTML file: the payload's markup, unescaped.
const RAW_MARKUP: &[&str] = &[
    "<script>alert",
    "\"><img",
    "<img src=x",
    "<svg onload",
    "</title><svg",
    "<!-- x -->",
];

/// The inline scripts of the built-in theme (`templates/*.html`), as
/// written there: fixed text with no template value in it (the 404 page's
/// base finder, the FAQ index's tag filter).
fn theme_scripts() -> Vec<String> {
    let mut scripts = Vec::new();
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for entry in std::fs::read_dir(folder).expect("templates/") {
        let path = entry.expect("a template").path();
        if path.extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(&path).expect("a template's text");
            for (at, _) in text.match_indices("<script>") {
                let end = text[at..].find("</script>").expect("a closed script") + at;
                let script = &text[at..end + "</script>".len()];
                assert!(
                    !script.contains("{{") && !script.contains("{%"),
                    "{}: an inline script holds a template value",
                    path.display()
                );
                scripts.push(script.to_string());
            }
        }
    }
    scripts
}

/// The `<script …>` tags of a page, in lower case, but the theme's own
/// inline scripts (found verbatim).
fn script_tags(html: &str) -> Vec<String> {
    let mut html = html.to_string();
    for script in theme_scripts() {
        html = html.replace(&script, "");
    }
    let lower = html.to_ascii_lowercase();
    lower
        .match_indices("<script")
        .map(|(at, _)| {
            let end = lower[at..]
                .find('>')
                .map(|e| at + e + 1)
                .unwrap_or(lower.len());
            lower[at..end].to_string()
        })
        .collect()
}

/// The text of every `<tag …>…</tag>` element of a page, decoded.
fn element_texts(html: &str, tag: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find(&format!("<{tag}")) {
        let after = &rest[open..];
        let Some(start) = after.find('>') else { break };
        let Some(close) = after.find(&format!("</{tag}>")) else {
            break;
        };
        if close > start {
            texts.push(site::strip_tags(&after[start + 1..close]));
        }
        rest = &after[close..];
    }
    texts
}

/// `PlaybookSearch.name(…, JSON);` → the JSON value.
fn search_payload(script: &str) -> serde_json::Value {
    let open = script.find('(').expect("a call");
    let inner = script[open + 1..]
        .trim_end()
        .strip_suffix(");")
        .expect("a call ending in `);`");
    // `meta(JSON)` or `shard(N,JSON)` / `docs(N,JSON)`.
    let json = match inner.split_once(',') {
        Some((number, json)) if number.chars().all(|c| c.is_ascii_digit()) => json,
        _ => inner,
    };
    serde_json::from_str(json).unwrap_or_else(|e| panic!("not JSON ({e}): {json}"))
}

fn check_escaped_everywhere(name: &str, tree: &Tree) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, bytes) in tree {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".html") {
            for raw in RAW_MARKUP {
                if text.contains(raw) {
                    problems.push(format!("{name}/{path}: unescaped `{raw}`"));
                }
            }
            for tag in script_tags(&text) {
                if !tag.ends_with("assets/search.js\">") {
                    problems.push(format!("{name}/{path}: a script tag {tag}"));
                }
            }
            for attr in site::attributes(&text) {
                if attr.name.starts_with("on") || (attr.tag == "img" && attr.value == "x") {
                    problems.push(format!(
                        "{name}/{path}: <{} {}=\"{}\">",
                        attr.tag, attr.name, attr.value
                    ));
                }
            }
        }
        if path.ends_with(".js") && path.starts_with("search/") {
            // Loaded by <script src>: nothing in it may end or comment out
            // a script, or break a line in an old JavaScript parser.
            for bad in ["<", ">", "\u{2028}", "\u{2029}"] {
                if text.contains(bad) {
                    problems.push(format!("{name}/{path}: holds {bad:?}"));
                }
            }
            let _ = search_payload(&text);
        }
    }
    problems
}

#[test]
fn front_matter_values_are_escaped_in_every_output() {
    let temp = tempfile::tempdir().unwrap();
    hostile_project(temp.path());
    let (_out, company, vendor) = build_both(temp.path());
    let mut problems = check_escaped_everywhere("company", &company);
    problems.extend(check_escaped_everywhere("vendor", &vendor));
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // HTML text: each value reads back exactly (so it was escaped, not
    // dropped), in the heading, the <title>, the facts.
    let every_text: Vec<String> = company
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(_, bytes)| site::strip_tags(&String::from_utf8_lossy(bytes)))
        .collect();
    for label in LABELS {
        let value = hostile(label);
        assert!(
            every_text.iter().any(|text| text.contains(&value)),
            "{label}: the value is shown as text somewhere"
        );
    }
    for (path, title) in [
        ("requirement/req-a.html", "req-title"),
        ("sla/sla-a.html", "sla-title"),
        ("faq/faq-a.html", "faq-title"),
        ("kpi/kpi-a.html", "kpi-title"),
        ("page/pg-a.html", "page-title"),
    ] {
        let html = site::text(&company, path);
        assert_eq!(element_texts(html, "h1"), [hostile(title)], "{path}");
        assert_eq!(
            element_texts(html, "title")[0],
            // The edition is named in the title too (spec section 9).
            format!(
                "{} · {} (Company edition)",
                hostile(title),
                hostile("site-title")
            ),
            "{path}"
        );
    }
    let index = site::text(&company, "index.html");
    assert!(
        element_texts(index, "title")
            .contains(&format!("{} (Company edition)", hostile("site-title")))
    );

    // The search index: valid JSON, titles as written.
    let docs = search_payload(site::text(&company, "search/docs-0.js"));
    let titles: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|doc| doc[1].as_str().unwrap())
        .collect();
    for label in ["req-title", "faq-title", "trn-title", "ven-title"] {
        assert!(
            titles.contains(&hostile(label).as_str()),
            "{label} in {titles:?}"
        );
    }

    // playbook.json: valid JSON, every value round-trips.
    let json: serde_json::Value = serde_json::from_slice(&company["playbook.json"]).unwrap();
    let documents = json["documents"].as_array().unwrap();
    let by_id = |id: &str| documents.iter().find(|d| d["id"] == id).unwrap();
    assert_eq!(by_id("REQ-A")["title"], hostile("req-title"));
    assert_eq!(by_id("REQ-A")["owner"], hostile("req-owner"));
    assert_eq!(by_id("REQ-A")["tags"][0], hostile("req-tag"));
    assert_eq!(by_id("TRN-A")["modules"][0]["title"], hostile("trn-module"));
    assert_eq!(
        by_id("TRN-A")["participants"][0],
        hostile("trn-participant")
    );
    assert_eq!(by_id("FAQ-A")["tags"][0], hostile("faq-tag"));
}

/// A project's own template that puts values in attributes (`title`,
/// `data-*`, `aria-label`): autoescaping keeps them inside their quotes.
#[test]
fn values_in_template_attributes_stay_inside_their_quotes() {
    let temp = tempfile::tempdir().unwrap();
    hostile_project(temp.path());
    write_files(
        temp.path(),
        &[(
            "templates/document.html",
            "{% extends \"base.html\" %}{% block content %}<article title=\"{{ doc.title }}\" data-owner=\"{{ doc.owner }}\" aria-label='{{ doc.title }}' data-tags=\"{{ doc.tags | join(sep=',') }}\"><h1>{{ doc.title }}</h1></article>{% endblock content %}"
                .to_string(),
        )],
    );
    let (_out, company, _vendor) = build_both(temp.path());
    let problems = check_escaped_everywhere("company", &company);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let html = site::text(&company, "requirement/req-a.html");
    let attrs: BTreeMap<String, String> = site::attributes(html)
        .into_iter()
        .filter(|attr| attr.tag == "article")
        .map(|attr| (attr.name, attr.value))
        .collect();
    assert_eq!(
        attrs,
        BTreeMap::from([
            ("title".to_string(), hostile("req-title")),
            ("data-owner".to_string(), hostile("req-owner")),
            ("aria-label".to_string(), hostile("req-title")),
            ("data-tags".to_string(), hostile("req-tag")),
        ])
    );
}

// ---------------------------------------------------------------------
// (b) Raw HTML is sanitized, (c) script URLs are neutralised.

/// Raw HTML an author (or a pasted snippet) could put in a body.
const XSS_VECTORS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img src=x onerror\n=\nalert(1)>",
    "<img src=\"javascript:alert(1)\">",
    "<img srcset=\"javascript:alert(1) 1x\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">a</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">a</a>",
    "<a href=\"jav&#x61;script:alert(1)\">a</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">a</a>",
    "<a href=\"javascript&colon;alert(1)\">a</a>",
    "<a href=\"java&#x09;script:alert(1)\">a</a>",
    "<a href=\"java&#10;script:alert(1)\">a</a>",
    "<a href=\" &#14;  javascript:alert(1)\">a</a>",
    "<a href=\"vbscript:msgbox(1)\">a</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">a</a>",
    "<a href=\"#\" onclick=\"alert(1)\">a</a>",
    "<div style=\"background:url(javascript:alert(1))\">a</div>",
    "<div style=\"width: expression(alert(1))\">a</div>",
    "<table><tr><td style=\"background:url(javascript:alert(1))\">a</td><th style=\"text-align: expression(alert(1))\">b</th></tr></table>",
    "<style>@import 'javascript:alert(1)'; body { background: url(javascript:alert(1)) }</style>",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<input onfocus=alert(1) autofocus>",
    "<input type=\"image\" src=\"javascript:alert(1)\">",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>x</details>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<template><script>alert(1)</script></template>",
    "<isindex action=\"javascript:alert(1)\" type=image>",
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
    "<a href=\"javascript:alert(1)\"\n>multi\nline</a>",
];

/// Tags that run script, load documents, or change how the page works.
const FORBIDDEN_TAGS: &[&str] = &[
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "style",
    "form",
    "svg",
    "math",
    "template",
    "noscript",
    "isindex",
    "xmp",
    "plaintext",
    "button",
    "source",
    "video",
    "audio",
];

/// Attributes holding URLs.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "xlink:href",
    "lowsrc",
    "dynsrc",
    "ping",
];

/// A URL as a browser reads its scheme: leading and trailing C0 controls
/// and spaces stripped, tabs and newlines removed anywhere, lower case.
fn browser_url(value: &str) -> String {
    value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

fn is_script_url(value: &str) -> bool {
    let url = browser_url(value);
    ["javascript:", "vbscript:", "data:", "livescript:", "mocha:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// What is executable in a fragment of rendered HTML: one line each.
fn executable_constructs(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    for tag in FORBIDDEN_TAGS {
        for (at, _) in lower.match_indices(&format!("<{tag}")) {
            let next = lower[at + 1 + tag.len()..].chars().next();
            if next.is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/') {
                found.push(format!("a <{tag}> element"));
            }
        }
    }
    if lower.contains("<!--") {
        found.push("a comment".to_string());
    }
    for attr in site::attributes(html) {
        let here = format!("<{} {}=\"{}\">", attr.tag, attr.name, attr.value);
        if attr.name.starts_with("on")
            || matches!(attr.name.as_str(), "srcdoc" | "http-equiv" | "formaction")
        {
            found.push(format!("{here}: an active attribute"));
        }
        if URL_ATTRIBUTES.contains(&attr.name.as_str()) {
            for part in attr.value.split(',') {
                if is_script_url(part) {
                    found.push(format!("{here}: a script URL"));
                }
            }
        }
        if attr.name == "style" {
            let style = attr.value.to_ascii_lowercase();
            if style.contains("url(") || style.contains("expression") || style.contains('\\') {
                found.push(format!("{here}: a style that loads or runs"));
            }
        }
    }
    found
}

/// A project with one page per vector (so a vector that swallows what
/// follows cannot hide another), and `markdown.raw_html` as given.
fn vector_project(root: &Path, raw_html: &str) {
    let mut files = vec![(
        "playbook.yaml",
        format!("title: XSS\nmarkdown: {{ raw_html: {raw_html} }}\n"),
    )];
    let paths: Vec<String> = (0..XSS_VECTORS.len())
        .map(|n| format!("content/x{n}.md"))
        .collect();
    for (n, vector) in XSS_VECTORS.iter().enumerate() {
        files.push((
            paths[n].as_str(),
            format!(
                "---\nid: PG-X{n}\nkind: page\ntitle: Vector {n}\n---\nBefore vector {n}.\n\n{vector}\n\nAfter vector {n}.\n"
            ),
        ));
    }
    let home = format!(
        "---\nid: HOME\nkind: page\ntitle: Home\n---\n{}\n",
        XSS_VECTORS.join("\n\n")
    );
    files.push(("content/index.md", home));
    let files: Vec<(&str, String)> = files;
    write_files(root, &files);
}

/// The `<main>` element of every HTML page of an edition (but the search
/// page, whose form is the theme's own and holds nothing an author wrote).
fn mains(tree: &Tree) -> Vec<(String, String)> {
    tree.iter()
        .filter(|(path, _)| path.ends_with(".html") && *path != "search.html")
        .map(|(path, bytes)| {
            let html = String::from_utf8_lossy(bytes);
            (path.clone(), site::main_element(&html).to_string())
        })
        .collect()
}

#[test]
fn the_vector_check_sees_what_it_must() {
    // The checker itself flags each construct (otherwise the tests below
    // could pass for the wrong reason).
    for bad in [
        "<script>x</script>",
        "<SVG onload=x>",
        "<img src=a onerror=b>",
        "<a href=\"java&#x09;script:x\">a</a>",
        "<a href=\" javascript:x\">a</a>",
        "<a href=\"DATA:text/html,x\">a</a>",
        "<td style=\"background:url(x)\">",
        "<iframe srcdoc=x>",
        "<!-- x -->",
        "<img srcset=\"a.png 1x, javascript:x 2x\">",
    ] {
        assert!(!executable_constructs(bad).is_empty(), "{bad}");
    }
    for good in [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<a href=\"https://example.com/\">x</a>",
        "<a href=\"../page/pg-a.html#x\">x</a>",
        "<td style=\"text-align: left\">x</td>",
        "<img src=\"x.png\" alt=\"onerror=alert(1)\">",
    ] {
        assert!(executable_constructs(good).is_empty(), "{good}");
    }
}

#[test]
fn raw_html_xss_vectors_are_sanitized() {
    assert!(XSS_VECTORS.len() >= 40);
    let temp = tempfile::tempdir().unwrap();
    vector_project(temp.path(), "sanitize");
    let (_out, company, vendor) = build_both(temp.path());
    let mut problems = Vec::new();
    for (name, tree) in [("company", &company), ("vendor", &vendor)] {
        for (path, main) in mains(tree) {
            for construct in executable_constructs(&main) {
                problems.push(format!("{name}/{path}: {construct}"));
            }
        }
        // No script in any page but the search page's own.
        for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
            for tag in script_tags(&String::from_utf8_lossy(bytes)) {
                if !(path == "search.html" && tag == "<script src=\"assets/search.js\">") {
                    problems.push(format!("{name}/{path}: {tag}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Each page was rendered, with its text around the vector.
    for n in 0..XSS_VECTORS.len() {
        let html = site::text(&company, &format!("page/pg-x{n}.html"));
        assert!(html.contains(&format!("Before vector {n}.")), "page {n}");
    }
    // What is harmless stays: the link text, a plain image, tables.
    let page = site::text(&company, "page/pg-x16.html");
    assert!(page.contains(">a</a>"), "the link's text is kept");
    let page = site::text(&company, "page/pg-x4.html");
    assert!(page.contains("<img src=\"x\">"), "the image is kept");
}

#[test]
fn raw_html_escaped_is_shown_as_text() {
    let temp = tempfile::tempdir().unwrap();
    vector_project(temp.path(), "escape");
    let (_out, company, _vendor) = build_both(temp.path());
    let mut problems = Vec::new();
    for (path, main) in mains(&company) {
        for construct in executable_constructs(&main) {
            problems.push(format!("{path}: {construct}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let page = site::text(&company, "page/pg-x0.html");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn script_urls_in_markdown_links_and_images_are_neutralised() {
    let body = [
        "[inline](javascript:alert(1))",
        "[mixed case](JaVaScRiPt:alert(1))",
        "[spaced](  javascript:alert(1)  )",
        "[angle](<javascript:alert(1)>)",
        "[angle space](<java script:alert(1)>)",
        "[entity](jav&#x61;script:alert(1))",
        "[colon entity](javascript&#58;alert(1))",
        "[named colon](javascript&colon;alert(1))",
        "[tab](java&#x09;script:alert(1))",
        "[newline](java&#x0A;script:alert(1))",
        "[cr](java&#x0D;script:alert(1))",
        "[leading control](&#x01;javascript:alert(1))",
        "[leading space entity](&#x20;javascript:alert(1))",
        "[nbsp](&#xA0;javascript:alert(1))",
        "[vb](vbscript:msgbox(1))",
        "[VB](VBScript:msgbox(1))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[DATA](DaTa:text/html,x)",
        "[titled](javascript:alert(1) \"title\")",
        "[reference][js] [collapsed js][] [shortcut js]",
        "[reference tab][jstab]",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<vbscript:msgbox(1)>",
        "<data:text/html,x>",
        "![image](javascript:alert(1))",
        "![image tab](java&#x09;script:alert(1))",
        "![image ref][js]",
        "[![nested](javascript:alert(1))](javascript:alert(2))",
        "[percent](%6Aavascript:alert(1))",
        "[fine](https://example.com/ok) [mail](mailto:a@example.com) [anchor](#top)",
    ]
    .join("\n\n");
    let document = format!(
        "---\nid: PG-LINKS\nkind: page\ntitle: Links\n---\n# Top\n\n{body}\n\n[js]: javascript:alert(1)\n[collapsed js]: JAVASCRIPT:alert(1)\n[shortcut js]: data:text/html,x\n[jstab]: java&#x09;script:alert(1)\n"
    );
    let temp = tempfile::tempdir().unwrap();
    write_files(temp.path(), &[("content/links.md", document.clone())]);
    // Also with raw HTML on the page, which sends it through the sanitizer.
    write_files(
        temp.path(),
        &[(
            "content/links-html.md",
            document.replace("PG-LINKS", "PG-LINKS-HTML") + "\n<span>raw</span>\n",
        )],
    );
    let (_out, company, _vendor) = build_both(temp.path());
    for path in ["page/pg-links.html", "page/pg-links-html.html"] {
        let main = site::main_element(site::text(&company, path)).to_string();
        let problems = executable_constructs(&main);
        assert!(problems.is_empty(), "{path}:\n{}", problems.join("\n"));
        // The harmless links stay.
        let hrefs: Vec<String> = site::attributes(&main)
            .into_iter()
            .filter(|attr| attr.name == "href")
            .map(|attr| attr.value)
            .collect();
        for kept in ["https://example.com/ok", "mailto:a@example.com", "#top"] {
            assert!(
                hrefs.iter().any(|h| h == kept),
                "{path}: {kept} in {hrefs:?}"
            );
        }
        // And every link text is still there.
        for text in [
            "inline",
            "mixed case",
            "reference",
            "shortcut js",
            "percent",
        ] {
            assert!(main.contains(&format!(">{text}</a>")), "{path}: {text}");
        }
    }
}

// ---------------------------------------------------------------------
// (d) The watch server.

use common::watch::Watch;

fn start_watch(root: &Path) -> Watch {
    Watch::start(root, &[])
}

/// Sends one raw request line (`GET <target> HTTP/1.1`): (status, body).
fn request(port: u16, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

/// A project inside a folder that also holds a secret file, with a
/// `public/` holding a stale page and a symbolic link out of it.
fn watched_project() -> (tempfile::TempDir, PathBuf) {
    let parent = tempfile::tempdir().unwrap();
    fs::write(parent.path().join("secret.txt"), "OUTSIDE-SECRET-MARKER\n").unwrap();
    let root = parent.path().join("project");
    write_files(
        &root,
        &[
            (
                "playbook.yaml",
                "# CONFIG-SECRET-MARKER\ntitle: Watched\n".to_string(),
            ),
            (
                "content/a.md",
                "---\n# SOURCE-SECRET-MARKER\nid: PG-A\nkind: page\ntitle: Page A\n---\nBody A.\n"
                    .to_string(),
            ),
            (
                "public/company/stale.html",
                "PUBLIC-SECRET-MARKER".to_string(),
            ),
        ],
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(parent.path(), root.join("public/company/escape")).unwrap();
    }
    (parent, root)
}

#[test]
fn watch_listens_on_loopback_by_default() {
    let (_parent, root) = watched_project();
    let watch = start_watch(&root);
    assert_eq!(watch.address, "127.0.0.1", "the default address");
    assert_eq!(request(watch.port, "/company/page/pg-a.html").0, 200);
    // The kernel's view: the listening socket is bound to 127.0.0.1.
    if let Ok(table) = fs::read_to_string("/proc/net/tcp") {
        let local = format!("0100007F:{:04X}", watch.port);
        let listening: Vec<&str> = table
            .lines()
            .filter(|line| line.split_whitespace().nth(3) == Some("0A"))
            .filter_map(|line| line.split_whitespace().nth(1))
            .filter(|address| address.ends_with(&format!(":{:04X}", watch.port)))
            .collect();
        assert_eq!(listening, [local.as_str()], "bound to loopback only");
    }
    // And from another address of this machine, nothing answers.
    let probe = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    if probe.connect("192.0.2.1:9").is_ok()
        && let Ok(local) = probe.local_addr()
        && !local.ip().is_loopback()
        && !local.ip().is_unspecified()
    {
        let outside = std::net::SocketAddr::new(local.ip(), watch.port);
        assert!(
            TcpStream::connect_timeout(&outside, Duration::from_secs(2)).is_err(),
            "{outside} answers"
        );
    }
}

#[test]
fn watch_serves_nothing_outside_the_site() {
    let (_parent, root) = watched_project();
    let watch = start_watch(&root);
    let markers = [
        "OUTSIDE-SECRET-MARKER",
        "CONFIG-SECRET-MARKER",
        "SOURCE-SECRET-MARKER",
        "PUBLIC-SECRET-MARKER",
        "root:x:0:0",
    ];
    let targets = [
        "/company/../playbook.yaml",
        "/company/../../secret.txt",
        "/../secret.txt",
        "/company/%2e%2e/playbook.yaml",
        "/company/%2E%2E/%2E%2E/secret.txt",
        "/company/.%2e/playbook.yaml",
        "/company/%2e./playbook.yaml",
        "/company/..%2fplaybook.yaml",
        "/company/..%2F..%2Fsecret.txt",
        "/company/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/company/..%5cplaybook.yaml",
        "/company/..%5C..%5Csecret.txt",
        "/company/..\\..\\secret.txt",
        "/company/%252e%252e/playbook.yaml",
        "/company/%252e%252e%252fplaybook.yaml",
        "/company/%25252e%25252e/playbook.yaml",
        "/company/%c0%ae%c0%ae/playbook.yaml",
        "/company/%c0%af../secret.txt",
        "/company/%00../playbook.yaml",
        "/company/index.html%00.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/company//etc/passwd",
        "/company/%2fetc%2fpasswd",
        "/company/%2f%2e%2e%2fsecret.txt",
        "/company/C:%5cWindows%5cwin.ini",
        "/company/stale.html",
        "/company/escape/secret.txt",
        "/company/escape/project/playbook.yaml",
        "/content/a.md",
        "/company/content/a.md",
        "/playbook.yaml",
        "http://127.0.0.1/../secret.txt",
        "http://127.0.0.1/company/%2e%2e/%2e%2e/secret.txt",
        "../secret.txt",
        "*",
    ];
    let mut problems = Vec::new();
    for target in targets {
        let (status, body) = request(watch.port, target);
        if !matches!(status, 400 | 403 | 404) {
            problems.push(format!("{target}: status {status}"));
        }
        for marker in markers {
            if body.contains(marker) {
                problems.push(format!("{target}: served {marker}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The site itself is served.
    let (status, body) = request(watch.port, "/company/page/pg-a.html");
    assert_eq!(status, 200);
    assert!(body.contains("Body A."));
    // `watch` never writes `public/`: the stale page is as it was.
    assert_eq!(
        fs::read_to_string(root.join("public/company/stale.html")).unwrap(),
        "PUBLIC-SECRET-MARKER"
    );
}

// ---------------------------------------------------------------------
// (e) `build` writes only inside `--out`.

/// Every path under `dir` (relative, with `/`), folders included; links
/// are listed, not followed.
fn listing(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let relative = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            found.push(relative);
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            }
        }
    }
    found.sort();
    found
}

/// IDs that would climb out of the output folder, or trick a file system.
const ESCAPING_IDS: &[&str] = &[
    "../../ESCAPED",
    "../ESCAPED",
    "/tmp/ESCAPED",
    "..\\..\\ESCAPED",
    "PG-../../ESCAPED",
    "PG/../../ESCAPED",
    "PG-A/B",
    "PG-%2E%2E%2FESCAPED",
    "PG-\u{2215}ESCAPED",
    "PG-\u{FF0E}\u{FF0E}",
    "\u{FF30}\u{FF27}-A",
    "\u{212A}-A",
    "PG-\u{130}",
    "PG-A\u{202E}LMTH",
    "PG-A\u{0}",
    "PG-A\u{200B}",
    ".",
    "..",
    "~",
    "C:\\ESCAPED",
    "CON",
];

#[test]
fn ids_that_would_escape_the_output_folder_are_refused() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("project");
    let out = parent.path().join("out");
    let mut files: Vec<(String, String)> = ESCAPING_IDS
        .iter()
        .enumerate()
        .filter(|(_, id)| **id != "CON")
        .map(|(n, id)| {
            (
                format!("content/e{n}.md"),
                format!("---\nid: {}\nkind: page\ntitle: E{n}\n---\n", yaml(id)),
            )
        })
        .collect();
    // Far too long for a file name.
    files.push((
        "content/long.md".to_string(),
        format!(
            "---\nid: PG-{}\nkind: page\ntitle: Long\n---\n",
            "A".repeat(5000)
        ),
    ));
    let files: Vec<(&str, String)> = files.iter().map(|(p, t)| (p.as_str(), t.clone())).collect();
    write_files(&root, &files);
    let before = listing(parent.path());
    let output = site::build(&root, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let refused = stderr.matches("error[invalid-id]").count();
    assert_eq!(refused, files.len(), "each ID is refused:\n{stderr}");
    assert!(stderr.contains("characters long"), "the long ID says why");
    assert_eq!(listing(parent.path()), before, "nothing was written");
}

#[test]
fn what_a_build_writes_stays_inside_out() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("project");
    let out = parent.path().join("out");
    // The longest ID a page may have, static files with names that look
    // like climbing, and `CON` (a reserved name on Windows) as an ID.
    let longest = format!(
        "PG-{}",
        "L".repeat(playbook::content::values::MAX_ID_LEN - 3)
    );
    write_files(
        &root,
        &[
            (
                "content/long.md",
                format!("---\nid: {longest}\nkind: page\ntitle: Long\n---\n"),
            ),
            (
                "content/con.md",
                "---\nid: CON\nkind: page\ntitle: Con\n---\n".to_string(),
            ),
            ("static/..%2f..%2fESCAPED.txt", "static".to_string()),
            ("static/%2e%2e/x.txt", "static".to_string()),
            ("static/..\\ESCAPED.txt", "static".to_string()),
        ],
    );
    // An edition folder that is a link to a folder outside `--out`: the
    // build replaces the link, and leaves that folder alone.
    let elsewhere = parent.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(elsewhere.join("keep.txt"), "keep").unwrap();
    fs::create_dir_all(&out).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&elsewhere, out.join("vendor")).unwrap();

    let project_before = listing(&root);
    site::build_ok(&root, &out, &[]);
    for path in listing(parent.path()) {
        assert!(
            path == "project"
                || path.starts_with("project/")
                || path == "out"
                || path.starts_with("out/")
                || path == "elsewhere"
                || path == "elsewhere/keep.txt",
            "written outside --out: {path}"
        );
    }
    assert_eq!(listing(&root), project_before, "the project is untouched");
    assert_eq!(listing(&elsewhere), ["keep.txt"]);
    assert!(!out.join("vendor").is_symlink(), "the link was replaced");
    let company = out.join("company");
    assert!(
        company
            .join(format!("page/{}.html", longest.to_lowercase()))
            .is_file()
    );
    assert!(company.join("page/con.html").is_file());
    assert!(company.join("..%2f..%2fESCAPED.txt").is_file());
    assert!(company.join("%2e%2e/x.txt").is_file());
    assert!(company.join("..\\ESCAPED.txt").is_file());
}

#[test]
fn edition_names_that_would_escape_are_refused() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("project");
    let out = parent.path().join("out");
    write_files(
        &root,
        &[(
            "content/a.md",
            "---\nid: PG-A\nkind: page\ntitle: A\n---\n".to_string(),
        )],
    );
    // On the command line: a bad command line, nothing written.
    for name in ["../escaped", "/tmp/escaped", "..", "a/../../escaped"] {
        let output = site::build(&root, &out, &["--edition", name]);
        assert_eq!(output.status.code(), Some(2), "--edition {name}");
    }
    // In playbook.yaml: a configuration error.
    for name in [
        "../escaped",
        "..",
        "a/b",
        "\"..\\\\escaped\"",
        "\"/tmp/escaped\"",
    ] {
        write_files(
            &root,
            &[(
                "playbook.yaml",
                format!("editions:\n  {name}: {{ audiences: [shared] }}\n"),
            )],
        );
        let output = site::build(&root, &out, &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains("error[config-invalid-value]"),
            "{name}: {stderr}"
        );
    }
    assert_eq!(
        listing(parent.path()),
        listing_of_project_only(&root, parent.path())
    );
}

/// The listing a folder has when it holds only the project.
fn listing_of_project_only(root: &Path, parent: &Path) -> Vec<String> {
    let relative = root
        .strip_prefix(parent)
        .unwrap()
        .to_string_lossy()
        .to_string();
    let mut expected: Vec<String> = listing(root)
        .into_iter()
        .map(|path| format!("{relative}/{path}"))
        .collect();
    expected.push(relative);
    expected.sort();
    expected
}
