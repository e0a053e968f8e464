//! YAML → a tree of positioned nodes, for front matter and `playbook.yaml`.
//!
//! This module owns `serde-saphyr`. Why a tree and not derived structs: serde's
//! derive stops at the first error of a file and loses positions inside
//! tagged enums, while an author wants every problem of a file, each at its
//! exact place. So serde-saphyr deserializes into [`Node`]s (through its
//! `Spanned` wrapper, which gives every key and value a line and column), its
//! budget guards depth, aliases and size, duplicate keys are passed through to
//! us so they can be reported at the later key without stopping, and the
//! per-kind validation in `schema.rs` walks the tree collecting every problem.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Budget, DuplicateKeyPolicy, Error, Options, Spanned};

use crate::diag::{Code, Pos};

/// A YAML value with the position where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    /// Every scalar is kept as text: each field parses it in its own format,
    /// so `version: 2026.1` and `version: "2026.1"` mean the same thing.
    Scalar(Scalar),
    Seq(Vec<Node>),
    /// Entries in source order, duplicates included (see `duplicate_keys`).
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub text: String,
    /// Whether YAML typed it as a bool or number (not a string); used only to
    /// say "expected text, found a number" where that helps.
    pub typed: bool,
}

impl Scalar {
    /// YAML's numbers and booleans as JSON's, everything else as a string.
    pub fn to_json(&self) -> serde_json::Value {
        if self.typed {
            if let Ok(boolean) = self.text.parse::<bool>() {
                return serde_json::Value::Bool(boolean);
            }
            if let Ok(integer) = self.text.parse::<i64>() {
                return integer.into();
            }
            if let Some(number) = self
                .text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
            {
                return serde_json::Value::Number(number);
            }
        }
        serde_json::Value::String(self.text.clone())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(scalar) => Some(&scalar.text),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// A short description of the node's shape for "expected X, found Y".
    pub fn describe(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing",
            Value::Scalar(_) => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The node as plain JSON (for `playbook.json`: fields "as written").
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Scalar(scalar) => scalar.to_json(),
            Value::Seq(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|entry| (entry.key.clone(), entry.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Moves every position of a tree down by `lines` (the YAML of front
/// matter starts on the file's second line).
pub fn shift_lines(node: &mut Node, lines: u32) {
    node.pos.line += lines;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|item| shift_lines(item, lines)),
        Value::Map(entries) => entries.iter_mut().for_each(|entry| {
            entry.key_pos.line += lines;
            shift_lines(&mut entry.value, lines);
        }),
        Value::Null | Value::Scalar(_) => {}
    }
}

/// A problem that stops the YAML of one block from being read at all.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    pub code: Code,
    /// Relative to the YAML text (line 1 is its first line).
    pub pos: Pos,
    pub message: String,
}

/// Limits that bound the work one YAML block may cause.
#[derive(Clone, Copy, Debug)]
pub struct YamlLimits {
    pub max_depth: usize,
}

/// The most values (scalars, lists and mappings) one YAML block may hold:
/// about 3 MB of a block list, far beyond any front matter, and a bound on
/// the tree built from it (a value takes about a hundred bytes).
pub const MAX_VALUES: usize = 250_000;

/// The most parser events one YAML block may cause (each value one or two).
const MAX_EVENTS: usize = 1_000_000;

/// Parses one YAML block. An empty block is an empty mapping's `Null`.
pub fn parse(text: &str, limits: YamlLimits) -> Result<Node, YamlError> {
    if text.trim().is_empty() {
        return Ok(Node {
            pos: Pos::START,
            value: Value::Null,
        });
    }
    let mut budget = Budget::default();
    budget.max_depth = limits.max_depth;
    // The scanner has its own cap on flow nesting (`[[[…`, default 255),
    // reached while it looks ahead, before the tree is built: past that
    // cap its error came first and pointed far beyond the bracket that
    // broke the limit (and with a limit above 255, named the wrong limit).
    // Flow levels sit below at least the front matter's own mapping, so
    // the cap is one less than the limit: `tags: [[[…` stops at the exact
    // bracket; a flow collection deeper inside block mappings stops a few
    // brackets late on the same line.
    budget.flow_nesting_limit = limits.max_depth.saturating_sub(1).max(1);
    // Front matter has no use for many anchors; a few are tolerated, and
    // what they expand to is bounded below.
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    // Written out (they are serde-saphyr's defaults) because the message
    // of `yaml-too-large` names them.
    budget.max_nodes = MAX_VALUES;
    budget.max_events = MAX_EVENTS;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    options.strict_booleans = true;
    options.alias_limits.max_total_replayed_events = 10_000;
    NESTING.with(|nesting| {
        nesting.set(Nesting {
            depth: 0,
            max: limits.max_depth,
        })
    });
    let lines = LineMap::new(text);
    match serde_saphyr::from_str_with_options::<Spanned<Node>>(text, options) {
        Ok(spanned) => {
            let mut node = spanned.value;
            if let Some(lines) = &lines {
                lines.remap_tree(&mut node);
            }
            Ok(node)
        }
        Err(error) => Err(classify(&error, text, limits, lines.as_ref())),
    }
}

/// Where each of YAML's lines starts in playbook's numbering. YAML (like
/// CommonMark) ends a line at a lone `\r` too, while playbook numbers lines
/// at `\n` only (the printer shows `\n`-lines, the body scan counts them):
/// after a lone `\r`, the parser's line numbers run ahead of the file's and
/// a diagnostic would point at the wrong line, or past the last one. Found
/// by the `front_matter` fuzz target.
struct LineMap {
    /// For YAML line `n` (1-based), at index `n - 1`: its `\n`-line and how
    /// many characters of that line come before it.
    starts: Vec<(u32, u32)>,
}

impl LineMap {
    /// `None` when the text has no lone `\r` (the numberings agree).
    fn new(text: &str) -> Option<LineMap> {
        let bytes = text.as_bytes();
        let lone_cr = |index: usize| bytes[index] == b'\r' && bytes.get(index + 1) != Some(&b'\n');
        if !(0..bytes.len()).any(lone_cr) {
            return None;
        }
        let mut starts = vec![(1, 0)];
        let (mut line, mut column) = (1u32, 0u32);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\n' => {
                    line += 1;
                    column = 0;
                    starts.push((line, 0));
                }
                // `\r\n` is one line break: the `\n` starts the next line.
                '\r' if chars.peek() == Some(&'\n') => column += 1,
                '\r' => {
                    column += 1;
                    starts.push((line, column));
                }
                _ => column += 1,
            }
        }
        Some(LineMap { starts })
    }

