//! Releases and the change log (spec section 8), through the command line:
//! what `playbook release` writes and when it refuses, and what each
//! edition's `changes.html`, document pages and `print.html` say about a
//! known history (three releases and unreleased edits, with documents
//! added, removed, retired, changed, moved between audiences and gained).

mod common;
mod site;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use common::{check_json, playbook};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `playbook release --root ROOT` on `today`.
fn release(root: &Path, today: &str) -> Output {
    Command::cargo_bin("playbook")
        .unwrap()
        .args(["release", "--root", root.to_str().unwrap()])
        .env("PLAYBOOK_TODAY", today)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn write(root: &Path, path: &str, content: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

fn set_version(root: &Path, version: &str) {
    write(
        root,
        "playbook.yaml",
        &format!(
            "title: 手册\nversion: \"{version}\"\nlanguage: zh-Hans\ntimezone: Asia/Shanghai\n"
        ),
    );
}

fn released(root: &Path, today: &str) {
    let output = release(root, today);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

fn doc(id: &str, kind: &str, title: &str, extra: &str, body: &str) -> String {
    format!("---\nid: {id}\nkind: {kind}\ntitle: {title}\n{extra}---\n{body}\n")
}

/// A small project: a requirement, its SLA, a training plan covering it.
fn small_project(root: &Path) {
    set_version(root, "2026.1");
    write(
        root,
        "content/req.md",
        &doc(
            "REQ-CHAT",
            "requirement",
            "聊天需求",
            "channels: [chat]\nhours: 24/7\nupdated: 2026-01-02\n",
            "需求正文。",
        ),
    );
    write(
        root,
        "content/sla.md",
        &doc(
            "SLA-CHAT",
            "sla",
            "聊天首响",
            "channel: chat\nmetric: first_response\ntarget: 3m\nattainment: 90%\nsatisfies: [REQ-CHAT]\nreview_by: 2027-01-01\n",
            "正文。\r\n\r\n第二段。\r\n\r\n\r\n",
        ),
    );
    write(
        root,
        "content/trn.md",
        &doc(
            "TRN-CHAT",
            "training",
            "聊天培训",
            "modules:\n  - { title: 聊天, duration: 2h, format: workshop, covers: [SLA-CHAT] }\n",
            "培训正文。",
        ),
    );
    write(
        root,
        "content/kpi.md",
        &doc(
            "KPI-CHAT",
            "kpi",
            "聊天达标率",
            "unit: percent\ntarget: 90%\nbetter: higher\nmeasures: [SLA-CHAT]\nactuals:\n  - { period: 2026-01, value: 95% }\n",
            "指标。",
        ),
    );
}

#[test]
fn release_writes_the_compared_content_and_nothing_else() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    small_project(root);
    released(root, "2026-03-01");
    let written = fs::read_to_string(root.join("releases/2026.1.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(json["version"], "2026.1");
    assert_eq!(json["date"], "2026-03-01");
    assert_eq!(json["calendar"], serde_json::Value::Null);
    assert_eq!(json["service_credits"]["cap"], "100%");
    let documents = json["documents"].as_array().unwrap();
    let ids: Vec<&str> = documents
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["KPI-CHAT", "REQ-CHAT", "SLA-CHAT", "TRN-CHAT"],
        "sorted by ID"
    );
    let sla = &documents[2];
    // Defaults filled in, upkeep fields and actuals left out.
    assert_eq!(sla["fields"]["audience"], "shared");
    assert_eq!(sla["fields"]["status"], "approved");
    assert_eq!(sla["fields"]["window"], "monthly");
    assert_eq!(documents[1]["fields"]["priority"], "must");
    assert_eq!(documents[0]["fields"]["frequency"], "monthly");
    for absent in ["updated", "review_by", "actuals", "id"] {
        assert!(
            documents.iter().all(|d| d["fields"].get(absent).is_none()),
            "{absent} is not compared"
        );
    }
    // LF line endings, no trailing blank lines.
    assert_eq!(sla["body"], "正文。\n\n第二段。");
    assert!(written.ends_with("}\n"));
    // Nothing but the release file was written.
    let files = site::entries(root);
    assert!(files.iter().all(|f| !f.starts_with("public")), "{files:?}");
    // The same content written otherwise (LF, other file names, upkeep
    // fields changed) gives the same bytes.
    let other = tempfile::tempdir().unwrap();
    small_project(other.path());
    let sla_text = fs::read_to_string(other.path().join("content/sla.md")).unwrap();
    fs::remove_file(other.path().join("content/sla.md")).unwrap();
    write(
        other.path(),
        "content/deeper/renamed.md",
        &sla_text
            .replace("\r\n", "\n")
            .replace("review_by: 2027-01-01", "review_by: 2028-01-01"),
    );
    released(other.path(), "2026-03-01");
    assert_eq!(
        fs::read_to_string(other.path().join("releases/2026.1.json")).unwrap(),
        written
    );
    // An unchanged project: no warning, and no unreleased section.
    let (status, diagnostics) = check_json(root);
    assert_eq!((status, diagnostics), (0, Vec::<String>::new()));
    let out = root.join("public");
    site::build_ok(root, &out, &[]);
    let changes = fs::read_to_string(out.join("company/changes.html")).unwrap();
    assert!(!changes.contains("id=\"unreleased\""), "{changes}");
    assert!(
        changes.contains("手册的第一个版本"),
        "the first release says so"
    );
}

#[test]
fn release_refuses_writing_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    small_project(root);
    released(root, "2026-03-01");
    let first = fs::read(root.join("releases/2026.1.json")).unwrap();
    let refused = |root: &Path, why: &str, needle: &str| {
        let before = site::read_tree(root);
        let output = release(root, "2026-04-01");
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{why}: {stderr}");
        assert!(stderr.contains(needle), "{why}: {stderr}");
        assert_eq!(site::read_tree(root), before, "{why}: nothing written");
    };
    // The same version again, even with changed content.
    write(
        root,
        "content/req.md",
        &doc(
            "REQ-CHAT",
            "requirement",
            "聊天需求（改）",
            "channels: [chat]\nhours: 24/7\n",
            "需求正文。",
        ),
    );
    refused(root, "the release exists", "already released");
    assert_eq!(
        fs::read(root.join("releases/2026.1.json")).unwrap(),
        first,
        "byte-identical"
    );
    // An equal version written otherwise, and an older one.
    set_version(root, "2026.01");
    refused(root, "an equal version", "already released");
    set_version(root, "2025.12");
    refused(root, "an older version", "not newer");
    // No version.
    write(root, "playbook.yaml", "title: 手册\n");
    refused(root, "no version", "names no `version`");
    // A project with errors.
    set_version(root, "2026.2");
    write(
        root,
        "content/bad.md",
        &doc("FAQ-BAD", "faq", "坏", "related: [NOPE]\n", "x"),
    );
    refused(root, "errors", "dangling-reference");
    fs::remove_file(root.join("content/bad.md")).unwrap();
    // Versions compare by segments: 2026.10 comes after 2026.9.
    set_version(root, "2026.9");
    released(root, "2026-05-01");
    set_version(root, "2026.10");
    released(root, "2026-06-01");
    set_version(root, "2026.2");
    refused(root, "2026.2 after 2026.10", "not newer");
    assert_eq!(fs::read(root.join("releases/2026.1.json")).unwrap(), first);
    // Outside a project.
    let empty = tempfile::tempdir().unwrap();
    let output = release(empty.path(), "2026-04-01");
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("--root") && stderr.contains("playbook init"),
        "{stderr}"
    );
    assert!(site::entries(empty.path()).is_empty());
}

/// The sections of a `changes.html`: section id → [(change, ID)], where
/// change is `added`, `removed`, `retired`, `changed` or `review`.
fn sections(html: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut sections = BTreeMap::new();
    for part in html.split("<section class=\"change-section").skip(1) {
        let id = part
            .split("id=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_string();
        let mut entries = Vec::new();
        for item in part.split("<li class=\"change-item change-").skip(1) {
            let change = item.split('"').next().unwrap().to_string();
            let doc_id = item
                .split("<code class=\"doc-id\">")
                .nth(1)
                .and_then(|rest| rest.split('<').next())
                .unwrap()
                .to_string();
            entries.push((change, doc_id));
        }
        entries.sort();
        sections.insert(id, entries);
    }
    sections
}

fn entries(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = list
        .iter()
        .map(|(c, id)| (c.to_string(), id.to_string()))
        .collect();
    entries.sort();
    entries
}

fn page(id: &str, title: &str, audience: &str, extra: &str, body: &str) -> String {
    doc(
        id,
        "page",
        title,
        &format!("audience: {audience}\n{extra}"),
        body,
    )
}

/// Writes the known history: releases 2026.1, 2026.2 and 2026.3, then the
/// unreleased edits.
fn known_history(root: &Path) {
    set_version(root, "2026.1");
    write(
        root,
        "content/req.md",
        &doc(
            "REQ-A",
            "requirement",
            "需求甲",
            "channels: [chat]\nhours: 24/7\n",
            "需求。",
        ),
    );
    write(
        root,
        "content/sla.md",
        &doc(
            "SLA-A",
            "sla",
            "聊天首响",
            "channel: chat\nmetric: first_response\ntarget: 3m\nsatisfies: [REQ-A]\n",
            "三分钟内回复。",
        ),
    );
    write(
        root,
        "content/trn.md",
        &doc(
            "TRN-A",
            "training",
            "培训甲",
            "modules:\n  - { title: 聊天, duration: 2h, format: workshop, covers: [SLA-A] }\n",
            "培训。",
        ),
    );
    write(
        root,
        "content/faq-a.md",
        &doc("FAQ-A", "faq", "问题甲？", "", "答甲。"),
    );
    write(
        root,
        "content/faq-b.md",
        &doc("FAQ-B", "faq", "问题乙？", "", "答乙。"),
    );
    write(
        root,
        "content/faq-c.md",
        &doc("FAQ-C", "faq", "问题丙？", "", "答丙。\n\n不变的一段。"),
    );
    write(
        root,
        "content/move.md",
        &page("PG-MOVE", "将转内部", "shared", "", "移动前。"),
    );
    write(
        root,
        "content/int.md",
        &page("PG-INT", "内部页", "internal", "", "内部原文。"),
    );
    write(
        root,
        "content/del1.md",
        &page("PG-DEL1", "将删除的共享页", "shared", "", "删。"),
    );
    write(
        root,
        "content/del2.md",
        &page("PG-DEL2", "将删除的内部页", "internal", "", "删内部。"),
    );
    write(
        root,
        "content/ret.md",
        &page("PG-RET", "将停用", "shared", "", "停。"),
    );
    write(
        root,
        "content/gain.md",
        &page("PG-GAIN", "转为共享", "internal", "", "内部时期的正文。"),
    );
    released(root, "2026-01-05");

    set_version(root, "2026.2");
    write(
        root,
        "content/faq-new.md",
        &doc("FAQ-NEW1", "faq", "新问题？", "", "新答。"),
    );
    write(
        root,
        "content/int-new.md",
        &page("PG-NEW-INT", "新内部页", "internal", "", "新内部。"),
    );
    fs::remove_file(root.join("content/del1.md")).unwrap();
    fs::remove_file(root.join("content/del2.md")).unwrap();
    write(
        root,
        "content/sla.md",
        &doc(
            "SLA-A",
            "sla",
            "聊天首响",
            "channel: chat\nmetric: first_response\ntarget: 2m\nsatisfies: [REQ-A]\n",
            "三分钟内回复。",
        ),
    );
    write(
        root,
        "content/faq-c.md",
        &doc(
            "FAQ-C",
            "faq",
            "问题丙？",
            "",
            "答丙（新）。\n\n不变的一段。",
        ),
    );
    write(
        root,
        "content/int.md",
        &page("PG-INT", "内部页", "internal", "", "内部新文。"),
    );
    write(
        root,
        "content/move.md",
        &page("PG-MOVE", "将转内部", "internal", "", "移动后的内部正文。"),
    );
    released(root, "2026-02-05");

    set_version(root, "2026.3");
    write(
        root,
        "content/ret.md",
        &page("PG-RET", "将停用", "shared", "status: retired\n", "停。"),
    );
    write(
        root,
        "content/gain.md",
        &page("PG-GAIN", "转为共享", "shared", "", "共享后的正文。"),
    );
    write(
        root,
        "content/faq-a.md",
        &doc("FAQ-A", "faq", "问题甲（改）？", "", "答甲。"),
    );
    released(root, "2026-03-05");

    set_version(root, "2026.4");
    write(
        root,
        "content/faq-b.md",
        &doc("FAQ-B", "faq", "问题乙？", "", "答乙，补充一句。"),
    );
}

#[test]
fn a_known_history_gives_exactly_its_entries_in_each_edition() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    known_history(root);
    let (status, diagnostics) = check_json(root);
    assert_eq!(status, 0, "{diagnostics:?}");
    assert!(
        !diagnostics.iter().any(|d| d.contains("version-not-bumped")),
        "{diagnostics:?}"
    );
    let out = root.join("public");
    site::build_ok(root, &out, &[]);
    let read = |path: &str| fs::read_to_string(out.join(path)).unwrap();

    let vendor = sections(&read("vendor/changes.html"));
    let mut want = BTreeMap::new();
    want.insert("unreleased".to_string(), entries(&[("changed", "FAQ-B")]));
    want.insert(
        "v2026.3".to_string(),
        entries(&[
            ("added", "PG-GAIN"),
            ("retired", "PG-RET"),
            ("changed", "FAQ-A"),
        ]),
    );
    want.insert(
        "v2026.2".to_string(),
        entries(&[
            ("added", "FAQ-NEW1"),
            ("removed", "PG-DEL1"),
            ("changed", "FAQ-C"),
            ("changed", "SLA-A"),
            ("review", "TRN-A"),
        ]),
    );
    want.insert("v2026.1".to_string(), Vec::new());
    assert_eq!(vendor, want, "vendor");

    let company = sections(&read("company/changes.html"));
    let mut want = BTreeMap::new();
    want.insert("unreleased".to_string(), entries(&[("changed", "FAQ-B")]));
    want.insert(
        "v2026.3".to_string(),
        entries(&[
            ("changed", "PG-GAIN"),
            ("retired", "PG-RET"),
            ("changed", "FAQ-A"),
        ]),
    );
    want.insert(
        "v2026.2".to_string(),
        entries(&[
            ("added", "FAQ-NEW1"),
            ("added", "PG-NEW-INT"),
            ("removed", "PG-DEL1"),
            ("removed", "PG-DEL2"),
            ("changed", "FAQ-C"),
            ("changed", "SLA-A"),
            ("changed", "PG-INT"),
            ("changed", "PG-MOVE"),
            ("review", "TRN-A"),
        ]),
    );
    want.insert("v2026.1".to_string(), Vec::new());
    assert_eq!(company, want, "company");

    // Newest first, the unreleased section on top.
    let vendor_changes = read("vendor/changes.html");
    let at = |needle: &str| vendor_changes.find(needle).unwrap();
    assert!(
        at("id=\"unreleased\"") < at("id=\"v2026.3\"")
            && at("id=\"v2026.3\"") < at("id=\"v2026.2\"")
    );
    // A changed field in the words of its page; a changed paragraph as
    // removed and added text, the unchanged one not repeated.
    let plain = site::strip_tags(&vendor_changes);
    assert!(plain.contains("3 分钟 → 2 分钟"), "{plain}");
    assert!(
        vendor_changes
            .contains("<del class=\"change-paragraph\"><span class=\"visually-hidden\">删除的内容：</span><p>答丙。</p>"),
        "{vendor_changes}"
    );
    assert!(
        vendor_changes.contains(
            "<ins class=\"change-paragraph\"><span class=\"visually-hidden\">新增的内容：</span><p>答丙（新）。</p>"
        )
    );
    assert!(!vendor_changes.contains("不变的一段"));
    // The vendor edition never names what it does not contain now, nor a
    // gained document's text from before it was shared.
    let vendor_files = site::read_tree(&out.join("vendor"));
    for secret in [
        "PG-MOVE",
        "将转内部",
        "移动前",
        "移动后的内部正文",
        "PG-INT",
        "内部页",
        "内部原文",
        "PG-DEL2",
        "将删除的内部页",
        "PG-NEW-INT",
        "内部时期的正文",
    ] {
        let found: Vec<&String> = vendor_files
            .iter()
            .filter(|(_, bytes)| text(bytes).to_lowercase().contains(&secret.to_lowercase()))
            .map(|(path, _)| path)
            .collect();
        assert!(
            found.is_empty(),
            "`{secret}` in the vendor edition: {found:?}"
        );
    }
    // Document pages list their releases and mark the newest release's.
    let gain = read("vendor/page/pg-gain.html");
    assert!(gain.contains("2026.3 新增"), "the mark: {gain}");
    let gain_company = read("company/page/pg-gain.html");
    assert!(gain_company.contains("2026.3 修改"));
    let sla = read("vendor/sla/sla-a.html");
    assert!(
        sla.contains("各版本的变更") && sla.contains("changes.html#v2026.2"),
        "{sla}"
    );
    assert!(
        !sla.contains("change-badge change-changed\" href"),
        "no mark: not changed in 2026.3"
    );
    // The newest release's changes open print.html, without body text.
    let print = read("vendor/print.html");
    let front = &print[..print.find("<article").unwrap()];
    assert!(
        front.contains("版本 2026.3 的变更")
            && front.contains("FAQ-A")
            && front.contains("PG-GAIN"),
        "{front}"
    );
    assert!(!front.contains("共享后的正文"));
    // The menu lists the change log, after the traceability matrix.
    let index = read("vendor/index.html");
    assert!(index.find("trace.html").unwrap() < index.find("changes.html").unwrap());
    // Output is deterministic.
    let again = root.join("again");
    site::build_ok(root, &again, &[]);
    assert_eq!(site::read_tree(&out), site::read_tree(&again));
}

#[test]
fn a_project_without_releases_has_no_change_log() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    small_project(root);
    let out = root.join("public");
    site::build_ok(root, &out, &[]);
    assert!(!out.join("company/changes.html").exists());
    assert!(
        !fs::read_to_string(out.join("company/index.html"))
            .unwrap()
            .contains("changes.html")
    );
    let _ = playbook(&["check"]);
}

