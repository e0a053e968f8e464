//! The views made from all the edition's documents, listed once in
//! `VIEWS` (a new view is a function from the edition, or from the
//! editions together, to their files, added there), and the edition's
//! assets and static files.

use super::*;

/// A view made from all the edition's documents, emitting its files.
/// Adding a view is adding a function of this type to `VIEWS`; `build`
/// and `watch` both make it from there.
pub type View = fn(&EditionRenderer<'_, '_>, &mut Emit<'_>) -> Result<(), Diagnostic>;

/// A view made for the editions that need it at once, each edition's files
/// emitted through its own `Emit` (in the order of the editions): what
/// comes out the same in several editions is made once (the rows of a
/// month's review). An error is every edition's.
pub type TogetherView =
    fn(&[&EditionRenderer<'_, '_>], &mut [&mut Emit<'_>]) -> Result<(), Diagnostic>;

/// How a view is made.
#[derive(Clone, Copy)]
pub enum Make {
    /// For each edition on its own.
    Alone(View),
    /// For the editions together.
    Together(TogetherView),
}

/// What a view reads, so when it is made again.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Reads {
    /// The edition's structure (`reuse::structure_fingerprint`: any front
    /// matter or data file, link, visibility, the home document, the
    /// configuration, the releases or the templates): remade when it
    /// changes, else reused.
    Structure,
    /// The bodies too (the change log's unreleased changes): remade on
    /// every rendering.
    Bodies,
}

/// Every view made from all the edition's documents (the document pages,
/// print page and search index are made in the pass over the documents,
/// `render_editions`): its name, what it reads, and how it is made.
pub const VIEWS: &[(&str, Reads, Make)] = &[
    ("kind indexes", Reads::Structure, Make::Alone(kind_indexes)),
    (
        "search.html",
        Reads::Structure,
        Make::Alone(|renderer, emit| one_file("search.html", renderer.search_page(), emit)),
    ),
    (
        "index.html",
        Reads::Structure,
        Make::Alone(|renderer, emit| one_file("index.html", renderer.home_page(), emit)),
    ),
    (
        "404.html",
        Reads::Structure,
        Make::Alone(|renderer, emit| one_file("404.html", renderer.not_found_page(), emit)),
    ),
    (
        "trace.html",
        Reads::Structure,
        Make::Alone(|renderer, emit| one_file("trace.html", renderer.trace_page(), emit)),
    ),
    // playbook.json: a document's text is mostly the same in every edition.
    (
        "playbook.json",
        Reads::Structure,
        Make::Together(|renderers, emits| {
            let views: Vec<&EditionView<'_>> =
                renderers.iter().map(|renderer| renderer.view).collect();
            for (emit, file) in emits.iter_mut().zip(json::export(&views)) {
                emit("playbook.json".to_string(), file.into_bytes());
            }
            Ok(())
        }),
    ),
    // The monthly service review (section 6): a month's rows of a document
    // are the same in every edition that holds it.
    (
        "review",
        Reads::Structure,
        Make::Together(review::review_files),
    ),
    // calendar.html and calendar.ics (section 7).
    ("calendar", Reads::Structure, Make::Alone(calendar::files)),
    // changes.html (section 8).
    (
        "changes.html",
        Reads::Bodies,
        Make::Alone(|renderer, emit| match renderer.changes_page() {
            Some(html) => one_file("changes.html", html, emit),
            None => Ok(()),
        }),
    ),
];

/// A view of one page.
pub(super) fn one_file(
    path: &str,
    html: Result<String, Diagnostic>,
    emit: &mut Emit<'_>,
) -> Result<(), Diagnostic> {
    emit(path.to_string(), html?.into_bytes());
    Ok(())
}

/// `<kind>/index.html` of every kind the edition has (made side by side,
/// then emitted: a handful of pages).
pub(super) fn kind_indexes(
    renderer: &EditionRenderer<'_, '_>,
    emit: &mut Emit<'_>,
) -> Result<(), Diagnostic> {
    let pages: Vec<(String, Vec<u8>)> = renderer
        .view
        .kinds()
        .into_par_iter()
        .map(|kind| {
            renderer
                .kind_index_page(kind)
                .map(|html| (format!("{}/index.html", kind.name()), html.into_bytes()))
        })
        .collect::<Result<_, _>>()?;
    for (path, bytes) in pages {
        emit(path, bytes);
    }
    Ok(())
}

/// The views made from all documents of `editions` (`VIEWS`, or as last
/// rendered while an edition's structure is the same), the search script,
/// the stylesheet and the static files, written: each edition's files'
/// outcomes, in the order of `editions`.
pub(super) fn render_aggregates(
    editions: &[(&EditionRenderer<'_, '_>, &dyn Sink)],
) -> Vec<Vec<Result<usize, Diagnostic>>> {
    let mut results: Vec<Vec<Result<usize, Diagnostic>>> = editions
        .par_iter()
        .map(|(renderer, sink)| renderer.kept_views(*sink))
        .collect();
    let made: Vec<Vec<Vec<Result<usize, Diagnostic>>>> = VIEWS
        .par_iter()
        .map(|&(name, reads, make)| {
            let timer = crate::timing::Timer::new("views");
            // The editions that make it: all of them, or those whose
            // structure changed, or (a view that reads the bodies) all.
            let making: Vec<usize> = (0..editions.len())
                .filter(|&edition| {
                    editions[edition].0.reuse.aggregates().is_none() || reads == Reads::Bodies
                })
                .collect();
            let mut files: Vec<Vec<Result<usize, Diagnostic>>> =
                editions.iter().map(|_| Vec::new()).collect();
            match make {
                Make::Alone(view) => {
                    let outcomes: Vec<(usize, Vec<Result<usize, Diagnostic>>)> = making
                        .par_iter()
                        .map(|&edition| {
                            let (renderer, sink) = editions[edition];
                            let mut made = Vec::new();
                            let mut emit = |path: String, bytes: Vec<u8>| {
                                made.push(renderer.write_view(sink, reads, path, bytes));
                            };
                            if let Err(problem) = view(renderer, &mut emit) {
                                made.push(Err(problem));
                            }
                            (edition, made)
                        })
                        .collect();
                    for (edition, made) in outcomes {
                        files[edition] = made;
                    }
                }
                Make::Together(view) => {
                    let renderers: Vec<&EditionRenderer<'_, '_>> =
                        making.iter().map(|&edition| editions[edition].0).collect();
                    let mut made: Vec<Vec<Result<usize, Diagnostic>>> =
                        making.iter().map(|_| Vec::new()).collect();
                    let outcome = {
                        let mut emitters: Vec<Box<Emit<'_>>> = making
                            .iter()
                            .zip(made.iter_mut())
                            .map(|(&edition, made)| {
                                let (renderer, sink) = editions[edition];
                                Box::new(move |path: String, bytes: Vec<u8>| {
                                    made.push(renderer.write_view(sink, reads, path, bytes));
                                }) as Box<Emit<'_>>
                            })
                            .collect();
                        let mut emits: Vec<&mut Emit<'_>> = emitters
                            .iter_mut()
                            .map(|emit| &mut **emit as &mut Emit<'_>)
                            .collect();
                        view(&renderers, &mut emits)
                    };
                    for (&edition, mut made) in making.iter().zip(made) {
                        if let Err(problem) = &outcome {
                            made.push(Err(problem.clone()));
                        }
                        files[edition] = made;
                    }
                }
            }
            timer.step(name);
            files
        })
        .collect();
    for view in made {
        for (results, files) in results.iter_mut().zip(view) {
            results.extend(files);
        }
    }
    results
        .par_iter_mut()
        .zip(editions.par_iter())
        .for_each(|(results, (renderer, sink))| results.extend(renderer.assets(*sink)));
    results
}

impl<'v, 'a> EditionRenderer<'v, 'a> {
    /// The files of the views as last rendered, written, while the
    /// edition's structure is the same (none otherwise).
    fn kept_views(&self, sink: &dyn Sink) -> Vec<Result<usize, Diagnostic>> {
        let Some(kept) = self.reuse.aggregates() else {
            return Vec::new();
        };
        kept.iter()
            .map(|(path, bytes)| self.keep_and_write(sink, path, bytes.clone()))
            .collect()
    }

    /// A view's file, written, and kept for the next rendering (`watch`).
    fn keep_and_write(
        &self,
        sink: &dyn Sink,
        path: &str,
        bytes: Arc<[u8]>,
    ) -> Result<usize, Diagnostic> {
        self.reuse.keep_aggregate(path, bytes.clone())?;
        sink.write_shared(path, bytes)
            .map(|()| 1)
            .map_err(|error| write_failed(path, &error))
    }

    /// A file a view emits: kept for the next rendering (`watch`) as
    /// shared bytes when it reads only the structure; `build` keeps
    /// nothing and writes the bytes as they are, without copying them
    /// (with a year of results `playbook.json` is 20 MB).
    fn write_view(
        &self,
        sink: &dyn Sink,
        reads: Reads,
        path: String,
        bytes: Vec<u8>,
    ) -> Result<usize, Diagnostic> {
        match reads {
            Reads::Structure if self.reuse.keeps() => {
                self.keep_and_write(sink, &path, Arc::from(bytes))
            }
            Reads::Structure | Reads::Bodies => sink
                .write(&path, &bytes)
                .map(|()| 1)
                .map_err(|error| write_failed(&path, &error)),
        }
    }

    /// The search script, the stylesheet and the static files, written.
    fn assets(&self, sink: &dyn Sink) -> Vec<Result<usize, Diagnostic>> {
        let write = |path: &str, bytes: &[u8]| -> Result<usize, Diagnostic> {
            sink.write(path, bytes)
                .map(|()| 1)
                .map_err(|error| write_failed(path, &error))
        };
        let mut results: Vec<Result<usize, Diagnostic>> = Vec::new();
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
}
