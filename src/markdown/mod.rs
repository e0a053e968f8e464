//! Markdown bodies: the references, root links and heading anchors of a body,
//! found with pulldown-cmark so that code spans and code blocks stay text.
//!
//! This module owns `pulldown-cmark` (and `ammonia`, for raw HTML): the
//! scanning here and the rendering in `render.rs` read Markdown the same way.

mod raw_links;
mod render;
mod unrendered;

pub use render::{
    LinkLog, LinkRef, Links, ParsedBody, RenderOptions, Target, escape_html,
    for_each_escaped_piece, render_body,
};

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::content::document::{NamedHeading, RefSyntax, Reference, RootLink};
use crate::diag::Pos;

/// The Markdown dialect of bodies: CommonMark plus tables, footnotes,
/// strikethrough, task lists, `{#id}` heading attributes and `[[ID]]`.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// What a body links to and which anchors it offers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BodyScan {
    pub references: Vec<Reference>,
    pub root_links: Vec<RootLink>,
    pub anchors: Vec<String>,
    /// The headings among them that name documents with `[[ID]]`.
    pub named_headings: Vec<NamedHeading>,
    /// Where the body first nests deeper than the limit it was scanned
    /// with (Markdown blocks and inlines plus raw HTML elements).
    pub too_deep: Option<Pos>,
    /// Reference syntax that would be printed as written (it is among
    /// `references` and `root_links` too, so it is checked as well).
    pub unrendered: Vec<Unrendered>,
}

/// Reference syntax Markdown does not read as a link where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unrendered {
    pub pos: Pos,
    /// As written: `@PG-X`, `[[PG-X]]`, `../a.md`.
    pub written: String,
    pub place: UnrenderedPlace,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnrenderedPlace {
    /// In text: after a link inside a link's text, in a split table cell,
    /// escaped, `<@ID>`.
    Text,
    /// In a raw HTML block (Markdown is not read there) or a comment.
    RawHtml,
    /// In a link's or image's title.
    Title,
}

/// Text the parser produced, collected until something other than text
/// comes, with where each piece came from: reference syntax can span
/// several text events (`]` and `(@ID)` are two).
#[derive(Default)]
struct Run {
    text: String,
    /// (offset in `text`, offset in the body, whether the piece is the
    /// body's text as written).
    pieces: Vec<(usize, usize, bool)>,
}

impl Run {
    fn push(&mut self, text: &str, range: std::ops::Range<usize>, body: &str) {
        let verbatim = body.get(range.clone()) == Some(text);
        self.pieces.push((self.text.len(), range.start, verbatim));
        self.text.push_str(text);
    }

    /// The body offset of an offset into the run's text.
    fn body_offset(&self, at: usize) -> usize {
        let index = self.pieces.partition_point(|&(start, _, _)| start <= at);
        match index.checked_sub(1).map(|index| self.pieces[index]) {
            Some((start, source, true)) => source + (at - start),
            Some((_, source, false)) => source,
            None => 0,
        }
    }

    fn clear(&mut self) {
        self.text.clear();
        self.pieces.clear();
    }
}

/// The id of a heading that names a left-out document: `section.N`, where
/// N counts the anchors given so far (the same in every edition, so that
/// leaving a document out does not renumber the other headings).
pub fn neutral_heading_id(anchors: &AnchorSet) -> String {
    format!("section.{}", anchors.count())
}

/// Maps byte offsets of a body to file positions.
struct Positions<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    first_line: u32,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str, first_line: u32) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text));
        Positions {
            text,
            line_starts,
            first_line,
        }
    }

    fn at(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line_index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line_index];
        let column = self
            .text
            .get(line_start..offset)
            .map(|prefix| prefix.chars().count())
            .unwrap_or(0);
        Pos::new(self.first_line + line_index as u32, column as u32 + 1)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, byte)| byte == b'\n')
        .map(|(index, _)| index + 1)
}

