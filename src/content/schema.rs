//! The front-matter schema of each kind: which fields exist, which are
//! required, and the format of each value. Walks the positioned YAML tree
//! with a `MapReader`, so that every problem of a file is reported at its
//! place, and builds the typed `Document` from what is valid.

use crate::config::Config;
use crate::content::document::*;
use crate::content::fields::{FRONT_MATTER, MapReader};
use crate::content::kind_fields::read_kind_fields;
use crate::content::values::{check_id, id_suggestion, parse_date};
use crate::content::yaml::Node;
use crate::diag::{Code, Diagnostic, Pos, suggestion};

const COMMON_FIELDS: &[&str] = &[
    "id",
    "kind",
    "title",
    "audience",
    "status",
    "owner",
    "updated",
    "review_by",
    "tags",
    "weight",
];

/// The fields a kind adds to the common ones.
pub fn kind_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Requirement => &[
            "channels",
            "hours",
            "priority",
            "volume",
            "during",
            "on_holidays",
        ],
        Kind::Sla => &[
            "channel",
            "metric",
            "target",
            "attainment",
            "window",
            "hours",
            "satisfies",
            "credit",
            "actuals",
            "during",
            "on_holidays",
        ],
        Kind::Training => &["modules", "participants", "schedule", "pass_mark"],
        Kind::Faq => &["related", "channels"],
        Kind::Vendor => &["experience_years", "rating", "quality", "selected"],
        Kind::Kpi => &[
            "unit",
            "target",
            "better",
            "frequency",
            "measures",
            "actuals",
        ],
        Kind::Page => &[],
    }
}

/// Every field of the common set and of `kind`.
pub fn known_fields(kind: Option<Kind>) -> Vec<&'static str> {
    let mut fields = COMMON_FIELDS.to_vec();
    match kind {
        Some(kind) => fields.extend(kind_fields(kind)),
        None => {
            for kind in Kind::ALL {
                for field in kind_fields(kind) {
                    if !fields.contains(field) {
                        fields.push(field);
                    }
                }
            }
        }
    }
    fields
}

/// The parts of a file the schema needs besides its front matter.
pub struct Source<'a> {
    pub path: &'a str,
    /// The whole file (decoded).
    pub text: &'a std::sync::Arc<str>,
    /// The Markdown after the front matter: the end of `text`.
    pub body: &'a str,
    pub body_line: u32,
}

/// Validates one document's front matter. Returns the document when its
/// identity (`id`, `kind`) could be read, so that it still takes part in the
/// reference checks; problems of other fields are reported and leave those
/// fields at their defaults.
pub fn read_document(
    front_matter: &Node,
    source: Source<'_>,
    config: &Config,
) -> (Option<Document>, Vec<Diagnostic>) {
    // Which kind decides which fields are known; read it first.
    let kind_node = front_matter
        .as_map()
        .and_then(|entries| entries.iter().find(|entry| entry.key == "kind"))
        .map(|entry| &entry.value);
    let kind = kind_node.and_then(Node::as_str).and_then(Kind::parse);
    let known = known_fields(kind);
    let mut reader = MapReader::new(
        front_matter,
        &known,
        source.path,
        "the front matter",
        FRONT_MATTER,
        Pos::START,
    );

    let id = read_id(&mut reader);
    let kind = read_kind(&mut reader);
    let title = reader.text("title", true).map(|(title, _)| title);
    let audience = read_audience(&mut reader, kind, config);
    let status = reader
        .choice("status", false, &Status::NAMES)
        .and_then(|(status, _)| Status::parse(&status))
        .unwrap_or(Status::Approved);
    let owner = reader.text("owner", false).map(|(owner, _)| owner);
    let updated = reader
        .parse("updated", false, parse_date)
        .map(|(date, _)| date);
    let review_by = reader
        .parse("review_by", false, parse_date)
        .map(|(value, pos)| Located { value, pos });
    let tags = reader
        .list("tags", false)
        .map(|tags| tags.into_iter().map(|(tag, _)| tag.to_string()).collect())
        .unwrap_or_default();
    let weight = reader
        .parse("weight", false, |text| {
            text.parse::<i64>()
                .map_err(|_| format!("`{text}` is not a whole number"))
        })
        .map(|(weight, _)| weight);

    let mut references = Vec::new();
    let fields = match kind {
        Some(kind) => read_kind_fields(&mut reader, kind, config, &mut references),
        None => KindFields::Invalid,
    };

    if source.path == "content/index.md" {
        check_home_page(&mut reader, kind, audience.as_deref());
    }

    let document = match (id, kind) {
        (Some(id), Some(kind)) => {
            let scan = crate::markdown::scan(source.body, source.body_line, config.max_body_depth);
            if let Some(pos) = scan.too_deep {
                reader.report(
                    Diagnostic::new(
                        Code::BodyTooDeep,
                        source.path,
                        pos,
                        format!(
                            "the body nests more than {} levels deep (limits.max_body_depth)",
                            config.max_body_depth
                        ),
                    )
                    .with_help("nest fewer lists, quotes or HTML elements, or raise `limits.max_body_depth` in `playbook.yaml`"),
                );
            }
            for unrendered in &scan.unrendered {
                reader.report(unrendered_reference(source.path, unrendered));
            }
            references.extend(scan.references);
            Some(Document {
                url: Document::url_of(kind, &id.value),
                path: source.path.to_string(),
                title: title.unwrap_or_else(|| id.value.clone()),
                id,
                kind,
                audience: audience.unwrap_or_else(|| default_audience(kind).to_string()),
                status,
                owner,
                updated,
                review_by,
                tags,
                weight,
                fields,
                front_matter: front_matter.clone(),
                text: source.text.clone(),
                body_start: source.text.len() - source.body.len().min(source.text.len()),
                body_line: source.body_line,
                references,
                root_links: scan.root_links,
                anchors: scan.anchors,
                named_headings: scan.named_headings,
                source_hash: 0,
                front_matter_hash: 0,
            })
        }
        _ => None,
    };
    (document, reader.diagnostics)
}

