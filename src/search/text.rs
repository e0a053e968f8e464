//! The text an index holds of a page: the plain text of its rendered
//! HTML, and the start kept for snippets.

/// Text kept per document for snippets.
pub(super) const SNIPPET_TEXT_CHARS: usize = 3_000;

/// The first `SNIPPET_TEXT_CHARS` characters of a text.
pub fn snippet_text(text: &str) -> &str {
    // A text of no more bytes than that has no more characters; else the
    // characters are counted by their first bytes (every byte but the
    // continuation bytes `10xxxxxx` starts one), without decoding them.
    if text.len() <= SNIPPET_TEXT_CHARS {
        return text;
    }
    let starts = |bytes: &[u8]| bytes.iter().filter(|&&byte| (byte as i8) >= -0x40).count();
    // Counted a block at a time (the compiler counts a block in a few
    // vector instructions), then byte by byte in the block where the
    // count is reached.
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut block_start = 0;
    for block in bytes.chunks(BLOCK) {
        let in_block = starts(block);
        if count + in_block > SNIPPET_TEXT_CHARS {
            for (offset, &byte) in block.iter().enumerate() {
                if (byte as i8) >= -0x40 {
                    if count == SNIPPET_TEXT_CHARS {
                        return &text[..block_start + offset];
                    }
                    count += 1;
                }
            }
        }
        count += in_block;
        block_start += block.len();
    }
    text
}

/// Plain text of rendered HTML: tags dropped, the common entities decoded,
/// whitespace collapsed. One pass: each page's text goes through here.
pub fn html_to_text(html: &str) -> String {
    const ENTITIES: [(&str, char); 7] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
        ("&nbsp;", ' '),
        ("&amp;", '&'),
    ];
    let mut text = String::with_capacity(html.len());
    // A space is owed before the next visible character.
    let mut pending_space = false;
    let mut in_tag = false;
    let bytes = html.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if in_tag {
            in_tag = byte != b'>';
            at += 1;
            continue;
        }
        match byte {
            b'<' => {
                in_tag = true;
                pending_space = !text.is_empty();
                at += 1;
            }
            b'&' => {
                let (width, decoded) = ENTITIES
                    .iter()
                    .find(|(entity, _)| html[at..].starts_with(entity))
                    .map_or((1, '&'), |(entity, decoded)| (entity.len(), *decoded));
                if decoded == ' ' {
                    pending_space = !text.is_empty();
                } else {
                    if pending_space {
                        text.push(' ');
                        pending_space = false;
                    }
                    text.push(decoded);
                }
                at += width;
            }
            b' ' | b'\t'..=b'\r' => {
                pending_space = !text.is_empty();
                at += 1;
            }
            _ => {
                // A run of visible characters, copied whole: it ends at a
                // tag, an entity or any white space (Chinese text has
                // U+3000, the ideographic space).
                let start = at;
                while at < bytes.len() {
                    let byte = bytes[at];
                    if byte < 0x80 {
                        if matches!(byte, b'<' | b'&' | b' ' | b'\t'..=b'\r') {
                            break;
                        }
                        at += 1;
                    } else if !matches!(byte, 0xC2 | 0xE1..=0xE3) {
                        // Every white space character beyond ASCII starts
                        // with one of those bytes (U+0085, U+00A0, U+1680,
                        // U+2000–U+205F, U+3000): any other character,
                        // Chinese among them, is passed over by its width.
                        at += if byte < 0xE0 {
                            2
                        } else if byte < 0xF0 {
                            3
                        } else {
                            4
                        };
                    } else {
                        let c = html[at..].chars().next().unwrap_or(' ');
                        if c.is_whitespace() {
                            break;
                        }
                        at += c.len_utf8();
                    }
                }
                if at == start {
                    // A non-ASCII white space character.
                    pending_space = !text.is_empty();
                    at += html[at..].chars().next().map_or(1, char::len_utf8);
                    continue;
                }
                if pending_space {
                    text.push(' ');
                    pending_space = false;
                }
                text.push_str(&html[start..at]);
            }
        }
    }
    text
}
