//! cities.csv: `city` (key), `name_zh`, `region`, `country`, `lat`, `lon` — optional: its
//! rows add cities to the built-in table ([`crate::geo`]) or override built-in ones (same
//! id). Also owns how a firm's `city` cell resolves ([`CityBook`]) and how the built-in
//! cities firms name join the model ([`adopt_builtin`]).

use std::collections::HashMap;

use super::cells::{self, NumberRule};
use super::problem::{FileTag, Problems};
use super::table::{Table, TableSpec};
use crate::model::{City, Firm};
use crate::text::suggest::hint;

pub const SPEC: TableSpec = TableSpec {
    required: &["city", "region", "country"],
    optional: &["name_zh", "lat", "lon"],
    rows_required: true,
};

const LAT: NumberRule = NumberRule {
    allow_negative: true,
    min: -90.0,
    max: 90.0,
};
const LON: NumberRule = NumberRule {
    allow_negative: true,
    min: -180.0,
    max: 180.0,
};

/// The cities and the names of the extra columns.
pub fn read(table: &Table<'_>, problems: &mut Problems) -> (Vec<City>, Vec<String>) {
    let tag: &FileTag = table.tag;
    let (c_city, c_region, c_country) =
        (table.col("city"), table.col("region"), table.col("country"));
    let (c_zh, c_lat, c_lon) = (table.col("name_zh"), table.col("lat"), table.col("lon"));
    let mut cities = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut seen_folded: HashMap<String, (String, u64)> = HashMap::new();
    table.rows(&SPEC, problems, |row, problems| {
        let id = cells::key(row, c_city, tag, "city", problems);
        let region = cells::key(row, c_region, tag, "region", problems);
        let country = cells::key(row, c_country, tag, "country", problems);
        let lat = cells::number(row, c_lat, tag, "lat", LAT, problems);
        let lon = cells::number(row, c_lon, tag, "lon", LON, problems);
        let (Some(id), Some(region), Some(country)) = (id, region, country) else {
            return;
        };
        if let Some(first) = seen.get(id) {
            problems.error(
                tag.at(row.line(), "city"),
                format!("duplicate city {id:?} (first on line {first})"),
            );
            return;
        }
        let folded = id.to_lowercase();
        if let Some((other, line)) = seen_folded.get(&folded) {
            problems.warning(
                tag.at(row.line(), "city"),
                format!("city {id:?} differs only by letter case from {other:?} on line {line}"),
            );
        } else {
            seen_folded.insert(folded, (id.to_string(), row.line()));
        }
        seen.insert(id.to_string(), row.line());
        cities.push(City {
            id: id.to_string(),
            name_zh: row.cell(c_zh).to_string(),
            region: region.to_string(),
            country: country.to_string(),
            lat,
            lon,
            extra: table.extra_values(row),
        });
    });
    (cities, table.extra_names())
}

/// Resolves a firm's `city` cell against the dataset's own cities (cities.csv) and then the
/// built-in table ([`crate::geo`]). A city index below `dataset.len()` is a cities.csv row;
/// `dataset.len() + b` is built-in city `b`, not yet in the model ([`adopt_builtin`] adds it).
pub struct CityBook<'a> {
    dataset: &'a [City],
    by_id: HashMap<&'a str, u32, foldhash::fast::RandomState>,
    by_form: HashMap<String, Vec<u32>>,
    /// Whether a name found nowhere is reported: false when cities.csv was there but gave
    /// no city (its errors are reported already; do not flood firms.csv).
    pub report_unknown: bool,
    /// Whether the dataset has a cities.csv (for the wording of errors).
    pub has_file: bool,
}

/// What a `city` cell names.
pub enum CityRef {
    /// A city: a cities.csv row, or `dataset.len() +` a built-in city's position.
    Found(u32),
    /// Several cities share the name: their ids with province, for the message.
    Ambiguous(Vec<String>),
    /// No city of cities.csv nor of the built-in table has the name.
    Unknown,
}

