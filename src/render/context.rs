//! What every page of an edition shares: the renderer (`EditionRenderer`)
//! with its edition, templates and `Reuse`; the template values made once
//! (`site`, `ui`, the menu); the page frame; and a body rendered with its
//! links resolved for the edition (`BodyLinks`).

use super::*;

/// Resolves a body's references for one page of one edition.
pub(super) struct BodyLinks<'v, 'a> {
    pub(super) view: &'v EditionView<'a>,
    pub(super) source: &'a Document,
    pub(super) prefix: &'v str,
    /// On the print page, documents are sections of the same page.
    pub(super) in_page: bool,
}

impl Links for BodyLinks<'_, '_> {
    fn target(&self, link: LinkRef<'_>, anchor: Option<&str>) -> Target {
        let index = match link {
            LinkRef::Id(id) => self.view.by_id(id),
            LinkRef::RelativePath(path) => graph::resolve_relative(&self.source.path, path)
                .and_then(|path| self.view.by_path.get(path.as_str()).copied())
                .filter(|&index| self.view.visible(index)),
        };
        match index {
            Some(index) => {
                let target = &self.view.documents()[index];
                let renamed = anchor.and_then(|anchor| self.view.heading_id(index, anchor));
                let anchor = renamed.as_deref().or(anchor);
                // Joined, not `format!`ted: a body's every link comes here.
                let url = match (self.in_page, anchor) {
                    (true, Some(anchor)) => ["#", &print_anchor_prefix(target), anchor].concat(),
                    (true, None) => ["#", &print_anchor(target)].concat(),
                    (false, Some(anchor)) => [self.prefix, target.url(), "#", anchor].concat(),
                    (false, None) => [self.prefix, target.url()].concat(),
                };
                Target::Page {
                    url,
                    title: target.title.clone(),
                }
            }
            None => Target::LeftOut,
        }
    }

    fn own_heading_id(&self, anchor: &str) -> Option<String> {
        let index = self.view.by_path.get(self.source.path.as_str()).copied()?;
        self.view.heading_id(index, anchor)
    }
}

/// Guide pages the menu lists before it links to the home page's list of
/// all of them. A menu of hundreds of links helps nobody, and every page
/// carrying it made a handbook's output grow with the square of its size
/// (mdBook moved its table of contents out of its pages for the same
/// reason).
pub const MENU_GUIDE_PAGES: usize = 30;

/// One entry of the menu.
#[derive(Serialize)]
pub(super) struct NavItem {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) current: bool,
    /// `guide` for guide pages, `kind` for the kind indexes.
    pub(super) group: &'static str,
}

#[derive(Serialize)]
pub(super) struct SiteContext<'a> {
    pub(super) title: &'a str,
    pub(super) version: Option<&'a str>,
    pub(super) language: &'static str,
    pub(super) edition: &'a str,
    /// The edition's display name (`format::edition_label`), and the same
    /// as a remark after the site title ("（公司版）").
    pub(super) edition_label: String,
    pub(super) edition_remark: String,
    pub(super) css: String,
}

#[derive(Serialize)]
pub(super) struct Crumb {
    pub(super) title: String,
    pub(super) url: String,
}

/// What every template receives, besides `site`, `ui` and `nav` (which are
/// made once per edition and menu, see `SharedValues`).
#[derive(Serialize)]
pub(super) struct PageContext<T: Serialize> {
    pub(super) root: String,
    pub(super) breadcrumbs: Vec<Crumb>,
    pub(super) page_title: String,
    #[serde(flatten)]
    pub(super) page: T,
}

/// The template values many pages share, converted once: `site` and `ui`
/// per depth below the edition root, `nav` per depth and current page.
#[derive(Default)]
pub(super) struct SharedValues {
    pub(super) site: std::sync::Mutex<HashMap<usize, templates::Shared>>,
    pub(super) ui: std::sync::OnceLock<templates::Shared>,
    pub(super) nav: std::sync::Mutex<HashMap<(usize, Option<String>), templates::Shared>>,
    /// `menu` (the rendered `menu.html`) per depth, current page and
    /// whether the page is the home page: everything `menu.html` receives.
    pub(super) menu: std::sync::Mutex<HashMap<MenuKey, templates::Shared>>,
}

