//! Local sourcing rate (本地配套率) and external chokepoints.
//!
//! For chain c in region R, the counted links are the supply links whose stage u belongs to
//! c, whose buyer (target) is local, and whose buyer produces a stage of c that takes u as an
//! input (in some input group): car computers sold to a carmaker are not electronics
//! sourcing. Input groups are of the same chain as their stage, so the check is one lookup
//! of u's consumer stages ([`ConsumerIndex`]) against the buyer's sorted stages. Each is local (supplier in R), rest-of-country
//! (supplier outside R but in a country of R's cities) or overseas. The rate is the local
//! share, weighted by `weight` when every counted link has one (and they sum above zero),
//! otherwise by count — the basis is always stated. Per stage, the same split is computed
//! over the links that carry that stage (what local buyers buy of it).
//!
//! External chokepoint (after the European Commission's strategic-dependency screen,
//! SWD(2021) 352): a stage whose local buyers source at least `share` (default 0.5) from
//! outside R, and whose outside sources are concentrated: HHI over the outside suppliers'
//! countries at least `hhi` (default 0.4). The HHI over outside supplier firms is reported
//! too; it is never above the country HHI (merging firms into countries only raises it).
//! A chokepoint's `scope` is `international` when most of its outside sourcing (strictly
//! more than half, on the same basis as the rate) comes from suppliers in other countries
//! than R's (the union of the countries of R's cities), else `domestic`: dependence on the
//! rest of the country is the domestic cycle, context rather than a risk. H4 fails on
//! international chokepoints only.
//!
//! Cost: one pass over supply links, O(L · consumers of the link's stage · log stages of
//! the buyer) — linear in L for a fixed template; per-stage maps are BTreeMaps so output order is
//! fixed. A chokepoint lists its outside supplier countries largest first; the evidence mix
//! goes from documented to assumed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::analysis::closure::ConsumerIndex;
use crate::analysis::figure::{Figure, FigureStatus};
use crate::model::{Evidence, Layer, Model, Region, StageIdx, Vocabulary};

/// How a share was weighed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// By link weight (every counted link had one).
    Weight,
    /// By number of links (some link had no weight, or all weights were zero).
    Count,
}

impl Basis {
    /// The name used in JSON and CSV (`weight`, `count`).
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Weight => "weight",
            Basis::Count => "count",
        }
    }
}

/// Where a stage's (or chain's) inputs come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sourcing {
    /// `weight` when every counted link has a weight and they sum above 0, else `count`.
    pub basis: Basis,
    /// Supply links counted.
    pub links: usize,
    /// Of those, links without a weight (why the basis may be `count`).
    pub links_without_weight: usize,
    /// Share from suppliers in R (the local sourcing rate), in [0, 1].
    pub local: f64,
    /// Share from suppliers outside R but in a country of R's cities, in [0, 1].
    pub rest_of_country: f64,
    /// Share from suppliers elsewhere, in [0, 1]. The three shares sum to 1.
    pub overseas: f64,
    /// Of the links counted, those `documented` or `reported` (a party or the press says
    /// so), and how many of them come from suppliers in R: the rate without the
    /// modeller's estimates and assumptions, by count.
    pub documented_or_reported: usize,
    /// Of `documented_or_reported`, links from suppliers in R.
    pub documented_or_reported_local: usize,
}

/// An accumulator of counted links: (weight sum, count) per origin.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    weight: [f64; 3],
    count: [usize; 3],
    missing_weight: usize,
    /// Outside suppliers: country → (weight, count), firm → (weight, count).
    outside_country: BTreeMap<String, (f64, usize)>,
    outside_firm: BTreeMap<u32, (f64, usize)>,
    /// Outside supplier countries that are countries of R (rest of country).
    home_countries: BTreeSet<String>,
    evidence: [usize; 4],
    /// Local links per evidence level.
    local_evidence: [usize; 4],
}

const LOCAL: usize = 0;
const REST_OF_COUNTRY: usize = 1;
const OVERSEAS: usize = 2;

