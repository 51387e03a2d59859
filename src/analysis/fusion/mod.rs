//! Four chains as one system (the article's claim 2: the value, supply, innovation and
//! product chains "should be combined and become one system"). Do the layers of the firm graph join the same local firms, and does the
//! innovation chain reach the region's manufacturers?
//!
//! Definitions ("local" = firm in region R; the layers are supply, value, innovation and
//! capital, in that order; L = 4; links are directed, self-loops are rejected by the loader):
//! * per layer l: `links` = links of layer l with both ends local; `all_links` = links of
//!   layer l whatever their ends; `firms` = local firms incident to at least one local link
//!   of l; `active_share` = firms / local firms (null when the region has no firm); `pairs` =
//!   |E_l| below; `evidence` = the evidence mix (count and share per level) of the `links`.
//! * E_l = the set of unordered pairs {a, b}, a ≠ b, both local, joined by at least one link
//!   of layer l in either direction. For each ordered pair of layers (a, b):
//!   `shared_pairs` = |E_a ∩ E_b|; `jaccard` = |E_a ∩ E_b| / |E_a ∪ E_b| (null when the union
//!   is empty; symmetric; 1 on the diagonal when E_a is not empty); `conditional` =
//!   |E_a ∩ E_b| / |E_a|, the share of `from_layer`'s pairs also joined in `to_layer` (null
//!   when E_a is empty; not symmetric).
//! * multiplex participation of a local firm i (Battiston et al. 2014, "Structural measures
//!   for multiplex networks", Phys. Rev. E 89, 032804):
//!   `P_i = (L/(L−1))·(1 − Σ_l (k_i^l / o_i)²)`, where k_i^l = number of local links of layer
//!   l incident to i (in + out, parallel links counted with multiplicity) and
//!   o_i = Σ_l k_i^l; P_i = 0 when o_i = 0. P_i = 0: all of i's links are in one layer;
//!   P_i = 1: spread evenly over the four. Firms with o_i > 0 are *active*; firms with
//!   o_i = 0 are counted apart (`isolated_firms`) and left out of the bins, the mean and the
//!   top list. Bins [0, 0.2), [0.2, 0.4), [0.4, 0.6), [0.6, 0.8), [0.8, 1.0] are decided in
//!   exact integer arithmetic (P is a ratio of integers), so a firm at exactly 0.6 is never
//!   put below it by rounding. `mean` = mean of P over active firms (null when none).
//!   `multi_layer_firms` = active firms with k_i^l > 0 in at least two layers;
//!   `multi_layer_share` = multi_layer_firms / active firms (null when none).
//!   Top firms: by P descending (compared exactly), then o_i descending, then firm id.
//! * innovation coupling by city: for each city of R, `manufacturers` = local firms of that
//!   city producing at least one stage whose tier is not `service`; `coupled` = those with at
//!   least one inbound innovation link (from any firm, local or not); `share` =
//!   coupled / manufacturers (null when there is no manufacturer). `region` = the same
//!   summed over R.
//! * the article's **four chains** (`four_chains`, file `four.rs`): value, supply and
//!   innovation are the link layers above; **product** is the templates realised by local
//!   producers: its pairs are Σ over template edges u→s of P(u)·P(s), P = local producers,
//!   counted arithmetically, never enumerated. Capital is a fifth layer: shown, not counted
//!   in the verdict. `multi_chain`: local firms active in ≥ 1 and in ≥ 2 of the four
//!   chains (a firm is in the product chain when it produces an end of a template edge
//!   whose other end has a local producer); its share is m.
//! * verdict on "one system", with c = the region's coupling share and m = the
//!   multi-chain share over the four chains: `integrated` when c ≥ 0.5 and m ≥ 0.5;
//!   `fragmented` when c < 0.2 and m < 0.2; otherwise `partly_integrated`; `undetermined`
//!   when c or m is undefined and the verdict differs with it at 0 and at 1. The sentence
//!   that states it for readers (the JSON's `conclusion`) is written in the report layer
//!   (`src/report/fusion.rs`).
//!
//! Files: this one holds the result types, the verdict rule and the one pass over links;
//! `pairs.rs` the firm-pair keys and their intersections (overlap), `participation.rs` the
//! multiplex participation, `coupling.rs` the innovation coupling by city.
//!
//! Cost: one pass over links (degrees, pair keys, evidence, inbound innovation flags); the
//! pair keys of each layer (one `u64` per local link) are sorted and deduplicated, and each
//! of the six layer pairs is intersected by a linear merge: O(links log links) time,
//! O(firms + links) memory. The top list is selected with `select_nth_unstable_by`, then
//! sorted: O(firms + N log N).
//!
//! Output order: layers and the 16 overlap entries in layer order (`from_layer`, then
//! `to_layer`); bins from low to high; top firms as above; cities by id.

