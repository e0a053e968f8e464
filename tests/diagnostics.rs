//! Every diagnostic code has a fixture project under
//! `tests/fixtures/diagnostics/<name>/` with an `expected` file listing, one
//! per line, `severity code path:line:column` of each diagnostic `check`
//! must report, in order. The test runs the real binary on each and compares
//! exactly, so a wrong code, path, line or column fails it.
//!
//! Problems that cannot live in a repository (symbolic-link loops, dangling
//! links, unreadable files) are built in a temporary folder by the tests
//! at the end of this file.

mod common;

use std::fs;
use std::path::Path;

use common::{check_json, fixture};

fn expected(dir: &Path) -> Vec<String> {
    fs::read_to_string(dir.join("expected"))
        .unwrap_or_else(|_| panic!("{} has an `expected` file", dir.display()))
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(String::from)
        .collect()
}

#[test]
fn every_fixture_reports_exactly_its_expected_diagnostics() {
    let root = fixture("diagnostics");
    let mut dirs: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no fixtures under {}", root.display());
    let mut failures = Vec::new();
    for dir in &dirs {
        let want = expected(dir);
        let (status, got) = check_json(dir);
        let has_error = want.iter().any(|line| line.starts_with("error "));
        let want_status = if has_error { 1 } else { 0 };
        if got != want || status != want_status {
            failures.push(format!(
                "{}:\n  exit {status} (want {want_status})\n  got:\n    {}\n  want:\n    {}",
                dir.file_name().unwrap().to_string_lossy(),
                got.join("\n    "),
                want.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every code of the table has at least one fixture that expects it.
#[test]
fn every_code_has_a_fixture() {
    let root = fixture("diagnostics");
    let mut seen = std::collections::BTreeSet::new();
    for entry in fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        if dir.is_dir() {
            for line in expected(&dir) {
                if let Some(code) = line.split_whitespace().nth(1) {
                    seen.insert(code.to_string());
                }
            }
        }
    }
    let readme = fs::read_to_string(common::repo_root().join("README.md")).unwrap();
    // Rows of the diagnostics table: "| `code` | error |" or "| warning |".
    let codes: Vec<&str> = readme
        .lines()
        .filter(|line| line.contains("| error |") || line.contains("| warning |"))
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .collect();
    assert!(codes.len() >= 35, "the README lists the codes: {codes:?}");
    let missing: Vec<&&str> = codes
        .iter()
        .filter(|code| !seen.contains(**code) && !RUNTIME_FIXTURES.contains(code))
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}

/// Codes whose fixtures are built at run time by the tests below.
const RUNTIME_FIXTURES: &[&str] = &[
    "symlink-loop",
    "dangling-symlink",
    "unreadable-file",
    "static-into-content",
    // Built by tests/trust.rs (a link to the output folder; a write that
    // fails) and tests/bad_input.rs.
    "static-into-output",
    "write-failed",
    // 250 001 YAML values (half a megabyte): built by tests/huge_inputs.rs
    // and tests/bad_input.rs.
    "yaml-too-large",
];
fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const VALID_PAGE: &str = "---\nid: PG-A\nkind: page\ntitle: A\n---\nbody\n";

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let project = tempfile::tempdir().unwrap();
    write(&project.path().join("content/a.md"), VALID_PAGE);
    std::os::unix::fs::symlink("..", project.path().join("content/sub/loop")).unwrap_or_else(
        |_| {
            fs::create_dir_all(project.path().join("content/sub")).unwrap();
            std::os::unix::fs::symlink("..", project.path().join("content/sub/loop")).unwrap();
        },
    );
    let (status, got) = check_json(project.path());
    assert_eq!(status, 1);
    assert_eq!(got, ["error symlink-loop content/sub/loop:1:1"]);
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_reported() {
    let project = tempfile::tempdir().unwrap();
    write(&project.path().join("content/a.md"), VALID_PAGE);
    std::os::unix::fs::symlink("gone.md", project.path().join("content/old.md")).unwrap();
    let (status, got) = check_json(project.path());
    assert_eq!(status, 1);
    assert_eq!(got, ["error dangling-symlink content/old.md:1:1"]);
}

#[cfg(unix)]
#[test]
fn a_static_link_into_content_is_refused() {
    // `static/` is copied into every edition as it is: through this link,
    // document sources (internal ones too) would reach the vendor.
    let project = tempfile::tempdir().unwrap();
    write(&project.path().join("content/a.md"), VALID_PAGE);
    fs::create_dir_all(project.path().join("static")).unwrap();
    std::os::unix::fs::symlink("../content", project.path().join("static/sources")).unwrap();
    std::os::unix::fs::symlink("../content/a.md", project.path().join("static/a.txt")).unwrap();
    let (status, got) = check_json(project.path());
    assert_eq!(status, 1);
    assert_eq!(
        got,
        [
            "error static-into-content static/a.txt:1:1",
            "error static-into-content static/sources:1:1"
        ]
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_reported() {
    // Tests may run as root, which reads any file whatever its mode; a
    // link to /proc/self/mem is a regular file whose read fails for anyone.
    let project = tempfile::tempdir().unwrap();
    write(&project.path().join("content/a.md"), VALID_PAGE);
    std::os::unix::fs::symlink("/proc/self/mem", project.path().join("content/mem.md")).unwrap();
    let (status, got) = check_json(project.path());
    assert_eq!(status, 1);
    assert_eq!(got, ["error unreadable-file content/mem.md:1:1"]);
}

/// Human output is capped (the first `HUMAN_PER_FILE` of a file, then how
/// many more; `HUMAN_TOTAL` in all) and linear in the number of
/// diagnostics; the JSON output always lists every one. 40 000 dangling
/// references took 15 s to print for people (each diagnostic scanned its
/// file from the start for its line).
#[test]
fn human_output_is_capped_and_json_is_complete() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let refs = |n: usize, prefix: &str| {
        (0..n)
            .map(|i| format!("- [[NOPE-{prefix}{i}]]\n"))
            .collect::<String>()
    };
    let page = |id: &str, body: String| format!("---\nid: {id}\nkind: page\ntitle: T\n---\n{body}");
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(root.join("content/a.md"), page("PG-A", refs(3_000, "A"))).unwrap();
    for file in 0..12 {
        fs::write(
            root.join(format!("content/b{file:02}.md")),
            page(&format!("PG-B{file}"), refs(60, &format!("B{file}X"))),
        )
        .unwrap();
    }
    let (status, json) = check_json(root);
    assert_eq!(status, 1);
    assert_eq!(json.len(), 3_000 + 12 * 60);
    assert!(
        json.iter()
            .all(|d| d.starts_with("error dangling-reference"))
    );

    let output = common::playbook(&["check", "--root", root.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr.matches("error[dangling-reference]").count(), 500);
    assert_eq!(stderr.matches("content/a.md:").count(), 50, "{stderr}");
    assert!(
        stderr.contains("… and 2950 more in `content/a.md` (`--format json` lists every one)"),
        "{stderr}"
    );
    // The last of the 500 is in b08.md (50 from a.md, 50 from each bNN).
    assert_eq!(stderr.matches("content/b08.md:").count(), 50);
    assert!(!stderr.contains("content/b09.md:"));
    assert!(
        stderr.contains("… and 3220 more diagnostics not shown (`--format json` lists every one)"),
        "{stderr}"
    );
    // The count line still counts every one.
    assert!(stderr.contains("3720 errors"), "{stderr}");
}

/// A document that fails to load (a YAML error, an unknown kind, a missing
/// `kind`) is no document: references to its ID say which file declares
/// it and has errors, and the warnings its absence would cause (an
/// uncovered channel, an SLA without training) are left out.
#[test]
fn references_to_a_broken_document_name_its_file() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let files = [
        (
            "content/req.md",
            "---\nid: REQ-X\nkind: requirement\ntitle: R\npriority: must\nchannels: [chat, email]\nhours: 24/7\n---\nr\n",
        ),
        (
            "content/sla-ok.md",
            "---\nid: SLA-OK\nkind: sla\ntitle: S\nchannel: chat\nmetric: first_response\ntarget: 2m\nsatisfies: [REQ-X]\n---\ns\n",
        ),
        (
            "content/sla-broken.md",
            "---\nid: SLA-BROKEN\nkind: sla\ntitle: [unclosed\nchannel: email\nmetric: first_response\ntarget: 2h\nsatisfies: [REQ-X]\n---\ns\n",
        ),
        (
            "content/training-broken.md",
            "---\nid: \"TRN-BROKEN\"\nkind: trainin\ntitle: T\nmodules:\n  - { title: M, duration: 1h, format: workshop, covers: [SLA-OK] }\n---\nt\n",
        ),
        (
            "content/faq-broken.md",
            "---\nid: FAQ-BROKEN\ntitle: F\n---\nf\n",
        ),
        (
            "content/page.md",
            "---\nid: PG-A\nkind: page\ntitle: A\n---\n[[SLA-BROKEN]] [t](@TRN-BROKEN) [[FAQ-BROKEN]] [[PG-NONE]]\n",
        ),
    ];
    for (path, text) in files {
        fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        fs::write(root.join(path), text).unwrap();
    }
    let output = common::playbook(&[
        "check",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
    ]);
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let on_page: Vec<(&str, &str)> = lines
        .iter()
        .filter(|d| d["path"] == "content/page.md")
        .map(|d| (d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        on_page,
        [
            (
                "dangling-reference",
                "`SLA-BROKEN` is declared by `content/sla-broken.md`, which has errors and so is not loaded as a document"
            ),
            (
                "dangling-reference",
                "`TRN-BROKEN` is declared by `content/training-broken.md`, which has errors and so is not loaded as a document"
            ),
            (
                "dangling-reference",
                "`FAQ-BROKEN` is declared by `content/faq-broken.md`, which has errors and so is not loaded as a document"
            ),
            ("dangling-reference", "no document has the ID `PG-NONE`"),
        ]
    );
    let warnings: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|d| d["severity"] == "warning")
        .collect();
    assert_eq!(warnings, Vec::<&serde_json::Value>::new());
}

/// Spreadsheet habits in data files get the exact spelling to write, in
/// every encoding (the fixture's three files hold the same rows).
#[test]
fn spreadsheet_habits_in_data_files_get_an_exact_hint() {
    let root = fixture("diagnostics/data-invalid-value");
    let output = common::playbook(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let messages: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            format!(
                "{} {}",
                value["path"].as_str().unwrap(),
                value["message"].as_str().unwrap()
            )
        })
        .collect();
    for (file, month) in [("a.csv", "1"), ("b.csv", "2"), ("c.tsv", "3")] {
        for hint in [
            "write `93.5%`".to_string(),
            format!("`2026/{month}` is not a monthly period: write `2026-0{month}`"),
            format!("`2026/6/1{month}` is not a daily period: write `2026-06-1{month}`"),
        ] {
            assert!(
                messages
                    .iter()
                    .any(|message| message.starts_with(&format!("data/{file}"))
                        && message.contains(&hint)),
                "{file}: no message with {hint:?} in {messages:#?}"
            );
        }
    }
}