impl Tally {
    fn add(
        &mut self,
        origin: usize,
        weight: Option<f64>,
        country: &str,
        supplier: u32,
        evidence: Evidence,
    ) {
        self.count[origin] += 1;
        match weight {
            Some(w) => self.weight[origin] += w,
            None => self.missing_weight += 1,
        }
        self.evidence[evidence.index()] += 1;
        if origin == LOCAL {
            self.local_evidence[evidence.index()] += 1;
        }
        if origin == REST_OF_COUNTRY && !self.home_countries.contains(country) {
            self.home_countries.insert(country.to_string());
        }
        if origin != LOCAL {
            let w = weight.unwrap_or(0.0);
            let c = self.outside_country.entry(country.to_string()).or_default();
            c.0 += w;
            c.1 += 1;
            let f = self.outside_firm.entry(supplier).or_default();
            f.0 += w;
            f.1 += 1;
        }
    }

    fn merge(&mut self, other: &Tally) {
        for i in 0..3 {
            self.weight[i] += other.weight[i];
            self.count[i] += other.count[i];
        }
        self.missing_weight += other.missing_weight;
        for i in 0..4 {
            self.evidence[i] += other.evidence[i];
            self.local_evidence[i] += other.local_evidence[i];
        }
        for (k, v) in &other.outside_country {
            let e = self.outside_country.entry(k.clone()).or_default();
            e.0 += v.0;
            e.1 += v.1;
        }
        self.home_countries
            .extend(other.home_countries.iter().cloned());
        for (k, v) in &other.outside_firm {
            let e = self.outside_firm.entry(*k).or_default();
            e.0 += v.0;
            e.1 += v.1;
        }
    }

    /// Links counted.
    pub fn links(&self) -> usize {
        self.count.iter().sum()
    }

    fn basis(&self) -> Basis {
        if self.missing_weight == 0 && self.weight.iter().sum::<f64>() > 0.0 {
            Basis::Weight
        } else {
            Basis::Count
        }
    }

    /// The split, or `None` when no link was counted.
    pub fn sourcing(&self) -> Option<Sourcing> {
        let links = self.links();
        if links == 0 {
            return None;
        }
        let basis = self.basis();
        let parts: [f64; 3] = match basis {
            Basis::Weight => self.weight,
            Basis::Count => self.count.map(|c| c as f64),
        };
        let total: f64 = parts.iter().sum();
        Some(Sourcing {
            basis,
            links,
            links_without_weight: self.missing_weight,
            local: parts[LOCAL] / total,
            rest_of_country: parts[REST_OF_COUNTRY] / total,
            overseas: parts[OVERSEAS] / total,
            documented_or_reported: self.evidence[Evidence::Documented.index()]
                + self.evidence[Evidence::Reported.index()],
            documented_or_reported_local: self.local_evidence[Evidence::Documented.index()]
                + self.local_evidence[Evidence::Reported.index()],
        })
    }

    /// HHI over outside supplier countries and firms, on the tally's basis.
    pub fn outside_hhi(&self) -> (Option<f64>, Option<f64>) {
        let basis = self.basis();
        let hhi = |values: Vec<f64>| {
            let total: f64 = values.iter().sum();
            (total > 0.0).then(|| values.iter().map(|v| (v / total).powi(2)).sum())
        };
        let pick = |(w, c): &(f64, usize)| match basis {
            Basis::Weight => *w,
            Basis::Count => *c as f64,
        };
        (
            hhi(self.outside_country.values().map(pick).collect()),
            hhi(self.outside_firm.values().map(pick).collect()),
        )
    }

    /// Outside supplier countries, largest share first (ties by name).
    pub fn outside_countries(&self) -> Vec<String> {
        let basis = self.basis();
        let mut v: Vec<(&String, f64)> = self
            .outside_country
            .iter()
            .map(|(k, (w, c))| {
                (
                    k,
                    if basis == Basis::Weight {
                        *w
                    } else {
                        *c as f64
                    },
                )
            })
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        v.into_iter().map(|(k, _)| k.clone()).collect()
    }

    /// Count of counted links per evidence level, in vocabulary order.
    pub fn evidence(&self) -> [usize; 4] {
        self.evidence
    }
}

