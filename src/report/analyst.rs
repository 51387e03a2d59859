//! The analyst's report: what the data can and cannot decide about the article's claim 1
//! (the completeness verdict, structural closure — capability — by default, with realised
//! closure beside it), the research list of the undetermined chains, the absences a `fails`
//! rests on, the boundary ladder (the "dual cycle"), the claim-4 stability tests, then one
//! section per chain. [`build`] assembles a serde value from the analyses, sentences
//! included, so the renderers (Markdown, HTML, JSON via serde) say the same thing.

use super::fusion::{self, FusionReport};
use super::words::mode_word;
use serde::Serialize;

use crate::analysis::bottleneck::{Bottlenecks, for_region};
use crate::analysis::complementarity::{self, Complement};
use crate::analysis::completeness::{
    AbsenceRef, BreakReason, ChainCompleteness, Importable, Mode, Nearest, Options, RegionRef,
    RegionState, StageStatus, Verdict, Within, analyse,
};
use crate::analysis::critical::{Criticality, closure_critical, ranked};
use crate::analysis::shortlist::{Shortlist, shortlists};
use crate::analysis::sourcing::{EvidenceCount, evidence_mix};
use crate::analysis::verdict::{self, ChainVerdict, CriticalList, Overall};
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
    /// The countries of R's cities (the "country" rung of the boundary ladder), sorted.
    pub countries: Vec<String>,
    /// The closure mode the verdict is stated in (`structural` by default: capability;
    /// the other mode is given beside it).
    pub mode: Mode,
    /// The importable stages (`--importable`) as `chain/stage`, sorted; empty when none.
    pub importable: Vec<String>,
    /// Claim 1 and what the data can and cannot decide about it.
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

/// The article's claim 1 for region R, its verdict and what the data can decide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// The claim, e.g. "GBA has a complete supply and production chain, …".
    pub text: String,
    /// The overall completeness verdict in the report's mode: `fails` if any chain fails,
    /// `holds` if every applicable chain holds, `not_applicable` if none applies, else
    /// `undetermined`.
    pub status: Verdict,
    /// The verdict line: the verdict, final products closed, and the evidence of the
    /// absences a `fails` rests on.
    pub headline: String,
    /// What the data can and cannot decide, in one paragraph of plain language.
    pub summary: String,
    /// Template edges of every chain with a local supply link (or vertical integration).
    pub realised_edges: usize,
    /// Template edges of every chain.
    pub template_edges: usize,
    /// The research list: per undetermined chain, what would settle it.
    pub research: Vec<Research>,
}

/// What would settle an undetermined chain (its `undetermined_by`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Research {
    /// The chain id.
    pub chain: String,
    /// Stages with no producer in the data: does R have one?
    pub stages: Vec<String>,
    /// Template edges `from → to` into blocked stages: do the local producers buy locally?
    pub edges: Vec<String>,
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
    /// Rows of absences.csv in the dataset.
    pub absences: usize,
    /// The earliest and latest `year` of the dated links; `None` when no link is dated.
    pub link_years: Option<[i32; 2]>,
    /// Links with no `year` (kept by `--since`).
    pub undated_links: usize,
    /// `--since YEAR`, when given (set by the command; the model is already filtered).
    pub since: Option<i32>,
    /// Links dated before `since` that were dropped (0 without `--since`).
    pub dropped_before_since: usize,
}

/// One chain's section of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainSection {
    /// Chain id.
    pub chain: String,
    /// One sentence: the verdict, and what it rests on or what would settle it.
    pub headline: String,
    /// The verdict (`status`), both modes, the tests H1–H5 and the documented-only
    /// recomputation.
    pub verdict: ChainVerdict,
    /// The chain's completeness in R (as `chainatlas completeness` reports it).
    pub completeness: ChainCompleteness,
    /// The boundary ladder: one rung per final product, by stage id.
    pub dual_cycle: Vec<Rung>,
    /// The investment-attraction shortlist: per missing breakpoint, the outside firms that
    /// would close the most final products.
    pub shortlists: Vec<Shortlist>,
}

