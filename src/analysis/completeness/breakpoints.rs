//! Breakpoints (断点), the root causes that keep final products unclosed, and blockages
//! (堵点), template edges with both ends present but no local trade, with candidate pairs.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;

use super::evidence::{AbsenceRef, StageStatus};
use super::{RegionState, stage_id};
use crate::analysis::size::{SizeBasis, sort_largest_first};
use crate::model::{FirmIdx, Kind, StageIdx};

/// Why a breakpoint keeps final products unclosed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakReason {
    /// No local producer, and a confirmed absence applies to the region.
    Absent,
    /// No local producer in the data (fewer than θ) and no absence: not proof of absence.
    NoData,
    /// Local producers exist and closed inputs exist, but they do not buy them locally.
    Blocked,
}

impl BreakReason {
    /// The name used in JSON and CSV (`absent`, `no_data`, `blocked`).
    pub fn as_str(self) -> &'static str {
        match self {
            BreakReason::Absent => "absent",
            BreakReason::NoData => "no_data",
            BreakReason::Blocked => "blocked",
        }
    }

    /// The stage has no local producer (`absent` or `no_data`).
    pub fn no_local_producer(self) -> bool {
        self != BreakReason::Blocked
    }
}

/// A root cause (断点) that keeps final products of a chain unclosed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakpoint {
    /// The stage id.
    pub stage: String,
    /// `absent` (no local producer, a confirmed absence applies), `no_data` (fewer than θ
    /// local producers, no absence) or `blocked` (present, with a closed member in every
    /// input group, but not closed).
    pub reason: BreakReason,
    /// Number of unclosed final products whose downward walk reaches this stage (≥ 1).
    pub blocks: usize,
    /// The final products it blocks, sorted.
    pub final_products: Vec<String>,
    /// For `absent`, the absence it rests on; otherwise `None`.
    pub absence: Option<AbsenceRef>,
}

/// The downward walk from each final product not `closed`: a root is an unclosed stage not
/// `present` (not descended), or a present unclosed stage whose every input group has a
/// closed member (`blocked` = true); a present unclosed stage otherwise descends into each
/// input group with no closed member. Returns (final, root, blocked) triples, each final's
/// roots once.
pub(super) fn walk(
    state: &RegionState<'_>,
    finals: &[StageIdx],
    closed: &[bool],
    present: impl Fn(StageIdx) -> bool,
) -> Vec<(StageIdx, StageIdx, bool)> {
    let model = state.model;
    let mut roots = Vec::new();
    for &f in finals {
        if closed[f as usize] {
            continue;
        }
        let mut seen = HashSet::new();
        let mut stack = vec![f];
        while let Some(s) = stack.pop() {
            if !seen.insert(s) {
                continue;
            }
            if !present(s) {
                roots.push((f, s, false));
                continue;
            }
            let open_groups: Vec<&Vec<StageIdx>> = model.stages[s as usize]
                .inputs
                .iter()
                .filter(|g| !g.iter().any(|&u| closed[u as usize]))
                .collect();
            if open_groups.is_empty() {
                roots.push((f, s, true));
            } else {
                stack.extend(open_groups.into_iter().flatten().copied());
            }
        }
    }
    roots
}

/// Root causes of the unclosed final products (see the module header), walked on the
/// pessimistic closure `closed`.
pub fn breakpoints(
    state: &RegionState<'_>,
    finals: &[StageIdx],
    closed: &[bool],
) -> Vec<Breakpoint> {
    let model = state.model;
    let evidence = state.evidence();
    let mut found: BTreeMap<(String, BreakReason), (StageIdx, BTreeSet<String>)> = BTreeMap::new();
    for (f, s, blocked) in walk(state, finals, closed, |s| state.present(s)) {
        let reason = if blocked {
            BreakReason::Blocked
        } else if evidence.status[s as usize] == StageStatus::Absent {
            BreakReason::Absent
        } else {
            BreakReason::NoData
        };
        found
            .entry((stage_id(model, s), reason))
            .or_insert_with(|| (s, BTreeSet::new()))
            .1
            .insert(stage_id(model, f));
    }
    found
        .into_iter()
        .map(|((stage, reason), (s, finals))| Breakpoint {
            stage,
            reason,
            blocks: finals.len(),
            final_products: finals.into_iter().collect(),
            absence: if reason == BreakReason::Absent {
                evidence.absence_ref(model, s)
            } else {
                None
            },
        })
        .collect()
}

