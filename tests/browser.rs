//! The built site in a real browser: headless Chromium driven by the Node
//! scripts of `tests/browser/` (playwright-core, axe-core), on the example
//! playbook built by the real binary and opened from disk (`file://`).
//!
//! Needs `/usr/bin/chromium` (or `PLAYBOOK_CHROMIUM`), `fonts-noto-cjk`,
//! `pdftotext`/`pdfinfo` (poppler-utils), Node ≥ 20 and
//! `npm ci --prefix tests/browser`; hence `#[ignore]`: `.ci/run` installs
//! them and runs `cargo test -- --include-ignored`. Alone:
//! `cargo test --test browser -- --include-ignored`.
//! `PLAYBOOK_SCREENSHOTS=DIR` keeps screenshots of the SLA matrix, the KPI
//! dashboard and the trace page at desktop and phone widths in DIR.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

const TODAY: &str = "2026-11-26";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `playbook build --root ROOT --out <tempdir>`; the build must succeed.
/// Returns the output folder and the build's stderr (its diagnostics).
fn build(root: &Path) -> (TempDir, String) {
    let out = tempfile::tempdir().expect("a temporary folder");
    let output = Command::cargo_bin("playbook")
        .expect("the playbook binary is built")
        .current_dir(repo())
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out.path())
        .env("PLAYBOOK_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("playbook runs");
    let stderr = text(&output.stderr);
    assert!(
        output.status.success(),
        "playbook build --root {} failed ({}):\n{stderr}",
        root.display(),
        output.status
    );
    (out, stderr)
}

fn build_example() -> TempDir {
    build(&repo()).0
}

/// `node tests/browser/SCRIPT ARGS…`, from the repository root.
fn node(script: &str, args: &[&str]) -> Output {
    let scripts = repo().join("tests/browser");
    assert!(
        scripts.join("node_modules/playwright-core").is_dir()
            && scripts.join("node_modules/axe-core").is_dir(),
        "the browser tests need their Node packages: run `npm ci --prefix tests/browser`"
    );
    std::process::Command::new("node")
        .current_dir(repo())
        .arg(scripts.join(script))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node (Node ≥ 20 is needed): {e}"))
}

/// Runs a script and requires exit status 0; returns its JSON summary (the
/// last line of its stdout).
fn node_ok(script: &str, args: &[&str]) -> serde_json::Value {
    let output = node(script, args);
    let stdout = text(&output.stdout);
    let stderr = text(&output.stderr);
    assert!(
        output.status.success(),
        "node tests/browser/{script} {} failed ({}):\n{stderr}{stdout}",
        args.join(" "),
        output.status
    );
    // What the script reported (violations it tolerates, timings), shown
    // with --nocapture.
    eprintln!("$ node tests/browser/{script} {}", args.join(" "));
    eprint!("{stderr}");
    let last = stdout.lines().last().unwrap_or("");
    serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("{script}: last stdout line is not JSON ({e}): {stdout}"))
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

fn accessibility(edition: &str) {
    let out = build_example();
    let summary = node_ok("a11y.mjs", &[path_str(out.path()), edition]);
    let pages = summary["pages"].as_array().expect("the pages checked");
    for page in [
        "index.html",
        "trace.html",
        "print.html",
        "404.html",
        "kpi/index.html",
    ] {
        assert!(
            pages.iter().any(|p| p == page),
            "{page} was checked: {summary}"
        );
    }
}

#[test]
#[ignore = "needs Chromium and Node (tests/browser); .ci/run runs it"]
fn company_pages_have_no_serious_accessibility_violations() {
    accessibility("company");
}

#[test]
#[ignore = "needs Chromium and Node (tests/browser); .ci/run runs it"]
fn vendor_pages_have_no_serious_accessibility_violations() {
    accessibility("vendor");
}