    /// A position of the parser's as a position of the file's lines.
    fn remap(&self, pos: Pos) -> Pos {
        match pos
            .line
            .checked_sub(1)
            .and_then(|index| self.starts.get(index as usize))
        {
            Some(&(line, before)) => Pos::new(line, before + pos.column),
            None => pos,
        }
    }

    fn remap_tree(&self, node: &mut Node) {
        node.pos = self.remap(node.pos);
        match &mut node.value {
            Value::Seq(items) => items.iter_mut().for_each(|item| self.remap_tree(item)),
            Value::Map(entries) => entries.iter_mut().for_each(|entry| {
                entry.key_pos = self.remap(entry.key_pos);
                self.remap_tree(&mut entry.value);
            }),
            Value::Null | Value::Scalar(_) => {}
        }
    }
}

fn classify(error: &Error, text: &str, limits: YamlLimits, lines: Option<&LineMap>) -> YamlError {
    let inner = error.without_snippet();
    let code = match inner {
        Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => Code::YamlTooDeep,
            BudgetBreach::Aliases { .. }
            | BudgetBreach::Anchors { .. }
            | BudgetBreach::AliasAnchorRatio { .. }
            | BudgetBreach::MergeKeys { .. }
            | BudgetBreach::RecordedAnchorEvents { .. }
            | BudgetBreach::RecordedAnchorBytes { .. } => Code::YamlAliasLimit,
            // Every other budget counts the block's size: values, events,
            // scalar bytes, input bytes, documents.
            _ => Code::YamlTooLarge,
        },
        Error::AliasReplayCounterOverflow { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => Code::YamlAliasLimit,
        Error::DuplicateMappingKey { .. } => Code::DuplicateKey,
        // Some limits are enforced inside the parser and arrive as plain
        // messages; recognise them by their words.
        other => {
            let text = other.to_string().to_lowercase();
            if text.contains("recursion limit")
                || text.contains("depth")
                || text.contains("nesting")
            {
                Code::YamlTooDeep
            } else if text.contains("alias") || text.contains("anchor") {
                Code::YamlAliasLimit
            } else {
                Code::YamlSyntax
            }
        }
    };
    let pos = error
        .location()
        .filter(|location| location.line() > 0)
        .map(|location| Pos::new(location.line() as u32, location.column().max(1) as u32))
        .unwrap_or(Pos::START);
    let pos = lines.map_or(pos, |lines| lines.remap(pos));
    // The parser may point one past the last line (end of input); keep the
    // position inside the text so the printer can show the line.
    let lines = text.split('\n').count().max(1) as u32;
    let pos = if pos.line > lines {
        Pos::new(lines, 1)
    } else {
        pos
    };
    let (pos, refined_message) = if code == Code::YamlSyntax {
        refine_syntax_position(text, pos, &first_line_of(&inner.to_string()))
    } else {
        (pos, None)
    };
    let message = match code {
        Code::YamlTooDeep => format!(
            "YAML is nested more than {} levels deep (limits.max_yaml_depth)",
            limits.max_depth
        ),
        Code::YamlAliasLimit => "YAML aliases expand beyond the allowed limit".to_string(),
        Code::YamlTooLarge => match inner {
            Error::Budget {
                breach: BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. },
                ..
            } => format!(
                "the YAML holds more than {MAX_VALUES} values (lists, mappings and scalars), the most one block may hold"
            ),
            _ => format!(
                "the YAML is larger than one block may be ({})",
                first_line_of(&inner.to_string())
            ),
        },
        _ => refined_message.unwrap_or_else(|| first_line_of(&inner.to_string())),
    };
    YamlError { code, pos, message }
}

