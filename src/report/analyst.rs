//! The analyst's report: the verdict on the article's claim in plain language, then one
//! section per chain (coverage, closure, breakpoints, blockages, sourcing, chokepoints,
//! shortlist, evidence mix). [`build`] assembles a serde value from the analyses; the
//! renderers (Markdown here, JSON via serde) only format it.

use super::fusion::{self, FusionReport};
use super::words::mode_word;
use serde::Serialize;

use crate::analysis::bottleneck::{Bottlenecks, for_region};
use crate::analysis::complementarity::{self, Complement};
use crate::analysis::completeness::{
    BreakReason, ChainCompleteness, Mode, Options, RegionRef, RegionState, analyse,
};
use crate::analysis::critical::{Criticality, closure_critical, ranked};
use crate::analysis::shortlist::{Shortlist, shortlists};
use crate::analysis::sourcing::{EvidenceCount, evidence_mix};
use crate::analysis::verdict::{self, ChainVerdict, CriticalList, Overall, Status};
use crate::model::{Evidence, Model, Region, StageIdx};
use std::collections::BTreeSet;

/// The article's claim 1, which the report's verdict answers (after "R has", R the region name).
pub const CLAIM: &str =
    "a complete supply and production chain, from raw materials to final products";

/// The analyst's report (`chainatlas report`; its JSON with `--format json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// `chainatlas <version>`, the tool that wrote the report.
    pub tool: String,
    /// Where the data came from (a folder path, or `embedded:gba`).
    pub dataset: String,
    /// Region R: its name and cities.
    pub region: RegionRef,
    /// The closure mode of the verdict (`realised` or `structural`).
    pub mode: Mode,
    /// Claim 1 and whether it holds in R.
    pub claim: Claim,
    /// The region-wide verdict over every chain.
    pub overall: Overall,
    /// How much data the report rests on.
    pub data: DataMix,
    /// One section per chain, by chain id.
    pub chains: Vec<ChainSection>,
    /// "Bottlenecks and resilience": single firms the chains depend on.
    pub bottlenecks: Bottlenecks,
    /// Claim 3: Guangzhou and Foshan (when the dataset has both cities).
    pub complementarity: Option<Complement>,
    /// Claim 2: the four chains as one system.
    pub fusion: FusionReport,
}

/// The article's claim 1 for region R, and its status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// The claim, e.g. "GBA has a complete supply and production chain, …".
    pub text: String,
    /// `holds` only if it holds for every chain; `fails` when any chain fails; otherwise
    /// `undetermined`.
    pub status: Status,
    /// The verdict in one paragraph of plain language.
    pub summary: String,
}

/// The size of the dataset and the evidence behind its links.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataMix {
    /// Firms in the dataset.
    pub firms: usize,
    /// Firms in region R.
    pub local_firms: usize,
    /// Links in the dataset, all layers.
    pub links: usize,
    /// Evidence mix (count and share per level, documented to assumed) of all links.
    pub evidence: Vec<EvidenceCount>,
}

/// One chain's section of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainSection {
    /// Chain id.
    pub chain: String,
    /// One sentence: is it complete, and if not, why and who could close it.
    pub headline: String,
    /// The five tests H1–H5 on claim 1 and the documented-links-only recomputation.
    pub verdict: ChainVerdict,
    /// The chain's completeness in R (as `chainatlas completeness` reports it).
    pub completeness: ChainCompleteness,
    /// The investment-attraction shortlist: per missing breakpoint, the outside firms that
    /// would close the most final products.
    pub shortlists: Vec<Shortlist>,
}

