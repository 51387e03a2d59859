//! The sides and the context region as units of cities: resolving a side's spec, the
//! disjointness check, the union A∪B, city flags, and counting the firms located in a unit.

use serde::Serialize;

use crate::error::Error;
use crate::model::{CityIdx, FirmIdx, Model, Region};

/// A named set of cities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitRef {
    /// The region name, or the city list as given (canonical ids, comma-separated).
    pub name: String,
    /// City ids of the unit, sorted.
    pub cities: Vec<String>,
}

impl UnitRef {
    pub(super) fn of(region: &Region) -> Self {
        UnitRef {
            name: region.name.clone(),
            cities: region.cities.clone(),
        }
    }
}

/// Resolves one side of a comparison (a region name or a comma list of cities) into a unit
/// named by the spec.
pub fn resolve_unit(model: &Model, spec: &str) -> Result<Region, Error> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err(Error::Usage("the side names nothing (empty)".to_string()));
    }
    let regions = model.region_names();
    let region = regions
        .iter()
        .find(|r| **r == spec)
        .or_else(|| {
            let folded: Vec<&&str> = regions
                .iter()
                .filter(|r| r.eq_ignore_ascii_case(spec))
                .collect();
            (folded.len() == 1).then(|| folded[0])
        })
        .copied();
    if let Some(name) = region {
        let cities: Vec<CityIdx> = (0..model.cities.len() as CityIdx)
            .filter(|&c| model.cities[c as usize].region == name)
            .collect();
        return Ok(Region::from_cities(model, name.to_string(), &cities));
    }
    let mut idx = Vec::new();
    let mut names = Vec::new();
    let mut unknown = Vec::new();
    for name in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match model.city(name) {
            Some(c) => {
                idx.push(c);
                names.push(name.to_string());
            }
            None => unknown.push(name.to_string()),
        }
    }
    if !unknown.is_empty() {
        let mut cities: Vec<&str> = model.cities.iter().map(|c| c.id.as_str()).collect();
        cities.sort_unstable();
        let hint = crate::text::suggest::hint(
            &unknown[0],
            cities.iter().copied().chain(regions.iter().copied()),
        );
        return Err(Error::Usage(format!(
            "{spec:?}: unknown region or city {}{hint}; regions: {}; cities: {}",
            unknown
                .iter()
                .map(|u| format!("{u:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            crate::text::suggest::name_list(&regions),
            crate::text::suggest::name_list(&cities)
        )));
    }
    if idx.is_empty() {
        return Err(Error::Usage("the side names no city".to_string()));
    }
    names.dedup();
    Ok(Region::from_cities(model, names.join(","), &idx))
}

/// Fails when A and B share a city.
pub fn check_disjoint(a: &Region, b: &Region) -> Result<(), Error> {
    let shared: Vec<&str> = a
        .cities
        .iter()
        .filter(|c| b.cities.contains(c))
        .map(String::as_str)
        .collect();
    if shared.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{} and {} overlap in {}; the two sides must not share a city",
            a.name,
            b.name,
            shared.join(", ")
        )))
    }
}

/// City flags of a region, indexed by city.
pub(super) fn city_flags(model: &Model, region: &Region) -> Vec<bool> {
    (0..model.cities.len() as CityIdx)
        .map(|c| region.contains_city(c))
        .collect()
}

pub(super) fn in_unit(model: &Model, flags: &[bool], f: FirmIdx) -> bool {
    flags[model.firms[f as usize].city as usize]
}

pub(super) fn union_of(model: &Model, a: &Region, b: &Region) -> Region {
    let cities: Vec<CityIdx> = a
        .cities
        .iter()
        .chain(&b.cities)
        .filter_map(|c| model.city(c))
        .collect();
    Region::from_cities(model, format!("{}+{}", a.name, b.name), &cities)
}

/// Firms (any kind) located in the flagged cities.
pub(super) fn firms_in(model: &Model, flags: &[bool]) -> usize {
    model
        .firms
        .iter()
        .filter(|f| flags[f.city as usize])
        .count()
}
