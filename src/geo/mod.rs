//! Built-in geography: every Chinese prefecture-level division (地级市, 地区, 自治州, 盟), the
//! four municipalities, Hong Kong and Macao, compiled in from `data/cities/cn_cities.csv`
//! (see its README for the source and licence), and the region presets ([`presets`]).
//!
//! This module owns the built-in table and how a city name is looked up in it: by id
//! (`Guangzhou`, `Suzhou (Jiangsu)`), by Chinese name with or without its suffix (`广州市`,
//! `广州`), or by pinyin ignoring case, spaces, apostrophes and hyphens (`guang zhou`,
//! `xian` for `Xi'an`). A dataset's own cities.csv rows come first; that part is in
//! `load/cities.rs`. A leaf: it imports nothing from the crate.

pub mod presets;

use std::collections::HashMap;
use std::sync::OnceLock;

/// The built-in table as committed (`data/cities/cn_cities.csv`).
const TABLE: &str = include_str!("../../data/cities/cn_cities.csv");

/// Number of prefecture-level divisions in the table (293 cities, 7 prefectures, 30
/// autonomous prefectures, 3 leagues).
pub const PREFECTURE_LEVEL: usize = 333;

/// One built-in city.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltinCity {
    /// The city key: pinyin, capitalised (`Guangzhou`); a pinyin homonym carries its
    /// province (`Suzhou (Jiangsu)`); a few use the conventional English form (`Hong Kong`,
    /// `Macao`, `Harbin`, `Urumqi`).
    pub id: String,
    /// Official Chinese name with its suffix (`广州市`, `延边朝鲜族自治州`).
    pub name_zh: String,
    /// Short Chinese name, without suffix or ethnic designation (`广州`, `延边`).
    pub short_zh: String,
    /// Hanyu pinyin of the short name, capitalised, no tones (`Guangzhou`, `Xi'an`).
    pub pinyin: String,
    /// Province in English (`Guangdong`; a municipality is its own province).
    pub province: String,
    /// Province in Chinese (`广东省`).
    pub province_zh: String,
    /// Administrative-division code (6 digits).
    pub adcode: String,
    /// Region preset id (`GBA`, `YRD`, `JJJ`, `CCEC`), else `Mainland`.
    pub region: String,
    /// Always `China` (Hong Kong and Macao included, as in datasets/gba).
    pub country: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
}

impl BuiltinCity {
    /// How the city is shown in a list of candidates: `"Suzhou (Jiangsu)" (苏州市, Jiangsu)`.
    pub fn describe(&self) -> String {
        format!("{:?} ({}, {})", self.id, self.name_zh, self.province)
    }

    /// Every spelling that finds this city, folded (see [`fold`]).
    fn name_forms(&self) -> Vec<String> {
        let mut forms = vec![
            fold(&self.id),
            fold(&self.pinyin),
            fold(&self.pinyin.replace('ü', "v")),
            fold(&self.pinyin.replace('ü', "u")),
            fold(&self.name_zh),
            fold(&self.short_zh),
            fold(strip_suffix(&self.name_zh)),
        ];
        forms.sort();
        forms.dedup();
        forms
    }
}

/// The Chinese suffixes a city name may be written with or without.
pub const SUFFIXES: [&str; 5] = ["特别行政区", "自治州", "地区", "盟", "市"];

/// A Chinese name without its administrative suffix (`广州市` → `广州`, `兴安盟` → `兴安`);
/// a name that is only a suffix, or one character before it, is kept whole.
pub fn strip_suffix(name: &str) -> &str {
    for suffix in SUFFIXES {
        if let Some(stem) = name.strip_suffix(suffix)
            && stem.chars().count() >= 2
        {
            return stem;
        }
    }
    name
}

