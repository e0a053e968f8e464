//! Watching a project for changes: `content/`, `templates/`, `static/`,
//! `data/`, `releases/` and `playbook.yaml`, with notify and its full debouncer (so that editors that
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
    /// The folders watched now, with the identity of the folder each
    /// path named when it was watched (a folder created later is added by
    /// `refresh`, one replaced by another is watched again).
    watched: Vec<(PathBuf, Option<FolderId>)>,
    pub batches: Receiver<Result<Batch, String>>,
}

/// Which folder a path names: its device and inode. A folder removed and
/// made again (`rm -rf content` and a restore, `git checkout`) has a new
/// one, and inotify's watch went with the old.
type FolderId = (u64, u64);

fn folder_id(path: &Path) -> Option<Option<FolderId>> {
    let metadata = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(Some((metadata.dev(), metadata.ino())))
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        Some(None)
    }
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

    /// Stops watching `path` (a watch the kernel already dropped, with its
    /// folder, is no error).
    fn unwatch(&mut self, path: &Path) {
        let _ = match self {
            Debouncer::Native(debouncer) => debouncer.unwatch(path),
            Debouncer::Poll(debouncer) => debouncer.unwatch(path),
        };
    }
}

/// What is watched: the project folder itself (for `playbook.yaml` and new
/// folders), and the five input folders with everything in them.
fn targets(root: &Path) -> [(PathBuf, RecursiveMode); 6] {
    [
        (root.to_path_buf(), RecursiveMode::NonRecursive),
        (root.join("content"), RecursiveMode::Recursive),
        (root.join("templates"), RecursiveMode::Recursive),
        (root.join("static"), RecursiveMode::Recursive),
        (root.join("data"), RecursiveMode::Recursive),
        // Release snapshots (section 8): the change log reads them.
        (
            root.join(crate::release::RELEASES_DIR),
            RecursiveMode::Recursive,
        ),
    ]
}

impl ProjectWatcher {
    /// Follows the project's folders as they are now: starts watching
    /// one that did not exist before (a `templates/` created while watch
    /// runs), watches again one that was replaced by a new folder (moved
    /// away and back, removed and restored) or, with `again`, every one,
    /// and forgets one that is gone. Call after each batch and now and
    /// then between them (a folder replaced while nothing else changed
    /// gives no event the old watch could see). Returns whether anything
    /// changed.
    pub fn refresh(&mut self, again: bool) -> Result<bool, String> {
        let mut changed = false;
        for (path, mode) in targets(&self.root) {
            let now = folder_id(&path);
            let known = self
                .watched
                .iter()
                .position(|(watched, _)| *watched == path);
            match (now, known) {
                (None, Some(index)) => {
                    self.debouncer.unwatch(&path);
                    self.watched.remove(index);
                    changed = true;
                }
                (Some(id), Some(index)) if again || id != self.watched[index].1 => {
                    self.debouncer.unwatch(&path);
                    self.watched.remove(index);
                    self.debouncer.watch(&path, mode)?;
                    self.watched.push((path, id));
                    changed = true;
                }
                (Some(id), None) => {
                    self.debouncer.watch(&path, mode)?;
                    self.watched.push((path, id));
                    changed = true;
                }
                _ => {}
            }
        }
        Ok(changed)
    }
}

/// Whether the folder at `root` is a project that can be built: it has
/// `content/` (without it every document would seem deleted, and an empty
/// site served).
pub fn is_project(root: &Path) -> bool {
    root.join("content").is_dir()
}

/// What of the project is gone, when `is_project` says it is.
pub fn what_is_gone(root: &Path) -> &'static str {
    if !root.is_dir() {
        "the project folder is gone"
    } else if !root.join("playbook.yaml").is_file() {
        "`playbook.yaml` and `content/` are gone"
    } else {
        "`content/` is gone"
    }
}

/// Whether a batch names one of the watched folders itself (created,
/// removed or moved): then every folder is watched again.
pub fn names_a_folder(root: &Path, paths: &[PathBuf]) -> bool {
    paths.iter().any(|path| {
        path == root
            || targets(root)
                .iter()
                .any(|(folder, _)| folder == path && folder != root)
    })
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
        // The project folder itself (moved or removed).
        return true;
    };
    let top_level_ok = match first.as_str() {
        "content" | "templates" | "static" | "data" | crate::release::RELEASES_DIR => true,
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
    watcher.refresh(false)?;
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
        assert!(is_relevant(root, Path::new("/p/data/2026-06.csv")));
        assert!(!is_relevant(root, Path::new("/p/data/.~lock.2026-06.csv#")));
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
