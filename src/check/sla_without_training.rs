//! `sla-without-training` (warning): no training module covers an SLA.
//!
//! Why: agents cannot meet a service level nobody taught them; every
//! commitment in the contract should show up in some module's `covers`.
//! Reported at the SLA's `id`.

use super::Context;
use crate::content::document::{Kind, RefField};
use crate::diag::{Code, Diagnostic};

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let documents = &context.corpus.documents;
    let mut covered = vec![false; documents.len()];
    for (index, document) in documents.iter().enumerate() {
        // A plan with errors elsewhere still says what it covers.
        if document.kind == Kind::Training && context.is_active(document) {
            for target in context.field_targets(index, RefField::Covers) {
                covered[target] = true;
            }
        }
    }
    documents
        .iter()
        .enumerate()
        .filter(|(index, document)| {
            document.kind == Kind::Sla
                && context.is_active(document)
                && !covered[*index]
                && !context.named_by_broken_file(document)
        })
        .map(|(_, document)| {
            Diagnostic::new(
                Code::SlaWithoutTraining,
                &document.path,
                document.id.pos,
                format!("no training module covers `{}`", document.id.value),
            )
            .with_help(format!(
                "add `{}` to the `covers` of the module that teaches it",
                document.id.value
            ))
        })
        .collect()
}
