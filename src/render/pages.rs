//! The pages of single documents and the pages of the views: a document's
//! fields, facts, backlinks and body (`DocContext`), its page with its
//! search entry, the kind indexes, the home, trace, search and 404 pages.

use super::*;

#[derive(Serialize)]
pub(super) struct BacklinkGroup {
    pub(super) kind: &'static str,
    pub(super) label: &'static str,
    /// `DocLink`s, converted for the templates (`EditionRenderer::shared_link`).
    pub(super) items: Vec<templates::Shared>,
}

#[derive(Serialize)]
pub(super) struct DocContext {
    pub(super) id: String,
    pub(super) kind: &'static str,
    pub(super) kind_label: &'static str,
    pub(super) title: String,
    pub(super) url: String,
    pub(super) audience: String,
    pub(super) internal: bool,
    pub(super) status: &'static str,
    pub(super) status_label: &'static str,
    pub(super) owner: Option<String>,
    pub(super) updated: Option<String>,
    pub(super) review_by: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) summary: Option<String>,
    /// Safe HTML: the detail chart, an inline SVG (empty without
    /// actuals), shared by the editions (`DocumentMemo::chart`).
    pub(super) chart: templates::Shared,
    pub(super) facts: Vec<facts::Fact>,
    pub(super) tables: Vec<templates::Shared>,
    /// HTML, shared by the editions that render it alike (`MadeBody`).
    pub(super) body: templates::Shared,
    pub(super) backlinks: Vec<BacklinkGroup>,
    /// The releases in which it changed (`changes.rs`).
    pub(super) releases: changes::DocReleases,
    /// The body's headings, for the on-page contents of a long page.
    pub(super) toc: Vec<toc::TocEntry>,
    /// The guide pages before and after this one (guide pages only).
    pub(super) previous: Option<DocLink>,
    pub(super) next: Option<DocLink>,
}

#[derive(Serialize)]
pub(super) struct DocumentPage {
    /// The `DocContext`, converted for the templates (once for the
    /// editions where it comes out the same: `MadePage`).
    pub(super) doc: templates::Shared,
}

#[derive(Serialize)]
pub(super) struct IndexItem {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) url: String,
    pub(super) summary: Option<String>,
    pub(super) status: &'static str,
    pub(super) status_label: &'static str,
    pub(super) internal: bool,
}

#[derive(Serialize)]
pub(super) struct KindIndexPage {
    pub(super) kind: &'static str,
    pub(super) kind_label: &'static str,
    pub(super) items: Vec<IndexItem>,
    pub(super) view: views::KindView,
}

#[derive(Serialize)]
pub(super) struct TracePage {
    pub(super) intro: String,
    pub(super) rows: Vec<views::TraceRow>,
}

#[derive(Serialize)]
pub(super) struct KindSection {
    pub(super) kind: &'static str,
    pub(super) label: String,
    pub(super) url: String,
    pub(super) count: usize,
    /// "12 documents", "1 document", "12 篇文档".
    pub(super) count_label: String,
}

#[derive(Serialize)]
pub(super) struct HomePage {
    /// The home document's rendered body, when `content/index.md` exists.
    pub(super) body: Option<String>,
    pub(super) home_title: String,
    pub(super) guide: Vec<DocLink>,
    pub(super) sections: Vec<KindSection>,
}

#[derive(Serialize)]
pub(super) struct EmptyPage {}

/// A document's body as one edition of a `build` rendered it, for the
/// next edition to reuse (`EditionRenderer::document_page_with`).
pub struct MadeBody {
    /// The body's HTML, converted for the templates once for the editions
    /// that share it.
    pub(super) body: templates::Shared,
    /// The HTML's length in bytes (the page's size hint).
    pub(super) body_len: usize,
    /// What rendering the body asked of that edition's links.
    pub(super) log: markdown::LinkLog,
    /// The body's plain text.
    pub(super) text: String,
    /// The whole indexed text (summary and body) and its search terms,
    /// once made.
    pub(super) indexed: Option<(String, Arc<search::Terms>)>,
    /// The body's contents (its headings), when it is long.
    pub(super) toc: Vec<toc::TocEntry>,
    /// The page's `doc` around this body, for the next edition to reuse.
    pub(super) page: Option<MadePage>,
}

