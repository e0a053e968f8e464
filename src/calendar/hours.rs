//! "Which hours apply to this requirement or SLA on this date": the one
//! answer (`hours_on`) that `calendar.html`, the document pages,
//! `actuals-gap` and every other reader of the calendar share, so they
//! cannot disagree. The rules are section 7's:
//!
//! - with `during`, a document applies only within its peak;
//! - a workday (调休) is read as the weekday it stands for;
//! - on a holiday, `24/7` stays 24/7 and other hours are closed, or the
//!   holiday's `hours` on days the ordinary hours are open; the
//!   document's `on_holidays` overrides that (`closed`, `normal`, or its
//!   own `HH:MM-HH:MM`, which, like a holiday's hours, opens only a day
//!   its ordinary hours are open);
//! - a window belongs to the day it starts on, so an overnight shift that
//!   starts the evening before a holiday runs to its end, and one that
//!   would start on the holiday's last evening does not.
//!
//! Times are read in the document's own time zone: each rule's, and for
//! holiday hours and `on_holidays` the zone its rules name (else the
//! project's). A calendar date is that day in the zone the times are read
//! in.

use jiff::civil::Date;

use super::{Calendar, CalendarTerms, DAY_MINUTES, Minute, OnHolidays, TimeWindow, day_index};
use crate::content::values::{Hours, HoursRule};

/// One open window on a day.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Window {
    /// Minutes from the day's midnight.
    pub start: Minute,
    /// Past `DAY_MINUTES` when the window runs into the next day.
    pub end: Minute,
    /// The IANA zone the window is read in, when not the project's.
    pub timezone: Option<String>,
}

/// A document's hours on one date.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DayHours {
    /// The document has `during` and the date lies outside that peak.
    NotInForce,
    /// Open around the clock.
    AllDay,
    /// The windows that start on this date, in order; none: closed.
    Windows(Vec<Window>),
}

impl DayHours {
    pub fn is_open(&self) -> bool {
        match self {
            DayHours::NotInForce => false,
            DayHours::AllDay => true,
            DayHours::Windows(windows) => !windows.is_empty(),
        }
    }

    pub const CLOSED: DayHours = DayHours::Windows(Vec::new());
}

/// The hours a requirement or SLA keeps on `date`. `hours` is `None` for
/// an SLA without `hours` (always).
pub fn hours_on(
    calendar: &Calendar,
    hours: Option<&Hours>,
    terms: &CalendarTerms,
    date: Date,
) -> DayHours {
    if !in_force_on(calendar, terms, date) {
        return DayHours::NotInForce;
    }
    let weekday = match calendar.workday_on(date) {
        Some(workday) => workday.as_day,
        None => day_index(date.weekday()),
    };
    let ordinary = ordinary_hours(hours, weekday);
    let Some(holiday) = calendar.holiday_on(date) else {
        return ordinary;
    };
    let zone = document_timezone(hours);
    let window = |window: TimeWindow| {
        let (start, end) = window.span();
        DayHours::Windows(vec![Window {
            start,
            end,
            timezone: zone.clone(),
        }])
    };
    match terms.on_holidays {
        Some(OnHolidays::Normal) => ordinary,
        Some(OnHolidays::Closed) => DayHours::CLOSED,
        Some(OnHolidays::Hours(own)) if ordinary.is_open() => window(own),
        Some(OnHolidays::Hours(_)) => DayHours::CLOSED,
        None => match (&ordinary, holiday.hours) {
            (DayHours::AllDay, _) => DayHours::AllDay,
            (_, Some(hours)) if ordinary.is_open() => window(hours),
            _ => DayHours::CLOSED,
        },
    }
}

/// Whether a daily period of the document is expected on `date`
/// (`actuals-gap`, section 6): it is in force and open that day.
pub fn is_open_on(
    calendar: &Calendar,
    hours: Option<&Hours>,
    terms: &CalendarTerms,
    date: Date,
) -> bool {
    hours_on(calendar, hours, terms, date).is_open()
}

/// Whether the document applies on `date` at all: always without
/// `during`, else only within its peak (an actual of a peak SLA outside
/// its peak is an `invalid-value`, section 6).
pub fn in_force_on(calendar: &Calendar, terms: &CalendarTerms, date: Date) -> bool {
    match &terms.during {
        None => true,
        Some(during) => calendar
            .peak(&during.value)
            .is_some_and(|peak| peak.from <= date && date <= peak.to),
    }
}