/// Runs completeness (full and documented-only), verdicts and shortlists for every chain.
pub fn build(model: &Model, region: &Region, opts: &Options) -> Report {
    let critical_lists = |crit: &Criticality, st: &RegionState<'_>| -> Vec<CriticalList> {
        let complete = BTreeSet::new();
        let all = ranked(st, crit, &complete);
        model
            .chains
            .iter()
            .map(|ch| ch.id.clone())
            .map(|id| {
                let prefix = format!("{id}/");
                Some(
                    all.iter()
                        .filter_map(|f| {
                            let n = f
                                .final_products
                                .iter()
                                .filter(|p| p.starts_with(&prefix))
                                .count();
                            (n > 0).then(|| format!("{} ({n})", f.firm))
                        })
                        .collect(),
                )
            })
            .collect()
    };
    // The documented-only recomputation first, in its own scope: its copy of the model is
    // dropped before the full analyses run, which keeps the peak memory down at scale.
    let (documented, doc_critical) = {
        let documented_model = model.with_links(|l| l.evidence == Evidence::Documented);
        let documented_state = RegionState::new(&documented_model, region, opts.min_producers);
        let documented = analyse(&documented_state, &[], opts);
        let critical = critical_lists(&closure_critical(&documented_state), &documented_state);
        (documented, critical)
    };
    let state = RegionState::new(model, region, opts.min_producers);
    let full = analyse(&state, &[], opts);
    let bottlenecks = for_region(&state, &[], 10);
    let full_critical = critical_lists(&closure_critical(&state), &state);

    let chains: Vec<ChainSection> = full
        .chains
        .iter()
        .zip(&documented.chains)
        .map(|(c, d)| {
            let idx = model.chain(&c.chain).unwrap_or(0) as usize;
            let verdict = verdict::chain_verdict(
                (c, &full_critical[idx]),
                (d, &doc_critical[idx]),
                opts.mode,
                opts.sourcing_threshold,
            );
            let lists = shortlists(&state, c);
            ChainSection {
                chain: c.chain.clone(),
                headline: headline(model, region, c, &lists, opts.mode),
                verdict,
                completeness: c.clone(),
                shortlists: lists,
            }
        })
        .collect();
    let verdicts: Vec<ChainVerdict> = chains.iter().map(|c| c.verdict.clone()).collect();
    let overall = verdict::overall(&verdicts);
    let mut evidence = [0usize; 4];
    for link in &model.links {
        evidence[link.evidence.index()] += 1;
    }
    Report {
        tool: format!("chainatlas {}", env!("CARGO_PKG_VERSION")),
        dataset: model.origin.clone(),
        region: RegionRef::of(region),
        mode: opts.mode,
        claim: Claim {
            text: format!("{} has {CLAIM}", region.name),
            status: overall.status,
            summary: claim_summary(region, &overall, &chains),
        },
        overall,
        data: DataMix {
            firms: model.firms.len(),
            local_firms: state.local.iter().filter(|&&l| l).count(),
            links: model.links.len(),
            evidence: evidence_mix(evidence),
        },
        chains,
        bottlenecks,
        complementarity: guangzhou_foshan(model, region, opts),
        fusion: fusion::analyse(model, region, 10),
    }
}

/// The article's pair, when the dataset has both cities.
fn guangzhou_foshan(model: &Model, region: &Region, opts: &Options) -> Option<Complement> {
    let unit = |name: &str| {
        model
            .city(name)
            .map(|c| Region::from_cities(model, name.to_string(), &[c]))
    };
    let (a, b) = (unit("Guangzhou")?, unit("Foshan")?);
    let copts = complementarity::Options {
        mode: opts.mode,
        min_producers: opts.min_producers,
    };
    complementarity::analyse(model, &a, &b, region, &copts).ok()
}

