//! Reading `calendar:` of `playbook.yaml` and the `during` and
//! `on_holidays` terms of front matter into the types of `calendar`,
//! reporting every problem at its place: unknown keys
//! (`config-unknown-key`), malformed values (`config-invalid-value`) and
//! the contradictions section 7 lists (`calendar-conflict`: a date both a
//! holiday and a workday, overlapping holidays, a workday not on a
//! weekend, an `as` outside `mon`–`fri`, `from` after `to`, one peak ID
//! twice). A peak ID that a document also has needs the corpus: see
//! `check::calendar`.

use jiff::civil::Date;

use super::{Calendar, DAY_MINUTES, Holiday, OnHolidays, Peak, TimeWindow, Workday, day_index};
use crate::content::fields::{CONFIG, MapReader};
use crate::content::values::{DAY_NAMES, Hours, check_id, parse_date, parse_hours_rule};
use crate::content::yaml::Node;
use crate::diag::{Code, Diagnostic, Pos};

const FILE: &str = crate::content::files::CONFIG_FILE;

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `HH:MM-HH:MM`, as holiday `hours` and `on_holidays` write it.
pub fn parse_time_window(text: &str) -> Result<TimeWindow, String> {
    let explain =
        || format!("`{text}` is not a time window: write `HH:MM-HH:MM`, like `10:00-18:00`");
    if text.contains(char::is_whitespace) || !text.contains('-') {
        return Err(explain());
    }
    match parse_hours_rule(&format!("daily {text}"), &|_| false)? {
        Hours::Rules(rules) => {
            let rule = rules.first().ok_or_else(explain)?;
            Ok(TimeWindow {
                start: super::hours::minute_of(rule.start),
                end: rule.end.map(super::hours::minute_of).unwrap_or(DAY_MINUTES),
            })
        }
        Hours::Always => Err(explain()),
    }
}

/// `on_holidays`: `closed`, `normal` or `HH:MM-HH:MM`.
pub fn parse_on_holidays(text: &str) -> Result<OnHolidays, String> {
    match text {
        "closed" => Ok(OnHolidays::Closed),
        "normal" => Ok(OnHolidays::Normal),
        _ => parse_time_window(text).map(OnHolidays::Hours).map_err(|_| {
            format!(
                "`{text}` is not a valid `on_holidays`: write `closed`, `normal` or `HH:MM-HH:MM`"
            )
        }),
    }
}

/// Reads `calendar:` (its key at `key_pos`) into `Calendar`, reporting
/// into `diagnostics`.
pub fn read_calendar(node: &Node, key_pos: Pos, diagnostics: &mut Vec<Diagnostic>) -> Calendar {
    let mut calendar = Calendar::default();
    let mut reader = MapReader::new(
        node,
        &["holidays", "workdays", "peaks"],
        FILE,
        "`calendar`",
        CONFIG,
        key_pos,
    );
    for (item, what) in list(&mut reader, "holidays") {
        if let Some(holiday) = read_holiday(item, what, diagnostics) {
            calendar.holidays.push(holiday);
        }
    }
    for (item, what) in list(&mut reader, "workdays") {
        if let Some(workday) = read_workday(item, what, diagnostics) {
            calendar.workdays.push(workday);
        }
    }
    for (item, what) in list(&mut reader, "peaks") {
        if let Some(peak) = read_peak(item, what, diagnostics) {
            calendar.peaks.push(peak);
        }
    }
    diagnostics.append(&mut reader.diagnostics);
    report_conflicts(&calendar, diagnostics);
    calendar
}

/// The items of a list under `calendar`, each with the words naming it.
fn list<'n>(reader: &mut MapReader<'n>, name: &str) -> Vec<(&'n Node, String)> {
    let Some(node) = reader.get(name) else {
        return Vec::new();
    };
    let Some(items) = node.as_seq() else {
        reader.invalid(
            node.pos,
            format!(
                "`calendar.{name}` must be a list, found {}",
                node.describe()
            ),
            Some(format!(
                "write `{name}:` and one `- {{ … }}` line per entry"
            )),
        );
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| (item, format!("entry {} of `calendar.{name}`", index + 1)))
        .collect()
}

fn conflict(pos: Pos, message: String, help: &str) -> Diagnostic {
    Diagnostic::new(Code::CalendarConflict, FILE, pos, message).with_help(help)
}

fn date_field(reader: &mut MapReader<'_>, name: &str, required: bool) -> Option<(Date, Pos)> {
    reader.parse(name, required, parse_date)
}

fn read_holiday(item: &Node, what: String, diagnostics: &mut Vec<Diagnostic>) -> Option<Holiday> {
    let mut reader = MapReader::new(
        item,
        &["name", "from", "to", "hours"],
        FILE,
        &what,
        CONFIG,
        item.pos,
    );
    let name = reader.text("name", true);
    let from = date_field(&mut reader, "from", true);
    let to = date_field(&mut reader, "to", false);
    let hours = reader
        .parse("hours", false, parse_time_window)
        .map(|(w, _)| w);
    let bad_hours = reader.get("hours").is_some() && hours.is_none();
    let mut holiday = None;
    if let (Some((name, _)), Some((from, from_pos))) = (name, from) {
        let to_value = to.map(|(to, _)| to).unwrap_or(from);
        if let Some((to, to_pos)) = to
            && to < from
        {
            diagnostics.push(conflict(
                to_pos,
                format!("holiday `{name}` ends on {to}, before it starts ({from})"),
                "swap `from` and `to`, or correct the year",
            ));
        } else if !bad_hours {
            holiday = Some(Holiday {
                name,
                from,
                to: to_value,
                hours,
                from_pos,
            });
        }
    }
    diagnostics.append(&mut reader.diagnostics);
    holiday
}

