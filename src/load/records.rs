//! Where records begin and end, and how a large file is read: the csv reader's quoting
//! rules followed with `memchr` (a jump from quote to quote, not a branch per byte), chunk
//! cuts at exact record boundaries, line counting, and the stream that reads a file in
//! blocks of whole records. The parsing itself is [`super::table`]'s.

use super::decode::BlockDecoding;
use super::problem::{FileTag, Problems};

/// Chunks of a block: `(start, end, first line)`.
pub type Chunks = Vec<(usize, usize, u64)>;

/// A block as read: its bytes, its chunks, and the line of a quote it never closes (last
/// block only).
pub type RawBlock = (Vec<u8>, Chunks, Option<u64>);

/// A block checked as text: the text, its first line, its chunks, an unclosed quote's line.
pub type TextBlock = (String, u64, Chunks, Option<u64>);

/// Line breaks in `bytes`: `\n`, `\r\n` or a lone `\r` each count once. Counted with
/// memchr's vectorised counter (about 8× a plain `filter().count()` here); the `\r` passes
/// only run when there is one.
pub fn count_lines(bytes: &[u8]) -> u64 {
    let newlines = memchr::memchr_iter(b'\n', bytes).count() as u64;
    if memchr::memchr(b'\r', bytes).is_none() {
        return newlines;
    }
    let returns = memchr::memchr_iter(b'\r', bytes).count() as u64;
    let pairs = memchr::memmem::find_iter(bytes, b"\r\n").count() as u64;
    newlines + returns - pairs
}

/// Target size of a chunk of rows parsed by one task.
const CHUNK_BYTES: usize = 2 << 20;

