//! Reading one input table for `import`: delimited text (CSV, TSV, `;` or `|`; the
//! delimiter sniffed; UTF-8 with or without BOM, UTF-16 with BOM, else GB18030/GBK) or a
//! spreadsheet (XLSX, XLS, XLSB, ODS through calamine; the first sheet unless one is
//! named). Every cell becomes trimmed text, and every row keeps the number the user sees:
//! the line of a text file, the row of a sheet.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};

use super::problems::Problems;

/// One table as read: its header and data rows (rows whose cells are all empty left out).
#[derive(Debug, Clone)]
pub struct Table {
    /// The file as given on the command line, for messages.
    pub file: String,
    /// How it was read, for the log: `XLSX, sheet "Sheet1"`, `text, delimiter ';', GB18030`.
    pub how: String,
    /// The row the header was found on (1-based, as the user numbers rows).
    pub header_row: u64,
    /// Header cells, trimmed.
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: Vec<Row>,
}

/// One data row; a cell holding only an unknown marker (`-`, `N/A`, `—` …) is empty.
#[derive(Debug, Clone)]
pub struct Row {
    /// Line (text) or sheet row (spreadsheet), 1-based.
    pub number: u64,
    /// Trimmed cells, as many as the header has.
    pub cells: Vec<String>,
}

/// How many leading rows may come before the header (title rows of database exports).
const HEADER_SEARCH_ROWS: usize = 10;

/// Reads `path`; `sheet` names the sheet of a spreadsheet; `is_known_header` tells a header
/// row (one with a cell naming a known column) from title rows above it. Problems go to
/// `problems`; `None` when the file could not be read as a table at all.
pub fn read(
    path: &Path,
    sheet: Option<&str>,
    is_known_header: &dyn Fn(&str) -> bool,
    problems: &mut Problems,
) -> Option<Table> {
    let file = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            problems.error(&file, None, None, format!("cannot read the file: {e}"));
            return None;
        }
    };
    let (raw_rows, how) = if is_spreadsheet(path, &bytes) {
        read_sheet(&file, bytes, sheet, problems)?
    } else {
        if sheet.is_some() {
            problems.warning(
                &file,
                None,
                None,
                "the map names a sheet, but this file is text; the sheet is ignored",
            );
        }
        read_text(&file, path, &bytes, problems)?
    };
    let Some(header_at) = find_header(&raw_rows, is_known_header) else {
        problems.error(
            &file,
            None,
            None,
            "the file has no rows; expected a header row",
        );
        return None;
    };
    let header_row = raw_rows[header_at].0;
    let headers = raw_rows[header_at].1.clone();
    let mut rows = Vec::new();
    for (number, mut cells) in raw_rows.into_iter().skip(header_at + 1) {
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if cells.len() > headers.len() {
            if cells[headers.len()..].iter().any(|c| !c.is_empty()) {
                problems.error(
                    &file,
                    Some(number),
                    None,
                    format!(
                        "row has {} cells but the header has {}; check for an unquoted delimiter or a missing header cell",
                        cells.len(),
                        headers.len()
                    ),
                );
                continue;
            }
            cells.truncate(headers.len());
        }
        cells.resize(headers.len(), String::new());
        // "-", "N/A", "—" … mean unknown, as an empty cell does.
        for cell in &mut cells {
            if super::values::is_unknown(cell) {
                cell.clear();
            }
        }
        rows.push(Row { number, cells });
    }
    Some(Table {
        file,
        how,
        header_row,
        headers,
        rows,
    })
}

/// The header: the first of the leading non-empty rows with a cell naming a known column,
/// else the first non-empty row.
fn find_header(
    rows: &[(u64, Vec<String>)],
    is_known_header: &dyn Fn(&str) -> bool,
) -> Option<usize> {
    let non_empty: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, (_, cells))| cells.iter().any(|c| !c.is_empty()))
        .map(|(i, _)| i)
        .take(HEADER_SEARCH_ROWS)
        .collect();
    non_empty
        .iter()
        .copied()
        .find(|&i| rows[i].1.iter().any(|c| is_known_header(c)))
        .or_else(|| non_empty.first().copied())
}

/// A spreadsheet by its first bytes (ZIP for XLSX/ODS, OLE for XLS) or its extension.
fn is_spreadsheet(path: &Path, bytes: &[u8]) -> bool {
    let by_magic = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let by_extension = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods"
        )
    });
    by_magic || by_extension
}

type RawRows = Vec<(u64, Vec<String>)>;

fn read_sheet(
    file: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    problems: &mut Problems,
) -> Option<(RawRows, String)> {
    let mut book = match calamine::open_workbook_auto_from_rs(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            problems.error(
                file,
                None,
                None,
                format!("cannot read the file as a spreadsheet (XLSX, XLS, XLSB, ODS): {e}"),
            );
            return None;
        }
    };
    let kind = match &book {
        calamine::Sheets::Xls(_) => "XLS",
        calamine::Sheets::Xlsx(_) => "XLSX",
        calamine::Sheets::Xlsb(_) => "XLSB",
        calamine::Sheets::Ods(_) => "ODS",
    };
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => match names.iter().find(|n| n.as_str() == wanted) {
            Some(n) => n.clone(),
            None => {
                problems.error(
                    file,
                    None,
                    None,
                    format!(
                        "no sheet named {wanted:?}; the sheets are: {}",
                        names.join(", ")
                    ),
                );
                return None;
            }
        },
        None => match names.first() {
            Some(n) => n.clone(),
            None => {
                problems.error(file, None, None, "the workbook has no sheets");
                return None;
            }
        },
    };
    let range = match book.worksheet_range(&name) {
        Ok(r) => r,
        Err(e) => {
            problems.error(file, None, None, format!("cannot read sheet {name:?}: {e}"));
            return None;
        }
    };
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let number = u64::from(first_row) + i as u64 + 1;
        let mut texts = Vec::with_capacity(cells.len());
        for (j, cell) in cells.iter().enumerate() {
            texts.push(match cell {
                Data::Error(e) => {
                    problems.warning(
                        file,
                        Some(number),
                        None,
                        format!(
                            "cell {} holds the spreadsheet error {e}; read as empty",
                            j + 1
                        ),
                    );
                    String::new()
                }
                Data::Float(f) => format_float(*f),
                other => other.to_string().trim().to_string(),
            });
        }
        rows.push((number, texts));
    }
    let more = if names.len() > 1 {
        format!(" (of {} sheets: {})", names.len(), names.join(", "))
    } else {
        String::new()
    };
    Some((rows, format!("{kind}, sheet {name:?}{more}")))
}

