//! The views that show the engagement at a glance: each kind's index page
//! (requirements by priority and channel, the SLA matrix, the training
//! schedule, FAQ by tag, the vendor comparison, the KPI dashboard) and the
//! traceability matrix. They list only what the edition holds; a document it
//! leaves out is neither shown nor counted as a gap.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use super::chart::{self, ChartWords};
use super::facts::{self, escape};
use super::{DocLink, EditionRenderer};
use crate::content::document::{
    Document, Kind, KindFields, Metric, Priority, RefField, RefSyntax, SlaTarget,
};

/// The IDs a front-matter field of `document` names.
pub fn field_ids(document: &Document, field: RefField) -> impl Iterator<Item = &str> {
    document
        .references
        .iter()
        .filter(move |reference| reference.syntax == RefSyntax::Field(field))
        .map(|reference| reference.target.as_str())
}

#[derive(Serialize)]
pub struct Cell {
    /// Safe HTML.
    pub html: String,
}

#[derive(Serialize)]
pub struct Matrix {
    pub caption: String,
    pub corner: String,
    pub columns: Vec<String>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Serialize)]
pub struct MatrixRow {
    pub header: String,
    pub cells: Vec<Cell>,
}

#[derive(Serialize)]
pub struct Group {
    pub title: String,
    pub items: Vec<DocLink>,
}

#[derive(Serialize)]
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    /// Safe HTML cells.
    pub rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
pub struct KpiCard {
    pub link: DocLink,
    pub chart: String,
    pub latest: Option<String>,
    pub target: String,
    pub met: Option<bool>,
    pub verdict: Option<String>,
}

/// What a kind's index page shows besides its list.
#[derive(Serialize, Default)]
pub struct KindView {
    pub groups: Vec<Group>,
    pub matrices: Vec<Matrix>,
    pub tables: Vec<Table>,
    pub cards: Vec<KpiCard>,
}

impl EditionRenderer<'_, '_> {
    fn t(&self, key: &str) -> String {
        self.words.text(key).to_string()
    }

    fn doc_link_html(&self, index: usize, prefix: &str, text: &str) -> String {
        let document = &self.documents()[index];
        format!(
            "<a href=\"{}{}\">{}</a>",
            escape(prefix),
            escape(&document.url()),
            escape(text)
        )
    }

    /// The view of a kind's index page.
    pub fn kind_view(&self, kind: Kind, prefix: &str) -> KindView {
        match kind {
            Kind::Requirement => self.requirement_view(prefix),
            Kind::Sla => self.sla_view(prefix),
            Kind::Training => self.training_view(prefix),
            Kind::Faq => self.faq_view(prefix),
            Kind::Vendor => self.vendor_view(prefix),
            Kind::Kpi => self.kpi_view(prefix),
            Kind::Page => KindView::default(),
        }
    }

    fn requirement_view(&self, prefix: &str) -> KindView {
        let mut view = KindView::default();
        for priority in [Priority::Must, Priority::Should, Priority::Could] {
            let items: Vec<DocLink> = self
                .view
                .of_kind(Kind::Requirement)
                .filter(|&i| matches!(&self.documents()[i].fields, KindFields::Requirement(r) if r.priority == priority))
                .map(|i| self.link(i, prefix))
                .collect();
            if !items.is_empty() {
                view.groups.push(Group {
                    title: self.words.priority(priority).to_string(),
                    items,
                });
            }
        }
        let config = &self.view.analysis.corpus.config;
        let rows = config
            .channels
            .iter()
            .map(|channel| {
                let html = self
                    .view
                    .of_kind(Kind::Requirement)
                    .filter(|&i| matches!(&self.documents()[i].fields, KindFields::Requirement(r) if r.channels.iter().any(|c| c.value == channel.id)))
                    .map(|i| {
                        let document = &self.documents()[i];
                        let priority = match &document.fields {
                            KindFields::Requirement(r) => self.words.priority(r.priority),
                            _ => "",
                        };
                        format!("{} <span class=\"badge\">{}</span>", self.doc_link_html(i, prefix, &document.title), escape(priority))
                    })
                    .collect::<Vec<_>>()
                    .join("<br>");
                MatrixRow {
                    header: channel.label.clone(),
                    cells: vec![Cell {
                        html: if html.is_empty() { format!("<span class=\"gap\">{}</span>", escape(&self.t("no_requirement"))) } else { html },
                    }],
                }
            })
            .collect();
        view.matrices.push(Matrix {
            caption: self.t("by_channel"),
            corner: self.words.label("channel").to_string(),
            columns: vec![self.ui.kind_plural(Kind::Requirement).to_string()],
            rows,
        });
        view
    }

