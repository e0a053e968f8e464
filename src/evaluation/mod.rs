//! Evaluation (spec section 6): whether each measured period of an SLA or
//! KPI met its target, the month each period belongs to, the current
//! status, which periods a document is expected to have, and (in
//! `review`) the monthly service review with its credits.
//!
//! Two questions have one answer each here, so that later work plugs in
//! at one place: `terms_in_force` (which terms judge a period: the
//! current content until releases exist) and `daily_period_expected`
//! (whether a day is a period a document owes: its ordinary weekly hours
//! until the service calendar exists).

pub mod decimal;
pub mod review;
mod terms;

pub use terms::apply_release_terms;

use std::fmt;

use jiff::civil::{Date, ISOWeekDate, Weekday};

use crate::calendar::Calendar;
use crate::content::document::{Actual, Document, KindFields, KpiValue, Metric, SlaTarget};
use crate::content::values::{Frequency, Period};
use decimal::Decimal;

/// A calendar month, the unit of the service review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i16,
    pub month: i8,
}

impl fmt::Display for Month {
    /// `2026-06`, as in the review's file names.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Month {
    pub fn first_day(self) -> Option<Date> {
        Date::new(self.year, self.month, 1).ok()
    }

    pub fn last_day(self) -> Option<Date> {
        self.first_day().map(|day| day.last_of_month())
    }

    /// Whether this month ends a quarter (the month of a quarterly period).
    pub fn ends_quarter(self) -> bool {
        self.month % 3 == 0
    }
}

/// The one month a period belongs to, everywhere (review pages and
/// credits): a day to its month, an ISO week to the month of its Thursday,
/// a quarter to its last month.
pub fn month_of(period: Period) -> Month {
    match period {
        Period::Day(date) => Month {
            year: date.year(),
            month: date.month(),
        },
        Period::Week(year, week) => match ISOWeekDate::new(year, week, Weekday::Thursday) {
            Ok(thursday) => {
                let date = thursday.date();
                Month {
                    year: date.year(),
                    month: date.month(),
                }
            }
            // A parsed week always exists; January of its year otherwise.
            Err(_) => Month { year, month: 1 },
        },
        Period::Month(year, month) => Month { year, month },
        Period::Quarter(year, quarter) => Month {
            year,
            month: quarter * 3,
        },
    }
}

/// The first day of a period.
pub fn first_day(period: Period) -> Option<Date> {
    match period {
        Period::Day(date) => Some(date),
        Period::Week(year, week) => ISOWeekDate::new(year, week, Weekday::Monday)
            .ok()
            .map(|day| day.date()),
        Period::Month(year, month) => Month { year, month }.first_day(),
        Period::Quarter(year, quarter) => Month {
            year,
            month: quarter * 3 - 2,
        }
        .first_day(),
    }
}

/// The last day of a period (the terms in force at it judge the period).
pub fn last_day(period: Period) -> Option<Date> {
    match period {
        Period::Day(date) => Some(date),
        Period::Week(year, week) => ISOWeekDate::new(year, week, Weekday::Sunday)
            .ok()
            .map(|day| day.date()),
        Period::Month(year, month) => Month { year, month }.last_day(),
        Period::Quarter(year, quarter) => Month {
            year,
            month: quarter * 3,
        }
        .last_day(),
    }
}

/// The period after `period` in its cadence.
pub fn next_period(period: Period) -> Option<Period> {
    Some(match period {
        Period::Day(date) => Period::Day(date.tomorrow().ok()?),
        Period::Week(year, week) => {
            let monday = ISOWeekDate::new(year, week, Weekday::Monday).ok()?.date();
            let next = monday
                .checked_add(jiff::Span::new().days(7))
                .ok()?
                .iso_week_date();
            Period::Week(next.year(), next.week())
        }
        Period::Month(year, 12) => Period::Month(year.checked_add(1)?, 1),
        Period::Month(year, month) => Period::Month(year, month + 1),
        Period::Quarter(year, 4) => Period::Quarter(year.checked_add(1)?, 1),
        Period::Quarter(year, quarter) => Period::Quarter(year, quarter + 1),
    })
}

/// The terms that judge `actual`, one of `document`'s actuals: those of
/// the release in force at its period's end where they differ from the
/// current content (`apply_release_terms` put them on the actual), else
/// the current ones. (Taking the actual, not its period: searching the
/// document's actuals for it was 1 % of a build with a year of results.)
pub fn terms_in_force<'d>(document: &'d Document, actual: &'d Actual) -> &'d KindFields {
    actual.terms.as_deref().unwrap_or(&document.fields)
}

