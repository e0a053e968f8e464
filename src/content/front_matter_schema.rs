//! The front matter as plain structs with serde attributes (which schemars
//! reads: `tag`, `rename_all`, `deny_unknown_fields`), for
//! `playbook schema`: editors
//! (yaml-language-server and the tools built on it) read the JSON Schema
//! derived from them to complete, describe and check front matter as it is
//! typed.
//!
//! These types only describe; the checks that count are those of
//! `schema.rs` (which also reports positions and relations between
//! documents). The unit tests keep the fields, required fields and choices
//! equal to the loader's. The value
//! formats (durations, percentages, service hours, dates, periods) are
//! written as `pattern`s; what a pattern cannot say (a date that does not
//! exist, a zero duration, an unknown time zone) is left to `check`.
//!
//! The schema is self-contained (every subschema inlined, no `$ref`), and
//! uses only keywords that draft-07 validators understand the same way, so
//! that editors whose validator predates draft 2020-12 still apply all of it.
//! Two keywords outside the standard, which other validators ignore, make
//! the messages readable: `patternErrorMessage` (VS Code and
//! yaml-language-server show it instead of the regular expression) and
//! OpenAPI's `discriminator` on `kind` (Ajv reports the errors of the kind
//! written only, instead of those of all seven).

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Value, json};

