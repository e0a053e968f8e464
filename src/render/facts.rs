//! A document's kind-specific fields as a reader wants them: a summary
//! sentence, a table of facts (label → value) and, where a kind has them,
//! tables (training modules, KPI actuals). Values are HTML, escaped here;
//! references become links, or the neutral label when the edition leaves
//! their target out.

use super::EditionRenderer;
use super::i18n::SlaSentence;
use crate::content::document::{Document, KindFields, Located, Unit};

pub use super::fact::{Fact, Table};

pub struct Facts {
    pub summary: Option<String>,
    pub facts: Vec<Fact>,
    /// The tables, converted for the templates (`Table`).
    pub tables: Vec<crate::templates::Shared>,
}

/// Escapes text for HTML (one escaper for the whole site).
pub use crate::markdown::escape_html as escape;

impl EditionRenderer<'_, '_> {
    fn channel_label(&self, id: &str) -> String {
        self.view
            .analysis
            .corpus
            .config
            .channel(id)
            .map(|channel| channel.label.clone())
            .unwrap_or_else(|| id.to_string())
    }

    fn channel_list(&self, channels: &[Located<String>]) -> String {
        let labels: Vec<String> = channels
            .iter()
            .map(|channel| escape(&self.channel_label(&channel.value)))
            .collect();
        self.words.list(&labels)
    }

    /// Links to the documents named by a reference field.
    fn reference_links(&self, ids: &[&str], prefix: &str) -> String {
        let mut seen_left_out = false;
        let mut links = Vec::new();
        for id in ids {
            match self.view.by_id(id) {
                Some(index) => {
                    let link = self.link(index, prefix);
                    links.push(
                        [
                            "<a href=\"",
                            &escape(&link.url),
                            "\">",
                            &escape(&link.title),
                            "</a>",
                        ]
                        .concat(),
                    );
                }
                None if !seen_left_out => {
                    // One neutral label however many are left out: even
                    // their number is not the vendor's business.
                    seen_left_out = true;
                    links.push(format!(
                        "<span class=\"left-out\">{}</span>",
                        escape(self.ui.left_out)
                    ));
                }
                None => {}
            }
        }
        links.join(self.words.list_separator())
    }

    fn field_ids<'d>(
        &self,
        document: &'d Document,
        field: crate::content::document::RefField,
    ) -> Vec<&'d str> {
        document
            .references
            .iter()
            .filter(|reference| {
                reference.syntax == crate::content::document::RefSyntax::Field(field)
            })
            .map(|reference| reference.target.as_str())
            .collect()
    }

    fn timezone(&self) -> &str {
        &self.view.analysis.corpus.config.timezone_name
    }

    fn sla_sentence(&self, document: &Document) -> Option<String> {
        let KindFields::Sla(sla) = &document.fields else {
            return None;
        };
        let target = self.words.sla_target(sla.target);
        let channel = self.channel_label(&sla.channel.value);
        // Mid-sentence in English: "90% of live chat contacts" (but keep
        // acronyms such as "SMS" as written).
        let channel = match self.words.language {
            crate::config::Language::En => lower_first_word(&channel),
            _ => channel,
        };
        Some(
            self.words.sla_sentence(&SlaSentence {
                channel: &channel,
                metric: sla.metric,
                target,
                attainment: sla.attainment.map(|a| a.to_string()),
                window: &sla.window,
                hours: sla
                    .hours
                    .as_ref()
                    .map(|hours| self.words.hours(hours, self.timezone())),
            }),
        )
    }
}

