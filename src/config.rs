//! `playbook.yaml`: the site configuration, its defaults, and its checks
//! (`config-unknown-key`, `config-invalid-value`). Every key is optional; a
//! broken value is reported and replaced by its default so that the rest of
//! the project is still checked in the same run.

use std::path::Path;
use std::sync::Arc;

use jiff::tz::TimeZone;

use crate::content::fields::{CONFIG, MapReader};
use crate::content::yaml::{Node, YamlLimits};
use crate::diag::{Diagnostic, Pos, Sources};

pub use crate::content::files::CONFIG_FILE;

/// The UI language of the generated site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    En,
    ZhHans,
    ZhHant,
}

impl Language {
    pub const NAMES: [&str; 3] = ["en", "zh-Hans", "zh-Hant"];

    fn parse(text: &str) -> Option<Self> {
        match text {
            "en" => Some(Language::En),
            "zh-Hans" => Some(Language::ZhHans),
            "zh-Hant" => Some(Language::ZhHant),
            _ => None,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::ZhHans => "zh-Hans",
            Language::ZhHant => "zh-Hant",
        }
    }
}

/// What to do with raw HTML in Markdown bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawHtml {
    Sanitize,
    Escape,
    Allow,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Channel {
    pub id: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditionConfig {
    pub name: String,
    pub audiences: Vec<String>,
    /// The display name (`label`), when given; pages fall back to the UI
    /// language's word for the edition (spec section 9).
    pub label: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    pub version: Option<String>,
    /// Where `version` is written (`version-not-bumped` points there).
    pub version_pos: Option<Pos>,
    pub language: Language,
    pub timezone_name: String,
    pub timezone: TimeZone,
    /// In the order written (menus and matrices follow it).
    pub channels: Vec<Channel>,
    pub audiences: Vec<String>,
    pub editions: Vec<EditionConfig>,
    pub raw_html: RawHtml,
    pub max_file_bytes: u64,
    /// The largest document (`content/**/*.md`) that is rendered: above
    /// it, `document-too-large` (what one document costs in memory grows
    /// with its size, up to about 35 times it for a table; see the README,
    /// Performance).
    pub max_document_bytes: u64,
    pub max_yaml_depth: usize,
    pub max_body_depth: usize,
    /// `service_credits.cap` as written (`15%`): the most a month's
    /// credits may add up to (section 6; summed as exact decimals by
    /// `evaluation::credits`).
    pub credit_cap: String,
    /// `calendar:` (section 7); empty when absent.
    pub calendar: crate::calendar::Calendar,
}

/// `limits.max_document_bytes` by default: 4 MiB, where a document of one
/// table (the costliest shape measured) peaks at about 190 MB in `build`,
/// below what a whole 10 000-document engagement takes (README,
/// Performance, "One very large document").
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 4 * 1024 * 1024;

/// The highest nesting limit a project may set: every level costs stack.
pub const MAX_YAML_DEPTH_CEILING: usize = 1_000;

/// The highest body nesting limit a project may set: every level costs
/// time on every tag of a body with raw HTML (see `markdown::Nesting`).
pub const MAX_BODY_DEPTH_CEILING: usize = 10_000;

impl Default for Config {
    fn default() -> Self {
        let channel = |id: &str, label: &str| Channel {
            id: id.to_string(),
            label: label.to_string(),
        };
        let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Config {
            title: "Playbook".to_string(),
            version: None,
            version_pos: None,
            language: Language::En,
            timezone_name: "UTC".to_string(),
            timezone: TimeZone::UTC,
            channels: vec![
                channel("phone", "Phone"),
                channel("chat", "Chat"),
                channel("email", "Email"),
                channel("social", "Social media"),
            ],
            audiences: strings(&["shared", "internal"]),
            editions: vec![
                EditionConfig {
                    name: "company".to_string(),
                    audiences: strings(&["shared", "internal"]),
                    label: None,
                },
                EditionConfig {
                    name: "vendor".to_string(),
                    audiences: strings(&["shared"]),
                    label: None,
                },
            ],
            raw_html: RawHtml::Sanitize,
            max_file_bytes: 16 * 1024 * 1024,
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
            max_yaml_depth: 64,
            max_body_depth: 128,
            credit_cap: "100%".to_string(),
            calendar: crate::calendar::Calendar::default(),
        }
    }
}

impl Config {
    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|channel| channel.id == id)
    }

    pub fn edition(&self, name: &str) -> Option<&EditionConfig> {
        self.editions.iter().find(|edition| edition.name == name)
    }

    pub fn yaml_limits(&self) -> YamlLimits {
        YamlLimits {
            max_depth: self.max_yaml_depth,
        }
    }
}

