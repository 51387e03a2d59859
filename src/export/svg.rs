//! A chain map as a standalone SVG without Graphviz: a simple layered drawing used by the
//! HTML report when `dot` is not installed, so the page never lacks its pictures.
//!
//! Layout: the columns of [`super::map_columns`] (one per tier, upstream left, and service
//! stages placed by their inputs), stages stacked in each column in the map's order (by
//! id), boxes of fixed width whose height follows their number of text lines; template edges are cubic Bézier curves from the right side of the
//! input to the left side of the consumer (to its right side when the consumer is not in a
//! column further right), with arrowheads. Colours and line styles are those of the DOT
//! writer ([`super::map_labels`]); edges are drawn beneath the boxes; a legend closes the drawing. Every coordinate is an integer
//! computed from the map alone, so the bytes are deterministic. All text is escaped with
//! [`crate::text::escape::xml`]; full names are in `<title>` tooltips.

use std::collections::HashMap;

use super::map_columns::columns;
use super::map_labels::{
    column_header, edge_colour, edge_tooltip, edge_words, stage_border_style, stage_lines,
    stage_tooltip, status_colours, status_slug, status_words, title,
};
use crate::analysis::stage_map::{ChainMap, EdgeKind, StageStatus};
use crate::text::escape::xml;

const MARGIN: i64 = 16;
const BOX_W: i64 = 240;
const GAP_X: i64 = 72;
const GAP_Y: i64 = 16;
const LINE_H: i64 = 14;
const PAD: i64 = 8;
const TITLE_H: i64 = 24;
const HEADER_H: i64 = 22;
const LEGEND_H: i64 = 124;

struct Placed {
    x: i64,
    y: i64,
    h: i64,
    column: usize,
}

/// The map as an SVG document. `id_prefix` keeps marker ids unique when several maps are
/// inlined in one page (letters, digits, `-` and `_` only).
pub fn render(map: &ChainMap, id_prefix: &str) -> String {
    let prefix: String = id_prefix
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let prefix = if prefix.is_empty() {
        "cm".to_string()
    } else {
        prefix
    };
    let top = MARGIN + TITLE_H + HEADER_H;
    let layout = columns(map);
    let mut next_y = vec![top; layout.columns.len().max(1)];
    let mut placed: HashMap<&str, Placed> = HashMap::new();
    let mut boxes = String::new();
    for (i, stage) in map.stages.iter().enumerate() {
        let column = layout.column(i);
        let lines = stage_lines(stage);
        let h = PAD * 2 + LINE_H * lines.len() as i64;
        let x = MARGIN + column as i64 * (BOX_W + GAP_X);
        let y = next_y[column];
        next_y[column] = y + h + GAP_Y;
        let (fill, border) = status_colours(stage.status);
        boxes += &format!(
            "<g class=\"stage {}\"><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{h}\" rx=\"8\" ry=\"8\" fill=\"{fill}\" stroke=\"{border}\" stroke-width=\"{}\"{}/>",
            status_slug(stage.status),
            xml(&stage_tooltip(stage)),
            if stage.breakpoint.is_some() { 3 } else { 1 },
            box_dash(stage.status)
        );
        for (i, line) in lines.iter().enumerate() {
            let ty = y + PAD + LINE_H * (i as i64 + 1) - 3;
            let weight = if i == 0 { " font-weight=\"bold\"" } else { "" };
            boxes += &format!(
                "<text x=\"{}\" y=\"{ty}\" font-size=\"11\"{weight}>{}</text>",
                x + PAD,
                xml(line)
            );
        }
        boxes += "</g>\n";
        placed.insert(stage.key.as_str(), Placed { x, y, h, column });
    }
    let columns = layout.columns.len().max(1) as i64;
    let width = (MARGIN * 2 + columns * BOX_W + (columns - 1) * GAP_X + 64).max(720);
    let body_bottom = next_y.iter().copied().max().unwrap_or(top);
    let legend_y = body_bottom + 8;
    let height = legend_y + LEGEND_H + MARGIN;

    let mut edges = String::new();
    for edge in &map.edges {
        let (Some(a), Some(b)) = (placed.get(edge.from.as_str()), placed.get(edge.to.as_str()))
        else {
            continue;
        };
        let (x1, y1) = (a.x + BOX_W, a.y + a.h / 2);
        let d = if b.column > a.column {
            let (x2, y2) = (b.x, b.y + b.h / 2);
            let dx = ((x2 - x1) / 2).max(24);
            format!("M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}", x1 + dx, x2 - dx)
        } else {
            let (x2, y2) = (b.x + BOX_W, b.y + b.h / 2);
            format!("M{x1},{y1} C{},{y1} {},{y2} {x2},{y2}", x1 + 56, x2 + 56)
        };
        edges += &format!(
            "<path d=\"{d}\" fill=\"none\" {}><title>{}</title></path>\n",
            stroke(edge.kind(), edge.alternative, &prefix),
            xml(&edge_tooltip(edge))
        );
    }

    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" role=\"img\" aria-label=\"{}\">\n",
        xml(&title(map))
    );
    out += &format!("<title>{}</title>\n<defs>\n", xml(&title(map)));
    for kind in EdgeKind::ALL {
        out += &format!(
            "<marker id=\"{prefix}-arrow-{}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>\n",
            kind_slug(kind),
            edge_colour(kind)
        );
    }
    out += "</defs>\n<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    out += &format!(
        "<text x=\"{MARGIN}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">{}</text>\n",
        MARGIN + 14,
        xml(&title(map))
    );
    for (i, column) in layout.columns.iter().enumerate() {
        out += &format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#546e7a\" text-anchor=\"middle\">{}</text>\n",
            MARGIN + i as i64 * (BOX_W + GAP_X) + BOX_W / 2,
            MARGIN + TITLE_H + 12,
            xml(&column_header(column.tier))
        );
    }
    // Edges first: where one passes behind a box, the box hides it.
    out += &edges;
    out += &boxes;
    out += &legend(legend_y, &prefix);
    out += "</svg>\n";
    out
}

