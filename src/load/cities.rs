//! cities.csv: `city` (key), `name_zh`, `region`, `country`, `lat`, `lon`.

use std::collections::HashMap;

use super::cells::{self, NumberRule};
use super::problem::{FileTag, Problems};
use super::table::{Table, TableSpec};
use crate::model::City;

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
