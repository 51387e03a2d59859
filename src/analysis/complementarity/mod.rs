//! Complementarity of two cities (docs/analyses.md "complementarity"; the article's
//! claim 3: "Guangzhou and Foshan are complementary"). A and B are disjoint sets of cities
//! (one city each by default); R is the context region (`--region`, default GBA): the
//! baseline of the location quotients and of FS, and what "outside" means.
//!
//! Definitions (docs/analyses.md "complementarity" has the same text with examples):
//! * **Closure** of A alone, B alone and A∪B with the completeness fixpoint
//!   ([`super::completeness::RegionState`], realised or structural mode; importable stages
//!   given with [`analyse_importing`] and [`matrix_importing`]). Per chain:
//!   `covered_*` = stages with ≥ θ producers in the unit, `closed_*` = final-product stages
//!   closed; **joint gain** = final products closed in A∪B and in neither alone;
//!   `joint_gain_stages` = every stage closed in A∪B and in neither alone.
//! * **Basis** (issue 15 item 4), per side and per figure: a figure counts the firms with
//!   a stage (tier quotients, similarity) or with a function (function quotients, FS). It
//!   weighs `employees` (a firm without it weighs 0) when employment is known for at least
//!   half of the firms it counts in every unit it compares — the side and R for the
//!   quotients and FS, A and B for the similarity; otherwise every firm weighs 1
//!   (`basis: "count"`), labelled with "employment known for k of n" per unit. FS is a ratio
//!   of jobs and has no count fallback: `null`, `not_computed`. A firm's weight is split
//!   evenly over its stages (stage and tier figures) or over its functions (function
//!   figures).
//! * **Location quotient** of unit U in category k (a tier, or a function):
//!   `LQ = (e_Uk / e_U) / (e_Rk / e_R)`, `e_U = Σ_k e_Uk` over that family, U and R on U's
//!   basis; `null` (`not_applicable`, with a reason) when a denominator is 0. A unit equal
//!   to R has LQ 1 in every category R has.
//! * **Functional specialisation** (Duranton & Puga 2005):
//!   `FS_U = ((rnd + design + hq) / manufacturing)_U ÷ ((rnd + design + hq) / manufacturing)_R`
//!   over function-split jobs; `null` with `not_computed` when employment is known for fewer
//!   than half of the firms with a function in U or R, or U or R has manufacturing firms but
//!   no manufacturing job known, or R&D, design or hq firms but none of their jobs known;
//!   `not_applicable` when U or R has no manufacturing firm, or R no R&D, design or hq firm.
//! * **Directed link intensity** per layer: `a_to_b = (L_AB / L_A) / (N_B / N_R)` with L_AB
//!   the links of the layer from a firm in A to a firm in B, L_A those whose source is in A,
//!   N the number of firms (any kind) in B and R; `null` when L_A, N_B or N_R is 0. Above 1,
//!   A's links go to B more often than B's size predicts. Same for `b_to_a`.
//! * **Similarity** over stage shares `x_s = e_As / e_A`, `y_s = e_Bs / e_B` (all stages of
//!   all chains, stage-split weights): UNIDO `S = Σ x y / √(Σx² Σy²)`, Krugman
//!   `K = Σ |x − y|` (0 ≤ S ≤ 1, 0 ≤ K ≤ 2, both symmetric). Context only: a low S says the
//!   cities differ, not that they fit. Undefined (`not_applicable`) when A or B has no
//!   stage weight.
//!   The intensity of a direction counts as a signal only when it rests on at least
//!   `min_links` links of the layer in that direction (`--min-links`, default 5;
//!   `a_to_b_enough_links`); below that it is reported with "too few links (n)".
//! * **Outsourcing candidates**: a supply link into a firm of A from a supplier outside R
//!   (and not in B), of stage u, whose buyer produces a stage taking u as an input (as in
//!   sourcing), where B has **merchant** producers of u; grouped per
//!   (side, chain, stage) with the buyers, the outside suppliers and B's merchant producers.
//!   The reverse for B. A producer is a merchant supplier when it has no group, or when it
//!   has a supply link to some buyer outside its own group (a firm with an empty group is
//!   its own group): a captive line that only supplies its own group is no candidate.
//! * **Verdict**: four complementarity signals — joint gain non-empty; FS on opposite sides
//!   of 1; some layer intensity above 1 in some direction resting on ≥ `min_links` links;
//!   outsourcing candidates exist. Each signal's detail quotes the counts it rests on.
//!   ≥ 3 signals: complementary; ≤ 1 signal and S ≥ 0.6: competitive; otherwise mixed.
//!
//! Cost: three closure fixpoints (each linear in links) plus one pass over firms and one over
//! links. The matrix over the n cities of R runs n single-city fixpoints and n(n−1)/2 union
//! fixpoints, and one pass over links for a city × city count table. Output is sorted by id
//! (chains, stages, tiers and functions in vocabulary order, layers in vocabulary order).
//!
//! Files: `units` (the sides and R as city sets), `weights` (basis and split weights),
//! `joint` (closure and joint gain), `quotients` (location quotients and FS), `links` (link
//! intensity and evidence between A and B), `similarity` (UNIDO S, Krugman K),
//! `outsourcing` (candidates), `verdict` (signals, verdict, conclusion), `matrix` (every
//! pair of R); this file holds the options, the pair result and its assembly.

