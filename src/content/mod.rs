//! Loading a project: `playbook.yaml`, then every document under `content/`
//! (found, read, decoded, split, parsed and validated in parallel), and the
//! list of `static/` files that root links may point to.
//!
//! `load` is the first stage of every command; it never stops at the first
//! problem and never panics on what a user wrote.

pub mod document;
pub mod fields;
pub mod files;
pub mod front_matter_schema;
pub mod kind_fields;
pub mod schema;
pub mod split;
pub mod values;
pub mod yaml;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diag::{Code, Diagnostic, Pos, Sources};
use crate::fasthash::BuildFastHasher;
use document::Document;
pub use files::decode;

/// Everything read from a project.
#[derive(Debug)]
pub struct Corpus {
    pub root: PathBuf,
    pub config: Config,
    /// Sorted by path.
    /// Shared with `watch`'s cache, so that a rebuild does not copy every
    /// unchanged document.
    pub documents: Vec<Arc<Document>>,
    /// Files of `static/`, as root paths (`/logo.png`).
    pub static_files: BTreeSet<String>,
    /// Files of `static/` whose path is not UTF-8 (relative to `static/`):
    /// copied by `build` byte for byte, never linked to.
    pub static_unnamed: Vec<PathBuf>,
    pub sources: Sources,
    /// Files under `content/` that have errors which keep them from being
    /// a document, sorted by path.
    pub broken: Vec<BrokenFile>,
}

/// A file that is not a document because of its errors, as far as its raw
/// text tells: the ID it declares and the IDs it names. A reference to
/// that ID names the file ("no document has the ID" told nothing), and
/// warnings that could follow from the document's absence are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BrokenFile {
    pub path: String,
    /// From its `id:` line, if it has one.
    pub id: Option<String>,
    /// Every word of its text written like an ID (`REQ-CHAT`).
    pub mentions: BTreeSet<String>,
}

impl BrokenFile {
    fn read(path: &str, text: &str) -> BrokenFile {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.lines();
        // The front matter, to its closing `---` (or the end, unclosed).
        let front_matter = match lines.next() {
            Some(first) if first.trim_end() == "---" => Some(lines),
            _ => None,
        };
        let id = front_matter
            .into_iter()
            .flatten()
            .take_while(|line| line.trim_end() != "---")
            .find_map(|line| line.strip_prefix("id:"))
            .map(|value| {
                let value = value.split(" #").next().unwrap_or(value).trim();
                value.trim_matches(['"', '\'']).trim().to_string()
            })
            .filter(|id| !id.is_empty());
        let mentions = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .filter(|word| {
                word.contains('-')
                    && word.starts_with(|c: char| c.is_ascii_uppercase())
                    && !word.ends_with('-')
                    && !word.chars().any(|c| c.is_ascii_lowercase())
            })
            .map(str::to_string)
            .collect();
        BrokenFile {
            path: path.to_string(),
            id,
            mentions,
        }
    }
}

/// What the previous load of a project found, so that a rebuild (`watch`)
/// reads and parses again only the files that changed. A file is not read
/// again when the watcher did not name it (and named only known files),
/// or, for a symbolic link or when the watcher's paths are not all known
/// files, when its size and modification time are those of the cached
/// copy (`hint_changed`); a file that is read is parsed again only when
/// its bytes differ. Without a hint (the first load, or a watcher that
/// lost events) every file is read and compared by its bytes.
#[derive(Default)]
pub struct LoadCache {
    /// The configuration the cached files were validated against.
    config_text: Option<Arc<str>>,
    /// Shared with the load that made them (a rebuild takes an unchanged
    /// file's result as it is, without copying it).
    files: crate::fasthash::FastMap<String, Arc<Loaded>>,
    /// The files the watcher saw change since the last load, relative to
    /// the root (`None`: unknown, so every file is read again).
    changed: Option<std::collections::HashSet<String, BuildFastHasher>>,
    /// The last walk of `content/` and `static/` and what it reported.
    walk: Option<Walk>,
}

#[derive(Clone)]
struct Walk {
    found: Vec<files::Found>,
    problems: Vec<Diagnostic>,
    static_files: files::StaticFiles,
    static_problems: Vec<Diagnostic>,
}

