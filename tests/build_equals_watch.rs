//! `watch` serves what `build` writes: for every fixture project that
//! builds, the example and a generated corpus of 1 000 documents, the files
//! of the site `watch` serves (its in-memory site, as the server hands it
//! out before injecting the live-reload script) are byte for byte the files
//! `playbook build` writes for the same content, after the first build and
//! after each edit of a sequence: the body and the title of a document of
//! every kind, `playbook.yaml`, the calendar, a data file of measured
//! results, a new release, and a template. Watch rebuilds as it does
//! when its watcher reports the saved files (`Builder::build_after`),
//! reusing what did not change; build reuses nothing.

mod common;

#[allow(dead_code)]
#[path = "../benches/generate_corpus.rs"]
mod generate_corpus;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use playbook::serve::site::{Builder, Site};

/// Every file of every edition: (edition, path) → bytes.
type Files = BTreeMap<(String, String), Vec<u8>>;

/// What `playbook build` writes for the project at `root`, or `None` when
/// it does not build.
fn built(root: &Path) -> Option<Files> {
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("playbook"))
        .args(["build", "--root", root.to_str().unwrap(), "--out"])
        .arg(out.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    if !status.success() {
        return None;
    }
    let mut files = Files::new();
    for edition in fs::read_dir(out.path()).unwrap() {
        let edition = edition.unwrap();
        let name = edition.file_name().to_string_lossy().to_string();
        for path in walk(&edition.path()) {
            let relative = path
                .strip_prefix(edition.path())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert((name.clone(), relative), fs::read(&path).unwrap());
        }
    }
    Some(files)
}

/// The files of the site `watch` serves.
fn served(site: &Site) -> Files {
    let mut files = Files::new();
    for (edition, edition_files) in &site.editions {
        for (path, content) in edition_files {
            files.insert((edition.clone(), path.clone()), content.bytes().to_vec());
        }
    }
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Asserts the two sites are the same files with the same bytes, naming
/// the first ones that differ.
fn assert_same(project: &str, step: &str, served: &Files, built: &Files) {
    let only_served: Vec<_> = served
        .keys()
        .filter(|k| !built.contains_key(*k))
        .take(5)
        .collect();
    let only_built: Vec<_> = built
        .keys()
        .filter(|k| !served.contains_key(*k))
        .take(5)
        .collect();
    let differ: Vec<_> = served
        .iter()
        .filter(|(key, bytes)| built.get(*key).is_some_and(|other| other != *bytes))
        .map(|(key, _)| key)
        .take(5)
        .collect();
    assert!(
        only_served.is_empty() && only_built.is_empty() && differ.is_empty(),
        "{project}, {step}: watch serves {} files, build writes {}; only served: {only_served:?}; only built: {only_built:?}; different bytes: {differ:?}",
        served.len(),
        built.len()
    );
}

/// The document files of `root`, one per kind found (by its front
/// matter's `kind:` line), in a fixed order.
fn one_document_per_kind(root: &Path) -> Vec<PathBuf> {
    let mut paths = walk(&root.join("content"));
    paths.sort();
    let mut by_kind: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in paths {
        if path.extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let kind = text
            .lines()
            .take_while(|line| !line.is_empty())
            .find_map(|line| line.strip_prefix("kind:"))
            .map(|kind| kind.trim().to_string());
        if let Some(kind) = kind {
            by_kind.entry(kind).or_insert(path);
        }
    }
    by_kind.into_values().collect()
}

/// An edit: the files it writes (what the watcher reports).
type Edit = Box<dyn Fn(&Path) -> Vec<PathBuf>>;

/// The edits every project goes through, in order.
fn edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "a body of every kind edited",
            Box::new(|root: &Path| {
                let mut touched = Vec::new();
                for path in one_document_per_kind(root) {
                    let mut text = fs::read_to_string(&path).unwrap();
                    text.push_str("\n\n编辑后的段落 with an edited paragraph.\n");
                    fs::write(&path, text).unwrap();
                    touched.push(path);
                }
                touched
            }),
        ),
        (
            "a title of every kind edited",
            Box::new(|root: &Path| {
                let mut touched = Vec::new();
                for path in one_document_per_kind(root) {
                    let text = fs::read_to_string(&path).unwrap();
                    let edited: Vec<String> = text
                        .lines()
                        .map(|line| match line.strip_prefix("title: ") {
                            Some(title) if !title.starts_with(['"', '\'', '[', '{', '|', '>']) => {
                                format!("title: {title} 修订")
                            }
                            _ => line.to_string(),
                        })
                        .collect();
                    fs::write(&path, edited.join("\n") + "\n").unwrap();
                    touched.push(path);
                }
                touched
            }),
        ),
        (
            "playbook.yaml retitled",
            Box::new(|root: &Path| {
                let path = root.join("playbook.yaml");
                let Ok(text) = fs::read_to_string(&path) else {
                    return Vec::new();
                };
                let edited: Vec<String> = text
                    .lines()
                    .map(|line| match line.strip_prefix("title: ") {
                        Some(title) if !title.starts_with(['"', '\'']) => {
                            format!("title: {title} 二版")
                        }
                        _ => line.to_string(),
                    })
                    .collect();
                fs::write(&path, edited.join("\n") + "\n").unwrap();
                vec![path]
            }),
        ),
        (
            "the calendar edited",
            Box::new(|root: &Path| {
                let path = root.join("playbook.yaml");
                let Ok(text) = fs::read_to_string(&path) else {
                    return Vec::new();
                };
                let holiday =
                    "    - { name: 公司年会, from: 2026-12-24, hours: \"09:00-12:00\" }\n";
                let edited = match text.find("\n  holidays:\n") {
                    Some(at) => {
                        let after = at + "\n  holidays:\n".len();
                        format!("{}{holiday}{}", &text[..after], &text[after..])
                    }
                    None if !text.contains("\ncalendar:") => {
                        format!("{}\ncalendar:\n  holidays:\n{holiday}", text.trim_end())
                    }
                    None => return Vec::new(),
                };
                fs::write(&path, edited).unwrap();
                vec![path]
            }),
        ),
        (
            "a data file edited (its last row removed)",
            Box::new(|root: &Path| {
                if !root.join("data").is_dir() {
                    return Vec::new();
                }
                let mut files: Vec<PathBuf> = walk(&root.join("data"))
                    .into_iter()
                    .filter(|path| {
                        path.extension()
                            .is_some_and(|ext| ext == "csv" || ext == "tsv")
                    })
                    .collect();
                files.sort();
                let Some(path) = files.into_iter().next() else {
                    return Vec::new();
                };
                let bytes = fs::read(&path).unwrap();
                let trimmed = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
                let Some(last_line) = trimmed.iter().rposition(|&byte| byte == b'\n') else {
                    return Vec::new();
                };
                fs::write(&path, &bytes[..=last_line]).unwrap();
                vec![path]
            }),
        ),
        (
            "a release made of the content",
            Box::new(|root: &Path| {
                let folder = root.join("releases");
                fs::create_dir_all(&folder).unwrap();
                let (corpus, _) = playbook::content::load(root);
                let content = playbook::release::snapshot::compared_content(&corpus);
                let text = playbook::release::snapshot::to_file(
                    "9999.1",
                    jiff::civil::date(2026, 12, 1),
                    &content,
                );
                let path = folder.join("9999.1.json");
                fs::write(&path, text).unwrap();
                vec![folder, path]
            }),
        ),
        (
            "a template overridden",
            Box::new(|root: &Path| {
                let builtin =
                    fs::read_to_string(common::repo_root().join("templates/document.html"))
                        .unwrap();
                let folder = root.join("templates");
                fs::create_dir_all(&folder).unwrap();
                let path = folder.join("document.html");
                fs::write(&path, builtin + "\n<!-- edited -->\n").unwrap();
                vec![folder, path]
            }),
        ),
    ]
}

