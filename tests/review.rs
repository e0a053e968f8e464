//! The monthly service review (spec section 6), through the command line:
//! the example's reviews against figures computed by hand, each month's
//! CSV read back with a CSV reader, `playbook.json`'s results, the cap on a
//! month's credits, and the vendor edition holding only what it contains.

mod common;

use std::fs;
use std::path::Path;

use serde_json::Value;

fn build(root: &Path, out: &Path) {
    let output = common::playbook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A month's review as its CSV says it: rows, met, missed, and the credit
/// of each row that owes one (`id period credit`).
struct MonthCsv {
    rows: usize,
    met: usize,
    missed: usize,
    credits: Vec<String>,
}

fn read_csv(path: &Path) -> MonthCsv {
    let bytes = fs::read(path).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "{} starts with a UTF-8 BOM",
        path.display()
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "id", "title", "channel", "metric", "period", "target", "actual", "status", "credit",
            "note"
        ]
    );
    let mut month = MonthCsv {
        rows: 0,
        met: 0,
        missed: 0,
        credits: Vec::new(),
    };
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(record.len(), 10, "{record:?}");
        month.rows += 1;
        match &record[7] {
            "met" => month.met += 1,
            "missed" => month.missed += 1,
            other => panic!("status {other:?}"),
        }
        if !record[8].is_empty() {
            month
                .credits
                .push(format!("{} {} {}", &record[0], &record[4], &record[8]));
        }
    }
    month
}

/// The example's six months, computed by hand from `data/*.csv` and the
/// KPIs' front matter: 14 monthly SLAs and 7 KPIs each month, plus in June
/// the two peak SLAs' 18 daily periods (618). Misses: May, the 7 KPIs;
/// June, SLA-PHONE-ABANDON (5.8% > 5%, credit 1%), SLA-CHAT-CSAT (88.7% <
/// 90%, 1%), the chat peak SLA on 1 and 2 June (81.2%, 83.5% < 85%, 0.5%
/// each), the phone peak SLA on 1 June (82.4%, 0.5%) and the 7 KPIs; July,
/// six KPIs (email first response, 11h30m ≤ 12h, is met); August, QA score
/// (89.4 < 90) and complaint rate (0.31% > 0.3%); September and October
/// none. June's credits: 1 + 1 + 0.5 + 0.5 + 0.5 = 3.5% (under the 15% cap).
const BY_HAND: [(&str, usize, usize, usize, &str); 6] = [
    ("2026-05", 21, 14, 7, "0%"),
    ("2026-06", 57, 45, 12, "3.5%"),
    ("2026-07", 21, 15, 6, "0%"),
    ("2026-08", 21, 19, 2, "0%"),
    ("2026-09", 21, 21, 0, "0%"),
    ("2026-10", 21, 21, 0, "0%"),
];

#[test]
fn the_examples_reviews_hold_the_credits_computed_by_hand() {
    let out = tempfile::tempdir().unwrap();
    build(&common::repo_root(), out.path());
    for edition in ["company", "vendor"] {
        let review = out.path().join(edition).join("review");
        let index = fs::read_to_string(review.join("index.html")).unwrap();
        // Newest first.
        let positions: Vec<usize> = BY_HAND
            .iter()
            .map(|(month, ..)| {
                index
                    .find(&format!("href=\"{month}.html\""))
                    .unwrap_or_else(|| panic!("{edition}: {month} listed"))
            })
            .collect();
        assert!(
            positions.windows(2).all(|pair| pair[0] > pair[1]),
            "{edition}: months newest first"
        );
        for (month, rows, met, missed, total) in BY_HAND {
            let csv = read_csv(&review.join(format!("{month}.csv")));
            assert_eq!(
                (csv.rows, csv.met, csv.missed),
                (rows, met, missed),
                "{edition} {month}"
            );
            let page = fs::read_to_string(review.join(format!("{month}.html"))).unwrap();
            assert!(
                page.contains(&format!("本月抵扣合计：<strong>{total}</strong>")),
                "{edition} {month}: total {total}"
            );
            assert!(
                page.contains(&format!("href=\"{month}.csv\"")),
                "the month's page links its CSV"
            );
            if month == "2026-06" {
                let mut credits = csv.credits.clone();
                credits.sort();
                assert_eq!(
                    credits,
                    [
                        "SLA-CHAT-CSAT 2026-06 1%",
                        "SLA-PEAK-CHAT-FIRST 2026-06-01 0.5%",
                        "SLA-PEAK-CHAT-FIRST 2026-06-02 0.5%",
                        "SLA-PEAK-PHONE-FIRST 2026-06-01 0.5%",
                        "SLA-PHONE-ABANDON 2026-06 1%",
                    ]
                );
                // The requirements behind the missed SLAs.
                for requirement in ["REQ-PEAK", "REQ-PHONE", "REQ-CHAT"] {
                    assert!(page.contains(requirement), "{month} names {requirement}");
                }
            } else {
                assert!(csv.credits.is_empty(), "{month}: {:?}", csv.credits);
            }
            let html_index_row = format!("{month} 服务评审</a></th>");
            assert!(
                index.contains(&html_index_row),
                "{edition}: {month} in index"
            );
        }
        // In the menu of every page, after the kinds and before the trace.
        let home = fs::read_to_string(out.path().join(edition).join("index.html")).unwrap();
        let reviews = home.find("review/index.html").expect("reviews in the menu");
        let trace = home.find("trace.html").unwrap();
        let kpis = home.find("kpi/index.html").unwrap();
        assert!(kpis < reviews && reviews < trace);
        // The latest month's scorecard closes the print page.
        let print = fs::read_to_string(out.path().join(edition).join("print.html")).unwrap();
        assert!(
            print.contains("计分卡 · 2026-10"),
            "{edition}: print scorecard"
        );
    }
}

