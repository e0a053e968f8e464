//! `playbook check`: load, validate, resolve and run every rule; render and
//! write nothing.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use super::Format;
use super::{describe, failure, report};

pub fn run(root: &Path, format: Format, include_drafts: bool, deny_warnings: bool) -> ExitCode {
    let started = Instant::now();
    let analysis = match super::analyze_root(root, include_drafts) {
        Ok(analysis) => analysis,
        Err(status) => return status,
    };
    let tally = report(&analysis.diagnostics, &analysis.corpus.sources, format);
    if format == Format::Human {
        let count = analysis.corpus.documents.len();
        eprintln!(
            "checked {count} document{} in {} ms: {}",
            if count == 1 { "" } else { "s" },
            started.elapsed().as_millis(),
            describe(tally)
        );
    }
    super::leave_to_the_kernel(analysis);
    if tally.fails(deny_warnings) {
        failure()
    } else {
        ExitCode::SUCCESS
    }
}
