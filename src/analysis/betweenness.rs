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
//!   `sources_in_lanes`). The second wins when a BFS reaches a large part of the graph
//!   (a uniform random 1M-node graph: about half the time), the first when it reaches few
//!   nodes (chain-shaped supply data); a probe of four BFS from the first sources picks one.
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

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::graph::SupplyGraph;

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

/// Sources traversed together by [`sources_in_lanes`]. A node's per-source values then
/// fill one 64-byte cache line.
const LANES: usize = 8;

/// Per-source values of one node, one cache line: σ during the BFS, then the coefficient
/// `(1 + δ)/σ` once the node's dependency is final.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Lanes([f64; LANES]);

/// How the chunks are computed. Both give the same values (up to the order of
/// floating-point additions); which is faster depends on how far a BFS reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strategy {
    /// [`one_source_at_a_time`]: best when a BFS reaches few nodes (chain-shaped supply
    /// graphs: a firm's buyers a few tiers down).
    OneSource,
    /// [`sources_in_lanes`]: best when a BFS reaches a large part of the graph.
    Lanes,
}

/// A BFS reaching more than this share of the nodes, on average over a probe of the first
/// sources, makes the lanes worth their fixed cost (measured at 1M nodes: chain-shaped
/// data reaches ~0.1%, a uniform random graph ~100%).
const LANES_FROM_REACH: f64 = 0.01;

