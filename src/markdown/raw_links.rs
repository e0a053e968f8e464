//! The URLs of raw HTML (`<a href="@ID">`, `<img src="../sla/chat.md">`,
//! `<a href="/contract.pdf">`, `srcset`, `action`…): found with their
//! positions, so the scan checks them as it checks Markdown links, and
//! rewritten, so a page never carries `@ID` or a source path, and an
//! edition that leaves the target out drops the attribute.
//!
//! Values are read as a browser reads them: character references decoded
//! (`&#64;PG-X` is `@PG-X`), tabs and newlines removed, surrounding white
//! space ignored, names in any letter case, quoted or not.

use std::borrow::Cow;
use std::ops::Range;

/// Attributes whose value is a URL (or, for `srcset`, a list of them).
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "cite",
    "data",
    "background",
    "longdesc",
    "usemap",
    "xlink:href",
    "ping",
    "manifest",
    "icon",
    "lowsrc",
    "dynsrc",
    "codebase",
    "archive",
    "classid",
    "profile",
    "itemid",
];

/// One URL-valued attribute of a start tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlAttribute {
    /// The whole attribute as written (`href="…"`), white space before it
    /// included, in bytes of the raw HTML.
    pub span: Range<usize>,
    /// The value as written, without quotes.
    pub value_span: Range<usize>,
    /// The name, in lower case.
    pub name: String,
    /// The value as a browser reads it.
    pub value: String,
}

impl UrlAttribute {
    /// The URLs of the value with their offsets in the raw HTML (exact when
    /// the value is written without character references; otherwise the
    /// value's start): one URL, or each candidate of a `srcset`.
    pub fn urls(&self, raw: &str) -> Vec<(usize, String)> {
        let verbatim = raw.get(self.value_span.clone()) == Some(self.value.as_str());
        let at = |offset: usize| {
            if verbatim {
                self.value_span.start + offset
            } else {
                self.value_span.start
            }
        };
        if self.name != "srcset" {
            let leading = self.value.len() - self.value.trim_start().len();
            return vec![(at(leading), self.value.trim().to_string())];
        }
        srcset_urls(&self.value)
            .into_iter()
            .map(|(offset, url)| (at(offset), url.to_string()))
            .collect()
    }
}

/// The URL of each candidate of a `srcset` (`a.png 1x, b.png 2x`), with its
/// offset in the value.
fn srcset_urls(value: &str) -> Vec<(usize, &str)> {
    let mut urls = Vec::new();
    let mut start = 0;
    for candidate in value.split(',') {
        let leading = candidate.len() - candidate.trim_start().len();
        let url = candidate.split_whitespace().next().unwrap_or("");
        if !url.is_empty() {
            urls.push((start + leading, url));
        }
        start += candidate.len() + 1;
    }
    urls
}

/// Every URL-valued attribute of the start tags in `raw` (comments,
/// end tags, `<!…>` and `<?…>` skipped).
pub fn url_attributes(raw: &str) -> Vec<UrlAttribute> {
    let bytes = raw.as_bytes();
    let mut found = Vec::new();
    let mut index = 0;
    while let Some(lt) = raw[index..].find('<') {
        let at = index + lt;
        let rest = &raw[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            index = comment
                .find("-->")
                .map_or(raw.len(), |end| at + 4 + end + 3);
            continue;
        }
        match bytes.get(at + 1) {
            Some(b'!' | b'?') => {
                index = rest.find('>').map_or(raw.len(), |end| at + end + 1);
                continue;
            }
            Some(byte) if byte.is_ascii_alphabetic() => {}
            _ => {
                index = at + 1;
                continue;
            }
        }
        let mut cursor = at + 1;
        while cursor < bytes.len() && !is_tag_break(bytes[cursor]) {
            cursor += 1;
        }
        index = attributes(raw, cursor, &mut found);
    }
    found
}

fn is_tag_break(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == b'/' || byte == b'>'
}

