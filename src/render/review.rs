//! The monthly service review of an edition (spec section 6):
//! `review/index.html` (the months, newest first, with met and missed
//! counts and the credit total), `review/<YYYY-MM>.html` (the month's
//! scorecard, breaches, credits, requirements affected and documents whose
//! figures are missing) and `review/<YYYY-MM>.csv` (the scorecard for
//! spreadsheets, UTF-8 with a BOM). The print page's closing scorecard
//! (the latest month) is made here too. The model is
//! `evaluation::review`; this module only lays it out. The editions are
//! laid out together, month by month: a document's rows of a month are the
//! same in every edition that holds it, and are made once for them.

use std::collections::BTreeMap;
use std::collections::hash_map::Entry;

use serde::Serialize;

use super::facts::escape;
use super::results::{self, ResultWords};
use super::sink::Emit;
use super::{Crumb, DocLink, EditionRenderer, root_prefix};
use crate::config::Language;
use crate::content::document::{Document, KindFields};
use crate::diag::Diagnostic;
use crate::evaluation::decimal::Decimal;
use crate::evaluation::review::{self, Review, Row};
use crate::evaluation::{Change, Month};
use crate::templates;

/// The folder of the review pages in an edition.
pub const REVIEW_DIR: &str = "review";

#[derive(Serialize)]
struct MonthEntry {
    month: String,
    url: String,
    title: String,
    met: usize,
    missed: usize,
    credit_total: String,
}

#[derive(Serialize)]
struct ReviewIndexPage {
    intro: &'static str,
    words: Labels,
    months: Vec<MonthEntry>,
}

/// A row of a month's scorecard: its texts borrowed from the documents
/// and their actuals, its pieces shared (a month of a year of results has
/// thousands of rows, a daily SLA thirty of them): the link to its
/// document made once for the document's rows, the target once for the
/// rows under the same terms, the status and change once for the month,
/// each converted for the templates once and not per row.
#[derive(Serialize)]
struct ScorecardRow<'r> {
    /// `{id, title, url}` of the document.
    document: templates::Shared,
    kind_label: &'static str,
    period: &'r str,
    target: templates::Shared,
    actual: String,
    /// Safe HTML: the status in words and colour.
    status: templates::Shared,
    note: &'r str,
    /// Safe HTML: the change against the previous period, in words and
    /// with an arrow.
    change: templates::Shared,
}

/// A document's rows of a month's scorecard, as the templates receive
/// them (`scorecard.documents`): the document, its kind, its rows and
/// their `html` (made by `review_rows.html`).
#[derive(Serialize)]
struct DocumentRowsValue<'s> {
    document: &'s templates::Shared,
    kind_label: &'static str,
    rows: &'s templates::Shared,
    #[serde(skip_serializing_if = "Option::is_none")]
    html: Option<String>,
}

/// A document's rows of a month, made for the templates and as lines of
/// the month's CSV file: made once for the editions that hold the
/// document (`review_files`, and the print pages' scorecards).
struct DocumentRows {
    value: templates::Shared,
    csv: String,
}

/// Who may share a `DocumentRows`: the same month of the same document,
/// laid out by the same templates in the same language, for the same place
/// (the rows' links lead to pages relative to the review folder, or to
/// the print page's sections: the same in every edition).
type RowsKey = (
    Month,
    *const Document,
    *const templates::Templates,
    Language,
    Place,
);

/// Where rows link to.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Place {
    /// The review pages (`review/`).
    Review,
    /// The print page.
    Print,
}

/// Rows made by one edition, for the others (`DocumentRows`).
#[derive(Default)]
pub(super) struct RowsMemo(crate::fasthash::FastMap<RowsKey, DocumentRows>);

/// The HTML pieces a month's rows share, made once for the month.
struct RowPieces {
    status_met: templates::Shared,
    status_missed: templates::Shared,
    /// Better, worse, the same, no previous period.
    changes: [templates::Shared; 4],
}

