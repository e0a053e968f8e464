//! The print page's frame cut into pieces while the template engine
//! writes it: the built-in `print.html` is rendered with a marker in place
//! of each document's body, and the page is written as the pieces between
//! the markers with the bodies between them (`print::PrintPages`).
//!
//! Why a writer and not a cut of the whole page afterwards: with a year
//! of measured results the frame (charts, results tables, scorecard) is
//! about 50 MB per edition. Rendered into one buffer, that buffer doubles
//! its way up to 64 MB, leaving the smaller ones behind, and is then held
//! whole beside its pieces, for each edition at once: the peak memory of
//! a build. Cut as it is written, only the pieces are kept, each in an
//! allocation of its own size, and a piece equal to the first edition's
//! is not kept twice.

use std::io::Write;
use std::sync::Arc;

/// The pieces of a print page between its body markers: piece `n` comes
/// before body `n`, the last one ends the page.
pub type Pieces = Vec<Arc<[u8]>>;

/// A `Write` that cuts what is written at each marker: `markers` are the
/// markers expected, in order, each exactly once; every occurrence of
/// `prefix` must begin the next of them, or the cut fails (`finish` then
/// says `None`, and the caller renders the page whole).
pub struct PieceCutter<'f, M> {
    prefix: &'static str,
    markers: M,
    /// Another edition's pieces to share equal ones with (`sharing`).
    shared: Option<Sharing<'f>>,
    /// The marker the next occurrence of `prefix` must begin.
    next_marker: Option<String>,
    pieces: Pieces,
    /// What was written since the last cut.
    current: Vec<u8>,
    /// Where in `current` to look for `prefix` next (earlier bytes hold
    /// none, or only the start of the marker at `waiting`).
    scan_from: usize,
    failed: bool,
}

/// The pieces of the first edition's page, and where each document's
/// piece is in it and in this page.
struct Sharing<'f> {
    first: &'f [Arc<[u8]>],
    /// By document index, the number of the piece before its body in
    /// `first` (`usize::MAX`: none).
    first_piece: Vec<usize>,
    /// This page's documents in order (piece `n` comes before the body
    /// of `order[n]`).
    order: &'f [usize],
}

impl<'f, M: Iterator<Item = String>> PieceCutter<'f, M> {
    pub fn new(prefix: &'static str, mut markers: M) -> Self {
        PieceCutter {
            prefix,
            next_marker: markers.next(),
            markers,
            shared: None,
            pieces: Vec::new(),
            current: Vec::new(),
            scan_from: 0,
            failed: false,
        }
    }

    /// Holds once the pieces equal to those of `first` (the first
    /// edition's page, its documents `first_order`): the editions' frames
    /// are mostly the same text (the vendor's differs only around the
    /// documents it leaves out and the facts that name them), so each
    /// piece of this page (its documents `order`) is compared with the
    /// piece before the same document there, and the page's end with the
    /// end, and an equal one is not kept twice.
    pub fn sharing(
        mut self,
        first: &'f [Arc<[u8]>],
        order: &'f [usize],
        first_order: &[usize],
    ) -> Self {
        let mut first_piece = vec![usize::MAX; first_order.iter().max().map_or(0, |&i| i + 1)];
        for (place, &index) in first_order.iter().enumerate() {
            first_piece[index] = place;
        }
        self.shared = Some(Sharing {
            first,
            first_piece,
            order,
        });
        self
    }

    /// The pieces, when every marker was found once, in order.
    pub fn finish(mut self) -> Option<Pieces> {
        if self.failed || self.next_marker.is_some() {
            return None;
        }
        let last = std::mem::take(&mut self.current);
        self.push_piece(&last, true);
        Some(self.pieces)
    }

    /// Keeps `bytes` as the next piece (`last`: the one that ends the
    /// page), or the first edition's equal piece.
    fn push_piece(&mut self, bytes: &[u8], last: bool) {
        let n = self.pieces.len();
        if let Some(sharing) = &self.shared {
            let counterpart = if last {
                sharing.first.len().checked_sub(1)
            } else {
                sharing
                    .order
                    .get(n)
                    .and_then(|&index| sharing.first_piece.get(index))
                    .copied()
            };
            if let Some(piece) = counterpart.and_then(|m| sharing.first.get(m))
                && **piece == *bytes
            {
                self.pieces.push(piece.clone());
                return;
            }
        }
        self.pieces.push(Arc::from(bytes));
    }