fn layout(edition: &str) {
    let out = build_example();
    let summary = node_ok("layout.mjs", &[path_str(out.path()), edition]);
    assert_eq!(summary["kpiCards"], 7, "every KPI has a card: {summary}");
    for (viewport, width) in [("desktop", 1280), ("phone", 390)] {
        let widest = summary["viewports"][viewport]["maxScrollWidth"].as_u64();
        assert!(widest.is_some_and(|w| w <= width + 1), "{summary}");
    }
}

#[test]
#[ignore = "needs Chromium and Node (tests/browser); .ci/run runs it"]
fn company_pages_fit_desktop_and_phone_widths() {
    layout("company");
}

#[test]
#[ignore = "needs Chromium and Node (tests/browser); .ci/run runs it"]
fn vendor_pages_fit_desktop_and_phone_widths() {
    layout("vendor");
}

fn print(edition: &str) -> serde_json::Value {
    let out = build_example();
    let summary = node_ok("print.mjs", &[path_str(out.path()), edition]);
    let documents = summary["documents"].as_u64().unwrap();
    assert!(documents > 40, "{summary}");
    assert_eq!(summary["ids_found"], documents, "{summary}");
    assert!(
        summary["pages"].as_u64().unwrap() * 2 > documents,
        "{summary}"
    );
    summary
}

#[test]
#[ignore = "needs Chromium and Node (tests/browser); .ci/run runs it"]
fn company_print_pdf_holds_every_document() {
    print("company");
}

#[test]
#[ignore = "needs Chromium and Node (tests/browser); .ci/run runs it"]
fn vendor_print_pdf_holds_every_document_and_no_internal_id() {
    let summary = print("vendor");
    // The leak check had something to look for.
    assert!(
        summary["internal_ids_checked"].as_u64().unwrap() >= 5,
        "{summary}"
    );
    assert_eq!(summary["internal_ids_leaked"], 0, "{summary}");
}

#[test]
#[ignore = "needs Chromium and Node (tests/browser); .ci/run runs it"]
fn example_trace_has_every_requirement_and_no_gap() {
    let out = build_example();
    for edition in ["company", "vendor"] {
        let summary = node_ok("trace.mjs", &[path_str(out.path()), edition, "--no-gaps"]);
        assert_eq!(summary["requirements"], 8, "{summary}");
        assert_eq!(summary["gap_elements"], 0, "{summary}");
    }
}

#[test]
#[ignore = "needs Chromium and Node (tests/browser); .ci/run runs it"]
fn trace_names_each_gap_in_words() {
    let fixture = repo().join("tests/fixtures/browser-trace-gaps");
    let (out, diagnostics) = build(&fixture);
    // Warnings only: the SLA no module covers; the uncovered requirement is a
    // `could`, so no channel-without-sla.
    assert!(
        diagnostics.contains("warning[sla-without-training]"),
        "{diagnostics}"
    );
    assert!(
        !diagnostics.contains("channel-without-sla"),
        "{diagnostics}"
    );
    assert!(!diagnostics.contains("error"), "{diagnostics}");
    for edition in ["company", "vendor"] {
        let summary = node_ok(
            "trace.mjs",
            &[
                path_str(out.path()),
                edition,
                "--gap",
                "REQ-UNCOVERED",
                "--gap",
                "SLA-UNTRAINED",
                "--covered",
                "REQ-COVERED",
                "--gap-word",
                "Gap:",
            ],
        );
        assert_eq!(
            summary["worded_gaps"].as_array().unwrap().len(),
            2,
            "{summary}"
        );
    }
}

#[test]
#[ignore = "needs Chromium and Node (tests/browser); .ci/run runs it"]
fn menu_works_from_file_urls() {
    let out = build_example();
    for edition in ["company", "vendor"] {
        let summary = node_ok("smoke.mjs", &[path_str(out.path()), edition]);
        let landed = summary["landed"].as_str().unwrap_or("");
        assert!(
            landed.starts_with("file://") && landed.ends_with("/index.html"),
            "{summary}"
        );
        assert!(
            !summary["h1"].as_str().unwrap_or("").is_empty(),
            "{summary}"
        );
    }
}
