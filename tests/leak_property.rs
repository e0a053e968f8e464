//! Property: whatever a project looks like, the vendor edition holds no
//! trace of an internal document – no ID, title, URL, file name, heading,
//! anchor or body sentence, in any file or file name of the edition (pages,
//! kind indexes, search index, `playbook.json`, `print.html`, `trace.html`,
//! `404.html`), in any encoding (raw, HTML entities, JSON `\uXXXX`, percent
//! encoding, or a mix) – while the company edition holds every one of them.
//!
//! Projects are generated: documents of every kind, each shared or internal
//! (at random), referencing random others in every way the format allows:
//! front-matter fields (`satisfies`, `covers`, `related`, `measures`),
//! `[[ID]]`, `[[ID#anchor]]`, `[[ID|alias]]`, `[text](@ID)` (with an anchor,
//! with a title, reference-style), relative `.md` links (with an anchor), in
//! tables, footnotes and headings, and links to the anchor of a heading that
//! itself names a document (`## See [[ID]]`). Everything an internal document
//! says is drawn from a vocabulary no shared document, link text or UI
//! string uses (invented ASCII words, CJK words, and `&`, `<`, `"`, `'` to
//! exercise the escapes); author-written link texts come from a third one.
//!
//! Raw HTML links (`<a href="@ID">`, `<a href="x.md">`, `<img src="@ID">`,
//! a tag spanning lines of an HTML block) are references too.
//!
//! SLAs and KPIs carry measured results, in front matter and in data files
//! (`data/a.csv` in UTF-8, `data/b.csv` in GB18030): an internal one's
//! figures (values no shared document has) and notes (secret words) must
//! never reach the vendor edition either, nor a month of the service review
//! that only internal documents have figures for.
//!
//! Shared → internal references are allowed (with a `link-to-left-out`
//! warning), so every generated project must build without errors, except
//! one given a nested link (`[see [[ID]] owner](@ID)`, whose outer link
//! CommonMark leaves as text): that one must fail with
//! `unrendered-reference` and publish nothing.
//!
//! The projects are built in-process with the same pipeline `watch` uses
//! (`serve::site::clean_build`), which renders every file of every edition
//! into memory, and by the `playbook build` command into a folder; both
//! outputs are searched. Each edition is also built alone
//! (`--edition NAME`): it must come out byte for byte as it does beside the
//! other, whatever the editions share while rendered together.

mod common;
mod site;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use playbook::diag::Severity;
use proptest::prelude::*;

const KINDS: [&str; 7] = [
    "requirement",
    "sla",
    "training",
    "faq",
    "vendor",
    "kpi",
    "page",
];
const PREFIXES: [&str; 7] = ["REQ", "SLA", "TRN", "FAQ", "VEN", "KPI", "PG"];
const REQUIREMENT: usize = 0;
const SLA: usize = 1;
const TRAINING: usize = 2;
const FAQ: usize = 3;
const VENDOR: usize = 4;
const KPI: usize = 5;

/// Invented words only internal documents use: in their IDs, file names,
/// titles, headings, owners, tags, module titles and bodies. None of them
/// is part of any UI string, style sheet or script of the product.
const SECRET_WORDS: [&str; 16] = [
    "Zorblax", "Quixotl", "Velmirq", "Draxune", "Plumbix", "Korvath", "Ysoldex", "Grimwalq",
    "Tessark", "Umbrixo", "Fenwrax", "Oskeloq", "Marduvx", "Nixtoph", "Branvek", "Cyrellq",
];
/// CJK words only internal documents use.
const SECRET_CJK: [&str; 16] = [
    "隐鹤", "密枢", "暗钥", "幽檀", "玄圭", "潜蛟", "匿霜", "秘璃", "隐砚", "密烛", "暗弦", "幽珀",
    "玄铎", "潜鲤", "匿岚", "秘篆",
];
/// Words of shared documents.
const SHARED_WORDS: [&str; 16] = [
    "Alpha", "Bravo", "Cedar", "Delta", "Ember", "Fjord", "Grove", "Harbor", "Ivory", "Juniper",
    "Kestrel", "Lumen", "Maple", "North", "Orbit", "Prairie",
];

/// How a body refers to another document.
#[derive(Clone, Copy, Debug)]
enum Form {
    Wiki,
    WikiAnchor,
    WikiAlias,
    At,
    AtAnchor,
    AtTitle,
    ReferenceStyle,
    Relative,
    RelativeAnchor,
    InTable,
    InFootnote,
    /// `[text](@ID#see-other-id)`: the anchor of a heading `## See [[OTHER-ID]]`.
    NamedHeadingAt,
    NamedHeadingWiki,
    NamedHeadingRelative,
    /// `[text](#see-other-id)` to a heading of the same document.
    OwnNamedHeading,
    /// `<a href="@ID">text</a>`.
    RawAt,
    /// `<a href='x.md'>text</a>`.
    RawRelative,
    /// `<img src=@ID alt="text">`.
    RawImage,
    /// An HTML block whose `<a` tag spans two lines.
    RawBlock,
}