/// "Live chat" → "live chat"; "SMS" stays "SMS".
fn lower_first_word(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

/// A one-line description of a document for lists.
pub fn summary(document: &Document, renderer: &EditionRenderer<'_, '_>) -> Option<String> {
    let summary = kind_summary(document, renderer);
    super::calendar::with_during_notice(document, renderer, summary)
}

fn kind_summary(document: &Document, renderer: &EditionRenderer<'_, '_>) -> Option<String> {
    let words = &renderer.words;
    match &document.fields {
        KindFields::Requirement(requirement) => {
            let channels: Vec<String> = requirement
                .channels
                .iter()
                .map(|c| renderer.channel_label(&c.value))
                .collect();
            Some(words.requirement_sentence(
                &channels,
                &words.hours(&requirement.hours, renderer.timezone()),
                words.priority(requirement.priority),
            ))
        }
        KindFields::Sla(_) => renderer.sla_sentence(document),
        KindFields::Training(training) => {
            let total: u64 = training.modules.iter().map(|m| m.duration.seconds).sum();
            Some(words.training_sentence(
                training.modules.len(),
                crate::content::values::Duration { seconds: total },
            ))
        }
        KindFields::Vendor(vendor) => Some(words.vendor_sentence(
            vendor.experience_years,
            vendor.rating,
            words.quality(&vendor.quality),
        )),
        KindFields::Kpi(kpi) => Some(words.kpi_sentence(
            &words.kpi_value(kpi.unit, &kpi.target),
            words.better(kpi.higher_is_better),
            words.period_word(kpi.frequency.name()),
        )),
        KindFields::Faq(_) | KindFields::Page | KindFields::Invalid => None,
    }
}

/// Everything the document page shows about the kind-specific fields.
pub fn of(
    document: &Document,
    renderer: &EditionRenderer<'_, '_>,
    prefix: &str,
    memo: &super::pages::DocumentMemo,
) -> Result<Facts, crate::diag::Diagnostic> {
    use crate::content::document::RefField;
    let words = &renderer.words;
    let mut facts = Vec::new();
    let mut tables = Vec::new();
    let mut fact = |field: &str, value: String| {
        if !value.is_empty() {
            facts.push(Fact {
                label: words.label(field),
                value,
            });
        }
    };
    match &document.fields {
        KindFields::Requirement(requirement) => {
            fact("channels", renderer.channel_list(&requirement.channels));
            fact(
                "hours",
                escape(&words.hours(&requirement.hours, renderer.timezone())),
            );
            fact("priority", escape(words.priority(requirement.priority)));
            if let Some(volume) = requirement.volume {
                fact("volume", escape(&words.per_month(volume)));
            }
        }
        KindFields::Sla(sla) => {
            fact(
                "channel",
                escape(&renderer.channel_label(&sla.channel.value)),
            );
            fact("metric", escape(words.metric(sla.metric)));
            fact("target", escape(&words.sla_target(sla.target)));
            if let Some(attainment) = sla.attainment {
                fact("attainment", escape(&attainment.to_string()));
            }
            fact("window", escape(words.period_word(&sla.window)));
            if let Some(hours) = &sla.hours {
                fact("hours", escape(&words.hours(hours, renderer.timezone())));
            }
            fact(
                "satisfies",
                renderer
                    .reference_links(&renderer.field_ids(document, RefField::Satisfies), prefix),
            );
            if let Some(credit) = sla.credit {
                fact("credit", escape(&credit.to_string()));
            }
        }
        KindFields::Training(training) => {
            if !training.participants.is_empty() {
                fact("participants", escape(&words.list(&training.participants)));
            }
            if let Some(schedule) = &training.schedule {
                fact(
                    "schedule",
                    escape(&words.schedule(
                        &schedule.start.to_string(),
                        words.period_word(&schedule.refresh),
                        schedule.refresh == "none",
                    )),
                );
            }
            if let Some(pass_mark) = training.pass_mark {
                fact("pass_mark", escape(&pass_mark.to_string()));
            }
            tables.push(Table {
                title: words.label("modules"),
                headers: vec![
                    words.label("modules"),
                    words.label("duration"),
                    words.label("format"),
                    words.label("covers"),
                ],
                rows: training
                    .modules
                    .iter()
                    .map(|module| {
                        let covers: Vec<&str> =
                            module.covers.iter().map(|c| c.value.as_str()).collect();
                        vec![
                            escape(&module.title),
                            escape(&words.duration(module.duration)),
                            escape(words.module_format(&module.format)),
                            renderer.reference_links(&covers, prefix),
                        ]
                    })
                    .collect(),
            });
        }
        KindFields::Faq(faq) => {
            if !faq.channels.is_empty() {
                fact("channels", renderer.channel_list(&faq.channels));
            }
            fact(
                "related",
                renderer.reference_links(&renderer.field_ids(document, RefField::Related), prefix),
            );
        }
        KindFields::Vendor(vendor) => {
            fact(
                "experience_years",
                escape(&words.years(vendor.experience_years)),
            );
            fact("rating", escape(&words.rating(vendor.rating)));
            fact("quality", escape(words.quality(&vendor.quality)));
            fact("selected", escape(words.yes_no(vendor.selected)));
        }
        KindFields::Kpi(kpi) => {
            let unit = match kpi.unit {
                Unit::Percent => "percent",
                Unit::Duration => "duration",
                Unit::Count => "count",
                Unit::Score => "score",
            };
            fact("unit", escape(words.unit(unit)));
            fact("target", escape(&words.kpi_value(kpi.unit, &kpi.target)));
            fact("better", escape(words.better(kpi.higher_is_better)));
            fact("frequency", escape(words.period_word(kpi.frequency.name())));
            fact(
                "measures",
                renderer.reference_links(&renderer.field_ids(document, RefField::Measures), prefix),
            );
        }
        KindFields::Page | KindFields::Invalid => {}
    }
    let templates = renderer.templates;
    let mut shown = tables
        .iter()
        .map(|table| table.shown(templates))
        .collect::<Result<Vec<_>, _>>()?;
    // Every measured period of an SLA or KPI (section 6).
    shown.extend(memo.results_table(
        || {
            super::results::results_table(
                document,
                words,
                &super::results::ResultWords {
                    language: words.language,
                },
            )
        },
        templates,
    )?);
    let mut calendar_tables = Vec::new();
    super::calendar::document_facts(document, renderer, &mut facts, &mut calendar_tables);
    for table in &calendar_tables {
        shown.push(table.shown(templates)?);
    }
    Ok(Facts {
        summary: summary(document, renderer),
        facts,
        tables: shown,
    })
}
