//! The one helper that starts `playbook watch` in a test: on port 0 (the
//! system picks a free port when watch binds), its stderr read line by
//! line and kept, until it says where it serves; killed when dropped (also
//! when the test fails).

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// A running `playbook watch`.
pub struct Watch {
    child: Child,
    /// The address and port it serves on, and the URL it printed (the
    /// first edition's root).
    pub address: String,
    pub port: u16,
    pub url: String,
    /// The lines it prints after `serving on …`.
    pub lines: mpsc::Receiver<String>,
    /// Everything it printed so far.
    log: Arc<Mutex<Vec<String>>>,
}

impl Watch {
    /// `playbook watch --port 0 --root ROOT EXTRA…`.
    pub fn start(root: &Path, extra: &[&str]) -> Watch {
        let mut arguments = vec!["--root", root.to_str().unwrap()];
        arguments.extend_from_slice(extra);
        Watch::start_in(Path::new("."), &arguments, &[])
    }

    /// `playbook watch --port 0 ARGUMENTS…` run from the folder `cwd`, with
    /// these environment variables besides `NO_COLOR=1`.
    // The child is waited for by `Drop`.
    #[allow(clippy::zombie_processes)]
    pub fn start_in(cwd: &Path, arguments: &[&str], envs: &[(&str, &str)]) -> Watch {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("playbook"))
            .args(["watch", "--port", "0"])
            .args(arguments)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .envs(envs.iter().copied())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("playbook watch starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&log);
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                kept.lock().unwrap().push(line.clone());
                let _ = sender.send(line);
            }
        });
        let mut watch = Watch {
            child,
            address: String::new(),
            port: 0,
            url: String::new(),
            lines,
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let line = watch
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| {
                    panic!(
                        "playbook watch never said where it serves:\n{}",
                        watch.printed()
                    )
                });
            // `serving on http://127.0.0.1:PORT/EDITION/ (Ctrl-C to stop)`
            if let Some(rest) = line.strip_prefix("serving on ") {
                watch.url = rest.split_whitespace().next().unwrap().to_string();
                let host_port = watch
                    .url
                    .strip_prefix("http://")
                    .and_then(|rest| rest.split('/').next())
                    .unwrap();
                let (address, port) = host_port.rsplit_once(':').unwrap();
                watch.address = address.to_string();
                watch.port = port.parse().unwrap();
                return watch;
            }
        }
    }

    /// Everything it printed so far.
    pub fn printed(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