/// A document page's `doc` as one edition made it, and what it read of
/// that edition: another edition reuses it when it reads the same there.
/// Of a page's `doc`, only these differ between editions (the body, made
/// from the same `LinkLog`, is reused on the same terms; every other
/// field reads the document and the site's language alone, the print
/// sections' condition, `print::sections`).
pub struct MadePage {
    doc: templates::Shared,
    /// The summary, the start of the search entry's text.
    summary: Option<String>,
    reads: PageReads,
}

/// What a document's page reads of its edition.
#[derive(PartialEq)]
struct PageReads {
    /// Whether the edition holds each of the document's references'
    /// targets, in `document.references`' order (its facts' and tables'
    /// links, or the neutral label).
    references_held: Vec<bool>,
    /// Whether it holds each document that links here, in
    /// `graph.backlinks`' order (the backlinks).
    backlinks_held: Vec<bool>,
    /// The guide pages before and after it, and its releases, as they are
    /// (they read the edition's order and change log).
    neighbours: (Option<DocLink>, Option<DocLink>),
    releases: changes::DocReleases,
}

impl PageReads {
    /// What `renderer`'s edition gives document `index`'s page.
    fn of(renderer: &EditionRenderer<'_, '_>, index: usize, prefix: &str) -> PageReads {
        let view = renderer.view;
        let document = &renderer.documents()[index];
        PageReads {
            references_held: document
                .references
                .iter()
                .map(|reference| view.by_id(&reference.target).is_some())
                .collect(),
            backlinks_held: view.analysis.graph.backlinks[index]
                .iter()
                .map(|&source| view.visible(source))
                .collect(),
            neighbours: renderer.guide_neighbours(index, prefix),
            releases: renderer.doc_releases(&document.id.value, prefix),
        }
    }
}

/// What the rendering of one document makes once for all its editions
/// and places (its pages and print sections): the parts that read only
/// the document and the site's language. A daily SLA's chart and table
/// of a year were made four times (two pages, two print sections).
#[derive(Default)]
pub struct DocumentMemo {
    /// Converted for the templates and rendered (`Table::shown`) once: a
    /// daily SLA's table of a year was converted (and before that copied)
    /// and rendered for each of the four.
    results: std::cell::OnceCell<Option<templates::Shared>>,
    chart: std::cell::OnceCell<Option<chart::Drawn>>,
    /// The chart with each id it was given (one per place: page, print
    /// section), converted for the templates once for the editions.
    charts: std::cell::RefCell<Vec<(String, templates::Shared)>>,
}

impl DocumentMemo {
    /// The document's results table (`results::results_table`).
    pub(super) fn results_table(
        &self,
        make: impl FnOnce() -> Option<facts::Table>,
        templates: &templates::Templates,
    ) -> Result<Option<templates::Shared>, Diagnostic> {
        if let Some(table) = self.results.get() {
            return Ok(table.clone());
        }
        let table = make().map(|table| table.shown(templates)).transpose()?;
        Ok(self.results.get_or_init(|| table).clone())
    }

    /// The document's detail chart with `id` (empty without actuals).
    fn chart(&self, id: &str, make: impl FnOnce() -> Option<chart::Drawn>) -> templates::Shared {
        let mut charts = self.charts.borrow_mut();
        if let Some((_, chart)) = charts.iter().find(|(made, _)| made == id) {
            return chart.clone();
        }
        let chart = templates::Shared::text(
            &self
                .chart
                .get_or_init(make)
                .as_ref()
                .map(|drawn| drawn.with_id(id))
                .unwrap_or_default(),
        );
        charts.push((id.to_string(), chart.clone()));
        chart
    }
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

impl<'v, 'a> EditionRenderer<'v, 'a> {
    /// A document's fields and backlinks, with an empty body.
    pub(super) fn doc_context_without_body(
        &self,
        index: usize,
        prefix: &str,
        in_page: bool,
        memo: &DocumentMemo,
    ) -> Result<DocContext, Diagnostic> {
        let mut context = self.doc_fields(index, prefix, in_page, memo)?;
        context.backlinks = self.backlinks(index, prefix)?;
        Ok(context)
    }

