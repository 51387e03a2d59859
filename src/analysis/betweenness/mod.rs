//! Betweenness centrality of the supply graph (Brandes 2001, "A faster algorithm for
//! betweenness centrality", J. Math. Sociol. 25(2)), directed and unweighted.
//!
//! * **Definition**: `c(v) = Σ_{s ≠ v ≠ t} σ_st(v) / σ_st`, where `σ_st` is the number of
//!   shortest directed paths s → t (along supply links, supplier → buyer) and `σ_st(v)` the
//!   number of those through `v`. Pairs with no path contribute nothing; endpoints are not
//!   counted.
//! * **Formula** (Brandes): one BFS from each source s gives `σ_s·` and distances; in
//!   reverse BFS order, `δ_s(v) = σ_sv · Σ_{w: v→w, d(w) = d(v)+1} (1 + δ_s(w)) / σ_sw`, and
//!   `c(v) = Σ_s δ_s(v)` (v ≠ s). The sum is "pulled" from successors, so only the forward
//!   adjacency is read.
//! * **Normalisation**: as NetworkX `betweenness_centrality(G, normalized=True)` on a
//!   `DiGraph`: multiplied by `1/((n−1)(n−2))` when `n > 2` (n = node count), left as is
//!   (all zeros) when `n ≤ 2`. With k sampled sources the sum runs over the sample only
//!   and is further multiplied by `n/k` (NetworkX's `_rescale` with `k`), an unbiased
//!   estimate of the exact value. Values lie in `[0, 1]` when exact.
//! * **Sampling**: exact (every node a source) when `samples` is `None` and
//!   `n ≤ exact_limit`. Otherwise k sources: `k = samples` when given, else
//!   `k = exact_limit` (the size bound doubles as the sample size, so the cost of a big
//!   graph is that of the largest exact one); k is clamped to `1..=n`. When `k = n` the run
//!   is exact (sources `0..n` in order, no rescaling) and bit-identical to the exact path;
//!   [`Betweenness::sampled_sources`] is then `None`. Sources are drawn without replacement
//!   by a partial Fisher–Yates shuffle of `0..n` driven by SplitMix64 seeded with `seed`,
//!   then sorted, so a seed always gives the same sources and values. NetworkX draws its
//!   sample with Python's `random`, so sampled values match it only in expectation.
//! * **Determinism**: sources are cut into fixed chunks of [`CHUNK`] sources (independent
//!   of the thread count); each chunk sums its own dependency vector and the chunk vectors
//!   are added in chunk order, so the output is bit-identical for any number of threads.
//! * **Two ways to run the BFS**: one source at a time (plain Brandes), or eight sources
//!   at a time through one multi-source BFS with per-node bitmasks (see
//!   `lanes::sources_in_lanes`). The second wins when a BFS reaches a large part of the
//!   graph, the first when it reaches few nodes (chain-shaped supply data); a probe of four
//!   BFS from the first sources picks one.
//!   The two differ only in the order of floating-point additions.
//! * **Complexity**: O(k·(n+m)) time (k = n when exact). Memory: the graph, plus per
//!   worker thread, made once, either 20 bytes·n (one source at a time: distance, σ and
//!   the chunk's sums) or 74 bytes·n (eight lanes: a 64-byte line of σ per node, two masks
//!   and the sums), plus the level lists — at 1M nodes and two threads ≈ 40 MB or ≈ 160
//!   MB. Chunks run in batches of four per worker thread (so threads balance uneven BFS),
//!   each handing over (node, sum) for the nodes it touched; a batch is added into the
//!   result in chunk order before the next starts. Buffers are reset only where a BFS went, so small graphs and short BFS cost
//!   little. The chunk size is small enough that 256 samples still make 8 parallel chunks.
//! * **Output order**: one value per node, in node order (firm file order; map back with
//!   `SupplyGraph::firms`).
//!
//! Files: this one (options, sources, the parallel chunked reduction), `probe` (which
//! kernel), `one_source` and `lanes` (the two BFS kernels), `buffers` (per-worker state
//! and the chunk sums), `sample` (the source sample).

mod buffers;
mod lanes;
mod one_source;
mod probe;
mod sample;
#[cfg(test)]
mod tests;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::graph::SupplyGraph;
use buffers::Buffers;
use lanes::sources_in_lanes;
use one_source::one_source_at_a_time;
use probe::{Strategy, strategy};
use sample::sample_sources;

/// Sources per chunk: the unit of parallel work and of the fixed-order reduction.
pub const CHUNK: usize = 32;

/// How to compute betweenness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BetweennessOptions {
    /// Number of sampled sources; `None` means exact up to `exact_limit` nodes.
    pub samples: Option<usize>,
    /// Seed of the source sample.
    pub seed: u64,
    /// Largest node count computed exactly when `samples` is `None`; above it,
    /// `exact_limit` sources are sampled.
    pub exact_limit: usize,
}

/// Normalised betweenness per node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Betweenness {
    /// One value per node, in node order.
    pub values: Vec<f64>,
    /// `Some(k)` when the values are estimated from k sampled sources; `None` when exact.
    pub sampled_sources: Option<usize>,
}

/// Betweenness centrality of every node of `g`; see the module docs.
pub fn betweenness(g: &SupplyGraph, opts: &BetweennessOptions) -> Betweenness {
    let n = g.node_count();
    let wanted = match opts.samples {
        Some(k) => Some(k),
        None if n > opts.exact_limit => Some(opts.exact_limit),
        None => None,
    };
    let k = wanted.map_or(n, |k| k.clamp(1, n.max(1)).min(n));
    let sampled = k < n;
    let sources: Vec<u32> = if sampled {
        sample_sources(n, k, opts.seed)
    } else {
        (0..n as u32).collect()
    };

    let mut values = vec![0.0f64; n];
    if n > 2 {
        let threads = rayon::current_num_threads().max(1);
        // Several chunks per thread in flight, so a thread that drew short BFS takes more
        // chunks instead of waiting for the other (reach varies a lot between sources).
        let batch = CHUNK * threads * 4;
        let strategy = strategy(g, &sources);
        // Buffers are reused from chunk to chunk: on small graphs making them per chunk
        // would cost more than the BFS themselves (~66 MB at 1M nodes with lanes). At
        // most one set per thread is ever made.
        let pool: std::sync::Mutex<Vec<Buffers>> = std::sync::Mutex::new(Vec::new());
        for batch_sources in sources.chunks(batch) {
            let partials: Vec<Vec<(u32, f64)>> = batch_sources
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let mut buffers = pool
                        .lock()
                        .ok()
                        .and_then(|mut free| free.pop())
                        .unwrap_or_else(|| Buffers::new(n, strategy));
                    let sums = match strategy {
                        Strategy::Lanes => sources_in_lanes(g, chunk, &mut buffers),
                        Strategy::OneSource => one_source_at_a_time(g, chunk, &mut buffers),
                    };
                    if let Ok(mut free) = pool.lock() {
                        free.push(buffers);
                    }
                    sums
                })
                .collect();
            // Each chunk lists a node at most once: per node, the sums are still added in
            // chunk order.
            for partial in &partials {
                for &(v, d) in partial {
                    values[v as usize] += d;
                }
            }
        }
        let mut scale = 1.0 / ((n as f64 - 1.0) * (n as f64 - 2.0));
        if sampled {
            scale = scale * n as f64 / k as f64;
        }
        values.par_iter_mut().for_each(|v| *v *= scale);
    }
    Betweenness {
        values,
        sampled_sources: sampled.then_some(k),
    }
}
