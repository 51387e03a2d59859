//! The sampled sources: k distinct nodes drawn with SplitMix64.

use crate::rng::SplitMix64;

/// k distinct sources out of `0..n`, sorted: partial Fisher–Yates with SplitMix64.
pub(super) fn sample_sources(n: usize, k: usize, seed: u64) -> Vec<u32> {
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
