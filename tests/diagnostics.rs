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
