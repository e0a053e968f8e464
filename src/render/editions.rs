//! The one rendering pipeline of `build` and `watch`: `render_editions`
//! renders editions together, one pass over the documents for every page,
//! print section and search entry, with the views beside it; each edition's
//! `Reuse` says what may be taken from the last rendering.

use super::*;

/// What a rendered edition holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub documents: usize,
    pub files: usize,
}

/// A file of the edition that could not be written (`build` folds them
/// into one `write-failed` naming the output folder).
pub(super) fn write_failed(path: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        crate::diag::Code::WriteFailed,
        path,
        crate::diag::Pos::START,
        format!("cannot write `{path}`: {error}"),
    )
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
pub(super) fn render_editions_or_fail(
    editions: &[(&EditionRenderer<'_, '_>, &dyn Sink)],
    nav_order: &[usize],
) -> Result<Vec<Result<Stats, Vec<Diagnostic>>>, Diagnostic> {
    /// Documents rendered (and their print sections held) at a time.
    const BATCH: usize = 256;
    let Some((first, _)) = editions.first() else {
        return Ok(Vec::new());
    };
    let timer = crate::timing::Timer::new("editions");
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
        .collect::<Result<Vec<_>, reuse::Poisoned>>()?;
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
    // In menu order, the order of the print pages (and of each edition's
    // places, so the search index's blocks of documents fill one by one).
    let documents: Vec<usize> = nav_order
        .iter()
        .copied()
        .filter(|&index| places.iter().any(|places| places[index] != u32::MAX))
        .collect();
    // The aggregate pages need none of the document pages: they are made
    // beside them (their memory is small, and the threads stay busy
    // through the ends of the batches), from the start: the print pages'
    // frames are made first, on one thread, while the others make them.
    let (pages, aggregates) = rayon::join(
        || -> Result<_, Diagnostic> {
            let mut print = PrintPages::open(editions)?;
            let streamed = print.streamed();
            timer.step("print frames");
            let pass = DocumentPass {
                editions,
                places: &places,
                indexes: &indexes,
                streamed: &streamed,
            };
            let mut page_results: Vec<Vec<Result<usize, Diagnostic>>> =
                editions.iter().map(|_| Vec::new()).collect();
            let mut pending: Vec<Vec<Option<Arc<[u8]>>>> = Vec::new();
            for batch in documents.chunks(BATCH) {
                // The print sections of the last batch are written while this
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
            Ok((page_results, print))
        },
        || aggregates::render_aggregates(editions),
    );
    let (page_results, print) = pages?;
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
/// (the edition's number first), and its print sections.
pub(super) type DocumentOutcome = (
    Vec<(usize, Result<usize, Diagnostic>)>,
    Vec<Option<Arc<[u8]>>>,
);

/// What `render_editions` renders each document with: the editions, the
/// document's place in each (`u32::MAX`: not in it), their search
/// indexes, and which print pages are streamed.
pub(super) struct DocumentPass<'p, 'v, 'a> {
    pub(super) editions: &'p [(&'p EditionRenderer<'v, 'a>, &'p dyn Sink)],
    pub(super) places: &'p [Vec<u32>],
    pub(super) indexes: &'p search::Indexes,
    pub(super) streamed: &'p [bool],
}

impl DocumentPass<'_, '_, '_> {
    /// Document `index` in every edition that has it: its page written
    /// (the outcome per edition), its search entry added, and its print
    /// bodies per edition (written in order by the caller). The body is
    /// parsed only if some edition cannot reuse its page or print section.
    fn document(&self, index: usize) -> DocumentOutcome {
        let Some((first, _)) = self.editions.first() else {
            return (Vec::new(), Vec::new());
        };
        let parsed = std::cell::OnceCell::new();
        let parse =
            || parsed.get_or_init(|| markdown::ParsedBody::new(first.documents()[index].body()));
        let mut made = None;
        let memo = DocumentMemo::default();
        let mut results = Vec::new();
        let mut indexed = Vec::new();
        for (edition, (renderer, sink)) in self.editions.iter().enumerate() {
            let place = self.places[edition][index];
            if place != u32::MAX {
                let result = renderer
                    .document_page_written(index, *sink, &mut made, &memo, parse)
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
        let bodies = PrintPages::sections(self.editions, self.streamed, index, &memo, parse)
            .into_iter()
            .enumerate()
            .map(|(edition, body)| match body? {
                Ok(body) => Some(body),
                Err(problem) => {
                    results.push((edition, Err(problem)));
                    None
                }
            })
            .collect();
        (results, bodies)
    }
}

impl<'v, 'a> EditionRenderer<'v, 'a> {
    /// The edition's `Stats`, or every problem, from the results of
    /// writing its files.
    pub(super) fn summarize(
        &self,
        results: Vec<Result<usize, Diagnostic>>,
    ) -> Result<Stats, Vec<Diagnostic>> {
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
