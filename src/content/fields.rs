//! Reading a YAML mapping field by field while collecting every problem:
//! duplicate and unknown keys up front, then typed getters that report a
//! wrong value at the value and a missing one where the mapping starts.
//! Front matter (`schema.rs`) and `playbook.yaml` (`config.rs`) both use it.

use crate::content::yaml::{Entry, Node, Value};
use crate::diag::{Code, Diagnostic, Pos, suggestion};

/// Which codes a reader reports with (front matter and configuration have
/// their own).
#[derive(Clone, Copy, Debug)]
pub struct Codes {
    pub unknown: Code,
    pub invalid: Code,
    pub missing: Code,
}

pub const FRONT_MATTER: Codes = Codes {
    unknown: Code::UnknownField,
    invalid: Code::InvalidValue,
    missing: Code::MissingField,
};

pub const CONFIG: Codes = Codes {
    unknown: Code::ConfigUnknownKey,
    invalid: Code::ConfigInvalidValue,
    missing: Code::ConfigInvalidValue,
};

/// A mapping being read. `what` names it in messages ("front matter",
/// "training module", "`playbook.yaml`").
pub struct MapReader<'a> {
    entries: &'a [Entry],
    path: &'a str,
    what: &'a str,
    codes: Codes,
    /// Where a missing field is reported.
    missing_pos: Pos,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> MapReader<'a> {
    /// Starts reading `node`, reporting duplicate keys and keys not in
    /// `known`. A node that is not a mapping is reported and read as empty.
    pub fn new(
        node: &'a Node,
        known: &[&str],
        path: &'a str,
        what: &'a str,
        codes: Codes,
        missing_pos: Pos,
    ) -> Self {
        let mut reader = MapReader {
            entries: &[],
            path,
            what,
            codes,
            missing_pos,
            diagnostics: Vec::new(),
        };
        match &node.value {
            Value::Map(entries) => reader.entries = entries,
            Value::Null => {}
            _ => reader.invalid(
                node.pos,
                format!(
                    "{what} must be a mapping of `key: value` lines, found {}",
                    node.describe()
                ),
                None,
            ),
        }
        reader.check_keys(known);
        reader
    }

    fn check_keys(&mut self, known: &[&str]) {
        for (index, entry) in self.entries.iter().enumerate() {
            if let Some(first) = self.entries[..index].iter().find(|e| e.key == entry.key) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateKey,
                        self.path,
                        entry.key_pos,
                        format!(
                            "`{}` appears twice in {} (first on line {})",
                            entry.key, self.what, first.key_pos.line
                        ),
                    )
                    .with_help("remove one of them; only one value can hold"),
                );
            } else if !known.contains(&entry.key.as_str()) {
                let help = suggestion(&entry.key, known.iter().copied())
                    .unwrap_or_else(|| format!("the fields here are: {}", known.join(", ")));
                self.diagnostics.push(
                    Diagnostic::new(
                        self.codes.unknown,
                        self.path,
                        entry.key_pos,
                        format!(
                            "unknown {} `{}` in {}",
                            if self.codes.unknown == Code::ConfigUnknownKey {
                                "key"
                            } else {
                                "field"
                            },
                            entry.key,
                            self.what
                        ),
                    )
                    .with_help(help),
                );
            }
        }
    }

    pub fn path(&self) -> &'a str {
        self.path
    }

    pub fn codes(&self) -> Codes {
        self.codes
    }

    /// Every key as written, with its entry (for "as written" exports).
    pub fn entries(&self) -> &'a [Entry] {
        self.entries
    }

    /// The first value of `name`; an explicit null (`owner:`) counts as absent.
    pub fn get(&self, name: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|entry| entry.key == name)
            .map(|entry| &entry.value)
            .filter(|node| node.value != Value::Null)
    }

    /// The key position of `name`, for problems of the field as a whole.
    pub fn key_pos(&self, name: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|entry| entry.key == name)
            .map(|entry| entry.key_pos)
    }

    pub fn invalid(&mut self, pos: Pos, message: impl Into<String>, help: Option<String>) {
        self.diagnostics.push(
            Diagnostic::new(self.codes.invalid, self.path, pos, message).with_optional_help(help),
        );
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// `name`, reporting it missing when absent.
    pub fn required(&mut self, name: &str) -> Option<&'a Node> {
        let node = self.get(name);
        if node.is_none() {
            let empty = self.key_pos(name).is_some();
            let message = if empty {
                format!("`{name}` in {} is empty", self.what)
            } else {
                format!("{} has no `{name}`, which is required", self.what)
            };
            self.diagnostics.push(
                Diagnostic::new(self.codes.missing, self.path, self.missing_pos, message)
                    .with_help(format!("add a line `{name}: …`")),
            );
        }
        node
    }

    /// A single scalar value's text, or a report that it is not one.
    pub fn scalar(&mut self, node: &'a Node, name: &str) -> Option<&'a str> {
        match node.as_str() {
            Some(text) => Some(text),
            None => {
                self.invalid(
                    node.pos,
                    format!("`{name}` must be a single value, found {}", node.describe()),
                    None,
                );
                None
            }
        }
    }

    /// A field parsed from its text with `parse`; problems at the value.
    pub fn parse<T>(
        &mut self,
        name: &str,
        required: bool,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<(T, Pos)> {
        let node = if required {
            self.required(name)?
        } else {
            self.get(name)?
        };
        self.parse_node(node, name, parse)
    }

    pub fn parse_node<T>(
        &mut self,
        node: &'a Node,
        name: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<(T, Pos)> {
        let text = self.scalar(node, name)?;
        match parse(text) {
            Ok(value) => Some((value, node.pos)),
            Err(message) => {
                self.invalid(node.pos, message, None);
                None
            }
        }
    }

    /// A non-empty text field.
    pub fn text(&mut self, name: &str, required: bool) -> Option<(String, Pos)> {
        self.parse(name, required, |text| {
            if text.trim().is_empty() {
                Err(format!("`{name}` is empty"))
            } else {
                Ok(text.to_string())
            }
        })
    }

    /// One of a fixed set of words.
    pub fn choice(
        &mut self,
        name: &str,
        required: bool,
        choices: &[&str],
    ) -> Option<(String, Pos)> {
        let node = if required {
            self.required(name)?
        } else {
            self.get(name)?
        };
        let text = self.scalar(node, name)?;
        if choices.contains(&text) {
            Some((text.to_string(), node.pos))
        } else {
            let help = suggestion(text, choices.iter().copied())
                .unwrap_or_else(|| format!("use one of: {}", choices.join(", ")));
            self.invalid(
                node.pos,
                format!("`{text}` is not a valid `{name}`"),
                Some(help),
            );
            None
        }
    }

    /// A list of scalars (a single scalar is refused: authors who write
    /// `channels: chat` are told to write `[chat]`).
    pub fn list(&mut self, name: &str, required: bool) -> Option<Vec<(&'a str, Pos)>> {
        let node = if required {
            self.required(name)?
        } else {
            self.get(name)?
        };
        self.list_node(node, name, required)
    }

    pub fn list_node(
        &mut self,
        node: &'a Node,
        name: &str,
        non_empty: bool,
    ) -> Option<Vec<(&'a str, Pos)>> {
        let Some(items) = node.as_seq() else {
            let help = node
                .as_str()
                .map(|text| format!("write `{name}: [{text}]`"));
            self.invalid(
                node.pos,
                format!("`{name}` must be a list, found {}", node.describe()),
                help,
            );
            return None;
        };
        if non_empty && items.is_empty() {
            self.invalid(node.pos, format!("`{name}` must not be empty"), None);
            return None;
        }
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            if let Some(text) = self.scalar(item, name) {
                values.push((text, item.pos));
            }
        }
        Some(values)
    }
}