/// Which way is better for a document's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// The direction an SLA's or KPI's values improve in (`None` for other
/// kinds).
pub fn better(fields: &KindFields) -> Option<Better> {
    match fields {
        KindFields::Sla(sla) => Some(match (sla.target, sla.attainment, sla.metric) {
            (SlaTarget::Duration(_), None, _) => Better::Lower,
            (_, _, Metric::Abandonment) => Better::Lower,
            _ => Better::Higher,
        }),
        KindFields::Kpi(kpi) => Some(if kpi.higher_is_better {
            Better::Higher
        } else {
            Better::Lower
        }),
        _ => None,
    }
}

/// Whether `value` meets the terms (section 6's table; equal is met).
pub fn is_met(fields: &KindFields, value: &KpiValue) -> Option<bool> {
    let threshold = match fields {
        KindFields::Sla(sla) => match (sla.target, sla.attainment) {
            (SlaTarget::Duration(_), Some(attainment)) => attainment.0,
            (SlaTarget::Duration(duration), None) => duration.seconds as f64,
            (SlaTarget::Percent(percent), _) => percent.0,
        },
        KindFields::Kpi(kpi) => kpi.target.number,
        _ => return None,
    };
    Some(match better(fields)? {
        Better::Higher => value.number >= threshold,
        Better::Lower => value.number <= threshold,
    })
}

/// A document's actuals, sorted by period (both sources, merged by
/// `data::merge`); empty for other kinds.
pub fn actuals(document: &Document) -> &[Actual] {
    match &document.fields {
        KindFields::Sla(sla) => &sla.actuals,
        KindFields::Kpi(kpi) => &kpi.actuals,
        _ => &[],
    }
}

/// The cadence of a document's periods.
pub fn cadence(document: &Document) -> Option<Frequency> {
    match &document.fields {
        KindFields::Sla(sla) => Some(sla.cadence()),
        KindFields::Kpi(kpi) => Some(kpi.frequency),
        _ => None,
    }
}

/// One period judged.
#[derive(Clone, Debug)]
pub struct Judged<'d> {
    pub actual: &'d Actual,
    pub met: bool,
    pub month: Month,
    /// The credit of the SLA in force for the period (when missed, it is
    /// owed).
    pub credit: Option<Decimal>,
    /// Against the document's previous period (`None` for the first).
    pub change: Option<Change>,
}

/// How a value compares with the document's previous period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Better,
    Worse,
    Same,
}

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::Better => "better",
            Change::Worse => "worse",
            Change::Same => "same",
        }
    }

    pub fn arrow(self) -> &'static str {
        match self {
            Change::Better => "↑",
            Change::Worse => "↓",
            Change::Same => "→",
        }
    }
}

/// Every period of a document, judged, in period order.
pub fn judge(document: &Document) -> Vec<Judged<'_>> {
    let mut judged = Vec::new();
    let mut previous: Option<&Actual> = None;
    for actual in actuals(document) {
        let terms = terms_in_force(document, actual);
        let Some(met) = is_met(terms, &actual.value) else {
            continue;
        };
        let credit = match terms {
            KindFields::Sla(sla) => sla.credit_text.as_deref().and_then(Decimal::parse),
            _ => None,
        };
        let change = previous.and_then(|before| {
            let (now, then) = (actual.value.number, before.value.number);
            Some(if now == then {
                Change::Same
            } else if (now > then) == (better(terms)? == Better::Higher) {
                Change::Better
            } else {
                Change::Worse
            })
        });
        judged.push(Judged {
            actual,
            met,
            month: month_of(actual.period),
            credit,
            change,
        });
        previous = Some(actual);
    }
    judged
}

/// The current status: whether the latest (greatest) period was met;
/// `None` without actuals.
pub fn status(document: &Document) -> Option<bool> {
    let latest = actuals(document)
        .iter()
        .max_by_key(|actual| actual.period)?;
    is_met(terms_in_force(document, latest), &latest.value)
}

/// Whether a daily period is expected of `document` on `date`: on days its
/// service hours are open after the service calendar (holidays, worked
/// weekend days) and, with `during`, within its peak (section 6). The
/// calendar's one hours-on-a-date function answers.
pub fn daily_period_expected(document: &Document, calendar: &Calendar, date: Date) -> bool {
    match &document.fields {
        KindFields::Sla(sla) => {
            crate::calendar::hours::is_open_on(calendar, sla.hours.as_ref(), &sla.calendar, date)
        }
        _ => true,
    }
}

