//! The front-matter schema of each kind: which fields exist, which are
//! required, and the format of each value. Walks the positioned YAML tree
//! with a `MapReader`, so that every problem of a file is reported at its
//! place, and builds the typed `Document` from what is valid.

use crate::config::{Config, is_timezone};
use crate::content::document::*;
use crate::content::fields::{FRONT_MATTER, MapReader};
use crate::content::values::{
    Duration, Frequency, Hours, Percent, check_id, id_suggestion, parse_count, parse_date,
    parse_hours_rule, parse_period, parse_plain_number,
};
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

fn read_kind_fields(
    reader: &mut MapReader<'_>,
    kind: Kind,
    config: &Config,
    references: &mut Vec<Reference>,
) -> KindFields {
    let errors_before = reader.diagnostics.len();
    let fields = match kind {
        Kind::Requirement => read_requirement(reader, config).map(KindFields::Requirement),
        Kind::Sla => read_sla(reader, config, references).map(KindFields::Sla),
        Kind::Training => read_training(reader, references).map(KindFields::Training),
        Kind::Faq => read_faq(reader, config, references).map(KindFields::Faq),
        Kind::Vendor => read_vendor(reader).map(KindFields::Vendor),
        Kind::Kpi => read_kpi(reader, references).map(KindFields::Kpi),
        Kind::Page => Some(KindFields::Page),
    };
    match fields {
        Some(fields) if reader.diagnostics.len() == errors_before => fields,
        Some(fields) if kind == Kind::Page => fields,
        _ => KindFields::Invalid,
    }
}

fn read_channel_list(
    reader: &mut MapReader<'_>,
    name: &str,
    required: bool,
    config: &Config,
) -> Option<Vec<Located<String>>> {
    let items = reader.list(name, required)?;
    let mut channels = Vec::new();
    for (channel, pos) in items {
        if check_channel(reader, channel, pos, config) {
            channels.push(Located {
                value: channel.to_string(),
                pos,
            });
        }
    }
    Some(channels)
}

fn check_channel(reader: &mut MapReader<'_>, channel: &str, pos: Pos, config: &Config) -> bool {
    if config.channel(channel).is_some() {
        return true;
    }
    let ids: Vec<&str> = config.channels.iter().map(|c| c.id.as_str()).collect();
    let help = suggestion(channel, ids.iter().copied())
        .unwrap_or_else(|| format!("the channels in `playbook.yaml` are: {}", ids.join(", ")));
    reader.report(
        Diagnostic::new(
            Code::UnknownChannel,
            reader.path(),
            pos,
            format!("unknown channel `{channel}`"),
        )
        .with_help(help),
    );
    false
}

/// Reads an ID list field into references.
fn read_reference_list(
    reader: &mut MapReader<'_>,
    field: RefField,
    required: bool,
    references: &mut Vec<Reference>,
) -> Option<()> {
    let items = reader.list(field.name(), required)?;
    references.extend(
        items
            .into_iter()
            .map(|(target, pos)| reference(field, target, pos)),
    );
    Some(())
}

fn reference(field: RefField, target: &str, pos: Pos) -> Reference {
    Reference {
        target: target.to_string(),
        anchor: None,
        pos,
        syntax: RefSyntax::Field(field),
    }
}

fn read_hours(reader: &mut MapReader<'_>, name: &str, required: bool) -> Option<Hours> {
    let node = if required {
        reader.required(name)?
    } else {
        reader.get(name)?
    };
    let parse = |text: &str| parse_hours_rule(text, &is_timezone);
    if node.as_seq().is_some() {
        let items = reader.list_node(node, name, true)?;
        let mut rules = Vec::new();
        let mut valid = true;
        for (text, pos) in items {
            match parse(text) {
                Ok(Hours::Rules(rule)) => rules.extend(rule),
                Ok(Hours::Always) => {
                    reader.invalid(pos, "`24/7` cannot be combined with other rules", None);
                    valid = false;
                }
                Err(message) => {
                    reader.invalid(pos, message, None);
                    valid = false;
                }
            }
        }
        valid.then_some(Hours::Rules(rules))
    } else {
        reader.parse_node(node, name, parse).map(|(hours, _)| hours)
    }
}

fn read_requirement(reader: &mut MapReader<'_>, config: &Config) -> Option<Requirement> {
    let channels = read_channel_list(reader, "channels", true, config);
    let hours = read_hours(reader, "hours", true);
    let priority = reader
        .choice("priority", false, &Priority::NAMES)
        .map(|(priority, _)| Priority::parse(&priority));
    let volume = reader
        .parse("volume", false, parse_count)
        .map(|(volume, _)| volume);
    let calendar = read_calendar_terms(reader);
    Some(Requirement {
        channels: channels?,
        hours: hours?,
        priority: priority.unwrap_or(Some(Priority::Must))?,
        volume,
        calendar,
    })
}

