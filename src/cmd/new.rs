//! `playbook new KIND ID`: a new document that keeps the project valid.
//!
//! Every required field is filled in, and the body says what to write. The
//! document is a draft (as `hugo new` writes them): its placeholder text
//! stays out of the published editions, and the domain warnings about what
//! it still lacks (an SLA nobody trains for, a requirement without an SLA)
//! wait until it is published or checked with `--drafts`.
//!
//! A required reference points to an existing document of the right kind,
//! picked deterministically: published before draft, `shared` before other
//! audiences, one that nothing covers or measures yet before the others,
//! then the first by ID. When the target is not `shared`, the new document
//! takes its audience, so it never links to what its editions leave out.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use super::failure;
use crate::content::document::{
    Document, Kind, KindFields, Metric, RefField, RefSyntax, SlaTarget, Status,
};
use crate::content::values::check_id;
use crate::content::{self, Corpus};
use crate::diag::Tally;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    Requirement,
    Sla,
    Training,
    Faq,
    Vendor,
    Kpi,
    Page,
}

impl NewKind {
    pub fn kind(self) -> Kind {
        match self {
            NewKind::Requirement => Kind::Requirement,
            NewKind::Sla => Kind::Sla,
            NewKind::Training => Kind::Training,
            NewKind::Faq => Kind::Faq,
            NewKind::Vendor => Kind::Vendor,
            NewKind::Kpi => Kind::Kpi,
            NewKind::Page => Kind::Page,
        }
    }
}

/// Refuses a malformed ID on the command line (exit status 2).
pub fn parse_id(text: &str) -> Result<String, String> {
    check_id(text).map(|()| text.to_string())
}

pub fn run(kind: NewKind, id: &str, root: &Path) -> ExitCode {
    let kind = kind.kind();
    if !root.is_dir() {
        eprintln!("error: `{}` is not a folder", root.display());
        return failure();
    }
    let relative = format!("content/{}/{}.md", kind.name(), id.to_lowercase());
    let path = root.join(&relative);
    if path.symlink_metadata().is_ok() {
        eprintln!(
            "error: `{}` already exists; nothing was written",
            path.display()
        );
        return failure();
    }
    let (corpus, diagnostics) = content::load(root);
    if let Some(other) = corpus.documents.iter().find(|doc| doc.id.value == id) {
        eprintln!(
            "error: the ID `{id}` is already used by `{}`; nothing was written",
            other.path
        );
        return failure();
    }
    let draft = match compose(kind, id, &corpus) {
        Ok(draft) => draft,
        Err(message) => {
            eprintln!("error: cannot write `{id}`: {message}\nnothing was written");
            return failure();
        }
    };
    if let Err(error) = write_new(&path, &draft.text) {
        eprintln!("error: cannot write `{}`: {error}", path.display());
        return failure();
    }
    println!("wrote {}", path.display());
    for note in draft.notes {
        println!("note: {note}");
    }
    let errors = Tally::of(&diagnostics).errors;
    if errors > 0 {
        println!(
            "note: the project had {errors} error{} before this document; run playbook check",
            if errors == 1 { "" } else { "s" }
        );
    }
    ExitCode::SUCCESS
}

/// Writes a file that must not exist yet, creating its folders.
pub(super) fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

/// The text of a new document and what to tell its author.
struct Draft {
    text: String,
    notes: Vec<String>,
}

/// The front matter lines after `id` and `kind`, as `key: value` (a value
/// may span lines), and the body.
struct Parts {
    fields: Vec<String>,
    body: String,
    notes: Vec<String>,
    /// Inherited from the document referenced, when it is not shared.
    audience: Option<String>,
}

impl Parts {
    fn new(body: &str) -> Parts {
        Parts {
            fields: Vec::new(),
            body: body.to_string(),
            notes: Vec::new(),
            audience: None,
        }
    }

    fn field(&mut self, line: impl Into<String>) {
        self.fields.push(line.into());
    }

    /// Takes the audience of a referenced document when it is not shared.
    fn follow(&mut self, target: &Document) {
        if target.audience != "shared" && self.audience.is_none() {
            self.audience = Some(target.audience.clone());
        }
    }
}