fn form() -> impl Strategy<Value = Form> {
    prop::sample::select(vec![
        Form::Wiki,
        Form::WikiAnchor,
        Form::WikiAlias,
        Form::At,
        Form::AtAnchor,
        Form::AtTitle,
        Form::ReferenceStyle,
        Form::Relative,
        Form::RelativeAnchor,
        Form::InTable,
        Form::InFootnote,
        Form::NamedHeadingAt,
        Form::NamedHeadingWiki,
        Form::NamedHeadingRelative,
        Form::OwnNamedHeading,
        Form::RawAt,
        Form::RawRelative,
        Form::RawImage,
        Form::RawBlock,
    ])
}

/// A link inside another link's text, which makes the outer one text.
#[derive(Clone, Debug)]
struct Nested {
    /// The document (or the home page) whose body gets it.
    source: u16,
    /// The outer link's target and the inner one's.
    outer: u16,
    inner: u16,
    /// `[a [[INNER]] b](@OUTER)`, `[a [b](@INNER) c](outer.md)` or
    /// `[a [[INNER]] b](outer.md#anchor)`.
    variant: u8,
}

/// One generated document, before its references are resolved: targets
/// are picks, taken modulo the candidates of the right kind.
#[derive(Clone, Debug)]
struct Spec {
    kind: usize,
    internal: bool,
    /// For internal documents: write `audience: internal`, or rely on the
    /// default (vendor documents only).
    explicit_audience: bool,
    retired: bool,
    /// Front-matter references (`satisfies`, `related`, `measures`; for a
    /// training plan, one list of `covers` per module).
    fields: Vec<Vec<u16>>,
    body: Vec<(Form, u16)>,
    /// `## See [[ID]]`: a heading naming a document.
    named_heading: Option<u16>,
}

fn spec(kind: BoxedStrategy<usize>) -> impl Strategy<Value = Spec> {
    (
        kind,
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.15),
        prop::collection::vec(prop::collection::vec(any::<u16>(), 0..4), 1..4),
        prop::collection::vec((form(), any::<u16>()), 0..7),
        prop::option::weighted(0.5, any::<u16>()),
    )
        .prop_map(
            |(kind, internal, explicit_audience, retired, fields, body, named_heading)| Spec {
                kind,
                internal,
                explicit_audience,
                retired,
                fields,
                body,
                named_heading,
            },
        )
}

#[derive(Clone, Debug)]
struct Project {
    language: &'static str,
    /// The home page (`content/index.md`, shared): its body references.
    home: Vec<(Form, u16)>,
    /// Document 0 is a requirement and document 1 an SLA, so that every
    /// `satisfies` and `measures` has something to point to.
    specs: Vec<Spec>,
    nested: Option<Nested>,
}

fn project() -> impl Strategy<Value = Project> {
    let first = spec(Just(REQUIREMENT).boxed());
    let second = spec(Just(SLA).boxed());
    let others = prop::collection::vec(spec((0..7usize).boxed()), 1..13);
    (
        prop::sample::select(vec!["en", "zh-Hans", "zh-Hant"]),
        prop::collection::vec((form(), any::<u16>()), 0..6),
        first,
        second,
        others,
        prop::option::weighted(
            0.25,
            (any::<u16>(), any::<u16>(), any::<u16>(), 0..3u8).prop_map(
                |(source, outer, inner, variant)| Nested {
                    source,
                    outer,
                    inner,
                    variant,
                },
            ),
        ),
    )
        .prop_map(|(language, home, first, second, others, nested)| {
            let mut specs = vec![first, second];
            specs.extend(others);
            Project {
                language,
                home,
                specs,
                nested,
            }
        })
}

/// A generated document with everything it says.
struct Doc {
    kind: usize,
    internal: bool,
    id: String,
    /// The file: `content/<kind>/<stem>.md`.
    stem: String,
    title: String,
    sentence: String,
    heading: String,
    anchor: String,
    owner: String,
    tag: String,
    module_title: String,
    participant: String,
    /// The ID its `## See [[ID]]` heading names, if it has one.
    named: Option<usize>,
    /// For internal documents: the words that must never reach the vendor
    /// edition, in any letter case.
    secret_words: Vec<String>,
    /// Its place in the project (its figures are made from it).
    index: usize,
}

impl Doc {
    /// A measured value only this document has, for `month` (1 to 3): an
    /// internal one's has three decimals no other figure or chart
    /// coordinate has.
    fn figure(&self, index: usize, month: usize) -> String {
        if self.internal {
            format!("{}.{:02}{month}%", 10 + index, index)
        } else {
            format!("9{month}%")
        }
    }

    /// The note of its data-file row.
    fn note(&self) -> String {
        match self.secret_words.first() {
            Some(word) => format!("{word} 备注 {} & <机密>", self.secret_words[1]),
            None => "公开备注".to_string(),
        }
    }

