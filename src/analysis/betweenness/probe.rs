//! Which BFS kernel runs the chunks: a probe of a few BFS from the first sources measures
//! how far a BFS reaches.

use crate::analysis::graph::SupplyGraph;

/// How the chunks are computed. Both give the same values (up to the order of
/// floating-point additions); which is faster depends on how far a BFS reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Strategy {
    /// [`super::one_source::one_source_at_a_time`]: best when a BFS reaches few nodes (chain-shaped supply
    /// graphs: a firm's buyers a few tiers down).
    OneSource,
    /// [`super::lanes::sources_in_lanes`]: best when a BFS reaches a large part of the graph.
    Lanes,
}

/// A BFS reaching more than this share of the nodes, on average over a probe of the first
/// sources, makes the lanes worth their fixed cost (measured at 1M nodes: chain-shaped
/// data reaches ~0.1%, a uniform random graph ~100%).
const LANES_FROM_REACH: f64 = 0.01;

/// Picks the strategy from the mean reach of BFS from the first few sources (a function of
/// the graph and the sources only, so the choice never depends on the thread count).
pub(super) fn strategy(g: &SupplyGraph, sources: &[u32]) -> Strategy {
    let n = g.node_count();
    let probe = &sources[..sources.len().min(4)];
    if probe.is_empty() || n < 1024 {
        return Strategy::OneSource;
    }
    let mut seen = vec![false; n];
    let mut queue: Vec<u32> = Vec::new();
    let mut reached = 0usize;
    for &s in probe {
        queue.clear();
        queue.push(s);
        seen[s as usize] = true;
        let mut head = 0;
        while let Some(&v) = queue.get(head) {
            head += 1;
            for &w in g.out(v) {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    queue.push(w);
                }
            }
        }
        reached += queue.len();
        for &v in &queue {
            seen[v as usize] = false;
        }
    }
    if reached as f64 / probe.len() as f64 > LANES_FROM_REACH * n as f64 {
        Strategy::Lanes
    } else {
        Strategy::OneSource
    }
}
