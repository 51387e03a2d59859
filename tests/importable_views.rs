//! Issue 14 item 7 and `--importable` on the remaining commands: the chain map shows
//! absent, no-data and importable stages apart (and never says "no local producer"), and
//! `simulate`, `bottlenecks` and `complement` take `--importable`, each checked on
//! datasets/tiny against values worked by hand from its README.

use serde_json::Value;

use crate::util::{chain, json, require_program, run, tiny};

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

fn dot_of(args: &[&str]) -> String {
    let r = run(args);
    r.assert_code(0);
    r.stdout
}

/// The DOT attribute line of one stage node.
fn node_line<'a>(dot: &'a str, key: &str) -> &'a str {
    let start = format!("    \"{key}\" [");
    dot.lines()
        .find(|l| l.starts_with(&start))
        .unwrap_or_else(|| panic!("no node {key} in\n{dot}"))
}

#[test]
fn map_no_data_stage_says_no_producer_in_the_data() {
    // datasets/tiny has no absences.csv: robot/reducer (made only in Osaka) is unknown.
    let dot = dot_of(&["map", &tiny(), "--chain", "robot"]);
    let reducer = node_line(&dot, "robot/reducer");
    assert!(
        reducer.contains("no producer in the region in the data"),
        "{reducer}"
    );
    assert!(
        reducer.contains("nearest producers: abroad only"),
        "{reducer}"
    );
    assert!(reducer.contains("dashed"), "{reducer}");
    assert!(!dot.contains("no local producer"), "{dot}");
    assert!(!dot.contains("missing"), "{dot}");
    assert!(dot.contains("verdict: undetermined"), "{dot}");
    // Legend: all five stage statuses.
    for words in [
        "closed",
        "present, not closed",
        "recorded absent (see its source and evidence)",
        "no producer in the region in the data (not proof of absence)",
        "importable (bought outside by assumption)",
    ] {
        assert!(dot.contains(words), "legend lacks {words:?}");
    }
}

#[test]
fn map_absent_stage_names_its_source() {
    // The embedded GBA data: bauxite is a recorded absence with a source page.
    let dot = dot_of(&["map", "--chain", "home_appliances"]);
    let bauxite = node_line(&dot, "home_appliances/bauxite");
    assert!(bauxite.contains("absent in GBA (estimated)"), "{bauxite}");
    assert!(
        bauxite.contains("source: http://china.org.cn/english/en-sz2005/zr/zrzy-kc.htm"),
        "{bauxite}"
    );
    assert!(bauxite.contains("#ffcdd2"), "absent is red: {bauxite}");
    assert!(!dot.contains("no local producer"), "{dot}");
    if require_program("dot") {
        let r = run(["map", "--chain", "home_appliances", "--format", "svg"]);
        r.assert_code(0);
        assert!(r.stdout.contains("<svg"));
    }
}

#[test]
fn map_marks_importable_stages() {
    let dot = dot_of(&[
        "map",
        &tiny(),
        "--chain",
        "robot",
        "--importable",
        "robot/reducer",
    ]);
    let reducer = node_line(&dot, "robot/reducer");
    assert!(reducer.contains("importable"), "{reducer}");
    assert!(reducer.contains("dotted"), "{reducer}");
    assert!(reducer.contains("#e3f2fd"), "{reducer}");
    // With reducers imported the arm closes: fs_arm buys servos from fs_servo (supplied by
    // sz_magnet) and controllers from gz_ctrl. The AGV stays blocked.
    let arm = node_line(&dot, "robot/arm");
    assert!(arm.contains("\\nclosed"), "{arm}");
    let agv = node_line(&dot, "robot/agv");
    assert!(agv.contains("present, not closed · breakpoint"), "{agv}");
    assert!(dot.contains("(importing reducer)"), "{dot}");
    if require_program("dot") {
        let r = run([
            "map",
            &tiny(),
            "--chain",
            "robot",
            "--importable",
            "robot/reducer",
            "--format",
            "svg",
        ]);
        r.assert_code(0);
    }
    // A bad spec is a usage error naming the flag.
    let r = run([
        "map",
        &tiny(),
        "--chain",
        "robot",
        "--importable",
        "robot/reduce",
    ]);
    r.assert_code(2);
    assert!(r.stderr.contains("--importable"), "{}", r.stderr);
}