use serde::Serialize;

mod coupling;
mod four;
mod pairs;
mod participation;

use coupling::coupling;
pub use four::{FourChain, MultiChain};
use pairs::{intersection_size, pair_key};
use participation::participation;

use super::completeness::RegionRef;
use super::figure::{Figure, FigureStatus};
use super::sourcing::{EvidenceCount, evidence_mix};
use crate::model::{Evidence, Layer, Model, Region, Vocabulary};

/// L, the number of layers (4).
const L: usize = <Layer as Vocabulary>::ALL.len();
/// Evidence levels.
const EVIDENCE: usize = <Evidence as Vocabulary>::ALL.len();
/// Verdict threshold: `integrated` needs both the coupling share and the multi-layer
/// share at or above this (0.5).
pub const INTEGRATED_AT: f64 = 0.5;
/// Verdict threshold: `fragmented` needs both shares below this (0.2).
pub const FRAGMENTED_BELOW: f64 = 0.2;

/// The result of `chainatlas fusion` (its JSON output, and the report's "Four chains as one
/// system"). The fields are defined in the module header and in docs/analyses.md.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fusion {
    /// Where the data came from (a folder path, or `embedded:gba`).
    pub dataset: String,
    /// Region R: its name and cities.
    pub region: RegionRef,
    /// Number of firms in R.
    pub local_firms: usize,
    /// One entry per layer, in layer order (supply, value, innovation, capital).
    pub layers: Vec<LayerStats>,
    /// One entry per ordered pair of layers (16), by (`from_layer`, `to_layer`).
    pub overlap: Vec<Overlap>,
    /// How evenly each active local firm's links spread over the layers.
    pub participation: Participation,
    /// Innovation coupling: the share of local manufacturers with an inbound innovation link.
    pub coupling: Coupling,
    /// The article's four chains: value, supply, innovation and product (capital is the
    /// fifth layer of `layers`, not one of them).
    pub four_chains: Vec<FourChain>,
    /// Local firms active in one and in two or more of the four chains (m of the verdict).
    pub multi_chain: MultiChain,
    /// The verdict on "one system", from the coupling share and the multi-chain share.
    pub verdict: Verdict,
    /// The same coupling, multi-chain share and verdict counting only `documented` links
    /// (the product chain, which has no links, is unchanged).
    pub documented_only: DocumentedOnly,
}

/// Coupling, multi-chain share and verdict on `documented` links only.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentedOnly {
    /// Local manufacturers with an inbound documented innovation link.
    pub coupling: CouplingCount,
    /// The four chains' multi-chain count with documented links in the link chains.
    pub multi_chain: MultiChain,
    /// The verdict rule on these two shares.
    pub verdict: Verdict,
}

/// One layer's links and firms in R.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LayerStats {
    /// The layer.
    pub layer: Layer,
    /// Links of the layer with both ends local.
    pub links: usize,
    /// Links of the layer, any ends.
    pub all_links: usize,
    /// Local firms incident to at least one local link of the layer.
    pub firms: usize,
    /// `firms` / local firms, in [0, 1]; `None` (`not_applicable`) when the region has no
    /// firm in the data.
    pub active_share: Option<f64>,
    /// `computed` or `not_applicable` (see `active_share`).
    pub active_share_status: FigureStatus,
    /// Why `active_share` is null; `None` when computed.
    pub active_share_reason: Option<String>,
    /// |E_l|: distinct unordered local firm pairs joined in the layer.
    pub pairs: usize,
    /// Evidence mix of the local links of the layer.
    pub evidence: Vec<EvidenceCount>,
}

