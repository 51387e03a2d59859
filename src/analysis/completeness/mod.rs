//! Completeness of each chain in a region (docs/analyses.md "completeness"; the article's
//! claim 1: "a complete chain from raw materials to final products").
//!
//! Definitions (θ = `min_producers`, default 1; "local" = firm in region R):
//! * presence `P(s)` = local producers of s; present = `P(s) ≥ θ`;
//!   stage coverage = present stages / stages; employment-weighted coverage = Σ over
//!   present stages of `w_s` / Σ over all stages of `w_s`, where `w_s` is the employment of
//!   every producer of s in the dataset (a firm's employees split evenly over its stages;
//!   firms without employees add nothing and are counted in `employment_unknown`); it is
//!   `None` when employment is unknown for more than half of the producers it counts
//!   (`employment_known` of `employment_counted`).
//! * template edge u→s (one per distinct pair over s's input groups) is **realised** when a
//!   supply link f→g of stage u joins two local firms with g producing s, or one local firm
//!   produces both u and s; link coverage = realised / template edges (1 when a chain has
//!   none). A **blockage (堵点)** is an unrealised edge with both ends present.
//! * closure, structural and realised: see [`super::closure`]. A chain is complete when
//!   its verdict holds: it has a final_product stage and every one is closed in the chosen
//!   mode.
//! * **what the data can show** (`evidence`): stage status `present | absent | unknown`
//!   (absent = no local producer and a confirmed absence applies) and `nearest`; the
//!   pessimistic bound (the chosen mode's closure) and the optimistic bound (structural,
//!   every stage that is not absent counted as present); final-product status `closed |
//!   open | undetermined` with `fails_on` (roots of the walk on the optimistic bound); the
//!   chain verdict `holds | fails | undetermined | not_applicable`; `closes_within` (the
//!   boundary ladder region → country → world); `complete_from` / `possible_from` (import
//!   every lower tier). Importable stages (`importable`) are closed in both bounds.
//! * **breakpoints (断点)**: from each unclosed final product walk down: an unclosed stage
//!   that is not present is a root cause `absent` (a confirmed absence applies) or
//!   `no_data` (not descended); a present unclosed stage
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
//! `breakpoints` (breakpoints and blockages), `evidence` ([`EvidenceView`]: status,
//! nearest, the optimistic bound, the ladder, the import tiers) and `importable`
//! ([`Importable`], the `--importable` spec).

mod breakpoints;
mod coverage;
mod evidence;
mod importable;
mod state;

use serde::Serialize;

use super::figure::FigureStatus;
use super::sourcing::{Chokepoint, ChokepointRule, EvidenceCount, Sourcing};
use crate::model::{ChainIdx, Model, StageIdx, Tier};
pub use breakpoints::{Blockage, BreakReason, Breakpoint, PairCandidate, breakpoints, fails_on};
pub use coverage::{NO_SOURCING_LINKS, NO_STAGE_SOURCING_LINKS, chain_completeness};
pub use evidence::{AbsenceRef, EvidenceView, Nearest, StageStatus, Within};
pub use importable::Importable;
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
    /// Which closure decides `complete`, `closed_stages` and the breakpoints (default
    /// [`Mode::Realised`]).
    pub mode: Mode,
    /// θ: local producers a stage needs to count as present.
    pub min_producers: u32,
    /// Thresholds of the external chokepoint screen (`--chokepoint-share` 0.5,
    /// `--chokepoint-hhi` 0.4 by default).
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