#[test]
fn simulate_shows_verdicts_and_takes_importable() {
    // Without imports, the arm is not closed (no reducer in the GBA), so losing fs_servo
    // loses nothing; robot stays undetermined (reducer no_data, agv blocked).
    let plain = json(&[
        "simulate",
        &tiny(),
        "--remove",
        "firm:fs_servo",
        "--format",
        "json",
    ]);
    let robot = chain(&plain, "robot");
    assert_eq!(robot["verdict_before"], "undetermined");
    assert_eq!(robot["verdict_after"], "undetermined");
    assert!(robot["lost_final_products"].as_array().unwrap().is_empty());
    assert_eq!(chain(&plain, "aircon")["verdict_before"], "holds");
    assert!(plain["importable"].as_array().unwrap().is_empty());

    // Importing reducers closes the arm before. Without fs_servo, fs_arm has no locally
    // supplied servo (R4 was its only servo link), so the arm is lost; servo stays present
    // (sz_servo, which buys its magnets from Ningbo) with its magnet input closed: a new
    // `blocked` breakpoint.
    let s = json(&[
        "simulate",
        &tiny(),
        "--remove",
        "firm:fs_servo",
        "--importable",
        "robot/reducer",
        "--format",
        "json",
    ]);
    assert_eq!(strings(&s["importable"]), ["robot/reducer"]);
    let robot = chain(&s, "robot");
    assert_eq!(strings(&robot["closed_final_products_before"]), ["arm"]);
    assert!(
        robot["closed_final_products_after"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(strings(&robot["lost_final_products"]), ["arm"]);
    let new: Vec<(&str, &str)> = robot["new_breakpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["stage"].as_str().unwrap(), b["reason"].as_str().unwrap()))
        .collect();
    assert!(new.contains(&("servo", "blocked")), "{new:?}");
    assert!(
        new.iter().all(|(stage, _)| *stage != "reducer"),
        "an importable stage is never a breakpoint: {new:?}"
    );
    assert_eq!(robot["verdict_before"], "undetermined");
    assert_eq!(robot["verdict_after"], "undetermined");

    let table = run([
        "simulate",
        &tiny(),
        "--remove",
        "firm:fs_servo",
        "--importable",
        "robot/reducer",
    ]);
    table.assert_code(0);
    assert!(table.stdout.contains("verdict before"), "{}", table.stdout);
    assert!(
        table.stdout.contains(
            "Importable (bought outside by assumption, before and after): robot/reducer."
        ),
        "{}",
        table.stdout
    );
    assert!(!table.stdout.contains("no local producer"));
}

#[test]
fn bottlenecks_importable_changes_critical_firms() {
    // Importing reducers closes robot/arm (realised): the firms on its only derivation are
    // critical — fs_arm (the one producer), fs_servo and its magnet supplier sz_magnet, and
    // gz_ctrl (the one controller); the reducer group needs no firm.
    let b = json(&[
        "bottlenecks",
        &tiny(),
        "--importable",
        "robot/reducer",
        "--format",
        "json",
    ]);
    let arm_critical = |b: &Value| -> Vec<String> {
        let mut firms: Vec<String> = chain(b, "robot")["critical_firms"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| strings(&f["final_products"]).contains(&"robot/arm"))
            .map(|f| f["firm"].as_str().unwrap().to_string())
            .collect();
        firms.sort();
        firms
    };
    assert_eq!(
        arm_critical(&b),
        ["fs_arm", "fs_servo", "gz_ctrl", "sz_magnet"]
    );
    // Importing servos too: the servo group is met from outside, so neither fs_servo nor
    // sz_magnet is critical any more (a local derivation exists, but is not needed).
    let b = json(&[
        "bottlenecks",
        &tiny(),
        "--importable",
        "robot/reducer,robot/servo",
        "--format",
        "json",
    ]);
    assert_eq!(arm_critical(&b), ["fs_arm", "gz_ctrl"]);
    // Without imports the arm is not closed and no robot firm is critical.
    let b = json(&["bottlenecks", &tiny(), "--format", "json"]);
    assert!(arm_critical(&b).is_empty());
}

#[test]
fn complement_importable_adds_a_joint_gain() {
    // Guangzhou + Foshan: the arm needs servo (fs_servo needs magnets: Shenzhen or Ningbo,
    // outside both), reducer (Osaka) and controller (gz_ctrl, Guangzhou). Importing
    // reducers and magnets, fs_servo is supplied, and with gz_ctrl the arm closes only
    // jointly: Foshan lacks the controller and Guangzhou the arm maker.
    let plain = json(&["complement", &tiny(), "--format", "json"]);
    assert_eq!(strings(&plain["joint_gain"]), ["aircon/split_ac"]);
    assert!(plain.get("importable").is_none());
    let c = json(&[
        "complement",
        &tiny(),
        "--importable",
        "robot/reducer,robot/magnet",
        "--format",
        "json",
    ]);
    assert_eq!(strings(&c["joint_gain"]), ["aircon/split_ac", "robot/arm"]);
    assert_eq!(strings(&c["importable"]), ["robot/magnet", "robot/reducer"]);
    let robot = chain(&c, "robot");
    assert!(robot["closed_a"].as_array().unwrap().is_empty());
    assert!(robot["closed_b"].as_array().unwrap().is_empty());
    assert_eq!(strings(&robot["closed_joint"]), ["arm"]);
    // The matrix applies them as the pair analysis does.
    run([
        "complement",
        &tiny(),
        "--matrix",
        "--importable",
        "raw_material",
    ])
    .assert_code(0);
    let m = json(&[
        "complement",
        &tiny(),
        "--matrix",
        "--importable",
        "robot/reducer,robot/magnet",
        "--format",
        "json",
    ]);
    assert_eq!(strings(&m["importable"]), ["robot/magnet", "robot/reducer"]);
    let first = &m["pairs"][0];
    assert_eq!(
        (first["a"].as_str(), first["b"].as_str()),
        (Some("Foshan"), Some("Guangzhou"))
    );
    assert_eq!(
        strings(&first["joint_gain"]),
        ["aircon/split_ac", "robot/arm"]
    );
}
