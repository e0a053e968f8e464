//! Rendering a body to HTML: every reference rewritten to a relative URL
//! (or to plain text when the edition leaves its target out), heading
//! anchors set by the same rule the checks use, root paths made relative,
//! dangerous URL schemes neutralised, and raw HTML sanitized, escaped or
//! kept as `markdown.raw_html` says.

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, html};

use super::raw_links::{self, UrlRewrite};
use super::{AnchorSet, has_scheme, is_reference, neutral_heading_id, percent_decode, root_path};
use crate::config::RawHtml;

/// A reference as the body wrote it.
#[derive(Clone, Copy, Debug)]
pub enum LinkRef<'a> {
    /// `[[ID]]` or `@ID`.
    Id(&'a str),
    /// A relative `.md` path, as written (percent-decoded).
    RelativePath(&'a str),
}

/// Where a reference leads in the edition being rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A page of the edition: the link's URL relative to the current page
    /// (with the anchor, if any), and the page's title.
    Page { url: String, title: String },
    /// A document this edition leaves out (or one that does not resolve):
    /// nothing about it may be written.
    LeftOut,
}

/// Resolves references for the page being rendered.
pub trait Links {
    /// Where `link` (with its decoded `#anchor`, if any) leads.
    fn target(&self, link: LinkRef<'_>, anchor: Option<&str>) -> Target;

    /// The id a heading of the page's own document has in this edition,
    /// when it is not its anchor (a heading naming a left-out document has
    /// a neutral id): where `[text](#anchor)` must lead.
    fn own_heading_id(&self, anchor: &str) -> Option<String>;
}

/// What a body's rendering asked its `Links`, with the answers: the only
/// way the rendering of a body depends on the edition. Another edition
/// whose `Links` answer every question the same renders the same HTML
/// (`build` renders a body shared by the editions once).
#[derive(Default)]
pub struct LinkLog {
    questions: std::cell::RefCell<Vec<Question>>,
}

enum Question {
    Target {
        id: bool,
        link: String,
        anchor: Option<String>,
        answer: Target,
    },
    OwnHeading {
        anchor: String,
        answer: Option<String>,
    },
}

impl LinkLog {
    /// `links`, with every question and answer written down here.
    pub fn recording<'l>(&'l self, links: &'l dyn Links) -> impl Links + 'l {
        Recording { links, log: self }
    }

    /// Whether `links` answers every question written down as it was.
    pub fn answers_the_same(&self, links: &dyn Links) -> bool {
        self.questions
            .borrow()
            .iter()
            .all(|question| match question {
                Question::Target {
                    id,
                    link,
                    anchor,
                    answer,
                } => {
                    let link = if *id {
                        LinkRef::Id(link)
                    } else {
                        LinkRef::RelativePath(link)
                    };
                    links.target(link, anchor.as_deref()) == *answer
                }
                Question::OwnHeading { anchor, answer } => links.own_heading_id(anchor) == *answer,
            })
    }
}

struct Recording<'l> {
    links: &'l dyn Links,
    log: &'l LinkLog,
}

impl Links for Recording<'_> {
    fn target(&self, link: LinkRef<'_>, anchor: Option<&str>) -> Target {
        let answer = self.links.target(link, anchor);
        let (id, link) = match link {
            LinkRef::Id(id) => (true, id),
            LinkRef::RelativePath(path) => (false, path),
        };
        self.log.questions.borrow_mut().push(Question::Target {
            id,
            link: link.to_string(),
            anchor: anchor.map(str::to_string),
            answer: answer.clone(),
        });
        answer
    }

    fn own_heading_id(&self, anchor: &str) -> Option<String> {
        let answer = self.links.own_heading_id(anchor);
        self.log.questions.borrow_mut().push(Question::OwnHeading {
            anchor: anchor.to_string(),
            answer: answer.clone(),
        });
        answer
    }
}

pub struct RenderOptions<'a> {
    pub raw_html: RawHtml,
    /// From the current page to the edition's root: `""` or `"../"`.
    pub root_prefix: &'a str,
    /// The neutral label of `[[ID]]` when its target is left out.
    pub left_out_label: &'a str,
    /// Put before every heading anchor (and `#anchor` link) of the body, so
    /// that several bodies can share one page (the print page).
    pub anchor_prefix: &'a str,
    /// The accessible name of a table's scrolling box ("table", "表格").
    pub table_label: &'a str,
}

