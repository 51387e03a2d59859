//! Completeness of each chain in a region (DESIGN.md "Completeness of chain c in region R";
//! the article's claim 1: "a complete chain from raw materials to final products").
//!
//! Definitions (θ = `min_producers`, default 1; "local" = firm in region R):
//! * presence `P(s)` = local producers of s; present = `P(s) ≥ θ`;
//!   stage coverage = present stages / stages; employment-weighted coverage = Σ over
//!   present stages of `w_s` / Σ over all stages of `w_s`, where `w_s` is the employment of
//!   every producer of s in the dataset (a firm's employees split evenly over its stages;
//!   firms without employees add nothing and are counted in `employment_unknown`).
//! * template edge u→s (one per distinct pair over s's input groups) is **realised** when a
//!   supply link f→g of stage u joins two local firms with g producing s, or one local firm
//!   produces both u and s; link coverage = realised / template edges (1 when a chain has
//!   none). A **blockage (堵点)** is an unrealised edge with both ends present.
//! * closure, structural and realised: see [`super::closure`]. A chain is complete when
//!   every final_product stage is closed in the chosen mode.
//! * **breakpoints (断点)**: from each unclosed final product walk down: an unclosed stage
//!   that is not present is a root cause `missing` (not descended); a present unclosed stage
//!   descends into every input group with no closed member, and when every group has a
//!   closed member it is itself the root cause `blocked`. `blocks` = number of final
//!   products whose walk reaches the root cause. A missing stage inside an OR-group whose
//!   other member is closed is therefore never a breakpoint.
//! * local sourcing and chokepoints: see [`super::sourcing`].
//!
//! Cost: presence O(firm-stage pairs); edge realisation one pass over supply links plus
//! one over firm-stage pairs; closure linear in links (see `closure`); breakpoints
//! O(final products × template size). Output lists are sorted by id.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;

use super::closure::{ConsumerIndex, RealisedClosure, structural};
use super::sourcing::{self, Chokepoint, ChokepointRule, EvidenceCount, Sourcing, Tally};
use crate::model::{ChainIdx, FirmIdx, Layer, Model, Region, StageIdx, Tier};

/// Which closure a result is stated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Local firms actually trade along the chain (default, stricter).
    Realised,
    /// Local producers exist for every required input.
    Structural,
}

impl Mode {
    /// The name used in JSON and CSV (`realised`, `structural`).
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Realised => "realised",
            Mode::Structural => "structural",
        }
    }
}

/// Options of the completeness analysis.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub mode: Mode,
    /// θ: local producers a stage needs to count as present.
    pub min_producers: u32,
    pub chokepoint: ChokepointRule,
    /// τ: the local sourcing rate H3 asks for.
    pub sourcing_threshold: f64,
    /// Candidate supplier → buyer pairs listed per blockage.
    pub pair_candidates: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Realised,
            min_producers: 1,
            chokepoint: ChokepointRule {
                share: 0.5,
                hhi: 0.4,
            },
            sourcing_threshold: 0.5,
            pair_candidates: 5,
        }
    }
}

/// Everything computed once per region and shared by all chains.
pub struct RegionState<'m> {
    pub model: &'m Model,
    pub region: &'m Region,
    pub local: Vec<bool>,
    pub presence: Vec<u32>,
    pub consumers: ConsumerIndex,
    pub realised: RealisedClosure,
    pub realised_closed: Vec<bool>,
    pub structural_closed: Vec<bool>,
    pub realised_edges: HashSet<(StageIdx, StageIdx)>,
    pub tallies: BTreeMap<StageIdx, Tally>,
    pub min_producers: u32,
}

impl<'m> RegionState<'m> {
    pub fn new(model: &'m Model, region: &'m Region, min_producers: u32) -> Self {
        Self::with_local(model, region, region.local_firms(model), min_producers)
    }

