//! The per-region state every completeness-based analysis starts from: local firms,
//! presence per stage, both closures and the realised template edges, computed once
//! ([`RegionState`]); and [`RegionRef`], how a result names its region.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;

use super::Mode;
use super::evidence::EvidenceView;
use crate::analysis::closure::{ConsumerIndex, RealisedClosure, structural_given, template_order};
use crate::analysis::sourcing::{self, Tally};
use crate::model::{ChainIdx, FirmIdx, Layer, Model, Region, StageIdx};

/// Everything computed once per region and shared by all chains.
pub struct RegionState<'m> {
    /// The model the state was computed on.
    pub model: &'m Model,
    /// The region R (name and cities).
    pub region: &'m Region,
    /// Per firm: counted as local (in R, minus any firms a scenario removed).
    pub local: Vec<bool>,
    /// P(s) per stage: local producers.
    pub presence: Vec<u32>,
    /// The template's (consumer stage, group) slots per input stage.
    pub consumers: ConsumerIndex,
    /// The realised-closure fixpoint over (firm, stage) pairs.
    pub realised: RealisedClosure,
    /// Per stage: closed in the realised closure.
    pub realised_closed: Vec<bool>,
    /// Per stage: closed in the structural closure.
    pub structural_closed: Vec<bool>,
    /// Template edges (u, s), over all chains, realised by local trade or vertical
    /// integration.
    pub realised_edges: EdgeSet,
    /// Of `realised_edges`, those a recorded local supply link realises (the others only a
    /// local firm that makes both u and s).
    pub linked_edges: EdgeSet,
    /// Counted supply links into local buyers that use the stage they carry (the buyer
    /// produces a stage taking it as an input), per stage (for sourcing and chokepoints).
    pub tallies: BTreeMap<StageIdx, Tally>,
    /// θ: local producers a stage needs to count as present.
    pub min_producers: u32,
    /// Per stage: importable (`--importable`): closed in both bounds whatever its inputs.
    pub importable: Vec<bool>,
    /// Stage status, the optimistic bound, the boundary ladder and the import tiers,
    /// computed on first use (see [`RegionState::evidence`]).
    evidence: std::sync::OnceLock<EvidenceView>,
}

impl<'m> RegionState<'m> {
    /// The state for the firms located in `region`.
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
        Self::importing(model, region, local, min_producers, Vec::new())
    }

    /// The state for the firms located in `region` with the stages flagged in `importable`
    /// (one flag per stage, see [`super::Importable::mask`]) bought from outside.
    pub fn with_importable(
        model: &'m Model,
        region: &'m Region,
        min_producers: u32,
        importable: Vec<bool>,
    ) -> Self {
        Self::importing(
            model,
            region,
            region.local_firms(model),
            min_producers,
            importable,
        )
    }

    /// The state for an explicit set of local firms and importable stages (an empty
    /// `importable` = none).
    pub fn importing(
        model: &'m Model,
        region: &'m Region,
        local: Vec<bool>,
        min_producers: u32,
        importable: Vec<bool>,
    ) -> Self {
        let importable = if importable.is_empty() {
            vec![false; model.stages.len()]
        } else {
            importable
        };
        let presence = presence(model, &local);
        let consumers = ConsumerIndex::new(model);
        let realised =
            RealisedClosure::compute_given(model, &consumers, local.clone(), &importable);
        let mut realised_closed = realised.stage_closed(model, &presence, min_producers);
        for (closed, given) in realised_closed.iter_mut().zip(&importable) {
            *closed |= *given;
        }
        let present: Vec<bool> = presence.iter().map(|&p| p >= min_producers).collect();
        let structural_closed =
            structural_given(model, &template_order(model), &present, &importable);
        let (realised_edges, linked_edges) = realised_edges(model, &consumers, &local);
        let tallies = sourcing::tally_by_stage(model, region, &local, &consumers);
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
            linked_edges,
            tallies,
            min_producers,
            importable,
            evidence: std::sync::OnceLock::new(),
        }
    }

    /// Stage status, `nearest`, the optimistic bound, the boundary ladder and the import
    /// tiers of `complete_from` (computed once, on first use: analyses that only need the
    /// closures never pay for them).
    pub fn evidence(&self) -> &EvidenceView {
        self.evidence.get_or_init(|| EvidenceView::new(self))
    }

    /// Stage `s` is importable (`--importable`).
    pub fn is_importable(&self, s: StageIdx) -> bool {
        self.importable[s as usize]
    }

    /// Per stage: closed in `mode`.
    pub fn closed(&self, mode: Mode) -> &[bool] {
        match mode {
            Mode::Realised => &self.realised_closed,
            Mode::Structural => &self.structural_closed,
        }
    }

    /// Stage `s` has at least θ local producers.
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

/// A set of template edges (u, s).
pub type EdgeSet = HashSet<(StageIdx, StageIdx)>;

/// Template edges (u, s) realised in the region, over all chains, and those of them a local
/// supply link realises (the rest only vertical integration).
fn realised_edges(model: &Model, consumers: &ConsumerIndex, local: &[bool]) -> (EdgeSet, EdgeSet) {
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
    let linked = edges.clone();
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
    (edges, linked)
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

/// How a result names its region: `{"name", "cities"}` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionRef {
    /// The region name as given (or the city list it was built from).
    pub name: String,
    /// City ids of the region, sorted.
    pub cities: Vec<String>,
}

impl RegionRef {
    /// The name and cities of a resolved region.
    pub fn of(region: &Region) -> Self {
        RegionRef {
            name: region.name.clone(),
            cities: region.cities.clone(),
        }
    }
}
