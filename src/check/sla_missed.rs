//! `sla-missed` (warning): an SLA's latest actual misses its target.
//!
//! Why: a missed service level is a breach of the contract annex; the
//! monthly review settles its credits, and until the next period is met
//! the handbook should say so where everyone sees it. Judged by the terms
//! in force for the period (`evaluation::terms_in_force`); reported at the
//! latest actual's value, in front matter or in its data file.

use super::Context;
use crate::content::document::{KindFields, SlaTarget};
use crate::diag::{Code, Diagnostic};
use crate::evaluation;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for document in &context.corpus.documents {
        let KindFields::Sla(sla) = &document.fields else {
            continue;
        };
        if !context.is_active(document) {
            continue;
        }
        let Some(latest) = sla.actuals.iter().max_by_key(|actual| actual.period) else {
            continue;
        };
        if evaluation::status(document) != Some(false) {
            continue;
        }
        let promise = match (sla.target, sla.attainment) {
            (SlaTarget::Duration(target), Some(attainment)) => {
                format!("at least {attainment} within {target}")
            }
            (SlaTarget::Duration(target), None) => format!("at most {target}"),
            (SlaTarget::Percent(target), _) if sla.metric.name() == "abandonment" => {
                format!("at most {target}")
            }
            (SlaTarget::Percent(target), _) => format!("at least {target}"),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::SlaMissed,
                latest.source.as_deref().unwrap_or(&document.path),
                latest.pos,
                format!(
                    "the latest actual of `{}` ({}: {}) misses its target of {promise}",
                    document.id.value, latest.period_text, latest.value.text
                ),
            )
            .with_help("agree corrective actions in the service review; the month's credits are on its review page"),
        );
    }
    diagnostics
}
