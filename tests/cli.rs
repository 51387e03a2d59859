//! Command-line behaviour shared by every command: region resolution, usage errors, summary.

use crate::util::{TempDataset, assert_same_output, run};

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
        .assert_contains("--region: the region names no city");
}

/// `summary` on the bundled GBA data against counts made here directly from the CSV files.
#[test]
fn summary_of_gba_matches_an_independent_count_of_the_csv_files() {
    use std::collections::{BTreeMap, BTreeSet};
    let dir = crate::util::repo().join("datasets/gba");
    let read = |name: &str| -> Vec<BTreeMap<String, String>> {
        let mut rdr = csv::Reader::from_path(dir.join(name)).unwrap();
        let headers = rdr.headers().unwrap().clone();
        rdr.records()
            .map(|r| {
                headers
                    .iter()
                    .zip(r.unwrap().iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    };
    let cities = read("cities.csv");
    let firms = read("firms.csv");
    let links = read("links.csv");
    let gba: BTreeSet<String> = cities
        .iter()
        .filter(|c| c["region"] == "GBA")
        .map(|c| c["city"].clone())
        .collect();
    let local_firms = firms.iter().filter(|f| gba.contains(&f["city"])).count();
    let local_ids: BTreeSet<&String> = firms
        .iter()
        .filter(|f| gba.contains(&f["city"]))
        .map(|f| &f["id"])
        .collect();

    let r = run([
        std::ffi::OsStr::new("summary"),
        dir.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    r.assert_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["totals"]["firms"], firms.len());
    assert_eq!(v["totals"]["local_firms"], local_firms);
    assert_eq!(v["totals"]["links"], links.len());
    assert_eq!(v["totals"]["cities"], cities.len());
    // Each list below covers every row once, so none can be empty or short.
    let sum = |list: &str, key: &str| -> u64 {
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[key].as_u64().unwrap())
            .sum()
    };
    assert_eq!(sum("layers", "links"), links.len() as u64);
    assert_eq!(sum("evidence", "links"), links.len() as u64);
    assert_eq!(sum("cities", "firms"), firms.len() as u64);
    for layer in v["layers"].as_array().unwrap() {
        let name = layer["layer"].as_str().unwrap();
        let of_layer: Vec<_> = links.iter().filter(|l| l["layer"] == name).collect();
        assert_eq!(layer["links"], of_layer.len(), "{name}");
        let local = of_layer
            .iter()
            .filter(|l| local_ids.contains(&l["source"]) && local_ids.contains(&l["target"]))
            .count();
        assert_eq!(layer["local_links"], local, "{name}");
    }
    for e in v["evidence"].as_array().unwrap() {
        let n = links
            .iter()
            .filter(|l| l["evidence"] == e["evidence"].as_str().unwrap())
            .count();
        assert_eq!(e["links"], n);
    }
    for c in v["cities"].as_array().unwrap() {
        let n = firms
            .iter()
            .filter(|f| f["city"] == c["city"].as_str().unwrap())
            .count();
        assert_eq!(c["firms"], n, "{}", c["city"]);
    }
}

#[test]
fn dataset_too_large_for_memory_fails_early_unless_overridden() {
    let d = TempDataset::base();
    let mut cmd = crate::util::bin();
    cmd.env("CHAINATLAS_AVAILABLE_MEMORY", "1000")
        .arg("check")
        .arg(d.path());
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("only 0 MB of memory is available") && err.contains("--no-memory-check"),
        "{err}"
    );
    let mut cmd = crate::util::bin();
    cmd.env("CHAINATLAS_AVAILABLE_MEMORY", "1000")
        .arg("check")
        .arg(d.path())
        .arg("--no-memory-check");
    assert_eq!(cmd.output().unwrap().status.code(), Some(0));
}

#[test]
fn quiet_flag_is_accepted_everywhere_and_output_is_unchanged() {
    let a = run(["summary", "--format", "json"]);
    let b = run(["--quiet", "summary", "--format", "json"]);
    let c = run(["summary", "-q", "--format", "json"]);
    assert_same_output("--quiet before the command", &a, &b);
    assert_same_output("-q after the command", &a, &c);
    assert!(b.stderr.is_empty());
    assert!(c.stderr.is_empty());
}

/// `init DIR` (issue 17 item 1): every file of the contract with real example rows, a
/// report.toml and a README; `check` passes on it (0 errors; the one warning is the iron-ore
/// mine without links, which the README explains); the report judges it; a folder that
/// holds anything is refused and left as it was.
#[test]
fn init_writes_a_dataset_that_checks_clean_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    let d = dir.to_str().unwrap();
    run(["init", d]).assert_code(0);
    for file in [
        "cities.csv",
        "chains.csv",
        "firms.csv",
        "links.csv",
        "absences.csv",
        "report.toml",
        "README.md",
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(text.lines().count() >= 2, "{file}: header and a row");
        assert!(!text.contains("\n#") || file.ends_with(".toml") || file.ends_with(".md"));
    }
    let check = run(["check", d]);
    check.assert_ok().assert_contains("0 errors, 1 warning");
    assert!(check.stderr.contains("ansteel_mining") || check.stdout.contains("ansteel_mining"));
    run(["report", d])
        .assert_ok()
        .assert_contains("cars fails in GBA")
        .assert_contains("(absent: GBA, estimated)")
        // The source is cited once, in the absences table, with the row's note under it.
        .assert_contains("| cars  | iron\\_ore | GBA  | estimated | yes                     | http://china.org.cn/")
        .assert_contains("- `cars/iron_ore`: ");
    // Not over a folder holding anything, not even one init wrote (it may hold edits).
    std::fs::write(dir.join("firms.csv"), "edited").unwrap();
    run(["init", d]).assert_code(2).assert_contains("not empty");
    assert_eq!(
        std::fs::read_to_string(dir.join("firms.csv")).unwrap(),
        "edited"
    );
}