/// What to do with the `End` of a link whose `Start` was rewritten.
enum OpenLink {
    Keep,
    Drop,
    /// A wiki link: its text is replaced, so its inner events are skipped.
    SkipInner,
    /// A wiki link to a left-out document: inner events skipped, and the
    /// neutral label's `<span>` closed at the end.
    SkipInnerLeftOut,
}

/// A heading being rendered: where its start event is, its source text
/// (with `[[ID]]` standing for the ID, the text the anchor is made from,
/// as `check` makes it) and whether it names a left-out document.
struct OpenHeading {
    start: usize,
    source_text: String,
    names_left_out: bool,
}

/// A body parsed once, for several renderings (`build` renders each body
/// for its page and for the print page, which differ only in where links
/// lead and how anchors are named): parsing was most of a rendering's cost.
pub struct ParsedBody<'a> {
    body: &'a str,
    events: std::cell::OnceCell<Vec<Event<'a>>>,
}

impl<'a> ParsedBody<'a> {
    /// `body`, parsed when first rendered.
    pub fn new(body: &'a str) -> Self {
        ParsedBody {
            body,
            events: std::cell::OnceCell::new(),
        }
    }

    /// Renders the body to HTML for one page (`render_body`).
    pub fn render(&self, links: &dyn Links, options: &RenderOptions<'_>) -> String {
        // A long body's events take many times its size (a million-row
        // table, tens of bytes per cell): it is parsed again instead.
        if self.body.len() > KEPT_EVENTS_LIMIT {
            return render_body(self.body, links, options);
        }
        let events = self
            .events
            .get_or_init(|| Parser::new_ext(self.body, super::options()).collect());
        render_events(self.body, events.iter().cloned(), links, options)
    }
}

/// The longest body whose parse is kept for its next rendering (bytes).
const KEPT_EVENTS_LIMIT: usize = 256 * 1024;

/// Renders a Markdown body to HTML for one page.
pub fn render_body(body: &str, links: &dyn Links, options: &RenderOptions<'_>) -> String {
    render_events(
        body,
        Parser::new_ext(body, super::options()),
        links,
        options,
    )
}

