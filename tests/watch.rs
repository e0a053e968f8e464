//! `playbook watch`, run for real on a temporary project: what it serves
//! over HTTP, how it follows the ways editors save, how it shows errors and
//! keeps the last good site, and that it never writes `public/`.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

const SLA: &str = "---\nid: SLA-A\nkind: sla\ntitle: Chat in 2 minutes\nchannel: chat\nmetric: first_response\ntarget: 2m\nsatisfies: [REQ-A]\n---\nBody one.\n";
const REQ: &str = "---\nid: REQ-A\nkind: requirement\ntitle: Chat\nchannels: [chat]\nhours: 24/7\n---\nSee [[SLA-A]].\n";
const TRN: &str = "---\nid: TRN-A\nkind: training\ntitle: Chat training\nmodules:\n  - { title: Chat, duration: 1h, format: workshop, covers: [SLA-A] }\n---\n";

use common::watch::Watch;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content/sla")).unwrap();
    fs::write(dir.path().join("content/sla/a.md"), SLA).unwrap();
    fs::write(dir.path().join("content/req.md"), REQ).unwrap();
    fs::write(dir.path().join("content/trn.md"), TRN).unwrap();
    dir
}

fn start(root: &Path, extra: &[&str]) -> Watch {
    Watch::start(root, extra)
}

/// `playbook watch` run from the folder `cwd` with `arguments` (after
/// `--port 0`).
fn start_in(cwd: &Path, arguments: &[&str]) -> Watch {
    Watch::start_in(cwd, arguments, &[])
}

