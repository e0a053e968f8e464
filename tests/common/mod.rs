//! Helpers shared by the integration tests: running the real binary on a
//! project and reading its JSON diagnostics.

#![allow(dead_code)]

pub mod watch;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(path)
}

/// `playbook ARGS…` with a fixed "today" and no colour.
pub fn playbook(args: &[&str]) -> Output {
    Command::cargo_bin("playbook")
        .expect("the playbook binary is built")
        .args(args)
        .env("PLAYBOOK_TODAY", "2026-11-26")
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("playbook runs")
}

/// One diagnostic as `severity code path:line:column`.
pub fn summarize(json_line: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json_line)
        .unwrap_or_else(|error| panic!("not JSON ({error}): {json_line}"));
    format!(
        "{} {} {}:{}:{}",
        value["severity"].as_str().unwrap_or("?"),
        value["code"].as_str().unwrap_or("?"),
        value["path"].as_str().unwrap_or("?"),
        value["line"],
        value["column"]
    )
}

/// Runs `check --format json` on a project and returns its exit status and
/// the summarized diagnostics.
pub fn check_json(root: &Path) -> (i32, Vec<String>) {
    let output = playbook(&[
        "check",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(output.stdout).expect("JSON output is UTF-8");
    let lines = stdout.lines().map(summarize).collect();
    (output.status.code().unwrap_or(-1), lines)
}