fn read_workday(item: &Node, what: String, diagnostics: &mut Vec<Diagnostic>) -> Option<Workday> {
    let mut reader = MapReader::new(item, &["name", "date", "as"], FILE, &what, CONFIG, item.pos);
    let name = reader.text("name", true);
    let date = date_field(&mut reader, "date", true);
    let as_day = match reader.get("as") {
        None => Some(0),
        Some(node) => match reader.scalar(node, "as") {
            Some(text) => match DAY_NAMES.iter().position(|&day| day == text) {
                Some(day) if day < 5 => Some(day),
                Some(_) => {
                    diagnostics.push(conflict(
                        node.pos,
                        format!("a workday cannot be worked as `{text}`: `as` names the weekday (`mon` to `fri`) whose hours apply"),
                        "write `as: mon` … `as: fri`",
                    ));
                    None
                }
                None => {
                    reader.invalid(
                        node.pos,
                        format!("`{text}` is not a weekday"),
                        Some("write `as: mon` … `as: fri`".to_string()),
                    );
                    None
                }
            },
            None => None,
        },
    };
    let mut workday = None;
    if let (Some((name, _)), Some((date, date_pos)), Some(as_day)) = (name, date, as_day) {
        if day_index(date.weekday()) < 5 {
            diagnostics.push(conflict(
                date_pos,
                format!(
                    "workday `{name}` on {date} is a {}, not a Saturday or Sunday",
                    WEEKDAYS[day_index(date.weekday())]
                ),
                "a workday (调休) is a weekend day worked in place of a holiday; check the date",
            ));
        } else {
            workday = Some(Workday {
                name,
                date,
                as_day,
                date_pos,
            });
        }
    }
    diagnostics.append(&mut reader.diagnostics);
    workday
}

fn read_peak(item: &Node, what: String, diagnostics: &mut Vec<Diagnostic>) -> Option<Peak> {
    let mut reader = MapReader::new(
        item,
        &["id", "name", "from", "to"],
        FILE,
        &what,
        CONFIG,
        item.pos,
    );
    let id = reader.parse("id", true, |text| check_id(text).map(|()| text.to_string()));
    let name = reader.text("name", true);
    let from = date_field(&mut reader, "from", true);
    let to = date_field(&mut reader, "to", true);
    let mut peak = None;
    if let (Some((id, id_pos)), Some((name, _)), Some((from, _)), Some((to, to_pos))) =
        (id, name, from, to)
    {
        if to < from {
            diagnostics.push(conflict(
                to_pos,
                format!("peak `{id}` ends on {to}, before it starts ({from})"),
                "swap `from` and `to`, or correct the year",
            ));
        } else {
            peak = Some(Peak {
                id,
                name,
                from,
                to,
                id_pos,
            });
        }
    }
    diagnostics.append(&mut reader.diagnostics);
    peak
}

