//! The service calendar (spec section 7) through the command line: the
//! example's 2026 calendar in `calendar.html`, on the requirement and SLA
//! pages, in `playbook.json`, and `calendar.ics` parsed back by an
//! independent iCalendar parser (the `icalendar` crate), byte-identical
//! between builds; the vendor edition's calendar names only what it
//! contains.

mod common;
mod site;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use icalendar::{Component, DatePerhapsTime};

type Tree = BTreeMap<String, Vec<u8>>;

/// `playbook build` of `root` into `out` with `SOURCE_DATE_EPOCH` set.
fn build_with_epoch(root: &Path, out: &Path, epoch: &str) {
    let output = Command::cargo_bin("playbook")
        .unwrap()
        .args([
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .env("PLAYBOOK_TODAY", "2026-11-26")
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn example() -> (tempfile::TempDir, Tree, Tree) {
    let out = tempfile::tempdir().unwrap();
    build_with_epoch(&common::repo_root(), out.path(), "1767225600");
    let company = site::read_tree(&out.path().join("company"));
    let vendor = site::read_tree(&out.path().join("vendor"));
    (out, company, vendor)
}

fn date(value: Option<DatePerhapsTime>) -> String {
    match value {
        Some(DatePerhapsTime::Date(date)) => date.to_string(),
        other => panic!("an all-day date, found {other:?}"),
    }
}

#[test]
fn calendar_ics_parses_back_with_every_entry() {
    let (_out, company, vendor) = example();
    let text = site::text(&company, "calendar.ics");
    // RFC 5545: CRLF lines of at most 75 octets.
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n").filter(|line| !line.is_empty()) {
        assert!(!line.contains('\n'), "a bare LF in {line:?}");
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
    }
    let calendar: icalendar::Calendar = text.parse().expect("calendar.ics parses");
    let events: Vec<(String, String, String, String, String)> = calendar
        .components
        .iter()
        .filter_map(|component| component.as_event())
        .map(|event| {
            (
                date(event.get_start()),
                date(event.get_end()),
                event.get_summary().unwrap_or_default().to_string(),
                event.get_uid().unwrap_or_default().to_string(),
                event
                    .property_value("DTSTAMP")
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    // 9 holiday entries, 6 workdays, 2 peaks.
    assert_eq!(events.len(), 17, "{events:#?}");
    let find = |summary: &str, start: &str| {
        events
            .iter()
            .find(|event| event.2 == summary && event.0 == start)
            .unwrap_or_else(|| panic!("no event {summary} on {start}: {events:#?}"))
    };
    // DTEND is the day after the last day.
    let national_day = find("国庆节", "2026-10-01");
    assert_eq!(national_day.1, "2026-10-08");
    assert_eq!(national_day.3, "holiday-20261001-国庆节@playbook");
    let make_up = find("国庆节调休", "2026-10-10");
    assert_eq!(make_up.1, "2026-10-11");
    assert_eq!(make_up.3, "workday-20261010-国庆节调休@playbook");
    let singles_day = find("双十一", "2026-10-31");
    assert_eq!(singles_day.1, "2026-11-12");
    assert_eq!(singles_day.3, "peak-20261031-双十一@playbook");
    assert_eq!(find("除夕、春节初一", "2026-02-16").1, "2026-02-18");
    // The stamp is SOURCE_DATE_EPOCH (2026-01-01T00:00:00Z).
    assert!(events.iter().all(|event| event.4 == "20260101T000000Z"));
    // UIDs are unique, and the file is the same in both editions.
    let mut uids: Vec<&str> = events.iter().map(|event| event.3.as_str()).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), events.len());
    assert_eq!(text, site::text(&vendor, "calendar.ics"));
}

#[test]
fn calendar_files_are_byte_identical_between_builds_and_stamped_from_the_epoch() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let unset = tempfile::tempdir().unwrap();
    build_with_epoch(&common::repo_root(), first.path(), "1767225600");
    build_with_epoch(&common::repo_root(), second.path(), "1767225600");
    for file in ["calendar.ics", "calendar.html", "playbook.json"] {
        let a = fs::read(first.path().join("company").join(file)).unwrap();
        let b = fs::read(second.path().join("company").join(file)).unwrap();
        assert!(a == b, "{file} differs between builds");
    }
    // Without SOURCE_DATE_EPOCH: the epoch itself.
    site::build_ok(&common::repo_root(), unset.path(), &[]);
    let text = fs::read_to_string(unset.path().join("company/calendar.ics")).unwrap();
    assert!(text.contains("\r\nDTSTAMP:19700101T000000Z\r\n"));
}

#[test]
fn calendar_html_shows_2026_with_its_entries_and_the_hours_on_them() {
    let (_out, company, _vendor) = example();
    let html = site::text(&company, "calendar.html");
    assert!(html.contains("<h2 id=\"pb.cal-2026\">2026</h2>"));
    assert_eq!(html.matches("<table class=\"cal-month\">").count(), 12);
    for month in 1..=12 {
        assert!(html.contains(&format!("<caption>2026年{month}月</caption>")));
    }
    // The legend: each kind in text and colour.
    for (kind, mark, label) in [
        ("holiday", "休", "节假日"),
        ("workday", "班", "调休上班"),
        ("peak", "促", "大促期间"),
    ] {
        assert!(
            html.contains(&format!(
                "<span class=\"cal-mark cal-{kind}\">{mark}</span> {label}"
            )),
            "legend of {kind}"
        );
    }
    // 2026-10-10 (a Saturday, 调休) is marked in its grid, with its name.
    assert!(html.contains(
        "<td class=\"cal-workday\" title=\"国庆节调休\"><span class=\"cal-day\">10</span><span class=\"cal-day-mark\">班</span></td>"
    ));
    // The table of entries: the phone line closes on 除夕 and 初一, keeps
    // 09:00–18:00 on other holidays; chat stays 24 hours; callbacks stop.
    let row = |name: &str| {
        let start = html
            .find(&format!("</span> {name}<br>"))
            .unwrap_or_else(|| panic!("no row {name}"));
        let end = html[start..].find("</tr>").unwrap() + start;
        &html[start..end]
    };
    let new_year = row("除夕、春节初一");
    assert!(
        new_year.contains("400 电话热线每天 08:00–22:00 人工服务</a>：不提供服务"),
        "{new_year}"
    );
    assert!(new_year.contains("在线聊天 7×24 小时人工服务</a>：全天 24 小时"));
    let national_day = row("国庆节");
    assert!(national_day.contains("400 电话热线每天 08:00–22:00 人工服务</a>：09:00–18:00"));
    assert!(national_day.contains("差评与投诉结案回访外呼</a>：不提供服务"));
    // A workday read as Friday: the callback line (mon-sat) opens.
    let make_up = row("国庆节调休");
    assert!(
        make_up.contains("差评与投诉结案回访外呼</a>：10:00–19:00"),
        "{make_up}"
    );
    // A peak lists what is in force during it, and nothing of the other.
    let peak = row("双十一");
    assert!(peak.contains("双十一期间电话 5 分钟内接通（日度）"));
    assert!(!peak.contains("618 期间"));
    // The menu: trace, then the calendar, then print.
    let index = site::text(&company, "index.html");
    let trace = index.find("trace.html").unwrap();
    let calendar = index.find("calendar.html").unwrap();
    let print = index.find("print.html").unwrap();
    assert!(trace < calendar && calendar < print);
}

#[test]
fn requirement_and_sla_pages_list_their_calendar_entries_and_their_peak() {
    let (_out, company, _vendor) = example();
    let phone = site::text(&company, "requirement/req-phone.html");
    assert!(phone.contains("<caption>服务日历中改变服务时间的日子</caption>"));
    assert!(
        phone.contains("除夕、春节初一</td><td>不提供服务</td>"),
        "{phone}"
    );
    // Chat is 24/7 on every holiday: nothing changes, no table.
    let chat = site::text(&company, "requirement/req-chat.html");
    assert!(!chat.contains("服务日历中改变服务时间的日子"));
    let peak = site::text(&company, "sla/sla-peak-1111-chat-first.html");
    assert!(peak.contains("仅在双十一期间（10月31日至11月11日）生效"));
    // The kind index says it too (in the summary line).
    let index = site::text(&company, "sla/index.html");
    assert!(index.contains("仅在618期间（6月1日至6月18日）生效"));
    // playbook.json holds the calendar as written, defaults filled in.
    let json: serde_json::Value =
        serde_json::from_str(site::text(&company, "playbook.json")).unwrap();
    let calendar = &json["calendar"];
    assert_eq!(calendar["holidays"].as_array().unwrap().len(), 9);
    assert_eq!(calendar["workdays"].as_array().unwrap().len(), 6);
    assert_eq!(calendar["workdays"][0]["as"], "mon");
    assert_eq!(calendar["holidays"][2]["to"], "2026-02-17");
    assert_eq!(calendar["holidays"][2]["hours"], serde_json::Value::Null);
    assert_eq!(calendar["peaks"][1]["id"], "PEAK-1111");
    assert!(json["documents"].as_array().unwrap().len() > 10);
}

/// An internal requirement and SLA with `during` and `on_holidays` are in
/// the company's calendar and nowhere in the vendor's.
#[test]
fn the_vendor_calendar_lists_only_what_the_vendor_edition_contains() {
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(
        root.join("playbook.yaml"),
        "language: en\ncalendar:\n  holidays:\n    - { name: Founders Day, from: 2026-05-04, hours: \"10:00-14:00\" }\n  peaks:\n    - { id: PEAK-SALE, name: Spring sale, from: 2026-05-01, to: 2026-05-10 }\n",
    )
    .unwrap();
    let write = |name: &str, text: &str| fs::write(root.join("content").join(name), text).unwrap();
    write(
        "index.md",
        "---\nid: HOME\nkind: page\ntitle: Home\n---\nHello.\n",
    );
    write(
        "req.md",
        "---\nid: REQ-PUBLIC\nkind: requirement\ntitle: Public line\nchannels: [phone]\nhours: daily 08:00-20:00\npriority: could\n---\n",
    );
    write(
        "secret-req.md",
        "---\nid: REQ-SECRETIVE\nkind: requirement\ntitle: Zanzibar escalation desk\naudience: internal\nchannels: [phone]\nhours: daily 08:00-20:00\nduring: PEAK-SALE\non_holidays: closed\npriority: could\n---\n",
    );
    write(
        "secret-sla.md",
        "---\nid: SLA-SECRETIVE\nkind: sla\ntitle: Quixotic callback promise\naudience: internal\nchannel: phone\nmetric: csat\ntarget: 90%\nhours: daily 08:00-20:00\nduring: PEAK-SALE\non_holidays: \"09:00-12:00\"\nsatisfies: [REQ-SECRETIVE]\n---\n",
    );
    let out = tempfile::tempdir().unwrap();
    site::build_ok(root, out.path(), &[]);
    let company = fs::read_to_string(out.path().join("company/calendar.html")).unwrap();
    let vendor = fs::read_to_string(out.path().join("vendor/calendar.html")).unwrap();
    for secret in [
        "Zanzibar",
        "Quixotic",
        "REQ-SECRETIVE",
        "SLA-SECRETIVE",
        "secretive",
    ] {
        assert!(
            company.to_lowercase().contains(&secret.to_lowercase()),
            "{secret} in company"
        );
        assert!(
            !vendor.to_lowercase().contains(&secret.to_lowercase()),
            "{secret} in vendor"
        );
    }
    assert!(vendor.contains("Public line</a>: 10:00–14:00"), "{vendor}");
    assert!(
        company.contains("Quixotic callback promise</a>: 09:00–12:00"),
        "{company}"
    );
    assert!(company.contains("Zanzibar escalation desk</a>: closed"));
    assert!(vendor.contains("No requirement or service level of this edition names this peak."));
}
