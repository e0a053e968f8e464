//! The monthly service review of an edition (spec section 6):
//! `review/index.html` (the months, newest first, with met and missed
//! counts and the credit total), `review/<YYYY-MM>.html` (the month's
//! scorecard, breaches, credits, requirements affected and documents whose
//! figures are missing) and `review/<YYYY-MM>.csv` (the scorecard for
//! spreadsheets, UTF-8 with a BOM). The print page's closing scorecard
//! (the latest month) is made here too. The model is
//! `evaluation::review`; this module only lays it out.

use serde::Serialize;

use super::facts::escape;
use super::results::{self, ResultWords};
use super::{Crumb, DocLink, EditionRenderer, root_prefix};
use crate::content::document::{Document, KindFields};
use crate::diag::Diagnostic;
use crate::evaluation::Change;
use crate::evaluation::decimal::Decimal;
use crate::evaluation::review::{self, Review};
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
/// thousands of rows per edition, a daily SLA thirty of them): the link
/// to its document made once for the document's rows, the target once
/// for the rows under the same terms, the status and change once for the
/// month, each converted for the templates once and not per row.
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
struct Scorecard<'r> {
    month: String,
    title: String,
    rows: Vec<ScorecardRow<'r>>,
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
struct ReviewMonthPage<'r> {
    words: Labels,
    scorecard: Scorecard<'r>,
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
                Some(prefix) => format!("{prefix}{}", document.url()),
                None => format!("#{}", super::print_anchor(document)),
            },
        }
    }

    fn scorecard<'r>(
        &self,
        review: &'r Review<'_>,
        prefix: Option<&str>,
    ) -> Result<Scorecard<'r>, Diagnostic> {
        let words = self.result_words();
        // The few pieces of HTML rows share, made once for the month.
        let status_met = templates::Shared::text(&results::status_html(Some(true), &words));
        let status_missed = templates::Shared::text(&results::status_html(Some(false), &words));
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
        let changes = [
            Some(Change::Better),
            Some(Change::Worse),
            Some(Change::Same),
            None,
        ]
        .map(|change| templates::Shared::text(&change_html(change)));
        // A document's rows follow one another, mostly under the same
        // terms: its link and its target made once for them.
        let mut last_link: Option<(*const Document, templates::Shared)> = None;
        let mut last_target: Option<(*const KindFields, templates::Shared)> = None;
        let mut rows = Vec::with_capacity(review.rows.len());
        for row in &review.rows {
            let document = match &last_link {
                Some((document, link)) if std::ptr::eq(*document, row.document) => link.clone(),
                _ => {
                    let link = templates::Shared::of(&self.link_to(row.document, prefix))?;
                    last_link = Some((row.document, link.clone()));
                    link
                }
            };
            let terms = crate::evaluation::terms_in_force(row.document, row.judged.actual);
            let target = match &last_target {
                Some((fields, text)) if std::ptr::eq(*fields, terms) => text.clone(),
                _ => {
                    let text = templates::Shared::text(&results::target_text(terms, &self.words));
                    last_target = Some((terms, text.clone()));
                    text
                }
            };
            let change = match row.judged.change {
                Some(Change::Better) => &changes[0],
                Some(Change::Worse) => &changes[1],
                Some(Change::Same) => &changes[2],
                None => &changes[3],
            };
            rows.push(ScorecardRow {
                document,
                kind_label: self.ui.kind(row.document.kind),
                period: &row.judged.actual.period_text,
                target,
                actual: results::value_text(&row.judged.actual.value.text, &self.words),
                status: if row.judged.met {
                    status_met.clone()
                } else {
                    status_missed.clone()
                },
                note: row.judged.actual.note.as_deref().unwrap_or_default(),
                change: change.clone(),
            });
        }
        let month = review.month.to_string();
        Ok(Scorecard {
            title: words.review_title(&month),
            rows,
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

    /// Every file of the service review, by path, emitted month by month
    /// as made (none when the edition holds no measured result).
    pub(super) fn review_files(&self, emit: &mut super::sink::Emit<'_>) -> Result<(), Diagnostic> {
        let reviews = self.reviews();
        if reviews.is_empty() {
            return Ok(());
        }
        let words = self.result_words();
        let labels = Labels::of(&words);
        let prefix = root_prefix(1);
        let index_url = format!("{REVIEW_DIR}/index.html");
        let home = Crumb {
            title: self.ui.home.to_string(),
            url: format!("{prefix}index.html"),
        };
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
                title: home.title.clone(),
                url: home.url.clone(),
            }],
            Some(&index_url),
            ReviewIndexPage {
                intro: words.text("reviews_intro"),
                words: labels,
                months,
            },
            0,
        )?;
        emit(index_url.clone(), index);
        for review in reviews {
            let scorecard = self.scorecard(review, Some(&prefix))?;
            let month = scorecard.month.clone();
            let page = self.page_bytes(
                "review_month.html",
                1,
                scorecard.title.clone(),
                vec![
                    Crumb {
                        title: home.title.clone(),
                        url: home.url.clone(),
                    },
                    Crumb {
                        title: words.text("reviews").to_string(),
                        url: "index.html".to_string(),
                    },
                ],
                Some(&index_url),
                ReviewMonthPage {
                    words: labels,
                    scorecard,
                },
                0,
            )?;
            emit(format!("{REVIEW_DIR}/{month}.html"), page);
            emit(format!("{REVIEW_DIR}/{month}.csv"), self.review_csv(review));
        }
        Ok(())
    }

    /// The month's scorecard for spreadsheets: UTF-8 with a BOM (Excel
    /// then reads Chinese correctly), CRLF rows, RFC 4180 quoting, values
    /// as written in the sources.
    fn review_csv(&self, review: &Review<'_>) -> Vec<u8> {
        let mut csv = String::from(
            "\u{feff}id,title,channel,metric,period,target,actual,status,credit,note\r\n",
        );
        for row in &review.rows {
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
        csv.into_bytes()
    }

    /// The latest month's scorecard for the end of `print.html` (empty
    /// when the edition has no measured result).
    pub(super) fn print_scorecard(&self) -> Result<String, Diagnostic> {
        let reviews = self.reviews();
        let Some(latest) = reviews.last() else {
            return Ok(String::new());
        };
        let words = self.result_words();
        self.templates.render_with(
            "review_scorecard.html",
            &ReviewMonthPage {
                words: Labels::of(&words),
                scorecard: self.scorecard(latest, None)?,
            },
            &[],
        )
    }
}

/// Writes a CSV field, quoted when it holds a comma, a quote or a line
/// break.
fn push_csv_field(csv: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        csv.push('"');
        csv.push_str(&text.replace('"', "\"\""));
        csv.push('"');
    } else {
        csv.push_str(text);
    }
}
