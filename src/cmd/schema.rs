//! `playbook schema`: the JSON Schema of the front matter, for editors.

use std::io::Write;
use std::process::ExitCode;

use crate::content::front_matter_schema;

pub fn run() -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{}", front_matter_schema::json()).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write the schema: {error}");
            super::failure()
        }
    }
}
