//! The generic minimum vertex cut ([`vertex_cut`]) between node sets of a directed graph,
//! by maximum flow (Menger). It also serves whole graphs of millions of links (the
//! `maxflow` benchmark), so it is built for that size:
//! * Only nodes on some source → sink path are kept, renumbered in breadth-first order
//!   from the sources so that searches touch memory in runs; out- and in-adjacency are
//!   compressed rows.
//! * The split network is never built. Every firm carries at most one unit, so a flow is a
//!   set of vertex-disjoint paths, stored as one predecessor and one successor per node,
//!   and the residual arcs follow from them: f_in leads to f_out when f carries no flow,
//!   else back to its predecessor's out-node; f_out leads to the in-node of every
//!   out-neighbour, and back to f_in when f carries flow. Searches step from out-node to
//!   out-node, one node record read per arc.
//! * Maximum flow by Dinic's algorithm: breadth-first levels up to the first level holding
//!   a sink, then a blocking flow by an iterative search with current-arc pointers
//!   (O(E·√V) on this unit-capacity network). The late phases each find few, long paths
//!   yet search nearly all of the part of the network their terminal reaches, and on
//!   supply networks the part that still reaches the sinks is much smaller than the part
//!   the sources reach. So each phase starts from whichever terminal's last search scanned
//!   fewer arcs (a terminal not yet tried counts as free, so both get measured): a phase
//!   from the super-sink is an ordinary Dinic phase on the reversed network, where sinks
//!   are sources and successors predecessors, over the same flow.

use crate::model::Csr;

const NONE: u32 = u32::MAX;
/// As a predecessor: the super-source; as a successor: the super-sink.
const TERMINAL: u32 = u32::MAX - 1;

/// Nodes reachable from `from` along the rows of `g` (the nodes of `from` included).
fn reach(g: &Csr, from: &[u32]) -> Vec<bool> {
    let mut seen = vec![false; g.keys()];
    let mut stack: Vec<u32> = Vec::new();
    for &v in from {
        if !seen[v as usize] {
            seen[v as usize] = true;
            stack.push(v);
        }
    }
    while let Some(v) = stack.pop() {
        for &w in g.get(v) {
            if !seen[w as usize] {
                seen[w as usize] = true;
                stack.push(w);
            }
        }
    }
    seen
}

/// What a search in one direction reads of a node per arc, side by side (one cache miss).
#[derive(Clone, Copy)]
struct Hot {
    /// The node before this one on its path in this direction (`TERMINAL`: the terminal
    /// the direction starts from), `NONE` when the node carries no flow.
    link: u32,
    /// Level in the current phase's search, `NONE` when unreached or a dead end.
    level: u32,
}

/// The out-node (in the direction `link` belongs to) that `w_in` leads to in the residual
/// graph, given `w`'s predecessor `link`: `w_out` when `w` carries no flow, else the
/// predecessor's out-node (cancelling that link); `NONE` when the flow comes straight from
/// the terminal (the arc back to it is of no use).
#[inline]
fn leads_to(w: u32, link: u32) -> u32 {
    match link {
        NONE => w,
        TERMINAL => NONE,
        p => p,
    }
}

/// Vertex-disjoint source → sink paths on the pruned graph (a flow of the split network),
/// searched in either direction: index 0 of each pair is the forward view, index 1 the
/// reversed one, in which sinks are the sources, in-rows the out-rows, successors the
/// predecessors, and a node's in-node plays its out-node.
struct Paths {
    /// Out-rows and in-rows.
    g: [Csr; 2],
    /// Sources and sinks (renumbered, each once, in input order).
    starts: [Vec<u32>; 2],
    /// Whether a node is a sink / a source.
    end: [Vec<bool>; 2],
    /// Per direction and node: predecessors (forward) or successors (reversed), and levels.
    hot: [Vec<Hot>; 2],
    /// Position in its row of the blocking-flow search's current arc (past the row: the
    /// arc back through the node's own split pair).
    cur: Vec<u32>,
    queue: Vec<u32>,
}

impl Paths {
    /// The out-node in direction `d` that `w_in` leads to (see [`leads_to`]).
    #[inline]
    fn enter(&self, d: usize, w: u32) -> u32 {
        leads_to(w, self.hot[d][w as usize].link)
    }

