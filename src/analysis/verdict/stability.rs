//! Claim 4's sourcing tests on one chain: H3 (local sourcing rate ≥ τ) and H4 (no
//! international chokepoint), each judged only on enough counted supply links, and H3's
//! note when the modeller's estimated or assumed links decide it.

use super::{Test, TestStatus, list, pass_fail, test};
use crate::analysis::completeness::ChainCompleteness;
use crate::analysis::sourcing::{Basis, Sourcing};

/// Counted supply links H3 and H4 need before they pass or fail: a rate, a chokepoint or the
/// lack of one over one or two links says more about the dataset than about the chain (the
/// same default as complement's `--min-links`).
pub const H3_MIN_LINKS: usize = 5;

/// Which links a test counts: all of them, or the documented ones only (the
/// documented-only recomputation, whose reasons must not say "no supply links" of a chain
/// that has reported or estimated ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Counted {
    All,
    Documented,
}

/// Why H3 or H4 cannot be measured: no counted supply link.
fn no_links(counted: Counted) -> String {
    format!(
        "no {}supply links into local firms of this chain in the data: cannot be measured",
        match counted {
            Counted::All => "",
            Counted::Documented => "documented ",
        }
    )
}

/// Why H3 or H4 is not judged on `counted` links (fewer than [`H3_MIN_LINKS`]).
fn too_few(test: &str, counted: usize, to: &str) -> String {
    format!(
        "too few links ({counted}) to judge: {test} needs at least {H3_MIN_LINKS} counted supply links{to}"
    )
}

/// H3: the local sourcing rate of the chain's counted supply links against τ.
pub(super) fn h3_test(c: &ChainCompleteness, sourcing_threshold: f64, counted: Counted) -> Test {
    match &c.sourcing {
        Some(s) if s.links < H3_MIN_LINKS => test(
            "H3",
            "local sourcing rate ≥ τ",
            TestStatus::NotComputed,
            Some(too_few("H3", s.links, "")),
            format!(
                "{:.1}% from local suppliers on those links, by {}",
                s.local * 100.0,
                match s.basis {
                    Basis::Weight => "weight",
                    Basis::Count => "count",
                }
            ),
        ),
        Some(s) => test(
            "H3",
            "local sourcing rate ≥ τ",
            pass_fail(s.local >= sourcing_threshold),
            None,
            format!(
                "{:.1}% of the recorded supply into local buyers comes from local suppliers (by {}, {} links; τ = {:.0}%){}",
                s.local * 100.0,
                match s.basis {
                    Basis::Weight => "weight",
                    Basis::Count => "count",
                },
                s.links,
                sourcing_threshold * 100.0,
                without_estimates(s, sourcing_threshold).unwrap_or_default()
            ),
        ),
        None => test(
            "H3",
            "local sourcing rate ≥ τ",
            TestStatus::NotComputed,
            Some(no_links(counted)),
            "0 supply links counted".into(),
        ),
    }
}

/// When estimated and assumed links decide H3: what the documented and reported links
/// alone give ("; on documented and reported links alone: 1 of 6 local (16.7%), which
/// would fail"), else `None`.
pub(super) fn without_estimates(s: &Sourcing, sourcing_threshold: f64) -> Option<String> {
    let (n, local) = (s.documented_or_reported, s.documented_or_reported_local);
    if n == s.links {
        return None;
    }
    let passes = s.local >= sourcing_threshold;
    let judged = if n < H3_MIN_LINKS {
        format!(
            "{n} link{}, too few to judge",
            if n == 1 { "" } else { "s" }
        )
    } else {
        let rate = local as f64 / n as f64;
        if (rate >= sourcing_threshold) == passes {
            return None;
        }
        format!(
            "{local} of {n} local ({:.1}%), which would {}",
            rate * 100.0,
            if passes { "fail" } else { "pass" }
        )
    };
    Some(format!(
        "; on documented and reported links alone: {judged}, so this {} rests on estimated or assumed links",
        if passes { "pass" } else { "failure" }
    ))
}

/// "; not screened (no counted inbound link): 9 input stages, e.g. a, b, c, d, e and 4
/// more" — the stages a pass says nothing about.
fn unscreened_words(stages: &[String]) -> String {
    const SHOWN: usize = 5;
    match stages.len() {
        0 => " (every input stage has a counted inbound link)".to_string(),
        n if n <= SHOWN => format!(
            "; not screened (no counted inbound link): {}",
            list(stages.iter().cloned())
        ),
        n => format!(
            "; not screened (no counted inbound link): {n} input stages, e.g. {} and {} more",
            stages[..SHOWN].join(", "),
            n - SHOWN
        ),
    }
}

