//! Closure-critical firms and groups (卡点): for every firm, the final products whose
//! realised closure is lost when that firm (and its links) is removed from the region; for
//! every group with two or more local firms (firms sharing a `group` cell), the final
//! products lost when all its local firms are removed together.
//!
//! Method — necessary-firm sets over the realised derivations, not a fixpoint per firm.
//! A supplied pair p = (f, s) is derived by choosing, for every input group of s, one
//! supplied alternative (h, u): a supply link h → f of a stage u in the group from a
//! supplied local h, or f's own supplied (f, u). Let N(p) be the firms present in *every*
//! derivation of p:
//!
//! ```text
//! N(f, s) = {f} ∪ ⋃_{groups g of s} ⋂_{supplied alternatives a for g} N(a)
//! ```
//!
//! Because the template is acyclic, a pair only depends on pairs of earlier stages, so one
//! pass in topological stage order computes every N exactly (no fixpoint). Removing x keeps
//! p supplied iff some derivation avoids x, i.e. iff x ∉ N(p). A closed final stage s stays
//! closed without x iff some supplied local producer f of s has x ∉ N(f, s) and presence
//! stays ≥ θ; so the firms critical for s are ⋂_f N(f, s), plus every local producer of s
//! when P(s) = θ exactly.
//!
//! Cost: O(Σ_pairs Σ_alternatives |N|) with sorted-vector intersections that stop early once
//! empty. |N| is bounded by the firms of one derivation tree (template depth × fan-in),
//! small for real templates, so the total is near-linear in links. A property test checks
//! the result against removing each firm and recomputing the fixpoint.
//!
//! Groups: the same pass keeps, beside N, the set N_G(p) of groups (with two or more local
//! firms) present in every derivation, by the same recurrence with the firm's group in place
//! of the firm. A derivation avoids a group iff it avoids all its firms, so the groups
//! critical for s are ⋂_f N_G(f, s), plus every group whose loss leaves fewer than θ local
//! producers of s. A property test checks it against removing each group's firms.
//!
//! Importable stages (`--importable`, [`RegionState::importable`]): the realised closure is
//! [`super::closure::RealisedClosure::compute_given`] with the importable mask, so an input
//! group holding an importable stage is met without any firm (its N is empty), and an
//! importable final product is closed whatever happens to the local firms (no firm is
//! critical for it).
//!
//! Output: per firm (file order) and per group (by name) the lost final-product stages by
//! stage index; [`ranked`] lists the firms with a loss, most final products first, then by
//! id; [`ranked_groups`] the groups likewise, then by name.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::closure::topological_order;
use super::completeness::RegionState;
use crate::model::{FirmIdx, Model, StageIdx, Tier};

/// Per firm, the final-product stages it is critical for (sorted by stage index).
#[derive(Debug, Clone, PartialEq)]
pub struct Criticality {
    /// Per firm of the model (by firm index), the final-product stages whose realised
    /// closure it is critical for; empty for most firms, and for every firm outside the region.
    pub lost: Vec<Vec<StageIdx>>,
    /// The groups with two or more local firms.
    pub groups: LocalGroups,
    /// Per group of `groups` (by index), the final-product stages whose realised closure
    /// is lost when all its local firms are removed together (sorted by stage index).
    pub group_lost: Vec<Vec<StageIdx>>,
}

impl Criticality {
    /// Final products lost per firm.
    pub fn count(&self, f: FirmIdx) -> usize {
        self.lost[f as usize].len()
    }
}

/// Intersects `acc` (sorted) with `other` (sorted) in place.
fn intersect(acc: &mut Vec<u32>, other: &[u32]) {
    let mut j = 0;
    acc.retain(|x| {
        while j < other.len() && other[j] < *x {
            j += 1;
        }
        j < other.len() && other[j] == *x
    });
}

