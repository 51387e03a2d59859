//! One chain's completeness in a region: stage and employment-weighted coverage, link
//! coverage, closure of the final products, local sourcing and the per-stage table (see
//! the definitions in the module docs of `completeness`).

use std::collections::BTreeSet;

use super::breakpoints::blockage;
use super::evidence::StageStatus;
use super::{
    BreakReason, ChainCompleteness, Edge, FinalProduct, Options, ProductStatus, RegionState,
    StageResult, UndeterminedBy, Verdict, breakpoints, fails_on, sorted_stages, stage_id,
    template_edges,
};
use crate::analysis::figure::{Figure, FigureStatus};
use crate::analysis::sourcing::{self, Tally};
use crate::analysis::{employment_enough, employment_known_note};
use crate::model::{ChainIdx, FirmIdx, StageIdx, Tier};

/// Why a chain's local sourcing rate is undefined: no supply link is counted for it.
pub const NO_SOURCING_LINKS: &str = "no supply link into a local firm of the chain that uses the linked stage as an input is in the data";

/// Why a stage's sourcing is undefined: no supply link of the stage into a local buyer
/// that uses it is counted.
pub const NO_STAGE_SOURCING_LINKS: &str =
    "no supply link of the stage into a local firm that uses it as an input is in the data";

/// One chain's completeness in the region of `state` (the stage table and lists sorted by
/// id; see the module header of `completeness` for the definitions).
pub fn chain_completeness(
    state: &RegionState<'_>,
    chain: ChainIdx,
    opts: &Options,
) -> ChainCompleteness {
    let model = state.model;
    let stages = sorted_stages(model, chain);
    let closed = state.closed(opts.mode);
    let evidence = state.evidence();
    let counted = |s: StageIdx| state.present(s) && !state.is_importable(s);
    let present_count = stages.iter().filter(|&&s| counted(s)).count();

    // Employment weights w_s over every producer in the dataset; `counted` collects every
    // producer the weighted coverage counts, `unknown` those without a headcount.
    let mut unknown = BTreeSet::new();
    let employment_counted: BTreeSet<FirmIdx> = stages
        .iter()
        .flat_map(|&s| model.producers.get(s).iter().copied())
        .collect();
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
        .filter(|(s, _)| counted(**s))
        .map(|(_, w)| w)
        .sum();

    let edges = template_edges(model, chain);
    let realised = edges
        .iter()
        .filter(|e| state.realised_edges.contains(e))
        .count();
    let linked = edges
        .iter()
        .filter(|e| state.linked_edges.contains(e))
        .count();
    let blockages = edges
        .iter()
        .filter(|&&(u, s)| {
            state.present(u)
                && state.present(s)
                && !state.is_importable(u)
                && !state.is_importable(s)
                && !state.realised_edges.contains(&(u, s))
        })
        .map(|&(u, s)| blockage(state, u, s, opts.pair_candidates))
        .collect();

    // Input stages (a template edge leaves them; final products, which feed only services,
    // left out) with no counted supply link into a local buyer: the chokepoint screen cannot
    // see them, however they are bought. Downstream first (a missing component link says
    // more than a missing ore link), then by id.
    let mut unscreened: Vec<StageIdx> = edges
        .iter()
        .map(|&(u, _)| u)
        .filter(|&u| {
            model.stages[u as usize].tier < Tier::FinalProduct
                && !state.is_importable(u)
                && state.tallies.get(&u).and_then(Tally::sourcing).is_none()
        })
        .collect();
    unscreened.sort_by(|&a, &b| {
        let (sa, sb) = (&model.stages[a as usize], &model.stages[b as usize]);
        sb.tier.cmp(&sa.tier).then_with(|| sa.id.cmp(&sb.id))
    });
    unscreened.dedup();
    let unscreened_inputs: Vec<String> = unscreened.iter().map(|&u| stage_id(model, u)).collect();
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
    let status: Vec<ProductStatus> = finals
        .iter()
        .map(|&f| {
            if closed[f as usize] {
                ProductStatus::Closed
            } else if !evidence.optimistic_closed[f as usize] {
                ProductStatus::Open
            } else {
                ProductStatus::Undetermined
            }
        })
        .collect();
    let verdict = if finals.is_empty() {
        Verdict::NotApplicable
    } else if status.contains(&ProductStatus::Open) {
        Verdict::Fails
    } else if status.iter().all(|&s| s == ProductStatus::Closed) {
        Verdict::Holds
    } else {
        Verdict::Undetermined
    };
    let open: Vec<StageIdx> = finals
        .iter()
        .zip(&status)
        .filter(|(_, s)| **s == ProductStatus::Open)
        .map(|(&f, _)| f)
        .collect();
    let mut failing = fails_on(state, &open).into_iter();
    let breakpoints = breakpoints(state, &finals, closed);
    let undetermined_by = if verdict == Verdict::Undetermined {
        research_list(state, &breakpoints, &stages, closed)
    } else {
        UndeterminedBy::default()
    };
    let mut tiers: Vec<Tier> = stages
        .iter()
        .map(|&s| model.stages[s as usize].tier)
        .filter(|&t| t <= Tier::FinalProduct)
        .collect();
    tiers.sort_unstable();
    tiers.dedup();

    let employment_known = employment_counted.len() - unknown.len();
    let (
        stage_coverage_employment,
        stage_coverage_employment_status,
        stage_coverage_employment_reason,
    ) = if employment_counted.is_empty() {
        Figure::not_computed("the chain's stages have no producer in the data")
    } else if !employment_enough(employment_known, employment_counted.len()) {
        Figure::not_computed(format!(
            "employment known for {employment_known} of {} producers, fewer than half",
            employment_counted.len()
        ))
    } else if total_weight <= 0.0 {
        Figure::not_computed("every known employment figure of the chain's producers is zero")
    } else {
        Figure::computed(present_weight / total_weight)
    }
    .into_parts();
    let (link_coverage, link_coverage_status, link_coverage_reason) = if edges.is_empty() {
        Figure::not_applicable("the chain's template has no edges (no stage takes an input)")
    } else {
        Figure::computed(realised as f64 / edges.len() as f64)
    }
    .into_parts();
    let (local_sourcing_rate, local_sourcing_rate_status, local_sourcing_rate_reason) =
        Figure::or_else(chain_sourcing.as_ref().map(|s| s.local), || {
            Figure::not_computed(NO_SOURCING_LINKS)
        })
        .into_parts();

    let import_from = |optimistic: bool| {
        if finals.is_empty() {
            return Figure::not_applicable("the chain has no final_product stage").into_parts();
        }
        Figure::or_else(evidence.import_from(&tiers, &finals, optimistic), || {
            Figure::not_applicable(if optimistic {
                "no tier: even with every stage below final_product imported, some final product is left open (it fails on its own tier)"
            } else {
                "no tier: even with every stage below final_product imported, some final product does not close"
            })
        })
        .into_parts()
    };
    let (complete_from, complete_from_status, complete_from_reason) = import_from(false);
    let (possible_from, possible_from_status, possible_from_reason) = import_from(true);

    ChainCompleteness {
        chain: model.chains[chain as usize].id.clone(),
        verdict,
        complete: verdict == Verdict::Holds,
        complete_from,
        complete_from_status,
        complete_from_reason,
        possible_from,
        possible_from_status,
        possible_from_reason,
        undetermined_by,
        importable: stages
            .iter()
            .filter(|&&s| state.is_importable(s))
            .map(|&s| stage_id(model, s))
            .collect(),
        stage_coverage: present_count as f64 / stages.len().max(1) as f64,
        stage_coverage_employment,
        stage_coverage_employment_status,
        stage_coverage_employment_reason,
        employment_unknown: unknown.len(),
        employment_known,
        employment_counted: employment_counted.len(),
        link_coverage,
        link_coverage_status,
        link_coverage_reason,
        template_edges: edges.len(),
        realised_edges: realised,
        linked_edges: linked,
        local_sourcing_rate,
        local_sourcing_rate_status,
        local_sourcing_rate_reason,
        sourcing: chain_sourcing,
        unscreened_inputs,
        final_products: finals
            .iter()
            .zip(&status)
            .map(|(&s, &status)| {
                let (fails_on, decided_by) = if status == ProductStatus::Open {
                    failing.next().unwrap_or_default()
                } else {
                    Default::default()
                };
                FinalProduct {
                    stage: stage_id(model, s),
                    closed: state.realised_closed[s as usize],
                    structural_closed: state.structural_closed[s as usize],
                    status,
                    closes_within: evidence.closes_within[s as usize],
                    fails_on,
                    decided_by,
                }
            })
            .collect(),
        closed_stages: stages
            .iter()
            .filter(|&&s| closed[s as usize])
            .map(|&s| stage_id(model, s))
            .collect(),
        breakpoints,
        blockages,
        chokepoints,
        evidence: sourcing::evidence_mix(tally.evidence()),
        stages: stages
            .iter()
            .map(|&s| {
                let stage = &model.stages[s as usize];
                let mut ignore = BTreeSet::new();
                let local = local_employment(state, s, weight_of(s, true, &mut ignore));
                let sourcing = state.tallies.get(&s).and_then(Tally::sourcing);
                let sourcing_status = if sourcing.is_some() {
                    FigureStatus::Computed
                } else {
                    FigureStatus::NotComputed
                };
                StageResult {
                    stage: stage.id.clone(),
                    label: stage.label.clone(),
                    tier: stage.tier,
                    producers: state.presence[s as usize],
                    present: state.present(s),
                    status: evidence.status[s as usize],
                    nearest: evidence.nearest[s as usize],
                    absence: if evidence.status[s as usize] == StageStatus::Absent {
                        evidence.absence_ref(model, s)
                    } else {
                        None
                    },
                    closed: closed[s as usize],
                    structural_closed: state.structural_closed[s as usize],
                    realised_closed: state.realised_closed[s as usize],
                    local_employment: local.value,
                    local_employment_status: local.status,
                    local_employment_reason: local.reason,
                    employment_known: local.known,
                    employment_counted: local.counted,
                    sourcing_reason: sourcing
                        .is_none()
                        .then(|| NO_STAGE_SOURCING_LINKS.to_string()),
                    sourcing,
                    sourcing_status,
                }
            })
            .collect(),
    }
}

