//! The value formats of front matter: IDs, durations, percentages, service
//! hours, dates and KPI periods. Each parser takes the text as written and
//! returns the typed value or a one-line explanation of what is wrong, which
//! the schema turns into an `invalid-value` diagnostic at the value.

use std::fmt;

use jiff::civil::{Date, Time};

/// The longest ID: a page's file name is the ID and `.html`, and file
/// systems refuse names over 255 bytes (this leaves room to spare).
pub const MAX_ID_LEN: usize = 200;

/// `^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$`, at most `MAX_ID_LEN` characters, and
/// not `INDEX`.
pub fn check_id(text: &str) -> Result<(), String> {
    if text == "INDEX" {
        return Err("`INDEX` is reserved for the kind index pages".to_string());
    }
    if text.len() > MAX_ID_LEN {
        let start: String = text.chars().take(24).collect();
        return Err(format!(
            "`{start}…` is {} characters long; an ID has at most {MAX_ID_LEN}, as the page's file name is made of it",
            text.chars().count()
        ));
    }
    let valid = text.split('-').enumerate().all(|(index, part)| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && (index > 0 || part.starts_with(|c: char| c.is_ascii_uppercase()))
    });
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not a valid ID: use upper-case letters, digits and single dashes, starting with a letter (like `SLA-CHAT-FIRST`)"
        ))
    }
}

/// A suggestion for an invalid ID: upper case, underscores and spaces as dashes.
pub fn id_suggestion(text: &str) -> Option<String> {
    let mut fixed: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '_' | ' ' | '.' => '-',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    while fixed.contains("--") {
        fixed = fixed.replace("--", "-");
    }
    let fixed = fixed.trim_matches('-').to_string();
    (fixed != text && check_id(&fixed).is_ok()).then_some(fixed)
}

/// A duration in seconds, written `1d2h30m15s` with the largest unit first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    pub seconds: u64,
}

/// Why a text is not a duration (`DurationProblem::message` says it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationProblem {
    NotADuration,
    TooLong,
    Zero,
}

impl DurationProblem {
    /// The problem of `text` in words.
    pub fn message(self, text: &str) -> String {
        match self {
            DurationProblem::NotADuration => format!(
                "`{text}` is not a duration: write a number and a unit, largest unit first, like `30s`, `5m`, `1h30m` or `1d`"
            ),
            DurationProblem::TooLong => format!("`{text}` is too long a duration"),
            DurationProblem::Zero => {
                format!("`{text}` is zero; a duration must be longer than that")
            }
        }
    }
}

impl Duration {
    /// `text` as a duration, or why it is none, in words.
    pub fn parse(text: &str) -> Result<Duration, String> {
        Duration::read(text).map_err(|problem| problem.message(text))
    }

    /// `parse` without the words: a reader that only asks whether a value
    /// is a duration (every value of a results table is asked) makes no
    /// message.
    pub fn read(text: &str) -> Result<Duration, DurationProblem> {
        use DurationProblem::*;
        if text.is_empty() {
            return Err(NotADuration);
        }
        let units = [('d', 86_400u64), ('h', 3_600), ('m', 60), ('s', 1)];
        let mut next_unit = 0;
        let mut seconds: u64 = 0;
        let mut digits = String::new();
        for c in text.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let Some(offset) = units[next_unit..].iter().position(|&(unit, _)| unit == c) else {
                return Err(NotADuration);
            };
            if digits.is_empty() {
                return Err(NotADuration);
            }
            let amount: u64 = digits.parse().map_err(|_| NotADuration)?;
            let (_, factor) = units[next_unit + offset];
            seconds = amount
                .checked_mul(factor)
                .and_then(|s| seconds.checked_add(s))
                .ok_or(TooLong)?;
            next_unit += offset + 1;
            digits.clear();
        }
        if !digits.is_empty() {
            return Err(NotADuration);
        }
        if seconds == 0 {
            return Err(Zero);
        }
        Ok(Duration { seconds })
    }
}

