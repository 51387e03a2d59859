//! What the data can show: the status of each stage (`present`, `absent`, `unknown`), where
//! the nearest producers are, the optimistic bound, the boundary ladder and the import tiers
//! behind `complete_from` / `possible_from`, computed once per region state.
//!
//! Every closure here is one structural pass ([`structural_given`]) with a mask: the
//! optimistic bound treats unknown stages as present, the ladder counts producers in the
//! region, then in the region's countries, then anywhere, and each import tier gives every
//! stage of a lower tier. Importable stages are given in all of them. Cost: one pass over
//! the firm-stage pairs, one over the absences (× the region's cities) and 3 + 2 × tiers
//! structural passes of O(stages + template edges).

use std::collections::BTreeSet;

use serde::Serialize;

use super::RegionState;
use crate::analysis::closure::{structural_given, template_order};
use crate::model::{Evidence, Model, StageIdx, Tier, Vocabulary};

/// What the data says about a stage in the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    /// At least θ local producers.
    Present,
    /// No local producer, and a confirmed absence (absences.csv) applies to the region.
    Absent,
    /// Neither: no producer in the data (or fewer than θ), which is not proof of absence.
    Unknown,
}

impl StageStatus {
    /// The name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            StageStatus::Present => "present",
            StageStatus::Absent => "absent",
            StageStatus::Unknown => "unknown",
        }
    }
}

/// Where the nearest producers in the data are, for a stage not present in the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Nearest {
    /// In the region's countries (the union of the countries of its cities).
    Country,
    /// Only in other countries.
    World,
}

impl Nearest {
    /// The name used in JSON, CSV and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Nearest::Country => "country",
            Nearest::World => "world",
        }
    }
}

/// The smallest area within which a final product closes (boundary ladder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Within {
    /// With the region's own producers.
    Region,
    /// With the producers of the region's countries.
    Country,
    /// Only with producers anywhere in the data.
    World,
}

impl Within {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Within::Region => "region",
            Within::Country => "country",
            Within::World => "world",
        }
    }
}

/// The confirmed absence a stage's status rests on: `{area, evidence, source_ref, note}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AbsenceRef {
    /// The area of the absence as written (a city, region or country).
    pub area: String,
    /// How well the absence is established.
    pub evidence: Evidence,
    /// The source that says so (may be empty for `assumed`).
    pub source_ref: String,
    /// The row's note: the inference behind an estimated absence, doubts (empty when none).
    pub note: String,
}

/// Per-stage evidence of one region state (see the module header).
#[derive(Debug, Clone)]
pub struct EvidenceView {
    /// Per stage: its status.
    pub status: Vec<StageStatus>,
    /// Per stage: for a stage not present, where the data has a producer.
    pub nearest: Vec<Option<Nearest>>,
    /// Per stage: the index in `Model::absences` of the absence an `absent` stage rests on
    /// (the best-evidenced applying row, then the first in file order).
    pub absence: Vec<Option<usize>>,
    /// Per stage: present in the optimistic bound (not absent).
    pub optimistic_present: Vec<bool>,
    /// Per stage: closed in the optimistic bound (structural, unknown stages present,
    /// importable stages given).
    pub optimistic_closed: Vec<bool>,
    /// Per stage: the boundary ladder's answer (structural pessimistic closure with the
    /// region's, then the countries', then every producer as local).
    pub closes_within: Vec<Option<Within>>,
    /// Per tier up to final_product (ascending): the pessimistic and the optimistic
    /// structural closure when every stage of a lower tier is imported too.
    pub import_tiers: Vec<(Tier, Vec<bool>, Vec<bool>)>,
}

