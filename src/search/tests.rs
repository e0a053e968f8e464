//! Unit tests of the search index: every way of making it against the
//! plain model, the encoders against serde_json, the tokenizer's terms.

use super::text::SNIPPET_TEXT_CHARS;
use super::*;
use serde::Serialize;

/// The index made the plain way, from every page's terms at once: the
/// model the streaming and patched indexes are held to.
fn reference(entries: &[Entry]) -> Vec<(String, String)> {
    // Tokenizing is the costly part: one document per task.
    let terms: Vec<Terms> = entries.par_iter().map(document_terms).collect();
    build_with_terms(entries, &terms, |path, content| (path, content))
}

/// `build`, with each document's terms already made (`terms[i]` are those
/// of `entries[i]`, as `document_terms` makes them). Each file is handed to
/// `emit` as soon as it is made, from several threads, so the index is
/// never all in memory; what `emit` returns is collected (in no set order).
fn build_with_terms<D, T, R, E>(entries: &[D], terms: &[T], emit: E) -> Vec<R>
where
    D: std::borrow::Borrow<Entry> + Sync,
    T: std::borrow::Borrow<Terms> + Sync,
    R: Send,
    E: Fn(String, String) -> R + Sync,
{
    let shards = shard_count(entries.len());
    let postings = postings(terms, shards);
    let chunks = entries.len().div_ceil(DOCS_PER_CHUNK).max(1);
    let mut results = vec![emit(
        "search/meta.js".to_string(),
        format!(
            "PlaybookSearch.meta({});\n",
            serde_json::json!({ "shards": shards, "chunks": chunks, "perChunk": DOCS_PER_CHUNK, "count": entries.len() })
        ),
    )];
    results.par_extend(postings.par_iter().enumerate().map(|(index, shard)| {
        // Sorted terms: the same project gives byte-identical files.
        let sorted: BTreeMap<&str, &Vec<u32>> =
            shard.iter().map(|(term, list)| (*term, list)).collect();
        let fragments: Vec<String> = sorted
            .into_iter()
            .map(|(term, list)| posting_fragment(term, list))
            .collect();
        emit(
            format!("search/shard-{index}.js"),
            shard_file(index, fragments.iter().map(String::as_str)),
        )
    }));
    drop(postings);
    results.par_extend(
        entries
            .par_chunks(DOCS_PER_CHUNK)
            .enumerate()
            .map(|(index, chunk)| emit(format!("search/docs-{index}.js"), docs_file(index, chunk))),
    );
    if entries.is_empty() {
        results.push(emit(
            "search/docs-0.js".to_string(),
            "PlaybookSearch.docs(0,[]);\n".to_string(),
        ));
    }
    results
}

/// The rest of each lane's files of `index`, added to that lane's map
/// of `together` (each file handed to `emit` with its own lane).
fn finish_lanes_into(
    index: StreamingIndex,
    together: &mut [BTreeMap<String, String>],
) -> Result<(), proptest::test_runner::TestCaseError> {
    for (lane, files) in index
        .finish_lanes(|lane, path, content| (lane, path, content))
        .unwrap()
        .into_iter()
        .enumerate()
    {
        for (at, path, content) in files {
            proptest::prop_assert_eq!(at, lane);
            together[lane].insert(path, content);
        }
    }
    Ok(())
}

fn entry(id: &str, title: &str, text: &str) -> Entry {
    Entry {
        id: id.into(),
        title: title.into(),
        kind_label: "SLA".into(),
        url: format!("sla/{}.html", id.to_lowercase()),
        tags: vec![],
        text: text.into(),
    }
}

#[test]
fn builds_meta_shards_and_docs() {
    let files: BTreeMap<String, String> =
        build(&[entry("SLA-A", "Chat in 2 minutes", "</script> 响应时间")])
            .unwrap()
            .into_iter()
            .collect();
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["search/docs-0.js", "search/meta.js", "search/shard-0.js"]
    );
    assert!(files["search/shard-0.js"].contains("\"#sla-a\":[0,1000]"));
    assert!(!files["search/docs-0.js"].contains("</script>"));
}

#[test]
fn html_becomes_text() {
    assert_eq!(html_to_text("<p>a &amp; <b>b</b></p>\n<p>c</p>"), "a & b c");
    assert_eq!(
        html_to_text("  &amp;lt; x&nbsp;&nbsp;y &#x27;z&#39; "),
        "&lt; x y 'z'"
    );
    assert_eq!(html_to_text("<br>"), "");
    assert_eq!(html_to_text("a<i>b</i>c &unknown; &"), "a b c &unknown; &");
}

