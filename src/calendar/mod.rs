//! The service calendar (spec section 7): public holidays, the weekend days
//! worked in their place (调休) and sales peaks, as declared under
//! `calendar:` in `playbook.yaml`; the `during` and `on_holidays` terms of
//! requirements and SLAs; and THE answer to "which hours apply to this
//! requirement or SLA on this date" (`hours::hours_on`), which every view
//! and check asks. `read` turns the YAML into these types (with
//! `calendar-conflict` for contradictions), `week` compares hours over an
//! ordinary week (`sla-hours-short`).

pub mod hours;
pub mod read;
pub mod week;

use jiff::civil::{Date, Weekday};

use crate::diag::{Located, Pos};

/// `calendar:` of `playbook.yaml`; empty when absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    pub holidays: Vec<Holiday>,
    pub workdays: Vec<Workday>,
    pub peaks: Vec<Peak>,
}

/// A time of day as minutes from midnight, `0..=1440` (1440 is `24:00`,
/// only as an end).
pub type Minute = u32;

pub const DAY_MINUTES: Minute = 1440;

/// The files an edition has at its root when the project has a calendar
/// (so `/calendar.html` links resolve).
pub const GENERATED_FILES: &[&str] = &["/calendar.html", "/calendar.ics"];

/// `HH:MM-HH:MM` as in holiday `hours` and `on_holidays`; an end before
/// the start crosses midnight (the hours after it belong to the day the
/// window starts on, as in `hours`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeWindow {
    pub start: Minute,
    pub end: Minute,
}

impl TimeWindow {
    /// The window as minutes from the start of its day (the end past
    /// 1440 when it crosses midnight).
    pub fn span(self) -> (Minute, Minute) {
        if self.end <= self.start {
            (self.start, self.end + DAY_MINUTES)
        } else {
            (self.start, self.end)
        }
    }
}

/// A public holiday (or several days of one): other hours on those days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holiday {
    pub name: String,
    pub from: Date,
    /// `from` when not written.
    pub to: Date,
    /// `None`: closed (except 24/7 lines and `on_holidays`).
    pub hours: Option<TimeWindow>,
    /// Where `from` is written (conflicts point there).
    pub from_pos: Pos,
}

/// A Saturday or Sunday worked as the weekday `as` (调休).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workday {
    pub name: String,
    pub date: Date,
    /// Monday = 0 … Friday = 4 (`mon` when not written).
    pub as_day: usize,
    pub date_pos: Pos,
}

/// A sales peak that requirements and SLAs name with `during`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peak {
    pub id: String,
    pub name: String,
    pub from: Date,
    pub to: Date,
    pub id_pos: Pos,
}

/// `on_holidays` of a requirement or SLA.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OnHolidays {
    Closed,
    /// Its ordinary hours apply.
    Normal,
    Hours(TimeWindow),
}

/// The calendar terms a requirement or SLA may carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CalendarTerms {
    /// The peak ID, where written.
    pub during: Option<Located<String>>,
    pub on_holidays: Option<OnHolidays>,
}

/// What a calendar entry is (its `kind` in the UID and the views).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    Holiday,
    Workday,
    Peak,
}

impl EntryKind {
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Holiday => "holiday",
            EntryKind::Workday => "workday",
            EntryKind::Peak => "peak",
        }
    }
}

/// One entry of any kind, for the views: dates, name, kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'c> {
    pub kind: EntryKind,
    pub name: &'c str,
    pub from: Date,
    pub to: Date,
    /// The peak, for `EntryKind::Peak`.
    pub peak: Option<&'c Peak>,
    pub holiday: Option<&'c Holiday>,
    pub workday: Option<&'c Workday>,
}

impl Entry<'_> {
    /// Every day of the entry, first to last.
    pub fn days(&self) -> impl Iterator<Item = Date> + '_ {
        let to = self.to;
        self.from
            .series(jiff::Span::new().days(1))
            .take_while(move |day| *day <= to)
    }
}

impl Calendar {
    pub fn is_empty(&self) -> bool {
        self.holidays.is_empty() && self.workdays.is_empty() && self.peaks.is_empty()
    }

    pub fn peak(&self, id: &str) -> Option<&Peak> {
        self.peaks.iter().find(|peak| peak.id == id)
    }

    pub fn holiday_on(&self, date: Date) -> Option<&Holiday> {
        self.holidays
            .iter()
            .find(|holiday| holiday.from <= date && date <= holiday.to)
    }

    pub fn workday_on(&self, date: Date) -> Option<&Workday> {
        self.workdays.iter().find(|workday| workday.date == date)
    }

    /// Every entry, by first day, then kind, then name (the order of
    /// `calendar.html`, `calendar.ics` and `playbook.json`'s lists).
    pub fn entries(&self) -> Vec<Entry<'_>> {
        let mut entries: Vec<Entry<'_>> = Vec::new();
        for holiday in &self.holidays {
            entries.push(Entry {
                kind: EntryKind::Holiday,
                name: &holiday.name,
                from: holiday.from,
                to: holiday.to,
                peak: None,
                holiday: Some(holiday),
                workday: None,
            });
        }
        for workday in &self.workdays {
            entries.push(Entry {
                kind: EntryKind::Workday,
                name: &workday.name,
                from: workday.date,
                to: workday.date,
                peak: None,
                holiday: None,
                workday: Some(workday),
            });
        }
        for peak in &self.peaks {
            entries.push(Entry {
                kind: EntryKind::Peak,
                name: &peak.name,
                from: peak.from,
                to: peak.to,
                peak: Some(peak),
                holiday: None,
                workday: None,
            });
        }
        entries.sort_by(|a, b| (a.from, a.kind, a.name).cmp(&(b.from, b.kind, b.name)));
        entries
    }

    /// The years that have an entry (a day of one), ascending.
    pub fn years(&self) -> Vec<i16> {
        let mut years: Vec<i16> = Vec::new();
        for entry in self.entries() {
            for year in entry.from.year()..=entry.to.year() {
                if !years.contains(&year) {
                    years.push(year);
                }
            }
        }
        years.sort_unstable();
        years
    }
}

/// Monday = 0 … Sunday = 6, the index of `values::DAY_NAMES`.
pub fn day_index(weekday: Weekday) -> usize {
    weekday.to_monday_zero_offset() as usize
}

/// `HH:MM`, with 1440 as `24:00`.
pub fn clock(minute: Minute) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}