/// Picks the strategy from the mean reach of BFS from the first few sources (a function of
/// the graph and the sources only, so the choice never depends on the thread count).
fn strategy(g: &SupplyGraph, sources: &[u32]) -> Strategy {
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

/// The lanes (bits) set in a mask, in ascending order.
fn lanes(mask: u8) -> impl Iterator<Item = usize> {
    let mut rest = mask;
    std::iter::from_fn(move || {
        (rest != 0).then(|| {
            let lane = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            lane
        })
    })
}

/// A chunk's dependency sums: dense while the chunk runs, handed over as (node, sum) for
/// the nodes it touched. Deltas are never negative, so a node is new when its sum is 0;
/// a zero delta is skipped (adding it would change nothing).
struct Sums {
    dense: Vec<f64>,
    touched: Vec<u32>,
}

impl Sums {
    fn add(&mut self, v: u32, delta: f64) {
        if delta != 0.0 {
            let sum = &mut self.dense[v as usize];
            if *sum == 0.0 {
                self.touched.push(v);
            }
            *sum += delta;
        }
    }

    /// The touched nodes' sums; leaves the buffer zero.
    fn take(&mut self) -> Vec<(u32, f64)> {
        let dense = &mut self.dense;
        self.touched
            .drain(..)
            .map(|v| (v, std::mem::take(&mut dense[v as usize])))
            .collect()
    }
}

/// Per-node working state of one worker, all zero (or `UNSEEN`) between sources or
/// batches: each resets only the nodes it reached. Only the chosen strategy's part is
/// allocated.
struct Buffers {
    sums: Sums,
    /// [`one_source_at_a_time`]: distance (`UNSEEN` when not reached), σ then coefficient,
    /// and the BFS order.
    dist: Vec<u32>,
    sigma: Vec<f64>,
    order: Vec<u32>,
    /// [`sources_in_lanes`] from here on.
    /// Sources of the batch that have reached the node.
    seen: Vec<u8>,
    /// During the BFS, sources reaching the node at the level being built; in the backward
    /// pass, sources for which it lies one level below the level being processed.
    mask: Vec<u8>,
    value: Vec<Lanes>,
    /// Every level's (node, sources at that distance), level after level …
    levels: Vec<(u32, u8)>,
    /// … and where each level starts.
    starts: Vec<usize>,
}

impl Buffers {
    fn new(n: usize, strategy: Strategy) -> Buffers {
        let (one, lanes) = match strategy {
            Strategy::OneSource => (n, 0),
            Strategy::Lanes => (0, n),
        };
        Buffers {
            sums: Sums {
                dense: vec![0.0; n],
                touched: Vec::new(),
            },
            dist: vec![UNSEEN; one],
            sigma: vec![0.0; one],
            order: Vec::new(),
            seen: vec![0; lanes],
            mask: vec![0; lanes],
            value: vec![Lanes([0.0; LANES]); lanes],
            levels: Vec::new(),
            starts: Vec::new(),
        }
    }
}

/// Sum of `δ_s(v)` over the sources of one chunk, [`LANES`] sources at a time.
///
/// The batch's sources share one level-synchronous BFS (a multi-source BFS in the manner
/// of Then et al., "The More the Merrier", VLDB 2014): per node, a bitmask says which of
/// the sources have reached it, and level `d` lists each node with the mask of sources for
/// which it lies at distance `d`. A node at the same distance from several sources is
/// expanded once for all of them, so when a BFS reaches most of the graph the random
/// accesses per source drop several-fold; the masks (one byte per node) stay in cache, and
/// a node's σ values for the batch share one cache line. The dependencies are then
/// accumulated level by level in reverse, each node pulling from its successors one level
/// down for the sources that have them there.
fn sources_in_lanes(g: &SupplyGraph, sources: &[u32], buffers: &mut Buffers) -> Vec<(u32, f64)> {
    let Buffers {
        sums,
        seen,
        mask,
        value,
        levels,
        starts,
        ..
    } = buffers;
    for batch in sources.chunks(LANES) {
        levels.clear();
        starts.clear();
        starts.push(0);
        // Sources are distinct, so level 0 lists each once.
        for (lane, &s) in batch.iter().enumerate() {
            seen[s as usize] |= 1 << lane;
            value[s as usize].0[lane] = 1.0;
            levels.push((s, 1 << lane));
        }
        starts.push(levels.len());
        // BFS, one level for all the batch's sources at a time.
        loop {
            let (from, to) = (starts[starts.len() - 2], starts[starts.len() - 1]);
            if from == to {
                starts.pop();
                break;
            }
            for i in from..to {
                let (v, reached) = levels[i];
                let sigma_v = value[v as usize];
                for &w in g.out(v) {
                    let fresh = reached & !seen[w as usize];
                    if fresh == 0 {
                        continue;
                    }
                    if mask[w as usize] == 0 {
                        levels.push((w, 0));
                    }
                    mask[w as usize] |= fresh;
                    let sigma_w = &mut value[w as usize].0;
                    for lane in lanes(fresh) {
                        sigma_w[lane] += sigma_v.0[lane];
                    }
                }
            }
            for entry in &mut levels[to..] {
                let w = entry.0 as usize;
                entry.1 = mask[w];
                seen[w] |= mask[w];
                mask[w] = 0;
            }
            starts.push(levels.len());
        }
        // Accumulate in reverse level order: every successor one level down is final.
        let depth = starts.len() - 1;
        for d in (0..depth).rev() {
            // `mask` must hold level d + 1 and nothing deeper: what level d pulls from.
            if d + 2 < depth {
                for &(w, _) in &levels[starts[d + 2]..starts[d + 3]] {
                    mask[w as usize] = 0;
                }
            }
            if d + 1 < depth {
                for &(w, at) in &levels[starts[d + 1]..starts[d + 2]] {
                    mask[w as usize] |= at;
                }
            }
            for &(v, at) in &levels[starts[d]..starts[d + 1]] {
                let mut pulled = [0.0f64; LANES];
                for &w in g.out(v) {
                    let below = at & mask[w as usize];
                    if below != 0 {
                        let coefficient = &value[w as usize].0;
                        for lane in lanes(below) {
                            pulled[lane] += coefficient[lane];
                        }
                    }
                }
                let values = &mut value[v as usize].0;
                for lane in lanes(at) {
                    let delta = values[lane] * pulled[lane];
                    if d > 0 {
                        sums.add(v, delta);
                    }
                    values[lane] = (1.0 + delta) / values[lane];
                }
            }
        }
        for &(v, _) in levels.iter() {
            seen[v as usize] = 0;
            mask[v as usize] = 0;
            value[v as usize] = Lanes([0.0; LANES]);
        }
    }
    sums.take()
}

const UNSEEN: u32 = u32::MAX;

/// Sum of `δ_s(v)` over the sources of one chunk, one source at a time (the plain Brandes
/// loop; used when a BFS reaches few nodes, see [`Strategy`]).
///
/// Per node, `dist` (`UNSEEN` when not reached) and `value`: σ during the BFS, then the
/// coefficient `(1 + δ)/σ` once the node's dependency is final. They are kept apart so the
/// distance checks, which touch every edge, stay in a 4-byte-per-node array.
fn one_source_at_a_time(
    g: &SupplyGraph,
    sources: &[u32],
    buffers: &mut Buffers,
) -> Vec<(u32, f64)> {
    let Buffers {
        sums,
        dist,
        sigma: value,
        order,
        ..
    } = buffers;
    for &s in sources {
        // BFS; `order` is both the queue (read from `head`) and, reversed, Brandes' stack.
        order.clear();
        order.push(s);
        dist[s as usize] = 0;
        value[s as usize] = 1.0;
        let mut head = 0;
        while let Some(&v) = order.get(head) {
            head += 1;
            let (sigma_v, next) = (value[v as usize], dist[v as usize] + 1);
            for &w in g.out(v) {
                let dw = &mut dist[w as usize];
                if *dw == UNSEEN {
                    *dw = next;
                    order.push(w);
                }
                if *dw == next {
                    value[w as usize] += sigma_v;
                }
            }
        }
        // Accumulate in reverse BFS order: every successor one level down is final.
        for &v in order.iter().rev() {
            let next = dist[v as usize] + 1;
            let mut pulled = 0.0;
            for &w in g.out(v) {
                if dist[w as usize] == next {
                    pulled += value[w as usize];
                }
            }
            let delta = value[v as usize] * pulled;
            if v != s {
                sums.add(v, delta);
            }
            value[v as usize] = (1.0 + delta) / value[v as usize];
        }
        for &v in order.iter() {
            dist[v as usize] = UNSEEN;
            value[v as usize] = 0.0;
        }
    }
    sums.take()
}

/// k distinct sources out of `0..n`, sorted: partial Fisher–Yates with SplitMix64.
fn sample_sources(n: usize, k: usize, seed: u64) -> Vec<u32> {
    let mut pool: Vec<u32> = (0..n as u32).collect();
    let mut rng = SplitMix64(seed);
    for i in 0..k.min(n) {
        let j = i + rng.below((n - i) as u64) as usize;
        pool.swap(i, j);
    }
    pool.truncate(k);
    pool.sort_unstable();
    pool
}

/// SplitMix64 (Steele, Lea & Flood 2014).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (`bound > 0`), unbiased (Lemire 2019, multiply and reject).
    fn below(&mut self, bound: u64) -> u64 {
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let m = u128::from(self.next()) * u128::from(bound);
            if (m as u64) >= threshold {
                return (m >> 64) as u64;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(u32, u32)]) -> SupplyGraph {
        let ids: Vec<u32> = (0..n as u32).collect();
        SupplyGraph::from_edges(ids.clone(), ids, &mut edges.to_vec())
    }

    fn exact() -> BetweennessOptions {
        BetweennessOptions {
            samples: None,
            seed: 0,
            exact_limit: usize::MAX,
        }
    }

    fn assert_close(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len());
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            assert!((g - w).abs() < 1e-12, "node {i}: got {g}, want {w}");
        }
    }

    /// Reference: all-pairs path counts by BFS from each node, then the definition
    /// `Σ_{s≠v≠t} σ_sv·σ_vt/σ_st [d(s,v)+d(v,t)=d(s,t)]`, O(n³).
    fn by_definition(g: &SupplyGraph) -> Vec<f64> {
        let n = g.node_count();
        let mut d = vec![vec![u32::MAX; n]; n];
        let mut sigma = vec![vec![0.0f64; n]; n];
        for s in 0..n {
            let mut queue = std::collections::VecDeque::from([s as u32]);
            d[s][s] = 0;
            sigma[s][s] = 1.0;
            while let Some(v) = queue.pop_front() {
                for &w in g.out(v) {
                    let (v, w) = (v as usize, w as usize);
                    if d[s][w] == u32::MAX {
                        d[s][w] = d[s][v] + 1;
                        queue.push_back(w as u32);
                    }
                    if d[s][w] == d[s][v] + 1 {
                        sigma[s][w] += sigma[s][v];
                    }
                }
            }
        }
        let mut c = vec![0.0; n];
        for v in 0..n {
            for s in 0..n {
                for t in 0..n {
                    if s == v || t == v || s == t || d[s][t] == u32::MAX {
                        continue;
                    }
                    if d[s][v] != u32::MAX && d[v][t] != u32::MAX && d[s][v] + d[v][t] == d[s][t] {
                        c[v] += sigma[s][v] * sigma[v][t] / sigma[s][t];
                    }
                }
            }
        }
        if n > 2 {
            let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
            c.iter_mut().for_each(|x| *x *= scale);
        }
        c
    }

    /// A reproducible sparse random digraph.
    fn random_graph(n: usize, m: usize, seed: u64) -> SupplyGraph {
        let mut rng = SplitMix64(seed);
        let mut edges = Vec::with_capacity(m);
        while edges.len() < m {
            let a = rng.below(n as u64) as u32;
            let b = rng.below(n as u64) as u32;
            if a != b {
                edges.push((a, b));
            }
        }
        graph(n, &edges)
    }

    /// The two strategies agree (to rounding) on graphs where a BFS reaches little and
    /// where it reaches nearly everything, with chunks that leave lanes unused, sources
    /// that reach each other, and the pulled-from levels of several lanes overlapping.
    #[test]
    fn lanes_agree_with_one_source_at_a_time() {
        for (n, m, seed) in [
            (1, 0, 1),
            (40, 30, 2),
            (60, 400, 3),
            (300, 3000, 4),
            (500, 600, 5),
            (2000, 20000, 6),
        ] {
            let g = random_graph(n, m, seed);
            for k in [1usize, 5, 8, 13, 32] {
                let sources = sample_sources(n, k.min(n), seed);
                let dense = |pairs: Vec<(u32, f64)>| {
                    let mut out = vec![0.0; n];
                    for (v, x) in pairs {
                        out[v as usize] = x;
                    }
                    out
                };
                let want = dense(one_source_at_a_time(
                    &g,
                    &sources,
                    &mut Buffers::new(n, Strategy::OneSource),
                ));
                let got = dense(sources_in_lanes(
                    &g,
                    &sources,
                    &mut Buffers::new(n, Strategy::Lanes),
                ));
                for (v, (a, b)) in got.iter().zip(&want).enumerate() {
                    assert!(
                        (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                        "n {n} m {m} k {k} node {v}: lanes {a}, one source {b}"
                    );
                }
            }
        }
        // The probe picks lanes where a BFS reaches much of the graph, not where it does not.
        let dense = random_graph(4000, 40000, 7);
        assert_eq!(strategy(&dense, &[0, 1, 2, 3]), Strategy::Lanes);
        let edges: Vec<(u32, u32)> = (0..3999).map(|v| (v, v + 1)).collect();
        let path = graph(4000, &edges);
        assert_eq!(strategy(&path, &[3990, 3991]), Strategy::OneSource);
    }

    fn bits(values: &[f64]) -> Vec<u64> {
        values.iter().map(|v| v.to_bits()).collect()
    }

    fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool")
            .install(f)
    }

    #[test]
    fn path_middle_is_half() {
        // a→b→c: b lies on the only path a→c, the one pair out of (3−1)(3−2) = 2.
        let b = betweenness(&graph(3, &[(0, 1), (1, 2)]), &exact());
        assert_close(&b.values, &[0.0, 0.5, 0.0]);
        assert_eq!(b.sampled_sources, None);
    }

    #[test]
    fn star_in_to_out() {
        // Leaves 1, 2 supply the hub 0, which supplies leaves 3, 4: the hub is on the
        // 2·2 = 4 pairs in→out of (5−1)(5−2) = 12 ordered pairs.
        let g = graph(5, &[(1, 0), (2, 0), (0, 3), (0, 4)]);
        assert_close(
            &betweenness(&g, &exact()).values,
            &[4.0 / 12.0, 0.0, 0.0, 0.0, 0.0],
        );
        // An out-star: nobody is between anybody.
        let g = graph(4, &[(0, 1), (0, 2), (0, 3)]);
        assert_close(&betweenness(&g, &exact()).values, &[0.0; 4]);
    }

    #[test]
    fn directed_four_cycle() {
        // 0→1→2→3→0: each node is interior to the paths of length 2 and 3 through it:
        // 1 + 2 = 3 pairs, over (4−1)(4−2) = 6.
        let g = graph(4, &[(0, 1), (1, 2), (2, 3), (3, 0)]);
        assert_close(&betweenness(&g, &exact()).values, &[0.5; 4]);
    }

    #[test]
    fn two_shortest_paths_split_sigma() {
        // 0→1→3, 0→2→3, 3→4: pairs (0,3) and (0,4) each have two shortest paths, half
        // through 1 and half through 2; 3 is on (0,4), (1,4), (2,4). Scale 1/(4·3).
        let g = graph(5, &[(0, 1), (0, 2), (1, 3), (2, 3), (3, 4)]);
        let want = [0.0, 1.0 / 12.0, 1.0 / 12.0, 3.0 / 12.0, 0.0];
        let got = betweenness(&g, &exact()).values;
        assert_close(&got, &want);
        assert_close(&got, &by_definition(&g));
    }

    #[test]
    fn matches_definition_on_random_graphs() {
        for seed in 0..6 {
            let g = random_graph(40, 90 + 10 * seed as usize, seed);
            assert_close(&betweenness(&g, &exact()).values, &by_definition(&g));
        }
    }

    #[test]
    fn tiny_graphs_are_zero() {
        let empty = betweenness(&graph(0, &[]), &exact());
        assert!(empty.values.is_empty());
        assert_eq!(betweenness(&graph(1, &[]), &exact()).values, vec![0.0]);
        let two = betweenness(&graph(2, &[(0, 1), (1, 0)]), &exact());
        assert_eq!(two.values, vec![0.0, 0.0]);
        let sampled = BetweennessOptions {
            samples: Some(5),
            ..exact()
        };
        assert!(betweenness(&graph(0, &[]), &sampled).values.is_empty());
        assert_eq!(
            betweenness(&graph(2, &[(0, 1)]), &sampled).values,
            vec![0.0; 2]
        );
    }

    #[test]
    fn all_sources_sampled_is_exact_bit_for_bit() {
        let g = random_graph(300, 900, 7);
        let exact = betweenness(&g, &exact());
        for k in [300, 1000] {
            let opts = BetweennessOptions {
                samples: Some(k),
                seed: 99,
                exact_limit: 0,
            };
            let sampled = betweenness(&g, &opts);
            assert_eq!(sampled.sampled_sources, None);
            assert_eq!(bits(&sampled.values), bits(&exact.values));
        }
    }

    #[test]
    fn sampling_is_seeded_and_rescaled() {
        let g = random_graph(300, 900, 3);
        let opts = |seed| BetweennessOptions {
            samples: Some(50),
            seed,
            exact_limit: usize::MAX,
        };
        let a = betweenness(&g, &opts(1));
        let b = betweenness(&g, &opts(1));
        let c = betweenness(&g, &opts(2));
        assert_eq!(a.sampled_sources, Some(50));
        assert_eq!(bits(&a.values), bits(&b.values));
        assert_ne!(bits(&a.values), bits(&c.values));

        // Rescaling: the sampled sum times n/k over the same sources, by hand.
        let sources = sample_sources(300, 50, 1);
        assert_eq!(sources.len(), 50);
        assert!(sources.windows(2).all(|w| w[0] < w[1]));
        let mut raw = vec![0.0; 300];
        let pairs = one_source_at_a_time(&g, &sources, &mut Buffers::new(300, Strategy::OneSource));
        for (v, x) in pairs {
            raw[v as usize] = x;
        }
        let scale = 1.0 / (299.0 * 298.0) * 300.0 / 50.0;
        let want: Vec<f64> = raw.iter().map(|x| x * scale).collect();
        assert_close(&a.values, &want);

        // Above the exact limit with no sample size, exact_limit sources are drawn.
        let limited = BetweennessOptions {
            samples: None,
            seed: 1,
            exact_limit: 50,
        };
        assert_eq!(bits(&betweenness(&g, &limited).values), bits(&a.values));
    }

    #[test]
    fn sample_is_uniform_enough_and_distinct() {
        let mut hits = vec![0u32; 10];
        for seed in 0..2000 {
            let s = sample_sources(10, 3, seed);
            assert_eq!(s.len(), 3);
            assert!(s.windows(2).all(|w| w[0] < w[1]));
            for v in s {
                hits[v as usize] += 1;
            }
        }
        // Each node expected 600 times.
        assert!(hits.iter().all(|&h| (480..=720).contains(&h)), "{hits:?}");
    }

    #[test]
    fn serial_and_parallel_are_bit_identical() {
        // 700 sources = 22 chunks (the last one partial).
        let g = random_graph(700, 2500, 11);
        for samples in [None, Some(333)] {
            let opts = BetweennessOptions {
                samples,
                seed: 5,
                exact_limit: usize::MAX,
            };
            let one = in_pool(1, || betweenness(&g, &opts));
            let four = in_pool(4, || betweenness(&g, &opts));
            let three = in_pool(3, || betweenness(&g, &opts));
            assert_eq!(bits(&one.values), bits(&four.values));
            assert_eq!(bits(&one.values), bits(&three.values));
            assert_eq!(one.sampled_sources, four.sampled_sources);
        }
    }

    /// NetworkX 3.6.1 pins (tests/data/networkx, "all" = every firm), compared with a
    /// relative tolerance of 1e-12.
    #[test]
    fn matches_networkx_pins() {
        for case in crate::analysis::networkx_pins::cases() {
            let (model, g, data) = (&case.model, &case.graph, &case.data);
            let want = &case.pin["all"]["betweenness"];
            let got = betweenness(g, &exact());
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
}