/// The completeness of the selected chains in one region: `completeness --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completeness {
    /// The region R as resolved: its name and its city ids.
    pub region: RegionRef,
    /// The closure mode the chains were judged in.
    pub mode: Mode,
    /// θ: local producers a stage needs to count as present (≥ 1).
    pub min_producers: u32,
    /// The importable stages (`--importable`) of the selected chains, as `chain/stage`,
    /// sorted; empty when none.
    pub importable: Vec<String>,
    /// The overall verdict: `fails` if a chain fails, `holds` if every applicable chain
    /// holds, `not_applicable` if no chain has a final product, else `undetermined`.
    pub verdict: Verdict,
    /// Final products of the selected chains closed (pessimistic bound, chosen mode).
    pub closed_final_products: usize,
    /// Final products of the selected chains.
    pub total_final_products: usize,
    /// What closes when every stage below a tier is bought in (structural closure): one
    /// entry per tier from `material` to `final_product`.
    pub bought_in: Vec<BoughtIn>,
    /// One entry per selected chain, by chain id.
    pub chains: Vec<ChainCompleteness>,
}

/// The selected chains with every stage of a tier below `from_tier` bought in from outside
/// the region (structural closure, pessimistic bound): how many final products close and
/// which chains have every final product closed. (A chain's `complete_from` names one of its
/// own tiers, so a chain without `material` stages complete with raw materials bought in
/// has `complete_from` above `material` but counts here from `material` on.)
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoughtIn {
    /// The lowest tier still made in the region; every stage below it is bought in.
    pub from_tier: Tier,
    /// Final products of the selected chains that close.
    pub closed_final_products: usize,
    /// Chains whose every final product closes, by id.
    pub complete_chains: Vec<String>,
}

/// The three-valued verdict of claim 1 ("the chain is complete"), plus `not_applicable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every final product is closed.
    Holds,
    /// Some final product is open: it fails on confirmed absences.
    Fails,
    /// Neither: what the data lacks could settle it either way.
    Undetermined,
    /// No final_product stage: the chain is never complete.
    NotApplicable,
}

impl Verdict {
    /// The name used in JSON, CSV and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Fails => "fails",
            Verdict::Undetermined => "undetermined",
            Verdict::NotApplicable => "not_applicable",
        }
    }

    /// The overall verdict of several chains' verdicts.
    pub fn overall(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
        let verdicts: Vec<Verdict> = verdicts.into_iter().collect();
        if verdicts.contains(&Verdict::Fails) {
            Verdict::Fails
        } else if verdicts.iter().all(|&v| v == Verdict::NotApplicable) {
            Verdict::NotApplicable
        } else if verdicts
            .iter()
            .all(|&v| matches!(v, Verdict::Holds | Verdict::NotApplicable))
        {
            Verdict::Holds
        } else {
            Verdict::Undetermined
        }
    }
}

/// A final product's status between the two bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    /// Closed in the pessimistic bound (the chosen mode's closure).
    Closed,
    /// Not closed even in the optimistic bound: it fails on confirmed absences.
    Open,
    /// Closed optimistically but not pessimistically.
    Undetermined,
}

impl ProductStatus {
    /// The name used in JSON, CSV and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            ProductStatus::Closed => "closed",
            ProductStatus::Open => "open",
            ProductStatus::Undetermined => "undetermined",
        }
    }
}

/// What would settle an undetermined chain (the analyst's research list).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UndeterminedBy {
    /// Stages of the `no_data` breakpoints: is there a producer in the region?
    pub stages: Vec<String>,
    /// Template edges into the `blocked` breakpoints: do the local producers buy the
    /// closed input locally?
    pub edges: Vec<Edge>,
}

/// A template edge `from → to` of a chain.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Edge {
    /// The input stage.
    pub from: String,
    /// The consuming stage.
    pub to: String,
}

