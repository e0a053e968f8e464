//! The site `watch` serves: every edition rendered into memory by the same
//! pipeline as `build` (load → graph → check → render), never written to
//! `public/`. A `Site` is immutable once built; a rebuild makes a new one
//! and the server swaps it in whole.
//!
//! Rebuilds are incremental: `Builder` keeps the parsed documents of the
//! previous run and parses again only files whose bytes changed
//! (`content::LoadCache`); rendering then reuses every document page and
//! print body whose inputs did not change (`render::reuse`). A property test
//! (tests/watch_incremental.rs) proves the result equals a clean build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::diag::{Diagnostic, Sources, Tally};
use crate::edition::Edition;
use crate::pipeline::{self, Analysis};
use crate::render::reuse::{RenderCache, Reuse};
use crate::render::{EditionRenderer, EditionView, OpenFile, Sink, render_editions};

/// One edition's files: path (relative to the edition) → content. Only
/// looked up by path: a hash map (20 000 inserts per rebuild into a
/// B-tree, each comparing paths, were a tenth of a rebuild's CPU time).
pub type Files = crate::fasthash::FastMap<String, Content>;

/// A file of the site: its bytes, or the pieces they are made of (the
/// print page, tens of MB at 10 000 documents, whose pieces are mostly
/// those of the last rebuild), joined only when the file is asked for.
#[derive(Clone, Debug)]
pub enum Content {
    Whole(Arc<[u8]>),
    Pieces(Arc<[Arc<[u8]>]>),
}

impl Content {
    /// The file's bytes.
    pub fn bytes(&self) -> Arc<[u8]> {
        match self {
            Content::Whole(bytes) => bytes.clone(),
            Content::Pieces(pieces) => Arc::from(pieces.concat()),
        }
    }

    fn pieces(&self) -> &[Arc<[u8]>] {
        match self {
            Content::Whole(bytes) => std::slice::from_ref(bytes),
            Content::Pieces(pieces) => pieces,
        }
    }
}

impl Content {
    /// The file's length in bytes.
    fn len(&self) -> usize {
        self.pieces().iter().map(|piece| piece.len()).sum()
    }

    /// Whether both are made of the very same allocations (equal without
    /// looking at a byte: most files of a rebuild are the last one's).
    fn same_allocations(&self, other: &Content) -> bool {
        let (mine, theirs) = (self.pieces(), other.pieces());
        mine.len() == theirs.len() && mine.iter().zip(theirs).all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

impl PartialEq for Content {
    /// Equal bytes, however they are cut: the two lists of pieces walked
    /// side by side, each stretch both have compared as one slice.
    fn eq(&self, other: &Content) -> bool {
        if self.same_allocations(other) {
            return true;
        }
        if self.len() != other.len() {
            return false;
        }
        let mut mine = self.pieces().iter().map(|piece| &piece[..]);
        let mut theirs = other.pieces().iter().map(|piece| &piece[..]);
        let (mut a, mut b): (&[u8], &[u8]) = (&[], &[]);
        loop {
            while a.is_empty() {
                match mine.next() {
                    Some(next) => a = next,
                    None => return theirs.all(<[u8]>::is_empty) && b.is_empty(),
                }
            }
            while b.is_empty() {
                match theirs.next() {
                    Some(next) => b = next,
                    None => return false,
                }
            }
            let stretch = a.len().min(b.len());
            if a[..stretch] != b[..stretch] {
                return false;
            }
            (a, b) = (&a[stretch..], &b[stretch..]);
        }
    }
}

impl Eq for Content {}

/// Every edition, in the order of `playbook.yaml`.
#[derive(Clone, Debug, Default)]
pub struct Site {
    pub editions: Vec<(String, Files)>,
}

impl PartialEq for Site {
    /// The same editions with the same files and bytes. Files that share
    /// their allocations are passed over and lengths compared first, so
    /// that a rebuild's one changed page is found before any byte of a
    /// large file (the print page, the search shards) is compared.
    fn eq(&self, other: &Site) -> bool {
        if self.editions.len() != other.editions.len() {
            return false;
        }
        let mut to_compare = Vec::new();
        for ((name, files), (other_name, other_files)) in self.editions.iter().zip(&other.editions)
        {
            if name != other_name || files.len() != other_files.len() {
                return false;
            }
            for (path, content) in files {
                let Some(theirs) = other_files.get(path) else {
                    return false;
                };
                if content.same_allocations(theirs) {
                    continue;
                }
                if content.len() != theirs.len() {
                    return false;
                }
                to_compare.push((content, theirs));
            }
        }
        to_compare.into_iter().all(|(mine, theirs)| mine == theirs)
    }
}

impl Eq for Site {}

impl Site {
    pub fn first_edition(&self) -> Option<&str> {
        self.editions.first().map(|(name, _)| name.as_str())
    }

    pub fn file(&self, edition: &str, path: &str) -> Option<Arc<[u8]>> {
        self.editions
            .iter()
            .find(|(name, _)| name == edition)
            .and_then(|(_, files)| files.get(path).map(Content::bytes))
    }
}

/// Collects rendered files in memory.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<Files>,
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| std::io::Error::other("a rendering thread panicked"))?;
        files.insert(path.to_string(), Content::Whole(Arc::from(bytes)));
        Ok(())
    }

    fn write_shared(&self, path: &str, bytes: Arc<[u8]>) -> std::io::Result<()> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| std::io::Error::other("a rendering thread panicked"))?;
        files.insert(path.to_string(), Content::Whole(bytes));
        Ok(())
    }

    /// The print page: kept as its pieces, shared with the cache, never
    /// joined (tens of MB at 10 000 documents).
    fn open<'s>(&'s self, path: &str) -> std::io::Result<Box<dyn OpenFile + 's>> {
        Ok(Box::new(PiecesFile {
            sink: self,
            path: path.to_string(),
            pieces: Vec::new(),
        }))
    }
}