/// "wafer fabrication (wafer_fab)" — the label when there is one.
pub fn stage_name(model: &Model, chain: &str, stage: &str) -> String {
    let label = model
        .stage(&format!("{chain}/{stage}"))
        .map(|s: StageIdx| model.stages[s as usize].label.trim().to_string())
        .unwrap_or_default();
    if label.is_empty() || label == stage {
        stage.to_string()
    } else {
        format!("{label} ({stage})")
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn headline(
    model: &Model,
    region: &Region,
    c: &ChainCompleteness,
    lists: &[Shortlist],
    mode: Mode,
) -> String {
    let closed = c
        .final_products
        .iter()
        .filter(|f| {
            if mode == Mode::Realised {
                f.closed
            } else {
                f.structural_closed
            }
        })
        .count();
    if c.complete {
        let finals = match c.final_products.len() {
            1 => "its final product is".to_string(),
            n => format!("all {n} final products are"),
        };
        return format!(
            "{} is complete in {}: {finals} closed from local raw materials ({} closure).",
            c.chain,
            region.name,
            mode_word(mode)
        );
    }
    if c.final_products.is_empty() {
        return format!(
            "{} has no final_product stage in its template, so completeness is undefined.",
            c.chain
        );
    }
    let mut causes: Vec<&crate::analysis::completeness::Breakpoint> =
        c.breakpoints.iter().collect();
    causes.sort_by(|a, b| b.blocks.cmp(&a.blocks).then(a.stage.cmp(&b.stage)));
    let shown: Vec<String> = causes
        .iter()
        .take(3)
        .map(|b| {
            let name = stage_name(model, &c.chain, &b.stage);
            let blocks = plural(b.blocks, "final product", "final products");
            match b.reason {
                BreakReason::Absent => format!(
                    "{name} is absent from the region ({}), blocking {blocks}",
                    absence_words(b.absence.as_ref())
                ),
                BreakReason::NoData => format!(
                    "{name} has no producer in the data (not proof of absence), blocking {blocks}"
                ),
                BreakReason::Blocked => format!(
                    "{name} has local producers that do not buy their inputs locally, blocking {blocks}"
                ),
            }
        })
        .collect();
    let mut text = format!(
        "{} is not complete in {} ({} of {} closed): {}",
        c.chain,
        region.name,
        closed,
        plural(c.final_products.len(), "final product", "final products"),
        shown.join("; ")
    );
    if causes.len() > 3 {
        text += &format!(
            "; and {} more",
            plural(causes.len() - 3, "breakpoint", "breakpoints")
        );
    }
    // Outside producers for the most-blocking missing stage that has any.
    let best_list = causes
        .iter()
        .filter_map(|b| {
            lists
                .iter()
                .find(|l| l.stage == b.stage && !l.candidates.is_empty())
        })
        .next();
    if let Some(list) = best_list {
        let names: Vec<String> = list
            .candidates
            .iter()
            .take(3)
            .map(|k| format!("{} ({})", k.name, k.city))
            .collect();
        text += &format!(
            "; the closest outside producers of {} are {}",
            stage_name(model, &c.chain, &list.stage),
            names.join(", ")
        );
    }
    text.push('.');
    text
}

fn claim_summary(region: &Region, overall: &Overall, chains: &[ChainSection]) -> String {
    let complete = overall.complete_chains.len();
    let verdict = match overall.status {
        Status::Holds => "holds",
        Status::Fails => "is not supported by the data",
        Status::Undetermined => "cannot be decided yet",
    };
    let mut text = format!(
        "The claim that {} has {CLAIM} {verdict}: {} of {} are complete",
        region.name,
        complete,
        plural(overall.chains, "chain", "chains"),
    );
    if !overall.complete_chains.is_empty() {
        text += &format!(" ({})", overall.complete_chains.join(", "));
    }
    text.push('.');
    let failing: Vec<String> = chains
        .iter()
        .filter(|c| c.verdict.status == Status::Fails && c.verdict.complete)
        .map(|c| {
            let failed: Vec<&str> = c
                .verdict
                .tests
                .iter()
                .filter(|t| t.passed == Some(false))
                .map(|t| t.id)
                .collect();
            format!("{} (fails {})", c.chain, failed.join(", "))
        })
        .collect();
    if !failing.is_empty() {
        text += &format!(
            " Complete but failing another test: {}.",
            failing.join(", ")
        );
    }
    let changed: Vec<&str> = chains
        .iter()
        .filter(|c| c.verdict.documented_only.changed)
        .map(|c| c.chain.as_str())
        .collect();
    if changed.is_empty() {
        text += " Counting only documented links changes no chain's verdict.";
    } else {
        text += &format!(
            " Counting only documented links changes the verdict for: {}.",
            changed.join(", ")
        );
    }
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
