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
pub mod chart;
pub mod facts;
pub mod i18n;
pub mod json;
pub mod templates;
pub mod views;

use std::collections::HashMap;
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

/// Where rendered files go (a folder for `build`, memory for `watch`).
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Writes a file the caller keeps too (a sink in memory keeps the same
    /// bytes instead of a copy).
    fn write_shared(&self, path: &str, bytes: Arc<[u8]>) -> std::io::Result<()> {
        self.write(path, &bytes)
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
    /// Writes bytes the caller keeps too (a sink in memory keeps the same
    /// piece instead of a copy: see `serve::site::Content`).
    fn write_shared(&mut self, bytes: Arc<[u8]>) -> std::io::Result<()> {
        self.write_all(&bytes)
    }

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

/// A file of the edition that could not be written.
fn write_failed(path: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        crate::diag::Code::UnreadableFile,
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

#[derive(Serialize)]
struct PrintPage {
    built_on: String,
    /// Each a `PrintDocument`, converted for the template engine on the
    /// thread that made it (converting 10 000 at once, when the page is
    /// rendered, was serial, and held every document twice).
    documents: Vec<templates::Shared>,
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

/// Renders editions together, into their sinks: the document pages of all
/// of them in one pass over the documents, so that a body the editions
/// share is rendered, turned into text and tokenized once (most are
/// shared: only links to a document an edition leaves out differ); the
/// print pages written in the same pass, each body parsed once for its
/// page and its print section; each page's search entry added to its
/// edition's index as it is made; beside them the views made from all
/// documents (`aggregates::VIEWS`). `build` and `watch` both render
/// through here; what each edition's `Reuse` answers is all that differs
/// (`build`: nothing is reused).
pub fn render_editions(
    editions: &[(&EditionRenderer<'_, '_>, &dyn Sink)],
    nav_order: &[usize],
) -> Vec<Result<Stats, Vec<Diagnostic>>> {
    match render_editions_or_fail(editions, nav_order) {
        Ok(outcomes) => outcomes,
        Err(problem) => editions
            .iter()
            .map(|_| Err(vec![problem.clone()]))
            .collect(),
    }
}

/// `render_editions`; `Err` when a rendering thread stopped (a bug).
fn render_editions_or_fail(
    editions: &[(&EditionRenderer<'_, '_>, &dyn Sink)],
    nav_order: &[usize],
) -> Result<Vec<Result<Stats, Vec<Diagnostic>>>, Diagnostic> {
    /// Documents rendered (and their print bodies held) at a time.
    const BATCH: usize = 256;
    let Some((first, _)) = editions.first() else {
        return Ok(Vec::new());
    };
    let timer = crate::pipeline::Timer::new("editions");
    let count = first.documents().len();
    editions
        .par_iter()
        .map(|(renderer, _)| {
            renderer
                .reuse
                .prepare(renderer.view, renderer.site_fingerprint)
        })
        .collect::<Result<(), _>>()?;
    timer.step("fingerprints");
    let plans = editions
        .iter()
        .map(|(renderer, _)| {
            Ok(search::IndexPlan {
                ids: renderer
                    .view
                    .order
                    .iter()
                    .map(|&index| renderer.documents()[index].id.value.clone())
                    .collect(),
                previous: renderer.reuse.search_state()?,
                keep: renderer.reuse.keeps(),
            })
        })
        .collect::<Result<Vec<_>, cache::Poisoned>>()?;
    let indexes = search::Indexes::open(plans);
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
    let mut print = PrintPages::open(editions)?;
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
        indexes: &indexes,
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
                .map(|(renderer, sink)| renderer.render_aggregates(*sink))
                .collect::<Vec<_>>()
        },
    );
    timer.step("document, print and aggregate pages");
    let mut results = aggregates;
    for (results, pages) in results.iter_mut().zip(page_results) {
        results.extend(pages);
    }
    let (written, states) = indexes.finish(|edition, path, file| {
        let sink = editions[edition].1;
        match file {
            search::IndexFile::Made(content) => sink.write(path, content.as_bytes()),
            search::IndexFile::Shared(bytes) => sink.write_shared(path, bytes),
        }
        .map(|()| 1)
        .map_err(|error| write_failed(path, &error))
    })?;
    for ((results, written), ((renderer, _), state)) in results
        .iter_mut()
        .zip(written)
        .zip(editions.iter().zip(states))
    {
        results.extend(written);
        renderer.reuse.keep_search_state(state)?;
    }
    timer.step("search indexes");
    for (results, printed) in results.iter_mut().zip(print.finish(editions)) {
        results.push(printed);
    }
    timer.step("print pages finished");
    Ok(editions
        .iter()
        .zip(results)
        .map(|((renderer, _), results)| renderer.summarize(results))
        .collect())
}

/// A document's outcome in a `DocumentPass`: per edition, its page's
/// (the edition's number first), and its print bodies.
type DocumentOutcome = (
    Vec<(usize, Result<usize, Diagnostic>)>,
    Vec<Option<Arc<str>>>,
);

/// What `render_editions` renders each document with: the editions, the
/// document's place in each (`u32::MAX`: not in it), their search
/// indexes, and which print pages are streamed.
struct DocumentPass<'p, 'r> {
    editions: &'p [(&'p EditionRenderer<'r, 'r>, &'p dyn Sink)],
    places: &'p [Vec<u32>],
    indexes: &'p search::Indexes,
    streamed: &'p [bool],
}

impl DocumentPass<'_, '_> {
    /// Document `index` in every edition that has it: its page written
    /// (the outcome per edition), its search entry added, and its print
    /// bodies per edition (written in order by the caller). The body is
    /// parsed only if some edition cannot reuse its page or print body.
    fn document(&self, index: usize) -> DocumentOutcome {
        let Some((first, _)) = self.editions.first() else {
            return (Vec::new(), Vec::new());
        };
        let parsed = std::cell::OnceCell::new();
        let parse =
            || parsed.get_or_init(|| markdown::ParsedBody::new(first.documents()[index].body()));
        let mut made = None;
        let mut results = Vec::new();
        let mut indexed = Vec::new();
        for (edition, (renderer, sink)) in self.editions.iter().enumerate() {
            let place = self.places[edition][index];
            if place != u32::MAX {
                let result = renderer
                    .document_page_written(index, *sink, &mut made, parse)
                    .map(|(entry, terms)| {
                        indexed.push((edition, place as usize, entry, terms));
                        1
                    });
                results.push((edition, result));
            }
        }
        match self.indexes.add(indexed) {
            Ok(files) => {
                for (edition, path, file) in files {
                    let sink = self.editions[edition].1;
                    let written = match file {
                        search::IndexFile::Made(content) => sink.write(&path, content.as_bytes()),
                        search::IndexFile::Shared(bytes) => sink.write_shared(&path, bytes),
                    };
                    results.push((
                        edition,
                        written
                            .map(|()| 1)
                            .map_err(|error| write_failed(&path, &error)),
                    ));
                }
            }
            Err(problem) => {
                if let Some(edition) = results.first().map(|(edition, _)| *edition) {
                    results.push((edition, Err(problem.into())));
                }
            }
        }
        let bodies = PrintPages::bodies(self.editions, self.streamed, index, parse);
        (results, bodies)
    }
}

/// A print page being written by `PrintPages`.
struct PrintStream<'s> {
    /// The page around its bodies (`EditionRenderer::print_pieces`).
    pieces: cache::PrintPieces,
    /// The next piece to write.
    next: usize,
    file: Box<dyn OpenFile + 's>,
    error: Option<std::io::Error>,
}

/// The print pages of the editions rendered together, written side by
/// side as `render_editions` goes through the documents in menu order:
/// the page around the bodies is rendered first with a marker for each
/// body (`EditionRenderer::print_pieces`), then each body is rendered
/// beside the document's page, from the same parse, and once for the
/// editions where it comes out the same (`markdown::LinkLog`). A page
/// that cannot be cut at its markers (a project's own `print.html`, which
/// may show a body any way it likes) is made whole at the end, through
/// the same template with the bodies in place.
struct PrintPages<'s> {
    /// Per edition: its page being written, if streamed.
    streams: Vec<Option<PrintStream<'s>>>,
    /// Per edition: the outcome, once known (a page not streamed: `None`
    /// until `finish` makes it whole).
    done: Vec<Option<Result<usize, Diagnostic>>>,
}

