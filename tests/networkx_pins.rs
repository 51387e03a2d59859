//! Betweenness, articulation points and bridges against the NetworkX 3.6.1 pins in
//! `tests/data/networkx` (made by `tests/reference/networkx_metrics.py`), called through
//! the library on the supply graph over every firm (the pins' "all" node set). Every
//! pinned dataset is listed by name, and a missing pin or dataset fails the test: a
//! comparison can never pass by finding nothing to compare.

use std::path::PathBuf;

use chainatlas::analysis::articulation::cut_structure;
use chainatlas::analysis::betweenness::{BetweennessOptions, betweenness};
use chainatlas::analysis::graph::SupplyGraph;
use chainatlas::load::{DatasetSource, LoadOptions, load};
use chainatlas::model::Model;

/// One pinned dataset: its folder (for messages), the pin JSON, the loaded model and its
/// supply graph over every firm.
struct PinCase {
    data: PathBuf,
    pin: serde_json::Value,
    model: Model,
    graph: SupplyGraph,
}

/// Every pinned dataset: tiny, gba and the six random ones. Panics when one is missing.
fn cases() -> Vec<PinCase> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let pins = root.join("tests/data/networkx");
    let mut cases = vec![
        (pins.join("tiny.json"), root.join("datasets/tiny")),
        (pins.join("gba.json"), root.join("datasets/gba")),
    ];
    for seed in 1..=6 {
        cases.push((
            pins.join(format!("random_{seed}.json")),
            pins.join(format!("random_{seed}")),
        ));
    }
    cases
        .into_iter()
        .map(|(pin, data)| {
            let text = std::fs::read_to_string(&pin)
                .unwrap_or_else(|e| panic!("NetworkX pin file {}: {e}", pin.display()));
            let pin: serde_json::Value = serde_json::from_str(&text).expect("pin json");
            let model = load(&DatasetSource::Dir(data.clone()), &LoadOptions::default())
                .expect("load")
                .model
                .expect("valid dataset");
            let graph = SupplyGraph::new(&model, &vec![true; model.firms.len()]);
            PinCase {
                data,
                pin,
                model,
                graph,
            }
        })
        .collect()
}

/// Betweenness (exact), compared with a relative tolerance of 1e-12.
#[test]
fn betweenness_matches_networkx_pins() {
    let exact = BetweennessOptions {
        samples: None,
        seed: 0,
        exact_limit: usize::MAX,
    };
    for case in cases() {
        let (model, g, data) = (&case.model, &case.graph, &case.data);
        let want = &case.pin["all"]["betweenness"];
        let got = betweenness(g, &exact);
        assert_eq!(want.as_object().map(|o| o.len()), Some(g.node_count()));
        for (v, &firm) in g.firms.iter().enumerate() {
            let id = &model.firms[firm as usize].id;
            let w = want[id].as_f64().expect("pinned value");
            let x = got.values[v];
            assert!(
                (x - w).abs() <= 1e-12 * w.abs().max(1e-300) || x == w,
                "{}: {id}: got {x}, NetworkX {w}",
                data.display()
            );
        }
    }
}

/// Articulation points and bridges must match exactly.
#[test]
fn cut_structure_matches_networkx_pins() {
    for case in cases() {
        let (pin, model, g, data) = (&case.pin, &case.model, &case.graph, &case.data);
        let c = cut_structure(g);
        let id = |v: u32| model.firms[g.firms[v as usize] as usize].id.clone();
        let mut got_points: Vec<String> = (0..c.articulation.len() as u32)
            .filter(|&v| c.articulation[v as usize])
            .map(id)
            .collect();
        got_points.sort();
        let mut got_bridges: Vec<(String, String)> = c
            .bridges
            .iter()
            .map(|&(a, b)| {
                let (a, b) = (id(a), id(b));
                if a < b { (a, b) } else { (b, a) }
            })
            .collect();
        got_bridges.sort();
        let mut want_points: Vec<String> =
            serde_json::from_value(pin["all"]["articulation_points"].clone()).expect("points");
        want_points.sort();
        let mut want_bridges: Vec<(String, String)> =
            serde_json::from_value::<Vec<[String; 2]>>(pin["all"]["bridges"].clone())
                .expect("bridges")
                .into_iter()
                .map(|[a, b]| if a < b { (a, b) } else { (b, a) })
                .collect();
        want_bridges.sort();
        assert_eq!(got_points, want_points, "{}", data.display());
        assert_eq!(got_bridges, want_bridges, "{}", data.display());
    }
}