/// The JSON Schema of the front matter, as pretty-printed JSON: the same
/// bytes on every run (no maps with a random order are involved).
pub fn json() -> String {
    let generator = SchemaSettings::draft2020_12()
        .with(|settings| settings.inline_subschemas = true)
        .into_generator();
    let schema = generator.into_root_schema_for::<FrontMatter>();
    // A `Schema` is a JSON value; serializing it cannot fail.
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

const ID_PATTERN: &str = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$";
const DURATION_PATTERN: &str = r"^(\d+d)?(\d+h)?(\d+m)?(\d+s)?$";
const PERCENT_PATTERN: &str = r"^(100(\.0+)?|0*\d{1,2}(\.\d+)?)%$";
const DATE_PATTERN: &str = r"^\d{4}-\d{2}-\d{2}$";
/// Per KPI frequency: how a period is written, and an example.
const PERIOD_PATTERNS: [(&str, &str, &str); 3] = [
    ("weekly", r"^\d{4}-W\d{2}$", "2026-W07"),
    ("monthly", r"^\d{4}-\d{2}$", "2026-02"),
    ("quarterly", r"^\d{4}-Q[1-4]$", "2026-Q1"),
];

/// `24/7`, or `DAYS HH:MM-HH:MM [TIMEZONE]`.
fn hours_pattern() -> String {
    let day = "(mon|tue|wed|thu|fri|sat|sun)";
    let days = format!("(daily|{day}(-{day})?(,{day}(-{day})?)*)");
    let start = "([01][0-9]|2[0-3]):[0-5][0-9]";
    let end = format!("({start}|24:00)");
    format!(r"^(24/7|{days} +{start}-{end}( +[A-Za-z0-9_+\-/]+)?)$")
}

fn duration_schema() -> Value {
    json!({
        "type": "string",
        "minLength": 1,
        "pattern": DURATION_PATTERN,
        "patternErrorMessage": "not a duration: write a number and a unit, largest unit first, like 30s, 5m, 1h30m or 1d",
        "description": "A duration, largest unit first: `30s`, `5m`, `1h30m`, `1d` (= 24h). Not zero.",
    })
}

fn percent_schema() -> Value {
    json!({
        "type": "string",
        "pattern": PERCENT_PATTERN,
        "patternErrorMessage": "not a percentage: write a number from 0 to 100 followed by %, like 85%",
        "description": "A percentage from 0 to 100 followed by `%`: `80%`, `1.5%`.",
    })
}

/// A value type whose schema is a fixed piece of JSON.
macro_rules! value_type {
    ($(#[$meta:meta])* $name:ident, $schema:expr) => {
        $(#[$meta])*
        pub struct $name;

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let value: Value = $schema;
                Schema::try_from(value).unwrap_or_default()
            }
        }
    };
}

value_type!(
    /// A document ID.
    Id,
    json!({
        "type": "string",
        "pattern": ID_PATTERN,
        "maxLength": crate::content::values::MAX_ID_LEN,
        "patternErrorMessage": "not an ID: use upper-case letters, digits and single dashes, starting with a letter, like SLA-CHAT-FIRST",
        "not": { "const": "INDEX" },
        "description": "A document ID: upper-case letters, digits and single dashes, starting with a letter (`SLA-CHAT-FIRST`), at most 200 characters; not `INDEX`.",
    })
);

value_type!(
    /// Free text. YAML numbers count as the text written (`tags: [618]`).
    Text,
    json!({ "type": ["string", "number"] })
);

value_type!(
    /// Free text that must not be empty.
    Title,
    json!({ "type": ["string", "number"], "minLength": 1 })
);

value_type!(
    /// A name declared in `playbook.yaml`: a channel id or an audience
    /// (project-specific, so any non-empty text).
    Name,
    json!({ "type": "string", "minLength": 1 })
);

value_type!(
    /// A duration such as `5m` or `1h30m`.
    Duration,
    duration_schema()
);

value_type!(
    /// A percentage such as `85%`.
    Percentage,
    percent_schema()
);

value_type!(
    /// A date `YYYY-MM-DD`.
    Date,
    json!({
        "type": "string",
        "format": "date",
        "pattern": DATE_PATTERN,
        "patternErrorMessage": "not a date: write YYYY-MM-DD, like 2026-03-02",
        "description": "A date `YYYY-MM-DD`.",
    })
);

value_type!(
    /// A whole number ≥ 0.
    Count,
    json!({ "type": "integer", "minimum": 0 })
);

value_type!(
    /// Service hours: one rule or a list of rules.
    Hours,
    {
        let rule = json!({
            "type": "string",
            "pattern": hours_pattern(),
            "patternErrorMessage": "not a service-hours rule: write 24/7 or DAYS HH:MM-HH:MM [TIMEZONE], like mon-fri 09:00-18:00",
        });
        json!({
            "description": "`24/7`, or `DAYS HH:MM-HH:MM [TIMEZONE]` (`mon-fri 09:00-18:00`, `daily 08:00-22:00 Asia/Shanghai`); DAYS is `daily`, a range (`mon-fri`) or a list (`mon,wed,fri`); a list of rules describes split shifts.",
            "anyOf": [rule, { "type": "array", "minItems": 1, "items": rule }],
        })
    }
);

value_type!(
    /// `on_holidays` (spec section 7): the hours on a public holiday.
    OnHolidays,
    json!({
        "description": "The hours on the calendar's holidays: `closed`, `normal` (the ordinary hours apply) or `HH:MM-HH:MM`; default: a 24/7 line stays open, others close or keep the holiday's `hours`.",
        "anyOf": [
            { "enum": ["closed", "normal"] },
            { "type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$" },
        ],
    })
);

value_type!(
    /// An SLA target: a duration or a percentage, by metric.
    SlaTarget,
    json!({
        "description": "A duration for `first_response` and `resolution` (`2m`), a percentage for the other metrics (`85%`).",
        "anyOf": [duration_schema(), percent_schema()],
    })
);

value_type!(
    /// A KPI value in the KPI's unit.
    KpiValue,
    json!({
        "description": "A value in the KPI's unit: `90%` (percent), `2m` (duration), `12` (count), `4.5` (score).",
        "anyOf": [
            percent_schema(),
            duration_schema(),
            { "type": "number", "minimum": 0 },
            { "type": "string", "pattern": r"^\d+(\.\d+)?$" },
        ],
    })
);

value_type!(
    /// An SLA's measured value.
    SlaValue,
    json!({
        "description": "What was achieved: the share of contacts within a duration target that has an `attainment` (`93.5%`), the measured duration of one without (`1m40s`), a percentage for the other metrics.",
        "anyOf": [percent_schema(), duration_schema()],
    })
);

value_type!(
    /// An SLA period, written for the SLA's window.
    SlaPeriod,
    json!({
        "type": "string",
        "pattern": r"^\d{4}-(W\d{2}|Q[1-4]|\d{2}|\d{2}-\d{2})$",
        "description": "`2026-06-18` (daily), `2026-W25` (weekly), `2026-06` (monthly) or `2026-Q2` (quarterly), as the SLA's `window`.",
    })
);

value_type!(
    /// A KPI period, written for the KPI's frequency.
    Period,
    json!({
        "type": "string",
        "pattern": r"^\d{4}-(W\d{2}|Q[1-4]|\d{2})$",
        "description": "`2026-W07` (weekly), `2026-02` (monthly) or `2026-Q1` (quarterly), as the KPI's `frequency`.",
    })
);

value_type!(
    /// A vendor rating from 0 to 5.
    Rating,
    json!({ "type": "number", "minimum": 0, "maximum": 5 })
);

/// The front matter of a document: the fields of every document, and those
/// of its kind.
#[derive(JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[schemars(
    title = "playbook front matter",
    description = "The YAML front matter of a playbook document. `kind` selects the fields; unknown fields are errors.",
    // OpenAPI's discriminator, which Ajv (`discriminator: true`) uses to
    // report only the errors of the kind written; others ignore it.
    extend("discriminator" = { "propertyName": "kind" })
)]
pub enum FrontMatter {
    /// What the company needs (needs analysis).
    Requirement(Requirement),
    /// One measurable service-level commitment.
    Sla(Sla),
    /// A training plan for the vendor's team.
    Training(Training),
    /// One question (the title) and its answer (the body).
    Faq(Faq),
    /// A candidate provider (vendor selection); internal by default.
    Vendor(Vendor),
    /// An evaluation metric reviewed on a cadence.
    Kpi(Kpi),
    /// A free-form guide page.
    Page(Page),
}

