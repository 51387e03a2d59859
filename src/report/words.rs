//! Words and phrases shared by the Markdown and HTML renderers of the report, so both say
//! the same thing (each renderer escapes or marks up the result its own way): statuses and
//! modes, evidence mixes, a chain's coverage and evidence sentences, the data line, and the
//! tables of claim 1, the dual cycle and claim 4. The bottleneck and shortlist words are in
//! [`super::bottleneck_words`] and [`super::shortlist_words`].

use super::analyst::{ChainSection, Report};
use super::claim_words::{absence_words, stage_name};
use crate::analysis::completeness::{
    BreakReason, Breakpoint, ChainCompleteness, Mode, Verdict, Within,
};
use crate::analysis::sourcing::{Basis, EvidenceCount};
use crate::analysis::verdict::{ChainVerdict, H3_MIN_LINKS, Test, TestStatus};
use crate::model::Model;
use crate::text::number::fmt_percent;

pub fn status_word(s: Verdict) -> &'static str {
    s.as_str()
}

/// A test's status as printed: `FAIL` in capitals so it stands out in a table.
pub fn test_word(s: TestStatus) -> &'static str {
    match s {
        TestStatus::Pass => "pass",
        TestStatus::Fail => "FAIL",
        TestStatus::Undetermined => "undetermined",
        TestStatus::NotApplicable => "not applicable",
        TestStatus::NotComputed => "not computed",
    }
}

/// A test as printed: "pass — detail", or for a test that neither passes nor fails
/// "not computed — reason (detail)", the reason first.
pub fn test_text(t: &Test) -> String {
    format!("{} — {}", test_word(t.status), test_body(t))
}

/// What follows a test's status: its detail, or its reason and then its detail.
pub fn test_body(t: &Test) -> String {
    match &t.reason {
        Some(reason) if *reason != t.detail && !t.detail.is_empty() => {
            format!("{reason} ({})", t.detail)
        }
        Some(reason) => reason.clone(),
        None => t.detail.clone(),
    }
}

pub fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// `6 documented (46.2%), 4 reported (30.8%)` — levels with at least one link.
pub fn evidence_parts(mix: &[EvidenceCount]) -> String {
    let parts: Vec<String> = mix
        .iter()
        .filter(|e| e.links > 0)
        .map(|e| {
            format!(
                "{} {} ({})",
                e.links,
                e.evidence,
                crate::analysis::figure::cell(e.share, fmt_percent)
            )
        })
        .collect();
    if parts.is_empty() {
        "no links".into()
    } else {
        parts.join(", ")
    }
}

/// `13 links: 6 documented (46.2%), …`, or `no supply links`.
pub fn evidence_line(mix: &[EvidenceCount]) -> String {
    let total: usize = mix.iter().map(|e| e.links).sum();
    if total == 0 {
        return "no supply links".into();
    }
    format!(
        "{total} link{}: {}",
        if total == 1 { "" } else { "s" },
        evidence_parts(mix)
    )
}

