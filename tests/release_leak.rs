//! Property: whatever a project's release history, the vendor edition's
//! change log (and every other file of the edition) names a document only
//! in the states in which the vendor edition contains it. Histories are
//! generated: documents of four kinds, each present or not, shared or
//! internal, retired or not, with one of several texts, in each of three
//! releases and in the current content, so documents are added, changed,
//! moved between audiences (both ways), retired and removed, and bodies
//! reference other documents (`[[ID]]`, `[text](@ID)`, `related`,
//! `satisfies`).
//!
//! Every text a document has while it is internal is made of tokens no
//! other text uses; the scan looks for each such token, and for the ID of
//! every document the vendor edition may not name (internal now, or
//! deleted while internal), in every file of the vendor edition, raw, as
//! HTML entities, JSON escapes and percent encoding, in any letter case.
//! The releases are written with the same functions `playbook release`
//! uses (`release::snapshot`), after the project passed every check.

mod common;
mod site;

use std::fs;
use std::path::Path;

use playbook::diag::Severity;
use proptest::prelude::*;

const WORDS: [&str; 8] = [
    "Zorblax", "Quixotl", "Velmirq", "Draxune", "Plumbix", "Korvath", "Ysoldex", "Grimwalq",
];
const PREFIXES: [&str; 4] = ["REQ", "SLA", "FAQ", "PG"];
const KIND_NAMES: [&str; 4] = ["requirement", "sla", "faq", "page"];
const STATES: usize = 4;

#[derive(Clone, Debug)]
struct State {
    present: bool,
    internal: bool,
    retired: bool,
    variant: u8,
    refs: Vec<u16>,
}

#[derive(Clone, Debug)]
struct DocSpec {
    kind: usize,
    states: Vec<State>,
}

fn state() -> impl Strategy<Value = State> {
    (
        prop::bool::weighted(0.8),
        any::<bool>(),
        prop::bool::weighted(0.15),
        0u8..3,
        prop::collection::vec(any::<u16>(), 0..3),
    )
        .prop_map(|(present, internal, retired, variant, refs)| State {
            present,
            internal,
            retired,
            variant,
            refs,
        })
}

fn history() -> impl Strategy<Value = Vec<DocSpec>> {
    prop::collection::vec(
        (0usize..4, prop::collection::vec(state(), STATES))
            .prop_map(|(kind, states)| DocSpec { kind, states }),
        3..=WORDS.len(),
    )
}

fn id(index: usize, kind: usize) -> String {
    format!("{}-{}", PREFIXES[kind], WORDS[index].to_uppercase())
}

/// The token of a document's text in one variant and audience: only the
/// texts of that document, variant and audience contain it.
fn token(index: usize, state: &State) -> String {
    format!(
        "{}{}{}",
        WORDS[index],
        state.variant,
        if state.internal { "q" } else { "s" }
    )
}

/// Which documents are in the project in state `s` (an SLA needs a
/// requirement to satisfy).
fn present(history: &[DocSpec], s: usize) -> Vec<bool> {
    let requirement = history
        .iter()
        .any(|doc| doc.kind == 0 && doc.states[s].present);
    history
        .iter()
        .map(|doc| doc.states[s].present && (doc.kind != 1 || requirement))
        .collect()
}

