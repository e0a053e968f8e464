//! `link-to-left-out` (warning): a document links to one that an edition
//! containing it leaves out.
//!
//! Why: in that edition the link becomes plain text (the left-out document
//! must leave no trace), so the reader meets a dead reference. Usually a
//! shared page pointing at an internal one by mistake.

use super::Context;
use crate::content::document::Status;
use crate::diag::{Code, Diagnostic};
use crate::edition::Edition;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let corpus = context.corpus;
    let editions: Vec<Edition<'_>> = corpus
        .config
        .editions
        .iter()
        .map(|config| Edition::new(config, context.options.include_drafts))
        .collect();
    // Which edition has which document, worked out once (not per link).
    let has: Vec<Vec<bool>> = editions
        .iter()
        .map(|edition| {
            corpus
                .documents
                .iter()
                .map(|d| edition.contains(d))
                .collect()
        })
        .collect();
    let mut diagnostics = Vec::new();
    for (index, document) in corpus.documents.iter().enumerate() {
        for (reference, target_index) in context.landed_references(index) {
            let target = &corpus.documents[target_index];
            // A left-out draft is already an error (`reference-to-draft`).
            if target.status == Status::Draft && !context.options.include_drafts {
                continue;
            }
            let leaving_out: Vec<&str> = editions
                .iter()
                .zip(&has)
                .filter(|(_, has)| has[index] && !has[target_index])
                .map(|(edition, _)| edition.name())
                .collect();
            if !leaving_out.is_empty() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::LinkToLeftOut,
                        &document.path,
                        reference.pos,
                        format!(
                            "`{}` (audience `{}`) is left out of the {} edition{}, where this link becomes plain text",
                            target.id.value,
                            target.audience,
                            leaving_out.join(", "),
                            if leaving_out.len() > 1 { "s" } else { "" }
                        ),
                    )
                    .with_help(format!(
                        "remove the link, or move this document to the audience `{}` as well",
                        target.audience
                    )),
                );
            }
        }
    }
    diagnostics
}
