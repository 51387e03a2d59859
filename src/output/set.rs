//! A set of files written into a folder as one: into a temporary folder beside the target,
//! swapped in once every file is complete. A failed or interrupted run leaves the previous
//! set whole; a successful one never leaves a mix of old and new files.
//!
//! The swap: onto a missing target, one rename. Onto an existing folder, on Linux one
//! `renameat2(RENAME_EXCHANGE)` (the old set then sits at the temporary name and is
//! removed); where that is not supported, the old folder is renamed aside, the new one in,
//! and the old one removed — for the moment between the two renames the target is missing.
//!
//! Only a missing folder, an empty one, or one this tool wrote before is replaced: every
//! set holds a marker file, [`MARKER`], listing the set's files; a folder holding
//! anything else (or anything at all, without the marker) is refused with the name of the
//! unexpected entry, so no unrelated file is ever deleted. Hidden temporary files of this
//! tool (`.NAME.chainatlas-….tmp`, and the `.NAME.PID.tmp` of older versions) left by a
//! killed run are not counted as unexpected: they go with the old set.
//!
//! Two environment variables exist for the tests only (tests/output_guarantees.rs) and are
//! read only here: `CHAINATLAS_TEST_FAIL_AFTER_FILES=N` makes the set's file N+1 fail as a
//! full disk would; `CHAINATLAS_TEST_PAUSE_FILE=PATH` makes the writer, once its first file
//! is complete, create PATH and wait until it is removed.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::{cleanup, split, temp_prefix};

/// The marker file in every set this tool writes: a comment, then the set's file names.
pub const MARKER: &str = ".chainatlas-output";

const MARKER_HEADER: &str = "# Written by chainatlas as one set. The next chainatlas run writing here\n\
                             # replaces this folder whole; it refuses a folder holding files not listed here.\n";

/// A set of files being written; dropped before [`OutputSet::commit`] it removes its
/// temporary folder and leaves the target as it was.
#[derive(Debug)]
pub struct OutputSet {
    target: PathBuf,
    tmp: PathBuf,
    names: Vec<String>,
    committed: bool,
}

impl OutputSet {
    /// Starts a set for folder `path` (a symlink to a folder is followed): checks that the
    /// folder may be replaced and holds none of `inputs`, creates its parent if missing and
    /// the temporary folder beside it.
    pub fn begin(path: &Path, inputs: &[PathBuf]) -> io::Result<OutputSet> {
        let target = if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            fs::canonicalize(path)
                .map_err(|e| refused(&format!("it is a symlink to nothing ({e}); give a folder")))?
        } else {
            path.to_path_buf()
        };
        let old_mode = check_target(&target)?;
        if let Ok(real) = fs::canonicalize(&target) {
            for input in inputs {
                if fs::canonicalize(input).is_ok_and(|i| i.starts_with(&real)) {
                    return Err(refused(&format!(
                        "it holds {}, an input of this run",
                        input.display()
                    )));
                }
            }
        }
        // `.`, `..` and `/` have no name to put a temporary folder beside.
        let (parent, name) = split(&target).map_err(|_| {
            refused("give the folder by its name (not ., .. or /): it is swapped whole")
        })?;
        fs::create_dir_all(&parent)?;
        let mut pending = cleanup::lock();
        let tmp = tempfile::Builder::new()
            .prefix(&temp_prefix(&name))
            .suffix(".tmp")
            .permissions(fs::Permissions::from_mode(old_mode.unwrap_or(0o777)))
            .tempdir_in(&parent)?
            .keep();
        if let Some(mode) = old_mode {
            // The umask applied at creation; the old folder's mode is kept exactly.
            fs::set_permissions(&tmp, fs::Permissions::from_mode(mode))?;
        }
        pending.push(tmp.clone());
        Ok(OutputSet {
            target,
            tmp,
            names: Vec::new(),
            committed: false,
        })
    }

    /// The folder the set goes to (a symlink given to [`OutputSet::begin`] resolved).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes file `name` of the set with `fill` (buffered), then closes it; returns what
    /// `fill` returns.
    pub fn write<T>(
        &mut self,
        name: &str,
        fill: impl FnOnce(&mut BufWriter<File>) -> io::Result<T>,
    ) -> io::Result<T> {
        if test_fail_after().is_some_and(|n| self.names.len() >= n) {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left (injected by CHAINATLAS_TEST_FAIL_AFTER_FILES)",
            ));
        }
        let file = {
            // Under the lock: a signal being handled removes the folder first, or never.
            let _pending = cleanup::lock();
            File::create(self.tmp.join(name))?
        };
        let mut w = BufWriter::with_capacity(1 << 20, file);
        let out = fill(&mut w)?;
        w.into_inner().map_err(|e| e.into_error())?;
        self.names.push(name.to_string());
        test_pause();
        Ok(out)
    }

    /// Writes file `name` of the set with `bytes`.
    pub fn write_bytes(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        self.write(name, |w| w.write_all(bytes))
    }

    /// Writes the marker and swaps the set in place of the target folder; the old set, if
    /// any, is removed.
    pub fn commit(mut self) -> io::Result<()> {
        let mut marker = MARKER_HEADER.to_string();
        for name in &self.names {
            marker.push_str(name);
            marker.push('\n');
        }
        fs::write(self.tmp.join(MARKER), marker)?;
        let old = {
            let mut pending = cleanup::lock();
            // Checked again: the folder may have changed while the set was written.
            let exists = check_target(&self.target)?.is_some();
            let old = swap(&self.tmp, &self.target, exists)?;
            cleanup::forget(&mut pending, &self.tmp);
            if let Some(old) = &old {
                pending.push(old.clone());
            }
            self.committed = true;
            old
        };
        if let Some(old) = old {
            let removed = fs::remove_dir_all(&old);
            cleanup::forget(&mut cleanup::lock(), &old);
            removed.map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "the new files are in place, but the old ones, moved to {}, could not be removed: {e}",
                        old.display()
                    ),
                )
            })?;
        }
        Ok(())
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        if !self.committed {
            let mut pending = cleanup::lock();
            cleanup::remove(&self.tmp);
            cleanup::forget(&mut pending, &self.tmp);
        }
    }
}