/// The contradictions between entries, each at the later entry.
fn report_conflicts(calendar: &Calendar, diagnostics: &mut Vec<Diagnostic>) {
    for (index, holiday) in calendar.holidays.iter().enumerate() {
        if let Some(earlier) = calendar.holidays[..index]
            .iter()
            .find(|other| other.from <= holiday.to && holiday.from <= other.to)
        {
            diagnostics.push(conflict(
                holiday.from_pos,
                format!(
                    "holiday `{}` ({} to {}) overlaps `{}` ({} to {}, line {})",
                    holiday.name,
                    holiday.from,
                    holiday.to,
                    earlier.name,
                    earlier.from,
                    earlier.to,
                    earlier.from_pos.line
                ),
                "a day can be one holiday only: shorten one of them or merge them",
            ));
        }
    }
    for workday in &calendar.workdays {
        if let Some(holiday) = calendar.holiday_on(workday.date) {
            diagnostics.push(conflict(
                workday.date_pos,
                format!(
                    "{} is both a workday (`{}`) and a holiday (`{}`, line {})",
                    workday.date, workday.name, holiday.name, holiday.from_pos.line
                ),
                "a day is either worked or off: remove it from one of the two",
            ));
        }
    }
    for (index, workday) in calendar.workdays.iter().enumerate() {
        if let Some(earlier) = calendar.workdays[..index]
            .iter()
            .find(|other| other.date == workday.date)
        {
            diagnostics.push(conflict(
                workday.date_pos,
                format!(
                    "{} is listed as a workday twice (`{}` and `{}`, line {})",
                    workday.date, workday.name, earlier.name, earlier.date_pos.line
                ),
                "keep one of them",
            ));
        }
    }
    for (index, peak) in calendar.peaks.iter().enumerate() {
        if let Some(earlier) = calendar.peaks[..index]
            .iter()
            .find(|other| other.id == peak.id)
        {
            diagnostics.push(conflict(
                peak.id_pos,
                format!(
                    "two peaks have the ID `{}` (`{}` and `{}`, line {})",
                    peak.id, peak.name, earlier.name, earlier.id_pos.line
                ),
                "give each peak its own ID, e.g. `PEAK-618-2026`",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml::{self, YamlLimits};

    fn read(text: &str) -> (Calendar, Vec<(Code, u32, u32)>) {
        let node = yaml::parse(text, YamlLimits { max_depth: 64 }).unwrap();
        let mut diagnostics = Vec::new();
        let calendar = read_calendar(&node, Pos::START, &mut diagnostics);
        crate::diag::sort(&mut diagnostics);
        let found = diagnostics
            .iter()
            .map(|d| (d.code, d.pos.line, d.pos.column))
            .collect();
        (calendar, found)
    }

    #[test]
    fn reads_the_spec_example_with_its_defaults() {
        let (calendar, found) = read(
            "holidays:\n  - { name: 国庆节, from: 2026-10-01, to: 2026-10-07 }\n  - { name: 中秋节, from: 2026-09-25, hours: \"10:00-18:00\" }\nworkdays:\n  - { name: 国庆节调休, date: 2026-09-20 }\n  - { name: 国庆节调休, date: 2026-10-10, as: fri }\npeaks:\n  - { id: PEAK-1111, name: 双十一, from: 2026-10-31, to: 2026-11-12 }\n",
        );
        assert_eq!(found, vec![]);
        assert_eq!(calendar.holidays[1].to, calendar.holidays[1].from);
        assert_eq!(
            calendar.holidays[1].hours,
            Some(TimeWindow {
                start: 600,
                end: 1080
            })
        );
        assert_eq!(calendar.workdays[0].as_day, 0);
        assert_eq!(calendar.workdays[1].as_day, 4);
        assert_eq!(calendar.peaks[0].id, "PEAK-1111");
        assert_eq!(calendar.years(), vec![2026]);
    }

    #[test]
    fn every_conflict_is_reported_at_its_value() {
        let (_, found) = read(concat!(
            "holidays:\n",
            "  - { name: A, from: 2026-10-01, to: 2026-10-07 }\n", // 2
            "  - { name: B, from: 2026-10-05 }\n",                 // 3 overlaps A
            "  - { name: C, from: 2026-12-02, to: 2026-12-01 }\n", // 4 from after to
            "workdays:\n",
            "  - { name: D, date: 2026-10-03 }\n", // 6 holiday and a Saturday
            "  - { name: E, date: 2026-10-08 }\n", // 7 a Thursday
            "  - { name: F, date: 2026-10-10, as: sat }\n", // 8 as outside mon-fri
            "peaks:\n",
            "  - { id: PEAK-A, name: G, from: 2026-06-01, to: 2026-06-18 }\n",
            "  - { id: PEAK-A, name: H, from: 2026-11-01, to: 2026-11-11 }\n", // 11 same ID
            "  - { id: PEAK-B, name: I, from: 2026-11-12, to: 2026-11-01 }\n", // 12 from after to
        ));
        assert_eq!(
            found,
            vec![
                (Code::CalendarConflict, 3, 22),
                (Code::CalendarConflict, 4, 38),
                (Code::CalendarConflict, 6, 22),
                (Code::CalendarConflict, 7, 22),
                (Code::CalendarConflict, 8, 38),
                (Code::CalendarConflict, 11, 11),
                (Code::CalendarConflict, 12, 50),
            ]
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_are_configuration_errors() {
        let (_, found) = read(
            "holidays:\n  - { name: A, form: 2026-10-01 }\n  - { name: B, from: 2026-13-01, hours: 9-18 }\nworkday: []\npeaks:\n  - { id: peak-a, name: X, from: 2026-06-01, to: 2026-06-18 }\n",
        );
        assert_eq!(
            found,
            vec![
                (Code::ConfigInvalidValue, 2, 5),
                (Code::ConfigUnknownKey, 2, 16),
                (Code::ConfigInvalidValue, 3, 22),
                (Code::ConfigInvalidValue, 3, 41),
                (Code::ConfigUnknownKey, 4, 1),
                (Code::ConfigInvalidValue, 6, 11),
            ]
        );
    }

    #[test]
    fn on_holidays_takes_its_three_forms() {
        assert_eq!(parse_on_holidays("closed"), Ok(OnHolidays::Closed));
        assert_eq!(parse_on_holidays("normal"), Ok(OnHolidays::Normal));
        assert_eq!(
            parse_on_holidays("22:00-02:00"),
            Ok(OnHolidays::Hours(TimeWindow {
                start: 1320,
                end: 120
            }))
        );
        for bad in [
            "open",
            "10:00",
            "10:00-10:00",
            "mon 10:00-12:00",
            "25:00-26:00",
            "",
        ] {
            assert!(parse_on_holidays(bad).is_err(), "{bad}");
        }
    }
}
