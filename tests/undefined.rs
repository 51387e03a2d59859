//! The undefined-figure convention (issue 15 item 3): a figure that cannot be given is
//! `null` in JSON with `<field>_status` (`not_applicable` | `not_computed`) and
//! `<field>_reason`, `–` in tables with the reason printed once near the table, never 0.
//! A genuine 0 stays a computed 0.
//!
//! The dataset (hand-worked; region GBA = Guangzhou, Foshan, Zhuhai):
//! * chain `ac` (the base chain): copper (raw_material) is made only by `cu` in Ningbo,
//!   outside the region; compressor (`comp`, Foshan), board (`brd`, Guangzhou),
//!   air_conditioner and retail (`ac1`, Foshan). Supply links: cu→comp (10), comp→ac1 (20),
//!   brd→ac1 (5); innovation uni→comp.
//! * chain `pen`: ink (raw_material, `inkco`, Foshan) → pen (final_product, `penco`,
//!   Guangzhou), no link between them, no employment figures.
//! * chain `kit`: one final_product stage `kit` without inputs (`kitco`, Guangzhou, 10
//!   employees).
//! * Zhuhai is a GBA city without firms.

use std::ffi::OsStr;

use serde_json::Value;

use crate::util::{BASE_CHAINS, BASE_FIRMS, BASE_LINKS, TempDataset, chain, run};

const CITIES: &str = "\
city,name_zh,region,country,lat,lon
Guangzhou,广州,GBA,China,23.13,113.26
Foshan,佛山,GBA,China,23.02,113.12
Zhuhai,珠海,GBA,China,22.27,113.58
Ningbo,宁波,Mainland,China,29.87,121.54
Tokyo,东京,Overseas,Japan,35.68,139.69
";

fn dataset() -> TempDataset {
    let chains = format!(
        "{BASE_CHAINS}\
pen,ink,Ink,raw_material,
pen,pen,Pen,final_product,ink
kit,kit,Kit,final_product,
"
    );
    let firms = format!(
        "{BASE_FIRMS}\
inkco,Ink Co,,Foshan,firm,pen/ink,manufacturing,,,test
penco,Pen Co,,Guangzhou,firm,pen/pen,manufacturing,,,test
kitco,Kit Co,,Guangzhou,firm,kit/kit,manufacturing,10,,test
"
    );
    TempDataset::with(CITIES, &chains, &firms, BASE_LINKS)
}

fn run_on(d: &TempDataset, args: &[&str]) -> String {
    let mut all: Vec<&OsStr> = vec![OsStr::new(args[0]), d.path().as_os_str()];
    all.extend(args[1..].iter().map(OsStr::new));
    let r = run(all);
    r.assert_code(0);
    r.stdout
}

fn json_on(d: &TempDataset, args: &[&str]) -> Value {
    let out = run_on(d, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// Asserts the three sibling fields of an undefined figure.
fn assert_undefined(v: &Value, field: &str, status: &str, reason_has: &str) {
    assert!(v[field].is_null(), "{field} should be null: {v}");
    assert_eq!(v[format!("{field}_status")], status, "{field}: {v}");
    let reason = v[format!("{field}_reason")].as_str().unwrap_or_default();
    assert!(reason.contains(reason_has), "{field}: reason {reason:?}");
}

/// Asserts a computed figure: the value, status `computed`, reason null.
fn assert_computed(v: &Value, field: &str, expected: f64) {
    let got = v[field].as_f64().unwrap_or_else(|| panic!("{field}: {v}"));
    assert!((got - expected).abs() < 1e-9, "{field}: {got} ≠ {expected}");
    assert_eq!(v[format!("{field}_status")], "computed", "{field}");
    assert!(v[format!("{field}_reason")].is_null(), "{field}");
}

/// The entry of the array `v` whose `key` is `value`.
fn entry(v: &Value, key: &str, value: &str) -> Value {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .find(|e| e[key] == value)
        .unwrap_or_else(|| panic!("no {key} = {value} in {v}"))
        .clone()
}

/// The table row whose first cell is `first`.
fn row<'a>(table: &'a str, first: &str) -> Vec<&'a str> {
    table
        .lines()
        .map(|l| l.split('|').map(str::trim).collect::<Vec<_>>())
        .find(|cells| cells.get(1) == Some(&first))
        .unwrap_or_else(|| panic!("no row {first} in\n{table}"))
}

