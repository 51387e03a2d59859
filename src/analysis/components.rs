//! Weakly and strongly connected components of a [`SupplyGraph`].
//!
//! * **Definitions**: u and v are in the same **weak** component when a path joins them in
//!   the undirected projection (link direction ignored); they are in the same **strong**
//!   component when each reaches the other along supply links (u ⇝ v and v ⇝ u). Every
//!   node is in exactly one component of each kind; an isolated node is a component of
//!   size 1, and so is a node on no cycle (for the strong kind).
//! * **Labels**: components are numbered `0..count` in order of their smallest node, so
//!   the labels depend only on the graph, not on the traversal.
//! * **Weak**: union–find over the edge list (union by size, path halving), then one pass
//!   in node order that numbers the roots.
//! * **Strong**: Tarjan (1972), iterative (explicit call stack, one frame per node on the
//!   DFS path), so a million-node path cannot overflow the call stack. A node's DFS index
//!   is its position on Tarjan's node stack (the counter drops when a component is
//!   popped), and a finished node holds its component id counted down from n − 1 in the
//!   same array, above every live index — so one n-word array serves as index, on-stack
//!   flag and, after a renumbering pass, label.
//! * **Complexity**: O(n + m) time for both (union–find: near-linear, inverse Ackermann).
//!   Memory: weak 12 bytes per node and 4 per component; strong 4 bytes per node, 16 per
//!   node on the DFS path, 4 per node on Tarjan's stack and 12 per component.
//! * **Output order**: `label` in node order (map back with `SupplyGraph::firms`); `sizes`
//!   by label.

use serde::Serialize;

use crate::analysis::graph::SupplyGraph;

const UNSET: u32 = u32::MAX;

/// A partition of the nodes into components.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Components {
    /// Per node: its component, `0..count()`, numbered in order of their smallest node.
    pub label: Vec<u32>,
    /// Per component: its number of nodes.
    pub sizes: Vec<u32>,
}

impl Components {
    /// Number of components (0 for an empty graph).
    pub fn count(&self) -> usize {
        self.sizes.len()
    }

    /// Size of the largest component (0 for an empty graph).
    pub fn largest(&self) -> usize {
        self.sizes.iter().max().map_or(0, |&s| s as usize)
    }

    /// Size of the component of node `v`.
    pub fn size_of(&self, v: u32) -> u32 {
        self.sizes[self.label[v as usize] as usize]
    }
}

/// Weakly connected components of `g`; see the module docs.
pub fn weak_components(g: &SupplyGraph) -> Components {
    let n = g.node_count();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut size = vec![1u32; n];
    fn find(parent: &mut [u32], mut v: u32) -> u32 {
        while parent[v as usize] != v {
            let p = parent[parent[v as usize] as usize];
            parent[v as usize] = p;
            v = p;
        }
        v
    }
    for v in 0..n as u32 {
        let out = g.out(v);
        if out.is_empty() {
            continue;
        }
        // The root of v's set, kept up to date across its out-links.
        let mut a = find(&mut parent, v);
        for &w in out {
            let b = find(&mut parent, w);
            if a != b {
                let (big, small) = if size[a as usize] < size[b as usize] {
                    (b, a)
                } else {
                    (a, b)
                };
                parent[small as usize] = big;
                size[big as usize] += size[small as usize];
                a = big;
            }
        }
    }
    // In node order, the first node met of each set is its smallest: number its root then.
    let mut label = vec![UNSET; n];
    let mut sizes = Vec::new();
    for v in 0..n as u32 {
        let r = find(&mut parent, v) as usize;
        if label[r] == UNSET {
            label[r] = sizes.len() as u32;
            sizes.push(size[r]);
        }
        label[v as usize] = label[r];
    }
    Components { label, sizes }
}

