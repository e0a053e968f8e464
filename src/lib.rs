//! playbook: a static-site generator for customer-service outsourcing
//! handbooks. The pipeline, one module per stage:
//!
//! `content` (load) + `data` (measured results) → `graph` (link) → `check` (rules) → render → write,
//! with `config` for `playbook.yaml`, `edition` for what each edition may
//! contain, `evaluation` for met/missed, months and service credits,
//! `diag` for the one diagnostic type, and `cmd` for the verbs.
//! `pipeline` strings the stages together for every command; `fasthash`
//! is the hash of their maps and fingerprints; `timing` profiles the steps;
//! `templates` loads and compiles the templates (`pipeline` checks them,
//! `render` fills them).

pub mod calendar;
pub mod check;
pub mod cmd;
pub mod config;
pub mod content;
pub mod data;
pub mod diag;
pub mod digits;
pub mod edition;
pub mod evaluation;
pub mod fasthash;
pub mod graph;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod release;
pub mod render;
pub mod search;
pub mod serve;
pub mod templates;
pub mod timing;

/// Stack for the threads that parse user input: a debug build spends tens of
/// KiB per level of YAML nesting, and the nesting limit may be raised to
/// 1 000. Only touched pages are backed by memory, so this costs nothing
/// until used.
pub const WORKER_STACK_BYTES: usize = 256 * 1024 * 1024;
