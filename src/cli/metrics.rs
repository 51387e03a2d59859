//! `chainatlas metrics [DATASET] [--region R] [--format csv|json] [--samples K] [--seed S]
//! [-o FILE]`: one row per firm with supply-layer graph metrics (see `analysis::metrics`).

use std::process::ExitCode;

use clap::builder::RangedU64ValueParser;

use super::common::{Context, OutputArg, RegionArgs};
use super::format::{Format, emit};
use crate::analysis::betweenness::BetweennessOptions;
use crate::analysis::metrics::{Metrics, metrics};
use crate::error::Error;
use crate::report::to_json;
use crate::text::csv;

/// Above this many nodes betweenness is sampled unless `--samples` says otherwise.
pub const EXACT_LIMIT: usize = 20_000;
/// Sampled sources for betweenness above [`EXACT_LIMIT`] nodes.
pub const DEFAULT_SAMPLES: usize = 256;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    /// Betweenness from K sampled sources [default: exact up to 20,000 nodes, else 256]
    #[arg(long, value_name = "K", value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    pub samples: Option<usize>,
    /// Seed for the sampled sources (same seed, same values)
    #[arg(long, default_value_t = 42, value_name = "S")]
    pub seed: u64,
    /// Output format
    #[arg(long, value_parser = Format::parser(&[Format::Csv, Format::Json]), default_value_t = Format::Csv)]
    pub format: Format,
    #[command(flatten)]
    pub output: OutputArg,
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    let s = args.region.open(ctx)?;
    let (model, region) = (&s.model, &s.region);
    let nodes = if args.region.region.is_some() {
        region.local_firms(model).iter().filter(|&&l| l).count()
    } else {
        model.firms.len()
    };
    let samples = args
        .samples
        .or((nodes > EXACT_LIMIT).then_some(DEFAULT_SAMPLES));
    let opts = BetweennessOptions {
        samples,
        seed: args.seed,
        exact_limit: usize::MAX,
    };
    let m = metrics(model, region, args.region.region.is_some(), &opts);
    let text = match args.format {
        Format::Json => to_json(&m),
        Format::Csv => render_csv(&m),
        other => return Err(other.unsupported()),
    };
    emit(
        args.format,
        text.into_bytes(),
        args.output.output.as_deref(),
        &s.inputs(),
    )?;
    Ok(ExitCode::SUCCESS)
}

pub const COLUMNS: [&str; 13] = [
    "id",
    "name",
    "city",
    "local",
    "in_degree",
    "out_degree",
    "betweenness",
    "articulation_point",
    "bridges",
    "dominated_final_firms",
    "closure_critical_products",
    "weak_component_size",
    "strong_component_size",
];

fn render_csv(m: &Metrics) -> String {
    let rows: Vec<Vec<String>> = m
        .firms
        .iter()
        .map(|f| {
            vec![
                f.id.clone(),
                f.name.clone(),
                f.city.clone(),
                f.local.to_string(),
                f.in_degree.to_string(),
                f.out_degree.to_string(),
                // Shortest representation that reads back to the same f64.
                f.betweenness.to_string(),
                f.articulation_point.to_string(),
                f.bridges.to_string(),
                f.dominated_final_firms.to_string(),
                f.closure_critical_products.to_string(),
                f.weak_component_size.to_string(),
                f.strong_component_size.to_string(),
            ]
        })
        .collect();
    csv::render(&COLUMNS, &rows)
}
