//! `chainatlas export [DATASET] --format dot|graphml|json|csv [-o FILE]` with filters that
//! combine: `--layer` (repeatable), `--chain`, `--stage`, `--region`/`--city`,
//! `--around FIRM --depth K`, `--top N --by betweenness|criticality`, `--highlight
//! bottlenecks`, `--cluster auto|city|stage|none` (DOT; `export::dot` has the layout rule,
//! whose warnings go to stderr). See `export::view` for the order.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::common::{Context, DatasetArg, load_model, resolve_chains, resolve_region, with_flag};
use super::format::{Format, emit};
use crate::analysis::betweenness::BetweennessOptions;
use crate::analysis::connectivity::chain_connectivity;
use crate::analysis::metrics::{FirmMetrics, metrics};
use crate::error::Error;
use crate::export::dot::{Cluster, Dot};
use crate::export::graphml::GraphMl;
use crate::export::nodelink::NodeLink;
use crate::export::tables::{EdgeTable, NodeTable};
use crate::export::view::{Filters, GraphView, RankBy, select};
use crate::model::{Layer, Model, Vocabulary};
use crate::output::OutputSet;
use crate::text::Writer;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub dataset: DatasetArg,
    /// Output format (csv writes nodes.csv and edges.csv into the folder given by -o)
    #[arg(long, value_parser = Format::parser(&[Format::Dot, Format::Graphml, Format::Json, Format::Csv, Format::Dataset]))]
    pub format: Format,
    /// Output file (csv: a folder); stdout when omitted or `-` (not for csv)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only links of this layer (repeatable)
    #[arg(long = "layer", value_name = "L")]
    pub layers: Vec<String>,
    /// Only firms producing, or linked by, a stage of chain C
    #[arg(long, value_name = "C")]
    pub chain: Option<String>,
    /// Only firms producing, or linked by, stage chain/stage
    #[arg(long, value_name = "CHAIN/STAGE")]
    pub stage: Option<String>,
    /// Only firms in region R (a region name or comma list of cities); also the region
    /// whose local supply the metrics and highlights refer to [default: GBA]
    #[arg(long, value_name = "R", conflicts_with = "city")]
    pub region: Option<String>,
    /// Only firms in these cities (comma list)
    #[arg(long, value_name = "CITY")]
    pub city: Option<String>,
    /// Only firms within --depth links of FIRM (either direction)
    #[arg(long, value_name = "FIRM")]
    pub around: Option<String>,
    /// Neighbourhood depth for --around
    #[arg(long, default_value_t = 1, value_name = "K", requires = "around")]
    pub depth: usize,
    /// Keep the N highest-ranked firms (after the other filters)
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Ranking for --top
    #[arg(long, value_enum, default_value_t = RankByArg::Betweenness)]
    pub by: RankByArg,
    /// Draw closure-critical firms and minimum-cut firms distinctively
    #[arg(long, value_enum)]
    pub highlight: Option<Highlight>,
    /// DOT clusters (auto: by city when Graphviz lays them out quickly, else none)
    #[arg(long, value_enum, default_value_t = ClusterArg::Auto)]
    pub cluster: ClusterArg,
}

/// `--by`: what `--top` ranks by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RankByArg {
    Betweenness,
    Criticality,
}

impl From<RankByArg> for RankBy {
    fn from(r: RankByArg) -> RankBy {
        match r {
            RankByArg::Betweenness => RankBy::Betweenness,
            RankByArg::Criticality => RankBy::Criticality,
        }
    }
}

/// `--cluster`: how DOT groups nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClusterArg {
    Auto,
    City,
    Stage,
    None,
}

