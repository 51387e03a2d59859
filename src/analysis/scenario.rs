//! Scenarios: what happens to the chains if firms, a city, a whole region or a layer of
//! links drops out (`chainatlas simulate --remove …`).
//!
//! A removed firm disappears with all its links: it is no longer a local producer and no
//! longer an outside supplier. Removing a city or a region removes every firm located
//! there; removing a layer drops its links (only supply links bear on completeness). The
//! completeness analysis is run before and after on the same region, with the same
//! importable stages (`--importable`, see [`simulate_importing`]); the result lists per
//! chain the verdict before and after (`holds`, `fails`, `undetermined`,
//! `not_applicable`), the final products whose closure is lost (or gained — impossible by monotonicity,
//! but reported if it ever happened), the breakpoints that appear (reason `absent`,
//! `no_data` or `blocked`), and the local firms cut
//! off from local supply: firms that were locally supplied for a stage before and are not
//! after (removed firms excluded). Cost: two region states, O(firms + links) each.
//!
//! Output order: removals sorted and deduplicated; chains by id; new breakpoints by (stage,
//! reason); cut-off firms by id.

use std::collections::BTreeSet;

use serde::Serialize;

use super::completeness::{
    Breakpoint, Importable, Mode, Options, RegionRef, RegionState, Verdict, analyse,
};
use crate::error::Error;
use crate::model::{FirmIdx, Layer, Model, Region, Vocabulary};

/// One `--remove` item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "lowercase")]
pub enum Removal {
    /// `firm:ID`: one firm, by id.
    Firm(String),
    /// `city:NAME`: every firm located in the city.
    City(String),
    /// `region:NAME`: every firm located in a city of the region.
    Region(String),
    /// `layer:NAME`: every link of the layer.
    Layer(String),
}

impl Removal {
    /// Parses `firm:ID`, `city:NAME`, `region:NAME`, `layer:NAME`.
    pub fn parse(text: &str) -> Result<Removal, Error> {
        let (kind, name) = text.split_once(':').ok_or_else(|| {
            Error::Usage(format!(
                "{text:?}: write KIND:NAME with KIND one of firm, city, region, layer (e.g. city:Foshan)"
            ))
        })?;
        let name = name.trim().to_string();
        if name.is_empty() {
            return Err(Error::Usage(format!("{text:?}: the name is empty")));
        }
        match kind.trim() {
            "firm" => Ok(Removal::Firm(name)),
            "city" => Ok(Removal::City(name)),
            "region" => Ok(Removal::Region(name)),
            "layer" => Ok(Removal::Layer(name)),
            other => Err(Error::Usage(format!(
                "{text:?}: unknown kind {other:?}; use firm, city, region or layer"
            ))),
        }
    }
}

/// The removals resolved against a model.
struct Plan {
    /// Per firm: removed.
    removed_firms: Vec<bool>,
    /// Layers whose links are dropped.
    removed_layers: Vec<Layer>,
}

/// Resolves removals; an unknown name is a usage error naming the valid ones.
fn plan(model: &Model, removals: &[Removal]) -> Result<Plan, Error> {
    let mut removed_firms = vec![false; model.firms.len()];
    let mut removed_layers = Vec::new();
    let hint = |word: &str, known: Vec<&str>| crate::text::suggest::hint(word, known);
    for r in removals {
        match r {
            Removal::Firm(id) => {
                let f = model.firm(id).ok_or_else(|| {
                    Error::Usage(format!(
                        "firm:{id}: unknown firm id{}",
                        hint(id, model.firms.iter().map(|f| f.id.as_str()).collect())
                    ))
                })?;
                removed_firms[f as usize] = true;
            }
            Removal::City(name) => {
                let c = model.city(name).ok_or_else(|| {
                    Error::Usage(format!(
                        "city:{name}: unknown city{}",
                        hint(name, model.cities.iter().map(|c| c.id.as_str()).collect())
                    ))
                })?;
                for (f, firm) in model.firms.iter().enumerate() {
                    if firm.city == c {
                        removed_firms[f] = true;
                    }
                }
            }
            Removal::Region(name) => {
                let regions = model.region_names();
                if !regions.contains(&name.as_str()) {
                    return Err(Error::Usage(format!(
                        "region:{name}: unknown region{}; regions: {}",
                        hint(name, regions.clone()),
                        crate::text::suggest::name_list(&regions)
                    )));
                }
                for (f, firm) in model.firms.iter().enumerate() {
                    if model.cities[firm.city as usize].region == *name {
                        removed_firms[f] = true;
                    }
                }
            }
            Removal::Layer(name) => {
                let layer = Layer::parse(name).ok_or_else(|| {
                    Error::Usage(format!(
                        "layer:{name}: unknown layer; layers: {}",
                        Layer::spellings().join(", ")
                    ))
                })?;
                removed_layers.push(layer);
            }
        }
    }
    Ok(Plan {
        removed_firms,
        removed_layers,
    })
}

