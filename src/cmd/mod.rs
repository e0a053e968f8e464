//! One file per verb. Each is a short, flat list of pipeline steps.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod release;
pub mod schema;
pub mod watch;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::diag::{self, Diagnostic, Sources, Tally};

/// The start of `check` and `build`: the environment ("today", the
/// build date), the project root, then the shared pipeline. `Err` is the
/// exit status.
pub fn analyze_root(
    root: &std::path::Path,
    include_drafts: bool,
) -> Result<crate::pipeline::Analysis, ExitCode> {
    let today = read_environment()?;
    require_project(root)?;
    Ok(crate::pipeline::analyze(root, include_drafts, today))
}

/// Reads and checks the environment every command that dates its output
/// depends on: `PLAYBOOK_TODAY` ("today") and `SOURCE_DATE_EPOCH` (the
/// build date). A malformed value is a bad command line (exit 2), never
/// silently ignored: a build meant to be reproducible would otherwise
/// quietly use the clock. `Ok` holds `PLAYBOOK_TODAY` when set.
pub fn read_environment() -> Result<Option<jiff::civil::Date>, ExitCode> {
    crate::pipeline::source_date_epoch().map_err(|message| usage_error(&message))?;
    crate::pipeline::today_from_env().map_err(|message| usage_error(&message))
}

/// Refuses a root that is not a playbook project: neither `playbook.yaml`
/// nor `content/` in it (spec section 4). Building there would make an
/// empty site and succeed, hiding a mistyped `--root` or a wrong current
/// folder. Shared by every command that works on an existing project
/// (`check`, `build`, `watch`, `release`); `Err` is the exit status 1.
pub fn require_project(root: &std::path::Path) -> Result<(), ExitCode> {
    if !root.is_dir() {
        eprintln!("error: `{}` is not a folder", root.display());
        return Err(failure());
    }
    let is_project =
        root.join(crate::config::CONFIG_FILE).is_file() || root.join("content").is_dir();
    if !is_project {
        eprintln!(
            "error: `{}` is not a playbook project: it has neither `{}` nor a `content/` folder\n\
             help: point to the project with `--root DIR`, or start one here with `playbook init`",
            root.display(),
            crate::config::CONFIG_FILE
        );
        return Err(failure());
    }
    Ok(())
}

/// How `check` prints diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Exit status 1: the project has errors, or the operation failed.
pub fn failure() -> ExitCode {
    ExitCode::from(1)
}

/// Exit status 2: a bad command line.
pub fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// For verbs that a later release fills in.
pub fn not_yet(verb: &str) -> ExitCode {
    eprintln!("playbook {verb}: not yet implemented");
    failure()
}

/// Whether to colour stderr: only on a terminal, and never with NO_COLOR.
pub fn use_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    !no_color && std::io::stderr().is_terminal()
}

/// Ends `value`'s life without freeing it, for a command about to exit
/// (only `main` calls the commands): freeing an analysis of 10 000
/// documents allocation by allocation took 40–50 ms, a tenth of `check`;
/// the kernel takes the memory back at once.
pub fn leave_to_the_kernel<T>(value: T) {
    std::mem::forget(value);
}

/// Prints diagnostics: human text on stderr, or JSON lines on stdout.
pub fn report(diagnostics: &[Diagnostic], sources: &Sources, format: Format) -> Tally {
    match format {
        Format::Json => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for diagnostic in diagnostics {
                let _ = writeln!(out, "{}", diag::render_json(diagnostic));
            }
        }
        Format::Human => {
            let color = use_color();
            let stderr = std::io::stderr();
            let mut err = stderr.lock();
            diag::render_human_all(diagnostics, sources, color, |text| {
                let _ = writeln!(err, "{text}\n");
            });
        }
    }
    Tally::of(diagnostics)
}

/// "2 errors, 1 warning".
pub fn describe(tally: Tally) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(tally.errors, "error"),
        plural(tally.warnings, "warning")
    )
}