impl fmt::Display for Duration {
    /// The canonical spelling, largest unit first (`90m` → `1h30m`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.seconds;
        for (unit, factor) in [('d', 86_400u64), ('h', 3_600), ('m', 60), ('s', 1)] {
            if rest >= factor {
                write!(f, "{}{unit}", rest / factor)?;
                rest %= factor;
            }
        }
        Ok(())
    }
}

/// A percentage from 0 to 100, written `85%` or `1.5%`.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Percent(pub f64);

impl Percent {
    pub fn parse(text: &str) -> Result<Percent, String> {
        let explain = || {
            format!(
                "`{text}` is not a percentage: write a number from 0 to 100 followed by `%`, like `85%`"
            )
        };
        let number = text.strip_suffix('%').ok_or_else(explain)?;
        let value = parse_plain_number(number).ok_or_else(explain)?;
        if !(0.0..=100.0).contains(&value) {
            return Err(format!("`{text}` is outside 0% to 100%"));
        }
        Ok(Percent(value))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

/// A plain decimal number (`4.5`, `12`): digits with at most one point, no
/// sign, exponent or special spellings, and not too large for an `f64`.
pub fn parse_plain_number(text: &str) -> Option<f64> {
    let mut parts = text.splitn(2, '.');
    let whole = parts.next()?;
    let fraction = parts.next();
    let digits_only = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    if !digits_only(whole) || fraction.is_some_and(|part| !digits_only(part)) {
        return None;
    }
    // Over 309 digits parse to infinity, which a KPI score would carry into
    // its chart as NaN coordinates (found by the `values` fuzz target).
    text.parse().ok().filter(|number: &f64| number.is_finite())
}

/// A whole number ≥ 0.
pub fn parse_count(text: &str) -> Result<u64, String> {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        text.parse()
            .map_err(|_| format!("`{text}` is too large a number"))
    } else {
        Err(format!("`{text}` is not a whole number ≥ 0"))
    }
}

/// A date `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let shaped = text.len() == 10
        && text.char_indices().all(|(index, c)| match index {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    let explain = || format!("`{text}` is not a date: write `YYYY-MM-DD`, like `2026-03-02`");
    if !shaped {
        return Err(explain());
    }
    text.parse::<Date>()
        .map_err(|_| format!("`{text}` is not a real date"))
}

/// Days of the week, Monday = 0.
pub const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Service hours: `24/7` or one or more `DAYS HH:MM-HH:MM [TIMEZONE]` rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hours {
    Always,
    Rules(Vec<HoursRule>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoursRule {
    /// Which days the window starts on (Monday = index 0).
    pub days: [bool; 7],
    /// How the days were written (`daily`, `mon-fri`), for display.
    pub days_text: String,
    pub start: Time,
    /// `None` stands for `24:00`.
    pub end: Option<Time>,
    /// The IANA name, when the rule names one.
    pub timezone: Option<String>,
}

impl HoursRule {
    /// Whether the window runs past midnight into the next day.
    pub fn crosses_midnight(&self) -> bool {
        self.end.is_some_and(|end| end < self.start)
    }
}

/// Parses one hours string (`24/7` or one rule). `valid_timezone` says
/// whether an IANA name is known (the caller owns the time-zone database).
pub fn parse_hours_rule(
    text: &str,
    valid_timezone: &dyn Fn(&str) -> bool,
) -> Result<Hours, String> {
    if text == "24/7" {
        return Ok(Hours::Always);
    }
    let explain = || {
        format!(
            "`{text}` is not a service-hours rule: write `24/7` or `DAYS HH:MM-HH:MM [TIMEZONE]`, like `mon-fri 09:00-18:00` or `daily 08:00-22:00 Asia/Shanghai`"
        )
    };
    let parts: Vec<&str> = text.split_whitespace().collect();
    if !(2..=3).contains(&parts.len()) {
        return Err(explain());
    }
    let days = parse_days(parts[0])?;
    let (start_text, end_text) = parts[1].split_once('-').ok_or_else(explain)?;
    if start_text == "24:00" {
        return Err("`24:00` cannot start a window; it is only an end".to_string());
    }
    let start = parse_clock(start_text, false)?.ok_or_else(explain)?;
    let end = parse_clock(end_text, true)?;
    if end == Some(start) {
        return Err(format!(
            "`{}` starts and ends at the same time; use `24/7` or `00:00-24:00` for the whole day",
            parts[1]
        ));
    }
    let timezone = match parts.get(2) {
        Some(name) if valid_timezone(name) => Some(name.to_string()),
        Some(name) => {
            return Err(format!(
                "`{name}` is not a known IANA time zone (like `Asia/Shanghai`)"
            ));
        }
        None => None,
    };
    Ok(Hours::Rules(vec![HoursRule {
        days,
        days_text: parts[0].to_string(),
        start,
        end,
        timezone,
    }]))
}

fn parse_days(text: &str) -> Result<[bool; 7], String> {
    if text == "daily" {
        return Ok([true; 7]);
    }
    let day_index = |name: &str| {
        DAY_NAMES.iter().position(|&day| day == name).ok_or_else(|| {
            format!(
                "`{name}` is not a day: use `daily`, or `mon`…`sun` in ranges (`mon-fri`) and lists (`mon,wed,fri`) without spaces"
            )
        })
    };
    let mut days = [false; 7];
    for item in text.split(',') {
        match item.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (day_index(from)?, day_index(to)?);
                // `fri-mon` wraps around the weekend.
                let mut day = from;
                loop {
                    days[day] = true;
                    if day == to {
                        break;
                    }
                    day = (day + 1) % 7;
                }
            }
            None => days[day_index(item)?] = true,
        }
    }
    Ok(days)
}

/// `HH:MM` from `00:00` to `23:59`, or `24:00` (returned as `None`) when
/// it may end a window.
fn parse_clock(text: &str, may_be_end: bool) -> Result<Option<Time>, String> {
    let explain = || format!("`{text}` is not a time: write `HH:MM` from `00:00` to `24:00`");
    let (hour, minute) = text.split_once(':').ok_or_else(explain)?;
    if hour.len() != 2 || minute.len() != 2 {
        return Err(explain());
    }
    let hour: i8 = hour.parse().map_err(|_| explain())?;
    let minute: i8 = minute.parse().map_err(|_| explain())?;
    if hour == 24 && minute == 0 && may_be_end {
        return Ok(None);
    }
    Time::new(hour, minute, 0, 0)
        .map(Some)
        .map_err(|_| explain())
}

/// A period of measured results, written for its document's cadence (an
/// SLA's `window`, a KPI's `frequency`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Day(Date),
    /// ISO week-based year and week number.
    Week(i16, i8),
    Month(i16, i8),
    Quarter(i16, i8),
}

impl fmt::Display for Period {
    /// As written in the sources: `2026-06-18`, `2026-W07`, `2026-02`, `2026-Q1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Day(date) => write!(f, "{date}"),
            Period::Week(year, week) => write!(f, "{year:04}-W{week:02}"),
            Period::Month(year, month) => write!(f, "{year:04}-{month:02}"),
            Period::Quarter(year, quarter) => write!(f, "{year:04}-Q{quarter}"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
}

impl Frequency {
    pub fn name(self) -> &'static str {
        match self {
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
        }
    }

