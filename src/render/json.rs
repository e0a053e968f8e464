//! `playbook.json`: every document of the edition as data, sorted by ID,
//! for other tools. Reference fields list only IDs the edition holds, so the
//! export leaks nothing the pages do not show. The editions' files are made
//! together, a document's text once for those it reads the same in.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};

use super::EditionView;
use crate::content::document::{Document, Kind};
use crate::content::yaml::Node;
use crate::evaluation;

const REFERENCE_FIELDS: [&str; 4] = ["satisfies", "covers", "related", "measures"];

/// `playbook.json` of each of `views` (editions of one analysis), in
/// their order. A document's text is made once for the editions where it
/// comes out the same: it is made from the document and from what the
/// edition answers about which documents it holds (`Asked`), so an
/// edition that answers every question the same gets the same text.
pub fn export(views: &[&EditionView<'_>]) -> Vec<String> {
    let Some(first) = views.first() else {
        return Vec::new();
    };
    let documents = first.documents();
    // Every edition's documents, sorted by ID: each edition's are these,
    // in this order, less those it leaves out.
    let mut indices: Vec<usize> = (0..documents.len())
        .filter(|&index| views.iter().any(|view| view.visible(index)))
        .collect();
    indices.sort_by(|&a, &b| {
        documents[a]
            .id
            .value
            .cmp(&documents[b].id.value)
            .then(a.cmp(&b))
    });
    // Each document is written on its own (in parallel) and the file is
    // those texts in the frame `to_string_pretty` gives a one-key object
    // holding their list, byte for byte: a JSON string never holds a raw
    // line break, so each line of a document moves in by its depth.
    // In batches, each appended to the files as soon as it is written: with
    // a year of measured results the file is about 20 MB per edition, and
    // all the texts held beside the file made twice that.
    const BATCH: usize = 512;
    let mut files: Vec<DocumentsFile> = views.iter().map(|_| DocumentsFile::default()).collect();
    for batch in indices.chunks(BATCH) {
        let written: Vec<Vec<Option<std::sync::Arc<str>>>> = batch
            .par_iter()
            .map(|&index| {
                let mut made: Vec<(std::sync::Arc<str>, Asked)> = Vec::new();
                views
                    .iter()
                    .map(|view| {
                        if !view.visible(index) {
                            return None;
                        }
                        if let Some((text, _)) =
                            made.iter().find(|(_, asked)| asked.answers_the_same(view))
                        {
                            return Some(text.clone());
                        }
                        let asking = Asking {
                            view,
                            asked: std::cell::RefCell::default(),
                        };
                        let text: std::sync::Arc<str> =
                            document_text(&document_object(&asking, index)).into();
                        made.push((text.clone(), asking.asked.into_inner()));
                        Some(text)
                    })
                    .collect()
            })
            .collect();
        for (edition, file) in files.iter_mut().enumerate() {
            let texts = || written.iter().filter_map(|texts| texts[edition].as_deref());
            if file.is_empty() {
                // Room for the whole file, guessed from the first batch.
                let guess = texts().map(|text| text.len() + 2).sum::<usize>()
                    * indices.len().div_ceil(batch.len().max(1));
                file.reserve(guess + guess / 16);
            }
            for text in texts() {
                file.push(text);
            }
        }
    }
    let calendar = &first.analysis.corpus.config.calendar;
    files
        .into_iter()
        .map(|file| super::calendar::with_json(file.finish(), calendar))
        .collect()
}

/// What writing a document asked of its edition (which IDs and which
/// documents it holds) and the answers.
#[derive(Default)]
struct Asked {
    ids: Vec<(String, bool)>,
    documents: Vec<(usize, bool)>,
}

impl Asked {
    /// Whether `view` answers every question as the edition asked did.
    fn answers_the_same(&self, view: &EditionView<'_>) -> bool {
        self.ids
            .iter()
            .all(|(id, held)| view.by_id(id).is_some() == *held)
            && self
                .documents
                .iter()
                .all(|&(index, held)| view.visible(index) == held)
    }
}

/// An edition as a document's text sees it: every question about which
/// documents it holds goes through here, and is kept with its answer.
struct Asking<'p, 'd> {
    view: &'p EditionView<'d>,
    asked: std::cell::RefCell<Asked>,
}

impl<'d> Asking<'_, 'd> {
    fn documents(&self) -> &'d [std::sync::Arc<Document>] {
        self.view.documents()
    }

    fn holds_id(&self, id: &str) -> bool {
        let held = self.view.by_id(id).is_some();
        self.asked.borrow_mut().ids.push((id.to_string(), held));
        held
    }

    fn holds(&self, index: usize) -> bool {
        let held = self.view.visible(index);
        self.asked.borrow_mut().documents.push((index, held));
        held
    }
}