#[test]
fn connectivity_is_null_without_a_local_raw_material_firm() {
    let d = dataset();
    let b = json_on(&d, &["bottlenecks", "--format", "json"]);
    // ac: copper is made only in Ningbo, so no raw-material firm is local.
    let ac = &chain(&b, "ac")["connectivity"];
    assert_undefined(ac, "connectivity", "not_applicable", "raw_material");
    assert_eq!(ac["raw_material_firms"], 0);
    assert!(ac["cut"].as_array().unwrap().is_empty());
    // kit: no raw_material stage at all.
    let kit = &chain(&b, "kit")["connectivity"];
    assert_undefined(kit, "connectivity", "not_applicable", "raw_material");
    // pen: inkco and penco are local and not linked: separated already, a real 0.
    let pen = &chain(&b, "pen")["connectivity"];
    assert_eq!(pen["connectivity"], 0);
    assert_eq!(pen["connectivity_status"], "computed");
    assert!(pen["connectivity_reason"].is_null());

    let table = run_on(&d, &["bottlenecks"]);
    // columns: chain, complete, single-source stages by firm and by group, connectivity, …
    let connectivity = 5;
    assert_eq!(row(&table, "ac")[connectivity], "–");
    assert_eq!(row(&table, "kit")[connectivity], "–");
    assert_eq!(row(&table, "pen")[connectivity], "0");
    let note =
        "– connectivity for ac, kit: no local firm produces a raw_material stage of the chain";
    assert_eq!(table.matches(note).count(), 1, "{table}");
}

#[test]
fn completeness_figures_without_links_edges_or_employment_are_null() {
    let d = dataset();
    let c = json_on(&d, &["completeness", "--format", "json"]);
    // pen: no supply link is counted → local sourcing not computed.
    let pen = chain(&c, "pen");
    assert_undefined(pen, "local_sourcing_rate", "not_computed", "no supply link");
    // pen: employment known for 0 of 2 producers → not computed.
    assert_undefined(
        pen,
        "stage_coverage_employment",
        "not_computed",
        "employment known for 0 of 2 producers, fewer than half",
    );
    assert_eq!(pen["employment_known"], 0);
    assert_eq!(pen["employment_counted"], 2);
    // pen: 1 template edge ink→pen, not realised: a real 0.
    assert_computed(pen, "link_coverage", 0.0);
    // kit: no template edge → link coverage not applicable.
    assert_undefined(
        chain(&c, "kit"),
        "link_coverage",
        "not_applicable",
        "no edges",
    );
    // ac: 3 counted links, by weight: local (comp→ac1 20 + brd→ac1 5) / 35.
    let ac = chain(&c, "ac");
    assert_computed(ac, "local_sourcing_rate", 25.0 / 35.0);
    // ac: weights cu 100 (copper, not present), comp 500, brd 200, ac1 1000 split over
    // its two stages: present 1700 of 1800.
    assert_computed(ac, "stage_coverage_employment", 1700.0 / 1800.0);
    // Per stage: copper has no local producer (not applicable); board is sold to ac1,
    // which uses it (brd→ac1); nothing is sold as retail.
    let stage = |id: &str| entry(&ac["stages"], "stage", id);
    assert_undefined(
        &stage("copper"),
        "local_employment",
        "not_applicable",
        "no local producer",
    );
    assert_computed(&stage("compressor"), "local_employment", 500.0);
    assert_undefined(
        &stage("retail"),
        "sourcing",
        "not_computed",
        "no supply link",
    );
    assert_eq!(stage("board")["sourcing_status"], "computed");

    let table = run_on(&d, &["completeness"]);
    // Overview columns: chain, verdict, complete, complete from, possible from, final
    // products closed, stage coverage, employment-weighted, link coverage, local sourcing.
    let kit = row(&table, "kit");
    assert_eq!(kit[9], "–", "{table}");
    let pen = row(&table, "pen");
    assert_eq!(pen[9], "0.0%");
    assert_eq!(pen[10], "–");
    assert!(
        pen[8].starts_with("– (employment known for 0 of 2)"),
        "{}",
        pen[8]
    );
    for note in [
        "– link coverage for kit: the chain's template has no edges",
        // kit has no input, pen no link: neither counts a supply link.
        "– local sourcing for kit, pen: no supply link into a local firm of the chain",
    ] {
        assert_eq!(table.matches(note).count(), 1, "{note}\n{table}");
    }
}

