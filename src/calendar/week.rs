//! Hours over an ordinary week (no holidays, no 调休): the minutes of a
//! week a requirement asks for and the minutes its SLAs cover, and what is
//! left out (`sla-hours-short`). Minutes count from Monday 00:00 in the
//! requirement's time zone; the week wraps, so a Sunday night shift runs
//! into Monday morning.
//!
//! Rules in other time zones are moved by the difference of the two zones'
//! UTC offsets in the first full week of 2026 (a fixed week keeps the
//! warning the same whatever day it runs; zones that change their clocks
//! at different dates differ by an hour for a few weeks of the year).

use jiff::tz::TimeZone;

use super::{DAY_MINUTES, Minute};
use crate::calendar::hours::minute_of;
use crate::content::values::{DAY_NAMES, Hours};

pub const WEEK_MINUTES: Minute = 7 * DAY_MINUTES;

/// Merged, sorted spans within `0..WEEK_MINUTES`.
pub type WeekSpans = Vec<(Minute, Minute)>;

/// The minutes of an ordinary week `hours` (`None`: always) are open,
/// read in `target` (rules without a zone are in `project`).
pub fn week_minutes(hours: Option<&Hours>, target: &TimeZone, project: &TimeZone) -> WeekSpans {
    let rules = match hours {
        None | Some(Hours::Always) => return vec![(0, WEEK_MINUTES)],
        Some(Hours::Rules(rules)) => rules,
    };
    let mut spans = Vec::new();
    for rule in rules {
        let zone = rule
            .timezone
            .as_deref()
            .and_then(|name| TimeZone::get(name).ok())
            .unwrap_or_else(|| project.clone());
        let shift = offset_minutes(target) - offset_minutes(&zone);
        let start = minute_of(rule.start) as i64;
        let mut end = rule.end.map(minute_of).unwrap_or(DAY_MINUTES) as i64;
        if end <= start {
            end += DAY_MINUTES as i64;
        }
        for (day, open) in rule.days.iter().enumerate() {
            if *open {
                let base = day as i64 * DAY_MINUTES as i64 + shift;
                push_wrapped(&mut spans, base + start, base + end);
            }
        }
    }
    super::hours::merge(spans)
}

/// Adds `start..end` (any integers, at most a week long) folded into the
/// week.
fn push_wrapped(spans: &mut Vec<(Minute, Minute)>, start: i64, end: i64) {
    let week = WEEK_MINUTES as i64;
    let start = start.rem_euclid(week);
    let end = start + (end - start).min(week);
    if end <= week {
        spans.push((start as Minute, end as Minute));
    } else {
        spans.push((start as Minute, WEEK_MINUTES));
        spans.push((0, (end - week) as Minute));
    }
}

/// The zone's UTC offset in minutes on Monday 2026-01-05.
fn offset_minutes(zone: &TimeZone) -> i64 {
    let reference = jiff::Timestamp::from_second(1_767_571_200).unwrap_or_default();
    zone.to_offset(reference).seconds() as i64 / 60
}

/// The union of several spans.
pub fn union<'s>(all: impl IntoIterator<Item = &'s WeekSpans>) -> WeekSpans {
    super::hours::merge(all.into_iter().flatten().copied().collect())
}

/// The minutes of `wanted` not in `offered` (both merged and sorted).
pub fn left_out(wanted: &[(Minute, Minute)], offered: &[(Minute, Minute)]) -> WeekSpans {
    let mut missing = Vec::new();
    for &(start, end) in wanted {
        let mut cursor = start;
        for &(from, to) in offered {
            if to <= cursor || from >= end {
                continue;
            }
            if from > cursor {
                missing.push((cursor, from));
            }
            cursor = cursor.max(to);
            if cursor >= end {
                break;
            }
        }
        if cursor < end {
            missing.push((cursor, end));
        }
    }
    missing
}

