//! Decoding a data file the way spreadsheets write them: UTF-8 with or
//! without a BOM, UTF-16 with a BOM (Excel's "Unicode text"), and GB18030
//! for a file that is neither (Excel's CSV on a Chinese Windows). This
//! module is the only user of `encoding_rs`.

use encoding_rs::{Encoding, GB18030, UTF_8};

use crate::diag::{Code, Diagnostic, Pos};

/// The file's text without its BOM, or why it cannot be read as text.
pub fn decode(bytes: &[u8], path: &str) -> Result<String, Diagnostic> {
    let text = match Encoding::for_bom(bytes) {
        Some((encoding, bom_length)) => encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom_length..])
            .map(|text| text.into_owned())
            .ok_or_else(|| {
                Diagnostic::new(
                    Code::InvalidUtf8,
                    path,
                    Pos::START,
                    format!(
                        "the file starts with a {} byte-order mark but is not valid {}",
                        encoding.name(),
                        encoding.name()
                    ),
                )
                .with_help("save the file again from the spreadsheet as CSV (UTF-8)")
            })?,
        None => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|text| text.into_owned())
                .ok_or_else(|| {
                    Diagnostic::new(
                        Code::InvalidUtf8,
                        path,
                        Pos::START,
                        "the file is neither UTF-8, UTF-16 with a byte-order mark, nor GB18030",
                    )
                    .with_help("save the file from the spreadsheet as \"CSV UTF-8\"")
                })?,
        },
    };
    if let Some(index) = text.find('\0') {
        let before = &text[..index];
        let line = before.matches('\n').count() as u32 + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
        return Err(Diagnostic::new(
            Code::NulByte,
            path,
            Pos::new(line, column),
            "the file contains a NUL character",
        )
        .with_help("data files are text; is this a spreadsheet (.xlsx) with a `.csv` name?"));
    }
    Ok(text)
}

/// The encoding `decode` takes for `bytes` (for tests and messages).
pub fn encoding_of(bytes: &[u8]) -> &'static Encoding {
    match Encoding::for_bom(bytes) {
        Some((encoding, _)) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => GB18030,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "id,period,value,note\nSLA-A,2026-06,93.5%,系统故障\n";

    #[test]
    fn every_spreadsheet_encoding_gives_the_same_text() {
        let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
        utf8_bom.extend(TEXT.as_bytes());
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(TEXT.encode_utf16().flat_map(u16::to_le_bytes));
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend(TEXT.encode_utf16().flat_map(u16::to_be_bytes));
        let (gb18030, _, unmappable) = GB18030.encode(TEXT);
        assert!(!unmappable);
        for bytes in [
            TEXT.as_bytes().to_vec(),
            utf8_bom,
            utf16le,
            utf16be,
            gb18030.into_owned(),
        ] {
            assert_eq!(decode(&bytes, "data/a.csv").as_deref(), Ok(TEXT));
        }
        assert_eq!(encoding_of(&GB18030.encode(TEXT).0), GB18030);
    }

    #[test]
    fn nul_characters_are_refused_at_their_place() {
        let error = decode(b"id,period\nA,\0", "data/a.csv").unwrap_err();
        assert_eq!((error.code, error.pos), (Code::NulByte, Pos::new(2, 3)));
    }
}
