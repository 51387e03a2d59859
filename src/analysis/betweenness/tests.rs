//! Unit tests of betweenness: the two kernels against each other and against the
//! definition, sampling, determinism across thread counts.

use super::buffers::Buffers;
use super::lanes::sources_in_lanes;
use super::one_source::one_source_at_a_time;
use super::probe::{Strategy, strategy};
use super::sample::sample_sources;
use super::*;
use crate::rng::SplitMix64;

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
