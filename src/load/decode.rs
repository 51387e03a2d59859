//! Decoding a file's bytes to text, each file on its own: UTF-8 text (a BOM dropped) stays
//! UTF-8; a file that is not UTF-8 text is read in the encoding given (`--encoding`), else
//! in GB18030 when its bytes are recognised as GB18030/GBK-encoded Chinese (with a warning
//! saying so), else it gets one error naming the likely encoding and the first bad byte.
//! A spreadsheet workbook saved under a `.csv` name (XLSX, XLS) is named as one, with the
//! fix. Also the same choice for the later blocks of a file read in blocks
//! ([`BlockDecoding`]).

use encoding_rs::Encoding;

use super::problem::{FileTag, ProblemKind, Problems};

/// Decodes a whole file (or the first block of one, when that block is UTF-8 text: see
/// [`is_utf8_text`]). `fallback` is the encoding given for files that are not UTF-8 text;
/// `None` when none was given. A file that cannot be read as text gets one error naming
/// why — with the encoding it most likely is, and how to read or convert it — not a flood
/// of row errors.
pub fn decode<'a>(
    tag: &FileTag,
    bytes: &'a [u8],
    fallback: Option<&'static Encoding>,
    problems: &mut Problems,
) -> Option<std::borrow::Cow<'a, str>> {
    use std::borrow::Cow;
    if let Some(message) = spreadsheet_message(tag, bytes) {
        problems.error(tag.whole(), message);
        return None;
    }
    let fallback = fallback.filter(|e| *e != encoding_rs::UTF_8);
    let unmarked = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf8 = std::str::from_utf8(unmarked);
    if let Ok(text) = utf8
        && (fallback.is_none() || memchr::memchr(0, unmarked).is_none())
    {
        return no_nul(tag, Cow::Borrowed(text), problems);
    }
    if let Some(enc) = fallback {
        // decode() honours a BOM if there is one, else uses `enc`.
        let (text, used, had_errors) = enc.decode(bytes);
        if had_errors {
            problems.error_of(
                ProblemKind::Encoding,
                tag.whole(),
                format!(
                    "file is neither UTF-8 nor valid {} (the encoding given for files that are not UTF-8); check how it was saved",
                    used.name()
                ),
            );
            return None;
        }
        return no_nul(tag, text, problems);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        problems.error_of(
            ProblemKind::Encoding,
            tag.whole(),
            "file is UTF-16 encoded; load it with the encoding utf-16le (or utf-16be), or save it as UTF-8 (`iconv -f UTF-16 -t UTF-8 in.csv > out.csv`)",
        );
        return None;
    }
    let Err(e) = utf8 else {
        return None; // not reached: UTF-8 text without a fallback was returned above
    };
    if is_gb18030(unmarked) {
        let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(unmarked);
        problems.warning_of(
            ProblemKind::EncodingGuessed,
            tag.whole(),
            recognised_message(),
        );
        return no_nul(tag, text, problems);
    }
    let pos = e.valid_up_to();
    let (line, column) = line_and_column(unmarked, pos);
    let byte = unmarked.get(pos).copied().unwrap_or(0);
    let message = if looks_like_gb18030(unmarked) {
        format!(
            "file is not UTF-8: it looks like GB18030/GBK-encoded Chinese (byte 0x{byte:02X} at line {line}, byte {column}); \
             load it with the encoding gb18030, or convert it with `iconv -f GB18030 -t UTF-8 in.csv > out.csv`"
        )
    } else {
        format!(
            "file is not valid UTF-8 (byte 0x{byte:02X} at line {line}, byte {column}); \
             if you know its encoding, load it with that encoding (e.g. gb18030, big5, latin1, utf-16le), \
             or convert it with `iconv -f ENCODING -t UTF-8 in.csv > out.csv`"
        )
    };
    problems.error_of(ProblemKind::Encoding, tag.whole(), message);
    None
}

/// The warning for a file read as GB18030 because its bytes were recognised as such.
fn recognised_message() -> &'static str {
    "file is not UTF-8; read as GB18030 (GBK), recognised from its bytes as Chinese text; \
     if its names look wrong, load it with its encoding (e.g. big5), or save it as UTF-8 to be sure"
}

/// Whether `bytes` (a first block) are read as UTF-8 as they are: valid UTF-8 without a NUL
/// byte, after a BOM. When not, the whole file is decoded at once by [`decode`].
pub(super) fn is_utf8_text(bytes: &[u8]) -> bool {
    let unmarked = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(unmarked).is_ok() && memchr::memchr(0, unmarked).is_none()
}

