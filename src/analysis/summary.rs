//! Dataset summary: firms per city (local vs outside the region), firms per chain and stage
//! tier, links per layer, the evidence mix (count and share of links per evidence level)
//! and template sizes. Plain counts, O(firms + links); every list sorted by id.

use std::collections::BTreeMap;

use serde::Serialize;

use super::sourcing::{EvidenceCount, evidence_mix};

use super::completeness::RegionRef;
use crate::model::{Layer, Model, Region, Tier, Vocabulary};

/// `summary --format json`: plain counts of the dataset for region R.
#[derive(Debug, Serialize, PartialEq)]
pub struct Summary {
    /// Where the data came from: the dataset folder's path, or `embedded:gba`.
    pub dataset: String,
    /// The region R as resolved.
    pub region: RegionRef,
    /// Row counts of the dataset.
    pub totals: Totals,
    /// Firms per city: local cities first, then by city id.
    pub cities: Vec<CityCount>,
    /// Per (chain, tier) that has stages: by chain id, then tier.
    pub chain_tiers: Vec<ChainTierCount>,
    /// Links per layer: supply, value, innovation, capital.
    pub layers: Vec<LayerCount>,
    /// Links per evidence level, over all layers: documented to assumed.
    pub evidence: Vec<EvidenceCount>,
    /// Template sizes, by chain id.
    pub templates: Vec<TemplateSize>,
}

/// Row counts of the dataset.
#[derive(Debug, Serialize, PartialEq)]
pub struct Totals {
    /// Cities.
    pub cities: usize,
    /// Chains.
    pub chains: usize,
    /// Stages over all chains.
    pub stages: usize,
    /// Firms (every kind of actor).
    pub firms: usize,
    /// Firms in a city of R.
    pub local_firms: usize,
    /// Links over all layers.
    pub links: usize,
}

/// One city and the firms located there.
#[derive(Debug, Serialize, PartialEq)]
pub struct CityCount {
    /// The city id.
    pub city: String,
    /// The region the city belongs to in cities.csv.
    pub region: String,
    /// The city's country.
    pub country: String,
    /// The city is in R.
    pub local: bool,
    /// Firms (all kinds of actor) located in the city; 0 for a city without firms.
    pub firms: usize,
}

/// Firms producing at least one stage of `tier` in `chain` (a firm counts once per row).
#[derive(Debug, Serialize, PartialEq)]
pub struct ChainTierCount {
    /// The chain id.
    pub chain: String,
    /// The tier.
    pub tier: Tier,
    /// Stages of that tier in the chain.
    pub stages: usize,
    /// Local firms producing at least one of these stages.
    pub local_firms: usize,
    /// Firms outside R producing at least one of these stages.
    pub outside_firms: usize,
}

/// Links of one layer.
#[derive(Debug, Serialize, PartialEq)]
pub struct LayerCount {
    /// The layer.
    pub layer: Layer,
    /// Links of the layer.
    pub links: usize,
    /// Links with both ends in the region.
    pub local_links: usize,
}

/// The size of one chain's template.
#[derive(Debug, Serialize, PartialEq)]
pub struct TemplateSize {
    /// The chain id.
    pub chain: String,
    /// Stages of the chain.
    pub stages: usize,
    /// Stages of tier final_product.
    pub final_products: usize,
    /// Template edges: one per distinct (input stage, stage) pair over all input groups.
    pub edges: usize,
    /// Input groups with more than one alternative.
    pub or_groups: usize,
}

/// Counts the dataset for region R (see the module header).
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
    let evidence = evidence_mix(evidence_counts);

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
