//! `link-to-retired` (warning): a link to a retired document.
//!
//! Why: a retired document is kept for the record; sending a reader there
//! from current guidance points them at rules that no longer apply.

use super::Context;
use crate::content::document::Status;
use crate::diag::{Code, Diagnostic};

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let documents = &context.corpus.documents;
    let mut diagnostics = Vec::new();
    for (index, document) in documents.iter().enumerate() {
        if document.status == Status::Retired {
            continue;
        }
        for (reference, target_index) in context.landed_references(index) {
            let target = &documents[target_index];
            if target.status == Status::Retired && target_index != index {
                diagnostics.push(
                    Diagnostic::new(
                        Code::LinkToRetired,
                        &document.path,
                        reference.pos,
                        format!("`{}` is retired", target.id.value),
                    )
                    .with_help("point to the document that replaced it, or remove the link"),
                );
            }
        }
    }
    diagnostics
}
