//! Splitting a document into its front matter and body, keeping line
//! numbers exact: the YAML starts on file line 2, the body after the
//! closing `---`. A BOM and CRLF line endings are accepted.

use crate::diag::{Code, Diagnostic, Pos};

/// A document split at its front-matter delimiters.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the two `---` lines.
    pub front_matter: &'a str,
    /// The file line the YAML starts on (always 2).
    pub front_matter_line: u32,
    pub body: &'a str,
    /// The file line the body starts on.
    pub body_line: u32,
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end_matches(['\r', ' ', '\t']) == "---"
}

/// Splits `text` (a BOM already removed). Problems are reported at 1:1.
pub fn split<'a>(text: &'a str, path: &str) -> Result<Split<'a>, Diagnostic> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_delimiter(&text[..first_end]) {
        return Err(Diagnostic::new(
            Code::MissingFrontMatter,
            path,
            Pos::START,
            "a document must start with a front-matter block between two `---` lines",
        )
        .with_help(
            "add `---`, then `id: …`, `kind: …` and `title: …` lines, then `---` before the text",
        ));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line = 2u32;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map(|index| offset + index)
            .unwrap_or(text.len());
        if is_delimiter(&text[offset..end]) {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                front_matter: &text[yaml_start..offset],
                front_matter_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset = end + 1;
        line += 1;
    }
    Err(Diagnostic::new(
        Code::UnterminatedFrontMatter,
        path,
        Pos::START,
        "the front matter opened on line 1 is never closed",
    )
    .with_help("add a line `---` after the last front-matter field"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_exact_lines() {
        let split = split("---\nid: A\n---\nbody\n", "a.md").unwrap();
        assert_eq!(split.front_matter, "id: A\n");
        assert_eq!(split.body, "body\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn accepts_crlf_and_an_empty_body() {
        let split = split("---\r\nid: A\r\n---\r\n", "a.md").unwrap();
        assert_eq!(split.front_matter, "id: A\r\n");
        assert_eq!(split.body, "");
        let unterminated_body = super::split("---\nid: A\n---", "a.md").unwrap();
        assert_eq!(unterminated_body.body, "");
    }

    #[test]
    fn reports_missing_and_unterminated_blocks() {
        assert_eq!(
            split("# title\n", "a.md").unwrap_err().code,
            Code::MissingFrontMatter
        );
        assert_eq!(
            split("", "a.md").unwrap_err().code,
            Code::MissingFrontMatter
        );
        assert_eq!(
            split("---\nid: A\n", "a.md").unwrap_err().code,
            Code::UnterminatedFrontMatter
        );
    }
}
