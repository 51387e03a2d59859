//! DOT (Graphviz) for the firm graph. Quoted string ids (firm ids, never indices); one
//! `subgraph cluster_…` per city or per stage (`--cluster`), or none; `rankdir=LR`,
//! `newrank=true` and one `rank=same` group per stage tier so suppliers sit left of buyers;
//! colour and style per layer; highlighted bottleneck firms drawn in red with a thick
//! border; a legend cluster. Nodes and edges come sorted from the view, so the same input
//! gives the same bytes. All text goes through [`crate::text::escape`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::view::GraphView;
use crate::model::{FirmIdx, Layer, Tier, Vocabulary};
use crate::text::Writer;
use crate::text::escape::{DOT_MAX_LABEL_BYTES, dot_label, dot_quote};

/// How nodes are grouped into clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cluster {
    /// One `subgraph cluster_…` per city (`--cluster city`).
    City,
    /// One cluster per stage a firm produces (`--cluster stage`).
    Stage,
    /// No clusters (`--cluster none`).
    None,
}

/// The firm graph as DOT (see the module header for the layout and styles).
pub struct Dot {
    /// How nodes are grouped.
    pub cluster: Cluster,
}

fn layer_style(layer: Layer) -> &'static str {
    match layer {
        Layer::Supply => "color=\"#333333\", style=solid",
        Layer::Value => "color=\"#1f77b4\", style=dashed",
        Layer::Innovation => "color=\"#2ca02c\", style=dotted, penwidth=1.5",
        Layer::Capital => "color=\"#9467bd\", style=bold",
    }
}

/// A firm's node id: its quoted id, or — when that is longer than Graphviz accepts — a
/// short synthetic one, `" n123"` (the firm's index). The leading space keeps it apart from
/// every firm id, which the loader trims; the label still shows the (cut) name or id.
fn node_id(view: &GraphView<'_>, f: FirmIdx) -> String {
    let quoted = dot_quote(&view.model.firms[f as usize].id);
    if quoted.len() <= DOT_MAX_LABEL_BYTES {
        quoted
    } else {
        format!("\" n{f}\"")
    }
}

/// The most upstream tier a firm produces (its rank), if any.
/// Above this many firms a clustered export limits Graphviz's crossing minimisation to one
/// pass (`mclimit`), so `dot` renders it in seconds.
pub const BIG_CLUSTERED: usize = 100;

fn tier_of(view: &GraphView<'_>, f: FirmIdx) -> Option<Tier> {
    let model = view.model;
    model.firms[f as usize]
        .stages
        .iter()
        .map(|&s| model.stages[s as usize].tier)
        .min()
}

