//! A changed value in the words of its document page (spec section 8:
//! "目标：3 分钟 → 2 分钟"): the release file holds values as written
//! (`3m`, `[chat]`, `mon-fri 09:00-18:00`); this file writes them with the
//! same `Words` the facts of a document page use, so the change log follows
//! the page's wording wherever that changes. Also the service credits' and
//! the calendar's changes.

use serde_json::Value;

use super::EditionRenderer;
use super::changes::ValueChange;
use super::facts::escape;
use crate::content::document::{Kind, Metric, Priority};
use crate::content::values::{Duration, Hours};
use crate::release::log::Section;

impl EditionRenderer<'_, '_> {
    /// A field's value in the words the document page uses (safe HTML).
    pub(super) fn value_words(
        &self,
        kind: Option<Kind>,
        field: &str,
        value: &Value,
        prefix: &str,
    ) -> String {
        let words = &self.words;
        let text = value.as_str().unwrap_or_default();
        let timezone = &self.view.analysis.corpus.config.timezone_name;
        match (field, value) {
            ("satisfies" | "covers" | "related" | "measures", Value::Array(ids)) => {
                let links: Vec<String> = ids
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|id| self.reference(id, prefix))
                    .collect();
                if links.is_empty() {
                    "—".to_string()
                } else {
                    links.join(self.separator())
                }
            }
            ("channels", Value::Array(ids)) => ids
                .iter()
                .filter_map(Value::as_str)
                .map(|id| escape(&self.channel_name(id)))
                .collect::<Vec<_>>()
                .join(self.separator()),
            ("channel", _) => escape(&self.channel_name(text)),
            ("hours", _) => {
                let rules: Vec<&str> = match value {
                    Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                    _ => vec![text],
                };
                let mut parsed = Vec::new();
                for rule in &rules {
                    match crate::content::values::parse_hours_rule(
                        rule,
                        &crate::config::is_timezone,
                    ) {
                        Ok(Hours::Rules(more)) => parsed.extend(more),
                        _ => return escape(&rules.join(", ")),
                    }
                }
                if rules == ["24/7"] {
                    return escape(&words.hours(&Hours::Always, timezone));
                }
                escape(&words.hours(&Hours::Rules(parsed), timezone))
            }
            ("target", _) | ("duration", _) if Duration::read(text).is_ok() => escape(
                &Duration::read(text)
                    .map(|d| words.duration(d))
                    .unwrap_or_default(),
            ),
            ("status", _) => escape(
                crate::content::document::Status::parse(text)
                    .map(|status| self.ui.status(status))
                    .unwrap_or(text),
            ),
            ("kind", _) => escape(
                Kind::parse(text)
                    .map(|kind| self.ui.kind(kind))
                    .unwrap_or(text),
            ),
            ("priority", _) => escape(
                Priority::parse(text)
                    .map(|p| words.priority(p))
                    .unwrap_or(text),
            ),
            ("metric", _) => escape(Metric::parse(text).map(|m| words.metric(m)).unwrap_or(text)),
            ("window" | "frequency" | "refresh", _) => escape(words.period_word(text)),
            ("quality", _) => escape(words.quality(text)),
            ("format", _) => escape(words.module_format(text)),
            ("unit", _) => escape(words.unit(text)),
            ("better", _) => escape(words.better(text == "higher")),
            ("selected", Value::Bool(selected)) => escape(words.yes_no(*selected)),
            ("experience_years", Value::Number(years)) => escape(
                &years
                    .as_u64()
                    .map(|y| words.years(y))
                    .unwrap_or_else(|| years.to_string()),
            ),
            ("volume", Value::Number(volume)) => escape(
                &volume
                    .as_u64()
                    .map(|v| words.per_month(v))
                    .unwrap_or_else(|| volume.to_string()),
            ),
            ("rating", Value::Number(rating)) => escape(&format!("{rating} / 5")),
            ("schedule", Value::Object(schedule)) => {
                let start = schedule
                    .get("start")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let refresh = schedule
                    .get("refresh")
                    .and_then(Value::as_str)
                    .unwrap_or("none");
                escape(&format!("{start} · {}", words.period_word(refresh)))
            }
            ("modules", Value::Array(modules)) => {
                let items: Vec<String> = modules
                    .iter()
                    .map(|module| self.module_words(module, prefix))
                    .collect();
                format!("<ol class=\"module-list\">{}</ol>", items.join(""))
            }
            (_, Value::String(text)) => escape(text),
            (_, Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::String(text) => escape(text),
                    other => escape(&other.to_string()),
                })
                .collect::<Vec<_>>()
                .join(self.separator()),
            (_, Value::Null) => "—".to_string(),
            (_, other) => {
                let _ = kind;
                escape(&other.to_string())
            }
        }
    }

    /// A training module as one line: title, duration, format, covers.
    fn module_words(&self, module: &Value, prefix: &str) -> String {
        let field = |name: &str| module.get(name).cloned().unwrap_or(Value::Null);
        let mut parts = vec![escape(field("title").as_str().unwrap_or_default())];
        for name in ["duration", "format", "covers"] {
            let value = field(name);
            if value.is_null() {
                continue;
            }
            parts.push(self.value_words(Some(Kind::Training), name, &value, prefix));
        }
        format!("<li>{}</li>", parts.join(" · "))
    }

    fn channel_name(&self, id: &str) -> String {
        self.view
            .analysis
            .corpus
            .config
            .channel(id)
            .map(|channel| channel.label.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// The calendar's and the service credits' changes.
    pub(super) fn setting_changes(&self, section: &Section) -> Vec<ValueChange> {
        let mut changes = Vec::new();
        if let Some((before, after)) = &section.service_credits {
            let cap = |value: &Value| {
                value
                    .get("cap")
                    .map(|cap| match cap {
                        Value::String(text) => escape(text),
                        other => escape(&other.to_string()),
                    })
                    .unwrap_or_else(|| "—".to_string())
            };
            changes.push(ValueChange {
                label: self
                    .say(
                        "Service credits: monthly cap",
                        "服务抵扣：每月上限",
                        "服務抵扣：每月上限",
                    )
                    .to_string(),
                before: cap(before),
                after: cap(after),
            });
        }
        if let Some((before, after)) = &section.calendar {
            for (key, label) in [
                (
                    "holidays",
                    self.say("Calendar: holidays", "服务日历：节假日", "服務日曆：節假日"),
                ),
                (
                    "workdays",
                    self.say(
                        "Calendar: workdays",
                        "服务日历：调休工作日",
                        "服務日曆：調休工作日",
                    ),
                ),
                (
                    "peaks",
                    self.say(
                        "Calendar: peaks",
                        "服务日历：大促高峰",
                        "服務日曆：大促高峰",
                    ),
                ),
            ] {
                let entries = |value: &Value| -> Vec<Value> {
                    value
                        .get(key)
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default()
                };
                let (old, new) = (entries(before), entries(after));
                if old == new {
                    continue;
                }
                let describe = |list: &[Value], other: &[Value]| -> String {
                    let gone: Vec<String> = list
                        .iter()
                        .filter(|entry| !other.contains(entry))
                        .map(calendar_entry_words)
                        .collect();
                    if gone.is_empty() {
                        "—".to_string()
                    } else {
                        gone.join("<br>")
                    }
                };
                changes.push(ValueChange {
                    label: label.to_string(),
                    before: describe(&old, &new),
                    after: describe(&new, &old),
                });
            }
        }
        changes
    }
}

/// A calendar entry as one line: name and dates.
fn calendar_entry_words(entry: &Value) -> String {
    let field = |name: &str| {
        entry
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let name = field("name");
    let dates = match (field("date"), field("from"), field("to")) {
        (date, _, _) if !date.is_empty() => date,
        (_, from, to) if !to.is_empty() && to != from => format!("{from} – {to}"),
        (_, from, _) => from,
    };
    let hours = field("hours");
    let mut text = format!("{name} {dates}");
    if !hours.is_empty() {
        text.push_str(&format!(" {hours}"));
    }
    escape(text.trim())
}
