//! What a document page shows of its fields, as the templates receive it:
//! a fact (label → value) and a table. Made by `facts.rs` and by the views
//! that add to a page (measured results, the calendar). A table reaches the
//! templates with its `html`, made by `table.html` (`Table::shown`).

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::templates::{Shared, Templates};

#[derive(Serialize)]
pub struct Fact {
    pub label: &'static str,
    /// Safe HTML.
    pub value: String,
}

#[derive(Serialize, Clone)]
pub struct Table {
    pub title: &'static str,
    pub headers: Vec<&'static str>,
    /// Safe HTML cells.
    pub rows: Vec<Vec<String>>,
}

/// What `table.html` receives (`table`), and what the page templates
/// receive for each table: the same, with the `html` it made.
#[derive(Serialize)]
struct TableValue<'a> {
    title: &'static str,
    headers: &'a [&'static str],
    rows: &'a Shared,
    #[serde(skip_serializing_if = "Option::is_none")]
    html: Option<String>,
}

#[derive(Serialize)]
struct TableContext<'a> {
    table: TableValue<'a>,
}

impl Table {
    /// The table as the page templates receive it, its HTML rendered by
    /// `table.html` once: a table made once for a document (its results)
    /// is shown by its pages and print sections in every edition without
    /// the template walking its rows again for each (a year of daily
    /// results is 365 rows of five cells). The rows are converted once,
    /// for the rendering and for the value.
    pub fn shown(&self, templates: &Templates) -> Result<Shared, Diagnostic> {
        let rows = Shared::of(&self.rows)?;
        let value = |html| TableValue {
            title: self.title,
            headers: &self.headers,
            rows: &rows,
            html,
        };
        // Room for the rows' HTML (a cell takes about 25 bytes): the
        // buffer is not grown and copied step by step.
        let size_hint = 512 + self.rows.len() * (32 + 25 * self.headers.len());
        let html = templates.render_with(
            "table.html",
            &TableContext { table: value(None) },
            &[],
            size_hint,
        )?;
        Shared::of(&value(Some(html)))
    }
}
