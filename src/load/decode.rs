//! Decoding a file's bytes to text: UTF-8 (a BOM dropped) by default, or the encoding
//! given; one error for a file that does not decode (naming the likely encoding) or holds a
//! NUL byte, with the line and byte of the first bad one.

use super::problem::{FileTag, Problems};

/// Decodes a file: as UTF-8 (dropping a BOM) by default, or from `encoding` when given
/// (e.g. GB18030). A file that does not decode gets one error naming it — with the
/// encoding it most likely is, and how to read or convert it — not a flood of row errors.
pub fn decode<'a>(
    tag: &FileTag,
    bytes: &'a [u8],
    encoding: Option<&'static encoding_rs::Encoding>,
    problems: &mut Problems,
) -> Option<std::borrow::Cow<'a, str>> {
    use std::borrow::Cow;
    if let Some(enc) = encoding.filter(|e| *e != encoding_rs::UTF_8) {
        // decode() honours a BOM if there is one, else uses `enc`.
        let (text, used, had_errors) = enc.decode(bytes);
        if had_errors {
            problems.error(
                tag.whole(),
                format!(
                    "file is not valid {} (the encoding it was loaded with); check how it was saved",
                    used.name()
                ),
            );
            return None;
        }
        return no_nul(tag, text, problems);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        problems.error(
            tag.whole(),
            "file is UTF-16 encoded; load it with the encoding utf-16le (or utf-16be), or save it as UTF-8 (`iconv -f UTF-16 -t UTF-8 in.csv > out.csv`)",
        );
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => no_nul(tag, Cow::Borrowed(text), problems),
        Err(e) => {
            let pos = e.valid_up_to();
            let (line, column) = line_and_column(bytes, pos);
            let byte = bytes.get(pos).copied().unwrap_or(0);
            let message = if looks_like_gb18030(bytes) {
                format!(
                    "file is not UTF-8: it looks like GB18030/GBK-encoded Chinese (byte 0x{byte:02X} at line {line}, byte {column}); \
                     load it with the encoding gb18030, or convert it with `iconv -f GB18030 -t UTF-8 in.csv > out.csv`"
                )
            } else {
                format!(
                    "file is not valid UTF-8 (byte 0x{byte:02X} at line {line}, byte {column}); \
                     if you know its encoding, load it with that encoding (e.g. gb18030, latin1, utf-16le), \
                     or convert it with `iconv -f ENCODING -t UTF-8 in.csv > out.csv`"
                )
            };
            problems.error(tag.whole(), message);
            None
        }
    }
}

/// Rejects text with a NUL character (binary data or UTF-16 read as bytes).
fn no_nul<'a>(
    tag: &FileTag,
    text: std::borrow::Cow<'a, str>,
    problems: &mut Problems,
) -> Option<std::borrow::Cow<'a, str>> {
    if let Some(pos) = memchr::memchr(0, text.as_bytes()) {
        let (line, column) = line_and_column(text.as_bytes(), pos);
        problems.error(
            tag.whole(),
            format!(
                "file contains a NUL byte (line {line}, byte {column}); a CSV file is text: is it binary or UTF-16?"
            ),
        );
        return None;
    }
    Some(text)
}

/// Does the file decode as GB18030 without error, with Chinese characters in it? (Latin-1
/// text can also decode as GB18030, but rarely into CJK ideographs.)
pub(super) fn looks_like_gb18030(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(1 << 20)];
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(sample);
    // The sample may end inside a two-byte character: ignore an error in the last bytes.
    let clean = !had_errors
        || text
            .trim_end_matches('\u{FFFD}')
            .chars()
            .filter(|&c| c == '\u{FFFD}')
            .count()
            == 0;
    let cjk = text
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .count();
    clean && cjk >= 2
}

pub(super) fn line_and_column(bytes: &[u8], pos: usize) -> (usize, usize) {
    let before = &bytes[..pos.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}