/// How far two layers join the same local firm pairs (E_a, E_b: the module header).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Overlap {
    /// Layer a (the row of the table's matrices).
    pub from_layer: Layer,
    /// Layer b (the column).
    pub to_layer: Layer,
    /// |E_a ∩ E_b| / |E_a ∪ E_b|, in [0, 1]; `None` when the union is empty.
    pub jaccard: Option<f64>,
    /// `computed` or `not_applicable` (neither layer joins a pair).
    pub jaccard_status: FigureStatus,
    /// Why `jaccard` is null; `None` when computed.
    pub jaccard_reason: Option<String>,
    /// |E_a ∩ E_b| / |E_a|: the share of a's pairs also joined in b, in [0, 1]; `None`
    /// when E_a is empty.
    pub conditional: Option<f64>,
    /// `computed` or `not_applicable` (`from_layer` joins no pair).
    pub conditional_status: FigureStatus,
    /// Why `conditional` is null; `None` when computed.
    pub conditional_reason: Option<String>,
    /// |E_a ∩ E_b|: local firm pairs joined in both layers.
    pub shared_pairs: usize,
}

/// Multiplex participation P_i of the local firms (module header for the formula).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Participation {
    /// Local firms with at least one local link (o_i > 0).
    pub active_firms: usize,
    /// Local firms without local links (o_i = 0, P_i = 0 by definition).
    pub isolated_firms: usize,
    /// Active firms with local links in at least two layers.
    pub multi_layer_firms: usize,
    /// `multi_layer_firms` / active firms, in [0, 1]; `None` when no firm is active.
    pub multi_layer_share: Option<f64>,
    /// `computed` or `not_applicable` (no active firm).
    pub multi_layer_share_status: FigureStatus,
    /// Why `multi_layer_share` is null; `None` when computed.
    pub multi_layer_share_reason: Option<String>,
    /// Mean P over active firms, in [0, 1]; `None` when no firm is active.
    pub mean: Option<f64>,
    /// `computed` or `not_applicable` (no active firm).
    pub mean_status: FigureStatus,
    /// Why `mean` is null; `None` when computed.
    pub mean_reason: Option<String>,
    /// Active firms per P bin, [0, 0.2) … [0.8, 1.0], low to high.
    pub bins: Vec<Bin>,
    /// The top N active firms by P (then links, then firm id).
    pub top: Vec<FirmParticipation>,
}

/// One bin of the participation distribution.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Bin {
    /// Lower bound of P (included).
    pub from: f64,
    /// Upper bound of P (excluded, except for the last bin).
    pub to: f64,
    /// Whether `to` belongs to the bin (only the last one).
    pub includes_to: bool,
    /// Active firms whose P falls in the bin.
    pub firms: usize,
}

/// One firm of the participation top list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FirmParticipation {
    /// Firm id.
    pub firm: String,
    /// Firm name.
    pub name: String,
    /// City id of the firm.
    pub city: String,
    /// P_i, in [0, 1].
    pub participation: f64,
    /// o_i: local links incident to the firm, all layers.
    pub links: u64,
    /// Layers with k_i^l > 0.
    pub layers: usize,
    /// k_i^l: the firm's local links per layer.
    pub degrees: LayerDegrees,
}

/// k_i^l per layer: local links of the layer incident to the firm, in + out, parallel
/// links counted with multiplicity.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LayerDegrees {
    /// Supply-layer local links.
    pub supply: u64,
    /// Value-layer local links.
    pub value: u64,
    /// Innovation-layer local links.
    pub innovation: u64,
    /// Capital-layer local links.
    pub capital: u64,
}

/// Innovation coupling: do the region's manufacturers receive innovation links?
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Coupling {
    /// One entry per city of R, by city id.
    pub cities: Vec<CityCoupling>,
    /// The same counts summed over R (the `c` of the verdict is its `share`).
    pub region: CouplingCount,
}

/// Innovation coupling of one city of R.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CityCoupling {
    /// City id.
    pub city: String,
    /// Local firms of the city producing at least one stage whose tier is not `service`.
    pub manufacturers: usize,
    /// Manufacturers with at least one inbound innovation link, from any firm.
    pub coupled: usize,
    /// `coupled` / `manufacturers`, in [0, 1]; `None` (`not_applicable`) when there is no
    /// manufacturer.
    pub share: Option<f64>,
    /// `computed` or `not_applicable` (no manufacturer).
    pub share_status: FigureStatus,
    /// Why `share` is null; `None` when computed.
    pub share_reason: Option<String>,
}

