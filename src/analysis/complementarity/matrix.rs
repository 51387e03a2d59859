//! `complement --matrix`: every unordered pair of the cities of the region, with joint gain,
//! similarity and supply intensity, ranked by joint gain.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Options;
use super::joint::{closed_flags, gained, is_final, stage_key};
use super::links::intensity;
use super::similarity::similarity;
use super::units::{UnitRef, city_flags, firms_in, union_of};
use super::weights::{Basis, basis_for, stage_weights};
use crate::analysis::completeness::Mode;
use crate::model::{CityIdx, Layer, Model, Region, StageIdx};

/// Every pair of cities of a region: `complement --matrix --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    /// The region R whose cities are paired.
    pub region: UnitRef,
    /// The closure mode.
    pub mode: Mode,
    /// θ, as in completeness.
    pub min_producers: u32,
    /// What firms weigh in S and K (over the firms of R).
    pub basis: Basis,
    /// Every unordered pair of R's cities, ranked by `joint_gain_count` descending, then S
    /// ascending (`None` last), then the names.
    pub pairs: Vec<PairRow>,
}

/// One pair of cities of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairRow {
    /// The first city id (alphabetically).
    pub a: String,
    /// The second city id.
    pub b: String,
    /// Number of final products closed by the two cities together and by neither alone.
    pub joint_gain_count: usize,
    /// `chain/stage`, sorted.
    pub joint_gain: Vec<String>,
    /// UNIDO S of the two cities, in [0, 1]; `None` when one has no stage weight.
    pub similarity_unido: Option<f64>,
    /// Krugman K, in [0, 2]; `None` when one has no stage weight.
    pub krugman: Option<f64>,
    /// Supply-layer link intensity from a to b (as `LinkIntensity::a_to_b`).
    pub supply_a_to_b: Option<f64>,
    /// Supply-layer link intensity from b to a.
    pub supply_b_to_a: Option<f64>,
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
    let n_r = firms_in(model, &flags_r);
    let finals: Vec<StageIdx> = (0..model.stages.len() as StageIdx)
        .filter(|&s| is_final(model, s))
        .collect();

    let mut pairs = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let joint = union_of(model, &single[i], &single[j]);
            let closed_j = closed_flags(model, &joint, opts).1;
            let mut gain: Vec<String> = finals
                .iter()
                .copied()
                .filter(|&s| gained(&closed[i], &closed[j], &closed_j, s))
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
