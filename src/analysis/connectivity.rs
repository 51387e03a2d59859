//! Vertex connectivity per chain: the minimum number of local firms whose removal separates
//! the chain's local raw-material firms from its local final-product firms, and one such
//! minimum cut.
//!
//! Network: the local supply links whose stage belongs to the chain (parallel links
//! merged). Node splitting turns each firm f into f_in → f_out with capacity 1; a link
//! a → b becomes a_out → b_in with unbounded capacity; a super-source feeds every
//! raw-material firm's f_in and every final-product firm's f_out drains to a super-sink.
//! By Menger's theorem the maximum flow equals the minimum number of firms to remove (a
//! firm that is both a raw-material and a final-product firm must itself be removed). The
//! cut is read off the residual graph: firms whose f_in is reachable from the source and
//! whose f_out is not.
//!
//! Maximum flow by Dinic's algorithm with an iterative blocking-flow search; on this
//! unit-capacity network it runs in O(E·√V). Cut firms are listed by id.

use serde::Serialize;

use crate::model::{ChainIdx, FirmIdx, Layer, Model, Tier};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainConnectivity {
    pub chain: String,
    /// Local firms producing a raw_material stage of the chain.
    pub raw_material_firms: usize,
    /// Local firms producing a final_product stage of the chain.
    pub final_product_firms: usize,
    /// Minimum number of firms whose removal separates them (0 when already separated).
    pub connectivity: u32,
    /// One minimum set of such firms, by id.
    pub cut: Vec<String>,
}

const INF: i32 = i32::MAX / 4;

/// A flow network in edge-pair form: edge `e` and its reverse `e ^ 1`.
struct Network {
    head: Vec<u32>,
    next: Vec<u32>,
    to: Vec<u32>,
    cap: Vec<i32>,
}

const NONE: u32 = u32::MAX;

impl Network {
    fn new(nodes: usize) -> Self {
        Network {
            head: vec![NONE; nodes],
            next: Vec::new(),
            to: Vec::new(),
            cap: Vec::new(),
        }
    }

    fn add(&mut self, a: u32, b: u32, cap: i32) {
        for (from, to, c) in [(a, b, cap), (b, a, 0)] {
            self.to.push(to);
            self.cap.push(c);
            self.next.push(self.head[from as usize]);
            self.head[from as usize] = (self.to.len() - 1) as u32;
        }
    }

    /// BFS levels from `s` over arcs with capacity left; with `stop`, the search ends once
    /// that node's level is known (deeper nodes cannot be on a shortest augmenting path).
    fn levels(&self, s: u32, stop: Option<u32>) -> Vec<u32> {
        let mut level = vec![NONE; self.head.len()];
        let mut queue = std::collections::VecDeque::from([s]);
        level[s as usize] = 0;
        while let Some(v) = queue.pop_front() {
            if let Some(t) = stop
                && level[t as usize] != NONE
                && level[v as usize] >= level[t as usize]
            {
                break;
            }
            let mut e = self.head[v as usize];
            while e != NONE {
                let w = self.to[e as usize];
                if self.cap[e as usize] > 0 && level[w as usize] == NONE {
                    level[w as usize] = level[v as usize] + 1;
                    queue.push_back(w);
                }
                e = self.next[e as usize];
            }
        }
        level
    }

    /// Dinic's maximum flow from `s` to `t`.
    fn max_flow(&mut self, s: u32, t: u32) -> i64 {
        let mut flow = 0i64;
        loop {
            let mut level = self.levels(s, Some(t));
            if level[t as usize] == NONE {
                return flow;
            }
            let mut current = self.head.clone();
            let mut path: Vec<u32> = Vec::new();
            let mut v = s;
            loop {
                if v == t {
                    let push = path
                        .iter()
                        .map(|&e| self.cap[e as usize])
                        .min()
                        .unwrap_or(0);
                    for &e in &path {
                        self.cap[e as usize] -= push;
                        self.cap[(e ^ 1) as usize] += push;
                    }
                    flow += i64::from(push);
                    path.clear();
                    v = s;
                    continue;
                }
                // Advance along an admissible edge, or retreat.
                let mut e = current[v as usize];
                while e != NONE {
                    let w = self.to[e as usize];
                    if self.cap[e as usize] > 0
                        && level[w as usize] == level[v as usize].wrapping_add(1)
                    {
                        break;
                    }
                    e = self.next[e as usize];
                }
                current[v as usize] = e;
                if e != NONE {
                    path.push(e);
                    v = self.to[e as usize];
                } else {
                    level[v as usize] = NONE; // dead end for this phase
                    match path.pop() {
                        Some(back) => {
                            v = self.to[(back ^ 1) as usize];
                            current[v as usize] = self.next[current[v as usize] as usize];
                        }
                        None => break,
                    }
                }
            }
        }
    }
}

