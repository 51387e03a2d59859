//! Per-firm metrics (`chainatlas metrics`): supply-layer degrees, betweenness,
//! articulation points and bridges, dominated final-product firms, closure-critical
//! final products and the sizes of the firm's weak and strong components — one row per
//! firm, sorted by id.
//!
//! Graph metrics use the supply layer as a simple directed graph over every firm of the
//! dataset, or only the local firms when a region is given explicitly (`--region`); the
//! articulation points and bridges are those of its undirected projection, and the
//! components (`analysis::components`) are those of that graph too. Dominators and
//! closure-criticality always refer to the region (default GBA): they are about local
//! supply. Firms outside the node set have no row.
//!
//! Cost: the sum of its parts (see each module); betweenness, O(k·(n+m)) for k sources,
//! dominates. Output: rows sorted by firm id.

use serde::Serialize;

use super::articulation::cut_structure;
use super::betweenness::{BetweennessOptions, betweenness};
use super::completeness::{RegionRef, RegionState};
use super::components::{strong_components, weak_components};
use super::critical::closure_critical;
use super::dominators::dominators;
use super::graph::SupplyGraph;
use crate::model::{Model, Region};

/// One firm's row of `chainatlas metrics` (the CSV columns).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirmMetrics {
    /// The firm id.
    pub id: String,
    /// The firm's name.
    pub name: String,
    /// The firm's city id.
    pub city: String,
    /// The firm is in the region (`--region`, default GBA).
    pub local: bool,
    /// Distinct supply suppliers of the firm in the node set's graph.
    pub in_degree: u32,
    /// Distinct supply buyers of the firm in the node set's graph.
    pub out_degree: u32,
    /// Betweenness centrality, normalised as NetworkX's (by 1/((n−1)(n−2))), in [0, 1]
    /// when exact; an estimate when sources are sampled.
    pub betweenness: f64,
    /// Removing the firm disconnects the undirected projection of the graph.
    pub articulation_point: bool,
    /// Bridges of the undirected projection at the firm.
    pub bridges: u32,
    /// Local final-product firms whose every local supply path from the raw materials
    /// passes through this firm (region, not node set; 0 for firms outside it).
    pub dominated_final_firms: u32,
    /// Final products of the region whose realised closure is lost without this firm.
    pub closure_critical_products: u32,
    /// Firms in this firm's weakly connected component of the node set.
    pub weak_component_size: u32,
    /// Firms in this firm's strongly connected component of the node set.
    pub strong_component_size: u32,
}

/// `metrics --format json`: the graph and one row per firm of the node set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// The region of dominators and closure-criticality (and of the node set with
    /// `--region`).
    pub region: RegionRef,
    /// `all` (every firm) or `region` (local firms only).
    pub node_set: &'static str,
    /// n: firms in the node set.
    pub nodes: usize,
    /// m: distinct supplier → buyer pairs among them.
    pub edges: usize,
    /// Weakly connected components of the node set's graph.
    pub weak_components: usize,
    /// Strongly connected components of the node set's graph.
    pub strong_components: usize,
    /// `None` = exact betweenness; `Some(k)` = k sampled sources.
    pub betweenness_samples: Option<usize>,
    /// Seed of the betweenness source sample (used only when sampling).
    pub seed: u64,
    /// One row per firm of the node set, by firm id.
    pub firms: Vec<FirmMetrics>,
}

/// Every per-firm metric over the node set: every firm, or the local firms when
/// `region_only` (see the module header).
pub fn metrics(
    model: &Model,
    region: &Region,
    region_only: bool,
    opts: &BetweennessOptions,
) -> Metrics {
    let local = region.local_firms(model);
    let include = if region_only {
        local.clone()
    } else {
        vec![true; model.firms.len()]
    };
    let g = SupplyGraph::new(model, &include);
    let bc = betweenness(&g, opts);
    let cuts = cut_structure(&g);
    let weak = weak_components(&g);
    let strong = strong_components(&g);
    let dom = dominators(model, &local);
    let state = RegionState::new(model, region, 1);
    let critical = closure_critical(&state);
    let mut firms: Vec<FirmMetrics> = (0..g.node_count())
        .map(|v| {
            let f = g.firms[v];
            let firm = &model.firms[f as usize];
            FirmMetrics {
                id: firm.id.clone(),
                name: firm.name.clone(),
                city: model.firm_city(f).id.clone(),
                local: local[f as usize],
                in_degree: g.inn(v as u32).len() as u32,
                out_degree: g.out(v as u32).len() as u32,
                betweenness: bc.values[v],
                articulation_point: cuts.articulation[v],
                bridges: cuts.bridges_per_node[v],
                dominated_final_firms: dom.dominated_final_firms[f as usize],
                closure_critical_products: critical.count(f) as u32,
                weak_component_size: weak.size_of(v as u32),
                strong_component_size: strong.size_of(v as u32),
            }
        })
        .collect();
    firms.sort_by(|a, b| a.id.cmp(&b.id));
    Metrics {
        region: RegionRef::of(region),
        node_set: if region_only { "region" } else { "all" },
        nodes: g.node_count(),
        edges: g.edge_count(),
        weak_components: weak.count(),
        strong_components: strong.count(),
        betweenness_samples: bc.sampled_sources,
        seed: opts.seed,
        firms,
    }
}