/// Per-stage tallies (keyed by the stage that flows) for one region, all chains. A link
/// counts only when its buyer is local and produces a stage that takes the link's stage as
/// an input (`consumers` indexes the template's input groups).
pub fn tally_by_stage(
    model: &Model,
    region: &Region,
    local: &[bool],
    consumers: &ConsumerIndex,
) -> BTreeMap<StageIdx, Tally> {
    let countries: BTreeSet<&str> = model
        .cities
        .iter()
        .enumerate()
        .filter(|(i, _)| region.contains_city(*i as u32))
        .map(|(_, c)| c.country.as_str())
        .collect();
    let mut tallies: BTreeMap<StageIdx, Tally> = BTreeMap::new();
    for (_, link) in model.links_of(Layer::Supply) {
        let Some(stage) = link.stage else { continue };
        if !local[link.target as usize] {
            continue;
        }
        if !consumers.feeds(model, link.target, stage) {
            continue;
        }
        let supplier_city = model.firm_city(link.source);
        let origin = if local[link.source as usize] {
            LOCAL
        } else if countries.contains(supplier_city.country.as_str()) {
            REST_OF_COUNTRY
        } else {
            OVERSEAS
        };
        tallies.entry(stage).or_default().add(
            origin,
            link.weight,
            &supplier_city.country,
            link.source,
            link.evidence,
        );
    }
    tallies
}

/// The tally of a whole chain: the merge of its stages' tallies.
pub fn chain_tally(stages: &[StageIdx], by_stage: &BTreeMap<StageIdx, Tally>) -> Tally {
    let mut total = Tally::default();
    for s in stages {
        if let Some(t) = by_stage.get(s) {
            total.merge(t);
        }
    }
    total
}

/// Links at one evidence level and their share of the links counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceCount {
    /// The evidence level.
    pub evidence: Evidence,
    /// Links at that level.
    pub links: usize,
    /// links / all links counted, in [0, 1]; `None` (`not_applicable`) when no link is
    /// counted (a share of nothing is undefined, not 0).
    pub share: Option<f64>,
    /// `computed` or `not_applicable` (no link counted).
    pub share_status: FigureStatus,
    /// Why `share` is null; `None` when computed.
    pub share_reason: Option<String>,
}

/// The evidence mix, one row per level from documented to assumed, from counts indexed
/// by [`Evidence::index`].
pub fn evidence_mix(counts: [usize; 4]) -> Vec<EvidenceCount> {
    let total: usize = counts.iter().sum();
    Evidence::ALL
        .iter()
        .map(|&e| {
            let (share, share_status, share_reason) =
                Figure::share(counts[e.index()], total, || {
                    "no link is counted".to_string()
                })
                .into_parts();
            EvidenceCount {
                evidence: e,
                links: counts[e.index()],
                share,
                share_status,
                share_reason,
            }
        })
        .collect()
}

/// Thresholds of the chokepoint screen.
#[derive(Debug, Clone, Copy)]
pub struct ChokepointRule {
    /// Minimum share local buyers source from outside R (`--chokepoint-share`, 0–1).
    pub share: f64,
    /// Minimum HHI over the outside suppliers' countries (`--chokepoint-hhi`, 0–1).
    pub hhi: f64,
}

/// Where most of a chokepoint's outside sourcing comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Most outside sourcing (strictly more than half) from other countries than R's: a
    /// risk, H4 fails on it.
    International,
    /// Otherwise: most from elsewhere in R's countries — the domestic cycle, context.
    Domestic,
}

impl Scope {
    /// The name used in JSON (`international`, `domestic`).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::International => "international",
            Scope::Domestic => "domestic",
        }
    }
}

/// A stage flagged by the external chokepoint screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chokepoint {
    /// The stage id.
    pub stage: String,
    /// Share of the stage's counted links from outside R (rest of country + overseas), in
    /// [0, 1].
    pub outside_share: f64,
    /// Of all the stage's counted links, the share from suppliers outside R but in R's
    /// countries (the domestic cycle), in [0, 1].
    pub rest_of_country_share: f64,
    /// Of all the stage's counted links, the share from suppliers in other countries, in
    /// [0, 1]; `outside_share` = `rest_of_country_share` + `overseas_share`.
    pub overseas_share: f64,
    /// `international` when `overseas_share` > `rest_of_country_share` (most outside
    /// sourcing from other countries), else `domestic`.
    pub scope: Scope,
    /// What the shares weigh (link weight or count), as in sourcing.
    pub basis: Basis,
    /// HHI (Σ share²) over the outside suppliers' countries, in (0, 1]; `None` when nothing
    /// is sourced from outside.
    pub hhi_countries: Option<f64>,
    /// HHI over the outside supplier firms; never above `hhi_countries`.
    pub hhi_firms: Option<f64>,
    /// Outside supplier countries, largest first.
    pub countries: Vec<String>,
    /// Links counted for the stage.
    pub links: usize,
    /// R's countries that outside suppliers are in (for the report's "elsewhere in …");
    /// not in JSON (`countries` lists them).
    #[serde(skip)]
    pub home_countries: Vec<String>,
}

