//! `conflicting-slas` (warning): two SLAs of the same channel, metric and
//! window satisfy the same requirement with different targets at the same
//! attainment, so the contract says two things about one promise.
//!
//! Why: "90% of chats answered in 2 minutes" next to "90% of chats answered
//! in 3 minutes" for the same requirement leaves the vendor to pick the
//! easier one. A tiered service level (80% in 20 s, 95% in 5 min) differs in
//! attainment and is not a conflict. Reported at the later SLA's `target`.

use super::Context;
use std::collections::HashMap;

use crate::content::document::{KindFields, Metric, RefField, Sla};
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
    // Only SLAs of the same channel, metric, window and attainment can
    // conflict: each is compared with the earlier ones of its group (all
    // pairs of thousands of SLAs took most of the checks' time).
    let mut group_of_key: HashMap<(&str, Metric, &str, Option<u64>), usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    // For each SLA: its group and how many of the group come before it.
    let mut place: Vec<(usize, usize)> = Vec::with_capacity(slas.len());
    for (position, (_, sla, _)) in slas.iter().enumerate() {
        let key = (
            sla.channel.value.as_str(),
            sla.metric,
            sla.window.as_str(),
            // `conflicts` compares attainments with `==`, where -0 is 0.
            sla.attainment.map(|percent| (percent.0 + 0.0).to_bits()),
        );
        let group = *group_of_key.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        place.push((group, groups[group].len()));
        groups[group].push(position);
    }
    let mut diagnostics = Vec::new();
    for (position, (later, later_sla, later_satisfied)) in slas.iter().enumerate() {
        for (earlier, earlier_sla, earlier_satisfied) in groups[place[position].0]
            [..place[position].1]
            .iter()
            .map(|&earlier| &slas[earlier])
        {
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
