//! Reusing an index: the state a rendering keeps (`IndexState`), patched
//! for the pages that changed when the documents are the same, in the
//! same order (a `watch` rebuild after a body or field edit).

use super::*;

/// What a rendering keeps of an edition's index to update it for the pages
/// that changed, instead of making it again from every page's terms: the
/// postings of each term with its piece of its shard's file, and every
/// file. A rebuild with the same documents in the same order (a body or
/// field edit) patches the postings of the changed pages' terms and
/// rewrites only the shard and document files they touch (`patch`);
/// anything else (a document added, removed or reordered) streams the
/// index whole, as `build` does. The result is the same bytes either way
/// (tested).
pub struct IndexState {
    pub(super) ids: Vec<String>,
    pub(super) terms: Vec<Arc<Terms>>,
    /// Per shard: term → (postings, its fragment of the shard file).
    pub(super) shards: Vec<BTreeMap<String, (Vec<u32>, String)>>,
    pub(super) files: BTreeMap<String, Arc<[u8]>>,
}

impl IndexState {
    /// Whether this state can be patched into the index of documents with
    /// these `ids`, in this order.
    pub(super) fn has_documents(&self, ids: &[String]) -> bool {
        self.shards.len() == shard_count(ids.len()) && self.ids == ids
    }

    /// The state of an index streamed whole: its pages' terms (in place
    /// order) and the files written.
    pub(super) fn of_pages(
        ids: Vec<String>,
        terms: Vec<Arc<Terms>>,
        files: BTreeMap<String, Arc<[u8]>>,
    ) -> IndexState {
        let postings = postings(&terms, shard_count(terms.len()));
        let shards = postings
            .into_par_iter()
            .map(|shard| {
                shard
                    .into_iter()
                    .map(|(term, list)| {
                        let fragment = posting_fragment(term, &list);
                        (term.to_string(), (list, fragment))
                    })
                    .collect()
            })
            .collect();
        IndexState {
            ids,
            terms,
            shards,
            files,
        }
    }
}

/// Updates `state` (whose documents are those of `entries`, in order: see
/// `IndexState::has_documents`) for `entries` with their `terms`, handing
/// every file to `emit`. A page whose terms are the same allocation as
/// last time is unchanged.
pub(super) fn patch<D: std::borrow::Borrow<Entry>, R>(
    mut state: IndexState,
    entries: &[D],
    terms: &[Arc<Terms>],
    emit: impl Fn(&str, Arc<[u8]>) -> R,
) -> (IndexState, Vec<R>) {
    let shards = state.shards.len();
    let mut dirty_terms: Vec<std::collections::BTreeSet<String>> = vec![Default::default(); shards];
    let mut dirty_chunks = std::collections::BTreeSet::new();
    for (doc, new_terms) in terms.iter().enumerate() {
        let old_terms = &state.terms[doc];
        if Arc::ptr_eq(old_terms, new_terms) {
            continue;
        }
        dirty_chunks.insert(doc / DOCS_PER_CHUNK);
        if old_terms == new_terms {
            continue;
        }
        let old: HashMap<&str, u32> = old_terms.iter().collect();
        let new: HashMap<&str, u32> = new_terms.iter().collect();
        for (&term, &score) in &old {
            if new.get(term) != Some(&score) {
                let shard = shard_of(term, shards);
                if let Some((list, _)) = state.shards[shard].get_mut(term) {
                    remove_posting(list, doc as u32);
                }
                dirty_terms[shard].insert(term.to_string());
            }
        }
        for (&term, &score) in &new {
            if old.get(term) != Some(&score) {
                let shard = shard_of(term, shards);
                let (list, _) = state.shards[shard]
                    .entry(term.to_string())
                    .or_insert_with(|| (Vec::new(), String::new()));
                insert_posting(list, doc as u32, score);
                dirty_terms[shard].insert(term.to_string());
            }
        }
    }
    state.terms = terms.to_vec();
    for (index, (shard, dirty)) in state.shards.iter_mut().zip(&dirty_terms).enumerate() {
        if dirty.is_empty() {
            continue;
        }
        for term in dirty {
            match shard.get(term.as_str()).map(|(list, _)| list.is_empty()) {
                Some(true) => {
                    shard.remove(term.as_str());
                }
                Some(false) => {
                    if let Some((list, fragment)) = shard.get_mut(term.as_str()) {
                        *fragment = posting_fragment(term, list);
                    }
                }
                None => {}
            }
        }
        let file = shard_file(index, shard.values().map(|(_, fragment)| fragment.as_str()));
        state.files.insert(
            format!("search/shard-{index}.js"),
            Arc::from(file.into_bytes()),
        );
    }
    for chunk in dirty_chunks {
        let start = chunk * DOCS_PER_CHUNK;
        let end = (start + DOCS_PER_CHUNK).min(entries.len());
        let file = docs_file(chunk, &entries[start..end]);
        state.files.insert(
            format!("search/docs-{chunk}.js"),
            Arc::from(file.into_bytes()),
        );
    }
    let results = state
        .files
        .iter()
        .map(|(path, bytes)| emit(path, bytes.clone()))
        .collect();
    (state, results)
}

/// Where `doc` is, or would go, in a postings list (`[doc, score, doc,
/// score, …]` in document order), counted in pairs.
pub(super) fn posting_position(list: &[u32], doc: u32) -> usize {
    let (mut low, mut high) = (0, list.len() / 2);
    while low < high {
        let middle = (low + high) / 2;
        if list[middle * 2] < doc {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// Removes `doc` from a postings list.
pub(super) fn remove_posting(list: &mut Vec<u32>, doc: u32) {
    let at = posting_position(list, doc);
    if at * 2 < list.len() && list[at * 2] == doc {
        list.drain(at * 2..at * 2 + 2);
    }
}

/// Adds `doc` with `score` to a postings list, keeping document order.
pub(super) fn insert_posting(list: &mut Vec<u32>, doc: u32, score: u32) {
    remove_posting(list, doc);
    let at = posting_position(list, doc);
    list.splice(at * 2..at * 2, [doc, score]);
}

/// The postings of every shard: term → [document, score, document, score,
/// …] in document order. Shards are split among tasks; each task reads
/// every document's terms but keeps only its own shards' (the shard of a
/// term is computed once per term and document, in `Terms`).
pub(super) fn postings<T: std::borrow::Borrow<Terms> + Sync>(
    terms: &[T],
    shards: usize,
) -> Vec<TermMap<&str, Vec<u32>>> {
    let groups = shards.min(rayon::current_num_threads() * 4).max(1);
    let per_group = shards.div_ceil(groups);
    let grouped: Vec<Vec<TermMap<&str, Vec<u32>>>> = (0..groups)
        .into_par_iter()
        .map(|group| {
            let first = group * per_group;
            let count = per_group.min(shards.saturating_sub(first));
            let mut maps: Vec<TermMap<&str, Vec<u32>>> = vec![TermMap::default(); count];
            for (doc, document_terms) in terms.iter().enumerate() {
                for (term, hash, score) in document_terms.borrow().iter_hashed() {
                    let shard = hash as usize % shards;
                    if shard >= first && shard < first + count {
                        let list = maps[shard - first].entry(term).or_default();
                        list.push(doc as u32);
                        list.push(score);
                    }
                }
            }
            maps
        })
        .collect();
    grouped.into_iter().flatten().collect()
}
