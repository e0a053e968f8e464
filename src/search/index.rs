//! Building an index from nothing while the pages render
//! (`StreamingIndex`): each page's terms and entry go in as soon as it is
//! made, several editions as lanes of one index.

use super::*;
use crate::digits::push_u32;

/// An edition's index built while its pages render (`build`): each page
/// adds its entry and terms as soon as it is made, and neither is kept –
/// the terms go into the shards' postings, the entry into its block of
/// documents, which is written as soon as its 20 pages are in. What
/// `build_with_terms` makes from every page at the end, byte for byte
/// (tested), without holding every page's terms and text at once (about
/// 150 MB at 10 000 documents).
pub struct StreamingIndex {
    pub(super) shards: usize,
    /// The editions indexed together (`with_lanes`).
    pub(super) lanes: Vec<Lane>,
    /// Every shard, once per worker thread (and once more for any other
    /// thread), each set behind its own lock, which only its thread
    /// takes: two threads adding to the same shards made the shards'
    /// memory move between the cores at nearly every term (a tenth of a
    /// build's time). `finish` merges a shard's parts.
    pub(super) parts: Vec<std::sync::Mutex<Vec<ShardPostings>>>,
}

/// One shard's postings while pages are added: each term gets a number
/// the first time it is seen, and each posting is appended to one list as
/// (term number, document, score) packed in a `u64`. Appending to one
/// list per shard, instead of one per term, and finding a term by the
/// hash `Terms` already has, keeps the memory a page touches small: with a
/// list per term, a build spent a tenth of its time waiting for memory.
#[derive(Default)]
pub(super) struct ShardPostings {
    /// Term `n` is `text[ends[n - 1]..ends[n]]`.
    pub(super) text: String,
    pub(super) ends: Vec<u32>,
    /// `term_hash` → the first term with that hash.
    pub(super) by_hash: HashMap<u32, u32, std::hash::BuildHasherDefault<SpreadHasher>>,
    /// The next term with the same hash (`u32::MAX`: none), for the rare
    /// terms whose hashes collide.
    pub(super) same_hash: Vec<u32>,
    /// Per lane (edition), in blocks of `POSTING_BLOCK` (the last one
    /// filling): a list grown by doubling leaves the memory of every
    /// smaller copy behind, which for two editions' indexes was tens of
    /// megabytes.
    pub(super) postings: Vec<Vec<Vec<u64>>>,
}

/// Postings per block of a `ShardPostings`.
pub(super) const POSTING_BLOCK: usize = 2048;

/// Bits of a packed posting: the term number above `TERM_SHIFT`, the
/// document above `DOC_SHIFT`, the score below (sorting the packed values
/// sorts by term number, then document).
pub(super) const TERM_SHIFT: u32 = 40;

pub(super) const DOC_SHIFT: u32 = 10;

/// The most documents a `StreamingIndex` takes (30 bits).
pub const STREAM_MAX_DOCUMENTS: usize = 1 << (TERM_SHIFT - DOC_SHIFT);

/// The most terms one shard of a `StreamingIndex` holds (the 24 bits above
/// `TERM_SHIFT`; a 10 000-document playbook has about 70 per shard): any
/// beyond are not indexed, rather than mixed up with others.
pub(super) const STREAM_MAX_TERMS: u32 = 1 << (64 - TERM_SHIFT);

const _: () = assert!(ID_SCORE < 1 << DOC_SHIFT && TITLE_WEIGHT + BODY_CAP < 1 << DOC_SHIFT);

impl ShardPostings {
    fn term(&self, number: u32) -> &str {
        let number = number as usize;
        let start = if number == 0 {
            0
        } else {
            self.ends[number - 1] as usize
        };
        &self.text[start..self.ends[number] as usize]
    }

    /// The number of `term` (whose `term_hash` is `hash`), given one if new.
    fn number_of(&mut self, term: &str, hash: u32) -> u32 {
        let mut at = self.by_hash.get(&hash).copied();
        while let Some(number) = at {
            if self.term(number) == term {
                return number;
            }
            at = Some(self.same_hash[number as usize]).filter(|&next| next != u32::MAX);
        }
        let number = self.ends.len() as u32;
        self.text.push_str(term);
        self.ends.push(self.text.len() as u32);
        let previous = self.by_hash.insert(hash, number);
        self.same_hash.push(previous.unwrap_or(u32::MAX));
        number
    }