/// Scans a body that starts on file line `first_line`, noting where it
/// first nests deeper than `max_depth`.
pub fn scan(body: &str, first_line: u32, max_depth: usize) -> BodyScan {
    let positions = Positions::new(body, first_line);
    let mut scan = BodyScan::default();
    let mut anchors = AnchorSet::default();
    // An open heading: its custom id, its source text, the IDs it names.
    let mut heading: Option<(Option<String>, String, Vec<String>)> = None;
    let mut nesting = Nesting::default();
    let mut text_run = Run::default();
    let mut html_run = Run::default();
    let mut in_code_block = false;
    // The link reference definitions links used (by their start).
    let mut used_definitions = std::collections::HashSet::new();

    let mut events = Parser::new_ext(body, options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        if scan.too_deep.is_none()
            && let Some(offset) = nesting.track(&event, max_depth)
        {
            scan.too_deep = Some(positions.at((range.start + offset).min(range.end)));
        }
        if !matches!(event, Event::Text(_) | Event::SoftBreak | Event::HardBreak) {
            leftovers(&text_run, UnrenderedPlace::Text, &positions, &mut scan);
            text_run.clear();
        }
        if !matches!(event, Event::Html(_)) {
            raw_html(&html_run, &positions, &mut scan);
            html_run.clear();
        }
        let is_text = matches!(event, Event::Text(_));
        let is_link = matches!(event, Event::Start(Tag::Link { .. }));
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|id| id.to_string()), String::new(), Vec::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((custom, text, ids)) = heading.take() {
                    let anchor = anchors.add(custom, &text);
                    if !ids.is_empty() {
                        scan.named_headings.push(NamedHeading {
                            anchor: anchor.clone(),
                            ids,
                            neutral_id: neutral_heading_id(&anchors),
                        });
                    }
                    scan.anchors.push(anchor);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, heading_text, _)) = &mut heading {
                    heading_text.push_str(&text);
                }
                if is_text && !in_code_block {
                    text_run.push(&text, range, body);
                }
            }
            Event::SoftBreak | Event::HardBreak => text_run.push("\n", range, body),
            Event::Html(raw) => html_run.push(&raw, range, body),
            Event::InlineHtml(raw) => {
                let mut run = Run::default();
                run.push(&raw, range, body);
                raw_html(&run, &positions, &mut scan);
            }
            Event::Start(
                Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                },
            ) => {
                if let (true, Some((_, _, ids)), LinkType::WikiLink { .. }) =
                    (is_link, &mut heading, link_type)
                {
                    ids.push(split_anchor(&dest_url).0.trim().to_string());
                }
                // A reference-style link (`[text][label]`) takes its
                // destination from the definition, where the caret belongs.
                let range = match link_type {
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
                        match events.reference_definitions().get(&id) {
                            Some(definition) => {
                                used_definitions.insert(definition.span.start);
                                definition.span.clone()
                            }
                            None => range,
                        }
                    }
                    _ => range,
                };
                let source = &body[range.clone()];
                if !title.is_empty() {
                    title_leftovers(&title, source, range.start, &positions, &mut scan);
                }
                if is_link && matches!(link_type, LinkType::WikiLink { .. }) {
                    wiki_link(&dest_url, source, range.start, &positions, &mut scan);
                } else {
                    let offset = find_after_paren(source, &dest_url)
                        .map(|index| range.start + index)
                        .unwrap_or(range.start);
                    let exact = body[offset..].starts_with(&*dest_url);
                    record_destination(&dest_url, &mut scan, |caret| {
                        positions.at(if exact { offset + caret } else { range.start })
                    });
                }
            }
            _ => {}
        }
    }
    leftovers(&text_run, UnrenderedPlace::Text, &positions, &mut scan);
    raw_html(&html_run, &positions, &mut scan);
    // A definition no link uses prints nothing, but names a document all
    // the same: it is checked too.
    let mut unused: Vec<_> = events
        .reference_definitions()
        .iter()
        .map(|(_, definition)| definition)
        .filter(|definition| !used_definitions.contains(&definition.span.start))
        .collect();
    unused.sort_by_key(|definition| definition.span.start);
    for definition in unused {
        let source = &body[definition.span.clone()];
        let offset = source
            .find(&*definition.dest)
            .map(|index| definition.span.start + index);
        record_destination(&definition.dest, &mut scan, |caret| {
            positions.at(offset.map_or(definition.span.start, |offset| offset + caret))
        });
    }
    scan
}

