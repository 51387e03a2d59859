//! Dataset summary: firms per city (local vs outside the region), firms per chain and stage
//! tier, links per layer, the evidence mix (count and share of links per evidence level)
//! and template sizes. Plain counts, O(firms + links); every list sorted by id.

use std::collections::BTreeMap;

use serde::Serialize;

use super::completeness::RegionRef;
use crate::model::{Evidence, Layer, Model, Region, Tier, Vocabulary};

#[derive(Debug, Serialize, PartialEq)]
pub struct Summary {
    pub dataset: String,
    pub region: RegionRef,
    pub totals: Totals,
    pub cities: Vec<CityCount>,
    pub chain_tiers: Vec<ChainTierCount>,
    pub layers: Vec<LayerCount>,
    pub evidence: Vec<EvidenceShare>,
    pub templates: Vec<TemplateSize>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Totals {
    pub cities: usize,
    pub chains: usize,
    pub stages: usize,
    pub firms: usize,
    pub local_firms: usize,
    pub links: usize,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct CityCount {
    pub city: String,
    pub region: String,
    pub country: String,
    pub local: bool,
    pub firms: usize,
}

/// Firms producing at least one stage of `tier` in `chain` (a firm counts once per row).
#[derive(Debug, Serialize, PartialEq)]
pub struct ChainTierCount {
    pub chain: String,
    pub tier: Tier,
    pub stages: usize,
    pub local_firms: usize,
    pub outside_firms: usize,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct LayerCount {
    pub layer: Layer,
    pub links: usize,
    /// Links with both ends in the region.
    pub local_links: usize,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct EvidenceShare {
    pub evidence: Evidence,
    pub links: usize,
    pub share: f64,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct TemplateSize {
    pub chain: String,
    pub stages: usize,
    pub final_products: usize,
    /// Template edges: one per distinct (input stage, stage) pair over all input groups.
    pub edges: usize,
    /// Input groups with more than one alternative.
    pub or_groups: usize,
}

pub fn summarize(model: &Model, region: &Region) -> Summary {
    let local = region.local_firms(model);
    let mut per_city = vec![0usize; model.cities.len()];
    for firm in model.firms.iter() {
        per_city[firm.city as usize] += 1;
    }
    let mut cities: Vec<CityCount> = model
        .cities
        .iter()
        .enumerate()
        .map(|(i, c)| CityCount {
            city: c.id.clone(),
            region: c.region.clone(),
            country: c.country.clone(),
            local: region.contains_city(i as u32),
            firms: per_city[i],
        })
        .collect();
    cities.sort_by(|a, b| (!a.local, &a.city).cmp(&(!b.local, &b.city)));

    // (chain, tier) -> (local firms, outside firms); a firm counts once per pair.
    let mut tiers: BTreeMap<(String, Tier), (usize, usize, usize)> = BTreeMap::new();
    for stage in &model.stages {
        let chain = model.chains[stage.chain as usize].id.clone();
        tiers.entry((chain, stage.tier)).or_default().0 += 1;
    }
    for (f, firm) in model.firms.iter().enumerate() {
        let mut pairs: Vec<(u32, Tier)> = firm
            .stages
            .iter()
            .map(|&s| {
                (
                    model.stages[s as usize].chain,
                    model.stages[s as usize].tier,
                )
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        for (chain, tier) in pairs {
            let entry = tiers
                .entry((model.chains[chain as usize].id.clone(), tier))
                .or_default();
            if local[f] {
                entry.1 += 1;
            } else {
                entry.2 += 1;
            }
        }
    }
    let chain_tiers = tiers
        .into_iter()
        .map(|((chain, tier), (stages, l, o))| ChainTierCount {
            chain,
            tier,
            stages,
            local_firms: l,
            outside_firms: o,
        })
        .collect();

    let mut layer_counts = [(0usize, 0usize); 4];
    let mut evidence_counts = [0usize; 4];
    for link in &model.links {
        let entry = &mut layer_counts[link.layer.index()];
        entry.0 += 1;
        if local[link.source as usize] && local[link.target as usize] {
            entry.1 += 1;
        }
        evidence_counts[link.evidence.index()] += 1;
    }
    let layers = Layer::ALL
        .iter()
        .map(|&layer| LayerCount {
            layer,
            links: layer_counts[layer.index()].0,
            local_links: layer_counts[layer.index()].1,
        })
        .collect();
    let total_links = model.links.len();
    let evidence = Evidence::ALL
        .iter()
        .map(|&e| EvidenceShare {
            evidence: e,
            links: evidence_counts[e.index()],
            share: share(evidence_counts[e.index()], total_links),
        })
        .collect();

    let mut templates: Vec<TemplateSize> = model
        .chains
        .iter()
        .map(|chain| {
            let stages = chain.stages.iter().map(|&s| &model.stages[s as usize]);
            TemplateSize {
                chain: chain.id.clone(),
                stages: chain.stages.len(),
                final_products: stages
                    .clone()
                    .filter(|s| s.tier == Tier::FinalProduct)
                    .count(),
                edges: stages
                    .clone()
                    .map(|s| {
                        let mut inputs: Vec<_> = s.inputs.iter().flatten().collect();
                        inputs.sort_unstable();
                        inputs.dedup();
                        inputs.len()
                    })
                    .sum(),
                or_groups: stages
                    .flat_map(|s| &s.inputs)
                    .filter(|g| g.len() > 1)
                    .count(),
            }
        })
        .collect();
    templates.sort_by(|a, b| a.chain.cmp(&b.chain));

    Summary {
        dataset: model.origin.clone(),
        region: RegionRef::of(region),
        totals: Totals {
            cities: model.cities.len(),
            chains: model.chains.len(),
            stages: model.stages.len(),
            firms: model.firms.len(),
            local_firms: local.iter().filter(|&&l| l).count(),
            links: total_links,
        },
        cities,
        chain_tiers,
        layers,
        evidence,
        templates,
    }
}

/// `part / whole`, 0 when `whole` is 0.
pub fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
