//! The bad-input suite (issue 8, "Hardening"): broken projects, each with
//! exactly one defect, through the real binary's `playbook build`.
//!
//! Every case starts from one good project of nine documents (every kind,
//! shared and internal, a draft, a static file), builds it into an output
//! folder and records every byte of that output. Then it applies its one
//! defect and builds again into the same `--out`, asserting:
//!
//! - exit status 1 (not a signal, not 101 for a panic);
//! - stderr names exactly the expected diagnostics: code and
//!   `path:line:column` of the defect (`1:1` where the defect is the whole
//!   file), nothing more;
//! - no panic, no stack overflow, no abort (`panicked`, `RUST_BACKTRACE`,
//!   `overflowed its stack`, `stack overflow`, `SIGSEGV`, `memory
//!   allocation` on stderr all fail);
//! - bounded time: the process is killed after a deadline and the case
//!   fails;
//! - bounded memory: see `Bounds` below;
//! - the output folder is byte-identical to the recorded one (no file
//!   changed, added or removed, no temporary folder left behind).
//!
//! A few cases are the counterpart of a limit: the same input with the limit
//! raised in `playbook.yaml` builds (or fails differently), so the limits a
//! user sees are also limits a user can change.
//!
//! The table `cases()` covers every error code of `Code` (a test below
//! checks that against the README's table of codes), plus resource abuse: a
//! file over the size limit, YAML nested too deep, an alias bomb, Markdown
//! and raw HTML nested too deep, thousands of files each with an error,
//! symbolic-link loops (in `content/`, `templates/` and `static/`), links
//! pointing outside the project, and templates that recurse forever.
//!
//! Memory and time are bounded without any tool beyond the test binary
//! (a bare Debian machine has no `/usr/bin/time`): the child runs with
//! `RLIMIT_AS` (its address space) set in `pre_exec`, which turns a runaway
//! allocation into a failed allocation instead of a machine out of memory,
//! and it is reaped with `wait4`, whose `rusage` gives its peak resident
//! memory (asserted below `MAX_RSS_KIB`). The address-space limit has to
//! leave room for the reserved (not resident) 256 MiB worker stacks, so
//! `RAYON_NUM_THREADS` fixes the number of worker threads.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The deadline of one run of the binary (debug build, 2 shared cores).
const DEADLINE: Duration = Duration::from_secs(30);
/// The deadline of the run over thousands of files.
const DEADLINE_MANY: Duration = Duration::from_secs(60);
/// Address space of the child: three threads with a reserved 256 MiB stack
/// each, the allocator's arenas, and room for honest work.
const ADDRESS_SPACE_BYTES: u64 = 3 * 1024 * 1024 * 1024;
/// Address space of a `watch` child: more threads (the server's, the file
/// watcher's) beside the same stacks and the allocator's 1 GiB arena, 2.3
/// GiB as soon as it serves. Under `ADDRESS_SPACE_BYTES` the system now
/// and then refused the file watcher its thread ("cannot watch the
/// project: Resource temporarily unavailable", seen in CI).
const WATCH_ADDRESS_SPACE_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// Peak resident memory allowed to one run.
const MAX_RSS_KIB: i64 = 300 * 1024;

// ---------------------------------------------------------------------------
// The good project every case starts from.

const BASE: &[(&str, &str)] = &[
    (
        "playbook.yaml",
        "title: Bad-input base\n\
         language: en\n\
         timezone: UTC\n\
         channels:\n  phone: Phone\n  chat: Chat\n\
         audiences: [shared, internal]\n\
         editions:\n  company: { audiences: [shared, internal] }\n  vendor: { audiences: [shared] }\n",
    ),
    (
        "content/index.md",
        "---\nid: PG-HOME\nkind: page\ntitle: Home\n---\n\
         Welcome. See [[PG-PROCESS]] and [the chat requirement](@REQ-CHAT).\n",
    ),
    (
        "content/guide/process.md",
        "---\nid: PG-PROCESS\nkind: page\ntitle: Process\nweight: 1\n---\n\
         ## Rota\n\n\
         Staff the chat queue; see [the SLA](../sla/chat-first.md) and ![logo](/logo.png).\n",
    ),
    (
        "content/guide/upcoming.md",
        "---\nid: PG-UPCOMING\nkind: page\ntitle: Upcoming changes\nstatus: draft\n---\nNot yet.\n",
    ),
    (
        "content/requirement/chat.md",
        "---\nid: REQ-CHAT\nkind: requirement\ntitle: Chat on weekdays\n\
         channels: [chat]\nhours: mon-fri 09:00-18:00\npriority: must\nvolume: 12000\n---\n\
         Peak staffing: [[PG-PROCESS#rota]].\n",
    ),
    (
        "content/sla/chat-first.md",
        "---\nid: SLA-CHAT-FIRST\nkind: sla\ntitle: Chat first response\n\
         channel: chat\nmetric: first_response\ntarget: 2m\nattainment: 90%\n\
         window: monthly\nhours: mon-fri 09:00-18:00\nsatisfies: [REQ-CHAT]\ncredit: 2%\n---\n\
         Timed from the first message.\n",
    ),
    (
        "content/training/onboarding.md",
        "---\nid: TRN-ONBOARDING\nkind: training\ntitle: Onboarding\n\
         participants: [agents]\nschedule: { start: 2026-03-02, refresh: quarterly }\npass_mark: 85%\n\
         modules:\n  - { title: Culture, duration: 2h, format: workshop }\n\
         \x20 - { title: Chat standards, duration: 3h, format: simulation, covers: [SLA-CHAT-FIRST] }\n---\n\
         Two modules.\n",
    ),
    (
        "content/faq/refund.md",
        "---\nid: FAQ-REFUND\nkind: faq\ntitle: How long does a refund take?\n\
         related: [REQ-CHAT]\nchannels: [chat]\ntags: [refund]\nupdated: 2026-01-15\n---\n\
         One to three days; see [the process](@PG-PROCESS#rota).\n",
    ),
    (
        "content/vendor/a.md",
        "---\nid: VEN-A\nkind: vendor\ntitle: Vendor A\n\
         experience_years: 5\nrating: 4.5\nquality: high\nselected: true\n---\n\
         Internal notes.\n",
    ),
    (
        "content/kpi/chat-first.md",
        "---\nid: KPI-CHAT-FIRST\nkind: kpi\ntitle: Chat first response\n\
         unit: duration\ntarget: 2m\nbetter: lower\nfrequency: monthly\nmeasures: [SLA-CHAT-FIRST]\n\
         actuals:\n  - { period: 2026-01, value: 3m }\n  - { period: 2026-02, value: 1m }\n---\n\
         Reviewed monthly.\n",
    ),
    ("static/logo.png", "\u{89}PNG\r\n"),
];

