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
//!
//! Files: this one (options, the result types, [`analyse`]), `state` ([`RegionState`], the
//! per-region closure and presence every analysis starts from, and [`RegionRef`]),
//! `coverage` (one chain's coverage, closure and stage table: [`chain_completeness`]) and
//! `breakpoints` (breakpoints and blockages).

mod breakpoints;
mod coverage;
mod state;

use serde::Serialize;

use super::sourcing::{Chokepoint, ChokepointRule, EvidenceCount, Sourcing};
use crate::model::{ChainIdx, Model, StageIdx, Tier};
pub use breakpoints::{Blockage, BreakReason, Breakpoint, PairCandidate, breakpoints};
pub use coverage::chain_completeness;
pub use state::{RegionRef, RegionState, presence, template_edges};

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