impl EvidenceView {
    /// Computes the view of a region state.
    pub fn new(state: &RegionState<'_>) -> EvidenceView {
        let model = state.model;
        let region = state.region;
        let n = model.stages.len();
        let countries: BTreeSet<&str> = region
            .local_cities()
            .map(|c| model.cities[c as usize].country.as_str())
            .collect();
        let in_country: Vec<bool> = model
            .cities
            .iter()
            .map(|c| countries.contains(c.country.as_str()))
            .collect();
        // Producers per stage counted at the country and world levels: local firms, plus
        // firms outside the region's cities (within its countries / anywhere).
        let mut country_count = vec![0u32; n];
        let mut world_count = vec![0u32; n];
        for (f, firm) in model.firms.iter().enumerate() {
            let local = state.local[f];
            if !local && region.contains_city(firm.city) {
                continue; // removed from the region by a scenario
            }
            let domestic = local || in_country[firm.city as usize];
            for &s in &firm.stages {
                world_count[s as usize] += 1;
                country_count[s as usize] += u32::from(domestic);
            }
        }
        let mut absence: Vec<Option<usize>> = vec![None; n];
        for (i, row) in model.absences.iter().enumerate() {
            let s = row.stage as usize;
            if state.presence[s] > 0 || !model.absence_applies(row, region) {
                continue;
            }
            let better = match absence[s] {
                None => true,
                Some(j) => row.evidence < model.absences[j].evidence,
            };
            if better {
                absence[s] = Some(i);
            }
        }
        let status: Vec<StageStatus> = (0..n)
            .map(|s| {
                if state.present(s as StageIdx) {
                    StageStatus::Present
                } else if absence[s].is_some() {
                    StageStatus::Absent
                } else {
                    StageStatus::Unknown
                }
            })
            .collect();
        let nearest = (0..n)
            .map(|s| match status[s] {
                StageStatus::Present => None,
                _ if country_count[s] > 0 => Some(Nearest::Country),
                _ if world_count[s] > 0 => Some(Nearest::World),
                _ => None,
            })
            .collect();
        let order = template_order(model);
        let given = &state.importable;
        let present: Vec<bool> = (0..n).map(|s| state.present(s as StageIdx)).collect();
        let optimistic_present: Vec<bool> =
            status.iter().map(|&s| s != StageStatus::Absent).collect();
        let optimistic_closed = structural_given(model, &order, &optimistic_present, given);
        let theta = state.min_producers;
        let at_least = |counts: &[u32]| counts.iter().map(|&c| c >= theta).collect::<Vec<_>>();
        let country_closed = structural_given(model, &order, &at_least(&country_count), given);
        let world_closed = structural_given(model, &order, &at_least(&world_count), given);
        let closes_within = (0..n)
            .map(|s| {
                if state.structural_closed[s] {
                    Some(Within::Region)
                } else if country_closed[s] {
                    Some(Within::Country)
                } else if world_closed[s] {
                    Some(Within::World)
                } else {
                    None
                }
            })
            .collect();
        let import_tiers = Tier::ALL
            .iter()
            .copied()
            .filter(|&t| t <= Tier::FinalProduct)
            .map(|t| {
                let given: Vec<bool> = model
                    .stages
                    .iter()
                    .zip(given)
                    .map(|(stage, &g)| g || stage.tier < t)
                    .collect();
                (
                    t,
                    structural_given(model, &order, &present, &given),
                    structural_given(model, &order, &optimistic_present, &given),
                )
            })
            .collect();
        EvidenceView {
            status,
            nearest,
            absence,
            optimistic_present,
            optimistic_closed,
            closes_within,
            import_tiers,
        }
    }

    /// The absence an absent stage rests on, as printed.
    pub fn absence_ref(&self, model: &Model, s: StageIdx) -> Option<AbsenceRef> {
        self.absence[s as usize].map(|i| {
            let row = &model.absences[i];
            AbsenceRef {
                area: row.area_id.clone(),
                evidence: row.evidence,
                source_ref: row.source_ref.clone(),
                note: row.note.clone(),
            }
        })
    }

    /// `complete_from` (pessimistic) or `possible_from` (optimistic) of a chain with final
    /// products `finals` and own tiers `tiers` (ascending): the lowest of its tiers up to
    /// final_product such that importing every stage of a lower tier closes every final
    /// (pessimistic) / leaves none open (optimistic); `None` when no tier does or there is
    /// no final product.
    pub fn import_from(
        &self,
        tiers: &[Tier],
        finals: &[StageIdx],
        optimistic: bool,
    ) -> Option<Tier> {
        if finals.is_empty() {
            return None;
        }
        tiers.iter().copied().find(|&t| {
            self.import_tiers
                .iter()
                .find(|(tier, _, _)| *tier == t)
                .is_some_and(|(_, pess, opt)| {
                    let closed = if optimistic { opt } else { pess };
                    finals.iter().all(|&f| closed[f as usize])
                })
        })
    }
}
