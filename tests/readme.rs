//! The README stays true: its table of diagnostic codes is exactly the one
//! the binary knows (`Code::ALL`).

#[test]
fn readme_lists_every_diagnostic_code_with_its_example() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = playbook::diag::readme_table();
    assert!(
        readme.contains(&table),
        "README.md must contain this table (regenerate it):\n{table}"
    );
}
