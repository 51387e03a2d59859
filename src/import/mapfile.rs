//! The map file (`--map MAP.toml`): column mappings per table, defaults (kind, layer,
//! evidence, money units, sheet) and the `[[stage]]` rules that turn industry codes and
//! keywords in 国标行业 / 经营范围 into `chain/stage` tags. Unknown keys are errors (a typo
//! must not silently map nothing).

use std::collections::BTreeMap;

use serde::Deserialize;

/// The whole map file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapFile {
    /// `[firms]`.
    #[serde(default)]
    pub firms: FirmSettings,
    /// `[links]`.
    #[serde(default)]
    pub links: LinkSettings,
    /// `[chains]`.
    #[serde(default)]
    pub chains: TableSettings,
    /// `[cities]`.
    #[serde(default)]
    pub cities: TableSettings,
    /// `[[stage]]` rules, in file order.
    #[serde(default)]
    pub stage: Vec<StageRule>,
}

/// Settings any table has.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSettings {
    /// Header as written → field (`""` ignores the column).
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// The sheet of a spreadsheet (default: the first).
    pub sheet: Option<String>,
}

/// `[firms]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirmSettings {
    /// Header as written → field (`""` ignores the column).
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// The sheet of a spreadsheet (default: the first).
    pub sheet: Option<String>,
    /// The kind of every firm without a kind cell (default `firm`).
    pub kind: Option<String>,
    /// The unit of bare revenue numbers (`万元`, `元`, `亿元`, `CNY million`).
    pub revenue_unit: Option<String>,
    /// The `source` of every firm without a source cell (default: file and row).
    pub source: Option<String>,
}

/// `[links]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkSettings {
    /// Header as written → field (`""` ignores the column).
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// The sheet of a spreadsheet (default: the first).
    pub sheet: Option<String>,
    /// The layer of every link without a layer cell (default `supply`).
    pub layer: Option<String>,
    /// The evidence of every link without an evidence cell (no default: say how the list
    /// is known).
    pub evidence: Option<String>,
    /// The unit of bare weight numbers (`万元`, `元`, `亿元`, `CNY million`).
    pub weight_unit: Option<String>,
}

/// One `[[stage]]`: a stage of a chain, and how to recognise its producers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageRule {
    /// Chain id.
    pub chain: String,
    /// Stage id within the chain.
    pub stage: String,
    /// Human-readable name (chains.csv `label`).
    pub label: Option<String>,
    /// Tier (required when chains.csv is made from the map).
    pub tier: Option<String>,
    /// Inputs as in chains.csv (`a|b;c`).
    pub inputs: Option<String>,
    /// Any of these in 经营范围 or 国标行业 text marks a producer.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Codes of the national industry classification (GB/T 4754: `C3841`, or a prefix such
    /// as `C384`); a code in the 国标行业 cell starting with one marks a producer.
    #[serde(default)]
    pub industry_codes: Vec<String>,
    /// Any of these in the same text vetoes the keyword and code matches of this stage.
    #[serde(default)]
    pub exclude_keywords: Vec<String>,
}

impl StageRule {
    /// `chain/stage`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.chain, self.stage)
    }
}

/// Reads and parses the map file; the error (reported at the file) gives the line and
/// column, from `toml`.
pub fn load(path: &std::path::Path) -> Result<MapFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the file: {e}"))?;
    toml::from_str(&text).map_err(|e| e.to_string().trim_end().to_string())
}

/// Why a firm got a stage, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchedBy {
    /// Its stages cell.
    Column,
    /// An industry code.
    IndustryCode,
    /// A keyword.
    Keyword,
}