/// The error for a spreadsheet workbook saved under a `.csv` name: an XLSX (or ODS) is a
/// ZIP archive (`PK\x03\x04`), an old XLS an OLE2 compound file. `None` for anything else.
fn spreadsheet_message(tag: &FileTag, bytes: &[u8]) -> Option<String> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let what = if bytes.starts_with(ZIP) {
        "an Excel workbook (XLSX: a ZIP archive)"
    } else if bytes.starts_with(OLE2) {
        "an old-style Excel workbook (XLS)"
    } else {
        return None;
    };
    let file = super::ALL_FILES
        .get(usize::from(tag.rank))
        .copied()
        .unwrap_or("this file");
    let stem = file.trim_end_matches(".csv");
    // `chainatlas import` reads workbooks of firms, links, chains and cities.
    let import = if stem == "absences" {
        String::new()
    } else {
        format!("convert it with `chainatlas import --{stem} WORKBOOK.xlsx -o DIR`, or ")
    };
    Some(format!(
        "file is {what}, not CSV text, though it is named {file}; {import}open it in Excel and save it as \"CSV UTF-8 (Comma delimited)\""
    ))
}

/// Rejects text with a NUL character (binary data or UTF-16 read as bytes).
fn no_nul<'a>(
    tag: &FileTag,
    text: std::borrow::Cow<'a, str>,
    problems: &mut Problems,
) -> Option<std::borrow::Cow<'a, str>> {
    match nul_message(&text, 1) {
        None => Some(text),
        Some(message) => {
            problems.error(tag.whole(), message);
            None
        }
    }
}

/// The error for text holding a NUL character, if it does (lines counted from
/// `start_line`).
fn nul_message(text: &str, start_line: u64) -> Option<String> {
    let pos = memchr::memchr(0, text.as_bytes())?;
    let (line, column) = line_and_column(text.as_bytes(), pos);
    Some(format!(
        "file contains a NUL byte (line {}, byte {column}); a CSV file is text: is it binary or UTF-16?",
        start_line + line as u64 - 1
    ))
}

/// How the later blocks of a file read in blocks are decoded. The first block was UTF-8
/// text (else the file is decoded whole); a later block that is not UTF-8 is read in the
/// encoding given, or as recognised GB18030, only when every byte before it was ASCII —
/// the same text in UTF-8, GB18030 and the other ASCII-based encodings — and from then on
/// every block is read so. After non-ASCII UTF-8, a block in another encoding is an error:
/// a file is in one encoding.
#[derive(Debug, Clone, Copy)]
pub struct BlockDecoding {
    fallback: Option<&'static Encoding>,
    /// The encoding chosen for the rest of the file (`None`: UTF-8).
    chosen: Option<&'static Encoding>,
    ascii_so_far: bool,
}

impl BlockDecoding {
    /// After a first block `first` that was UTF-8 text.
    pub fn after(first: &[u8], fallback: Option<&'static Encoding>) -> BlockDecoding {
        BlockDecoding {
            fallback: fallback.filter(|e| *e != encoding_rs::UTF_8),
            chosen: None,
            ascii_so_far: first.is_ascii(),
        }
    }

    /// Whether blocks are read in another encoding than UTF-8 (their text's bytes are not
    /// the block's).
    pub fn recodes(&self) -> bool {
        self.chosen.is_some()
    }

    /// A later block as text; `Err` with the message of the file's one error when it is not
    /// text in the file's encoding. `start_line` is the block's first line. A block read
    /// as recognised GB18030 adds the warning that says so (once per file).
    pub fn text(
        &mut self,
        tag: &FileTag,
        block: Vec<u8>,
        start_line: u64,
        problems: &mut Problems,
    ) -> Result<String, String> {
        let block = match self.chosen {
            Some(enc) => return decode_in(enc, &block, start_line),
            None => match String::from_utf8(block) {
                Ok(text) => {
                    if self.ascii_so_far {
                        self.ascii_so_far = text.is_ascii();
                    }
                    return nul_free(text, start_line);
                }
                Err(e) => e.into_bytes(),
            },
        };
        if self.ascii_so_far {
            if let Some(enc) = self.fallback {
                self.chosen = Some(enc);
                return decode_in(enc, &block, start_line);
            }
            if is_gb18030(&block) {
                self.chosen = Some(encoding_rs::GB18030);
                problems.warning_of(
                    ProblemKind::EncodingGuessed,
                    tag.whole(),
                    recognised_message(),
                );
                return decode_in(encoding_rs::GB18030, &block, start_line);
            }
        }
        let pos = std::str::from_utf8(&block)
            .err()
            .map_or(0, |e| e.valid_up_to());
        let (line, column) = line_and_column(&block, pos);
        let at = format!(
            "byte 0x{:02X} at line {}, byte {column}",
            block.get(pos).copied().unwrap_or(0),
            start_line + line as u64 - 1
        );
        Err(if self.ascii_so_far {
            format!(
                "file is not valid UTF-8 ({at}); if you know its encoding, load it with that encoding (e.g. gb18030, big5, latin1), or convert it with `iconv -f ENCODING -t UTF-8 in.csv > out.csv`"
            )
        } else {
            format!(
                "file is UTF-8 up to line {start_line}, then not ({at}): a file is in one encoding; save the whole file as UTF-8"
            )
        })
    }
}

