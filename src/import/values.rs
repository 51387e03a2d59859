//! Cell values as enterprise-database exports write them: unknown markers (`-`, `N/A`,
//! `—` …), numbers with thousands separators, full-width digits, 万/亿 multipliers and
//! units (人, 元, 万元, 万人民币, 亿元 …); city names with or without 市; stable ids made
//! from a name.

/// Cells that mean "unknown" (compared after trimming; ASCII letters ignore case). An
/// empty cell is unknown too.
pub const UNKNOWN_MARKERS: [&str; 12] = [
    "-",
    "--",
    "—",
    "——",
    "–",
    "N/A",
    "NA",
    "null",
    "none",
    "暂无",
    "未公开",
    "不公开",
];

/// Whether a cell says "unknown".
pub fn is_unknown(cell: &str) -> bool {
    let cell = cell.trim();
    cell.is_empty() || UNKNOWN_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(cell))
}

/// What a number column measures, which decides the units it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// A headcount: 人 or 名, with 千 or 万; a bare number is persons.
    Headcount,
    /// An amount of money in CNY: 元 or 人民币 with 千/万/百万/千万/亿; a bare number is in
    /// the column's default unit.
    Money,
    /// A plain number (year, latitude): no unit.
    Plain,
}

/// A number read from a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The number times the cell's own multiplier (`1.2万` → 12000); for money in yuan
    /// when the cell had a unit, else in the column's default unit.
    pub value: f64,
    /// The unit as written in the cell (`万`, `万人民币`, `亿元`), empty for a bare number.
    pub unit: String,
}

/// Reads a number cell; `Ok(None)` for an unknown marker. The error says what is wrong.
pub fn parse_number(cell: &str, measure: Measure) -> Result<Option<Reading>, String> {
    if is_unknown(cell) {
        return Ok(None);
    }
    let normal: String = cell.trim().chars().map(half_width).collect();
    let split = normal
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit() || c == '.' || c == ',' || (i == 0 && (c == '+' || c == '-')))
        })
        .map_or(normal.len(), |(i, _)| i);
    let (digits, unit) = normal.split_at(split);
    let unit = unit.trim();
    let number = parse_digits(digits).ok_or_else(|| format!("{cell:?} is not a number"))?;
    if number < 0.0 {
        return Err(format!("{cell:?} is negative; it must be ≥ 0"));
    }
    let multiplier = match measure {
        Measure::Plain if unit.is_empty() || unit == "年" => 1.0,
        Measure::Plain => return Err(format!("{cell:?} is not a number")),
        Measure::Headcount => headcount_multiplier(unit)
            .ok_or_else(|| format!("{cell:?}: unit {unit:?} is not a headcount (人, 名, 千人, 万人)"))?,
        Measure::Money => money_multiplier(unit).ok_or_else(|| {
            format!("{cell:?}: unit {unit:?} is not an amount in CNY (元, 人民币, 万元, 万人民币, 亿元 …); convert other currencies to CNY")
        })?,
    };
    let value = number * multiplier;
    if !value.is_finite() {
        return Err(format!("{cell:?} is not a finite number"));
    }
    Ok(Some(Reading {
        value,
        unit: unit.to_string(),
    }))
}

/// Full-width digits, point and comma as ASCII (`１２．５` → `12.5`).
fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '，' => ',',
        _ => c,
    }
}

/// Digits with an optional sign, point and thousands separators (`1,234,567.5`); a comma
/// must separate groups of three (so `1,5`, a decimal comma, is refused).
fn parse_digits(text: &str) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    let (int_part, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    if frac.is_some_and(|f| f.contains([',', '.'])) {
        return None;
    }
    let unsigned = int_part.trim_start_matches(['+', '-']);
    if unsigned.contains(',') {
        let mut groups = unsigned.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return None;
        }
    }
    let plain: String = text.chars().filter(|&c| c != ',').collect();
    if plain
        .trim_start_matches(['+', '-'])
        .trim_matches('.')
        .is_empty()
    {
        return None;
    }
    plain.parse::<f64>().ok()
}

/// Multipliers written before a unit (`1.2万人`), longest first.
const MULTIPLIERS: [(&str, f64); 9] = [
    ("万亿", 1e12),
    ("千万", 1e7),
    ("百万", 1e6),
    ("十万", 1e5),
    ("亿", 1e8),
    ("万", 1e4),
    ("千", 1e3),
    ("百", 1e2),
    ("", 1.0),
];

fn split_multiplier(unit: &str) -> (f64, &str) {
    for (prefix, factor) in MULTIPLIERS {
        if let Some(rest) = unit.strip_prefix(prefix) {
            return (factor, rest);
        }
    }
    (1.0, unit)
}

/// The factor of a headcount unit (`万人` → 1e4; `人`, `名` or nothing → 1).
pub fn headcount_multiplier(unit: &str) -> Option<f64> {
    let (factor, rest) = split_multiplier(unit);
    matches!(rest, "" | "人" | "名").then_some(factor)
}