impl LoadCache {
    /// Tells the next load which files changed (the watcher's paths). A
    /// file not among them whose size and modification time are those of
    /// the cached copy is not read again: at 10 000 documents, reading
    /// every file to compare its bytes was most of a rebuild.
    pub fn hint_changed(&mut self, root: &Path, paths: &[PathBuf]) {
        let canonical = root.canonicalize().ok();
        self.changed = Some(
            paths
                .iter()
                .filter_map(|path| {
                    path.strip_prefix(root).ok().or_else(|| {
                        canonical
                            .as_ref()
                            .and_then(|canonical| path.strip_prefix(canonical).ok())
                    })
                })
                .map(|relative| relative.to_string_lossy().replace('\\', "/"))
                // Data files are read again on every load (`data::load`):
                // an edited CSV says nothing about the documents, whose
                // cached copies stay valid.
                .filter(|relative| !relative.starts_with("data/"))
                .collect(),
        );
    }
}

/// Loads the project at `root`.
pub fn load(root: &Path) -> (Corpus, Vec<Diagnostic>) {
    load_cached(root, &mut LoadCache::default())
}

/// Loads the project at `root`, reusing what `cache` holds from the last
/// load when a file's bytes are unchanged.
pub fn load_cached(root: &Path, cache: &mut LoadCache) -> (Corpus, Vec<Diagnostic>) {
    let mut sources = Sources::default();
    let (config, mut diagnostics) = config::load(root, &mut sources);
    // Channels, audiences and limits shape validation: a changed
    // configuration invalidates every cached file.
    let config_text = sources.get(config::CONFIG_FILE).map(Arc::from);
    if cache.config_text != config_text {
        cache.files.clear();
        cache.config_text = config_text;
    }
    let changed = cache.changed.take();
    // When every changed path is a document read last time that is still
    // a file, no file came or went: the last walk still holds (a created,
    // removed or renamed file or folder is a path the cache does not know,
    // or one that is gone).
    let same_files = changed.as_ref().is_some_and(|changed| {
        changed.iter().all(|path| {
            cache.files.contains_key(path) && root.join(path).metadata().is_ok_and(|m| m.is_file())
        })
    });
    let walk = match cache.walk.take().filter(|_| same_files) {
        Some(walk) => walk,
        None => {
            let (found, problems) = files::find(root);
            let (static_files, static_problems) = files::find_static(root);
            Walk {
                found,
                problems,
                static_files,
                static_problems,
            }
        }
    };
    diagnostics.extend(walk.problems.iter().cloned());
    // When the watcher named only known files, a file it did not name is
    // unchanged: it is not even looked at (10 000 `stat` calls were an
    // eighth of a rebuild). Otherwise (a folder moved, an unknown path)
    // and for symbolic links (their target may change unseen), the size
    // and modification time decide. A watcher that lost events (an
    // overflowing queue, an error) gives no hint, and every file is read.
    let trust_hint = same_files;
    let found = &walk.found;
    let previous = &cache.files;
    let loaded: Vec<Arc<Loaded>> = found
        .par_iter()
        .map(|file| {
            let previous = previous.get(&file.path);
            if let (Some(previous), Some(changed)) = (previous, &changed)
                && !changed.contains(&file.path)
                && previous.stamp.is_some()
                && (trust_hint && !file.linked || previous.stamp == stamp_of(&file.absolute))
            {
                return Arc::clone(previous);
            }
            Arc::new(load_file(
                file,
                &config,
                previous.map(|previous| &**previous),
            ))
        })
        .collect();
    let mut documents = Vec::with_capacity(loaded.len());
    let mut next_cache = crate::fasthash::map_with_capacity(loaded.len());
    // The walk gives the files sorted by path: the texts go into `sources`
    // in one sorted batch, not one search of the tree each.
    let mut texts = Vec::with_capacity(loaded.len());
    let mut broken = Vec::new();
    for file in loaded {
        if file.document.is_none()
            && let Some(text) = &file.text
            && file.path.ends_with(".md")
        {
            broken.push(BrokenFile::read(&file.path, text));
        }
        diagnostics.extend(file.diagnostics.iter().cloned());
        if let Some(text) = &file.text {
            texts.push((file.path.clone(), text.clone()));
        }
        documents.extend(file.document.iter().cloned());
        next_cache.insert(file.path.clone(), file);
    }
    sources.insert_all(texts);
    cache.files = next_cache;
    diagnostics.extend(walk.static_problems.iter().cloned());
    let static_files = walk.static_files.named.clone();
    let static_unnamed = walk.static_files.unnamed.clone();
    cache.walk = Some(walk);
    (
        Corpus {
            root: root.to_path_buf(),
            config,
            documents,
            static_files,
            static_unnamed,
            sources,
            broken,
        },
        diagnostics,
    )
}

