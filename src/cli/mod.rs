//! Command-line interface: the clap definition and dispatch. The library's only public
//! item here is [`main`], which the `chainatlas` binary calls. One subcommand per file, each
//! with its `Args` and `run`; this module only parses and dispatches. What subcommands
//! share is in `common` (arguments, loading, the run `Context`) and `format` (the one
//! `Format` type and the one `emit` path).

mod bottlenecks;
mod check;
mod common;
mod complement;
mod completeness;
mod export;
mod format;
mod fusion;
mod gaps;
mod generate;
mod import;
mod import_io;
mod init;
mod map;
mod metrics;
mod report;
mod simulate;
mod summary;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use common::Context;

use crate::error::Error;
use crate::load::LoadOptions;
use crate::progress::Progress;

/// chainatlas — is the industrial chain complete here, where does it break, who holds it
/// together? Models a region's industrial chains (product, supply, innovation and value
/// chains) as a graph and answers the questions regional-industry analysts ask.
///
/// The analyses read a dataset folder (chains.csv, firms.csv, links.csv; optional
/// cities.csv, absences.csv and report.toml); without DATASET they use the Greater Bay Area
/// dataset built into the binary. `init`, `import` and `import-io` write a dataset folder.
///
/// Exit codes: 0 success; 1 the data has errors; 2 usage or I/O error.
#[derive(Debug, Parser)]
#[command(name = "chainatlas", version, about, long_about)]
pub(crate) struct Cli {
    /// The subcommand and its arguments.
    #[command(subcommand)]
    pub command: Command,
    /// No progress spinners on stderr (they are never shown when stderr is not a terminal)
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Skip the check that the dataset plausibly fits in available memory
    #[arg(long, global = true)]
    pub no_memory_check: bool,
}

/// The subcommands; each variant's doc is its one-line `--help` summary.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Validate a dataset: list every error and warning with file, line and column.
    Check(check::Args),
    /// Counts: firms per city and chain, links per layer, evidence mix, template sizes.
    Summary(summary::Args),
    /// Is each chain complete in the region? Coverage, closure, breakpoints, sourcing.
    Completeness(completeness::Args),
    /// Where chains break: breakpoints, blockages with candidate pairs, shortlist.
    Gaps(gaps::Args),
    /// Which single firms and groups hold the chains together: concentration (by firm and by
    /// group), closure-critical firms and groups, dominators, vertex connectivity.
    Bottlenecks(bottlenecks::Args),
    /// One row per firm: degrees, betweenness, articulation points, bridges, dominators,
    /// closure-criticality.
    Metrics(metrics::Args),
    /// What if firms, a city, a region or a layer drop out? Completeness before and after.
    Simulate(simulate::Args),
    /// How complementary are two cities (default: report.toml's pair; Guangzhou and Foshan
    /// on the GBA data)? Or all pairs.
    Complement(complement::Args),
    /// Do the article's four chains (value, supply, innovation, product) work as one system?
    /// Capital links are shown as a fifth layer, not counted.
    Fusion(fusion::Args),
    /// The firm graph as DOT, GraphML, node-link JSON or CSV tables, with filters.
    Export(export::Args),
    /// The stage-level chain map (产业链图谱) coloured by status, as DOT or SVG.
    Map(map::Args),
    /// The analyst's report: verdict on "a complete chain", then a section per chain.
    Report(report::Args),
    /// Write a synthetic dataset (deterministic for a seed), up to millions of firms.
    Generate(generate::Args),
    /// Start a dataset of your own: a small valid example of every file, with a README.
    Init(init::Args),
    /// Make a dataset from firm and link lists as exported (CSV, TSV, XLSX; Chinese headers,
    /// 万/亿 numbers, GBK text), with a map file for stages; writes an import log.
    Import(import::Args),
    /// Turn an input-output flow matrix into a dataset: one actor per region × sector.
    ImportIo(import_io::Args),
}

/// Parses arguments and runs; returns the exit code (errors are printed here).
pub fn main() -> ExitCode {
    crate::error::exit_2_on_print_failure();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            crate::error::stderr_line(format_args!("chainatlas: error: {e}"));
            ExitCode::from(e.exit_code())
        }
    }
}

/// Runs a parsed command line; the global flags become the run's [`Context`].
pub(crate) fn run(cli: Cli) -> Result<ExitCode, Error> {
    let ctx = Context {
        load: LoadOptions {
            progress: Progress::quiet(cli.quiet),
            memory_check: !cli.no_memory_check,
        },
    };
    let ctx = &ctx;
    match cli.command {
        Command::Check(args) => check::run(args, ctx),
        Command::Summary(args) => summary::run(args, ctx),
        Command::Generate(args) => generate::run(args),
        Command::Init(args) => init::run(args),
        Command::Import(args) => import::run(args),
        Command::ImportIo(args) => import_io::run(args),
        Command::Completeness(args) => completeness::run(args, ctx),
        Command::Report(args) => report::run(args, ctx),
        Command::Gaps(args) => gaps::run(args, ctx),
        Command::Bottlenecks(args) => bottlenecks::run(args, ctx),
        Command::Simulate(args) => simulate::run(args, ctx),
        Command::Metrics(args) => metrics::run(args, ctx),
        Command::Complement(args) => complement::run(args, ctx),
        Command::Fusion(args) => fusion::run(args, ctx),
        Command::Map(args) => map::run(args, ctx),
        Command::Export(args) => export::run(args, ctx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
