//! `init`, `new` and `schema`: what they write, that the project stays
//! valid, and that they refuse (writing nothing) when they must.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use common::{check_json, playbook, summarize};

const KINDS: [&str; 7] = [
    "requirement",
    "sla",
    "training",
    "faq",
    "vendor",
    "kpi",
    "page",
];

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn init(dir: &Path) -> Output {
    let output = playbook(&["init", dir.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "init failed: {}",
        text(&output.stderr)
    );
    output
}

fn new(kind: &str, id: &str, root: &Path) -> Output {
    playbook(&["new", kind, id, "--root", root.to_str().unwrap()])
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap();
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

/// `check --drafts --format json`: exit status and summarized diagnostics.
fn check_with_drafts(root: &Path) -> (i32, Vec<String>) {
    let output = playbook(&[
        "check",
        "--drafts",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
    ]);
    let lines = text(&output.stdout).lines().map(summarize).collect();
    (output.status.code().unwrap_or(-1), lines)
}

#[test]
fn init_writes_a_project_that_checks_clean_and_builds() {
    let temp = tempfile::tempdir().unwrap();
    // The folder does not exist yet, nor its parent.
    let root = temp.path().join("engagements/shop");
    let output = init(&root);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("playbook check"), "{stdout}");
    assert!(stdout.contains("playbook build"), "{stdout}");

    let written = files(&root);
    assert_eq!(
        written,
        [
            "content/faq/faq-order-status.md",
            "content/index.md",
            "content/kpi/kpi-chat-first-response.md",
            "content/page/pg-escalation.md",
            "content/requirement/req-chat.md",
            "content/sla/sla-chat-first-response.md",
            "content/training/trn-chat-onboarding.md",
            "content/vendor/ven-example-contact.md",
            "data/chat-platform-2026-q1.csv",
            "playbook.yaml",
        ]
    );
    for file in &written {
        assert!(
            stdout.contains(&file.replace('/', std::path::MAIN_SEPARATOR_STR)),
            "the output names {file}: {stdout}"
        );
    }
    // Every top-level key of playbook.yaml is explained by the comment
    // just above it.
    let config = fs::read_to_string(root.join("playbook.yaml")).unwrap();
    let lines: Vec<&str> = config.lines().collect();
    for pair in lines.windows(2) {
        let (previous, line) = (pair[0], pair[1]);
        if line.contains(':') && !line.starts_with([' ', '#']) {
            assert!(previous.starts_with('#'), "`{line}` has a comment above it");
        }
    }

    assert_eq!(check_json(&root), (0, Vec::new()));
    assert_eq!(check_with_drafts(&root), (0, Vec::new()));
    let strict = playbook(&["check", "--deny-warnings", "--root", root.to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(0), "{}", text(&strict.stderr));

    let out = temp.path().join("site");
    let build = playbook(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    assert!(out.join("company/index.html").is_file());
    assert!(
        out.join("company/vendor/ven-example-contact.html")
            .is_file()
    );
    assert!(out.join("vendor/index.html").is_file());
    // The data file's figures reach the SLA's page and the month's review.
    let review = fs::read_to_string(out.join("company/review/2026-02.csv")).unwrap();
    assert!(
        review.contains("SLA-CHAT-FIRST-RESPONSE") && review.contains("78.0%,missed,2%"),
        "{review}"
    );
    // The calendar `init` declares is built into both editions.
    for file in ["company/calendar.html", "vendor/calendar.ics"] {
        assert!(out.join(file).is_file(), "{file}");
    }
    // The vendor page is internal: not a trace of it in the vendor's edition.
    for file in files(&out.join("vendor")) {
        let bytes = fs::read(out.join("vendor").join(&file)).unwrap();
        assert!(
            !text(&bytes).contains("VEN-EXAMPLE-CONTACT")
                && !text(&bytes).contains("Example Contact Centre"),
            "vendor/{file} shows the internal vendor page"
        );
    }
}

#[test]
fn init_without_a_folder_writes_into_the_current_one() {
    let temp = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("playbook")
        .unwrap()
        .arg("init")
        .current_dir(temp.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(temp.path().join("playbook.yaml").is_file());
    assert!(temp.path().join("content/index.md").is_file());
    assert_eq!(check_json(temp.path()), (0, Vec::new()));
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let mine = root.join("content/faq/faq-order-status.md");
    fs::create_dir_all(mine.parent().unwrap()).unwrap();
    fs::write(&mine, "my own FAQ\n").unwrap();

    let output = playbook(&["init", root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("faq-order-status.md"), "{stderr}");
    assert_eq!(fs::read_to_string(&mine).unwrap(), "my own FAQ\n");
    assert_eq!(files(root), ["content/faq/faq-order-status.md"]);

    // A second init over a complete project changes nothing either.
    let again = temp.path().join("again");
    init(&again);
    let before: Vec<(String, Vec<u8>)> = files(&again)
        .into_iter()
        .map(|file| {
            let bytes = fs::read(again.join(&file)).unwrap();
            (file, bytes)
        })
        .collect();
    fs::write(again.join("playbook.yaml"), "title: Mine\n").unwrap();
    let output = playbook(&["init", again.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        fs::read_to_string(again.join("playbook.yaml")).unwrap(),
        "title: Mine\n"
    );
    for (file, bytes) in before.iter().filter(|(file, _)| file != "playbook.yaml") {
        assert_eq!(&fs::read(again.join(file)).unwrap(), bytes, "{file}");
    }
}

#[test]
fn init_refuses_a_file_as_its_folder() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("not-a-folder");
    fs::write(&file, "").unwrap();
    let output = playbook(&["init", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn new_sla_in_an_initialised_project_keeps_it_clean() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    init(root);
    let output = new("sla", "SLA-NEW", root);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let path = root.join("content/sla/sla-new.md");
    assert!(
        text(&output.stdout).contains(&*path.to_string_lossy()),
        "prints the path written"
    );
    let written = fs::read_to_string(&path).unwrap();
    assert!(
        written.starts_with("---\nid: SLA-NEW\nkind: sla\n"),
        "{written}"
    );
    // The one requirement, and its channel.
    assert!(written.contains("\nsatisfies: [REQ-CHAT]\n"), "{written}");
    assert!(written.contains("\nchannel: chat\n"), "{written}");
    assert!(written.contains("\nmetric: first_response"), "{written}");
    assert!(written.contains("\ntarget: 5m"), "{written}");
    let body = written.splitn(3, "---\n").nth(2).unwrap();
    assert!(body.contains("Replace this paragraph"), "{written}");

    assert_eq!(check_json(root), (0, Vec::new()));
    // Checked with drafts, the new SLA is still to be taught: that is the
    // only thing said about it.
    assert_eq!(
        check_with_drafts(root),
        (
            0,
            vec!["warning sla-without-training content/sla/sla-new.md:2:5".to_string()]
        )
    );
}

#[test]
fn new_of_every_kind_keeps_the_project_valid() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    init(root);
    for kind in KINDS {
        let id = format!("{}-NEW", kind.to_uppercase());
        let output = new(kind, &id, root);
        assert_eq!(
            output.status.code(),
            Some(0),
            "new {kind}: {}",
            text(&output.stderr)
        );
        let path = root.join(format!("content/{kind}/{}.md", id.to_lowercase()));
        assert!(path.is_file(), "{}", path.display());
        assert_eq!(check_json(root), (0, Vec::new()), "after new {kind}");
        let (status, diagnostics) = check_with_drafts(root);
        assert_eq!(status, 0, "after new {kind}, with drafts: {diagnostics:?}");
        assert!(
            diagnostics.iter().all(|line| line.starts_with("warning ")),
            "after new {kind}, with drafts: {diagnostics:?}"
        );
    }
    let build = playbook(&["build", "--drafts", "--root", root.to_str().unwrap()]);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
}

#[test]
fn new_training_and_kpi_point_to_an_existing_sla() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    init(root);
    assert_eq!(new("sla", "SLA-CHAT-SECOND", root).status.code(), Some(0));
    // The SLA nothing covers or measures yet is the one chosen.
    assert_eq!(
        new("training", "TRN-CHAT-SECOND", root).status.code(),
        Some(0)
    );
    let training = fs::read_to_string(root.join("content/training/trn-chat-second.md")).unwrap();
    assert!(training.contains("covers: [SLA-CHAT-SECOND]"), "{training}");
    assert_eq!(new("kpi", "KPI-CHAT-SECOND", root).status.code(), Some(0));
    let kpi = fs::read_to_string(root.join("content/kpi/kpi-chat-second.md")).unwrap();
    assert!(kpi.contains("measures: [SLA-CHAT-SECOND]"), "{kpi}");
    assert!(kpi.contains("unit: duration"), "{kpi}");
    assert!(kpi.contains("target: 5m"), "{kpi}");
    assert_eq!(check_with_drafts(root), (0, Vec::new()));
}

#[test]
fn new_sla_without_a_requirement_exits_1_and_writes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(
        root.join("content/index.md"),
        "---\nid: HOME\nkind: page\ntitle: Home\n---\nHello.\n",
    )
    .unwrap();
    let output = new("sla", "SLA-NEW", root);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("requirement"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(files(root), ["content/index.md"]);
}

#[test]
fn new_with_a_used_id_or_an_existing_file_exits_1() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    init(root);
    let before = files(root);

    // The ID belongs to another document (of another kind, elsewhere).
    let output = new("faq", "REQ-CHAT", root);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("content/requirement/req-chat.md"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(files(root), before);

    // The file exists (whatever ID it holds).
    let path = root.join("content/page/pg-other.md");
    fs::write(
        &path,
        "---\nid: PG-SOMETHING\nkind: page\ntitle: Other\n---\n",
    )
    .unwrap();
    let output = new("page", "PG-OTHER", root);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        fs::read_to_string(&path).unwrap().contains("PG-SOMETHING"),
        "the file is untouched"
    );
}

#[test]
fn new_with_a_bad_command_line_exits_2() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    init(root);
    let before = files(root);
    for args in [["bogus", "X"], ["sla", "sla_bad"], ["page", "INDEX"]] {
        let output = new(args[0], args[1], root);
        assert_eq!(output.status.code(), Some(2), "new {args:?}");
    }
    assert_eq!(files(root), before);
}

#[test]
fn schema_prints_json_with_one_variant_per_kind() {
    let output = playbook(&["schema"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let schema: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the schema is JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let kinds: Vec<&str> = schema["oneOf"]
        .as_array()
        .expect("a oneOf over the kinds")
        .iter()
        .map(|variant| variant["properties"]["kind"]["const"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, KINDS);
    for variant in schema["oneOf"].as_array().unwrap() {
        assert_eq!(variant["additionalProperties"], false);
    }
    // The calendar terms of section 7, on requirements and SLAs.
    for variant in &schema["oneOf"].as_array().unwrap()[..2] {
        for field in ["during", "on_holidays"] {
            assert!(
                variant["properties"][field].is_object(),
                "{field} in {variant}"
            );
        }
    }
    // Deterministic.
    assert_eq!(playbook(&["schema"]).stdout, output.stdout);
}

/// The options and arguments of `playbook VERB --help` with their
/// descriptions: (the flag as shown, its description without the
/// `[default: …]` and `[possible values: …]` notes).
fn help_entries(verb: &str) -> Vec<(String, String)> {
    let output = playbook(&[verb, "--help"]);
    assert!(output.status.success(), "{verb} --help fails");
    let help = text(&output.stdout);
    let lines: Vec<&str> = help.lines().collect();
    let mut entries = Vec::new();
    let mut in_list = false;
    for (at, line) in lines.iter().enumerate() {
        if line.ends_with(':') && !line.starts_with(' ') {
            in_list = matches!(*line, "Options:" | "Arguments:");
            continue;
        }
        let trimmed = line.trim_start();
        if !in_list || !line.starts_with("  ") || !trimmed.starts_with(['-', '<', '[']) {
            continue;
        }
        // A flag is short when its description is on the same line
        // (after two spaces), long when it is on the lines below.
        let (flag, rest) = trimmed.split_once("  ").unwrap_or((trimmed, ""));
        let mut description = rest.trim().to_string();
        if description.is_empty() {
            description = lines[at + 1..]
                .iter()
                .take_while(|next| next.starts_with("          "))
                .map(|next| next.trim())
                .collect::<Vec<_>>()
                .join(" ");
        }
        let without_notes = description
            .split(" [default:")
            .next()
            .unwrap_or("")
            .split(" [possible values:")
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        let without_notes = if without_notes.starts_with('[') {
            String::new()
        } else {
            without_notes
        };
        entries.push((flag.trim().to_string(), without_notes));
    }
    entries
}

#[test]
fn every_flag_and_argument_of_every_verb_is_described_in_its_help() {
    for verb in [
        "build", "check", "watch", "init", "new", "schema", "release",
    ] {
        let entries = help_entries(verb);
        assert!(
            entries.iter().any(|(flag, _)| flag.starts_with("-h")),
            "{verb} --help lists no options: {entries:?}"
        );
        for (flag, description) in &entries {
            assert!(
                !description.is_empty(),
                "`playbook {verb} --help` does not describe `{flag}`"
            );
        }
    }
    // The verbs' own flags are among them.
    let flags = |verb: &str| -> Vec<String> {
        help_entries(verb)
            .into_iter()
            .map(|(flag, _)| flag)
            .collect()
    };
    for flag in ["--root", "--format", "--drafts", "--deny-warnings"] {
        assert!(
            flags("check").iter().any(|f| f.starts_with(flag)),
            "check {flag}"
        );
    }
    for flag in ["--root", "--bind", "--port", "--drafts", "--poll"] {
        assert!(
            flags("watch").iter().any(|f| f.starts_with(flag)),
            "watch {flag}"
        );
    }
    for argument in ["<KIND>", "<ID>", "--root"] {
        assert!(
            flags("new").iter().any(|f| f.starts_with(argument)),
            "new {argument}"
        );
    }
}