/// One chain's completeness in the region (see the module header for every definition).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainCompleteness {
    /// The chain id.
    pub chain: String,
    /// `holds`, `fails`, `undetermined` or `not_applicable` (see [`Verdict`]).
    pub verdict: Verdict,
    /// The verdict holds: the chain has a final product and every one is closed in the
    /// chosen mode.
    pub complete: bool,
    /// The lowest of the chain's tiers (up to final_product) from which it holds when
    /// every stage of a lower tier is imported (structural); `None` if none or no final.
    pub complete_from: Option<Tier>,
    /// `computed`, or `not_applicable` when `complete_from` is null.
    pub complete_from_status: FigureStatus,
    /// Why `complete_from` is null (no final product; no tier closes every final).
    pub complete_from_reason: Option<String>,
    /// The same for "does not fail" (the optimistic bound).
    pub possible_from: Option<Tier>,
    /// `computed`, or `not_applicable` when `possible_from` is null.
    pub possible_from_status: FigureStatus,
    /// Why `possible_from` is null.
    pub possible_from_reason: Option<String>,
    /// The research list of an undetermined chain (empty lists otherwise).
    pub undetermined_by: UndeterminedBy,
    /// Importable stages of the chain, by id (not counted as present for coverage).
    pub importable: Vec<String>,
    /// Present stages that are not importable / stages of the chain, in [0, 1].
    pub stage_coverage: f64,
    /// Employment-weighted stage coverage in [0, 1]: the employment of every producer
    /// (anywhere) of the present stages over that of all stages; `None` when employment is
    /// unknown for more than half of the producers it counts (`employment_counted`), or
    /// when no producer of the chain has a known employment.
    pub stage_coverage_employment: Option<f64>,
    /// `computed`, or `not_computed` (see `stage_coverage_employment`).
    pub stage_coverage_employment_status: FigureStatus,
    /// Why `stage_coverage_employment` is null (with "employment known for k of n"); `None`
    /// when computed.
    pub stage_coverage_employment_reason: Option<String>,
    /// Producers (anywhere) whose employment is unknown, left out of the weighted coverage.
    pub employment_unknown: usize,
    /// Producers (anywhere) of the chain's stages whose employment is known.
    pub employment_known: usize,
    /// Producers (anywhere) of the chain's stages that the weighted coverage counts
    /// (`employment_known + employment_unknown`).
    pub employment_counted: usize,
    /// Realised template edges / template edges, in [0, 1]; `None` (`not_applicable`) for a
    /// chain without template edges.
    pub link_coverage: Option<f64>,
    /// `computed`, or `not_applicable` when the chain has no template edge.
    pub link_coverage_status: FigureStatus,
    /// Why `link_coverage` is null; `None` when computed.
    pub link_coverage_reason: Option<String>,
    /// Distinct template edges (u, s) of the chain.
    pub template_edges: usize,
    /// Template edges realised by local trade or vertical integration.
    pub realised_edges: usize,
    /// Of `realised_edges`, those a recorded local supply link realises; the others only a
    /// local firm that makes both stages (vertical integration).
    pub linked_edges: usize,
    /// Local sourcing rate (本地配套率) in [0, 1]: the `local` share of [`Self::sourcing`];
    /// `None` when no supply link is counted.
    pub local_sourcing_rate: Option<f64>,
    /// `computed`, or `not_computed` when no supply link is counted.
    pub local_sourcing_rate_status: FigureStatus,
    /// Why `local_sourcing_rate` is null; `None` when computed.
    pub local_sourcing_rate_reason: Option<String>,
    /// Where the local buyers' supply links of the chain come from (local,
    /// rest of country, overseas); `None` when no supply link is counted.
    pub sourcing: Option<Sourcing>,
    /// Input stages of the chain below final_product (a template edge leaves them), not
    /// importable, with no counted supply link into a local buyer that uses them, downstream
    /// tiers first, then by id: the chokepoint screen (H4) cannot see how they are bought.
    pub unscreened_inputs: Vec<String>,
    /// Each final_product stage with its closure in both modes, by stage id.
    pub final_products: Vec<FinalProduct>,
    /// Stages closed in the chosen mode, by id.
    pub closed_stages: Vec<String>,
    /// Root causes (断点) of the unclosed final products, by (stage, reason); empty when
    /// the chain is complete.
    pub breakpoints: Vec<Breakpoint>,
    /// Template edges (堵点) with both ends present but not realised, by (from, to).
    pub blockages: Vec<Blockage>,
    /// Stages flagged by the external chokepoint screen, by stage id; empty when none is
    /// flagged.
    pub chokepoints: Vec<Chokepoint>,
    /// Evidence mix (count and share per level, documented to assumed) of the counted
    /// supply links of the chain.
    pub evidence: Vec<EvidenceCount>,
    /// One row per stage of the chain, by stage id.
    pub stages: Vec<StageResult>,
}

