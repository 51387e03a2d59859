//! Escaping of user text for every output language: DOT quoted strings, XML/GraphML, HTML,
//! Markdown. Firm names carry quotes, backslashes (Graphviz expands `\N`, `\G`, `\L` in
//! labels), newlines, `<>&`, control characters and CJK; every writer goes through these.

/// Graphviz rejects quoted strings longer than 16 KiB; labels are cut below that.
pub const DOT_MAX_LABEL_BYTES: usize = 16_000;

/// A DOT quoted string (with the quotes). Backslashes are doubled so Graphviz prints `\N`
/// literally instead of expanding it; `"` is escaped; line breaks become `\n` (centred line
/// breaks); other control characters are dropped.
///
/// # Examples
///
/// ```
/// use chainatlas::text::escape::dot_quote;
///
/// assert_eq!(dot_quote("A \"B\" \\N"), r#""A \"B\" \\N""#);
/// ```
pub fn dot_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A DOT label: like [`dot_quote`], but cut with an ellipsis so the quoted string stays
/// under Graphviz's limit (on a character boundary).
pub fn dot_label(text: &str) -> String {
    if text.len() <= DOT_MAX_LABEL_BYTES / 2 {
        return dot_quote(text);
    }
    // Escaping at most doubles a character; keep half the budget of raw text.
    let mut cut = DOT_MAX_LABEL_BYTES / 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    dot_quote(&format!("{}…", &text[..cut]))
}

/// XML text or attribute value: `& < > " '` escaped; characters XML 1.0 forbids
/// (control characters other than tab, newline, carriage return) removed.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if c.is_control() => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// HTML text or attribute value (same rules as XML).
///
/// # Examples
///
/// ```
/// use chainatlas::text::escape::html;
///
/// assert_eq!(html("R&D <Foshan> \"Co\""), "R&amp;D &lt;Foshan&gt; &quot;Co&quot;");
/// ```
pub fn html(text: &str) -> String {
    xml(text)
}

/// Markdown text (inline and inside table cells): backslash, backtick and `| * _ [ ] < > # ~`
/// are backslash-escaped, line breaks and tabs become spaces (a table cell is one line), other
/// control characters are dropped.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An id as a Markdown code span (backticks inside are replaced; pipes escaped for tables).
pub fn markdown_code(id: &str) -> String {
    format!(
        "`{}`",
        id.replace('`', "'")
            .replace('|', "\\|")
            .replace(['\n', '\r'], " ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(dot_quote(r#"A "B" \N"#), r#""A \"B\" \\N""#);
        assert_eq!(dot_quote("a\nb\u{7}"), "\"a\\nb\"");
        assert_eq!(dot_quote("佛山 <&>"), "\"佛山 <&>\"");
    }

    #[test]
    fn long_labels_are_cut_on_a_char_boundary() {
        let long = "佛".repeat(20_000);
        let label = dot_label(&long);
        assert!(label.len() < DOT_MAX_LABEL_BYTES);
        assert!(label.ends_with("…\""));
    }

    #[test]
    fn xml_escapes_and_drops_forbidden_characters() {
        assert_eq!(
            xml("</graphml><script>&'\"\u{1}"),
            "&lt;/graphml&gt;&lt;script&gt;&amp;&apos;&quot;"
        );
    }
}