impl<'a> CityBook<'a> {
    /// A book over the cities read from cities.csv (`has_file`: the file exists).
    pub fn new(dataset: &'a [City], has_file: bool) -> CityBook<'a> {
        let mut by_form: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, city) in dataset.iter().enumerate() {
            for form in crate::geo::name_forms(&city.id, &city.name_zh) {
                by_form.entry(form).or_default().push(i as u32);
            }
        }
        CityBook {
            by_id: dataset
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i as u32))
                .collect(),
            dataset,
            by_form,
            report_unknown: !has_file || !dataset.is_empty(),
            has_file,
        }
    }

    /// The city a cell names: a cities.csv id exactly; else a cities.csv row by id, Chinese
    /// name (with or without suffix) folded; else a built-in city by id, Chinese name or
    /// pinyin. A built-in city whose id is also a cities.csv id is that row (an override).
    pub fn resolve(&self, text: &str) -> CityRef {
        if let Some(&i) = self.by_id.get(text) {
            return CityRef::Found(i);
        }
        let text = text.trim();
        // `苏州市` finds a row written `苏州`, and the other way round.
        let rows = self.by_form.get(&crate::geo::fold(text)).or_else(|| {
            self.by_form
                .get(&crate::geo::fold(crate::geo::strip_suffix(text)))
        });
        match rows.map(Vec::as_slice) {
            Some([one]) => return CityRef::Found(*one),
            Some(many) if !many.is_empty() => {
                return CityRef::Ambiguous(
                    many.iter()
                        .map(|&i| format!("{:?}", self.dataset[i as usize].id))
                        .collect(),
                );
            }
            _ => {}
        }
        let builtin = crate::geo::cities();
        match crate::geo::lookup(text) {
            crate::geo::Lookup::Found(b) => CityRef::Found(self.builtin_index(b)),
            crate::geo::Lookup::Ambiguous(all) => CityRef::Ambiguous(
                all.iter()
                    .map(|&b| builtin[b as usize].describe())
                    .collect(),
            ),
            crate::geo::Lookup::Unknown => CityRef::Unknown,
        }
    }

    fn builtin_index(&self, b: u32) -> u32 {
        let id = crate::geo::cities()[b as usize].id.as_str();
        match self.by_id.get(id) {
            Some(&i) => i,
            None => self.dataset.len() as u32 + b,
        }
    }

    /// " (did you mean …?)" for an unknown city: the dataset's cities first, then the
    /// built-in ids and Chinese names; empty when nothing is close.
    pub fn suggestion(&self, text: &str) -> String {
        let suggestion = hint(text, self.dataset.iter().map(|c| c.id.as_str()));
        if !suggestion.is_empty() {
            return suggestion;
        }
        hint(
            text,
            crate::geo::cities()
                .iter()
                .flat_map(|c| [c.id.as_str(), c.short_zh.as_str()]),
        )
    }

    /// The message for a cell naming no city — what was searched, then (the caller's)
    /// suggestion from [`CityBook::suggestion`], then what to do (a cities.csv row) — as the
    /// text before and after the suggestion.
    pub fn unknown_message_parts(&self, text: &str) -> (String, String) {
        let searched = if self.has_file {
            "not in cities.csv"
        } else {
            "not built in, and the dataset has no cities.csv"
        };
        (
            format!("unknown city {text:?} ({searched})"),
            "; built in are China's prefecture-level cities, the municipalities, Hong Kong and \
             Macao (by id, Chinese name or pinyin): any other place (abroad, Taiwan, a county \
             or district) needs a cities.csv row (city,name_zh,region,country,lat,lon)"
                .to_string(),
        )
    }

    /// The message for a name several cities share.
    pub fn ambiguous_message(text: &str, candidates: &[String]) -> String {
        format!(
            "ambiguous city {text:?}: it names {}; write the id of the one meant",
            candidates.join(" or ")
        )
    }
}