/// A name folded for matching: lower case, without whitespace, apostrophes, hyphens, dashes,
/// dots and underscores; full-width parentheses become ASCII ones.
///
/// ```
/// use chainatlas::geo::fold;
/// assert_eq!(fold("Xi'an"), "xian");
/// assert_eq!(fold(" Hong  Kong "), "hongkong");
/// assert_eq!(fold("Suzhou（Jiangsu）"), "suzhou(jiangsu)");
/// ```
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '\'' | '’' | '‘' | '-' | '–' | '—' | '.' | '_')
        })
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The folded forms a dataset's city is known by: its id, and its Chinese name with and
/// without its suffix (sorted, without repeats). A typed name matches the city when
/// `fold(name)` or `fold(strip_suffix(name))` is one of them.
pub fn name_forms(id: &str, name_zh: &str) -> Vec<String> {
    let mut forms = vec![fold(id)];
    if !name_zh.is_empty() {
        forms.push(fold(name_zh));
        forms.push(fold(strip_suffix(name_zh)));
    }
    forms.sort();
    forms.dedup();
    forms
}

struct Table {
    cities: Vec<BuiltinCity>,
    by_id: HashMap<String, u32>,
    by_form: HashMap<String, Vec<u32>>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let cities = parse(TABLE);
        let by_id = cities
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i as u32))
            .collect();
        let mut by_form: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, city) in cities.iter().enumerate() {
            for form in city.name_forms() {
                by_form.entry(form).or_default().push(i as u32);
            }
        }
        Table {
            cities,
            by_id,
            by_form,
        }
    })
}

/// Parses the committed table; a row that does not parse is left out (the unit tests pin
/// the row count, so that cannot happen unnoticed).
fn parse(text: &str) -> Vec<BuiltinCity> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            let cell = |i: usize| r.get(i).map(str::to_string);
            Some(BuiltinCity {
                id: cell(0)?,
                name_zh: cell(1)?,
                short_zh: cell(2)?,
                pinyin: cell(3)?,
                province: cell(4)?,
                province_zh: cell(5)?,
                adcode: cell(6)?,
                region: cell(7)?,
                country: cell(8)?,
                lat: r.get(9)?.parse().ok()?,
                lon: r.get(10)?.parse().ok()?,
            })
        })
        .collect()
}

/// Every built-in city, in adcode order.
pub fn cities() -> &'static [BuiltinCity] {
    &table().cities
}

/// What a name finds in the built-in table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// One city (its position in [`cities`]).
    Found(u32),
    /// Several cities share the name (`Suzhou`, `Taizhou`): positions, in table order.
    Ambiguous(Vec<u32>),
    /// No built-in city has the name.
    Unknown,
}

/// Looks a city name up in the built-in table: its id exactly, else any of its spellings
/// folded (see the module header).
///
/// ```
/// use chainatlas::geo::{Lookup, cities, lookup};
/// let Lookup::Found(i) = lookup("广州市") else { panic!() };
/// assert_eq!(cities()[i as usize].id, "Guangzhou");
/// assert!(matches!(lookup("suzhou"), Lookup::Ambiguous(both) if both.len() == 2));
/// assert_eq!(lookup("Atlantis"), Lookup::Unknown);
/// ```
pub fn lookup(name: &str) -> Lookup {
    let table = table();
    let name = name.trim();
    if let Some(&i) = table.by_id.get(name) {
        return Lookup::Found(i);
    }
    match table.by_form.get(&fold(name)).map(Vec::as_slice) {
        Some([one]) => Lookup::Found(*one),
        Some(many) if !many.is_empty() => Lookup::Ambiguous(many.to_vec()),
        _ => Lookup::Unknown,
    }
}

