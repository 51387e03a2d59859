//! Progress on long runs: one spinner per phase (loading each file, building the model,
//! each analysis) on stderr, with the elapsed time when it finishes. Hidden when stderr is
//! not a terminal (indicatif's stderr target checks) and when the caller's [`Progress`]
//! says so (the CLI's `--quiet`). The handle is passed down to whatever reports phases
//! (e.g. `load::LoadOptions`); there is no global switch. With
//! `CHAINATLAS_TIMINGS=1`, each phase's wall time is also printed to stderr as a plain line,
//! terminal or not — for benchmarks and profiling. Progress never touches stdout, so output
//! bytes do not depend on it.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Whether phases draw spinners on stderr. Cheap to copy; pass it to what runs phases.
/// The default shows spinners (on a terminal only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    spinners: bool,
}

impl Default for Progress {
    fn default() -> Self {
        Progress::SPINNERS
    }
}

impl Progress {
    /// Spinners on stderr when it is a terminal.
    pub const SPINNERS: Progress = Progress { spinners: true };
    /// No spinners (phase timings with `CHAINATLAS_TIMINGS=1` are still printed).
    pub const HIDDEN: Progress = Progress { spinners: false };

    /// `quiet` = no spinners.
    pub fn quiet(quiet: bool) -> Progress {
        Progress { spinners: !quiet }
    }

    /// Starts a phase named `name` ("loading links.csv", "closure-critical firms" …).
    pub fn phase(self, name: impl Into<String>) -> Phase {
        let name = name.into();
        let bar = self.spinners.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_message(name.clone());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Phase {
            name,
            start: Instant::now(),
            bar,
        }
    }
}

fn timings() -> bool {
    std::env::var_os("CHAINATLAS_TIMINGS").is_some_and(|v| v != "0")
}

/// A running phase; finishes (and reports its time) when dropped.
pub struct Phase {
    name: String,
    start: Instant,
    bar: Option<ProgressBar>,
}

impl Drop for Phase {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if timings() {
            crate::error::stderr_line(format_args!(
                "timing: {:<34} {:>8.3} s",
                self.name,
                self.start.elapsed().as_secs_f64()
            ));
        }
    }
}
