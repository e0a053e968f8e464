//! Reference syntax that Markdown does not read as a link where it stands,
//! and so would print as written: a link inside another link's text makes
//! the outer one plain text (`[see [[REQ-X]] owner](@PG-SECRET)` prints
//! `](@PG-SECRET)`), as does a table cell split by `|`; Markdown inside a
//! raw HTML block, a link's title and `<@ID>` are never read at all.
//!
//! Why: such text would carry an ID or a source path into the pages, the
//! print page and the search index, in editions that leave the document
//! out. It is found here, in text the parser produced (never in code
//! spans or code blocks), so the scan can check it and report it.

/// One piece of reference syntax found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Where the caret goes, as a byte offset into the text: the ID after
    /// `@` or inside `[[…]]`, the start of a path.
    pub offset: usize,
    /// What is written there: `[[ID]]`, `@ID`, `../a.md`, `/x.pdf`.
    pub written: String,
    pub kind: FoundKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FoundKind {
    /// `[[ID]]` or `[[ID#anchor|text]]`: the ID with its anchor, if any.
    Wiki { target: String },
    /// A link destination (`](@ID)`, `]: x.md`, `<@ID>`), to be classified
    /// as links are.
    Destination,
}

/// Every `[[…]]`, `](dest)`, `]: dest` and `<@dest>` in `text` whose
/// destination could be a reference (the caller classifies it).
pub fn find(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    // A quick way out for the text of nearly every paragraph.
    if !text.contains(']') && !text.contains("<@") {
        return found;
    }
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let rest = &text[index..];
        if rest.starts_with("[[") {
            if let Some(item) = wiki(text, index) {
                index += item.written.len();
                found.push(item);
                continue;
            }
        } else if rest.starts_with("](") || rest.starts_with("]:") {
            if let Some(item) = destination(text, index + 2, rest.starts_with("]:")) {
                index = item.offset + item.written.len();
                found.push(item);
                continue;
            }
        } else if rest.starts_with("<@")
            && let Some(end) = rest.find('>')
            && !rest[2..end].contains(char::is_whitespace)
            && end > 2
        {
            found.push(Found {
                offset: index + 1,
                written: rest[1..end].to_string(),
                kind: FoundKind::Destination,
            });
            index += end + 1;
            continue;
        }
        index += rest.chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// `[[ID]]` at `start`: an ID without spaces or brackets before `]]`.
fn wiki(text: &str, start: usize) -> Option<Found> {
    let inner_start = start + 2;
    let close = text[inner_start..].find("]]")? + inner_start;
    let inner = &text[inner_start..close];
    if inner.contains(['[', ']', '\n']) {
        return None;
    }
    let target = inner.split('|').next().unwrap_or(inner);
    let trimmed = target.trim();
    let id = trimmed.split('#').next().unwrap_or(trimmed);
    if id.is_empty() || trimmed.contains(char::is_whitespace) {
        return None;
    }
    let leading = target.len() - target.trim_start().len();
    Some(Found {
        offset: inner_start + leading,
        written: format!("[[{inner}]]"),
        kind: FoundKind::Wiki {
            target: trimmed.to_string(),
        },
    })
}

/// A link destination at `start` (just after `](` or `]:`): optional
/// white space (required after `]:`), an optional `<`, then everything up
/// to white space, `)` or `>`.
fn destination(text: &str, start: usize, definition: bool) -> Option<Found> {
    let after = &text[start..];
    let trimmed = after.trim_start();
    if definition && trimmed.len() == after.len() {
        return None;
    }
    let mut offset = start + (after.len() - trimmed.len());
    let mut dest = trimmed;
    if let Some(inner) = dest.strip_prefix('<') {
        dest = inner;
        offset += 1;
    }
    let end = dest
        .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
        .unwrap_or(dest.len());
    let dest = &dest[..end];
    if dest.is_empty() || dest == "@" {
        return None;
    }
    Some(Found {
        offset,
        written: dest.to_string(),
        kind: FoundKind::Destination,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> Vec<(usize, String)> {
        find(text)
            .into_iter()
            .map(|found| (found.offset, found.written))
            .collect()
    }

    #[test]
    fn finds_what_a_nested_link_leaves_behind() {
        assert_eq!(
            written("[see REQ owner](@PG-X)"),
            [(16, "@PG-X".to_string())]
        );
        assert_eq!(written("a c](<x.md> \"t\")"), [(6, "x.md".to_string())]);
        assert_eq!(written("[r]:  @PG-Y"), [(6, "@PG-Y".to_string())]);
        assert_eq!(
            written("see [[ PG-Z#a|b ]] and <@PG-W>"),
            [(7, "[[ PG-Z#a|b ]]".to_string()), (24, "@PG-W".to_string())]
        );
        assert_eq!(
            find("x [[PG-Z]]")[0].kind,
            FoundKind::Wiki {
                target: "PG-Z".into()
            }
        );
    }

    #[test]
    fn ordinary_brackets_are_left_alone() {
        for text in [
            "[x] (y) [1]: z [[a b]] [[]] [[1, 2], [3]] a]() a]: <@ x>",
            "数组 a[i] 与 b]",
        ] {
            let found: Vec<_> = find(text)
                .into_iter()
                .filter(|found| found.written != "z")
                .collect();
            assert_eq!(found, [], "{text}");
        }
    }
}
