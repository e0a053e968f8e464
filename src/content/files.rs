//! Finding the documents: every `*.md` under `content/`, symlinks followed,
//! hidden files and editor backups skipped, loops and dangling links reported.
//!
//! This module owns `walkdir`.

/// The project's configuration file, at its root.
pub const CONFIG_FILE: &str = "playbook.yaml";

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Code, Diagnostic, Pos};

/// A document file found under `content/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Relative to the project root, with `/`.
    pub path: String,
    pub absolute: PathBuf,
    /// The file is a symbolic link: its target may live outside the
    /// watched folders, where `watch` sees no event when it changes.
    pub linked: bool,
}

/// Whether a file or folder name is skipped: hidden (`.git`, `.draft.md`)
/// or an editor's backup or lock file (`a.md~`, `#a.md#`).
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || (name.starts_with('#') && name.ends_with('#'))
}

/// The project-relative path with `/` separators.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Lists the documents of `<root>/content`, sorted by path. A missing
/// `content/` folder is an empty project.
pub fn find(root: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let content = root.join("content");
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    if !content.is_dir() {
        return (found, diagnostics);
    }
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_file()
                    && entry
                        .path()
                        .extension()
                        .is_some_and(|extension| extension == "md")
                {
                    found.push(Found {
                        path: relative_path(root, entry.path()),
                        absolute: entry.path().to_path_buf(),
                        linked: entry.path_is_symlink(),
                    });
                }
            }
            Err(error) => diagnostics.push(walk_problem(root, &error)),
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    (found, diagnostics)
}

/// A problem met while walking a folder of the project (`content/`,
/// `templates/`, `static/`), at the path where it was met: a symbolic link
/// that loops back to one of its own parent folders (`symlink-loop`), one
/// pointing to nothing (`dangling-symlink`), or anything unreadable.
pub fn walk_problem(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error
        .path()
        .map(|path| relative_path(root, path))
        .unwrap_or_else(|| "content".to_string());
    if let Some(ancestor) = error.loop_ancestor() {
        Diagnostic::new(
            Code::SymlinkLoop,
            path,
            Pos::START,
            format!(
                "symbolic link loops back to `{}`",
                relative_path(root, ancestor)
            ),
        )
        .with_help("remove the link, or point it outside its own parent folders")
    } else if error
        .path()
        .is_some_and(|path| path.symlink_metadata().is_ok() && !path.exists())
    {
        let target = error
            .path()
            .and_then(|path| std::fs::read_link(path).ok())
            .map(|target| target.display().to_string())
            .unwrap_or_default();
        Diagnostic::new(
            Code::DanglingSymlink,
            path,
            Pos::START,
            format!("symbolic link points to `{target}`, which does not exist"),
        )
        .with_help("fix or remove the link")
    } else {
        Diagnostic::new(
            Code::UnreadableFile,
            path,
            Pos::START,
            format!(
                "cannot read: {}",
                error
                    .io_error()
                    .map(|e| e.to_string())
                    .unwrap_or_else(|| error.to_string())
            ),
        )
    }
}

/// What a walk of `<root>/static` found.
#[derive(Clone, Debug, Default)]
pub struct StaticFiles {
    /// Files as root paths (`/logo.png`).
    pub named: std::collections::BTreeSet<String>,
    /// Files whose path is not UTF-8 (relative to `static/`, byte for
    /// byte): no link can name them, but they are copied as they are.
    pub unnamed: Vec<PathBuf>,
}

/// The files of `<root>/static`, and the problems of the walk. A
/// symbolic-link loop or a dangling link there is reported as under
/// `content/`, rather than silently dropping files; a link into
/// `content/` or into the default output folder (`public/`) is an error.
pub fn find_static(root: &Path) -> (StaticFiles, Vec<Diagnostic>) {
    walk_static(root, &root.join("public"))
}

/// The `static-into-output` problems of `static/` for a build writing
/// into `out` (`find_static` looks for links into the default output).
pub fn static_into_output(root: &Path, out: &Path) -> Vec<Diagnostic> {
    let resolve = crate::output::place::resolve;
    if resolve(out).ok() == resolve(&root.join("public")).ok() {
        return Vec::new();
    }
    walk_static(root, out)
        .1
        .into_iter()
        .filter(|problem| problem.code == Code::StaticIntoOutput)
        .collect()
}

