//! Complementarity of two cities (DESIGN.md "Complementarity of two cities"; the article's
//! claim 3: "Guangzhou and Foshan are complementary"). A and B are disjoint sets of cities
//! (one city each by default); R is the context region (`--region`, default GBA): the
//! baseline of the location quotients and of FS, and what "outside" means.
//!
//! Definitions (docs/analyses.md "complementarity" has the same text with examples):
//! * **Closure** of A alone, B alone and A∪B with the completeness fixpoint
//!   ([`super::completeness::RegionState`], realised or structural mode). Per chain:
//!   `covered_*` = stages with ≥ θ producers in the unit, `closed_*` = final-product stages
//!   closed; **joint gain** = final products closed in A∪B and in neither alone;
//!   `joint_gain_stages` = every stage closed in A∪B and in neither alone.
//! * **Basis**: a firm weighs its `employees` when every firm of R ∪ A ∪ B that has a stage
//!   or a function states `employees`; otherwise every firm weighs 1 (`basis: "count"`).
//!   A firm's weight is split evenly over its stages (stage and tier figures) or over its
//!   functions (function figures).
//! * **Location quotient** of unit U in category k (a tier, or a function):
//!   `LQ = (e_Uk / e_U) / (e_Rk / e_R)`, `e_U = Σ_k e_Uk` over that family; `null` when a
//!   denominator is 0. A unit equal to R has LQ 1 in every category R has.
//! * **Functional specialisation** (Duranton & Puga 2005):
//!   `FS_U = ((rnd + design + hq) / manufacturing)_U ÷ ((rnd + design + hq) / manufacturing)_R`
//!   over function-split jobs; `null` when a manufacturing total is 0.
//! * **Directed link intensity** per layer: `a_to_b = (L_AB / L_A) / (N_B / N_R)` with L_AB
//!   the links of the layer from a firm in A to a firm in B, L_A those whose source is in A,
//!   N the number of firms (any kind) in B and R; `null` when L_A, N_B or N_R is 0. Above 1,
//!   A's links go to B more often than B's size predicts. Same for `b_to_a`.
//! * **Similarity** over stage shares `x_s = e_As / e_A`, `y_s = e_Bs / e_B` (all stages of
//!   all chains, stage-split weights): UNIDO `S = Σ x y / √(Σx² Σy²)`, Krugman
//!   `K = Σ |x − y|` (0 ≤ S ≤ 1, 0 ≤ K ≤ 2, both symmetric). Context only: a low S says the
//!   cities differ, not that they fit.
//! * **Outsourcing candidates**: a supply link into a firm of A from a supplier outside R
//!   (and not in B), of stage u, where B has producers of u; grouped per (side, chain, stage)
//!   with the buyers, the outside suppliers and B's producers. The reverse for B.
//! * **Verdict**: four complementarity signals — joint gain non-empty; FS on opposite sides
//!   of 1; some layer intensity above 1 in some direction; outsourcing candidates exist.
//!   ≥ 3 signals: complementary; ≤ 1 signal and S ≥ 0.6: competitive; otherwise mixed.
//!
//! Cost: three closure fixpoints (each linear in links) plus one pass over firms and one over
//! links. The matrix over the n cities of R runs n single-city fixpoints and n(n−1)/2 union
//! fixpoints, and one pass over links for a city × city count table. Output is sorted by id
//! (chains, stages, tiers and functions in vocabulary order, layers in vocabulary order).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::completeness::{Mode, RegionState};
use super::sourcing::{EvidenceCount, evidence_mix};
use crate::error::Error;
use crate::model::{CityIdx, FirmIdx, Function, Layer, Model, Region, StageIdx, Tier, Vocabulary};

/// Threshold of UNIDO S from which two cities with few complementarity signals are called
/// competitive.
pub const COMPETITIVE_S: f64 = 0.6;

/// Options of the analysis.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub mode: Mode,
    /// θ: producers a stage needs in a unit to count as present.
    pub min_producers: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Realised,
            min_producers: 1,
        }
    }
}