    fn new(index: usize, spec: &Spec) -> Doc {
        let kind = spec.kind;
        // Vendor documents are internal unless they say otherwise.
        let internal = spec.internal;
        if internal {
            let word = SECRET_WORDS[index];
            let lower = word.to_lowercase();
            let cjk = SECRET_CJK[index];
            Doc {
                kind,
                internal,
                id: format!("{}-{}", PREFIXES[kind], word.to_uppercase()),
                stem: format!("{lower}-file"),
                title: format!("{cjk}机密 & <{word}> \"报价\" '内部' 第{index}号"),
                sentence: format!(
                    "{cjk}正文：{word} 的成本 & <利润> \"机密\" '报价' 第{index}段。"
                ),
                heading: format!("{word} 细则 {index}"),
                anchor: format!("{lower}-细则-{index}"),
                owner: format!("{word} 负责人 <组> & \"co\""),
                tag: format!("{lower}标签"),
                module_title: format!("{word} 模块 '{cjk}'"),
                participant: format!("{word} 角色"),
                named: None,
                secret_words: vec![lower, cjk.to_string()],
                index,
            }
        } else {
            let word = SHARED_WORDS[index];
            let lower = word.to_lowercase();
            Doc {
                kind,
                internal,
                id: format!("{}-{}", PREFIXES[kind], word.to_uppercase()),
                stem: format!("{lower}-doc"),
                title: format!("共享{word}文档 & <公开> \"{index}\" 'ok'"),
                sentence: format!("公开正文 {word} & <公开> 第{index}段。"),
                heading: format!("{word} 段落 {index}"),
                anchor: format!("{lower}-段落-{index}"),
                owner: "客服部 & <运营>".to_string(),
                tag: "公开标签".to_string(),
                module_title: format!("公开模块 {word}"),
                participant: "一线客服".to_string(),
                named: None,
                secret_words: Vec::new(),
                index,
            }
        }
    }

    fn path(&self) -> String {
        format!("content/{}/{}.md", KINDS[self.kind], self.stem)
    }

    fn url(&self) -> String {
        format!("{}/{}.html", KINDS[self.kind], self.id.to_lowercase())
    }

    /// The anchor of its `## See [[ID]]` heading.
    fn named_anchor(&self, docs: &[Doc]) -> Option<String> {
        self.named
            .map(|target| format!("see-{}", docs[target].id.to_lowercase()))
    }

    /// What must never reach the vendor edition: (what, text).
    fn needles(&self) -> Vec<(&'static str, String)> {
        let mut needles = vec![
            ("ID", self.id.clone()),
            ("title", self.title.clone()),
            ("URL", self.url()),
            ("file name", self.stem.clone()),
            ("body sentence", self.sentence.clone()),
            ("heading", self.heading.clone()),
            ("anchor", self.anchor.clone()),
            ("owner", self.owner.clone()),
            ("tag", self.tag.clone()),
        ];
        if self.kind == TRAINING {
            needles.push(("module title", self.module_title.clone()));
            needles.push(("participant", self.participant.clone()));
        }
        if self.kind == SLA || self.kind == KPI {
            for month in 1..=3 {
                needles.push(("figure", self.figure(self.index, month)));
            }
            needles.push(("note", self.note()));
        }
        for word in &self.secret_words {
            needles.push(("secret word", word.clone()));
        }
        needles
    }
}

fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Writes the body of one reference; `notes` collects what goes at the end
/// of the body (footnote and link definitions).
fn reference(
    form: Form,
    pick: u16,
    source: Option<usize>,
    docs: &[Doc],
    counter: &mut usize,
    out: &mut String,
    notes: &mut String,
) {
    *counter += 1;
    let k = *counter;
    let text = format!("作者文字{k}号");
    let candidates: Vec<usize> = (0..docs.len()).filter(|&i| Some(i) != source).collect();
    if candidates.is_empty() {
        return;
    }
    let target = candidates[pick as usize % candidates.len()];
    let doc = &docs[target];
    let relative = |doc: &Doc| match source {
        None => format!("{}/{}.md", KINDS[doc.kind], doc.stem),
        Some(source) if docs[source].kind == doc.kind => format!("{}.md", doc.stem),
        Some(_) => format!("../{}/{}.md", KINDS[doc.kind], doc.stem),
    };
    let id = &doc.id;
    let anchor = &doc.anchor;
    match form {
        Form::Wiki => writeln!(out, "- 维基 [[{id}]]"),
        Form::WikiAnchor => writeln!(out, "- 维基锚点 [[{id}#{anchor}]]"),
        Form::WikiAlias => writeln!(out, "- 别名 [[{id}|别名{k}]]"),
        Form::At => writeln!(out, "- 链接 [{text}](@{id})"),
        Form::AtAnchor => writeln!(out, "- 锚点 [{text}](@{id}#{anchor})"),
        Form::AtTitle => writeln!(out, "- 提示 [{text}](@{id} \"提示{k}\")"),
        Form::ReferenceStyle => {
            let _ = writeln!(notes, "\n[r{k}]: @{id}");
            writeln!(out, "- 引用式 [{text}][r{k}]")
        }
        Form::Relative => writeln!(out, "- 相对 [{text}]({})", relative(doc)),
        Form::RelativeAnchor => writeln!(out, "- 相对锚点 [{text}]({}#{anchor})", relative(doc)),
        Form::InTable => writeln!(out, "\n| 项 | 参考 |\n|---|---|\n| {k} | [[{id}]] |\n"),
        Form::InFootnote => {
            let _ = writeln!(notes, "\n[^n{k}]: 脚注见 [[{id}]] 与 [{text}](@{id})。");
            writeln!(out, "- 脚注[^n{k}]")
        }
        Form::NamedHeadingAt | Form::NamedHeadingWiki | Form::NamedHeadingRelative => {
            // To a document (other than this one) with a named heading.
            let with: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&i| docs[i].named.is_some())
                .collect();
            if with.is_empty() {
                return;
            }
            let target = &docs[with[pick as usize % with.len()]];
            let anchor = target.named_anchor(docs).unwrap();
            let id = &target.id;
            match form {
                Form::NamedHeadingAt => writeln!(out, "- 标题锚点 [{text}](@{id}#{anchor})"),
                Form::NamedHeadingWiki => writeln!(out, "- 标题锚点 [[{id}#{anchor}]]"),
                _ => writeln!(out, "- 标题锚点 [{text}]({}#{anchor})", relative(target)),
            }
        }
        Form::OwnNamedHeading => match source.and_then(|source| docs[source].named_anchor(docs)) {
            Some(anchor) => writeln!(out, "- 本页 [{text}](#{anchor})"),
            None => return,
        },
        Form::RawAt => writeln!(out, "- 网页 <a href=\"@{id}\">{text}</a>"),
        Form::RawRelative => writeln!(out, "- 网页 <A HREF='{}'>{text}</A>", relative(doc)),
        Form::RawImage => writeln!(out, "- 图 <img src=@{id} alt=\"{text}\">"),
        Form::RawBlock => writeln!(
            out,
            "\n<div class=\"box\">\n<a class=\"x\"\n   href=\"@{id}\">{text}</a>\n</div>\n"
        ),
    }
    .unwrap();
}

