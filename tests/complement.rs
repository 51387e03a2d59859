//! `complement`: hand-worked values on datasets/tiny (see "Complementarity (hand-worked)" in
//! its README) and on the fixtures under tests/data/complement (see their README), the
//! invariants (S and K symmetric, LQ of the region against itself = 1, no joint gain when
//! one side closes everything), the matrix, the embedded GBA conclusion, and usage errors.

use serde_json::Value;

use crate::util::{chain, json, repo, run};

const EPS: f64 = 1e-6;

fn dataset(rel: &str) -> String {
    repo().join(rel).display().to_string()
}

fn tiny() -> String {
    dataset("datasets/tiny")
}

fn complement(data: &str, extra: &[&str]) -> Value {
    let mut args = vec!["complement", data, "--format", "json"];
    args.extend_from_slice(extra);
    json(&args)
}

fn close(v: &Value, expected: f64) {
    let got = v
        .as_f64()
        .unwrap_or_else(|| panic!("{v} is not a number (expected {expected})"));
    assert!(
        (got - expected).abs() < EPS,
        "got {got}, expected {expected}"
    );
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("{v} is not an array"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn row<'a>(v: &'a Value, list: &str, key: &str, value: &str) -> &'a Value {
    v[list]
        .as_array()
        .unwrap_or_else(|| panic!("no list {list}"))
        .iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("no {key} = {value} in {list}"))
}

fn tier<'a>(v: &'a Value, t: &str) -> &'a Value {
    row(&v["location_quotients"], "by_tier", "tier", t)
}

fn function<'a>(v: &'a Value, f: &str) -> &'a Value {
    row(&v["location_quotients"], "by_function", "function", f)
}

fn layer<'a>(v: &'a Value, l: &str) -> &'a Value {
    row(v, "link_intensity", "layer", l)
}

#[test]
fn tiny_guangzhou_foshan_closure_and_joint_gain() {
    let c = complement(&tiny(), &[]);
    assert_eq!(c["a"]["name"], "Guangzhou");
    assert_eq!(strings(&c["a"]["cities"]), ["Guangzhou"]);
    assert_eq!(c["b"]["name"], "Foshan");
    assert_eq!(c["region"]["name"], "GBA");
    for family in ["tier_basis", "function_basis"] {
        for side in ["a", "b"] {
            let basis = &c["location_quotients"][family][side];
            assert_eq!(basis["basis"], "employment", "{family} {side}");
            assert_eq!(basis["employment_known"], basis["employment_counted"]);
        }
    }
    assert_eq!(c["similarity_basis"]["basis"], "employment");
    let aircon = chain(&c, "aircon");
    assert_eq!(strings(&aircon["closed_a"]), Vec::<String>::new());
    assert_eq!(strings(&aircon["closed_b"]), Vec::<String>::new());
    assert_eq!(strings(&aircon["closed_joint"]), ["split_ac"]);
    assert_eq!(strings(&aircon["joint_gain"]), ["split_ac"]);
    assert_eq!(
        strings(&aircon["joint_gain_stages"]),
        [
            "compressor",
            "indoor_unit",
            "installation",
            "outdoor_unit",
            "split_ac",
            "steel_sheet"
        ]
    );
    assert_eq!(
        strings(&aircon["covered_a"]),
        ["control_board", "installation", "steel"]
    );
    assert_eq!(strings(&aircon["covered_b"]).len(), 8);
    assert_eq!(strings(&aircon["covered_joint"]).len(), 11);
    let robot = chain(&c, "robot");
    assert_eq!(strings(&robot["covered_a"]), ["controller"]);
    assert_eq!(strings(&robot["covered_b"]), ["agv", "arm", "servo"]);
    assert_eq!(
        strings(&robot["covered_joint"]),
        ["agv", "arm", "controller", "servo"]
    );
    assert_eq!(strings(&robot["closed_joint"]), Vec::<String>::new());
    assert_eq!(strings(&robot["joint_gain_stages"]), Vec::<String>::new());
    assert_eq!(strings(&c["joint_gain"]), ["aircon/split_ac"]);
}