/// `draft`, `approved` or `retired`.
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Approved,
    Retired,
}

/// A struct with the fields every document has, then those of its kind.
macro_rules! document {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$field_meta:meta])* $field:ident: $type:ty,)* }
    ) => {
        #[derive(JsonSchema)]
        #[serde(deny_unknown_fields)]
        $(#[$meta])*
        pub struct $name {
            /// Stable address of the document, unique in the project; links use it, and its URL is the ID in lower case.
            pub id: Id,
            /// The title; for a FAQ, the question.
            pub title: Title,
            /// Which editions contain the document: one of the audiences declared in `playbook.yaml`. Default `shared`, except `vendor` documents (default `internal`).
            pub audience: Option<Name>,
            /// `draft` (left out unless `--drafts`), `approved` (default) or `retired` (shown with a banner).
            pub status: Option<Status>,
            /// Who maintains the document.
            pub owner: Option<Text>,
            /// The last substantive change.
            pub updated: Option<Date>,
            /// A warning once this date has passed.
            pub review_by: Option<Date>,
            /// For grouping and search.
            pub tags: Option<Vec<Text>>,
            /// Order within its section (then by title).
            pub weight: Option<i64>,
            $($(#[$field_meta])* pub $field: $type,)*
        }
    };
}

document!(
    /// What the company needs.
    #[schemars(transform = no_empty_list("channels"))]
    Requirement {
        /// The channels the requirement covers: channel ids from `playbook.yaml`.
        channels: Vec<Name>,
        /// When the service is needed.
        hours: Hours,
        /// `must` (default), `should` or `could`.
        priority: Option<Priority>,
        /// Expected contacts per month.
        volume: Option<Count>,
        /// The ID of a calendar peak: the requirement applies only during it.
        during: Option<Id>,
        /// The hours on the calendar's holidays.
        on_holidays: Option<OnHolidays>,
    }
);

document!(
    /// One service-level commitment.
    #[schemars(transform = sla_rules)]
    Sla {
        /// The channel measured: a channel id from `playbook.yaml`.
        channel: Name,
        /// What is measured.
        metric: Metric,
        /// A duration for `first_response` and `resolution` (`2m`), a percentage for the others (`85%`).
        target: SlaTarget,
        /// The percentage of contacts that must meet a duration target (`80%`); only for `first_response` and `resolution`.
        attainment: Option<Percentage>,
        /// The period over which the target is measured; default `monthly`.
        window: Option<Window>,
        /// When the commitment applies; default: always.
        hours: Option<Hours>,
        /// The requirements this SLA satisfies (IDs of `requirement` documents).
        satisfies: Vec<Id>,
        /// The percentage of the monthly fee credited per breach.
        credit: Option<Percentage>,
        /// The measured results, one per period (more may come from `data/`).
        actuals: Option<Vec<SlaActual>>,
        /// The ID of a calendar peak (`playbook.yaml`): the SLA applies only during it.
        during: Option<Id>,
        /// The hours on the calendar's holidays.
        on_holidays: Option<OnHolidays>,
    }
);

document!(
    /// A training plan.
    #[schemars(transform = no_empty_list("modules"))]
    Training {
        /// The modules of the plan, in order.
        modules: Vec<Module>,
        /// The roles taking part.
        participants: Option<Vec<Text>>,
        /// When the training starts and how often it is repeated.
        schedule: Option<Schedule>,
        /// The score needed to pass.
        pass_mark: Option<Percentage>,
    }
);

document!(
    /// A question and its answer.
    Faq {
        /// Related documents (IDs of any kind).
        related: Option<Vec<Id>>,
        /// The channels where the question comes up.
        channels: Option<Vec<Name>>,
    }
);

document!(
    /// A candidate provider.
    Vendor {
        /// Years of experience in customer service.
        experience_years: Count,
        /// A rating from 0 to 5.
        rating: Rating,
        /// The overall quality assessed.
        quality: Quality,
        /// Whether this vendor was selected; default `false`.
        selected: Option<bool>,
    }
);

document!(
    /// An evaluation metric.
    #[schemars(transform = kpi_rules)]
    Kpi {
        /// The unit of `target` and of the actual values.
        unit: Unit,
        /// The target, in the unit: `90%`, `2m`, `12`, `4.5`.
        target: KpiValue,
        /// Whether a higher or a lower value is better.
        better: Better,
        /// How often the KPI is reviewed; default `monthly`.
        frequency: Option<Frequency>,
        /// The SLAs the KPI measures (IDs of `sla` documents).
        measures: Option<Vec<Id>>,
        /// The measured values, one per period.
        actuals: Option<Vec<Actual>>,
    }
);

document!(
    /// A guide page: no fields besides those of every document.
    Page {}
);

/// A training module.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Module {
    /// The module's title.
    pub title: Title,
    /// How long it takes: `2h`, `1h30m`.
    pub duration: Duration,
    /// How it is taught.
    pub format: ModuleFormat,
    /// What it covers: IDs of any kind (an SLA that no module covers is a warning).
    pub covers: Option<Vec<Id>>,
}

/// When a training starts and how often it is repeated.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// The first day.
    pub start: Date,
    /// How often it is repeated; default `none`.
    pub refresh: Option<Refresh>,
}

