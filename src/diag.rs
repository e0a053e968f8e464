//! Diagnostics: the one type every stage reports problems with, the table of
//! stable codes, and the two printers (rustc-style human text on stderr, JSON
//! lines on stdout).
//!
//! This module owns `annotate-snippets`; nothing else renders a diagnostic.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

/// How bad a problem is. Errors stop a build; warnings do not (unless
/// `--deny-warnings`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $severity:ident, $example:literal; )*) => {
        /// Every diagnostic code. A code is never reused for another meaning;
        /// the README's table is generated from the same list (see
        /// `Code::ALL`), so the two cannot drift apart.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable, kebab-case name users see and search for.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// A one-line example of what triggers the code (for the README).
            pub fn example(self) -> &'static str {
                match self { $( Code::$variant => $example, )* }
            }
        }
    };
}

codes! {
    UnreadableFile = "unreadable-file", Error, "a file under `content/` cannot be read (permissions)";
    InvalidUtf8 = "invalid-utf8", Error, "a document saved as GBK instead of UTF-8";
    NulByte = "nul-byte", Error, "a NUL byte (`\\0`) inside a document";
    FileTooLarge = "file-too-large", Error, "a 20 MiB document with `limits.max_file_bytes: 16777216`";
    DocumentTooLarge = "document-too-large", Error, "a 15 MB page of one table, over `limits.max_document_bytes` (4 MiB): rendering it would take about 0.5 GB";
    SymlinkLoop = "symlink-loop", Error, "`content/a -> ..` makes the walk go round in circles";
    DanglingSymlink = "dangling-symlink", Error, "`content/old.md -> gone.md` where `gone.md` does not exist";
    StaticIntoContent = "static-into-content", Error, "`static/docs -> ../content`: document sources would be copied into every edition";
    StaticIntoOutput = "static-into-output", Error, "`static/prev -> ../public`: each build would copy the last output (the company edition too) into every edition";
    StaticCollision = "static-collision", Error, "`static/index.html`: the same path as the generated home page";
    MissingFrontMatter = "missing-front-matter", Error, "a document whose first line is not `---`";
    UnterminatedFrontMatter = "unterminated-front-matter", Error, "an opening `---` with no closing `---`";
    YamlSyntax = "yaml-syntax", Error, "`title: [unclosed` or a tab used for indentation";
    DuplicateKey = "duplicate-key", Error, "`title:` written twice in one front matter";
    YamlTooDeep = "yaml-too-deep", Error, "front matter nested deeper than `limits.max_yaml_depth`";
    YamlAliasLimit = "yaml-alias-limit", Error, "a \"billion laughs\" alias bomb";
    YamlTooLarge = "yaml-too-large", Error, "front matter of more than 250 000 values (a `tags:` list of a million entries)";
    BodyTooDeep = "body-too-deep", Error, "a body nesting lists, quotes or raw HTML deeper than `limits.max_body_depth` (50 000 `<div>`s)";
    UnknownField = "unknown-field", Error, "`titel: …` (did you mean `title`?)";
    MissingField = "missing-field", Error, "an `sla` without `target`";
    InvalidValue = "invalid-value", Error, "`target: 5 minutes` instead of `target: 5m`";
    UnknownKind = "unknown-kind", Error, "`kind: reqirement`";
    UnknownChannel = "unknown-channel", Error, "`channel: wechat` when `playbook.yaml` declares no `wechat`";
    UnknownAudience = "unknown-audience", Error, "`audience: vendors` when the audiences are `shared, internal`";
    InvalidId = "invalid-id", Error, "`id: sla_chat` (IDs are upper case, digits and dashes)";
    DuplicateId = "duplicate-id", Error, "two files both declare `id: SLA-CHAT-FIRST`";
    DanglingReference = "dangling-reference", Error, "`[[REQ-CAHT]]` where no document has that ID";
    DanglingAnchor = "dangling-anchor", Error, "`[退款](@PG-AFTER-SALES#退货)` where that page has no such heading";
    DanglingLink = "dangling-link", Error, "`[见](../sla/missing.md)` or `![](/logo.png)` with no such file";
    WrongReferenceKind = "wrong-reference-kind", Error, "`satisfies: [FAQ-REFUND]` (must name a requirement)";
    UnrenderedReference = "unrendered-reference", Error, "`[see [[REQ-X]] owner](@PG-X)`: a link inside a link's text leaves `](@PG-X)` as text";
    ReferenceToDraft = "reference-to-draft", Error, "`[[PG-NEW-PROCESS]]` while that page is a draft and drafts are left out";
    SlaChannelNotRequired = "sla-channel-not-required", Error, "an `email` SLA that satisfies a requirement for `phone` only";
    TemplateError = "template-error", Error, "`templates/page.html` does not compile";
    ConfigUnknownKey = "config-unknown-key", Error, "`titel:` in `playbook.yaml`";
    ConfigInvalidValue = "config-invalid-value", Error, "`timezone: Beijing` (not an IANA name)";
    CsvSyntax = "csv-syntax", Error, "a row of `data/2026-06.csv` with four fields under a header of three, or an unterminated quote";
    CsvHeader = "csv-header", Error, "a data file whose header has `ID,月份,值` instead of `id,period,value`";
    DuplicateActual = "duplicate-actual", Error, "`SLA-CHAT-FIRST` has `2026-06` in its front matter and in `data/2026-06.csv`";
    CalendarConflict = "calendar-conflict", Error, "`2026-10-03` both a holiday and a workday, or a workday on a Thursday";
    InvalidRelease = "invalid-release", Error, "`releases/2026.2.json` that is not JSON, lacks `documents`, or says `\"version\": \"2026.3\"`";
    WriteFailed = "write-failed", Error, "the disk is full while `build` writes `public/`: nothing is swapped in";
    ChannelWithoutSla = "channel-without-sla", Warning, "a `must` requirement for `phone` that no phone SLA satisfies";
    SlaWithoutTraining = "sla-without-training", Warning, "an SLA no training module `covers`";
    LinkToLeftOut = "link-to-left-out", Warning, "a `shared` FAQ linking to an `internal` vendor page";
    LinkToRetired = "link-to-retired", Warning, "`[[REQ-OLD]]` where `REQ-OLD` has `status: retired`";
    ReviewOverdue = "review-overdue", Warning, "`review_by: 2026-01-31` and today is later";
    KpiMissed = "kpi-missed", Warning, "the latest actual of a `better: higher` KPI is below its target";
    SlaMissed = "sla-missed", Warning, "the latest actual of a 2m first-response SLA at 90% is `87.5%`";
    ActualsGap = "actuals-gap", Warning, "a monthly SLA with actuals for `2026-01` and `2026-03` but none for `2026-02`";
    SlaHoursShort = "sla-hours-short", Warning, "a chat SLA `daily 08:00-22:00` for a requirement asking `24/7`";
    ConflictingSlas = "conflicting-slas", Warning, "two chat first-response SLAs for `REQ-CHAT`, both 90%, one 2m and one 3m";
    TrainingCoversNothing = "training-covers-nothing", Warning, "a training plan none of whose modules `covers` anything";
    VersionNotBumped = "version-not-bumped", Warning, "`version: \"2026.2\"` while the content differs from `releases/2026.2.json`";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A position in a file: line and column start at 1, columns count Unicode
/// characters (a BOM is not counted).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A value with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

impl Pos {
    /// The start of a file: where problems of a whole file, and missing
    /// fields (the opening `---`), are reported.
    pub const START: Pos = Pos { line: 1, column: 1 };

    pub fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }
}

