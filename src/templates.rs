//! The templates: the default theme compiled into the binary (the files of
//! the repository's `templates/`), any of which a project replaces with a
//! file of the same name in its own `templates/`; other files there are the
//! project's own partials. A template that does not compile or fails to
//! render is a `template-error` at its file, line and column.
//!
//! This module owns `tera`.

use std::path::Path;

use serde::Serialize;

use crate::diag::{Code, Diagnostic, Pos};

/// The built-in theme: (name, source). The README lists each template and
/// the variables it receives.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("menu.html", include_str!("../templates/menu.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("document.html", include_str!("../templates/document.html")),
    (
        "kind_index.html",
        include_str!("../templates/kind_index.html"),
    ),
    ("404.html", include_str!("../templates/404.html")),
    ("trace.html", include_str!("../templates/trace.html")),
    ("calendar.html", include_str!("../templates/calendar.html")),
    ("changes.html", include_str!("../templates/changes.html")),
    ("print.html", include_str!("../templates/print.html")),
    (
        "print_document.html",
        include_str!("../templates/print_document.html"),
    ),
    ("search.html", include_str!("../templates/search.html")),
    ("table.html", include_str!("../templates/table.html")),
    (
        "review_index.html",
        include_str!("../templates/review_index.html"),
    ),
    (
        "review_month.html",
        include_str!("../templates/review_month.html"),
    ),
    (
        "review_scorecard.html",
        include_str!("../templates/review_scorecard.html"),
    ),
    (
        "review_rows.html",
        include_str!("../templates/review_rows.html"),
    ),
];

/// The search client, written to every edition as `assets/search.js`.
pub const SEARCH_JS: &str = include_str!("../templates/search.js");

/// The built-in stylesheet, replaced by a project's `templates/style.css`.
pub const BUILT_IN_CSS: &str = include_str!("../templates/style.css");

/// Compiled templates, ready to render pages in parallel.
pub struct Templates {
    tera: tera::Tera,
    /// A hash of every template and the stylesheet (for `watch`'s cache).
    pub fingerprint: u64,
    pub css: String,
    /// Whether `print.html` is the built-in one (whose only use of a
    /// document's body is `{{ doc.body | safe }}`, which lets the print
    /// page be streamed: see `EditionRenderer::print_pieces`).
    pub print_is_built_in: bool,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").finish_non_exhaustive()
    }
}

/// Loads the built-in theme with the project's overrides and compiles it.
/// The text of every template goes into `sources`, so that a diagnostic
/// can show its line.
pub fn load(
    root: &Path,
    diagnostic_sources: &mut crate::diag::Sources,
) -> Result<Templates, Vec<Diagnostic>> {
    let mut sources: Vec<(String, String)> = BUILT_IN
        .iter()
        .map(|(name, source)| (name.to_string(), source.to_string()))
        .collect();
    let mut css = BUILT_IN_CSS.to_string();
    let mut problems = Vec::new();
    let folder = root.join("templates");
    if folder.is_dir() {
        let (mut files, walk_problems) = walk(root, &folder);
        problems.extend(walk_problems);
        files.sort();
        for name in files {
            let path = folder.join(&name);
            let text = match std::fs::read(&path) {
                Ok(bytes) => {
                    match crate::content::files::decode(&bytes, &format!("templates/{name}")) {
                        Ok(text) => text,
                        Err(diagnostic) => {
                            problems.push(diagnostic);
                            continue;
                        }
                    }
                }
                Err(error) => {
                    problems.push(Diagnostic::new(
                        Code::UnreadableFile,
                        format!("templates/{name}"),
                        Pos::START,
                        format!("cannot read the template: {error}"),
                    ));
                    continue;
                }
            };
            if name == "style.css" {
                css = text;
                continue;
            }
            match sources.iter_mut().find(|(existing, _)| *existing == name) {
                Some(slot) => slot.1 = text,
                None => sources.push((name, text)),
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (name, text) in &sources {
        diagnostic_sources.insert(
            format!("templates/{name}"),
            std::sync::Arc::from(text.as_str()),
        );
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
    tera.set_escape_fn(escape_html);
    tera.register_filter("safe", safe);
    if let Err(error) = tera.add_raw_templates(
        sources
            .iter()
            .map(|(name, source)| (name.as_str(), source.as_str())),
    ) {
        return Err(compile_diagnostics(&error, &sources));
    }
    let fingerprint = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        sources.hash(&mut hasher);
        css.hash(&mut hasher);
        hasher.finish()
    };
    let print_is_built_in = sources.iter().any(|(name, source)| {
        name == "print.html"
            && BUILT_IN
                .iter()
                .any(|(built_in, text)| *built_in == "print.html" && text == source)
    });
    Ok(Templates {
        tera,
        fingerprint,
        css,
        print_is_built_in,
    })
}

/// The files of the project's `templates/` (relative names with `/`) and
/// the problems of the walk. Symbolic links are followed as under
/// `content/`, with the same checks: a link looping back to a parent folder
/// is a `symlink-loop` (walking it would list the folder again at every
/// level, and two such links make that exponential), a link to nothing a
/// `dangling-symlink`.
fn walk(root: &Path, folder: &Path) -> (Vec<String>, Vec<Diagnostic>) {
    let mut names = Vec::new();
    let mut problems = Vec::new();
    let walker = walkdir::WalkDir::new(folder)
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !crate::content::files::is_ignored_name(&entry.file_name().to_string_lossy())
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                names.push(crate::content::files::relative_path(folder, entry.path()));
            }
            Ok(_) => {}
            Err(error) => problems.push(crate::content::files::walk_problem(root, &error)),
        }
    }
    (names, problems)
}

