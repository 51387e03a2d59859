//! Bottlenecks (卡点) per chain: stage concentration, closure-critical firms, dominators and
//! vertex connectivity, gathered for `chainatlas bottlenecks` and the report.
//!
//! Stage concentration: over the local producers of a stage, HHI = Σ share² with shares of
//! employment (a firm's employees split evenly over the stages it makes); when any local
//! producer's employment is unknown the shares are by count (HHI = 1/P) and the basis says
//! so. N_eff = 1/HHI, the number of equal-sized producers with the same concentration. A
//! single-source stage has exactly one local producer.
//!
//! Producer units: a firm's `group` when the cell is filled, else the firm itself (plants of
//! one group are one unit). Per stage the same HHI, N_eff and largest producer over units, on
//! the same basis (a unit's size is the sum of its firms'; on the count basis each unit is 1);
//! "largest" is by employment on the employment basis, else by revenue when every producer
//! has one, else by supply links out (`largest_by`), never by name;
//! a stage is single-source by group when it has one unit. Stages without a local producer
//! have no concentration (they are breakpoints, see completeness). Cost O(firm-stage pairs ×
//! log units).
//! Closure-critical firms and groups, dominators and vertex connectivity: see [`super::critical`],
//! [`super::dominators`] and [`super::connectivity`].
//!
//! Output order: chains by id; concentration and single-source stages by stage id;
//! critical firms by final products lost (most first), then id; critical groups likewise,
//! then name; dominators by dominated final-product firms (most first), then id; the firm
//! and group lists cut to `top`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::completeness::{Options, RegionRef, RegionState, analyse};
use super::connectivity::{ChainConnectivity, chain_connectivity};
use super::critical::{
    CriticalFirm, CriticalGroup, Criticality, closure_critical, ranked, ranked_groups,
};
use super::dominators::{DominatorTree, dominators};
use super::size::SizeBasis as RankBasis;
use super::sourcing::{EvidenceCount, evidence_mix};
use crate::model::{ChainIdx, Evidence, FirmIdx, Layer, Model, StageIdx, Vocabulary};

/// What producer sizes were measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SizeBasis {
    /// Employees (every local producer's employment known).
    Employment,
    /// Equal sizes (some employment unknown).
    Count,
}

impl SizeBasis {
    /// The name used in JSON and CSV (`employment`, `count`).
    pub fn as_str(self) -> &'static str {
        match self {
            SizeBasis::Employment => "employment",
            SizeBasis::Count => "count",
        }
    }
}

/// How concentrated one stage's local producers are (only stages with a local producer).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageConcentration {
    /// The stage id.
    pub stage: String,
    /// P: local producers of the stage (≥ 1).
    pub producers: u32,
    /// Exactly one local producer.
    pub single_source: bool,
    /// HHI = Σ share² over the local producers, in (0, 1]; 1/P on the count basis.
    pub hhi: f64,
    /// N_eff = 1/HHI: the number of equal-sized producers with the same concentration.
    pub n_eff: f64,
    /// What the shares are of: employment, or count when any producer's employment is
    /// unknown.
    pub basis: SizeBasis,
    /// The largest local producer by `largest_by` (ties: id): never alphabetical order
    /// when sizes are unknown.
    pub top_producer: String,
    /// What "largest" is measured by: `employment` (the share basis is employment), else
    /// `revenue` when every producer has revenue, else `supply_degree` (supply links out).
    pub largest_by: RankBasis,
    /// Local producers of the stage whose employment is known (k of `employment_counted`).
    pub employment_known: u32,
    /// Local producers the shares are over (= `producers`).
    pub employment_counted: u32,
    /// Local producer units of the stage: a firm's group when its `group` cell is filled,
    /// else the firm itself (two plants of one group are one unit).
    pub units: u32,
    /// HHI over the units, on the same `basis`: a unit's share is the sum of its firms'
    /// (employment) or one per unit (count, HHI = 1/units).
    pub hhi_units: f64,
    /// 1/`hhi_units`.
    pub n_eff_units: f64,
    /// The largest unit by `largest_by`, a unit's size being the sum of its firms' (a group
    /// name, or a firm id; ties: the smaller).
    pub top_unit: String,
}