/// A hash of a file's text (see `Document::source_hash`): every byte of
/// every document goes through it on each load, with `fasthash` rather
/// than SipHash (a fingerprint of one's own files needs no resistance to
/// attack).
fn hash_text(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::fasthash::FastHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// A file's size and modification time.
type Stamp = Option<(u64, std::time::SystemTime)>;

fn stamp_of(path: &Path) -> Stamp {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()?))
}

#[derive(Clone)]
struct Loaded {
    path: String,
    /// Its size and modification time when it was read.
    stamp: Stamp,
    text: Option<Arc<str>>,
    document: Option<Arc<Document>>,
    diagnostics: Vec<Diagnostic>,
}

fn load_file(file: &files::Found, config: &Config, previous: Option<&Loaded>) -> Loaded {
    let mut loaded = Loaded {
        path: file.path.clone(),
        stamp: None,
        text: None,
        document: None,
        diagnostics: Vec::new(),
    };
    let problem = |code: Code, message: String| {
        Diagnostic::new(code, file.path.as_str(), Pos::START, message)
    };
    // The size and time of the file opened, not of its path (one lookup
    // of the path instead of two, for each of 10 000 files; and the file
    // measured is the one read).
    let unreadable = |error: std::io::Error| {
        problem(
            Code::UnreadableFile,
            format!("cannot read the file: {error}"),
        )
    };
    let opened = std::fs::File::open(&file.absolute)
        .and_then(|opened| opened.metadata().map(|metadata| (opened, metadata)));
    let (mut opened, metadata) = match opened {
        Ok(opened) => opened,
        Err(error) => {
            loaded.diagnostics.push(unreadable(error));
            return loaded;
        }
    };
    loaded.stamp = metadata.modified().ok().map(|time| (metadata.len(), time));
    if metadata.len() > config.max_file_bytes {
        loaded.diagnostics.push(
            problem(
                Code::FileTooLarge,
                format!(
                    "the file is {} bytes, over the limit of {} bytes",
                    metadata.len(),
                    config.max_file_bytes
                ),
            )
            .with_help("split the document, or raise `limits.max_file_bytes` in `playbook.yaml`"),
        );
        return loaded;
    }
    if metadata.len() > config.max_document_bytes {
        loaded
            .diagnostics
            .push(document_too_large(&file.path, metadata.len(), config));
        return loaded;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0) + 1);
    if let Err(error) = std::io::Read::read_to_end(&mut opened, &mut bytes) {
        loaded.diagnostics.push(unreadable(error));
        return loaded;
    }
    drop(opened);
    if let Some(previous) = previous
        && previous
            .text
            .as_ref()
            .is_some_and(|text| text.as_bytes() == bytes.as_slice())
    {
        return Loaded {
            stamp: loaded.stamp,
            ..previous.clone()
        };
    }
    let (text, document, diagnostics) = load_bytes(&bytes, &file.path, config);
    loaded.text = text;
    loaded.document = document.map(Arc::new);
    loaded.diagnostics = diagnostics;
    loaded
}

/// A document over `limits.max_document_bytes`: refused before it is read,
/// since rendering one document holds several copies of it at once (its
/// Markdown parse tree, its HTML for its page and the print page, its
/// search text): a table costs about 35 times its size.
fn document_too_large(path: &str, bytes: u64, config: &Config) -> Diagnostic {
    Diagnostic::new(
        Code::DocumentTooLarge,
        path,
        Pos::START,
        format!(
            "the document is {bytes} bytes, more than `limits.max_document_bytes` ({}): rendering it could take up to about {} MB of memory",
            config.max_document_bytes,
            bytes.saturating_mul(MEMORY_PER_DOCUMENT_BYTE) / 1_000_000
        ),
    )
    .with_help(
        "split it into several documents (one per topic, or per month), and put long tables of results into `data/` as CSV; or raise `limits.max_document_bytes` in `playbook.yaml`",
    )
}

/// Bytes of memory a `build` takes per byte of a document, for the worst
/// shape measured (a document of one table; `benches/huge_inputs.py`).
const MEMORY_PER_DOCUMENT_BYTE: u64 = 36;

