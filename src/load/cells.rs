//! Parsing single cells: keys, numbers, lists. Each parser records a located problem and
//! returns `None` on bad input, so a row can report every bad cell before it is dropped.

use super::problem::{FileTag, Problems};
use super::table::Row;

/// A required key cell (an id): empty is an error; surrounding spaces are dropped with a
/// warning, because `"F1 "` and `"F1"` would otherwise be read as different firms; a
/// control character is an error (see [`control_message`]).
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
    if let Some(message) = control_message(value) {
        problems.error(tag.at(row.line(), name), message);
        return None;
    }
    // The cell may be shorter than the raw text for its formula guard (`'-F1` is `-F1`),
    // which is not a space: look at the raw text only when the lengths differ (rare).
    let raw = row.raw(col);
    if raw.len() != value.len() && raw.trim().len() != raw.len() {
        problems.warning(
            tag.at(row.line(), name),
            format!("surrounding spaces removed from {value:?}"),
        );
    }
    Some(value)
}

/// The first control character (Unicode general category Cc: U+0000–U+001F,
/// U+007F–U+009F) of a key, with its position in characters (1-based). Keys name nodes in
/// every export, and the exports drop control characters, so `a\u{1}b` and `ab` would
/// become one node. One cheap pass over the bytes; the chars are decoded only when a byte
/// below 0x20, 0x7F or the UTF-8 lead byte 0xC2 (of U+0080–U+00BF) is present.
pub fn control_char(text: &str) -> Option<(usize, char)> {
    let suspect = text
        .bytes()
        .fold(false, |acc, b| acc | (b < 0x20) | (b == 0x7F) | (b == 0xC2));
    if !suspect {
        return None;
    }
    text.chars()
        .enumerate()
        .find(|(_, c)| c.is_control())
        .map(|(i, c)| (i + 1, c))
}

/// The error for a key holding a control character (`None` when it has none):
/// `control character \u{1} at character 2 of "a\u{1}b"; keys must be printable`.
pub fn control_message(text: &str) -> Option<String> {
    control_char(text).map(|(at, c)| {
        format!(
            "control character {} at character {at} of {text:?}; keys must be printable (no Unicode control characters U+0000–U+001F, U+007F–U+009F)",
            c.escape_unicode()
        )
    })
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

/// What every number error ends with: an unknown value is an empty cell, not `n/a`, `-`,
/// `0` or `-1`.
pub const LEAVE_EMPTY: &str = "; leave the cell empty when unknown";

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
        problems.error(place, format!("{text:?} is not a number{LEAVE_EMPTY}"));
        return None;
    };
    if !value.is_finite() {
        problems.error(
            place,
            format!("{text:?} is not a finite number (NaN, infinity or out of range){LEAVE_EMPTY}"),
        );
        return None;
    }
    if value < 0.0 && !rule.allow_negative {
        problems.error(
            place,
            format!("{text:?} is negative; it must be ≥ 0{LEAVE_EMPTY}"),
        );
        return None;
    }
    if value < rule.min || value > rule.max {
        problems.error(
            place,
            format!(
                "{text:?} is out of range {}..{}{LEAVE_EMPTY}",
                rule.min, rule.max
            ),
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
                format!("{text:?} is not a whole number{LEAVE_EMPTY}"),
            );
            None
        }
    }
}

/// Items of a `;`-separated list cell, trimmed, empty items skipped.
pub fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_in_both_ranges() {
        assert_eq!(control_char("plain-id_1"), None);
        assert_eq!(control_char("佛山 Ä é"), None);
        assert_eq!(control_char("a\u{1}b"), Some((2, '\u{1}')));
        assert_eq!(control_char("\tx"), Some((1, '\t')));
        assert_eq!(control_char("x\u{7f}"), Some((2, '\u{7f}')));
        assert_eq!(control_char("é\u{85}"), Some((2, '\u{85}')));
        assert_eq!(control_char("x\u{9f}"), Some((2, '\u{9f}')));
        assert_eq!(control_char("\u{a0}\u{bf}"), None);
        let m = control_message("a\u{1}b").unwrap();
        assert!(
            m.starts_with("control character \\u{1} at character 2 of \"a\\u{1}b\""),
            "{m}"
        );
    }
}