impl Chokepoint {
    /// The outside supplier countries other than R's own, largest first.
    pub fn abroad(&self) -> Vec<&str> {
        self.countries
            .iter()
            .filter(|c| !self.home_countries.contains(c))
            .map(String::as_str)
            .collect()
    }

    /// H4 fails on it.
    pub fn is_international(&self) -> bool {
        self.scope == Scope::International
    }
}

/// The chokepoint screen of one stage: `Some` when the stage is flagged under `rule`.
pub fn chokepoint(stage_id: &str, tally: &Tally, rule: ChokepointRule) -> Option<Chokepoint> {
    let sourcing = tally.sourcing()?;
    let outside = sourcing.rest_of_country + sourcing.overseas;
    let (hhi_countries, hhi_firms) = tally.outside_hhi();
    let concentrated = hhi_countries.is_some_and(|h| h >= rule.hhi);
    (outside >= rule.share && concentrated).then(|| Chokepoint {
        stage: stage_id.to_string(),
        outside_share: outside,
        rest_of_country_share: sourcing.rest_of_country,
        overseas_share: sourcing.overseas,
        scope: if sourcing.overseas > sourcing.rest_of_country {
            Scope::International
        } else {
            Scope::Domestic
        },
        basis: sourcing.basis,
        hhi_countries,
        hhi_firms,
        countries: tally.outside_countries(),
        links: sourcing.links,
        home_countries: tally.home_countries.iter().cloned().collect(),
    })
}

/// A domestic chokepoint in words: "battery_cell: 80.0% sourced from elsewhere in China —
/// the domestic cycle, not an international chokepoint" (the same words in every format).
pub fn domestic_cycle(k: &Chokepoint) -> String {
    let place = if k.home_countries.is_empty() {
        "the rest of the country".to_string()
    } else {
        k.home_countries.join(", ")
    };
    if k.overseas_share > 0.0 {
        return format!(
            "{}: {:.1}% sourced from elsewhere in {place} and {:.1}% from other countries ({}) ({}) — no more from abroad than from the rest of the country, so not an international chokepoint",
            k.stage,
            k.rest_of_country_share * 100.0,
            k.overseas_share * 100.0,
            k.abroad().join(", "),
            links_text(k.links)
        );
    }
    format!(
        "{}: {:.1}% sourced from elsewhere in {place} ({}) — domestic sourcing, not an international chokepoint",
        k.stage,
        k.rest_of_country_share * 100.0,
        links_text(k.links)
    )
}

/// "1 link" / "n links": the count a share rests on, quoted beside it.
pub fn links_text(n: usize) -> String {
    if n == 1 {
        "1 link".to_string()
    } else {
        format!("{n} links")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chokepoint(rest: f64, overseas: f64, links: usize) -> Chokepoint {
        Chokepoint {
            stage: "crude_oil".into(),
            outside_share: rest + overseas,
            rest_of_country_share: rest,
            overseas_share: overseas,
            scope: Scope::Domestic,
            basis: Basis::Count,
            hhi_countries: Some(0.5),
            hhi_firms: Some(0.5),
            countries: vec!["China".into(), "Saudi Arabia".into()],
            links,
            home_countries: vec!["China".into()],
        }
    }

    #[test]
    fn domestic_words_name_an_overseas_part_and_the_links() {
        assert_eq!(
            domestic_cycle(&chokepoint(1.0, 0.0, 1)),
            "crude_oil: 100.0% sourced from elsewhere in China (1 link) — domestic sourcing, not an international chokepoint"
        );
        // Half from abroad is never called "not a risk" without saying so.
        assert_eq!(
            domestic_cycle(&chokepoint(0.5, 0.5, 2)),
            "crude_oil: 50.0% sourced from elsewhere in China and 50.0% from other countries (Saudi Arabia) (2 links) — no more from abroad than from the rest of the country, so not an international chokepoint"
        );
    }
}
