//! One chain's completeness in a region: stage and employment-weighted coverage, link
//! coverage, closure of the final products, local sourcing and the per-stage table (see
//! the definitions in the module docs of `completeness`).

use std::collections::BTreeSet;

use super::breakpoints::blockage;
use super::{
    ChainCompleteness, FinalProduct, Options, RegionState, StageResult, breakpoints, sorted_stages,
    stage_id, template_edges,
};
use crate::analysis::sourcing::{self, Tally};
use crate::model::{ChainIdx, FirmIdx, StageIdx, Tier};

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
