//! `generate`: its output passes `check`, is byte-identical for a seed, and its
//! completeness results equal those of the independent Python reference
//! (tests/reference/completeness_ref.py) on several seeds.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use crate::util::{repo, require_program, run};

fn generate(dir: &Path, firms: &str, seed: &str) {
    run([
        OsStr::new("generate"),
        OsStr::new("--firms"),
        OsStr::new(firms),
        OsStr::new("--links-per-firm"),
        OsStr::new("4"),
        OsStr::new("--seed"),
        OsStr::new(seed),
        OsStr::new("-o"),
        dir.as_os_str(),
    ])
    .assert_code(0);
}

#[test]
fn generated_dataset_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "3000", "7");
    run([OsStr::new("check"), dir.path().as_os_str()])
        .assert_code(0)
        .assert_contains("ok: 0 errors, 0 warnings");
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    generate(a.path(), "500", "42");
    generate(b.path(), "500", "42");
    generate(c.path(), "500", "43");
    for f in [
        "cities.csv",
        "chains.csv",
        "firms.csv",
        "links.csv",
        "absences.csv",
    ] {
        let (x, y) = (
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
        );
        assert_eq!(x, y, "{f} differs for the same seed");
    }
    assert_ne!(
        std::fs::read(a.path().join("links.csv")).unwrap(),
        std::fs::read(c.path().join("links.csv")).unwrap()
    );
}

#[test]
fn zero_firms_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let r = run([
        OsStr::new("generate"),
        OsStr::new("--firms"),
        OsStr::new("0"),
        OsStr::new("-o"),
        dir.path().as_os_str(),
    ]);
    r.assert_code(2);
}

#[test]
fn generated_datasets_match_the_python_reference() {
    if !require_program("python3") {
        return;
    }
    for seed in ["1", "2", "3"] {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), "400", seed);
        let out = crate::util::completeness_reference(
            dir.path(),
            &[
                "--region",
                "GBA",
                "--region",
                "Foshan",
                "--region",
                "Guangzhou,Foshan",
                "--mode",
                "both",
            ],
        );
        let expected = dir.path().join("expected.json");
        std::fs::write(&expected, &out).unwrap();
        crate::conformance::check_case(&format!("generated seed {seed}"), dir.path(), &expected);
    }
}

/// The evidence-aware results (stage status and nearest, final-product status, fails_on and
/// closes_within, verdict, complete_from / possible_from, breakpoint reasons) equal those of
/// the independent Python reference on generated datasets, which carry absences, in both
/// modes, with and without importable tiers. The reference reproduces every conformance
/// case exactly, kettle included (checked first), so a difference here is a disagreement on
/// data no one worked by hand.
#[test]
fn generated_datasets_match_the_python_reference_on_evidence_aware_results() {
    if !require_program("python3") {
        return;
    }
    // Exits 1 (and fails here) on a difference from any conformance case.
    crate::util::completeness_reference(
        &repo().join("tests/data/conformance"),
        &["--check-conformance", "tests/data/conformance"],
    );
    let mut compared = 0;
    for seed in ["4", "5", "6"] {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), "300", seed);
        let out = crate::util::completeness_reference(
            dir.path(),
            &[
                "--runs",
                "--mode",
                "both",
                "--importable",
                "none",
                "--importable",
                "raw_material",
            ],
        );
        let expected: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let mut diffs = Vec::new();
        for run in expected["runs"].as_array().unwrap() {
            let actual = crate::conformance::completeness_json_importing(
                dir.path(),
                run["region"].as_str().unwrap(),
                run["mode"].as_str().unwrap(),
                run["importable"].as_str(),
            );
            diffs.extend(
                crate::conformance::compare_run(run, &actual)
                    .into_iter()
                    .map(|d| format!("seed {seed}: {d}")),
            );
            compared += 1;
        }
        assert!(
            diffs.is_empty(),
            "{} differences:\n{}",
            diffs.len(),
            diffs.join("\n")
        );
    }
    assert_eq!(
        compared,
        3 * 3 * 2 * 2,
        "seeds × regions × modes × importable"
    );
}

