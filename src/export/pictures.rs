//! The HTML report's chain maps: one picture per chain, drawn by the built-in layered SVG
//! writer or by Graphviz's `dot` within one time budget for all maps. A map that `dot` does
//! not finish within what is left of the budget (it is killed), or fails to draw, and every
//! map after the budget is spent, is drawn by the built-in layout instead: the
//! picture carries the reason (the report prints it under the map) and [`draw`] returns it
//! for stderr. Each Graphviz layout runs as a progress phase (a spinner with the chain and
//! the elapsed time on a terminal: [`crate::progress`]).

use std::time::{Duration, Instant};

use super::graphviz;
use super::{MapDot, MapSvg};
use crate::analysis::completeness::{Options, RegionState};
use crate::analysis::stage_map::{self, ChainMap};
use crate::progress::Progress;
use crate::report::html::ChainPicture;
use crate::text::Writer;

/// How long `dot` may spend on all chain maps of a report by default; past it the built-in
/// layout draws the rest.
pub const DEFAULT_LAYOUT_TIMEOUT: Duration = Duration::from_secs(60);

/// Who lays out the chain maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The built-in layered SVG writer: the same bytes on every machine.
    Builtin,
    /// Graphviz's `dot`, stopped when `timeout` is spent over all maps (the built-in
    /// layout draws the rest).
    Graphviz {
        /// Time allowed for all chain maps together.
        timeout: Duration,
    },
}

/// The pictures, in chain-id order, and one line per map that fell back to the built-in
/// layout (for stderr).
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    /// One picture per chain, in chain-id order.
    pub pictures: Vec<ChainPicture>,
    /// "chain map of X: why; drawn with the built-in layout instead", one per fallback.
    pub fallbacks: Vec<String>,
}

/// One chain map per chain of the model, in chain-id order, drawn by `engine`.
pub fn draw(state: &RegionState<'_>, opts: &Options, engine: Engine, progress: Progress) -> Drawn {
    let model = state.model;
    let mut chains: Vec<_> = (0..model.chains.len() as u32).collect();
    chains.sort_by(|a, b| {
        model.chains[*a as usize]
            .id
            .cmp(&model.chains[*b as usize].id)
    });
    let total = chains.len();
    let start = Instant::now();
    let mut drawn = Drawn {
        pictures: Vec::with_capacity(total),
        fallbacks: Vec::new(),
    };
    for (i, c) in chains.into_iter().enumerate() {
        let map = stage_map::build(state, c, opts);
        let prefix = format!("map{i}");
        let picture = match engine {
            Engine::Builtin => builtin(&map, &prefix, None),
            Engine::Graphviz { timeout } => {
                let left = timeout.saturating_sub(start.elapsed());
                let laid_out = if left.is_zero() {
                    Err(format!(
                        "Graphviz's time for the chain maps ({}) was used up by the maps before it (--layout-timeout sets it)",
                        seconds(timeout)
                    ))
                } else {
                    let _phase = progress.phase(format!(
                        "Graphviz: chain map {} of {total} ({}; stopped after {} in all)",
                        i + 1,
                        map.chain,
                        seconds(timeout)
                    ));
                    graphviz_svg(&map, left, timeout)
                };
                match laid_out {
                    Ok(svg) => ChainPicture {
                        chain: map.chain.clone(),
                        svg,
                        engine: "Graphviz".into(),
                        fallback: None,
                    },
                    Err(why) => {
                        drawn.fallbacks.push(format!(
                            "chain map of {}: {why}; drawn with the built-in layout instead",
                            map.chain
                        ));
                        builtin(&map, &prefix, Some(why))
                    }
                }
            }
        };
        drawn.pictures.push(picture);
    }
    drawn
}

fn builtin(map: &ChainMap, id_prefix: &str, fallback: Option<String>) -> ChainPicture {
    ChainPicture {
        chain: map.chain.clone(),
        svg: String::from_utf8_lossy(&MapSvg { id_prefix }.render(map)).into_owned(),
        engine: "the built-in layout".into(),
        fallback,
    }
}

/// The map laid out by `dot` as an inline `<svg>`, or why not.
/// `left` is what remains of `budget`, the time for all maps.
fn graphviz_svg(map: &ChainMap, left: Duration, budget: Duration) -> Result<String, String> {
    let dot = MapDot.render(map);
    let bytes = graphviz::render_svg_within(&String::from_utf8_lossy(&dot), left).map_err(
        |e| match e {
            graphviz::GraphvizError::Timeout(_) => format!(
                "Graphviz's dot did not finish in what was left of its {} for all chain maps and was stopped (--layout-timeout sets it)",
                seconds(budget)
            ),
            other => other.to_string(),
        },
    )?;
    graphviz::inline_svg(&bytes).ok_or_else(|| "Graphviz's dot wrote no SVG".to_string())
}

/// "1 s", "60 s" (the budget is given in whole seconds).
fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs())
}
