//! Investment-attraction shortlist (招商清单): for each breakpoint of a chain without a
//! local producer, the outside firms in the dataset that produce the stage, ranked by how
//! many of the region's final products (all chains) would become closed if the firm arrived
//! as a local producer: in realised closure, with its current links; in structural closure
//! (the report's default), as a producer of its stages (the mode of the breakpoints).
//!
//! Only a confirmed-`absent` stage gets real proposals (`action` `attract`); for a
//! `no_data` stage the region may well have a producer the data lacks, so the shortlist
//! says to check for local producers first and lists the outside ones as reference
//! (`check_local_first`). Each candidate names its `group`, the local firms of that group
//! (`group_local`: an existing relationship, not a new investor) and the other breakpoints
//! blocking the same final products (`also_needed`), which explain a zero.
//!
//! In structural closure a candidate is evaluated by one pass of
//! [`crate::analysis::closure::structural_given`] with its stages present (O(stages +
//! template edges)). In realised closure it is evaluated by continuing the finished
//! realised fixpoint with the firm admitted ([`crate::analysis::closure::RealisedClosure::admit`]); the fixpoint is
//! monotone, so this gives the same answer as recomputing from scratch, at the cost of one
//! state copy plus the newly supplied pairs. At most [`MAX_EVALUATED`] candidates per stage
//! are evaluated (the largest on the size basis, then by id); the rest are counted in
//! `not_evaluated`.
//!
//! Ranking: final products closed (more first), then size on one basis for the whole list
//! ([`SizeBasis`]: employment, else revenue, else supply links), then firm id.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::completeness::{BreakReason, Breakpoint, ChainCompleteness, Mode, RegionState};
use super::size::{SizeBasis, sort_largest_first};
use super::stage_name;
use crate::model::{FirmIdx, Model, StageIdx, Tier};

/// Candidates evaluated per missing stage; the rest are counted in `not_evaluated`.
pub const MAX_EVALUATED: usize = 50;

/// What the shortlist of a stage proposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A confirmed absence: the candidates are real proposals.
    Attract,
    /// A confirmed absence of a raw material (a deposit, a farm): it cannot be attracted,
    /// only bought; the candidates are the outside sources to secure.
    SecureSupply,
    /// No producer in the data, which is not proof that the region has none: look for
    /// local producers first; the outside ones are listed for reference only.
    CheckLocalFirst,
}

impl Action {
    /// The name used in JSON (`attract`, `secure_supply`, `check_local_first`).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Attract => "attract",
            Action::SecureSupply => "secure_supply",
            Action::CheckLocalFirst => "check_local_first",
        }
    }
}

/// The investment-attraction shortlist (招商清单) of one stage without a local producer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shortlist {
    /// The chain id.
    pub chain: String,
    /// The stage id (an `absent` or `no_data` breakpoint).
    pub stage: String,
    /// The breakpoint's reason: `absent` or `no_data`.
    pub stage_status: BreakReason,
    /// `attract` (confirmed absent) or `check_local_first` (no data).
    pub action: Action,
    /// The size basis that ranks candidates closing as many final products:
    /// `employment`, `revenue` or `supply_degree`.
    pub ranked_by: SizeBasis,
    /// "ranked by final products closed, then employees" — the label of the tables.
    pub ranking: String,
    /// The shortlist's sentence: "attract: top-ranked outside producers of …" or "check for
    /// local producers first: …; outside producers for reference: …".
    pub advice: String,
    /// Outside producers of the stage, most final products closed first, then largest on
    /// `ranked_by`, then id.
    pub candidates: Vec<Candidate>,
    /// Outside producers beyond the [`MAX_EVALUATED`] largest, not evaluated.
    pub not_evaluated: usize,
}

/// An outside producer of a stage and what its arrival would close.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The firm id.
    pub firm: String,
    /// The firm's name.
    pub name: String,
    /// The firm's group; `None` when the group cell is empty.
    pub group: Option<String>,
    /// Ids of local firms of the same group, sorted: an existing relationship, not a new
    /// investor.
    pub group_local: Vec<String>,
    /// The firm's city id (outside the region).
    pub city: String,
    /// The country of that city.
    pub country: String,
    /// The firm's employees; `None` when unknown.
    pub employees: Option<f64>,
    /// The firm's revenue (CNY million); `None` when unknown.
    pub revenue: Option<f64>,
    /// Supply links out of the firm (the last size basis).
    pub supply_degree: usize,
    /// Final products of the region (`chain/stage`) that would close.
    pub closes: Vec<String>,
    /// The other breakpoints of the chain (stage ids) blocking a final product this stage
    /// blocks, sorted; a stage the firm itself produces is not listed (it brings it).
    pub also_needed: Vec<String>,
    /// "closes nothing alone: X and Y are also missing", "already present locally through
    /// its group: a, b" (joined by "; "); `None` when there is nothing to say.
    pub note: Option<String>,
}

