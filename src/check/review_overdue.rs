//! `review-overdue` (warning): a document's `review_by` date has passed.
//!
//! Why: service levels, fees and processes change; a handbook both sides
//! trust is one whose owners re-read it when they said they would.

use super::Context;
use crate::diag::{Code, Diagnostic};

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let today = context.options.today;
    context
        .corpus
        .documents
        .iter()
        .filter_map(|document| {
            let review_by = document.review_by.as_ref()?;
            (review_by.value < today).then(|| {
                Diagnostic::new(
                    Code::ReviewOverdue,
                    &document.path,
                    review_by.pos,
                    format!(
                        "the review was due on {} (today is {today})",
                        review_by.value
                    ),
                )
                .with_help(match &document.owner {
                    Some(owner) => format!("ask {owner} to review it, then set a new `review_by`"),
                    None => "review the document, then set a new `review_by`".to_string(),
                })
            })
        })
        .collect()
}
