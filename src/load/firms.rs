//! firms.csv: one row per actor — `id`, `name`, `name_zh`, `city`, `kind`, `stages`,
//! `functions`, `employees`, `revenue`, `source`, the optional `group` (parent company or
//! business group), plus any extra columns (kept).

use std::collections::HashMap;

use super::cells::{self, NON_NEGATIVE};
use super::chains::stage_suggestion;
use super::cities::{CityBook, CityRef};
use super::problem::{Among, Problems};
use super::table::{Local, Table, TableSpec};
use crate::model::ids::IdIndex;
use crate::model::{Firm, Function, FunctionSet, Kind, Stage, StageIdx, Vocabulary};
use crate::text::suggest::vocabulary_message;

pub const SPEC: TableSpec = TableSpec {
    required: &["id", "name", "city", "kind", "stages"],
    optional: &[
        "name_zh",
        "functions",
        "employees",
        "revenue",
        "source",
        "group",
    ],
    rows_required: true,
};

/// A firm with the line it was read from (for later problems such as "no links").
pub struct FirmRows {
    pub firms: Vec<Firm>,
    pub lines: Vec<u64>,
    pub extra_columns: Vec<String>,
    /// Id → position in `firms`, built while merging (it also finds duplicate ids).
    pub index: IdIndex,
    /// Ids of rows dropped for errors (with their line), so links to them are not reported
    /// again as unknown.
    pub rejected_ids: HashMap<String, u64>,
    /// The known stages named by rows dropped for errors (duplicates too), so that a stage
    /// only they produce is not reported again as having no producer.
    pub dropped_stages: Vec<StageIdx>,
    /// Whether the header has a `group` column.
    pub has_group_column: bool,
}

