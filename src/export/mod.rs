//! Exports: graph formats for the firm graph and the stage-level chain map. Every writer is
//! a pure function from a prepared view to bytes; [`crate::output`] writes them.

pub mod escape;
