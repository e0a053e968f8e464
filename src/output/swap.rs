//! Swapping built editions into the output folder so that, whatever
//! happens (a failed rename, a build killed at any instant), every edition
//! folder is either the complete old one or the complete new one, and the
//! next build repairs what an interrupted one left.
//!
//! The protocol, under a lock on the output folder (one build at a time):
//!
//! 1. Each edition is rendered into `<out>/.<edition>.building-<pid>`.
//! 2. A journal, `<out>/.playbook-swap`, is written (to a temporary name,
//!    flushed to disk, then renamed into place) naming each staged folder
//!    and its inode.
//! 3. Each edition is swapped in: on Linux one `renameat2(RENAME_EXCHANGE)`
//!    (the old and the new folder trade places in one step, so the edition
//!    path never stops existing); elsewhere, or on a file system without
//!    it, two renames (old aside to `.<edition>.old-<pid>`, new into place).
//! 4. The journal is removed, then the old copies are deleted.
//!
//! A rename that fails puts back the editions already swapped. A build
//! killed between 2 and 4 leaves the journal; the next build completes the
//! swap (the staged folders it names are whole, since the journal is only
//! written once everything rendered). The inode in the journal tells a
//! swapped edition from one still waiting, whatever the folders are
//! called. With the lock held, every other `.<edition>.building-*` or
//! `.<edition>.old-*` folder (of an edition of `playbook.yaml` or of the
//! journal) is a leftover of a build that is no longer running, and is
//! deleted.
//!
//! `PLAYBOOK_FAULT` is a test hook (see `Faults`), read once.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The journal of a swap in progress, in the output folder.
const JOURNAL: &str = ".playbook-swap";
/// Where the journal is written before it is renamed into place.
const JOURNAL_DRAFT: &str = ".playbook-swap.draft";
/// The journal's first line (its format).
const JOURNAL_HEADER: &str = "playbook swap journal 1";

/// Faults injected by the test hook `PLAYBOOK_FAULT`, a comma-separated
/// list (tests only; never set in normal use):
///
/// - `kill-before-swap`: SIGKILL the build once the journal is written;
/// - `pause-before-swap-MS`: wait MS milliseconds there (a slow swap, for
///   another build to run into);
/// - `kill-after-rename-N` (`after-first-rename` = 1): SIGKILL the build
///   right after the swap's N-th rename (or exchange);
/// - `fail-rename-N` (`fail-second-rename` = 2): the N-th rename fails;
/// - `fail-undo`: putting back what a failed swap did fails too;
/// - `no-exchange`: swap with two renames, as where `renameat2` is missing;
/// - `fail-write-after-N`: every file written after the first N fails
///   with "no space left on device".
#[derive(Default, Debug)]
struct Faults {
    kill_before_swap: bool,
    pause_before_swap: Option<u64>,
    kill_after_rename: Option<usize>,
    fail_rename: Option<usize>,
    no_exchange: bool,
    fail_undo: bool,
    fail_write_after: Option<usize>,
}

static FAULTS: LazyLock<Faults> = LazyLock::new(|| {
    let mut faults = Faults::default();
    let Some(value) = std::env::var_os("PLAYBOOK_FAULT") else {
        return faults;
    };
    for fault in value.to_string_lossy().split(',').map(str::trim) {
        let number = |prefix: &str| fault.strip_prefix(prefix)?.parse::<usize>().ok();
        match fault {
            "kill-before-swap" => faults.kill_before_swap = true,
            "after-first-rename" => faults.kill_after_rename = Some(1),
            "fail-second-rename" => faults.fail_rename = Some(2),
            "no-exchange" => faults.no_exchange = true,
            "fail-undo" => faults.fail_undo = true,
            _ => {
                if let Some(n) = number("kill-after-rename-") {
                    faults.kill_after_rename = Some(n);
                } else if let Some(n) = number("fail-rename-") {
                    faults.fail_rename = Some(n);
                } else if let Some(n) = number("pause-before-swap-") {
                    faults.pause_before_swap = Some(n as u64);
                } else if let Some(n) = number("fail-write-after-") {
                    faults.fail_write_after = Some(n);
                } else if !fault.is_empty() {
                    eprintln!("warning: PLAYBOOK_FAULT: unknown test fault `{fault}` ignored");
                }
            }
        }
    }
    faults
});

