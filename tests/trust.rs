//! Trust at the edges of `build`: an `--out` that would destroy or feed
//! back into the project is refused; the swap of editions leaves every
//! edition whole (old or new) whatever kills or fails it, and the next
//! build repairs and tidies; concurrent builds wait for each other; a
//! failed write is one `write-failed`; static files never shadow generated
//! ones nor copy the output into itself; odd file names and environments
//! are handled; the time-zone database is the bundled one.

mod common;
mod site;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

type Tree = BTreeMap<String, Vec<u8>>;

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("playbook")
}

/// `playbook ARGS…` with the tests' environment and `extra_env`.
fn run(args: &[&str], extra_env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(binary());
    command
        .args(args)
        .env("PLAYBOOK_TODAY", "2026-11-26")
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("PLAYBOOK_FAULT");
    for (key, value) in extra_env {
        command.env(key, value);
    }
    command.output().expect("playbook runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn path(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// Every file and folder under `dir` (folders as `name/`), with bytes.
fn whole_tree(dir: &Path) -> Tree {
    let mut tree = Tree::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let relative = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                let target = fs::read_link(&path).unwrap();
                tree.insert(relative, target.to_string_lossy().as_bytes().to_vec());
            } else if kind.is_dir() {
                tree.insert(format!("{relative}/"), Vec::new());
                stack.push(path);
            } else if kind.is_file() {
                tree.insert(relative, fs::read(&path).unwrap());
            } else {
                tree.insert(relative, b"(neither file nor folder)".to_vec());
            }
        }
    }
    tree
}

/// The two sets of editions are byte-identical (naming the files that
/// differ, not printing them).
fn assert_same(found: &BTreeMap<String, Tree>, expected: &BTreeMap<String, Tree>, context: &str) {
    let mut differ = Vec::new();
    for (edition, tree) in expected {
        let other = found.get(edition).cloned().unwrap_or_default();
        for path in tree.keys().chain(other.keys()) {
            if tree.get(path) != other.get(path) {
                differ.push(format!("{edition}/{path}"));
            }
        }
    }
    differ.sort();
    differ.dedup();
    assert!(
        differ.is_empty(),
        "{context}: these files differ: {differ:?}"
    );
}

/// A copy of the two-edition fixture (company and vendor), in `temp/project`.
fn project() -> (tempfile::TempDir, PathBuf) {
    site::fixture_copy("publish/editions")
}

/// Changes the project so that both editions come out different.
fn change(root: &Path) {
    let index = root.join("content/index.md");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(&index, format!("{text}\n\n第二版的新段落。\n")).unwrap();
    fs::write(root.join("static/logo.txt"), "second version\n").unwrap();
}

// ---------------------------------------------------------------- 1, 2: --out

