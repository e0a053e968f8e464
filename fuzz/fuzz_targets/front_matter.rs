//! A document's bytes through everything `playbook check` does with one
//! file: decode (UTF-8, NUL), BOM, front-matter split, YAML → positioned
//! tree (with the depth and alias limits), the typed document of its kind
//! with every value parser, the body scan, then the graph and every check
//! on a project of that one document, and the human and JSON printers of
//! each diagnostic.
//!
//! Properties beyond "no panic, no hang": every diagnostic names the file
//! and points inside it (line and column), so does every reference and root
//! link of the document, and the document's body is the file's text from
//! the line it says the body starts on.
//!
//! Which variant runs is taken from the input's length (so a corpus entry
//! always replays the same way): the nesting limit is the default (64) or
//! the highest a project may set (1 000), and the file is an ordinary
//! document or the home page (`content/index.md`, which has rules of its own).

#![no_main]

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use playbook::check;
use playbook::config::{self, Config, MAX_YAML_DEPTH_CEILING};
use playbook::content::{self, Corpus, yaml};
use playbook::diag::{self, Sources};
use playbook::graph;

/// The example project's `playbook.yaml`: Chinese UI, four channels, two
/// editions.
static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    let text = include_str!("../../playbook.yaml");
    let node = yaml::parse(text, Config::default().yaml_limits()).expect("playbook.yaml parses");
    let (config, problems) = config::parse(&node);
    assert!(problems.is_empty(), "{problems:?}");
    config
});

fuzz_target!(|data: &[u8]| {
    common::on_worker_stack(|| run(data));
});

fn run(data: &[u8]) {
    let variant = data.len() % 4;
    let mut config = CONFIG.clone();
    config.max_yaml_depth = if variant & 1 == 0 {
        64
    } else {
        MAX_YAML_DEPTH_CEILING
    };
    let path = if variant & 2 == 0 {
        "content/sla/fuzz.md"
    } else {
        "content/index.md"
    };

    let (text, document, mut diagnostics) = content::load_bytes(data, path, &config);
    // Positions of a file that does not decode are checked against what
    // does decode (the bad byte as one replacement character).
    let shown = match &text {
        Some(text) => text.to_string(),
        None => String::from_utf8_lossy(data).into_owned(),
    };
    let mut sources = Sources::default();
    if let Some(text) = &text {
        sources.insert(path, text.clone());
    }

    if let Some(document) = document {
        for reference in &document.references {
            common::assert_within(&shown, reference.pos, reference);
        }
        for link in &document.root_links {
            common::assert_within(&shown, link.pos, link);
        }
        if !document.body().is_empty() {
            let from_body_line =
                common::lines(&shown)[document.body_line as usize - 1..].join("\n");
            // The body's own lines: not `common::lines`, which drops a
            // file's leading BOM, while a body may itself start with one
            // (a BOM in the middle of a file is text).
            let body_lines = document
                .body()
                .split('\n')
                .map(|line| line.strip_suffix('\r').unwrap_or(line))
                .collect::<Vec<_>>()
                .join("\n");
            assert_eq!(
                from_body_line, body_lines,
                "body_line {}",
                document.body_line
            );
        }
        let _ = document.front_matter.to_json();
        let _ = document.url();

        let corpus = Corpus {
            root: PathBuf::from("/nonexistent"),
            config: config.clone(),
            documents: vec![std::sync::Arc::new(document)],
            static_files: BTreeSet::from(["/logo.png".to_string()]),
            static_unnamed: Vec::new(),
            sources: sources.clone(),
            broken: Vec::new(),
        };
        let graph = graph::build(&corpus);
        let options = check::Options {
            include_drafts: true,
            today: jiff::civil::date(2026, 3, 2),
        };
        diagnostics.extend(check::run(&corpus, &graph, options));
    }

    diag::sort(&mut diagnostics);
    for diagnostic in &diagnostics {
        assert_eq!(diagnostic.path, path, "{diagnostic:?}");
        common::assert_within(&shown, diagnostic.pos, diagnostic);
        let _ = diag::render_human(diagnostic, &sources, false);
        let _ = diag::render_json(diagnostic);
    }
}
