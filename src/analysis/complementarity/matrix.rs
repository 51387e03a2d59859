//! `complement --matrix`: the unordered pairs of the cities of the region, with joint gain,
//! similarity (on the pair's basis, with employment known for k of n in each city) and
//! supply intensity, ranked by joint gain; only the top N are kept.
//!
//! Memory and time are bounded: everything per city (closed stages, stage weights on
//! employment, on revenue and on count, employment known, firms, supply links out) is computed
//! once; the pairs are streamed, per pair only the joint closure is run — over the firms of the
//! two cities only, in scratch arrays that are reset by what was touched ([`closure`]) — and a
//! bounded heap keeps the best N. The ranking is a total order
//! (joint-gain count descending, S ascending with undefined last, then the two city ids), so
//! the N kept are the same whatever order the pairs are visited in: rows of pairs run in
//! parallel (rayon) and the result is byte-identical at any thread count.

mod closure;

use rayon::prelude::*;
use serde::Serialize;

use closure::Scratch;

use super::Options;
use super::joint::{is_final, stage_key};
use super::links::{Direction, intensity_figure};
use super::ranking::{Entry, Top};
use super::similarity::{similarity, similarity_figures};
use super::units::{UnitRef, city_flags, firms_in};
use super::weights::{Basis, FigureStatus, Known, PairBasis, split, weight};
use crate::analysis::closure::{ConsumerIndex, topological_order};
use crate::analysis::completeness::{Importable, Mode};
use crate::model::{CityIdx, FirmIdx, Layer, Model, Region, StageIdx};

/// The ranked pairs of cities of a region: `complement --matrix --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    /// The region R whose cities are paired.
    pub region: UnitRef,
    /// The closure mode.
    pub mode: Mode,
    /// θ, as in completeness.
    pub min_producers: u32,
    /// The importable stages (`--importable`) as `chain/stage`, sorted; left out of the
    /// JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub importable: Vec<String>,
    /// The basis asked for (`--basis`): `default`, `employment`, `revenue` or `count`; each
    /// row's basis is in it.
    pub basis_asked: String,
    /// Number of unordered pairs of R's cities that were ranked: n(n−1)/2.
    pub pairs_ranked: usize,
    /// Number of pairs listed in `pairs`: the top N (`--top`), or all when fewer.
    pub pairs_listed: usize,
    /// The best `pairs_listed` unordered pairs of R's cities, ranked by `joint_gain_count`
    /// descending, then S ascending (`None` last), then the names.
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
    /// `computed`, or `not_applicable` (a city has no stage weight).
    pub similarity_unido_status: FigureStatus,
    /// Why `similarity_unido` is `null`; `null` when computed.
    pub similarity_unido_reason: Option<String>,
    /// Krugman K, in [0, 2]; `None` when one has no stage weight.
    pub krugman: Option<f64>,
    /// As `similarity_unido_status`.
    pub krugman_status: FigureStatus,
    /// As `similarity_unido_reason`.
    pub krugman_reason: Option<String>,
    /// What S and K weigh (`basis`: employment when it is known for at least half of the
    /// firms with a stage in each city, else count) and employment known for k of n in `a`
    /// and in `b` (flattened into the row in JSON).
    #[serde(flatten)]
    pub similarity_basis: PairBasis,
    /// Supply-layer link intensity from a to b (as `LinkIntensity::a_to_b`).
    pub supply_a_to_b: Option<f64>,
    /// `computed`, or `not_applicable` (no supply link out of a, as `a_to_b_status`).
    pub supply_a_to_b_status: FigureStatus,
    /// Why `supply_a_to_b` is `null`; `null` when computed.
    pub supply_a_to_b_reason: Option<String>,
    /// Supply-layer link intensity from b to a.
    pub supply_b_to_a: Option<f64>,
    /// As `supply_a_to_b_status`, from b to a.
    pub supply_b_to_a_status: FigureStatus,
    /// As `supply_a_to_b_reason`, from b to a.
    pub supply_b_to_a_reason: Option<String>,
}

