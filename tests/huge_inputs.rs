//! Issue 15: one huge input must not take gigabytes. A document larger
//! than `limits.max_document_bytes` is refused (`document-too-large`, at
//! `path:1:1`) by `check` and `build` alike, whatever its shape (a table,
//! a list, paragraphs, a code block, many headings, a huge front matter),
//! the build exits 1 and the previous output stays byte for byte; a
//! document of exactly the limit is accepted. Front matter with more values
//! than the YAML budget allows is `yaml-too-large` (it was misreported as
//! `yaml-too-deep`). `watch` is covered in tests/watch.rs.
//!
//! The memory these limits bound is measured, not asserted here:
//! `benches/huge_inputs.py` (README, Performance).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The shapes of a huge document: each makes a whole document of about
/// `size` bytes (the caller pads it to the byte).
const SHAPES: &[&str] = &[
    "table",
    "list",
    "paragraphs",
    "code",
    "headings",
    "front-matter",
    "links",
];

const HUGE: &str = "content/page/huge.md";

/// A valid document of `shape`, exactly `size` bytes long.
fn document(shape: &str, size: usize) -> String {
    // Room for the padding paragraph at the end ("\n\n" + x… + "\n").
    let budget = size.saturating_sub(80);
    let mut head = String::from("---\nid: PG-HUGE\nkind: page\ntitle: A huge page\n");
    let mut body = String::new();
    let mut tail = String::new();
    let unit = |i: usize| -> String {
        match shape {
            "table" => format!("| {i} | 退款 {i} | 微信 | ok |\n"),
            "list" => format!("- 第 {i} 项：退款原路退回 refund {i}\n"),
            "paragraphs" => format!("第 {i} 段。退款原路退回。Refunds go back, paragraph {i}.\n\n"),
            "code" => format!("line {i}: refund <order id=\"{i}\"> & 退款\n"),
            "headings" => format!("## 第 {i} 节 Section {i}\n\nText {i}.\n\n"),
            "front-matter" => format!("  - tag-{i}\n"),
            "links" => {
                format!("See [[PG-ESCALATION]] and [the FAQ](@FAQ-ORDER-STATUS), item {i}.\n\n")
            }
            other => panic!("unknown shape {other}"),
        }
    };
    match shape {
        "table" => body.push_str("| # | 订单 | 支付 | 到账 |\n|---|---|---|---|\n"),
        "code" => {
            body.push_str("```text\n");
            tail.push_str("```\n");
        }
        "front-matter" => head.push_str("tags:\n"),
        _ => {}
    }
    let mut i = 0;
    loop {
        let next = unit(i);
        let total = head.len() + body.len() + tail.len() + next.len() + "---\n".len();
        if total > budget {
            break;
        }
        if shape == "front-matter" {
            head.push_str(&next);
        } else {
            body.push_str(&next);
        }
        i += 1;
    }
    let mut text = format!("{head}---\n{body}{tail}\n\n");
    assert!(text.len() < size, "{shape}: {} bytes", text.len());
    let padding = size - text.len() - 1;
    text.push_str(&"x".repeat(padding));
    text.push('\n');
    assert_eq!(text.len(), size, "{shape}");
    text
}

/// A fresh project from `playbook init`, with `limits` appended to its
/// `playbook.yaml` when given.
fn project(limits: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    let init = common::playbook(&["init", root.to_str().unwrap()]);
    assert!(init.status.success(), "{init:?}");
    if let Some(limits) = limits {
        let config = root.join("playbook.yaml");
        let mut text = fs::read_to_string(&config).unwrap();
        text.push_str(&format!("limits: {limits}\n"));
        fs::write(config, text).unwrap();
    }
    dir
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path.clone());
            }
            let bytes = if path.is_dir() {
                Vec::new()
            } else {
                fs::read(&path).unwrap()
            };
            files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
        }
    }
    files
}

/// `check --format json`: exit code and the errors (`error code path:l:c`).
fn check_errors(root: &Path) -> (i32, Vec<String>) {
    let (code, diagnostics) = common::check_json(root);
    let errors = diagnostics
        .into_iter()
        .filter(|line| line.starts_with("error "))
        .collect();
    (code, errors)
}