/// The file around the documents' `document_text`s, made as they come.
#[derive(Default)]
struct DocumentsFile {
    text: String,
}

impl DocumentsFile {
    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn reserve(&mut self, bytes: usize) {
        self.text.reserve(bytes);
    }

    fn push(&mut self, document: &str) {
        if self.text.is_empty() {
            self.text.push_str("{\n  \"documents\": [\n");
        } else {
            self.text.push_str(",\n");
        }
        self.text.push_str(document);
    }

    fn finish(mut self) -> String {
        if self.text.is_empty() {
            return "{\n  \"documents\": []\n}\n".to_string();
        }
        self.text.push_str("\n  ]\n}\n");
        self.text
    }
}

/// A document's object as it stands in the file: pretty-printed, each
/// line moved in by its depth (two levels).
fn document_text(object: &impl Serialize) -> String {
    let text = serde_json::to_string_pretty(object).unwrap_or_default();
    let mut indented = String::with_capacity(text.len() + text.len() / 8);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            indented.push('\n');
        }
        indented.push_str("    ");
        indented.push_str(line);
    }
    indented
}

/// The file around the documents' `document_text`s, all at once.
#[cfg(test)]
fn documents_file(written: &[String]) -> String {
    let mut file = DocumentsFile::default();
    for text in written {
        file.push(text);
    }
    file.finish()
}

/// A document as `playbook.json` holds it: its fields and, for an SLA or
/// KPI, its judged actuals, written in key order among them (a daily
/// SLA's year is 365 objects: written from the actuals themselves, not
/// made into JSON values first).
struct DocumentJson<'d> {
    fields: Map<String, Value>,
    actuals: Option<Vec<ActualJson<'d>>>,
}

/// An actual in `playbook.json`: its keys in the order a JSON object of
/// them is written (sorted).
#[derive(Serialize)]
struct ActualJson<'d> {
    met: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'d str>,
    period: &'d str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'d str>,
    value: &'d str,
}

impl Serialize for DocumentJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        const ACTUALS: &str = "actuals";
        let mut map = serializer.serialize_map(Some(
            self.fields.len() + usize::from(self.actuals.is_some()),
        ))?;
        let mut actuals = self.actuals.as_ref();
        for (key, value) in &self.fields {
            if let Some(list) = actuals.filter(|_| key.as_str() > ACTUALS) {
                map.serialize_entry(ACTUALS, list)?;
                actuals = None;
            }
            map.serialize_entry(key, value)?;
        }
        if let Some(list) = actuals {
            map.serialize_entry(ACTUALS, list)?;
        }
        map.end()
    }
}

/// Document `index` as `export` writes it.
fn document_object<'d>(view: &Asking<'_, 'd>, index: usize) -> DocumentJson<'d> {
    let documents = view.documents();
    let ids_of = |set: &[usize]| -> Vec<Value> {
        let mut ids: Vec<&str> = set
            .iter()
            .filter(|&&index| view.holds(index))
            .map(|&index| documents[index].id.value.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .map(|id| Value::String(id.to_string()))
            .collect()
    };
    let document = &documents[index];
    let mut object = Map::new();
    if let Some(entries) = document.front_matter.as_map() {
        for entry in entries {
            if object.contains_key(&entry.key) {
                continue;
            }
            object.insert(
                entry.key.clone(),
                visible_only(&entry.key, &entry.value, view),
            );
        }
    }
    object.insert("id".into(), Value::String(document.id.value.clone()));
    object.insert("kind".into(), Value::String(document.kind.name().into()));
    object.insert("title".into(), Value::String(document.title.clone()));
    object.insert("url".into(), Value::String(document.url().to_string()));
    object.insert("audience".into(), Value::String(document.audience.clone()));
    object.insert(
        "status".into(),
        Value::String(document.status.name().into()),
    );
    object.insert(
        "references".into(),
        Value::Array(ids_of(
            &view
                .view
                .analysis
                .graph
                .targets(index)
                .into_iter()
                .collect::<Vec<_>>(),
        )),
    );
    object.insert(
        "referenced_by".into(),
        Value::Array(ids_of(&view.view.analysis.graph.backlinks[index])),
    );
    let actuals = matches!(document.kind, Kind::Sla | Kind::Kpi)
        .then(|| insert_results(&mut object, document));
    DocumentJson {
        fields: object,
        actuals,
    }
}

/// An SLA's or KPI's measured results (section 6): `actuals` from front
/// matter and data files, sorted by period, each judged (`met`) and, when
/// from a data file, with its `source`; and `status`, the latest period's
/// verdict (`met`, `missed` or `null`). Section 5 calls the lifecycle
/// `status` too; for these two kinds section 6's meaning takes the key
/// and the lifecycle moves to `document_status` (README, "Choices").
fn insert_results<'d>(
    object: &mut Map<String, Value>,
    document: &'d Document,
) -> Vec<ActualJson<'d>> {
    let actuals = evaluation::judge(document)
        .iter()
        .map(|judged| ActualJson {
            met: judged.met,
            note: judged.actual.note.as_deref(),
            period: &judged.actual.period_text,
            source: judged.actual.source.as_deref(),
            value: &judged.actual.value.text,
        })
        .collect();
    // The actuals as written in front matter give way to the judged list.
    object.remove("actuals");
    object.insert(
        "document_status".into(),
        Value::String(document.status.name().into()),
    );
    object.insert(
        "status".into(),
        match evaluation::status(document) {
            Some(true) => Value::String("met".into()),
            Some(false) => Value::String("missed".into()),
            None => Value::Null,
        },
    );
    actuals
}

