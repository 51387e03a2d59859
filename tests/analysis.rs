//! Completeness commands end to end: gaps (blockage pairs, shortlist), report (verdict on
//! the embedded GBA data), formats and usage errors.

use std::ffi::OsStr;

use serde_json::Value;

use crate::util::{assert_same_output, repo, run};

fn json(args: &[&str]) -> Value {
    let r = run(args);
    r.assert_code(0);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn tiny() -> String {
    repo().join("datasets/tiny").display().to_string()
}

fn chain<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["chains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["chain"] == id)
        .unwrap_or_else(|| panic!("no chain {id}"))
}

#[test]
fn gaps_shortlist_ranks_the_outside_reducer_maker() {
    let g = json(&["gaps", &tiny(), "--format", "json"]);
    let robot = chain(&g, "robot");
    let list = robot["shortlist"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["stage"], "reducer");
    assert_eq!(list[0]["candidates"][0]["firm"], "jp_reducer");
    assert_eq!(
        list[0]["candidates"][0]["closes"],
        serde_json::json!(["robot/arm"])
    );
}

#[test]
fn gaps_blockage_lists_same_city_pair() {
    let g = json(&["gaps", &tiny(), "--region", "Foshan", "--format", "json"]);
    let b = &chain(&g, "robot")["blockages"][0];
    assert_eq!(
        (b["from"].as_str(), b["to"].as_str()),
        (Some("servo"), Some("agv"))
    );
    let pair = &b["candidates"][0];
    assert_eq!(
        (
            pair["supplier"].as_str(),
            pair["buyer"].as_str(),
            pair["same_city"].as_bool()
        ),
        (Some("fs_servo"), Some("fs_agv"), Some(true))
    );
}

#[test]
fn gaps_csv_has_one_row_per_item_and_safe_cells() {
    let r = run(["gaps", &tiny(), "--region", "Foshan", "--format", "csv"]);
    r.assert_code(0);
    let mut rdr = csv::Reader::from_reader(r.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let kinds: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "breakpoint").count(), 6);
    assert_eq!(kinds.iter().filter(|k| **k == "blockage").count(), 1);
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "unsafe cell {cell:?}"
            );
        }
    }
}

#[test]
fn completeness_csv_has_one_row_per_stage() {
    let r = run([
        "completeness",
        &tiny(),
        "--chain",
        "robot",
        "--format",
        "csv",
    ]);
    r.assert_code(0);
    let mut rdr = csv::Reader::from_reader(r.stdout.as_bytes());
    assert_eq!(rdr.records().count(), 7);
}

#[test]
fn unknown_chain_is_a_usage_error_with_suggestion() {
    let r = run(["completeness", &tiny(), "--chain", "robots"]);
    r.assert_code(2)
        .assert_contains("unknown chain \"robots\"; did you mean \"robot\"?");
}

#[test]
fn bad_threshold_is_a_usage_error() {
    run(["completeness", &tiny(), "--chokepoint-share", "1.5"])
        .assert_code(2)
        .assert_contains("--chokepoint-share must be between 0 and 1");
}

#[test]
fn min_producers_raises_the_bar() {
    let c = json(&[
        "completeness",
        &tiny(),
        "--min-producers",
        "2",
        "--format",
        "json",
    ]);
    let aircon = chain(&c, "aircon");
    // Only heat_exchanger has two local producers in the GBA.
    assert!((aircon["stage_coverage"].as_f64().unwrap() - 1.0 / 11.0).abs() < 1e-12);
    assert_eq!(aircon["complete"], false);
}

#[test]
fn report_on_embedded_gba_gives_a_verdict_that_matches_the_data() {
    let r = json(&["report", "--format", "json"]);
    assert_eq!(r["claim"]["status"], "fails");
    assert_eq!(r["region"]["name"], "GBA");
    let chains = r["chains"].as_array().unwrap();
    assert!(chains.len() >= 6);
    for c in chains {
        // No GBA raw-material producer exists in the fact base: nothing can be complete.
        assert_eq!(c["completeness"]["complete"], false, "{}", c["chain"]);
        let h5 = &c["verdict"]["tests"][4];
        assert_eq!(h5["id"], "H5");
        // Nothing is closed, so no single firm's loss can break closure.
        assert_eq!(h5["passed"], true);
        assert!(
            h5["detail"]
                .as_str()
                .unwrap()
                .starts_with("no final product is closed")
        );
    }
    let missing = |chain_id: &str, stage: &str| {
        let c = chains.iter().find(|c| c["chain"] == chain_id).unwrap();
        c["completeness"]["breakpoints"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["stage"] == stage && b["reason"] == "no_data")
    };
    assert!(missing("nev_batteries", "lithium_chemicals"));
    assert!(missing("electronics_semiconductors", "silicon_wafer"));
    assert!(missing("home_appliances", "crude_oil"));
}

