//! firms.csv from the firm list: ids (the id column, else the credit code, else a slug of
//! the name), names, cities, kinds, stages (the stages column plus the map's keyword and
//! industry-code rules), functions, headcount and revenue (units converted), the rest kept
//! as extra columns. Rows that cannot be a firm are dropped and logged with their reason.

use std::collections::{BTreeMap, BTreeSet};

use super::columns::{TableKind, require, split_header};
use super::mapfile::{MatchedBy, match_stages};
use super::places::CityBook;
use super::template::StageBook;
use super::values::{
    Measure, city_key, has_cjk, headcount_multiplier, loose_name, money_multiplier, parse_number,
    ranges, slug, split_list,
};
use super::words;
use super::{Context, CsvFile};
use crate::model::Vocabulary;

use crate::load::FIRM_COLUMNS;

/// The firms written, and how link lists find them.
#[derive(Debug, Default)]
pub struct Firms {
    /// firms.csv.
    pub file: CsvFile,
    /// Lookup for link lists.
    pub index: FirmIndex,
}

/// Firm ids by id, credit code, name and loosely compared name.
#[derive(Debug, Default)]
pub struct FirmIndex {
    ids: BTreeSet<String>,
    by_code: BTreeMap<String, String>,
    by_name: BTreeMap<String, Vec<String>>,
    by_loose_name: BTreeMap<String, Vec<String>>,
}

impl FirmIndex {
    /// The id of the firm a link cell names: by id, credit code, name, or name compared
    /// loosely (full-width brackets, spaces, letter case); the reason when none or several.
    pub fn resolve(&self, cell: &str) -> Result<String, String> {
        if self.ids.contains(cell) {
            return Ok(cell.to_string());
        }
        if let Some(id) = self.by_code.get(&cell.to_ascii_uppercase()) {
            return Ok(id.clone());
        }
        let found = self
            .by_name
            .get(cell)
            .or_else(|| self.by_loose_name.get(&loose_name(cell)));
        match found.map(Vec::as_slice) {
            Some([one]) => return Ok(one.clone()),
            Some(many) if !many.is_empty() => {
                return Err(format!(
                    "{cell:?} names several firms ({}); give the id or credit code",
                    many.join(", ")
                ));
            }
            _ => {}
        }
        Err(format!(
            "{cell:?} is not in the firm list (by id, credit code or name)"
        ))
    }

    fn add(&mut self, id: &str, code: &str, names: &[&str]) {
        self.ids.insert(id.to_string());
        if !code.is_empty() {
            self.by_code
                .insert(code.to_ascii_uppercase(), id.to_string());
        }
        for name in names.iter().filter(|n| !n.is_empty()) {
            let exact = self.by_name.entry(name.to_string()).or_default();
            if !exact.iter().any(|i| i == id) {
                exact.push(id.to_string());
            }
            let loose = self.by_loose_name.entry(loose_name(name)).or_default();
            if !loose.iter().any(|i| i == id) {
                loose.push(id.to_string());
            }
        }
    }
}

