//! The typed documents: what every stage after loading works with. Built by
//! `schema.rs` from the front-matter tree, so a `Document` always holds
//! values in their checked formats, each with the position it was written at.

use jiff::civil::Date;

use crate::content::values::{Duration, Frequency, Hours, Percent, Period};
use crate::content::yaml::Node;
use crate::diag::Pos;

/// The seven kinds, in navigation order after the guide pages
/// (`Kind::NAV_ORDER`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Requirement,
    Sla,
    Training,
    Faq,
    Vendor,
    Kpi,
    Page,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Requirement,
        Kind::Sla,
        Kind::Training,
        Kind::Faq,
        Kind::Vendor,
        Kind::Kpi,
        Kind::Page,
    ];

    /// Menus and the print page: guide pages first, then these kinds.
    pub const NAV_ORDER: [Kind; 7] = [
        Kind::Page,
        Kind::Requirement,
        Kind::Sla,
        Kind::Training,
        Kind::Faq,
        Kind::Kpi,
        Kind::Vendor,
    ];

    pub const NAMES: [&'static str; 7] = [
        "requirement",
        "sla",
        "training",
        "faq",
        "vendor",
        "kpi",
        "page",
    ];

    /// The name in front matter, which is also the output folder.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Requirement => "requirement",
            Kind::Sla => "sla",
            Kind::Training => "training",
            Kind::Faq => "faq",
            Kind::Vendor => "vendor",
            Kind::Kpi => "kpi",
            Kind::Page => "page",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == text)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Draft,
    Approved,
    Retired,
}

impl Status {
    pub const NAMES: [&'static str; 3] = ["draft", "approved", "retired"];

    pub fn name(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Approved => "approved",
            Status::Retired => "retired",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [Status::Draft, Status::Approved, Status::Retired]
            .into_iter()
            .find(|status| status.name() == text)
    }
}

pub use crate::diag::Located;

/// The front-matter fields that hold IDs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RefField {
    Satisfies,
    Covers,
    Related,
    Measures,
}

impl RefField {
    pub fn name(self) -> &'static str {
        match self {
            RefField::Satisfies => "satisfies",
            RefField::Covers => "covers",
            RefField::Related => "related",
            RefField::Measures => "measures",
        }
    }

    /// The kind a reference in this field must point to, if restricted.
    pub fn target_kind(self) -> Option<Kind> {
        match self {
            RefField::Satisfies => Some(Kind::Requirement),
            RefField::Measures => Some(Kind::Sla),
            RefField::Covers | RefField::Related => None,
        }
    }
}

/// How a reference was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefSyntax {
    /// A front-matter reference field.
    Field(RefField),
    /// `[[ID]]` or `[[ID#anchor]]` in the body.
    WikiLink,
    /// `[text](@ID)` or `[text](@ID#anchor)` in the body.
    AtLink,
    /// `[text](../sla/chat.md#anchor)`: the path as written, resolved to an
    /// ID by the graph.
    RelativeLink { path: String },
    /// `#anchor` within the same document.
    SelfAnchor,
}

/// One reference from a document to another (or to itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The ID as written (for relative links: empty until resolved).
    pub target: String,
    pub anchor: Option<String>,
    /// Where the caret goes: the ID inside `[[…]]` or after `@`, the list item.
    pub pos: Pos,
    pub syntax: RefSyntax,
}

/// A body link or image whose path starts with `/`: a file of `static/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootLink {
    pub path: String,
    pub pos: Pos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    Must,
    Should,
    Could,
}