/// The straightforward form `html_to_text` replaced (several passes).
fn html_to_text_reference(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

proptest::proptest! {
    #[test]
    fn html_to_text_matches_the_reference(
        html in "([<>&;a-z#x0-9 \n\u{85}\u{a0}\u{1680}\u{2000}-\u{205f}\u{3000}中é，😀]|\\PC|&lt;|&amp;|&nbsp;|&#x27;|&quot;|<b>|</p>){0,40}"
    ) {
        proptest::prop_assert_eq!(html_to_text(&html), html_to_text_reference(&html));
    }
}

/// Every file of an index, by path.
fn files_of(
    entries: &[Entry],
    terms: &[Arc<Terms>],
    previous: Option<IndexState>,
) -> (IndexState, BTreeMap<String, Vec<u8>>) {
    let bytes_of = |file: IndexFile| match file {
        IndexFile::Made(content) => content.into_bytes(),
        IndexFile::Shared(bytes) => bytes.to_vec(),
    };
    let indexes = Indexes::open(vec![IndexPlan {
        ids: entries.iter().map(|entry| entry.id.clone()).collect(),
        previous,
        keep: true,
    }]);
    let mut files = BTreeMap::new();
    for (place, (entry, terms)) in entries.iter().zip(terms).enumerate() {
        let mut entry = entry.clone();
        entry.keep_snippet_only();
        let page = (0, place, Arc::new(entry), terms.clone());
        for (_, path, file) in indexes.add(vec![page]).unwrap() {
            files.insert(path, bytes_of(file));
        }
    }
    let (written, mut states) = indexes
        .finish(|_, path, file| (path.to_string(), bytes_of(file)))
        .unwrap();
    files.extend(written.into_iter().flatten());
    (states.pop().flatten().unwrap(), files)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// An index updated for changed pages equals one built from
    /// nothing, and the shards equal the plain serialisation.
    #[test]
    fn incremental_index_equals_a_fresh_one(
        texts in proptest::collection::vec("[a-e 中文字<&]{0,30}", 1..70),
        edits in proptest::collection::vec((0usize..70, "[a-f 文字甲]{0,30}"), 0..6),
    ) {
        let make = |texts: &[String]| -> Vec<Entry> {
            texts.iter().enumerate().map(|(n, text)| entry(&format!("FAQ-{n}"), "t", text)).collect()
        };
        let entries = make(&texts);
        let terms: Vec<Arc<Terms>> = entries.iter().map(|e| Arc::new(document_terms(e))).collect();
        let (state, first) = files_of(&entries, &terms, None);
        let plain: BTreeMap<String, Vec<u8>> = reference(&entries).into_iter().map(|(p, c)| (p, c.into_bytes())).collect();
        proptest::prop_assert_eq!(&first, &plain);
        let mut edited = texts.clone();
        let mut new_terms = terms.clone();
        let mut new_entries = entries.clone();
        for (at, text) in edits {
            let at = at % edited.len();
            edited[at] = text;
            new_entries[at] = make(&edited)[at].clone();
            new_terms[at] = Arc::new(document_terms(&new_entries[at]));
        }
        let (_, updated) = files_of(&new_entries, &new_terms, Some(state));
        let fresh: BTreeMap<String, Vec<u8>> = reference(&new_entries).into_iter().map(|(p, c)| (p, c.into_bytes())).collect();
        proptest::prop_assert_eq!(updated, fresh);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
    /// Pages added from several threads in any order give the files
    /// `build` makes from all of them.
    #[test]
    fn streaming_index_equals_the_whole_one(
        texts in proptest::collection::vec("[a-e 中文字<&]{0,30}", 0..90),
        seed in 0u64..1000,
    ) {
        let entries: Vec<Entry> = texts.iter().enumerate().map(|(n, text)| entry(&format!("FAQ-{n}"), "t", text)).collect();
        let whole: BTreeMap<String, String> = reference(&entries).into_iter().collect();
        let index = StreamingIndex::new(entries.len());
        let mut order: Vec<usize> = (0..entries.len()).collect();
        // A shuffled order, as threads would finish pages.
        let mut state = seed;
        for i in (1..order.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (state >> 33) as usize % (i + 1));
        }
        let mut streamed: BTreeMap<String, String> = BTreeMap::new();
        for doc in order {
            if let Some((path, content)) = index.add(doc, entries[doc].clone()).unwrap() {
                streamed.insert(path, content);
            }
        }
        for (path, content) in index.finish(|path, content| (path, content)).unwrap() {
            streamed.insert(path, content);
        }
        proptest::prop_assert_eq!(streamed, whole);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
    /// Two editions indexed as lanes of one index (pages they share
    /// added once, some pages only in the first, some with other text
    /// in the second) give each the files of its own index.
    #[test]
    fn lanes_equal_their_own_indexes(
        pages in proptest::collection::vec(
            ("[a-e 中文字<&]{0,30}", 0u8..3, "[a-c 字]{0,12}"),
            0..60,
        ),
    ) {
        // Each page: its text, and whether the second edition leaves
        // it out (0), has it the same (1) or with other text (2).
        let first: Vec<Entry> = pages
            .iter()
            .enumerate()
            .map(|(n, (text, _, _))| entry(&format!("FAQ-{n}"), "t", text))
            .collect();
        let second: Vec<(usize, Entry)> = pages
            .iter()
            .enumerate()
            .filter(|(_, (_, how, _))| *how != 0)
            .map(|(n, (text, how, other))| {
                let text = if *how == 2 { other } else { text };
                (n, entry(&format!("FAQ-{n}"), "t", text))
            })
            .collect();
        proptest::prop_assume!(StreamingIndex::can_share(first.len(), second.len()));
        let alone = |entries: Vec<Entry>| -> BTreeMap<String, String> {
            let index = StreamingIndex::new(entries.len());
            let mut files: BTreeMap<String, String> = BTreeMap::new();
            for (doc, entry) in entries.into_iter().enumerate() {
                files.extend(index.add(doc, entry).unwrap());
            }
            files.extend(index.finish(|path, content| (path, content)).unwrap());
            files
        };
        let index = StreamingIndex::with_lanes(&[first.len(), second.len()]);
        let mut together: [BTreeMap<String, String>; 2] = Default::default();
        let place_in_second = |n: usize| second.iter().position(|(m, _)| *m == n);
        for (n, entry) in first.iter().enumerate() {
            let terms = document_terms(entry);
            let mut places = vec![(0, n)];
            if let Some(place) = place_in_second(n) {
                let other = &second[place].1;
                if other.text == entry.text {
                    places.push((1, place));
                } else {
                    index.add_terms(&[(1, place)], &document_terms(other)).unwrap();
                }
                together[1].extend(index.add_entry(1, place, Arc::new(other.clone())).unwrap());
            }
            index.add_terms(&places, &terms).unwrap();
            together[0].extend(index.add_entry(0, n, Arc::new(entry.clone())).unwrap());
        }
        finish_lanes_into(index, &mut together)?;
        let [together_first, together_second] = together;
        proptest::prop_assert_eq!(together_first, alone(first.clone()));
        proptest::prop_assert_eq!(
            together_second,
            alone(second.into_iter().map(|(_, entry)| entry).collect())
        );
    }
}

proptest::proptest! {
    /// Pages added in any grouping and order, from several threads: the
    /// same page in both lanes in one call, one call per place, or two
    /// alike pages of one lane in one call (their terms are the same);
    /// each lane's files are those of its own index.
    #[test]
    fn lanes_hold_their_own_pages_however_they_are_added(
        texts in proptest::collection::vec("([a-c ]|[中文响应]){0,12}", 1..60),
        in_second in proptest::collection::vec(proptest::bool::ANY, 60),
        grouping in 0usize..3,
    ) {
        // With grouping 2, pages come in pairs of alike pages.
        let first: Vec<Entry> = texts
            .iter()
            .enumerate()
            .map(|(n, text)| {
                let n = if grouping == 2 { n / 2 } else { n };
                entry(&format!("FAQ-{n}"), "t", text)
            })
            .collect();
        let first: Vec<Entry> = if grouping == 2 {
            first.chunks(2).flat_map(|pair| [pair[0].clone(), pair[0].clone()]).take(texts.len()).collect()
        } else {
            first
        };
        let places_in_second: Vec<Option<usize>> = {
            let mut count = 0;
            in_second
                .iter()
                .take(first.len())
                .map(|&kept| kept.then(|| { count += 1; count - 1 }))
                .collect()
        };
        let second: Vec<Entry> = first
            .iter()
            .zip(&places_in_second)
            .filter(|(_, place)| place.is_some())
            .map(|(entry, _)| entry.clone())
            .collect();
        proptest::prop_assume!(StreamingIndex::can_share(first.len(), second.len()));
        let index = StreamingIndex::with_lanes(&[first.len(), second.len()]);
        // Calls of (places, the entry whose terms they are).
        let mut calls: Vec<(Vec<(usize, usize)>, usize)> = Vec::new();
        for (n, in_second) in places_in_second.iter().enumerate() {
            let second_place = in_second.map(|place| (1, place));
            match grouping {
                0 => calls.push((std::iter::once((0, n)).chain(second_place).collect(), n)),
                1 => calls.extend(std::iter::once((0, n)).chain(second_place).map(|place| (vec![place], n))),
                _ => {
                    if n % 2 == 0 {
                        calls.push(((n..(n + 2).min(first.len())).map(|m| (0, m)).collect(), n));
                    }
                    calls.extend(second_place.map(|place| (vec![place], n)));
                }
            }
        }
        calls.par_iter().for_each(|(places, n)| {
            index.add_terms(places, &document_terms(&first[*n])).unwrap();
        });
        let mut together: [BTreeMap<String, String>; 2] = Default::default();
        for (n, entry) in first.iter().enumerate() {
            together[0].extend(index.add_entry(0, n, Arc::new(entry.clone())).unwrap());
            if let Some(place) = places_in_second[n] {
                together[1].extend(index.add_entry(1, place, Arc::new(entry.clone())).unwrap());
            }
        }
        finish_lanes_into(index, &mut together)?;
        let [together_first, together_second] = together;
        let reference_of = |entries: &[Entry]| -> BTreeMap<String, String> {
            reference(entries).into_iter().collect()
        };
        proptest::prop_assert_eq!(together_first, reference_of(&first));
        proptest::prop_assert_eq!(together_second, reference_of(&second));
    }
}

/// The plain form of `document_terms` (std's lower case and map, the
/// query side's tokenizer), as sorted (term, score) pairs.
fn document_terms_reference(entry: &Entry) -> Vec<(String, u32)> {
    let mut scores: HashMap<String, (u32, u32)> = HashMap::new();
    let fields = [(&entry.title, TITLE_WEIGHT), (&entry.id, TITLE_WEIGHT)]
        .into_iter()
        .chain(entry.tags.iter().map(|tag| (tag, TAG_WEIGHT)));
    for (field, weight) in fields {
        for (token, _) in tokenize::tokenize(field) {
            let score = scores.entry(token).or_default();
            score.0 = score.0.max(weight);
        }
    }
    for (token, _) in tokenize::tokenize(&entry.text) {
        let score = scores.entry(token).or_default();
        score.1 = (score.1 + BODY_WEIGHT).min(BODY_CAP);
    }
    let mut terms: Vec<(String, u32)> = scores
        .into_iter()
        .map(|(term, (field, body))| (term, field + body))
        .collect();
    terms.push((format!("#{}", entry.id.to_lowercase()), 1_000));
    terms.sort();
    terms
}

proptest::proptest! {
    #[test]
    fn document_terms_equal_the_plain_form(
        title in "[A-Za-z 响应时间Σ]{0,12}",
        text in "([a-zA-Z0-9 .-]|[中文响应时间カ]|\\PC){0,60}",
        tags in proptest::collection::vec("[a-z培训]{1,4}", 0..3),
    ) {
        let mut entry = entry("SLA-Chat-01", &title, &text);
        entry.tags = tags;
        let mut terms: Vec<(String, u32)> = document_terms(&entry)
            .iter()
            .map(|(term, score)| (term.to_string(), score))
            .collect();
        terms.sort();
        proptest::prop_assert_eq!(terms, document_terms_reference(&entry));
    }
}

/// JSON that is also safe inside a script (what `push_json_str` and the
/// files of the index were first written with): `<`, `>` and `&` escaped, so a
/// title like `</script>` cannot end the script.
fn to_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    // Most files have nothing to escape: `<`, `>`, `&` or the first byte
    // of U+2028 and U+2029.
    if !json.bytes().any(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2)) {
        return json;
    }
    let mut safe = String::with_capacity(json.len() + json.len() / 32);
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    safe
}

