//! The rules that judge a loaded project as a whole: identity, references,
//! editions and the domain. One file per rule (or per family of codes that
//! come from one question), each documenting what it flags and why.
//!
//! Schema problems of single files are found while loading (`content/`);
//! everything here needs the whole corpus and its reference graph.

mod duplicate_id;
mod link_to_left_out;
mod link_to_retired;
mod references;
mod review_overdue;
mod sla_channel_not_required;

use jiff::civil::Date;

use crate::content::Corpus;
use crate::diag::Diagnostic;
use crate::graph::Graph;

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

/// Runs every rule.
pub fn run(corpus: &Corpus, graph: &Graph, options: Options) -> Vec<Diagnostic> {
    let context = Context {
        corpus,
        graph,
        options,
    };
    let rules: [fn(&Context<'_>) -> Vec<Diagnostic>; 6] = [
        duplicate_id::check,
        references::check,
        sla_channel_not_required::check,
        link_to_left_out::check,
        link_to_retired::check,
        review_overdue::check,
    ];
    rules.iter().flat_map(|rule| rule(&context)).collect()
}