/// Records a link, image or raw HTML destination that is a reference
/// (`@ID`, a relative `.md` path, `#anchor`) or a root path; `pos` gives
/// the position of a byte offset into `dest`. Returns whether it was one.
fn record_destination(dest: &str, scan: &mut BodyScan, pos: impl Fn(usize) -> Pos) -> bool {
    if let Some(rest) = dest.strip_prefix('@') {
        let (target, anchor) = split_anchor(rest);
        // The caret goes on the ID, just after `@`.
        scan.references.push(Reference {
            target: target.to_string(),
            anchor,
            pos: pos(1),
            syntax: RefSyntax::AtLink,
        });
    } else if let Some(path) = root_path(dest) {
        scan.root_links.push(RootLink { path, pos: pos(0) });
    } else if let Some(anchor) = dest.strip_prefix('#') {
        // `#` alone is the top of the page, which every page has.
        if anchor.is_empty() {
            return false;
        }
        scan.references.push(Reference {
            target: String::new(),
            anchor: Some(percent_decode(anchor)),
            pos: pos(0),
            syntax: RefSyntax::SelfAnchor,
        });
    } else if let Some((path, anchor)) = relative_md(dest) {
        scan.references.push(Reference {
            target: String::new(),
            anchor,
            pos: pos(0),
            syntax: RefSyntax::RelativeLink {
                path: percent_decode(path),
            },
        });
    } else {
        return false;
    }
    true
}

/// Whether a URL is one playbook rewrites: `@ID`, a relative `.md` path,
/// `#anchor` or a root path.
fn is_reference(dest: &str) -> bool {
    dest.starts_with('@')
        || dest.starts_with('#')
        || root_path(dest).is_some()
        || relative_md(dest).is_some()
}

/// Whether a URL names a document or a source path (`@ID`, a relative
/// `.md` path, a root path): such a URL never reaches a page as written.
fn names_a_source(dest: &str) -> bool {
    dest.starts_with('@') || root_path(dest).is_some() || relative_md(dest).is_some()
}

/// A relative `.md` path (with its anchor), as links to documents are
/// written.
fn relative_md(dest: &str) -> Option<(&str, Option<String>)> {
    if has_scheme(dest) || dest.starts_with('/') || dest.starts_with('#') {
        return None;
    }
    let (path, anchor) = split_anchor(dest);
    let path = path.split('?').next().unwrap_or(path);
    path.to_ascii_lowercase()
        .ends_with(".md")
        .then_some((path, anchor))
}

/// Records the reference syntax left in a run of text (or raw HTML) as
/// references, and as unrendered.
fn leftovers(run: &Run, place: UnrenderedPlace, positions: &Positions<'_>, scan: &mut BodyScan) {
    for found in unrendered::find(&run.text) {
        let at = |caret: usize| positions.at(run.body_offset(found.offset + caret));
        let recorded = match &found.kind {
            unrendered::FoundKind::Wiki { target } => {
                let (target, anchor) = split_anchor(target);
                scan.references.push(Reference {
                    target: target.trim().to_string(),
                    anchor,
                    pos: at(0),
                    syntax: RefSyntax::WikiLink,
                });
                true
            }
            unrendered::FoundKind::Destination => record_destination(&found.written, scan, at),
        };
        if recorded {
            let caret = usize::from(found.written.starts_with('@'));
            scan.unrendered.push(Unrendered {
                pos: at(caret),
                written: found.written,
                place,
            });
        }
    }
}

/// A run of raw HTML: the URLs of its tags are references (or root
/// paths), and reference syntax in it is never read as Markdown.
fn raw_html(run: &Run, positions: &Positions<'_>, scan: &mut BodyScan) {
    if run.text.is_empty() {
        return;
    }
    for attribute in raw_links::url_attributes(&run.text) {
        for (offset, url) in attribute.urls(&run.text) {
            let exact = run.text[offset..].starts_with(&url);
            record_destination(&url, scan, |caret| {
                positions.at(run.body_offset(if exact { offset + caret } else { offset }))
            });
        }
    }
    leftovers(run, UnrenderedPlace::RawHtml, positions, scan);
}