    /// The state for an explicit set of local firms (a scenario that removes firms from
    /// the region); `region` still names the region and its countries.
    pub fn with_local(
        model: &'m Model,
        region: &'m Region,
        local: Vec<bool>,
        min_producers: u32,
    ) -> Self {
        let presence = presence(model, &local);
        let consumers = ConsumerIndex::new(model);
        let realised = RealisedClosure::compute(model, &consumers, local.clone());
        let realised_closed = realised.stage_closed(model, &presence, min_producers);
        let structural_closed = structural(model, &presence, min_producers);
        let realised_edges = realised_edges(model, &consumers, &local);
        let tallies = sourcing::tally_by_stage(model, region, &local);
        RegionState {
            model,
            region,
            local,
            presence,
            consumers,
            realised,
            realised_closed,
            structural_closed,
            realised_edges,
            tallies,
            min_producers,
        }
    }

    pub fn closed(&self, mode: Mode) -> &[bool] {
        match mode {
            Mode::Realised => &self.realised_closed,
            Mode::Structural => &self.structural_closed,
        }
    }

    pub fn present(&self, s: StageIdx) -> bool {
        self.presence[s as usize] >= self.min_producers
    }

    /// Local producers of a stage, in file order.
    pub fn local_producers(&self, s: StageIdx) -> impl Iterator<Item = FirmIdx> + '_ {
        self.model
            .producers
            .get(s)
            .iter()
            .copied()
            .filter(|&f| self.local[f as usize])
    }
}

/// Local producers per stage.
pub fn presence(model: &Model, local: &[bool]) -> Vec<u32> {
    (0..model.stages.len() as StageIdx)
        .map(|s| {
            model
                .producers
                .get(s)
                .iter()
                .filter(|&&f| local[f as usize])
                .count() as u32
        })
        .collect()
}

/// Template edges (u, s) realised in the region, over all chains.
fn realised_edges(
    model: &Model,
    consumers: &ConsumerIndex,
    local: &[bool],
) -> HashSet<(StageIdx, StageIdx)> {
    let mut edges = HashSet::new();
    for (_, link) in model.links_of(Layer::Supply) {
        let Some(u) = link.stage else { continue };
        if !(local[link.source as usize] && local[link.target as usize]) {
            continue;
        }
        let buyer = &model.firms[link.target as usize];
        for &(s, _) in consumers.of(u) {
            if buyer.produces(s) {
                edges.insert((u, s));
            }
        }
    }
    for (f, firm) in model.firms.iter().enumerate() {
        if !local[f] || firm.stages.len() < 2 {
            continue;
        }
        for &s in &firm.stages {
            for &u in model.stages[s as usize].inputs.iter().flatten() {
                if firm.produces(u) {
                    edges.insert((u, s));
                }
            }
        }
    }
    edges
}

