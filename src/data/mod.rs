//! Measured results in `data/` (spec section 6): every `*.csv` and `*.tsv`
//! file at any depth, read as the contact-centre system exports them, and
//! merged into the SLAs and KPIs they name as if written in their front
//! matter. Every problem is reported at its physical line and column.
//!
//! `load` finds, decodes and reads the files (`decode`, `table`); `merge`
//! checks each row against the document it names and adds it to that
//! document's actuals, reporting a period given twice (in front matter or
//! data files) as `duplicate-actual`. `memo` keeps both for `watch`'s next
//! rebuild.

pub mod decode;
pub mod memo;
pub mod table;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::Corpus;
use crate::content::document::{Actual, Document, Kind, KindFields};
use crate::content::files::{is_ignored_name, relative_path};
use crate::content::kind_fields::parse_kpi_value;
use crate::content::values::{Frequency, parse_period};
use crate::diag::{Code, Diagnostic, Pos, Sources, Suggester};
use table::Field;

/// The folder measured results live in.
pub const DATA_DIR: &str = "data";

/// The columns a data file may have; the first three are required.
const COLUMNS: [&str; 4] = ["id", "period", "value", "note"];

/// One row of a data file, its fields as written.
#[derive(Clone, Debug)]
pub struct Row {
    pub path: Arc<str>,
    pub id: Field,
    pub period: Field,
    pub value: Field,
    pub note: Option<String>,
}

/// Every row of every data file under `root/data`, in path order, and the
/// problems found. Each file's text goes into `sources` (for the caret).
pub fn load(
    root: &Path,
    max_file_bytes: u64,
    sources: &mut Sources,
) -> (Vec<Row>, Vec<Diagnostic>) {
    // Each file is read on its own (a year of results is a dozen monthly
    // files of thousands of rows), then joined in path order.
    let files: Vec<FileRead> = find(root)
        .par_iter()
        .map(|file| read_file(root, file, max_file_bytes))
        .collect();
    let mut rows = Vec::with_capacity(files.iter().map(|file| file.rows.len()).sum());
    let mut diagnostics = Vec::new();
    for file in files {
        rows.extend(file.rows);
        diagnostics.extend(file.diagnostics);
        if let Some((path, text)) = file.text {
            sources.insert(path, text);
        }
    }
    (rows, diagnostics)
}

/// What one data file gave: its rows, its problems, and its text (for
/// the carets) when it could be decoded.
struct FileRead {
    rows: Vec<Row>,
    diagnostics: Vec<Diagnostic>,
    text: Option<(String, Arc<str>)>,
}

fn read_file(root: &Path, file: &Path, max_file_bytes: u64) -> FileRead {
    let mut read = FileRead {
        rows: Vec::new(),
        diagnostics: Vec::new(),
        text: None,
    };
    let path = relative_path(root, file);
    let bytes = match std::fs::metadata(file) {
        Ok(metadata) if metadata.len() > max_file_bytes => {
            read.diagnostics.push(
                Diagnostic::new(
                    Code::FileTooLarge,
                    &path,
                    Pos::START,
                    format!(
                        "the file has {} bytes, more than `limits.max_file_bytes` ({max_file_bytes})",
                        metadata.len()
                    ),
                )
                .with_help("split it into one file per month, or raise `limits.max_file_bytes` in `playbook.yaml`"),
            );
            return read;
        }
        _ => std::fs::read(file),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => {
            read.diagnostics.push(Diagnostic::new(
                Code::UnreadableFile,
                &path,
                Pos::START,
                format!("cannot read: {error}"),
            ));
            return read;
        }
    };
    let text = match decode::decode(&bytes, &path) {
        Ok(text) => text,
        Err(diagnostic) => {
            read.diagnostics.push(diagnostic);
            return read;
        }
    };
    let delimiter = if path.to_ascii_lowercase().ends_with(".tsv") {
        b'\t'
    } else {
        b','
    };
    let shared_path: Arc<str> = Arc::from(path.as_str());
    read_rows(
        &text,
        delimiter,
        &shared_path,
        &mut read.rows,
        &mut read.diagnostics,
    );
    read.text = Some((path, Arc::from(text)));
    read
}

