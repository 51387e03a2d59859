//! firms.csv: one row per actor — `id`, `name`, `name_zh`, `city`, `kind`, `stages`,
//! `functions`, `employees`, `revenue`, `source`, plus any extra columns (kept).

use std::collections::{HashMap, HashSet};

use super::cells::{self, NON_NEGATIVE};
use super::problem::Problems;
use super::suggest::{hint, vocabulary_message};
use super::table::{Local, Table, TableSpec};
use crate::model::{City, Firm, Function, FunctionSet, Kind, Stage, StageIdx, Vocabulary};

pub const SPEC: TableSpec = TableSpec {
    required: &["id", "name", "city", "kind", "stages"],
    optional: &["name_zh", "functions", "employees", "revenue", "source"],
    rows_required: true,
};

/// A firm with the line it was read from (for later problems such as "no links").
pub struct FirmRows {
    pub firms: Vec<Firm>,
    pub lines: Vec<u64>,
    pub extra_columns: Vec<String>,
    /// Ids of rows dropped for errors, so links to them are not reported again as unknown.
    pub rejected_ids: HashSet<String>,
}

pub fn read(
    table: &Table<'_>,
    cities: &[City],
    stages: &[Stage],
    problems: &mut Problems,
) -> FirmRows {
    let tag = table.tag;
    let c = |name| table.col(name);
    let (c_id, c_name, c_zh, c_city, c_kind) =
        (c("id"), c("name"), c("name_zh"), c("city"), c("kind"));
    let (c_stages, c_functions, c_employees, c_revenue, c_source) = (
        c("stages"),
        c("functions"),
        c("employees"),
        c("revenue"),
        c("source"),
    );
    let city_index: HashMap<&str, u32> = cities
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i as u32))
        .collect();
    let stage_index: HashMap<&str, StageIdx> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i as StageIdx))
        .collect();
    // Rows are parsed in parallel chunks; duplicates are found while merging in file order.
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut out = FirmRows {
        firms: Vec::new(),
        lines: Vec::new(),
        extra_columns: table.extra_names(),
        rejected_ids: HashSet::new(),
    };
    let mut duplicates = Problems::default();
    let merge = |rows: Vec<ParsedFirm>, _: ()| {
        for row in rows {
            if let Some(first) = seen.get(&row.id) {
                duplicates.error(
                    tag.at(row.line, "id"),
                    format!("duplicate firm id {:?} (first on line {first})", row.id),
                );
                continue;
            }
            seen.insert(row.id.clone(), row.line);
            match row.firm {
                Some(firm) => {
                    out.firms.push(firm);
                    out.lines.push(row.line);
                }
                None => {
                    out.rejected_ids.insert(row.id);
                }
            }
        }
    };
    table.par_rows(
        &SPEC,
        problems,
        merge,
        |row, local: &mut Local, _: &mut ()| {
            let problems = &mut local.problems;
            let hints = &mut local.hints;
            let id = cells::key(row, c_id, tag, "id", problems);
            let name = row.cell(c_name);
            if name.is_empty() {
                problems.warning(tag.at(row.line, "name"), "empty name");
            }
            let city_text = row.cell(c_city);
            let city = city_index.get(city_text).copied();
            if city_text.is_empty() {
                problems.error(
                    tag.at(row.line, "city"),
                    "empty value; this column is required",
                );
            } else if city.is_none() && !cities.is_empty() {
                let suggestion = if hints.take() {
                    hint(city_text, cities.iter().map(|c| c.id.as_str()))
                } else {
                    String::new()
                };
                problems.error(
                    tag.at(row.line, "city"),
                    format!("unknown city {city_text:?} (not in cities.csv){suggestion}"),
                );
            }
            let kind_text = row.cell(c_kind);
            let kind = Kind::parse(kind_text);
            if kind.is_none() {
                problems.error(
                    tag.at(row.line, "kind"),
                    vocabulary_message("kind", kind_text, &Kind::spellings()),
                );
            }
            let mut produced: Vec<StageIdx> = Vec::new();
            let mut stages_ok = true;
            for item in cells::list(row.cell(c_stages)) {
                match stage_index.get(item) {
                    Some(&s) => produced.push(s),
                    // chains.csv unusable: already reported there.
                    None if stages.is_empty() => stages_ok = false,
                    None => {
                        stages_ok = false;
                        let suggestion = if !hints.take() {
                            String::new()
                        } else if item.contains('/') {
                            hint(item, stages.iter().map(|s| s.key.as_str()))
                        } else {
                            // A bare stage id: suggest the qualified names that end with it.
                            let matches: Vec<&str> = stages
                                .iter()
                                .filter(|s| s.id == item)
                                .map(|s| s.key.as_str())
                                .collect();
                            if matches.is_empty() {
                                hint(item, stages.iter().map(|s| s.id.as_str()))
                            } else {
                                format!(
                                    "; stages are written chain/stage: {}",
                                    matches.join(" or ")
                                )
                            }
                        };
                        problems.error(
                            tag.at(row.line, "stages"),
                            format!("unknown stage {item:?}{suggestion}"),
                        );
                    }
                }
            }
            produced.sort_unstable();
            produced.dedup();
            let mut functions = FunctionSet::default();
            let mut functions_ok = true;
            for item in cells::list(row.cell(c_functions)) {
                match Function::parse(item) {
                    Some(f) => functions.insert(f),
                    None => {
                        functions_ok = false;
                        problems.error(
                            tag.at(row.line, "functions"),
                            vocabulary_message("function", item, &Function::spellings()),
                        );
                    }
                }
            }
            let employees =
                cells::number(row, c_employees, tag, "employees", NON_NEGATIVE, problems);
            let revenue = cells::number(row, c_revenue, tag, "revenue", NON_NEGATIVE, problems);
            let bad_number = (!row.cell(c_employees).is_empty() && employees.is_none())
                || (!row.cell(c_revenue).is_empty() && revenue.is_none());
            let id = id?;
            let valid =
                city.is_some() && kind.is_some() && stages_ok && functions_ok && !bad_number;
            let firm = match (city, kind) {
                (Some(city), Some(kind)) if valid => Some(Firm {
                    id: id.to_string(),
                    name: name.to_string(),
                    name_zh: row.cell(c_zh).to_string(),
                    city,
                    kind,
                    stages: produced,
                    functions,
                    employees,
                    revenue,
                    source: row.cell(c_source).to_string(),
                    extra: table.extra_values(row),
                }),
                _ => None,
            };
            Some(ParsedFirm {
                line: row.line,
                id: id.to_string(),
                firm,
            })
        },
    );
    problems.extend(duplicates);
    out
}

/// A parsed row: its id and, when every cell was valid, the firm.
struct ParsedFirm {
    line: u64,
    id: String,
    firm: Option<Firm>,
}
