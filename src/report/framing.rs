//! How the analyst's report frames its findings: its title, the claims it tests (from the
//! dataset's `report.toml`, with their source and numbers) and the city pair of its
//! complementarity section. Without a `report.toml` the framing is neutral: the report
//! asks whether each chain is complete and names no article, claim number or city pair.
//! Every heading and label that depends on the framing is made here, so Markdown, HTML
//! and JSON say the same words.

use serde::Serialize;

use crate::load::settings::{ClaimId, ReportSettings};

/// The default title; `{region}` is replaced by the region's name.
pub const DEFAULT_TITLE: &str = "Is the chain complete in {region}?";

/// The report's framing, built from the dataset's `report.toml` (or its absence).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Framing {
    /// The title, `{region}` replaced.
    pub title: String,
    /// Where the claims come from ("2020 article"); `None` when report.toml does not say.
    pub source: Option<String>,
    /// The claims tested, `{region}` replaced in their text; empty for a neutral report.
    pub claims: Vec<FramedClaim>,
    /// The complementarity section's two cities (`--pair`, else report.toml's `pair`);
    /// `None`: the report has no complementarity section.
    pub pair: Option<[String; 2]>,
    /// The unit of the link weights, when report.toml gives it.
    pub unit: Option<String>,
    /// The year the claims were made, when report.toml gives it.
    pub year: Option<i32>,
}

/// One claim as the report states it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FramedClaim {
    /// Which test answers it.
    pub id: ClaimId,
    /// Its number in the source.
    pub number: u32,
    /// The claim's text, `{region}` replaced.
    pub text: String,
    /// The dataset's caveat on it (report.toml `caveat`), `{region}` replaced; omitted in
    /// JSON when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caveat: Option<String>,
}

impl Framing {
    /// The framing for region `region`: report.toml's settings, the pair overridden by
    /// `pair` (`--pair`) when given.
    pub fn new(settings: &ReportSettings, region: &str, pair: Option<[String; 2]>) -> Framing {
        let fill = |t: &str| t.replace("{region}", region);
        Framing {
            title: fill(settings.title.as_deref().unwrap_or(DEFAULT_TITLE)),
            source: settings.source.clone(),
            claims: settings
                .claims
                .iter()
                .map(|c| FramedClaim {
                    id: c.id,
                    number: c.number,
                    text: fill(&c.text),
                    caveat: c.caveat.as_deref().map(&fill),
                })
                .collect(),
            pair: pair.or_else(|| settings.pair.clone()),
            unit: settings.unit.clone(),
            year: settings.year,
        }
    }

    /// The claim with this id, when the report tests it.
    pub fn claim(&self, id: ClaimId) -> Option<&FramedClaim> {
        self.claims.iter().find(|c| c.id == id)
    }

    /// "claim 3" or "claim 3 of the 2020 article" for a claim the report tests.
    fn cite(&self, c: &FramedClaim) -> String {
        match &self.source {
            Some(s) => format!("{s}, claim {}", c.number),
            None => format!("claim {}", c.number),
        }
    }

    /// The line under the title: the claim tested and where it comes from, or, for a
    /// neutral report, the question asked. `(label, text)`.
    pub fn tested_line(&self, question: &str) -> (&'static str, String) {
        match self.claim(ClaimId::Completeness) {
            Some(c) => ("Claim tested", format!("{} ({}).", c.text, self.cite(c))),
            None => ("Question", format!("{question}?")),
        }
    }

    /// The claim as the source words it, for the line under its section heading:
    /// "Claim tested: Guangzhou has functions … (2020 article, claim 3)."; empty for a
    /// claim the report does not test.
    pub fn quote(&self, id: ClaimId) -> String {
        self.claim(id)
            .map(|c| {
                format!(
                    "Claim tested: {} ({}).{}",
                    c.text,
                    self.cite(c),
                    self.caveat(id)
                        .map_or_else(String::new, |t| format!(" {t}"))
                )
            })
            .unwrap_or_default()
    }

    /// The dataset's caveat on a claim (report.toml `caveat`), as printed: "Caveat (from the
    /// dataset's report.toml): …".
    pub fn caveat(&self, id: ClaimId) -> Option<String> {
        self.claim(id)
            .and_then(|c| c.caveat.as_deref())
            .map(|t| format!("Caveat (from the dataset's report.toml): {t}"))
    }

    /// A headline bullet's lead: "Claim 3, Guangzhou–Foshan" or "Guangzhou–Foshan".
    pub fn lead(&self, id: ClaimId, what: &str) -> String {
        match self.claim(id) {
            Some(c) => format!("Claim {}, {what}", c.number),
            None => capitalise(what),
        }
    }

    /// The pair's headline lead: "Claim 3, Guangzhou–Foshan" or "Guangzhou–Foshan" (city
    /// names as the data spells them, never capitalised).
    pub fn pair_lead(&self, pair: &str) -> String {
        match self.claim(ClaimId::Complementarity) {
            Some(c) => format!("Claim {}, {pair}", c.number),
            None => pair.to_string(),
        }
    }

    /// A section heading: "Claim 4: stability (H3–H5)" or "Stability (H3–H5)".
    pub fn heading(&self, id: ClaimId, what: &str) -> String {
        match self.claim(id) {
            Some(c) => format!("Claim {}: {what}", c.number),
            None => capitalise(what),
        }
    }

