//! `chainatlas generate --firms N [--links-per-firm D] [--seed S] -o DIR`: a synthetic
//! dataset in the data contract, deterministic for a seed (see `generate`).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::error::Error;
use crate::generate::{GenerateOptions, write_dataset};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Number of firms (and other actors) to generate
    #[arg(long)]
    pub firms: usize,
    /// Average links per firm (all layers); total links ≈ firms × this
    #[arg(long, default_value_t = 10.0, allow_negative_numbers = true)]
    pub links_per_firm: f64,
    /// Random seed; the same seed gives the same bytes
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Output folder (created if missing)
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    if !args.links_per_firm.is_finite() || args.links_per_firm < 0.0 {
        return Err(Error::Usage(
            "--links-per-firm must be a number ≥ 0".to_string(),
        ));
    }
    let opts = GenerateOptions {
        firms: args.firms,
        links_per_firm: args.links_per_firm,
        seed: args.seed,
    };
    let summary = write_dataset(&opts, &args.output).map_err(|e| Error::io(&args.output, e))?;
    crate::error::stderr_line(format_args!(
        "wrote {}: {} cities, {} chains ({} stages), {} firms, {} links",
        args.output.display(),
        summary.cities,
        summary.chains,
        summary.stages,
        summary.firms,
        summary.links
    ));
    Ok(ExitCode::SUCCESS)
}
