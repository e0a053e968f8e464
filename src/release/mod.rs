//! Releases (spec section 8): the snapshots under `releases/`, their
//! order, the project's compared content, and what changed between two
//! of them as each edition may see it.
//!
//! `snapshot` owns the file format, `version` the version order, `log`
//! the per-edition change log (a model; `render::changes` draws it).
//! Nothing here renders HTML.

pub mod diff;
pub mod log;
pub mod snapshot;
pub mod version;

use std::path::Path;

use crate::content::Corpus;
use crate::diag::{Code, Diagnostic, Pos, Sources};
pub use snapshot::{Content, DocumentState, Release};

/// The folder of release files, under the project root.
pub const RELEASES_DIR: &str = "releases";

/// A project's releases, oldest first, and its compared content now.
#[derive(Debug, Default)]
pub struct History {
    pub releases: Vec<Release>,
    pub current: Content,
    /// The audience of every document of the project now, drafts
    /// included, by ID: a document an edition leaves out now is never
    /// named in its change log, whatever it was before.
    pub audiences_now: std::collections::BTreeMap<String, String>,
}

impl History {
    /// The release of `version`, if any.
    pub fn release(&self, version: &str) -> Option<&Release> {
        self.releases
            .iter()
            .find(|release| version::compare(&release.version, version).is_eq())
    }

    pub fn newest(&self) -> Option<&Release> {
        self.releases.last()
    }

    /// The terms of document `id` in force on `last_day`, the last day of
    /// a measured period (spec section 6): its state in the newest release
    /// dated on or before that day (before the first release, the first
    /// release's). `None` when no such release holds the document: the
    /// current content's terms apply. So tightening an SLA in a later
    /// release does not judge earlier months again.
    pub fn terms_in_force(&self, id: &str, last_day: jiff::civil::Date) -> Option<&DocumentState> {
        let release = self
            .releases
            .iter()
            .rev()
            .find(|release| release.date <= last_day)
            .or_else(|| self.releases.first())?;
        release.content.documents.get(id)
    }

    /// Whether the content differs from the newest release.
    pub fn has_unreleased(&self) -> bool {
        self.newest()
            .is_some_and(|newest| newest.content != self.current)
    }
}

/// Reads every file of `releases/` (none: an empty list), ordered by
/// version. Each problem is an `invalid-release`; a file with one is left
/// out.
/// Their texts go into `sources`, so that a diagnostic shows its line.
pub fn read_releases(root: &Path, sources: &mut Sources) -> (Vec<Release>, Vec<Diagnostic>) {
    let mut releases = Vec::new();
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(root.join(RELEASES_DIR)) else {
        return (releases, problems);
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        // Hidden files and editor backups, as under `content/`, and the
        // temporary file of a `playbook release` under way.
        .filter(|name| !name.starts_with('.') && !name.ends_with('~') && !name.starts_with('#'))
        .collect();
    names.sort();
    for name in names {
        let path = format!("{RELEASES_DIR}/{name}");
        let invalid =
            |message: String| Diagnostic::new(Code::InvalidRelease, &path, Pos::START, message);
        let full = root.join(RELEASES_DIR).join(&name);
        // Release files are the files of `releases/` itself; a folder in
        // it (an archive, notes) is not read.
        if full.is_dir() {
            continue;
        }
        let Some(stem) = name
            .strip_suffix(".json")
            .filter(|stem| version::is_valid(stem))
        else {
            problems.push(
                invalid(format!("`{name}` is not a release file")).with_help(
                    "release files are named `<version>.json` and written by `playbook release`",
                ),
            );
            continue;
        };
        let text = match std::fs::read(&full) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    problems.push(invalid("not UTF-8".into()));
                    continue;
                }
            },
            Err(error) => {
                problems.push(invalid(format!("cannot read: {error}")));
                continue;
            }
        };
        let parsed = snapshot::from_file(&path, &text);
        sources.insert(path.clone(), std::sync::Arc::from(text));
        match parsed {
            Ok(release) => {
                if let Some(same) = releases
                    .iter()
                    .find(|other: &&Release| version::compare(&other.version, stem).is_eq())
                {
                    problems.push(invalid(format!(
                        "version `{stem}` is the same version as `{}`",
                        same.path
                    )));
                    continue;
                }
                releases.push(release);
            }
            Err(problem) => problems.push(problem),
        }
    }
    releases.sort_by(|a, b| version::compare(&a.version, &b.version));
    (releases, problems)
}

/// The history of the project at `corpus`, when it has releases.
pub fn history(corpus: &Corpus, releases: Vec<Release>) -> Option<History> {
    if releases.is_empty() {
        return None;
    }
    Some(History {
        releases,
        current: snapshot::compared_content(corpus),
        audiences_now: corpus
            .documents
            .iter()
            .map(|document| (document.id.value.clone(), document.audience.clone()))
            .collect(),
    })
}

/// `version-not-bumped`: the release of the configured version exists and
/// the content differs from it.
pub fn version_not_bumped(corpus: &Corpus, history: &History) -> Option<Diagnostic> {
    let version = corpus.config.version.as_deref()?;
    let release = history.release(version)?;
    if release.content == history.current {
        return None;
    }
    Some(
        Diagnostic::new(
            Code::VersionNotBumped,
            crate::config::CONFIG_FILE,
            corpus.config.version_pos.unwrap_or(Pos::START),
            format!(
                "the content differs from release `{version}` ({}), yet `playbook.yaml` still names that version",
                release.path
            ),
        )
        .with_help("give `version` the next version (and run `playbook release` when it is final), or undo the changes"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::values::Duration;
    use jiff::civil::date;

    fn sla(target: &str) -> DocumentState {
        let mut fields = serde_json::Map::new();
        for (key, value) in [
            ("kind", "sla"),
            ("title", "聊天首响"),
            ("audience", "shared"),
            ("status", "approved"),
            ("target", target),
        ] {
            fields.insert(key.into(), serde_json::Value::String(value.into()));
        }
        DocumentState {
            fields,
            body: String::new(),
        }
    }

    fn release(version: &str, day: jiff::civil::Date, target: &str) -> Release {
        let mut content = Content::default();
        content.documents.insert("SLA-CHAT".into(), sla(target));
        Release {
            version: version.into(),
            date: day,
            content,
            path: format!("releases/{version}.json"),
        }
    }

    /// A month measured at 2m30s is met under the 3-minute target of
    /// release 2026.1, and stays met once 2026.2 tightens it to 2 minutes;
    /// a month after 2026.2 is judged by 2 minutes.
    #[test]
    fn a_period_is_judged_by_the_release_in_force_at_its_end() {
        let met = |history: &History, last_day| {
            let target = history
                .terms_in_force("SLA-CHAT", last_day)
                .map(|state| state.text_field("target").to_string())
                .unwrap_or_else(|| "2m".into());
            let target = Duration::parse(&target).unwrap();
            Duration::parse("2m30s").unwrap() <= target
        };
        let march = date(2026, 3, 31);
        let mut history = History {
            releases: vec![release("2026.1", date(2026, 1, 5), "3m")],
            current: Content::default(),
            audiences_now: Default::default(),
        };
        assert!(met(&history, march));
        history
            .releases
            .push(release("2026.2", date(2026, 7, 1), "2m"));
        assert!(met(&history, march), "March keeps its verdict");
        assert!(
            met(&history, date(2026, 6, 30)),
            "the day before the release"
        );
        assert!(
            !met(&history, date(2026, 7, 31)),
            "July is judged by 2 minutes"
        );
        assert!(
            met(&history, date(2025, 12, 31)),
            "before the first release: its terms"
        );
    }
}
