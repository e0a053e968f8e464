//! What bodies and titles become in the built pages: raw HTML sanitized,
//! escaped or kept as `markdown.raw_html` says; titles escaped everywhere
//! in HTML and plain in JSON; tables, footnotes, strikethrough, task lists;
//! heading anchors by GitHub's rule; root paths made relative.
//!
//! Fixtures: `tests/fixtures/publish/raw-html/` and
//! `tests/fixtures/publish/markdown/`.

mod common;
mod site;

use std::collections::BTreeMap;
use std::fs;

/// Builds a copy of the raw-html fixture with `raw_html` set (or left to
/// its default) and returns the company edition.
fn raw_html_build(raw_html: Option<&str>) -> BTreeMap<String, Vec<u8>> {
    let (temp, root) = site::fixture_copy("publish/raw-html");
    if let Some(mode) = raw_html {
        let config = fs::read_to_string(root.join("playbook.yaml")).unwrap();
        fs::write(
            root.join("playbook.yaml"),
            format!("{config}markdown:\n  raw_html: {mode}\n"),
        )
        .unwrap();
    }
    let out = temp.path().join("out");
    site::build_ok(&root, &out, &[]);
    let company = site::read_tree(&out.join("company"));
    assert_eq!(
        company.keys().filter(|p| p.ends_with(".html")).count(),
        site::read_tree(&out.join("vendor"))
            .keys()
            .filter(|p| p.ends_with(".html"))
            .count()
    );
    company
}

const DANGEROUS: &[&str] = &[
    "<script",
    "onerror",
    "onload",
    "onclick",
    "javascript:",
    "vbscript:",
    "data:text/html",
    "<iframe",
    "<object",
    "<form",
    "formaction",
    "<svg",
    "<style",
    "<math",
];

#[test]
fn raw_html_is_sanitized_by_default() {
    for mode in [None, Some("sanitize")] {
        let company = raw_html_build(mode);
        for page in ["page/pg-raw.html", "page/pg-hostile.html"] {
            let html = body(site::text(&company, page));
            let lower = html.to_ascii_lowercase();
            for bad in DANGEROUS {
                // The hostile page keeps harmless, percent-encoded hrefs
                // such as `%20%20javascript:alert(3)` (a relative path), so
                // its URLs are judged by `scripted_urls` below.
                if page.ends_with("hostile.html") && bad.ends_with(':') {
                    continue;
                }
                assert!(
                    !lower.contains(bad),
                    "{mode:?} {page} contains {bad}:\n{html}"
                );
            }
        }
        let html = body(site::text(&company, "page/pg-raw.html"));
        assert!(html.contains("<kbd>Ctrl</kbd>"), "harmless markup stays");
        assert!(html.contains("Before the script."));
        assert!(html.contains(">md</a>"), "the Markdown link's text stays");
        let scripted = scripted_urls(&company);
        assert!(scripted.is_empty(), "{mode:?}: {scripted:#?}");
    }
}

/// Every URL attribute of every page that a browser would run as script:
/// entity-decoded, leading and trailing C0 controls and spaces stripped,
/// tabs and newlines removed (as the URL parser does), then checked for a
/// script scheme.
fn scripted_urls(tree: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in tree {
        if !path.ends_with(".html") {
            continue;
        }
        for attr in site::attributes(&String::from_utf8_lossy(bytes)) {
            if !matches!(
                attr.name.as_str(),
                "href" | "src" | "action" | "formaction" | "data" | "xlink:href"
            ) {
                continue;
            }
            let squeezed: String = attr
                .value
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .to_ascii_lowercase();
            if squeezed.starts_with("javascript:")
                || squeezed.starts_with("vbscript:")
                || squeezed.starts_with("data:text")
            {
                found.push(format!(
                    "{path}: <{} {}={:?}>",
                    attr.tag, attr.name, attr.value
                ));
            }
        }
    }
    found
}