/// The parallel chunked loader gives the same answers however the files are cut: a run with
/// 64-byte chunks (thousands of chunks, cut inside quoted names with commas and newlines)
/// prints byte-identical `summary` and `metrics` output to a run with the default chunks,
/// on one thread and on several.
#[test]
fn chunked_loader_is_independent_of_chunk_size_and_threads() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "1500", "11");
    let out = |chunk: Option<&str>, threads: &str, cmd: &str| -> Vec<u8> {
        let mut c = crate::util::bin();
        c.env("RAYON_NUM_THREADS", threads);
        if let Some(n) = chunk {
            c.env("CHAINATLAS_CHUNK_BYTES", n);
        }
        let o = c
            .arg(cmd)
            .arg(dir.path())
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        o.stdout
    };
    for cmd in ["summary", "metrics", "completeness"] {
        let reference = out(None, "1", cmd);
        assert_eq!(
            out(Some("64"), "1", cmd),
            reference,
            "{cmd}: 64-byte chunks, 1 thread"
        );
        assert_eq!(
            out(Some("64"), "3", cmd),
            reference,
            "{cmd}: 64-byte chunks, 3 threads"
        );
        assert_eq!(
            out(Some("4096"), "2", cmd),
            reference,
            "{cmd}: 4 KiB chunks, 2 threads"
        );
    }
    // A broken dataset reports the same problems in the same order (vocabulary errors carry
    // no per-chunk hint budget, so their text does not depend on the cuts).
    let links = dir.path().join("links.csv");
    let mut text = std::fs::read_to_string(&links).unwrap();
    text = text
        .replacen(",supply,", ",suply,", 3)
        .replacen(",documented,", ",documentd,", 2);
    std::fs::write(&links, text).unwrap();
    let check = |chunk: &str| {
        let mut c = crate::util::bin();
        c.env("CHAINATLAS_CHUNK_BYTES", chunk)
            .arg("check")
            .arg(dir.path());
        let o = c.output().unwrap();
        let stdout = String::from_utf8(o.stdout).unwrap();
        assert_eq!(o.status.code(), Some(1), "{chunk}-byte chunks: {stdout}");
        assert!(
            stdout.contains("unknown layer \"suply\"") && stdout.contains("FAILED: 5 errors"),
            "{chunk}-byte chunks: {stdout}"
        );
        stdout
    };
    assert_eq!(check("64"), check("2097152"));
}

/// A bad byte deep in a file read in blocks is reported once, at its real line.
#[test]
fn invalid_utf8_in_a_later_block_is_one_error_at_the_right_line() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "300", "3");
    let links = dir.path().join("links.csv");
    let mut bytes = std::fs::read(&links).unwrap();
    let lines: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let at = lines[700] + 1; // start of line 702
    bytes.insert(at, 0xFF);
    std::fs::write(&links, bytes).unwrap();
    let mut c = crate::util::bin();
    c.env("CHAINATLAS_BLOCK_BYTES", "2000")
        .arg("check")
        .arg(dir.path());
    let o = c.output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("file is not valid UTF-8 (byte 0xFF at line 702, byte 1)"),
        "{out}"
    );
    assert_eq!(out.matches("not valid UTF-8").count(), 1, "{out}");
}

#[test]
fn a_dataset_too_large_for_the_disk_is_refused_before_writing() {
    let parent = tempfile::tempdir().unwrap();
    let target = parent.path().join("huge");
    // 5 firms × 10⁹ links per firm is within the 5-billion-link bound but would be about
    // 400 GB; the free space is set by the test-only variable so the refusal is certain.
    let out = Command::new(env!("CARGO_BIN_EXE_chainatlas"))
        .args(["generate", "--firms", "5", "--links-per-firm", "1e9", "-o"])
        .arg(&target)
        .env("CHAINATLAS_TEST_FREE_BYTES", "1000000000")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("would take up to"), "{stderr}");
    assert!(
        stderr.contains("GB") && stderr.contains("only 954 MB free"),
        "{stderr}"
    );
    // Nothing was created: not the target, not a temporary folder beside it.
    assert_eq!(std::fs::read_dir(parent.path()).unwrap().count(), 0);
    // With enough space the same small run proceeds.
    let ok = Command::new(env!("CARGO_BIN_EXE_chainatlas"))
        .args(["generate", "--firms", "200", "--links-per-firm", "2", "-o"])
        .arg(&target)
        .env("CHAINATLAS_TEST_FREE_BYTES", "1000000000")
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    assert!(target.join("links.csv").is_file());
}