impl<'s> PrintPages<'s> {
    /// Renders (or reuses) each streamed page's pieces, the editions side
    /// by side, and opens its file.
    fn open(editions: &[(&EditionRenderer<'_, '_>, &'s dyn Sink)]) -> Result<Self, Diagnostic> {
        // Each edition's documents for the template, in turn: the first
        // edition's are reused by the others where they come out the same
        // (most of them); then the editions' templates side by side.
        let mut documents: Vec<Option<Result<Vec<Option<templates::Shared>>, Diagnostic>>> =
            Vec::new();
        for (renderer, _) in editions {
            if !renderer.templates.print_is_built_in || renderer.reuse.print_pieces().is_some() {
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
        let pieces: Vec<Option<Result<cache::PrintPieces, Diagnostic>>> = editions
            .par_iter()
            .zip(documents)
            .map(|((renderer, _), documents)| {
                if !renderer.templates.print_is_built_in {
                    return None;
                }
                let pieces = match (renderer.reuse.print_pieces(), documents) {
                    (Some(kept), _) => Some(Ok(kept)),
                    (None, Some(Ok(documents))) => renderer.print_pieces(documents),
                    (None, Some(Err(problem))) => Some(Err(problem)),
                    (None, None) => None,
                }?;
                Some(pieces.and_then(|pieces| {
                    renderer.reuse.keep_print_pieces(pieces.clone())?;
                    Ok(pieces)
                }))
            })
            .collect();
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
        Ok(pages)
    }

    /// Which editions' pages are streamed (`bodies` makes bodies for those).
    fn streamed(&self) -> Vec<bool> {
        self.streams.iter().map(Option::is_some).collect()
    }

    /// Document `index`'s print body in each of the `editions` whose page
    /// is `streamed` and shows it: reused, or made from `parse()`.
    fn bodies<'b>(
        editions: &[(&EditionRenderer<'_, '_>, &dyn Sink)],
        streamed: &[bool],
        index: usize,
        parse: impl Fn() -> &'b markdown::ParsedBody<'b>,
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
                let id = document.id.value.as_str();
                if let Some(body) = renderer.reuse.print_body(index, id) {
                    // Keeping cannot fail but for a bug, which the pages
                    // of this document report (`keep_page`).
                    let _ = renderer.reuse.keep_print_body(index, id, body.clone());
                    return Some(body);
                }
                let links = BodyLinks {
                    view: renderer.view,
                    source: document,
                    prefix: &prefix,
                    in_page: true,
                };
                let body = match &made {
                    Some((body, log)) if log.answers_the_same(&links) => body.clone(),
                    _ => {
                        let log = markdown::LinkLog::default();
                        let body: Arc<str> = Arc::from(renderer.render_body_logged(
                            parse(),
                            document,
                            &prefix,
                            true,
                            Some(&log),
                        ));
                        made = Some((body.clone(), log));
                        body
                    }
                };
                let _ = renderer.reuse.keep_print_body(index, id, body.clone());
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
                    let piece = stream.pieces.get(stream.next).cloned().unwrap_or_default();
                    stream.next += 1;
                    if let Err(error) = stream
                        .file
                        .write_shared(piece)
                        .and_then(|()| stream.file.write_shared(Arc::from(body)))
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
                    return renderer.print_page_whole(*sink);
                };
                let last = stream.pieces.get(stream.next).cloned().unwrap_or_default();
                match stream.error.take() {
                    Some(error) => Err(error),
                    None => stream.file.write_shared(last),
                }
                .and_then(|()| stream.file.finish())
                .map(|()| 1)
                .map_err(|error| write_failed("print.html", &error))
            })
            .collect()
    }
}

