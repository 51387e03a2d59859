//! Closure of chain templates in a region: can a stage be made from local raw materials,
//! with every required input present (AND over input groups, OR inside a group)?
//!
//! * **Structural**: `closed(s) = P(s) ≥ θ ∧ ∀ group ∃ u ∈ group: closed(u)`, evaluated over
//!   each template in topological order. O(stages + template edges).
//! * **Realised** (stricter): a local firm f producing s is *locally supplied* for s when,
//!   for every input group of s, some u in the group reaches f — a supply link h→f of stage
//!   u from a local h that is itself locally supplied for u, or f itself makes u and is
//!   locally supplied for u (vertical integration). A local producer of a stage without
//!   inputs is supplied. Stage s is closed when `P(s) ≥ θ` and one of its local producers
//!   is supplied.
//!
//! The realised closure is a least fixpoint computed with a worklist over (firm, stage)
//! pairs: each pair keeps the number of its input groups not yet satisfied; when a pair
//! becomes supplied it satisfies the matching group of every local buyer (and of its own
//! other stages). Each pair enters the worklist at most once and each supply link is looked
//! at once per stage its source makes, so the cost is O(pairs + Σ_links c(stage)) where
//! c(u) is the number of template (stage, group) slots that take u — linear in links for
//! fixed templates. No path is ever enumerated.
//!
//! The state is indexed over *all* firms (non-local ones simply never become supplied), so
//! a what-if such as "firm x moves into the region" continues from a finished state instead
//! of starting again (see `RealisedClosure::admit`).
//!
//! Both take a "given" mask (importable stages): a given stage is closed whatever its
//! inputs, and in the realised fixpoint an input group containing one is met for every
//! firm from the start. [`structural_given`] also takes the "present" mask, so the
//! optimistic bound, the boundary ladder and the import tiers of completeness are the same
//! one linear pass with other masks.
//!
//! Output: one closed flag per stage, in stage (file) order.

use crate::model::{Csr, FirmIdx, Model, StageIdx};

/// For each stage u, the (consumer stage, group index) slots whose group contains u.
#[derive(Debug, Clone)]
pub struct ConsumerIndex(Csr<(StageIdx, u32)>);

impl ConsumerIndex {
    /// Indexes the input groups of every stage of the model.
    pub fn new(model: &Model) -> ConsumerIndex {
        // Slots are listed by consumer stage, then group: per input stage, ascending.
        let slots = model.stages.iter().enumerate().flat_map(|(s, stage)| {
            stage.inputs.iter().enumerate().flat_map(move |(g, group)| {
                group.iter().map(move |&u| (u, (s as StageIdx, g as u32)))
            })
        });
        ConsumerIndex(Csr::from_pairs(model.stages.len(), slots))
    }

    /// Slots (consumer stage, group) that take `stage` as an input.
    pub fn of(&self, stage: StageIdx) -> &[(StageIdx, u32)] {
        self.0.get(stage)
    }

    /// Whether a supply of `stage` to `buyer` feeds one of the buyer's stages: the buyer
    /// produces a stage that takes `stage` as an input (in some group). A link failing this
    /// (a car computer sold to a carmaker, counted for electronics) says nothing about the
    /// chain of its stage.
    pub fn feeds(&self, model: &Model, buyer: FirmIdx, stage: StageIdx) -> bool {
        let buyer = &model.firms[buyer as usize];
        self.of(stage).iter().any(|&(s, _)| buyer.produces(s))
    }
}

/// Stage-level structural closure for one region: `closed[s]`.
pub fn structural(model: &Model, presence: &[u32], min_producers: u32) -> Vec<bool> {
    let present: Vec<bool> = presence.iter().map(|&p| p >= min_producers).collect();
    structural_given(model, &template_order(model), &present, &[])
}

/// Every stage of every template, each chain's stages in [`topological_order`], chains in
/// file order: the evaluation order of [`structural_given`] (compute it once and reuse it
/// for several passes).
pub fn template_order(model: &Model) -> Vec<StageIdx> {
    model
        .chains
        .iter()
        .flat_map(|chain| topological_order(model, &chain.stages))
        .collect()
}