/// The data files under `root/data`, sorted by path (hidden files and
/// editor backups left out, as in `content/`).
fn find(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = walkdir::WalkDir::new(root.join(DATA_DIR))
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
        })
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
            name.ends_with(".csv") || name.ends_with(".tsv")
        })
        .map(|entry| entry.into_path())
        .collect();
    files.sort_by_key(|file| relative_path(root, file));
    files
}

/// Reads the header and rows of one decoded file.
fn read_rows(
    text: &str,
    delimiter: u8,
    path: &Arc<str>,
    rows: &mut Vec<Row>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (records, unterminated) = table::read(text, delimiter);
    if let Some(unterminated) = unterminated {
        diagnostics.push(
            Diagnostic::new(
                Code::CsvSyntax,
                &**path,
                unterminated.pos,
                "this quote is never closed: the rest of the file would be one field",
            )
            .with_help("close the quoted field with `\"` (a quote inside it is written `\"\"`)"),
        );
    }
    let Some((header, records)) = records.split_first() else {
        return;
    };
    let Some(columns) = read_header(header, path, diagnostics) else {
        return;
    };
    let width = header.fields.len();
    for record in records {
        if record.fields.len() != width {
            let (pos, message) = if record.fields.len() > width {
                (
                    record.fields[width].pos,
                    format!(
                        "this row has {} fields but the header names {width} columns",
                        record.fields.len()
                    ),
                )
            } else {
                (
                    record.end,
                    format!(
                        "this row has {} fields but the header names {width} columns",
                        record.fields.len()
                    ),
                )
            };
            diagnostics.push(
                Diagnostic::new(Code::CsvSyntax, &**path, pos, message).with_help(
                    "quote a field that holds the delimiter (`\"a, b\"`), or add the missing fields",
                ),
            );
            continue;
        }
        let field = |column: usize| {
            let field = &record.fields[column];
            Field {
                text: field.text.trim().to_string(),
                pos: field.pos,
            }
        };
        rows.push(Row {
            path: path.clone(),
            id: field(columns[0]),
            period: field(columns[1]),
            value: field(columns[2]),
            note: columns
                .get(3)
                .map(|&column| record.fields[column].text.trim().to_string())
                .filter(|note| !note.is_empty()),
        });
    }
}