fn read_sla(
    reader: &mut MapReader<'_>,
    config: &Config,
    references: &mut Vec<Reference>,
) -> Option<Sla> {
    let channel = reader.required("channel").and_then(|node| {
        let text = reader.scalar(node, "channel")?;
        check_channel(reader, text, node.pos, config).then(|| Located {
            value: text.to_string(),
            pos: node.pos,
        })
    });
    let metric = reader
        .choice("metric", true, &Metric::NAMES)
        .and_then(|(metric, _)| Metric::parse(&metric));
    // The target as written, too (`24h`, not its canonical `1d`): the
    // review's CSV gives values as written in the sources.
    let target = match metric {
        Some(metric) if metric.takes_duration() => reader.parse("target", true, |text| {
            Duration::parse(text).map(|duration| (SlaTarget::Duration(duration), text.to_string()))
        }),
        Some(_) => reader.parse("target", true, |text| {
            Percent::parse(text).map(|percent| (SlaTarget::Percent(percent), text.to_string()))
        }),
        None => {
            // Without a metric the target's format is unknown; only say
            // when it is missing.
            reader.required("target");
            None
        }
    };
    let attainment = reader
        .parse("attainment", false, Percent::parse)
        .map(|(p, _)| p);
    if let (Some(metric), Some(pos)) = (metric, reader.get("attainment").map(|node| node.pos))
        && !metric.takes_duration()
    {
        reader.invalid(
            pos,
            format!(
                "`attainment` applies to time targets; `{}` is already a percentage",
                metric.name()
            ),
            Some("remove `attainment`".to_string()),
        );
    }
    let window = reader
        .choice("window", false, &WINDOWS)
        .map(|(window, _)| window)
        .unwrap_or_else(|| "monthly".to_string());
    let hours = read_hours(reader, "hours", false);
    read_reference_list(reader, RefField::Satisfies, true, references);
    let credit = reader
        .parse("credit", false, |text| {
            Percent::parse(text).map(|percent| (percent, text.to_string()))
        })
        .map(|(credit, _)| credit);
    let unit = match (metric, &target) {
        (Some(metric), Some(((SlaTarget::Duration(_), _), _))) if metric.takes_duration() => Some(
            if attainment.is_some() || reader.get("attainment").is_some() {
                Unit::Percent
            } else {
                Unit::Duration
            },
        ),
        (Some(_), Some(_)) => Some(Unit::Percent),
        _ => None,
    };
    let cadence = Frequency::parse(&window).unwrap_or(Frequency::Monthly);
    let actuals = read_actuals(reader, unit, cadence);
    let ((target, target_text), target_pos) = target?;
    let (credit, credit_text) = credit.unzip();
    let calendar = read_calendar_terms(reader);
    Some(Sla {
        channel: channel?,
        metric: metric?,
        target,
        target_text,
        target_pos,
        attainment,
        window,
        hours,
        credit,
        credit_text,
        actuals: actuals?,
        calendar,
    })
}

/// `during` (a peak ID; whether the calendar has it is checked with the
/// whole project, `check::calendar`) and `on_holidays` (section 7).
fn read_calendar_terms(reader: &mut MapReader<'_>) -> crate::calendar::CalendarTerms {
    let during = reader
        .parse("during", false, |text| {
            check_id(text).map(|()| text.to_string())
        })
        .map(|(value, pos)| Located { value, pos });
    let on_holidays = reader
        .parse(
            "on_holidays",
            false,
            crate::calendar::read::parse_on_holidays,
        )
        .map(|(value, _)| value);
    crate::calendar::CalendarTerms {
        during,
        on_holidays,
    }
}