/// The IANA time-zone database compiled into playbook (jiff's bundled
/// copy). `TimeZone::get` would read the system's `/usr/share/zoneinfo`
/// (or `TZDIR`) first: the same project would then date its output
/// differently on a machine with older, newer or no tzdata. Every time
/// zone playbook looks up comes from here.
static BUNDLED_ZONES: std::sync::LazyLock<jiff::tz::TimeZoneDatabase> =
    std::sync::LazyLock::new(jiff::tz::TimeZoneDatabase::bundled);

/// The time zone named `name` (an IANA name, any ASCII case), from the
/// bundled database.
pub fn time_zone(name: &str) -> Option<TimeZone> {
    BUNDLED_ZONES.get(name).ok()
}

/// Whether `name` is a time zone in the IANA database.
pub fn is_timezone(name: &str) -> bool {
    time_zone(name).is_some()
}

const TOP_KEYS: &[&str] = &[
    "title",
    "version",
    "language",
    "timezone",
    "channels",
    "audiences",
    "editions",
    "markdown",
    "limits",
    "service_credits",
    "calendar",
];

fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Reads `<root>/playbook.yaml` (absent: all defaults). Problems are
/// returned with the configuration that results once each broken value has
/// fallen back to its default.
pub fn load(root: &Path, sources: &mut Sources) -> (Config, Vec<Diagnostic>) {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return (Config::default(), Vec::new());
        }
        Err(error) => {
            return (
                Config::default(),
                vec![Diagnostic::new(
                    crate::diag::Code::UnreadableFile,
                    CONFIG_FILE,
                    Pos::START,
                    format!("cannot read {CONFIG_FILE}: {error}"),
                )],
            );
        }
    };
    let text = match crate::content::files::decode(&text, CONFIG_FILE) {
        Ok(text) => text,
        Err(diagnostic) => return (Config::default(), vec![diagnostic]),
    };
    let text: Arc<str> = Arc::from(text);
    sources.insert(CONFIG_FILE, text.clone());
    let yaml_text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match crate::content::yaml::parse(yaml_text, Config::default().yaml_limits()) {
        Ok(node) => parse(&node),
        Err(error) => (
            Config::default(),
            vec![Diagnostic::new(
                error.code,
                CONFIG_FILE,
                error.pos,
                error.message,
            )],
        ),
    }
}

/// Builds the configuration from its YAML tree.
pub fn parse(node: &Node) -> (Config, Vec<Diagnostic>) {
    let mut config = Config::default();
    let mut reader = MapReader::new(
        node,
        TOP_KEYS,
        CONFIG_FILE,
        "`playbook.yaml`",
        CONFIG,
        Pos::START,
    );

    if let Some((title, _)) = reader.text("title", false) {
        config.title = title;
    }
    if let Some((version, pos)) = reader.text("version", false) {
        // A version names a release file (section 8).
        match crate::release::version::problem(&version) {
            Some(problem) => reader.invalid(
                pos,
                problem,
                Some("write it like `2026.1` or `v3`".to_string()),
            ),
            None => {
                config.version = Some(version);
                config.version_pos = Some(pos);
            }
        }
    }
    if let Some((language, _)) = reader.choice("language", false, &Language::NAMES) {
        config.language = Language::parse(&language).unwrap_or(Language::En);
    }
    if let Some((timezone, pos)) = reader.text("timezone", false) {
        match time_zone(&timezone) {
            Some(zone) => {
                config.timezone = zone;
                config.timezone_name = timezone;
            }
            None => reader.invalid(
                pos,
                format!("`{timezone}` is not an IANA time zone"),
                Some("use a name like `Asia/Shanghai` or `UTC`".to_string()),
            ),
        }
    }
    read_channels(&mut reader, &mut config);
    read_audiences(&mut reader, &mut config);
    read_editions(&mut reader, &mut config);
    read_markdown(&mut reader, &mut config);
    read_limits(&mut reader, &mut config);
    read_service_credits(&mut reader, &mut config);
    read_calendar(&mut reader, &mut config);
    let diagnostics = reader.diagnostics;
    (config, diagnostics)
}

