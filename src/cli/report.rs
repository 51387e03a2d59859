//! `chainatlas report [DATASET] [--region R] [--pair A,B] [--mode structural|realised]
//! [--importable SPEC] [--format md|json|html] [--layout builtin|graphviz] [-o FILE]`: the
//! analyst's report — what the data can and cannot decide about the claims in the
//! dataset's report.toml (a neutral completeness report without one; the verdict in
//! structural closure, capability, by default, with realised closure beside it), then a
//! section per chain. The HTML report carries one chain map per chain, drawn by the
//! built-in layered SVG writer (the default: the same bytes on every machine) or, with
//! `--layout graphviz`, by Graphviz's `dot` (exit 2 when it is missing; the picture then
//! depends on the installed Graphviz version). Once `dot` has spent `--layout-timeout`
//! seconds over all maps, or fails on one, the map is drawn by the built-in layout: see
//! `export::pictures`.

use std::process::ExitCode;
use std::time::Duration;

use super::common::{Context, ImportableArg, ModeArg, OutputArg, RegionArgs, ThresholdArgs};
use super::format::{Format, emit};
use crate::error::Error;
use crate::export::{graphviz, pictures};
use crate::report::framing::Framing;
use crate::report::{Html, Markdown, ReportInput};
use crate::report::{analyst, to_json};
use crate::text::Writer;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    /// Closure mode the verdict is stated in (structural = capability; the other mode is
    /// shown beside it)
    #[arg(long, value_enum, default_value_t = ModeArg::Structural)]
    pub mode: ModeArg,
    #[command(flatten)]
    pub importable: ImportableArg,
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
    /// The two cities the complementarity section compares [default: report.toml's `pair`;
    /// without either, the report has no such section]
    #[arg(long, value_name = "A,B", value_parser = parse_pair)]
    pub pair: Option<[String; 2]>,
    /// Links a layer needs in one direction before the city pair's link intensity counts
    /// as a signal
    #[arg(long, default_value_t = crate::analysis::complementarity::DEFAULT_MIN_LINKS, value_name = "N")]
    pub min_links: usize,
    /// Output format
    #[arg(long, value_parser = Format::parser(&[Format::Md, Format::Json, Format::Html]), default_value_t = Format::Md)]
    pub format: Format,
    /// How the HTML report draws its chain maps
    #[arg(long, value_enum, default_value_t = Layout::Builtin)]
    pub layout: Layout,
    /// Seconds Graphviz may spend on all chain maps (--layout graphviz); past it the map
    /// being drawn and the rest are drawn by the built-in layout, and the report says so
    #[arg(long, value_name = "SECONDS", default_value_t = pictures::DEFAULT_LAYOUT_TIMEOUT.as_secs())]
    pub layout_timeout: u64,
    #[command(flatten)]
    pub output: OutputArg,
}

/// Who lays out the chain maps of the HTML report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// The built-in layered SVG writer: the same bytes on every machine
    Builtin,
    /// Graphviz's `dot` (must be on PATH); the picture depends on the installed Graphviz version
    Graphviz,
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    let opts = args.thresholds.options(args.mode)?;
    let graphviz = args.format == Format::Html && args.layout == Layout::Graphviz;
    // Fail before loading anything when the pictures cannot be drawn as asked.
    if graphviz && graphviz::find_dot().is_none() {
        return Err(Error::Usage(format!(
            "{} or use --layout builtin",
            graphviz::NOT_FOUND
        )));
    }
    let s = args.region.open(ctx)?;
    let importable = args.importable.resolve(&s.model)?;
    let framing = Framing::new(&s.settings, &s.region.name, args.pair.clone());
    let mut report = analyst::build_framed(
        &s.model,
        &s.region,
        &opts,
        &importable,
        args.min_links,
        framing,
    );
    if let Some((year, dropped)) = s.since {
        report.data.since = Some(year);
        report.data.dropped_before_since = dropped;
    }
    if let Some((year, dropped)) = s.until {
        report.data.until = Some(year);
        report.data.dropped_after_until = dropped;
    }
    let pictures = match args.format {
        Format::Html => {
            let state = args
                .importable
                .state(&s.model, &s.region, opts.min_producers)?;
            let engine = match args.layout {
                Layout::Builtin => pictures::Engine::Builtin,
                Layout::Graphviz => pictures::Engine::Graphviz {
                    timeout: Duration::from_secs(args.layout_timeout),
                },
            };
            let drawn = pictures::draw(&state, &opts, engine, ctx.load.progress);
            for line in &drawn.fallbacks {
                crate::error::stderr_line(format_args!("chainatlas: warning: {line}"));
            }
            drawn.pictures
        }
        _ => Vec::new(),
    };
    let input = ReportInput {
        report: &report,
        model: &s.model,
        pictures: &pictures,
    };
    let bytes = match args.format {
        Format::Md => Markdown.render(&input),
        Format::Json => to_json(&report).into_bytes(),
        Format::Html => Html.render(&input),
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

/// `--pair A,B`: exactly two non-empty city names.
fn parse_pair(spec: &str) -> Result<[String; 2], String> {
    let names: Vec<String> = spec
        .split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    <[String; 2]>::try_from(names)
        .map_err(|_| format!("{spec:?} must name exactly two cities, e.g. --pair Guangzhou,Foshan"))
}