/// What a rendered menu depends on: depth, current page, home page or not.
pub(super) type MenuKey = (usize, Option<String>, bool);

/// What `menu.html` receives besides `site`, `ui` and `nav`.
#[derive(Serialize)]
pub(super) struct MenuContext<'p> {
    pub(super) root: &'p str,
    pub(super) is_home: bool,
}

/// A link to a document of the edition.
#[derive(Serialize, Clone, PartialEq)]
pub struct DocLink {
    pub id: String,
    pub title: String,
    pub url: String,
}

/// Renders everything of one edition into `sink`.
pub struct EditionRenderer<'v, 'a> {
    pub(super) view: &'v EditionView<'a>,
    pub(super) templates: &'v Templates,
    pub(super) ui: &'static Ui,
    pub(super) words: Words,
    /// What may be taken from the last rendering, and what is kept for
    /// the next.
    pub(super) reuse: reuse::Reuse<'v>,
    pub(super) site_fingerprint: u64,
    pub(super) shared: SharedValues,
    /// The edition's change log, made once (`changes.rs`).
    pub(super) change_log: std::sync::OnceLock<Option<crate::release::log::EditionLog>>,
    /// The edition's monthly reviews, made once (`review.rs`).
    pub(super) reviews: std::sync::OnceLock<Vec<crate::evaluation::review::Review<'a>>>,
    /// Each document's `DocLink` from a page one level below the root,
    /// converted for the templates once (`shared_link`): a document is
    /// the backlink of many pages.
    page_links: Vec<std::sync::OnceLock<templates::Shared>>,
}

