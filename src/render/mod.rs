//! Rendering one edition: which documents it holds, the navigation, every
//! page through the templates, `playbook.json`, the stylesheet and the files
//! of `static/`, each handed to a `Sink` as soon as it is made (pages are
//! rendered in parallel and never all held in memory). `build` renders its
//! editions together (`render_editions`): one pass over the documents for
//! every edition's pages, and the print pages side by side, so that what
//! comes out the same in several editions is made once.
//!
//! Nothing here writes the title, ID or URL of a document the edition leaves
//! out: every lookup goes through `EditionView::visible`.

pub mod cache;
pub mod calendar;
mod change_words;
pub mod changes;
pub mod chart;
pub mod facts;
pub mod format;
pub mod i18n;
pub mod json;
mod print_cut;
mod results;
mod review;
pub mod templates;
pub mod toc;
pub mod views;

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::document::{Document, Kind};
use crate::diag::Diagnostic;
use crate::edition::Edition;
use crate::graph;
use crate::markdown::{self, LinkRef, Links, RenderOptions, Target};
use crate::pipeline::Analysis;
use crate::search;
use i18n::{Ui, Words};
use templates::Templates;

/// A page's search entry and its terms.
type Indexed = (Arc<search::Entry>, Arc<search::Terms>);

/// Where rendered files go (a folder for `build`, memory for `watch`).
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Writes a file the caller keeps too (a sink in memory keeps the same
    /// bytes instead of a copy).
    fn write_shared(&self, path: &str, bytes: Arc<[u8]>) -> std::io::Result<()> {
        self.write(path, &bytes)
    }

    /// Writes a file given as pieces the caller keeps (a sink in memory
    /// keeps them as they are: see `serve::site::Content`).
    fn write_pieces(&self, path: &str, pieces: Vec<Arc<[u8]>>) -> std::io::Result<()> {
        self.write(path, &pieces.concat())
    }

    /// A file to be written in pieces by the caller, in order, and then
    /// `finish`ed: `build` writes the print pages of its editions side by
    /// side. Unless a sink does better, the pieces are gathered in memory
    /// and written at the end.
    fn open<'s>(&'s self, path: &str) -> std::io::Result<Box<dyn OpenFile + 's>> {
        Ok(Box::new(GatheredFile {
            sink: self,
            path: path.to_string(),
            bytes: Vec::new(),
        }))
    }
}

/// A file being written (`Sink::open`).
pub trait OpenFile: std::io::Write + Send {
    /// Ends the file: every byte written is in place, or the error says
    /// why not.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

/// `Sink::open` of a sink that writes whole files only.
struct GatheredFile<'s, S: Sink + ?Sized> {
    sink: &'s S,
    path: String,
    bytes: Vec<u8>,
}

impl<S: Sink + ?Sized> std::io::Write for GatheredFile<'_, S> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.bytes.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<S: Sink + ?Sized> OpenFile for GatheredFile<'_, S> {
    fn finish(self: Box<Self>) -> std::io::Result<()> {
        self.sink.write(&self.path, &self.bytes)
    }
}

/// What a rendered edition holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub documents: usize,
    pub files: usize,
}

/// The documents of one edition and how to reach them.
pub struct EditionView<'a> {
    pub analysis: &'a Analysis,
    pub edition: Edition<'a>,
    visible: Vec<bool>,
    by_path: crate::fasthash::FastMap<&'a str, usize>,
    /// Each document's place in the navigation order of all documents.
    rank: Vec<u32>,
    /// Indices of the edition's documents in navigation order.
    pub order: Vec<usize>,
    /// The same, split by kind (indexed by `Kind as usize`).
    by_kind: [Vec<usize>; 7],
    pub home: Option<usize>,
}

/// Every document of the analysis in navigation order (`nav_key`), the
/// order each edition's view keeps its own documents in. `previous` is an
/// earlier order of the same documents, if known (`watch`): sorting starts
/// from it, and a nearly sorted list is sorted in one pass. Keys are
/// unique but for duplicate IDs (an error, nothing is rendered); the path
/// decides those, so the result never depends on where sorting started.
pub fn nav_order(analysis: &Analysis, previous: Option<&[usize]>) -> Vec<usize> {
    let documents = &analysis.corpus.documents;
    let mut order: Vec<usize> = match previous {
        Some(previous) if is_permutation(previous, documents.len()) => previous.to_vec(),
        _ => (0..documents.len()).collect(),
    };
    order.sort_by(|&a, &b| {
        nav_key(&documents[a])
            .cmp(&nav_key(&documents[b]))
            .then_with(|| documents[a].path.cmp(&documents[b].path))
    });
    order
}

/// Whether `order` holds each of `0..count` once.
fn is_permutation(order: &[usize], count: usize) -> bool {
    let mut seen = vec![false; count];
    order.len() == count
        && order
            .iter()
            .all(|&index| index < count && !std::mem::replace(&mut seen[index], true))
}

impl<'a> EditionView<'a> {
    pub fn new(analysis: &'a Analysis, edition: Edition<'a>) -> Self {
        Self::in_order(analysis, edition, &nav_order(analysis, None))
    }

    /// The view, with `nav_order(analysis, …)` made once for all editions.
    pub fn in_order(analysis: &'a Analysis, edition: Edition<'a>, nav_order: &[usize]) -> Self {
        let documents = &analysis.corpus.documents;
        let visible: Vec<bool> = documents.iter().map(|d| edition.contains(d)).collect();
        let mut by_path = crate::fasthash::map_with_capacity(documents.len());
        by_path.extend(
            documents
                .iter()
                .enumerate()
                .map(|(index, d)| (d.path.as_str(), index)),
        );
        let order: Vec<usize> = nav_order.iter().copied().filter(|&i| visible[i]).collect();
        let mut rank = vec![u32::MAX; documents.len()];
        for (place, &index) in nav_order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(index) {
                *slot = place as u32;
            }
        }
        let home = documents
            .iter()
            .position(|d| d.path == HOME_PATH)
            .filter(|&i| visible[i]);
        let mut by_kind: [Vec<usize>; 7] = Default::default();
        for &index in &order {
            by_kind[documents[index].kind as usize].push(index);
        }
        EditionView {
            analysis,
            edition,
            visible,
            by_path,
            rank,
            order,
            by_kind,
            home,
        }
    }

    pub fn documents(&self) -> &'a [Arc<Document>] {
        &self.analysis.corpus.documents
    }

    pub fn visible(&self, index: usize) -> bool {
        self.visible[index]
    }

    /// The edition's document with this ID, if it has one.
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.analysis
            .graph
            .by_id
            .get(id)
            .copied()
            .filter(|&index| self.visible[index])
    }

    /// The id the heading `anchor` of document `index` has in this
    /// edition, when it is not the anchor itself: a heading that names a
    /// document the edition leaves out has a neutral id (its anchor may
    /// spell that document's ID), and links to it must lead there.
    pub fn heading_id(&self, index: usize, anchor: &str) -> Option<String> {
        self.documents()[index]
            .named_headings
            .iter()
            .find(|heading| heading.anchor == anchor)
            .filter(|heading| heading.ids.iter().any(|id| self.by_id(id).is_none()))
            .map(|heading| heading.neutral_id.clone())
    }

    /// The kinds this edition has documents of, in navigation order
    /// (guide pages first).
    /// The kinds present, in navigation order (computed once: every page's
    /// menu asks).
    pub fn kinds(&self) -> Vec<Kind> {
        Kind::NAV_ORDER
            .into_iter()
            .filter(|&kind| !self.by_kind[kind as usize].is_empty())
            .collect()
    }

    /// The edition's documents of a kind, in navigation order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = usize> + '_ {
        self.by_kind[kind as usize].iter().copied()
    }
}

/// Navigation order: the home document, the guide pages, then the kinds;
/// within a group `weight` (absent last), then title, then ID.
fn nav_key(document: &Document) -> (bool, usize, bool, i64, &str, &str) {
    let group = Kind::NAV_ORDER
        .iter()
        .position(|&kind| kind == document.kind)
        .unwrap_or(0);
    (
        document.path != HOME_PATH,
        group,
        document.weight.is_none(),
        document.weight.unwrap_or(0),
        document.title.as_str(),
        document.id.value.as_str(),
    )
}

/// The home document's file.
pub const HOME_PATH: &str = "content/index.md";

/// The prefix from a page at `depth` folders below the root to the root.
pub fn root_prefix(depth: usize) -> String {
    "../".repeat(depth)
}

/// Resolves a body's references for one page of one edition.
struct BodyLinks<'v, 'a> {
    view: &'v EditionView<'a>,
    source: &'a Document,
    prefix: &'v str,
    /// On the print page, documents are sections of the same page.
    in_page: bool,
}

