//! `playbook schema`: the JSON Schema of the front matter, for editors, with
//! the format of the release files under `releases/` as `$defs/release`.

use std::io::Write;
use std::process::ExitCode;

use crate::content::front_matter_schema;

pub fn run() -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let text = with_release_schema(&front_matter_schema::json());
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write the schema: {error}");
            super::failure()
        }
    }
}

/// The front matter's schema with `$defs/release` added.
fn with_release_schema(front_matter: &str) -> String {
    let Ok(mut schema) = serde_json::from_str::<serde_json::Value>(front_matter) else {
        return front_matter.to_string();
    };
    if let Some(object) = schema.as_object_mut() {
        let defs = object
            .entry("$defs")
            .or_insert_with(|| serde_json::json!({}));
        if let Some(defs) = defs.as_object_mut() {
            defs.insert("release".into(), crate::release::snapshot::file_schema());
        }
    }
    serde_json::to_string_pretty(&schema).unwrap_or_else(|_| front_matter.to_string())
}