/// The structural closure with masks, one pass in `order` (from [`template_order`]):
/// `closed(s) = given[s] ∨ (present[s] ∧ ∀ group ∃ u ∈ group: closed(u))`. A stage flagged
/// in `given` is closed whatever its inputs (an importable stage; `given` may be empty for
/// none); `present` says which stages count as having producers (P ≥ θ, or a bound that
/// treats unknown stages as present). O(stages + template edges).
pub fn structural_given(
    model: &Model,
    order: &[StageIdx],
    present: &[bool],
    given: &[bool],
) -> Vec<bool> {
    let mut closed = vec![false; model.stages.len()];
    for &s in order {
        let stage = &model.stages[s as usize];
        closed[s as usize] = given.get(s as usize).copied().unwrap_or(false)
            || (present[s as usize]
                && stage
                    .inputs
                    .iter()
                    .all(|g| g.iter().any(|&u| closed[u as usize])));
    }
    closed
}

/// The stages of one (acyclic) template with every stage after all its inputs (Kahn's
/// algorithm; ties in file order). Stages on a cycle, which validation rejects, are left out.
pub fn topological_order(model: &Model, stages: &[StageIdx]) -> Vec<StageIdx> {
    use std::collections::HashMap;
    let position: HashMap<StageIdx, usize> =
        stages.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    let mut waiting = vec![0usize; stages.len()];
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); stages.len()];
    for (i, &s) in stages.iter().enumerate() {
        let mut inputs: Vec<StageIdx> = model.stages[s as usize]
            .inputs
            .iter()
            .flatten()
            .copied()
            .collect();
        inputs.sort_unstable();
        inputs.dedup();
        for u in inputs {
            if let Some(&j) = position.get(&u) {
                waiting[i] += 1;
                users[j].push(i);
            }
        }
    }
    let mut ready: std::collections::VecDeque<usize> =
        (0..stages.len()).filter(|&i| waiting[i] == 0).collect();
    let mut order = Vec::with_capacity(stages.len());
    while let Some(i) = ready.pop_front() {
        order.push(stages[i]);
        for &j in &users[i] {
            waiting[j] -= 1;
            if waiting[j] == 0 {
                ready.push_back(j);
            }
        }
    }
    order
}

/// The realised fixpoint over (firm, stage) pairs of every firm.
#[derive(Debug, Clone)]
pub struct RealisedClosure {
    /// `pair_offset[f]..pair_offset[f+1]` are firm f's pairs, in `firm.stages` order.
    pair_offset: Vec<u32>,
    /// Per pair: first slot in `group_done`.
    group_offset: Vec<u32>,
    group_done: Vec<bool>,
    missing_groups: Vec<u32>,
    supplied: Vec<bool>,
    local: Vec<bool>,
}

impl RealisedClosure {
    /// Computes the fixpoint for the firms flagged `local`.
    pub fn compute(model: &Model, consumers: &ConsumerIndex, local: Vec<bool>) -> Self {
        Self::compute_given(model, consumers, local, &[])
    }

    /// Computes the fixpoint for the firms flagged `local`, with the stages flagged in
    /// `given` (importable stages; may be empty for none) bought from outside: an input
    /// group containing a given stage is met for every firm from the start, with or without
    /// a link.
    pub fn compute_given(
        model: &Model,
        consumers: &ConsumerIndex,
        local: Vec<bool>,
        given: &[bool],
    ) -> Self {
        let is_given = |u: &StageIdx| given.get(*u as usize).copied().unwrap_or(false);
        let mut pair_offset = Vec::with_capacity(model.firms.len() + 1);
        let mut group_offset = Vec::new();
        let mut missing_groups = Vec::new();
        let mut group_done = Vec::new();
        let mut next_group = 0u32;
        pair_offset.push(0);
        for firm in model.firms.iter() {
            for &s in &firm.stages {
                let inputs = &model.stages[s as usize].inputs;
                group_offset.push(next_group);
                let mut missing = 0;
                for g in inputs {
                    let met = !given.is_empty() && g.iter().any(is_given);
                    group_done.push(met);
                    missing += u32::from(!met);
                }
                missing_groups.push(missing);
                next_group += inputs.len() as u32;
            }
            pair_offset.push(group_offset.len() as u32);
        }
        let pairs = group_offset.len();
        let mut closure = RealisedClosure {
            pair_offset,
            group_offset,
            group_done,
            missing_groups,
            supplied: vec![false; pairs],
            local,
        };
        let seeds: Vec<FirmIdx> = (0..model.firms.len() as FirmIdx)
            .filter(|&f| closure.local[f as usize])
            .collect();
        closure.seed_and_run(model, consumers, &seeds);
        closure
    }