/// Files written so far (for `fail-write-after-N`).
static WRITES: AtomicUsize = AtomicUsize::new(0);

/// The test hook's "disk full" before a file is written.
pub(crate) fn fault_before_write() -> io::Result<()> {
    if let Some(limit) = FAULTS.fail_write_after
        && WRITES.fetch_add(1, Ordering::Relaxed) >= limit
    {
        return Err(io::Error::from_raw_os_error(libc::ENOSPC));
    }
    Ok(())
}

/// Ends the process as `kill -9` would (the test hook).
fn killed_by_fault() -> ! {
    // SAFETY: sends a signal to this very process; no memory is involved.
    unsafe {
        libc::kill(libc::getpid(), libc::SIGKILL);
    }
    std::process::abort()
}

/// The output folder, locked for this build: other builds into it wait.
/// The lock is the kernel's (`flock` on the folder itself), so it goes
/// with the process however it ends, and leaves no file behind.
pub struct OutputLock {
    out: PathBuf,
    _folder: File,
}

impl OutputLock {
    /// Creates the output folder if needed and locks it, waiting (with a
    /// message) while another build holds it.
    pub fn acquire(out: &Path) -> io::Result<OutputLock> {
        fs::create_dir_all(out)?;
        let folder = File::open(out)?;
        lock_exclusive(&folder, out)?;
        Ok(OutputLock {
            out: out.to_path_buf(),
            _folder: folder,
        })
    }

    pub fn out(&self) -> &Path {
        &self.out
    }
}

#[cfg(unix)]
fn lock_exclusive(folder: &File, out: &Path) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = folder.as_raw_fd();
    // SAFETY: flock on a descriptor this function borrows; no memory.
    if unsafe { libc::flock(fd, libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(());
    }
    let error = io::Error::last_os_error();
    if error.raw_os_error() != Some(libc::EWOULDBLOCK) {
        // A file system without locks (some network ones): build unlocked
        // rather than not at all.
        eprintln!(
            "warning: cannot lock `{}` ({error}); make sure no other build writes there at the same time",
            out.display()
        );
        return Ok(());
    }
    eprintln!(
        "waiting: another playbook build is writing into `{}`",
        out.display()
    );
    loop {
        // SAFETY: as above.
        if unsafe { libc::flock(fd, libc::LOCK_EX) } == 0 {
            return Ok(());
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

#[cfg(not(unix))]
fn lock_exclusive(_folder: &File, _out: &Path) -> io::Result<()> {
    Ok(())
}

/// An edition being built: its temporary folder and its final place.
pub struct Staged {
    pub edition: String,
    pub temporary: PathBuf,
    pub target: PathBuf,
}

/// Creates a fresh temporary folder for `edition` in the locked output.
pub fn stage(lock: &OutputLock, edition: &str) -> io::Result<Staged> {
    let temporary = lock
        .out
        .join(format!(".{edition}.building-{}", std::process::id()));
    if temporary.symlink_metadata().is_ok() {
        remove_any(&temporary)?;
    }
    fs::create_dir(&temporary)?;
    Ok(Staged {
        edition: edition.to_string(),
        temporary,
        target: lock.out.join(edition),
    })
}

/// Throws away staged editions after a failure.
pub fn discard(staged: &[Staged]) {
    for stage in staged {
        let _ = remove_any(&stage.temporary);
    }
}

/// Removes a folder tree, or a file or link.
fn remove_any(path: &Path) -> io::Result<()> {
    match path.symlink_metadata() {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error),
    }
}

/// Why an edition's folder cannot be swapped in, found before anything is
/// swapped: its place is taken by a file (or anything else that is neither
/// a folder nor a symbolic link), which the user may want and which the
/// swap would otherwise delete as if it were an old edition. A symbolic
/// link there is replaced (the link, never what it points to).
pub fn obstacle(target: &Path) -> Option<String> {
    let meta = target.symlink_metadata().ok()?;
    if meta.is_dir() || meta.file_type().is_symlink() {
        None
    } else {
        Some(format!(
            "`{}` is a file where the edition's folder goes (remove or rename it)",
            target.display()
        ))
    }
}

/// A folder's identity (device and inode): kept across renames, so the
/// journal can tell where a staged folder went.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = path.symlink_metadata().ok()?;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<(u64, u64)> {
    path.symlink_metadata().ok().map(|_| (0, 0))
}

/// One edition of the journal.
#[derive(Debug, Clone)]
struct Entry {
    edition: String,
    /// File names inside the output folder.
    temporary: String,
    aside: String,
    new_identity: (u64, u64),
}

impl Entry {
    fn target(&self, out: &Path) -> PathBuf {
        out.join(&self.edition)
    }
}

fn write_journal(out: &Path, entries: &[Entry]) -> io::Result<()> {
    let mut text = format!("{JOURNAL_HEADER}\n");
    for entry in entries {
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            entry.edition, entry.temporary, entry.aside, entry.new_identity.0, entry.new_identity.1
        ));
    }
    let draft = out.join(JOURNAL_DRAFT);
    let mut file = File::create(&draft)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    drop(file);
    fs::rename(&draft, out.join(JOURNAL))
}

