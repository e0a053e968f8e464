//! The change log as one edition may see it (spec section 8): one section
//! per release against the one before it, and on top the changes not yet
//! released, each listing documents added, removed, retired and changed,
//! the documents to review, and changes to the calendar and the service
//! credits.
//!
//! The edition rule is kept here, once, for every view that shows a
//! change: an edition sees a document only in the states in which it
//! contains it (its audience is one of the edition's), so a document it
//! gains is "added" with no diff against its left-out past, one it loses
//! by a change of audience is not mentioned, and a document it leaves out
//! now (or whose last state it left out, for one deleted since) is never
//! named at all, in any section.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde_json::Value;

use super::{Content, DocumentState, History};
use crate::content::document::Kind;

/// Front-matter fields that hold IDs (lists), and the training modules'
/// `covers` inside `modules`.
pub const REFERENCE_FIELDS: [&str; 4] = ["satisfies", "covers", "related", "measures"];

/// What happened to one document in one section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Added,
    Removed,
    Retired,
    Changed,
}

/// One field whose value changed (values as in the release file, reference
/// lists reduced to the IDs the edition may name).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// One document in one section.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: String,
    pub change: Change,
    pub before: Option<DocumentState>,
    pub after: Option<DocumentState>,
    /// For `Changed` and `Retired`.
    pub fields: Vec<FieldChange>,
    pub body_changed: bool,
}

impl Entry {
    /// The state the section shows the document in (its last).
    pub fn state(&self) -> Option<&DocumentState> {
        self.after.as_ref().or(self.before.as_ref())
    }
}

/// A document that references a requirement or SLA that changed, and did
/// not change itself.
#[derive(Clone, Debug)]
pub struct Review {
    pub id: String,
    pub state: DocumentState,
    /// The changed documents it references, sorted.
    pub because: Vec<String>,
}

/// One section: a release against the one before it, or the unreleased
/// changes against the newest release.
#[derive(Clone, Debug)]
pub struct Section {
    /// `None`: the changes not yet released.
    pub version: Option<String>,
    pub date: Option<Date>,
    /// The version compared with (`None` for the first release).
    pub previous: Option<String>,
    /// Sorted by change, then ID.
    pub entries: Vec<Entry>,
    pub review: Vec<Review>,
    /// Before and after, when they differ.
    pub service_credits: Option<(Value, Value)>,
    pub calendar: Option<(Value, Value)>,
}

impl Section {
    pub fn is_first(&self) -> bool {
        self.version.is_some() && self.previous.is_none()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
            && self.review.is_empty()
            && self.service_credits.is_none()
            && self.calendar.is_none()
    }
}

/// An edition's change log, newest first.
#[derive(Clone, Debug)]
pub struct EditionLog {
    pub sections: Vec<Section>,
}

impl EditionLog {
    /// The change log of the edition that holds `audiences`.
    pub fn of(history: &History, audiences: &[String]) -> Self {
        let edition = EditionRule { history, audiences };
        let mut sections = Vec::new();
        let mut previous: Option<&super::Release> = None;
        for release in &history.releases {
            sections.push(match previous {
                None => Section {
                    version: Some(release.version.clone()),
                    date: Some(release.date),
                    previous: None,
                    entries: Vec::new(),
                    review: Vec::new(),
                    service_credits: None,
                    calendar: None,
                },
                Some(before) => {
                    let mut section = edition.compare(&before.content, &release.content);
                    section.version = Some(release.version.clone());
                    section.date = Some(release.date);
                    section.previous = Some(before.version.clone());
                    section
                }
            });
            previous = Some(release);
        }
        // The changes not yet released, when the content differs from the
        // newest release and the edition sees some of the difference (an
        // edit of internal pages alone is not the vendor's business, not
        // even as an empty section).
        if let Some(newest) = previous
            && newest.content != history.current
        {
            let mut section = edition.compare(&newest.content, &history.current);
            section.previous = Some(newest.version.clone());
            if !section.is_empty() {
                sections.push(section);
            }
        }
        sections.reverse();
        EditionLog { sections }
    }