impl RowPieces {
    fn of(words: &ResultWords) -> Self {
        let change_html = |change: Option<Change>| match change {
            Some(change) => format!(
                "<span class=\"change change-{}\"><span aria-hidden=\"true\">{}</span> {}</span>",
                change.name(),
                change.arrow(),
                escape(words.text(change.name()))
            ),
            None => format!(
                "<span class=\"muted\">{}</span>",
                escape(words.text("first_period"))
            ),
        };
        RowPieces {
            status_met: templates::Shared::text(&results::status_html(Some(true), words)),
            status_missed: templates::Shared::text(&results::status_html(Some(false), words)),
            changes: [
                Some(Change::Better),
                Some(Change::Worse),
                Some(Change::Same),
                None,
            ]
            .map(|change| templates::Shared::text(&change_html(change))),
        }
    }

    fn change(&self, change: Option<Change>) -> &templates::Shared {
        match change {
            Some(Change::Better) => &self.changes[0],
            Some(Change::Worse) => &self.changes[1],
            Some(Change::Same) => &self.changes[2],
            None => &self.changes[3],
        }
    }
}

#[derive(Serialize)]
struct BreachRow {
    document: DocLink,
    period: String,
    actual: String,
    target: String,
    credit: String,
}

/// The scorecard of one month, as the month's page and the print page
/// show it.
#[derive(Serialize)]
struct Scorecard {
    month: String,
    title: String,
    /// Each document's rows (`DocumentRowsValue`), in the review's order.
    documents: Vec<templates::Shared>,
    met: usize,
    missed: usize,
    breaches: Vec<BreachRow>,
    credit_total: String,
    credit_sum: String,
    capped: bool,
    cap: String,
    requirements: Vec<DocLink>,
    silent: Vec<DocLink>,
    csv_url: String,
}

#[derive(Serialize)]
struct ReviewMonthPage {
    words: Labels,
    scorecard: Scorecard,
}

/// The labels the review templates use (in the site's language).
#[derive(Serialize, Clone, Copy)]
struct Labels {
    /// The colon after a label ("：" in Chinese, ": " in English).
    colon: &'static str,
    month: &'static str,
    met_count: &'static str,
    missed_count: &'static str,
    credit_total: &'static str,
    scorecard: &'static str,
    document: &'static str,
    period: &'static str,
    target: &'static str,
    actual: &'static str,
    status: &'static str,
    note: &'static str,
    change: &'static str,
    breaches: &'static str,
    no_breaches: &'static str,
    credit: &'static str,
    month_total: &'static str,
    before_cap: &'static str,
    of_fee: &'static str,
    requirements_missed: &'static str,
    silent: &'static str,
    silent_intro: &'static str,
    download_csv: &'static str,
    latest_scorecard: &'static str,
    none: &'static str,
}

impl Labels {
    fn of(words: &ResultWords) -> Self {
        Labels {
            colon: if words.language == crate::config::Language::En {
                ": "
            } else {
                "："
            },
            month: words.text("month"),
            met_count: words.text("met_count"),
            missed_count: words.text("missed_count"),
            credit_total: words.text("credit_total"),
            scorecard: words.text("scorecard"),
            document: words.text("document"),
            period: words.text("period"),
            target: words.text("target"),
            actual: words.text("actual"),
            status: words.text("status"),
            note: words.text("note"),
            change: words.text("change"),
            breaches: words.text("breaches"),
            no_breaches: words.text("no_breaches"),
            credit: words.text("credit"),
            month_total: words.text("month_total"),
            before_cap: words.text("before_cap"),
            of_fee: words.text("of_fee"),
            requirements_missed: words.text("requirements_missed"),
            silent: words.text("silent"),
            silent_intro: words.text("silent_intro"),
            download_csv: words.text("download_csv"),
            latest_scorecard: words.text("latest_scorecard"),
            none: words.text("none"),
        }
    }
}

/// A credit as shown: at most two decimals and `%` (`1.5%`).
fn percent(decimal: Decimal) -> String {
    format!("{decimal}%")
}

