//! What firms weigh ([`Basis`]: employees or a count) and the split weights of a set of
//! cities per stage, per function and per tier — the inputs of the location quotients,
//! functional specialisation and similarity.

use serde::Serialize;

use crate::model::{FirmIdx, Function, Model, Tier, Vocabulary};

/// What firms weigh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// `employees` (every counted firm states it).
    Employment,
    /// Every firm weighs 1 (some counted firm has no `employees`).
    Count,
}

/// Firms of the given cities that have a stage or a function: (with `employees`, all).
pub(super) fn employment_counts(model: &Model, cities: &[bool]) -> (usize, usize) {
    let counted: Vec<bool> = model
        .firms
        .iter()
        .filter(|f| cities[f.city as usize] && (!f.stages.is_empty() || !f.functions.is_empty()))
        .map(|f| f.employees.is_some())
        .collect();
    (counted.iter().filter(|k| **k).count(), counted.len())
}

/// Employment when every firm of the given cities that has a stage or a function states
/// `employees`; count otherwise.
pub(super) fn basis_for(model: &Model, cities: &[bool]) -> Basis {
    let all_known = model
        .firms
        .iter()
        .filter(|f| cities[f.city as usize] && (!f.stages.is_empty() || !f.functions.is_empty()))
        .all(|f| f.employees.is_some());
    if all_known {
        Basis::Employment
    } else {
        Basis::Count
    }
}

pub(super) fn weight(model: &Model, f: FirmIdx, basis: Basis) -> f64 {
    match basis {
        Basis::Employment => model.firms[f as usize].employees.unwrap_or(0.0),
        Basis::Count => 1.0,
    }
}

/// Stage-split weights of the firms of a city set, per stage.
pub(super) fn stage_weights(model: &Model, cities: &[bool], basis: Basis) -> Vec<f64> {
    let mut w = vec![0.0; model.stages.len()];
    for (f, firm) in model.firms.iter().enumerate() {
        if !cities[firm.city as usize] || firm.stages.is_empty() {
            continue;
        }
        let share = weight(model, f as FirmIdx, basis) / firm.stages.len() as f64;
        for &s in &firm.stages {
            w[s as usize] += share;
        }
    }
    w
}

/// Function-split weights of the firms of a city set, per function (vocabulary order).
pub(super) fn function_weights(model: &Model, cities: &[bool], basis: Basis) -> Vec<f64> {
    let mut w = vec![0.0; Function::ALL.len()];
    for (f, firm) in model.firms.iter().enumerate() {
        let n = firm.functions.iter().count();
        if !cities[firm.city as usize] || n == 0 {
            continue;
        }
        let share = weight(model, f as FirmIdx, basis) / n as f64;
        for function in firm.functions.iter() {
            w[function as usize] += share;
        }
    }
    w
}

pub(super) fn tier_weights(model: &Model, stage_w: &[f64]) -> Vec<f64> {
    let mut w = vec![0.0; Tier::ALL.len()];
    for (s, stage) in model.stages.iter().enumerate() {
        w[stage.tier as usize] += stage_w[s];
    }
    w
}
