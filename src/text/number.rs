//! Number formats shared by the table, Markdown and HTML renderers, so every output prints a
//! share or a ratio the same way.

/// A float as a fixed 3-decimal string (tables), or `–` when absent.
///
/// # Examples
///
/// ```
/// use chainatlas::text::number::fmt_ratio;
///
/// assert_eq!(fmt_ratio(Some(2.0 / 3.0)), "0.667");
/// assert_eq!(fmt_ratio(None), "–");
/// ```
pub fn fmt_ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.3}"))
}

/// A share (a fraction, 1.0 = 100%) as a percentage with one decimal; a zero share is
/// `0.0%`, never `-0.0%`.
///
/// # Examples
///
/// ```
/// use chainatlas::text::number::fmt_percent;
///
/// assert_eq!(fmt_percent(0.1234), "12.3%");
/// assert_eq!(fmt_percent(-0.0), "0.0%");
/// ```
pub fn fmt_percent(value: f64) -> String {
    let text = format!("{:.1}%", value * 100.0);
    // -0.0 (an empty share) and tiny negatives round to "-0.0%": print zero as zero.
    if text == "-0.0%" {
        "0.0%".to_string()
    } else {
        text
    }
}

/// A ratio with three decimals, or two significant digits when it is positive but
/// below 0.0005 (so a tiny overlap does not read as none).
pub fn fmt_small(v: f64) -> String {
    if v > 0.0 && v < 0.0005 {
        format!("{v:.1e}")
    } else {
        format!("{v:.3}")
    }
}