/// The chunk size; `CHAINATLAS_CHUNK_BYTES` overrides it so tests can force many tiny
/// chunks and check the result does not depend on where the cuts fall.
pub fn chunk_bytes() -> usize {
    std::env::var("CHAINATLAS_CHUNK_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(CHUNK_BYTES)
}

/// Splits `text` (whole records) into chunks of about `target` bytes that end at record
/// boundaries: `(start, end, first line)`. A chunk ends at the first record end at least
/// `target` bytes after its start; record ends are the `\n`s outside quoted fields (see
/// [`unquoted_spans`]), so a newline inside a quoted field never splits a record. Lines are
/// counted as [`count_lines`] does, quoted or not. Also returns the line where a quoted
/// field opens that the text never closes.
pub fn record_boundaries(
    text: &[u8],
    target: usize,
    first_line: u64,
) -> (Vec<(usize, usize, u64)>, Option<u64>) {
    let (chunks, unclosed, _) = boundaries(text, target, first_line);
    (chunks, unclosed)
}

/// [`record_boundaries`], plus the offset just after the last record end (0 if none), in
/// the same one pass over the quotes.
fn boundaries(
    text: &[u8],
    target: usize,
    first_line: u64,
) -> (Vec<(usize, usize, u64)>, Option<u64>, usize) {
    let mut cuts = Vec::new();
    let mut start = 0usize;
    let mut last_end = 0usize;
    let unclosed = unquoted_spans(text, |mut from, to| {
        if let Some(k) = memchr::memrchr(b'\n', &text[from..to]) {
            last_end = from + k + 1;
        }
        loop {
            let look = from.max(start + target.saturating_sub(1));
            if look >= to {
                break;
            }
            match memchr::memchr(b'\n', &text[look..to]) {
                Some(k) => {
                    start = look + k + 1;
                    cuts.push(start);
                    from = start;
                }
                None => break,
            }
        }
    });
    if start < text.len() {
        cuts.push(text.len());
    }
    let mut chunks = Vec::with_capacity(cuts.len());
    let (mut begin, mut line) = (0, first_line);
    for end in cuts {
        chunks.push((begin, end, line));
        line += count_lines(&text[begin..end]);
        begin = end;
    }
    (
        chunks,
        unclosed.map(|at| first_line + count_lines(&text[..at])),
        last_end,
    )
}

/// Follows the csv reader's quoting rules through `text` (whole records): a quote opens a
/// quoted field only at the start of a field; `""` inside one is a literal quote; after the
/// closing quote the field continues unquoted. Calls `span(start, end)` for each stretch
/// outside quoted fields, where every `\n` ends a record. It jumps from quote to quote with
/// `memchr`, so a file costs about one vectorised scan, not a branch per byte. Returns the
/// offset of a quote that opens a field the text never closes.
pub fn unquoted_spans(text: &[u8], mut span: impl FnMut(usize, usize)) -> Option<usize> {
    let mut from = 0;
    loop {
        // Outside quotes: the next quote that opens a field (others are literal).
        let mut search = from;
        let open = loop {
            let Some(k) = memchr::memchr(b'"', &text[search..]) else {
                span(from, text.len());
                return None;
            };
            let at = search + k;
            if at == 0 || matches!(text[at - 1], b',' | b'\n' | b'\r') {
                break at;
            }
            search = at + 1;
        };
        span(from, open);
        // Inside the quoted field: its closing quote.
        let mut search = open + 1;
        from = loop {
            let Some(k) = memchr::memchr(b'"', &text[search..]) else {
                return Some(open);
            };
            let at = search + k;
            if text.get(at + 1) == Some(&b'"') {
                search = at + 2;
            } else {
                break at + 1;
            }
        };
    }
}

/// Size of the blocks a large file is read in (see [`BlockStream`]).
const BLOCK_BYTES: usize = 32 << 20;

/// The rest of a file after its first block, read in blocks of whole records so that only
/// a block of text is in memory at a time (a 10M-link links.csv is ~800 MB). Each block is
/// checked like a whole file would be: UTF-8 and no NUL byte; the first problem is
/// reported once, for the file, and ends the stream.
pub struct BlockStream {
    reader: Box<dyn std::io::Read + Send>,
    pending: Vec<u8>,
    /// A spent block's buffer, reused for the next one (see [`BlockStream::recycle`]).
    spare: Vec<u8>,
    eof: bool,
    /// Line of the first byte of `pending`.
    line: u64,
    tag: FileTag,
    done: bool,
    /// How blocks after the first are decoded (set by [`BlockStream::decode_after`]).
    decoding: Option<BlockDecoding>,
}

impl BlockStream {
    /// Starts reading `reader`; returns the stream and its first block (raw bytes, to be
    /// decoded and given to [`super::table::Table::open`]).
    pub fn start(
        reader: Box<dyn std::io::Read + Send>,
        tag: &FileTag,
    ) -> std::io::Result<(BlockStream, Vec<u8>)> {
        let mut stream = BlockStream {
            reader,
            pending: Vec::new(),
            spare: Vec::new(),
            eof: false,
            line: 1,
            tag: tag.clone(),
            done: false,
            decoding: None,
        };
        let first = stream.next_bytes()?.map(|(bytes, _, _)| bytes);
        Ok((stream, first.unwrap_or_default()))
    }

    /// Reads the blocks after `first` (a first block that was UTF-8 text) as UTF-8, or in
    /// `fallback` (the encoding given for files that are not UTF-8) or recognised GB18030
    /// when everything before them was ASCII (see [`BlockDecoding`]).
    pub fn decode_after(&mut self, first: &[u8], fallback: Option<&'static encoding_rs::Encoding>) {
        self.decoding = Some(BlockDecoding::after(first, fallback));
    }

    /// The whole file as bytes: `first` (the first block), then everything not yet read.
    /// For a file whose first block is not UTF-8 text: it is decoded whole.
    pub fn into_bytes(mut self, mut first: Vec<u8>) -> std::io::Result<Vec<u8>> {
        first.append(&mut self.pending);
        std::io::Read::read_to_end(&mut self.reader, &mut first)?;
        Ok(first)
    }

    /// Takes back a parsed block's buffer for the next read: a fresh 32 MB buffer per
    /// block would cost a page fault per 4 KB of it.
    pub fn recycle(&mut self, buffer: Vec<u8>) {
        if buffer.capacity() > self.spare.capacity() {
            self.spare = buffer;
        }
    }

    /// The next block of whole records, raw, with its chunks (see [`record_boundaries`])
    /// and, for the last block, the line of a quote it opens and never closes; `None` at
    /// the end. One pass over the block finds both where it ends and where its
    /// chunks are cut.
    fn next_bytes(&mut self) -> std::io::Result<Option<RawBlock>> {
        // CHAINATLAS_BLOCK_BYTES lets tests force many small blocks.
        let mut want = std::env::var("CHAINATLAS_BLOCK_BYTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|&n: &usize| n > 0)
            .unwrap_or(BLOCK_BYTES);
        loop {
            if !self.eof && self.pending.len() < want {
                // read_to_end on a bounded reader grows the buffer as data arrives, without
                // zero-filling a whole block up front (small files stay cheap).
                let missing = (want - self.pending.len()) as u64;
                let n = std::io::Read::read_to_end(
                    &mut std::io::Read::take(&mut self.reader, missing),
                    &mut self.pending,
                )?;
                if (n as u64) < missing {
                    self.eof = true;
                }
            }
            if self.pending.is_empty() {
                return Ok(None);
            }
            let (mut chunks, unclosed, last_end) =
                boundaries(&self.pending, chunk_bytes(), self.line);
            let cut = if self.eof {
                self.pending.len()
            } else {
                last_end
            };
            if cut == 0 {
                want = self.pending.len() * 2; // one record longer than a block
                continue;
            }
            // Chunks past the cut belong to the next block; one may straddle it.
            chunks.retain(|c| c.0 < cut);
            if let Some(last) = chunks.last_mut() {
                last.1 = last.1.min(cut);
            }
            // The records after the cut start the next block, in a recycled buffer.
            let mut rest = std::mem::take(&mut self.spare);
            rest.clear();
            rest.extend_from_slice(&self.pending[cut..]);
            self.pending.truncate(cut);
            let block = std::mem::replace(&mut self.pending, rest);
            if let Some(&(start, end, line)) = chunks.last() {
                self.line = line + count_lines(&block[start..end]);
            }
            // Only the last block can end inside quotes: others end at a record end.
            let unclosed = if self.eof { unclosed } else { None };
            return Ok(Some((block, chunks, unclosed)));
        }
    }

    /// The next block as text with the line it starts at; `None` at the end or after a
    /// problem (reported here).
    pub fn next_text(&mut self, problems: &mut Problems) -> Option<TextBlock> {
        if self.done {
            return None;
        }
        let start_line = self.line;
        let (block, chunks, unclosed) = match self.next_bytes() {
            Ok(Some(b)) => b,
            Ok(None) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                problems.error(self.tag.whole(), format!("read error: {e}"));
                self.done = true;
                return None;
            }
        };
        let decoding = self
            .decoding
            .get_or_insert_with(|| BlockDecoding::after(b"", None));
        let problem = match decoding.text(&self.tag, block, start_line, problems) {
            // Read in another encoding, the text's bytes are not the block's: cut it anew.
            Ok(text) if decoding.recodes() => {
                let (chunks, unclosed) =
                    record_boundaries(text.as_bytes(), chunk_bytes(), start_line);
                let unclosed = if self.eof { unclosed } else { None };
                return Some((text, start_line, chunks, unclosed));
            }
            Ok(text) => return Some((text, start_line, chunks, unclosed)),
            Err(problem) => problem,
        };
        problems.error(self.tag.whole(), problem);
        self.done = true;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The byte-at-a-time state machine the memchr scan replaced: the reference the fast
    /// scan must agree with.
    fn reference_boundaries(
        text: &[u8],
        target: usize,
        first_line: u64,
    ) -> (Vec<(usize, usize, u64)>, Option<u64>) {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            FieldStart,
            Unquoted,
            Quoted,
            QuoteInQuoted,
        }
        let mut state = State::FieldStart;
        let (mut line, mut opened) = (first_line, first_line);
        let mut chunks = Vec::new();
        let (mut start, mut start_line) = (0usize, first_line);
        for (i, &b) in text.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n')) {
                line += 1;
            }
            state = match (state, b) {
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::FieldStart, b'"') => {
                    opened = line;
                    State::Quoted
                }
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (_, b',') => State::FieldStart,
                (_, b'\n') => {
                    if i + 1 - start >= target {
                        chunks.push((start, i + 1, start_line));
                        (start, start_line) = (i + 1, line);
                    }
                    State::FieldStart
                }
                (_, b'\r') => State::FieldStart,
                _ => State::Unquoted,
            };
        }
        if start < text.len() {
            chunks.push((start, text.len(), start_line));
        }
        (chunks, (state == State::Quoted).then_some(opened))
    }

    fn reference_lines(bytes: &[u8]) -> u64 {
        let mut n = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                n += 1;
            }
        }
        n
    }

    #[test]
    fn quoted_newlines_and_doubled_quotes_do_not_cut() {
        let text = b"a,\"x\ny\",1\nb,\"say \"\"hi\"\"\n\",2\nc,d\"e\n";
        let (chunks, unclosed) = record_boundaries(text, 1, 2);
        assert_eq!(unclosed, None);
        assert_eq!(chunks, vec![(0, 10, 2), (10, 28, 4), (28, 34, 6)]);
        let (_, unclosed) = record_boundaries(b"a,b\nc,\"open\nmore\n", 1, 1);
        assert_eq!(unclosed, Some(2));
        assert_eq!(boundaries(b"a,b\nc,\"x\ny", 1, 1).2, 4);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn fast_scan_agrees_with_the_state_machine(
            bytes in proptest::collection::vec(
                prop_oneof![Just(b'a'), Just(b','), Just(b'"'), Just(b'\n'), Just(b'\r')], 0..200),
            target in 1usize..40,
            first_line in 1u64..5,
        ) {
            prop_assert_eq!(
                record_boundaries(&bytes, target, first_line),
                reference_boundaries(&bytes, target, first_line)
            );
            prop_assert_eq!(count_lines(&bytes), reference_lines(&bytes));
            // Every record end is a chunk end at target 1; the tail after the last one is
            // a chunk too unless the text ends with a record end.
            let (ends, unclosed) = reference_boundaries(&bytes, 1, 1);
            let ends_cleanly = unclosed.is_none() && bytes.last() == Some(&b'\n');
            let mut ends: Vec<usize> = ends.iter().map(|c| c.1).collect();
            if !ends_cleanly {
                ends.pop();
            }
            let expected_last = ends.last().copied().unwrap_or(0);
            prop_assert_eq!(boundaries(&bytes, target, first_line).2, expected_last);
        }
    }
}
