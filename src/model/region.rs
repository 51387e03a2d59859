//! Regions: the set of cities an analysis treats as "local".
//!
//! A region spec `GBA` takes every city whose `region` column is `GBA`; a region preset's
//! Chinese or English name (`粤港澳大湾区`, `Yangtze River Delta`, see
//! [`crate::geo::presets`]) means its id; the spec `"Guangzhou,Foshan"` takes those cities. Without a spec the default is `GBA` when the
//! dataset has it, else the region with the most cities (ties: alphabetical).

use super::{CityIdx, FirmIdx, Model};
use crate::error::Error;
use crate::text::suggest::{hint, name_list};

/// A resolved region: its display name, its cities (sorted by id) and a per-city flag.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// How the region is named in output: the region name as the dataset spells it
    /// (`GBA`), or the city list as given (`Guangzhou,Foshan`).
    pub name: String,
    /// City ids, sorted.
    pub cities: Vec<String>,
    local_city: Vec<bool>,
}

/// The region used when no spec is given and the dataset has a region of that name.
pub const DEFAULT_REGION: &str = "GBA";

impl Region {
    /// Resolves a region spec, a region name or a comma list of cities (`None` = the default
    /// region). A region name matches exactly, or ignoring ASCII case when that names one
    /// region, or as a preset's id, Chinese or English name; city ids match exactly. An empty spec, a spec naming no city, or an unknown
    /// name is [`Error::Usage`], whose message lists the regions and cities.
    ///
    /// # Examples
    ///
    /// ```
    /// use chainatlas::load::{DatasetSource, LoadOptions, load};
    /// use chainatlas::model::Region;
    ///
    /// // The GBA dataset compiled into the binary.
    /// let model = load(&DatasetSource::from_arg(None), &LoadOptions::default())
    ///     .unwrap()
    ///     .model
    ///     .expect("the embedded dataset is valid");
    ///
    /// let gba = Region::resolve(&model, Some("gba")).unwrap();
    /// assert_eq!(gba.name, "GBA");
    /// assert_eq!(gba.cities.len(), 11);
    /// assert_eq!(Region::resolve(&model, None).unwrap(), gba);
    ///
    /// let pair = Region::resolve(&model, Some("Guangzhou, Foshan")).unwrap();
    /// assert_eq!(pair.cities, ["Foshan", "Guangzhou"]);
    /// assert!(Region::resolve(&model, Some("Atlantis")).is_err());
    /// ```
    pub fn resolve(model: &Model, spec: Option<&str>) -> Result<Region, Error> {
        let spec = match spec.map(str::trim) {
            Some(s) if !s.is_empty() => s.to_string(),
            Some(_) => return Err(Error::Usage("the region is empty".into())),
            None => default_region(model)
                .ok_or_else(|| Error::Usage("the dataset has no cities".into()))?,
        };
        let regions = model.region_names();
        // A region name, exactly or (when unambiguous) ignoring case.
        let folded: Vec<&str> = regions
            .iter()
            .copied()
            .filter(|r| r.eq_ignore_ascii_case(&spec))
            .collect();
        let spec = match (regions.contains(&spec.as_str()), folded.as_slice()) {
            (false, [one]) => one.to_string(),
            _ => spec,
        };
        // A region preset by id, Chinese or English name: the cities whose region is its id.
        let spec = match crate::geo::presets::preset(&spec) {
            Some(preset) if !regions.contains(&spec.as_str()) => {
                if !regions.contains(&preset.id) {
                    let members = preset_members_elsewhere(model, preset.id);
                    let as_list = match members.is_empty() {
                        true => String::new(),
                        false => format!(
                            "; its cities in the dataset, under another region, as a city list: {:?}",
                            members.join(",")
                        ),
                    };
                    return Err(Error::Usage(format!(
                        "{spec:?} is the region preset {} ({}, {}), but no city of the dataset \
                         has region {:?} (built-in cities carry it; a cities.csv row sets its \
                         own){as_list}; regions: {}",
                        preset.id,
                        preset.name_en,
                        preset.name_zh,
                        preset.id,
                        name_list(&regions)
                    )));
                }
                preset.id.to_string()
            }
            _ => spec,
        };
        if regions.contains(&spec.as_str()) {
            let idx: Vec<CityIdx> = (0..model.cities.len() as CityIdx)
                .filter(|&c| model.cities[c as usize].region == spec)
                .collect();
            return Ok(Region::from_cities(model, spec, &idx));
        }
        let mut idx = Vec::new();
        let mut unknown = Vec::new();
        for name in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match find_city(model, name) {
                Some(c) => idx.push(c),
                None => unknown.push(name.to_string()),
            }
        }
        if unknown.is_empty() && idx.is_empty() {
            return Err(Error::Usage("the region names no city".into()));
        }
        if !unknown.is_empty() {
            let mut cities: Vec<&str> = model.cities.iter().map(|c| c.id.as_str()).collect();
            cities.sort_unstable();
            let hint = hint(
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
                name_list(&regions),
                name_list(&cities)
            )));
        }
        Ok(Region::from_cities(model, spec, &idx))
    }

    /// A region made of the given cities, named `name`.
    pub fn from_cities(model: &Model, name: String, cities: &[CityIdx]) -> Region {
        let mut local_city = vec![false; model.cities.len()];
        for &c in cities {
            if let Some(flag) = local_city.get_mut(c as usize) {
                *flag = true;
            }
        }
        let mut ids: Vec<String> = (0..model.cities.len())
            .filter(|&c| local_city[c])
            .map(|c| model.cities[c].id.clone())
            .collect();
        ids.sort();
        Region {
            name,
            cities: ids,
            local_city,
        }
    }

    /// The region's cities as indices, ascending.
    pub fn local_cities(&self) -> impl Iterator<Item = CityIdx> + '_ {
        self.local_city
            .iter()
            .enumerate()
            .filter(|(_, local)| **local)
            .map(|(c, _)| c as CityIdx)
    }

    /// Is the city in the region? (`false` for an index out of range.)
    pub fn contains_city(&self, city: CityIdx) -> bool {
        self.local_city.get(city as usize).copied().unwrap_or(false)
    }

    /// Is the firm located in one of the region's cities? `model` is the one the region
    /// was resolved on.
    pub fn is_local(&self, model: &Model, firm: FirmIdx) -> bool {
        self.contains_city(model.firms[firm as usize].city)
    }

    /// One flag per firm: is it in this region?
    pub fn local_firms(&self, model: &Model) -> Vec<bool> {
        model
            .firms
            .iter()
            .map(|f| self.contains_city(f.city))
            .collect()
    }
}