fn read_channels(reader: &mut MapReader<'_>, config: &mut Config) {
    let Some(node) = reader.get("channels") else {
        return;
    };
    let Some(entries) = node.as_map() else {
        reader.invalid(
            node.pos,
            format!(
                "`channels` must map channel ids to labels, found {}",
                node.describe()
            ),
            Some("write `channels: { phone: 电话, chat: 在线聊天 }`".to_string()),
        );
        return;
    };
    let mut channels = Vec::new();
    for entry in entries {
        if !is_name(&entry.key) {
            reader.invalid(
                entry.key_pos,
                format!(
                    "`{}` is not a valid channel id: use lower-case letters, digits and `-`",
                    entry.key
                ),
                None,
            );
            continue;
        }
        if channels.iter().any(|c: &Channel| c.id == entry.key) {
            continue; // reported as a duplicate key below
        }
        let label = match entry.value.as_str() {
            Some(label) if !label.trim().is_empty() => label.to_string(),
            _ => {
                reader.invalid(
                    entry.value.pos,
                    format!("channel `{}` needs a label (text)", entry.key),
                    None,
                );
                entry.key.clone()
            }
        };
        channels.push(Channel {
            id: entry.key.clone(),
            label,
        });
    }
    report_duplicate_keys(reader, entries, "`channels`");
    if channels.is_empty() {
        reader.invalid(
            node.pos,
            "`channels` must declare at least one channel",
            None,
        );
    } else {
        config.channels = channels;
    }
}

fn report_duplicate_keys(
    reader: &mut MapReader<'_>,
    entries: &[crate::content::yaml::Entry],
    what: &str,
) {
    for (index, entry) in entries.iter().enumerate() {
        if let Some(first) = entries[..index].iter().find(|e| e.key == entry.key) {
            reader.report(Diagnostic::new(
                crate::diag::Code::DuplicateKey,
                CONFIG_FILE,
                entry.key_pos,
                format!(
                    "`{}` appears twice in {what} (first on line {})",
                    entry.key, first.key_pos.line
                ),
            ));
        }
    }
}

fn read_audiences(reader: &mut MapReader<'_>, config: &mut Config) {
    let Some(items) = reader.list("audiences", false) else {
        return;
    };
    let mut audiences: Vec<String> = Vec::new();
    for (name, pos) in items {
        if !is_name(name) {
            reader.invalid(
                pos,
                format!(
                    "`{name}` is not a valid audience name: use lower-case letters, digits and `-`"
                ),
                None,
            );
        } else if audiences.iter().any(|a| a == name) {
            reader.invalid(pos, format!("audience `{name}` is listed twice"), None);
        } else {
            audiences.push(name.to_string());
        }
    }
    if audiences.is_empty() {
        if let Some(pos) = reader.key_pos("audiences") {
            reader.invalid(pos, "`audiences` must declare at least one audience", None);
        }
        return;
    }
    for required in ["shared", "internal"] {
        if !audiences.iter().any(|a| a == required) {
            // Documents default to `shared` (vendors to `internal`), so both
            // names must exist for the defaults to mean something.
            if let Some(pos) = reader.key_pos("audiences") {
                reader.invalid(
                    pos,
                    format!(
                        "`audiences` must include `{required}` (the default audience of documents)"
                    ),
                    None,
                );
            }
        }
    }
    config.audiences = audiences;
}

fn read_editions(reader: &mut MapReader<'_>, config: &mut Config) {
    let Some(node) = reader.get("editions") else {
        // The default editions refer to the default audiences; drop any
        // audience the project does not declare.
        for edition in &mut config.editions {
            edition.audiences.retain(|a| config.audiences.contains(a));
        }
        return;
    };
    let Some(entries) = node.as_map() else {
        reader.invalid(
            node.pos,
            format!(
                "`editions` must map edition names to settings, found {}",
                node.describe()
            ),
            Some("write `editions: { company: { audiences: [shared, internal] } }`".to_string()),
        );
        return;
    };
    report_duplicate_keys(reader, entries, "`editions`");
    let mut editions: Vec<EditionConfig> = Vec::new();
    for entry in entries {
        if editions.iter().any(|e| e.name == entry.key) {
            continue;
        }
        if !is_name(&entry.key) {
            reader.invalid(
                entry.key_pos,
                format!(
                    "`{}` is not a valid edition name: use lower-case letters, digits and `-`",
                    entry.key
                ),
                None,
            );
            continue;
        }
        let what = format!("edition `{}`", entry.key);
        let mut edition_reader = MapReader::new(
            &entry.value,
            &["audiences", "label"],
            CONFIG_FILE,
            &what,
            CONFIG,
            entry.key_pos,
        );
        let mut audiences = Vec::new();
        if let Some(items) = edition_reader.list("audiences", true) {
            for (name, pos) in items {
                if config.audiences.iter().any(|a| a == name) {
                    audiences.push(name.to_string());
                } else {
                    let help =
                        crate::diag::suggestion(name, config.audiences.iter().map(String::as_str))
                            .unwrap_or_else(|| {
                                format!("the audiences are: {}", config.audiences.join(", "))
                            });
                    edition_reader.invalid(
                        pos,
                        format!("`{name}` is not a declared audience"),
                        Some(help),
                    );
                }
            }
        }
        let label = edition_reader
            .text("label", false)
            .map(|(label, _)| label.trim().to_string())
            .filter(|label| !label.is_empty());
        for diagnostic in edition_reader.diagnostics {
            reader.report(diagnostic);
        }
        editions.push(EditionConfig {
            name: entry.key.clone(),
            audiences,
            label,
        });
    }
    if editions.is_empty() {
        reader.invalid(
            node.pos,
            "`editions` must declare at least one edition",
            None,
        );
    } else {
        config.editions = editions;
    }
}

