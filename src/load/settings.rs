//! A dataset's optional `report.toml`: the report's title, the claims it tests (with their
//! wording and where they come from), the default region and the city pair. Without the
//! file every command works and `report` writes a neutral completeness report; the
//! embedded GBA dataset carries the 2020 article's settings.
//!
//! ```toml
//! title = "Is the chain complete in {region}?"   # {region}: the region's name
//! source = "2020 article"                          # where the claims come from
//! region = "GBA"                                   # default --region
//! pair = ["Guangzhou", "Foshan"]                   # the report's complementarity pair
//! unit = "million EUR"                             # unit of link weights (optional)
//!
//! [[claims]]
//! id = "completeness"                              # see ClaimId
//! text = "{region} has a complete chain"
//! number = 1                                       # optional: default, its position
//! caveat = "Most pair links come from targeted searches"  # optional: the dataset's own
//!                                                  # warning, printed with the claim
//! ```

use std::path::Path;

use serde::Deserialize;

use super::DatasetSource;
use crate::error::Error;

/// The file's name in a dataset folder.
pub const FILE: &str = "report.toml";

/// What `report` can test, and so what a `[[claims]]` row may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimId {
    /// The region has a complete chain, from raw materials to final products (H1, H2).
    Completeness,
    /// The four chains (value, supply, innovation, product) work as one system.
    Fusion,
    /// The city pair is complementary.
    Complementarity,
    /// The chains are stable: no single firm, foreign source or group holds them (H3–H5).
    Stability,
    /// Where each final product closes: the region, its countries (the domestic cycle) or
    /// the world (the boundary ladder).
    DualCycle,
}

impl ClaimId {
    /// The id as the file spells it.
    pub fn name(self) -> &'static str {
        match self {
            ClaimId::Completeness => "completeness",
            ClaimId::Fusion => "fusion",
            ClaimId::Complementarity => "complementarity",
            ClaimId::Stability => "stability",
            ClaimId::DualCycle => "dual_cycle",
        }
    }
}

/// One claim the report tests, in the dataset's own words.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClaimText {
    /// Which test answers it.
    pub id: ClaimId,
    /// The claim as the source states it; `{region}` stands for the region's name.
    pub text: String,
    /// Its number in the source ("claim 3"): `number` in the file, else its position.
    pub number: u32,
    /// What the dataset's authors know weakens the data's answer to this claim (a bias of
    /// the survey, a modelling choice), printed with the claim; `None` when not given.
    pub caveat: Option<String>,
}

/// The parsed `report.toml`; [`Default`] is what a dataset without the file gets.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ReportSettings {
    /// The report's title; `{region}` stands for the region's name.
    pub title: Option<String>,
    /// Where the claims come from ("2020 article"), printed beside each claim.
    pub source: Option<String>,
    /// The default region of every command (`--region` overrides it).
    pub region: Option<String>,
    /// The city pair of the report's complementarity section and `complement`'s default.
    pub pair: Option<[String; 2]>,
    /// The unit of the link weights (an input-output table's currency), when known.
    pub unit: Option<String>,
    /// The year the claims were made; the report counts the links dated after it.
    pub year: Option<i32>,
    /// The claims tested, in file order.
    pub claims: Vec<ClaimText>,
}

