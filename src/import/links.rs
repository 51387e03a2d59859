//! links.csv from a link list: suppliers and customers named by id, credit code or name
//! (resolved to firm ids), layer and evidence (from columns or the map's defaults), the
//! stage that flows, the amount converted to CNY million, the year. Rows whose firms cannot
//! be found are dropped and logged with their reason.

use std::collections::BTreeMap;

use super::columns::{TableKind, require};
use super::firms::{FirmIndex, number_text, plural, read_money, tally};
use super::template::StageBook;
use super::values::{Measure, is_unknown, parse_number};
use super::words;
use super::{Context, CsvFile};
use crate::model::Vocabulary;

use crate::load::LINK_COLUMNS;

/// Builds links.csv: from `--links` when given, else a header alone.
pub fn build(ctx: &mut Context, firms: &FirmIndex, stages: &StageBook) -> CsvFile {
    let mut links = CsvFile::new(&LINK_COLUMNS);
    let Some(path) = ctx.inputs.links.clone() else {
        ctx.log.values.push((
            "Links".to_string(),
            vec!["no link list given: links.csv has its header only (check warns that firms have no links)".to_string()],
        ));
        return links;
    };
    let Some((table, columns)) = ctx.read_table(TableKind::Links, &path) else {
        return links;
    };
    require(
        TableKind::Links,
        &table,
        &columns,
        &["source", "target"],
        &mut ctx.problems,
    );
    let map = ctx.map_label();
    let default_layer = match ctx.map.links.layer.as_deref().map(words::layer) {
        Some(Ok(l)) => l.as_str(),
        Some(Err(e)) => {
            ctx.problems
                .error(&map, None, None, format!("[links] layer: {e}"));
            return links;
        }
        None => "supply",
    };
    let default_evidence = match ctx.map.links.evidence.as_deref().map(words::evidence) {
        Some(Ok(e)) => Some(e.as_str()),
        Some(Err(e)) => {
            ctx.problems
                .error(&map, None, None, format!("[links] evidence: {e}"));
            return links;
        }
        None => None,
    };
    if columns.get("evidence").is_none() && default_evidence.is_none() {
        ctx.problems.error(
            &table.file,
            Some(table.header_row),
            None,
            "no evidence column: say how the links are known with an evidence column or `[links] evidence = \"documented\"` (or reported, estimated, assumed) in the map file",
        );
    }
    let Some(weight_unit) = ctx.money_unit(
        columns.get("weight").map(|i| table.headers[i].as_str()),
        ctx.map.links.weight_unit.clone(),
        "[links] weight_unit",
    ) else {
        return links;
    };
    if ctx.problems.has_errors() {
        return links;
    }
    for &extra in &columns.extras {
        links.header.push(table.headers[extra].clone());
    }
    let file_name = path
        .file_name()
        .map_or(table.file.clone(), |n| n.to_string_lossy().into_owned());
    let mut weight_units: BTreeMap<String, usize> = BTreeMap::new();
    let mut layers: BTreeMap<String, usize> = BTreeMap::new();
    for row in &table.rows {
        let cell = |f: &str| columns.cell(&row.cells, f).trim().to_string();
        let header = |f: &'static str| columns.header(&table, f).to_string();
        let mut ends = Vec::new();
        for (field, role) in [("source", "supplier"), ("target", "customer")] {
            let value = cell(field);
            if is_unknown(&value) {
                ctx.log
                    .dropped
                    .push(format!("{} row {}: no {role}", table.file, row.number));
                break;
            }
            match firms.resolve(&value) {
                Ok(id) => ends.push(id),
                Err(why) => {
                    ctx.log
                        .dropped
                        .push(format!("{} row {}: {role} {why}", table.file, row.number));
                    break;
                }
            }
        }
        let [source, target] = ends.as_slice() else {
            continue;
        };
        if source == target {
            ctx.log.dropped.push(format!(
                "{} row {}: supplier and customer are the same firm {source:?}",
                table.file, row.number
            ));
            continue;
        }
        let errors_before = ctx.problems.list.len();
        let layer = match cell("layer") {
            l if l.is_empty() => default_layer.to_string(),
            l => words::layer(&l)
                .map(|l| l.as_str().to_string())
                .unwrap_or_else(|e| {
                    ctx.problems
                        .error(&table.file, Some(row.number), Some(&header("layer")), e);
                    String::new()
                }),
        };
        let evidence = match (cell("evidence"), default_evidence) {
            (e, Some(default)) if e.is_empty() => default.to_string(),
            (e, _) => words::evidence(&e)
                .map(|e| e.as_str().to_string())
                .unwrap_or_else(|e| {
                    ctx.problems
                        .error(&table.file, Some(row.number), Some(&header("evidence")), e);
                    String::new()
                }),
        };
        let stage = match cell("stage") {
            s if s.is_empty() => String::new(),
            s => stages.resolve(&s).unwrap_or_else(|e| {
                ctx.problems
                    .error(&table.file, Some(row.number), Some(&header("stage")), e);
                String::new()
            }),
        };
        let weight =
            read_money(&cell("weight"), &weight_unit, &mut weight_units).unwrap_or_else(|e| {
                ctx.problems
                    .error(&table.file, Some(row.number), Some(&header("weight")), e);
                String::new()
            });
        let year = match parse_number(&cell("year"), Measure::Plain) {
            Ok(Some(r)) if r.value.fract() == 0.0 => number_text(r.value),
            Ok(Some(_)) => {
                ctx.problems.error(
                    &table.file,
                    Some(row.number),
                    Some(&header("year")),
                    format!("{:?} is not a whole number", cell("year")),
                );
                String::new()
            }
            Ok(None) => String::new(),
            Err(e) => {
                ctx.problems
                    .error(&table.file, Some(row.number), Some(&header("year")), e);
                String::new()
            }
        };
        if ctx.problems.list.len() > errors_before {
            continue;
        }
        let source_ref = match cell("source_ref") {
            s if !s.is_empty() => s,
            _ => format!("{file_name} row {}", row.number),
        };
        *layers.entry(layer.clone()).or_default() += 1;
        let mut out = vec![
            source.clone(),
            target.clone(),
            layer,
            stage,
            weight,
            year,
            evidence,
            source_ref,
        ];
        for &extra in &columns.extras {
            out.push(row.cells[extra].clone());
        }
        links.rows.push(out);
    }
    let mut lines = vec![format!(
        "links.csv: {} from {} data rows",
        plural(links.rows.len(), "link"),
        table.rows.len()
    )];
    lines.push(format!(
        "layers: {}",
        layers
            .iter()
            .map(|(l, n)| format!("{n} {l}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    lines.push("suppliers and customers found by firm id, credit code, name, or name ignoring spaces, bracket width and letter case".to_string());
    if let Some(i) = columns.get("weight") {
        lines.push(format!(
            "weight ({}): written in CNY million; cells: {}; bare numbers read in {} ({})",
            table.headers[i],
            tally(&weight_units),
            weight_unit.0,
            weight_unit.2
        ));
    }
    ctx.log
        .values
        .push((format!("Links ({})", table.file), lines));
    links
}
