//! The normative conformance cases (../shared/conformance, copied to tests/data/conformance)
//! and the hand-worked tiny dataset: `completeness --format json` must match every field of
//! their expected.json, for every region and both modes.

use std::ffi::OsStr;
use std::path::Path;

use serde_json::Value;

use crate::util::{repo, run};

fn completeness_json(dataset: &Path, region: &str, mode: &str) -> Value {
    completeness_json_importing(dataset, region, mode, None)
}

pub fn completeness_json_importing(
    dataset: &Path,
    region: &str,
    mode: &str,
    importable: Option<&str>,
) -> Value {
    let mut args = vec![
        OsStr::new("completeness"),
        dataset.as_os_str(),
        OsStr::new("--region"),
        OsStr::new(region),
        OsStr::new("--mode"),
        OsStr::new(mode),
        OsStr::new("--format"),
        OsStr::new("json"),
    ];
    if let Some(spec) = importable {
        args.extend([OsStr::new("--importable"), OsStr::new(spec)]);
    }
    let r = run(args);
    r.assert_code(0);
    serde_json::from_str(&r.stdout).expect("completeness JSON")
}

fn close(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 5e-7,
        _ => a == b,
    }
}

/// Compares one expected chain entry with the tool's, field by field.
fn compare(case: &str, region: &str, expected: &Value, actual_chains: &[Value]) -> Vec<String> {
    let chain = expected["chain"].as_str().unwrap();
    let mode = expected["mode"].as_str().unwrap();
    let Some(actual) = actual_chains.iter().find(|c| c["chain"] == chain) else {
        return vec![format!("{case} {region} {mode}: chain {chain} missing")];
    };
    let mut diffs = Vec::new();
    for field in [
        "complete",
        "stage_coverage",
        "link_coverage",
        "local_sourcing_rate",
    ] {
        if !close(&expected[field], &actual[field]) {
            diffs.push(format!(
                "{case} {region} {mode} {chain}.{field}: expected {} got {}",
                expected[field], actual[field]
            ));
        }
    }
    // Final products: the fields the case pins (the tool adds status, closes_within …).
    let pinned = |v: &Value, keys: &Value| -> Value {
        let keys: Vec<&String> = keys
            .as_array()
            .and_then(|a| a.first())
            .and_then(Value::as_object)
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        Value::Array(
            v.as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| {
                            Value::Object(
                                keys.iter().map(|k| ((*k).clone(), x[*k].clone())).collect(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        )
    };
    if expected["final_products"] != pinned(&actual["final_products"], &expected["final_products"])
    {
        diffs.push(format!(
            "{case} {region} {mode} {chain}.final_products: expected {} got {}",
            expected["final_products"], actual["final_products"]
        ));
    }
    for field in ["closed_stages"] {
        if expected[field] != actual[field] {
            diffs.push(format!(
                "{case} {region} {mode} {chain}.{field}: expected {} got {}",
                expected[field], actual[field]
            ));
        }
    }
    let project = |v: &Value, keys: &[&str]| -> Vec<Vec<Value>> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| keys.iter().map(|k| x[*k].clone()).collect())
            .collect()
    };
    for (field, keys) in [
        ("breakpoints", &["stage", "reason", "blocks"][..]),
        ("blockages", &["from", "to"][..]),
    ] {
        let (e, a) = (
            project(&expected[field], keys),
            project(&actual[field], keys),
        );
        if e != a {
            diffs.push(format!(
                "{case} {region} {mode} {chain}.{field}: expected {e:?} got {a:?}"
            ));
        }
    }
    diffs
}

pub fn check_case(case: &str, dataset: &Path, expected_file: &Path) {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(expected_file).unwrap()).unwrap();
    let mut diffs = Vec::new();
    let mut compared = 0;
    for (region, entries) in expected["completeness"].as_object().unwrap() {
        for mode in ["realised", "structural"] {
            let actual = completeness_json(dataset, region, mode);
            assert_eq!(actual["mode"], mode);
            let chains = actual["chains"].as_array().unwrap();
            for e in entries
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["mode"] == mode)
            {
                diffs.extend(compare(case, region, e, chains));
                compared += 1;
            }
        }
    }
    assert!(compared >= 6, "{case}: only {compared} entries compared");
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

#[test]
fn conformance_lamp() {
    let dir = repo().join("tests/data/conformance/lamp");
    check_case("lamp", &dir, &dir.join("expected.json"));
}

#[test]
fn conformance_bicycle() {
    let dir = repo().join("tests/data/conformance/bicycle");
    check_case("bicycle", &dir, &dir.join("expected.json"));
}

/// Compares one kettle run (region × mode × importable) with the tool's chains: every field
/// the case pins, lists in order.
pub fn compare_run(run: &Value, actual: &Value) -> Vec<String> {
    let label = format!(
        "{} {} importable={}",
        run["region"], run["mode"], run["importable"]
    );
    let mut diffs = Vec::new();
    if actual["mode"] != run["mode"] {
        diffs.push(format!("{label}: mode {}", actual["mode"]));
    }
    let actual_chains = actual["chains"].as_array().unwrap();
    for expected in run["chains"].as_array().unwrap() {
        let chain = expected["chain"].as_str().unwrap();
        let Some(got) = actual_chains.iter().find(|c| c["chain"] == chain) else {
            diffs.push(format!("{label}: chain {chain} missing"));
            continue;
        };
        for (field, value) in expected.as_object().unwrap() {
            let ok = match value {
                // Lists of objects: compare the pinned keys of each item, in order.
                Value::Array(items) if items.iter().all(Value::is_object) => {
                    let got_items = got[field].as_array().cloned().unwrap_or_default();
                    got_items.len() == items.len()
                        && items
                            .iter()
                            .zip(&got_items)
                            .all(|(e, g)| e.as_object().unwrap().iter().all(|(k, v)| g[k] == *v))
                }
                other => got[field] == *other,
            };
            if !ok {
                diffs.push(format!(
                    "{label} {chain}.{field}: expected {value} got {}",
                    got[field]
                ));
            }
        }
    }
    diffs
}

