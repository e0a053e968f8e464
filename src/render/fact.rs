//! What a document page shows of its fields, as the templates receive it:
//! a fact (label → value) and a table. Made by `facts.rs` and by the views
//! that add to a page (measured results, the calendar).

use serde::Serialize;

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
