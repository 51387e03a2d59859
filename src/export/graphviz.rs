//! Running Graphviz: find `dot` on PATH, feed it DOT on stdin, read SVG from stdout, with a
//! timeout. Every failure is a [`GraphvizError`] with a message an analyst can act on;
//! nothing here panics. Reading and writing the child's pipes happen on separate threads,
//! so a large graph cannot deadlock on a full pipe; a child past its timeout is killed and
//! its pipe threads are left to end on their own, so a stray grandchild holding a pipe
//! cannot hold the caller.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long `dot` may run on one picture before it is killed (`map --layout-timeout`'s
/// default).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// The message shown when `dot` is missing (callers may add what to do instead).
pub const NOT_FOUND: &str =
    "Graphviz's `dot` was not found on PATH: install Graphviz (apt-get install graphviz)";

/// Why `dot` produced no SVG.
#[derive(Debug, thiserror::Error)]
pub enum GraphvizError {
    /// No `dot` executable on PATH.
    #[error("{NOT_FOUND}")]
    NotFound,
    /// `dot` was found but could not be started.
    #[error("could not run {path}: {source}")]
    Spawn {
        /// The executable that was tried.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// `dot` ran longer than the timeout (in seconds) and was killed.
    #[error("Graphviz's dot did not finish within {} and was stopped", seconds(*.0))]
    Timeout(u64),
    /// `dot` exited unsuccessfully.
    #[error("Graphviz's dot failed ({status}): {stderr}")]
    Failed {
        /// The exit status, as displayed.
        status: String,
        /// What `dot` wrote on stderr.
        stderr: String,
    },
    /// Talking to `dot` through its pipes failed.
    #[error("Graphviz's dot: {0}")]
    Io(std::io::Error),
}

/// The `dot` executable on PATH, if any.
pub fn find_dot() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let name = if cfg!(windows) { "dot.exe" } else { "dot" };
    std::env::split_paths(&path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// `dot -Tsvg` of `source` with the `dot` found on PATH, stopped after `timeout`.
pub fn render_svg_within(source: &str, timeout: Duration) -> Result<Vec<u8>, GraphvizError> {
    let dot = find_dot().ok_or(GraphvizError::NotFound)?;
    run(&dot, source.as_bytes(), timeout)
}

/// Runs `program -Tsvg` with `input` on stdin; returns its stdout.
pub fn run(program: &Path, input: &[u8], timeout: Duration) -> Result<Vec<u8>, GraphvizError> {
    let mut child = Command::new(program)
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| GraphvizError::Spawn {
            path: program.display().to_string(),
            source,
        })?;
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(GraphvizError::Io(std::io::Error::other(
            "could not open pipes to dot",
        )));
    };
    let input = input.to_vec();
    // A write error (dot exited early) shows in its exit status and stderr instead.
    let writer = thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        stdout.read_to_end(&mut buf).map(|_| buf)
    });
    let err_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                // The pipe threads end when the last holder of the pipes exits; not
                // joined, so a grandchild that kept them open cannot block the caller.
                drop((writer, out_reader, err_reader));
                return Err(GraphvizError::Timeout(timeout.as_secs()));
            }
            Ok(None) => thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(GraphvizError::Io(e));
            }
        }
    };
    let _ = writer.join();
    let stdout = match out_reader.join() {
        Ok(Ok(buf)) => buf,
        Ok(Err(e)) => return Err(GraphvizError::Io(e)),
        Err(_) => {
            return Err(GraphvizError::Io(std::io::Error::other(
                "reading dot's output failed",
            )));
        }
    };
    let stderr = err_reader.join().unwrap_or_default();
    if !status.success() || stdout.is_empty() {
        return Err(GraphvizError::Failed {
            status: status.to_string(),
            stderr: String::from_utf8_lossy(&stderr).trim().to_string(),
        });
    }
    Ok(stdout)
}

/// "1 second", "30 seconds".
fn seconds(n: u64) -> String {
    format!("{n} second{}", if n == 1 { "" } else { "s" })
}

/// Graphviz's SVG made fit to inline in HTML: the XML prolog, doctype and comments before
/// the root `<svg` element are dropped. `None` if there is no `<svg` element.
pub fn inline_svg(svg: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(svg);
    let start = text.find("<svg")?;
    Some(text[start..].trim_end().to_string() + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_svg_drops_prolog_and_doctype() {
        let svg = b"<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<!-- c -->\n<svg width=\"1\"></svg>\n";
        assert_eq!(
            inline_svg(svg).as_deref(),
            Some("<svg width=\"1\"></svg>\n")
        );
        assert_eq!(inline_svg(b"nothing"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_program_past_its_timeout_is_stopped_quickly() {
        let dir = tempfile::tempdir().unwrap();
        let slow = dir.path().join("dot");
        std::fs::write(&slow, "#!/bin/sh\nsleep 30\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&slow, std::fs::Permissions::from_mode(0o755)).unwrap();
        let start = Instant::now();
        let r = run(&slow, b"digraph{}", Duration::from_secs(1));
        assert!(matches!(r, Err(GraphvizError::Timeout(1))), "{r:?}");
        assert_eq!(
            r.unwrap_err().to_string(),
            "Graphviz's dot did not finish within 1 second and was stopped"
        );
        // The shell is killed; its `sleep` child keeps the pipes but does not hold us.
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn a_missing_program_is_an_error_not_a_panic() {
        let r = run(
            Path::new("/nonexistent/dot"),
            b"digraph{}",
            Duration::from_secs(5),
        );
        assert!(matches!(r, Err(GraphvizError::Spawn { .. })));
    }
}
