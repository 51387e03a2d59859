//! Snapshots of the text people read: the Markdown report and the table output of
//! `completeness`, `gaps`, `bottlenecks` and `simulate`, on the embedded GBA data,
//! datasets/tiny and tests/data/mixed_case (ids in mixed case, which tables must print as
//! written). Each is compared byte for byte with tests/data/snapshots/<name>; rerun with
//! CHAINATLAS_UPDATE_SNAPSHOTS=1 to rewrite them after an intended change, and review the
//! diff. JSON outputs are checked field by field elsewhere, not snapshotted.

use crate::util::{assert_snapshot, run_in_repo};

/// Runs `args` in the repository root (datasets are given by relative path, which the
/// report prints) and compares stdout with the snapshot `name`.
fn snapshot(name: &str, args: &[&str]) {
    let r = run_in_repo(args, &[]);
    r.assert_ok();
    assert!(
        r.stderr.is_empty(),
        "{args:?} wrote to stderr:\n{}",
        r.stderr
    );
    assert_snapshot(name, &r.stdout);
}

/// The datasets: `None` is the embedded GBA data.
const DATASETS: [(&str, Option<&str>); 3] = [
    ("gba", None),
    ("tiny", Some("datasets/tiny")),
    ("mixed_case", Some("tests/data/mixed_case")),
];

/// `command [dataset] extra…` on each dataset, snapshotted as `<command>-<dataset>.md`.
fn on_every_dataset(command: &str, extra: &[&str]) {
    for (name, dataset) in DATASETS {
        let mut args = vec![command];
        args.extend(dataset);
        args.extend_from_slice(extra);
        snapshot(&format!("{command}-{name}.md"), &args);
    }
}

#[test]
fn report_markdown() {
    on_every_dataset("report", &[]);
}

#[test]
fn completeness_table() {
    on_every_dataset("completeness", &[]);
}

#[test]
fn gaps_table() {
    on_every_dataset("gaps", &[]);
}

#[test]
fn bottlenecks_table() {
    on_every_dataset("bottlenecks", &[]);
}

#[test]
fn simulate_table() {
    snapshot(
        "simulate-gba-city-Shenzhen.md",
        &["simulate", "--remove", "city:Shenzhen"],
    );
    snapshot(
        "simulate-tiny-firm-fs_comp.md",
        &["simulate", "datasets/tiny", "--remove", "firm:fs_comp"],
    );
    snapshot(
        "simulate-mixed_case-firm-FS_Copper.md",
        &[
            "simulate",
            "tests/data/mixed_case",
            "--remove",
            "firm:FS_Copper",
        ],
    );
}
