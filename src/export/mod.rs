//! Exports: graph formats for the firm graph and the stage-level chain map. Every writer is
//! a pure function from a prepared view to bytes; [`crate::output`] writes them.

pub mod attrs;
pub mod dataset;
pub mod dot;
pub mod escape;
pub mod graphml;
pub mod nodelink;
pub mod tables;
pub mod view;

/// A graph format: a pure function from a filtered view of the firm graph to bytes. Files
/// are written by [`crate::output`] only.
pub trait GraphWriter {
    fn render(&self, view: &view::GraphView<'_>) -> Vec<u8>;
}
pub mod graphviz;
pub mod map;
pub mod svg;