/// Reference syntax in a link's title (`[a](url "see [[PG-X]]")`), which
/// is plain text: reported at the link.
fn title_leftovers(
    title: &str,
    source: &str,
    start: usize,
    positions: &Positions<'_>,
    scan: &mut BodyScan,
) {
    let mut run = Run::default();
    run.text.push_str(title);
    // Where the title is written in the link, when it is written as is.
    let at = source.rfind(title).map(|index| start + index);
    run.pieces.push((0, at.unwrap_or(start), at.is_some()));
    let before = scan.unrendered.len();
    leftovers(&run, UnrenderedPlace::Title, positions, scan);
    for found in &mut scan.unrendered[before..] {
        found.place = UnrenderedPlace::Title;
    }
}

/// How deeply a body nests: open Markdown elements (block quotes, lists,
/// emphasis, links…) plus open raw HTML elements. The sanitizer's HTML
/// parser (html5ever, through ammonia) spends time in proportion to the
/// depth on every tag, so 50 000 nested `<div>`s, or as many `>` quotes
/// around one `<b>`, took minutes to render: the depth is limited
/// (`limits.max_body_depth`, `body-too-deep`) before anything is rendered.
#[derive(Default)]
struct Nesting {
    markdown: usize,
    /// Names of the raw HTML elements open, innermost last.
    html: Vec<String>,
}

/// HTML elements without content.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag may be left out: the next one of a kind closes
/// the previous, so they do not pile up and are not counted.
const SELF_CLOSING_SIBLINGS: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "rb", "rt", "rtc", "rp",
];

impl Nesting {
    /// Takes one event into account; returns the offset in the event's
    /// source where the depth first passes `max_depth`, if it does.
    fn track(&mut self, event: &Event<'_>, max_depth: usize) -> Option<usize> {
        match event {
            Event::Start(_) => {
                self.markdown += 1;
                (self.depth() > max_depth).then_some(0)
            }
            Event::End(_) => {
                self.markdown = self.markdown.saturating_sub(1);
                None
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                for (offset, tag) in html_tags(raw) {
                    match tag {
                        HtmlTag::Start(name) => {
                            self.html.push(name);
                            if self.depth() > max_depth {
                                return Some(offset);
                            }
                        }
                        // As HTML does: an end tag closes the innermost open
                        // element of its name and those inside it; with no
                        // such element open it is ignored.
                        HtmlTag::End(name) => {
                            if let Some(open) = self.html.iter().rposition(|open| *open == name) {
                                self.html.truncate(open);
                            }
                        }
                    }
                }
                None
            }
            _ => None,
        }
    }

    fn depth(&self) -> usize {
        self.markdown + self.html.len()
    }
}

enum HtmlTag {
    Start(String),
    End(String),
}

/// The start and end tags of a piece of raw HTML that change the nesting,
/// with their byte offsets: comments, void elements, self-closed tags and
/// elements whose end tag is optional are left out.
fn html_tags(raw: &str) -> Vec<(usize, HtmlTag)> {
    let mut tags = Vec::new();
    let mut rest_from = 0;
    while let Some(found) = raw[rest_from..].find('<') {
        let at = rest_from + found;
        let after = &raw[at + 1..];
        rest_from = at + 1;
        if after.starts_with("!--") {
            match after.find("-->") {
                Some(end) => rest_from = at + 1 + end + 3,
                None => break,
            }
            continue;
        }
        let (closing, name_start) = match after.strip_prefix('/') {
            Some(name) => (true, name),
            None => (false, after),
        };
        let name: String = name_start
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if !name.starts_with(|c: char| c.is_ascii_alphabetic())
            || VOID_ELEMENTS.contains(&name.as_str())
            || SELF_CLOSING_SIBLINGS.contains(&name.as_str())
        {
            continue;
        }
        if closing {
            tags.push((at, HtmlTag::End(name)));
        } else {
            let self_closed = after
                .find('>')
                .is_some_and(|end| after[..end].ends_with('/'));
            if !self_closed {
                tags.push((at, HtmlTag::Start(name)));
            }
        }
    }
    tags
}

/// `[[ID]]`: the caret goes on the ID, just after the brackets.
fn wiki_link(
    dest: &str,
    source: &str,
    start: usize,
    positions: &Positions<'_>,
    scan: &mut BodyScan,
) {
    let offset = if source.starts_with("[[") {
        start + 2
    } else {
        start
    };
    let (target, anchor) = split_anchor(dest);
    scan.references.push(Reference {
        target: target.trim().to_string(),
        anchor,
        pos: positions.at(offset),
        syntax: RefSyntax::WikiLink,
    });
}

