//! `playbook`: command-line parsing only; each verb hands off to `cmd/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: rendering makes millions of
/// small, short-lived strings on several threads, where glibc's malloc
/// spent a seventh of the build's CPU time and held on to freed memory per
/// thread arena (see the README, Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the position in `mi_option_e` of
/// mimalloc.h; libmimalloc-sys has no constant for it).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Keeps freed memory instead of handing it back to the kernel 10 ms later
/// (mimalloc's default): a build frees and reallocates the same few hundred
/// MB all along, and every page handed back was zeroed again by the kernel
/// on its next use, a tenth of the build's CPU time in `clear_page` (see
/// the README, Performance). The peak is the same; it is reached sooner.
fn keep_freed_memory() {
    // SAFETY: sets an option before other threads exist; any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    no_transparent_huge_pages();
}

/// Turns transparent huge pages off for this process. mimalloc asks the
/// kernel for 2 MiB pages for its arenas, and a 2 MiB page counts (and is
/// zeroed) whole as soon as one byte of it is used: a 10 000-document
/// build peaked at 337–357 MB with them, 288–308 MB without, and spent
/// less time in the kernel (see the README, Performance). mimalloc has an
/// option for it, read once when it starts, before `main`; the process
/// flag works from here.
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and only
    // sets a flag of this process; a failure (an old kernel) changes
    // nothing, and the build goes on with huge pages.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_transparent_huge_pages() {}
use playbook::WORKER_STACK_BYTES;
use playbook::cmd::{self, Format};

#[derive(Parser)]
#[command(
    name = "playbook",
    version,
    about = "Build the handbook of a customer-service outsourcing engagement"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the project and write every edition of the handbook.
    Build {
        /// The project folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the editions (default: <root>/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write only this edition (repeatable).
        #[arg(long = "edition", value_name = "NAME")]
        editions: Vec<String>,
        /// Include draft documents.
        #[arg(long)]
        drafts: bool,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Check the project and report every problem; writes nothing.
    Check {
        /// The project folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print the diagnostics: `human` (text with the source
        /// line, on stderr) or `json` (one object per line, on stdout).
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Check draft documents as if they were published.
        #[arg(long)]
        drafts: bool,
        /// Exit with status 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Build into memory, serve on loopback and rebuild on every change.
    Watch {
        /// The project folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on (loopback by default: the site may hold
        /// internal documents).
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Include draft documents.
        #[arg(long)]
        drafts: bool,
        /// Poll for changes (every 250 ms) instead of using file-system
        /// events, where inotify is unavailable.
        #[arg(long)]
        poll: bool,
    },
    /// Write a new, minimal, valid project.
    Init {
        /// Where (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Write a new draft document with its required fields filled in.
    New {
        /// The kind of document (written to `content/<kind>/<id>.md`).
        #[arg(value_enum)]
        kind: cmd::new::NewKind,
        /// The new document's ID: upper-case letters, digits and dashes
        /// (`SLA-CHAT-01`).
        #[arg(value_parser = cmd::new::parse_id)]
        id: String,
        /// The project folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Freeze the content as `releases/<version>.json` (the version `playbook.yaml` names).
    Release {
        /// The project folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print the JSON Schema of the front matter.
    Schema,
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    // Everything runs on threads with a large stack (see WORKER_STACK_BYTES).
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK_BYTES)
        .build_global();
    let worker = std::thread::Builder::new()
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || run(cli.command));
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("error: playbook stopped unexpectedly; please report this as a bug");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> ExitCode {
    match command {
        Command::Check {
            root,
            format,
            drafts,
            deny_warnings,
        } => cmd::check::run(&root, format, drafts, deny_warnings),
        Command::Build {
            root,
            out,
            editions,
            drafts,
            deny_warnings,
        } => cmd::build::run(&root, out.as_deref(), &editions, drafts, deny_warnings),
        Command::Watch {
            root,
            bind,
            port,
            drafts,
            poll,
        } => cmd::watch::run(&root, &bind, port, drafts, poll),
        Command::Init { dir } => cmd::init::run(dir.as_deref()),
        Command::New { kind, id, root } => cmd::new::run(kind, &id, &root),
        Command::Release { root } => cmd::release::run(&root),
        Command::Schema => cmd::schema::run(),
    }
}