fn build(root: &Path, out: &Path) -> std::process::Output {
    common::playbook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// The class: every shape one byte over the limit is refused by `check`
/// and `build` with the one diagnostic at `huge.md:1:1`, naming its size,
/// the limit and what to do; the output of the last good build stays;
/// at exactly the limit each shape is checked and built.
#[test]
fn every_shape_over_the_document_limit_is_refused_and_the_output_kept() {
    const LIMIT: usize = 64 * 1024;
    let mut failures = Vec::new();
    for shape in SHAPES {
        let dir = project(Some(&format!("{{ max_document_bytes: {LIMIT} }}")));
        let root = dir.path().join("p");
        let out = dir.path().join("out");
        let first = build(&root, &out);
        assert!(first.status.success(), "{first:?}");
        let before = snapshot(&out);

        fs::write(root.join(HUGE), document(shape, LIMIT + 1)).unwrap();
        let (code, errors) = check_errors(&root);
        let want = vec![format!("error document-too-large {HUGE}:1:1")];
        if code != 1 || errors != want {
            failures.push(format!(
                "{shape}: check over the limit: exit {code}, {errors:?}"
            ));
        }
        let run = build(&root, &out);
        let stderr = String::from_utf8_lossy(&run.stderr);
        if run.status.code() != Some(1) {
            failures.push(format!("{shape}: build over the limit: {:?}", run.status));
        }
        for needle in [
            "error[document-too-large]",
            &format!("{HUGE}:1:1"),
            &format!("{} bytes", LIMIT + 1),
            &format!("limits.max_document_bytes` ({LIMIT})"),
            "split",
            "the previous output is untouched",
        ] {
            if !stderr.contains(needle) {
                failures.push(format!(
                    "{shape}: build's stderr lacks {needle:?}:\n{stderr}"
                ));
            }
        }
        if snapshot(&out) != before {
            failures.push(format!("{shape}: the previous output was changed"));
        }

        fs::write(root.join(HUGE), document(shape, LIMIT)).unwrap();
        let (code, errors) = check_errors(&root);
        if code != 0 || !errors.is_empty() {
            failures.push(format!(
                "{shape}: check at the limit: exit {code}, {errors:?}"
            ));
        }
        let run = build(&root, &out);
        if !run.status.success() {
            failures.push(format!(
                "{shape}: build at the limit: {}",
                String::from_utf8_lossy(&run.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Without `limits`, the default (4 MiB) applies: a table one byte over it
/// is refused, one of exactly 4 MiB is checked.
#[test]
fn the_default_limit_is_four_mib() {
    const DEFAULT: usize = 4 * 1024 * 1024;
    let dir = project(None);
    let root = dir.path().join("p");
    fs::write(root.join(HUGE), document("table", DEFAULT + 1)).unwrap();
    let (code, errors) = check_errors(&root);
    assert_eq!(code, 1);
    assert_eq!(errors, [format!("error document-too-large {HUGE}:1:1")]);
    fs::write(root.join(HUGE), document("table", DEFAULT)).unwrap();
    let (code, errors) = check_errors(&root);
    assert_eq!((code, errors), (0, Vec::<String>::new()));
}

/// A file over both limits is `file-too-large` only (it is not read), and
/// raising `max_document_bytes` above `max_file_bytes` does not lift the
/// file limit.
#[test]
fn the_file_limit_still_comes_first() {
    let dir = project(Some("{ max_file_bytes: 3000, max_document_bytes: 2000 }"));
    let root = dir.path().join("p");
    fs::write(root.join(HUGE), document("list", 3001)).unwrap();
    assert_eq!(
        check_errors(&root),
        (1, vec![format!("error file-too-large {HUGE}:1:1")])
    );
    let dir = project(Some("{ max_file_bytes: 3000, max_document_bytes: 5000 }"));
    let root = dir.path().join("p");
    fs::write(root.join(HUGE), document("list", 3001)).unwrap();
    assert_eq!(
        check_errors(&root),
        (1, vec![format!("error file-too-large {HUGE}:1:1")])
    );
}

/// `limits.max_document_bytes` must be a positive number of bytes.
#[test]
fn a_bad_document_limit_is_a_config_error() {
    for bad in ["0", "lots", "-1", "1.5"] {
        let dir = project(Some(&format!("{{ max_document_bytes: {bad} }}")));
        let (code, errors) = check_errors(&dir.path().join("p"));
        assert_eq!(code, 1, "{bad}");
        assert!(
            errors.len() == 1 && errors[0].starts_with("error config-invalid-value playbook.yaml:"),
            "{bad}: {errors:?}"
        );
    }
}

/// Front matter past the YAML budget (250 000 values), in every way of
/// writing many values, is `yaml-too-large` at the opening `---`, not
/// `yaml-too-deep` (which named a nesting limit the file did not break).
#[test]
fn front_matter_over_the_value_budget_is_yaml_too_large() {
    const VALUES: usize = 250_001;
    let flow = format!("tags: [{}]\n", vec!["a"; VALUES].join(", "));
    let block = format!("tags:\n{}", "  - a\n".repeat(VALUES));
    let maps = format!(
        "related:\n{}",
        "  - { a: b, c: d }\n".repeat(VALUES / 4 + 1)
    );
    let mut failures = Vec::new();
    for (name, many) in [
        ("flow list", &flow),
        ("block list", &block),
        ("maps", &maps),
    ] {
        let dir = project(None);
        let root = dir.path().join("p");
        let text = format!("---\nid: PG-HUGE\nkind: page\ntitle: Many values\n{many}---\nBody.\n");
        assert!(
            text.len() < 4 * 1024 * 1024,
            "{name}: under the document limit"
        );
        fs::write(root.join(HUGE), text).unwrap();
        // One run (a quarter of a million values is slow to parse in a
        // debug build): the position, and the message and help in the JSON.
        let output = common::playbook(&[
            "check",
            "--format",
            "json",
            "--root",
            root.to_str().unwrap(),
        ]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let errors: Vec<String> = stdout.lines().map(common::summarize).collect();
        let want = vec![format!("error yaml-too-large {HUGE}:1:1")];
        if output.status.code() != Some(1) || errors != want {
            failures.push(format!("{name}: {:?}, {errors:?}", output.status));
        }
        // The message names the budget, the help where results belong.
        if !(stdout.contains("250000") && stdout.contains("data/")) {
            failures.push(format!("{name}: {stdout}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
