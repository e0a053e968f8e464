//! Snapshots of the rendered `<main>` element of three pages of a small
//! English project (`tests/fixtures/publish/small/`): an SLA page, the SLA
//! index and the home page. A change to the default theme or to what a page
//! shows appears here as a reviewable diff (`INSTA_UPDATE=always cargo test
//! --test snapshots` rewrites the files under `tests/snapshots/`).

mod common;
mod site;

use std::collections::BTreeMap;

fn company_edition() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let out = tempfile::tempdir().unwrap();
    site::build_ok(&common::fixture("publish/small"), out.path(), &[]);
    let tree = site::read_tree(&out.path().join("company"));
    (out, tree)
}

#[test]
fn sla_page_main() {
    let (_out, tree) = company_edition();
    insta::assert_snapshot!(
        "sla_page_main",
        site::main_element(site::text(&tree, "sla/sla-chat-first.html"))
    );
}

#[test]
fn sla_index_main() {
    let (_out, tree) = company_edition();
    insta::assert_snapshot!(
        "sla_index_main",
        site::main_element(site::text(&tree, "sla/index.html"))
    );
}

#[test]
fn home_page_main() {
    let (_out, tree) = company_edition();
    insta::assert_snapshot!(
        "home_page_main",
        site::main_element(site::text(&tree, "index.html"))
    );
}