/// One problem found in a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    /// Path relative to the project root, with `/`.
    pub path: String,
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, path: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            path: path.into(),
            pos,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line only when there is one.
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    fn sort_key(&self) -> (&str, Pos, &str, &str) {
        (&self.path, self.pos, self.code.as_str(), &self.message)
    }
}

/// Sorts diagnostics as the spec fixes: by path, line, column, code (then
/// message, so that the order is total and output deterministic); exact
/// duplicates are dropped.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// Counts of a run's diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count();
        Tally {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }

    /// Whether these diagnostics fail the run.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.errors > 0 || (deny_warnings && self.warnings > 0)
    }
}

/// The text of every file a diagnostic may point into, so that the human
/// printer can show the offending line.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: BTreeMap<String, Arc<str>>,
}

impl Sources {
    pub fn insert(&mut self, path: impl Into<String>, text: Arc<str>) {
        self.files.insert(path.into(), text);
    }

    /// `insert` of each file in turn (so the last text given for a path
    /// wins), with the tree built once: the files of a load come sorted by
    /// path, and a search of the tree per file was most of its cost.
    pub fn insert_all(&mut self, files: Vec<(String, Arc<str>)>) {
        let mut all: Vec<(String, Arc<str>)> =
            std::mem::take(&mut self.files).into_iter().collect();
        all.extend(files);
        // Stable: of equal paths, the one given last stays last.
        all.sort_by(|a, b| a.0.cmp(&b.0));
        let mut unique: Vec<(String, Arc<str>)> = Vec::with_capacity(all.len());
        for (path, text) in all {
            match unique.last_mut() {
                Some(last) if last.0 == path => last.1 = text,
                _ => unique.push((path, text)),
            }
        }
        self.files = unique.into_iter().collect();
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|text| &**text)
    }

    /// Every file and its text, by path.
    pub fn into_files(self) -> impl Iterator<Item = (String, Arc<str>)> {
        self.files.into_iter()
    }
}