/// The byte index of `needle` after the `](` that opens a link destination,
/// within the link's source text.
fn find_after_paren(source: &str, needle: &str) -> Option<usize> {
    let open = source.rfind("](").map(|index| index + 2).unwrap_or(0);
    source[open..].find(needle).map(|index| open + index)
}

/// `/path` (not `//host`): a file at the edition's root.
fn root_path(dest: &str) -> Option<String> {
    if dest.starts_with('/') && !dest.starts_with("//") {
        let path = dest.split(['#', '?']).next().unwrap_or(dest);
        Some(percent_decode(path))
    } else {
        None
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(colon) => dest[..colon]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
        None => false,
    }
}

fn split_anchor(dest: &str) -> (&str, Option<String>) {
    match dest.split_once('#') {
        Some((target, anchor)) => (target, Some(percent_decode(anchor))),
        None => (dest, None),
    }
}

/// Decodes `%XX` escapes (editors write Chinese anchors and file names so):
/// exactly two hexadecimal digits after each `%` (`%+1` or `%-1` stay as
/// written); anything that does not decode to UTF-8 is kept as written.
pub fn percent_decode(text: &str) -> String {
    match percent_encoding::percent_decode_str(text).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => text.to_string(),
    }
}

/// GitHub's heading anchor rule, with repeats numbered `-1`, `-2`, ….
#[derive(Default)]
pub struct AnchorSet {
    seen: crate::fasthash::FastMap<String, usize>,
}

impl AnchorSet {
    pub fn add(&mut self, custom: Option<String>, text: &str) -> String {
        if let Some(custom) = custom {
            self.seen.entry(custom.clone()).or_insert(0);
            return custom;
        }
        // A heading with nothing to make an anchor of (`## !!!`).
        let base = match slug(text) {
            slug if slug.is_empty() => "section".to_string(),
            slug => slug,
        };
        let Some(&count) = self.seen.get(&base) else {
            self.seen.insert(base.clone(), 0);
            return base;
        };
        let mut count = count;
        let anchor = loop {
            count += 1;
            let candidate = format!("{base}-{count}");
            if !self.seen.contains_key(&candidate) {
                break candidate;
            }
        };
        self.seen.insert(base, count);
        self.seen.insert(anchor.clone(), 0);
        anchor
    }
}

impl AnchorSet {
    /// How many anchors have been given.
    pub fn count(&self) -> usize {
        self.seen.len()
    }
}

/// Lower-case; letters and digits of any script, `-` and `_` kept; each
/// space becomes `-`; everything else dropped.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_ascii() {
            if c == ' ' {
                slug.push('-');
            } else if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                slug.push(c.to_ascii_lowercase());
            }
        } else if is_han(c) {
            // Letters without case (tested): no look-up in std's tables,
            // which a Chinese heading paid for each character twice.
            slug.push(c);
        } else if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        }
    }
    slug
}