    /// Cuts at every complete marker in `current`.
    fn cut(&mut self) {
        let prefix = self.prefix.as_bytes();
        while !self.failed {
            let Some(found) = find(&self.current[self.scan_from..], prefix) else {
                // A prefix may begin in the last bytes and end in the next
                // write.
                self.scan_from = self
                    .current
                    .len()
                    .saturating_sub(prefix.len().saturating_sub(1))
                    .max(self.scan_from);
                return;
            };
            let at = self.scan_from + found;
            let Some(marker) = self.next_marker.as_deref() else {
                // More markers than documents.
                self.failed = true;
                return;
            };
            let written = &self.current[at..];
            if written.len() < marker.len() {
                if marker.as_bytes().starts_with(written) {
                    // The rest of the marker comes in the next write.
                    self.scan_from = at;
                } else {
                    self.failed = true;
                }
                return;
            }
            if !written.starts_with(marker.as_bytes()) {
                self.failed = true;
                return;
            }
            let end = at + marker.len();
            let piece = std::mem::take(&mut self.current);
            self.push_piece(&piece[..at], false);
            // What came after the marker starts the next piece, in the
            // same buffer (its room is kept for the next piece).
            self.current = piece;
            self.current.drain(..end);
            self.next_marker = self.markers.next();
            self.scan_from = 0;
        }
    }
}

