//! DOT (Graphviz) for the firm graph, and the rule that keeps it quick to lay out. Quoted
//! string ids (firm ids, never indices); one `subgraph cluster_…` per city or per stage
//! (`--cluster`), or none; `rankdir=LR` and `newrank=true`; colour and style per layer;
//! highlighted bottleneck firms drawn in red with a thick border; a legend cluster. Nodes and
//! edges come sorted from the view, so the same input gives the same bytes. All text goes
//! through [`crate::text::escape`].
//!
//! **Layout rule** ([`Dot::plan`], measured with Graphviz 2.43, the version CI installs):
//!
//! * Clusters and `rank=same` groups are never combined. One `rank=same` group per stage
//!   tier (suppliers left of buyers) is written only without clusters: across clusters
//!   Graphviz 2.43 aborts (`merge_chain` assertion), loops for minutes, or fails to route
//!   edges ("triangulation failed") already at 100 links.
//! * Clusters cost time with links: a clustered layout is kept up to
//!   [`CLUSTERED_MAX_LINKS`] links, or up to [`CLUSTERED_MAX_LINKS_SPARSE`] when the view has
//!   no more links than firms (the GBA data: 636 links, 880 firms, 0.3 s). Above that,
//!   `--cluster auto` (the default) draws no clusters, and an explicit `--cluster city|stage`
//!   is kept with a warning naming `--cluster none` (a dense 48-firm, 499-link view took
//!   1–13 s clustered, and 300 firms with 946 links over a minute; 0.2 s without clusters).
//! * Above [`DOT_MAX_LINKS`] links or [`DOT_MAX_FIRMS`] firms even the unclustered `dot`
//!   layout takes long (1,000 firms with 2,866 links: 14 s): the export warns and names
//!   `sfdp`, Graphviz's engine for large graphs, and the filters that narrow the view.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::view::GraphView;
use crate::model::{FirmIdx, Layer, Tier, Vocabulary};
use crate::text::Writer;
use crate::text::escape::{DOT_MAX_LABEL_BYTES, dot_label, dot_quote};

/// How nodes are grouped into clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cluster {
    /// By city when Graphviz lays the clustered view out quickly, else none (`--cluster
    /// auto`, the default; the rule is in the module header).
    Auto,
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

/// A clustered layout is kept up to this many links, whatever the number of firms.
pub const CLUSTERED_MAX_LINKS: usize = 300;
/// A clustered layout is kept up to this many links when the view has no more links than
/// firms (sparse).
pub const CLUSTERED_MAX_LINKS_SPARSE: usize = 1_000;
/// Above this many links `dot` takes long even without clusters: the export names `sfdp`.
pub const DOT_MAX_LINKS: usize = 2_000;
/// Above this many firms `dot` takes long even without clusters: the export names `sfdp`.
pub const DOT_MAX_FIRMS: usize = 5_000;

/// How one view is laid out: the clusters actually drawn and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotPlan {
    /// The clusters drawn: [`Cluster::City`], [`Cluster::Stage`] or [`Cluster::None`],
    /// never [`Cluster::Auto`].
    pub cluster: Cluster,
    /// One `rank=same` group per stage tier (only without clusters).
    pub tier_ranks: bool,
    /// Sentences for stderr (and a comment in the DOT): what was chosen and the command to
    /// use instead. Empty when the view is small.
    pub warnings: Vec<String>,
}

/// Whether Graphviz lays out a clustered view of `firms` firms and `links` links quickly.
pub fn clusters_fit(firms: usize, links: usize) -> bool {
    links <= CLUSTERED_MAX_LINKS || (links <= CLUSTERED_MAX_LINKS_SPARSE && links <= firms)
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Dot {
    /// The layout of `view` under the rule in the module header.
    pub fn plan(&self, view: &GraphView<'_>) -> DotPlan {
        let (firms, links) = (view.nodes.len(), view.edges.len());
        let size = format!(
            "{} and {}",
            count(firms, "firm", "firms"),
            count(links, "link", "links")
        );
        let fits = clusters_fit(firms, links);
        let mut warnings = Vec::new();
        let cluster = match self.cluster {
            Cluster::Auto if fits => Cluster::City,
            Cluster::Auto => {
                warnings.push(format!(
                    "{size} are too many for Graphviz's clustered layout (clusters up to {CLUSTERED_MAX_LINKS} links, or {CLUSTERED_MAX_LINKS_SPARSE} when there are no more links than firms): drawn without city clusters; `--cluster city` forces them (slow)"
                ));
                Cluster::None
            }
            chosen @ (Cluster::City | Cluster::Stage) if !fits => {
                warnings.push(format!(
                    "{size} in clusters may take Graphviz's dot minutes (clusters are quick up to {CLUSTERED_MAX_LINKS} links, or {CLUSTERED_MAX_LINKS_SPARSE} when there are no more links than firms): use `--cluster none`"
                ));
                chosen
            }
            chosen => chosen,
        };
        if links > DOT_MAX_LINKS || firms > DOT_MAX_FIRMS {
            warnings.push(format!(
                "{size} may take Graphviz's dot minutes (quick up to {DOT_MAX_LINKS} links and {DOT_MAX_FIRMS} firms): render with `sfdp -Tsvg FILE.dot -o FILE.svg`, or narrow the view with --chain, --city, --around or --top"
            ));
        }
        DotPlan {
            cluster,
            tier_ranks: cluster == Cluster::None,
            warnings,
        }
    }
}

/// The most upstream tier a firm produces (its rank), if any.
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
        let plan = self.plan(view);
        let cluster = plan.cluster;
        let mut out = String::new();
        let _ = writeln!(out, "digraph {} {{", dot_quote("chainatlas"));
        for warning in &plan.warnings {
            // A comment cannot end early: `*/` inside is broken up.
            let _ = writeln!(out, "  /* chainatlas: {} */", warning.replace("*/", "* /"));
        }
        let _ = writeln!(
            out,
            "  graph [rankdir=LR, newrank=true, fontname=\"sans-serif\", label={}, labelloc=t];",
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
            let key = match cluster {
                Cluster::None | Cluster::Auto => String::new(),
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
            let clustered = cluster != Cluster::None;
            let indent = if clustered { "    " } else { "  " };
            if clustered {
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
            if clustered {
                out.push_str("  }\n");
            }
        }
        // Stage tiers as ranks, only without clusters (see the module header).
        let mut tiers: BTreeMap<Tier, Vec<FirmIdx>> = BTreeMap::new();
        for &f in view.nodes.iter().filter(|_| plan.tier_ranks) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_fit_up_to_300_links_or_1000_sparse_ones() {
        assert!(clusters_fit(48, 300));
        assert!(!clusters_fit(48, 301));
        assert!(!clusters_fit(48, 499), "the dense graph of issue 18");
        assert!(clusters_fit(880, 636), "the GBA data: sparse");
        assert!(clusters_fit(1_000, 1_000));
        assert!(!clusters_fit(999, 1_000), "more links than firms");
        assert!(!clusters_fit(5_000, 1_001), "sparse, but over 1,000 links");
    }
}
