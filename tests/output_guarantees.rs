//! The output guarantees of docs/cli.md (issue 13 items 1–3): devices and FIFOs given to
//! `-o` are written through, never replaced; a regular file keeps its mode; multi-file
//! outputs (`export --format csv|dataset`, `generate`) are swapped in as a set or not at
//! all, and only over a folder the tool wrote; SIGINT/SIGTERM leave no temporary files;
//! stale temporary files of an earlier run are no obstacle.
//!
//! Faults are injected with the test-only environment variables read by
//! `output::OutputSet` (`CHAINATLAS_TEST_FAIL_AFTER_FILES`, `CHAINATLAS_TEST_PAUSE_FILE`).
//! Nothing here relies on permissions being enforced: CI runs as root.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io::Read as _;
use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{bin, run};

/// Every file under `dir` (hidden ones included) with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(tree(&path));
        } else {
            out.insert(path.clone(), fs::read(&path).expect("read"));
        }
    }
    out
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn generate_cmd(out: &Path, firms: &str) -> Command {
    let mut cmd = bin();
    cmd.args(["--quiet", "generate", "--firms", firms, "--seed", "3", "-o"])
        .arg(out);
    cmd
}

#[test]
fn dev_null_as_output_stays_a_device() {
    for format in ["dot", "json"] {
        run(["export", "--format", format, "-o", "/dev/null"]).assert_code(0);
        let meta = fs::metadata("/dev/null").expect("/dev/null");
        assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
    }
}

#[test]
fn fifo_as_output_gets_the_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            fs::File::open(&fifo)
                .expect("open fifo")
                .read_to_end(&mut bytes)
                .expect("read fifo");
            bytes
        })
    };
    run([
        OsStr::new("export"),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("-o"),
        fifo.as_os_str(),
    ])
    .assert_code(0);
    let got = reader.join().expect("reader");
    let expected = run(["export", "--format", "json"]);
    expected.assert_ok();
    assert_eq!(String::from_utf8_lossy(&got), expected.stdout);
    let meta = fs::symlink_metadata(&fifo).expect("fifo");
    assert!(meta.file_type().is_fifo(), "the FIFO was replaced");
    assert_eq!(names(dir.path()), ["pipe"], "temporary files left");
}

#[test]
fn overwritten_file_keeps_its_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("graph.dot");
    fs::write(&file, "old").expect("write");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).expect("chmod");
    run([
        OsStr::new("export"),
        OsStr::new("--format"),
        OsStr::new("dot"),
        OsStr::new("-o"),
        file.as_os_str(),
    ])
    .assert_code(0);
    let meta = fs::metadata(&file).expect("file");
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    assert!(
        fs::read_to_string(&file)
            .expect("read")
            .starts_with("digraph")
    );
}

#[test]
fn symlink_output_replaces_its_target_and_stays_a_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    fs::write(&real, "old").expect("write");
    std::os::unix::fs::symlink("real.json", &link).expect("symlink");
    run([
        OsStr::new("export"),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("-o"),
        link.as_os_str(),
    ])
    .assert_code(0);
    assert!(fs::symlink_metadata(&link).expect("link").is_symlink());
    assert!(fs::read_to_string(&real).expect("read").starts_with('{'));
    // A symlink to nothing is refused rather than replaced by a file.
    let dangling = dir.path().join("dangling.json");
    std::os::unix::fs::symlink("missing.json", &dangling).expect("symlink");
    run([
        OsStr::new("export"),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("-o"),
        dangling.as_os_str(),
    ])
    .assert_code(2)
    .assert_contains("symlink to a missing file");
    assert!(fs::symlink_metadata(&dangling).expect("link").is_symlink());
    assert_eq!(
        names(dir.path()),
        ["dangling.json", "link.json", "real.json"]
    );
}

#[test]
fn failed_multi_file_write_leaves_the_previous_set_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    run([
        OsStr::new("export"),
        OsStr::new("--format"),
        OsStr::new("dataset"),
        OsStr::new("-o"),
        out.as_os_str(),
    ])
    .assert_code(0);
    let before = tree(&out);
    assert!(before.contains_key(&out.join(".chainatlas-output")));
    // A dataset exported with its marker loads; the marker is not mentioned.
    let check = run([OsStr::new("check"), out.as_os_str()]);
    check.assert_code(0).assert_contains("ok: 0 errors");
    assert!(!format!("{}{}", check.stdout, check.stderr).contains(".chainatlas-output"));
    for n in ["0", "2"] {
        let status = bin()
            .args(["export", "--format", "dataset", "-o"])
            .arg(&out)
            .env("CHAINATLAS_TEST_FAIL_AFTER_FILES", n)
            .stderr(Stdio::null())
            .status()
            .expect("run");
        assert_eq!(status.code(), Some(2), "export, failing after {n} files");
        let status = generate_cmd(&out, "300")
            .env("CHAINATLAS_TEST_FAIL_AFTER_FILES", n)
            .stderr(Stdio::null())
            .status()
            .expect("run");
        assert_eq!(status.code(), Some(2), "generate, failing after {n} files");
        assert_eq!(tree(&out), before, "the previous set changed");
        assert_eq!(names(dir.path()), ["out"], "temporary folders left");
    }
    // Without the fault the set is replaced whole: csv's two files and its marker only.
    run([
        OsStr::new("export"),
        OsStr::new("--format"),
        OsStr::new("csv"),
        OsStr::new("-o"),
        out.as_os_str(),
    ])
    .assert_code(0);
    assert_eq!(
        names(&out),
        [".chainatlas-output", "edges.csv", "nodes.csv"]
    );
    assert_eq!(names(dir.path()), ["out"]);
}

