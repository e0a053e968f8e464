//! The compared content of a project (what a release freezes) and the
//! release file that holds it: made from a loaded corpus, written as
//! pretty JSON with sorted keys, read back with every problem placed at its
//! line and column.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::content::Corpus;
use crate::content::document::{Document, Kind, Status};
use crate::diag::{Code, Diagnostic, Pos};

/// Front-matter fields a release leaves out: they change without the
/// content changing (dates of upkeep, measured results).
const NOT_COMPARED: [&str; 4] = ["id", "updated", "review_by", "actuals"];

/// One document as a release holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentState {
    /// Front-matter fields after defaults (without `id`, `updated`,
    /// `review_by`, `actuals`), keys sorted.
    pub fields: Map<String, Value>,
    /// LF line endings, no trailing blank lines.
    pub body: String,
}

impl DocumentState {
    pub fn text_field(&self, name: &str) -> &str {
        self.fields.get(name).and_then(Value::as_str).unwrap_or("")
    }

    pub fn kind(&self) -> Option<Kind> {
        Kind::parse(self.text_field("kind"))
    }

    pub fn title(&self) -> &str {
        self.text_field("title")
    }

    pub fn audience(&self) -> &str {
        self.text_field("audience")
    }

    pub fn is_retired(&self) -> bool {
        self.text_field("status") == Status::Retired.name()
    }
}

/// What two versions of a project are compared by.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Content {
    /// `service_credits` of `playbook.yaml`, `cap` defaulted.
    pub service_credits: Value,
    /// `calendar` of `playbook.yaml` as written, or null.
    pub calendar: Value,
    /// By ID.
    pub documents: BTreeMap<String, DocumentState>,
}

/// A release read from `releases/`.
#[derive(Clone, Debug, PartialEq)]
pub struct Release {
    pub version: String,
    pub date: Date,
    pub content: Content,
    /// Its path relative to the root (`releases/2026.1.json`).
    pub path: String,
}

/// The file format. Field order is the order in the file; maps are sorted
/// (serde_json's `Map` is a sorted map here).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReleaseFile {
    #[serde(deserialize_with = "version_text")]
    version: String,
    #[serde(deserialize_with = "date_text")]
    date: String,
    service_credits: Value,
    calendar: Value,
    documents: Vec<DocumentFile>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentFile {
    #[serde(deserialize_with = "id_text")]
    id: String,
    #[serde(deserialize_with = "document_fields")]
    fields: Map<String, Value>,
    body: String,
}

fn version_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    match super::version::problem(&text) {
        Some(problem) => Err(serde::de::Error::custom(problem)),
        None => Ok(text),
    }
}

fn date_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    crate::content::values::parse_date(&text)
        .map(|_| text)
        .map_err(serde::de::Error::custom)
}

fn id_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.is_empty() {
        return Err(serde::de::Error::custom("a document's `id` is empty"));
    }
    Ok(text)
}

/// A document's fields must say what the change log reads of every
/// document: its kind, title, audience and status.
fn document_fields<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Map<String, Value>, D::Error> {
    use serde::de::Error;
    let fields = Map::deserialize(deserializer)?;
    for key in ["kind", "title", "audience", "status"] {
        if !fields.get(key).is_some_and(Value::is_string) {
            return Err(D::Error::custom(format!(
                "a document's `fields` lack `{key}` (text)"
            )));
        }
    }
    let kind = fields.get("kind").and_then(Value::as_str).unwrap_or("");
    if Kind::parse(kind).is_none() {
        return Err(D::Error::custom(format!("`{kind}` is not a kind")));
    }
    let status = fields.get("status").and_then(Value::as_str).unwrap_or("");
    if status != Status::Approved.name() && status != Status::Retired.name() {
        return Err(D::Error::custom(format!(
            "`status: {status}`: a release holds approved and retired documents only"
        )));
    }
    Ok(fields)
}

