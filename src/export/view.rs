//! The part of the firm graph an export shows: filters combine (each narrows the view), and
//! the result lists nodes by firm id and edges in a fixed order, so the same input gives the
//! same bytes in every format.
//!
//! Order of application: node predicates (`--region`/`--city`, `--chain`, `--stage`), then
//! the layer filter on edges (`--layer`), then the neighbourhood (`--around F --depth K`,
//! undirected over the kept edges), then `--top N --by betweenness|criticality`. Edges are
//! kept when both ends are kept. Cost O(firms + links) plus the metrics when asked for.

use std::collections::VecDeque;

use crate::analysis::metrics::FirmMetrics;
use crate::error::Error;
use crate::model::{ChainIdx, FirmIdx, Layer, LinkIdx, Model, StageIdx};

/// What `--top N --by` ranks by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankBy {
    /// Betweenness centrality on the supply layer (`--by betweenness`).
    Betweenness,
    /// Number of final products for which the firm is closure-critical (`--by criticality`).
    Criticality,
}

/// The filters of `chainatlas export`, resolved against the model.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Layers whose links are kept (`--layer`); empty = every layer.
    pub layers: Vec<Layer>,
    /// Per city: kept? (`None` = every city.)
    pub cities: Option<Vec<bool>>,
    /// Keep only firms that produce a stage of this chain or take part in one of its
    /// links (`--chain`).
    pub chain: Option<ChainIdx>,
    /// Keep only firms that produce this stage or take part in one of its links (`--stage`).
    pub stage: Option<StageIdx>,
    /// Keep only firms within this many undirected hops of this firm over the kept links
    /// (`--around F --depth K`).
    pub around: Option<(FirmIdx, usize)>,
    /// Keep only the top N firms by this ranking, ties broken by firm id (`--top N --by`).
    pub top: Option<(usize, RankBy)>,
}

/// A filtered firm graph ready for a writer.
pub struct GraphView<'m> {
    /// The whole model; `nodes` and `edges` index into it.
    pub model: &'m Model,
    /// Kept firms, sorted by id.
    pub nodes: Vec<FirmIdx>,
    /// Kept links, sorted by (source id, target id, layer, stage, file order).
    pub edges: Vec<LinkIdx>,
    /// Per firm: in the analysis region?
    pub local: Vec<bool>,
    /// Per firm metrics (indexed by firm), when computed.
    pub metrics: Option<Vec<Option<FirmMetrics>>>,
    /// Per firm: drawn as a bottleneck (closure-critical or in a chain's minimum cut).
    pub highlight: Vec<bool>,
    /// A title for the graph (dataset and filters).
    pub title: String,
}

impl GraphView<'_> {
    /// Firm `f`'s metrics, if metrics were computed and cover `f`.
    pub fn metric(&self, f: FirmIdx) -> Option<&FirmMetrics> {
        self.metrics.as_ref().and_then(|m| m[f as usize].as_ref())
    }
}

/// Applies the filters. `metrics` (per firm) is needed for `--top`.
pub fn select(
    model: &Model,
    filters: &Filters,
    metrics: Option<&[Option<FirmMetrics>]>,
) -> Result<(Vec<FirmIdx>, Vec<LinkIdx>), Error> {
    let n = model.firms.len();
    let mut keep = vec![true; n];
    if let Some(cities) = &filters.cities {
        for (f, firm) in model.firms.iter().enumerate() {
            keep[f] &= cities.get(firm.city as usize).copied().unwrap_or(false);
        }
    }
    if let Some(chain) = filters.chain {
        let in_chain = |s: StageIdx| model.stages[s as usize].chain == chain;
        let mut touches = vec![false; n];
        for (f, firm) in model.firms.iter().enumerate() {
            touches[f] = firm.stages.iter().any(|&s| in_chain(s));
        }
        for link in &model.links {
            if link.stage.is_some_and(in_chain) {
                touches[link.source as usize] = true;
                touches[link.target as usize] = true;
            }
        }
        for f in 0..n {
            keep[f] &= touches[f];
        }
    }
    if let Some(stage) = filters.stage {
        let mut touches = vec![false; n];
        for (f, firm) in model.firms.iter().enumerate() {
            touches[f] = firm.produces(stage);
        }
        for link in &model.links {
            if link.stage == Some(stage) {
                touches[link.source as usize] = true;
                touches[link.target as usize] = true;
            }
        }
        for f in 0..n {
            keep[f] &= touches[f];
        }
    }
    let layer_ok = |l: Layer| filters.layers.is_empty() || filters.layers.contains(&l);
    let edges_of = |keep: &[bool]| -> Vec<LinkIdx> {
        (0..model.links.len() as LinkIdx)
            .filter(|&i| {
                let l = &model.links[i as usize];
                layer_ok(l.layer) && keep[l.source as usize] && keep[l.target as usize]
            })
            .collect()
    };
    if let Some((center, depth)) = filters.around {
        if !keep[center as usize] {
            return Err(Error::Usage(format!(
                "firm {:?} is excluded by the other filters",
                model.firms[center as usize].id
            )));
        }
        let edges = edges_of(&keep);
        let mut adjacency: Vec<Vec<FirmIdx>> = vec![Vec::new(); n];
        for &i in &edges {
            let l = &model.links[i as usize];
            adjacency[l.source as usize].push(l.target);
            adjacency[l.target as usize].push(l.source);
        }
        let mut dist = vec![usize::MAX; n];
        dist[center as usize] = 0;
        let mut queue = VecDeque::from([center]);
        while let Some(v) = queue.pop_front() {
            if dist[v as usize] == depth {
                continue;
            }
            for &w in &adjacency[v as usize] {
                if dist[w as usize] == usize::MAX {
                    dist[w as usize] = dist[v as usize] + 1;
                    queue.push_back(w);
                }
            }
        }
        for f in 0..n {
            keep[f] &= dist[f] != usize::MAX;
        }
    }
    if let Some((count, by)) = filters.top {
        let score = |f: usize| -> f64 {
            metrics
                .and_then(|m| m[f].as_ref())
                .map_or(0.0, |m| match by {
                    RankBy::Betweenness => m.betweenness,
                    RankBy::Criticality => f64::from(m.closure_critical_products),
                })
        };
        let mut ranked: Vec<usize> = (0..n).filter(|&f| keep[f]).collect();
        ranked.sort_by(|&a, &b| {
            score(b)
                .total_cmp(&score(a))
                .then(model.firms[a].id.cmp(&model.firms[b].id))
        });
        keep = vec![false; n];
        for f in ranked.into_iter().take(count) {
            keep[f] = true;
        }
    }
    let mut nodes: Vec<FirmIdx> = (0..n as FirmIdx).filter(|&f| keep[f as usize]).collect();
    nodes.sort_by(|&a, &b| model.firms[a as usize].id.cmp(&model.firms[b as usize].id));
    let mut edges = edges_of(&keep);
    let key = |i: LinkIdx| {
        let l = &model.links[i as usize];
        (
            model.firms[l.source as usize].id.as_str(),
            model.firms[l.target as usize].id.as_str(),
            l.layer,
            l.stage
                .map_or("", |s| model.stages[s as usize].key.as_str()),
            i,
        )
    };
    edges.sort_by(|&a, &b| key(a).cmp(&key(b)));
    Ok((nodes, edges))
}