/// Where one final product closes (boundary ladder) and where the stages it lacks are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rung {
    /// The final_product stage (bare id).
    pub final_product: String,
    /// `region`, `country`, `world`, or `None` (not even with every producer in the data).
    pub closes_within: Option<Within>,
    /// The stages without a producer in R it breaks on (its `absent` and `no_data`
    /// breakpoints), by stage id.
    pub missing: Vec<MissingStage>,
    /// The rung in words.
    pub text: String,
}

/// A stage a final product lacks in R, and where the data has producers of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingStage {
    /// The stage (bare id).
    pub stage: String,
    /// `absent` or `unknown`.
    pub status: StageStatus,
    /// `country`, `world` or `None` (no producer anywhere in the data).
    pub nearest: Option<Nearest>,
    /// For an absent stage, the absence it rests on.
    pub absence: Option<AbsenceRef>,
}

/// Runs completeness (full and documented-only), verdicts, the ladder and shortlists for
/// every chain; `importable` as `--importable` gives it.
pub fn build(model: &Model, region: &Region, opts: &Options, importable: &Importable) -> Report {
    build_min_links(
        model,
        region,
        opts,
        importable,
        complementarity::DEFAULT_MIN_LINKS,
    )
}

/// [`build`] with the complementarity section's `--min-links` (links a layer needs in one
/// direction before its link intensity counts as a signal).
pub fn build_min_links(
    model: &Model,
    region: &Region,
    opts: &Options,
    importable: &Importable,
    min_links: usize,
) -> Report {
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
    // Documented only: documented links, and only documented absences (the others count
    // as unknown: the stage's status falls back to what the data shows).
    let (documented, doc_critical) = {
        let mut documented_model = model.with_links(|l| l.evidence == Evidence::Documented);
        documented_model
            .absences
            .retain(|a| a.evidence == Evidence::Documented);
        let documented_state = RegionState::with_importable(
            &documented_model,
            region,
            opts.min_producers,
            importable.mask(&documented_model),
        );
        let documented = analyse(&documented_state, &[], opts);
        let critical = critical_lists(&closure_critical(&documented_state), &documented_state);
        (documented, critical)
    };
    let state =
        RegionState::with_importable(model, region, opts.min_producers, importable.mask(model));
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
                headline: headline(model, region, c, &verdict, &lists, opts.mode),
                dual_cycle: ladder(model, region, c),
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
    let realised_edges = full.chains.iter().map(|c| c.realised_edges).sum();
    let template_edges = full.chains.iter().map(|c| c.template_edges).sum();
    let research = chains
        .iter()
        .filter(|c| c.verdict.status == Verdict::Undetermined)
        .map(|c| Research {
            chain: c.chain.clone(),
            stages: c.completeness.undetermined_by.stages.clone(),
            edges: c
                .completeness
                .undetermined_by
                .edges
                .iter()
                .map(|e| format!("{} → {}", e.from, e.to))
                .collect(),
        })
        .collect();
    let mut countries: Vec<String> = region
        .local_cities()
        .map(|c| model.cities[c as usize].country.clone())
        .collect();
    countries.sort();
    countries.dedup();
    let claim = Claim {
        text: format!("{} has {CLAIM}", region.name),
        status: overall.status,
        headline: claim_headline(&overall, opts.mode),
        summary: claim_summary(
            region,
            &overall,
            &chains,
            opts.mode,
            (realised_edges, template_edges),
        ),
        realised_edges,
        template_edges,
        research,
    };
    Report {
        tool: format!("chainatlas {}", env!("CARGO_PKG_VERSION")),
        dataset: model.origin.clone(),
        region: RegionRef::of(region),
        countries,
        mode: opts.mode,
        importable: full.importable.clone(),
        claim,
        overall,
        data: DataMix {
            firms: model.firms.len(),
            local_firms: state.local.iter().filter(|&&l| l).count(),
            links: model.links.len(),
            evidence: evidence_mix(evidence),
            absences: model.absences.len(),
            link_years: model
                .links
                .iter()
                .filter_map(|l| l.year)
                .fold(None, |acc, y| {
                    Some(acc.map_or([y, y], |[a, b]: [i32; 2]| [a.min(y), b.max(y)]))
                }),
            undated_links: model.links.iter().filter(|l| l.year.is_none()).count(),
            since: None,
            dropped_before_since: 0,
        },
        chains,
        bottlenecks,
        complementarity: guangzhou_foshan(model, region, opts, min_links),
        fusion: fusion::analyse(model, region, 10),
    }
}