/// The factor to yuan of a money unit (`万元` → 1e4); `Some(1.0)` for an empty unit (the
/// caller applies the column's default unit to bare numbers).
pub fn money_multiplier(unit: &str) -> Option<f64> {
    let lower = unit.trim().to_ascii_lowercase();
    for (word, factor) in [
        ("cny million", 1e6),
        ("million cny", 1e6),
        ("rmb million", 1e6),
        ("cny m", 1e6),
        ("cny", 1.0),
        ("rmb", 1.0),
    ] {
        if lower == word {
            return Some(factor);
        }
    }
    let (factor, rest) = split_multiplier(unit.trim());
    matches!(rest, "" | "元" | "人民币" | "元人民币" | "人民币元").then_some(factor)
}

/// A city cell as a key: surrounding spaces and a trailing 市 (or ` City`) removed
/// (`佛山市` → `佛山`).
pub fn city_key(name: &str) -> String {
    let name = name.trim();
    let stripped = name
        .strip_suffix('市')
        .or_else(|| name.strip_suffix(" City"))
        .or_else(|| name.strip_suffix(" city"))
        .map(str::trim)
        .filter(|s| !s.is_empty());
    stripped.unwrap_or(name).to_string()
}

/// Whether text holds a CJK ideograph.
pub fn has_cjk(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c))
}

/// A stable id from a name: letters and digits (any script, Latin ones lower-cased) kept,
/// every run of other characters one `_`, none at either end (`Foshan Example Co., Ltd.`
/// → `foshan_example_co_ltd`, `示例（佛山）有限公司` → `示例_佛山_有限公司`).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// A name compared loosely, for matching firm names in link lists: full-width brackets
/// as ASCII, spaces removed, Latin letters lower-cased.
pub fn loose_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Splits a list cell on `;` `；` `、` `,` `，` (not on `|`, which means "or" in inputs).
/// Items are trimmed; empty ones dropped.
pub fn split_list(cell: &str) -> Vec<&str> {
    cell.split([';', '；', '、', ',', '，'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Row numbers as short ranges: `2–4, 7`.
pub fn ranges(rows: &[u64]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let start = rows[i];
        let mut end = start;
        while i + 1 < rows.len() && rows[i + 1] == end + 1 {
            i += 1;
            end = rows[i];
        }
        out.push(if end == start {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
        i += 1;
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(cell: &str, measure: Measure) -> Option<f64> {
        parse_number(cell, measure).unwrap().map(|r| r.value)
    }

    #[test]
    fn numbers_with_multipliers_separators_and_units() {
        assert_eq!(value("1.2万", Measure::Headcount), Some(12000.0));
        assert_eq!(value("350人", Measure::Headcount), Some(350.0));
        assert_eq!(value("1,234", Measure::Headcount), Some(1234.0));
        assert_eq!(value("１２０", Measure::Headcount), Some(120.0));
        assert_eq!(value("3.5亿", Measure::Money), Some(3.5e8));
        assert_eq!(value("1000万人民币", Measure::Money), Some(1e7));
        assert_eq!(value("2,500.5万元", Measure::Money), Some(2.5005e7));
        assert_eq!(value("800", Measure::Money), Some(800.0));
        assert_eq!(value("2023年", Measure::Plain), Some(2023.0));
        assert_eq!(headcount_multiplier("万人"), Some(1e4));
        assert_eq!(headcount_multiplier("人"), Some(1.0));
        assert_eq!(headcount_multiplier("万元"), None);
        for unknown in ["-", "--", "—", "N/A", "n/a", "", "暂无"] {
            assert_eq!(value(unknown, Measure::Money), None, "{unknown:?}");
        }
    }

    #[test]
    fn bad_numbers_say_why() {
        assert!(
            parse_number("1,5", Measure::Plain)
                .unwrap_err()
                .contains("not a number")
        );
        assert!(
            parse_number("abc", Measure::Headcount)
                .unwrap_err()
                .contains("not a number")
        );
        assert!(
            parse_number("-5", Measure::Headcount)
                .unwrap_err()
                .contains("negative")
        );
        assert!(parse_number("50-99人", Measure::Headcount).is_err());
        assert!(
            parse_number("3亿美元", Measure::Money)
                .unwrap_err()
                .contains("CNY")
        );
        assert!(
            parse_number("3万元", Measure::Headcount)
                .unwrap_err()
                .contains("headcount")
        );
    }

    #[test]
    fn cities_ids_and_names() {
        assert_eq!(city_key("佛山市"), "佛山");
        assert_eq!(city_key("佛山"), "佛山");
        assert_eq!(city_key("市"), "市");
        assert_eq!(city_key("Foshan City"), "Foshan");
        assert_eq!(slug("Foshan Example Co., Ltd."), "foshan_example_co_ltd");
        assert_eq!(slug("示例（佛山）有限公司"), "示例_佛山_有限公司");
        assert_eq!(loose_name("示例（佛山） 有限公司"), "示例(佛山)有限公司");
        assert_eq!(ranges(&[2, 3, 4, 7, 9, 10]), "2–4, 7, 9–10");
        assert_eq!(split_list("a；b、c, d;;"), vec!["a", "b", "c", "d"]);
    }
}