impl From<ClusterArg> for Cluster {
    fn from(c: ClusterArg) -> Cluster {
        match c {
            ClusterArg::Auto => Cluster::Auto,
            ClusterArg::City => Cluster::City,
            ClusterArg::Stage => Cluster::Stage,
            ClusterArg::None => Cluster::None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Highlight {
    Bottlenecks,
}

fn resolve_filters(model: &Model, args: &Args) -> Result<Filters, Error> {
    let mut filters = Filters::default();
    for name in &args.layers {
        let layer = Layer::parse(name).ok_or_else(|| {
            Error::Usage(format!(
                "--layer {name:?}: unknown layer; layers: {}",
                Layer::spellings().join(", ")
            ))
        })?;
        filters.layers.push(layer);
    }
    if let Some(c) = &args.chain {
        filters.chain = resolve_chains(model, std::slice::from_ref(c))?
            .first()
            .copied();
    }
    if let Some(s) = &args.stage {
        filters.stage = Some(model.stage(s).ok_or_else(|| {
            Error::Usage(format!(
                "--stage {s:?}: unknown stage (write chain/stage){}",
                crate::text::suggest::hint(s, model.stages.iter().map(|x| x.key.as_str()))
            ))
        })?);
    }
    let (flag, spec) = match (&args.region, &args.city) {
        (Some(r), _) => ("--region", Some(r.as_str())),
        (None, c) => ("--city", c.as_deref()),
    };
    if spec.is_some() {
        let region = resolve_region(model, flag, spec)?;
        filters.cities = Some(
            (0..model.cities.len() as u32)
                .map(|c| region.contains_city(c))
                .collect(),
        );
    }
    if let Some(id) = &args.around {
        let f = model.firm(id).ok_or_else(|| {
            Error::Usage(format!(
                "--around {id:?}: unknown firm id{}",
                crate::text::suggest::hint(id, model.firms.iter().map(|f| f.id.as_str()))
            ))
        })?;
        filters.around = Some((f, args.depth));
    }
    if let Some(n) = args.top {
        filters.top = Some((n, args.by.into()));
    }
    Ok(filters)
}

pub fn run(args: Args, ctx: &Context) -> Result<ExitCode, Error> {
    if matches!(args.format, Format::Csv | Format::Dataset)
        && args.output.as_ref().is_none_or(|p| p.as_os_str() == "-")
    {
        return Err(Error::Usage(format!(
            "--format {} writes several files: give a folder with -o DIR",
            if args.format == Format::Csv {
                "csv (nodes.csv and edges.csv)"
            } else {
                "dataset (the data-contract files)"
            }
        )));
    }
    let source = args.dataset.source();
    let model = load_model(ctx, &source)?;
    let region = resolve_region(&model, "--region", args.region.as_deref())?;
    let filters = resolve_filters(&model, &args)?;
    let local = region.local_firms(&model);

    // Metrics are node attributes in GraphML/JSON/CSV and the ranking for --top.
    let needs_metrics =
        args.format != Format::Dot || args.top.is_some() || args.highlight.is_some();
    let per_firm: Option<Vec<Option<FirmMetrics>>> = needs_metrics.then(|| {
        let samples = (model.firms.len() > super::metrics::EXACT_LIMIT)
            .then_some(super::metrics::DEFAULT_SAMPLES);
        let opts = BetweennessOptions {
            samples,
            seed: 42,
            exact_limit: usize::MAX,
        };
        let m = metrics(&model, &region, false, &opts);
        let mut out: Vec<Option<FirmMetrics>> = vec![None; model.firms.len()];
        for row in m.firms {
            if let Some(f) = model.firm(&row.id) {
                out[f as usize] = Some(row);
            }
        }
        out
    });
    // The only error: the --around firm is excluded by the other filters.
    let (nodes, edges) =
        select(&model, &filters, per_firm.as_deref()).map_err(|e| with_flag("--around", e))?;
    let mut highlight = vec![false; model.firms.len()];
    if args.highlight == Some(Highlight::Bottlenecks) {
        if let Some(m) = &per_firm {
            for (f, row) in m.iter().enumerate() {
                highlight[f] = row
                    .as_ref()
                    .is_some_and(|r| r.closure_critical_products > 0);
            }
        }
        for c in 0..model.chains.len() as u32 {
            for id in chain_connectivity(&model, &local, c).cut {
                if let Some(f) = model.firm(&id) {
                    highlight[f as usize] = true;
                }
            }
        }
    }
    let view = GraphView {
        model: &model,
        nodes,
        edges,
        local,
        metrics: per_firm,
        highlight,
        title: format!("chainatlas: {} (region {})", model.origin, region.name),
    };
    let inputs = source.input_paths();
    let target = args.output.as_deref();
    // dot, graphml and json are one file (or stdout); csv and dataset several files into
    // the folder given by -o.
    let files: Vec<(&str, Vec<u8>)> = match args.format {
        Format::Dot => {
            let dot = Dot {
                cluster: args.cluster.into(),
            };
            for warning in dot.plan(&view).warnings {
                crate::error::stderr_line(format_args!("chainatlas: warning: {warning}"));
            }
            return one_file(args.format, dot.render(&view), target, &inputs);
        }
        Format::Graphml => return one_file(args.format, GraphMl.render(&view), target, &inputs),
        Format::Json => return one_file(args.format, NodeLink.render(&view), target, &inputs),
        Format::Csv => vec![
            ("nodes.csv", NodeTable.render(&view)),
            ("edges.csv", EdgeTable.render(&view)),
        ],
        Format::Dataset => crate::export::dataset::files(&view),
        other => return Err(other.unsupported()),
    };
    // One set: swapped in whole once every file is written (see `output::OutputSet`).
    let dir = target.unwrap_or(Path::new("."));
    let mut set = OutputSet::begin(dir, &inputs).map_err(|e| Error::io(dir, e))?;
    for (name, bytes) in files {
        set.write_bytes(name, &bytes)
            .map_err(|e| Error::io(dir.join(name), e))?;
    }
    set.commit().map_err(|e| Error::io(dir, e))?;
    Ok(ExitCode::SUCCESS)
}

/// Emits a one-file format to stdout or `-o FILE`.
fn one_file(
    format: Format,
    bytes: Vec<u8>,
    target: Option<&Path>,
    inputs: &[PathBuf],
) -> Result<ExitCode, Error> {
    emit(format, bytes, target, inputs)?;
    Ok(ExitCode::SUCCESS)
}
