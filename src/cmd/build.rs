//! `playbook build`: check, then render every edition (or the named ones)
//! into temporary folders and swap them in only when all succeeded.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::{Format, describe, failure, report, usage_error};
use crate::diag::{self, Tally};
use crate::edition::Edition;
use crate::output::{self, DirSink};
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
    let mut analysis = match super::analyze_root(root, include_drafts) {
        Ok(analysis) => analysis,
        Err(status) => return status,
    };
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
    let out: PathBuf = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.join("public"));
    let selected: Vec<_> = analysis
        .corpus
        .config
        .editions
        .iter()
        .filter(|edition| editions.is_empty() || editions.contains(&edition.name))
        .collect();

    let nav_order = crate::render::nav_order(&analysis, None);
    let mut staged = Vec::new();
    let mut views = Vec::new();
    for edition_config in &selected {
        let stage = match output::stage(&out, &edition_config.name) {
            Ok(stage) => stage,
            Err(error) => {
                eprintln!(
                    "error: cannot create a folder in `{}`: {error}",
                    out.display()
                );
                output::discard(&staged);
                return failure();
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
    if !problems.is_empty() {
        output::discard(&staged);
        diag::sort(&mut problems);
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
    let committed = output::commit(&staged);
    timer.step("swap in and delete the old output");
    if let Err(error) = committed {
        output::discard(&staged);
        eprintln!(
            "error: cannot move the new editions into `{}`: {error}",
            out.display()
        );
        return failure();
    }
    eprintln!(
        "built {} edition{}: {} with {} in {} ms → {}",
        summaries.len(),
        if summaries.len() == 1 { "" } else { "s" },
        summaries.join(", "),
        describe(tally).split(", ").nth(1).unwrap_or("0 warnings"),
        started.elapsed().as_millis(),
        out.display()
    );
    // The process ends here (`build` is only called from `main`): freeing
    // the analysis and the renderers' hundreds of thousands of
    // allocations one by one would only delay the exit; the kernel takes
    // the memory back at once.
    drop(editions);
    std::mem::forget(renderers);
    std::mem::forget(views);
    std::mem::forget(analysis);
    ExitCode::SUCCESS
}