    /// The unreleased section, if the content differs from the newest
    /// release.
    pub fn unreleased(&self) -> Option<&Section> {
        self.sections
            .first()
            .filter(|section| section.version.is_none())
    }

    /// The newest release's section.
    pub fn newest_release(&self) -> Option<&Section> {
        self.sections
            .iter()
            .find(|section| section.version.is_some())
    }

    /// The releases in which the edition saw document `id` added, retired
    /// or changed, newest first.
    pub fn releases_of(&self, id: &str) -> Vec<(&str, Date, Change)> {
        self.sections
            .iter()
            .filter_map(|section| {
                let version = section.version.as_deref()?;
                let entry = section.entries.iter().find(|entry| entry.id == id)?;
                (entry.change != Change::Removed).then_some((version, section.date?, entry.change))
            })
            .collect()
    }

    /// How the newest release changed document `id`, if it did.
    pub fn newest_change(&self, id: &str) -> Option<Change> {
        self.newest_release()?
            .entries
            .iter()
            .find(|entry| entry.id == id)
            .map(|entry| entry.change)
    }
}

/// Whether the edition of `audiences` may name document `id` at all: it
/// holds it now, or (deleted since) its last state was one it held.
pub fn may_name(history: &History, audiences: &[String], id: &str) -> bool {
    if let Some(audience) = history.audiences_now.get(id) {
        return audiences.contains(audience);
    }
    last_state(history, id).is_some_and(|state| audiences.iter().any(|a| a == state.audience()))
}

/// A document's last state: now, or in the newest release that has it.
pub fn last_state<'h>(history: &'h History, id: &str) -> Option<&'h DocumentState> {
    history.current.documents.get(id).or_else(|| {
        history
            .releases
            .iter()
            .rev()
            .find_map(|release| release.content.documents.get(id))
    })
}

/// What one edition may know of the history.
struct EditionRule<'h, 'e> {
    history: &'h History,
    audiences: &'e [String],
}

impl EditionRule<'_, '_> {
    fn sees(&self, state: &DocumentState) -> bool {
        self.audiences
            .iter()
            .any(|audience| audience == state.audience())
    }

    fn may_name(&self, id: &str) -> bool {
        may_name(self.history, self.audiences, id)
    }

    /// The edition's view of `before` → `after`.
    fn compare(&self, before: &Content, after: &Content) -> Section {
        let ids: BTreeSet<&str> = before
            .documents
            .keys()
            .chain(after.documents.keys())
            .map(String::as_str)
            .collect();
        let mut entries = Vec::new();
        for id in ids {
            if !self.may_name(id) {
                continue;
            }
            let old = before.documents.get(id).filter(|state| self.sees(state));
            let new_state = after.documents.get(id);
            let new = new_state.filter(|state| self.sees(state));
            let entry = |change, fields, body_changed| Entry {
                id: id.to_string(),
                change,
                before: old.cloned(),
                after: new.cloned(),
                fields,
                body_changed,
            };
            match (old, new) {
                (None, Some(_)) => entries.push(entry(Change::Added, Vec::new(), false)),
                // Deleted from the project (a document that merely left
                // the edition is not mentioned).
                (Some(_), None) if new_state.is_none() => {
                    entries.push(entry(Change::Removed, Vec::new(), false));
                }
                (Some(old_state), Some(new_state)) => {
                    let fields = self.field_changes(old_state, new_state);
                    let body_changed = old_state.body != new_state.body;
                    let change = if new_state.is_retired() && !old_state.is_retired() {
                        Change::Retired
                    } else if !fields.is_empty() || body_changed {
                        Change::Changed
                    } else {
                        continue;
                    };
                    entries.push(entry(change, fields, body_changed));
                }
                _ => {}
            }
        }
        entries.sort_by(|a, b| a.change.cmp(&b.change).then(a.id.cmp(&b.id)));
        let review = self.review(&entries, after);
        Section {
            version: None,
            date: None,
            previous: None,
            entries,
            review,
            service_credits: (before.service_credits != after.service_credits).then(|| {
                (
                    before.service_credits.clone(),
                    after.service_credits.clone(),
                )
            }),
            calendar: (before.calendar != after.calendar)
                .then(|| (before.calendar.clone(), after.calendar.clone())),
        }
    }