#[test]
fn tiny_guangzhou_foshan_hand_worked_indices() {
    // --min-links 1: the hand-worked signals of datasets/tiny count every link.
    let c = complement(
        &tiny(),
        &["--cities", "Guangzhou,Foshan", "--min-links", "1"],
    );
    // Location quotients by tier: e_G = 2800, e_F = 9950, e_R = 13200 (stage-split).
    close(&tier(&c, "raw_material")["e_a"], 1200.0);
    close(&tier(&c, "raw_material")["lq_a"], 3.771429);
    close(&tier(&c, "raw_material")["lq_b"], 0.265327);
    close(&tier(&c, "material")["lq_a"], 0.0);
    close(&tier(&c, "material")["lq_b"], 1.014484);
    close(&tier(&c, "component")["lq_a"], 0.642857);
    close(&tier(&c, "component")["lq_b"], 1.070352);
    close(&tier(&c, "module")["lq_a"], 0.505102);
    close(&tier(&c, "module")["lq_b"], 1.184494);
    close(&tier(&c, "final_product")["lq_b"], 1.326633);
    close(&tier(&c, "service")["lq_a"], 4.714286);
    close(&tier(&c, "service")["e_region"], 700.0);
    // By function: e_G = 5970, e_F = 10350, e_R = 16770 (function-split).
    close(&function(&c, "rnd")["e_a"], 3410.0);
    close(&function(&c, "rnd")["lq_a"], 2.434268);
    close(&function(&c, "rnd")["lq_b"], 0.164705);
    close(&function(&c, "design")["lq_a"], 2.809045);
    close(&function(&c, "manufacturing")["e_b"], 5425.0);
    close(&function(&c, "manufacturing")["lq_a"], 0.343089);
    close(&function(&c, "manufacturing")["lq_b"], 1.341996);
    close(&function(&c, "hq")["lq_b"], 1.620290);
    close(&function(&c, "logistics")["lq_a"], 2.442648);
    // FS: (3820/800) / (5595/6550) and (1650/5425) / (5595/6550).
    let fs = &c["functional_specialisation"];
    close(&fs["ratio_a"], 4.775);
    close(&fs["ratio_b"], 0.304147);
    close(&fs["ratio_region"], 0.854198);
    close(&fs["a"], 5.590036);
    close(&fs["b"], 0.356062);
    // Link intensity: N_G = 7, N_F = 10, N_R = 19.
    let supply = layer(&c, "supply");
    assert_eq!(supply["links_a_to_b"], 4);
    assert_eq!(supply["links_from_a"], 4);
    assert_eq!(supply["links_b_to_a"], 1);
    assert_eq!(supply["links_from_b"], 10);
    assert_eq!(
        (
            &supply["firms_a"],
            &supply["firms_b"],
            &supply["firms_region"]
        ),
        (&Value::from(7), &Value::from(10), &Value::from(19))
    );
    close(&supply["a_to_b"], 1.9);
    close(&supply["b_to_a"], 0.271429);
    close(&layer(&c, "innovation")["a_to_b"], 0.95);
    close(&layer(&c, "innovation")["b_to_a"], 0.0);
    close(&layer(&c, "value")["a_to_b"], 1.9);
    assert!(layer(&c, "value")["b_to_a"].is_null());
    close(&layer(&c, "capital")["a_to_b"], 1.9);
    close(&layer(&c, "capital")["b_to_a"], 0.0);
    // No stage made in both cities: S = 0, K = 2.
    close(&c["similarity_unido"], 0.0);
    close(&c["krugman"], 2.0);
    assert_eq!(c["outsourcing_candidates"], serde_json::json!([]));
    // 9 links between them: A2, A12, A13, R6, R8, X1, X4, X5, X6.
    let between: u64 = c["evidence_between"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["links"].as_u64().unwrap())
        .sum();
    assert_eq!(between, 9);
    assert_eq!(c["verdict"], "complementary");
    assert_eq!(c["signal_count"], 3);
    let present: Vec<&str> = c["signals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["present"] == true)
        .map(|s| s["signal"].as_str().unwrap())
        .collect();
    assert_eq!(
        present,
        ["joint_gain", "functional_specialisation", "link_intensity"]
    );
    let text = c["conclusion"].as_str().unwrap();
    for needle in [
        "complementary",
        "aircon/split_ac",
        "FS 5.59 (Guangzhou) vs 0.36 (Foshan)",
        "supply links Guangzhou→Foshan 1.90×",
        "S = 0.00",
        "context only",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
}

#[test]
fn tiny_guangzhou_foshan_link_intensity_needs_five_links_by_default() {
    // Supply Guangzhou→Foshan 1.90× rests on 4 links, value and capital 1.90× on fewer:
    // none counts with the default --min-links 5, so only two signals remain.
    let c = complement(&tiny(), &["--cities", "Guangzhou,Foshan"]);
    assert_eq!(c["min_links"], 5);
    let supply = layer(&c, "supply");
    close(&supply["a_to_b"], 1.9);
    assert_eq!(supply["a_to_b_enough_links"], false);
    assert_eq!(c["signals"][2]["present"], false);
    let detail = c["signals"][2]["detail"].as_str().unwrap();
    assert!(
        detail.contains("supply links Guangzhou→Foshan 1.90×: too few links (4)"),
        "{detail}"
    );
    assert_eq!(c["signal_count"], 2);
    // The intensities cannot be assessed on so few links; with them the verdict could be
    // mixed or complementary.
    assert_eq!(c["signals"][2]["assessed"], false);
    assert_eq!(c["verdict"], "undetermined");
    let text = c["conclusion"].as_str().unwrap();
    assert!(text.contains("too few links (4)"), "{text}");
    assert!(
        text.contains("could be anything from mixed to complementary"),
        "{text}"
    );
}

#[test]
fn merchant_suppliers_and_min_links() {
    // tests/data/complement/README.md, "merchant/".
    let data = dataset("tests/data/complement/merchant");
    let c = complement(&data, &["--cities", "Alpha,Beta"]);
    let stages: Vec<&str> = c["outsourcing_candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["stage"].as_str().unwrap())
        .collect();
    // cell: Beta's only producer is a captive line of BetaMotors — no candidate.
    assert_eq!(stages, ["motor", "seat"]);
    // The signal says which way the candidates run (both have Alpha as the buyer).
    let outsourcing = c["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["signal"] == "outsourcing")
        .unwrap();
    assert!(
        outsourcing["detail"].as_str().unwrap().starts_with(
            "2 outsourcing candidate(s) (2 with Alpha buying what Beta makes, 0 with Beta buying what Alpha makes): "
        ),
        "{outsourcing}"
    );
    assert_eq!(
        strings(&c["outsourcing_candidates"][0]["producers_in_other"]),
        ["b_motor"]
    );
    let innovation = layer(&c, "innovation");
    close(&innovation["a_to_b"], 1.2);
    assert_eq!(innovation["links_a_to_b"], 5);
    assert_eq!(innovation["sources_a_to_b"], 1);
    let reported = innovation["evidence_a_to_b"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["evidence"] == "reported")
        .unwrap()["links"]
        .clone();
    assert_eq!(reported, 5);
    assert_eq!(innovation["a_to_b_enough_links"], true);
    let value = layer(&c, "value");
    close(&value["b_to_a"], 6.0);
    assert_eq!(value["b_to_a_enough_links"], false);
    close(&c["functional_specialisation"]["b"], 1.25);
    assert_eq!(c["signal_count"], 3);
    assert_eq!(c["verdict"], "complementary");
    let text = c["conclusion"].as_str().unwrap();
    for needle in [
        // All five innovation links come from one firm (a_car): said, so a ratio resting on
        // one organisation is not read as a pattern.
        // … and the evidence of the links in that direction (the five are `reported`).
        "innovation links Alpha→Beta 1.20× what Beta's share of organisations predicts (5 of 5 innovation links out of Alpha, from 1 organisation; 5 reported)",
        "value links Beta→Alpha 6.00×: too few links (1)",
        "car/motor from outside Delta (1 supply link(s) from 1 supplier(s))",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    // Six links needed: the innovation intensity no longer counts.
    let six = complement(&data, &["--cities", "Alpha,Beta", "--min-links", "6"]);
    assert_eq!(six["signal_count"], 2);
    assert_eq!(six["verdict"], "undetermined");
    // One link is enough: the value intensity counts too (still one signal).
    let one = complement(&data, &["--cities", "Alpha,Beta", "--min-links", "1"]);
    assert!(one["signals"][2]["detail"].as_str().unwrap().contains(
        "value links Beta→Alpha 6.00× what Alpha's share of organisations predicts (1 of 1"
    ));
}

#[test]
fn tiny_foshan_shenzhen_similarity_and_outsourcing() {
    let c = complement(
        &tiny(),
        &["--a", "Foshan", "--b", "Shenzhen", "--min-links", "1"],
    );
    close(&c["similarity_unido"], 0.102024);
    close(&c["krugman"], 1.909548);
    let fs = &c["functional_specialisation"];
    close(&fs["a"], 0.356062);
    close(&fs["b"], 0.450265);
    close(&layer(&c, "supply")["a_to_b"], 0.0);
    close(&layer(&c, "supply")["b_to_a"], 1.9);
    assert_eq!(strings(&c["joint_gain"]), Vec::<String>::new());
    assert_eq!(strings(&chain(&c, "robot")["joint_gain_stages"]), ["servo"]);
    assert_eq!(
        c["outsourcing_candidates"],
        serde_json::json!([{
            "buyer_side": "a", "buyer_city": "Foshan", "chain": "robot", "stage": "magnet",
            "buyers": ["fs_servo"], "outside_suppliers": ["nb_magnet"],
            "producers_in_other": ["sz_magnet"], "captive_in_other": [], "links": 1
        }])
    );
    assert_eq!(c["signal_count"], 2);
    assert_eq!(c["verdict"], "mixed");
}

#[test]
fn similarity_and_krugman_are_symmetric() {
    for (a, b) in [
        ("Foshan", "Shenzhen"),
        ("Guangzhou,Shenzhen", "Foshan"),
        ("Guangzhou", "Foshan"),
    ] {
        let ab = complement(&tiny(), &["--a", a, "--b", b]);
        let ba = complement(&tiny(), &["--a", b, "--b", a]);
        close(
            &ab["similarity_unido"],
            ba["similarity_unido"].as_f64().unwrap(),
        );
        close(&ab["krugman"], ba["krugman"].as_f64().unwrap());
        // The directed measures swap sides.
        let (xs, ys) = (
            ab["link_intensity"].as_array().unwrap(),
            ba["link_intensity"].as_array().unwrap(),
        );
        assert_eq!((xs.len(), ys.len()), (4, 4), "one row per layer");
        for (x, y) in xs.iter().zip(ys) {
            assert_eq!(x["layer"], y["layer"]);
            assert_eq!(x["a_to_b"], y["b_to_a"]);
            assert_eq!(x["b_to_a"], y["a_to_b"]);
        }
        assert_eq!(
            ab["functional_specialisation"]["a"],
            ba["functional_specialisation"]["b"]
        );
        assert_eq!(strings(&ab["joint_gain"]), strings(&ba["joint_gain"]));
    }
}

#[test]
fn lq_of_the_whole_region_is_one() {
    let c = complement(&tiny(), &["--a", "GBA", "--b", "Ningbo"]);
    assert_eq!(
        strings(&c["a"]["cities"]),
        ["Foshan", "Guangzhou", "Shenzhen"]
    );
    for family in ["by_tier", "by_function"] {
        let rows = c["location_quotients"][family].as_array().unwrap();
        assert!(
            rows.iter().any(|r| r["e_region"].as_f64().unwrap() > 0.0),
            "{family}: no row with employment"
        );
        for r in rows {
            if r["e_region"].as_f64().unwrap() > 0.0 {
                close(&r["lq_a"], 1.0);
            } else {
                assert!(r["lq_a"].is_null(), "{r}");
            }
        }
    }
    close(&c["functional_specialisation"]["a"], 1.0);
}

#[test]
fn joint_gain_is_empty_when_one_side_closes_everything() {
    // Guangzhou+Foshan already closes split_ac; Shenzhen adds nothing that closes.
    let c = complement(&tiny(), &["--a", "Guangzhou,Foshan", "--b", "Shenzhen"]);
    assert_eq!(strings(&chain(&c, "aircon")["closed_a"]), ["split_ac"]);
    assert_eq!(strings(&c["joint_gain"]), Vec::<String>::new());
    // In the twins fixture each city closes the whole chain alone.
    let t = complement(
        &dataset("tests/data/complement/twins"),
        &["--cities", "East,West"],
    );
    let kettle = chain(&t, "kettle");
    assert_eq!(strings(&kettle["closed_a"]), ["kettle"]);
    assert_eq!(strings(&kettle["closed_joint"]), ["kettle"]);
    assert_eq!(strings(&kettle["joint_gain"]), Vec::<String>::new());
    assert_eq!(strings(&kettle["joint_gain_stages"]), Vec::<String>::new());
}

#[test]
fn fixture_where_only_the_two_together_close_the_product() {
    let c = complement(
        &dataset("tests/data/complement/joint"),
        &["--cities", "Alpha,Beta"],
    );
    assert_eq!(c["region"]["name"], "Delta");
    let kettle = chain(&c, "kettle");
    assert_eq!(strings(&kettle["closed_a"]), Vec::<String>::new());
    assert_eq!(strings(&kettle["closed_b"]), Vec::<String>::new());
    assert_eq!(strings(&kettle["joint_gain"]), ["kettle"]);
    assert_eq!(strings(&kettle["joint_gain_stages"]), ["kettle"]);
    close(&tier(&c, "component")["lq_a"], 7.0 / 3.0);
    close(&tier(&c, "raw_material")["lq_b"], 0.933333);
    close(&tier(&c, "final_product")["lq_b"], 1.4);
    assert!(tier(&c, "module")["lq_a"].is_null());
    close(&function(&c, "rnd")["lq_a"], 3.75);
    close(&function(&c, "manufacturing")["lq_b"], 1.184211);
    close(&c["functional_specialisation"]["a"], 4750.0 / 900.0);
    close(&c["functional_specialisation"]["b"], 0.0);
    close(&layer(&c, "supply")["a_to_b"], 2.0);
    close(&layer(&c, "supply")["b_to_a"], 0.0);
    close(&layer(&c, "capital")["a_to_b"], 2.0);
    // A link-intensity ratio from one link is no signal (default --min-links 5).
    assert_eq!(layer(&c, "supply")["links_a_to_b"], 1);
    assert_eq!(layer(&c, "supply")["a_to_b_enough_links"], false);
    close(&c["similarity_unido"], 0.0);
    close(&c["krugman"], 2.0);
    let o = &c["outsourcing_candidates"][0];
    assert_eq!(
        (
            o["buyer_city"].as_str(),
            o["stage"].as_str(),
            strings(&o["outside_suppliers"]),
            strings(&o["producers_in_other"])
        ),
        (
            Some("Beta"),
            Some("element"),
            vec!["f_elem".to_string()],
            vec!["a_elem".to_string()]
        )
    );
    assert_eq!(c["signal_count"], 3);
    assert_eq!(c["verdict"], "complementary");
    let li = &c["signals"][2];
    assert_eq!(li["present"], false);
    let detail = li["detail"].as_str().unwrap();
    assert!(
        detail.contains("supply links Alpha→Beta 2.00×: too few links (1)"),
        "{detail}"
    );
    // With --min-links 1 the one link counts: all four signals.
    let one = complement(
        &dataset("tests/data/complement/joint"),
        &["--cities", "Alpha,Beta", "--min-links", "1"],
    );
    assert_eq!(one["min_links"], 1);
    assert_eq!(one["signal_count"], 4);
}

#[test]
fn one_signal_with_dissimilar_structures_is_mixed() {
    // Guangzhou–Shenzhen: only FS (5.59 vs 0.45) signals; S = 0 < 0.6, so not competitive.
    let c = complement(&tiny(), &["--cities", "Guangzhou,Shenzhen"]);
    assert_eq!(c["signal_count"], 1);
    close(&c["functional_specialisation"]["b"], 0.450265);
    close(&c["similarity_unido"], 0.0);
    assert_eq!(c["verdict"], "mixed");
}

#[test]
fn twins_are_competitive() {
    let c = complement(
        &dataset("tests/data/complement/twins"),
        &["--cities", "East,West"],
    );
    close(&c["similarity_unido"], 0.998274);
    close(&c["krugman"], 1.0 / 14.0);
    // No R&D, design or hq firm in the region: FS has no meaning (not_applicable), while
    // the ratios over known jobs are 0.
    let fs = &c["functional_specialisation"];
    assert!(fs["a"].is_null() && fs["b"].is_null());
    assert_eq!(fs["a_status"], "not_applicable");
    assert_eq!(
        fs["a_reason"],
        "Pair: no R&D, design or headquarters firm in the data"
    );
    close(&fs["ratio_region"], 0.0);
    // FS without meaning is assessed (it cannot signal), unlike FS with unknown jobs.
    assert_eq!(c["signals"][1]["assessed"], true);
    assert_eq!(c["signal_count"], 0);
    assert_eq!(c["verdict"], "competitive");
    assert!(c["conclusion"].as_str().unwrap().starts_with("competitive"));
}

#[test]
fn matrix_ranks_the_pairs_of_the_region() {
    let m = json(&["complement", &tiny(), "--matrix", "--format", "json"]);
    let pairs = m["pairs"].as_array().unwrap();
    let order: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p["a"].as_str().unwrap(), p["b"].as_str().unwrap()))
        .collect();
    // Joint gain first; then S ascending (0 before 0.102).
    assert_eq!(
        order,
        [
            ("Foshan", "Guangzhou"),
            ("Guangzhou", "Shenzhen"),
            ("Foshan", "Shenzhen")
        ]
    );
    let first = &pairs[0];
    assert_eq!(first["joint_gain_count"], 1);
    assert_eq!(strings(&first["joint_gain"]), ["aircon/split_ac"]);
    close(&first["supply_a_to_b"], 0.271429);
    close(&first["supply_b_to_a"], 1.9);
    close(&pairs[2]["similarity_unido"], 0.102024);
    close(&pairs[2]["krugman"], 1.909548);
    let table = run(["complement", &tiny(), "--matrix"]);
    table.assert_code(0).assert_contains("| Foshan");
}

#[test]
fn matrix_agrees_with_the_pair_analysis() {
    let m = json(&["complement", &tiny(), "--matrix", "--format", "json"]);
    let pairs = m["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 3, "the three pairs of GBA's cities in tiny");
    for p in pairs {
        let (a, b) = (p["a"].as_str().unwrap(), p["b"].as_str().unwrap());
        let c = complement(&tiny(), &["--cities", &format!("{a},{b}")]);
        assert_eq!(strings(&p["joint_gain"]), strings(&c["joint_gain"]));
        assert_eq!(p["similarity_unido"], c["similarity_unido"]);
        assert_eq!(p["supply_a_to_b"], layer(&c, "supply")["a_to_b"]);
        assert_eq!(p["supply_b_to_a"], layer(&c, "supply")["b_to_a"]);
    }
}

#[test]
fn gba_conclusion_quotes_its_own_numbers() {
    let c = json(&["complement", "--format", "json"]);
    let text = c["conclusion"].as_str().unwrap();
    let verdict = c["verdict"].as_str().unwrap();
    assert!(text.starts_with(verdict), "{text}");
    assert!(text.contains(&format!("{} of 4", c["signal_count"])));
    let num = |v: &Value| v.as_f64().map_or("undefined".into(), |x| format!("{x:.2}"));
    assert!(text.contains(&format!("S = {}", num(&c["similarity_unido"]))));
    // FS over jobs: employment is known for too few firms of either city in the data, so
    // FS is not computed, and the conclusion quotes why.
    let fs = &c["functional_specialisation"];
    assert!(fs["a"].is_null() && fs["b"].is_null(), "{fs}");
    assert_eq!(fs["a_status"], "not_computed");
    assert!(text.contains(&format!(
        "FS undefined for Guangzhou and Foshan: {}",
        fs["a_reason"].as_str().unwrap()
    )));
    let signals = c["signals"].as_array().unwrap();
    assert_eq!(signals.len(), 4, "the four signals");
    for s in signals {
        assert!(text.contains(s["detail"].as_str().unwrap()), "{s}");
    }
    let count = c["signals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["present"] == true)
        .count();
    assert_eq!(c["signal_count"], count);
    let table = run(["complement"]);
    table.assert_code(0).assert_contains("**Verdict:** ");
}

#[test]
fn structural_mode_and_table_output() {
    let c = complement(&tiny(), &["--mode", "structural"]);
    assert_eq!(c["mode"], "structural");
    assert_eq!(strings(&c["joint_gain"]), ["aircon/split_ac"]);
    let r = run(["complement", &tiny()]);
    r.assert_code(0)
        .assert_contains("# Complementarity of Guangzhou and Foshan")
        .assert_contains("## Location quotients by tier (employment; each firm's weight split equally across its stages, so cells can be fractions)")
        .assert_contains("## Directed link intensity");
}

#[test]
fn usage_errors_exit_2() {
    let t = tiny();
    for (args, needle) in [
        (vec!["--cities", "Guangzhou"], "exactly two"),
        (vec!["--cities", "Guangzhou,Foshan,Shenzhen"], "exactly two"),
        (vec!["--cities", "Guangzhou,Guangzhou"], "overlap"),
        (
            vec!["--cities", "Guangzho,Foshan"],
            "did you mean \"Guangzhou\"",
        ),
        (
            vec!["--cities", "GBA,Foshan"],
            "cities: Foshan, Guangzhou, Ningbo",
        ),
        (vec!["--a", "GBA", "--b", "Foshan"], "overlap in Foshan"),
        (
            vec!["--a", "Atlantis", "--b", "Foshan"],
            "regions: GBA, Mainland",
        ),
        (vec!["--a", "Guangzhou"], "--b"),
        (
            vec!["--cities", "Guangzhou,Foshan", "--a", "Shenzhen"],
            "cannot be used",
        ),
        (
            vec!["--matrix", "--cities", "Guangzhou,Foshan"],
            "cannot be used",
        ),
        (vec!["--min-producers", "0"], "0 is not in 1.."),
        (vec!["--region", "Nowhere"], "unknown region or city"),
    ] {
        let mut full = vec!["complement", t.as_str()];
        full.extend(args.iter().copied());
        let r = run(&full);
        r.assert_code(2).assert_contains(needle);
    }
}

#[test]
fn count_weights_say_how_much_employment_is_known() {
    // tests/data/mixed_case, Guangzhou and Foshan: the firms with a stage or function are
    // FS_Copper (80), FS_Tube (none), GZ_Board (200), FS_AC (1000), GZ_Uni (none) and
    // FS_Arm (400): employment known for 4 of 6 over R ∪ A ∪ B, stated in the header; each
    // figure then states its own basis.
    let data = dataset("tests/data/mixed_case");
    let c = complement(&data, &[]);
    assert_eq!(c["employment_known"], 4);
    assert_eq!(c["employment_counted"], 6);
    let out = run(["complement", data.as_str()]);
    assert_eq!(out.code, 0);
    let text = out.stdout;
    assert!(
        text.contains("employment known for 4 of 6 firms with a stage or function"),
        "{text}"
    );
}

const THIN: &str = "tests/data/complement/thin";

#[test]
fn thin_employment_falls_back_to_counts_per_side_labelled() {
    // tests/data/complement/README.md, `thin/`: Alpha's employment is known for 1 of its 3
    // firms with a stage (count basis), Beta's for 2 of 2 (employment basis).
    let c = complement(&dataset(THIN), &["--cities", "Alpha,Beta"]);
    let lq = &c["location_quotients"];
    let tier_a = &lq["tier_basis"]["a"];
    assert_eq!(tier_a["basis"], "count");
    assert_eq!(
        (
            tier_a["employment_known"].as_u64(),
            tier_a["employment_counted"].as_u64()
        ),
        (Some(1), Some(3))
    );
    assert_eq!(
        (
            tier_a["region_employment_known"].as_u64(),
            tier_a["region_employment_counted"].as_u64()
        ),
        (Some(4), Some(6))
    );
    assert_eq!(
        tier_a["label"],
        "firm count (Alpha: employment known for 1 of 3; Delta: employment known for 4 of 6)"
    );
    assert_eq!(lq["tier_basis"]["b"]["basis"], "employment");
    assert_eq!(lq["function_basis"]["a"]["basis"], "count");
    assert_eq!(lq["function_basis"]["a"]["employment_known"], 1);
    assert_eq!(lq["function_basis"]["a"]["employment_counted"], 4);
    assert_eq!(lq["function_basis"]["b"]["basis"], "employment");
    assert_eq!(lq["function_basis"]["b"]["region_employment_known"], 6);
    assert_eq!(lq["function_basis"]["b"]["region_employment_counted"], 10);

    // Tier quotients: Alpha by count, Beta by employment.
    close(&tier(&c, "raw_material")["lq_a"], 2.0);
    close(&tier(&c, "component")["lq_a"], 1.0);
    close(&tier(&c, "final_product")["lq_a"], 0.0);
    assert_eq!(tier(&c, "final_product")["lq_a_status"], "computed");
    assert!(tier(&c, "final_product")["lq_a_reason"].is_null());
    close(&tier(&c, "component")["lq_b"], 730.0 / 690.0);
    close(&tier(&c, "final_product")["lq_b"], 730.0 / 600.0);
    close(&tier(&c, "component")["e_region"], 4.0);
    close(&tier(&c, "component")["e_region_b"], 230.0);
    let module = tier(&c, "module");
    assert!(module["lq_a"].is_null() && module["lq_b"].is_null());
    assert_eq!(module["lq_a_status"], "not_applicable");
    assert_eq!(
        module["lq_a_reason"],
        "Delta: no firm at this tier in the data"
    );
    assert_eq!(
        module["lq_b_reason"],
        "Delta: no employment known at this tier in the data"
    );

    // Function quotients.
    close(&function(&c, "manufacturing")["lq_a"], 0.5 / 0.45);
    close(&function(&c, "rnd")["lq_a"], 0.625);
    close(&function(&c, "hq")["lq_a"], 2.5);
    close(&function(&c, "manufacturing")["lq_b"], 352.0 / 350.0);
    close(&function(&c, "design")["lq_b"], 880.0 / 700.0);
    close(&function(&c, "rnd")["lq_b"], 88.0 / 126.0);
    assert!(function(&c, "hq")["lq_b"].is_null());
    assert_eq!(function(&c, "hq")["lq_b_status"], "not_applicable");

    // FS: no count fallback for Alpha; Beta over jobs.
    let fs = &c["functional_specialisation"];
    assert!(fs["a"].is_null() && fs["ratio_a"].is_null());
    assert_eq!(fs["a_status"], "not_computed");
    assert_eq!(
        fs["a_reason"],
        "Alpha: employment known for 1 of 4 firms with a function, fewer than half; FS is a ratio of jobs, no count fallback"
    );
    close(&fs["ratio_b"], 0.75);
    close(&fs["ratio_region"], 0.76);
    close(&fs["b"], 0.75 / 0.76);
    assert_eq!(fs["b_status"], "computed");
    assert!(fs["b_reason"].is_null());

    // Similarity by count: Alpha is thin.
    let basis = &c["similarity_basis"];
    assert_eq!(basis["basis"], "count");
    assert_eq!(basis["employment_known_a"], 1);
    assert_eq!(basis["employment_counted_a"], 3);
    assert_eq!(basis["employment_known_b"], 2);
    assert_eq!(basis["employment_counted_b"], 2);
    close(&c["similarity_unido"], (1.0 / 3.0) / (5.0f64 / 18.0).sqrt());
    close(&c["krugman"], 1.0);
    assert_eq!(c["similarity_unido_status"], "computed");

    // No value link at all: the intensity is undefined, never 0.
    let value = layer(&c, "value");
    assert!(value["a_to_b"].is_null() && value["b_to_a"].is_null());
    assert_eq!(value["a_to_b_status"], "not_applicable");
    assert_eq!(
        value["a_to_b_reason"],
        "no value links out of Alpha in the data"
    );
    close(&layer(&c, "supply")["a_to_b"], 10.0 / 3.0);
    assert!(layer(&c, "supply")["a_to_b_reason"].is_null());

    // The table states each side's basis, and the reasons of its dashes once.
    let out = run(["complement", &dataset(THIN), "--cities", "Alpha,Beta"]);
    out.assert_code(0)
        .assert_contains("## Location quotients by tier (Alpha: firm count; Beta: employment; each firm's weight split equally across its stages, so cells can be fractions)")
        .assert_contains("Alpha by firm count (Alpha: employment known for 1 of 3; Delta: employment known for 4 of 6); Beta by employment (Beta: employment known for 2 of 2; Delta: employment known for 4 of 6)")
        .assert_contains("–: Delta: no firm at this tier in the data; Delta: no employment known at this tier in the data.")
        .assert_contains("| 4.0 / 230.0 |")
        .assert_contains("–: Alpha: employment known for 1 of 4 firms with a function")
        .assert_contains("–: no value links out of Alpha in the data; no value links out of Beta in the data;")
        .assert_contains("weighed by firm count (Alpha: employment known for 1 of 3; Beta: employment known for 2 of 2)");
}

#[test]
fn fs_is_not_computed_without_known_manufacturing_jobs() {
    // Gamma passes the half rule (2 of 3 firms with a function) but its only manufacturing
    // firm, g_plant, has no headcount.
    let c = complement(&dataset(THIN), &["--cities", "Gamma,Beta"]);
    let fs = &c["functional_specialisation"];
    assert!(fs["a"].is_null() && fs["ratio_a"].is_null());
    assert_eq!(fs["a_status"], "not_computed");
    assert_eq!(fs["a_reason"], "Gamma: no manufacturing jobs known");
    assert_eq!(
        c["location_quotients"]["function_basis"]["a"]["basis"],
        "employment"
    );
    close(&fs["b"], 0.75 / 0.76);
    let signal = row(&c, "signals", "signal", "functional_specialisation");
    assert_eq!(signal["present"], false);
    assert!(
        signal["detail"]
            .as_str()
            .unwrap()
            .contains("undefined (Gamma: no manufacturing jobs known)"),
        "{signal}"
    );
}

#[test]
fn matrix_rows_state_their_basis_and_employment_known() {
    let m = json(&[
        "complement",
        &dataset(THIN),
        "--matrix",
        "--region",
        "Delta",
        "--format",
        "json",
    ]);
    let pairs = m["pairs"].as_array().unwrap();
    // (a, b, basis, known a, counted a, known b, counted b, S, K)
    let expected = [
        ("Alpha", "Beta", "count", 1, 3, 2, 2, 0.632456, 1.0),
        (
            "Beta",
            "Gamma",
            "employment",
            2,
            2,
            1,
            1,
            0.447214,
            4.0 / 3.0,
        ),
        ("Alpha", "Gamma", "count", 1, 3, 1, 1, 0.894427, 2.0 / 3.0),
    ];
    assert_eq!(pairs.len(), expected.len());
    for (p, (a, b, basis, ka, na, kb, nb, s, k)) in pairs.iter().zip(expected) {
        assert_eq!((p["a"].as_str(), p["b"].as_str()), (Some(a), Some(b)));
        assert_eq!(p["basis"], basis, "{p}");
        assert_eq!(p["employment_known_a"], ka);
        assert_eq!(p["employment_counted_a"], na);
        assert_eq!(p["employment_known_b"], kb);
        assert_eq!(p["employment_counted_b"], nb);
        close(&p["similarity_unido"], s);
        close(&p["krugman"], k);
        assert_eq!(p["similarity_unido_status"], "computed");
        assert!(p["krugman_reason"].is_null());
        // The pair analysis agrees on the basis and the figures.
        let c = complement(&dataset(THIN), &["--cities", &format!("{a},{b}")]);
        assert_eq!(c["similarity_basis"]["basis"], basis);
        assert_eq!(c["similarity_unido"], p["similarity_unido"]);
    }
    assert_eq!(pairs[0]["joint_gain_count"], 1);
    // Alpha → Beta: 1 of Alpha's 1 supply link, N_Beta / N_Delta = 3/10: 10/3. Gamma has
    // no supply link out: undefined, with its reason.
    close(&pairs[0]["supply_a_to_b"], 10.0 / 3.0);
    assert_eq!(pairs[0]["supply_a_to_b_status"], "computed");
    let beta_gamma = &pairs[1];
    assert!(beta_gamma["supply_b_to_a"].is_null());
    assert_eq!(beta_gamma["supply_b_to_a_status"], "not_applicable");
    assert_eq!(
        beta_gamma["supply_b_to_a_reason"],
        "no supply links out of Gamma in the data"
    );
    let table = run([
        "complement",
        &dataset(THIN),
        "--matrix",
        "--region",
        "Delta",
    ]);
    table.assert_code(0).assert_contains(
        "employment (Beta: employment known for 2 of 2; Gamma: employment known for 1 of 1)",
    );
}

#[test]
fn stage_local_employment_follows_the_half_rule() {
    let stages = |region: &str| -> Value {
        let c = json(&[
            "completeness",
            &dataset(THIN),
            "--region",
            region,
            "--format",
            "json",
        ]);
        chain(&c, "kettle")["stages"].clone()
    };
    let alpha = stages("Alpha");
    let ore = row_in(&alpha, "ore");
    close(&ore["local_employment"], 100.0);
    assert_eq!(ore["local_employment_status"], "computed");
    assert_eq!(
        (
            ore["employment_known"].as_u64(),
            ore["employment_counted"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let body = row_in(&alpha, "body");
    assert!(body["local_employment"].is_null());
    assert_eq!(body["local_employment_status"], "not_computed");
    assert_eq!(
        body["local_employment_reason"],
        "employment known for 0 of 2 local producers, fewer than half"
    );
    let kettle = row_in(&alpha, "kettle");
    assert!(kettle["local_employment"].is_null());
    assert_eq!(kettle["local_employment_status"], "not_applicable");
    assert_eq!(kettle["employment_counted"], 0);
    let delta = stages("Delta");
    let body = row_in(&delta, "body");
    close(&body["local_employment"], 230.0);
    assert_eq!(
        (
            body["employment_known"].as_u64(),
            body["employment_counted"].as_u64()
        ),
        (Some(2), Some(4))
    );
}

fn row_in<'a>(stages: &'a Value, id: &str) -> &'a Value {
    stages
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == id)
        .unwrap_or_else(|| panic!("no stage {id}"))
}

/// A direction with links, but fewer than `--min-links` and no ratio above 1, is named as "no
/// signal either way", so a one-way flow is not read as balanced. tiny (README, links A13,
/// X1, X3, X6, X7): supply Foshan→Guangzhou is A13 only; innovation Guangzhou→Foshan is X1
/// only, Foshan→Guangzhou none (X3 stays in Foshan); capital Foshan→Guangzhou none (X7 stays
/// in Foshan). Value has no link out of Foshan, so its ratio is undefined and not listed.
#[test]
fn sparse_directions_are_named_as_no_signal_either_way() {
    let v = complement(&tiny(), &[]);
    let link = v["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["signal"] == "link_intensity")
        .unwrap();
    let detail = link["detail"].as_str().unwrap();
    assert!(
        detail.ends_with(
            "; under 5 links, so no signal either way: supply links Foshan→Guangzhou (1 of 10 \
             supply links out of Foshan), innovation links Guangzhou→Foshan (1 of 2 innovation \
             links out of Guangzhou), innovation links Foshan→Guangzhou (0 of 1 innovation links \
             out of Foshan) and capital links Foshan→Guangzhou (0 of 1 capital links out of \
             Foshan)"
        ),
        "{detail}"
    );
}

/// The joint-gain signal's three states (tests/data/complement/README.md, "Joint gain that
/// cannot show").
#[test]
fn joint_gain_is_not_assessable_when_nothing_closes_jointly_or_in_the_region() {
    let signal = |c: &Value| -> Value {
        c["signals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["signal"] == "joint_gain")
            .expect("a joint_gain signal")
            .clone()
    };
    // merchant: Delta (= Alpha ∪ Beta) closes no car in realised closure (no local supplier
    // of motor or seat is linked to either car maker), so the gain cannot show.
    let merchant = dataset("tests/data/complement/merchant");
    let c = complement(&merchant, &["--cities", "Alpha,Beta"]);
    assert_eq!(c["region_closed_final_products"], 0);
    let s = signal(&c);
    assert_eq!(
        (s["present"].as_bool(), s["assessed"].as_bool()),
        (Some(false), Some(false))
    );
    assert_eq!(
        s["detail"],
        "no final product closes in Alpha and Beta together or anywhere in Delta (realised closure), so a gain from combining them cannot show"
    );
    // Still 3 present signals: complementary whether or not a gain would show.
    assert_eq!(c["verdict"], "complementary");
    assert!(
        c["conclusion"]
            .as_str()
            .unwrap()
            .contains("Not assessable on these data (1 of 4): no final product closes in Alpha"),
        "{}",
        c["conclusion"]
    );
    // joint: Alpha ∪ Gamma has no kettle maker and closes nothing, but Delta closes the
    // kettle (Beta): the pair lacks what the rest of the region has, a real "no".
    let joint = dataset("tests/data/complement/joint");
    let c = complement(&joint, &["--cities", "Alpha,Gamma"]);
    assert_eq!(c["region_closed_final_products"], 1);
    let s = signal(&c);
    assert_eq!(
        (s["present"].as_bool(), s["assessed"].as_bool()),
        (Some(false), Some(true))
    );
    // twins: each closes the kettle alone, so together they gain nothing: assessed, absent.
    let twins = dataset("tests/data/complement/twins");
    let s = signal(&complement(&twins, &["--cities", "East,West"]));
    assert_eq!(
        (s["present"].as_bool(), s["assessed"].as_bool()),
        (Some(false), Some(true))
    );
}
