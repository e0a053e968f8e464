//! `print.html`, every document of the edition on one page, made one way:
//! each document's section (`print_document.html`: its facts, chart,
//! tables and body) is rendered as the documents pass, and the page
//! around the sections (cover, contents, changes, scorecard) is rendered
//! with a marker for each section and cut there, the sections written
//! between the pieces (`PrintPages`); a page that cannot be cut at its
//! markers (a project's own `print.html`) is made whole through the same
//! templates.

use super::*;

/// What each print section's marker starts with (`print_marker`).
pub(super) const PRINT_MARKER_PREFIX: &str = "\u{1}playbook-print-body-";

/// The marker that stands for document `index`'s section while the print
/// page is rendered around the sections (`EditionRenderer::print_pieces`).
pub(super) fn print_marker(index: usize) -> String {
    format!("{PRINT_MARKER_PREFIX}{index}\u{1}")
}

/// The id of a document's section on the print page.
/// (A `.` keeps it apart from heading anchors, which never contain one.)
pub fn print_anchor(document: &Document) -> String {
    ["doc.", &document.id.value.to_lowercase()].concat()
}

/// What the print page puts before a document's heading anchors.
pub(super) fn print_anchor_prefix(document: &Document) -> String {
    ["doc.", &document.id.value.to_lowercase(), "."].concat()
}

/// A document as `print_document.html` receives it (its `entry`).
#[derive(Serialize)]
pub(super) struct PrintDocument {
    pub(super) doc: DocContext,
    pub(super) anchor: String,
}

/// What `print_document.html` is rendered with.
#[derive(Serialize)]
struct PrintSection<'e> {
    entry: &'e PrintDocument,
}

/// A document of `print.html`'s `documents`: its section (HTML, or its
/// marker while the page around the sections is cut), and, when the page
/// is made whole, the document itself for a project's own template.
#[derive(Serialize)]
pub(super) struct PrintEntry {
    section: String,
    #[serde(flatten)]
    document: Option<PrintDocument>,
}

/// A group of the print page's contents, as the menu groups documents.
#[derive(Serialize)]
pub(super) struct PrintContentsGroup {
    pub(super) title: &'static str,
    pub(super) entries: Vec<PrintContentsEntry>,
}

#[derive(Serialize)]
pub(super) struct PrintContentsEntry {
    pub(super) anchor: String,
    pub(super) title: String,
}

#[derive(Serialize)]
pub(super) struct PrintPage {
    pub(super) built_on: String,
    pub(super) contents: Vec<PrintContentsGroup>,
    /// Each a `PrintEntry`, converted for the template engine.
    pub(super) documents: Vec<templates::Shared>,
    /// The latest month's service-review scorecard (HTML, or empty).
    pub(super) scorecard: String,
    /// The newest release's changes (`changes.rs`).
    pub(super) changes: Option<changes::PrintChanges>,
}

/// The first edition's print pieces and its documents in order, for
/// another edition to take its equal pieces from (`print_pieces`).
pub(super) type FirstPieces<'f> = (&'f [Arc<[u8]>], &'f [usize]);

/// A print page being written by `PrintPages`.
pub(super) struct PrintStream<'s> {
    /// The page around its bodies (`EditionRenderer::print_pieces`).
    pub(super) pieces: reuse::PrintPieces,
    /// The next piece to write.
    pub(super) next: usize,
    pub(super) file: Box<dyn OpenFile + 's>,
    pub(super) error: Option<std::io::Error>,
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
pub(super) struct PrintPages<'s> {
    /// Per edition: its page being written, if streamed.
    pub(super) streams: Vec<Option<PrintStream<'s>>>,
    /// Per edition: the outcome, once known (a page not streamed: `None`
    /// until `finish` makes it whole).
    pub(super) done: Vec<Option<Result<usize, Diagnostic>>>,
}