/// Innovation coupling summed over R.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CouplingCount {
    /// Local manufacturers (firms producing a stage whose tier is not `service`).
    pub manufacturers: usize,
    /// Manufacturers with at least one inbound innovation link, from any firm.
    pub coupled: usize,
    /// `coupled` / `manufacturers`, in [0, 1]; `None` (`not_applicable`) when there is no
    /// manufacturer.
    pub share: Option<f64>,
    /// `computed` or `not_applicable` (no manufacturer).
    pub share_status: FigureStatus,
    /// Why `share` is null; `None` when computed.
    pub share_reason: Option<String>,
}

/// The verdict on "one system", with c = the region's coupling share and m = the
/// multi-chain share over the four chains; `undetermined` when a share is undefined and
/// its value could change the verdict. Serialised in snake case.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// c ≥ 0.5 and m ≥ 0.5 ([`INTEGRATED_AT`]).
    Integrated,
    /// Neither integrated nor fragmented.
    PartlyIntegrated,
    /// c < 0.2 and m < 0.2 ([`FRAGMENTED_BELOW`]).
    Fragmented,
    /// c or m is undefined (no local manufacturer; no local firm in the four chains) and
    /// the verdict would differ with it at 0 and at 1.
    Undetermined,
}

impl Verdict {
    /// The rule: c = innovation coupling share, m = multi-chain share (four chains).
    pub fn from_shares(c: f64, m: f64) -> Verdict {
        if c >= INTEGRATED_AT && m >= INTEGRATED_AT {
            Verdict::Integrated
        } else if c < FRAGMENTED_BELOW && m < FRAGMENTED_BELOW {
            Verdict::Fragmented
        } else {
            Verdict::PartlyIntegrated
        }
    }

    /// The rule with undefined shares: an unknown share is tried at 0 and at 1 (the rule is
    /// monotone in each share); when the outcomes differ the verdict is undetermined.
    pub fn from_optional_shares(c: Option<f64>, m: Option<f64>) -> Verdict {
        let low = Verdict::from_shares(c.unwrap_or(0.0), m.unwrap_or(0.0));
        let high = Verdict::from_shares(c.unwrap_or(1.0), m.unwrap_or(1.0));
        if low == high {
            low
        } else {
            Verdict::Undetermined
        }
    }
}

