//! What a rendering may reuse from the last one (`Reuse`): `build` passes
//! `Reuse::nothing()`, which never answers and keeps nothing; `watch`
//! passes the last rendering of the edition, so that a rebuild renders
//! again only the pages whose inputs changed. Rendering itself is the same
//! code either way: it asks `Reuse` for a file's bytes and makes them when
//! the answer is no.
//!
//! Each document page is stored with a fingerprint of everything its
//! rendering reads: the site-wide inputs (configuration, templates, edition,
//! options, dates, the menu), the document's own file, the title, URL, kind
//! and visibility of every document it references (and of the documents
//! their headings name, where links to those headings lead), and the same of every
//! document that references it (its backlinks). Print sections are cached
//! the same way. A page whose fingerprint is unchanged is copied, not rendered;
//! the property test in tests/watch_incremental.rs proves that the result
//! equals a clean build.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use super::EditionView;
use crate::content::document::Document;
use crate::fasthash::{FastHasher, FastMap};
use crate::graph::Resolution;
use crate::search;

/// A rendered document page and its search entry.
#[derive(Clone)]
pub struct CachedPage {
    pub fingerprint: u64,
    pub html: Arc<[u8]>,
    pub entry: Arc<search::Entry>,
    /// The entry's search terms (`search::document_terms`).
    pub terms: Arc<search::Terms>,
}

/// The files of the views made from all documents: path → bytes.
pub type ViewFiles = Vec<(String, Arc<[u8]>)>;

/// The print page around its bodies: piece, body, piece, …, piece.
pub type PrintPieces = Arc<Vec<Arc<[u8]>>>;

/// The pages and print sections of one rendering of an edition, and the
/// pages made from all documents, valid while `structure` is the same.
/// Pages and sections are kept by document index (no path or ID hashed
/// per page on each rebuild); `places` says which document each index
/// was, so a document found at another index (one added or removed
/// before it) is still found.
#[derive(Default)]
pub struct RenderCache {
    /// A hash of each document's path, by its index in that rendering.
    places: Vec<u64>,
    /// Index by place, made the first time a document is not at its old
    /// index.
    by_place: OnceLock<FastMap<u64, usize>>,
    pages: Vec<Option<CachedPage>>,
    print_sections: Vec<Option<(u64, Arc<[u8]>)>>,
    /// `structure_fingerprint` of this rendering.
    pub structure: u64,
    /// The kind indexes, root pages (but the print page) and
    /// `playbook.json`: path → bytes.
    pub aggregates: ViewFiles,
    /// The print page around its sections (`print_pieces`).
    pub print_pieces: Option<PrintPieces>,
    /// The search index, taken by the next rendering (which updates it).
    search: Mutex<Option<search::IndexState>>,
}

impl RenderCache {
    /// The index `place` had in this rendering.
    fn index_of(&self, index: usize, place: u64) -> Option<usize> {
        if self.places.get(index) == Some(&place) {
            return Some(index);
        }
        self.by_place
            .get_or_init(|| {
                let mut by_place = crate::fasthash::map_with_capacity(self.places.len());
                for (index, &place) in self.places.iter().enumerate() {
                    by_place.insert(place, index);
                }
                by_place
            })
            .get(&place)
            .copied()
    }
}

/// Collects the next cache while pages render in parallel: each document
/// index has its slot, set once by the thread that renders it.
#[derive(Default)]
struct CacheWriter {
    pages: Vec<OnceLock<CachedPage>>,
    print_sections: Vec<OnceLock<(u64, Arc<[u8]>)>>,
    structure: Mutex<u64>,
    aggregates: Mutex<ViewFiles>,
    print_pieces: Mutex<Option<PrintPieces>>,
    search: Mutex<Option<search::IndexState>>,
}

impl CacheWriter {
    /// A writer for an edition of `documents` documents.
    fn for_documents(documents: usize) -> Self {
        CacheWriter {
            pages: (0..documents).map(|_| OnceLock::new()).collect(),
            print_sections: (0..documents).map(|_| OnceLock::new()).collect(),
            ..CacheWriter::default()
        }
    }

