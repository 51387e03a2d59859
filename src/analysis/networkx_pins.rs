//! Test support: the NetworkX 3.6.1 pins in `tests/data/networkx` (made by
//! `tests/reference/networkx_metrics.py`) with the datasets they were computed on, for the
//! unit tests that compare an analysis against them.

use crate::analysis::graph::SupplyGraph;
use crate::load::{DatasetSource, LoadOptions, load};
use crate::model::Model;

/// One pinned dataset: its folder (for messages), the pin JSON, the loaded model and its
/// supply graph over every firm (the pins' "all" node set).
pub struct PinCase {
    pub data: std::path::PathBuf,
    pub pin: serde_json::Value,
    pub model: Model,
    pub graph: SupplyGraph,
}

/// Every pinned dataset: tiny, gba and the six random ones. Panics when one is missing,
/// so a comparison can never pass by finding nothing to compare.
pub fn cases() -> Vec<PinCase> {
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
            let text = std::fs::read_to_string(&pin).expect("NetworkX pin file");
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
