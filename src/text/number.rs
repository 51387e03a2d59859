//! Number formats shared by the table, Markdown and HTML renderers, so every output prints a
//! share or a ratio the same way.

/// A float as a fixed 3-decimal string (tables), or `–` when absent.
pub fn fmt_ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.3}"))
}

/// A share as a percentage with one decimal.
pub fn fmt_percent(value: f64) -> String {
    format!("{:.1}%", value * 100.0)
}
