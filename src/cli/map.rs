//! `chainatlas map [DATASET] --chain C [--region R] [--mode M] [--min-producers N]
//! [--importable SPEC] [--format dot|svg] [--layout graphviz|builtin] [--layout-timeout S]
//! [-o FILE]`: the
//! stage-level chain map (产业链图谱) of one chain, coloured by status in the region (closed,
//! present, absent, no data, importable). `dot` is written by
//! [`crate::export::map_dot::dot`]; `svg` pipes that DOT through Graphviz's `dot -Tsvg`
//! (exit 2 with a clear message when Graphviz is not installed), or with `--layout builtin`
//! is drawn by the built-in layered SVG writer the HTML report uses (no Graphviz needed).

use std::process::ExitCode;

use super::common::{
    Context, ImportableArg, ModeArg, OutputArg, RegionArgs, min_producers, resolve_chains,
};
use super::format::{Format, emit};
use super::report::Layout;
use crate::analysis::completeness::Options;
use crate::analysis::stage_map as map;
use crate::error::Error;
use crate::export::{MapDot, MapSvg, graphviz};
use crate::text::Writer;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    /// The chain to draw
    #[arg(long, value_name = "C", required = true)]
    pub chain: String,
    /// Closure mode the colours follow
    #[arg(long, value_enum, default_value_t = ModeArg::Realised)]
    pub mode: ModeArg,
    /// θ: local producers a stage needs to count as present
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = min_producers())]
    pub min_producers: u32,
    #[command(flatten)]
    pub importable: ImportableArg,
    /// Output format (svg needs Graphviz's `dot` on PATH unless --layout builtin)
    #[arg(long, value_parser = Format::parser(&[Format::Dot, Format::Svg]), default_value_t = Format::Dot)]
    pub format: Format,
    /// Who lays out --format svg
    #[arg(long, value_enum, default_value_t = Layout::Graphviz)]
    pub layout: Layout,
    /// Seconds Graphviz may spend on the map (--format svg --layout graphviz); past it `dot`
    /// is stopped and the command exits 2, naming --layout builtin
    #[arg(long, value_name = "SECONDS", default_value_t = graphviz::DEFAULT_TIMEOUT.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    pub layout_timeout: u64,
    #[command(flatten)]
    pub output: OutputArg,
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    // Fail before loading anything when the picture cannot be drawn.
    if args.format == Format::Svg
        && args.layout == Layout::Graphviz
        && graphviz::find_dot().is_none()
    {
        return Err(Error::Usage(format!(
            "{}, use --layout builtin (the built-in SVG layout) or --format dot",
            graphviz::NOT_FOUND
        )));
    }
    let s = args.region.open(ctx)?;
    let chains = resolve_chains(&s.model, std::slice::from_ref(&args.chain))?;
    let Some(&chain) = chains.first() else {
        return Err(Error::Usage("--chain needs a chain id".into()));
    };
    let opts = Options {
        mode: args.mode.into(),
        min_producers: args.min_producers,
        ..Options::default()
    };
    let state = args
        .importable
        .state(&s.model, &s.region, opts.min_producers)?;
    let chain_map = map::build(&state, chain, &opts);
    let text = String::from_utf8_lossy(&MapDot.render(&chain_map)).into_owned();
    let bytes = match args.format {
        Format::Dot => text.into_bytes(),
        Format::Svg if args.layout == Layout::Builtin => {
            MapSvg { id_prefix: "map" }.render(&chain_map)
        }
        Format::Svg => {
            let timeout = std::time::Duration::from_secs(args.layout_timeout);
            graphviz::render_svg_within(&text, timeout).map_err(|e| match e {
                graphviz::GraphvizError::Timeout(_) => Error::Usage(format!(
                    "{e}; give it more time with --layout-timeout SECONDS, draw it with \
                     --layout builtin (no Graphviz), or write --format dot and render it later"
                )),
                other => Error::Usage(other.to_string()),
            })?
        }
        other => return Err(other.unsupported()),
    };
    emit(
        args.format,
        bytes,
        args.output.output.as_deref(),
        &s.inputs(),
    )?;
    Ok(ExitCode::SUCCESS)
}
