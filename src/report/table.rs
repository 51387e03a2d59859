//! Text tables in Markdown pipe syntax, so terminal output pastes straight into a memo.
//! Column widths follow the content (no terminal-width wrapping), so output is the same
//! bytes on every terminal.

use comfy_table::{Cell, CellAlignment, Table, presets};

/// A table with a title line (`## title`, or the title as given when it starts with `#`,
/// for other heading levels); columns whose header starts with `#` are right-aligned
/// (the `#` is dropped), for numbers.
pub fn render(title: &str, headers: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut table = Table::new();
    table.load_style(presets::ASCII_MARKDOWN);
    let numeric: Vec<bool> = headers.iter().map(|h| h.starts_with('#')).collect();
    table.set_header(headers.iter().map(|h| Cell::new(h.trim_start_matches('#'))));
    for row in rows {
        table.add_row(row.into_iter().enumerate().map(|(i, text)| {
            let cell = Cell::new(text);
            if numeric.get(i).copied().unwrap_or(false) {
                cell.set_alignment(CellAlignment::Right)
            } else {
                cell
            }
        }));
    }
    let mut out = String::new();
    if title.starts_with('#') {
        out.push_str(title);
        out.push_str("\n\n");
    } else if !title.is_empty() {
        out.push_str("## ");
        out.push_str(title);
        out.push_str("\n\n");
    }
    out.push_str(&table.to_string());
    out.push_str("\n\n");
    out
}
