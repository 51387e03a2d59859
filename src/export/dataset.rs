//! Writes a model back out as a dataset folder in the data contract (`cities.csv`,
//! `chains.csv`, `firms.csv`, `links.csv`, extra columns and the firms' `group` column
//! included, and `absences.csv` when the model has absences), so an export can be
//! loaded again — the round trip gives an equal model — and a filtered view becomes a
//! smaller dataset of its own. Cells go through the same spreadsheet-safe CSV writer as
//! every other CSV (a text cell starting with `= + - @`, tab or CR gets a leading `'`,
//! which the loader removes again).

use super::view::GraphView;
use crate::load::{FIRM_COLUMNS, LINK_COLUMNS};
use crate::model::{Model, Vocabulary};
use crate::text::csv;

fn num(v: Option<f64>) -> String {
    v.map_or(String::new(), |x| x.to_string())
}

/// The files of the view's dataset: every city and chain template, the view's firms and
/// links, and every absence. A filter keeps every city and every stage (it selects firms
/// and links only), so each absence's area and stage are still in the exported files and
/// the re-loaded dataset has the same absences; absences.csv is written only when there
/// are absences (a dataset without it has none).
pub fn files(view: &GraphView<'_>) -> Vec<(&'static str, Vec<u8>)> {
    let model: &Model = view.model;
    let mut out = Vec::new();

    let mut headers = vec!["city", "name_zh", "region", "country", "lat", "lon"];
    headers.extend(model.city_extra_columns.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = model
        .cities
        .iter()
        .map(|c| {
            let mut r = vec![
                c.id.clone(),
                c.name_zh.clone(),
                c.region.clone(),
                c.country.clone(),
                num(c.lat),
                num(c.lon),
            ];
            r.extend(c.extra.iter().cloned());
            r
        })
        .collect();
    out.push(("cities.csv", csv::render(&headers, &rows).into_bytes()));

    let mut headers = vec!["chain", "stage", "label", "tier", "inputs"];
    headers.extend(model.stage_extra_columns.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = model
        .chains
        .iter()
        .flat_map(|chain| {
            chain
                .stages
                .iter()
                .map(move |&s| (chain, &model.stages[s as usize]))
        })
        .map(|(chain, stage)| {
            let inputs = stage
                .inputs
                .iter()
                .map(|g| {
                    g.iter()
                        .map(|&u| model.stages[u as usize].id.as_str())
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect::<Vec<_>>()
                .join(";");
            let mut r = vec![
                chain.id.clone(),
                stage.id.clone(),
                stage.label.clone(),
                stage.tier.as_str().to_string(),
                inputs,
            ];
            r.extend(stage.extra.iter().cloned());
            r
        })
        .collect();
    out.push(("chains.csv", csv::render(&headers, &rows).into_bytes()));

    // Every firm column but `group`, which is written only when the data has it.
    let mut headers = FIRM_COLUMNS[..FIRM_COLUMNS.len() - 1].to_vec();
    if model.has_group_column {
        headers.push("group");
    }
    headers.extend(model.firm_extra_columns.iter().map(String::as_str));
    let mut firms = view.nodes.clone();
    firms.sort_unstable(); // file order
    let rows: Vec<Vec<String>> = firms
        .iter()
        .map(|&f| {
            let firm = &model.firms[f as usize];
            let stages: Vec<&str> = firm
                .stages
                .iter()
                .map(|&s| model.stages[s as usize].key.as_str())
                .collect();
            let functions: Vec<&str> = firm.functions.iter().map(|x| x.as_str()).collect();
            let mut r = vec![
                firm.id.clone(),
                firm.name.clone(),
                firm.name_zh.clone(),
                model.cities[firm.city as usize].id.clone(),
                firm.kind.as_str().to_string(),
                stages.join(";"),
                functions.join(";"),
                num(firm.employees),
                num(firm.revenue),
                firm.source.clone(),
            ];
            if model.has_group_column {
                r.push(firm.group.clone());
            }
            r.extend(firm.extra.iter().cloned());
            r
        })
        .collect();
    out.push(("firms.csv", csv::render(&headers, &rows).into_bytes()));

    let mut headers = LINK_COLUMNS.to_vec();
    headers.extend(model.link_extra_columns.iter().map(String::as_str));
    let mut links = view.edges.clone();
    links.sort_unstable();
    let rows: Vec<Vec<String>> = links
        .iter()
        .map(|&l| {
            let link = &model.links[l as usize];
            let mut r = vec![
                model.firms[link.source as usize].id.clone(),
                model.firms[link.target as usize].id.clone(),
                link.layer.as_str().to_string(),
                link.stage
                    .map_or(String::new(), |s| model.stages[s as usize].key.clone()),
                num(link.weight),
                link.year.map_or(String::new(), |y| y.to_string()),
                link.evidence.as_str().to_string(),
                model.source_ref(link).to_string(),
            ];
            r.extend(model.link_extra(l).iter().cloned());
            r
        })
        .collect();
    out.push(("links.csv", csv::render(&headers, &rows).into_bytes()));

    if !model.absences.is_empty() {
        let headers = ["area", "stage", "evidence", "source_ref", "note"];
        let rows: Vec<Vec<String>> = model
            .absences
            .iter()
            .map(|a| {
                vec![
                    a.area_id.clone(),
                    model.stages[a.stage as usize].key.clone(),
                    a.evidence.as_str().to_string(),
                    a.source_ref.clone(),
                    a.note.clone(),
                ]
            })
            .collect();
        out.push(("absences.csv", csv::render(&headers, &rows).into_bytes()));
    }
    out
}
