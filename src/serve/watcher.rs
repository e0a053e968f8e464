//! Watching a project for changes: `content/`, `templates/`, `static/`,
//! `releases/` and `playbook.yaml`, with notify and its full debouncer (so that editors that
//! write a temporary file and rename it, or delete and recreate, give one
//! settled batch), or by polling (`--poll`) where inotify is unavailable.
//! Swap, backup and hidden files are ignored, and so is the output.
//!
//! This module owns `notify` and `notify-debouncer-full`.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer, new_debouncer_opt};

use crate::content::files::is_ignored_name;

/// How long events settle before a rebuild starts.
pub const DEBOUNCE: Duration = Duration::from_millis(40);

/// How often `--poll` looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// A settled batch of changes.
pub struct Batch {
    /// When the debouncer delivered it ("rebuilt in N ms" counts from here).
    pub received: Instant,
    pub paths: Vec<PathBuf>,
    /// Events were lost (the kernel's queue overflowed): `paths` may not
    /// be all that changed, and every file must be looked at again.
    pub rescan: bool,
}

/// A running watcher; dropping it stops watching.
pub struct ProjectWatcher {
    debouncer: Debouncer,
    root: PathBuf,
    /// The folders watched so far (a folder created later is added by
    /// `refresh`).
    watched: Vec<PathBuf>,
    pub batches: Receiver<Result<Batch, String>>,
}

/// The debouncer over inotify (or the platform's watcher), or over polling.
enum Debouncer {
    Native(
        notify_debouncer_full::Debouncer<
            notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    ),
    Poll(notify_debouncer_full::Debouncer<notify::PollWatcher, notify_debouncer_full::NoCache>),
}

impl Debouncer {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<(), String> {
        let result = match self {
            Debouncer::Native(debouncer) => debouncer.watch(path, mode),
            Debouncer::Poll(debouncer) => debouncer.watch(path, mode),
        };
        result.map_err(|error| describe_error(&error))
    }
}

/// What is watched: the project folder itself (for `playbook.yaml` and new
/// folders), and the three input folders with everything in them.
fn targets(root: &Path) -> [(PathBuf, RecursiveMode); 5] {
    [
        (root.to_path_buf(), RecursiveMode::NonRecursive),
        (root.join("content"), RecursiveMode::Recursive),
        (root.join("templates"), RecursiveMode::Recursive),
        (root.join("static"), RecursiveMode::Recursive),
        // Release snapshots (section 8): the change log reads them.
        (
            root.join(crate::release::RELEASES_DIR),
            RecursiveMode::Recursive,
        ),
    ]
}

impl ProjectWatcher {
    /// Starts watching input folders that did not exist before (a
    /// `templates/` created while watch runs). Call after each batch.
    pub fn refresh(&mut self) -> Result<(), String> {
        for (path, mode) in targets(&self.root) {
            if path.is_dir() && !self.watched.contains(&path) {
                self.debouncer.watch(&path, mode)?;
                self.watched.push(path);
            }
        }
        Ok(())
    }
}

/// Whether a changed path can affect the site.
pub fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string());
    let Some(first) = components.next() else {
        return false;
    };
    let top_level_ok = match first.as_str() {
        "content" | "templates" | "static" | crate::release::RELEASES_DIR => true,
        "playbook.yaml" => return true,
        _ => false,
    };
    top_level_ok
        && relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .all(|name| !is_ignored_name(&name) && !is_editor_temp(&name))
}

/// Editors' temporary files: vim's swap files and its `4913` probe,
/// Emacs lock files, and `*.tmp` / `*.swp` in general.
fn is_editor_temp(name: &str) -> bool {
    name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.starts_with(".#")
}

/// Starts watching `root`.
pub fn watch(root: &Path, poll: bool) -> Result<ProjectWatcher, String> {
    let (sender, batches) = channel();
    let root_for_events = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        let batch = match result {
            Ok(events) => {
                let rescan = events.iter().any(|event| event.need_rescan());
                // Opening and reading a file is an event too (inotify reports
                // it); a rebuild reads every file, so counting reads would
                // rebuild forever. Only changes count.
                let mut paths: Vec<PathBuf> = events
                    .iter()
                    .filter(|event| !event.kind.is_access() && !event.kind.is_other())
                    .flat_map(|event| event.paths.iter().cloned())
                    .filter(|path| is_relevant(&root_for_events, path))
                    .collect();
                paths.sort();
                paths.dedup();
                if paths.is_empty() && !rescan {
                    return;
                }
                Ok(Batch {
                    received: Instant::now(),
                    paths,
                    rescan,
                })
            }
            Err(errors) => Err(errors
                .iter()
                .map(describe_error)
                .collect::<Vec<_>>()
                .join("; ")),
        };
        let _ = sender.send(batch);
    };
    let debouncer = if poll {
        // Compare contents too: modification times may be too coarse to tell
        // two saves within one second apart.
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        Debouncer::Poll(
            new_debouncer_opt::<_, notify::PollWatcher, _>(
                DEBOUNCE,
                None,
                handler,
                notify_debouncer_full::NoCache,
                config,
            )
            .map_err(|error| describe_error(&error))?,
        )
    } else {
        Debouncer::Native(
            new_debouncer(DEBOUNCE, None, handler).map_err(|error| describe_error(&error))?,
        )
    };
    let mut watcher = ProjectWatcher {
        debouncer,
        root: root.to_path_buf(),
        watched: Vec::new(),
        batches,
    };
    watcher.refresh()?;
    Ok(watcher)
}

fn describe_error(error: &notify::Error) -> String {
    match &error.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "the system's limit of inotify watches is reached: raise it \
             (sysctl fs.inotify.max_user_watches=524288) or run `playbook watch --poll`"
                .to_string()
        }
        _ => format!("cannot watch the project: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_project_inputs_count() {
        let root = Path::new("/p");
        assert!(is_relevant(root, Path::new("/p/content/a.md")));
        assert!(is_relevant(root, Path::new("/p/playbook.yaml")));
        assert!(is_relevant(root, Path::new("/p/templates/base.html")));
        assert!(is_relevant(root, Path::new("/p/releases/2026.1.json")));
        assert!(!is_relevant(
            root,
            Path::new("/p/releases/.2026.2.json.writing-7")
        ));
        assert!(!is_relevant(
            root,
            Path::new("/p/public/company/index.html")
        ));
        assert!(!is_relevant(root, Path::new("/p/content/.a.md.swp")));
        assert!(!is_relevant(root, Path::new("/p/content/a.md~")));
        assert!(!is_relevant(root, Path::new("/p/content/4913")));
        assert!(!is_relevant(root, Path::new("/p/content/#a.md#")));
        assert!(!is_relevant(root, Path::new("/p/target/x")));
    }

    /// Running out of inotify watches (a large project on a default
    /// limit) says what to do about it, both ways.
    #[test]
    fn the_inotify_limit_names_the_sysctl_and_polling() {
        let message = describe_error(&notify::Error::new(notify::ErrorKind::MaxFilesWatch));
        assert!(
            message.contains("sysctl fs.inotify.max_user_watches=")
                && message.contains("playbook watch --poll"),
            "{message}"
        );
        let other = describe_error(&notify::Error::generic("boom"));
        assert!(other.starts_with("cannot watch the project: "), "{other}");
    }
}