/// Reads the attributes of a start tag from `cursor` to its `>`; returns
/// where the tag ends.
fn attributes(raw: &str, mut cursor: usize, found: &mut Vec<UrlAttribute>) -> usize {
    let bytes = raw.as_bytes();
    loop {
        let span_start = cursor;
        while cursor < bytes.len() && (bytes[cursor].is_ascii_whitespace() || bytes[cursor] == b'/')
        {
            cursor += 1;
        }
        if cursor >= bytes.len() {
            return cursor;
        }
        if bytes[cursor] == b'>' {
            return cursor + 1;
        }
        let name_start = cursor;
        cursor += 1;
        while cursor < bytes.len() && !is_tag_break(bytes[cursor]) && bytes[cursor] != b'=' {
            cursor += 1;
        }
        let name = raw[name_start..cursor].to_ascii_lowercase();
        let mut after = cursor;
        while after < bytes.len() && bytes[after].is_ascii_whitespace() {
            after += 1;
        }
        if bytes.get(after) != Some(&b'=') {
            continue;
        }
        after += 1;
        while after < bytes.len() && bytes[after].is_ascii_whitespace() {
            after += 1;
        }
        let value_span = match bytes.get(after) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = after + 1;
                let end = raw[start..]
                    .find(quote as char)
                    .map_or(raw.len(), |end| start + end);
                cursor = (end + 1).min(raw.len());
                start..end
            }
            _ => {
                let start = after;
                let mut end = after;
                while end < bytes.len() && !bytes[end].is_ascii_whitespace() && bytes[end] != b'>' {
                    end += 1;
                }
                cursor = end;
                start..end
            }
        };
        if URL_ATTRIBUTES.contains(&name.as_str()) {
            found.push(UrlAttribute {
                span: span_start..cursor,
                value: url_value(&raw[value_span.clone()]),
                value_span,
                name,
            });
        }
    }
}

/// An attribute value as a URL parser sees it: character references
/// decoded, tabs and newlines dropped, surrounding white space trimmed.
fn url_value(written: &str) -> String {
    let decoded = decode_references(written);
    decoded
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_string()
}

/// Named character references that stand for ASCII punctuation (the only
/// ones that can spell an ID, a path or a URL's syntax).
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("commat", '@'),
    ("sol", '/'),
    ("bsol", '\\'),
    ("period", '.'),
    ("num", '#'),
    ("colon", ':'),
    ("quest", '?'),
    ("lpar", '('),
    ("rpar", ')'),
    ("lowbar", '_'),
    ("UnderBar", '_'),
    ("excl", '!'),
    ("percnt", '%'),
    ("plus", '+'),
    ("equals", '='),
    ("comma", ','),
    ("semi", ';'),
    ("Tab", '\t'),
    ("NewLine", '\n'),
    ("nbsp", '\u{a0}'),
];