/// The first stretch left out, from Monday 00:00 on: the one holding the
/// earliest missing minute, whole (a stretch from Sunday night into Monday
/// morning starts on Sunday, and its end may pass `WEEK_MINUTES`).
pub fn first_gap(missing: &[(Minute, Minute)]) -> Option<(Minute, Minute)> {
    let &(first_start, first_end) = missing.first()?;
    let &(last_start, last_end) = missing.last()?;
    if first_start == 0 && last_end == WEEK_MINUTES && missing.len() > 1 {
        return Some((last_start, first_end + WEEK_MINUTES));
    }
    Some((first_start, first_end))
}

/// `sat 08:00-20:00`, `sun 22:00-06:00` (into Monday), `fri 18:00-mon
/// 09:00` (over more than a day), `daily 00:00-24:00`: the notation of
/// `hours`.
pub fn describe(gap: (Minute, Minute)) -> String {
    let (start, end) = gap;
    if end - start >= WEEK_MINUTES {
        return "daily 00:00-24:00".to_string();
    }
    let day = |minute: Minute| DAY_NAMES[((minute / DAY_MINUTES) % 7) as usize];
    let time = |minute: Minute| super::clock(minute % DAY_MINUTES);
    let start_day_end = (start / DAY_MINUTES + 1) * DAY_MINUTES;
    if end == start_day_end {
        format!("{} {}-24:00", day(start), time(start))
    } else if end - start < DAY_MINUTES {
        format!("{} {}-{}", day(start), time(start), time(end))
    } else if end % DAY_MINUTES == 0 {
        format!("{} {}-{} 24:00", day(start), time(start), day(end - 1))
    } else {
        format!("{} {}-{} {}", day(start), time(start), day(end), time(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::values::parse_hours_rule;
    use proptest::prelude::*;

    fn hours(texts: &[String]) -> Hours {
        let mut rules = Vec::new();
        for text in texts {
            if let Ok(Hours::Rules(more)) = parse_hours_rule(text, &|_| true) {
                rules.extend(more);
            }
        }
        Hours::Rules(rules)
    }

    fn utc_week(texts: &[&str]) -> WeekSpans {
        let texts: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        week_minutes(Some(&hours(&texts)), &TimeZone::UTC, &TimeZone::UTC)
    }

    /// Minute by minute: is `minute` of the week open under these rules?
    /// Straight from the definition of `hours` (a window belongs to the
    /// day it starts on and may run past midnight), sharing no code with
    /// `week_minutes`.
    fn brute_open(rules: &[(Vec<usize>, Minute, Minute)], minute: Minute) -> bool {
        rules.iter().any(|(days, start, end)| {
            days.iter().any(|&day| {
                let from = day as Minute * DAY_MINUTES + start;
                let length = if end > start {
                    end - start
                } else {
                    end + DAY_MINUTES - start
                };
                // Minutes since the window's start, around the week.
                (minute + WEEK_MINUTES - from % WEEK_MINUTES) % WEEK_MINUTES < length
            })
        })
    }

    fn rule_text((days, start, end): &(Vec<usize>, Minute, Minute)) -> String {
        let days: Vec<&str> = days.iter().map(|&d| DAY_NAMES[d]).collect();
        format!(
            "{} {}-{}",
            days.join(","),
            super::super::clock(*start),
            super::super::clock(*end)
        )
    }

    fn rule_strategy() -> impl Strategy<Value = (Vec<usize>, Minute, Minute)> {
        // Quarter hours keep the brute force quick and still hit every
        // case (touching windows, midnight, 24:00).
        (
            proptest::collection::btree_set(0usize..7, 1..4),
            0u32..96,
            1u32..=96,
        )
            .prop_filter("start and end differ", |(_, start, end)| start != end)
            .prop_map(|(days, start, end)| (days.into_iter().collect(), start * 15, end * 15))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// What `left_out` leaves out is exactly the minutes the
        /// requirement's rules open and none of the SLAs' rules do, and
        /// the first gap is the maximal stretch around the earliest of
        /// them.
        #[test]
        fn left_out_agrees_with_a_minute_by_minute_comparison(
            wanted in proptest::collection::vec(rule_strategy(), 1..4),
            slas in proptest::collection::vec(proptest::collection::vec(rule_strategy(), 1..3), 1..3),
        ) {
            let wanted_texts: Vec<String> = wanted.iter().map(rule_text).collect();
            let wanted_week = week_minutes(Some(&hours(&wanted_texts)), &TimeZone::UTC, &TimeZone::UTC);
            let sla_weeks: Vec<WeekSpans> = slas
                .iter()
                .map(|rules| {
                    let texts: Vec<String> = rules.iter().map(rule_text).collect();
                    week_minutes(Some(&hours(&texts)), &TimeZone::UTC, &TimeZone::UTC)
                })
                .collect();
            let missing = left_out(&wanted_week, &union(&sla_weeks));
            let is_missing = |minute: Minute| {
                missing.iter().any(|&(start, end)| start <= minute && minute < end)
            };
            let brute_missing = |minute: Minute| {
                brute_open(&wanted, minute) && !slas.iter().any(|rules| brute_open(rules, minute))
            };
            let mut first = None;
            for minute in 0..WEEK_MINUTES {
                let brute = brute_missing(minute);
                prop_assert_eq!(is_missing(minute), brute, "minute {}", minute);
                if brute && first.is_none() {
                    first = Some(minute);
                }
            }
            match (first, first_gap(&missing)) {
                (None, None) => {}
                (Some(first), Some((start, end))) => {
                    let inside = |m: Minute| (start..end).contains(&m) || (start..end).contains(&(m + WEEK_MINUTES));
                    prop_assert!(inside(first), "gap {:?} holds minute {}", (start, end), first);
                    if end - start < WEEK_MINUTES {
                        prop_assert!(!brute_missing((start + WEEK_MINUTES - 1) % WEEK_MINUTES));
                        prop_assert!(!brute_missing(end % WEEK_MINUTES));
                    }
                    for minute in start..end {
                        prop_assert!(brute_missing(minute % WEEK_MINUTES));
                    }
                }
                (first, gap) => prop_assert!(false, "brute {:?}, gap {:?}", first, gap),
            }
        }
    }

    #[test]
    fn split_shifts_and_overnight_hours_are_compared_by_the_minute() {
        let wanted = utc_week(&["mon-fri 08:00-22:00", "sat 08:00-20:00"]);
        let offered = union(&[
            utc_week(&["mon-fri 08:00-12:00", "mon-fri 13:00-22:00"]),
            utc_week(&["mon-fri 12:00-13:00"]),
        ]);
        let missing = left_out(&wanted, &offered);
        assert_eq!(describe(first_gap(&missing).unwrap()), "sat 08:00-20:00");
        let night = utc_week(&["sun 22:00-06:00"]);
        let missing = left_out(&night, &[]);
        assert_eq!(missing, vec![(0, 360), (WEEK_MINUTES - 120, WEEK_MINUTES)]);
        assert_eq!(describe(first_gap(&missing).unwrap()), "sun 22:00-06:00");
        assert_eq!(
            describe((5 * DAY_MINUTES + 60, 7 * DAY_MINUTES)),
            "sat 01:00-sun 24:00"
        );
        assert_eq!(
            describe((4 * DAY_MINUTES + 1080, 7 * DAY_MINUTES + 540)),
            "fri 18:00-mon 09:00"
        );
        assert_eq!(describe((0, WEEK_MINUTES)), "daily 00:00-24:00");
    }

    #[test]
    fn rules_in_other_zones_are_moved_into_the_requirements_zone() {
        let shanghai = TimeZone::get("Asia/Shanghai").unwrap();
        let texts = vec!["mon 01:00-03:00 UTC".to_string()];
        let week = week_minutes(Some(&hours(&texts)), &shanghai, &shanghai);
        assert_eq!(week, vec![(540, 660)]);
    }
}