#[test]
fn raw_html_escape_shows_the_tags_as_text() {
    let company = raw_html_build(Some("escape"));
    let html = body(site::text(&company, "page/pg-raw.html"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("&lt;kbd&gt;Ctrl&lt;/kbd&gt;"), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script"));
    assert!(!html.contains("<kbd>"));
    assert!(!html.contains("<img"));
    let scripted = scripted_urls(&company);
    assert!(scripted.is_empty(), "{scripted:#?}");
    assert!(
        html.contains("<a href=\"#\">md</a>"),
        "Markdown links are still defused"
    );
    let html = body(site::text(&company, "page/pg-hostile.html"));
    for bad in ["<svg", "<iframe", "<object", "<form", "<div style", "<math"] {
        assert!(!html.contains(bad), "{bad} is escaped");
    }
}

#[test]
fn raw_html_allow_passes_raw_html_through() {
    let company = raw_html_build(Some("allow"));
    let html = body(site::text(&company, "page/pg-raw.html"));
    assert!(html.contains("<kbd>Ctrl</kbd>"), "{html}");
    assert!(
        html.contains("<script>alert(1)</script>"),
        "allow keeps raw HTML as written"
    );
    // Markdown's own links are never script links, whatever raw_html says.
    assert!(html.contains("<a href=\"#\">md</a>"), "{html}");
}

#[test]
fn a_title_with_markup_is_escaped_in_html_and_plain_in_json() {
    let title = "<b>&\"'</b>";
    let company = raw_html_build(None);
    let page = site::text(&company, "page/pg-title.html");
    assert!(!page.contains("<b>") && !page.contains("</b>"), "{page}");
    let head_title = site::element(page, "title").expect("a <title>");
    assert!(!head_title.contains('<') && !head_title.contains('"'));
    assert!(
        site::decode_entities(head_title).starts_with(title),
        "<title>{head_title}</title>"
    );
    let h1 = site::element(page, "h1").expect("an <h1>");
    assert!(!h1.contains('<'), "<h1>{h1}</h1>");
    assert_eq!(site::decode_entities(h1), title);
    // Everywhere the title is listed: menus, home page, kind index.
    for path in [
        "index.html",
        "page/index.html",
        "page/pg-raw.html",
        "404.html",
    ] {
        if let Some(bytes) = company.get(path) {
            let html = String::from_utf8_lossy(bytes);
            assert!(!html.contains("<b>"), "{path} has the title unescaped");
        }
    }
    let json: serde_json::Value = serde_json::from_slice(&company["playbook.json"]).unwrap();
    let entry = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "PG-TITLE")
        .expect("PG-TITLE in playbook.json");
    assert_eq!(entry["title"], title);
}

fn markdown_build() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let out = tempfile::tempdir().unwrap();
    site::build_ok(&common::fixture("publish/markdown"), out.path(), &[]);
    let company = site::read_tree(&out.path().join("company"));
    (out, company)
}

/// The `<div class="body">` of a document page.
fn body(html: &str) -> &str {
    let start = html.find("<div class=\"body\">").expect("a body");
    let end = start
        + html[start..]
            .find("<footer class=\"doc-meta\">")
            .expect("doc-meta");
    &html[start..end]
}

#[test]
fn markdown_extensions_render() {
    let (_out, company) = markdown_build();
    // SLA-X has no raw HTML; PG-FEATURES has the same body plus <kbd>, so
    // it goes through the sanitizer, which must keep all of this.
    for path in ["sla/sla-x.html", "page/pg-features.html"] {
        let html = body(site::text(&company, path));
        // Table with alignment.
        assert!(html.contains("<table>"), "{path}: table\n{html}");
        assert!(
            html.contains("<th style=\"text-align: center\">Center</th>"),
            "{path}: th\n{html}"
        );
        assert!(
            html.contains("<td style=\"text-align: right\">c1</td>"),
            "{path}: td"
        );
        // Footnote: reference and definition, linked.
        assert!(html.contains("footnote-reference"), "{path}: footnote ref");
        assert!(html.contains("footnote-definition"), "{path}: footnote def");
        assert!(html.contains("The footnote text."));
        let attrs = site::attributes(html);
        let note_href = attrs
            .iter()
            .find(|a| a.tag == "a" && a.name == "href" && a.value.starts_with('#'))
            .expect("the footnote reference links to the definition");
        assert!(
            site::ids(html).contains(&note_href.value[1..]),
            "{path}: footnote target"
        );
        // Strikethrough.
        assert!(html.contains("<del>struck text</del>"), "{path}: del");
        // Task list: two checkboxes, the first checked, both disabled.
        let boxes: Vec<&site::Attr> = attrs.iter().filter(|a| a.tag == "input").collect();
        assert!(
            boxes
                .iter()
                .filter(|a| a.name == "type" && a.value == "checkbox")
                .count()
                == 2,
            "{path}: checkboxes\n{html}"
        );
        assert_eq!(
            boxes.iter().filter(|a| a.name == "checked").count(),
            1,
            "{path}: one checked"
        );
        assert_eq!(
            boxes.iter().filter(|a| a.name == "disabled").count(),
            2,
            "{path}: disabled"
        );
        assert!(site::strip_tags(html).contains("done task"));
    }
    assert!(body(site::text(&company, "page/pg-features.html")).contains("<kbd>Ctrl</kbd>"));
}