/// The parser reports some mistakes where it noticed them rather than where
/// they are; move the caret to the cause an author has to fix.
fn refine_syntax_position(text: &str, pos: Pos, message: &str) -> (Pos, Option<String>) {
    let lines: Vec<&str> = text.split('\n').collect();
    let from_line = pos.line.max(1) as usize;
    // A tab: the parser often points past it, or at the line before.
    if message.contains("tab") {
        for (index, line) in lines.iter().enumerate().skip(from_line - 1) {
            if let Some(column) = line.chars().position(|c| c == '\t') {
                return (
                    Pos::new(index as u32 + 1, column as u32 + 1),
                    Some("a tab character: YAML indents with spaces only".to_string()),
                );
            }
        }
        return (pos, None);
    }
    // A flow list or mapping left open on an earlier line: the error shows
    // up only where the next field starts.
    if let Some((open_pos, bracket)) = unclosed_bracket(&lines, pos)
        && open_pos.line < pos.line
    {
        let what = if bracket == '[' { "list" } else { "mapping" };
        return (
            open_pos,
            Some(format!(
                "this `{bracket}` opens a {what} that is never closed"
            )),
        );
    }
    (pos, None)
}

/// The innermost `[` or `{` still open at `pos`, skipping quoted text and
/// comments.
fn unclosed_bracket(lines: &[&str], pos: Pos) -> Option<(Pos, char)> {
    let mut stack: Vec<(Pos, char)> = Vec::new();
    for (line_index, line) in lines.iter().enumerate() {
        let line_number = line_index as u32 + 1;
        if line_number > pos.line {
            break;
        }
        let mut quote: Option<char> = None;
        for (column, c) in line.chars().enumerate() {
            let here = Pos::new(line_number, column as u32 + 1);
            if line_number == pos.line && here.column >= pos.column {
                break;
            }
            match (quote, c) {
                (Some(open), c) if c == open => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => stack.push((here, c)),
                (None, ']' | '}') => {
                    stack.pop();
                }
                _ => {}
            }
        }
    }
    stack.pop()
}

