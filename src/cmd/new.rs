//! `playbook new KIND ID`: a new document that keeps the project valid.

use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use crate::content::values::check_id;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    Requirement,
    Sla,
    Training,
    Faq,
    Vendor,
    Kpi,
    Page,
}

/// Refuses a malformed ID on the command line (exit status 2).
pub fn parse_id(text: &str) -> Result<String, String> {
    check_id(text).map(|()| text.to_string())
}

pub fn run(_kind: NewKind, _id: &str, _root: &Path) -> ExitCode {
    super::not_yet("new")
}
