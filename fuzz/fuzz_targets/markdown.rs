//! A Markdown body through the scan `check` runs (references `[[ID]]`,
//! `@ID`, relative `.md` links, root links, heading anchors) and through
//! the renderer (links rewritten, left-out targets turned to text, heading
//! anchors, footnotes, tables, raw HTML sanitized, escaped or allowed), in
//! a company edition that has every document and in a vendor edition that
//! leaves one out, as a page and as a section of the print page.
//!
//! Properties: every position the scan reports lies inside the body; the
//! renderer gives headings the anchors the scan found (the ones links are
//! checked against), or a neutral one where a heading names a left-out
//! document; and unless raw HTML is allowed, the output has no element or
//! attribute that runs script and no link to a `javascript:`-like URL.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use playbook::config::RawHtml;
use playbook::graph::resolve_relative;
use playbook::markdown::{self, LinkRef, Links, RenderOptions, Target};

/// The file the body belongs to (relative links resolve from its folder).
const SOURCE_PATH: &str = "content/guide/contract.md";
/// The file line the body starts on.
const FIRST_LINE: u32 = 7;

struct Doc {
    id: &'static str,
    path: &'static str,
    url: &'static str,
    title: &'static str,
    /// Left out of the vendor edition.
    internal: bool,
}

const DOCS: &[Doc] = &[
    Doc {
        id: "REQ-CHAT",
        path: "content/requirement/chat.md",
        url: "requirement/req-chat.html",
        title: "在线聊天需求",
        internal: false,
    },
    Doc {
        id: "SLA-CHAT-FIRST",
        path: "content/sla/chat-first.md",
        url: "sla/sla-chat-first.html",
        title: "Chat first response <2m> & \"quoted\"",
        internal: false,
    },
    Doc {
        id: "PG-CONTRACT",
        path: "content/guide/contract.md",
        url: "page/pg-contract.html",
        title: "合同",
        internal: false,
    },
    Doc {
        id: "VND-SECRET",
        path: "content/vendor/secret.md",
        url: "vendor/vnd-secret.html",
        title: "Internal vendor score",
        internal: true,
    },
];

/// Resolves references as the build does for one page of one edition.
struct EditionLinks {
    vendor: bool,
    /// The print page: every document is a section of the same page.
    in_page: bool,
}

impl Links for EditionLinks {
    fn own_heading_id(&self, _: &str) -> Option<String> {
        None
    }

    fn target(&self, link: LinkRef<'_>, anchor: Option<&str>) -> Target {
        let doc = match link {
            LinkRef::Id(id) => DOCS.iter().find(|doc| doc.id == id),
            LinkRef::RelativePath(path) => resolve_relative(SOURCE_PATH, path)
                .and_then(|path| DOCS.iter().find(|doc| doc.path == path)),
        };
        match doc {
            Some(doc) if !(self.vendor && doc.internal) => {
                let id = doc.id.to_lowercase();
                let url = match (self.in_page, anchor) {
                    (true, Some(anchor)) => format!("#doc.{id}.{anchor}"),
                    (true, None) => format!("#doc.{id}"),
                    (false, Some(anchor)) => format!("../{}#{anchor}", doc.url),
                    (false, None) => format!("../{}", doc.url),
                };
                Target::Page {
                    url,
                    title: doc.title.to_string(),
                }
            }
            _ => Target::LeftOut,
        }
    }
}

/// Every reference leads to a page (so no heading names a left-out one).
struct AllPages;

impl Links for AllPages {
    fn own_heading_id(&self, _: &str) -> Option<String> {
        None
    }

    fn target(&self, _: LinkRef<'_>, anchor: Option<&str>) -> Target {
        Target::Page {
            url: format!("../page/x.html#{}", anchor.unwrap_or("")),
            title: "Title".to_string(),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    common::on_worker_stack(|| run(body));
});

fn options<'a>(
    raw_html: RawHtml,
    root_prefix: &'a str,
    anchor_prefix: &'a str,
) -> RenderOptions<'a> {
    RenderOptions {
        raw_html,
        root_prefix,
        left_out_label: "内部文档",
        anchor_prefix,
        table_label: "表格",
    }
}

fn run(body: &str) {
    let scan = markdown::scan(body, FIRST_LINE, 128);
    // Positions are file positions: the body's lines start at FIRST_LINE.
    let file = format!("{}{body}", "x\n".repeat(FIRST_LINE as usize - 1));
    for reference in &scan.references {
        common::assert_within(&file, reference.pos, reference);
    }
    for link in &scan.root_links {
        common::assert_within(&file, link.pos, link);
    }

    // The company edition with every reference resolving: each heading gets
    // exactly the anchor the scan found.
    let html = markdown::render_body(body, &AllPages, &options(RawHtml::Escape, "../", ""));
    assert_safe(&html);
    let ids = heading_ids(&html);
    assert_eq!(ids, scan.anchors, "heading anchors differ from the scan's");

    let company = EditionLinks {
        vendor: false,
        in_page: false,
    };
    let html = markdown::render_body(body, &company, &options(RawHtml::Sanitize, "../", ""));
    assert_safe(&html);

    // The vendor edition, as a page and on the print page (raw HTML as the
    // length picks it), where anchors get a prefix. Anchors are compared
    // only where raw HTML is escaped: an author's unclosed `<script>` or
    // `<textarea>` makes the sanitizer drop or swallow what follows, as a
    // browser would.
    let vendor = EditionLinks {
        vendor: true,
        in_page: false,
    };
    let html = markdown::render_body(body, &vendor, &options(RawHtml::Escape, "../", ""));
    assert_safe(&html);
    assert_anchors(&heading_ids(&html), &scan.anchors, "");

    let print = EditionLinks {
        vendor: true,
        in_page: true,
    };
    let raw_html = [RawHtml::Sanitize, RawHtml::Escape, RawHtml::Allow][body.len() % 3];
    let prefix = "doc.pg-contract.";
    let html = markdown::render_body(body, &print, &options(raw_html, "", prefix));
    if raw_html != RawHtml::Allow {
        assert_safe(&html);
    }
    if raw_html == RawHtml::Escape {
        assert_anchors(&heading_ids(&html), &scan.anchors, prefix);
    }
}