/// `watch` shows the unreleased changes as the author edits: an edit of a
/// body reaches `changes.html` in the next incremental rebuild, and a new
/// release file in `releases/` moves it into that release's section.
#[test]
fn watch_shows_unreleased_changes_live() {
    use playbook::serve::site::Builder;
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    small_project(root);
    released(root, "2026-03-01");
    let mut builder = Builder::new(root, false);
    let changes = |outcome: &playbook::serve::site::Outcome| -> String {
        let site = outcome.site.as_ref().expect("the site builds");
        let (_, files) = site
            .editions
            .iter()
            .find(|(name, _)| name == "vendor")
            .unwrap();
        let (_, bytes) = files
            .iter()
            .find(|(path, _)| *path == "changes.html")
            .expect("changes.html");
        String::from_utf8(bytes.bytes().to_vec()).unwrap()
    };
    let first = changes(&builder.build());
    assert!(!first.contains("id=\"unreleased\""));
    let path = root.join("content/trn.md");
    let edited = fs::read_to_string(&path)
        .unwrap()
        .replace("培训正文。", "培训正文，新增一句说明。");
    fs::write(&path, edited).unwrap();
    let after_edit = builder.build_after(std::slice::from_ref(&path));
    let live = changes(&after_edit);
    assert!(
        live.contains("id=\"unreleased\"") && live.contains("培训正文，新增一句说明。"),
        "{live}"
    );
    // The version still names the release: the edit is flagged.
    assert!(
        after_edit
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "version-not-bumped"),
        "{:?}",
        after_edit.diagnostics
    );
    set_version(root, "2026.2");
    released(root, "2026-04-01");
    let after_release = builder.build_after(&[
        root.join("playbook.yaml"),
        root.join("releases/2026.2.json"),
    ]);
    assert!(
        after_release.diagnostics.is_empty(),
        "{:?}",
        after_release.diagnostics
    );
    let released_now = changes(&after_release);
    assert!(!released_now.contains("id=\"unreleased\""));
    let section = &released_now[released_now.find("id=\"v2026.2\"").unwrap()..];
    assert!(
        section.contains("培训正文，新增一句说明。"),
        "{released_now}"
    );
}