    /// A document's backlinks, grouped by kind in menu order.
    pub(super) fn backlinks(
        &self,
        index: usize,
        prefix: &str,
    ) -> Result<Vec<BacklinkGroup>, Diagnostic> {
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
            let items: Vec<templates::Shared> = sources
                .iter()
                .filter(|&&source| self.documents()[source].kind == kind)
                .map(|&source| self.shared_link(source, prefix))
                .collect::<Result<_, _>>()?;
            if !items.is_empty() {
                backlinks.push(BacklinkGroup {
                    kind: kind.name(),
                    label: self.ui.kind_plural(kind),
                    items,
                });
            }
        }
        Ok(backlinks)
    }

    /// `doc_context_without_body` without the backlinks either (the
    /// built-in print page, which shows none). `memo`: what another
    /// edition or place already made of the document.
    pub(super) fn doc_fields(
        &self,
        index: usize,
        prefix: &str,
        in_page: bool,
        memo: &DocumentMemo,
    ) -> Result<DocContext, Diagnostic> {
        let document = &self.documents()[index];
        let facts = facts::of(document, self, prefix, memo)?;
        Ok(DocContext {
            id: document.id.value.clone(),
            kind: document.kind.name(),
            kind_label: self.ui.kind(document.kind),
            title: document.title.clone(),
            url: document.url().to_string(),
            audience: document.audience.clone(),
            internal: document.audience != "shared",
            status: document.status.name(),
            status_label: self.ui.status(document.status),
            owner: document.owner.clone(),
            updated: document.updated.map(|d| d.to_string()),
            review_by: document.review_by.as_ref().map(|d| d.value.to_string()),
            tags: document.tags.clone(),
            summary: facts.summary,
            chart: memo.chart(
                &views::chart_id(if in_page { "print" } else { "page" }, document),
                || self.drawn_chart(document, chart::FULL),
            ),
            facts: facts.facts,
            tables: facts.tables,
            body: templates::Shared::text(""),
            backlinks: Vec::new(),
            releases: self.doc_releases(&document.id.value, prefix),
            toc: Vec::new(),
            previous: None,
            next: None,
        })
    }

