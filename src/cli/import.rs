//! `chainatlas import --firms F [--links F] [--chains F] [--cities F] [--map MAP.toml] -o DIR`:
//! reads the tables (CSV, TSV, XLSX …), maps them through `crate::import`, and writes the
//! dataset folder with its import log as one set ([`OutputSet`]): on any error nothing is
//! written, and a folder that already holds files is refused, as `init` refuses it.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::error::Error;
use crate::import::{Inputs, Severity, import};
use crate::output::OutputSet;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Firm list: CSV, TSV or other delimited text (delimiter sniffed; UTF-8 or GB18030/GBK),
    /// or a spreadsheet (XLSX, XLS, XLSB, ODS: the first sheet, or the map's `sheet`)
    #[arg(long, value_name = "FILE")]
    pub firms: PathBuf,
    /// Link list (supplier, customer, amount …); without it links.csv has its header only
    #[arg(long, value_name = "FILE")]
    pub links: Option<PathBuf>,
    /// Chain template (chain, stage, label, tier, inputs); without it chains.csv is made
    /// from the map's [[stage]] entries
    #[arg(long, value_name = "FILE")]
    pub chains: Option<PathBuf>,
    /// City list (city, name_zh, region, country, lat, lon); without it no cities.csv is
    /// written and the firms' cities are Chinese names without 市
    #[arg(long, value_name = "FILE")]
    pub cities: Option<PathBuf>,
    /// Map file (TOML): column mappings, defaults, and [[stage]] rules mapping industry codes
    /// and keywords in 国标行业 / 经营范围 to chain/stage
    #[arg(long, value_name = "MAP.toml")]
    pub map: Option<PathBuf>,
    /// Dataset folder to create (must be missing or empty)
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let dir = &args.output;
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(Error::Usage(format!(
            "{}: the folder is not empty; import writes only into a missing or empty folder (nothing was written)",
            dir.display()
        )));
    }
    let inputs = Inputs {
        firms: args.firms,
        links: args.links,
        chains: args.chains,
        cities: args.cities,
        map: args.map,
    };
    let outcome = import(&inputs);
    for problem in outcome.problems.sorted() {
        crate::error::stderr_line(format_args!("{problem}"));
    }
    let errors = outcome
        .problems
        .list
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    if errors > 0 {
        return Err(Error::InvalidData(format!(
            "import stopped: {errors} error{}; nothing was written to {}",
            if errors == 1 { "" } else { "s" },
            dir.display()
        )));
    }
    let mut set = OutputSet::begin(dir, &inputs.paths()).map_err(|e| Error::io(dir, e))?;
    for (name, bytes) in &outcome.files {
        set.write_bytes(name, bytes)
            .map_err(|e| Error::io(dir.join(name), e))?;
    }
    set.commit().map_err(|e| Error::io(dir, e))?;
    crate::error::stderr_line(format_args!(
        "wrote {}: {}; what was mapped and dropped is in {}; next: chainatlas check {}",
        dir.display(),
        outcome.summary,
        dir.join(crate::import::LOG_FILE).display(),
        dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}