#[test]
fn folder_with_an_unrelated_file_is_refused_and_the_file_survives() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("mine");
    fs::create_dir(&out).expect("mkdir");
    fs::write(out.join("notes.txt"), "keep me").expect("write");
    run([
        OsStr::new("export"),
        OsStr::new("--format"),
        OsStr::new("csv"),
        OsStr::new("-o"),
        out.as_os_str(),
    ])
    .assert_code(2)
    .assert_contains("\"notes.txt\"");
    let status = generate_cmd(&out, "200")
        .stderr(Stdio::null())
        .status()
        .expect("run");
    assert_eq!(status.code(), Some(2));
    assert_eq!(names(&out), ["notes.txt"]);
    assert_eq!(
        fs::read_to_string(out.join("notes.txt")).expect("read"),
        "keep me"
    );
    assert_eq!(names(dir.path()), ["mine"], "temporary folders left");

    // A set the tool wrote, plus a file the marker does not list: refused too.
    let set = dir.path().join("set");
    run([
        OsStr::new("export"),
        OsStr::new("--format"),
        OsStr::new("csv"),
        OsStr::new("-o"),
        set.as_os_str(),
    ])
    .assert_code(0);
    fs::write(set.join("added.txt"), "mine").expect("write");
    run([
        OsStr::new("export"),
        OsStr::new("--format"),
        OsStr::new("csv"),
        OsStr::new("-o"),
        set.as_os_str(),
    ])
    .assert_code(2)
    .assert_contains("\"added.txt\"");
    assert!(set.join("added.txt").exists());
}

/// Starts `generate` with the pause point, waits until it is paused with its first file
/// written, sends `signal`, and returns how the process ended.
fn interrupt_generate(out: &Path, pause: &Path, signal: &str) -> std::process::ExitStatus {
    let mut child = generate_cmd(out, "3000")
        .env("CHAINATLAS_TEST_PAUSE_FILE", pause)
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(120);
    while !pause.exists() {
        if let Some(status) = child.try_wait().expect("try_wait") {
            panic!("generate ended before the pause point: {status}");
        }
        assert!(Instant::now() < deadline, "generate never paused");
        std::thread::sleep(Duration::from_millis(10));
    }
    let sent = Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    child.wait().expect("wait")
}

#[test]
fn sigint_and_sigterm_during_generate_leave_no_temporary_files() {
    for (signal, number) in [("INT", 2), ("TERM", 15)] {
        let dir = tempfile::tempdir().expect("tempdir");
        let work = tempfile::tempdir().expect("tempdir");
        let pause = work.path().join("pause");
        // Onto a missing folder: nothing at all is left.
        let out = dir.path().join("out");
        let status = interrupt_generate(&out, &pause, signal);
        // Ended by the signal itself (a shell shows 128 + signal: 130, 143).
        assert_eq!(status.signal(), Some(number), "SIG{signal}: {status}");
        assert_eq!(names(dir.path()), Vec::<String>::new(), "SIG{signal}");

        // Onto a previous set: it stays whole.
        generate_cmd(&out, "200").status().expect("run");
        let before = tree(&out);
        fs::remove_file(&pause).ok();
        let status = interrupt_generate(&out, &pause, signal);
        assert_eq!(status.signal(), Some(number), "SIG{signal}: {status}");
        assert_eq!(names(dir.path()), ["out"], "SIG{signal}");
        assert_eq!(tree(&out), before, "SIG{signal}");
    }
}

#[test]
fn the_pause_point_only_pauses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let pause = dir.path().join("pause");
    let mut child = generate_cmd(&out, "200")
        .env("CHAINATLAS_TEST_PAUSE_FILE", &pause)
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(120);
    while !pause.exists() {
        assert!(Instant::now() < deadline, "generate never paused");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!out.exists(), "the set appeared before it was complete");
    fs::remove_file(&pause).expect("unpause");
    assert!(child.wait().expect("wait").success());
    assert_eq!(
        names(&out),
        [
            ".chainatlas-output",
            "absences.csv",
            "chains.csv",
            "cities.csv",
            "firms.csv",
            "links.csv"
        ]
    );
}

#[test]
fn stale_temporary_files_of_a_killed_run_are_no_obstacle() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    generate_cmd(&out, "200").status().expect("run");
    // Left by killed runs: a temporary folder and file beside the target, and (older
    // versions wrote them inside) `.NAME.PID.tmp` files in the set.
    let stale_dir = dir.path().join(".out.chainatlas-Ab12Cd.tmp");
    fs::create_dir(&stale_dir).expect("mkdir");
    fs::write(stale_dir.join("links.csv"), "partial").expect("write");
    let stale_file = dir.path().join(".report.md.chainatlas-Xy34Zw.tmp");
    fs::write(&stale_file, "partial").expect("write");
    fs::write(
        out.join(format!(".links.csv.{}.tmp", std::process::id())),
        "partial",
    )
    .expect("write");
    let status = generate_cmd(&out, "300").status().expect("run");
    assert!(status.success());
    assert_eq!(
        names(&out),
        [
            ".chainatlas-output",
            "absences.csv",
            "chains.csv",
            "cities.csv",
            "firms.csv",
            "links.csv"
        ]
    );
    let report = dir.path().join("report.md");
    run([OsStr::new("report"), OsStr::new("-o"), report.as_os_str()]).assert_code(0);
    // Someone else's leftovers beside the target are left alone.
    assert!(stale_dir.join("links.csv").exists());
    assert!(stale_file.exists());
}