/// Adds the built-in cities that firms name (indices at or past `cities.len()`) to `cities`,
/// in table order, and renumbers those firms' cities. Returns how many were added. A
/// built-in city joins with its short Chinese name (`广州`, as datasets/gba writes it), its
/// preset region, country China and coordinates; its extra columns are empty.
pub fn adopt_builtin(cities: &mut Vec<City>, firms: &mut [Firm], extra_columns: usize) -> usize {
    let first = cities.len() as u32;
    let builtin = crate::geo::cities();
    let mut used = vec![false; builtin.len()];
    for firm in firms.iter() {
        if let Some(flag) = firm
            .city
            .checked_sub(first)
            .and_then(|b| used.get_mut(b as usize))
        {
            *flag = true;
        }
    }
    let mut renumber = vec![0u32; builtin.len()];
    let mut added = 0;
    for (b, city) in builtin.iter().enumerate() {
        if used[b] {
            renumber[b] = cities.len() as u32;
            cities.push(City {
                id: city.id.clone(),
                name_zh: city.short_zh.clone(),
                region: city.region.clone(),
                country: city.country.clone(),
                lat: Some(city.lat),
                lon: Some(city.lon),
                extra: vec![String::new(); extra_columns],
            });
            added += 1;
        }
    }
    for firm in firms.iter_mut() {
        if let Some(b) = firm.city.checked_sub(first) {
            firm.city = renumber[b as usize];
        }
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    fn city(id: &str, name_zh: &str, region: &str) -> City {
        City {
            id: id.into(),
            name_zh: name_zh.into(),
            region: region.into(),
            country: "China".into(),
            lat: None,
            lon: None,
            extra: Vec::new(),
        }
    }

    fn found(r: CityRef) -> Option<u32> {
        match r {
            CityRef::Found(i) => Some(i),
            _ => None,
        }
    }

    #[test]
    fn dataset_rows_come_first_and_overrides_keep_their_row() {
        let rows = [
            city("Suzhou", "苏州", "Mainland"),
            city("Foshan", "佛山市", "West"),
        ];
        let book = CityBook::new(&rows, true);
        // The dataset's own Suzhou wins over the built-in homonyms, by id or folded.
        assert_eq!(found(book.resolve("Suzhou")), Some(0));
        assert_eq!(found(book.resolve(" suzhou ")), Some(0));
        assert_eq!(found(book.resolve("苏州市")), Some(0));
        // 佛山 (without 市) and the built-in id both land on the override row.
        assert_eq!(found(book.resolve("佛山")), Some(1));
        assert_eq!(found(book.resolve("fo shan")), Some(1));
        // 宿州 is not in the file: built-in "Suzhou (Anhui)", numbered after the 2 rows.
        let anhui = crate::geo::cities()
            .iter()
            .position(|c| c.id == "Suzhou (Anhui)")
            .unwrap() as u32;
        assert_eq!(found(book.resolve("宿州")), Some(2 + anhui));
    }

    #[test]
    fn two_rows_sharing_a_chinese_name_are_ambiguous() {
        let rows = [
            city("Taizhou", "台州", "A"),
            city("Taizhou JS", "台州", "B"),
        ];
        let book = CityBook::new(&rows, true);
        match book.resolve("台州") {
            CityRef::Ambiguous(c) => assert_eq!(c, ["\"Taizhou\"", "\"Taizhou JS\""]),
            _ => panic!("台州 names two rows"),
        }
        // The exact id is never ambiguous.
        assert_eq!(found(book.resolve("Taizhou JS")), Some(1));
    }

    #[test]
    fn adopted_builtin_cities_join_in_table_order_and_firms_are_renumbered() {
        let mut cities = vec![city("Tokyo", "东京", "Overseas")];
        let index = |id: &str| {
            1 + crate::geo::cities()
                .iter()
                .position(|c| c.id == id)
                .unwrap() as u32
        };
        let firm = |city: u32| Firm {
            id: String::new(),
            name: String::new(),
            name_zh: String::new(),
            city,
            kind: crate::model::Kind::Firm,
            stages: Vec::new(),
            functions: Default::default(),
            employees: None,
            revenue: None,
            source: String::new(),
            group: String::new(),
            extra: Vec::new(),
        };
        // Shenzhen (440300) comes after Guangzhou (440100) in the table.
        let mut firms = vec![firm(index("Shenzhen")), firm(0), firm(index("Guangzhou"))];
        assert_eq!(adopt_builtin(&mut cities, &mut firms, 2), 2);
        let ids: Vec<&str> = cities.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["Tokyo", "Guangzhou", "Shenzhen"]);
        assert_eq!(firms.iter().map(|f| f.city).collect::<Vec<_>>(), [2, 0, 1]);
        assert_eq!(cities[1].name_zh, "广州");
        assert_eq!(cities[1].region, "GBA");
        assert_eq!(cities[1].extra, ["", ""]);
    }
}
