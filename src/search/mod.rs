//! The client-side search index of an edition, built from that edition's
//! documents only (their rendered text, so nothing a left-out document
//! wrote or was called can get in). The index is split so that one query
//! loads only what it needs:
//!
//! - `search/meta.js`: the number of shards and document chunks;
//! - `search/shard-N.js`: the postings of the terms whose hash falls in
//!   shard N (a query loads one shard per term);
//! - `search/docs-N.js`: titles, URLs and the first 3 000 characters of
//!   text (for snippets) of a block of 20 documents (a query loads the
//!   blocks of the results it shows).
//!
//! Every file is a script calling `PlaybookSearch.…(…)`, so the index loads
//! from `file://` as well as from a server, without `fetch`.
//!
//! By stage: `tokenize` and `terms` a page's terms, `text` its plain text,
//! `encoding` the files, `index` an index made from nothing as pages
//! render, `incremental` a kept index patched, and `lanes` the one
//! interface `render` calls.

pub mod encoding;
pub mod incremental;
pub mod index;
pub mod lanes;
pub mod terms;
pub mod text;
pub mod tokenize;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

/// What the index knows of one document.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub kind_label: String,
    /// Relative to the edition root.
    pub url: String,
    pub tags: Vec<String>,
    /// Plain text of the summary and body, as the edition shows them.
    pub text: String,
}

impl Entry {
    /// Drops the text the index no longer needs once the terms are made
    /// (all but the snippet text), so an edition's entries stay small.
    pub fn keep_snippet_only(&mut self) {
        let end = snippet_text(&self.text).len();
        self.text.truncate(end);
        self.text.shrink_to_fit();
    }
}

/// Documents per `docs-N.js` file.
pub const DOCS_PER_CHUNK: usize = 20;

/// The files of an index of `entries` (one edition's pages, in order):
/// (path relative to the edition, content), made as `build` makes them.
pub fn build(entries: &[Entry]) -> Result<Vec<(String, String)>, Poisoned> {
    let index = StreamingIndex::new(entries.len());
    let mut files = Vec::new();
    for (doc, entry) in entries.iter().enumerate() {
        files.extend(index.add(doc, entry.clone())?);
    }
    files.extend(index.finish(|path, content| (path, content))?);
    Ok(files)
}

use encoding::*;
pub use incremental::IndexState;
use incremental::*;
pub use index::{STREAM_MAX_DOCUMENTS, StreamingIndex};
use lanes::*;
pub use lanes::{IndexFile, IndexPlan, IndexedPage, Indexes, Poisoned};
use terms::*;
pub use terms::{Terms, document_terms, shard_count, shard_of};
pub use text::{html_to_text, snippet_text};