/// serde-saphyr's message without its own location suffix and snippet: we
/// print the location ourselves.
fn first_line_of(message: &str) -> String {
    let first = message.lines().next().unwrap_or("invalid YAML").trim();
    let cleaned = match first.find(" at line ") {
        Some(index) => &first[..index],
        None => first,
    };
    let cleaned = cleaned.trim_end_matches(':').trim();
    if cleaned.is_empty() {
        "invalid YAML".to_string()
    } else {
        cleaned.to_string()
    }
}

/// The nesting depth of the tree being built on this thread. serde-saphyr's
/// own depth budget does not stop a deeply nested block mapping before our
/// recursive visitor would overflow the stack (which aborts the process), so
/// the visitor counts levels itself and refuses to go deeper than the limit.
#[derive(Clone, Copy)]
struct Nesting {
    depth: usize,
    max: usize,
}

thread_local! {
    static NESTING: Cell<Nesting> = const { Cell::new(Nesting { depth: 0, max: 64 }) };
}

const TOO_DEEP: &str = "nesting depth limit exceeded";

/// Runs `build` one level deeper, or fails when that is past the limit.
fn nested<T, E: de::Error>(build: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    let entered = NESTING.with(|cell| {
        let mut nesting = cell.get();
        nesting.depth += 1;
        cell.set(nesting);
        nesting.depth <= nesting.max
    });
    let result = if entered {
        build()
    } else {
        Err(E::custom(TOO_DEEP))
    };
    NESTING.with(|cell| {
        let mut nesting = cell.get();
        nesting.depth -= 1;
        cell.set(nesting);
    });
    result
}