#[test]
fn playbook_json_holds_every_actual_judged_with_its_source_and_the_status() {
    let out = tempfile::tempdir().unwrap();
    build(&common::repo_root(), out.path());
    let json: Value = serde_json::from_str(
        &fs::read_to_string(out.path().join("company/playbook.json")).unwrap(),
    )
    .unwrap();
    let documents = json["documents"].as_array().unwrap();
    let by_id = |id: &str| {
        documents
            .iter()
            .find(|document| document["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let csat = by_id("SLA-CHAT-CSAT");
    let actuals = csat["actuals"].as_array().unwrap();
    let periods: Vec<&str> = actuals
        .iter()
        .map(|actual| actual["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        periods,
        [
            "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"
        ]
    );
    assert_eq!(actuals[1]["value"], "88.7%");
    assert_eq!(actuals[1]["met"], false);
    assert_eq!(actuals[1]["source"], "data/2026-06.csv");
    assert_eq!(actuals[3]["source"], "data/2026-08.csv", "the GB18030 file");
    assert_eq!(csat["status"], "met");
    // A KPI's actuals from front matter carry no source.
    let kpi = by_id("KPI-CSAT");
    assert_eq!(kpi["actuals"][0]["met"], false);
    assert!(kpi["actuals"][0].get("source").is_none());
    assert_eq!(kpi["status"], "met");
    for document in documents {
        match document["kind"].as_str() {
            Some("sla" | "kpi") => {
                assert!(document["actuals"].is_array(), "{}", document["id"]);
                assert!(["met", "missed"].contains(&document["status"].as_str().unwrap_or("met")));
            }
            _ => assert!(document.get("actuals").is_none()),
        }
    }
}

/// A small English project whose month's credits exceed the cap, an
/// internal KPI with figures in a data file, and a draft SLA with figures.
fn capped_project(root: &Path) {
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "playbook.yaml",
        "title: Capped\nservice_credits:\n  cap: 5%\n",
    );
    write(
        "content/req.md",
        "---\nid: REQ-CHAT\nkind: requirement\ntitle: Chat\nchannels: [chat]\nhours: 24/7\n---\n",
    );
    for (id, credit) in [("SLA-A", "3%"), ("SLA-B", "2.25%"), ("SLA-C", "0.5%")] {
        write(
            &format!("content/{}.md", id.to_lowercase()),
            &format!(
                "---\nid: {id}\nkind: sla\ntitle: {id} title\nchannel: chat\nmetric: csat\ntarget: 90%\nsatisfies: [REQ-CHAT]\ncredit: {credit}\n---\n"
            ),
        );
    }
    write(
        "content/sla-draft.md",
        "---\nid: SLA-DRAFTED\nkind: sla\nstatus: draft\ntitle: Drafted level\nchannel: chat\nmetric: csat\ntarget: 90%\nsatisfies: [REQ-CHAT]\ncredit: 50%\nactuals:\n  - { period: 2026-03, value: 10% }\n---\n",
    );
    write(
        "content/kpi-secret.md",
        "---\nid: KPI-SECRET-MARGIN\nkind: kpi\naudience: internal\ntitle: Secret margin\nunit: percent\ntarget: 10%\nbetter: higher\n---\n",
    );
    write(
        "data/march.csv",
        "id,period,value,note\nSLA-A,2026-03,80%,outage\nSLA-B,2026-03,85%,\nSLA-C,2026-03,89.9%,\"close, but missed\"\nKPI-SECRET-MARGIN,2026-03,7.5%,confidential figure\nKPI-SECRET-MARGIN,2026-04,12.5%,\n",
    );
}

#[test]
fn a_months_credits_are_capped_and_the_sum_before_the_cap_is_shown() {
    let project = tempfile::tempdir().unwrap();
    capped_project(project.path());
    let out = tempfile::tempdir().unwrap();
    build(project.path(), out.path());
    let page = fs::read_to_string(out.path().join("company/review/2026-03.html")).unwrap();
    // 3 + 2.25 + 0.5 = 5.75, capped at 5 (the draft's 50% is left out).
    assert!(page.contains("<strong>5%</strong>"), "{page}");
    assert!(page.contains("before the cap of 5%: 5.75%"), "{page}");
    let csv = read_csv(&out.path().join("company/review/2026-03.csv"));
    assert_eq!(
        csv.credits,
        [
            "SLA-A 2026-03 3%",
            "SLA-B 2026-03 2.25%",
            "SLA-C 2026-03 0.5%"
        ]
    );
    let raw = fs::read_to_string(out.path().join("company/review/2026-03.csv")).unwrap();
    assert!(raw.contains("\"close, but missed\""), "{raw}");
}

#[test]
fn the_vendor_edition_holds_no_figure_of_a_document_it_leaves_out() {
    let project = tempfile::tempdir().unwrap();
    capped_project(project.path());
    let out = tempfile::tempdir().unwrap();
    build(project.path(), out.path());
    let vendor = out.path().join("vendor");
    // April has only the internal KPI's figure: no review of it for the vendor.
    assert!(out.path().join("company/review/2026-04.html").exists());
    assert!(!vendor.join("review/2026-04.html").exists());
    for entry in walk(&vendor) {
        let text = String::from_utf8_lossy(&fs::read(&entry).unwrap()).to_string();
        for secret in [
            "KPI-SECRET-MARGIN",
            "Secret margin",
            "confidential figure",
            "12.5%",
            "SLA-DRAFTED",
            "Drafted level",
        ] {
            assert!(
                !text.contains(secret),
                "{} holds {secret:?}",
                entry.display()
            );
        }
    }
    // The company edition has the internal KPI's figures; neither has the draft's.
    let company = fs::read_to_string(out.path().join("company/review/2026-03.csv")).unwrap();
    assert!(company.contains("confidential figure"));
    assert!(!company.contains("SLA-DRAFTED"));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The partials made once and shared by many places (`table.html`: a
/// document's tables on its pages and print sections; `review_rows.html`:
/// a document's rows of a month on the review pages and the print page's
/// scorecard) are a project's own when it writes them: every place, in
/// every edition, shows what the project's partial made, and an internal
/// document's rows made by the company's edition reach no vendor file.
#[test]
fn a_projects_own_table_and_review_rows_partials_shape_every_place_that_shows_them() {
    let project = tempfile::tempdir().unwrap();
    capped_project(project.path());
    let templates = project.path().join("templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("table.html"),
        "<div class=\"own-table\">{{ table.title }}: {% for row in table.rows %}[{{ row[0] | safe }}]{% endfor %}</div>",
    )
    .unwrap();
    fs::write(
        templates.join("review_rows.html"),
        "{% for row in rows %}<tr class=\"own-row\"><td>{{ row.document.title }} {{ row.period }} {{ row.actual }}</td></tr>{% endfor %}",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build(project.path(), out.path());
    for edition in ["company", "vendor"] {
        let read = |path: &str| {
            fs::read_to_string(out.path().join(edition).join(path))
                .unwrap_or_else(|error| panic!("{edition}/{path}: {error}"))
        };
        let page = read("sla/sla-a.html");
        assert!(
            page.contains("<div class=\"own-table\">"),
            "{edition}: {page}"
        );
        assert!(
            !page.contains("<table class=\"data\">"),
            "{edition}: {page}"
        );
        let print = read("print.html");
        // A results table in the print section of each of SLA-A, -B, -C
        // and, in the company's, of the internal KPI.
        assert_eq!(
            print.matches("<div class=\"own-table\">").count(),
            if edition == "company" { 4 } else { 3 },
            "{edition}: print tables"
        );
        let month = read("review/2026-03.html");
        assert!(
            month.contains("<tr class=\"own-row\"><td>SLA-A title 2026-03 80%</td></tr>"),
            "{edition}: {month}"
        );
        assert_eq!(
            month.matches("class=\"own-row\"").count(),
            if edition == "company" { 4 } else { 3 },
            "{edition}: {month}"
        );
        // The print page's closing scorecard is the latest month's
        // (April, only the internal KPI's figure: the company's alone).
        let own_rows = print.matches("class=\"own-row\"").count();
        assert_eq!(
            own_rows,
            if edition == "company" { 1 } else { 3 },
            "{edition}: print scorecard rows"
        );
    }
}
