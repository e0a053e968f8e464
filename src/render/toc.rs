//! The on-page contents of a long page (spec section 9): the `<h2>` and
//! `<h3>` headings of a rendered body that carry an id, read back from the
//! body's HTML (the Markdown renderer gives every heading one), so the list
//! links exactly the anchors the page has.

use serde::Serialize;

/// A page is long, and gets its contents list, from this many headings.
pub const LONG_PAGE_HEADINGS: usize = 3;

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct TocEntry {
    pub id: String,
    /// The heading's text (plain, unescaped: the template escapes it).
    pub text: String,
    /// 2 or 3.
    pub level: u8,
}

/// The contents of a body with at least `LONG_PAGE_HEADINGS` headings,
/// else none.
pub fn long_page_contents(body_html: &str) -> Vec<TocEntry> {
    let entries = headings(body_html);
    if entries.len() < LONG_PAGE_HEADINGS {
        return Vec::new();
    }
    entries
}

/// Every `<h2 id=…>` and `<h3 id=…>` of the HTML, in order.
pub fn headings(html: &str) -> Vec<TocEntry> {
    let mut entries = Vec::new();
    let mut rest = html;
    while let Some(at) = find_h_tag(rest) {
        rest = &rest[at + 2..];
        let level = match rest.as_bytes().first() {
            Some(b'2') => 2,
            Some(b'3') => 3,
            _ => continue,
        };
        let Some(tag_end) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..tag_end];
        let closing = if level == 2 { "</h2>" } else { "</h3>" };
        let Some(close) = rest[tag_end..].find(closing) else {
            break;
        };
        let inner = &rest[tag_end + 1..tag_end + close];
        rest = &rest[tag_end + close..];
        let Some(id) = attribute(tag, "id") else {
            continue;
        };
        let text = unescape(&strip_tags(inner)).trim().to_string();
        if !text.is_empty() {
            entries.push(TocEntry {
                id: unescape(id),
                text,
                level,
            });
        }
    }
    entries
}

/// Where `<h` first stands in `html`: found by its `<` (a byte search)
/// rather than by the two-byte pattern, a step at a time through a page.
fn find_h_tag(html: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let at = from + html[from..].find('<')?;
        if html.as_bytes().get(at + 1) == Some(&b'h') {
            return Some(at);
        }
        from = at + 1;
    }
}

/// The value of `name="…"` in a start tag's attributes.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let pattern = format!(" {name}=\"");
    let start = tag.find(&pattern)? + pattern.len();
    let end = tag[start..].find('"')?;
    Some(&tag[start..start + end])
}

fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte search finds `<h` where the pattern search does.
        #[test]
        fn finds_h_tags_as_the_pattern_search_does(html in "([<h>a2 é]|\\PC){0,40}") {
            proptest::prop_assert_eq!(find_h_tag(&html), html.find("<h"));
        }
    }

    #[test]
    fn reads_the_headings_with_ids() {
        let html = "<h1>Title</h1><h2 id=\"a\">One &amp; <code>two</code></h2><p>x</p>\
<h3 id=\"b\">Sub</h3><h4 id=\"c\">Deep</h4><h2>no id</h2><h2 id=\"d\">Three</h2>";
        assert_eq!(
            headings(html),
            vec![
                TocEntry {
                    id: "a".into(),
                    text: "One & two".into(),
                    level: 2
                },
                TocEntry {
                    id: "b".into(),
                    text: "Sub".into(),
                    level: 3
                },
                TocEntry {
                    id: "d".into(),
                    text: "Three".into(),
                    level: 2
                },
            ]
        );
        assert_eq!(long_page_contents(html).len(), 3);
        assert!(long_page_contents("<h2 id=\"a\">A</h2><h2 id=\"b\">B</h2>").is_empty());
    }
}