/// An edit of an internal page alone gives the company edition an
/// unreleased section and the vendor edition none (not even an empty one).
#[test]
fn an_internal_edit_alone_is_not_in_the_vendor_change_log() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    small_project(root);
    write(
        root,
        "content/int.md",
        &page("PG-SECRET", "内部价格", "internal", "", "单价 ¥2.60。"),
    );
    released(root, "2026-03-01");
    set_version(root, "2026.2");
    write(
        root,
        "content/int.md",
        &page("PG-SECRET", "内部价格", "internal", "", "单价 ¥2.80。"),
    );
    let out = root.join("public");
    site::build_ok(root, &out, &[]);
    let company = fs::read_to_string(out.join("company/changes.html")).unwrap();
    let vendor = fs::read_to_string(out.join("vendor/changes.html")).unwrap();
    assert!(company.contains("id=\"unreleased\"") && company.contains("¥2.80"));
    assert!(!vendor.contains("id=\"unreleased\""), "{vendor}");
    assert!(!vendor.contains("PG-SECRET") && !vendor.contains("¥2."));
}

/// Changes to the service credits and the calendar are listed in every
/// edition (the releases here differ only there).
#[test]
fn service_credit_and_calendar_changes_are_listed() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    small_project(root);
    released(root, "2026-03-01");
    let first = fs::read_to_string(root.join("releases/2026.1.json")).unwrap();
    let mut second: serde_json::Value = serde_json::from_str(&first).unwrap();
    second["version"] = "2026.2".into();
    second["service_credits"] = serde_json::json!({"cap": "15%"});
    second["calendar"] = serde_json::json!({
        "holidays": [{"name": "国庆节", "from": "2026-10-01", "to": "2026-10-07"}],
        "peaks": [{"id": "PEAK-1111", "name": "双十一", "from": "2026-10-31", "to": "2026-11-12"}]
    });
    write(
        root,
        "releases/2026.2.json",
        &serde_json::to_string_pretty(&second).unwrap(),
    );
    set_version(root, "2026.3");
    let out = root.join("public");
    site::build_ok(root, &out, &[]);
    for edition in ["company", "vendor"] {
        let html = fs::read_to_string(out.join(format!("{edition}/changes.html"))).unwrap();
        let section =
            &html[html.find("id=\"v2026.2\"").unwrap()..html.find("id=\"v2026.1\"").unwrap()];
        let plain = site::strip_tags(section);
        assert!(
            plain.contains("服务抵扣：每月上限100% → 15%"),
            "{edition}: {plain}"
        );
        assert!(plain.contains("国庆节 2026-10-01 – 2026-10-07"), "{plain}");
        assert!(plain.contains("双十一 2026-10-31 – 2026-11-12"), "{plain}");
        // The current content (no calendar, cap 100%) differs again.
        let unreleased =
            &html[html.find("id=\"unreleased\"").unwrap()..html.find("id=\"v2026.2\"").unwrap()];
        assert!(site::strip_tags(unreleased).contains("15% → 100%"));
    }
}

