//! The views of the example playbook, built for real: each kind's index
//! page shows what the issue asks of it, and a KPI that misses its target is
//! drawn and labelled as missed.

mod common;
mod site;

use std::collections::BTreeMap;

type Tree = BTreeMap<String, Vec<u8>>;

/// The example built once: (output folder, company edition, vendor edition).
fn example() -> (tempfile::TempDir, Tree, Tree) {
    let out = tempfile::tempdir().unwrap();
    site::build_ok(&common::repo_root(), out.path(), &[]);
    let company = site::read_tree(&out.path().join("company"));
    let vendor = site::read_tree(&out.path().join("vendor"));
    (out, company, vendor)
}

#[test]
fn every_view_shows_its_engagement_data() {
    let (_out, company, vendor) = example();

    // Requirements by priority and by channel.
    let requirements = site::text(&company, "requirement/index.html");
    // Each requirement listed once, under its priority.
    for heading in ["<h2>优先级：必须 ", "<h2>优先级：应该 ", "按渠道查看需求"] {
        assert!(
            requirements.contains(heading),
            "requirement view lacks {heading}"
        );
    }
    for channel in ["电话", "在线聊天", "电子邮件", "社交媒体"] {
        assert!(
            requirements.contains(&format!("<th scope=\"row\">{channel}</th>")),
            "{channel} row"
        );
    }

    // The SLA matrix: channel × metric, the contract's targets in the cells,
    // each linking to its SLA.
    let slas = site::text(&company, "sla/index.html");
    assert!(slas.contains("服务水平矩阵（渠道 × 指标）"));
    // The comparison is written out: "≥ 95%" of contacts within the time,
    // "≤ 5%" abandoned, "≥ 88%" satisfied.
    for (url, target) in [
        ("../sla/sla-phone-first.html", "5 分钟内 ≥ 95%"),
        ("../sla/sla-chat-first.html", "2 分钟内 ≥ 95%"),
        ("../sla/sla-email-first.html", "24 小时内 ≥ 95%"),
        ("../sla/sla-phone-abandon.html", "≤ 5%"),
        ("../sla/sla-phone-csat.html", "≥ 88%"),
    ] {
        let cell = format!("<a href=\"{url}\"");
        let at = slas
            .find(&cell)
            .unwrap_or_else(|| panic!("matrix links to {url}"));
        let cell_text: String = slas[at..].chars().take(400).collect();
        assert!(cell_text.contains(target), "{url} shows {target}");
    }

    // The training schedule: start, refresher, next session from today
    // (PLAYBOOK_TODAY=2026-11-26), total time, modules.
    let training = site::text(&company, "training/index.html");
    assert!(training.contains("培训日程"));
    assert!(
        training.contains("2026-12-02"),
        "onboarding (quarterly from 2026-03-02) next on 2026-12-02"
    );
    assert!(
        training.contains("2027-10-12"),
        "peak-season training (yearly from 2026-10-12) next on 2027-10-12"
    );
    assert!(training.contains("每季度") && training.contains("情景模拟"));

    // FAQ: every question listed exactly once, in a group named by a tag
    // the group shares; the shared tags are filters.
    let faq = site::text(&company, "faq/index.html");
    assert!(faq.contains("<h2>退款 "), "a tag group");
    assert!(faq.contains("data-tag=\"常见问题\""), "a tag filter");
    for document in ["faq-refund", "faq-contract", "faq-peak", "faq-system-down"] {
        assert_eq!(
            faq.matches(&format!("href=\"../faq/{document}.html\""))
                .count(),
            1,
            "{document} listed once"
        );
    }

    // The vendor comparison: company edition only, the three candidates,
    // exactly one selected.
    let vendors = site::text(&company, "vendor/index.html");
    assert!(vendors.contains("供应商对比"));
    assert!(vendors.matches("../vendor/ven-").count() >= 3);
    assert_eq!(vendors.matches("<strong>✓ 是</strong>").count(), 1);
    assert!(
        !vendor.contains_key("vendor/index.html"),
        "the vendor edition has no comparison"
    );

    // The KPI dashboard: every KPI small, with an accessible chart and its verdict.
    let kpis = site::text(&company, "kpi/index.html");
    let cards = kpis.matches("class=\"kpi-card").count();
    assert_eq!(cards, 7);
    assert_eq!(kpis.matches("role=\"img\"").count(), cards);
    assert_eq!(
        kpis.matches("<strong class=\"verdict\">达标</strong>")
            .count(),
        cards
    );

    // A KPI page: the chart with a title and a description naming every
    // value, and the same values as a table.
    let csat = site::text(&company, "kpi/kpi-csat.html");
    assert!(
        csat.contains("<svg class=\"kpi-chart\"")
            && csat.contains("<title id=\"chart-page-kpi-csat-title\">")
    );
    let description = csat.split("<desc").nth(1).unwrap();
    for period in [
        "2026 年 5 月",
        "2026 年 6 月",
        "2026 年 7 月",
        "2026 年 8 月",
        "2026 年 9 月",
        "2026 年 10 月",
    ] {
        assert!(
            description.contains(period),
            "the description names {period}"
        );
        assert!(
            csat.contains(&format!("<td><span class=\"period\">{period}</span></td>")),
            "the table lists {period}"
        );
    }
}

#[test]
fn a_missed_kpi_is_drawn_and_labelled_as_missed() {
    let out = tempfile::tempdir().unwrap();
    let root = common::fixture("diagnostics/domain-warnings");
    let output = site::build(&root, out.path(), &[]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "warnings do not stop the build"
    );
    let tree = site::read_tree(&out.path().join("company"));
    let page = site::text(&tree, "kpi/kpi-csat.html");
    // The latest period is the greatest (2026-02: 85%), below the 90% target.
    assert!(
        page.contains("85% · missed"),
        "the latest point is labelled missed"
    );
    assert!(
        page.contains("February 2026: missed."),
        "the description says so"
    );
    let dashboard = site::text(&tree, "kpi/index.html");
    assert!(
        dashboard.contains("is-missed")
            && dashboard.contains("<strong class=\"verdict\">missed</strong>")
    );
}
