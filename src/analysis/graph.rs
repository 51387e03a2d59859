//! The supply layer as a simple directed graph for the graph metrics (betweenness,
//! articulation points, bridges, dominators, cuts).
//!
//! Nodes are a subset of firms (every firm, or only the local ones when a region is given),
//! renumbered densely `0..n` in firm order — so node order is file order, and every result
//! is mapped back to firm ids before it is printed. Parallel supply links are merged and
//! self-loops cannot occur (the loader rejects them). Adjacency is CSR, each row sorted.

use crate::model::{Csr, FirmIdx, Layer, Model};

/// A simple directed graph over a subset of firms.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyGraph {
    /// Node → firm.
    pub firms: Vec<FirmIdx>,
    /// Firm → node (`u32::MAX` when the firm is not a node).
    pub node_of: Vec<u32>,
    /// Successors by node, each row sorted.
    out: Csr,
    /// Predecessors by node, each row sorted.
    inn: Csr,
}

/// `node_of` of a firm outside the node set.
const NOT_A_NODE: u32 = u32::MAX;

impl SupplyGraph {
    /// The supply layer over the firms for which `include` is true; a link counts when both
    /// ends are included.
    pub fn new(model: &Model, include: &[bool]) -> SupplyGraph {
        let mut firms = Vec::new();
        let mut node_of = vec![NOT_A_NODE; model.firms.len()];
        for (f, &keep) in include.iter().enumerate() {
            if keep {
                node_of[f] = firms.len() as u32;
                firms.push(f as FirmIdx);
            }
        }
        let mut edges: Vec<(u32, u32)> = model
            .links_of(Layer::Supply)
            .filter_map(|(_, l)| {
                let (a, b) = (node_of[l.source as usize], node_of[l.target as usize]);
                (a != NOT_A_NODE && b != NOT_A_NODE && a != b).then_some((a, b))
            })
            .collect();
        SupplyGraph::from_edges(firms, node_of, &mut edges)
    }

    /// Builds from an edge list over nodes `0..firms.len()` (duplicates merged).
    pub fn from_edges(
        firms: Vec<FirmIdx>,
        node_of: Vec<u32>,
        edges: &mut Vec<(u32, u32)>,
    ) -> SupplyGraph {
        let n = firms.len();
        edges.sort_unstable();
        edges.dedup();
        // Counting sorts keep the given order within a row: the edges are sorted by
        // (source, target), so every row comes out sorted.
        let out = Csr::from_pairs(n, edges.iter().copied());
        let inn = Csr::from_pairs(n, edges.iter().map(|&(a, b)| (b, a)));
        SupplyGraph {
            firms,
            node_of,
            out,
            inn,
        }
    }

    /// Number of nodes n (firms in the node set).
    pub fn node_count(&self) -> usize {
        self.firms.len()
    }

    /// Number of edges m (distinct supplier → buyer pairs).
    pub fn edge_count(&self) -> usize {
        self.out.len()
    }

    /// Successors of `v`, sorted.
    pub fn out(&self, v: u32) -> &[u32] {
        self.out.get(v)
    }

    /// Predecessors of `v`, sorted.
    pub fn inn(&self, v: u32) -> &[u32] {
        self.inn.get(v)
    }

    /// Neighbours of `v` in the undirected projection, sorted, without duplicates.
    pub fn undirected(&self, v: u32) -> Vec<u32> {
        let mut all: Vec<u32> = self.out(v).iter().chain(self.inn(v)).copied().collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_parallel_edges_and_sorts_rows() {
        let g = SupplyGraph::from_edges(
            vec![0, 1, 2],
            vec![0, 1, 2],
            &mut vec![(0, 2), (0, 1), (0, 2), (2, 1)],
        );
        assert_eq!(g.edge_count(), 3);
        assert_eq!(g.out(0), &[1, 2]);
        assert_eq!(g.inn(1), &[0, 2]);
        assert_eq!(g.undirected(2), vec![0, 1]);
    }
}
