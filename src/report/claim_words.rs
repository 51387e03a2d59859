//! The sentences of the analyst's report about one chain: the chain headlines, evidence
//! caveats, the boundary ladder's rungs and absence wording (claim 1's verdict line and
//! summary are in [`super::claim_one_words`]). Built once by [`super::analyst::build`] and
//! stored in the report value, so Markdown, HTML and JSON say the same words.

use super::analyst::{MissingStage, Rung};

use crate::analysis::completeness::{
    BreakReason, ChainCompleteness, Mode, Nearest, Verdict, Within,
};
use crate::analysis::shortlist::Shortlist;
use crate::analysis::verdict::ChainVerdict;
use crate::model::{Model, Region};

pub use crate::analysis::stage_name;

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Whether the chain's template has a raw_material stage ("complete from raw materials" can
/// only be tested then).
pub(crate) fn has_raw_materials(c: &ChainCompleteness) -> bool {
    c.stages
        .iter()
        .any(|s| s.tier == crate::model::Tier::RawMaterial)
}

pub(crate) fn headline(
    model: &Model,
    region: &Region,
    c: &ChainCompleteness,
    v: &ChainVerdict,
    lists: &[Shortlist],
    mode: Mode,
) -> String {
    let n = c.final_products.len();
    let r = &region.name;
    let realised_beside = format!(
        "realised closure (recorded local trade) closes {} of {n}; {}",
        v.realised_closed,
        super::words::edges_words(c.realised_edges, c.linked_edges, c.template_edges)
    );
    let closed = match mode {
        Mode::Structural => v.structural_closed,
        Mode::Realised => v.realised_closed,
    };
    let mut text = match c.verdict {
        Verdict::NotApplicable => {
            return format!(
                "{}: not applicable — the chain has no final_product stage in its template, so completeness is undefined.",
                c.chain
            );
        }
        Verdict::Holds => format!(
            "{} holds in {r}: {} from producers in the region ({} closure){}{}",
            c.chain,
            match n {
                1 => "its final product closes".to_string(),
                n => format!("all {n} final products close"),
            },
            mode.as_str(),
            if mode == Mode::Structural {
                format!("; {realised_beside}")
            } else {
                String::new()
            },
            // A template without raw materials (e.g. an input-output table's sectors, all
            // final products by default) closes without saying anything about them.
            if has_raw_materials(c) {
                ""
            } else {
                "; its template has no raw-material stage, so this says nothing about raw materials"
            }
        ),
        Verdict::Fails => {
            let open: Vec<&str> = c
                .final_products
                .iter()
                .filter(|f| f.status == crate::analysis::completeness::ProductStatus::Open)
                .map(|f| f.stage.as_str())
                .collect();
            let absences: Vec<String> = v
                .rests_on
                .iter()
                .map(|a| {
                    format!(
                        "{} (absent: {})",
                        stage_name(model, &c.chain, &a.stage),
                        absence_brief(&a.absence)
                    )
                })
                .collect();
            let levels: Vec<crate::model::Evidence> =
                v.rests_on.iter().map(|a| a.absence.evidence).collect();
            format!(
                "{} fails in {r} ({closed} of {} closed): {} cannot close even if every stage without data had a producer in {r}, because it needs {}; {}",
                c.chain,
                plural(n, "final product", "final products"),
                open.join(", "),
                absences.join("; "),
                evidence_caveat(&levels)
            )
        }
        Verdict::Undetermined => {
            let mut t = format!(
                "{} is undetermined in {r} ({closed} of {} closed): the data cannot decide it",
                c.chain,
                plural(n, "final product", "final products"),
            );
            let by = &c.undetermined_by;
            if !by.stages.is_empty() {
                let names: Vec<String> = by
                    .stages
                    .iter()
                    .map(|s| stage_name(model, &c.chain, s))
                    .collect();
                t += &format!(
                    "; to settle it, find out whether {r} has producers of {} (no producer in the region in the data — not proof of absence)",
                    names.join(", ")
                );
            }
            if !by.edges.is_empty() {
                let edges: Vec<String> = by
                    .edges
                    .iter()
                    .map(|e| format!("{} → {}", e.from, e.to))
                    .collect();
                t += &format!(
                    "; {} whether local producers trade along {}",
                    if by.stages.is_empty() {
                        "to settle it, find out"
                    } else {
                        "and"
                    },
                    edges.join(", ")
                );
            }
            t
        }
    };
    if c.verdict != Verdict::Holds && mode == Mode::Structural {
        text += &format!("; {realised_beside}");
    }
    // The shortlist of the most-blocking missing stage that has outside producers; of a
    // failing chain, one the verdict rests on first (an absence an alternative route goes
    // around decides nothing, so its shortlist would not help), else any breakpoint's.
    let deciding =
        |stage: &str| v.rests_on.is_empty() || v.rests_on.iter().any(|a| a.stage == stage);
    let mut causes: Vec<&crate::analysis::completeness::Breakpoint> =
        c.breakpoints.iter().collect();
    causes.sort_by(|a, b| {
        deciding(&b.stage)
            .cmp(&deciding(&a.stage))
            .then(b.blocks.cmp(&a.blocks))
            .then(a.stage.cmp(&b.stage))
    });
    let best_list = causes
        .iter()
        .filter_map(|b| {
            lists
                .iter()
                .find(|l| l.stage == b.stage && !l.candidates.is_empty())
        })
        .next();
    if let Some(list) = best_list {
        text += &format!("; shortlist: {}", list.advice);
    }
    text.push('.');
    text
}

