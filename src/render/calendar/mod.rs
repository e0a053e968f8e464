//! The calendar's views (spec section 7): `calendar.html` (twelve month
//! grids per year with entries, a legend, and the table of entries with
//! the hours of each requirement and SLA of the edition on those days and
//! what is in force during each peak), `calendar.ics` (`ics`), the
//! `calendar` object of `playbook.json`, and on each requirement and SLA
//! page the entries that change its hours and, with `during`, the notice
//! that it applies only within its peak. Every hour shown comes from
//! `calendar::hours::hours_on`; every document listed is one the edition
//! contains (the views go through `EditionView::order`).

pub mod ics;
pub mod words;

use jiff::civil::Date;
use serde::Serialize;

use super::fact::{Fact, Table};
use super::{Crumb, DocLink, EditionRenderer};
use crate::calendar::hours::{DayHours, hours_on};
use crate::calendar::{Calendar, CalendarTerms, Entry, EntryKind, day_index};
use crate::content::document::{Document, KindFields, Status};
use crate::content::values::Hours;
use crate::diag::Diagnostic;
use crate::markdown::escape_html as escape;
use words::{CalendarUi, CalendarWords};

pub const PAGE: &str = "calendar.html";
pub const ICS: &str = "calendar.ics";

/// A requirement's or SLA's hours and calendar terms (`None` for other
/// kinds).
pub fn terms_of(document: &Document) -> Option<(Option<&Hours>, &CalendarTerms)> {
    match &document.fields {
        KindFields::Requirement(requirement) => {
            Some((Some(&requirement.hours), &requirement.calendar))
        }
        KindFields::Sla(sla) => Some((sla.hours.as_ref(), &sla.calendar)),
        _ => None,
    }
}

impl EditionRenderer<'_, '_> {
    fn calendar(&self) -> &Calendar {
        &self.view.analysis.corpus.config.calendar
    }

    fn calendar_words(&self) -> CalendarWords {
        CalendarWords {
            language: self.words.language,
        }
    }
}

/// The menu entry's title, when the project has a calendar.
pub fn menu_title(renderer: &EditionRenderer<'_, '_>) -> Option<&'static str> {
    (!renderer.calendar().is_empty()).then(|| renderer.calendar_words().title())
}

/// The calendar's files of the edition (`calendar.html`,
/// `calendar.ics`; none without a calendar): a view made from all the
/// edition's documents, as `build` and `watch` make them.
pub fn files(
    renderer: &EditionRenderer<'_, '_>,
    emit: &mut super::sink::Emit<'_>,
) -> Result<(), Diagnostic> {
    if renderer.calendar().is_empty() {
        return Ok(());
    }
    let config = &renderer.view.analysis.corpus.config;
    emit(PAGE.to_string(), page(renderer)?.into_bytes());
    emit(
        ICS.to_string(),
        ics::export(&config.calendar, &config.title).into_bytes(),
    );
    Ok(())
}

#[derive(Serialize)]
struct CalendarPage {
    cal: CalendarUi,
    legend: Vec<LegendItem>,
    years: Vec<YearView>,
    entries: Vec<EntryRow>,
}