fn compose(kind: Kind, id: &str, corpus: &Corpus) -> Result<Draft, String> {
    let mut parts = match kind {
        Kind::Requirement => requirement(corpus)?,
        Kind::Sla => sla(id, corpus)?,
        Kind::Training => training(corpus),
        Kind::Faq => Parts::new(
            "Replace this paragraph with the answer: what the agent says or does, step by step, and which pages to link to (`[[ID]]`). The title above is the question, as a customer would ask it.",
        ),
        Kind::Vendor => vendor(),
        Kind::Kpi => kpi(corpus),
        Kind::Page => Parts::new(
            "Replace this paragraph with the guide: the process, who does what and when. Headings (`## Step one`) become anchors that other pages can link to (`[text](@ID#step-one)`).",
        ),
    };
    let title = match kind {
        Kind::Faq => format!("New question {id}?"),
        _ => format!("New {} {id}", kind.name()),
    };
    let mut text = String::new();
    let _ = writeln!(text, "---\nid: {id}\nkind: {}\ntitle: {title}", kind.name());
    let _ = writeln!(
        text,
        "status: draft  # left out of the editions until this says `approved`"
    );
    if let Some(audience) = &parts.audience {
        let _ = writeln!(text, "audience: {audience}");
        parts.notes.push(format!(
            "the document it refers to is `{audience}`, so this one is `{audience}` too"
        ));
    }
    parts.notes.push(
        "it is a draft: `playbook build --drafts` shows it; write `status: approved` to publish it"
            .to_string(),
    );
    for field in &parts.fields {
        let _ = writeln!(text, "{field}");
    }
    let _ = writeln!(text, "---\n{}", parts.body);
    Ok(Draft {
        text,
        notes: parts.notes,
    })
}

/// The documents of `kind` whose fields are valid, with the best
/// candidate for a reference first: one that still `needs` a reference,
/// then published before draft, `shared` before other audiences, then by
/// ID. Retired documents are left out: a link to one is a warning.
fn candidates(corpus: &Corpus, kind: Kind, needs: impl Fn(&Document) -> bool) -> Vec<&Document> {
    let mut found: Vec<&Document> = corpus
        .documents
        .iter()
        .map(|doc| &**doc)
        .filter(|doc| doc.kind == kind && doc.status != Status::Retired)
        .filter(|doc| !matches!(doc.fields, KindFields::Invalid))
        .collect();
    found.sort_by_key(|doc| {
        (
            !needs(doc),
            doc.status == Status::Draft,
            doc.audience != "shared",
            doc.id.value.clone(),
        )
    });
    found
}

/// The documents (drafts included, retired ones not) whose front-matter
/// `field` names `target`.
fn referrers<'a>(
    corpus: &'a Corpus,
    target: &'a Document,
    field: RefField,
) -> impl Iterator<Item = &'a Document> {
    corpus
        .documents
        .iter()
        .map(|doc| &**doc)
        .filter(move |doc| {
            doc.status != Status::Retired
                && doc.references.iter().any(|reference| {
                    reference.syntax == RefSyntax::Field(field)
                        && reference.target == target.id.value
                })
        })
}

/// A requirement's channels that no SLA satisfying it serves yet.
fn channels_without_sla<'a>(corpus: &Corpus, requirement: &'a Document) -> Vec<&'a str> {
    let KindFields::Requirement(fields) = &requirement.fields else {
        return Vec::new();
    };
    let served: Vec<&str> = referrers(corpus, requirement, RefField::Satisfies)
        .filter_map(|doc| match &doc.fields {
            KindFields::Sla(sla) => Some(sla.channel.value.as_str()),
            _ => None,
        })
        .collect();
    fields
        .channels
        .iter()
        .map(|channel| channel.value.as_str())
        .filter(|channel| !served.contains(channel))
        .collect()
}

fn requirement(corpus: &Corpus) -> Result<Parts, String> {
    let Some(channel) = corpus.config.channels.first() else {
        return Err(
            "a requirement names its channels, and `playbook.yaml` declares none".to_string(),
        );
    };
    let mut parts = Parts::new(
        "Replace this paragraph with what the company needs on this channel: who contacts us and why, the expected volume and its peaks, and what matters most to customers.",
    );
    parts.field(format!(
        "channels: [{}]  # channel ids from playbook.yaml",
        channel.id
    ));
    parts.field("hours: 24/7  # or `mon-fri 09:00-18:00`, or a list of such rules");
    parts.field("priority: must  # must, should or could");
    parts.notes.push(format!(
        "promise a service level for it: playbook new sla SLA-… (an SLA that satisfies it on `{}`)",
        channel.id
    ));
    Ok(parts)
}

