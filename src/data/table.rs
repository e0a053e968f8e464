//! Reading one decoded data file as a table: RFC 4180 records through the
//! `csv` crate (which owns quoting, doubled quotes, line breaks inside
//! quotes, CRLF and empty lines), and each field's physical position in
//! the file, which the crate does not give: the line counting every line
//! of the file and the column in characters of the field's first
//! character (its opening quote when quoted).
//!
//! This module is the only user of `csv`.

use crate::diag::Pos;

/// One field of a record, unquoted, and where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    pub pos: Pos,
}

/// One non-empty record of a data file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub fields: Vec<Field>,
    /// Just after the last character of the record (before its line
    /// break): where a missing field is reported.
    pub end: Pos,
}

/// What stopped the reading of a file: a quote never closed, at the
/// opening quote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unterminated {
    pub pos: Pos,
}

/// Line and column of byte offsets in a text.
struct Lines<'t> {
    text: &'t str,
    /// The byte offset each line starts at.
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        Lines { text, starts }
    }

    fn pos(&self, offset: usize) -> Pos {
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line.saturating_sub(1)];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |prefix| prefix.chars().count());
        Pos::new(line as u32, column as u32 + 1)
    }
}

/// Reads `text` (decoded, without BOM) as records separated by
/// `delimiter`. Records whose fields are all empty (a blank line, a row of
/// `,,,` that spreadsheets write under their data) are skipped. A quote
/// never closed ends the file (RFC 4180 would make the rest one field):
/// the records before it are returned with it.
pub fn read(text: &str, delimiter: u8) -> (Vec<Record>, Option<Unterminated>) {
    let lines = Lines::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    // Decoded text is UTF-8 and `csv` splits only at ASCII bytes, so every
    // field is UTF-8 too; an error here cannot come from the file's
    // contents (it would be an I/O error on a byte slice).
    while let Ok(true) = reader.read_record(&mut record) {
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let spans = match field_spans(text, start, delimiter) {
            Ok(spans) => spans,
            Err(unterminated) => return (records, Some(unterminated)),
        };
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        let end = spans.last().map_or(start, |span| span.1);
        let fields = record
            .iter()
            .enumerate()
            .map(|(index, field)| Field {
                text: field.to_string(),
                // The crate and the scan agree on the fields of a record;
                // should they not, the record's start is still on its line.
                pos: lines.pos(spans.get(index).map_or(start, |span| span.0)),
            })
            .collect();
        records.push(Record {
            fields,
            end: lines.pos(end),
        });
    }
    (records, None)
}

/// The byte ranges (start, end) of the fields of the record that starts
/// at `start` (line breaks before it skipped), as RFC 4180 lays them out:
/// a quoted field runs to its closing quote (a doubled quote is text), and
/// anything after that up to the delimiter belongs to it.
fn field_spans(
    text: &str,
    start: usize,
    delimiter: u8,
) -> Result<Vec<(usize, usize)>, Unterminated> {
    let bytes = text.as_bytes();
    let mut at = start;
    while at < bytes.len() && (bytes[at] == b'\n' || bytes[at] == b'\r') {
        at += 1;
    }
    let mut spans = Vec::new();
    loop {
        let field_start = at;
        if bytes.get(at) == Some(&b'"') {
            at += 1;
            loop {
                match bytes.get(at) {
                    None => {
                        return Err(Unterminated {
                            pos: Lines::new(text).pos(field_start),
                        });
                    }
                    Some(b'"') if bytes.get(at + 1) == Some(&b'"') => at += 2,
                    Some(b'"') => {
                        at += 1;
                        break;
                    }
                    Some(_) => at += 1,
                }
            }
        }
        while at < bytes.len() && bytes[at] != delimiter && bytes[at] != b'\n' && bytes[at] != b'\r'
        {
            at += 1;
        }
        spans.push((field_start, at));
        if bytes.get(at) == Some(&delimiter) {
            at += 1;
        } else {
            return Ok(spans);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(records: &[Record]) -> Vec<Vec<(String, u32, u32)>> {
        records
            .iter()
            .map(|record| {
                record
                    .fields
                    .iter()
                    .map(|field| (field.text.clone(), field.pos.line, field.pos.column))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn fields_are_placed_where_they_start_in_the_file() {
        let text = "id,period,value,note\r\n\r\nSLA-A,2026-06,93.5%,\"两行\n备注, 含逗号\"\r\n\"KPI-\"\"B\"\"\",2026-06,4.5,普通\n";
        let (records, unterminated) = read(text, b',');
        assert_eq!(unterminated, None);
        assert_eq!(
            shape(&records),
            vec![
                vec![
                    ("id".into(), 1, 1),
                    ("period".into(), 1, 4),
                    ("value".into(), 1, 11),
                    ("note".into(), 1, 17)
                ],
                vec![
                    ("SLA-A".into(), 3, 1),
                    ("2026-06".into(), 3, 7),
                    ("93.5%".into(), 3, 15),
                    ("两行\n备注, 含逗号".into(), 3, 21)
                ],
                vec![
                    ("KPI-\"B\"".into(), 5, 1),
                    ("2026-06".into(), 5, 13),
                    ("4.5".into(), 5, 21),
                    ("普通".into(), 5, 25)
                ],
            ]
        );
        // Just after the last character, before the line break.
        assert_eq!(records[1].end, Pos::new(4, 9));
        assert_eq!(records[2].end, Pos::new(5, 27));
    }

    #[test]
    fn tabs_and_blank_rows() {
        let text = "id\tperiod\tvalue\n\t\t\nSLA-A\t2026-Q2\t2m\n";
        let (records, _) = read(text, b'\t');
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].fields[2].pos, Pos::new(3, 15));
    }

    #[test]
    fn an_unterminated_quote_is_found_at_its_opening() {
        let text = "id,period,value\nSLA-A,2026-06,\"93.5%\nSLA-B,2026-06,90%\n";
        let (records, unterminated) = read(text, b',');
        assert_eq!(records.len(), 1);
        assert_eq!(
            unterminated,
            Some(Unterminated {
                pos: Pos::new(2, 15)
            })
        );
    }
}
