//! `chainatlas gaps [DATASET] [--region R] [--chain C] [--format table|json|csv]`: where
//! the chains break (breakpoints, 断点), where local producers do not trade (blockages, 堵点,
//! with candidate pairs), and which outside firms would close the gaps (shortlist, 招商清单).

use std::process::ExitCode;

use serde::Serialize;

use super::common::{ChainArgs, Context, ImportableArg, ModeArg, RegionArgs, ThresholdArgs};
use super::completeness::{reason_words, tier_cell};
use super::format::{Format, emit};
use crate::analysis::completeness::{
    Blockage, Breakpoint, FinalProduct, Mode, RegionRef, UndeterminedBy, Verdict, analyse,
};
use crate::analysis::shortlist::{Shortlist, shortlists};
use crate::error::Error;
use crate::model::Tier;
use crate::report::bottleneck_words;
use crate::report::shortlist_words::{action_words, shortlist_lines};
use crate::report::{table, to_json};
use crate::text::csv;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    #[command(flatten)]
    pub chains: ChainArgs,
    /// Closure mode for breakpoints
    #[arg(long, value_enum, default_value_t = ModeArg::Realised)]
    pub mode: ModeArg,
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
    #[command(flatten)]
    pub importable: ImportableArg,
    /// Output format (csv: one row per breakpoint, blockage pair or shortlisted firm)
    #[arg(long, value_parser = Format::parser(&[Format::Table, Format::Json, Format::Csv]), default_value_t = Format::Table)]
    pub format: Format,
}

/// `gaps --format json` (the fields shared with `completeness` mean the same there).
#[derive(Debug, Serialize)]
pub struct Gaps {
    pub region: RegionRef,
    pub mode: Mode,
    pub importable: Vec<String>,
    pub verdict: Verdict,
    pub closed_final_products: usize,
    pub total_final_products: usize,
    pub chains: Vec<ChainGaps>,
}

#[derive(Debug, Serialize)]
pub struct ChainGaps {
    pub chain: String,
    pub verdict: Verdict,
    pub complete: bool,
    pub complete_from: Option<Tier>,
    pub complete_from_status: crate::analysis::FigureStatus,
    pub complete_from_reason: Option<String>,
    pub possible_from: Option<Tier>,
    pub possible_from_status: crate::analysis::FigureStatus,
    pub possible_from_reason: Option<String>,
    pub undetermined_by: UndeterminedBy,
    pub final_products: Vec<FinalProduct>,
    pub breakpoints: Vec<Breakpoint>,
    pub blockages: Vec<Blockage>,
    pub shortlist: Vec<Shortlist>,
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    let opts = args.thresholds.options(args.mode)?;
    let s = args.region.open(ctx)?;
    let chains = args.chains.resolve(&s.model)?;
    let state = args
        .importable
        .state(&s.model, &s.region, opts.min_producers)?;
    let result = analyse(&state, &chains, &opts);
    let gaps = Gaps {
        region: result.region.clone(),
        mode: result.mode,
        importable: result.importable.clone(),
        verdict: result.verdict,
        closed_final_products: result.closed_final_products,
        total_final_products: result.total_final_products,
        chains: result
            .chains
            .iter()
            .map(|c| ChainGaps {
                chain: c.chain.clone(),
                verdict: c.verdict,
                complete: c.complete,
                complete_from: c.complete_from,
                complete_from_status: c.complete_from_status,
                complete_from_reason: c.complete_from_reason.clone(),
                possible_from: c.possible_from,
                possible_from_status: c.possible_from_status,
                possible_from_reason: c.possible_from_reason.clone(),
                undetermined_by: c.undetermined_by.clone(),
                final_products: c.final_products.clone(),
                breakpoints: c.breakpoints.clone(),
                blockages: c.blockages.clone(),
                shortlist: shortlists(&state, c, result.mode),
            })
            .collect(),
    };
    let text = match args.format {
        Format::Json => to_json(&gaps),
        Format::Csv => render_csv(&gaps),
        Format::Table => render_table(&gaps),
        other => return Err(other.unsupported()),
    };
    emit(args.format, text.into_bytes(), None, &[])?;
    Ok(ExitCode::SUCCESS)
}