/// The `id` of every `<h2>` of a body, in order.
fn heading_ids(html: &str) -> Vec<String> {
    site::attributes(html)
        .into_iter()
        .filter(|a| a.tag == "h2" && a.name == "id")
        .map(|a| a.value)
        .collect()
}

#[test]
fn headings_get_anchors_by_githubs_rule() {
    let (_out, company) = markdown_build();
    for path in ["sla/sla-x.html", "page/pg-features.html"] {
        let ids = heading_ids(body(site::text(&company, path)));
        // All but the heading holding `[[REQ-A]]`, whose anchor is tested
        // on its own below.
        let simple: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| !id.starts_with('见'))
            .collect();
        assert_eq!(
            simple,
            [
                "退款规则",
                "hello-world",
                "hello-world-1",
                "hello-world-2",
                "custom",
                "code-span",
                "whats-new-2026"
            ],
            "{path}"
        );
    }
}

/// The specification: anchors follow GitHub's rule "on the heading's source
/// text (with `[[ID]]` standing for the ID)", so `## 见 [[REQ-A]]` is
/// `见-req-a` – the anchor `check` accepts in `[x](@SLA-X#见-req-a)`.
#[test]
fn a_heading_with_a_reference_is_anchored_by_the_id() {
    let (_out, company) = markdown_build();
    let ids = heading_ids(body(site::text(&company, "sla/sla-x.html")));
    assert!(
        ids.contains(&"见-req-a".to_string()),
        "`## 见 [[REQ-A]]` should get id=\"见-req-a\" (the anchor check accepts); got {ids:?}"
    );
}

/// Links to anchors land on an element with that `id`.
#[test]
fn links_to_anchors_resolve() {
    let (_out, company) = markdown_build();
    let faq = body(site::text(&company, "faq/faq-anchors.html"));
    let target_ids = site::ids(site::text(&company, "sla/sla-x.html"));
    let mut problems = Vec::new();
    let mut count = 0;
    for attr in site::attributes(faq) {
        if attr.name != "href" {
            continue;
        }
        let (location, fragment) = attr
            .value
            .split_once('#')
            .expect("every link has an anchor");
        assert_eq!(location, "../sla/sla-x.html");
        count += 1;
        let fragment = site::percent_decode(fragment);
        if !target_ids.contains(&fragment) {
            problems.push(fragment);
        }
    }
    assert_eq!(count, 10);
    assert!(
        problems.is_empty(),
        "links to missing anchors: {problems:?}"
    );
}

#[test]
fn root_paths_become_relative() {
    let (_out, company) = markdown_build();
    let sla = body(site::text(&company, "sla/sla-x.html"));
    assert!(sla.contains("src=\"../logo.png\""), "{sla}");
    assert!(sla.contains("href=\"../contract.pdf\""));
    assert!(sla.contains("href=\"../index.html\""));
    let home = site::text(&company, "index.html");
    assert!(
        home.contains("src=\"logo.png\""),
        "the home page is at the root"
    );
    let home_page = site::text(&company, "page/pg-home.html");
    assert!(home_page.contains("src=\"../logo.png\""));
    assert_eq!(
        company["logo.png"],
        fs::read(common::fixture("publish/markdown/static/logo.png")).unwrap()
    );
    assert_eq!(
        company["contract.pdf"],
        fs::read(common::fixture("publish/markdown/static/contract.pdf")).unwrap()
    );
}

