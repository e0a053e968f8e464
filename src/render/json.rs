//! `playbook.json`: every document of the edition as data, sorted by ID,
//! for other tools. Reference fields list only IDs the edition holds, so the
//! export leaks nothing the pages do not show.

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::EditionView;
use crate::content::document::{Document, Kind};
use crate::content::yaml::Node;
use crate::evaluation;

const REFERENCE_FIELDS: [&str; 4] = ["satisfies", "covers", "related", "measures"];

pub fn export(view: &EditionView<'_>) -> String {
    let documents = view.documents();
    let mut indices: Vec<usize> = view.order.clone();
    indices.sort_by(|&a, &b| documents[a].id.value.cmp(&documents[b].id.value));
    // Each document is written on its own (in parallel) and the file is
    // those texts in the frame `to_string_pretty` gives a one-key object
    // holding their list, byte for byte: a JSON string never holds a raw
    // line break, so each line of a document moves in by its depth.
    let written: Vec<String> = indices
        .par_iter()
        .map(|&index| document_text(&Value::Object(document_object(view, index))))
        .collect();
    let calendar = &view.analysis.corpus.config.calendar;
    super::calendar::with_json(documents_file(&written), calendar)
}

/// A document's object as it stands in the file: pretty-printed, each
/// line moved in by its depth (two levels).
fn document_text(object: &Value) -> String {
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

/// The file around the documents' `document_text`s.
fn documents_file(written: &[String]) -> String {
    if written.is_empty() {
        return "{\n  \"documents\": []\n}\n".to_string();
    }
    let size = written.iter().map(|text| text.len() + 2).sum::<usize>() + 32;
    let mut text = String::with_capacity(size);
    text.push_str("{\n  \"documents\": [\n");
    for (n, document) in written.iter().enumerate() {
        if n > 0 {
            text.push_str(",\n");
        }
        text.push_str(document);
    }
    text.push_str("\n  ]\n}\n");
    text
}

/// Document `index` as `export` writes it.
fn document_object(view: &EditionView<'_>, index: usize) -> Map<String, Value> {
    let documents = view.documents();
    let ids_of = |set: &[usize]| -> Vec<Value> {
        let mut ids: Vec<&str> = set
            .iter()
            .filter(|&&index| view.visible(index))
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
    object.insert("url".into(), Value::String(document.url()));
    object.insert("audience".into(), Value::String(document.audience.clone()));
    object.insert(
        "status".into(),
        Value::String(document.status.name().into()),
    );
    object.insert(
        "references".into(),
        Value::Array(ids_of(
            &view
                .analysis
                .graph
                .targets(index)
                .into_iter()
                .collect::<Vec<_>>(),
        )),
    );
    object.insert(
        "referenced_by".into(),
        Value::Array(ids_of(&view.analysis.graph.backlinks[index])),
    );
    if matches!(document.kind, Kind::Sla | Kind::Kpi) {
        insert_results(&mut object, document);
    }
    object
}

/// An SLA's or KPI's measured results (section 6): `actuals` from front
/// matter and data files, sorted by period, each judged (`met`) and, when
/// from a data file, with its `source`; and `status`, the latest period's
/// verdict (`met`, `missed` or `null`). Section 5 calls the lifecycle
/// `status` too; for these two kinds section 6's meaning takes the key
/// and the lifecycle moves to `document_status` (README, "Choices").
fn insert_results(object: &mut Map<String, Value>, document: &Document) {
    let actuals: Vec<Value> = evaluation::judge(document)
        .iter()
        .map(|judged| {
            let mut actual = Map::new();
            actual.insert(
                "period".into(),
                Value::String(judged.actual.period_text.clone()),
            );
            actual.insert(
                "value".into(),
                Value::String(judged.actual.value.text.clone()),
            );
            actual.insert("met".into(), Value::Bool(judged.met));
            if let Some(source) = &judged.actual.source {
                actual.insert("source".into(), Value::String(source.to_string()));
            }
            if let Some(note) = &judged.actual.note {
                actual.insert("note".into(), Value::String(note.clone()));
            }
            Value::Object(actual)
        })
        .collect();
    object.insert("actuals".into(), Value::Array(actuals));
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
}

/// A field as written, with IDs the edition leaves out removed from
/// reference lists (also inside training modules).
fn visible_only(key: &str, node: &Node, view: &EditionView<'_>) -> Value {
    let value = node.to_json();
    if !REFERENCE_FIELDS.contains(&key) && key != "modules" {
        return value;
    }
    filter(key, value, view)
}

fn filter(key: &str, value: Value, view: &EditionView<'_>) -> Value {
    match value {
        Value::Array(items) if REFERENCE_FIELDS.contains(&key) => Value::Array(
            items
                .into_iter()
                .filter(|item| item.as_str().is_some_and(|id| view.by_id(id).is_some()))
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
