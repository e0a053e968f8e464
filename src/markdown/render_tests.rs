//! Tests of `render.rs`.
use super::*;

struct NoLinks;

impl Links for NoLinks {
    fn own_heading_id(&self, _: &str) -> Option<String> {
        None
    }

    fn target(&self, _: LinkRef<'_>, _: Option<&str>) -> Target {
        Target::LeftOut
    }
}

fn render(body: &str, raw_html: RawHtml) -> String {
    let options = RenderOptions {
        raw_html,
        root_prefix: "../",
        left_out_label: "internal document",
        anchor_prefix: "",
        table_label: "table",
    };
    render_body(body, &NoLinks, &options)
}

/// Found while writing the `markdown` fuzz target's safety property:
/// heading attributes `{key=value}` became HTML attributes on pages
/// without raw HTML, which the sanitizer never sees.
#[test]
fn heading_attributes_cannot_run_script() {
    let body = "## Hi {#top .wide onclick=alert(1) style=x}\n";
    for mode in [RawHtml::Sanitize, RawHtml::Escape] {
        assert_eq!(
            render(body, mode),
            "<h2 id=\"top\" class=\"wide\">Hi</h2>\n",
            "{mode:?}"
        );
    }
    assert!(render(body, RawHtml::Allow).contains("onclick=\"alert(1)\""));
}

/// A check box needs an accessible name: each is in a `<label>` with
/// its item's text, in tight and loose lists, nested or not, with
/// inline markup, and through the sanitizer.
#[test]
fn task_list_check_boxes_are_labelled_by_their_text() {
    for mode in [RawHtml::Sanitize, RawHtml::Escape, RawHtml::Allow] {
        let tight = render("- [x] **Done** item\n- [ ] open\n  - [ ] nested\n", mode);
        assert_eq!(
            tight,
            "<ul>\n<li><label class=\"task\"><input type=\"checkbox\" disabled checked> <strong>Done</strong> item</label></li>\n<li><label class=\"task\"><input type=\"checkbox\" disabled> open</label>\n<ul>\n<li><label class=\"task\"><input type=\"checkbox\" disabled> nested</label></li>\n</ul>\n</li>\n</ul>\n",
            "{mode:?}"
        );
        let loose = render("- [x] one\n\n  more\n\n- [ ] two\n", mode);
        assert!(
            loose.contains("<p><label class=\"task\"><input type=\"checkbox\" disabled checked> one</label></p>"),
            "{mode:?}: {loose}"
        );
    }
    let sanitized = render("- [x] done <b>now</b>\n", RawHtml::Sanitize);
    assert!(
        sanitized
            .contains("<label class=\"task\"><input type=\"checkbox\" disabled=\"\" checked=\"\">"),
        "{sanitized}"
    );
}

#[test]
fn a_root_path_never_becomes_a_scheme() {
    let options = RenderOptions {
        raw_html: RawHtml::Sanitize,
        root_prefix: "",
        left_out_label: "internal document",
        anchor_prefix: "",
        table_label: "table",
    };
    let body = "[a](/JaVaScRiPt:alert(1)) ![b](/data:x) [c](/logo.png) [d](/a/b:c)\n";
    assert_eq!(
        render_body(body, &NoLinks, &options),
        "<p><a href=\"./JaVaScRiPt:alert(1)\">a</a> <img src=\"./data:x\" alt=\"b\" /> \
         <a href=\"logo.png\">c</a> <a href=\"a/b:c\">d</a></p>\n"
    );
    assert!(render(body, RawHtml::Sanitize).contains("href=\"../JaVaScRiPt:alert(1)\""));
}

/// Found by hand while the fuzz targets ran (their inputs are too short
/// to nest this deep): deep nesting made sanitizing quadratic.
#[test]
fn deeply_nested_raw_html_is_escaped_not_sanitized_for_minutes() {
    let deep = format!("{}x{}\n", "<div>".repeat(50_000), "</div>".repeat(50_000));
    let start = std::time::Instant::now();
    let html = render(&deep, RawHtml::Sanitize);
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    assert!(
        html.starts_with("&lt;div&gt;&lt;div&gt;"),
        "{}",
        &html[..80]
    );
    // Markdown's own nesting counts too once the page has raw HTML.
    let quotes = format!("<b>x</b>\n\n{}q\n", "> ".repeat(5_000));
    assert!(render(&quotes, RawHtml::Sanitize).contains("&lt;b&gt;x&lt;/b&gt;"));
}

#[test]
fn ordinary_raw_html_is_still_sanitized() {
    let rows = "<tr><td>a<td>b\n".repeat(2_000);
    let sloppy = "<div><span>x</div>\n".repeat(2_000);
    for body in [
        format!("<table>\n{rows}</table>\n"),
        sloppy,
        format!(
            "{}x{}<script>alert(1)</script>\n",
            "<div>".repeat(500),
            "</div>".repeat(500)
        ),
    ] {
        let html = render(&body, RawHtml::Sanitize);
        assert!(!html.contains("&lt;"), "escaped: {}", &html[..200]);
        assert!(!html.contains("<script"));
    }
    assert!(!nests_deeper_than("<div><!-- <div><div> --></div>", 1));
    assert!(nests_deeper_than("<div><section></div></div><b>", 1));
}

proptest::proptest! {
    /// Text escaped for a page by hand (titles, facts, table cells) reads
    /// as the template engine's own escaping would write it.
    #[test]
    fn escaped_text_equals_the_template_engines(text in "([&<>\"'/=` a-z中文]|\\PC){0,40}") {
        let mut engines = Vec::new();
        tera::escape_html(&text, &mut engines).unwrap();
        proptest::prop_assert_eq!(escape_html(&text).into_bytes(), engines);
    }
}
