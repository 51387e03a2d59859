//! `chainatlas report [DATASET] [--region R] [--format md|json|html] [-o FILE]`: the
//! analyst's report — the verdict on the article's claim, then a section per chain. The
//! HTML report carries one chain map per chain: drawn by Graphviz when `dot` is on PATH,
//! otherwise by the built-in layered SVG writer, so the page is never missing a picture.

use std::path::PathBuf;
use std::process::ExitCode;

use super::common::{RegionArgs, ThresholdArgs};
use super::load_model;
use crate::analysis::completeness::{Mode, Options, RegionState};
use crate::analysis::stage_map as map;
use crate::error::Error;
use crate::export::graphviz;
use crate::export::{MapDot, MapSvg};
use crate::model::{Model, Region};
use crate::output;
use crate::report::html::ChainPicture;
use crate::report::{Html, Markdown, ReportInput};
use crate::report::{analyst, to_json};
use crate::text::Writer;

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
    /// One self-contained page (inline CSS and SVG, nothing loaded from the network)
    Html,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let opts = args.thresholds.options(args.mode)?;
    let source = args.region.dataset.source();
    let model = load_model(&source)?;
    let region = Region::resolve(&model, args.region.region.as_deref())?;
    let report = analyst::build(&model, &region, &opts);
    let pictures = match args.format {
        Format::Html => pictures(&model, &region, &opts),
        _ => Vec::new(),
    };
    let input = ReportInput {
        report: &report,
        model: &model,
        pictures: &pictures,
    };
    let bytes = match args.format {
        Format::Md => Markdown.render(&input),
        Format::Json => to_json(&report).into_bytes(),
        Format::Html => Html.render(&input),
    };
    output::emit(&bytes, args.output.as_deref(), &source.input_paths())?;
    Ok(ExitCode::SUCCESS)
}

/// One chain map per chain, in report order: Graphviz's SVG when `dot` is on PATH and
/// succeeds, otherwise (with a note on stderr when Graphviz failed) the built-in layout.
fn pictures(model: &Model, region: &Region, opts: &Options) -> Vec<ChainPicture> {
    let state = RegionState::new(model, region, opts.min_producers);
    let graphviz_present = graphviz::find_dot().is_some();
    let mut chains: Vec<_> = (0..model.chains.len() as u32).collect();
    chains.sort_by(|a, b| {
        model.chains[*a as usize]
            .id
            .cmp(&model.chains[*b as usize].id)
    });
    chains
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let chain_map = map::build(&state, c, opts);
            let drawn = if graphviz_present {
                match graphviz::render_svg(&String::from_utf8_lossy(&MapDot.render(&chain_map))) {
                    Ok(bytes) => graphviz::inline_svg(&bytes),
                    Err(e) => {
                        eprintln!(
                            "chainatlas: warning: chain map of {}: {e}; using the built-in layout",
                            chain_map.chain
                        );
                        None
                    }
                }
            } else {
                None
            };
            let (svg, engine) = match drawn {
                Some(svg) => (svg, "Graphviz"),
                None => (
                    String::from_utf8_lossy(
                        &MapSvg {
                            id_prefix: &format!("map{i}"),
                        }
                        .render(&chain_map),
                    )
                    .into_owned(),
                    "the built-in layout",
                ),
            };
            ChainPicture {
                chain: chain_map.chain,
                svg,
                engine: engine.into(),
            }
        })
        .collect()
}
