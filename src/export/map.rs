//! The stage-level chain map (产业链图谱) of one chain in one region, and its DOT writer.
//!
//! The map is the chain template laid out upstream → downstream by tier (raw_material,
//! material, component, module, final_product, service: one column each, only the tiers the
//! chain uses), every stage coloured by its status in the region:
//!
//! * `closed` (green): the stage is closed in the chosen closure mode;
//! * `present_unclosed` (amber): ≥ θ local producers, but not closed;
//! * `missing` (red): fewer than θ local producers.
//!
//! Each stage is labelled with its local producer count and its top 3 local producers by
//! employees (unknown = 0; ties by firm id). Template edges u → s are drawn solid when
//! realised, light grey when not, and red, bold and dashed when they are a **blockage**
//! (堵点: both ends present, unrealised). Edges from a member of an OR-group with more than
//! one member (an alternative input) are dashed. Definitions: [`crate::analysis::completeness`].
//!
//! [`build`] derives the map from [`chain_completeness`]; [`dot`] is a pure function to
//! text. Output order: stages by (tier, id), edges by (from id, to id); no node index is
//! printed, so the bytes depend only on the data.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::analysis::completeness::{BreakReason, Mode, Options, RegionState, chain_completeness};
use crate::model::{ChainIdx, FirmIdx, StageIdx, Tier, Vocabulary};
use crate::text::escape::{dot_label, dot_quote};

/// Local firms listed on each stage.
pub const TOP_FIRMS: usize = 3;

/// How a stage stands in the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    Closed,
    PresentUnclosed,
    Missing,
}

impl StageStatus {
    pub const ALL: [StageStatus; 3] = [
        StageStatus::Closed,
        StageStatus::PresentUnclosed,
        StageStatus::Missing,
    ];

    /// Legend wording.
    pub fn words(self) -> &'static str {
        match self {
            StageStatus::Closed => "closed",
            StageStatus::PresentUnclosed => "present, not closed",
            StageStatus::Missing => "missing (no local producer)",
        }
    }

    /// (fill, border) colours.
    pub fn colours(self) -> (&'static str, &'static str) {
        match self {
            StageStatus::Closed => ("#c8e6c9", "#2e7d32"),
            StageStatus::PresentUnclosed => ("#ffe0b2", "#e65100"),
            StageStatus::Missing => ("#ffcdd2", "#c62828"),
        }
    }
}

/// How a template edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    Realised,
    Unrealised,
    Blocked,
}

impl EdgeKind {
    pub const ALL: [EdgeKind; 3] = [EdgeKind::Realised, EdgeKind::Unrealised, EdgeKind::Blocked];

