//! Hostile input never panics and never hangs: each case is a clear error
//! naming the file, and a 4 MB document (just under the default
//! `limits.max_document_bytes`) is simply accepted with exact line numbers
//! to its last line.

mod common;

use std::fs;
use std::path::Path;

use common::check_json;

fn project_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let project = tempfile::tempdir().unwrap();
    let path = project.path().join("content").join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
    project
}

fn assert_single(project: &Path, want: &str) {
    let (status, got) = check_json(project);
    assert_eq!(got, [want]);
    assert_eq!(status, 1);
}

#[test]
fn invalid_utf8_names_the_file_and_byte() {
    let project = project_with(
        "gbk.md",
        b"---\nid: PG-A\nkind: page\ntitle: \xc4\xe3\xba\xc3\n---\n",
    );
    assert_single(project.path(), "error invalid-utf8 content/gbk.md:4:8");
}

#[test]
fn a_nul_byte_is_refused() {
    let project = project_with(
        "nul.md",
        b"---\nid: PG-A\nkind: page\ntitle: A\n---\nab\0c\n",
    );
    assert_single(project.path(), "error nul-byte content/nul.md:6:3");
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused() {
    // Block sequences nested on one line: `- - - - … x`.
    let block = format!(
        "---\nid: PG-A\nkind: page\ntitle: A\ntags:\n  {}x\n---\n",
        "- ".repeat(10_000)
    );
    let project = project_with("deep.md", block.as_bytes());
    let (status, got) = check_json(project.path());
    assert_eq!(status, 1);
    assert_eq!(got.len(), 1);
    assert!(
        got[0].starts_with("error yaml-too-deep content/deep.md:"),
        "{got:?}"
    );

    let flow = format!(
        "---\nid: PG-A\nkind: page\ntitle: A\ntags: {}{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let project = project_with("flow.md", flow.as_bytes());
    let (status, got) = check_json(project.path());
    assert_eq!(status, 1);
    assert!(
        got[0].starts_with("error yaml-too-deep content/flow.md:5:"),
        "{got:?}"
    );
}

#[test]
fn an_alias_bomb_is_refused() {
    let mut bomb = String::from(
        "---\nid: PG-A\nkind: page\ntitle: A\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for level in 1..12 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        bomb.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    bomb.push_str("---\n");
    let project = project_with("bomb.md", bomb.as_bytes());
    let (status, got) = check_json(project.path());
    assert_eq!(status, 1);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("error yaml-alias-limit content/bomb.md:"),
        "{got:?}"
    );
}

#[test]
fn a_tab_for_indentation_is_a_syntax_error_on_its_line() {
    let project = project_with(
        "tab.md",
        b"---\nid: PG-A\nkind: page\ntitle: A\ntags:\n\t- a\n---\n",
    );
    let (status, got) = check_json(project.path());
    assert_eq!(status, 1);
    assert_eq!(got.len(), 1);
    assert!(
        got[0].starts_with("error yaml-syntax content/tab.md:6:"),
        "{got:?}"
    );
}

#[test]
fn duplicate_keys_are_reported_at_the_later_key_and_checking_goes_on() {
    let project = project_with(
        "dup.md",
        "---\nid: PG-A\nkind: page\ntitle: A\ntitle: B\nowner: [x]\n---\n".as_bytes(),
    );
    let (status, got) = check_json(project.path());
    assert_eq!(status, 1);
    assert_eq!(
        got,
        [
            "error duplicate-key content/dup.md:5:1",
            "error invalid-value content/dup.md:6:8"
        ]
    );
}

#[test]
fn a_four_megabyte_document_is_accepted_with_exact_lines_to_the_end() {
    let mut text = String::from("---\nid: PG-BIG\nkind: page\ntitle: 大文件\n---\n");
    let paragraph = "这是一段很长的正文，用来测试大文件。Lorem ipsum dolor sit amet, [[PG-BIG]] consectetur.\n\n";
    let mut lines = 5;
    // Under the default document limit (4 MiB), with room for the last line.
    while text.len() < 4 * 1024 * 1024 - 256 {
        text.push_str(paragraph);
        lines += 2;
    }
    text.push_str("最后一行 [[MISSING]]\n");
    lines += 1;
    let project = project_with("big.md", text.as_bytes());
    let (status, got) = check_json(project.path());
    assert_eq!(
        got,
        [format!("error dangling-reference content/big.md:{lines}:8")]
    );
    assert_eq!(status, 1);
}

/// Found by the `front_matter` fuzz target: YAML ends a line at a lone
/// `\r`, so the parser's line numbers ran ahead of the file's (which end at
/// `\n`) and a diagnostic could point past the end of its line.
#[test]
fn a_lone_carriage_return_keeps_positions_on_the_files_lines() {
    let project = project_with("cr.md", b"---\nid: PG-A\rkind: pge\ntitle: A\n---\n");
    assert_single(project.path(), "error unknown-kind content/cr.md:2:16");
}
