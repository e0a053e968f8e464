//! `playbook build`: check, then render every edition (or the named ones)
//! into temporary folders and swap them in only when all succeeded (see
//! `output::swap` for what is guaranteed when a build fails or is killed).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::{Format, describe, failure, report, usage_error};
use crate::diag::{self, Code, Diagnostic, Pos, Tally};
use crate::edition::Edition;
use crate::output::{self, DirSink, OutputLock, swap};
use crate::render::reuse::Reuse;
use crate::render::{EditionRenderer, EditionView, render_editions};

pub fn run(
    root: &Path,
    out: Option<&Path>,
    editions: &[String],
    include_drafts: bool,
    deny_warnings: bool,
) -> ExitCode {
    let started = Instant::now();
    let today = match super::read_environment() {
        Ok(today) => today,
        Err(status) => return status,
    };
    if let Err(status) = super::require_project(root) {
        return status;
    }
    let out: PathBuf = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.join("public"));
    if let Some(refusal) = output::place::refusal(root, &out) {
        match refusal.code {
            Some(code) => eprintln!("error[{code}]: {}", refusal.message),
            None => eprintln!("error: {}", refusal.message),
        }
        eprintln!("help: {}; nothing was written", refusal.help);
        return failure();
    }
    let mut analysis = crate::pipeline::analyze(root, include_drafts, today);
    let config = &analysis.corpus.config;
    for name in editions {
        if config.edition(name).is_none() {
            let names: Vec<&str> = config.editions.iter().map(|e| e.name.as_str()).collect();
            return usage_error(&format!(
                "there is no edition `{name}`; playbook.yaml declares: {}",
                names.join(", ")
            ));
        }
    }
    // `check` looks for links from `static/` into the default output; the
    // output of this build may be elsewhere.
    let into_output = crate::content::files::static_into_output(root, &out);
    if !into_output.is_empty() {
        analysis.diagnostics.extend(into_output);
        diag::sort(&mut analysis.diagnostics);
        analysis.diagnostics.dedup();
    }
    let tally = report(
        &analysis.diagnostics,
        &analysis.corpus.sources,
        Format::Human,
    );
    if tally.fails(deny_warnings) {
        eprintln!(
            "build stopped: {}; the previous output is untouched",
            describe(tally)
        );
        return failure();
    }
    let Some(templates) = analysis.templates.take() else {
        return failure();
    };
    let selected: Vec<_> = analysis
        .corpus
        .config
        .editions
        .iter()
        .filter(|edition| editions.is_empty() || editions.contains(&edition.name))
        .collect();

    let not_written = |reason: String| {
        let problem = write_failed(root, &out, &reason);
        report(&[problem], &analysis.corpus.sources, Format::Human);
        eprintln!("build failed: the previous output is untouched");
        failure()
    };
    // One build at a time into one output folder; what a killed build
    // left is repaired before anything else.
    let lock = match OutputLock::acquire(&out) {
        Ok(lock) => lock,
        Err(error) => return not_written(error.to_string()),
    };
    let edition_names: Vec<&str> = analysis
        .corpus
        .config
        .editions
        .iter()
        .map(|edition| edition.name.as_str())
        .collect();
    match swap::repair(&lock, &edition_names) {
        Ok(repair) => {
            if repair.interrupted {
                let moved = if repair.completed.is_empty() {
                    String::new()
                } else {
                    format!(" ({} moved in now)", repair.completed.join(", "))
                };
                eprintln!(
                    "note: completed the swap of an interrupted build: its editions are in place{moved}"
                );
            }
            if !repair.restored.is_empty() {
                eprintln!(
                    "note: put back the previous {} left missing by an interrupted build",
                    repair.restored.join(", ")
                );
            }
        }
        Err(error) => {
            return not_written(format!("cannot repair what an earlier build left: {error}"));
        }
    }
    for edition_config in &selected {
        if let Some(problem) = swap::obstacle(&out.join(&edition_config.name)) {
            return not_written(problem);
        }
    }

    let nav_order = crate::render::nav_order(&analysis, None);
    let mut staged = Vec::new();
    let mut views = Vec::new();
    for edition_config in &selected {
        let stage = match swap::stage(&lock, &edition_config.name) {
            Ok(stage) => stage,
            Err(error) => {
                swap::discard(&staged);
                return not_written(error.to_string());
            }
        };
        staged.push(stage);
        views.push(EditionView::in_order(
            &analysis,
            Edition::new(edition_config, include_drafts),
            &nav_order,
        ));
    }
    let renderers: Vec<EditionRenderer> = views
        .iter()
        .map(|view| EditionRenderer::new(view, &templates, Reuse::nothing()))
        .collect();
    let sinks: Vec<DirSink> = staged
        .iter()
        .map(|stage| DirSink::new(stage.temporary.clone()))
        .collect();
    let editions: Vec<(&EditionRenderer, &dyn crate::render::Sink)> = renderers
        .iter()
        .zip(&sinks)
        .map(|(renderer, sink)| (renderer, sink as &dyn crate::render::Sink))
        .collect();
    let mut summaries = Vec::new();
    let mut problems = Vec::new();
    for (edition_config, rendered) in selected.iter().zip(render_editions(&editions, &nav_order)) {
        match rendered {
            Ok(stats) => summaries.push(format!(
                "{} ({} documents)",
                edition_config.name, stats.documents
            )),
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        for stage in &staged {
            if let Err(error) = output::copy_unnamed_static(&analysis.corpus, &stage.temporary) {
                problems.push(Diagnostic::new(
                    Code::WriteFailed,
                    "",
                    Pos::START,
                    error.to_string(),
                ));
            }
        }
    }
    if !problems.is_empty() {
        swap::discard(&staged);
        let problems = fold_write_failures(root, &out, problems);
        let tally = report(&problems, &analysis.corpus.sources, Format::Human);
        eprintln!(
            "build failed: {}; the previous output is untouched",
            describe(Tally {
                warnings: 0,
                ..tally
            })
        );
        return failure();
    }
    let timer = crate::timing::Timer::new("build");
    let committed = swap::commit(&lock, &staged);
    timer.step("swap in");
    let swapped = match committed {
        Ok(swapped) => swapped,
        Err(failed) => {
            // When the editions could not all be put back, the journal and
            // the staged folders stay: the next build completes the swap.
            if failed.restored {
                swap::discard(&staged);
            }
            return swap_failed(root, &out, &failed, &analysis.corpus.sources);
        }
    };
    for problem in swap::finish(swapped) {
        eprintln!("warning: {problem}; the next build deletes it");
    }
    timer.step("delete the old output");
    drop(lock);
    eprintln!(
        "built {} edition{}: {} with {} in {} ms → {}",
        summaries.len(),
        if summaries.len() == 1 { "" } else { "s" },
        summaries.join(", "),
        describe(tally).split(", ").nth(1).unwrap_or("0 warnings"),
        started.elapsed().as_millis(),
        out.display()
    );
    // The process ends here: the analysis and the renderers' hundreds of
    // thousands of allocations are left to the kernel.
    drop(editions);
    super::leave_to_the_kernel(renderers);
    super::leave_to_the_kernel(views);
    super::leave_to_the_kernel(analysis);
    ExitCode::SUCCESS
}