/// The confirmed absences an open final product fails on: the roots of the walk on the
/// optimistic closure (each is an absent stage), as sorted stage ids; and, of those, the
/// ones that decide it (see [`decides`]).
pub fn fails_on(state: &RegionState<'_>, finals: &[StageIdx]) -> Vec<(Vec<String>, Vec<String>)> {
    let model = state.model;
    let evidence = state.evidence();
    let roots = walk(state, finals, &evidence.optimistic_closed, |s| {
        evidence.optimistic_present[s as usize]
    });
    let order = crate::analysis::closure::template_order(model);
    // Per absent root a: the closure with every stage but a present, computed once however
    // many finals a blocks.
    let mut without: BTreeMap<StageIdx, Vec<bool>> = BTreeMap::new();
    let ids = |stages: &[StageIdx]| -> Vec<String> {
        let mut v: Vec<String> = stages.iter().map(|&s| stage_id(model, s)).collect();
        v.sort_unstable();
        v
    };
    finals
        .iter()
        .map(|&f| {
            let absent: Vec<StageIdx> = roots
                .iter()
                .filter(|&&(g, _, blocked)| g == f && !blocked)
                .map(|&(_, s, _)| s)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let deciding: Vec<StageIdx> = absent
                .iter()
                .copied()
                .filter(|&a| {
                    !without
                        .entry(a)
                        .or_insert_with(|| closed_without(state, &order, a))[f as usize]
                })
                .collect();
            (ids(&absent), ids(&deciding))
        })
        .collect()
}

/// The structural closure with every stage present but `a` (importable stages given): a
/// final it leaves open is one `a` alone keeps open, whatever else is found. An absence
/// that does not decide is one an alternative route goes around (yarn from polyester when
/// cotton is absent), or one another absence blocks anyway. O(stages + template edges).
fn closed_without(state: &RegionState<'_>, order: &[StageIdx], a: StageIdx) -> Vec<bool> {
    let model = state.model;
    let present: Vec<bool> = (0..model.stages.len()).map(|s| s != a as usize).collect();
    crate::analysis::closure::structural_given(model, order, &present, &state.importable)
}

/// A blockage (堵点): a template edge u → s with both stages present in the region but no
/// local trade along it (no local supply link of u into a local producer of s, and no local
/// firm making both).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blockage {
    /// The input stage u.
    pub from: String,
    /// The consuming stage s.
    pub to: String,
    /// Local producers of u.
    pub suppliers: usize,
    /// Local producers of s.
    pub buyers: usize,
    /// What "larger" means for the suppliers (`employment`, `revenue` or `supply_degree`:
    /// the first that every local producer of u has).
    pub suppliers_ranked_by: SizeBasis,
    /// The same for the buyers (local producers of s).
    pub buyers_ranked_by: SizeBasis,
    /// Best local supplier → buyer pairs to introduce: same city first, then larger firms
    /// (the sum of the two firms' ranks on their sides), then ids. Only actors of kind
    /// `firm` are paired.
    pub candidates: Vec<PairCandidate>,
    /// Local producers at either end that are not of kind `firm` (a trade fair or market
    /// platform, a lab …) and so are not paired: a marketplace hosts trade, it does not buy,
    /// so "no link" there says little. By id.
    pub not_paired: Vec<NotPaired>,
}

/// A local producer at a blockage's end that is not paired because it is not a firm.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotPaired {
    /// Its id.
    pub firm: String,
    /// Its kind (`platform`, `lab`, …).
    pub kind: Kind,
}

/// A local supplier → buyer pair that would realise a blockage's edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairCandidate {
    /// Firm id of a local producer of the input stage.
    pub supplier: String,
    /// The supplier's city id.
    pub supplier_city: String,
    /// Firm id of a local producer of the consuming stage.
    pub buyer: String,
    /// The buyer's city id.
    pub buyer_city: String,
    /// Supplier and buyer are in the same city (such pairs are listed first).
    pub same_city: bool,
    /// Supplier and buyer share a non-empty `group`: an in-group flow the data may simply
    /// not record, not two firms to introduce.
    pub same_group: bool,
}

