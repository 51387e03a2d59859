//! The one place that writes results. Renderers produce bytes; this module decides where
//! they go:
//!
//! - stdout (`None` or `-`), where a closed pipe is not an error;
//! - one file with `-o FILE` ([`write_file`]): a regular file (or a missing one) is
//!   written whole or not at all — a temporary file beside it, given the old file's mode,
//!   then renamed over it; anything else that exists (a device such as `/dev/null`, a
//!   FIFO, `/dev/stdout`) is opened and written directly, never replaced; a symlink to a
//!   regular file is followed and its target replaced, the link kept;
//! - a set of files into a folder ([`OutputSet`]): written into a temporary folder beside
//!   the target and swapped in whole once every file is complete.
//!
//! Temporary names come from `tempfile` (random, created exclusively) and start with
//! `.NAME.chainatlas-`; SIGINT and SIGTERM remove them before the process ends (see
//! `cleanup`). A stale one from a killed run is never in the way.

mod cleanup;
mod set;

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::error::Error;

pub use set::{MARKER, OutputSet};

/// Where a command's output goes: `None` or `-` is stdout.
pub fn emit(bytes: &[u8], target: Option<&Path>, inputs: &[PathBuf]) -> Result<(), Error> {
    match target {
        None => write_stdout(bytes),
        Some(p) if p.as_os_str() == "-" => write_stdout(bytes),
        Some(path) => write_file(path, bytes, inputs),
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("<stdout>", e)),
    }
}

/// Writes `bytes` to `path`: atomically (temporary file + rename, keeping the old file's
/// mode) when it is a regular file or missing, directly when it is a device, FIFO or other
/// non-regular file. A symlink is followed. Refuses a folder, a symlink to nothing and one
/// of the run's inputs.
pub fn write_file(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<(), Error> {
    if let Ok(target) = fs::canonicalize(path) {
        for input in inputs {
            if fs::canonicalize(input).is_ok_and(|i| i == target) {
                return Err(Error::Usage(format!(
                    "refusing to write {}: it is an input of this run",
                    path.display()
                )));
            }
        }
    }
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(Error::Usage(format!(
            "{} is a folder; -o takes a file path",
            path.display()
        ))),
        Ok(m) if m.is_file() => {
            // A symlink is replaced at its target (canonicalize succeeds: the file exists).
            let real = if is_symlink(path) {
                fs::canonicalize(path).map_err(|e| Error::io(path, e))?
            } else {
                path.to_path_buf()
            };
            replace(&real, bytes, Some(&m)).map_err(|e| Error::io(path, e))
        }
        // Devices, FIFOs, /dev/stdout: opened (following any link) and written through.
        Ok(_) => write_through(path, bytes).map_err(|e| Error::io(path, e)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if is_symlink(path) {
                return Err(Error::Usage(format!(
                    "{} is a symlink to a missing file; -o writes through a symlink, not over it",
                    path.display()
                )));
            }
            replace(path, bytes, None).map_err(|e| Error::io(path, e))
        }
        Err(e) => Err(Error::io(path, e)),
    }
}

fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Streams `bytes` into an existing non-regular file (no create, no truncate). A pipe
/// closed by its reader is not an error, as on stdout.
fn write_through(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new().write(true).open(path)?;
    match file.write_all(bytes).and_then(|()| file.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The temporary file beside `path`, filled, given `old`'s mode (and owner, where allowed),
/// synced and renamed over `path`. On any error the temporary file is removed.
fn replace(path: &Path, bytes: &[u8], old: Option<&fs::Metadata>) -> io::Result<()> {
    let (dir, name) = split(path)?;
    let tmp = {
        let mut pending = cleanup::lock();
        let tmp = tempfile::Builder::new()
            .prefix(&temp_prefix(&name))
            .suffix(".tmp")
            .permissions(fs::Permissions::from_mode(0o666))
            .tempfile_in(&dir)?;
        pending.push(tmp.path().to_path_buf());
        tmp
    };
    let tmp_path = tmp.path().to_path_buf();
    let filled = (|| {
        let mut file = tmp.as_file();
        file.write_all(bytes)?;
        if let Some(old) = old {
            file.set_permissions(fs::Permissions::from_mode(old.mode() & 0o7777))?;
            // Best effort: only root (or a member of the group) may give the file away.
            let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
        }
        file.sync_all()
    })();
    let mut pending = cleanup::lock();
    // On error (here or in the rename) dropping the temporary file removes it.
    let result = filled.and_then(|()| tmp.persist(path).map(drop).map_err(|e| e.error));
    cleanup::forget(&mut pending, &tmp_path);
    result
}

/// The start of a temporary name for `name`: `.NAME.chainatlas-` (then random, `.tmp`).
fn temp_prefix(name: &str) -> String {
    format!(".{name}.chainatlas-")
}

/// `path`'s folder (`.` when it has none) and file name.
fn split(path: &Path) -> io::Result<(PathBuf, String)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: not a file path", path.display()),
            )
        })?;
    Ok((dir, name))
}
