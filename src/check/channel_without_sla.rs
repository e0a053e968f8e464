//! `channel-without-sla` (warning): a `must` requirement names a channel for
//! which no SLA of that channel satisfies it.
//!
//! Why: a channel promised without a measurable service level is a channel
//! nobody can hold the vendor to; contracts are negotiated on exactly this
//! table. Reported at the channel in the requirement's `channels`.

use super::Context;
use crate::content::document::{Kind, KindFields, Priority, RefField};
use crate::diag::{Code, Diagnostic};

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let documents = &context.corpus.documents;
    // For each requirement, the channels of the active SLAs satisfying it.
    let mut covered: Vec<Vec<&str>> = vec![Vec::new(); documents.len()];
    // Requirements satisfied by an SLA whose fields have errors: its channel
    // is unknown, so no judgement (the error is reported already).
    let mut unknown = vec![false; documents.len()];
    for (index, document) in documents.iter().enumerate() {
        if document.kind != Kind::Sla || !context.is_active(document) {
            continue;
        }
        for target in context.field_targets(index, RefField::Satisfies) {
            match &document.fields {
                KindFields::Sla(sla) => covered[target].push(&sla.channel.value),
                _ => unknown[target] = true,
            }
        }
    }
    let mut diagnostics = Vec::new();
    for (index, document) in documents.iter().enumerate() {
        let KindFields::Requirement(requirement) = &document.fields else {
            continue;
        };
        if requirement.priority != Priority::Must
            || !context.is_active(document)
            || unknown[index]
            || context.named_by_broken_file(document)
        {
            continue;
        }
        for channel in &requirement.channels {
            if !covered[index].contains(&channel.value.as_str()) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ChannelWithoutSla,
                        &document.path,
                        channel.pos,
                        format!(
                            "`{}` is a must for `{}`, but no {} SLA satisfies this requirement",
                            document.id.value, channel.value, channel.value
                        ),
                    )
                    .with_help(format!(
                        "add an SLA with `channel: {}` and `satisfies: [{}]` (`playbook new sla …`)",
                        channel.value, document.id.value
                    )),
                );
            }
        }
    }
    diagnostics
}
