//! Reading the three input files of `import-io`: the flow matrix Z (square, `REGION/SECTOR`
//! labels in the first row and the first column, matched by label), gross output
//! (`label,value`) and sector tiers (`sector,tier`). Every error names the file, the line and,
//! where there is one, the column; nothing here panics on bad input.

use std::collections::HashMap;

use crate::model::{Tier, Vocabulary};
use crate::text::suggest::{hint, vocabulary_message};

/// An input file: its name as shown in messages and its text.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The path as given on the command line.
    pub name: &'a str,
    /// The file's bytes.
    pub bytes: &'a [u8],
}

/// A `REGION/SECTOR` label split at its `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The whole label, as written (trimmed): the firm id.
    pub text: String,
    /// The part before the `/`: the region (a city of the dataset).
    pub region: String,
    /// The part after the `/`: the sector (a stage of the `io` chain).
    pub sector: String,
}

/// The flow matrix: `z[i * n + j]` is the flow from label `i` (supplier) to label `j`
/// (buyer), both in the order of the first column.
#[derive(Debug, Clone)]
pub struct FlowMatrix {
    /// The labels in the order of Z's first column (the rows).
    pub labels: Vec<Label>,
    /// Row-major flows, `labels.len()²` of them.
    pub z: Vec<f64>,
}

impl FlowMatrix {
    /// Number of labels (rows = columns).
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether the matrix has no label (never true for a matrix [`read_matrix`] returns).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The flow from `i` to `j`.
    pub fn at(&self, i: usize, j: usize) -> f64 {
        self.z[i * self.labels.len() + j]
    }

    /// The index of a label.
    pub fn index(&self) -> HashMap<&str, usize> {
        self.labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.text.as_str(), i))
            .collect()
    }
}

/// The text of a file: UTF-8 with an optional BOM, else an error naming the first bad byte.
fn text<'a>(input: &Input<'a>) -> Result<&'a str, String> {
    let bytes = input
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(input.bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: file is not valid UTF-8 (byte {} of the file); save it as UTF-8",
            input.name,
            e.valid_up_to() + 1
        )
    })
}

/// The rows of a CSV file with their 1-based line numbers; blank rows skipped.
fn rows(input: &Input<'_>) -> Result<Vec<(u64, Vec<String>)>, String> {
    let text = text(input)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            format!("{}:{line}: unreadable row: {e}", input.name)
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        out.push((line, cells));
    }
    if out.is_empty() {
        return Err(format!(
            "{}: file is empty; expected a header row",
            input.name
        ));
    }
    Ok(out)
}

/// Why a key cannot be used: a control character (as the loader refuses it).
fn control_character(text: &str) -> Option<String> {
    text.chars().enumerate().find_map(|(k, c)| {
        c.is_control().then(|| {
            format!(
                "control character {} at character {} of {text:?}; labels must be printable",
                c.escape_unicode(),
                k + 1
            )
        })
    })
}

/// Splits a `REGION/SECTOR` label; `at` says where it stands (`line 1, column 3`).
fn label(text: &str, at: &str, file: &str) -> Result<Label, String> {
    let fail = |why: String| format!("{file}:{at}: label {text:?}: {why}");
    if let Some(why) = control_character(text) {
        return Err(fail(why));
    }
    let Some((region, sector)) = text.split_once('/') else {
        return Err(fail("expected REGION/SECTOR (e.g. reg1/food)".into()));
    };
    let (region, sector) = (region.trim(), sector.trim());
    if region.is_empty() || sector.is_empty() {
        return Err(fail(
            "expected REGION/SECTOR with both parts filled (e.g. reg1/food)".into(),
        ));
    }
    if sector.contains(['/', '|', ';']) {
        return Err(fail(
            "the sector contains '/', '|' or ';', which chainatlas uses to separate stage names; write the label as REGION/SECTOR with one '/'".into(),
        ));
    }
    if region.contains(',') {
        return Err(fail(
            "the region contains ',', which separates cities in --region; rename it".into(),
        ));
    }
    Ok(Label {
        text: format!("{region}/{sector}"),
        region: region.to_string(),
        sector: sector.to_string(),
    })
}