    /// The heading of the per-chain completeness table.
    pub fn per_chain_heading(&self) -> String {
        let what = "per chain: complete from raw materials to final products";
        match self.claim(ClaimId::Completeness) {
            Some(c) => format!("Claim {} {what}", c.number),
            None => capitalise(what),
        }
    }

    /// A section heading that ends with the claim: "Four chains as one system (claim 2)".
    pub fn heading_after(&self, id: ClaimId, what: &str) -> String {
        match self.claim(id) {
            Some(c) => format!("{what} (claim {})", c.number),
            None => what.to_string(),
        }
    }

    /// The complementarity section's heading for cities `a` and `b`.
    pub fn pair_heading(&self, a: &str, b: &str) -> String {
        match self.claim(ClaimId::Complementarity) {
            Some(c) => format!("{a}–{b} (claim {}: complementary?)", c.number),
            None => format!("{a}–{b}: complementary?"),
        }
    }

    /// What a report without a complementarity section says instead.
    pub fn no_pair(&self) -> String {
        match &self.pair {
            Some([a, b]) => format!("The dataset does not have both {a} and {b}."),
            None => "No city pair was given, so no two cities are compared: add pair = [\"A\", \"B\"] to the dataset's report.toml, or pass --pair A,B.".to_string(),
        }
    }

    /// The boundary-ladder section's heading.
    pub fn ladder_heading(&self) -> String {
        match self.claim(ClaimId::DualCycle) {
            Some(_) => "The dual cycle: where each final product closes".to_string(),
            None => "The boundary ladder: where each final product closes".to_string(),
        }
    }

    /// The opening words of the boundary-ladder paragraph.
    pub fn ladder_lead(&self) -> String {
        match self.claim(ClaimId::DualCycle) {
            Some(c) => match &self.source {
                Some(s) => format!(
                    "The boundary ladder answers the {s}'s \"dual cycle\" (claim {})",
                    c.number
                ),
                None => format!(
                    "The boundary ladder answers the \"dual cycle\" (claim {})",
                    c.number
                ),
            },
            None => "The boundary ladder shows".to_string(),
        }
    }

    /// ": the domestic cycle" after the region's countries, when the dual cycle is a claim.
    pub fn domestic_word(&self) -> &'static str {
        match self.claim(ClaimId::DualCycle) {
            Some(_) => ": the domestic cycle",
            None => "",
        }
    }

    /// The per-chain test groups: (claim number the verdict tests carry, title).
    pub fn test_groups(&self) -> [(u8, String); 2] {
        [
            (1, self.heading_short(ClaimId::Completeness, "Completeness")),
            (4, self.heading_short(ClaimId::Stability, "Stability")),
        ]
    }

    fn heading_short(&self, id: ClaimId, neutral: &str) -> String {
        match (self.claim(id), id) {
            (Some(c), ClaimId::Stability) => format!("Claim {} (stability)", c.number),
            (Some(c), _) => format!("Claim {}", c.number),
            (None, _) => neutral.to_string(),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::settings::parse;

    fn article() -> Framing {
        let s = parse(
            "source = \"2020 article\"\npair = [\"Guangzhou\", \"Foshan\"]\n\
             [[claims]]\nid = \"completeness\"\ntext = \"{region} has it\"\n\
             [[claims]]\nid = \"fusion\"\ntext = \"one system\"\n\
             [[claims]]\nid = \"complementarity\"\ntext = \"c\"\n\
             [[claims]]\nid = \"stability\"\ntext = \"s\"\n",
            "report.toml",
        )
        .unwrap();
        Framing::new(&s, "GBA", None)
    }

    #[test]
    fn article_framing_numbers_and_cites_its_claims() {
        let f = article();
        assert_eq!(f.title, "Is the chain complete in GBA?");
        assert_eq!(
            f.tested_line("q"),
            ("Claim tested", "GBA has it (2020 article, claim 1).".into())
        );
        assert_eq!(f.pair_lead("Guangzhou–Foshan"), "Claim 3, Guangzhou–Foshan");
        assert_eq!(
            f.heading(ClaimId::Stability, "stability (H3–H5)"),
            "Claim 4: stability (H3–H5)"
        );
        assert_eq!(
            f.pair_heading("Guangzhou", "Foshan"),
            "Guangzhou–Foshan (claim 3: complementary?)"
        );
        assert_eq!(f.test_groups()[1].1, "Claim 4 (stability)");
        assert_eq!(f.ladder_lead(), "The boundary ladder shows");
    }

    #[test]
    fn neutral_framing_names_no_claim_article_or_pair() {
        let f = Framing::new(&ReportSettings::default(), "Kettles", None);
        assert_eq!(f.title, "Is the chain complete in Kettles?");
        assert_eq!(
            f.tested_line("Does X have Y"),
            ("Question", "Does X have Y?".into())
        );
        assert_eq!(
            f.lead(ClaimId::Fusion, "the four chains as one system"),
            "The four chains as one system"
        );
        assert_eq!(f.heading(ClaimId::Completeness, "per chain"), "Per chain");
        assert_eq!(f.pair_lead("reg1–reg2"), "reg1–reg2");
        assert!(f.pair.is_none());
        assert!(f.no_pair().contains("--pair A,B"));
        let with_flag = Framing::new(
            &ReportSettings::default(),
            "R",
            Some(["A".into(), "B".into()]),
        );
        assert_eq!(with_flag.pair_heading("A", "B"), "A–B: complementary?");
        for text in [f.title.clone(), f.ladder_heading(), f.ladder_lead()] {
            assert!(
                !text.contains("article") && !text.contains("claim"),
                "{text}"
            );
        }
    }
}