/// The stages `rules` give a firm with this 国标行业 (`industry`) and 经营范围 (`scope`)
/// cell, in rule order, each with how it matched.
pub fn match_stages(rules: &[StageRule], industry: &str, scope: &str) -> Vec<(usize, MatchedBy)> {
    let codes = industry_codes_in(industry);
    let mut out = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        let vetoed = rule.exclude_keywords.iter().any(|k| {
            !k.is_empty() && (scope.contains(k.as_str()) || industry.contains(k.as_str()))
        });
        if vetoed {
            continue;
        }
        let by_code = rule
            .industry_codes
            .iter()
            .any(|wanted| codes.iter().any(|code| code_matches(wanted, code)));
        let by_keyword = rule.keywords.iter().any(|k| {
            !k.is_empty() && (scope.contains(k.as_str()) || industry.contains(k.as_str()))
        });
        if by_code {
            out.push((index, MatchedBy::IndustryCode));
        } else if by_keyword {
            out.push((index, MatchedBy::Keyword));
        }
    }
    out
}

/// Industry codes in a cell: an optional section letter and 2–4 digits standing alone
/// (`C3841 锂离子电池制造` → `C3841`; `3841` → `3841`).
pub fn industry_codes_in(cell: &str) -> Vec<String> {
    let chars: Vec<char> = cell.chars().collect();
    let mut codes = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        let letter = chars[i].is_ascii_uppercase();
        let digits_from = if letter { i + 1 } else { i };
        let mut j = digits_from;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        let digits = j - digits_from;
        let before_ok = start == 0 || !chars[start - 1].is_ascii_alphanumeric();
        let after_ok = j >= chars.len() || !chars[j].is_ascii_alphanumeric();
        if (2..=4).contains(&digits) && before_ok && after_ok {
            codes.push(chars[start..j].iter().collect());
            i = j;
        } else {
            i += 1;
        }
    }
    codes
}

/// Whether a code in the data falls under a code of the map: the digits start with the
/// map's digits, and the section letters agree when both have one (`C38` covers `C3841`
/// and `3841`).
pub fn code_matches(wanted: &str, found: &str) -> bool {
    let split = |code: &str| -> (Option<char>, String) {
        let code = code.trim().to_ascii_uppercase();
        let mut chars = code.chars();
        match chars.next() {
            Some(c) if c.is_ascii_alphabetic() => (Some(c), chars.collect()),
            _ => (None, code),
        }
    };
    let (wanted_letter, wanted_digits) = split(wanted);
    let (found_letter, found_digits) = split(found);
    if let (Some(a), Some(b)) = (wanted_letter, found_letter)
        && a != b
    {
        return false;
    }
    !wanted_digits.is_empty() && found_digits.starts_with(&wanted_digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(stage: &str, keywords: &[&str], codes: &[&str], exclude: &[&str]) -> StageRule {
        StageRule {
            chain: "battery".into(),
            stage: stage.into(),
            label: None,
            tier: None,
            inputs: None,
            keywords: keywords.iter().map(|s| s.to_string()).collect(),
            industry_codes: codes.iter().map(|s| s.to_string()).collect(),
            exclude_keywords: exclude.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn codes_are_found_and_matched_by_prefix() {
        assert_eq!(industry_codes_in("C3841 锂离子电池制造"), vec!["C3841"]);
        assert_eq!(industry_codes_in("制造业(3841);C26"), vec!["3841", "C26"]);
        assert!(industry_codes_in("ISO9001 12345 C3").is_empty());
        assert!(code_matches("C384", "C3841"));
        assert!(code_matches("C3841", "3841"));
        assert!(!code_matches("C3841", "C3842"));
        assert!(!code_matches("C38", "D38"));
    }

    #[test]
    fn keywords_codes_and_vetoes() {
        let rules = [
            rule("cell", &["电芯", "锂电池"], &["C3841"], &[]),
            rule("cathode", &["正极材料"], &[], &["销售正极材料"]),
        ];
        assert_eq!(
            match_stages(&rules, "C3841", "正极材料的研发、生产"),
            vec![(0, MatchedBy::IndustryCode), (1, MatchedBy::Keyword)]
        );
        assert_eq!(match_stages(&rules, "", "批发；销售正极材料"), vec![]);
        assert_eq!(
            match_stages(&rules, "", "锂电池生产"),
            vec![(0, MatchedBy::Keyword)]
        );
    }
}