/// A GET over a raw socket: (status, headers, body).
fn get(port: u16, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// Waits until the page at `path` satisfies `check`.
fn eventually(port: u16, path: &str, check: impl Fn(u16, &str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (status, _, body) = get(port, path);
        if check(status, &body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {path}; last: {status} {body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serves_the_editions_and_refuses_to_leave_them() {
    let root = project();
    let watch = start(root.path(), &[]);
    let (status, head, _) = get(watch.port, "/");
    assert_eq!(status, 302);
    assert!(
        head.contains("location: /company/") || head.contains("Location: /company/"),
        "{head}"
    );
    let (status, _, body) = get(watch.port, "/company/sla/sla-a.html");
    assert_eq!(status, 200);
    assert!(body.contains("Chat in 2 minutes") && body.contains("/__playbook/live.js"));
    let (status, _, _) = get(watch.port, "/vendor/index.html");
    assert_eq!(status, 200);
    let (status, _, body) = get(watch.port, "/company/nope.html");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the edition's 404 page");
    for path in [
        "/company/../playbook.yaml",
        "/company/%2e%2e/%2e%2e/etc/passwd",
        "/company/..%2f..%2fcontent/req.md",
        "/%2e%2e/content/req.md",
    ] {
        let (status, _, body) = get(watch.port, path);
        assert!(
            status == 403 || status == 404 || status == 400,
            "{path}: {status}"
        );
        assert!(!body.contains("REQ-A\nkind"), "{path} leaked a source file");
    }
    assert!(
        !root.path().join("public").exists(),
        "watch never writes public/"
    );
}

#[test]
fn follows_every_way_editors_save() {
    let root = project();
    let watch = start(root.path(), &[]);
    let page = "/company/sla/sla-a.html";
    let file = root.path().join("content/sla/a.md");

    // Write in place.
    fs::write(&file, SLA.replace("Body one.", "Body two.")).unwrap();
    eventually(watch.port, page, |s, b| s == 200 && b.contains("Body two."));

    // Vim: a swap file, a backup, then write a temporary file and rename it.
    fs::write(root.path().join("content/sla/.a.md.swp"), "swap").unwrap();
    fs::write(root.path().join("content/sla/a.md~"), SLA).unwrap();
    let temporary = root.path().join("content/sla/a.md.tmp");
    fs::write(&temporary, SLA.replace("Body one.", "Body three.")).unwrap();
    fs::rename(&temporary, &file).unwrap();
    eventually(watch.port, page, |s, b| {
        s == 200 && b.contains("Body three.")
    });

    // Delete and recreate.
    fs::remove_file(&file).unwrap();
    fs::write(&file, SLA.replace("Body one.", "Body four.")).unwrap();
    eventually(watch.port, page, |s, b| {
        s == 200 && b.contains("Body four.")
    });

    // Rename the file and its folder: the page (addressed by ID) stays.
    fs::rename(&file, root.path().join("content/sla/renamed.md")).unwrap();
    fs::rename(
        root.path().join("content/sla"),
        root.path().join("content/levels"),
    )
    .unwrap();
    fs::write(
        root.path().join("content/levels/renamed.md"),
        SLA.replace("Body one.", "Body five."),
    )
    .unwrap();
    eventually(watch.port, page, |s, b| {
        s == 200 && b.contains("Body five.")
    });

    // A new document appears, a deleted one disappears.
    fs::write(
        root.path().join("content/new.md"),
        "---\nid: PG-NEW\nkind: page\ntitle: Fresh page\n---\n",
    )
    .unwrap();
    eventually(watch.port, "/company/page/pg-new.html", |s, b| {
        s == 200 && b.contains("Fresh page")
    });
    fs::remove_file(root.path().join("content/new.md")).unwrap();
    eventually(watch.port, "/company/page/pg-new.html", |s, _| s == 404);

    // The served site equals a clean build of the same project.
    let clean = playbook::serve::site::clean_build(root.path(), false)
        .site
        .expect("clean build");
    let mut compared = 0;
    for (edition, files) in &clean.editions {
        for (path, bytes) in files {
            let (status, _, body) = get(watch.port, &format!("/{edition}/{path}"));
            assert_eq!(status, 200, "{edition}/{path} is not served");
            let served = body.replace("<script src=\"/__playbook/live.js\"></script>", "");
            assert_eq!(
                served,
                String::from_utf8_lossy(&bytes.bytes()),
                "{edition}/{path} differs from a clean build"
            );
            compared += 1;
        }
    }
    // Every file of both editions, not a sample: pages, print page, views,
    // search index, playbook.json, assets.
    assert!(compared >= 30, "only {compared} files compared");
}

#[test]
fn errors_show_in_terminal_and_overlay_while_the_last_good_site_stays() {
    let root = project();
    let watch = start(root.path(), &[]);
    let page = "/company/sla/sla-a.html";
    fs::write(
        root.path().join("content/sla/a.md"),
        SLA.replace("target: 2m", "target: 2 minutes"),
    )
    .unwrap();

    // The terminal shows the diagnostic as `check` would.
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut seen = String::new();
    while !seen.contains("still serving the last good build") {
        let line = watch
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("a failed rebuild is reported");
        seen.push_str(&line);
        seen.push('\n');
    }
    assert!(
        seen.contains("error[invalid-value]") && seen.contains("content/sla/a.md:7:9"),
        "{seen}"
    );

    // The last good page is still served, and the event stream carries the errors.
    let (status, _, body) = get(watch.port, page);
    assert_eq!(status, 200);
    assert!(body.contains("Chat in 2 minutes"));
    let mut stream = TcpStream::connect(("127.0.0.1", watch.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET /__playbook/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut buffer = [0u8; 4096];
    let mut events = String::new();
    while !events.contains("invalid-value") {
        let read = stream.read(&mut buffer).expect("the event stream answers");
        assert!(read > 0);
        events.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    assert!(events.contains("event: errors"));

    // The next good save clears it: a reload event, and the new page.
    fs::write(
        root.path().join("content/sla/a.md"),
        SLA.replace("Chat in 2 minutes", "Chat fixed"),
    )
    .unwrap();
    while !events.contains("event: reload") {
        let read = stream.read(&mut buffer).expect("the event stream goes on");
        assert!(read > 0);
        events.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    eventually(watch.port, page, |s, b| {
        s == 200 && b.contains("Chat fixed")
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let line = watch
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("rebuilt line");
        if line.starts_with("rebuilt in ") {
            break;
        }
    }
}

#[test]
fn polling_works_without_inotify() {
    let root = project();
    let watch = start(root.path(), &["--poll"]);
    save_and_see(&watch, root.path(), "Polled body.");
}

/// Saves the SLA with `body` as its body, and waits until the served page
/// shows it.
fn save_and_see(watch: &Watch, root: &Path, body: &str) {
    fs::write(
        root.join("content/sla/a.md"),
        SLA.replace("Body one.", body),
    )
    .unwrap();
    eventually(watch.port, "/company/sla/sla-a.html", |s, b| {
        s == 200 && b.contains(body)
    });
}

/// The usual way to run it: from the project folder, with the default
/// root `.` (the watcher reports absolute paths; a relative root once
/// matched none of them and no save was rebuilt).
#[test]
fn run_from_the_project_folder_it_rebuilds_on_save() {
    let root = project();
    let watch = start_in(root.path(), &[]);
    eventually(watch.port, "/company/sla/sla-a.html", |s, b| {
        s == 200 && b.contains("Body one.")
    });
    save_and_see(&watch, root.path(), "Saved from inside.");
    let relative = start_in(root.path().join("content").as_path(), &["--root", ".."]);
    save_and_see(&relative, root.path(), "Saved with a relative root.");
}

#[test]
fn a_taken_port_is_an_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let root = project();
    let output = common::playbook(&[
        "watch",
        "--port",
        &port,
        "--root",
        root.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot listen"));
}

#[test]
fn a_templates_folder_created_while_watching_is_watched_too() {
    let root = project();
    let watch = start(root.path(), &[]);
    let templates = root.path().join("templates");
    fs::create_dir_all(&templates).unwrap();
    let template = |text: &str| {
        format!(
            "{{% extends \"base.html\" %}}{{% block content %}}<p>{text}</p>{{% endblock content %}}"
        )
    };
    fs::write(templates.join("404.html"), template("First override")).unwrap();
    eventually(watch.port, "/company/404.html", |s, b| {
        s == 200 && b.contains("First override")
    });
    // A later edit inside the new folder is seen: the folder is watched now.
    std::thread::sleep(Duration::from_millis(300));
    fs::write(templates.join("404.html"), template("Second override")).unwrap();
    eventually(watch.port, "/company/404.html", |s, b| {
        s == 200 && b.contains("Second override")
    });
}

/// Waits for a line of watch's terminal output containing `needle`.
fn wait_for_line(watch: &Watch, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut seen = String::new();
    loop {
        let line = watch
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|error| panic!("no line with {needle:?} ({error}); saw:\n{seen}"));
        if line.contains(needle) {
            return line;
        }
        seen.push_str(&line);
        seen.push('\n');
    }
}

/// `content/` or `static/` replaced by a new folder (moved away and back,
/// removed and restored, as `git checkout` does): later edits inside the
/// new folder are seen, however often it happens.
#[test]
fn a_folder_deleted_and_recreated_is_followed() {
    let root = project();
    let content = root.path().join("content");
    let statics = root.path().join("static");
    fs::create_dir_all(&statics).unwrap();
    fs::write(statics.join("note.txt"), "first").unwrap();
    let watch = start(root.path(), &[]);
    let page = "/company/sla/sla-a.html";
    for round in 0..2 {
        // Moved away and back.
        let away = root.path().join(format!("away-{round}"));
        fs::rename(&content, &away).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        fs::rename(&away, &content).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        let body = format!("After the move {round}.");
        fs::write(content.join("sla/a.md"), SLA.replace("Body one.", &body)).unwrap();
        eventually(watch.port, page, |s, b| s == 200 && b.contains(&body));

        // Removed and restored.
        let copy = root.path().join(format!("copy-{round}"));
        fs::create_dir_all(copy.join("sla")).unwrap();
        fs::copy(content.join("sla/a.md"), copy.join("sla/a.md")).unwrap();
        fs::copy(content.join("req.md"), copy.join("req.md")).unwrap();
        fs::copy(content.join("trn.md"), copy.join("trn.md")).unwrap();
        fs::remove_dir_all(&content).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        fs::rename(&copy, &content).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        let body = format!("After the restore {round}.");
        fs::write(content.join("sla/a.md"), SLA.replace("Body one.", &body)).unwrap();
        eventually(watch.port, page, |s, b| s == 200 && b.contains(&body));

        // The same for `static/`.
        fs::remove_dir_all(&statics).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        fs::create_dir_all(&statics).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        let text = format!("static {round}");
        fs::write(statics.join("note.txt"), &text).unwrap();
        eventually(watch.port, "/company/note.txt", |s, b| {
            s == 200 && b == text
        });
    }
}

/// When the project goes (its `playbook.yaml` and `content/`, or the whole
/// folder), watch says so in the terminal and the overlay and keeps the
/// last good site, not an empty one; when it comes back, it builds again.
#[test]
fn a_project_that_disappears_is_reported_not_served_empty() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("project");
    fs::create_dir_all(root.join("content/sla")).unwrap();
    fs::write(root.join("content/sla/a.md"), SLA).unwrap();
    fs::write(root.join("content/req.md"), REQ).unwrap();
    fs::write(root.join("content/trn.md"), TRN).unwrap();
    fs::write(root.join("playbook.yaml"), "title: T\n").unwrap();
    let watch = start(&root, &[]);
    let page = "/company/sla/sla-a.html";

    // The content goes.
    let away = parent.path().join("away");
    fs::rename(root.join("content"), &away).unwrap();
    fs::remove_file(root.join("playbook.yaml")).unwrap();
    let line = wait_for_line(&watch, "no playbook project");
    assert!(line.contains("last good build"), "{line}");
    let (status, _, body) = get(watch.port, page);
    assert_eq!(status, 200);
    assert!(body.contains("Chat in 2 minutes"));
    let (_, _, events) = get_events_until(watch.port, "no playbook project");
    assert!(events.contains("event: errors"), "{events}");

    // It comes back, edited meanwhile.
    fs::write(
        away.join("sla/a.md"),
        SLA.replace("Body one.", "Back again."),
    )
    .unwrap();
    fs::rename(&away, root.join("content")).unwrap();
    fs::write(root.join("playbook.yaml"), "title: T\n").unwrap();
    eventually(watch.port, page, |s, b| {
        s == 200 && b.contains("Back again.")
    });

    // The whole folder goes, and comes back.
    let moved = parent.path().join("moved");
    fs::rename(&root, &moved).unwrap();
    wait_for_line(&watch, "no playbook project");
    let (status, _, body) = get(watch.port, page);
    assert_eq!(status, 200);
    assert!(body.contains("Back again."));
    fs::rename(&moved, &root).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    fs::write(
        root.join("content/sla/a.md"),
        SLA.replace("Body one.", "Home again."),
    )
    .unwrap();
    eventually(watch.port, page, |s, b| {
        s == 200 && b.contains("Home again.")
    });
}

/// Reads the event stream until `needle` appears (or fails after 15 s).
fn get_events_until(port: u16, needle: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    write!(
        stream,
        "GET /__playbook/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut buffer = [0u8; 4096];
    let mut events = String::new();
    while !events.contains(needle) {
        let read = stream.read(&mut buffer).expect("the event stream answers");
        assert!(read > 0, "{events}");
        events.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    (200, String::new(), events)
}

/// `data/` is followed like `content/`: a data file created and edited
/// while watch runs is rebuilt into the SLA's page and the month's review,
/// and an error in it shows in the terminal and the overlay's event stream
/// at its line and column.
#[test]
fn data_files_are_followed_and_their_errors_shown_at_line_and_column() {
    let root = project();
    fs::write(
        root.path().join("content/sla/a.md"),
        SLA.replace("target: 2m", "target: 2m\nattainment: 90%"),
    )
    .unwrap();
    let watch = start(root.path(), &[]);
    fs::create_dir_all(root.path().join("data")).unwrap();
    fs::write(
        root.path().join("data/2026-06.csv"),
        "id,period,value,note\nSLA-A,2026-06,93.5%,首月\n",
    )
    .unwrap();
    eventually(watch.port, "/company/sla/sla-a.html", |s, b| {
        s == 200 && b.contains("93.5%") && b.contains("首月")
    });
    eventually(watch.port, "/company/review/2026-06.html", |s, b| {
        s == 200 && b.contains("93.5%")
    });
    // An edited row.
    fs::write(
        root.path().join("data/2026-06.csv"),
        "id,period,value,note\nSLA-A,2026-06,88.25%,第二版\n",
    )
    .unwrap();
    eventually(watch.port, "/company/review/2026-06.csv", |s, b| {
        s == 200 && b.contains("88.25%") && b.contains("第二版")
    });
    // A spreadsheet's fraction: the error at its place, the last good
    // site still served.
    fs::write(
        root.path().join("data/2026-06.csv"),
        "id,period,value,note\nSLA-A,2026-05,93.5%,\"多行\n备注\"\nSLA-A,2026-06,0.935,x\n",
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut seen = String::new();
    while !seen.contains("still serving the last good build") {
        let line = watch
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("a failed rebuild is reported");
        seen.push_str(&line);
        seen.push('\n');
    }
    // The quoted note spans lines 3–4, so the faulty value is on line 4.
    assert!(seen.contains("data/2026-06.csv:4:15"), "{seen}");
    assert!(seen.contains("write `93.5%`"), "{seen}");
    let mut stream = TcpStream::connect(("127.0.0.1", watch.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET /__playbook/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut buffer = [0u8; 8192];
    let mut events = String::new();
    while !(events.contains("data/2026-06.csv") && events.contains("93.5%")) {
        let read = stream.read(&mut buffer).expect("the event stream answers");
        assert!(read > 0);
        events.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    assert!(events.contains("event: errors"), "{events}");
    let (status, _, body) = get(watch.port, "/company/review/2026-06.csv");
    assert_eq!(status, 200);
    assert!(body.contains("88.25%"), "the last good build: {body}");
}

/// A document saved over `limits.max_document_bytes` (issue 15) is refused
/// as `check` and `build` refuse it: `document-too-large` at its `1:1` in
/// the terminal and the overlay's event stream, the last good site still
/// served; saving it back under the limit rebuilds.
#[test]
fn a_document_over_the_size_limit_shows_in_the_overlay_and_the_last_good_site_stays() {
    let root = project();
    fs::write(
        root.path().join("playbook.yaml"),
        "limits: { max_document_bytes: 4096 }\n",
    )
    .unwrap();
    let watch = start(root.path(), &[]);
    let page = "/company/sla/sla-a.html";
    eventually(watch.port, page, |s, b| s == 200 && b.contains("Body one."));
    let huge = format!("{SLA}\n| a | b |\n|---|---|\n{}", "| 1 | 2 |\n".repeat(500));
    assert!(huge.len() > 4096);
    fs::write(root.path().join("content/sla/a.md"), &huge).unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut seen = String::new();
    while !seen.contains("still serving the last good build") {
        let line = watch
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("a failed rebuild is reported");
        seen.push_str(&line);
        seen.push('\n');
    }
    assert!(
        seen.contains("error[document-too-large]")
            && seen.contains("content/sla/a.md:1:1")
            && seen.contains(&format!("{} bytes", huge.len())),
        "{seen}"
    );
    let (_, _, events) = get_events_until(watch.port, "document-too-large");
    assert!(events.contains("event: errors"), "{events}");
    let (status, _, body) = get(watch.port, page);
    assert_eq!(status, 200);
    assert!(body.contains("Body one."), "the last good build: {body}");
    fs::write(
        root.path().join("content/sla/a.md"),
        SLA.replace("Body one.", "Body two."),
    )
    .unwrap();
    eventually(watch.port, page, |s, b| s == 200 && b.contains("Body two."));
}
