//! The example playbook in `content/` is what users see first: it must pass
//! `check` with no error and no warning.

mod common;

#[test]
fn the_example_playbook_passes_check_without_a_warning() {
    let root = common::repo_root();
    let output = common::playbook(&[
        "check",
        "--deny-warnings",
        "--format",
        "json",
        "--root",
        root.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout, "", "the example has diagnostics");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn the_example_covers_the_lifecycle_the_issue_asks_for() {
    let (corpus, diagnostics) = playbook::content::load(&common::repo_root());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    use playbook::content::document::{Kind, KindFields};
    let count = |kind: Kind| corpus.documents.iter().filter(|d| d.kind == kind).count();
    assert!(count(Kind::Requirement) >= 6);
    assert!(count(Kind::Training) >= 2);
    assert!(count(Kind::Faq) >= 8);
    assert_eq!(count(Kind::Vendor), 3);
    assert!(count(Kind::Kpi) >= 3);
    for document in &corpus.documents {
        if let KindFields::Kpi(kpi) = &document.fields {
            assert!(
                kpi.actuals.len() >= 6,
                "{} has six months of actuals",
                document.id.value
            );
        }
    }
    // The contract's response times: phone 5 minutes, chat 2, email 24 hours.
    let first_response = |channel: &str| {
        corpus.documents.iter().any(|d| match &d.fields {
            KindFields::Sla(sla) => {
                sla.channel.value == channel
                    && sla.metric == playbook::content::document::Metric::FirstResponse
                    && matches!(sla.target, playbook::content::document::SlaTarget::Duration(t)
                        if t.seconds == match channel { "phone" => 300, "chat" => 120, _ => 86_400 })
            }
            _ => false,
        })
    };
    assert!(first_response("phone") && first_response("chat") && first_response("email"));
    let home = corpus
        .documents
        .iter()
        .find(|d| d.path == "content/index.md")
        .unwrap();
    assert_eq!(home.kind, Kind::Page);
    assert!(
        corpus
            .documents
            .iter()
            .any(|d| d.kind == Kind::Page && d.audience == "internal"),
        "an internal fee-structure page"
    );
}