    /// Breadth-first levels of the out-nodes in direction `d` (0: entered straight from the
    /// terminal), up to the first level holding an end node. Returns that level (`NONE`
    /// when no end node is reachable) and the number of arcs scanned.
    fn levels(&mut self, d: usize) -> (u32, usize) {
        for h in &mut self.hot[d] {
            h.level = NONE;
        }
        let mut queue = std::mem::take(&mut self.queue);
        queue.clear();
        let mut top = NONE;
        let end = &self.end[d];
        let visit = |node: &mut [Hot], queue: &mut Vec<u32>, top: &mut u32, z: u32, l: u32| {
            if z != NONE && node[z as usize].level == NONE {
                node[z as usize].level = l;
                queue.push(z);
                if end[z as usize] && *top == NONE {
                    *top = l;
                }
            }
        };
        let mut node = std::mem::take(&mut self.hot[d]);
        for &a in &self.starts[d] {
            let z = leads_to(a, node[a as usize].link);
            visit(&mut node, &mut queue, &mut top, z, 0);
        }
        let mut scanned = 0;
        let mut head = 0;
        while let Some(&x) = queue.get(head) {
            head += 1;
            let l = node[x as usize].level;
            if l >= top {
                break;
            }
            let row = self.g[d].get(x);
            scanned += row.len() + 1;
            for &w in row {
                let z = leads_to(w, node[w as usize].link);
                visit(&mut node, &mut queue, &mut top, z, l + 1);
            }
            // x_out → x_in → pred_out when x carries flow from another node.
            let p = node[x as usize].link;
            if p < TERMINAL {
                visit(&mut node, &mut queue, &mut top, p, l + 1);
            }
        }
        self.hot[d] = node;
        self.queue = queue;
        (top, scanned)
    }

    /// One blocking flow on the level graph of direction `d`, whose end nodes are at level
    /// `top`; returns the number of paths added.
    fn blocking(&mut self, d: usize, top: u32, path: &mut Vec<(u32, u32)>) -> u32 {
        self.cur.fill(0);
        let mut found = 0;
        for i in 0..self.starts[d].len() {
            let a = self.starts[d][i];
            let r = self.enter(d, a);
            if r == NONE || self.hot[d][r as usize].level != 0 {
                continue;
            }
            path.clear();
            let mut x = r;
            loop {
                let mut next = None;
                let level = self.hot[d][x as usize].level;
                if level == top {
                    if self.end[d][x as usize] {
                        self.augment(d, a, r, path);
                        found += 1;
                        break;
                    }
                } else {
                    let row = self.g[d].get(x);
                    let mut e = self.cur[x as usize] as usize;
                    while let Some(&w) = row.get(e) {
                        let z = self.enter(d, w);
                        if z != NONE && self.hot[d][z as usize].level == level + 1 {
                            next = Some((w, z));
                            break;
                        }
                        e += 1;
                    }
                    if e == row.len() {
                        // Past the row: the arc back through x's own split pair.
                        let p = self.hot[d][x as usize].link;
                        if p < TERMINAL && self.hot[d][p as usize].level == level + 1 {
                            next = Some((x, p));
                        } else {
                            e += 1;
                        }
                    }
                    self.cur[x as usize] = e as u32;
                }
                match next {
                    Some((w, z)) => {
                        path.push((w, z));
                        x = z;
                    }
                    None => {
                        self.hot[d][x as usize].level = NONE; // dead end for this phase
                        if path.pop().is_none() {
                            break;
                        }
                        x = path.last().map_or(r, |&(_, z)| z);
                        self.cur[x as usize] += 1;
                    }
                }
            }
        }
        found
    }

