//! The one interface `render` calls for the search indexes of the editions
//! it renders together: each edition's pages are added as they are made
//! (`Indexes::add`), and `Indexes::finish` writes the rest. Behind it,
//! editions whose indexes have as many shards are lanes of one streaming
//! index (a term of a page they share is looked up once); an edition whose
//! last index is kept and has the same documents (a `watch` rebuild after
//! a body or field edit) has that index patched instead.

use super::*;

/// What `Indexes::open` is told of one edition's index.
pub struct IndexPlan {
    /// The IDs of the edition's documents, in its order.
    pub ids: Vec<String>,
    /// The index kept from the last rendering of the edition, if any.
    pub previous: Option<IndexState>,
    /// Whether to keep this index for the next rendering.
    pub keep: bool,
}

/// A file of an index: made now, or shared with a kept index.
pub enum IndexFile {
    Made(String),
    Shared(Arc<[u8]>),
}

/// One page of an edition, as `Indexes::add` takes it: the edition's
/// number, the page's place in the edition's order, its entry (the
/// snippet's text is enough, `Entry::keep_snippet_only`) and its terms.
pub type IndexedPage = (usize, usize, Arc<Entry>, Arc<Terms>);

/// A page's entry and terms, kept for the next rendering's index.
pub(super) type KeptPage = (Arc<Entry>, Arc<Terms>);

/// The search indexes of the editions rendered together.
pub struct Indexes {
    pub(super) streams: Vec<StreamingIndex>,
    pub(super) editions: Vec<EditionIndex>,
}

/// How one edition's index is made.
pub(super) struct EditionIndex {
    pub(super) ids: Vec<String>,
    pub(super) how: How,
    /// Each page's entry and terms, by place, while the index is to be
    /// kept or patched.
    pub(super) pages: Option<Mutex<Vec<Option<KeptPage>>>>,
    /// The files written, while a streamed index is to be kept.
    pub(super) files: Option<Mutex<BTreeMap<String, Arc<[u8]>>>>,
}

pub(super) enum How {
    /// Lane `lane` of stream `stream`.
    Stream { stream: usize, lane: usize },
    /// The kept index, patched at the end.
    Patch(IndexState),
}

/// A lock another thread panicked while holding (a bug): reported, never
/// skipped (the index would silently miss pages).
#[derive(Debug)]
pub struct Poisoned;

impl std::fmt::Display for Poisoned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a search index thread stopped unexpectedly")
    }
}

pub(super) fn lock<T>(mutex: &Mutex<T>) -> Result<std::sync::MutexGuard<'_, T>, Poisoned> {
    mutex.lock().map_err(|_| Poisoned)
}

impl Indexes {
    pub fn open(plans: Vec<IndexPlan>) -> Self {
        let mut stream_documents: Vec<Vec<usize>> = Vec::new();
        let editions = plans
            .into_iter()
            .map(|plan| {
                let documents = plan.ids.len();
                let previous = plan
                    .previous
                    .filter(|previous| previous.has_documents(&plan.ids));
                let kept = plan.keep || previous.is_some();
                let how = match previous {
                    Some(previous) => How::Patch(previous),
                    None => {
                        let shared = stream_documents.iter().position(|lanes| {
                            lanes
                                .first()
                                .is_some_and(|&first| StreamingIndex::can_share(first, documents))
                        });
                        let stream = shared.unwrap_or_else(|| {
                            stream_documents.push(Vec::new());
                            stream_documents.len() - 1
                        });
                        stream_documents[stream].push(documents);
                        How::Stream {
                            stream,
                            lane: stream_documents[stream].len() - 1,
                        }
                    }
                };
                let streamed_and_kept = plan.keep && matches!(how, How::Stream { .. });
                EditionIndex {
                    ids: plan.ids,
                    how,
                    pages: kept.then(|| Mutex::new(vec![None; documents])),
                    files: streamed_and_kept.then(|| Mutex::new(BTreeMap::new())),
                }
            })
            .collect();
        Indexes {
            streams: stream_documents
                .iter()
                .map(|documents| StreamingIndex::with_lanes(documents))
                .collect(),
            editions,
        }
    }

