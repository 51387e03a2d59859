//! The chain map as Graphviz DOT: a pure function from [`ChainMap`] to text. Left → right in
//! the columns of [`super::map_columns`] (by tier; service stages by their inputs), quoted `chain/stage` ids, every label escaped with [`crate::text::escape`], and a
//! legend. Stages are filled by status (closed green, present but not closed amber,
//! absent red, no producer in the data grey with a dashed border, importable blue with a
//! dotted border; a breakpoint gets a thicker border); template edges are solid when realised,
//! light grey when not, red, bold and dashed when a blockage, and dashed when the input is
//! one of several alternatives. Colours and words come from [`super::map_labels`], which
//! the built-in SVG shares. Output order is the map's; deterministic.

use crate::analysis::stage_map::{ChainMap, EdgeKind, StageStatus};
use crate::model::{Tier, Vocabulary};

use super::map_columns::columns;
use crate::text::escape::{dot_label, dot_quote};

use super::map_labels::{
    edge_colour, edge_tooltip, edge_words, stage_border_style, stage_lines, stage_tooltip,
    status_colours, status_words, title,
};

/// The map as a Graphviz `digraph`: left → right by column (one `rank=same` subgraph per
/// column of [`super::map_columns`], in order, tied by invisible edges), quoted `chain/stage` ids, every label
/// escaped, and a legend cluster. Deterministic.
pub fn dot(map: &ChainMap) -> String {
    let mut out = format!("digraph {} {{\n", dot_quote(&map.chain));
    out += &format!(
        "  graph [rankdir=LR, newrank=true, fontname=\"sans-serif\", fontsize=12, labelloc=t, labeljust=l, nodesep=0.25, ranksep=0.7, label={}];\n",
        dot_label(&title(map))
    );
    out += "  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\", fontsize=10, penwidth=1.2];\n";
    out += "  edge [fontname=\"sans-serif\", fontsize=9, arrowsize=0.7];\n";
    let mut firsts = Vec::new();
    let layout = columns(map);
    for (c, column) in layout.columns.iter().enumerate() {
        // Tier columns keep their tier's name; a service column is named by its place.
        let name = if column.tier == Tier::Service {
            format!("column {c} service")
        } else {
            format!("tier {}", column.tier.as_str())
        };
        out += &format!("  subgraph {} {{\n    rank=same;\n", dot_quote(&name));
        let mut first = None;
        let in_column = map
            .stages
            .iter()
            .enumerate()
            .filter(|&(i, _)| layout.column(i) == c)
            .map(|(_, s)| s);
        for stage in in_column {
            first.get_or_insert(stage.key.as_str());
            let (fill, border) = status_colours(stage.status);
            out += &format!(
                "    {} [label={}, tooltip={}, fillcolor=\"{fill}\", color=\"{border}\"{}{}];\n",
                dot_quote(&stage.key),
                dot_label(&stage_lines(stage).join("\n")),
                dot_label(&stage_tooltip(stage)),
                match stage_border_style(stage.status) {
                    Some(line) => format!(", style=\"rounded,filled,{line}\""),
                    None => String::new(),
                },
                if stage.breakpoint.is_some() {
                    ", penwidth=2.5"
                } else {
                    ""
                }
            );
        }
        out += "  }\n";
        firsts.extend(first);
    }
    // Keep the tier columns in tier order even where no template edge joins them.
    for pair in firsts.windows(2) {
        out += &format!(
            "  {} -> {} [style=invis, weight=0];\n",
            dot_quote(pair[0]),
            dot_quote(pair[1])
        );
    }
    for edge in &map.edges {
        out += &format!(
            "  {} -> {} [{}, tooltip={}];\n",
            dot_quote(&edge.from),
            dot_quote(&edge.to),
            edge_style(edge.kind(), edge.alternative),
            dot_label(&edge_tooltip(edge))
        );
    }
    out += &legend(firsts.last().copied());
    out += "}\n";
    out
}

fn edge_style(kind: EdgeKind, alternative: bool) -> String {
    let style = match (kind, alternative) {
        (EdgeKind::Blocked, _) => "bold,dashed",
        (_, true) => "dashed",
        (_, false) => "solid",
    };
    let width = if kind == EdgeKind::Blocked { 2.5 } else { 1.2 };
    format!(
        "color=\"{}\", style=\"{style}\", penwidth={width}",
        edge_colour(kind)
    )
}

/// The legend: one node in a cluster, an HTML-like table of the five stage colours (with
/// their border lines) and the four edge styles. Its id contains `|`, which no stage key can; it is ranked with the
/// last column so it does not widen the first one.
fn legend(last_column_first: Option<&str>) -> String {
    let mut rows = String::from("<tr>");
    for status in StageStatus::ALL {
        let (fill, border) = status_colours(status);
        let line = stage_border_style(status)
            .map(|l| format!(" style=\"{l}\""))
            .unwrap_or_default();
        rows += &format!(
            "<td bgcolor=\"{fill}\" color=\"{border}\" border=\"1\"{line}>{}</td>",
            status_words(status)
        );
    }
    rows += "</tr>";
    let samples = [
        (
            EdgeKind::Realised,
            "&#8212;&#8212;&#8594;",
            edge_words(EdgeKind::Realised),
        ),
        (
            EdgeKind::Unrealised,
            "&#8212;&#8212;&#8594;",
            edge_words(EdgeKind::Unrealised),
        ),
        (
            EdgeKind::Blocked,
            "<b>- - &#8594;</b>",
            "blockage: both ends present, no local trade",
        ),
        (
            EdgeKind::Realised,
            "- - &#8594;",
            "dashed: one of alternative inputs (OR)",
        ),
    ];
    for (kind, line, words) in samples {
        rows += &format!(
            "<tr><td colspan=\"5\" align=\"left\"><font color=\"{}\">{line}</font> {words}</td></tr>",
            edge_colour(kind)
        );
    }
    let mut out = format!(
        "  subgraph \"cluster_legend\" {{\n    label=\"Legend\"; fontsize=10; style=\"rounded\"; color=\"#90a4ae\";\n    \"legend|key\" [shape=plaintext, style=\"\", margin=0, label=<<table border=\"0\" cellborder=\"0\" cellspacing=\"3\" cellpadding=\"3\">{rows}</table>>];\n  }}\n"
    );
    if let Some(first) = last_column_first {
        out += &format!("  {{ rank=same; {}; \"legend|key\"; }}\n", dot_quote(first));
    }
    out
}
