//! `chainatlas completeness [DATASET] [--region R] [--chain C] [--mode realised|structural]
//! [--format table|json|csv]`: coverage, link realisation, closure, breakpoints and local
//! sourcing per chain (see `analysis::completeness`).

use std::process::ExitCode;

use super::common::{ChainArgs, Context, ImportableArg, ModeArg, RegionArgs, ThresholdArgs};
use super::format::{Format, emit};
use crate::analysis::completeness::{BreakReason, Breakpoint, Completeness, Mode, analyse};
use crate::analysis::figure::{UNDEFINED_CELL, cell};
use crate::analysis::sourcing::Sourcing;
use crate::error::Error;
use crate::report::{table, to_json};
use crate::text::csv;
use crate::text::number::fmt_percent;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    #[command(flatten)]
    pub chains: ChainArgs,
    /// Closure mode: realised (local firms actually trade) or structural (producers exist)
    #[arg(long, value_enum, default_value_t = ModeArg::Realised)]
    pub mode: ModeArg,
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
    #[command(flatten)]
    pub importable: ImportableArg,
    /// Output format (csv: one row per stage)
    #[arg(long, value_parser = Format::parser(&[Format::Table, Format::Json, Format::Csv]), default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    let opts = args.thresholds.options(args.mode)?;
    let s = args.region.open(ctx)?;
    let chains = args.chains.resolve(&s.model)?;
    let state = args
        .importable
        .state(&s.model, &s.region, opts.min_producers)?;
    let result = analyse(&state, &chains, &opts);
    let text = match args.format {
        Format::Json => to_json(&result),
        Format::Csv => render_csv(&result),
        Format::Table => render_table(&result),
        other => return Err(other.unsupported()),
    };
    emit(args.format, text.into_bytes(), None, &[])?;
    Ok(ExitCode::SUCCESS)
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn sourcing_cell(rate: Option<f64>, basis: Option<&Sourcing>) -> String {
    match (rate, basis) {
        (Some(r), Some(s)) => {
            format!(
                "{} ({}, {} links)",
                fmt_percent(r),
                s.basis.as_str(),
                s.links
            )
        }
        _ => UNDEFINED_CELL.to_string(),
    }
}

/// A breakpoint as a table cell: `stage (absent: area, evidence: source, blocks n)`,
/// `stage (no data, blocks n)` or `stage (blocked, blocks n)`.
pub fn breakpoint_cell(b: &Breakpoint) -> String {
    format!("{} ({}, blocks {})", b.stage, reason_words(b), b.blocks)
}

/// A breakpoint's reason in words: `absent: GBA, documented: https://…`, `no data` or
/// `blocked`.
pub fn reason_words(b: &Breakpoint) -> String {
    match b.reason {
        BreakReason::Absent => format!(
            "absent: {}",
            crate::report::claim_words::absence_words(b.absence.as_ref())
        ),
        BreakReason::NoData => "no data".to_string(),
        BreakReason::Blocked => "blocked".to_string(),
    }
}

pub fn tier_cell(t: Option<crate::model::Tier>) -> String {
    t.map_or("–".to_string(), |t| t.to_string())
}