impl Templates {
    /// Renders `name` with the fields of `fields` plus the `shared` values
    /// (made once with `Shared::of` and given to many pages: converting
    /// the menu and the labels again for each of 20 000 pages was a good
    /// part of the time spent in templates), in a buffer made for
    /// `size_hint` bytes (the rows of a table grew theirs step by step,
    /// copied each time).
    pub fn render_with<T: Serialize>(
        &self,
        name: &str,
        fields: &T,
        shared: &[(&'static str, &Shared)],
        size_hint: usize,
    ) -> Result<String, Diagnostic> {
        let bytes = self.render_bytes(name, fields, shared, size_hint)?;
        into_text(name, bytes)
    }

    /// `render_with` as bytes, in a buffer made for `size_hint` bytes: a
    /// document's page goes to its file as it is, without a check that
    /// the engine's output is UTF-8 (it is) or a buffer grown step by step.
    pub fn render_bytes<T: Serialize>(
        &self,
        name: &str,
        fields: &T,
        shared: &[(&'static str, &Shared)],
        size_hint: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut bytes = Vec::with_capacity(size_hint);
        self.render_to(name, fields, shared, &mut bytes)?;
        Ok(bytes)
    }

    /// `render_with`, written to `out` as the engine makes it (the print
    /// page is cut into pieces this way, never held whole).
    pub fn render_to<T: Serialize>(
        &self,
        name: &str,
        fields: &T,
        shared: &[(&'static str, &Shared)],
        out: &mut impl std::io::Write,
    ) -> Result<(), Diagnostic> {
        let mut context = tera::Context::from_serialize(fields)
            .map_err(|error| diagnostic(&error, Some(name)))?;
        for &(key, value) in shared {
            context.insert_value(key, value.0.clone());
        }
        self.tera
            .render_to(name, &context, out)
            .map_err(|error| diagnostic(&error, Some(name)))
    }

    pub fn render<T: Serialize>(&self, name: &str, context: &T) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(context)
            .map_err(|error| diagnostic(&error, Some(name)))?;
        self.tera
            .render(name, &context)
            .map_err(|error| diagnostic(&error, Some(name)))
    }
}

/// The `safe` filter: the value marked as safe, as the engine's own does,
/// without the copy the engine's makes of every string it is given (a
/// page's body, each cell of a year of results: all of them copied once
/// more per page). A string keeps its shared text; anything else is
/// written out as the engine's filter writes it. A test holds the two
/// equal on every kind of value.
fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.is_string() {
        value.clone().mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// What `{{ value }}` writes in an HTML template: the engine's own
/// escaping, a run of bytes at a time. The engine writes each byte through
/// the writer on its own (a call per byte of every title and table cell
/// of every page); the same five characters are replaced the same way
/// (a property test holds the two equal).
fn escape_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::markdown::for_each_escaped_piece(text, |piece| out.write_all(piece.as_bytes()))
}

/// The output of template `name` as text (the engine writes UTF-8; the
/// check only turns a broken promise into a diagnostic, not a panic).
pub fn into_text(name: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|error| {
        Diagnostic::new(
            Code::TemplateError,
            format!("templates/{name}"),
            Pos::START,
            format!("the template made text that is not UTF-8: {error}"),
        )
    })
}

/// A value converted once for the templates and shared by many renderings
/// (cloning it is cheap: the template engine's values are reference-counted).
#[derive(Clone)]
pub struct Shared(tera::Value);

/// A `Shared` inside a value being converted is taken as it is (the
/// engine recognises its own values and shares them).
impl Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl Shared {
    /// A text, as the templates see a string.
    pub fn text(text: &str) -> Shared {
        Shared(tera::Value::from(text))
    }

    pub fn of<T: Serialize>(value: &T) -> Result<Shared, Diagnostic> {
        tera::Value::try_from_serializable(value)
            .map(Shared)
            .map_err(|error| diagnostic(&error, None))
    }
}

/// A tera error as a `template-error` at the template's line and column.
fn diagnostic(error: &tera::Error, rendering: Option<&str>) -> Diagnostic {
    // A rendering error may wrap the report of the template it came from.
    let mut current: &tera::Error = error;
    while !matches!(
        current.kind(),
        tera::ErrorKind::SyntaxError(_) | tera::ErrorKind::RenderingError(_)
    ) {
        match std::error::Error::source(current)
            .and_then(|source| source.downcast_ref::<tera::Error>())
        {
            Some(inner) => current = inner,
            None => break,
        }
    }
    let (file, pos, message) = match current.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let file = if report.filename().is_empty() {
                rendering.unwrap_or("?").to_string()
            } else {
                report.filename().to_string()
            };
            (
                file,
                Pos::new(span.start_line.max(1) as u32, span.start_col as u32 + 1),
                report.message().to_string(),
            )
        }
        other => (
            rendering.unwrap_or("?").to_string(),
            Pos::START,
            first_line(&format!(
                "{other}{}",
                std::error::Error::source(error)
                    .map(|s| format!(": {s}"))
                    .unwrap_or_default()
            )),
        ),
    };
    Diagnostic::new(
        Code::TemplateError,
        format!("templates/{file}"),
        pos,
        message,
    )
    .with_help(HELP)
}

/// The diagnostics of templates that do not compile together, each at its
/// template, line and column. Tera reports a syntax error with its place,
/// but the checks across templates without one: include and extends cycles,
/// a missing parent (by template names), and unknown filters, tests,
/// functions, components or included templates (as a text of reports, one
/// per problem). Without this they all came out as `templates/?:1:1`.
fn compile_diagnostics(error: &tera::Error, sources: &[(String, String)]) -> Vec<Diagnostic> {
    let source_of = |name: &str| {
        sources
            .iter()
            .find(|(existing, _)| existing == name)
            .map(|(_, text)| text.as_str())
            .unwrap_or("")
    };
    let at_tag = |file: &str, keyword: &str, target: &str, message: String| {
        Diagnostic::new(
            Code::TemplateError,
            format!("templates/{file}"),
            tag_position(source_of(file), keyword, target),
            message,
        )
        .with_help(HELP)
    };
    match error.kind() {
        // The chain ends with the template named again; the one before it
        // holds the tag that closes the cycle.
        tera::ErrorKind::CircularInclude { include_chain, .. } if include_chain.len() >= 2 => {
            let target = &include_chain[include_chain.len() - 1];
            let file = &include_chain[include_chain.len() - 2];
            vec![at_tag(
                file,
                "include",
                target,
                format!(
                    "templates include each other in a cycle: {}",
                    include_chain.join(" → ")
                ),
            )]
        }
        tera::ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => {
            let target = inheritance_chain.last().unwrap_or(tpl);
            let file = match inheritance_chain.len() {
                0 | 1 => tpl,
                n => &inheritance_chain[n - 2],
            };
            let mut chain = vec![tpl.as_str()];
            chain.extend(inheritance_chain.iter().map(String::as_str));
            vec![at_tag(
                file,
                "extends",
                target,
                format!(
                    "templates extend each other in a cycle: {}",
                    chain.join(" → ")
                ),
            )]
        }
        tera::ErrorKind::MissingParent { current, parent } => vec![at_tag(
            current,
            "extends",
            parent,
            format!("`{current}` extends `{parent}`, which is not a template"),
        )],
        tera::ErrorKind::Msg(text) => {
            let reports = parse_reports(text);
            if reports.is_empty() {
                // No place given (a component defined twice): the last
                // template the message names in backticks.
                let file = sources
                    .iter()
                    .filter_map(|(name, _)| text.rfind(&format!("`{name}`")).map(|at| (at, name)))
                    .max()
                    .map(|(_, name)| name.as_str())
                    .unwrap_or("?");
                vec![
                    Diagnostic::new(
                        Code::TemplateError,
                        format!("templates/{file}"),
                        Pos::START,
                        first_line(text),
                    )
                    .with_help(HELP),
                ]
            } else {
                reports
            }
        }
        _ => vec![diagnostic(error, None)],
    }
}

const HELP: &str =
    "fix the template; built-in templates are listed in the README with the variables they receive";

/// Reads Tera's text reports (`error: MESSAGE` then `--> FILE:LINE:COLUMN`).
fn parse_reports(text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let Some(location) = lines
            .next()
            .and_then(|next| next.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        let mut parts = location.rsplitn(3, ':');
        let (Some(column), Some(line), Some(file)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(line), Ok(column)) = (line.parse::<u32>(), column.parse::<u32>()) else {
            continue;
        };
        found.push(
            Diagnostic::new(
                Code::TemplateError,
                format!("templates/{file}"),
                Pos::new(line.max(1), column.max(1)),
                message,
            )
            .with_help(HELP),
        );
    }
    found
}

/// Where `{% KEYWORD "TARGET" %}` names `target` in a template: the
/// position of the quoted name (the start of the file when not found).
fn tag_position(source: &str, keyword: &str, target: &str) -> Pos {
    for (offset, _) in source.match_indices(keyword) {
        let after = offset + keyword.len();
        let rest = &source[after..];
        let name = rest.trim_start();
        let quote_at = after + (rest.len() - name.len());
        let mut chars = name.chars();
        if let Some(quote @ ('"' | '\'' | '`')) = chars.next()
            && chars
                .as_str()
                .strip_prefix(target)
                .is_some_and(|end| end.starts_with(quote))
            && source[..offset]
                .rfind("{%")
                .is_some_and(|open| !source[open..offset].contains("%}"))
        {
            let before = &source[..quote_at];
            let line = before.matches('\n').count() as u32 + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
            return Pos::new(line, column);
        }
    }
    Pos::START
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("template error").to_string()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    fn escaped(
        escape: fn(&str, &mut dyn std::io::Write) -> std::io::Result<()>,
        text: &str,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        escape(text, &mut out).unwrap();
        out
    }

    proptest! {
        /// The run-at-a-time escaping writes what the engine's own does,
        /// for text of the characters it replaces, CJK and anything else.
        #[test]
        fn escaping_equals_the_engines(text in "([&<>\"'/=` a-z中文]|\\PC){0,40}") {
            prop_assert_eq!(
                escaped(super::escape_html, &text),
                escaped(tera::escape_html, &text)
            );
        }
    }

    /// `{{ value | safe }}` (also followed by another filter) in a
    /// template of `engine`.
    fn safe_rendered(engine: &mut tera::Tera, value: &tera::Value) -> String {
        engine.autoescape_on([".html"]);
        engine
            .add_raw_template("t.html", "{{ v | safe }}|{{ v | safe | upper }}|{{ v }}")
            .unwrap();
        let mut context = tera::Context::new();
        context.insert_value("v", value.clone());
        engine.render("t.html", &context).unwrap()
    }

    fn any_value() -> impl Strategy<Value = tera::Value> {
        let leaf = prop_oneof![
            "([&<>\"' a-z中文]|\\PC){0,40}".prop_map(|text| tera::Value::from(text.as_str())),
            any::<i64>().prop_map(tera::Value::from),
            any::<f64>().prop_map(tera::Value::from),
            any::<bool>().prop_map(tera::Value::from),
            Just(tera::Value::none()),
        ];
        leaf.prop_recursive(2, 8, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4)
                    .prop_map(|items| tera::Value::from_serializable(&items)),
                proptest::collection::btree_map("[a-z<&]{1,4}", inner, 0..3)
                    .prop_map(|map| tera::Value::from_serializable(&map)),
            ]
        })
    }

    proptest! {
        /// The sharing `safe` writes what the engine's own does, for
        /// strings (HTML in them, CJK, long and short), numbers, booleans,
        /// none, lists and maps.
        #[test]
        fn safe_equals_the_engines(value in any_value()) {
            let mut ours = tera::Tera::new();
            ours.register_filter("safe", super::safe);
            prop_assert_eq!(
                safe_rendered(&mut ours, &value),
                safe_rendered(&mut tera::Tera::new(), &value)
            );
        }
    }

    #[test]
    fn every_replaced_character_is_escaped() {
        assert_eq!(
            escaped(super::escape_html, "a&b<c>d\"e'f 中"),
            "a&amp;b&lt;c&gt;d&quot;e&#39;f 中".as_bytes()
        );
    }
}