/// The article's pair, when the dataset has both cities.
fn guangzhou_foshan(
    model: &Model,
    region: &Region,
    opts: &Options,
    min_links: usize,
) -> Option<Complement> {
    let unit = |name: &str| {
        model
            .city(name)
            .map(|c| Region::from_cities(model, name.to_string(), &[c]))
    };
    let (a, b) = (unit("Guangzhou")?, unit("Foshan")?);
    let copts = complementarity::Options {
        mode: opts.mode,
        min_producers: opts.min_producers,
        min_links,
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
    v: &ChainVerdict,
    lists: &[Shortlist],
    mode: Mode,
) -> String {
    let n = c.final_products.len();
    let r = &region.name;
    let realised_beside = format!(
        "realised closure (recorded local trade) closes {} of {n}; {} of {} template edges have a local supply link",
        v.realised_closed, c.realised_edges, c.template_edges
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
            "{} holds in {r}: {} from producers in the region ({} closure){}",
            c.chain,
            match n {
                1 => "its final product closes".to_string(),
                n => format!("all {n} final products close"),
            },
            mode_word(mode),
            if mode == Mode::Structural {
                format!("; {realised_beside}")
            } else {
                String::new()
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
                        absence_words(Some(&a.absence))
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
                    "; to settle it, find out whether {r} has producers of {} (no producer in the data — not proof of absence)",
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
    // Outside producers for the most-blocking missing stage that has any.
    let mut causes: Vec<&crate::analysis::completeness::Breakpoint> =
        c.breakpoints.iter().collect();
    causes.sort_by(|a, b| b.blocks.cmp(&a.blocks).then(a.stage.cmp(&b.stage)));
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
            "; the closest outside producers of {} in the data are {}",
            stage_name(model, &c.chain, &list.stage),
            names.join(", ")
        );
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
        "it rests on no confirmed absence".into()
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

/// The verdict line of the report.
fn claim_headline(o: &Overall, mode: Mode) -> String {
    let mut text = format!(
        "{} ({} closure{}) — {} of {} closed",
        o.status.as_str(),
        mode_word(mode),
        if mode == Mode::Structural {
            ": capability"
        } else {
            ": recorded local trade"
        },
        o_closed(o, mode),
        plural(o.final_products, "final product", "final products"),
    );
    if o.status == Verdict::Fails {
        let total: usize = o.absence_evidence.iter().map(|a| a.absences).sum();
        let levels: Vec<String> = o
            .absence_evidence
            .iter()
            .map(|a| {
                format!(
                    "{} {}",
                    a.absences,
                    crate::model::Vocabulary::as_str(a.evidence)
                )
            })
            .collect();
        let documented = o
            .absence_evidence
            .iter()
            .find(|a| a.evidence == crate::model::Evidence::Documented)
            .map_or(0, |a| a.absences);
        text += &format!(
            "; it fails on {} (evidence: {}){}",
            plural(total, "confirmed absence", "confirmed absences"),
            levels.join(", "),
            if documented == 0 {
                ", none of them documented"
            } else if documented < total {
                ", not all of them documented"
            } else {
                ""
            }
        );
    }
    if o.documented_only != o.status {
        text += &format!(
            "; with documented links and absences only it is {}",
            o.documented_only.as_str()
        );
    }
    text.push('.');
    text
}

fn o_closed(o: &Overall, mode: Mode) -> usize {
    match mode {
        Mode::Structural => o.structural_closed,
        Mode::Realised => o.realised_closed,
    }
}

fn ids_with(chains: &[ChainSection], pick: impl Fn(&ChainSection) -> bool) -> Vec<&str> {
    chains
        .iter()
        .filter(|c| pick(c))
        .map(|c| c.chain.as_str())
        .collect()
}

/// What the data can and cannot decide, in plain language.
fn claim_summary(
    region: &Region,
    overall: &Overall,
    chains: &[ChainSection],
    mode: Mode,
    (realised_edges, template_edges): (usize, usize),
) -> String {
    let r = &region.name;
    let of = |v: Verdict| ids_with(chains, |c| c.verdict.status == v);
    let (holds, fails, undetermined, na) = (
        of(Verdict::Holds),
        of(Verdict::Fails),
        of(Verdict::Undetermined),
        of(Verdict::NotApplicable),
    );
    let mut parts = Vec::new();
    if !holds.is_empty() {
        parts.push(format!("it holds for {}", holds.join(", ")));
    }
    if !fails.is_empty() {
        parts.push(format!(
            "it fails for {} on confirmed absences (see each chain)",
            fails.join(", ")
        ));
    }
    let mut text = format!(
        "The claim that {r} has {CLAIM} is judged by {} closure, i.e. {}. ",
        mode_word(mode),
        if mode == Mode::Structural {
            "whether producers of every required stage exist in the region (capability)"
        } else {
            "whether local firms are recorded trading along the whole chain"
        }
    );
    if parts.is_empty() {
        text += "The data decides no chain. ";
    } else {
        text += &format!("The data decides: {}. ", parts.join("; "));
    }
    if !undetermined.is_empty() {
        text += &format!(
            "It cannot decide {}: a stage with no producer in the data is not proof that the region has none, and the research list below names what would settle each. ",
            undetermined.join(", ")
        );
    }
    if !na.is_empty() {
        text += &format!(
            "Not applicable (no final_product stage): {}. ",
            na.join(", ")
        );
    }
    let other = match mode {
        Mode::Structural => (Mode::Realised, overall.realised, overall.realised_closed),
        Mode::Realised => (
            Mode::Structural,
            overall.structural,
            overall.structural_closed,
        ),
    };
    text += &format!(
        "Beside it, {} closure closes {} of {} final products (verdict {}). ",
        mode_word(other.0),
        other.2,
        overall.final_products,
        other.1.as_str()
    );
    let low = template_edges > 0 && realised_edges * 2 < template_edges;
    text += &format!(
        "{realised_edges} of {template_edges} template edges have a local supply link in the data{}",
        if low {
            ", so realised closure measures how many links the dataset records, not what the region can make."
        } else {
            "."
        }
    );
    let changed: Vec<String> = chains
        .iter()
        .filter(|c| c.verdict.documented_only.changed)
        .map(|c| {
            format!(
                "{} ({} → {})",
                c.chain,
                c.verdict.status.as_str(),
                c.verdict.documented_only.status.as_str()
            )
        })
        .collect();
    text += " Counting only documented links and documented absences (the other absences then count as unknown) ";
    if changed.is_empty() {
        text += "changes the verdict of no chain.";
    } else {
        text += &format!(
            "changes the verdict of {}; overall it is {}.",
            changed.join(", "),
            overall.documented_only.as_str()
        );
    }
    text
}

/// The boundary ladder of a chain: one rung per final product.
fn ladder(model: &Model, region: &Region, c: &ChainCompleteness) -> Vec<Rung> {
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
            let text = rung_words(model, region, &c.chain, f, &missing);
            Rung {
                final_product: f.stage.clone(),
                closes_within: f.closes_within,
                missing,
                text,
            }
        })
        .collect()
}

fn rung_words(
    model: &Model,
    region: &Region,
    chain: &str,
    f: &crate::analysis::completeness::FinalProduct,
    missing: &[MissingStage],
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
            "{name} closes within the region's countries (the domestic cycle), not within {r}"
        ),
        Some(Within::World) => {
            format!("{name} closes only with producers abroad (the international cycle: imports)")
        }
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
                Some(a) => format!("absent: {}", absence_words(Some(a))),
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
