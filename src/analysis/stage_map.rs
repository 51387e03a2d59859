//! The stage-level chain map (产业链图谱) of one chain in one region, as a value: what the
//! DOT and SVG writers in `export/` (`map_dot.rs`, `svg.rs`) draw.
//!
//! The map is the chain template laid out upstream → downstream by tier (raw_material,
//! material, component, module, final_product, service: one column each, only the tiers the
//! chain uses), every stage with its status in the region:
//!
//! * `closed`: the stage is closed in the chosen closure mode;
//! * `present_unclosed`: ≥ θ local producers, but not closed;
//! * `absent`: fewer than θ local producers and a confirmed absence (absences.csv) applies
//!   to the region: the stage carries that absence (area, evidence, source);
//! * `no_data`: fewer than θ local producers and no absence: the data has no (or too few)
//!   producers in the region, which is not proof that the region has none;
//! * `importable`: bought outside the region by assumption (`--importable`), closed
//!   whatever its inputs.
//!
//! Each stage carries its local producer count, whether it is a breakpoint, for a stage
//! not present where the data's nearest producers are (`country`, `world`), and its top 3
//! local producers, largest first on one size basis (employment, else revenue, else supply
//! links: [`crate::analysis::size`]; ties by firm id). Each template edge u → s is
//! realised or not, and a **blockage** (堵点) when both ends are present but it is not
//! realised; it is an alternative when u is one of several members of an OR-group of s.
//! Definitions: [`crate::analysis::completeness`].
//!
//! [`build`] derives the map from [`chain_completeness`]: one completeness run for the
//! chain, then a sort of each stage's local producers. Output order: stages by (tier, id),
//! edges by (from id, to id); no node index is kept, so the bytes written from a map depend
//! only on the data.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::analysis::completeness::{
    AbsenceRef, BreakReason, Mode, Nearest, Options, RegionState, StageStatus as Evidence, Verdict,
    chain_completeness,
};
use crate::analysis::size::{SizeBasis, sort_largest_first};
use crate::model::{ChainIdx, FirmIdx, StageIdx, Tier};

/// Local firms listed on each stage.
pub const TOP_FIRMS: usize = 3;

/// How a stage stands in the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    /// Closed in the chosen closure mode.
    Closed,
    /// At least θ local producers, but not closed.
    PresentUnclosed,
    /// Fewer than θ local producers, and a confirmed absence applies to the region.
    Absent,
    /// Fewer than θ local producers and no absence: no producer in the data, which is not
    /// proof of absence.
    NoData,
    /// Bought outside the region by assumption (`--importable`).
    Importable,
}

impl StageStatus {
    /// Every status, in legend order.
    pub const ALL: [StageStatus; 5] = [
        StageStatus::Closed,
        StageStatus::PresentUnclosed,
        StageStatus::Absent,
        StageStatus::NoData,
        StageStatus::Importable,
    ];
}

/// How a template edge stands in the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// A local supply link of stage u reaches a local producer of s (or one local firm
    /// makes both).
    Realised,
    /// Not realised, and at least one end is not present.
    Unrealised,
    /// Not realised although both ends are present: a blockage (堵点).
    Blocked,
}

impl EdgeKind {
    /// Every kind, in legend order.
    pub const ALL: [EdgeKind; 3] = [EdgeKind::Realised, EdgeKind::Unrealised, EdgeKind::Blocked];
}

/// One of a stage's largest local producers, as shown in its box.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopFirm {
    /// Firm id.
    pub id: String,
    /// Firm name.
    pub name: String,
    /// City id of the firm.
    pub city: String,
    /// Employees, when known.
    pub employees: Option<f64>,
}

/// One stage of the map (a box).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapStage {
    /// `chain/stage`.
    pub key: String,
    /// The stage id within its chain.
    pub id: String,
    /// The stage's label from chains.csv.
    pub label: String,
    /// The stage's tier: which column it is drawn in.
    pub tier: Tier,
    /// P(s): the number of local producers of the stage.
    pub producers: u32,
    /// Closed, present but unclosed, absent, no data or importable (see [`StageStatus`]).
    pub status: StageStatus,
    /// Set when the stage is a root cause of an unclosed final product.
    pub breakpoint: Option<BreakReason>,
    /// For an absent stage, the absence it rests on (area, evidence, source).
    pub absence: Option<AbsenceRef>,
    /// For a stage with fewer than θ local producers, where the data has producers
    /// (`country`, `world`), or `None` when nowhere; `None` for a present stage.
    pub nearest: Option<Nearest>,
    /// Up to [`TOP_FIRMS`] local producers, largest first on `top_firms_ranked_by`, ties by
    /// firm id.
    pub top_firms: Vec<TopFirm>,
    /// The size basis that picked `top_firms`: `employment` when every local producer of
    /// the stage has employees, else `revenue` when every one has revenue, else
    /// `supply_degree` (supply links out of the firm).
    pub top_firms_ranked_by: SizeBasis,
}

