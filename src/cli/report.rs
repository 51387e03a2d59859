//! `chainatlas report [DATASET] [--region R] [--format md|json] [-o FILE]`: the analyst's
//! report — the verdict on the article's claim, then a section per chain.

use std::path::PathBuf;
use std::process::ExitCode;

use super::common::{RegionArgs, ThresholdArgs};
use super::load_model;
use crate::analysis::completeness::Mode;
use crate::error::Error;
use crate::model::Region;
use crate::output;
use crate::report::{analyst, markdown, to_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    /// Closure mode the verdict uses
    #[arg(long, value_enum, default_value_t = Mode::Realised)]
    pub mode: Mode,
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write to FILE instead of stdout (written whole or not at all; `-` = stdout)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Md,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let opts = args.thresholds.options(args.mode)?;
    let source = args.region.dataset.source();
    let model = load_model(&source)?;
    let region = Region::resolve(&model, args.region.region.as_deref())?;
    let report = analyst::build(&model, &region, &opts);
    let text = match args.format {
        Format::Md => markdown::render(&report, &model),
        Format::Json => to_json(&report),
    };
    output::emit(
        text.as_bytes(),
        args.output.as_deref(),
        &source.input_paths(),
    )?;
    Ok(ExitCode::SUCCESS)
}