/// Runs the analysis for region R, listing `top` firms by participation.
pub fn analyse(model: &Model, region: &Region, top: usize) -> Fusion {
    let local = region.local_firms(model);
    let local_firms = local.iter().filter(|&&l| l).count();

    // One pass over links.
    let mut degree = vec![[0u64; L]; model.firms.len()];
    let mut all_links = [0usize; L];
    let mut links = [0usize; L];
    let mut evidence = [[0usize; EVIDENCE]; L];
    let mut pairs: [Vec<u64>; L] = Default::default();
    let mut inbound_innovation = vec![false; model.firms.len()];
    // The same on documented links only: inbound innovation, and a bit per layer with a
    // local documented link (bit l = layer index l).
    let mut inbound_documented_innovation = vec![false; model.firms.len()];
    let mut documented_layers = vec![0u8; model.firms.len()];
    for link in &model.links {
        let l = link.layer.index();
        let documented = link.evidence == Evidence::Documented;
        all_links[l] += 1;
        if link.layer == Layer::Innovation {
            inbound_innovation[link.target as usize] = true;
            inbound_documented_innovation[link.target as usize] |= documented;
        }
        if !(local[link.source as usize] && local[link.target as usize]) {
            continue;
        }
        if documented {
            documented_layers[link.source as usize] |= 1 << l;
            documented_layers[link.target as usize] |= 1 << l;
        }
        links[l] += 1;
        evidence[l][link.evidence.index()] += 1;
        degree[link.source as usize][l] += 1;
        degree[link.target as usize][l] += 1;
        pairs[l].push(pair_key(link.source, link.target));
    }
    for p in &mut pairs {
        p.sort_unstable();
        p.dedup();
    }

    let layers: Vec<LayerStats> = Layer::ALL
        .iter()
        .map(|&layer| {
            let l = layer.index();
            let firms = degree.iter().filter(|d| d[l] > 0).count();
            let (active_share, active_share_status, active_share_reason) =
                Figure::share(firms, local_firms, || NO_LOCAL_FIRM.into()).into_parts();
            LayerStats {
                layer,
                links: links[l],
                all_links: all_links[l],
                firms,
                active_share,
                active_share_status,
                active_share_reason,
                pairs: pairs[l].len(),
                evidence: evidence_mix(evidence[l]),
            }
        })
        .collect();

    let mut shared = [[0usize; L]; L];
    for a in 0..L {
        shared[a][a] = pairs[a].len();
        for b in a + 1..L {
            let n = intersection_size(&pairs[a], &pairs[b]);
            shared[a][b] = n;
            shared[b][a] = n;
        }
    }
    let mut overlap = Vec::with_capacity(L * L);
    for &from in Layer::ALL {
        for &to in Layer::ALL {
            let (a, b) = (from.index(), to.index());
            let n = shared[a][b];
            let union = pairs[a].len() + pairs[b].len() - n;
            let (jaccard, jaccard_status, jaccard_reason) =
                Figure::share(n, union, || NO_PAIR_IN_EITHER.to_string()).into_parts();
            let (conditional, conditional_status, conditional_reason) =
                Figure::share(n, pairs[a].len(), || NO_PAIR_IN_FROM.to_string()).into_parts();
            overlap.push(Overlap {
                from_layer: from,
                to_layer: to,
                jaccard,
                jaccard_status,
                jaccard_reason,
                conditional,
                conditional_status,
                conditional_reason,
                shared_pairs: n,
            });
        }
    }
    drop(pairs);

    let layer_pairs: [usize; L] = std::array::from_fn(|l| layers[l].pairs);
    let (four_chains, multi_chain, in_product) =
        four::four_chains(model, &local, &degree, &layer_pairs, &links);
    let participation = participation(model, &local, &degree, top);
    let coupling = coupling(model, region, &local, &inbound_innovation);

    let verdict = Verdict::from_optional_shares(coupling.region.share, multi_chain.share);
    let documented_only = {
        let multi_chain = four::multi_chain(&in_product, |f| {
            four::LINK_CHAINS
                .iter()
                .filter(|l| documented_layers[f] & (1 << l.index()) != 0)
                .count()
        });
        let documented_coupling =
            self::coupling::coupling(model, region, &local, &inbound_documented_innovation).region;
        DocumentedOnly {
            verdict: Verdict::from_optional_shares(documented_coupling.share, multi_chain.share),
            coupling: documented_coupling,
            multi_chain,
        }
    };

    Fusion {
        dataset: model.origin.clone(),
        region: RegionRef {
            name: region.name.clone(),
            cities: region.cities.clone(),
        },
        local_firms,
        layers,
        overlap,
        participation,
        coupling,
        four_chains,
        multi_chain,
        verdict,
        documented_only,
    }
}

/// Why a Jaccard overlap is undefined (the entry names its two layers).
const NO_PAIR_IN_EITHER: &str = "neither layer joins a pair of local firms in the data";
/// Why a conditional overlap is undefined.
const NO_PAIR_IN_FROM: &str = "the from_layer (row) joins no pair of local firms in the data";

/// Why a share of the region's firms is undefined.
pub(super) const NO_LOCAL_FIRM: &str = "the region has no firm in the data";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_rule() {
        assert_eq!(Verdict::from_shares(0.5, 0.5), Verdict::Integrated);
        assert_eq!(Verdict::from_shares(0.19, 0.19), Verdict::Fragmented);
        assert_eq!(Verdict::from_shares(0.2, 0.1), Verdict::PartlyIntegrated);
        assert_eq!(Verdict::from_shares(0.9, 0.3), Verdict::PartlyIntegrated);
        // An undefined share decides nothing unless the other already does.
        assert_eq!(
            Verdict::from_optional_shares(None, Some(0.1)),
            Verdict::Undetermined
        );
        assert_eq!(
            Verdict::from_optional_shares(Some(0.3), None),
            Verdict::PartlyIntegrated
        );
        assert_eq!(
            Verdict::from_optional_shares(None, None),
            Verdict::Undetermined
        );
        assert_eq!(
            Verdict::from_optional_shares(Some(0.6), Some(0.7)),
            Verdict::Integrated
        );
    }
}