/// A flow or an output value: a finite number ≥ 0.
fn number(cell: &str, at: &str, file: &str, what: &str) -> Result<f64, String> {
    if cell.is_empty() {
        return Err(format!(
            "{file}:{at}: empty cell; every {what} needs a number (write 0 for none)"
        ));
    }
    let v: f64 = cell
        .parse()
        .map_err(|_| format!("{file}:{at}: {cell:?} is not a number"))?;
    if !v.is_finite() {
        return Err(format!("{file}:{at}: {cell:?} is not a finite number"));
    }
    if v < 0.0 {
        return Err(format!(
            "{file}:{at}: {cell:?} is negative; a {what} must be ≥ 0"
        ));
    }
    Ok(v)
}

/// Reads Z: first row = buyer labels (after a corner cell), first column = supplier labels;
/// the two sets must be equal (the order may differ), each label once.
pub fn read_matrix(input: &Input<'_>) -> Result<FlowMatrix, String> {
    let file = input.name;
    let rows = rows(input)?;
    let (header_line, header) = &rows[0];
    let mut columns: Vec<Label> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (k, cell) in header.iter().enumerate().skip(1) {
        let at = format!("{header_line}: column {}", k + 1);
        let l = label(cell, &at, file)?;
        if let Some(first) = seen.insert(l.text.clone(), k + 1) {
            return Err(format!(
                "{file}:{at}: duplicate column label {:?} (first in column {first})",
                l.text
            ));
        }
        columns.push(l);
    }
    if columns.is_empty() {
        return Err(format!(
            "{file}:{header_line}: the first row has no labels; expected a corner cell, then one REGION/SECTOR label per column"
        ));
    }
    let n = columns.len();
    let mut labels: Vec<Label> = Vec::with_capacity(n);
    let mut row_seen: HashMap<String, u64> = HashMap::new();
    let mut values: Vec<Vec<f64>> = Vec::with_capacity(n);
    for (line, cells) in &rows[1..] {
        if cells.len() != n + 1 {
            return Err(format!(
                "{file}:{line}: row has {} fields but the header has {}; Z must be square, one column per label",
                cells.len(),
                n + 1
            ));
        }
        let l = label(&cells[0], &format!("{line}: column 1"), file)?;
        if let Some(first) = row_seen.insert(l.text.clone(), *line) {
            return Err(format!(
                "{file}:{line}: column 1: duplicate row label {:?} (first on line {first})",
                l.text
            ));
        }
        if !seen.contains_key(&l.text) {
            let h = hint(&l.text, columns.iter().map(|c| c.text.as_str()));
            return Err(format!(
                "{file}:{line}: column 1: row label {:?} is not a column label of line {header_line}{h}; rows and columns must name the same REGION/SECTOR set",
                l.text
            ));
        }
        let mut row = Vec::with_capacity(n);
        for (k, cell) in cells.iter().enumerate().skip(1) {
            let at = format!("{line}: column {} ({})", k + 1, columns[k - 1].text);
            row.push(number(cell, &at, file, "flow")?);
        }
        labels.push(l);
        values.push(row);
    }
    if let Some(missing) = columns.iter().find(|c| !row_seen.contains_key(&c.text)) {
        return Err(format!(
            "{file}:{header_line}: column {}: column label {:?} has no row; rows and columns must name the same REGION/SECTOR set",
            seen[&missing.text], missing.text
        ));
    }
    // Reorder the columns into the rows' order.
    let row_index: HashMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.text.as_str(), i))
        .collect();
    let column_to_row: Vec<usize> = columns.iter().map(|c| row_index[c.text.as_str()]).collect();
    let mut z = vec![0.0; n * n];
    for (i, row) in values.iter().enumerate() {
        for (k, v) in row.iter().enumerate() {
            z[i * n + column_to_row[k]] = *v;
        }
    }
    Ok(FlowMatrix { labels, z })
}

