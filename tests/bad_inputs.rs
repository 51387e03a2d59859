//! Hostile inputs: the bad-input corpus under tests/data/bad/ (one defect per folder, the
//! expected exit code and located messages in its `expected.txt`; see its README), the
//! cases too big or too odd to commit (built here at test time), and what commands that
//! write files do when a run fails, when `-o` names an input, with `-o -`, and on a closed
//! pipe.
//!
//! Every run is guarded: exit code 101 or "panicked" anywhere fails the test, and a run
//! still going after [`HANG`] is killed and fails the test as a hang.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::util::{BASE_CHAINS, BASE_CITIES, BASE_FIRMS, BASE_LINKS, Run, TempDataset, bin, repo};

/// A run still going after this long is a hang.
const HANG: Duration = Duration::from_secs(30);

const FILES: [&str; 5] = [
    "cities.csv",
    "chains.csv",
    "firms.csv",
    "links.csv",
    "absences.csv",
];

/// Corpus cases the current binary gets wrong, each with a comment saying why. The corpus
/// runner requires each of them to still fail: a listed case that passes fails the run, so
/// fixing one means deleting it here. Empty: every case passes.
const KNOWN_FAILURES: &[&str] = &[];

// ---------------------------------------------------------------------------------------
// Running the binary with a hang guard

/// Runs chainatlas with `args` in `cwd` (the test's own folder when `None`), killing it and
/// failing after [`HANG`].
fn run_in<I, S>(cwd: Option<&Path>, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = bin();
    cmd.args(args);
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    run_guarded(cmd)
}

/// Runs `cmd` with the hang guard and the panic check.
fn run_guarded(mut cmd: std::process::Command) -> Run {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let shown = format!("{cmd:?}");
    let mut child = cmd.spawn().expect("spawn chainatlas");
    // Read both pipes on threads so a large output cannot block the child.
    let stdout = drain(child.stdout.take().expect("stdout"));
    let stderr = drain(child.stderr.take().expect("stderr"));
    let code = wait_or_kill(&mut child, &shown);
    let run = Run {
        code,
        stdout: String::from_utf8_lossy(&stdout.join().expect("stdout reader")).into_owned(),
        stderr: String::from_utf8_lossy(&stderr.join().expect("stderr reader")).into_owned(),
    };
    assert_no_panic(&run, &shown);
    run
}

fn run_timed<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run_in(None, args)
}

fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// Waits for the child; kills it and panics when it runs longer than [`HANG`].
fn wait_or_kill(child: &mut Child, shown: &str) -> i32 {
    let start = Instant::now();
    loop {
        match child.try_wait().expect("wait for chainatlas") {
            Some(status) => return status.code().unwrap_or(-1),
            None if start.elapsed() > HANG => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "hang: {shown} still running after {} s; killed",
                    HANG.as_secs()
                );
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

fn assert_no_panic(run: &Run, shown: &str) {
    assert!(
        run.code != 101 && !run.stdout.contains("panicked") && !run.stderr.contains("panicked"),
        "{shown} panicked (exit {})\n--- stdout\n{}\n--- stderr\n{}",
        run.code,
        clip(&run.stdout),
        clip(&run.stderr)
    );
}

/// The start of a possibly huge output, for failure messages.
fn clip(text: &str) -> &str {
    let mut end = text.len().min(4000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

// ---------------------------------------------------------------------------------------
// The corpus

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

fn corpus_dir() -> PathBuf {
    repo().join("tests/data/bad")
}

/// A case's `expected.txt`: exit code, then `#` comments, `!` forbidden text, and
/// required text.
struct Expected {
    code: i32,
    present: Vec<String>,
    absent: Vec<String>,
}

fn expected(case: &Path) -> Expected {
    let path = case.join("expected.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let code = lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("{}: line 1 must be the exit code", path.display()));
    let mut present = Vec::new();
    let mut absent = Vec::new();
    for line in lines.filter(|l| !l.is_empty() && !l.starts_with('#')) {
        match line.strip_prefix('!') {
            Some(text) => absent.push(text.to_string()),
            None => present.push(line.to_string()),
        }
    }
    Expected {
        code,
        present,
        absent,
    }
}

/// `links.csv:7: …` is expected as `<dir>/links.csv:7: …`, so the message names the file.
fn anchored(dir: &Path, expectation: &str) -> String {
    if FILES.iter().any(|f| expectation.starts_with(f)) {
        format!("{}/{expectation}", dir.display())
    } else {
        expectation.to_string()
    }
}

/// Runs every check on one dataset folder; returns what went wrong.
fn check_dataset(dir: &Path, want: &Expected) -> Result<(), String> {
    let mut failures = Vec::new();
    let shown = dir.display().to_string();
    let run = run_timed([os("check"), dir.as_os_str()]);
    let output = format!(
        "--- stdout\n{}\n--- stderr\n{}",
        clip(&run.stdout),
        clip(&run.stderr)
    );

    if !(want.code == 1 || want.code == 2) {
        failures.push(format!(
            "expected.txt says exit {}; a bad input exits 1 or 2",
            want.code
        ));
    }
    if run.code != want.code {
        failures.push(format!("check exited {}, expected {}", run.code, want.code));
    }
    for text in &want.present {
        let needle = anchored(dir, text);
        if !run.stdout.contains(&needle) && !run.stderr.contains(&needle) {
            failures.push(format!("missing {needle:?}"));
        }
    }
    for text in &want.absent {
        if run.stdout.contains(text.as_str()) || run.stderr.contains(text.as_str()) {
            failures.push(format!("must not contain {text:?}"));
        }
    }

    // Every problem names a file of this dataset: `error: <dir>/links.csv…`.
    if run.code == 1 {
        for line in run.stdout.lines() {
            let Some((severity, rest)) = line
                .split_once(": ")
                .filter(|(s, _)| *s == "error" || *s == "warning")
            else {
                continue;
            };
            let names_a_file = FILES.iter().any(|f| {
                rest.strip_prefix(&format!("{shown}/{f}"))
                    .is_some_and(|after| after.starts_with(": ") || after.starts_with(':'))
            });
            if !names_a_file {
                failures.push(format!(
                    "{severity} line does not start with a file of {shown}: {line:?}"
                ));
            }
        }
        if !run
            .stdout
            .lines()
            .last()
            .is_some_and(|l| l.contains(": FAILED: "))
        {
            failures.push("the last line of check is not the FAILED verdict".into());
        }
    }
    if run.code == 2 && !run.stderr.starts_with("chainatlas: error: ") {
        failures.push("exit 2 without a `chainatlas: error: ` message".into());
    }

    // The same problems, located, in JSON.
    let json = run_timed([os("check"), os("--format"), os("json"), dir.as_os_str()]);
    if json.code != run.code {
        failures.push(format!(
            "check --format json exited {}, text exited {}",
            json.code, run.code
        ));
    }
    if json.code == 1 {
        match serde_json::from_str::<serde_json::Value>(&json.stdout) {
            Err(e) => failures.push(format!("check --format json is not JSON: {e}")),
            Ok(v) => {
                let problems = v["problems"].as_array().cloned().unwrap_or_default();
                if v["ok"] != serde_json::Value::Bool(false) || problems.is_empty() {
                    failures.push("check --format json: not ok == false with problems".into());
                }
                for p in &problems {
                    let file = p["file"].as_str().unwrap_or("");
                    if !FILES.iter().any(|f| file == format!("{shown}/{f}")) {
                        failures.push(format!("JSON problem without a dataset file: {p}"));
                    }
                    if !p["column"].is_null() && !p["line"].is_u64() {
                        failures.push(format!("JSON problem with a column but no line: {p}"));
                    }
                }
            }
        }
    }

    // A command that writes a file refuses the bad data and leaves nothing behind.
    let out = tempfile::tempdir().expect("temp dir");
    let target = out.path().join("report.md");
    let report = run_timed([os("report"), dir.as_os_str(), os("-o"), target.as_os_str()]);
    if report.code != want.code {
        failures.push(format!(
            "report -o exited {}, expected {}",
            report.code, want.code
        ));
    }
    let left: Vec<_> = std::fs::read_dir(out.path())
        .expect("read temp dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    if !left.is_empty() {
        failures.push(format!("report -o left files behind: {left:?}"));
    }
    if !report.stdout.is_empty() {
        failures.push("report -o wrote to stdout".into());
    }

    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n{output}", failures.join("\n")))
    }
}

fn corpus_cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/data/bad")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

fn assert_case(name: &str) {
    let dir = corpus_dir().join(name);
    if let Err(why) = check_dataset(&dir, &expected(&dir)) {
        panic!("{name}:\n{why}");
    }
}

#[test]
fn corpus_every_case_exits_with_its_code_and_located_messages() {
    let cases = corpus_cases();
    assert!(
        cases.len() >= 30,
        "the corpus has {} cases; at least 30",
        cases.len()
    );
    let names: Vec<String> = cases
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for known in KNOWN_FAILURES {
        assert!(
            names.iter().any(|n| n == known),
            "KNOWN_FAILURES names {known}, which is not a case"
        );
    }
    let mut failures = Vec::new();
    for (dir, name) in cases.iter().zip(&names) {
        let known = KNOWN_FAILURES.contains(&name.as_str());
        match check_dataset(dir, &expected(dir)) {
            Err(why) if !known => failures.push(format!("=== {name}\n{why}")),
            Err(_) => eprintln!("{name}: fails, as KNOWN_FAILURES says"),
            Ok(()) if known => failures.push(format!(
                "=== {name}\npasses, but KNOWN_FAILURES lists it: delete it from the list"
            )),
            Ok(()) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} corpus cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn crlf_rows_are_reported_at_their_own_line() {
    assert_case("18-crlf-with-defect");
}

#[test]
fn crlf_inside_a_quoted_cell_counts_as_a_line() {
    assert_case("19-crlf-quoted-line-break");
}

#[test]
fn cr_only_line_ends_give_real_line_numbers() {
    assert_case("20-cr-only-line-ends");
}

/// The base dataset with every file in GB18030, and the firm `ac1` named 格力电器.
fn gb18030_dataset() -> TempDataset {
    const GB: [(&str, &[u8]); 5] = [
        ("广州", b"\xb9\xe3\xd6\xdd"),
        ("佛山", b"\xb7\xf0\xc9\xbd"),
        ("宁波", b"\xc4\xfe\xb2\xa8"),
        ("东京", b"\xb6\xab\xbe\xa9"),
        ("格力电器", b"\xb8\xf1\xc1\xa6\xb5\xe7\xc6\xf7"),
    ];
    fn encode(text: &str) -> Vec<u8> {
        let mut out = text.as_bytes().to_vec();
        for (utf8, gb) in GB {
            let mut next = Vec::with_capacity(out.len());
            let mut rest = out.as_slice();
            while let Some(at) = rest.windows(utf8.len()).position(|w| w == utf8.as_bytes()) {
                next.extend_from_slice(&rest[..at]);
                next.extend_from_slice(gb);
                rest = &rest[at + utf8.len()..];
            }
            next.extend_from_slice(rest);
            out = next;
        }
        assert!(
            out.is_ascii() || std::str::from_utf8(&out).is_err(),
            "left UTF-8 behind"
        );
        out
    }
    let d = TempDataset::base();
    let firms = BASE_FIRMS.replace("ac1,AC Co,,Foshan", "ac1,AC Co,格力电器,Foshan");
    for (name, text) in [
        ("cities.csv", BASE_CITIES),
        ("chains.csv", BASE_CHAINS),
        ("firms.csv", firms.as_str()),
        ("links.csv", BASE_LINKS),
    ] {
        d.write(name, encode(text));
    }
    d
}

#[test]
fn encoding_gb18030_reads_a_gb18030_dataset() {
    let d = gb18030_dataset();
    // Without the flag, each file with Chinese in it is recognised as GB18030 and read so,
    // with a warning (tests/triage.rs has more).
    let plain = run_timed([os("check"), d.path().as_os_str()]);
    plain
        .assert_code(0)
        .assert_contains("read as GB18030")
        .assert_contains("ok: 0 errors, 2 warnings; 5 firms and 4 links loaded");
    let check = run_timed([
        os("check"),
        os("--encoding"),
        os("gb18030"),
        d.path().as_os_str(),
    ]);
    check
        .assert_code(0)
        .assert_contains("ok: 0 errors, 0 warnings; 5 firms and 4 links loaded");
    let export = run_timed([
        os("export"),
        d.path().as_os_str(),
        os("--encoding"),
        os("gb18030"),
        os("--format"),
        os("json"),
    ]);
    // name_zh of the firm, decoded from GB18030 (exports carry firm names, not city names).
    export.assert_code(0).assert_contains("格力电器");
    let summary = run_timed([
        os("summary"),
        d.path().as_os_str(),
        os("--encoding"),
        os("gb18030"),
        os("--format"),
        os("json"),
    ]);
    summary.assert_code(0).assert_contains("\"local_firms\": 4");
}

// ---------------------------------------------------------------------------------------
// Cases built at test time: too big to commit, or not storable in git

/// `check` only (for the big cases, where three runs cost seconds in a debug build).
fn check_light(d: &TempDataset, code: i32, present: &[&str]) -> Run {
    let run = run_timed([os("check"), d.path().as_os_str()]);
    run.assert_code(code);
    for text in present {
        run.assert_contains(&anchored(d.path(), text));
    }
    run
}

fn check_generated(d: &TempDataset, code: i32, present: &[&str]) {
    let want = Expected {
        code,
        present: present.iter().map(|s| s.to_string()).collect(),
        absent: Vec::new(),
    };
    if let Err(why) = check_dataset(d.path(), &want) {
        panic!("{why}");
    }
}

#[test]
fn one_megabyte_field() {
    let d = TempDataset::base();
    let city = "G".repeat(1 << 20);
    d.replace(
        "firms.csv",
        "Board Co,,Guangzhou",
        &format!("Board Co,,{city}"),
    );
    check_generated(
        &d,
        1,
        &["firms.csv:4: column \"city\": unknown city \"GGGGGGGG"],
    );
}

#[test]
fn hundred_thousand_column_header_without_the_required_columns() {
    let d = TempDataset::base();
    let header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let rows = BASE_CITIES.split_once('\n').unwrap().1;
    d.write("cities.csv", format!("{}\n{rows}", header.join(",")));
    let run = check_light(
        &d,
        1,
        &[
            "cities.csv:1: column \"city\": missing required column; the header is: c0,c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11,… (100000 columns)",
            "cities.csv:1: column \"region\": missing required column",
        ],
    );
    // The header is named, not echoed: 100,000 names would bury the message.
    assert!(
        run.stdout.len() < 20_000,
        "check printed {} bytes",
        run.stdout.len()
    );
}

#[test]
fn hundred_thousand_column_header_with_short_rows() {
    let d = TempDataset::base();
    let (header, rows) = BASE_LINKS.split_once('\n').unwrap();
    let extra: Vec<String> = (0..100_000 - 8).map(|i| format!("x{i}")).collect();
    d.write("links.csv", format!("{header},{}\n{rows}", extra.join(",")));
    check_generated(
        &d,
        1,
        &[
            "links.csv:2: row has 8 fields but the header has 100000; check for an unquoted comma or a missing cell",
        ],
    );
}

#[test]
fn folder_in_place_of_a_file() {
    let d = TempDataset::base();
    std::fs::remove_file(d.file("chains.csv")).unwrap();
    std::fs::create_dir(d.file("chains.csv")).unwrap();
    check_generated(&d, 1, &["chains.csv: is a folder; expected a CSV file"]);
}

/// A file that exists but cannot be opened is an I/O error (exit 2), not a data problem.
/// The fault is one no user can read past, root included (CI runs as root, which reads a
/// mode-000 file anyway): firms.csv is a link to `cities.csv/firms.csv`, whose parent is
/// a regular file, so opening it fails with ENOTDIR.
#[cfg(unix)]
#[test]
fn unreadable_file() {
    let d = TempDataset::base();
    let file = d.file("firms.csv");
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink("cities.csv/firms.csv", &file).unwrap();
    assert!(
        std::fs::read(&file).is_err(),
        "{} is readable: the fault did not take",
        file.display()
    );
    check_generated(
        &d,
        2,
        &["chainatlas: error: ", "firms.csv: Not a directory"],
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_place_of_a_file() {
    let d = TempDataset::base();
    std::fs::remove_file(d.file("links.csv")).unwrap();
    std::os::unix::fs::symlink("links.csv", d.file("links.csv")).unwrap();
    check_generated(&d, 2, &["links.csv: Too many levels of symbolic links"]);
}

/// Puts a symlink to `target` in the place of one data file of `d`.
#[cfg(unix)]
fn link_in_place(d: &TempDataset, file: &str, target: &Path) {
    let _ = std::fs::remove_file(d.file(file));
    std::os::unix::fs::symlink(target, d.file(file)).unwrap();
}

/// A links.csv that is a symlink to /dev/zero once read until memory ran out: a link is
/// judged by its target, and a device is refused before anything is read, with or without
/// the memory check.
#[cfg(unix)]
#[test]
fn device_in_place_of_a_file_is_refused() {
    let d = TempDataset::base();
    link_in_place(&d, "links.csv", Path::new("/dev/zero"));
    let message = format!(
        "chainatlas: error: {}: not a regular file (a character device); a data file must be a regular file",
        d.shown("links.csv")
    );
    for extra in [None, Some("--no-memory-check")] {
        let mut args = vec![os("check"), d.path().as_os_str()];
        args.extend(extra.map(os));
        let run = run_timed(args);
        run.assert_code(2).assert_contains(&message);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
    // Every command that loads a dataset goes through the same check.
    run_timed([os("summary"), d.path().as_os_str()])
        .assert_code(2)
        .assert_contains(&message);
}

/// The optional absences.csv is held to the same rule: a device in its place is refused
/// before anything is read, not read until memory runs out.
#[cfg(unix)]
#[test]
fn device_in_place_of_the_optional_absences_file_is_refused() {
    let d = TempDataset::base();
    link_in_place(&d, "absences.csv", Path::new("/dev/zero"));
    run_timed([os("check"), d.path().as_os_str()])
        .assert_code(2)
        .assert_contains(&format!(
            "chainatlas: error: {}: not a regular file (a character device); a data file must be a regular file",
            d.shown("absences.csv")
        ));
}

/// A FIFO as links.csv once hung the run (opening it waits for a writer): refused at once.
#[cfg(unix)]
#[test]
fn fifo_in_place_of_a_file_is_refused_without_blocking() {
    let d = TempDataset::base();
    for file in ["cities.csv", "links.csv"] {
        let path = d.file(file);
        std::fs::remove_file(&path).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("run mkfifo");
        assert!(status.success(), "mkfifo {}", path.display());
    }
    // The first in load order is named, before any file is read.
    run_timed([os("check"), d.path().as_os_str()])
        .assert_code(2)
        .assert_contains(&format!(
            "chainatlas: error: {}: not a regular file (a FIFO); a data file must be a regular file",
            d.shown("cities.csv")
        ));
    // The same through a symlink, and in another encoding (the whole-file reader).
    std::fs::remove_file(d.file("cities.csv")).unwrap();
    d.write("cities.csv", BASE_CITIES);
    let fifo = d.path().join("pipe");
    std::fs::rename(d.file("links.csv"), &fifo).unwrap();
    link_in_place(&d, "links.csv", &fifo);
    for encoding in ["utf-8", "latin1"] {
        run_timed([
            os("check"),
            d.path().as_os_str(),
            os("--encoding"),
            os(encoding),
        ])
        .assert_code(2)
        .assert_contains(&format!(
            "{}: not a regular file (a FIFO)",
            d.shown("links.csv")
        ));
    }
}

/// A symlink to a regular file is read as that file.
#[cfg(unix)]
#[test]
fn symlink_to_a_regular_file_loads() {
    let d = TempDataset::base();
    let elsewhere = tempfile::tempdir().unwrap();
    for file in &FILES[..4] {
        let target = elsewhere.path().join(file);
        std::fs::rename(d.file(file), &target).unwrap();
        link_in_place(&d, file, &target);
    }
    let run = run_timed([os("check"), d.path().as_os_str()]);
    run.assert_code(0).assert_contains("ok: 0 errors");
}

/// A folder named links.csv stays a data problem (exit 1) with its own message, not a
/// read error or a hang.
#[test]
fn folder_named_links_csv_is_a_clear_error() {
    let d = TempDataset::base();
    std::fs::remove_file(d.file("links.csv")).unwrap();
    std::fs::create_dir(d.file("links.csv")).unwrap();
    run_timed([os("check"), d.path().as_os_str()])
        .assert_code(1)
        .assert_contains(&format!(
            "{}: is a folder; expected a CSV file",
            d.shown("links.csv")
        ));
}

/// A file longer than its listed size (files under /proc list 0 bytes), or one that grows
/// while it is read, is read no further than the memory check allows: exit 2 naming the
/// file and the flag. Without the check there is no cap.
#[cfg(target_os = "linux")]
#[test]
fn reading_stops_at_what_the_memory_check_allows() {
    let d = TempDataset::base();
    link_in_place(&d, "links.csv", Path::new("/proc/self/status"));
    let listed = std::fs::metadata(d.file("links.csv")).unwrap();
    assert!(
        listed.is_file() && listed.len() == 0,
        "/proc/self/status: {listed:?}"
    );
    let others: u64 = ["cities.csv", "chains.csv", "firms.csv"]
        .iter()
        .map(|f| std::fs::metadata(d.file(f)).unwrap().len())
        .sum();
    // Room for the other three files and 100 bytes of links.csv (3 bytes of memory per byte).
    let memory = (others + 100) * 3;
    let mut cmd = bin();
    cmd.args([os("check"), d.path().as_os_str()])
        .env("CHAINATLAS_AVAILABLE_MEMORY", memory.to_string());
    run_guarded(cmd).assert_code(2).assert_contains(&format!(
        "chainatlas: error: {}: the dataset's files hold more than the {} bytes the memory check allows to be read",
        d.shown("links.csv"),
        others + 100
    )).assert_contains("skip the memory check to read it anyway (--no-memory-check)");
    // The same cap in the whole-file reader (another encoding).
    let mut cmd = bin();
    cmd.args([
        os("check"),
        d.path().as_os_str(),
        os("--encoding"),
        os("latin1"),
    ])
    .env("CHAINATLAS_AVAILABLE_MEMORY", memory.to_string());
    run_guarded(cmd)
        .assert_code(2)
        .assert_contains("the memory check allows to be read");
    // Without the check, /proc/self/status is read whole: a data problem, not a refusal.
    let mut cmd = bin();
    cmd.args([os("check"), d.path().as_os_str(), os("--no-memory-check")])
        .env("CHAINATLAS_AVAILABLE_MEMORY", memory.to_string());
    run_guarded(cmd)
        .assert_code(1)
        .assert_contains("missing required column");
    // Files that fit exactly are read.
    let d = TempDataset::base();
    let total: u64 = FILES[..4]
        .iter()
        .map(|f| std::fs::metadata(d.file(f)).unwrap().len())
        .sum();
    let mut cmd = bin();
    cmd.args([os("check"), d.path().as_os_str()])
        .env("CHAINATLAS_AVAILABLE_MEMORY", (total * 3).to_string());
    run_guarded(cmd).assert_code(0);
}

#[test]
fn dataset_that_does_not_exist_or_is_a_file() {
    let d = TempDataset::base();
    let missing = d.path().join("nowhere");
    let run = run_timed([os("check"), missing.as_os_str()]);
    run.assert_code(2).assert_contains(&format!(
        "chainatlas: error: dataset {}: does not exist",
        missing.display()
    ));
    let file = d.file("links.csv");
    let run = run_timed([os("check"), file.as_os_str()]);
    run.assert_code(2).assert_contains(&format!(
        "chainatlas: error: dataset {}: is not a folder",
        file.display()
    ));
}

#[test]
fn long_template_with_a_cycle_does_not_overflow_the_stack() {
    const N: usize = 100_000;
    let d = TempDataset::base();
    let mut chains = String::from(BASE_CHAINS);
    for i in 0..N {
        chains.push_str(&format!("long,s{i},,component,s{}\n", (i + 1) % N));
    }
    d.write("chains.csv", chains);
    check_light(
        &d,
        1,
        &["chains.csv:7: column \"inputs\": chain \"long\" has a cycle: s0 → s1 → s2 → "],
    );
}

// ---------------------------------------------------------------------------------------
// Commands that write files

/// Each command that takes `-o FILE`, with a file name for it.
const WRITERS: &[(&[&str], &str)] = &[
    (&["report"], "out.md"),
    (&["report", "--format", "json"], "out.json"),
    (&["metrics"], "out.csv"),
    (&["export", "--format", "dot"], "out.dot"),
    (&["export", "--format", "graphml"], "out.graphml"),
    (&["export", "--format", "json"], "out.json"),
];

fn args_with(
    command: &[&str],
    dataset: &Path,
    rest: &[&std::ffi::OsStr],
) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = command.iter().map(Into::into).collect();
    args.push(dataset.into());
    args.extend(rest.iter().map(|s| s.to_os_string()));
    args
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn bad_dataset() -> TempDataset {
    let d = TempDataset::base();
    d.replace("links.csv", "comp,ac1,supply", "comp,ac9,supply");
    d
}

#[test]
fn failed_run_writes_no_file_and_keeps_an_existing_one() {
    let d = bad_dataset();
    for (command, name) in WRITERS {
        let out = tempfile::tempdir().unwrap();
        let fresh = out.path().join(name);
        let run = run_timed(args_with(command, d.path(), &[os("-o"), fresh.as_os_str()]));
        run.assert_code(1)
            .assert_contains("unknown firm id \"ac9\"");
        assert!(
            listing(out.path()).is_empty(),
            "{command:?} -o left {:?}",
            listing(out.path())
        );

        let existing = out.path().join(format!("existing-{name}"));
        std::fs::write(&existing, "sentinel\n").unwrap();
        let before = std::fs::metadata(&existing).unwrap().modified().unwrap();
        let run = run_timed(args_with(
            command,
            d.path(),
            &[os("-o"), existing.as_os_str()],
        ));
        run.assert_code(1);
        assert_eq!(
            std::fs::read_to_string(&existing).unwrap(),
            "sentinel\n",
            "{command:?} touched the file"
        );
        assert_eq!(
            std::fs::metadata(&existing).unwrap().modified().unwrap(),
            before
        );
        assert_eq!(
            listing(out.path()),
            [format!("existing-{name}")],
            "{command:?}"
        );
    }
    // export --format csv writes a folder of two files.
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("nodes.csv"), "sentinel\n").unwrap();
    let run = run_timed(args_with(
        &["export", "--format", "csv"],
        d.path(),
        &[os("-o"), out.path().as_os_str()],
    ));
    run.assert_code(1);
    assert_eq!(listing(out.path()), ["nodes.csv"]);
    assert_eq!(
        std::fs::read_to_string(out.path().join("nodes.csv")).unwrap(),
        "sentinel\n"
    );
}

#[test]
fn output_naming_an_input_file_is_refused() {
    let d = TempDataset::base();
    d.write(
        "absences.csv",
        "area,stage,evidence\nTokyo,ac/copper,assumed\n",
    );
    for (command, _) in WRITERS {
        for file in FILES {
            let before = std::fs::read(d.file(file)).unwrap();
            // Spelt differently from the dataset path, so the check cannot be a string compare.
            let target = d.path().join(".").join(file);
            let run = run_timed(args_with(
                command,
                d.path(),
                &[os("-o"), target.as_os_str()],
            ));
            run.assert_code(2)
                .assert_contains("chainatlas: error: ")
                .assert_contains("it is an input of this run");
            assert_eq!(
                std::fs::read(d.file(file)).unwrap(),
                before,
                "{command:?} -o {file} changed it"
            );
        }
        let mut inputs = FILES.map(String::from).to_vec();
        inputs.sort();
        assert_eq!(
            listing(d.path()),
            inputs,
            "{command:?} left files in the dataset"
        );
    }
}

#[test]
fn dash_output_is_stdout() {
    let d = TempDataset::base();
    let cwd = tempfile::tempdir().unwrap();
    for (command, _) in WRITERS {
        let plain = run_in(Some(cwd.path()), args_with(command, d.path(), &[]));
        plain.assert_code(0);
        let dash = run_in(
            Some(cwd.path()),
            args_with(command, d.path(), &[os("-o"), os("-")]),
        );
        dash.assert_code(0);
        assert!(!dash.stdout.is_empty(), "{command:?} -o - wrote nothing");
        assert_eq!(
            dash.stdout, plain.stdout,
            "{command:?}: -o - differs from the default stdout"
        );
        assert!(
            listing(cwd.path()).is_empty(),
            "{command:?} -o - created {:?}",
            listing(cwd.path())
        );
    }
}

#[test]
fn unwritable_output_is_an_io_error_and_leaves_nothing() {
    let d = TempDataset::base();
    let out = tempfile::tempdir().unwrap();
    for (command, name) in WRITERS {
        let target = out.path().join("no-such-folder").join(name);
        let run = run_timed(args_with(
            command,
            d.path(),
            &[os("-o"), target.as_os_str()],
        ));
        run.assert_code(2)
            .assert_contains(&format!("chainatlas: error: {}", target.display()));
        let run = run_timed(args_with(
            command,
            d.path(),
            &[os("-o"), out.path().as_os_str()],
        ));
        run.assert_code(2).assert_contains("chainatlas: error: ");
        assert!(
            listing(out.path()).is_empty(),
            "{command:?} left {:?}",
            listing(out.path())
        );
    }
}

/// Spawns a command on the embedded dataset, reads `keep` bytes of its stdout, closes the
/// pipe, and returns the exit code and stderr.
fn with_closed_pipe(args: &[&str], keep: usize) -> (i32, String) {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn chainatlas");
    let mut stdout = child.stdout.take().unwrap();
    let mut head = vec![0u8; keep];
    stdout.read_exact(&mut head).expect("read the first bytes");
    drop(stdout);
    let stderr = drain(child.stderr.take().unwrap());
    let code = wait_or_kill(&mut child, &format!("{args:?}"));
    (
        code,
        String::from_utf8_lossy(&stderr.join().unwrap()).into_owned(),
    )
}

#[test]
fn closed_pipe_is_success_without_noise() {
    // graphml of the GBA data is far larger than a pipe buffer, so the write does hit EPIPE.
    for (args, keep) in [
        (&["report"][..], 10),
        (&["report"][..], 0),
        (&["metrics"][..], 10),
        (&["export", "--format", "graphml"][..], 10),
        (&["check", "--format", "json"][..], 10),
    ] {
        let (code, stderr) = with_closed_pipe(args, keep);
        assert_eq!(code, 0, "{args:?} | head -c {keep}: exit {code}\n{stderr}");
        assert!(
            stderr.is_empty(),
            "{args:?} | head -c {keep}: stderr\n{stderr}"
        );
    }
}

/// A 20,000-stage template and one firm with 100,000 links load and analyse (`report`),
/// rather than hanging or exhausting the stack.
#[test]
fn huge_template_and_a_firm_with_a_hundred_thousand_links_work() {
    use std::fmt::Write as _;
    let d = crate::util::TempDataset::base();
    let mut chains = String::from("chain,stage,label,tier,inputs\nc,s0,S0,raw_material,\n");
    for i in 1..20_000 {
        let _ = writeln!(chains, "c,s{i},S{i},component,s{}", i - 1);
    }
    chains.push_str("c,fin,Final,final_product,s19999\n");
    let mut firms = String::from(
        "id,name,name_zh,city,kind,stages,functions,employees,revenue,source\nhub,Hub,,Foshan,firm,c/s0,,1,,x\n",
    );
    for i in 1..=1000 {
        let _ = writeln!(firms, "b{i},B{i},,Foshan,firm,c/s{},,1,,x", i % 20_000);
    }
    let mut links = String::from("source,target,layer,stage,weight,year,evidence,source_ref\n");
    for i in 0..100_000 {
        let _ = writeln!(
            links,
            "hub,b{},supply,c/s0,1,2024,documented,r",
            1 + i % 1000
        );
    }
    d.write("chains.csv", chains);
    d.write("firms.csv", firms);
    d.write("links.csv", links);
    let r = run_timed([os("report"), d.path().as_os_str()]);
    r.assert_code(0).assert_contains(
        "**Verdict: undetermined (structural closure: capability) — 0 of 1 final product closed (1 undetermined: fin).**",
    );
}

/// The loader's encoding problems name the encoding, not the flag; the CLI says once, on
/// stderr, that the flag is `--encoding` (and only when an encoding problem was found).
#[test]
fn encoding_problems_get_the_flag_hint_once() {
    let latin1 = repo().join("tests/data/bad/23-latin1");
    let out = crate::util::run(["check", latin1.to_str().unwrap()]);
    out.assert_code(1);
    assert!(
        out.stdout.contains("load it with that encoding"),
        "{}",
        out.stdout
    );
    assert_eq!(
        out.stderr
            .matches("hint: give the encoding of the files that are not UTF-8")
            .count(),
        1,
        "{}",
        out.stderr
    );
    let tiny = repo().join("datasets/tiny");
    let clean = crate::util::run(["check", tiny.to_str().unwrap()]);
    clean.assert_code(0);
    assert!(!clean.stderr.contains("--encoding"), "{}", clean.stderr);
}