    /// Document `index`'s page written to `sink` (as last rendered if
    /// nothing it reads changed, else made from `parse()`, reusing the
    /// body another edition `made`), with its search entry (the snippet's
    /// text) and terms.
    pub(super) fn document_page_written<'b>(
        &self,
        index: usize,
        sink: &dyn Sink,
        made: &mut Option<MadeBody>,
        memo: &DocumentMemo,
        parse: impl Fn() -> &'b markdown::ParsedBody<'b>,
    ) -> Result<(Arc<search::Entry>, Arc<search::Terms>), Diagnostic> {
        let url = self.documents()[index].url();
        let failed = |error: std::io::Error| write_failed(url, &error);
        if let Some(page) = self.reuse.page(index) {
            sink.write_shared(url, page.html.clone()).map_err(failed)?;
            let (entry, terms) = (page.entry.clone(), page.terms.clone());
            self.reuse
                .keep_page(index, page.html, page.entry, page.terms);
            return Ok((entry, terms));
        }
        let (html, mut entry) = self.document_page(index, made, memo, parse())?;
        let terms = MadeBody::terms_of(made, &entry);
        entry.keep_snippet_only();
        let entry = Arc::new(entry);
        if self.reuse.keeps() {
            let html: Arc<[u8]> = Arc::from(html);
            sink.write_shared(url, html.clone()).map_err(failed)?;
            self.reuse
                .keep_page(index, html, entry.clone(), terms.clone());
        } else {
            sink.write(url, &html).map_err(failed)?;
        }
        Ok((entry, terms))
    }

    /// A document's page, and its entry in the search index (made from the
    /// same rendered text, so the index holds exactly what the page
    /// shows), reusing the body and text another edition `made` of this
    /// document when they come out the same here (its links answer the
    /// same, its summary reads the same), else making them and leaving
    /// them in `made` for the next edition.
    pub(super) fn document_page(
        &self,
        index: usize,
        made: &mut Option<MadeBody>,
        memo: &DocumentMemo,
        parsed: &markdown::ParsedBody<'_>,
    ) -> Result<(Vec<u8>, search::Entry), Diagnostic> {
        let document = &self.documents()[index];
        let prefix = root_prefix(1);
        let links = BodyLinks {
            view: self.view,
            source: document,
            prefix: &prefix,
            in_page: false,
        };
        let reusable = made
            .as_ref()
            .is_some_and(|made| made.log.answers_the_same(&links));
        let made = match made {
            Some(made) if reusable => made,
            _ => {
                let (body, log) = self.body_with_log(parsed, document, &prefix, false);
                made.insert(MadeBody {
                    text: search::html_to_text(&body),
                    toc: toc::long_page_contents(&body),
                    body: templates::Shared::text(&body),
                    body_len: body.len(),
                    log,
                    indexed: None,
                    page: None,
                })
            }
        };
        let reads = PageReads::of(self, index, &prefix);
        let page = match made.page.take() {
            Some(page) if page.reads == reads => page,
            _ => {
                let mut doc = self.doc_context_without_body(index, &prefix, false, memo)?;
                doc.body = made.body.clone();
                doc.toc = made.toc.clone();
                (doc.previous, doc.next) = reads.neighbours.clone();
                MadePage {
                    summary: doc.summary.clone(),
                    doc: templates::Shared::of(&doc)?,
                    reads,
                }
            }
        };
        let doc = page.doc.clone();
        let mut text = page.summary.clone().unwrap_or_default();
        text.push(' ');
        text.push_str(&made.text);
        let body_len = made.body_len;
        made.page = Some(page);
        let entry = search::Entry {
            id: document.id.value.clone(),
            title: document.title.clone(),
            kind_label: self.ui.kind(document.kind).to_string(),
            url: document.url().to_string(),
            tags: document.tags.clone(),
            text,
        };
        let mut breadcrumbs = vec![Crumb {
            title: self.ui.home.to_string(),
            url: [prefix.as_str(), "index.html"].concat(),
        }];
        if document.kind != Kind::Page {
            breadcrumbs.push(Crumb {
                title: self.ui.kind_plural(document.kind).to_string(),
                url: [prefix.as_str(), document.kind.name(), "/index.html"].concat(),
            });
        }
        let current = if document.kind == Kind::Page {
            [prefix.as_str(), document.url()].concat()
        } else {
            [prefix.as_str(), document.kind.name(), "/index.html"].concat()
        };
        // The page is about its body and the entry's text (HTML and text of
        // the same content) plus the menu and the frame.
        let size_hint = body_len + entry.text.len() + 8 * 1024;
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

    pub(super) fn kind_index_page(&self, kind: Kind) -> Result<String, Diagnostic> {
        let prefix = root_prefix(1);
        let items = self
            .view
            .of_kind(kind)
            .map(|index| {
                let document = &self.documents()[index];
                IndexItem {
                    id: document.id.value.clone(),
                    title: document.title.clone(),
                    url: [prefix.as_str(), document.url()].concat(),
                    summary: facts::summary(document, self),
                    status: document.status.name(),
                    status_label: self.ui.status(document.status),
                    internal: document.audience != "shared",
                }
            })
            .collect();
        let current = [prefix.as_str(), kind.name(), "/index.html"].concat();
        self.page(
            "kind_index.html",
            1,
            self.ui.kind_plural(kind).to_string(),
            vec![Crumb {
                title: self.ui.home.to_string(),
                url: [prefix.as_str(), "index.html"].concat(),
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

    pub(super) fn home_page(&self) -> Result<String, Diagnostic> {
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
                url: [prefix.as_str(), kind.name(), "/index.html"].concat(),
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

    pub(super) fn trace_page(&self) -> Result<String, Diagnostic> {
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

    pub(super) fn search_page(&self) -> Result<String, Diagnostic> {
        self.page(
            "search.html",
            0,
            self.ui.search.to_string(),
            Vec::new(),
            Some("search.html"),
            EmptyPage {},
        )
    }

    pub(super) fn not_found_page(&self) -> Result<String, Diagnostic> {
        self.page(
            "404.html",
            0,
            self.ui.not_found_title.to_string(),
            Vec::new(),
            None,
            EmptyPage {},
        )
    }
}