    pub fn colour(self) -> &'static str {
        match self {
            EdgeKind::Realised => "#37474f",
            EdgeKind::Unrealised => "#b0bec5",
            EdgeKind::Blocked => "#c62828",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            EdgeKind::Realised => "realised (local trade)",
            EdgeKind::Unrealised => "not realised",
            EdgeKind::Blocked => "blockage: both ends present, no local trade",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopFirm {
    pub id: String,
    pub name: String,
    pub city: String,
    pub employees: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapStage {
    /// `chain/stage`.
    pub key: String,
    pub id: String,
    pub label: String,
    pub tier: Tier,
    pub producers: u32,
    pub status: StageStatus,
    /// Set when the stage is a root cause of an unclosed final product.
    pub breakpoint: Option<BreakReason>,
    pub top_firms: Vec<TopFirm>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapEdge {
    /// `chain/stage` keys.
    pub from: String,
    pub to: String,
    pub realised: bool,
    /// Both ends present, not realised (堵点).
    pub blocked: bool,
    /// `from` is one of several alternatives in an OR-group of `to`.
    pub alternative: bool,
}

impl MapEdge {
    pub fn kind(&self) -> EdgeKind {
        if self.realised {
            EdgeKind::Realised
        } else if self.blocked {
            EdgeKind::Blocked
        } else {
            EdgeKind::Unrealised
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainMap {
    pub chain: String,
    pub region: String,
    pub mode: Mode,
    pub complete: bool,
    /// The tiers the chain uses, upstream first: one column each.
    pub columns: Vec<Tier>,
    /// Sorted by (tier, id).
    pub stages: Vec<MapStage>,
    /// Sorted by (from id, to id).
    pub edges: Vec<MapEdge>,
}

impl ChainMap {
    /// Column of a stage (index into `columns`).
    pub fn column(&self, tier: Tier) -> usize {
        self.columns.iter().position(|&t| t == tier).unwrap_or(0)
    }

    /// One line of plain language for titles.
    pub fn title(&self) -> String {
        format!(
            "Chain map: {} in {} ({} closure) — {}",
            self.chain,
            self.region,
            match self.mode {
                Mode::Realised => "realised",
                Mode::Structural => "structural",
            },
            if self.complete {
                "complete"
            } else {
                "not complete"
            }
        )
    }
}

/// The map of one chain in the state's region.
pub fn build(state: &RegionState<'_>, chain: ChainIdx, opts: &Options) -> ChainMap {
    let model = state.model;
    let result = chain_completeness(state, chain, opts);
    let chain_id = &model.chains[chain as usize].id;
    let idx = |id: &str| model.stage(&format!("{chain_id}/{id}"));
    let size = |f: FirmIdx| model.firms[f as usize].employees.unwrap_or(0.0);

    let mut stages: Vec<MapStage> = result
        .stages
        .iter()
        .map(|st| {
            let mut firms: Vec<FirmIdx> = idx(&st.stage)
                .map(|s| state.local_producers(s).collect())
                .unwrap_or_default();
            firms.sort_by(|&a, &b| {
                size(b)
                    .total_cmp(&size(a))
                    .then(model.firms[a as usize].id.cmp(&model.firms[b as usize].id))
            });
            let status = if st.closed {
                StageStatus::Closed
            } else if st.present {
                StageStatus::PresentUnclosed
            } else {
                StageStatus::Missing
            };
            MapStage {
                key: format!("{chain_id}/{}", st.stage),
                id: st.stage.clone(),
                label: st.label.clone(),
                tier: st.tier,
                producers: st.producers,
                status,
                breakpoint: result
                    .breakpoints
                    .iter()
                    .find(|b| b.stage == st.stage)
                    .map(|b| b.reason),
                top_firms: firms
                    .into_iter()
                    .take(TOP_FIRMS)
                    .map(|f| {
                        let firm = &model.firms[f as usize];
                        TopFirm {
                            id: firm.id.clone(),
                            name: firm.name.clone(),
                            city: model.firm_city(f).id.clone(),
                            employees: firm.employees,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    stages.sort_by(|a, b| a.tier.cmp(&b.tier).then(a.id.cmp(&b.id)));
    let columns: Vec<Tier> = stages
        .iter()
        .map(|s| s.tier)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    let blocked: BTreeSet<(&str, &str)> = result
        .blockages
        .iter()
        .map(|b| (b.from.as_str(), b.to.as_str()))
        .collect();
    let id_of = |s: StageIdx| model.stages[s as usize].id.as_str();
    let edges = crate::analysis::completeness::template_edges(model, chain)
        .into_iter()
        .map(|(u, s)| MapEdge {
            from: format!("{chain_id}/{}", id_of(u)),
            to: format!("{chain_id}/{}", id_of(s)),
            realised: state.realised_edges.contains(&(u, s)),
            blocked: blocked.contains(&(id_of(u), id_of(s))),
            alternative: model.stages[s as usize]
                .inputs
                .iter()
                .any(|g| g.len() > 1 && g.contains(&u)),
        })
        .collect();

    ChainMap {
        chain: chain_id.clone(),
        region: state.region.name.clone(),
        mode: opts.mode,
        complete: result.complete,
        columns,
        stages,
        edges,
    }
}

/// Display width of a character in label units (CJK and other wide characters count 2).
fn units(c: char) -> usize {
    if matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
    {
        2
    } else {
        1
    }
}

/// Text for one line of a box: line breaks and tabs become spaces, control characters
/// are dropped, and text wider than `max` units is cut with `…`. The full text goes in
/// tooltips.
pub fn shorten(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut width = 0;
    let clean = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control());
    let total: usize = clean.clone().map(units).sum();
    for c in clean {
        let w = units(c);
        if total > max && width + w > max.saturating_sub(1) {
            out.push('…');
            break;
        }
        width += w;
        out.push(c);
    }
    out
}

/// Width in units of a shortened line.
pub const LINE_UNITS: usize = 34;

/// The lines of a stage box: label, (id), producer count, status, top firms.
pub fn stage_lines(stage: &MapStage) -> Vec<String> {
    let mut lines = Vec::new();
    let label = stage.label.trim();
    if label.is_empty() || label == stage.id {
        lines.push(shorten(&stage.id, LINE_UNITS));
    } else {
        lines.push(shorten(label, LINE_UNITS));
        lines.push(shorten(&format!("({})", stage.id), LINE_UNITS));
    }
    lines.push(format!(
        "{} local producer{}",
        stage.producers,
        if stage.producers == 1 { "" } else { "s" }
    ));
    let mut status = match stage.status {
        StageStatus::Closed => "closed",
        StageStatus::PresentUnclosed => "present, not closed",
        StageStatus::Missing => "missing",
    }
    .to_string();
    if stage.breakpoint.is_some() {
        status += " · breakpoint";
    }
    lines.push(status);
    for firm in &stage.top_firms {
        lines.push(shorten(&format!("• {}", firm.name), LINE_UNITS));
    }
    let more = (stage.producers as usize).saturating_sub(stage.top_firms.len());
    if more > 0 && !stage.top_firms.is_empty() {
        lines.push(format!("+ {more} more"));
    }
    lines
}

/// Full text of a stage for tooltips (not cut except by the DOT length limit).
pub fn stage_tooltip(stage: &MapStage) -> String {
    let mut text = format!("{}: {}\n{}", stage.key, stage.label, stage.status.words());
    match stage.breakpoint {
        Some(BreakReason::Missing) => text += "\nbreakpoint: no local producer",
        Some(BreakReason::Blocked) => text += "\nbreakpoint: producers do not buy locally",
        None => {}
    }
    for firm in &stage.top_firms {
        text += &format!("\n{} ({}, {})", firm.name, firm.id, firm.city);
    }
    text
}

/// Tooltip of an edge.
pub fn edge_tooltip(edge: &MapEdge) -> String {
    format!(
        "{} → {}: {}{}",
        edge.from,
        edge.to,
        edge.kind().words(),
        if edge.alternative {
            " (one of alternative inputs)"
        } else {
            ""
        }
    )
}

fn tier_words(tier: Tier) -> String {
    tier.as_str().replace('_', " ")
}

/// The map as a Graphviz `digraph`: left → right by tier (one `rank=same` subgraph per
/// tier, in tier order, tied by invisible edges), quoted `chain/stage` ids, every label
/// escaped, and a legend cluster. Deterministic.
pub fn dot(map: &ChainMap) -> String {
    let mut out = format!("digraph {} {{\n", dot_quote(&map.chain));
    out += &format!(
        "  graph [rankdir=LR, newrank=true, fontname=\"sans-serif\", fontsize=12, labelloc=t, labeljust=l, nodesep=0.25, ranksep=0.7, label={}];\n",
        dot_label(&map.title())
    );
    out += "  node [shape=box, style=\"rounded,filled\", fontname=\"sans-serif\", fontsize=10, penwidth=1.2];\n";
    out += "  edge [fontname=\"sans-serif\", fontsize=9, arrowsize=0.7];\n";
    let mut firsts = Vec::new();
    for &tier in &map.columns {
        out += &format!(
            "  subgraph {} {{\n    rank=same;\n",
            dot_quote(&format!("tier {}", tier.as_str()))
        );
        let mut first = None;
        for stage in map.stages.iter().filter(|s| s.tier == tier) {
            first.get_or_insert(stage.key.as_str());
            let (fill, border) = stage.status.colours();
            out += &format!(
                "    {} [label={}, tooltip={}, fillcolor=\"{fill}\", color=\"{border}\"{}];\n",
                dot_quote(&stage.key),
                dot_label(&stage_lines(stage).join("\n")),
                dot_label(&stage_tooltip(stage)),
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
        kind.colour()
    )
}

/// The legend: one node in a cluster, an HTML-like table of the three stage colours and the
/// four edge styles. Its id contains `|`, which no stage key can; it is ranked with the
/// last column so it does not widen the first one.
fn legend(last_column_first: Option<&str>) -> String {
    let mut rows = String::from("<tr>");
    for status in StageStatus::ALL {
        let (fill, border) = status.colours();
        rows += &format!(
            "<td bgcolor=\"{fill}\" color=\"{border}\" border=\"1\">{}</td>",
            status.words()
        );
    }
    rows += "</tr>";
    let samples = [
        (
            EdgeKind::Realised,
            "&#8212;&#8212;&#8594;",
            EdgeKind::Realised.words(),
        ),
        (
            EdgeKind::Unrealised,
            "&#8212;&#8212;&#8594;",
            EdgeKind::Unrealised.words(),
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
            "<tr><td colspan=\"3\" align=\"left\"><font color=\"{}\">{line}</font> {words}</td></tr>",
            kind.colour()
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

/// A CSS/id-safe word for a status.
pub fn status_slug(status: StageStatus) -> &'static str {
    match status {
        StageStatus::Closed => "closed",
        StageStatus::PresentUnclosed => "present",
        StageStatus::Missing => "missing",
    }
}

/// `raw material`, for column headers.
pub fn column_header(tier: Tier) -> String {
    tier_words(tier)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_wide_text_and_flattens_lines() {
        assert_eq!(shorten("a\nb", 10), "a b");
        assert_eq!(shorten("abcdefghij", 5), "abcd…");
        assert_eq!(shorten("佛山佛", 6), "佛山佛");
        assert_eq!(shorten("佛山佛山", 6), "佛山…");
        assert_eq!(
            shorten(&"x".repeat(20_000), LINE_UNITS).chars().count(),
            LINE_UNITS
        );
    }
}
