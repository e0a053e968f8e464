//! Helpers for the publishing tests: building a project into a throw-away
//! folder, reading a whole output tree byte by byte, and a small HTML
//! attribute scanner (enough to find every `href`, `src` and `id`).

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common;

/// `playbook build --root ROOT --out OUT EXTRA…`.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().expect("UTF-8 path"),
        "--out",
        out.to_str().expect("UTF-8 path"),
    ];
    args.extend_from_slice(extra);
    common::playbook(&args)
}

/// Builds and insists on success, returning stderr for inspection.
pub fn build_ok(root: &Path, out: &Path, extra: &[&str]) -> String {
    let output = build(root, out, extra);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(
        output.status.code(),
        Some(0),
        "build of {} failed:\n{stderr}",
        root.display()
    );
    stderr
}

/// Every file under `dir`, by path relative to `dir` (with `/`), with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()))
        {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().to_string())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The names directly inside a folder, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

/// Copies a folder recursively (fixtures are copied before a test changes them).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of `tests/fixtures/<name>` in a temporary folder.
pub fn fixture_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("project");
    copy_dir(&common::fixture(name), &root);
    (temp, root)
}

/// A file of an output tree as text.
pub fn text<'a>(tree: &'a BTreeMap<String, Vec<u8>>, path: &str) -> &'a str {
    let bytes = tree
        .get(path)
        .unwrap_or_else(|| panic!("the output has no `{path}`; it has {:?}", tree.keys()));
    std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("`{path}` is not UTF-8"))
}

/// One attribute of one start tag.
#[derive(Clone, Debug)]
pub struct Attr {
    pub tag: String,
    pub name: String,
    /// Entity-decoded.
    pub value: String,
}

/// Every attribute of every start tag of an HTML document, in order.
/// Comments, doctype and the contents of `<script>`/`<style>` are skipped.
pub fn attributes(html: &str) -> Vec<Attr> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        i += offset;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map(|e| e + 3).unwrap_or(rest.len());
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("</") || rest.starts_with("<?") {
            i += rest.find('>').map(|e| e + 1).unwrap_or(rest.len());
            continue;
        }
        i += 1;
        let name_start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == name_start {
            continue; // a bare `<` in text
        }
        let tag = html[name_start..i].to_ascii_lowercase();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                i += 1;
                break;
            }
            let attr_start = i;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !matches!(bytes[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let name = html[attr_start..i].to_ascii_lowercase();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i] as char;
                    let end = html[i + 1..]
                        .find(quote)
                        .map(|e| i + 1 + e)
                        .unwrap_or(bytes.len());
                    value = html[i + 1..end].to_string();
                    i = (end + 1).min(bytes.len());
                } else {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = html[start..i].to_string();
                }
            }
            found.push(Attr {
                tag: tag.clone(),
                name,
                value: decode_entities(&value),
            });
        }
        i = i.min(bytes.len());
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            match html[i..].to_ascii_lowercase().find(&close) {
                Some(end) => i += end,
                None => i = bytes.len(),
            }
        }
    }
    found
}

/// The `id` attributes of a page.
pub fn ids(html: &str) -> BTreeSet<String> {
    attributes(html)
        .into_iter()
        .filter(|attr| attr.name == "id")
        .map(|attr| attr.value)
        .collect()
}

/// Decodes the character references an HTML writer uses.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` escapes (as UTF-8; kept as written when that fails).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            decoded.push(byte);
            i += 3;
            continue;
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(decoded).unwrap_or_else(|_| text.to_string())
}

/// Text with every tag removed and entities decoded.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
}

/// The `<main …>…</main>` element of a page.
pub fn main_element(html: &str) -> &str {
    let start = html.find("<main").expect("the page has a <main> element");
    let end = html[start..]
        .find("</main>")
        .map(|e| start + e + "</main>".len())
        .expect("the <main> element is closed");
    &html[start..end]
}

/// The inner HTML of the first `<tag …>` element (no nesting of the same tag).
pub fn element<'a>(html: &'a str, tag: &str) -> Option<&'a str> {
    let open = html.find(&format!("<{tag}"))?;
    let content_start = open + html[open..].find('>')? + 1;
    let close = content_start + html[content_start..].find(&format!("</{tag}>"))?;
    Some(&html[content_start..close])
}

/// `dir/../x` → `x`; `None` when the path climbs above the root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Whether a URL starts with a scheme (`https:`, `mailto:`, `javascript:`).
pub fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(colon) if colon > 0 => url[..colon]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
        _ => false,
    }
}

/// Checks every `href` and `src` of every HTML file of an edition: none is
/// absolute (`/…`, `//…`) or external unless `allowed_external` says so,
/// every relative one names a file of the edition, and the fragment of a
/// link to a page (or within the page) is an `id` there. Returns the
/// problems, one line each.
pub fn url_problems(
    edition: &BTreeMap<String, Vec<u8>>,
    allowed_external: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut id_cache: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut ids_of = |path: &str| -> BTreeSet<String> {
        id_cache
            .entry(path.to_string())
            .or_insert_with(|| ids(&String::from_utf8_lossy(&edition[path])))
            .clone()
    };
    for (path, bytes) in edition {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let folder = match path.rfind('/') {
            Some(slash) => &path[..slash + 1],
            None => "",
        };
        for attr in attributes(&html) {
            if !matches!(
                attr.name.as_str(),
                "href" | "src" | "action" | "srcset" | "poster" | "data"
            ) {
                continue;
            }
            let url = attr.value.trim();
            let here = format!("{path}: <{} {}=\"{url}\">", attr.tag, attr.name);
            if url.is_empty() {
                problems.push(format!("{here}: empty URL"));
                continue;
            }
            if url.starts_with('/') || url.starts_with('\\') {
                problems.push(format!("{here}: absolute URL"));
                continue;
            }
            if has_scheme(url) {
                if !allowed_external(url) {
                    problems.push(format!("{here}: external or scripted URL"));
                }
                continue;
            }
            let (location, fragment) = match url.split_once('#') {
                Some((location, fragment)) => (location, Some(percent_decode(fragment))),
                None => (url, None),
            };
            let location = location.split('?').next().unwrap_or(location);
            let target = if location.is_empty() {
                path.clone()
            } else {
                match normalize(&format!("{folder}{}", percent_decode(location))) {
                    Some(target) => target,
                    None => {
                        problems.push(format!("{here}: climbs out of the edition"));
                        continue;
                    }
                }
            };
            if !edition.contains_key(&target) {
                problems.push(format!("{here}: no file `{target}` in the edition"));
                continue;
            }
            if let Some(fragment) = fragment
                && !fragment.is_empty()
                && target.ends_with(".html")
                && !ids_of(&target).contains(&fragment)
            {
                problems.push(format!("{here}: `{target}` has no id=\"{fragment}\""));
            }
        }
    }
    problems
}