impl StageConcentration {
    /// The basis as shown in tables: "employment", or "count; employment known for k of n".
    pub fn basis_label(&self) -> String {
        match self.basis {
            SizeBasis::Employment => SizeBasis::Employment.as_str().to_string(),
            SizeBasis::Count => format!(
                "count; {}",
                crate::analysis::employment_known_note(
                    self.employment_known as usize,
                    self.employment_counted as usize
                )
            ),
        }
    }
}

/// One chain's bottlenecks (卡点) in the region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainBottlenecks {
    /// The chain id.
    pub chain: String,
    /// The chain is complete (realised closure).
    pub complete: bool,
    /// Stages with exactly one local producer, by id.
    pub single_source_stages: Vec<String>,
    /// Stages with exactly one local producer unit (group, or firm without a group), by
    /// id: every single-source stage, and those made only by plants of one group.
    pub single_source_groups: Vec<String>,
    /// One entry per stage with a local producer, by stage id.
    pub concentration: Vec<StageConcentration>,
    /// Firms whose loss breaks a closed final product of this chain, most critical first.
    pub critical_firms: Vec<CriticalFirm>,
    /// Groups with two or more local firms whose loss (all of them together) breaks a
    /// closed final product of this chain, most critical first.
    pub critical_groups: Vec<CriticalGroup>,
    /// Vertex connectivity between the chain's local raw-material and final-product firms,
    /// with one minimum cut.
    pub connectivity: ChainConnectivity,
}

/// A firm that dominates local final-product firms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DominatorEntry {
    /// The firm id.
    pub firm: String,
    /// The firm's name.
    pub name: String,
    /// The firm's city id.
    pub city: String,
    /// Local final-product firms whose every local supply path from the raw materials
    /// passes through this firm (> 0).
    pub dominated_final_firms: u32,
    /// Evidence mix of the firm's supply links to local firms: the paths it dominates run
    /// over them, so a dominator on `estimated` links only is a modeller's inference.
    pub supply_link_evidence: Vec<EvidenceCount>,
}

/// `bottlenecks --format json`: per chain and region-wide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bottlenecks {
    /// The region R.
    pub region: RegionRef,
    /// Groups in the region with two or more local firms: the groups checked as units for
    /// `critical_groups` (a group with one local firm loses what that firm loses).
    pub groups_checked: usize,
    /// One entry per selected chain, by chain id.
    pub chains: Vec<ChainBottlenecks>,
    /// Firms that lie on every local supply path to some final-product firm, most first.
    pub dominators: Vec<DominatorEntry>,
}

/// Concentration of one stage's local producers, by firm and by producer unit, or `None`
/// without any local producer.
pub fn concentration(state: &RegionState<'_>, s: StageIdx) -> Option<StageConcentration> {
    let model = state.model;
    let producers: Vec<u32> = state.local_producers(s).collect();
    if producers.is_empty() {
        return None;
    }
    let known = producers
        .iter()
        .filter(|&&f| model.firms[f as usize].employees.is_some())
        .count() as u32;
    let sizes: Option<Vec<f64>> = producers
        .iter()
        .map(|&f| {
            let firm = &model.firms[f as usize];
            firm.employees.map(|e| e / firm.stages.len() as f64)
        })
        .collect();
    let (basis, sizes) = match sizes {
        Some(v) if v.iter().sum::<f64>() > 0.0 => (SizeBasis::Employment, v),
        _ => (SizeBasis::Count, vec![1.0; producers.len()]),
    };
    let firm_sizes: Vec<(&str, f64)> = producers
        .iter()
        .zip(&sizes)
        .map(|(&f, &x)| (model.firms[f as usize].id.as_str(), x))
        .collect();
    // A unit weighs the sum of its firms' sizes on the employment basis, 1 on the count
    // basis.
    let unit_sizes: Vec<(&str, f64)> = per_unit(model, &producers, |i, _| sizes[i])
        .into_iter()
        .map(|(name, x)| match basis {
            SizeBasis::Employment => (name, x),
            SizeBasis::Count => (name, 1.0),
        })
        .collect();
    let hhi = hhi_of(&firm_sizes);
    let hhi_units = hhi_of(&unit_sizes);
    // "Largest": by the shares when they are employment; on the count basis every share is
    // equal, so rank by revenue, else supply degree (never by name).
    let (largest_by, top_producer, top_unit) = match basis {
        SizeBasis::Employment => (
            RankBasis::Employment,
            largest(&firm_sizes),
            largest(&unit_sizes),
        ),
        SizeBasis::Count => {
            let rank = if producers
                .iter()
                .all(|&f| model.firms[f as usize].revenue.is_some())
            {
                RankBasis::Revenue
            } else {
                RankBasis::SupplyDegree
            };
            let sized: Vec<(&str, f64)> = producers
                .iter()
                .map(|&f| (model.firms[f as usize].id.as_str(), rank.size(model, f)))
                .collect();
            let unit_rank = per_unit(model, &producers, |_, f| rank.size(model, f));
            (rank, largest(&sized), largest(&unit_rank))
        }
    };
    Some(StageConcentration {
        stage: model.stages[s as usize].id.clone(),
        producers: producers.len() as u32,
        single_source: producers.len() == 1,
        hhi,
        n_eff: 1.0 / hhi,
        basis,
        top_producer,
        largest_by,
        employment_known: known,
        employment_counted: producers.len() as u32,
        units: unit_sizes.len() as u32,
        hhi_units,
        n_eff_units: 1.0 / hhi_units,
        top_unit,
    })
}

