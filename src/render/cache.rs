//! What `watch` keeps from one rendering of an edition to the next, so that
//! a rebuild renders again only the pages whose inputs changed.
//!
//! Each document page is stored with a fingerprint of everything its
//! rendering reads: the site-wide inputs (configuration, templates, edition,
//! options, dates, the menu), the document's own file, the title, URL, kind
//! and visibility of every document it references (and of the documents
//! their headings name, where links to those headings lead), and the same of every
//! document that references it (its backlinks). Print bodies are cached the
//! same way. A page whose fingerprint is unchanged is copied, not rendered;
//! the property test in tests/watch_incremental.rs proves that the result
//! equals a clean build.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

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

/// The print page around its bodies: piece, body, piece, …, piece.
pub type PrintPieces = Arc<Vec<Arc<[u8]>>>;

/// The pages and print bodies of one rendering of an edition, and the
/// pages made from all documents, valid while `structure` is the same.
#[derive(Default)]
pub struct RenderCache {
    pub pages: FastMap<String, CachedPage>,
    pub print_bodies: FastMap<String, (u64, Arc<str>)>,
    /// `structure_fingerprint` of this rendering.
    pub structure: u64,
    /// The kind indexes, root pages (but the print page) and
    /// `playbook.json`: path → bytes.
    pub aggregates: Vec<(String, Arc<[u8]>)>,
    /// The print page around its bodies (`print_page_streamed`).
    pub print_pieces: Option<PrintPieces>,
    /// The search index, taken by the next rendering (which updates it).
    pub search: Mutex<Option<search::IndexState>>,
}

/// Collects the next cache while pages render in parallel.
#[derive(Default)]
pub struct CacheWriter {
    pages: Mutex<FastMap<String, CachedPage>>,
    print_bodies: Mutex<FastMap<String, (u64, Arc<str>)>>,
    pub structure: Mutex<u64>,
    pub aggregates: Mutex<Vec<(String, Arc<[u8]>)>>,
    pub print_pieces: Mutex<Option<PrintPieces>>,
    pub search: Mutex<Option<search::IndexState>>,
}

impl CacheWriter {
    /// A writer for an edition of `documents` pages (its maps sized once,
    /// not grown page by page).
    pub fn for_documents(documents: usize) -> Self {
        CacheWriter {
            pages: Mutex::new(crate::fasthash::map_with_capacity(documents)),
            print_bodies: Mutex::new(crate::fasthash::map_with_capacity(documents)),
            ..CacheWriter::default()
        }
    }

    pub fn page(&self, url: String, page: CachedPage) {
        if let Ok(mut pages) = self.pages.lock() {
            pages.insert(url, page);
        }
    }

    pub fn print_body(&self, id: String, fingerprint: u64, html: Arc<str>) {
        if let Ok(mut bodies) = self.print_bodies.lock() {
            bodies.insert(id, (fingerprint, html));
        }
    }

    pub fn finish(self) -> RenderCache {
        RenderCache {
            pages: self.pages.into_inner().unwrap_or_default(),
            print_bodies: self.print_bodies.into_inner().unwrap_or_default(),
            structure: self.structure.into_inner().unwrap_or_default(),
            aggregates: self.aggregates.into_inner().unwrap_or_default(),
            print_pieces: self.print_pieces.into_inner().unwrap_or_default(),
            search: Mutex::new(self.search.into_inner().unwrap_or_default()),
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

/// A hash of everything document `index`'s page (or print body) reads
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
