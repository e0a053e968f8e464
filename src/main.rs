mod config;
mod content;
mod diag;
mod markdown;
/// Stack for the threads that parse user input: a debug build spends tens of
/// KiB per level of YAML nesting, and the nesting limit may be raised to 1 000.
pub const WORKER_STACK_BYTES: usize = 256 * 1024 * 1024;
fn main() {}
