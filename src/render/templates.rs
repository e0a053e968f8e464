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
    ("base.html", include_str!("../../templates/base.html")),
    ("home.html", include_str!("../../templates/home.html")),
    (
        "document.html",
        include_str!("../../templates/document.html"),
    ),
    (
        "kind_index.html",
        include_str!("../../templates/kind_index.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("trace.html", include_str!("../../templates/trace.html")),
    ("print.html", include_str!("../../templates/print.html")),
    ("search.html", include_str!("../../templates/search.html")),
];

/// The search client, written to every edition as `assets/search.js`.
pub const SEARCH_JS: &str = include_str!("../../templates/search.js");

/// The built-in stylesheet, replaced by a project's `templates/style.css`.
pub const BUILT_IN_CSS: &str = include_str!("../../templates/style.css");

/// Compiled templates, ready to render pages in parallel.
pub struct Templates {
    tera: tera::Tera,
    /// A hash of every template and the stylesheet (for `watch`'s cache).
    pub fingerprint: u64,
    pub css: String,
    /// Whether `print.html` is the built-in one (whose only use of a
    /// document's body is `{{ doc.body | safe }}`, which lets the print
    /// page be streamed: see `EditionRenderer::print_page_streamed`).
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
        let mut files: Vec<_> = walk(&folder);
        files.sort();
        for name in files {
            let path = folder.join(&name);
            let text = match std::fs::read(&path) {
                Ok(bytes) => match crate::content::decode(&bytes, &format!("templates/{name}")) {
                    Ok(text) => text,
                    Err(diagnostic) => {
                        problems.push(diagnostic);
                        continue;
                    }
                },
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
    if let Err(error) = tera.add_raw_templates(
        sources
            .iter()
            .map(|(name, source)| (name.as_str(), source.as_str())),
    ) {
        return Err(vec![diagnostic(&error, None)]);
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

fn walk(folder: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if crate::content::files::is_ignored_name(&name) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                names.push(crate::content::files::relative_path(folder, &path));
            }
        }
    }
    names
}

impl Templates {
    /// Renders template `name` with `context` (any serializable map).
    pub fn render<T: Serialize>(&self, name: &str, context: &T) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(context)
            .map_err(|error| diagnostic(&error, Some(name)))?;
        self.tera
            .render(name, &context)
            .map_err(|error| diagnostic(&error, Some(name)))
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
    Diagnostic::new(Code::TemplateError, format!("templates/{file}"), pos, message)
        .with_help("fix the template; built-in templates are listed in the README with the variables they receive")
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("template error").to_string()
}
