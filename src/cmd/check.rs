//! `playbook check`: load, validate, resolve and run every rule; render and
//! write nothing.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use super::Format;
use super::{describe, failure, report, usage_error};
use crate::pipeline;

pub fn run(root: &Path, format: Format, include_drafts: bool, deny_warnings: bool) -> ExitCode {
    let started = Instant::now();
    let today = match pipeline::today_from_env() {
        Ok(today) => today,
        Err(message) => return usage_error(&message),
    };
    if !root.is_dir() {
        eprintln!("error: `{}` is not a folder", root.display());
        return failure();
    }
    let analysis = pipeline::analyze(root, include_drafts, today);
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
    if tally.fails(deny_warnings) {
        failure()
    } else {
        ExitCode::SUCCESS
    }
}
