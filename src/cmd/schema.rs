//! `playbook schema`: the JSON Schema of the front matter.

use std::process::ExitCode;

pub fn run() -> ExitCode {
    super::not_yet("schema")
}