/// The CJK unified ideographs: every one a letter without case.
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `slug`'s shortcut for Han characters keeps them as the general
    /// rule would: each is alphanumeric and its own lower case.
    #[test]
    fn han_characters_are_caseless_letters() {
        for c in ('\u{4E00}'..='\u{9FFF}').filter(|&c| is_han(c)) {
            assert!(c.is_alphanumeric(), "{c:?}");
            assert!(c.to_lowercase().eq([c]), "{c:?}");
        }
    }

    proptest::proptest! {
        /// `slug` makes the anchor GitHub's rule makes, written plainly.
        #[test]
        fn slug_follows_the_rule(text in "([ A-Za-z0-9_\\-ÄÉİΣ中文カ・、！\u{9FFF}\u{A000}]|\\PC){0,30}") {
            let mut expected = String::new();
            for c in text.trim().chars() {
                if c == ' ' {
                    expected.push('-');
                } else if c.is_alphanumeric() || c == '-' || c == '_' {
                    expected.extend(c.to_lowercase());
                }
            }
            proptest::prop_assert_eq!(slug(&text), expected);
        }
    }

    #[test]
    fn percent_decode_takes_only_two_hex_digits() {
        // A sign is not a digit: `u8::from_str_radix` took `+1` as 1.
        for kept in ["%+1", "%+f", "%-1", "% 1", "%1", "%", "%zz", "a%+1b"] {
            assert_eq!(percent_decode(kept), kept);
        }
        assert_eq!(percent_decode("%E9%80%80%E8%B4%A7"), "退货");
        assert_eq!(percent_decode("a%20b%2fc"), "a b/c");
        // Not UTF-8 once decoded: kept as written.
        assert_eq!(percent_decode("%ff%fe"), "%ff%fe");
    }

    #[test]
    fn anchors_follow_githubs_rule() {
        let scan = scan(
            "## 退款规则\n\n## Hello, World!\n\n## Hello World\n\n## Hello World\n\n## 第一步：准备 [[REQ-CHAT]]\n\n## Custom {#my-id}\n\n## `code` span\n",
            5,
            100,
        );
        assert_eq!(
            scan.anchors,
            [
                "退款规则",
                "hello-world",
                "hello-world-1",
                "hello-world-2",
                "第一步准备-req-chat",
                "my-id",
                "code-span"
            ]
        );
    }

    #[test]
    fn headings_naming_documents_are_recorded_with_their_neutral_id() {
        let scan = scan(
            "## One\n\n## See [[VEN-A]] and [[PG-B#x|b]]\n\n## [x](@PG-C)\n\n## See [[VEN-A]]\n",
            1,
            128,
        );
        assert_eq!(
            scan.named_headings,
            [
                NamedHeading {
                    anchor: "see-ven-a-and-b".into(),
                    ids: vec!["VEN-A".into(), "PG-B".into()],
                    neutral_id: "section.2".into(),
                },
                NamedHeading {
                    anchor: "see-ven-a".into(),
                    ids: vec!["VEN-A".into()],
                    neutral_id: "section.4".into(),
                },
            ]
        );
    }

    #[test]
    fn finds_references_at_the_id() {
        let body = "见 [[REQ-CHAT]] 和 [规则](@PG-AFTER#退款规则)。\n`[[NOT-A-REF]]`\n\n```\n[[NOR-THIS]]\n```\n[x](../sla/chat.md#top) ![logo](/logo.png) [web](https://example.com/a.md) [s](#top)\n";
        let scan = scan(body, 10, 100);
        let found: Vec<_> = scan
            .references
            .iter()
            .map(|r| {
                (
                    r.target.as_str(),
                    r.anchor.as_deref(),
                    r.pos.line,
                    r.pos.column,
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                ("REQ-CHAT", None, 10, 5),
                ("PG-AFTER", Some("退款规则"), 10, 24),
                ("", Some("top"), 16, 5),
                ("", Some("top"), 16, 80),
            ]
        );
        assert_eq!(
            scan.references[2].syntax,
            RefSyntax::RelativeLink {
                path: "../sla/chat.md".to_string()
            }
        );
        assert_eq!(scan.root_links[0].path, "/logo.png");
        assert_eq!(scan.root_links[0].pos, Pos::new(16, 33));
    }

    #[test]
    fn nesting_counts_markdown_and_raw_html_up_to_the_limit() {
        // Two quotes and a paragraph are three levels; each `<div>` one more.
        let body = "> > a <div><div><span>b</span></div></div>\n";
        assert_eq!(scan(body, 1, 6).too_deep, None);
        assert_eq!(scan(body, 1, 5).too_deep, Some(Pos::new(1, 17)));
        assert_eq!(scan(body, 1, 2).too_deep, Some(Pos::new(1, 5)));
        // Void, self-closed and optional-end elements and comments do not
        // pile up; a stray end tag does not lower the count.
        let flat = "<p>a<p>b<br><img src=x><x-y/><!-- <div> -->\n\n</i></i><li>c<li>d\n";
        assert_eq!(scan(flat, 1, 2).too_deep, None);
        let deep = format!("{}x\n", "<div>".repeat(50_000));
        assert_eq!(scan(&deep, 7, 128).too_deep, Some(Pos::new(7, 5 * 127 + 1)));
    }

    #[test]
    fn crlf_bodies_keep_their_positions() {
        let scan = scan("a\r\nb [[X-1]]\r\n", 3, 100);
        assert_eq!(scan.references[0].pos, Pos::new(4, 5));
    }
}