/// Builds firms.csv; `None` when the firm list could not be read.
pub fn build(ctx: &mut Context, stages: &StageBook, cities: Option<&CityBook>) -> Option<Firms> {
    let path = ctx.inputs.firms.clone();
    let (table, columns) = ctx.read_table(TableKind::Firms, &path)?;
    if ["id", "credit_code", "name"]
        .iter()
        .all(|f| columns.get(f).is_none())
    {
        ctx.problems.error(
            &table.file,
            Some(table.header_row),
            None,
            format!(
                "no column names the firms: expected an id, credit code or name column (企业编号, 统一社会信用代码, 企业名称 …); the header is: {}",
                table.headers.join(", ")
            ),
        );
    }
    require(
        TableKind::Firms,
        &table,
        &columns,
        &["city"],
        &mut ctx.problems,
    );
    if ctx.problems.has_errors() {
        return None;
    }
    let default_kind = match ctx.map.firms.kind.clone() {
        Some(k) => match words::kind(&k) {
            Ok(k) => k.as_str(),
            Err(e) => {
                let map = ctx.map_label();
                ctx.problems
                    .error(&map, None, None, format!("[firms] kind: {e}"));
                return None;
            }
        },
        None => "firm",
    };
    let revenue_unit = ctx.money_unit(
        columns.get("revenue").map(|i| table.headers[i].as_str()),
        ctx.map.firms.revenue_unit.clone(),
        "[firms] revenue_unit",
    )?;
    // Bare headcounts are persons, unless the header says otherwise (`员工人数（万人）`).
    let headcount_unit = columns
        .get("employees")
        .and_then(|i| split_header(&table.headers[i]).1)
        .and_then(|unit| {
            headcount_multiplier(&unit).map(|f| (format!("{unit}, from the header"), f))
        })
        .filter(|(_, factor)| *factor != 1.0)
        .unwrap_or_else(|| ("persons".to_string(), 1.0));
    let mut firms = Firms {
        file: CsvFile::new(&FIRM_COLUMNS),
        ..Firms::default()
    };
    let has_code = columns.get("credit_code").is_some();
    if has_code {
        firms.file.header.push("credit_code".into());
    }
    for &extra in &columns.extras {
        firms.file.header.push(table.headers[extra].clone());
    }
    let file_name = path
        .file_name()
        .map_or(table.file.clone(), |n| n.to_string_lossy().into_owned());
    let mut first_row_of_id: BTreeMap<String, u64> = BTreeMap::new();
    let mut slug_names: BTreeMap<String, String> = BTreeMap::new();
    let mut id_origin: BTreeMap<&str, usize> = BTreeMap::new();
    let mut stage_counts: BTreeMap<usize, [usize; 3]> = BTreeMap::new();
    let mut no_stage_rows: Vec<u64> = Vec::new();
    let mut revenue_units: BTreeMap<String, usize> = BTreeMap::new();
    let mut employee_units: BTreeMap<String, usize> = BTreeMap::new();
    let mut kinds_defaulted = 0usize;
    for row in &table.rows {
        let cell = |f: &str| columns.cell(&row.cells, f).trim().to_string();
        let header = |f: &'static str| columns.header(&table, f).to_string();
        let errors_before = ctx.problems.list.len();
        let (id_cell, code, name) = (cell("id"), cell("credit_code"), cell("name"));
        let (id, origin) = if !id_cell.is_empty() {
            (id_cell, "the id column")
        } else if !code.is_empty() {
            (code.to_ascii_uppercase(), "the credit code")
        } else if !name.is_empty() {
            let base = match slug(&name) {
                s if s.is_empty() => format!("firm_row_{}", row.number),
                s => s,
            };
            // Two rows with one name and no code are one firm (dropped below as a repeat);
            // two names with one slug get _2, _3 … in row order.
            let mut id = base.clone();
            let mut n = 1;
            while slug_names.get(&id).is_some_and(|other| other != &name) {
                n += 1;
                id = format!("{base}_{n}");
            }
            slug_names.insert(id.clone(), name.clone());
            (id, "a slug of the name")
        } else {
            ctx.log.dropped.push(format!(
                "{} row {}: no id, credit code or name",
                table.file, row.number
            ));
            continue;
        };
        if id.chars().any(char::is_control) {
            ctx.problems.error(
                &table.file,
                Some(row.number),
                None,
                format!("id {id:?} holds a control character; ids must be printable"),
            );
            continue;
        }
        if let Some(first) = first_row_of_id.get(&id) {
            ctx.log.dropped.push(format!(
                "{} row {}: firm {id:?} again (first on row {first}); the first row is kept",
                table.file, row.number
            ));
            continue;
        }
        let city_cell = cell("city");
        if city_cell.is_empty() || super::values::is_unknown(&city_cell) {
            ctx.log.dropped.push(format!(
                "{} row {}: firm {id:?} has no city (a guessed city would move it into or out of a region)",
                table.file, row.number
            ));
            continue;
        }
        let city = match cities {
            Some(book) => match book.resolve(&city_cell) {
                Some(key) => key.to_string(),
                None => {
                    ctx.problems.error(
                        &table.file,
                        Some(row.number),
                        Some(&header("city")),
                        format!(
                            "city {city_cell:?} is not in the city list {}",
                            ctx.inputs
                                .cities
                                .as_ref()
                                .map_or(String::new(), |p| p.display().to_string())
                        ),
                    );
                    continue;
                }
            },
            None => city_key(&city_cell),
        };
        let kind = match cell("kind") {
            k if k.is_empty() => {
                kinds_defaulted += 1;
                default_kind.to_string()
            }
            k => match words::kind(&k) {
                Ok(k) => k.as_str().to_string(),
                Err(e) => {
                    ctx.problems
                        .error(&table.file, Some(row.number), Some(&header("kind")), e);
                    String::new()
                }
            },
        };
        // Stages: the column's items, then the map's rules.
        let mut firm_stages: Vec<usize> = Vec::new();
        let mut how: Vec<MatchedBy> = Vec::new();
        for item in split_list(&cell("stages")) {
            match stages.resolve(item) {
                Ok(name) => {
                    if let Some(i) = stages.index(&name)
                        && !firm_stages.contains(&i)
                    {
                        firm_stages.push(i);
                        how.push(MatchedBy::Column);
                    }
                }
                Err(e) => {
                    ctx.problems
                        .error(&table.file, Some(row.number), Some(&header("stages")), e)
                }
            }
        }
        for (rule, by) in match_stages(&ctx.map.stage, &cell("industry"), &cell("scope")) {
            if let Some(i) = stages.index(&ctx.map.stage[rule].name())
                && !firm_stages.contains(&i)
            {
                firm_stages.push(i);
                how.push(by);
            }
        }
        let mut functions: Vec<&str> = Vec::new();
        for item in split_list(&cell("functions")) {
            match words::function(item) {
                Ok(f) if !functions.contains(&f.as_str()) => functions.push(f.as_str()),
                Ok(_) => {}
                Err(e) => {
                    ctx.problems
                        .error(&table.file, Some(row.number), Some(&header("functions")), e)
                }
            }
        }
        let employees = match parse_number(&cell("employees"), Measure::Headcount) {
            Ok(Some(r)) => {
                *employee_units
                    .entry(unit_label(&r.unit, &headcount_unit.0))
                    .or_default() += 1;
                number_text(if r.unit.is_empty() {
                    r.value * headcount_unit.1
                } else {
                    r.value
                })
            }
            Ok(None) => String::new(),
            Err(e) => {
                ctx.problems
                    .error(&table.file, Some(row.number), Some(&header("employees")), e);
                String::new()
            }
        };
        let revenue = read_money(&cell("revenue"), &revenue_unit, &mut revenue_units)
            .unwrap_or_else(|e| {
                ctx.problems
                    .error(&table.file, Some(row.number), Some(&header("revenue")), e);
                String::new()
            });
        if ctx.problems.list[errors_before..]
            .iter()
            .any(|p| p.severity == crate::load::Severity::Error)
        {
            continue;
        }
        for (&stage, &by) in firm_stages.iter().zip(&how) {
            stage_counts.entry(stage).or_default()[by as usize] += 1;
        }
        if firm_stages.is_empty() {
            no_stage_rows.push(row.number);
        }
        let name_zh = match cell("name_zh") {
            n if n.is_empty() && has_cjk(&name) => name.clone(),
            n => n,
        };
        let source = match cell("source") {
            s if !s.is_empty() => s,
            _ => match &ctx.map.firms.source {
                Some(s) => s.clone(),
                None => format!("{file_name} row {}", row.number),
            },
        };
        let stage_names: Vec<String> = firm_stages.iter().map(|&i| stages.rows[i].name()).collect();
        let mut out = vec![
            id.clone(),
            name.clone(),
            name_zh.clone(),
            city,
            kind,
            stage_names.join(";"),
            functions.join(";"),
            employees,
            revenue,
            source,
            cell("group"),
        ];
        if has_code {
            out.push(code.clone());
        }
        for &extra in &columns.extras {
            out.push(row.cells[extra].clone());
        }
        firms.index.add(&id, &code, &[&name, &name_zh]);
        first_row_of_id.insert(id, row.number);
        *id_origin.entry(origin).or_default() += 1;
        firms.file.rows.push(out);
    }
    // The log.
    let mut lines = vec![format!(
        "firms.csv: {} from {} data rows",
        plural(firms.file.rows.len(), "firm"),
        table.rows.len()
    )];
    let origins: Vec<String> = id_origin
        .iter()
        .map(|(o, n)| format!("{n} from {o}"))
        .collect();
    lines.push(format!(
        "ids: {}",
        if origins.is_empty() {
            "none".to_string()
        } else {
            origins.join(", ")
        }
    ));
    if kinds_defaulted > 0 {
        lines.push(format!(
            "kind: {} without a kind cell: `{default_kind}`",
            plural(kinds_defaulted, "firm")
        ));
    }
    lines.push(match cities {
        Some(_) => "city: resolved through the city list (by key, Chinese name with or without 市, or key in any letter case)".to_string(),
        None => "city: the cell without a trailing 市 (`佛山市` → `佛山`); no city list was given".to_string(),
    });
    for (stage, counts) in &stage_counts {
        lines.push(format!(
            "stage {}: {} ({} from the stages column, {} by industry code, {} by keyword)",
            stages.rows[*stage].name(),
            plural(counts.iter().sum::<usize>(), "firm"),
            counts[MatchedBy::Column as usize],
            counts[MatchedBy::IndustryCode as usize],
            counts[MatchedBy::Keyword as usize]
        ));
    }
    if !no_stage_rows.is_empty() {
        lines.push(format!(
            "no stage matched for {} (kept, with an empty stages cell): rows {}",
            plural(no_stage_rows.len(), "firm"),
            ranges(&no_stage_rows)
        ));
    }
    if let Some(i) = columns.get("employees") {
        lines.push(format!(
            "employees ({}): {}",
            table.headers[i],
            tally(&employee_units)
        ));
    }
    if let Some(i) = columns.get("revenue") {
        lines.push(format!(
            "revenue ({}): written in CNY million; cells: {}; bare numbers read in {} ({})",
            table.headers[i],
            tally(&revenue_units),
            revenue_unit.0,
            revenue_unit.2
        ));
    }
    ctx.log
        .values
        .push((format!("Firms ({})", table.file), lines));
    Some(firms)
}