/// Writes the documents of state `s` into `content/`.
fn write_state(root: &Path, history: &[DocSpec], s: usize) {
    let content = root.join("content");
    let _ = fs::remove_dir_all(&content);
    fs::create_dir_all(&content).unwrap();
    let here = present(history, s);
    let ids: Vec<String> = history
        .iter()
        .enumerate()
        .map(|(index, doc)| id(index, doc.kind))
        .collect();
    let requirement = history
        .iter()
        .enumerate()
        .find(|(index, doc)| doc.kind == 0 && here[*index])
        .map(|(index, _)| ids[index].clone());
    for (index, doc) in history.iter().enumerate() {
        if !here[index] {
            continue;
        }
        let state = &doc.states[s];
        let token = token(index, state);
        let others: Vec<usize> = (0..history.len())
            .filter(|&other| other != index && here[other])
            .collect();
        let targets: Vec<&str> = if others.is_empty() {
            Vec::new()
        } else {
            state
                .refs
                .iter()
                .map(|pick| ids[others[*pick as usize % others.len()]].as_str())
                .collect()
        };
        let mut front = format!(
            "id: {}\nkind: {}\ntitle: \"{token} 标题 & <{token}>\"\naudience: {}\nstatus: {}\nowner: {token}组\n",
            ids[index],
            KIND_NAMES[doc.kind],
            if state.internal { "internal" } else { "shared" },
            if state.retired { "retired" } else { "approved" },
        );
        match doc.kind {
            0 => front.push_str(&format!(
                "channels: [chat]\nhours: 24/7\nvolume: {}\n",
                100 * u32::from(state.variant) + 1
            )),
            1 => front.push_str(&format!(
                "channel: chat\nmetric: first_response\ntarget: {}m\nsatisfies: [{}]\n",
                state.variant + 1,
                requirement.clone().unwrap_or_default()
            )),
            2 => front.push_str(&format!("related: [{}]\n", targets.join(", "))),
            _ => {}
        }
        let mut body = format!("{token} 第一段正文 & <{token}>。\n\n不变的一段。\n");
        for (n, target) in targets.iter().enumerate() {
            if n % 2 == 0 {
                body.push_str(&format!("\n见 [[{target}]]。\n"));
            } else {
                body.push_str(&format!("\n另见[这份说明](@{target})。\n"));
            }
        }
        fs::write(
            content.join(format!("{}.md", ids[index].to_lowercase())),
            format!("---\n{front}---\n{body}"),
        )
        .unwrap();
    }
}

fn set_version(root: &Path, version: &str) {
    fs::write(
        root.join("playbook.yaml"),
        format!("title: 手册\nversion: \"{version}\"\nlanguage: zh-Hans\n"),
    )
    .unwrap();
}

fn errors(diagnostics: &[playbook::diag::Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d.code.as_str(),
                d.path,
                d.pos.line,
                d.message
            )
        })
        .collect()
}