/// Sorted union.
fn union_into(acc: &mut Vec<u32>, other: &[u32]) {
    if other.is_empty() {
        return;
    }
    let mut out = Vec::with_capacity(acc.len() + other.len());
    let (mut i, mut j) = (0, 0);
    while i < acc.len() || j < other.len() {
        let next = match (acc.get(i), other.get(j)) {
            (Some(&a), Some(&b)) if a == b => {
                i += 1;
                j += 1;
                a
            }
            (Some(&a), Some(&b)) if a < b => {
                i += 1;
                a
            }
            (Some(_), Some(&b)) | (None, Some(&b)) => {
                j += 1;
                b
            }
            (Some(&a), None) => {
                i += 1;
                a
            }
            (None, None) => break,
        };
        out.push(next);
    }
    *acc = out;
}

/// Closure-critical firms for the region of `state` (realised closure).
///
/// # Examples
///
/// In the GBA of `datasets/tiny` only aircon/split_ac is closed, and seven local firms
/// are each critical for it; fs_hex is not, because fs_aircon makes its own heat
/// exchangers (the table in datasets/tiny/README.md, "Closure-critical firms").
///
/// ```
/// use chainatlas::analysis::completeness::RegionState;
/// use chainatlas::analysis::critical::closure_critical;
/// use chainatlas::load::{DatasetSource, LoadOptions, load};
/// use chainatlas::model::Region;
///
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/tiny");
/// let model = load(&DatasetSource::from_arg(Some(dir.as_ref())), &LoadOptions::default())
///     .unwrap()
///     .model
///     .expect("datasets/tiny is valid");
/// let gba = Region::resolve(&model, Some("GBA")).unwrap();
/// let critical = closure_critical(&RegionState::new(&model, &gba, 1));
///
/// let mut firms: Vec<&str> = (0..model.firms.len())
///     .filter(|&f| critical.count(f as u32) > 0)
///     .map(|f| model.firms[f].id.as_str())
///     .collect();
/// firms.sort();
/// assert_eq!(
///     firms,
///     ["fs_aircon", "fs_comp", "fs_copper", "fs_sheet", "fs_tube", "gz_board", "gz_steel"]
/// );
/// let fs_hex = model.firm("fs_hex").unwrap();
/// assert_eq!(critical.count(fs_hex), 0);
/// ```
pub fn closure_critical(state: &RegionState<'_>) -> Criticality {
    let model = state.model;
    let closure = &state.realised;
    let rank = stage_ranks(model);
    let groups = LocalGroups::new(model, &state.local);
    let track_groups = !groups.names.is_empty();

    // Supplied pairs, as (rank of stage, firm, k), in topological order.
    let mut order: Vec<(u32, FirmIdx, u32)> = Vec::new();
    for (f, firm) in model.firms.iter().enumerate() {
        if !state.local[f] {
            continue;
        }
        for (k, &s) in firm.stages.iter().enumerate() {
            if closure.pair_supplied(closure.pair(f as FirmIdx, k)) {
                order.push((rank[s as usize], f as FirmIdx, k as u32));
            }
        }
    }
    order.sort_unstable();

    // N per pair over firms, and over groups with two or more local firms (the same
    // recurrence with a firm's group in place of the firm; a firm without such a group
    // adds nothing).
    let mut firm_sets = NecessarySets::new(closure.pair_count());
    let mut group_sets = NecessarySets::new(if track_groups {
        closure.pair_count()
    } else {
        0
    });
    let mut alternatives: Vec<Vec<usize>> = Vec::new();
    let mut free: Vec<bool> = Vec::new();
    for &(_, f, k) in &order {
        let firm = &model.firms[f as usize];
        let s = firm.stages[k as usize];
        let stage = &model.stages[s as usize];
        alternatives.iter_mut().for_each(Vec::clear);
        alternatives.resize_with(stage.inputs.len().max(alternatives.len()), Vec::new);
        free.clear();
        // A group with an importable member is met from outside: no firm is necessary.
        free.extend(
            stage
                .inputs
                .iter()
                .map(|group| group.iter().any(|&u| state.is_importable(u))),
        );
        // Vertical integration: f's own supplied stages in a group.
        for (g, group) in stage.inputs.iter().enumerate() {
            for &u in group {
                if let Ok(j) = firm.stages.binary_search(&u) {
                    let p = closure.pair(f, j);
                    if closure.pair_supplied(p) {
                        alternatives[g].push(p);
                    }
                }
            }
        }
        // Local suppliers of a stage in a group.
        for &l in model.supply_in.get(f) {
            let link = &model.links[l as usize];
            let (Some(u), h) = (link.stage, link.source) else {
                continue;
            };
            if !state.local[h as usize] {
                continue;
            }
            let supplier = &model.firms[h as usize];
            let Ok(j) = supplier.stages.binary_search(&u) else {
                continue;
            };
            let p = closure.pair(h, j);
            if !closure.pair_supplied(p) {
                continue;
            }
            for (g, group) in stage.inputs.iter().enumerate() {
                if group.contains(&u) {
                    alternatives[g].push(p);
                }
            }
        }
        let alternatives = &alternatives[..stage.inputs.len()];
        let p = closure.pair(f, k as usize);
        let n = firm_sets.derive(Some(f), &free, alternatives);
        firm_sets.store(p, &n);
        if track_groups {
            let n = group_sets.derive(groups.of(f), &free, alternatives);
            group_sets.store(p, &n);
        }
    }

    let mut lost: Vec<BTreeSet<StageIdx>> = vec![BTreeSet::new(); model.firms.len()];
    let mut group_lost: Vec<Vec<StageIdx>> = vec![Vec::new(); groups.names.len()];
    let mut producers_in_group: Vec<u32> = vec![0; groups.names.len()];
    for s in 0..model.stages.len() as StageIdx {
        if model.stages[s as usize].tier != Tier::FinalProduct
            || !state.realised_closed[s as usize]
            || state.is_importable(s)
        {
            continue;
        }
        let supplied: Vec<usize> = state
            .local_producers(s)
            .filter_map(|f| {
                let k = model.firms[f as usize].stages.binary_search(&s).ok()?;
                let p = closure.pair(f, k);
                closure.pair_supplied(p).then_some(p)
            })
            .collect();
        let presence = state.presence[s as usize];
        let mut critical = firm_sets.common(&supplied);
        if presence == state.min_producers {
            let producers: Vec<u32> = state.local_producers(s).collect();
            union_into(&mut critical, &producers);
        }
        for f in critical {
            lost[f as usize].insert(s);
        }
        if track_groups {
            // A group is critical when every supplied producer needs it, or when losing its
            // local producers of s leaves fewer than θ.
            let mut critical = group_sets.common(&supplied);
            producers_in_group.iter_mut().for_each(|n| *n = 0);
            for f in state.local_producers(s) {
                if let Some(g) = groups.of(f) {
                    producers_in_group[g as usize] += 1;
                }
            }
            let below: Vec<u32> = (0..groups.names.len() as u32)
                .filter(|&g| {
                    let n = producers_in_group[g as usize];
                    n > 0 && presence - n < state.min_producers
                })
                .collect();
            union_into(&mut critical, &below);
            for g in critical {
                group_lost[g as usize].push(s);
            }
        }
    }
    Criticality {
        lost: lost.into_iter().map(|s| s.into_iter().collect()).collect(),
        group_lost,
        groups,
    }
}