    fn sla_view(&self, prefix: &str) -> KindView {
        let config = &self.view.analysis.corpus.config;
        let metrics = [
            Metric::FirstResponse,
            Metric::Resolution,
            Metric::Abandonment,
            Metric::Csat,
            Metric::Quality,
        ];
        let rows = config
            .channels
            .iter()
            .map(|channel| MatrixRow {
                header: channel.label.clone(),
                cells: metrics
                    .iter()
                    .map(|&metric| {
                        let html = self
                            .view
                            .of_kind(Kind::Sla)
                            .filter_map(|i| match &self.documents()[i].fields {
                                KindFields::Sla(sla) if sla.channel.value == channel.id && sla.metric == metric => {
                                    let target = match sla.target {
                                        SlaTarget::Duration(d) => self.words.duration(d),
                                        SlaTarget::Percent(p) => p.to_string(),
                                    };
                                    let text = match sla.attainment {
                                        Some(attainment) => format!("{attainment} ≤ {target}"),
                                        None => target,
                                    };
                                    let sentence = facts::summary(&self.documents()[i], self).unwrap_or_default();
                                    Some(format!(
                                        "<a href=\"{}{}\" title=\"{}\">{}</a> <span class=\"window\">{}</span>",
                                        escape(prefix),
                                        escape(&self.documents()[i].url()),
                                        escape(&sentence),
                                        escape(&text),
                                        escape(self.words.period_word(&sla.window))
                                    ))
                                }
                                _ => None,
                            })
                            .collect::<Vec<_>>()
                            .join("<br>");
                        Cell {
                            html: if html.is_empty() { "–".to_string() } else { html },
                        }
                    })
                    .collect(),
            })
            .collect();
        KindView {
            matrices: vec![Matrix {
                caption: self.t("sla_matrix"),
                corner: self.words.label("channel").to_string(),
                columns: metrics
                    .iter()
                    .map(|&m| self.words.metric(m).to_string())
                    .collect(),
                rows,
            }],
            ..KindView::default()
        }
    }