/// A later block in the encoding chosen for its file.
fn decode_in(enc: &'static Encoding, block: &[u8], start_line: u64) -> Result<String, String> {
    let (text, had_errors) = enc.decode_without_bom_handling(block);
    if had_errors {
        return Err(format!(
            "file is neither UTF-8 nor valid {} (the encoding it was read in from its first non-ASCII bytes on); check how it was saved",
            enc.name()
        ));
    }
    nul_free(text.into_owned(), start_line)
}

/// `text`, or the NUL-byte error (lines counted from `start_line`).
fn nul_free(text: String, start_line: u64) -> Result<String, String> {
    match nul_message(&text, start_line) {
        None => Ok(text),
        Some(message) => Err(message),
    }
}

/// Is the text GB18030/GBK-encoded Chinese, surely enough to read it so without being told?
/// It decodes as GB18030 without error into at least two CJK ideographs, and at least four
/// in five of its two-byte characters lie in GB2312's range (both bytes 0xA1–0xFE), where
/// nearly all Chinese text lies. Latin-1 text rarely passes: its accented letters are
/// followed by ASCII bytes; Big5 text seldom does: about half its characters have a second
/// byte below 0x7F.
pub(super) fn is_gb18030(bytes: &[u8]) -> bool {
    if !looks_like_gb18030(bytes) {
        return false;
    }
    let (mut gb2312, mut other) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(&trail) if trail.is_ascii_digit() => i += 4, // four-byte GB18030
            Some(&trail) => {
                if lead >= 0xA1 && trail >= 0xA1 {
                    gb2312 += 1;
                } else {
                    other += 1;
                }
                i += 2;
            }
            None => break,
        }
    }
    gb2312 >= 4 * other
}

/// Does the text decode as GB18030 without error, with Chinese characters in it? (Latin-1
/// text can also decode as GB18030, but rarely into CJK ideographs.) Lenient: it chooses
/// the advice of an error; [`is_gb18030`] decides whether to read a file so.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(text: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(text).0.into_owned()
    }

    /// The tag of dataset file `rank` of a dataset `d`.
    fn tag(rank: u8) -> FileTag {
        FileTag {
            name: format!("d/{}", super::super::ALL_FILES[usize::from(rank)]),
            rank,
        }
    }

    #[test]
    fn chinese_in_gbk_is_recognised_and_latin1_and_big5_are_not() {
        assert!(is_gb18030(&gbk("id,name_zh\nac1,格力电器\nac2,美的集团\n")));
        // Latin-1: "Zürich" and "Müller" decode as GB18030 pairs, but not in GB2312's range.
        let latin1 = encoding_rs::WINDOWS_1252
            .encode("city,name\nZürich,Müller Straße\nGießen,Jürgen Köln\n")
            .0;
        assert!(!is_gb18030(&latin1));
        // Big5: 台灣積體電路 has second bytes below 0x7F.
        let big5 = encoding_rs::BIG5.encode("id,name\nx,台灣積體電路製造\n").0;
        assert!(!is_gb18030(&big5));
        assert!(!is_gb18030(b"plain ascii"));
    }

    #[test]
    fn valid_utf8_stays_utf8_whatever_encoding_is_given() {
        let tag = tag(0);
        let mut problems = Problems::default();
        let text = decode(
            &tag,
            "北京".as_bytes(),
            Some(encoding_rs::GB18030),
            &mut problems,
        );
        assert_eq!(text.as_deref(), Some("北京"));
        let bytes = gbk("北京,广州");
        let text = decode(&tag, &bytes, None, &mut problems);
        assert_eq!(text.as_deref(), Some("北京,广州"));
        let problems = problems.into_sorted();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].kind, ProblemKind::EncodingGuessed);
    }

    #[test]
    fn a_workbook_named_csv_is_named_as_one() {
        let tag = tag(2);
        let mut problems = Problems::default();
        assert!(decode(&tag, b"PK\x03\x04\x14\x00\x06\x00", None, &mut problems).is_none());
        let problems = problems.into_sorted();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.starts_with(
                "file is an Excel workbook (XLSX: a ZIP archive), not CSV text, though it is named firms.csv; \
                 convert it with `chainatlas import --firms WORKBOOK.xlsx -o DIR`"
            ),
            "{}",
            problems[0].message
        );
        assert!(!problems[0].is_encoding());
    }
}
