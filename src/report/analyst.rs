//! The analyst's report: what the data can and cannot decide about the article's claim 1
//! (the completeness verdict, structural closure — capability — by default, with realised
//! closure beside it), the research list of the undetermined chains, the absences a `fails`
//! rests on, the boundary ladder (the "dual cycle"), the claim-4 stability tests, then one
//! section per chain. [`build`] assembles a serde value from the analyses, sentences
//! included, so the renderers (Markdown, HTML, JSON via serde) say the same thing.

use super::claim_one_words::{claim_headline, claim_summary};
use super::claim_words::{headline, ladder};
use super::framing::Framing;
use super::fusion::{self, FusionReport};
use serde::Serialize;

use crate::analysis::bottleneck::{Bottlenecks, for_region_with};
use crate::analysis::complementarity::{self, Complement};
use crate::analysis::completeness::{
    AbsenceRef, ChainCompleteness, Importable, Mode, Nearest, Options, RegionRef, RegionState,
    StageStatus, Verdict, Within, analyse,
};
use crate::analysis::critical::{Criticality, closure_critical, ranked, ranked_groups};
use crate::analysis::shortlist::{Shortlist, shortlists};
use crate::analysis::sourcing::{EvidenceCount, evidence_mix};
use crate::analysis::verdict::{self, ChainVerdict, CriticalList, CriticalUnits, Overall};
use crate::model::{Evidence, Model, Region};
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
    /// The title, the claims tested (from report.toml) and the city pair.
    pub framing: Framing,
    /// "Bottlenecks and resilience": single firms and groups the chains depend on.
    pub bottlenecks: Bottlenecks,
    /// The complementarity of the framing's city pair (when it has one and the dataset has
    /// both cities; the article's claim 3 on the GBA data).
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
    /// Of `realised_edges`, those a recorded local supply link realises.
    pub linked_edges: usize,
    /// Template edges of every chain.
    pub template_edges: usize,
    /// What closes when every stage below a tier is bought in (structural closure; the
    /// `completeness` field of that name).
    pub bought_in: Vec<crate::analysis::completeness::BoughtIn>,
    /// The research list: per undetermined chain, what would settle it.
    pub research: Vec<Research>,
}

/// What would settle an undetermined chain (its `undetermined_by`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Research {
    /// The chain id.
    pub chain: String,
    /// Stages with no producer in the data (no-data breakpoints): does R have one?
    pub stages: Vec<String>,
    /// Template edges `from → to` into blocked stages: do the local producers buy locally?
    pub edges: Vec<String>,
    /// Of a failing chain whose verdict is not `fails` on documented evidence alone: the
    /// absences it rests on that are not documented ("crude_oil (estimated)"); a public
    /// record stating one would make the verdict firm.
    pub document: Vec<String>,
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
    /// Links with no `year` (kept by `--since` and `--until`).
    pub undated_links: usize,
    /// `--since YEAR`, when given (set by the command; the model is already filtered).
    pub since: Option<i32>,
    /// Links dated before `since` that were dropped (0 without `--since`).
    pub dropped_before_since: usize,
    /// The year the claims were made (report.toml's `year`), when given.
    pub claims_year: Option<i32>,
    /// Links dated after `claims_year` in the data analysed (0 without it).
    pub links_after_claims_year: usize,
    /// `--until YEAR`, when given (set by the command; the model is already filtered).
    pub until: Option<i32>,
    /// Links dated after `until` that were dropped (0 without `--until`).
    pub dropped_after_until: usize,
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
    /// The investment-attraction shortlist: per breakpoint without a local producer, the
    /// outside firms top-ranked by the final products they would close (`attract` for a
    /// confirmed absence, `check_local_first` for no data).
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
/// every chain; `importable` as `--importable` gives it. The framing is neutral (no
/// report.toml): no claims, no city pair.
pub fn build(model: &Model, region: &Region, opts: &Options, importable: &Importable) -> Report {
    let framing = Framing::new(&Default::default(), &region.name, None);
    build_framed(
        model,
        region,
        opts,
        importable,
        complementarity::DEFAULT_MIN_LINKS,
        framing,
    )
}