#[test]
fn an_out_that_is_or_holds_the_project_or_is_read_back_is_refused_before_anything_is_written() {
    let (temp, root) = project();
    for folder in ["templates", "data", "releases"] {
        fs::create_dir_all(root.join(folder).join("vendor")).unwrap();
        fs::write(root.join(folder).join("vendor/keep.txt"), folder).unwrap();
    }
    std::os::unix::fs::symlink(root.join("content"), temp.path().join("content-link")).unwrap();
    std::os::unix::fs::symlink(&root, temp.path().join("project-link")).unwrap();
    let before = whole_tree(temp.path());
    let outs: Vec<PathBuf> = [
        ".",
        "content",
        "content/",
        "content/../content",
        "./content/./",
        "static",
        "templates",
        "data",
        "releases",
        "content/vendor",
        "content/new-folder",
        "templates/out",
        "data/site",
        "releases/v2/out",
        "nothing-yet/../content",
        "..",
        "../..",
        "../content-link",
        "../content-link/inner",
        "../project-link",
        "../project-link/content",
    ]
    .iter()
    .map(|out| root.join(out))
    .chain([PathBuf::from("/")])
    .collect();
    for out in &outs {
        let output = run(&["build", "--root", path(&root), "--out", path(out)], &[]);
        let message = stderr(&output);
        assert_eq!(
            output.status.code(),
            Some(1),
            "--out {} was not refused:\n{message}",
            out.display()
        );
        assert!(
            message.contains("--out") && message.contains("nothing was written"),
            "--out {}: {message}",
            out.display()
        );
        assert_eq!(
            whole_tree(temp.path()),
            before,
            "--out {} changed files",
            out.display()
        );
    }
    // A folder of its own, inside the project or beside it, is fine.
    for out in [
        root.join("public"),
        root.join("site/out"),
        temp.path().join("out"),
    ] {
        let output = run(&["build", "--root", path(&root), "--out", path(&out)], &[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
}

#[test]
fn an_out_inside_static_or_a_static_link_to_the_output_is_static_into_output() {
    let (temp, root) = project();
    for out in ["static", "static/x", "static/a/b", "static/../static/prev"] {
        let output = run(
            &[
                "build",
                "--root",
                path(&root),
                "--out",
                path(&root.join(out)),
            ],
            &[],
        );
        assert_eq!(output.status.code(), Some(1), "--out {out}");
        assert!(
            stderr(&output).contains("static-into-output"),
            "--out {out}: {}",
            stderr(&output)
        );
    }
    // A link inside static/ to the default output, to a folder holding it,
    // or to the --out of this build, in any of its sub-folders.
    let links = [
        ("static/prev", "../public", None),
        ("static/deep/company", "ROOT/public/company", None),
        ("static/mirror", "SITE/out", Some("SITE/out")),
        ("static/parent", "SITE", Some("SITE/out")),
    ];
    drop(temp);
    for (link, target, out) in links {
        let (temp, root) = project();
        let place = |spec: &str| {
            PathBuf::from(
                spec.replace("ROOT", path(&root))
                    .replace("SITE", path(&temp.path().join("site"))),
            )
        };
        let target = place(target);
        let out = out.map_or_else(|| root.join("public"), place);
        site::build_ok(&root, &out, &[]);
        let link_path = root.join(link);
        fs::create_dir_all(link_path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&target, &link_path).unwrap();
        let before = whole_tree(&out);
        for attempt in 0..2 {
            let output = site::build(&root, &out, &[]);
            let message = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{link}: {message}");
            assert!(
                message.contains("error[static-into-output]: ")
                    && message.contains(&format!("{link}:1:1")),
                "{link} (attempt {attempt}): {message}"
            );
            assert_eq!(whole_tree(&out), before, "{link}: the output changed");
        }
        if out == root.join("public") {
            let (status, lines) = common::check_json(&root);
            assert_eq!(status, 1);
            assert!(
                lines.contains(&format!("error static-into-output {link}:1:1")),
                "{link}: {lines:?}"
            );
        }
    }
}

// ------------------------------------------------------- 3, 4, 5: the swap

/// The outputs of the first and the second version of the project, for
/// byte comparison.
struct Versions {
    _temp: tempfile::TempDir,
    root: PathBuf,
    first: BTreeMap<String, Tree>,
    second: BTreeMap<String, Tree>,
    /// The bytes of the `CHANGED` files in each version.
    sources: [[Vec<u8>; 2]; 2],
}

/// The files `change` edits.
const CHANGED: [&str; 2] = ["content/index.md", "static/logo.txt"];

const EDITIONS: [&str; 2] = ["company", "vendor"];

fn editions_of(out: &Path) -> BTreeMap<String, Tree> {
    EDITIONS
        .iter()
        .filter(|edition| out.join(edition).is_dir())
        .map(|edition| (edition.to_string(), whole_tree(&out.join(edition))))
        .collect()
}

/// Builds both versions once; leaves the project at the second version.
fn versions() -> Versions {
    let (temp, root) = project();
    let first_out = temp.path().join("first");
    site::build_ok(&root, &first_out, &[]);
    let first_sources = CHANGED.map(|file| fs::read(root.join(file)).unwrap());
    change(&root);
    let second_sources = CHANGED.map(|file| fs::read(root.join(file)).unwrap());
    let second_out = temp.path().join("second");
    site::build_ok(&root, &second_out, &[]);
    let first = editions_of(&first_out);
    let second = editions_of(&second_out);
    assert_eq!(first.len(), 2);
    for edition in EDITIONS {
        assert_ne!(
            first[edition], second[edition],
            "{edition} differs between versions"
        );
    }
    Versions {
        _temp: temp,
        root,
        first,
        second,
        sources: [first_sources, second_sources],
    }
}

impl Versions {
    /// Puts the project at version 0 (first) or 1 (second).
    fn set_project(&self, version: usize) {
        for (file, bytes) in CHANGED.iter().zip(&self.sources[version]) {
            fs::write(self.root.join(file), bytes).unwrap();
        }
    }

    /// A fresh output folder holding the first version.
    fn output_with_first(&self, name: &str) -> PathBuf {
        let out = self._temp.path().join(name);
        let _ = fs::remove_dir_all(&out);
        for (edition, tree) in &self.first {
            for (file, bytes) in tree {
                let target = out.join(edition).join(file);
                if file.ends_with('/') {
                    fs::create_dir_all(&target).unwrap();
                } else {
                    fs::create_dir_all(target.parent().unwrap()).unwrap();
                    fs::write(&target, bytes).unwrap();
                }
            }
        }
        out
    }

    /// Every edition is whole: byte for byte the first or the second.
    fn assert_whole(&self, out: &Path, context: &str) -> Vec<&'static str> {
        let found = editions_of(out);
        let mut which = Vec::new();
        for edition in EDITIONS {
            let tree = found
                .get(edition)
                .unwrap_or_else(|| panic!("{context}: edition {edition} is missing"));
            if *tree == self.first[edition] {
                which.push("first");
            } else if *tree == self.second[edition] {
                which.push("second");
            } else {
                panic!("{context}: edition {edition} is neither version, a mix");
            }
        }
        which
    }

    /// A good build; then every edition is the second version and nothing
    /// else is left in the output folder.
    fn assert_repaired(&self, out: &Path, context: &str) {
        let output = site::build(&self.root, out, &[]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{context}: {}",
            stderr(&output)
        );
        assert_eq!(
            self.assert_whole(out, context),
            ["second", "second"],
            "{context}"
        );
        assert_eq!(
            site::entries(out),
            EDITIONS,
            "{context}: leftovers in the output"
        );
    }
}

fn build_with_fault(root: &Path, out: &Path, fault: &str) -> Output {
    run(
        &["build", "--root", path(root), "--out", path(out)],
        &[("PLAYBOOK_FAULT", fault)],
    )
}

#[test]
fn a_build_killed_at_any_rename_leaves_whole_editions_and_the_next_build_completes_it() {
    let versions = versions();
    for mode in ["", "no-exchange,"] {
        // Two editions: one rename each with an exchange, two without.
        let renames = if mode.is_empty() { 2 } else { 4 };
        let points = (1..=renames)
            .map(|n| format!("kill-after-rename-{n}"))
            .chain([
                "kill-before-swap".to_string(),
                "after-first-rename".to_string(),
            ]);
        for point in points {
            let fault = format!("{mode}{point}");
            let out = versions.output_with_first("killed");
            let output = build_with_fault(&versions.root, &out, &fault);
            assert_eq!(
                output.status.code(),
                None,
                "{fault}: not killed: {}",
                stderr(&output)
            );
            // Only the two-rename swap can leave an edition missing, and
            // only between its two renames; the next build puts it back.
            let missing = EDITIONS.iter().any(|edition| !out.join(edition).exists());
            if mode.is_empty() || !missing {
                versions.assert_whole(&out, &fault);
            } else {
                assert!(
                    point.ends_with("-1") || point.ends_with("-3") || point == "after-first-rename",
                    "{fault}: an edition is missing outside the two renames"
                );
            }
            let repaired = site::build(&versions.root, &out, &[]);
            assert!(
                stderr(&repaired).contains("completed the swap of an interrupted build"),
                "{fault}: {}",
                stderr(&repaired)
            );
            assert_eq!(site::entries(&out), EDITIONS, "{fault}: leftovers");
            versions.assert_repaired(&out, &fault);
        }
    }
}

#[test]
fn the_tidying_after_a_killed_build_touches_only_its_own_folders() {
    let versions = versions();
    let out = versions.output_with_first("tidy");
    let mine = [
        ".nojekyll",
        ".git/HEAD",
        ".site.old-2024/index.html",
        ".x.building-7/a",
        "notes.txt",
    ];
    for file in mine {
        fs::create_dir_all(out.join(file).parent().unwrap()).unwrap();
        fs::write(out.join(file), file).unwrap();
    }
    let killed = build_with_fault(&versions.root, &out, "no-exchange,kill-after-rename-1");
    assert_eq!(killed.status.code(), None);
    let output = site::build(&versions.root, &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    versions.assert_whole(&out, "tidy");
    for file in mine {
        assert_eq!(
            fs::read(out.join(file)).ok(),
            Some(file.as_bytes().to_vec()),
            "{file}"
        );
    }
    let hidden: Vec<String> = site::entries(&out)
        .into_iter()
        .filter(|name| name.starts_with('.'))
        .collect();
    assert_eq!(
        hidden,
        [".git", ".nojekyll", ".site.old-2024", ".x.building-7"]
    );
}

#[test]
fn a_failed_rename_puts_every_edition_back_and_says_so() {
    let versions = versions();
    for fault in [
        "fail-second-rename",
        "fail-rename-1",
        "no-exchange,fail-rename-2",
        "no-exchange,fail-rename-3",
        "no-exchange,fail-rename-4",
    ] {
        let out = versions.output_with_first("failed");
        let output = build_with_fault(&versions.root, &out, fault);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{fault}: {message}");
        assert!(
            message.contains("error[write-failed]") && message.contains("no edition was replaced"),
            "{fault}: {message}"
        );
        assert_eq!(
            versions.assert_whole(&out, fault),
            ["first", "first"],
            "{fault}: the output changed"
        );
        assert_eq!(site::entries(&out), EDITIONS, "{fault}: leftovers");
        versions.assert_repaired(&out, fault);
    }
}

#[test]
fn a_swap_that_cannot_be_put_back_says_what_happened_and_the_next_build_completes_it() {
    let versions = versions();
    let cases = [
        (
            "fail-rename-2,fail-undo",
            "replaced by this build: company; unchanged: vendor; missing: none",
        ),
        (
            "no-exchange,fail-rename-2,fail-undo",
            "replaced by this build: none; unchanged: vendor; missing: company",
        ),
        (
            "no-exchange,fail-rename-4,fail-undo",
            "replaced by this build: company; unchanged: none; missing: vendor",
        ),
    ];
    for (fault, said) in cases {
        let out = versions.output_with_first("unrestored");
        let output = build_with_fault(&versions.root, &out, fault);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{fault}: {message}");
        assert!(
            message.contains(said),
            "{fault}: want `{said}` in:\n{message}"
        );
        assert!(
            message.contains("The next build completes the swap"),
            "{message}"
        );
        assert!(
            !message.contains("untouched"),
            "{fault}: a false claim: {message}"
        );
        // Every edition there is whole; the next build completes the swap.
        for edition in EDITIONS.iter().filter(|edition| out.join(edition).exists()) {
            let tree = whole_tree(&out.join(edition));
            assert!(
                tree == versions.first[*edition] || tree == versions.second[*edition],
                "{fault}: {edition} is a mix"
            );
        }
        let repaired = site::build(&versions.root, &out, &[]);
        assert!(
            stderr(&repaired).contains("completed the swap of an interrupted build"),
            "{fault}: {}",
            stderr(&repaired)
        );
        versions.assert_repaired(&out, fault);
    }
}

#[test]
fn a_build_that_meets_another_swapping_waits_for_it() {
    let versions = versions();
    let out = versions.output_with_first("waiting");
    // The first build pauses in its swap (journal written, nothing moved).
    let first = Command::new(binary())
        .args(["build", "--root", path(&versions.root), "--out", path(&out)])
        .env("PLAYBOOK_TODAY", "2026-11-26")
        .env("PLAYBOOK_FAULT", "pause-before-swap-1500")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while !out.join(".playbook-swap").exists() {
        assert!(started.elapsed() < Duration::from_secs(60), "no swap began");
        std::thread::sleep(Duration::from_millis(5));
    }
    let second = site::build(&versions.root, &out, &[]);
    let first = first.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("waiting: another playbook build is writing into"),
        "{}",
        stderr(&second)
    );
    assert_eq!(versions.assert_whole(&out, "waited"), ["second", "second"]);
    assert_eq!(site::entries(&out), EDITIONS, "leftovers");
}

/// A tiny, seeded random sequence (no dependency for it).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound
    }
}

