//! Rows of a table: the cells of each record with its line number (counted on demand,
//! see [`Lines`]), field-count checks, blank rows skipped; read sequentially
//! ([`Table::rows`]) or in parallel chunks pipelined block by block ([`Table::par_rows`]).

use super::{Table, TableSpec, reader};
use crate::load::problem::{FileTag, ProblemKind, Problems};
use crate::load::records::{Chunks, chunk_bytes, count_lines, record_boundaries, unquoted_spans};

/// A block of whole records and the chunks it is parsed in.
struct Block<'a> {
    text: std::borrow::Cow<'a, str>,
    chunks: Chunks,
}

impl<'a> Block<'a> {
    /// Cuts `text` (starting at `line`) into chunks; reports a quote it never closes.
    fn cut(
        tag: &FileTag,
        text: std::borrow::Cow<'a, str>,
        line: u64,
        target: usize,
        problems: &mut Problems,
    ) -> Block<'a> {
        let (chunks, unclosed) = record_boundaries(text.as_bytes(), target, line);
        if let Some(line) = unclosed {
            report_unclosed(tag, line, problems);
        }
        Block { text, chunks }
    }
}

/// What one chunk of rows gave: the parsed items, the chunk's state, its problems and the
/// number of data rows it held.
struct ParsedChunk<T, S> {
    items: Vec<T>,
    state: S,
    problems: Problems,
    rows: usize,
}

/// One data row: its cells, and where it starts (its line is counted only when asked for:
/// at 10M rows, counting every row's line would cost more than a tenth of the load).
pub struct Row<'r> {
    start: usize,
    lines: &'r Lines<'r>,
    record: &'r csv::ByteRecord,
    /// The record's fields as one text ([`record_text`]).
    text: &'r str,
}

impl Row<'_> {
    /// The row's 1-based line number in the file.
    pub fn line(&self) -> u64 {
        self.lines.line_at(self.start)
    }

    /// Byte offset of the row in its chunk, for [`Lines::line_at`] later.
    pub fn offset(&self) -> usize {
        self.start
    }

    /// The trimmed cell of a column index (`None` = absent optional column → empty), with
    /// its formula guard removed (see [`unguard`]).
    pub fn cell(&self, column: Option<usize>) -> &str {
        unguard(
            column
                .and_then(|c| field(self.record, self.text, c))
                .map_or("", trim),
        )
    }
    /// The raw (untrimmed) cell, to detect surrounding spaces in keys.
    pub fn raw(&self, column: Option<usize>) -> &str {
        column
            .and_then(|c| field(self.record, self.text, c))
            .unwrap_or("")
    }
}

/// Line numbers of a chunk of text, counted on demand from byte offsets. Lookups usually
/// go forward (rows in order), so a cursor remembers the last answer and counts on from
/// there; a lookup behind it counts again from the chunk's start. Counted here, not by
/// the csv crate, whose own line counter lags behind on CRLF and ignores CR-only line
/// ends (BurntSushi/rust-csv#395).
pub struct Lines<'t> {
    text: &'t [u8],
    first_line: u64,
    /// Most files have no \r: then a line break is a \n and counting is one compare.
    has_return: bool,
    cursor: std::cell::Cell<(usize, u64)>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t [u8], first_line: u64) -> Lines<'t> {
        Lines {
            text,
            first_line,
            has_return: memchr::memchr(b'\r', text).is_some(),
            cursor: std::cell::Cell::new((0, first_line)),
        }
    }

    /// The line of the record starting at `byte` (the position the csv reader gives may
    /// still point at the line break before the record: skip it).
    pub fn line_at(&self, byte: usize) -> u64 {
        let text = self.text;
        let mut byte = byte.min(text.len());
        while matches!(text.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        let mut cursor = self.cursor.get();
        if byte < cursor.0 {
            cursor = (0, self.first_line);
        }
        let span = &text[cursor.0..byte];
        let lines = if self.has_return {
            count_lines(span)
        } else {
            memchr::memchr_iter(b'\n', span).count() as u64
        };
        cursor = (byte, cursor.1 + lines);
        self.cursor.set(cursor);
        cursor.1
    }
}

