//! `playbook build`: check, then render and write every edition.

use std::path::Path;
use std::process::ExitCode;

use super::Format;
use super::{failure, report, usage_error};
use crate::pipeline;

pub fn run(
    root: &Path,
    _out: Option<&Path>,
    editions: &[String],
    include_drafts: bool,
    deny_warnings: bool,
) -> ExitCode {
    let today = match pipeline::today_from_env() {
        Ok(today) => today,
        Err(message) => return usage_error(&message),
    };
    let analysis = pipeline::analyze(root, include_drafts, today);
    for name in editions {
        if analysis.corpus.config.edition(name).is_none() {
            return usage_error(&format!("there is no edition `{name}` in playbook.yaml"));
        }
    }
    let tally = report(
        &analysis.diagnostics,
        &analysis.corpus.sources,
        Format::Human,
    );
    if tally.fails(deny_warnings) {
        return failure();
    }
    super::not_yet("build (rendering)")
}