/// The script-URL detector catches the spellings browsers accept.
#[test]
fn the_script_url_detector_catches_browser_spellings() {
    let mut tree = BTreeMap::new();
    for (index, html) in [
        "<a href=\"javascript:alert(1)\">",
        "<a href=\" &#14;JavaScript:alert(1)\">",
        "<a href=\"java&#x09;script:alert(1)\">",
        "<a href='&#106;avascript:alert(1)'>",
        "<iframe src=data:text/html,x>",
        "<form action=\"vbscript:x\">",
    ]
    .iter()
    .enumerate()
    {
        tree.insert(format!("{index}.html"), html.as_bytes().to_vec());
    }
    tree.insert(
        "safe.html".to_string(),
        b"<a href=\"%20javascript:x\"></a><a href=\"#\">javascript:</a>".to_vec(),
    );
    let found = scripted_urls(&tree);
    assert_eq!(found.len(), 6, "{found:#?}");
    assert!(found.iter().all(|f| !f.starts_with("safe.html")));
}

/// The `id` values of a page that occur more than once.
fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for attr in site::attributes(html) {
        if attr.name == "id" {
            *seen.entry(attr.value).or_default() += 1;
        }
    }
    seen.into_iter()
        .filter(|(_, count)| *count > 1)
        .map(|(id, count)| format!("id=\"{id}\" ×{count}"))
        .collect()
}

