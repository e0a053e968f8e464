//! Writing editions: where `build` may write (`place`), the files of one
//! edition (`DirSink`), and swapping whole editions into the output folder
//! so that a failed or interrupted build never leaves one half-made or
//! missing (`swap`).

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::render::Sink;

pub mod place;
pub mod swap;

pub use swap::{OutputLock, Staged};

/// A sink writing under one folder.
pub struct DirSink {
    root: PathBuf,
    /// The folders made so far (asking the kernel to make an existing
    /// folder again, for each of 20 000 files, was two system calls each
    /// and contended with the files being created in it).
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl DirSink {
    /// A sink writing under `root`.
    pub fn new(root: PathBuf) -> Self {
        DirSink {
            root,
            made: Default::default(),
        }
    }

    /// Where `path` goes, creating its folder.
    fn target(&self, path: &str) -> io::Result<PathBuf> {
        let relative = Path::new(path);
        // Paths come from IDs, kind names and static files; refuse anything
        // that could climb out of the edition folder all the same.
        if relative.is_absolute()
            || relative
                .components()
                .any(|component| !matches!(component, Component::Normal(_)))
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {path}"),
            ));
        }
        let target = self.root.join(relative);
        if let Some(parent) = target.parent() {
            // A writer that panicked holding the list is surfaced, not
            // skipped: the build then fails with this error.
            let poisoned =
                |_| io::Error::other("another writer of the output failed (a lock is poisoned)");
            let known = self.made.lock().map_err(poisoned)?.contains(parent);
            if !known {
                fs::create_dir_all(parent)?;
                self.made
                    .lock()
                    .map_err(poisoned)?
                    .insert(parent.to_path_buf());
            }
        }
        Ok(target)
    }
}

impl Sink for DirSink {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        swap::fault_before_write()?;
        fs::write(self.target(path)?, bytes)
    }

    fn open<'s>(&'s self, path: &str) -> io::Result<Box<dyn crate::render::OpenFile + 's>> {
        swap::fault_before_write()?;
        let file = fs::File::create(self.target(path)?)?;
        Ok(Box::new(OpenDirFile(io::BufWriter::with_capacity(
            1 << 20,
            file,
        ))))
    }
}

/// A file of a `DirSink` being written (`Sink::open`).
struct OpenDirFile(io::BufWriter<fs::File>);

impl io::Write for OpenDirFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes)
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.0.write_all(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl crate::render::OpenFile for OpenDirFile {
    fn finish(mut self: Box<Self>) -> io::Result<()> {
        use io::Write;
        self.0.flush()
    }
}

/// Copies the files of `static/` whose path is not UTF-8 into an edition
/// folder, the name kept byte for byte (rendering copies the others: a
/// `Sink` takes text paths).
pub fn copy_unnamed_static(corpus: &crate::content::Corpus, edition: &Path) -> io::Result<()> {
    for relative in &corpus.static_unnamed {
        let source = corpus.root.join("static").join(relative);
        let target = edition.join(relative);
        let copied = target
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::copy(&source, &target).map(|_| ()));
        if let Err(error) = copied {
            return Err(io::Error::new(
                error.kind(),
                format!("cannot copy `{}`: {error}", source.display()),
            ));
        }
    }
    Ok(())
}