/// Decodes numeric character references (`&#64;`, `&#x40;`, the `;`
/// optional as browsers allow) and the named ones above.
pub fn decode_references(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        if let Some((c, used)) = reference_at(rest) {
            out.push(c);
            rest = &rest[used..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference at the start of `text` (which starts with
/// `&`) stands for, and its length.
fn reference_at(text: &str) -> Option<(char, usize)> {
    if let Some(numeric) = text.strip_prefix("&#") {
        let (digits, radix, skip) = match numeric.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (numeric, 10, 2),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if len == 0 {
            return None;
        }
        let value = u32::from_str_radix(&digits[..len.min(8)], radix).ok()?;
        let c = char::from_u32(value).unwrap_or('\u{fffd}');
        let semicolon = usize::from(digits[len..].starts_with(';'));
        return Some((c, skip + len + semicolon));
    }
    let name_len = text[1..].find(';')?;
    let name = &text[1..1 + name_len];
    NAMED
        .iter()
        .find(|(known, _)| *known == name)
        .map(|&(_, c)| (c, name_len + 2))
}

/// What becomes of one URL of a raw HTML attribute.
pub enum UrlRewrite {
    Keep,
    /// The URL to write instead (not yet escaped).
    Replace(String),
    /// The attribute goes (its target is left out of the edition).
    Drop,
}

/// `raw` with every URL-valued attribute rewritten by `rewrite`; an
/// attribute one of whose URLs is dropped goes as a whole.
pub fn rewrite<'r>(raw: &'r str, rewrite: impl Fn(&str) -> UrlRewrite) -> Cow<'r, str> {
    let attributes = url_attributes(raw);
    if attributes.is_empty() {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut copied = 0;
    for attribute in attributes {
        let urls = attribute.urls(raw);
        let mut changed = false;
        let mut dropped = false;
        let mut new_urls = Vec::with_capacity(urls.len());
        for (_, url) in &urls {
            match rewrite(url) {
                UrlRewrite::Keep => new_urls.push(url.clone()),
                UrlRewrite::Replace(new) => {
                    changed = true;
                    new_urls.push(new);
                }
                UrlRewrite::Drop => dropped = true,
            }
        }
        if !changed && !dropped {
            continue;
        }
        out.push_str(&raw[copied..attribute.span.start]);
        copied = attribute.span.end;
        if dropped {
            // Keep the white space that separated it from the next one.
            out.push(' ');
            continue;
        }
        let value = if attribute.name == "srcset" {
            let descriptors = attribute.value.split(',').map(|candidate| {
                let mut words = candidate.split_whitespace();
                words.next();
                words.collect::<Vec<_>>().join(" ")
            });
            new_urls
                .iter()
                .zip(descriptors)
                .map(|(url, descriptor)| format!("{url} {descriptor}").trim_end().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            new_urls.concat()
        };
        out.push_str(&format!(
            " {}=\"{}\"",
            attribute.name,
            super::escape_html(&value)
        ));
    }
    out.push_str(&raw[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_url_attributes_however_written() {
        let raw = "<a class=x HREF = '@PG-A#b' title=\"<img src=@no>\"><IMG\nsrc=&#64;PG&#x2d;B alt=y>\
                   <!-- <a href=\"@PG-C\"> --></a><img srcset=\"/a.png 1x, @PG-D 2x\">";
        let found: Vec<(String, String)> = url_attributes(raw)
            .into_iter()
            .map(|attribute| (attribute.name, attribute.value))
            .collect();
        assert_eq!(
            found,
            [
                ("href".to_string(), "@PG-A#b".to_string()),
                ("src".to_string(), "@PG-B".to_string()),
                ("srcset".to_string(), "/a.png 1x, @PG-D 2x".to_string()),
            ]
        );
        let srcset = &url_attributes(raw)[2];
        let urls = srcset.urls(raw);
        assert_eq!(&raw[urls[0].0..urls[0].0 + 6], "/a.png");
        assert_eq!(&raw[urls[1].0..urls[1].0 + 5], "@PG-D");
    }

    #[test]
    fn rewrites_or_drops_attributes() {
        let raw =
            "<a href=\"@PG-A\" id=k>x</a><img src=@PG-B alt=y><img srcset='/a.png 1x, /b.png 2x'>";
        let rewritten = rewrite(raw, |url| match url {
            "@PG-A" => UrlRewrite::Replace("../page/pg-a.html".into()),
            "@PG-B" => UrlRewrite::Drop,
            url if url.starts_with('/') => UrlRewrite::Replace(format!("..{url}")),
            _ => UrlRewrite::Keep,
        });
        assert_eq!(
            rewritten,
            "<a href=\"../page/pg-a.html\" id=k>x</a><img  alt=y><img srcset=\"../a.png 1x, ../b.png 2x\">"
        );
        assert!(matches!(
            rewrite("<b>no links</b>", |_| UrlRewrite::Drop),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn decodes_references_as_browsers_do() {
        assert_eq!(
            decode_references("&#64;PG&#45X&commat;&sol;&amp;&bogus;&"),
            "@PG-X@/&&bogus;&"
        );
        assert_eq!(url_value("  &#x40;PG-\n&#88; "), "@PG-X");
    }
}
