//! The benchmark's corpus (`benches/generate_corpus.rs`) is what a real
//! engagement's handbook looks like once its authors have fixed what
//! `check` says: no error and no warning, for several seeds and sizes. A
//! warning the generator lets through is printed at every build and
//! rebuild the benchmark times, and is not what it claims to measure.

mod common;

#[path = "../benches/generate_corpus.rs"]
#[allow(dead_code)]
mod generate_corpus;

#[test]
fn generated_corpora_check_without_errors_or_warnings() {
    for (docs, seed, results) in [
        (300, 1, true),
        (1000, 42, true),
        (2000, 7, true),
        (1000, 42, false),
    ] {
        let folder = tempfile::tempdir().unwrap();
        let out = folder.path().join("corpus");
        generate_corpus::run(&generate_corpus::Args {
            docs,
            seed,
            out: out.clone(),
            hugo: None,
            results,
        })
        .unwrap();
        let output =
            common::playbook(&["check", "--deny-warnings", "--root", out.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() && stderr.contains("0 errors, 0 warnings"),
            "{docs} documents, seed {seed}, results {results}:\n{}",
            stderr.chars().take(3000).collect::<String>()
        );
    }
}
