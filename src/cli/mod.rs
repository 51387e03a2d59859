//! Command-line interface: the clap definition and dispatch. One subcommand per file, each
//! with its `Args` and `run`; this module only parses and dispatches, and holds the few
//! helpers every subcommand shares (loading a dataset, resolving a region).

mod bottlenecks;
mod check;
mod common;
mod complement;
mod completeness;
mod export;
mod fusion;
mod gaps;
mod generate;
mod map;
pub mod metrics;
mod report;
mod simulate;
mod summary;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Error;
use crate::load::{self, DatasetSource, Severity};
use crate::model::Model;

/// chainatlas — is the industrial chain complete here, where does it break, who holds it
/// together? Models a region's industrial chains (product, supply, innovation and value
/// chains) as a graph and answers the questions regional-industry analysts ask.
///
/// Every command reads a dataset folder (cities.csv, chains.csv, firms.csv, links.csv);
/// without DATASET it uses the Greater Bay Area dataset built into the binary.
///
/// Exit codes: 0 success; 1 the data has errors; 2 usage or I/O error.
#[derive(Debug, Parser)]
#[command(name = "chainatlas", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// No progress spinners on stderr (they are never shown when stderr is not a terminal)
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Skip the check that the dataset plausibly fits in available memory
    #[arg(long, global = true)]
    pub no_memory_check: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a dataset: list every error and warning with file, line and column.
    Check(check::Args),
    /// Counts: firms per city and chain, links per layer, evidence mix, template sizes.
    Summary(summary::Args),
    /// Is each chain complete in the region? Coverage, closure, breakpoints, sourcing.
    Completeness(completeness::Args),
    /// Where chains break: breakpoints, blockages with candidate pairs, shortlist.
    Gaps(gaps::Args),
    /// Which single firms hold the chains together: concentration, closure-critical firms,
    /// dominators, vertex connectivity.
    Bottlenecks(bottlenecks::Args),
    /// One row per firm: degrees, betweenness, articulation points, bridges, dominators,
    /// closure-criticality.
    Metrics(metrics::Args),
    /// What if firms, a city, a region or a layer drop out? Completeness before and after.
    Simulate(simulate::Args),
    /// How complementary are two cities (default Guangzhou and Foshan)? Or all pairs.
    Complement(complement::Args),
    /// Do the supply, value, innovation and capital chains work as one system?
    Fusion(fusion::Args),
    /// The firm graph as DOT, GraphML, node-link JSON or CSV tables, with filters.
    Export(export::Args),
    /// The stage-level chain map (产业链图谱) coloured by status, as DOT or SVG.
    Map(map::Args),
    /// The analyst's report: verdict on "a complete chain", then a section per chain.
    Report(report::Args),
    /// Write a synthetic dataset (deterministic for a seed), up to millions of firms.
    Generate(generate::Args),
}

/// Positional DATASET argument shared by every command that reads data.
#[derive(Debug, clap::Args)]
pub struct DatasetArg {
    /// Dataset folder holding cities.csv, chains.csv, firms.csv, links.csv
    /// [default: the embedded GBA dataset]
    #[arg(value_name = "DATASET")]
    pub dataset: Option<PathBuf>,
    /// Character encoding of the dataset's files, e.g. gb18030 (GBK), latin1, utf-16le
    /// [default: utf-8, with or without BOM]
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl DatasetArg {
    pub fn source(&self) -> DatasetSource {
        let source = DatasetSource::from_arg(self.dataset.as_deref());
        match self.encoding {
            Some(e) => source.with_encoding(e),
            None => source,
        }
    }
}

/// An encoding label as the WHATWG Encoding Standard names them (`gb18030`, `gbk`,
/// `latin1`, `utf-16le`, …).
fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        format!("unknown encoding {label:?}; try utf-8, gb18030, gbk, big5, latin1, utf-16le or utf-16be")
    })
}

/// Parses arguments and runs; returns the exit code (errors are printed here).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("chainatlas: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    crate::progress::set_quiet(cli.quiet);
    crate::load::set_memory_check(!cli.no_memory_check);
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Summary(args) => summary::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Completeness(args) => completeness::run(args),
        Command::Report(args) => report::run(args),
        Command::Gaps(args) => gaps::run(args),
        Command::Bottlenecks(args) => bottlenecks::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Metrics(args) => metrics::run(args),
        Command::Complement(args) => complement::run(args),
        Command::Fusion(args) => fusion::run(args),
        Command::Map(args) => map::run(args),
        Command::Export(args) => export::run(args),
    }
}

/// Loads a dataset for an analysis. With errors, prints them all to stderr and fails
/// with exit code 1 (run `check` for the full list with warnings).
pub fn load_model(source: &DatasetSource) -> Result<Model, Error> {
    let loaded = load::load(source)?;
    let errors = loaded.errors();
    match loaded.model {
        Some(model) => Ok(model),
        None => {
            for p in loaded
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
            {
                eprintln!("{p}");
            }
            Err(Error::InvalidData(format!(
                "{}: the dataset has {errors} error{}; fix them first (`chainatlas check` lists warnings too)",
                source.display(),
                if errors == 1 { "" } else { "s" }
            )))
        }
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
