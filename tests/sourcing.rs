//! Chain-scoped sourcing and chokepoint scope (issue 15 items 1–2) on the hand-worked
//! dataset tests/data/sourcing (expected values worked on paper in its README).

use crate::util::{chain, json, repo};

fn dataset() -> String {
    repo().join("tests/data/sourcing").display().to_string()
}

fn close(a: &serde_json::Value, b: f64) {
    let a = a.as_f64().unwrap_or_else(|| panic!("not a number: {a}"));
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn spurious_links_do_not_count_for_sourcing() {
    let v = json(&[
        "completeness",
        &dataset(),
        "--region",
        "GBA",
        "--format",
        "json",
    ]);
    let g = chain(&v, "gadget");
    // 12 supply links, 2 spurious (chips into the carmaker and into a gadget assembler):
    // 10 counted, 4 local, 3 rest of country, 3 overseas.
    let s = &g["sourcing"];
    assert_eq!(s["basis"], "count");
    assert_eq!(s["links"], 10);
    close(&s["local"], 0.4);
    close(&s["rest_of_country"], 0.3);
    close(&s["overseas"], 0.3);
    close(&g["local_sourcing_rate"], 0.4);
    // The carmaker's chip is not car sourcing either: the car chain has no counted link.
    let car = chain(&v, "car");
    assert!(car["sourcing"].is_null(), "{}", car["sourcing"]);
    assert!(car["local_sourcing_rate"].is_null());
    // Per stage, chip counts 3 links (1 local, 2 from Japan), not 5.
    let chip = g["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["stage"] == "chip")
        .unwrap();
    assert_eq!(chip["sourcing"]["links"], 3, "{chip}");
}

#[test]
fn chokepoints_have_a_scope() {
    let v = json(&[
        "completeness",
        &dataset(),
        "--region",
        "GBA",
        "--format",
        "json",
    ]);
    let k = chain(&v, "gadget")["chokepoints"]
        .as_array()
        .unwrap()
        .clone();
    let ids: Vec<_> = k.iter().map(|x| x["stage"].as_str().unwrap()).collect();
    assert_eq!(ids, ["cell", "chip", "housing"]);
    let (cell, chip, housing) = (&k[0], &k[1], &k[2]);

    assert_eq!(chip["scope"], "international");
    assert_eq!(chip["links"], 3);
    close(&chip["outside_share"], 2.0 / 3.0);
    close(&chip["rest_of_country_share"], 0.0);
    close(&chip["overseas_share"], 2.0 / 3.0);
    close(&chip["hhi_countries"], 1.0);
    assert_eq!(chip["countries"], serde_json::json!(["Japan"]));

    // Mixed, but most outside sourcing from elsewhere in China: domestic.
    assert_eq!(cell["scope"], "domestic");
    assert_eq!(cell["links"], 4);
    close(&cell["outside_share"], 0.75);
    close(&cell["rest_of_country_share"], 0.5);
    close(&cell["overseas_share"], 0.25);
    close(&cell["hhi_countries"], 5.0 / 9.0);
    close(&cell["hhi_firms"], 5.0 / 9.0);
    assert_eq!(cell["countries"], serde_json::json!(["China", "Korea"]));

    // Domestic only.
    assert_eq!(housing["scope"], "domestic");
    close(&housing["outside_share"], 1.0);
    close(&housing["rest_of_country_share"], 1.0);
    close(&housing["overseas_share"], 0.0);
}

#[test]
fn h4_fails_on_international_chokepoints_only() {
    let v = json(&["report", &dataset(), "--region", "GBA", "--format", "json"]);
    let tests = chain(&v, "gadget")["verdict"]["tests"]
        .as_array()
        .unwrap()
        .clone();
    let h = |id: &str| tests.iter().find(|t| t["id"] == id).unwrap().clone();
    assert_eq!(h("H3")["status"], "fail");
    let h4 = h("H4");
    assert_eq!(h4["name"], "no international chokepoint");
    assert_eq!(h4["status"], "fail");
    assert_eq!(
        h4["detail"],
        "international chokepoints: chip (66.7% from other countries: Japan; 3 links); \
         domestic dependence: cell: 50.0% sourced from elsewhere in China and 25.0% from \
         other countries (Korea) (4 links) — no more from abroad than from the rest of the \
         country, so not an international chokepoint; housing: 100.0% sourced from elsewhere \
         in China (1 link) — domestic sourcing, not an international chokepoint"
    );
    // Only domestic dependence: H4 passes, domestic sourcing is named as context.
    let v = json(&[
        "report",
        &dataset(),
        "--region",
        "GBA",
        "--chokepoint-share",
        "0.7",
        "--format",
        "json",
    ]);
    let tests = chain(&v, "gadget")["verdict"]["tests"]
        .as_array()
        .unwrap()
        .clone();
    let h4 = tests.iter().find(|t| t["id"] == "H4").unwrap();
    assert_eq!(h4["status"], "pass", "{h4}");
    assert!(
        h4["detail"]
            .as_str()
            .unwrap()
            .starts_with("international chokepoints: none among 10 counted supply links (every input stage has a counted inbound link); domestic dependence: cell"),
        "{h4}"
    );
}

/// The chokepoint screen names what it cannot see: input stages below final_product with
/// no counted supply link into a local buyer. The base dataset (tests/util.rs): copper
/// (cu, Ningbo → comp), compressor (comp → ac1) and board (brd → ac1, its stage inferred)
/// each have one; without the board link, board is unscreened (air_conditioner feeds only
/// retail and is left out).
#[test]
fn the_chokepoint_screen_names_input_stages_without_a_counted_link() {
    let d = crate::util::TempDataset::base();
    let unscreened = |d: &crate::util::TempDataset| {
        let c = json(&[
            "completeness",
            d.path().to_str().unwrap(),
            "--region",
            "GBA",
            "--format",
            "json",
        ]);
        chain(&c, "ac")["unscreened_inputs"].clone()
    };
    assert_eq!(unscreened(&d), serde_json::json!([]));
    d.replace("links.csv", "brd,ac1,supply,,5,2024,reported,test\n", "");
    assert_eq!(unscreened(&d), serde_json::json!(["board"]));
}