/// A record's fields as one text, checked once per record rather than once per field
/// (the csv crate's `StringRecord` does the same; reading byte records and checking here
/// keeps the empty-row and field-count checks in one place). Every text the tables parse
/// is a `&str` (a decoded file or a block checked by `String::from_utf8`), and the csv
/// reader only cuts it at, or drops, ASCII bytes (`,`, `"`, `\r`, `\n`), which never occur
/// inside a multi-byte UTF-8 sequence: so the check never fails (were it to, the fields
/// would read as absent).
fn record_text(record: &csv::ByteRecord) -> &str {
    std::str::from_utf8(record.as_slice()).unwrap_or_default()
}

/// Field `c` of a record, as a slice of its [`record_text`].
fn field<'t>(record: &csv::ByteRecord, text: &'t str, c: usize) -> Option<&'t str> {
    text.get(record.range(c)?)
}

/// A cell (or header) without its formula guard: a leading `'` before `= + - @`, tab or
/// CR — possibly after more `'` — is dropped: it is how chainatlas (and spreadsheets) keep
/// such a cell from being run as a formula, not part of the value. The writer
/// ([`crate::text::csv::safe_cell`]) adds one `'` to exactly these cells, so every text
/// reads back unchanged (`'=x` is written `''=x`).
pub(crate) fn unguard(cell: &str) -> &str {
    match cell.as_bytes() {
        [b'\'', rest @ ..] => {
            let quotes = rest.iter().take_while(|&&b| b == b'\'').count();
            match rest.get(quotes) {
                Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => &cell[1..],
                _ => cell,
            }
        }
        _ => cell,
    }
}

/// `str::trim`, with a fast answer for the usual cell that starts and ends with a plain
/// ASCII character (neither whitespace nor the first byte of a possible Unicode space).
fn trim(cell: &str) -> &str {
    let plain = |b: u8| b > b' ' && b < 0x80;
    match cell.as_bytes() {
        [first, .., last] if plain(*first) && plain(*last) => cell,
        [only] if plain(*only) => cell,
        _ => cell.trim(),
    }
}

impl<'a> Table<'a> {
    /// The data rows in pieces of whole records with their first line: the body of the
    /// first block, then each further block. Calls `each` in file order.
    fn for_each_body(
        &self,
        problems: &mut Problems,
        mut each: impl FnMut(&str, u64, &mut Problems),
    ) {
        each(
            &self.text[self.body_start.min(self.text.len())..],
            self.body_line,
            problems,
        );
        if let Some(stream) = &self.more {
            loop {
                let next = match stream.lock() {
                    Ok(mut s) => s.next_text(problems),
                    Err(_) => None,
                };
                match next {
                    Some((text, line, _, _)) => each(&text, line, problems),
                    None => break,
                }
            }
        }
    }

