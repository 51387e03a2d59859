//! Text pieces shared by every output layer, below all of them: escaping for each output
//! language, spreadsheet-safe CSV, number formats, "did you mean" hints and the
//! [`Writer`] trait every format implements. A leaf: it imports nothing from the crate,
//! so `report/`, `export/`, `cli/` and `load/` can all use it without importing each other.

pub mod csv;
pub mod escape;
pub mod number;
pub mod suggest;

/// Every output format: a pure function from a prepared value to bytes — the firm graph's
/// view (DOT, GraphML, node-link JSON, CSV tables), a chain map (DOT, built-in SVG), the
/// analyst's report (Markdown, HTML). Files are written by `crate::output` only.
pub trait Writer<V: ?Sized> {
    /// The bytes of `value` in this format (UTF-8 for every text format).
    fn render(&self, value: &V) -> Vec<u8>;
}
