//! `kpi-missed` (warning): a KPI's latest actual misses its target.
//!
//! Why: the monthly review starts from the KPIs that are off target; a
//! handbook that shows them flagged is the agenda of that meeting. A value
//! equal to the target is met. Reported at the latest actual.

use super::Context;
use crate::content::document::KindFields;
use crate::diag::{Code, Diagnostic};

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for document in &context.corpus.documents {
        let KindFields::Kpi(kpi) = &document.fields else {
            continue;
        };
        if !context.is_active(document) {
            continue;
        }
        let Some(latest) = kpi.latest() else {
            continue;
        };
        if !kpi.is_met(&latest.value) {
            let direction = if kpi.higher_is_better {
                "at least"
            } else {
                "at most"
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::KpiMissed,
                    latest.source.as_deref().unwrap_or(&document.path),
                    latest.pos,
                    format!(
                        "the latest actual of `{}` ({}: {}) misses its target of {direction} {}",
                        document.id.value, latest.period_text, latest.value.text, kpi.target.text
                    ),
                )
                .with_help(
                    "agree corrective actions in the review and record them in the document",
                ),
            );
        }
    }
    diagnostics
}