    /// Every listed field whose value, as the edition sees it, changed.
    fn field_changes(&self, old: &DocumentState, new: &DocumentState) -> Vec<FieldChange> {
        let keys: BTreeSet<&String> = old.fields.keys().chain(new.fields.keys()).collect();
        // The title first, then the fields in alphabetical order.
        let mut keys: Vec<&String> = keys.into_iter().collect();
        keys.sort_by_key(|key| key.as_str() != "title");
        keys.into_iter()
            .filter_map(|key| {
                let before = old
                    .fields
                    .get(key)
                    .map(|value| self.visible_value(key, value));
                let after = new
                    .fields
                    .get(key)
                    .map(|value| self.visible_value(key, value));
                (before != after).then(|| FieldChange {
                    field: key.clone(),
                    before,
                    after,
                })
            })
            .collect()
    }

    /// A field's value with the IDs the edition may not name taken out of
    /// reference lists (also inside training modules).
    fn visible_value(&self, key: &str, value: &Value) -> Value {
        match value {
            Value::Array(items) if REFERENCE_FIELDS.contains(&key) => Value::Array(
                items
                    .iter()
                    .filter(|item| item.as_str().is_some_and(|id| self.may_name(id)))
                    .cloned()
                    .collect(),
            ),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.visible_value(key, item))
                    .collect(),
            ),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(field, value)| (field.clone(), self.visible_value(field, value)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// The documents of `after` the edition holds that reference a
    /// requirement or SLA changed in this section, and did not change.
    fn review(&self, entries: &[Entry], after: &Content) -> Vec<Review> {
        let changed: BTreeSet<&str> = entries
            .iter()
            .filter(|entry| entry.change == Change::Changed)
            .filter(|entry| {
                entry
                    .after
                    .as_ref()
                    .and_then(DocumentState::kind)
                    .is_some_and(|kind| matches!(kind, Kind::Requirement | Kind::Sla))
            })
            .map(|entry| entry.id.as_str())
            .collect();
        if changed.is_empty() {
            return Vec::new();
        }
        let listed: BTreeSet<&str> = entries.iter().map(|entry| entry.id.as_str()).collect();
        let mut review: BTreeMap<&str, Review> = BTreeMap::new();
        for (id, state) in &after.documents {
            if listed.contains(id.as_str()) || !self.sees(state) || !self.may_name(id) {
                continue;
            }
            let mut because: Vec<String> = references(state)
                .into_iter()
                .filter(|target| changed.contains(target.as_str()))
                .collect();
            because.sort_unstable();
            because.dedup();
            if !because.is_empty() {
                review.insert(
                    id,
                    Review {
                        id: id.clone(),
                        state: state.clone(),
                        because,
                    },
                );
            }
        }
        review.into_values().collect()
    }
}

/// The IDs a document state references: its reference fields (and the
/// modules' `covers`), and `[[ID]]` and `(@ID)` in its body.
pub fn references(state: &DocumentState) -> Vec<String> {
    let mut ids = Vec::new();
    fn collect(key: &str, value: &Value, ids: &mut Vec<String>) {
        match value {
            Value::Array(items) if REFERENCE_FIELDS.contains(&key) => {
                ids.extend(items.iter().filter_map(Value::as_str).map(str::to_string));
            }
            Value::Array(items) => items.iter().for_each(|item| collect(key, item, ids)),
            Value::Object(map) => map
                .iter()
                .for_each(|(field, value)| collect(field, value, ids)),
            _ => {}
        }
    }
    for (key, value) in &state.fields {
        collect(key, value, &mut ids);
    }
    let body = &state.body;
    for (opening, ends) in [("[[", &[']', '#', '|'][..]), ("(@", &[')', '#', ' '][..])] {
        let mut rest = body.as_str();
        while let Some(found) = rest.find(opening) {
            rest = &rest[found + opening.len()..];
            let end = rest
                .find(|c: char| ends.contains(&c) || c == '\n')
                .unwrap_or(rest.len());
            let id = rest[..end].trim();
            if !id.is_empty() {
                ids.push(id.to_string());
            }
        }
    }
    ids
}
