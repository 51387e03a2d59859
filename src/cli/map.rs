//! `chainatlas map [DATASET] --chain C [--region R] [--mode M] [--min-producers N]
//! [--format dot|svg] [-o FILE]`: the stage-level chain map (产业链图谱) of one chain,
//! coloured by status in the region. `dot` is written by [`crate::export::map_dot::dot`];
//! `svg` pipes that DOT through Graphviz's `dot -Tsvg` and exits 2 with a clear message
//! when Graphviz is not installed.

use std::path::PathBuf;
use std::process::ExitCode;

use super::common::{ChainArgs, RegionArgs};
use super::load_model;
use crate::analysis::completeness::{Mode, Options, RegionState};
use crate::analysis::stage_map as map;
use crate::error::Error;
use crate::export::MapDot;
use crate::export::graphviz;
use crate::model::Region;
use crate::output;
use crate::text::Writer;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    /// The chain to draw
    #[arg(long, value_name = "C", required = true)]
    pub chain: String,
    /// Closure mode the colours follow
    #[arg(long, value_enum, default_value_t = Mode::Realised)]
    pub mode: Mode,
    /// θ: local producers a stage needs to count as present
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_producers: u32,
    /// Output format (svg needs Graphviz's `dot` on PATH)
    #[arg(long, value_enum, default_value_t = Format::Dot)]
    pub format: Format,
    /// Write to FILE instead of stdout (written whole or not at all; `-` = stdout)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Dot,
    Svg,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    if args.min_producers == 0 {
        return Err(Error::Usage("--min-producers must be at least 1".into()));
    }
    // Fail before loading anything when the picture cannot be drawn.
    if matches!(args.format, Format::Svg) && graphviz::find_dot().is_none() {
        return Err(Error::Usage(graphviz::NOT_FOUND.into()));
    }
    let source = args.region.dataset.source();
    let model = load_model(&source)?;
    let region = Region::resolve(&model, args.region.region.as_deref())?;
    let chains = ChainArgs {
        chains: vec![args.chain.clone()],
    }
    .resolve(&model)?;
    let Some(&chain) = chains.first() else {
        return Err(Error::Usage("--chain needs a chain id".into()));
    };
    let opts = Options {
        mode: args.mode,
        min_producers: args.min_producers,
        ..Options::default()
    };
    let state = RegionState::new(&model, &region, opts.min_producers);
    let chain_map = map::build(&state, chain, &opts);
    let text = String::from_utf8_lossy(&MapDot.render(&chain_map)).into_owned();
    let bytes = match args.format {
        Format::Dot => text.into_bytes(),
        Format::Svg => graphviz::render_svg(&text).map_err(|e| Error::Usage(e.to_string()))?,
    };
    output::emit(&bytes, args.output.as_deref(), &source.input_paths())?;
    Ok(ExitCode::SUCCESS)
}