/// The field index of each of `COLUMNS` the header has (`id`, `period`,
/// `value`, then `note` if present), or `None` after reporting what is
/// wrong with it.
fn read_header(
    header: &table::Record,
    path: &Arc<str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<usize>> {
    let mut found: [Option<usize>; 4] = [None; 4];
    let mut valid = true;
    let suggester = Suggester::new(COLUMNS);
    for (index, field) in header.fields.iter().enumerate() {
        let name = field.text.trim();
        match COLUMNS.iter().position(|column| *column == name) {
            Some(column) if found[column].is_some() => {
                valid = false;
                diagnostics.push(
                    Diagnostic::new(
                        Code::CsvHeader,
                        &**path,
                        field.pos,
                        format!("the column `{name}` appears twice in the header"),
                    )
                    .with_help("each of `id`, `period`, `value` and `note` is named once"),
                );
            }
            Some(column) => found[column] = Some(index),
            None => {
                valid = false;
                let help = suggester
                    .suggestion(&name.to_lowercase())
                    .unwrap_or_else(|| {
                        "the columns are `id`, `period`, `value` and optionally `note`".to_string()
                    });
                diagnostics.push(
                    Diagnostic::new(
                        Code::CsvHeader,
                        &**path,
                        field.pos,
                        format!("unknown column `{name}`"),
                    )
                    .with_help(help),
                );
            }
        }
    }
    for (column, name) in COLUMNS.iter().enumerate().take(3) {
        if found[column].is_none() {
            valid = false;
            diagnostics.push(
                Diagnostic::new(
                    Code::CsvHeader,
                    &**path,
                    header.end,
                    format!("the header has no `{name}` column"),
                )
                .with_help(
                    "the first row names the columns: `id,period,value` and optionally `note`",
                ),
            );
        }
    }
    valid.then(|| found.iter().flatten().copied().collect())
}

/// Where an actual was written, for the message of a duplicate.
fn place(document: &Document, actual: &Actual) -> String {
    let path = actual.source.as_deref().unwrap_or(&document.path);
    format!(
        "{path}:{}:{}",
        actual.period_pos.line, actual.period_pos.column
    )
}

/// Checks each row against the document it names and adds it to that
/// document's actuals; reports every period given twice for one document
/// (front matter first, then data files in path order: the later place is
/// reported and dropped). Every SLA's and KPI's actuals end sorted by
/// period.
pub fn merge(corpus: &mut Corpus, rows: &[Row]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (index, document) in corpus.documents.iter().enumerate() {
        by_id.entry(document.id.value.as_str()).or_insert(index);
    }
    let suggester = Suggester::new(
        corpus
            .documents
            .iter()
            .filter(|document| matches!(document.kind, Kind::Sla | Kind::Kpi))
            .map(|document| document.id.value.as_str()),
    );
    // Each row is judged on its own (68 000 rows at 10 000 documents with
    // a year of results), then handed to its document in row order.
    let judged: Vec<Result<(usize, Actual), Vec<Diagnostic>>> = rows
        .par_iter()
        .map(|row| judge_row(corpus, &by_id, &suggester, row))
        .collect();
    // Each document's list made at its size (growing 68 000 actuals into
    // place one push at a time was a third of the merge, on one core).
    let mut counts = vec![0usize; corpus.documents.len()];
    for (index, _) in judged.iter().flatten() {
        counts[*index] += 1;
    }
    let mut added: Vec<Vec<Actual>> = counts.into_iter().map(Vec::with_capacity).collect();
    for judged in judged {
        match judged {
            Ok((index, actual)) => added[index].push(actual),
            Err(problems) => diagnostics.extend(problems),
        }
    }
    // Each document's actuals sorted and checked on their own.
    let merged: Vec<(usize, Option<Document>, Vec<Diagnostic>)> = added
        .into_par_iter()
        .enumerate()
        .filter(|(index, from_data)| {
            !from_data.is_empty()
                || match &corpus.documents[*index].fields {
                    KindFields::Sla(sla) => !sla.actuals.is_empty(),
                    KindFields::Kpi(kpi) => !kpi.actuals.is_empty(),
                    _ => false,
                }
        })
        .map(|(index, from_data)| {
            let (merged, problems) = merge_into(&corpus.documents[index], from_data);
            (index, merged, problems)
        })
        .collect();
    for (index, document, problems) in merged {
        diagnostics.extend(problems);
        if let Some(document) = document {
            corpus.documents[index] = Arc::new(document);
        }
    }
    diagnostics
}

/// `document` with the rows of `from_data` among its actuals, sorted by
/// period, each period given twice reported; `None` when nothing changed.
fn merge_into(document: &Document, from_data: Vec<Actual>) -> (Option<Document>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    // A document with data rows becomes a new value (the loader's
    // cache keeps the one its file gave); its hashes take the rows in,
    // so that `watch` renders again what they change.
    let mut merged: Document = document.clone();
    let actuals = match &mut merged.fields {
        KindFields::Sla(sla) => &mut sla.actuals,
        KindFields::Kpi(kpi) => &mut kpi.actuals,
        _ => return (None, diagnostics),
    };
    let from_data_hash = (!from_data.is_empty()).then(|| {
        let mut hasher = crate::fasthash::FastHasher::default();
        for actual in &from_data {
            let place = (actual.source.as_deref(), actual.period_pos, actual.pos);
            let written = (&actual.period_text, &actual.value.text, &actual.note);
            (place, written).hash(&mut hasher);
        }
        hasher.finish()
    });
    actuals.extend(from_data);
    // Sorted by period, stably: of one period's actuals the first
    // written (front matter, then data files in path order) stays
    // first, and each later one is the duplicate (a daily SLA has
    // hundreds of periods: no comparison of every pair).
    let mut written: Vec<Actual> = std::mem::take(actuals);
    written.sort_by_key(|actual| actual.period);
    let mut kept: Vec<Actual> = Vec::with_capacity(written.len());
    for actual in written {
        match kept.last() {
            Some(first) if first.period == actual.period => diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateActual,
                    actual.source.as_deref().unwrap_or(&document.path),
                    actual.period_pos,
                    format!(
                        "`{}` already has a value for `{}` at {}",
                        document.id.value,
                        actual.period_text,
                        place(document, first)
                    ),
                )
                .with_help("keep one value per period: remove this one or the other"),
            ),
            _ => kept.push(actual),
        }
    }
    *actuals = kept;
    if let Some(hash) = from_data_hash {
        merged.source_hash ^= hash;
        merged.front_matter_hash ^= hash;
    }
    let changed = from_data_hash.is_some() || merged.fields != document.fields;
    (changed.then_some(merged), diagnostics)
}

