//! Test helpers: run the binary under test and check that it succeeded, build small
//! datasets in temporary folders from a valid base with one defect each, compare output
//! with the snapshots in tests/data/snapshots/, and find the external programs (Graphviz,
//! Chromium, python3 with networkx) some tests need: missing ones fail when `CI` is set.

#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the binary produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Self {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Panics with the whole output when `needle` is not in stdout or stderr.
    pub fn assert_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle) || self.stderr.contains(needle),
            "expected {needle:?} in output\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
    /// Panics unless the run exited 0 and printed something to stdout: the check to make
    /// before comparing two runs' output, so that two failures cannot compare equal.
    pub fn assert_ok(&self) -> &Self {
        self.assert_code(0);
        assert!(
            !self.stdout.trim().is_empty(),
            "exit 0 but nothing on stdout\n--- stderr\n{}",
            self.stderr
        );
        self
    }
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chainatlas"))
}

pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = bin().args(args).output().expect("run chainatlas");
    Run::from(out)
}

/// Runs the binary in the repository root (so relative dataset paths, which some outputs
/// print, are the same wherever the checkout lives), with extra environment.
pub fn run_in_repo(args: &[&str], env: &[(&str, &Path)]) -> Run {
    let mut cmd = bin();
    cmd.current_dir(repo()).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run chainatlas");
    Run::from(out)
}

/// Asserts two runs both succeeded with output, and printed the same stdout.
pub fn assert_same_output(what: &str, a: &Run, b: &Run) {
    a.assert_ok();
    b.assert_ok();
    assert!(
        a.stdout == b.stdout,
        "{what}: the two runs printed different output"
    );
}

/// The repository root (for datasets/…).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub const BASE_CITIES: &str = "\
city,name_zh,region,country,lat,lon
Guangzhou,广州,GBA,China,23.13,113.26
Foshan,佛山,GBA,China,23.02,113.12
Ningbo,宁波,Mainland,China,29.87,121.54
Tokyo,东京,Overseas,Japan,35.68,139.69
";

pub const BASE_CHAINS: &str = "\
chain,stage,label,tier,inputs
ac,copper,Copper,raw_material,
ac,compressor,Compressor,component,copper
ac,board,Control board,component,
ac,air_conditioner,Air conditioner,final_product,compressor;board
ac,retail,Retail,service,air_conditioner
";

pub const BASE_FIRMS: &str = "\
id,name,name_zh,city,kind,stages,functions,employees,revenue,source
cu,Copper Co,,Ningbo,firm,ac/copper,manufacturing,100,,test
comp,Compressor Co,,Foshan,firm,ac/compressor,manufacturing,500,,test
brd,Board Co,,Guangzhou,firm,ac/board,manufacturing,200,,test
ac1,AC Co,,Foshan,firm,ac/air_conditioner;ac/retail,manufacturing;sales,1000,,test
uni,University,,Guangzhou,university,,rnd,50,,test
";

pub const BASE_LINKS: &str = "\
source,target,layer,stage,weight,year,evidence,source_ref
cu,comp,supply,ac/copper,10,2024,documented,test
comp,ac1,supply,ac/compressor,20,2024,documented,test
brd,ac1,supply,,5,2024,reported,test
uni,comp,innovation,,,2024,assumed,test
";

/// A dataset in a temporary folder; dropped with the folder.
pub struct TempDataset {
    pub dir: tempfile::TempDir,
}

impl TempDataset {
    /// The valid base dataset.
    pub fn base() -> TempDataset {
        Self::with(BASE_CITIES, BASE_CHAINS, BASE_FIRMS, BASE_LINKS)
    }

