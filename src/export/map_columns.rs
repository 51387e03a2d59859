//! The columns of a chain map, shared by the built-in SVG ([`super::svg`]) and the DOT map
//! ([`super::map_dot`]): which column each stage is drawn in, left to right.
//!
//! Every tier but `service` has one column, in tier order (upstream left). A service stage
//! is placed by the template instead of always last, so that its arrows run left to right:
//!
//! * with inputs: in a service column right after the column of its latest input (a
//!   transport stage fed by a material and feeding a component sits between the material
//!   and component columns; an after-sales stage fed by the final product sits after it);
//! * without inputs (or only such services as inputs): in a service column right before
//!   its earliest consumer (IC design before the wafer fab);
//! * with neither inputs nor consumers: in a service column after every other column.
//!
//! Services feeding services in the same place get one column each, in input order. A
//! service that feeds a stage of a tier no later than its own inputs' (a loop back in the
//! template) still draws that arrow right to left. Stages within a column keep the map's
//! order; the result depends only on the map, so the drawings stay deterministic.

use std::collections::HashMap;

use crate::analysis::stage_map::ChainMap;
use crate::model::Tier;

/// One column of the drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The tier whose stages it holds (`Tier::Service` for a service column).
    pub tier: Tier,
}

/// The columns of a map and each stage's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapColumns {
    /// Left to right.
    pub columns: Vec<Column>,
    /// Per stage, in the map's stage order: its index into `columns`.
    pub of_stage: Vec<usize>,
}

impl MapColumns {
    /// The column of the map's stage number `stage` (its index in `map.stages`).
    pub fn column(&self, stage: usize) -> usize {
        self.of_stage.get(stage).copied().unwrap_or(0)
    }
}

/// Place of a stage: an even slot `2t` is the column of the t-th non-service tier; odd
/// slots lie between them (service columns); `depth` orders services within one slot.
type Place = (i64, u32);

/// The columns of `map` under the rules in the module header.
pub fn columns(map: &ChainMap) -> MapColumns {
    let n = map.stages.len();
    let index: HashMap<&str, usize> = map
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    let mut inputs: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut consumers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in &map.edges {
        if let (Some(&u), Some(&s)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) {
            inputs[s].push(u);
            consumers[u].push(s);
        }
    }
    let order = topological(&inputs, &consumers);
    let tiers: Vec<Tier> = map
        .columns
        .iter()
        .copied()
        .filter(|&t| t != Tier::Service)
        .collect();
    let tier_slot = |t: Tier| -> i64 { 2 * tiers.iter().position(|&x| x == t).unwrap_or(0) as i64 };
    let is_service = |i: usize| map.stages[i].tier == Tier::Service;
    let last_slot = 2 * tiers.len() as i64 - 1;

    // The latest non-service column reached through a stage's inputs (services pass on
    // their inputs' latest).
    let mut after: Vec<Option<i64>> = vec![None; n];
    for &s in &order {
        after[s] = if is_service(s) {
            inputs[s]
                .iter()
                .filter_map(|&u| {
                    if is_service(u) {
                        after[u]
                    } else {
                        Some(tier_slot(map.stages[u].tier))
                    }
                })
                .max()
        } else {
            Some(tier_slot(map.stages[s].tier))
        };
    }
    let mut slot: Vec<i64> = vec![0; n];
    for &s in &order {
        slot[s] = match (is_service(s), after[s]) {
            (false, _) => tier_slot(map.stages[s].tier),
            (true, Some(a)) => a + 1,
            (true, None) => 0, // set below, from its consumers
        };
    }
    for &s in order.iter().rev() {
        if is_service(s) && after[s].is_none() {
            slot[s] = consumers[s]
                .iter()
                .map(|&c| if is_service(c) { slot[c] } else { slot[c] - 1 })
                .min()
                .unwrap_or(last_slot);
        }
    }
    let mut depth: Vec<u32> = vec![0; n];
    for &s in &order {
        if is_service(s) {
            depth[s] = inputs[s]
                .iter()
                .filter(|&&u| is_service(u) && slot[u] == slot[s])
                .map(|&u| depth[u] + 1)
                .max()
                .unwrap_or(0);
        }
    }
    let places: Vec<Place> = (0..n).map(|i| (slot[i], depth[i])).collect();
    let mut distinct: Vec<Place> = places.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let columns = distinct
        .iter()
        .map(|&(slot, _)| Column {
            tier: if slot % 2 == 0 {
                tiers
                    .get((slot / 2) as usize)
                    .copied()
                    .unwrap_or(Tier::Service)
            } else {
                Tier::Service
            },
        })
        .collect();
    let of_stage = places
        .iter()
        .map(|p| distinct.binary_search(p).unwrap_or(0))
        .collect();
    MapColumns { columns, of_stage }
}

/// The stages, inputs before consumers (Kahn's algorithm, ties in map order). The template
/// is acyclic; should a cycle slip through, its stages follow in map order rather than
/// being lost.
fn topological(inputs: &[Vec<usize>], consumers: &[Vec<usize>]) -> Vec<usize> {
    let n = inputs.len();
    let mut waiting: Vec<usize> = inputs.iter().map(Vec::len).collect();
    let mut ready: std::collections::BTreeSet<usize> =
        (0..n).filter(|&i| waiting[i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    let mut done = vec![false; n];
    while let Some(s) = ready.pop_first() {
        order.push(s);
        done[s] = true;
        for &c in &consumers[s] {
            waiting[c] -= 1;
            if waiting[c] == 0 {
                ready.insert(c);
            }
        }
    }
    order.extend((0..n).filter(|&i| !done[i]));
    order
}