/// One row checked against the document it names: the document's index
/// and the actual, or what is wrong with the row.
fn judge_row(
    corpus: &Corpus,
    by_id: &HashMap<&str, usize>,
    suggester: &Suggester,
    row: &Row,
) -> Result<(usize, Actual), Vec<Diagnostic>> {
    let Some(&index) = by_id.get(row.id.text.as_str()) else {
        let message = if row.id.text.is_empty() {
            "this row names no document".to_string()
        } else {
            format!("no document has the ID `{}`", row.id.text)
        };
        return Err(vec![
            Diagnostic::new(Code::DanglingReference, &*row.path, row.id.pos, message)
                .with_optional_help(suggester.suggestion(&row.id.text)),
        ]);
    };
    let document = &corpus.documents[index];
    let (cadence, unit) = match &document.fields {
        KindFields::Sla(sla) => (sla.cadence(), sla.value_unit()),
        KindFields::Kpi(kpi) => (kpi.frequency, kpi.unit),
        // Its own errors are reported in its file.
        KindFields::Invalid => return Err(Vec::new()),
        _ => {
            return Err(vec![
                Diagnostic::new(
                    Code::WrongReferenceKind,
                    &*row.path,
                    row.id.pos,
                    format!(
                        "`{}` is a {}; measured results belong to an SLA or a KPI",
                        row.id.text,
                        document.kind.name()
                    ),
                )
                .with_help("name the SLA or KPI the figure measures"),
            ]);
        }
    };
    let period = parse_period(&row.period.text, cadence).map_err(|message| {
        invalid_value(
            row,
            row.period.pos,
            format!(
                "{message} (`{}` is {})",
                row.id.text,
                cadence_words(cadence)
            ),
        )
    });
    let value = parse_kpi_value(&row.value.text, unit)
        .map_err(|message| invalid_value(row, row.value.pos, message));
    match (period, value) {
        (Ok(period), Ok(value)) => Ok((
            index,
            Actual {
                period,
                period_text: row.period.text.clone(),
                value,
                pos: row.value.pos,
                period_pos: row.period.pos,
                source: Some(row.path.clone()),
                note: row.note.clone(),
                terms: None,
            },
        )),
        (period, value) => Err(period.err().into_iter().chain(value.err()).collect()),
    }
}

fn invalid_value(row: &Row, pos: Pos, message: String) -> Diagnostic {
    Diagnostic::new(Code::InvalidValue, &*row.path, pos, message)
}

fn cadence_words(cadence: Frequency) -> &'static str {
    match cadence {
        Frequency::Daily => "measured daily",
        Frequency::Weekly => "measured weekly",
        Frequency::Monthly => "measured monthly",
        Frequency::Quarterly => "measured quarterly",
    }
}