/// "none of them is documented: 5 are estimated, 1 reported" — what the evidence of the
/// absences a verdict rests on amounts to.
pub fn evidence_caveat(levels: &[crate::model::Evidence]) -> String {
    use crate::model::{Evidence, Vocabulary};
    let counts: Vec<String> = Evidence::ALL
        .iter()
        .map(|&e| (e, levels.iter().filter(|&&l| l == e).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(e, n)| format!("{n} {}", e.as_str()))
        .collect();
    let documented = levels
        .iter()
        .filter(|&&l| l == Evidence::Documented)
        .count();
    if levels.is_empty() {
        "it rests on no recorded absence".into()
    } else if documented == levels.len() {
        format!(
            "{} documented",
            if levels.len() == 1 {
                "that absence is"
            } else {
                "every one of those absences is"
            }
        )
    } else if documented == 0 {
        format!(
            "none of those absences is documented (evidence: {}), so this verdict is only as firm as that evidence",
            counts.join(", ")
        )
    } else {
        format!(
            "not every one of those absences is documented (evidence: {})",
            counts.join(", ")
        )
    }
}

/// The boundary ladder of a chain: one rung per final product.
/// `dual_cycle`: name the rungs in the article's words (the domestic and international
/// cycles), when the dataset's report.toml makes the dual cycle a claim.
pub(crate) fn ladder(
    model: &Model,
    region: &Region,
    c: &ChainCompleteness,
    dual_cycle: bool,
) -> Vec<Rung> {
    c.final_products
        .iter()
        .map(|f| {
            let missing: Vec<MissingStage> = c
                .breakpoints
                .iter()
                .filter(|b| b.reason != BreakReason::Blocked && b.final_products.contains(&f.stage))
                .filter_map(|b| {
                    let s = c.stages.iter().find(|s| s.stage == b.stage)?;
                    Some(MissingStage {
                        stage: s.stage.clone(),
                        status: s.status,
                        nearest: s.nearest,
                        absence: s.absence.clone(),
                    })
                })
                .collect();
            let text = rung_words(model, region, (&c.chain, f), &missing, dual_cycle);
            Rung {
                final_product: f.stage.clone(),
                closes_within: f.closes_within,
                missing,
                text,
            }
        })
        .collect()
}

pub(crate) fn rung_words(
    model: &Model,
    region: &Region,
    (chain, f): (&str, &crate::analysis::completeness::FinalProduct),
    missing: &[MissingStage],
    dual_cycle: bool,
) -> String {
    let r = &region.name;
    let name = stage_name(model, chain, &f.stage);
    let nowhere: Vec<String> = missing
        .iter()
        .filter(|m| m.nearest.is_none())
        .map(|m| stage_name(model, chain, &m.stage))
        .collect();
    let mut text = match f.closes_within {
        Some(Within::Region) => format!("{name} closes within {r}"),
        Some(Within::Country) => format!(
            "{name} closes within the region's countries{}, not within {r} in the data",
            if dual_cycle {
                " (the domestic cycle)"
            } else {
                ""
            }
        ),
        Some(Within::World) => format!(
            "{name} closes only with producers abroad in the data ({}imports)",
            if dual_cycle {
                "the international cycle: "
            } else {
                ""
            }
        ),
        None if nowhere.is_empty() => {
            format!("{name} does not close even with every producer in the data")
        }
        None => format!(
            "{name} does not close even with every producer in the data: no producer anywhere in the data for {}",
            nowhere.join(", ")
        ),
    };
    let placed: Vec<String> = missing
        .iter()
        .map(|m| {
            let status = match &m.absence {
                Some(a) => format!("absent: {}", absence_brief(a)),
                None => format!("no producer in {r} in the data"),
            };
            let nearest = match m.nearest {
                Some(Nearest::Country) => {
                    "; nearest producers in the data: elsewhere in the region's countries"
                }
                Some(Nearest::World) => "; nearest producers in the data: abroad only",
                None => "",
            };
            format!("{} ({status}{nearest})", stage_name(model, chain, &m.stage))
        })
        .collect();
    if !placed.is_empty() {
        text += &format!(". In {r} it lacks {}", placed.join("; "));
    }
    text.push('.');
    text
}

/// How a breakpoint's absence is cited: `area, evidence: source` (or "no source given").
pub fn absence_words(absence: Option<&crate::analysis::completeness::AbsenceRef>) -> String {
    match absence {
        Some(a) if a.source_ref.is_empty() => {
            format!("{}, {}, no source given", a.area, a.evidence)
        }
        Some(a) => format!("{}, {}: {}", a.area, a.evidence, a.source_ref),
        None => "no source given".to_string(),
    }
}

/// An absence in a sentence: area and evidence, its source left to the absences table (the
/// report prints each absence's source and note once, under "Recorded absences").
pub fn absence_brief(a: &crate::analysis::completeness::AbsenceRef) -> String {
    if a.source_ref.is_empty() {
        format!("{}, {}, no source given", a.area, a.evidence)
    } else {
        format!("{}, {}", a.area, a.evidence)
    }
}