/// Reads gross output: a header row, then `label,value` rows; every label of the matrix
/// exactly once and no other. Returns the values in the matrix's row order.
pub fn read_gross_output(input: &Input<'_>, matrix: &FlowMatrix) -> Result<Vec<f64>, String> {
    let file = input.name;
    let rows = rows(input)?;
    let index = matrix.index();
    let mut out: Vec<Option<(f64, u64)>> = vec![None; matrix.len()];
    for (line, cells) in &rows[1..] {
        if cells.len() != 2 {
            return Err(format!(
                "{file}:{line}: row has {} fields; expected 2 (label,value)",
                cells.len()
            ));
        }
        let l = label(&cells[0], &format!("{line}: column 1"), file)?;
        let Some(&i) = index.get(l.text.as_str()) else {
            let h = hint(&l.text, matrix.labels.iter().map(|c| c.text.as_str()));
            return Err(format!(
                "{file}:{line}: column 1: label {:?} is not a label of Z{h}",
                l.text
            ));
        };
        if let Some((_, first)) = out[i] {
            return Err(format!(
                "{file}:{line}: column 1: duplicate label {:?} (first on line {first})",
                l.text
            ));
        }
        let v = number(
            &cells[1],
            &format!("{line}: column 2"),
            file,
            "gross output",
        )?;
        out[i] = Some((v, *line));
    }
    out.iter()
        .zip(&matrix.labels)
        .map(|(v, l)| {
            v.map(|(v, _)| v).ok_or_else(|| {
                format!(
                    "{file}: no gross output for label {:?}; give one row per label of Z",
                    l.text
                )
            })
        })
        .collect()
}