#[test]
fn forty_builds_killed_at_random_moments_leave_whole_editions_and_nothing_after_the_next() {
    let versions = versions();
    let out = versions.output_with_first("random");
    // How long a whole build takes here, to spread the kills over it.
    let started = std::time::Instant::now();
    site::build_ok(&versions.root, &versions._temp.path().join("timing"), &[]);
    let span = started.elapsed().as_micros() as u64 + 1;
    let mut random = Lcg(0x05ee_d15a);
    let names = ["first", "second"];
    // What each kill left: the editions swapped in (of the version being
    // built), the leftovers of the killed build.
    let (mut swapped, mut with_leftovers) = (0, 0);
    for kill in 0..40 {
        // Each build makes the other version than the output holds (as far
        // as the last kill left it), so a swapped edition shows.
        let building = usize::from(kill % 4 < 2);
        versions.set_project(building);
        // Every other kill without the exchange, so both swaps are killed.
        let mut command = Command::new(binary());
        command
            .args(["build", "--root", path(&versions.root), "--out", path(&out)])
            .env("PLAYBOOK_TODAY", "2026-11-26")
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if kill % 2 == 1 {
            command.env("PLAYBOOK_FAULT", "no-exchange");
        } else {
            command.env_remove("PLAYBOOK_FAULT");
        }
        let mut child = command.spawn().unwrap();
        std::thread::sleep(Duration::from_micros(random.below(span * 12 / 10)));
        let _ = child.kill();
        let _ = child.wait();
        let context = format!("kill {kill}");
        if site::entries(&out).iter().any(|name| name.starts_with('.')) {
            with_leftovers += 1;
        }
        let missing = EDITIONS.iter().any(|edition| !out.join(edition).exists());
        if kill % 2 == 0 || !missing {
            let found = versions.assert_whole(&out, &context);
            swapped += found.iter().filter(|&&v| v == names[building]).count();
        }
    }
    eprintln!(
        "40 kills: {swapped} editions found swapped to the version being built, \
         {with_leftovers} kills left temporary folders"
    );
    versions.set_project(1);
    versions.assert_repaired(&out, "after 40 kills");
}

