//! Property: whatever sequence of edits an author makes (add, change,
//! rename and delete documents, introduce and fix errors, change the
//! configuration), the site `watch` builds incrementally after each edit is
//! byte for byte the site a clean build of the same files gives, and so are
//! the diagnostics. The project holds documents of every kind, and the
//! edits set every front-matter field of each kind (to valid and invalid
//! values) and rewrite their bodies, besides the page edits below.

use std::fs;
use std::path::Path;

use playbook::serve::site::{Builder, Outcome, clean_build};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Edit {
    Add(u8),
    ChangeBody(u8, u8),
    ChangeTitle(u8, u8),
    Rename(u8),
    Delete(u8),
    Break(u8),
    LinkTo(u8, u8),
    RetitleSite(u8),
    TouchWithoutChange(u8),
    MakeInternal(u8),
    OverrideTemplate(bool),
    /// Retitles the document's heading (its anchor, which links may name).
    Rehead(u8, u8),
    /// Gives the document another ID (links to the old one break).
    Reid(u8),
    /// Sets field `.1` (of those `FIELDS` lists for its kind) of the
    /// document of every kind `.0` (of `KIND_DOCS`) to value `.2`.
    SetField(u8, u8, u8),
    /// Rewrites the body of the document of every kind `.0`.
    KindBody(u8, u8),
    /// Rewrites (or, for some values, deletes or breaks) the data file of
    /// the KPI's measured results.
    Figures(u8),
    /// Rewrites the service calendar of `playbook.yaml` (section 7).
    Calendar(u8),
    /// Freezes the content as the next release (`releases/1.N.json`), as
    /// `playbook release` writes it: the change log and every page's list
    /// of releases follow.
    Release,
}

/// The documents of every kind the project starts with: (file, kind,
/// front matter after `id` and `kind`, body).
const KIND_DOCS: &[(&str, &str, &str, &str)] = &[
    (
        "req-0",
        "requirement",
        "title: Chat\nchannels: [phone, chat]\nhours: 24/7\n",
        "Chat and phone, see [[SLA-0]].",
    ),
    (
        "req-1",
        "requirement",
        "title: Email\nchannels: [email, phone]\nhours: daily 08:00-22:00\npriority: should\n",
        "Email.",
    ),
    (
        "sla-0",
        "sla",
        "title: Chat in 2 minutes\nchannel: chat\nmetric: first_response\ntarget: 2m\nsatisfies: [REQ-0]\n",
        "Measured per chat, see [[REQ-0]].",
    ),
    (
        "sla-1",
        "sla",
        "title: Phone in 1 minute\nchannel: phone\nmetric: first_response\ntarget: 1m\nsatisfies: [REQ-0, REQ-1]\n",
        "Phone.",
    ),
    (
        "trn-0",
        "training",
        "title: Chat training\nmodules: [{ title: Chat, duration: 1h, format: workshop, covers: [SLA-0, SLA-1] }]\n",
        "Training for [[SLA-0]].",
    ),
    (
        "faq-0",
        "faq",
        "title: How fast?\nrelated: [SLA-0]\n",
        "Two minutes, see [[SLA-0]].",
    ),
    (
        "ven-0",
        "vendor",
        "title: Vendor\naudience: internal\nexperience_years: 3\nrating: 4\nquality: high\n",
        "A vendor.",
    ),
    (
        "kpi-0",
        "kpi",
        "title: Chat first response\nunit: duration\ntarget: 2m\nbetter: lower\nmeasures: [SLA-0]\nactuals: [{ period: 2026-01, value: 1m30s }]\n",
        "Monthly, see [[SLA-0]].",
    ),
];

