//! The output of `playbook build` as files: every internal URL relative and
//! resolving to a file of the edition (so an edition works from `file://`
//! and any sub-path), atomic replacement of the output, no stale files,
//! `static/` copied byte for byte, and byte-identical rebuilds.

mod common;
mod site;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// The text of every Markdown file of a project, so that an external link
/// is accepted only when an author wrote it.
fn project_sources(root: &Path) -> Vec<String> {
    let mut sources = Vec::new();
    let mut stack = vec![root.join("content")];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                sources.push(fs::read_to_string(&path).unwrap());
            }
        }
    }
    sources
}

fn assert_urls_relative_and_resolving(root: &Path) {
    let out = tempfile::tempdir().unwrap();
    site::build_ok(root, out.path(), &[]);
    let sources = project_sources(root);
    let written_by_author = |url: &str| {
        (url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:"))
            && sources.iter().any(|source| source.contains(url))
    };
    let mut problems = Vec::new();
    let editions = site::entries(out.path());
    assert!(!editions.is_empty());
    for edition in &editions {
        let tree = site::read_tree(&out.path().join(edition));
        assert!(tree.contains_key("index.html"), "{edition} has index.html");
        let mut checked = 0;
        for path in tree.keys().filter(|p| p.ends_with(".html")) {
            checked += site::attributes(site::text(&tree, path))
                .iter()
                .filter(|a| a.name == "href" || a.name == "src")
                .count();
        }
        assert!(checked > 20, "{edition}: only {checked} URLs found");
        for problem in site::url_problems(&tree, &written_by_author) {
            problems.push(format!("{edition}/{problem}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} URL problems in {}:\n{}",
        problems.len(),
        root.display(),
        problems.join("\n")
    );
}

#[test]
fn every_url_is_relative_and_resolves_small_fixture() {
    assert_urls_relative_and_resolving(&common::fixture("publish/small"));
}

#[test]
fn every_url_is_relative_and_resolves_editions_fixture() {
    assert_urls_relative_and_resolving(&common::fixture("publish/editions"));
}

#[test]
fn every_url_is_relative_and_resolves_markdown_fixture() {
    assert_urls_relative_and_resolving(&common::fixture("publish/markdown"));
}

#[test]
fn every_url_is_relative_and_resolves_in_the_example_playbook() {
    assert_urls_relative_and_resolving(&common::repo_root());
}

/// The URL checker itself catches what it must (so a pass means something).
#[test]
fn the_url_checker_finds_absolute_dangling_and_external_urls() {
    let mut tree = BTreeMap::new();
    tree.insert(
        "sla/a.html".to_string(),
        br##"<a href="/index.html">x</a> <a href="../b.html#top">y</a> <img src="https://cdn.example/x.png">
<a href="../sla/a.html#here">z</a> <span id="here"></span> <a href="../../up.html">w</a> <a href="#nowhere">v</a>"##
            .to_vec(),
    );
    tree.insert("b.html".to_string(), b"<h2 id=\"bottom\">b</h2>".to_vec());
    let problems = site::url_problems(&tree, &|_| false);
    assert_eq!(problems.len(), 5, "{problems:#?}");
    assert!(problems[0].contains("absolute"));
    assert!(problems[1].contains("has no id=\"top\""));
    assert!(problems[2].contains("external"));
    assert!(problems[3].contains("climbs out"));
    assert!(problems[4].contains("has no id=\"nowhere\""));
}

/// Nothing is loaded from outside the site: the stylesheet imports nothing
/// and names no absolute or external URL; no page loads a script or a
/// stylesheet from elsewhere.
#[test]
fn nothing_is_loaded_from_outside_the_site() {
    let out = tempfile::tempdir().unwrap();
    site::build_ok(&common::repo_root(), out.path(), &[]);
    for edition in site::entries(out.path()) {
        let tree = site::read_tree(&out.path().join(&edition));
        let css = site::text(&tree, "assets/style.css");
        assert!(!css.contains("@import"), "{edition}: style.css imports");
        for url in css.split("url(").skip(1) {
            let url = url.trim_start_matches(['"', '\'', ' ']);
            assert!(
                !url.starts_with('/') && !site::has_scheme(url) || url.starts_with("data:"),
                "{edition}: style.css loads {url}"
            );
        }
        for (path, bytes) in &tree {
            if !path.ends_with(".html") {
                continue;
            }
            let html = String::from_utf8_lossy(bytes);
            for attr in site::attributes(&html) {
                if attr.name == "src" || (attr.tag == "link" && attr.name == "href") {
                    assert!(
                        !site::has_scheme(&attr.value) && !attr.value.starts_with("//"),
                        "{edition}/{path} loads {}",
                        attr.value
                    );
                }
            }
        }
    }
}

/// Every file of `out`, by `edition/path`.
fn snapshot(out: &Path) -> BTreeMap<String, Vec<u8>> {
    site::read_tree(out)
}

fn assert_failed_build_leaves(
    out: &Path,
    before: &BTreeMap<String, Vec<u8>>,
    root: &Path,
    why: &str,
) {
    let output = site::build(root, out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{why}: exit 1\n{stderr}");
    assert_eq!(
        site::entries(out),
        ["company", "vendor"],
        "{why}: no temporary folder is left in --out"
    );
    let after = snapshot(out);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "{why}: the same files"
    );
    for (path, bytes) in before {
        assert!(after[path] == *bytes, "{why}: {path} changed");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let (_temp, root) = site::fixture_copy("publish/small");
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    site::build_ok(&root, &out, &[]);
    let before = snapshot(&out);
    assert!(before.contains_key("company/sla/sla-chat-first.html"));
    assert!(before.contains_key("vendor/sla/sla-chat-first.html"));

    // A dangling reference.
    let faq = root.join("content/faq/refund.md");
    let original = fs::read_to_string(&faq).unwrap();
    fs::write(&faq, format!("{original}\nSee [[REQ-MISSING]].\n")).unwrap();
    assert_failed_build_leaves(&out, &before, &root, "dangling reference");
    fs::write(&faq, &original).unwrap();

    // A template that does not compile.
    fs::create_dir_all(root.join("templates")).unwrap();
    let template = root.join("templates/document.html");
    fs::write(
        &template,
        "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}\n",
    )
    .unwrap();
    assert_failed_build_leaves(&out, &before, &root, "template syntax error");

    // A template that compiles but fails to render one page, after other
    // pages of the edition have been written to the temporary folder.
    fs::write(
        &template,
        "{% extends \"base.html\" %}\n{% block content %}{% if doc.id == \"SLA-EMAIL-FIRST\" %}{{ doc.no_such_field.deeper }}{% endif %}{{ doc.title }}{% endblock content %}\n",
    )
    .unwrap();
    assert_failed_build_leaves(&out, &before, &root, "template rendering error");

    // Only the vendor edition fails to render, while the content changed:
    // the company edition (rendered fine) must not be swapped in alone.
    fs::write(&faq, original.replace("Three to five", "Two to four")).unwrap();
    fs::write(
        &template,
        "{% extends \"base.html\" %}\n{% block content %}{% if site.edition == \"vendor\" and doc.id == \"FAQ-REFUND\" %}{{ doc.no_such_field.deeper }}{% endif %}{{ doc.title }}{{ doc.body | safe }}{% endblock content %}\n",
    )
    .unwrap();
    assert_failed_build_leaves(&out, &before, &root, "one edition failing to render");
    fs::write(&faq, &original).unwrap();

    // Fixed again: the build goes through and replaces the output.
    fs::remove_file(&template).unwrap();
    site::build_ok(&root, &out, &[]);
    assert_eq!(snapshot(&out), before);
    assert_eq!(site::entries(&out), ["company", "vendor"]);
}

#[test]
fn a_failed_first_build_writes_nothing() {
    let (_temp, root) = site::fixture_copy("publish/small");
    fs::write(
        root.join("content/faq/broken.md"),
        "---\nid: FAQ-BROKEN\nkind: faq\ntitle: Broken\n---\n[[NOPE]]\n",
    )
    .unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    let output = site::build(&root, &out, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !out.exists() || site::entries(&out).is_empty(),
        "nothing written: {:?}",
        site::entries(&out)
    );
}

#[test]
fn a_rebuild_leaves_no_stale_file_and_copies_static_files_unchanged() {
    let (_temp, root) = site::fixture_copy("publish/small");
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    site::build_ok(&root, &out, &[]);
    for edition in ["company", "vendor"] {
        let tree = site::read_tree(&out.join(edition));
        assert!(tree.contains_key("kpi/kpi-csat.html"));
        assert!(tree.contains_key("kpi/index.html"));
        assert_eq!(
            tree["img/logo.png"],
            fs::read(root.join("static/img/logo.png")).unwrap()
        );
    }
    // A file an earlier build did not write (as a user might leave one).
    fs::write(out.join("company/stray.html"), "stray").unwrap();

    // Remove the only KPI, add static files (binary, nested, odd names).
    fs::remove_file(root.join("content/kpi/csat.md")).unwrap();
    let kpi_link = root.join("content/sla/chat-first.md");
    assert!(!fs::read_to_string(&kpi_link).unwrap().contains("KPI-CSAT"));
    let binary: Vec<u8> = (0..=255u8)
        .chain((0..=255u8).rev())
        .chain([0, 0, 13, 10, 26])
        .collect();
    fs::create_dir_all(root.join("static/docs/合同")).unwrap();
    fs::write(root.join("static/docs/合同/contract v2.pdf"), &binary).unwrap();
    fs::write(
        root.join("static/robots.txt"),
        "User-agent: *\r\nDisallow:\r\n",
    )
    .unwrap();
    site::build_ok(&root, &out, &[]);

    assert_eq!(site::entries(&out), ["company", "vendor"]);
    for edition in ["company", "vendor"] {
        let tree = site::read_tree(&out.join(edition));
        assert!(
            !tree.contains_key("kpi/kpi-csat.html"),
            "{edition}: the removed KPI's page is gone"
        );
        assert!(
            !tree.contains_key("kpi/index.html"),
            "{edition}: the empty KPI section is gone"
        );
        assert!(
            !tree.contains_key("stray.html"),
            "{edition}: the folder was replaced whole"
        );
        for (path, bytes) in &tree {
            if path.ends_with(".html") || path.ends_with(".json") {
                let text = String::from_utf8_lossy(bytes);
                assert!(
                    !text.contains("KPI-CSAT")
                        && !text.contains("kpi-csat")
                        && !text.contains("kpi/index.html"),
                    "{edition}/{path} still mentions the removed KPI"
                );
            }
        }
        assert!(
            tree["docs/合同/contract v2.pdf"] == binary,
            "{edition}: the PDF is copied unchanged"
        );
        assert_eq!(tree["robots.txt"], b"User-agent: *\r\nDisallow:\r\n");
        assert_eq!(
            tree["img/logo.png"],
            fs::read(root.join("static/img/logo.png")).unwrap()
        );
    }

    // A static file removed is gone after the next build.
    fs::remove_file(root.join("static/robots.txt")).unwrap();
    site::build_ok(&root, &out, &[]);
    for edition in ["company", "vendor"] {
        assert!(!out.join(edition).join("robots.txt").exists());
    }
}

/// Two builds of the same project are byte-identical, whatever the output
/// folder is called and however the parallel rendering was scheduled.
fn assert_deterministic(root: &Path) {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    site::build_ok(root, first.path(), &[]);
    site::build_ok(root, &second.path().join("elsewhere/deeper"), &[]);
    let a = site::read_tree(first.path());
    let b = site::read_tree(&second.path().join("elsewhere/deeper"));
    assert!(a.len() > 10);
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "same files"
    );
    let differing: Vec<&String> = a.keys().filter(|path| a[*path] != b[*path]).collect();
    assert!(
        differing.is_empty(),
        "files differ between two builds: {differing:?}"
    );
    // And again into the first folder, over the previous build.
    site::build_ok(root, first.path(), &[]);
    assert!(
        site::read_tree(first.path()) == a,
        "a rebuild in place is identical"
    );
}

#[test]
fn builds_are_deterministic_example_playbook() {
    assert_deterministic(&common::repo_root());
}

#[test]
fn builds_are_deterministic_editions_fixture() {
    assert_deterministic(&common::fixture("publish/editions"));
}
