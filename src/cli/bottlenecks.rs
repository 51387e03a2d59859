//! `chainatlas bottlenecks [DATASET] [--region R] [--chain C] [--top N] [--importable SPEC]
//! [--format table|json|csv]`: single-source and concentrated stages, closure-critical firms,
//! dominators and the vertex connectivity of each chain (see `analysis::bottleneck`).

use std::process::ExitCode;

use super::common::{ChainArgs, Context, ImportableArg, RegionArgs, min_producers};
use super::format::{Format, emit};
use crate::analysis::bottleneck::{Bottlenecks, for_region};
use crate::analysis::figure::cell;
use crate::error::Error;
use crate::report::words::connectivity_note;
use crate::report::{table, to_json};
use crate::text::csv;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    #[command(flatten)]
    pub chains: ChainArgs,
    /// Firms listed per ranking
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    /// θ: local producers a stage needs to count as present
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = min_producers())]
    pub min_producers: u32,
    #[command(flatten)]
    pub importable: ImportableArg,
    /// Output format (csv: one row per stage, critical firm, cut firm or dominator)
    #[arg(long, value_parser = Format::parser(&[Format::Table, Format::Json, Format::Csv]), default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    let s = args.region.open(ctx)?;
    let chains = args.chains.resolve(&s.model)?;
    let state = args
        .importable
        .state(&s.model, &s.region, args.min_producers)?;
    let b = for_region(&state, &chains, args.top);
    let text = match args.format {
        Format::Json => to_json(&b),
        Format::Csv => render_csv(&b),
        Format::Table => render_table(&b),
        other => return Err(other.unsupported()),
    };
    emit(args.format, text.into_bytes(), None, &[])?;
    Ok(ExitCode::SUCCESS)
}

fn render_table(b: &Bottlenecks) -> String {
    let mut out = format!(
        "# Bottlenecks (卡点) in {} ({})\n\n",
        b.region.name,
        b.region.cities.join(", ")
    );
    out += &table::render(
        "Per chain",
        &[
            "chain",
            "complete",
            "single-source stages",
            "#connectivity",
            "minimum cut",
            "closure-critical firms",
        ],
        b.chains
            .iter()
            .map(|c| {
                vec![
                    c.chain.clone(),
                    if c.complete { "yes" } else { "no" }.into(),
                    c.single_source_stages.join(", "),
                    cell(c.connectivity.connectivity, |k| k.to_string()),
                    c.connectivity.cut.join(", "),
                    c.critical_firms
                        .iter()
                        .map(|f| format!("{} ({})", f.firm, f.final_products.len()))
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect(),
    );
    if let Some(note) = connectivity_note(b) {
        out += &format!("{note}\n\n");
    }
    out += &table::render(
        "Stage concentration of local producers",
        &[
            "chain",
            "stage",
            "#producers",
            "#HHI",
            "#N_eff",
            "basis",
            "largest producer",
        ],
        b.chains
            .iter()
            .flat_map(|c| {
                c.concentration.iter().map(move |x| {
                    vec![
                        c.chain.clone(),
                        x.stage.clone(),
                        x.producers.to_string(),
                        format!("{:.3}", x.hhi),
                        format!("{:.2}", x.n_eff),
                        x.basis_label(),
                        x.top_producer.clone(),
                    ]
                })
            })
            .collect(),
    );
    out += &table::render(
        "Dominators: firms on every local supply path to final-product firms",
        &["firm", "name", "city", "#final-product firms dominated"],
        b.dominators
            .iter()
            .map(|d| {
                vec![
                    d.firm.clone(),
                    d.name.clone(),
                    d.city.clone(),
                    d.dominated_final_firms.to_string(),
                ]
            })
            .collect(),
    );
    out
}

fn render_csv(b: &Bottlenecks) -> String {
    let headers = [
        "kind",
        "chain",
        "stage",
        "firm",
        "producers",
        "hhi",
        "n_eff",
        "basis",
        "count",
        "final_products",
    ];
    let mut rows = Vec::new();
    for c in &b.chains {
        for x in &c.concentration {
            rows.push(vec![
                "stage".into(),
                c.chain.clone(),
                x.stage.clone(),
                x.top_producer.clone(),
                x.producers.to_string(),
                format!("{:.6}", x.hhi),
                format!("{:.6}", x.n_eff),
                x.basis.as_str().to_string(),
                String::new(),
                String::new(),
            ]);
        }
        for f in &c.critical_firms {
            rows.push(vec![
                "critical_firm".into(),
                c.chain.clone(),
                String::new(),
                f.firm.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                f.final_products.len().to_string(),
                f.final_products.join(";"),
            ]);
        }
        for f in &c.connectivity.cut {
            rows.push(vec![
                "cut_firm".into(),
                c.chain.clone(),
                String::new(),
                f.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                cell(c.connectivity.connectivity, |k| k.to_string()),
                String::new(),
            ]);
        }
    }
    for d in &b.dominators {
        rows.push(vec![
            "dominator".into(),
            String::new(),
            String::new(),
            d.firm.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            d.dominated_final_firms.to_string(),
            String::new(),
        ]);
    }
    csv::render(&headers, &rows)
}
