//! The temporary files and folders a run has in flight, and what SIGINT and SIGTERM do
//! with them: remove every one, then end the process by the same signal (a shell shows
//! exit status 130 or 143, and a script's loop sees that its child was interrupted).
//!
//! The handler is a thread (signal-hook's iterator), not code in the signal handler
//! itself, so removing files may allocate and take locks. It is installed when the first
//! temporary path is registered; a run that writes nothing keeps the default behaviour.
//!
//! Every change to the set of temporary paths — creating one, renaming one into place,
//! removing one — happens under one lock, and the signal thread takes that lock before it
//! removes anything and never releases it. So a signal either finds a path still
//! temporary and removes it, or finds it already in place and leaves it; it never removes
//! the old copy of a folder halfway through a swap.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

use signal_hook::consts::{SIGINT, SIGTERM};

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

/// The temporary paths in flight, locked. Installs the signal thread on first use.
pub(super) fn lock() -> MutexGuard<'static, Vec<PathBuf>> {
    HANDLER.call_once(install);
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Forgets `path` (it was renamed into place or removed).
pub(super) fn forget(pending: &mut Vec<PathBuf>, path: &Path) {
    pending.retain(|p| p != path);
}

/// Removes a temporary file or folder; a missing one is fine.
pub(super) fn remove(path: &Path) {
    let _ = match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(_) => Ok(()),
    };
}

fn install() {
    // Without the thread (it could not be started) a signal ends the run as before, and
    // the temporary files stay behind; writing still works, so that is not an error.
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("chainatlas-signals".to_string())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
                for path in pending.iter() {
                    remove(path);
                }
                // Held until the process ends: nothing new is created or renamed.
                std::mem::forget(pending);
                let _ = signal_hook::low_level::emulate_default_handler(sig);
                std::process::exit(128 + sig);
            }
        });
}