    /// Adds `term` (whose `term_hash` is `hash`) with `score` to each
    /// (lane, document) of `places`: the term is looked up once for all.
    fn add(&mut self, term: &str, hash: u32, places: &[(usize, usize)], score: u32) {
        let number = self.number_of(term, hash);
        if number >= STREAM_MAX_TERMS {
            return;
        }
        for &(lane, doc) in places {
            let posting =
                (u64::from(number) << TERM_SHIFT) | ((doc as u64) << DOC_SHIFT) | u64::from(score);
            if self.postings.len() <= lane {
                self.postings.resize_with(lane + 1, Vec::new);
            }
            let blocks = &mut self.postings[lane];
            match blocks.last_mut() {
                Some(block) if block.len() < block.capacity() => block.push(posting),
                _ => {
                    let mut block = Vec::with_capacity(POSTING_BLOCK);
                    block.push(posting);
                    blocks.push(block);
                }
            }
        }
    }

    /// The shard's file (`shard_file`) in each of `lanes` lanes, from its
    /// `parts`: terms in order, each with its postings (from every part)
    /// in document order; a lane writes only the terms it has postings of.
    fn into_files(mut parts: Vec<ShardPostings>, index: usize, lanes: usize) -> Vec<String> {
        // Every term of every part, by text (once for all lanes); a term
        // in several parts gets one rank.
        let mut all: Vec<(u32, u32)> = parts
            .iter()
            .enumerate()
            .flat_map(|(part, postings)| {
                (0..postings.ends.len() as u32).map(move |number| (part as u32, number))
            })
            .collect();
        all.sort_unstable_by(|&a, &b| {
            parts[a.0 as usize]
                .term(a.1)
                .cmp(parts[b.0 as usize].term(b.1))
        });
        let mut ranks: Vec<Vec<usize>> =
            parts.iter().map(|part| vec![0; part.ends.len()]).collect();
        // Per rank: the part and number its text is read from.
        let mut distinct: Vec<(u32, u32)> = Vec::with_capacity(all.len());
        for (place, &(part, number)) in all.iter().enumerate() {
            let new_text = place == 0 || {
                let (before_part, before_number) = all[place - 1];
                parts[before_part as usize].term(before_number) != parts[part as usize].term(number)
            };
            if new_text {
                distinct.push((part, number));
            }
            ranks[part as usize][number as usize] = distinct.len() - 1;
        }
        drop(all);
        let text_bytes: usize = parts.iter().map(|part| part.text.len()).sum();
        let mut files = Vec::with_capacity(lanes);
        for lane in 0..lanes {
            // Postings placed by their term's rank (counted first, so each
            // term's run is where it belongs without sorting them all), then
            // each term's run sorted by document: pages came in nearly in
            // order, and a run is short.
            let lane_blocks: Vec<Vec<Vec<u64>>> = parts
                .iter_mut()
                .map(|part| {
                    part.postings
                        .get_mut(lane)
                        .map(std::mem::take)
                        .unwrap_or_default()
                })
                .collect();
            let mut starts = vec![0usize; distinct.len() + 1];
            for (blocks, ranks) in lane_blocks.iter().zip(&ranks) {
                for block in blocks {
                    for posting in block {
                        starts[ranks[(posting >> TERM_SHIFT) as usize] + 1] += 1;
                    }
                }
            }
            for place in 1..starts.len() {
                starts[place] += starts[place - 1];
            }
            let low = (1u64 << TERM_SHIFT) - 1;
            let mut placed = vec![0u64; starts[distinct.len()]];
            let mut next = starts.clone();
            for (blocks, ranks) in lane_blocks.into_iter().zip(&ranks) {
                for block in blocks {
                    for posting in block {
                        let place = &mut next[ranks[(posting >> TERM_SHIFT) as usize]];
                        placed[*place] = posting & low;
                        *place += 1;
                    }
                }
            }
            // `shard_file` of the terms' `posting_fragment`s, written in place.
            let mut file = String::with_capacity(text_bytes + placed.len() * 8 + 64);
            file.push_str("PlaybookSearch.shard(");
            push_u32(&mut file, index as u32);
            file.push_str(",{");
            let mut first = true;
            for (rank, &(part, number)) in distinct.iter().enumerate() {
                let run = &mut placed[starts[rank]..starts[rank + 1]];
                if run.is_empty() {
                    continue;
                }
                // A run is its postings from each part (thread) in turn,
                // each part's mostly in document order: the stable sort
                // finds those sorted stretches and merges them, where the
                // unstable one partitioned them again (as many steps as
                // the rest of the shard's writing).
                run.sort();
                if !first {
                    file.push(',');
                }
                first = false;
                let numbers = run.iter().flat_map(|posting| {
                    [
                        (posting >> DOC_SHIFT) as u32,
                        (posting & ((1 << DOC_SHIFT) - 1)) as u32,
                    ]
                });
                push_posting_fragment(&mut file, parts[part as usize].term(number), numbers);
            }
            file.push_str("});\n");
            files.push(file);
        }
        files
    }
}

