//! Command-line behaviour shared by every command: region resolution, usage errors, summary.

use crate::util::{TempDataset, run};

#[test]
fn unknown_region_is_a_usage_error_listing_valid_names() {
    let r = run(["summary", "--region", "Atlantis"]);
    r.assert_code(2)
        .assert_contains("unknown region or city \"Atlantis\"");
    r.assert_contains("regions: ");
    r.assert_contains("cities: ");
}

#[test]
fn summary_counts_match_the_files() {
    let d = TempDataset::base();
    let r = run([
        std::ffi::OsStr::new("summary"),
        d.path().as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    r.assert_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["totals"]["firms"], 5);
    assert_eq!(v["totals"]["local_firms"], 4);
    assert_eq!(v["totals"]["links"], 4);
    assert_eq!(
        v["region"]["cities"],
        serde_json::json!(["Foshan", "Guangzhou"])
    );
    let supply = &v["layers"][0];
    assert_eq!(
        (
            supply["layer"].as_str(),
            supply["links"].as_u64(),
            supply["local_links"].as_u64()
        ),
        (Some("supply"), Some(3), Some(2))
    );
    let documented = &v["evidence"][0];
    assert_eq!(documented["links"], 2);
    assert_eq!(documented["share"], 0.5);
    let t = &v["templates"][0];
    assert_eq!(
        (
            t["stages"].as_u64(),
            t["edges"].as_u64(),
            t["final_products"].as_u64()
        ),
        (Some(5), Some(4), Some(1))
    );
}

#[test]
fn summary_region_as_city_list() {
    let d = TempDataset::base();
    let r = run([
        std::ffi::OsStr::new("summary"),
        d.path().as_os_str(),
        "--region".as_ref(),
        "Foshan, Ningbo".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    r.assert_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["totals"]["local_firms"], 3);
    assert_eq!(v["region"]["name"], "Foshan, Ningbo");
}

#[test]
fn analysis_on_broken_data_exits_1_with_located_errors() {
    let d = TempDataset::base();
    d.replace("links.csv", "comp,ac1,supply", "comp,ac1,suply");
    let r = run([std::ffi::OsStr::new("summary"), d.path().as_os_str()]);
    r.assert_code(1)
        .assert_contains("links.csv:3: column \"layer\"");
}

#[test]
fn region_name_ignores_case_when_unambiguous() {
    let d = TempDataset::base();
    let r = run([
        std::ffi::OsStr::new("summary"),
        d.path().as_os_str(),
        "--region".as_ref(),
        "gba".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    r.assert_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["region"]["name"], "GBA");
}

#[test]
fn region_of_only_commas_is_a_usage_error() {
    run(["summary", "--region", ","])
        .assert_code(2)
        .assert_contains("--region names no city");
}
