//! Every value parser of front matter on the same text: IDs (and the
//! suggestion for a wrong one), durations, percentages, plain numbers and
//! counts, dates, service hours (with the time-zone lookup), the calendar's
//! time windows and `on_holidays`, KPI periods of
//! each frequency and KPI values of each unit; plus the small text helpers
//! the references go through (heading slugs, percent-decoding, relative
//! link resolution).
//!
//! Properties: what a parser accepts, its canonical spelling reads back to
//! the same value; an accepted value is in its range; a suggested ID is a
//! valid one; a resolved relative link stays inside `content/`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use playbook::calendar::clock;
use playbook::calendar::read::{parse_on_holidays, parse_time_window};
use playbook::config::is_timezone;
use playbook::content::document::Unit;
use playbook::content::kind_fields::parse_kpi_value;
use playbook::content::values::{
    Duration, Frequency, Hours, Percent, check_id, id_suggestion, parse_count, parse_date,
    parse_hours_rule, parse_period, parse_plain_number,
};
use playbook::graph::resolve_relative;
use playbook::markdown::{percent_decode, slug};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    ids(text);
    numbers(text);
    dates(text);
    hours(text);
    helpers(text);
});

fn ids(text: &str) {
    if check_id(text).is_ok() {
        assert!(
            text.starts_with(|c: char| c.is_ascii_uppercase()),
            "{text:?}"
        );
        assert!(
            text.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
            "{text:?}"
        );
        assert!(!text.contains("--") && !text.ends_with('-'), "{text:?}");
    }
    if let Some(fixed) = id_suggestion(text) {
        assert!(check_id(&fixed).is_ok(), "{text:?} → {fixed:?}");
        assert_ne!(fixed, text);
    }
}

fn numbers(text: &str) {
    if let Ok(duration) = Duration::parse(text) {
        assert!(duration.seconds > 0);
        let canonical = duration.to_string();
        assert_eq!(
            Duration::parse(&canonical),
            Ok(duration),
            "{text:?} → {canonical:?}"
        );
    }
    if let Ok(percent) = Percent::parse(text) {
        assert!((0.0..=100.0).contains(&percent.0), "{text:?}");
        let canonical = percent.to_string();
        assert_eq!(
            Percent::parse(&canonical),
            Ok(percent),
            "{text:?} → {canonical:?}"
        );
    }
    if let Some(number) = parse_plain_number(text) {
        assert!(number.is_finite() && number >= 0.0, "{text:?} → {number}");
    }
    if let Ok(count) = parse_count(text) {
        assert_eq!(count.to_string(), text.trim_start_matches('0').max("0"));
    }
    for unit in [Unit::Percent, Unit::Duration, Unit::Count, Unit::Score] {
        if let Ok(value) = parse_kpi_value(text, unit) {
            assert!(value.number.is_finite() && value.number >= 0.0, "{text:?}");
            assert_eq!(value.text, text);
        }
    }
}

fn dates(text: &str) {
    if let Ok(date) = parse_date(text) {
        assert_eq!(date.to_string(), text);
    }
    for frequency in [Frequency::Weekly, Frequency::Monthly, Frequency::Quarterly] {
        let _ = parse_period(text, frequency);
    }
}

fn hours(text: &str) {
    match parse_hours_rule(text, &is_timezone) {
        Ok(Hours::Always) => assert_eq!(text, "24/7"),
        Ok(Hours::Rules(rules)) => {
            for rule in rules {
                assert!(rule.days.iter().any(|&day| day), "{text:?}");
                assert_ne!(rule.end, Some(rule.start), "{text:?}");
                if let Some(timezone) = &rule.timezone {
                    assert!(is_timezone(timezone));
                }
                let _ = rule.crosses_midnight();
            }
        }
        Err(_) => {}
    }
    // `on_holidays` and a holiday's `hours` (the service calendar): an
    // accepted window is within the day and reads back the same.
    if let Ok(window) = parse_time_window(text) {
        assert!(window.start < 1440 && window.end <= 1440 && window.start != window.end);
        let written = format!("{}-{}", clock(window.start), clock(window.end));
        assert_eq!(parse_time_window(&written), Ok(window), "{text:?}");
    }
    let _ = parse_on_holidays(text);
}

fn helpers(text: &str) {
    let slugged = slug(text);
    // Lower-casing may add a combining mark (`İ` → `i̇`), so only what
    // must never be in an anchor is asserted: spaces and ASCII punctuation.
    assert!(
        !slugged
            .chars()
            .any(|c| c.is_whitespace() || (c.is_ascii_punctuation() && c != '-' && c != '_')),
        "{text:?} → {slugged:?}"
    );
    let _ = percent_decode(text);
    if let Some(path) = resolve_relative("content/guide/contract.md", text) {
        assert!(path.starts_with("content/"), "{text:?} → {path:?}");
        assert!(
            !path
                .split('/')
                .any(|part| part == ".." || part == "." || part.is_empty()),
            "{text:?} → {path:?}"
        );
    }
}