impl ReportSettings {
    /// The claim with this id, when the file states it.
    pub fn claim(&self, id: ClaimId) -> Option<&ClaimText> {
        self.claims.iter().find(|c| c.id == id)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    title: Option<String>,
    source: Option<String>,
    region: Option<String>,
    pair: Option<Vec<String>>,
    unit: Option<String>,
    year: Option<i32>,
    #[serde(default)]
    claims: Vec<RawClaim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: ClaimId,
    text: String,
    number: Option<u32>,
    caveat: Option<String>,
}

/// Reads the dataset's `report.toml`: `None` when the folder has none. A file that does
/// not parse, names an unknown key or claim id, or gives a pair that is not two cities is
/// [`Error::InvalidData`] naming the file, line and column.
pub fn read(source: &DatasetSource) -> Result<Option<ReportSettings>, Error> {
    let text = match source.dir() {
        None => crate::embedded::file(FILE).map(|b| String::from_utf8_lossy(b).into_owned()),
        Some(dir) => read_file(&dir.join(FILE))?,
    };
    text.map(|t| parse(&t, &source.file_display(FILE)))
        .transpose()
}

fn read_file(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|e| {
            Error::InvalidData(format!(
                "{}: not valid UTF-8 at byte {}; save it as UTF-8",
                path.display(),
                e.utf8_error().valid_up_to()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Parses the text of a `report.toml` shown as `file` in messages.
pub fn parse(text: &str, file: &str) -> Result<ReportSettings, Error> {
    let at = |offset: usize| {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{file}:{line}:{column}")
    };
    let raw: RawSettings = toml::from_str(text).map_err(|e| {
        let place = e.span().map_or_else(|| file.to_string(), |s| at(s.start));
        let message = e.message().trim_end();
        Error::InvalidData(format!(
            "{place}: {message} (keys: title, source, region, pair, unit, year, [[claims]] with id, text, number, caveat)"
        ))
    })?;
    let pair = match raw.pair {
        None => None,
        Some(p) => match <[String; 2]>::try_from(p) {
            Ok(p) if p.iter().all(|c| !c.trim().is_empty()) => Some(p),
            _ => {
                return Err(Error::InvalidData(format!(
                    "{}: pair must name two cities, e.g. pair = [\"Guangzhou\", \"Foshan\"]",
                    at(text.find("pair").unwrap_or(0))
                )));
            }
        },
    };
    let mut claims: Vec<ClaimText> = Vec::with_capacity(raw.claims.len());
    for (i, c) in raw.claims.into_iter().enumerate() {
        let id = c.id;
        let place = || at(nth_claim_offset(text, i));
        if claims.iter().any(|k| k.id == id) {
            return Err(Error::InvalidData(format!(
                "{}: claim {} is given twice",
                place(),
                id.name()
            )));
        }
        claims.push(ClaimText {
            id,
            text: c.text.trim().to_string(),
            number: c.number.unwrap_or(i as u32 + 1),
            caveat: c
                .caveat
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty()),
        });
    }
    Ok(ReportSettings {
        title: raw.title,
        source: raw.source,
        region: raw.region,
        pair,
        unit: raw.unit,
        year: raw.year,
        claims,
    })
}

/// Where the `i`-th `[[claims]]` table starts (for messages; 0 when not found).
fn nth_claim_offset(text: &str, i: usize) -> usize {
    text.match_indices("[[claims]]")
        .nth(i)
        .map_or(0, |(offset, _)| offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key_and_numbers_claims_by_position() {
        let s = parse(
            "title = \"T {region}\"\nsource = \"2020 article\"\nregion = \"GBA\"\npair = [\"A\", \"B\"]\nyear = 2020\n\
             [[claims]]\nid = \"completeness\"\ntext = \" X \"\n[[claims]]\nid = \"fusion\"\ntext = \"Y\"\nnumber = 7\ncaveat = \" a bias \"\n",
            "report.toml",
        )
        .unwrap();
        assert_eq!(s.title.as_deref(), Some("T {region}"));
        assert_eq!(s.pair, Some(["A".to_string(), "B".to_string()]));
        assert_eq!(s.year, Some(2020));
        assert_eq!(s.claims.len(), 2);
        assert_eq!(s.claim(ClaimId::Completeness).unwrap().text, "X");
        assert_eq!(s.claim(ClaimId::Completeness).unwrap().number, 1);
        assert_eq!(s.claim(ClaimId::Fusion).unwrap().number, 7);
        // A caveat is trimmed; a claim without one has none.
        assert_eq!(
            s.claim(ClaimId::Fusion).unwrap().caveat.as_deref(),
            Some("a bias")
        );
        assert_eq!(s.claim(ClaimId::Completeness).unwrap().caveat, None);
        assert!(s.claim(ClaimId::Stability).is_none());
    }

    #[test]
    fn each_claim_id_parses_from_its_name() {
        for id in [
            ClaimId::Completeness,
            ClaimId::Fusion,
            ClaimId::Complementarity,
            ClaimId::Stability,
            ClaimId::DualCycle,
        ] {
            let text = format!("[[claims]]\nid = \"{}\"\ntext = \"t\"\n", id.name());
            assert_eq!(parse(&text, "r.toml").unwrap().claims[0].id, id);
        }
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse("title = \"T\"\ncolour = 3\n", "d/report.toml").unwrap_err();
        assert!(e.to_string().starts_with("d/report.toml:2:1: "), "{e}");
        assert!(e.to_string().contains("colour"), "{e}");
        let e = parse("[[claims]]\nid = \"x\"\ntext = \"t\"\n", "r.toml").unwrap_err();
        assert!(
            e.to_string().starts_with("r.toml:2:6: unknown variant"),
            "{e}"
        );
        let twice = "[[claims]]\nid = \"fusion\"\ntext = \"t\"\n[[claims]]\nid = \"fusion\"\ntext = \"u\"\n";
        let e = parse(twice, "r.toml").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("r.toml:4:1: claim fusion is given twice"),
            "{e}"
        );
        let e = parse("pair = [\"A\"]\n", "r.toml").unwrap_err();
        assert!(
            e.to_string().starts_with("r.toml:1:1: pair must name two"),
            "{e}"
        );
        let e = parse("title = \n", "r.toml").unwrap_err();
        assert!(e.to_string().starts_with("r.toml:1:"), "{e}");
    }
}