/// One template edge u → s of the map (an arrow).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapEdge {
    /// The upstream stage u, as a `chain/stage` key.
    pub from: String,
    /// The downstream stage s, as a `chain/stage` key.
    pub to: String,
    /// A local supply link of u reaches a local producer of s, or one local firm makes both.
    pub realised: bool,
    /// Both ends present, not realised (堵点).
    pub blocked: bool,
    /// `from` is one of several alternatives in an OR-group of `to`.
    pub alternative: bool,
}

impl MapEdge {
    /// Realised, else blocked, else unrealised.
    pub fn kind(&self) -> EdgeKind {
        if self.realised {
            EdgeKind::Realised
        } else if self.blocked {
            EdgeKind::Blocked
        } else {
            EdgeKind::Unrealised
        }
    }
}

/// The map of one chain in one region: what the DOT and SVG writers draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainMap {
    /// Chain id.
    pub chain: String,
    /// Region name.
    pub region: String,
    /// The closure mode the statuses were computed in.
    pub mode: Mode,
    /// Whether every final product of the chain is closed in that mode (the verdict holds).
    pub complete: bool,
    /// The chain's verdict: `holds`, `fails`, `undetermined` or `not_applicable`.
    pub verdict: Verdict,
    /// The importable stages of the chain (`--importable`), by id; empty when none.
    pub importable: Vec<String>,
    /// The tiers the chain uses, upstream first: one column each.
    pub columns: Vec<Tier>,
    /// Sorted by (tier, id).
    pub stages: Vec<MapStage>,
    /// Sorted by (from id, to id).
    pub edges: Vec<MapEdge>,
}

impl ChainMap {
    /// Column of a stage (index into `columns`).
    pub fn column(&self, tier: Tier) -> usize {
        self.columns.iter().position(|&t| t == tier).unwrap_or(0)
    }
}

/// The map of one chain in the state's region.
pub fn build(state: &RegionState<'_>, chain: ChainIdx, opts: &Options) -> ChainMap {
    let model = state.model;
    let result = chain_completeness(state, chain, opts);
    let chain_id = &model.chains[chain as usize].id;
    let idx = |id: &str| model.stage(&format!("{chain_id}/{id}"));

    let mut stages: Vec<MapStage> = result
        .stages
        .iter()
        .map(|st| {
            let mut firms: Vec<FirmIdx> = idx(&st.stage)
                .map(|s| state.local_producers(s).collect())
                .unwrap_or_default();
            let top_firms_ranked_by = sort_largest_first(model, &mut firms);
            let status = if result.importable.contains(&st.stage) {
                StageStatus::Importable
            } else if st.closed {
                StageStatus::Closed
            } else if st.present {
                StageStatus::PresentUnclosed
            } else if st.status == Evidence::Absent {
                StageStatus::Absent
            } else {
                StageStatus::NoData
            };
            MapStage {
                key: format!("{chain_id}/{}", st.stage),
                id: st.stage.clone(),
                label: st.label.clone(),
                tier: st.tier,
                producers: st.producers,
                status,
                breakpoint: result
                    .breakpoints
                    .iter()
                    .find(|b| b.stage == st.stage)
                    .map(|b| b.reason),
                absence: st.absence.clone(),
                nearest: st.nearest,
                top_firms: firms
                    .into_iter()
                    .take(TOP_FIRMS)
                    .map(|f| {
                        let firm = &model.firms[f as usize];
                        TopFirm {
                            id: firm.id.clone(),
                            name: firm.name.clone(),
                            city: model.firm_city(f).id.clone(),
                            employees: firm.employees,
                        }
                    })
                    .collect(),
                top_firms_ranked_by,
            }
        })
        .collect();
    stages.sort_by(|a, b| a.tier.cmp(&b.tier).then(a.id.cmp(&b.id)));
    let columns: Vec<Tier> = stages
        .iter()
        .map(|s| s.tier)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    let blocked: BTreeSet<(&str, &str)> = result
        .blockages
        .iter()
        .map(|b| (b.from.as_str(), b.to.as_str()))
        .collect();
    let id_of = |s: StageIdx| model.stages[s as usize].id.as_str();
    let edges = crate::analysis::completeness::template_edges(model, chain)
        .into_iter()
        .map(|(u, s)| MapEdge {
            from: format!("{chain_id}/{}", id_of(u)),
            to: format!("{chain_id}/{}", id_of(s)),
            realised: state.realised_edges.contains(&(u, s)),
            blocked: blocked.contains(&(id_of(u), id_of(s))),
            alternative: model.stages[s as usize]
                .inputs
                .iter()
                .any(|g| g.len() > 1 && g.contains(&u)),
        })
        .collect();

    ChainMap {
        chain: chain_id.clone(),
        region: state.region.name.clone(),
        mode: opts.mode,
        complete: result.complete,
        verdict: result.verdict,
        importable: result.importable.clone(),
        columns,
        stages,
        edges,
    }
}