/// A final_product stage of a chain and whether it is closed, in both modes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinalProduct {
    /// The stage id (bare, within its chain).
    pub stage: String,
    /// Realised closure.
    pub closed: bool,
    /// Structural closure.
    pub structural_closed: bool,
    /// `closed`, `open` or `undetermined` (see [`ProductStatus`]).
    pub status: ProductStatus,
    /// The boundary ladder: the smallest of region, country, world within which it closes
    /// structurally; `None` when not even with every producer in the data.
    pub closes_within: Option<Within>,
    /// For an open product, the absent stages it fails on, sorted; empty otherwise.
    pub fails_on: Vec<String>,
    /// Of `fails_on`, the absences that decide it, sorted: each alone keeps the product
    /// open even with every other stage present. One an alternative route goes around is not
    /// among them; empty when only a combination of absences keeps it open.
    pub decided_by: Vec<String>,
}

impl FinalProduct {
    /// The absences the product's failure rests on: `decided_by`, or all of `fails_on` when
    /// only their combination keeps it open (no single one decides).
    pub fn deciding(&self) -> &[String] {
        if self.decided_by.is_empty() {
            &self.fails_on
        } else {
            &self.decided_by
        }
    }

    /// `fails_on` for readers: the deciding absences, then the others ("crude_oil; also
    /// absent, deciding nothing alone: cotton").
    pub fn fails_on_text(&self) -> String {
        let others: Vec<&str> = self
            .fails_on
            .iter()
            .filter(|s| !self.deciding().contains(s))
            .map(String::as_str)
            .collect();
        let mut text = self.deciding().join(", ");
        if self.decided_by.is_empty() && self.fails_on.len() > 1 {
            text += " (together: no one of them decides alone)";
        }
        if !others.is_empty() {
            text += &format!(
                "; also absent, deciding nothing alone: {}",
                others.join(", ")
            );
        }
        text
    }
}

/// One stage of a chain in the region: presence, closure and sourcing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageResult {
    /// The stage id (bare, within its chain).
    pub stage: String,
    /// The stage's label from chains.csv.
    pub label: String,
    /// The stage's tier.
    pub tier: Tier,
    /// P(s): local firms producing the stage.
    pub producers: u32,
    /// P(s) ≥ θ.
    pub present: bool,
    /// `present`, `absent` or `unknown` (see [`StageStatus`]).
    pub status: StageStatus,
    /// For a stage not present: where the data has producers (`country`, `world`), or
    /// `None` when nowhere; `None` for a present stage.
    pub nearest: Option<Nearest>,
    /// For an absent stage, the absence it rests on; otherwise `None`.
    pub absence: Option<AbsenceRef>,
    /// Closed in the report's mode.
    pub closed: bool,
    /// Closed in the structural closure.
    pub structural_closed: bool,
    /// Closed in the realised closure.
    pub realised_closed: bool,
    /// Local producers' employment (split over their stages); `None` when employment is
    /// known for fewer than half of the local producers, or there is none.
    pub local_employment: Option<f64>,
    /// `computed`, `not_applicable` (no local producer) or `not_computed` (employment
    /// known for fewer than half of the local producers).
    pub local_employment_status: FigureStatus,
    /// Why `local_employment` is `null`; `null` when computed.
    pub local_employment_reason: Option<String>,
    /// Local producers of the stage whose `employees` is known (k of `employment_counted`).
    pub employment_known: usize,
    /// Local producers of the stage.
    pub employment_counted: usize,
    /// How local buyers source this stage; `None` (`not_computed`) when no supply link of
    /// the stage into a local buyer that uses it is counted.
    pub sourcing: Option<Sourcing>,
    /// `computed` or `not_computed` (see `sourcing`).
    pub sourcing_status: FigureStatus,
    /// Why `sourcing` is null; `None` when computed.
    pub sourcing_reason: Option<String>,
}