/// `render_body`, from the events the parser made of `body`.
fn render_events<'a>(
    body: &'a str,
    parsed: impl Iterator<Item = Event<'a>>,
    links: &dyn Links,
    options: &RenderOptions<'_>,
) -> String {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut open_links: Vec<OpenLink> = Vec::new();
    let mut anchors = AnchorSet::default();
    let mut heading: Option<OpenHeading> = None;
    let mut footnotes = Footnotes::default();
    let mut had_raw_html = false;
    // The lines of a raw HTML block, joined: a tag can span several.
    let mut html_block = String::new();
    // A task-list check box and its item's text, in one `<label>` (a check
    // box without one has no accessible name: axe's critical `label`),
    // closed where the item's first block of text ends.
    let mut open_task_label = false;
    // Events go to the HTML writer as they are made, not collected first
    // (a 15 MB table was millions of events, held per rendering): only
    // a heading's are held until its end, which gives it its id.
    let mut ready: std::collections::VecDeque<Event<'_>> = std::collections::VecDeque::new();
    let mut parsed = parsed;
    let mut finished = false;
    let mut out = String::with_capacity(body.len() * 3 / 2);
    let stream = std::iter::from_fn(|| {
        loop {
            if heading.is_none() && !events.is_empty() {
                // Most events come one at a time: straight to the writer.
                if ready.is_empty() && events.len() == 1 {
                    return events.pop();
                }
                ready.extend(events.drain(..));
            }
            if let Some(event) = ready.pop_front() {
                return Some(event);
            }
            if finished {
                return None;
            }
            let Some(event) = parsed.next() else {
                if !html_block.is_empty() {
                    let raw = std::mem::take(&mut html_block);
                    had_raw_html |= push_raw_html(&mut events, &raw, links, options);
                }
                // An unclosed heading (none from the parser) lets go too.
                heading = None;
                finished = true;
                continue;
            };
            if !html_block.is_empty() && !matches!(event, Event::Html(_)) {
                let raw = std::mem::take(&mut html_block);
                had_raw_html |= push_raw_html(&mut events, &raw, links, options);
            }
            if open_task_label
                && matches!(
                    event,
                    Event::End(TagEnd::Item | TagEnd::Paragraph)
                        | Event::Start(
                            Tag::List(_)
                                | Tag::Paragraph
                                | Tag::BlockQuote(_)
                                | Tag::CodeBlock(_)
                                | Tag::Table(_)
                                | Tag::Heading { .. }
                                | Tag::HtmlBlock
                        )
                )
            {
                events.push(Event::Html(CowStr::from("</label>")));
                open_task_label = false;
            }
            if let (Some(open), Event::Text(text) | Event::Code(text)) = (&mut heading, &event) {
                open.source_text.push_str(text);
            }
            if matches!(
                open_links.last(),
                Some(OpenLink::SkipInner | OpenLink::SkipInnerLeftOut)
            ) && !matches!(event, Event::End(TagEnd::Link))
            {
                continue;
            }
            match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    mut attrs,
                }) => {
                    heading = Some(OpenHeading {
                        start: events.len(),
                        source_text: String::new(),
                        names_left_out: false,
                    });
                    // `{#id .class key=value}`: pulldown-cmark writes `key=value`
                    // as an HTML attribute, so `## Hi {onclick=…}` ran script
                    // although raw HTML is sanitized or escaped (the sanitizer
                    // only sees pages with raw HTML). Only `allow` keeps them.
                    if options.raw_html != RawHtml::Allow {
                        attrs.clear();
                    }
                    events.push(Event::Start(Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    }));
                }
                Event::End(TagEnd::Heading(level)) => {
                    if let Some(open) = heading.take() {
                        set_heading_id(&mut events, &open, &mut anchors, options.anchor_prefix);
                    }
                    events.push(Event::End(TagEnd::Heading(level)));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let (event, open) =
                        rewrite_link(link_type, dest_url, title, id, links, options);
                    if let (Some(heading), OpenLink::SkipInnerLeftOut) = (&mut heading, &open) {
                        heading.names_left_out = true;
                    }
                    events.extend(event);
                    open_links.push(open);
                }
                Event::End(TagEnd::Link) => match open_links.pop() {
                    Some(OpenLink::Keep) | None => events.push(Event::End(TagEnd::Link)),
                    Some(OpenLink::SkipInner) => events.push(Event::End(TagEnd::Link)),
                    Some(OpenLink::SkipInnerLeftOut) => {
                        events.push(Event::Html(CowStr::from("</span>")))
                    }
                    Some(OpenLink::Drop) => {}
                },
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    // `![](@ID)` leads to the page (a left-out one: nowhere).
                    let dest_url = if is_reference(&dest_url) && !dest_url.starts_with('/') {
                        CowStr::from(
                            rewrite_destination(&dest_url, links, options, false)
                                .unwrap_or_default(),
                        )
                    } else {
                        rewrite_plain_url(dest_url, options.root_prefix, false)
                    };
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
                // A wide table scrolls inside its own box, which keyboard users
                // must be able to focus to scroll (WCAG: scrollable regions).
                Event::Start(Tag::Table(alignments)) => {
                    events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
                    escape_html(options.table_label)
                ))));
                    events.push(Event::Start(Tag::Table(alignments)));
                }
                Event::End(TagEnd::Table) => {
                    events.push(Event::End(TagEnd::Table));
                    events.push(Event::Html(CowStr::from("</div>\n")));
                }
                Event::FootnoteReference(label) => {
                    let (number, id) = footnotes.get(&label, options.anchor_prefix);
                    events.push(Event::Html(CowStr::from(format!(
                        "<sup class=\"footnote-reference\"><a href=\"#{}\">{number}</a></sup>",
                        escape_html(&id)
                    ))));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let (number, id) = footnotes.get(&label, options.anchor_prefix);
                    events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{number}</sup>",
                    escape_html(&id)
                ))));
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    events.push(Event::Html(CowStr::from("</div>\n")));
                }
                Event::TaskListMarker(checked) => {
                    open_task_label = true;
                    events.push(Event::Html(CowStr::from(if checked {
                        "<label class=\"task\"><input type=\"checkbox\" disabled checked> "
                    } else {
                        "<label class=\"task\"><input type=\"checkbox\" disabled> "
                    })));
                }
                Event::Html(raw) => html_block.push_str(&raw),
                Event::InlineHtml(raw) => {
                    had_raw_html |= push_raw_html(&mut events, &raw, links, options);
                }
                other => events.push(other),
            }
        }
    });
    html::push_html(&mut out, stream);
    if had_raw_html && options.raw_html == RawHtml::Sanitize {
        if nests_deeper_than(&out, MAX_SANITIZED_DEPTH) {
            // The sanitizer's HTML parser (html5ever) walks its stack of
            // open elements for most start tags, so n elements nested n
            // deep cost n²: a 1 MB body of nested `<div>`s took many
            // minutes. Browsers stop nesting at 512 levels too. Such a body
            // has its raw HTML escaped instead, as `raw_html: escape` would:
            // as safe, and linear.
            let escape = RenderOptions {
                raw_html: RawHtml::Escape,
                ..*options
            };
            return render_body(body, links, &escape);
        }
        sanitize(&out)
    } else {
        out
    }
}

