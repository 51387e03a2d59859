//! Four chains as one system (DESIGN.md "Four chains as one system"; the article's claim 2:
//! the value, supply, innovation and product chains "should be combined and become one
//! system"). Do the layers of the firm graph join the same local firms, and does the
//! innovation chain reach the region's manufacturers?
//!
//! Definitions ("local" = firm in region R; the layers are supply, value, innovation and
//! capital, in that order; L = 4; links are directed, self-loops are rejected by the loader):
//! * per layer l: `links` = links of layer l with both ends local; `all_links` = links of
//!   layer l whatever their ends; `firms` = local firms incident to at least one local link
//!   of l; `active_share` = firms / local firms (0 when the region has no firm); `pairs` =
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
//! * verdict on "one system", with c = the region's coupling share and m = the
//!   multi-layer share (a null counts as 0): `integrated` when c ≥ 0.5 and m ≥ 0.5;
//!   `fragmented` when c < 0.2 and m < 0.2; otherwise `partly_integrated`. `conclusion`
//!   states the verdict in plain words with the numbers it rests on (c, m, the mean
//!   participation, the supply–innovation Jaccard and its shared pairs) and the local links
//!   per layer with how many are documented, because a layer with few links may be sparse in
//!   the data rather than in reality. It flags a layer with under a tenth of the links of
//!   the best-recorded one, and a largest off-diagonal Jaccard below 0.05 (firms in several
//!   chains, but with different partners in each).
//!
//! Cost: one pass over links (degrees, pair keys, evidence, inbound innovation flags); the
//! pair keys of each layer (one `u64` per local link) are sorted and deduplicated, and each
//! of the six layer pairs is intersected by a linear merge: O(links log links) time,
//! O(firms + links) memory. The top list is selected with `select_nth_unstable_by`, then
//! sorted: O(firms + N log N).
//!
//! Output order: layers and the 16 overlap entries in layer order (`from_layer`, then
//! `to_layer`); bins from low to high; top firms as above; cities by id.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

use super::completeness::RegionRef;
use super::sourcing::{EvidenceCount, evidence_mix};
use crate::model::{Evidence, FirmIdx, Layer, Model, Region, Tier, Vocabulary};