/// The built-in city with this exact id.
pub fn by_id(id: &str) -> Option<&'static BuiltinCity> {
    let table = table();
    table.by_id.get(id).map(|&i| &table.cities[i as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_every_prefecture_level_division_plus_six() {
        let all = cities();
        // 333 prefecture-level divisions + Beijing, Tianjin, Shanghai, Chongqing + HK, Macao.
        assert_eq!(all.len(), PREFECTURE_LEVEL + 6);
        let count = |suffix: &str| all.iter().filter(|c| c.name_zh.ends_with(suffix)).count();
        // 293 prefecture-level cities + the 4 municipalities, all ending in 市.
        assert_eq!(count("市"), 293 + 4);
        assert_eq!(count("地区"), 7);
        assert_eq!(count("自治州"), 30);
        assert_eq!(count("盟"), 3);
        assert_eq!(count("特别行政区"), 2);
        assert!(all.iter().all(|c| c.country == "China"));
        // Taiwan's cities are not built in; datasets give them in cities.csv.
        assert!(all.iter().all(|c| !c.adcode.starts_with("71")));
    }

    #[test]
    fn ids_are_unique_and_each_finds_its_own_city() {
        for (i, city) in cities().iter().enumerate() {
            assert_eq!(lookup(&city.id), Lookup::Found(i as u32), "{}", city.id);
            assert_eq!(
                lookup(&city.name_zh),
                Lookup::Found(i as u32),
                "{}",
                city.id
            );
        }
    }

    #[test]
    fn homonyms_carry_their_province() {
        let homonyms: Vec<&str> = cities()
            .iter()
            .filter(|c| c.id.contains('('))
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(
            homonyms,
            [
                "Yichun (Heilongjiang)",
                "Suzhou (Jiangsu)",
                "Taizhou (Jiangsu)",
                "Taizhou (Zhejiang)",
                "Suzhou (Anhui)",
                "Fuzhou (Fujian)",
                "Yichun (Jiangxi)",
                "Fuzhou (Jiangxi)",
                "Yulin (Guangxi)",
                "Yulin (Shaanxi)",
            ]
        );
        let name = |l: Lookup| match l {
            Lookup::Found(i) => cities()[i as usize].id.clone(),
            other => format!("{other:?}"),
        };
        assert_eq!(name(lookup("宿州")), "Suzhou (Anhui)");
        assert_eq!(name(lookup("suzhou (anhui)")), "Suzhou (Anhui)");
        assert_eq!(name(lookup("泰州市")), "Taizhou (Jiangsu)");
        let Lookup::Ambiguous(both) = lookup("Taizhou") else {
            panic!("Taizhou is two cities")
        };
        let ids: Vec<&str> = both
            .iter()
            .map(|&i| cities()[i as usize].id.as_str())
            .collect();
        assert_eq!(ids, ["Taizhou (Jiangsu)", "Taizhou (Zhejiang)"]);
    }

    #[test]
    fn names_resolve_with_or_without_suffix_and_in_any_pinyin_case() {
        let id = |name: &str| match lookup(name) {
            Lookup::Found(i) => cities()[i as usize].id.as_str(),
            _ => "-",
        };
        assert_eq!(id("广州市"), "Guangzhou");
        assert_eq!(id("佛山"), "Foshan");
        assert_eq!(id("SHEN ZHEN"), "Shenzhen");
        assert_eq!(id("香港"), "Hong Kong");
        assert_eq!(id("香港特别行政区"), "Hong Kong");
        assert_eq!(id("xianggang"), "Hong Kong");
        assert_eq!(id("xian"), "Xi'an");
        assert_eq!(id("延边朝鲜族自治州"), "Yanbian");
        assert_eq!(id("延边"), "Yanbian");
        assert_eq!(id("兴安盟"), "Xing'an");
        assert_eq!(id("Lvliang"), "Lüliang");
        assert_eq!(id("Haerbin"), "Harbin");
        assert_eq!(id("大兴安岭地区"), "Daxing'anling");
        assert_eq!(id("那曲"), "Nagqu");
        // Counties, districts and places abroad are not built in.
        assert_eq!(id("昆山"), "-");
        assert_eq!(id("Tokyo"), "-");
        assert_eq!(id("莱芜"), "-");
    }

    #[test]
    fn coordinates_are_in_china() {
        for c in cities() {
            assert!((15.0..54.0).contains(&c.lat), "{} {}", c.id, c.lat);
            assert!((73.0..136.0).contains(&c.lon), "{} {}", c.id, c.lon);
        }
        // Hand-checked: Guangzhou's adcode and its coordinates to a tenth of a degree.
        let gz = by_id("Guangzhou").unwrap();
        assert_eq!(gz.adcode, "440100");
        assert_eq!(
            ((gz.lat * 10.0).round(), (gz.lon * 10.0).round()),
            (231.0, 1133.0)
        );
    }
}