fn read_markdown(reader: &mut MapReader<'_>, config: &mut Config) {
    let Some(node) = reader.get("markdown") else {
        return;
    };
    let pos = reader.key_pos("markdown").unwrap_or(Pos::START);
    let mut section = MapReader::new(node, &["raw_html"], CONFIG_FILE, "`markdown`", CONFIG, pos);
    if let Some((mode, _)) = section.choice("raw_html", false, &["sanitize", "escape", "allow"]) {
        config.raw_html = match mode.as_str() {
            "escape" => RawHtml::Escape,
            "allow" => RawHtml::Allow,
            _ => RawHtml::Sanitize,
        };
    }
    for diagnostic in section.diagnostics {
        reader.report(diagnostic);
    }
}

fn read_limits(reader: &mut MapReader<'_>, config: &mut Config) {
    let Some(node) = reader.get("limits") else {
        return;
    };
    let pos = reader.key_pos("limits").unwrap_or(Pos::START);
    let mut section = MapReader::new(
        node,
        &[
            "max_file_bytes",
            "max_document_bytes",
            "max_yaml_depth",
            "max_body_depth",
        ],
        CONFIG_FILE,
        "`limits`",
        CONFIG,
        pos,
    );
    if let Some((bytes, _)) =
        section.parse("max_file_bytes", false, |text| match text.parse::<u64>() {
            Ok(bytes) if bytes > 0 => Ok(bytes),
            _ => Err(format!("`{text}` is not a positive number of bytes")),
        })
    {
        config.max_file_bytes = bytes;
    }
    if let Some((bytes, _)) = section.parse("max_document_bytes", false, |text| {
        match text.parse::<u64>() {
            Ok(bytes) if bytes > 0 => Ok(bytes),
            _ => Err(format!("`{text}` is not a positive number of bytes")),
        }
    }) {
        config.max_document_bytes = bytes;
    }
    if let Some((depth, _)) = section.parse("max_yaml_depth", false, |text| {
        match text.parse::<usize>() {
            Ok(depth) if (1..=MAX_YAML_DEPTH_CEILING).contains(&depth) => Ok(depth),
            _ => Err(format!(
                "`{text}` is not a nesting depth from 1 to {MAX_YAML_DEPTH_CEILING}"
            )),
        }
    }) {
        config.max_yaml_depth = depth;
    }
    if let Some((depth, _)) = section.parse("max_body_depth", false, |text| {
        match text.parse::<usize>() {
            Ok(depth) if (1..=MAX_BODY_DEPTH_CEILING).contains(&depth) => Ok(depth),
            _ => Err(format!(
                "`{text}` is not a nesting depth from 1 to {MAX_BODY_DEPTH_CEILING}"
            )),
        }
    }) {
        config.max_body_depth = depth;
    }
    for diagnostic in section.diagnostics {
        reader.report(diagnostic);
    }
}

/// `service_credits: { cap: 15% }`.
fn read_service_credits(reader: &mut MapReader<'_>, config: &mut Config) {
    let Some(node) = reader.get("service_credits") else {
        return;
    };
    let pos = reader.key_pos("service_credits").unwrap_or(Pos::START);
    let mut section = MapReader::new(
        node,
        &["cap"],
        CONFIG_FILE,
        "`service_credits`",
        CONFIG,
        pos,
    );
    if let Some((cap, _)) = section.parse("cap", false, |text| {
        crate::content::values::Percent::parse(text)
            .map(|_| text.to_string())
            .map_err(|message| format!("{message} (the most a month's credits may add up to)"))
    }) {
        config.credit_cap = cap;
    }
    for diagnostic in section.diagnostics {
        reader.report(diagnostic);
    }
}

