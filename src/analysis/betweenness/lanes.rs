//! The multi-source kernel: [`LANES`] sources share one level-synchronous BFS with
//! per-node bitmasks.

use super::buffers::Buffers;
use crate::analysis::graph::SupplyGraph;

/// Sources traversed together by [`sources_in_lanes`]. A node's per-source values then
/// fill one 64-byte cache line.
pub(super) const LANES: usize = 8;

/// Per-source values of one node, one cache line: σ during the BFS, then the coefficient
/// `(1 + δ)/σ` once the node's dependency is final.
#[derive(Clone, Copy)]
#[repr(align(64))]
pub(super) struct Lanes(pub(super) [f64; LANES]);

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
pub(super) fn sources_in_lanes(
    g: &SupplyGraph,
    sources: &[u32],
    buffers: &mut Buffers,
) -> Vec<(u32, f64)> {
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
