//! The fields of each kind (requirement, SLA, training, FAQ, vendor, KPI)
//! read from the front matter: their values, references and measured
//! results. `schema.rs` reads what every kind shares and calls
//! `read_kind_fields` for the rest.

use crate::config::{Config, is_timezone};
use crate::content::document::*;
use crate::content::fields::{FRONT_MATTER, MapReader};
use crate::content::values::{
    Duration, Frequency, Hours, Percent, check_id, parse_count, parse_date, parse_hours_rule,
    parse_period, parse_plain_number,
};
use crate::content::yaml::Node;
use crate::diag::{Code, Diagnostic, Pos, suggestion};

pub(super) fn read_kind_fields(
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