/// A table as plain text: headers and cells, escaped by each renderer its own way.
pub struct Rows {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Rows {
    pub fn header_refs(&self) -> Vec<&str> {
        self.headers.iter().map(String::as_str).collect()
    }
}

fn tier_or_dash(t: Option<crate::model::Tier>) -> String {
    t.map_or("–".into(), |t| {
        crate::model::Vocabulary::as_str(t).to_string()
    })
}

fn other_mode(mode: Mode) -> Mode {
    match mode {
        Mode::Structural => Mode::Realised,
        Mode::Realised => Mode::Structural,
    }
}

fn verdict_in(v: &ChainVerdict, mode: Mode) -> Verdict {
    match mode {
        Mode::Structural => v.structural,
        Mode::Realised => v.realised,
    }
}

/// The claim-1 table: one row per chain.
pub fn claim_one_rows(report: &Report) -> Rows {
    let other = other_mode(report.mode);
    Rows {
        headers: vec![
            "chain".into(),
            format!("verdict ({})", report.mode.as_str()),
            format!("beside: {}", other.as_str()),
            "final products closed (structural / realised)".into(),
            "template edges realised locally (by a supply link + inside one firm)".into(),
            "H1 coverage".into(),
            "complete from".into(),
            "possible from".into(),
            "documented links and absences only".into(),
        ],
        rows: report
            .chains
            .iter()
            .map(|c| {
                let v = &c.verdict;
                let k = &c.completeness;
                vec![
                    c.chain.clone(),
                    v.status.as_str().into(),
                    verdict_in(v, other).as_str().into(),
                    format!(
                        "{} / {} of {}",
                        v.structural_closed, v.realised_closed, v.final_products
                    ),
                    format!(
                        "{} of {} ({} + {})",
                        k.realised_edges,
                        k.template_edges,
                        k.linked_edges,
                        k.realised_edges.saturating_sub(k.linked_edges)
                    ),
                    test_word(v.tests[0].status).into(),
                    tier_or_dash(k.complete_from),
                    tier_or_dash(k.possible_from),
                    if v.documented_only.changed {
                        format!("changes to {}", v.documented_only.status.as_str())
                    } else {
                        "unchanged".into()
                    },
                ]
            })
            .collect(),
    }
}

/// The question a report without a completeness claim asks: "does R have a complete …".
pub fn question(report: &Report) -> String {
    format!(
        "Does {} have {}",
        report.region.name,
        crate::report::analyst::CLAIM
    )
}

/// "Guangzhou–Foshan": the two sides of a comparison.
pub fn pair_name(c: &crate::analysis::complementarity::Complement) -> String {
    format!("{}–{}", c.a.name, c.b.name)
}

/// The paragraph that opens the boundary-ladder (dual-cycle) section.
pub fn ladder_intro(report: &Report) -> String {
    format!(
        "{}: for each final product, the smallest area within which it closes by structural closure (producers of every required stage exist{}): {} alone, the region's countries ({}{}), or the world (only with imports). It reads the producers in the data only: a stage with no producer anywhere in the data is first of all a gap in the data.",
        report.framing.ladder_lead(),
        if report.importable.is_empty() {
            ""
        } else {
            "; importable stages given"
        },
        report.region.name,
        report.countries.join(", "),
        report.framing.domestic_word()
    )
}

/// The claim-4 table: H3–H5 per chain, each `status — reason`, and the evidence of the
/// supply links H3 and H4 count.
pub fn stability_rows(report: &Report) -> Rows {
    Rows {
        headers: vec![
            "chain".into(),
            "H3 local sourcing".into(),
            "H4 chokepoints".into(),
            "H5 single firms and groups".into(),
            "evidence of the supply links H3 and H4 count".into(),
            "H3 and H4 on documented links only".into(),
        ],
        rows: report
            .chains
            .iter()
            .map(|c| {
                let mut row = vec![c.chain.clone()];
                row.extend(
                    c.verdict
                        .tests
                        .iter()
                        .filter(|t| t.claim == 4)
                        .map(test_text),
                );
                // A pass on five estimated links reads differently from one on five
                // documented links: say which it is beside the tests.
                row.push(evidence_line(&c.verdict.evidence));
                row.push(documented_stability(&c.verdict));
                row
            })
            .collect(),
    }
}

/// H3 and H4 recomputed on the documented supply links only: "unchanged" when both keep
/// their status, else each test that changes, with its new status (and, when it is judged,
/// why): `H3 not computed (4 documented links, fewer than 5); H4 not computed (…; on them: …)`.
pub fn documented_stability(v: &ChainVerdict) -> String {
    let d = &v.documented_only;
    let links = match d.stability_links {
        0 => "no documented link".to_string(),
        n if n < H3_MIN_LINKS => format!(
            "{n} documented link{}, fewer than {H3_MIN_LINKS}",
            if n == 1 { "" } else { "s" }
        ),
        n => format!("{n} documented links"),
    };
    let changed: Vec<String> = d
        .stability
        .iter()
        .filter_map(|t| {
            let full = v.tests.iter().find(|f| f.id == t.id)?;
            (full.status != t.status).then(|| match t.status {
                // A chokepoint seen on too few links is named, not judged.
                TestStatus::NotComputed
                    if t.id == "H4"
                        && t.detail.starts_with("international chokepoints on")
                        && !t.detail.contains("link(s): none") =>
                {
                    format!("{} not computed ({links}; {})", t.id, t.detail)
                }
                TestStatus::NotComputed => format!("{} not computed ({links})", t.id),
                _ => format!("{} {}", t.id, test_text(t)),
            })
        })
        .collect();
    if changed.is_empty() {
        format!("unchanged ({links})")
    } else {
        changed.join("; ")
    }
}

/// The evidence a chain's verdict rests on, and the documented-only verdict.
pub fn evidence_sentence(c: &ChainSection) -> String {
    let d = &c.verdict.documented_only;
    format!(
        "Evidence behind this verdict: supply links into local firms of the chain: {}. With documented links and documented absences only (the other absences then count as unknown) the verdict is {}{}; H3 and H4 on documented links only: {}.",
        evidence_line(&c.verdict.evidence),
        d.status.as_str(),
        if d.changed {
            " (changed)"
        } else {
            " (unchanged)"
        },
        documented_stability(&c.verdict)
    )
}

/// "25 of 38 template edges are realised locally (20 by a recorded supply link, 5 inside
/// one firm)": a firm that makes both stages realises an edge without any trade, so the
/// count says how many rest on a link.
pub fn edges_words(realised: usize, linked: usize, template: usize) -> String {
    let inside = realised.saturating_sub(linked);
    let how = match (linked, inside) {
        (_, 0) if realised > 0 => " (all by a recorded supply link)".to_string(),
        (0, _) if realised > 0 => {
            " (none by a recorded supply link: each inside one firm that makes both stages)"
                .to_string()
        }
        _ if realised > 0 => {
            format!(" ({linked} by a recorded supply link, {inside} inside one firm)")
        }
        _ => String::new(),
    };
    format!("{realised} of {template} template edges are realised locally{how}")
}

/// Stage and link coverage and local sourcing of a chain.
pub fn coverage_sentence(c: &ChainSection) -> String {
    let k = &c.completeness;
    let sourcing = match &k.sourcing {
        Some(s) => {
            format!(
                "{} by {} over {} links (rest of country {}, overseas {}{})",
                fmt_percent(s.local),
                if s.basis == Basis::Weight {
                    "weight"
                } else {
                    "count"
                },
                s.links,
                fmt_percent(s.rest_of_country),
                fmt_percent(s.overseas),
                if s.links_without_weight > 0 {
                    format!("; {} links without weight", s.links_without_weight)
                } else {
                    String::new()
                }
            ) + &if s.links < crate::analysis::verdict::H3_MIN_LINKS {
                format!(
                    ", too few for H3 to judge (it needs {})",
                    crate::analysis::verdict::H3_MIN_LINKS
                )
            } else {
                String::new()
            }
        }
        None => format!(
            "{} ({})",
            crate::analysis::figure::UNDEFINED_CELL,
            k.local_sourcing_rate_reason
                .as_deref()
                .unwrap_or(crate::analysis::completeness::NO_SOURCING_LINKS)
        ),
    };
    let known = crate::analysis::employment_known_note(k.employment_known, k.employment_counted);
    let employment = match (
        k.stage_coverage_employment,
        &k.stage_coverage_employment_reason,
    ) {
        (Some(v), _) => format!(", {} employment-weighted ({known})", fmt_percent(v)),
        (None, Some(reason)) if k.employment_counted == 0 => {
            format!(" (not employment-weighted: {reason})")
        }
        (None, _) => format!(" (not employment-weighted: {known})"),
    };
    let links = match (&k.link_coverage, &k.link_coverage_reason) {
        (Some(rate), _) => fmt_percent(*rate),
        (None, reason) => format!(
            "{}: {}",
            crate::analysis::figure::UNDEFINED_CELL,
            reason.as_deref().unwrap_or("not given")
        ),
    };
    format!(
        "Stage coverage {} by count{}; {}: link coverage {}; local sourcing {}.",
        fmt_percent(k.stage_coverage),
        employment,
        edges_words(k.realised_edges, k.linked_edges, k.template_edges),
        links,
        sourcing
    )
}

/// The notes under a per-chain completeness table: one per figure that prints `–` for
/// some chain (employment-weighted coverage, link coverage, local sourcing), with its reason.
pub fn completeness_notes(chains: &[ChainCompleteness]) -> Vec<String> {
    let rows = |reason: fn(&ChainCompleteness) -> Option<&str>| {
        chains
            .iter()
            .map(move |c| (c.chain.as_str(), reason(c)))
            .collect::<Vec<_>>()
    };
    [
        undefined_note(
            "employment-weighted coverage",
            rows(|c| c.stage_coverage_employment_reason.as_deref()),
        ),
        undefined_note("link coverage", rows(|c| c.link_coverage_reason.as_deref())),
        undefined_note(
            "local sourcing",
            rows(|c| c.local_sourcing_rate_reason.as_deref()),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Where a final product closes, as a table cell.
pub fn within_word(w: Option<Within>, report_region: &str) -> String {
    match w {
        Some(Within::Region) => report_region.to_string(),
        Some(Within::Country) => "country".into(),
        Some(Within::World) => "world (only with producers abroad in the data)".into(),
        None => "nowhere in the data".into(),
    }
}

/// A chain's final products: status, both closures, ladder, fails_on.
pub fn final_product_rows(c: &ChainSection, model: &Model, region: &str) -> Rows {
    Rows {
        headers: vec![
            "final product".into(),
            "status".into(),
            "closed (structural)".into(),
            "closed (realised)".into(),
            "closes within".into(),
            "fails on (recorded absences that decide it; see the table of recorded absences)"
                .into(),
        ],
        rows: c
            .completeness
            .final_products
            .iter()
            .map(|f| {
                vec![
                    stage_name(model, &c.chain, &f.stage),
                    f.status.as_str().into(),
                    yes(f.structural_closed),
                    yes(f.closed),
                    within_word(f.closes_within, region),
                    f.fails_on_text(),
                ]
            })
            .collect(),
    }
}

/// A breakpoint's reason as printed: absent with its source, or what no data means.
pub fn reason_words(b: &Breakpoint) -> String {
    match b.reason {
        BreakReason::Absent => format!("absent: {}", absence_words(b.absence.as_ref())),
        BreakReason::NoData => {
            "no producer in the region in the data — not proof of absence".into()
        }
        BreakReason::Blocked => {
            "blocked: its local producers are not recorded buying their closed inputs locally"
                .into()
        }
    }
}

/// The line under the headlines: region, dataset size, evidence, mode, importable.
pub fn data_line(report: &Report) -> String {
    let mut text = format!(
        "Region {} = {}. Dataset {}: {} organisations ({} in the region; firms, labs, universities, platforms …), {} links (evidence: {}), {} rows in absences.csv. Verdict stated in {} closure.",
        report.region.name,
        report.region.cities.join(", "),
        report.dataset,
        report.data.firms,
        report.data.local_firms,
        report.data.links,
        evidence_parts(&report.data.evidence),
        report.data.absences,
        report.mode.as_str()
    );
    if !report.countries.is_empty() {
        // Which suppliers count as domestic decides H4 and the dual cycle; say it.
        text += &format!(
            " Domestic = {} (the {} of the region's cities in cities.csv); every other country there counts as abroad.",
            report.countries.join(", "),
            if report.countries.len() == 1 {
                "country"
            } else {
                "countries"
            }
        );
    }
    let d = &report.data;
    text += &match d.link_years {
        Some([a, b]) => format!(" Dated links span {a}–{b}; {} undated.", d.undated_links),
        None => format!(" No link is dated ({} undated).", d.undated_links),
    };
    if let Some(y) = d.since {
        text += &format!(
            " --since {y}: {} link(s) dated before {y} dropped; undated links kept.",
            d.dropped_before_since
        );
    }
    if let Some(y) = d.claims_year
        && d.links_after_claims_year > 0
    {
        text += &format!(
            " {} of the {} dated links are dated after {y}, the year of the claims (run with --until {y} to read the links as of then; organisations carry no dates, so the structural verdicts and the dual cycle do not change).",
            d.links_after_claims_year,
            d.links - d.undated_links
        );
    }
    if let Some(y) = d.until {
        text += &format!(
            " --until {y}: {} link(s) dated after {y} dropped; undated links and every firm kept (firms carry no dates).",
            d.dropped_after_until
        );
    }
    if !report.importable.is_empty() {
        text += &format!(
            " Importable (bought outside the region by assumption): {}.",
            report.importable.join(", ")
        );
    }
    text
}

/// An employment-weighted figure with its basis: "62.0% (employment known for 30 of 34)",
/// or "– (employment known for 2 of 34)" when the figure is undefined.
pub fn employment_weighted_cell(value: Option<f64>, known: usize, counted: usize) -> String {
    format!(
        "{} ({})",
        value.map_or("–".into(), fmt_percent),
        crate::analysis::employment_known_note(known, counted)
    )
}

/// The words printed once near a table whose `figure` column shows `–` (the undefined-figure
/// convention, `analysis::figure`): one sentence per distinct reason, naming the rows it
/// applies to, in the order the rows come; `None` when no cell is undefined. `rows` holds
/// (row label, reason) for each undefined cell. Plain text: each renderer escapes it.
pub fn undefined_note<'a>(
    figure: &str,
    rows: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> Option<String> {
    let mut by_reason: Vec<(&str, Vec<&str>)> = Vec::new();
    for (label, reason) in rows {
        let Some(reason) = reason else { continue };
        match by_reason.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, labels)) => labels.push(label),
            None => by_reason.push((reason, vec![label])),
        }
    }
    if by_reason.is_empty() {
        return None;
    }
    Some(
        by_reason
            .into_iter()
            .map(|(reason, labels)| {
                format!(
                    "{} {figure} for {}: {reason}.",
                    crate::analysis::figure::UNDEFINED_CELL,
                    labels.join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}