fn read_journal(text: &str) -> Option<Vec<Entry>> {
    let mut lines = text.lines();
    if lines.next()? != JOURNAL_HEADER {
        return None;
    }
    lines
        .filter(|line| !line.is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [edition, temporary, aside, device, inode] = fields.as_slice() else {
                return None;
            };
            let plain =
                |name: &str| !name.is_empty() && !name.contains(['/', '\\']) && name != "..";
            if ![edition, temporary, aside].iter().all(|name| plain(name)) {
                return None;
            }
            Some(Entry {
                edition: edition.to_string(),
                temporary: temporary.to_string(),
                aside: aside.to_string(),
                new_identity: (device.parse().ok()?, inode.parse().ok()?),
            })
        })
        .collect()
}

/// Exchanges two paths in one step (Linux `renameat2(RENAME_EXCHANGE)`).
/// `Ok(false)`: the system or file system cannot, nothing was done.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    if FAULTS.no_exchange {
        return Ok(false);
    }
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: two NUL-terminated paths that live across the call; the
    // system call only reads them.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// How far one edition's swap went (to undo it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Progress {
    Untouched,
    /// Exchanged: the edition path holds the new folder, the temporary
    /// path the old one.
    Exchanged,
    /// The old folder moved aside; the new one not yet in place.
    MovedAside,
    /// The new folder in place, the old one aside.
    Renamed,
    /// The new folder in place where there was none.
    Added,
}

/// Counts the swap's renames for the test hook, failing or killing at the
/// requested one.
struct Steps(usize);

impl Steps {
    fn run(&mut self, operation: impl FnOnce() -> io::Result<bool>) -> io::Result<bool> {
        self.0 += 1;
        if FAULTS.fail_rename == Some(self.0) {
            return Err(io::Error::other(
                "the rename was made to fail by PLAYBOOK_FAULT (a test hook)",
            ));
        }
        let done = operation()?;
        if !done {
            // Not a rename after all (no exchange here): not counted.
            self.0 -= 1;
        } else if FAULTS.kill_after_rename == Some(self.0) {
            killed_by_fault();
        }
        Ok(done)
    }
}