/// The deepest nesting of elements handed to the sanitizer (Chromium's
/// parser flattens deeper trees too).
const MAX_SANITIZED_DEPTH: usize = 512;

/// Whether elements in `html` nest deeper than `limit`, estimated from
/// above, in time linear in `html` (for a fixed limit): an end tag closes
/// up to the nearest open element of its name, as the HTML parser mostly
/// does; void elements and those whose end tag may be left out (`<p>`,
/// `<li>`, `<td>`, …, which the parser closes when a sibling starts) do not
/// count, so a hand-written table without `</td>` is not mistaken for deep.
fn nests_deeper_than(html: &str, limit: usize) -> bool {
    const UNCOUNTED: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
        "option", "optgroup", "rb", "rt", "rp", "rtc", "colgroup", "caption",
    ];
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let (closing, tag) = match rest.strip_prefix('/') {
            Some(tag) => (true, tag),
            None => (false, rest),
        };
        let name_len = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        if name_len == 0 || !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name = tag[..name_len].to_ascii_lowercase();
        let end = tag.find('>').unwrap_or(tag.len());
        rest = &tag[end..];
        if closing {
            if let Some(index) = open.iter().rposition(|open| *open == name) {
                open.truncate(index);
            }
        } else if !UNCOUNTED.contains(&name.as_str()) && !tag[..end].ends_with('/') {
            open.push(name);
            if open.len() > limit {
                return true;
            }
        }
    }
    false
}

/// Footnote numbers (in order of first appearance) and ids. The ids
/// contain a `.`, which no heading anchor can, so a footnote `[^notes]`
/// never collides with a heading `## Notes`.
#[derive(Default)]
struct Footnotes {
    numbers: crate::fasthash::FastMap<String, usize>,
}

impl Footnotes {
    fn get(&mut self, label: &str, prefix: &str) -> (usize, String) {
        let next = self.numbers.len() + 1;
        let number = *self.numbers.entry(label.to_string()).or_insert(next);
        (number, format!("{prefix}fn.{label}"))
    }
}