impl Priority {
    pub const NAMES: [&'static str; 3] = ["must", "should", "could"];

    pub fn parse(text: &str) -> Option<Priority> {
        match text {
            "must" => Some(Priority::Must),
            "should" => Some(Priority::Should),
            "could" => Some(Priority::Could),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    FirstResponse,
    Resolution,
    Abandonment,
    Csat,
    Quality,
}

impl Metric {
    pub const NAMES: [&'static str; 5] = [
        "first_response",
        "resolution",
        "abandonment",
        "csat",
        "quality",
    ];

    pub fn parse(text: &str) -> Option<Metric> {
        match text {
            "first_response" => Some(Metric::FirstResponse),
            "resolution" => Some(Metric::Resolution),
            "abandonment" => Some(Metric::Abandonment),
            "csat" => Some(Metric::Csat),
            "quality" => Some(Metric::Quality),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        Metric::NAMES[self as usize]
    }

    /// Time metrics take a duration target, the others a percentage.
    pub fn takes_duration(self) -> bool {
        matches!(self, Metric::FirstResponse | Metric::Resolution)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SlaTarget {
    Duration(Duration),
    Percent(Percent),
}

pub const WINDOWS: [&str; 4] = ["daily", "weekly", "monthly", "quarterly"];
pub const MODULE_FORMATS: [&str; 5] = [
    "workshop",
    "e-learning",
    "simulation",
    "shadowing",
    "reading",
];
pub const REFRESHES: [&str; 4] = ["none", "monthly", "quarterly", "yearly"];
pub const QUALITIES: [&str; 3] = ["high", "medium", "low"];
pub const UNITS: [&str; 4] = ["percent", "duration", "count", "score"];

#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    pub channels: Vec<Located<String>>,
    pub hours: Hours,
    pub priority: Priority,
    pub volume: Option<u64>,
    /// `during` and `on_holidays` (section 7).
    pub calendar: crate::calendar::CalendarTerms,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sla {
    pub channel: Located<String>,
    pub metric: Metric,
    pub target: SlaTarget,
    /// `target` as written (`24h`).
    pub target_text: String,
    /// Where the target is written (domain checks point there).
    pub target_pos: Pos,
    pub attainment: Option<Percent>,
    pub window: String,
    /// `None`: always.
    pub hours: Option<Hours>,
    pub credit: Option<Percent>,
    /// `credit` as written (`2%`, `1.5%`): service credits add it up as an
    /// exact decimal, never through a float.
    pub credit_text: Option<String>,
    /// Measured results, from front matter and from `data/` (sorted by
    /// period once the data files are merged in).
    pub actuals: Vec<Actual>,
    /// `during` and `on_holidays` (section 7).
    pub calendar: crate::calendar::CalendarTerms,
}

impl Sla {
    /// The cadence its actuals are written for (`window`).
    pub fn cadence(&self) -> Frequency {
        Frequency::parse(&self.window).unwrap_or(Frequency::Monthly)
    }

    /// What an actual of this SLA is written in: the share of contacts
    /// within a duration target that has an `attainment`, the measured
    /// duration of one without, a percentage for the other metrics.
    pub fn value_unit(&self) -> Unit {
        match (self.target, self.attainment) {
            (SlaTarget::Duration(_), None) => Unit::Duration,
            _ => Unit::Percent,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    pub title: String,
    pub duration: Duration,
    pub format: String,
    pub covers: Vec<Located<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    pub start: Date,
    pub refresh: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Training {
    pub modules: Vec<Module>,
    pub participants: Vec<String>,
    pub schedule: Option<Schedule>,
    pub pass_mark: Option<Percent>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Faq {
    pub channels: Vec<Located<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Vendor {
    pub experience_years: u64,
    pub rating: f64,
    pub quality: String,
    pub selected: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Percent,
    Duration,
    Count,
    Score,
}

impl Unit {
    pub fn parse(text: &str) -> Option<Unit> {
        match text {
            "percent" => Some(Unit::Percent),
            "duration" => Some(Unit::Duration),
            "count" => Some(Unit::Count),
            "score" => Some(Unit::Score),
            _ => None,
        }
    }
}

/// A KPI value in its unit, as a number for comparison (seconds for
/// durations) and as written.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiValue {
    pub number: f64,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Actual {
    pub period: Period,
    pub period_text: String,
    pub value: KpiValue,
    /// Where the value is written (a missed KPI's caret goes there).
    pub pos: Pos,
    /// Where the period is written (a duplicate period is reported there).
    pub period_pos: Pos,
    /// The data file it came from (`data/2026-06.csv`); `None` for front
    /// matter.
    pub source: Option<std::sync::Arc<str>>,
    /// A data file's `note` column, when not empty.
    pub note: Option<String>,
    /// The terms that judge this period when they are not the current
    /// ones: those of the release in force at the period's end (section
    /// 6, set by `evaluation::apply_release_terms`).
    pub terms: Option<std::sync::Arc<KindFields>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Kpi {
    pub unit: Unit,
    pub target: KpiValue,
    pub higher_is_better: bool,
    pub frequency: Frequency,
    pub actuals: Vec<Actual>,
}

impl Kpi {
    /// Whether a value meets the target (equal counts as met).
    pub fn is_met(&self, value: &KpiValue) -> bool {
        if self.higher_is_better {
            value.number >= self.target.number
        } else {
            value.number <= self.target.number
        }
    }

    /// The actual of the greatest period.
    pub fn latest(&self) -> Option<&Actual> {
        self.actuals.iter().max_by_key(|actual| actual.period)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum KindFields {
    Requirement(Requirement),
    Sla(Sla),
    Training(Training),
    Faq(Faq),
    Vendor(Vendor),
    Kpi(Kpi),
    Page,
    /// The kind-specific fields had errors; the document still takes part
    /// in reference checks so that every problem is found in one run.
    Invalid,
}

/// One checked document.
#[derive(Clone, Debug)]
pub struct Document {
    /// Relative to the project root, with `/`.
    pub path: String,
    pub id: Located<String>,
    pub kind: Kind,
    pub title: String,
    pub audience: String,
    pub status: Status,
    pub owner: Option<String>,
    pub updated: Option<Date>,
    pub review_by: Option<Located<Date>>,
    pub tags: Vec<String>,
    pub weight: Option<i64>,
    pub fields: KindFields,
    /// The front matter as written (for `playbook.json`).
    pub front_matter: Node,
    /// The file's text, shared with the diagnostics' sources (the body is
    /// a part of it, not a copy: `body()`).
    pub text: std::sync::Arc<str>,
    /// Where the Markdown after the front matter starts in `text`.
    pub body_start: usize,
    /// The file line the body starts on.
    pub body_line: u32,
    /// Every reference: front-matter fields first, then the body in order.
    pub references: Vec<Reference>,
    pub root_links: Vec<RootLink>,
    /// Heading anchors of the body, in order.
    pub anchors: Vec<String>,
    /// The headings that name documents with `[[ID]]` (their id changes
    /// in an edition that leaves one of those out).
    pub named_headings: Vec<NamedHeading>,
    /// A hash of the whole file, and of its front matter alone (made once
    /// when the file is read; `watch` compares them to know what changed).
    pub source_hash: u64,
    pub front_matter_hash: u64,
    /// `url()`, made once when the document is read (every link to the
    /// document asks for it, hundreds of thousands of times a build).
    pub(in crate::content) url: String,
}

impl Document {
    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or_default()
    }

    /// The page's path in an edition: `<kind>/<id in lower case>.html`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `url()` of a document of `kind` with this `id`.
    pub(in crate::content) fn url_of(kind: Kind, id: &str) -> String {
        let kind = kind.name();
        if !id.is_ascii() {
            return format!("{kind}/{}.html", id.to_lowercase());
        }
        let mut url = String::with_capacity(kind.len() + id.len() + 6);
        url.push_str(kind);
        url.push('/');
        url.push_str(id);
        url[kind.len() + 1..].make_ascii_lowercase();
        url.push_str(".html");
        url
    }
}

/// A heading that names documents with `[[ID]]` (`## Escalation [[VEN-A]]`).
/// Its anchor is made from its text, IDs included, so an edition that
/// leaves one of those documents out gives the heading a neutral id
/// instead, and every link to the heading, from any page, must follow it
/// there (a link keeping the anchor would spell the left-out ID, and lead
/// nowhere).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NamedHeading {
    pub anchor: String,
    /// The IDs the heading names with `[[ID]]`.
    pub ids: Vec<String>,
    /// Its id in an edition that leaves one of them out.
    pub neutral_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The URL made once at load is the kind's folder and the ID in
        /// lower case, whatever the ID's letters.
        #[test]
        fn a_documents_url_is_its_kind_and_lower_case_id(
            kind in proptest::sample::select(Kind::ALL.to_vec()),
            id in "([A-Za-z0-9_-]|[ÄÉİΣ中])*",
        ) {
            proptest::prop_assert_eq!(
                Document::url_of(kind, &id),
                format!("{}/{}.html", kind.name(), id.to_lowercase())
            );
        }
    }
}