/// Every day of `month`.
fn days_of(month: Month) -> impl Iterator<Item = Date> {
    let last = month.last_day();
    std::iter::successors(month.first_day(), move |day| {
        day.tomorrow().ok().filter(|next| Some(*next) <= last)
    })
}

/// The periods a document lacks between its first and latest actual:
/// every weekly, monthly and quarterly period in that span, daily periods
/// on the days `daily_period_expected` says.
pub fn missing_periods(document: &Document, calendar: &Calendar) -> Vec<Period> {
    let actuals = actuals(document);
    let (Some(first), Some(last)) = (actuals.first(), actuals.last()) else {
        return Vec::new();
    };
    let mut missing = Vec::new();
    let mut have = actuals.iter().map(|actual| actual.period).peekable();
    let mut period = first.period;
    while period < last.period {
        while have.peek().is_some_and(|&had| had < period) {
            have.next();
        }
        let expected = match period {
            Period::Day(date) => daily_period_expected(document, calendar, date),
            _ => true,
        };
        if expected && have.peek() != Some(&period) {
            missing.push(period);
        }
        match next_period(period) {
            Some(next) => period = next,
            None => break,
        }
    }
    missing
}

/// Whether a document's cadence expects a period in `month`: every month
/// for daily, weekly and monthly documents (a daily one on a month with an
/// expected day), a quarter's last month for quarterly ones.
pub fn expects_period_in(document: &Document, calendar: &Calendar, month: Month) -> bool {
    // A peak SLA (`during`) expects figures only in months of its peak.
    if let KindFields::Sla(sla) = &document.fields
        && sla.calendar.during.is_some()
        && !days_of(month)
            .any(|day| crate::calendar::hours::in_force_on(calendar, &sla.calendar, day))
    {
        return false;
    }
    match cadence(document) {
        Some(Frequency::Quarterly) => month.ends_quarter(),
        Some(Frequency::Daily) => {
            let (Some(first), Some(last)) = (month.first_day(), month.last_day()) else {
                return false;
            };
            let mut day = first;
            loop {
                if daily_period_expected(document, calendar, day) {
                    return true;
                }
                match day.tomorrow() {
                    Ok(next) if next <= last => day = next,
                    _ => return false,
                }
            }
        }
        Some(_) => true,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_daily_period_belongs_to_its_month() {
        assert_eq!(
            month_of(Period::Day(date(2026, 6, 30))).to_string(),
            "2026-06"
        );
        assert_eq!(
            month_of(Period::Day(date(2026, 7, 1))).to_string(),
            "2026-07"
        );
    }

    #[test]
    fn a_week_belongs_to_the_month_of_its_thursday() {
        // 2026-W27 runs Mon 29 June to Sun 5 July; its Thursday is 2 July.
        assert_eq!(month_of(Period::Week(2026, 27)).to_string(), "2026-07");
        // 2026-W22 runs Mon 25 May to Sun 31 May.
        assert_eq!(month_of(Period::Week(2026, 22)).to_string(), "2026-05");
        // 2026-W01 starts Mon 29 December 2025; Thursday 1 January 2026.
        assert_eq!(month_of(Period::Week(2026, 1)).to_string(), "2026-01");
        // 2026-W53 runs Mon 28 December 2026 to Sun 3 January 2027;
        // Thursday 31 December.
        assert_eq!(month_of(Period::Week(2026, 53)).to_string(), "2026-12");
    }

    #[test]
    fn a_month_is_itself_and_a_quarter_its_last_month() {
        assert_eq!(month_of(Period::Month(2026, 2)).to_string(), "2026-02");
        assert_eq!(month_of(Period::Quarter(2026, 1)).to_string(), "2026-03");
        assert_eq!(month_of(Period::Quarter(2026, 4)).to_string(), "2026-12");
    }

    #[test]
    fn periods_follow_each_other() {
        assert_eq!(
            next_period(Period::Day(date(2026, 2, 28))),
            Some(Period::Day(date(2026, 3, 1)))
        );
        assert_eq!(
            next_period(Period::Week(2026, 53)),
            Some(Period::Week(2027, 1))
        );
        assert_eq!(
            next_period(Period::Month(2026, 12)),
            Some(Period::Month(2027, 1))
        );
        assert_eq!(
            next_period(Period::Quarter(2026, 4)),
            Some(Period::Quarter(2027, 1))
        );
        assert_eq!(last_day(Period::Quarter(2026, 1)), Some(date(2026, 3, 31)));
        assert_eq!(last_day(Period::Week(2026, 27)), Some(date(2026, 7, 5)));
    }
}
