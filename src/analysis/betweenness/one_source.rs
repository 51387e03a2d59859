//! The plain Brandes kernel: one BFS and one backward pass per source.

use super::buffers::Buffers;
use crate::analysis::graph::SupplyGraph;

pub(super) const UNSEEN: u32 = u32::MAX;

/// Sum of `δ_s(v)` over the sources of one chunk, one source at a time (the plain Brandes
/// loop; used when a BFS reaches few nodes, see [`super::probe::Strategy`]).
///
/// Per node, `dist` (`UNSEEN` when not reached) and `value`: σ during the BFS, then the
/// coefficient `(1 + δ)/σ` once the node's dependency is final. They are kept apart so the
/// distance checks, which touch every edge, stay in a 4-byte-per-node array.
pub(super) fn one_source_at_a_time(
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