fn pos_of<T>(spanned: &Spanned<T>) -> Pos {
    Pos::new(
        spanned.referenced.line() as u32,
        spanned.referenced.column().max(1) as u32,
    )
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl NodeVisitor {
    fn scalar<E>(text: String, typed: bool) -> Result<Node, E> {
        Ok(Node {
            pos: Pos::START,
            value: Value::Scalar(Scalar { text, typed }),
        })
    }
}

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Node, E> {
        Self::scalar(value.to_string(), true)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Node, E> {
        Self::scalar(value.to_string(), true)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Node, E> {
        Self::scalar(value.to_string(), true)
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Node, E> {
        Self::scalar(value.to_string(), true)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Node, E> {
        Self::scalar(value.to_string(), true)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Node, E> {
        Self::scalar(value.to_string(), true)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Node, E> {
        Self::scalar(value.to_string(), false)
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Node, E> {
        Self::scalar(value, false)
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Node, E> {
        Self::scalar(String::from_utf8_lossy(value).into_owned(), false)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node {
            pos: Pos::START,
            value: Value::Null,
        })
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Node, A::Error> {
        nested(|| visit_seq(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Node, A::Error> {
        nested(|| visit_map(map))
    }
}

fn visit_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Node, A::Error> {
    {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            let pos = pos_of(&item);
            let mut node = item.value;
            node.pos = pos;
            items.push(node);
        }
        Ok(Node {
            pos: Pos::START,
            value: Value::Seq(items),
        })
    }
}

fn visit_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Node, A::Error> {
    {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Node>>()? {
            let key_pos = pos_of(&key);
            let key_text = match &key.value.value {
                Value::Scalar(scalar) => scalar.text.clone(),
                Value::Null => String::new(),
                // A list or mapping as a key is never a field name; keep a
                // readable stand-in so it is reported as an unknown field.
                other => format!("{other:?}").chars().take(40).collect(),
            };
            let value = map.next_value::<Spanned<Node>>()?;
            let pos = pos_of(&value);
            let mut node = value.value;
            node.pos = pos;
            entries.push(Entry {
                key: key_text,
                key_pos,
                value: node,
            });
        }
        Ok(Node {
            pos: Pos::START,
            value: Value::Map(entries),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: YamlLimits = YamlLimits { max_depth: 64 };

    #[test]
    fn keeps_the_position_of_every_key_and_value() {
        let node = parse(
            "id: X\ntags: [a, 中文, c]\nmodules:\n  - title: t\n",
            LIMITS,
        )
        .unwrap();
        let map = node.as_map().unwrap();
        assert_eq!(map[0].key_pos, Pos::new(1, 1));
        assert_eq!(map[0].value.pos, Pos::new(1, 5));
        let tags = map[1].value.as_seq().unwrap();
        assert_eq!(tags[2].pos, Pos::new(2, 15));
        let modules = map[2].value.as_seq().unwrap();
        let module = modules[0].as_map().unwrap();
        assert_eq!(module[0].key_pos, Pos::new(4, 5));
        assert_eq!(module[0].value.pos, Pos::new(4, 12));
    }

    #[test]
    fn a_lone_carriage_return_does_not_start_a_line() {
        // YAML ends a line at a lone `\r`; playbook's lines end at `\n`.
        let node = parse("id: PG-A\rkind: b\ntitle: \"a\rb\"\r\nx: 1\n", LIMITS).unwrap();
        let map = node.as_map().unwrap();
        assert_eq!(
            (map[1].key_pos, map[1].value.pos),
            (Pos::new(1, 10), Pos::new(1, 16))
        );
        assert_eq!(map[2].key_pos, Pos::new(2, 1));
        assert_eq!(map[3].key_pos, Pos::new(3, 1));
        let error = parse("a: 1\rb: [\rc: d\n", LIMITS).unwrap_err();
        assert_eq!(error.pos.line, 1, "{error:?}");
    }

    #[test]
    fn passes_duplicate_keys_through() {
        let node = parse("title: a\ntitle: b\n", LIMITS).unwrap();
        let map = node.as_map().unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map[1].key_pos, Pos::new(2, 1));
    }

    #[test]
    fn scalars_are_text() {
        let node = parse("a: 12\nb: 4.5\nc: true\nd: yes\ne: 2026-01\n", LIMITS).unwrap();
        let texts: Vec<_> = node
            .as_map()
            .unwrap()
            .iter()
            .map(|e| e.value.as_str().unwrap().to_string())
            .collect();
        assert_eq!(texts, ["12", "4.5", "true", "yes", "2026-01"]);
    }

    /// Runs a test body on a thread with the stack the binary gives its
    /// workers (see `main.rs`): a debug build spends tens of KiB per YAML level.
    fn on_worker_stack(body: impl FnOnce() + Send + 'static) {
        std::thread::Builder::new()
            .stack_size(crate::WORKER_STACK_BYTES)
            .spawn(body)
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        on_worker_stack(deep_nesting_body);
    }

    fn deep_nesting_body() {
        let deep = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        let error = parse(&deep, LIMITS).unwrap_err();
        assert_eq!(error.code, Code::YamlTooDeep);
        let mut block = String::new();
        for depth in 0..10_000 {
            block.push_str(&" ".repeat(depth));
            block.push_str("a:\n");
        }
        let error = parse(&block, LIMITS).unwrap_err();
        assert_eq!(error.code, Code::YamlTooDeep);
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let refs = vec![format!("*a{}", level - 1); 10].join(", ");
            bomb.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let error = parse(&bomb, LIMITS).unwrap_err();
        assert_eq!(error.code, Code::YamlAliasLimit, "{error:?}");
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let error = parse("title: a\nmodules:\n\t- bad\n", LIMITS).unwrap_err();
        assert_eq!(error.code, Code::YamlSyntax);
        assert_eq!(error.pos.line, 3, "{error:?}");
        let error = parse("title: [unclosed\n", LIMITS).unwrap_err();
        assert_eq!(error.code, Code::YamlSyntax);
    }
}