/// Every front-matter field of each kind, with values to set it to (some
/// invalid, or invalid with the other fields: the diagnostics are compared
/// too).
fn fields(kind: &str) -> Vec<(&'static str, [&'static str; 3])> {
    let mut fields = vec![
        ("title", ["Retitled", "改名 标题", "\"Quoted: title\""]),
        ("audience", ["shared", "internal", "vendors"]),
        ("status", ["approved", "draft", "retired"]),
        ("owner", ["Ops", "客服运营部", "[not, text]"]),
        ("updated", ["2026-01-01", "2026-06-30", "yesterday"]),
        ("review_by", ["2026-01-31", "2027-12-31", "2026-02-30"]),
        ("tags", ["[a, b]", "[标签]", "[]"]),
        ("weight", ["1", "5", "heavy"]),
    ];
    fields.extend(match kind {
        "requirement" => vec![
            ("channels", ["[phone, chat]", "[email]", "[wechat]"]),
            ("hours", ["24/7", "daily 08:00-22:00", "always"]),
            ("priority", ["must", "should", "maybe"]),
            ("volume", ["100", "21000", "many"]),
        ],
        "sla" => vec![
            ("channel", ["chat", "phone", "email"]),
            ("metric", ["first_response", "csat", "resolution"]),
            ("target", ["2m", "90%", "soon"]),
            ("window", ["monthly", "weekly", "daily"]),
            ("satisfies", ["[REQ-0]", "[REQ-0, REQ-1]", "[FAQ-0]"]),
            ("credit", ["1%", "2%", "lots"]),
        ],
        "training" => vec![
            ("participants", ["[坐席]", "[班组长, 坐席]", "[]"]),
            (
                "schedule",
                [
                    "{ start: 2026-03-16, refresh: quarterly }",
                    "{ start: 2026-05-01, refresh: monthly }",
                    "{ start: never }",
                ],
            ),
            ("pass_mark", ["90%", "80%", "high"]),
            (
                "modules",
                [
                    "[{ title: M, duration: 1h, format: workshop, covers: [SLA-0] }]",
                    "[{ title: N, duration: 2h, format: reading, covers: [REQ-0, FAQ-0] }]",
                    "[{ title: O, duration: 1h, format: workshop, covers: [SLA-9] }]",
                ],
            ),
        ],
        "faq" => vec![("related", ["[SLA-0]", "[SLA-1, KPI-0, HOME]", "[NOPE-1]"])],
        "vendor" => vec![
            ("experience_years", ["3", "7", "old"]),
            ("rating", ["4", "4.5", "great"]),
            ("quality", ["high", "medium", "superb"]),
            ("selected", ["true", "false", "maybe"]),
        ],
        "kpi" => vec![
            ("unit", ["duration", "percent", "apples"]),
            ("target", ["2m", "90%", "soon"]),
            ("better", ["lower", "higher", "sideways"]),
            ("frequency", ["monthly", "quarterly", "hourly"]),
            ("measures", ["[SLA-0]", "[SLA-0, SLA-1]", "[REQ-0]"]),
            (
                "actuals",
                [
                    "[{ period: 2026-01, value: 1m30s }]",
                    "[{ period: 2026-02, value: 95% }, { period: 2026-03, value: 3m }]",
                    "[]",
                ],
            ),
        ],
        _ => Vec::new(),
    });
    fields
}

/// Sets `field: value` in the front matter of the file at `path` (in
/// place of the field's line, else before the closing `---`).
fn set_field(path: &Path, field: &str, value: &str) -> String {
    let text = fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let close = lines
        .iter()
        .skip(1)
        .position(|line| line == "---")
        .map(|at| at + 1);
    let Some(close) = close else {
        return text;
    };
    let prefix = format!("{field}:");
    lines.retain(|line| !line.starts_with(&prefix));
    let close = lines
        .iter()
        .skip(1)
        .position(|line| line == "---")
        .map_or(close, |at| at + 1);
    lines.insert(close, format!("{field}: {value}"));
    lines.join("\n") + "\n"
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..6u8).prop_map(Edit::Add),
        (0..6u8, any::<u8>()).prop_map(|(d, v)| Edit::ChangeBody(d, v)),
        (0..6u8, any::<u8>()).prop_map(|(d, v)| Edit::ChangeTitle(d, v)),
        (0..6u8).prop_map(Edit::Rename),
        (0..6u8).prop_map(Edit::Delete),
        (0..6u8).prop_map(Edit::Break),
        (0..6u8, 0..6u8).prop_map(|(a, b)| Edit::LinkTo(a, b)),
        Just(Edit::Release),
        any::<u8>().prop_map(Edit::RetitleSite),
        (0..6u8).prop_map(Edit::TouchWithoutChange),
        (0..6u8).prop_map(Edit::MakeInternal),
        any::<bool>().prop_map(Edit::OverrideTemplate),
        (0..6u8, 0..6u8).prop_map(|(d, v)| Edit::Rehead(d, v)),
        (0..6u8).prop_map(Edit::Reid),
        (0..8u8, any::<u8>(), 0..3u8).prop_map(|(d, f, v)| Edit::SetField(d, f, v)),
        (0..8u8, any::<u8>()).prop_map(|(d, v)| Edit::KindBody(d, v)),
        any::<u8>().prop_map(Edit::Figures),
        any::<u8>().prop_map(Edit::Calendar),
    ]
}

