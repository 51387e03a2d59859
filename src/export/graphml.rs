//! GraphML for Gephi, Cytoscape and yEd: all `<key>` declarations first, typed (`string`,
//! `int`, `double`, `boolean`), then one `<graph edgedefault="directed">` with nodes (firm
//! ids) and edges (`e0`, `e1`, … in view order, parallel links kept). Every value is
//! XML-escaped with forbidden control characters removed; unknown values are omitted.

use std::fmt::Write as _;

use super::attrs::{edge_schema, edge_values, node_schema, node_values};
use super::view::GraphView;
use crate::text::Writer;
use crate::text::escape::xml;

/// The firm graph as GraphML (see the module header for the schema).
pub struct GraphMl;

impl Writer<GraphView<'_>> for GraphMl {
    fn render(&self, view: &GraphView<'_>) -> Vec<u8> {
        let model = view.model;
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        );
        let nodes = node_schema(view);
        let edges = edge_schema(view);
        for (i, (name, t)) in nodes.iter().enumerate() {
            let _ = writeln!(
                out,
                "  <key id=\"n{i}\" for=\"node\" attr.name=\"{}\" attr.type=\"{}\"/>",
                xml(name),
                t.graphml()
            );
        }
        for (i, (name, t)) in edges.iter().enumerate() {
            let _ = writeln!(
                out,
                "  <key id=\"e{i}\" for=\"edge\" attr.name=\"{}\" attr.type=\"{}\"/>",
                xml(name),
                t.graphml()
            );
        }
        let _ = writeln!(
            out,
            "  <graph id=\"{}\" edgedefault=\"directed\">",
            xml(&view.title)
        );
        for &f in &view.nodes {
            let _ = writeln!(
                out,
                "    <node id=\"{}\">",
                xml(&model.firms[f as usize].id)
            );
            for (i, v) in node_values(view, f).into_iter().enumerate() {
                if let Some(v) = v {
                    let _ = writeln!(out, "      <data key=\"n{i}\">{}</data>", xml(&v.text()));
                }
            }
            out.push_str("    </node>\n");
        }
        for (k, &l) in view.edges.iter().enumerate() {
            let link = &model.links[l as usize];
            let _ = writeln!(
                out,
                "    <edge id=\"e{k}\" source=\"{}\" target=\"{}\">",
                xml(&model.firms[link.source as usize].id),
                xml(&model.firms[link.target as usize].id)
            );
            for (i, v) in edge_values(view, l).into_iter().enumerate() {
                if let Some(v) = v {
                    let _ = writeln!(out, "      <data key=\"e{i}\">{}</data>", xml(&v.text()));
                }
            }
            out.push_str("    </edge>\n");
        }
        out.push_str("  </graph>\n</graphml>\n");
        out.into_bytes()
    }
}
