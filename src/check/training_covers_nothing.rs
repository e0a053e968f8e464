//! `training-covers-nothing` (warning): a training plan none of whose
//! modules `covers` any document.
//!
//! Why: `covers` is how the handbook proves that what was promised is
//! taught; a plan that covers nothing cannot be traced to any requirement,
//! SLA or FAQ, and the traceability matrix cannot show it. Reported at the
//! plan's `id`.

use super::Context;
use crate::content::document::KindFields;
use crate::diag::{Code, Diagnostic};

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    context
        .corpus
        .documents
        .iter()
        .filter(|document| context.is_active(document))
        .filter_map(|document| match &document.fields {
            KindFields::Training(training)
                if training.modules.iter().all(|m| m.covers.is_empty()) =>
            {
                Some(
                    Diagnostic::new(
                        Code::TrainingCoversNothing,
                        &document.path,
                        document.id.pos,
                        format!("no module of `{}` covers any document", document.id.value),
                    )
                    .with_help("list in each module's `covers` the SLAs, FAQs or pages it teaches"),
                )
            }
            _ => None,
        })
        .collect()
}