impl<M: Iterator<Item = String>> Write for PieceCutter<'_, M> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.current.extend_from_slice(bytes);
        if !self.failed {
            self.cut();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let mut from = 0;
    while let Some(offset) = haystack[from..].iter().position(|&byte| byte == first) {
        let at = from + offset;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        if haystack.len() - at < needle.len() {
            // Too close to the end for a whole needle: a part of one may
            // still be here, and the caller keeps these bytes.
            return None;
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIX: &str = "\u{1}m-";

    fn marker(index: usize) -> String {
        format!("{PREFIX}{index}\u{1}")
    }

    /// The pieces of `page` as the whole-page cut gives them: `None` when
    /// any occurrence of the prefix is not the next marker expected.
    fn cut_whole(page: &str, order: &[usize]) -> Option<Vec<String>> {
        let mut pieces = Vec::new();
        let mut start = 0;
        for (expected, (at, _)) in page.match_indices(PREFIX).enumerate() {
            let &index = order.get(expected)?;
            if !page[at..].starts_with(&marker(index)) {
                return None;
            }
            pieces.push(page[start..at].to_string());
            start = at + marker(index).len();
        }
        if pieces.len() != order.len() {
            return None;
        }
        pieces.push(page[start..].to_string());
        Some(pieces)
    }

    fn texts(pieces: &[Arc<[u8]>]) -> Vec<String> {
        pieces
            .iter()
            .map(|piece| String::from_utf8_lossy(piece).into_owned())
            .collect()
    }

    /// `page` written to a cutter in writes of the given sizes.
    fn cut_written(page: &str, order: &[usize], sizes: &[usize]) -> Option<Vec<String>> {
        let mut cutter = PieceCutter::new(PREFIX, order.iter().map(|&index| marker(index)));
        let bytes = page.as_bytes();
        let mut at = 0;
        let mut sizes = sizes.iter().cycle();
        while at < bytes.len() {
            let size = sizes.next().copied().unwrap_or(1).max(1);
            let end = (at + size).min(bytes.len());
            cutter.write_all(&bytes[at..end]).unwrap();
            at = end;
        }
        let pieces = cutter.finish()?;
        Some(texts(&pieces))
    }

    #[test]
    fn a_page_is_cut_at_its_markers_whatever_the_writes() {
        let order = [3, 0, 12];
        let page = format!(
            "<p>前言</p>{}<h2>一</h2>{}\u{1}<b>{}</b>尾",
            marker(3),
            marker(0),
            marker(12)
        );
        let whole = cut_whole(&page, &order);
        assert_eq!(
            whole,
            Some(vec![
                "<p>前言</p>".to_string(),
                "<h2>一</h2>".to_string(),
                "\u{1}<b>".to_string(),
                "</b>尾".to_string()
            ])
        );
        for size in 1..page.len() + 1 {
            assert_eq!(
                cut_written(&page, &order, &[size]),
                whole,
                "writes of {size}"
            );
        }
    }

    #[test]
    fn a_marker_out_of_order_missing_or_extra_fails_the_cut() {
        let page = format!("a{}b{}c", marker(1), marker(2));
        assert_eq!(cut_written(&page, &[2, 1], &[3]), None);
        assert_eq!(cut_written(&page, &[1, 2, 3], &[3]), None);
        assert_eq!(cut_written(&page, &[1], &[3]), None);
        // A marker spelled out with another number than expected.
        let page = format!("a{}b{PREFIX}22\u{1}c", marker(1));
        assert_eq!(cut_written(&page, &[1, 2], &[2]), None);
        assert_eq!(cut_written(&page, &[1, 22], &[2]).map(|p| p.len()), Some(3));
    }

    #[test]
    fn equal_pieces_before_the_same_document_are_held_once() {
        let company = [4, 7, 9];
        let vendor = [4, 9];
        let first = format!("a{}b{}c{}end", marker(4), marker(7), marker(9));
        let other = format!("a{}X{}end", marker(4), marker(9));
        let mut cutter = PieceCutter::new(PREFIX, company.iter().map(|&index| marker(index)));
        cutter.write_all(first.as_bytes()).unwrap();
        let first = cutter.finish().unwrap();
        let mut cutter = PieceCutter::new(PREFIX, vendor.iter().map(|&index| marker(index)))
            .sharing(&first, &vendor, &company);
        for byte in other.as_bytes() {
            cutter.write_all(&[*byte]).unwrap();
        }
        let other = cutter.finish().unwrap();
        assert_eq!(texts(&other), ["a", "X", "end"]);
        // Before document 4 and the end: equal, held once; before 9: "X"
        // against "c", its own.
        assert!(Arc::ptr_eq(&other[0], &first[0]));
        assert!(!Arc::ptr_eq(&other[1], &first[2]));
        assert!(Arc::ptr_eq(&other[2], &first[3]));
    }

    proptest::proptest! {
        /// Any text with markers, written in any sizes, is cut exactly as
        /// the whole page is (the same pieces, or a failure both ways).
        #[test]
        fn cutting_while_writing_equals_cutting_the_whole_page(
            parts in proptest::collection::vec(
                (
                    "[a-z<>\u{1}中-]{0,12}",
                    proptest::option::of(0usize..4),
                ),
                0..8,
            ),
            order in proptest::collection::vec(0usize..4, 0..6),
            sizes in proptest::collection::vec(1usize..9, 1..4),
        ) {
            let mut page = String::new();
            for (text, index) in &parts {
                page.push_str(text);
                if let Some(index) = index {
                    page.push_str(&marker(*index));
                }
            }
            let whole = cut_whole(&page, &order);
            proptest::prop_assert_eq!(cut_written(&page, &order, &sizes), whole.clone());
            // Sharing with another page's pieces (a page with one more
            // piece before each document) changes no text.
            let mut other_order = order.clone();
            other_order.reverse();
            let other_page: String = other_order
                .iter()
                .map(|&index| format!("x{}", marker(index)))
                .collect::<String>()
                + "x";
            let mut cutter =
                PieceCutter::new(PREFIX, other_order.iter().map(|&index| marker(index)));
            cutter.write_all(other_page.as_bytes()).unwrap();
            let other = cutter.finish();
            if let Some(other) = &other {
                let mut cutter = PieceCutter::new(PREFIX, order.iter().map(|&index| marker(index)))
                    .sharing(other, &order, &other_order);
                for chunk in page.as_bytes().chunks(sizes[0]) {
                    cutter.write_all(chunk).unwrap();
                }
                let shared = cutter.finish().map(|pieces| texts(&pieces));
                proptest::prop_assert_eq!(shared, whole);
            }
        }
    }
}
