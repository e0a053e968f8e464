//! Writing editions atomically: each edition is rendered into a temporary
//! folder beside the output, and only when every requested edition has
//! rendered are the folders swapped in, one rename each. A failed build
//! removes its temporary folders and leaves the previous output as it was;
//! a successful one replaces each edition folder whole, so no file of an
//! earlier build lingers.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::render::Sink;

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
            let known = self.made.lock().is_ok_and(|made| made.contains(parent));
            if !known {
                fs::create_dir_all(parent)?;
                if let Ok(mut made) = self.made.lock() {
                    made.insert(parent.to_path_buf());
                }
            }
        }
        Ok(target)
    }
}

impl Sink for DirSink {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.target(path)?, bytes)
    }

    fn open<'s>(&'s self, path: &str) -> io::Result<Box<dyn crate::render::OpenFile + 's>> {
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

/// An edition being built: its temporary folder and its final place.
pub struct Staged {
    pub temporary: PathBuf,
    pub target: PathBuf,
}

/// Creates a fresh temporary folder beside `<out>/<edition>`.
pub fn stage(out: &Path, edition: &str) -> io::Result<Staged> {
    fs::create_dir_all(out)?;
    let temporary = out.join(format!(".{edition}.building-{}", std::process::id()));
    if temporary.exists() {
        fs::remove_dir_all(&temporary)?;
    }
    fs::create_dir_all(&temporary)?;
    Ok(Staged {
        temporary,
        target: out.join(edition),
    })
}

/// Throws away staged editions after a failure.
pub fn discard(staged: &[Staged]) {
    for stage in staged {
        let _ = fs::remove_dir_all(&stage.temporary);
    }
}

/// Swaps every staged edition into place. The old folders are moved aside
/// first (a rename), so each edition changes in one step; they are deleted
/// after all swaps, which is the slow part and no longer blocks the site.
pub fn commit(staged: &[Staged]) -> io::Result<()> {
    let mut old_folders = Vec::new();
    for stage in staged {
        if stage.target.exists() {
            let aside = stage.target.with_file_name(format!(
                ".{}.old-{}",
                stage
                    .target
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("edition"),
                std::process::id()
            ));
            if aside.exists() {
                fs::remove_dir_all(&aside)?;
            }
            fs::rename(&stage.target, &aside)?;
            old_folders.push(aside);
        }
        fs::rename(&stage.temporary, &stage.target)?;
    }
    for folder in old_folders {
        fs::remove_dir_all(folder)?;
    }
    Ok(())
}
