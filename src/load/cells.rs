//! Parsing single cells: keys, numbers, lists. Each parser records a located problem and
//! returns `None` on bad input, so a row can report every bad cell before it is dropped.

use super::problem::{FileTag, Problems};
use super::table::Row;

/// A required key cell (an id): empty is an error; surrounding spaces are dropped with a
/// warning, because `"F1 "` and `"F1"` would otherwise be read as different firms.
pub fn key<'r>(
    row: &'r Row<'_>,
    col: Option<usize>,
    tag: &FileTag,
    name: &str,
    problems: &mut Problems,
) -> Option<&'r str> {
    let value = row.cell(col);
    if value.is_empty() {
        problems.error(
            tag.at(row.line(), name),
            "empty value; this column is required",
        );
        return None;
    }
    if row.raw(col).len() != value.len() {
        problems.warning(
            tag.at(row.line(), name),
            format!("surrounding spaces removed from {value:?}"),
        );
    }
    Some(value)
}

/// How a numeric column may be valued.
#[derive(Clone, Copy)]
pub struct NumberRule {
    pub allow_negative: bool,
    pub min: f64,
    pub max: f64,
}

pub const NON_NEGATIVE: NumberRule = NumberRule {
    allow_negative: false,
    min: 0.0,
    max: f64::MAX,
};

/// An optional number: empty = `None` (unknown, not zero).
pub fn number(
    row: &Row<'_>,
    col: Option<usize>,
    tag: &FileTag,
    name: &str,
    rule: NumberRule,
    problems: &mut Problems,
) -> Option<f64> {
    let text = row.cell(col);
    if text.is_empty() {
        return None;
    }
    let place = tag.at(row.line(), name);
    let Ok(value) = text.parse::<f64>() else {
        problems.error(place, format!("{text:?} is not a number"));
        return None;
    };
    if !value.is_finite() {
        problems.error(
            place,
            format!("{text:?} is not a finite number (NaN, infinity or out of range)"),
        );
        return None;
    }
    if value < 0.0 && !rule.allow_negative {
        problems.error(place, format!("{text:?} is negative; it must be ≥ 0"));
        return None;
    }
    if value < rule.min || value > rule.max {
        problems.error(
            place,
            format!("{text:?} is out of range {}..{}", rule.min, rule.max),
        );
        return None;
    }
    Some(value)
}

/// An optional integer (a year).
pub fn integer(
    row: &Row<'_>,
    col: Option<usize>,
    tag: &FileTag,
    name: &str,
    problems: &mut Problems,
) -> Option<i32> {
    let text = row.cell(col);
    if text.is_empty() {
        return None;
    }
    match text.parse::<i32>() {
        Ok(v) => Some(v),
        Err(_) => {
            problems.error(
                tag.at(row.line(), name),
                format!("{text:?} is not a whole number"),
            );
            None
        }
    }
}

/// Items of a `;`-separated list cell, trimmed, empty items skipped.
pub fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}
