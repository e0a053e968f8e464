//! Which paragraphs of a body changed between two versions. This module
//! owns `similar` (a maintained diff crate: Myers' algorithm over the
//! paragraphs).

/// The paragraphs of `before` removed and of `after` added, in reading
/// order (`true`: removed). A paragraph is a run of lines between blank
/// lines; a fenced code block is one paragraph, blank lines and all.
pub fn paragraph_changes<'t>(before: &'t str, after: &'t str) -> Vec<(bool, &'t str)> {
    let old = paragraphs(before);
    let new = paragraphs(after);
    let mut changes = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new) {
        for change in op.iter_changes(&old, &new) {
            match change.tag() {
                similar::ChangeTag::Delete => changes.push((true, change.value())),
                similar::ChangeTag::Insert => changes.push((false, change.value())),
                similar::ChangeTag::Equal => {}
            }
        }
    }
    changes
}

/// A body's paragraphs, each without its surrounding blank lines.
fn paragraphs(body: &str) -> Vec<&str> {
    let mut paragraphs = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        let line_start = offset;
        offset += line.len();
        if let Some(open) = fence {
            end = offset;
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if trimmed.is_empty() {
            if let Some(from) = start.take() {
                paragraphs.push(body[from..end].trim_end());
            }
            continue;
        }
        if trimmed.starts_with("```") {
            fence = Some("```");
        } else if trimmed.starts_with("~~~") {
            fence = Some("~~~");
        }
        start.get_or_insert(line_start);
        end = offset;
    }
    if let Some(from) = start {
        paragraphs.push(body[from..end].trim_end());
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_paragraphs_are_listed() {
        let before = "# 标题\n\n第一段。\n\n第二段：3 分钟。\n\n第三段。";
        let after = "# 标题\n\n第一段。\n\n第二段：2 分钟。\n\n第三段。\n\n新的一段。";
        assert_eq!(
            paragraph_changes(before, after),
            vec![
                (true, "第二段：3 分钟。"),
                (false, "第二段：2 分钟。"),
                (false, "新的一段。")
            ]
        );
        assert!(paragraph_changes(before, before).is_empty());
    }

    #[test]
    fn a_code_block_is_one_paragraph() {
        assert_eq!(
            paragraphs("a\n\n```\nx\n\ny\n```\n\nb"),
            vec!["a", "```\nx\n\ny\n```", "b"]
        );
    }
}
