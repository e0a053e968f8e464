//! The documents of one edition and how to reach them (`EditionView`),
//! and the navigation order every edition keeps its documents in.

use super::*;

/// The documents of one edition and how to reach them.
pub struct EditionView<'a> {
    pub analysis: &'a Analysis,
    pub edition: Edition<'a>,
    pub(super) visible: Vec<bool>,
    pub(super) by_path: crate::fasthash::FastMap<&'a str, usize>,
    /// Each document's place in the navigation order of all documents.
    pub(super) rank: Vec<u32>,
    /// Indices of the edition's documents in navigation order.
    pub order: Vec<usize>,
    /// The same, split by kind (indexed by `Kind as usize`).
    pub(super) by_kind: [Vec<usize>; 7],
    pub home: Option<usize>,
}

/// Every document of the analysis in navigation order (`nav_key`), the
/// order each edition's view keeps its own documents in. `previous` is an
/// earlier order of the same documents, if known (`watch`): sorting starts
/// from it, and a nearly sorted list is sorted in one pass. Keys are
/// unique but for duplicate IDs (an error, nothing is rendered); the path
/// decides those, so the result never depends on where sorting started.
pub fn nav_order(analysis: &Analysis, previous: Option<&[usize]>) -> Vec<usize> {
    let documents = &analysis.corpus.documents;
    let mut order: Vec<usize> = match previous {
        Some(previous) if is_permutation(previous, documents.len()) => previous.to_vec(),
        _ => (0..documents.len()).collect(),
    };
    order.sort_by(|&a, &b| {
        nav_key(&documents[a])
            .cmp(&nav_key(&documents[b]))
            .then_with(|| documents[a].path.cmp(&documents[b].path))
    });
    order
}

/// Whether `order` holds each of `0..count` once.
pub(super) fn is_permutation(order: &[usize], count: usize) -> bool {
    let mut seen = vec![false; count];
    order.len() == count
        && order
            .iter()
            .all(|&index| index < count && !std::mem::replace(&mut seen[index], true))
}

impl<'a> EditionView<'a> {
    pub fn new(analysis: &'a Analysis, edition: Edition<'a>) -> Self {
        Self::in_order(analysis, edition, &nav_order(analysis, None))
    }

    /// The view, with `nav_order(analysis, …)` made once for all editions.
    pub fn in_order(analysis: &'a Analysis, edition: Edition<'a>, nav_order: &[usize]) -> Self {
        let documents = &analysis.corpus.documents;
        let visible: Vec<bool> = documents.iter().map(|d| edition.contains(d)).collect();
        let mut by_path = crate::fasthash::map_with_capacity(documents.len());
        by_path.extend(
            documents
                .iter()
                .enumerate()
                .map(|(index, d)| (d.path.as_str(), index)),
        );
        let order: Vec<usize> = nav_order.iter().copied().filter(|&i| visible[i]).collect();
        let mut rank = vec![u32::MAX; documents.len()];
        for (place, &index) in nav_order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(index) {
                *slot = place as u32;
            }
        }
        let home = documents
            .iter()
            .position(|d| d.path == HOME_PATH)
            .filter(|&i| visible[i]);
        let mut by_kind: [Vec<usize>; 7] = Default::default();
        for &index in &order {
            by_kind[documents[index].kind as usize].push(index);
        }
        EditionView {
            analysis,
            edition,
            visible,
            by_path,
            rank,
            order,
            by_kind,
            home,
        }
    }

    pub fn documents(&self) -> &'a [Arc<Document>] {
        &self.analysis.corpus.documents
    }

    pub fn visible(&self, index: usize) -> bool {
        self.visible[index]
    }

    /// The edition's document with this ID, if it has one.
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.analysis
            .graph
            .by_id
            .get(id)
            .copied()
            .filter(|&index| self.visible[index])
    }

    /// The id the heading `anchor` of document `index` has in this
    /// edition, when it is not the anchor itself: a heading that names a
    /// document the edition leaves out has a neutral id (its anchor may
    /// spell that document's ID), and links to it must lead there.
    pub fn heading_id(&self, index: usize, anchor: &str) -> Option<String> {
        self.documents()[index]
            .named_headings
            .iter()
            .find(|heading| heading.anchor == anchor)
            .filter(|heading| heading.ids.iter().any(|id| self.by_id(id).is_none()))
            .map(|heading| heading.neutral_id.clone())
    }

    /// The kinds this edition has documents of, in navigation order
    /// (guide pages first).
    /// The kinds present, in navigation order (computed once: every page's
    /// menu asks).
    pub fn kinds(&self) -> Vec<Kind> {
        Kind::NAV_ORDER
            .into_iter()
            .filter(|&kind| !self.by_kind[kind as usize].is_empty())
            .collect()
    }

    /// The edition's documents of a kind, in navigation order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = usize> + '_ {
        self.by_kind[kind as usize].iter().copied()
    }
}

/// Navigation order: the home document, the guide pages, then the kinds;
/// within a group `weight` (absent last), then title, then ID.
pub(super) fn nav_key(document: &Document) -> (bool, usize, bool, i64, &str, &str) {
    let group = Kind::NAV_ORDER
        .iter()
        .position(|&kind| kind == document.kind)
        .unwrap_or(0);
    (
        document.path != HOME_PATH,
        group,
        document.weight.is_none(),
        document.weight.unwrap_or(0),
        document.title.as_str(),
        document.id.value.as_str(),
    )
}

/// The home document's file.
pub const HOME_PATH: &str = "content/index.md";

/// The prefix from a page at `depth` folders below the root to the root.
pub fn root_prefix(depth: usize) -> String {
    "../".repeat(depth)
}