pub fn render_table(c: &Completeness) -> String {
    let mut out = format!(
        "# Chain completeness in {} ({})\n\nMode: {} closure; a stage is present with ≥ {} local producer(s).\n",
        c.region.name,
        c.region.cities.join(", "),
        c.mode.as_str(),
        c.min_producers
    );
    if !c.importable.is_empty() {
        out += &format!(
            "Importable (bought outside by assumption): {}.\n",
            c.importable.join(", ")
        );
    }
    out += &format!(
        "Verdict: {} — {} of {} final products closed. \"no data\" means no producer in the region in the data, which is not proof of absence.\n\n",
        c.verdict.as_str(),
        c.closed_final_products,
        c.total_final_products
    );
    out += &table::render(
        "Overview",
        &[
            "chain",
            "verdict",
            "complete",
            "complete from",
            "possible from",
            "final products closed",
            "#stage coverage",
            "#employment-weighted",
            "#link coverage",
            "local sourcing",
            "breakpoints",
        ],
        c.chains
            .iter()
            .map(|ch| {
                let closed = ch.final_products.iter().filter(|f| match c.mode {
                    Mode::Realised => f.closed,
                    Mode::Structural => f.structural_closed,
                });
                vec![
                    ch.chain.clone(),
                    ch.verdict.as_str().to_string(),
                    yes_no(ch.complete),
                    tier_cell(ch.complete_from),
                    tier_cell(ch.possible_from),
                    format!("{}/{}", closed.count(), ch.final_products.len()),
                    fmt_percent(ch.stage_coverage),
                    crate::report::words::employment_weighted_cell(
                        ch.stage_coverage_employment,
                        ch.employment_known,
                        ch.employment_counted,
                    ),
                    cell(ch.link_coverage, fmt_percent),
                    sourcing_cell(ch.local_sourcing_rate, ch.sourcing.as_ref()),
                    ch.breakpoints
                        .iter()
                        .map(breakpoint_cell)
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect(),
    );
    for note in crate::report::words::completeness_notes(&c.chains) {
        out += &format!("{note}\n\n");
    }
    out += &table::render(
        "Final products",
        &[
            "chain",
            "final product",
            "status",
            "closes within",
            "fails on",
        ],
        c.chains
            .iter()
            .flat_map(|ch| {
                ch.final_products.iter().map(move |f| {
                    vec![
                        ch.chain.clone(),
                        f.stage.clone(),
                        f.status.as_str().to_string(),
                        f.closes_within
                            .map_or("nowhere in the data".into(), |w| w.as_str().to_string()),
                        f.fails_on.join(", "),
                    ]
                })
            })
            .collect(),
    );
    for ch in &c.chains {
        out += &table::render(
            &format!("Stages of {}", ch.chain),
            &[
                "stage",
                "tier",
                "status",
                "nearest",
                "#local producers",
                "closed",
                "structural",
                "realised",
                "local sourcing",
            ],
            ch.stages
                .iter()
                .map(|s| {
                    vec![
                        s.stage.clone(),
                        s.tier.to_string(),
                        if ch.importable.contains(&s.stage) {
                            format!("{} (importable)", s.status.as_str())
                        } else {
                            s.status.as_str().to_string()
                        },
                        s.nearest.map_or("–".into(), |n| n.as_str().to_string()),
                        s.producers.to_string(),
                        yes_no(s.closed),
                        yes_no(s.structural_closed),
                        yes_no(s.realised_closed),
                        sourcing_cell(s.sourcing.as_ref().map(|x| x.local), s.sourcing.as_ref()),
                    ]
                })
                .collect(),
        );
        if let Some(note) = crate::report::words::undefined_note(
            "local sourcing",
            ch.stages
                .iter()
                .map(|s| (s.stage.as_str(), s.sourcing_reason.as_deref())),
        ) {
            out += &format!("{note}\n\n");
        }
    }
    out
}

fn render_csv(c: &Completeness) -> String {
    let headers = [
        "region",
        "mode",
        "chain",
        "chain_complete",
        "stage",
        "label",
        "tier",
        "local_producers",
        "present",
        "closed",
        "structural_closed",
        "realised_closed",
        "breakpoint",
        "blocks",
        "local_sourcing_rate",
        "sourcing_basis",
        "sourcing_links",
        "chain_verdict",
        "status",
        "nearest",
        "importable",
        "absence_source_ref",
    ];
    let mut rows = Vec::new();
    for ch in &c.chains {
        for s in &ch.stages {
            let bp = ch.breakpoints.iter().find(|b| b.stage == s.stage);
            rows.push(vec![
                c.region.name.clone(),
                c.mode.as_str().to_string(),
                ch.chain.clone(),
                ch.complete.to_string(),
                s.stage.clone(),
                s.label.clone(),
                s.tier.to_string(),
                s.producers.to_string(),
                s.present.to_string(),
                s.closed.to_string(),
                s.structural_closed.to_string(),
                s.realised_closed.to_string(),
                bp.map_or(String::new(), |b| b.reason.as_str().to_string()),
                bp.map_or(String::new(), |b| b.blocks.to_string()),
                s.sourcing
                    .as_ref()
                    .map_or(String::new(), |x| format!("{:.6}", x.local)),
                s.sourcing
                    .as_ref()
                    .map_or(String::new(), |x| x.basis.as_str().to_string()),
                s.sourcing
                    .as_ref()
                    .map_or(String::new(), |x| x.links.to_string()),
                ch.verdict.as_str().to_string(),
                s.status.as_str().to_string(),
                s.nearest.map_or(String::new(), |n| n.as_str().to_string()),
                ch.importable.contains(&s.stage).to_string(),
                s.absence
                    .as_ref()
                    .map_or(String::new(), |a| a.source_ref.clone()),
            ]);
        }
    }
    csv::render(&headers, &rows)
}
