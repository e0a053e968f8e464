//! `sla-channel-not-required`: an SLA satisfies a requirement whose channels
//! do not include the SLA's channel.
//!
//! Why: a phone SLA cannot fulfil a chat-only requirement; the link is
//! almost always a copy-paste slip, and it would make coverage look better
//! than it is. Reported at the `satisfies` item.

use super::Context;
use crate::content::document::{KindFields, RefField, RefSyntax};
use crate::diag::{Code, Diagnostic};
use crate::graph::Resolution;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let documents = &context.corpus.documents;
    let mut diagnostics = Vec::new();
    for (index, document) in documents.iter().enumerate() {
        let KindFields::Sla(sla) = &document.fields else {
            continue;
        };
        for (reference, resolution) in document
            .references
            .iter()
            .zip(context.graph.resolutions[index].iter())
        {
            if reference.syntax != RefSyntax::Field(RefField::Satisfies) {
                continue;
            }
            let Resolution::Target(target) = resolution else {
                continue;
            };
            let target = &documents[*target];
            let KindFields::Requirement(requirement) = &target.fields else {
                continue;
            };
            if requirement
                .channels
                .iter()
                .all(|channel| channel.value != sla.channel.value)
            {
                let channels: Vec<&str> = requirement
                    .channels
                    .iter()
                    .map(|c| c.value.as_str())
                    .collect();
                diagnostics.push(
                    Diagnostic::new(
                        Code::SlaChannelNotRequired,
                        &document.path,
                        reference.pos,
                        format!(
                            "this SLA is for `{}`, but `{}` requires only {}",
                            sla.channel.value,
                            target.id.value,
                            channels.join(", ")
                        ),
                    )
                    .with_help(format!(
                        "satisfy a requirement that includes `{}`, or add the channel to `{}`",
                        sla.channel.value, target.id.value
                    )),
                );
            }
        }
    }
    diagnostics
}
