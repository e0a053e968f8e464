//! The views that show the engagement at a glance: each kind's index page
//! (requirements by priority and channel, the SLA matrix, the training
//! schedule, FAQ by tag, the vendor comparison, the KPI dashboard) and the
//! traceability matrix. They list only what the edition holds; a document it
//! leaves out is neither shown nor counted as a gap.

use std::collections::{BTreeMap, HashMap};

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
    /// `<br>` and the current status of an SLA or KPI with actuals, in
    /// words and colour (section 6); empty without actuals.
    fn status_suffix(&self, document: &Document) -> String {
        let words = super::results::ResultWords {
            language: self.words.language,
        };
        super::results::current_status_html(document, &words)
            .map(|status| format!("<br>{status}"))
            .unwrap_or_default()
    }

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
                                        "<a href=\"{}{}\" title=\"{}\">{}</a> <span class=\"window\">{}</span>{}",
                                        escape(prefix),
                                        escape(&self.documents()[i].url()),
                                        escape(&sentence),
                                        escape(&text),
                                        escape(self.words.period_word(&sla.window)),
                                        self.status_suffix(&self.documents()[i]),
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

    /// The SVG chart of an SLA's or KPI's measured periods (empty when it
    /// has no actuals).
    pub fn kpi_chart(&self, document: &Document, size: chart::ChartSize, context: &str) -> String {
        let Some(series) = super::results::series(document, &self.words) else {
            return String::new();
        };
        let title = format!("{} – {}", document.title, self.t("chart_title"));
        let target = self.t("target_line");
        let met = self.t("met");
        let missed = self.t("missed");
        let id = format!("chart-{context}-{}", document.id.value.to_lowercase());
        chart::svg(
            &series,
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
    /// Safe HTML: the current status in words and colour (empty without
    /// actuals).
    pub status: String,
    /// The same for each of `kpis`.
    pub kpi_statuses: Vec<String>,
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
        let id_of = |i: usize| documents[i].id.value.as_str();
        // One pass over each kind builds the lookups (ID → the documents
        // pointing at it), so the matrix costs O(documents), not O(n²).
        let mut satisfied_by: HashMap<&str, Vec<usize>> = HashMap::new();
        for s in self.view.of_kind(Kind::Sla) {
            for id in field_ids(&documents[s], RefField::Satisfies) {
                satisfied_by.entry(id).or_default().push(s);
            }
        }
        let mut covered_by: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
        for t in self.view.of_kind(Kind::Training) {
            if let KindFields::Training(training) = &documents[t].fields {
                for module in &training.modules {
                    for covered in &module.covers {
                        covered_by
                            .entry(covered.value.as_str())
                            .or_default()
                            .push((t, module.title.as_str()));
                    }
                }
            }
        }
        let mut measured_by: HashMap<&str, Vec<usize>> = HashMap::new();
        for k in self.view.of_kind(Kind::Kpi) {
            for id in field_ids(&documents[k], RefField::Measures) {
                measured_by.entry(id).or_default().push(k);
            }
        }
        let mut related_to: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut faq_rank: HashMap<usize, usize> = HashMap::new();
        for (rank, f) in self.view.of_kind(Kind::Faq).enumerate() {
            faq_rank.insert(f, rank);
            for id in field_ids(&documents[f], RefField::Related) {
                related_to.entry(id).or_default().push(f);
            }
        }
        let separator = if self.words.language == crate::config::Language::En {
            "; "
        } else {
            "、"
        };
        self.view
            .of_kind(Kind::Requirement)
            .map(|requirement| {
                let requirement_id = id_of(requirement);
                let mut satisfying: Vec<usize> = satisfied_by
                    .get(requirement_id)
                    .cloned()
                    .unwrap_or_default();
                satisfying.dedup();
                let mut gaps = Vec::new();
                if satisfying.is_empty() {
                    gaps.push(self.words.gap_no_sla());
                }
                let trace_slas = satisfying
                    .iter()
                    .map(|&s| {
                        let sla_id = id_of(s);
                        // Modules grouped by plan, plans in navigation order.
                        let mut by_plan: Vec<(usize, Vec<&str>)> = Vec::new();
                        for &(plan, title) in covered_by
                            .get(sla_id)
                            .map(Vec::as_slice)
                            .unwrap_or_default()
                        {
                            match by_plan.iter_mut().find(|(p, _)| *p == plan) {
                                Some((_, titles)) => {
                                    if !titles.contains(&title) {
                                        titles.push(title);
                                    }
                                }
                                None => by_plan.push((plan, vec![title])),
                            }
                        }
                        let modules: Vec<TraceModule> = by_plan
                            .into_iter()
                            .map(|(plan, titles)| TraceModule {
                                plan: self.link(plan, prefix),
                                modules: titles.join(separator),
                            })
                            .collect();
                        if modules.is_empty() {
                            gaps.push(self.words.gap_no_training(&documents[s].title));
                        }
                        let mut kpis = measured_by.get(sla_id).cloned().unwrap_or_default();
                        kpis.dedup();
                        TraceSla {
                            link: self.link(s, prefix),
                            status: self.status_suffix(&documents[s]),
                            kpi_statuses: kpis
                                .iter()
                                .map(|&k| self.status_suffix(&documents[k]))
                                .collect(),
                            summary: facts::summary(&documents[s], self).unwrap_or_default(),
                            modules,
                            kpis: kpis.into_iter().map(|k| self.link(k, prefix)).collect(),
                        }
                    })
                    .collect();
                let mut related: Vec<usize> = std::iter::once(requirement_id)
                    .chain(satisfying.iter().map(|&s| id_of(s)))
                    .flat_map(|id| related_to.get(id).cloned().unwrap_or_default())
                    .collect();
                // Navigation order, each FAQ once.
                related.sort_by_key(|f| faq_rank.get(f).copied());
                related.dedup();
                TraceRow {
                    requirement: self.link(requirement, prefix),
                    slas: trace_slas,
                    faqs: related.into_iter().map(|f| self.link(f, prefix)).collect(),
                    gaps,
                }
            })
            .collect()
    }
}