/// Each heading has the scan's anchor (with `prefix`), or a neutral one.
fn assert_anchors(ids: &[String], anchors: &[String], prefix: &str) {
    assert_eq!(ids.len(), anchors.len(), "{ids:?} {anchors:?}");
    for (id, anchor) in ids.iter().zip(anchors) {
        let neutral = id
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix("section."))
            .is_some_and(|n| n.parse::<usize>().is_ok());
        assert!(
            neutral || *id == format!("{prefix}{anchor}"),
            "heading id {id:?}, scan anchor {anchor:?}"
        );
    }
}

/// One start tag of the output: its name and attributes (values decoded).
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// The start tags of HTML as pulldown-cmark and ammonia write it (attribute
/// values double-quoted, `<` in text always escaped).
fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut index = 0;
    while let Some(found) = html[index..].find('<') {
        let start = index + found + 1;
        index = start;
        let name_len = html[start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(html.len() - start);
        if name_len == 0 {
            continue;
        }
        let name = html[start..start + name_len].to_ascii_lowercase();
        let mut at = start + name_len;
        let mut attributes = Vec::new();
        loop {
            while at < bytes.len() && (bytes[at] as char).is_ascii_whitespace() {
                at += 1;
            }
            if at >= bytes.len() || bytes[at] == b'>' || bytes[at] == b'/' {
                break;
            }
            let name_end = html[at..]
                .find(|c: char| c == '=' || c == '>' || c == '/' || c.is_ascii_whitespace())
                .map(|i| at + i)
                .unwrap_or(bytes.len());
            let attribute = html[at..name_end].to_ascii_lowercase();
            at = name_end;
            let mut value = String::new();
            if at < bytes.len() && bytes[at] == b'=' {
                at += 1;
                if at < bytes.len() && bytes[at] == b'"' {
                    let end = html[at + 1..]
                        .find('"')
                        .map(|i| at + 1 + i)
                        .unwrap_or(bytes.len());
                    value = decode_entities(&html[at + 1..end]);
                    at = (end + 1).min(bytes.len());
                } else {
                    let end = html[at..]
                        .find(|c: char| c == '>' || c.is_ascii_whitespace())
                        .map(|i| at + i)
                        .unwrap_or(bytes.len());
                    value = decode_entities(&html[at..end]);
                    at = end;
                }
            }
            attributes.push((attribute, value));
        }
        index = at.max(index);
        tags.push(Tag { name, attributes });
    }
    tags
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&end| end <= 10);
        let decoded = end.and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme a browser would see in a URL attribute: leading spaces and
/// controls trimmed, tabs and newlines removed, lower-cased.
fn scheme(url: &str) -> Option<String> {
    let url: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|&c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    (!scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

/// No script runs from rendered output (raw HTML sanitized or escaped).
fn assert_safe(html: &str) {
    for tag in tags(html) {
        assert!(
            !matches!(
                tag.name.as_str(),
                "script"
                    | "style"
                    | "iframe"
                    | "frame"
                    | "object"
                    | "embed"
                    | "svg"
                    | "math"
                    | "form"
                    | "base"
                    | "meta"
                    | "link"
                    | "template"
                    | "noscript"
            ),
            "<{}> in the output:\n{html}",
            tag.name
        );
        for (name, value) in &tag.attributes {
            assert!(
                !name.starts_with("on") && name != "style"
                    || (name == "style" && matches!(tag.name.as_str(), "th" | "td")),
                "attribute `{name}` on <{}> in the output:\n{html}",
                tag.name
            );
            if matches!(
                name.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) {
                let scheme = scheme(value);
                let bad = match scheme.as_deref() {
                    Some("javascript" | "vbscript") => true,
                    Some("data") => name != "src",
                    _ => false,
                };
                assert!(
                    !bad,
                    "`{name}=\"{value}\"` on <{}> in the output:\n{html}",
                    tag.name
                );
            }
        }
    }
}

/// The `id` of every heading, in order.
fn heading_ids(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .filter(|tag| matches!(tag.name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
        .map(|tag| {
            tag.attributes
                .into_iter()
                .find(|(name, _)| name == "id")
                .map(|(_, value)| value)
                .unwrap_or_default()
        })
        .collect()
}
