//! `playbook.json`: every document of the edition as data, sorted by ID,
//! for other tools. Reference fields list only IDs the edition holds, so the
//! export leaks nothing the pages do not show.

use serde_json::{Map, Value};

use super::EditionView;
use crate::content::yaml::Node;

const REFERENCE_FIELDS: [&str; 4] = ["satisfies", "covers", "related", "measures"];

pub fn export(view: &EditionView<'_>) -> String {
    let documents = view.documents();
    let mut indices: Vec<usize> = view.order.clone();
    indices.sort_by(|&a, &b| documents[a].id.value.cmp(&documents[b].id.value));
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
    let exported: Vec<Value> = indices
        .iter()
        .map(|&index| {
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
            Value::Object(object)
        })
        .collect();
    let mut root = Map::new();
    root.insert("documents".into(), Value::Array(exported));
    let mut text = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
    text.push('\n');
    text
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
