//! `playbook init [DIR]`: a new, minimal, valid project.

use std::path::Path;
use std::process::ExitCode;

pub fn run(_dir: Option<&Path>) -> ExitCode {
    super::not_yet("init")
}