/// `met` of each actual of `id` in an edition's `playbook.json`, by period.
fn verdicts(out: &Path, id: &str) -> Vec<(String, bool)> {
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("company/playbook.json")).unwrap()).unwrap();
    let document = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|document| document["id"] == id)
        .unwrap_or_else(|| panic!("{id} in playbook.json"));
    document["actuals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|actual| {
            (
                actual["period"].as_str().unwrap().to_string(),
                actual["met"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// Section 6: a period is judged by the terms of the release in force at
/// its end. A CSAT SLA tightened from 85% to 90% in a release of March
/// keeps January's and February's verdicts (met at 86%) and its credit
/// stays unowed there; March on is judged by the new target. Without the
/// releases every month is judged by the current 90%.
#[test]
fn a_month_judged_before_and_after_a_tightened_sla_keeps_its_verdict() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let sla = |target: &str| {
        doc(
            "SLA-CSAT",
            "sla",
            "聊天满意度",
            &format!(
                "channel: chat\nmetric: csat\ntarget: {target}\nsatisfies: [REQ-CHAT]\ncredit: 2%\n"
            ),
            "满意度。",
        )
    };
    set_version(root, "2026.1");
    write(
        root,
        "content/req.md",
        &doc(
            "REQ-CHAT",
            "requirement",
            "聊天",
            "channels: [chat]\nhours: 24/7\n",
            "聊天。",
        ),
    );
    write(root, "content/sla.md", &sla("85%"));
    write(
        root,
        "content/trn.md",
        &doc(
            "TRN-CHAT",
            "training",
            "培训",
            "modules:\n  - { title: 聊天, duration: 1h, format: workshop, covers: [SLA-CSAT] }\n",
            "培训。",
        ),
    );
    write(
        root,
        "data/results.csv",
        "id,period,value\nSLA-CSAT,2026-01,86%\nSLA-CSAT,2026-02,86%\nSLA-CSAT,2026-03,86%\n",
    );
    released(root, "2026-01-10");
    set_version(root, "2026.2");
    write(root, "content/sla.md", &sla("90%"));
    released(root, "2026-03-01");

    let out = root.join("out");
    let build = |out: &Path| {
        let output = playbook(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", text(&output.stderr));
    };
    build(&out);
    assert_eq!(
        verdicts(&out, "SLA-CSAT"),
        [
            ("2026-01".to_string(), true),
            ("2026-02".to_string(), true),
            ("2026-03".to_string(), false),
        ]
    );
    let march = fs::read_to_string(out.join("company/review/2026-03.csv")).unwrap();
    assert!(march.contains("missed,2%"), "{march}");
    let february = fs::read_to_string(out.join("company/review/2026-02.csv")).unwrap();
    assert!(february.contains(",met,"), "{february}");

    // The same figures judged by the current terms alone.
    fs::remove_dir_all(root.join("releases")).unwrap();
    let out = root.join("out-unreleased");
    build(&out);
    assert!(
        verdicts(&out, "SLA-CSAT").iter().all(|(_, met)| !met),
        "{:?}",
        verdicts(&out, "SLA-CSAT")
    );
}
