//! Reference syntax that does not become a link where it stands (a link
//! inside another link's text, `[[ID]]` inside a raw HTML block or a link
//! title, `<@ID>`), and links written in raw HTML (`<a href="@ID">`,
//! `<img src="x.md">`, `href="/path"`): each is found and checked, and a
//! document an edition leaves out never appears in it, through `build`.

mod common;
mod site;

use std::fs;
use std::path::Path;

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

const SECRET: (&str, &str) = (
    "content/secret.md",
    "---\nid: PG-INTERNAL\nkind: page\ntitle: Zorblax secret\naudience: internal\n---\nhidden\n",
);
const REQ: (&str, &str) = (
    "content/req.md",
    "---\nid: REQ-X\nkind: requirement\ntitle: Req X\nchannels: [chat]\nhours: 24/7\n---\nreq\n",
);

fn page(body: &str) -> String {
    format!("---\nid: PG-A\nkind: page\ntitle: Shared A\n---\n{body}")
}

/// Each body (on line 6 of `content/a.md`) has one reference CommonMark
/// prints as written; `check` reports it as `unrendered-reference` at the
/// reference, and checks its target too (a dangling one is reported).
#[test]
fn reference_syntax_that_is_not_a_link_is_an_error_at_its_position() {
    let cases: &[(&str, u32, &[&str])] = &[
        ("[see [[REQ-X]] owner](@PG-INTERNAL)\n", 24, &[]),
        ("[a [b](@REQ-X) c](secret.md)\n", 19, &[]),
        ("[a [b](@REQ-X) c](/contract.pdf)\n", 19, &["dangling-link"]),
        ("[a [[REQ-X]] b](@PG-NOPE)\n", 18, &["dangling-reference"]),
        (
            "| x | y |\n|---|---|\n| [a|b](@PG-INTERNAL) | z |\n",
            0,
            &[],
        ),
        ("<div>\nsee [[PG-INTERNAL]] here\n</div>\n", 0, &[]),
        ("[a](https://example.com \"see [[PG-INTERNAL]]\")\n", 0, &[]),
        ("<@PG-INTERNAL>\n", 3, &[]),
        ("*[a [b](@REQ-X) c](@PG-INTERNAL)*\n", 21, &[]),
        ("## [a [b](@REQ-X) c](@PG-INTERNAL)\n", 23, &[]),
        ("x[^1]\n\n[^1]: [a [[REQ-X]] b](@PG-INTERNAL)\n", 0, &[]),
    ];
    for (body, column, also) in cases {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        write(root, &[SECRET, REQ, ("content/a.md", &page(body))]);
        let (status, diagnostics) = common::check_json(root);
        assert_eq!(status, 1, "{body}: {diagnostics:?}");
        let unrendered: Vec<&String> = diagnostics
            .iter()
            .filter(|d| d.contains("unrendered-reference"))
            .collect();
        assert_eq!(unrendered.len(), 1, "{body}: {diagnostics:?}");
        assert!(
            unrendered[0].starts_with("error unrendered-reference content/a.md:"),
            "{body}: {diagnostics:?}"
        );
        if *column > 0 {
            assert_eq!(
                unrendered[0],
                &format!("error unrendered-reference content/a.md:6:{column}"),
                "{body}"
            );
        }
        for code in *also {
            assert!(
                diagnostics.iter().any(|d| d.contains(code)),
                "{body}: {code} expected in {diagnostics:?}"
            );
        }
        // Nothing is published, so nothing leaks.
        let out = root.join("public");
        let output = site::build(root, &out, &[]);
        assert_eq!(output.status.code(), Some(1), "{body}");
        assert!(!out.join("vendor").exists(), "{body}");
    }
}

/// Code spans stay text, and ordinary brackets are no references.
#[test]
fn text_that_only_looks_like_a_reference_is_fine() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let body = "`[a [[REQ-X]] b](@PG-INTERNAL)` [x] (y) [1]: z [see](https://e.com/a.md) a](b) \
                [a [b](https://e.com) c](https://f.com) [[REQ-X]] [t](@REQ-X \"title\")\n";
    write(root, &[SECRET, REQ, ("content/a.md", &page(body))]);
    let (status, diagnostics) = common::check_json(root);
    assert_eq!(status, 0, "{diagnostics:?}");
}