/// One measured value of a KPI.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actual {
    /// The period, written for the KPI's frequency: `2026-W07`, `2026-02`, `2026-Q1`.
    pub period: Period,
    /// The value, in the KPI's unit.
    pub value: KpiValue,
}

/// One measured result of an SLA.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaActual {
    /// The period, written for the SLA's window: `2026-06-18`, `2026-W25`, `2026-06`, `2026-Q2`.
    pub period: SlaPeriod,
    /// What was achieved (section 6 of the specification says when it is met).
    pub value: SlaValue,
}

#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Must,
    Should,
    Could,
}

#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    FirstResponse,
    Resolution,
    Abandonment,
    Csat,
    Quality,
}

#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
}

#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ModuleFormat {
    Workshop,
    ELearning,
    Simulation,
    Shadowing,
    Reading,
}

#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Refresh {
    None,
    Monthly,
    Quarterly,
    Yearly,
}

#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    High,
    Medium,
    Low,
}

#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    Duration,
    Count,
    Score,
}

#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
}

#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Weekly,
    Monthly,
    Quarterly,
}

/// A required list must not be empty.
fn no_empty_list(field: &'static str) -> impl Fn(&mut Schema) {
    move |schema: &mut Schema| {
        if let Some(list) = schema.pointer_mut(&format!("/properties/{field}")) {
            list["minItems"] = json!(1);
        }
    }
}