/// Decodes, splits, parses and validates one document from its bytes: all
/// that `load` does with a file once it is read (the size limit aside).
/// Returns the decoded text (when it decodes), the document (when its
/// identity could be read) and every problem found. Public so that the fuzz
/// targets (`fuzz/`) drive the very path `check` takes for a file.
pub fn load_bytes(
    bytes: &[u8],
    path: &str,
    config: &Config,
) -> (Option<Arc<str>>, Option<Document>, Vec<Diagnostic>) {
    let text: Arc<str> = match decode(bytes, path) {
        Ok(text) => Arc::from(text),
        Err(diagnostic) => return (None, None, vec![diagnostic]),
    };
    let without_bom = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let split = match split::split(without_bom, path) {
        Ok(split) => split,
        Err(diagnostic) => return (Some(text.clone()), None, vec![diagnostic]),
    };
    let line_offset = split.front_matter_line - 1;
    let mut front_matter = match yaml::parse(split.front_matter, config.yaml_limits()) {
        Ok(node) => node,
        Err(error) if error.code == Code::YamlTooLarge => {
            // The whole block is the problem, not the value that crossed
            // the budget: reported at its opening `---`.
            let diagnostic = Diagnostic::new(error.code, path, Pos::START, error.message)
                .with_help("a long list of results belongs in `data/` as CSV (one row per period); otherwise split the document");
            return (Some(text.clone()), None, vec![diagnostic]);
        }
        Err(error) => {
            let pos = Pos::new(error.pos.line + line_offset, error.pos.column);
            let diagnostic = Diagnostic::new(error.code, path, pos, error.message);
            return (Some(text.clone()), None, vec![diagnostic]);
        }
    };
    yaml::shift_lines(&mut front_matter, line_offset);
    let source = schema::Source {
        path,
        text: &text,
        body: split.body,
        body_line: split.body_line,
    };
    let (document, diagnostics) = schema::read_document(&front_matter, source, config);
    let document = document.map(|mut document| {
        document.source_hash = hash_text(&text);
        document.front_matter_hash =
            hash_text(&text[..text.len() - split.body.len().min(text.len())]);
        document
    });
    (Some(text), document, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_reports_the_first_bad_byte() {
        let error = decode(b"---\nid: A\ntitle: \xff\n", "a.md").unwrap_err();
        assert_eq!((error.code, error.pos), (Code::InvalidUtf8, Pos::new(3, 8)));
        let error = decode("---\n标题\0".as_bytes(), "a.md").unwrap_err();
        assert_eq!((error.code, error.pos), (Code::NulByte, Pos::new(2, 3)));
    }

    fn faq(id: &str, title: &str) -> String {
        format!(
            "---\nid: {id}\nkind: faq\ntitle: {title}\nowner: ops\nupdated: 2026-01-01\n---\nBody.\n"
        )
    }

    fn title_of(corpus: &Corpus, id: &str) -> String {
        corpus
            .documents
            .iter()
            .find(|document| document.id.value == id)
            .map(|document| document.title.clone())
            .unwrap_or_default()
    }

    /// A rebuild trusts the watcher for plain files, but looks at a
    /// symbolic link every time: its target may change outside the
    /// watched folders, where no event comes.
    #[cfg(unix)]
    #[test]
    fn a_linked_file_is_looked_at_even_when_the_watcher_names_another() {
        let project = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = project.path();
        std::fs::create_dir_all(root.join("content/faq")).unwrap();
        std::fs::write(root.join("content/faq/a.md"), faq("FAQ-A", "One")).unwrap();
        let target = outside.path().join("b.md");
        std::fs::write(&target, faq("FAQ-B", "One")).unwrap();
        std::os::unix::fs::symlink(&target, root.join("content/faq/b.md")).unwrap();
        let mut cache = LoadCache::default();
        let (corpus, _) = load_cached(root, &mut cache);
        assert_eq!(title_of(&corpus, "FAQ-B"), "One");

        std::fs::write(root.join("content/faq/a.md"), faq("FAQ-A", "Two")).unwrap();
        std::fs::write(&target, faq("FAQ-B", "Changed outside")).unwrap();
        cache.hint_changed(root, &[root.join("content/faq/a.md")]);
        let (corpus, _) = load_cached(root, &mut cache);
        assert_eq!(title_of(&corpus, "FAQ-A"), "Two");
        assert_eq!(title_of(&corpus, "FAQ-B"), "Changed outside");
    }
}
