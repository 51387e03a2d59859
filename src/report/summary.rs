//! The summary's lines under the chain headlines, shared by the Markdown and HTML
//! renderers: the city pair (claim 3), the four chains (claim 2), stability (claim 4) and
//! where the final products close (claim 5), each with the dataset's caveat on the claim.

use super::analyst::{ChainSection, Rung};
use crate::analysis::completeness::{Nearest, Within};

/// Claim 4 (stability) in one line for the report's summary: how H3, H4 and H5 came out
/// over the chains, and how many H3 results stand on documented links alone.
fn stability_line(chains: &[ChainSection]) -> String {
    use crate::analysis::verdict::TestStatus;
    let n = chains.len();
    let with = |test: usize, status: TestStatus| -> Vec<&str> {
        chains
            .iter()
            .filter(|c| c.verdict.tests.get(test).map(|t| t.status) == Some(status))
            .map(|c| c.chain.as_str())
            .collect()
    };
    let named = |names: &[&str]| {
        if names.is_empty() {
            String::new()
        } else {
            format!(" ({})", names.join(", "))
        }
    };
    let (h3_pass, h3_fail) = (with(2, TestStatus::Pass), with(2, TestStatus::Fail));
    let h3_open = n - h3_pass.len() - h3_fail.len();
    let documented_judged = chains
        .iter()
        .filter(|c| {
            c.verdict
                .documented_only
                .stability
                .first()
                .is_some_and(|t| matches!(t.status, TestStatus::Pass | TestStatus::Fail))
        })
        .count();
    let soft: Vec<&str> = chains
        .iter()
        .filter(|c| c.verdict.h3_rests_on_estimates)
        .map(|c| c.chain.as_str())
        .collect();
    let soft_words = if soft.is_empty() {
        String::new()
    } else {
        format!(
            "; in {} of the {} judged ({}) the result rests on estimated or assumed links",
            soft.len(),
            h3_pass.len() + h3_fail.len(),
            soft.join(", ")
        )
    };
    let (h4_pass, h4_fail) = (with(3, TestStatus::Pass), with(3, TestStatus::Fail));
    let h4_open = n - h4_pass.len() - h4_fail.len();
    let not_judged = |k: usize| {
        if k > 0 {
            format!("; {k} not judged (too few links)")
        } else {
            String::new()
        }
    };
    let h5_na = with(4, TestStatus::NotApplicable).len();
    let h5 = if h5_na == n {
        "H5 (no single firm or group whose loss breaks closure) does not apply: no final product is closed by realised closure".to_string()
    } else {
        let (p, f) = (with(4, TestStatus::Pass), with(4, TestStatus::Fail));
        format!(
            "H5 (no single firm or group whose loss breaks closure) passes in {} and fails in {}{}",
            p.len(),
            f.len(),
            named(&f)
        )
    };
    format!(
        "H3 (most recorded supply into local buyers is local) passes in {} of {n} chains and fails in {}{}{}{soft_words}; on documented links alone it can be judged in {documented_judged} of {n}. H4 (no international chokepoint among the counted links; a stage with no recorded inbound link, such as one recorded absent, is not screened) passes in {} and fails in {}{}{}. {h5}. So the data shows where supply is recorded as local, not that the chains are stable.",
        h3_pass.len(),
        h3_fail.len(),
        named(&h3_fail),
        not_judged(h3_open),
        h4_pass.len(),
        h4_fail.len(),
        named(&h4_fail),
        not_judged(h4_open),
    )
}

/// Claim 5 (the dual cycle) in one line for the report's summary: where the final products
/// close in the data (the boundary ladder's rungs counted).
fn dual_cycle_line(
    chains: &[ChainSection],
    region: &str,
    countries: &[String],
    framed: bool,
) -> String {
    let rungs: Vec<&Rung> = chains.iter().flat_map(|c| &c.dual_cycle).collect();
    let within = |w: Option<Within>| rungs.iter().filter(|r| r.closes_within == w).count();
    // Each product that closes only abroad, with the stages that have no producer in the
    // region's countries in the data: a gap in the data as much as a fact about supply.
    let abroad: Vec<String> = rungs
        .iter()
        .filter(|r| r.closes_within == Some(Within::World))
        .map(|r| {
            let only_abroad: Vec<&str> = r
                .missing
                .iter()
                .filter(|m| m.nearest == Some(Nearest::World))
                .map(|m| m.stage.as_str())
                .collect();
            if only_abroad.is_empty() {
                r.final_product.clone()
            } else {
                format!(
                    "{}: no producer of {} in {} in the data",
                    r.final_product,
                    only_abroad.join(", "),
                    countries.join(", ")
                )
            }
        })
        .collect();
    let nowhere = within(None);
    format!(
        "in the data, {} of {} final products close within {region}, {} within {}{} and {} only with producers abroad{}{}; this says where the data's producers are, not where firms buy.",
        within(Some(Within::Region)),
        rungs.len(),
        within(Some(Within::Country)),
        countries.join(", "),
        if framed { " (the domestic cycle)" } else { "" },
        abroad.len(),
        if abroad.is_empty() {
            String::new()
        } else {
            format!(" ({})", abroad.join(", "))
        },
        if nowhere > 0 {
            format!("; {nowhere} close nowhere in the data")
        } else {
            String::new()
        }
    )
}

/// The summary's lines under the chain headlines (lead, text): the city pair (claim 3),
/// the four chains (claim 2), stability (claim 4) and the dual cycle (claim 5), each followed
/// by the dataset's caveat on the claim when report.toml gives one.
pub fn summary_lines(report: &super::analyst::Report) -> Vec<(String, String)> {
    use crate::load::settings::ClaimId;
    let f = &report.framing;
    let with_caveat = |id: ClaimId, text: String| match f.caveat(id) {
        Some(c) => format!("{text} {c}"),
        None => text,
    };
    // In claim order (2, 3, 4, 5), after claim 1's chain lines.
    let mut lines = vec![(
        f.lead(ClaimId::Fusion, "the four chains as one system"),
        with_caveat(ClaimId::Fusion, report.fusion.conclusion.clone()),
    )];
    if let Some(c) = &report.complementarity {
        lines.push((
            f.pair_lead(&super::words::pair_name(c)),
            with_caveat(ClaimId::Complementarity, c.conclusion.clone()),
        ));
    }
    lines.push((
        f.lead(ClaimId::Stability, "stability"),
        with_caveat(ClaimId::Stability, stability_line(&report.chains)),
    ));
    let framed = f.claim(ClaimId::DualCycle).is_some();
    lines.push((
        if framed {
            f.lead(ClaimId::DualCycle, "the dual cycle")
        } else {
            "Where the final products close".to_string()
        },
        with_caveat(
            ClaimId::DualCycle,
            dual_cycle_line(
                &report.chains,
                &report.region.name,
                &report.countries,
                framed,
            ),
        ),
    ));
    lines
}