/// `find_static` with the output folder `out`.
fn walk_static(root: &Path, out: &Path) -> (StaticFiles, Vec<Diagnostic>) {
    let folder = root.join("static");
    let mut files = StaticFiles::default();
    let mut problems = Vec::new();
    if !folder.is_dir() {
        return (files, problems);
    }
    // Static files are copied into every edition as they are: one that is
    // (through a link) a file of `content/` would publish a document's
    // source, internal ones included, in the vendor edition; a link to the
    // output folder (or a folder holding it) would copy the last build,
    // the company edition too, into each edition, growing every build.
    let content = root.join("content").canonicalize().ok();
    let out = crate::output::place::resolve(out).ok();
    let leads_into = |path: &Path, into: &Option<PathBuf>| {
        into.as_ref().is_some_and(|into| {
            path.canonicalize()
                .is_ok_and(|real| real.starts_with(into) || into.starts_with(&real))
        })
    };
    let mut walk = WalkDir::new(&folder).follow_links(true).into_iter();
    while let Some(entry) = walk.next() {
        match entry {
            // A link (or `static/` itself) into `content/` or the output
            // is reported once, where it is, and not followed.
            Ok(entry)
                if (entry.path_is_symlink() || entry.depth() == 0)
                    && (leads_into(entry.path(), &content) || leads_into(entry.path(), &out)) =>
            {
                let problem = if leads_into(entry.path(), &content) {
                    Diagnostic::new(
                        Code::StaticIntoContent,
                        relative_path(root, entry.path()),
                        Pos::START,
                        "this static path leads into `content/` (through a symbolic link): \
                         document sources, internal ones included, would be copied as they \
                         are into every edition"
                            .to_string(),
                    )
                    .with_help("remove the link; link to a document's page with `[[ID]]` instead")
                } else {
                    Diagnostic::new(
                        Code::StaticIntoOutput,
                        relative_path(root, entry.path()),
                        Pos::START,
                        "this static path leads into the output folder (through a symbolic \
                         link): every build would copy the last output, the company edition \
                         too, into each edition, and grow each time"
                            .to_string(),
                    )
                    .with_help(
                        "remove the link; `static/` is for files you write, not for built pages",
                    )
                };
                problems.push(problem);
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
            }
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry.path().strip_prefix(&folder).unwrap_or(entry.path());
                if relative.to_str().is_some() {
                    files
                        .named
                        .insert(format!("/{}", relative_path(&folder, entry.path())));
                } else {
                    files.unnamed.push(relative.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(error) => problems.push(walk_problem(root, &error)),
        }
    }
    (files, problems)
}

/// Decodes a file as UTF-8 and refuses NUL bytes, reporting the first bad
/// byte at its line and column.
pub fn decode(bytes: &[u8], path: &str) -> Result<String, Diagnostic> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            return Err(Diagnostic::new(
                Code::InvalidUtf8,
                path,
                position_after(prefix),
                format!("the file is not valid UTF-8 (byte {} cannot be decoded)", error.valid_up_to()),
            )
            .with_help("save the file as UTF-8 (editors call it \"UTF-8\" or \"Unicode\"; GBK and GB2312 are not accepted)"));
        }
    };
    if let Some(index) = text.find('\0') {
        return Err(Diagnostic::new(
            Code::NulByte,
            path,
            position_after(&text[..index]),
            "the file contains a NUL byte",
        )
        .with_help(
            "documents are text; remove the NUL byte (is this a binary file with a `.md` name?)",
        ));
    }
    Ok(text.to_string())
}

/// The position of the character after `prefix` (a BOM is not counted).
fn position_after(prefix: &str) -> Pos {
    let prefix = prefix.strip_prefix('\u{feff}').unwrap_or(prefix);
    let line = prefix.matches('\n').count() as u32 + 1;
    let last_line = prefix.rsplit('\n').next().unwrap_or("");
    Pos::new(line, last_line.chars().count() as u32 + 1)
}