/// [`build`] with the dataset's framing (report.toml, `--pair`) and the complementarity
/// section's `--min-links` (links a layer needs in one direction before its link
/// intensity counts as a signal).
pub fn build_framed(
    model: &Model,
    region: &Region,
    opts: &Options,
    importable: &Importable,
    min_links: usize,
    framing: Framing,
) -> Report {
    let critical_lists = |crit: &Criticality, st: &RegionState<'_>| -> Vec<CriticalList> {
        let complete = BTreeSet::new();
        let firms = ranked(st, crit, &complete);
        let groups = ranked_groups(st, crit, &complete);
        model
            .chains
            .iter()
            .map(|ch| {
                let prefix = format!("{}/", ch.id);
                let in_chain = |products: &[String]| -> Vec<String> {
                    products
                        .iter()
                        .filter(|p| p.starts_with(&prefix))
                        .cloned()
                        .collect()
                };
                Some(CriticalUnits {
                    firms: firms
                        .iter()
                        .filter_map(|f| {
                            let n = in_chain(&f.final_products).len();
                            (n > 0).then(|| format!("{} ({n})", f.firm))
                        })
                        .collect(),
                    groups: groups
                        .iter()
                        .filter_map(|g| {
                            let lost = in_chain(&g.final_products);
                            (!lost.is_empty()).then(|| {
                                format!(
                                    "{} ({} local firms) breaks {}",
                                    g.group,
                                    g.firms,
                                    lost.join(", ")
                                )
                            })
                        })
                        .collect(),
                    groups_checked: crit.groups.names.len(),
                })
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
    let dual_cycle = framing
        .claim(crate::load::settings::ClaimId::DualCycle)
        .is_some();
    let state =
        RegionState::with_importable(model, region, opts.min_producers, importable.mask(model));
    let full = analyse(&state, &[], opts);
    let criticality = closure_critical(&state);
    let bottlenecks = for_region_with(&state, &criticality, &[], 10);
    let full_critical = critical_lists(&criticality, &state);

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
            let lists = shortlists(&state, c, opts.mode);
            ChainSection {
                chain: c.chain.clone(),
                headline: headline(model, region, c, &verdict, &lists, opts.mode),
                dual_cycle: ladder(model, region, c, dual_cycle),
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
    let linked_edges = full.chains.iter().map(|c| c.linked_edges).sum();
    let template_edges = full.chains.iter().map(|c| c.template_edges).sum();
    let research = chains
        .iter()
        .filter(|c| {
            c.verdict.status == Verdict::Undetermined
                || (c.verdict.status == Verdict::Fails
                    && c.verdict.documented_only.status != Verdict::Fails)
        })
        .map(|c| Research {
            document: c
                .verdict
                .rests_on
                .iter()
                .filter(|a| a.absence.evidence != crate::model::Evidence::Documented)
                .map(|a| format!("{} ({})", a.stage, a.absence.evidence))
                .collect(),
            chain: c.chain.clone(),
            // The no-data breakpoints, of a failing chain too: its absences are not all
            // documented, and were they to fall these stages would decide it.
            stages: c
                .completeness
                .breakpoints
                .iter()
                .filter(|b| b.reason == crate::analysis::completeness::BreakReason::NoData)
                .map(|b| b.stage.clone())
                .collect(),
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
    let claimed = framing.claim(crate::load::settings::ClaimId::Completeness);
    let claim = Claim {
        text: claimed.map_or_else(
            || format!("{} has {CLAIM}", region.name),
            |c| c.text.clone(),
        ),
        status: overall.status,
        headline: claim_headline(
            &overall,
            opts.mode,
            &chains
                .iter()
                .flat_map(|c| &c.completeness.final_products)
                .filter(|f| f.status == crate::analysis::completeness::ProductStatus::Undetermined)
                .map(|f| f.stage.clone())
                .collect::<Vec<_>>(),
            &full.bought_in,
        ),
        summary: claim_summary(
            region,
            claimed.map(|c| c.text.as_str()),
            &overall,
            &chains,
            opts.mode,
            (realised_edges, linked_edges, template_edges),
            &full.bought_in,
        ),
        realised_edges,
        linked_edges,
        template_edges,
        bought_in: full.bought_in.clone(),
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
            claims_year: framing.year,
            links_after_claims_year: framing.year.map_or(0, |y| {
                model
                    .links
                    .iter()
                    .filter(|l| l.year.is_some_and(|year| year > y))
                    .count()
            }),
            since: None,
            dropped_before_since: 0,
            until: None,
            dropped_after_until: 0,
        },
        chains,
        bottlenecks,
        complementarity: framing
            .pair
            .as_ref()
            .and_then(|pair| city_pair(model, region, opts, min_links, pair)),
        fusion: fusion::analyse(model, region, 10),
        framing,
    }
}

/// The framing's city pair, when the dataset has both cities.
fn city_pair(
    model: &Model,
    region: &Region,
    opts: &Options,
    min_links: usize,
    [a, b]: &[String; 2],
) -> Option<Complement> {
    // A city by id, Chinese name or pinyin, compared under its id.
    let unit = |name: &str| {
        crate::model::region::find_city(model, name)
            .map(|c| Region::from_cities(model, model.cities[c as usize].id.clone(), &[c]))
    };
    let (a, b) = (unit(a)?, unit(b)?);
    let copts = complementarity::Options {
        mode: opts.mode,
        min_producers: opts.min_producers,
        min_links,
    };
    complementarity::analyse(model, &a, &b, region, &copts).ok()
}