/// How many diagnostics of one file the human output shows (the JSON
/// output always has every one).
pub const HUMAN_PER_FILE: usize = 50;
/// How many diagnostics the human output shows in all.
pub const HUMAN_TOTAL: usize = 500;

/// Renders diagnostics for people, each as `render_human` does, handing
/// each piece of text to `emit`: at most `HUMAN_PER_FILE` of a file (then
/// how many more there are) and `HUMAN_TOTAL` in all. Linear in their
/// number: each file's line starts are found once, not a scan from the
/// start of the file per diagnostic (2 000 errors at the end of a 10 MB
/// file took 25 s so).
pub fn render_human_all(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    color: bool,
    mut emit: impl FnMut(&str),
) {
    let mut per_file: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for diagnostic in diagnostics {
        *per_file.entry(diagnostic.path.as_str()).or_default() += 1;
    }
    let mut lines: std::collections::HashMap<&str, LineIndex<'_>> =
        std::collections::HashMap::new();
    let mut shown_in_file: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::new();
    let mut shown = 0;
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        let path = diagnostic.path.as_str();
        let in_file = shown_in_file.entry(path).or_default();
        if *in_file < HUMAN_PER_FILE && shown < HUMAN_TOTAL {
            *in_file += 1;
            shown += 1;
            let line = sources.get(path).and_then(|text| {
                lines
                    .entry(path)
                    .or_insert_with(|| LineIndex::new(text))
                    .line(diagnostic.pos.line)
            });
            emit(&render_with_line(diagnostic, line, color));
        }
        // After the last of the file's diagnostics (they come sorted by
        // path), how many were left out.
        let last_of_file = diagnostics
            .get(index + 1)
            .is_none_or(|next| next.path != diagnostic.path);
        let hidden = per_file[path] - shown_in_file[path];
        if last_of_file && hidden > 0 && shown < HUMAN_TOTAL {
            emit(&format!(
                "… and {hidden} more in `{path}` (`--format json` lists every one)"
            ));
            // Counted once, even if the file's diagnostics come again.
            shown_in_file.insert(path, per_file[path]);
        }
    }
    if shown >= HUMAN_TOTAL && diagnostics.len() > shown {
        emit(&format!(
            "… and {} more diagnostics not shown (`--format json` lists every one)",
            diagnostics.len() - shown
        ));
    }
}