/// Gives a heading its anchor as `id`: from its source text, by the rule
/// `check` uses. A heading that names a document this edition leaves out
/// gets a neutral id instead (its anchor would spell the ID), while still
/// counting for the numbering of repeated anchors.
fn set_heading_id(
    events: &mut [Event<'_>],
    open: &OpenHeading,
    anchors: &mut AnchorSet,
    prefix: &str,
) {
    if let Event::Start(Tag::Heading { id, .. }) = &mut events[open.start] {
        let custom = id.as_ref().map(|id| id.to_string());
        let anchor = anchors.add(custom, &open.source_text);
        let anchor = if open.names_left_out {
            neutral_heading_id(anchors)
        } else {
            anchor
        };
        *id = Some(CowStr::from([prefix, &anchor].concat()));
    }
}

fn rewrite_link<'a>(
    link_type: LinkType,
    dest_url: CowStr<'a>,
    title: CowStr<'a>,
    id: CowStr<'a>,
    links: &dyn Links,
    options: &RenderOptions<'_>,
) -> (Vec<Event<'a>>, OpenLink) {
    let link = |dest: String, title: CowStr<'a>| {
        Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from(dest),
            title,
            id: id.clone(),
        })
    };
    if matches!(link_type, LinkType::WikiLink { .. }) {
        let (target, anchor) = split_anchor(&dest_url);
        let anchor = anchor.map(percent_decode);
        return match links.target(LinkRef::Id(target.trim()), anchor.as_deref()) {
            Target::Page {
                url,
                title: page_title,
            } => (
                vec![
                    link(url, CowStr::from("")),
                    Event::Text(CowStr::from(page_title)),
                ],
                OpenLink::SkipInner,
            ),
            Target::LeftOut => (
                vec![Event::Html(CowStr::from(format!(
                    "<span class=\"left-out\">{}",
                    escape_html(options.left_out_label)
                )))],
                OpenLink::SkipInnerLeftOut,
            ),
        };
    }
    match rewrite_destination(&dest_url, links, options, true) {
        Some(dest) => (vec![link(dest, title)], OpenLink::Keep),
        // The author's link text stays; the link does not.
        None => (Vec::new(), OpenLink::Drop),
    }
}

/// Where a link (or image) destination leads on this page: a reference to
/// its page's URL (`None` when the edition leaves the target out), an
/// anchor of this page to its id here, a root path made relative, a
/// script-running scheme made harmless.
fn rewrite_destination(
    dest: &str,
    links: &dyn Links,
    options: &RenderOptions<'_>,
    is_link: bool,
) -> Option<String> {
    let reference = if let Some(rest) = dest.strip_prefix('@') {
        let (target, anchor) = split_anchor(rest);
        Some((LinkRef::Id(target), anchor))
    } else if !has_scheme(dest) && !dest.starts_with('/') && !dest.starts_with('#') {
        let (path, anchor) = split_anchor(dest);
        let path = path.split('?').next().unwrap_or(path);
        path.to_ascii_lowercase()
            .ends_with(".md")
            .then_some((LinkRef::RelativePath(path), anchor))
    } else {
        None
    };
    let decoded_path;
    match reference {
        Some((reference, anchor)) => {
            let reference = match reference {
                LinkRef::RelativePath(path) => {
                    decoded_path = percent_decode(path);
                    LinkRef::RelativePath(&decoded_path)
                }
                other => other,
            };
            let anchor = anchor.map(percent_decode);
            match links.target(reference, anchor.as_deref()) {
                Target::Page { url, .. } => Some(url),
                Target::LeftOut => None,
            }
        }
        None if dest.starts_with('#') => {
            let anchor = percent_decode(&dest[1..]);
            Some(match links.own_heading_id(&anchor) {
                // A heading of this page that names a left-out document.
                Some(id) => format!("#{}{id}", options.anchor_prefix),
                None if !options.anchor_prefix.is_empty() => {
                    format!("#{}{anchor}", options.anchor_prefix)
                }
                None => dest.to_string(),
            })
        }
        None => {
            Some(rewrite_plain_url(CowStr::from(dest), options.root_prefix, is_link).to_string())
        }
    }
}

/// Pushes a piece of the author's raw HTML with its URLs rewritten like
/// Markdown links (`<a href="@ID">`, `src="/logo.png"`): as HTML, or as
/// text when raw HTML is escaped. Returns whether it went in as HTML.
fn push_raw_html<'a>(
    events: &mut Vec<Event<'a>>,
    raw: &str,
    links: &dyn Links,
    options: &RenderOptions<'_>,
) -> bool {
    let rewritten = raw_links::rewrite(raw, |url| {
        if !is_reference(url) {
            return UrlRewrite::Keep;
        }
        match rewrite_destination(url, links, options, true) {
            Some(new) if new == url => UrlRewrite::Keep,
            Some(new) => UrlRewrite::Replace(new),
            None => UrlRewrite::Drop,
        }
    });
    let piece = CowStr::from(rewritten.into_owned());
    if options.raw_html == RawHtml::Escape {
        events.push(Event::Text(piece));
        false
    } else {
        events.push(Event::Html(piece));
        true
    }
}

