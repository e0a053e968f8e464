//! `conflicting-slas` (warning): two SLAs of the same channel, metric and
//! window satisfy the same requirement with different targets at the same
//! attainment, so the contract says two things about one promise.
//!
//! Why: "90% of chats answered in 2 minutes" next to "90% of chats answered
//! in 3 minutes" for the same requirement leaves the vendor to pick the
//! easier one. A tiered service level (80% in 20 s, 95% in 5 min) differs in
//! attainment and is not a conflict. Reported at the later SLA's `target`.

use super::Context;
use crate::content::document::{KindFields, RefField, Sla};
use crate::diag::{Code, Diagnostic};

fn conflicts(a: &Sla, b: &Sla) -> bool {
    a.channel.value == b.channel.value
        && a.metric == b.metric
        && a.window == b.window
        && a.attainment == b.attainment
        && a.target != b.target
}

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let documents = &context.corpus.documents;
    let slas: Vec<(usize, &Sla, Vec<usize>)> = documents
        .iter()
        .enumerate()
        .filter(|(_, document)| context.is_active(document))
        .filter_map(|(index, document)| match &document.fields {
            KindFields::Sla(sla) => {
                let mut satisfied: Vec<usize> =
                    context.field_targets(index, RefField::Satisfies).collect();
                satisfied.sort_unstable();
                Some((index, sla, satisfied))
            }
            _ => None,
        })
        .collect();
    let mut diagnostics = Vec::new();
    for (position, (later, later_sla, later_satisfied)) in slas.iter().enumerate() {
        for (earlier, earlier_sla, earlier_satisfied) in &slas[..position] {
            if !conflicts(earlier_sla, later_sla) {
                continue;
            }
            let Some(&shared) = later_satisfied
                .iter()
                .find(|r| earlier_satisfied.contains(r))
            else {
                continue;
            };
            let (earlier_doc, later_doc) = (&documents[*earlier], &documents[*later]);
            diagnostics.push(
                Diagnostic::new(
                    Code::ConflictingSlas,
                    &later_doc.path,
                    later_sla.target_pos,
                    format!(
                        "`{}` and `{}` both set the {} {} of `{}` ({}), with different targets",
                        earlier_doc.id.value,
                        later_doc.id.value,
                        later_sla.channel.value,
                        later_sla.metric.name().replace('_', " "),
                        documents[shared].id.value,
                        later_sla.window
                    ),
                )
                .with_help(format!(
                    "keep one target, or make them a tiered level with different `attainment` (see `{}`)",
                    earlier_doc.path
                )),
            );
            break;
        }
    }
    diagnostics
}
