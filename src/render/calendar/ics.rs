//! `calendar.ics` (RFC 5545): one all-day VEVENT per calendar entry, so a
//! planner can lay the holidays, 调休 workdays and peaks over a roster in
//! any calendar app. Byte-identical between builds: entries in a fixed
//! order, a `UID` made from the entry's kind, first day and name, and
//! `DTSTAMP` from `SOURCE_DATE_EPOCH` (else 1970-01-01T00:00:00Z). Lines
//! end in CRLF and are folded at 75 octets, never inside a character.

use jiff::civil::Date;

use crate::calendar::{Calendar, EntryKind};

/// The whole file.
pub fn export(calendar: &Calendar, title: &str) -> String {
    let stamp = stamp(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref());
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//playbook//service calendar//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", escape_text(title)),
    ];
    for entry in calendar.entries() {
        let end = entry.to.tomorrow().unwrap_or(entry.to);
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!(
                "UID:{}",
                escape_text(&uid(entry.kind, entry.from, entry.name))
            ),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", compact(entry.from)),
            format!("DTEND;VALUE=DATE:{}", compact(end)),
            format!("SUMMARY:{}", escape_text(entry.name)),
            format!("CATEGORIES:{}", category(entry.kind)),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    let mut file = String::new();
    for line in lines {
        file.push_str(&fold(&line));
    }
    file
}

/// `holiday-20261001-国庆节@playbook`: stable while the entry keeps its
/// kind, first day and name.
pub fn uid(kind: EntryKind, from: Date, name: &str) -> String {
    format!("{}-{}-{name}@playbook", kind.name(), compact(from))
}

fn category(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Holiday => "HOLIDAY",
        EntryKind::Workday => "WORKDAY",
        EntryKind::Peak => "PEAK",
    }
}

/// `20261001`.
fn compact(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// `DTSTAMP` in UTC from `SOURCE_DATE_EPOCH` (seconds), else the epoch.
fn stamp(source_date_epoch: Option<&str>) -> String {
    let timestamp = source_date_epoch
        .and_then(|text| text.trim().parse::<i64>().ok())
        .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    timestamp.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma, line
/// breaks.
fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            _ => escaped.push(c),
        }
    }
    escaped
}

/// One content line, folded so no physical line exceeds 75 octets (the
/// continuation's leading space counts), ending in CRLF.
fn fold(line: &str) -> String {
    let mut folded = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            folded.push_str("\r\n ");
            width = 1;
        }
        folded.push(c);
        width += c.len_utf8();
    }
    folded.push_str("\r\n");
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let line = format!("SUMMARY:{}", "国庆节".repeat(20));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{physical:?} is {} octets",
                physical.len()
            );
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_is_escaped_and_the_stamp_follows_source_date_epoch() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(stamp(None), "19700101T000000Z");
        assert_eq!(stamp(Some("1767225600")), "20260101T000000Z");
        assert_eq!(stamp(Some("soon")), "19700101T000000Z");
    }
}