/// A field as written, with IDs the edition leaves out removed from
/// reference lists (also inside training modules).
fn visible_only(key: &str, node: &Node, view: &Asking<'_, '_>) -> Value {
    let value = node.to_json();
    if !REFERENCE_FIELDS.contains(&key) && key != "modules" {
        return value;
    }
    filter(key, value, view)
}

fn filter(key: &str, value: Value, view: &Asking<'_, '_>) -> Value {
    match value {
        Value::Array(items) if REFERENCE_FIELDS.contains(&key) => Value::Array(
            items
                .into_iter()
                .filter(|item| item.as_str().is_some_and(|id| view.holds_id(id)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| filter(key, item, view))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(field, value)| {
                    let value = filter(&field, value, view);
                    (field, value)
                })
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with its actuals written among its fields is what the
    /// same object of JSON values gives: keys before and after `actuals`,
    /// none, an empty list, actuals with and without a note and a source.
    #[test]
    fn actuals_are_written_as_a_json_object_of_them_would_be() {
        let actual = |met, note, source| ActualJson {
            met,
            note,
            period: "2026-06",
            source,
            value: "93.5%",
        };
        let as_value = |actual: &ActualJson<'_>| serde_json::to_value(actual).unwrap();
        let lists = [
            None,
            Some(vec![]),
            Some(vec![
                actual(true, None, None),
                actual(false, Some("排队超过 200 人"), Some("data/2026-06.csv")),
            ]),
        ];
        let field_sets = [
            vec![],
            vec!["id"],
            vec!["a", "actual", "actualsx", "audience", "zz"],
            vec!["Z", "_", "accept"],
        ];
        for fields in &field_sets {
            for list in &lists {
                let mut map = Map::new();
                for (n, key) in fields.iter().enumerate() {
                    map.insert(key.to_string(), serde_json::json!(n));
                }
                let mut expected = map.clone();
                if let Some(list) = list {
                    expected.insert(
                        "actuals".into(),
                        Value::Array(list.iter().map(as_value).collect()),
                    );
                }
                let written = DocumentJson {
                    fields: map,
                    actuals: list.as_ref().map(|list| {
                        list.iter()
                            .map(|a| ActualJson {
                                met: a.met,
                                note: a.note,
                                period: a.period,
                                source: a.source,
                                value: a.value,
                            })
                            .collect()
                    }),
                };
                assert_eq!(
                    document_text(&written),
                    document_text(&Value::Object(expected)),
                    "{fields:?}"
                );
            }
        }
    }

    /// The file is what pretty-printing the whole list at once gives.
    #[test]
    fn documents_written_one_by_one_make_the_pretty_printed_file() {
        let samples = [
            serde_json::json!({"id": "A", "tags": [], "empty": {}, "note": "two\nlines \"quoted\""}),
            serde_json::json!({"id": "B", "modules": [{"name": "x", "covers": ["SLA-1"]}], "n": 3.5}),
            serde_json::json!({"id": "C", "nested": {"deeper": {"list": [1, [2, []], null]}}}),
        ];
        for count in 0..=samples.len() {
            let values = &samples[..count];
            let written: Vec<String> = values.iter().map(document_text).collect();
            let whole = serde_json::to_string_pretty(&serde_json::json!({ "documents": values }))
                .unwrap()
                + "\n";
            assert_eq!(documents_file(&written), whole, "{count} documents");
        }
    }
}