    pub fn with(cities: &str, chains: &str, firms: &str, links: &str) -> TempDataset {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in [
            ("cities.csv", cities),
            ("chains.csv", chains),
            ("firms.csv", firms),
            ("links.csv", links),
        ] {
            std::fs::write(dir.path().join(name), text).expect("write fixture");
        }
        TempDataset { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Overwrites one file with raw bytes.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> &Self {
        std::fs::write(self.file(name), bytes).expect("write fixture");
        self
    }

    /// Appends text to one file.
    pub fn append(&self, name: &str, text: &str) -> &Self {
        let mut current = std::fs::read_to_string(self.file(name)).expect("read fixture");
        current.push_str(text);
        self.write(name, current)
    }

    /// Replaces `from` by `to` in one file (which must contain it).
    pub fn replace(&self, name: &str, from: &str, to: &str) -> &Self {
        let current = std::fs::read_to_string(self.file(name)).expect("read fixture");
        assert!(current.contains(from), "{name} does not contain {from:?}");
        self.write(name, current.replacen(from, to, 1))
    }

    /// `chainatlas check <this dataset>`.
    pub fn check(&self) -> Run {
        run([std::ffi::OsStr::new("check"), self.path().as_os_str()])
    }

    /// The display name of one file in messages.
    pub fn shown(&self, name: &str) -> String {
        self.file(name).display().to_string()
    }
}

// ---------------------------------------------------------------------------------------
// Snapshots

/// Is CHAINATLAS_UPDATE_SNAPSHOTS set (to anything but empty or `0`)?
fn updating_snapshots() -> bool {
    std::env::var_os("CHAINATLAS_UPDATE_SNAPSHOTS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Compares `bytes` with tests/data/snapshots/`name` and fails at the first differing
/// line. A missing snapshot fails too. With CHAINATLAS_UPDATE_SNAPSHOTS=1 the file is
/// (re)written instead, and the test passes.
pub fn assert_snapshot(name: &str, bytes: impl AsRef<[u8]>) {
    let bytes = bytes.as_ref();
    let path = repo().join("tests/data/snapshots").join(name);
    if updating_snapshots() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir snapshots");
        std::fs::write(&path, bytes).expect("write snapshot");
        eprintln!("updated snapshot {}", path.display());
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "missing snapshot {} ({e}): run with CHAINATLAS_UPDATE_SNAPSHOTS=1 to create it, \
             then review and commit it",
            path.display()
        )
    });
    if expected == bytes {
        return;
    }
    let (expected, actual) = (
        String::from_utf8_lossy(&expected),
        String::from_utf8_lossy(bytes),
    );
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    panic!(
        "{} differs from the output at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
         (if the change is intended, rerun with CHAINATLAS_UPDATE_SNAPSHOTS=1 and review \
         the diff)\n--- actual output\n{actual}",
        path.display(),
        line + 1,
        expected.lines().nth(line),
        actual.lines().nth(line)
    );
}

// ---------------------------------------------------------------------------------------
// External programs

/// Is the `CI` environment variable set (to anything but empty, `0` or `false`)?
pub fn on_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Does `program arg…` run and exit 0?
fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Headless Chromium (or Chrome) on PATH, if any.
pub fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

/// Whether an external program a test needs is installed: `"dot"` (Graphviz),
/// `"chromium"`, `"python3"` or `"networkx"` (python3 that imports networkx).
///
/// When it is missing, the test must not pass silently: with `CI` set this panics (CI
/// installs every program, see .ci/run), elsewhere it prints a `SKIPPED:` line to stderr
/// (uncaptured, so it shows without `--nocapture`) and returns false, and the caller
/// returns or leaves out the part that needs it.
pub fn require_program(program: &str) -> bool {
    let (found, what, install) = match program {
        "dot" => (
            runs("dot", &["-V"]),
            "Graphviz `dot`",
            "apt-get install graphviz",
        ),
        "chromium" => (chromium().is_some(), "Chromium", "apt-get install chromium"),
        "python3" => (
            runs("python3", &["--version"]),
            "python3",
            "apt-get install python3",
        ),
        "networkx" => (
            runs("python3", &["-c", "import networkx"]),
            "python3 with networkx",
            "python3 -m pip install networkx",
        ),
        other => panic!("require_program: unknown program {other:?}"),
    };
    if found {
        return true;
    }
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("this test");
    assert!(
        !on_ci(),
        "{test} needs {what}, which is not installed, and CI is set: a missing program fails \
         on CI ({install})"
    );
    // Straight to the process's stderr: `eprintln!` is captured by the test harness and
    // shown only for failing tests, and a skip must be seen.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: {test} needs {what} ({install}); install it or set CI=1 to make this a failure"
    );
    false
}

/// The path of datasets/tiny, as the command line takes it.
pub fn tiny() -> String {
    repo().join("datasets/tiny").display().to_string()
}

/// Runs the binary, requires exit 0, and parses stdout as JSON.
pub fn json(args: &[&str]) -> serde_json::Value {
    let r = run(args);
    r.assert_code(0);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

/// The entry of `v["chains"]` whose `chain` is `id`; panics naming it when there is none.
pub fn chain<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["chains"]
        .as_array()
        .expect("a chains array")
        .iter()
        .find(|c| c["chain"] == id)
        .unwrap_or_else(|| panic!("no chain {id}"))
}

/// The stdout of tests/reference/completeness_ref.py on `dataset` with `args` (run from the
/// repository root); panics with its output when it fails.
pub fn completeness_reference(dataset: &Path, args: &[&str]) -> Vec<u8> {
    let out = std::process::Command::new("python3")
        .current_dir(repo())
        .arg(repo().join("tests/reference/completeness_ref.py"))
        .arg(dataset)
        .args(args)
        .output()
        .expect("run the Python reference");
    assert!(
        out.status.success(),
        "the Python reference failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}
