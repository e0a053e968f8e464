//! The reference graph: one lookup from ID (and from file path, for relative
//! links) to document, every reference resolved to its target or to the
//! reason it does not resolve, and the backlinks of every document.
//!
//! The graph only says what is connected; `check/` decides what is wrong.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::content::Corpus;
use crate::content::document::{Document, RefSyntax};
use crate::fasthash::{self, FastMap};

/// How one reference resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// To the document at this index (the anchor, if any, exists).
    Target(usize),
    /// No document has this ID.
    NoSuchId,
    /// A relative link to a path that is not a document.
    NoSuchFile { path: String },
    /// The target exists but has no such heading anchor.
    NoSuchAnchor { target: usize, anchor: String },
}

/// The index of a project's references.
#[derive(Debug, Default)]
pub struct Graph {
    /// ID → index of the first document (by path) that declares it.
    pub by_id: FastMap<String, usize>,
    /// For each document, the index of an earlier one with the same ID.
    pub duplicate_of: Vec<Option<usize>>,
    /// For each document, the resolution of each of its references (same
    /// order as `Document::references`).
    pub resolutions: Vec<Arc<[Resolution]>>,
    /// For each document, the other documents that reference it, in
    /// ascending order, each once.
    pub backlinks: Vec<Vec<usize>>,
}

impl Graph {
    /// The documents a document references (resolved, without itself).
    pub fn targets(&self, source: usize) -> BTreeSet<usize> {
        self.resolutions[source]
            .iter()
            .filter_map(|resolution| match resolution {
                Resolution::Target(target) if *target != source => Some(*target),
                _ => None,
            })
            .collect()
    }
}

/// What `build_reusing` keeps from one build for the next (`watch`).
#[derive(Default)]
pub struct Memo {
    documents: Vec<Arc<Document>>,
    resolutions: Vec<Arc<[Resolution]>>,
}

/// Builds the graph of a corpus.
pub fn build(corpus: &Corpus) -> Graph {
    build_with(corpus, |_| None)
}

/// `build`, taking from `memo` the resolutions of every document that is
/// the same `Arc` as last time (its file was not read again), as long as
/// no document's path, ID or anchors changed and none came or went: a
/// reference resolves through its own document and those three only. The
/// result equals `build`'s (tests/watch_incremental.rs compares rebuilds
/// with clean builds). `memo` is then this build's.
pub fn build_reusing(corpus: &Corpus, memo: &mut Memo) -> Graph {
    let documents = &corpus.documents;
    let same_surface = memo.documents.len() == documents.len()
        && memo.documents.iter().zip(documents).all(|(before, now)| {
            Arc::ptr_eq(before, now)
                || (before.path == now.path
                    && before.id.value == now.id.value
                    && before.anchors == now.anchors)
        });
    let graph = build_with(corpus, |index| {
        (same_surface && Arc::ptr_eq(&memo.documents[index], &documents[index]))
            .then(|| memo.resolutions[index].clone())
    });
    *memo = Memo {
        documents: documents.clone(),
        resolutions: graph.resolutions.clone(),
    };
    graph
}

/// Builds the graph, with `known(index)` giving the resolutions of
/// document `index` when they are already known.
fn build_with(corpus: &Corpus, known: impl Fn(usize) -> Option<Arc<[Resolution]>> + Sync) -> Graph {
    let documents = &corpus.documents;
    let mut by_id = fasthash::map_with_capacity(documents.len());
    let mut duplicate_of = vec![None; documents.len()];
    for (index, document) in documents.iter().enumerate() {
        match by_id.get(&document.id.value) {
            Some(&first) => duplicate_of[index] = Some(first),
            None => {
                by_id.insert(document.id.value.clone(), index);
            }
        }
    }
    let mut by_path: FastMap<&str, usize> = fasthash::map_with_capacity(documents.len());
    by_path.extend(
        documents
            .iter()
            .enumerate()
            .map(|(index, document)| (document.path.as_str(), index)),
    );

    // Each document's references resolve on their own: in parallel (watch
    // links all documents again after every save).
    use rayon::prelude::*;
    let resolutions: Vec<Arc<[Resolution]>> = documents
        .par_iter()
        .enumerate()
        .map(|(index, document)| {
            if let Some(resolutions) = known(index) {
                return resolutions;
            }
            document
                .references
                .iter()
                .map(|reference| {
                    let target = match &reference.syntax {
                        RefSyntax::SelfAnchor => Some(index),
                        RefSyntax::RelativeLink { path } => {
                            match resolve_relative(&document.path, path)
                                .and_then(|resolved| by_path.get(resolved.as_str()).copied())
                            {
                                Some(target) => Some(target),
                                None => return Resolution::NoSuchFile { path: path.clone() },
                            }
                        }
                        _ => by_id.get(&reference.target).copied(),
                    };
                    let Some(target) = target else {
                        return Resolution::NoSuchId;
                    };
                    match &reference.anchor {
                        Some(anchor) if !has_anchor(&documents[target], anchor) => {
                            Resolution::NoSuchAnchor {
                                target,
                                anchor: anchor.clone(),
                            }
                        }
                        _ => Resolution::Target(target),
                    }
                })
                .collect()
        })
        .collect();

    // Sources come in ascending order: each list is sorted as it grows,
    // and a repeat can only be its last entry.
    let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); documents.len()];
    for (source, list) in resolutions.iter().enumerate() {
        for resolution in list.iter() {
            let target = match resolution {
                Resolution::Target(target) | Resolution::NoSuchAnchor { target, .. } => *target,
                _ => continue,
            };
            if target != source && backlinks[target].last() != Some(&source) {
                backlinks[target].push(source);
            }
        }
    }
    Graph {
        by_id,
        duplicate_of,
        resolutions,
        backlinks,
    }
}

fn has_anchor(document: &Document, anchor: &str) -> bool {
    document.anchors.iter().any(|existing| existing == anchor)
}

/// Resolves `link` relative to the folder of `from` (both project-relative
/// with `/`); `None` when it climbs out of `content/`.
pub fn resolve_relative(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    (parts.first() == Some(&"content") && parts.len() > 1).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_within_content() {
        assert_eq!(
            resolve_relative("content/guide/contract.md", "../sla/chat.md").as_deref(),
            Some("content/sla/chat.md")
        );
        assert_eq!(
            resolve_relative("content/index.md", "./faq/a.md").as_deref(),
            Some("content/faq/a.md")
        );
        assert_eq!(
            resolve_relative("content/index.md", "../../etc/passwd.md"),
            None
        );
        assert_eq!(resolve_relative("content/index.md", "../README.md"), None);
    }
}
