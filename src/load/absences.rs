//! absences.csv (optional): confirmed absences — `area`, `stage`, `evidence`, `source_ref`,
//! `note`, plus any extra columns (ignored).
//!
//! `area` names a city, else a region, else a country of cities.csv (matched in that
//! order: a name that is both a city and a region is the city). A row whose area holds a
//! producer of the stage is contradicted: a warning naming the producer (present wins);
//! the row is still kept, and the analyses ignore it where a producer is local.

use std::collections::HashMap;

use super::cells;
use super::chains::stage_suggestion;
use super::problem::{Among, Problems};
use super::table::{Table, TableSpec};
use crate::model::{Absence, Area, City, CityIdx, Evidence, Firm, Stage, StageIdx, Vocabulary};
use crate::text::suggest::{hint, vocabulary_message};

pub const SPEC: TableSpec = TableSpec {
    required: &["area", "stage", "evidence"],
    optional: &["source_ref", "note"],
    rows_required: false,
};

/// Reads the rows; `firms` are the valid firms (for contradictions).
pub fn read(
    table: &Table<'_>,
    cities: &[City],
    stages: &[Stage],
    firms: &[Firm],
    problems: &mut Problems,
) -> Vec<Absence> {
    let tag = table.tag;
    let (c_area, c_stage, c_evidence, c_ref, c_note) = (
        table.col("area"),
        table.col("stage"),
        table.col("evidence"),
        table.col("source_ref"),
        table.col("note"),
    );
    let city_index: HashMap<&str, CityIdx> = cities
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i as CityIdx))
        .collect();
    let stage_index: HashMap<&str, StageIdx> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i as StageIdx))
        .collect();
    let mut seen: HashMap<(String, StageIdx), u64> = HashMap::new();
    let mut absences = Vec::new();
    table.rows(&SPEC, problems, |row, problems| {
        let line = row.line();
        let area_text = cells::key(row, c_area, tag, "area", problems);
        let stage_text = cells::key(row, c_stage, tag, "stage", problems);
        let area = area_text.and_then(|text| {
            let area = resolve_area(text, cities, &city_index);
            if area.is_none() && !cities.is_empty() {
                problems.error_hinted(
                    tag.at(line, "area"),
                    format!("unknown area {text:?} (not a city, region or country of cities.csv)"),
                    "",
                    Among::Area,
                    text,
                );
            }
            area
        });
        let stage = stage_text.and_then(|text| {
            let stage = stage_index.get(text).copied();
            if stage.is_none() && !stages.is_empty() {
                problems.error_hinted(
                    tag.at(line, "stage"),
                    format!("unknown stage {text:?} (not in chains.csv)"),
                    "",
                    Among::StageItem,
                    text,
                );
            }
            stage
        });
        let evidence_text = row.cell(c_evidence);
        let evidence = Evidence::parse(evidence_text);
        if evidence.is_none() {
            let message = if evidence_text.is_empty() {
                format!(
                    "empty evidence; every absence must say how it is known: one of {}",
                    Evidence::spellings().join(", ")
                )
            } else {
                vocabulary_message("evidence level", evidence_text, &Evidence::spellings())
            };
            problems.error(tag.at(line, "evidence"), message);
        }
        let (Some(area_id), Some(area), Some(stage), Some(evidence)) =
            (area_text, area, stage, evidence)
        else {
            return;
        };
        if let Some(first) = seen.get(&(area_id.to_string(), stage)) {
            problems.warning(
                tag.row(line),
                format!(
                    "duplicate absence of {:?} in {area_id:?} (first on line {first})",
                    stages[stage as usize].key
                ),
            );
        } else {
            seen.insert((area_id.to_string(), stage), line);
        }
        absences.push(Absence {
            area_id: area_id.to_string(),
            area,
            stage,
            evidence,
            source_ref: row.cell(c_ref).to_string(),
            note: row.cell(c_note).to_string(),
            line,
        });
    });
    problems.resolve_hints(tag.rank, |among, text| match among {
        Among::Area => {
            let mut names: Vec<&str> = cities.iter().map(|c| c.id.as_str()).collect();
            names.extend(cities.iter().map(|c| c.region.as_str()));
            names.extend(cities.iter().map(|c| c.country.as_str()));
            names.sort_unstable();
            names.dedup();
            hint(text, names)
        }
        _ => stage_suggestion(text, stages),
    });
    report_contradictions(table, cities, stages, firms, &absences, problems);
    absences
}

/// City first, then region, then country.
fn resolve_area(text: &str, cities: &[City], city_index: &HashMap<&str, CityIdx>) -> Option<Area> {
    if let Some(&c) = city_index.get(text) {
        return Some(Area::City(c));
    }
    if cities.iter().any(|c| c.region == text) {
        return Some(Area::Region(text.to_string()));
    }
    if cities.iter().any(|c| c.country == text) {
        return Some(Area::Country(text.to_string()));
    }
    None
}

/// One warning per contradicted row, naming the first producer (in firms.csv order) of the
/// stage inside the area, and how many there are.
fn report_contradictions(
    table: &Table<'_>,
    cities: &[City],
    stages: &[Stage],
    firms: &[Firm],
    absences: &[Absence],
    problems: &mut Problems,
) {
    if absences.is_empty() {
        return;
    }
    let mut by_stage: HashMap<StageIdx, Vec<usize>> = HashMap::new();
    for (i, a) in absences.iter().enumerate() {
        by_stage.entry(a.stage).or_default().push(i);
    }
    // Per absence: the first producer inside its area and the number of producers there.
    let mut found: Vec<(Option<usize>, usize)> = vec![(None, 0); absences.len()];
    for (f, firm) in firms.iter().enumerate() {
        let city = &cities[firm.city as usize];
        for s in &firm.stages {
            let Some(rows) = by_stage.get(s) else {
                continue;
            };
            for &i in rows {
                let inside = match &absences[i].area {
                    Area::City(c) => *c == firm.city,
                    Area::Region(r) => city.region == *r,
                    Area::Country(k) => city.country == *k,
                };
                if inside {
                    let entry = &mut found[i];
                    entry.0.get_or_insert(f);
                    entry.1 += 1;
                }
            }
        }
    }
    for (absence, (first, count)) in absences.iter().zip(found) {
        let Some(f) = first else {
            continue;
        };
        let firm = &firms[f];
        let more = match count {
            1 => String::new(),
            2 => " and 1 other".to_string(),
            n => format!(" and {} others", n - 1),
        };
        problems.warning(
            table.tag.at(absence.line, "stage"),
            format!(
                "absence of {:?} in {:?} is contradicted by firm {:?} in {}{more}, which produces it; present wins (the absence is ignored wherever a producer is local)",
                stages[absence.stage as usize].key,
                absence.area_id,
                firm.id,
                cities[firm.city as usize].id
            ),
        );
    }
}
