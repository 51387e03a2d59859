//! `fusion` end to end: the hand-worked values of datasets/tiny (README section "Four chains
//! as one system (hand-worked)"), a fixture where all four layers join the same firm pairs,
//! invariants of the overlap matrix, the embedded GBA data and usage errors.

use serde_json::Value;

use crate::util::{
    BASE_CHAINS, BASE_CITIES, BASE_FIRMS, TempDataset, assert_same_output, json, run, tiny,
};

fn close(actual: &Value, expected: f64) {
    let a = actual
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {actual}"));
    assert!((a - expected).abs() < 1e-12, "{a} != {expected}");
}

fn layer<'a>(f: &'a Value, name: &str) -> &'a Value {
    f["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["layer"] == name)
        .unwrap_or_else(|| panic!("no layer {name}"))
}

fn overlap<'a>(f: &'a Value, from: &str, to: &str) -> &'a Value {
    f["overlap"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["from_layer"] == from && o["to_layer"] == to)
        .unwrap_or_else(|| panic!("no overlap {from} -> {to}"))
}

fn top_firm<'a>(f: &'a Value, id: &str) -> Option<&'a Value> {
    f["participation"]["top"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["firm"] == id)
}

fn bins(f: &Value) -> Vec<u64> {
    f["participation"]["bins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["firms"].as_u64().unwrap())
        .collect()
}

fn city<'a>(f: &'a Value, id: &str) -> &'a Value {
    f["coupling"]["cities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["city"] == id)
        .unwrap_or_else(|| panic!("no city {id}"))
}

const LAYERS: [&str; 4] = ["supply", "value", "innovation", "capital"];

/// Jaccard is symmetric, the diagonal is 1 exactly when the layer has pairs, and
/// shared_pairs on the diagonal is the layer's pair count.
fn assert_matrix_invariants(f: &Value) {
    assert_eq!(f["overlap"].as_array().unwrap().len(), 16);
    for a in LAYERS {
        let pairs = layer(f, a)["pairs"].as_u64().unwrap();
        let diag = overlap(f, a, a);
        assert_eq!(diag["shared_pairs"].as_u64(), Some(pairs));
        if pairs > 0 {
            assert_eq!(diag["jaccard"].as_f64(), Some(1.0), "{a}");
            assert_eq!(diag["conditional"].as_f64(), Some(1.0), "{a}");
        } else {
            assert!(diag["jaccard"].is_null(), "{a}");
            assert!(diag["conditional"].is_null(), "{a}");
        }
        for b in LAYERS {
            let (ab, ba) = (overlap(f, a, b), overlap(f, b, a));
            assert_eq!(ab["jaccard"], ba["jaccard"], "{a} {b}");
            assert_eq!(ab["shared_pairs"], ba["shared_pairs"], "{a} {b}");
            if let Some(j) = ab["jaccard"].as_f64() {
                assert!((0.0..=1.0).contains(&j));
            }
        }
    }
}