/// The `top` best unordered pairs of the cities of R (by city id), ranked by joint-gain
/// count (desc), then S (asc; undefined last), then names; all pairs when fewer.
/// `top` = `usize::MAX` ranks and lists every pair.
pub fn matrix(model: &Model, region: &Region, opts: &Options, top: usize) -> Matrix {
    matrix_importing(model, region, opts, top, &Importable::none())
}

/// [`matrix_on`] on the default basis.
pub fn matrix_importing(
    model: &Model,
    region: &Region,
    opts: &Options,
    top: usize,
    importable: &Importable,
) -> Matrix {
    matrix_on(model, region, opts, top, importable, None)
}

/// [`matrix`] with the basis of S and K asked for (`--basis`, as
/// [`super::analyse_on`]) and importable stages (`--importable`), as [`super::analyse_importing`]:
/// they are closed in each city and in each pair whatever their inputs (in realised mode an
/// input group holding one is met for every local firm), so they are never a joint gain
/// themselves but can let a final product close jointly.
pub fn matrix_on(
    model: &Model,
    region: &Region,
    opts: &Options,
    top: usize,
    importable: &Importable,
    basis: Option<Basis>,
) -> Matrix {
    let top = top.max(1);
    let flags_r = city_flags(model, region);
    let mask = importable.mask(model);
    let mut importable_keys: Vec<String> = mask
        .iter()
        .enumerate()
        .filter(|(_, m)| **m)
        .map(|(s, _)| model.stages[s].key.clone())
        .collect();
    importable_keys.sort();
    let prep = Prep::new(model, region, opts, mask, basis);
    let n = prep.cities.len();
    let pairs_ranked = n * n.saturating_sub(1) / 2;
    let best = (0..n)
        .into_par_iter()
        .map_init(
            || Scratch::new(&prep),
            |scratch, i| prep.row(scratch, i, top),
        )
        .reduce(|| Top::new(top), Top::merge);
    let mut best = best.heap.into_vec();
    best.sort();
    let n_r = firms_in(model, &flags_r);
    let pairs: Vec<PairRow> = best
        .into_iter()
        .map(|e| prep.row_of(e, n_r, &region.name))
        .collect();
    Matrix {
        region: UnitRef::of(region),
        mode: opts.mode,
        min_producers: opts.min_producers,
        importable: importable_keys,
        basis_asked: super::basis_asked(basis),
        pairs_ranked,
        pairs_listed: pairs.len(),
        pairs,
    }
}

/// Bytes the matrix needs beyond the loaded model, an upper estimate: the per-city state
/// (closed flags and stage weights per stage, firm lists, supply-link counts), one scratch
/// per worker thread (sized by the firms' (firm, stage) pairs and input groups), and the
/// kept pairs (up to `top` per worker and in the result, each with its joint-gain list).
pub fn matrix_memory(model: &Model, region: &Region, top: usize) -> u64 {
    let n = region.cities.len() as u64;
    let stages = model.stages.len() as u64;
    let firms = model.firms.len() as u64;
    let firm_stages: u64 = model.firms.iter().map(|f| f.stages.len() as u64).sum();
    let groups: u64 = model
        .firms
        .iter()
        .flat_map(|f| f.stages.iter())
        .map(|&s| model.stages[s as usize].inputs.len() as u64)
        .sum();
    let supply = model.links.len() as u64;
    let finals = (0..stages as StageIdx)
        .filter(|&s| is_final(model, s))
        .count() as u64;
    // Closed, supplied, presence and three stage weights (employment, revenue, count) per
    // stage.
    let per_city = stages * (8 + 8 + 8 + 4 + 1 + 1) + 7 * 24 + 80;
    // The importable mask, the importable stages and per stage which input groups hold one.
    let shared = n * per_city
        + 4 * firms
        + 8 * supply
        + 16 * (firm_stages + firms)
        + 8 * stages
        + 29 * stages
        + groups.min(stages * stages);
    let threads = rayon::current_num_threads() as u64;
    let scratch = firms + 6 * firm_stages + groups + 7 * stages;
    // An entry: its fields and joint-gain list; the listed row adds names and keys.
    let entry = 64 + 4 * finals;
    let row = 256 + 48 * finals;
    let kept = (top as u64).min(n * n.saturating_sub(1) / 2);
    shared + threads * (scratch + 3 * kept * entry) + kept * (entry + 2 * row)
}