/// Strongly connected components of `g`; see the module docs.
pub fn strong_components(g: &SupplyGraph) -> Components {
    /// A node on the DFS path: next out-link to look at, its low-link, its own index.
    struct Frame {
        v: u32,
        pos: u32,
        low: u32,
        index: u32,
    }
    let n = g.node_count();
    // UNSET = not visited; below `next` = live (on the stack), the value being the node's
    // index = its stack position; otherwise finished, `n - 1 - c` for the c-th component
    // found. Live indices are < n − (finished nodes) ≤ n − (components found) ≤ every
    // finished value, so `min` with a finished node's value never lowers a low-link.
    let mut state = vec![UNSET; n];
    let mut tarjan_sizes: Vec<u32> = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    let mut call: Vec<Frame> = Vec::new();
    for root in 0..n as u32 {
        if state[root as usize] != UNSET {
            continue;
        }
        let i = stack.len() as u32;
        state[root as usize] = i;
        stack.push(root);
        call.push(Frame {
            v: root,
            pos: 0,
            low: i,
            index: i,
        });
        while let Some(top) = call.last_mut() {
            let out = g.out(top.v);
            let mut pos = top.pos as usize;
            let mut low = top.low;
            let mut descend = UNSET;
            while pos < out.len() {
                let w = out[pos];
                pos += 1;
                let s = state[w as usize];
                if s == UNSET {
                    descend = w;
                    break;
                }
                low = low.min(s);
            }
            top.pos = pos as u32;
            top.low = low;
            if descend != UNSET {
                let i = stack.len() as u32;
                state[descend as usize] = i;
                stack.push(descend);
                call.push(Frame {
                    v: descend,
                    pos: 0,
                    low: i,
                    index: i,
                });
                continue;
            }
            let index = top.index;
            call.pop();
            if let Some(parent) = call.last_mut() {
                parent.low = parent.low.min(low);
            }
            if low == index {
                // The component is the top of the stack, from this node up.
                let finished = (n - 1 - tarjan_sizes.len()) as u32;
                for &w in &stack[index as usize..] {
                    state[w as usize] = finished;
                }
                tarjan_sizes.push(stack.len() as u32 - index);
                stack.truncate(index as usize);
            }
        }
    }
    drop(stack);
    drop(call);
    // Renumber from discovery order to smallest-node order, in place.
    let mut renumber = vec![UNSET; tarjan_sizes.len()];
    let mut sizes = Vec::with_capacity(tarjan_sizes.len());
    for s in state.iter_mut() {
        let c = n - 1 - *s as usize;
        if renumber[c] == UNSET {
            renumber[c] = sizes.len() as u32;
            sizes.push(tarjan_sizes[c]);
        }
        *s = renumber[c];
    }
    Components {
        label: state,
        sizes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(u32, u32)]) -> SupplyGraph {
        let ids: Vec<u32> = (0..n as u32).collect();
        SupplyGraph::from_edges(ids.clone(), ids, &mut edges.to_vec())
    }

    /// 0 ⇄ 2 (2-cycle) → 1 → 3 → 5 → 1 (3-cycle) → 6 → 7 (tail); 8 → 4 (a second weak
    /// component, pointing at the smaller node); 9 isolated.
    fn sample() -> SupplyGraph {
        graph(
            10,
            &[
                (0, 2),
                (2, 0),
                (2, 1),
                (1, 3),
                (3, 5),
                (5, 1),
                (5, 6),
                (6, 7),
                (8, 4),
            ],
        )
    }

    #[test]
    fn weak_components_by_hand() {
        let c = weak_components(&sample());
        // {0,1,2,3,5,6,7} (smallest 0), {4,8} (smallest 4), {9}.
        assert_eq!(c.label, vec![0, 0, 0, 0, 1, 0, 0, 0, 1, 2]);
        assert_eq!(c.sizes, vec![7, 2, 1]);
        assert_eq!((c.count(), c.largest()), (3, 7));
        assert_eq!(c.size_of(8), 2);
        assert_eq!(c.size_of(9), 1);
    }

    #[test]
    fn strong_components_by_hand() {
        let c = strong_components(&sample());
        // {0,2}, {1,3,5}, {4}, {6}, {7}, {8}, {9} — numbered by smallest node.
        assert_eq!(c.label, vec![0, 1, 0, 1, 2, 1, 3, 4, 5, 6]);
        assert_eq!(c.sizes, vec![2, 3, 1, 1, 1, 1, 1]);
        assert_eq!((c.count(), c.largest()), (7, 3));
        assert_eq!(c.size_of(5), 3);
        assert_eq!(c.size_of(7), 1);
    }

    #[test]
    fn empty_graph() {
        for c in [
            weak_components(&graph(0, &[])),
            strong_components(&graph(0, &[])),
        ] {
            assert_eq!((c.count(), c.largest()), (0, 0));
            assert!(c.label.is_empty());
        }
    }

    #[test]
    fn long_path_and_long_cycle_do_not_overflow() {
        let n = 300_000u32;
        let mut edges: Vec<(u32, u32)> = (0..n - 1).map(|v| (v, v + 1)).collect();
        let path = graph(n as usize, &edges);
        assert_eq!(weak_components(&path).sizes, vec![n]);
        let s = strong_components(&path);
        assert_eq!(s.count(), n as usize);
        assert_eq!(s.label, (0..n).collect::<Vec<u32>>());
        edges.push((n - 1, 0));
        let cycle = graph(n as usize, &edges);
        assert_eq!(strong_components(&cycle).sizes, vec![n]);
    }

    #[test]
    fn strong_refines_weak() {
        let g = sample();
        let (w, s) = (weak_components(&g), strong_components(&g));
        for u in 0..10usize {
            for v in 0..10usize {
                if s.label[u] == s.label[v] {
                    assert_eq!(w.label[u], w.label[v]);
                }
            }
        }
    }
}