/// Necessary sets per supplied pair, in one arena: `span[pair] = (start, len)`.
struct NecessarySets {
    arena: Vec<u32>,
    span: Vec<(u32, u32)>,
}

impl NecessarySets {
    fn new(pairs: usize) -> Self {
        NecessarySets {
            arena: Vec::new(),
            span: vec![(0, 0); pairs],
        }
    }

    /// The set of a pair already stored.
    fn get(&self, pair: usize) -> &[u32] {
        let (a, n) = self.span[pair];
        &self.arena[a as usize..(a + n) as usize]
    }

    fn store(&mut self, pair: usize, set: &[u32]) {
        self.span[pair] = (self.arena.len() as u32, set.len() as u32);
        self.arena.extend_from_slice(set);
    }

    /// `{own} ∪ ⋃_groups ⋂_alternatives N(a)`; a `free` (importable) group adds nothing,
    /// and so does a group without alternatives.
    fn derive(&self, own: Option<u32>, free: &[bool], alternatives: &[Vec<usize>]) -> Vec<u32> {
        let mut n: Vec<u32> = own.into_iter().collect();
        for (g, alts) in alternatives.iter().enumerate() {
            if free[g] {
                continue;
            }
            union_into(&mut n, &self.common(alts));
        }
        n
    }