fn read_training(reader: &mut MapReader<'_>, references: &mut Vec<Reference>) -> Option<Training> {
    let modules = reader.required("modules").and_then(|node| {
        let Some(items) = node.as_seq() else {
            reader.invalid(
                node.pos,
                format!("`modules` must be a list, found {}", node.describe()),
                None,
            );
            return None;
        };
        if items.is_empty() {
            reader.invalid(node.pos, "`modules` must not be empty", None);
            return None;
        }
        let modules: Vec<Option<Module>> = items
            .iter()
            .enumerate()
            .map(|(index, item)| read_module(reader, item, index + 1, references))
            .collect();
        modules.into_iter().collect::<Option<Vec<_>>>()
    });
    let participants = reader
        .list("participants", false)
        .map(|items| items.into_iter().map(|(p, _)| p.to_string()).collect())
        .unwrap_or_default();
    let schedule = reader.get("schedule").and_then(|node| {
        let mut schedule_reader = MapReader::new(
            node,
            &["start", "refresh"],
            reader.path(),
            "`schedule`",
            FRONT_MATTER,
            Pos::START,
        );
        let start = schedule_reader
            .parse("start", true, parse_date)
            .map(|(date, _)| date);
        let refresh = schedule_reader
            .choice("refresh", false, &REFRESHES)
            .map(|(refresh, _)| refresh)
            .unwrap_or_else(|| "none".to_string());
        let diagnostics = std::mem::take(&mut schedule_reader.diagnostics);
        diagnostics.into_iter().for_each(|d| reader.report(d));
        Some(Schedule {
            start: start?,
            refresh,
        })
    });
    let pass_mark = reader
        .parse("pass_mark", false, Percent::parse)
        .map(|(p, _)| p);
    Some(Training {
        modules: modules?,
        participants,
        schedule,
        pass_mark,
    })
}

fn read_module(
    reader: &mut MapReader<'_>,
    node: &Node,
    number: usize,
    references: &mut Vec<Reference>,
) -> Option<Module> {
    // A missing field is reported at the opening `---` like every missing
    // field (spec §3); the message names the module (line and number).
    let what = format!("training module {number} (line {})", node.pos.line);
    let mut module = MapReader::new(
        node,
        &["title", "duration", "format", "covers"],
        reader.path(),
        &what,
        FRONT_MATTER,
        Pos::START,
    );
    let title = module.text("title", true).map(|(title, _)| title);
    let duration = module
        .parse("duration", true, Duration::parse)
        .map(|(d, _)| d);
    let format = module
        .choice("format", true, &MODULE_FORMATS)
        .map(|(f, _)| f);
    let covers: Vec<Located<String>> = module
        .list("covers", false)
        .map(|items| {
            items
                .into_iter()
                .map(|(id, pos)| Located {
                    value: id.to_string(),
                    pos,
                })
                .collect()
        })
        .unwrap_or_default();
    references.extend(
        covers
            .iter()
            .map(|c| reference(RefField::Covers, &c.value, c.pos)),
    );
    let diagnostics = std::mem::take(&mut module.diagnostics);
    diagnostics.into_iter().for_each(|d| reader.report(d));
    Some(Module {
        title: title?,
        duration: duration?,
        format: format?,
        covers,
    })
}

fn read_faq(
    reader: &mut MapReader<'_>,
    config: &Config,
    references: &mut Vec<Reference>,
) -> Option<Faq> {
    read_reference_list(reader, RefField::Related, false, references);
    let channels = read_channel_list(reader, "channels", false, config).unwrap_or_default();
    Some(Faq { channels })
}

fn read_vendor(reader: &mut MapReader<'_>) -> Option<Vendor> {
    let experience_years = reader
        .parse("experience_years", true, parse_count)
        .map(|(y, _)| y);
    let rating = reader
        .parse("rating", true, |text| match parse_plain_number(text) {
            Some(rating) if (0.0..=5.0).contains(&rating) => Ok(rating),
            _ => Err(format!("`{text}` is not a rating from 0 to 5")),
        })
        .map(|(rating, _)| rating);
    let quality = reader.choice("quality", true, &QUALITIES).map(|(q, _)| q);
    let selected = reader
        .parse("selected", false, |text| match text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!("`{text}` is not `true` or `false`")),
        })
        .map(|(selected, _)| selected)
        .unwrap_or(false);
    Some(Vendor {
        experience_years: experience_years?,
        rating: rating?,
        quality: quality?,
        selected,
    })
}

/// Parses a KPI value in its unit.
pub fn parse_kpi_value(text: &str, unit: Unit) -> Result<KpiValue, String> {
    let number = match unit {
        Unit::Percent => {
            Percent::parse(text)
                .map_err(|message| match percent_from_fraction(text) {
                    Some(percent) => {
                        format!("`{text}` is a fraction, not a percentage: write `{percent}`")
                    }
                    None => message,
                })?
                .0
        }
        Unit::Duration => Duration::parse(text)?.seconds as f64,
        Unit::Count => parse_count(text)? as f64,
        Unit::Score => parse_plain_number(text)
            .ok_or_else(|| format!("`{text}` is not a score: write a plain number like `4.5`"))?,
    };
    Ok(KpiValue {
        number,
        text: text.to_string(),
    })
}