/// Where each line of a text starts, found once.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, byte)| byte == b'\n')
                .map(|(index, _)| index + 1),
        );
        LineIndex { text, starts }
    }

    /// The `n`th (1-based) line, as `nth_line` gives it.
    fn line(&self, n: u32) -> Option<&'a str> {
        let index = n.checked_sub(1)? as usize;
        let start = *self.starts.get(index)?;
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let line = &self.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// Renders one diagnostic in the style of rustc: severity and code, the
/// position, the source line with a caret under the offending value, and a
/// help line.
pub fn render_human(diagnostic: &Diagnostic, sources: &Sources, color: bool) -> String {
    let line_text = sources
        .get(&diagnostic.path)
        .and_then(|text| nth_line(text, diagnostic.pos.line));
    render_with_line(diagnostic, line_text, color)
}

/// `render_human`, given the source line the diagnostic points at.
fn render_with_line(diagnostic: &Diagnostic, line_text: Option<&str>, color: bool) -> String {
    let level = match diagnostic.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code.as_str());
    let mut groups = Vec::new();
    match line_text {
        Some(line) => {
            let span = caret_span(line, diagnostic.pos.column);
            let snippet = Snippet::source(line)
                .line_start(diagnostic.pos.line as usize)
                .path(diagnostic.path.as_str())
                .annotation(AnnotationKind::Primary.span(span));
            groups.push(title.element(snippet));
        }
        None => {
            // No line to show (a file not read, a folder): the place
            // alone, as a compiler writes it.
            groups.push(
                title.element(
                    Origin::path(diagnostic.path.as_str())
                        .line(diagnostic.pos.line as usize)
                        .char_column(diagnostic.pos.column as usize),
                ),
            );
        }
    }
    if let Some(help) = &diagnostic.help {
        groups.push(Group::with_level(Level::HELP).element(Level::HELP.message(help.as_str())));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&groups)
}

/// The `n`th (1-based) line of a text without its line ending; a BOM at the
/// start is not part of the first line.
fn nth_line(text: &str, n: u32) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line = text.split('\n').nth(n.checked_sub(1)? as usize)?;
    Some(line.strip_suffix('\r').unwrap_or(line))
}

/// The byte range to underline: from the character at `column` to the end of
/// the token there (at least one character), so the caret sits on the value.
fn caret_span(line: &str, column: u32) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map(|(index, _)| index)
        .unwrap_or(line.len());
    let rest = &line[start..];
    let token_len = rest
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, ',' | ']' | '}' | ')' | '|'))
        .map(|(index, _)| index)
        .unwrap_or(rest.len());
    let token_len = if token_len == 0 {
        rest.chars().next().map(char::len_utf8).unwrap_or(0)
    } else {
        token_len
    };
    start..start + token_len
}

/// One diagnostic as the JSON object `check --format json` prints per line.
pub fn render_json(diagnostic: &Diagnostic) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        severity: Severity,
        code: &'a str,
        path: &'a str,
        line: u32,
        column: u32,
        message: &'a str,
        help: Option<&'a str>,
    }
    let line = Line {
        severity: diagnostic.severity(),
        code: diagnostic.code.as_str(),
        path: &diagnostic.path,
        line: diagnostic.pos.line,
        column: diagnostic.pos.column,
        message: &diagnostic.message,
        help: diagnostic.help.as_deref(),
    };
    serde_json::to_string(&line).unwrap_or_default()
}

/// "Did you mean …": the closest candidate within a small edit distance.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    Suggester::new(candidates).closest(word)
}

/// Candidates prepared once for many "did you mean" questions: every
/// dangling reference of a project is compared with every ID. Comparing
/// each pair in full made 3 000 broken references among 3 000 documents
/// take minutes; two cheap lower bounds of the distance (the difference in
/// length, and the characters only one side has) now discard almost every
/// pair, and the distance itself stops as soon as it exceeds the best so
/// far. The answer is the same: the closest candidate within reach, ties
/// going to the smaller string.
pub struct Suggester<'a> {
    candidates: Vec<Candidate<'a>>,
}

struct Candidate<'a> {
    text: &'a str,
    lower: Vec<char>,
    mask: u64,
}