/// All 12 kettle runs through the CLI, every field of expected.json.
#[test]
fn conformance_kettle() {
    let dir = repo().join("tests/data/conformance/kettle");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let runs = expected["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 12);
    let mut diffs = Vec::new();
    for r in runs {
        let actual = completeness_json_importing(
            &dir,
            r["region"].as_str().unwrap(),
            r["mode"].as_str().unwrap(),
            r["importable"].as_str(),
        );
        diffs.extend(compare_run(r, &actual));
    }
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

#[test]
fn tiny_dataset_hand_worked_expectations() {
    check_case(
        "tiny",
        &repo().join("datasets/tiny"),
        &repo().join("tests/data/tiny_expected.json"),
    );
}

/// `metrics`' closure_critical_products against the expected counts of every firm.
fn check_critical(dataset: &Path, expected_file: &Path) {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(expected_file).unwrap()).unwrap();
    let r = run([
        OsStr::new("metrics"),
        dataset.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    r.assert_code(0);
    let m: Value = serde_json::from_str(&r.stdout).unwrap();
    let got: std::collections::BTreeMap<String, u64> = m["firms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_string(),
                f["closure_critical_products"].as_u64().unwrap(),
            )
        })
        .collect();
    let want: std::collections::BTreeMap<String, u64> = expected["closure_critical_products"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    assert_eq!(got, want, "{}", dataset.display());
}

#[test]
fn closure_critical_products_match_conformance_and_tiny() {
    for case in ["lamp", "bicycle"] {
        let dir = repo().join("tests/data/conformance").join(case);
        check_critical(&dir, &dir.join("expected.json"));
    }
    check_critical(
        &repo().join("datasets/tiny"),
        &repo().join("tests/data/tiny_expected.json"),
    );
}

/// The driver-board maker is the only local supplier of a required input of the desk lamp:
/// losing it breaks the lamp, yet it dominates nothing (no raw material reaches it).
#[test]
fn sole_supplier_of_an_input_is_critical_without_dominating() {
    let dir = repo().join("tests/data/conformance/lamp");
    let r = run([OsStr::new("metrics"), dir.as_os_str()]);
    r.assert_code(0);
    let row = r
        .stdout
        .lines()
        .find(|l| l.starts_with("l_drv,"))
        .expect("l_drv row");
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!((cells[9], cells[10]), ("0", "1"), "{row}");
}

/// The kettle dataset loaded through the library, absences.csv included.
fn kettle_model() -> chainatlas::model::Model {
    use chainatlas::load::{DatasetSource, LoadOptions, load};
    let dir = repo().join("tests/data/conformance/kettle");
    let model = load(
        &DatasetSource::from_arg(Some(&dir)),
        &LoadOptions::default(),
    )
    .unwrap()
    .model
    .expect("kettle is valid");
    assert_eq!(
        model.absences.len(),
        3,
        "kettle's absences.csv has three rows"
    );
    model
}

/// All 12 kettle runs through the library (region state, importable mask, analyse).
#[test]
fn conformance_kettle_library() {
    use chainatlas::analysis::completeness::{Importable, Mode, Options, RegionState, analyse};
    use chainatlas::model::Region;
    let model = kettle_model();
    let dir = repo().join("tests/data/conformance/kettle");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut diffs = Vec::new();
    for r in expected["runs"].as_array().unwrap() {
        let region = Region::resolve(&model, r["region"].as_str()).unwrap();
        let importable = match r["importable"].as_str() {
            Some(spec) => Importable::parse(&model, spec).unwrap(),
            None => Importable::none(),
        };
        let state = RegionState::with_importable(&model, &region, 1, importable.mask(&model));
        let mode = match r["mode"].as_str().unwrap() {
            "realised" => Mode::Realised,
            _ => Mode::Structural,
        };
        let result = analyse(
            &state,
            &[],
            &Options {
                mode,
                ..Options::default()
            },
        );
        diffs.extend(compare_run(r, &serde_json::to_value(&result).unwrap()));
    }
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

/// The embedded GBA dataset's evidence-aware results (region GBA and the Guangzhou–Foshan
/// pair, both modes, with and without importable raw materials) equal those of the
/// independent Python reference, so a data edit that the engine and the definitions read
/// differently shows here.
#[test]
fn gba_evidence_aware_results_match_the_python_reference() {
    if !crate::util::require_program("python3") {
        return;
    }
    let gba = repo().join("datasets/gba");
    let out = crate::util::completeness_reference(
        &gba,
        &[
            "--runs",
            "--region",
            "GBA",
            "--region",
            "Guangzhou,Foshan",
            "--mode",
            "both",
            "--importable",
            "none",
            "--importable",
            "raw_material",
        ],
    );
    let expected: Value = serde_json::from_slice(&out).unwrap();
    let runs = expected["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 8);
    let mut diffs = Vec::new();
    for run in runs {
        let actual = completeness_json_importing(
            &gba,
            run["region"].as_str().unwrap(),
            run["mode"].as_str().unwrap(),
            run["importable"].as_str(),
        );
        diffs.extend(compare_run(run, &actual));
    }
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}