/// What a spreadsheet's fraction (`0.935`, a cell formatted as a
/// percentage and exported as its value) is as a percentage (`93.5%`),
/// shifted in its digits so the hint is exact; `None` for other text.
pub fn percent_from_fraction(text: &str) -> Option<String> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits_only = |part: &str| part.chars().all(|c| c.is_ascii_digit());
    let below_one = whole == "0";
    let one = whole == "1" && fraction.chars().all(|c| c == '0');
    if !(below_one || one) || !digits_only(fraction) || (text.contains('.') && fraction.is_empty())
    {
        return None;
    }
    let mut digits = format!("{whole}{fraction}");
    while digits.len() < whole.len() + 2 {
        digits.push('0');
    }
    let (integer, rest) = digits.split_at(whole.len() + 2);
    let integer = integer.trim_start_matches('0');
    let rest = rest.trim_end_matches('0');
    let integer = if integer.is_empty() { "0" } else { integer };
    Some(if rest.is_empty() {
        format!("{integer}%")
    } else {
        format!("{integer}.{rest}%")
    })
}

fn read_kpi(reader: &mut MapReader<'_>, references: &mut Vec<Reference>) -> Option<Kpi> {
    let unit = reader
        .choice("unit", true, &UNITS)
        .and_then(|(unit, _)| Unit::parse(&unit));
    let target = match unit {
        Some(unit) => reader
            .parse("target", true, |text| parse_kpi_value(text, unit))
            .map(|(value, _)| value),
        None => {
            reader.required("target");
            None
        }
    };
    let better = reader
        .choice("better", true, &["higher", "lower"])
        .map(|(b, _)| b == "higher");
    let frequency = reader
        .choice("frequency", false, &["weekly", "monthly", "quarterly"])
        .and_then(|(frequency, _)| Frequency::parse(&frequency))
        .unwrap_or(Frequency::Monthly);
    read_reference_list(reader, RefField::Measures, false, references);
    let actuals = read_actuals(reader, unit, frequency);
    Some(Kpi {
        unit: unit?,
        target: target?,
        higher_is_better: better?,
        frequency,
        actuals: actuals?,
    })
}

fn read_actuals(
    reader: &mut MapReader<'_>,
    unit: Option<Unit>,
    frequency: Frequency,
) -> Option<Vec<Actual>> {
    let Some(node) = reader.get("actuals") else {
        return Some(Vec::new());
    };
    let Some(items) = node.as_seq() else {
        reader.invalid(
            node.pos,
            format!("`actuals` must be a list, found {}", node.describe()),
            None,
        );
        return None;
    };
    let mut actuals = Vec::new();
    let mut valid = true;
    for (number, item) in items.iter().enumerate() {
        let what = format!("actual {} (line {})", number + 1, item.pos.line);
        let mut actual = MapReader::new(
            item,
            &["period", "value"],
            reader.path(),
            &what,
            FRONT_MATTER,
            Pos::START,
        );
        let period = actual.parse("period", true, |text| parse_period(text, frequency));
        let value = match unit {
            Some(unit) => actual.parse("value", true, |text| parse_kpi_value(text, unit)),
            None => None,
        };
        let diagnostics = std::mem::take(&mut actual.diagnostics);
        valid &= diagnostics.is_empty();
        diagnostics.into_iter().for_each(|d| reader.report(d));
        // A period written twice is `duplicate-actual`, found when the
        // data files are merged in (`data::merge`), which sees both
        // sources; the caret of a missed KPI goes on the value.
        if let (Some((period, period_pos)), Some((value, pos))) = (period, value) {
            let period_text = item
                .as_map()
                .and_then(|entries| entries.iter().find(|e| e.key == "period"))
                .and_then(|e| e.value.as_str())
                .unwrap_or_default()
                .to_string();
            actuals.push(Actual {
                period,
                period_text,
                value,
                pos,
                period_pos,
                source: None,
                note: None,
                terms: None,
            });
        }
    }
    valid.then_some(actuals)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_fractions_get_the_exact_percentage() {
        for (fraction, percent) in [
            ("0.935", "93.5%"),
            ("0.9", "90%"),
            ("0.05", "5%"),
            ("0.0005", "0.05%"),
            ("1", "100%"),
            ("1.0", "100%"),
            ("0", "0%"),
        ] {
            assert_eq!(percent_from_fraction(fraction).as_deref(), Some(percent));
            let message = parse_kpi_value(fraction, Unit::Percent).unwrap_err();
            assert!(
                message.ends_with(&format!("write `{percent}`")),
                "{message}"
            );
        }
        for other in ["93.5", "1.5", "2", ".5", "0.", "abc", "0.9%"] {
            assert_eq!(percent_from_fraction(other), None, "{other}");
        }
    }
}