    /// Applies the augmenting path (in direction `d`) terminal → a_in → r_out, then
    /// `path` (steps to z_out via w_in, where w = the previous out-node itself means going
    /// back through its split pair), then from its last node to the other terminal.
    fn augment(&mut self, d: usize, a: u32, r: u32, path: &[(u32, u32)]) {
        let [h0, h1] = &mut self.hot;
        let (pred, succ) = if d == 0 { (h0, h1) } else { (h1, h0) };
        pred[a as usize].link = TERMINAL;
        if r != a {
            succ[r as usize].link = NONE; // cancel r → a
        }
        let mut x = r;
        for &(w, z) in path {
            if w == x {
                // Cancel z → x: x carries no flow any more.
                succ[z as usize].link = NONE;
                pred[x as usize].link = NONE;
            } else {
                succ[x as usize].link = w;
                pred[w as usize].link = x;
                if z != w {
                    succ[z as usize].link = NONE; // cancel z → w
                }
            }
            x = z;
        }
        succ[x as usize].link = TERMINAL;
    }

    /// Dinic's algorithm, each phase searched from the terminal whose last search scanned
    /// fewer arcs (see the module header); returns the number of paths.
    fn max_flow(&mut self) -> u32 {
        // Both start at 0, so the second phase measures the reversed direction.
        let mut cost = [0, 0];
        let mut path = Vec::new();
        let mut flow = 0;
        loop {
            let d = usize::from(cost[1] < cost[0]);
            let (top, scanned) = self.levels(d);
            cost[d] = scanned;
            if top == NONE {
                return flow;
            }
            flow += self.blocking(d, top, &mut path);
            #[cfg(test)]
            self.check(flow);
        }
    }

    /// Test builds: the links describe `flow` vertex-disjoint paths (or cycles) along edges.
    #[cfg(test)]
    fn check(&self, flow: u32) {
        let mut from_source = 0;
        for v in 0..self.cur.len() {
            let (pred, succ) = (self.hot[0][v].link, self.hot[1][v].link);
            assert_eq!(pred == NONE, succ == NONE, "node {v}");
            match pred {
                NONE => {}
                TERMINAL => {
                    assert!(self.end[1][v]);
                    from_source += 1;
                }
                p => {
                    assert_eq!(self.hot[1][p as usize].link, v as u32);
                    assert!(self.g[0].get(p).contains(&(v as u32)));
                }
            }
            match succ {
                NONE => {}
                TERMINAL => assert!(self.end[0][v]),
                w => assert_eq!(self.hot[0][w as usize].link, v as u32),
            }
        }
        assert_eq!(from_source, flow);
    }

    /// Nodes whose in-node is reachable from the super-source in the residual graph and
    /// whose out-node is not.
    fn cut(&self) -> Vec<u32> {
        let n = self.cur.len();
        let mut reach_in = vec![false; n];
        let mut reach_out = vec![false; n];
        let mut stack = Vec::new();
        let mut enter = |w: u32, reach_in: &mut Vec<bool>, stack: &mut Vec<u32>| {
            if !reach_in[w as usize] {
                reach_in[w as usize] = true;
                let z = self.enter(0, w);
                if z != NONE && !reach_out[z as usize] {
                    reach_out[z as usize] = true;
                    stack.push(z);
                }
            }
        };
        for &a in &self.starts[0] {
            enter(a, &mut reach_in, &mut stack);
        }
        while let Some(x) = stack.pop() {
            for &w in self.g[0].get(x) {
                enter(w, &mut reach_in, &mut stack);
            }
            // x_out → x_in when x carries flow.
            if self.hot[0][x as usize].link != NONE {
                enter(x, &mut reach_in, &mut stack);
            }
        }
        (0..n as u32)
            .filter(|&v| reach_in[v as usize] && !reach_out[v as usize])
            .collect()
    }
}