    fn finish(self, places: Vec<u64>) -> Result<RenderCache, Poisoned> {
        Ok(RenderCache {
            places,
            by_place: OnceLock::new(),
            pages: self.pages.into_iter().map(OnceLock::into_inner).collect(),
            print_sections: self
                .print_sections
                .into_iter()
                .map(OnceLock::into_inner)
                .collect(),
            structure: self.structure.into_inner().map_err(|_| Poisoned)?,
            aggregates: self.aggregates.into_inner().map_err(|_| Poisoned)?,
            print_pieces: self.print_pieces.into_inner().map_err(|_| Poisoned)?,
            search: Mutex::new(self.search.into_inner().map_err(|_| Poisoned)?),
        })
    }
}

/// A lock another rendering thread panicked while holding (a bug): the
/// rendering fails and says so, rather than going on without what that
/// thread was keeping.
#[derive(Debug)]
pub struct Poisoned;

impl From<Poisoned> for crate::diag::Diagnostic {
    fn from(_: Poisoned) -> Self {
        internal_error("a rendering thread stopped unexpectedly")
    }
}

impl From<search::Poisoned> for crate::diag::Diagnostic {
    fn from(problem: search::Poisoned) -> Self {
        internal_error(&problem.to_string())
    }
}

/// A failure that is playbook's fault, not the project's.
fn internal_error(message: &str) -> crate::diag::Diagnostic {
    crate::diag::Diagnostic::new(
        crate::diag::Code::UnreadableFile,
        crate::config::CONFIG_FILE,
        crate::diag::Pos::START,
        format!("{message}; please report this as a bug"),
    )
}

/// Takes `mutex`, or says it is poisoned.
pub fn lock<T>(mutex: &Mutex<T>) -> Result<std::sync::MutexGuard<'_, T>, Poisoned> {
    mutex.lock().map_err(|_| Poisoned)
}

/// What one rendering of an edition may take from the last one, and what
/// it keeps for the next. `Reuse::nothing()` (`build`) answers no to every
/// question and keeps nothing (a one-off build would hold every page in
/// memory for nothing, and pay for the fingerprints).
pub struct Reuse<'p> {
    /// The last rendering, and the next one being collected (`None`:
    /// nothing reused or kept).
    kept: Option<(&'p RenderCache, CacheWriter)>,
    /// Each document's `document_fingerprint` (`prepare`).
    fingerprints: OnceLock<Vec<u64>>,
    /// A hash of each document's path (`prepare`): where the last
    /// rendering kept its page.
    places: OnceLock<Vec<u64>>,
    /// This rendering's `structure_fingerprint` (`prepare`).
    structure: OnceLock<u64>,
}

impl<'p> Reuse<'p> {
    /// Reuses nothing, keeps nothing (`build`).
    pub fn nothing() -> Self {
        Reuse {
            kept: None,
            fingerprints: OnceLock::new(),
            places: OnceLock::new(),
            structure: OnceLock::new(),
        }
    }

    /// Reuses what did not change since `previous` (empty for a first
    /// rendering), and keeps this rendering for the next: `documents` is
    /// the number of the analysis's documents (all editions' indexes).
    pub fn from(previous: &'p RenderCache, documents: usize) -> Self {
        Reuse {
            kept: Some((previous, CacheWriter::for_documents(documents))),
            ..Reuse::nothing()
        }
    }

    /// Whether this rendering is kept for the next.
    pub fn keeps(&self) -> bool {
        self.kept.is_some()
    }

    /// Makes the fingerprints the questions below are answered by (when
    /// anything is kept), before any page asks: not lazily from inside a
    /// parallel loop, where a thread waiting on the `OnceLock` could be
    /// the one that must finish it.
    pub fn prepare(&self, view: &EditionView<'_>, site: u64) -> Result<(), Poisoned> {
        let Some((_, next)) = &self.kept else {
            return Ok(());
        };
        use rayon::prelude::*;
        let structure = *self
            .structure
            .get_or_init(|| structure_fingerprint(view, site));
        *lock(&next.structure)? = structure;
        self.fingerprints.get_or_init(|| {
            let faces = faces(view);
            (0..view.analysis.corpus.documents.len())
                .into_par_iter()
                .map(|index| document_fingerprint(view, &faces, index, site))
                .collect()
        });
        self.places.get_or_init(|| {
            view.analysis
                .corpus
                .documents
                .iter()
                .map(|document| {
                    let mut hasher = FastHasher::default();
                    document.path.hash(&mut hasher);
                    hasher.finish()
                })
                .collect()
        });
        Ok(())
    }

    /// Document `index`'s fingerprint (0 when nothing is kept).
    fn fingerprint(&self, index: usize) -> u64 {
        self.fingerprints
            .get()
            .and_then(|fingerprints| fingerprints.get(index).copied())
            .unwrap_or_default()
    }