/// A blockage with its best candidate pairs: same city first, then larger firms (each side
/// ranked largest first on its own size basis, [`sort_largest_first`]; a pair's rank is the
/// sum of its two ranks), then ids — never name order alone. Only the `limit` largest
/// producers on each side per city are paired, so the cost stays O(P log P) however many
/// producers there are.
pub(super) fn blockage(
    state: &RegionState<'_>,
    u: StageIdx,
    s: StageIdx,
    limit: usize,
) -> Blockage {
    let model = state.model;
    let mut suppliers: Vec<FirmIdx> = state.local_producers(u).collect();
    let suppliers_ranked_by = sort_largest_first(model, &mut suppliers);
    let mut buyers: Vec<FirmIdx> = state.local_producers(s).collect();
    let buyers_ranked_by = sort_largest_first(model, &mut buyers);
    let (supplier_count, buyer_count) = (suppliers.len(), buyers.len());
    let is_firm = |f: &FirmIdx| model.firms[*f as usize].kind == Kind::Firm;
    let mut not_paired: Vec<NotPaired> = suppliers
        .iter()
        .chain(&buyers)
        .filter(|f| !is_firm(f))
        .map(|&f| NotPaired {
            firm: model.firms[f as usize].id.clone(),
            kind: model.firms[f as usize].kind,
        })
        .collect();
    not_paired.sort_by(|a, b| a.firm.cmp(&b.firm));
    not_paired.dedup();
    suppliers.retain(is_firm);
    buyers.retain(is_firm);
    let rank_of = |list: &[FirmIdx]| -> BTreeMap<FirmIdx, usize> {
        list.iter().enumerate().map(|(i, &f)| (f, i)).collect()
    };
    let (supplier_rank, buyer_rank) = (rank_of(&suppliers), rank_of(&buyers));
    let size = |(a, b): (FirmIdx, FirmIdx)| supplier_rank[&a] + buyer_rank[&b];
    let mut pool: BTreeSet<(FirmIdx, FirmIdx)> = BTreeSet::new();
    let mut per_city: BTreeMap<u32, (Vec<FirmIdx>, Vec<FirmIdx>)> = BTreeMap::new();
    for &f in &suppliers {
        per_city
            .entry(model.firms[f as usize].city)
            .or_default()
            .0
            .push(f);
    }
    for &f in &buyers {
        per_city
            .entry(model.firms[f as usize].city)
            .or_default()
            .1
            .push(f);
    }
    for (sup, buy) in per_city.values() {
        for &a in sup.iter().take(limit) {
            for &b in buy.iter().take(limit) {
                pool.insert((a, b));
            }
        }
    }
    for &a in suppliers.iter().take(limit) {
        for &b in buyers.iter().take(limit) {
            pool.insert((a, b));
        }
    }
    let mut pairs: Vec<(FirmIdx, FirmIdx)> = pool.into_iter().filter(|(a, b)| a != b).collect();
    let same =
        |(a, b): (FirmIdx, FirmIdx)| model.firms[a as usize].city == model.firms[b as usize].city;
    pairs.sort_by(|&x, &y| {
        same(y)
            .cmp(&same(x))
            .then(size(x).cmp(&size(y)))
            .then(
                model.firms[x.0 as usize]
                    .id
                    .cmp(&model.firms[y.0 as usize].id),
            )
            .then(
                model.firms[x.1 as usize]
                    .id
                    .cmp(&model.firms[y.1 as usize].id),
            )
    });
    pairs.truncate(limit);
    Blockage {
        from: stage_id(model, u),
        to: stage_id(model, s),
        suppliers: supplier_count,
        buyers: buyer_count,
        suppliers_ranked_by,
        buyers_ranked_by,
        candidates: pairs
            .into_iter()
            .map(|(a, b)| PairCandidate {
                supplier: model.firms[a as usize].id.clone(),
                supplier_city: model.firm_city(a).id.clone(),
                buyer: model.firms[b as usize].id.clone(),
                buyer_city: model.firm_city(b).id.clone(),
                same_city: same((a, b)),
                same_group: {
                    let (ga, gb) = (
                        &model.firms[a as usize].group,
                        &model.firms[b as usize].group,
                    );
                    !ga.is_empty() && ga == gb
                },
            })
            .collect(),
        not_paired,
    }
}
