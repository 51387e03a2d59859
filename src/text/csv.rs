//! CSV output for every tabular result, with cells made safe for spreadsheets: a cell that
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula
//! by Excel or LibreOffice, so it gets a leading `'` (OWASP "CSV injection").

/// Renders rows under a header; every cell is neutralised and quoted as needed.
///
/// # Examples
///
/// ```
/// use chainatlas::text::csv::render;
///
/// let rows = vec![vec!["=1+1".to_string(), "a, b".to_string()]];
/// assert_eq!(render(&["formula", "text"], &rows), "formula,text\n'=1+1,\"a, b\"\n");
/// ```
pub fn render(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        // Writing to a Vec<u8> cannot fail.
        let _ = w.write_record(headers.iter().map(|h| safe_cell(h).into_owned()));
        for row in rows {
            let _ = w.write_record(row.iter().map(|c| safe_cell(c).into_owned()));
        }
        let _ = w.flush();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The OWASP rule: prefix a cell that a spreadsheet would evaluate. A plain number
/// (`-33.9`, `+5`) is left alone: it is a value, not a formula, and must read back as one.
///
/// # Examples
///
/// ```
/// use chainatlas::text::csv::safe_cell;
///
/// assert_eq!(safe_cell("=1+1"), "'=1+1");
/// assert_eq!(safe_cell("-33.9"), "-33.9");
/// ```
pub fn safe_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    // A cell that already starts with `'`s before such a character gets one more, so that
    // the loader, which drops one, reads back exactly this text.
    match cell.trim_start_matches('\'').chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !is_plain_number(cell) => {
            format!("'{cell}").into()
        }
        _ => cell.into(),
    }
}

fn is_plain_number(cell: &str) -> bool {
    cell.parse::<f64>().is_ok_and(f64::is_finite)
        && cell
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_quoted() {
        let text = render(&["a", "b"], &[vec!["=SUM(A1)".into(), "x, \"y\"".into()]]);
        assert_eq!(text, "a,b\n'=SUM(A1),\"x, \"\"y\"\"\"\n");
        assert_eq!(safe_cell("@cmd"), "'@cmd");
        assert_eq!(safe_cell("0.5"), "0.5");
        assert_eq!(safe_cell("-33.9"), "-33.9");
        assert_eq!(safe_cell("-inf"), "'-inf");
        assert_eq!(safe_cell("-1+1"), "'-1+1");
        assert_eq!(safe_cell("'=x"), "''=x");
        assert_eq!(safe_cell("'x"), "'x");
        assert_eq!(safe_cell("'"), "'");
    }
}
