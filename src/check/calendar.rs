//! The calendar's ties to the documents (section 7):
//!
//! - `dangling-reference` (error): a `during` that names no peak of the
//!   calendar; `wrong-reference-kind` (error): one that names a document;
//!   both at the value of `during`.
//! - `calendar-conflict` (error): a peak whose ID a document has too, at
//!   the peak's `id` in `playbook.yaml` (IDs are one namespace: a reader
//!   who sees `PEAK-1111` must know what it names).
//!
//! - `invalid-value` (error): an actual of an SLA with `during` whose
//!   period lies wholly outside its peak (section 6), at the period, in
//!   the front matter or the data file it is written in.
//!
//! Why: a peak SLA whose peak does not exist would silently never apply,
//! and a figure for a day the peak SLA did not apply judges nothing.

use super::Context;
use crate::config::CONFIG_FILE;
use crate::content::document::KindFields;
use crate::diag::{Code, Diagnostic, suggestion};

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let calendar = &context.corpus.config.calendar;
    let mut diagnostics = Vec::new();
    for peak in &calendar.peaks {
        if let Some(&index) = context.graph.by_id.get(&peak.id) {
            let document = &context.corpus.documents[index];
            diagnostics.push(
                Diagnostic::new(
                    Code::CalendarConflict,
                    CONFIG_FILE,
                    peak.id_pos,
                    format!(
                        "peak `{}` has the ID of the document `{}`",
                        peak.id, document.path
                    ),
                )
                .with_help(
                    "IDs name one thing each: rename the peak (and every `during` naming it)",
                ),
            );
        }
    }
    for document in &context.corpus.documents {
        let terms = match &document.fields {
            KindFields::Requirement(requirement) => &requirement.calendar,
            KindFields::Sla(sla) => &sla.calendar,
            _ => continue,
        };
        let Some(during) = &terms.during else {
            continue;
        };
        if let Some(peak) = calendar.peak(&during.value) {
            if let KindFields::Sla(sla) = &document.fields {
                diagnostics.extend(actuals_outside(document, &sla.actuals, peak));
            }
            continue;
        }
        let diagnostic = match context.graph.by_id.get(&during.value) {
            Some(&index) => Diagnostic::new(
                Code::WrongReferenceKind,
                &document.path,
                during.pos,
                format!(
                    "`during` must name a calendar peak, but `{}` is a {}",
                    during.value,
                    context.corpus.documents[index].kind.name()
                ),
            ),
            None => Diagnostic::new(
                Code::DanglingReference,
                &document.path,
                during.pos,
                format!("`playbook.yaml` has no peak `{}`", during.value),
            ),
        };
        let help = suggestion(&during.value, calendar.peaks.iter().map(|p| p.id.as_str()))
            .unwrap_or_else(|| {
                if calendar.peaks.is_empty() {
                    "declare the peak under `calendar.peaks` in `playbook.yaml`".to_string()
                } else {
                    let ids: Vec<&str> = calendar.peaks.iter().map(|p| p.id.as_str()).collect();
                    format!("the peaks are: {}", ids.join(", "))
                }
            });
        diagnostics.push(diagnostic.with_help(help));
    }
    diagnostics
}

/// `invalid-value` for each actual whose period has no day in the peak.
fn actuals_outside<'d>(
    document: &'d crate::content::document::Document,
    actuals: &'d [crate::content::document::Actual],
    peak: &'d crate::calendar::Peak,
) -> impl Iterator<Item = Diagnostic> + 'd {
    actuals.iter().filter_map(move |actual| {
        let first = crate::evaluation::first_day(actual.period)?;
        let last = crate::evaluation::last_day(actual.period)?;
        if last >= peak.from && first <= peak.to {
            return None;
        }
        let path = actual.source.as_deref().unwrap_or(&document.path);
        Some(
            Diagnostic::new(
                Code::InvalidValue,
                path,
                actual.period_pos,
                format!(
                    "`{}` applies only during `{}` ({} to {}), but this period `{}` lies outside it",
                    document.id.value, peak.id, peak.from, peak.to, actual.period_text
                ),
            )
            .with_help("remove the figure, or record it for a period within the peak"),
        )
    })
}
