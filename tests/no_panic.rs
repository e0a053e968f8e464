//! Property: nothing a user can write makes loading and checking panic.
//! Documents are generated from the pieces front matter and bodies are made
//! of (keys, values, YAML punctuation, references, Unicode, CR, tabs, NUL),
//! and from raw bytes, then the whole pipeline runs on them in-process.

use std::fs;

use proptest::prelude::*;

const PIECES: &[&str] = &[
    "---\n",
    "id: ",
    "kind: ",
    "title: ",
    "channels: ",
    "hours: ",
    "target: ",
    "metric: ",
    "satisfies: ",
    "modules:\n",
    "  - ",
    "{ title: a, duration: 2h, format: workshop, covers: [",
    "]}",
    "actuals:\n",
    "- { period: 2026-01, value: 9% }",
    "unit: ",
    "percent",
    "duration",
    "score",
    "requirement",
    "sla",
    "training",
    "faq",
    "vendor",
    "kpi",
    "page",
    "REQ-A",
    "SLA-A",
    "[REQ-A]",
    "[phone, chat]",
    "24/7",
    "mon-fri 09:00-18:00",
    "fri-mon 22:00-06:00 Asia/Shanghai",
    "5m",
    "0s",
    "85%",
    "101%",
    "first_response",
    "csat",
    "2026-02-30",
    "2026-W53",
    "&a ",
    "*a",
    "<<: *a",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "? ",
    "|\n",
    ">\n",
    "\"",
    "'",
    "#",
    "%",
    "!",
    "!!binary ",
    "~",
    "\t",
    "\r\n",
    "\n",
    "  ",
    "中文标题",
    "退款规则",
    "\u{feff}",
    "\0",
    "[[REQ-A]]",
    "[[",
    "]]",
    "[t](@REQ-A#x)",
    "[t](../sla/a.md#退款)",
    "![](/logo.png)",
    "## 标题 {#x}\n",
    "```\n",
    "`",
    "[t](@",
    "#",
    "@",
    "review_by: 2020-01-01\n",
    "audience: internal\n",
    "status: draft\n",
    "status: retired\n",
    "weight: -3\n",
    "tags: [618]\n",
    "rating: 5.1\n",
    "\u{1F600}",
    "é",
];

fn document() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(PIECES), 0..60)
            .prop_map(|pieces| pieces.concat().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..400),
    ]
}

fn config() -> impl Strategy<Value = Option<String>> {
    prop::option::of(
        prop::collection::vec(
            prop::sample::select(
                &[
                    "title: t\n",
                    "channels: { phone: 电话 }\n",
                    "audiences: [shared]\n",
                    "editions: { a: { audiences: [x] } }\n",
                    "limits: { max_yaml_depth: 2 }\n",
                    "limits: { max_file_bytes: 10 }\n",
                    "timezone: Nowhere\n",
                    "language: fr\n",
                    "markdown: { raw_html: allow }\n",
                    "[",
                    "\t",
                    "&a x\n",
                ][..],
            ),
            0..6,
        )
        .prop_map(|pieces| pieces.concat()),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn loading_and_checking_never_panic(
        documents in prop::collection::vec(document(), 1..4),
        config in config(),
    ) {
        let project = tempfile::tempdir().unwrap();
        let content = project.path().join("content");
        fs::create_dir_all(content.join("sla")).unwrap();
        for (index, bytes) in documents.iter().enumerate() {
            let name = if index == 1 { "sla/a.md".to_string() } else { format!("doc{index}.md") };
            fs::write(content.join(name), bytes).unwrap();
        }
        if let Some(config) = config {
            fs::write(project.path().join("playbook.yaml"), config).unwrap();
        }
        let today = jiff::civil::date(2026, 11, 26);
        let analysis = playbook::pipeline::analyze(project.path(), false, Some(today));
        // Every diagnostic points at a real place.
        for diagnostic in &analysis.diagnostics {
            prop_assert!(diagnostic.pos.line >= 1 && diagnostic.pos.column >= 1);
            let _ = playbook::diag::render_human(diagnostic, &analysis.corpus.sources, false);
            let _ = playbook::diag::render_json(diagnostic);
        }
    }
}