/// The lost final products (`chain/stage`) and complete chains that belong to `chain_id`, or
/// `None` when no final product of it is lost.
fn in_chain(
    final_products: &[String],
    chains: &[String],
    chain_id: &str,
) -> Option<(Vec<String>, Vec<String>)> {
    let prefix = format!("{chain_id}/");
    let lost: Vec<String> = final_products
        .iter()
        .filter(|p| p.starts_with(&prefix))
        .cloned()
        .collect();
    (!lost.is_empty()).then(|| {
        let chains = chains.iter().filter(|x| *x == chain_id).cloned().collect();
        (lost, chains)
    })
}

/// The summed `size(i, firm)` of each producer unit of `firms`: the group when its cell is
/// filled, else the firm (keyed apart, so a firm id equal to a group name stays its own
/// unit); sorted by (grouped, name).
fn per_unit<'m>(
    model: &'m Model,
    firms: &[FirmIdx],
    size: impl Fn(usize, FirmIdx) -> f64,
) -> Vec<(&'m str, f64)> {
    let mut units: BTreeMap<(bool, &str), f64> = BTreeMap::new();
    for (i, &f) in firms.iter().enumerate() {
        let firm = &model.firms[f as usize];
        let key = if firm.group.is_empty() {
            (false, firm.id.as_str())
        } else {
            (true, firm.group.as_str())
        };
        *units.entry(key).or_default() += size(i, f);
    }
    units.into_iter().map(|((_, name), x)| (name, x)).collect()
}

/// HHI = Σ share² over named sizes (not all zero).
fn hhi_of(sizes: &[(&str, f64)]) -> f64 {
    let total: f64 = sizes.iter().map(|x| x.1).sum();
    sizes.iter().map(|x| (x.1 / total).powi(2)).sum()
}

/// The name of the largest size (ties: the smallest name).
fn largest(sizes: &[(&str, f64)]) -> String {
    sizes
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|x| x.0.to_string())
        .unwrap_or_default()
}

