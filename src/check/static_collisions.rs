//! `static-collision`: a file of `static/` whose path in the edition is one
//! that playbook generates (`static/index.html`, `static/playbook.json`,
//! `static/faq/faq-x.html`, `static/assets/style.css`, anything under
//! `static/search/`), or that a generated file needs as a folder (a file
//! `static/faq` beside FAQ pages), or that sits under a generated file's
//! name (`static/index.html/x`). Copied as it is, it would silently
//! replace the generated file, or make the build fail, and which one won
//! was down to the order of writing. Every document's page counts, in
//! whatever edition: a page name carries the document's ID.

use std::collections::HashMap;

use super::Context;
use crate::content::document::{Document, Kind};
use crate::diag::{Code, Diagnostic, Pos};

/// Files every edition may have, whatever its documents, with what they
/// are (sections 5–8 of the spec).
const GENERATED_FILES: &[(&str, &str)] = &[
    ("index.html", "the home page"),
    ("404.html", "the page for missing URLs"),
    ("search.html", "the search page"),
    ("trace.html", "the traceability matrix"),
    ("print.html", "the print page"),
    ("playbook.json", "the edition's data export"),
    ("assets/style.css", "the stylesheet"),
    ("assets/search.js", "the search script"),
    ("calendar.html", "the service calendar"),
    ("calendar.ics", "the service calendar"),
    ("changes.html", "the change log"),
];

/// Folders whose every file is generated, with what they hold.
const GENERATED_FOLDERS: &[(&str, &str)] = &[
    ("search", "the search index"),
    ("review", "the monthly service reviews"),
];

/// What playbook itself writes at `path` (relative to the edition root),
/// or needs as a folder there; `None` when only a static file would.
/// `pages` maps every document's page (`faq/faq-x.html`) to it.
pub fn generated_at(
    context: &Context<'_>,
    pages: &HashMap<String, &Document>,
    path: &str,
) -> Option<String> {
    if let Some((_, what)) = GENERATED_FILES.iter().find(|(file, _)| *file == path) {
        return Some(format!("`{path}`, {what}"));
    }
    for (folder, what) in GENERATED_FOLDERS {
        if path == *folder || path.starts_with(&format!("{folder}/")) {
            return Some(format!("`{folder}/`, {what}"));
        }
    }
    if path == "assets" {
        return Some("`assets/`, the folder of the stylesheet and search script".to_string());
    }
    // A static file under a generated file's name, as if it were a folder.
    for (file, what) in GENERATED_FILES {
        if path.starts_with(&format!("{file}/")) {
            return Some(format!("`{file}`, {what} (a file, not a folder)"));
        }
    }
    for kind in Kind::ALL {
        let name = kind.name();
        if path == format!("{name}/index.html") {
            return Some(format!(
                "`{name}/index.html`, the index of the {name} documents"
            ));
        }
        if path == name
            && context
                .corpus
                .documents
                .iter()
                .any(|document| document.kind == kind)
        {
            return Some(format!("`{name}/`, the folder of the {name} pages"));
        }
    }
    // A page, or a path under a page's name.
    let mut page = path;
    loop {
        if let Some(document) = pages.get(page) {
            let folder = if page == path {
                ""
            } else {
                "; a file, not a folder"
            };
            return Some(format!(
                "`{page}`, the page of `{}` ({}{folder})",
                document.id.value, document.path
            ));
        }
        page = page.rsplit_once('/')?.0;
    }
}

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if context.corpus.static_files.is_empty() {
        return found;
    }
    let pages: HashMap<String, &Document> = context
        .corpus
        .documents
        .iter()
        .map(|document| (document.url().to_string(), &**document))
        .collect();
    for file in &context.corpus.static_files {
        let path = file.trim_start_matches('/');
        if let Some(generated) = generated_at(context, &pages, path) {
            found.push(
                Diagnostic::new(
                    Code::StaticCollision,
                    format!("static/{path}"),
                    Pos::START,
                    format!(
                        "`static/{path}` would be copied over what playbook generates: {generated}"
                    ),
                )
                .with_help("rename or move the static file; playbook writes this path itself"),
            );
        }
    }
    found
}
