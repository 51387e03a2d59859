//! Investment-attraction shortlist (招商清单): for each `missing` breakpoint of a chain,
//! the outside firms in the dataset that produce the missing stage, ranked by how many of
//! the region's final products (all chains, realised closure) would become closed if the
//! firm arrived as a local producer with its current links.
//!
//! Each candidate is evaluated by continuing the finished realised fixpoint with the firm
//! admitted ([`crate::analysis::closure::RealisedClosure::admit`]); the fixpoint is monotone, so this gives the same
//! answer as recomputing from scratch, at the cost of one state copy plus the newly
//! supplied pairs. At most [`MAX_EVALUATED`] candidates per stage are evaluated (the
//! largest by employees, then by id); the rest are counted in `not_evaluated`.
//!
//! Ranking: final products closed (more first), then employees, then firm id.

use serde::Serialize;

use super::completeness::{ChainCompleteness, RegionState};
use crate::model::{FirmIdx, StageIdx, Tier};

/// Candidates evaluated per missing stage; the rest are counted in `not_evaluated`.
pub const MAX_EVALUATED: usize = 50;

/// The investment-attraction shortlist (招商清单) of one missing stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shortlist {
    /// The chain id.
    pub chain: String,
    /// The missing stage (a `missing` breakpoint).
    pub stage: String,
    /// Outside producers of the stage, most final products closed first, then most
    /// employees, then id.
    pub candidates: Vec<Candidate>,
    /// Outside producers beyond the [`MAX_EVALUATED`] largest, not evaluated.
    pub not_evaluated: usize,
}

/// An outside producer of a missing stage and what its arrival would close.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The firm id.
    pub firm: String,
    /// The firm's name.
    pub name: String,
    /// The firm's city id (outside the region).
    pub city: String,
    /// The country of that city.
    pub country: String,
    /// The firm's employees; `None` when unknown.
    pub employees: Option<f64>,
    /// Final products of the region (`chain/stage`) that would close.
    pub closes: Vec<String>,
}

/// Shortlists for the breakpoints without a local producer (`absent`, `no_data`) of one
/// chain's result.
pub fn shortlists(state: &RegionState<'_>, chain: &ChainCompleteness) -> Vec<Shortlist> {
    let model = state.model;
    let Some(chain_idx) = model.chain(&chain.chain) else {
        return Vec::new();
    };
    let finals: Vec<StageIdx> = (0..model.stages.len() as StageIdx)
        .filter(|&s| model.stages[s as usize].tier == Tier::FinalProduct)
        .collect();
    chain
        .breakpoints
        .iter()
        .filter(|b| b.reason.no_local_producer())
        .filter_map(|b| {
            let key = format!("{}/{}", model.chains[chain_idx as usize].id, b.stage);
            let stage = model.stage(&key)?;
            let mut outside: Vec<FirmIdx> = model
                .producers
                .get(stage)
                .iter()
                .copied()
                .filter(|&f| !state.local[f as usize])
                .collect();
            let size = |f: FirmIdx| model.firms[f as usize].employees.unwrap_or(-1.0);
            outside.sort_by(|&a, &b| {
                size(b)
                    .total_cmp(&size(a))
                    .then(model.firms[a as usize].id.cmp(&model.firms[b as usize].id))
            });
            let not_evaluated = outside.len().saturating_sub(MAX_EVALUATED);
            outside.truncate(MAX_EVALUATED);
            let mut candidates: Vec<Candidate> = outside
                .into_iter()
                .map(|f| evaluate(state, &finals, f))
                .collect();
            candidates.sort_by(|a, b| {
                b.closes
                    .len()
                    .cmp(&a.closes.len())
                    .then(
                        b.employees
                            .unwrap_or(-1.0)
                            .total_cmp(&a.employees.unwrap_or(-1.0)),
                    )
                    .then(a.firm.cmp(&b.firm))
            });
            Some(Shortlist {
                chain: chain.chain.clone(),
                stage: b.stage.clone(),
                candidates,
                not_evaluated,
            })
        })
        .collect()
}

fn evaluate(state: &RegionState<'_>, finals: &[StageIdx], firm: FirmIdx) -> Candidate {
    let model = state.model;
    let mut closure = state.realised.clone();
    closure.admit(model, &state.consumers, firm);
    let newcomer = &model.firms[firm as usize];
    let closes = finals
        .iter()
        .copied()
        .filter(|&s| !state.realised_closed[s as usize])
        .filter(|&s| {
            let presence = state.presence[s as usize] + u32::from(newcomer.produces(s));
            presence >= state.min_producers
                && model
                    .producers
                    .get(s)
                    .iter()
                    .any(|&f| closure.is_local(f) && closure.is_supplied(model, f, s))
        })
        .map(|s| model.stages[s as usize].key.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let city = model.firm_city(firm);
    Candidate {
        firm: newcomer.id.clone(),
        name: newcomer.name.clone(),
        city: city.id.clone(),
        country: city.country.clone(),
        employees: newcomer.employees,
        closes,
    }
}
