//! `duplicate-id`: two documents declare the same ID.
//!
//! Why: an ID is a document's address; links through it must mean one
//! thing. The later file (by path) is reported, naming the earlier one.

use super::Context;
use crate::diag::{Code, Diagnostic};

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let documents = &context.corpus.documents;
    context
        .graph
        .duplicate_of
        .iter()
        .enumerate()
        .filter_map(|(index, first)| {
            let first = &documents[(*first)?];
            let document = &documents[index];
            Some(
                Diagnostic::new(
                    Code::DuplicateId,
                    &document.path,
                    document.id.pos,
                    format!(
                        "the ID `{}` is already declared by `{}`",
                        document.id.value, first.path
                    ),
                )
                .with_help(
                    "IDs must be unique in the project; give one of the documents another ID",
                ),
            )
        })
        .collect()
}