impl Links for BodyLinks<'_, '_> {
    fn target(&self, link: LinkRef<'_>, anchor: Option<&str>) -> Target {
        let index = match link {
            LinkRef::Id(id) => self.view.by_id(id),
            LinkRef::RelativePath(path) => graph::resolve_relative(&self.source.path, path)
                .and_then(|path| self.view.by_path.get(path.as_str()).copied())
                .filter(|&index| self.view.visible(index)),
        };
        match index {
            Some(index) => {
                let target = &self.view.documents()[index];
                let renamed = anchor.and_then(|anchor| self.view.heading_id(index, anchor));
                let anchor = renamed.as_deref().or(anchor);
                let url = match (self.in_page, anchor) {
                    (true, Some(anchor)) => format!("#{}{anchor}", print_anchor_prefix(target)),
                    (true, None) => format!("#{}", print_anchor(target)),
                    (false, Some(anchor)) => format!("{}{}#{anchor}", self.prefix, target.url()),
                    (false, None) => format!("{}{}", self.prefix, target.url()),
                };
                Target::Page {
                    url,
                    title: target.title.clone(),
                }
            }
            None => Target::LeftOut,
        }
    }

    fn own_heading_id(&self, anchor: &str) -> Option<String> {
        let index = self.view.by_path.get(self.source.path.as_str()).copied()?;
        self.view.heading_id(index, anchor)
    }
}

/// A file of the edition that could not be written (`build` folds them
/// into one `write-failed` naming the output folder).
fn write_failed(path: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        crate::diag::Code::WriteFailed,
        path,
        crate::diag::Pos::START,
        format!("cannot write `{path}`: {error}"),
    )
}

/// What each print body's marker starts with (`print_marker`).
const PRINT_MARKER_PREFIX: &str = "\u{1}playbook-print-body-";

/// The marker that stands for document `index`'s body while the print
/// page is rendered around the bodies (`EditionRenderer::print_pieces`).
fn print_marker(index: usize) -> String {
    format!("{PRINT_MARKER_PREFIX}{index}\u{1}")
}

/// The id of a document's section on the print page.
/// (A `.` keeps it apart from heading anchors, which never contain one.)
pub fn print_anchor(document: &Document) -> String {
    format!("doc.{}", document.id.value.to_lowercase())
}

/// What the print page puts before a document's heading anchors.
fn print_anchor_prefix(document: &Document) -> String {
    format!("{}.", print_anchor(document))
}

/// Guide pages the menu lists before it links to the home page's list of
/// all of them. A menu of hundreds of links helps nobody, and every page
/// carrying it made a handbook's output grow with the square of its size
/// (mdBook moved its table of contents out of its pages for the same
/// reason).
pub const MENU_GUIDE_PAGES: usize = 30;

/// One entry of the menu.
#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    current: bool,
    /// `guide` for guide pages, `kind` for the kind indexes.
    group: &'static str,
}

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    version: Option<&'a str>,
    language: &'static str,
    edition: &'a str,
    /// The edition's display name (`format::edition_label`), and the same
    /// as a remark after the site title ("（公司版）").
    edition_label: String,
    edition_remark: String,
    css: String,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

/// What every template receives, besides `site`, `ui` and `nav` (which are
/// made once per edition and menu, see `SharedValues`).
#[derive(Serialize)]
struct PageContext<T: Serialize> {
    root: String,
    breadcrumbs: Vec<Crumb>,
    page_title: String,
    #[serde(flatten)]
    page: T,
}

/// The template values many pages share, converted once: `site` and `ui`
/// per depth below the edition root, `nav` per depth and current page.
#[derive(Default)]
struct SharedValues {
    site: std::sync::Mutex<HashMap<usize, templates::Shared>>,
    ui: std::sync::OnceLock<templates::Shared>,
    nav: std::sync::Mutex<HashMap<(usize, Option<String>), templates::Shared>>,
    /// `menu` (the rendered `menu.html`) per depth, current page and
    /// whether the page is the home page: everything `menu.html` receives.
    menu: std::sync::Mutex<HashMap<MenuKey, templates::Shared>>,
}

/// What a rendered menu depends on: depth, current page, home page or not.
type MenuKey = (usize, Option<String>, bool);

/// What `menu.html` receives besides `site`, `ui` and `nav`.
#[derive(Serialize)]
struct MenuContext<'p> {
    root: &'p str,
    is_home: bool,
}