#[test]
fn claim_four_tests_say_why_they_neither_pass_nor_fail() {
    let d = dataset();
    let r = json_on(&d, &["report", "--format", "json"]);
    let test = |chain_id: &str, id: &str| entry(&chain(&r, chain_id)["verdict"]["tests"], "id", id);
    // A test's status and a word of its reason (`None`: the reason is null).
    let check = |t: &Value, status: &str, reason_has: Option<&str>| match reason_has {
        Some(words) => {
            assert_eq!(t["status"], status, "{t}");
            let reason = t["reason"].as_str().unwrap_or_default();
            assert!(reason.contains(words), "{t}");
        }
        None => {
            assert_eq!(t["status"], status, "{t}");
            assert!(t["reason"].is_null(), "{t}");
        }
    };
    // ac: 3 counted links < 5: H3 not computed, the reason says so, the rate stays in
    // the detail (25/35 = 71.4% by weight).
    let h3 = test("ac", "H3");
    check(&h3, "not_computed", Some("too few links (3)"));
    assert!(h3["detail"].as_str().unwrap().contains("71.4%"), "{h3}");
    // pen: no counted link at all.
    check(&test("pen", "H3"), "not_computed", Some("no supply links"));
    // pen: the pen is not closed by realised closure (no ink→pen link): H5 not applicable.
    check(
        &test("pen", "H5"),
        "not_applicable",
        Some("no final product is closed"),
    );
    // ac: copper has no producer in the region in the data: H1 undetermined, with reason.
    check(
        &test("ac", "H1"),
        "undetermined",
        Some("not proof of absence"),
    );
    // kit: every stage present, H1 passes: no reason.
    check(&test("kit", "H1"), "pass", None);

    let md = run_on(&d, &["report"]);
    assert!(
        md.contains("**H3 local sourcing rate ≥ τ**: not computed — too few links (3) to judge"),
        "{md}"
    );
}

#[test]
fn fusion_shares_of_nothing_are_null() {
    let d = dataset();
    let f = json_on(&d, &["fusion", "--format", "json"]);
    let overlap = |a: &str, b: &str| -> Value {
        f["overlap"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["from_layer"] == a && o["to_layer"] == b)
            .unwrap()
            .clone()
    };
    // No local value or capital link: E_value = E_capital = ∅.
    assert_undefined(
        &overlap("value", "capital"),
        "jaccard",
        "not_applicable",
        "neither",
    );
    assert_undefined(
        &overlap("value", "supply"),
        "conditional",
        "not_applicable",
        "the from_layer (row) joins no pair",
    );
    // E_supply = {comp–ac1, brd–ac1}: 0 shared of 2 is a real 0.
    assert_computed(&overlap("supply", "value"), "jaccard", 0.0);
    assert_computed(&overlap("supply", "value"), "conditional", 0.0);
    // Zhuhai has no manufacturer; the region has 6 (comp, brd, ac1, inkco, penco, kitco),
    // one of them (comp) with an inbound innovation link.
    let zhuhai = entry(&f["coupling"]["cities"], "city", "Zhuhai");
    assert_undefined(&zhuhai, "share", "not_applicable", "no local manufacturer");
    assert_computed(&f["coupling"]["region"], "share", 1.0 / 6.0);
    // The product chain has no links of its own.
    let product = entry(&f["four_chains"], "chain", "product");
    assert_undefined(&product, "links", "not_applicable", "no links of its own");

    let table = run_on(&d, &["fusion"]);
    assert_eq!(row(&table, "Zhuhai")[4], "–");
    assert_eq!(
        table
            .matches("– coupling share for Zhuhai: the city has no local manufacturer")
            .count(),
        1,
        "{table}"
    );

    // A region without firms: every share of its firms is undefined, never 0.
    let empty = json_on(&d, &["fusion", "--region", "Zhuhai", "--format", "json"]);
    assert_eq!(empty["local_firms"], 0);
    for layer in empty["layers"].as_array().unwrap() {
        assert_undefined(layer, "active_share", "not_applicable", "no firm");
        for e in layer["evidence"].as_array().unwrap() {
            assert_undefined(e, "share", "not_applicable", "no link");
        }
    }
    let p = &empty["participation"];
    assert_undefined(p, "mean", "not_applicable", "no local firm");
    assert_undefined(p, "multi_layer_share", "not_applicable", "no local firm");
    assert_undefined(
        &empty["multi_chain"],
        "share",
        "not_applicable",
        "no local firm",
    );
    assert_undefined(
        &empty["coupling"]["region"],
        "share",
        "not_applicable",
        "no local manufacturer",
    );
}