/// The compared content of a loaded project: every document that is not
/// a draft, the calendar and the service credits.
pub fn compared_content(corpus: &Corpus) -> Content {
    let mut documents = BTreeMap::new();
    for document in &corpus.documents {
        if document.status == Status::Draft || documents.contains_key(&document.id.value) {
            continue;
        }
        documents.insert(document.id.value.clone(), document_state(document));
    }
    let config = corpus
        .sources
        .get(crate::config::CONFIG_FILE)
        .map(|text| text.strip_prefix('\u{feff}').unwrap_or(text))
        .and_then(|text| crate::content::yaml::parse(text, corpus.config.yaml_limits()).ok());
    let top = |key: &str| -> Value {
        config
            .as_ref()
            .and_then(|node| node.as_map())
            .and_then(|entries| entries.iter().find(|entry| entry.key == key))
            .map(|entry| entry.value.to_json())
            .unwrap_or(Value::Null)
    };
    let mut service_credits = match top("service_credits") {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    service_credits
        .entry("cap")
        .or_insert_with(|| Value::String("100%".into()));
    Content {
        service_credits: Value::Object(service_credits),
        calendar: top("calendar"),
        documents,
    }
}

/// A document as the compared content holds it.
pub fn document_state(document: &Document) -> DocumentState {
    let mut fields = Map::new();
    if let Some(entries) = document.front_matter.as_map() {
        for entry in entries {
            if NOT_COMPARED.contains(&entry.key.as_str()) || fields.contains_key(&entry.key) {
                continue;
            }
            fields.insert(entry.key.clone(), entry.value.to_json());
        }
    }
    let text = |value: &str| Value::String(value.to_string());
    fields.insert("kind".into(), text(document.kind.name()));
    fields.insert("title".into(), text(&document.title));
    fields.insert("audience".into(), text(&document.audience));
    fields.insert("status".into(), text(document.status.name()));
    // The defaults the schema gives kind-specific fields: writing one out
    // is not a change.
    let default = match document.kind {
        Kind::Requirement => Some(("priority", text("must"))),
        Kind::Sla => Some(("window", text("monthly"))),
        Kind::Kpi => Some(("frequency", text("monthly"))),
        Kind::Vendor => Some(("selected", Value::Bool(false))),
        _ => None,
    };
    if let Some((key, value)) = default {
        fields.entry(key).or_insert(value);
    }
    if let Some(Value::Object(schedule)) = fields.get_mut("schedule") {
        schedule.entry("refresh").or_insert_with(|| text("none"));
    }
    DocumentState {
        fields,
        body: normalize_body(document.body()),
    }
}

/// LF line endings, no trailing blank lines.
pub fn normalize_body(body: &str) -> String {
    let body = body.replace("\r\n", "\n");
    let mut lines: Vec<&str> = body.split('\n').collect();
    while lines.last().is_some_and(|line| line.trim().is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// The file `playbook release` writes: sorted, pretty, ending in a newline.
pub fn to_file(version: &str, date: Date, content: &Content) -> String {
    let file = ReleaseFile {
        version: version.to_string(),
        date: date.to_string(),
        service_credits: content.service_credits.clone(),
        calendar: content.calendar.clone(),
        documents: content
            .documents
            .iter()
            .map(|(id, state)| DocumentFile {
                id: id.clone(),
                fields: state.fields.clone(),
                body: state.body.clone(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON Schema of a release file (in `playbook schema`, as
/// `$defs/release`).
pub fn file_schema() -> Value {
    serde_json::json!({
        "description": "A release snapshot, `releases/<version>.json`, written by `playbook release`: the compared content of the project at that version. Do not edit by hand.",
        "type": "object",
        "additionalProperties": false,
        "required": ["version", "date", "service_credits", "calendar", "documents"],
        "properties": {
            "version": {
                "description": "The version; the file is named after it. Versions compare by their dot-separated segments, numerically where both are numbers (`2026.9` < `2026.10`).",
                "type": "string",
                "pattern": "^[0-9A-Za-z][0-9A-Za-z._-]*$"
            },
            "date": {
                "description": "The day of the release in the project's time zone.",
                "type": "string",
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
            },
            "service_credits": {"description": "`service_credits` of `playbook.yaml`, `cap` defaulted.", "type": "object"},
            "calendar": {"description": "`calendar` of `playbook.yaml`, or null.", "type": ["object", "null"]},
            "documents": {
                "description": "Every document that is not a draft, sorted by ID.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "fields", "body"],
                    "properties": {
                        "id": {"type": "string", "minLength": 1},
                        "fields": {
                            "description": "The front matter after defaults, without `id`, `updated`, `review_by` and `actuals`.",
                            "type": "object",
                            "required": ["kind", "title", "audience", "status"],
                            "properties": {
                                "kind": {"enum": Kind::NAMES},
                                "title": {"type": "string"},
                                "audience": {"type": "string"},
                                "status": {"enum": ["approved", "retired"]}
                            }
                        },
                        "body": {"description": "The Markdown body, LF line endings, no trailing blank lines.", "type": "string"}
                    }
                }
            }
        }
    })
}

/// Reads a release file's text; `path` is relative to the root
/// (`releases/<version>.json`), and its file name must name the version.
pub fn from_file(path: &str, text: &str) -> Result<Release, Diagnostic> {
    let invalid =
        |pos: Pos, message: String| Diagnostic::new(Code::InvalidRelease, path, pos, message);
    let file: ReleaseFile = serde_json::from_str(text).map_err(|error| {
        let mut pos = char_position(text, error.line(), error.column());
        if error.is_data() {
            pos = string_start(text, pos);
        }
        // serde_json's text ends in " at line L column C", given here
        // as the diagnostic's position.
        let message = error.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |end| &message[..end]);
        invalid(pos, format!("not a release file: {message}")).with_help(
            "release files are written by `playbook release`; restore this one from version control or delete it",
        )
    })?;
    let stem = path
        .rsplit('/')
        .next()
        .and_then(|name| name.strip_suffix(".json"))
        .unwrap_or("");
    if file.version != stem {
        return Err(invalid(
            key_value_position(text, "version"),
            format!(
                "the file says version `{}` but is named `{stem}.json`",
                file.version
            ),
        )
        .with_help(format!(
            "a release of version `{}` is `releases/{}.json`",
            file.version, file.version
        )));
    }
    let date = crate::content::values::parse_date(&file.date)
        .map_err(|message| invalid(key_value_position(text, "date"), message))?;
    let mut documents = BTreeMap::new();
    for document in file.documents {
        if documents.contains_key(&document.id) {
            return Err(invalid(
                key_value_position_of(text, "id", &document.id, 2),
                format!("document `{}` appears twice", document.id),
            ));
        }
        documents.insert(
            document.id,
            DocumentState {
                fields: document.fields,
                body: document.body,
            },
        );
    }
    Ok(Release {
        version: file.version,
        date,
        content: Content {
            service_credits: file.service_credits,
            calendar: file.calendar,
            documents,
        },
        path: path.to_string(),
    })
}

/// serde_json's position (line from 1, column in bytes from 1; 0 at the
/// start of a line or the end of input) in characters.
fn char_position(text: &str, line: usize, column: usize) -> Pos {
    let line = line.max(1);
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    let bytes = column.saturating_sub(1).min(line_text.len());
    let mut boundary = bytes;
    while !line_text.is_char_boundary(boundary) {
        boundary -= 1;
    }
    let column = line_text[..boundary].chars().count() + 1;
    Pos::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// A wrong value is reported by serde_json at its last character; for a
/// string, the caret goes to its opening quote instead.
fn string_start(text: &str, pos: Pos) -> Pos {
    let Some(line) = text.split('\n').nth(pos.line as usize - 1) else {
        return pos;
    };
    let chars: Vec<char> = line.chars().collect();
    // serde_json gives the closing quote, or the character after it.
    let column = pos.column as usize;
    let Some(at) = [column.saturating_sub(1), column.saturating_sub(2)]
        .into_iter()
        .find(|&at| chars.get(at) == Some(&'"'))
    else {
        return pos;
    };
    let mut n = at;
    while n > 0 {
        n -= 1;
        let escaped = chars[..n].iter().rev().take_while(|&&c| c == '\\').count() % 2 == 1;
        if chars[n] == '"' && !escaped {
            return Pos::new(pos.line, u32::try_from(n + 1).unwrap_or(pos.column));
        }
    }
    pos
}

/// Where the value of the first `"key":` starts (a release's top-level
/// keys come before its documents); 1:1 when not found.
fn key_value_position(text: &str, key: &str) -> Pos {
    key_value_position_of(text, key, "", 1)
}

/// Where the value of the `nth` `"key":` whose value starts with the
/// quoted `value` (any value when empty) starts.
fn key_value_position_of(text: &str, key: &str, value: &str, nth: usize) -> Pos {
    let needle = format!("\"{key}\"");
    let mut seen = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find(&needle) {
        let after = from + found + needle.len();
        let rest = &text[after..];
        let trimmed = rest.trim_start();
        if let Some(value_part) = trimmed.strip_prefix(':') {
            let value_text = value_part.trim_start();
            let start = text.len() - value_text.len();
            let quoted = format!("\"{value}");
            if value.is_empty() || value_text.starts_with(&quoted) {
                seen += 1;
                if seen == nth {
                    return position_of_offset(text, start);
                }
            }
        }
        from = after;
    }
    Pos::START
}

fn position_of_offset(text: &str, offset: usize) -> Pos {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|n| n + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    Pos::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_lose_carriage_returns_and_trailing_blank_lines() {
        assert_eq!(
            normalize_body("\r\n# A\r\n\r\ntext  \r\n \r\n\r\n"),
            "\n# A\n\ntext  "
        );
        assert_eq!(normalize_body(""), "");
    }

    #[test]
    fn a_written_release_reads_back_the_same() {
        let mut documents = BTreeMap::new();
        let mut fields = Map::new();
        for (key, value) in [
            ("kind", "faq"),
            ("title", "问？"),
            ("audience", "shared"),
            ("status", "approved"),
        ] {
            fields.insert(key.into(), Value::String(value.into()));
        }
        documents.insert(
            "FAQ-A".to_string(),
            DocumentState {
                fields,
                body: "答。\n\n第二段".into(),
            },
        );
        let content = Content {
            service_credits: serde_json::json!({"cap": "15%"}),
            calendar: Value::Null,
            documents,
        };
        let date = Date::constant(2026, 2, 1);
        let text = to_file("2026.2", date, &content);
        let release = from_file("releases/2026.2.json", &text).unwrap();
        assert_eq!(release.content, content);
        assert_eq!(release.date, date);
        assert_eq!(to_file("2026.2", date, &release.content), text);
    }

    #[test]
    fn positions_count_characters() {
        // A syntax error after Chinese text: the column counts characters.
        let text = "{\"version\": \"1\", \"date\": \"二〇\" \"x\": }";
        let error = from_file("releases/1.json", text).unwrap_err();
        let expected = text[..text.find("\"二").unwrap()].chars().count() + 1;
        assert_eq!((error.pos.line, error.pos.column as usize), (1, expected));
        let text = "{\"version\": \"1\", \"calendar\": \"日历\" \"x\": }";
        let error = from_file("releases/1.json", text).unwrap_err();
        let expected = text[..text.find(" \"x").unwrap()].chars().count() + 2;
        assert_eq!((error.pos.line, error.pos.column as usize), (1, expected));
        // A wrong value: at its opening quote.
        let text = "{\n  \"version\": \"版本\",\n}";
        let error = from_file("releases/x.json", text).unwrap_err();
        assert_eq!((error.pos.line, error.pos.column), (2, 14));
    }
}