/// `simulate --format json`: the chains before and after the removals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// The region R the completeness analysis runs on.
    pub region: RegionRef,
    /// The closure mode.
    pub mode: Mode,
    /// The importable stages (`--importable`) as `chain/stage`, sorted; empty when none.
    pub importable: Vec<String>,
    /// The removals as given, sorted and without duplicates.
    pub removals: Vec<Removal>,
    /// Number of firms removed (by firm, city or region).
    pub removed_firms: usize,
    /// Number of links dropped: those of removed firms and of removed layers.
    pub removed_links: usize,
    /// One entry per chain, by chain id.
    pub chains: Vec<ChainChange>,
    /// Local firms locally supplied for some stage before and not after, by id.
    pub cut_off_firms: Vec<String>,
}

/// One chain before and after the removals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainChange {
    /// The chain id.
    pub chain: String,
    /// Complete before the removals.
    pub complete_before: bool,
    /// Complete after the removals.
    pub complete_after: bool,
    /// The chain's verdict before the removals (`holds`, `fails`, `undetermined`,
    /// `not_applicable`).
    pub verdict_before: Verdict,
    /// The chain's verdict after the removals.
    pub verdict_after: Verdict,
    /// Stage coverage before, in [0, 1].
    pub stage_coverage_before: f64,
    /// Stage coverage after, in [0, 1].
    pub stage_coverage_after: f64,
    /// Final products closed (in the chosen mode) before, by id.
    pub closed_final_products_before: Vec<String>,
    /// Final products closed after, by id.
    pub closed_final_products_after: Vec<String>,
    /// Final products closed before and not after.
    pub lost_final_products: Vec<String>,
    /// Breakpoints present after and not before.
    pub new_breakpoints: Vec<Breakpoint>,
}

/// Runs the completeness analysis before and after the removals (see the module header);
/// an unknown firm, city, region or layer is an [`Error::Usage`].
pub fn simulate(
    model: &Model,
    region: &Region,
    removals: &[Removal],
    opts: &Options,
) -> Result<Scenario, Error> {
    simulate_importing(model, region, removals, opts, &Importable::none())
}

/// [`simulate`] with importable stages: both states, before and after, take them as
/// bought from outside (closed whatever their inputs, never breakpoints).
pub fn simulate_importing(
    model: &Model,
    region: &Region,
    removals: &[Removal],
    opts: &Options,
    importable: &Importable,
) -> Result<Scenario, Error> {
    let plan = plan(model, removals)?;
    let mask = if importable.is_empty() {
        Vec::new()
    } else {
        importable.mask(model)
    };
    let after_model = model.with_links(|l| {
        !plan.removed_firms[l.source as usize]
            && !plan.removed_firms[l.target as usize]
            && !plan.removed_layers.contains(&l.layer)
    });
    let before = RegionState::importing(
        model,
        region,
        region.local_firms(model),
        opts.min_producers,
        mask.clone(),
    );
    let local_after: Vec<bool> = before
        .local
        .iter()
        .zip(&plan.removed_firms)
        .map(|(&l, &r)| l && !r)
        .collect();
    let after = RegionState::importing(&after_model, region, local_after, opts.min_producers, mask);
    let b = analyse(&before, &[], opts);
    let a = analyse(&after, &[], opts);

    let closed = |c: &super::completeness::ChainCompleteness| -> Vec<String> {
        c.final_products
            .iter()
            .filter(|f| {
                if opts.mode == Mode::Realised {
                    f.closed
                } else {
                    f.structural_closed
                }
            })
            .map(|f| f.stage.clone())
            .collect()
    };
    let chains = b
        .chains
        .iter()
        .zip(&a.chains)
        .map(|(cb, ca)| {
            let (before_closed, after_closed) = (closed(cb), closed(ca));
            let after_set: BTreeSet<&String> = after_closed.iter().collect();
            let old: BTreeSet<(&String, _)> = cb
                .breakpoints
                .iter()
                .map(|x| (&x.stage, x.reason))
                .collect();
            ChainChange {
                chain: cb.chain.clone(),
                complete_before: cb.complete,
                complete_after: ca.complete,
                verdict_before: cb.verdict,
                verdict_after: ca.verdict,
                stage_coverage_before: cb.stage_coverage,
                stage_coverage_after: ca.stage_coverage,
                lost_final_products: before_closed
                    .iter()
                    .filter(|s| !after_set.contains(s))
                    .cloned()
                    .collect(),
                closed_final_products_before: before_closed,
                closed_final_products_after: after_closed,
                new_breakpoints: ca
                    .breakpoints
                    .iter()
                    .filter(|x| !old.contains(&(&x.stage, x.reason)))
                    .cloned()
                    .collect(),
            }
        })
        .collect();

    let mut cut_off: Vec<String> = (0..model.firms.len() as FirmIdx)
        .filter(|&f| before.local[f as usize] && !plan.removed_firms[f as usize])
        .filter(|&f| {
            model.firms[f as usize].stages.iter().any(|&s| {
                before.realised.is_supplied(model, f, s)
                    && !after.realised.is_supplied(&after_model, f, s)
            })
        })
        .map(|f| model.firms[f as usize].id.clone())
        .collect();
    cut_off.sort();
    let mut removals = removals.to_vec();
    removals.sort();
    removals.dedup();
    Ok(Scenario {
        region: RegionRef::of(region),
        mode: opts.mode,
        importable: b.importable.clone(),
        removals,
        removed_firms: plan.removed_firms.iter().filter(|&&r| r).count(),
        removed_links: model.links.len() - after_model.links.len(),
        chains,
        cut_off_firms: cut_off,
    })
}
