fn main() {
    print!("{}", playbook::diag::readme_table());
}