    /// An SLA's `window` or a KPI's `frequency` as written.
    pub fn parse(text: &str) -> Option<Frequency> {
        [
            Frequency::Daily,
            Frequency::Weekly,
            Frequency::Monthly,
            Frequency::Quarterly,
        ]
        .into_iter()
        .find(|frequency| frequency.name() == text)
    }
}

pub fn parse_period(text: &str, frequency: Frequency) -> Result<Period, String> {
    let example = match frequency {
        Frequency::Daily => "`2026-06-18`",
        Frequency::Weekly => "`2026-W07`",
        Frequency::Monthly => "`2026-02`",
        Frequency::Quarterly => "`2026-Q1`",
    };
    let explain = || match spreadsheet_period(text, frequency) {
        // What a spreadsheet makes of a date or month: say exactly what
        // to write instead.
        Some(fixed) => format!(
            "`{text}` is not a {} period: write `{fixed}`",
            frequency.name()
        ),
        None => format!(
            "`{text}` is not a {} period: write it like {example}",
            frequency.name()
        ),
    };
    if frequency == Frequency::Daily {
        return parse_date(text).map(Period::Day).map_err(|_| explain());
    }
    let (year, rest) = text.split_once('-').ok_or_else(explain)?;
    if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
        return Err(explain());
    }
    let year: i16 = year.parse().map_err(|_| explain())?;
    let number = |digits: &str, max: i8| -> Result<i8, String> {
        if digits.len() != 2 && !(digits.len() == 1 && max == 4) {
            return Err(explain());
        }
        let value: i8 = digits.parse().map_err(|_| explain())?;
        if (1..=max).contains(&value) {
            Ok(value)
        } else {
            Err(explain())
        }
    };
    match frequency {
        Frequency::Weekly => {
            let week = number(rest.strip_prefix('W').ok_or_else(explain)?, 53)?;
            // Week 53 exists only in long ISO years.
            jiff::civil::ISOWeekDate::new(year, week, jiff::civil::Weekday::Monday)
                .map_err(|_| format!("{year} has no ISO week {week}"))?;
            Ok(Period::Week(year, week))
        }
        Frequency::Quarterly => {
            let quarter = number(rest.strip_prefix('Q').ok_or_else(explain)?, 4)?;
            Ok(Period::Quarter(year, quarter))
        }
        Frequency::Monthly | Frequency::Daily => Ok(Period::Month(year, number(rest, 12)?)),
    }
}