mod joint;
mod links;
mod matrix;
mod outsourcing;
mod quotients;
mod ranking;
mod similarity;
mod units;
mod verdict;
mod weights;

use serde::Serialize;

pub use joint::ChainComplement;
pub use links::LinkIntensity;
pub use matrix::{Matrix, PairRow, matrix, matrix_importing, matrix_memory, matrix_on};
pub use outsourcing::OutsourcingCandidate;
pub use outsourcing::is_merchant;
pub use quotients::{
    FunctionLq, FunctionalSpecialisation, LocationQuotients, LqValues, SideBases, TierLq,
};
pub use similarity::{StageShare, similarity};
pub use units::{UnitRef, check_disjoint, resolve_unit};
pub use verdict::{COMPETITIVE_S, Signal, Verdict};

pub use weights::{Basis, FigureStatus, PairBasis, SideBasis};

/// The word for the basis asked for: `default`, or the basis.
pub fn basis_asked(basis: Option<Basis>) -> String {
    basis.map_or("default", Basis::word_json).to_string()
}

use super::closure::ConsumerIndex;
use super::completeness::{Importable, Mode};
use super::sourcing::EvidenceCount;
use crate::error::Error;
use crate::model::{Model, Region};
use quotients::{FsUnit, UnitWeights};
use units::city_flags;
use weights::{Family, Known, employment_counts, function_weights, stage_weights};

/// Options of the analysis.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Which closure decides the closed stages and the joint gain (default realised).
    pub mode: Mode,
    /// θ: producers a stage needs in a unit to count as present.
    pub min_producers: u32,
    /// Links a layer needs in one direction before its link intensity counts as a signal
    /// (`--min-links`, default [`DEFAULT_MIN_LINKS`]).
    pub min_links: usize,
}

/// Default of `--min-links`: a link intensity resting on fewer links in that direction and
/// layer is reported but is no signal ("too few links (n)").
pub const DEFAULT_MIN_LINKS: usize = 5;

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::Realised,
            min_producers: 1,
            min_links: DEFAULT_MIN_LINKS,
        }
    }
}