impl<'v, 'a> EditionRenderer<'v, 'a> {
    /// A renderer of `view` through `templates`, taking what `reuse`
    /// answers (`reuse::Reuse::nothing()`: everything is made).
    pub fn new(
        view: &'v EditionView<'a>,
        templates: &'v Templates,
        reuse: reuse::Reuse<'v>,
    ) -> Self {
        let language = view.analysis.corpus.config.language;
        EditionRenderer {
            view,
            templates,
            ui: i18n::ui(language),
            words: Words { language },
            reuse,
            site_fingerprint: reuse::site_fingerprint(view, templates.fingerprint),
            shared: SharedValues::default(),
            change_log: std::sync::OnceLock::new(),
            reviews: std::sync::OnceLock::new(),
            page_links: (0..view.documents().len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    /// What this rendering leaves for the next one.
    pub fn into_cache(self) -> Result<reuse::RenderCache, Diagnostic> {
        Ok(self.reuse.into_cache()?)
    }

    pub(super) fn documents(&self) -> &'a [Arc<Document>] {
        self.view.documents()
    }

    pub(super) fn link(&self, index: usize, prefix: &str) -> DocLink {
        let document = &self.documents()[index];
        DocLink {
            id: document.id.value.clone(),
            title: document.title.clone(),
            url: [prefix, document.url()].concat(),
        }
    }

    /// `link`, converted for the templates: made once per document for
    /// the pages one level below the root (`root_prefix(1)`), where
    /// documents are.
    pub(super) fn shared_link(
        &self,
        index: usize,
        prefix: &str,
    ) -> Result<templates::Shared, Diagnostic> {
        let convert = || templates::Shared::of(&self.link(index, prefix));
        match self.page_links.get(index) {
            Some(slot) if prefix == "../" => {
                if let Some(link) = slot.get() {
                    return Ok(link.clone());
                }
                let link = convert()?;
                Ok(slot.get_or_init(|| link).clone())
            }
            _ => convert(),
        }
    }

    pub(super) fn nav(&self, prefix: &str, current: Option<&str>) -> Vec<NavItem> {
        let mut items = Vec::new();
        // The home document is reached through "Home", not listed again.
        let guide: Vec<usize> = self
            .view
            .of_kind(Kind::Page)
            .filter(|&i| Some(i) != self.view.home)
            .collect();
        for (position, &index) in guide.iter().enumerate() {
            let link = self.link(index, prefix);
            let is_current = current == Some(link.url.as_str());
            // A long guide is listed in part (the page being read always),
            // then linked whole from the home page.
            if guide.len() > MENU_GUIDE_PAGES && position >= MENU_GUIDE_PAGES && !is_current {
                continue;
            }
            items.push(NavItem {
                current: is_current,
                title: link.title,
                url: link.url,
                group: "guide",
            });
        }
        if guide.len() > MENU_GUIDE_PAGES {
            items.push(NavItem {
                current: false,
                title: self.words.all_guide_pages(guide.len()),
                url: format!("{prefix}index.html"),
                group: "guide",
            });
        }
        for kind in self.view.kinds() {
            if kind == Kind::Page {
                continue;
            }
            let url = format!("{prefix}{}/index.html", kind.name());
            items.push(NavItem {
                title: self.ui.kind_plural(kind).to_string(),
                current: current == Some(url.as_str()),
                url,
                group: "kind",
            });
        }
        if self.has_reviews() {
            let url = format!("{prefix}{}/index.html", review::REVIEW_DIR);
            items.push(NavItem {
                title: results::ResultWords {
                    language: self.words.language,
                }
                .text("reviews")
                .to_string(),
                current: current.is_some_and(|current| current.ends_with("review/index.html")),
                url,
                group: "tools",
            });
        }
        let mut tools = vec![("trace.html", self.words.text("trace"))];
        tools.extend(calendar::menu_title(self).map(|title| (calendar::PAGE, title)));
        if self.view.analysis.history.is_some() {
            tools.push(("changes.html", changes::title(self.words.language)));
        }
        tools.push(("print.html", self.words.text("print")));
        for (path, title) in tools {
            let url = format!("{prefix}{path}");
            items.push(NavItem {
                title: title.to_string(),
                current: current == Some(url.as_str()) || current == Some(path),
                url,
                group: "tools",
            });
        }
        items
    }

    pub(super) fn page<T: Serialize>(
        &self,
        template: &str,
        depth: usize,
        page_title: String,
        breadcrumbs: Vec<Crumb>,
        current: Option<&str>,
        page: T,
    ) -> Result<String, Diagnostic> {
        let bytes = self.page_bytes(template, depth, page_title, breadcrumbs, current, page, 0)?;
        templates::into_text(template, bytes)
    }

    /// `page` as bytes, in a buffer made for `size_hint` bytes.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn page_bytes<T: Serialize>(
        &self,
        template: &str,
        depth: usize,
        page_title: String,
        breadcrumbs: Vec<Crumb>,
        current: Option<&str>,
        page: T,
        size_hint: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut bytes = Vec::with_capacity(size_hint);
        self.page_to(
            template,
            depth,
            page_title,
            breadcrumbs,
            current,
            page,
            &mut bytes,
        )?;
        Ok(bytes)
    }

    /// The UI words as the templates receive them (`ui`), converted once.
    pub(super) fn shared_ui(&self) -> Result<templates::Shared, Diagnostic> {
        Ok(match self.shared.ui.get() {
            Some(ui) => ui.clone(),
            None => {
                let ui = templates::Shared::of(self.ui)?;
                self.shared.ui.get_or_init(|| ui).clone()
            }
        })
    }

    /// `page`, written to `out` as the engine makes it (the print page is
    /// cut into pieces this way, never held whole).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn page_to<T: Serialize>(
        &self,
        template: &str,
        depth: usize,
        page_title: String,
        breadcrumbs: Vec<Crumb>,
        current: Option<&str>,
        page: T,
        out: &mut impl std::io::Write,
    ) -> Result<(), Diagnostic> {
        let prefix = root_prefix(depth);
        let site = self.shared_site(depth, &prefix)?;
        let ui = self.shared_ui()?;
        let nav = self.shared_nav(depth, &prefix, current)?;
        let is_home = page_title == self.view.analysis.corpus.config.title;
        let key = (depth, current.map(str::to_string), is_home);
        let cached = reuse::lock(&self.shared.menu)?.get(&key).cloned();
        let menu = match cached {
            Some(menu) => menu,
            None => {
                // The menu is the same on every page with the same
                // current entry (all the FAQs, say): rendered once for
                // them, not once per page.
                let html = self.templates.render_with(
                    "menu.html",
                    &MenuContext {
                        root: &prefix,
                        is_home,
                    },
                    &[("site", &site), ("ui", &ui), ("nav", &nav)],
                    0,
                )?;
                let menu = templates::Shared::of(&html)?;
                reuse::lock(&self.shared.menu)?.insert(key, menu.clone());
                menu
            }
        };
        let context = PageContext {
            root: prefix,
            breadcrumbs,
            page_title,
            page,
        };
        self.templates.render_to(
            template,
            &context,
            &[("site", &site), ("ui", &ui), ("nav", &nav), ("menu", &menu)],
            out,
        )
    }

