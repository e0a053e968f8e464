//! `playbook watch`: build into memory, serve on loopback, rebuild on every
//! change, reload open pages after each good rebuild, show errors in the
//! terminal and in an overlay, and keep serving the last good site while the
//! project has errors. The process never exits on a project error.
//!
//! `watch` renders through the same pipeline as `build`
//! (`serve::site`, `render::render_editions`, reusing what did not
//! change); the watcher (`serve::watcher`) and the server (`serve::http`)
//! only feed it and show it.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use crate::cmd::{Format, describe, report};
use crate::diag;
use crate::serve::http::{self, Shared};
use crate::serve::site::{Builder, Outcome, Site};
use crate::serve::watcher;

/// How often watch looks whether its folders were replaced or the project
/// came back, when no change arrives.
const FOLLOW_INTERVAL: std::time::Duration = std::time::Duration::from_millis(400);

/// A batch that makes the next build read every file again.
fn rescan() -> watcher::Batch {
    watcher::Batch {
        received: Instant::now(),
        paths: Vec::new(),
        rescan: true,
    }
}

/// The diagnostics as the overlay shows them (plain text, like `check`).
fn overlay_text(outcome: &Outcome) -> String {
    let mut text = String::new();
    diag::render_human_all(&outcome.diagnostics, &outcome.sources, false, |piece| {
        text.push_str(piece);
        text.push_str("\n\n");
    });
    text.push_str(&describe(outcome.tally()));
    text
}

/// Runs `playbook watch`.
pub fn run(root: &Path, bind: &str, port: u16, include_drafts: bool, poll: bool) -> ExitCode {
    if let Err(status) =
        crate::cmd::read_environment().and_then(|_| crate::cmd::require_project(root))
    {
        return status;
    }
    // The watcher reports absolute paths, and each is matched against the
    // root (is it in `content/`?): a relative root (`.`, the default)
    // matched none of them, and no save was ever rebuilt.
    let root = match std::fs::canonicalize(root) {
        Ok(root) => root,
        Err(error) => {
            eprintln!("error: cannot read `{}`: {error}", root.display());
            return ExitCode::from(1);
        }
    };
    let root = root.as_path();
    let address: SocketAddr = match format!("{bind}:{port}").parse() {
        Ok(address) => address,
        Err(_) => {
            eprintln!("error: `{bind}` is not an IP address to bind to");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    // Whether the project was gone at the last look (reported once, when
    // it goes): looked at before the first build, so that a project gone
    // right after it is reported too.
    let mut gone = !watcher::is_project(root);
    let mut builder = Builder::new(root, include_drafts);
    let first = builder.build();
    report(&first.diagnostics, &first.sources, Format::Human);
    let shared = Shared::new(first.site.clone().unwrap_or_default());
    if first.site.is_none() {
        shared.fail(overlay_text(&first));
        eprintln!(
            "the project has errors: {}; fix them and save, the site appears once they are gone",
            describe(first.tally())
        );
    } else {
        eprintln!(
            "built in {} ms ({})",
            started.elapsed().as_millis(),
            describe(first.tally())
        );
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the server: {error}");
            return ExitCode::from(1);
        }
    };
    let listener = match runtime.block_on(tokio::net::TcpListener::bind(address)) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on {address}: {error}");
            return ExitCode::from(1);
        }
    };
    let local = listener.local_addr().unwrap_or(address);
    let mut watcher = match watcher::watch(root, poll) {
        Ok(watcher) => watcher,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    if poll {
        // The poll watcher takes its baseline on its first pass; a save
        // before that would go unseen.
        std::thread::sleep(watcher::POLL_INTERVAL * 2);
    }
    // Anything saved while the first build ran or the watcher started.
    let catch_up = builder.build();
    if let Some(site) = catch_up
        .site
        .filter(|site| Some(site) != first.site.as_ref())
    {
        shared.publish(site);
    }
    let first_edition = first
        .site
        .as_ref()
        .and_then(Site::first_edition)
        .map(str::to_string)
        .unwrap_or_default();
    eprintln!("serving on http://{local}/{first_edition}/ (Ctrl-C to stop)");
    let _ = std::io::stderr().flush();

    let server_shared = Arc::clone(&shared);
    runtime.spawn(async move {
        let _ = axum::serve(listener, http::router(server_shared)).await;
    });

    loop {
        // A wait with a timeout: a folder replaced while nothing else
        // changed, or a project folder that comes back, gives no event
        // the old watches could see.
        let received = match watcher.batches.recv_timeout(FOLLOW_INTERVAL) {
            Ok(batch) => Some(batch),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => None,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let batch = match received {
            Some(Ok(batch)) => Some(batch),
            Some(Err(message)) => {
                // Changes may have gone unseen: look at every file again.
                eprintln!("warning: {message}; reading the whole project again");
                Some(rescan())
            }
            None => None,
        };
        if !watcher::is_project(root) {
            if !gone {
                gone = true;
                let message = format!(
                    "no playbook project at `{}` any more ({}); still serving the last good build, and building again when it comes back",
                    root.display(),
                    watcher::what_is_gone(root)
                );
                eprintln!("{message}");
                shared.fail(message);
                let _ = std::io::stderr().flush();
            }
            let _ = watcher.refresh(false);
            continue;
        }
        let came_back = std::mem::replace(&mut gone, false);
        // Folders created, replaced or removed meanwhile are watched as
        // they are now; the build below reads what is already in them.
        let again = came_back
            || batch
                .as_ref()
                .is_some_and(|batch| watcher::names_a_folder(root, &batch.paths));
        let refreshed = match watcher.refresh(again) {
            Ok(changed) => changed,
            Err(message) => {
                eprintln!("warning: {message}");
                false
            }
        };
        let batch = match batch {
            Some(batch) if !(came_back || refreshed) => batch,
            Some(_) | None if came_back || refreshed => rescan(),
            _ => continue,
        };
        let timer = crate::timing::Timer::new("watch");
        timer.step("batch received (the debounce over)");
        let outcome = if batch.rescan {
            builder.build()
        } else {
            builder.build_after(&batch.paths)
        };
        let tally = outcome.tally();
        if tally.errors > 0 {
            report(&outcome.diagnostics, &outcome.sources, Format::Human);
            shared.fail(overlay_text(&outcome));
            eprintln!(
                "rebuild failed ({}); still serving the last good build",
                describe(tally)
            );
        } else if let Some(site) = outcome.site {
            let recovering = shared
                .errors
                .read()
                .map(|errors| errors.is_some())
                .unwrap_or(false);
            // A save seen twice (polling can see a write in two passes)
            // gives the same site again: nothing to reload.
            timer.step("built");
            if !recovering && *shared.current() == site {
                continue;
            }
            timer.step("compared with the site served");
            if tally.warnings > 0 {
                report(&outcome.diagnostics, &outcome.sources, Format::Human);
            }
            shared.publish(site);
            timer.step("published");
            eprintln!(
                "rebuilt in {} ms ({} changed: {})",
                batch.received.elapsed().as_millis(),
                batch.paths.len(),
                describe(tally)
            );
        }
        let _ = std::io::stderr().flush();
    }
    ExitCode::SUCCESS
}