/// Runs the project at `source` (copied) through watch and build, after
/// the first build and after every edit. Returns whether it builds.
fn check_project(name: &str, source: &Path) -> bool {
    let copy = tempfile::tempdir().unwrap();
    let root = copy.path().canonicalize().unwrap().join("project");
    copy_dir(source, &root);
    let Some(first_built) = built(&root) else {
        return false;
    };
    let mut builder = Builder::new(&root, false);
    let outcome = builder.build();
    let site = outcome
        .site
        .unwrap_or_else(|| panic!("{name}: watch fails where build does not"));
    assert_same(name, "first build", &served(&site), &first_built);
    for (step, edit) in edits() {
        let touched = edit(&root);
        let Some(expected) = built(&root) else {
            // An edit that breaks this project (a title a check rejects):
            // watch must fail too, and the sequence goes on from there.
            assert!(
                builder.build_after(&touched).site.is_none(),
                "{name}, {step}: watch builds where build fails"
            );
            continue;
        };
        let outcome = builder.build_after(&touched);
        let site = outcome
            .site
            .unwrap_or_else(|| panic!("{name}, {step}: watch fails where build does not"));
        assert_same(name, step, &served(&site), &expected);
    }
    true
}

/// Every folder under `tests/fixtures` that is a project (has `content/`).
fn fixture_projects(dir: &Path) -> Vec<PathBuf> {
    let mut projects = Vec::new();
    if dir.join("content").is_dir() {
        projects.push(dir.to_path_buf());
        return projects;
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    entries.sort();
    for entry in entries {
        projects.extend(fixture_projects(&entry));
    }
    projects
}

#[test]
fn watch_serves_what_build_writes_for_every_fixture_project() {
    let projects = fixture_projects(&common::repo_root().join("tests/fixtures"));
    let mut building = 0;
    for project in &projects {
        let name = project
            .strip_prefix(common::repo_root())
            .unwrap()
            .display()
            .to_string();
        if check_project(&name, project) {
            building += 1;
        }
    }
    // The fixtures that build: publish/*, search, browser projects, and
    // the diagnostics fixtures with warnings only.
    assert!(
        building >= 8,
        "only {building} of {} fixtures build",
        projects.len()
    );
}

#[test]
fn watch_serves_what_build_writes_for_the_example() {
    let source = tempfile::tempdir().unwrap();
    let repo = common::repo_root();
    fs::copy(
        repo.join("playbook.yaml"),
        source.path().join("playbook.yaml"),
    )
    .unwrap();
    for folder in ["content", "templates", "static", "data", "releases"] {
        if repo.join(folder).is_dir() {
            copy_dir(&repo.join(folder), &source.path().join(folder));
        }
    }
    // Every edit of the sequence has something to edit in the example.
    for folder in ["data", "releases"] {
        assert!(
            source.path().join(folder).is_dir(),
            "the example has no {folder}/"
        );
    }
    assert!(
        fs::read_to_string(source.path().join("playbook.yaml"))
            .unwrap()
            .contains("\n  holidays:\n")
    );
    assert!(check_project("the example", source.path()));
}

#[test]
fn watch_serves_what_build_writes_for_a_corpus_of_1000_documents() {
    let source = tempfile::tempdir().unwrap();
    let out = source.path().join("corpus");
    generate_corpus::run(&generate_corpus::Args {
        docs: 1000,
        seed: 16,
        out: out.clone(),
        hugo: None,
        results: true,
    })
    .unwrap();
    assert!(check_project("the 1 000-document corpus", &out));
}