/// The comparison of two sides A and B: `complement --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Complement {
    /// Side A: its name (a region name, or the city list as given) and city ids.
    pub a: UnitRef,
    /// Side B, as for `a`.
    pub b: UnitRef,
    /// The context region R.
    pub region: UnitRef,
    /// The closure mode.
    pub mode: Mode,
    /// θ: producers a stage needs in a unit to count as present.
    pub min_producers: u32,
    /// Links a layer needs in one direction for its intensity to count as a signal.
    pub min_links: usize,
    /// The importable stages (`--importable`) as `chain/stage`, sorted; left out of the
    /// JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub importable: Vec<String>,
    /// The basis asked for (`--basis`): `default`, `employment`, `revenue` or `count`;
    /// each figure's basis is beside it.
    pub basis_asked: String,
    /// Firms of R ∪ A ∪ B with a stage or function whose `employees` is known (k of
    /// `employment_counted`); each figure's own basis and counts are beside it.
    pub employment_known: usize,
    /// Firms of R ∪ A ∪ B with a stage or function (the firms weighed).
    pub employment_counted: usize,
    /// Closure of A, B and A∪B per chain, by chain id.
    pub chains: Vec<ChainComplement>,
    /// Every jointly gained final product as `chain/stage`, sorted.
    pub joint_gain: Vec<String>,
    /// Final products closed with the context region R as the region (same mode, θ and
    /// importable stages). When neither A∪B nor R closes any, the joint-gain signal cannot
    /// be assessed: no final product closes, so no gain from combining A and B can show.
    pub region_closed_final_products: usize,
    /// Location quotients of A and B against R, by tier and by function.
    pub location_quotients: LocationQuotients,
    /// Functional specialisation (Duranton & Puga 2005) of A and B against R.
    pub functional_specialisation: FunctionalSpecialisation,
    /// Directed link intensity between A and B, one entry per layer (supply, value,
    /// innovation, capital).
    pub link_intensity: Vec<LinkIntensity>,
    /// What the stage shares behind S and K weigh, with employment known for k of n firms
    /// with a stage in A and in B.
    pub similarity_basis: PairBasis,
    /// UNIDO similarity S of the stage structures, in [0, 1] (1 = same structure);
    /// `None` when A or B has no stage weight. Context only.
    pub similarity_unido: Option<f64>,
    /// `computed`, or `not_applicable` (A or B has no stage weight).
    pub similarity_unido_status: FigureStatus,
    /// Why `similarity_unido` is `null`; `null` when computed.
    pub similarity_unido_reason: Option<String>,
    /// Krugman dissimilarity K = Σ |x_s − y_s|, in [0, 2]; `None` when A or B has no
    /// stage weight.
    pub krugman: Option<f64>,
    /// As `similarity_unido_status`.
    pub krugman_status: FigureStatus,
    /// As `similarity_unido_reason`.
    pub krugman_reason: Option<String>,
    /// Non-zero stage shares x (A) and y (B) behind S and K.
    pub stage_shares: Vec<StageShare>,
    /// Stages one side buys from outside R that the other side makes, by (side, chain,
    /// stage).
    pub outsourcing_candidates: Vec<OutsourcingCandidate>,
    /// Evidence mix of the links (any layer) between A and B, both directions.
    pub evidence_between: Vec<EvidenceCount>,
    /// The four complementarity signals, in the order joint_gain,
    /// functional_specialisation, link_intensity, outsourcing.
    pub signals: Vec<Signal>,
    /// Number of signals present (0 to 4).
    pub signal_count: usize,
    /// complementary (≥ 3 signals), competitive (≤ 1 signal and S ≥ 0.6) or mixed.
    pub verdict: Verdict,
    /// One paragraph stating the verdict and the numbers behind it (2 decimals).
    pub conclusion: String,
}

