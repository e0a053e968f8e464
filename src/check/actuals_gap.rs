//! `actuals-gap` (warning): an SLA or KPI that is not retired lacks an
//! actual for an expected period between its first and its latest.
//!
//! Why: a period without a figure is a period nobody can say was met; in
//! a service review it hides a breach as well as it hides a success.
//! Expected are all weekly, monthly and quarterly periods of the span, and
//! daily periods on the days the document's hours are open
//! (`evaluation::missing_periods`). Reported at the latest actual, naming
//! the first five missing periods and how many more.

use super::Context;
use crate::content::document::Status;
use crate::diag::{Code, Diagnostic};
use crate::evaluation;

/// Missing periods the message names before "and N more".
const NAMED: usize = 5;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for document in &context.corpus.documents {
        if !context.is_active(document) || document.status == Status::Retired {
            continue;
        }
        let missing = evaluation::missing_periods(document, &context.corpus.config.calendar);
        let Some(latest) = evaluation::actuals(document).last() else {
            continue;
        };
        if missing.is_empty() {
            continue;
        }
        let named: Vec<String> = missing
            .iter()
            .take(NAMED)
            .map(|period| format!("`{period}`"))
            .collect();
        let more = match missing.len().saturating_sub(NAMED) {
            0 => String::new(),
            more => format!(" and {more} more"),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::ActualsGap,
                latest.source.as_deref().unwrap_or(&document.path),
                latest.period_pos,
                format!(
                    "`{}` has no actual for {}{more}",
                    document.id.value,
                    named.join(", ")
                ),
            )
            .with_help("add the missing figures (in front matter or a data file under `data/`)"),
        );
    }
    diagnostics
}
