//! `chainatlas import-io --z Z.csv [--gross-output X.csv] [--threshold T] [--tiers F]
//! [--unit U] [--source TEXT] [--country C] -o DIR`: an input-output flow matrix becomes a
//! dataset (see `iotable`). Reads the files, converts, and writes the dataset as one set
//! ([`OutputSet`]): whole or not at all; a folder that already holds anything is refused.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::error::Error;
use crate::iotable::{self, DEFAULT_THRESHOLD, Input, Inputs, Options};
use crate::output::OutputSet;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The flow matrix Z: CSV, first row and first column REGION/SECTOR labels (same set,
    /// matched by label), rows suppliers, columns buyers
    #[arg(long, value_name = "Z.csv")]
    pub z: PathBuf,
    /// Gross output per label: CSV with a header row, then label,value (default: the column
    /// sums of Z)
    #[arg(long, value_name = "X.csv")]
    pub gross_output: Option<PathBuf>,
    /// T: the input share z_ij / Σ_i z_ij a flow needs to become a supply link (and a sector
    /// coefficient to become a template edge), 0 to 1
    #[arg(long, value_name = "T", default_value_t = DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Sector tiers: CSV with header sector,tier (sectors not named are final_product)
    #[arg(long, value_name = "F")]
    pub tiers: Option<PathBuf>,
    /// The table's unit (e.g. "CNY million", "Mill USD"), written to the import log and
    /// report.toml
    #[arg(long, value_name = "U")]
    pub unit: Option<String>,
    /// Citation of the table, in every row's source / source_ref [default: "input-output
    /// table" and Z's file name]
    #[arg(long, value_name = "TEXT")]
    pub source: Option<String>,
    /// Country of every region (e.g. China for a table of provinces) [default: each region
    /// is its own country]
    #[arg(long, value_name = "C")]
    pub country: Option<String>,
    /// Folder to create (must be missing or empty)
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    super::common::refuse_non_empty(&args.output, "import-io")?;
    let z = read(&args.z)?;
    let x = args.gross_output.as_deref().map(read).transpose()?;
    let tiers = args.tiers.as_deref().map(read).transpose()?;
    let names = [
        args.z.display().to_string(),
        args.gross_output
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        args.tiers
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
    ];
    let inputs = Inputs {
        z: Input {
            name: &names[0],
            bytes: &z,
        },
        gross_output: x.as_deref().map(|bytes| Input {
            name: &names[1],
            bytes,
        }),
        tiers: tiers.as_deref().map(|bytes| Input {
            name: &names[2],
            bytes,
        }),
    };
    let options = Options {
        threshold: args.threshold,
        unit: args.unit.clone(),
        source: args.source.clone(),
        country: args.country.clone(),
    };
    let dataset = iotable::import(&inputs, &options)
        .map_err(|e| Error::Usage(format!("{e} (nothing was written)")))?;
    let sources: Vec<PathBuf> = [
        Some(&args.z),
        args.gross_output.as_ref(),
        args.tiers.as_ref(),
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    let mut set =
        OutputSet::begin(&args.output, &sources).map_err(|e| Error::io(&args.output, e))?;
    for (name, text) in &dataset.files {
        set.write_bytes(name, text.as_bytes())
            .map_err(|e| Error::io(args.output.join(name), e))?;
    }
    set.commit().map_err(|e| Error::io(&args.output, e))?;
    crate::error::stderr_line(format_args!(
        "wrote {}: {}; next: chainatlas check {}",
        args.output.display(),
        dataset.summary,
        args.output.display()
    ));
    Ok(ExitCode::SUCCESS)
}