/// `calendar:` (section 7), read by `calendar::read`.
fn read_calendar(reader: &mut MapReader<'_>, config: &mut Config) {
    let (Some(node), Some(pos)) = (reader.get("calendar"), reader.key_pos("calendar")) else {
        return;
    };
    let mut diagnostics = Vec::new();
    config.calendar = crate::calendar::read::read_calendar(node, pos, &mut diagnostics);
    for diagnostic in diagnostics {
        reader.report(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    fn parse_text(text: &str) -> (Config, Vec<Diagnostic>) {
        parse(&crate::content::yaml::parse(text, Config::default().yaml_limits()).unwrap())
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let (config, diagnostics) = parse_text("");
        assert!(diagnostics.is_empty());
        assert_eq!(config.title, "Playbook");
        assert_eq!(config.editions.len(), 2);
        assert_eq!(config.channels.len(), 4);
    }

    #[test]
    fn reads_the_spec_example() {
        let (config, diagnostics) = parse_text(
            "title: 示例\nversion: \"2026.1\"\nlanguage: zh-Hans\ntimezone: Asia/Shanghai\nchannels:\n  phone: 电话\naudiences: [shared, internal, vendor-a]\neditions:\n  company: { audiences: [shared, internal] }\n  vendor-a: { audiences: [shared, vendor-a] }\nmarkdown:\n  raw_html: escape\nlimits:\n  max_file_bytes: 1000\n  max_yaml_depth: 10\n  max_body_depth: 20\n",
        );
        assert_eq!(diagnostics, vec![]);
        assert_eq!(config.language, Language::ZhHans);
        assert_eq!(config.timezone_name, "Asia/Shanghai");
        assert_eq!(config.editions[1].audiences, ["shared", "vendor-a"]);
        assert_eq!(config.raw_html, RawHtml::Escape);
        assert_eq!(config.max_yaml_depth, 10);
        assert_eq!(config.max_body_depth, 20);
    }

    #[test]
    fn service_credits_cap_is_a_percentage() {
        let (config, diagnostics) = parse_text("service_credits:\n  cap: 15%\n");
        assert_eq!(diagnostics, vec![]);
        assert_eq!(config.credit_cap, "15%");
        assert_eq!(Config::default().credit_cap, "100%");
        for bad in ["cap: 0.15", "cap: 150%", "cap: [15%]", "kap: 15%"] {
            let (config, diagnostics) = parse_text(&format!("service_credits:\n  {bad}\n"));
            let codes: Vec<_> = diagnostics.iter().map(|d| (d.code, d.pos.line)).collect();
            let want = if bad.starts_with("kap") {
                Code::ConfigUnknownKey
            } else {
                Code::ConfigInvalidValue
            };
            assert_eq!(codes, [(want, 2)], "{bad}");
            assert_eq!(config.credit_cap, "100%");
        }
    }

    #[test]
    fn an_edition_may_have_a_label() {
        let (config, diagnostics) = parse_text(
            "editions:\n  company: { audiences: [shared, internal], label: 公司内部版 }\n  vendor: { audiences: [shared] }\n",
        );
        assert_eq!(diagnostics, vec![]);
        assert_eq!(config.editions[0].label.as_deref(), Some("公司内部版"));
        assert_eq!(config.editions[1].label, None);
        let (_, diagnostics) =
            parse_text("editions:\n  company: { audiences: [shared], label: [a] }\n");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].pos.line, 2);
    }

    #[test]
    fn reports_unknown_keys_and_bad_values_at_their_place() {
        let (config, diagnostics) = parse_text(
            "titel: x\ntimezone: Beijing\neditions:\n  vendor: { audiences: [vendors] }\nlimits: { max_yaml_depth: 0 }\n",
        );
        let found: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.code, d.pos.line, d.pos.column))
            .collect();
        assert_eq!(
            found,
            vec![
                (Code::ConfigUnknownKey, 1, 1),
                (Code::ConfigInvalidValue, 2, 11),
                (Code::ConfigInvalidValue, 4, 25),
                (Code::ConfigInvalidValue, 5, 27),
            ]
        );
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean `title`?")
        );
        assert_eq!(config.timezone_name, "UTC");
    }
}
