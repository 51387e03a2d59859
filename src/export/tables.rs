//! Node and edge tables as CSV, with Gephi's column names (`Id,Label,…` and
//! `Source,Target,Type,…`) and every cell neutralised against spreadsheet formula injection
//! (see [`crate::text::csv`]).

use super::attrs::{edge_schema, edge_values, node_schema, node_values};
use super::view::GraphView;
use crate::text::Writer;
use crate::text::csv;

/// `nodes.csv`.
pub struct NodeTable;
/// `edges.csv`.
pub struct EdgeTable;

impl Writer<GraphView<'_>> for NodeTable {
    fn render(&self, view: &GraphView<'_>) -> Vec<u8> {
        let model = view.model;
        let schema = node_schema(view);
        let mut headers: Vec<&str> = vec!["Id", "Label"];
        headers.extend(schema.iter().map(|(n, _)| n.as_str()));
        let rows: Vec<Vec<String>> = view
            .nodes
            .iter()
            .map(|&f| {
                let firm = &model.firms[f as usize];
                let label = if firm.name.is_empty() {
                    &firm.id
                } else {
                    &firm.name
                };
                let mut row = vec![firm.id.clone(), label.clone()];
                row.extend(
                    node_values(view, f)
                        .into_iter()
                        .map(|v| v.map_or(String::new(), |v| v.text())),
                );
                row
            })
            .collect();
        csv::render(&headers, &rows).into_bytes()
    }
}

impl Writer<GraphView<'_>> for EdgeTable {
    fn render(&self, view: &GraphView<'_>) -> Vec<u8> {
        let model = view.model;
        let schema = edge_schema(view);
        let mut headers: Vec<&str> = vec!["Source", "Target", "Type"];
        headers.extend(schema.iter().map(|(n, _)| n.as_str()));
        let rows: Vec<Vec<String>> = view
            .edges
            .iter()
            .map(|&l| {
                let link = &model.links[l as usize];
                let mut row = vec![
                    model.firms[link.source as usize].id.clone(),
                    model.firms[link.target as usize].id.clone(),
                    "Directed".to_string(),
                ];
                row.extend(
                    edge_values(view, l)
                        .into_iter()
                        .map(|v| v.map_or(String::new(), |v| v.text())),
                );
                row
            })
            .collect();
        csv::render(&headers, &rows).into_bytes()
    }
}