/// Runs the pair analysis. A and B must be disjoint ([`check_disjoint`]).
///
/// # Examples
///
/// Guangzhou and Foshan in `datasets/tiny` (hand-worked in its README, "Complementarity"):
/// only together do they close aircon/split_ac. Their link intensities rest on fewer than
/// five links each, so by default that signal cannot be assessed and the pair is
/// undetermined (mixed without it, complementary with it); counting every link
/// (`min_links: 1`), three of the four signals make them complementary.
///
/// ```
/// use chainatlas::analysis::complementarity::{Options, Verdict, analyse, resolve_unit};
/// use chainatlas::load::{DatasetSource, LoadOptions, load};
/// use chainatlas::model::Region;
///
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/tiny");
/// let model = load(&DatasetSource::from_arg(Some(dir.as_ref())), &LoadOptions::default())
///     .unwrap()
///     .model
///     .expect("datasets/tiny is valid");
/// let a = resolve_unit(&model, "Guangzhou").unwrap();
/// let b = resolve_unit(&model, "Foshan").unwrap();
/// let gba = Region::resolve(&model, Some("GBA")).unwrap();
/// let pair = analyse(&model, &a, &b, &gba, &Options::default()).unwrap();
///
/// assert_eq!(pair.joint_gain, ["aircon/split_ac"]);
/// // No stage is made in both cities: S = 0 and K = 2 (up to rounding).
/// assert_eq!(pair.similarity_unido, Some(0.0));
/// assert!((pair.krugman.unwrap() - 2.0).abs() < 1e-12);
/// assert_eq!(pair.signal_count, 2);
/// assert_eq!(pair.verdict, Verdict::Undetermined);
/// let every_link = Options { min_links: 1, ..Options::default() };
/// let pair = analyse(&model, &a, &b, &gba, &every_link).unwrap();
/// assert_eq!(pair.signal_count, 3);
/// assert_eq!(pair.verdict, Verdict::Complementary);
/// ```
pub fn analyse(
    model: &Model,
    a: &Region,
    b: &Region,
    region: &Region,
    opts: &Options,
) -> Result<Complement, Error> {
    analyse_importing(model, a, b, region, opts, &Importable::none())
}

/// [`analyse_importing`] on the default basis.
pub fn analyse_importing(
    model: &Model,
    a: &Region,
    b: &Region,
    region: &Region,
    opts: &Options,
    importable: &Importable,
) -> Result<Complement, Error> {
    analyse_on(model, a, b, region, opts, importable, None)
}