/// The dash pattern of a stage box's border (dashed: no data; dotted: importable).
fn box_dash(status: StageStatus) -> &'static str {
    match stage_border_style(status) {
        Some("dashed") => " stroke-dasharray=\"6,3\"",
        Some(_) => " stroke-dasharray=\"2,2\"",
        None => "",
    }
}

fn kind_slug(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Realised => "realised",
        EdgeKind::Unrealised => "unrealised",
        EdgeKind::Blocked => "blocked",
    }
}

fn stroke(kind: EdgeKind, alternative: bool, prefix: &str) -> String {
    let dash = match (kind, alternative) {
        (EdgeKind::Blocked, _) => " stroke-dasharray=\"7,4\"",
        (_, true) => " stroke-dasharray=\"5,4\"",
        _ => "",
    };
    let width = if kind == EdgeKind::Blocked { 2.5 } else { 1.3 };
    format!(
        "stroke=\"{}\" stroke-width=\"{width}\"{dash} marker-end=\"url(#{prefix}-arrow-{})\"",
        edge_colour(kind),
        kind_slug(kind)
    )
}

fn legend(y: i64, prefix: &str) -> String {
    let mut out = format!(
        "<g class=\"legend\"><text x=\"{MARGIN}\" y=\"{}\" font-size=\"11\" font-weight=\"bold\">Legend</text>\n",
        y + 12
    );
    for (i, status) in StageStatus::ALL.into_iter().enumerate() {
        let (fill, border) = status_colours(status);
        let x = MARGIN + (i as i64 % 2) * 360;
        let row_y = y + 22 + (i as i64 / 2) * 18;
        out += &format!(
            "<rect x=\"{x}\" y=\"{row_y}\" width=\"18\" height=\"12\" rx=\"3\" ry=\"3\" fill=\"{fill}\" stroke=\"{border}\"{}/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>\n",
            box_dash(status),
            x + 24,
            row_y + 10,
            xml(status_words(status))
        );
    }
    let samples = [
        (EdgeKind::Realised, false, edge_words(EdgeKind::Realised)),
        (
            EdgeKind::Unrealised,
            false,
            edge_words(EdgeKind::Unrealised),
        ),
        (EdgeKind::Blocked, false, edge_words(EdgeKind::Blocked)),
        (
            EdgeKind::Realised,
            true,
            "dashed: one of alternative inputs",
        ),
    ];
    for (i, (kind, alternative, words)) in samples.into_iter().enumerate() {
        let row_y = y + 82 + (i as i64 / 2) * 20;
        let x = MARGIN + (i as i64 % 2) * 360;
        out += &format!(
            "<path d=\"M{x},{row_y} L{},{row_y}\" fill=\"none\" {}/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>\n",
            x + 40,
            stroke(kind, alternative, prefix),
            x + 48,
            row_y + 4,
            xml(words)
        );
    }
    out += "</g>\n";
    out
}