/// The minimum number of nodes whose removal leaves no path from `sources` to `sinks` in a
/// directed graph over nodes `0..n` with the given (merged) `edges` — equal, by Menger, to
/// the maximum number of vertex-disjoint paths — and one such set of nodes (ascending).
/// Sources and sinks may themselves be cut. Node splitting plus Dinic (see the module
/// header).
pub fn vertex_cut(
    n: usize,
    edges: &[(u32, u32)],
    sources: &[u32],
    sinks: &[u32],
) -> (u32, Vec<u32>) {
    // Only nodes on some source → sink path can carry flow or belong to a minimum cut:
    // keep those reachable from a source and reaching a sink, which on supply networks
    // is a small part of the graph.
    let reach = |from: &[u32], forward: bool| -> Vec<bool> {
        let mut adj: Vec<Vec<u32>> = vec![Vec::new(); n];
        for &(a, b) in edges {
            if forward {
                adj[a as usize].push(b);
            } else {
                adj[b as usize].push(a);
            }
        }
        let mut seen = vec![false; n];
        let mut stack: Vec<u32> = from.to_vec();
        for &v in from {
            seen[v as usize] = true;
        }
        while let Some(v) = stack.pop() {
            for &w in &adj[v as usize] {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    stack.push(w);
                }
            }
        }
        seen
    };
    let from_sources = reach(sources, true);
    let to_sinks = reach(sinks, false);
    let keep: Vec<bool> = (0..n).map(|v| from_sources[v] && to_sinks[v]).collect();

    let n = n as u32;
    let (s, t) = (2 * n, 2 * n + 1);
    let mut net = Network::new(2 * n as usize + 2);
    for v in (0..n).filter(|&v| keep[v as usize]) {
        net.add(2 * v, 2 * v + 1, 1);
    }
    for &(a, b) in edges
        .iter()
        .filter(|(a, b)| keep[*a as usize] && keep[*b as usize])
    {
        net.add(2 * a + 1, 2 * b, INF);
    }
    for &v in sources.iter().filter(|&&v| keep[v as usize]) {
        net.add(s, 2 * v, INF);
    }
    for &v in sinks.iter().filter(|&&v| keep[v as usize]) {
        net.add(2 * v + 1, t, INF);
    }
    let flow = net.max_flow(s, t);
    let reach = net.levels(s, None);
    let cut = (0..n)
        .filter(|&v| reach[2 * v as usize] != NONE && reach[2 * v as usize + 1] == NONE)
        .collect();
    (u32::try_from(flow).unwrap_or(u32::MAX), cut)
}

/// Vertex connectivity of one chain in the region given by `local`.
pub fn chain_connectivity(model: &Model, local: &[bool], chain: ChainIdx) -> ChainConnectivity {
    // Firms involved: local producers of the chain and ends of its local supply links.
    let mut node_of = vec![NONE; model.firms.len()];
    let mut firms: Vec<FirmIdx> = Vec::new();
    let mut add_firm = |f: FirmIdx, firms: &mut Vec<FirmIdx>| {
        if node_of[f as usize] == NONE {
            node_of[f as usize] = firms.len() as u32;
            firms.push(f);
        }
        node_of[f as usize]
    };
    let mut edges: Vec<(u32, u32)> = Vec::new();
    for (_, link) in model.links_of(Layer::Supply) {
        let Some(s) = link.stage else { continue };
        if model.stages[s as usize].chain != chain
            || !local[link.source as usize]
            || !local[link.target as usize]
        {
            continue;
        }
        let a = add_firm(link.source, &mut firms);
        let b = add_firm(link.target, &mut firms);
        edges.push((a, b));
    }
    let mut sources = Vec::new();
    let mut sinks = Vec::new();
    for &s in &model.chains[chain as usize].stages {
        for &f in model.producers.get(s) {
            if !local[f as usize] {
                continue;
            }
            let v = add_firm(f, &mut firms);
            match model.stages[s as usize].tier {
                Tier::RawMaterial => sources.push(v),
                Tier::FinalProduct => sinks.push(v),
                _ => {}
            }
        }
    }
    sources.sort_unstable();
    sources.dedup();
    sinks.sort_unstable();
    sinks.dedup();
    edges.sort_unstable();
    edges.dedup();

    let (flow, cut_nodes) = vertex_cut(firms.len(), &edges, &sources, &sinks);
    let mut cut: Vec<String> = cut_nodes
        .into_iter()
        .map(|v| model.firms[firms[v as usize] as usize].id.clone())
        .collect();
    cut.sort();
    ChainConnectivity {
        chain: model.chains[chain as usize].id.clone(),
        raw_material_firms: sources.len(),
        final_product_firms: sinks.len(),
        connectivity: flow,
        cut,
    }
}