#[test]
fn two_builds_at_once_into_one_output_both_succeed_one_after_the_other() {
    let versions = versions();
    let out = versions.output_with_first("concurrent");
    for round in 0..4 {
        let spawn = |_| {
            Command::new(binary())
                .args(["build", "--root", path(&versions.root), "--out", path(&out)])
                .env("PLAYBOOK_TODAY", "2026-11-26")
                .env_remove("SOURCE_DATE_EPOCH")
                .env_remove("PLAYBOOK_FAULT")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        // Two in the first rounds, then three at once.
        let children: Vec<_> = (0..2 + round / 2).map(spawn).collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert_eq!(
                output.status.code(),
                Some(0),
                "round {round}: {}",
                stderr(&output)
            );
        }
        assert_eq!(
            versions.assert_whole(&out, "concurrent"),
            ["second", "second"]
        );
        assert_eq!(site::entries(&out), EDITIONS, "round {round}: leftovers");
    }
}

#[test]
fn something_in_an_editions_place_stops_the_build_before_any_edition_is_replaced() {
    let versions = versions();
    // A file where an edition's folder goes (the second edition, so that
    // the first would have been swapped already); a FIFO likewise.
    for obstacle in ["file", "fifo"] {
        let out = versions.output_with_first("obstacle");
        fs::remove_dir_all(out.join("vendor")).unwrap();
        match obstacle {
            "file" => fs::write(out.join("vendor"), "not a folder").unwrap(),
            _ => {
                let name = std::ffi::CString::new(path(&out.join("vendor"))).unwrap();
                // SAFETY: a NUL-terminated path that outlives the call.
                assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
            }
        }
        let before = whole_tree(&out);
        let output = site::build(&versions.root, &out, &[]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{obstacle}: {message}");
        assert!(
            message.contains("error[write-failed]") && message.contains("vendor"),
            "{obstacle}: {message}"
        );
        assert!(
            message.contains("the previous output is untouched"),
            "{message}"
        );
        assert!(!message.contains("replaced by this build"), "{message}");
        assert_eq!(whole_tree(&out), before, "{obstacle}: the output changed");
    }
}

// ------------------------------------------------------ 6: static collisions

#[test]
fn a_static_file_where_a_generated_file_goes_is_an_error_naming_both() {
    let (_temp, root) = project();
    let colliding = [
        ("static/index.html", "the home page"),
        ("static/playbook.json", "data export"),
        ("static/404.html", "missing URLs"),
        ("static/print.html", "print page"),
        ("static/search.html", "search page"),
        ("static/trace.html", "traceability"),
        ("static/assets/style.css", "stylesheet"),
        ("static/assets/search.js", "search script"),
        ("static/search/meta.js", "search index"),
        ("static/search/shard-0.js", "search index"),
        ("static/faq/faq-refund.html", "FAQ-REFUND"),
        ("static/faq/faq-hidden-q7.html", "FAQ-HIDDEN-Q7"),
        ("static/sla/index.html", "sla documents"),
        ("static/kpi", "kpi pages"),
        ("static/index.html.d", ""),
    ];
    for (file, _) in colliding {
        let target = root.join(file);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(&target, "a static file").unwrap();
    }
    fs::create_dir_all(root.join("static/assets")).unwrap();
    fs::write(root.join("static/assets/logo.png"), "fine").unwrap();
    fs::write(root.join("static/faq-notes.html"), "fine").unwrap();
    let (status, lines) = common::check_json(&root);
    assert_eq!(status, 1);
    for (file, what) in colliding {
        let expected = format!("error static-collision {file}:1:1");
        if what.is_empty() {
            assert!(!lines.contains(&expected), "{file} flagged: {lines:?}");
        } else {
            assert!(lines.contains(&expected), "{file} not flagged: {lines:?}");
        }
    }
    assert!(
        !lines
            .iter()
            .any(|line| line.contains("logo.png") || line.contains("faq-notes"))
    );
    let output = run(&["check", "--root", path(&root)], &[]);
    let message = stderr(&output);
    for (file, what) in colliding.iter().filter(|(_, what)| !what.is_empty()) {
        let line = message
            .lines()
            .find(|line| line.contains("static-collision") && line.contains(&format!("`{file}`")))
            .unwrap_or_else(|| panic!("no message for {file}:\n{message}"));
        assert!(line.contains(what), "{file}: {line}");
    }
    // And the build refuses, writing nothing.
    let out = root.join("public");
    let output = site::build(&root, &out, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists());
}

/// Whatever a build generates (today's pages and those that later work
/// adds), a static file at the same path is reported: every file of a
/// real build, put into `static/`, is a `static-collision`.
#[test]
fn every_generated_file_is_protected_from_static_files() {
    let (temp, root) = project();
    let out = temp.path().join("out");
    site::build_ok(&root, &out, &[]);
    let mut generated = std::collections::BTreeSet::new();
    for edition in EDITIONS {
        for path in site::read_tree(&out.join(edition)).into_keys() {
            if path != "logo.txt" {
                generated.insert(path);
            }
        }
    }
    assert!(generated.len() > 20, "{generated:?}");
    for path in &generated {
        let target = root.join("static").join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(&target, "a static file").unwrap();
    }
    let (status, lines) = common::check_json(&root);
    assert_eq!(status, 1);
    let missing: Vec<&String> = generated
        .iter()
        .filter(|path| !lines.contains(&format!("error static-collision static/{path}:1:1")))
        .collect();
    assert!(missing.is_empty(), "not reported: {missing:?}");
}

// ------------------------------------------------------- 7: write-failed

/// `build` with the file-size limit set low (as root too, the kernel
/// refuses a larger file: `EFBIG`), so a real write fails midway.
fn build_with_file_size_limit(root: &Path, out: &Path, bytes: u64) -> Output {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(binary());
    command
        .args(["build", "--root", path(root), "--out", path(out)])
        .env("PLAYBOOK_TODAY", "2026-11-26")
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("PLAYBOOK_FAULT");
    // SAFETY: between fork and exec only async-signal-safe calls.
    unsafe {
        command.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command.output().unwrap()
}

fn assert_one_write_failed(output: &Output, out: &Path, reason: &str, context: &str) {
    let message = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{context}: {message}");
    assert_eq!(
        message.matches("error[").count(),
        1,
        "{context}: not one error:\n{message}"
    );
    assert!(
        message.contains("error[write-failed]"),
        "{context}: {message}"
    );
    assert!(!message.contains("unreadable-file"), "{context}: {message}");
    assert!(
        message.contains(path(out)),
        "{context}: the output folder is not named: {message}"
    );
    assert!(
        message.contains(reason),
        "{context}: no reason `{reason}`: {message}"
    );
}

#[test]
fn a_failed_write_is_one_write_failed_and_nothing_is_swapped_in() {
    let versions = versions();
    // A real failure: files larger than 4 KiB are refused by the kernel.
    let out = versions.output_with_first("limited");
    let output = build_with_file_size_limit(&versions.root, &out, 4096);
    assert_one_write_failed(&output, &out, "File too large", "RLIMIT_FSIZE");
    assert_eq!(
        versions.assert_whole(&out, "RLIMIT_FSIZE"),
        ["first", "first"]
    );
    assert_eq!(site::entries(&out), EDITIONS, "leftovers");
    // A full disk after some files (the test hook), early and late.
    for after in [0, 5, 30] {
        let out = versions.output_with_first("full");
        let fault = format!("fail-write-after-{after}");
        let output = build_with_fault(&versions.root, &out, &fault);
        assert_one_write_failed(&output, &out, "No space left on device", &fault);
        assert_eq!(versions.assert_whole(&out, &fault), ["first", "first"]);
        assert_eq!(site::entries(&out), EDITIONS, "{fault}: leftovers");
    }
    // A file where the output folder, or one of its parents, should be.
    let blocked = versions._temp.path().join("blocked");
    fs::write(&blocked, "a file").unwrap();
    for out in [blocked.clone(), blocked.join("public")] {
        let output = site::build(&versions.root, &out, &[]);
        assert_one_write_failed(&output, &out, "", "a file in the way");
        assert_eq!(fs::read(&blocked).unwrap(), b"a file");
    }
}

// ----------------------------------------------- 8: non-UTF-8 static names

#[test]
fn a_static_file_whose_name_is_not_utf8_is_copied_byte_for_byte() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let (temp, root) = project();
    let names: [&[u8]; 3] = [
        b"gbk-\xc4\xe3\xba\xc3.txt",
        b"latin1-caf\xe9.png",
        b"\xff\xfe",
    ];
    fs::create_dir_all(root.join("static/docs")).unwrap();
    for (index, name) in names.iter().enumerate() {
        let folder = if index == 0 { "static/docs" } else { "static" };
        fs::write(
            root.join(folder).join(OsStr::from_bytes(name)),
            [index as u8; 3],
        )
        .unwrap();
    }
    let out = temp.path().join("out");
    let stderr = site::build_ok(&root, &out, &[]);
    assert!(!stderr.contains("unreadable-file"), "{stderr}");
    for edition in EDITIONS {
        for (index, name) in names.iter().enumerate() {
            let folder = if index == 0 { "docs" } else { "" };
            let copied = out.join(edition).join(folder).join(OsStr::from_bytes(name));
            assert_eq!(
                fs::read(&copied).ok(),
                Some(vec![index as u8; 3]),
                "{}",
                copied.display()
            );
        }
        assert_eq!(
            fs::read(out.join(edition).join("logo.txt")).unwrap(),
            fs::read(root.join("static/logo.txt")).unwrap()
        );
    }
    let (status, lines) = common::check_json(&root);
    assert_eq!(status, 0, "{lines:?}");
}

// ------------------------------------------------ 9: malformed environment

#[test]
fn a_malformed_source_date_epoch_or_playbook_today_is_exit_2_for_every_command() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let (_temp, root) = project();
    let bad: Vec<(&str, &OsStr)> = vec![
        ("SOURCE_DATE_EPOCH", OsStr::new("yesterday")),
        ("SOURCE_DATE_EPOCH", OsStr::new("1.5")),
        ("SOURCE_DATE_EPOCH", OsStr::new("")),
        ("SOURCE_DATE_EPOCH", OsStr::new("99999999999999999999")),
        ("SOURCE_DATE_EPOCH", OsStr::new("999999999999")),
        ("SOURCE_DATE_EPOCH", OsStr::from_bytes(b"17\xff")),
        ("PLAYBOOK_TODAY", OsStr::from_bytes(b"2026-11-\xff6")),
        ("PLAYBOOK_TODAY", OsStr::new("2026-02-30")),
        ("PLAYBOOK_TODAY", OsStr::new("today")),
    ];
    let out = root.join("public");
    let commands: [Vec<&str>; 3] = [
        vec!["check", "--root", path(&root)],
        vec!["build", "--root", path(&root), "--out", path(&out)],
        vec!["watch", "--root", path(&root), "--port", "0"],
    ];
    for (name, value) in &bad {
        for args in &commands {
            let mut command = Command::new(binary());
            command
                .args(args)
                .env("PLAYBOOK_TODAY", "2026-11-26")
                .env("NO_COLOR", "1")
                .env_remove("SOURCE_DATE_EPOCH")
                .env(name, value)
                .stdin(Stdio::null());
            let output = command.output().unwrap();
            let message = stderr(&output);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{} with {name}={value:?}: {message}",
                args[0]
            );
            assert!(message.contains(name), "{}: {message}", args[0]);
        }
    }
    assert!(!out.exists(), "a refused build wrote its output");
    let good = run(
        &["check", "--root", path(&root)],
        &[("SOURCE_DATE_EPOCH", "1764547200")],
    );
    assert_eq!(good.status.code(), Some(0), "{}", stderr(&good));
}