#[test]
fn evidence_shares_without_links_are_null() {
    // The dataset without any link: a share of 0 links is undefined at every level.
    let d = dataset();
    d.write(
        "links.csv",
        "source,target,layer,stage,weight,year,evidence,source_ref\n",
    );
    let s = json_on(&d, &["summary", "--format", "json"]);
    for level in ["documented", "reported", "estimated", "assumed"] {
        let e = entry(&s["evidence"], "evidence", level);
        assert_eq!(e["links"], 0);
        assert_undefined(&e, "share", "not_applicable", "no link is counted");
    }
    let table = run_on(&d, &["summary"]);
    assert_eq!(row(&table, "documented")[3], "–");
    let note = "– share for documented, reported, estimated, assumed: no link is counted.";
    assert_eq!(table.matches(note).count(), 1, "{table}");
    // The completeness evidence mix of a chain: no counted link either.
    let c = json_on(&d, &["completeness", "--format", "json"]);
    let documented = entry(&chain(&c, "ac")["evidence"], "evidence", "documented");
    assert_undefined(&documented, "share", "not_applicable", "no link");
}

/// `complete_from` / `possible_from` are null with a status and a reason when no tier
/// works: here the only air-conditioner maker is outside the region, so importing every
/// lower tier still leaves the final product without a local producer.
#[test]
fn import_tiers_are_null_with_a_reason_when_no_tier_closes() {
    let d = TempDataset::base();
    d.replace("firms.csv", "ac1,AC Co,,Foshan", "ac1,AC Co,,Ningbo");
    let c = json_on(&d, &["completeness", "--format", "json"]);
    let ac = chain(&c, "ac");
    assert_undefined(ac, "complete_from", "not_applicable", "no tier");
    // No producer in the data is not an absence: nothing fails, so possible_from stays.
    assert_eq!(ac["possible_from"], "raw_material");
    let g = json_on(&d, &["gaps", "--format", "json"]);
    assert_undefined(
        chain(&g, "ac"),
        "complete_from",
        "not_applicable",
        "no tier",
    );
    // Confirmed absent, the final product fails on its own tier: possible_from is null too.
    d.write(
        "absences.csv",
        "area,stage,evidence,source_ref,note\nGBA,ac/air_conditioner,documented,https://example.org/survey,no AC maker in the region\n",
    );
    let c = json_on(&d, &["completeness", "--format", "json"]);
    assert_undefined(
        chain(&c, "ac"),
        "possible_from",
        "not_applicable",
        "left open",
    );
    // The base dataset closes from its raw materials: a computed tier, no reason.
    let base = json_on(&TempDataset::base(), &["completeness", "--format", "json"]);
    let ac = chain(&base, "ac");
    assert_eq!(ac["complete_from_status"], "computed");
    assert!(ac["complete_from_reason"].is_null());
    assert!(ac["complete_from"].is_string());
}

/// The fusion verdict never counts an undefined share as 0: Zhuhai has no firm, so
/// neither the coupling nor the multi-chain share exists and the verdict is undetermined.
#[test]
fn fusion_with_undefined_shares_is_undetermined() {
    let d = dataset();
    let f = json_on(&d, &["fusion", "--region", "Zhuhai", "--format", "json"]);
    assert!(
        f["coupling"]["region"]["share"].is_null(),
        "{}",
        f["coupling"]
    );
    assert!(f["multi_chain"]["share"].is_null());
    assert_eq!(f["verdict"], "undetermined");
    assert!(
        f["conclusion"]
            .as_str()
            .unwrap()
            .contains("tries it at 0 and at 1"),
        "{}",
        f["conclusion"]
    );
}
