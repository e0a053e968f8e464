//! What `watch` keeps of the last data step for the next: the rows of
//! `data/` (read again only when the watcher reports a path there), and
//! the documents the rows were merged into (merged again only when a row
//! or an SLA or KPI changed, or an ID or kind anywhere). A rebuild after a
//! body edit then costs no data file read and no merge: at 10 000
//! documents with a year of results, those were about a third of it.
//! `tests/watch_incremental.rs` and `tests/build_equals_watch.rs` hold the
//! result equal to a load from nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Row;
use crate::content::Corpus;
use crate::content::document::{Document, Kind};
use crate::diag::{Diagnostic, Sources};

/// The data step's memo; `Memo::default()` remembers nothing.
#[derive(Default)]
pub struct Memo {
    /// Whether a path under `data/` changed since the last load: `None`
    /// when unknown (a first build, a rescan), so every file is read.
    data_changed: Option<bool>,
    read: Option<Read>,
    merged: Option<Merged>,
}

/// One reading of `data/`.
struct Read {
    max_file_bytes: u64,
    rows: Arc<Vec<Row>>,
    problems: Vec<Diagnostic>,
    /// Each file's text, for the diagnostics' carets.
    texts: Vec<(String, Arc<str>)>,
}

/// One merge: its inputs, and what it replaced and reported.
struct Merged {
    rows: Arc<Vec<Row>>,
    inputs: Vec<Arc<Document>>,
    replaced: Vec<(usize, Arc<Document>)>,
    diagnostics: Vec<Diagnostic>,
}

impl Memo {
    /// Tells the next load which paths the watcher saw change.
    pub fn hint_changed(&mut self, root: &Path, paths: &[PathBuf]) {
        let canonical = root.canonicalize().ok();
        let mut changed = false;
        for path in paths {
            let relative = path.strip_prefix(root).ok().or_else(|| {
                canonical
                    .as_ref()
                    .and_then(|canonical| path.strip_prefix(canonical).ok())
            });
            match relative {
                // The root itself, `data/` or a file in it.
                Some(relative)
                    if relative.as_os_str().is_empty() || relative.starts_with(super::DATA_DIR) =>
                {
                    changed = true
                }
                Some(_) => {}
                // A path outside the root (a symbolic link's target?):
                // unknown, so everything is read again.
                None => {
                    self.data_changed = None;
                    return;
                }
            }
        }
        self.data_changed = Some(changed);
    }

    /// `super::load`, or its last result when no path under `data/`
    /// changed (and the size limit is the same).
    pub fn load(
        &mut self,
        root: &Path,
        max_file_bytes: u64,
        sources: &mut Sources,
    ) -> (Arc<Vec<Row>>, Vec<Diagnostic>) {
        let unchanged = self.data_changed.take() == Some(false);
        if let Some(read) = &self.read
            && unchanged
            && read.max_file_bytes == max_file_bytes
        {
            sources.insert_all(read.texts.clone());
            return (read.rows.clone(), read.problems.clone());
        }
        let mut own_sources = Sources::default();
        let (rows, problems) = super::load(root, max_file_bytes, &mut own_sources);
        let texts: Vec<(String, Arc<str>)> = own_sources.into_files().collect();
        sources.insert_all(texts.clone());
        let rows = Arc::new(rows);
        self.read = Some(Read {
            max_file_bytes,
            rows: rows.clone(),
            problems: problems.clone(),
            texts,
        });
        (rows, problems)
    }

    /// `super::merge`, or its last result when the rows are the same
    /// reading and nothing the merge reads of the documents changed: every
    /// SLA and KPI the same value, every other document the same ID and
    /// kind (a row naming it is a dangling or wrong-kind reference).
    pub fn merge(&mut self, corpus: &mut Corpus, rows: &Arc<Vec<Row>>) -> Vec<Diagnostic> {
        if let Some(merged) = &self.merged
            && Arc::ptr_eq(&merged.rows, rows)
            && same_inputs(&merged.inputs, &corpus.documents)
        {
            for (index, document) in &merged.replaced {
                corpus.documents[*index] = document.clone();
            }
            return merged.diagnostics.clone();
        }
        let inputs = corpus.documents.clone();
        let diagnostics = super::merge(corpus, rows);
        let replaced = corpus
            .documents
            .iter()
            .zip(&inputs)
            .enumerate()
            .filter(|(_, (output, input))| !Arc::ptr_eq(output, input))
            .map(|(index, (output, _))| (index, output.clone()))
            .collect();
        self.merged = Some(Merged {
            rows: rows.clone(),
            inputs,
            replaced,
            diagnostics: diagnostics.clone(),
        });
        diagnostics
    }
}