/// Adds `condition` to the schema's `allOf`.
fn add_rule(schema: &mut Schema, condition: Value) {
    let all_of = schema
        .ensure_object()
        .entry("allOf")
        .or_insert_with(|| json!([]));
    if let Some(list) = all_of.as_array_mut() {
        list.push(condition);
    }
}

/// The target's format follows the metric; `attainment` only qualifies
/// time targets.
fn sla_rules(schema: &mut Schema) {
    no_empty_list("satisfies")(schema);
    add_rule(
        schema,
        json!({
            "if": {
                "properties": { "metric": { "enum": ["first_response", "resolution"] } },
                "required": ["metric"],
            },
            "then": { "properties": { "target": duration_schema() } },
            "else": {
                "properties": {
                    "target": percent_schema(),
                    "attainment": false,
                },
            },
        }),
    );
    let sla_periods = [
        ("daily", r"^\d{4}-\d{2}-\d{2}$", "2026-06-18"),
        ("weekly", r"^\d{4}-W\d{2}$", "2026-W25"),
        ("monthly", r"^\d{4}-\d{2}$", "2026-06"),
        ("quarterly", r"^\d{4}-Q[1-4]$", "2026-Q2"),
    ];
    for (window, pattern, example) in sla_periods {
        let mut when = json!({ "properties": { "window": { "const": window } } });
        if window != "monthly" {
            when["required"] = json!(["window"]);
        }
        let period = json!({
            "pattern": pattern,
            "patternErrorMessage": format!("a {window} SLA's period is written like {example}"),
        });
        add_rule(
            schema,
            json!({
                "if": when,
                "then": {
                    "properties": {
                        "actuals": { "items": { "properties": { "period": period } } },
                    },
                },
            }),
        );
    }
}

/// The target's and the actuals' format follows the unit; the periods
/// follow the frequency (default monthly).
fn kpi_rules(schema: &mut Schema) {
    let units = [
        ("percent", percent_schema()),
        ("duration", duration_schema()),
        (
            "count",
            json!({ "type": ["integer", "string"], "minimum": 0, "pattern": r"^\d+$" }),
        ),
        (
            "score",
            json!({ "type": ["number", "string"], "minimum": 0, "pattern": r"^\d+(\.\d+)?$" }),
        ),
    ];
    for (unit, value) in units {
        add_rule(
            schema,
            json!({
                "if": { "properties": { "unit": { "const": unit } }, "required": ["unit"] },
                "then": {
                    "properties": {
                        "target": value,
                        "actuals": { "items": { "properties": { "value": value } } },
                    },
                },
            }),
        );
    }
    for (frequency, pattern, example) in PERIOD_PATTERNS {
        // A schema of `properties` alone also holds when `frequency` is
        // absent, which is right for the default, monthly.
        let mut when = json!({ "properties": { "frequency": { "const": frequency } } });
        if frequency != "monthly" {
            when["required"] = json!(["frequency"]);
        }
        let period = json!({
            "pattern": pattern,
            "patternErrorMessage": format!("a {frequency} KPI's period is written like {example}"),
        });
        add_rule(
            schema,
            json!({
                "if": when,
                "then": {
                    "properties": {
                        "actuals": { "items": { "properties": { "period": period } } },
                    },
                },
            }),
        );
    }
}

#[cfg(test)]
#[path = "front_matter_schema_tests.rs"]
mod tests;
