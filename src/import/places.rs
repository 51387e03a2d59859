//! Cities for `import`: the `--cities` table written as cities.csv (keys without 市, the
//! Chinese name kept in `name_zh`), and the lookup that turns a firm's city cell into a
//! city key — through that table when given, else by dropping 市 (a dataset without
//! cities.csv names its cities as the built-in list does).

use std::collections::BTreeMap;

use super::Context;
use super::columns::{TableKind, require};
use super::values::{city_key, has_cjk};

/// One row of cities.csv.
#[derive(Debug, Clone)]
pub struct CityRow {
    /// Key.
    pub city: String,
    /// Chinese name.
    pub name_zh: String,
    /// Region.
    pub region: String,
    /// Country.
    pub country: String,
    /// Latitude, as written (empty when unknown).
    pub lat: String,
    /// Longitude, as written (empty when unknown).
    pub lon: String,
}

/// The cities of `--cities`, and the names a firm's city cell may use for each.
#[derive(Debug, Default)]
pub struct CityBook {
    /// The rows, in file order.
    pub rows: Vec<CityRow>,
    /// Key, Chinese name with and without 市, key in lower case → key.
    names: BTreeMap<String, String>,
}

impl CityBook {
    /// The key of a firm's city cell, if the table has it.
    pub fn resolve(&self, cell: &str) -> Option<&str> {
        let cell = cell.trim();
        [
            cell.to_string(),
            city_key(cell),
            cell.to_lowercase(),
            city_key(cell).to_lowercase(),
        ]
        .iter()
        .find_map(|n| self.names.get(n))
        .map(String::as_str)
    }
}

/// Reads `--cities`; `None` when it was not given.
pub fn build(ctx: &mut Context) -> Option<CityBook> {
    let path = ctx.inputs.cities.clone()?;
    let mut book = CityBook::default();
    let Some((table, columns)) = ctx.read_table(TableKind::Cities, &path) else {
        return Some(book);
    };
    require(
        TableKind::Cities,
        &table,
        &columns,
        &["city", "region", "country"],
        &mut ctx.problems,
    );
    if ctx.problems.has_errors() {
        return Some(book);
    }
    let mut first: BTreeMap<String, u64> = BTreeMap::new();
    for row in &table.rows {
        let cell = |f: &str| columns.cell(&row.cells, f).to_string();
        let written = cell("city");
        let key = city_key(&written);
        let mut ok = true;
        for field in ["city", "region", "country"] {
            if cell(field).is_empty() {
                ctx.problems.error(
                    &table.file,
                    Some(row.number),
                    Some(columns.header(&table, field)),
                    "empty value; this column is required",
                );
                ok = false;
            }
        }
        for (field, limit) in [("lat", 90.0), ("lon", 180.0)] {
            if let Err(e) = coordinate(&cell(field), limit) {
                ctx.problems.error(
                    &table.file,
                    Some(row.number),
                    Some(columns.header(&table, field)),
                    e,
                );
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        if let Some(line) = first.get(&key) {
            ctx.log.dropped.push(format!(
                "{} row {}: city {key:?} again (first on row {line}); the first row is kept",
                table.file, row.number
            ));
            continue;
        }
        first.insert(key.clone(), row.number);
        let name_zh = match cell("name_zh") {
            n if n.is_empty() && has_cjk(&written) => written.clone(),
            n => n,
        };
        for name in [
            key.clone(),
            key.to_lowercase(),
            name_zh.clone(),
            city_key(&name_zh),
        ] {
            if !name.is_empty() {
                book.names.entry(name).or_insert_with(|| key.clone());
            }
        }
        book.rows.push(CityRow {
            city: key,
            name_zh,
            region: cell("region"),
            country: cell("country"),
            lat: cell("lat"),
            lon: cell("lon"),
        });
    }
    Some(book)
}

/// A latitude or longitude cell: empty, or a number within ±`limit`.
fn coordinate(cell: &str, limit: f64) -> Result<(), String> {
    if cell.is_empty() {
        return Ok(());
    }
    match cell.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Ok(()),
        Ok(_) => Err(format!("{cell:?} is out of range -{limit}..{limit}")),
        Err(_) => Err(format!("{cell:?} is not a number")),
    }
}