    /// `site` for pages `depth` folders below the edition root.
    pub(super) fn shared_site(
        &self,
        depth: usize,
        prefix: &str,
    ) -> Result<templates::Shared, Diagnostic> {
        if let Some(value) = reuse::lock(&self.shared.site)?.get(&depth) {
            return Ok(value.clone());
        }
        let config = &self.view.analysis.corpus.config;
        let edition_label = self.words.edition_label(
            self.view.edition.name(),
            self.view.edition.config.label.as_deref(),
        );
        let value = templates::Shared::of(&SiteContext {
            title: &config.title,
            version: config.version.as_deref(),
            language: config.language.tag(),
            edition: self.view.edition.name(),
            edition_remark: self.words.remark(&edition_label),
            edition_label,
            css: format!("{prefix}assets/style.css"),
        })?;
        reuse::lock(&self.shared.site)?.insert(depth, value.clone());
        Ok(value)
    }

    /// `nav` for a page `depth` folders down whose menu entry is `current`.
    pub(super) fn shared_nav(
        &self,
        depth: usize,
        prefix: &str,
        current: Option<&str>,
    ) -> Result<templates::Shared, Diagnostic> {
        let key = (depth, current.map(str::to_string));
        if let Some(value) = reuse::lock(&self.shared.nav)?.get(&key) {
            return Ok(value.clone());
        }
        let value = templates::Shared::of(&self.nav(prefix, current))?;
        reuse::lock(&self.shared.nav)?.insert(key, value.clone());
        Ok(value)
    }

    pub(super) fn render_body_html(
        &self,
        document: &'a Document,
        prefix: &str,
        in_page: bool,
    ) -> String {
        let parsed = markdown::ParsedBody::new(document.body());
        self.render_body_logged(&parsed, document, prefix, in_page, None)
    }

    /// `render_body_html` from `parsed`, with a log of what the rendering
    /// asked of the links (another edition whose links answer the same
    /// can take the body as it is).
    pub(super) fn body_with_log(
        &self,
        parsed: &markdown::ParsedBody<'_>,
        document: &'a Document,
        prefix: &str,
        in_page: bool,
    ) -> (String, markdown::LinkLog) {
        let log = markdown::LinkLog::default();
        let body = self.render_body_logged(parsed, document, prefix, in_page, Some(&log));
        (body, log)
    }

    /// `render_body_html`, writing what the rendering asked of the links
    /// into `log` when given.
    pub(super) fn render_body_logged(
        &self,
        parsed: &markdown::ParsedBody<'_>,
        document: &'a Document,
        prefix: &str,
        in_page: bool,
        log: Option<&markdown::LinkLog>,
    ) -> String {
        let plain = BodyLinks {
            view: self.view,
            source: document,
            prefix,
            in_page,
        };
        let recording = log.map(|log| log.recording(&plain));
        let links: &dyn Links = match &recording {
            Some(recording) => recording,
            None => &plain,
        };
        let anchor_prefix = if in_page {
            print_anchor_prefix(document)
        } else {
            String::new()
        };
        parsed.render(
            links,
            &RenderOptions {
                raw_html: self.view.analysis.corpus.config.raw_html,
                root_prefix: prefix,
                left_out_label: self.ui.left_out,
                anchor_prefix: &anchor_prefix,
                table_label: self.ui.table,
            },
        )
    }
}