/// Reads tiers: a header with columns `sector` and `tier`, one row per sector given;
/// returns (sector, tier) pairs. Sectors must be sectors of the matrix.
pub fn read_tiers(input: &Input<'_>, sectors: &[String]) -> Result<Vec<(String, Tier)>, String> {
    let file = input.name;
    let rows = rows(input)?;
    let (header_line, header) = &rows[0];
    let column = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            format!(
                "{file}:{header_line}: missing column {name:?}; expected a header sector,tier (the header is: {})",
                header.join(",")
            )
        })
    };
    let (sc, tc) = (column("sector")?, column("tier")?);
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut out = Vec::new();
    for (line, cells) in &rows[1..] {
        let cell = |k: usize| cells.get(k).map_or("", String::as_str);
        let sector = cell(sc);
        if !sectors.iter().any(|s| s == sector) {
            let h = hint(sector, sectors.iter().map(String::as_str));
            return Err(format!(
                "{file}:{line}: column \"sector\": unknown sector {sector:?} (not a sector of Z){h}"
            ));
        }
        if let Some(first) = seen.insert(sector.to_string(), *line) {
            return Err(format!(
                "{file}:{line}: column \"sector\": duplicate sector {sector:?} (first on line {first})"
            ));
        }
        let tier = Tier::parse(cell(tc)).ok_or_else(|| {
            format!(
                "{file}:{line}: column \"tier\": {}",
                vocabulary_message("tier", cell(tc), &Tier::spellings())
            )
        })?;
        out.push((sector.to_string(), tier));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(bytes: &[u8]) -> Input<'_> {
        Input {
            name: "z.csv",
            bytes,
        }
    }

    #[test]
    fn columns_are_matched_by_label_not_position() {
        let m = read_matrix(&input(b"x,r/b,r/a\nr/a,1,2\nr/b,3,4\n")).unwrap();
        assert_eq!(m.labels[0].text, "r/a");
        // Row r/a: column r/b = 1, column r/a = 2.
        assert_eq!(m.at(0, 0), 2.0);
        assert_eq!(m.at(0, 1), 1.0);
        assert_eq!(m.at(1, 0), 4.0);
        assert_eq!(m.at(1, 1), 3.0);
    }

    #[test]
    fn errors_name_file_line_column_and_label() {
        let e = read_matrix(&input(b"x,r/a,r/b\nr/a,1,2\nr/c,3,4\n")).unwrap_err();
        assert!(e.starts_with("z.csv:3: column 1: row label \"r/c\""), "{e}");
        let e = read_matrix(&input(b"x,r/a,r/b\nr/a,1,2\nr/b,3,-4\n")).unwrap_err();
        assert!(
            e.starts_with("z.csv:3: column 3 (r/b): \"-4\" is negative"),
            "{e}"
        );
        let e = read_matrix(&input(b"x,r/a,r/b\nr/a,1,\nr/b,3,4\n")).unwrap_err();
        assert!(e.contains("z.csv:2: column 3 (r/b): empty cell"), "{e}");
        let e = read_matrix(&input(b"x,r/a,rb\nr/a,1,2\nrb,3,4\n")).unwrap_err();
        assert!(
            e.contains("line 1") || e.starts_with("z.csv:1: column 3"),
            "{e}"
        );
        let e = read_matrix(&input(b"x,r/a,r/b\nr/a,1,2\n")).unwrap_err();
        assert!(e.contains("column label \"r/b\" has no row"), "{e}");
        let e = read_matrix(&input(b"x,r/a,r/b\nr/a,1,2\nr/b,3\n")).unwrap_err();
        assert!(e.contains("z.csv:3: row has 2 fields"), "{e}");
        let e = read_matrix(&input(b"x,r/a;b\nr/a;b,1\n")).unwrap_err();
        assert!(e.contains("'/', '|' or ';'"), "{e}");
        assert!(
            read_matrix(&input(b"\xff"))
                .unwrap_err()
                .contains("not valid UTF-8")
        );
    }

    #[test]
    fn gross_output_needs_every_label_once() {
        let m = read_matrix(&input(b"x,r/a,r/b\nr/a,1,2\nr/b,3,4\n")).unwrap();
        let x = |b: &'static [u8]| {
            read_gross_output(
                &Input {
                    name: "x.csv",
                    bytes: b,
                },
                &m,
            )
        };
        assert_eq!(x(b"label,value\nr/b,7\nr/a,5\n").unwrap(), [5.0, 7.0]);
        assert!(
            x(b"label,value\nr/a,5\n")
                .unwrap_err()
                .contains("no gross output for label \"r/b\"")
        );
        assert!(
            x(b"label,value\nr/a,5\nr/a,6\n")
                .unwrap_err()
                .contains("x.csv:3: column 1: duplicate")
        );
        assert!(
            x(b"label,value\nr/z,5\n")
                .unwrap_err()
                .contains("not a label of Z")
        );
    }

    #[test]
    fn tiers_are_checked_against_the_vocabulary_and_sectors() {
        let sectors = ["a".to_string(), "b".to_string()];
        let t = |b: &'static [u8]| {
            read_tiers(
                &Input {
                    name: "t.csv",
                    bytes: b,
                },
                &sectors,
            )
        };
        assert_eq!(
            t(b"sector,tier\na,raw_material\n").unwrap(),
            [("a".to_string(), Tier::RawMaterial)]
        );
        assert!(
            t(b"sector,tier\na,raw\n")
                .unwrap_err()
                .contains("t.csv:2: column \"tier\": unknown tier")
        );
        assert!(
            t(b"sector,tier\nc,material\n")
                .unwrap_err()
                .contains("unknown sector \"c\"")
        );
        assert!(
            t(b"sectors,tier\n")
                .unwrap_err()
                .contains("missing column \"sector\"")
        );
    }
}
