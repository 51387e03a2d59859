//! The one CSV reader configuration every dataset file goes through, and the header check.
//!
//! A UTF-8 file is read in blocks of whole records ([`BlockStream`]); embedded data and
//! other encodings are decoded whole. Either way a leading UTF-8 BOM is dropped and a file
//! that is not valid text gets one error naming it and the first bad byte, not one per
//! row. The header is checked against the file's column spec, and rows are handed out with
//! their trimmed cells and their 1-based line number (counted on demand, see [`Lines`]).
//! Rows whose field count differs from the header's are reported and skipped; rows whose
//! cells are all empty (spreadsheet residue) are skipped. Large files are parsed in
//! parallel chunks ([`Table::par_rows`]) with results identical to a sequential read.
//!
//! Files: this one (the reader configuration, [`TableSpec`], [`Table::open`]'s header
//! check, columns), `rows` (rows with line numbers, sequential and parallel), `headers`
//! (hints for a header that lacks a required column); decoding is `load::decode`'s,
//! record boundaries `load::records`'.

mod headers;
mod rows;

use std::collections::HashMap;

use super::problem::{FileTag, Problems};
use super::records::{BlockStream, count_lines};
use crate::text::suggest::hint;
pub use rows::{Lines, Local, Row};

/// Which columns a file must and may have.
pub struct TableSpec {
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
    /// A header-only file is an error (otherwise a warning).
    pub rows_required: bool,
}

/// A decoded file with a valid header.
pub struct Table<'a> {
    pub tag: &'a FileTag,
    text: &'a str,
    /// Byte offset where the data rows start (after the header record) and its line.
    body_start: usize,
    body_line: u64,
    pub headers: Vec<String>,
    columns: HashMap<String, usize>,
    /// Indices of columns the spec does not name (kept as attributes).
    pub extra: Vec<usize>,
    /// The rest of the file, when it is read in blocks.
    more: Option<std::sync::Mutex<BlockStream>>,
}

/// The csv reader every file and chunk is read with.
fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

impl<'a> Table<'a> {
    /// Reads and checks the header. `None` when the file cannot be used at all (empty,
    /// missing a required column); the reasons are in `problems`.
    pub fn open(
        tag: &'a FileTag,
        text: &'a str,
        spec: &TableSpec,
        problems: &mut Problems,
    ) -> Option<Table<'a>> {
        if text.trim().is_empty() {
            problems.error(
                tag.whole(),
                format!(
                    "file is empty; expected a header row with the columns {}",
                    spec.required.join(",")
                ),
            );
            return None;
        }
        let mut rdr = reader(text);
        let mut header = csv::StringRecord::new();
        match rdr.read_record(&mut header) {
            Ok(true) => {}
            Ok(false) => {
                problems.error(tag.whole(), "file is empty; expected a header row");
                return None;
            }
            Err(e) => {
                problems.error(tag.row(1), format!("unreadable header: {e}"));
                return None;
            }
        }
        // Headers are trimmed and unguarded like cells: an exported dataset's extra column
        // `=x` is written `'=x` and must read back as `=x`.
        let headers: Vec<String> = header
            .iter()
            .map(|h| rows::unguard(h.trim()).to_string())
            .collect();
        let mut body_start = rdr.position().byte() as usize;
        // The csv reader may stop between the \r and \n of a CRLF; never split one.
        if body_start > 0
            && text.as_bytes().get(body_start - 1) == Some(&b'\r')
            && text.as_bytes().get(body_start) == Some(&b'\n')
        {
            body_start += 1;
        }
        let body_line = 1 + count_lines(&text.as_bytes()[..body_start.min(text.len())]);
        let mut columns = HashMap::new();
        let mut ok = true;
        for (i, name) in headers.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            if columns.insert(name.clone(), i).is_some() {
                problems.error(
                    tag.at(1, name),
                    "duplicate column in the header; each column may appear once",
                );
                ok = false;
            }
        }
        let missing: Vec<&str> = spec
            .required
            .iter()
            .copied()
            .filter(|r| !columns.contains_key(*r))
            .collect();
        // A file separated by `;` or tabs: one error for the file, not one per column.
        if let Some(message) =
            headers::delimiter_message(&headers, spec).filter(|_| !missing.is_empty())
        {
            problems.error(tag.row(1), message);
            return None;
        }
        for required in missing {
            let suggestion = headers::chinese_hint(required, &headers, spec)
                .unwrap_or_else(|| hint(required, headers.iter().map(String::as_str)));
            problems.error(
                tag.at(1, required),
                format!(
                    "missing required column{suggestion}; the header is: {}",
                    truncate_list(&headers)
                ),
            );
            ok = false;
        }
        if !ok {
            return None;
        }
        let extra = (0..headers.len())
            .filter(|&i| {
                !headers[i].is_empty()
                    && !spec.required.contains(&headers[i].as_str())
                    && !spec.optional.contains(&headers[i].as_str())
            })
            .collect();
        Some(Table {
            tag,
            text,
            body_start,
            body_line,
            headers,
            columns,
            extra,
            more: None,
        })
    }

    /// The rest of the file, read block by block after `text` (see [`BlockStream`]).
    pub fn with_stream(mut self, stream: BlockStream) -> Self {
        self.more = Some(std::sync::Mutex::new(stream));
        self
    }

    /// Index of a named column, if the header has it.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.get(name).copied()
    }

    /// Names of the extra columns, in header order.
    pub fn extra_names(&self) -> Vec<String> {
        self.extra
            .iter()
            .map(|&i| self.headers[i].clone())
            .collect()
    }

    /// Values of the extra columns of a row, in header order.
    pub fn extra_values(&self, row: &Row<'_>) -> Vec<String> {
        self.extra
            .iter()
            .map(|&i| row.cell(Some(i)).to_string())
            .collect()
    }
}

fn truncate_list(items: &[String]) -> String {
    const SHOW: usize = 12;
    let mut out = items
        .iter()
        .take(SHOW)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(",");
    if items.len() > SHOW {
        out.push_str(&format!(",… ({} columns)", items.len()));
    }
    out
}