fn body(refs: &[(Form, u16)], source: Option<usize>, docs: &[Doc], counter: &mut usize) -> String {
    let mut out = String::new();
    let mut notes = String::new();
    if let Some(source) = source {
        let doc = &docs[source];
        writeln!(out, "{}\n\n## {}\n", doc.sentence, doc.heading).unwrap();
    } else {
        out.push_str("欢迎阅读外包手册。\n\n");
    }
    for &(form, pick) in refs {
        reference(form, pick, source, docs, counter, &mut out, &mut notes);
    }
    if let Some(named) = source.and_then(|source| docs[source].named) {
        writeln!(out, "\n## See [[{}]]\n\n参见上文。", docs[named].id).unwrap();
    }
    out.push_str("\n正文结束。\n");
    out.push_str(&notes);
    out
}

/// Picks targets of `kind` (any kind when `None`), without repeats.
fn picks(picks: &[u16], kind: Option<usize>, docs: &[Doc], source: usize) -> Vec<String> {
    let candidates: Vec<usize> = (0..docs.len())
        .filter(|&i| i != source && kind.is_none_or(|kind| docs[i].kind == kind))
        .collect();
    let mut ids: Vec<String> = Vec::new();
    if candidates.is_empty() {
        return ids;
    }
    for &pick in picks {
        let id = docs[candidates[pick as usize % candidates.len()]]
            .id
            .clone();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

fn front_matter(index: usize, spec: &Spec, docs: &[Doc]) -> String {
    let doc = &docs[index];
    let mut out = String::from("---\n");
    writeln!(out, "id: {}", doc.id).unwrap();
    writeln!(out, "kind: {}", KINDS[doc.kind]).unwrap();
    writeln!(out, "title: {}", json(&doc.title)).unwrap();
    if doc.internal {
        if spec.explicit_audience || doc.kind != VENDOR {
            out.push_str("audience: internal\n");
        }
    } else if doc.kind == VENDOR || spec.explicit_audience {
        out.push_str("audience: shared\n");
    }
    if spec.retired {
        out.push_str("status: retired\n");
    }
    writeln!(out, "owner: {}", json(&doc.owner)).unwrap();
    writeln!(out, "tags: [{}, \"通用\"]", json(&doc.tag)).unwrap();
    let list = |ids: Vec<String>| format!("[{}]", ids.join(", "));
    let first = spec.fields.first().map(Vec::as_slice).unwrap_or(&[]);
    match doc.kind {
        REQUIREMENT => {
            out.push_str("channels: [phone, chat, email, social]\nhours: 24/7\n");
            out.push_str(calendar_terms(index));
        }
        SLA => {
            // Never empty: document 0 is a requirement.
            let mut satisfies = picks(first, Some(REQUIREMENT), docs, index);
            if satisfies.is_empty() {
                satisfies.push(docs[0].id.clone());
            }
            writeln!(
                out,
                "channel: chat\nmetric: first_response\ntarget: 2m\nattainment: 90%\nsatisfies: {}\nactuals:\n  - {{ period: 2026-01, value: {} }}",
                list(satisfies),
                doc.figure(index, 1)
            )
            .unwrap();
            out.push_str(calendar_terms(index));
        }
        TRAINING => {
            writeln!(out, "participants: [{}]", json(&doc.participant)).unwrap();
            out.push_str("modules:\n");
            for (number, covers) in spec.fields.iter().enumerate() {
                writeln!(
                    out,
                    "  - {{ title: {}, duration: 1h, format: workshop, covers: {} }}",
                    json(&format!("{} {number}", doc.module_title)),
                    list(picks(covers, None, docs, index))
                )
                .unwrap();
            }
        }
        FAQ => writeln!(out, "related: {}", list(picks(first, None, docs, index))).unwrap(),
        VENDOR => out.push_str("experience_years: 3\nrating: 4\nquality: high\n"),
        KPI => writeln!(
            out,
            "unit: percent\ntarget: 90%\nbetter: higher\nmeasures: {}\nactuals:\n  - {{ period: 2026-01, value: {} }}",
            list(picks(first, Some(SLA), docs, index)),
            doc.figure(index, 1)
        )
        .unwrap(),
        _ => {}
    }
    out.push_str("---\n");
    out
}

/// A service calendar (section 7): its views list requirements and SLAs
/// by name, so they must leave the internal ones out of the vendor's.
const CALENDAR: &str = "calendar:\n  holidays:\n    - { name: 国庆节, from: 2026-10-01, to: 2026-10-07, hours: \"09:00-18:00\" }\n  workdays:\n    - { name: 国庆节调休, date: 2026-10-10 }\n  peaks:\n    - { id: PEAK-SALE, name: 春季大促, from: 2026-01-20, to: 2026-03-10 }\n";

/// `during` and `on_holidays` on some requirements and SLAs (by their
/// place, so every project has each form), for the calendar's views.
fn calendar_terms(index: usize) -> &'static str {
    match index % 5 {
        1 => "during: PEAK-SALE\n",
        2 => "on_holidays: closed\n",
        3 => "on_holidays: \"10:00-16:00\"\nduring: PEAK-SALE\n",
        4 => "on_holidays: normal\n",
        _ => "",
    }
}

/// Writes the project; returns its documents and files (path → text).
fn write_project(root: &Path, project: &Project) -> (Vec<Doc>, BTreeMap<String, String>) {
    let mut docs: Vec<Doc> = project
        .specs
        .iter()
        .enumerate()
        .map(|(index, spec)| Doc::new(index, spec))
        .collect();
    for (index, spec) in project.specs.iter().enumerate() {
        docs[index].named = spec.named_heading.map(|pick| {
            let others: Vec<usize> = (0..docs.len()).filter(|&i| i != index).collect();
            others[pick as usize % others.len()]
        });
    }
    let mut files = BTreeMap::new();
    files.insert(
        "playbook.yaml".to_string(),
        format!(
            "title: 外包手册 & <站点>\nlanguage: {}\n{CALENDAR}",
            project.language
        ),
    );
    let mut counter = 0;
    files.insert(
        "content/index.md".to_string(),
        format!(
            "---\nid: HOME\nkind: page\ntitle: 首页\n---\n{}",
            body(&project.home, None, &docs, &mut counter)
        ),
    );
    for (index, spec) in project.specs.iter().enumerate() {
        let text = format!(
            "{}{}",
            front_matter(index, spec, &docs),
            body(&spec.body, Some(index), &docs, &mut counter)
        );
        files.insert(docs[index].path(), text);
    }
    if let Some(nested) = &project.nested {
        let source = nested.source as usize % (docs.len() + 1);
        let (path, source) = match source.checked_sub(1) {
            None => ("content/index.md".to_string(), None),
            Some(index) => (docs[index].path(), Some(index)),
        };
        let outer = &docs[nested.outer as usize % docs.len()];
        let inner = &docs[nested.inner as usize % docs.len()];
        let outer_path = match source {
            None => format!("{}/{}.md", KINDS[outer.kind], outer.stem),
            Some(source) if docs[source].kind == outer.kind => format!("{}.md", outer.stem),
            Some(_) => format!("../{}/{}.md", KINDS[outer.kind], outer.stem),
        };
        let line = match nested.variant {
            0 => format!("\n见 [负责人 [[{}]] 说明](@{})。\n", inner.id, outer.id),
            1 => format!("\n见 [甲 [乙](@{}) 丙]({outer_path})。\n", inner.id),
            _ => format!(
                "\n| 项 |\n|---|\n| [甲 [[{}]] 丙]({outer_path}#{}) |\n",
                inner.id, outer.anchor
            ),
        };
        files.get_mut(&path).unwrap().push_str(&line);
    }
    // Measured results: February for every SLA and KPI in a UTF-8 file,
    // March for the internal ones only, in a GB18030 file.
    let mut february = String::from("id,period,value,note\r\n");
    let mut march = String::from("note,value,period,id\r\n");
    for doc in docs.iter().filter(|doc| doc.kind == SLA || doc.kind == KPI) {
        let (figure, note) = (doc.figure(doc.index, 2), doc.note());
        writeln!(february, "{},2026-02,{figure},{note}\r", doc.id).unwrap();
        if doc.internal {
            writeln!(
                march,
                "{note},{},2026-03,{}\r",
                doc.figure(doc.index, 3),
                doc.id
            )
            .unwrap();
        }
    }
    files.insert("data/a.csv".to_string(), february);
    for (path, text) in &files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let (gb18030, _, _) = encoding_rs::GB18030.encode(&march);
    fs::write(root.join("data/b.csv"), &gb18030).unwrap();
    files.insert("data/b.csv (GB18030)".to_string(), march);
    (docs, files)
}

/// `\uXXXX` (with surrogate pairs), `\xXX` and the one-letter escapes of
/// JSON and JavaScript strings, decoded; anything else kept as written.
fn json_decode(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let hex = |from: usize, len: usize| -> Option<u32> {
        let digits: String = chars.get(from..from + len)?.iter().collect();
        u32::from_str_radix(&digits, 16).ok()
    };
    while i < chars.len() {
        if chars[i] == '\\' && i + 1 < chars.len() {
            match chars[i + 1] {
                'u' => {
                    if let Some(unit) = hex(i + 2, 4) {
                        if (0xD800..0xDC00).contains(&unit)
                            && chars.get(i + 6) == Some(&'\\')
                            && chars.get(i + 7) == Some(&'u')
                            && let Some(low) = hex(i + 8, 4)
                            && (0xDC00..0xE000).contains(&low)
                        {
                            let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                            out.extend(char::from_u32(c));
                            i += 12;
                            continue;
                        }
                        out.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                        i += 6;
                        continue;
                    }
                }
                'x' => {
                    if let Some(byte) = hex(i + 2, 2) {
                        out.extend(char::from_u32(byte));
                        i += 4;
                        continue;
                    }
                }
                '"' | '\\' | '/' | '\'' => {
                    out.push(chars[i + 1]);
                    i += 2;
                    continue;
                }
                'n' | 't' | 'r' | 'b' | 'f' => {
                    out.push(' ');
                    i += 2;
                    continue;
                }
                _ => {}
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// `%XX` decoded byte-wise (invalid UTF-8 replaced).
fn percent_decode_lossy(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every reading of a file a browser, a script or a tool could make:
/// raw, HTML-decoded, JSON-decoded, percent-decoded and their mixes, all in
/// lower case (needles are compared in lower case, so an ID is found in
/// any letter case).
fn readings(text: &str) -> Vec<String> {
    let raw = text.to_string();
    let html = site::decode_entities(&raw);
    let js = json_decode(&raw);
    let html_js = site::decode_entities(&js);
    let js_html = json_decode(&html);
    let mut all = vec![raw, html, js, html_js, js_html];
    let percent: Vec<String> = all.iter().map(|t| percent_decode_lossy(t)).collect();
    all.extend(percent);
    let decoded_after: Vec<String> = all[5..]
        .iter()
        .map(|t| json_decode(&site::decode_entities(t)))
        .collect();
    all.extend(decoded_after);
    let mut all: Vec<String> = all.into_iter().map(|t| t.to_lowercase()).collect();
    all.sort();
    all.dedup();
    all
}

/// An edition read every way: (path, readings of the path and content).
fn read_edition(files: &playbook::serve::site::Files) -> Vec<(String, Vec<String>)> {
    let mut edition: Vec<(String, Vec<String>)> = files
        .iter()
        .map(|(path, bytes)| {
            let bytes = bytes.bytes();
            let text = String::from_utf8_lossy(&bytes);
            let mut all = readings(&text);
            all.extend(readings(path));
            (path.clone(), all)
        })
        .collect();
    // In path order (the files come in no set order).
    edition.sort_by(|a, b| a.0.cmp(&b.0));
    edition
}

/// The files of an edition in which `needle` occurs, in any reading.
fn found_in(edition: &[(String, Vec<String>)], needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    edition
        .iter()
        .filter(|(_, readings)| readings.iter().any(|reading| reading.contains(&needle)))
        .map(|(path, _)| path.clone())
        .collect()
}

fn dump(files: &BTreeMap<String, String>) -> String {
    files
        .iter()
        .map(|(path, text)| format!("==> {path}\n{text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds one generated project and checks both editions.
fn check_project(project: &Project) -> Result<(), TestCaseError> {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let (docs, files) = write_project(root, project);
    let outcome = playbook::serve::site::clean_build(root, false);
    let out = root.join("public");
    let built = site::build(root, &out, &[]);
    let errors: Vec<String> = outcome
        .diagnostics
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
        .collect();
    if project.nested.is_some() {
        prop_assert!(
            errors
                .iter()
                .any(|error| error.starts_with("unrendered-reference"))
                && outcome.site.is_none(),
            "a nested link is not an error:\n{}\n\n{}",
            errors.join("\n"),
            dump(&files)
        );
        prop_assert_eq!(built.status.code(), Some(1));
        prop_assert!(!out.join("vendor").exists() && !out.join("company").exists());
        return Ok(());
    }
    prop_assert!(
        errors.is_empty() && outcome.site.is_some(),
        "the project does not build:\n{}\n\n{}",
        errors.join("\n"),
        dump(&files)
    );
    prop_assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let site = outcome.site.unwrap();
    let edition = |name: &str| {
        site.editions
            .iter()
            .find(|(edition, _)| edition == name)
            .map(|(_, files)| files)
            .unwrap_or_else(|| panic!("no edition {name}"))
    };
    let company_files = edition("company");
    let vendor_files = edition("vendor");
    for required in [
        "index.html",
        "404.html",
        "trace.html",
        "print.html",
        "search.html",
        "playbook.json",
        "search/meta.js",
        "search/docs-0.js",
        "search/shard-0.js",
    ] {
        prop_assert!(vendor_files.contains_key(required), "vendor has {required}");
    }
    let in_memory = (read_edition(company_files), read_edition(vendor_files));
    let on_disk = (
        read_tree_edition(&site::read_tree(&out.join("company"))),
        read_tree_edition(&site::read_tree(&out.join("vendor"))),
    );
    for (company, vendor) in [in_memory, on_disk] {
        find_leaks(&docs, &files, &company, &vendor)?;
    }
    // Each edition built alone is what it is built beside the other:
    // what the editions share (bodies, print sections, search lookups,
    // `playbook.json` texts, review rows) is shared only where it comes
    // out the same.
    for name in ["company", "vendor"] {
        let alone = root.join(format!("public-{name}"));
        let output = site::build(root, &alone, &["--edition", name]);
        prop_assert_eq!(output.status.code(), Some(0));
        let together = site::read_tree(&out.join(name));
        let by_itself = site::read_tree(&alone.join(name));
        prop_assert_eq!(
            together.keys().collect::<Vec<_>>(),
            by_itself.keys().collect::<Vec<_>>(),
            "the {} edition's files",
            name
        );
        for (path, bytes) in &together {
            prop_assert!(
                by_itself[path] == *bytes,
                "{}/{} differs when the edition is built alone\n\n{}",
                name,
                path,
                dump(&files)
            );
        }
    }
    // The disk holds what the memory holds.
    let written: Vec<String> = site::read_tree(&out.join("vendor")).into_keys().collect();
    let rendered: BTreeSet<String> = vendor_files.keys().cloned().collect();
    prop_assert_eq!(written, rendered.into_iter().collect::<Vec<_>>());

    // playbook.json lists exactly the shared documents (and the home page).
    let mut vendor_ids: BTreeSet<String> = docs
        .iter()
        .filter(|doc| !doc.internal)
        .map(|doc| doc.id.clone())
        .collect();
    for doc in docs.iter().filter(|doc| !doc.internal) {
        prop_assert!(
            vendor_files.contains_key(&doc.url()),
            "the vendor edition has the page of the shared {}",
            doc.id
        );
    }
    for doc in docs.iter().filter(|doc| doc.internal) {
        prop_assert!(
            company_files.contains_key(&doc.url()),
            "the company edition has the page of {}",
            doc.id
        );
    }
    // A month only internal documents have figures for has a review in the
    // company edition only.
    let internal_figures = docs
        .iter()
        .any(|doc| doc.internal && (doc.kind == SLA || doc.kind == KPI));
    for file in ["review/2026-03.html", "review/2026-03.csv"] {
        prop_assert_eq!(
            company_files.contains_key(file),
            internal_figures,
            "company {}",
            file
        );
        prop_assert!(!vendor_files.contains_key(file), "vendor has {}", file);
    }

    let exported: serde_json::Value =
        serde_json::from_slice(&vendor_files["playbook.json"].bytes())
            .expect("playbook.json is JSON");
    let listed: BTreeSet<String> = exported["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|document| document["id"].as_str().unwrap().to_string())
        .collect();
    vendor_ids.insert("HOME".to_string());
    prop_assert_eq!(listed, vendor_ids);
    Ok(())
}

/// An edition written to disk, read every way.
fn read_tree_edition(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, Vec<String>)> {
    files
        .iter()
        .map(|(path, bytes)| {
            let mut all = readings(&String::from_utf8_lossy(bytes));
            all.extend(readings(path));
            (path.clone(), all)
        })
        .collect()
}

/// Every internal document's needles: none in the vendor edition, all
/// (but the file name) in the company one.
fn find_leaks(
    docs: &[Doc],
    files: &BTreeMap<String, String>,
    company: &[(String, Vec<String>)],
    vendor: &[(String, Vec<String>)],
) -> Result<(), TestCaseError> {
    let mut leaks = Vec::new();
    let mut missing = Vec::new();
    for doc in docs.iter().filter(|doc| doc.internal) {
        for (what, needle) in doc.needles() {
            for path in found_in(vendor, &needle) {
                leaks.push(format!("{} ({what} {needle:?}) in {path}", doc.id));
            }
            // The file name is not shown in any edition; the rest is.
            if what != "file name" && found_in(company, &needle).is_empty() {
                missing.push(format!("{} ({what} {needle:?})", doc.id));
            }
        }
    }
    prop_assert!(
        missing.is_empty(),
        "the company edition lacks what internal documents say:\n{}\n\n{}",
        missing.join("\n"),
        dump(files)
    );
    prop_assert!(
        leaks.is_empty(),
        "the vendor edition leaks internal documents:\n{}\n\n{}",
        leaks.join("\n"),
        dump(files)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, .. ProptestConfig::default() })]

    #[test]
    fn the_vendor_edition_never_holds_a_trace_of_an_internal_document(project in project()) {
        check_project(&project)?;
    }
}

/// The readings find a needle however a file spells it (otherwise the
/// property could pass for the wrong reason).
#[test]
fn the_scan_finds_every_spelling() {
    let title = "隐鹤机密 & <Zorblax> \"报价\" '内部' 第0号";
    let spellings = [
        "隐鹤机密 &amp; &lt;Zorblax&gt; &quot;报价&quot; &#39;内部&#39; 第0号".to_string(),
        "隐鹤机密 &amp; &lt;Zorblax&gt; &#34;报价&#x22; &#x27;内部&apos; 第0号".to_string(),
        "&#x9690;&#40548;机密 &amp; &lt;ZORBLAX&gt; &quot;报价&quot; &#39;内部&#39; 第0号"
            .to_string(),
        r#"\u9690\u9e64\u673a\u5bc6 \u0026 \u003cZorblax\u003e \"\u62a5\u4ef7\" '\u5185\u90e8' \u7b2c0\u53f7"#
            .to_string(),
        serde_json::to_string(title).unwrap(),
        title
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>(),
        // JSON in an HTML attribute.
        "{&quot;t&quot;:&quot;\\u9690\\u9e64机密 \\u0026 \\u003cZorblax\\u003e \\&quot;报价\\&quot; &#39;内部&#39; 第0号&quot;}"
            .to_string(),
    ];
    for spelling in spellings {
        let mut files = playbook::serve::site::Files::default();
        files.insert(
            "a.html".to_string(),
            playbook::serve::site::Content::Whole(std::sync::Arc::from(spelling.as_bytes())),
        );
        let edition = read_edition(&files);
        assert_eq!(found_in(&edition, title), ["a.html"], "{spelling}");
        assert_eq!(found_in(&edition, "zorblax"), ["a.html"], "{spelling}");
    }
    let mut files = playbook::serve::site::Files::default();
    files.insert(
        "vendor/ven-zorblax.html".to_string(),
        playbook::serve::site::Content::Whole(std::sync::Arc::from(&b"nothing"[..])),
    );
    assert_eq!(
        found_in(&read_edition(&files), "VEN-ZORBLAX"),
        ["vendor/ven-zorblax.html"]
    );
}

/// Found by the property: a shared page's heading `## See [[PG-SECRET]]`
/// has the anchor `see-pg-secret`; in the vendor edition the heading gets a
/// neutral id, and every link to it (`@ID#…`, `[[ID#…]]`, a relative link,
/// a link within the page, and on the print page) must lead there too,
/// instead of spelling the internal ID in a URL that leads nowhere.
#[test]
fn links_to_a_heading_naming_a_left_out_document_follow_its_neutral_id() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    let files = [
        (
            "content/a.md",
            "---\nid: PG-A\nkind: page\ntitle: Shared A\n---\n## Intro\n\n[up](#see-pg-secret)\n\n## See [[PG-SECRET]]\n\ntext\n\n## Plain\n",
        ),
        (
            "content/b.md",
            "---\nid: PG-B\nkind: page\ntitle: Shared B\n---\n[one](@PG-A#see-pg-secret) [[PG-A#see-pg-secret]] [two](a.md#see-pg-secret) [three](@PG-A#plain)\n",
        ),
        (
            "content/secret.md",
            "---\nid: PG-SECRET\nkind: page\ntitle: Secret\naudience: internal\n---\nhidden\n",
        ),
    ];
    for (path, text) in files {
        fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        fs::write(root.join(path), text).unwrap();
    }
    let site = playbook::serve::site::clean_build(root, false)
        .site
        .expect("the project builds");
    let page = |edition: &str, path: &str| {
        String::from_utf8(site.file(edition, path).unwrap().to_vec()).unwrap()
    };
    let hrefs = |html: &str| -> Vec<String> {
        // The body's links, not the page's own contents list (which links
        // every heading: the neutral id is checked there just the same).
        let html = match html.split_once("<nav class=\"page-toc\"") {
            Some((before, after)) => {
                format!(
                    "{before}{}",
                    after.split_once("</nav>").map_or("", |(_, rest)| rest)
                )
            }
            None => html.to_string(),
        };
        site::attributes(&html)
            .into_iter()
            .filter(|attr| attr.name == "href" && attr.value.contains('#'))
            .filter(|attr| !attr.value.starts_with("#pb.") && !attr.value.contains("index"))
            .map(|attr| attr.value)
            .collect()
    };
    // The company edition keeps the anchor.
    assert_eq!(
        hrefs(&page("company", "page/pg-b.html")),
        [
            "../page/pg-a.html#see-pg-secret",
            "../page/pg-a.html#see-pg-secret",
            "../page/pg-a.html#see-pg-secret",
            "../page/pg-a.html#plain"
        ]
    );
    assert!(site::ids(&page("company", "page/pg-a.html")).contains("see-pg-secret"));
    // The vendor edition leads to the neutral id, which the heading has.
    let a = page("vendor", "page/pg-a.html");
    let b = page("vendor", "page/pg-b.html");
    let neutral = site::ids(&a)
        .into_iter()
        .find(|id| id.starts_with("section."))
        .expect("the heading has a neutral id");
    let target = format!("../page/pg-a.html#{neutral}");
    assert_eq!(
        hrefs(&b),
        [
            target.as_str(),
            target.as_str(),
            target.as_str(),
            "../page/pg-a.html#plain"
        ]
    );
    assert_eq!(hrefs(&a), [format!("#{neutral}")]);
    // The contents list of the long page links the heading by its neutral
    // id as well.
    assert!(a.contains(&format!("<a href=\"#{neutral}\">")));
    let print = page("vendor", "print.html");
    assert!(print.contains(&format!("href=\"#doc.pg-a.{neutral}\"")));
    assert!(print.contains(&format!("id=\"doc.pg-a.{neutral}\"")));
    for (path, bytes) in &site.editions.iter().find(|(e, _)| e == "vendor").unwrap().1 {
        assert!(
            !String::from_utf8_lossy(&bytes.bytes()[..])
                .to_lowercase()
                .contains("pg-secret"),
            "{path} names the internal page"
        );
    }
}
