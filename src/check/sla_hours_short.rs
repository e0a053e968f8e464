//! `sla-hours-short` (warning, section 7): for a requirement, each of its
//! channels and each metric that SLAs of that channel satisfying it
//! promise, the union of those SLAs' hours over an ordinary week (no
//! holidays) leaves out hours the requirement asks for. SLAs without
//! `during` count for every requirement; one with `during` only for
//! requirements with the same `during`. Reported at the requirement's ID
//! in the `satisfies` of each SLA of the group, naming the first hours
//! left out (`sat 08:00-20:00`).
//!
//! Why: a requirement for a Saturday phone line whose SLAs stop on Friday
//! evening is a promise the vendor is never measured against; staffing
//! follows the SLAs, so the Saturday calls go unanswered.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;

use super::Context;
use crate::calendar::hours::document_timezone;
use crate::calendar::week::{describe, first_gap, left_out, union, week_minutes};
use crate::content::document::{KindFields, Metric, RefField, RefSyntax};
use crate::diag::{Code, Diagnostic, Pos};
use crate::graph::Resolution;

/// The SLAs counting for one requirement, channel and metric, each with
/// where its `satisfies` names the requirement.
type Groups<'a> = BTreeMap<(usize, &'a str, Metric), Vec<(usize, Pos)>>;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let documents = &context.corpus.documents;
    let project = &context.corpus.config.timezone;
    let mut groups: Groups<'_> = BTreeMap::new();
    for (index, document) in documents.iter().enumerate() {
        let KindFields::Sla(sla) = &document.fields else {
            continue;
        };
        if !context.is_active(document) {
            continue;
        }
        for (reference, resolution) in document
            .references
            .iter()
            .zip(context.graph.resolutions[index].iter())
        {
            let (RefSyntax::Field(RefField::Satisfies), Resolution::Target(target)) =
                (&reference.syntax, resolution)
            else {
                continue;
            };
            let KindFields::Requirement(requirement) = &documents[*target].fields else {
                continue;
            };
            let counts = match &sla.calendar.during {
                None => true,
                Some(during) => requirement
                    .calendar
                    .during
                    .as_ref()
                    .is_some_and(|wanted| wanted.value == during.value),
            };
            let asks_for_channel = requirement
                .channels
                .iter()
                .any(|channel| channel.value == sla.channel.value);
            if counts && asks_for_channel && context.is_active(&documents[*target]) {
                groups
                    .entry((*target, sla.channel.value.as_str(), sla.metric))
                    .or_default()
                    .push((index, reference.pos));
            }
        }
    }
    let mut diagnostics = Vec::new();
    for ((target, channel, metric), slas) in groups {
        let requirement_document = &documents[target];
        let KindFields::Requirement(requirement) = &requirement_document.fields else {
            continue;
        };
        let zone = document_timezone(Some(&requirement.hours))
            .and_then(|name| TimeZone::get(&name).ok())
            .unwrap_or_else(|| project.clone());
        let wanted = week_minutes(Some(&requirement.hours), &zone, project);
        let offered: Vec<_> = slas
            .iter()
            .filter_map(|&(index, _)| match &documents[index].fields {
                KindFields::Sla(sla) => Some(week_minutes(sla.hours.as_ref(), &zone, project)),
                _ => None,
            })
            .collect();
        let missing = left_out(&wanted, &union(&offered));
        let Some(gap) = first_gap(&missing) else {
            continue;
        };
        let gap = describe(gap);
        let ids: Vec<&str> = slas
            .iter()
            .map(|&(index, _)| documents[index].id.value.as_str())
            .collect();
        for &(index, pos) in &slas {
            diagnostics.push(
                Diagnostic::new(
                    Code::SlaHoursShort,
                    &documents[index].path,
                    pos,
                    format!(
                        "the {channel} {} SLAs of `{}` ({}) leave out hours it asks for, first `{gap}`",
                        metric.name(),
                        requirement_document.id.value,
                        ids.join(", ")
                    ),
                )
                .with_help(format!(
                    "extend the `hours` of one of them to cover `{gap}`, or add an SLA for those hours"
                )),
            );
        }
    }
    diagnostics
}