fn rename(from: &Path, to: &Path) -> io::Result<bool> {
    fs::rename(from, to).map(|()| true)
}

/// Swaps one edition in, recording how far it got in `progress`.
fn swap_one(
    out: &Path,
    entry: &Entry,
    steps: &mut Steps,
    progress: &mut Progress,
) -> io::Result<()> {
    let target = entry.target(out);
    let temporary = out.join(&entry.temporary);
    let aside = out.join(&entry.aside);
    if target.symlink_metadata().is_err() {
        steps.run(|| rename(&temporary, &target))?;
        *progress = Progress::Added;
        return Ok(());
    }
    if !FAULTS.no_exchange && steps.run(|| exchange(&temporary, &target))? {
        *progress = Progress::Exchanged;
        return Ok(());
    }
    if aside.symlink_metadata().is_ok() {
        remove_any(&aside)?;
    }
    steps.run(|| rename(&target, &aside))?;
    *progress = Progress::MovedAside;
    steps.run(|| rename(&temporary, &target))?;
    *progress = Progress::Renamed;
    Ok(())
}

/// Puts one edition back as it was before `swap_one`.
fn undo_one(out: &Path, entry: &Entry, progress: Progress) -> io::Result<()> {
    if FAULTS.fail_undo && progress != Progress::Untouched {
        return Err(io::Error::other(
            "putting back was made to fail by PLAYBOOK_FAULT (a test hook)",
        ));
    }
    let target = entry.target(out);
    let temporary = out.join(&entry.temporary);
    let aside = out.join(&entry.aside);
    match progress {
        Progress::Untouched => Ok(()),
        Progress::Exchanged => {
            if exchange(&temporary, &target)? {
                Ok(())
            } else {
                Err(io::Error::other("cannot exchange the folders back"))
            }
        }
        Progress::MovedAside => fs::rename(&aside, &target),
        Progress::Renamed => {
            fs::rename(&target, &temporary)?;
            fs::rename(&aside, &target)
        }
        Progress::Added => fs::rename(&target, &temporary),
    }
}

/// What a failed swap left, edition by edition.
#[derive(Debug)]
pub struct SwapFailure {
    pub error: io::Error,
    /// The editions already swapped were put back: the output is as it was.
    pub restored: bool,
    /// Editions whose folder is now the new one.
    pub replaced: Vec<String>,
    /// Editions whose folder is still the old one (or still absent).
    pub unchanged: Vec<String>,
    /// Editions with no folder until the next build puts one back.
    pub missing: Vec<String>,
}

/// The old copies left by a successful swap, deleted by `finish`.
pub struct Swapped {
    old: Vec<PathBuf>,
}

/// Swaps every staged edition into place (see the module comment).
pub fn commit(lock: &OutputLock, staged: &[Staged]) -> Result<Swapped, SwapFailure> {
    let out = &lock.out;
    let failure = |error: io::Error| SwapFailure {
        error,
        restored: true,
        replaced: Vec::new(),
        unchanged: staged.iter().map(|stage| stage.edition.clone()).collect(),
        missing: Vec::new(),
    };
    let mut entries = Vec::with_capacity(staged.len());
    for stage in staged {
        let name = |path: &Path| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let Some(new_identity) = identity(&stage.temporary) else {
            return Err(failure(io::Error::other(format!(
                "the built edition `{}` disappeared before it was swapped in",
                stage.temporary.display()
            ))));
        };
        entries.push(Entry {
            edition: stage.edition.clone(),
            temporary: name(&stage.temporary),
            aside: format!(".{}.old-{}", stage.edition, std::process::id()),
            new_identity,
        });
    }
    // Nothing has changed yet: anything in an edition's way stops the
    // build here rather than halfway through the swap.
    for stage in staged {
        if let Some(problem) = obstacle(&stage.target) {
            return Err(failure(io::Error::other(problem)));
        }
    }
    write_journal(out, &entries).map_err(failure)?;
    if FAULTS.kill_before_swap {
        killed_by_fault();
    }
    if let Some(milliseconds) = FAULTS.pause_before_swap {
        std::thread::sleep(std::time::Duration::from_millis(milliseconds));
    }
    let mut steps = Steps(0);
    let mut progress = vec![Progress::Untouched; entries.len()];
    for (index, entry) in entries.iter().enumerate() {
        if let Err(error) = swap_one(out, entry, &mut steps, &mut progress[index]) {
            return Err(undo_all(out, &entries, &progress, error));
        }
    }
    let _ = fs::remove_file(out.join(JOURNAL));
    let old = entries
        .iter()
        .zip(&progress)
        .filter_map(|(entry, progress)| match progress {
            Progress::Exchanged => Some(out.join(&entry.temporary)),
            Progress::Renamed => Some(out.join(&entry.aside)),
            _ => None,
        })
        .collect();
    Ok(Swapped { old })
}