/// The file of document `n`, wherever it lives now.
fn find(root: &Path, n: u8) -> Option<std::path::PathBuf> {
    let name = format!("doc-{n}");
    walk(&root.join("content")).into_iter().find(|path| {
        path.file_stem()
            .and_then(|stem| stem.to_str())
            .is_some_and(|stem| stem == name || stem == format!("{name}-moved"))
    })
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(walk(&path));
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn page(n: u8, title: &str, body: &str) -> String {
    format!("---\nid: PG-{n}\nkind: page\ntitle: {title}\n---\n## Part {n}\n\n{body}\n")
}

/// Makes the edit; returns the paths a watcher reports for it.
fn apply(root: &Path, edit: &Edit) -> Vec<std::path::PathBuf> {
    let mut touched = Vec::new();
    fn write(touched: &mut Vec<std::path::PathBuf>, path: std::path::PathBuf, text: String) {
        fs::write(&path, text).unwrap();
        touched.push(path);
    }
    /// Replaces the first `from` in the file with `to`.
    fn replace_in(
        touched: &mut Vec<std::path::PathBuf>,
        path: std::path::PathBuf,
        from: &str,
        to: &str,
    ) {
        let text = fs::read_to_string(&path).unwrap();
        write(touched, path, text.replacen(from, to, 1));
    }
    match edit {
        Edit::Add(n) => {
            if find(root, *n).is_none() {
                write(
                    &mut touched,
                    root.join(format!("content/doc-{n}.md")),
                    page(*n, &format!("Page {n}"), "Text."),
                );
            }
        }
        Edit::ChangeBody(n, v) | Edit::ChangeTitle(n, v) => {
            if let Some(path) = find(root, *n) {
                let (title, body) = match edit {
                    Edit::ChangeBody(..) => {
                        (format!("Page {n}"), format!("Body {v} 中文 [[HOME]]"))
                    }
                    _ => (format!("Title {v}"), "Text.".to_string()),
                };
                write(&mut touched, path, page(*n, &title, &body));
            }
        }
        Edit::Rename(n) => {
            if let Some(path) = find(root, *n) {
                let target = root.join(format!("content/moved/doc-{n}-moved.md"));
                if path != target {
                    fs::create_dir_all(target.parent().unwrap()).unwrap();
                    fs::rename(&path, &target).unwrap();
                    touched.extend([target.parent().unwrap().to_path_buf(), path, target]);
                }
            }
        }
        Edit::Delete(n) => {
            if let Some(path) = find(root, *n) {
                fs::remove_file(&path).unwrap();
                touched.push(path);
            }
        }
        Edit::Break(n) => {
            if let Some(path) = find(root, *n) {
                write(
                    &mut touched,
                    path,
                    format!("---\nid: PG-{n}\nkind: page\ntitle: [broken\n---\n"),
                );
            }
        }
        Edit::LinkTo(a, b) => {
            if let Some(path) = find(root, *a) {
                write(
                    &mut touched,
                    path,
                    page(
                        *a,
                        &format!("Page {a}"),
                        &format!("See [[PG-{b}]] and [x](@PG-{b}#part-{b})."),
                    ),
                );
            }
        }
        Edit::RetitleSite(v) => {
            write(
                &mut touched,
                root.join("playbook.yaml"),
                format!("title: Site {v}\n"),
            );
        }
        Edit::Calendar(v) => {
            write(
                &mut touched,
                root.join("playbook.yaml"),
                calendar_config(*v),
            );
        }
        Edit::MakeInternal(n) => {
            if let Some(path) = find(root, *n) {
                replace_in(
                    &mut touched,
                    path,
                    "kind: page\n",
                    "kind: page\naudience: internal\n",
                );
            }
        }
        Edit::OverrideTemplate(on) => {
            let path = root.join("templates/404.html");
            if *on {
                fs::create_dir_all(root.join("templates")).unwrap();
                touched.push(root.join("templates"));
                write(&mut touched, path, "{% extends \"base.html\" %}{% block content %}<p>Lost?</p>{% endblock content %}".to_string());
            } else {
                let _ = fs::remove_file(&path);
                touched.push(path);
            }
        }
        Edit::TouchWithoutChange(n) => {
            if let Some(path) = find(root, *n) {
                let bytes = fs::read(&path).unwrap();
                fs::write(&path, bytes).unwrap();
                touched.push(path);
            }
        }
        Edit::Rehead(n, v) => {
            if let Some(path) = find(root, *n) {
                let (from, to) = (format!("## Part {n}\n"), format!("## Part {v}\n"));
                replace_in(&mut touched, path, &from, &to);
            }
        }
        Edit::SetField(n, field, value) => {
            let (file, kind, _, _) = KIND_DOCS[*n as usize % KIND_DOCS.len()];
            let fields = fields(kind);
            let (name, values) = fields[*field as usize % fields.len()];
            let path = root.join(format!("content/kinds/{file}.md"));
            let text = set_field(&path, name, values[*value as usize % values.len()]);
            write(&mut touched, path, text);
        }
        Edit::KindBody(n, v) => {
            let path = root.join(format!(
                "content/kinds/{}.md",
                KIND_DOCS[*n as usize % KIND_DOCS.len()].0
            ));
            let text = fs::read_to_string(&path).unwrap();
            let (front, _) = text.rsplit_once("---\n").unwrap();
            let body = match v % 3 {
                0 => format!("Body {v} 中文, see [[SLA-{}]] and [[KPI-0]].", v % 2),
                1 => format!("## Heading {v}\n\nText without links {v}."),
                _ => format!("See [[HOME]] and [x](@REQ-{}).", v % 2),
            };
            write(&mut touched, path, format!("{front}---\n{body}\n"));
        }
        Edit::Reid(n) => {
            if let Some(path) = find(root, *n) {
                let (from, to) = (format!("id: PG-{n}\n"), format!("id: PG-{n}0\n"));
                replace_in(&mut touched, path, &from, &to);
            }
        }
        Edit::Figures(v) => {
            let path = root.join("data/results.csv");
            fs::create_dir_all(root.join("data")).unwrap();
            touched.push(root.join("data"));
            match v % 7 {
                0 => {
                    let _ = fs::remove_file(&path);
                    touched.push(path);
                }
                1 => write(
                    &mut touched,
                    path,
                    "id,period,value\nKPI-X,2026/3,0.9\n".to_string(),
                ),
                month => write(
                    &mut touched,
                    path,
                    format!(
                        "id,period,value,note\nKPI-X,2026-0{month},{v}%,note {v}\nKPI-X,2026-0{},8{month}%,\n",
                        month - 1
                    ),
                ),
            }
        }
        Edit::Release => {
            let folder = root.join("releases");
            fs::create_dir_all(&folder).unwrap();
            let version = format!("1.{}", fs::read_dir(&folder).unwrap().count() + 1);
            let (corpus, _) = playbook::content::load(root);
            let content = playbook::release::snapshot::compared_content(&corpus);
            let text = playbook::release::snapshot::to_file(
                &version,
                jiff::civil::date(2026, 1, 1),
                &content,
            );
            write(&mut touched, folder.join(format!("{version}.json")), text);
        }
    }
    touched
}

/// A `playbook.yaml` with a calendar that differs by `v`: a holiday's day,
/// its hours and name, and whether there is a peak.
fn calendar_config(v: u8) -> String {
    let peak = if v.is_multiple_of(3) {
        String::new()
    } else {
        format!(
            "  peaks:\n    - {{ id: PEAK-A, name: Sale {v}, from: 2026-05-0{}, to: 2026-05-20 }}\n",
            1 + v % 4
        )
    };
    format!(
        "title: Site\ncalendar:\n  holidays:\n    - {{ name: Holiday {v}, from: 2026-05-0{}, hours: \"10:00-1{}:00\" }}\n{peak}",
        1 + v % 7,
        v % 10
    )
}

fn same(incremental: &Outcome, clean: &Outcome) -> Result<(), String> {
    if incremental.diagnostics != clean.diagnostics {
        return Err(format!(
            "diagnostics differ:\n{:?}\n{:?}",
            incremental.diagnostics, clean.diagnostics
        ));
    }
    if incremental.site != clean.site {
        return Err("sites differ".to_string());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn incremental_rebuilds_equal_clean_builds(edits in prop::collection::vec(edit(), 1..10)) {
        let project = tempfile::tempdir().unwrap();
        let root = project.path();
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("playbook.yaml"), "title: Site\n").unwrap();
        fs::write(root.join("content/index.md"), "---\nid: HOME\nkind: page\ntitle: Home\n---\nWelcome.\n").unwrap();
        // A requirement whose hours the calendar changes.
        fs::write(
            root.join("content/req.md"),
            "---\nid: REQ-A\nkind: requirement\ntitle: Line\nchannels: [phone]\nhours: daily 08:00-20:00\npriority: could\n---\n",
        )
        .unwrap();
        // Four documents that link to each other's headings, so that
        // edits of anchors and IDs change how unchanged files resolve.
        for n in 0..4u8 {
            let next = (n + 1) % 4;
            fs::write(
                root.join(format!("content/doc-{n}.md")),
                page(n, &format!("Page {n}"), &format!("See [x](@PG-{next}#part-{next}).")),
            )
            .unwrap();
        }
        fs::create_dir_all(root.join("content/kinds")).unwrap();
        for (file, kind, front, body) in KIND_DOCS {
            fs::write(
                root.join(format!("content/kinds/{file}.md")),
                format!("---\nid: {}\nkind: {kind}\n{front}---\n{body}\n", file.to_uppercase()),
            )
            .unwrap();
        }
        // A KPI whose figures the `Figures` edit writes in `data/`.
        fs::write(
            root.join("content/kpi.md"),
            "---\nid: KPI-X\nkind: kpi\ntitle: Figures\nunit: percent\ntarget: 90%\nbetter: higher\nactuals:\n  - { period: 2026-01, value: 91% }\n---\n",
        )
        .unwrap();
        // The project starts without errors (the edits may add some).
        let outcome = clean_build(root, false);
        prop_assert!(outcome.site.is_some(), "{:?}", outcome.diagnostics);
        let mut builder = Builder::new(root, false);
        let first = builder.build();
        prop_assert!(same(&first, &clean_build(root, false)).is_ok());
        for edit in &edits {
            // As `watch` does: told which paths changed.
            let touched = apply(root, edit);
            let incremental = builder.build_after(&touched);
            let clean = clean_build(root, false);
            if let Err(difference) = same(&incremental, &clean) {
                prop_assert!(false, "after {edit:?}: {difference}");
            }
        }
    }
}

/// A calendar edit reaches every view `watch` serves: the calendar page,
/// the requirement's page and `calendar.ics`.
#[test]
fn a_calendar_edit_reaches_the_views_watch_serves() {
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(root.join("playbook.yaml"), calendar_config(1)).unwrap();
    fs::write(
        root.join("content/req.md"),
        "---\nid: REQ-A\nkind: requirement\ntitle: Line\nchannels: [phone]\nhours: daily 08:00-20:00\npriority: could\n---\n",
    )
    .unwrap();
    let mut builder = Builder::new(root, false);
    let first = builder.build();
    let text = |outcome: &Outcome, path: &str| {
        let site = outcome.site.as_ref().expect("no errors");
        String::from_utf8(site.file("company", path).expect(path).to_vec()).unwrap()
    };
    assert!(text(&first, "calendar.html").contains("Holiday 1"));
    assert!(text(&first, "requirement/req-a.html").contains("10:00–11:00"));
    fs::write(root.join("playbook.yaml"), calendar_config(5)).unwrap();
    let second = builder.build_after(&[root.join("playbook.yaml")]);
    assert!(text(&second, "calendar.html").contains("Holiday 5"));
    assert!(!text(&second, "calendar.html").contains("Holiday 1"));
    assert!(text(&second, "requirement/req-a.html").contains("10:00–15:00"));
    assert!(text(&second, "calendar.ics").contains("SUMMARY:Holiday 5"));
    assert!(same(&second, &clean_build(root, false)).is_ok());
}