/// Everything per city, computed once.
struct Prep<'m> {
    model: &'m Model,
    opts: Options,
    /// The basis asked for (`--basis`; `None` = the default).
    basis: Option<Basis>,
    /// R's cities, by id.
    cities: Vec<CityIdx>,
    /// Per city (by position): its firms, in file order.
    firms_of: Vec<Vec<FirmIdx>>,
    consumers: ConsumerIndex,
    /// Per firm: its first (firm, stage) pair; per pair: its first input-group slot.
    pair_offset: Vec<u32>,
    group_offset: Vec<u32>,
    slots: usize,
    /// Per chain: its stages in topological order (the structural closure).
    orders: Vec<Vec<StageIdx>>,
    finals: Vec<StageIdx>,
    /// Per stage: importable (closed whatever its inputs; in realised mode an input group
    /// holding one is met for every local firm).
    importable: Vec<bool>,
    /// The importable stages.
    given: Vec<StageIdx>,
    /// Per stage's input groups (by `group_offset` order within a stage): whether the
    /// group holds an importable stage.
    given_group: Vec<Vec<bool>>,
    /// Per city: closed flags (per stage).
    closed: Vec<Vec<bool>>,
    /// Per city: local producers per stage, and (realised) whether one of them is locally
    /// supplied in the city alone.
    presence: Vec<Vec<u32>>,
    supplied: Vec<Vec<bool>>,
    /// Per city: stage-split weights on employment, on revenue and on count, and
    /// employment and revenue known among its firms with a stage.
    employment_weights: Vec<Vec<f64>>,
    revenue_weights: Vec<Vec<f64>>,
    count_weights: Vec<Vec<f64>>,
    known: Vec<Known>,
    /// Per city: supply links out, and to each other city of R as sorted (city, links).
    out: Vec<usize>,
    between: Vec<Vec<(u32, usize)>>,
}