/// A named set of cities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRef {
    pub name: String,
    pub cities: Vec<String>,
}

impl UnitRef {
    fn of(region: &Region) -> Self {
        UnitRef {
            name: region.name.clone(),
            cities: region.cities.clone(),
        }
    }
}

/// What firms weigh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// `employees` (every counted firm states it).
    Employment,
    /// Every firm weighs 1 (some counted firm has no `employees`).
    Count,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Complementary,
    Competitive,
    Mixed,
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Verdict::Complementary => "complementary",
            Verdict::Competitive => "competitive",
            Verdict::Mixed => "mixed",
        })
    }
}

/// `complement --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Complement {
    pub a: UnitRef,
    pub b: UnitRef,
    /// The context region R.
    pub region: UnitRef,
    pub mode: Mode,
    pub min_producers: u32,
    pub basis: Basis,
    pub chains: Vec<ChainComplement>,
    /// Every jointly gained final product as `chain/stage`, sorted.
    pub joint_gain: Vec<String>,
    pub location_quotients: LocationQuotients,
    pub functional_specialisation: FunctionalSpecialisation,
    pub link_intensity: Vec<LinkIntensity>,
    pub similarity_unido: Option<f64>,
    pub krugman: Option<f64>,
    /// Non-zero stage shares x (A) and y (B) behind S and K.
    pub stage_shares: Vec<StageShare>,
    pub outsourcing_candidates: Vec<OutsourcingCandidate>,
    /// Evidence mix of the links (any layer) between A and B, both directions.
    pub evidence_between: Vec<EvidenceCount>,
    pub signals: Vec<Signal>,
    pub signal_count: usize,
    pub verdict: Verdict,
    pub conclusion: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainComplement {
    pub chain: String,
    /// Stages in the template.
    pub stages: usize,
    pub covered_a: Vec<String>,
    pub covered_b: Vec<String>,
    pub covered_joint: Vec<String>,
    pub closed_a: Vec<String>,
    pub closed_b: Vec<String>,
    pub closed_joint: Vec<String>,
    pub joint_gain: Vec<String>,
    pub joint_gain_stages: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationQuotients {
    pub basis: Basis,
    pub by_tier: Vec<TierLq>,
    pub by_function: Vec<FunctionLq>,
}

/// Weights and quotients of one category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LqValues {
    pub e_a: f64,
    pub e_b: f64,
    pub e_region: f64,
    pub lq_a: Option<f64>,
    pub lq_b: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierLq {
    pub tier: Tier,
    #[serde(flatten)]
    pub values: LqValues,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionLq {
    pub function: Function,
    #[serde(flatten)]
    pub values: LqValues,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionalSpecialisation {
    pub a: Option<f64>,
    pub b: Option<f64>,
    /// (rnd + design + hq) / manufacturing jobs of A, B and R.
    pub ratio_a: Option<f64>,
    pub ratio_b: Option<f64>,
    pub ratio_region: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkIntensity {
    pub layer: Layer,
    pub a_to_b: Option<f64>,
    pub b_to_a: Option<f64>,
    /// L_AB, L_A, L_BA, L_B.
    pub links_a_to_b: usize,
    pub links_from_a: usize,
    pub links_b_to_a: usize,
    pub links_from_b: usize,
    /// N_A, N_B, N_R.
    pub firms_a: usize,
    pub firms_b: usize,
    pub firms_region: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageShare {
    /// `chain/stage`.
    pub stage: String,
    pub a: f64,
    pub b: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OutsourcingCandidate {
    /// `a` when A's firms buy from outside, `b` for the reverse.
    pub buyer_side: String,
    /// The buying unit's name.
    pub buyer_city: String,
    pub chain: String,
    pub stage: String,
    /// Buying firms of that side, sorted.
    pub buyers: Vec<String>,
    /// Their suppliers outside R, sorted.
    pub outside_suppliers: Vec<String>,
    /// Producers of the stage on the other side, sorted.
    pub producers_in_other: Vec<String>,
    /// Supply links counted.
    pub links: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    /// `joint_gain`, `functional_specialisation`, `link_intensity` or `outsourcing`.
    pub signal: &'static str,
    pub present: bool,
    pub detail: String,
}

/// `complement --matrix --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    pub region: UnitRef,
    pub mode: Mode,
    pub min_producers: u32,
    pub basis: Basis,
    pub pairs: Vec<PairRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairRow {
    pub a: String,
    pub b: String,
    pub joint_gain_count: usize,
    /// `chain/stage`, sorted.
    pub joint_gain: Vec<String>,
    pub similarity_unido: Option<f64>,
    pub krugman: Option<f64>,
    pub supply_a_to_b: Option<f64>,
    pub supply_b_to_a: Option<f64>,
}

/// Resolves `--a`/`--b` (a region name or a comma list of cities) into a unit named by the
/// argument; `flag` names the option in messages.
pub fn resolve_unit(model: &Model, flag: &str, spec: &str) -> Result<Region, Error> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err(Error::Usage(format!("{flag} is empty")));
    }
    let regions = model.region_names();
    let region = regions
        .iter()
        .find(|r| **r == spec)
        .or_else(|| {
            let folded: Vec<&&str> = regions
                .iter()
                .filter(|r| r.eq_ignore_ascii_case(spec))
                .collect();
            (folded.len() == 1).then(|| folded[0])
        })
        .copied();
    if let Some(name) = region {
        let cities: Vec<CityIdx> = (0..model.cities.len() as CityIdx)
            .filter(|&c| model.cities[c as usize].region == name)
            .collect();
        return Ok(Region::from_cities(model, name.to_string(), &cities));
    }
    let mut idx = Vec::new();
    let mut names = Vec::new();
    let mut unknown = Vec::new();
    for name in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match model.city(name) {
            Some(c) => {
                idx.push(c);
                names.push(name.to_string());
            }
            None => unknown.push(name.to_string()),
        }
    }
    if !unknown.is_empty() {
        let mut cities: Vec<&str> = model.cities.iter().map(|c| c.id.as_str()).collect();
        cities.sort_unstable();
        let hint = crate::load::suggest::hint(
            &unknown[0],
            cities.iter().copied().chain(regions.iter().copied()),
        );
        return Err(Error::Usage(format!(
            "{flag} {spec:?}: unknown region or city {}{hint}; regions: {}; cities: {}",
            unknown
                .iter()
                .map(|u| format!("{u:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            regions.join(", "),
            cities.join(", ")
        )));
    }
    if idx.is_empty() {
        return Err(Error::Usage(format!("{flag} names no city")));
    }
    names.dedup();
    Ok(Region::from_cities(model, names.join(","), &idx))
}

/// Fails when A and B share a city.
pub fn check_disjoint(a: &Region, b: &Region) -> Result<(), Error> {
    let shared: Vec<&str> = a
        .cities
        .iter()
        .filter(|c| b.cities.contains(c))
        .map(String::as_str)
        .collect();
    if shared.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{} and {} overlap in {}; the two sides must not share a city",
            a.name,
            b.name,
            shared.join(", ")
        )))
    }
}

/// City flags of a region, indexed by city.
fn city_flags(model: &Model, region: &Region) -> Vec<bool> {
    (0..model.cities.len() as CityIdx)
        .map(|c| region.contains_city(c))
        .collect()
}

fn in_unit(model: &Model, flags: &[bool], f: FirmIdx) -> bool {
    flags[model.firms[f as usize].city as usize]
}

/// Employment when every firm of the given cities that has a stage or a function states
/// `employees`; count otherwise.
fn basis_for(model: &Model, cities: &[bool]) -> Basis {
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

fn weight(model: &Model, f: FirmIdx, basis: Basis) -> f64 {
    match basis {
        Basis::Employment => model.firms[f as usize].employees.unwrap_or(0.0),
        Basis::Count => 1.0,
    }
}

/// Stage-split weights of the firms of a city set, per stage.
fn stage_weights(model: &Model, cities: &[bool], basis: Basis) -> Vec<f64> {
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
fn function_weights(model: &Model, cities: &[bool], basis: Basis) -> Vec<f64> {
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

fn tier_weights(model: &Model, stage_w: &[f64]) -> Vec<f64> {
    let mut w = vec![0.0; Tier::ALL.len()];
    for (s, stage) in model.stages.iter().enumerate() {
        w[stage.tier as usize] += stage_w[s];
    }
    w
}

fn lq(e_uk: f64, e_u: f64, e_rk: f64, e_r: f64) -> Option<f64> {
    (e_u > 0.0 && e_rk > 0.0 && e_r > 0.0).then(|| (e_uk / e_u) / (e_rk / e_r))
}

fn lq_values(k: usize, a: &[f64], b: &[f64], r: &[f64]) -> LqValues {
    let (ta, tb, tr) = (
        a.iter().sum::<f64>(),
        b.iter().sum::<f64>(),
        r.iter().sum::<f64>(),
    );
    LqValues {
        e_a: a[k],
        e_b: b[k],
        e_region: r[k],
        lq_a: lq(a[k], ta, r[k], tr),
        lq_b: lq(b[k], tb, r[k], tr),
    }
}

/// (rnd + design + hq) / manufacturing of function-split weights.
fn fs_ratio(w: &[f64]) -> Option<f64> {
    let mfg = w[Function::Manufacturing as usize];
    (mfg > 0.0).then(|| {
        (w[Function::Rnd as usize] + w[Function::Design as usize] + w[Function::Hq as usize]) / mfg
    })
}

fn fs_of(unit: Option<f64>, region: Option<f64>) -> Option<f64> {
    match (unit, region) {
        (Some(u), Some(r)) if r > 0.0 => Some(u / r),
        _ => None,
    }
}

/// UNIDO S and Krugman K of two weight vectors over the same stages.
pub fn similarity(a: &[f64], b: &[f64]) -> (Option<f64>, Option<f64>) {
    let (ta, tb) = (a.iter().sum::<f64>(), b.iter().sum::<f64>());
    if ta <= 0.0 || tb <= 0.0 {
        return (None, None);
    }
    let (mut xy, mut xx, mut yy, mut k) = (0.0, 0.0, 0.0, 0.0);
    for (wa, wb) in a.iter().zip(b) {
        let (x, y) = (wa / ta, wb / tb);
        xy += x * y;
        xx += x * x;
        yy += y * y;
        k += (x - y).abs();
    }
    (Some(xy / (xx * yy).sqrt()), Some(k))
}

fn intensity(to_other: usize, out: usize, n_other: usize, n_region: usize) -> Option<f64> {
    (out > 0 && n_other > 0 && n_region > 0)
        .then(|| (to_other as f64 / out as f64) / (n_other as f64 / n_region as f64))
}

fn stage_key(model: &Model, s: StageIdx) -> String {
    model.stages[s as usize].key.clone()
}

/// Closed-stage flags of a set of cities (one fixpoint).
fn closed_flags(model: &Model, region: &Region, opts: &Options) -> (Vec<bool>, Vec<bool>) {
    let state = RegionState::new(model, region, opts.min_producers);
    let present = (0..model.stages.len() as StageIdx)
        .map(|s| state.present(s))
        .collect();
    (present, state.closed(opts.mode).to_vec())
}

fn union_of(model: &Model, a: &Region, b: &Region) -> Region {
    let cities: Vec<CityIdx> = a
        .cities
        .iter()
        .chain(&b.cities)
        .filter_map(|c| model.city(c))
        .collect();
    Region::from_cities(model, format!("{}+{}", a.name, b.name), &cities)
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

/// Runs the pair analysis. A and B must be disjoint ([`check_disjoint`]).
pub fn analyse(
    model: &Model,
    a: &Region,
    b: &Region,
    region: &Region,
    opts: &Options,
) -> Result<Complement, Error> {
    check_disjoint(a, b)?;
    let joint = union_of(model, a, b);
    let (present_a, closed_a) = closed_flags(model, a, opts);
    let (present_b, closed_b) = closed_flags(model, b, opts);
    let (present_j, closed_j) = closed_flags(model, &joint, opts);

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
        let fin = |s: StageIdx| model.stages[s as usize].tier == Tier::FinalProduct;
        let gained =
            |s: StageIdx| closed_j[s as usize] && !closed_a[s as usize] && !closed_b[s as usize];
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

    let flags_a = city_flags(model, a);
    let flags_b = city_flags(model, b);
    let flags_r = city_flags(model, region);
    let any: Vec<bool> = (0..model.cities.len())
        .map(|c| flags_a[c] || flags_b[c] || flags_r[c])
        .collect();
    let basis = basis_for(model, &any);

    // Location quotients and FS.
    let (sw_a, sw_b, sw_r) = (
        stage_weights(model, &flags_a, basis),
        stage_weights(model, &flags_b, basis),
        stage_weights(model, &flags_r, basis),
    );
    let (tw_a, tw_b, tw_r) = (
        tier_weights(model, &sw_a),
        tier_weights(model, &sw_b),
        tier_weights(model, &sw_r),
    );
    let (fw_a, fw_b, fw_r) = (
        function_weights(model, &flags_a, basis),
        function_weights(model, &flags_b, basis),
        function_weights(model, &flags_r, basis),
    );
    let location_quotients = LocationQuotients {
        basis,
        by_tier: Tier::ALL
            .iter()
            .map(|&t| TierLq {
                tier: t,
                values: lq_values(t as usize, &tw_a, &tw_b, &tw_r),
            })
            .collect(),
        by_function: Function::ALL
            .iter()
            .map(|&f| FunctionLq {
                function: f,
                values: lq_values(f as usize, &fw_a, &fw_b, &fw_r),
            })
            .collect(),
    };
    let (ratio_a, ratio_b, ratio_r) = (fs_ratio(&fw_a), fs_ratio(&fw_b), fs_ratio(&fw_r));
    let functional_specialisation = FunctionalSpecialisation {
        a: fs_of(ratio_a, ratio_r),
        b: fs_of(ratio_b, ratio_r),
        ratio_a,
        ratio_b,
        ratio_region: ratio_r,
    };

    // Link intensity and the evidence mix between the two sides.
    let firms_in = |flags: &[bool]| {
        model
            .firms
            .iter()
            .filter(|f| flags[f.city as usize])
            .count()
    };
    let (n_a, n_b, n_r) = (firms_in(&flags_a), firms_in(&flags_b), firms_in(&flags_r));
    let mut counts = [[0usize; 4]; 4]; // per layer: L_AB, L_A, L_BA, L_B
    let mut evidence = [0usize; 4];
    for link in &model.links {
        let (sa, sb) = (
            in_unit(model, &flags_a, link.source),
            in_unit(model, &flags_b, link.source),
        );
        let (ta, tb) = (
            in_unit(model, &flags_a, link.target),
            in_unit(model, &flags_b, link.target),
        );
        let c = &mut counts[link.layer.index()];
        if sa {
            c[1] += 1;
            if tb {
                c[0] += 1;
            }
        }
        if sb {
            c[3] += 1;
            if ta {
                c[2] += 1;
            }
        }
        if (sa && tb) || (sb && ta) {
            evidence[link.evidence.index()] += 1;
        }
    }
    let link_intensity: Vec<LinkIntensity> = Layer::ALL
        .iter()
        .map(|&layer| {
            let c = counts[layer.index()];
            LinkIntensity {
                layer,
                a_to_b: intensity(c[0], c[1], n_b, n_r),
                b_to_a: intensity(c[2], c[3], n_a, n_r),
                links_a_to_b: c[0],
                links_from_a: c[1],
                links_b_to_a: c[2],
                links_from_b: c[3],
                firms_a: n_a,
                firms_b: n_b,
                firms_region: n_r,
            }
        })
        .collect();

    // Similarity.
    let (similarity_unido, krugman) = similarity(&sw_a, &sw_b);
    let (ta, tb) = (sw_a.iter().sum::<f64>(), sw_b.iter().sum::<f64>());
    let mut stage_shares: Vec<StageShare> = (0..model.stages.len())
        .filter(|&s| sw_a[s] > 0.0 || sw_b[s] > 0.0)
        .map(|s| StageShare {
            stage: stage_key(model, s as StageIdx),
            a: if ta > 0.0 { sw_a[s] / ta } else { 0.0 },
            b: if tb > 0.0 { sw_b[s] / tb } else { 0.0 },
        })
        .collect();
    stage_shares.sort_by(|x, y| x.stage.cmp(&y.stage));

    let mut outsourcing_candidates = outsourcing(model, a, "a", &flags_a, &flags_b, &flags_r);
    outsourcing_candidates.extend(outsourcing(model, b, "b", &flags_b, &flags_a, &flags_r));

    let mut result = Complement {
        a: UnitRef::of(a),
        b: UnitRef::of(b),
        region: UnitRef::of(region),
        mode: opts.mode,
        min_producers: opts.min_producers,
        basis,
        chains,
        joint_gain: all_gain,
        location_quotients,
        functional_specialisation,
        link_intensity,
        similarity_unido,
        krugman,
        stage_shares,
        outsourcing_candidates,
        evidence_between: evidence_mix(evidence),
        signals: Vec::new(),
        signal_count: 0,
        verdict: Verdict::Mixed,
        conclusion: String::new(),
    };
    conclude(&mut result);
    Ok(result)
}

/// Candidates for the side whose firms are flagged `buyers`: stages they buy from outside R
/// (suppliers not on the other side either) that the other side produces.
fn outsourcing(
    model: &Model,
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
            let producers: BTreeSet<String> = model
                .producers
                .get(u)
                .iter()
                .filter(|&&f| in_unit(model, other, f))
                .map(|&f| model.firms[f as usize].id.clone())
                .collect();
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
                links,
            })
        })
        .collect();
    out.sort();
    out
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_string(), |v| format!("{v:.2}"))
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Fills `signals`, `signal_count`, `verdict` and `conclusion` from the numbers.
fn conclude(c: &mut Complement) {
    let (an, bn, rn) = (&c.a.name, &c.b.name, &c.region.name);
    let mut signals = Vec::new();

    // 1. Joint gain.
    signals.push(if c.joint_gain.is_empty() {
        Signal {
            signal: "joint_gain",
            present: false,
            detail: "no final product is closed only jointly (joint gain empty)".to_string(),
        }
    } else {
        Signal {
            signal: "joint_gain",
            present: true,
            detail: format!(
                "together they close {} that neither closes alone (joint gain {})",
                list(&c.joint_gain),
                c.joint_gain.len()
            ),
        }
    });

    // 2. FS on opposite sides of 1.
    let fs = &c.functional_specialisation;
    let opposite =
        matches!((fs.a, fs.b), (Some(x), Some(y)) if (x > 1.0 && y < 1.0) || (x < 1.0 && y > 1.0));
    let fs_text = format!("FS {} ({an}) vs {} ({bn})", num(fs.a), num(fs.b));
    signals.push(Signal {
        signal: "functional_specialisation",
        present: opposite,
        detail: if opposite {
            let (head, tail) = if fs.a > fs.b { (an, bn) } else { (bn, an) };
            format!(
                "{fs_text}: {head} specialises in R&D, design and headquarters, {tail} in manufacturing"
            )
        } else if fs.ratio_region.is_none_or(|r| r <= 0.0) {
            format!(
                "{fs_text}: undefined, {rn} has no manufacturing jobs or no R&D, design and headquarters jobs"
            )
        } else if fs.a.is_none() || fs.b.is_none() {
            format!("{fs_text}: undefined where a side has no manufacturing jobs")
        } else {
            format!("{fs_text}: not on opposite sides of 1")
        },
    });

    // 3. Link intensity above 1.
    let mut above = Vec::new();
    let mut best: Option<(f64, String)> = None;
    for li in &c.link_intensity {
        for (value, from, to) in [(li.a_to_b, an, bn), (li.b_to_a, bn, an)] {
            let Some(v) = value else { continue };
            let text = format!("{} links {from}→{to} {v:.2}× what size predicts", li.layer);
            if v > 1.0 {
                above.push(text.clone());
            }
            if best.as_ref().is_none_or(|(b, _)| v > *b) {
                best = Some((v, text));
            }
        }
    }
    signals.push(Signal {
        signal: "link_intensity",
        present: !above.is_empty(),
        detail: if !above.is_empty() {
            list(&above)
        } else if let Some((_, text)) = best {
            format!("no layer's links between them exceed what size predicts (highest: {text})")
        } else {
            "no layer has links out of either side".to_string()
        },
    });

    // 4. Outsourcing candidates.
    let names: Vec<String> = c
        .outsourcing_candidates
        .iter()
        .map(|o| {
            let other = if o.buyer_side == "a" { bn } else { an };
            format!(
                "{} buys {}/{} from outside {rn} that {other} makes",
                o.buyer_city, o.chain, o.stage
            )
        })
        .collect();
    signals.push(Signal {
        signal: "outsourcing",
        present: !names.is_empty(),
        detail: if names.is_empty() {
            format!("neither buys from outside {rn} a stage the other makes")
        } else {
            format!("{} outsourcing candidate(s): {}", names.len(), list(&names))
        },
    });

    let count = signals.iter().filter(|s| s.present).count();
    let s = c.similarity_unido;
    let verdict = if count >= 3 {
        Verdict::Complementary
    } else if count <= 1 && s.is_some_and(|s| s >= COMPETITIVE_S) {
        Verdict::Competitive
    } else {
        Verdict::Mixed
    };
    let present: Vec<String> = signals
        .iter()
        .filter(|s| s.present)
        .map(|s| s.detail.clone())
        .collect();
    let absent: Vec<String> = signals
        .iter()
        .filter(|s| !s.present)
        .map(|s| s.detail.clone())
        .collect();
    let mut text = format!(
        "{verdict}: {count} of 4 complementarity signals between {an} and {bn} (context region {rn})"
    );
    if !present.is_empty() {
        text += &format!("; {}", present.join("; "));
    }
    if !absent.is_empty() {
        text += &format!(". Not signalled: {}", absent.join("; "));
    }
    let similar = match (verdict, s) {
        (Verdict::Competitive, Some(v)) => format!(
            ". Their stage structures are similar (UNIDO S = {v:.2} ≥ {COMPETITIVE_S}, Krugman K = {}) and there are few signals of fit, so they compete more than they complement",
            num(c.krugman)
        ),
        (Verdict::Mixed, _) if count <= 1 => format!(
            ". Few signals of fit, but the stage structures are not similar enough to call them competitors (UNIDO S {}; Krugman K = {})",
            s.map_or_else(
                || "undefined".to_string(),
                |v| format!("= {v:.2} < {COMPETITIVE_S}")
            ),
            num(c.krugman)
        ),
        _ => format!(
            ". UNIDO S = {} and Krugman K = {} are context only (a low S says the cities differ, not that they fit)",
            num(s),
            num(c.krugman)
        ),
    };
    text += &similar;
    let links: usize = c.evidence_between.iter().map(|e| e.links).sum();
    let mix: Vec<String> = c
        .evidence_between
        .iter()
        .filter(|e| e.links > 0)
        .map(|e| format!("{} {}", e.links, e.evidence))
        .collect();
    text += &if links == 0 {
        ". There are no links between them.".to_string()
    } else {
        format!(
            ". Evidence of the {links} link(s) between them: {}.",
            mix.join(", ")
        )
    };
    c.signal_count = count;
    c.verdict = verdict;
    c.signals = signals;
    c.conclusion = text;
}

/// Every unordered pair of the cities of R (by city id), ranked by joint-gain count (desc),
/// then S (asc; undefined last), then names.
pub fn matrix(model: &Model, region: &Region, opts: &Options) -> Matrix {
    let mut cities: Vec<CityIdx> = region.cities.iter().filter_map(|c| model.city(c)).collect();
    cities.sort_by(|x, y| {
        model.cities[*x as usize]
            .id
            .cmp(&model.cities[*y as usize].id)
    });
    let flags_r = city_flags(model, region);
    let basis = basis_for(model, &flags_r);
    let single: Vec<Region> = cities
        .iter()
        .map(|&c| Region::from_cities(model, model.cities[c as usize].id.clone(), &[c]))
        .collect();
    let closed: Vec<Vec<bool>> = single
        .iter()
        .map(|r| closed_flags(model, r, opts).1)
        .collect();
    let weights: Vec<Vec<f64>> = single
        .iter()
        .map(|r| stage_weights(model, &city_flags(model, r), basis))
        .collect();
    // Supply links city → city, links out of each city, firms per city.
    let position: BTreeMap<CityIdx, usize> =
        cities.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let n = cities.len();
    let mut between = vec![vec![0usize; n]; n];
    let mut out = vec![0usize; n];
    for (_, link) in model.links_of(Layer::Supply) {
        let Some(&i) = position.get(&model.firms[link.source as usize].city) else {
            continue;
        };
        out[i] += 1;
        if let Some(&j) = position.get(&model.firms[link.target as usize].city) {
            between[i][j] += 1;
        }
    }
    let mut firms = vec![0usize; n];
    for firm in model.firms.iter() {
        if let Some(&i) = position.get(&firm.city) {
            firms[i] += 1;
        }
    }
    let n_r = model
        .firms
        .iter()
        .filter(|f| flags_r[f.city as usize])
        .count();
    let finals: Vec<StageIdx> = (0..model.stages.len() as StageIdx)
        .filter(|&s| model.stages[s as usize].tier == Tier::FinalProduct)
        .collect();

    let mut pairs = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let joint = union_of(model, &single[i], &single[j]);
            let closed_j = closed_flags(model, &joint, opts).1;
            let mut gain: Vec<String> = finals
                .iter()
                .copied()
                .filter(|&s| {
                    let s = s as usize;
                    closed_j[s] && !closed[i][s] && !closed[j][s]
                })
                .map(|s| stage_key(model, s))
                .collect();
            gain.sort();
            let (s, k) = similarity(&weights[i], &weights[j]);
            pairs.push(PairRow {
                a: single[i].name.clone(),
                b: single[j].name.clone(),
                joint_gain_count: gain.len(),
                joint_gain: gain,
                similarity_unido: s,
                krugman: k,
                supply_a_to_b: intensity(between[i][j], out[i], firms[j], n_r),
                supply_b_to_a: intensity(between[j][i], out[j], firms[i], n_r),
            });
        }
    }
    pairs.sort_by(|x, y| {
        y.joint_gain_count
            .cmp(&x.joint_gain_count)
            .then_with(|| match (x.similarity_unido, y.similarity_unido) {
                (Some(p), Some(q)) => p.total_cmp(&q),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    Matrix {
        region: UnitRef::of(region),
        mode: opts.mode,
        min_producers: opts.min_producers,
        basis,
        pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_is_symmetric_and_bounded() {
        let a = [3.0, 1.0, 0.0, 2.0];
        let b = [0.0, 1.0, 4.0, 1.0];
        let (s1, k1) = similarity(&a, &b);
        let (s2, k2) = similarity(&b, &a);
        assert_eq!(s1, s2);
        assert_eq!(k1, k2);
        let (s, k) = (s1.unwrap(), k1.unwrap());
        assert!((0.0..=1.0).contains(&s) && (0.0..=2.0).contains(&k));
        assert_eq!(similarity(&a, &a).1, Some(0.0));
        assert!((similarity(&a, &a).0.unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(similarity(&a, &[0.0; 4]), (None, None));
    }

    #[test]
    fn lq_is_undefined_on_empty_denominators() {
        assert_eq!(lq(1.0, 0.0, 1.0, 1.0), None);
        assert_eq!(lq(0.0, 1.0, 0.0, 1.0), None);
        assert_eq!(lq(1.0, 2.0, 1.0, 2.0), Some(1.0));
        assert_eq!(intensity(1, 0, 3, 10), None);
        assert_eq!(intensity(2, 4, 5, 10), Some(1.0));
    }
}
