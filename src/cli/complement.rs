//! `chainatlas complement [DATASET] [--cities A,B | --a A --b B | --matrix] [--region R]
//! [--mode realised|structural] [--min-producers N] [--format table|json]`: how
//! complementary two cities (or two sets of cities) are — joint gain, location quotients,
//! functional specialisation, link intensity, similarity and outsourcing candidates — or a
//! ranking of every city pair of the region (see `analysis::complementarity`).

use std::process::ExitCode;

use super::common::RegionArgs;
use super::load_model;
use crate::analysis::complementarity::{self, Options, resolve_unit};
use crate::analysis::completeness::Mode;
use crate::error::Error;
use crate::model::{Model, Region};
use crate::output;
use crate::report::complement::{render_matrix, render_table};
use crate::report::to_json;

/// The pair compared when no side is named.
pub const DEFAULT_PAIR: (&str, &str) = ("Guangzhou", "Foshan");

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub region: RegionArgs,
    /// The two cities to compare, comma-separated [default: Guangzhou,Foshan]
    #[arg(long, value_name = "A,B", conflicts_with_all = ["a", "b", "matrix"])]
    pub cities: Option<String>,
    /// Side A: a region name or a comma list of cities (with --b)
    #[arg(long, value_name = "CITIES", requires = "b", conflicts_with = "matrix")]
    pub a: Option<String>,
    /// Side B: a region name or a comma list of cities (with --a)
    #[arg(long, value_name = "CITIES", requires = "a", conflicts_with = "matrix")]
    pub b: Option<String>,
    /// Rank every pair of cities of the region by joint gain instead
    #[arg(long)]
    pub matrix: bool,
    /// Closure mode: realised (local firms actually trade) or structural (producers exist)
    #[arg(long, value_enum, default_value_t = Mode::Realised)]
    pub mode: Mode,
    /// θ: producers a stage needs on a side to count as present
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_producers: u32,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// The validated sides before any data is read.
enum Plan {
    Pair {
        a: (String, String),
        b: (String, String),
    },
    Matrix,
}

fn plan(args: &Args) -> Result<Plan, Error> {
    if args.min_producers == 0 {
        return Err(Error::Usage("--min-producers must be at least 1".into()));
    }
    if args.matrix {
        return Ok(Plan::Matrix);
    }
    if let Some(cities) = &args.cities {
        let names: Vec<&str> = cities
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        return match names.as_slice() {
            [a, b] => Ok(Plan::Pair {
                a: ("--cities".into(), a.to_string()),
                b: ("--cities".into(), b.to_string()),
            }),
            _ => Err(Error::Usage(format!(
                "--cities {cities:?} must name exactly two cities (e.g. --cities Guangzhou,Foshan); use --a and --b for groups of cities"
            ))),
        };
    }
    Ok(match (&args.a, &args.b) {
        (Some(a), Some(b)) => Plan::Pair {
            a: ("--a".into(), a.clone()),
            b: ("--b".into(), b.clone()),
        },
        _ => Plan::Pair {
            a: ("--cities".into(), DEFAULT_PAIR.0.into()),
            b: ("--cities".into(), DEFAULT_PAIR.1.into()),
        },
    })
}

/// With `--cities`, each side must be one city (not a region name).
fn resolve_side(model: &Model, (flag, spec): &(String, String)) -> Result<Region, Error> {
    if flag == "--cities" && model.city(spec).is_none() {
        let mut cities: Vec<&str> = model.cities.iter().map(|c| c.id.as_str()).collect();
        cities.sort_unstable();
        let hint = crate::text::suggest::hint(spec, cities.iter().copied());
        return Err(Error::Usage(format!(
            "--cities: unknown city {spec:?}{hint}; cities: {}",
            cities.join(", ")
        )));
    }
    resolve_unit(model, flag, spec)
}

pub fn run(args: Args) -> Result<ExitCode, Error> {
    let plan = plan(&args)?;
    let opts = Options {
        mode: args.mode,
        min_producers: args.min_producers,
    };
    let model = load_model(&args.region.dataset.source())?;
    let region = Region::resolve(&model, args.region.region.as_deref())?;
    let text = match plan {
        Plan::Matrix => {
            let m = complementarity::matrix(&model, &region, &opts);
            match args.format {
                Format::Json => to_json(&m),
                Format::Table => render_matrix(&m),
            }
        }
        Plan::Pair { a, b } => {
            let a = resolve_side(&model, &a)?;
            let b = resolve_side(&model, &b)?;
            let c = complementarity::analyse(&model, &a, &b, &region, &opts)?;
            match args.format {
                Format::Json => to_json(&c),
                Format::Table => render_table(&c),
            }
        }
    };
    output::write_stdout(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