impl<'m> Prep<'m> {
    fn new(
        model: &'m Model,
        region: &Region,
        opts: &Options,
        importable: Vec<bool>,
        basis: Option<Basis>,
    ) -> Self {
        let mut cities: Vec<CityIdx> = region.cities.iter().filter_map(|c| model.city(c)).collect();
        cities.sort_by(|x, y| {
            model.cities[*x as usize]
                .id
                .cmp(&model.cities[*y as usize].id)
        });
        let n = cities.len();
        let mut position = vec![u32::MAX; model.cities.len()];
        for (i, &c) in cities.iter().enumerate() {
            position[c as usize] = i as u32;
        }
        let pos = |c: CityIdx| Some(position[c as usize]).filter(|&i| i != u32::MAX);

        // Firms per city; stage-split weights summed in file order (as `stage_weights`).
        let mut firms_of = vec![Vec::new(); n];
        let mut employment_weights = vec![vec![0.0; model.stages.len()]; n];
        let mut revenue_weights = vec![vec![0.0; model.stages.len()]; n];
        let mut count_weights = vec![vec![0.0; model.stages.len()]; n];
        let mut known = vec![Known::default(); n];
        for (f, firm) in model.firms.iter().enumerate() {
            let Some(i) = pos(firm.city) else { continue };
            let i = i as usize;
            firms_of[i].push(f as FirmIdx);
            if firm.stages.is_empty() {
                continue;
            }
            known[i].counted += 1;
            known[i].known += usize::from(firm.employees.is_some());
            known[i].revenue_known += usize::from(firm.revenue.is_some());
            let stages = firm.stages.len() as f64;
            let share = weight(model, f as FirmIdx, Basis::Employment) / stages;
            let revenue_share = weight(model, f as FirmIdx, Basis::Revenue) / stages;
            for &s in &firm.stages {
                employment_weights[i][s as usize] += share;
                revenue_weights[i][s as usize] += revenue_share;
                count_weights[i][s as usize] += 1.0 / stages;
            }
        }

        // Supply links city → city and out of each city.
        let mut out = vec![0usize; n];
        let mut between: Vec<Vec<(u32, usize)>> = vec![Vec::new(); n];
        for (_, link) in model.links_of(Layer::Supply) {
            let Some(i) = pos(model.firms[link.source as usize].city) else {
                continue;
            };
            out[i as usize] += 1;
            if let Some(j) = pos(model.firms[link.target as usize].city) {
                between[i as usize].push((j, 1));
            }
        }
        for row in &mut between {
            row.sort_unstable_by_key(|&(j, _)| j);
            row.dedup_by(|next, kept| {
                let same = next.0 == kept.0;
                if same {
                    kept.1 += 1;
                }
                same
            });
            row.shrink_to_fit();
        }

        let mut pair_offset = Vec::with_capacity(model.firms.len() + 1);
        let mut group_offset = Vec::new();
        let mut slots = 0u32;
        pair_offset.push(0);
        for firm in model.firms.iter() {
            for &s in &firm.stages {
                group_offset.push(slots);
                slots += model.stages[s as usize].inputs.len() as u32;
            }
            pair_offset.push(group_offset.len() as u32);
        }
        let mut prep = Prep {
            model,
            opts: *opts,
            basis,
            cities,
            firms_of,
            consumers: ConsumerIndex::new(model),
            pair_offset,
            group_offset,
            slots: slots as usize,
            orders: model
                .chains
                .iter()
                .map(|c| topological_order(model, &c.stages))
                .collect(),
            finals: (0..model.stages.len() as StageIdx)
                .filter(|&s| is_final(model, s))
                .collect(),
            given_group: model
                .stages
                .iter()
                .map(|st| {
                    st.inputs
                        .iter()
                        .map(|g| g.iter().any(|&u| importable[u as usize]))
                        .collect()
                })
                .collect(),
            given: (0..model.stages.len() as StageIdx)
                .filter(|&s| importable[s as usize])
                .collect(),
            importable,
            closed: Vec::new(),
            presence: Vec::new(),
            supplied: Vec::new(),
            employment_weights,
            revenue_weights,
            count_weights,
            known,
            out,
            between,
        };
        let per_city: Vec<(Vec<bool>, Vec<u32>, Vec<bool>)> = (0..n)
            .into_par_iter()
            .map_init(
                || Scratch::new(&prep),
                |scratch, i| {
                    prep.close(scratch, &[i]);
                    let closed = scratch.closed.clone();
                    let presence = scratch.presence.clone();
                    let supplied = scratch.any_supplied.clone();
                    prep.reset(scratch, &[i]);
                    (closed, presence, supplied)
                },
            )
            .collect();
        for (closed, presence, supplied) in per_city {
            prep.closed.push(closed);
            prep.presence.push(presence);
            prep.supplied.push(supplied);
        }
        prep
    }

    /// The pairs (i, j > i), keeping the best `top`.
    fn row(&self, scratch: &mut Scratch, i: usize, top: usize) -> Top {
        let mut best = Top::new(top);
        let ci = &self.closed[i];
        for j in i + 1..self.cities.len() {
            let cj = &self.closed[j];
            // Only final products closed in neither city alone can be gained.
            let open = self
                .finals
                .iter()
                .filter(|&&s| !ci[s as usize] && !cj[s as usize])
                .count() as u32;
            if !best.may_take(open) {
                continue;
            }
            let gain: Vec<StageIdx> = if open == 0 {
                Vec::new()
            } else {
                self.joint_gain(scratch, i, j)
            };
            let count = gain.len() as u32;
            if !best.may_take(count) {
                continue;
            }
            let [wi, wj] = self.weights_of(i, j);
            let (s, k) = similarity(wi, wj);
            let e = Entry {
                count,
                s,
                i: i as u32,
                j: j as u32,
                k,
                gain,
            };
            if best.takes(&e) {
                best.push(e);
            }
        }
        best
    }