/// A lane of a `StreamingIndex`: one edition's documents.
pub(super) struct Lane {
    pub(super) documents: usize,
    /// Blocks of entries waiting for the rest of their pages.
    pub(super) blocks: Mutex<HashMap<usize, Vec<Option<Arc<Entry>>>>>,
}

impl StreamingIndex {
    /// An index for an edition of `documents` pages (at most
    /// `STREAM_MAX_DOCUMENTS`; any beyond are not indexed).
    pub fn new(documents: usize) -> Self {
        Self::with_lanes(&[documents])
    }

    /// The indexes of several editions of these numbers of `documents`
    /// (lanes), made together: a term a page of several editions has is
    /// looked up once for all, and each shard's terms are sorted once.
    /// The lanes must have the same `shard_count` (`can_share`); the
    /// files of each are those of its own index, byte for byte (tested).
    pub fn with_lanes(documents: &[usize]) -> Self {
        let shards = shard_count(documents.first().copied().unwrap_or(0));
        let parts = (0..=rayon::current_num_threads())
            .map(|_| std::sync::Mutex::new((0..shards).map(|_| ShardPostings::default()).collect()))
            .collect();
        StreamingIndex {
            shards,
            lanes: documents
                .iter()
                .map(|&documents| Lane {
                    documents,
                    blocks: std::sync::Mutex::new(HashMap::new()),
                })
                .collect(),
            parts,
        }
    }

    /// Whether editions of `a` and `b` documents can be lanes of one index.
    pub fn can_share(a: usize, b: usize) -> bool {
        shard_count(a) == shard_count(b)
    }

    /// Adds page number `doc` (its place in the edition's order) of the
    /// one lane (`new`); returns a documents file (path, content) when
    /// this page completes its block.
    pub fn add(&self, doc: usize, mut entry: Entry) -> Result<Option<(String, String)>, Poisoned> {
        self.add_terms(&[(0, doc)], &document_terms(&entry))?;
        entry.keep_snippet_only();
        self.add_entry(0, doc, Arc::new(entry))
    }

    /// Adds `terms` as those of page `doc` of `lane`, for each (lane, doc)
    /// of `places` (the same page in several editions: each term looked up
    /// once).
    pub fn add_terms(&self, places: &[(usize, usize)], terms: &Terms) -> Result<(), Poisoned> {
        let places: Vec<(usize, usize)> = places
            .iter()
            .copied()
            .filter(|&(lane, doc)| lane < self.lanes.len() && doc < STREAM_MAX_DOCUMENTS)
            .collect();
        if places.is_empty() {
            return Ok(());
        }
        // This thread's part (the last one: a thread outside the pool).
        let last = self.parts.len() - 1;
        let part = rayon::current_thread_index()
            .filter(|&part| part < last)
            .unwrap_or(last);
        let mut shards = lock(&self.parts[part])?;
        // A power of two: a mask, not a division, for each of the
        // million terms of an edition.
        let shard_mask = self.shards - 1;
        for (term, hash, score) in terms.iter_hashed() {
            shards[hash as usize & shard_mask].add(term, hash, &places, score);
        }
        Ok(())
    }

