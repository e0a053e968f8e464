//! The pipeline every command shares: load → graph → check. `check` stops
//! here; `build` and `watch` go on to render what it returns.

use std::path::Path;

use jiff::civil::Date;

use crate::check;
use crate::config::Config;
use crate::content::{self, Corpus};
use crate::data;
use crate::diag::{self, Diagnostic};
use crate::graph::{self, Graph};
use crate::templates::{self, Templates};
use crate::timing::Timer;

/// A loaded and checked project.
pub struct Analysis {
    pub corpus: Corpus,
    pub graph: Graph,
    /// The compiled templates (absent when they do not compile).
    pub templates: Option<Templates>,
    /// Sorted as the spec fixes (path, line, column, code).
    pub diagnostics: Vec<Diagnostic>,
    /// The releases and the compared content now, when `releases/` holds
    /// a release (section 8).
    pub history: Option<std::sync::Arc<crate::release::History>>,
    /// "Today" for this run (next training sessions are counted from it).
    pub today: Date,
    /// The date shown as the build date: `SOURCE_DATE_EPOCH` when set
    /// (reproducible builds), otherwise today.
    pub build_date: Date,
}

/// What one analysis keeps for the next (`watch`): the files read, and
/// the references resolved.
#[derive(Default)]
pub struct AnalysisCache {
    pub load: content::LoadCache,
    data: data::memo::Memo,
    graph: graph::Memo,
}

impl AnalysisCache {
    /// Tells the next analysis which paths the watcher saw change.
    pub fn hint_changed(&mut self, root: &Path, paths: &[std::path::PathBuf]) {
        self.load.hint_changed(root, paths);
        self.data.hint_changed(root, paths);
    }
}

/// Loads the project at `root` and runs every check.
pub fn analyze(root: &Path, include_drafts: bool, today: Option<Date>) -> Analysis {
    let mut cache = AnalysisCache::default();
    let analysis = analyze_cached(root, include_drafts, today, &mut cache);
    // What a next analysis could reuse (every document as read before its
    // measured results joined it, the rows of `data/`) has no next one
    // here: freeing it took 20 ms of a `check` at 10 000 documents.
    drop_later(cache);
    analysis
}

/// Frees `value` on a thread of its own: an analysis's caches, a
/// rendering's caches and site are tens of thousands of allocations, and
/// freeing them took a tenth of a `watch` rebuild that waits for nothing
/// they hold.
pub fn drop_later<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("playbook-free".to_string())
        .spawn(move || drop(value));
    // Without a thread (the system refused one), it is freed here, now.
    drop(spawned);
}

/// `analyze`, re-reading only the files that changed since the analysis
/// that filled `cache`, and resolving again only their references (what
/// `watch` does on every save).
pub fn analyze_cached(
    root: &Path,
    include_drafts: bool,
    today: Option<Date>,
    cache: &mut AnalysisCache,
) -> Analysis {
    let timer = Timer::new("analyze");
    let (mut corpus, mut diagnostics) = content::load_cached(root, &mut cache.load);
    timer.step("load");
    // Measured results in `data/` join their documents before anything
    // reads them (spec section 6).
    let (rows, problems) = cache
        .data
        .load(root, corpus.config.max_file_bytes, &mut corpus.sources);
    diagnostics.extend(problems);
    timer.step("data read");
    diagnostics.extend(cache.data.merge(&mut corpus, &rows));
    timer.step("data merge");
    // Releases (section 8) before the checks: a period is judged by the
    // terms of the release in force at its end (section 6).
    let (releases, release_problems) = crate::release::read_releases(root, &mut corpus.sources);
    diagnostics.extend(release_problems);
    let history = crate::release::history(&corpus, releases);
    if let Some(history) = &history {
        diagnostics.extend(crate::release::version_not_bumped(&corpus, history));
        crate::evaluation::apply_release_terms(&mut corpus, history);
    }
    timer.step("releases");
    let graph = graph::build_reusing(&corpus, &mut cache.graph);
    let today = today.unwrap_or_else(|| today_in(&corpus.config));
    let options = check::Options {
        include_drafts,
        today,
    };
    timer.step("graph");
    diagnostics.extend(check::run(&corpus, &graph, options));
    timer.step("checks");
    let corpus_timezone = corpus.config.timezone.clone();
    let templates = match templates::load(root, &mut corpus.sources) {
        Ok(templates) => Some(templates),
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    };
    timer.step("templates");
    diag::sort(&mut diagnostics);
    Analysis {
        corpus,
        graph,
        templates,
        diagnostics,
        history: history.map(std::sync::Arc::new),
        build_date: build_date(&corpus_timezone).unwrap_or(today),
        today,
    }
}

/// Today's date in the project's time zone.
pub fn today_in(config: &Config) -> Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(config.timezone.clone())
        .date()
}

/// The date of `SOURCE_DATE_EPOCH` (seconds since 1970) in the project's
/// time zone, when set and valid (commands check it first with
/// `source_date_epoch`, and refuse a malformed one).
fn build_date(timezone: &jiff::tz::TimeZone) -> Option<Date> {
    let timestamp = source_date_epoch().ok()??;
    Some(timestamp.to_zoned_datetime(timezone.clone()).date())
}

/// `SOURCE_DATE_EPOCH`, when set: an integer number of seconds since
/// 1970-01-01 UTC. `Err` says what is wrong with it (not text, not an
/// integer, out of range); reproducible-builds.org asks a malformed value
/// to stop the build rather than fall back to the clock.
pub fn source_date_epoch() -> Result<Option<jiff::Timestamp>, String> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let Some(text) = value.to_str() else {
        return Err(format!(
            "SOURCE_DATE_EPOCH is not UTF-8 text ({}); set it to the seconds since 1970-01-01 UTC, such as 1764547200",
            value.to_string_lossy()
        ));
    };
    let seconds: i64 = text.trim().parse().map_err(|_| {
        format!(
            "SOURCE_DATE_EPOCH `{text}` is not an integer; set it to the seconds since 1970-01-01 UTC, such as 1764547200"
        )
    })?;
    jiff::Timestamp::from_second(seconds)
        .map(Some)
        .map_err(|_| format!("SOURCE_DATE_EPOCH `{text}` is out of range (years -9999 to 9999)"))
}

/// `PLAYBOOK_TODAY=YYYY-MM-DD`, when set (so tests and CI are reproducible).
/// A value that is not UTF-8, or not such a date, is an error.
pub fn today_from_env() -> Result<Option<Date>, String> {
    match std::env::var("PLAYBOOK_TODAY") {
        Ok(text) => content::values::parse_date(&text)
            .map(Some)
            .map_err(|message| format!("PLAYBOOK_TODAY: {message}")),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(value)) => Err(format!(
            "PLAYBOOK_TODAY `{}` is not UTF-8 text; set it to a date as YYYY-MM-DD",
            value.to_string_lossy()
        )),
    }
}
