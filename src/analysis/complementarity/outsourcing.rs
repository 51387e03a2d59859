//! Outsourcing candidates: stages one side buys from outside the context region (and not
//! from the other side) that the other side produces. A supply link counts only when its
//! buyer uses the stage (it produces a stage taking it as an input), as in sourcing.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::units::in_unit;
use crate::analysis::closure::ConsumerIndex;
use crate::model::{Layer, Model, Region, StageIdx};

/// A stage one side buys from outside R (and not from the other side) that the other side
/// produces: what it could source from its partner instead.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OutsourcingCandidate {
    /// `a` when A's firms buy from outside, `b` for the reverse.
    pub buyer_side: String,
    /// The buying unit's name.
    pub buyer_city: String,
    /// The chain id of the stage.
    pub chain: String,
    /// The stage id (bare).
    pub stage: String,
    /// Buying firms of that side, sorted.
    pub buyers: Vec<String>,
    /// Their suppliers outside R, sorted.
    pub outside_suppliers: Vec<String>,
    /// Merchant producers of the stage on the other side ([`is_merchant`]), sorted.
    pub producers_in_other: Vec<String>,
    /// Producers of the stage on the other side left out because they supply only their
    /// own group (captive), sorted.
    pub captive_in_other: Vec<String>,
    /// Supply links counted.
    pub links: usize,
}

/// A merchant supplier: a firm with no group, or with a supply link to some buyer outside
/// its own group (a firm whose group is empty is its own group).
pub fn is_merchant(model: &Model, firm: crate::model::FirmIdx) -> bool {
    let f = &model.firms[firm as usize];
    if f.group.is_empty() {
        return true;
    }
    model.supply_out.get(firm).iter().any(|&l| {
        let t = &model.firms[model.links[l as usize].target as usize];
        let tg = if t.group.is_empty() { &t.id } else { &t.group };
        *tg != f.group
    })
}

/// Candidates for the side whose firms are flagged `buyers`: stages they buy from outside R
/// (suppliers not on the other side either) that the other side produces. Only links whose
/// buyer uses the stage count ([`ConsumerIndex::feeds`]).
pub(super) fn outsourcing(
    model: &Model,
    consumers: &ConsumerIndex,
    unit: &Region,
    side: &str,
    buyers: &[bool],
    other: &[bool],
    region: &[bool],
) -> Vec<OutsourcingCandidate> {
    type Group = (BTreeSet<String>, BTreeSet<String>, usize);
    let mut groups: BTreeMap<StageIdx, Group> = BTreeMap::new();
    for (_, link) in model.links_of(Layer::Supply) {
        let Some(u) = link.stage else { continue };
        if !in_unit(model, buyers, link.target)
            || in_unit(model, region, link.source)
            || in_unit(model, other, link.source)
            || !consumers.feeds(model, link.target, u)
        {
            continue;
        }
        let g = groups.entry(u).or_default();
        g.0.insert(model.firms[link.target as usize].id.clone());
        g.1.insert(model.firms[link.source as usize].id.clone());
        g.2 += 1;
    }
    let mut out: Vec<OutsourcingCandidate> = groups
        .into_iter()
        .filter_map(|(u, (buyers, suppliers, links))| {
            let mut producers = BTreeSet::new();
            let mut captive = BTreeSet::new();
            for &f in model.producers.get(u) {
                if !in_unit(model, other, f) {
                    continue;
                }
                let id = model.firms[f as usize].id.clone();
                if is_merchant(model, f) {
                    producers.insert(id);
                } else {
                    captive.insert(id);
                }
            }
            if producers.is_empty() {
                return None;
            }
            let stage = &model.stages[u as usize];
            Some(OutsourcingCandidate {
                buyer_side: side.to_string(),
                buyer_city: unit.name.clone(),
                chain: model.chains[stage.chain as usize].id.clone(),
                stage: stage.id.clone(),
                buyers: buyers.into_iter().collect(),
                outside_suppliers: suppliers.into_iter().collect(),
                producers_in_other: producers.into_iter().collect(),
                captive_in_other: captive.into_iter().collect(),
                links,
            })
        })
        .collect();
    out.sort();
    out
}