/// The dataset's cities that are built-in members of preset `id` by their id or Chinese
/// name, sorted: what to suggest when the dataset gives them another region.
fn preset_members_elsewhere(model: &Model, id: &str) -> Vec<String> {
    let is_member = |name: &str| match crate::geo::lookup(name) {
        crate::geo::Lookup::Found(b) => crate::geo::cities()[b as usize].region == id,
        _ => false,
    };
    let mut members: Vec<String> = model
        .cities
        .iter()
        .filter(|c| is_member(&c.id) || (!c.name_zh.is_empty() && is_member(&c.name_zh)))
        .map(|c| c.id.clone())
        .collect();
    members.sort();
    members
}

fn default_region(model: &Model) -> Option<String> {
    let regions = model.region_names();
    if regions.contains(&DEFAULT_REGION) {
        return Some(DEFAULT_REGION.to_string());
    }
    regions
        .iter()
        .map(|r| {
            let n = model.cities.iter().filter(|c| c.region == *r).count();
            (std::cmp::Reverse(n), *r)
        })
        .min()
        .map(|(_, r)| r.to_string())
}

/// A city of the dataset named by `name`: its id; else, when exactly one city matches, its
/// Chinese name with or without 市 and the like (`广州`, `广州市`) or its id ignoring case
/// and spaces (`guangzhou`); else the built-in city of that name (`佛山`, `Foshan`) when the
/// dataset has it under the built-in id.
pub fn find_city(model: &Model, name: &str) -> Option<CityIdx> {
    if let Some(c) = model.city(name) {
        return Some(c);
    }
    // The forms the loader's city book matches a firm's city cell by (load/cities.rs).
    let typed = [
        crate::geo::fold(name),
        crate::geo::fold(crate::geo::strip_suffix(name)),
    ];
    let matches: Vec<CityIdx> = (0..model.cities.len() as CityIdx)
        .filter(|&c| {
            let city = &model.cities[c as usize];
            let forms = crate::geo::name_forms(&city.id, &city.name_zh);
            typed.iter().any(|t| forms.contains(t))
        })
        .collect();
    match matches.as_slice() {
        [one] => Some(*one),
        [] => match crate::geo::lookup(name) {
            crate::geo::Lookup::Found(i) => model.city(&crate::geo::cities()[i as usize].id),
            _ => None,
        },
        _ => None,
    }
}