    /// The last rendering, if its pages made from all documents can be
    /// reused (no front matter, link or visibility changed).
    fn same_structure(&self) -> Option<&'p RenderCache> {
        let (previous, _) = self.kept.as_ref()?;
        let structure = *self.structure.get()?;
        (previous.structure == structure && !previous.aggregates.is_empty()).then_some(*previous)
    }

    /// Where document `index`'s page and section were kept last time.
    fn previous_index(&self, previous: &RenderCache, index: usize) -> Option<usize> {
        let place = *self.places.get()?.get(index)?;
        previous.index_of(index, place)
    }

    /// Document `index`'s page as last rendered, if nothing it reads
    /// changed (its fingerprint holds its path, so a page kept for
    /// another document never matches).
    pub fn page(&self, index: usize) -> Option<CachedPage> {
        let (previous, _) = self.kept.as_ref()?;
        previous
            .pages
            .get(self.previous_index(previous, index)?)?
            .as_ref()
            .filter(|page| page.fingerprint == self.fingerprint(index))
            .cloned()
    }

    /// Keeps document `index`'s page for the next rendering.
    pub fn keep_page(
        &self,
        index: usize,
        html: Arc<[u8]>,
        entry: Arc<search::Entry>,
        terms: Arc<search::Terms>,
    ) {
        if let Some((_, next)) = &self.kept
            && let Some(slot) = next.pages.get(index)
        {
            // Each document is rendered by one thread, once: the slot is
            // empty.
            let _ = slot.set(CachedPage {
                fingerprint: self.fingerprint(index),
                html,
                entry,
                terms,
            });
        }
    }

    /// Document `index`'s print section as last rendered, if nothing it
    /// reads changed.
    pub fn print_section(&self, index: usize) -> Option<Arc<[u8]>> {
        let (previous, _) = self.kept.as_ref()?;
        previous
            .print_sections
            .get(self.previous_index(previous, index)?)?
            .as_ref()
            .filter(|(fingerprint, _)| *fingerprint == self.fingerprint(index))
            .map(|(_, html)| html.clone())
    }

    /// Keeps document `index`'s print section for the next rendering.
    pub fn keep_print_section(&self, index: usize, html: Arc<[u8]>) {
        if let Some((_, next)) = &self.kept
            && let Some(slot) = next.print_sections.get(index)
        {
            let _ = slot.set((self.fingerprint(index), html));
        }
    }

    /// The pages made from all documents, as last rendered, if the
    /// structure is the same.
    pub fn aggregates(&self) -> Option<&'p ViewFiles> {
        self.same_structure().map(|previous| &previous.aggregates)
    }

    /// Keeps a page made from all documents.
    pub fn keep_aggregate(&self, path: &str, bytes: Arc<[u8]>) -> Result<(), Poisoned> {
        if let Some((_, next)) = &self.kept {
            lock(&next.aggregates)?.push((path.to_string(), bytes));
        }
        Ok(())
    }

    /// The print page around its bodies, as last rendered, if the
    /// structure is the same.
    pub fn print_pieces(&self) -> Option<PrintPieces> {
        self.same_structure()?.print_pieces.clone()
    }

    /// Keeps the print page around its bodies.
    pub fn keep_print_pieces(&self, pieces: PrintPieces) -> Result<(), Poisoned> {
        if let Some((_, next)) = &self.kept {
            *lock(&next.print_pieces)? = Some(pieces);
        }
        Ok(())
    }

    /// The search index of the last rendering (taken: it is updated, not
    /// copied).
    pub fn search_state(&self) -> Result<Option<search::IndexState>, Poisoned> {
        match &self.kept {
            Some((previous, _)) => Ok(lock(&previous.search)?.take()),
            None => Ok(None),
        }
    }

    /// Keeps the search index.
    pub fn keep_search_state(&self, state: Option<search::IndexState>) -> Result<(), Poisoned> {
        if let Some((_, next)) = &self.kept {
            *lock(&next.search)? = state;
        }
        Ok(())
    }

    /// What this rendering leaves for the next (empty for `nothing`).
    pub fn into_cache(self) -> Result<RenderCache, Poisoned> {
        match self.kept {
            Some((_, next)) => next.finish(self.places.into_inner().unwrap_or_default()),
            None => Ok(RenderCache::default()),
        }
    }
}

