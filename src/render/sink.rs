//! Where rendered files go: a `Sink` (a folder for `build`, memory for
//! `watch`), whole files or files written piece by piece (`OpenFile`),
//! and the `Emit` a view hands each file to.

use super::*;

/// Where a view puts each file it makes (path relative to the edition,
/// bytes): written there and then, so that a view of many files (a year
/// of monthly reviews is 40 MB per edition) never holds them all.
pub type Emit<'e> = dyn FnMut(String, Vec<u8>) + 'e;

/// Where rendered files go (a folder for `build`, memory for `watch`).
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Writes a file the caller keeps too (a sink in memory keeps the same
    /// bytes instead of a copy).
    fn write_shared(&self, path: &str, bytes: Arc<[u8]>) -> std::io::Result<()> {
        self.write(path, &bytes)
    }

    /// A file to be written in pieces by the caller, in order, and then
    /// `finish`ed: `build` writes the print pages of its editions side by
    /// side. Unless a sink does better, the pieces are gathered in memory
    /// and written at the end.
    fn open<'s>(&'s self, path: &str) -> std::io::Result<Box<dyn OpenFile + 's>> {
        Ok(Box::new(GatheredFile {
            sink: self,
            path: path.to_string(),
            bytes: Vec::new(),
        }))
    }
}

/// A file being written (`Sink::open`).
pub trait OpenFile: std::io::Write + Send {
    /// Writes bytes the caller keeps too (a sink in memory keeps the same
    /// piece instead of a copy: see `serve::site::Content`).
    fn write_shared(&mut self, bytes: Arc<[u8]>) -> std::io::Result<()> {
        self.write_all(&bytes)
    }

    /// Ends the file: every byte written is in place, or the error says
    /// why not.
    fn finish(self: Box<Self>) -> std::io::Result<()>;
}

/// `Sink::open` of a sink that writes whole files only.
pub(super) struct GatheredFile<'s, S: Sink + ?Sized> {
    pub(super) sink: &'s S,
    pub(super) path: String,
    pub(super) bytes: Vec<u8>,
}

impl<S: Sink + ?Sized> std::io::Write for GatheredFile<'_, S> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.bytes.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<S: Sink + ?Sized> OpenFile for GatheredFile<'_, S> {
    fn finish(self: Box<Self>) -> std::io::Result<()> {
        self.sink.write(&self.path, &self.bytes)
    }
}
