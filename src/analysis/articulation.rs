//! Articulation points and bridges of the supply graph's **undirected projection**.
//!
//! * **Projection**: nodes as in [`SupplyGraph`]; u – v is an edge when u→v or v→u is a
//!   supply link. Both directions give ONE undirected edge (no multi-edges), so a pair
//!   linked both ways can still be a bridge. Link direction is ignored throughout.
//! * **Definition**: an articulation point is a node whose removal increases the number
//!   of connected components; a bridge is an edge whose removal does. Isolated nodes and
//!   nodes of degree 1 are never articulation points.
//! * **Formula** (Hopcroft & Tarjan 1973, "Algorithm 447", CACM 16(6)): DFS discovery
//!   times `disc` and `low(v) = min(disc(v), disc(w) for back edges v–w, low(c) for DFS
//!   children c)`. A tree edge p–c is a bridge iff `low(c) > disc(p)`; a non-root p is an
//!   articulation point iff some child c has `low(c) ≥ disc(p)`; a DFS root iff it has two
//!   or more children. The DFS is iterative (explicit stack, per-node adjacency cursor),
//!   so a million-node path cannot overflow the call stack.
//! * **Normalisation**: none; `bridges_per_node` counts the bridges at each node.
//! * **Complexity**: O(n + m) time; the undirected adjacency is built once as CSR
//!   (≤ 2m entries, 4 bytes each) plus 16 bytes per node of DFS state.
//! * **Output order**: `articulation` and `bridges_per_node` in node order (map back with
//!   `SupplyGraph::firms`); `bridges` as node pairs `(a, b)` with `a < b`, sorted.

use serde::Serialize;

use crate::analysis::graph::SupplyGraph;
use crate::model::Csr;

/// Cut vertices and cut edges of the undirected projection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CutStructure {
    /// Per node: is it an articulation point?
    pub articulation: Vec<bool>,
    /// Bridges as node pairs `(a, b)`, `a < b`, sorted.
    pub bridges: Vec<(u32, u32)>,
    /// Per node: number of bridges it is an end of.
    pub bridges_per_node: Vec<u32>,
}

/// Articulation points and bridges of `g` with directions ignored; see the module docs.
pub fn cut_structure(g: &SupplyGraph) -> CutStructure {
    let n = g.node_count();
    let undirected = undirected_csr(g);
    let (offsets, adj) = (undirected.offsets(), undirected.items());

    const UNSEEN: u32 = u32::MAX;
    let mut disc = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut parent = vec![UNSEEN; n];
    // Next adjacency position to look at, per node.
    let mut cursor: Vec<u32> = offsets[..n].to_vec();
    let mut articulation = vec![false; n];
    let mut bridges: Vec<(u32, u32)> = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    let mut time = 0u32;

    for root in 0..n as u32 {
        if disc[root as usize] != UNSEEN {
            continue;
        }
        disc[root as usize] = time;
        low[root as usize] = time;
        time += 1;
        let mut root_children = 0u32;
        stack.push(root);
        while let Some(&v) = stack.last() {
            let vi = v as usize;
            let pos = cursor[vi];
            if pos < offsets[vi + 1] {
                cursor[vi] = pos + 1;
                let w = adj[pos as usize];
                let wi = w as usize;
                if disc[wi] == UNSEEN {
                    parent[wi] = v;
                    disc[wi] = time;
                    low[wi] = time;
                    time += 1;
                    if v == root {
                        root_children += 1;
                    }
                    stack.push(w);
                } else if w != parent[vi] {
                    // Back edge (the graph is simple, so the parent is reached only by
                    // the tree edge itself).
                    low[vi] = low[vi].min(disc[wi]);
                }
            } else {
                stack.pop();
                let p = parent[vi];
                if p != UNSEEN {
                    let pi = p as usize;
                    low[pi] = low[pi].min(low[vi]);
                    if low[vi] > disc[pi] {
                        bridges.push((p.min(v), p.max(v)));
                    }
                    if p != root && low[vi] >= disc[pi] {
                        articulation[pi] = true;
                    }
                }
            }
        }
        if root_children >= 2 {
            articulation[root as usize] = true;
        }
    }

    bridges.sort_unstable();
    let mut bridges_per_node = vec![0u32; n];
    for &(a, b) in &bridges {
        bridges_per_node[a as usize] += 1;
        bridges_per_node[b as usize] += 1;
    }
    CutStructure {
        articulation,
        bridges,
        bridges_per_node,
    }
}