pub fn read(
    table: &Table<'_>,
    cities: &CityBook<'_>,
    stages: &[Stage],
    problems: &mut Problems,
) -> FirmRows {
    let tag = table.tag;
    let c = |name| table.col(name);
    let (c_id, c_name, c_zh, c_city, c_kind) =
        (c("id"), c("name"), c("name_zh"), c("city"), c("kind"));
    let c_group = c("group");
    let (c_stages, c_functions, c_employees, c_revenue, c_source) = (
        c("stages"),
        c("functions"),
        c("employees"),
        c("revenue"),
        c("source"),
    );
    // Small vocabularies looked up once or twice per row: foldhash, not SipHash.
    let stage_index: HashMap<&str, StageIdx, foldhash::fast::RandomState> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i as StageIdx))
        .collect();
    // Rows are parsed in parallel chunks; duplicates are found while merging in file order.
    let mut out = FirmRows {
        firms: Vec::new(),
        lines: Vec::new(),
        extra_columns: table.extra_names(),
        index: IdIndex::default(),
        rejected_ids: HashMap::new(),
        dropped_stages: Vec::new(),
        has_group_column: c_group.is_some(),
    };
    let mut duplicates = Problems::default();
    let merge = |rows: Vec<ParsedFirm>, _: ()| {
        for row in rows {
            let id = match &row.firm {
                Ok(firm) => firm.id.as_str(),
                Err(Dropped { id: Some(id), .. }) => id.as_str(),
                Err(Dropped { id: None, stages }) => {
                    out.dropped_stages.extend(stages);
                    continue;
                }
            };
            // A valid row's id goes into the index at once (which says if it was there).
            let first = match &row.firm {
                Ok(_) if out.rejected_ids.contains_key(id) => out.rejected_ids.get(id).copied(),
                Ok(_) => out
                    .index
                    .insert(id, out.firms.len() as u32)
                    .map(|i| out.lines[i as usize]),
                Err(_) => out
                    .index
                    .get(id)
                    .map(|i| out.lines[i as usize])
                    .or_else(|| out.rejected_ids.get(id).copied()),
            };
            if let Some(first) = first {
                duplicates.error(
                    tag.at(row.line, "id"),
                    format!("duplicate firm id {id:?} (first on line {first})"),
                );
                out.dropped_stages.extend(match &row.firm {
                    Ok(firm) => &firm.stages,
                    Err(dropped) => &dropped.stages,
                });
                continue;
            }
            match row.firm {
                Ok(firm) => {
                    out.firms.push(firm);
                    out.lines.push(row.line);
                }
                Err(Dropped { id, stages }) => {
                    out.dropped_stages.extend(stages);
                    if let Some(id) = id {
                        out.rejected_ids.insert(id, row.line);
                    }
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
            let id = cells::key(row, c_id, tag, "id", problems);
            let name = row.cell(c_name);
            if name.is_empty() {
                problems.warning(tag.at(row.line(), "name"), "empty name");
            }
            let city_text = row.cell(c_city);
            let resolved = match city_text {
                "" => CityRef::Unknown,
                text => cities.resolve(text),
            };
            let city = match resolved {
                CityRef::Found(c) => Some(c),
                _ => None,
            };
            if city_text.is_empty() {
                problems.error(
                    tag.at(row.line(), "city"),
                    "empty value; this column is required",
                );
            } else if let Some(message) = city
                .is_none()
                .then(|| cells::control_message(city_text))
                .flatten()
            {
                problems.error(tag.at(row.line(), "city"), message);
            } else if let CityRef::Ambiguous(candidates) = &resolved {
                problems.error(
                    tag.at(row.line(), "city"),
                    CityBook::ambiguous_message(city_text, candidates),
                );
            } else if city.is_none() && cities.report_unknown {
                let (head, tail) = cities.unknown_message_parts(city_text);
                problems.error_hinted(
                    tag.at(row.line(), "city"),
                    head,
                    &tail,
                    Among::City,
                    city_text,
                );
            }
            let kind_text = row.cell(c_kind);
            let kind = Kind::parse(kind_text);
            if kind.is_none() {
                problems.error(
                    tag.at(row.line(), "kind"),
                    vocabulary_message("kind", kind_text, &Kind::spellings()),
                );
            }
            let mut produced: Vec<StageIdx> = Vec::new();
            let mut stages_ok = true;
            for item in cells::list(row.cell(c_stages)) {
                match stage_index.get(item) {
                    Some(&s) => produced.push(s),
                    None if cells::control_char(item).is_some() => {
                        stages_ok = false;
                        if let Some(message) = cells::control_message(item) {
                            problems.error(tag.at(row.line(), "stages"), message);
                        }
                    }
                    // chains.csv unusable: already reported there.
                    None if stages.is_empty() => stages_ok = false,
                    None => {
                        stages_ok = false;
                        problems.error_hinted(
                            tag.at(row.line(), "stages"),
                            format!("unknown stage {item:?}"),
                            "",
                            Among::StageItem,
                            item,
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
                            tag.at(row.line(), "functions"),
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
            // A group names firms together (exports and the shortlist group by it), so it
            // is held to the key rule: no control characters.
            let group_ok = match cells::control_message(row.cell(c_group)) {
                Some(message) => {
                    problems.error(tag.at(row.line(), "group"), message);
                    false
                }
                None => true,
            };
            let Some(id) = id else {
                return Some(ParsedFirm {
                    line: row.line(),
                    firm: Err(Dropped {
                        id: None,
                        stages: produced,
                    }),
                });
            };
            let valid = city.is_some()
                && kind.is_some()
                && stages_ok
                && functions_ok
                && group_ok
                && !bad_number;
            let firm = match (city, kind) {
                (Some(city), Some(kind)) if valid => Ok(Firm {
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
                    group: row.cell(c_group).to_string(),
                    extra: table.extra_values(row),
                }),
                _ => Err(Dropped {
                    id: Some(id.to_string()),
                    stages: produced,
                }),
            };
            Some(ParsedFirm {
                line: row.line(),
                firm,
            })
        },
        |rows, _, _, _| rows,
    );
    problems.resolve_hints(tag.rank, |among, value| match among {
        Among::City => cities.suggestion(value),
        _ => stage_suggestion(value, stages),
    });
    problems.extend(duplicates);
    out
}

/// A parsed row: the firm when every cell was valid, else what is known of the row.
struct ParsedFirm {
    line: u64,
    firm: Result<Firm, Dropped>,
}

/// A row dropped for an error: its id (when the cell was valid) and the known stages it
/// names.
struct Dropped {
    id: Option<String>,
    stages: Vec<StageIdx>,
}
