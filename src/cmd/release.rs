//! `playbook release`: check the project, then freeze its compared
//! content as `releases/<version>.json` (spec section 8), through a
//! temporary file and a rename. It refuses, writing nothing, when the
//! project has errors, names no version, or the version is not newer than
//! every release.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{Format, describe, failure, report};
use crate::release::{RELEASES_DIR, snapshot, version};

pub fn run(root: &Path) -> ExitCode {
    // `analyze_root` refuses a folder that is not a project (shared with
    // check, build and watch).
    let analysis = match super::analyze_root(root, false) {
        Ok(analysis) => analysis,
        Err(status) => return status,
    };
    let tally = report(
        &analysis.diagnostics,
        &analysis.corpus.sources,
        Format::Human,
    );
    if tally.errors > 0 {
        eprintln!("release stopped: {}; nothing was written", describe(tally));
        return failure();
    }
    let Some(wanted) = analysis.corpus.config.version.clone() else {
        eprintln!(
            "error: `playbook.yaml` names no `version`, so there is nothing to release\n  = help: add `version: \"2026.1\"` (the version this content is), then run `playbook release`"
        );
        return failure();
    };
    let releases = analysis
        .history
        .as_ref()
        .map(|history| history.releases.as_slice())
        .unwrap_or_default();
    if let Some(existing) = releases
        .iter()
        .find(|release| version::compare(&release.version, &wanted).is_eq())
    {
        eprintln!(
            "error: version `{wanted}` is already released ({}); nothing was written\n  = help: give `version` in `playbook.yaml` the next version",
            existing.path
        );
        return failure();
    }
    if let Some(newest) = releases.last()
        && version::compare(&wanted, &newest.version).is_lt()
    {
        eprintln!(
            "error: version `{wanted}` is not newer than the newest release `{}`; nothing was written\n  = help: versions compare segment by segment (`2026.9` < `2026.10`); give `version` a greater one",
            newest.version
        );
        return failure();
    }
    let content = match &analysis.history {
        Some(history) => history.current.clone(),
        None => snapshot::compared_content(&analysis.corpus),
    };
    let text = snapshot::to_file(&wanted, analysis.today, &content);
    let relative = format!("{RELEASES_DIR}/{wanted}.json");
    match write_new(&root.join(RELEASES_DIR), &format!("{wanted}.json"), &text) {
        Ok(()) => {
            eprintln!(
                "released {wanted} ({}): {relative}, {} document{}",
                analysis.today,
                content.documents.len(),
                if content.documents.len() == 1 {
                    ""
                } else {
                    "s"
                }
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error[write-failed]: cannot write {relative}: {error}; nothing was written");
            failure()
        }
    }
}

/// Writes `name` in `folder` through a temporary file beside it and a
/// rename, so a reader never sees half a release; never replaces a file
/// that exists (a hard link refuses to, unlike a rename).
fn write_new(folder: &Path, name: &str, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let target = folder.join(name);
    let temporary = folder.join(format!(".{name}.writing-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create_new(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        drop(file);
        if target.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "the file appeared meanwhile",
            ));
        }
        std::fs::rename(&temporary, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
