//! The change log's views (spec section 8): `changes.html`, the releases
//! listed on each document's page with the mark of the newest release, and
//! the newest release's changes at the front of `print.html`.
//!
//! What an edition may see of the history is decided in `release::log`;
//! this file only words it. Field values are written with the same words
//! as the document pages (`Words`), references and body text with the
//! edition's reference rules.

use serde::Serialize;
use serde_json::Value;

use super::facts::escape;
use super::{EditionRenderer, root_prefix};
use crate::config::Language;
use crate::content::document::Kind;
use crate::diag::Diagnostic;
use crate::markdown::{LinkRef, Links, ParsedBody, RenderOptions, Target};
use crate::release::log::{Change, EditionLog, Entry, FieldChange, Section};
use crate::release::{DocumentState, History};

/// `changes.html`.
#[derive(Serialize)]
pub struct ChangesPage {
    intro: String,
    sections: Vec<SectionView>,
}

#[derive(Serialize)]
pub struct SectionView {
    /// The section's id on the page (`unreleased`, `v2026.2`).
    anchor: String,
    heading: String,
    unreleased: bool,
    /// "Compared with 2026.1." or "The first release of the handbook."
    note: String,
    /// Empty when nothing changed that the edition may see.
    groups: Vec<GroupView>,
    review: Vec<ReviewItem>,
    review_label: String,
    review_intro: String,
    settings: Vec<ValueChange>,
    settings_label: String,
    nothing: String,
}

#[derive(Serialize)]
pub struct GroupView {
    /// `added`, `removed`, `retired` or `changed`.
    change: &'static str,
    label: String,
    items: Vec<ItemView>,
}

#[derive(Serialize)]
pub struct ItemView {
    id: String,
    title: String,
    /// The document's page, when the edition has it now.
    url: Option<String>,
    kind_label: String,
    fields: Vec<ValueChange>,
    /// Removed and added paragraphs, in order (none on the print page).
    body: Vec<BodyPiece>,
    body_label: String,
}

#[derive(Serialize)]
pub struct ValueChange {
    pub(super) label: String,
    /// Safe HTML; "—" when absent.
    pub(super) before: String,
    pub(super) after: String,
}

#[derive(Serialize)]
pub struct BodyPiece {
    removed: bool,
    label: String,
    /// Safe HTML.
    html: String,
}

#[derive(Serialize)]
pub struct ReviewItem {
    title: String,
    url: Option<String>,
    id: String,
    /// Safe HTML: links to the changed documents.
    because: String,
}

/// What a document's page shows of the releases.
#[derive(Serialize, Default, Clone, PartialEq)]
pub struct DocReleases {
    label: String,
    items: Vec<DocRelease>,
    /// "New in 2026.2" / "Changed in 2026.2", when the newest release
    /// added or changed it.
    mark: Option<DocRelease>,
}

#[derive(Serialize, Clone, PartialEq)]
pub struct DocRelease {
    version: String,
    date: String,
    change: &'static str,
    label: String,
    url: String,
}

/// The newest release's changes for the print page (no body text).
#[derive(Serialize)]
pub struct PrintChanges {
    heading: String,
    section: SectionView,
}

/// The UI strings of the change log, by language.
fn say(
    language: Language,
    en: &'static str,
    hans: &'static str,
    hant: &'static str,
) -> &'static str {
    match language {
        Language::En => en,
        Language::ZhHans => hans,
        Language::ZhHant => hant,
    }
}

/// The title of `changes.html` and its menu entry.
pub fn title(language: Language) -> &'static str {
    say(language, "Change log", "变更记录", "變更記錄")
}

fn change_name(change: Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Retired => "retired",
        Change::Changed => "changed",
    }
}