impl<'a> EditionRenderer<'_, 'a> {
    fn result_words(&self) -> ResultWords {
        ResultWords {
            language: self.words.language,
        }
    }

    /// The edition's reviews, oldest first, from its documents in
    /// navigation order: made once, for the review pages and the print
    /// page's scorecard.
    fn reviews(&self) -> &[Review<'a>] {
        self.reviews.get_or_init(|| {
            let documents: Vec<&'a Document> = self
                .view
                .order
                .iter()
                .map(|&index| &*self.documents()[index])
                .collect();
            let cap = Decimal::parse(&self.view.analysis.corpus.config.credit_cap)
                .unwrap_or(Decimal::parse("100").unwrap_or_default());
            review::reviews(&documents, cap, &self.view.analysis.corpus.config.calendar)
        })
    }

    /// Whether the edition holds any measured result (the menu then lists
    /// the service reviews).
    pub(super) fn has_reviews(&self) -> bool {
        self.view.order.iter().any(|&index| {
            let document = &self.documents()[index];
            matches!(&document.fields, KindFields::Sla(sla) if !sla.actuals.is_empty())
                || matches!(&document.fields, KindFields::Kpi(kpi) if !kpi.actuals.is_empty())
        })
    }

    /// A link to a document: its page, or (`prefix` `None`) its section
    /// of the print page.
    fn link_to(&self, document: &Document, prefix: Option<&str>) -> DocLink {
        DocLink {
            id: document.id.value.clone(),
            title: document.title.clone(),
            url: match prefix {
                Some(prefix) => [prefix, document.url()].concat(),
                None => ["#", &super::print_anchor(document)].concat(),
            },
        }
    }

    /// The rows of one document in a month (`rows`, all of them its),
    /// with links to its page (`prefix`) or to its section of the print
    /// page (`None`), and their CSV lines if `csv`.
    fn document_rows(
        &self,
        rows: &[Row<'_>],
        prefix: Option<&str>,
        pieces: &RowPieces,
        csv: bool,
    ) -> Result<DocumentRows, Diagnostic> {
        let Some(first) = rows.first() else {
            return Ok(DocumentRows {
                value: templates::Shared::text(""),
                csv: String::new(),
            });
        };
        let document = first.document;
        let link = templates::Shared::of(&self.link_to(document, prefix))?;
        // A document's rows are mostly under the same terms: the target
        // made once for them.
        let mut last_target: Option<(*const KindFields, templates::Shared)> = None;
        let mut values = Vec::with_capacity(rows.len());
        for row in rows {
            let terms = crate::evaluation::terms_in_force(row.document, row.judged.actual);
            let target = match &last_target {
                Some((fields, text)) if std::ptr::eq(*fields, terms) => text.clone(),
                _ => {
                    let text = templates::Shared::text(&results::target_text(terms, &self.words));
                    last_target = Some((terms, text.clone()));
                    text
                }
            };
            values.push(ScorecardRow {
                document: link.clone(),
                kind_label: self.ui.kind(row.document.kind),
                period: &row.judged.actual.period_text,
                target,
                actual: results::value_text(&row.judged.actual.value.text, &self.words),
                status: if row.judged.met {
                    pieces.status_met.clone()
                } else {
                    pieces.status_missed.clone()
                },
                note: row.judged.actual.note.as_deref().unwrap_or_default(),
                change: pieces.change(row.judged.change).clone(),
            });
        }
        let values = templates::Shared::of(&values)?;
        let value = |html| DocumentRowsValue {
            document: &link,
            kind_label: self.ui.kind(document.kind),
            rows: &values,
            html,
        };
        // Room for the rows (each about 400 bytes of HTML).
        let html =
            self.templates
                .render_with("review_rows.html", &value(None), &[], 512 * rows.len())?;
        Ok(DocumentRows {
            value: templates::Shared::of(&value(Some(html)))?,
            csv: if csv { csv_lines(rows) } else { String::new() },
        })
    }

    /// The scorecard of `review`, its documents' rows given (`documents`).
    fn scorecard(
        &self,
        review: &Review<'_>,
        prefix: Option<&str>,
        documents: Vec<templates::Shared>,
    ) -> Result<Scorecard, Diagnostic> {
        let words = self.result_words();
        let month = review.month.to_string();
        Ok(Scorecard {
            title: words.review_title(&month),
            documents,
            met: review.met,
            missed: review.missed,
            breaches: review
                .breaches
                .iter()
                .map(|row| BreachRow {
                    document: self.link_to(row.document, prefix),
                    period: row.judged.actual.period_text.clone(),
                    actual: results::value_text(&row.judged.actual.value.text, &self.words),
                    target: results::target_text(
                        crate::evaluation::terms_in_force(row.document, row.judged.actual),
                        &self.words,
                    ),
                    credit: row
                        .credit_owed()
                        .map(percent)
                        .unwrap_or_else(|| words.text("no_credit").to_string()),
                })
                .collect(),
            credit_total: percent(review.credit_total),
            credit_sum: percent(review.credit_sum),
            capped: review.capped(),
            cap: self.view.analysis.corpus.config.credit_cap.clone(),
            requirements: review
                .requirements
                .iter()
                .map(|document| self.link_to(document, prefix))
                .collect(),
            silent: review
                .silent
                .iter()
                .map(|document| self.link_to(document, prefix))
                .collect(),
            csv_url: format!("{month}.csv"),
            month,
        })
    }

    /// `review/index.html` of the edition.
    fn review_index(&self, reviews: &[Review<'_>], emit: &mut Emit<'_>) -> Result<(), Diagnostic> {
        let words = self.result_words();
        let prefix = root_prefix(1);
        let index_url = format!("{REVIEW_DIR}/index.html");
        let months: Vec<MonthEntry> = reviews
            .iter()
            .rev()
            .map(|review| {
                let month = review.month.to_string();
                MonthEntry {
                    url: format!("{month}.html"),
                    title: words.review_title(&month),
                    met: review.met,
                    missed: review.missed,
                    credit_total: percent(review.credit_total),
                    month,
                }
            })
            .collect();
        let index = self.page_bytes(
            "review_index.html",
            1,
            words.text("reviews").to_string(),
            vec![Crumb {
                title: self.ui.home.to_string(),
                url: format!("{prefix}index.html"),
            }],
            Some(&index_url),
            ReviewIndexPage {
                intro: words.text("reviews_intro"),
                words: Labels::of(&words),
                months,
            },
            0,
        )?;
        emit(index_url, index);
        Ok(())
    }

    /// `review/<YYYY-MM>.html` and `.csv` of `review`, a document's rows
    /// taken from `made` when another edition made them, else made and
    /// left there.
    fn review_month(
        &self,
        review: &Review<'_>,
        made: &mut RowsMemo,
        emit: &mut Emit<'_>,
    ) -> Result<(), Diagnostic> {
        let words = self.result_words();
        let prefix = root_prefix(1);
        let pieces = RowPieces::of(&words);
        let mut documents = Vec::new();
        let mut csv = String::from(
            "\u{feff}id,title,channel,metric,period,target,actual,status,credit,note\r\n",
        );
        for rows in review
            .rows
            .chunk_by(|one, next| std::ptr::eq(one.document, next.document))
        {
            let document_rows =
                self.document_rows_once(made, review.month, rows, Some(&prefix), &pieces)?;
            documents.push(document_rows.value.clone());
            csv.push_str(&document_rows.csv);
        }
        let scorecard = self.scorecard(review, Some(&prefix), documents)?;
        let month = scorecard.month.clone();
        let page = self.page_bytes(
            "review_month.html",
            1,
            scorecard.title.clone(),
            vec![
                Crumb {
                    title: self.ui.home.to_string(),
                    url: format!("{prefix}index.html"),
                },
                Crumb {
                    title: words.text("reviews").to_string(),
                    url: "index.html".to_string(),
                },
            ],
            Some(&format!("{REVIEW_DIR}/index.html")),
            ReviewMonthPage {
                words: Labels::of(&words),
                scorecard,
            },
            0,
        )?;
        emit(format!("{REVIEW_DIR}/{month}.html"), page);
        emit(format!("{REVIEW_DIR}/{month}.csv"), csv.into_bytes());
        Ok(())
    }

    /// `document_rows` of `rows` (all of one document, in `month`), taken
    /// from `made` when another edition made them, else made and left
    /// there; links to the review pages (`prefix`) or the print page.
    fn document_rows_once<'m>(
        &self,
        made: &'m mut RowsMemo,
        month: Month,
        rows: &[Row<'_>],
        prefix: Option<&str>,
        pieces: &RowPieces,
    ) -> Result<&'m DocumentRows, Diagnostic> {
        let key: RowsKey = (
            month,
            // (A chunk of rows is never empty; an empty one would be the
            // empty rows `document_rows` makes.)
            rows.first()
                .map_or(std::ptr::null(), |row| std::ptr::from_ref(row.document)),
            self.templates as *const templates::Templates,
            self.words.language,
            if prefix.is_some() {
                Place::Review
            } else {
                Place::Print
            },
        );
        Ok(match made.0.entry(key) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                entry.insert(self.document_rows(rows, prefix, pieces, prefix.is_some())?)
            }
        })
    }

    /// The latest month's scorecard for the end of `print.html` (empty
    /// when the edition has no measured result); a document's rows taken
    /// from `made` when another edition's print page made them.
    pub(super) fn print_scorecard(&self, made: &mut RowsMemo) -> Result<String, Diagnostic> {
        let reviews = self.reviews();
        let Some(latest) = reviews.last() else {
            return Ok(String::new());
        };
        let words = self.result_words();
        let pieces = RowPieces::of(&words);
        let documents = latest
            .rows
            .chunk_by(|one, next| std::ptr::eq(one.document, next.document))
            .map(|rows| {
                self.document_rows_once(made, latest.month, rows, None, &pieces)
                    .map(|made| made.value.clone())
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.templates.render_with(
            "review_scorecard.html",
            &ReviewMonthPage {
                words: Labels::of(&words),
                scorecard: self.scorecard(latest, None, documents)?,
            },
            &[],
            0,
        )
    }
}

/// Every file of the service review of `editions` (each edition's through
/// its `emit`; none for an edition without measured results): month by
/// month, each month's pages of all editions together, so that a
/// document's rows, made by the first edition that holds it, serve the
/// others and are then dropped with the month.
pub(super) fn review_files(
    editions: &[&EditionRenderer<'_, '_>],
    emits: &mut [&mut Emit<'_>],
) -> Result<(), Diagnostic> {
    let mut months: BTreeMap<Month, Vec<(usize, &Review<'_>)>> = BTreeMap::new();
    for (place, (renderer, emit)) in editions.iter().zip(emits.iter_mut()).enumerate() {
        let reviews = renderer.reviews();
        if reviews.is_empty() {
            continue;
        }
        renderer.review_index(reviews, &mut **emit)?;
        for review in reviews {
            months
                .entry(review.month)
                .or_default()
                .push((place, review));
        }
    }
    for reviews in months.into_values() {
        let mut made = RowsMemo::default();
        for (place, review) in reviews {
            let (Some(renderer), Some(emit)) = (editions.get(place), emits.get_mut(place)) else {
                continue;
            };
            renderer.review_month(review, &mut made, &mut **emit)?;
        }
    }
    Ok(())
}

/// A document's rows as lines of the month's CSV file: UTF-8 (the file
/// starts with a BOM: Excel then reads Chinese correctly), CRLF rows,
/// RFC 4180 quoting, values as written in the sources.
fn csv_lines(rows: &[Row<'_>]) -> String {
    let mut csv = String::new();
    for row in rows {
        let document = row.document;
        let terms = crate::evaluation::terms_in_force(document, row.judged.actual);
        let (channel, metric) = match terms {
            KindFields::Sla(sla) => (sla.channel.value.as_str(), sla.metric.name()),
            _ => ("", ""),
        };
        let fields = [
            document.id.value.as_str(),
            &document.title,
            channel,
            metric,
            &row.judged.actual.period_text,
            &results::target_as_written(terms),
            &row.judged.actual.value.text,
            if row.judged.met { "met" } else { "missed" },
            &row.credit_owed().map(percent).unwrap_or_default(),
            row.judged.actual.note.as_deref().unwrap_or(""),
        ];
        for (index, field) in fields.iter().enumerate() {
            if index > 0 {
                csv.push(',');
            }
            push_csv_field(&mut csv, field);
        }
        csv.push_str("\r\n");
    }
    csv
}

/// Writes a CSV field, quoted when it holds a comma, a quote or a line
/// break.
fn push_csv_field(csv: &mut String, text: &str) {
    // (Bytes, not characters: the four are ASCII, and a search for a set
    // of characters decodes every one.)
    if text
        .bytes()
        .any(|byte| matches!(byte, b',' | b'"' | b'\n' | b'\r'))
    {
        csv.push('"');
        csv.push_str(&text.replace('"', "\"\""));
        csv.push('"');
    } else {
        csv.push_str(text);
    }
}
