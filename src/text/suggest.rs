//! "Did you mean …" for unknown values: the closest known spelling by edit distance,
//! case-insensitive, within a distance that grows with the word's length.

/// Candidates looked at per search: beyond this (a million firm ids) a suggestion costs
/// more than it helps.
const MAX_CANDIDATES: usize = 100_000;

/// The closest candidate to `word`, if one is close enough to be a plausible typo; a
/// case-insensitive match counts as distance 0; ties go to the alphabetically first.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    let limit = (lower.chars().count() / 3).clamp(1, 3);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates.into_iter().take(MAX_CANDIDATES) {
        if candidate.len().abs_diff(word.len()) > 4 * limit {
            continue; // cheap byte-length filter before any allocation
        }
        let cand_lower = candidate.to_lowercase();
        let len_gap = cand_lower.chars().count().abs_diff(lower.chars().count());
        if len_gap > limit {
            continue;
        }
        let d = edit_distance(&lower, &cand_lower, limit);
        if d <= limit && best.is_none_or(|(bd, bc)| (d, candidate) < (bd, bc)) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The message for a value outside a closed vocabulary: `empty value; expected one of …`
/// or `unknown tier "x"; did you mean "y"? Expected one of: …`.
pub fn vocabulary_message(what: &str, text: &str, spellings: &[&str]) -> String {
    if text.is_empty() {
        return format!("empty value; expected one of: {}", spellings.join(", "));
    }
    let mut msg = format!("unknown {what} {text:?}");
    match did_you_mean(text, spellings.iter().copied()) {
        Some(c) => msg += &format!("; did you mean {c:?}? Expected one of: "),
        None => msg += "; expected one of: ",
    }
    msg + &spellings.join(", ")
}

/// A message suffix: `; did you mean "x"?` or empty.
///
/// # Examples
///
/// ```
/// use chainatlas::text::suggest::hint;
///
/// let layers = ["supply", "value", "innovation", "capital"];
/// assert_eq!(hint("suply", layers), "; did you mean \"supply\"?");
/// assert_eq!(hint("ownership", layers), "");
/// ```
pub fn hint<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    match did_you_mean(word, candidates) {
        Some(c) => format!("; did you mean {c:?}?"),
        None => String::new(),
    }
}

/// How many names a message lists before it only counts the rest.
pub const LISTED_NAMES: usize = 20;

/// A list of known names for a message, at most [`LISTED_NAMES`] of them, then a count of
/// the rest, so 100,000 cities make a short line: `a, b, … and 99,980 more`.
///
/// # Examples
///
/// ```
/// use chainatlas::text::suggest::name_list;
///
/// assert_eq!(name_list(&["a", "b"]), "a, b");
/// let many: Vec<String> = (0..25).map(|i| format!("c{i}")).collect();
/// let many: Vec<&str> = many.iter().map(String::as_str).collect();
/// assert!(name_list(&many).ends_with("c19 … and 5 more"));
/// ```
pub fn name_list(names: &[&str]) -> String {
    let shown = names[..names.len().min(LISTED_NAMES)].join(", ");
    if names.len() <= LISTED_NAMES {
        return shown;
    }
    let rest = (names.len() - LISTED_NAMES).to_string();
    // Thousands separated by commas: 99980 → 99,980.
    let mut grouped = String::new();
    for (i, digit) in rest.chars().enumerate() {
        if i > 0 && (rest.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{shown} … and {grouped} more")
}

/// Edit distance counting insertions, deletions, substitutions and swaps of two adjacent
/// characters (optimal string alignment), giving up (returning `limit + 1`) once the
/// distance must exceed `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 0..a.len() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for j in 0..b.len() {
            let cost = usize::from(a[i] != b[j]);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_spellings_only() {
        let layers = ["supply", "value", "innovation", "capital"];
        assert_eq!(did_you_mean("suply", layers), Some("supply"));
        assert_eq!(did_you_mean("Innovation", layers), Some("innovation"));
        assert_eq!(did_you_mean("ownership", layers), None);
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("frim", "firm", 3), 1);
        assert_eq!(did_you_mean("frim", ["firm", "lab"]), Some("firm"));
        assert_eq!(hint("x", ["abc"]), "");
    }
}