    /// Adds the entry of page `doc` of `lane`; returns a documents file
    /// (path, content) when this page completes its block.
    pub fn add_entry(
        &self,
        lane: usize,
        doc: usize,
        entry: Arc<Entry>,
    ) -> Result<Option<(String, String)>, Poisoned> {
        let Some(lane) = self.lanes.get(lane) else {
            return Ok(None);
        };
        let block = doc / DOCS_PER_CHUNK;
        let Some(size) = lane
            .documents
            .checked_sub(block * DOCS_PER_CHUNK)
            .map(|left| left.min(DOCS_PER_CHUNK))
        else {
            return Ok(None);
        };
        let complete = {
            let mut blocks = lock(&lane.blocks)?;
            let entries = blocks.entry(block).or_insert_with(|| vec![None; size]);
            let Some(slot) = entries.get_mut(doc % DOCS_PER_CHUNK) else {
                return Ok(None);
            };
            *slot = Some(entry);
            if entries.iter().all(Option::is_some) {
                blocks.remove(&block)
            } else {
                None
            }
        };
        let Some(complete) = complete else {
            return Ok(None);
        };
        let entries: Vec<Arc<Entry>> = complete.into_iter().flatten().collect();
        Ok(Some((
            format!("search/docs-{block}.js"),
            docs_file(block, &entries),
        )))
    }

    /// The rest of the index of the one lane (`new`): `finish_lanes`.
    pub fn finish<R: Send>(
        self,
        emit: impl Fn(String, String) -> R + Sync,
    ) -> Result<Vec<R>, Poisoned> {
        Ok(self
            .finish_lanes(|_, path, content| emit(path, content))?
            .into_iter()
            .flatten()
            .collect())
    }

    /// The rest of each lane's index: `meta.js` and every shard (and the
    /// empty documents file of an empty edition), each handed to `emit`
    /// with its lane; what `emit` returns, per lane.
    pub fn finish_lanes<R: Send>(
        self,
        emit: impl Fn(usize, String, String) -> R + Sync,
    ) -> Result<Vec<Vec<R>>, Poisoned> {
        let lanes = self.lanes.len();
        let mut results: Vec<Vec<R>> = self
            .lanes
            .iter()
            .enumerate()
            .map(|(number, lane)| {
                let chunks = lane.documents.div_ceil(DOCS_PER_CHUNK).max(1);
                vec![emit(
                    number,
                    "search/meta.js".to_string(),
                    format!(
                        "PlaybookSearch.meta({});\n",
                        serde_json::json!({ "shards": self.shards, "chunks": chunks, "perChunk": DOCS_PER_CHUNK, "count": lane.documents })
                    ),
                )]
            })
            .collect();
        // Each shard's parts, one from each thread's set.
        let mut by_shard: Vec<Vec<ShardPostings>> = (0..self.shards).map(|_| Vec::new()).collect();
        for part in self.parts {
            for (shard, postings) in part
                .into_inner()
                .map_err(|_| Poisoned)?
                .into_iter()
                .enumerate()
            {
                if let Some(parts) = by_shard.get_mut(shard) {
                    parts.push(postings);
                }
            }
        }
        let written: Vec<Vec<(usize, R)>> = by_shard
            .into_par_iter()
            .enumerate()
            .map(|(index, shard)| {
                ShardPostings::into_files(shard, index, lanes)
                    .into_iter()
                    .enumerate()
                    .map(|(lane, file)| {
                        (lane, emit(lane, format!("search/shard-{index}.js"), file))
                    })
                    .collect()
            })
            .collect();
        for (lane, result) in written.into_iter().flatten() {
            results[lane].push(result);
        }
        for (number, lane) in self.lanes.iter().enumerate() {
            if lane.documents == 0 {
                results[number].push(emit(
                    number,
                    "search/docs-0.js".to_string(),
                    "PlaybookSearch.docs(0,[]);\n".to_string(),
                ));
            }
        }
        Ok(results)
    }
}