/// [`analyse`] with importable stages (`--importable`) and the basis asked for
/// (`--basis`; `None` = the default: employment when known for enough firms, else revenue
/// when every firm counted has it, else count). Importable stages are closed in A, B and
/// A∪B whatever their inputs (an input group holding one is met from outside), so they are
/// never a joint gain themselves but can let a final product close jointly.
pub fn analyse_on(
    model: &Model,
    a: &Region,
    b: &Region,
    region: &Region,
    opts: &Options,
    importable: &Importable,
    basis: Option<Basis>,
) -> Result<Complement, Error> {
    check_disjoint(a, b)?;
    let mask = if importable.is_empty() {
        Vec::new()
    } else {
        importable.mask(model)
    };
    let (chains, all_gain) = joint::chains(model, a, b, opts, &mask);
    let (_, closed_r) = joint::closed_flags(model, region, opts, &mask);
    let region_closed_final_products = (0..model.stages.len() as crate::model::StageIdx)
        .filter(|&s| joint::is_final(model, s) && closed_r[s as usize])
        .count();
    let mut importable_keys: Vec<String> = mask
        .iter()
        .enumerate()
        .filter(|(_, m)| **m)
        .map(|(s, _)| model.stages[s].key.clone())
        .collect();
    importable_keys.sort();

    let [flags_a, flags_b, flags_r] = [a, b, region].map(|u| city_flags(model, u));
    let any: Vec<bool> = (0..model.cities.len())
        .map(|c| flags_a[c] || flags_b[c] || flags_r[c])
        .collect();
    let (employment_known, employment_counted) = employment_counts(model, &any);

    // Location quotients and FS: each side on its own basis against R.
    let names = [&a.name, &b.name, &region.name].map(String::as_str);
    let flags = [&flags_a, &flags_b, &flags_r];
    let known = |family| flags.map(|f| Known::of(model, f, family));
    let [ks_a, ks_b, ks_r] = known(Family::Stages);
    let [kf_a, kf_b, kf_r] = known(Family::Functions);
    let sides = |[ka, kb, kr]: [Known; 3]| SideBases {
        a: SideBasis::new(ka, kr, [names[0], names[2]], basis),
        b: SideBasis::new(kb, kr, [names[1], names[2]], basis),
    };
    let (tier_basis, function_basis) = (sides([ks_a, ks_b, ks_r]), sides([kf_a, kf_b, kf_r]));
    let on = |basis| {
        (
            flags.map(|f| stage_weights(model, f, basis)),
            flags.map(|f| function_weights(model, f, basis)),
        )
    };
    let (sw_emp, fw_emp) = on(Basis::Employment);
    let (sw_rev, fw_rev) = on(Basis::Revenue);
    let (sw_cnt, fw_cnt) = on(Basis::Count);
    let sv = [0, 1, 2].map(|k| UnitWeights {
        name: names[k],
        employment: &sw_emp[k],
        revenue: &sw_rev[k],
        count: &sw_cnt[k],
    });
    let fv = [0, 1, 2].map(|k| UnitWeights {
        name: names[k],
        employment: &fw_emp[k],
        revenue: &fw_rev[k],
        count: &fw_cnt[k],
    });
    let location_quotients = quotients::location_quotients(
        model,
        tier_basis,
        function_basis,
        [&sv[0], &sv[1], &sv[2]],
        [&fv[0], &fv[1], &fv[2]],
    );
    let fs_units: Vec<FsUnit> = fv
        .iter()
        .zip([kf_a, kf_b, kf_r])
        .map(|(weights, k)| FsUnit {
            weights,
            known: (k.known, k.counted),
        })
        .collect();
    let functional_specialisation =
        quotients::functional_specialisation(&fs_units[0], &fs_units[1], &fs_units[2]);

    // Link intensity and the evidence mix between the two sides.
    let (link_intensity, evidence_between) =
        links::between(model, &flags_a, &flags_b, &flags_r, opts.min_links, names);

    // Similarity.
    let similarity_basis = PairBasis::new(ks_a, ks_b, basis);
    let stage_w = match similarity_basis.basis {
        Basis::Employment => &sw_emp,
        Basis::Revenue => &sw_rev,
        Basis::Count => &sw_cnt,
    };
    let [
        (similarity_unido, similarity_unido_status, similarity_unido_reason),
        (krugman, krugman_status, krugman_reason),
    ] = similarity::similarity_figures(
        &stage_w[0],
        &stage_w[1],
        [names[0], names[1]],
        similarity_basis.basis,
    );
    let stage_shares = similarity::stage_shares(model, &stage_w[0], &stage_w[1]);

    let consumers = ConsumerIndex::new(model);
    let mut outsourcing_candidates =
        outsourcing::outsourcing(model, &consumers, a, "a", &flags_a, &flags_b, &flags_r);
    outsourcing_candidates.extend(outsourcing::outsourcing(
        model, &consumers, b, "b", &flags_b, &flags_a, &flags_r,
    ));

    let mut result = Complement {
        a: UnitRef::of(a),
        b: UnitRef::of(b),
        region: UnitRef::of(region),
        mode: opts.mode,
        min_producers: opts.min_producers,
        min_links: opts.min_links,
        importable: importable_keys,
        basis_asked: basis_asked(basis),
        employment_known,
        employment_counted,
        chains,
        joint_gain: all_gain,
        region_closed_final_products,
        location_quotients,
        functional_specialisation,
        link_intensity,
        similarity_basis,
        similarity_unido,
        similarity_unido_status,
        similarity_unido_reason,
        krugman,
        krugman_status,
        krugman_reason,
        stage_shares,
        outsourcing_candidates,
        evidence_between,
        signals: Vec::new(),
        signal_count: 0,
        verdict: Verdict::Mixed,
        conclusion: String::new(),
    };
    verdict::conclude(&mut result);
    Ok(result)
}