/// All bottleneck measures for the chosen chains (all when empty).
pub fn bottlenecks(
    state: &RegionState<'_>,
    criticality: &Criticality,
    dominators: &DominatorTree,
    chains: &[ChainIdx],
    complete: &BTreeSet<ChainIdx>,
    top: usize,
) -> Bottlenecks {
    let model: &Model = state.model;
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
    let all_critical = ranked(state, criticality, complete);
    let all_critical_groups = ranked_groups(state, criticality, complete);
    let chains = selected
        .into_iter()
        .map(|c| {
            let chain_id = &model.chains[c as usize].id;
            let mut stages = model.chains[c as usize].stages.clone();
            stages.sort_by(|a, b| {
                model.stages[*a as usize]
                    .id
                    .cmp(&model.stages[*b as usize].id)
            });
            let concentration: Vec<StageConcentration> = stages
                .iter()
                .filter_map(|&s| concentration(state, s))
                .collect();
            let critical_firms = all_critical
                .iter()
                .filter_map(|f| {
                    let (final_products, chains) =
                        in_chain(&f.final_products, &f.chains, chain_id)?;
                    Some(CriticalFirm {
                        final_products,
                        chains,
                        ..f.clone()
                    })
                })
                .take(top)
                .collect();
            let critical_groups = all_critical_groups
                .iter()
                .filter_map(|g| {
                    let (final_products, chains) =
                        in_chain(&g.final_products, &g.chains, chain_id)?;
                    Some(CriticalGroup {
                        final_products,
                        chains,
                        ..g.clone()
                    })
                })
                .take(top)
                .collect();
            ChainBottlenecks {
                chain: chain_id.clone(),
                complete: complete.contains(&c),
                single_source_stages: concentration
                    .iter()
                    .filter(|x| x.single_source)
                    .map(|x| x.stage.clone())
                    .collect(),
                single_source_groups: concentration
                    .iter()
                    .filter(|x| x.units == 1)
                    .map(|x| x.stage.clone())
                    .collect(),
                concentration,
                critical_firms,
                critical_groups,
                connectivity: chain_connectivity(model, &state.local, c),
            }
        })
        .collect();
    let mut doms: Vec<DominatorEntry> = dominators
        .dominated_final_firms
        .iter()
        .enumerate()
        .filter(|(_, d)| **d > 0)
        .map(|(f, &d)| DominatorEntry {
            firm: model.firms[f].id.clone(),
            name: model.firms[f].name.clone(),
            city: model.firm_city(f as u32).id.clone(),
            dominated_final_firms: d,
            supply_link_evidence: Vec::new(),
        })
        .collect();
    doms.sort_by(|a, b| {
        b.dominated_final_firms
            .cmp(&a.dominated_final_firms)
            .then(a.firm.cmp(&b.firm))
    });
    doms.truncate(top);
    // One pass over links for the listed dominators' local supply links.
    let listed: HashMap<FirmIdx, usize> = doms
        .iter()
        .enumerate()
        .filter_map(|(i, d)| model.firm(&d.firm).map(|f| (f, i)))
        .collect();
    let mut counts = vec![[0usize; <Evidence as Vocabulary>::ALL.len()]; doms.len()];
    for link in &model.links {
        if link.layer != Layer::Supply
            || !(state.local[link.source as usize] && state.local[link.target as usize])
        {
            continue;
        }
        if let Some(&i) = listed.get(&link.source) {
            counts[i][link.evidence.index()] += 1;
        }
    }
    for (d, c) in doms.iter_mut().zip(counts) {
        d.supply_link_evidence = evidence_mix(c);
    }
    Bottlenecks {
        region: RegionRef::of(state.region),
        groups_checked: criticality.groups.names.len(),
        chains,
        dominators: doms,
    }
}

/// Everything `bottlenecks` shows for a region: runs completeness (to know which chains
/// are complete), closure-criticality and dominators, then [`bottlenecks`].
pub fn for_region(state: &RegionState<'_>, chains: &[ChainIdx], top: usize) -> Bottlenecks {
    for_region_with(state, &closure_critical(state), chains, top)
}

/// [`for_region`] with the region's closure-criticality already computed (the report needs
/// it for H5 too, and it is the expensive step).
pub fn for_region_with(
    state: &RegionState<'_>,
    critical: &Criticality,
    chains: &[ChainIdx],
    top: usize,
) -> Bottlenecks {
    let model = state.model;
    let result = analyse(state, &[], &Options::default());
    let complete: BTreeSet<ChainIdx> = result
        .chains
        .iter()
        .filter(|c| c.complete)
        .filter_map(|c| model.chain(&c.chain))
        .collect();
    let dom = dominators(model, &state.local);
    bottlenecks(state, critical, &dom, chains, &complete, top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hhi_by_firm_and_by_unit() {
        // Two plants of one group, 100 employees each: 0.5 by firm, 1.0 as one unit.
        assert_eq!(hhi_of(&[("p1", 100.0), ("p2", 100.0)]), 0.5);
        assert_eq!(hhi_of(&[("Pack", 200.0)]), 1.0);
        // 300 and 100: 0.75² + 0.25².
        assert_eq!(hhi_of(&[("a", 300.0), ("b", 100.0)]), 0.625);
    }

    #[test]
    fn largest_breaks_ties_by_the_smaller_name() {
        assert_eq!(largest(&[("Pack", 400.0), ("Farm", 400.0)]), "Farm");
        assert_eq!(largest(&[("a", 1.0), ("b", 2.0)]), "b");
        assert_eq!(largest(&[]), "");
    }
}
