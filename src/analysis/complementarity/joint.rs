//! Closure of A alone, B alone and A∪B (three completeness fixpoints): per chain the covered
//! and closed stages of each unit and the joint gain.

use serde::Serialize;

use super::Options;
use super::units::union_of;
use crate::analysis::completeness::RegionState;
use crate::model::{Model, Region, StageIdx, Tier};

/// One chain's closure in A alone, B alone and A∪B. Stage ids are bare, sorted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainComplement {
    /// The chain id.
    pub chain: String,
    /// Stages in the template.
    pub stages: usize,
    /// Stages with ≥ θ producers in A.
    pub covered_a: Vec<String>,
    /// Stages with ≥ θ producers in B.
    pub covered_b: Vec<String>,
    /// Stages with ≥ θ producers in A∪B.
    pub covered_joint: Vec<String>,
    /// Final-product stages closed with A as the region.
    pub closed_a: Vec<String>,
    /// Final-product stages closed with B as the region.
    pub closed_b: Vec<String>,
    /// Final-product stages closed with A∪B as the region.
    pub closed_joint: Vec<String>,
    /// Final products closed in A∪B and in neither A nor B alone.
    pub joint_gain: Vec<String>,
    /// Every stage (any tier) closed in A∪B and in neither alone.
    pub joint_gain_stages: Vec<String>,
}

pub(super) fn stage_key(model: &Model, s: StageIdx) -> String {
    model.stages[s as usize].key.clone()
}

/// Closed-stage flags of a set of cities (one fixpoint), with the stages flagged in
/// `importable` (one flag per stage, or empty for none) bought from outside.
pub(super) fn closed_flags(
    model: &Model,
    region: &Region,
    opts: &Options,
    importable: &[bool],
) -> (Vec<bool>, Vec<bool>) {
    let state =
        RegionState::with_importable(model, region, opts.min_producers, importable.to_vec());
    let present = (0..model.stages.len() as StageIdx)
        .map(|s| state.present(s))
        .collect();
    (present, state.closed(opts.mode).to_vec())
}

/// Chains sorted by id, each with its stages sorted by id.
fn sorted_chains(model: &Model) -> Vec<(String, Vec<StageIdx>)> {
    let mut chains: Vec<(String, Vec<StageIdx>)> = model
        .chains
        .iter()
        .map(|c| {
            let mut stages = c.stages.clone();
            stages.sort_by(|x, y| {
                model.stages[*x as usize]
                    .id
                    .cmp(&model.stages[*y as usize].id)
            });
            (c.id.clone(), stages)
        })
        .collect();
    chains.sort_by(|x, y| x.0.cmp(&y.0));
    chains
}

/// Whether stage `s` is a final product.
pub(super) fn is_final(model: &Model, s: StageIdx) -> bool {
    model.stages[s as usize].tier == Tier::FinalProduct
}

/// Whether stage `s` is closed in A∪B and in neither A nor B alone.
pub(super) fn gained(
    closed_a: &[bool],
    closed_b: &[bool],
    closed_joint: &[bool],
    s: StageIdx,
) -> bool {
    let s = s as usize;
    closed_joint[s] && !closed_a[s] && !closed_b[s]
}

/// Per chain (by id) the covered, closed and jointly gained stages of A, B and A∪B, and every
/// jointly gained final product as `chain/stage`, sorted.
pub(super) fn chains(
    model: &Model,
    a: &Region,
    b: &Region,
    opts: &Options,
    importable: &[bool],
) -> (Vec<ChainComplement>, Vec<String>) {
    let joint = union_of(model, a, b);
    let (present_a, closed_a) = closed_flags(model, a, opts, importable);
    let (present_b, closed_b) = closed_flags(model, b, opts, importable);
    let (present_j, closed_j) = closed_flags(model, &joint, opts, importable);

    let mut chains = Vec::new();
    let mut all_gain = Vec::new();
    for (chain, stages) in sorted_chains(model) {
        let ids = |keep: &dyn Fn(StageIdx) -> bool| -> Vec<String> {
            stages
                .iter()
                .copied()
                .filter(|&s| keep(s))
                .map(|s| model.stages[s as usize].id.clone())
                .collect()
        };
        let fin = |s: StageIdx| is_final(model, s);
        let gained = |s: StageIdx| gained(&closed_a, &closed_b, &closed_j, s);
        all_gain.extend(
            stages
                .iter()
                .copied()
                .filter(|&s| fin(s) && gained(s))
                .map(|s| stage_key(model, s)),
        );
        chains.push(ChainComplement {
            chain,
            stages: stages.len(),
            covered_a: ids(&|s| present_a[s as usize]),
            covered_b: ids(&|s| present_b[s as usize]),
            covered_joint: ids(&|s| present_j[s as usize]),
            closed_a: ids(&|s| fin(s) && closed_a[s as usize]),
            closed_b: ids(&|s| fin(s) && closed_b[s as usize]),
            closed_joint: ids(&|s| fin(s) && closed_j[s as usize]),
            joint_gain: ids(&|s| fin(s) && gained(s)),
            joint_gain_stages: ids(&gained),
        });
    }
    all_gain.sort();
    (chains, all_gain)
}