    /// `⋂_pairs N(p)`, empty for no pairs; stops early once empty.
    fn common(&self, pairs: &[usize]) -> Vec<u32> {
        let Some((&first, rest)) = pairs.split_first() else {
            return Vec::new();
        };
        let mut acc = self.get(first).to_vec();
        for &p in rest {
            if acc.is_empty() {
                break;
            }
            intersect(&mut acc, self.get(p));
        }
        acc
    }
}

/// The groups (firms' `group` cell) with two or more local firms: the producer units whose
/// loss is more than one firm's (a group with one local firm loses what that firm loses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalGroups {
    /// Group names, sorted.
    pub names: Vec<String>,
    /// Local firms per group, aligned with `names` (each ≥ 2).
    pub local_firms: Vec<u32>,
    /// Per firm of the model, its group's index in `names` (`u32::MAX`: none, not local,
    /// or the group has fewer than two local firms).
    of_firm: Vec<u32>,
}

impl LocalGroups {
    /// Groups with at least two firms local by `local`.
    pub fn new(model: &Model, local: &[bool]) -> LocalGroups {
        let mut count: BTreeMap<&str, u32> = BTreeMap::new();
        for (f, firm) in model.firms.iter().enumerate() {
            if local[f] && !firm.group.is_empty() {
                *count.entry(firm.group.as_str()).or_default() += 1;
            }
        }
        count.retain(|_, n| *n >= 2);
        let index: BTreeMap<&str, u32> = count
            .keys()
            .enumerate()
            .map(|(i, &g)| (g, i as u32))
            .collect();
        let of_firm = model
            .firms
            .iter()
            .enumerate()
            .map(|(f, firm)| match index.get(firm.group.as_str()) {
                Some(&g) if local[f] => g,
                _ => u32::MAX,
            })
            .collect();
        LocalGroups {
            names: count.keys().map(|g| g.to_string()).collect(),
            local_firms: count.into_values().collect(),
            of_firm,
        }
    }

    /// The group of local firm `f`, when it has two or more local firms.
    pub fn of(&self, f: FirmIdx) -> Option<u32> {
        self.of_firm
            .get(f as usize)
            .copied()
            .filter(|&g| g != u32::MAX)
    }
}

/// A rank per stage such that every input ranks below the stages that take it.
pub fn stage_ranks(model: &Model) -> Vec<u32> {
    let mut rank = vec![0u32; model.stages.len()];
    for chain in &model.chains {
        for (i, s) in topological_order(model, &chain.stages)
            .into_iter()
            .enumerate()
        {
            rank[s as usize] = i as u32;
        }
    }
    rank
}

/// One firm's criticality, for output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriticalFirm {
    /// The firm id.
    pub firm: String,
    /// The firm's name.
    pub name: String,
    /// The firm's city id.
    pub city: String,
    /// Final products lost (`chain/stage`), sorted.
    pub final_products: Vec<String>,
    /// Chains that stop being complete.
    pub chains: Vec<String>,
}