/// The minimum number of nodes whose removal leaves no path from `sources` to `sinks` in a
/// directed graph over nodes `0..n` with the given `edges` — equal, by Menger, to the
/// maximum number of vertex-disjoint paths — and one such set of nodes (ascending): the
/// one closest to the sources (see the module header). Sources and sinks may themselves be
/// cut; parallel edges and self-loops are allowed (and change nothing).
pub fn vertex_cut(
    n: usize,
    edges: &[(u32, u32)],
    sources: &[u32],
    sinks: &[u32],
) -> (u32, Vec<u32>) {
    // A self-loop a_out → a_in never lies on an augmenting path, and it cannot change the
    // cut: a_in is only reached through it once a_out is, which keeps a out of the cut.
    let arcs = || edges.iter().copied().filter(|(a, b)| a != b);
    let out = Csr::from_pairs(n, arcs());
    // Only nodes on some source → sink path can carry flow or belong to a minimum cut:
    // those reaching a sink and reachable from a source through such nodes (every node on
    // a source → sink path reaches the sink). They are renumbered in breadth-first order
    // from the sources, so that nodes the searches meet together sit together in memory.
    let to_sinks = reach(&Csr::from_pairs(n, arcs().map(|(a, b)| (b, a))), sinks);
    let mut new_of = vec![NONE; n];
    let mut order: Vec<u32> = Vec::new();
    for &v in sources {
        if to_sinks[v as usize] && new_of[v as usize] == NONE {
            new_of[v as usize] = order.len() as u32;
            order.push(v);
        }
    }
    // Node `order[i]` gets its row when it leaves the queue, by which time every node
    // the row points to has been numbered.
    let mut pruned = Csr::default();
    while let Some(&v) = order.get(pruned.keys()) {
        for &w in out.get(v) {
            if to_sinks[w as usize] {
                if new_of[w as usize] == NONE {
                    new_of[w as usize] = order.len() as u32;
                    order.push(w);
                }
                pruned.push(new_of[w as usize]);
            }
        }
        pruned.end_row();
    }
    let k = order.len();
    drop(out);
    let out = pruned;
    let inn = Csr::from_pairs(
        k,
        (0..k as u32).flat_map(|v| out.get(v).iter().map(move |&w| (w, v))),
    );
    let g = [out, inn];
    let renumber = |list: &[u32]| -> (Vec<u32>, Vec<bool>) {
        let mut is = vec![false; k];
        let list = list
            .iter()
            .map(|&v| new_of[v as usize])
            .filter(|&v| v != NONE && !std::mem::replace(&mut is[v as usize], true))
            .collect();
        (list, is)
    };
    let (sources, is_source) = renumber(sources);
    let (sinks, is_sink) = renumber(sinks);
    let mut paths = Paths {
        g,
        starts: [sources, sinks],
        end: [is_sink, is_source],
        hot: [0, 1].map(|_| {
            vec![
                Hot {
                    link: NONE,
                    level: NONE
                };
                k
            ]
        }),
        cur: vec![0; k],
        queue: Vec::with_capacity(k),
    };
    let flow = paths.max_flow();
    let mut cut: Vec<u32> = paths.cut().into_iter().map(|v| order[v as usize]).collect();
    cut.sort_unstable();
    (flow, cut)
}

#[cfg(test)]
/// Besides these comparisons, test builds check after every phase that the stored
/// predecessors and successors describe vertex-disjoint paths along edges (`Paths::check`).
mod tests {
    use super::vertex_cut;
    use proptest::prelude::*;
    use std::collections::VecDeque;

