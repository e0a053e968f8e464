//! The views made from all the edition's documents, listed once in
//! `VIEWS` (a new view is a function from the edition to its files, added
//! there), and the edition's assets and static files.

use super::*;

/// A view made from all the edition's documents, emitting its files.
/// Adding a view is adding a function of this type to `VIEWS`; `build`
/// and `watch` both make it from there.
pub type View = fn(&EditionRenderer<'_, '_>, &mut Emit<'_>) -> Result<(), Diagnostic>;

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
pub const VIEWS: &[(&str, Reads, View)] = &[
    ("kind indexes", Reads::Structure, kind_indexes),
    ("search.html", Reads::Structure, |renderer, emit| {
        one_file("search.html", renderer.search_page(), emit)
    }),
    ("index.html", Reads::Structure, |renderer, emit| {
        one_file("index.html", renderer.home_page(), emit)
    }),
    ("404.html", Reads::Structure, |renderer, emit| {
        one_file("404.html", renderer.not_found_page(), emit)
    }),
    ("trace.html", Reads::Structure, |renderer, emit| {
        one_file("trace.html", renderer.trace_page(), emit)
    }),
    ("playbook.json", Reads::Structure, |renderer, emit| {
        emit(
            "playbook.json".to_string(),
            json::export(renderer.view).into_bytes(),
        );
        Ok(())
    }),
    // The monthly service review (section 6).
    ("review", Reads::Structure, |renderer, emit| {
        renderer.review_files(emit)
    }),
    // calendar.html and calendar.ics (section 7).
    ("calendar", Reads::Structure, calendar::files),
    // changes.html (section 8).
    (
        "changes.html",
        Reads::Bodies,
        |renderer, emit| match renderer.changes_page() {
            Some(html) => one_file("changes.html", html, emit),
            None => Ok(()),
        },
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

impl<'v, 'a> EditionRenderer<'v, 'a> {
    /// The views made from all documents (`VIEWS`, or as last rendered
    /// while the structure is the same), the search script, the stylesheet
    /// and the static files, written: each file's outcome.
    pub(super) fn render_aggregates(&self, sink: &dyn Sink) -> Vec<Result<usize, Diagnostic>> {
        let timer = crate::timing::Timer::new(self.view.edition.name());
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
        let kept = self.reuse.aggregates();
        if let Some(kept) = kept {
            for (path, bytes) in kept {
                results.push(write_view(path, bytes.clone()));
            }
            timer.step("views (unchanged)");
        }
        // The views not taken from the last rendering: all of them, or
        // those that read the bodies.
        let to_make = VIEWS
            .par_iter()
            .filter(|(_, reads, _)| kept.is_none() || *reads == Reads::Bodies);
        results.par_extend(to_make.flat_map_iter(|(name, reads, view)| {
            let mut files = Vec::new();
            let mut emit = |path: String, bytes: Vec<u8>| {
                files.push(match reads {
                    // Kept for the next rendering (`watch`) as shared
                    // bytes; `build` keeps nothing and writes the bytes
                    // as they are, without copying them (with a year of
                    // results `playbook.json` is 20 MB).
                    Reads::Structure if self.reuse.keeps() => write_view(&path, Arc::from(bytes)),
                    Reads::Structure | Reads::Bodies => write(&path, &bytes),
                });
            };
            if let Err(problem) = view(self, &mut emit) {
                files.push(Err(problem));
            }
            timer.step(name);
            files
        }));
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