/// L, the number of layers (4).
const L: usize = <Layer as Vocabulary>::ALL.len();
/// Evidence levels.
const EVIDENCE: usize = <Evidence as Vocabulary>::ALL.len();
/// Lower bounds of the participation bins, as fifths: bin k holds k/5 ≤ P < (k+1)/5 (the
/// last bin includes 1).
const BINS: u64 = 5;
/// Thresholds of the verdict rule.
pub const INTEGRATED_AT: f64 = 0.5;
pub const FRAGMENTED_BELOW: f64 = 0.2;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fusion {
    pub dataset: String,
    pub region: RegionRef,
    pub local_firms: usize,
    pub layers: Vec<LayerStats>,
    pub overlap: Vec<Overlap>,
    pub participation: Participation,
    pub coupling: Coupling,
    pub verdict: Verdict,
    pub conclusion: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LayerStats {
    pub layer: Layer,
    /// Links of the layer with both ends local.
    pub links: usize,
    /// Links of the layer, any ends.
    pub all_links: usize,
    /// Local firms incident to at least one local link of the layer.
    pub firms: usize,
    pub active_share: f64,
    /// |E_l|: distinct unordered local firm pairs joined in the layer.
    pub pairs: usize,
    /// Evidence mix of the local links of the layer.
    pub evidence: Vec<EvidenceCount>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Overlap {
    pub from_layer: Layer,
    pub to_layer: Layer,
    pub jaccard: Option<f64>,
    pub conditional: Option<f64>,
    pub shared_pairs: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Participation {
    /// Local firms with at least one local link (o_i > 0).
    pub active_firms: usize,
    /// Local firms without local links (o_i = 0, P_i = 0 by definition).
    pub isolated_firms: usize,
    pub multi_layer_firms: usize,
    pub multi_layer_share: Option<f64>,
    pub mean: Option<f64>,
    pub bins: Vec<Bin>,
    pub top: Vec<FirmParticipation>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Bin {
    pub from: f64,
    pub to: f64,
    /// Whether `to` belongs to the bin (only the last one).
    pub includes_to: bool,
    pub firms: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FirmParticipation {
    pub firm: String,
    pub name: String,
    pub city: String,
    pub participation: f64,
    /// o_i: local links incident to the firm, all layers.
    pub links: u64,
    /// Layers with k_i^l > 0.
    pub layers: usize,
    pub degrees: LayerDegrees,
}

/// k_i^l per layer.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LayerDegrees {
    pub supply: u64,
    pub value: u64,
    pub innovation: u64,
    pub capital: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Coupling {
    pub cities: Vec<CityCoupling>,
    pub region: CouplingCount,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CityCoupling {
    pub city: String,
    pub manufacturers: usize,
    pub coupled: usize,
    pub share: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CouplingCount {
    pub manufacturers: usize,
    pub coupled: usize,
    pub share: Option<f64>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Integrated,
    PartlyIntegrated,
    Fragmented,
}

impl Verdict {
    /// The verdict in plain words.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Integrated => "integrated",
            Verdict::PartlyIntegrated => "partly integrated",
            Verdict::Fragmented => "fragmented",
        }
    }

    /// The rule: c = innovation coupling share, m = multi-layer share.
    pub fn from_shares(c: f64, m: f64) -> Verdict {
        if c >= INTEGRATED_AT && m >= INTEGRATED_AT {
            Verdict::Integrated
        } else if c < FRAGMENTED_BELOW && m < FRAGMENTED_BELOW {
            Verdict::Fragmented
        } else {
            Verdict::PartlyIntegrated
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
    for link in &model.links {
        let l = link.layer.index();
        all_links[l] += 1;
        if link.layer == Layer::Innovation {
            inbound_innovation[link.target as usize] = true;
        }
        if !(local[link.source as usize] && local[link.target as usize]) {
            continue;
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
            LayerStats {
                layer,
                links: links[l],
                all_links: all_links[l],
                firms,
                active_share: ratio(firms, local_firms).unwrap_or(0.0),
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
            overlap.push(Overlap {
                from_layer: from,
                to_layer: to,
                jaccard: ratio(n, union),
                conditional: ratio(n, pairs[a].len()),
                shared_pairs: n,
            });
        }
    }
    drop(pairs);

    let participation = participation(model, &local, &degree, top);
    let coupling = coupling(model, region, &local, &inbound_innovation);

    let c = coupling.region.share.unwrap_or(0.0);
    let m = participation.multi_layer_share.unwrap_or(0.0);
    let verdict = Verdict::from_shares(c, m);
    let conclusion = conclusion(
        &region.name,
        verdict,
        &layers,
        &overlap,
        &participation,
        &coupling.region,
    );

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
        verdict,
        conclusion,
    }
}

/// The unordered pair {a, b} as one sortable key: (min << 32) | max.
fn pair_key(a: FirmIdx, b: FirmIdx) -> u64 {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    (u64::from(lo) << 32) | u64::from(hi)
}

/// |A ∩ B| of two sorted, deduplicated slices, by a linear merge.
fn intersection_size(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// P_i as an exact fraction: P = (L/(L−1))·num/o², num = o² − Σ_l (k^l)².
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spread {
    num: u128,
    o: u128,
}

impl Spread {
    fn of(k: &[u64; L]) -> Spread {
        let o: u128 = k.iter().map(|&x| u128::from(x)).sum();
        let squares: u128 = k.iter().map(|&x| u128::from(x) * u128::from(x)).sum();
        Spread {
            num: o * o - squares,
            o,
        }
    }

    /// P_i, rounded once from the exact fraction (0 when o_i = 0).
    fn value(self) -> f64 {
        if self.o == 0 {
            return 0.0;
        }
        (L as f64 * self.num as f64) / ((L - 1) as f64 * (self.o * self.o) as f64)
    }

    /// Bin k (0..BINS) such that k/BINS ≤ P < (k+1)/BINS, the last bin including 1:
    /// P ≥ k/B ⇔ L·B·num ≥ k·(L−1)·o².
    fn bin(self) -> usize {
        let lhs = L as u128 * u128::from(BINS) * self.num;
        let o2 = (L - 1) as u128 * self.o * self.o;
        (1..BINS as u128).take_while(|&k| lhs >= k * o2).count()
    }

    /// Exact comparison of P (both with o > 0): num_a/o_a² vs num_b/o_b².
    fn cmp_value(self, other: Spread) -> Ordering {
        // num·o² ≤ o⁴ fits in u128 while o < 2^32 (fewer than 2^31 links at one firm);
        // saturate rather than wrap beyond that.
        let lhs = self.num.saturating_mul(other.o * other.o);
        let rhs = other.num.saturating_mul(self.o * self.o);
        lhs.cmp(&rhs)
    }
}

fn participation(model: &Model, local: &[bool], degree: &[[u64; L]], top: usize) -> Participation {
    let mut bins = [0usize; BINS as usize];
    let mut active: Vec<(FirmIdx, Spread)> = Vec::new();
    let mut isolated = 0;
    let mut multi = 0;
    let mut sum = 0.0;
    for (f, k) in degree.iter().enumerate() {
        if !local[f] {
            continue;
        }
        let s = Spread::of(k);
        if s.o == 0 {
            isolated += 1;
            continue;
        }
        if k.iter().filter(|&&x| x > 0).count() >= 2 {
            multi += 1;
        }
        bins[s.bin()] += 1;
        sum += s.value();
        active.push((f as FirmIdx, s));
    }
    let n_active = active.len();
    let order = |a: &(FirmIdx, Spread), b: &(FirmIdx, Spread)| {
        b.1.cmp_value(a.1).then(b.1.o.cmp(&a.1.o)).then_with(|| {
            model.firms[a.0 as usize]
                .id
                .cmp(&model.firms[b.0 as usize].id)
        })
    };
    if top < active.len() {
        if top == 0 {
            active.clear();
        } else {
            active.select_nth_unstable_by(top - 1, order);
            active.truncate(top);
        }
    }
    active.sort_by(order);
    let top = active
        .into_iter()
        .map(|(f, s)| {
            let firm = &model.firms[f as usize];
            let k = &degree[f as usize];
            FirmParticipation {
                firm: firm.id.clone(),
                name: firm.name.clone(),
                city: model.firm_city(f).id.clone(),
                participation: s.value(),
                links: s.o as u64,
                layers: k.iter().filter(|&&x| x > 0).count(),
                degrees: LayerDegrees {
                    supply: k[Layer::Supply.index()],
                    value: k[Layer::Value.index()],
                    innovation: k[Layer::Innovation.index()],
                    capital: k[Layer::Capital.index()],
                },
            }
        })
        .collect();
    Participation {
        active_firms: n_active,
        isolated_firms: isolated,
        multi_layer_firms: multi,
        multi_layer_share: ratio(multi, n_active),
        mean: (n_active > 0).then(|| sum / n_active as f64),
        bins: bins
            .iter()
            .enumerate()
            .map(|(k, &firms)| Bin {
                from: k as f64 / BINS as f64,
                to: (k + 1) as f64 / BINS as f64,
                includes_to: k + 1 == BINS as usize,
                firms,
            })
            .collect(),
        top,
    }
}

fn coupling(model: &Model, region: &Region, local: &[bool], inbound: &[bool]) -> Coupling {
    let mut per_city: BTreeMap<&str, (usize, usize)> =
        region.cities.iter().map(|c| (c.as_str(), (0, 0))).collect();
    for (f, firm) in model.firms.iter().enumerate() {
        if !local[f] {
            continue;
        }
        let manufacturer = firm
            .stages
            .iter()
            .any(|&s| model.stages[s as usize].tier != Tier::Service);
        if !manufacturer {
            continue;
        }
        let entry = per_city
            .entry(model.cities[firm.city as usize].id.as_str())
            .or_default();
        entry.0 += 1;
        if inbound[f] {
            entry.1 += 1;
        }
    }
    let (m, c) = per_city
        .values()
        .fold((0, 0), |(m, c), &(dm, dc)| (m + dm, c + dc));
    Coupling {
        cities: per_city
            .into_iter()
            .map(|(city, (m, c))| CityCoupling {
                city: city.to_string(),
                manufacturers: m,
                coupled: c,
                share: ratio(c, m),
            })
            .collect(),
        region: CouplingCount {
            manufacturers: m,
            coupled: c,
            share: ratio(c, m),
        },
    }
}

/// A ratio with three decimals, or two significant digits when it is positive but
/// below 0.0005 (so a tiny overlap does not read as none).
pub fn fmt_small(v: f64) -> String {
    if v > 0.0 && v < 0.0005 {
        format!("{v:.1e}")
    } else {
        format!("{v:.3}")
    }
}

fn pct(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

fn conclusion(
    region: &str,
    verdict: Verdict,
    layers: &[LayerStats],
    overlap: &[Overlap],
    p: &Participation,
    c: &CouplingCount,
) -> String {
    let lead = match verdict {
        Verdict::Integrated => {
            format!("In {region} the four chains work largely as one system (integrated).")
        }
        Verdict::PartlyIntegrated => format!(
            "In {region} the four chains are partly integrated: they touch, but do not yet work as one system."
        ),
        Verdict::Fragmented => format!(
            "In {region} the four chains are fragmented: they run side by side rather than as one system."
        ),
    };
    let coupling = match c.share {
        Some(s) => format!(
            "{} of {} local manufacturers ({}) receive an inbound innovation link",
            c.coupled,
            c.manufacturers,
            pct(s)
        ),
        None => "the region has no local manufacturer, so innovation coupling is undefined (counted as 0)".to_string(),
    };
    let multi = match p.multi_layer_share {
        Some(s) => format!(
            "{} of {} local firms with local links ({}) are active in two or more layers, mean participation {:.3}",
            p.multi_layer_firms,
            p.active_firms,
            pct(s),
            p.mean.unwrap_or(0.0)
        ),
        None => {
            "no local firm has a local link, so multi-layer activity is undefined (counted as 0)"
                .to_string()
        }
    };
    let si = overlap
        .iter()
        .find(|o| o.from_layer == Layer::Supply && o.to_layer == Layer::Innovation);
    let jaccard = match si {
        Some(Overlap {
            jaccard: Some(j),
            shared_pairs,
            ..
        }) if *shared_pairs == 0 => format!(
            "no local firm pair is joined by both a supply and an innovation link (supply–innovation Jaccard {})",
            fmt_small(*j)
        ),
        Some(Overlap {
            jaccard: Some(j),
            shared_pairs,
            ..
        }) => format!(
            "{shared_pairs} local firm pair(s) are joined by both a supply and an innovation link (supply–innovation Jaccard {})",
            fmt_small(*j)
        ),
        _ => "there is no local supply or innovation link to compare".to_string(),
    };
    // The largest overlap between two different layers: do the chains join the same firms?
    let best = overlap
        .iter()
        .filter(|o| o.from_layer < o.to_layer)
        .filter_map(|o| o.jaccard.map(|j| (j, o)))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let pairs_note = match best {
        Some((j, o)) if j < 0.05 && p.multi_layer_firms > 0 => format!(
            " The layers rarely join the same pairs of firms (largest Jaccard between two different layers: {} for {}–{}): firms take part in several chains, but with different partners in each.",
            fmt_small(j),
            o.from_layer,
            o.to_layer
        ),
        _ => String::new(),
    };
    let counts: Vec<String> = layers
        .iter()
        .map(|l| {
            let documented = l
                .evidence
                .iter()
                .find(|e| e.evidence == Evidence::Documented)
                .map_or(0, |e| e.links);
            format!("{} {} ({} documented)", l.layer, l.links, documented)
        })
        .collect();
    let thin: Vec<&str> = layers
        .iter()
        .filter(|l| l.links * 10 < layers.iter().map(|x| x.links).max().unwrap_or(0))
        .map(|l| l.layer.as_str())
        .collect();
    let caveat = if thin.is_empty() {
        String::new()
    } else {
        format!(
            " The {} layer{} {} fewer than a tenth of the links of the best-recorded layer, so low overlap there may reflect missing data as much as missing ties.",
            thin.join(", "),
            if thin.len() == 1 { "" } else { "s" },
            if thin.len() == 1 { "has" } else { "have" }
        )
    };
    format!(
        "{lead} {}; {multi}; {jaccard}.{pairs_note} Rule: integrated when innovation coupling and the multi-layer share are both at least {}, fragmented when both are below {}. Local links per layer: {}; link data is sparse where it is, and a tie absent from the data is not proven absent.{caveat}",
        capitalise(&coupling),
        pct(INTEGRATED_AT),
        pct(FRAGMENTED_BELOW),
        counts.join(", "),
    )
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_key_is_unordered() {
        assert_eq!(pair_key(3, 7), pair_key(7, 3));
        assert_ne!(pair_key(3, 7), pair_key(3, 8));
    }

    #[test]
    fn merge_counts_common_items() {
        assert_eq!(intersection_size(&[1, 3, 5, 9], &[2, 3, 4, 9, 10]), 2);
        assert_eq!(intersection_size(&[], &[1]), 0);
    }

    #[test]
    fn participation_is_exact_at_bin_edges() {
        // One layer only: P = 0.
        let s = Spread::of(&[5, 0, 0, 0]);
        assert_eq!((s.value(), s.bin()), (0.0, 0));
        // Even over four layers: P = 1, last bin.
        let s = Spread::of(&[2, 2, 2, 2]);
        assert_eq!((s.value(), s.bin()), (1.0, 4));
        // (1,1,0,0): P = 4/3·1/2 = 2/3.
        let s = Spread::of(&[1, 1, 0, 0]);
        assert!((s.value() - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(s.bin(), 3);
        // (3,1,1,0): Σ = 11/25, P = 4/3·14/25 = 56/75 ≈ 0.7467 → [0.6, 0.8).
        assert_eq!(Spread::of(&[3, 1, 1, 0]).bin(), 3);
        // (1,2,0,0) at o = 3: P = 4/3·4/9 = 16/27 ≈ 0.593 → [0.4, 0.6).
        assert_eq!(Spread::of(&[1, 2, 0, 0]).bin(), 2);
        // (3,1,1,1): Σ = 12/36, P = 8/9 → [0.8, 1.0].
        assert_eq!(Spread::of(&[3, 1, 1, 1]).bin(), 4);
        // (43,9,7,1): o = 60, Σk² = 1980, P = 4·1620/(3·3600) = 0.6 exactly → [0.6, 0.8),
        // however 1 − Σ(k/o)² rounds in floating point.
        let s = Spread::of(&[43, 9, 7, 1]);
        assert_eq!((s.value(), s.bin()), (0.6, 3));
        // Hand-made fractions either side of 0.4 = 4·30/(3·100).
        assert_eq!(Spread { num: 30, o: 10 }.bin(), 2);
        assert_eq!(Spread { num: 29, o: 10 }.bin(), 1);
    }

    #[test]
    fn exact_comparison_breaks_no_float_ties() {
        let a = Spread::of(&[2, 0, 1, 0]);
        let b = Spread::of(&[2, 0, 0, 1]);
        assert_eq!(a.cmp_value(b), Ordering::Equal);
        let c = Spread::of(&[1, 1, 0, 0]);
        assert_eq!(c.cmp_value(a), Ordering::Greater);
    }

    #[test]
    fn verdict_rule() {
        assert_eq!(Verdict::from_shares(0.5, 0.5), Verdict::Integrated);
        assert_eq!(Verdict::from_shares(0.19, 0.19), Verdict::Fragmented);
        assert_eq!(Verdict::from_shares(0.2, 0.1), Verdict::PartlyIntegrated);
        assert_eq!(Verdict::from_shares(0.9, 0.3), Verdict::PartlyIntegrated);
    }
}