/// The set of a text's characters, folded into 64 classes (each letter and
/// digit its own, the rest shared). A class on one side only needs at least
/// one edit, so the number of such classes is a lower bound of the distance.
fn char_mask(chars: &[char]) -> u64 {
    chars.iter().fold(0, |mask, &c| {
        let class = match c {
            'a'..='z' => u32::from(c) - u32::from('a'),
            '0'..='9' => 26 + u32::from(c) - u32::from('0'),
            _ => 36 + u32::from(c) % 28,
        };
        mask | 1u64 << class
    })
}

impl<'a> Suggester<'a> {
    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Self {
        let candidates = candidates
            .into_iter()
            .map(|text| {
                let lower: Vec<char> = text.to_lowercase().chars().collect();
                let mask = char_mask(&lower);
                Candidate { text, lower, mask }
            })
            .collect();
        Suggester { candidates }
    }

    /// The closest candidate within a small edit distance of `word`
    /// (ignoring case), if any.
    pub fn closest(&self, word: &str) -> Option<&'a str> {
        let word_lower: Vec<char> = word.to_lowercase().chars().collect();
        let limit = (word.chars().count() / 3).clamp(1, 3);
        let word_mask = char_mask(&word_lower);
        let mut best: Option<(usize, &'a str)> = None;
        for candidate in &self.candidates {
            let bound = best.map_or(limit, |(distance, _)| distance);
            if candidate.lower.len().abs_diff(word_lower.len()) > bound {
                continue;
            }
            let only_word = (word_mask & !candidate.mask).count_ones() as usize;
            let only_candidate = (candidate.mask & !word_mask).count_ones() as usize;
            if only_word.max(only_candidate) > bound {
                continue;
            }
            if let Some(distance) = bounded_distance(&word_lower, &candidate.lower, bound) {
                let found = (distance, candidate.text);
                if best.is_none_or(|best| found < best) {
                    best = Some(found);
                }
            }
        }
        best.map(|(_, text)| text)
    }

    /// "did you mean `x`?" as a help line, when a close candidate exists.
    pub fn suggestion(&self, word: &str) -> Option<String> {
        self.closest(word)
            .map(|candidate| format!("did you mean `{candidate}`?"))
    }
}

/// Edit distance over characters counting an adjacent swap as one edit
/// (optimal string alignment), so `titel` is one step from `title`; `None`
/// once it is certain to exceed `bound`.
fn bounded_distance(a: &[char], b: &[char], bound: usize) -> Option<usize> {
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    let mut previous_min = 0;
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
            row_min = row_min.min(best);
        }
        // A later row is at least the smaller of this row's minimum and
        // (through a swap) the previous row's minimum plus one.
        if row_min > bound && previous_min >= bound {
            return None;
        }
        previous_min = row_min;
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= bound).then_some(distance)
}