    fn training_view(&self, prefix: &str) -> KindView {
        let today = self.view.analysis.today;
        let mut rows = Vec::new();
        for i in self.view.of_kind(Kind::Training) {
            let document = &self.documents()[i];
            let KindFields::Training(training) = &document.fields else {
                continue;
            };
            let total: u64 = training.modules.iter().map(|m| m.duration.seconds).sum();
            let (start, refresh, next) = match &training.schedule {
                Some(schedule) => (
                    schedule.start.to_string(),
                    self.words.period_word(&schedule.refresh).to_string(),
                    next_session(schedule.start, &schedule.refresh, today)
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "–".to_string()),
                ),
                None => ("–".into(), "–".into(), "–".into()),
            };
            let modules = training
                .modules
                .iter()
                .map(|m| {
                    format!(
                        "{} <span class=\"muted\">({}, {})</span>",
                        escape(&m.title),
                        escape(&self.words.duration(m.duration)),
                        escape(self.words.module_format(&m.format))
                    )
                })
                .collect::<Vec<_>>()
                .join("<br>");
            rows.push(vec![
                self.doc_link_html(i, prefix, &document.title),
                escape(&start),
                escape(&refresh),
                escape(&next),
                escape(
                    &self
                        .words
                        .working_duration(crate::content::values::Duration { seconds: total }),
                ),
                modules,
            ]);
        }
        KindView {
            tables: vec![Table {
                caption: self.t("training_schedule"),
                headers: vec![
                    self.ui.kind(Kind::Training).to_string(),
                    self.t("start"),
                    self.t("refresh"),
                    self.t("next_session"),
                    self.t("total_duration"),
                    self.words.label("modules").to_string(),
                ],
                rows,
            }],
            ..KindView::default()
        }
    }

    fn faq_view(&self, prefix: &str) -> KindView {
        let mut by_tag: BTreeMap<&str, Vec<DocLink>> = BTreeMap::new();
        let mut untagged = Vec::new();
        for i in self.view.of_kind(Kind::Faq) {
            let document = &self.documents()[i];
            if document.tags.is_empty() {
                untagged.push(self.link(i, prefix));
            }
            for tag in &document.tags {
                by_tag.entry(tag).or_default().push(self.link(i, prefix));
            }
        }
        let mut groups: Vec<Group> = by_tag
            .into_iter()
            .map(|(tag, items)| Group {
                title: tag.to_string(),
                items,
            })
            .collect();
        if !untagged.is_empty() {
            groups.push(Group {
                title: self.t("untagged"),
                items: untagged,
            });
        }
        KindView {
            groups,
            ..KindView::default()
        }
    }

    fn vendor_view(&self, prefix: &str) -> KindView {
        let rows = self
            .view
            .of_kind(Kind::Vendor)
            .filter_map(|i| {
                let document = &self.documents()[i];
                let KindFields::Vendor(vendor) = &document.fields else {
                    return None;
                };
                Some(vec![
                    self.doc_link_html(i, prefix, &document.title),
                    escape(&self.words.years(vendor.experience_years)),
                    escape(&format!("{} / 5", vendor.rating)),
                    escape(self.words.quality(&vendor.quality)),
                    if vendor.selected {
                        format!("<strong>✓ {}</strong>", escape(self.words.yes_no(true)))
                    } else {
                        escape(self.words.yes_no(false))
                    },
                ])
            })
            .collect();
        KindView {
            tables: vec![Table {
                caption: self.t("vendor_comparison"),
                headers: vec![
                    self.ui.kind(Kind::Vendor).to_string(),
                    self.words.label("experience_years").to_string(),
                    self.words.label("rating").to_string(),
                    self.words.label("quality").to_string(),
                    self.words.label("selected").to_string(),
                ],
                rows,
            }],
            ..KindView::default()
        }
    }

    fn kpi_view(&self, prefix: &str) -> KindView {
        let cards = self
            .view
            .of_kind(Kind::Kpi)
            .filter_map(|i| {
                let document = &self.documents()[i];
                let KindFields::Kpi(kpi) = &document.fields else {
                    return None;
                };
                let latest = kpi.latest();
                let met = latest.map(|latest| kpi.is_met(&latest.value));
                Some(KpiCard {
                    link: self.link(i, prefix),
                    chart: self.kpi_chart(document, chart::SMALL, "card"),
                    latest: latest.map(|l| format!("{}: {}", l.period_text, l.value.text)),
                    target: kpi.target.text.clone(),
                    met,
                    verdict: met.map(|met| self.t(if met { "met" } else { "missed" })),
                })
            })
            .collect();
        KindView {
            cards,
            ..KindView::default()
        }
    }

    /// The SVG chart of a KPI document (empty when it has no actuals).
    pub fn kpi_chart(&self, document: &Document, size: chart::ChartSize, context: &str) -> String {
        let KindFields::Kpi(kpi) = &document.fields else {
            return String::new();
        };
        if kpi.actuals.is_empty() {
            return String::new();
        }
        let title = format!("{} – {}", document.title, self.t("chart_title"));
        let target = self.t("target_line");
        let met = self.t("met");
        let missed = self.t("missed");
        let id = format!("chart-{context}-{}", document.id.value.to_lowercase());
        chart::svg(
            kpi,
            &id,
            size,
            &ChartWords {
                title: &title,
                target: &target,
                met: &met,
                missed: &missed,
            },
        )
    }
}