/// A spreadsheet number as text: whole numbers without `.0`, others in Rust's shortest form.
fn format_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn read_text(
    file: &str,
    path: &Path,
    bytes: &[u8],
    problems: &mut Problems,
) -> Option<(RawRows, String)> {
    let (text, encoding) = match decode(bytes) {
        Ok(t) => t,
        Err(message) => {
            problems.error(file, None, None, message);
            return None;
        }
    };
    if let Some(pos) = text.find('\0') {
        let line = text[..pos].matches('\n').count() + 1;
        problems.error(
            file,
            None,
            None,
            format!("the file contains a NUL byte (line {line}): it is not text; a spreadsheet must end in .xlsx, .xls or .ods"),
        );
        return None;
    }
    let tsv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let delimiter = if tsv { b'\t' } else { sniff_delimiter(&text) };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                rows.push((line, r.iter().map(|c| c.trim().to_string()).collect()));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line());
                problems.error(file, line, None, format!("unreadable row: {e}"));
            }
        }
    }
    let shown = match delimiter {
        b'\t' => "tab".to_string(),
        d => format!("'{}'", d as char),
    };
    Some((rows, format!("text, delimiter {shown}, {encoding}")))
}

/// Decodes a text file: UTF-8 (a BOM dropped) when it is valid UTF-8, UTF-16 with a BOM,
/// else GB18030 (which covers GBK and GB2312) when it decodes cleanly; the error otherwise.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|t| (t.to_string(), "UTF-8 with BOM"))
            .map_err(|e| {
                format!(
                    "the file starts with a UTF-8 BOM but is not valid UTF-8 (byte {} of the file)",
                    e.valid_up_to() + 4
                )
            });
    }
    for (bom, encoding, name) in [
        (&[0xFF, 0xFE], encoding_rs::UTF_16LE, "UTF-16LE"),
        (&[0xFE, 0xFF], encoding_rs::UTF_16BE, "UTF-16BE"),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
            if had_errors {
                return Err(format!(
                    "the file starts with a {name} BOM but is not valid {name}"
                ));
            }
            return Ok((text.into_owned(), name));
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8"));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        let pos = std::str::from_utf8(bytes)
            .err()
            .map_or(0, |e| e.valid_up_to());
        let line = bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(format!(
            "the file is neither UTF-8 nor GB18030/GBK (byte 0x{:02X} at line {line}); save it as UTF-8 or convert it with `iconv -f ENCODING -t UTF-8`",
            bytes.get(pos).copied().unwrap_or(0)
        ));
    }
    Ok((text.into_owned(), "GB18030/GBK (not UTF-8; converted)"))
}

/// The delimiter among `,` tab `;` `|` that splits the first rows most consistently into
/// two or more cells: the most rows sharing one cell count, then the most cells; ties go
/// in that order.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    for delimiter in [b',', b'\t', b';', b'|'] {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let counts: Vec<usize> = reader
            .records()
            .filter_map(Result::ok)
            .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
            .take(20)
            .map(|r| r.len())
            .collect();
        let mut tally: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        for c in counts.into_iter().filter(|&c| c >= 2) {
            *tally.entry(c).or_default() += 1;
        }
        // The cell count most rows share (the larger count on a tie).
        if let Some((&cells, &rows)) = tally.iter().max_by_key(|&(&cells, &rows)| (rows, cells))
            && (rows, cells) > (best.1, best.2)
        {
            best = (delimiter, rows, cells);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b\n1,2\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(sniff_delimiter("a|b\n\"x|y\"|2\n"), b'|');
        // A comma inside the text of a ';' file does not win: ';' splits every row alike.
        assert_eq!(sniff_delimiter("名称;范围\n甲;电池,电芯\n乙;电机\n"), b';');
    }

    #[test]
    fn gbk_text_is_decoded_and_utf8_stays_utf8() {
        let (gbk, _, _) = encoding_rs::GBK.encode("企业名称;城市\n");
        let (text, how) = decode(&gbk).unwrap();
        assert_eq!(text, "企业名称;城市\n");
        assert!(how.starts_with("GB18030"));
        let (text, how) = decode("企业名称\n".as_bytes()).unwrap();
        assert_eq!((text.as_str(), how), ("企业名称\n", "UTF-8"));
        let (text, how) = decode(b"\xEF\xBB\xBFid\n").unwrap();
        assert_eq!((text.as_str(), how), ("id\n", "UTF-8 with BOM"));
        assert!(decode(&[0x80, 0x80, 0xFF]).is_err());
    }

    #[test]
    fn spreadsheet_numbers_print_as_written() {
        assert_eq!(format_float(12000.0), "12000");
        assert_eq!(format_float(1.5), "1.5");
    }
}