/// Firms with at least one lost final product, most critical first (then by id).
pub fn ranked(
    state: &RegionState<'_>,
    c: &Criticality,
    complete_chains: &BTreeSet<u32>,
) -> Vec<CriticalFirm> {
    let model = state.model;
    let mut out: Vec<CriticalFirm> = c
        .lost
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(f, l)| {
            let (finals, chains) = lost_words(model, l, complete_chains);
            CriticalFirm {
                firm: model.firms[f].id.clone(),
                name: model.firms[f].name.clone(),
                city: model.firm_city(f as FirmIdx).id.clone(),
                final_products: finals,
                chains,
            }
        })
        .collect();
    most_lost_first(&mut out, |f| (f.final_products.len(), f.firm.as_str()));
    out
}

/// Sorts by final products lost (most first), then by name.
fn most_lost_first<T>(items: &mut [T], key: impl Fn(&T) -> (usize, &str)) {
    items.sort_by(|a, b| {
        let (a, b) = (key(a), key(b));
        b.0.cmp(&a.0).then(a.1.cmp(b.1))
    });
}

/// One group's criticality, for output: a group (two or more local firms) whose loss — all
/// its local firms at once — breaks a closed final product.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriticalGroup {
    /// The group name (firms' `group` cell).
    pub group: String,
    /// Local firms of the group (≥ 2).
    pub firms: u32,
    /// Final products lost (`chain/stage`), sorted.
    pub final_products: Vec<String>,
    /// Chains that stop being complete.
    pub chains: Vec<String>,
}

/// The lost final products as sorted keys, and the complete chains among theirs.
fn lost_words(
    model: &Model,
    lost: &[StageIdx],
    complete_chains: &BTreeSet<u32>,
) -> (Vec<String>, Vec<String>) {
    let chains: BTreeSet<String> = lost
        .iter()
        .map(|&s| model.stages[s as usize].chain)
        .filter(|ch| complete_chains.contains(ch))
        .map(|ch| model.chains[ch as usize].id.clone())
        .collect();
    let mut finals: Vec<String> = lost
        .iter()
        .map(|&s| model.stages[s as usize].key.clone())
        .collect();
    finals.sort();
    (finals, chains.into_iter().collect())
}

/// Groups with at least one lost final product, most critical first (then by name).
pub fn ranked_groups(
    state: &RegionState<'_>,
    c: &Criticality,
    complete_chains: &BTreeSet<u32>,
) -> Vec<CriticalGroup> {
    let mut out: Vec<CriticalGroup> = c
        .group_lost
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(g, l)| {
            let (final_products, chains) = lost_words(state.model, l, complete_chains);
            CriticalGroup {
                group: c.groups.names[g].clone(),
                firms: c.groups.local_firms[g],
                final_products,
                chains,
            }
        })
        .collect();
    most_lost_first(&mut out, |g| (g.final_products.len(), g.group.as_str()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let mut a = vec![1, 3, 5, 7];
        intersect(&mut a, &[3, 4, 7, 9]);
        assert_eq!(a, vec![3, 7]);
        let mut b = vec![1, 4];
        union_into(&mut b, &[2, 4, 9]);
        assert_eq!(b, vec![1, 2, 4, 9]);
    }

    #[test]
    fn necessary_sets_union_over_groups_of_intersections_over_alternatives() {
        let mut sets = NecessarySets::new(4);
        sets.store(0, &[1, 2]);
        sets.store(1, &[2, 3]);
        sets.store(2, &[5]);
        // Group 0: alternatives 0 or 1 (both need 2); group 1: only 2 (needs 5).
        let alternatives = vec![vec![0, 1], vec![2]];
        assert_eq!(
            sets.derive(Some(7), &[false, false], &alternatives),
            [2, 5, 7]
        );
        // An importable group adds nothing; no own element (a firm without a group).
        assert_eq!(sets.derive(None, &[false, true], &alternatives), [2]);
        assert!(sets.common(&[]).is_empty());
        assert_eq!(sets.common(&[0, 1]), [2]);
        assert!(sets.common(&[0, 2]).is_empty());
    }
}
