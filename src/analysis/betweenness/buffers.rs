//! Per-worker working state of the BFS kernels, made once per worker and reused from chunk
//! to chunk, and the chunk's dependency sums.

use super::lanes::{LANES, Lanes};
use super::one_source::UNSEEN;
use super::probe::Strategy;

/// A chunk's dependency sums: dense while the chunk runs, handed over as (node, sum) for
/// the nodes it touched. Deltas are never negative, so a node is new when its sum is 0;
/// a zero delta is skipped (adding it would change nothing).
pub(super) struct Sums {
    dense: Vec<f64>,
    touched: Vec<u32>,
}

impl Sums {
    pub(super) fn add(&mut self, v: u32, delta: f64) {
        if delta != 0.0 {
            let sum = &mut self.dense[v as usize];
            if *sum == 0.0 {
                self.touched.push(v);
            }
            *sum += delta;
        }
    }

    /// The touched nodes' sums; leaves the buffer zero.
    pub(super) fn take(&mut self) -> Vec<(u32, f64)> {
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
pub(super) struct Buffers {
    pub(super) sums: Sums,
    /// [`one_source_at_a_time`]: distance (`UNSEEN` when not reached), σ then coefficient,
    /// and the BFS order.
    pub(super) dist: Vec<u32>,
    pub(super) sigma: Vec<f64>,
    pub(super) order: Vec<u32>,
    /// [`sources_in_lanes`] from here on.
    /// Sources of the batch that have reached the node.
    pub(super) seen: Vec<u8>,
    /// During the BFS, sources reaching the node at the level being built; in the backward
    /// pass, sources for which it lies one level below the level being processed.
    pub(super) mask: Vec<u8>,
    pub(super) value: Vec<Lanes>,
    /// Every level's (node, sources at that distance), level after level …
    pub(super) levels: Vec<(u32, u8)>,
    /// … and where each level starts.
    pub(super) starts: Vec<usize>,
}

impl Buffers {
    pub(super) fn new(n: usize, strategy: Strategy) -> Buffers {
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
