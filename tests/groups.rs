//! Producer units in bottlenecks (issue 15 item 6) on the hand-worked dataset
//! tests/data/groups (expected values worked on paper in its README): single-source stages,
//! HHI and N_eff by group as well as by firm, closure-critical groups, and H5 by group.

use crate::util::{chain, json, repo, run, tiny};

fn dataset() -> String {
    repo().join("tests/data/groups").display().to_string()
}

fn close(a: &serde_json::Value, b: f64) {
    let a = a.as_f64().unwrap_or_else(|| panic!("not a number: {a}"));
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

fn strings(v: &serde_json::Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

fn stage<'a>(c: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    c["concentration"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == id)
        .unwrap_or_else(|| panic!("no stage {id}"))
}

#[test]
fn single_source_by_group_not_by_firm() {
    let b = json(&["bottlenecks", &dataset(), "--format", "json"]);
    assert_eq!(
        b["groups_checked"], 2,
        "Farm and Pack have two local firms or more"
    );
    let tea = chain(&b, "tea");
    // bottle: two plants of Pack: two producers, one unit.
    assert!(strings(&tea["single_source_stages"]).is_empty());
    assert_eq!(strings(&tea["single_source_groups"]), ["bottle"]);
    let bottle = stage(tea, "bottle");
    assert_eq!(bottle["producers"], 2);
    assert_eq!(bottle["units"], 1);
    assert_eq!(bottle["basis"], "employment");
    close(&bottle["hhi"], 0.5);
    close(&bottle["n_eff"], 2.0);
    close(&bottle["hhi_units"], 1.0);
    close(&bottle["n_eff_units"], 1.0);
    assert_eq!(
        bottle["top_producer"], "fs_bottle_1",
        "100 = 100: the smaller id"
    );
    assert_eq!(bottle["top_unit"], "Pack");
    // leaf: gz_leaf_a (Farm, 300) and fs_leaf_b (100): two units, the same shares.
    let leaf = stage(tea, "leaf");
    close(&leaf["hhi"], 0.625);
    close(&leaf["hhi_units"], 0.625);
    close(&leaf["n_eff_units"], 1.6);
    assert_eq!(leaf["top_producer"], "gz_leaf_a");
    assert_eq!(leaf["top_unit"], "Farm");
    // drink: fs_drink_b's employment is unknown: count basis for both, 1/2.
    let drink = stage(tea, "drink");
    assert_eq!(drink["basis"], "count");
    assert_eq!(drink["employment_known"], 1);
    assert_eq!(drink["units"], 2);
    close(&drink["hhi"], 0.5);
    close(&drink["hhi_units"], 0.5);
    // cup: Pack 300 + 100 = 400 against Farm's fs_cup_x 400.
    let cup = stage(chain(&b, "cup"), "cup");
    assert_eq!(cup["producers"], 3);
    assert_eq!(cup["units"], 2);
    close(&cup["hhi"], 0.40625);
    close(&cup["n_eff"], 1.0 / 0.40625);
    close(&cup["hhi_units"], 0.5);
    close(&cup["n_eff_units"], 2.0);
    assert_eq!(cup["top_producer"], "fs_cup_x");
    assert_eq!(cup["top_unit"], "Farm", "400 = 400: Farm before Pack");
}

#[test]
fn a_group_breaks_closure_where_no_single_firm_does() {
    let b = json(&["bottlenecks", &dataset(), "--format", "json"]);
    let tea = chain(&b, "tea");
    assert_eq!(tea["complete"], true);
    assert!(tea["critical_firms"].as_array().unwrap().is_empty());
    let groups = tea["critical_groups"].as_array().unwrap();
    assert_eq!(
        groups.len(),
        1,
        "Farm's loss leaves fs_leaf_b → fs_drink_b: {groups:?}"
    );
    assert_eq!(groups[0]["group"], "Pack");
    assert_eq!(groups[0]["firms"], 4, "xm_clay is outside the region");
    assert_eq!(strings(&groups[0]["final_products"]), ["tea/drink"]);
    assert_eq!(strings(&groups[0]["chains"]), ["tea"]);
    let cup = chain(&b, "cup");
    assert!(cup["critical_groups"].as_array().unwrap().is_empty());

    let csv = run(["bottlenecks", &dataset(), "--format", "csv"]);
    csv.assert_ok();
    let header = csv.stdout.lines().next().unwrap();
    assert!(header.ends_with(",group,group_firms,units,hhi_units,n_eff_units,top_unit,largest_by"));
    assert!(
        csv.stdout
            .lines()
            .any(|l| l == "critical_group,tea,,,,,,,1,tea/drink,Pack,4,,,,,"),
        "{}",
        csv.stdout
    );
    assert!(csv.stdout.lines().any(|l| l
        == "stage,tea,bottle,fs_bottle_1,2,0.500000,2.000000,employment,,,,,1,1.000000,1.000000,Pack,employment"));
}

const H5_TEA: &str =
    "no single local firm; closure-critical groups: Pack (4 local firms) breaks tea/drink";
const H5_CUP: &str = "no final product is closed by realised closure, so there is no closure for a single firm's or group's loss to break";
const SUMMARY_GROUPS: &str = "1 group(s) are closure-critical as a whole: losing all of a group's local firms together breaks at least one closed final product";

#[test]
fn h5_fails_by_group_only_and_is_not_applicable_when_nothing_closes() {
    let r = json(&["report", &dataset(), "--format", "json"]);
    let h5 = |c: &str| -> serde_json::Value {
        let section = r["chains"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["chain"] == c)
            .unwrap();
        section["verdict"]["tests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == "H5")
            .unwrap()
            .clone()
    };
    let tea = h5("tea");
    assert_eq!(
        tea["name"],
        "no single local firm or group whose loss breaks closure"
    );
    assert_eq!(tea["status"], "fail");
    assert_eq!(tea["detail"], H5_TEA);
    let cup = h5("cup");
    assert_eq!(cup["status"], "not_applicable");
    assert_eq!(cup["reason"], H5_CUP);
    assert_eq!(
        cup["detail"],
        "0 of 1 final products closed by realised closure"
    );
    assert_eq!(r["bottlenecks"]["groups_checked"], 2);

    // The same words in Markdown and HTML.
    for format in ["md", "html"] {
        let out = run(["report", &dataset(), "--format", format]);
        out.assert_ok();
        for words in [
            H5_TEA,
            H5_CUP,
            SUMMARY_GROUPS,
            "stages with one producer in the region in the data (by firm / by group): stages",
            // The stages are named: bottle has one local producer group (Pack), two plants.
            "0 / 1: bottle",
            "closure-critical groups (local firms, final products lost)",
        ] {
            let text = if format == "html" {
                chainatlas::text::escape::html(words)
            } else {
                chainatlas::text::escape::markdown(words)
            };
            // (Prose paragraphs are written as is, table cells escaped.)
            assert!(
                out.stdout.contains(&text) || out.stdout.contains(words),
                "{format} lacks {words:?}"
            );
        }
    }
}

#[test]
fn without_groups_by_group_is_by_firm() {
    let b = json(&["bottlenecks", &tiny(), "--format", "json"]);
    assert_eq!(b["groups_checked"], 0);
    for c in b["chains"].as_array().unwrap() {
        assert_eq!(c["single_source_groups"], c["single_source_stages"]);
        assert!(c["critical_groups"].as_array().unwrap().is_empty());
        for s in c["concentration"].as_array().unwrap() {
            assert_eq!(s["units"], s["producers"]);
            assert_eq!(s["hhi_units"], s["hhi"]);
            assert_eq!(s["top_unit"], s["top_producer"]);
        }
    }
}