/// Distinct template edges (u, s) of a chain, sorted by (s id, u id) for output.
pub fn template_edges(model: &Model, chain: ChainIdx) -> Vec<(StageIdx, StageIdx)> {
    let mut edges: BTreeSet<(StageIdx, StageIdx)> = BTreeSet::new();
    for &s in &model.chains[chain as usize].stages {
        for &u in model.stages[s as usize].inputs.iter().flatten() {
            edges.insert((u, s));
        }
    }
    let mut edges: Vec<_> = edges.into_iter().collect();
    edges.sort_by(|a, b| {
        let id = |s: StageIdx| model.stages[s as usize].id.as_str();
        (id(a.0), id(a.1)).cmp(&(id(b.0), id(b.1)))
    });
    edges
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionRef {
    pub name: String,
    pub cities: Vec<String>,
}

impl RegionRef {
    pub fn of(region: &Region) -> Self {
        RegionRef {
            name: region.name.clone(),
            cities: region.cities.clone(),
        }
    }
}

/// `completeness --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completeness {
    pub region: RegionRef,
    pub mode: Mode,
    pub min_producers: u32,
    pub chains: Vec<ChainCompleteness>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainCompleteness {
    pub chain: String,
    pub complete: bool,
    pub stage_coverage: f64,
    pub stage_coverage_employment: Option<f64>,
    /// Producers (anywhere) whose employment is unknown, left out of the weighted coverage.
    pub employment_unknown: usize,
    pub link_coverage: f64,
    pub template_edges: usize,
    pub realised_edges: usize,
    pub local_sourcing_rate: Option<f64>,
    pub sourcing: Option<Sourcing>,
    pub final_products: Vec<FinalProduct>,
    pub closed_stages: Vec<String>,
    pub breakpoints: Vec<Breakpoint>,
    pub blockages: Vec<Blockage>,
    pub chokepoints: Vec<Chokepoint>,
    pub evidence: Vec<EvidenceCount>,
    pub stages: Vec<StageResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinalProduct {
    pub stage: String,
    /// Realised closure.
    pub closed: bool,
    pub structural_closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BreakReason {
    /// No local producer (fewer than θ).
    Missing,
    /// Local producers exist and closed inputs exist, but they do not buy them locally.
    Blocked,
}

impl BreakReason {
    /// The name used in JSON and CSV (`missing`, `blocked`).
    pub fn as_str(self) -> &'static str {
        match self {
            BreakReason::Missing => "missing",
            BreakReason::Blocked => "blocked",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakpoint {
    pub stage: String,
    pub reason: BreakReason,
    pub blocks: usize,
    /// The final products it blocks, sorted.
    pub final_products: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blockage {
    pub from: String,
    pub to: String,
    pub suppliers: usize,
    pub buyers: usize,
    /// Best local supplier → buyer pairs to introduce: same city first, then by size.
    pub candidates: Vec<PairCandidate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairCandidate {
    pub supplier: String,
    pub supplier_city: String,
    pub buyer: String,
    pub buyer_city: String,
    pub same_city: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageResult {
    pub stage: String,
    pub label: String,
    pub tier: Tier,
    pub producers: u32,
    pub present: bool,
    /// Closed in the report's mode.
    pub closed: bool,
    pub structural_closed: bool,
    pub realised_closed: bool,
    /// Local producers' employment (split over their stages); `None` if none known.
    pub local_employment: Option<f64>,
    /// How local buyers source this stage.
    pub sourcing: Option<Sourcing>,
}

/// Runs the analysis for the given chains (all when `chains` is empty).
pub fn analyse(state: &RegionState<'_>, chains: &[ChainIdx], opts: &Options) -> Completeness {
    let model = state.model;
    let mut selected: Vec<ChainIdx> = if chains.is_empty() {
        (0..model.chains.len() as ChainIdx).collect()
    } else {
        chains.to_vec()
    };
    selected.sort_by(|a, b| {
        model.chains[*a as usize]
            .id
            .cmp(&model.chains[*b as usize].id)
    });
    Completeness {
        region: RegionRef::of(state.region),
        mode: opts.mode,
        min_producers: state.min_producers,
        chains: selected
            .into_iter()
            .map(|c| chain_completeness(state, c, opts))
            .collect(),
    }
}

fn stage_id(model: &Model, s: StageIdx) -> String {
    model.stages[s as usize].id.clone()
}

/// Stages of a chain sorted by id.
fn sorted_stages(model: &Model, chain: ChainIdx) -> Vec<StageIdx> {
    let mut stages = model.chains[chain as usize].stages.clone();
    stages.sort_by(|a, b| {
        model.stages[*a as usize]
            .id
            .cmp(&model.stages[*b as usize].id)
    });
    stages
}

pub fn chain_completeness(
    state: &RegionState<'_>,
    chain: ChainIdx,
    opts: &Options,
) -> ChainCompleteness {
    let model = state.model;
    let stages = sorted_stages(model, chain);
    let closed = state.closed(opts.mode);
    let present_count = stages.iter().filter(|&&s| state.present(s)).count();

    // Employment weights w_s over every producer in the dataset.
    let mut unknown = BTreeSet::new();
    let weight_of = |s: StageIdx, only_local: bool, unknown: &mut BTreeSet<FirmIdx>| -> f64 {
        model
            .producers
            .get(s)
            .iter()
            .filter(|&&f| !only_local || state.local[f as usize])
            .map(|&f| {
                let firm = &model.firms[f as usize];
                match firm.employees {
                    Some(e) => e / firm.stages.len() as f64,
                    None => {
                        unknown.insert(f);
                        0.0
                    }
                }
            })
            .sum()
    };
    let weights: Vec<f64> = stages
        .iter()
        .map(|&s| weight_of(s, false, &mut unknown))
        .collect();
    let total_weight: f64 = weights.iter().sum();
    let present_weight: f64 = stages
        .iter()
        .zip(&weights)
        .filter(|(s, _)| state.present(**s))
        .map(|(_, w)| w)
        .sum();

    let edges = template_edges(model, chain);
    let realised = edges
        .iter()
        .filter(|e| state.realised_edges.contains(e))
        .count();
    let blockages = edges
        .iter()
        .filter(|&&(u, s)| {
            state.present(u) && state.present(s) && !state.realised_edges.contains(&(u, s))
        })
        .map(|&(u, s)| blockage(state, u, s, opts.pair_candidates))
        .collect();

    let tally = sourcing::chain_tally(&model.chains[chain as usize].stages, &state.tallies);
    let chain_sourcing = tally.sourcing();
    let chokepoints = stages
        .iter()
        .filter_map(|s| {
            let t = state.tallies.get(s)?;
            sourcing::chokepoint(&model.stages[*s as usize].id, t, opts.chokepoint)
        })
        .collect();

    let finals: Vec<StageIdx> = stages
        .iter()
        .copied()
        .filter(|&s| model.stages[s as usize].tier == Tier::FinalProduct)
        .collect();
    let complete = finals.iter().all(|&s| closed[s as usize]);

    ChainCompleteness {
        chain: model.chains[chain as usize].id.clone(),
        complete,
        stage_coverage: present_count as f64 / stages.len().max(1) as f64,
        stage_coverage_employment: (total_weight > 0.0).then(|| present_weight / total_weight),
        employment_unknown: unknown.len(),
        link_coverage: if edges.is_empty() {
            1.0
        } else {
            realised as f64 / edges.len() as f64
        },
        template_edges: edges.len(),
        realised_edges: realised,
        local_sourcing_rate: chain_sourcing.as_ref().map(|s| s.local),
        sourcing: chain_sourcing,
        final_products: finals
            .iter()
            .map(|&s| FinalProduct {
                stage: stage_id(model, s),
                closed: state.realised_closed[s as usize],
                structural_closed: state.structural_closed[s as usize],
            })
            .collect(),
        closed_stages: stages
            .iter()
            .filter(|&&s| closed[s as usize])
            .map(|&s| stage_id(model, s))
            .collect(),
        breakpoints: breakpoints(state, &finals, closed),
        blockages,
        chokepoints,
        evidence: sourcing::evidence_mix(tally.evidence()),
        stages: stages
            .iter()
            .map(|&s| {
                let stage = &model.stages[s as usize];
                let mut ignore = BTreeSet::new();
                let local_employment = weight_of(s, true, &mut ignore);
                let any_known = state
                    .local_producers(s)
                    .any(|f| model.firms[f as usize].employees.is_some());
                StageResult {
                    stage: stage.id.clone(),
                    label: stage.label.clone(),
                    tier: stage.tier,
                    producers: state.presence[s as usize],
                    present: state.present(s),
                    closed: closed[s as usize],
                    structural_closed: state.structural_closed[s as usize],
                    realised_closed: state.realised_closed[s as usize],
                    local_employment: any_known.then_some(local_employment),
                    sourcing: state.tallies.get(&s).and_then(Tally::sourcing),
                }
            })
            .collect(),
    }
}

/// Root causes of the unclosed final products (see the module header).
pub fn breakpoints(
    state: &RegionState<'_>,
    finals: &[StageIdx],
    closed: &[bool],
) -> Vec<Breakpoint> {
    let model = state.model;
    let mut found: BTreeMap<(String, BreakReason), BTreeSet<String>> = BTreeMap::new();
    for &f in finals {
        if closed[f as usize] {
            continue;
        }
        let mut seen = HashSet::new();
        let mut stack = vec![f];
        while let Some(s) = stack.pop() {
            if !seen.insert(s) {
                continue;
            }
            if !state.present(s) {
                found
                    .entry((stage_id(model, s), BreakReason::Missing))
                    .or_default()
                    .insert(stage_id(model, f));
                continue;
            }
            let open_groups: Vec<&Vec<StageIdx>> = model.stages[s as usize]
                .inputs
                .iter()
                .filter(|g| !g.iter().any(|&u| closed[u as usize]))
                .collect();
            if open_groups.is_empty() {
                found
                    .entry((stage_id(model, s), BreakReason::Blocked))
                    .or_default()
                    .insert(stage_id(model, f));
            } else {
                stack.extend(open_groups.into_iter().flatten().copied());
            }
        }
    }
    found
        .into_iter()
        .map(|((stage, reason), finals)| Breakpoint {
            stage,
            reason,
            blocks: finals.len(),
            final_products: finals.into_iter().collect(),
        })
        .collect()
}

/// A blockage with its best candidate pairs: same city first, then larger firms (supplier
/// plus buyer employees, unknown = 0), then ids. Only the `limit` largest producers on each
/// side per city are paired, so the cost stays O(P log P) however many producers there are.
fn blockage(state: &RegionState<'_>, u: StageIdx, s: StageIdx, limit: usize) -> Blockage {
    let model = state.model;
    let size = |f: FirmIdx| model.firms[f as usize].employees.unwrap_or(0.0);
    let by_size = |mut v: Vec<FirmIdx>| {
        v.sort_by(|&a, &b| {
            size(b)
                .total_cmp(&size(a))
                .then(model.firms[a as usize].id.cmp(&model.firms[b as usize].id))
        });
        v
    };
    let suppliers = by_size(state.local_producers(u).collect());
    let buyers = by_size(state.local_producers(s).collect());
    let mut pool: BTreeSet<(FirmIdx, FirmIdx)> = BTreeSet::new();
    let mut per_city: BTreeMap<u32, (Vec<FirmIdx>, Vec<FirmIdx>)> = BTreeMap::new();
    for &f in &suppliers {
        per_city
            .entry(model.firms[f as usize].city)
            .or_default()
            .0
            .push(f);
    }
    for &f in &buyers {
        per_city
            .entry(model.firms[f as usize].city)
            .or_default()
            .1
            .push(f);
    }
    for (sup, buy) in per_city.values() {
        for &a in sup.iter().take(limit) {
            for &b in buy.iter().take(limit) {
                pool.insert((a, b));
            }
        }
    }
    for &a in suppliers.iter().take(limit) {
        for &b in buyers.iter().take(limit) {
            pool.insert((a, b));
        }
    }
    let mut pairs: Vec<(FirmIdx, FirmIdx)> = pool.into_iter().filter(|(a, b)| a != b).collect();
    let same =
        |(a, b): (FirmIdx, FirmIdx)| model.firms[a as usize].city == model.firms[b as usize].city;
    pairs.sort_by(|&x, &y| {
        same(y)
            .cmp(&same(x))
            .then((size(y.0) + size(y.1)).total_cmp(&(size(x.0) + size(x.1))))
            .then(
                model.firms[x.0 as usize]
                    .id
                    .cmp(&model.firms[y.0 as usize].id),
            )
            .then(
                model.firms[x.1 as usize]
                    .id
                    .cmp(&model.firms[y.1 as usize].id),
            )
    });
    pairs.truncate(limit);
    Blockage {
        from: stage_id(model, u),
        to: stage_id(model, s),
        suppliers: suppliers.len(),
        buyers: buyers.len(),
        candidates: pairs
            .into_iter()
            .map(|(a, b)| PairCandidate {
                supplier: model.firms[a as usize].id.clone(),
                supplier_city: model.firm_city(a).id.clone(),
                buyer: model.firms[b as usize].id.clone(),
                buyer_city: model.firm_city(b).id.clone(),
                same_city: same((a, b)),
            })
            .collect(),
    }
}
