//! `generate`: its output passes `check`, is byte-identical for a seed, and its
//! completeness results equal those of the independent Python reference
//! (tests/reference/completeness_ref.py) on several seeds.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

use crate::util::{repo, run};

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
    for f in ["cities.csv", "chains.csv", "firms.csv", "links.csv"] {
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
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!(
            "SKIPPED generated_datasets_match_the_python_reference: python3 is not installed"
        );
        return;
    }
    for seed in ["1", "2", "3"] {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), "400", seed);
        let out = Command::new("python3")
            .arg(repo().join("tests/reference/completeness_ref.py"))
            .arg(dir.path())
            .args([
                "--region",
                "GBA",
                "--region",
                "Foshan",
                "--region",
                "Guangzhou,Foshan",
                "--mode",
                "both",
            ])
            .output()
            .expect("run the Python reference");
        assert!(
            out.status.success(),
            "reference failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let expected = dir.path().join("expected.json");
        std::fs::write(&expected, &out.stdout).unwrap();
        crate::conformance::check_case(&format!("generated seed {seed}"), dir.path(), &expected);
    }
}
