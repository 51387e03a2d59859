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
//! * **Complexity**: O(k·(n+m)) time (k = n when exact). Memory: the graph, plus per chunk
//!   in flight 12 bytes·n of BFS state (distance, σ/coefficient), at most 4 bytes·n of BFS
//!   order and 8 bytes·n of chunk sums — ≈ 24 MB at 1M nodes. Chunks run in batches of one
//!   per worker thread, so at most `threads` chunks are alive at once besides the result,
//!   into which each batch is added (in chunk order) before the next starts. Each chunk
//!   reuses its buffers for all its sources, resetting only the nodes a BFS reached. The
//!   chunk size is small enough that 256 samples still make 8 parallel chunks.
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
        let batch = CHUNK * rayon::current_num_threads().max(1);
        for batch_sources in sources.chunks(batch) {
            let partials: Vec<Vec<f64>> = batch_sources
                .par_chunks(CHUNK)
                .map(|chunk| chunk_dependencies(g, chunk))
                .collect();
            for partial in &partials {
                values
                    .par_iter_mut()
                    .zip(partial.par_iter())
                    .for_each(|(total, &d)| *total += d);
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

const UNSEEN: u32 = u32::MAX;

/// Sum of `δ_s(v)` over the sources of one chunk, buffers shared by its sources.
///
/// Per node, `dist` (`UNSEEN` when not reached) and `value`: σ during the BFS, then the
/// coefficient `(1 + δ)/σ` once the node's dependency is final. They are kept apart so the
/// distance checks, which touch every edge, stay in a 4-byte-per-node array.
fn chunk_dependencies(g: &SupplyGraph, sources: &[u32]) -> Vec<f64> {
    let n = g.node_count();
    let mut sums = vec![0.0f64; n];
    let mut dist = vec![UNSEEN; n];
    let mut value = vec![0.0f64; n];
    let mut order: Vec<u32> = Vec::with_capacity(n.min(1 << 16));
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
                sums[v as usize] += delta;
            }
            value[v as usize] = (1.0 + delta) / value[v as usize];
        }
        for &v in &order {
            dist[v as usize] = UNSEEN;
            value[v as usize] = 0.0;
        }
    }
    sums
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
        let raw = chunk_dependencies(&g, &sources);
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

    /// NetworkX 3.6.1 pins (tests/data/networkx, "all" = every firm): pinned datasets
    /// that exist are compared with a relative tolerance of 1e-12.
    #[test]
    fn matches_networkx_pins() {
        use crate::load::{DatasetSource, load};
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
        for (pin, data) in cases {
            let (Ok(text), true) = (std::fs::read_to_string(&pin), data.is_dir()) else {
                continue;
            };
            let pin: serde_json::Value = serde_json::from_str(&text).expect("pin json");
            let want = &pin["all"]["betweenness"];
            let model = load(&DatasetSource::Dir(data.clone()))
                .expect("load")
                .model
                .expect("valid dataset");
            let g = SupplyGraph::new(&model, &vec![true; model.firms.len()]);
            let got = betweenness(&g, &exact());
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