/// A link to a document of the edition.
#[derive(Serialize, Clone)]
pub struct DocLink {
    pub id: String,
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
struct BacklinkGroup {
    kind: &'static str,
    label: &'static str,
    items: Vec<DocLink>,
}

#[derive(Serialize)]
struct DocContext {
    id: String,
    kind: &'static str,
    kind_label: &'static str,
    title: String,
    url: String,
    audience: String,
    internal: bool,
    status: &'static str,
    status_label: &'static str,
    owner: Option<String>,
    updated: Option<String>,
    review_by: Option<String>,
    tags: Vec<String>,
    summary: Option<String>,
    /// An inline SVG (KPIs), or empty.
    chart: String,
    facts: Vec<facts::Fact>,
    tables: Vec<facts::Table>,
    body: String,
    backlinks: Vec<BacklinkGroup>,
    /// The releases in which it changed (`changes.rs`).
    releases: changes::DocReleases,
    /// The body's headings, for the on-page contents of a long page.
    toc: Vec<toc::TocEntry>,
    /// The guide pages before and after this one (guide pages only).
    previous: Option<DocLink>,
    next: Option<DocLink>,
}

#[derive(Serialize)]
struct DocumentPage {
    doc: DocContext,
}

#[derive(Serialize)]
struct IndexItem {
    id: String,
    title: String,
    url: String,
    summary: Option<String>,
    status: &'static str,
    status_label: &'static str,
    internal: bool,
}

#[derive(Serialize)]
struct KindIndexPage {
    kind: &'static str,
    kind_label: &'static str,
    items: Vec<IndexItem>,
    view: views::KindView,
}

#[derive(Serialize)]
struct TracePage {
    intro: String,
    rows: Vec<views::TraceRow>,
}

#[derive(Serialize)]
struct PrintDocument {
    doc: DocContext,
    anchor: String,
}

/// A group of the print page's contents, as the menu groups documents.
#[derive(Serialize)]
struct PrintContentsGroup {
    title: &'static str,
    entries: Vec<PrintContentsEntry>,
}

#[derive(Serialize)]
struct PrintContentsEntry {
    anchor: String,
    title: String,
}

#[derive(Serialize)]
struct PrintPage {
    built_on: String,
    contents: Vec<PrintContentsGroup>,
    /// Each a `PrintDocument`, converted for the template engine on the
    /// thread that made it (converting 10 000 at once, when the page is
    /// rendered, was serial, and held every document twice).
    documents: Vec<templates::Shared>,
    /// The latest month's service-review scorecard (HTML, or empty).
    scorecard: String,
    /// The newest release's changes (`changes.rs`).
    changes: Option<changes::PrintChanges>,
}

#[derive(Serialize)]
struct KindSection {
    kind: &'static str,
    label: String,
    url: String,
    count: usize,
    /// "12 documents", "1 document", "12 篇文档".
    count_label: String,
}

#[derive(Serialize)]
struct HomePage {
    /// The home document's rendered body, when `content/index.md` exists.
    body: Option<String>,
    home_title: String,
    guide: Vec<DocLink>,
    sections: Vec<KindSection>,
}

#[derive(Serialize)]
struct EmptyPage {}

/// A document's body as one edition of a `build` rendered it, for the
/// next edition to reuse (`EditionRenderer::document_page_with`).
pub struct MadeBody {
    body: String,
    /// What rendering the body asked of that edition's links.
    log: markdown::LinkLog,
    /// The body's plain text.
    text: String,
    /// The whole indexed text (summary and body) and its search terms,
    /// once made.
    indexed: Option<(String, Arc<search::Terms>)>,
}

impl MadeBody {
    /// The search terms of `entry`, made once for the editions whose
    /// entries have the same text.
    fn terms_of(made: &mut Option<MadeBody>, entry: &search::Entry) -> Arc<search::Terms> {
        match made {
            Some(made) => {
                if made
                    .indexed
                    .as_ref()
                    .is_some_and(|(text, _)| *text != entry.text)
                {
                    made.indexed = None;
                }
                made.indexed
                    .get_or_insert_with(|| {
                        (entry.text.clone(), Arc::new(search::document_terms(entry)))
                    })
                    .1
                    .clone()
            }
            None => Arc::new(search::document_terms(entry)),
        }
    }
}

/// Renders the editions of one `build` (no cache): the document pages of
/// all editions in one pass over the documents, so that a body the
/// editions share is rendered, turned into text and tokenized once (most
/// are shared: only links to a document an edition leaves out differ);
/// the print pages are written in the same pass, each body parsed once
/// for its page and its print section; then each edition's search index,
/// views and other aggregate pages.
pub fn render_editions(
    editions: &[(&EditionRenderer<'_, '_>, &dyn Sink)],
    nav_order: &[usize],
) -> Vec<Result<Stats, Vec<Diagnostic>>> {
    /// Documents rendered (and their print bodies held) at a time.
    const BATCH: usize = 256;
    let Some((first, _)) = editions.first() else {
        return Vec::new();
    };
    let timer = crate::pipeline::Timer::new("editions");
    let count = first.documents().len();
    // Editions whose indexes have as many shards are lanes of one index
    // (each term of a page they share looked up once): per edition, its
    // index and lane.
    let mut lanes: Vec<(usize, usize)> = Vec::new();
    let mut lane_documents: Vec<Vec<usize>> = Vec::new();
    for (renderer, _) in editions {
        let documents = renderer.view.order.len();
        match lane_documents.iter().position(|lanes| {
            lanes
                .first()
                .is_some_and(|&first| search::StreamingIndex::can_share(first, documents))
        }) {
            Some(stream) => {
                lanes.push((stream, lane_documents[stream].len()));
                lane_documents[stream].push(documents);
            }
            None => {
                lanes.push((lane_documents.len(), 0));
                lane_documents.push(vec![documents]);
            }
        }
    }
    let streams: Vec<search::StreamingIndex> = lane_documents
        .iter()
        .map(|documents| search::StreamingIndex::with_lanes(documents))
        .collect();
    // Each document's place in each edition's order (`u32::MAX`: not in it).
    let places: Vec<Vec<u32>> = editions
        .iter()
        .map(|(renderer, _)| {
            let mut places = vec![u32::MAX; count];
            for (place, &index) in renderer.view.order.iter().enumerate() {
                places[index] = place as u32;
            }
            places
        })
        .collect();
    let mut print = PrintPages::open(editions);
    let streamed = print.streamed();
    timer.step("print frames");
    // In menu order, the order of the print pages (and of each edition's
    // places, so the search index's blocks of documents fill one by one).
    let documents: Vec<usize> = nav_order
        .iter()
        .copied()
        .filter(|&index| places.iter().any(|places| places[index] != u32::MAX))
        .collect();
    let pass = DocumentPass {
        editions,
        places: &places,
        lanes: &lanes,
        streams: &streams,
        streamed: &streamed,
    };
    // The aggregate pages need none of the document pages: they are made
    // beside them (their memory is small, and the threads stay busy
    // through the ends of the batches).
    let (page_results, aggregates) = rayon::join(
        || {
            let mut page_results: Vec<Vec<Result<usize, Diagnostic>>> =
                editions.iter().map(|_| Vec::new()).collect();
            let mut pending: Vec<Vec<Option<Arc<str>>>> = Vec::new();
            for batch in documents.chunks(BATCH) {
                // The print bodies of the last batch are written while this
                // one is rendered.
                let (made, ()) = rayon::join(
                    || {
                        batch
                            .par_iter()
                            .map(|&index| pass.document(index))
                            .collect::<Vec<_>>()
                    },
                    || print.write(std::mem::take(&mut pending)),
                );
                for (results, bodies) in made {
                    for (edition, result) in results {
                        page_results[edition].push(result);
                    }
                    pending.push(bodies);
                }
            }
            print.write(pending);
            page_results
        },
        || {
            editions
                .par_iter()
                .map(|(renderer, sink)| {
                    renderer.render_aggregates(*sink, Vec::new(), Vec::new(), Vec::new(), false)
                })
                .collect::<Vec<_>>()
        },
    );
    timer.step("document, print and aggregate pages");
    let mut results = aggregates;
    for (results, pages) in results.iter_mut().zip(page_results) {
        results.extend(pages);
    }
    let edition_of = |stream: usize, lane: usize| lanes.iter().position(|&at| at == (stream, lane));
    for (number, stream) in streams.into_iter().enumerate() {
        let written = stream.finish_lanes(|lane, path, content| {
            let sink = edition_of(number, lane).map(|edition| editions[edition].1);
            sink.map(|sink| {
                sink.write(&path, content.as_bytes())
                    .map(|()| 1)
                    .map_err(|error| write_failed(&path, &error))
            })
        });
        for (lane, written) in written.into_iter().enumerate() {
            if let Some(edition) = edition_of(number, lane) {
                results[edition].extend(written.into_iter().flatten());
            }
        }
    }
    timer.step("search indexes");
    for (results, printed) in results.iter_mut().zip(print.finish(editions)) {
        results.push(printed);
    }
    timer.step("print pages finished");
    editions
        .iter()
        .zip(results)
        .map(|((renderer, _), results)| renderer.summarize(results))
        .collect()
}

/// A document's outcome in a `DocumentPass`: per edition, its page's
/// (the edition's number first), and its print bodies.
type DocumentOutcome = (
    Vec<(usize, Result<usize, Diagnostic>)>,
    Vec<Option<Arc<str>>>,
);

/// What `render_editions` renders each document with: the editions, the
/// document's place in each (`u32::MAX`: not in it), each edition's
/// search index and lane in it, and which print pages are streamed.
struct DocumentPass<'p, 'r> {
    editions: &'p [(&'p EditionRenderer<'r, 'r>, &'p dyn Sink)],
    places: &'p [Vec<u32>],
    lanes: &'p [(usize, usize)],
    streams: &'p [search::StreamingIndex],
    streamed: &'p [bool],
}

impl DocumentPass<'_, '_> {
    /// Document `index` in every edition that has it: its page written
    /// (the outcome per edition), its search terms added once for the
    /// lanes that share them, and its print bodies per edition (written
    /// in order by the caller).
    fn document(&self, index: usize) -> DocumentOutcome {
        let Some((first, _)) = self.editions.first() else {
            return (Vec::new(), Vec::new());
        };
        let parsed = markdown::ParsedBody::new(first.documents()[index].body());
        let mut made = None;
        let mut results = Vec::new();
        // (index, lane, place, terms) of each edition's page.
        let mut indexed = Vec::new();
        for (edition, (renderer, sink)) in self.editions.iter().enumerate() {
            let place = self.places[edition][index];
            if place != u32::MAX {
                let (stream, lane) = self.lanes[edition];
                let result = renderer
                    .document_page_streamed(
                        index,
                        place as usize,
                        *sink,
                        (&self.streams[stream], lane),
                        &mut made,
                        &parsed,
                    )
                    .map(|terms| {
                        indexed.push((stream, lane, place as usize, terms));
                        1
                    });
                results.push((edition, result));
            }
        }
        // The same terms in several lanes of an index are added once for
        // all of them.
        while let Some((stream, lane, place, terms)) = indexed.pop() {
            let mut lane_places = vec![(lane, place)];
            indexed.retain(|(other, lane, place, other_terms)| {
                let same = *other == stream && Arc::ptr_eq(other_terms, &terms);
                if same {
                    lane_places.push((*lane, *place));
                }
                !same
            });
            self.streams[stream].add_terms(&lane_places, &terms);
        }
        let bodies = PrintPages::bodies(self.editions, self.streamed, index, &parsed);
        (results, bodies)
    }
}

use print_cut::PrintPieces;

/// A print page being written by `PrintPages`.
struct PrintStream<'s> {
    /// The page around its bodies (`EditionRenderer::print_pieces`).
    pieces: PrintPieces,
    /// The next piece to write.
    next: usize,
    file: Box<dyn OpenFile + 's>,
    error: Option<std::io::Error>,
}

/// The print pages of the editions of a `build`, written side by side as
/// `render_editions` goes through the documents in menu order: the page
/// around the bodies is rendered first (`EditionRenderer::print_pieces`),
/// then each body is rendered beside the document's page, from the same
/// parse, and once for the editions where it comes out the same
/// (`markdown::LinkLog`). A page that cannot be streamed (a project's own
/// `print.html`) is made whole at the end.
struct PrintPages<'s> {
    /// Per edition: its page being written, if streamed.
    streams: Vec<Option<PrintStream<'s>>>,
    /// Per edition: the outcome, once known (a page not streamed: `None`
    /// until `finish` makes it whole).
    done: Vec<Option<Result<usize, Diagnostic>>>,
}