/// Shortlists for the breakpoints without a local producer (`absent`, `no_data`) of one
/// chain's result.
pub fn shortlists(
    state: &RegionState<'_>,
    chain: &ChainCompleteness,
    mode: Mode,
) -> Vec<Shortlist> {
    let model = state.model;
    let order = crate::analysis::closure::template_order(model);
    let Some(chain_idx) = model.chain(&chain.chain) else {
        return Vec::new();
    };
    let chain_id = &model.chains[chain_idx as usize].id;
    let finals: Vec<StageIdx> = (0..model.stages.len() as StageIdx)
        .filter(|&s| model.stages[s as usize].tier == Tier::FinalProduct)
        .collect();
    let picked: Vec<(&Breakpoint, Vec<FirmIdx>, SizeBasis, usize, bool)> = chain
        .breakpoints
        .iter()
        .filter(|b| b.reason.no_local_producer())
        .filter_map(|b| {
            let stage = model.stage(&format!("{chain_id}/{}", b.stage))?;
            let mut outside: Vec<FirmIdx> = model
                .producers
                .get(stage)
                .iter()
                .copied()
                .filter(|&f| !state.local[f as usize])
                .collect();
            let basis = sort_largest_first(model, &mut outside);
            // No size on the basis tells the candidates apart: the order is by id.
            let tied = outside
                .windows(2)
                .all(|w| basis.size(model, w[0]) == basis.size(model, w[1]));
            let not_evaluated = outside.len().saturating_sub(MAX_EVALUATED);
            outside.truncate(MAX_EVALUATED);
            Some((b, outside, basis, not_evaluated, tied))
        })
        .collect();
    let groups = local_group_members(state, picked.iter().flat_map(|p| p.1.iter().copied()));
    // Structural: each stage of the chain with no local producer (below the breakpoints
    // too), with the closure that has every stage but it present — a stage that alone keeps
    // a final open is needed whatever else arrives.
    let missing: Vec<(StageIdx, Vec<bool>)> = match mode {
        Mode::Realised => Vec::new(),
        Mode::Structural => model.chains[chain_idx as usize]
            .stages
            .iter()
            .copied()
            .filter(|&s| !state.present(s) && !state.importable[s as usize])
            .map(|s| {
                let present: Vec<bool> = (0..model.stages.len()).map(|x| x != s as usize).collect();
                let without = crate::analysis::closure::structural_given(
                    model,
                    &order,
                    &present,
                    &state.importable,
                );
                (s, without)
            })
            .collect(),
    };
    picked
        .into_iter()
        .map(|(b, outside, basis, not_evaluated, tied)| {
            let mut candidates: Vec<(FirmIdx, Candidate)> = outside
                .into_iter()
                .map(|f| {
                    let mut k = evaluate(state, &finals, f, mode, &order);
                    k.group_local = groups
                        .get(k.group.as_deref().unwrap_or(""))
                        .map_or_else(Vec::new, |members| members.iter().cloned().collect());
                    let (needed, brought) = match mode {
                        Mode::Realised => also_needed(model, chain, b, chain_id, f, &k.closes),
                        Mode::Structural => {
                            also_needed_structural(model, b, chain_id, f, &k.closes, &missing)
                        }
                    };
                    k.also_needed = needed;
                    let closes_own = b
                        .final_products
                        .iter()
                        .any(|p| k.closes.contains(&format!("{chain_id}/{p}")));
                    k.note = note(chain, &k, &brought, mode, closes_own);
                    (f, k)
                })
                .collect();
            candidates.sort_by(|(fa, a), (fb, b)| {
                b.closes
                    .len()
                    .cmp(&a.closes.len())
                    .then_with(|| basis.larger_first(model, *fa, *fb))
            });
            let candidates: Vec<Candidate> = candidates.into_iter().map(|(_, k)| k).collect();
            let raw_material = model
                .stage(&format!("{chain_id}/{}", b.stage))
                .is_some_and(|s| model.stages[s as usize].tier == Tier::RawMaterial);
            let action = match (b.reason, raw_material) {
                (BreakReason::Absent, true) => Action::SecureSupply,
                (BreakReason::Absent, false) => Action::Attract,
                _ => Action::CheckLocalFirst,
            };
            let advice = advice(
                action,
                &stage_name(model, &chain.chain, &b.stage),
                &candidates,
                tied,
                basis,
            );
            Shortlist {
                chain: chain.chain.clone(),
                stage: b.stage.clone(),
                stage_status: b.reason,
                action,
                ranked_by: basis,
                ranking: if tied && candidates.len() > 1 {
                    "ranked by final products closed, then firm id (no size figure tells these producers apart)".to_string()
                } else {
                    format!("ranked by final products closed, then {}", basis.words())
                },
                advice,
                candidates,
                not_evaluated,
            }
        })
        .collect()
}

