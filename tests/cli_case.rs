//! CLI output details owned by the command layer: ids are printed as written (a stage
//! `Copper_Tube` is not lowercased in table output), an empty share is `0.0%` not `-0.0%`,
//! every JSON output starts with `"schema_version"`, and `report --layout graphviz` fails
//! clearly without Graphviz.

use crate::util::{bin, repo, run};

/// datasets/tiny with the stage `copper_tube` renamed `Copper_Tube` everywhere.
fn tiny_with_capital_stage() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["cities.csv", "chains.csv", "firms.csv", "links.csv"] {
        let text = std::fs::read_to_string(repo().join("datasets/tiny").join(name)).unwrap();
        std::fs::write(
            dir.path().join(name),
            text.replace("copper_tube", "Copper_Tube"),
        )
        .unwrap();
    }
    dir
}

#[test]
fn table_output_prints_stage_ids_as_written() {
    let dir = tiny_with_capital_stage();
    let path = dir.path().to_str().unwrap();
    run(["check", path]).assert_code(0);

    let c = run(["completeness", path]);
    c.assert_code(0).assert_contains("| Copper_Tube ");
    assert!(!c.stdout.contains("copper_tube"), "{}", c.stdout);

    // Without the only local producer, Copper_Tube becomes a new breakpoint.
    let s = run(["simulate", path, "--remove", "firm:fs_tube"]);
    s.assert_code(0).assert_contains("Copper_Tube (no_data)");
    assert!(!s.stdout.contains("copper_tube"), "{}", s.stdout);
}

#[test]
fn a_zero_share_is_not_negative() {
    assert_eq!(chainatlas::text::number::fmt_percent(-0.0), "0.0%");
    assert_eq!(chainatlas::text::number::fmt_percent(-1e-9), "0.0%");
    assert_eq!(chainatlas::text::number::fmt_percent(0.5), "50.0%");
}

#[test]
fn every_json_output_starts_with_the_schema_version() {
    let tiny = repo().join("datasets/tiny");
    let tiny = tiny.to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let nodelink = out.path().join("graph.json");
    let commands: Vec<Vec<&str>> = vec![
        vec!["check", tiny],
        vec!["summary", tiny],
        vec!["completeness", tiny],
        vec!["gaps", tiny],
        vec!["bottlenecks", tiny],
        vec!["metrics", tiny],
        vec!["simulate", tiny, "--remove", "city:Foshan"],
        vec!["complement", tiny],
        vec!["complement", tiny, "--matrix"],
        vec!["fusion", tiny],
        vec!["report", tiny],
        vec!["export", tiny],
    ];
    for mut args in commands {
        args.extend(["--format", "json"]);
        let r = run(&args);
        r.assert_code(0);
        assert!(
            r.stdout.starts_with("{\n  \"schema_version\": 2,\n"),
            "{args:?}: {}",
            &r.stdout[..r.stdout.len().min(200)]
        );
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(v["schema_version"], 2, "{args:?}");
    }
    run([
        "export",
        tiny,
        "--format",
        "json",
        "-o",
        nodelink.to_str().unwrap(),
    ])
    .assert_code(0);
    let written = std::fs::read_to_string(&nodelink).unwrap();
    assert!(written.starts_with("{\n  \"schema_version\": 2,\n"));
}

#[test]
fn graphviz_layout_without_dot_is_a_usage_error() {
    let empty = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["report", "--format", "html", "--layout", "graphviz"])
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Graphviz's `dot` was not found on PATH") && err.contains("--layout builtin"),
        "{err}"
    );
    // The default layout needs no Graphviz.
    let out = bin()
        .args(["report", "--format", "html"])
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}