impl<'v, 'a> EditionRenderer<'v, 'a> {
    pub(super) fn say(
        &self,
        en: &'static str,
        hans: &'static str,
        hant: &'static str,
    ) -> &'static str {
        say(self.words.language, en, hans, hant)
    }

    fn history(&self) -> Option<&'a History> {
        self.view.analysis.history.as_deref()
    }

    /// The edition's change log, made once per rendering.
    pub(super) fn change_log(&self) -> Option<&EditionLog> {
        self.change_log
            .get_or_init(|| {
                self.history()
                    .map(|history| EditionLog::of(history, &self.view.edition.config.audiences))
            })
            .as_ref()
    }

    fn change_label(&self, change: Change) -> &'static str {
        match change {
            Change::Added => self.say("Added", "新增", "新增"),
            Change::Removed => self.say("Removed", "删除", "刪除"),
            Change::Retired => self.say("Retired", "停用", "停用"),
            Change::Changed => self.say("Changed", "修改", "修改"),
        }
    }

    /// `changes.html`, when the project has releases.
    pub(super) fn changes_page(&self) -> Option<Result<String, Diagnostic>> {
        let log = self.change_log()?;
        let prefix = root_prefix(0);
        let sections = log
            .sections
            .iter()
            .enumerate()
            .map(|(n, section)| self.section_view(section, &prefix, Some(n)))
            .collect();
        let page = ChangesPage {
            intro: self
                .say(
                    "What changed in each release of the handbook, newest first; documents this edition does not contain are not listed.",
                    "手册每个版本相对上一版本的变更，最新的在前。",
                    "手冊每個版本相對上一版本的變更，最新的在前。",
                )
                .to_string(),
            sections,
        };
        Some(self.page(
            "changes.html",
            0,
            title(self.words.language).to_string(),
            vec![super::Crumb {
                title: self.ui.home.to_string(),
                url: "index.html".to_string(),
            }],
            Some("changes.html"),
            page,
        ))
    }

    /// The front of `print.html`: the newest release's changes, no body
    /// text.
    pub(super) fn print_changes(&self) -> Option<PrintChanges> {
        let section = self.change_log()?.newest_release()?;
        let version = section.version.clone().unwrap_or_default();
        Some(PrintChanges {
            heading: match self.words.language {
                Language::En => format!("Changes in version {version}"),
                Language::ZhHans => format!("版本 {version} 的变更"),
                Language::ZhHant => format!("版本 {version} 的變更"),
            },
            section: self.section_view(section, &root_prefix(0), None),
        })
    }

    /// What a document's page shows of the releases in which it changed.
    pub(super) fn doc_releases(&self, id: &str, prefix: &str) -> DocReleases {
        let Some(log) = self.change_log() else {
            return DocReleases::default();
        };
        let newest = log
            .newest_release()
            .and_then(|section| section.version.as_deref());
        let item = |version: &str, date: jiff::civil::Date, change: Change| DocRelease {
            version: version.to_string(),
            date: date.to_string(),
            change: change_name(change),
            label: self.change_label(change).to_string(),
            url: format!("{prefix}changes.html#v{version}"),
        };
        let items: Vec<DocRelease> = log
            .releases_of(id)
            .into_iter()
            .map(|(version, date, change)| item(version, date, change))
            .collect();
        let mark = log
            .releases_of(id)
            .into_iter()
            .find(|(version, _, _)| Some(*version) == newest)
            .map(|(version, date, change)| {
                let mut mark = item(version, date, change);
                mark.label = match (self.words.language, change) {
                    (Language::En, Change::Added) => format!("New in {version}"),
                    (Language::En, Change::Retired) => format!("Retired in {version}"),
                    (Language::En, _) => format!("Changed in {version}"),
                    (_, Change::Added) => format!("{version} 新增"),
                    (_, Change::Retired) => format!("{version} 停用"),
                    (Language::ZhHans, _) => format!("{version} 修改"),
                    (Language::ZhHant, _) => format!("{version} 修改"),
                };
                mark
            });
        DocReleases {
            label: self
                .say("Changes by release", "各版本的变更", "各版本的變更")
                .to_string(),
            items,
            mark,
        }
    }

    /// One section; `body_at` numbers the section's body diffs (`None`:
    /// without body text, for the print page).
    fn section_view(&self, section: &Section, prefix: &str, body_at: Option<usize>) -> SectionView {
        let (anchor, heading) = match (section.version.as_deref(), section.date) {
            (Some(version), Some(date)) => (
                format!("v{version}"),
                match self.words.language {
                    Language::En => format!("Version {version} ({date})"),
                    Language::ZhHans => format!("版本 {version}（{date} 发布）"),
                    Language::ZhHant => format!("版本 {version}（{date} 發布）"),
                },
            ),
            _ => (
                "unreleased".to_string(),
                self.say("Not yet released", "尚未发布的变更", "尚未發布的變更")
                    .to_string(),
            ),
        };
        let note = match (section.previous.as_deref(), section.is_first()) {
            (_, true) => self
                .say(
                    "The first release of the handbook.",
                    "手册的第一个版本。",
                    "手冊的第一個版本。",
                )
                .to_string(),
            (Some(previous), _) => match self.words.language {
                Language::En => format!("Compared with version {previous}."),
                Language::ZhHans => format!("相对于版本 {previous}。"),
                Language::ZhHant => format!("相對於版本 {previous}。"),
            },
            (None, _) => String::new(),
        };
        let mut groups = Vec::new();
        let mut body_number = 0;
        for change in [
            Change::Added,
            Change::Removed,
            Change::Retired,
            Change::Changed,
        ] {
            let items: Vec<ItemView> = section
                .entries
                .iter()
                .filter(|entry| entry.change == change)
                .map(|entry| {
                    body_number += 1;
                    let anchor = body_at.map(|n| format!("chg{n}.{body_number}."));
                    self.item_view(entry, prefix, anchor.as_deref())
                })
                .collect();
            if !items.is_empty() {
                groups.push(GroupView {
                    change: change_name(change),
                    label: self.change_label(change).to_string(),
                    items,
                });
            }
        }
        let review = section
            .review
            .iter()
            .map(|review| ReviewItem {
                title: review.state.title().to_string(),
                url: self.current_url(&review.id, prefix),
                id: review.id.to_string(),
                because: review
                    .because
                    .iter()
                    .map(|id| self.reference(id, prefix))
                    .collect::<Vec<_>>()
                    .join(self.separator()),
            })
            .collect();
        SectionView {
            anchor,
            heading,
            unreleased: section.version.is_none(),
            note,
            groups,
            review,
            review_label: self.say("May need review", "可能需要复核", "可能需要複核").to_string(),
            review_intro: self
                .say(
                    "These reference a requirement or SLA that changed, and did not change with it:",
                    "以下文档引用的需求或 SLA 已变更，而它们本身未随之修改：",
                    "以下文件引用的需求或 SLA 已變更，而它們本身未隨之修改：",
                )
                .to_string(),
            settings: self.setting_changes(section),
            settings_label: self.say("Settings", "全局设置", "全域設定").to_string(),
            nothing: if section.is_empty() && !section.is_first() {
                self.say(
                    "Nothing this edition contains changed.",
                    "本版手册的内容没有变化。",
                    "本版手冊的內容沒有變化。",
                )
                .to_string()
            } else {
                String::new()
            },
        }
    }

    pub(super) fn separator(&self) -> &'static str {
        self.say(", ", "、", "、")
    }

    /// The URL of document `id`'s page, when the edition has it now.
    fn current_url(&self, id: &str, prefix: &str) -> Option<String> {
        self.view
            .by_id(id)
            .map(|index| format!("{prefix}{}", self.documents()[index].url()))
    }

    /// A link to document `id` (the edition may name it), or its last
    /// title as text when it has no page now, or the neutral label.
    pub(super) fn reference(&self, id: &str, prefix: &str) -> String {
        if let Some(index) = self.view.by_id(id) {
            let document = &self.documents()[index];
            return format!(
                "<a href=\"{prefix}{}\">{}</a>",
                escape(document.url()),
                escape(&document.title)
            );
        }
        let audiences = &self.view.edition.config.audiences;
        match self.history() {
            Some(history) if crate::release::log::may_name(history, audiences, id) => {
                crate::release::log::last_state(history, id)
                    .map(|state| escape(state.title()))
                    .unwrap_or_default()
            }
            _ => format!(
                "<span class=\"left-out\">{}</span>",
                escape(self.ui.left_out)
            ),
        }
    }

    fn item_view(&self, entry: &Entry, prefix: &str, body_anchor: Option<&str>) -> ItemView {
        let state = entry.state();
        let kind = state.and_then(DocumentState::kind);
        let fields = entry
            .fields
            .iter()
            .map(|change| self.field_change(kind, change, prefix))
            .collect();
        let body = match (body_anchor, &entry.before, &entry.after) {
            (Some(anchor), Some(before), Some(after)) if entry.body_changed => {
                self.body_diff(&entry.id, &before.body, &after.body, prefix, anchor)
            }
            _ => Vec::new(),
        };
        ItemView {
            id: entry.id.to_string(),
            title: state
                .map(|state| state.title().to_string())
                .unwrap_or_default(),
            url: self.current_url(&entry.id, prefix),
            kind_label: kind
                .map(|kind| self.ui.kind(kind).to_string())
                .unwrap_or_default(),
            fields,
            body,
            body_label: self.say("Text", "正文", "正文").to_string(),
        }
    }

    fn field_change(&self, kind: Option<Kind>, change: &FieldChange, prefix: &str) -> ValueChange {
        // Of a list of modules, only the modules that differ: a longer
        // module reads "module, 2 h → module, 3 h", not two whole plans.
        let only_changed = |value: &Option<Value>, other: &Option<Value>| match (value, other) {
            (Some(Value::Array(items)), Some(Value::Array(others)))
                if change.field == "modules" =>
            {
                Some(Value::Array(
                    items
                        .iter()
                        .filter(|item| !others.contains(item))
                        .cloned()
                        .collect(),
                ))
            }
            _ => value.clone(),
        };
        let (before, after) = (
            only_changed(&change.before, &change.after),
            only_changed(&change.after, &change.before),
        );
        let words = |value: &Option<Value>| match value {
            Some(Value::Array(items)) if items.is_empty() => "—".to_string(),
            Some(value) => self.value_words(kind, &change.field, value, prefix),
            None => "—".to_string(),
        };
        let label = match self.words.label(&change.field) {
            "" => match change.field.as_str() {
                "title" => self.say("Title", "标题", "標題"),
                "audience" => self.say("Audience", "受众", "受眾"),
                "status" => self.ui.status,
                "kind" => self.say("Kind", "类型", "類型"),
                "owner" => self.ui.owner,
                "tags" => self.say("Tags", "标签", "標籤"),
                "weight" => self.say("Order", "排序", "排序"),
                _ => "",
            },
            label => label,
        };
        ValueChange {
            label: if label.is_empty() {
                change.field.clone()
            } else {
                label.to_string()
            },
            before: words(&before),
            after: words(&after),
        }
    }

    /// Removed and added paragraphs of a body, rendered with the edition's
    /// reference rules.
    fn body_diff(
        &self,
        id: &str,
        before: &str,
        after: &str,
        prefix: &str,
        anchor: &str,
    ) -> Vec<BodyPiece> {
        let source_path = self
            .view
            .by_id(id)
            .map(|index| self.documents()[index].path.as_str());
        let links = ChangeLinks {
            renderer: self,
            source_path,
            prefix,
        };
        let render = |text: &str, n: usize| {
            let anchor_prefix = format!("{anchor}{n}.");
            ParsedBody::new(text).render(
                &links,
                &RenderOptions {
                    raw_html: self.view.analysis.corpus.config.raw_html,
                    root_prefix: prefix,
                    left_out_label: self.ui.left_out,
                    anchor_prefix: &anchor_prefix,
                    table_label: self.ui.table,
                },
            )
        };
        let removed_label = self.say("Removed text: ", "删除的内容：", "刪除的內容：");
        let added_label = self.say("Added text: ", "新增的内容：", "新增的內容：");
        crate::release::diff::paragraph_changes(before, after)
            .into_iter()
            .enumerate()
            .map(|(n, (removed, text))| BodyPiece {
                removed,
                label: if removed { removed_label } else { added_label }.to_string(),
                html: render(text, n),
            })
            .collect()
    }
}

