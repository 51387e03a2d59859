//! What the loader refuses to read: a data file that is not a regular file (a device, a
//! FIFO, a socket: `/dev/zero` never ends, a FIFO blocks the open), and more bytes than the
//! memory check allows (a file that grows while it is read, or one whose listed size is not
//! its length, as under /proc).

use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::error::Error;

/// The reason a data file is refused: it is not a regular file. Its message names what it
/// is instead; [`Error::io`] puts the file's path in front.
#[derive(Debug)]
struct NotRegular(&'static str);

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "not a regular file ({}); a data file must be a regular file",
            self.0
        )
    }
}

impl std::error::Error for NotRegular {}

/// What a file that is not a regular file is, for messages.
fn kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        return "a folder";
    }
    "not a file"
}

/// Refuses, before anything is read, a data file that exists and is neither a regular file
/// nor a folder. `metadata` follows symlinks: a link is judged by its target. A missing file
/// and a folder in a file's place are data problems, reported when the file is opened; any
/// other failure to look at the file (a symlink loop, a path through a file) is an I/O error.
pub(super) fn refuse_irregular(dir: &Path, files: &[&str]) -> Result<(), Error> {
    for file in files {
        let path = dir.join(file);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() || m.is_dir() => {}
            Ok(m) => {
                return Err(Error::io(
                    &path,
                    io::Error::other(NotRegular(kind(m.file_type()))),
                ));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, e)),
        }
    }
    Ok(())
}

/// Opens a data file for reading, refusing what is not a regular file. The open does not
/// block on a FIFO put in the file's place after [`refuse_irregular`] looked (it is
/// non-blocking; reads from a regular file never block anyway), and the check is made on
/// the opened file itself.
pub(super) fn open_regular(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let file_type = file.metadata()?.file_type();
    if !file_type.is_file() {
        return Err(io::Error::other(NotRegular(kind(file_type))));
    }
    Ok(file)
}

/// How many bytes of the dataset's files the memory check allows to be read, all files
/// together: what it lets through when it passes. `None` (no cap) when the available
/// memory is unknown.
pub(super) fn allowed_bytes() -> Option<u64> {
    super::available_memory().map(|bytes| bytes / super::MEMORY_PER_INPUT_BYTE)
}

/// The bytes the dataset's files may still supply, shared by their readers in load order;
/// no cap when `allowed` is `None`.
#[derive(Debug, Clone, Default)]
pub(super) struct Budget {
    allowed: Option<u64>,
    state: Arc<State>,
}

#[derive(Debug, Default)]
struct State {
    read: AtomicU64,
    exceeded: AtomicBool,
}

/// The reason reading stopped: more bytes than the memory check allows.
#[derive(Debug)]
pub(crate) struct ReadLimitExceeded {
    allowed: u64,
}

impl std::fmt::Display for ReadLimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the dataset's files hold more than the {} the memory check allows to be read \
             (this file grew while it was read, or it is longer than its listed size, as files \
             under /proc are); skip the memory check to read it anyway",
            amount(self.allowed)
        )
    }
}

impl std::error::Error for ReadLimitExceeded {}

/// Whether `error` is the loader refusing to read past what the memory check allows.
pub(crate) fn is_read_limit(error: &Error) -> bool {
    matches!(error, Error::Io { source, .. }
        if source.get_ref().is_some_and(|e| e.is::<ReadLimitExceeded>()))
}

fn amount(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

impl Budget {
    /// A budget of `allowed` bytes in all (`None`: no cap).
    pub(super) fn new(allowed: Option<u64>) -> Budget {
        Budget {
            allowed,
            state: Arc::default(),
        }
    }

    /// `file` as a reader that fails once the budget is spent (the file itself when there
    /// is no cap).
    pub(super) fn reader(&self, file: std::fs::File) -> Box<dyn Read + Send> {
        match self.allowed {
            None => Box::new(file),
            Some(allowed) => Box::new(Capped {
                inner: file,
                allowed,
                state: Arc::clone(&self.state),
            }),
        }
    }

    /// The error for `path` when a reader ran past the budget (the reader's own error is
    /// reported as a data problem where a stream stops; this replaces it).
    pub(super) fn exceeded(&self, path: &Path) -> Option<Error> {
        let allowed = self.allowed?;
        self.state
            .exceeded
            .load(Ordering::Relaxed)
            .then(|| Error::io(path, io::Error::other(ReadLimitExceeded { allowed })))
    }
}

/// A reader that supplies at most what is left of a [`Budget`] and fails, rather than end
/// early, when there is more.
struct Capped<R> {
    inner: R,
    allowed: u64,
    state: Arc<State>,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self
            .allowed
            .saturating_sub(self.state.read.load(Ordering::Relaxed));
        if left == 0 {
            // Spent: the end of the file is fine, one more byte is not.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => {
                    self.state.exceeded.store(true, Ordering::Relaxed);
                    Err(io::Error::other(ReadLimitExceeded {
                        allowed: self.allowed,
                    }))
                }
            };
        }
        let take = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..take])?;
        self.state.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(budget: &Budget, bytes: &[u8]) -> io::Result<Vec<u8>> {
        let mut capped = Capped {
            inner: bytes,
            allowed: budget.allowed.unwrap(),
            state: Arc::clone(&budget.state),
        };
        let mut out = Vec::new();
        capped.read_to_end(&mut out).map(|_| out)
    }

    #[test]
    fn a_budget_is_shared_and_exact() {
        let budget = Budget::new(Some(10));
        assert_eq!(read_all(&budget, b"abcd").unwrap(), b"abcd");
        assert_eq!(read_all(&budget, b"efghij").unwrap(), b"efghij");
        assert!(budget.exceeded(Path::new("x")).is_none());
        assert_eq!(read_all(&budget, b"").unwrap(), b"");
        let err = read_all(&budget, b"k").unwrap_err();
        assert!(err.to_string().contains("more than the 10 bytes"), "{err}");
        let err = budget.exceeded(Path::new("d/links.csv")).unwrap();
        assert!(is_read_limit(&err));
        assert!(
            err.to_string()
                .starts_with("d/links.csv: the dataset's files hold more")
        );
    }

    /// Past the first block, the stream stops at the cap with a read error, and the budget
    /// says so (the loader turns that into its exit-2 error).
    #[test]
    fn a_stream_stops_at_the_cap_in_a_later_block() {
        let record = b"a,b,c,d,e,f,g\n";
        let text: Vec<u8> = record.repeat((33 << 20) / record.len());
        let budget = Budget::new(Some(text.len() as u64 - 1));
        let reader = Capped {
            inner: io::Cursor::new(text),
            allowed: budget.allowed.unwrap(),
            state: Arc::clone(&budget.state),
        };
        let tag = super::super::problem::FileTag {
            name: "links.csv".into(),
            rank: 3,
        };
        let (mut stream, first) =
            super::super::records::BlockStream::start(Box::new(reader), &tag).unwrap();
        assert!(!first.is_empty());
        assert!(budget.exceeded(Path::new("links.csv")).is_none());
        let mut problems = super::super::problem::Problems::default();
        while stream.next_text(&mut problems).is_some() {}
        assert!(budget.exceeded(Path::new("links.csv")).is_some());
        assert_eq!(problems.error_count(), 1);
    }

    #[test]
    fn one_byte_over_fails() {
        let budget = Budget::new(Some(3));
        assert!(read_all(&budget, b"abcd").is_err());
        assert!(budget.exceeded(Path::new("x")).is_some());
    }
}