    /// What if `firm` were local (with its current links)? Continues from this state.
    pub fn admit(&mut self, model: &Model, consumers: &ConsumerIndex, firm: FirmIdx) {
        if self.local[firm as usize] {
            return;
        }
        self.local[firm as usize] = true;
        // Inputs already supplied to the newcomer by supplied local firms.
        let mut work = Vec::new();
        for &l in model.supply_in.get(firm) {
            let link = &model.links[l as usize];
            let Some(u) = link.stage else { continue };
            if self.local[link.source as usize] && self.is_supplied(model, link.source, u) {
                self.deliver(model, consumers, firm, u, &mut work);
            }
        }
        self.run(model, consumers, work);
        self.seed_and_run(model, consumers, &[firm]);
    }

    fn seed_and_run(&mut self, model: &Model, consumers: &ConsumerIndex, firms: &[FirmIdx]) {
        let mut work: Vec<(FirmIdx, StageIdx)> = Vec::new();
        for &f in firms {
            for (k, &s) in model.firms[f as usize].stages.iter().enumerate() {
                let p = self.pair_offset[f as usize] as usize + k;
                if self.missing_groups[p] == 0 && !self.supplied[p] {
                    self.supplied[p] = true;
                    work.push((f, s));
                }
            }
        }
        self.run(model, consumers, work);
    }

    fn run(
        &mut self,
        model: &Model,
        consumers: &ConsumerIndex,
        mut work: Vec<(FirmIdx, StageIdx)>,
    ) {
        while let Some((h, u)) = work.pop() {
            // Vertical integration: h uses its own u.
            self.deliver(model, consumers, h, u, &mut work);
            for &l in model.supply_out.get(h) {
                let link = &model.links[l as usize];
                if link.stage == Some(u) && self.local[link.target as usize] {
                    self.deliver(model, consumers, link.target, u, &mut work);
                }
            }
        }
    }

    /// Firm `f` (local) receives a supplied `u`: satisfy every group of f's stages taking u.
    fn deliver(
        &mut self,
        model: &Model,
        consumers: &ConsumerIndex,
        f: FirmIdx,
        u: StageIdx,
        work: &mut Vec<(FirmIdx, StageIdx)>,
    ) {
        let firm = &model.firms[f as usize];
        for &(s, g) in consumers.of(u) {
            let Ok(k) = firm.stages.binary_search(&s) else {
                continue;
            };
            let p = self.pair_offset[f as usize] as usize + k;
            let slot = (self.group_offset[p] + g) as usize;
            if self.group_done[slot] {
                continue;
            }
            self.group_done[slot] = true;
            self.missing_groups[p] -= 1;
            if self.missing_groups[p] == 0 && !self.supplied[p] {
                self.supplied[p] = true;
                work.push((f, s));
            }
        }
    }

    /// Is local firm `f` locally supplied for stage `s`?
    pub fn is_supplied(&self, model: &Model, f: FirmIdx, s: StageIdx) -> bool {
        match model.firms[f as usize].stages.binary_search(&s) {
            Ok(k) => self.supplied[self.pair_offset[f as usize] as usize + k],
            Err(_) => false,
        }
    }

    /// Stage-level result: `closed[s]` = present and some local producer supplied.
    pub fn stage_closed(&self, model: &Model, presence: &[u32], min_producers: u32) -> Vec<bool> {
        (0..model.stages.len() as StageIdx)
            .map(|s| {
                presence[s as usize] >= min_producers
                    && model
                        .producers
                        .get(s)
                        .iter()
                        .any(|&f| self.local[f as usize] && self.is_supplied(model, f, s))
            })
            .collect()
    }

    /// Firm `f` is local in this fixpoint.
    pub fn is_local(&self, f: FirmIdx) -> bool {
        self.local[f as usize]
    }

    /// Index of pair (firm, k-th stage of the firm) in per-pair arrays.
    pub fn pair(&self, f: FirmIdx, k: usize) -> usize {
        self.pair_offset[f as usize] as usize + k
    }

    /// Number of (firm, stage) pairs over all firms.
    pub fn pair_count(&self) -> usize {
        self.supplied.len()
    }

    /// Is the pair locally supplied?
    pub fn pair_supplied(&self, pair: usize) -> bool {
        self.supplied[pair]
    }
}