    /// Adds one document's pages in the editions that have it. The same
    /// terms in several lanes of a stream are added once for all of them.
    /// Returns the documents files these pages complete: (edition, path,
    /// file).
    pub fn add(
        &self,
        mut pages: Vec<IndexedPage>,
    ) -> Result<Vec<(usize, String, IndexFile)>, Poisoned> {
        let mut files = Vec::new();
        for (edition, place, entry, terms) in &pages {
            let Some(index) = self.editions.get(*edition) else {
                continue;
            };
            if let Some(kept) = &index.pages
                && let Some(slot) = lock(kept)?.get_mut(*place)
            {
                *slot = Some((entry.clone(), terms.clone()));
            }
            if let How::Stream { stream, lane } = index.how
                && let Some((path, content)) =
                    self.streams[stream].add_entry(lane, *place, entry.clone())?
            {
                files.push((
                    *edition,
                    path.clone(),
                    self.record(*edition, path, content)?,
                ));
            }
        }
        pages.retain(|(edition, ..)| {
            matches!(
                self.editions.get(*edition).map(|index| &index.how),
                Some(How::Stream { .. })
            )
        });
        while let Some((edition, place, _, terms)) = pages.pop() {
            let How::Stream { stream, lane } = self.editions[edition].how else {
                continue;
            };
            let mut lane_places = vec![(lane, place)];
            pages.retain(|(other, place, _, other_terms)| {
                let same = matches!(self.editions[*other].how,
                    How::Stream { stream: s, .. } if s == stream)
                    && Arc::ptr_eq(other_terms, &terms);
                if same && let How::Stream { lane, .. } = self.editions[*other].how {
                    lane_places.push((lane, *place));
                }
                !same
            });
            self.streams[stream].add_terms(&lane_places, &terms)?;
        }
        Ok(files)
    }

    /// A file of a streamed index: kept too, if the index is.
    fn record(&self, edition: usize, path: String, content: String) -> Result<IndexFile, Poisoned> {
        match self
            .editions
            .get(edition)
            .and_then(|index| index.files.as_ref())
        {
            Some(files) => {
                let bytes: Arc<[u8]> = Arc::from(content.into_bytes());
                lock(files)?.insert(path, bytes.clone());
                Ok(IndexFile::Shared(bytes))
            }
            None => Ok(IndexFile::Made(content)),
        }
    }

    /// Writes the rest of each edition's index through `emit` (edition,
    /// path, file): what `emit` returned per edition, and per edition the
    /// index to keep (when asked to keep it, and every page was added).
    #[allow(clippy::type_complexity)]
    pub fn finish<R: Send>(
        self,
        emit: impl Fn(usize, &str, IndexFile) -> R + Sync,
    ) -> Result<(Vec<Vec<R>>, Vec<Option<IndexState>>), Poisoned> {
        let Indexes { streams, editions } = self;
        let mut results: Vec<Vec<R>> = editions.iter().map(|_| Vec::new()).collect();
        let edition_of = |stream: usize, lane: usize| {
            editions.iter().position(|index| {
                matches!(index.how, How::Stream { stream: s, lane: l } if s == stream && l == lane)
            })
        };
        for (number, stream) in streams.into_iter().enumerate() {
            let written = stream.finish_lanes(|lane, path, content| {
                let edition = edition_of(number, lane)?;
                let file = match editions[edition].files.as_ref() {
                    Some(files) => {
                        let bytes: Arc<[u8]> = Arc::from(content.into_bytes());
                        match lock(files) {
                            Ok(mut files) => {
                                files.insert(path.clone(), bytes.clone());
                            }
                            Err(poisoned) => return Some(Err(poisoned)),
                        }
                        IndexFile::Shared(bytes)
                    }
                    None => IndexFile::Made(content),
                };
                Some(Ok((edition, emit(edition, &path, file))))
            })?;
            for written in written.into_iter().flatten().flatten() {
                let (edition, result) = written?;
                results[edition].push(result);
            }
        }
        let mut states = Vec::with_capacity(editions.len());
        for (number, index) in editions.into_iter().enumerate() {
            let pages = match index.pages {
                Some(pages) => pages.into_inner().map_err(|_| Poisoned)?,
                None => {
                    states.push(None);
                    continue;
                }
            };
            // A page that failed to render leaves its slot empty: its
            // error is reported, and no index is kept or patched.
            let Some(pages): Option<Vec<KeptPage>> = pages.into_iter().collect() else {
                states.push(None);
                continue;
            };
            let (entries, terms): (Vec<Arc<Entry>>, Vec<Arc<Terms>>) = pages.into_iter().unzip();
            match index.how {
                How::Patch(previous) => {
                    let (state, written) = patch(previous, &entries, &terms, |path, bytes| {
                        emit(number, path, IndexFile::Shared(bytes))
                    });
                    results[number].extend(written);
                    states.push(Some(state));
                }
                How::Stream { .. } => {
                    let files = match index.files {
                        Some(files) => files.into_inner().map_err(|_| Poisoned)?,
                        None => BTreeMap::new(),
                    };
                    states.push(Some(IndexState::of_pages(index.ids, terms, files)));
                }
            }
        }
        Ok((results, states))
    }
}