impl Writer<GraphView<'_>> for Dot {
    fn render(&self, view: &GraphView<'_>) -> Vec<u8> {
        let model = view.model;
        let mut out = String::new();
        let _ = writeln!(out, "digraph {} {{", dot_quote("chainatlas"));
        // Graphviz's crossing minimisation with many clusters can run for hours (2.43 loops
        // on the GBA's 90 stage clusters); one pass keeps big clustered pictures to seconds.
        let limit_mincross = self.cluster != Cluster::None && view.nodes.len() > BIG_CLUSTERED;
        let _ = writeln!(
            out,
            "  graph [rankdir=LR, newrank=true, {}fontname=\"sans-serif\", label={}, labelloc=t];",
            if limit_mincross { "mclimit=0.05, " } else { "" },
            dot_label(&view.title)
        );
        out.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f7f7f7\", fontname=\"sans-serif\", fontsize=10];\n");
        out.push_str("  edge [fontname=\"sans-serif\", fontsize=8, arrowsize=0.6];\n");

        let node_line = |f: FirmIdx| -> String {
            let firm = &model.firms[f as usize];
            let name = if firm.name.is_empty() {
                &firm.id
            } else {
                &firm.name
            };
            let city = &model.cities[firm.city as usize].id;
            let mut attrs = format!("label={}", dot_label(&format!("{name}\n{city}")));
            let id = node_id(view, f);
            if id.starts_with("\" n") {
                // A synthetic id: the firm's own (cut) id as the tooltip.
                let _ = write!(attrs, ", tooltip={}", dot_label(&firm.id));
            }
            if !view.local[f as usize] {
                attrs.push_str(", fillcolor=\"#e8e8e8\", fontcolor=\"#555555\"");
            }
            if view.highlight[f as usize] {
                attrs.push_str(", color=\"#d62728\", penwidth=3, fillcolor=\"#fde0dd\"");
            }
            format!("{id} [{attrs}];")
        };

        // Clusters, in key order; nodes inside in id order.
        let mut groups: BTreeMap<String, Vec<FirmIdx>> = BTreeMap::new();
        for &f in &view.nodes {
            let key = match self.cluster {
                Cluster::None => String::new(),
                Cluster::City => model.cities[model.firms[f as usize].city as usize]
                    .id
                    .clone(),
                Cluster::Stage => model.firms[f as usize].stages.first().map_or_else(
                    || "(no stage)".to_string(),
                    |&s| model.stages[s as usize].key.clone(),
                ),
            };
            groups.entry(key).or_default().push(f);
        }
        for (i, (key, nodes)) in groups.iter().enumerate() {
            let indent = if self.cluster == Cluster::None {
                "  "
            } else {
                "    "
            };
            if self.cluster != Cluster::None {
                let _ = writeln!(out, "  subgraph {} {{", dot_quote(&format!("cluster_{i}")));
                let _ = writeln!(
                    out,
                    "    label={}; style=rounded; color=\"#bbbbbb\";",
                    dot_label(key)
                );
            }
            for &f in nodes {
                let _ = writeln!(out, "{indent}{}", node_line(f));
            }
            if self.cluster != Cluster::None {
                out.push_str("  }\n");
            }
        }
        // Stage tiers as ranks. Not for big exports clustered by stage: the clusters already
        // order the stages, and rank=same across ~100 stage clusters sends Graphviz 2.43's
        // crossing minimisation into a loop (the GBA with 412 firms), whatever `mclimit` says.
        let tier_ranks = !(limit_mincross && self.cluster == Cluster::Stage);
        let mut tiers: BTreeMap<Tier, Vec<FirmIdx>> = BTreeMap::new();
        for &f in view.nodes.iter().filter(|_| tier_ranks) {
            if let Some(t) = tier_of(view, f) {
                tiers.entry(t).or_default().push(f);
            }
        }
        for (tier, nodes) in &tiers {
            let ids: Vec<String> = nodes.iter().map(|&f| node_id(view, f)).collect();
            let _ = writeln!(
                out,
                "  {{ rank=same; /* {} */ {}; }}",
                tier.as_str(),
                ids.join("; ")
            );
        }
        for &l in &view.edges {
            let link = &model.links[l as usize];
            let mut attrs = layer_style(link.layer).to_string();
            if let Some(s) = link.stage {
                let _ = write!(
                    attrs,
                    ", tooltip={}",
                    dot_label(&model.stages[s as usize].key)
                );
            }
            let _ = writeln!(
                out,
                "  {} -> {} [{attrs}];",
                node_id(view, link.source),
                node_id(view, link.target)
            );
        }
        // Legend: one styled edge per layer, between invisible-text nodes.
        out.push_str("  subgraph \"cluster_legend\" {\n    label=\"Legend\"; style=rounded; color=\"#bbbbbb\";\n");
        for layer in Layer::ALL {
            let (a, b) = (
                format!("__legend_{layer}_from"),
                format!("__legend_{layer}_to"),
            );
            let _ = writeln!(
                out,
                "    {} [label={}, shape=plaintext, style=\"\"]; {} [label=\"\", shape=point];",
                dot_quote(&a),
                dot_quote(layer.as_str()),
                dot_quote(&b)
            );
            let _ = writeln!(
                out,
                "    {} -> {} [{}];",
                dot_quote(&a),
                dot_quote(&b),
                layer_style(*layer)
            );
        }
        out.push_str("    \"__legend_bottleneck\" [label=\"bottleneck firm\", color=\"#d62728\", penwidth=3, fillcolor=\"#fde0dd\"];\n");
        out.push_str("    \"__legend_outside\" [label=\"outside the region\", fillcolor=\"#e8e8e8\", fontcolor=\"#555555\"];\n");
        out.push_str("  }\n}\n");
        out.into_bytes()
    }
}
