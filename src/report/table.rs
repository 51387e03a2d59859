//! Tables: Markdown pipe syntax, so terminal output pastes straight into a memo, and
//! [`Table`], a section's table built once for both report renderers (the Markdown here, the
//! HTML in [`super::html`]). Column widths follow the content (no terminal-width wrapping),
//! so output is the same bytes on every terminal.

use comfy_table::{Cell, CellAlignment, Table as Grid, presets};

use crate::text::escape;

/// A table with a title line (`## title`, or the title as given when it starts with `#`,
/// for other heading levels); columns whose header starts with `#` are right-aligned
/// (the `#` is dropped), for numbers.
pub fn render(title: &str, headers: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut table = Grid::new();
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

/// How a renderer marks up what goes into a [`Table`]: user text (names, sentences built
/// from data) escaped, ids and stages as code, and emphasis (a total row). Fixed words,
/// vocabulary (layers, tiers, functions) and numbers go in as written, as the Markdown has
/// always printed them (the `_` of `raw_material` marks nothing up inside a word, nor a `[`
/// without a link); a fixed phrase holding `&`, `<` or `>` goes through `text`, so HTML
/// escapes it.
pub struct Markup {
    /// User text, escaped.
    pub text: fn(&str) -> String,
    /// An id or `chain/stage` as code.
    pub code: fn(&str) -> String,
    /// Text already marked up, emphasised.
    pub strong: fn(&str) -> String,
}

/// Markdown: backslash escapes, code spans, `**…**`.
pub const MARKDOWN: Markup = Markup {
    text: escape::markdown,
    code: escape::markdown_code,
    strong: markdown_strong,
};

fn markdown_strong(marked: &str) -> String {
    format!("**{marked}**")
}

/// One block of a section, built once and rendered by both report renderers: a heading, a
/// table (none when `headers` is empty: a heading with its paragraphs) and the paragraphs
/// after it. Every string is marked up already, by the [`Markup`] it was built with.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The heading.
    pub title: String,
    /// A subheading of the block before (`###` where the others are `##`).
    pub sub: bool,
    /// Column headers; a header starting with `#` is a numeric column (right-aligned, the
    /// `#` dropped).
    pub headers: Vec<String>,
    /// Rows of cells, as many as headers.
    pub rows: Vec<Vec<String>>,
    /// Paragraphs after the table: what a `–` means, the weights, context.
    pub notes: Vec<String>,
}

impl Table {
    /// A table titled `title` with its columns and rows, no notes yet.
    pub fn new(title: String, headers: Vec<String>, rows: Vec<Vec<String>>) -> Table {
        Table {
            title,
            sub: false,
            headers,
            rows,
            notes: Vec::new(),
        }
    }

    /// A heading with paragraphs and no table.
    pub fn text(title: String, notes: Vec<String>) -> Table {
        Table {
            notes,
            ..Table::new(title, Vec::new(), Vec::new())
        }
    }

    /// The same block as a subheading of the one before.
    pub fn sub(self) -> Table {
        Table { sub: true, ..self }
    }

    /// The same block with `notes` after the table; `None`s are left out.
    pub fn notes(mut self, notes: impl IntoIterator<Item = Option<String>>) -> Table {
        self.notes.extend(notes.into_iter().flatten());
        self
    }

    /// The block as Markdown (built with [`MARKDOWN`]): `## title` (`###` for a
    /// subheading), the pipe table, each note as a paragraph.
    pub fn markdown(&self) -> String {
        let title = format!("{} {}", if self.sub { "###" } else { "##" }, self.title);
        let mut out = if self.headers.is_empty() {
            format!("{title}\n\n")
        } else {
            let headers: Vec<&str> = self.headers.iter().map(String::as_str).collect();
            render(&title, &headers, self.rows.clone())
        };
        for note in &self.notes {
            out += note;
            out += "\n\n";
        }
        out
    }
}

/// Blocks as Markdown, in order.
pub fn markdown(tables: &[Table]) -> String {
    tables.iter().map(Table::markdown).collect()
}
