//! The rules that judge a loaded project as a whole: identity, references,
//! editions and the domain. One file per rule (or per family of codes that
//! come from one question), each documenting what it flags and why.
//!
//! Schema problems of single files are found while loading (`content/`);
//! everything here needs the whole corpus and its reference graph.

mod actuals_gap;
mod calendar;
mod channel_without_sla;
mod conflicting_slas;
mod duplicate_id;
mod kpi_missed;
mod link_to_left_out;
mod link_to_retired;
mod references;
mod review_overdue;
mod sla_channel_not_required;
mod sla_hours_short;
mod sla_missed;
mod sla_without_training;
pub mod static_collisions;
mod training_covers_nothing;

use jiff::civil::Date;

use crate::content::Corpus;
use crate::content::document::{Document, RefField, RefSyntax, Reference, Status};
use crate::diag::Diagnostic;
use crate::edition::is_published;
use crate::graph::Graph;
use crate::graph::Resolution;

/// What a check run depends on besides the project.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Whether drafts are published in this run (`--drafts`).
    pub include_drafts: bool,
    /// "Today" in the project's time zone, or `PLAYBOOK_TODAY`.
    pub today: Date,
}

/// Everything needed by a rule.
pub struct Context<'a> {
    pub corpus: &'a Corpus,
    pub graph: &'a Graph,
    pub options: Options,
}

impl Context<'_> {
    /// Whether a document takes part in the domain checks: published in
    /// this run and not retired.
    pub fn is_active(&self, document: &Document) -> bool {
        is_published(document, self.options.include_drafts) && document.status != Status::Retired
    }

    /// Every reference of document `index` that lands on a document (with
    /// or without its anchor), with that document's index.
    pub fn landed_references(
        &self,
        index: usize,
    ) -> impl Iterator<Item = (&Reference, usize)> + '_ {
        self.corpus.documents[index]
            .references
            .iter()
            .zip(self.graph.resolutions[index].iter())
            .filter_map(|(reference, resolution)| match resolution {
                Resolution::Target(target) | Resolution::NoSuchAnchor { target, .. } => {
                    Some((reference, *target))
                }
                _ => None,
            })
    }

    /// A file with errors that declares `id` (so it is no document).
    pub fn broken_file_declaring(&self, id: &str) -> Option<&crate::content::BrokenFile> {
        self.corpus
            .broken
            .iter()
            .find(|broken| broken.id.as_deref() == Some(id))
    }

    /// Whether a file with errors names `document`: a warning about what
    /// `document` lacks (an SLA, a training) may follow from that file not
    /// being a document, and is left out while it has errors.
    pub fn named_by_broken_file(&self, document: &Document) -> bool {
        self.corpus
            .broken
            .iter()
            .any(|broken| broken.mentions.contains(&document.id.value))
    }

    /// The documents a front-matter field of document `index` points to.
    pub fn field_targets(&self, index: usize, field: RefField) -> impl Iterator<Item = usize> + '_ {
        let document = &self.corpus.documents[index];
        document
            .references
            .iter()
            .zip(self.graph.resolutions[index].iter())
            .filter(move |(reference, _)| reference.syntax == RefSyntax::Field(field))
            .filter_map(|(_, resolution)| match resolution {
                Resolution::Target(target) => Some(*target),
                _ => None,
            })
    }
}

/// Runs every rule.
pub fn run(corpus: &Corpus, graph: &Graph, options: Options) -> Vec<Diagnostic> {
    let context = Context {
        corpus,
        graph,
        options,
    };
    let rules: [fn(&Context<'_>) -> Vec<Diagnostic>; 16] = [
        duplicate_id::check,
        references::check,
        sla_channel_not_required::check,
        link_to_left_out::check,
        link_to_retired::check,
        review_overdue::check,
        channel_without_sla::check,
        sla_without_training::check,
        kpi_missed::check,
        sla_missed::check,
        actuals_gap::check,
        conflicting_slas::check,
        training_covers_nothing::check,
        static_collisions::check,
        // The service calendar (section 7).
        calendar::check,
        sla_hours_short::check,
    ];
    // The rules are independent (the diagnostics are sorted afterwards):
    // side by side, as `watch` runs them all after every save.
    use rayon::prelude::*;
    rules
        .par_iter()
        .flat_map_iter(|rule| rule(&context))
        .collect()
}
