//! The joint closure of a pair of cities for `complement --matrix`: per worker a [`Scratch`]
//! of flags over all firms, (firm, stage) pairs and stages, filled by [`Prep::close`] for the
//! firms of the pair only and cleared by [`Prep::reset`] for what was touched, so each pair
//! costs the size of its two cities, not of the model.

use super::Prep;
use crate::analysis::completeness::Mode;
use crate::model::{FirmIdx, StageIdx};

impl Prep<'_> {
    /// The structural closure of `sc.presence` into `sc.closed`; importable stages are
    /// closed whatever their inputs (as `closure::structural_given`).
    pub(super) fn structural(&self, sc: &mut Scratch) {
        let theta = self.opts.min_producers;
        for order in &self.orders {
            for &s in order {
                let stage = &self.model.stages[s as usize];
                sc.closed[s as usize] = self.importable[s as usize]
                    || sc.presence[s as usize] >= theta
                        && stage
                            .inputs
                            .iter()
                            .all(|g| g.iter().any(|&u| sc.closed[u as usize]));
            }
        }
    }

    fn local_firms<'a>(&'a self, cities: &'a [usize]) -> impl Iterator<Item = FirmIdx> + 'a {
        cities
            .iter()
            .flat_map(|&c| self.firms_of[c].iter().copied())
    }

    /// Fills `scratch.closed` (per stage) for the union of `cities`, as
    /// `RegionState::new(..).closed(mode)` would: presence ≥ θ and, realised, a locally
    /// supplied local producer (the fixpoint of `analysis::closure`, over the local firms
    /// only); structural, every input group closed.
    pub(super) fn close(&self, sc: &mut Scratch, cities: &[usize]) {
        let model = self.model;
        for f in self.local_firms(cities) {
            sc.local[f as usize] = true;
            for &s in &model.firms[f as usize].stages {
                sc.presence[s as usize] += 1;
            }
        }
        let theta = self.opts.min_producers;
        match self.opts.mode {
            Mode::Structural => self.structural(sc),
            Mode::Realised => {
                let mut work = std::mem::take(&mut sc.work);
                // An input group holding an importable stage is met from the start (as
                // `RealisedClosure::compute_given`).
                for f in self.local_firms(cities) {
                    let base = self.pair_offset[f as usize] as usize;
                    for (k, &s) in model.firms[f as usize].stages.iter().enumerate() {
                        let first = self.group_offset[base + k] as usize;
                        let mut missing = 0;
                        for (g, &given) in self.given_group[s as usize].iter().enumerate() {
                            sc.group_done[first + g] = given;
                            missing += u32::from(!given);
                        }
                        sc.missing[base + k] = missing;
                        if missing == 0 {
                            sc.supplied[base + k] = true;
                            work.push((f, s));
                        }
                    }
                }
                while let Some((h, u)) = work.pop() {
                    self.deliver(sc, h, u, &mut work);
                    for &l in model.supply_out.get(h) {
                        let link = &model.links[l as usize];
                        if link.stage == Some(u) && sc.local[link.target as usize] {
                            self.deliver(sc, link.target, u, &mut work);
                        }
                    }
                }
                sc.work = work;
                // Importable stages are closed (as `RegionState::with_importable`).
                for &s in &self.given {
                    sc.closed[s as usize] = true;
                }
                for f in self.local_firms(cities) {
                    let base = self.pair_offset[f as usize] as usize;
                    for (k, &s) in model.firms[f as usize].stages.iter().enumerate() {
                        if sc.supplied[base + k] {
                            sc.any_supplied[s as usize] = true;
                            if sc.presence[s as usize] >= theta {
                                sc.closed[s as usize] = true;
                            }
                        }
                    }
                }
            }
        }
    }

    /// Local firm `f` receives a supplied `u` (as `RealisedClosure::deliver`).
    fn deliver(
        &self,
        sc: &mut Scratch,
        f: FirmIdx,
        u: StageIdx,
        work: &mut Vec<(FirmIdx, StageIdx)>,
    ) {
        let firm = &self.model.firms[f as usize];
        for &(s, g) in self.consumers.of(u) {
            let Ok(k) = firm.stages.binary_search(&s) else {
                continue;
            };
            let p = self.pair_offset[f as usize] as usize + k;
            let slot = (self.group_offset[p] + g) as usize;
            if sc.group_done[slot] {
                continue;
            }
            sc.group_done[slot] = true;
            sc.missing[p] -= 1;
            if sc.missing[p] == 0 && !sc.supplied[p] {
                sc.supplied[p] = true;
                work.push((f, s));
            }
        }
    }

    /// Clears what `close` set for these cities.
    pub(super) fn reset(&self, sc: &mut Scratch, cities: &[usize]) {
        let model = self.model;
        for f in self.local_firms(cities) {
            sc.local[f as usize] = false;
            let base = self.pair_offset[f as usize] as usize;
            for (k, &s) in model.firms[f as usize].stages.iter().enumerate() {
                sc.presence[s as usize] = 0;
                sc.closed[s as usize] = false;
                sc.any_supplied[s as usize] = false;
                sc.missing[base + k] = 0;
                sc.supplied[base + k] = false;
                let first = self.group_offset[base + k] as usize;
                let groups = model.stages[s as usize].inputs.len();
                sc.group_done[first..first + groups].fill(false);
            }
        }
        match self.opts.mode {
            // Structural closes stages of no local firm (the importable ones among them).
            Mode::Structural => sc.closed.fill(false),
            Mode::Realised => {
                for &s in &self.given {
                    sc.closed[s as usize] = false;
                }
            }
        }
    }
}

/// One worker's closure state, indexed over all firms, (firm, stage) pairs and stages.
pub(super) struct Scratch {
    pub(super) local: Vec<bool>,
    pub(super) presence: Vec<u32>,
    pub(super) closed: Vec<bool>,
    pub(super) any_supplied: Vec<bool>,
    pub(super) missing: Vec<u32>,
    pub(super) supplied: Vec<bool>,
    pub(super) group_done: Vec<bool>,
    pub(super) work: Vec<(FirmIdx, StageIdx)>,
}

impl Scratch {
    pub(super) fn new(prep: &Prep) -> Self {
        let pairs = prep.group_offset.len();
        Scratch {
            local: vec![false; prep.model.firms.len()],
            presence: vec![0; prep.model.stages.len()],
            closed: vec![false; prep.model.stages.len()],
            any_supplied: vec![false; prep.model.stages.len()],
            missing: vec![0; pairs],
            supplied: vec![false; pairs],
            group_done: vec![false; prep.slots],
            work: Vec::new(),
        }
    }
}
