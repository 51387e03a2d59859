//! `chainatlas fusion [DATASET] [--region R] [--top N] [--format table|json]`: do the
//! article's four chains (value, supply, innovation and product) work as one system?
//! Capital is shown as a fifth layer, not counted. Per-layer activity, overlap between
//! layers over firm pairs, multiplex participation, innovation coupling by city and a
//! verdict (see `analysis::fusion`).

use std::process::ExitCode;

use super::common::{Context, RegionArgs};
use super::format::{Format, emit};
use crate::error::Error;
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
    #[arg(long, value_parser = Format::parser(&[Format::Table, Format::Json]), default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    let s = args.region.open(ctx)?;
    let fusion = analyse(&s.model, &s.region, args.top);
    let text = match args.format {
        Format::Json => to_json(&fusion),
        Format::Table => render_table(&fusion),
        other => return Err(other.unsupported()),
    };
    emit(args.format, text.into_bytes(), None, &[])?;
    Ok(ExitCode::SUCCESS)
}
