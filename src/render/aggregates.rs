//! The views made from all the edition's documents, listed once in
//! `VIEWS` (a new view is a function from the edition to its files, added
//! there), and the edition's assets and static files.

use super::*;

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
pub(super) fn one_file(
    path: &str,
    html: Result<String, Diagnostic>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    html.map(|html| vec![(path.to_string(), html.into_bytes())])
}

/// `<kind>/index.html` of every kind the edition has.
pub(super) fn kind_indexes(
    renderer: &EditionRenderer<'_, '_>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
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
}
