//! Vertex connectivity per chain: the minimum number of local firms whose removal separates
//! the chain's local raw-material firms from its local final-product firms, and one such
//! minimum cut.
//!
//! Network: the local supply links whose stage belongs to the chain (parallel links
//! merged). Node splitting turns each firm f into f_in → f_out with capacity 1; a link
//! a → b becomes a_out → b_in with unbounded capacity; a super-source feeds every
//! raw-material firm's f_in and every final-product firm's f_out drains to a super-sink.
//! By Menger's theorem the maximum flow equals the minimum number of firms to remove (a
//! firm that is both a raw-material and a final-product firm must itself be removed). The
//! cut is read off the residual graph: firms whose f_in is reachable from the source and
//! whose f_out is not — the minimum cut closest to the source, the same for every maximum
//! flow. Cut firms are listed by id. With no local raw-material firm or no local
//! final-product firm the figure is undefined: `connectivity` is null, `not_applicable`.
//!
//! The network flow itself is the generic [`vertex_cut`] (in `vertex_cut.rs`); this file
//! builds the chain's network and names the cut firms. Cost: one pass over the supply links
//! to build the network, then Dinic's algorithm, O(E·√V) on this unit-capacity network.

mod vertex_cut;

use serde::Serialize;

use super::figure::{Figure, FigureStatus};
use crate::model::{ChainIdx, FirmIdx, Layer, Model, Tier};
pub use vertex_cut::vertex_cut;

/// Not yet a node of the chain's network.
const NONE: u32 = u32::MAX;

/// Vertex connectivity of one chain's local supply network, with one minimum cut.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainConnectivity {
    /// The chain id.
    pub chain: String,
    /// Local firms producing a raw_material stage of the chain.
    pub raw_material_firms: usize,
    /// Local firms producing a final_product stage of the chain.
    pub final_product_firms: usize,
    /// Minimum number of firms whose removal separates them (0 when already separated);
    /// `None` (`not_applicable`) when no raw-material firm or no final-product firm is local:
    /// there is nothing to separate.
    pub connectivity: Option<u32>,
    /// `computed`, or `not_applicable` (see `connectivity`).
    pub connectivity_status: FigureStatus,
    /// Why `connectivity` is null; `None` when computed.
    pub connectivity_reason: Option<String>,
    /// One minimum set of such firms, by id (empty when `connectivity` is null).
    pub cut: Vec<String>,
}

/// Vertex connectivity of one chain in the region given by `local`.
pub fn chain_connectivity(model: &Model, local: &[bool], chain: ChainIdx) -> ChainConnectivity {
    // Firms involved: local producers of the chain and ends of its local supply links.
    let mut node_of = vec![NONE; model.firms.len()];
    let mut firms: Vec<FirmIdx> = Vec::new();
    let mut add_firm = |f: FirmIdx, firms: &mut Vec<FirmIdx>| {
        if node_of[f as usize] == NONE {
            node_of[f as usize] = firms.len() as u32;
            firms.push(f);
        }
        node_of[f as usize]
    };
    let mut edges: Vec<(u32, u32)> = Vec::new();
    for (_, link) in model.links_of(Layer::Supply) {
        let Some(s) = link.stage else { continue };
        if model.stages[s as usize].chain != chain
            || !local[link.source as usize]
            || !local[link.target as usize]
        {
            continue;
        }
        let a = add_firm(link.source, &mut firms);
        let b = add_firm(link.target, &mut firms);
        edges.push((a, b));
    }
    let mut sources = Vec::new();
    let mut sinks = Vec::new();
    for &s in &model.chains[chain as usize].stages {
        for &f in model.producers.get(s) {
            if !local[f as usize] {
                continue;
            }
            let v = add_firm(f, &mut firms);
            match model.stages[s as usize].tier {
                Tier::RawMaterial => sources.push(v),
                Tier::FinalProduct => sinks.push(v),
                _ => {}
            }
        }
    }
    sources.sort_unstable();
    sources.dedup();
    sinks.sort_unstable();
    sinks.dedup();
    edges.sort_unstable();
    edges.dedup();

    let (flow, cut_nodes) = vertex_cut(firms.len(), &edges, &sources, &sinks);
    let mut cut: Vec<String> = cut_nodes
        .into_iter()
        .map(|v| model.firms[firms[v as usize] as usize].id.clone())
        .collect();
    cut.sort();
    let (connectivity, connectivity_status, connectivity_reason) =
        match (sources.is_empty(), sinks.is_empty()) {
            (false, false) => Figure::computed(flow),
            (true, true) => Figure::not_applicable(
                "no local firm produces a raw_material or a final_product stage of the chain: there is nothing to separate",
            ),
            (true, false) => Figure::not_applicable(
                "no local firm produces a raw_material stage of the chain: there is nothing to separate",
            ),
            (false, true) => Figure::not_applicable(
                "no local firm produces a final_product stage of the chain: there is nothing to separate",
            ),
        }
        .into_parts();
    ChainConnectivity {
        chain: model.chains[chain as usize].id.clone(),
        raw_material_firms: sources.len(),
        final_product_firms: sinks.len(),
        connectivity,
        connectivity_status,
        connectivity_reason,
        cut,
    }
}