/// Runs the analysis for the given chains (all when `chains` is empty); chains come out
/// sorted by id.
///
/// # Examples
///
/// On `datasets/tiny` (hand-worked in its README), aircon is complete in the GBA and robot
/// is not: its reducer has no local producer.
///
/// ```
/// use chainatlas::analysis::completeness::{BreakReason, Options, RegionState, analyse};
/// use chainatlas::load::{DatasetSource, LoadOptions, load};
/// use chainatlas::model::Region;
///
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/tiny");
/// let model = load(&DatasetSource::from_arg(Some(dir.as_ref())), &LoadOptions::default())
///     .unwrap()
///     .model
///     .expect("datasets/tiny is valid");
/// let gba = Region::resolve(&model, Some("GBA")).unwrap();
/// let state = RegionState::new(&model, &gba, 1);
/// let result = analyse(&state, &[], &Options::default());
///
/// let complete: Vec<(&str, bool)> =
///     result.chains.iter().map(|c| (c.chain.as_str(), c.complete)).collect();
/// assert_eq!(complete, [("aircon", true), ("robot", false)]);
/// let robot = &result.chains[1];
/// assert_eq!(robot.final_products.iter().filter(|f| f.closed).count(), 0);
/// assert!(robot.breakpoints.iter().any(|b| b.stage == "reducer" && b.reason == BreakReason::NoData));
/// ```
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
    let mut importable: Vec<String> = selected
        .iter()
        .flat_map(|&c| model.chains[c as usize].stages.iter().copied())
        .filter(|&s| state.is_importable(s))
        .map(|s| model.stages[s as usize].key.clone())
        .collect();
    importable.sort();
    // Per selected chain (in id order): its id and final-product stages.
    let finals_of: Vec<(String, Vec<StageIdx>)> = selected
        .iter()
        .map(|&c| {
            let chain = &model.chains[c as usize];
            let finals = chain
                .stages
                .iter()
                .copied()
                .filter(|&s| model.stages[s as usize].tier == Tier::FinalProduct)
                .collect();
            (chain.id.clone(), finals)
        })
        .collect();
    let chains: Vec<ChainCompleteness> = selected
        .into_iter()
        .map(|c| chain_completeness(state, c, opts))
        .collect();
    let bought_in = state
        .evidence()
        .import_tiers
        .iter()
        .filter(|(t, _, _)| *t > Tier::RawMaterial)
        .map(|(t, closed, _)| BoughtIn {
            from_tier: *t,
            closed_final_products: finals_of
                .iter()
                .flat_map(|(_, finals)| finals)
                .filter(|&&f| closed[f as usize])
                .count(),
            complete_chains: finals_of
                .iter()
                .filter(|(_, finals)| {
                    !finals.is_empty() && finals.iter().all(|&f| closed[f as usize])
                })
                .map(|(id, _)| id.clone())
                .collect(),
        })
        .collect();
    let finals = chains.iter().flat_map(|c| c.final_products.iter());
    Completeness {
        region: RegionRef::of(state.region),
        mode: opts.mode,
        min_producers: state.min_producers,
        importable,
        verdict: Verdict::overall(chains.iter().map(|c| c.verdict)),
        closed_final_products: finals
            .clone()
            .filter(|f| f.status == ProductStatus::Closed)
            .count(),
        total_final_products: finals.count(),
        bought_in,
        chains,
    }
}

pub(crate) fn stage_id(model: &Model, s: StageIdx) -> String {
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