/// The hours on a day with no calendar entry, read as weekday `weekday`
/// (Monday = 0).
pub fn ordinary_hours(hours: Option<&Hours>, weekday: usize) -> DayHours {
    match hours {
        None | Some(Hours::Always) => DayHours::AllDay,
        Some(Hours::Rules(rules)) => {
            let mut windows: Vec<Window> = rules
                .iter()
                .filter(|rule| rule.days[weekday])
                .map(rule_window)
                .collect();
            windows.sort_by_key(|window| (window.start, window.end));
            windows.dedup();
            DayHours::Windows(windows)
        }
    }
}

fn rule_window(rule: &HoursRule) -> Window {
    let start = minute_of(rule.start);
    let end = rule.end.map(minute_of).unwrap_or(DAY_MINUTES);
    Window {
        start,
        end: if end <= start { end + DAY_MINUTES } else { end },
        timezone: rule.timezone.clone(),
    }
}

pub fn minute_of(time: jiff::civil::Time) -> Minute {
    time.hour() as Minute * 60 + time.minute() as Minute
}

/// The zone a document's hours name (its first rule that names one), in
/// which its holiday hours are read; `None`: the project's.
pub fn document_timezone(hours: Option<&Hours>) -> Option<String> {
    match hours {
        Some(Hours::Rules(rules)) => rules.iter().find_map(|rule| rule.timezone.clone()),
        _ => None,
    }
}

/// The minutes of `date` (`0..1440`) during which the document is open:
/// the windows starting that day and what runs over from the day before.
/// Merged and in order.
pub fn open_minutes(
    calendar: &Calendar,
    hours: Option<&Hours>,
    terms: &CalendarTerms,
    date: Date,
) -> Vec<(Minute, Minute)> {
    let mut spans: Vec<(Minute, Minute)> = Vec::new();
    if let Ok(yesterday) = date.yesterday() {
        match hours_on(calendar, hours, terms, yesterday) {
            DayHours::Windows(windows) => spans.extend(
                windows
                    .iter()
                    .filter(|window| window.end > DAY_MINUTES)
                    .map(|window| (0, window.end - DAY_MINUTES)),
            ),
            DayHours::AllDay | DayHours::NotInForce => {}
        }
    }
    match hours_on(calendar, hours, terms, date) {
        DayHours::AllDay => spans.push((0, DAY_MINUTES)),
        DayHours::Windows(windows) => spans.extend(
            windows
                .iter()
                .map(|window| (window.start, window.end.min(DAY_MINUTES))),
        ),
        DayHours::NotInForce => {}
    }
    merge(spans)
}

