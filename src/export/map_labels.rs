//! Words, colours and box text of the chain map, shared by the DOT writer (`map_dot.rs`)
//! and the built-in SVG (`svg.rs`), so both draw the same map: legend wording and colours
//! per stage status and edge kind, the title, the lines of a stage box (cut to a width in
//! label units, CJK counting 2), tooltips, column headers and CSS-safe slugs.
//!
//! An absent stage names its evidence and source in its box and tooltip; a no-data stage
//! says "no producer in the region in the data" (never "no local producer": the data is a sample).

use crate::analysis::completeness::{BreakReason, Nearest};
use crate::analysis::stage_map::{ChainMap, EdgeKind, MapEdge, MapStage, StageStatus};
use crate::model::{Tier, Vocabulary};

/// Legend wording of a stage status.
pub fn status_words(status: StageStatus) -> &'static str {
    match status {
        StageStatus::Closed => "closed",
        StageStatus::PresentUnclosed => "present, not closed",
        StageStatus::Absent => "recorded absent (see its source and evidence)",
        StageStatus::NoData => "no producer in the region in the data (not proof of absence)",
        StageStatus::Importable => "importable (bought outside by assumption)",
    }
}

/// (fill, border) colours of a stage status.
pub fn status_colours(status: StageStatus) -> (&'static str, &'static str) {
    match status {
        StageStatus::Closed => ("#c8e6c9", "#2e7d32"),
        StageStatus::PresentUnclosed => ("#ffe0b2", "#e65100"),
        StageStatus::Absent => ("#ffcdd2", "#c62828"),
        StageStatus::NoData => ("#eceff1", "#607d8b"),
        StageStatus::Importable => ("#e3f2fd", "#1565c0"),
    }
}

/// Border line of a stage status: solid, `dashed` (no data: unknown, not absent) or
/// `dotted` (importable).
pub fn stage_border_style(status: StageStatus) -> Option<&'static str> {
    match status {
        StageStatus::NoData => Some("dashed"),
        StageStatus::Importable => Some("dotted"),
        _ => None,
    }
}

/// Line colour of an edge kind.
pub fn edge_colour(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Realised => "#37474f",
        EdgeKind::Unrealised => "#b0bec5",
        EdgeKind::Blocked => "#c62828",
    }
}

/// Legend wording of an edge kind.
pub fn edge_words(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Realised => "realised (local trade, or one local firm makes both)",
        EdgeKind::Unrealised => "not realised",
        EdgeKind::Blocked => "blockage: both ends present, no local trade",
    }
}

/// One line of plain language for titles: chain, region, mode, the chain's verdict and
/// the importable stages, if any.
pub fn title(map: &ChainMap) -> String {
    let mut text = format!(
        "Chain map: {} in {} ({} closure) — verdict: {}",
        map.chain,
        map.region,
        map.mode.as_str(),
        map.verdict.as_str().replace('_', " ")
    );
    if !map.importable.is_empty() {
        text += &format!(" (importing {})", map.importable.join(", "));
    }
    text
}

/// Where the data's nearest producers are, for a stage not present.
fn nearest_words(nearest: Option<Nearest>) -> &'static str {
    match nearest {
        Some(Nearest::Country) => "nearest producers: same country",
        Some(Nearest::World) => "nearest producers: abroad only",
        None => "no producer anywhere in the data",
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
        StageStatus::Closed => "closed".to_string(),
        StageStatus::PresentUnclosed => "present, not closed".to_string(),
        StageStatus::Absent => match &stage.absence {
            Some(a) => format!("absent in {} ({})", a.area, a.evidence.as_str()),
            None => "absent".to_string(),
        },
        StageStatus::NoData if stage.producers == 0 => {
            "no producer in the region in the data".to_string()
        }
        StageStatus::NoData => "too few producers in the data".to_string(),
        StageStatus::Importable => "importable".to_string(),
    };
    if stage.breakpoint.is_some() {
        if status.chars().count() + " · breakpoint".len() <= LINE_UNITS {
            status += " · breakpoint";
        } else {
            lines.push(shorten(&status, LINE_UNITS));
            status = "breakpoint".to_string();
        }
    }
    lines.push(shorten(&status, LINE_UNITS));
    if let Some(a) = &stage.absence {
        let source = a.source_ref.trim();
        lines.push(shorten(
            &format!(
                "source: {}",
                if source.is_empty() {
                    "none given"
                } else {
                    source
                }
            ),
            LINE_UNITS,
        ));
    }
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
    let mut text = format!(
        "{}: {}\n{}",
        stage.key,
        stage.label,
        status_words(stage.status)
    );
    if let Some(a) = &stage.absence {
        text += &format!(
            "\nrecorded absence in {} ({}); source: {}",
            a.area,
            a.evidence.as_str(),
            if a.source_ref.trim().is_empty() {
                "none given"
            } else {
                a.source_ref.as_str()
            }
        );
    }
    if matches!(stage.status, StageStatus::Absent | StageStatus::NoData) {
        text += &format!("\n{}", nearest_words(stage.nearest));
    }
    match stage.breakpoint {
        Some(BreakReason::Absent) => text += "\nbreakpoint: recorded absent (evidence as above)",
        Some(BreakReason::NoData) => {
            text += "\nbreakpoint: no producer in the region in the data — not proof of absence"
        }
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
        edge_words(edge.kind()),
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

/// A CSS/id-safe word for a status.
pub fn status_slug(status: StageStatus) -> &'static str {
    match status {
        StageStatus::Closed => "closed",
        StageStatus::PresentUnclosed => "present",
        StageStatus::Absent => "absent",
        StageStatus::NoData => "no-data",
        StageStatus::Importable => "importable",
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
