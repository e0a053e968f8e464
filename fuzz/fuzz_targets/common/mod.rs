//! Helpers shared by the fuzz targets.
#![allow(dead_code)]

use std::sync::Once;

use playbook::diag::Pos;

/// Runs `body` on a thread with the stack the binary gives every thread
/// that parses user input (`playbook::WORKER_STACK_BYTES`), so that a stack
/// overflow found here is one the real binary can hit, not an artefact of
/// the fuzzer's smaller main-thread stack. A panic on that thread still
/// aborts the process (libfuzzer-sys's panic hook), which the fuzzer sees.
pub fn on_worker_stack<R: Send>(body: impl FnOnce() -> R + Send) -> R {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(playbook::WORKER_STACK_BYTES)
            .spawn_scoped(scope, body)
            .expect("spawn a worker thread")
            .join()
            .expect("the worker thread panicked")
    })
}

/// Gives rayon's global pool (used by `search::build`) one thread with the
/// binary's stack: the fuzzer runs on shared machines.
pub fn init_rayon() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .stack_size(playbook::WORKER_STACK_BYTES)
            .build_global();
    });
}

/// The lines of a file as the diagnostic printer numbers them: split at
/// `\n`, a BOM not part of the first line, a `\r` before the `\n` dropped.
pub fn lines(text: &str) -> Vec<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect()
}

/// Asserts that `pos` lies within `text`: on one of its lines, at one of
/// its characters or just after the last (columns count characters).
pub fn assert_within(text: &str, pos: Pos, what: &dyn std::fmt::Debug) {
    let lines = lines(text);
    assert!(
        pos.line >= 1 && pos.line as usize <= lines.len(),
        "line {} is outside the {} lines of the input: {what:?}",
        pos.line,
        lines.len()
    );
    let chars = lines[pos.line as usize - 1].chars().count();
    assert!(
        pos.column >= 1 && pos.column as usize <= chars + 1,
        "column {} is outside line {} ({chars} characters): {what:?}",
        pos.column,
        pos.line
    );
}