    /// Straightforward reference: the split network as an explicit residual graph
    /// (node v: in = 2v, out = 2v + 1; super-source 2n, super-sink 2n + 1), one BFS
    /// augmenting path at a time, then the cut read off the residual graph.
    fn reference(
        n: usize,
        edges: &[(u32, u32)],
        sources: &[u32],
        sinks: &[u32],
    ) -> (u32, Vec<u32>) {
        const BIG: i64 = 1 << 40;
        let m = 2 * n + 2;
        let (s, t) = (2 * n, 2 * n + 1);
        let mut to = Vec::new();
        let mut cap = Vec::new();
        let mut adj = vec![Vec::new(); m];
        let mut add = |a: usize, b: usize, c: i64| {
            adj[a].push(to.len());
            to.push(b);
            cap.push(c);
            adj[b].push(to.len());
            to.push(a);
            cap.push(0);
        };
        for v in 0..n {
            add(2 * v, 2 * v + 1, 1);
        }
        for &(a, b) in edges {
            add(2 * a as usize + 1, 2 * b as usize, BIG);
        }
        for &v in sources {
            add(s, 2 * v as usize, BIG);
        }
        for &v in sinks {
            add(2 * v as usize + 1, t, BIG);
        }
        let bfs = |cap: &[i64]| {
            let mut via = vec![usize::MAX; m];
            let mut seen = vec![false; m];
            seen[s] = true;
            let mut queue = VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                for &e in &adj[v] {
                    if cap[e] > 0 && !seen[to[e]] {
                        seen[to[e]] = true;
                        via[to[e]] = e;
                        queue.push_back(to[e]);
                    }
                }
            }
            (seen, via)
        };
        let mut flow = 0;
        loop {
            let (seen, via) = bfs(&cap);
            if !seen[t] {
                let cut = (0..n as u32)
                    .filter(|&v| seen[2 * v as usize] && !seen[2 * v as usize + 1])
                    .collect();
                return (flow, cut);
            }
            let mut v = t;
            while v != s {
                let e = via[v];
                cap[e] -= 1;
                cap[e ^ 1] += 1;
                v = to[e ^ 1];
            }
            flow += 1;
        }
    }

    /// Node count, edges, sources, sinks.
    type Case = (usize, Vec<(u32, u32)>, Vec<u32>, Vec<u32>);

    fn case(max_n: usize, max_edges: usize) -> impl Strategy<Value = Case> {
        (1..=max_n).prop_flat_map(move |n| {
            let v = 0..n as u32;
            (
                Just(n),
                prop::collection::vec((v.clone(), v.clone()), 0..=max_edges),
                prop::collection::vec(v.clone(), 0..=n.min(6)),
                prop::collection::vec(v, 0..=n.min(6)),
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Same flow value and same (source-closest) cut as the reference, on small graphs
        /// with self-loops, parallel edges, isolated nodes, repeated terminals and nodes
        /// that are both sources and sinks.
        #[test]
        fn small_graphs_match_reference((n, edges, sources, sinks) in case(10, 30)) {
            let got = vertex_cut(n, &edges, &sources, &sinks);
            prop_assert_eq!(got.0 as usize, got.1.len());
            prop_assert_eq!(got, reference(n, &edges, &sources, &sinks));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Larger graphs: several phases, searches from both ends.
        #[test]
        fn larger_graphs_match_reference((n, edges, sources, sinks) in case(80, 320)) {
            let got = vertex_cut(n, &edges, &sources, &sinks);
            prop_assert_eq!(got, reference(n, &edges, &sources, &sinks));
        }
    }

    #[test]
    fn edge_cases() {
        assert_eq!(vertex_cut(0, &[], &[], &[]), (0, vec![]));
        assert_eq!(vertex_cut(2, &[(0, 1)], &[], &[1]), (0, vec![]));
        // Node 2 is a source and a sink, so it is cut itself; 1 → 1 changes nothing.
        let edges = [(0, 1), (1, 1), (0, 1)];
        assert_eq!(vertex_cut(4, &edges, &[0, 2, 0], &[1, 2]), (2, vec![0, 2]));
        // Two paths share node 2: the cut closest to the sources is {2}, not {3}.
        let edges = [(0, 2), (1, 2), (2, 3), (3, 4)];
        assert_eq!(vertex_cut(5, &edges, &[0, 1], &[4]), (1, vec![2]));
    }

    /// Layered graphs, where augmenting paths must cancel earlier ones.
    #[test]
    fn layered_graphs_match_reference() {
        let mut x: u64 = 42;
        let mut rand = |k: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % k
        };
        for _ in 0..300 {
            let layers = 2 + rand(8) as u32;
            let width = 1 + rand(12) as u32;
            let n = (layers * width) as usize;
            let mut edges = Vec::new();
            for l in 0..layers - 1 {
                for _ in 0..width * (1 + rand(3) as u32) {
                    let a = l * width + rand(u64::from(width)) as u32;
                    let b = (l + 1) * width + rand(u64::from(width)) as u32;
                    edges.push((a, b));
                }
            }
            for _ in 0..rand(2 * u64::from(width)) {
                let a = rand(n as u64) as u32;
                let b = rand(n as u64) as u32;
                edges.push((a, b));
            }
            let sources: Vec<u32> = (0..width).filter(|_| rand(3) > 0).collect();
            let sinks: Vec<u32> = (0..width)
                .filter(|_| rand(3) > 0)
                .map(|v| (layers - 1) * width + v)
                .collect();
            assert_eq!(
                vertex_cut(n, &edges, &sources, &sinks),
                reference(n, &edges, &sources, &sinks),
                "{n} {edges:?} {sources:?} {sinks:?}"
            );
        }
    }
}