/// A view made from all the edition's documents: its files (path relative
/// to the edition, bytes). Adding a view is adding a function of this type
/// to `VIEWS`; `build` and `watch` both make it from there.
pub type View = fn(&EditionRenderer<'_, '_>) -> Result<Vec<(String, Vec<u8>)>, Diagnostic>;

/// Every view made from all the edition's documents (the document pages,
/// print page and search index are made in the pass over the documents,
/// `render_editions`). Each is remade when the edition's structure changes
/// (`cache::structure_fingerprint`: any front matter, link, visibility,
/// the home document, the configuration or the templates), else reused.
pub const VIEWS: &[(&str, View)] = &[
    ("kind indexes", kind_indexes),
    ("search.html", |renderer| {
        one_file("search.html", renderer.search_page())
    }),
    ("index.html", |renderer| {
        one_file("index.html", renderer.home_page())
    }),
    ("404.html", |renderer| {
        one_file("404.html", renderer.not_found_page())
    }),
    ("trace.html", |renderer| {
        one_file("trace.html", renderer.trace_page())
    }),
    ("playbook.json", |renderer| {
        Ok(vec![(
            "playbook.json".to_string(),
            json::export(renderer.view).into_bytes(),
        )])
    }),
];

/// A view of one page.
fn one_file(
    path: &str,
    html: Result<String, Diagnostic>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    html.map(|html| vec![(path.to_string(), html.into_bytes())])
}

/// `<kind>/index.html` of every kind the edition has.
fn kind_indexes(renderer: &EditionRenderer<'_, '_>) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    renderer
        .view
        .kinds()
        .into_par_iter()
        .map(|kind| {
            renderer
                .kind_index_page(kind)
                .map(|html| (format!("{}/index.html", kind.name()), html.into_bytes()))
        })
        .collect()
}