/// Whether `merge` reads the same of `now` as of `before`.
fn same_inputs(before: &[Arc<Document>], now: &[Arc<Document>]) -> bool {
    let measured = |document: &Document| matches!(document.kind, Kind::Sla | Kind::Kpi);
    before.len() == now.len()
        && before.iter().zip(now).all(|(before, now)| {
            if measured(before) || measured(now) {
                Arc::ptr_eq(before, now)
            } else {
                before.id.value == now.id.value && before.kind == now.kind
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(root.join("playbook.yaml"), "title: T\n").unwrap();
        std::fs::write(
            root.join("content/kpi.md"),
            "---\nid: KPI-X\nkind: kpi\ntitle: X\nunit: percent\ntarget: 90%\nbetter: higher\n---\n",
        )
        .unwrap();
        std::fs::write(
            root.join("content/faq.md"),
            "---\nid: FAQ-X\nkind: faq\ntitle: Q\n---\nA.\n",
        )
        .unwrap();
        std::fs::write(
            root.join("data/results.csv"),
            "id,period,value\nKPI-X,2026-01,91%\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn rows_are_read_again_only_when_a_path_under_data_changed() {
        let dir = project();
        let root = dir.path();
        let mut memo = Memo::default();
        let mut sources = Sources::default();
        let (first, _) = memo.load(root, u64::MAX, &mut sources);
        // A body edit: the same reading, and its text for the carets.
        memo.hint_changed(root, &[root.join("content/faq.md")]);
        let mut sources = Sources::default();
        let (again, _) = memo.load(root, u64::MAX, &mut sources);
        assert!(Arc::ptr_eq(&first, &again));
        assert!(sources.get("data/results.csv").is_some());
        // A data edit, a rescan (no hint), a path outside the root, a
        // different size limit: read again.
        std::fs::write(
            root.join("data/results.csv"),
            "id,period,value\nKPI-X,2026-01,95%\n",
        )
        .unwrap();
        memo.hint_changed(root, &[root.join("data/results.csv")]);
        let (edited, _) = memo.load(root, u64::MAX, &mut Sources::default());
        assert!(!Arc::ptr_eq(&again, &edited));
        assert_eq!(edited[0].value.text, "95%");
        let (rescanned, _) = memo.load(root, u64::MAX, &mut Sources::default());
        assert!(!Arc::ptr_eq(&edited, &rescanned));
        memo.hint_changed(root, &[PathBuf::from("/elsewhere/file.csv")]);
        let (outside, _) = memo.load(root, u64::MAX, &mut Sources::default());
        assert!(!Arc::ptr_eq(&rescanned, &outside));
        memo.hint_changed(root, &[root.join("content/faq.md")]);
        let (limit, _) = memo.load(root, 10, &mut Sources::default());
        assert!(!Arc::ptr_eq(&outside, &limit));
    }

    #[test]
    fn a_remembered_merge_equals_merging_again() {
        let dir = project();
        let root = dir.path();
        let mut memo = Memo::default();
        let (rows, _) = memo.load(root, u64::MAX, &mut Sources::default());
        let (mut corpus, _) = crate::content::load(root);
        // What the loader's cache hands the next load for an unchanged file.
        let loaded = corpus.documents.clone();
        let first = memo.merge(&mut corpus, &rows);
        // The FAQ changed: the merge is taken from the memo, and equals a
        // merge from nothing.
        let (mut reloaded, _) = crate::content::load(root);
        let kpi = reloaded
            .documents
            .iter()
            .position(|document| document.id.value == "KPI-X")
            .unwrap();
        reloaded.documents[kpi] = loaded[kpi].clone();
        let mut plain = crate::content::load(root).0;
        let plain_diagnostics = super::super::merge(&mut plain, &rows);
        let remembered = memo.merge(&mut reloaded, &rows);
        assert_eq!(remembered, first);
        assert_eq!(remembered, plain_diagnostics);
        assert_eq!(reloaded.documents[kpi].fields, plain.documents[kpi].fields);
        assert!(Arc::ptr_eq(
            &reloaded.documents[kpi],
            &memo.merged.as_ref().unwrap().replaced[0].1
        ));
        // The KPI itself changed (a new value): merged again.
        let (mut fresh, _) = crate::content::load(root);
        memo.merge(&mut fresh, &rows);
        assert!(!Arc::ptr_eq(
            &fresh.documents[kpi],
            &reloaded.documents[kpi]
        ));
        assert_eq!(fresh.documents[kpi].fields, plain.documents[kpi].fields);
    }
}
