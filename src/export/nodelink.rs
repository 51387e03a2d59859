//! Node-link JSON in the style of D3 and NetworkX `node_link_data`:
//! `{"directed": true, "multigraph": true, "graph": {...}, "nodes": [{"id": …, attrs}],
//! "links": [{"source": …, "target": …, "key": k, attrs}]}` — loads with NetworkX
//! `node_link_graph(data, edges="links")`. `key` numbers parallel links between the same
//! pair 0, 1, …; unknown values are omitted.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::attrs::{edge_schema, edge_values, node_schema, node_values};
use super::view::GraphView;
use crate::text::Writer;

/// The firm graph as node-link JSON (see the module header for the shape).
///
/// # Examples
///
/// ```
/// use chainatlas::export::nodelink::NodeLink;
/// use chainatlas::export::view::{Filters, GraphView, select};
/// use chainatlas::load::{DatasetSource, LoadOptions, load};
/// use chainatlas::text::Writer;
///
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/datasets/tiny");
/// let model = load(&DatasetSource::from_arg(Some(dir.as_ref())), &LoadOptions::default())
///     .unwrap()
///     .model
///     .expect("datasets/tiny is valid");
/// let (nodes, edges) = select(&model, &Filters::default(), None).unwrap();
/// let view = GraphView {
///     nodes,
///     edges,
///     local: vec![true; model.firms.len()],
///     metrics: None,
///     highlight: vec![false; model.firms.len()],
///     title: "tiny".to_string(),
///     model: &model,
/// };
/// let json: serde_json::Value = serde_json::from_slice(&NodeLink.render(&view)).unwrap();
/// assert_eq!(json["nodes"].as_array().unwrap().len(), model.firms.len());
/// assert!(json["nodes"].as_array().unwrap().iter().any(|n| n["id"] == "fs_copper"));
/// ```
pub struct NodeLink;

impl Writer<GraphView<'_>> for NodeLink {
    fn render(&self, view: &GraphView<'_>) -> Vec<u8> {
        let model = view.model;
        let node_names = node_schema(view);
        let edge_names = edge_schema(view);
        let nodes: Vec<Json> = view
            .nodes
            .iter()
            .map(|&f| {
                let mut m = Map::new();
                m.insert("id".into(), Json::from(model.firms[f as usize].id.as_str()));
                for ((name, _), v) in node_names.iter().zip(node_values(view, f)) {
                    if let Some(v) = v {
                        m.insert(name.clone(), v.json());
                    }
                }
                Json::Object(m)
            })
            .collect();
        let mut keys: BTreeMap<(u32, u32), u64> = BTreeMap::new();
        let links: Vec<Json> = view
            .edges
            .iter()
            .map(|&l| {
                let link = &model.links[l as usize];
                let key = keys.entry((link.source, link.target)).or_insert(0);
                let mut m = Map::new();
                m.insert(
                    "source".into(),
                    Json::from(model.firms[link.source as usize].id.as_str()),
                );
                m.insert(
                    "target".into(),
                    Json::from(model.firms[link.target as usize].id.as_str()),
                );
                m.insert("key".into(), Json::from(*key));
                *key += 1;
                for ((name, _), v) in edge_names.iter().zip(edge_values(view, l)) {
                    if let Some(v) = v {
                        m.insert(name.clone(), v.json());
                    }
                }
                Json::Object(m)
            })
            .collect();
        let mut graph = Map::new();
        graph.insert("name".into(), Json::from(view.title.as_str()));
        let mut root = Map::new();
        root.insert("directed".into(), Json::from(true));
        root.insert("multigraph".into(), Json::from(true));
        root.insert("graph".into(), Json::Object(graph));
        root.insert("nodes".into(), Json::Array(nodes));
        root.insert("links".into(), Json::Array(links));
        let mut text = serde_json::to_string_pretty(&Json::Object(root)).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }
}