/// A stage's local employment under the half rule, with its status and k of n.
struct LocalEmployment {
    value: Option<f64>,
    status: FigureStatus,
    reason: Option<String>,
    known: usize,
    counted: usize,
}

/// The local employment `sum` of stage `s` (its local producers' split employment) when
/// employment is known for at least half of its local producers; else `null` with why.
fn local_employment(state: &RegionState<'_>, s: StageIdx, sum: f64) -> LocalEmployment {
    let (mut known, mut counted) = (0, 0);
    for f in state.local_producers(s) {
        counted += 1;
        known += usize::from(state.model.firms[f as usize].employees.is_some());
    }
    let (value, status, reason) = if counted == 0 {
        (
            None,
            FigureStatus::NotApplicable,
            Some("no local producer in the data".to_string()),
        )
    } else if !employment_enough(known, counted) {
        (
            None,
            FigureStatus::NotComputed,
            Some(format!(
                "{} local producers, fewer than half",
                employment_known_note(known, counted)
            )),
        )
    } else {
        (Some(sum), FigureStatus::Computed, None)
    };
    LocalEmployment {
        value,
        status,
        reason,
        known,
        counted,
    }
}

/// The research list of an undetermined chain: the stages of its `no_data` breakpoints, and
/// for each `blocked` breakpoint s the template edges u → s from a closed, non-importable
/// input u that no local trade realises (when every such edge is realised — the links come
/// from suppliers not themselves locally supplied — all edges from closed inputs).
fn research_list(
    state: &RegionState<'_>,
    breakpoints: &[super::Breakpoint],
    stages: &[StageIdx],
    closed: &[bool],
) -> UndeterminedBy {
    let model = state.model;
    let mut edges = BTreeSet::new();
    for b in breakpoints
        .iter()
        .filter(|b| b.reason == BreakReason::Blocked)
    {
        let Some(&s) = stages
            .iter()
            .find(|&&s| model.stages[s as usize].id == b.stage)
        else {
            continue;
        };
        let mut inputs: Vec<StageIdx> = model.stages[s as usize]
            .inputs
            .iter()
            .flatten()
            .copied()
            .filter(|&u| closed[u as usize] && !state.is_importable(u))
            .collect();
        inputs.sort_unstable();
        inputs.dedup();
        let unrealised: Vec<StageIdx> = inputs
            .iter()
            .copied()
            .filter(|&u| !state.realised_edges.contains(&(u, s)))
            .collect();
        let chosen = if unrealised.is_empty() {
            inputs
        } else {
            unrealised
        };
        edges.extend(chosen.into_iter().map(|u| Edge {
            from: stage_id(model, u),
            to: b.stage.clone(),
        }));
    }
    UndeterminedBy {
        stages: breakpoints
            .iter()
            .filter(|b| b.reason == BreakReason::NoData)
            .map(|b| b.stage.clone())
            .collect(),
        edges: edges.into_iter().collect(),
    }
}