/// A hash of the inputs every page of the edition shares.
pub fn site_fingerprint(view: &EditionView<'_>, templates_fingerprint: u64) -> u64 {
    let analysis = view.analysis;
    let mut hasher = FastHasher::default();
    templates_fingerprint.hash(&mut hasher);
    analysis
        .corpus
        .sources
        .get(crate::config::CONFIG_FILE)
        .unwrap_or("")
        .hash(&mut hasher);
    view.edition.name().hash(&mut hasher);
    view.edition.include_drafts.hash(&mut hasher);
    analysis.today.to_string().hash(&mut hasher);
    analysis.build_date.to_string().hash(&mut hasher);
    // The releases: each page lists those in which its document changed.
    if let Some(history) = &analysis.history {
        for release in &history.releases {
            analysis.corpus.sources.get(&release.path).hash(&mut hasher);
        }
    }
    // The menu: guide pages in order, and the kinds present.
    for &index in &view.order {
        let document = &analysis.corpus.documents[index];
        if document.kind == crate::content::document::Kind::Page {
            face(document, &mut hasher);
        }
    }
    for kind in view.kinds() {
        kind.hash(&mut hasher);
    }
    hasher.finish()
}

/// What a page shows of another document.
fn face(document: &Document, hasher: &mut FastHasher) {
    document.id.value.hash(hasher);
    document.title.hash(hasher);
    document.kind.hash(hasher);
    document.path.hash(hasher);
    document.weight.hash(hasher);
    document.status.hash(hasher);
}

/// What a page of the edition shows of each document, hashed: its face,
/// whether the edition has it, and whether the edition has each document
/// its headings name (a link to such a heading leads to its anchor or to
/// its neutral id, `EditionView::heading_id`). Made once per rendering.
pub fn faces(view: &EditionView<'_>) -> Vec<u64> {
    use rayon::prelude::*;
    view.analysis
        .corpus
        .documents
        .par_iter()
        .enumerate()
        .map(|(index, document)| {
            let mut hasher = FastHasher::default();
            view.visible(index).hash(&mut hasher);
            face(document, &mut hasher);
            for heading in &document.named_headings {
                for id in &heading.ids {
                    view.by_id(id).is_some().hash(&mut hasher);
                }
            }
            hasher.finish()
        })
        .collect()
}

/// A hash of everything document `index`'s page (or print section) reads
/// besides the site-wide inputs (`faces` are those of `faces(view)`).
pub fn document_fingerprint(view: &EditionView<'_>, faces: &[u64], index: usize, site: u64) -> u64 {
    let analysis = view.analysis;
    let document = &analysis.corpus.documents[index];
    let mut hasher = FastHasher::default();
    site.hash(&mut hasher);
    document.path.hash(&mut hasher);
    document.source_hash.hash(&mut hasher);
    for resolution in analysis.graph.resolutions[index].iter() {
        match resolution {
            Resolution::Target(target) | Resolution::NoSuchAnchor { target, .. } => {
                faces[*target].hash(&mut hasher);
            }
            other => format!("{other:?}").hash(&mut hasher),
        }
    }
    // Field references resolve through the same index (`EditionView::by_id`
    // finds what the graph found, if the edition has it): the faces above,
    // which hold visibility, cover them.
    for &source in &analysis.graph.backlinks[index] {
        faces[source].hash(&mut hasher);
    }
    hasher.finish()
}

/// A hash of everything the pages made from all documents read (the kind
/// indexes, trace, home, search and 404 pages, `playbook.json`, the print
/// page around its bodies): the site-wide inputs, and of every document its
/// visibility, front matter and resolved references (backlinks come from
/// body references too), and the whole home document. A body edit that
/// keeps a page's links leaves it unchanged.
pub fn structure_fingerprint(view: &EditionView<'_>, site: u64) -> u64 {
    let analysis = view.analysis;
    let mut hasher = FastHasher::default();
    site.hash(&mut hasher);
    for (index, document) in analysis.corpus.documents.iter().enumerate() {
        document.path.hash(&mut hasher);
        view.visible(index).hash(&mut hasher);
        document.front_matter_hash.hash(&mut hasher);
        if document.path == super::HOME_PATH {
            document.source_hash.hash(&mut hasher);
        }
        for resolution in analysis.graph.resolutions[index].iter() {
            match resolution {
                Resolution::Target(target) => target.hash(&mut hasher),
                other => format!("{other:?}").hash(&mut hasher),
            }
        }
    }
    hasher.finish()
}
