//! Exports: graph formats for the firm graph and the stage-level chain map. Every writer is
//! a pure function from a prepared view to bytes; [`crate::output`] writes them.

pub(crate) mod attrs;
pub mod dataset;
pub mod dot;
pub mod graphml;
pub(crate) mod graphviz;
pub mod map_columns;
pub mod map_dot;
pub mod map_labels;
pub mod nodelink;
pub mod pictures;
pub mod svg;
pub mod tables;
pub mod view;

use crate::analysis::stage_map::ChainMap;
use crate::text::Writer;

/// The firm-graph writers' input.
pub type GraphInput<'m> = view::GraphView<'m>;

/// Chain map as DOT.
pub struct MapDot;
/// Chain map as the built-in layered SVG; `id_prefix` keeps element ids unique when several
/// maps share one page.
pub struct MapSvg<'p> {
    /// Prefix of every element id in the drawing (e.g. `cm` gives `cm-…`).
    pub id_prefix: &'p str,
}

impl Writer<ChainMap> for MapDot {
    fn render(&self, value: &ChainMap) -> Vec<u8> {
        map_dot::dot(value).into_bytes()
    }
}

impl Writer<ChainMap> for MapSvg<'_> {
    fn render(&self, value: &ChainMap) -> Vec<u8> {
        svg::render(value, self.id_prefix).into_bytes()
    }
}
