//! Error types and the exit-code contract.
//!
//! Exit codes (docs/cli.md): 0 success; 1 the data has problems (validation errors);
//! 2 usage or I/O error. Data problems found while loading are not errors of this type:
//! they are collected as [`crate::load::Problem`]s so that every one can be reported.

use std::io;
use std::path::Path;

/// Errors that stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad arguments: an unknown region, chain or format combination.
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file (or `<stdout>`) being read or written, as displayed to the user.
        path: String,
        /// The operating system's error.
        source: io::Error,
    },
    /// The dataset has validation errors (already reported in detail).
    #[error("{0}")]
    InvalidData(String),
}

impl Error {
    /// An [`Error::Io`] for `path`, which is kept as its displayed form for the message.
    pub fn io(path: impl AsRef<Path>, source: io::Error) -> Error {
        Error::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::InvalidData(_) => 1,
            Error::Usage(_) | Error::Io { .. } => 2,
        }
    }
}

/// `Result` with this crate's [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Writes one line to stderr, ignoring failure: a closed or full stderr loses the message,
/// never the run's exit code (`eprintln!` would panic, exit 101).
pub(crate) fn stderr_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let _ = writeln!(io::stderr().lock(), "{args}");
}

/// Installs a panic hook that ends a panic from a failed `print!`/`eprint!` (a closed or
/// full stdout or stderr reached by some code path that still uses them) with exit code 2,
/// as any other I/O error, instead of 101; other panics keep the default report.
pub(crate) fn exit_2_on_print_failure() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to std") {
            std::process::exit(2);
        }
        default(info);
    }));
}