/// Local firm ids per group, for the groups of `candidates` only (one pass over firms).
fn local_group_members(
    state: &RegionState<'_>,
    candidates: impl Iterator<Item = FirmIdx>,
) -> BTreeMap<String, BTreeSet<String>> {
    let model = state.model;
    let mut groups: BTreeMap<String, BTreeSet<String>> = candidates
        .map(|f| model.firms[f as usize].group.clone())
        .filter(|g| !g.is_empty())
        .map(|g| (g, BTreeSet::new()))
        .collect();
    if groups.is_empty() {
        return groups;
    }
    for (f, firm) in model.firms.iter().enumerate() {
        if !state.local[f] {
            continue;
        }
        if let Some(members) = groups.get_mut(&firm.group) {
            members.insert(firm.id.clone());
        }
    }
    groups
}

/// The other breakpoints of the chain that block a final product `b` blocks, split into
/// those `firm` does not make (`also_needed`) and those it makes itself (it brings them);
/// each sorted, deduplicated.
fn also_needed(
    model: &Model,
    chain: &ChainCompleteness,
    b: &Breakpoint,
    chain_id: &str,
    firm: FirmIdx,
    closes: &[String],
) -> (Vec<String>, Vec<String>) {
    let brings = |stage: &str| {
        model
            .stage(&format!("{chain_id}/{stage}"))
            .is_some_and(|s| model.firms[firm as usize].produces(s))
    };
    // Only the finals the candidate leaves open: another breakpoint of a final it closes
    // (an alternative input it makes unnecessary) is not needed.
    let still_open =
        |p: &String| b.final_products.contains(p) && !closes.contains(&format!("{chain_id}/{p}"));
    chain
        .breakpoints
        .iter()
        .filter(|o| o.stage != b.stage)
        .filter(|o| o.final_products.iter().any(still_open))
        .map(|o| o.stage.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .partition(|stage| !brings(stage))
}

/// Structural `also_needed`: the stages of the chain with no local producer (`missing`,
/// each with its all-but-it closure) that alone keep open a final `b` blocks and the
/// candidate does not close — a stage below the breakpoints included (rare-earth ore under
/// a missing magnet stage), a stage an alternative route bypasses left out (nickel ore when
/// LFP cathodes need none); split as in [`also_needed`].
fn also_needed_structural(
    model: &Model,
    b: &Breakpoint,
    chain_id: &str,
    firm: FirmIdx,
    closes: &[String],
    missing: &[(StageIdx, Vec<bool>)],
) -> (Vec<String>, Vec<String>) {
    let open: Vec<StageIdx> = b
        .final_products
        .iter()
        .filter(|p| !closes.contains(&format!("{chain_id}/{p}")))
        .filter_map(|p| model.stage(&format!("{chain_id}/{p}")))
        .collect();
    let (mut needed, mut brought) = (BTreeSet::new(), BTreeSet::new());
    for (s, without) in missing {
        let id = super::completeness::stage_id(model, *s);
        if id == b.stage || !open.iter().any(|&f| !without[f as usize]) {
            continue;
        }
        if model.firms[firm as usize].produces(*s) {
            brought.insert(id);
        } else {
            needed.insert(id);
        }
    }
    (needed.into_iter().collect(), brought.into_iter().collect())
}

/// "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The candidate's note: why it closes nothing (the other breakpoints by stage id; `brought`
/// are those it makes itself), and its local group members.
fn note(
    chain: &ChainCompleteness,
    k: &Candidate,
    brought: &[String],
    mode: Mode,
    closes_own: bool,
) -> Option<String> {
    let mut parts = Vec::new();
    // Why it closes none of the finals this breakpoint blocks (it may close a final of
    // another chain: `closes` names it).
    if !closes_own {
        let reason_of = |stage: &str| {
            chain
                .breakpoints
                .iter()
                .find(|o| o.stage == stage)
                .map(|o| o.reason)
        };
        let named = |blocked: bool| -> Vec<String> {
            k.also_needed
                .iter()
                .filter(|s| (reason_of(s) == Some(BreakReason::Blocked)) == blocked)
                .cloned()
                .collect()
        };
        let (missing, blocked) = (named(false), named(true));
        let be = |n: &[String]| if n.len() == 1 { "is" } else { "are" };
        let mut why = Vec::new();
        if !missing.is_empty() {
            why.push(format!(
                "{} {} also missing",
                and_list(&missing),
                be(&missing)
            ));
        }
        if !blocked.is_empty() {
            why.push(format!(
                "{} {} also blocked (local producers that do not buy their inputs locally)",
                and_list(&blocked),
                be(&blocked)
            ));
        }
        if why.is_empty() {
            let others = if brought.is_empty() {
                "no other stage is missing".to_string()
            } else {
                format!(
                    "it makes the other missing stages itself ({})",
                    and_list(brought)
                )
            };
            why.push(match mode {
                Mode::Realised => format!(
                    "{others}, but its recorded supply links do not tie it into the local chain (realised closure counts recorded trade)"
                ),
                // The walk stops at a stage with no producer, so a missing stage below a
                // breakpoint is no breakpoint itself; or θ > 1 leaves a stage short.
                Mode::Structural => format!(
                    "{others} among the breakpoints, but its products still do not close with it: a stage below has no local producer in the data, or fewer than the threshold"
                ),
            });
        }
        parts.push(format!(
            "{} alone: {}",
            if k.closes.is_empty() {
                "closes nothing"
            } else {
                "closes none of this chain's final products"
            },
            why.join("; ")
        ));
    }
    if !k.group_local.is_empty() {
        parts.push(format!(
            "already present locally through its group: {}",
            k.group_local.join(", ")
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The shortlist's sentence (the top three candidates by name and city). When no candidate
/// would close a final product alone, the ranking is by size only, and "top-ranked" would
/// claim more than it says: the sentence names the size figure instead (or says that none
/// tells them apart). For a raw material, "would close" means "if its supply counted as
/// local": a mine or a farm cannot move, so the sentence says that.
fn advice(
    action: Action,
    stage: &str,
    candidates: &[Candidate],
    tied: bool,
    basis: SizeBasis,
) -> String {
    let top: Vec<String> = candidates
        .iter()
        .take(3)
        .map(|k| format!("{} ({}, {})", k.name, k.city, k.country))
        .collect();
    let listed = if top.is_empty() {
        "none in the data".to_string()
    } else {
        top.join(", ")
    };
    let ranked = if candidates.iter().any(|k| !k.closes.is_empty()) {
        if action == Action::SecureSupply {
            "outside sources (ranked by the final products this stage would close if its supply counted as local)".to_string()
        } else {
            "top-ranked outside producers".to_string()
        }
    } else if tied && candidates.len() > 1 {
        "outside producers (none would close a final product alone, and no size data tells them apart, so they are listed by id)".to_string()
    } else {
        format!(
            "outside producers (none would close a final product alone, so they are listed by size: {})",
            basis.words()
        )
    };
    match action {
        Action::Attract => format!(
            "attract: no producer of {stage} in the region (recorded absence); {ranked}: {listed}"
        ),
        Action::SecureSupply => format!(
            "secure supply: {stage} is a raw material recorded absent from the region (a deposit or a farm cannot be attracted, only bought); {ranked}: {listed}"
        ),
        Action::CheckLocalFirst => format!(
            "check for local producers first: no producer of {stage} in the region in the data is not proof that there is none; outside producers for reference: {listed}"
        ),
    }
}

fn evaluate(
    state: &RegionState<'_>,
    finals: &[StageIdx],
    firm: FirmIdx,
    mode: Mode,
    order: &[StageIdx],
) -> Candidate {
    let model = state.model;
    let newcomer = &model.firms[firm as usize];
    let present_with = |s: StageIdx| {
        state.presence[s as usize] + u32::from(newcomer.produces(s)) >= state.min_producers
    };
    let closed: Vec<StageIdx> = match mode {
        Mode::Structural => {
            let present: Vec<bool> = (0..model.stages.len() as StageIdx)
                .map(present_with)
                .collect();
            let closed = crate::analysis::closure::structural_given(
                model,
                order,
                &present,
                &state.importable,
            );
            finals
                .iter()
                .copied()
                .filter(|&s| !state.structural_closed[s as usize] && closed[s as usize])
                .collect()
        }
        Mode::Realised => {
            let mut closure = state.realised.clone();
            closure.admit(model, &state.consumers, firm);
            finals
                .iter()
                .copied()
                .filter(|&s| !state.realised_closed[s as usize])
                .filter(|&s| {
                    present_with(s)
                        && model
                            .producers
                            .get(s)
                            .iter()
                            .any(|&f| closure.is_local(f) && closure.is_supplied(model, f, s))
                })
                .collect()
        }
    };
    let closes = closed
        .into_iter()
        .map(|s| model.stages[s as usize].key.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let city = model.firm_city(firm);
    Candidate {
        firm: newcomer.id.clone(),
        name: newcomer.name.clone(),
        group: (!newcomer.group.is_empty()).then(|| newcomer.group.clone()),
        group_local: Vec::new(),
        city: city.id.clone(),
        country: city.country.clone(),
        employees: newcomer.employees,
        revenue: newcomer.revenue,
        supply_degree: model.supply_out.get(firm).len(),
        closes,
        also_needed: Vec::new(),
        note: None,
    }
}