/// After a failed rename: puts back what was swapped, in reverse order.
/// When that works the journal goes and the output is as it was; when it
/// does not, the journal stays (the next build completes the swap) and
/// the failure says which editions are new, old or missing.
fn undo_all(out: &Path, entries: &[Entry], progress: &[Progress], error: io::Error) -> SwapFailure {
    let mut restored = true;
    for (entry, progress) in entries.iter().zip(progress).rev() {
        if undo_one(out, entry, *progress).is_err() {
            restored = false;
        }
    }
    if restored {
        let _ = fs::remove_file(out.join(JOURNAL));
    }
    let mut failure = SwapFailure {
        error,
        restored,
        replaced: Vec::new(),
        unchanged: Vec::new(),
        missing: Vec::new(),
    };
    for entry in entries {
        let target = entry.target(out);
        let list = match identity(&target) {
            Some(found) if found == entry.new_identity => &mut failure.replaced,
            Some(_) => &mut failure.unchanged,
            None if out.join(&entry.aside).symlink_metadata().is_ok() => &mut failure.missing,
            None => &mut failure.unchanged,
        };
        list.push(entry.edition.clone());
    }
    failure
}

/// Deletes the old copies of a successful swap, side by side (each is
/// tens of thousands of files: deleting them is a tenth of a large
/// build's wall time). A copy that cannot be deleted is only reported:
/// the new editions are in place, and the next build deletes it.
pub fn finish(swapped: Swapped) -> Vec<String> {
    use rayon::prelude::*;
    swapped
        .old
        .par_iter()
        .filter_map(|folder| {
            remove_any(folder)
                .err()
                .map(|error| format!("cannot delete `{}`: {error}", folder.display()))
        })
        .collect()
}

/// What `repair` did.
#[derive(Debug, Default)]
pub struct Repair {
    /// An interrupted swap's journal was found (and its swap completed).
    pub interrupted: bool,
    /// Editions whose interrupted swap was completed.
    pub completed: Vec<String>,
    /// Editions whose old folder was put back (the new one was gone).
    pub restored: Vec<String>,
    /// Leftover temporary folders deleted.
    pub leftovers: usize,
}