proptest::proptest! {
    #[test]
    fn hand_written_json_equals_serde_json(
        text in "([a-z\"\\\\<>&/\u{0}-\u{1f}\u{7f}\u{2028}\u{2029}中é]|\\PC){0,30}",
        list in proptest::collection::vec(proptest::num::u32::ANY, 0..6),
        small in proptest::collection::vec(0u32..2000, 0..12),
    ) {
        // Scores and document numbers are mostly small: every length
        // of number is written as `to_json` writes it.
        proptest::prop_assert_eq!(
            posting_fragment("t", &small),
            format!("\"t\":{}", to_json(&small))
        );
        let mut json = String::new();
        push_json_str(&mut json, &text);
        proptest::prop_assert_eq!(&json, &to_json(&text));
        proptest::prop_assert_eq!(
            posting_fragment(&text, &list),
            format!("{}:{}", to_json(&text), to_json(&list))
        );
        let entries = [entry("A", &text, "x"), entry(&text, "t", &text)];
        #[derive(Serialize)]
        struct Doc<'a>(&'a str, &'a str, &'a str, &'a str, &'a str);
        let docs: Vec<Doc<'_>> = entries
            .iter()
            .map(|e| Doc(&e.id, &e.title, &e.kind_label, &e.url, snippet_text(&e.text)))
            .collect();
        proptest::prop_assert_eq!(
            docs_file(7, &entries),
            format!("PlaybookSearch.docs(7,{});\n", to_json(&docs))
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// `snippet_text` counts characters as `char_indices` does, around
    /// the limit and in every width of UTF-8.
    #[test]
    fn snippet_text_keeps_the_first_characters(
        widths in proptest::collection::vec(0usize..4, 2_990..3_010),
    ) {
        let text: String = widths
            .iter()
            .map(|&width| ['a', 'é', '中', '😀'][width])
            .collect();
        let expected = match text.char_indices().nth(SNIPPET_TEXT_CHARS) {
            Some((end, _)) => &text[..end],
            None => text.as_str(),
        };
        proptest::prop_assert_eq!(snippet_text(&text), expected);
    }
}

#[test]
fn terms_whose_hashes_collide_stay_apart() {
    // Two words (with digits: kept whole by the stemmer) with the same
    // `term_hash`, found by trying `w0`, `w1`, … in turn.
    let (first, second) = ("w673879", "w1180600");
    assert_eq!(term_hash(first), term_hash(second));
    let entries = [
        entry("FAQ-1", "t", &format!("{first} {first} {second}")),
        entry("FAQ-2", "t", second),
        entry("FAQ-3", "t", &format!("{second} {first}")),
    ];
    let index = StreamingIndex::new(entries.len());
    let mut streamed: BTreeMap<String, String> = BTreeMap::new();
    for doc in [2, 0, 1] {
        streamed.extend(index.add(doc, entries[doc].clone()).unwrap());
    }
    streamed.extend(index.finish(|path, content| (path, content)).unwrap());
    let whole: BTreeMap<String, String> = reference(&entries).into_iter().collect();
    assert_eq!(streamed, whole);
    let shard = &whole["search/shard-0.js"];
    assert!(shard.contains(&format!("\"{first}\":[0,2,2,1]")), "{shard}");
    assert!(
        shard.contains(&format!("\"{second}\":[0,1,1,1,2,1]")),
        "{shard}"
    );
}

#[test]
fn shard_file_equals_the_map_serialised_whole() {
    let mut map: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    map.insert("a<b", vec![0, 1, 3, 2]);
    map.insert("中文", vec![1, 5]);
    let whole = format!("PlaybookSearch.shard(3,{});\n", to_json(&map));
    let pieces: Vec<String> = map.iter().map(|(t, l)| posting_fragment(t, l)).collect();
    assert_eq!(shard_file(3, pieces.iter().map(String::as_str)), whole);
    let empty: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    assert_eq!(
        shard_file(0, std::iter::empty()),
        format!("PlaybookSearch.shard(0,{});\n", to_json(&empty))
    );
}

#[test]
fn shards_scale_with_documents() {
    assert_eq!(shard_count(30), 1);
    assert_eq!(shard_count(60), 2);
    assert_eq!(shard_count(1_000), 32);
    assert_eq!(shard_count(10_000), 256);
}