fn sla(id: &str, corpus: &Corpus) -> Result<Parts, String> {
    // A requirement with a channel that no SLA serves yet comes first, and
    // that channel is taken; otherwise the requirement's first channel.
    let requirements = candidates(corpus, Kind::Requirement, |doc| {
        !channels_without_sla(corpus, doc).is_empty()
    });
    let Some((requirement, channel)) = requirements.iter().find_map(|doc| match &doc.fields {
        KindFields::Requirement(fields) => channels_without_sla(corpus, doc)
            .first()
            .copied()
            .or_else(|| fields.channels.first().map(|c| c.value.as_str()))
            .map(|channel| (*doc, channel.to_string())),
        _ => None,
    }) else {
        return Err(format!(
            "an SLA must name the requirement it satisfies (`satisfies`), and the project has no requirement to point to\n  = help: write one first (`playbook new requirement REQ-…`), then run `playbook new sla {id}` again"
        ));
    };
    let mut parts = Parts::new(
        "Replace this paragraph with how this service level is measured: when the clock starts and stops, what counts as a response, which contacts are excluded, and what happens after a breach.",
    );
    parts.follow(requirement);
    parts.field(format!("channel: {channel}"));
    parts.field(
        "metric: first_response  # first_response, resolution, abandonment, csat or quality",
    );
    parts.field("target: 5m  # a duration for first_response and resolution, else a percentage");
    parts.field("satisfies: [".to_string() + &requirement.id.value + "]");
    parts.notes.push(format!(
        "it satisfies `{}` ({}); cover it in a training module (`covers: [{id}]`)",
        requirement.id.value, requirement.path
    ));
    Ok(parts)
}

fn training(corpus: &Corpus) -> Parts {
    let mut parts = Parts::new(
        "Replace this paragraph with the plan: who takes part, what they should be able to do afterwards, and how that is checked.",
    );
    parts.field("modules:");
    let slas = candidates(corpus, Kind::Sla, |sla| {
        referrers(corpus, sla, RefField::Covers).next().is_none()
    });
    match slas.first() {
        Some(sla) => {
            parts.follow(sla);
            parts.field(format!(
                "  - {{ title: Meeting {}, duration: 1h, format: workshop, covers: [{}] }}",
                sla.id.value, sla.id.value
            ));
            parts.notes.push(format!(
                "its module covers `{}` ({})",
                sla.id.value, sla.path
            ));
        }
        None => {
            parts.field("  - { title: First module, duration: 1h, format: workshop }");
        }
    }
    parts
}

fn vendor() -> Parts {
    let mut parts = Parts::new(
        "Replace this paragraph with the assessment: who the vendor is, strengths, weaknesses and risks, and the evidence (references, site visit, trial).",
    );
    parts.field("experience_years: 0  # years of customer-service outsourcing");
    parts.field("rating: 0  # from 0 to 5");
    parts.field("quality: medium  # high, medium or low");
    parts
}

fn kpi(corpus: &Corpus) -> Parts {
    let mut parts = Parts::new(
        "Replace this paragraph with where the numbers come from (which report, which system) and who reviews them, and when.",
    );
    let slas = candidates(corpus, Kind::Sla, |sla| {
        referrers(corpus, sla, RefField::Measures).next().is_none()
    });
    let measured_sla = slas.iter().find_map(|doc| match &doc.fields {
        KindFields::Sla(sla) => Some((*doc, sla)),
        _ => None,
    });
    let mut example_value = "91%".to_string();
    match measured_sla {
        Some((doc, sla)) => {
            // The KPI follows the SLA's own target, in its unit.
            let (unit, target, better) = match sla.target {
                SlaTarget::Duration(duration) => ("duration", duration.to_string(), "lower"),
                SlaTarget::Percent(percent) => (
                    "percent",
                    percent.to_string(),
                    if sla.metric == Metric::Abandonment {
                        "lower"
                    } else {
                        "higher"
                    },
                ),
            };
            parts.follow(doc);
            parts.field(format!("unit: {unit}  # percent, duration, count or score"));
            parts.field(format!("target: {target}"));
            example_value = target;
            parts.field(format!("better: {better}  # higher or lower"));
            parts.field(format!("measures: [{}]", doc.id.value));
            parts.notes.push(format!(
                "it measures `{}` ({}), with the same target",
                doc.id.value, doc.path
            ));
        }
        None => {
            parts.field("unit: percent  # percent, duration, count or score");
            parts.field("target: 90%");
            parts.field("better: higher  # higher or lower");
        }
    }
    parts.field(format!(
        "# actuals:  # one value per period, in the unit\n#   - {{ period: 2026-01, value: {example_value} }}"
    ));
    parts
}
