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