/// Renders everything of one edition into `sink`.
pub struct EditionRenderer<'v, 'a> {
    view: &'v EditionView<'a>,
    templates: &'v Templates,
    ui: &'static Ui,
    words: Words,
    /// What may be taken from the last rendering, and what is kept for
    /// the next.
    reuse: cache::Reuse<'v>,
    site_fingerprint: u64,
    shared: SharedValues,
}

impl<'v, 'a> EditionRenderer<'v, 'a> {
    /// A renderer of `view` through `templates`, taking what `reuse`
    /// answers (`cache::Reuse::nothing()`: everything is made).
    pub fn new(
        view: &'v EditionView<'a>,
        templates: &'v Templates,
        reuse: cache::Reuse<'v>,
    ) -> Self {
        let language = view.analysis.corpus.config.language;
        EditionRenderer {
            view,
            templates,
            ui: i18n::ui(language),
            words: Words { language },
            reuse,
            site_fingerprint: cache::site_fingerprint(view, templates.fingerprint),
            shared: SharedValues::default(),
        }
    }

    /// What this rendering leaves for the next one.
    pub fn into_cache(self) -> Result<cache::RenderCache, Diagnostic> {
        Ok(self.reuse.into_cache()?)
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
        for (path, key) in [("trace.html", "trace"), ("print.html", "print")] {
            let url = format!("{prefix}{path}");
            items.push(NavItem {
                title: self.words.text(key).to_string(),
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
        self.templates.render_bytes(
            template,
            &context,
            &[("site", &site), ("ui", &ui), ("nav", &nav), ("menu", &menu)],
            size_hint,
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
        let value = templates::Shared::of(&SiteContext {
            title: &config.title,
            version: config.version.as_deref(),
            language: config.language.tag(),
            edition: self.view.edition.name(),
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

    /// Document `index`'s body for the print page: as last rendered if
    /// nothing it reads changed, else made (and kept).
    fn print_body(&self, index: usize, prefix: &str) -> Result<Arc<str>, Diagnostic> {
        let document = &self.documents()[index];
        let id = document.id.value.as_str();
        let body = match self.reuse.print_body(index, id) {
            Some(body) => body,
            None => Arc::from(self.render_body_html(document, prefix, true)),
        };
        self.reuse.keep_print_body(index, id, body.clone())?;
        Ok(body)
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

    /// A document's fields and backlinks, with an empty body.
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
        }
    }

    /// Document `index`'s page written to `sink` (as last rendered if
    /// nothing it reads changed, else made from `parse()`, reusing the
    /// body another edition `made`), with its search entry (the snippet's
    /// text) and terms.
    fn document_page_written<'b>(
        &self,
        index: usize,
        sink: &dyn Sink,
        made: &mut Option<MadeBody>,
        parse: impl Fn() -> &'b markdown::ParsedBody<'b>,
    ) -> Result<(Arc<search::Entry>, Arc<search::Terms>), Diagnostic> {
        let url = self.documents()[index].url();
        let failed = |error: std::io::Error| write_failed(&url, &error);
        if let Some(page) = self.reuse.page(index, &url) {
            sink.write_shared(&url, page.html.clone()).map_err(failed)?;
            let (entry, terms) = (page.entry.clone(), page.terms.clone());
            self.reuse
                .keep_page(index, url.clone(), page.html, page.entry, page.terms)?;
            return Ok((entry, terms));
        }
        let (html, mut entry) = self.document_page(index, made, parse())?;
        let terms = MadeBody::terms_of(made, &entry);
        entry.keep_snippet_only();
        let entry = Arc::new(entry);
        if self.reuse.keeps() {
            let html: Arc<[u8]> = Arc::from(html);
            sink.write_shared(&url, html.clone()).map_err(failed)?;
            self.reuse
                .keep_page(index, url.clone(), html, entry.clone(), terms.clone())?;
        } else {
            sink.write(&url, &html).map_err(failed)?;
        }
        Ok((entry, terms))
    }

    /// A document's page, and its entry in the search index (made from the
    /// same rendered text, so the index holds exactly what the page
    /// shows), reusing the body and text another edition `made` of this
    /// document when they come out the same here (its links answer the
    /// same, its summary reads the same), else making them and leaving
    /// them in `made` for the next edition.
    fn document_page(
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
            .map(|index| self.render_body_html(&self.documents()[index], &prefix, false));
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

    /// The print page made whole, with the bodies in place, and written:
    /// a page that cannot be cut at its body markers (a project's own
    /// `print.html`, which may show a body any way it likes).
    fn print_page_whole(&self, sink: &dyn Sink) -> Result<usize, Diagnostic> {
        let prefix = root_prefix(0);
        let documents = self
            .view
            .order
            .par_iter()
            .map(|&index| {
                let mut doc = self.doc_context_without_body(index, &prefix, true);
                doc.body = self.print_body(index, &prefix)?.to_string();
                templates::Shared::of(&PrintDocument {
                    anchor: print_anchor(&self.documents()[index]),
                    doc,
                })
            })
            .collect::<Result<_, _>>()?;
        let html = self.print_template(documents)?;
        sink.write("print.html", html.as_bytes())
            .map(|()| 1)
            .map_err(|error| write_failed("print.html", &error))
    }

    /// `print.html` through its template, with these document sections.
    fn print_template(&self, documents: Vec<templates::Shared>) -> Result<String, Diagnostic> {
        self.page(
            "print.html",
            0,
            self.words.text("print").to_string(),
            Vec::new(),
            Some("print.html"),
            PrintPage {
                built_on: self.view.analysis.build_date.to_string(),
                documents,
            },
        )
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

    /// The print page rendered with `print_documents` (a marker for each
    /// body, `print_marker`), cut at the markers: the pieces between the
    /// bodies (`None` when the markers are not each found once, in order:
    /// a title that spelled one out; the page is then made whole).
    fn print_pieces(
        &self,
        mut documents: Vec<Option<templates::Shared>>,
    ) -> Option<Result<cache::PrintPieces, Diagnostic>> {
        let order = &self.view.order;
        let in_order: Vec<templates::Shared> = order
            .iter()
            .filter_map(|&index| documents.get_mut(index).and_then(Option::take))
            .collect();
        drop(documents);
        let html = match self.print_template(in_order) {
            Ok(html) => html,
            Err(problem) => return Some(Err(problem)),
        };
        // The pieces between the markers: every marker in the page must be
        // the next one expected (a title that spelled one out would make
        // an extra one, and the plain path is taken).
        let mut cuts = Vec::with_capacity(order.len() + 1);
        let mut piece_start = 0;
        for (expected, (at, _)) in html.match_indices(PRINT_MARKER_PREFIX).enumerate() {
            let &index = order.get(expected)?;
            let marker = print_marker(index);
            if !html[at..].starts_with(&marker) {
                return None;
            }
            cuts.push(piece_start..at);
            piece_start = at + marker.len();
        }
        if cuts.len() != order.len() {
            return None;
        }
        cuts.push(piece_start..html.len());
        let pieces = cuts
            .into_iter()
            .map(|cut| Arc::from(html.get(cut).unwrap_or_default().as_bytes()))
            .collect();
        Some(Ok(Arc::new(pieces)))
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

    /// The views made from all documents (`VIEWS`, or as last rendered
    /// while the structure is the same), the search script, the stylesheet
    /// and the static files, written: each file's outcome.
    fn render_aggregates(&self, sink: &dyn Sink) -> Vec<Result<usize, Diagnostic>> {
        let timer = crate::pipeline::Timer::new(self.view.edition.name());
        let write = |path: &str, bytes: &[u8]| -> Result<usize, Diagnostic> {
            sink.write(path, bytes)
                .map(|()| 1)
                .map_err(|error| write_failed(path, &error))
        };
        // A view's file: written, and kept for the next rendering.
        let write_view = |path: &str, bytes: Arc<[u8]>| -> Result<usize, Diagnostic> {
            self.reuse.keep_aggregate(path, bytes.clone())?;
            sink.write_shared(path, bytes)
                .map(|()| 1)
                .map_err(|error| write_failed(path, &error))
        };
        let mut results: Vec<Result<usize, Diagnostic>> = Vec::new();
        match self.reuse.aggregates() {
            Some(kept) => {
                for (path, bytes) in kept {
                    results.push(write_view(path, bytes.clone()));
                }
                timer.step("views (unchanged)");
            }
            None => {
                results.par_extend(VIEWS.par_iter().flat_map_iter(|(name, view)| {
                    let files = match view(self) {
                        Ok(files) => files
                            .into_iter()
                            .map(|(path, bytes)| write_view(&path, Arc::from(bytes)))
                            .collect(),
                        Err(problem) => vec![Err(problem)],
                    };
                    timer.step(name);
                    files
                }));
            }
        }
        results.push(write("assets/search.js", templates::SEARCH_JS.as_bytes()));
        results.push(write("assets/style.css", self.templates.css.as_bytes()));
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
                .and_then(|bytes| write(&file[1..], &bytes));
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