#[test]
fn report_markdown_opens_with_the_verdict_in_plain_language() {
    let r = run(["report", &tiny()]);
    r.assert_code(0);
    assert!(r.stdout.starts_with("# Is the chain complete in GBA?"));
    r.assert_contains("**Verdict: fails.**");
    r.assert_contains("robot is not complete in GBA (0 of 2 final products closed)");
    r.assert_contains("the closest outside producers of Precision reducer (reducer) are Osaka Precision Reducer K.K. (Osaka)");
    r.assert_contains("aircon is complete in GBA: its final product is closed");
    r.assert_contains("## Bottlenecks and resilience");
    r.assert_contains("**H5 no single local firm whose loss breaks closure**: FAIL — closure-critical firms: fs\\_aircon (1)");
}

#[test]
fn report_writes_a_file_whole_and_refuses_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    run([
        OsStr::new("report"),
        OsStr::new(&tiny()),
        OsStr::new("-o"),
        out.as_os_str(),
    ])
    .assert_code(0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.ends_with(".\n"), "report truncated?");
    let input = repo().join("datasets/tiny/links.csv");
    run([
        OsStr::new("report"),
        OsStr::new(&tiny()),
        OsStr::new("-o"),
        input.as_os_str(),
    ])
    .assert_code(2)
    .assert_contains("it is an input of this run");
}

#[test]
fn report_is_deterministic() {
    for args in [
        &["report"][..],
        &["report", "--format", "json"],
        &["report", "--format", "html"],
    ] {
        let (a, b) = (run(args), run(args));
        assert_same_output(&args.join(" "), &a, &b);
    }
}

#[test]
fn report_has_the_guangzhou_foshan_and_one_system_sections() {
    let md = run(["report", &tiny()]);
    md.assert_code(0)
        .assert_contains("## Guangzhou–Foshan (claim 3: complementary?)")
        .assert_contains("## Four chains as one system (claim 2)")
        .assert_contains("- Claim 3, Guangzhou–Foshan: complementary");
    let v = json(&["report", &tiny(), "--format", "json"]);
    assert_eq!(v["complementarity"]["verdict"], "complementary");
    assert_eq!(
        v["complementarity"]["joint_gain"],
        serde_json::json!(["aircon/split_ac"])
    );
    assert_eq!(v["fusion"]["verdict"], "partly_integrated");
    let html = run(["report", &tiny(), "--format", "html"]);
    html.assert_code(0)
        .assert_contains("<h2>Guangzhou–Foshan (claim 3: complementary?)</h2>")
        .assert_contains("<h2>Four chains as one system (claim 2)</h2>");
}

#[test]
fn importable_takes_tiers_and_stages_and_names_a_typo() {
    let t = tiny();
    for cmd in ["completeness", "gaps"] {
        let r = run([cmd, t.as_str(), "--importable", "raw_materal"]);
        r.assert_code(2)
            .assert_contains("--importable")
            .assert_contains("did you mean \"raw_material\"");
        let r = run([cmd, t.as_str(), "--importable", "robot/reducr"]);
        r.assert_code(2)
            .assert_contains("did you mean \"robot/reducer\"");
    }
    // Importing the reducer leaves agv's missing local link as the only open question.
    let v = json(&[
        "completeness",
        &t,
        "--importable",
        "robot/reducer",
        "--format",
        "json",
    ]);
    assert_eq!(v["importable"], serde_json::json!(["robot/reducer"]));
    let robot = chain(&v, "robot");
    assert_eq!(robot["importable"], serde_json::json!(["reducer"]));
    assert!(
        robot["breakpoints"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["stage"] != "reducer")
    );
    let g = json(&[
        "gaps",
        &t,
        "--importable",
        "robot/reducer",
        "--format",
        "json",
    ]);
    assert_eq!(chain(&g, "robot")["verdict"], robot["verdict"]);
}