/// The first session on or after `today`: the start, then every refresh.
pub fn next_session(start: Date, refresh: &str, today: Date) -> Option<Date> {
    if start >= today {
        return Some(start);
    }
    let step = match refresh {
        "monthly" => 1.month(),
        "quarterly" => 3.months(),
        "yearly" => 1.year(),
        _ => return None,
    };
    let mut date = start;
    // Bounded: a century of monthly sessions at most.
    for _ in 0..1_200 {
        if date >= today {
            return Some(date);
        }
        date = date.checked_add(step).ok()?;
    }
    None
}

/// One row of the traceability matrix.
#[derive(Serialize)]
pub struct TraceRow {
    pub requirement: DocLink,
    pub slas: Vec<TraceSla>,
    pub faqs: Vec<DocLink>,
    /// Gaps explained in words.
    pub gaps: Vec<String>,
}

#[derive(Serialize)]
pub struct TraceSla {
    pub link: DocLink,
    pub summary: String,
    /// "Plan – module" of each covering module.
    pub modules: Vec<TraceModule>,
    pub kpis: Vec<DocLink>,
}

/// The modules of one training plan that cover an SLA.
#[derive(Serialize)]
pub struct TraceModule {
    pub plan: DocLink,
    /// Module titles, joined.
    pub modules: String,
}

impl EditionRenderer<'_, '_> {
    /// Requirement → SLAs → training modules → KPIs → FAQs, with gaps.
    pub fn trace_rows(&self, prefix: &str) -> Vec<TraceRow> {
        let documents = self.documents();
        let visible_of = |kind: Kind| self.view.of_kind(kind).collect::<Vec<_>>();
        let slas = visible_of(Kind::Sla);
        let trainings = visible_of(Kind::Training);
        let kpis = visible_of(Kind::Kpi);
        let faqs = visible_of(Kind::Faq);
        let id_of = |i: usize| documents[i].id.value.as_str();
        self.view
            .of_kind(Kind::Requirement)
            .map(|requirement| {
                let requirement_id = id_of(requirement);
                let satisfying: Vec<usize> = slas
                    .iter()
                    .copied()
                    .filter(|&s| {
                        field_ids(&documents[s], RefField::Satisfies).any(|id| id == requirement_id)
                    })
                    .collect();
                let mut gaps = Vec::new();
                if satisfying.is_empty() {
                    gaps.push(self.words.gap_no_sla());
                }
                let trace_slas = satisfying
                    .iter()
                    .map(|&s| {
                        let sla_id = id_of(s);
                        let separator = if self.words.language == crate::config::Language::En {
                            "; "
                        } else {
                            "、"
                        };
                        let modules: Vec<TraceModule> = trainings
                            .iter()
                            .filter_map(|&t| {
                                let KindFields::Training(training) = &documents[t].fields else {
                                    return None;
                                };
                                let titles: Vec<&str> = training
                                    .modules
                                    .iter()
                                    .filter(|m| m.covers.iter().any(|c| c.value == sla_id))
                                    .map(|m| m.title.as_str())
                                    .collect();
                                (!titles.is_empty()).then(|| TraceModule {
                                    plan: self.link(t, prefix),
                                    modules: titles.join(separator),
                                })
                            })
                            .collect();
                        if modules.is_empty() {
                            gaps.push(self.words.gap_no_training(&documents[s].title));
                        }
                        TraceSla {
                            link: self.link(s, prefix),
                            summary: facts::summary(&documents[s], self).unwrap_or_default(),
                            modules,
                            kpis: kpis
                                .iter()
                                .copied()
                                .filter(|&k| {
                                    field_ids(&documents[k], RefField::Measures)
                                        .any(|id| id == sla_id)
                                })
                                .map(|k| self.link(k, prefix))
                                .collect(),
                        }
                    })
                    .collect();
                let related_ids: Vec<&str> = std::iter::once(requirement_id)
                    .chain(satisfying.iter().map(|&s| id_of(s)))
                    .collect();
                TraceRow {
                    requirement: self.link(requirement, prefix),
                    slas: trace_slas,
                    faqs: faqs
                        .iter()
                        .copied()
                        .filter(|&f| {
                            field_ids(&documents[f], RefField::Related)
                                .any(|id| related_ids.contains(&id))
                        })
                        .map(|f| self.link(f, prefix))
                        .collect(),
                    gaps,
                }
            })
            .collect()
    }
}