/// The undirected projection as CSR: each row the sorted union of `out(v)` and `inn(v)`.
fn undirected_csr(g: &SupplyGraph) -> Csr {
    let n = g.node_count();
    let mut adj = Csr::with_capacity(n, 2 * g.edge_count());
    for v in 0..n as u32 {
        let (out, inn) = (g.out(v), g.inn(v));
        let (mut i, mut j) = (0, 0);
        while i < out.len() && j < inn.len() {
            let (a, b) = (out[i], inn[j]);
            adj.push(a.min(b));
            i += usize::from(a <= b);
            j += usize::from(b <= a);
        }
        adj.extend_from_slice(&out[i..]);
        adj.extend_from_slice(&inn[j..]);
        adj.end_row();
    }
    adj
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(u32, u32)]) -> SupplyGraph {
        let ids: Vec<u32> = (0..n as u32).collect();
        SupplyGraph::from_edges(ids.clone(), ids, &mut edges.to_vec())
    }

    fn points(c: &CutStructure) -> Vec<u32> {
        (0..c.articulation.len() as u32)
            .filter(|&v| c.articulation[v as usize])
            .collect()
    }

    /// Components of the undirected projection, skipping a node and/or an edge.
    fn components(g: &SupplyGraph, skip_node: Option<u32>, skip_edge: Option<(u32, u32)>) -> usize {
        let n = g.node_count();
        let mut seen = vec![false; n];
        let mut count = 0;
        for start in 0..n as u32 {
            if Some(start) == skip_node || seen[start as usize] {
                continue;
            }
            count += 1;
            seen[start as usize] = true;
            let mut todo = vec![start];
            while let Some(v) = todo.pop() {
                for w in g.undirected(v) {
                    let e = (v.min(w), v.max(w));
                    if Some(w) == skip_node || Some(e) == skip_edge || seen[w as usize] {
                        continue;
                    }
                    seen[w as usize] = true;
                    todo.push(w);
                }
            }
        }
        count
    }

    /// Articulation points and bridges straight from the definitions, O(n·(n+m)).
    fn by_definition(g: &SupplyGraph) -> CutStructure {
        let n = g.node_count();
        let base = components(g, None, None);
        let articulation: Vec<bool> = (0..n as u32)
            // Removing a node also removes its own component when it was isolated.
            .map(|v| {
                let isolated = g.undirected(v).is_empty();
                components(g, Some(v), None) + usize::from(isolated) > base
            })
            .collect();
        let mut bridges = Vec::new();
        for v in 0..n as u32 {
            for w in g.undirected(v) {
                if v < w && components(g, None, Some((v, w))) > base {
                    bridges.push((v, w));
                }
            }
        }
        let mut bridges_per_node = vec![0; n];
        for &(a, b) in &bridges {
            bridges_per_node[a as usize] += 1;
            bridges_per_node[b as usize] += 1;
        }
        CutStructure {
            articulation,
            bridges,
            bridges_per_node,
        }
    }

    fn check(n: usize, edges: &[(u32, u32)], want_points: &[u32], want_bridges: &[(u32, u32)]) {
        let g = graph(n, edges);
        let c = cut_structure(&g);
        assert_eq!(points(&c), want_points, "articulation points of {edges:?}");
        assert_eq!(c.bridges, want_bridges, "bridges of {edges:?}");
        assert_eq!(c, by_definition(&g));
    }

    #[test]
    fn path() {
        // Direction does not matter: 0→1←2→3.
        check(
            4,
            &[(0, 1), (2, 1), (2, 3)],
            &[1, 2],
            &[(0, 1), (1, 2), (2, 3)],
        );
        let c = cut_structure(&graph(4, &[(0, 1), (2, 1), (2, 3)]));
        assert_eq!(c.bridges_per_node, vec![1, 2, 2, 1]);
    }

    #[test]
    fn cycle_has_no_cuts() {
        check(5, &[(0, 1), (1, 2), (2, 3), (3, 4), (4, 0)], &[], &[]);
        // Directions mixed: still an undirected cycle.
        check(4, &[(0, 1), (2, 1), (2, 3), (0, 3)], &[], &[]);
    }

    #[test]
    fn two_triangles_sharing_a_node() {
        check(
            5,
            &[(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 2)],
            &[2],
            &[],
        );
    }

    #[test]
    fn tree() {
        //       0
        //     /   \
        //    1     2
        //   / \     \
        //  3   4     5
        let edges = [(0, 1), (0, 2), (1, 3), (4, 1), (2, 5)];
        check(
            6,
            &edges,
            &[0, 1, 2],
            &[(0, 1), (0, 2), (1, 3), (1, 4), (2, 5)],
        );
    }

    #[test]
    fn both_directions_are_one_edge() {
        check(2, &[(0, 1), (1, 0)], &[], &[(0, 1)]);
        check(
            3,
            &[(0, 1), (1, 0), (1, 2), (2, 1)],
            &[1],
            &[(0, 1), (1, 2)],
        );
    }

    #[test]
    fn isolated_nodes_and_empty_graph() {
        check(0, &[], &[], &[]);
        check(3, &[], &[], &[]);
        check(4, &[(1, 2)], &[], &[(1, 2)]);
    }

    #[test]
    fn several_components() {
        // A triangle with a tail (0,1,2 + 2–3), an isolated node 4, a path 5–6–7 and a
        // 4-cycle 8..11 with a chord.
        let edges = [
            (0, 1),
            (1, 2),
            (2, 0),
            (3, 2),
            (5, 6),
            (7, 6),
            (8, 9),
            (9, 10),
            (10, 11),
            (11, 8),
            (8, 10),
        ];
        check(12, &edges, &[2, 6], &[(2, 3), (5, 6), (6, 7)]);
    }

    #[test]
    fn long_path_does_not_overflow() {
        let n = 200_000u32;
        let edges: Vec<(u32, u32)> = (0..n - 1).map(|v| (v, v + 1)).collect();
        let c = cut_structure(&graph(n as usize, &edges));
        assert_eq!(c.bridges.len(), n as usize - 1);
        assert_eq!(
            c.articulation.iter().filter(|&&a| a).count(),
            n as usize - 2
        );
    }

    #[test]
    fn matches_definition_on_random_graphs() {
        let mut state = 12345u64;
        let mut next = |bound: u32| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % u64::from(bound)) as u32
        };
        for round in 0..30 {
            let n = 5 + round;
            let m = n + round % 7;
            let edges: Vec<(u32, u32)> = (0..m)
                .map(|_| (next(n), next(n)))
                .filter(|(a, b)| a != b)
                .collect();
            let g = graph(n as usize, &edges);
            assert_eq!(cut_structure(&g), by_definition(&g), "edges {edges:?}");
        }
    }
}
