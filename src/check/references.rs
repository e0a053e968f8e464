//! Every reference must land: `dangling-reference` (no such ID),
//! `dangling-anchor` (no such heading in the target), `dangling-link` (a
//! relative `.md` path or a `/` path with no file), `wrong-reference-kind`
//! (`satisfies` must name a requirement, `measures` an SLA) and
//! `reference-to-draft` (published content pointing to an unpublished draft).
//!
//! Why: references are what make the handbook one document; one that
//! silently breaks is a dead end for the reader.

use super::Context;
use crate::content::document::{RefSyntax, Status};
use crate::diag::{Code, Diagnostic, Suggester, suggestion};
use crate::graph::Resolution;

/// Files at an edition's root that every build writes, so `/` links to them work.
const GENERATED_ROOT_FILES: &[&str] = &[
    "/index.html",
    "/trace.html",
    "/print.html",
    "/search.html",
    "/404.html",
    "/playbook.json",
];

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let documents = &context.corpus.documents;
    // Prepared once, when the first dangling reference needs it: every
    // one is compared with every ID (and `watch` runs this after every save
    // of a project that has none).
    let ids = std::cell::OnceCell::new();
    let ids = || ids.get_or_init(|| Suggester::new(context.graph.by_id.keys().map(String::as_str)));
    let mut diagnostics = Vec::new();
    // Made when the first root link needs it (most projects have none).
    let review_files = std::cell::OnceCell::new();
    let review_files =
        || review_files.get_or_init(|| crate::evaluation::review::review_paths(documents));
    for (index, document) in documents.iter().enumerate() {
        for (reference, resolution) in document
            .references
            .iter()
            .zip(context.graph.resolutions[index].iter())
        {
            let problem = |code, message: String| {
                Diagnostic::new(code, &document.path, reference.pos, message)
            };
            match resolution {
                Resolution::NoSuchId
                    if let Some(broken) = context.broken_file_declaring(&reference.target) =>
                {
                    diagnostics.push(
                        problem(
                            Code::DanglingReference,
                            format!(
                                "`{}` is declared by `{}`, which has errors and so is not loaded as a document",
                                reference.target, broken.path
                            ),
                        )
                        .with_help(format!(
                            "fix the errors reported in `{}`; this reference then resolves",
                            broken.path
                        )),
                    );
                }
                Resolution::NoSuchId => {
                    let upper = reference.target.to_uppercase();
                    let help = if context.graph.by_id.contains_key(&upper) {
                        Some(format!("did you mean `{upper}`? (IDs are upper case)"))
                    } else {
                        ids().suggestion(&reference.target)
                    };
                    let message = if reference.target.is_empty() {
                        "an empty reference".to_string()
                    } else {
                        format!("no document has the ID `{}`", reference.target)
                    };
                    diagnostics
                        .push(problem(Code::DanglingReference, message).with_optional_help(help));
                }
                Resolution::NoSuchFile { path } => {
                    diagnostics.push(
                        problem(Code::DanglingLink, format!("`{path}` is not a document of this project"))
                            .with_help("a relative link is resolved from this file's folder and must name a `.md` file under `content/`"),
                    );
                }
                Resolution::NoSuchAnchor { target, anchor } => {
                    let target = &documents[*target];
                    let help = suggestion(anchor, target.anchors.iter().map(String::as_str))
                        .or_else(|| {
                            (!target.anchors.is_empty() && target.anchors.len() <= 12)
                                .then(|| format!("its anchors are: {}", target.anchors.join(", ")))
                        });
                    let whose = if reference.syntax == RefSyntax::SelfAnchor {
                        "this document".to_string()
                    } else {
                        format!("`{}`", target.id.value)
                    };
                    diagnostics.push(
                        problem(
                            Code::DanglingAnchor,
                            format!("{whose} has no heading with the anchor `#{anchor}`"),
                        )
                        .with_optional_help(help),
                    );
                }
                Resolution::Target(target) => {
                    let target = &documents[*target];
                    if let RefSyntax::Field(field) = reference.syntax
                        && let Some(kind) = field.target_kind()
                        && target.kind != kind
                    {
                        diagnostics.push(problem(
                            Code::WrongReferenceKind,
                            format!(
                                "`{}` must name a {}, but `{}` is of kind `{}`",
                                field.name(),
                                kind.name(),
                                target.id.value,
                                target.kind.name()
                            ),
                        ));
                    }
                    if !context.options.include_drafts
                        && target.status == Status::Draft
                        && document.status != Status::Draft
                    {
                        diagnostics.push(
                            problem(
                                Code::ReferenceToDraft,
                                format!(
                                    "`{}` is a draft, which is left out of the published editions",
                                    target.id.value
                                ),
                            )
                            .with_help(
                                "approve the draft, remove the reference, or build with `--drafts`",
                            ),
                        );
                    }
                }
            }
        }
        for link in &document.root_links {
            let exists = context.corpus.static_files.contains(&link.path)
                || GENERATED_ROOT_FILES.contains(&link.path.as_str())
                || review_files().contains(&link.path)
                || (!context.corpus.config.calendar.is_empty()
                    && crate::calendar::GENERATED_FILES.contains(&link.path.as_str()));
            if !exists {
                let known = context.corpus.static_files.iter().map(String::as_str);
                let help = suggestion(&link.path, known).unwrap_or_else(|| {
                    "a path starting with `/` names a file of the `static/` folder".to_string()
                });
                diagnostics.push(
                    Diagnostic::new(
                        Code::DanglingLink,
                        &document.path,
                        link.pos,
                        format!("`{}` is not a file of `static/`", link.path),
                    )
                    .with_help(help),
                );
            }
        }
    }
    diagnostics
}