/// Repairs what an interrupted build left in the locked output folder:
/// completes the swap its journal records, then deletes every leftover
/// temporary folder of `editions` (those of `playbook.yaml`) and of the
/// journal's (no other build can be running: the lock is held).
pub fn repair(lock: &OutputLock, editions: &[&str]) -> io::Result<Repair> {
    let out = &lock.out;
    let mut repair = Repair::default();
    let mut editions: Vec<String> = editions.iter().map(|name| name.to_string()).collect();
    let journal = out.join(JOURNAL);
    match fs::read_to_string(&journal) {
        Ok(text) => {
            let Some(entries) = read_journal(&text) else {
                return Err(io::Error::other(format!(
                    "`{}` (the record of an interrupted swap) is damaged; check the edition folders and the hidden `.<edition>.building-*` and `.<edition>.old-*` folders beside them, keep the complete ones, then delete it",
                    journal.display()
                )));
            };
            repair.interrupted = true;
            for entry in &entries {
                complete_one(out, entry, &mut repair)?;
                editions.push(entry.edition.clone());
            }
            fs::remove_file(&journal)?;
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(error),
    }
    for item in fs::read_dir(out)? {
        let item = item?;
        let name = item.file_name();
        if is_leftover(&name.to_string_lossy(), &editions) {
            remove_any(&item.path())?;
            repair.leftovers += 1;
        }
    }
    Ok(repair)
}

/// Completes one edition of an interrupted swap.
fn complete_one(out: &Path, entry: &Entry, repair: &mut Repair) -> io::Result<()> {
    let target = entry.target(out);
    let temporary = out.join(&entry.temporary);
    let aside = out.join(&entry.aside);
    if identity(&target) == Some(entry.new_identity) {
        return Ok(());
    }
    if identity(&temporary) == Some(entry.new_identity) {
        if target.symlink_metadata().is_err() {
            fs::rename(&temporary, &target)?;
        } else if !exchange(&temporary, &target)? {
            if aside.symlink_metadata().is_ok() {
                remove_any(&aside)?;
            }
            fs::rename(&target, &aside)?;
            fs::rename(&temporary, &target)?;
        }
        repair.completed.push(entry.edition.clone());
    } else if target.symlink_metadata().is_err() && aside.symlink_metadata().is_ok() {
        fs::rename(&aside, &target)?;
        repair.restored.push(entry.edition.clone());
    }
    Ok(())
}

/// Whether a name in the output folder is a temporary folder of a build
/// of one of `editions` (`.<edition>.building-<pid>`,
/// `.<edition>.old-<pid>`) or the journal's draft. Only these are ever
/// deleted: the output folder may hold other files of the user's (`.git`,
/// `.nojekyll`, a backup named `.site.old-2024`).
fn is_leftover(name: &str, editions: &[String]) -> bool {
    if name == JOURNAL_DRAFT {
        return true;
    }
    let Some(rest) = name.strip_prefix('.') else {
        return false;
    };
    [".building-", ".old-"].iter().any(|marker| {
        rest.rsplit_once(marker).is_some_and(|(edition, pid)| {
            editions.iter().any(|known| known == edition)
                && !pid.is_empty()
                && pid.bytes().all(|byte| byte.is_ascii_digit())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_temporary_folders_are_leftovers() {
        let editions = ["company".to_string(), "vendor".to_string()];
        let leftover = |name: &str| is_leftover(name, &editions);
        assert!(leftover(".company.building-123"));
        assert!(leftover(".vendor.old-9"));
        assert!(leftover(".playbook-swap.draft"));
        assert!(!leftover(".git"));
        assert!(!leftover(".nojekyll"));
        assert!(!leftover("company"));
        assert!(!leftover(".company.building-"));
        assert!(!leftover(".company.old-12a"));
        assert!(!leftover(".playbook-swap"));
        assert!(!leftover(".site.old-2024"));
    }

    #[test]
    fn the_journal_reads_back_what_was_written() {
        let folder = tempfile::tempdir().unwrap();
        let entries = vec![Entry {
            edition: "company".into(),
            temporary: ".company.building-7".into(),
            aside: ".company.old-7".into(),
            new_identity: (3, 44),
        }];
        write_journal(folder.path(), &entries).unwrap();
        let text = fs::read_to_string(folder.path().join(JOURNAL)).unwrap();
        let read = read_journal(&text).unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].edition, "company");
        assert_eq!(read[0].new_identity, (3, 44));
        assert!(read_journal("something else\n").is_none());
        assert!(read_journal(&format!("{JOURNAL_HEADER}\n../x\ta\tb\t1\t2\n")).is_none());
    }
}