impl<'s> PrintPages<'s> {
    /// Renders (or reuses) each streamed page's pieces, the editions side
    /// by side, and opens its file.
    pub(super) fn open(
        editions: &[(&EditionRenderer<'_, '_>, &'s dyn Sink)],
    ) -> Result<Self, Diagnostic> {
        // Each edition's page around the sections, one after the other,
        // each piece equal to the first edition's taken from it as it is
        // cut (the pages are mostly the same text: never made twice side
        // by side).
        let mut documents: Vec<Option<Result<Vec<Option<templates::Shared>>, Diagnostic>>> =
            Vec::new();
        for (renderer, _) in editions {
            if !renderer.templates.print_is_built_in || renderer.reuse.print_pieces().is_some() {
                documents.push(None);
                continue;
            }
            documents.push(Some(renderer.print_markers()));
        }
        let mut pieces: Vec<Option<Result<reuse::PrintPieces, Diagnostic>>> = Vec::new();
        // The closing scorecard's rows of a document, made by the first
        // edition that holds it.
        let mut scorecard_rows = review::RowsMemo::default();
        for ((renderer, _), documents) in editions.iter().zip(documents) {
            let first = match (pieces.first(), editions.first()) {
                (Some(Some(Ok(first))), Some((first_renderer, _))) => {
                    Some((first.as_slice(), first_renderer.view.order.as_slice()))
                }
                _ => None,
            };
            let made = (|| {
                if !renderer.templates.print_is_built_in {
                    return None;
                }
                let pieces = match (renderer.reuse.print_pieces(), documents) {
                    (Some(kept), _) => Some(Ok(kept)),
                    (None, Some(Ok(documents))) => {
                        renderer.print_pieces(documents, first, &mut scorecard_rows)
                    }
                    (None, Some(Err(problem))) => Some(Err(problem)),
                    (None, None) => None,
                }?;
                Some(pieces.and_then(|pieces| {
                    renderer.reuse.keep_print_pieces(pieces.clone())?;
                    Ok(pieces)
                }))
            })();
            pieces.push(made);
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
        Ok(pages)
    }

    /// Which editions' pages are streamed (`sections` makes sections for those).
    pub(super) fn streamed(&self) -> Vec<bool> {
        self.streams.iter().map(Option::is_some).collect()
    }

    /// Document `index`'s print section in each of the `editions` whose
    /// page is `streamed` and shows it: reused, or made from `parse()`.
    /// A section is made once for the editions where it comes out the
    /// same: its body's links answer the same (`markdown::LinkLog`) and
    /// its references resolve alike (its facts, the one other part that
    /// differs between editions).
    pub(super) fn sections<'b>(
        editions: &[(&EditionRenderer<'_, '_>, &dyn Sink)],
        streamed: &[bool],
        index: usize,
        memo: &DocumentMemo,
        parse: impl Fn() -> &'b markdown::ParsedBody<'b>,
    ) -> Vec<Option<Result<Arc<[u8]>, Diagnostic>>> {
        let prefix = root_prefix(0);
        // The last section made: its edition, body, what the body asked
        // of its links, and the section.
        let mut made: Option<(usize, String, markdown::LinkLog, Arc<[u8]>)> = None;
        editions
            .iter()
            .zip(streamed)
            .enumerate()
            .map(|(edition, ((renderer, _), &streamed))| {
                if !streamed || !renderer.view.visible(index) {
                    return None;
                }
                let document = &renderer.documents()[index];
                if let Some(section) = renderer.reuse.print_section(index) {
                    renderer.reuse.keep_print_section(index, section.clone());
                    return Some(Ok(section));
                }
                let links = BodyLinks {
                    view: renderer.view,
                    source: document,
                    prefix: &prefix,
                    in_page: true,
                };
                let body_alike = made
                    .as_ref()
                    .is_some_and(|(_, _, log, _)| log.answers_the_same(&links));
                let section = match &made {
                    Some((by, _, _, section))
                        if body_alike
                            && references_resolve_alike(
                                document,
                                editions[*by].0.view,
                                renderer.view,
                            ) =>
                    {
                        Ok(section.clone())
                    }
                    _ => {
                        let (body, log) = match made.take() {
                            Some((_, body, log, _)) if body_alike => (body, log),
                            _ => renderer.body_with_log(parse(), document, &prefix, true),
                        };
                        renderer
                            .print_section(index, &prefix, body.clone(), false, memo)
                            .map(|(section, _)| {
                                let section: Arc<[u8]> = Arc::from(section);
                                made = Some((edition, body, log, section.clone()));
                                section
                            })
                    }
                };
                Some(section.inspect(|section| {
                    renderer.reuse.keep_print_section(index, section.clone());
                }))
            })
            .collect()
    }

    /// Writes documents' print sections (per document, per edition),
    /// each after the piece of its page before it.
    pub(super) fn write(&mut self, bodies: Vec<Vec<Option<Arc<[u8]>>>>) {
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
                        .and_then(|()| stream.file.write_shared(body))
                    {
                        stream.error = Some(error);
                    }
                }
            }
        }
    }

    /// Ends the streamed pages and makes the others whole: each edition's
    /// outcome.
    pub(super) fn finish(
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

impl<'v, 'a> EditionRenderer<'v, 'a> {
    /// Document `index`'s section of the print page (`print_document.html`)
    /// around `body`, and, with `whole` (the page made whole, which a
    /// project's own `print.html` may show any way it likes), the document
    /// as that template receives it, backlinks included.
    pub(super) fn print_section(
        &self,
        index: usize,
        prefix: &str,
        body: String,
        whole: bool,
        memo: &DocumentMemo,
    ) -> Result<(Vec<u8>, Option<PrintDocument>), Diagnostic> {
        let document = &self.documents()[index];
        let mut doc = if whole {
            self.doc_context_without_body(index, prefix, true, memo)?
        } else {
            // The built-in section shows no backlinks.
            self.doc_fields(index, prefix, true, memo)?
        };
        // The section is about its body plus the document's fields (its
        // chart and results table, when it has them, come on top).
        let size_hint = body.len() + 4 * 1024;
        doc.body = templates::Shared::text(&body);
        let entry = PrintDocument {
            anchor: print_anchor(document),
            doc,
        };
        let ui = self.shared_ui()?;
        // Bytes: the section goes to the print page as it is (no check
        // that the engine's output is UTF-8, which it is).
        let section = self.templates.render_bytes(
            "print_document.html",
            &PrintSection { entry: &entry },
            &[("ui", &ui)],
            size_hint,
        )?;
        Ok((section, whole.then_some(entry)))
    }

    /// The print page made whole, with the sections in place, and written:
    /// a page that cannot be cut at its section markers (a project's own
    /// `print.html`, which may show a document any way it likes).
    pub(super) fn print_page_whole(&self, sink: &dyn Sink) -> Result<usize, Diagnostic> {
        let prefix = root_prefix(0);
        let documents = self
            .view
            .order
            .par_iter()
            .map(|&index| {
                let body = self.render_body_html(&self.documents()[index], &prefix, true);
                let (section, document) =
                    self.print_section(index, &prefix, body, true, &DocumentMemo::default())?;
                let section = templates::into_text("print_document.html", section)?;
                templates::Shared::of(&PrintEntry { section, document })
            })
            .collect::<Result<_, _>>()?;
        let html = self.print_template(documents)?;
        sink.write("print.html", html.as_bytes())
            .map(|()| 1)
            .map_err(|error| write_failed("print.html", &error))
    }

    /// `print.html` through its template, with these document sections.
    pub(super) fn print_template(
        &self,
        documents: Vec<templates::Shared>,
    ) -> Result<String, Diagnostic> {
        let mut html = Vec::new();
        self.print_template_to(documents, &mut review::RowsMemo::default(), &mut html)?;
        templates::into_text("print.html", html)
    }

    /// `print_template`, written to `out` as the engine makes it.
    fn print_template_to(
        &self,
        documents: Vec<templates::Shared>,
        scorecard_rows: &mut review::RowsMemo,
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
                scorecard: self.print_scorecard(scorecard_rows)?,
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

    /// Each document of the print page as the page around the sections
    /// receives it: its section's marker (`print_marker`), by document
    /// index (`None`: not in this edition).
    pub(super) fn print_markers(&self) -> Result<Vec<Option<templates::Shared>>, Diagnostic> {
        let mut documents: Vec<Option<templates::Shared>> = vec![None; self.documents().len()];
        for &index in &self.view.order {
            documents[index] = Some(templates::Shared::of(&PrintEntry {
                section: print_marker(index),
                document: None,
            })?);
        }
        Ok(documents)
    }

    /// The print page rendered with `print_markers` (a marker for each
    /// section), cut at the markers as it is written (`print_cut`): the
    /// pieces between the sections (`None` when the
    /// markers are not each found once, in order: a title that spelled one
    /// out; the page is then made whole). With `first`, another edition's
    /// pieces and documents: each piece equal to its piece before the same
    /// document is that one, held once.
    pub(super) fn print_pieces(
        &self,
        mut documents: Vec<Option<templates::Shared>>,
        first: Option<FirstPieces<'_>>,
        scorecard_rows: &mut review::RowsMemo,
    ) -> Option<Result<reuse::PrintPieces, Diagnostic>> {
        let order = &self.view.order;
        let in_order: Vec<templates::Shared> = order
            .iter()
            .filter_map(|&index| documents.get_mut(index).and_then(Option::take))
            .collect();
        drop(documents);
        // Every marker in the page must be the next one expected (a title
        // that spelled one out would make an extra one, and the page is
        // made whole).
        let mut cutter = super::print_cut::PieceCutter::new(
            PRINT_MARKER_PREFIX,
            order.iter().map(|&index| print_marker(index)),
        );
        if let Some((first, first_order)) = first {
            cutter = cutter.sharing(first, order, first_order);
        }
        if let Err(problem) = self.print_template_to(in_order, scorecard_rows, &mut cutter) {
            return Some(Err(problem));
        }
        cutter.finish().map(|pieces| Ok(Arc::new(pieces)))
    }
}

/// Whether every reference of `document` resolves alike in two editions
/// (then its facts, the part of its print section besides the body that
/// could differ between them, come out the same).
fn references_resolve_alike(
    document: &Document,
    one: &EditionView<'_>,
    other: &EditionView<'_>,
) -> bool {
    document.references.iter().all(|reference| {
        one.by_id(&reference.target).is_some() == other.by_id(&reference.target).is_some()
    })
}