/// The one `write-failed` error of a build that could not write its
/// output: the output folder and the system's reason.
fn write_failed(root: &Path, out: &Path, reason: &str) -> Diagnostic {
    Diagnostic::new(
        Code::WriteFailed,
        output::place::relative_to_root(root, out),
        Pos::START,
        format!("cannot write the output into `{}`: {reason}", out.display()),
    )
    .with_help("free some space, or fix the output folder or its permissions, then build again")
}

/// Rendering's problems with every failed write (one per file: hundreds
/// when the disk is full) folded into one `write-failed`, naming the
/// first file and the reason.
fn fold_write_failures(root: &Path, out: &Path, problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let (failed, mut others): (Vec<Diagnostic>, Vec<Diagnostic>) = problems
        .into_iter()
        .partition(|problem| problem.code == Code::WriteFailed);
    if let Some(first) = failed.first() {
        let more = match failed.len() {
            1 => String::new(),
            n => format!(
                " (and {} more file{})",
                n - 1,
                if n == 2 { "" } else { "s" }
            ),
        };
        others.push(write_failed(root, out, &format!("{}{more}", first.message)));
    }
    diag::sort(&mut others);
    others
}

/// Reports a swap that failed, saying what actually happened to each
/// edition.
fn swap_failed(
    root: &Path,
    out: &Path,
    failed: &swap::SwapFailure,
    sources: &diag::Sources,
) -> ExitCode {
    let problem = write_failed(
        root,
        out,
        &format!("cannot swap the new editions in: {}", failed.error),
    );
    report(&[problem], sources, Format::Human);
    if failed.restored {
        eprintln!("build failed: no edition was replaced; the previous output is untouched");
    } else {
        let list = |names: &[String]| {
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        };
        eprintln!(
            "build failed halfway through the swap: replaced by this build: {}; unchanged: {}; missing: {}. The next build completes the swap.",
            list(&failed.replaced),
            list(&failed.unchanged),
            list(&failed.missing)
        );
    }
    failure()
}