#[test]
fn fusion_tiny_gba_layers_match_the_hand_count() {
    let f = json(&["fusion", &tiny(), "--format", "json"]);
    assert_eq!(f["region"]["name"], "GBA");
    assert_eq!(f["local_firms"], 19);
    // (layer, local links, all links, firms, pairs, evidence doc/rep/est/ass)
    let expected = [
        ("supply", 16, 23, 15, 16, [6, 5, 4, 1]),
        ("value", 2, 2, 3, 2, [0, 0, 1, 1]),
        ("innovation", 3, 3, 5, 3, [1, 2, 0, 0]),
        ("capital", 2, 2, 4, 2, [2, 0, 0, 0]),
    ];
    for (name, links, all, firms, pairs, evidence) in expected {
        let l = layer(&f, name);
        assert_eq!(l["links"], links, "{name}");
        assert_eq!(l["all_links"], all, "{name}");
        assert_eq!(l["firms"], firms, "{name}");
        assert_eq!(l["pairs"], pairs, "{name}");
        close(&l["active_share"], firms as f64 / 19.0);
        let mix: Vec<u64> = l["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["links"].as_u64().unwrap())
            .collect();
        assert_eq!(mix, evidence, "{name}");
    }
}

#[test]
fn fusion_tiny_gba_overlap_matrix() {
    let f = json(&["fusion", &tiny(), "--format", "json"]);
    assert_matrix_invariants(&f);
    // {fs_aircon, gz_install}: supply A13 one way, value X5 the other.
    let sv = overlap(&f, "supply", "value");
    assert_eq!(sv["shared_pairs"], 1);
    close(&sv["jaccard"], 1.0 / 17.0);
    close(&sv["conditional"], 1.0 / 16.0);
    close(&overlap(&f, "value", "supply")["conditional"], 0.5);
    // No pair is joined by both supply and innovation.
    let si = overlap(&f, "supply", "innovation");
    assert_eq!(si["shared_pairs"], 0);
    close(&si["jaccard"], 0.0);
    close(&si["conditional"], 0.0);
    close(&overlap(&f, "capital", "innovation")["jaccard"], 0.0);
}

#[test]
fn fusion_tiny_gba_participation() {
    let f = json(&["fusion", &tiny(), "--format", "json", "--top", "100"]);
    let p = &f["participation"];
    assert_eq!(p["active_firms"], 19);
    assert_eq!(p["isolated_firms"], 0);
    assert_eq!(p["multi_layer_firms"], 6);
    close(&p["multi_layer_share"], 6.0 / 19.0);
    close(&p["mean"], 934.0 / 4617.0);
    assert_eq!(bins(&f), [13, 0, 3, 2, 1]);
    // (firm, P, o, [supply, value, innovation, capital])
    let expected = [
        ("fs_arm", 5.0 / 6.0, 4, [2, 0, 1, 1]),
        ("gz_install", 2.0 / 3.0, 2, [1, 1, 0, 0]),
        ("fs_aircon", 160.0 / 243.0, 9, [6, 2, 0, 1]),
        ("fs_agv", 16.0 / 27.0, 3, [2, 0, 0, 1]),
        ("gz_ctrl", 16.0 / 27.0, 3, [2, 0, 1, 0]),
        ("fs_comp", 0.5, 4, [3, 0, 1, 0]),
        ("fs_tube", 0.0, 4, [4, 0, 0, 0]),
    ];
    let top = p["top"].as_array().unwrap();
    assert_eq!(top.len(), 19);
    for (i, (id, value, o, k)) in expected.iter().enumerate() {
        let t = &top[i];
        assert_eq!(t["firm"], *id, "rank {i}");
        close(&t["participation"], *value);
        assert_eq!(t["links"], *o, "{id}");
        let degrees: Vec<u64> = LAYERS
            .iter()
            .map(|l| t["degrees"][l].as_u64().unwrap())
            .collect();
        assert_eq!(degrees, k, "{id}");
    }
    // Single-layer firms: P = 0.
    close(&top_firm(&f, "gz_univ").unwrap()["participation"], 0.0);
    // --top limits the list and keeps the order.
    let f3 = json(&["fusion", &tiny(), "--format", "json", "--top", "3"]);
    let ids: Vec<&str> = f3["participation"]["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["firm"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["fs_arm", "gz_install", "fs_aircon"]);
}

#[test]
fn fusion_tiny_gba_innovation_coupling_and_verdict() {
    let f = json(&["fusion", &tiny(), "--format", "json"]);
    let cities: Vec<&str> = f["coupling"]["cities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["city"].as_str().unwrap())
        .collect();
    assert_eq!(cities, ["Foshan", "Guangzhou", "Shenzhen"]);
    for (id, m, c) in [("Foshan", 9, 2), ("Guangzhou", 3, 1), ("Shenzhen", 2, 0)] {
        let x = city(&f, id);
        assert_eq!(
            (x["manufacturers"].as_u64(), x["coupled"].as_u64()),
            (Some(m), Some(c))
        );
        close(&x["share"], c as f64 / m as f64);
    }
    let r = &f["coupling"]["region"];
    assert_eq!(
        (r["manufacturers"].as_u64(), r["coupled"].as_u64()),
        (Some(14), Some(3))
    );
    close(&r["share"], 3.0 / 14.0);
    // c = 0.214 ≥ 0.2 and m = 15/18 (four chains) ≥ 0.5: partly integrated.
    assert_eq!(f["verdict"], "partly_integrated");
    let text = f["conclusion"].as_str().unwrap();
    for needle in [
        "partly integrated",
        "3 of 14 local manufacturers (21.4%)",
        "15 of 18 local firms taking part in the four chains",
        "product 24",
        "supply–innovation Jaccard 0.000",
        "supply 16 (6 documented)",
        "sparse",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text:?}");
    }
}

#[test]
fn fusion_tiny_foshan_has_an_isolated_firm_and_an_empty_layer() {
    let f = json(&[
        "fusion",
        &tiny(),
        "--region",
        "Foshan",
        "--format",
        "json",
        "--top",
        "100",
    ]);
    assert_eq!(f["local_firms"], 10);
    assert_matrix_invariants(&f);
    // No value link has both ends in Foshan: E_value is empty.
    assert_eq!(layer(&f, "value")["links"], 0);
    assert!(overlap(&f, "value", "value")["jaccard"].is_null());
    assert!(overlap(&f, "value", "supply")["conditional"].is_null());
    close(&overlap(&f, "value", "supply")["jaccard"], 0.0);
    close(&overlap(&f, "supply", "value")["conditional"], 0.0);
    assert_eq!(layer(&f, "supply")["links"], 9);
    assert_eq!(layer(&f, "supply")["firms"], 8);
    let p = &f["participation"];
    // fs_agv: all its links (R7, R8, R10, X6) come from outside Foshan, o = 0, P = 0.
    assert_eq!(p["isolated_firms"], 1);
    assert_eq!(p["active_firms"], 9);
    assert!(top_firm(&f, "fs_agv").is_none());
    close(&top_firm(&f, "fs_arm").unwrap()["participation"], 8.0 / 9.0);
    close(
        &top_firm(&f, "fs_aircon").unwrap()["participation"],
        32.0 / 75.0,
    );
    close(&top_firm(&f, "fs_comp").unwrap()["participation"], 0.0);
    assert_eq!(bins(&f), [7, 0, 1, 0, 1]);
    close(&p["mean"], 296.0 / 2025.0);
    close(&p["multi_layer_share"], 2.0 / 9.0);
    // fs_comp's inbound innovation link comes from Guangzhou: it still counts.
    let fs = city(&f, "Foshan");
    assert_eq!(
        (fs["manufacturers"].as_u64(), fs["coupled"].as_u64()),
        (Some(9), Some(2))
    );
    assert_eq!(f["verdict"], "partly_integrated");
}

/// Four layers over the same three pairs {comp, ac1}, {brd, ac1}, {comp, brd}, in varying
/// directions, with one parallel capital link and one link from outside the region.
const COINCIDE_LINKS: &str = "\
source,target,layer,stage,weight,year,evidence,source_ref
cu,comp,supply,ac/copper,10,2024,documented,test
comp,ac1,supply,ac/compressor,20,2024,documented,test
brd,ac1,supply,ac/board,5,2024,reported,test
comp,brd,supply,ac/compressor,1,2024,estimated,test
ac1,comp,value,,,2024,assumed,test
brd,ac1,value,,,2024,assumed,test
brd,comp,value,,,2024,assumed,test
comp,ac1,innovation,,,2024,documented,test
ac1,brd,innovation,,,2024,documented,test
brd,comp,innovation,,,2024,documented,test
comp,ac1,capital,,,2024,documented,test
brd,ac1,capital,,,2024,documented,test
brd,ac1,capital,,,2023,documented,test
comp,brd,capital,,,2024,documented,test
";

#[test]
fn fusion_coinciding_layers_give_jaccard_one_everywhere() {
    let d = TempDataset::with(BASE_CITIES, BASE_CHAINS, BASE_FIRMS, COINCIDE_LINKS);
    let path = d.path().display().to_string();
    let f = json(&["fusion", &path, "--format", "json"]);
    assert_eq!(f["local_firms"], 4);
    assert_matrix_invariants(&f);
    for a in LAYERS {
        assert_eq!(layer(&f, a)["pairs"], 3, "{a}");
        assert_eq!(layer(&f, a)["firms"], 3, "{a}");
        close(&layer(&f, a)["active_share"], 0.75);
        for b in LAYERS {
            let o = overlap(&f, a, b);
            close(&o["jaccard"], 1.0);
            close(&o["conditional"], 1.0);
            assert_eq!(o["shared_pairs"], 3);
        }
    }
    assert_eq!(layer(&f, "supply")["links"], 3);
    assert_eq!(layer(&f, "supply")["all_links"], 4);
    assert_eq!(layer(&f, "capital")["links"], 4);
    let p = &f["participation"];
    assert_eq!(p["isolated_firms"], 1); // uni
    assert_eq!(p["multi_layer_firms"], 3);
    // comp (2,2,2,2): P = 1. ac1 and brd (2,2,2,3), o = 9: P = 4/3·(1 − 21/81) = 80/81;
    // tied on P and o, so by id.
    let top: Vec<(&str, f64, u64)> = p["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["firm"].as_str().unwrap(),
                t["participation"].as_f64().unwrap(),
                t["links"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(top.len(), 3);
    assert_eq!((top[0].0, top[0].2), ("comp", 8));
    close(&p["top"][0]["participation"], 1.0);
    assert_eq!((top[1].0, top[1].2), ("ac1", 9));
    assert_eq!((top[2].0, top[2].2), ("brd", 9));
    close(&p["top"][1]["participation"], 80.0 / 81.0);
    close(&p["top"][2]["participation"], 80.0 / 81.0);
    close(&p["mean"], 241.0 / 243.0);
    assert_eq!(bins(&f), [0, 0, 0, 0, 3]);
    // Every manufacturer has an inbound innovation link: integrated.
    close(&f["coupling"]["region"]["share"], 1.0);
    close(&city(&f, "Foshan")["share"], 1.0);
    close(&city(&f, "Guangzhou")["share"], 1.0);
    assert_eq!(f["verdict"], "integrated");
}

#[test]
fn fusion_embedded_gba_is_sane_and_deterministic() {
    let r1 = run(["fusion", "--format", "json"]);
    r1.assert_code(0);
    let r2 = run(["fusion", "--format", "json"]);
    assert_same_output("fusion on the embedded GBA data", &r1, &r2);
    let f: Value = serde_json::from_str(&r1.stdout).unwrap();
    assert_eq!(f["region"]["name"], "GBA");
    assert_matrix_invariants(&f);
    let local = f["local_firms"].as_u64().unwrap();
    let p = &f["participation"];
    assert_eq!(
        p["active_firms"].as_u64().unwrap() + p["isolated_firms"].as_u64().unwrap(),
        local
    );
    assert_eq!(
        bins(&f).iter().sum::<u64>(),
        p["active_firms"].as_u64().unwrap()
    );
    assert_eq!(p["top"].as_array().unwrap().len(), 10);
    let ps: Vec<f64> = p["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["participation"].as_f64().unwrap())
        .collect();
    assert!(ps.windows(2).all(|w| w[0] >= w[1]), "{ps:?}");
    assert!(ps.iter().all(|x| (0.0..=1.0).contains(x)));
    assert_eq!(f["layers"].as_array().unwrap().len(), LAYERS.len());
    for l in f["layers"].as_array().unwrap() {
        assert!(l["links"].as_u64().unwrap() <= l["all_links"].as_u64().unwrap());
        assert!(l["firms"].as_u64().unwrap() <= local);
    }
    let cities: Vec<&str> = f["coupling"]["cities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["city"].as_str().unwrap())
        .collect();
    let mut sorted = cities.clone();
    sorted.sort_unstable();
    assert_eq!(cities, sorted);
    assert!(cities.contains(&"Guangzhou") && cities.contains(&"Foshan"));
    let verdict = f["verdict"].as_str().unwrap();
    assert!(["integrated", "partly_integrated", "fragmented"].contains(&verdict));
}

#[test]
fn fusion_table_output_names_the_verdict_and_sections() {
    let r = run(["fusion", &tiny()]);
    r.assert_code(0)
        .assert_contains("**Verdict: partly integrated.**")
        .assert_contains("## Overlap over firm pairs")
        .assert_contains("| supply     | 1.000 (16) | 0.059 (1) |")
        .assert_contains("### Top firms by participation")
        .assert_contains("| `fs_arm`")
        .assert_contains("| **GBA**   |            14 |       3 | 21.4% |");
}

#[test]
fn fusion_unknown_region_is_a_usage_error() {
    run(["fusion", &tiny(), "--region", "Atlantis"])
        .assert_code(2)
        .assert_contains("unknown region or city");
}

fn four_chain<'a>(f: &'a Value, name: &str) -> &'a Value {
    f["four_chains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["chain"] == name)
        .unwrap_or_else(|| panic!("no chain {name}"))
}

#[test]
fn fusion_counts_the_articles_four_chains_not_capital() {
    // tests/data/fusion/README.md, "four/".
    let dir = crate::util::repo().join("tests/data/fusion/four");
    let f = json(&[
        "fusion",
        dir.to_str().unwrap(),
        "--region",
        "R",
        "--format",
        "json",
    ]);
    let chains: Vec<&str> = f["four_chains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["chain"].as_str().unwrap())
        .collect();
    assert_eq!(chains, ["value", "supply", "innovation", "product"]);
    for (name, firms, pairs) in [
        ("value", 2, 1),
        ("supply", 3, 2),
        ("innovation", 2, 1),
        ("product", 6, 9),
    ] {
        let c = four_chain(&f, name);
        assert_eq!(
            (c["firms"].as_u64(), c["pairs"].as_u64()),
            (Some(firms), Some(pairs)),
            "{name}"
        );
    }
    assert!(four_chain(&f, "product")["links"].is_null());
    assert_eq!(f["multi_chain"]["active_firms"], 7);
    assert_eq!(f["multi_chain"]["multi_chain_firms"], 4);
    close(&f["multi_chain"]["share"], 4.0 / 7.0);
    close(&f["coupling"]["region"]["share"], 1.0 / 7.0);
    assert_eq!(f["verdict"], "partly_integrated");
    // x_ore1, y_part1 (supply + product) and y_part2 (value + product).
    assert_eq!(f["multi_chain"]["product_and_one_link_chain"], 3);
    // Documented links only: the reported value link y_part2 -> x_good goes, so y_part2 is
    // in the product chain only: 3 of 7; the innovation link is documented: c stays 1/7.
    let d = &f["documented_only"];
    assert_eq!(d["multi_chain"]["active_firms"], 7);
    assert_eq!(d["multi_chain"]["multi_chain_firms"], 3);
    assert_eq!(d["multi_chain"]["product_and_one_link_chain"], 2);
    close(&d["multi_chain"]["share"], 3.0 / 7.0);
    assert_eq!(d["coupling"]["coupled"], 1);
    close(&d["coupling"]["share"], 1.0 / 7.0);
    assert_eq!(d["verdict"], "partly_integrated");
    // Capital is still shown as a layer.
    assert_eq!(layer(&f, "capital")["links"], 1);
    let text = f["conclusion"].as_str().unwrap();
    assert!(text.contains("product 9"), "{text}");
    assert!(
        text.contains("capital is a fifth layer, not counted"),
        "{text}"
    );
    assert!(
        text.contains("Of the 4 in two or more chains, 3 are producers with local links in one link chain only"),
        "{text}"
    );
    assert!(
        text.contains("On documented links only: 1 of 7 (14.3%) local manufacturers receive an inbound innovation link and 3 of 7 (42.9%) local firms take part in two or more chains: the same verdict."),
        "{text}"
    );
}

#[test]
fn fusion_on_the_embedded_data_says_its_verdict_rests_on_undocumented_links() {
    // On the GBA data the documented links alone give a lower coupling and multi-chain
    // share than the rule's 20%: the heading and the conclusion say so.
    let f = json(&["fusion", "--format", "json"]);
    assert_eq!(f["verdict"], "partly_integrated");
    assert_eq!(f["documented_only"]["verdict"], "fragmented");
    run(["fusion"])
        .assert_code(0)
        .assert_contains("**Verdict: partly integrated (on documented links only: fragmented).**")
        .assert_contains(
            "fragmented, so 'partly integrated' rests on reported, estimated or assumed links.",
        );
}

#[test]
fn since_drops_older_links_keeps_undated_and_the_report_states_the_years() {
    // tests/data/fusion/README.md, "--since 2016".
    let dir = crate::util::repo().join("tests/data/fusion/four");
    let dir = dir.to_str().unwrap();
    let f = json(&[
        "fusion", dir, "--region", "R", "--since", "2016", "--format", "json",
    ]);
    assert_eq!(four_chain(&f, "value")["pairs"], 0);
    assert_eq!(four_chain(&f, "supply")["links"], 2);
    assert_eq!(four_chain(&f, "product")["pairs"], 9);
    assert_eq!(f["multi_chain"]["multi_chain_firms"], 3);
    close(&f["multi_chain"]["share"], 3.0 / 7.0);
    assert_eq!(layer(&f, "capital")["all_links"], 0);

    let r = json(&[
        "report", dir, "--region", "R", "--since", "2016", "--format", "json",
    ]);
    assert_eq!(r["data"]["links"], 4);
    assert_eq!(r["data"]["link_years"], serde_json::json!([2020, 2024]));
    assert_eq!(r["data"]["undated_links"], 1);
    assert_eq!(r["data"]["since"], 2016);
    assert_eq!(r["data"]["dropped_before_since"], 2);
    run(["report", dir, "--region", "R", "--since", "2016"])
        .assert_code(0)
        .assert_contains("Dated links span 2020–2024; 1 undated.")
        .assert_contains("--since 2016: 2 link(s) dated before 2016 dropped; undated links kept.");
    let all = json(&["report", dir, "--region", "R", "--format", "json"]);
    assert_eq!(all["data"]["link_years"], serde_json::json!([2010, 2024]));
    assert!(all["data"]["since"].is_null());
    assert_eq!(all["data"]["dropped_before_since"], 0);
}

#[test]
fn until_drops_later_links_keeps_undated_and_the_claims_year_counts_later_links() {
    // tests/data/fusion/README.md, "--until 2016".
    let four = crate::util::repo().join("tests/data/fusion/four");
    let read = |name: &str| std::fs::read_to_string(four.join(name)).unwrap();
    let data = crate::util::TempDataset::with(
        &read("cities.csv"),
        &read("chains.csv"),
        &read("firms.csv"),
        &read("links.csv"),
    );
    let dir = data.path().to_str().unwrap();
    let f = json(&[
        "fusion", dir, "--region", "R", "--until", "2016", "--format", "json",
    ]);
    // Left: the value link (2015), the capital link (2010), the undated supply link.
    assert_eq!(four_chain(&f, "value")["links"], 1);
    assert_eq!(four_chain(&f, "supply")["links"], 1);
    assert_eq!(four_chain(&f, "innovation")["links"], 0);
    assert_eq!(layer(&f, "capital")["all_links"], 1);
    let r = json(&[
        "report", dir, "--region", "R", "--until", "2016", "--format", "json",
    ]);
    assert_eq!(r["data"]["links"], 3);
    assert_eq!(r["data"]["link_years"], serde_json::json!([2010, 2015]));
    assert_eq!(r["data"]["undated_links"], 1);
    assert_eq!(r["data"]["until"], 2016);
    assert_eq!(r["data"]["dropped_after_until"], 3);
    run(["report", dir, "--region", "R", "--until", "2016"])
        .assert_code(0)
        .assert_contains("--until 2016: 3 link(s) dated after 2016 dropped; undated links and every firm kept (firms carry no dates).");
    run(["report", dir, "--since", "2021", "--until", "2016"])
        .assert_code(2)
        .assert_contains("--since 2021 is after --until 2016");

    // report.toml's `year`: 3 of the 5 dated links (2020, 2023, 2024) are later.
    data.write("report.toml", "region = \"R\"\nyear = 2016\n");
    let r = json(&["report", dir, "--format", "json"]);
    assert_eq!(r["data"]["claims_year"], 2016);
    assert_eq!(r["data"]["links_after_claims_year"], 3);
    run(["report", dir])
        .assert_code(0)
        .assert_contains("3 of the 5 dated links are dated after 2016, the year of the claims (run with --until 2016 to read the links as of then; organisations carry no dates, so the structural verdicts and the dual cycle do not change).");
    let r = json(&["report", dir, "--until", "2016", "--format", "json"]);
    assert_eq!(r["data"]["links_after_claims_year"], 0);
}