/// Every `id` of a page is unique: a heading called "Main" or "Notes", or a
/// footnote labelled like a heading, must not collide with the theme's ids
/// (`main`, the menu, the backlinks title) or with each other – otherwise
/// `#main`, `[x](@PG-IDS#notes)` or the footnote link jump to the wrong
/// element.
#[test]
fn element_ids_are_unique_in_every_page() {
    let (_out, company) = markdown_build();
    let mut problems = Vec::new();
    for (path, bytes) in &company {
        if path.ends_with(".html") {
            for duplicate in duplicate_ids(&String::from_utf8_lossy(bytes)) {
                problems.push(format!("{path}: {duplicate}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "duplicate ids:\n{}",
        problems.join("\n")
    );
}

/// A footnote reference leads to its footnote, not to a heading that
/// happens to have the same anchor.
#[test]
fn footnote_links_lead_to_their_footnote() {
    let (_out, company) = markdown_build();
    let html = body(site::text(&company, "page/pg-ids.html"));
    let attrs = site::attributes(html);
    let references: Vec<String> = attrs
        .iter()
        .filter(|a| a.tag == "a" && a.name == "href" && a.value.starts_with('#'))
        .map(|a| a.value[1..].to_string())
        .collect();
    assert_eq!(references.len(), 2, "{html}");
    for id in references {
        let first = attrs
            .iter()
            .find(|a| a.name == "id" && a.value == id)
            .unwrap_or_else(|| panic!("no id=\"{id}\""));
        assert_ne!(
            first.tag, "h2",
            "the footnote link #{id} lands on a heading, not on the footnote"
        );
    }
}

/// A long guide is listed in part in every page's menu (the first 30 guide
/// pages, and the page being read), then linked whole from the home page:
/// the menu stays usable and the output grows linearly with the handbook.
#[test]
fn a_long_guide_is_listed_in_part_with_a_link_to_all_of_it() {
    let (temp, root) = site::fixture_copy("publish/raw-html");
    for n in 1..=35 {
        fs::write(
            root.join(format!("content/guide-{n:02}.md")),
            format!(
                "---\nid: PG-LONG-{n:02}\nkind: page\ntitle: Long guide {n:02}\nweight: {n}\n---\nText {n}.\n"
            ),
        )
        .unwrap();
    }
    let out = temp.path().join("out");
    site::build_ok(&root, &out, &[]);
    let company = site::read_tree(&out.join("company"));
    let menu = |path: &str| -> String {
        let html = String::from_utf8(company[path].clone()).unwrap();
        let start = html.find("id=\"pb.menu\"").expect("menu");
        let end = start + html[start..].find("</nav>").expect("menu end");
        html[start..end].to_string()
    };
    let first = menu("page/pg-long-01.html");
    assert!(first.contains("Long guide 30"), "{first}");
    assert!(!first.contains("Long guide 31"), "{first}");
    assert!(first.contains("All guide pages ("), "{first}");
    // A page beyond the first 30 is in its own menu, marked current.
    let late = menu("page/pg-long-33.html");
    assert!(
        late.contains("aria-current=\"page\">Long guide 33</a>"),
        "{late}"
    );
    assert!(!late.contains("Long guide 32"), "{late}");
    // The home page lists every guide page.
    let home = String::from_utf8(company["index.html"].clone()).unwrap();
    let main = &home[home.find("id=\"pb.main\"").unwrap()..];
    for n in 1..=35 {
        assert!(main.contains(&format!("Long guide {n:02}")), "{n}");
    }
}

/// A project's own `menu.html` is the menu of every page, rendered with
/// that page's depth, current entry and home flag (it is made once per
/// distinct menu and shared, so a wrong key would show the wrong entry).
#[test]
fn a_projects_menu_template_is_rendered_for_each_kind_of_page() {
    let (temp, root) = site::fixture_copy("publish/small");
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/menu.html"),
        "<p class=\"own-menu\">[{{ root }}|{{ is_home }}|{% for item in nav %}\
         {% if item.current %}{{ item.title }}{% endif %}{% endfor %}]</p>\n",
    )
    .unwrap();
    let out = temp.path().join("out");
    site::build_ok(&root, &out, &[]);
    let company = site::read_tree(&out.join("company"));
    let menu_of = |path: &str| {
        let html = site::text(&company, path);
        let start = html.find("<p class=\"own-menu\">[").expect(path) + 21;
        let end = start + html[start..].find("]</p>").expect(path);
        html[start..end].to_string()
    };
    assert_eq!(menu_of("index.html"), "|true|");
    assert_eq!(menu_of("trace.html"), "|false|Traceability");
    assert_eq!(menu_of("faq/index.html"), "../|false|FAQ");
    assert_eq!(menu_of("faq/faq-refund.html"), "../|false|FAQ");
    assert_eq!(menu_of("sla/index.html"), "../|false|Service levels");
    assert_eq!(
        menu_of("sla/sla-chat-first.html"),
        "../|false|Service levels"
    );
    assert_eq!(
        menu_of("page/pg-escalation.html"),
        "../|false|Escalation path"
    );
    assert!(!site::text(&company, "faq/faq-refund.html").contains("nav-group"));
}

/// `menu.html` receives only what its cache key holds: a menu that asks
/// for the page's title is a template error at its line, not a menu that
/// shows one page's title on all of them.
#[test]
fn a_menu_template_cannot_read_the_page_title() {
    let (temp, root) = site::fixture_copy("publish/small");
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/menu.html"),
        "<ul>\n{{ page_title }}</ul>\n",
    )
    .unwrap();
    let output = site::build(&root, &temp.path().join("out"), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("templates/menu.html:2:"), "{stderr}");
    assert!(stderr.contains("template-error"), "{stderr}");
}

/// A project's own `print.html` is rendered whole (the built-in one is
/// streamed in pieces), in each edition, with that edition's documents.
#[test]
fn a_projects_print_template_makes_each_editions_print_page() {
    let (temp, root) = site::fixture_copy("publish/editions-en");
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/print.html"),
        "<main class=\"own-print\">{% for entry in documents %}[{{ entry.doc.id }}]{% endfor %}</main>\n",
    )
    .unwrap();
    let out = temp.path().join("out");
    site::build_ok(&root, &out, &[]);
    let company = site::read_tree(&out.join("company"));
    let vendor = site::read_tree(&out.join("vendor"));
    let ids = |tree: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_slice(&tree["playbook.json"]).unwrap();
        json["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect()
    };
    for tree in [&company, &vendor] {
        let print = site::text(tree, "print.html");
        assert!(print.starts_with("<main class=\"own-print\">["), "{print}");
        let mut printed: Vec<String> = print
            .split('[')
            .skip(1)
            .map(|part| part.split(']').next().unwrap().to_string())
            .collect();
        let mut expected = ids(tree);
        printed.sort();
        expected.sort();
        assert_eq!(printed, expected);
    }
    assert!(ids(&vendor).len() < ids(&company).len());
}