/// `\uXXXX` decoded.
fn json_decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\\u") {
        out.push_str(&rest[..at]);
        let hex = rest
            .get(at + 2..at + 6)
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match hex.and_then(char::from_u32) {
            Some(c) => {
                out.push(c);
                rest = &rest[at + 6..];
            }
            None => {
                out.push_str("\\u");
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every reading of a file, lower case.
fn readings(text: &str) -> Vec<String> {
    let html = site::decode_entities(text);
    let json = json_decode(text);
    let both = site::decode_entities(&json);
    let percent = site::percent_decode(&html);
    [text.to_string(), html, json, both, percent]
        .into_iter()
        .map(|t| t.to_lowercase())
        .collect()
}

fn check_history(history: &[DocSpec]) -> Result<(), TestCaseError> {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("releases")).unwrap();
    for s in 0..STATES - 1 {
        let version = format!("1.{}", s + 1);
        set_version(root, &version);
        write_state(root, history, s);
        let today = jiff::civil::date(2026, s as i8 + 1, 1);
        let analysis = playbook::pipeline::analyze(root, false, Some(today));
        let problems = errors(&analysis.diagnostics);
        prop_assert!(problems.is_empty(), "state {s}: {problems:?}");
        let content = playbook::release::snapshot::compared_content(&analysis.corpus);
        fs::write(
            root.join(format!("releases/{version}.json")),
            playbook::release::snapshot::to_file(&version, today, &content),
        )
        .unwrap();
    }
    set_version(root, "1.4");
    write_state(root, history, STATES - 1);
    let outcome = playbook::serve::site::clean_build(root, false);
    let problems = errors(&outcome.diagnostics);
    prop_assert!(
        problems.is_empty() && outcome.site.is_some(),
        "{problems:?}"
    );
    let site = outcome.site.unwrap();
    let vendor = site
        .editions
        .iter()
        .find(|(name, _)| name == "vendor")
        .map(|(_, files)| files)
        .unwrap();
    let files: Vec<(String, Vec<String>)> = vendor
        .iter()
        .map(|(path, bytes)| {
            let bytes = bytes.bytes();
            let mut all = readings(&String::from_utf8_lossy(&bytes));
            all.extend(readings(path));
            (path.clone(), all)
        })
        .collect();
    prop_assert!(files.iter().any(|(path, _)| path == "changes.html"));
    let found = |needle: &str| -> Vec<String> {
        let needle = needle.to_lowercase();
        files
            .iter()
            .filter(|(_, readings)| readings.iter().any(|r| r.contains(&needle)))
            .map(|(path, _)| path.clone())
            .collect()
    };
    let presence: Vec<Vec<bool>> = (0..STATES).map(|s| present(history, s)).collect();
    // Each entry of the vendor's change log is about a state the vendor
    // edition contains: added, retired and changed documents are shared
    // after; a removed one was shared before and is gone from the project
    // (one that only moved to `internal` is not mentioned).
    let changes = vendor
        .iter()
        .find(|(path, _)| *path == "changes.html")
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes.bytes()).into_owned())
        .unwrap_or_default();
    for part in changes.split("<section class=\"change-section").skip(1) {
        let section = part
            .split("id=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("");
        let after = match section {
            "unreleased" => STATES - 1,
            other => {
                other
                    .trim_start_matches("v1.")
                    .parse::<usize>()
                    .unwrap_or(1)
                    - 1
            }
        };
        for item in part.split("<li class=\"change-item change-").skip(1) {
            let change = item.split('"').next().unwrap_or("");
            let named = item
                .split("<code class=\"doc-id\">")
                .nth(1)
                .and_then(|r| r.split('<').next())
                .unwrap_or("");
            let Some(index) = (0..history.len()).find(|&i| id(i, history[i].kind) == named) else {
                prop_assert!(false, "unknown ID `{named}` in section {section}");
                continue;
            };
            let doc = &history[index];
            if change == "removed" {
                prop_assert!(
                    after > 0
                        && presence[after - 1][index]
                        && !doc.states[after - 1].internal
                        && !presence[after][index],
                    "{named} listed as removed in {section}"
                );
            } else {
                prop_assert!(
                    presence[after][index] && !doc.states[after].internal,
                    "{named} listed as {change} in {section}"
                );
            }
            if change == "added" {
                prop_assert!(
                    after == 0 || !presence[after - 1][index] || doc.states[after - 1].internal,
                    "{named} listed as added in {section}, though the edition had it"
                );
            }
        }
    }
    for (index, doc) in history.iter().enumerate() {
        // Every text of an internal state.
        for (s, (state, here)) in doc.states.iter().zip(&presence).enumerate() {
            if here[index] && state.internal {
                let token = token(index, state);
                let leaks = found(&token);
                prop_assert!(
                    leaks.is_empty(),
                    "internal text `{token}` (state {s}) in {leaks:?}"
                );
            }
        }
        // The ID of a document the vendor may not name: its last state
        // (now, or before it was deleted) is internal.
        let last = (0..STATES).rev().find(|&s| presence[s][index]);
        if let Some(last) = last
            && doc.states[last].internal
        {
            let id = id(index, doc.kind);
            let leaks = found(&id);
            prop_assert!(leaks.is_empty(), "`{id}` in {leaks:?}");
        }
        // A control: a shared document whose text changed since the newest
        // release is in the vendor's change log.
        let (before, now) = (&doc.states[STATES - 2], &doc.states[STATES - 1]);
        if presence[STATES - 2][index]
            && presence[STATES - 1][index]
            && !before.internal
            && !now.internal
            && before.variant != now.variant
        {
            let id = id(index, doc.kind);
            prop_assert!(
                found(&id).contains(&"changes.html".to_string()),
                "{id} not in the change log"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn the_vendor_change_log_names_documents_only_while_it_contains_them(history in history()) {
        check_history(&history)?;
    }
}

/// The scan finds a token however a file spells it.
#[test]
fn the_scan_finds_every_spelling() {
    for spelling in [
        "Zorblax1q",
        "zorblax1Q",
        "&#90;orblax1q",
        "\\u005aorblax1q",
        "%5Aorblax1q",
    ] {
        assert!(
            readings(spelling).iter().any(|r| r.contains("zorblax1q")),
            "{spelling}"
        );
    }
}