/// H4: no international chokepoint among the chain's counted supply links. Like H3 it is
/// judged neither way on fewer than [`H3_MIN_LINKS`] links: a stage bought "100% from abroad"
/// over one link says more about which links were found than about the chain. The detail
/// still names what the few links show.
pub(super) fn h4_test(c: &ChainCompleteness, counted: Counted) -> Test {
    const H4: &str = "no international chokepoint";
    let Some(sourcing) = &c.sourcing else {
        return test(
            "H4",
            H4,
            TestStatus::NotComputed,
            Some(no_links(counted)),
            "0 supply links counted".into(),
        );
    };
    let international: Vec<String> = c
        .chokepoints
        .iter()
        .filter(|k| k.is_international())
        .map(|k| {
            format!(
                "{} ({:.1}% from other countries: {}; {})",
                k.stage,
                k.overseas_share * 100.0,
                k.abroad().join(", "),
                crate::analysis::sourcing::links_text(k.links)
            )
        })
        .collect();
    let domestic: Vec<String> = c
        .chokepoints
        .iter()
        .filter(|k| !k.is_international())
        .map(crate::analysis::sourcing::domestic_cycle)
        .collect();
    let counted = sourcing.links;
    let mut detail = if counted < H3_MIN_LINKS {
        format!(
            "international chokepoints on {counted} counted link(s): {}",
            list(international.iter().cloned())
        )
    } else if international.is_empty() {
        // Only stages with recorded inbound links are screened: a stage bought wholly from
        // outside with no link in the data cannot show up.
        format!(
            "international chokepoints: none among {counted} counted supply links{}",
            unscreened_words(&c.unscreened_inputs)
        )
    } else {
        format!(
            "international chokepoints: {}",
            list(international.iter().cloned())
        )
    };
    if !domestic.is_empty() {
        detail += &format!("; domestic dependence: {}", domestic.join("; "));
    }
    if counted < H3_MIN_LINKS {
        test(
            "H4",
            H4,
            TestStatus::NotComputed,
            Some(too_few("H4", counted, "")),
            detail,
        )
    } else {
        test("H4", H4, pass_fail(international.is_empty()), None, detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A count-basis sourcing: `local` of `links` local, `dr_local` of `dr` documented or
    /// reported links local.
    fn sourcing(links: usize, local: usize, dr: usize, dr_local: usize) -> Sourcing {
        Sourcing {
            basis: Basis::Count,
            links,
            links_without_weight: links,
            local: local as f64 / links as f64,
            rest_of_country: 1.0 - local as f64 / links as f64,
            overseas: 0.0,
            documented_or_reported: dr,
            documented_or_reported_local: dr_local,
        }
    }

    #[test]
    fn h3_says_when_estimates_and_assumptions_decide_it() {
        // Hand-worked: 13 of 19 local (68.4%) passes τ = 0.5; the 9 documented or reported
        // links give 4 local (44.4%), which would fail.
        assert_eq!(
            without_estimates(&sourcing(19, 13, 9, 4), 0.5).as_deref(),
            Some(
                "; on documented and reported links alone: 4 of 9 local (44.4%), which would fail, so this pass rests on estimated or assumed links"
            )
        );
        // A failure the firmer links would turn into a pass (6 of 8 = 75%).
        assert_eq!(
            without_estimates(&sourcing(10, 4, 8, 6), 0.5).as_deref(),
            Some(
                "; on documented and reported links alone: 6 of 8 local (75.0%), which would pass, so this failure rests on estimated or assumed links"
            )
        );
        // Too few firmer links to judge at all.
        assert_eq!(
            without_estimates(&sourcing(5, 5, 1, 1), 0.5).as_deref(),
            Some(
                "; on documented and reported links alone: 1 link, too few to judge, so this pass rests on estimated or assumed links"
            )
        );
        // Same judgement on the firmer links, or no estimate among the links: nothing to say.
        assert_eq!(without_estimates(&sourcing(19, 13, 9, 6), 0.5), None);
        assert_eq!(without_estimates(&sourcing(9, 6, 9, 6), 0.5), None);
    }
}