/// Raw HTML links and images are rewritten like Markdown ones (to the
/// page's relative URL, or without their URL when the edition leaves the
/// target out) and checked like them, in every raw HTML mode; written with
/// entities, upper case or without quotes too.
#[test]
fn raw_html_links_are_rewritten_and_checked() {
    for mode in ["sanitize", "escape", "allow"] {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        let body = "<a href=\"@PG-INTERNAL\">one</a> <A HREF='secret.md'>two</A> \
                    <a href=&#64;PG-INTERNAL>three</a> <img src=\"/logo.png\" alt=\"logo\"> \
                    <a href=\"@REQ-X\">four</a> <img srcset=\"/logo.png 1x, @PG-INTERNAL 2x\">\n\n\
                    <div>\n<a\nhref=\"req.md\">five</a>\n</div>\n";
        write(
            root,
            &[
                SECRET,
                REQ,
                ("content/a.md", &page(body)),
                ("static/logo.png", "png"),
                (
                    "playbook.yaml",
                    &format!("title: T\nmarkdown:\n  raw_html: {mode}\n"),
                ),
            ],
        );
        let (status, diagnostics) = common::check_json(root);
        assert_eq!(status, 0, "{mode}: {diagnostics:?}");
        assert!(
            diagnostics.iter().any(|d| d.contains("link-to-left-out")),
            "{mode}: {diagnostics:?}"
        );
        let out = root.join("public");
        site::build_ok(root, &out, &[]);
        let vendor = site::read_tree(&out.join("vendor"));
        for (path, bytes) in &vendor {
            let text = site::decode_entities(&String::from_utf8_lossy(bytes)).to_lowercase();
            assert!(
                !text.contains("pg-internal")
                    && !text.contains("secret.md")
                    && !text.contains("zorblax"),
                "{mode}: {path} names the internal page"
            );
        }
        let company = site::read_tree(&out.join("company"));
        // The body's links, not the guide's previous/next links after it.
        let a = site::main_element(site::text(&company, "page/pg-a.html"));
        let a = a.split("<nav class=\"pager\"").next().unwrap_or(a);
        if mode != "escape" {
            let hrefs: Vec<String> = site::attributes(a)
                .into_iter()
                .filter(|attr| {
                    (attr.name == "href" || attr.name == "src")
                        && (attr.value.contains("pg-internal")
                            || attr.value.contains("req-x")
                            || attr.value.contains("logo"))
                })
                .map(|attr| attr.value)
                .collect();
            assert_eq!(
                hrefs,
                [
                    "../page/pg-internal.html",
                    "../page/pg-internal.html",
                    "../page/pg-internal.html",
                    "../logo.png",
                    "../requirement/req-x.html",
                    "../requirement/req-x.html"
                ],
                "{mode}"
            );
        }
        let decoded = site::decode_entities(a);
        for raw in ["\"@", "=@", "'secret.md", "\"/logo.png"] {
            assert!(!decoded.contains(raw), "{mode}: {raw} in {decoded}");
        }
    }
}

/// A dangling reference in raw HTML is reported where it is written.
#[test]
fn raw_html_references_are_checked_at_their_position() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let body = "x <a href=\"@PG-NOPE\">a</a>\n<div>\n<img\n  src=\"/missing.png\"><a href='nope.md'>b</a>\n</div>\n";
    write(root, &[REQ, ("content/a.md", &page(body))]);
    let (status, diagnostics) = common::check_json(root);
    assert_eq!(status, 1);
    let diagnostics: Vec<&String> = diagnostics
        .iter()
        .filter(|d| d.contains("content/a.md"))
        .collect();
    assert_eq!(
        diagnostics,
        [
            "error dangling-reference content/a.md:6:13",
            "error dangling-link content/a.md:9:8",
            "error dangling-link content/a.md:9:31",
        ]
    );
}