/// Root paths become relative; script-running schemes become harmless.
fn rewrite_plain_url<'a>(dest: CowStr<'a>, root_prefix: &str, is_link: bool) -> CowStr<'a> {
    if root_path(&dest).is_some() {
        let path = &dest[1..];
        // On a page at the edition's root the prefix is empty, and a first
        // segment with a colon would read as a scheme: `/javascript:…`
        // became `javascript:…` (found by the `markdown` fuzz target). A
        // `./` keeps it a path (RFC 3986, section 4.2).
        let first_segment = path.split(['/', '?', '#']).next().unwrap_or("");
        let dot = if root_prefix.is_empty() && first_segment.contains(':') {
            "./"
        } else {
            ""
        };
        return CowStr::from(format!("{root_prefix}{dot}{path}"));
    }
    let scheme = dest
        .split(':')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let dangerous = has_scheme(&dest)
        && (scheme == "javascript" || scheme == "vbscript" || (is_link && scheme == "data"));
    if dangerous { CowStr::from("#") } else { dest }
}

fn split_anchor(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((target, anchor)) => (target, Some(anchor)),
        None => (dest, None),
    }
}

/// Escapes text for HTML text and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let pushed: Result<(), std::convert::Infallible> = for_each_escaped_piece(text, |piece| {
        escaped.push_str(piece);
        Ok(())
    });
    match pushed {
        Ok(()) => escaped,
    }
}

/// Calls `emit` with the pieces of `text` escaped for HTML, in order: the
/// runs of characters kept as they are, whole, and the entity of each of
/// `&`, `<`, `>`, `"` and `'` between them (the characters the template
/// engine escapes, the same way: `templates` writes through this too).
/// Pushing the text a character at a time encoded each again.
pub fn for_each_escaped_piece<'t, E>(
    text: &'t str,
    mut emit: impl FnMut(&'t str) -> Result<(), E>,
) -> Result<(), E> {
    let mut start = 0;
    for (index, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // An ASCII byte: `index` is a character boundary.
        emit(&text[start..index])?;
        emit(replacement)?;
        start = index + 1;
    }
    emit(&text[start..])
}

/// Cleans rendered HTML that contains an author's raw HTML: scripts, event
/// handlers and `javascript:` URLs go; what Markdown itself produces stays.
fn sanitize(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "class"])
        .add_tag_attributes("div", ["tabindex", "role", "aria-label"])
        .add_tags(["input", "label"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        // Table cells keep the alignment Markdown gives them, nothing else:
        // any other `style` could load from elsewhere (`url(…)`) or, in old
        // browsers, run script (`expression(…)`, `url(javascript:…)`).
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("th" | "td", "style") => cell_alignment(value).map(std::borrow::Cow::Owned),
            // Every reference was rewritten before; one still here was
            // spelt in a way the rewriting did not read (a named
            // character reference): it goes rather than name its target.
            (_, "href" | "src" | "srcset" | "cite" | "action" | "formaction" | "poster")
                if super::names_a_source(value.trim()) =>
            {
                None
            }
            _ => Some(std::borrow::Cow::Borrowed(value)),
        })
        .link_rel(None);
    builder.clean(html).to_string()
}

/// `text-align: left|center|right` as pulldown-cmark writes it for a table
/// column, or nothing.
fn cell_alignment(style: &str) -> Option<String> {
    let (property, value) = style.trim().trim_end_matches(';').split_once(':')?;
    let value = value.trim().to_ascii_lowercase();
    (property.trim().eq_ignore_ascii_case("text-align")
        && matches!(value.as_str(), "left" | "center" | "right"))
    .then(|| format!("text-align: {value}"))
}

#[cfg(test)]
#[path = "render_tests.rs"]
mod tests;