fn write_base(root: &Path) {
    for (path, text) in BASE {
        write(root, path, text);
    }
}

// ---------------------------------------------------------------------------
// Small editing helpers for the defects.

fn write(root: &Path, path: &str, text: &str) {
    write_bytes(root, path, text.as_bytes());
}

fn write_bytes(root: &Path, path: &str, bytes: &[u8]) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Replaces the one occurrence of `from` in a file of the project.
fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let file = root.join(path);
    let text = fs::read_to_string(&file).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` occurs once in {path}"
    );
    fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

fn append(root: &Path, path: &str, text: &str) {
    let file = root.join(path);
    let mut old = fs::read_to_string(&file).unwrap_or_default();
    old.push_str(text);
    fs::write(file, old).unwrap();
}

fn symlink(root: &Path, link: &str, target: impl AsRef<Path>) {
    let link = root.join(link);
    fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// YAML flow sequences nested `levels` deep: `[[[…x…]]]`.
fn nested_flow(levels: usize) -> String {
    format!("{}x{}", "[".repeat(levels), "]".repeat(levels))
}

/// A "billion laughs": ten levels of ten aliases each.
fn alias_bomb() -> String {
    let mut bomb = String::from("lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        bomb.push_str(&format!("lol{level}: &a{level} [{refs}]\n"));
    }
    bomb
}

// ---------------------------------------------------------------------------
// Running the binary within bounds.

/// What one bounded run of the binary gave.
struct Run {
    /// The exit status, or `None` when a signal ended it.
    code: Option<i32>,
    signal: Option<i32>,
    timed_out: bool,
    elapsed: Duration,
    max_rss_kib: i64,
    stdout: String,
    stderr: String,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "exit {:?}, signal {:?}, timed out {}, {} ms, max RSS {} MiB",
            self.code,
            self.signal,
            self.timed_out,
            self.elapsed.as_millis(),
            self.max_rss_kib / 1024
        )
    }
}

/// Runs `playbook ARGS…` with a fixed "today", no colour, a bounded address
/// space and a deadline after which it is killed.
fn run_bounded(args: &[&str], deadline: Duration) -> Run {
    run_bounded_in(args, deadline, ADDRESS_SPACE_BYTES)
}

/// `run_bounded` with an address space of `address_space` bytes.
fn run_bounded_in(args: &[&str], deadline: Duration, address_space: u64) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_playbook"));
    command
        .args(args)
        .env("PLAYBOOK_TODAY", "2026-11-26")
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", "2")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("PLAYBOOK_TIMINGS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: between fork and exec only `setrlimit`, which is
    // async-signal-safe, runs in the child.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: address_space as libc::rlim_t,
                rlim_max: address_space as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    // Reaped by `wait4` below (which `Child::wait` cannot give: the peak
    // memory of the child), on every path.
    #[allow(clippy::zombie_processes)]
    let mut child = command.spawn().expect("the playbook binary starts");
    let pid = child.id() as libc::pid_t;
    let reader = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = reader(Box::new(child.stdout.take().unwrap()));
    let stderr = reader(Box::new(child.stderr.take().unwrap()));

    let mut status: libc::c_int = 0;
    // SAFETY: a zeroed rusage is a valid value to be filled in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut timed_out = false;
    loop {
        // SAFETY: `pid` is our own child, not reaped yet (std's `Child` is
        // never waited for here).
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break;
        }
        assert_eq!(
            reaped,
            0,
            "wait4 failed: {}",
            std::io::Error::last_os_error()
        );
        if started.elapsed() > deadline {
            timed_out = true;
            // SAFETY: as above; then a blocking wait reaps it.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::wait4(pid, &mut status, 0, &mut usage);
            }
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let elapsed = started.elapsed();
    let exited = libc::WIFEXITED(status);
    Run {
        code: exited.then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        timed_out,
        elapsed,
        max_rss_kib: usage.ru_maxrss,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Every regular file and folder under `dir`, with the bytes of each file
/// (hidden names included, so a left-over temporary folder shows).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            if entry.file_type().unwrap().is_dir() {
                files.insert(relative, None);
                stack.push(path);
            } else {
                files.insert(relative, Some(fs::read(&path).unwrap()));
            }
        }
    }
    files
}

/// The errors of human output, as `code path:line:column`, in order.
fn errors_of(stderr: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut lines = stderr.lines();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("error[") {
            let code = rest.split(']').next().unwrap_or("?").to_string();
            // The location follows: ` --> path:l:c` (also when the
            // source line cannot be shown).
            let location = lines
                .by_ref()
                .take_while(|next| !next.is_empty())
                .find_map(|next| next.split("--> ").nth(1))
                .unwrap_or("(no location)")
                .trim()
                .to_string();
            found.push(format!("{code} {location}"));
        }
    }
    found
}

const CRASH_SIGNS: &[&str] = &[
    "panicked",
    "RUST_BACKTRACE",
    "overflowed its stack",
    "stack overflow",
    "SIGSEGV",
    "memory allocation",
    "stopped unexpectedly",
];

/// Problems with a run that must never happen, whatever the input.
fn crash_signs(run: &Run, limit: Duration) -> Vec<String> {
    let mut problems = Vec::new();
    if run.timed_out || run.elapsed > limit {
        problems.push(format!("took too long: {}", run.describe()));
    }
    if run.signal.is_some() {
        problems.push(format!("ended by a signal: {}", run.describe()));
    }
    if run.max_rss_kib > MAX_RSS_KIB {
        problems.push(format!("used too much memory: {}", run.describe()));
    }
    for sign in CRASH_SIGNS {
        if run.stderr.contains(sign) {
            problems.push(format!("stderr shows `{sign}`"));
        }
    }
    problems
}

// ---------------------------------------------------------------------------
// The cases.

/// What a broken build must report.
enum Expect {
    /// Exit status 1 and exactly these errors (`code path:line:column`).
    Errors(&'static [&'static str]),
    /// The limit raised or the input harmless: the build succeeds.
    Builds,
}

struct Case {
    name: &'static str,
    defect: fn(&Path),
    expect: Expect,
}

macro_rules! case {
    ($name:literal, |$root:ident| $defect:expr, [$($error:literal),+ $(,)?]) => {
        Case { name: $name, defect: |$root: &Path| { $defect; }, expect: Expect::Errors(&[$($error),+]) }
    };
    ($name:literal, |$root:ident| $defect:expr, builds) => {
        Case { name: $name, defect: |$root: &Path| { $defect; }, expect: Expect::Builds }
    };
}

const SLA: &str = "content/sla/chat-first.md";
const FAQ: &str = "content/faq/refund.md";
const REQ: &str = "content/requirement/chat.md";
const KPI: &str = "content/kpi/chat-first.md";
const TRN: &str = "content/training/onboarding.md";
const VEN: &str = "content/vendor/a.md";
const PROCESS: &str = "content/guide/process.md";
const CONFIG: &str = "playbook.yaml";
const DOC_TEMPLATE: &str = "templates/document.html";

fn cases() -> Vec<Case> {
    vec![
        // --- the file itself
        case!(
            "unreadable-file",
            |root| symlink(root, "content/faq/mem.md", "/proc/self/mem"),
            ["unreadable-file content/faq/mem.md:1:1"]
        ),
        case!(
            "invalid-utf8",
            |root| {
                // "Vendor" followed by 你好 saved as GBK.
                let text = fs::read(root.join(VEN)).unwrap();
                let at = text.windows(7).position(|w| w == b"Vendor ").unwrap();
                let mut bytes = text[..at].to_vec();
                bytes.extend_from_slice(b"\xc4\xe3\xba\xc3");
                bytes.extend_from_slice(&text[at..]);
                fs::write(root.join(VEN), bytes).unwrap();
            },
            ["invalid-utf8 content/vendor/a.md:4:8"]
        ),
        case!(
            "nul-byte",
            |root| edit(root, VEN, "Internal notes", "Internal\0 notes"),
            ["nul-byte content/vendor/a.md:10:9"]
        ),
        case!(
            "file-too-large (default limit, 16 MiB)",
            |root| {
                // A sparse file: over the limit by its size, never read.
                let file = fs::File::create(root.join("content/faq/huge.md")).unwrap();
                file.set_len(17 * 1024 * 1024).unwrap();
            },
            ["file-too-large content/faq/huge.md:1:1"]
        ),
        case!(
            "file-too-large (limit lowered in playbook.yaml)",
            |root| {
                append(root, CONFIG, "limits: { max_file_bytes: 1000 }\n");
                append(root, VEN, &"Long paragraph. ".repeat(80));
            },
            ["file-too-large content/vendor/a.md:1:1"]
        ),
        case!(
            "file-too-large: the same file with the limit raised",
            |root| {
                append(root, CONFIG, "limits: { max_file_bytes: 2000 }\n");
                append(root, VEN, &"Long paragraph. ".repeat(80));
            },
            builds
        ),
        case!(
            "document-too-large (limit lowered in playbook.yaml)",
            |root| {
                append(root, CONFIG, "limits: { max_document_bytes: 1000 }\n");
                append(root, VEN, &"| row | of | a | long | table |\n".repeat(40));
            },
            ["document-too-large content/vendor/a.md:1:1"]
        ),
        case!(
            "document-too-large: the same document with the limit raised",
            |root| {
                append(root, CONFIG, "limits: { max_document_bytes: 2000 }\n");
                append(root, VEN, &"| row | of | a | long | table |\n".repeat(40));
            },
            builds
        ),
        case!(
            "yaml-too-large (250 001 values in a flow list)",
            |root| edit(
                root,
                FAQ,
                "tags: [refund]",
                &format!("tags: [{}]", vec!["a"; 250_001].join(","))
            ),
            ["yaml-too-large content/faq/refund.md:1:1"]
        ),
        case!(
            "symlink-loop (content/loop -> .)",
            |root| symlink(root, "content/loop", "."),
            ["symlink-loop content/loop:1:1"]
        ),
        case!(
            "symlink-loop (content/guide/up -> ..)",
            |root| symlink(root, "content/guide/up", ".."),
            ["symlink-loop content/guide/up:1:1"]
        ),
        case!(
            "symlink-loop in templates/",
            |root| symlink(root, "templates/loop", "."),
            ["symlink-loop templates/loop:1:1"]
        ),
        case!(
            "two symlink loops in templates/ (exponential walk)",
            |root| {
                symlink(root, "templates/a", ".");
                symlink(root, "templates/b", ".");
            },
            [
                "symlink-loop templates/a:1:1",
                "symlink-loop templates/b:1:1"
            ]
        ),
        case!(
            "symlink-loop in static/",
            |root| symlink(root, "static/loop", "."),
            ["symlink-loop static/loop:1:1"]
        ),
        case!(
            "static-into-content (static/docs -> ../content)",
            |root| symlink(root, "static/docs", "../content"),
            ["static-into-content static/docs:1:1"]
        ),
        case!(
            "static-into-output (static/prev -> the output folder)",
            |root| symlink(root, "static/prev", "../../out"),
            ["static-into-output static/prev:1:1"]
        ),
        case!(
            "static-collision (static/index.html, static/faq/faq-refund.html)",
            |root| {
                fs::write(root.join("static/index.html"), "mine").unwrap();
                fs::create_dir_all(root.join("static/faq")).unwrap();
                fs::write(root.join("static/faq/faq-refund.html"), "mine").unwrap();
            },
            [
                "static-collision static/faq/faq-refund.html:1:1",
                "static-collision static/index.html:1:1"
            ]
        ),
        case!(
            "dangling-symlink",
            |root| symlink(root, "content/faq/old.md", "gone.md"),
            ["dangling-symlink content/faq/old.md:1:1"]
        ),
        case!(
            "dangling-symlink in templates/",
            |root| symlink(root, "templates/old.html", "gone.html"),
            ["dangling-symlink templates/old.html:1:1"]
        ),
        case!(
            "a symlink to a file outside the project",
            |root| {
                let outside = root.parent().unwrap().join("outside.md");
                fs::write(&outside, "no front matter here\n").unwrap();
                symlink(root, "content/faq/outside.md", outside);
            },
            ["missing-front-matter content/faq/outside.md:1:1"]
        ),
        case!(
            "a symlink to a folder outside the project",
            |root| {
                let outside = root.parent().unwrap().join("shared-faqs");
                write(
                    &outside,
                    "q.md",
                    "---\nid: FAQ-Q\nkind: faq\ntitle: Q\nrelated: [REQ-NONE]\n---\n",
                );
                symlink(root, "content/shared", outside);
            },
            ["dangling-reference content/shared/q.md:5:11"]
        ),
        // --- the front-matter block
        case!(
            "missing-front-matter",
            |root| edit(root, VEN, "---\nid: VEN-A", "id: VEN-A"),
            ["missing-front-matter content/vendor/a.md:1:1"]
        ),
        case!(
            "unterminated-front-matter",
            |root| edit(root, VEN, "---\nInternal", "Internal"),
            ["unterminated-front-matter content/vendor/a.md:1:1"]
        ),
        case!(
            "yaml-syntax (unclosed flow sequence)",
            |root| edit(root, FAQ, "tags: [refund]", "tags: [refund"),
            ["yaml-syntax content/faq/refund.md:7:7"]
        ),
        case!(
            "yaml-syntax (tab indentation)",
            |root| edit(
                root,
                TRN,
                "\n  - { title: Culture",
                "\n\t- { title: Culture"
            ),
            ["yaml-syntax content/training/onboarding.md:9:1"]
        ),
        case!(
            "duplicate-key",
            |root| edit(root, KPI, "better: lower\n", "better: lower\nunit: count\n"),
            ["duplicate-key content/kpi/chat-first.md:8:1"]
        ),
        case!(
            "yaml-too-deep (default limit 64)",
            |root| edit(
                root,
                FAQ,
                "tags: [refund]",
                &format!("tags: {}", nested_flow(70))
            ),
            ["yaml-too-deep content/faq/refund.md:7:70"]
        ),
        case!(
            "yaml-too-deep (10 000 levels)",
            |root| edit(
                root,
                FAQ,
                "tags: [refund]",
                &format!("tags: {}", nested_flow(10_000))
            ),
            ["yaml-too-deep content/faq/refund.md:7:70"]
        ),
        case!(
            "yaml-too-deep (limit lowered to 3)",
            |root| append(root, CONFIG, "limits: { max_yaml_depth: 3 }\n"),
            ["yaml-too-deep content/training/onboarding.md:10:72"]
        ),
        case!(
            "yaml-too-deep: the same nesting with the limit raised",
            |root| {
                append(root, CONFIG, "limits: { max_yaml_depth: 100 }\n");
                edit(
                    root,
                    FAQ,
                    "tags: [refund]",
                    &format!("tags: {}", nested_flow(70)),
                );
            },
            ["invalid-value content/faq/refund.md:7:8"]
        ),
        case!(
            "yaml-alias-limit (billion laughs)",
            |root| edit(
                root,
                VEN,
                "selected: true\n",
                &format!("selected: true\n{}", alias_bomb())
            ),
            ["yaml-alias-limit content/vendor/a.md:12:47"]
        ),
        // --- the body
        case!(
            "body-too-deep (50 000 nested <div>s)",
            |root| append(
                root,
                FAQ,
                &format!("\n{}x{}\n", "<div>".repeat(50_000), "</div>".repeat(50_000))
            ),
            ["body-too-deep content/faq/refund.md:12:636"]
        ),
        case!(
            "body-too-deep (8 000 quotes around a raw <b>)",
            |root| append(root, FAQ, &format!("\n{} <b>x</b>\n", ">".repeat(8_000))),
            ["body-too-deep content/faq/refund.md:12:129"]
        ),
        case!(
            "body-too-deep (50 000 nested lists)",
            |root| append(root, FAQ, &format!("\n{}x\n", "- ".repeat(50_000))),
            ["body-too-deep content/faq/refund.md:12:129"]
        ),
        case!(
            "body-too-deep: 300 nested <div>s with the limit raised",
            |root| {
                append(root, CONFIG, "limits: { max_body_depth: 1000 }\n");
                append(
                    root,
                    FAQ,
                    &format!("\n{}x{}\n", "<div>".repeat(300), "</div>".repeat(300)),
                );
            },
            builds
        ),
        // --- the schema
        case!(
            "unknown-field",
            |root| edit(root, VEN, "quality: high", "quality: high\ncolour: blue"),
            ["unknown-field content/vendor/a.md:8:1"]
        ),
        case!(
            "missing-field",
            |root| edit(root, SLA, "target: 2m\n", ""),
            ["missing-field content/sla/chat-first.md:1:1"]
        ),
        case!(
            "missing-field in a training module",
            |root| edit(root, TRN, "duration: 2h, ", ""),
            ["missing-field content/training/onboarding.md:1:1"]
        ),
        case!(
            "invalid-value (wrong type: a list for the title)",
            |root| edit(root, VEN, "title: Vendor A", "title: [Vendor, A]"),
            ["invalid-value content/vendor/a.md:4:8"]
        ),
        case!(
            "invalid-value (bad enum: priority)",
            |root| edit(root, REQ, "priority: must", "priority: urgent"),
            ["invalid-value content/requirement/chat.md:7:11"]
        ),
        case!(
            "invalid-value (duration)",
            |root| edit(root, SLA, "target: 2m", "target: 2 minutes"),
            ["invalid-value content/sla/chat-first.md:7:9"]
        ),
        case!(
            "invalid-value (percentage)",
            |root| edit(root, SLA, "attainment: 90%", "attainment: 190%"),
            ["invalid-value content/sla/chat-first.md:8:13"]
        ),
        case!(
            "invalid-value (hours)",
            |root| edit(root, SLA, "09:00-18:00", "09:00-09:00"),
            ["invalid-value content/sla/chat-first.md:10:8"]
        ),
        case!(
            "invalid-value (date)",
            |root| edit(root, FAQ, "2026-01-15", "2026-02-30"),
            ["invalid-value content/faq/refund.md:8:10"]
        ),
        case!(
            "invalid-value (KPI period)",
            |root| edit(root, KPI, "period: 2026-02", "period: 2026-13"),
            ["invalid-value content/kpi/chat-first.md:12:15"]
        ),
        case!(
            "invalid-value (number out of range: rating)",
            |root| edit(root, VEN, "rating: 4.5", "rating: 7"),
            ["invalid-value content/vendor/a.md:6:9"]
        ),
        case!(
            "unknown-kind",
            |root| edit(root, VEN, "kind: vendor", "kind: vendr"),
            ["unknown-kind content/vendor/a.md:3:7"]
        ),
        case!(
            "unknown-channel",
            |root| edit(root, FAQ, "channels: [chat]", "channels: [wechat]"),
            ["unknown-channel content/faq/refund.md:6:12"]
        ),
        case!(
            "unknown-audience",
            |root| edit(
                root,
                VEN,
                "quality: high",
                "quality: high\naudience: vendors"
            ),
            ["unknown-audience content/vendor/a.md:8:11"]
        ),
        // --- identity
        case!(
            "invalid-id",
            |root| edit(root, FAQ, "id: FAQ-REFUND", "id: faq_refund"),
            ["invalid-id content/faq/refund.md:2:5"]
        ),
        case!(
            "invalid-id (INDEX)",
            |root| edit(root, VEN, "id: VEN-A", "id: INDEX"),
            ["invalid-id content/vendor/a.md:2:5"]
        ),
        case!(
            "duplicate-id",
            |root| {
                let text = fs::read_to_string(root.join(FAQ)).unwrap();
                write(root, "content/faq/zz-refund.md", &text);
            },
            ["duplicate-id content/faq/zz-refund.md:2:5"]
        ),
        // --- references
        case!(
            "dangling-reference (front matter)",
            |root| edit(root, SLA, "satisfies: [REQ-CHAT]", "satisfies: [REQ-CAHT]"),
            ["dangling-reference content/sla/chat-first.md:11:13"]
        ),
        case!(
            "dangling-reference ([[ID]])",
            |root| edit(
                root,
                FAQ,
                "One to three days;",
                "One to three days [[FAQ-NOPE]];"
            ),
            ["dangling-reference content/faq/refund.md:10:21"]
        ),
        case!(
            "dangling-reference (@ID)",
            |root| edit(root, FAQ, "(@PG-PROCESS#rota)", "(@PG-PROCES#rota)"),
            ["dangling-reference content/faq/refund.md:10:39"]
        ),
        case!(
            "dangling-anchor (@ID#anchor)",
            |root| edit(root, FAQ, "(@PG-PROCESS#rota)", "(@PG-PROCESS#roster)"),
            ["dangling-anchor content/faq/refund.md:10:39"]
        ),
        case!(
            "dangling-anchor ([[ID#anchor]])",
            |root| edit(root, REQ, "[[PG-PROCESS#rota]]", "[[PG-PROCESS#shifts]]"),
            ["dangling-anchor content/requirement/chat.md:10:18"]
        ),
        case!(
            "unrendered-reference (a link inside a link's text)",
            |root| edit(
                root,
                FAQ,
                "[the process](@PG-PROCESS#rota)",
                "[the [[REQ-CHAT]] process](@PG-PROCESS#rota)"
            ),
            ["unrendered-reference content/faq/refund.md:10:52"]
        ),
        case!(
            "dangling-link (relative .md)",
            |root| edit(
                root,
                PROCESS,
                "../sla/chat-first.md",
                "../sla/chat-second.md"
            ),
            ["dangling-link content/guide/process.md:9:37"]
        ),
        case!(
            "dangling-link (root path)",
            |root| edit(root, PROCESS, "(/logo.png)", "(/logo.svg)"),
            ["dangling-link content/guide/process.md:9:71"]
        ),
        case!(
            "wrong-reference-kind",
            |root| edit(
                root,
                KPI,
                "measures: [SLA-CHAT-FIRST]",
                "measures: [REQ-CHAT]"
            ),
            ["wrong-reference-kind content/kpi/chat-first.md:9:12"]
        ),
        case!(
            "reference-to-draft",
            |root| edit(
                root,
                FAQ,
                "One to three days;",
                "One to three days [[PG-UPCOMING]];"
            ),
            ["reference-to-draft content/faq/refund.md:10:21"]
        ),
        case!(
            "sla-channel-not-required",
            |root| edit(root, SLA, "channel: chat", "channel: phone"),
            ["sla-channel-not-required content/sla/chat-first.md:11:13"]
        ),
        // --- templates
        case!(
            "template-error (does not compile)",
            |root| write(
                root,
                DOC_TEMPLATE,
                "{% extends \"base.html\" %}\n{% block content %}\n{{ doc.title }\n{% endblock content %}\n"
            ),
            ["template-error templates/document.html:3:14"]
        ),
        case!(
            "template-error (fails to render)",
            |root| write(root, DOC_TEMPLATE, "<p>\n  {{ nothing.here }}\n</p>\n"),
            ["template-error templates/document.html:2:6"]
        ),
        case!(
            "template-error (unknown filter)",
            |root| write(root, DOC_TEMPLATE, "<p>\n  {{ doc.title | shout }}\n</p>\n"),
            ["template-error templates/document.html:2:18"]
        ),
        case!(
            "template-error (includes itself)",
            |root| write(
                root,
                DOC_TEMPLATE,
                "<p>\n{% include \"document.html\" %}\n</p>\n"
            ),
            ["template-error templates/document.html:2:12"]
        ),
        case!(
            "template-error (two templates include each other)",
            |root| {
                write(root, "templates/a.html", "{% include \"b.html\" %}\n");
                write(root, "templates/b.html", "\n{% include \"a.html\" %}\n");
                write(root, DOC_TEMPLATE, "{% include \"a.html\" %}\n");
            },
            ["template-error templates/b.html:2:12"]
        ),
        case!(
            "template-error (extends itself)",
            |root| write(root, DOC_TEMPLATE, "{% extends \"document.html\" %}\n"),
            ["template-error templates/document.html:1:12"]
        ),
        case!(
            "template-error (extends a missing template)",
            |root| write(root, DOC_TEMPLATE, "{% extends \"layout.html\" %}\n"),
            ["template-error templates/document.html:1:12"]
        ),
        case!(
            "template-error (component recursing forever)",
            |root| {
                write(
                    root,
                    "templates/parts.html",
                    "{% component deeper(n) %}{{<deeper n={n + 1}/>}}{% endcomponent deeper %}\n",
                );
                write(root, DOC_TEMPLATE, "<p>\n{{<deeper n={1}/>}}\n</p>\n");
            },
            ["template-error templates/document.html:1:1"]
        ),
        case!(
            "template-error (expression nested 100 000 deep)",
            |root| write(
                root,
                DOC_TEMPLATE,
                &format!(
                    "{{{{ {}1{} }}}}\n",
                    "(".repeat(100_000),
                    ")".repeat(100_000)
                )
            ),
            ["template-error templates/document.html:1:43"]
        ),
        case!(
            "template-error (blocks nested 100 000 deep)",
            |root| write(
                root,
                DOC_TEMPLATE,
                &format!(
                    "{}x{}\n",
                    "{% if true %}".repeat(100_000),
                    "{% endif %}".repeat(100_000)
                )
            ),
            ["template-error templates/document.html:1:519"]
        ),
        // --- playbook.yaml
        case!(
            "config-unknown-key",
            |root| edit(root, CONFIG, "title:", "titel:"),
            ["config-unknown-key playbook.yaml:1:1"]
        ),
        case!(
            "config-invalid-value (time zone)",
            |root| edit(root, CONFIG, "timezone: UTC", "timezone: Beijing"),
            ["config-invalid-value playbook.yaml:3:11"]
        ),
        case!(
            "config-invalid-value (max_file_bytes)",
            |root| append(root, CONFIG, "limits:\n  max_file_bytes: lots\n"),
            ["config-invalid-value playbook.yaml:12:19"]
        ),
        case!(
            "config-invalid-value (max_yaml_depth over its ceiling)",
            |root| append(root, CONFIG, "limits:\n  max_yaml_depth: 5000\n"),
            ["config-invalid-value playbook.yaml:12:19"]
        ),
        case!(
            "config-invalid-value (max_body_depth zero)",
            |root| append(root, CONFIG, "limits:\n  max_body_depth: 0\n"),
            ["config-invalid-value playbook.yaml:12:19"]
        ),
        case!(
            "calendar-conflict (a workday on a Thursday)",
            |root| append(
                root,
                CONFIG,
                "calendar:\n  workdays:\n    - { name: X, date: 2026-10-08 }\n"
            ),
            ["calendar-conflict playbook.yaml:13:24"]
        ),
        case!(
            "config-invalid-value (a version that cannot name a release file)",
            |root| append(root, CONFIG, "version: ../2026.1\n"),
            ["config-invalid-value playbook.yaml:11:10"]
        ),
        // --- releases/
        case!(
            "invalid-release (not JSON)",
            |root| write(
                root,
                "releases/2026.1.json",
                "{\n  \"version\": \"2026.1\",\n  oops\n}\n"
            ),
            ["invalid-release releases/2026.1.json:3:3"]
        ),
        case!(
            "invalid-release (a name that is no version)",
            |root| write(root, "releases/draft notes.json", "{}"),
            ["invalid-release releases/draft notes.json:1:1"]
        ),
        case!(
            "yaml-syntax in playbook.yaml",
            |root| edit(
                root,
                CONFIG,
                "\naudiences: [shared, internal]",
                "\naudiences: [shared, internal"
            ),
            ["yaml-syntax playbook.yaml:7:12"]
        ),
        case!(
            "yaml-too-deep in playbook.yaml",
            |root| append(root, CONFIG, &format!("version: {}\n", nested_flow(5_000))),
            ["yaml-too-deep playbook.yaml:11:73"]
        ),
        case!(
            "yaml-alias-limit in playbook.yaml",
            |root| append(root, CONFIG, &alias_bomb()),
            ["yaml-alias-limit playbook.yaml:14:47"]
        ),
        // --- measured results in data/ (section 6)
        case!(
            "csv-syntax: an unterminated quote in a data file",
            |root| write(
                root,
                "data/2026-03.csv",
                "id,period,value\nSLA-CHAT-FIRST,2026-03,\"93.5%\n"
            ),
            ["csv-syntax data/2026-03.csv:2:24"]
        ),
        case!(
            "csv-header: a spreadsheet's own column names",
            |root| write(
                root,
                "data/2026-03.csv",
                "编号,period,value\nSLA-CHAT-FIRST,2026-03,93.5%\n"
            ),
            [
                "csv-header data/2026-03.csv:1:1",
                "csv-header data/2026-03.csv:1:16"
            ]
        ),
        case!(
            "duplicate-actual: a KPI's month in front matter and in a data file",
            |root| write(
                root,
                "data/kpi.tsv",
                "id\tperiod\tvalue\nKPI-CHAT-FIRST\t2026-02\t50s\n"
            ),
            ["duplicate-actual data/kpi.tsv:2:16"]
        ),
        case!(
            "data files in GB18030, UTF-16 and with a BOM build",
            |root| {
                let text = "id,period,value,note\r\nSLA-CHAT-FIRST,2026-0M,93.5%,系统升级\r\n";
                let first = text.replace('M', "1");
                let (gb18030, _, _) = encoding_rs::GB18030.encode(&first);
                write_bytes(root, "data/a.csv", &gb18030);
                let mut utf16 = vec![0xFF, 0xFE];
                utf16.extend(
                    text.replace('M', "2")
                        .encode_utf16()
                        .flat_map(u16::to_le_bytes),
                );
                write_bytes(root, "data/b.csv", &utf16);
                let mut bom = vec![0xEF, 0xBB, 0xBF];
                bom.extend(text.replace('M', "3").as_bytes());
                write_bytes(root, "data/c.csv", &bom);
            },
            builds
        ),
    ]
}

/// Runs one case in its own folder; returns what went wrong.
fn run_case(case: &Case) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    let out = dir.path().join("out");
    write_base(&root);
    let root_arg = root.to_str().unwrap();
    let out_arg = out.to_str().unwrap();
    let first = run_bounded(&["build", "--root", root_arg, "--out", out_arg], DEADLINE);
    assert_eq!(
        first.code,
        Some(0),
        "the base project builds:\n{}",
        first.stderr
    );
    assert!(
        !first.stderr.contains("warning["),
        "the base project has no warnings:\n{}",
        first.stderr
    );
    let before = snapshot(&out);

    (case.defect)(&root);
    let run = run_bounded(&["build", "--root", root_arg, "--out", out_arg], DEADLINE);
    let mut problems = crash_signs(&run, DEADLINE);
    match case.expect {
        Expect::Errors(want) => {
            if run.code != Some(1) {
                problems.push(format!("want exit 1: {}", run.describe()));
            }
            let got = errors_of(&run.stderr);
            if got != want {
                problems.push(format!("errors\n    got:  {got:?}\n    want: {want:?}"));
            }
            if !run.stderr.contains("the previous output is untouched") {
                problems.push("stderr does not say the output is untouched".to_string());
            }
            if snapshot(&out) != before {
                problems.push("the previous output was changed".to_string());
            }
        }
        Expect::Builds => {
            if run.code != Some(0) {
                problems.push(format!("want exit 0: {}", run.describe()));
            }
        }
    }
    if !problems.is_empty() {
        problems.push(format!(
            "{}\n    stderr (first 3000 bytes):\n{}",
            run.describe(),
            &run.stderr[..run.stderr.floor_char_boundary(3000)]
        ));
    }
    problems
}

#[test]
fn every_defect_fails_the_build_cleanly_and_leaves_the_output() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let problems = run_case(case);
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", case.name, problems.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Every error code of the README's table (generated from `Code`) is the
/// expected code of at least one case.
#[test]
fn every_error_code_has_a_case() {
    let readme = fs::read_to_string(common::repo_root().join("README.md")).unwrap();
    let codes: Vec<&str> = readme
        .lines()
        .filter(|line| line.contains("| error |"))
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .collect();
    assert!(
        codes.len() >= 29,
        "the README lists the error codes: {codes:?}"
    );
    let covered: Vec<&str> = cases()
        .iter()
        .filter_map(|case| match case.expect {
            Expect::Errors(errors) => Some(errors),
            Expect::Builds => None,
        })
        .flatten()
        .filter_map(|error| error.split(' ').next())
        .collect();
    // Not a defect of the project: the disk or the output folder
    // (tests/trust.rs makes writes fail: a file-size limit, a file in the
    // way, the fault hook).
    let not_from_the_project = ["write-failed"];
    let missing: Vec<&&str> = codes
        .iter()
        .filter(|code| !covered.contains(code) && !not_from_the_project.contains(code))
        .collect();
    assert!(
        missing.is_empty(),
        "error codes without a case: {missing:?}"
    );
}

/// Thousands of files, each with one error: exit 1 in bounded time and
/// memory, every error reported with its position, and stderr that grows
/// with the number of errors and no faster.
#[test]
fn three_thousand_broken_documents_fail_in_bounded_time() {
    const FILES: usize = 3_000;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    let out = dir.path().join("out");
    write_base(&root);
    let root_arg = root.to_str().unwrap();
    let out_arg = out.to_str().unwrap();
    let first = run_bounded(&["build", "--root", root_arg, "--out", out_arg], DEADLINE);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let before = snapshot(&out);
    for n in 0..FILES {
        write(
            &root,
            &format!("content/many/{:02}/faq-{n}.md", n % 50),
            &format!(
                "---\nid: FAQ-MANY-{n}\nkind: faq\ntitle: Question {n}\nrelated: [REQ-MISSING-{n}]\n---\nAnswer {n}.\n"
            ),
        );
    }
    let run = run_bounded(
        &["build", "--root", root_arg, "--out", out_arg],
        DEADLINE_MANY,
    );
    let problems = crash_signs(&run, DEADLINE_MANY);
    assert!(problems.is_empty(), "{problems:?}\n{}", run.describe());
    assert_eq!(run.code, Some(1), "{}", run.describe());
    // The terminal shows the first `HUMAN_TOTAL` and counts the rest
    // (`check --format json` lists every one: tests/diagnostics.rs).
    let errors = errors_of(&run.stderr);
    assert_eq!(
        errors.len(),
        playbook::diag::HUMAN_TOTAL,
        "{}",
        run.describe()
    );
    assert!(
        run.stderr.contains(&format!(
            "… and {} more diagnostics not shown",
            FILES - playbook::diag::HUMAN_TOTAL
        )) && run.stderr.contains(&format!("{FILES} errors")),
        "{}",
        run.describe()
    );
    assert!(
        errors.iter().all(
            |error| error.starts_with("dangling-reference content/many/")
                && error.ends_with(".md:5:11")
        ),
        "{:?}",
        &errors[..5]
    );
    assert!(
        run.stderr.len() < FILES * 1024,
        "{} bytes of stderr for {FILES} errors",
        run.stderr.len()
    );
    assert_eq!(snapshot(&out), before, "the previous output was changed");
    eprintln!("{FILES} broken documents: {}", run.describe());
}

/// The bounds themselves work: a run that would go on forever is killed at
/// the deadline and reported, rather than hanging the suite.
#[test]
fn the_harness_kills_a_run_at_its_deadline() {
    let dir = tempfile::tempdir().unwrap();
    // `watch` serves until stopped. Port 0: the system picks a free one
    // when watch binds (a port found free beforehand could be taken by a
    // test running beside this one, and watch then exits at once).
    write_base(dir.path());
    let run = run_bounded_in(
        &[
            "watch",
            "--root",
            dir.path().to_str().unwrap(),
            "--port",
            "0",
            "--poll",
        ],
        Duration::from_secs(2),
        WATCH_ADDRESS_SPACE_BYTES,
    );
    // Its output says why, should it ever stop before the deadline (it
    // did under load: once for a port taken beside it, once for a thread
    // refused under the address-space limit).
    assert!(run.timed_out, "{}\nstderr:\n{}", run.describe(), run.stderr);
    assert!(!crash_signs(&run, Duration::from_secs(2)).is_empty());
    assert!(run.stdout.len() < 1 << 20);
}
