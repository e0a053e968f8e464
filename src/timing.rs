//! Profiling: how long each step of a build or rebuild took, with the
//! memory and CPU time at its end, printed when `PLAYBOOK_TIMINGS` is set
//! (the benchmark reads it).

/// Prints how long each step took, when `PLAYBOOK_TIMINGS` is set (for
/// profiling; the benchmark reads it). Steps may end on several threads, so
/// each line gives both the time since the previous line and since the
/// timer started.
pub struct Timer {
    label: String,
    enabled: bool,
    started: std::time::Instant,
    last: std::sync::Mutex<std::time::Instant>,
}

impl Timer {
    pub fn new(label: &str) -> Self {
        let now = std::time::Instant::now();
        Timer {
            label: label.to_string(),
            enabled: std::env::var_os("PLAYBOOK_TIMINGS").is_some(),
            started: now,
            last: std::sync::Mutex::new(now),
        }
    }

    pub fn step(&self, name: &str) {
        if !self.enabled {
            return;
        }
        let now = std::time::Instant::now();
        // A thread that panicked while printing a line leaves the lock
        // poisoned; the time it holds is still right.
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        eprintln!(
            "timing {}: {name} {} ms (at {} ms){}",
            self.label,
            (now - *last).as_millis(),
            (now - self.started).as_millis(),
            resident_memory()
        );
        *last = now;
    }
}

/// The process's resident memory now and at its peak, from
/// `/proc/self/status` (Linux; empty elsewhere), for the timing lines: a
/// step that raises the peak is where memory goes.
fn resident_memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .map(|kib| kib / 1024)
    };
    let memory = match (field("VmRSS:"), field("VmHWM:")) {
        (Some(now), Some(peak)) => format!(", resident {now} MiB, peak {peak} MiB"),
        _ => String::new(),
    };
    format!("{memory}{}", cpu_time())
}

/// The CPU time the process has used so far (user and system, all
/// threads), from `/proc/self/stat`: against the wall time of a step, how
/// many cores it kept busy.
fn cpu_time() -> String {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return String::new();
    };
    // The fields after the command name (which may hold spaces) in
    // parentheses: utime and stime are the 12th and 13th, in ticks of
    // 10 ms.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |n: usize| fields.get(n).and_then(|f| f.parse::<u64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(user), Some(system)) => format!(", cpu {} ms", (user + system) * 10),
        _ => String::new(),
    }
}
