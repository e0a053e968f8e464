//! The terms that judge a period (section 6): those of the current content
//! until releases exist, then those of the newest release dated on or
//! before the period's last day, so that tightening an SLA in a later
//! release does not judge earlier months again. The release history
//! (`release::History`) says which document state was in force; this
//! module turns that state's `target`, `attainment` and `credit` into the
//! typed fields an actual is judged by, once per analysis, and keeps them
//! on the actual (`Actual::terms`) where they differ from the current ones.

use std::sync::Arc;

use crate::content::Corpus;
use crate::content::document::{KindFields, Sla, SlaTarget};
use crate::content::values::{Duration, Percent};
use crate::release::History;
use crate::release::snapshot::DocumentState;

/// Sets `Actual::terms` on every SLA period whose release in force held
/// other terms than the current content.
pub fn apply_release_terms(corpus: &mut Corpus, history: &History) {
    for document in &mut corpus.documents {
        let KindFields::Sla(sla) = &document.fields else {
            continue;
        };
        // The terms without the figures, compared per period.
        let now = Sla {
            actuals: Vec::new(),
            ..sla.clone()
        };
        let overrides: Vec<Option<Arc<KindFields>>> = sla
            .actuals
            .iter()
            .map(|actual| {
                let last_day = super::last_day(actual.period)?;
                let state = history.terms_in_force(&document.id.value, last_day)?;
                let then = sla_as_released(&now, state)?;
                (then != now).then(|| Arc::new(KindFields::Sla(then)))
            })
            .collect();
        if overrides.iter().all(Option::is_none) {
            continue;
        }
        let document = Arc::make_mut(document);
        if let KindFields::Sla(sla) = &mut document.fields {
            for (actual, terms) in sla.actuals.iter_mut().zip(overrides) {
                actual.terms = terms;
            }
        }
    }
}

/// The SLA with the target, attainment and credit a release held (the
/// rest as now). `None` when the release's state is not an SLA of the same
/// metric or its values do not read back.
fn sla_as_released(now: &Sla, state: &DocumentState) -> Option<Sla> {
    if state.text_field("kind") != "sla" || state.text_field("metric") != now.metric.name() {
        return None;
    }
    let target_text = state.text_field("target");
    let credit = optional_percent(state, "credit")?;
    Some(Sla {
        target: match now.target {
            SlaTarget::Duration(_) => SlaTarget::Duration(Duration::read(target_text).ok()?),
            SlaTarget::Percent(_) => SlaTarget::Percent(Percent::parse(target_text).ok()?),
        },
        target_text: target_text.to_string(),
        attainment: optional_percent(state, "attainment")?,
        credit,
        credit_text: credit.map(|_| state.text_field("credit").to_string()),
        ..now.clone()
    })
}

/// An optional percentage field of a released state: `Some(None)` when
/// absent, `None` when it does not read back.
fn optional_percent(state: &DocumentState, field: &str) -> Option<Option<Percent>> {
    match state.fields.get(field) {
        None | Some(serde_json::Value::Null) => Some(None),
        Some(_) => Percent::parse(state.text_field(field)).ok().map(Some),
    }
}