/// A changed paragraph's references, resolved as the edition's pages
/// resolve them: a document the edition does not contain now is the
/// neutral label.
struct ChangeLinks<'r, 'v, 'a> {
    renderer: &'r EditionRenderer<'v, 'a>,
    source_path: Option<&'a str>,
    prefix: &'r str,
}

impl Links for ChangeLinks<'_, '_, '_> {
    fn target(&self, link: LinkRef<'_>, anchor: Option<&str>) -> Target {
        let view = self.renderer.view;
        let index = match link {
            LinkRef::Id(id) => view.by_id(id),
            LinkRef::RelativePath(path) => self
                .source_path
                .and_then(|source| crate::graph::resolve_relative(source, path))
                .and_then(|path| view.by_path.get(path.as_str()).copied())
                .filter(|&index| view.visible(index)),
        };
        let Some(index) = index else {
            return Target::LeftOut;
        };
        let target = &view.documents()[index];
        let renamed = anchor.and_then(|anchor| view.heading_id(index, anchor));
        let url = match renamed.as_deref().or(anchor) {
            Some(anchor) => format!("{}{}#{anchor}", self.prefix, target.url()),
            None => format!("{}{}", self.prefix, target.url()),
        };
        Target::Page {
            url,
            title: target.title.clone(),
        }
    }

    fn own_heading_id(&self, _anchor: &str) -> Option<String> {
        None
    }
}