/// `1 firm`, `2 firms`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// How a cell's unit is named in the log.
fn unit_label(unit: &str, bare: &str) -> String {
    if unit.is_empty() {
        format!("bare number ({bare})")
    } else {
        unit.to_string()
    }
}

/// `3 in 万, 1 in 亿` for the log.
pub fn tally(units: &BTreeMap<String, usize>) -> String {
    if units.is_empty() {
        return "no known value".to_string();
    }
    units
        .iter()
        .map(|(u, n)| format!("{n} in {u}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A number as written to CSV: rounded to 6 decimals, without a trailing `.0`.
pub fn number_text(value: f64) -> String {
    let rounded = (value * 1e6).round() / 1e6;
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

/// A money cell in CNY million (empty when unknown): a cell with a unit or multiplier is
/// in yuan, a bare number in `unit` (name, factor to yuan, origin); the unit as read is
/// counted in `units` for the log.
pub fn read_money(
    cell: &str,
    unit: &(String, f64, String),
    units: &mut BTreeMap<String, usize>,
) -> Result<String, String> {
    let Some(reading) = parse_number(cell, Measure::Money)? else {
        return Ok(String::new());
    };
    *units.entry(unit_label(&reading.unit, &unit.0)).or_default() += 1;
    let yuan = if reading.unit.is_empty() {
        reading.value * unit.1
    } else {
        reading.value
    };
    Ok(number_text(yuan / 1e6))
}

/// The unit of a money column's bare numbers: from the header's bracket (`营业收入（万元）`),
/// else the map's setting, else CNY million; as (name, factor to yuan, where it came from).
pub fn money_unit(
    header: Option<&str>,
    setting: Option<String>,
) -> Result<(String, f64, String), String> {
    if let Some((_, Some(unit))) = header.map(split_header)
        && let Some(factor) = money_multiplier(&unit).filter(|_| !unit.is_empty())
    {
        return Ok((unit, factor, "from the header".to_string()));
    }
    if let Some(unit) = setting {
        return match money_multiplier(&unit).filter(|_| !unit.is_empty()) {
            Some(factor) => Ok((unit, factor, "from the map file".to_string())),
            None => Err(format!(
                "unit {unit:?} is not an amount in CNY (元, 万元, 亿元, CNY million …)"
            )),
        };
    }
    Ok((
        "CNY million".to_string(),
        1e6,
        "the dataset's unit: no unit in the header or the map file".to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_plainly() {
        assert_eq!(number_text(350.0), "350");
        assert_eq!(number_text(1.2e4), "12000");
        assert_eq!(number_text(25.005), "25.005");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
    }

    #[test]
    fn money_units_come_from_the_header_then_the_map() {
        let (unit, factor, _) = money_unit(Some("营业收入（万元）"), None).unwrap();
        assert_eq!((unit.as_str(), factor), ("万元", 1e4));
        let (unit, factor, _) = money_unit(Some("营业收入"), Some("亿元".into())).unwrap();
        assert_eq!((unit.as_str(), factor), ("亿元", 1e8));
        assert_eq!(money_unit(Some("营业收入"), None).unwrap().1, 1e6);
        assert!(money_unit(None, Some("USD".into())).is_err());
    }
}