/// The period a spreadsheet habit stands for, written the right way:
/// `2026/6/18` or `2026-6-18` for a day, `2026/6` or `2026-6` for a month
/// (`None` when the text is not such a habit or not a real date).
fn spreadsheet_period(text: &str, frequency: Frequency) -> Option<String> {
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    let numbers: Vec<u16> = parts
        .iter()
        .map(|part| {
            (!part.is_empty() && part.len() <= 4 && part.chars().all(|c| c.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    match (frequency, numbers.as_slice()) {
        (Frequency::Daily, &[year, month, day]) if year >= 1000 => {
            let date = Date::new(year as i16, month as i8, day as i8).ok()?;
            Some(date.to_string())
        }
        (Frequency::Monthly, &[year, month]) if year >= 1000 && (1..=12).contains(&month) => {
            Some(format!("{year:04}-{month:02}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for good in ["A", "SLA-CHAT-FIRST", "REQ-24X7", "A1-2B"] {
            assert!(check_id(good).is_ok(), "{good}");
        }
        for bad in [
            "", "INDEX", "sla-chat", "1ABC", "A--B", "A-", "-A", "A_B", "ÄB",
        ] {
            assert!(check_id(bad).is_err(), "{bad}");
        }
        assert_eq!(id_suggestion("sla_chat").as_deref(), Some("SLA-CHAT"));
        // The page's file name is made of the ID.
        let longest = format!("A-{}", "B".repeat(MAX_ID_LEN - 2));
        assert!(check_id(&longest).is_ok());
        assert!(check_id(&format!("{longest}C")).is_err());
    }

    #[test]
    fn durations() {
        let seconds = |text| Duration::parse(text).map(|d| d.seconds);
        assert_eq!(seconds("30s"), Ok(30));
        assert_eq!(seconds("5m"), Ok(300));
        assert_eq!(seconds("1h30m"), Ok(5400));
        assert_eq!(seconds("1d"), Ok(86_400));
        assert_eq!(seconds("1m45s"), Ok(105));
        for bad in [
            "",
            "0s",
            "0h0m",
            "5",
            "m",
            "30m1h",
            "5 m",
            "5M",
            "1h1h",
            "-5m",
            "99999999999999999999d",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Duration { seconds: 5400 }.to_string(), "1h30m");
    }

    #[test]
    fn percentages() {
        assert_eq!(Percent::parse("80%"), Ok(Percent(80.0)));
        assert_eq!(Percent::parse("1.5%"), Ok(Percent(1.5)));
        assert_eq!(Percent::parse("100%"), Ok(Percent(100.0)));
        for bad in ["80", "101%", "-1%", "%", "8 0%", "1e2%", "nan%", ".5%"] {
            assert!(Percent::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn plain_numbers_are_finite() {
        assert_eq!(parse_plain_number("4.5"), Some(4.5));
        assert_eq!(parse_plain_number(&"9".repeat(308)), Some(1e308));
        assert_eq!(parse_plain_number(&"9".repeat(400)), None);
        assert_eq!(parse_plain_number(&format!("{}.5", "1".repeat(400))), None);
    }

    #[test]
    fn hours() {
        let known = |name: &str| name == "Asia/Shanghai";
        assert_eq!(parse_hours_rule("24/7", &known), Ok(Hours::Always));
        let Ok(Hours::Rules(rules)) = parse_hours_rule("fri-mon 22:00-06:00 Asia/Shanghai", &known)
        else {
            panic!()
        };
        assert_eq!(rules[0].days, [true, false, false, false, true, true, true]);
        assert!(rules[0].crosses_midnight());
        assert!(parse_hours_rule("mon-wed,sat 09:00-24:00", &known).is_ok());
        for bad in [
            "mon-fri 09:00-09:00",
            "mon - fri 09:00-18:00",
            "weekdays 09:00-18:00",
            "mon-fri 24:00-18:00",
            "mon-fri 9:00-18:00",
            "mon-fri 09:00-18:00 Mars/Base",
            "mon-fri 09:00-24:30",
            "Mon-Fri 09:00-18:00",
        ] {
            assert!(parse_hours_rule(bad, &known).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_and_periods() {
        assert!(parse_date("2026-02-28").is_ok());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2026-2-3").is_err());
        assert_eq!(
            parse_period("2026-02", Frequency::Monthly),
            Ok(Period::Month(2026, 2))
        );
        assert_eq!(
            parse_period("2026-W07", Frequency::Weekly),
            Ok(Period::Week(2026, 7))
        );
        assert_eq!(
            parse_period("2026-Q1", Frequency::Quarterly),
            Ok(Period::Quarter(2026, 1))
        );
        assert!(parse_period("2026-13", Frequency::Monthly).is_err());
        assert!(parse_period("2026-Q5", Frequency::Quarterly).is_err());
        assert!(parse_period("2026-W53", Frequency::Weekly).is_ok());
        assert!(parse_period("2025-W53", Frequency::Weekly).is_err());
        assert!(parse_period("2026-02", Frequency::Weekly).is_err());
        assert_eq!(
            parse_period("2026-06-18", Frequency::Daily),
            Ok(Period::Day(jiff::civil::date(2026, 6, 18)))
        );
        assert!(parse_period("2026-02-30", Frequency::Daily).is_err());
    }

    #[test]
    fn spreadsheet_periods_get_an_exact_hint() {
        let message = |text, frequency| parse_period(text, frequency).unwrap_err();
        assert!(message("2026/6/18", Frequency::Daily).ends_with("write `2026-06-18`"));
        assert!(message("2026-6-8", Frequency::Daily).ends_with("write `2026-06-08`"));
        assert!(message("2026-6", Frequency::Monthly).ends_with("write `2026-06`"));
        assert!(message("2026/12", Frequency::Monthly).ends_with("write `2026-12`"));
        assert!(message("2026/2/30", Frequency::Daily).contains("like `2026-06-18`"));
        for (period, written) in [
            (Period::Day(jiff::civil::date(2026, 6, 8)), "2026-06-08"),
            (Period::Week(2026, 7), "2026-W07"),
            (Period::Month(2026, 2), "2026-02"),
            (Period::Quarter(2026, 1), "2026-Q1"),
        ] {
            assert_eq!(period.to_string(), written);
        }
    }
}