fn render_table(g: &Gaps) -> String {
    let mut out = format!(
        "# Gaps in {} ({})\n\nMode: {} closure ({}; `--mode {}` for the other; `report` uses structural).\n",
        g.region.name,
        g.region.cities.join(", "),
        g.mode.as_str(),
        match g.mode {
            Mode::Realised => "local firms recorded trading along the chain",
            Mode::Structural => "producers of every required stage exist in the region",
        },
        match g.mode {
            Mode::Realised => "structural",
            Mode::Structural => "realised",
        },
    );
    if !g.importable.is_empty() {
        out += &format!(
            "Importable (bought outside by assumption): {}.\n",
            g.importable.join(", ")
        );
    }
    out += &format!(
        "Verdict: {} — {} of {} final products closed.\n\n",
        g.verdict.as_str(),
        g.closed_final_products,
        g.total_final_products
    );
    out += &table::render(
        "Chains: verdict, and for an undetermined chain what would settle it (the research columns stay empty for the others; their breakpoints are below)",
        &[
            "chain",
            "verdict",
            "complete from",
            "possible from",
            "research: stages with no data",
            "research: local links to find",
        ],
        g.chains
            .iter()
            .map(|c| {
                vec![
                    c.chain.clone(),
                    c.verdict.as_str().to_string(),
                    tier_cell(c.complete_from),
                    tier_cell(c.possible_from),
                    c.undetermined_by.stages.join(", "),
                    c.undetermined_by
                        .edges
                        .iter()
                        .map(|e| format!("{} → {}", e.from, e.to))
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect(),
    );
    out += &table::render(
        "Breakpoints (断点): root causes of unclosed final products (no data = no producer in the region in the data, not proof of absence)",
        &[
            "chain",
            "stage",
            "reason",
            "#blocks",
            "final products blocked",
        ],
        g.chains
            .iter()
            .flat_map(|c| {
                c.breakpoints.iter().map(move |b| {
                    vec![
                        c.chain.clone(),
                        b.stage.clone(),
                        reason_words(b),
                        b.blocks.to_string(),
                        b.final_products.join(", "),
                    ]
                })
            })
            .collect(),
    );
    out += &table::render(
        "Blockages (堵点): local producers at both ends, no local supply link",
        &[
            "chain",
            "from",
            "to",
            "#suppliers",
            "#buyers",
            crate::report::phrases::BLOCKAGE_PAIRS_HEADER,
        ],
        g.chains
            .iter()
            .flat_map(|c| {
                c.blockages.iter().map(move |b| {
                    vec![
                        c.chain.clone(),
                        b.from.clone(),
                        b.to.clone(),
                        b.suppliers.to_string(),
                        b.buyers.to_string(),
                        bottleneck_words::with_not_paired(
                            b,
                            b.candidates
                                .iter()
                                .map(|p| {
                                    format!(
                                        "{} ({}) → {} ({}){}",
                                        p.supplier,
                                        p.supplier_city,
                                        p.buyer,
                                        p.buyer_city,
                                        if p.same_group { " (same group)" } else { "" }
                                    )
                                })
                                .collect(),
                            str::to_string,
                        ),
                    ]
                })
            })
            .collect(),
    );
    out += &table::render(
        "Investment-attraction shortlist (招商清单): outside producers of stages with no local producer, each stage's in rank order (the lines below say what the rank rests on)",
        &[
            "chain",
            "stage",
            "action",
            "firm",
            "name",
            "group",
            "city",
            "#final products closed",
            "closes",
            "also needed",
            "note",
        ],
        g.chains
            .iter()
            .flat_map(|c| c.shortlist.iter())
            .flat_map(|l| {
                l.candidates.iter().map(move |k| {
                    vec![
                        l.chain.clone(),
                        l.stage.clone(),
                        action_words(l.action).to_string(),
                        k.firm.clone(),
                        k.name.clone(),
                        k.group.clone().unwrap_or_else(|| "–".into()),
                        format!("{}, {}", k.city, k.country),
                        k.closes.len().to_string(),
                        k.closes.join(", "),
                        k.also_needed.join(", "),
                        k.note.clone().unwrap_or_default(),
                    ]
                })
            })
            .collect(),
    );
    for line in shortlist_lines(
        &g.chains
            .iter()
            .flat_map(|c| c.shortlist.iter().cloned())
            .collect::<Vec<_>>(),
        true,
    ) {
        out += &format!("- {line}\n");
    }
    out
}

fn render_csv(g: &Gaps) -> String {
    let headers = [
        "kind",
        "chain",
        "stage",
        "to_stage",
        "reason",
        "blocks",
        "firm",
        "firm_city",
        "partner",
        "partner_city",
        "closes",
        "action",
        "also_needed",
        "group_local",
    ];
    let mut rows = Vec::new();
    for c in &g.chains {
        for b in &c.breakpoints {
            rows.push(vec![
                "breakpoint".into(),
                c.chain.clone(),
                b.stage.clone(),
                String::new(),
                b.reason.as_str().to_string(),
                b.blocks.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                b.final_products.join(";"),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for b in &c.blockages {
            if b.candidates.is_empty() {
                rows.push(vec![
                    "blockage".into(),
                    c.chain.clone(),
                    b.from.clone(),
                    b.to.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
            }
            for p in &b.candidates {
                rows.push(vec![
                    "blockage".into(),
                    c.chain.clone(),
                    b.from.clone(),
                    b.to.clone(),
                    String::new(),
                    String::new(),
                    p.supplier.clone(),
                    p.supplier_city.clone(),
                    p.buyer.clone(),
                    p.buyer_city.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
            }
        }
        for l in &c.shortlist {
            for k in &l.candidates {
                rows.push(vec![
                    "shortlist".into(),
                    c.chain.clone(),
                    l.stage.clone(),
                    String::new(),
                    l.stage_status.as_str().to_string(),
                    String::new(),
                    k.firm.clone(),
                    k.city.clone(),
                    String::new(),
                    String::new(),
                    k.closes.join(";"),
                    l.action.as_str().to_string(),
                    k.also_needed.join(";"),
                    k.group_local.join(";"),
                ]);
            }
        }
    }
    csv::render(&headers, &rows)
}