/// The plain edit distance, the reference `bounded_distance` is tested against.
#[cfg(test)]
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            table[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (table[(i - 1) * width + j] + 1)
                    .min(table[i * width + j - 1] + 1)
                    .min(table[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(table[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    table[a.len() * width + b.len()]
}

/// "did you mean `x`?" as a help line, when a close candidate exists.
pub fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|candidate| format!("did you mean `{candidate}`?"))
}

/// The README's table of codes, generated from `Code::ALL` (a test keeps
/// the README in step with it).
pub fn readme_table() -> String {
    let mut table = String::from("| code | severity | example |\n|---|---|---|\n");
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        table.push_str(&format!(
            "| `{}` | {severity} | {} |\n",
            code.as_str(),
            code.example()
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_without_a_source_line_gives_its_place_as_a_compiler_does() {
        let diagnostic = Diagnostic::new(
            Code::UnreadableFile,
            "content/faq/x.md",
            Pos { line: 3, column: 7 },
            "cannot read: permission denied",
        );
        let text = render_human(&diagnostic, &Sources::default(), false);
        let place = text.lines().nth(1).unwrap_or_default();
        assert_eq!(place.trim_start(), "--> content/faq/x.md:3:7", "{text}");
    }

    #[test]
    fn inserting_all_at_once_is_inserting_each_in_turn() {
        let text = |t: &str| -> Arc<str> { Arc::from(t) };
        let batch = vec![
            ("content/b.md".to_string(), text("b")),
            ("content/a.md".to_string(), text("a1")),
            ("playbook.yaml".to_string(), text("new config")),
            ("content/a.md".to_string(), text("a2")),
        ];
        let mut one_by_one = Sources::default();
        let mut at_once = Sources::default();
        for sources in [&mut one_by_one, &mut at_once] {
            sources.insert("playbook.yaml", text("config"));
            sources.insert("content/c.md", text("c"));
        }
        for (path, body) in batch.clone() {
            one_by_one.insert(path, body);
        }
        at_once.insert_all(batch);
        assert_eq!(at_once.files, one_by_one.files);
        assert_eq!(at_once.get("content/a.md"), Some("a2"));
        assert_eq!(at_once.get("playbook.yaml"), Some("new config"));
    }

    #[test]
    fn suggests_the_closest_name_within_reach() {
        let fields = ["title", "tags", "owner"];
        assert_eq!(did_you_mean("titel", fields), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", fields), None);
        assert_eq!(
            did_you_mean("REQ-CAHT", ["REQ-CHAT", "REQ-PHONE"]),
            Some("REQ-CHAT")
        );
    }

    #[test]
    fn the_fast_suggester_agrees_with_the_plain_distance() {
        let candidates = [
            "REQ-CHAT",
            "REQ-PHONE",
            "SLA-CHAT-FIRST",
            "SLA-CHAT-FRIST",
            "FAQ-REFUND",
            "title",
            "tags",
            "owner",
            "titel",
            "价格",
            "价钱",
            "ab",
            "ba",
            "abc",
            "acb",
            "x",
        ];
        let words = [
            "REQ-CAHT",
            "req-chat",
            "SLA-CHAT-FIST",
            "FAQ-REFUN",
            "titl",
            "tilte",
            "价",
            "价格表",
            "ba",
            "bca",
            "zzzzzz",
            "",
            "x",
            "REQ-PHONES",
            "SLACHATFIRST",
        ];
        for word in words {
            let limit = (word.chars().count() / 3).clamp(1, 3);
            let plain = candidates
                .iter()
                .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), *c))
                .filter(|&(distance, _)| distance <= limit)
                .min()
                .map(|(_, c)| c);
            assert_eq!(did_you_mean(word, candidates), plain, "{word}");
            for candidate in candidates {
                let a: Vec<char> = word.to_lowercase().chars().collect();
                let b: Vec<char> = candidate.to_lowercase().chars().collect();
                let full = edit_distance(&word.to_lowercase(), &candidate.to_lowercase());
                for bound in 0..5 {
                    assert_eq!(
                        bounded_distance(&a, &b, bound),
                        (full <= bound).then_some(full),
                        "{word} {candidate} {bound}"
                    );
                }
            }
        }
    }

    #[test]
    fn caret_covers_the_token_at_the_column() {
        assert_eq!(caret_span("channel: wechat", 10), 9..15);
        assert_eq!(
            caret_span("见 [[X]]", 5),
            "见 [[".len().."见 [[X]]".len() - 2
        );
        assert_eq!(caret_span("", 1), 0..0);
    }

    #[test]
    fn sorting_orders_by_path_line_column_code() {
        let mut list = vec![
            Diagnostic::new(Code::InvalidValue, "b.md", Pos::new(1, 1), "x"),
            Diagnostic::new(Code::UnknownField, "a.md", Pos::new(2, 1), "x"),
            Diagnostic::new(Code::InvalidId, "a.md", Pos::new(2, 1), "x"),
            Diagnostic::new(Code::InvalidId, "a.md", Pos::new(1, 5), "x"),
        ];
        sort(&mut list);
        let order: Vec<_> = list
            .iter()
            .map(|d| (d.path.as_str(), d.pos, d.code))
            .collect();
        assert_eq!(
            order,
            vec![
                ("a.md", Pos::new(1, 5), Code::InvalidId),
                ("a.md", Pos::new(2, 1), Code::InvalidId),
                ("a.md", Pos::new(2, 1), Code::UnknownField),
                ("b.md", Pos::new(1, 1), Code::InvalidValue),
            ]
        );
    }
}