/// A file of a `MemorySink` being written (`Sink::open`): its pieces.
struct PiecesFile<'s> {
    sink: &'s MemorySink,
    path: String,
    pieces: Vec<Arc<[u8]>>,
}

impl std::io::Write for PiecesFile<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pieces.push(Arc::from(bytes));
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl OpenFile for PiecesFile<'_> {
    fn write_shared(&mut self, bytes: Arc<[u8]>) -> std::io::Result<()> {
        self.pieces.push(bytes);
        Ok(())
    }

    fn finish(self: Box<Self>) -> std::io::Result<()> {
        let mut files = self
            .sink
            .files
            .lock()
            .map_err(|_| std::io::Error::other("a rendering thread panicked"))?;
        files.insert(self.path, Content::Pieces(Arc::from(self.pieces)));
        Ok(())
    }
}

impl MemorySink {
    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_default()
    }
}

/// The outcome of one (re)build.
pub struct Outcome {
    /// The new site, when the project has no errors.
    pub site: Option<Site>,
    /// Every diagnostic of the run, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files they point into, for the human printer.
    pub sources: Sources,
}

impl Outcome {
    pub fn tally(&self) -> Tally {
        Tally::of(&self.diagnostics)
    }
}

/// Builds the site again and again, reusing what did not change.
pub struct Builder {
    root: PathBuf,
    include_drafts: bool,
    cache: pipeline::AnalysisCache,
    /// The last good rendering of each edition.
    renders: HashMap<String, RenderCache>,
    /// The last navigation order (`render::nav_order`), where the next
    /// sorting starts.
    nav_order: Vec<usize>,
}

impl Builder {
    pub fn new(root: &Path, include_drafts: bool) -> Self {
        Builder {
            root: root.to_path_buf(),
            include_drafts,
            cache: pipeline::AnalysisCache::default(),
            renders: HashMap::new(),
            nav_order: Vec::new(),
        }
    }

    /// `build` after the watcher saw `paths` change.
    pub fn build_after(&mut self, paths: &[PathBuf]) -> Outcome {
        self.cache.hint_changed(&self.root, paths);
        self.build()
    }

    /// Builds the whole site (re-reading only changed files).
    pub fn build(&mut self) -> Outcome {
        let today = pipeline::today_from_env().ok().flatten();
        let analysis =
            pipeline::analyze_cached(&self.root, self.include_drafts, today, &mut self.cache);
        render_site(
            analysis,
            self.include_drafts,
            Some((&mut self.renders, &mut self.nav_order)),
        )
    }
}

/// A clean, uncached build into memory (what `build` would write).
pub fn clean_build(root: &Path, include_drafts: bool) -> Outcome {
    let today = pipeline::today_from_env().ok().flatten();
    render_site(
        pipeline::analyze(root, include_drafts, today),
        include_drafts,
        None,
    )
}

/// An edition rendered into memory, with what the next rebuild reuses.
type Rendered = Result<(Files, RenderCache), Vec<Diagnostic>>;

