//! Loading: finding documents, splitting front matter, parsing and validating it.
pub mod yaml;