    /// Final products closed in cities i and j together and in neither alone.
    fn joint_gain(&self, sc: &mut Scratch, i: usize, j: usize) -> Vec<StageIdx> {
        let (ci, cj) = (&self.closed[i], &self.closed[j]);
        let open = |s: usize| !ci[s] && !cj[s];
        let theta = self.opts.min_producers;
        let (pi, pj) = (&self.presence[i], &self.presence[j]);
        match self.opts.mode {
            Mode::Structural => {
                // Presence adds up over the two cities; the closure is O(stages).
                for (p, (a, b)) in sc.presence.iter_mut().zip(pi.iter().zip(pj)) {
                    *p = a + b;
                }
                self.structural(sc);
                let gain = self
                    .finals
                    .iter()
                    .copied()
                    .filter(|&s| sc.closed[s as usize] && open(s as usize))
                    .collect();
                sc.presence.fill(0);
                sc.closed.fill(false);
                gain
            }
            Mode::Realised if self.links(i, j) == 0 && self.links(j, i) == 0 => {
                // No supply link between the two: the joint fixpoint is the two fixpoints
                // side by side, so a stage is closed when the producers add up to θ and
                // one of them is supplied in its own city.
                let (si, sj) = (&self.supplied[i], &self.supplied[j]);
                self.finals
                    .iter()
                    .copied()
                    .filter(|&s| {
                        let s = s as usize;
                        open(s) && pi[s] + pj[s] >= theta && (si[s] || sj[s])
                    })
                    .collect()
            }
            Mode::Realised => {
                self.close(sc, &[i, j]);
                let gain = self
                    .finals
                    .iter()
                    .copied()
                    .filter(|&s| sc.closed[s as usize] && open(s as usize))
                    .collect();
                self.reset(sc, &[i, j]);
                gain
            }
        }
    }

    /// Supply links from city `from` to city `to`.
    fn links(&self, from: usize, to: usize) -> usize {
        let row = &self.between[from];
        row.binary_search_by_key(&(to as u32), |&(c, _)| c)
            .map_or(0, |k| row[k].1)
    }

    /// The basis of the pair (i, j) and the stage weights of the two cities on it.
    fn pair_basis(&self, i: usize, j: usize) -> PairBasis {
        PairBasis::new(self.known[i], self.known[j], self.basis)
    }

    fn weights_of(&self, i: usize, j: usize) -> [&[f64]; 2] {
        let weights = match self.pair_basis(i, j).basis {
            Basis::Employment => &self.employment_weights,
            Basis::Revenue => &self.revenue_weights,
            Basis::Count => &self.count_weights,
        };
        [&weights[i], &weights[j]]
    }

    /// The output row of a kept pair.
    fn row_of(&self, e: Entry, n_r: usize, region: &str) -> PairRow {
        let (i, j) = (e.i as usize, e.j as usize);
        let links = |from: usize, to: usize| self.links(from, to);
        let mut gain: Vec<String> = e.gain.iter().map(|&s| stage_key(self.model, s)).collect();
        gain.sort();
        let name = |i: usize| self.model.cities[self.cities[i] as usize].id.clone();
        let similarity_basis = self.pair_basis(i, j);
        let [wi, wj] = self.weights_of(i, j);
        let (a, b) = (name(i), name(j));
        let [(s, s_status, s_reason), (k, k_status, k_reason)] =
            similarity_figures(wi, wj, [&a, &b], similarity_basis.basis);
        debug_assert!(s == e.s && k == e.k, "the ranked S and K are the row's");
        let supply = |from: usize, to: usize, names: [&str; 2]| {
            split(intensity_figure(
                links(from, to),
                self.out[from],
                self.firms_of[to].len(),
                n_r,
                &Direction {
                    layer: Layer::Supply,
                    from: names[0],
                    to: names[1],
                    region,
                },
            ))
        };
        let (supply_a_to_b, supply_a_to_b_status, supply_a_to_b_reason) = supply(i, j, [&a, &b]);
        let (supply_b_to_a, supply_b_to_a_status, supply_b_to_a_reason) = supply(j, i, [&b, &a]);
        PairRow {
            a,
            b,
            joint_gain_count: gain.len(),
            joint_gain: gain,
            similarity_unido: s,
            similarity_unido_status: s_status,
            similarity_unido_reason: s_reason,
            krugman: k,
            krugman_status: k_status,
            krugman_reason: k_reason,
            similarity_basis,
            supply_a_to_b,
            supply_a_to_b_status,
            supply_a_to_b_reason,
            supply_b_to_a,
            supply_b_to_a_status,
            supply_b_to_a_reason,
        }
    }
}