impl<'s> PrintPages<'s> {
    /// Renders each streamed page's pieces (the editions side by side) and
    /// opens its file.
    fn open(editions: &[(&EditionRenderer<'_, '_>, &'s dyn Sink)]) -> Self {
        // Each edition's documents for the template, in turn: the first
        // edition's are reused by the others where they come out the same
        // (most of them); then the editions' templates side by side.
        let mut documents: Vec<Option<Result<Vec<Option<templates::Shared>>, Diagnostic>>> =
            Vec::new();
        for (renderer, _) in editions {
            if !renderer.templates.print_is_built_in {
                documents.push(None);
                continue;
            }
            let other = editions
                .first()
                .zip(documents.first())
                .and_then(|((first, _), made)| match made {
                    Some(Ok(made)) => Some((first.view, made.as_slice())),
                    _ => None,
                });
            documents.push(Some(renderer.print_documents(other)));
        }
        // One edition after the other: each piece equal to the first
        // edition's is held once (the editions' frames are mostly the same
        // text), never made twice side by side.
        let mut pieces: Vec<Option<Result<PrintPieces, Diagnostic>>> = Vec::new();
        for ((renderer, _), documents) in editions.iter().zip(documents) {
            let first = match (pieces.first(), editions.first()) {
                (Some(Some(Ok(first))), Some((first_renderer, _))) => {
                    Some((first, first_renderer.view.order.as_slice()))
                }
                _ => None,
            };
            pieces.push(match documents {
                None => None,
                Some(Ok(documents)) => renderer.print_pieces_of(documents, first),
                Some(Err(problem)) => Some(Err(problem)),
            });
        }
        let mut pages = PrintPages {
            streams: Vec::new(),
            done: Vec::new(),
        };
        for ((_, sink), pieces) in editions.iter().zip(pieces) {
            let (stream, done) = match pieces {
                None => (None, None),
                Some(Err(problem)) => (None, Some(Err(problem))),
                Some(Ok(pieces)) => match sink.open("print.html") {
                    Ok(file) => (
                        Some(PrintStream {
                            pieces,
                            next: 0,
                            file,
                            error: None,
                        }),
                        None,
                    ),
                    Err(error) => (None, Some(Err(write_failed("print.html", &error)))),
                },
            };
            pages.streams.push(stream);
            pages.done.push(done);
        }
        pages
    }

    /// Which editions' pages are streamed (`bodies` makes bodies for those).
    fn streamed(&self) -> Vec<bool> {
        self.streams.iter().map(Option::is_some).collect()
    }

    /// Document `index`'s print body in each of the `editions` whose page
    /// is `streamed` and shows it.
    fn bodies(
        editions: &[(&EditionRenderer<'_, '_>, &dyn Sink)],
        streamed: &[bool],
        index: usize,
        parsed: &markdown::ParsedBody<'_>,
    ) -> Vec<Option<Arc<str>>> {
        let prefix = root_prefix(0);
        let mut made: Option<(Arc<str>, markdown::LinkLog)> = None;
        editions
            .iter()
            .zip(streamed)
            .map(|((renderer, _), &streamed)| {
                if !streamed || !renderer.view.visible(index) {
                    return None;
                }
                let document = &renderer.documents()[index];
                let links = BodyLinks {
                    view: renderer.view,
                    source: document,
                    prefix: &prefix,
                    in_page: true,
                };
                if let Some((body, log)) = &made
                    && log.answers_the_same(&links)
                {
                    return Some(body.clone());
                }
                let log = markdown::LinkLog::default();
                let body: Arc<str> = Arc::from(renderer.render_body_logged(
                    parsed,
                    document,
                    &prefix,
                    true,
                    Some(&log),
                ));
                made = Some((body.clone(), log));
                Some(body)
            })
            .collect()
    }

    /// Writes documents' print bodies (per document, per edition), each
    /// after the piece of its page before it.
    fn write(&mut self, bodies: Vec<Vec<Option<Arc<str>>>>) {
        for per_edition in bodies {
            for (stream, body) in self.streams.iter_mut().zip(per_edition) {
                if let (Some(stream), Some(body)) = (stream, body)
                    && stream.error.is_none()
                {
                    let piece = stream.pieces.piece(stream.next);
                    stream.next += 1;
                    if let Err(error) = stream
                        .file
                        .write_all(piece.as_bytes())
                        .and_then(|()| stream.file.write_all(body.as_bytes()))
                    {
                        stream.error = Some(error);
                    }
                }
            }
        }
    }

    /// Ends the streamed pages and makes the others whole: each edition's
    /// outcome.
    fn finish(
        self,
        editions: &[(&EditionRenderer<'_, '_>, &dyn Sink)],
    ) -> Vec<Result<usize, Diagnostic>> {
        self.done
            .into_iter()
            .zip(self.streams)
            .zip(editions)
            .map(|((done, stream), (renderer, sink))| {
                if let Some(done) = done {
                    return done;
                }
                let Some(mut stream) = stream else {
                    return renderer.print_page_plain(*sink);
                };
                let last = stream.pieces.piece(stream.next);
                match stream.error.take() {
                    Some(error) => Err(error),
                    None => stream.file.write_all(last.as_bytes()),
                }
                .and_then(|()| stream.file.finish())
                .map(|()| 1)
                .map_err(|error| write_failed("print.html", &error))
            })
            .collect()
    }
}

/// Renders everything of one edition into `sink`.
pub struct EditionRenderer<'v, 'a> {
    view: &'v EditionView<'a>,
    templates: &'v Templates,
    ui: &'static Ui,
    words: Words,
    /// The previous rendering of this edition (`watch`), if any.
    previous: Option<&'v cache::RenderCache>,
    /// Whether to keep this rendering for the next one (`watch` only: a
    /// one-off `build` would hold every page in memory for nothing, and pay
    /// for the fingerprints).
    caching: bool,
    next: cache::CacheWriter,
    site_fingerprint: u64,
    shared: SharedValues,
    /// Each document's `cache::document_fingerprint` (`watch` only), made
    /// once for its page and its print body.
    fingerprints: std::sync::OnceLock<Vec<u64>>,
    /// The edition's change log, made once (`changes.rs`).
    change_log: std::sync::OnceLock<Option<crate::release::log::EditionLog>>,
}

impl<'v, 'a> EditionRenderer<'v, 'a> {
    pub fn new(view: &'v EditionView<'a>, templates: &'v Templates) -> Self {
        let language = view.analysis.corpus.config.language;
        EditionRenderer {
            view,
            templates,
            ui: i18n::ui(language),
            words: Words { language },
            previous: None,
            caching: false,
            next: cache::CacheWriter::default(),
            site_fingerprint: cache::site_fingerprint(view, templates.fingerprint),
            shared: SharedValues::default(),
            fingerprints: std::sync::OnceLock::new(),
            change_log: std::sync::OnceLock::new(),
        }
    }

    /// Reuses the pages of `previous` whose inputs did not change.
    pub fn with_cache(mut self, previous: &'v cache::RenderCache) -> Self {
        self.next = cache::CacheWriter::for_documents(self.view.order.len());
        self.previous = Some(previous);
        self.caching = true;
        self
    }

    /// What this rendering leaves for the next one.
    pub fn into_cache(self) -> cache::RenderCache {
        self.next.finish()
    }

    fn documents(&self) -> &'a [Arc<Document>] {
        self.view.documents()
    }

    fn link(&self, index: usize, prefix: &str) -> DocLink {
        let document = &self.documents()[index];
        DocLink {
            id: document.id.value.clone(),
            title: document.title.clone(),
            url: format!("{prefix}{}", document.url()),
        }
    }

    fn nav(&self, prefix: &str, current: Option<&str>) -> Vec<NavItem> {
        let mut items = Vec::new();
        // The home document is reached through "Home", not listed again.
        let guide: Vec<usize> = self
            .view
            .of_kind(Kind::Page)
            .filter(|&i| Some(i) != self.view.home)
            .collect();
        for (position, &index) in guide.iter().enumerate() {
            let link = self.link(index, prefix);
            let is_current = current == Some(link.url.as_str());
            // A long guide is listed in part (the page being read always),
            // then linked whole from the home page.
            if guide.len() > MENU_GUIDE_PAGES && position >= MENU_GUIDE_PAGES && !is_current {
                continue;
            }
            items.push(NavItem {
                current: is_current,
                title: link.title,
                url: link.url,
                group: "guide",
            });
        }
        if guide.len() > MENU_GUIDE_PAGES {
            items.push(NavItem {
                current: false,
                title: self.words.all_guide_pages(guide.len()),
                url: format!("{prefix}index.html"),
                group: "guide",
            });
        }
        for kind in self.view.kinds() {
            if kind == Kind::Page {
                continue;
            }
            let url = format!("{prefix}{}/index.html", kind.name());
            items.push(NavItem {
                title: self.ui.kind_plural(kind).to_string(),
                current: current == Some(url.as_str()),
                url,
                group: "kind",
            });
        }
        if self.has_reviews() {
            let url = format!("{prefix}{}/index.html", review::REVIEW_DIR);
            items.push(NavItem {
                title: results::ResultWords {
                    language: self.words.language,
                }
                .text("reviews")
                .to_string(),
                current: current.is_some_and(|current| current.ends_with("review/index.html")),
                url,
                group: "tools",
            });
        }
        let mut tools = vec![("trace.html", self.words.text("trace"))];
        tools.extend(calendar::menu_title(self).map(|title| (calendar::PAGE, title)));
        if self.view.analysis.history.is_some() {
            tools.push(("changes.html", changes::title(self.words.language)));
        }
        tools.push(("print.html", self.words.text("print")));
        for (path, title) in tools {
            let url = format!("{prefix}{path}");
            items.push(NavItem {
                title: title.to_string(),
                current: current == Some(url.as_str()) || current == Some(path),
                url,
                group: "tools",
            });
        }
        items
    }

    fn page<T: Serialize>(
        &self,
        template: &str,
        depth: usize,
        page_title: String,
        breadcrumbs: Vec<Crumb>,
        current: Option<&str>,
        page: T,
    ) -> Result<String, Diagnostic> {
        let bytes = self.page_bytes(template, depth, page_title, breadcrumbs, current, page, 0)?;
        templates::into_text(template, bytes)
    }

    /// `page` as bytes, in a buffer made for `size_hint` bytes.
    #[allow(clippy::too_many_arguments)]
    fn page_bytes<T: Serialize>(
        &self,
        template: &str,
        depth: usize,
        page_title: String,
        breadcrumbs: Vec<Crumb>,
        current: Option<&str>,
        page: T,
        size_hint: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut bytes = Vec::with_capacity(size_hint);
        self.page_to(
            template,
            depth,
            page_title,
            breadcrumbs,
            current,
            page,
            &mut bytes,
        )?;
        Ok(bytes)
    }

    /// `page`, written to `out`.
    #[allow(clippy::too_many_arguments)]
    fn page_to<T: Serialize>(
        &self,
        template: &str,
        depth: usize,
        page_title: String,
        breadcrumbs: Vec<Crumb>,
        current: Option<&str>,
        page: T,
        out: &mut impl std::io::Write,
    ) -> Result<(), Diagnostic> {
        let prefix = root_prefix(depth);
        let site = self.shared_site(depth, &prefix)?;
        let ui = match self.shared.ui.get() {
            Some(ui) => ui.clone(),
            None => {
                let ui = templates::Shared::of(self.ui)?;
                self.shared.ui.get_or_init(|| ui).clone()
            }
        };
        let nav = self.shared_nav(depth, &prefix, current)?;
        let is_home = page_title == self.view.analysis.corpus.config.title;
        let key = (depth, current.map(str::to_string), is_home);
        let cached = self
            .shared
            .menu
            .lock()
            .ok()
            .and_then(|menus| menus.get(&key).cloned());
        let menu = match cached {
            Some(menu) => menu,
            None => {
                // The menu is the same on every page with the same
                // current entry (all the FAQs, say): rendered once for
                // them, not once per page.
                let html = self.templates.render_with(
                    "menu.html",
                    &MenuContext {
                        root: &prefix,
                        is_home,
                    },
                    &[("site", &site), ("ui", &ui), ("nav", &nav)],
                )?;
                let menu = templates::Shared::of(&html)?;
                if let Ok(mut menus) = self.shared.menu.lock() {
                    menus.insert(key, menu.clone());
                }
                menu
            }
        };
        let context = PageContext {
            root: prefix,
            breadcrumbs,
            page_title,
            page,
        };
        self.templates.render_to(
            template,
            &context,
            &[("site", &site), ("ui", &ui), ("nav", &nav), ("menu", &menu)],
            out,
        )
    }

    /// `site` for pages `depth` folders below the edition root.
    fn shared_site(&self, depth: usize, prefix: &str) -> Result<templates::Shared, Diagnostic> {
        if let Ok(site) = self.shared.site.lock()
            && let Some(value) = site.get(&depth)
        {
            return Ok(value.clone());
        }
        let config = &self.view.analysis.corpus.config;
        let edition_label = self.words.edition_label(
            self.view.edition.name(),
            self.view.edition.config.label.as_deref(),
        );
        let value = templates::Shared::of(&SiteContext {
            title: &config.title,
            version: config.version.as_deref(),
            language: config.language.tag(),
            edition: self.view.edition.name(),
            edition_remark: self.words.remark(&edition_label),
            edition_label,
            css: format!("{prefix}assets/style.css"),
        })?;
        if let Ok(mut site) = self.shared.site.lock() {
            site.insert(depth, value.clone());
        }
        Ok(value)
    }

    /// `nav` for a page `depth` folders down whose menu entry is `current`.
    fn shared_nav(
        &self,
        depth: usize,
        prefix: &str,
        current: Option<&str>,
    ) -> Result<templates::Shared, Diagnostic> {
        let key = (depth, current.map(str::to_string));
        if let Ok(nav) = self.shared.nav.lock()
            && let Some(value) = nav.get(&key)
        {
            return Ok(value.clone());
        }
        let value = templates::Shared::of(&self.nav(prefix, current))?;
        if let Ok(mut nav) = self.shared.nav.lock() {
            nav.insert(key, value.clone());
        }
        Ok(value)
    }

    fn body_html(&self, index: usize, prefix: &str, in_page: bool) -> String {
        if in_page {
            return self.print_body(index, prefix);
        }
        self.render_body_html(&self.documents()[index], prefix, in_page)
    }

    /// A body for the print page, reused from the last rendering when
    /// nothing it reads changed.
    fn print_body(&self, index: usize, prefix: &str) -> String {
        if !self.caching {
            return self.render_body_html(&self.documents()[index], prefix, true);
        }
        self.print_body_shared(index, prefix).to_string()
    }

    /// Makes every document's fingerprint, before any page asks (not
    /// lazily from inside a parallel loop: a thread waiting on the
    /// `OnceLock` could be the one that must finish its initialisation).
    fn make_fingerprints(&self) {
        self.fingerprints.get_or_init(|| {
            let faces = cache::faces(self.view);
            (0..self.documents().len())
                .into_par_iter()
                .map(|index| {
                    cache::document_fingerprint(self.view, &faces, index, self.site_fingerprint)
                })
                .collect()
        });
    }

    /// Document `index`'s `cache::document_fingerprint` (`make_fingerprints`
    /// has run: `watch` renders only).
    fn fingerprint(&self, index: usize) -> u64 {
        self.fingerprints
            .get()
            .and_then(|fingerprints| fingerprints.get(index).copied())
            .unwrap_or_default()
    }

    /// `print_body` in `watch`, as the cache keeps it.
    fn print_body_shared(&self, index: usize, prefix: &str) -> Arc<str> {
        let document = &self.documents()[index];
        let fingerprint = self.fingerprint(index);
        if let Some(previous) = self.previous
            && let Some((cached, html)) = previous.print_bodies.get(&document.id.value)
            && *cached == fingerprint
        {
            self.next
                .print_body(document.id.value.clone(), fingerprint, html.clone());
            return html.clone();
        }
        let html: Arc<str> = Arc::from(self.render_body_html(document, prefix, true));
        self.next
            .print_body(document.id.value.clone(), fingerprint, html.clone());
        html
    }

    fn render_body_html(&self, document: &'a Document, prefix: &str, in_page: bool) -> String {
        let parsed = markdown::ParsedBody::new(document.body());
        self.render_body_logged(&parsed, document, prefix, in_page, None)
    }

    /// `render_body_html`, writing what the rendering asked of the links
    /// into `log` when given.
    fn render_body_logged(
        &self,
        parsed: &markdown::ParsedBody<'_>,
        document: &'a Document,
        prefix: &str,
        in_page: bool,
        log: Option<&markdown::LinkLog>,
    ) -> String {
        let plain = BodyLinks {
            view: self.view,
            source: document,
            prefix,
            in_page,
        };
        let recording = log.map(|log| log.recording(&plain));
        let links: &dyn Links = match &recording {
            Some(recording) => recording,
            None => &plain,
        };
        let anchor_prefix = if in_page {
            print_anchor_prefix(document)
        } else {
            String::new()
        };
        parsed.render(
            links,
            &RenderOptions {
                raw_html: self.view.analysis.corpus.config.raw_html,
                root_prefix: prefix,
                left_out_label: self.ui.left_out,
                anchor_prefix: &anchor_prefix,
                table_label: self.ui.table,
            },
        )
    }

    fn doc_context(&self, index: usize, prefix: &str, in_page: bool) -> DocContext {
        let mut context = self.doc_context_without_body(index, prefix, in_page);
        context.body = self.body_html(index, prefix, in_page);
        context
    }

    /// `doc_context` with an empty body.
    fn doc_context_without_body(&self, index: usize, prefix: &str, in_page: bool) -> DocContext {
        let mut context = self.doc_fields(index, prefix, in_page);
        context.backlinks = self.backlinks(index, prefix);
        context
    }

    /// A document's backlinks, grouped by kind in menu order.
    fn backlinks(&self, index: usize, prefix: &str) -> Vec<BacklinkGroup> {
        let mut backlinks: Vec<BacklinkGroup> = Vec::new();
        // In menu order (the place in `nav_order` is the order of
        // `nav_key`, made once instead of compared title by title).
        let mut sources: Vec<usize> = self.view.analysis.graph.backlinks[index]
            .iter()
            .copied()
            .filter(|&source| self.view.visible(source))
            .collect();
        sources.sort_unstable_by_key(|&source| self.view.rank[source]);
        for kind in Kind::NAV_ORDER {
            let items: Vec<DocLink> = sources
                .iter()
                .filter(|&&source| self.documents()[source].kind == kind)
                .map(|&source| self.link(source, prefix))
                .collect();
            if !items.is_empty() {
                backlinks.push(BacklinkGroup {
                    kind: kind.name(),
                    label: self.ui.kind_plural(kind),
                    items,
                });
            }
        }
        backlinks
    }

    /// `doc_context_without_body` without the backlinks either (the
    /// built-in print page, which shows none).
    fn doc_fields(&self, index: usize, prefix: &str, in_page: bool) -> DocContext {
        let document = &self.documents()[index];
        let facts = facts::of(document, self, prefix);
        DocContext {
            id: document.id.value.clone(),
            kind: document.kind.name(),
            kind_label: self.ui.kind(document.kind),
            title: document.title.clone(),
            url: document.url(),
            audience: document.audience.clone(),
            internal: document.audience != "shared",
            status: document.status.name(),
            status_label: self.ui.status(document.status),
            owner: document.owner.clone(),
            updated: document.updated.map(|d| d.to_string()),
            review_by: document.review_by.as_ref().map(|d| d.value.to_string()),
            tags: document.tags.clone(),
            summary: facts.summary,
            chart: self.kpi_chart(
                document,
                chart::FULL,
                if in_page { "print" } else { "page" },
            ),
            facts: facts.facts,
            tables: facts.tables,
            body: String::new(),
            backlinks: Vec::new(),
            releases: self.doc_releases(&document.id.value, prefix),
            toc: Vec::new(),
            previous: None,
            next: None,
        }
    }

    /// A document's page, and its entry in the search index (made from the
    /// same rendered text, so the index holds exactly what the page shows).
    fn document_page(&self, index: usize) -> Result<(Vec<u8>, search::Entry), Diagnostic> {
        let parsed = markdown::ParsedBody::new(self.documents()[index].body());
        self.document_page_with(index, &mut None, &parsed)
    }

    /// `document_page`, reusing the body and text another edition `made`
    /// of this document when they come out the same here (its links
    /// answer the same, its summary reads the same), else making them and
    /// leaving them in `made` for the next edition.
    fn document_page_with(
        &self,
        index: usize,
        made: &mut Option<MadeBody>,
        parsed: &markdown::ParsedBody<'_>,
    ) -> Result<(Vec<u8>, search::Entry), Diagnostic> {
        let document = &self.documents()[index];
        let prefix = root_prefix(1);
        let mut doc = self.doc_context_without_body(index, &prefix, false);
        let links = BodyLinks {
            view: self.view,
            source: document,
            prefix: &prefix,
            in_page: false,
        };
        let reusable = made
            .as_ref()
            .is_some_and(|made| made.log.answers_the_same(&links));
        if !reusable {
            let log = markdown::LinkLog::default();
            let body = self.render_body_logged(parsed, document, &prefix, false, Some(&log));
            *made = Some(MadeBody {
                text: search::html_to_text(&body),
                body,
                log,
                indexed: None,
            });
        }
        let mut text = doc.summary.clone().unwrap_or_default();
        text.push(' ');
        if let Some(made) = made {
            doc.body = made.body.clone();
            text.push_str(&made.text);
        }
        doc.toc = toc::long_page_contents(&doc.body);
        (doc.previous, doc.next) = self.guide_neighbours(index, &prefix);
        let entry = search::Entry {
            id: document.id.value.clone(),
            title: document.title.clone(),
            kind_label: self.ui.kind(document.kind).to_string(),
            url: document.url(),
            tags: document.tags.clone(),
            text,
        };
        let mut breadcrumbs = vec![Crumb {
            title: self.ui.home.to_string(),
            url: format!("{prefix}index.html"),
        }];
        if document.kind != Kind::Page {
            breadcrumbs.push(Crumb {
                title: self.ui.kind_plural(document.kind).to_string(),
                url: format!("{prefix}{}/index.html", document.kind.name()),
            });
        }
        let current = if document.kind == Kind::Page {
            format!("{prefix}{}", document.url())
        } else {
            format!("{prefix}{}/index.html", document.kind.name())
        };
        // The page is about its body and the entry's text (HTML and text of
        // the same content) plus the menu and the frame.
        let size_hint = doc.body.len() + entry.text.len() + 8 * 1024;
        self.page_bytes(
            "document.html",
            1,
            document.title.clone(),
            breadcrumbs,
            Some(&current),
            DocumentPage { doc },
            size_hint,
        )
        .map(|html| (html, entry))
    }

    fn kind_index_page(&self, kind: Kind) -> Result<String, Diagnostic> {
        let prefix = root_prefix(1);
        let items = self
            .view
            .of_kind(kind)
            .map(|index| {
                let document = &self.documents()[index];
                IndexItem {
                    id: document.id.value.clone(),
                    title: document.title.clone(),
                    url: format!("{prefix}{}", document.url()),
                    summary: facts::summary(document, self),
                    status: document.status.name(),
                    status_label: self.ui.status(document.status),
                    internal: document.audience != "shared",
                }
            })
            .collect();
        let current = format!("{prefix}{}/index.html", kind.name());
        self.page(
            "kind_index.html",
            1,
            self.ui.kind_plural(kind).to_string(),
            vec![Crumb {
                title: self.ui.home.to_string(),
                url: format!("{prefix}index.html"),
            }],
            Some(&current),
            KindIndexPage {
                kind: kind.name(),
                kind_label: self.ui.kind_plural(kind),
                items,
                view: self.kind_view(kind, &prefix),
            },
        )
    }

    fn home_page(&self) -> Result<String, Diagnostic> {
        let prefix = root_prefix(0);
        let config = &self.view.analysis.corpus.config;
        let body = self
            .view
            .home
            .map(|index| self.body_html(index, &prefix, false));
        let home_title = self
            .view
            .home
            .map(|index| self.documents()[index].title.clone())
            .unwrap_or_else(|| config.title.clone());
        let guide = self
            .view
            .of_kind(Kind::Page)
            .filter(|&index| Some(index) != self.view.home)
            .map(|index| self.link(index, &prefix))
            .collect();
        let sections = self
            .view
            .kinds()
            .into_iter()
            .filter(|&kind| kind != Kind::Page)
            .map(|kind| KindSection {
                kind: kind.name(),
                label: self.ui.kind_plural(kind).to_string(),
                url: format!("{prefix}{}/index.html", kind.name()),
                count: self.view.of_kind(kind).count(),
                count_label: self.words.documents(self.view.of_kind(kind).count()),
            })
            .collect();
        self.page(
            "home.html",
            0,
            config.title.clone(),
            Vec::new(),
            Some("index.html"),
            HomePage {
                body,
                home_title,
                guide,
                sections,
            },
        )
    }

    fn trace_page(&self) -> Result<String, Diagnostic> {
        let prefix = root_prefix(0);
        let title = self.words.text("trace").to_string();
        self.page(
            "trace.html",
            0,
            title,
            vec![Crumb {
                title: self.ui.home.to_string(),
                url: "index.html".to_string(),
            }],
            Some("trace.html"),
            TracePage {
                intro: self.words.text("trace_intro").to_string(),
                rows: self.trace_rows(&prefix),
            },
        )
    }

    fn print_page(&self) -> Result<String, Diagnostic> {
        let prefix = root_prefix(0);
        let documents = self
            .view
            .order
            .par_iter()
            .map(|&index| {
                templates::Shared::of(&PrintDocument {
                    anchor: print_anchor(&self.documents()[index]),
                    doc: self.doc_context(index, &prefix, true),
                })
            })
            .collect::<Result<_, _>>()?;
        self.print_template(documents)
    }

    /// `print.html` through its template, with these document sections.
    fn print_template(&self, documents: Vec<templates::Shared>) -> Result<String, Diagnostic> {
        let mut html = Vec::new();
        self.print_template_to(documents, &mut html)?;
        templates::into_text("print.html", html)
    }

    /// `print_template`, written to `out`.
    fn print_template_to(
        &self,
        documents: Vec<templates::Shared>,
        out: &mut impl std::io::Write,
    ) -> Result<(), Diagnostic> {
        self.page_to(
            "print.html",
            0,
            self.words.text("print").to_string(),
            Vec::new(),
            Some("print.html"),
            PrintPage {
                built_on: self.view.analysis.build_date.to_string(),
                contents: self.print_contents(),
                documents,
                scorecard: self.print_scorecard()?,
                changes: self.print_changes(),
            },
            out,
        )
    }

    /// The print page's contents: the documents in navigation order,
    /// grouped as the menu groups them (home, guide, each kind).
    fn print_contents(&self) -> Vec<PrintContentsGroup> {
        let mut groups: Vec<PrintContentsGroup> = Vec::new();
        let mut last_group: Option<(bool, Kind)> = None;
        for &index in &self.view.order {
            let document = &self.documents()[index];
            let is_home = Some(index) == self.view.home;
            let group = (is_home, document.kind);
            if last_group != Some(group) {
                last_group = Some(group);
                groups.push(PrintContentsGroup {
                    title: if is_home {
                        self.ui.home
                    } else {
                        self.ui.kind_plural(document.kind)
                    },
                    entries: Vec::new(),
                });
            }
            if let Some(current) = groups.last_mut() {
                current.entries.push(PrintContentsEntry {
                    anchor: print_anchor(document),
                    title: document.title.clone(),
                });
            }
        }
        groups
    }

    /// The print page of `watch`, in pieces: the template is rendered
    /// once with a marker in place of each document's body
    /// (`print_pieces`), and the page is those pieces with the bodies
    /// between them, each kept in the cache (and reused while it is the
    /// same), the pieces too while the structure is the same (`reusable`).
    /// The bytes are those of `print_page` (the built-in template writes a
    /// body only as `{{ doc.body | safe }}`); a project's own `print.html`
    /// takes the plain path, as does any page where the markers are not
    /// found exactly once each and in order (a title that spelled one
    /// out). `build` writes its editions' print pages together, from
    /// pieces made the same way (`PrintPages`).
    fn print_page_streamed(
        &self,
        sink: &dyn Sink,
        reusable: Option<&cache::RenderCache>,
    ) -> Option<Result<(), Diagnostic>> {
        if !self.templates.print_is_built_in {
            return None;
        }
        let prefix = root_prefix(0);
        let order = &self.view.order;
        let pieces = match reusable.and_then(|previous| previous.print_pieces.clone()) {
            Some(pieces) => pieces,
            None => match self.print_pieces()? {
                Ok(pieces) => Arc::new(
                    (0..pieces.len())
                        .map(|n| Arc::from(pieces.piece(n).as_bytes()))
                        .collect(),
                ),
                Err(problem) => return Some(Err(problem)),
            },
        };
        if let Ok(mut next) = self.next.print_pieces.lock() {
            *next = Some(pieces.clone());
        }
        // In memory: the page is its pieces and bodies, shared with the
        // cache, not joined.
        let bodies: Vec<Arc<str>> = order
            .par_iter()
            .map(|&index| self.print_body_shared(index, &prefix))
            .collect();
        let mut parts: Vec<Arc<[u8]>> = Vec::with_capacity(pieces.len() + bodies.len());
        for (piece, body) in pieces.iter().zip(bodies) {
            parts.push(piece.clone());
            parts.push(Arc::from(body));
        }
        if let Some(last) = pieces.last() {
            parts.push(last.clone());
        }
        Some(
            sink.write_pieces("print.html", parts)
                .map_err(|error| write_failed("print.html", &error)),
        )
    }

    /// The print page rendered with a marker for each body, cut at the
    /// markers (`None` when they are not each found once, in order).
    fn print_pieces(&self) -> Option<Result<PrintPieces, Diagnostic>> {
        match self.print_documents(None) {
            Ok(documents) => self.print_pieces_of(documents, None),
            Err(problem) => Some(Err(problem)),
        }
    }

    /// Each document of the print page as its template receives it, its
    /// body a marker (`print_marker`), by document index (`None`: not in
    /// this edition). With `other`, another edition's: a document whose
    /// references all resolve alike in both (the only way its facts, the
    /// one part that differs between editions, can differ) is taken from
    /// it, not made again.
    fn print_documents(
        &self,
        other: Option<(&EditionView<'_>, &[Option<templates::Shared>])>,
    ) -> Result<Vec<Option<templates::Shared>>, Diagnostic> {
        let prefix = root_prefix(0);
        let made: Vec<(usize, templates::Shared)> = self
            .view
            .order
            .par_iter()
            .map(|&index| {
                let document = &self.documents()[index];
                if let Some((view, documents)) = other
                    && let Some(Some(shared)) = documents.get(index)
                    && document.references.iter().all(|reference| {
                        view.by_id(&reference.target).is_some()
                            == self.view.by_id(&reference.target).is_some()
                    })
                {
                    return Ok((index, shared.clone()));
                }
                // The built-in print page shows no backlinks.
                let mut doc = self.doc_fields(index, &prefix, true);
                doc.body = print_marker(index);
                templates::Shared::of(&PrintDocument {
                    anchor: print_anchor(document),
                    doc,
                })
                .map(|shared| (index, shared))
            })
            .collect::<Result<_, _>>()?;
        let mut documents: Vec<Option<templates::Shared>> = vec![None; self.documents().len()];
        for (index, shared) in made {
            documents[index] = Some(shared);
        }
        Ok(documents)
    }

    /// `print_pieces` from `print_documents`, holding once each piece
    /// equal to one of `first` (another edition's pieces and documents).
    fn print_pieces_of(
        &self,
        mut documents: Vec<Option<templates::Shared>>,
        first: Option<(&PrintPieces, &[usize])>,
    ) -> Option<Result<PrintPieces, Diagnostic>> {
        let order = &self.view.order;
        let in_order: Vec<templates::Shared> = order
            .iter()
            .filter_map(|&index| documents.get_mut(index).and_then(Option::take))
            .collect();
        drop(documents);
        // The pieces between the markers, cut as the page is written:
        // every marker in the page must be the next one expected (a title
        // that spelled one out would make an extra one, and the plain path
        // is taken).
        let mut cutter = print_cut::PieceCutter::new(
            PRINT_MARKER_PREFIX,
            order.iter().map(|&index| print_marker(index)),
        );
        if let Some((first, first_order)) = first {
            cutter = cutter.sharing(first, order, first_order);
        }
        if let Err(problem) = self.print_template_to(in_order, &mut cutter) {
            return Some(Err(problem));
        }
        cutter.finish().map(Ok)
    }

    fn search_page(&self) -> Result<String, Diagnostic> {
        self.page(
            "search.html",
            0,
            self.ui.search.to_string(),
            Vec::new(),
            Some("search.html"),
            EmptyPage {},
        )
    }

    fn not_found_page(&self) -> Result<String, Diagnostic> {
        self.page(
            "404.html",
            0,
            self.ui.not_found_title.to_string(),
            Vec::new(),
            None,
            EmptyPage {},
        )
    }

    /// Document `index`'s page (number `place` of the edition), written,
    /// with its entry in `lane` of `stream` (`build`); its search terms,
    /// for the caller to add (once for the editions that share them).
    fn document_page_streamed(
        &self,
        index: usize,
        place: usize,
        sink: &dyn Sink,
        (stream, lane): (&search::StreamingIndex, usize),
        made: &mut Option<MadeBody>,
        parsed: &markdown::ParsedBody<'_>,
    ) -> Result<Arc<search::Terms>, Diagnostic> {
        let write = |path: &str, bytes: &[u8]| -> Result<(), Diagnostic> {
            sink.write(path, bytes)
                .map_err(|error| write_failed(path, &error))
        };
        let (html, entry) = self.document_page_with(index, made, parsed)?;
        write(&entry.url, &html)?;
        drop(html);
        let terms = MadeBody::terms_of(made, &entry);
        if let Some((path, content)) = stream.add_entry(lane, place, entry) {
            write(&path, content.as_bytes())?;
        }
        Ok(terms)
    }

    /// Renders and writes the whole edition.
    pub fn render(&self, sink: &dyn Sink) -> Result<Stats, Vec<Diagnostic>> {
        if !self.caching {
            return render_editions(&[(self, sink)], &self.view.order)
                .pop()
                .unwrap_or_else(|| Err(Vec::new()));
        }
        let timer = crate::pipeline::Timer::new(self.view.edition.name());
        let write_shared = |path: &str, bytes: Arc<[u8]>| -> Result<(), Diagnostic> {
            sink.write_shared(path, bytes)
                .map_err(|error| write_failed(path, &error))
        };
        self.make_fingerprints();
        timer.step("fingerprints");
        // `watch` keeps each page's entry and terms for the next rebuild.
        let pages: Vec<Result<Indexed, Diagnostic>> = self
            .view
            .order
            .par_iter()
            .map(|&index| {
                let url = self.documents()[index].url();
                let fingerprint = self.fingerprint(index);
                let reused = self
                    .previous
                    .and_then(|previous| previous.pages.get(&url))
                    .filter(|cached| cached.fingerprint == fingerprint)
                    .cloned();
                let page = match reused {
                    Some(page) => page,
                    None => {
                        let (html, mut entry) = self.document_page(index)?;
                        let terms = Arc::new(search::document_terms(&entry));
                        entry.keep_snippet_only();
                        cache::CachedPage {
                            fingerprint,
                            html: Arc::from(html),
                            terms,
                            entry: Arc::new(entry),
                        }
                    }
                };
                write_shared(&url, page.html.clone())?;
                let indexed = (page.entry.clone(), Arc::clone(&page.terms));
                self.next.page(url, page);
                Ok(indexed)
            })
            .collect();
        timer.step("document pages");
        let mut results: Vec<Result<usize, Diagnostic>> = Vec::with_capacity(pages.len() + 16);
        let mut entries = Vec::with_capacity(pages.len());
        let mut terms = Vec::with_capacity(pages.len());
        for page in pages {
            match page {
                Ok((entry, entry_terms)) => {
                    entries.push(entry);
                    terms.push(entry_terms);
                    results.push(Ok(1));
                }
                Err(problem) => results.push(Err(problem)),
            }
        }
        let results = self.render_aggregates(sink, entries, terms, results, true);
        self.summarize(results)
    }

    /// The print page made whole and written (a project's own
    /// `print.html`).
    fn print_page_plain(&self, sink: &dyn Sink) -> Result<usize, Diagnostic> {
        self.print_page().and_then(|html| {
            sink.write("print.html", html.as_bytes())
                .map(|()| 1)
                .map_err(|error| write_failed("print.html", &error))
        })
    }

    /// The rest of the edition once its document pages are written (their
    /// `results` so far): in `watch` the search index (from every page's
    /// `entries` and `terms`; `build` has made it as the pages were
    /// written), the kind indexes, the root pages, `playbook.json`, the
    /// print page, the stylesheet and the static files.
    fn render_aggregates(
        &self,
        sink: &dyn Sink,
        entries: Vec<Arc<search::Entry>>,
        terms: Vec<Arc<search::Terms>>,
        mut results: Vec<Result<usize, Diagnostic>>,
        with_print: bool,
    ) -> Vec<Result<usize, Diagnostic>> {
        let timer = crate::pipeline::Timer::new(self.view.edition.name());
        let write = |path: &str, bytes: &[u8]| -> Result<(), Diagnostic> {
            sink.write(path, bytes)
                .map_err(|error| write_failed(path, &error))
        };
        let write_shared = |path: &str, bytes: Arc<[u8]>| -> Result<(), Diagnostic> {
            sink.write_shared(path, bytes)
                .map_err(|error| write_failed(path, &error))
        };
        // The pages made from all documents are reused in `watch` when no
        // front matter, link or visibility changed (see
        // `cache::structure_fingerprint`).
        let structure = self
            .caching
            .then(|| cache::structure_fingerprint(self.view, self.site_fingerprint));
        let reusable = self.previous.filter(|previous| {
            Some(previous.structure) == structure && !previous.aggregates.is_empty()
        });
        if let Some(structure) = structure
            && let Ok(mut next) = self.next.structure.lock()
        {
            *next = structure;
        }
        // An aggregate page: written, and kept for the next rendering.
        let write_aggregate = |path: &str, bytes: Arc<[u8]>| -> Result<usize, Diagnostic> {
            if self.caching
                && let Ok(mut aggregates) = self.next.aggregates.lock()
            {
                aggregates.push((path.to_string(), bytes.clone()));
            }
            write_shared(path, bytes).map(|()| 1)
        };
        // The search index and the other aggregate pages are independent:
        // made side by side, the serial parts of each overlap.
        let (search_results, page_results) = rayon::join(
            || {
                let mut results: Vec<Result<usize, Diagnostic>> = if self.caching {
                    let previous = self
                        .previous
                        .and_then(|previous| previous.search.lock().ok()?.take());
                    let (state, results) =
                        search::build_incremental(&entries, &terms, previous, |path, bytes| {
                            write_shared(path, bytes).map(|()| 1)
                        });
                    if let Ok(mut next) = self.next.search.lock() {
                        *next = Some(state);
                    }
                    results
                } else {
                    Vec::new()
                };
                results
                    .push(write("assets/search.js", templates::SEARCH_JS.as_bytes()).map(|()| 1));
                timer.step("search index");
                results
            },
            || {
                let mut results: Vec<Result<usize, Diagnostic>> = Vec::new();
                match reusable {
                    Some(previous) => {
                        for (path, bytes) in &previous.aggregates {
                            results.push(write_aggregate(path, bytes.clone()));
                        }
                        timer.step("kind indexes and root pages (unchanged)");
                    }
                    None => {
                        results.par_extend(self.view.kinds().into_par_iter().map(|kind| {
                            self.kind_index_page(kind).and_then(|html| {
                                write_aggregate(
                                    &format!("{}/index.html", kind.name()),
                                    Arc::from(html.into_bytes()),
                                )
                            })
                        }));
                        timer.step("kind indexes");
                        type RootPage<'r, 'v, 'a> =
                            fn(&'r EditionRenderer<'v, 'a>) -> Result<String, Diagnostic>;
                        let root_pages: [(&str, RootPage<'_, 'v, 'a>); 4] = [
                            ("search.html", Self::search_page),
                            ("index.html", Self::home_page),
                            ("404.html", Self::not_found_page),
                            ("trace.html", Self::trace_page),
                        ];
                        results.par_extend(root_pages.into_par_iter().map(|(path, page)| {
                            let result = page(self).and_then(|html| {
                                write_aggregate(path, Arc::from(html.into_bytes()))
                            });
                            timer.step(path);
                            result
                        }));
                        results.push(write_aggregate(
                            "playbook.json",
                            Arc::from(json::export(self.view).into_bytes()),
                        ));
                        // The monthly service review (section 6).
                        for (path, bytes) in self.review_files() {
                            results.push(bytes.and_then(|bytes| write_aggregate(&path, bytes)));
                        }
                        results.extend(calendar::write(self, &write_aggregate));
                    }
                }
                if with_print {
                    let print = match self.print_page_streamed(sink, reusable) {
                        Some(streamed) => streamed.map(|()| 1),
                        None => self.print_page_plain(sink),
                    };
                    timer.step("print.html");
                    results.push(print);
                }
                results
            },
        );
        results.extend(search_results);
        results.extend(page_results);
        // Made on every rendering: the unreleased changes follow every
        // edit of a body, which the reused pages above do not.
        if let Some(page) = self.changes_page() {
            results.push(page.and_then(|html| write("changes.html", html.as_bytes()).map(|()| 1)));
        }
        results.push(write("assets/style.css", self.templates.css.as_bytes()).map(|()| 1));
        for file in &self.view.analysis.corpus.static_files {
            let source = self
                .view
                .analysis
                .corpus
                .root
                .join("static")
                .join(&file[1..]);
            let result = std::fs::read(&source)
                .map_err(|error| {
                    Diagnostic::new(
                        crate::diag::Code::UnreadableFile,
                        format!("static{file}"),
                        crate::diag::Pos::START,
                        format!("cannot read: {error}"),
                    )
                })
                .and_then(|bytes| write(&file[1..], &bytes))
                .map(|()| 1);
            results.push(result);
        }
        results
    }

    /// The edition's `Stats`, or every problem, from the results of
    /// writing its files.
    fn summarize(&self, results: Vec<Result<usize, Diagnostic>>) -> Result<Stats, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut files = 0;
        for result in results {
            match result {
                Ok(count) => files += count,
                Err(problem) => problems.push(problem),
            }
        }
        if problems.is_empty() {
            Ok(Stats {
                documents: self.view.order.len(),
                files,
            })
        } else {
            crate::diag::sort(&mut problems);
            Err(problems)
        }
    }
}