#[derive(Serialize)]
struct LegendItem {
    kind: &'static str,
    mark: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct YearView {
    year: i16,
    months: Vec<MonthView>,
}

#[derive(Serialize)]
struct MonthView {
    title: String,
    /// Weeks from Monday; `None` pads the first and last week.
    weeks: Vec<Vec<Option<DayCell>>>,
}

#[derive(Serialize)]
struct DayCell {
    day: i8,
    /// The first entry's kind (the cell's colour); empty on plain days.
    kind: &'static str,
    marks: Vec<&'static str>,
    /// The entries' names, for the cell's title.
    names: String,
}

#[derive(Serialize)]
struct EntryRow {
    kind: &'static str,
    kind_label: &'static str,
    mark: &'static str,
    dates: String,
    name: String,
    /// Holidays and workdays: each document's hours on those days.
    /// Peaks: the documents in force, with their hours.
    documents: Vec<DocumentHours>,
}

#[derive(Serialize)]
struct DocumentHours {
    link: DocLink,
    hours: String,
}

fn page(renderer: &EditionRenderer<'_, '_>) -> Result<String, Diagnostic> {
    let calendar = renderer.calendar();
    let words = renderer.calendar_words();
    let entries = calendar.entries();
    let legend = [EntryKind::Holiday, EntryKind::Workday, EntryKind::Peak]
        .into_iter()
        .map(|kind| LegendItem {
            kind: kind.name(),
            mark: words.mark(kind),
            label: words.kind(kind),
        })
        .collect();
    let years = calendar
        .years()
        .into_iter()
        .map(|year| YearView {
            year,
            months: (1..=12)
                .map(|month| month_view(&words, &entries, year, month))
                .collect(),
        })
        .collect();
    let documents = calendar_documents(renderer);
    let rows = entries
        .iter()
        .map(|entry| entry_row(renderer, &words, entry, &documents))
        .collect();
    let title = words.title().to_string();
    renderer.page(
        PAGE,
        0,
        title,
        vec![Crumb {
            title: renderer.ui.home.to_string(),
            url: "index.html".to_string(),
        }],
        Some(PAGE),
        CalendarPage {
            cal: words.ui(),
            legend,
            years,
            entries: rows,
        },
    )
}

fn month_view(words: &CalendarWords, entries: &[Entry<'_>], year: i16, month: i8) -> MonthView {
    let mut weeks: Vec<Vec<Option<DayCell>>> = Vec::new();
    let Ok(first) = Date::new(year, month, 1) else {
        return MonthView {
            title: words.month(year, month),
            weeks,
        };
    };
    let mut week: Vec<Option<DayCell>> = (0..day_index(first.weekday())).map(|_| None).collect();
    for day in 1..=first.days_in_month() {
        let Ok(date) = Date::new(year, month, day) else {
            continue;
        };
        let on_day: Vec<&Entry<'_>> = entries
            .iter()
            .filter(|entry| entry.from <= date && date <= entry.to)
            .collect();
        week.push(Some(DayCell {
            day,
            kind: on_day.first().map(|entry| entry.kind.name()).unwrap_or(""),
            marks: on_day.iter().map(|entry| words.mark(entry.kind)).collect(),
            names: on_day
                .iter()
                .map(|entry| entry.name)
                .collect::<Vec<_>>()
                .join(" · "),
        }));
        if week.len() == 7 {
            weeks.push(std::mem::take(&mut week));
        }
    }
    if !week.is_empty() {
        while week.len() < 7 {
            week.push(None);
        }
        weeks.push(week);
    }
    MonthView {
        title: words.month(year, month),
        weeks,
    }
}

/// The requirements and SLAs of the edition that are not retired, in
/// menu order.
fn calendar_documents(renderer: &EditionRenderer<'_, '_>) -> Vec<usize> {
    let documents = renderer.documents();
    renderer
        .view
        .order
        .iter()
        .copied()
        .filter(|&index| {
            let document = &documents[index];
            document.status != Status::Retired && terms_of(document).is_some()
        })
        .collect()
}

fn entry_row(
    renderer: &EditionRenderer<'_, '_>,
    words: &CalendarWords,
    entry: &Entry<'_>,
    candidates: &[usize],
) -> EntryRow {
    let prefix = "";
    let documents = renderer.documents();
    let calendar = renderer.calendar();
    let mut listed = Vec::new();
    for &index in candidates {
        let Some((hours, terms)) = terms_of(&documents[index]) else {
            continue;
        };
        let text = match entry.kind {
            EntryKind::Peak => {
                let in_peak = terms
                    .during
                    .as_ref()
                    .is_some_and(|during| entry.peak.is_some_and(|peak| peak.id == during.value));
                if !in_peak {
                    continue;
                }
                ordinary_words(renderer, hours)
            }
            EntryKind::Holiday | EntryKind::Workday => {
                match runs_text(words, calendar, hours, terms, entry.from, entry.to) {
                    Some(text) => text,
                    None => continue,
                }
            }
        };
        listed.push(DocumentHours {
            link: renderer.link(index, prefix),
            hours: text,
        });
    }
    EntryRow {
        kind: entry.kind.name(),
        kind_label: words.kind(entry.kind),
        mark: words.mark(entry.kind),
        dates: words.range_with_year(entry.from, entry.to),
        name: entry.name.to_string(),
        documents: listed,
    }
}

/// A document's ordinary hours in words ("每天 08:00–24:00 …").
fn ordinary_words(renderer: &EditionRenderer<'_, '_>, hours: Option<&Hours>) -> String {
    let zone = &renderer.view.analysis.corpus.config.timezone_name;
    renderer.words.hours(hours.unwrap_or(&Hours::Always), zone)
}

/// The hours of a document on `from..=to`, as runs of days with the same
/// hours ("10月1日至10月2日：10:00–18:00；10月3日：不提供服务"), one
/// value alone when all days agree; `None` when the document is in force
/// on none of the days.
fn runs_text(
    words: &CalendarWords,
    calendar: &Calendar,
    hours: Option<&Hours>,
    terms: &CalendarTerms,
    from: Date,
    to: Date,
) -> Option<String> {
    let runs = runs(calendar, hours, terms, from, to);
    match runs.as_slice() {
        [] => None,
        [(first, last, only)] if *first == from && *last == to => Some(words.day_hours(only)),
        _ => Some(
            runs.iter()
                .map(|(first, last, hours)| words.run(*first, *last, &words.day_hours(hours)))
                .collect::<Vec<_>>()
                .join(words.separator()),
        ),
    }
}

/// Consecutive days of `from..=to` with the same hours, leaving out the
/// days the document is not in force.
fn runs(
    calendar: &Calendar,
    hours: Option<&Hours>,
    terms: &CalendarTerms,
    from: Date,
    to: Date,
) -> Vec<(Date, Date, DayHours)> {
    let mut runs: Vec<(Date, Date, DayHours)> = Vec::new();
    let days = from
        .series(jiff::Span::new().days(1))
        .take_while(|day| *day <= to);
    for day in days {
        let on_day = hours_on(calendar, hours, terms, day);
        if on_day == DayHours::NotInForce {
            continue;
        }
        match runs.last_mut() {
            Some((_, last, same)) if *same == on_day && last.tomorrow().ok() == Some(day) => {
                *last = day;
            }
            _ => runs.push((day, day, on_day)),
        }
    }
    runs
}

/// On a requirement's or SLA's page: with `during`, the notice that it
/// applies only within the peak; and the table of the calendar entries
/// that change its hours (a holiday or workday on which its hours differ
/// from those of an ordinary day of that weekday, and its peak).
pub fn document_facts(
    document: &Document,
    renderer: &EditionRenderer<'_, '_>,
    facts: &mut Vec<Fact>,
    tables: &mut Vec<Table>,
) {
    let calendar = renderer.calendar();
    let Some((hours, terms)) = terms_of(document) else {
        return;
    };
    if calendar.is_empty() {
        return;
    }
    let words = renderer.calendar_words();
    if let Some(notice) = during_notice(calendar, &words, terms) {
        facts.push(Fact {
            label: words.during_label(),
            value: escape(&notice),
        });
    }
    // An ordinary day: the same peaks, no holidays or workdays.
    let ordinary = Calendar {
        peaks: calendar.peaks.clone(),
        ..Calendar::default()
    };
    let mut rows = Vec::new();
    for entry in calendar.entries() {
        let changes = match entry.kind {
            EntryKind::Peak => terms
                .during
                .as_ref()
                .is_some_and(|during| entry.peak.is_some_and(|peak| peak.id == during.value)),
            EntryKind::Holiday | EntryKind::Workday => entry.days().any(|day| {
                hours_on(calendar, hours, terms, day) != hours_on(&ordinary, hours, terms, day)
            }),
        };
        if !changes {
            continue;
        }
        let text = match entry.kind {
            EntryKind::Peak => ordinary_words(renderer, hours),
            _ => {
                runs_text(&words, calendar, hours, terms, entry.from, entry.to).unwrap_or_default()
            }
        };
        rows.push(vec![
            escape(&words.range_with_year(entry.from, entry.to)),
            format!(
                "<span class=\"cal-mark cal-{}\">{}</span> {}",
                entry.kind.name(),
                escape(words.mark(entry.kind)),
                escape(entry.name)
            ),
            escape(&text),
        ]);
    }
    if !rows.is_empty() {
        let ui = words.ui();
        tables.push(Table {
            title: words.document_table(),
            headers: vec![ui.dates, ui.name, words.hours_label()],
            rows,
        });
    }
}

fn during_notice(
    calendar: &Calendar,
    words: &CalendarWords,
    terms: &CalendarTerms,
) -> Option<String> {
    let during = terms.during.as_ref()?;
    let peak = calendar.peak(&during.value)?;
    Some(words.during_notice(&peak.name, peak.from, peak.to))
}

/// A summary line with the `during` notice after it, for lists.
pub fn with_during_notice(
    document: &Document,
    renderer: &EditionRenderer<'_, '_>,
    summary: Option<String>,
) -> Option<String> {
    let notice = terms_of(document).and_then(|(_, terms)| {
        during_notice(renderer.calendar(), &renderer.calendar_words(), terms)
    });
    match (summary, notice) {
        (Some(summary), Some(notice)) => Some(format!("{summary} · {notice}")),
        (summary, notice) => summary.or(notice),
    }
}

/// `playbook.json` with the `calendar` object after `documents` (when the
/// project has a calendar); `file` is the file without it.
pub fn with_json(file: String, calendar: &Calendar) -> String {
    if calendar.is_empty() {
        return file;
    }
    let Some(body) = file.strip_suffix("\n}\n") else {
        return file;
    };
    let text = serde_json::to_string_pretty(&json_value(calendar)).unwrap_or_default();
    let indented = text.replace('\n', "\n  ");
    format!("{body},\n  \"calendar\": {indented}\n}}\n")
}

/// The calendar as data: its entries as written (defaults filled in).
pub fn json_value(calendar: &Calendar) -> serde_json::Value {
    use serde_json::json;
    let window = |window: crate::calendar::TimeWindow| {
        format!(
            "{}-{}",
            crate::calendar::clock(window.start),
            crate::calendar::clock(window.end)
        )
    };
    json!({
        "holidays": calendar.holidays.iter().map(|holiday| json!({
            "name": holiday.name,
            "from": holiday.from.to_string(),
            "to": holiday.to.to_string(),
            "hours": holiday.hours.map(window),
        })).collect::<Vec<_>>(),
        "workdays": calendar.workdays.iter().map(|workday| json!({
            "name": workday.name,
            "date": workday.date.to_string(),
            "as": crate::content::values::DAY_NAMES[workday.as_day],
        })).collect::<Vec<_>>(),
        "peaks": calendar.peaks.iter().map(|peak| json!({
            "id": peak.id,
            "name": peak.name,
            "from": peak.from.to_string(),
            "to": peak.to.to_string(),
        })).collect::<Vec<_>>(),
    })
}