// ------------------------------------------------- 10: not a project

#[test]
fn outside_a_project_check_build_and_watch_say_so_and_exit_1() {
    let empty = tempfile::tempdir().unwrap();
    fs::write(empty.path().join("notes.md"), "# not a playbook\n").unwrap();
    let out = empty.path().join("public");
    let commands: [Vec<&str>; 3] = [
        vec!["check", "--root", path(empty.path())],
        vec!["build", "--root", path(empty.path()), "--out", path(&out)],
        vec!["watch", "--root", path(empty.path()), "--port", "0"],
    ];
    for args in &commands {
        let output = run(args, &[]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{}: {message}", args[0]);
        assert!(
            message.contains("not a playbook project")
                && message.contains("--root")
                && message.contains("playbook init"),
            "{}: {message}",
            args[0]
        );
    }
    // The current folder, when --root is not given.
    let output = Command::new(binary())
        .arg("check")
        .current_dir(empty.path())
        .env("PLAYBOOK_TODAY", "2026-11-26")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("not a playbook project"));
    assert!(!out.exists());
    // Either `playbook.yaml` or `content/` alone makes a project.
    let only_content = tempfile::tempdir().unwrap();
    fs::create_dir(only_content.path().join("content")).unwrap();
    let output = run(&["check", "--root", path(only_content.path())], &[]);
    assert!(!stderr(&output).contains("not a playbook project"));
}