/// Reference syntax Markdown would print as written (and so carry an ID
/// or a source path into editions that leave the document out).
fn unrendered_reference(path: &str, unrendered: &crate::markdown::Unrendered) -> Diagnostic {
    use crate::markdown::UnrenderedPlace;
    let (where_, help) = match unrendered.place {
        UnrenderedPlace::Text => (
            "it is not a link here",
            "a link inside another link's text (or a table cell split by `|`) makes the outer one plain text: take the inner link out of the text; to show the syntax itself, put it in a code span",
        ),
        UnrenderedPlace::RawHtml => (
            "it is inside raw HTML, where Markdown is not read",
            "end the HTML block with a blank line before the Markdown, or link with `<a href=\"@ID\">…</a>`",
        ),
        UnrenderedPlace::Title => (
            "it is in a link's title, which is plain text",
            "name the document in the link's text instead",
        ),
    };
    Diagnostic::new(
        Code::UnrenderedReference,
        path,
        unrendered.pos,
        format!(
            "`{}` would be printed as written: {where_}",
            unrendered.written
        ),
    )
    .with_help(help)
}

fn default_audience(kind: Kind) -> &'static str {
    if kind == Kind::Vendor {
        "internal"
    } else {
        "shared"
    }
}

fn read_id(reader: &mut MapReader<'_>) -> Option<Located<String>> {
    let node = reader.required("id")?;
    let text = reader.scalar(node, "id")?;
    match check_id(text) {
        Ok(()) => Some(Located {
            value: text.to_string(),
            pos: node.pos,
        }),
        Err(message) => {
            let help = id_suggestion(text).map(|fixed| format!("did you mean `{fixed}`?"));
            reader.report(
                Diagnostic::new(Code::InvalidId, reader.path(), node.pos, message)
                    .with_optional_help(help),
            );
            None
        }
    }
}

fn read_kind(reader: &mut MapReader<'_>) -> Option<Kind> {
    let node = reader.required("kind")?;
    let text = reader.scalar(node, "kind")?;
    let kind = Kind::parse(text);
    if kind.is_none() {
        let help = suggestion(text, Kind::NAMES)
            .unwrap_or_else(|| format!("the kinds are: {}", Kind::NAMES.join(", ")));
        reader.report(
            Diagnostic::new(
                Code::UnknownKind,
                reader.path(),
                node.pos,
                format!("unknown kind `{text}`"),
            )
            .with_help(help),
        );
    }
    kind
}

fn read_audience(
    reader: &mut MapReader<'_>,
    kind: Option<Kind>,
    config: &Config,
) -> Option<String> {
    let node = reader.get("audience")?;
    let text = reader.scalar(node, "audience")?;
    if config.audiences.iter().any(|audience| audience == text) {
        return Some(text.to_string());
    }
    let help = suggestion(text, config.audiences.iter().map(String::as_str)).unwrap_or_else(|| {
        format!(
            "the audiences in `playbook.yaml` are: {}",
            config.audiences.join(", ")
        )
    });
    reader.report(
        Diagnostic::new(
            Code::UnknownAudience,
            reader.path(),
            node.pos,
            format!("unknown audience `{text}`"),
        )
        .with_help(help),
    );
    // Fall back to the most restrictive reading so nothing leaks while the
    // error stands (the build stops anyway).
    let _ = kind;
    Some("internal".to_string())
}

fn check_home_page(reader: &mut MapReader<'_>, kind: Option<Kind>, audience: Option<&str>) {
    if let Some(kind) = kind
        && kind != Kind::Page
        && let Some(node) = reader.get("kind")
    {
        reader.invalid(
            node.pos,
            format!(
                "`content/index.md` is the home page and must be of kind `page`, not `{}`",
                kind.name()
            ),
            None,
        );
    }
    if let Some(audience) = audience
        && audience != "shared"
        && let Some(node) = reader.get("audience")
    {
        reader.invalid(
            node.pos,
            format!("`content/index.md` is the home page of every edition and must be `shared`, not `{audience}`"),
            None,
        );
    }
}

/// Lists what an empty document of `kind` needs (used by `new` and `init`).
pub fn required_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Requirement => &["channels", "hours"],
        Kind::Sla => &["channel", "metric", "target", "satisfies"],
        Kind::Training => &["modules"],
        Kind::Faq | Kind::Page => &[],
        Kind::Vendor => &["experience_years", "rating", "quality"],
        Kind::Kpi => &["unit", "target", "better"],
    }
}