/// Sorted, non-overlapping, touching spans joined.
pub fn merge(mut spans: Vec<(Minute, Minute)>) -> Vec<(Minute, Minute)> {
    spans.retain(|(start, end)| start < end);
    spans.sort_unstable();
    let mut merged: Vec<(Minute, Minute)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Holiday, Peak, Workday};
    use crate::content::document::Located;
    use crate::content::values::parse_hours_rule;
    use crate::diag::Pos;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn hours(texts: &[&str]) -> Hours {
        let mut rules = Vec::new();
        for text in texts {
            match parse_hours_rule(text, &|_| true).unwrap() {
                Hours::Always => return Hours::Always,
                Hours::Rules(more) => rules.extend(more),
            }
        }
        Hours::Rules(rules)
    }

    fn window(start: Minute, end: Minute) -> Window {
        Window {
            start,
            end,
            timezone: None,
        }
    }

    fn at(hour: Minute) -> Minute {
        hour * 60
    }

    /// The example's 2026: 国庆 closed, 中秋 with hours, 国庆 调休 on a
    /// Sunday and a Saturday, 双十一 as a peak.
    fn calendar() -> Calendar {
        let holiday = |name: &str, from: &str, to: &str, hours: Option<(Minute, Minute)>| Holiday {
            name: name.to_string(),
            from: date(from),
            to: date(to),
            hours: hours.map(|(start, end)| TimeWindow { start, end }),
            from_pos: Pos::START,
        };
        Calendar {
            holidays: vec![
                holiday("中秋节", "2026-09-25", "2026-09-27", Some((at(10), at(18)))),
                holiday("国庆节", "2026-10-01", "2026-10-07", None),
            ],
            workdays: vec![
                Workday {
                    name: "国庆节调休".to_string(),
                    date: date("2026-09-20"),
                    as_day: 0,
                    date_pos: Pos::START,
                },
                Workday {
                    name: "国庆节调休".to_string(),
                    date: date("2026-10-10"),
                    as_day: 4,
                    date_pos: Pos::START,
                },
            ],
            peaks: vec![Peak {
                id: "PEAK-1111".to_string(),
                name: "双十一".to_string(),
                from: date("2026-10-31"),
                to: date("2026-11-12"),
                id_pos: Pos::START,
            }],
        }
    }

    fn plain() -> CalendarTerms {
        CalendarTerms::default()
    }

    fn on_holidays(value: OnHolidays) -> CalendarTerms {
        CalendarTerms {
            during: None,
            on_holidays: Some(value),
        }
    }

    /// Every day of 2026 for a `mon-fri 09:00-18:00` line: open on the
    /// weekdays that are no holiday and on the two 调休 days, closed on
    /// the rest; the 中秋 hours open only its Friday (the 26th and 27th
    /// are a weekend).
    #[test]
    fn a_weekday_line_through_the_whole_year() {
        let calendar = calendar();
        let line = hours(&["mon-fri 09:00-18:00"]);
        let mut open_days = 0;
        for day in date("2026-01-01")
            .series(jiff::Span::new().days(1))
            .take(365)
        {
            let got = hours_on(&calendar, Some(&line), &plain(), day);
            let weekend = day_index(day.weekday()) >= 5;
            let expected = if ["2026-09-20", "2026-10-10"].contains(&day.to_string().as_str()) {
                DayHours::Windows(vec![window(at(9), at(18))])
            } else if day == date("2026-09-25") {
                DayHours::Windows(vec![window(at(10), at(18))])
            } else if calendar.holiday_on(day).is_some() || weekend {
                DayHours::CLOSED
            } else {
                DayHours::Windows(vec![window(at(9), at(18))])
            };
            assert_eq!(got, expected, "{day}");
            open_days += usize::from(got.is_open());
        }
        // 261 weekdays in 2026, less 国庆's five and 中秋's none (its
        // Friday keeps hours), plus two 调休 days.
        assert_eq!(open_days, 261 - 5 + 2);
    }

    #[test]
    fn a_workday_is_read_as_the_weekday_it_stands_for() {
        let calendar = calendar();
        let split = hours(&["mon 08:00-12:00", "fri 13:00-17:00", "sat-sun 10:00-16:00"]);
        assert_eq!(
            hours_on(&calendar, Some(&split), &plain(), date("2026-09-20")),
            DayHours::Windows(vec![window(at(8), at(12))])
        );
        assert_eq!(
            hours_on(&calendar, Some(&split), &plain(), date("2026-10-10")),
            DayHours::Windows(vec![window(at(13), at(17))])
        );
        // The Sunday after is an ordinary Sunday.
        assert_eq!(
            hours_on(&calendar, Some(&split), &plain(), date("2026-10-11")),
            DayHours::Windows(vec![window(at(10), at(16))])
        );
    }

    #[test]
    fn twenty_four_seven_stays_open_on_holidays_unless_told_otherwise() {
        let calendar = calendar();
        let always = Hours::Always;
        for day in ["2026-10-01", "2026-09-25", "2026-09-20", "2026-03-03"] {
            assert_eq!(
                hours_on(&calendar, Some(&always), &plain(), date(day)),
                DayHours::AllDay
            );
            assert_eq!(
                hours_on(&calendar, None, &plain(), date(day)),
                DayHours::AllDay
            );
        }
        assert_eq!(
            hours_on(
                &calendar,
                None,
                &on_holidays(OnHolidays::Closed),
                date("2026-10-02")
            ),
            DayHours::CLOSED
        );
        assert_eq!(
            hours_on(
                &calendar,
                None,
                &on_holidays(OnHolidays::Hours(TimeWindow {
                    start: at(9),
                    end: at(21)
                })),
                date("2026-10-02")
            ),
            DayHours::Windows(vec![window(at(9), at(21))])
        );
    }

    #[test]
    fn on_holidays_overrides_the_holiday_in_each_form() {
        let calendar = calendar();
        let daily = hours(&["daily 08:00-22:00"]);
        let holiday = date("2026-10-03"); // a Saturday in 国庆
        let ordinary = DayHours::Windows(vec![window(at(8), at(22))]);
        assert_eq!(
            hours_on(&calendar, Some(&daily), &plain(), holiday),
            DayHours::CLOSED
        );
        assert_eq!(
            hours_on(
                &calendar,
                Some(&daily),
                &on_holidays(OnHolidays::Normal),
                holiday
            ),
            ordinary
        );
        assert_eq!(
            hours_on(
                &calendar,
                Some(&daily),
                &on_holidays(OnHolidays::Closed),
                holiday
            ),
            DayHours::CLOSED
        );
        let own = OnHolidays::Hours(TimeWindow {
            start: at(10),
            end: at(16),
        });
        assert_eq!(
            hours_on(&calendar, Some(&daily), &on_holidays(own), holiday),
            DayHours::Windows(vec![window(at(10), at(16))])
        );
        // The holiday's own hours give way to `on_holidays`, too.
        assert_eq!(
            hours_on(
                &calendar,
                Some(&daily),
                &on_holidays(OnHolidays::Closed),
                date("2026-09-25")
            ),
            DayHours::CLOSED
        );
        assert_eq!(
            hours_on(&calendar, Some(&daily), &plain(), date("2026-09-25")),
            DayHours::Windows(vec![window(at(10), at(18))])
        );
        // Neither opens a day the line is closed anyway.
        let weekdays = hours(&["mon-fri 09:00-18:00"]);
        assert_eq!(
            hours_on(&calendar, Some(&weekdays), &on_holidays(own), holiday),
            DayHours::CLOSED
        );
        // On an ordinary day `on_holidays` changes nothing.
        assert_eq!(
            hours_on(
                &calendar,
                Some(&daily),
                &on_holidays(OnHolidays::Closed),
                date("2026-10-08")
            ),
            ordinary
        );
    }

    #[test]
    fn holiday_hours_are_read_in_the_documents_time_zone() {
        let calendar = calendar();
        let berlin = hours(&["daily 09:00-17:00 Europe/Berlin"]);
        assert_eq!(
            hours_on(&calendar, Some(&berlin), &plain(), date("2026-09-25")),
            DayHours::Windows(vec![Window {
                start: at(10),
                end: at(18),
                timezone: Some("Europe/Berlin".to_string()),
            }])
        );
    }

    #[test]
    fn a_peak_document_applies_only_within_its_peak() {
        let calendar = calendar();
        let terms = CalendarTerms {
            during: Some(Located {
                value: "PEAK-1111".to_string(),
                pos: Pos::START,
            }),
            on_holidays: None,
        };
        let line = hours(&["daily 08:00-24:00"]);
        assert_eq!(
            hours_on(&calendar, Some(&line), &terms, date("2026-10-30")),
            DayHours::NotInForce
        );
        for day in ["2026-10-31", "2026-11-11", "2026-11-12"] {
            assert_eq!(
                hours_on(&calendar, Some(&line), &terms, date(day)),
                DayHours::Windows(vec![window(at(8), at(24))]),
                "{day}"
            );
        }
        assert_eq!(
            hours_on(&calendar, Some(&line), &terms, date("2026-11-13")),
            DayHours::NotInForce
        );
        // A peak that does not exist never applies (the check reports it).
        let unknown = CalendarTerms {
            during: Some(Located {
                value: "PEAK-0618".to_string(),
                pos: Pos::START,
            }),
            on_holidays: None,
        };
        assert_eq!(
            hours_on(&calendar, None, &unknown, date("2026-06-18")),
            DayHours::NotInForce
        );
    }

    /// A night shift that starts on the evening before 国庆 runs to its
    /// end at 06:00 on the first holiday; none starts during the holiday,
    /// so the morning after its last day is closed until 22:00.
    #[test]
    fn an_overnight_shift_across_a_holiday_boundary() {
        let calendar = calendar();
        let night = hours(&["daily 22:00-06:00"]);
        assert_eq!(
            hours_on(&calendar, Some(&night), &plain(), date("2026-09-30")),
            DayHours::Windows(vec![window(at(22), at(30))])
        );
        assert_eq!(
            open_minutes(&calendar, Some(&night), &plain(), date("2026-10-01")),
            vec![(0, at(6))]
        );
        assert_eq!(
            open_minutes(&calendar, Some(&night), &plain(), date("2026-10-04")),
            vec![]
        );
        assert_eq!(
            open_minutes(&calendar, Some(&night), &plain(), date("2026-10-08")),
            vec![(at(22), at(24))]
        );
        assert_eq!(
            open_minutes(&calendar, Some(&night), &plain(), date("2026-10-09")),
            vec![(0, at(6)), (at(22), at(24))]
        );
        // With its own holiday hours across midnight, the shift of the
        // last holiday evening runs into the ordinary morning.
        let own = on_holidays(OnHolidays::Hours(TimeWindow {
            start: at(23),
            end: at(2),
        }));
        assert_eq!(
            open_minutes(&calendar, Some(&night), &own, date("2026-10-08")),
            vec![(0, at(2)), (at(22), at(24))]
        );
    }
}
