//! The sector template `import-io` writes: sector-level input coefficients, the candidate
//! template edges (coefficient ≥ T), and the greedy rule that keeps the template acyclic.
//!
//! Sector coefficient of I into J: `a_IJ = Σ_{r,s} z(r/I, s/J) / Σ_i Σ_s z(i, s/J)` — the
//! share of sector J's intermediate inputs, summed over every region, that comes from
//! sector I in any region (own use included in the denominator, as in the link shares).
//! Candidate edges: I ≠ J with `a_IJ ≥ T` (the link threshold).
//!
//! Acyclic rule (deterministic greedy, the classic heuristic for a heavy acyclic
//! subgraph): take the candidates strongest first — by coefficient descending, ties by
//! supplier sector, then buyer sector, in table order — and keep each one unless it closes
//! a cycle with the edges kept so far (its buyer already reaches its supplier); such an
//! edge is dropped, and the cycle it would close is recorded for the log.

/// A candidate template edge between two sectors (indices into the sector list).
#[derive(Debug, Clone, PartialEq)]
pub struct SectorEdge {
    /// Supplier sector.
    pub from: usize,
    /// Buyer sector.
    pub to: usize,
    /// `a_IJ`, the sector-level input coefficient.
    pub coefficient: f64,
}

/// An edge dropped because it closes a cycle: the edge and the kept path `to → … → from`.
#[derive(Debug, Clone, PartialEq)]
pub struct DroppedEdge {
    /// The dropped edge.
    pub edge: SectorEdge,
    /// The kept sectors from `edge.to` to `edge.from` (both included): with the dropped
    /// edge, a cycle.
    pub path: Vec<usize>,
}

/// The template: kept edges (in the order taken) and dropped ones.
#[derive(Debug, Clone, Default)]
pub struct Template {
    /// Edges kept, strongest first.
    pub kept: Vec<SectorEdge>,
    /// Edges dropped because each would close a cycle, strongest first.
    pub dropped: Vec<DroppedEdge>,
    /// Number of candidates (`a_IJ ≥ T`, I ≠ J).
    pub candidates: usize,
}

impl Template {
    /// Whether sector `from` → `to` is an edge of the template.
    pub fn has(&self, from: usize, to: usize) -> bool {
        self.kept.iter().any(|e| e.from == from && e.to == to)
    }

    /// The inputs of sector `to`, in sector order.
    pub fn inputs_of(&self, to: usize) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .kept
            .iter()
            .filter(|e| e.to == to)
            .map(|e| e.from)
            .collect();
        v.sort_unstable();
        v
    }
}

/// Sector-level coefficients: `flows[I][J]` summed over regions, divided by the total
/// intermediate inputs of J; `None` where J has no inputs at all.
pub fn coefficients(sector_flows: &[Vec<f64>]) -> Vec<Vec<Option<f64>>> {
    let n = sector_flows.len();
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    let total: f64 = (0..n).map(|k| sector_flows[k][j]).sum();
                    (total > 0.0).then(|| sector_flows[i][j] / total)
                })
                .collect()
        })
        .collect()
}

/// Builds the acyclic template from the coefficients with threshold `t`.
pub fn build(coefficients: &[Vec<Option<f64>>], t: f64) -> Template {
    let n = coefficients.len();
    let mut candidates: Vec<SectorEdge> = Vec::new();
    for (from, row) in coefficients.iter().enumerate() {
        for (to, a) in row.iter().enumerate() {
            if let Some(a) = *a
                && from != to
                && a > 0.0
                && a >= t
            {
                candidates.push(SectorEdge {
                    from,
                    to,
                    coefficient: a,
                });
            }
        }
    }
    candidates.sort_by(|x, y| {
        y.coefficient
            .total_cmp(&x.coefficient)
            .then(x.from.cmp(&y.from))
            .then(x.to.cmp(&y.to))
    });
    let mut template = Template {
        candidates: candidates.len(),
        ..Template::default()
    };
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for edge in candidates {
        match path(&out, edge.to, edge.from) {
            Some(path) => template.dropped.push(DroppedEdge { edge, path }),
            None => {
                out[edge.from].push(edge.to);
                template.kept.push(edge);
            }
        }
    }
    template
}

/// A path `from → … → to` over the kept edges (breadth-first, neighbours in the order
/// kept, so the same input gives the same path), or `None`.
fn path(out: &[Vec<usize>], from: usize, to: usize) -> Option<Vec<usize>> {
    let mut parent: Vec<Option<usize>> = vec![None; out.len()];
    let mut seen = vec![false; out.len()];
    let mut queue = std::collections::VecDeque::from([from]);
    seen[from] = true;
    while let Some(u) = queue.pop_front() {
        if u == to {
            let mut p = vec![to];
            let mut v = to;
            while let Some(w) = parent[v] {
                p.push(w);
                v = w;
            }
            p.reverse();
            return Some(p);
        }
        for &v in &out[u] {
            if !seen[v] {
                seen[v] = true;
                parent[v] = Some(u);
                queue.push_back(v);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three sectors a, b, c with a cycle a → b → c → a: the weakest edge (c → a, 0.1)
    /// closes it and is dropped, with the kept path a → b → c it would close.
    #[test]
    fn the_weakest_edge_closing_a_cycle_is_dropped() {
        let c = vec![
            vec![None, Some(0.5), None],
            vec![None, None, Some(0.3)],
            vec![Some(0.1), None, None],
        ];
        let t = build(&c, 0.05);
        assert_eq!(t.candidates, 3);
        assert_eq!(t.kept.len(), 2);
        assert_eq!(t.dropped.len(), 1);
        assert_eq!((t.dropped[0].edge.from, t.dropped[0].edge.to), (2, 0));
        assert_eq!(t.dropped[0].path, [0, 1, 2]);
        assert!(t.has(0, 1) && t.has(1, 2) && !t.has(2, 0));
        assert_eq!(t.inputs_of(2), [1]);
    }

    #[test]
    fn below_threshold_and_own_use_are_no_candidates() {
        let c = vec![vec![Some(0.9), Some(0.04)], vec![Some(0.05), None]];
        let t = build(&c, 0.05);
        assert_eq!(t.candidates, 1);
        assert!(t.has(1, 0));
    }

    #[test]
    fn coefficients_divide_by_the_buyers_total_inputs() {
        // Column 0 totals 4: a_00 = 1/4, a_10 = 3/4; column 1 is empty.
        let c = coefficients(&[vec![1.0, 0.0], vec![3.0, 0.0]]);
        assert_eq!(c[0][0], Some(0.25));
        assert_eq!(c[1][0], Some(0.75));
        assert_eq!(c[0][1], None);
    }
}
