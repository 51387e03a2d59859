//! `chainatlas fusion [DATASET] [--region R] [--top N] [--format table|json]`: do the
//! supply, value, innovation and capital chains work as one system? Per-layer activity,
//! overlap between layers over firm pairs, multiplex participation, innovation coupling by
//! city and a verdict (see `analysis::fusion`).

use std::process::ExitCode;

use super::common::RegionArgs;
use super::load_model;
use crate::error::Error;
use crate::model::Region;
use crate::output;
use crate::report::fusion::{analyse, render_table};
use crate::report::to_json;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    /// Firms listed by multiplex participation
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let model = load_model(&args.region.dataset.source())?;
    let region = Region::resolve(&model, args.region.region.as_deref())?;
    let fusion = analyse(&model, &region, args.top);
    let text = match args.format {
        Format::Json => to_json(&fusion),
        Format::Table => render_table(&fusion),
    };
    output::write_stdout(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