/// Renders every edition into memory; with `renders`, reusing the pages
/// of the last good rendering whose inputs did not change, and keeping this
/// rendering for the next time.
fn render_site(
    mut analysis: Analysis,
    include_drafts: bool,
    kept: Option<(&mut HashMap<String, RenderCache>, &mut Vec<usize>)>,
) -> Outcome {
    let (mut renders, previous_order) = kept.unzip();
    let mut diagnostics = std::mem::take(&mut analysis.diagnostics);
    let failed = Tally::of(&diagnostics).errors > 0;
    let templates = analysis.templates.take();
    let site = match (failed, templates) {
        (false, Some(templates)) => {
            let timer = crate::timing::Timer::new("site");
            let order = crate::render::nav_order(
                &analysis,
                previous_order.as_deref().map(|order| order.as_slice()),
            );
            timer.step("navigation order");
            let empty = RenderCache::default();
            let configs = &analysis.corpus.config.editions;
            let views: Vec<EditionView> = configs
                .iter()
                .map(|config| {
                    EditionView::in_order(&analysis, Edition::new(config, include_drafts), &order)
                })
                .collect();
            // Without kept renderings (`clean_build`), nothing is reused or
            // kept, as in `build`.
            let renderers: Vec<EditionRenderer> = views
                .iter()
                .zip(configs)
                .map(|(view, config)| {
                    let reuse = match renders.as_deref() {
                        Some(renders) => Reuse::from(
                            renders.get(&config.name).unwrap_or(&empty),
                            view.analysis.corpus.documents.len(),
                        ),
                        None => Reuse::nothing(),
                    };
                    EditionRenderer::new(view, &templates, reuse)
                })
                .collect();
            let sinks: Vec<MemorySink> = configs.iter().map(|_| MemorySink::default()).collect();
            let editions: Vec<(&EditionRenderer, &dyn Sink)> = renderers
                .iter()
                .zip(&sinks)
                .map(|(renderer, sink)| (renderer, sink as &dyn Sink))
                .collect();
            let outcomes = render_editions(&editions, &order);
            drop(editions);
            let rendered: Vec<(String, Rendered)> = configs
                .iter()
                .zip(outcomes)
                .zip(renderers.into_iter().zip(sinks))
                .map(|((config, outcome), (renderer, sink))| {
                    let result = outcome.and_then(|_| {
                        let cache = renderer.into_cache().map_err(|problem| vec![problem])?;
                        Ok((sink.into_files(), cache))
                    });
                    (config.name.clone(), result)
                })
                .collect();
            timer.step("editions rendered");
            let mut editions = Vec::new();
            let mut problems = Vec::new();
            let mut next_renders = HashMap::new();
            for (name, result) in rendered {
                match result {
                    Ok((files, cache)) => {
                        editions.push((name.clone(), files));
                        next_renders.insert(name, cache);
                    }
                    Err(found) => problems.extend(found),
                }
            }
            if problems.is_empty() {
                if let Some(renders) = renders.as_mut() {
                    crate::pipeline::drop_later(std::mem::replace(*renders, next_renders));
                }
                if let Some(previous_order) = previous_order {
                    *previous_order = order;
                }
                timer.step("caches kept (the last ones dropped)");
                Some(Site { editions })
            } else {
                diagnostics.extend(problems);
                crate::diag::sort(&mut diagnostics);
                None
            }
        }
        _ => None,
    };
    Outcome {
        site,
        diagnostics,
        sources: analysis.corpus.sources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `bytes` cut at `cuts` (positions taken modulo its length).
    fn cut(bytes: &[u8], cuts: &[usize]) -> Content {
        let mut places: Vec<usize> = cuts
            .iter()
            .map(|cut| {
                if bytes.is_empty() {
                    0
                } else {
                    cut % (bytes.len() + 1)
                }
            })
            .collect();
        places.sort_unstable();
        let mut pieces: Vec<Arc<[u8]>> = Vec::new();
        let mut start = 0;
        for place in places {
            pieces.push(Arc::from(&bytes[start..place]));
            start = place;
        }
        pieces.push(Arc::from(&bytes[start..]));
        Content::Pieces(Arc::from(pieces))
    }

    fn site(files: &[(&str, Content)]) -> Site {
        let mut map = Files::default();
        for (path, content) in files {
            map.insert(path.to_string(), content.clone());
        }
        Site {
            editions: vec![("company".to_string(), map)],
        }
    }

    proptest! {
        /// Content is equal exactly when its joined bytes are, however
        /// either is cut (empty pieces included).
        #[test]
        fn content_equals_as_its_joined_bytes(
            a in proptest::collection::vec(0u8..3, 0..40),
            b in proptest::collection::vec(0u8..3, 0..40),
            how in 0..3u8,
            changed in any::<proptest::sample::Index>(),
            cuts_a in proptest::collection::vec(0usize..64, 0..6),
            cuts_b in proptest::collection::vec(0usize..64, 0..6),
        ) {
            // The same bytes, one byte changed (the same length), or others.
            let b = match how {
                0 => a.clone(),
                1 if !a.is_empty() => {
                    let mut b = a.clone();
                    b[changed.index(a.len())] ^= 4;
                    b
                }
                _ => b,
            };
            let (left, right) = (cut(&a, &cuts_a), cut(&b, &cuts_b));
            prop_assert_eq!(left == right, a == b);
            prop_assert_eq!(&*left.bytes(), &a[..]);
        }

        /// Sites are equal exactly when every edition has the same paths
        /// with the same bytes (shared allocations or not).
        #[test]
        fn sites_equal_as_their_files(
            a in proptest::collection::vec(0u8..3, 0..20),
            b in proptest::collection::vec(0u8..3, 0..20),
            same in any::<bool>(),
            shared in any::<bool>(),
            extra in any::<bool>(),
        ) {
            let b = if same { a.clone() } else { b };
            let first = Content::Whole(Arc::from(&a[..]));
            let second = if shared && same { first.clone() } else { cut(&b, &[3]) };
            let common = Content::Whole(Arc::from(&b"same"[..]));
            let left = site(&[("a.html", first), ("b.html", common.clone())]);
            let mut files = vec![("a.html", second), ("b.html", common)];
            if extra {
                files.push(("c.html", Content::Whole(Arc::from(&b""[..]))));
            }
            let right = site(&files);
            prop_assert_eq!(left == right, a == b && !extra);
        }
    }
}