    /// Calls `visit` for each well-formed data row, in file order. Reports rows with the
    /// wrong number of fields. Returns the number of data rows seen.
    pub fn rows(
        &self,
        spec: &TableSpec,
        problems: &mut Problems,
        mut visit: impl FnMut(&Row<'_>, &mut Problems),
    ) -> usize {
        let mut seen = 0;
        self.for_each_body(problems, |body, line, problems| {
            if let Some(open) = unquoted_spans(body.as_bytes(), |_, _| {}) {
                let at = line + count_lines(&body.as_bytes()[..open]);
                report_unclosed(self.tag, at, problems);
            }
            let lines = Lines::new(body.as_bytes(), line);
            seen += self.scan(body, &lines, problems, &mut visit);
        });
        self.report_if_empty(spec, seen, problems);
        seen
    }

    /// Like [`Table::rows`], but parses chunks of rows in parallel (rayon). Each chunk gets
    /// its own state `S` (e.g. a text pool); `parse` sees each row, `finish` the chunk's
    /// parsed rows together; `merge` receives, per chunk and in file order, what `finish`
    /// made of them and the chunk's state. The file is pipelined a block
    /// at a time: while the chunks of one block are parsed, the previous block's results
    /// are merged and the next block is read and cut into chunks — so at most two blocks of
    /// parsed rows are held besides the merged result. Chunks are cut at record boundaries
    /// found by [`record_boundaries`] at fixed byte targets, so the result is the same at
    /// any thread count.
    pub fn par_rows<T, U, S, F, G, M>(
        &self,
        spec: &TableSpec,
        problems: &mut Problems,
        mut merge: M,
        parse: F,
        finish: G,
    ) where
        T: Send,
        U: Send,
        S: Default + Send,
        F: Fn(&Row<'_>, &mut Local, &mut S) -> Option<T> + Sync,
        G: Fn(Vec<T>, &mut Local, &mut S, &Lines<'_>) -> Vec<U> + Sync,
        M: FnMut(Vec<U>, S) + Send,
    {
        use rayon::prelude::*;
        let target = chunk_bytes();
        let mut seen = 0;
        let first = &self.text[self.body_start.min(self.text.len())..];
        let mut block = Some(Block::cut(
            self.tag,
            std::borrow::Cow::Borrowed(first),
            self.body_line,
            target,
            problems,
        ));
        let mut parsed: Vec<ParsedChunk<U, S>> = Vec::new();
        while let Some(current) = block.take() {
            let (results, next) = rayon::join(
                || {
                    current
                        .chunks
                        .par_iter()
                        .map(|&(start, end, line)| {
                            self.parse_chunk(&current.text[start..end], line, &parse, &finish)
                        })
                        .collect::<Vec<_>>()
                },
                || {
                    for chunk in parsed.drain(..) {
                        merge(chunk.items, chunk.state);
                        problems.extend(chunk.problems);
                        seen += chunk.rows;
                    }
                    self.next_block(problems)
                },
            );
            parsed = results;
            block = next;
            if let (std::borrow::Cow::Owned(text), Some(stream)) = (current.text, &self.more)
                && let Ok(mut stream) = stream.lock()
            {
                stream.recycle(text.into_bytes());
            }
        }
        for chunk in parsed {
            merge(chunk.items, chunk.state);
            problems.extend(chunk.problems);
            seen += chunk.rows;
        }
        self.report_if_empty(spec, seen, problems);
    }

    /// One chunk's rows through `parse`, then all of them through `finish` (work that goes
    /// faster over a whole chunk at once), with the chunk's own problems and state.
    fn parse_chunk<T, U, S: Default, F, G>(
        &self,
        text: &str,
        line: u64,
        parse: &F,
        finish: &G,
    ) -> ParsedChunk<U, S>
    where
        F: Fn(&Row<'_>, &mut Local, &mut S) -> Option<T>,
        G: Fn(Vec<T>, &mut Local, &mut S, &Lines<'_>) -> Vec<U>,
    {
        let mut local = Local::default();
        let mut state = S::default();
        let mut items = Vec::new();
        let mut problems = Problems::default();
        let lines = Lines::new(text.as_bytes(), line);
        let rows = self.scan(text, &lines, &mut problems, &mut |row, _| {
            if let Some(item) = parse(row, &mut local, &mut state) {
                items.push(item);
            }
        });
        let items = finish(items, &mut local, &mut state, &lines);
        problems.extend(local.problems);
        ParsedChunk {
            items,
            state,
            problems,
            rows,
        }
    }

    /// The next block of the file after the first, cut into chunks; `None` at the end.
    fn next_block(&self, problems: &mut Problems) -> Option<Block<'a>> {
        let stream = self.more.as_ref()?;
        let (text, _, chunks, unclosed) = match stream.lock() {
            Ok(mut s) => s.next_text(problems)?,
            Err(_) => return None,
        };
        if let Some(line) = unclosed {
            report_unclosed(self.tag, line, problems);
        }
        Some(Block {
            text: std::borrow::Cow::Owned(text),
            chunks,
        })
    }

    /// Rows of `text` (whole records only; `lines` numbers them).
    fn scan(
        &self,
        text: &str,
        lines: &Lines<'_>,
        problems: &mut Problems,
        visit: &mut dyn FnMut(&Row<'_>, &mut Problems),
    ) -> usize {
        let mut rdr = reader(text);
        // Byte records: `text` is already known to be UTF-8, so each field is too (see
        // `field`), and the csv crate's own check of every record would be done twice.
        let mut record = csv::ByteRecord::new();
        let width = self.headers.len();
        let mut seen = 0;
        loop {
            let before = rdr.position().byte() as usize;
            match rdr.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    problems.error_of(
                        ProblemKind::RowUnread { id: None },
                        self.tag.row(lines.line_at(before)),
                        format!("unreadable row: {e}"),
                    );
                    continue;
                }
            }
            let start = record.position().map_or(before, |p| p.byte() as usize);
            let text = record_text(&record);
            if (0..record.len())
                .all(|c| field(&record, text, c).is_none_or(|f| f.trim().is_empty()))
            {
                continue;
            }
            seen += 1;
            if record.len() != width {
                // Its `id` cell, when there is one, names what the row was (a firm), so
                // that rows naming it elsewhere are not reported as unknown ids.
                let id = self
                    .col("id")
                    .and_then(|c| field(&record, text, c))
                    .map(|cell| unguard(trim(cell)).to_string())
                    .filter(|id| !id.is_empty());
                problems.error_of(
                    ProblemKind::RowUnread { id },
                    self.tag.row(lines.line_at(start)),
                    format!(
                        "row has {} fields but the header has {width}; check for an unquoted comma or a missing cell",
                        record.len()
                    ),
                );
                continue;
            }
            visit(
                &Row {
                    start,
                    lines,
                    record: &record,
                    text,
                },
                problems,
            );
        }
        seen
    }

    fn report_if_empty(&self, spec: &TableSpec, seen: usize, problems: &mut Problems) {
        if seen == 0 {
            let msg = "file has a header but no data rows";
            if spec.rows_required {
                problems.error(self.tag.whole(), msg);
            } else {
                problems.warning(self.tag.whole(), msg);
            }
        }
    }
}

/// Per-chunk state handed to a `par_rows` parser: its problems. "Did you mean" suggestions
/// are left pending ([`Problems::error_hinted`]) and searched once the file is read.
#[derive(Default)]
pub struct Local {
    pub problems: Problems,
}

/// The problem for a quoted cell that is never closed (reported at the line it opens).
fn report_unclosed(tag: &FileTag, line: u64, problems: &mut Problems) {
    problems.error_of(
        ProblemKind::RowUnread { id: None },
        tag.row(line),
        "a quoted cell opens on this line and is never closed: everything after it was read as that one cell; close the quote (\") or remove it",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The reasoning behind `record_text` and `field`: the fields of any UTF-8 text,
        /// however quoted, are whole UTF-8 sequences. Checked against the csv crate's own
        /// validating reader.
        #[test]
        fn fields_of_utf8_text_are_utf8(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("a"), Just(","), Just("\""), Just("\n"), Just("\r"), Just(" "),
                    Just("广州"), Just("é"), Just("\u{3000}"), Just("😀"), Just("'="),
                ],
                0..60,
            )
        ) {
            let text: String = pieces.concat();
            let mut bytes = reader(&text);
            let mut strings = reader(&text);
            let mut byte_record = csv::ByteRecord::new();
            let mut string_record = csv::StringRecord::new();
            loop {
                let a = bytes.read_byte_record(&mut byte_record);
                let b = strings.read_record(&mut string_record);
                match (a, b) {
                    (Ok(false), Ok(false)) => break,
                    (Ok(true), Ok(true)) => {
                        prop_assert_eq!(byte_record.len(), string_record.len());
                        prop_assert!(std::str::from_utf8(byte_record.as_slice()).is_ok());
                        for c in 0..byte_record.len() {
                            let raw = byte_record.get(c).unwrap_or_default();
                            prop_assert!(std::str::from_utf8(raw).is_ok());
                            prop_assert_eq!(field(&byte_record, record_text(&byte_record), c), string_record.get(c));
                        }
                    }
                    (a, b) => prop_assert!(false, "readers disagree: {:?} vs {:?}", a, b),
                }
            }
        }
    }
}