// ----------------------------------------------- 11: bundled time zones

/// A compiled zone file (TZif, version 2) for a fixed offset from UTC.
fn fixed_offset_zone(seconds_east: i32, abbreviation: &str, posix: &str) -> Vec<u8> {
    let block = || {
        let mut data = Vec::new();
        // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
        for count in [0u32, 0, 0, 0, 1, abbreviation.len() as u32 + 1] {
            data.extend_from_slice(&count.to_be_bytes());
        }
        data.extend_from_slice(&seconds_east.to_be_bytes());
        data.push(0);
        data.push(0);
        data.extend_from_slice(abbreviation.as_bytes());
        data.push(0);
        data
    };
    let mut file = Vec::new();
    // The version 1 and version 2 blocks are the same without transitions.
    for _ in 0..2 {
        file.extend_from_slice(b"TZif2");
        file.extend_from_slice(&[0; 15]);
        file.extend_from_slice(&block());
    }
    file.extend_from_slice(format!("\n{posix}\n").as_bytes());
    file
}

#[test]
fn time_zones_come_from_the_bundled_database_whatever_the_system_has() {
    let (temp, root) = project();
    // 2025-11-30 20:00 UTC: 12-01 in Shanghai, 11-30 ten hours west.
    let epoch = [("SOURCE_DATE_EPOCH", "1764532800")];
    let reference = temp.path().join("reference");
    let output = run(
        &["build", "--root", path(&root), "--out", path(&reference)],
        &epoch,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = editions_of(&reference);
    let print = String::from_utf8_lossy(&expected["company"]["print.html"]).into_owned();
    assert!(print.contains("2025-12-01"), "the build date in Shanghai");
    // A system database that has nothing, and one whose Asia/Shanghai is
    // ten hours west of UTC.
    let empty = temp.path().join("empty-zoneinfo");
    fs::create_dir_all(&empty).unwrap();
    let wrong = temp.path().join("wrong-zoneinfo");
    fs::create_dir_all(wrong.join("Asia")).unwrap();
    let zone = fixed_offset_zone(-36_000, "XST", "XST10");
    fs::create_dir_all(wrong.join("Etc")).unwrap();
    for name in ["Asia/Shanghai", "UTC", "Etc/UTC"] {
        fs::write(wrong.join(name), &zone).unwrap();
    }
    fs::write(wrong.join("tzdata.zi"), "").unwrap();
    for (label, folder) in [("empty", &empty), ("wrong", &wrong)] {
        let out = temp.path().join(label);
        let output = run(
            &["build", "--root", path(&root), "--out", path(&out)],
            &[epoch[0], ("TZDIR", path(folder))],
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{label}: {}",
            stderr(&output)
        );
        assert_same(
            &editions_of(&out),
            &expected,
            &format!("TZDIR with the {label} database"),
        );
    }
    // And `check` takes an IANA name the system does not have.
    let config = root.join("playbook.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, text.replace("Asia/Shanghai", "America/Nuuk")).unwrap();
    let output = run(
        &["check", "--root", path(&root)],
        &[("TZDIR", path(&empty))],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}