/// Whether `target` may be replaced: `Ok(None)` missing, `Ok(Some(mode))` a folder that is
/// empty or holds only what its marker lists (and stale temporary files); else the refusal.
fn check_target(target: &Path) -> io::Result<Option<u32>> {
    let meta = match fs::metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return Err(refused("it is not a folder"));
    }
    let listed: Option<Vec<String>> = match fs::read_to_string(target.join(MARKER)) {
        Ok(text) => Some(
            text.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect(),
        ),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let mut unexpected: Vec<String> = Vec::new();
    for entry in fs::read_dir(target)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let ours = name == MARKER
            || is_stale_temp(&name)
            || listed.as_ref().is_some_and(|l| l.contains(&name));
        if !ours {
            unexpected.push(name);
        }
    }
    unexpected.sort();
    if let Some(first) = unexpected.first() {
        let more = match unexpected.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        let why = if listed.is_some() {
            format!("{MARKER} does not list it")
        } else {
            format!("no {MARKER} marker: chainatlas did not write this folder")
        };
        return Err(refused(&format!(
            "it holds {first:?}{more} ({why}); remove it or give another folder, nothing was written"
        )));
    }
    Ok(Some(
        std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o7777,
    ))
}

/// A hidden temporary file of this tool: `.NAME.chainatlas-….tmp`, or `.NAME.PID.tmp` as
/// older versions of `generate` named them.
fn is_stale_temp(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    inner.contains(".chainatlas-")
        || inner
            .rsplit_once('.')
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// The error for a folder that may not be replaced (the caller names the folder).
fn refused(why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("refusing to replace this folder: {why}"),
    )
}

/// Puts folder `new` in place of `target`; returns where the old folder now is, if there
/// was one.
fn swap(new: &Path, target: &Path, exists: bool) -> io::Result<Option<PathBuf>> {
    if !exists {
        fs::rename(new, target)?;
        return Ok(None);
    }
    #[cfg(target_os = "linux")]
    match exchange(new, target) {
        Ok(()) => return Ok(Some(new.to_path_buf())),
        // Not supported by this kernel or filesystem: fall back to two renames.
        Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {}
        Err(e) => return Err(e),
    }
    let mut aside = new.as_os_str().to_owned();
    aside.push(".old");
    let aside = PathBuf::from(aside);
    fs::rename(target, &aside)?;
    if let Err(e) = fs::rename(new, target) {
        let _ = fs::rename(&aside, target);
        return Err(e);
    }
    Ok(Some(aside))
}

/// `renameat2(a, b, RENAME_EXCHANGE)`: swaps two paths atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call; the raw syscall
    // (not the libc wrapper, missing from older glibc and musl) only reads them.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `CHAINATLAS_TEST_FAIL_AFTER_FILES` (tests only).
fn test_fail_after() -> Option<usize> {
    std::env::var("CHAINATLAS_TEST_FAIL_AFTER_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
}

/// `CHAINATLAS_TEST_PAUSE_FILE` (tests only): once per process, create the file and wait
/// until it is removed.
fn test_pause() {
    static PAUSED: AtomicBool = AtomicBool::new(false);
    let Some(path) = std::env::var_os("CHAINATLAS_TEST_PAUSE_FILE") else {
        return;
    };
    if PAUSED.swap(true, Ordering::Relaxed) {
        return;
    }
    let path = PathBuf::from(path);
    if fs::write(&path, b"paused\n").is_err() {
        return;
    }
    while path.exists() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temporary_names_are_recognised() {
        assert!(is_stale_temp(".links.csv.chainatlas-Ab12Cd.tmp"));
        assert!(is_stale_temp(".links.csv.12345.tmp"));
        assert!(!is_stale_temp("links.csv"));
        assert!(!is_stale_temp(".links.csv.tmp"));
        assert!(!is_stale_temp("links.12345.tmp"));
        assert!(!is_stale_temp(".notes.txt"));
    }
}
